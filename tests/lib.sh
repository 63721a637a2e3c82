# tests/lib.sh — helpers for shell end-to-end tests; prints TAP lines that tests/run.sh counts.
#   . "$KLEIO_ROOT/tests/lib.sh"
#   check "name" command args...        passes when the command succeeds
#   check_status N "name" command...    passes when the command exits with status N
#   check_grep "name" PATTERN FILE      passes when FILE matches the extended regex
#   check_no_grep "name" PATTERN FILE
# Each script gets a private temporary directory $T, removed at exit.
set -u
: "${KLEIO:?run through tests/run.sh or set KLEIO}"
: "${KLEIO_ROOT:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/kleio-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=
unset NO_COLOR
mkdir -p "$HOME"
_n=0

ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); echo "not ok $_n - $1"; shift; [ $# -gt 0 ] && echo "# $*"; return 0; }

check() {
    name=$1; shift
    if "$@" >"$T/.out" 2>&1; then ok "$name"; else not_ok "$name" "$(tail -5 "$T/.out")"; fi
}

check_status() {
    want=$1; name=$2; shift 2
    "$@" >"$T/.out" 2>&1
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else not_ok "$name" "status $got, wanted $want: $(tail -3 "$T/.out")"; fi
}

check_grep() {
    if grep -Eq -- "$2" "$3"; then ok "$1"; else not_ok "$1" "no match for '$2' in $3: $(head -5 "$3")"; fi
}

check_no_grep() {
    if grep -Eq -- "$2" "$3"; then not_ok "$1" "unexpected match for '$2' in $3"; else ok "$1"; fi
}

# Builds a snapshot from a SQL data file (the schema comes from kleio itself).
make_fixture() { # SQL_FILE OUT_DB
    "$KLEIO_BUILD/tests/tools/mkfixture" "$2" "$1"
}
