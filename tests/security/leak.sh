#!/bin/sh
# leak.sh - R1, R2, R7, R21: random canaries as access tokens and client
# secrets go through every command at the highest verbosity (-v -v), against
# the fake BigCommerce. The canaries must never appear in storekeys' argv or
# environment (a /proc sampler and strace of every execve), in any file under
# the XDG dirs, HOME, /tmp or /dev/shm (raw, hex or base64), on stderr, in
# --json, in the fake's request log, or in the keyring's attributes and
# labels; only on stdout of `storekeys token` (and, by explicit request, in
# the environment of the program `storekeys exec` runs). R21: server text with
# OSC 52 / clear-screen sequences reaches the terminal without an ESC byte.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/security/seclib.sh"

SEC_DIR="$top_srcdir/tests/security"
TOK=$(canary); SEC=$(canary); ATOK=$(canary); ASEC=$(canary)
# The one place the canaries may be on disk: the test's own inputs (excluded from the scans).
FEED="$T_TMP/feed"
mkdir -m 700 "$FEED"
printf '%s\n' "$TOK" "$SEC" "$ATOK" "$ASEC" >"$FEED/canaries"
sed -e "s/@TOKEN@/$TOK/" -e "s/@SECRET@/$SEC/" -e "s/@ATOKEN@/$ATOK/" -e "s/@ASECRET@/$ASEC/" \
	"$SEC_DIR/seed-leak.json" >"$FEED/seed.json"
SCAN="$PYTHON3 $SEC_DIR/leakscan.py $FEED/canaries"
OUT="$FEED/outs"   # every stdout/stderr (token's stdout holds the canary), scanned below
mkdir "$OUT"
HAVE_STRACE=no
command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null && HAVE_STRACE=yes

fake_start "$FEED/seed.json" || { echo "fake BigCommerce did not start"; exit 99; }
"$PYTHON3" "$SEC_DIR/procsampler.py" "$FEED/canaries" "$SK" "$T_TMP/sampler.json" &
SAMPLER=$!

NCMD=0
# sk NAME [--stdin FILE] ARGS...: run storekeys -v -v ARGS (under strace when available),
# keeping stdout/stderr as $OUT/NAME.out/.err. Returns storekeys' exit code.
sk() {
	name=$1; shift
	in=/dev/null
	if [ "$1" = --stdin ]; then in=$2; shift 2; fi
	NCMD=$((NCMD + 1))
	if [ $HAVE_STRACE = yes ]; then
		env "$NOLSAN" strace -f -qq -v -s 65535 -e trace=execve -e signal=none -o "$FEED/strace.$name" \
			$SK -v -v "$@" <"$in" >"$OUT/$name.out" 2>"$OUT/$name.err"
	else
		$SK -v -v "$@" <"$in" >"$OUT/$name.out" 2>"$OUT/$name.err"
	fi
}
# run NAME WANT ARGS...: sk, then check the exit code (the outputs are checked at the end).
run() {
	name=$1; want=$2; shift 2
	sk "$name" "$@"; rc=$?
	if [ $rc -eq "$want" ]; then ok "$name runs (exit $rc)"; else
		not_ok "$name: exit $rc, wanted $want"
		sed "s/SKCANARY_[0-9a-f]*/<CANARY>/g; s/^/    | /" "$OUT/$name.err" | head -8
	fi
}
# built CMD: false when the command is still a placeholder in this build.
built() {
	$SK "$1" --help 2>&1 | grep -q "not built yet" && return 1
	return 0
}

printf '%s\n%s\n' "$SEC" "$TOK" >"$FEED/store.in"
printf '%s\n%s\n' "$ASEC" "$ATOK" >"$FEED/acct.in"
cat >"$FEED/creds.txt" <<EOT
ACCESS TOKEN: $TOK
CLIENT NAME: Leak from txt
API PATH: https://api.bigcommerce.com/stores/leak123/v3/
CLIENT ID: cid-leak
CLIENT SECRET: $SEC
EOT
# a .txt outside the feed dir: --delete-file must leave nothing behind in /tmp
sed 's/Leak from txt/Leak deleted txt/' "$FEED/creds.txt" >"$T_TMP/delete-me.txt"

run add-stdin 0 --stdin "$FEED/store.in" add --name "Leak test" --api-path https://api.bigcommerce.com/stores/leak123/v3/ \
	--client-id cid-leak --scopes store_v2_information_read_only,store_v2_orders_read_only
run add-verify 0 --stdin "$FEED/acct.in" add --verify --name "Leak account" \
	--api-path https://api.bigcommerce.com/accounts/a0000000-0000-4000-8000-0000000000aa --client-id cid-leak-acct
run add-file 0 add --from-file "$FEED/creds.txt" --keep-file
run add-file-delete 0 add --from-file "$T_TMP/delete-me.txt" --delete-file
check "the --delete-file .txt is gone" test ! -e "$T_TMP/delete-me.txt"
run add-refused 3 --stdin "$FEED/store.in" add --name "abc" --api-path https://api.bigcommerce.com/stores/leak123/v3/ --client-id x
run list 0 list
run list-json 0 list --json
run show 0 show "leak123/Leak test"
run show-json 0 show --json "leak123/Leak test"
run scopes 0 scopes
run doctor 0 doctor
run doctor-fix 0 doctor --fix
run token 0 token "leak123/Leak test"
run token-secret 0 token --client-secret "leak123/Leak test"
check "token prints the access token on stdout" sh -c "test \"\$(cat '$OUT/token.out')\" = '$TOK'"
check "token --client-secret prints the client secret on stdout" sh -c "test \"\$(cat '$OUT/token-secret.out')\" = '$SEC'"

if built verify; then
	run verify 0 verify "leak123/Leak test"
	run verify-json 0 verify --json "leak123/Leak test"
	run verify-probe 0 verify --probe-scopes "leak123/Leak test"
	run verify-account 0 verify "Leak account"
	# error paths print server text and errors: still no secret (R7)
	fake_post /__fake/faults '{"status":401}' >/dev/null
	run verify-401 40 verify "leak123/Leak test"
	fake_post /__fake/faults '{"status":500}' >/dev/null
	STOREKEYS_TEST_FAST_RETRY=1 run verify-500 45 verify "leak123/Leak test"
	fake_post /__fake/faults '{"status":null}' >/dev/null
	fake_post /__fake/faults/clear '{}' >/dev/null
else
	skip "R7 verify: not built yet in this tree"
fi
if built webhooks; then
	run webhooks 0 webhooks "leak123/Leak test"
	run webhooks-json 0 webhooks --json "leak123/Leak test"
	run webhooks-activate 0 webhooks --activate 502 "leak123/Leak test"
else
	skip "R7/R21 webhooks: not built yet in this tree"
fi
if built notify; then
	run notify 0 notify "leak123/Leak test"
	run notify-json 0 notify --json "leak123/Leak test"
	run notify-set 0 notify --set ops@example.com "leak123/Leak test"
else
	skip "R7/R21 notify: not built yet in this tree"
fi
if built audit; then
	sk audit audit; rc=$?
	case $rc in 0|50|52) ok "audit runs (exit $rc)" ;; *) not_ok "audit: exit $rc" ;; esac
	sk audit-json audit --json; rc=$?
	case $rc in 0|50|52) ok "audit --json runs (exit $rc)" ;; *) not_ok "audit --json: exit $rc" ;; esac
else
	skip "R7/R21 audit: not built yet in this tree"
fi
if built exec; then
	# the child checks it got the token, then prints only a marker
	run exec 0 exec "leak123/Leak test" -- sh -c 'test "${#BIGCOMMERCE_ACCESS_TOKEN}" -gt 40 && echo child-ok'
	check "exec: the child had the access token in its environment" grep -q child-ok "$OUT/exec.out"
	run exec-stencil 0 exec "leak123/Leak test" --env-style stencil -- true
	if [ $HAVE_STRACE = yes ]; then
		check "R1 exec: no canary in any argv, only in the environment of the program it runs" \
			$SCAN execve "$FEED/strace.exec" --child-env-ok
		mv "$FEED/strace.exec" "$FEED/strace-exec.checked"
		mv "$FEED/strace.exec-stencil" "$FEED/strace-exec-stencil.checked"
	fi
else
	skip "R1 exec: not built yet in this tree"
fi
run remove 0 remove --yes "Leak from txt"

kill "$SAMPLER"; wait "$SAMPLER"
fake_get /__fake/log >"$T_TMP/fake-requests.json"

# ---- the verdicts ---------------------------------------------------------
# stdout of everything but `token` (and exec's child), and every stderr
for f in "$OUT"/*; do
	case $f in */token.out|*/token-secret.out) continue ;; esac
	cat "$f"
done >"$FEED/all-output"
check "R7: no canary on stderr or stdout of $NCMD commands at -v -v (token's stdout aside)" $SCAN scan "$FEED/all-output"
check "R7: no canary in any --json output" sh -c "cat '$OUT'/*json*.out | $SCAN scan -"
check "R7: no canary on the stderr of token itself" $SCAN scan "$OUT/token.err" "$OUT/token-secret.err"
check "R7/R9: the fake's request log has no canary (the token travels only in X-Auth-Token)" \
	$SCAN scan "$T_TMP/fake-requests.json" "$T_TMP/fake.log"
check "R7/R9: and the requests did carry a token" grep -q '"had_token": *true' "$T_TMP/fake-requests.json"
check "R2: no canary in any file under XDG dirs, HOME, /tmp or /dev/shm (raw, hex, base64)" \
	$SCAN scan --exclude "$FEED" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR" "$HOME" /tmp /dev/shm
secret-tool search --all xdg:schema io.storekeys.Credential >"$FEED/kr-attrs" 2>&1
check "R2/R4: the keyring's attributes and labels hold no canary" sh -c "grep -v '^secret = ' '$FEED/kr-attrs' | $SCAN scan -"
check "R2/R4: but the keyring holds them (as secrets)" sh -c "grep '^secret = ' '$FEED/kr-attrs' | $SCAN scan - >/dev/null; test \$? -eq 1"
if [ $HAVE_STRACE = yes ]; then
	for f in "$FEED"/strace.*; do cat "$f"; done >"$FEED/strace-all"
	check "R1: no canary in argv or environment of any execve (strace -f of every command)" $SCAN execve "$FEED/strace-all"
else
	skip "R1 execve trace: strace is not usable here"
fi
check "R1: the /proc sampler read storekeys' cmdline and environ" "$PYTHON3" -c "
import json,sys; s=json.load(open('$T_TMP/sampler.json')); print('# sampler:', {k: (v if k != 'hits' else len(v)) for k, v in s.items()})
sys.exit(0 if s['samples'] > 0 and s['environ_reads'] > 0 else 1)"
check "R1: and found no canary in them" "$PYTHON3" -c "
import json,sys; s=json.load(open('$T_TMP/sampler.json')); [print('LEAK', h) for h in s['hits']]; sys.exit(1 if s['hits'] else 0)"
# R6 (the part visible from outside): a release build makes itself non-dumpable, without core files.
if grep -q '^#define SK_SANITIZERS 1' "${top_builddir:-.}/config.h" 2>/dev/null; then
	skip "R6: sanitizer build keeps dumps on by design"
elif [ $HAVE_STRACE = yes ]; then
	env "$NOLSAN" strace -qq -e trace=prctl,setrlimit,prlimit64 -o "$T_TMP/harden.log" $SK list >/dev/null 2>&1
	check "R6: release build sets PR_SET_DUMPABLE 0" grep -q 'prctl(PR_SET_DUMPABLE, SUID_DUMP_DISABLE' "$T_TMP/harden.log"
	# (the soft limit only: `exec` hands COMMAND the caller's limits, and a lowered hard limit cannot come back)
	check "R6: release build sets RLIMIT_CORE to 0" grep -Eq 'RLIMIT_CORE, \{rlim_cur=0, ' "$T_TMP/harden.log"
fi
check "R1: --help documents no option that takes a secret" sh -c "! $SK --help | grep -iE -- '--(token|secret|password|access-token|client-secret)[ =]'"

# R21: server text (store name, destinations, e-mails, scopes, error text) is sanitized for the terminal.
for f in "$OUT"/*; do
	case $f in */token.out|*/token-secret.out) continue ;; esac
	[ -s "$f" ] && set -- "$@" "$f"
done
check "R21: no ESC, BEL, C1 CSI or CR byte reached the terminal from server data" $SCAN escapes "$@"
if built verify; then
	check "R21: the hostile store name was shown (sanitized), not dropped" grep -q 'Evil Store' "$OUT/verify.out" "$OUT/list.out" "$OUT/verify-json.out"
fi
if built webhooks; then
	check "R21: the hostile destination was shown (sanitized)" grep -q 'evil.example' "$OUT/webhooks.out"
fi
secfinish
