#!/bin/sh
# sample-db/build.sh — builds the bundled sample snapshot deterministically:
# kleio synth (fixed seed) → kleio ingest → kleio run, then moves the snapshot into place
# atomically. The work database is kept beside the snapshot (OUT's folder, work.db), so the
# explorer can recompute the sample in the background (R).
#   sh sample-db/build.sh [KLEIO] [OUT]      (defaults: build/kleio, sample-db/sample.db)
# SAMPLE_N overrides the number of conversations (default 20000).
set -eu
KLEIO=${1:-build/kleio}
OUT=${2:-sample-db/sample.db}
N=${SAMPLE_N:-20000}
SEED=20261126

case "$KLEIO" in /*) ;; *) KLEIO="$(pwd)/$KLEIO" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kleio-sample.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

start=$(date +%s)
"$KLEIO" synth -q -n "$N" --seed "$SEED" -o "$tmp/corpus.jsonl"
WORK="$(cd "$(dirname "$OUT")" && pwd)/work.db"
rm -f "$WORK" "$WORK-wal" "$WORK-shm" "$WORK.lock"
"$KLEIO" ingest -q --work "$WORK" "$tmp/corpus.jsonl"
"$KLEIO" run -q --work "$WORK" --out "$tmp/sample.db" --seed 1
# Same directory as OUT, then rename: a reader never sees half a sample.
cp "$tmp/sample.db" "$OUT.tmp"
mv -f "$OUT.tmp" "$OUT"
echo "sample: $OUT ($N conversations, $(( $(date +%s) - start ))s)"
