# lib.sh - shared helpers for the shell tests (sourced). Each test runs inside
# tests/with-keyring.sh, so HOME, XDG dirs and the keyring are private.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${STOREKEYS:=$top_srcdir/storekeys}"
: "${PYTHON3:=python3}"
T_PASS=0
T_FAIL=0
T_TMP=$(mktemp -d "${STOREKEYS_TEST_TMP:-${TMPDIR:-/tmp}}/sk-sh.XXXXXX")
FAKE_PID=

ok() { T_PASS=$((T_PASS + 1)); echo "ok - $*"; }
not_ok() { T_FAIL=$((T_FAIL + 1)); echo "not ok - $*"; }

# check "description" command...: passes when the command succeeds.
check() {
	d=$1; shift
	if "$@" >"$T_TMP/out" 2>&1; then ok "$d"; else not_ok "$d"; sed 's/^/    | /' "$T_TMP/out" | head -20; fi
}

# check_exit CODE "description" command...: passes when the command exits with CODE.
check_exit() {
	want=$1; d=$2; shift 2
	"$@" >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
	if [ "$rc" -eq "$want" ]; then ok "$d (exit $rc)"; else
		not_ok "$d (exit $rc, wanted $want)"; sed 's/^/    | /' "$T_TMP/out" "$T_TMP/err" | head -20; fi
}

# contains FILE TEXT: the file contains the fixed string.
contains() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }

# fake_start SEED [ORIGIN_VAR]: start the fake BigCommerce; sets FAKE_URL and exports STOREKEYS_API_ORIGIN.
fake_start() {
	rm -f "$T_TMP/fake.port"
	"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --seed "$1" --port-file "$T_TMP/fake.port" \
		--log "$T_TMP/fake.log" 2>>"$T_TMP/fake.err" &
	FAKE_PID=$!
	i=0
	while [ ! -s "$T_TMP/fake.port" ]; do
		i=$((i + 1))
		if [ $i -gt 200 ] || ! kill -0 "$FAKE_PID" 2>/dev/null; then
			echo "fake BigCommerce did not start:"; cat "$T_TMP/fake.err"; return 1
		fi
		sleep 0.05
	done
	FAKE_URL="http://127.0.0.1:$(cat "$T_TMP/fake.port")"
	STOREKEYS_API_ORIGIN=$FAKE_URL
	export STOREKEYS_API_ORIGIN FAKE_URL
}

fake_stop() {
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=
}

# fake_get PATH: GET a control-API path of the fake.
fake_get() { curl -sS "$FAKE_URL$1"; }
fake_post() { curl -sS -X POST -H 'Content-Type: application/json' -d "$2" "$FAKE_URL$1"; }

# ---- running storekeys in a test (the CLI tests share these) ----
# run [--stdin TEXT] ARGS...: storekeys ($SK, else $STOREKEYS) with stdout in $T_TMP/out and stderr in
# $T_TMP/err, both also appended to $ALL when set (for "no secret in any output" checks); rc in $RC.
run() {
	if [ "$1" = --stdin ]; then
		printf '%s\n' "$2" >"$T_TMP/in"; shift 2
	else
		: >"$T_TMP/in"
	fi
	"${SK:-$STOREKEYS}" "$@" <"$T_TMP/in" >"$T_TMP/out" 2>"$T_TMP/err"
	RC=$?
	[ -z "${ALL:-}" ] || cat "$T_TMP/out" "$T_TMP/err" >>"$ALL"
}
# expect CODE "description" [--stdin TEXT] ARGS...: run storekeys and check its exit code.
expect() {
	want=$1; d=$2; shift 2
	run "$@"
	if [ "$RC" -eq "$want" ]; then ok "$d (exit $RC)"; else
		not_ok "$d (exit $RC, wanted $want)"; sed 's/^/    | /' "$T_TMP/out" "$T_TMP/err" | head -40; fi
}
# out_has / out_lacks / err_has TEXT: about the last run.
out_has() { if contains "$T_TMP/out" "$1"; then ok "output shows '$1'"; else not_ok "output lacks '$1'"; sed 's/^/    | /' "$T_TMP/out" | head -40; fi; }
out_lacks() { if lacks "$T_TMP/out" "$1"; then ok "output has no '$1'"; else not_ok "output shows '$1'"; fi; }
err_has() { if contains "$T_TMP/err" "$1"; then ok "stderr shows '$1'"; else not_ok "stderr lacks '$1'"; sed 's/^/    | /' "$T_TMP/err" | head -10; fi; }
# json_ok "description" PYTHON-EXPR: the last stdout parses as JSON and EXPR (over d) is true.
json_ok() {
	if "$PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$T_TMP/out" "$2" 2>"$T_TMP/pyerr"; then ok "$1"; else not_ok "$1"; sed 's/^/    | /' "$T_TMP/out" "$T_TMP/pyerr" | head -30; fi
}

finish() {
	fake_stop
	rm -rf "$T_TMP"
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}
trap 'fake_stop; rm -rf "$T_TMP"' INT TERM
