#!/bin/sh
# The mouse, when the config enables it: click selects, a click on the selection opens,
# the wheel moves the cursor. Off by default, so the terminal keeps its text selection.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"
S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

# SGR mouse reports (xterm 1006), as a terminal sends them: column and row are 1-based
click() { tui_tmux send-keys -t "$TUI_SESSION" -l "$(printf '\033[<0;%d;%dM\033[<0;%d;%dm' "$1" "$2" "$1" "$2")"; }
wheel_down() { tui_tmux send-keys -t "$TUI_SESSION" -l "$(printf '\033[<65;%d;%dM' "$1" "$2")"; }

mkdir -p "$HOME/.config/kleio"
printf 'mouse = yes\n' >"$HOME/.config/kleio/config"
tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "starts" "Writing, fixing and running code."
click 6 5
tui_expect "a click selects the row" "Drafting, editing and translating text."
click 6 5
tui_expect "a click on the selection opens it" "All clusters › Writing and editing"
wheel_down 6 5
tui_expect "the wheel moves the cursor" "Professional correspondence."
tui_keys q
tui_expect "quits with status 0" "[exited 0 ]"
