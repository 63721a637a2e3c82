#!/bin/sh
# run.sh — builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang into build-fuzz/
# and runs each on a scratch copy of its committed seed corpus (tests/fuzz/corpus/NAME).
# Usage: sh tests/fuzz/run.sh fuzz|fuzz-smoke|build [TARGET...]
#   fuzz        each target FUZZ_TIME seconds (default 600)
#   fuzz-smoke  all targets within about a minute (CI's last step)
#   build       only build them
# Without clang it says so and exits 0: fuzzing is an extra, not a dependency.
# A finding (crash, leak, sanitizer report, timeout) exits 1; libFuzzer writes the input
# to build-fuzz/findings/ and the log to build-fuzz/logs/TARGET.log.
set -u
mode=${1:-fuzz}
[ $# -gt 0 ] && shift
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
B=build-fuzz
CLANG=${FUZZ_CC:-clang}
if ! command -v "$CLANG" >/dev/null 2>&1 || ! command -v "${FUZZ_CXX:-clang++}" >/dev/null 2>&1; then
    echo "fuzz: skipped: $CLANG/clang++ not found (install clang to fuzz)"
    exit 0
fi
# libFuzzer ships with clang on Debian; a clang without it cannot link the targets.
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! "$CLANG" -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
    rm -rf "$probe"
    echo "fuzz: skipped: $CLANG cannot link -fsanitize=fuzzer (libFuzzer missing)"
    exit 0
fi
rm -rf "$probe"

make -s BUILD=$B CC="$CLANG" CXX="${FUZZ_CXX:-clang++}" WERROR=0 OPT='-O1 -g' \
    SANITIZE=fuzzer-no-link,address,undefined fuzz-bins || exit 2
[ "$mode" = build ] && exit 0

targets=${*:-$(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')}
n=$(echo "$targets" | wc -w)
case $mode in
fuzz) secs=${FUZZ_TIME:-600} ;;
fuzz-smoke) secs=$((50 / n)); [ "$secs" -lt 3 ] && secs=3 ;;
*) echo "usage: sh tests/fuzz/run.sh fuzz|fuzz-smoke|build [TARGET...]" >&2; exit 2 ;;
esac
mkdir -p "$B/findings" "$B/logs"
status=0
for t in $targets; do
    corpus="$B/corpus/$t"
    mkdir -p "$corpus"
    cp -n "tests/fuzz/corpus/$t"/* "$corpus"/ 2>/dev/null
    log="$B/logs/$t.log"
    # A quiet leak or UB report is a finding; 2 GB and 10 s per input are the bounds the
    # targets must keep (ingest's line cap and value bound make that true).
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$B/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -artifact_prefix="$B/findings/$t-" -print_final_stats=1 \
        "$corpus" >"$log" 2>&1
    st=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ "$st" -eq 0 ]; then
        echo "fuzz: $t: ${execs:-?} executions in ${secs}s, no finding (corpus $(ls "$corpus" | wc -l))"
    else
        echo "fuzz: $t: FINDING after ${execs:-?} executions (status $st): see $log"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5
        status=1
    fi
done
exit $status
