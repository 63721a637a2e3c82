#!/bin/sh
# kleio ingest on bad input: each cause reported as FILE:LINE, a 50 MB line in bounded
# memory, binary garbage, a crash mid-batch, and the progress line on a terminal.
. "$KLEIO_ROOT/tests/lib.sh"
q() { sqlite3 "$1" "$2"; }
good() { printf '{"id":"%s","user_id":"u","messages":[{"role":"user","content":"question %s"},{"role":"assistant","content":"answer"}]}\n' "$1" "$1"; }

# --- one line per cause, each between good lines -----------------------------------------
{
    good g-1
    printf '{"messages": [{"role": "user", "content": "unterminated\n'          # 2 invalid JSON
    printf '{"messages":[{"role":"user","content":"caf\351"}]}\n'               # 3 invalid UTF-8 (Latin-1)
    printf '{"messages":[{"role":"assistant","content":"only me"}]}\n'          # 4 no user turn
    printf '{"prompt":"a","completion":"b"}\n'                                  # 5 unknown shape
    printf '{"a":\001\002\003}\n'                                               # 6 binary data
    printf '\n'                                                                 # 7 blank: silent
    printf '{"timestamp":"last tuesday","messages":[{"role":"user","content":"x"}]}\n'  # 8 bad timestamp
    good g-2
} >"$T/causes.jsonl"
W="$T/causes.db"
"$KLEIO" ingest --work "$W" "$T/causes.jsonl" 2>"$T/causes.err"
st=$?
[ $st -eq 0 ] && ok "bad lines: status 0 when something was read" || not_ok "bad lines: status" "status $st"
check_grep "invalid JSON reported" '^.*causes\.jsonl:2: invalid JSON: ' "$T/causes.err"
check_grep "invalid UTF-8 reported" '^.*causes\.jsonl:3: invalid UTF-8: at byte 43' "$T/causes.err"
check_grep "no user turn reported" '^.*causes\.jsonl:4: no user turn' "$T/causes.err"
check_grep "unknown shape reported" '^.*causes\.jsonl:5: unknown shape: no "messages"' "$T/causes.err"
check_grep "binary data reported" '^.*causes\.jsonl:6: binary data: control byte 0x01' "$T/causes.err"
check_grep "bad timestamp reported" '^.*causes\.jsonl:8: bad timestamp' "$T/causes.err"
check_no_grep "blank line not reported" 'causes\.jsonl:7:' "$T/causes.err"
check_grep "summary by cause" '2 ingested, 0 duplicates, 6 rejected \(1 binary data, 1 invalid UTF-8, 1 invalid JSON, 1 unknown shape, 1 no user turn, 1 bad timestamp\)' "$T/causes.err"
[ "$(q "$W" "SELECT group_concat(id) FROM (SELECT id FROM conversations ORDER BY rowid)")" = "g-1,g-2" ] && ok "good lines around bad ones ingested" || not_ok "good lines ingested"
check_no_grep "no conversation text in messages" 'unterminated|only me|caf' "$T/causes.err"
[ "$(q "$W" "SELECT rejected_by_cause FROM ingest_files")" = '{"binary data":1,"invalid UTF-8":1,"invalid JSON":1,"unknown shape":1,"no user turn":1,"bad timestamp":1}' ] &&
    ok "rejections by cause logged in ingest_files" || not_ok "ingest_files causes" "$(q "$W" "SELECT * FROM ingest_files")"

# --- a 50 MB line: rejected as too long without being held --------------------------------
python3 - "$T/big.jsonl" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"id":"before","messages":[{"role":"user","content":"small"}]}\n')
    f.write('{"messages":[{"role":"user","content":"' + "x" * (50 * 1000 * 1000) + '"}]}\n')
    f.write('{"id":"after","messages":[{"role":"user","content":"small too"}]}\n')
EOF
W="$T/big.db"
"$KLEIO" ingest --work "$W" "$T/big.jsonl" 2>"$T/big.err"
check_grep "50 MB line rejected as too long (default cap)" 'big\.jsonl:2: line too long: longer than 16777216 bytes' "$T/big.err"
[ "$(q "$W" "SELECT group_concat(id) FROM (SELECT id FROM conversations ORDER BY rowid)")" = "before,after" ] && ok "lines around the long one ingested" || not_ok "lines around long line"
case "$KLEIO_BUILD" in
*asan*) ok "peak memory bounded # SKIP sanitizer build (shadow memory)" ;;
*)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$T/rss" "$KLEIO" ingest --work "$T/big2.db" --max-line 1M "$T/big.jsonl" 2>/dev/null
        rss=$(tail -1 "$T/rss")
        # 50 MB held would show as > 50000 KB; the reader keeps at most the cap.
        [ "$rss" -lt 30000 ] && ok "peak memory bounded with a 50 MB line (${rss} KB)" || not_ok "peak memory bounded" "${rss} KB"
    else
        ok "peak memory bounded # SKIP no /usr/bin/time"
    fi ;;
esac

# --- binary garbage: deterministic random bytes, compressed and not -----------------------
python3 -c 'import random,sys; r=random.Random(7); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(200000)))' >"$T/garbage.bin"
W="$T/garbage.db"
"$KLEIO" ingest --work "$W" --max-errors 0 "$T/garbage.bin" 2>"$T/garbage.err"
st=$?
[ $st -eq 2 ] && ok "garbage: status 2, nothing usable" || not_ok "garbage: status" "status $st"
check_grep "garbage: reported as binary data" 'garbage\.bin:1: binary data' "$T/garbage.err"
check_no_grep "garbage: no crash or sanitizer report" 'AddressSanitizer|runtime error|Segmentation' "$T/garbage.err"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 0 ] && ok "garbage: nothing stored" || not_ok "garbage: nothing stored"
lines=$(grep -c 'garbage\.bin:[0-9]*: ' "$T/garbage.err")
nl=$(python3 -c 'import sys; print(sum(1 for l in open(sys.argv[1], "rb").read().split(b"\n") if l.strip(b" \t\r")))' "$T/garbage.bin")
[ "$lines" -eq "$nl" ] && ok "garbage: every non-blank line counted ($lines)" || not_ok "garbage: lines counted" "$lines of $nl"
head -c 1000 "$T/garbage.bin" | gzip -c >"$T/garbage.gz"
{ gzip -c "$KLEIO_ROOT/tests/fixtures/ingest/kleio.jsonl"; head -c 5000 "$T/garbage.bin"; } >"$T/trailing.gz"
"$KLEIO" ingest --work "$W" "$T/garbage.gz" "$T/trailing.gz" 2>"$T/gzgarbage.err"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 3 ] && ok "garbage: gzip member then garbage reads the member" || not_ok "garbage after gzip" "$(cat "$T/gzgarbage.err")"

# --- a crash loses at most the batch in flight ---------------------------------------------
W="$T/crash.db"
mkfifo "$T/fifo"
i=1; : >"$T/stream.jsonl"
while [ $i -le 1500 ]; do good "c-$i" >>"$T/stream.jsonl"; i=$((i + 1)); done
# Hold the pipe open after 1500 lines so the process is killed mid-batch, not at the end.
( cat "$T/stream.jsonl"; sleep 30 ) >"$T/fifo" &
feeder=$!
"$KLEIO" ingest --work "$W" --batch 1000 "$T/fifo" 2>/dev/null &
pid=$!
n=0; tries=0
while [ "$n" -lt 1000 ] && [ $tries -lt 100 ]; do
    sleep 0.1; tries=$((tries + 1))
    n=$(q "$W" "SELECT count(*) FROM conversations" 2>/dev/null || echo 0)
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
n=$(q "$W" "SELECT count(*) FROM conversations")
[ "$n" -ge 1000 ] && ok "crash: committed batches survive a kill -9 ($n rows)" || not_ok "crash: committed rows" "$n"
[ "$(q "$W" "PRAGMA integrity_check")" = ok ] && ok "crash: database intact" || not_ok "crash: integrity"
"$KLEIO" ingest --work "$W" "$T/stream.jsonl" 2>&1 | sed 's/\([0-9]\),\([0-9]\)/\1\2/g' >"$T/resume.err"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 1500 ] && ok "crash: re-running completes the input" || not_ok "crash: resume"
check_grep "crash: re-run counts the stored ones as duplicates" "$((1500 - n)) ingested, $n duplicates" "$T/resume.err"

# --- progress line on a terminal, silent otherwise ------------------------------------------
if command -v script >/dev/null 2>&1; then
    script -qec "'$KLEIO' ingest --work '$T/tty.db' '$T/stream.jsonl'" /dev/null >"$T/tty.out" 2>&1
    check_grep "progress: count, rate, percentage and ETA on a terminal" 'ingest  .*stream\.jsonl  [0-9,]+ conversations  [0-9]+/s  [0-9.]+%  ETA [0-9]+m[0-9]+s' "$T/tty.out"
else
    ok "progress on a terminal # SKIP no script(1)"
fi
"$KLEIO" ingest --work "$T/notty.db" "$T/stream.jsonl" 2>"$T/notty.err"
check_no_grep "progress: no progress line when stderr is not a terminal" 'conversations  [0-9]+/s' "$T/notty.err"
"$KLEIO" ingest -q --work "$T/quiet.db" "$T/stream.jsonl" 2>"$T/quiet.err"
[ ! -s "$T/quiet.err" ] && ok "--quiet prints nothing on success" || not_ok "--quiet" "$(cat "$T/quiet.err")"

# --- SIGTERM (or Ctrl-C) on an idle stream: the batch in hand is committed ---------------
W="$T/term.db"
rm -f "$T/fifo"; mkfifo "$T/fifo"
( head -n 750 "$T/stream.jsonl"; sleep 30 ) >"$T/fifo" &
feeder=$!
"$KLEIO" ingest --work "$W" --batch 100 "$T/fifo" 2>"$T/term.err" &
pid=$!
# Seven full batches committed means the last 50 lines, written at once, are in hand.
n=0; tries=0
while [ "$n" -lt 700 ] && [ $tries -lt 100 ]; do
    sleep 0.1; tries=$((tries + 1))
    n=$(q "$W" "SELECT count(*) FROM conversations" 2>/dev/null || echo 0)
done
sleep 0.5
kill -TERM $pid
wait $pid
st=$?
kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
[ $st -eq 1 ] && ok "signal: exit status 1" || not_ok "signal: exit status" "status $st: $(cat "$T/term.err")"
[ "$(q "$W" "SELECT count(*) FROM conversations")" = 750 ] && ok "signal: the batch in hand is committed" || not_ok "signal: committed" "$(q "$W" "SELECT count(*) FROM conversations")"
check_grep "signal: summary printed" '750 ingested' "$T/term.err"
check_grep "signal: says it was interrupted" 'interrupted' "$T/term.err"

# --- mutated conversations: never a crash, every line accounted for -----------------------
python3 - "$KLEIO_ROOT/tests/fixtures/ingest" "$T/fuzz.jsonl" <<'EOF2'
import glob, random, sys
r = random.Random(11)
lines = [l.rstrip(b"\n") for f in sorted(glob.glob(sys.argv[1] + "/*.jsonl")) for l in open(f, "rb")]
tokens = [b"{", b"}", b"[", b"]", b'"', b"\\", b"\\u", b"\\ud800", b",", b":", b"null", b"1e999",
          b'"role"', b'"content"', b'"type"', b'"text"', b"\xc3", b"\xff", b"\xf0\x9f", b"\x00"]
with open(sys.argv[2], "wb") as out:
    for i in range(3000):
        b = bytearray(r.choice(lines))
        for _ in range(r.randint(1, 4)):
            op, pos = r.randrange(4), r.randrange(len(b) + 1)
            if op == 0 and b:
                del b[pos:pos + r.randint(1, 8)]
            elif op == 1:
                b[pos:pos] = r.choice(tokens)
            elif op == 2 and b:
                b[min(pos, len(b) - 1)] = r.randrange(256)
            else:
                b = b[:pos]
        out.write(bytes(b).replace(b"\n", b" ") + b"\n")
EOF2
"$KLEIO" ingest --work "$T/fuzz.db" --max-errors 0 "$T/fuzz.jsonl" >/dev/null 2>"$T/fuzz.err"
st=$?
[ $st -eq 0 ] && ok "mutations: no crash (status 0)" || not_ok "mutations: status" "status $st: $(tail -3 "$T/fuzz.err")"
check_no_grep "mutations: no sanitizer report" 'AddressSanitizer|LeakSanitizer|runtime error' "$T/fuzz.err"
nonblank=$(python3 -c 'import sys; print(sum(1 for l in open(sys.argv[1], "rb") if l.strip(b" \t\r\n")))' "$T/fuzz.jsonl")
sed 's/\([0-9]\),\([0-9]\)/\1\2/g' "$T/fuzz.err" | awk -v want="$nonblank" '
    /ingest: [0-9]+ ingested/ { n = $3 + $5 + $7 }
    END { exit n == want ? 0 : 1 }' && ok "mutations: every line ingested, duplicate or rejected" ||
    not_ok "mutations: lines accounted" "$(tail -1 "$T/fuzz.err") vs $nonblank"
rows=$(q "$T/fuzz.db" "SELECT count(*) FROM conversations WHERE json_valid(raw) AND json_array_length(raw) = n_messages AND user_turns > 0")
[ "$rows" = "$(q "$T/fuzz.db" "SELECT count(*) FROM conversations")" ] && ok "mutations: every stored row is well formed ($rows)" || not_ok "mutations: stored rows" "$rows"
