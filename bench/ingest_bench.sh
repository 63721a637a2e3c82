#!/bin/sh
# Ingest throughput and peak memory on N synthetic conversations (default 100000).
#   bench/ingest_bench.sh [N] [BUILD_DIR]
# Generates a JSON Lines corpus (a mix of the kleio, OpenAI, Anthropic and ShareGPT shapes,
# 2-8 turns, 60-2000 characters a turn, 1% bad lines), then times four runs: plain file,
# the same again (every line a duplicate), gzip file, and standard input.
set -eu
N=${1:-100000}
BUILD=${2:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
KLEIO="$BUILD/kleio"
[ -x "$KLEIO" ] || { echo "build kleio first (make)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time)" >&2; exit 2; }
D=$(mktemp -d "${TMPDIR:-/tmp}/kleio-bench.XXXXXX")
trap 'rm -rf "$D"' EXIT

python3 - "$N" "$D/corpus.jsonl" <<'EOF'
import json, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
r = random.Random(42)
words = ("the of and to in is you that it for was on are as with his they at be this have from "
         "python error function list data table model train query server file code bug fix "
         "recipe travel hotel flight poem story essay email letter résumé café naïve 日本 語 "
         "привет мир كتاب مرحبا").split()
def text(lo, hi):
    k = r.randint(lo, hi) // 6 + 1
    return " ".join(r.choice(words) for _ in range(k))
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        if r.random() < 0.01:
            f.write('{"messages": [{"role": "user", "content": "cut off\n')
            continue
        turns = r.randint(1, 4)
        shape = r.random()
        msgs = []
        for t in range(turns):
            msgs.append(("user", text(60, 600)))
            msgs.append(("assistant", text(200, 2000)))
        ts = 1767225600 + r.randint(0, 90 * 86400)
        if shape < 0.55:
            rec = {"id": "c-%07d" % i, "user_id": "u-%d" % r.randint(0, n // 5),
                   "timestamp": ts, "messages": [{"role": a, "content": c} for a, c in msgs]}
        elif shape < 0.75:
            rec = {"id": "oa-%07d" % i, "user": "u-%d" % r.randint(0, n // 5),
                   "messages": [{"role": "system", "content": "You are helpful."}] +
                               [{"role": a, "content": [{"type": "text", "text": c}]} for a, c in msgs]}
        elif shape < 0.9:
            rec = {"system": "Be concise.", "created_at": "2026-02-01T10:00:00Z",
                   "messages": [{"role": a, "content": [{"type": "text", "text": c}]} for a, c in msgs]}
        else:
            rec = {"id": "sg-%07d" % i,
                   "conversations": [{"from": "human" if a == "user" else "gpt", "value": c} for a, c in msgs]}
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
EOF
gzip -k -6 "$D/corpus.jsonl"
size=$(wc -c <"$D/corpus.jsonl")
gzsize=$(wc -c <"$D/corpus.jsonl.gz")
echo "corpus: $N lines, $((size / 1048576)) MiB plain, $((gzsize / 1048576)) MiB gzip"

# Wall time depends on what else the machine runs; CPU time (user + sys) does less.
run() { # LABEL CMD...
    label=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$D/time" "$@" 2>"$D/err" || true
    read -r secs user sys kb <"$D/time"
    summary=$(grep 'ingest:' "$D/err" | tail -1 | sed 's/^kleio: ingest: //')
    awk -v label="$label" -v n="$N" -v b="$size" -v s="$secs" -v c="$user + $sys" -v kb="$kb" -v sum="$summary" '
        BEGIN { split(c, p, " \\+ "); cpu = p[1] + p[2]
                printf "%-16s %6.2f s wall %6.2f s cpu  %7.0f conv/s wall %7.0f conv/s cpu  %5.1f MiB/s  peak %5d KiB\n",
                       label, s, cpu, (s > 0 ? n / s : 0), (cpu > 0 ? n / cpu : 0), (s > 0 ? b / s / 1048576 : 0), kb
                printf "%-16s %s\n", "", sum }'
}

run "plain file" "$KLEIO" ingest --work "$D/w1.db" "$D/corpus.jsonl"
run "same file again" "$KLEIO" ingest --work "$D/w1.db" "$D/corpus.jsonl"
run "gzip file" "$KLEIO" ingest --work "$D/w2.db" "$D/corpus.jsonl.gz"
run "stdin (pipe)" sh -c "cat '$D/corpus.jsonl' | '$KLEIO' ingest --work '$D/w3.db' -"
echo "work database: $(($(wc -c <"$D/w1.db") / 1048576)) MiB for $(sqlite3 "$D/w1.db" 'SELECT count(*) FROM conversations') conversations"
