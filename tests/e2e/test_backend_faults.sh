#!/bin/sh
# The model path under a misbehaving server (tests/tools/fake_llm modes): a 429 every Nth
# call (the waiting call holds no slot), reset connections, truncated bodies, a slow drip,
# and kill -9 then resume repeating only the calls that were in flight.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

export OPENAI_API_KEY=sk-faults
"$KLEIO" synth -q -n 60 --seed 3 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$T/base.db" "$T/c.jsonl"
fresh() { rm -f "$1" "$1-wal" "$1-shm"; sqlite3 "$T/base.db" ".backup '$1'"; }
reqs() { cut -d' ' -f2 "$T/stats"; }
rows() { sqlite3 "$1" 'SELECT count(*) FROM facets'; }
facets() { "$KLEIO" facets --work "$W" --backend openai --base-url "http://127.0.0.1:$PORT/v1" "$@"; }

# One connection, a 429 with Retry-After: 1 on every 5th call: 12 waits of a second. A
# waiting call that held its slot would make the run last 12 s or more.
W="$T/429.db"; fresh "$W"
start_fake --every-429 5 --retry-after 1 --stats "$T/stats"
t0=$(date +%s)
facets --concurrency 1 >"$T/429.log" 2>&1
t1=$(date +%s)
check "every conversation done through the 429s" test "$(rows "$W")" -eq 60
check "a waiting call holds no slot: well under 12 s ($((t1 - t0)) s)" test $((t1 - t0)) -le 8
n=$(reqs)
check_grep "every 429 counted as a retry" "openai gpt-4o-mini: 60 calls, 0 cache hits, $((n - 60)) retries" "$T/429.log"

# Connections reset before the answer: sent again (by libcurl or by us), counted.
W="$T/reset.db"; fresh "$W"
start_fake --reset-every 4 --stats "$T/stats"
facets --concurrency 4 >"$T/reset.log" 2>&1
check "reset connections are survived" test "$(rows "$W")" -eq 60
check_grep "and the re-sends are counted" 'openai gpt-4o-mini: 60 calls, 0 cache hits, [1-9][0-9]* retries' "$T/reset.log"

# Bodies cut short: retried.
W="$T/cut.db"; fresh "$W"
start_fake --truncate-every 4 --stats "$T/stats"
facets --concurrency 4 >"$T/cut.log" 2>&1
check "truncated bodies are survived" test "$(rows "$W")" -eq 60
check_grep "and retried" 'openai gpt-4o-mini: 60 calls, 0 cache hits, [1-9][0-9]* retries' "$T/cut.log"
check "no answer was read from a cut body" \
    test "$(sqlite3 "$W" "SELECT count(*) FROM facet_sources WHERE summary != 'model'")" -eq 0

# A slow drip with latency: the answers arrive whole.
W="$T/drip.db"; fresh "$W"
start_fake --drip 1 --latency 50 --stats "$T/stats"
facets --concurrency 8 >"$T/drip.log" 2>&1
check "a slow drip is read whole" test "$(sqlite3 "$W" "SELECT count(*) FROM facet_sources WHERE summary = 'model'")" -eq 60

# kill -9 in the middle, then resume: only the calls in flight are asked again (the
# queue holds 4 per connection, 16 here); every finished answer is cached or committed.
W="$T/kill.db"; fresh "$W"
rm -f "$T/stats"
start_fake --latency 200 --stats "$T/stats"
"$KLEIO" facets --work "$W" --backend openai --base-url "http://127.0.0.1:$PORT/v1" \
    --concurrency 4 >"$T/kill1.log" 2>&1 &
KP=$!
i=0
while [ "$(reqs 2>/dev/null || echo 0)" -lt 24 ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 $KP
wait $KP 2>/dev/null
first=$(reqs)
done1=$(rows "$W")
check "killed in the middle ($done1 rows, $first requests)" test "$done1" -lt 60
facets --concurrency 4 >"$T/kill2.log" 2>&1
check "the resumed run finishes" test "$(rows "$W")" -eq 60
total=$(reqs)
check "only calls in flight were repeated ($total requests for 60)" test "$total" -le $((60 + 16))
check_grep "the answers that came before the kill are not paid twice" ': [0-9]+ calls, [1-9][0-9]* cache hits' "$T/kill2.log"
