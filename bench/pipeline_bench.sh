#!/bin/sh
# pipeline_bench.sh — time per stage and peak memory of the whole pipeline on synthetic
# corpora: kleio synth → ingest → run (facets, embed, cluster, hierarchy, name, layout,
# privacy, publish).
#   sh bench/pipeline_bench.sh [KLEIO] [N...]        (defaults: build/kleio, 100000)
# Needs GNU time (/usr/bin/time) for peak memory. Work files go to $TMPDIR (or /tmp).
# Per stage of the run: wall seconds (from its summary line) and CPU seconds (user + sys of
# the process, sampled from /proc every half second while the run goes, so within about
# one CPU-second): on a shared machine the CPU figure is the one to compare. The load
# average before and after is printed too.
set -eu
KLEIO=${1:-build/kleio}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- 100000
case "$KLEIO" in /*) ;; *) KLEIO="$(pwd)/$KLEIO" ;; esac
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "pipeline_bench: GNU time (/usr/bin/time) is needed" >&2; exit 2; }
TICK=$(getconf CLK_TCK 2>/dev/null || echo 100)
SUMMARY='^kleio: [a-z]+: .*\([0-9.]+s\)$'

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }

# Runs `kleio run` and writes "LINE CPU_TICKS PEAK_KB" to $dir/cpu each time stage summary
# lines appear: the CPU used so far by the process, charged to the first of the new lines
# (when two stages end within one sample, the first is the long one: facets before load),
# and the peak resident memory so far (the stage where it grows is the one that needs it).
run_sampled() {
    $TIME -f '%e %M %U %S' -o "$dir/t.run" "$KLEIO" run --work "$dir/w.db" --out "$dir/s.db" \
        2>"$dir/run.log" &
    tpid=$!
    kpid="" seen=0 ticks=0 hwm=0
    : >"$dir/cpu"
    while kill -0 "$tpid" 2>/dev/null; do
        [ -n "$kpid" ] || kpid=$(cut -d' ' -f1 "/proc/$tpid/task/$tpid/children" 2>/dev/null || true)
        if [ -n "$kpid" ] && [ -r "/proc/$kpid/stat" ]; then
            # fields after the command name: utime and stime are the 12th and 13th
            t=$(sed 's/^.*) //' "/proc/$kpid/stat" 2>/dev/null | awk '{print $12 + $13}') || t=""
            [ -n "$t" ] && ticks=$t
            m=$(awk '/^VmHWM:/ {print $2}' "/proc/$kpid/status" 2>/dev/null) || m=""
            [ -n "$m" ] && hwm=$m
            lines=$(grep -cE "$SUMMARY" "$dir/run.log" || true)
            if [ "$lines" -gt "$seen" ]; then
                echo "$((seen + 1)) $ticks $hwm" >>"$dir/cpu"
                seen=$lines
            fi
        fi
        sleep 0.5
    done
    wait "$tpid" || { echo "pipeline_bench: kleio run failed:" >&2; tail -5 "$dir/run.log" >&2; exit 1; }
}

for n in "$@"; do
    dir=$(mktemp -d "${TMPDIR:-/tmp}/kleio-bench.XXXXXX")
    echo "== $n conversations ($(nproc) CPUs), load average $(loadavg)"
    $TIME -f '%e %M %U %S' -o "$dir/t.synth" "$KLEIO" synth -q -n "$n" --seed 1 -o "$dir/c.jsonl"
    $TIME -f '%e %M %U %S' -o "$dir/t.ingest" "$KLEIO" ingest -q --work "$dir/w.db" "$dir/c.jsonl"
    run_sampled
    printf '%-10s %9s %9s %10s\n' step seconds "CPU s" "peak MB"
    for s in synth ingest run; do
        read -r secs kb user sys <"$dir/t.$s"
        printf '%-10s %9s %9.1f %10d\n' "$s" "$secs" "$(echo "$user $sys" | awk '{print $1 + $2}')" \
            "$((kb / 1024))"
    done
    echo "stages of run (wall seconds from the summary line; CPU seconds and peak memory so"
    echo "far sampled):"
    grep -E "$SUMMARY" "$dir/run.log" | awk -v tick="$TICK" -v cpufile="$dir/cpu" '
        BEGIN { prev = 0; peak = 0
                while ((getline l < cpufile) > 0) { split(l, f, " "); at[f[1]] = f[2]; hw[f[1]] = f[3] } }
        { stage = $2; sub(/:$/, "", stage)
          wall = $NF; gsub(/[()s]/, "", wall)
          c = (NR in at) ? at[NR] : prev   # lines ending in the same sample: 0
          if (NR in hw) peak = hw[NR]
          printf "  %-10s %8.1f s %8.1f CPU s %7d MB peak so far\n", stage, wall, (c - prev) / tick, peak / 1024
          prev = c }'
    printf 'work database %d MB, snapshot %d KB; load average after: %s\n' \
        "$(($(stat -c %s "$dir/w.db") / 1048576))" "$(($(stat -c %s "$dir/s.db") / 1024))" "$(loadavg)"
    [ -n "${KEEP_BENCH_DIR:-}" ] && echo "kept $dir" || rm -rf "$dir"
done
