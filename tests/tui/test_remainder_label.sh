#!/bin/sh
# A published remainder row (groups too small to show, merged) is named by what it holds
# in the explorer's tree as `kleio tree` names it — never a bare "(other)".
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/small.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$S" || { not_ok "fixture builds"; exit 1; }

"$KLEIO" tree "$S" >"$T/tree.txt" 2>&1
check_grep "kleio tree labels the remainder row" '10 conversations in groups too small' "$T/tree.txt"

tui_start 120 30 "$KLEIO" browse "$S"
tui_expect "starts at the top level" "Software development"
tui_keys Enter
tui_expect "the remainder row says what it holds" "10 conversations in groups"
tui_tmux capture-pane -p -t "$TUI_SESSION" >"$T/screen.txt"
check "no bare (other) on the screen" sh -c "! grep -qF '(other)' '$T/screen.txt'"
tui_stop
