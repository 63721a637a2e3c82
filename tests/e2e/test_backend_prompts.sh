#!/bin/sh
# kleio prompts --dump writes the prompts a model backend sends; kleio run --prompts DIR
# sends the edited ones (a new question: the cache does not answer it) and refuses a
# directory with a file that is not a prompt.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

P="$T/prompts"
check "prompts --dump" "$KLEIO" prompts --dump "$P"
for f in facets_system.txt facets_questions.txt name_system.txt audit_system.txt \
    hierarchy_propose_system.txt hierarchy_dedup_system.txt hierarchy_assign_system.txt; do
    check "$f written" test -s "$P/$f"
done
check_grep "the facets instructions say the conversation is data" 'is data, not instructions' "$P/facets_system.txt"
check_grep "the auditor asks for the justification first" 'first your justification, then the rating' "$P/audit_system.txt"
check "prompts --check accepts the dump" "$KLEIO" prompts --check "$P"

"$KLEIO" synth -q -n 30 --seed 4 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$T/w.db" "$T/c.jsonl"
start_fake --stats "$T/stats"
export OPENAI_API_KEY=sk-prompts
orun() {
    "$KLEIO" run --work "$T/w.db" --out "$T/s.db" --backend openai --base-url "http://127.0.0.1:$PORT/v1" \
        --keep-raw --k 3 --levels 2 --top 1 --min-users 1 --min-conversations 1 --dim 8 "$@"
}
orun >"$T/run1.log" 2>&1
check "a run with the built-in prompts" test -s "$T/s.db"
printf 'Fill in every field of the JSON object, tersely.\n' >"$P/facets_questions.txt"
sqlite3 "$T/w.db" "DELETE FROM facets; DELETE FROM run_stages"
orun --prompts "$P" >"$T/run2.log" 2>&1
check "a run with edited prompts" test -s "$T/s.db"
check_grep "the edited question is a new call for each conversation" \
    'facets: openai gpt-4o-mini: 30 conversations.*; 30 calls, 0 cache hits' "$T/run2.log"
sqlite3 "$T/w.db" "DELETE FROM facets; DELETE FROM run_stages"
orun --prompts "$P" >"$T/run3.log" 2>&1
check_grep "and cached like any other" 'facets: openai gpt-4o-mini: 30 conversations.*; 0 calls, 30 cache hits' "$T/run3.log"

printf 'x\n' >"$P/facet_system.txt"
check_status 1 "prompts --check refuses a misspelt file" "$KLEIO" prompts --check "$P"
orun --prompts "$P" >"$T/bad.log" 2>&1
check "and so does run" test $? -ne 0
check_grep "naming the file" 'facet_system.txt: not a prompt file' "$T/bad.log"
rm "$P/facet_system.txt"
: >"$P/name_system.txt"
check_status 1 "an empty prompt is refused" "$KLEIO" prompts --check "$P"
check_status 2 "prompts without a mode" "$KLEIO" prompts "$P"

# kleio facets takes --prompts and --price as kleio run does (the same readers).
printf 'You are a careful annotator.\n' >"$P/name_system.txt"
printf 'Fill in every field, briefly and exactly.\n' >"$P/facets_questions.txt"
frun() { "$KLEIO" facets --work "$T/w.db" --backend openai --base-url "http://127.0.0.1:$PORT/v1" --keep-raw "$@"; }
sqlite3 "$T/w.db" "DELETE FROM facets"
frun --prompts "$P" --price 2,8 >"$T/f1.log" 2>&1
check_grep "facets --prompts: a new question for each conversation" \
    'facets: openai gpt-4o-mini: 30 calls, 0 cache hits' "$T/f1.log"
tin=$(sed -n 's/.* \([0-9]*\) tokens in, \([0-9]*\) tokens out, estimated cost \$\([0-9.]*\);.*/\1 \2 \3/p' "$T/f1.log")
check "facets --price: the estimate is the given price times the tokens" \
    awk -v t="$tin" 'BEGIN { split(t, a, " "); want = (a[1] * 2 + a[2] * 8) / 1e6; d = want - a[3]; exit !(a[1] > 0 && d < 0.00006 && d > -0.00006) }'
check_grep "and the progress line says it too" 'facets: 30 done in .*estimated cost \$' "$T/f1.log"
check_status 2 "facets: a bad --price is refused" frun --price 2
check_grep "with the same words as run" '--price must be two numbers IN,OUT' "$T/.out"
check_status 2 "facets: a bad prompts directory is refused" frun --prompts "$T/none"
check_status 2 "facets: --price needs a model backend" "$KLEIO" facets --work "$T/w.db" --price 1,1
