#!/bin/sh
# kleio run --screen-regex / --screen-question: only the conversations the screen keeps are
# studied (and get facets); the others stay in the work database with their text; the
# snapshot's meta names the screen and its counts; a screen narrower than the thresholds,
# on either side, publishes nothing.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

# 12 conversations of 6 users ask about Python in a user turn; 12 of 6 others mention it
# in the assistant's turn only (a regex over the user turns leaves them out); 16 of 8
# others never do.
i=0
while [ $i -lt 12 ]; do
    u=$((i % 6))
    printf '{"id":"py%d","user_id":"p%d","messages":[{"role":"user","content":"How do I read a CSV file in PYTHON, case %d?"},{"role":"assistant","content":"Use the csv module."}]}\n' $i $u $i
    printf '{"id":"as%d","user_id":"a%d","messages":[{"role":"user","content":"Which language should I learn first, case %d?"},{"role":"assistant","content":"Python is a good first language."}]}\n' $i $u $i
    i=$((i + 1))
done >"$T/c.jsonl"
i=0
while [ $i -lt 16 ]; do
    printf '{"id":"ot%d","user_id":"o%d","messages":[{"role":"user","content":"Suggest a recipe for dinner with lentils, case %d."},{"role":"assistant","content":"Try a lentil soup."}]}\n' $i $((i % 8)) $i
    i=$((i + 1))
done >>"$T/c.jsonl"
"$KLEIO" ingest -q --work "$T/w.db" "$T/c.jsonl"
cp "$T/w.db" "$T/w0.db"

srun() { w=$1 o=$2; shift 2; "$KLEIO" run --work "$w" --out "$o" --k 2 --levels 2 --top 1 --min-users 2 --min-conversations 2 --dim 8 "$@"; }
meta() { sqlite3 "$1" "SELECT value FROM meta WHERE key = '$2'"; }

# ---- the regular expression, offline ----
srun "$T/w.db" "$T/s.db" --screen-regex 'p[y]thon' >"$T/r1.log" 2>&1
check "a screened run publishes" test -s "$T/s.db"
check_grep "the screen is logged with its counts" 'screen: 12 conversations in, 28 out' "$T/r1.log"
check "meta: the screen" test "$(meta "$T/s.db" screen)" = "regex: p[y]thon"
check "meta: screened in" test "$(meta "$T/s.db" screened_in)" = 12
check "meta: screened out" test "$(meta "$T/s.db" screened_out)" = 28
check "meta: the run studied only those" test "$(meta "$T/s.db" input_conversations)" = 12
meta "$T/s.db" params >"$T/params"
check_grep "params record the screen" '"screen_regex":"p\[y\]thon"' "$T/params"
check "only the screened-in conversations got facets" test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM facets")" = 12
check "they are the ones asking about Python" \
    test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM facets f JOIN conversations c ON c.rowid = f.conv WHERE c.id LIKE 'py%'")" = 12
check "the others stay, with their text" \
    test "$(sqlite3 "$T/w.db" "SELECT count(*) FROM conversations WHERE raw IS NOT NULL")" = 28
srun "$T/w.db" "$T/s.db" --screen-regex 'p[y]thon' >"$T/r2.log" 2>&1
check_grep "a rerun judges nothing again" 'screen: regex: p\[y\]thon: 0 conversations judged' "$T/r2.log"
check_grep "and publishes nothing new" 'is up to date' "$T/r2.log"
srun "$T/w.db" "$T/s3.db" >"$T/r3.log" 2>&1
check "without the screen, every conversation is studied" test "$(meta "$T/s3.db" input_conversations)" = 40
check "and no screen is recorded" test -z "$(meta "$T/s3.db" screen)"

# ---- refusals ----
check_status 2 "a bad regular expression" srun "$T/w0.db" "$T/x.db" --screen-regex 'a('
check_grep "is named" "screen-regex 'a\(':" "$T/.out"
cp "$T/w0.db" "$T/w1.db"
check_status 2 "a screen keeping one user's conversations publishes nothing" \
    srun "$T/w1.db" "$T/x.db" --screen-regex 'csv file in python, case (0|6)\?' --min-users 3
check_grep "saying why" 'keeps 2 conversations of 1 users, fewer than the thresholds.*single people out' "$T/.out"
check "no snapshot" test ! -e "$T/x.db"
check "and no facets were made for it" test "$(sqlite3 "$T/w1.db" "SELECT count(*) FROM facets")" = 0
check_status 2 "a screen leaving out one user's conversations publishes nothing" \
    srun "$T/w1.db" "$T/x.db" --screen-regex 'case ([1-9][0-9]|[1-57-9])\?|lentils|learn first' --min-users 3
check_grep "saying why" 'leaves out' "$T/.out"
check_status 2 "a question needs a model" srun "$T/w0.db" "$T/x.db" --screen-question 'Is it about "python"?'
check_grep "saying so" 'screen-question needs a model' "$T/.out"
check_status 2 "one screen at a time" srun "$T/w0.db" "$T/x.db" --screen-regex x --screen-question y

# ---- the question, through the model ----
start_fake --stats "$T/stats"
export OPENAI_API_KEY=sk-screen
qrun() { srun "$@" --backend openai --base-url "http://127.0.0.1:$PORT/v1" --keep-raw --price 1,2; }
cp "$T/w0.db" "$T/wq.db"
qrun "$T/wq.db" "$T/q.db" --screen-question 'Does the user or the assistant mention "python"?' >"$T/q1.log" 2>&1
check "a run screened by a question publishes" test -s "$T/q.db"
check_grep "one call per conversation, priced" 'screen: question: .*: 40 conversations judged; 40 calls, 0 cache hits, 0 retries, [0-9]+ tokens in, [0-9]+ tokens out, estimated cost \$' "$T/q1.log"
check_grep "the model's verdicts" 'screen: 24 conversations in, 16 out' "$T/q1.log"
check_grep "facets only for those kept" 'facets: openai gpt-4o-mini: 24 conversations' "$T/q1.log"
check "meta: the question" test "$(meta "$T/q.db" screen)" = 'question: Does the user or the assistant mention "python"?'
check "meta: screened in" test "$(meta "$T/q.db" screened_in)" = 24
qrun "$T/wq.db" "$T/q.db" --screen-question 'Does the user or the assistant mention "python"?' >"$T/q2.log" 2>&1
check_grep "a rerun asks nothing" 'screen: question: .*: 0 conversations judged' "$T/q2.log"
"$KLEIO" prompts --dump "$T/p" >/dev/null
check "the screen's instructions are a prompt file" test -s "$T/p/screen_system.txt"
printf 'Answer the question about the conversation with yes or no, as JSON.\n' >"$T/p/screen_system.txt"
qrun "$T/wq.db" "$T/q.db" --prompts "$T/p" --screen-question 'Does the user or the assistant mention "python"?' >"$T/q3.log" 2>&1
check_grep "edited instructions are a new screen, asked again" 'screen: question: .*: 40 conversations judged; 40 calls, 0 cache hits' "$T/q3.log"
cp "$T/w0.db" "$T/wu.db"
check_status 2 "answers that are neither yes nor no keep nothing" \
    qrun "$T/wu.db" "$T/x.db" --screen-question 'Is this one relevant?'
check_grep "with a warning" '40 answers were neither yes nor no' "$T/.out"
