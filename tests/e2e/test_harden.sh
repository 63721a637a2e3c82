#!/bin/sh
# test_harden.sh — regressions for the defects hostile input and faults found (issue 19):
# a first `make` on a machine without the packages, ingest stopped by a signal while it
# skips an over-long line, a damaged gzip member, private files private, what the ingest
# summary counts on a full disk, stale publish temp files, 8-digit dates, huge integers
# under ignored keys, concurrent sample builds, and a copied snapshot's work database.
. "$KLEIO_ROOT/tests/lib.sh"
q() { sqlite3 "$1" "$2"; }
good() { printf '{"id":"%s","user_id":"u","messages":[{"role":"user","content":"question %s"},{"role":"assistant","content":"answer"}]}\n' "$1" "$1"; }

# --- 1. the first `make` on a bare machine ------------------------------------------------
# A scratch tree with the real Makefile and a two-file program that needs sqlite3 and
# libcurl. pkg-config fails (as when it is not installed) until the fake .ci/install-deps
# has run: the first make must install, then compile and link with the libraries' flags.
M="$T/mk"
mkdir -p "$M/src/lib" "$M/include" "$M/.ci" "$M/fakebin" "$M/sample-db"
cp "$KLEIO_ROOT/Makefile" "$KLEIO_ROOT/VERSION" "$M/"
REAL_PKG_CONFIG=$(command -v pkg-config)
cat >"$M/.ci/install-deps" <<'EOF'
#!/bin/sh
echo "install-deps $*" >>installed
EOF
cat >"$M/fakebin/pkg-config" <<EOF
#!/bin/sh
[ -e "$M/installed" ] || exit 1
exec "$REAL_PKG_CONFIG" "\$@"
EOF
printf 'touch "$2"\n' >"$M/sample-db/build.sh"   # the real sample takes a minute
chmod +x "$M/.ci/install-deps" "$M/fakebin/pkg-config"
cat >"$M/include/mk.h" <<'EOF'
const char *mk_versions(void);
EOF
cat >"$M/src/lib/versions.c" <<'EOF'
#include "mk.h"
#include <curl/curl.h>
#include <sqlite3.h>
const char *mk_versions(void)
{
    return sqlite3_libversion()[0] && curl_version()[0] ? KLEIO_TEXTCAT_DIR : "";
}
EOF
cat >"$M/src/main.c" <<'EOF'
#include <stdio.h>
#include "mk.h"
int main(void)
{
    printf("textcat=%s\n", mk_versions());
    return 0;
}
EOF
# The scratch make must not inherit the outer make's variables (check-asan passes BUILD,
# SANITIZE and OPT on its command line, which make exports to recipes).
mk() { (cd "$M" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u BUILD -u SANITIZE -u OPT \
          PATH="$M/fakebin:$PATH" make "$@"); }
mk clean >"$T/mk.clean" 2>&1
mk help >>"$T/mk.clean" 2>&1
check "make clean and make help install nothing" test ! -e "$M/installed"
check "the first make installs, then compiles and links" mk -j2
check_grep "…having installed the packages first" "install-deps --if-missing" "$M/installed"
check "…and the program it built runs" "$M/build/kleio"
if "$REAL_PKG_CONFIG" --exists libexttextcat 2>/dev/null; then
    check_grep "…with the textcat directory from pkg-config" "^textcat=/" "$T/.out"
fi
check "a second make builds nothing" mk -j2
check_no_grep "…compiles nothing" "^  (CC|LD) " "$T/.out"
check_no_grep "…and does not install again" "install-deps.*install-deps" "$M/installed"

# --- 2. a signal stops ingest while it skips an over-long line ----------------------------
# timeout(1) exits 124 when the first signal ended the command, 137 when it needed SIGKILL.
W="$T/zero.db"
check_status 124 "SIGTERM stops ingest of /dev/zero (an endless line)" \
    timeout -k 5 1 "$KLEIO" ingest --work "$W" /dev/zero
check_grep "…saying it was interrupted" "ingest: interrupted" "$T/.out"
check_status 124 "SIGINT stops it too" timeout -s INT -k 5 1 "$KLEIO" ingest --work "$W" /dev/zero
W="$T/endless.db"
{ good s-1; good s-2; yes A | tr -d '\n'; } | timeout -k 5 1 "$KLEIO" ingest --work "$W" - >"$T/.out" 2>&1
st=$?
[ "$st" -eq 124 ] && ok "SIGTERM stops ingest of an endless line on a pipe" ||
    not_ok "SIGTERM stops ingest of an endless line on a pipe" "status $st"
[ "$(q "$W" "SELECT group_concat(id) FROM conversations")" = "s-1,s-2" ] &&
    ok "…keeping the lines read before it" || not_ok "…keeping the lines read before it" "$(cat "$T/.out")"
[ "$(q "$W" "SELECT complete FROM ingest_files")" = 0 ] &&
    ok "…and recording the input as incomplete" || not_ok "…and recording the input as incomplete"

# --- 3. a damaged second gzip member -------------------------------------------------------
"$KLEIO" synth -q -n 2000 --seed 3 -o "$T/g.jsonl"
head -n 1000 "$T/g.jsonl" | gzip -c >"$T/g1.gz"
tail -n 1000 "$T/g.jsonl" | gzip -c >"$T/g2.gz"
cat "$T/g1.gz" "$T/g2.gz" >"$T/two.gz"
cp "$T/two.gz" "$T/damaged.gz"
size1=$(wc -c <"$T/g1.gz")
printf '\036' | dd of="$T/damaged.gz" bs=1 seek="$size1" conv=notrunc 2>/dev/null
{ cat "$T/g1.gz"; head -c 1000 /dev/zero; } >"$T/padded.gz"
check "(gzip -t rejects the damaged file)" sh -c "! gzip -t '$T/damaged.gz' 2>/dev/null"
W="$T/gz.db"
check_status 0 "two intact gzip members: read in turn" "$KLEIO" ingest --work "$W" "$T/two.gz"
[ "$(q "$W" "SELECT lines FROM ingest_files")" = 2000 ] && ok "…all 2000 lines read" ||
    not_ok "…all 2000 lines read" "$(q "$W" "SELECT * FROM ingest_files")"
head -n 1000 "$T/g.jsonl" | "$KLEIO" ingest -q --work "$T/half.db" -
half=$(q "$T/half.db" "SELECT count(*) FROM conversations")
W="$T/gzbad.db"
check_status 2 "a damaged second member is an error" "$KLEIO" ingest --work "$W" "$T/damaged.gz"
check_grep "…naming the file and the byte offset" "damaged\.gz:1001: data after a gzip member at byte $size1 does not start" "$T/.out"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = "$half" ] && ok "…the first member's lines stay stored" ||
    not_ok "…the first member's lines stay stored" "$(q "$W" "SELECT count(*) FROM conversations")"
[ "$(q "$W" "SELECT complete FROM ingest_files")" = 0 ] && ok "…and the file is not recorded as complete" ||
    not_ok "…and the file is not recorded as complete" "$(q "$W" "SELECT * FROM ingest_files")"
W="$T/gzpad.db"
check_status 0 "zero padding after the last member is ignored (as gzip does)" "$KLEIO" ingest --work "$W" "$T/padded.gz"
[ "$(q "$W" "SELECT lines || ' ' || complete FROM ingest_files")" = "1000 1" ] &&
    ok "…and the file is complete" || not_ok "…and the file is complete" "$(q "$W" "SELECT complete FROM ingest_files")"

# --- 5. private files are created 0600 under umask 022 ------------------------------------
umask 022
mode() { stat -c %a "$1"; }
W="$T/priv.db"
mkfifo "$T/fifo"
"$KLEIO" ingest --work "$W" "$T/fifo" >"$T/priv.err" 2>&1 &
pid=$!
exec 3>"$T/fifo"     # ingest has opened the database (WAL) before it opens its input
good p-1 >&3
i=0
while { [ ! -e "$W-wal" ] || [ ! -e "$W-shm" ]; } && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "the work database is created 0600" test "$(mode "$W")" = 600
check "…its -wal takes the same mode" test "$(mode "$W-wal")" = 600
check "…and its -shm" test "$(mode "$W-shm")" = 600
exec 3>&-
wait "$pid"
check_no_grep "…and nothing is said about a file kleio made" "warning" "$T/priv.err"
"$KLEIO" synth -q -n 300 --seed 5 -o "$T/p.jsonl"
"$KLEIO" ingest -q --work "$W" "$T/p.jsonl"
RUN="--min-users 1 --min-conversations 1 --leaf-size 20 --dim 16"
# shellcheck disable=SC2086
check "a run publishes" "$KLEIO" run -q --work "$W" --out "$T/priv_s.db" $RUN
check "the run lock is created 0600" test "$(mode "$W.lock")" = 600
"$KLEIO" jobs start --work "$W" --out "$T/priv_s.db" -- --no-such-option >/dev/null 2>&1
i=0
while ! "$KLEIO" jobs --work "$W" 2>/dev/null | grep -Eq '^1 +failed' && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
log=$(q "$W" "SELECT log_path FROM jobs WHERE id = 1")
check "a job's log is created 0600" test -f "$log" -a "$(mode "$log")" = 600
chmod 644 "$W" "$W.lock"
# shellcheck disable=SC2086
"$KLEIO" run --work "$W" --out "$T/priv_s.db" $RUN >"$T/wide.err" 2>&1
check_grep "a group/world-readable work database is named in a warning" \
    "warning: .*priv\.db holds private data but is readable by everyone \(mode 644\)" "$T/wide.err"
check_grep "…and so is the lock file" "warning: .*priv\.db\.lock holds private data" "$T/wide.err"
check "…once each per process" test "$(grep -c 'priv\.db holds private data' "$T/wide.err")" -eq 1
check "…and the mode stays the user's" test "$(mode "$W")" = 644

# --- 7. the ingest summary counts what was committed ---------------------------------------
# A file size limit (SIGXFSZ ignored) fills the "disk" in the middle of a batch.
"$KLEIO" synth -q -n 4000 --seed 9 -o "$T/full.jsonl"
W="$T/full.db"
sh -c "trap '' XFSZ; ulimit -f 8000; exec \"\$0\" ingest --work '$W' '$T/full.jsonl'" "$KLEIO" >"$T/full.err" 2>&1
st=$?
stored=$(q "$W" "SELECT count(*) FROM conversations")
said=$(sed -n 's/^kleio: ingest: \([0-9,]*\) ingested.*/\1/p' "$T/full.err" | tr -d ,)
[ "$st" -eq 1 ] && [ "$stored" -lt 4000 ] && ok "a full disk stops ingest with status 1 ($stored of 4000 stored)" ||
    not_ok "a full disk stops ingest with status 1" "status $st, $stored stored: $(cat "$T/full.err")"
[ "$said" = "$stored" ] && ok "…and the summary counts only the committed rows" ||
    not_ok "…and the summary counts only the committed rows" "said $said, stored $stored"
check_grep "…saying how many read were not stored" "conversations read were not stored" "$T/full.err"

# --- 7. a publish killed before its rename: the next publish removes its temp file ---------
W="$T/priv.db"
D="$T/pub"
mkdir -p "$D"
# shellcheck disable=SC2086
KLEIO_TEST_STALL_STAGE=publish "$KLEIO" run --work "$W" --out "$D/s.db" $RUN >"$T/stall.err" 2>&1 &
pid=$!
i=0
while ! grep -qs "publish: stalling" "$T/stall.err" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "a kill during publish leaves .s.db.tmp-PID" test -s "$D/.s.db.tmp-$pid"
cp "$D/.s.db.tmp-$pid" "$D/.s.db.tmp-$$"          # a publish still running (this shell)
printf 'notes\n' >"$D/.notes.tmp-$pid"            # not a snapshot
# shellcheck disable=SC2086
check "the next publish into that directory succeeds" "$KLEIO" run --work "$W" --out "$D/s.db" $RUN
check_grep "…saying it removed the stale temp file" "removed .*\.s\.db\.tmp-$pid, left by a publish that was stopped" "$T/.out"
check "…which is gone" test ! -e "$D/.s.db.tmp-$pid"
check "…while a live process's temp file stays" test -e "$D/.s.db.tmp-$$"
check "…and so does a file that is not a snapshot" test -e "$D/.notes.tmp-$pid"

# --- 7. a string of eight digits is a date (YYYYMMDD), not epoch seconds --------------------
W="$T/dates.db"
{
    printf '{"id":"d-1","timestamp":"20240101","messages":[{"role":"user","content":"a"}]}\n'
    printf '{"id":"d-2","timestamp":"20241301","messages":[{"role":"user","content":"b"}]}\n'
    printf '{"id":"d-3","timestamp":"1704067200","messages":[{"role":"user","content":"c"}]}\n'
} >"$T/dates.jsonl"
"$KLEIO" ingest --work "$W" "$T/dates.jsonl" >"$T/dates.err" 2>&1
[ "$(q "$W" "SELECT ts FROM conversations WHERE id = 'd-1'")" = 1704067200 ] &&
    ok "\"20240101\" is 2024-01-01" || not_ok "\"20240101\" is 2024-01-01" "$(q "$W" "SELECT ts FROM conversations")"
check_grep "an 8-digit string that is no date is rejected, saying why" \
    "dates\.jsonl:2: bad timestamp: \"timestamp\" '20241301' has eight digits, read as a date YYYYMMDD" "$T/dates.err"
[ "$(q "$W" "SELECT ts FROM conversations WHERE id = 'd-3'")" = 1704067200 ] &&
    ok "ten digits are still epoch seconds" || not_ok "ten digits are still epoch seconds"

# --- 7. numbers beyond 64 bits (or a double) under keys kleio ignores ----------------------
W="$T/bignum.db"
nines=$(printf '%0400d' 0 | tr 0 9)
{
    printf '{"id":42,"meta":{"n":123456789012345678901234567890,"m":-99999999999999999999,"r":1.5e999,"s":"1e999 \\" 99999999999999999999"},"messages":[{"role":"user","content":"a"}]}\n'
    printf '{"id":"b","x":%s,"messages":[{"role":"user","content":"b"}]}\n' "$nines"
    printf '{"id":"c","x":9223372036854775807,"y":-9223372036854775808,"messages":[{"role":"user","content":"c"}]}\n'
    printf '{"id":"d","timestamp":123456789012345678901234,"messages":[{"role":"user","content":"d"}]}\n'
    printf '{"id":12345678901234567890123,"messages":[{"role":"user","content":"e"}]}\n'
} >"$T/bignum.jsonl"
"$KLEIO" ingest --work "$W" "$T/bignum.jsonl" >"$T/bignum.err" 2>&1
[ "$(q "$W" "SELECT group_concat(id) FROM (SELECT id FROM conversations ORDER BY rowid)")" = "42,b,c" ] &&
    ok "huge numbers under ignored keys do not reject the line (an integer id stays one)" ||
    not_ok "huge numbers under ignored keys do not reject the line" "$(cat "$T/bignum.err")"
check_grep "…while a huge timestamp is out of range" "bignum\.jsonl:4: bad timestamp: \"timestamp\" is out of range" "$T/bignum.err"
check_grep "…and a huge id is no id" "bignum\.jsonl:5: unknown shape: \"id\"" "$T/bignum.err"

# --- 7. two sample builds at once --------------------------------------------------------
S1="$T/sa"
mkdir -p "$S1"
SAMPLE_N=1500 sh "$KLEIO_ROOT/sample-db/build.sh" "$KLEIO" "$S1/a.db" >"$T/sa.out" 2>&1 &
pa=$!
SAMPLE_N=1500 sh "$KLEIO_ROOT/sample-db/build.sh" "$KLEIO" "$S1/b.db" >"$T/sb.out" 2>&1 &
pb=$!
wait "$pa"; sta=$?
wait "$pb"; stb=$?
[ "$sta" -eq 0 ] && [ "$stb" -eq 0 ] && ok "two sample builds into one folder at once both succeed" ||
    not_ok "two sample builds into one folder at once both succeed" "$sta $stb: $(cat "$T/sa.out" "$T/sb.out")"
check "…leaving no temporary snapshot behind" test -z "$(find "$S1" -name '.*build*' ! -name '*lock')"

# --- 7. the work database is named relative to the snapshot; a copied sample uses its own -
[ "$(q "$S1/a.db" "SELECT value FROM meta WHERE key = 'work_db'")" = work.db ] &&
    ok "the sample names its work database relative to itself" ||
    not_ok "the sample names its work database relative to itself" "$(q "$S1/a.db" "SELECT value FROM meta WHERE key = 'work_db'")"
[ "$(q "$T/priv_s.db" "SELECT value FROM meta WHERE key = 'work_db'")" = priv.db ] &&
    ok "so does a snapshot published beside its work database" || not_ok "so does a snapshot beside its work database"
[ "$(q "$D/s.db" "SELECT value FROM meta WHERE key = 'work_db'")" = "$(cd "$T" && pwd -P)/priv.db" ] &&
    ok "a work database elsewhere is named by its absolute path" ||
    not_ok "a work database elsewhere is named by its absolute path" "$(q "$D/s.db" "SELECT value FROM meta WHERE key = 'work_db'")"
S2="$T/copy"
cp -R "$S1" "$S2"
. "$KLEIO_ROOT/tests/tui/lib.sh"
tui_start 140 34 "$KLEIO" browse "$S2/a.db"
tui_wait "clusters" 10 >/dev/null
tui_keys R
tui_expect "R on a copied sample recomputes into the copy's work database" "Will run: kleio run --work $(cd "$S2" && pwd -P)/work.db"
tui_keys Escape
tui_quit_ok "…and the explorer quits cleanly"

# --- found by fuzz_snapshot: a table the slice reads, damaged ------------------------------
# The tree of a language slice failed on the cluster_lang table and leaked the names of the
# clusters after the failing one (LeakSanitizer fails this under check-asan).
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$T/badlang.db"
q "$T/badlang.db" "ALTER TABLE cluster_lang RENAME COLUMN concern_sum TO cs"
check_status 1 "a damaged cluster_lang: kleio tree --lang en fails" "$KLEIO" tree "$T/badlang.db" --lang en
check_grep "…naming the file and the cause" "badlang\.db: cannot read the cluster tree: no such column" "$T/.out"
