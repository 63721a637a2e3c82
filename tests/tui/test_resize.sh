#!/bin/sh
# Resizing at any time: 80x24, 60x15 (the minimum), a too-small screen that can be
# dismissed, very wide terminals, and back.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

tui_start 80 24 "$KLEIO" browse "$S"
tui_expect "80x24 works" "Software development"
tui_expect "80x24 shows the map" "Map"
tui_keys Enter
tui_expect "drilled" "Systems administration"
tui_resize 60 15
tui_wait_gone "Map ·" 3 && ok "60x15 drops the map" || not_ok "60x15 drops the map"
tui_expect "60x15 still shows the tree" "Systems administration"
tui_expect "60x15 keeps the breadcrumb" "Software development"
[ "$(tui_screen | wc -L)" -le 60 ] && ok "nothing drawn beyond 60 columns" || not_ok "nothing drawn beyond 60 columns"
tui_keys Down
tui_resize 40 10
tui_expect "too small screen" "Terminal too small: 40x10"
tui_keys x
tui_wait_gone "Terminal too small" 3 && ok "too-small screen is dismissable" || not_ok "too-small screen is dismissable"
tui_resize 250 60
tui_expect "very wide: map beside the tree" "zoom 1.0x"
tui_expect "very wide: the state survived resizing" "All clusters › Software development"
tui_resize 80 24
tui_expect "back at 80x24" "Systems administration"
tui_keys q
tui_expect "quit after resizing" "[exited 0 ]"
tui_stop_wait
