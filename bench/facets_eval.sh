#!/bin/sh
# Builds and runs the language and refusal measurement on the PolyRefuse set.
#   bench/facets_eval.sh [DATA_DIR] [facets_eval options…]
# DATA_DIR defaults to ../shared/data/polyrefuse beside the repository.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${1:-"$ROOT/../shared/data/polyrefuse"}
[ $# -gt 0 ] && shift
if [ ! -f "$DATA/labels.tsv" ]; then
    echo "facets_eval: no labelled data in $DATA (skipped)" >&2
    exit 0
fi
make -C "$ROOT" -s bench >/dev/null
exec "$ROOT/build/bench/facets_eval" --data "$DATA" "$@"
