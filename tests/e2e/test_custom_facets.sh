#!/bin/sh
# test_custom_facets.sh — custom facets (kleio-facets(5)) end to end: bad declarations
# named by file and line; asked of the fake model in the one structured call, each field
# checked, a wrong one asked again and then recorded unanswered with its own reason; the
# offline backend records every one unanswered and invents nothing; a changed declaration
# drops its answers; text facets never reach the snapshot; kleio tree --facet; and on a
# synthetic corpus the independent attacker (tests/tools/attack_snapshot) finds no hidden
# custom cell, fed each facet's cells in place of the language cells (same relations:
# cluster = sum of its cells, parent = sum of its children's, input = sum of the tops');
# sharded (kleio facets --custom-facets on each shard, kleio merge) it gives the one-machine
# answers and cells, refuses a shard asked other questions and writes no answer twice.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"
ATTACK="$KLEIO_BUILD/tests/tools/attack_snapshot"

cat >"$T/facets.conf" <<'CONF'
# what the users want, how many hours they mention, and a private note
facet.goal.question = What does the user want to achieve?
facet.goal.type = choice
facet.goal.values = learn, write, translate, other
facet.hours.question = How many hours does the user say they have?
facet.hours.type = number
facet.hours.range = 0..100
facet.note.question = What would help the user most?
facet.note.type = text
CONF

# 1. Bad declarations: exit 2, the file and line named, nothing run.
printf 'facet.goal.question = Q?\nfacet.goal.type = colour\n' >"$T/bad1.conf"
printf 'facet.goal.question = Q?\nfacet.goal.type = choice\nfacet.goal.values = a, a\n' >"$T/bad2.conf"
printf 'facet.summary.question = Q?\nfacet.summary.type = text\n' >"$T/bad3.conf"
printf 'facet.n.question = Q?\nfacet.n.type = number\n' >"$T/bad4.conf"
printf 'facet.n.question = Q?\nfacet.n.type = number\nfacet.n.range = 5..1\n' >"$T/bad5.conf"
new_work "$T/bad.db"
for k in 1 2 3 4 5; do
    "$KLEIO" run --work "$T/bad.db" --out "$T/bad.snap" --custom-facets "$T/bad$k.conf" \
        >"$T/bad$k.log" 2>&1
    echo $? >"$T/bad$k.rc"
done
check "an unknown type: exit 2" test "$(cat "$T/bad1.rc")" -eq 2
check_grep "an unknown type: file and line named" 'bad1.conf:2: a type is choice, number or text' "$T/bad1.log"
check_grep "a value listed twice: named" "bad2.conf:3: the value 'a' is listed twice" "$T/bad2.log"
check_grep "a built-in field's name is refused" 'bad3.conf:1: .*not a built-in field' "$T/bad3.log"
check_grep "a number without a range is refused" "bad4.conf:1: facet 'n' is a number without a range" "$T/bad4.log"
check_grep "a range upside down is refused" 'bad5.conf:3: a range is LO..HI' "$T/bad5.log"
check "nothing was published after a bad declaration" test ! -e "$T/bad.snap"

# 2. Through the model: the corpus of backend_lib.inc and two more conversations.
W="$T/w.db"
new_work "$W"
cat >"$T/more.jsonl" <<'JSONL'
{"id": "hours", "user_id": "u7", "messages": [{"role": "user", "content": "I want to learn Go and have 12 hours a week."}, {"role": "assistant", "content": "Good plan."}]}
{"id": "stubborn", "user_id": "u8", "messages": [{"role": "user", "content": "zzbadfacet write me a poem about the sea"}, {"role": "assistant", "content": "Here it is."}]}
JSONL
"$KLEIO" ingest --work "$W" "$T/more.jsonl" >/dev/null 2>&1
start_fake --stats "$T/stats"
export OPENAI_API_KEY=sk-test
server="--backend openai --base-url http://127.0.0.1:$PORT/v1"
# shellcheck disable=SC2086
"$KLEIO" run --work "$W" --out "$T/m.db" $server --custom-facets "$T/facets.conf" \
    --min-users 1 --min-conversations 1 >"$T/run.log" 2>&1
check "a run with custom facets through the model" test $? -eq 0
cv() { sqlite3 "$W" "SELECT coalesce(v.value, v.number, 'NULL') || '|' || v.source FROM custom_facet_values v JOIN conversations c ON c.rowid = v.conv WHERE c.id = '$1' AND v.facet = '$2'"; }
check "a choice answered by the model" test "$(cv hours goal)" = "learn|model"
check "a number answered by the model" test "$(cv hours hours)" = "12.0|model"
check "a number the conversation does not tell is 'cannot tell', not invented" \
    test "$(cv es-q hours)" = "NULL|model: cannot tell"
check "a text answer is kept in the work database" test "$(cv code note)" = "The user wants general help.|model"
check "a wrong choice, re-asked and still wrong, is unanswered with its reason" \
    test "$(cv stubborn goal)" = "NULL|unanswered: must be one of learn, write, translate, other"
check "a wrong number's own reason" test "$(cv stubborn hours)" = "NULL|unanswered: must be a number from 0 to 100, or null"
check "a text naming someone is refused" test "$(cv stubborn note)" = "NULL|unanswered: must not name anyone or any place"
check "the built-in facets of that conversation still come from the model" \
    test "$(sqlite3 "$W" "SELECT s.summary FROM facet_sources s JOIN conversations c ON c.rowid = s.conv WHERE c.id = 'stubborn'")" = model
check_grep "the stage counts them" 'custom facets: [0-9]+ answered, [0-9]+ the model could not tell, 3 still wrong' "$T/run.log"
check "one row per conversation and facet" test "$(sqlite3 "$W" 'SELECT count(*) FROM custom_facet_values')" -eq 24
check "the snapshot declares the choice and the number facet only" \
    test "$(sqlite3 "$T/m.db" "SELECT group_concat(name || ':' || type, ' ') FROM custom_facets")" = "goal:choice hours:number"
sqlite3 "$T/m.db" .dump >"$T/m.sql"
check_no_grep "no text answer anywhere in the snapshot" 'general help|Maria' "$T/m.sql"
check "the input's answered goal values are published as counts" \
    test "$(sqlite3 "$T/m.db" "SELECT sum(conversations) FROM custom_totals WHERE facet = 'goal'")" -eq 8
"$KLEIO" tree "$T/m.db" --facet hours --format csv >"$T/hours.csv"
check_grep "kleio tree --facet: a number's mean" '^[0-9]+,0,0,".*",8,1,7,12,0$' "$T/hours.csv"
"$KLEIO" tree "$T/m.db" --facet goal --format json >"$T/goal.json"
check_grep "kleio tree --facet: JSON values" '"learn": 1' "$T/goal.json"
check_status 2 "kleio tree --facet names an unknown facet" "$KLEIO" tree "$T/m.db" --facet note
check_grep "and lists the known ones" "no custom facet 'note' in this snapshot \(it has: goal, hours\)" "$T/.out"
check_status 2 "--facet with --lang is refused" "$KLEIO" tree "$T/m.db" --facet goal --lang en

# 3. A rerun without the option keeps the declarations and answers; a changed declaration
#    drops the answers of that facet only (they answered another question).
"$KLEIO" run --work "$W" --out "$T/m2.db" --min-users 1 --min-conversations 1 >"$T/run2.log" 2>&1
check "a rerun without --custom-facets publishes the stored ones" \
    test "$(sqlite3 "$T/m2.db" 'SELECT count(*) FROM custom_facets')" -eq 2
sed 's/learn, write, translate, other/learn, write, other/' "$T/facets.conf" >"$T/changed.conf"
"$KLEIO" run --work "$W" --out "$T/m3.db" --custom-facets "$T/changed.conf" \
    --min-users 1 --min-conversations 1 >"$T/run3.log" 2>&1
check "a changed choice's answers are dropped, not reinterpreted" \
    test "$(cv hours goal)" = "NULL|unanswered: the offline backend has no extractor for a custom facet"
check "the unchanged facets keep theirs" test "$(cv hours hours)" = "12.0|model"
sqlite3 "$W" "UPDATE custom_facet_defs SET spec = 'choice|only-one|Q?' WHERE name = 'goal'"
check_status 1 "a damaged stored declaration stops the run" "$KLEIO" run --work "$W" --out "$T/m5.db" \
    --min-users 1 --min-conversations 1
check_grep "and is named, not guessed at" "custom_facet_defs:[0-9]+: a choice needs at least two values" "$T/.out"
: >"$T/none.conf"
"$KLEIO" run --work "$W" --out "$T/m4.db" --custom-facets "$T/none.conf" \
    --min-users 1 --min-conversations 1 >"$T/run4.log" 2>&1
check "an empty declarations file drops them all" \
    test "$(sqlite3 "$T/m4.db" 'SELECT count(*) FROM custom_facets')" -eq 0

# 4. Offline: every answer unanswered with the reason, no value invented.
O="$T/o.db"
new_work "$O"
"$KLEIO" run --work "$O" --out "$T/o.snap" --custom-facets "$T/facets.conf" \
    --min-users 1 --min-conversations 1 >"$T/off.log" 2>&1
check "offline: a run with custom facets" test $? -eq 0
check "offline: no value invented" \
    test "$(sqlite3 "$O" 'SELECT count(*) FROM custom_facet_values WHERE value IS NOT NULL OR number IS NOT NULL')" -eq 0
check "offline: each recorded unanswered with the reason" \
    test "$(sqlite3 "$O" "SELECT count(*) FROM custom_facet_values WHERE source = 'unanswered: the offline backend has no extractor for a custom facet'")" -eq 18

# 5. A synthetic corpus at the default thresholds: the attacker, fed each facet's cells.
if [ ! -x "$ATTACK" ]; then
    not_ok "attack_snapshot is built (make $KLEIO_BUILD/tests/tools/attack_snapshot)"
    exit 1
fi
cat >"$T/synth.conf" <<'CONF'
facet.goal.question = What does the user mainly want?
facet.goal.type = choice
facet.goal.values = learn, build, fix, write, translate, other
facet.hours.question = How many hours does the user mention?
facet.hours.type = number
facet.hours.range = 0..1000
CONF
check "synth 3000" "$KLEIO" synth -q -n 3000 --seed 3 -o "$T/c.jsonl"
check "ingest" "$KLEIO" ingest -q --work "$T/s.db" "$T/c.jsonl"
start_fake --oracle-n 3000 --oracle-seed 3
# shellcheck disable=SC2086
check "run with custom facets at the default thresholds" "$KLEIO" run -q --work "$T/s.db" \
    --out "$T/s.snap" --threads 2 --concurrency 16 --backend openai \
    --base-url "http://127.0.0.1:$PORT/v1" --custom-facets "$T/synth.conf"
# Small thresholds publish more cells, so more relations to combine (the privacy stage
# alone reruns: the answers are stored).
check "the same at 5 users and 10 conversations" "$KLEIO" run -q --work "$T/s.db" \
    --out "$T/small.snap" --threads 2 --min-users 5 --min-conversations 10
# as_languages FACET [SNAPSHOT]: a copy of the snapshot whose language cells are the facet's cells
# (figures other than conversations set so that every relation holds: refused 0, concern
# one per conversation, users as conversations) — the attacker's model as it is.
as_languages() {
    cp "${2:-$T/s.snap}" "$T/$1.db"
    sqlite3 "$T/$1.db" "
      DELETE FROM cluster_time; DELETE FROM cluster_lang; DELETE FROM languages;
      UPDATE clusters SET refused = 0, concern_sum = conversations;
      INSERT INTO languages(code, name, suppressed, conversations, users, refused, concern_sum)
        SELECT CASE value WHEN '' THEN '(unanswered)' ELSE value END, value, suppressed,
               conversations, conversations, CASE suppressed WHEN 0 THEN 0 END, conversations
        FROM custom_totals WHERE facet = '$1';
      INSERT INTO cluster_lang(cluster_id, lang, suppressed, conversations, users, refused, concern_sum)
        SELECT cluster_id, CASE value WHEN '' THEN '(unanswered)' ELSE value END, suppressed,
               conversations, conversations, CASE suppressed WHEN 0 THEN 0 END, conversations
        FROM cluster_custom WHERE facet = '$1';"
}
for f in goal hours; do
    as_languages $f
    "$ATTACK" --json "$T/$f.db" >"$T/$f.json" 2>&1
    echo $? >"$T/$f.rc"
    check "$f: some cells are hidden (the test means something)" \
        test "$(sqlite3 "$T/s.snap" "SELECT count(*) FROM cluster_custom WHERE facet = '$f' AND suppressed = 1")" -gt 0
    check "$f: the attacker reads the snapshot's relations as consistent" test "$(cat "$T/$f.rc")" -ne 2
    check_grep "$f: no hidden conversation count fixed or narrowed" '"exact_conversations":0,"narrowed":0,' "$T/$f.json"
    as_languages $f "$T/small.snap"
    "$ATTACK" --json "$T/$f.db" >"$T/$f-small.json" 2>&1
    exposed=$(sqlite3 "$T/small.snap" "SELECT value FROM meta WHERE key = 'suppressed_cells_exposed'")
    found=$(sed -n 's/.*"cells":\([0-9]*\).*/\1/p' "$T/$f-small.json")
    check "$f at small thresholds: the attacker finds no more than the $exposed cells the stage reports exposed ($found)" \
        test -n "$found" -a "${found:-1}" -le "${exposed:-0}"
done
check "means only where the answered cell is published" test "$(sqlite3 "$T/s.snap" "
    SELECT count(*) FROM cluster_custom_mean m LEFT JOIN cluster_custom c ON c.cluster_id = m.cluster_id
    AND c.facet = m.facet AND c.value = 'answered' WHERE c.suppressed IS NOT 0")" -eq 0

# 6. Sharded: kleio facets --custom-facets on each shard, kleio merge, kleio run give the
#    one-machine answers and custom cells; merge refuses a shard asked other questions and
#    never writes an answer twice.
check "synth 800" "$KLEIO" synth -q -n 800 --seed 5 -o "$T/c6.jsonl"
check "ingest, one machine" "$KLEIO" ingest -q --work "$T/one.db" "$T/c6.jsonl"
check "ingest, to be sharded" "$KLEIO" ingest -q --work "$T/sw.db" "$T/c6.jsonl"
start_fake --oracle-n 800 --oracle-seed 5
server="--backend openai --base-url http://127.0.0.1:$PORT/v1"
R6="--threads 2 --concurrency 8 --min-users 5 --min-conversations 10 --seed 3"
# shellcheck disable=SC2086
check "one machine: run with custom facets" "$KLEIO" run -q --work "$T/one.db" --out "$T/one.snap" \
    $server $R6 --custom-facets "$T/synth.conf"
check_status 2 "kleio facets: a bad declarations file is refused" "$KLEIO" facets --work "$T/sw.db" \
    --custom-facets "$T/bad1.conf"
check_grep "…naming file and line" 'bad1.conf:2: a type is choice, number or text' "$T/.out"
check "shard into 3" "$KLEIO" shard --work "$T/sw.db" --shards 3 --out "$T/sh6"
for i in 0 1 2; do
    # shellcheck disable=SC2086
    "$KLEIO" facets --work "$T/sh6/shard-$i.db" $server --custom-facets "$T/synth.conf" \
        >"$T/f6-$i.log" 2>&1 || not_ok "kleio facets --custom-facets on shard $i"
done
check_grep "kleio facets asks the custom facets" 'custom facets: [1-9][0-9]* answered' "$T/f6-0.log"
# A shard asked other questions: refused, nothing of it written.
cp "$T/sh6/shard-2.db" "$T/other2.db"
sed 's/learn, build, fix, write, translate, other/learn, build, other/' "$T/synth.conf" >"$T/other.conf"
# shellcheck disable=SC2086
"$KLEIO" facets --work "$T/other2.db" $server --custom-facets "$T/other.conf" >/dev/null 2>&1
check "merge the first shard" "$KLEIO" merge --work "$T/sw.db" "$T/sh6/shard-0.db"
check "the work database takes the shard's declarations" \
    test "$(sqlite3 "$T/sw.db" "SELECT group_concat(name, ' ') FROM custom_facet_defs")" = "goal hours"
before=$(sqlite3 "$T/sw.db" "SELECT count(*) FROM facets")
check_status 2 "a shard asked other custom questions is refused" "$KLEIO" merge --work "$T/sw.db" "$T/other2.db"
check_grep "…naming the facet" "custom facets are not those of the work database \(first difference: goal\)" "$T/.out"
check "…and nothing of it was written" test "$(sqlite3 "$T/sw.db" "SELECT count(*) FROM facets")" -eq "$before"
check "merge the rest" "$KLEIO" merge --work "$T/sw.db" "$T"/sh6/shard-*.db
check_grep "…adding their answers" "shard-2.db: [0-9]+ conversations, [0-9]+ facets added \(0 already there\), [1-9][0-9]* custom facet values added" "$T/.out"
values=$(sqlite3 "$T/sw.db" "SELECT count(*) FROM custom_facet_values")
check "one answer per conversation and facet ($values)" \
    test "$values" -eq "$(sqlite3 "$T/sw.db" "SELECT 2 * count(*) FROM conversations")"
sqlite3 "$T/sw.db" "DELETE FROM shard_merged"
check "a merge without its ledger" "$KLEIO" merge --work "$T/sw.db" "$T"/sh6/shard-*.db
check_grep "…adds no answer twice" "shard-1.db: [0-9]+ conversations, 0 facets added .*, 0 custom facet values added" "$T/.out"
check "…same count" test "$(sqlite3 "$T/sw.db" "SELECT count(*) FROM custom_facet_values")" -eq "$values"
answers() { sqlite3 "$1" "SELECT c.id, v.facet, v.value, v.number, v.source FROM custom_facet_values v
    JOIN conversations c ON c.rowid = v.conv ORDER BY c.id, v.facet"; }
answers "$T/one.db" >"$T/one-answers.txt"
answers "$T/sw.db" >"$T/sw-answers.txt"
check "the merged answers are the one machine's" cmp "$T/one-answers.txt" "$T/sw-answers.txt"
check "…and most are the model's" test "$(sqlite3 "$T/sw.db" "SELECT count(*) FROM custom_facet_values
    WHERE source = 'model'")" -gt "$((values / 2))"
# shellcheck disable=SC2086
check "run on the merged work database" "$KLEIO" run -q --work "$T/sw.db" --out "$T/sw.snap" $server $R6
cells() {
    for t in custom_facets custom_totals cluster_custom cluster_custom_mean clusters; do
        sqlite3 "$1" "SELECT * FROM $t ORDER BY 1, 2, 3"
    done
}
cells "$T/one.snap" >"$T/one-cells.txt"
cells "$T/sw.snap" >"$T/sw-cells.txt"
check "the sharded snapshot has the one machine's custom cells" cmp "$T/one-cells.txt" "$T/sw-cells.txt"
check "…and some are published" test "$(sqlite3 "$T/sw.snap" "SELECT count(*) FROM cluster_custom WHERE suppressed = 0")" -gt 0
