#!/bin/sh
# intent_eval.sh — clustering quality of `kleio run` on the labelled intent sets, through
# the real binary: ingest conversations.jsonl, run at k = number of intents (hwu64 also
# with a two-level tree of 18 top clusters), export the assignments and score them with
# tests/tools/score_assignments (NMI, ARI, top-level accuracy against labels.tsv).
#   sh bench/intent_eval.sh [KLEIO] [SEED...]     (defaults: build/kleio, seeds 1 2 3)
# Needs the test tools (`make check`). Data: $KLEIO_DATA or ../shared/data beside the repository.
# Prints one line per data set and seed, then the mean over the seeds.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
KLEIO=${1:-build/kleio}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- 1 2 3
case "$KLEIO" in /*) ;; *) KLEIO="$(pwd)/$KLEIO" ;; esac
SCORE="${BUILD:-$here/../build}/tests/tools/score_assignments"
data="${KLEIO_DATA:-$here/../../shared/data}"
[ -x "$SCORE" ] || { echo "intent_eval: $SCORE missing (make check builds it)" >&2; exit 2; }
[ -d "$data/hwu64" ] || { echo "intent_eval: no labelled data at $data (set KLEIO_DATA)" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/kleio-intent.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

# set name k extra-run-options...
eval_set() {
    name=$1 k=$2
    shift 2
    "$KLEIO" ingest -q --work "$dir/$name.db" "$data/$name/conversations.jsonl"
    for seed in $SEEDS; do
        "$KLEIO" run -q --work "$dir/$name.db" --out "$dir/$name.snap" --k "$k" \
            --min-users 1 --min-conversations 1 --seed "$seed" "$@"
        "$KLEIO" export assignments --work "$dir/$name.db" -o "$dir/$name.tsv"
        printf '%-10s seed %-3s ' "$name" "$seed"
        "$SCORE" "$data/$name/labels.tsv" "$dir/$name.tsv"
    done | tee "$dir/$name.out"
    awk -v name="$name" '{
            for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2 && kv[1] != "n") { s[kv[1]] += kv[2]; o[kv[1]] = i }
            c++
        } END {
            printf "%-10s mean    ", name
            for (k in o) order[o[k]] = k
            for (i = 1; i <= 20; i++) if (i in order) printf " %s=%.4f", order[i], s[order[i]] / c
            printf "\n"
        }' "$dir/$name.out"
}
SEEDS="$*"
eval_set hwu64 64 --levels 2 --top 18
eval_set banking77 77
