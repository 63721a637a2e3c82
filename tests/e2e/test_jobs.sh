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
