#!/bin/sh
# Sorting by any column, reversing, and a sort set in the config file.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

# the first tree row (line 4 of the screen)
first_row() { tui_screen | sed -n 4p; }

tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "sorted by conversations at start" "sort: conversations ▼"
first_row | grep -q "Software development" && ok "largest first" || not_ok "largest first" "$(first_row)"
tui_keys s s s
tui_expect "s cycles to refusal" "sort: refusal ▼"
tui_expect "the sort column is marked" "REFUSAL▼"
sleep 0.2
first_row | grep -q "Safety-sensitive requests" && ok "highest refusal rate first" || not_ok "highest refusal rate first" "$(first_row)"
tui_keys r
tui_expect "r reverses" "sort: refusal ▲"
sleep 0.2
first_row | grep -q "Writing and editing" && ok "lowest refusal rate first" || not_ok "lowest refusal rate first" "$(first_row)"
tui_keys r g Enter
tui_expect "children sorted too" "All clusters › Safety-sensitive requests" 3
sleep 0.2
first_row | grep -q "Medical dosing" && ok "children by refusal" || not_ok "children by refusal" "$(first_row)"
tui_keys Enter
tui_expect "grandchildren" "Safety-sensitive requests › Medical dosing" 3
sleep 0.2
first_row | grep -q "Child dosing" && ok "grandchildren by refusal" || not_ok "grandchildren by refusal" "$(first_row)"
tui_keys Left Left S S S S
tui_expect "S goes back to name" "sort: name ▲"
sleep 0.2
first_row | grep -q "Safety-sensitive requests" && ok "name sorts alphabetically" || not_ok "name sorts alphabetically" "$(first_row)"
tui_quit_ok
tui_stop_wait

mkdir -p "$HOME/.config/kleio"
printf 'sort = refusal\ncolumns = name, refusal, conversations\nbogus = 1\n' >"$HOME/.config/kleio/config"
tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "config: sort" "sort: refusal ▼"
tui_expect_re "config: column order" "CLUSTER +REFUSAL▼ +CONVS"
tui_screen | grep -q "TREND" && not_ok "config: unlisted columns hidden" || ok "config: unlisted columns hidden"
tui_expect "config: bad line reported with file and line" "config:3: unknown key bogus"
tui_quit_ok
tui_stop_wait
