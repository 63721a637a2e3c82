#!/bin/sh
# The explorer's rough edges (issue 17), each a check that failed before:
# hiding the map widens the tree; / starts empty and Enter alone repeats the last
# search; sorting puts hidden rows last in both directions; a blank trend says its
# buckets are hidden; ] and [ step the language filter; the language picker's keys
# have lines of their own; the outliers list gives names room at 60, 80 and 160
# columns; a job's new-snapshot offer says why other keys wait.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/snap.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }
LONG="Software development with a longer tail for widths"
# Writing and editing (13): its English cell hidden, and its English months too.
sqlite3 "$S" "UPDATE clusters SET name = '$LONG' WHERE id = 1;
  UPDATE cluster_lang SET suppressed = 1, conversations = NULL, users = NULL, refused = NULL,
    concern_sum = NULL WHERE cluster_id = 13 AND lang = 'en';
  UPDATE cluster_time SET suppressed = 1, conversations = NULL, refused = NULL
    WHERE cluster_id = 13 AND lang = 'en';"
row_of() { tui_screen | grep -n -- "$1" | head -1 | cut -d: -f1; }

tui_start 160 45 "$KLEIO" browse "$S"
tui_expect "starts" "Writing and editing"
tui_screen | grep -qF "▸ $LONG" && not_ok "with the map the long name is cut (fixture check)" ||
    ok "with the map the long name is cut (fixture check)"
tui_keys m
tui_expect "m: without the map the tree is wider and shows the whole name" "▸ $LONG"
tui_keys m

# / starts with an empty query; Enter alone repeats the last search.
tui_keys / p o e t r y Enter
tui_expect "search by name" "All clusters › Writing and editing"
tui_keys /
tui_expect "/ again: an empty prompt naming the last search" "Search (Enter: 'poetry' again): _"
tui_keys Enter
tui_expect "Enter alone: the next match of the last search" "Writing and editing › Poetry"
tui_keys Left Left

# ] steps to the first language alone (English), [ back to all languages.
tui_keys ]
tui_expect "]: the first language alone" "languages: en"
tui_expect "]: the message says how to step" "Showing en (English): language 1 of"
# Sort by refusal: the hidden row (Writing and editing in English) is last both ways.
tui_keys s s s
tui_expect "sorted by refusal" "sort: refusal ▼"
a=$(row_of "Safety-sensitive"); b=$(row_of "Writing and editing"); c=$(row_of "Software dev")
[ -n "$b" ] && [ "$b" -gt "$a" ] && [ "$b" -gt "$c" ] && ok "descending: the hidden row last" ||
    not_ok "descending: the hidden row last" "rows $a $c $b"
tui_keys r
tui_expect "reversed" "sort: refusal ▲"
a=$(row_of "Safety-sensitive"); b=$(row_of "Writing and editing"); c=$(row_of "Software dev")
[ -n "$b" ] && [ "$b" -gt "$a" ] && [ "$b" -gt "$c" ] && ok "ascending: the hidden row still last" ||
    not_ok "ascending: the hidden row still last" "rows $a $c $b"
# The hidden cluster's trend: every month hidden, said in words.
tui_keys End
tui_expect "a blank trend says its buckets are hidden" "all 4 buckets hidden (below the privacy thresholds)"
tui_keys [
tui_expect "[: back to all languages" "languages: all languages"
tui_keys [
tui_expect "[ from all: the last language" "Showing ja (Japanese)"
tui_keys F

# The picker: its keys on two lines inside the box.
tui_keys f
tui_expect "picker: first line of keys" "Space: select  Enter: apply  Ctrl-U: none"
tui_expect "picker: second line of keys" "Esc: cancel  type: filter"
tui_keys Escape
tui_quit_ok
tui_stop_wait

# Outliers: the PATH column gets room at every width.
O="$T/outliers.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui_outliers.sql" "$O" || { not_ok "outliers fixture builds"; exit 1; }
# (before: 20, 23 and 32 columns)
for size in "60 24 26" "80 24 40" "160 45 50"; do
    set -- $size
    tui_start "$1" "$2" "$KLEIO" browse "$O"
    tui_expect "outliers at $1: starts" "Software development"
    tui_keys o
    tui_expect "outliers at $1: the list" "FLAG"
    pw=$(tui_screen | grep 'FLAG' | head -1 | sed 's/.*\(PATH *\)CONVS.*/\1/' | awk '{ print length($0) }')
    want=$3
    [ "${pw:-0}" -ge "$want" ] && ok "outliers at $1: PATH is at least $want columns ($pw)" ||
        not_ok "outliers at $1: PATH is at least $want columns" "${pw:-none}"
    tui_keys q
    tui_quit_ok "outliers at $1: quits"
    tui_stop_wait
done
