#!/bin/sh
# e2e_rotate.sh - R on an account in the terminal interface: the rotation plan (webhooks with
# header names only, e-mails, script, metafields and their fate), the create wizard pre-filled
# (name, API path, scopes), the carry-over to the new account with its read-back, the hand-off
# to the delete view.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

SEED="$top_srcdir/tests/fakebc/seeds/rotate.json"
OLDSCOPES=store_v2_orders_read_only,store_v2_information,store_v2_products,store_v2_content
fake_start "$SEED" || exit 99
"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --seed "$SEED" --write-txt "$T_TMP/txt" --lf >/dev/null
"$STOREKEYS" add --from-file "$T_TMP/txt/Order_Sync.txt" --keep-file --scopes "$OLDSCOPES" >/dev/null 2>&1 ||
	echo "# could not add Order Sync"
check "one account seeded" reg 'len(d["accounts"]) == 1'
# fake_hooks CID: how many webhooks the client has on the fake
fake_hooks() { fake_get /__fake/state | "$PYTHON3" -c 'import json,sys; s=json.load(sys.stdin); print(sum(1 for st in s["stores"] for h in st["hooks"] if h["client_id"] == sys.argv[1]))' "$1"; }
NEW=cid-rot-new-00000000000000000000

tui_start 160 50
see "Order Sync" "home lists the account"
send R
see "Rotating \"Order Sync\"" "R opens the rotation plan" 15
see "Webhooks: 4" "the webhooks are counted"
see "custom headers (values hidden): Authorization, X-Tenant" "header names are shown"
not_see "SECRETHDR" "header values never show"
see "ops@example.com, dev@example.com" "the e-mails are listed"
see "\"Tracker\"" "the script is listed"
see "Metafields: 2" "the metafields are counted"
send PgDn
see "Order Sync rotated " "a free name is suggested for the replacement"
see "Press n to create the replacement" "n creates the replacement"

# the wizard, pre-filled: API path, name and scopes come from the old account
send n
see "What kind of API account?" "n opens the create wizard"
send Enter Enter Enter
see "rot123" "the API path is pre-filled"
send Enter
see "Order Sync rotated " "the name is pre-filled with the free name"
send Enter
see "OAuth scopes" "scopes page"
send PgDn
see "Review" "review page"
send PgDn
see "Credentials" "credentials page"
send Tab Tab Tab
type_text "$T_TMP/txt/Order_Sync_v2.txt"
send Enter
see "Imported" "the replacement's .txt is imported"
send PgDn
see "The credentials work" "the replacement's token verifies" 15
send PgDn
see "is saved" "the replacement is saved" 15
check "the replacement records the old account's scopes" reg 'any(a["name"].startswith("Order Sync rotated ") and "store_v2_content" in [x["scope"] for x in a["scopes"]] and a["client_id"] == "'$NEW'" for a in d["accounts"])'
send Tab Enter
see "Replacement: \"Order Sync rotated " "back on the plan, with the replacement" 15
see "Press c to carry everything over" "c carries over"
send c
see "Rotation done" "c carries everything over and reads it back" 30
check "four webhooks on the replacement" test "$(fake_hooks $NEW)" = 4
send PgDn
see "Press d to delete the old account here" "the hand-off to the delete view"
send d
see "Order Sync" "d opens the delete view for the old account" 15
tm_stop

# ---- u: an account already added is the replacement (the CLI's --to) ----------------------
# A fresh pairing: the record of the rotation above goes, and "Order Sync bare" is added.
rm -f "$XDG_DATA_HOME"/storekeys/rotate-*.json
"$STOREKEYS" add --from-file "$T_TMP/txt/Order_Sync_bare.txt" --keep-file >/dev/null 2>&1 ||
	echo "# could not add Order Sync bare"
BARE=cid-rot-bare-0000000000000000000
tui_start 160 50
see "Order Sync bare" "home lists the third account"
send / ; type_text "Order Sync"; send Enter
send Home R
see "Rotating \"Order Sync\"" "R opens the plan again" 15
send PgDn
see "or u to use an account of this store" "the plan offers u"
send u
see "Could be:" "u asks which account, naming the candidates"
see "\"Order Sync bare\"" "... among them the one just added"
type_text "Order Sync"
send Enter
see "Not a replacement" "the old account itself is refused"
send u
type_text "Order Sync bare"
send Enter
see "Replacement: \"Order Sync bare\"" "u makes it the replacement" 15
send c
see "Rotation done" "the carry-over to it is read back" 30
check "four webhooks on the account chosen with u" test "$(fake_hooks $BARE)" = 4
tm_stop
finish
