#!/bin/sh
# The map's legend (overlay, its scale low to high, what a bubble's size means) at 80x24,
# 160x45 and on an ASCII terminal; the detail pane's language bars ordered by share or,
# after b, by refusal rate with hidden rates last.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }
# The same snapshot with Arabic (the highest refusal rate in "Software development")
# hidden in that cluster: its row must then come last, not first.
sed "s/^ (1, 'ar', 0, 240, 80, 15, 288)/ (1, 'ar', 1, NULL, NULL, NULL, NULL)/" "$KLEIO_ROOT/tests/fixtures/tui.sql" >"$T/hid.sql"
grep -q "(1, 'ar', 1, NULL," "$T/hid.sql" || not_ok "hidden-cell fixture edited"
H="$T/hid.db"
make_fixture "$T/hid.sql" "$H" || { not_ok "hidden-cell fixture builds"; exit 1; }

# Line N of the screen (1-based).
line() { tui_screen | sed -n "$1p"; }
# The language codes of the detail pane's Languages rows, in screen order (the text right
# of the last │ on each line).
mix_codes() {
    tui_screen | awk '{n=split($0, p, "│"); s=p[n]} s ~ /Languages /{on=1; next}
        on && s ~ /^  [a-z][a-z] /{split(s, f, " "); printf "%s ", f[1]; next} on{exit}'
}

# 80x24: one legend line, the pane's bottom row, under the canvas (no label over it).
tui_start 80 24 "$KLEIO" browse "$S"
tui_expect "80x24: map drawn" "Map · refusal"
tui_expect "80x24: refusal scale, low to high, and the bubble size" "0% ████████ 30% · size=convs."
case "$(line 23)" in
" 0% ████████ 30% · size=convs."*) ok "80x24: the legend is the map pane's bottom line" ;;
*) not_ok "80x24: the legend is the map pane's bottom line" "$(line 23)" ;;
esac
tui_expect "80x24: the labels still drawn" "Safety-sensitive requ"
tui_keys b
tui_expect "80x24 b: the rate fits a narrow pane, first Arabic" "ar  Arabic       ▋       10.0%  ×1.00  6.2%"
tui_screen | grep -q "6.2%…" && not_ok "80x24 b: the rate is not cut" || ok "80x24 b: the rate is not cut"
tui_keys b
tui_keys c
tui_expect "c: the concern scale" " 1 ████████ 5 "
tui_keys c
tui_expect "c: the language overlay says it needs a pick" "no colour: pick languages (f)"
tui_keys c
tui_expect "c: the growth scale" "shrinking ████████ growing"
tui_keys c Enter
tui_expect "drilled: the scale follows the level's highest rate" " 0% ████████ 5% "
tui_quit_ok "quit at 80x24"
tui_stop_wait

# 160x45: two lines, the overlay named and the size, shading and ring explained.
tui_start 160 45 "$KLEIO" browse "$S"
tui_expect "160x45: wide legend" "refusal 0% ████████ 30% (the level's highest)"
tui_expect "160x45: what a bubble's size means" "bubble size = conversations · shading = density · ring = selected"
# Detail: by share first (en 50%, es, zh, ar, ja), the header says so.
tui_expect "detail: the order is named" "by share (b: by refusal)"
[ "$(mix_codes)" = "en es zh ar ja " ] && ok "detail: languages by share" ||
    not_ok "detail: languages by share" "$(mix_codes)"
tui_keys b
tui_expect "b: the header says refusal" "by refusal (b: by share)"
tui_expect "b: the rate shown on the rows" "6.2% ref."
# ar 6.25%, zh and ja 4.17% (then by share), en 4.00%, es 3.96%
[ "$(mix_codes)" = "ar zh ja en es " ] && ok "b: languages by refusal rate" ||
    not_ok "b: languages by refusal rate" "$(mix_codes)"
tui_keys b
tui_expect "b again: back to share" "by share (b: by refusal)"
[ "$(mix_codes)" = "en es zh ar ja " ] && ok "b again: languages by share" ||
    not_ok "b again: languages by share" "$(mix_codes)"
tui_quit_ok "quit at 160x45"
tui_stop_wait

tui_start 160 45 "$KLEIO" browse "$H"
tui_expect "hidden cell: drawn as hidden" "hidden"
tui_keys b
tui_expect "hidden cell: by refusal" "by refusal (b: by share)"
[ "$(mix_codes)" = "zh ja en es ar " ] && ok "hidden rate sorts last" ||
    not_ok "hidden rate sorts last" "$(mix_codes)"
tui_quit_ok "quit (hidden cell)"
tui_stop_wait

# ASCII terminal: the scale in '#', no UTF-8 glyph.
TUI_LOCALE=C
tui_start 80 24 "$KLEIO" browse "$S"
tui_expect "ASCII: map title" "Map - refusal"
tui_expect "ASCII: the scale in #" " 0% ######## 30% - size=convs."
tui_quit_ok "quit (ASCII)"
tui_stop_wait
