#!/bin/sh
# run.sh — `make lint-all`: the static and dynamic checks that are too slow or too
# tool-dependent for `make check` (docs/RELIABILITY.md records what they found).
#   cppcheck    src and the test shims; warnings read and found false are listed, with the
#               reason, in tests/lint/cppcheck.supp; anything else fails
#   scan-build  clang's static analyzer over a full build into build-lint/ (--status-bugs)
#   valgrind    memcheck on a VALGRIND_N-conversation pipeline (default 2,000; synth,
#               ingest, run), on kleio
#               tree and diff of its snapshots, and on the explorer's scripted session
#               (browse --bench-frames: load, filter by language, sort, draw into a virtual
#               screen) of that snapshot and of the hostile fixture: no error, no definite leak
# A tool that is not installed is skipped with a line saying so, or fails the run when
# LINT_REQUIRE=1 (`make lint` sets it for scan-build). Usage: sh tests/lint/run.sh
# [cppcheck|scan-build|valgrind]...   (VALGRIND_N=10000 sh tests/lint/run.sh valgrind: the
# issue's 10k run, about an hour on two cores)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 2
steps=${*:-cppcheck scan-build valgrind}
status=0
say() { echo "lint-all: $*"; }
# A missing tool: skipped, or a failure under LINT_REQUIRE=1.
missing() {
    if [ "${LINT_REQUIRE:-0}" = 1 ]; then say "$1: FAILED: $2 not installed (.ci/install-deps installs it)"; status=1
    else say "$1: skipped ($2 not installed)"; fi
}

for step in $steps; do
    case $step in
    cppcheck)
        if ! command -v cppcheck >/dev/null 2>&1; then missing cppcheck cppcheck; continue; fi
        out=build-lint/cppcheck.txt
        mkdir -p build-lint
        nice cppcheck -j2 -q --std=c11 --enable=warning,portability,performance -Iinclude \
            -D_GNU_SOURCE --inline-suppr --suppressions-list=tests/lint/cppcheck.supp \
            --error-exitcode=1 src tests/fault tests/fuzz tests/tools >"$out" 2>&1
        st=$?
        if [ "$st" -eq 0 ]; then say "cppcheck: clean ($(grep -c '^[a-zA-Z]' tests/lint/cppcheck.supp) suppressions, each explained)"
        else say "cppcheck: findings in $out"; grep -E '^(src|tests)/' "$out" | head -20; status=1; fi
        ;;
    scan-build)
        if ! command -v scan-build >/dev/null 2>&1 || ! command -v clang >/dev/null 2>&1; then
            missing scan-build "scan-build or clang"; continue
        fi
        rm -rf build-lint/obj build-lint/scan; mkdir -p build-lint
        nice scan-build --status-bugs -o build-lint/scan --use-cc=clang --use-c++=clang++ \
            make -s -j2 BUILD=build-lint/obj CC=clang CXX=clang++ WERROR=0 build-lint/obj/kleio \
            >build-lint/scan-build.txt 2>&1
        st=$?
        if [ "$st" -eq 0 ]; then say "scan-build: no bugs"
        else say "scan-build: bugs (status $st), see build-lint/scan-build.txt and build-lint/scan/"
             grep -E 'warning:' build-lint/scan-build.txt | head -20; status=1; fi
        ;;
    valgrind)
        if ! command -v valgrind >/dev/null 2>&1; then missing valgrind valgrind; continue; fi
        [ -x build/kleio ] || make -s build/kleio || exit 2
        V=build-lint/vg
        rm -rf "$V"; mkdir -p "$V"
        vg() { # NAME ARGS... — one command under memcheck
            name=$1; shift
            t0=$(date +%s)
            nice valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
                --log-file="$V/$name.log" build/kleio "$@" >"$V/$name.out" 2>&1
            st=$?
            if [ "$st" -eq 99 ] || [ -s "$V/$name.log" ]; then
                say "valgrind: $name: errors, see $V/$name.log"; head -20 "$V/$name.log"; status=1
            else say "valgrind: $name: clean (status $st, $(($(date +%s) - t0)) s)"; fi
        }
        N=${VALGRIND_N:-2000}
        case $N in ''|*[!0-9]*) echo "lint-all: VALGRIND_N must be a number" >&2; exit 2 ;; esac
        say "valgrind: a pipeline of $N conversations"
        vg synth synth -q -n "$N" --seed 4 -o "$V/in.jsonl"
        vg ingest ingest -q --work "$V/w.db" "$V/in.jsonl"
        vg run run -q --work "$V/w.db" --out "$V/s.db" --min-users 2 --min-conversations 5 --threads 2
        vg run-leaf40 run -q --work "$V/w.db" --out "$V/s2.db" --min-users 2 --min-conversations 5 --leaf-size 40
        vg tree tree "$V/s.db"
        vg diff diff "$V/s.db" "$V/s2.db"
        build/tests/tools/mkfixture "$V/hostile.db" tests/fixtures/tui_hostile.sql 2>/dev/null ||
            { make -s build/tests/tools/mkfixture && build/tests/tools/mkfixture "$V/hostile.db" tests/fixtures/tui_hostile.sql; }
        vg browse browse --bench-frames "$V/s.db"
        vg browse-hostile browse --bench-frames "$V/hostile.db"
        ;;
    *) echo "usage: sh tests/lint/run.sh [cppcheck|scan-build|valgrind]..." >&2; exit 2 ;;
    esac
done
exit $status
