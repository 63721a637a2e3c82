#!/bin/sh
# Names with escape sequences, right-to-left Arabic and Hebrew, CJK, combining marks and
# emoji: drawn safely, truncated by display width, nothing raw reaches the terminal.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


S="$T/hostile.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui_hostile.sql" "$S" || { not_ok "fixture builds"; exit 1; }

# TAP check that every line of the screen fits W columns (wide characters truncated by
# display width, combining marks and joiners counted as nothing).
fits_width() { # NAME W
    tui_screen >"$T/screen.txt"
    if python3 -c '
import sys, unicodedata
w = int(sys.argv[2])
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    cols = sum(0 if unicodedata.combining(c) or c in "\u200d" else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    if cols > w + 2: sys.exit("too wide: %d: %s" % (cols, line))
' "$T/screen.txt" "$2" 2>"$T/py.err"; then ok "$1"; else not_ok "$1" "$(cat "$T/py.err")"; fi
}

for size in "100 30" "60 15"; do
    tui_start $size "$KLEIO" browse "$S"
    tui_expect "[$size] escape-laden name drawn as text" "Plain RED"
    tui_expect "[$size] Arabic name" "طلبات"
    tui_expect "[$size] Hebrew name" "בקשות"
    tui_expect "[$size] CJK name" "日本語"
    tui_keys G
    tui_expect "[$size] emoji name" "Rocket"
    title=$(tui_tmux display-message -p -t "$TUI_SESSION" '#{pane_title}')
    case "$title" in *pwned*) not_ok "[$size] OSC title change blocked" "title: $title" ;; *) ok "[$size] OSC title change blocked" ;; esac
    tui_screen | grep -q "$(printf '\033')" && not_ok "[$size] no ESC on screen" || ok "[$size] no ESC on screen"
    # the SGR in the name must not have turned anything red: no 31m in the capture
    tui_tmux capture-pane -p -e -t "$TUI_SESSION" | grep -q '\[31m' && not_ok "[$size] name's SGR not applied" || ok "[$size] name's SGR not applied"
    w=$(echo $size | cut -d' ' -f1)
    fits_width "[$size] lines fit the width" "$w"
    tui_keys g Enter
    tui_expect "[$size] child with escapes drawn" "Child of reverse"
    # the outliers view's paths are cut by display width too
    tui_keys o v v v
    tui_expect "[$size] outliers view lists every test" "listing all"
    tui_expect "[$size] outliers view: CJK path" "日本語"
    fits_width "[$size] outliers view: lines fit the width" "$w"
    tui_keys Escape
    tui_quit_ok
    tui_stop_wait
done
