#!/bin/sh
# kleio facets --backend openai against the fake server: facets, retries after 429,
# the cache on a rerun, the budget, unusable answers, a bad key (masked), and the key
# never reaching the work database or the log.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

KEY=sk-kleio-test-SECRET-7f3a9c
W="$T/work.db"
new_work "$W"
start_fake --key "$KEY" --fail-429 3 --retry-after 1 --stats "$T/stats"
export OPENAI_API_KEY="$KEY"
run() { "$KLEIO" facets --work "$W" --backend openai --base-url "http://127.0.0.1:$PORT/v1" "$@"; }

check "facets with the openai backend" run --concurrency 4 --keep-raw
run --concurrency 4 --keep-raw >"$T/run1.log" 2>&1 # nothing left to do: a no-op
sqlite3 "$W" "DELETE FROM facets"
run --concurrency 4 --keep-raw >"$T/run1.log" 2>&1
check "six facets rows" test "$(sqlite3 "$W" 'SELECT count(*) FROM facets')" -eq 6
check "backend and model recorded" test "$(sqlite3 "$W" "SELECT count(*) FROM facets WHERE backend = 'openai' AND model = 'gpt-4o-mini'")" -eq 6
check "Spanish from the model's full name" test "$(col "$W" es-q lang)" = es
check "Russian from 'Russian, with a little English'" test "$(col "$W" ru-q lang)" = ru
check "Mandarin Chinese becomes zh" test "$(col "$W" zh-q lang_name)" = "Mandarin Chinese"
check "refusal read from the model" test "$(col "$W" refused refused)" -eq 2
check "concern read from the model" test "$(col "$W" refused concern)" -eq 5
check "task read from 'Code.'" test "$(col "$W" code task)" = code
check "translation task" test "$(col "$W" zh-q task)" = translation
sqlite3 "$W" "SELECT summary FROM facets" >"$T/summaries.txt"
check_grep "summaries come from the model" '^Get help with a request of [0-9]+ bytes' "$T/summaries.txt"
check_no_grep "a summary the model wrote with an e-mail is re-scrubbed" 'jsmith|gmail' "$T/summaries.txt"

# The rerun: the cache answers every question.
sqlite3 "$W" "DELETE FROM facets"
before=$(cut -d' ' -f2 "$T/stats")
run --concurrency 4 >"$T/run2.log" 2>&1
check "rerun succeeds" test "$(sqlite3 "$W" 'SELECT count(*) FROM facets')" -eq 6
check_grep "rerun makes no call" 'openai gpt-4o-mini: 0 calls, 6 cache hits' "$T/run2.log"
check "the server saw no new request" test "$(cut -d' ' -f2 "$T/stats")" -eq "$before"
check "model_cache holds the answers" test "$(sqlite3 "$W" 'SELECT count(*) FROM model_cache')" -eq 6

# First run's summary line: calls, 429 retries, tokens, cost.
"$KLEIO" facets --help >/dev/null
W3="$T/fresh.db"
new_work "$W3"
start_fake --key "$KEY" --fail-429 3 --retry-after 1 --latency 300 --stats "$T/stats3"   # answers overlap even on a loaded machine
"$KLEIO" facets --work "$W3" --backend openai --base-url "http://127.0.0.1:$PORT/v1" >"$T/run3.log" 2>&1
check "a run through three 429s succeeds" test "$(sqlite3 "$W3" 'SELECT count(*) FROM facets')" -eq 6
check_grep "summary line: calls, cache, retries, tokens, cost" \
    'openai gpt-4o-mini: 6 calls, 0 cache hits, 3 retries, [1-9][0-9]* tokens in, [1-9][0-9]* tokens out, estimated cost \$[0-9.]+' "$T/run3.log"
check "the server saw 9 requests: one per conversation and the three 429s" test "$(cut -d' ' -f2 "$T/stats3")" -eq 9
check "several requests were in flight at once" test "$(cut -d' ' -f4 "$T/stats3")" -gt 1

# The key is never written anywhere.
cat "$W"* "$W3"* >"$T/dbbytes" 2>/dev/null
check "the key is not in the work database files" sh -c "! grep -qa '$KEY' '$T/dbbytes'"
cat "$T"/run*.log >"$T/logs"
check_no_grep "the key is not in the log" "$KEY" "$T/logs"

# A wrong key: 401 at once, the server's message, the key masked, exit 1.
W4="$T/badkey.db"
new_work "$W4"
WRONG=sk-wrong-SECRET-0000-1111
OPENAI_API_KEY=$WRONG "$KLEIO" facets --work "$W4" --backend openai --base-url "http://127.0.0.1:$PORT/v1" >"$T/bad.log" 2>&1
check "a 401 fails the run" test $? -eq 1
check_grep "the server's message is shown" 'HTTP 401: Incorrect API key provided' "$T/bad.log"
check_no_grep "the wrong key is not shown" "$WRONG" "$T/bad.log"
check "no facets written" test "$(sqlite3 "$W4" 'SELECT count(*) FROM facets')" -eq 0
check "raw text kept for a later run" test "$(sqlite3 "$W4" 'SELECT count(*) FROM conversations WHERE raw IS NOT NULL')" -eq 6
cat "$W4"* >"$T/dbbytes4" 2>/dev/null
check "the wrong key is not in the database" sh -c "! grep -qa '$WRONG' '$T/dbbytes4'"

# --api-key-env names another variable.
W5="$T/env.db"
new_work "$W5"
unset OPENAI_API_KEY
check "--api-key-env" env KLEIO_OTHER_KEY="$KEY" "$KLEIO" facets --work "$W5" --backend openai \
    --base-url "http://127.0.0.1:$PORT/v1" --api-key-env KLEIO_OTHER_KEY --model gpt-4o

# The budget: two conversations' worth, then a later run finishes.
W6="$T/budget.db"
new_work "$W6"
export OPENAI_API_KEY="$KEY"
run6() { "$KLEIO" facets --work "$W6" --backend openai --base-url "http://127.0.0.1:$PORT/v1" "$@"; }
run6 --concurrency 1 --max-calls 2 --model llama3.1:8b >"$T/budget.log" 2>&1
check "a spent budget is not an error" test $? -eq 0
check "two conversations done with 2 calls" test "$(sqlite3 "$W6" 'SELECT count(*) FROM facets')" -eq 2
check_grep "the budget is reported" 'budget of calls is spent' "$T/budget.log"
check_grep "unknown model: tokens only" 'llama3.1:8b: 2 calls.*cost unknown' "$T/budget.log"
run6 --model llama3.1:8b >"$T/budget2.log" 2>&1
check "the next run finishes" test "$(sqlite3 "$W6" 'SELECT count(*) FROM facets')" -eq 6
check_grep "and pays only for the rest" ': 4 calls, 0 cache hits' "$T/budget2.log"

# Unusable answers fall back to the offline extractors, counted.
W7="$T/nonsense.db"
new_work "$W7"
start_fake --nonsense
run7() { "$KLEIO" facets --work "$W7" --backend openai --base-url "http://127.0.0.1:$PORT/v1"; }
run7 >"$T/nonsense.log" 2>&1
check "unusable answers do not fail the run" test "$(sqlite3 "$W7" 'SELECT count(*) FROM facets')" -eq 6
check_grep "fallbacks are counted" '30 fields taken from the offline extractor' "$T/nonsense.log"
check_grep "each unreadable answer was asked again twice" 'openai gpt-4o-mini: 18 calls, 0 cache hits, 0 retries.*12 re-asked' "$T/nonsense.log"
check "offline language after a fallback" test "$(col "$W7" ru-q lang)" = ru
check "rows the model gave nothing to say offline" \
    test "$(sqlite3 "$W7" "SELECT count(*) FROM facets WHERE backend = 'offline' AND model = ''")" -eq 6
check "and each field's source says why" \
    test "$(sqlite3 "$W7" "SELECT count(*) FROM facet_sources WHERE summary LIKE 'offline: the answer must be one JSON object%'")" -eq 6

# Wrong fields are asked again with the error quoted, then taken offline field by field.
W9="$T/bad.db"
new_work "$W9"
start_fake --bad-every 1 --stats "$T/stats9"
"$KLEIO" facets --work "$W9" --backend openai --base-url "http://127.0.0.1:$PORT/v1" >"$T/bad9.log" 2>&1
check "wrong answers do not fail the run" test "$(sqlite3 "$W9" 'SELECT count(*) FROM facets')" -eq 6
check "three asks per conversation" test "$(cut -d' ' -f2 "$T/stats9")" -eq 18
check "the fields that were right stay the model's" \
    test "$(sqlite3 "$W9" "SELECT count(*) FROM facet_sources WHERE lang = 'model' AND task = 'model'")" -eq 6
check "the wrong ones are offline, with the reason" \
    test "$(sqlite3 "$W9" "SELECT count(*) FROM facet_sources WHERE concern LIKE 'offline: %concern: must be a whole number from 1 to 5%' AND summary LIKE 'offline: %three words%'")" -eq 6
check "rows with model fields keep the model's name" \
    test "$(sqlite3 "$W9" "SELECT count(*) FROM facets WHERE backend = 'openai'")" -eq 6

# A slow first answer times out and is retried; the retry gets a malformed body,
# which is asked again.
W8="$T/malformed.db"
new_work "$W8"
start_fake --malformed 2 --slow 3000 --slow-calls 1
"$KLEIO" facets --work "$W8" --backend openai --base-url "http://127.0.0.1:$PORT/v1" --timeout 1 >"$T/malformed.log" 2>&1
check "malformed answers and a time-out are survived" test "$(sqlite3 "$W8" 'SELECT count(*) FROM facets')" -eq 6
check_grep "and counted as retries" '6 calls, 0 cache hits, 2 retries' "$T/malformed.log"

# Bad usage.
check_status 2 "unknown backend" "$KLEIO" facets --work "$W" --backend gpt
check_status 2 "--concurrency range" "$KLEIO" facets --work "$W" --backend openai --concurrency 0
check_status 2 "a base URL must be http(s)" "$KLEIO" facets --work "$W" --backend openai --base-url ftp://x
unset OPENAI_API_KEY
"$KLEIO" facets --work "$W" --backend openai >"$T/nokey.log" 2>&1
check "no key for the hosted API is bad usage" test $? -eq 2
check_grep "the missing variable is named" 'export OPENAI_API_KEY' "$T/nokey.log"
