#!/bin/sh
# The footer shows a running job of the snapshot's work database (stage, done/total,
# ETA) and follows its progress; the jobs panel lists it with its log; c cancels it;
# keys stay answered within a frame while the job writes to the work database
# (KLEIO_TUI_KEY_LOG times each key from arrival to refreshed frame).
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/snap.db"
W="$T/work.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }
sqlite3 "$W" "PRAGMA application_id=1802270571; PRAGMA user_version=1;"
"$KLEIO" jobs --work "$W" >/dev/null 2>&1   # creates the jobs table
sqlite3 "$S" "UPDATE meta SET value = '$W' WHERE key = 'work_db';"

# A stand-in for a running `kleio run`: a process leading its own session (as a job
# does), recorded as running, with progress written to the work database.
setsid sleep 60 &
job=$!
now=$(date +%s)
printf 'kleio: job 1 started\nembed: 120/300\n' >"$T/job.log"
sqlite3 "$W" "INSERT INTO jobs(state, pid, params, out_path, log_path, stage, done, total, rate, eta,
  created_at, started_at, updated_at) VALUES('running', $job, '--leaf-size 20 --seed 3', '$S',
  '$T/job.log', 'embed', 120, 300, 10, 18, $now, $now, $now);"

KEYLOG="$T/keys.log"
tui_start 120 34 env KLEIO_TUI_KEY_LOG="$KEYLOG" "$KLEIO" browse "$S"
tui_expect "starts" "Software development"
tui_expect "the footer shows the running job" "job 1 embed 120/300 40% ETA 0:18"
sqlite3 "$W" "UPDATE jobs SET stage = 'cluster', done = 30, total = 40, eta = 5 WHERE id = 1;"
tui_expect "the footer follows the job's progress (polled about once a second)" "job 1 cluster 30/40 75% ETA 0:05" 4

# The job writes its progress many times a second while keys arrive.
(
    i=0
    while [ $i -lt 400 ] && [ ! -e "$T/stop" ]; do
        sqlite3 "$W" "UPDATE jobs SET done = $((i % 40)), updated_at = strftime('%s','now') WHERE id = 1;" 2>/dev/null
        i=$((i + 1))
    done
) &
writer=$!
: >"$KEYLOG"
i=0
while [ $i -lt 30 ]; do
    tui_keys Down
    sleep 0.05
    tui_keys Up
    sleep 0.05
    i=$((i + 1))
done
tui_keys End
tui_expect "keys are answered while the job runs" "Safety-sensitive requests"
touch "$T/stop"
wait $writer
n=$(grep -c 'running=1' "$KEYLOG")
max=$(awk -F'[ =]' '/running=1/ { if ($4 > m) m = $4 } END { printf "%.2f", m }' "$KEYLOG")
med=$(awk -F'[ =]' '/running=1/ { print $4 }' "$KEYLOG" | sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }')
pmax=$(awk -F'[ =]' '/^poll/ { if ($3 > m) m = $3 } END { printf "%.2f", m }' "$KEYLOG")
npoll=$(grep -c '^poll' "$KEYLOG")
echo "# key handling while a job runs: $n keys, median ${med} ms, max ${max} ms; slowest of $npoll jobs polls ${pmax} ms"
[ "$n" -ge 50 ] && ok "keys were timed while the job ran ($n)" || not_ok "keys timed while running" "$n"
# A frame at 60 Hz is about 17 ms; a key plus the slowest poll must fit in 50 ms.
if awk -v m="$max" -v p="$pmax" 'BEGIN { exit !(m + p < 50) }'; then
    ok "each key answered within a frame while the job runs (max ${max} ms + poll ${pmax} ms)"
else
    not_ok "keys answered within a frame" "max ${max} ms, poll ${pmax} ms"
fi

tui_keys J
tui_expect "J lists the running job" "--leaf-size 20 --seed 3"
tui_expect "the panel shows its state" "running"
tui_expect "the panel shows the log tail" "embed: 120/300"
tui_keys c
tui_expect "c asks the job to stop" "asked to stop"
wait $job 2>/dev/null
tui_expect "the cancelled job is shown as cancelled" "cancelled" 4
tui_wait_gone "job 1 cluster" 3 && ok "the footer no longer shows the job" || not_ok "footer cleared"
check "the cancel is recorded" sh -c "[ \"\$(sqlite3 '$W' 'SELECT cancel_requested FROM jobs WHERE id = 1')\" = 1 ]"
tui_keys c
tui_expect "cancelling a finished job is refused" "is not running"
tui_keys o
tui_expect "a cancelled job has no result to open" "has no result to open"
tui_keys q q
tui_expect "quits with status 0" "[exited 0 ]"
