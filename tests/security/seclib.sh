# seclib.sh - helpers for the security tests (sourced after tests/lib.sh).
# Every test names the requirement it proves (R1..R24, docs/reliability.md).
SK=$STOREKEYS
T_SKIP=0
REGDIR="$XDG_DATA_HOME/storekeys"
REG="$REGDIR/registry.json"
P_STORE=https://api.bigcommerce.com/stores/abc123/v3/

# LeakSanitizer cannot work under ptrace: commands run under strace turn it off
# (ASan and UBSan stay on; the same commands run leak-checked in the other tests).
NOLSAN="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

skip() { T_SKIP=$((T_SKIP + 1)); echo "skip - $*"; }

# canary: SKCANARY_ and 32 random hex digits.
canary() { printf 'SKCANARY_%s' "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"; }

# ms since the epoch (for deadlines).
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# sha256 of a file, or "absent".
sum_of() { if [ -e "$1" ]; then sha256sum <"$1" | cut -c1-64; else echo absent; fi; }

# check_within MS CODE "description" command...: exit CODE, the one that names the bounded path
# (10 no service, 11 locked, 12 the keyring's own deadline). No duration is asserted (a loaded
# machine is slow); a run past 5 x MS + 10 s is killed, and the exit code then fails the check.
check_within() {
	lim=$1; want=$2; d=$3; shift 3
	t0=$(now_ms)
	timeout -s KILL $((lim * 5 / 1000 + 10)) "$@" >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
	el=$(( $(now_ms) - t0 ))
	if [ "$rc" -eq "$want" ]; then ok "$d (exit $rc; took $el ms, bound $lim ms)"; else
		not_ok "$d (exit $rc in $el ms; wanted $want)"; sed 's/^/    | /' "$T_TMP/out" "$T_TMP/err" | head -20; fi
}

# add_account NAME [API_PATH]: add with throwaway secrets on stdin.
add_account() {
	printf 'sec-%s\ntok-%s\n' "$$" "$$" | $SK add --name "$1" --api-path "${2:-$P_STORE}" --client-id "cid-$$" >/dev/null
}

# keyring_ids: the account ids our schema holds in the keyring, sorted, unique.
keyring_ids() {
	secret-tool search --all xdg:schema io.storekeys.Credential 2>&1 | sed -n 's/^attribute\.account = //p' | sort -u
}

# registry_ids: the account ids of the registry, sorted.
registry_ids() {
	$SK list --json | "$PYTHON3" -c 'import json,sys; [print(a["id"]) for a in json.load(sys.stdin)["accounts"]]' | sort
}

# agree: keyring and registry name the same accounts (R5).
agree() { [ "$(keyring_ids)" = "$(registry_ids)" ]; }

secfinish() {
	[ "$T_SKIP" -gt 0 ] && echo "($T_SKIP skipped)"
	finish
}
