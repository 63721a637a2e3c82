#!/bin/sh
# The recompute dialog (R): the snapshot's parameters, editing with validation, what
# will run, starting a background job, the jobs panel listing it with its log, the
# message for a snapshot without a work database, and the lock held by another job.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/snap.db"
W="$T/work.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }
cp "$S" "$T/plain.db"
sqlite3 "$W" "PRAGMA application_id=1802270571; PRAGMA user_version=1;"
sqlite3 "$S" "UPDATE meta SET value = '$W' WHERE key = 'work_db';
  UPDATE meta SET value = '{\"dim\":64,\"k\":12,\"languages\":\"en,es\",\"leaf_size\":150,\"levels\":4,\"min_conversations\":10,\"min_users\":5,\"seed\":7,\"top\":2}' WHERE key = 'params';"

tui_start 120 34 "$KLEIO" browse "$S"
tui_expect "starts" "Software development"
tui_keys R
tui_expect "R opens the recompute dialog" "Recompute this snapshot"
tui_expect "the dialog shows the leaf size" "Leaf size          150"
tui_expect "the dialog shows the seed" "Seed               7"
tui_expect "the dialog shows the languages" "Languages          en,es"
tui_expect "the dialog shows the backend" "Backend            offline"
tui_expect "the dialog shows the thresholds" "Min conversations  10"
tui_expect "what will run" "Will run: kleio run --work $W"
tui_expect "the options that will run" "--leaf-size 150 --levels 4 --top 2 --min-users 5"
tui_expect "stages that are up to date are skipped" "stages whose inputs are unchanged are skipped"
# a bad value is refused with a message naming the field
tui_keys C-u 1 x Enter
tui_expect "validation names the field" "Leaf size: a whole number of at least 1 is needed"
tui_keys BSpace 0 0
tui_expect "editing shows the new value" "Leaf size          100_"
tui_expect "what will run follows the edit" "--leaf-size 100 --levels 4"
tui_keys Tab Tab Tab Tab Tab Tab
tui_expect "Tab moves to the languages field" "Languages          en,es_"
tui_keys C-u q u , e s
tui_expect "languages edited (q, R, J, D are text here)" "--languages qu,es"
tui_keys Up Up Up Up Up Up Up
tui_keys C-u g p t
tui_keys Enter
tui_expect "the backend is validated" "Backend: offline, openai or anthropic"
tui_keys C-u o p e n a i
tui_expect "a model backend goes into the command" "snap.db --backend openai --leaf-size 100"
tui_keys C-u o f f l i n e Enter
tui_expect "Enter starts a background job" "Job 1 started"
tui_wait_gone "Recompute this snapshot" 3
sqlite3 "$W" "SELECT params, out_path FROM jobs WHERE id = 1" >"$T/jobs.txt" 2>&1
check_grep "the job records the job with the edited parameters" \
    '[-]-leaf-size 100 --levels 4 --top 2 --min-users 5 --min-conversations 10 --seed 7 --dim 64 --languages qu,es' "$T/jobs.txt"
check_grep "the job writes to the open snapshot" "$S" "$T/jobs.txt"
tui_keys J
tui_expect "J opens the jobs panel" "Jobs of $W"
tui_expect "the panel lists the job" "--leaf-size 100"
tui_expect "the panel shows the log" "job 1 started"
tui_expect "the job ends (failed: an empty work database)" "failed" 10
tui_keys r
tui_expect "r retries with the same parameters" "Job 2 started"
tui_expect "the retried job is listed" "    2 " 5
tui_keys Escape
tui_wait_gone "Jobs of" 3
# Esc cancels the dialog and starts nothing
tui_keys R
tui_expect "R again" "Recompute this snapshot"
tui_keys Escape
tui_expect "Esc cancels" "Recompute cancelled"

# Another job holds the lock: the dialog names it.
printf 'job 7, pid 4242, since 2026-11-26T10:00:00Z\n' >"$W.lock"
flock "$W.lock" sleep 20 &
holder=$!
sleep 0.3
tui_keys R
tui_expect "R with the lock held" "Recompute this snapshot"
tui_keys Enter
tui_expect "the lock message names the running job" "a recompute is already running (job 7,"
tui_keys Escape
kill $holder 2>/dev/null
wait $holder 2>/dev/null
tui_keys q
tui_expect "quits with status 0" "[exited 0 ]"
tui_stop_wait

# A snapshot that does not record its work database.
tui_start 120 34 "$KLEIO" browse "$T/plain.db"
tui_expect "starts (no work database)" "Software development"
tui_keys R
tui_expect "no work database: said clearly" "does not record the work database that made it"
tui_expect "no work database: the command line is suggested" "kleio run"
tui_keys Enter Escape J
tui_expect "no work database: the jobs panel says so" "no jobs to show"
tui_keys q q
tui_expect "quits with status 0 (no work database)" "[exited 0 ]"
tui_stop_wait

# The smallest screen (60x15): the fields scroll so that the whole command stays readable.
tui_start 60 15 "$KLEIO" browse "$S"
tui_expect "starts at 60x15" "Software development"
tui_keys R
tui_expect "60x15: the dialog opens on the leaf size" "Leaf size          150_"
tui_expect "60x15: what will run is shown" "Will run: kleio run"
tui_expect "60x15: …to its last option" "--languages en,es"
tui_keys C-u 1 x Enter
tui_expect "60x15: a validation error is shown…" "Leaf size: a whole number of at least 1 is needed"
tui_expect "…with the command" "Will run: kleio run"
tui_keys C-u 9 Up Up
tui_expect "60x15: the fields scroll to the last field" "Screen question    _"
tui_keys Up Up Up Up Up Up
tui_expect "60x15: …and back to the languages field" "Languages          en,es_"
tui_expect "60x15: the command is still shown in full" "--leaf-size 9 "
tui_keys Escape q
tui_expect "quits with status 0 (60x15)" "[exited 0 ]"
tui_stop_wait
