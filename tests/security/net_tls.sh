#!/bin/sh
# net_tls.sh - R8-R13 through the CLI against the fake BigCommerce over TLS
# (certificates made here with openssl: a test CA, a good server cert for
# 127.0.0.1/localhost, a self-signed one, one for the wrong name, an expired
# one). A certificate that does not verify gives exit 31 and the server sees
# no request (so no token); a redirect is not followed (33) and its target
# gets nothing; plain http to a non-loopback host is refused before any
# connect; idle, dripping, endless and huge answers end in bounded time and
# memory; 429/5xx are retried as specified.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/security/seclib.sh"

command -v openssl >/dev/null || { echo "openssl is missing (tools/deps.sh installs it)"; exit 99; }
PKI="$T_TMP/pki"
mkdir -p "$PKI/db"
SEED="$top_srcdir/tests/fakebc/seeds/test.json"
TOKEN=tok-a1-orders-00000000000000000
export STOREKEYS_TEST_HTTP_TIMEOUT_MS=1000
HTTP_T=1   # seconds, the shortened request timeout above

# ---- certificates ----------------------------------------------------------
(
	cd "$PKI" || exit 1
	newkey() { openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null; }
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 \
		-subj /CN=storekeys-test-CA -addext basicConstraints=critical,CA:TRUE \
		-addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
	: >db/index.txt; echo 01 >db/serial
	cat >ca.cnf <<EOC
[ca]
default_ca = test
[test]
database = db/index.txt
new_certs_dir = db
serial = db/serial
default_md = sha256
policy = any
unique_subject = no
[any]
commonName = supplied
[good]
subjectAltName = IP:127.0.0.1,DNS:localhost
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
[wrong]
subjectAltName = DNS:wrong.example
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
EOC
	sign() { n=$1 e=$2; shift 2; openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -in "$n.csr" -out "$n.pem" -extensions "$e" -notext "$@" 2>/dev/null; }
	newkey good 127.0.0.1 && sign good good -days 2 && newkey other 127.0.0.1 && sign other good -days 2 &&
		newkey wrong wrong.example && sign wrong wrong -days 2 &&
		newkey expired 127.0.0.1 && sign expired good -startdate 20200101000000Z -enddate 20200102000000Z &&
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout self.key -out self.pem -days 2 \
			-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>/dev/null
) || { echo "openssl could not make the test certificates"; exit 99; }
check "the test certificates: good verifies, expired has expired" sh -c "openssl verify -CAfile '$PKI/ca.pem' '$PKI/good.pem' >/dev/null &&
	! openssl verify -CAfile '$PKI/ca.pem' '$PKI/expired.pem' >/dev/null 2>&1 && openssl x509 -in '$PKI/expired.pem' -noout -checkend 0 | grep -q 'will expire'"

# ---- fakes -----------------------------------------------------------------
FAKES=
# tls_fake NAME CERT: start a TLS fake; sets NAME_PORT.
tls_fake() {
	rm -f "$T_TMP/$1.port"
	"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --seed "$SEED" --port-file "$T_TMP/$1.port" \
		--log "$T_TMP/$1.log" --tls-cert "$PKI/$2.pem" --tls-key "$PKI/$2.key" 2>>"$T_TMP/$1.err" &
	FAKES="$FAKES $!"
	i=0; while [ ! -s "$T_TMP/$1.port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	eval "$1_PORT=$(cat "$T_TMP/$1.port")"
}
# ctl NAME METHOD PATH [JSON]: the fake's control API (the harness trusts the test CA; bad certs: -k).
ctl() {
	curl -sS -k -X "$2" -H 'Content-Type: application/json' ${4:+-d "$4"} "https://127.0.0.1:$(cat "$T_TMP/$1.port")$3"
}
# api_requests NAME: how many API requests (not control calls) the fake has seen.
api_requests() { ctl "$1" GET /__fake/log | "$PYTHON3" -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
cleanup() { for p in $FAKES; do kill "$p" 2>/dev/null; done; }
trap 'cleanup; rm -rf "$T_TMP"' EXIT INT TERM

tls_fake good good; tls_fake other other; tls_fake self self; tls_fake wrong wrong; tls_fake expired expired
GOOD="https://127.0.0.1:$good_PORT"

check "setup: the store account" sh -c "printf '%s\n%s\n' x $TOKEN | $SK add --name 'Alpha Orders' --api-path $P_STORE --client-id cid-a1-orders-00000000000000000 --scopes store_v2_information_read_only >/dev/null"
check "setup: the account-level account" sh -c "printf '%s\n%s\n' x tok-acct1-admin-000000000000000 | $SK add --name 'Holdings Admin' --api-path https://api.bigcommerce.com/accounts/a0000000-0000-4000-8000-000000000001 --client-id cid-acct1-admin-000000000000000 >/dev/null"

# ---- R8: TLS is always verified ------------------------------------------
check_within 10000 0 "R8: a certificate from the trusted test CA (--cacert) works" $SK --api-origin "$GOOD" --cacert "$PKI/ca.pem" verify 'Alpha Orders'
check_within 10000 0 "R8: so does https://localhost with STOREKEYS_CA_BUNDLE" env STOREKEYS_CA_BUNDLE="$PKI/ca.pem" $SK --api-origin "https://localhost:$good_PORT" verify 'Alpha Orders'
ctl good POST /__fake/log/clear >/dev/null
check_within 10000 31 "R8: the same server without --cacert is refused (test CA not trusted)" $SK --api-origin "$GOOD" verify 'Alpha Orders'
check "R8: ... and it received no request" test "$(api_requests good)" -eq 0
for bad in self wrong expired; do
	eval port=\$${bad}_PORT
	check_within 10000 31 "R8: a $bad certificate gives exit 31 (TLS)" $SK --api-origin "https://127.0.0.1:$port" --cacert "$PKI/ca.pem" verify 'Alpha Orders'
	check "R8: ... the $bad server received no request (no token sent)" test "$(api_requests "$bad")" -eq 0
	check_within 10000 31 "R8: a $bad certificate, account-level POST: exit 31" $SK --api-origin "https://127.0.0.1:$port" --cacert "$PKI/ca.pem" verify 'Holdings Admin'
	check "R8: ... still no request" test "$(api_requests "$bad")" -eq 0
done
check_within 10000 31 "R8: --cacert naming its own self-signed cert still verifies the name: wrong.example is refused" $SK --api-origin "https://127.0.0.1:$wrong_PORT" --cacert "$PKI/wrong.pem" verify 'Alpha Orders'
check "R8: no option or variable switches verification off" sh -c "! $SK --help | grep -iE 'insecure|no-verify|verify-peer|skip-verify'"

# R8: plain http only to loopback, refused before any connect.
for origin in http://192.0.2.1 http://api.bigcommerce.com http://10.0.0.1:8080; do
	if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
		env "$NOLSAN" strace -f -qq -e trace=connect -o "$T_TMP/connect.log" $SK --api-origin "$origin" verify 'Alpha Orders' >"$T_TMP/o" 2>"$T_TMP/e"; rc=$?
		if [ $rc -ne 0 ] && ! grep -q 'inet_addr("\(192\.0\.2\.1\|10\.0\.0\.1\)")\|sin_port=htons(80)' "$T_TMP/connect.log"; then
			ok "R8: $origin is refused before any connect (exit $rc)"
		else
			not_ok "R8: $origin: exit $rc, connects: $(grep -c 'connect(' "$T_TMP/connect.log")"
			sed 's/^/    | /' "$T_TMP/e" "$T_TMP/connect.log" | head
		fi
	else
		check_within 2000 3 "R8: $origin is refused" $SK --api-origin "$origin" verify 'Alpha Orders'
	fi
done
check_within 5000 3 "R8: so is an https origin with userinfo" $SK --api-origin "https://user@127.0.0.1:$good_PORT" verify 'Alpha Orders'

# ---- R9: no redirects, no token off-origin -------------------------------
export STOREKEYS_CA_BUNDLE="$PKI/ca.pem"
ctl other POST /__fake/log/clear >/dev/null
ctl good POST /__fake/faults "{\"redirect\": \"https://127.0.0.1:$other_PORT/stores/abc123/v3/hooks?limit=1\"}" >/dev/null
check_within 10000 33 "R9: a redirect to another origin is not followed (exit 33)" $SK --api-origin "$GOOD" verify 'Alpha Orders'
check "R9: ... the other origin received nothing" test "$(api_requests other)" -eq 0
check "R9: ... and the message names the (sanitized) Location" grep -q "127.0.0.1:$other_PORT" "$T_TMP/err"
ctl good POST /__fake/faults '{"redirect": "/stores/abc123/v3/hooks?again=1"}' >/dev/null
ctl good POST /__fake/log/clear >/dev/null
check_within 10000 33 "R9: a same-origin redirect is refused too" $SK --api-origin "$GOOD" verify 'Alpha Orders'
check "R9: ... with exactly one request" test "$(api_requests good)" -eq 1
ctl good POST /__fake/faults/clear >/dev/null

# ---- R11/R12: bounded time and size --------------------------------------
export STOREKEYS_TEST_FAST_RETRY=1
# attempts x timeout, plus the (scaled) backoff and start-up
BOUND=$(( (4 * HTTP_T + 3) * 1000 ))
ctl good POST /__fake/faults '{"idle": true, "idle_s": 30}' >/dev/null
check_within $BOUND 32 "R11: a server that accepts and never answers: timeout (exit 32) within ${BOUND} ms" $SK --api-origin "$GOOD" verify 'Alpha Orders'
ctl good POST /__fake/faults/clear >/dev/null
ctl good POST /__fake/faults '{"slow_body": true, "drip_ms": 400}' >/dev/null
check_within $BOUND 32 "R11: a body dripping one byte per 400 ms: timeout within ${BOUND} ms" $SK --api-origin "$GOOD" verify 'Alpha Orders'
ctl good POST /__fake/faults/clear >/dev/null
rss() { "$PYTHON3" -c 'import resource,subprocess,sys
r = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("# max RSS %d KiB, exit %d" % (kb, r))
sys.exit(0 if r == int(sys.argv[1]) and kb < 120 * 1024 else 1)' "$@"; }
ctl good POST /__fake/faults '{"huge_body": true, "huge_bytes": -1}' >/dev/null
check_within 20000 34 "R12: an endless chunked body stops at the cap (exit 34)" $SK --api-origin "$GOOD" verify 'Alpha Orders'
check "R12: ... with max RSS under 120 MiB" rss 34 $SK --api-origin "$GOOD" verify 'Alpha Orders'
ctl good POST /__fake/faults '{"huge_body": true, "huge_bytes": 67108864}' >/dev/null
check_within 20000 34 "R12: a 64 MiB body stops at the cap (exit 34)" $SK --api-origin "$GOOD" verify 'Alpha Orders'
ctl good POST /__fake/faults '{"huge_body": null, "huge_headers": true}' >/dev/null
check_within 20000 34 "R12: 1 MiB of headers stops at the header cap (exit 34)" $SK --api-origin "$GOOD" verify 'Alpha Orders'
ctl good POST /__fake/faults/clear >/dev/null

# ---- R13: retries ----------------------------------------------------------
# requests NAME: the API requests the fake logged, one "METHOD PATH STATUS" line each
requests() { ctl "$1" GET /__fake/log | "$PYTHON3" -c 'import json,sys
for e in json.load(sys.stdin): print(e["method"], e["path"], e["status"])'; }
ctl good POST /__fake/log/clear >/dev/null
ctl good POST /__fake/faults '{"status": 503}' >/dev/null
check_within 15000 45 "R13: 503 every time: gives up with exit 45" $SK --api-origin "$GOOD" verify 'Alpha Orders'
check "R13: ... after exactly 4 attempts" test "$(requests good | grep -c ' 503$')" -eq 4
for code in 401 403 404 422; do
	ctl good POST /__fake/log/clear >/dev/null
	ctl good POST /__fake/faults "{\"status\": $code}" >/dev/null
	$SK --api-origin "$GOOD" verify 'Alpha Orders' >/dev/null 2>&1
	check "R13: $code is never retried (one request per URL)" test "$(requests good | sort | uniq -d | wc -l)" -eq 0
done
ctl good POST /__fake/log/clear >/dev/null
ctl good POST /__fake/faults '{"status": 502}' >/dev/null
check_within 10000 45 "R13: a POST (account GraphQL) answered 502: exit 45" $SK --api-origin "$GOOD" verify 'Holdings Admin'
check "R13: ... and the POST was sent exactly once" test "$(requests good | grep -c '^POST')" -eq 1
ctl good POST /__fake/log/clear >/dev/null
ctl good POST /__fake/faults/clear >/dev/null
ctl good POST /__fake/faults '{"status": 503, "method": "PUT"}' >/dev/null
$SK --api-origin "$GOOD" notify --set ops@example.com 'Alpha Orders' >/dev/null 2>&1
check "R13: an idempotent PUT (notify --set) answered 503 is retried: 4 requests" test "$(requests good | grep -c '^PUT')" -eq 4
ctl good POST /__fake/faults/clear >/dev/null
unset STOREKEYS_TEST_FAST_RETRY
ctl good POST /__fake/log/clear >/dev/null
ctl good POST /__fake/faults '{"fail_every": 2, "fail_status": 429, "retry_after": 2}' >/dev/null
check_within 15000 0 "R13: 429 with X-Retry-After: 2, then 200: succeeds" $SK --api-origin "$GOOD" verify 'Alpha Orders'
retry_gap() { ctl good GET /__fake/log | "$PYTHON3" -c 'import json,sys
log = json.load(sys.stdin)
i = next(k for k, e in enumerate(log) if e["status"] == 429)
gap = log[i + 1]["t"] - log[i]["t"]
print("# gap %.2f s" % gap)
sys.exit(0 if 2.0 <= gap < 5 else 1)'; }
check "R13: ... waiting at least 2 s before the retry" retry_gap
ctl good POST /__fake/log/clear >/dev/null
ctl good POST /__fake/faults '{"fail_every": null, "status": 429, "retry_after": 999999}' >/dev/null
check_within 5000 44 "R13: Retry-After 999999 is not waited for: exit 44 at once" $SK --api-origin "$GOOD" verify 'Alpha Orders'
check "R13: ... after one request" test "$(requests good | wc -l)" -eq 1
ctl good POST /__fake/faults/clear >/dev/null
secfinish
