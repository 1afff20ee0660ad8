#!/bin/sh
# e2e_create.sh - the create wizard in tmux: a store-level V2/V3 account with scopes (typed and
# pasted credentials), rejected names ("abc", a duplicate), and a Stencil-CLI account from a .txt.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

fake_start "$SEED" || exit 99
write_txts "$T_TMP/txt"
SECRET=$(sed -n 's/^CLIENT SECRET: //p' "$T_TMP/txt/Alpha_Orders.txt")
TOKEN=tok-a1-orders-00000000000000000

tui_start 100 30
see "Welcome to storekeys" "an empty registry shows the first-run screen"
see "Create your first API account" "the first-run screen leads to create"
send Enter
see "Step 1 of 10: What kind of API account?" "Enter on the first-run screen opens the wizard"
send Enter
see "Before you start" "prerequisites page"
see "high-risk permissions" "prerequisites name the high-risk permissions"
see "Read Webhooks" "prerequisites name Read Webhooks"
send Enter
see "V2/V3 API token" "token type page"
send Enter
see "Step 4 of 10: API path" "API path page"
type_text "https://api.bigcommerce.com/stores/abc123/v3/"
see "store abc123: 0 of 50 store-level accounts used" "the API path is validated live"
send Enter
see "Step 5 of 10: Name" "name page"
type_text "abc"
see "the name needs at least 4 characters" "\"abc\" is rejected beside the field"
send PgDn
see "Name: the name needs at least 4" "Next is disabled while the name is invalid"
if screen | grep -qF "Step 5 of 10"; then ok "PgDn does not leave an invalid page"; else not_ok "PgDn left an invalid page"; fi
send C-u
type_text "Alpha Orders"
see "OK: 12 characters, unique in store abc123" "a good name is accepted"
send Enter
see "Step 6 of 10: OAuth scopes" "scopes page"
see "Storefront API customer" "the scopes page lists the catalogue" 3 || true
send Down Down Down Down Right
send Down Down Right
send Down Down Down Down Down Right Right
see "4 of " "the granted count follows the choices (and Metafields access: Standard)"
see "Products: Read-only = store_v2_products_read_only; Modify = store_v2_products" "the selected row shows its scope strings"
send PgDn
see "Review" "review page"
see "Settings › Store-level API accounts › Create API account" "the review mirrors the control panel path"
see "store_v2_orders_read_only" "the review lists the scope strings"
see "ONCE" "the review warns that the credentials are shown once"
send PgDn
see "Step 8 of 10: Credentials" "credentials page"
type_text "cid-a1-orders-00000000000000000"
send Tab
paste_text "  $SECRET
"
send Tab
paste_text "$TOKEN
"
not_see "$TOKEN" "the pasted access token is masked"
not_see "$SECRET" "the pasted client secret is masked"
send C-r
see "$TOKEN" "Ctrl-R reveals the token"
send C-r
wait_gone "$TOKEN" >/dev/null
not_see "$TOKEN" "Ctrl-R masks it again"
send PgDn
see "The credentials work: store \"Test Store Alpha\"" "verify reaches the fake and reads the store name" 15
send PgDn
see "\"Alpha Orders\" is saved and verified" "saved" 15
see "BigCommerce access token: Alpha Orders (store abc123)" "the final page names the keyring items"
check "the registry has the V2/V3 account with its scopes" reg \
	'A["Alpha Orders"]["kind"] == "v2v3" and A["Alpha Orders"]["store_hash"] == "abc123" and A["Alpha Orders"]["verified"] > 0 and sorted(x["scope"] for x in A["Alpha Orders"]["scopes"]) == ["store_metafield_write", "store_v2_information_read_only", "store_v2_orders_read_only", "store_v2_products"] and A["Alpha Orders"]["client_id"] == "cid-a1-orders-00000000000000000"'
check "the keyring holds the access token, trimmed" test "$("$STOREKEYS" token "Alpha Orders")" = "$TOKEN"
check "the keyring holds the client secret, trimmed" test "$("$STOREKEYS" token "Alpha Orders" --client-secret)" = "$SECRET"
keyring_labels > "$T_TMP/labels"
check "the keyring labels name the account" contains "$T_TMP/labels" "BigCommerce client secret: Alpha Orders (store abc123)"
send Enter
see "Store abc123 (Test Store Alpha)" "home lists the store with its name"
see "1/50" "home shows the store's count"
see "Alpha Orders" "home lists the new account"

# A duplicate name, then a Stencil-CLI token imported from the .txt.
send n
see "What kind of API account?" "second wizard"
send Enter Enter Down
see "(*) Stencil-CLI token" "Stencil-CLI chosen"
send Enter
see "API path" "API path page again"
type_text "abc123"
see "1 of 50" "the count includes the new account"
send Enter
type_text "alpha orders"
see "already has an account named \"Alpha Orders\"" "a duplicate name (any case) is rejected"
send C-u
type_text "Alpha Stencil"
see "OK: 13 characters" "a unique name is accepted"
send Enter
see "Stencil-CLI access level" "access level page"
send Down Enter
see "Create Stencil-CLI Token" "the review names the token type"
see "Access level: publish theme." "the review names the access level"
send PgDn
see "Credentials" "credentials page"
send Tab Tab Tab
type_text "$T_TMP/txt/Alpha_Stencil.txt"
send Enter
see "Imported" "the .txt is imported"
not_see "tok-a3-stencil" "imported secrets stay masked"
send PgDn
see "The credentials work" "the Stencil token verifies" 15
send PgDn
see "is saved" "the Stencil account is saved" 15
see "Delete the .txt file" "the final page offers to delete the .txt"
send Enter
see "Delete the .txt file?" "deleting asks first"
send y
see "Deleted $T_TMP/txt/Alpha_Stencil.txt" "the .txt is deleted"
check "the .txt file is gone" test ! -e "$T_TMP/txt/Alpha_Stencil.txt"
check "the registry records stencil-publish with its preset scopes" reg \
	'A["Alpha Stencil"]["kind"] == "stencil-publish" and sorted(x["scope"] for x in A["Alpha Stencil"]["scopes"]) == ["store_sites_read_only", "store_themes_manage"]'
send Tab Enter
see "2/50" "home shows two accounts in the store"
send q
check "q quits with status 0" test "$(tui_exit_code)" = 0
scrollback > "$T_TMP/scrollback"
check "no secret is left in the scrollback" lacks "$T_TMP/scrollback" "$TOKEN"
check "no client secret is left in the scrollback" lacks "$T_TMP/scrollback" "$SECRET"
finish
