#!/bin/sh
# e2e_details_delete.sh - details and scopes review (masked secrets, reveal, probe, verify), then
# delete: with webhooks (typed name), without webhooks (confirm), and when the API is unreachable.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

fake_start "$SEED" || exit 99
write_txts "$T_TMP/txt"
while IFS="$(printf '\t')" read -r level owner name kind access scopes file; do
	[ "$scopes" = "-" ] && scopes=
	set -- --from-file "$T_TMP/txt/$file" --keep-file
	[ -n "$scopes" ] && set -- "$@" --scopes "$scopes"
	[ "$kind" = stencil ] && set -- "$@" --token-type stencil --access-level "$access"
	"$STOREKEYS" add "$@" >/dev/null 2>&1 || echo "# could not add $name"
done < "$T_TMP/txt/manifest.tsv"
check "seven accounts seeded" reg 'len(d["accounts"]) == 7'
TOKEN=tok-a1-orders-00000000000000000

tui_start 100 32
see "Store abc123" "home lists the seeded stores"
send /
type_text "alpha ord"
see "1 of 7 accounts" "the filter narrows as you type"
not_see "Beta Bare" "non-matching accounts are hidden"
send Enter Enter
see "Kind            V2/V3 API token (store-level)" "details open on Enter"
see "Orders                       Read-only      store_v2_orders_read_only" "scopes table: UI name, level, scope string"
see "Products                     Modify         store_v2_products" "scopes table shows modify levels"
see "Access token    ********" "the token is masked"
not_see "$TOKEN" "the token is not on screen"
send s
see "$TOKEN" "s reveals the token from the keyring"
send s
wait_gone "$TOKEN" >/dev/null
not_see "$TOKEN" "s hides it again"
send p
see "Probe: recorded vs. real" "p probes the scopes" 20
see "Orders                       yes          granted" "a recorded scope is granted"
see "Customers                    -            missing" "an unrecorded scope is missing"
check "the probe only read (no writes)" fake_state 'all(h["is_active"] in (True, False) for h in ST["abc123"]["hooks"])'
send v
see "The token works." "v verifies the token" 15
check "verify recorded the time and store name" reg 'A["Alpha Orders"]["verified"] > 0'
# A cancelled probe is not loaded: the earlier result is not shown as if it were this one (R27).
fake_post /__fake/faults '{"match":"/stores/abc123/","latency_ms":4000}' >/dev/null
send p
see "Esc cancels" "a slow probe shows progress" 5
send Escape
see "Probe: not loaded (cancelled)" "a cancelled probe says not loaded"
not_see "Probe: recorded vs. real" "the earlier probe result is gone"
fake_post /__fake/faults/clear '{}' >/dev/null

# Delete with webhooks: the exact name must be typed.
send d
see "Webhooks it owns (they will be erased): 3" "delete lists the account's webhooks" 15
see "#101" "the webhook ids are listed"
see "#103  store/product/updated  https://" "the deactivated hook is listed"
see "deactivated" "with BigCommerce's own status (deactivated, not inactive)"
see "Scripts it owns: 0 (no Content or Checkout content scope recorded" "no scripts without a Content scope"
see "Metafields it owns (they stay): 1" "delete lists the metafields it owns"
see "write and write_and_sf_access ones stay writable by other API accounts" "what happens to metafields is said"
see "reassignMetafieldsOwner" "and how they can be moved"
see "cannot be undone, and the client ID is lost" "deletion cannot be undone"
see "(disabled until the name is typed exactly)" "Delete is disabled"
send Enter
see "Type the account name exactly" "Enter does nothing without the name"
type_text "Alpha Order"
send Enter
see "Type the account name exactly" "a partial name does not delete"
check "still in the registry" reg '"Alpha Orders" in A'
type_text "s"
wait_gone "(disabled until the name is typed exactly)" >/dev/null
send Enter
see "\"Alpha Orders\" is gone from storekeys" "deleted after typing the name" 15
see "Settings › Store-level API accounts" "the screen says how to finish in the control panel"
see "Action › Delete" "names the Action menu"
check "the registry entry is gone" reg '"Alpha Orders" not in A'
keyring_labels > "$T_TMP/labels"
check "the keyring items are gone" lacks "$T_TMP/labels" "Alpha Orders"
check_exit 4 "token for the deleted account fails" "$STOREKEYS" token "Alpha Orders"
send Enter
see "This account is no longer in the registry" "details notices the deletion"
send Escape
see "No account matches \"alpha ord\"" "back on the list, the filter kept"
send Escape
see "Alpha Catalog" "Esc clears the filter"

# Delete without webhooks: no typing, a confirmation instead.
send /
type_text "stencil"
send Enter d
see "Webhooks it owns (they will be erased): 0" "no webhooks listed" 15
not_see "Type the account name" "no name needed without webhooks"
send Enter
see "Delete the account?" "a confirmation is asked"
# A registry copy doctor kept aside still names the account: the screen says so, and leaves it.
KEPT="$XDG_DATA_HOME/storekeys/registry.json.bak.kept-20260101T000000Z"
cp "$XDG_DATA_HOME/storekeys/registry.json" "$KEPT"
send y
see "\"Alpha Stencil\" is gone from storekeys" "deleted after the confirmation" 15
see "(registry.json.bak.kept-20260101T000000Z, in " "the kept copy that still names it is shown"
check "registry entry gone" reg '"Alpha Stencil" not in A and len(d["accounts"]) == 5'
check "the registry backup does not keep it" sh -c "test -s '$XDG_DATA_HOME/storekeys/registry.json.bak' && ! grep -q 'Alpha Stencil' '$XDG_DATA_HOME/storekeys/registry.json.bak'"
check "the kept copy is left to the user" grep -q "Alpha Stencil" "$KEPT"
rm -f "$KEPT"
send Enter

# Scripts, metafields endpoint by endpoint, statuses from hooks/admin (issue 10).
fake_post /__fake/faults '{"match":"/v3/catalog/variants/metafields","status":403}' >/dev/null
send Escape /
type_text "catalog"
send Enter d
see "Webhooks it owns (they will be erased): 7" "Alpha Catalog's webhooks are counted" 20
see "#207  store/brand/updated  https://catalog.example.net/brand  deactivated" "its deactivated hook shows BigCommerce's status"
see "Scripts it owns: 2" "its scripts are listed beside the webhooks"
see "Catalog tracker" "a script by name"
see "auto_uninstall: removed when the token is revoked" "auto_uninstall is explained"
see "no auto_uninstall: may stay on the storefront" "and its absence"
send NPage
see "Metafields it owns (they stay): at least 3" "what loaded is kept when one endpoint fails"
see "store: 2 listed" "store metafields are listed"
see "variants: not listed (403, needs Products read)" "the failing endpoint is reported on its own"
see "products: 1 listed" "the other endpoints still count"
see "write: stays writable by other API accounts" "a write metafield stays writable"
see "not asked (no read scope recorded" "endpoints without a recorded scope are named"
see "Type the account name to enable Delete" "a partly unknown list demands the typed name"
fake_post /__fake/faults/clear '{}' >/dev/null
send Escape

# A cancelled check is unknown, never 0, and demands the typed name.
fake_post /__fake/faults '{"match":"/v3/hooks","latency_ms":4000}' >/dev/null
send d
see "Esc cancels" "the check shows progress" 5
send Escape
see "Webhooks it owns (they will be erased): unknown (not loaded: cancelled)" "cancelled webhooks are unknown, not 0"
see "Scripts it owns: unknown (not loaded: cancelled)" "scripts too"
see "Metafields it owns (they stay): unknown (not loaded: cancelled)" "metafields too"
not_see "erased): 0" "no zero is shown"
see "Type the account name to enable Delete" "unknown demands the typed name"
see "Check again" "a retry is offered"
fake_post /__fake/faults/clear '{}' >/dev/null
send Escape
check "Alpha Catalog is still there" reg '"Alpha Catalog" in A'

# When the API cannot be reached the name must be typed too.
fake_stop
send Escape /
type_text "bare"
send Enter d
see "Its webhooks could not be listed" "an unreachable API is reported" 20
see "Webhooks it owns (they will be erased): unknown (not loaded: failed)" "unreachable is unknown, not 0"
see "Type the account name to enable Delete" "the name is required when it cannot be checked"
see "Check again" "a retry is offered"
type_text "Beta Bare"
send Enter
see "\"Beta Bare\" is gone from storekeys" "deleted after typing the name" 15
check "registry entry gone" reg '"Beta Bare" not in A and len(d["accounts"]) == 4'
send Enter q
check "exit status 0" test "$(tui_exit_code)" = 0
scrollback > "$T_TMP/scrollback"
check "the revealed token is not in the scrollback" lacks "$T_TMP/scrollback" "$TOKEN"
finish
