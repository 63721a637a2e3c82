#!/bin/sh
# Time and peak memory of `kleio synth` for N conversations (default 1,000,000).
#   bench/synth_bench.sh [N] [KLEIO]
# Writes the corpus and truth to a temporary directory (removed afterwards) and prints the
# wall-clock time, CPU time, peak resident memory and output sizes from GNU time.
set -eu
N=${1:-1000000}
KLEIO=${2:-build/kleio}
[ -x "$KLEIO" ] || { echo "synth_bench: $KLEIO not found; run make first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "synth_bench: needs GNU time (/usr/bin/time)" >&2; exit 2; }
DIR=$(mktemp -d "${TMPDIR:-/tmp}/kleio-synth-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
/usr/bin/time -v "$KLEIO" synth -q -n "$N" --seed 1 -o "$DIR/corpus.jsonl" --truth "$DIR/truth.jsonl" \
    2>"$DIR/time.txt"
echo "kleio synth -n $N"
grep -E 'Elapsed \(wall clock\)|User time|System time|Maximum resident set size' "$DIR/time.txt" | sed 's/^[[:space:]]*/  /'
echo "  corpus: $(wc -c <"$DIR/corpus.jsonl") bytes, truth: $(wc -c <"$DIR/truth.jsonl") bytes"
