#!/bin/sh
# Search across every level: a deep match opens its path; n and N move between matches.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


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
