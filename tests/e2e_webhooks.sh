#!/bin/sh
# e2e_webhooks.sh - the webhook browser: statuses, filter, sort, detail (masked headers), the live
# blocklist countdown, notification e-mails, re-activation, errors and Esc-cancel without leaving;
# a cancelled load is "not loaded", never empty, and no write key acts on it (R27/R28).
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

fake_start "$SEED" || exit 99
write_txts "$T_TMP/txt"
for f in Alpha_Orders Alpha_Stencil; do
	"$STOREKEYS" add --from-file "$T_TMP/txt/$f.txt" --keep-file >/dev/null 2>&1 || echo "# could not add $f"
done
check "two accounts seeded" reg 'len(d["accounts"]) == 2'

# secs "2m 50s" -> 170
secs() { echo "$1" | awk '{ s = 0; for (i = 1; i <= NF; i++) { v = $i; u = substr(v, length(v)); v = substr(v, 1, length(v) - 1); if (u == "m") s += v * 60; else if (u == "s") s += v; else if (u == "h") s += v * 3600 } print s }'; }
countdown() { screen | sed -n 's/.*Blocklisted: https:\/\/down.example.net  \(.*\) left.*/\1/p' | head -1; }

tui_start 100 30
see "Alpha Orders" "home lists the accounts"
send /
type_text "orders"
send Enter w
see "Alpha Orders (abc123): 3 of 3 shown" "w opens the account's webhooks" 15
see "101 store/order/created" "hook ids and events are listed, the id column as wide as the longest id"
see "https://hooks.example.net/a1/orders" "destinations are listed"
see "2023-11-15" "creation times are shown in local time"
see "deactivated" "statuses come from hooks/admin"
see "Notification e-mails: alerts-a1@example.com" "the e-mails are shown"
see "Blocklisted: https://down.example.net" "the blocklisted domain is shown"
see "HTTP 500 x12" "with its failure reasons and counts"
see "Custom headers: Authorization: ********" "custom header values are masked"
not_see "dGVzdDp0ZXN0" "the header value never shows"
c1=$(secs "$(countdown)")
sleep 2.2
c2=$(secs "$(countdown)")
if [ -n "$c1" ] && [ -n "$c2" ] && [ "$c2" -lt "$c1" ] && [ "$c2" -gt 0 ]; then
	ok "the blocklist countdown is live ($c1 s, then $c2 s)"
else
	not_ok "the blocklist countdown is live ($c1 -> $c2)"
fi

send f
see "1 of 3 shown, status active" "f filters by status"
not_see "store/order/updated" "inactive hooks are hidden"
send f
see "1 of 3 shown, status inactive" "f cycles to inactive"
send f
see "status deactivated" "then deactivated"
send f
see "3 of 3 shown, status all" "then all again"
send s
see "sorted by event asc" "s sorts by the next column"
send S
see "sorted by event desc" "S reverses the order"
send s s s s s
see "sorted by id desc" "s cycles through every column"
send S
see "sorted by id asc" "back to id ascending"

# Re-activate the inactive hook 102 (after a confirmation).
send Down
see "#102  store/order/updated" "the detail pane follows the selection"
see "Not active" "the detail says it is not active"
send a
see "Re-activate the webhook?" "a asks before re-activating"
send n
check "No leaves the hook alone" fake_state '[h["is_active"] for h in ST["abc123"]["hooks"] if h["id"] == 102] == [False]'
send a Enter
see "Webhook re-activated." "the hook is re-activated" 15
check "the fake has hook 102 active" fake_state '[h["is_active"] for h in ST["abc123"]["hooks"] if h["id"] == 102] == [True]'
send f
see "2 of 3 shown, status active" "the list was reloaded"
send f f f

# Notification e-mails: a bad address is refused without losing what was typed.
send e
see "Comma-separated addresses" "e opens the e-mail editor"
send C-u
type_text "ops@example.com, not-an-address"
send Enter
see "\"not-an-address\" is not a valid e-mail address" "invalid addresses are refused"
see "ops@example.com, not-an-address" "what was typed is kept"
send C-u
type_text "ops@example.com, dev@example.org"
send Enter
see "Set the notification e-mails of this account to: ops@example.com," "the change is confirmed first"
send Enter
see "Notification e-mails saved." "saved" 15
see "Notification e-mails: ops@example.com, dev@example.org" "the screen shows the new e-mails"
check "the fake has the new e-mails" fake_state 'ST["abc123"]["emails"]["cid-a1-orders-00000000000000000"] == ["ops@example.com", "dev@example.org"]'

# R28: the save re-reads the e-mails first; a list changed elsewhere since the load is not overwritten.
curl -sS -o /dev/null -X PUT -H 'X-Auth-Token: tok-a1-orders-00000000000000000' -H 'Content-Type: application/json' \
	--data-binary '{"emails":["someone-else@example.com"]}' "$FAKE_URL/stores/abc123/v3/hooks/admin"
send e C-u
type_text "mine@example.com"
send Enter
see "Set the notification e-mails of this account to: mine@example.com?" "the edit is confirmed" 
send Enter
see "changed on BigCommerce since they were loaded" "a list changed elsewhere is not overwritten" 15
check "the fake keeps the other change" fake_state 'ST["abc123"]["emails"]["cid-a1-orders-00000000000000000"] == ["someone-else@example.com"]'
see "Notification e-mails: someone-else@example.com" "the screen now shows what BigCommerce holds"
send e C-u
type_text "ops@example.com, dev@example.org"
send Enter Enter
see "Notification e-mails saved." "saved once based on the current list" 15

# Errors stay on the screen; Esc cancels a hung request.
fake_post /__fake/faults '{"match":"/v3/hooks","status":403}' >/dev/null
send r
see "The account lacks the OAuth" "an API error shows in the status line, with what to do" 15
see "Alpha Orders (abc123)" "and the browser stays open"
fake_post /__fake/faults/clear '{}' >/dev/null
fake_post /__fake/faults '{"match":"/v3/hooks","idle":true,"idle_s":30}' >/dev/null
send r
see "Esc cancels" "a slow load shows progress with Esc to cancel" 5
send Escape
if wait_gone "Esc cancels" 3 >/dev/null; then ok "Esc cancels the load (the server would hold it 30 s)"; else
	not_ok "Esc did not cancel the load"; fi
see "Alpha Orders (abc123)" "the browser is still there after a cancel"
fake_post /__fake/faults/clear '{}' >/dev/null
send r
see "Notification e-mails: ops@example.com" "r reloads once the API answers" 15

# An account without e-mails gets a warning.
send Escape Escape /
type_text "stencil"
send Enter w
see "No notification e-mails" "a warning when nobody is notified" 15
see "This account has no webhooks." "an account without webhooks says so"

# R27/R28: Esc during a slow load leaves "not loaded", never "no webhooks" or "no e-mails",
# and no write key acts on it (the e-mail overwrite of issue 9).
puts() { fake_get /__fake/log | "$PYTHON3" -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin) if e["method"] != "GET"))'; }
send Escape Escape /
type_text "orders"
send Enter
fake_post /__fake/log/clear '{}' >/dev/null
fake_post /__fake/faults '{"match":"/v3/hooks","latency_ms":4000}' >/dev/null
send w
see "Esc cancels" "a slow load shows progress" 5
send Escape
wait_gone "Esc cancels" 3 >/dev/null
see "webhooks not loaded (cancelled)" "the cancelled load says so in the title"
see "Webhooks not loaded (cancelled): press r" "the list says not loaded, press r"
see "Notification e-mails, statuses and blocklist not loaded (cancelled): press r." "the e-mails are not loaded either"
not_see "This account has no webhooks" "a cancelled load is not an empty account"
not_see "No notification e-mails" "a cancelled load is not an empty e-mail list"
send e
see "so they cannot be changed: press r to load them" "e is refused with the reason"
not_see "Comma-separated addresses" "no e-mail editor opens"
send a
see "none can be re-activated: press r to load them first" "a is refused with the reason"
not_see "Re-activate the webhook?" "no re-activation is offered"
send Enter
check "the fake saw no write (no PUT, POST or DELETE)" test "$(puts)" = 0
fake_post /__fake/faults/clear '{}' >/dev/null
send r
see "Notification e-mails: ops@example.com" "r loads them once the API answers" 15
check "still no write after the reload" test "$(puts)" = 0
send Escape q
check "exit status 0" test "$(tui_exit_code)" = 0
finish
