#!/bin/sh
# Drilling three levels down and back up, the breadcrumb, the remembered cursor, lazy
# loading with a visible "Loading…" while keys stay live.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

sel() { tui_tmux capture-pane -p -e -t "$TUI_SESSION" | grep -F "$1" | grep -q '7m\|48;5;74m\|48;2;'; }

tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "starts at the top level" "Software development"
tui_keys Enter
tui_expect "level 1 breadcrumb" "All clusters › Software development"
tui_expect "level 1 children" "Systems administration"
# go to the third row (Text processing) and open it
tui_keys Down Down
tui_wait "Text processing" 3
tui_keys Enter
tui_expect "level 2 breadcrumb" "Software development › Text processing"
tui_expect "level 2 children" "Regex for log parsing"
tui_keys Enter
tui_expect "level 3 breadcrumb" "Text processing › Regex for log parsing"
tui_expect "level 3: the deepest clusters" "Timestamp extraction"
tui_keys Down
tui_keys Enter
tui_expect "a leaf cannot be opened" "no sub-clusters"
tui_keys Left
tui_expect "back up to level 2" "Software development › Text processing"
tui_wait_gone "Regex for log parsing ›" 3
tui_keys Left
tui_expect "back up to level 1" "All clusters › Software development"
# the cursor is on Text processing again: its detail is shown
tui_expect "cursor restored on the cluster we came from" "Parsing and transforming text."
tui_keys Left
tui_expect "back at the top" "Safety-sensitive requests"
tui_expect "cursor restored at the top" "Writing, fixing and running code."
# opening the same cluster again lands on the remembered child
tui_keys Right
tui_expect "remembered cursor inside a cluster" "Parsing and transforming text."
tui_keys BSpace
tui_expect "Backspace goes up" "Writing, fixing and running code."
# expand in place with Space
tui_keys Space
tui_expect "Space expands in place" "▾ Software development"
tui_keys Space
tui_expect "Space collapses" "▸ Software development"
tui_keys q
tui_expect "quit" "[exited 0 ]"
tui_stop_wait

# Slow background loading: "Loading…" is visible and keys work meanwhile.
tui_start 100 30 env KLEIO_TUI_LOAD_DELAY_MS=700 "$KLEIO" browse "$S"
tui_expect "slow load: top level is there at once" "Software development"
tui_keys Down Down Enter
tui_expect "slow load: Loading… shown while children are read" "Loading…"
tui_keys '?'
tui_expect "slow load: keys stay live while loading" "Moving in any list"
tui_keys Escape
tui_expect "slow load: children arrive" "Chemistry questions" 8
tui_quit_ok
tui_stop_wait
