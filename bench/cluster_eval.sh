#!/bin/sh
# cluster_eval.sh — runs bench/cluster_eval on the labelled sets beside the repository.
# Usage: bench/cluster_eval.sh [restarts [options...]]   (from the repository root, after
# `make bench`); options go to cluster_eval, e.g. `--smooth-k 20` to smooth the rows over
# their kNN graph before k-means, `--seed 2`.
set -eu
data="${KLEIO_DATA:-$(dirname "$0")/../../shared/data}"
restarts="${1:-10}"
[ $# -gt 0 ] && shift
bin="${BUILD:-build}/bench/cluster_eval"
if [ ! -d "$data/hwu64" ]; then
    echo "cluster_eval.sh: no labelled data at $data (set KLEIO_DATA)" >&2
    exit 1
fi
"$bin" "$data/hwu64" --restarts "$restarts" --top 18 "$@"
"$bin" "$data/banking77" --restarts "$restarts" "$@"
