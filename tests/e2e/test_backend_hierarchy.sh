#!/bin/sh
# The hierarchy built by the model (Clio's method) through the fake server's oracle: every
# level above the leaves is the model's and the snapshot says so; a rerun asks nothing
# (the cache); a model that misbehaves (no JSON, a parent not on the list, far too many
# proposals, every child under one parent, a child left out of a batch's answer or answered
# twice) is asked once more, for the failed children only, then the level is built by the
# deterministic method — the same tree an offline run builds — recorded, and the requested
# shape is kept; one bad answer put right on the re-ask keeps the model's level. Children
# are placed 20 a question.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

N=1200
"$KLEIO" synth -q -n $N --seed 5 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$T/base.db" "$T/c.jsonl"
export ANTHROPIC_API_KEY=sk-kleio-hier
P="--k 40 --levels 3 --top 10 --min-users 3 --min-conversations 5 --seed 5"
meta() { sqlite3 "$1" "SELECT value FROM meta WHERE key = '$2'"; }
reqs() { head -1 "$T/stats" | cut -d" " -f2; }
shape() { sqlite3 "$1" "SELECT group_concat(n, ' ') FROM (SELECT count(*) AS n FROM run_clusters GROUP BY level ORDER BY level)"; }
parents() { sqlite3 "$1" "SELECT group_concat(level || ':' || idx || '>' || parent, ' ') FROM (SELECT * FROM run_clusters WHERE parent IS NOT NULL ORDER BY level, idx)"; }
# purity WORK: the share of conversations (1/1000) in the commonest category of their top
# cluster, the category read from the oracle's summaries ("..., in <category>.").
purity() {
    sqlite3 "$1" "
  WITH cat AS (SELECT a.leaf, substr(f.summary, instr(f.summary, ', in ') + 5) AS c
               FROM run_assign a JOIN facets f ON f.conv = a.conv),
       top AS (SELECT l0.idx AS leaf, l1.parent AS t FROM run_clusters l0
               JOIN run_clusters l1 ON l1.level = 1 AND l1.idx = l0.parent WHERE l0.level = 0),
       n AS (SELECT t, c, count(*) AS k FROM cat JOIN top USING (leaf) GROUP BY t, c),
       best AS (SELECT t, max(k) AS k FROM n GROUP BY t)
  SELECT (SELECT sum(k) FROM best) * 1000 / (SELECT count(*) FROM run_assign)"
}
# arun WORK OUT LOG [OPTION...]: kleio run through the fake server.
# shellcheck disable=SC2086
arun() {
    w=$1 o=$2 l=$3
    shift 3
    "$KLEIO" run --work "$w" --out "$o" --backend anthropic --base-url "http://127.0.0.1:$PORT" \
        --concurrency 8 $P "$@" >"$l" 2>&1
}
# again WORK: the names (and the model hierarchy) to be redone, with nothing in the cache.
again() { sqlite3 "$1" "DELETE FROM model_cache; DELETE FROM run_stages WHERE name IN ('name', 'layout', 'privacy')"; }

start_fake --oracle-n $N --oracle-seed 5 --oracle-domain --stats "$T/stats"
cp "$T/base.db" "$T/w.db"
arun "$T/w.db" "$T/s.db" "$T/run.log"
check "kleio run with a model publishes" test -s "$T/s.db"
check_grep "the oracle answered every conversation" 'oracle found [1-9][0-9]* missed 0$' "$T/stats"
meta "$T/s.db" hierarchy >"$T/s.meta"
split='( \([^()]*\))*'
check_grep "the snapshot says the model built both levels" \
    "^claude-3-5-haiku-latest: 2 of 2 levels by the model; level 1 model$split, level 2 model$split\$" "$T/s.meta"
check_grep "the name stage's line says so" "hierarchy by claude-3-5-haiku-latest: level 1 model$split, level 2 model$split; " "$T/run.log"
# reasks LOG: the re-asks the hierarchy counted.
reasks() { sed -n 's/.*hierarchy by [^;]* (\([0-9]*\) re-asks);.*/\1/p' "$1"; }
good_shape=$(shape "$T/w.db")
check "the requested shape: 40 leaves, 20 and 10 parents ($good_shape)" test "$good_shape" = "40 20 10"
check "every parent has a child" test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM run_clusters p WHERE level > 0 AND NOT EXISTS (SELECT 1 FROM run_clusters c WHERE c.level = p.level - 1 AND c.parent = p.idx)")" -eq 0
# A parent with a single child (a topic kept apart, or a split): kept, and read by kleio tree
# as its child's whole share.
lone=$(sqlite3 "$T/w.db" "SELECT count(*) FROM run_clusters p WHERE level > 0 AND (SELECT count(*) FROM run_clusters c WHERE c.level = p.level - 1 AND c.parent = p.idx) = 1")
check "the model's tree has parents with a single child ($lone)" test "$lone" -gt 0
"$KLEIO" tree "$T/s.db" >"$T/tree.txt" 2>&1
check "kleio tree reads it" test $? -eq 0
check_grep "a single child is its parent's whole share" '^ .* 100\.0% ' "$T/tree.txt"
# The oracle's summaries end in ", in <category>.": the top level should follow them.
pure=$(purity "$T/w.db")

before=$(reqs)
sqlite3 "$T/w.db" "DELETE FROM run_stages WHERE name IN ('name', 'layout', 'privacy')"
arun "$T/w.db" "$T/s2.db" "$T/rerun.log"
check "a rerun of the hierarchy sends nothing: every answer is in the cache ($before, then $(reqs) requests)" \
    test "$(reqs)" -eq "$before"
check "and builds the same tree" test "$(meta "$T/s2.db" hierarchy)" = "$(meta "$T/s.db" hierarchy)"

# The deterministic tree on the same leaves, for the fallbacks to be compared with.
cp "$T/w.db" "$T/off.db"
# shellcheck disable=SC2086
"$KLEIO" run --work "$T/off.db" --out "$T/off-s.db" $P >"$T/off.log" 2>&1
det=$(parents "$T/off.db")
check "the offline run records no model hierarchy" test -z "$(meta "$T/off-s.db" hierarchy)"

# --hierarchy deterministic with the model backend: the offline tree, said in the params.
cp "$T/w.db" "$T/det.db"
arun "$T/det.db" "$T/det-s.db" "$T/det.log" --hierarchy deterministic
check "--hierarchy deterministic publishes" test -s "$T/det-s.db"
check "the tree is the deterministic one" test "$(parents "$T/det.db")" = "$det"
check "no model hierarchy is recorded" test -z "$(meta "$T/det-s.db" hierarchy)"
check "nor said in the log" test "$(grep -c "hierarchy by" "$T/det.log")" -eq 0
check "the params record the method" \
    test "$(sqlite3 "$T/det-s.db" "SELECT json_extract(value, '$.hierarchy') FROM meta WHERE key = 'params'")" = deterministic
arun "$T/det.db" "$T/det2-s.db" "$T/det2.log" --hierarchy model
check "back to --hierarchy model: the model's tree again" test "$(parents "$T/det.db")" = "$(parents "$T/w.db")"
check "and its record" test "$(meta "$T/det2-s.db" hierarchy)" = "$(meta "$T/s.db" hierarchy)"

for kind in json unknown many lonely missing twice; do
    start_fake --oracle-n $N --oracle-seed 5 --oracle-domain --hier-bad $kind
    cp "$T/w.db" "$T/$kind.db"
    again "$T/$kind.db"
    arun "$T/$kind.db" "$T/$kind-s.db" "$T/$kind.log"
    check "$kind: the run publishes" test -s "$T/$kind-s.db"
    meta "$T/$kind-s.db" hierarchy >"$T/$kind.meta"
    check_grep "$kind: both levels fell back, recorded in the snapshot" \
        '^claude-3-5-haiku-latest: 0 of 2 levels by the model; level 1 deterministic \(.*\), level 2 deterministic \(.*\)$' "$T/$kind.meta"
    check_grep "$kind: and said in the log" 'hierarchy: level 1 by the deterministic method: ' "$T/$kind.log"
    check "$kind: the requested shape is kept" test "$(shape "$T/$kind.db")" = "$good_shape"
    check "$kind: the tree is the deterministic one" test "$(parents "$T/$kind.db")" = "$det"
done
check_grep "an unknown parent is named in the reason" 'is not one of the parent groups listed' "$T/unknown.log"
check_grep "bad JSON is the reason" 'not a JSON object with a' "$T/json.log"
check_grep "too many proposals are the reason" 'proposes [0-9]* parents, more than' "$T/many.log"
check_grep "parents without children are the reason" 'parents have a child' "$T/lonely.log"
check_grep "a child left out is the reason" '1 child\(ren\) not placed: 1 group\(s\) missing' "$T/missing.log"
check_grep "a child answered twice is the reason" '1 child\(ren\) not placed: 1 group\(s\) answered twice' "$T/twice.log"

start_fake --oracle-n $N --oracle-seed 5 --oracle-domain --hier-bad-first unknown
cp "$T/w.db" "$T/first.db"
again "$T/first.db"
arun "$T/first.db" "$T/first-s.db" "$T/first.log"
check "a bad first answer put right on the re-ask keeps the model's levels" \
    test "$(meta "$T/first-s.db" hierarchy)" = "$(meta "$T/s.db" hierarchy)"
check "every batch was asked again once: $(reasks "$T/first.log") re-asks, $(reasks "$T/run.log") without the bad answers" \
    test "$(reasks "$T/first.log")" -eq $(($(reasks "$T/run.log") + 2 + 1))

# A batch's answer that leaves a child out: the re-ask names that child alone, and the
# children placed by the first answer are kept.
start_fake --oracle-n $N --oracle-seed 5 --oracle-domain --hier-bad-first missing
cp "$T/w.db" "$T/mfirst.db"
again "$T/mfirst.db"
arun "$T/mfirst.db" "$T/mfirst-s.db" "$T/mfirst.log"
check "a child left out and placed on the re-ask keeps the model's levels and tree" \
    test "$(meta "$T/mfirst-s.db" hierarchy)" = "$(meta "$T/s.db" hierarchy)" -a "$(parents "$T/mfirst.db")" = "$(parents "$T/w.db")"

# Top-level purity against the oracle's categories, model against deterministic.
pure_det=$(purity "$T/off.db")
check "the top level follows the categories better than the deterministic one ($pure against $pure_det, 1/1000)" \
    test "$pure" -gt "$pure_det"
# 17 categories for 10 top parents: the oracle's merged list is too long, so the merge of
# the top level's proposals falls back to similar names, and says so.
check_grep "a merge the model gives too long falls back to similar names, recorded" \
    'level 2 model \(proposals merged by similar names: it gives [0-9]+ parents, more than 10\)' "$T/s.meta"
# The answers cached for the re-asks: one child each (the one left out), a question per batch.
one=$(sqlite3 "$T/mfirst.db" "SELECT count(*) FROM model_cache WHERE response LIKE '%\"assignments\"%' AND response NOT LIKE '%\"group\":2%'")
check "the re-asks named the child left out alone ($one answers of one child, 3 batches)" test "$one" -eq 3
