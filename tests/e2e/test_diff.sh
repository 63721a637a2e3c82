#!/bin/sh
# kleio diff: new, gone, grown, split, merged, renamed, refusal moves.
. "$KLEIO_ROOT/tests/lib.sh"
make_fixture "$KLEIO_ROOT/tests/fixtures/small.sql" "$T/old.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/small_next.sql" "$T/new.db"
"$KLEIO" diff "$T/old.db" "$T/new.db" >"$T/d.txt" 2>&1
check_grep "new cluster" '^new +10  Dangerous requests' "$T/d.txt"
check_grep "gone cluster, with where it went" '^gone +2  Harmful requests .*went to 10' "$T/d.txt"
check_grep "grown cluster" '^grown +1  Software development .*600 -> 900 \(\+50%\)' "$T/d.txt"
check_grep "renamed cluster" '^renamed +3  Debugging Python programs .*was "Python debugging"' "$T/d.txt"
check_grep "refusal moved beyond the interval" '^refusal +4  Web front-end work .*8\.3% -> 24\.0%' "$T/d.txt"
check_grep "split" '^split +6  Malware creation .*split into 6, 9' "$T/d.txt"
check_grep "merged" '^merged +11  Python errors .*merged from 7, 8' "$T/d.txt"
check_no_grep "small refusal change is not reported" '^refusal +3 ' "$T/d.txt"
check_grep "summary line" '^3 new, 4 gone, 1 grown, 1 shrunk, 1 split, 1 merged, 1 renamed, 1 refusal changes$' "$T/d.txt"
"$KLEIO" diff "$T/old.db" "$T/old.db" >"$T/same.txt"
check_grep "a snapshot against itself has no changes" '^0 new, 0 gone, 0 grown, 0 shrunk, 0 split, 0 merged, 0 renamed, 0 refusal changes$' "$T/same.txt"
"$KLEIO" diff --format json "$T/old.db" "$T/new.db" >"$T/d.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["merged"]==1 and any(c["change"]=="split" and c["id"]==6 for c in d["changes"])' "$T/d.json"; then ok "json output"; else not_ok "json output"; fi
check_status 2 "a bad snapshot is refused" "$KLEIO" diff "$T/old.db" "$T/missing.db"
check_status 2 "two arguments are required" "$KLEIO" diff "$T/old.db"

# ---- Which lineage may be used: only the one that links the two files given. ----
# mirrored A.json B.json: B (the swapped diff) is A with new<->gone, grown<->shrunk,
# split<->merged and refusal up<->down, item for item and in the summary.
mirrored() {
    python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
swap = {"new": "gone", "gone": "new", "grown": "shrunk", "shrunk": "grown",
        "split": "merged", "merged": "split", "renamed": "renamed", "refusal": "refusal"}
def items(d, flip):
    out = []
    for c in d["changes"]:
        k = swap[c["change"]] if flip else c["change"]
        if c["change"] == "refusal":
            up = " up " in c["detail"]
            k += ":" + ("up" if up != flip else "down")
        out.append((k, c["id"]))
    return sorted(out)
ok = items(a, True) == items(b, False) and \
     all(a["summary"][swap[k]] == v for k, v in b["summary"].items())
if not ok:
    print("A flipped:", items(a, True)[:20]); print("B:", items(b, False)[:20])
sys.exit(0 if ok else 1)
PY
}
summary_of() { tail -n 1 "$1"; }
ZERO='^0 new, 0 gone, 0 grown, 0 shrunk, 0 split, 0 merged, 0 renamed, 0 refusal changes$'

cp "$T/new.db" "$T/copy.db"
"$KLEIO" diff "$T/new.db" "$T/copy.db" >"$T/copy.txt"
check_grep "two copies of a snapshot with lineage: no change at all" "$ZERO" "$T/copy.txt"
check_grep "two copies: the output says they are the same snapshot" '^note: both files are the same snapshot' "$T/copy.txt"
"$KLEIO" diff "$T/new.db" "$T/old.db" >"$T/swap.txt"
check_grep "swapped fixture: the summary mirrors" '^4 new, 3 gone, 1 grown, 1 shrunk, 1 split, 1 merged, 1 renamed, 1 refusal changes$' "$T/swap.txt"
check_grep "swapped fixture: the merge reads as a split" '^split +11  Python errors .*split into 7, 8' "$T/swap.txt"
check_grep "swapped fixture: the split reads as a merge" '^merged +6  Malware creation .*merged from 6, 9' "$T/swap.txt"
check_grep "swapped fixture: the grown cluster shrank" '^shrunk +1  Software development .*900 -> 600' "$T/swap.txt"
check_grep "swapped fixture: refusal down" '^refusal +4 .*refusal down 24\.0% -> 8\.3%' "$T/swap.txt"
check_grep "swapped fixture: a gone cluster says where it went, a new one where it came from" '^new +2  Harmful requests .*came from 10' "$T/swap.txt"
"$KLEIO" diff --format json "$T/new.db" "$T/old.db" >"$T/swap.json"
check "swapped fixture: every change mirrors (json)" mirrored "$T/d.json" "$T/swap.json"
# The same lineage rows, but relative to another snapshot than the one given.
cp "$T/new.db" "$T/other.db"
sqlite3 "$T/other.db" "UPDATE meta SET value = 'fixture-elsewhere' WHERE key = 'previous_snapshot_id'"
"$KLEIO" diff "$T/old.db" "$T/other.db" >"$T/other.txt"
check_grep "lineage relative to a third snapshot is not used" '^3 new, 4 gone, 1 grown, 1 shrunk, 0 split, 0 merged, 1 renamed, 1 refusal changes$' "$T/other.txt"
check_grep "…and the output says split and merge need consecutive snapshots" '^note: .*split and merge detection needs consecutive snapshots' "$T/other.txt"
check_grep "a gone cluster names no heir without a link" '^gone +2  Harmful requests +400 conversations$' "$T/other.txt"

# ---- Real recomputes of one work database. ----
"$KLEIO" synth -q -n 3000 --seed 1 -o "$T/c.jsonl"
"$KLEIO" ingest -q --work "$T/w.db" "$T/c.jsonl"
R="--min-users 5 --min-conversations 10"
# shellcheck disable=SC2086
"$KLEIO" run -q --work "$T/w.db" --out "$T/map.db" $R && cp "$T/map.db" "$T/r0.db"
# shellcheck disable=SC2086
"$KLEIO" run -q --work "$T/w.db" --out "$T/map.db" $R --leaf-size 40 && cp "$T/map.db" "$T/r1.db"
# shellcheck disable=SC2086
"$KLEIO" run -q --work "$T/w.db" --out "$T/map.db" $R --leaf-size 60 && cp "$T/map.db" "$T/r2.db"
meta() { sqlite3 "$1" "SELECT value FROM meta WHERE key = '$2'"; }
check "every snapshot has an id" test -n "$(meta "$T/r0.db" snapshot_id)" -a -n "$(meta "$T/r1.db" snapshot_id)"
check "the first snapshot of a work database has no previous one" test -z "$(meta "$T/r0.db" previous_snapshot_id)"
check "a recompute names the snapshot its lineage is relative to" test "$(meta "$T/r1.db" previous_snapshot_id)" = "$(meta "$T/r0.db" snapshot_id)"
check "…and so does the next" test "$(meta "$T/r2.db" previous_snapshot_id)" = "$(meta "$T/r1.db" snapshot_id)"

cp "$T/r1.db" "$T/same.db"
"$KLEIO" diff "$T/r1.db" "$T/same.db" >"$T/same1.txt"
check_grep "after a recompute, a snapshot and its copy: no change at all" "$ZERO" "$T/same1.txt"
for pair in "r0 r1" "r1 r2" "r0 r2"; do
    set -- $pair
    "$KLEIO" diff --format json "$T/$1.db" "$T/$2.db" >"$T/$1-$2.json"
    "$KLEIO" diff --format json "$T/$2.db" "$T/$1.db" >"$T/$2-$1.json"
    check "$1 -> $2 and $2 -> $1 mirror each other" mirrored "$T/$1-$2.json" "$T/$2-$1.json"
done
lineage_of() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["summary"]; print(d["lineage"], s["split"] + s["merged"] > 0)' "$1"; }
check "after one recompute, old -> new uses the new snapshot's lineage" test "$(lineage_of "$T/r0-r1.json")" = "forward True"
check "after one recompute, new -> old uses it read backwards" test "$(lineage_of "$T/r1-r0.json")" = "backward True"
check "across two recomputes, no lineage links first and third" test "$(lineage_of "$T/r0-r2.json")" = "unlinked False"
check "…either way round" test "$(lineage_of "$T/r2-r0.json")" = "unlinked False"
"$KLEIO" diff "$T/r0.db" "$T/r2.db" >"$T/r0-r2.txt"
check_grep "first vs third says why there are no splits or merges" '^note: not consecutive snapshots' "$T/r0-r2.txt"
check_no_grep "first vs third reports no split" '^(split|merged) ' "$T/r0-r2.txt"

# A publish killed between the rename and recording the new membership: the next run
# finds the file up to date and promotes its id with the membership.
# shellcheck disable=SC2086
KLEIO_TEST_STALL_STAGE=promote "$KLEIO" run --work "$T/w.db" --out "$T/map.db" $R --leaf-size 30 2>"$T/stall.err" &
pid=$!
i=0
while ! grep -qs "promote: stalling" "$T/stall.err" && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
cp "$T/map.db" "$T/r3.db"
# shellcheck disable=SC2086
"$KLEIO" run -q --work "$T/w.db" --out "$T/map.db" $R --leaf-size 30
# shellcheck disable=SC2086
"$KLEIO" run -q --work "$T/w.db" --out "$T/map.db" $R --leaf-size 50 && cp "$T/map.db" "$T/r4.db"
check "after a publish killed before its promotion, the next lineage names the published snapshot" \
    test "$(meta "$T/r4.db" previous_snapshot_id)" = "$(meta "$T/r3.db" snapshot_id)"
