#!/bin/sh
# llm_throughput.sh — the facet stage's calls per second against the test model server
# (tests/tools/fake_llm on 127.0.0.1), in the two cases the model backends are held to:
#   latency  every answer takes MS milliseconds, no 429: ideal = concurrency / (MS/1000)
#   429      every 7th call answers 429 with Retry-After: 1, the others at once
# and the client's CPU per request. Usage (after make test-bins):
#   sh bench/llm_throughput.sh [N=3000] [CONCURRENCY=64] [MS=100]
set -eu
N=${1:-3000}
CONC=${2:-64}
MS=${3:-100}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KLEIO=${KLEIO:-$ROOT/build/kleio}
FAKE=${FAKE:-$ROOT/build/tests/tools/fake_llm}
if [ ! -x "$KLEIO" ] || [ ! -x "$FAKE" ]; then echo "llm_throughput: run make test-bins first" >&2; exit 2; fi
T=$(mktemp -d)
FPID=
trap '[ -n "$FPID" ] && kill "$FPID" 2>/dev/null; rm -rf "$T"' EXIT

"$KLEIO" synth -n "$N" --seed 1 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$T/base.db" "$T/c.jsonl"
echo "llm_throughput: $N conversations, concurrency $CONC, $(nproc) processors, load $(cut -d' ' -f1-3 /proc/loadavg)"

# one_case NAME IDEAL FAKE_ARGS...: a fresh copy of the work database, the server, the facets.
one_case() {
    name=$1 ideal=$2
    shift 2
    cp "$T/base.db" "$T/w.db"
    "$FAKE" "$@" --stats "$T/stats" >"$T/port" 2>"$T/fake.err" &
    FPID=$!
    i=0
    while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
    port=$(head -1 "$T/port")
    t0=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$T/cpu" "$KLEIO" facets --work "$T/w.db" --backend openai \
        --base-url "http://127.0.0.1:$port/v1" --concurrency "$CONC" >"$T/run.log" 2>&1
    t1=$(date +%s.%N)
    kill "$FPID" 2>/dev/null
    wait "$FPID" 2>/dev/null || true
    FPID=
    calls=$(grep -Eo '[0-9]+ calls' "$T/run.log" | tail -1 | cut -d' ' -f1)
    awk -v n="$name" -v t0="$t0" -v t1="$t1" -v c="$calls" -v ideal="$ideal" -v cpu="$(cat "$T/cpu")" \
        -v ld="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
        split(cpu, u, " "); w = t1 - t0; r = c / w
        printf "%-8s %6.1f s  %5d calls  %6.1f calls/s  %5.1f%% of %.0f/s  client CPU %.2f ms/call  load %s\n",
               n, w, c, r, 100 * r / ideal, ideal, 1000 * (u[1] + u[2]) / c, ld }'
}

one_case latency "$(awk -v c="$CONC" -v ms="$MS" 'BEGIN { print c / (ms / 1000) }')" --latency "$MS"
# One call in seven waits a second: a slot serves 6 calls at once, then one after 1 s, so
# the ideal per slot is 7 calls per (1 s + 6 quick ones), about CONC * 7 / 1.05 per second.
one_case 429 "$(awk -v c="$CONC" 'BEGIN { print c * 7 / 1.05 }')" --every-429 7 --retry-after 1
