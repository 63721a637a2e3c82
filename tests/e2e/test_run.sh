#!/bin/sh
# test_run.sh — kleio run end to end on a small synthetic corpus: it publishes a snapshot
# kleio tree reads; stages resume and rerun only what a changed parameter touches; the
# result does not depend on input order; thresholds hold; no id or summary is published;
# export assignments; bad usage.
. "$KLEIO_ROOT/tests/lib.sh"

"$KLEIO" synth -q -n 2000 --seed 3 -o "$T/corpus.jsonl"
check "ingest the corpus" "$KLEIO" ingest -q --work "$T/w.db" "$T/corpus.jsonl"
RUN="--min-users 5 --min-conversations 10 --leaf-size 40 --seed 2"
# shellcheck disable=SC2086
check "run publishes a snapshot" "$KLEIO" run --work "$T/w.db" --out "$T/s.db" $RUN
cp "$T/.out" "$T/run.err"
check "kleio tree reads it" "$KLEIO" tree "$T/s.db"
"$KLEIO" export assignments --work "$T/w.db" >"$T/a1.tsv"
"$KLEIO" tree "$T/s.db" --format json | grep -v '"snapshot":' >"$T/tree1.json"
check_grep "the tree has named clusters" '"name": "[^"]+' "$T/tree1.json"
for stage in embed cluster hierarchy name layout privacy publish; do
    check_grep "$stage printed its summary" "^kleio: $stage: .*\([0-9.]+s\)$" "$T/run.err"
done
ls -a "$T" >"$T/files"
check_no_grep "no temporary file left beside the snapshot" 's\.db\.tmp' "$T/files"

# A rerun with the same parameters skips every stage.
# shellcheck disable=SC2086
"$KLEIO" run --work "$T/w.db" --out "$T/s.db" $RUN 2>"$T/rerun.err"
for stage in embed cluster hierarchy name layout privacy; do
    check_grep "rerun skips $stage" "^kleio: $stage: up to date" "$T/rerun.err"
done
check_grep "rerun leaves the snapshot alone" "publish: .* is up to date" "$T/rerun.err"

# A changed threshold reruns naming and privacy, not the embedding or clustering.
"$KLEIO" run --work "$T/w.db" --out "$T/s.db" --min-users 6 --min-conversations 10 \
    --leaf-size 40 --seed 2 2>"$T/change.err"
check_grep "new threshold: embed kept" "^kleio: embed: up to date" "$T/change.err"
check_grep "new threshold: cluster kept" "^kleio: cluster: up to date" "$T/change.err"
check_no_grep "new threshold: privacy reran" "^kleio: privacy: up to date" "$T/change.err"
check "meta records the new threshold" sh -c "sqlite3 '$T/s.db' \"SELECT value FROM meta WHERE key='min_users'\" | grep -qx 6"
# A changed leaf size reruns clustering and what follows, not the embedding.
"$KLEIO" run --work "$T/w.db" --out "$T/s.db" --min-users 6 --min-conversations 10 \
    --leaf-size 60 --seed 2 2>"$T/leaf.err"
check_grep "new leaf size: embed kept" "^kleio: embed: up to date" "$T/leaf.err"
check_grep "new leaf size: cluster reran" "^kleio: cluster: [0-9]+ leaves" "$T/leaf.err"

# Thresholds: nothing published below them, suppressed cells carry no figures.
check "no cluster below the thresholds" sh -c \
    "test \"\$(sqlite3 '$T/s.db' 'SELECT count(*) FROM clusters WHERE users < 6 OR conversations < 10')\" = 0"
check "no unsuppressed cell below the thresholds" sh -c \
    "test \"\$(sqlite3 '$T/s.db' 'SELECT count(*) FROM cluster_lang WHERE suppressed = 0 AND (users < 6 OR conversations < 10)')\" = 0"
check "suppressed cells have no figures" sh -c \
    "test \"\$(sqlite3 '$T/s.db' 'SELECT count(*) FROM cluster_time WHERE suppressed = 1 AND conversations IS NOT NULL')\" = 0"
check "provenance in meta" sh -c \
    "sqlite3 '$T/s.db' \"SELECT key FROM meta\" | grep -c -x -e backend -e params -e input_conversations -e suppressed_cells -e work_db -e created_at -e density_grid -e time_bucket | grep -qx 8"

# Neither conversation ids, user ids nor summaries anywhere in the file's bytes.
grep -o '"id": *"[^"]*"' "$T/corpus.jsonl" | sed 's/.*"\([^"]*\)"$/\1/' | head -300 >"$T/needles"
grep -o '"user_id": *"[^"]*"' "$T/corpus.jsonl" | sed 's/.*"\([^"]*\)"$/\1/' | sort -u | head -300 >>"$T/needles"
"$KLEIO" export facets --work "$T/w.db" | cut -f6 | tail -n +2 | awk 'length($0) > 25' | head -300 >>"$T/needles"
check "the needles are real" test "$(wc -l <"$T/needles")" -gt 500
if grep -a -F -q -f "$T/needles" "$T/s.db"; then
    not_ok "snapshot bytes hold no id, user id or summary" "$(grep -a -F -o -f "$T/needles" "$T/s.db" | head -3)"
else
    ok "snapshot bytes hold no id, user id or summary"
fi

# Independent of input order: the same corpus shuffled gives the same tree.
awk 'BEGIN { srand(11) } { print rand() "\t" $0 }' "$T/corpus.jsonl" | sort | cut -f2- >"$T/shuffled.jsonl"
"$KLEIO" ingest -q --work "$T/w2.db" "$T/shuffled.jsonl"
# shellcheck disable=SC2086
check "run on the shuffled corpus" "$KLEIO" run -q --work "$T/w2.db" --out "$T/s2.db" $RUN
"$KLEIO" tree "$T/s2.db" --format json | grep -v '"snapshot":' >"$T/tree2.json"
check "shuffled input, same tree" cmp "$T/tree1.json" "$T/tree2.json"
"$KLEIO" export assignments --work "$T/w2.db" >"$T/a2.tsv"
check "shuffled input, same assignments" cmp "$T/a1.tsv" "$T/a2.tsv"

# Export assignments.
check_grep "assignments header" "^id	leaf	parent	parent2$" "$T/a1.tsv"
check "one row per conversation" test "$(wc -l <"$T/a1.tsv")" -eq "$(($("$KLEIO" export facets --work "$T/w.db" | wc -l)))"
check_status 2 "export assignments without --work" "$KLEIO" export assignments

# Bad usage.
check "run --help" "$KLEIO" run --help
check_status 2 "run without --out" "$KLEIO" run --work "$T/w.db"
check_status 2 "run on a missing work database" "$KLEIO" run --work "$T/none.db" --out "$T/x.db"
check_status 2 "run with a bad number" "$KLEIO" run --work "$T/w.db" --out "$T/x.db" --leaf-size ten
check_status 2 "run with no conversation in the languages" "$KLEIO" run --work "$T/w.db" --out "$T/x.db" --languages xx

# Conversations without any timestamp: no time cells at all, the rest is published.
"$KLEIO" synth -q -n 300 --seed 5 -o "$T/t.jsonl"
sed 's/"timestamp":"[^"]*",//' "$T/t.jsonl" >"$T/untimed.jsonl"
check "the corpus has no timestamp left" test "$(grep -c timestamp "$T/untimed.jsonl")" -eq 0
"$KLEIO" ingest -q --work "$T/untimed.db" "$T/untimed.jsonl"
check "run over conversations without timestamps" "$KLEIO" run -q --work "$T/untimed.db" \
    --out "$T/untimed.snap" --k 6 --levels 2 --top 2 --min-users 2 --min-conversations 3
check "no time cells" test "$(sqlite3 "$T/untimed.snap" 'SELECT count(*) FROM cluster_time')" -eq 0
check "clusters published" test "$(sqlite3 "$T/untimed.snap" 'SELECT count(*) FROM clusters')" -gt 0
check "kleio tree reads it" "$KLEIO" tree "$T/untimed.snap"
