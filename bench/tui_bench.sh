#!/bin/sh
# Builds the benchmark and runs it against the real binary (see bench/tui_bench.c).
#   bench/tui_bench.sh [tui_bench options]
set -e
cd "$(dirname "$0")/.."
make -s all bench
exec build/bench/tui_bench --kleio build/kleio "$@"
