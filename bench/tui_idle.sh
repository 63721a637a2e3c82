#!/bin/sh
# bench/tui_idle.sh — the explorer's idle CPU and per-key latency on a level of 20,000
# clusters (bench/tui_idle.sql), in a real terminal (tmux, 160x45).
#   bench/tui_idle.sh [KLEIO_BINARY]      (default build/kleio)
# Prints idle_cpu_pct (CPU time over IDLE_S seconds of no input, after loading ends) and
# the handling time of KEYS Down presses from key to refresh (KLEIO_TUI_KEY_LOG):
# median and worst. Needs tmux and build/tests/tools/mkfixture (make test-bins).
set -e
cd "$(dirname "$0")/.."
ROOT=$PWD
KLEIO=${1:-$ROOT/build/kleio}
IDLE_S=${IDLE_S:-10}
KEYS=${KEYS:-20}
DIR=$(mktemp -d /tmp/kleio-tui-idle.XXXXXX)
SOCK=$DIR/tmux.sock
trap 'tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$DIR"' EXIT INT TERM
DB=${TUI_IDLE_DB:-/tmp/kleio-tui-idle.db}
if [ ! -s "$DB" ]; then
    "$ROOT/build/tests/tools/mkfixture" "$DB.tmp" bench/tui_idle.sql
    mv "$DB.tmp" "$DB"
fi
screen() { tmux -S "$SOCK" capture-pane -p -t bench; }
tmux -S "$SOCK" -f /dev/null new-session -d -s bench -x 160 -y 45 \
    "exec env LC_ALL=C.UTF-8 HOME=$DIR TERM=xterm-256color KLEIO_TUI_KEY_LOG=$DIR/keys.log $KLEIO browse $DB"
tmux -S "$SOCK" set-option -t bench status off >/dev/null
pid=$(tmux -S "$SOCK" list-panes -t bench -F '#{pane_pid}')
# Loaded: the footer's "Loading…" and "Shading map…" counters and the background check
# are gone.
i=0
while [ $i -lt 600 ] && { ! screen | grep -q 'Bench cluster' || screen | grep -q 'Loading\|Checking\|Shading'; }; do
    sleep 0.1; i=$((i + 1))
done
sleep 1
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); sleep "$IDLE_S"; t1=$(ticks)
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$IDLE_S" \
    'BEGIN { printf "idle_cpu_pct=%.2f over %ds\n", 100 * (b - a) / hz / s, s }'
n=0
while [ $n -lt "$KEYS" ]; do
    tmux -S "$SOCK" send-keys -t bench Down
    sleep 0.3; n=$((n + 1))
done
grep '^key=' "$DIR/keys.log" | sed 's/.*handle_ms=\([0-9.]*\).*/\1/' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR) printf "key_ms_median=%.2f key_ms_max=%.2f keys=%d\n", v[int((NR + 1) / 2)], v[NR], NR }'
tmux -S "$SOCK" send-keys -t bench q
