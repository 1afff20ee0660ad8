#!/bin/sh
# cli_hookwrite.sh - webhooks --create/--update/--delete/--events against the fake BigCommerce:
# a fresh read before and a read-back after every write, checks before sending, BigCommerce's
# 422 and 403 as sentences, --json shapes, confirmations, header values never shown.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
SEED=$top_srcdir/tests/fakebc/seeds/test.json
SECRET="Bearer hdr-s3cret-value-0042"
SECRET2="hdr-second-secret-7788"
ALL=$T_TMP/all-output
: >"$ALL"
STOREKEYS_TEST_FAST_RETRY=1
export STOREKEYS_TEST_FAST_RETRY

fake_start "$SEED" || { not_ok "the fake BigCommerce starts"; finish; }


# state_ok "description" EXPR: the fake's state; mine("abc123", cid) lists that client's hooks.
state_ok() {
	fake_get /__fake/state >"$T_TMP/state"
	if "$PYTHON3" -c 'import json,sys
s=json.load(open(sys.argv[1]))
st={x["hash"]: x for x in s["stores"]}
def hook(h, i): return ([k for k in st[h]["hooks"] if k["id"] == i] or [None])[0]
def mine(h, cid): return [k for k in st[h]["hooks"] if k["client_id"] == cid]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$T_TMP/state" "$2"; then ok "$1"; else not_ok "$1"; fi
}
# methods SUBSTRING: the methods of the logged API requests whose path contains it, in order.
methods() {
	sleep 0.1
	fake_get /__fake/log | "$PYTHON3" -c 'import json,sys
print(" ".join(e["method"] for e in json.load(sys.stdin) if sys.argv[1] in e["path"] and not e["path"].startswith("/__fake")))' "$1"
}
log_clear() { fake_post /__fake/log/clear '{}' >/dev/null; }
A1=cid-a1-orders-00000000000000000

"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --write-txt "$T_TMP/txt" --seed "$SEED" >/dev/null
while IFS='	' read -r level key name kind stencil scopes file; do
	case $name in "Alpha Orders"|"Alpha Stencil"|"Beta Bare") ;; *) continue ;; esac
	if [ "$scopes" = "-" ]; then set -- ; else set -- --scopes "$scopes"; fi
	expect 0 "import $name" add --from-file "$T_TMP/txt/$file" --delete-file "$@"
done <"$T_TMP/txt/manifest.tsv"

# ---- the event list ------------------------------------------------------------
expect 0 "--events lists the official events" webhooks --events
cp "$T_TMP/out" "$T_TMP/events"
check "56 events, wildcards included" sh -c "[ \$(wc -l <'$T_TMP/events') -eq 56 ] && grep -qx 'store/order/\\*' '$T_TMP/events' && grep -qx 'store/cart/lineItem/\\*' '$T_TMP/events'"
expect 0 "--events --json" webhooks --events --json
json_ok "--events --json is an array of strings" 'isinstance(d, list) and len(d) == 56 and "store/product/*" in d'

# ---- create ----------------------------------------------------------------------
log_clear
expect 0 "--create with a header typed on stdin and one on argv" \
	--stdin "$SECRET" webhooks "Alpha Orders" --create 'store/order/*' --destination https://new.example.net/orders \
	--header Authorization --header X-Plain=not-secret
NEW=$(sed -n 's/^Created webhook \([0-9]*\):.*/\1/p' "$T_TMP/out")
out_has "Created webhook"
out_has "store/order/* -> https://new.example.net/orders (active)"
out_has "custom headers (values hidden): Authorization, X-Plain"
check "a fresh read first, the create, then a read-back" test "$(methods /v3/hooks)" = "GET POST GET"
state_ok "the fake holds it with both headers, for this client" \
	'[(k["scope"], k["headers"], k["is_active"]) for k in mine("abc123", "'$A1'") if k["destination"] == "https://new.example.net/orders"] == [("store/order/*", {"Authorization": "'"$SECRET"'", "X-Plain": "not-secret"}, True)]'

expect 0 "--create --inactive --json" webhooks "Alpha Orders" --create store/cart/created \
	--destination https://new.example.net:443/cart --inactive --json
json_ok "--json: account, action, hook" 'sorted(d) == ["account", "action", "hook"] and d["action"] == "created"'
json_ok "--json hook has the webhooks --json keys" 'sorted(d["hook"]) == ["created_at", "destination", "header_names", "id", "is_active", "scope", "status", "updated_at"] and d["hook"]["is_active"] is False and d["hook"]["status"] == "inactive" and d["hook"]["header_names"] == []'
state_ok "created inactive" '[k["is_active"] for k in mine("abc123", "'$A1'") if k["scope"] == "store/cart/created"] == [False]'

expect 3 "the same event and destination again is refused" webhooks "Alpha Orders" --create 'store/order/*' \
	--destination https://new.example.net/orders
err_has "webhook $NEW already sends store/order/* to that destination"

log_clear
expect 3 "an http destination is refused before sending" webhooks "Alpha Orders" --create store/order/created \
	--destination http://new.example.net/x
err_has "must start with https://"
expect 3 "port 8443 is refused before sending" webhooks "Alpha Orders" --create store/order/created \
	--destination https://new.example.net:8443/x
err_has "only to https on port 443"
expect 3 "an unknown event is refused before sending" webhooks "Alpha Orders" --create store/order/creatd \
	--destination https://new.example.net/x
err_has "not a BigCommerce webhook event"
expect 3 "a header name with a space is refused before sending" webhooks "Alpha Orders" --create store/order/created \
	--destination https://new.example.net/x --header "X Bad=1"
expect 3 "a header value without its line on stdin" webhooks "Alpha Orders" --create store/order/created \
	--destination https://new.example.net/x --header X-Key
err_has "no value for custom header \"X-Key\""
check "the fake saw no request at all" test -z "$(methods /v3/hooks)"

expect 41 "a token that may not manage webhooks: 403 as a sentence" \
	--stdin "$SECRET" webhooks "Alpha Stencil" --create store/order/created --destination https://new.example.net/s \
	--header Authorization
err_has "may not manage webhooks"
err_has "Store-level API accounts"

# ---- update ----------------------------------------------------------------------
log_clear
expect 0 "--update the destination, headers and active flag" --stdin "$SECRET2" webhooks "Alpha Orders" \
	--update "$NEW" --destination https://moved.example.net/orders --header X-Other --inactive
out_has "Updated webhook $NEW: store/order/* -> https://moved.example.net/orders (inactive)"
out_has "custom headers (values hidden): X-Other"
check "the core's fresh read, the PUT, the read-back" test "$(methods "/v3/hooks/$NEW")" = "GET PUT GET"
state_ok "the fake holds the change (headers replaced)" \
	'hook("abc123", '"$NEW"')["destination"] == "https://moved.example.net/orders" and hook("abc123", '"$NEW"')["headers"] == {"X-Other": "'"$SECRET2"'"} and not hook("abc123", '"$NEW"')["is_active"]'
expect 0 "--update --clear-headers --active --json" webhooks "Alpha Orders" --update "$NEW" --clear-headers --active --json
json_ok "--json: updated, no headers, active" 'd["action"] == "updated" and d["hook"]["id"] == '"$NEW"' and d["hook"]["header_names"] == [] and d["hook"]["is_active"] is True'
state_ok "headers cleared on the fake" 'not hook("abc123", '"$NEW"')["headers"]'
expect 2 "--update without a change" webhooks "Alpha Orders" --update "$NEW"
expect 2 "--clear-headers with --header" webhooks "Alpha Orders" --update "$NEW" --clear-headers --header A=b
log_clear
expect 42 "--update of another account's hook" webhooks "Alpha Orders" --update 201 --inactive
err_has "webhook 201 does not exist for this API account"
check "the fresh read stopped it: no PUT" test "$(methods /v3/hooks/201)" = "GET"
fake_post /__fake/hooks/lose-writes '{"count": 1}' >/dev/null
expect 35 "a read-back that differs is reported" webhooks "Alpha Orders" --update "$NEW" --destination https://lost.example.net/
err_has "reading webhook $NEW back shows another destination"

# ---- delete ----------------------------------------------------------------------
expect 2 "--delete without a terminal needs --yes" webhooks "Alpha Orders" --delete "$NEW"
err_has "confirm --delete with --yes"
state_ok "still there" 'hook("abc123", '"$NEW"') is not None'
"$PYTHON3" "$top_srcdir/tests/pty-run.py" "$T_TMP/tty" "wrong" -- "$SK" webhooks "Alpha Orders" --delete "$NEW"
RC=$?
if [ $RC -eq 8 ]; then ok "a terminal: a wrong answer cancels (exit 8)"; else not_ok "a terminal: a wrong answer cancels (exit $RC)"; sed 's/^/    | /' "$T_TMP/tty"; fi
check "the confirmation names the hook" grep -qF "Deleting webhook $NEW: store/order/* -> https://moved.example.net/orders" "$T_TMP/tty"
state_ok "not deleted" 'hook("abc123", '"$NEW"') is not None'
log_clear
"$PYTHON3" "$top_srcdir/tests/pty-run.py" "$T_TMP/tty" "$NEW" -- "$SK" webhooks "Alpha Orders" --delete "$NEW"
RC=$?
if [ $RC -eq 0 ]; then ok "a terminal: typing the id deletes (exit 0)"; else not_ok "a terminal: typing the id deletes (exit $RC)"; sed 's/^/    | /' "$T_TMP/tty"; fi
check "read, fresh read, DELETE, read-back" test "$(methods "/v3/hooks/$NEW")" = "GET GET DELETE GET"
state_ok "gone from the fake" 'hook("abc123", '"$NEW"') is None'
CART=$("$PYTHON3" -c 'import json,sys; s=json.load(open(sys.argv[1])); print([k["id"] for x in s["stores"] for k in x["hooks"] if k["scope"] == "store/cart/created"][0])' "$T_TMP/state")
"$PYTHON3" "$top_srcdir/tests/pty-run.py" "$T_TMP/tty" "store/cart/created https://new.example.net:443/cart" -- \
	"$SK" webhooks "Alpha Orders" --delete "$CART"
RC=$?
if [ $RC -eq 0 ]; then ok "a terminal: typing event and destination deletes"; else not_ok "typing event and destination (exit $RC)"; sed 's/^/    | /' "$T_TMP/tty"; fi
expect 0 "--delete --yes --json" webhooks "Alpha Orders" --delete 101 --yes --json
json_ok "--json: deleted, the hook as it was" 'd["action"] == "deleted" and d["hook"]["id"] == 101 and d["hook"]["header_names"] == ["Authorization"]'
state_ok "101 gone, 102 and the other account's hooks stay" 'hook("abc123", 101) is None and hook("abc123", 102) and hook("abc123", 201)'
expect 42 "--delete of a hook that is gone" webhooks "Alpha Orders" --delete 101 --yes

# ---- hidden prompt on a terminal, and secrets nowhere ----------------------------------
"$PYTHON3" "$top_srcdir/tests/pty-run.py" "$T_TMP/tty" "$SECRET" -- "$SK" webhooks "Alpha Orders" \
	--create store/order/created --destination https://tty.example.net/h --header Authorization
RC=$?
if [ $RC -eq 0 ]; then ok "a terminal: the header value is asked for"; else not_ok "a terminal: header prompt (exit $RC)"; sed 's/^/    | /' "$T_TMP/tty"; fi
check "the prompt says the input is hidden" grep -qF "Value of custom header Authorization (input hidden):" "$T_TMP/tty"
check "the typed value is not echoed" sh -c "! grep -qF 'hdr-s3cret' '$T_TMP/tty'"
expect 0 "-v -v on a create shows no header value" -v -v webhooks "Alpha Orders" --create store/order/updated \
	--destination https://verbose.example.net/h --header "X-Key=$SECRET2"
expect 0 "the list shows no header value" webhooks "Alpha Orders"
expect 0 "the list --json shows no header value" webhooks "Alpha Orders" --json
check "no header value in any stdout or stderr" sh -c "! grep -qF 'hdr-s3cret' '$ALL' && ! grep -qF '$SECRET2' '$ALL'"

# ---- one webhook JSON for webhooks --json and audit --json ------------------------------
expect 0 "webhooks --json" webhooks "Alpha Orders" --json
cp "$T_TMP/out" "$T_TMP/hooks.json"
run audit --json
"$PYTHON3" -c 'import json,sys
h=json.load(open(sys.argv[1]))["hooks"]
a=[x for x in json.load(open(sys.argv[2]))["accounts"] if x["name"] == "Alpha Orders"][0]["problem_hooks"]
by={x["id"]: x for x in h}
sys.exit(0 if a and all(x == by[x["id"]] for x in a) else 1)' "$T_TMP/hooks.json" "$T_TMP/out" &&
	ok "audit --json problem_hooks are the webhooks --json objects" || not_ok "audit --json problem_hooks are the webhooks --json objects"

finish
