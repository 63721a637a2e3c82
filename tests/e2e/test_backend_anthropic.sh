#!/bin/sh
# kleio facets --backend anthropic against the fake server: the Messages API with its
# headers, one forced tool call per conversation, 529 and 500 retried, the cache, a bad
# key (masked), the key never stored.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

KEY=sk-ant-kleio-test-SECRET-4411
W="$T/work.db"
new_work "$W"
start_fake --key "$KEY" --fail 2 --fail-status 529 --stats "$T/stats"
export ANTHROPIC_API_KEY="$KEY"
run() { "$KLEIO" facets --work "$W" --backend anthropic --base-url "http://127.0.0.1:$PORT" "$@"; }

run --keep-raw >"$T/run1.log" 2>&1
check "facets with the anthropic backend" test $? -eq 0
check "six facets rows" test "$(sqlite3 "$W" 'SELECT count(*) FROM facets')" -eq 6
check "backend and default model recorded" \
    test "$(sqlite3 "$W" "SELECT count(*) FROM facets WHERE backend = 'anthropic' AND model = 'claude-3-5-haiku-latest'")" -eq 6
check "Spanish" test "$(col "$W" es-q lang)" = es
check "refusal" test "$(col "$W" refused refused)" -eq 2
check "concern" test "$(col "$W" refused concern)" -eq 5
check_grep "overloaded answers (529) were retried" 'claude-3-5-haiku-latest: 6 calls, 0 cache hits, 2 retries' "$T/run1.log"
check "one structured call per conversation: every field from the model" \
    test "$(sqlite3 "$W" "SELECT count(*) FROM facet_sources WHERE lang = 'model' AND refused = 'model' AND concern = 'model' AND task = 'model' AND summary = 'model'")" -eq 6
check_grep "cost from the price table" 'estimated cost \$[0-9]+\.[0-9]{4}' "$T/run1.log"
check "the server saw 8 requests" test "$(cut -d' ' -f2 "$T/stats")" -eq 8

sqlite3 "$W" "DELETE FROM facets"
run >"$T/run2.log" 2>&1
check_grep "rerun answered by the cache" ': 0 calls, 6 cache hits' "$T/run2.log"
check "raw text dropped after the rerun" test "$(sqlite3 "$W" 'SELECT count(*) FROM conversations WHERE raw IS NOT NULL')" -eq 0

# A base URL given with /v1 reaches the same endpoint.
W2="$T/v1.db"
new_work "$W2"
start_fake --key "$KEY" --fail 2 --fail-status 500
check "base URL ending in /v1, after two 500s" "$KLEIO" facets --work "$W2" --backend anthropic \
    --base-url "http://127.0.0.1:$PORT/v1/" --model claude-3-5-sonnet-20241022
check "six rows" test "$(sqlite3 "$W2" 'SELECT count(*) FROM facets')" -eq 6

# A wrong key.
W3="$T/bad.db"
new_work "$W3"
WRONG=sk-ant-wrong-SECRET-9999
ANTHROPIC_API_KEY=$WRONG "$KLEIO" facets --work "$W3" --backend anthropic --base-url "http://127.0.0.1:$PORT" >"$T/bad.log" 2>&1
check "a 401 fails the run" test $? -eq 1
check_grep "the server's message is shown" 'HTTP 401: invalid x-api-key' "$T/bad.log"
check_no_grep "the key is masked" "$WRONG" "$T/bad.log"

cat "$W"* "$W2"* "$W3"* >"$T/dbbytes" 2>/dev/null
check "no key in the work database files" sh -c "! grep -qaE '$KEY|$WRONG' '$T/dbbytes'"
cat "$T"/*.log >"$T/logs"
check_no_grep "no key in the logs" "$KEY" "$T/logs"

unset ANTHROPIC_API_KEY
"$KLEIO" facets --work "$W" --backend anthropic >"$T/nokey.log" 2>&1
check "no key for the hosted API is bad usage" test $? -eq 2
check_grep "the variable is named" 'ANTHROPIC_API_KEY' "$T/nokey.log"
