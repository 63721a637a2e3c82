#!/bin/sh
# kleio-slurm.sh — kleio on a Slurm cluster: splits the work database into shards, submits
# one array task per shard (facets.sbatch: kleio facets, and kleio assign when a fitted
# sample is given) and a merge job that starts when every task succeeded (merge.sbatch:
# kleio merge, then kleio run publishes the snapshot). See kleio-scale(7).
#
#   kleio-slurm.sh WORK.db SHARDS DIR SNAPSHOT
#
# The paths must be on a file system every node sees (NFS, Lustre, GPFS). Environment:
#   KLEIO              the kleio binary (default: kleio on PATH)
#   KLEIO_FACETS_ARGS  extra arguments of kleio facets, e.g. a model fleet behind a load
#                      balancer: "--backend openai --base-url http://vllm-lb:8000/v1
#                      --model Qwen2.5-7B-Instruct --concurrency 32" (the API key, if any,
#                      in the variable named by --api-key-env, exported to the jobs)
#   KLEIO_FIT          a fitted sample (kleio shard --fit-sample + kleio run): each task
#                      then also runs kleio assign, and the merge job publishes with
#                      kleio run --incremental
#   KLEIO_RUN_ARGS     extra arguments of the final kleio run (thresholds, --seed, ...)
#   SBATCH_ARGS        extra sbatch options for both jobs (partition, account, time...)
# Prints the two job ids. Exit status: 0 submitted, 1 a failure (named), 2 bad usage.
set -eu
[ $# -eq 4 ] || { echo "usage: kleio-slurm.sh WORK.db SHARDS DIR SNAPSHOT" >&2; exit 2; }
WORK=$1 SHARDS=$2 DIR=$3 SNAPSHOT=$4
KLEIO=${KLEIO:-kleio}
HERE=$(cd "$(dirname "$0")" && pwd)
case $SHARDS in ''|*[!0-9]*) echo "kleio-slurm.sh: SHARDS must be a number, not '$SHARDS'" >&2; exit 2 ;; esac
"$KLEIO" shard --work "$WORK" --shards "$SHARDS" --out "$DIR"
export KLEIO KLEIO_SHARDS_DIR="$DIR" KLEIO_WORK="$WORK" KLEIO_SNAPSHOT="$SNAPSHOT"
export KLEIO_FACETS_ARGS="${KLEIO_FACETS_ARGS:-}" KLEIO_RUN_ARGS="${KLEIO_RUN_ARGS:-}" KLEIO_FIT="${KLEIO_FIT:-}"
# shellcheck disable=SC2086
array=$(sbatch --parsable --export=ALL --array=0-$((SHARDS - 1)) ${SBATCH_ARGS:-} \
    --output="$DIR/facets-%a.log" "$HERE/facets.sbatch")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
    ${SBATCH_ARGS:-} --output="$DIR/merge.log" "$HERE/merge.sbatch")
echo "facets array $array, merge $merge"
