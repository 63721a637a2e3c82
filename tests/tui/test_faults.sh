#!/bin/sh
# The explorer under faults (issue 19): its scripted session (browse --bench-frames: load,
# filter, sort, the outliers view, search; drawn into a virtual screen) with the Nth
# allocation failing (tests/fault/failmalloc.c) or the Nth SQLite read of the snapshot
# failing (tests/fault/faultvfs.c), swept over N. Each run must end by itself (no signal,
# no sanitizer report) and either show all the clusters, or say that some could not be read
# (the footer's warning; read_failed=1 in the script's output), or stop with one "kleio:"
# line. Then in a real terminal: out of memory while the explorer is on screen gives the
# terminal back (main screen, echo and line editing on) and its line is seen.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"
CC=${CC:-cc}
POINTS=${FAULT_POINTS:-40}
# ncurses does not survive every failed allocation of its own (tiparm and setupterm read the
# NULL they got back, from malloc or from a libc function such as strdup): the sweeps fail the
# allocations kleio, SQLite and the other libraries make, not those made by ncurses or inside
# libc's own functions.
export FAILMALLOC_SPARE=ncurses,tinfo,libc.so

S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }
check "the malloc shim builds" $CC -shared -fPIC -O1 -o "$T/failmalloc.so" \
    "$KLEIO_ROOT/tests/fault/failmalloc.c"
# shellcheck disable=SC2046 # pkg-config prints several words
check "the SQLite VFS shim builds" $CC -shared -fPIC -O1 -o "$T/faultvfs.so" \
    "$KLEIO_ROOT/tests/fault/faultvfs.c" $(pkg-config --cflags --libs sqlite3)
asan=0   # a sanitizer build owns malloc: the allocation sweeps are for the normal build
if nm -D "$KLEIO" 2>/dev/null | grep -q __asan_init || ldd "$KLEIO" 2>/dev/null | grep -q libasan; then
    asan=1
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
fi

# What the script saw: clusters and languages loaded, outliers, the check, read failures.
sig() { grep -Eo '(clusters|languages|count|tests|valid|read_failed)=[0-9]+' "$1" | tr '\n' ' '; }
"$KLEIO" browse --bench-frames "$S" 2>"$T/ref.err" >/dev/null
ref=$(sig "$T/ref.err")
check_grep "the clean script loads the clusters" "clusters=[1-9]" "$T/ref.err"
check_grep "…and reports no read failure" "^read_failed=0" "$T/ref.err"

tries=0 shown=0 warned=0 stopped=0 badn=0
: >"$T/bad"
one() { # ENV-ASSIGNMENT SHIM
    tries=$((tries + 1))
    env "$1" LD_PRELOAD="$2" timeout 20 "$KLEIO" browse --bench-frames "$S" >/dev/null 2>"$T/f.err"
    st=$?
    if [ "$st" -ge 124 ] || grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/f.err"; then
        badn=$((badn + 1)); echo "$1: status $st: $(tail -2 "$T/f.err")" >>"$T/bad"
    elif [ "$st" -ne 0 ]; then
        if grep -q '^kleio: ' "$T/f.err"; then stopped=$((stopped + 1))
        else badn=$((badn + 1)); echo "$1: status $st without a kleio: line" >>"$T/bad"; fi
    elif [ "$(sig "$T/f.err")" = "$ref" ]; then
        shown=$((shown + 1))
    elif grep -q 'read_failed=1' "$T/f.err"; then
        warned=$((warned + 1))
    else
        badn=$((badn + 1)); echo "$1: status 0, silently short: $(sig "$T/f.err")" >>"$T/bad"
    fi
}
sweep_summary() { # NAME
    msg="$1: $tries faults, $shown shown whole, $warned shown with the warning, $stopped stopped with a kleio: line"
    if [ "$badn" -eq 0 ] && [ "$tries" -gt 0 ]; then ok "$msg"
    else not_ok "$msg" "$badn bad: $(head -c 1200 "$T/bad")"; fi
    tries=0 shown=0 warned=0 stopped=0 badn=0
    : >"$T/bad"
}
stride() { s=$(($1 / POINTS)); [ "$s" -ge 1 ] || s=1; echo "$s"; }

FAULTVFS_COUNT="$T/count" LD_PRELOAD="$T/faultvfs.so" "$KLEIO" browse --bench-frames "$S" >/dev/null 2>&1
read -r _ reads _ <"$T/count"
n=1; step=$(stride "$reads")
while [ "$n" -le "$reads" ]; do one "FAULTVFS=ioerr:$n" "$T/faultvfs.so"; n=$((n + step)); done
sweep_summary "explorer script, SQLite read N of $reads fails"

if [ "$asan" -eq 0 ]; then
    FAILMALLOC_COUNT="$T/count" LD_PRELOAD="$T/failmalloc.so" "$KLEIO" browse --bench-frames "$S" >/dev/null 2>&1
    total=$(cat "$T/count")
    n=1; step=$(stride "$total")
    while [ "$n" -le "$total" ]; do one "FAILMALLOC_N=$n" "$T/failmalloc.so"; n=$((n + step)); done
    sweep_summary "explorer script, allocation N of $total fails"

    # In a terminal: the allocations of start-up and a quit, then faults a little later,
    # while keys are pressed. The wrapper prints the terminal's modes once kleio is gone.
    cat >"$T/wrap.sh" <<EOS
env FAILMALLOC_SPARE=ncurses,tinfo,libc.so "\$@" LD_PRELOAD="$T/failmalloc.so" "$KLEIO" browse "$S"
echo "[status \$?]"
stty -a | grep -Eo -- '(^| )-?(icanon|echo)( |\$)' | tr -d ' ' | tr '\n' ' '; echo
EOS
    tui_start 120 34 sh "$T/wrap.sh" FAILMALLOC_COUNT="$T/tcount"
    tui_expect "terminal: the explorer starts under the shim" "Software development"
    tui_keys q
    tui_wait "[status 0]" 5
    tui_stop_wait
    base=$(cat "$T/tcount" 2>/dev/null || echo 0)
    hit=0
    for k in 20 100 400; do
        tui_start 120 34 sh "$T/wrap.sh" FAILMALLOC_N=$((base + k))
        tui_wait "Software development" 5
        for key in s s l Down Enter Escape o Escape j j Enter; do tui_keys "$key"; sleep 0.05; done
        if tui_wait "[status 3]" 3; then
            hit=$((hit + 1))
            alt=$(tui_tmux display -p -t "$TUI_SESSION" '#{alternate_on}')
            modes=$(tui_screen | grep -E -- '-?icanon' | tail -1)
            if [ "$alt" = 0 ] && tui_screen | grep -q '^kleio: out of memory' &&
                echo "$modes" | grep -q '^icanon echo'; then
                ok "terminal: out of memory at allocation $((base + k)) gives the terminal back"
            else
                not_ok "terminal: out of memory at allocation $((base + k)) gives the terminal back" \
                    "alternate screen $alt, modes '$modes': $(tui_screen | grep -v '^$' | tail -3)"
            fi
        fi
        tui_keys q
        tui_stop_wait
    done
    [ "$hit" -gt 0 ] && ok "terminal: $hit of 3 faults hit while the explorer was on screen" ||
        not_ok "terminal: a fault hit while the explorer was on screen" "none of 3 (start-up $base allocations)"
fi
