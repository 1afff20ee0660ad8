#!/bin/sh
# e2e_rotate.sh - R on an account in the terminal interface: the rotation plan (webhooks with
# header names only, e-mails, script, metafields and their fate), the control-panel steps with a
# free name, and a rotation under way named with the command that continues it.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

SEED="$top_srcdir/tests/fakebc/seeds/rotate.json"
fake_start "$SEED" || exit 99
"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --seed "$SEED" --write-txt "$T_TMP/txt" --lf >/dev/null
"$STOREKEYS" add --from-file "$T_TMP/txt/Order_Sync.txt" --keep-file \
	--scopes store_v2_orders_read_only,store_v2_information,store_v2_products,store_v2_content >/dev/null 2>&1 ||
	echo "# could not add Order Sync"
check "one account seeded" reg 'len(d["accounts"]) == 1'

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
see "storekeys rotate" "the command that continues with the replacement's .txt is shown"
send q
see "Order Sync" "q goes back to the accounts"
tm_stop

# a rotation under way: R names the replacement and the command that continues it
"$STOREKEYS" add --from-file "$T_TMP/txt/Order_Sync_v2.txt" --keep-file >/dev/null 2>&1
fake_post /__fake/faults '{"match": "/v3/hooks", "method": "POST", "fail_after": 1, "fail_status": 503}' >/dev/null
"$STOREKEYS" rotate "Order Sync" --to "Order Sync v2" --yes >/dev/null 2>&1
fake_post /__fake/faults/clear '{}' >/dev/null
tui_start 160 50
see "Order Sync" "home lists the accounts"
send g R
see "Replacement: \"Order Sync v2\"" "R shows the replacement under way" 15
see "[done  ] 201" "the webhook already carried over is done"
send PgDn
see "A rotation to \"Order Sync v2\" is under way" "the plan says the rotation is under way"
see "storekeys rotate \"Order Sync\" --yes" "with the command that continues it"
tm_stop
finish
