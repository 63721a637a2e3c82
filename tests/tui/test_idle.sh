#!/bin/sh
# Idle means no frame (issue 19, defect 6): with a work database to watch, the explorer
# polls its jobs about once a second but draws a frame only when the poll changed what
# is shown (KLEIO_TUI_KEY_LOG logs each frame and each poll). Before, every poll drew a
# frame, about one a second while nothing happened.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"

S="$T/snap.db"
W="$T/work.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui.sql" "$S" || { not_ok "fixture builds"; exit 1; }
sqlite3 "$W" "PRAGMA application_id=1802270571; PRAGMA user_version=1;"
"$KLEIO" jobs --work "$W" >/dev/null 2>&1   # creates the jobs table
sqlite3 "$S" "UPDATE meta SET value = '$W' WHERE key = 'work_db';"

LOG="$T/keys.log"
tui_start 120 34 env KLEIO_TUI_KEY_LOG="$LOG" "$KLEIO" browse "$S"
tui_expect "starts" "Software development"
sleep 1.5   # background loading ends within a frame or two on this fixture
: >"$LOG"
sleep 3.5
polls=$(grep -c '^poll' "$LOG")
frames=$(grep -c '^frame' "$LOG")
[ "$polls" -ge 2 ] && ok "the jobs are polled while idle ($polls polls)" ||
    not_ok "the jobs are polled while idle" "$polls polls"
[ "$frames" -eq 0 ] && ok "idle: no frame drawn" || not_ok "idle: no frame drawn" "$frames frames in 3.5 s"

# A change the poll sees is drawn at the next poll.
setsid sleep 30 &
job=$!
now=$(date +%s)
sqlite3 "$W" "INSERT INTO jobs(state, pid, params, out_path, log_path, stage, done, total, rate, eta,
  created_at, started_at, updated_at) VALUES('running', $job, '--seed 3', '$S', '$T/job.log',
  'embed', 12, 30, 1, 18, $now, $now, $now);"
tui_expect "a job that starts is drawn" "job 1 embed 12/30" 4
frames=$(grep -c '^frame' "$LOG")
[ "$frames" -ge 1 ] && ok "the change drew a frame" || not_ok "the change drew a frame" "$frames"
kill "$job" 2>/dev/null
tui_quit_ok
