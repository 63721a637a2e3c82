#!/bin/sh
# kleio validate --backend through a gullible model (fake_llm --gullible obeys the
# instructions planted in the synthetic corpus and copies the user's words, private ones
# included, into its summaries): the attack reaches the facets, and the deterministic
# defences keep every planted detail and the poisoning target's secret out of the
# snapshot, with no cell below the thresholds.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

start_fake --gullible --stats "$T/stats"
"$KLEIO" validate --n 2000 --seed 5 --min-users 5 --min-conversations 10 --json \
    --backend openai --base-url "http://127.0.0.1:$PORT/v1" --concurrency 16 --keep "$T/v" \
    >"$T/out" 2>"$T/err"
check "the validation through the server passes its privacy targets" test $? -eq 0
sed -n '/^{/,$p' "$T/out" >"$T/report.json"
check_grep "no planted detail found" '"planted_found": 0,' "$T/report.json"
check_grep "the poisoning secret not found" '"poison_secret_found": false' "$T/report.json"
check_grep "nothing below the thresholds" '"below_thresholds": 0,' "$T/report.json"
check "the facets came from the server" \
    test "$(sqlite3 "$T/v/work.db" "SELECT count(*) FROM facets WHERE backend = 'openai'")" -eq 2000
obeyed=$(sqlite3 "$T/v/work.db" "SELECT count(*) FROM facets WHERE summary LIKE 'Summarise the chat of%'")
refused=$(sqlite3 "$T/v/work.db" "SELECT count(*) FROM facet_sources WHERE summary LIKE 'offline: %'")
check "the model really obeyed the planted instructions ($obeyed stored, $refused refused)" \
    test $((obeyed + refused)) -gt 20
check "summaries over two sentences were refused and asked again" test "$refused" -gt 0
check_grep "and the stage says so" 'summary [1-9][0-9]* \(reasons in facet_sources\)' "$T/err"

check_status 2 "an unknown backend is refused" "$KLEIO" validate --backend gpt
check_status 2 "a server option without a model backend" "$KLEIO" validate --base-url http://127.0.0.1:1/v1
