#!/bin/sh
# facets_bench.sh — throughput of `kleio facets` on a synthetic corpus.
#   bench/facets_bench.sh [N] [THREADS]      (defaults: 100000 conversations, 2 threads)
# Generates N conversations with `kleio synth`, ingests them with `kleio ingest`, then
# times `kleio facets` alone and prints conversations per second (wall clock) and the
# CPU time it used. KLEIO selects the binary (default: build/kleio).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KLEIO=${KLEIO:-$ROOT/build/kleio}
N=${1:-100000}
J=${2:-2}
D=$(mktemp -d "${TMPDIR:-/tmp}/kleio-facets-bench.XXXXXX")
trap 'rm -rf "$D"' EXIT

now() { date +%s.%N; }

echo "facets_bench: $N conversations, $J threads, $(nproc 2>/dev/null || echo '?') processors"
"$KLEIO" synth -n "$N" --seed 1 -q -o "$D/corpus.jsonl" --truth "$D/truth.jsonl"
"$KLEIO" ingest -q --work "$D/work.db" "$D/corpus.jsonl"
done_rows=$(sqlite3 "$D/work.db" 'SELECT count(*) FROM conversations')

t0=$(now)
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%U s user, %S s system' -o "$D/cpu" "$KLEIO" facets --work "$D/work.db" --threads "$J" 2>"$D/facets.log"
else
    "$KLEIO" facets --work "$D/work.db" --threads "$J" 2>"$D/facets.log"
    echo "not measured (no /usr/bin/time)" >"$D/cpu"
fi
t1=$(now)
cpu=$(cat "$D/cpu")
rows=$(sqlite3 "$D/work.db" 'SELECT count(*) FROM facets')
[ "$rows" -eq "$done_rows" ] || { echo "facets_bench: only $rows of $done_rows got facets" >&2; exit 1; }
awk -v n="$rows" -v a="$t0" -v b="$t1" -v j="$J" -v cpu="$cpu" 'BEGIN {
    s = b - a;
    printf "facets: %d conversations in %.2f s = %.0f conversations/s on %d threads (CPU: %s)\n", n, s, n / s, j, cpu
}'
