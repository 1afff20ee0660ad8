#!/bin/sh
# cli_webhooks.sh - webhooks, notify and verify end to end against the fake BigCommerce:
# text and --json output, --status, --activate, notify --set, verify --probe-scopes,
# exit codes for every failure class, no token and no terminal escapes in any output.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
SEED=$top_srcdir/tests/fakebc/seeds/test.json
TOKENS="tok-a1-orders-00000000000000000 tok-a2-catalog-0000000000000000 tok-b1-everything-0000000000000 tok-b2-bare-0000000000000000000 tok-acct1-admin-000000000000000"
ALL=$T_TMP/all-output
: >"$ALL"
# retries wait 100 times less (documented test knob; it only shortens waits)
STOREKEYS_TEST_FAST_RETRY=1
export STOREKEYS_TEST_FAST_RETRY

fake_start "$SEED" || { not_ok "the fake BigCommerce starts"; finish; }


# state_ok "description" PYTHON-EXPR: the fake's /__fake/state (as s) satisfies EXPR.
state_ok() {
	fake_get /__fake/state >"$T_TMP/state"
	if "$PYTHON3" -c 'import json,sys
s=json.load(open(sys.argv[1]))
st={x["hash"]: x for x in s["stores"]}
def hook(h, i): return [k for k in st[h]["hooks"] if k["id"] == i][0]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$T_TMP/state" "$2"; then ok "$1"; else not_ok "$1"; fi
}
fault() { fake_post /__fake/faults "$1" >/dev/null; }
clear_faults() { fake_post /__fake/faults/clear '{}' >/dev/null; }

# ---- import the seed's credentials the way a person would ----------------------
"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --write-txt "$T_TMP/txt" --seed "$SEED" >/dev/null
while IFS='	' read -r level key name kind stencil scopes file; do
	case $name in "Alpha Orders"|"Alpha Catalog"|"Beta Bare"|"Holdings Admin") ;; *) continue ;; esac
	if [ "$scopes" = "-" ]; then set -- ; else set -- --scopes "$scopes"; fi
	expect 0 "import $name" add --from-file "$T_TMP/txt/$file" --delete-file "$@"
done <"$T_TMP/txt/manifest.tsv"

# ---- webhooks ---------------------------------------------------------------
expect 0 "webhooks lists an account's hooks" webhooks "Alpha Orders"
out_has "101"
out_has "store/order/created"
out_has "deactivated"
out_has "https://down.example.net/a1/products"
out_has "blocked for another"
out_has "HTTP 500: 12 failures"
out_has "alerts-a1@example.com"
out_has "custom headers (values hidden): Authorization"
out_lacks "Basic dGVzdDp0ZXN0"

expect 0 "webhooks --json" webhooks "Alpha Orders" --json
json_ok "--json has the documented keys" 'sorted(d) == ["account", "blocked_domains", "emails", "hooks"] and sorted(d["hooks"][0]) == ["created_at", "destination", "header_names", "id", "is_active", "scope", "status", "updated_at"]'
json_ok "--json lists 3 hooks with their statuses" '[h["status"] for h in d["hooks"]] == ["active", "inactive", "deactivated"]'
json_ok "--json gives header names, never values" 'd["hooks"][0]["header_names"] == ["Authorization"] and "dGVzdDp0ZXN0" not in open(sys.argv[1]).read()'
json_ok "--json has the blocklisted domain and reasons" 'd["blocked_domains"][0]["destination"] == "https://down.example.net" and 0 < d["blocked_domains"][0]["time_left"] <= 170 and d["blocked_domains"][0]["reasons"][0]["count"] == 12'
json_ok "--json names the account without secrets" 'd["account"]["store_hash"] == "abc123" and d["account"]["name"] == "Alpha Orders"'

expect 0 "webhooks --status deactivated" webhooks "Alpha Orders" --status deactivated
out_has "103"
out_lacks "store/order/created"
expect 0 "webhooks --status inactive --json" webhooks "Alpha Orders" --status inactive --json
json_ok "--status filters --json too" '[h["id"] for h in d["hooks"]] == [102]'
expect 2 "webhooks --status with a bad value is a usage error" webhooks "Alpha Orders" --status paused
expect 2 "webhooks --activate needs a number" webhooks "Alpha Orders" --activate 1x
expect 2 "webhooks without ACCOUNT is a usage error" webhooks
expect 4 "webhooks of an unknown account" webhooks "Nobody here"
expect 3 "webhooks of an account-level account is refused" webhooks "Holdings Admin"

# methods PATH-PART: the methods of the fake's logged requests whose path contains PATH-PART, in order.
methods() { fake_get /__fake/log | "$PYTHON3" -c 'import json,sys; print(" ".join(e["method"] for e in json.load(sys.stdin) if sys.argv[1] in e["path"]))' "$1"; }
# R28: a write is preceded by a fresh read of what it changes, and followed by a read-back.
fake_post /__fake/log/clear '{}' >/dev/null
expect 0 "webhooks --activate re-activates a deactivated hook" webhooks "Alpha Orders" --activate 103
out_has "Re-activated webhook 103; BigCommerce now reports it as active."
got=$(methods /v3/hooks/103)
if [ "$got" = "GET PUT" ]; then ok "--activate reads the hook before its PUT ($got)"; else not_ok "--activate: $got (wanted GET PUT)"; fi
got=$(methods /v3/hooks/admin)
if [ "$got" = "GET" ]; then ok "--activate reads the result back"; else not_ok "--activate read-back: $got"; fi
state_ok "the fake shows hook 103 active" 'hook("abc123", 103)["is_active"] and hook("abc123", 103)["status"] == "active"'
expect 42 "--activate of another account's hook is 404" webhooks "Alpha Orders" --activate 201
err_has "webhook 201 does not exist for this API account"
state_ok "the other account's hook is untouched" 'hook("abc123", 201)["updated_at"] == 1700020150'

expect 0 "webhooks of an account without hooks or e-mails" webhooks "Beta Bare"
out_has "No webhooks."
out_has "Notification e-mails: none"
err_has "warning: no notification e-mails are set"

# R21: text from the server cannot drive the terminal.
# (planted through the control API: the API itself refuses events outside webhooks.v3.yml)
fake_post /__fake/hooks '{"store":"def456","client_id":"cid-b2-bare-0000000000000000000","scope":"store/\u001b[2Jevil","destination":"https://x.example/\u001b]52;c;QUFBQQ==\u0007\r"}' >/dev/null
expect 0 "webhooks with hostile server text" webhooks "Beta Bare"
if LC_ALL=C grep -q "$(printf '\033')" "$T_TMP/out" "$T_TMP/err"; then not_ok "no ESC from server data reaches the terminal"; else ok "no ESC from server data reaches the terminal"; fi
out_has "^[]52;c;QUFBQQ==^G^M"
expect 0 "and in --json it is escaped JSON" webhooks "Beta Bare" --json
if LC_ALL=C grep -q "$(printf '\033')" "$T_TMP/out"; then not_ok "--json escapes control characters"; else ok "--json escapes control characters"; fi
json_ok "--json keeps the raw value" 'd["hooks"][0]["scope"] == "store/\x1b[2Jevil"'

# ---- notify -------------------------------------------------------------------
expect 0 "notify shows the e-mails" notify "Alpha Orders"
out_has "Notification e-mails: alerts-a1@example.com"
fake_post /__fake/log/clear '{}' >/dev/null
expect 0 "notify --set replaces them" notify "Alpha Orders" --set 'ops@example.com, dev+hooks@example.org'
out_has "Notification e-mails: ops@example.com, dev+hooks@example.org"
got=$(methods /v3/hooks/admin)
if [ "$got" = "GET PUT GET" ]; then ok "notify --set: a fresh GET before the PUT and a read-back after ($got)"; else
	not_ok "notify --set requests: $got (wanted GET PUT GET)"; fi
# when the fresh read fails, nothing is written
fake_post /__fake/log/clear '{}' >/dev/null
fault '{"match":"/v3/hooks/admin","status":403}'
expect 41 "notify --set stops when the current e-mails cannot be read" notify "Alpha Orders" --set 'x@example.com'
clear_faults
got=$(methods /v3/hooks/admin)
if [ "$got" = "GET" ]; then ok "no PUT without a successful read first"; else not_ok "requests after a failed read: $got"; fi
state_ok "the fake holds the new e-mails" 'st["abc123"]["emails"]["cid-a1-orders-00000000000000000"] == ["ops@example.com", "dev+hooks@example.org"]'
expect 0 "notify --json" notify "Alpha Orders" --json
json_ok "notify --json has account, emails, changed" 'sorted(d) == ["account", "changed", "emails"] and d["emails"] == ["ops@example.com", "dev+hooks@example.org"] and d["changed"] is False'
expect 3 "an invalid e-mail is refused" notify "Alpha Orders" --set 'ops@example.com,not-an-email'
expect 3 "an e-mail with a line break is refused" notify "Alpha Orders" --set "$(printf 'a@b.com\r\nX-Evil: 1')"
expect 3 "an empty item is refused" notify "Alpha Orders" --set 'a@b.com,,c@d.com'
state_ok "refusals changed nothing" 'st["abc123"]["emails"]["cid-a1-orders-00000000000000000"] == ["ops@example.com", "dev+hooks@example.org"]'
expect 2 "--set '' needs --yes" notify "Alpha Orders" --set ''
expect 0 "--set '' --yes clears them" notify "Alpha Orders" --set '' --yes --json
json_ok "the list is empty and changed" 'd["emails"] == [] and d["changed"] is True'
state_ok "the fake holds no e-mails" 'st["abc123"]["emails"]["cid-a1-orders-00000000000000000"] == []'

# ---- verify -------------------------------------------------------------------
expect 0 "verify a store token" verify "Alpha Orders"
out_has "the token works"
out_has "Test Store Alpha (alpha.example, live)"
expect 0 "show records the verification" show --json "Alpha Orders"
json_ok "verified time and store name are recorded" 'd["verified"] > 0 and d["store_name"] == "Test Store Alpha"'
expect 0 "verify --json" verify "Alpha Catalog" --json
json_ok "verify --json has the documented keys" 'sorted(d) == ["account", "rate_left", "requests", "store", "token_ok", "verified_at"] and d["token_ok"] and d["store"]["name"] == "Test Store Alpha" and d["requests"] == 2'
expect 0 "verify without the information scope" verify "Beta Bare" --json
json_ok "no store info, one request" 'd["store"] is None and d["requests"] == 1'
expect 0 "verify an account-level token" verify "Holdings Admin"
out_has "Test Holdings"
expect 0 "verify --probe-scopes" verify "Alpha Orders" --probe-scopes
out_has "RESOURCE"
if grep -q '^Orders  *Read-only  *granted' "$T_TMP/out" && grep -q '^Content  *-  *missing' "$T_TMP/out"; then
	ok "probe table: Orders granted, Content missing"; else not_ok "probe table: Orders granted, Content missing"; sed 's/^/    | /' "$T_TMP/out"; fi
expect 0 "verify --probe-scopes --json" verify "Beta Bare" --probe-scopes --json
json_ok "every probeable resource is missing for a bare token" 'all(p["state"] in ("missing", "not_probeable") for p in d["probes"]) and any(p["state"] == "missing" for p in d["probes"])'
json_ok "probe rows have the documented keys" 'sorted(d["probes"][0]) == ["agrees", "http_status", "probe", "recorded", "resource", "state"]'
expect 2 "--probe-scopes is for store-level accounts" verify "Holdings Admin" --probe-scopes

# ---- failures map to the documented exit codes ----------------------------------
fault '{"status": 401}'
expect 40 "a rejected token" verify "Alpha Orders"
err_has "BigCommerce rejected this token (was the API account deleted?)"
expect 40 "a rejected token with --json" verify "Alpha Orders" --json
json_ok "--json says token_ok false with the error code" 'd["token_ok"] is False and d["error"]["code"] == "ERR_HTTP_401"'
clear_faults
fault '{"status": 503}'
expect 45 "a store down for maintenance (after retries)" webhooks "Alpha Orders"
clear_faults
fault '{"status": 429, "retry_after": 1}'
expect 44 "rate limited after retries" notify "Alpha Orders"
clear_faults
fault '{"malformed_json": true}'
expect 35 "malformed JSON" webhooks "Alpha Orders"
clear_faults
fault "{\"redirect\": \"$FAKE_URL/elsewhere\"}"
expect 33 "a redirect is not followed" webhooks "Alpha Orders"
err_has "never follows redirects"
clear_faults
fault '{"huge_body": true, "huge_bytes": 33554432}'
expect 34 "a huge answer is cut off" webhooks "Alpha Orders"
clear_faults
fault '{"idle": true, "idle_s": 10}'
STOREKEYS_TEST_HTTP_TIMEOUT_MS=400 expect 32 "a server that never answers" verify "Beta Bare"
clear_faults
STOREKEYS_API_ORIGIN=http://example.com expect 3 "an http origin that is not loopback is refused" webhooks "Alpha Orders"
STOREKEYS_API_ORIGIN=http://127.0.0.1:1 expect 30 "nothing listening" webhooks "Alpha Orders"
fake_post /__fake/log/clear '{}' >/dev/null
STOREKEYS_API_ORIGIN=http://example.com run webhooks "Alpha Orders"
if [ "$(fake_get /__fake/log)" = "[]" ]; then ok "a refused origin made no request"; else not_ok "a refused origin made no request"; fi

# ---- R7: -v shows requests, never the token --------------------------------------
expect 0 "-vv webhooks" -vv webhooks "Alpha Catalog"
err_has "X-Auth-Token: ****"
err_has "GET $FAKE_URL/stores/abc123/v3/hooks/admin -> 200"
leak=0
for t in $TOKENS; do
	if grep -q "$t" "$ALL"; then leak=1; echo "    | token $t leaked"; fi
done
if [ $leak -eq 0 ]; then ok "no output of any command contains a token"; else not_ok "no output of any command contains a token"; fi

finish
