#!/bin/sh
# Themes: the built-in ones, a theme file with bad lines, mono and NO_COLOR (no colour
# escape sequences at all), --theme over the config file.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

# colour SGR parameters in tmux's escaped capture: 3x/4x/9x, 38;5;N, 48;5;N, 38;2
colours() { tui_tmux capture-pane -p -e -t "$TUI_SESSION" | grep -Ec '\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|38;5|48;5|38;2|48;2)[;m]'; }
# polls a little for colour, as the frame may still be arriving
coloured() { i=0; while [ "$(colours)" -eq 0 ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done; [ "$(colours)" -gt 0 ]; }

tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "default theme starts" "Software development"
coloured && ok "default theme uses colour" || not_ok "default theme uses colour"
tui_quit_ok
tui_stop_wait

for th in light high-contrast default-dark; do
    tui_start 100 30 "$KLEIO" browse --theme "$th" "$S"
    tui_expect "theme $th starts" "Software development"
    coloured && ok "theme $th has colours" || not_ok "theme $th has colours"
    tui_quit_ok
    tui_stop_wait
done

# an 8-colour terminal gets #RRGGBB converted to the 8 ANSI colours: no 256-colour codes
tui_start 100 30 env TERM=xterm "$KLEIO" browse --theme light "$S"
tui_expect "8 colours: starts" "Software development"
coloured && ok "8 colours: still coloured" || not_ok "8 colours: still coloured"
tui_tmux capture-pane -p -e -t "$TUI_SESSION" | grep -q '38;5;\|48;5;\|38;2;' && not_ok "8 colours: converted down" || ok "8 colours: converted down"
tui_quit_ok
tui_stop_wait

tui_start 100 30 "$KLEIO" browse --theme mono "$S"
tui_expect "mono starts" "Software development"
[ "$(colours)" -eq 0 ] && ok "mono: no colour at all" || not_ok "mono: no colour at all" "$(tui_tmux capture-pane -p -e -t "$TUI_SESSION" | head -3 | cat -v)"
tui_tmux capture-pane -p -e -t "$TUI_SESSION" | grep -q '\[7m\|;7m\|\[1;7m' && ok "mono: selection in reverse video" || not_ok "mono: selection in reverse video"
tui_quit_ok
tui_stop_wait

tui_start 100 30 env NO_COLOR=1 "$KLEIO" browse --theme light "$S"
tui_expect "NO_COLOR starts" "Software development"
[ "$(colours)" -eq 0 ] && ok "NO_COLOR: no colour even with a colour theme" || not_ok "NO_COLOR: no colour"
tui_quit_ok
tui_stop_wait

printf 'name = broken\nselected.bg = #12345\nnosuch.fg = red\nheader.attr = bold\n' >"$T/broken.theme"
tui_start 100 30 "$KLEIO" browse --theme "$T/broken.theme" "$S"
tui_expect "bad theme line reported FILE:LINE: cause" "broken.theme:2: bad colour '#12345'"
coloured && ok "bad theme lines fall back to defaults" || not_ok "bad theme falls back"
tui_quit_ok
tui_stop_wait
"$KLEIO" browse --theme "$T/broken.theme" "$S" </dev/null >/dev/null 2>"$T/err.txt"
check_grep "theme errors also on stderr" "broken.theme:3: unknown element 'nosuch'" "$T/err.txt"

mkdir -p "$HOME/.config/kleio/themes"
printf 'theme = mono\n' >"$HOME/.config/kleio/config"
tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "config theme starts" "Software development"
[ "$(colours)" -eq 0 ] && ok "config file selects the theme" || not_ok "config file selects the theme"
tui_quit_ok
tui_stop_wait
cp "$KLEIO_ROOT/themes/light.theme" "$HOME/.config/kleio/themes/mine.theme"
tui_start 100 30 "$KLEIO" browse --theme mine "$S"
tui_expect "user theme by name" "Software development"
coloured && ok "--theme wins over the config file" || not_ok "--theme wins over the config file"
tui_quit_ok
tui_stop_wait
tui_start 100 30 "$KLEIO" browse --theme nosuchtheme "$S"
tui_expect "unknown theme reported" "theme 'nosuchtheme' not found"
tui_quit_ok
tui_stop_wait
