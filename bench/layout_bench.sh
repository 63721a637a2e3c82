#!/bin/sh
# layout_bench.sh — the map's leaf trustworthiness@10 and layout time on the reference sets.
# Usage: bench/layout_bench.sh [WORKDIR]   (from the repository root, after `make bench`)
#
# Builds (once, in WORKDIR, default /tmp/kleio-layout-bench) work databases that hold a
# finished run for: hwu64 (--k 64 --levels 2 --top 18) and banking77 (--k 77), both with
# --min-users 1 --min-conversations 1, and synthetic corpora of 20,000 and 100,000
# conversations (`kleio synth -n N --seed 1`, run defaults); SIZES="20000 100000 1000000"
# adds sizes. LEAF10=1 also builds 100k at --leaf-size 10 (10,000 leaves: the leaf count of
# a 1M run). Then it lays each tree out again with build/bench/layout_eval, which prints
# the trustworthiness, the layout seconds (best of REPS, default 1), the nesting check
# and the unconstrained leaf map's trustworthiness (--raw).
set -eu
work="${1:-/tmp/kleio-layout-bench}"
data="${KLEIO_DATA:-$(dirname "$0")/../../shared/data}"
bin="${BUILD:-build}"
kleio="$bin/kleio"
eval_bin="$bin/bench/layout_eval"
reps="${REPS:-1}"
mkdir -p "$work"

# run NAME ARGS...: ingest (if needed) and run once; the run's own summary line is kept.
run() {
    name=$1
    shift
    if [ ! -f "$work/$name.done" ]; then
        "$kleio" run -w "$work/$name.db" -o "$work/$name.snap" "$@" 2>&1 |
            grep 'layout:' >"$work/$name.done" || true
    fi
    printf '%s (kleio run: %s)\n' "$name" "$(cat "$work/$name.done")"
    "$eval_bin" "$work/$name.db" --reps "$reps" --raw
}

for set in hwu64 banking77; do
    if [ ! -f "$data/$set/conversations.jsonl" ]; then
        echo "layout_bench.sh: no $data/$set (set KLEIO_DATA); skipped" >&2
        continue
    fi
    [ -f "$work/$set.db" ] || "$kleio" ingest -q -w "$work/$set.db" "$data/$set/conversations.jsonl"
done
[ -f "$work/hwu64.db" ] &&
    run hwu64 --k 64 --levels 2 --top 18 --min-users 1 --min-conversations 1
[ -f "$work/banking77.db" ] &&
    run banking77 --k 77 --min-users 1 --min-conversations 1
for n in ${SIZES:-20000 100000}; do
    if [ ! -f "$work/s$n.db" ]; then
        "$kleio" synth -q -n "$n" --seed 1 -o "$work/s$n.jsonl"
        "$kleio" ingest -q -w "$work/s$n.db" "$work/s$n.jsonl"
    fi
    run "s$n"
done
if [ "${LEAF10:-0}" = 1 ]; then
    [ -f "$work/s100000-leaf10.db" ] || cp "$work/s100000.db" "$work/s100000-leaf10.db"
    rm -f "$work/s100000-leaf10.done"
    run s100000-leaf10 --leaf-size 10
fi
