#!/bin/sh
# pipeline_bench.sh — time per stage and peak memory of the whole pipeline on synthetic
# corpora: kleio synth → ingest → run (facets, embed, cluster, hierarchy, name, layout,
# privacy, publish).
#   sh bench/pipeline_bench.sh [KLEIO] [N...]        (defaults: build/kleio, 100000)
# Needs GNU time (/usr/bin/time) for peak memory. Work files go to $TMPDIR (or /tmp).
set -eu
KLEIO=${1:-build/kleio}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- 100000
case "$KLEIO" in /*) ;; *) KLEIO="$(pwd)/$KLEIO" ;; esac
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "pipeline_bench: GNU time (/usr/bin/time) is needed" >&2; exit 2; }

for n in "$@"; do
    dir=$(mktemp -d "${TMPDIR:-/tmp}/kleio-bench.XXXXXX")
    echo "== $n conversations ($(nproc) CPUs)"
    $TIME -f '%e %M' -o "$dir/t.synth" "$KLEIO" synth -q -n "$n" --seed 1 -o "$dir/c.jsonl"
    $TIME -f '%e %M' -o "$dir/t.ingest" "$KLEIO" ingest -q --work "$dir/w.db" "$dir/c.jsonl"
    $TIME -f '%e %M' -o "$dir/t.run" "$KLEIO" run --work "$dir/w.db" --out "$dir/s.db" 2>"$dir/run.log"
    printf '%-10s %9s %12s\n' step seconds "peak MB"
    for s in synth ingest run; do
        read -r secs kb <"$dir/t.$s"
        printf '%-10s %9s %12d\n' "$s" "$secs" "$((kb / 1024))"
    done
    echo "stages of run (from its summary lines):"
    grep -E '^kleio: [a-z]+: ' "$dir/run.log" | sed 's/^kleio: /  /'
    printf 'work database %d MB, snapshot %d KB\n' "$(($(stat -c %s "$dir/w.db") / 1048576))" \
        "$(($(stat -c %s "$dir/s.db") / 1024))"
    rm -rf "$dir"
done
