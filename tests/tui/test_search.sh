#!/bin/sh
# Search across every level: a deep match opens its path; n and N move between matches.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

# quits and checks the exit status: under AddressSanitizer a leak or error exits non-zero
tui_quit_ok() {
    tui_keys q
    tui_expect "${1:-quits} with status 0" "[exited 0 ]"
}

# stops the session; the next tui_start gets a fresh server on a new socket, so it never
# races the old server's shutdown
tui_stop_wait() {
    tui_stop
    TUI_N=$(( ${TUI_N:-0} + 1 ))
    TUI_SOCK="$T/tmux$TUI_N.sock"
}
S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "starts" "Software development"
tui_keys /
tui_expect "search prompt" "Search: _"
tui_keys n e e d l e - q u o k k a Enter
tui_expect "deep match opens its path" "Text processing › Regex for log parsing"
tui_expect "the match is selected" "Pulling dates from log lines"
tui_keys /
tui_keys C-u
tui_keys p o e t r y Enter
tui_expect "search by name" "All clusters › Writing and editing"
tui_keys n
tui_expect "n: next match (by description or name)" "Writing and editing › Poetry"
tui_keys N
tui_expect "N: previous match" "All clusters › Writing and editing"
tui_keys / C-u p a s s w o r d Enter
tui_expect "search opens a third-level match" "Safety-sensitive requests › Security testing"
tui_expect "the burst flag is shown" "Burst: many new accounts"
tui_keys / C-u z z z z q Enter
tui_expect "no match is reported" "No cluster matches 'zzzzq'"
tui_quit_ok
tui_stop_wait
