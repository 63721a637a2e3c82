#!/bin/sh
# names_eval.sh — are the offline tree and names of `kleio run` coherent and telling?
# Runs the real binary with its default parameters on
#   dev:      hwu64 (scenario/intent) and a synth corpus of seed 11,
#   held out: banking77 (intent) and a synth corpus of seed 12 (never tuned on),
# and scores each run with names_eval (bench/names_eval.c: fidelity at the top and at the
# leaves, children closer to another parent, name top-1 fidelity (of the leaves, and of the
# names shown after the privacy cut), remainder share, name
# defects), plus the same defects and remainder share of the bundled sample's recipe.
#   sh bench/names_eval.sh [KLEIO]      (default build/kleio; SYNTH_N=10000; SETS=dev or
#                                        held-out for one half)
# Needs `make bench`. Data: $KLEIO_DATA or ../shared/data beside the repository.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
KLEIO=${1:-build/kleio}
case "$KLEIO" in /*) ;; *) KLEIO="$(pwd)/$KLEIO" ;; esac
EVAL="${BUILD:-$here/../build}/bench/names_eval"
data="${KLEIO_DATA:-$here/../../shared/data}"
N=${SYNTH_N:-10000}
[ -x "$EVAL" ] || { echo "names_eval: $EVAL missing (make bench builds it)" >&2; exit 2; }
[ -d "$data/hwu64" ] || { echo "names_eval: no labelled data at $data (set KLEIO_DATA)" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/kleio-names.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM

# one SET-NAME SPLIT CORPUS LABELS
one() {
    "$KLEIO" ingest -q --work "$dir/$1.db" "$3"
    "$KLEIO" run -q --work "$dir/$1.db" --out "$dir/$1.snap" --seed 1
    printf '%-9s %-8s ' "$2" "$1"
    "$EVAL" "$4" "$dir/$1.db" "$dir/$1.snap"
}

# synth SEED: corpus and labels (category coarse, topic fine) from the truth file.
synth() {
    "$KLEIO" synth -q -n "$N" --seed "$1" -o "$dir/synth$1.jsonl" --truth "$dir/synth$1.truth"
    { printf 'id\ttopic\tcategory\n'
      sed -n 's/^{"id":"\([^"]*\)","category":"\([^"]*\)","topic":"\([^"]*\)".*/\1\t\3\t\2/p' \
          "$dir/synth$1.truth"; } > "$dir/synth$1.tsv"
}

case ${SETS:-all} in dev|all)
    synth 11
    one hwu64 dev "$data/hwu64/conversations.jsonl" "$data/hwu64/labels.tsv"
    one synth11 dev "$dir/synth11.jsonl" "$dir/synth11.tsv" ;;
esac
case ${SETS:-all} in held-out|all)
    synth 12
    one banking77 held-out "$data/banking77/conversations.jsonl" "$data/banking77/labels.tsv"
    one synth12 held-out "$dir/synth12.jsonl" "$dir/synth12.tsv" ;;
esac
