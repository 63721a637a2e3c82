#!/bin/sh
# kleio browse: start-up, help, quit, bad snapshots, the man page's key list.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/tui.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }

tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "header names the snapshot" "tui.db"
tui_expect "header shows the filter" "languages: all languages"
tui_expect "column titles" "CONVS"
tui_expect "top level listed" "Software development"
tui_expect "detail pane shows provenance" "offline · thresholds 5 users"
tui_expect "detail pane shows an interval" "[3.3"
tui_expect "map pane" "Map"
tui_keys '?'
tui_expect "help lists keys from the key table" "pick languages; every figure then shows that slice"
tui_keys G
tui_expect "help scrolls to the last contexts" "The refusal outliers view"
tui_keys Home
tui_expect "Home (as tmux sends it) goes back to the top" "Moving in any list"
tui_keys End
tui_expect "End goes to the last contexts" "The refusal outliers view"
tui_keys Escape
tui_expect "Esc leaves help" "Software development"
tui_keys q
tui_expect "q quits with status 0" "[exited 0 ]"
tui_stop_wait

# `kleio FILE` opens the explorer too (the default command)
tui_start 100 30 "$KLEIO" "$S"
tui_expect "kleio SNAPSHOT opens the explorer" "Safety-sensitive requests"
tui_stop_wait

check_status 2 "bad snapshot: exit 2" "$KLEIO" browse "$T/nope.db"
"$KLEIO" browse "$T/nope.db" 2>"$T/nope.err"
[ "$(wc -l <"$T/nope.err")" -eq 1 ] && ok "bad snapshot: one line" || not_ok "bad snapshot: one line" "$(cat "$T/nope.err")"
check_grep "bad snapshot: names the file and cause" "nope.db: no such file" "$T/nope.err"
printf 'not a database at all' >"$T/junk.db"
check_status 2 "junk file: exit 2" "$KLEIO" browse "$T/junk.db"
KLEIO_SAMPLE="$T/missing-sample.db" "$KLEIO" browse 2>"$T/nosample.err" </dev/null
[ $? -eq 2 ] && ok "no argument and no sample: exit 2" || not_ok "no argument and no sample: exit 2"
check_grep "no sample: a clear message" "bundled sample is missing" "$T/nosample.err"
check_status 0 "--help" "$KLEIO" browse --help
check_status 2 "unknown option" "$KLEIO" browse --frobnicate "$S"

# The KEYS section of the man page is exactly what the key table generates.
"$KLEIO" browse --keys-mdoc >"$T/keys.mdoc"
awk '/^\.Sh KEYS$/{p=1} p&&/^\.Sh /&&!/^\.Sh KEYS$/{p=0} p' "$KLEIO_ROOT/man/kleio-browse.1" >"$T/man-keys.mdoc"
if cmp -s "$T/keys.mdoc" "$T/man-keys.mdoc"; then ok "man page KEYS section matches the key table"
else not_ok "man page KEYS section matches the key table" "regenerate with: kleio browse --keys-mdoc; $(diff "$T/keys.mdoc" "$T/man-keys.mdoc" | head -5)"; fi
grep -c '^\.It ' "$T/keys.mdoc" >"$T/n"
[ "$(cat "$T/n")" -gt 30 ] && ok "KEYS section lists every key" || not_ok "KEYS section lists every key"
