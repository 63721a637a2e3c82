#!/bin/sh
# The map: zoom in and out, panning, drilling zooms to the children, overlays,
# block characters on ASCII terminals.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

braille() { tui_screen | LC_ALL=C grep -c "$(printf '\342[\240-\243]')"; }
tui_start 140 40 "$KLEIO" browse "$S"
tui_expect "map at fit" "zoom 1.0x"
[ "$(braille)" -gt 3 ] && ok "braille bubbles drawn" || not_ok "braille bubbles drawn"
tui_expect "labels on the map" "Safety-sensitive requ"
tui_keys +
tui_expect "+ zooms in" "zoom 1.5x"
tui_keys +
tui_expect "+ again" "zoom 2.2x"
tui_keys -
tui_expect "- zooms out" "zoom 1.5x"
tui_keys S-Left
tui_keys H
[ "$(braille)" -gt 0 ] && ok "panning keeps drawing" || not_ok "panning keeps drawing"
tui_keys 0
tui_expect "0 fits again" "zoom 1.0x"
tui_keys -
tui_expect "zoom out beyond the fit" "zoom 0.7x"
tui_keys Enter
tui_expect "drilling fits the map to the children" "zoom 1.0x"
tui_expect "children labelled" "Web front-end work"
tui_keys Left
tui_expect "going up fits the map to the level" "zoom 1.0x"
tui_keys c
tui_expect "c: concern overlay" "Map · concern"
tui_keys c c
tui_expect "c: growth overlay" "Map · growth"
tui_keys m
tui_wait_gone "Map · growth" 3 && ok "m hides the map" || not_ok "m hides the map"
tui_keys m
tui_expect "m shows it again" "Map · growth"
tui_quit_ok
tui_stop_wait

TUI_LOCALE=C
tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "ASCII terminal: map title" "Map - refusal"
[ "$(braille)" -eq 0 ] && ok "ASCII terminal: no braille" || not_ok "ASCII terminal: no braille"
tui_quit_ok
tui_stop_wait
