#!/bin/sh
# kleio jobs: start, state, log, lock, stale lock, reconciliation of killed jobs.
. "$KLEIO_ROOT/tests/lib.sh"
W="$T/work.db"
# An empty work database: kleio creates its tables on first open.
sqlite3 "$W" "PRAGMA application_id=1802270571; PRAGMA user_version=1;"

"$KLEIO" jobs --work "$W" >"$T/list0" 2>&1
check_grep "empty list" '^no jobs$' "$T/list0"
check_status 2 "work database is required" env -u KLEIO_WORK "$KLEIO" jobs

wait_state() { # ID STATE
    i=0
    while [ $i -lt 100 ]; do
        "$KLEIO" jobs --work "$W" >"$T/list" 2>&1
        grep -Eq "^$1 +$2 " "$T/list" && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}

"$KLEIO" jobs start --work "$W" --out "$T/snap.db" -- --no-such-option >"$T/start" 2>&1
check_grep "start prints the job id" '^job 1 started' "$T/start"
if wait_state 1 failed; then ok "a failing run ends as failed"; else not_ok "failing run" "$(cat "$T/list")"; fi
check_grep "the failure says why" 'exited with status' "$T/list"
"$KLEIO" jobs log --work "$W" 1 >"$T/log" 2>&1
check_grep "the log has the job's own output" 'job 1 started' "$T/log"
check_status 2 "log of an unknown job" "$KLEIO" jobs log --work "$W" 42
check_status 1 "cancel of a finished job is refused" "$KLEIO" jobs cancel --work "$W" 1

# A live holder of the lock: a second recompute is refused and the holder is named.
printf 'job 7, pid 1234, since 2026-01-01T00:00:00Z\n' >"$W.lock"
flock "$W.lock" sleep 3 &
holder=$!
sleep 0.3
"$KLEIO" jobs start --work "$W" --out "$T/snap.db" >"$T/busy" 2>&1
status=$?
[ $status -eq 1 ] && ok "second recompute refused while the lock is held" || not_ok "lock refused" "status $status"
check_grep "the message names the running job" 'already running \(job 7, pid 1234' "$T/busy"
wait $holder

# The holder died: its text remains but the lock is free — taken over with a note.
"$KLEIO" jobs start --work "$W" --out "$T/snap.db" -- --no-such-option >"$T/stale" 2>&1
check_grep "a stale lock is cleared" 'cleared a stale lock left by job 7' "$T/stale"
wait_state 2 failed && ok "job after a stale lock runs" || not_ok "job after stale lock"

# A job recorded as running whose process is gone (kill -9) is shown as failed.
sh -c 'exit 0' & dead=$!
wait $dead
sqlite3 "$W" "INSERT INTO jobs(state, pid, params, created_at) VALUES('running', $dead, 'x', 1);"
"$KLEIO" jobs --work "$W" >"$T/recon" 2>&1
check_grep "killed job reconciled to failed" '^3 +failed ' "$T/recon"
sqlite3 "$W" "INSERT INTO jobs(state, pid, params, created_at, cancel_requested) VALUES('running', $dead, 'x', 1, 1);"
"$KLEIO" jobs --work "$W" >"$T/recon2" 2>&1
check_grep "cancelled job whose process ended is cancelled" '^4 +cancelled ' "$T/recon2"
check "work database still intact" sh -c "[ \"\$(sqlite3 '$W' 'PRAGMA integrity_check')\" = ok ]"

# ---- Jobs tell the truth about their end. ----
"$KLEIO" synth -q -n 400 --seed 3 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$W" "$T/c.jsonl"
RUN="--min-users 2 --min-conversations 4 --leaf-size 20 --dim 32"
# The job may hold the write lock: the shell waits for it as kleio does.
q() { sqlite3 -cmd ".timeout 10000" "$W" "$1"; }
wait_log() { # ID TEXT: the job's log shows TEXT (within 60 s)
    i=0
    while ! grep -qs "$2" "$W.job-$1.log" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    grep -qs "$2" "$W.job-$1.log"
}

# A cancelled job records its end itself: no `kleio jobs` needed for the state and the
# elapsed time to stop.
# shellcheck disable=SC2086
KLEIO_TEST_STALL_STAGE=embed "$KLEIO" jobs start --work "$W" --out "$T/s.db" -- $RUN >/dev/null 2>&1
c=$(q "SELECT max(id) FROM jobs")
wait_log "$c" "embed: stalling" || not_ok "the job reaches its stalling point" "$(tail -3 "$W.job-$c.log")"
"$KLEIO" jobs cancel --work "$W" "$c" >/dev/null
sleep 2
check "a cancelled job is recorded as cancelled by the job itself" test "$(q "SELECT state FROM jobs WHERE id = $c")" = cancelled
e1=$(q "SELECT finished_at - started_at FROM jobs WHERE id = $c AND finished_at > 0")
sleep 1.5
e2=$(q "SELECT finished_at - started_at FROM jobs WHERE id = $c AND finished_at > 0")
check "the cancelled job's end time is recorded and its elapsed time stops ($e1 s, then $e2 s)" \
    test -n "$e1" -a "$e1" = "$e2"
check "a cancelled job shows no stage" test -z "$(q "SELECT stage FROM jobs WHERE id = $c")"
check_grep "the job's log says it was cancelled" "kleio: job $c cancelled" "$W.job-$c.log"

# kill -9 of the job's process: the run dies with it, and the next reader records the end
# at the last progress report, not at the time it looked.
# shellcheck disable=SC2086
KLEIO_TEST_STALL_STAGE=embed "$KLEIO" jobs start --work "$W" --out "$T/s.db" -- $RUN >/dev/null 2>&1
k=$(q "SELECT max(id) FROM jobs")
wait_log "$k" "embed: stalling" || not_ok "the second job reaches its stalling point"
kill -9 "$(q "SELECT pid FROM jobs WHERE id = $k")"
sleep 2
check "the run does not outlive its killed job (the lock is free)" flock -n "$W.lock" true
"$KLEIO" jobs --work "$W" >"$T/k1" 2>&1
check_grep "a killed job is shown as failed" "^$k +failed " "$T/k1"
last=$(q "SELECT updated_at FROM jobs WHERE id = $k")
check "a killed job ends at its last progress report ($last), not when someone looked" \
    test "$(q "SELECT finished_at FROM jobs WHERE id = $k")" = "$last"
sleep 1.5
"$KLEIO" jobs --work "$W" >"$T/k2" 2>&1
check "the killed job's elapsed time no longer grows" \
    test "$(grep "^$k " "$T/k1" | awk '{print $5}')" = "$(grep "^$k " "$T/k2" | awk '{print $5}')"

# A finished job says done: no stage, and it records the snapshot it published.
# shellcheck disable=SC2086
"$KLEIO" jobs start --work "$W" --out "$T/s.db" -- $RUN >/dev/null 2>&1
d=$(q "SELECT max(id) FROM jobs")
wait_state "$d" done || { i=0; while [ $i -lt 100 ] && ! wait_state "$d" done; do i=$((i + 1)); done; }
"$KLEIO" jobs --work "$W" >"$T/done" 2>&1
check_grep "a finished job is done, with no stage" "^$d +done +- " "$T/done"
check "a finished job keeps no stage in the work database" test -z "$(q "SELECT stage FROM jobs WHERE id = $d")"
check "a finished job records the snapshot it published" \
    test "$(q "SELECT result_id FROM jobs WHERE id = $d")" = "$(sqlite3 "$T/s.db" "SELECT value FROM meta WHERE key = 'snapshot_id'")"
check "work database still intact after the jobs" sh -c "[ \"\$(sqlite3 '$W' 'PRAGMA integrity_check')\" = ok ]"
