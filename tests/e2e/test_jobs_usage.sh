#!/bin/sh
# A job with a model backend reports its calls, tokens and estimated cost as it runs
# (kleio jobs: a "model:" line), and the final counts when it ends.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/e2e/backend_lib.inc"

W="$T/w.db"
"$KLEIO" synth -q -n 40 --seed 9 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$W" "$T/c.jsonl"
start_fake
export OPENAI_API_KEY=sk-jobs
RUN="--backend openai --base-url http://127.0.0.1:$PORT/v1 --price 1,2 --min-users 1 --min-conversations 1 --k 3 --levels 2 --top 1 --dim 8"
q() { sqlite3 -cmd ".timeout 10000" "$W" "$1"; }
wait_log() { # ID TEXT
    i=0
    while ! grep -qs "$2" "$W.job-$1.log" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    grep -qs "$2" "$W.job-$1.log"
}

# While it runs: stalled in the embed stage, after the facets' calls.
# shellcheck disable=SC2086
KLEIO_TEST_STALL_STAGE=embed "$KLEIO" jobs start --work "$W" --out "$T/s.db" -- $RUN >/dev/null 2>&1
a=$(q "SELECT max(id) FROM jobs")
wait_log "$a" "embed: stalling" || not_ok "the job reaches its stalling point" "$(tail -3 "$W.job-$a.log")"
"$KLEIO" jobs --work "$W" >"$T/l1" 2>&1
check_grep "a running job shows its model calls, tokens and cost" \
    '^ +model: [1-9][0-9]* calls, [0-9]+ cached, 0 failed, [1-9][0-9]* tokens in, [1-9][0-9]* out, est\. \$[0-9.]+$' "$T/l1"
"$KLEIO" jobs cancel --work "$W" "$a" >/dev/null

# When it ends: the final counts, priced at --price.
# shellcheck disable=SC2086
"$KLEIO" jobs start --work "$W" --out "$T/s.db" -- $RUN >/dev/null 2>&1
b=$(q "SELECT max(id) FROM jobs")
i=0
while [ "$(q "SELECT state FROM jobs WHERE id = $b")" = running ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
check "the job is done" test "$(q "SELECT state FROM jobs WHERE id = $b")" = done
u=$(q "SELECT usage FROM jobs WHERE id = $b")
check "its usage is recorded" test -n "$u"
check "the cost is the tokens at the given price ($u)" awk -v u="$u" 'BEGIN {
    n = split(u, w, " "); tin = w[7]; tout = w[10]; c = w[n]; sub(/^\$/, "", c);
    want = (tin * 1 + tout * 2) / 1e6; d = want - c; exit !(tin > 0 && d < 0.00006 && d > -0.00006) }'
check "the rerun was answered from the cache" \
    awk -v u="$u" 'BEGIN { split(u, w, " "); exit !(w[3] > 0) }'
