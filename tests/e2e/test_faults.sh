#!/bin/sh
# test_faults.sh — fault injection (issue 19): the Nth allocation fails (tests/fault/
# failmalloc.c), or SQLite's I/O fails (tests/fault/faultvfs.c: disk full from the Nth
# write on, a read error, an fsync error, a read-only file system), swept over N for an
# ingest and for a whole run (facets, embed, cluster, name, publish). Every faulted run must
#   - end by itself, never by a signal or a sanitizer report;
#   - exit 0 only having done all of its work, else name the cause in one "kleio:" line;
#   - leave the work database passing integrity_check, holding only rows a clean run
#     stores, and usable: the same command run again without the fault completes;
#   - leave the snapshot already at --out either untouched or replaced by a valid one.
# FAULT_POINTS (default 30) is about how many N each sweep tries, spread evenly over all
# the calls a clean run makes; docs/RELIABILITY.md has the figures of full sweeps.
. "$KLEIO_ROOT/tests/lib.sh"
POINTS=${FAULT_POINTS:-30}
CC=${CC:-cc}
q() { sqlite3 "$1" "$2"; }

check "the malloc shim builds" $CC -shared -fPIC -O1 -o "$T/failmalloc.so" \
    "$KLEIO_ROOT/tests/fault/failmalloc.c"
# shellcheck disable=SC2046 # pkg-config prints several words
check "the SQLite VFS shim builds" $CC -shared -fPIC -O1 -o "$T/faultvfs.so" \
    "$KLEIO_ROOT/tests/fault/faultvfs.c" $(pkg-config --cflags --libs sqlite3)
# A sanitizer build owns malloc: the allocation sweep is for the normal build. The VFS shim
# works under ASan once it is allowed to load before the runtime.
asan=0
if nm -D "$KLEIO" 2>/dev/null | grep -q __asan_init || ldd "$KLEIO" 2>/dev/null | grep -q libasan; then
    asan=1
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
fi

"$KLEIO" synth -q -n 20 --seed 11 -o "$T/in20.jsonl"
"$KLEIO" synth -q -n 150 --seed 12 -o "$T/in150.jsonl"
"$KLEIO" ingest -q --work "$T/ref.db" "$T/in20.jsonl"
RUN="--min-users 1 --min-conversations 1 --leaf-size 20 --dim 16 --threads 1"

# Tallies of one sweep: tries, clean exits, clear errors, and the violations.
reset() { tries=0 clean=0 errors=0 crashes=0 unclear=0 damaged=0 lost=0 unrecovered=0; : >"$T/bad"; }
bad() { # KIND N DETAIL
    eval "$1=\$((\$$1 + 1))"
    echo "$1 at N=$2: $3" | head -c 400 >>"$T/bad"
    echo >>"$T/bad"
}
# Outcome of one faulted command: status $1, output $T/f.out.
outcome() { # STATUS N
    tries=$((tries + 1))
    if [ "$1" -ge 128 ] || grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/f.out"; then
        bad crashes "$2" "status $1: $(tail -3 "$T/f.out")"
    elif [ "$1" -eq 0 ]; then
        clean=$((clean + 1))
    elif grep -Eq '^kleio: .*(out of memory|full|I/O error|unable to open|cannot open|read-only|readonly|attempt to write)' "$T/f.out"; then
        errors=$((errors + 1))
    else
        bad unclear "$2" "status $1: $(head -3 "$T/f.out")"
    fi
}
summary() { # NAME
    [ -s "$T/bad" ] && sed 's/^/# /' "$T/bad" | head -12
    msg="$1: $tries faults, $clean completed, $errors stopped with a clear error"
    if [ $((crashes + unclear + damaged + lost + unrecovered)) -eq 0 ] && [ "$tries" -gt 0 ]; then
        ok "$msg"
    else
        not_ok "$msg" "crashes $crashes, unclear $unclear, damaged $damaged, lost $lost, unrecovered $unrecovered: $(head -c 1500 "$T/bad")"
    fi
}
stride() { # TOTAL → a step giving about POINTS tries
    s=$(($1 / POINTS))
    [ "$s" -ge 1 ] || s=1
    echo "$s"
}

# --- ingest ------------------------------------------------------------------------------
# Rows stored under a fault must be rows a clean ingest stores, and the file is complete
# only when all 20 are there.
ingest_verify() { # STATUS N
    W="$T/w.db"
    [ -e "$W" ] || return 0
    if [ "$(q "$W" "PRAGMA integrity_check")" != ok ]; then
        bad damaged "$2" "integrity_check: $(q "$W" "PRAGMA integrity_check" | head -2)"
        return 0
    fi
    foreign=$(q "$W" "ATTACH '$T/ref.db' AS ref; SELECT count(*) FROM conversations c WHERE NOT EXISTS
        (SELECT 1 FROM ref.conversations r WHERE r.id = c.id AND r.content_hash = c.content_hash)" 2>&1)
    [ "$foreign" = 0 ] || bad damaged "$2" "rows no clean ingest stores: $foreign"
    if [ "$1" -eq 0 ] && [ "$(q "$W" "SELECT count(*) FROM conversations")" != 20 ]; then
        bad lost "$2" "exit 0 with $(q "$W" "SELECT count(*) FROM conversations") of 20 stored"
    fi
    if ! "$KLEIO" ingest -q --work "$W" "$T/in20.jsonl" >"$T/r.out" 2>&1 ||
        [ "$(q "$W" "SELECT count(*) FROM conversations")" != 20 ]; then
        bad unrecovered "$2" "ingest again: $(head -2 "$T/r.out")"
    fi
}
ingest_fault() { # ENV-ASSIGNMENT N
    rm -f "$T/w.db" "$T/w.db-wal" "$T/w.db-shm" "$T/w.db.lock"
    env "$1" LD_PRELOAD="$3" "$KLEIO" ingest -q --work "$T/w.db" "$T/in20.jsonl" >"$T/f.out" 2>&1
    st=$?
    outcome "$st" "$2"
    ingest_verify "$st" "$2"
}

if [ "$asan" -eq 0 ]; then
    rm -f "$T/w.db"*
    FAILMALLOC_COUNT="$T/count" LD_PRELOAD="$T/failmalloc.so" "$KLEIO" ingest -q --work "$T/w.db" "$T/in20.jsonl"
    total=$(cat "$T/count")
    reset
    step=$(stride "$total")
    n=1
    while [ "$n" -le "$total" ]; do
        ingest_fault "FAILMALLOC_N=$n" "$n" "$T/failmalloc.so"
        n=$((n + step))
    done
    summary "ingest, allocation N of $total fails"
fi

rm -f "$T/w.db"*
FAULTVFS_COUNT="$T/count" LD_PRELOAD="$T/faultvfs.so" "$KLEIO" ingest -q --work "$T/w.db" "$T/in20.jsonl"
read -r writes reads syncs <"$T/count"
for kind in full:$writes ioerr:$reads syncerr:$syncs; do
    total=${kind#*:}
    reset
    step=$(stride "$total")
    n=1
    while [ "$n" -le "$total" ]; do
        ingest_fault "FAULTVFS=${kind%:*}:$n" "$n" "$T/faultvfs.so"
        n=$((n + step))
    done
    summary "ingest, SQLite ${kind%:*} at call N of $total"
done

# A read-only file system: a new work database cannot be made, an existing one is read.
reset
rm -f "$T/w.db"*
ingest_fault "FAULTVFS=readonly" 0 "$T/faultvfs.so"
summary "ingest into a new database on a read-only file system"
check_grep "…naming the database" "^kleio: .*w\.db: (unable to open|attempt to write a readonly)" "$T/f.out"
FAULTVFS=readonly LD_PRELOAD="$T/faultvfs.so" "$KLEIO" ingest -q --work "$T/w.db" "$T/in20.jsonl" >"$T/f.out" 2>&1
st=$?
[ "$st" -ne 0 ] && [ "$st" -lt 128 ] && ok "ingest into an existing database on a read-only file system fails" ||
    not_ok "ingest into an existing database on a read-only file system fails" "status $st"
check_grep "…saying why" "^kleio: .*(read-only|readonly|unable to open)" "$T/f.out"
check "…and the database is intact" test "$(q "$T/w.db" "SELECT count(*) FROM conversations")" = 20

# --- a whole run: facets, embed, cluster, hierarchy, name, layout, privacy, publish --------
# Every faulted run starts from the same ingested database, with a snapshot from an
# earlier run with other parameters already at --out (the same one would be up to date).
"$KLEIO" ingest -q --work "$T/base.db" "$T/in150.jsonl"
q "$T/base.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$T/base.db" "$T/prev.db"
# shellcheck disable=SC2086
"$KLEIO" run -q --work "$T/prev.db" --out "$T/s0.db" $RUN --leaf-size 40
mkdir -p "$T/out"
run_fault() { # ENV-ASSIGNMENT N SHIM
    rm -f "$T/w.db"* "$T/out/"* "$T/out/".s.db.tmp-* 2>/dev/null
    cp "$T/base.db" "$T/w.db"
    cp "$T/s0.db" "$T/out/s.db"
    inode=$(stat -c %i "$T/out/s.db")
    # shellcheck disable=SC2086
    env "$1" LD_PRELOAD="$3" "$KLEIO" run -q --work "$T/w.db" --out "$T/out/s.db" $RUN >"$T/f.out" 2>&1
    st=$?
    outcome "$st" "$2"
    if [ "$(q "$T/w.db" "PRAGMA integrity_check")" != ok ]; then
        bad damaged "$2" "work database: $(q "$T/w.db" "PRAGMA integrity_check" | head -2)"
    fi
    # Publishing renames a new file over the old: a new inode (the content may be the same).
    if [ "$(stat -c %i "$T/out/s.db")" != "$inode" ]; then
        if ! "$KLEIO" tree "$T/out/s.db" >"$T/r.out" 2>&1; then
            bad damaged "$2" "the new snapshot: $(head -2 "$T/r.out")"
        fi
    elif ! cmp -s "$T/s0.db" "$T/out/s.db"; then
        bad damaged "$2" "the published snapshot was changed in place"
    elif [ "$st" -eq 0 ]; then
        bad lost "$2" "exit 0 but nothing published"
    fi
    # After every failure the same run completes (one stage once recorded itself as done
    # without its rows, and every later run failed).
    if [ "$st" -ne 0 ]; then
        # shellcheck disable=SC2086
        if ! "$KLEIO" run -q --work "$T/w.db" --out "$T/out/s.db" $RUN >"$T/r.out" 2>&1 ||
            ! "$KLEIO" tree "$T/out/s.db" >/dev/null 2>&1; then
            bad unrecovered "$2" "run again: $(head -2 "$T/r.out")"
        fi
    fi
}

if [ "$asan" -eq 0 ]; then
    cp "$T/base.db" "$T/w.db"
    # shellcheck disable=SC2086
    FAILMALLOC_COUNT="$T/count" LD_PRELOAD="$T/failmalloc.so" "$KLEIO" run -q --work "$T/w.db" --out "$T/c.db" $RUN
    total=$(cat "$T/count")
    reset
    step=$(stride "$total")
    n=1
    while [ "$n" -le "$total" ]; do
        run_fault "FAILMALLOC_N=$n" "$n" "$T/failmalloc.so"
        n=$((n + step))
    done
    summary "run, allocation N of $total fails"
fi

rm -f "$T/w.db"*
cp "$T/base.db" "$T/w.db"
# shellcheck disable=SC2086
FAULTVFS_COUNT="$T/count" LD_PRELOAD="$T/faultvfs.so" "$KLEIO" run -q --work "$T/w.db" --out "$T/c2.db" $RUN
read -r writes reads syncs <"$T/count"
for kind in full:$writes ioerr:$reads syncerr:$syncs; do
    total=${kind#*:}
    reset
    step=$(stride "$total")
    n=1
    while [ "$n" -le "$total" ]; do
        run_fault "FAULTVFS=${kind%:*}:$n" "$n" "$T/faultvfs.so"
        n=$((n + step))
    done
    summary "run, SQLite ${kind%:*} at call N of $total"
done
reset
run_fault "FAULTVFS=readonly" 0 "$T/faultvfs.so"
summary "run on a read-only file system"

# --- validate: the figures read back after the run -----------------------------------------
# A read error while the validation reads the work database and the snapshot back must stop
# it with the cause named; a report made from the rows read before the error is a wrong report.
# Its last reads are those of the measures: each of the last VREADS reads fails once in turn.
VAL="validate --n 150 --seed 5 --json --min-users 1 --min-conversations 1"
VREADS=40
# shellcheck disable=SC2086
FAULTVFS_COUNT="$T/count" LD_PRELOAD="$T/faultvfs.so" "$KLEIO" $VAL >"$T/v0.json" 2>"$T/v0.err"
read -r writes reads syncs <"$T/count"
reset
n=$((reads - VREADS + 1))
[ "$n" -ge 1 ] || n=1
while [ "$n" -le "$reads" ]; do
    # shellcheck disable=SC2086
    FAULTVFS="ioerr:$n" LD_PRELOAD="$T/faultvfs.so" "$KLEIO" $VAL >"$T/v.json" 2>"$T/f.out"
    st=$?
    outcome "$st" "$n"
    if [ -s "$T/v.json" ] && ! cmp -s "$T/v.json" "$T/v0.json"; then
        bad damaged "$n" "status $st and a report unlike the clean run's: $(diff "$T/v0.json" "$T/v.json" | head -4)"
    fi
    n=$((n + 1))
done
summary "validate, SQLite read error at each of the last $VREADS of $reads reads"
