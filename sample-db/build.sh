#!/bin/sh
# sample-db/build.sh — builds the bundled sample snapshot deterministically:
# kleio synth (fixed seed) → kleio ingest → kleio run, then moves the snapshot into place
# atomically. The work database is kept beside the snapshot (OUT's folder, work.db), so the
# explorer can recompute the sample in the background (R); the snapshot names it relative
# to its own folder, so a copy of the folder recomputes into its own work.db.
#   sh sample-db/build.sh [KLEIO] [OUT]      (defaults: build/kleio, sample-db/sample.db)
# SAMPLE_N overrides the number of conversations (default 20000).
# Builds into one folder wait for each other (flock(1), when present): each starts by
# deleting the shared work database, which broke a build running beside it.
set -eu
KLEIO=${1:-build/kleio}
OUT=${2:-sample-db/sample.db}
N=${SAMPLE_N:-20000}
SEED=20261126

case "$KLEIO" in /*) ;; *) KLEIO="$(pwd)/$KLEIO" ;; esac
DIR=$(cd "$(dirname "$OUT")" && pwd)
WORK="$DIR/work.db"
NEW="$DIR/.$(basename "$OUT").build-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kleio-sample.XXXXXX")
trap 'rm -rf "$tmp" "$NEW"' EXIT
trap 'exit 130' INT TERM

if command -v flock >/dev/null 2>&1; then
    exec 9>"$WORK.build-lock"
    flock 9
fi
start=$(date +%s)
"$KLEIO" synth -q -n "$N" --seed "$SEED" -o "$tmp/corpus.jsonl"
rm -f "$WORK" "$WORK-wal" "$WORK-shm" "$WORK.lock"
"$KLEIO" ingest -q --work "$WORK" "$tmp/corpus.jsonl"
# Published in OUT's folder (the snapshot records work.db relative to it), then renamed:
# a reader never sees half a sample.
"$KLEIO" run -q --work "$WORK" --out "$NEW" --seed 1
mv -f "$NEW" "$OUT"
echo "sample: $OUT ($N conversations, $(( $(date +%s) - start ))s)"
