#!/bin/sh
# A snapshot above 8 MiB is drawn at once and validated in full in the background: a
# damaged one still ends with kl_snapshot_open's one-line error and status 2.
. "$KLEIO_ROOT/tests/lib.sh"
. "$KLEIO_ROOT/tests/tui/lib.sh"


S="$T/big.db"
make_fixture "$KLEIO_ROOT/tests/fixtures/tui_big.sql" "$S" || { not_ok "fixture builds"; exit 1; }
size=$(wc -c <"$S")
[ "$size" -gt 8388608 ] && ok "fixture is above the background-check size" || not_ok "fixture size" "$size bytes"

tui_start 100 30 "$KLEIO" browse "$S"
tui_expect "big snapshot opens" "Generated cluster"
tui_wait_gone "Checking snapshot" 10 && ok "background check finishes" || not_ok "background check finishes"
tui_keys Enter
tui_expect "big snapshot: drill down" "All clusters › Generated cluster"
tui_keys q
tui_expect "valid big snapshot quits with 0" "[exited 0 ]"
tui_stop_wait

# Damage pages in the last quarter: the header and the top level still read, so the
# explorer starts; the full check then fails.
cp "$S" "$T/bad.db"
yes "not a b-tree page" | head -c 32768 | dd of="$T/bad.db" bs=4096 seek=$((size * 3 / 4 / 4096)) conv=notrunc 2>/dev/null
tui_start 100 30 "$KLEIO" browse "$T/bad.db"
tui_expect "damaged big snapshot: exit 2" "[exited 2 ]" 15
tui_expect "damaged big snapshot: kl_snapshot_open's message" "bad.db: the database is corrupted or truncated"
tui_stop_wait
"$KLEIO" tree "$T/bad.db" >/dev/null 2>&1
[ $? -eq 2 ] && ok "the same file is refused by kleio tree" || not_ok "the same file is refused by kleio tree"
