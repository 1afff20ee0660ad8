#!/bin/sh
# e2e_create_account.sh - an account-level account from its .txt, a malformed .txt, leaving the
# wizard (asks when something was typed; nothing saved), and the 51st account of a store.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

fake_start "$SEED" || exit 99
write_txts "$T_TMP/txt"
UUID=a0000000-0000-4000-8000-000000000001

tui_start 80 24
see "Welcome to storekeys" "first-run screen"
send n
see "What kind of API account?" "wizard opens on n"
send Down
see "(*) Account-level API account" "account-level chosen"
send Enter
see "Only the store owner can create account-level API accounts" "account-level prerequisites"
send Enter
see "Step 3 of 9: API path" "account-level flow has 9 steps; API path is next"
type_text "https://api.bigcommerce.com/stores/abc123/v3/"
see "that is a store-level API path" "a store path is refused for an account-level account"
send C-u
type_text "$UUID"
see "account $UUID" "a bare account UUID is accepted"
send Enter
type_text "Holdings Admin"
see "unique in account" "the name is checked within the account"
send Enter
see "OAuth scopes" "account-level scopes page"
see "Account Users" "the account-level resources are listed"
see "[ ] Read-only" "account-level rows are check boxes"
send Space Down Down Down Space
see "2 of 6 resources granted" "two resources granted"
send Down Down Right Right Space Left Left Space
see "3 of 6 resources granted" "several levels of one resource count once"
send PgDn
see "accounts.bigcommerce.com/tokens" "the review sends the owner to the account tokens page"
see "account_users_delete" "the review lists every level chosen"
send PgDn
send Tab Tab Tab
type_text "$T_TMP/txt/Holdings_Admin.txt"
send Enter
see "Imported" "the account-level .txt is imported"
send PgDn
see "The credentials work" "the account-level token verifies (GraphQL)" 15
send PgDn
see "\"Holdings Admin\" is saved and verified" "saved" 15
see "BigCommerce access token: Holdings Admin (account" "keyring item label"
check "the registry has the account-level account" reg \
	'A["Holdings Admin"]["level"] == "account" and A["Holdings Admin"]["account_uuid"] == "'$UUID'" and sorted(x["scope"] for x in A["Holdings Admin"]["scopes"]) == ["account_read", "account_stores_read", "account_users_delete", "account_users_read"]'
check "the keyring has its token" test "$("$STOREKEYS" token "Holdings Admin")" = tok-acct1-admin-000000000000000
send Tab Enter
see "Account-level accounts of $UUID" "home groups account-level accounts by account"

# A malformed .txt: an error in the status line, nothing filled in, nothing saved.
printf 'this is not\na credentials file\n' > "$T_TMP/bad.txt"
send n Enter Enter Enter
type_text "abc123"
send Enter
type_text "Malformed Import"
send Enter PgDn PgDn
see "Credentials" "credentials page"
send Tab Tab Tab
type_text "$T_TMP/txt/Beta_Bare.txt"
send Enter
see "the file's API path is for store def456, but you entered store abc123" "a .txt for another store is flagged" 
see "Next ]  the file's API path" "and Next stays disabled"
send C-u
type_text "$T_TMP/txt/Alpha_Catalog.txt"
send Enter
see "the file names the account \"Alpha Catalog\" but you chose \"Malformed" "another name in the .txt is pointed out"
send C-u
type_text "$T_TMP/bad.txt"
send Enter
see "Import:" "a malformed .txt is reported"
see "Client ID:           cid-a2-catalog" "what the good file filled in is kept"
send Escape
see "Leave the wizard?" "Esc asks before dropping typed fields"
send n
see "Credentials" "No stays in the wizard"
send Escape
see "Leave the wizard?" "asked again"
send y
see "Holdings Admin" "Yes leaves to the list"
check "nothing was saved by the abandoned wizard" reg 'len(d["accounts"]) == 1'

# The 51st store-level account of a store: 50 made with the CLI first.
i=1
while [ $i -le 50 ]; do
	printf 'secret%d\ntoken%d\n' $i $i | "$STOREKEYS" add --name "Bulk account $i" \
		--api-path https://api.bigcommerce.com/stores/full50/v3/ --client-id "cid$i" \
		--scopes store_v2_orders_read_only >/dev/null 2>&1 || echo "# add $i failed"
	i=$((i + 1))
done
check "the CLI made 50 accounts in store full50" reg 'sum(1 for a in d["accounts"] if a.get("store_hash") == "full50") == 50'
send r
see "50/50" "home shows the full store"
send n Enter Enter Enter
type_text "full50"
see "store full50 already has 50 store-level API accounts," "the 51st account is refused on the API path page"
send PgDn
see "Step 4 of 10: API path" "and the wizard does not go on"
send Escape
see "Leave the wizard?" "leaving asks (a path was typed)"
send y
check "still 50 accounts in full50" reg 'sum(1 for a in d["accounts"] if a.get("store_hash") == "full50") == 50'
send q
check "exit status 0" test "$(tui_exit_code)" = 0
finish
