#!/bin/sh
# Runs every test and ends with one line: "N passed, N failed".
#   tests/run.sh BUILD_DIR [PATTERN]
# Unit tests are cmocka programs in BUILD_DIR/tests/ (TAP output); end-to-end tests are
# tests/e2e/*.sh and real-terminal tests tests/tui/*.sh, which print TAP lines too.
# A program that dies without reporting a failure counts as one failure.
BUILD=${1:-build}
PATTERN=${2:-}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
export KLEIO="$BUILD/kleio" KLEIO_BUILD="$BUILD" KLEIO_ROOT="$ROOT"
export CMOCKA_MESSAGE_OUTPUT=TAP
LOG_DIR="$BUILD/test-logs"
mkdir -p "$LOG_DIR"

passed=0
failed=0
failed_names=""

run_one() {
    name=$1; shift
    log="$LOG_DIR/$(echo "$name" | tr '/' '_').log"
    "$@" >"$log" 2>&1
    status=$?
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
        echo "not ok - $name exited with status $status" >>"$log"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -gt 0 ]; then
        failed_names="$failed_names $name"
        echo "FAIL $name ($p passed, $f failed) — log: $log"
        grep '^not ok ' "$log" | head -20 | sed 's/^/    /'
    else
        echo "ok   $name ($p)"
    fi
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    case "$t" in *"$PATTERN"*) ;; *) continue ;; esac
    run_one "unit/$(basename "$t")" "$t"
done
for t in "$ROOT"/tests/e2e/*.sh "$ROOT"/tests/tui/test_*.sh; do
    [ -f "$t" ] || continue
    case "$t" in *"$PATTERN"*) ;; *) continue ;; esac
    run_one "$(basename "$(dirname "$t")")/$(basename "$t")" sh "$t"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
