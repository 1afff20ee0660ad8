#!/bin/sh
# cli_names.sh - ACCOUNT resolution and names that cannot be told apart (issue 9 items 6 and 8):
# an argument matching several accounts in any reading is refused (exit 7) with every candidate and
# its id:LOCAL_ID; invisible names and invisible-only differences are refused; bidi and zero-width
# characters print escaped in text and as \uXXXX in --json; --json prints integers exactly.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
printf 'sec-one\ntok-one\n' >"$T_TMP/s1"
printf 'sec-two\ntok-two\n' >"$T_TMP/s2"
add() { $SK add --name "$1" --api-path "https://api.bigcommerce.com/stores/$2/v3/" --client-id "$3" <"$4"; }

# ---- item 6: "bbb2/Orders" as a name (store aaa1) and "Orders" in store bbb2 ----
check "an account named bbb2/Orders in store aaa1" add "bbb2/Orders" aaa1 cid-one "$T_TMP/s1"
check "an account named Orders in store bbb2" add "Orders" bbb2 cid-two "$T_TMP/s2"
ID1=$($SK list --json | "$PYTHON3" -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin)["accounts"] if a["store_hash"]=="aaa1"][0])')
ID2=$($SK list --json | "$PYTHON3" -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin)["accounts"] if a["store_hash"]=="bbb2"][0])')
check "both ids read" test -n "$ID1" -a -n "$ID2"
check_exit 7 "token \"bbb2/Orders\" is ambiguous" $SK token "bbb2/Orders"
check "the refusal lists the first candidate with its id" contains "$T_TMP/err" "id:$ID1"
check "the refusal lists the second candidate with its id" contains "$T_TMP/err" "id:$ID2"
check "no token was printed" lacks "$T_TMP/out" "tok-"
check_exit 7 "exec \"bbb2/Orders\" is ambiguous and runs nothing" $SK exec "bbb2/Orders" -- sh -c "touch '$T_TMP/ran'"
check "exec ran nothing" test ! -e "$T_TMP/ran"
check_exit 7 "remove \"bbb2/Orders\" --yes is ambiguous" $SK remove "bbb2/Orders" --yes
check "both accounts are still there" test "$($SK list --json | grep -c '"id"')" -eq 2
check "token id:ID names the account named bbb2/Orders" test "$($SK token "id:$ID1")" = tok-one
check "token with the bare local id works too" test "$($SK token "$ID2")" = tok-two
check "aaa1/bbb2/Orders (OWNER/NAME) is unambiguous" test "$($SK token "aaa1/bbb2/Orders")" = tok-one
check "exec with id:ID runs with the right token" sh -c "$SK exec 'id:$ID2' -- sh -c 'test \"\$BIGCOMMERCE_ACCESS_TOKEN\" = tok-two'"
check_exit 4 "an unknown id is not found" $SK token "id:00000000-0000-4000-8000-000000000000"
check "remove id:ID removes exactly that account" $SK remove "id:$ID2" --yes
check "the other one is left" test "$($SK token "bbb2/Orders")" = tok-one

# ---- item 8: invisible names ----
ZW=$(printf '\342\200\213')   # U+200B ZERO WIDTH SPACE
RLO=$(printf '\342\200\256')  # U+202E RIGHT-TO-LEFT OVERRIDE
check_exit 3 "a name of four zero-width spaces is refused" add "$ZW$ZW$ZW$ZW" ccc3 cid-3 "$T_TMP/s1"
check "the refusal says why" contains "$T_TMP/err" "invisible"
check_exit 3 "a name of no-break spaces and zero-width joiners is refused" add "$(printf '\302\240\342\200\215\302\240\342\200\215\302\240')" ccc3 cid-3 "$T_TMP/s1"
check "Sync one in store ccc3" add "Sync one" ccc3 cid-3 "$T_TMP/s1"
check_exit 5 "a name differing only by a zero-width space collides" add "Sync${ZW} one" ccc3 cid-4 "$T_TMP/s2"
check_exit 5 "... and by case and a bidi control" add "${RLO}SYNC ONE" ccc3 cid-4 "$T_TMP/s2"
check "a bidi name in another store is accepted" add "Pay${RLO}lanigiro" ddd4 cid-5 "$T_TMP/s2"
$SK list >"$T_TMP/list.txt" 2>&1
check "list shows the bidi control escaped" contains "$T_TMP/list.txt" "Pay<U+202E>lanigiro"
check "list prints no raw bidi control" lacks "$T_TMP/list.txt" "$RLO"
$SK show "ddd4/Pay${RLO}lanigiro" >"$T_TMP/show.txt" 2>&1
check "show escapes it too" contains "$T_TMP/show.txt" "<U+202E>"
$SK show "ddd4/Pay${RLO}lanigiro" --json >"$T_TMP/show.json" 2>&1
check "--json escapes it as \\u202e" sh -c "grep -qi 'Pay\\\\u202elanigiro' '$T_TMP/show.json'"
check "--json is still JSON with the real name" "$PYTHON3" -c "import json,sys; assert json.load(open('$T_TMP/show.json'))['name'] == 'Pay\u202elanigiro'"
check_exit 7 "a spec with a zero-width space matches its look-alike (ambiguous with the bare name)" sh -c "$SK add --name 'Sync one' --api-path https://api.bigcommerce.com/stores/eee5/v3/ --client-id c6 <'$T_TMP/s2' && $SK token 'Sync${ZW} one'"

# ---- --json prints integers exactly: webhook ids between 2^52 and 2^53 (issue 10) ----
cat >"$T_TMP/seed.json" <<'EOT'
{"stores": [{"hash": "big53", "name": "Big ids", "domain": "big.example", "account_uuid": "a0000000-0000-4000-8000-000000000053",
  "tokens": [{"name": "Big hooks", "client_id": "cid-big", "client_secret": "sec-big", "access_token": "tok-big",
    "token_type": "v2v3", "scopes": ["store_v2_information_read_only"], "emails": [],
    "hooks": [{"id": 4503599627370497, "scope": "store/order/created", "destination": "https://hooks.example.net/a",
               "is_active": true, "status": "active"},
              {"id": 9007199254740991, "scope": "store/order/updated", "destination": "https://hooks.example.net/b",
               "is_active": true, "status": "active"}]}]}]}
EOT
if fake_start "$T_TMP/seed.json"; then
	printf 'sec-big\ntok-big\n' | $SK add --name "Big hooks" --api-path https://api.bigcommerce.com/stores/big53/v3/ --client-id cid-big >/dev/null 2>&1
	$SK webhooks "big53/Big hooks" --json >"$T_TMP/hooks.json" 2>"$T_TMP/hooks.err"
	check "webhooks --json prints 4503599627370497 exactly" grep -q '"id":[[:space:]]*4503599627370497,' "$T_TMP/hooks.json"
	check "webhooks --json prints 9007199254740991 exactly" grep -q '"id":[[:space:]]*9007199254740991,' "$T_TMP/hooks.json"
	check "no exponent form" lacks "$T_TMP/hooks.json" "e+15"
	fake_stop
else
	not_ok "the fake BigCommerce did not start"
fi
finish
