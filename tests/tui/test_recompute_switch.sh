#!/bin/sh
# A publish under a running explorer: the file is replaced (mv, as the job's atomic
# rename) while the explorer keeps browsing the old file, never a mixture; when a job of
# its work database is done, it offers the switch, switches keeping the drill path and
# the cursor on the same cluster id, and D lists what changed. on_publish = switch
# switches by itself.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/snap.db"
W="$T/work.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }
sqlite3 "$W" "PRAGMA application_id=1802270571; PRAGMA user_version=1;"
"$KLEIO" jobs --work "$W" >/dev/null 2>&1   # creates the jobs table
sqlite3 "$S" "UPDATE meta SET value = '$W' WHERE key = 'work_db';
  INSERT OR REPLACE INTO meta(key, value) VALUES('snapshot_id', 'snap-orig');"
cp "$S" "$T/orig.db"
# The recomputed snapshot: same ids; CSV wrangling grew past its sibling, React state
# was renamed, a new cluster appeared under Text processing.
cp "$S" "$T/next.db"
sqlite3 "$T/next.db" "UPDATE clusters SET conversations = 500, users = 170 WHERE id = 9;
  UPDATE clusters SET name = 'React state management' WHERE id = 12;
  INSERT INTO clusters(id, parent_id, level, name, description, x, y, extent, conversations,
    users, refused, concern_sum) VALUES (40, 5, 2, 'Parser generators', 'Grammars and parser tools.',
    0.2, 0.45, 0.03, 120, 40, 2, 130);
  UPDATE meta SET value = '2026-11-26T12:00:00Z' WHERE key = 'created_at';
  UPDATE meta SET value = 'snap-next' WHERE key = 'snapshot_id';
  INSERT INTO meta(key, value) VALUES('previous_snapshot_id', 'snap-orig');"

publish() { # FILE: replace the snapshot as a job's publish does, and record the job done
    cp "$1" "$S.tmp" && mv "$S.tmp" "$S"
    now=$(date +%s)
    id=$(sqlite3 "$1" "SELECT value FROM meta WHERE key = 'snapshot_id'")
    sqlite3 "$W" "INSERT INTO jobs(state, params, out_path, created_at, started_at, finished_at,
      result_id) VALUES('done', '--leaf-size 20', '$S', $now, $now, $now, '$id');"
}

# Slow loading, so that the explorer still reads clusters after the file is replaced.
tui_start 120 34 env KLEIO_TUI_LOAD_DELAY_MS=150 "$KLEIO" browse "$S"
tui_expect "starts" "Software development"
tui_keys Enter
tui_expect "level 1" "All clusters › Software development"
tui_keys Down Down
tui_expect "on Text processing" "Parsing and transforming text."
tui_keys Enter
tui_expect "level 2" "Software development › Text processing"
tui_wait "CSV wrangling" 5
tui_keys Down
tui_expect "cursor on CSV wrangling" "Reading and fixing CSV files."

# Replace the file underneath (no job yet): the explorer keeps its open file.
cp "$T/next.db" "$S.tmp" && mv "$S.tmp" "$S"
tui_keys Up
tui_expect "browsing goes on after the replace" "Regular expressions over logs."
tui_keys Enter
tui_expect "reading deeper still works (the old file)" "Timestamp extraction" 8
tui_keys Left Down
tui_expect "back on CSV wrangling" "Reading and fixing CSV files."
tui_keys Left Left
tui_expect "the top level" "Safety-sensitive requests"
tui_keys Enter Down Down Enter
tui_expect "drill again" "Software development › Text processing"
tui_wait "CSV wrangling" 5
tui_keys Down
tui_expect "cursor back on CSV wrangling" "Reading and fixing CSV files."
sleep 1.5
if tui_screen | grep -q "Parser generators\|New snapshot ready\|damaged"; then
    not_ok "no mixture: nothing of the new file, no offer without a job" "$(tui_screen | head -12)"
else ok "no mixture: nothing of the new file, no offer without a job"; fi
tui_screen | grep -F "CSV wrangling" | grep -q " 262 " && ok "the old figures are still shown" || not_ok "old figures"

# A job of this work database is done: the offer appears.
publish "$T/next.db"
tui_expect "the switch is offered" "New snapshot ready — Enter: switch, Esc: later" 4
tui_expect "the offer says why other keys wait" "A job replaced the file open here; other keys wait for this answer."
tui_keys j
tui_expect "a stray key leaves the offer open" "New snapshot ready"
tui_keys Escape
tui_expect "Esc: later" "Still showing the previous snapshot"
sleep 1.5
tui_screen | grep -q "New snapshot ready" && not_ok "later is not asked again every second" || ok "later is not asked again every second"
publish "$T/next.db"
tui_expect "a new publish offers again" "New snapshot ready" 4
tui_keys Enter
tui_expect "Enter switches" "Switched to the new snapshot"
tui_expect "the new figures" "Parser generators"
tui_screen | grep -F "CSV wrangling" | grep -q " 500 " && ok "the new count is shown" || not_ok "new count" "$(tui_screen | grep CSV)"
tui_expect "the drill path is kept" "Software development › Text processing"
tui_expect "the cursor stays on the same cluster id (now on another row)" "Reading and fixing CSV files."
first=$(tui_screen | grep -n -F -e "CSV wrangling" -e "Regex for log parsing" | head -1)
case "$first" in *CSV*) ok "CSV wrangling moved to the first row";; *) not_ok "row order" "$first";; esac
tui_keys D
tui_expect "D shows the diff" "Changes from the previous snapshot (made 2026-11-20T09:30:00Z)"
tui_expect "diff: summary as kleio diff" "1 new, 0 gone, 1 grown, 0 shrunk, 0 split, 0 merged, 1 renamed"
tui_expect "diff: grown" "262 -> 500 (+91%)"
tui_expect "diff: renamed" 'was "React state"'
tui_expect "diff: new" "Parser generators"
tui_keys End Enter
tui_expect "Enter shows a cluster of the diff in the tree" "Software development › Text processing"
"$KLEIO" diff "$T/orig.db" "$T/next.db" >"$T/diff.txt"
check_grep "kleio diff agrees" '^1 new, 0 gone, 1 grown, 0 shrunk, 0 split, 0 merged, 1 renamed, 0 refusal changes$' "$T/diff.txt"
tui_keys J
tui_expect "the jobs panel lists the publishing job" "done"
tui_keys o
# (it is already open: switching again would only lose the diff from the previous one)
tui_expect "o on the job whose result is open says so" "The open snapshot is the result of job 2"
tui_keys q q
tui_expect "quits with status 0" "[exited 0 ]"
tui_stop_wait

# on_publish = switch: no question.
mkdir -p "$HOME/.config/kleio"
printf 'on_publish = switch\n' >"$HOME/.config/kleio/config"
tui_start 120 34 "$KLEIO" browse "$S"
tui_expect "starts (on_publish = switch)" "Software development"
tui_keys Enter Down Down Enter
tui_expect "level 2 (on_publish = switch)" "Software development › Text processing"
tui_wait "CSV wrangling" 5
tui_keys Home
tui_expect "on CSV wrangling (on_publish = switch)" "Reading and fixing CSV files."
publish "$T/orig.db"
tui_expect "switches by itself" "Switched to the new snapshot" 4
tui_screen | grep -F "CSV wrangling" | grep -q " 262 " && ok "the switched file's figures" || not_ok "switched figures"
tui_expect "the cursor is kept on a switch by itself" "Reading and fixing CSV files."
tui_keys D
tui_expect "diff after the automatic switch" "1 gone"
tui_keys q q
tui_expect "quits with status 0 (on_publish = switch)" "[exited 0 ]"
tui_stop_wait

# on_publish = ignore: the old file stays open, o in the jobs panel switches.
printf 'on_publish = ignore\n' >"$HOME/.config/kleio/config"
tui_start 120 34 "$KLEIO" browse "$S"
tui_expect "starts (on_publish = ignore)" "Software development"
publish "$T/next.db"
sleep 2.5
if tui_screen | grep -q "New snapshot ready\|Switched"; then not_ok "ignore: no offer, no switch"
else ok "ignore: no offer, no switch"; fi
tui_keys J
tui_expect "ignore: the job is listed" "done"
tui_keys o
tui_expect "ignore: o switches" "Opened the result of job"
tui_keys Enter Down Down Enter
tui_expect "ignore: the new file after o" "Parser generators"
tui_keys q q
tui_expect "quits with status 0 (on_publish = ignore)" "[exited 0 ]"
tui_stop_wait

printf 'on_publish = sometimes\n' >"$HOME/.config/kleio/config"
"$KLEIO" browse "$S" </dev/null >/dev/null 2>"$T/cfg.err"
check_grep "a bad on_publish is reported" 'on_publish must be ask, switch or ignore' "$T/cfg.err"
