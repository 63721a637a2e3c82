# tests/tui/lib.sh — drive the real binary in a real terminal (tmux) and read the screen.
#   . "$KLEIO_ROOT/tests/tui/lib.sh"      (after tests/lib.sh)
#   tui_start W H command args...   start in a private tmux server at W x H
#   tui_keys KEYS...                tmux send-keys (e.g. Enter, Left, 'q')
#   tui_wait TEXT [SECONDS]         poll the screen until TEXT (fixed string) shows; 0/1
#   tui_wait_gone TEXT [SECONDS]    poll until TEXT is gone
#   tui_screen                      print the current screen
#   tui_resize W H                  resize the terminal
#   tui_expect "name" TEXT [S]      TAP check that TEXT appears; saves the screen on failure
#   tui_expect_re "name" ERE [S]    the same with an extended regular expression
#   tui_quit_ok [name]              press q and check the program exits with status 0
#                                   (under the sanitizers a leak or error exits non-zero)
#   tui_stop                        kill the session (also done at exit)
#   tui_stop_wait                   kill it; the next tui_start gets a fresh server on a new
#                                   socket, so it never races the old server's shutdown
# The server has its own socket, LC_ALL=C.UTF-8, TZ=UTC and the private HOME of lib.sh.
TUI_SOCK="$T/tmux.sock"
TUI_SESSION=kleio
TUI_LOCALE=${TUI_LOCALE:-C.UTF-8}

tui_tmux() { tmux -S "$TUI_SOCK" "$@"; }

tui_start() {
    w=$1; h=$2; shift 2
    tui_tmux -f /dev/null new-session -d -s "$TUI_SESSION" -x "$w" -y "$h" \
        "env LC_ALL=$TUI_LOCALE TZ=UTC HOME=$HOME TERM=xterm-256color $* ; echo '[exited' \$? ']'; sleep 30"
    tui_tmux set-option -t "$TUI_SESSION" status off >/dev/null 2>&1
    tui_tmux resize-window -t "$TUI_SESSION" -x "$w" -y "$h" >/dev/null 2>&1
    return 0
}

tui_keys() { tui_tmux send-keys -t "$TUI_SESSION" "$@"; }
tui_screen() { tui_tmux capture-pane -p -t "$TUI_SESSION"; }
tui_resize() { tui_tmux resize-window -t "$TUI_SESSION" -x "$1" -y "$2"; }

tui_wait() {
    text=$1; limit=${2:-5}
    end=$(( $(date +%s) + limit ))
    while [ "$(date +%s)" -le "$end" ]; do
        if tui_screen | grep -Fq -- "$text"; then return 0; fi
        sleep 0.05
    done
    return 1
}

tui_wait_gone() {
    text=$1; limit=${2:-5}
    end=$(( $(date +%s) + limit ))
    while [ "$(date +%s)" -le "$end" ]; do
        if ! tui_screen | grep -Fq -- "$text"; then return 0; fi
        sleep 0.05
    done
    return 1
}

tui_expect() {
    name=$1; text=$2; limit=${3:-5}
    if tui_wait "$text" "$limit"; then
        ok "$name"
    else
        shot="$KLEIO_BUILD/test-logs/screen-$(echo "$name" | tr -c 'A-Za-z0-9' '_').txt"
        tui_screen >"$shot" 2>&1
        not_ok "$name" "'$text' not on screen; screen saved to $shot"
        sed 's/^/# | /' "$shot"
    fi
}

tui_expect_re() {
    name=$1; re=$2; end=$(( $(date +%s) + ${3:-5} ))
    while [ "$(date +%s)" -le "$end" ]; do
        if tui_screen | grep -Eq -- "$re"; then ok "$name"; return; fi
        sleep 0.05
    done
    not_ok "$name" "/$re/ not on screen"; tui_screen | sed 's/^/# | /'
}

tui_quit_ok() {
    tui_keys q
    tui_expect "${1:-quits} with status 0" "[exited 0 ]"
}

tui_stop() { tui_tmux kill-server >/dev/null 2>&1 || true; }

tui_stop_wait() {
    tui_stop
    TUI_N=$(( ${TUI_N:-0} + 1 ))
    TUI_SOCK="$T/tmux$TUI_N.sock"
}
trap 'tui_stop; rm -rf "$T"' EXIT
