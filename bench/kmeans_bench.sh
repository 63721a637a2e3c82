#!/usr/bin/env bash
# kmeans_bench.sh — kleio's k-means against the anchors, side by side in one run.
# Builds build/bench/kmeans_bench and runs the anchors' harness (kmeans_anchor.sh, beside
# the shared data: ../shared/bench by default) with kleio as its "external" tool.
#   bench/kmeans_bench.sh                 scikit-learn's Lloyd and kleio on datasets a and b
#   TOOLS="faiss-cxx sklearn-lloyd external" REPS=1 bench/kmeans_bench.sh
# Other knobs (REPS, DATASETS, BENCH_DIR, PEAK, QUIET_WAIT) go to the harness unchanged.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ANCHORS=${ANCHORS:-$ROOT/../shared/bench}
[ -f "$ANCHORS/kmeans_anchor.sh" ] || ANCHORS=/work/shared/bench
[ -f "$ANCHORS/kmeans_anchor.sh" ] ||
    { echo "kmeans_bench: no kmeans_anchor.sh (set ANCHORS=dir)" >&2; exit 1; }
make -C "$ROOT" bench >/dev/null
TOOLS=${TOOLS:-"sklearn-lloyd external"}
EXTERNAL_KMEANS="$ROOT/build/bench/kmeans_bench" TOOLS_A=${TOOLS_A:-$TOOLS} TOOLS_B=${TOOLS_B:-$TOOLS} \
    PEAK=${PEAK:-0} exec bash "$ANCHORS/kmeans_anchor.sh"
