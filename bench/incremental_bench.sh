#!/bin/sh
# incremental_bench.sh — time of `kleio run --incremental` for NEW conversations on top of
# BASE against a full rerun over all of them (same parameters, same seed).
#   bench/incremental_bench.sh [BASE [NEW]]     (defaults 100000 and 10000)
set -eu
BASE=${1:-100000}
NEW=${2:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KLEIO=${KLEIO:-$ROOT/build/kleio}
D=$(mktemp -d "${TMPDIR:-/tmp}/kleio-incr.XXXXXX")
trap 'rm -rf "$D"' EXIT
now() { date +%s.%N; }
"$KLEIO" synth -q -n $((BASE + NEW)) --seed 11 -o "$D/all.jsonl"
head -n "$BASE" "$D/all.jsonl" >"$D/base.jsonl"
tail -n "$NEW" "$D/all.jsonl" >"$D/new.jsonl"
"$KLEIO" ingest -q --work "$D/w.db" "$D/base.jsonl"
"$KLEIO" run -q --work "$D/w.db" --out "$D/s.db"
"$KLEIO" ingest -q --work "$D/w.db" "$D/new.jsonl"
# Facets of the new conversations are needed by both; compute them outside the timings.
"$KLEIO" facets --work "$D/w.db" 2>/dev/null
cp "$D/w.db" "$D/full.db"
t0=$(now)
"$KLEIO" run --work "$D/w.db" --out "$D/s.db" --incremental 2>"$D/incr.err"
t1=$(now)
"$KLEIO" run -q --work "$D/full.db" --out "$D/full_s.db"
t2=$(now)
grep -E "assign:" "$D/incr.err" | sed 's/^/  /'
awk -v a="$t0" -v b="$t1" -v c="$t2" -v base="$BASE" -v new="$NEW" 'BEGIN {
    printf "%d new on top of %d: incremental %.2fs, full rerun %.2fs, ratio %.1fx\n",
        new, base, b - a, c - b, (c - b) / (b - a) }'
