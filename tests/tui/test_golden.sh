#!/bin/sh
# Golden screens: the explorer's main screens on the TUI fixture at 80x24 and 160x45,
# compared with stored captures in tests/tui/golden/, so that a change of layout shows up
# as a reviewed diff. After an intended change, regenerate them with
#   KLEIO_GOLDEN_UPDATE=1 sh tests/run.sh build tui/test_golden
# and commit the new captures with the change. (The fixture, not the bundled sample: the
# sample is rebuilt from its recipe, and a names change would move every screen.)
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }
GOLD="$KLEIO_ROOT/tests/tui/golden"

# The screen once it has stopped changing (loading and shading settle first).
settled() {
    prev=""
    i=0
    while [ $i -lt 40 ]; do
        cur=$(tui_screen)
        [ -n "$cur" ] && [ "$cur" = "$prev" ] && break
        prev=$cur
        sleep 0.25
        i=$((i + 1))
    done
    printf '%s\n' "$cur"
}

golden() { # NAME: compare the settled screen with golden/NAME.txt
    settled >"$T/$1.txt"
    if [ "${KLEIO_GOLDEN_UPDATE:-0}" = 1 ]; then
        cp "$T/$1.txt" "$GOLD/$1.txt"
        ok "$1 (updated)"
    elif diff -u "$GOLD/$1.txt" "$T/$1.txt" >"$T/$1.diff" 2>&1; then
        ok "$1 matches its golden capture"
    else
        not_ok "$1 matches its golden capture" "$(head -40 "$T/$1.diff")"
    fi
}

for size in 80x24 160x45; do
    w=${size%x*}
    h=${size#*x}
    tui_start "$w" "$h" "$KLEIO" browse "$S"
    tui_wait "Software development" 10 || not_ok "the explorer starts at $size"
    golden "top-$size"
    tui_keys Enter
    tui_wait "Systems administration" 10 || not_ok "level 1 opens at $size"
    golden "level1-$size"
    tui_keys Left
    tui_wait "Software development" 10
    tui_keys o
    tui_wait "OUTLIERS" 10 || tui_wait "Outliers" 5 || true
    golden "outliers-$size"
    tui_keys Escape
    tui_keys '?'
    sleep 0.5
    golden "help-$size"
    tui_stop_wait
done
