#!/bin/sh
# LC_ALL=C: an ASCII terminal gets ASCII glyphs only, and the explorer still works.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


S="$T/tui.db"
H="$T/hostile.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }
make_fixture "$KLEIO_ROOT/tests/fixtures/tui_hostile.sql" "$H" || { not_ok "fixture builds"; exit 1; }
TUI_LOCALE=C

tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "C locale: starts" "Software development"
tui_expect "C locale: ASCII expand markers" "+ Software development"
tui_expect "C locale: ASCII separators" "| tui.db |"
tui_expect "C locale: ASCII sort marker" "CONVSv"
tui_keys m
tui_wait_gone "Map -" 3
# without the map every glyph is ours: no byte outside ASCII
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then not_ok "C locale: only ASCII on screen" "$(tui_screen | LC_ALL=C grep -n '[^ -~]' | head -3)"; else ok "C locale: only ASCII on screen"; fi
tui_keys Enter Down Enter
tui_expect "C locale: drill down" "Software development > "
tui_keys f
tui_expect "C locale: picker" "Filter: _"
tui_keys e s Space Enter
tui_expect "C locale: filter" "languages: es"
tui_quit_ok
tui_stop_wait

tui_start 100 30 "$KLEIO" browse "$H"
tui_expect "C locale: hostile names as ?" "?????"
tui_keys m
tui_wait_gone "Map -" 3
if tui_screen | LC_ALL=C grep -q '[^ -~]'; then not_ok "C locale: non-ASCII names become ?" "$(tui_screen | LC_ALL=C grep -n '[^ -~]' | head -3)"; else ok "C locale: non-ASCII names become ?"; fi
tui_quit_ok
tui_stop_wait
