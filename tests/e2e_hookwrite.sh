#!/bin/sh
# e2e_hookwrite.sh - the webhook browser writes: c creates (event filter, destination checked
# before sending, masked header value, active), E edits, D deletes after naming the hook; every
# write is refused until the list loaded, and the fake's state shows each result.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

SECRET="tui-hdr-s3cret-5150"
CID=cid-a1-orders-00000000000000000
fake_start "$SEED" || exit 99
write_txts "$T_TMP/txt"
"$STOREKEYS" add --from-file "$T_TMP/txt/Alpha_Orders.txt" --keep-file >/dev/null 2>&1 || echo "# could not add Alpha Orders"
writes() { fake_get /__fake/log | "$PYTHON3" -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin) if e["method"] != "GET"))'; }
mine() { fake_state "[(h[\"scope\"], h[\"destination\"], h[\"headers\"], h[\"is_active\"]) for h in ST[\"abc123\"][\"hooks\"] if h[\"client_id\"] == \"$CID\" and h[\"destination\"].endswith(\"/tui\")] == $1"; }

tui_start 110 32
see "Alpha Orders" "home lists the account"
send /
type_text "orders"
send Enter

# A cancelled load: c, E and D are refused with the reason, nothing is written (R27/R28).
fake_post /__fake/faults '{"match":"/v3/hooks","latency_ms":4000}' >/dev/null
send w
see "Esc cancels" "a slow load shows progress" 5
send Escape
wait_gone "Esc cancels" 3 >/dev/null
see "Webhooks not loaded (cancelled): press r" "the load was cancelled"
send c
see "none can be created: press r to load them first" "c is refused until the list loaded"
not_see "Webhook event" "no create dialog opens"
send E
see "none can be edited: press r" "E is refused"
send D
see "none can be deleted: press r" "D is refused"
check "nothing was written" test "$(writes)" = 0
fake_post /__fake/faults/clear '{}' >/dev/null
send r
see "3 of 3 shown" "r loads the list" 15

# Create: the event filter, a refused destination, a masked header value, active.
send c
see "Webhook event" "c opens the event picker"
type_text "cart"
send Enter
see "events match (type more)" "several matches ask for more"
see "store/cart/lineItem/*" "and name the matches (wildcards too)"
send C-u
type_text "lineItem/*"
send Enter
see "Destination" "one match is taken; the destination is asked"
send C-u
type_text "http://new.example.net/tui"
send Enter
see "must start with https://" "http is refused before anything is sent"
send C-u
type_text "https://new.example.net:8443/tui"
send Enter
see "port 8443" "another port is refused"
send C-u
type_text "https://new.example.net/tui"
send Enter
see "Custom header names" "the header names are asked"
type_text "X-Secret"
send Enter
see "Value of custom header X-Secret (masked" "the value is asked in a masked field"
type_text "$SECRET"
not_see "$SECRET" "the typed value is masked"
send Enter
see "Should BigCommerce send the events to it now?" "active or not"
send Enter
see "Create a webhook for store/cart/lineItem/* ->" "the confirmation names the event"
see "active, custom headers: X-Secret:" "and the header"
see "********?" "its value hidden"
check "nothing written before the confirmation" test "$(writes)" = 0
send Enter
see "created (read back from BigCommerce)" "created and read back" 15
check "the fake has it, with the header, active, for this account" mine '[("store/cart/lineItem/*", "https://new.example.net/tui", {"X-Secret": "'$SECRET'"}, True)]'
see "4 of 4 shown" "the list was reloaded"
not_see "$SECRET" "the value is never on screen"

# Edit: destination and active flag; the headers are kept.
send End
see "store/cart/lineItem/*  -> https://new.example.net/tui" "the new hook is selected"
send E
see "Where BigCommerce sends the events" "E asks for the destination"
send C-u
type_text "https://moved.example.net/tui"
send Enter
see "Keep the names as they are to keep the headers" "the header names, prefilled"
send Enter
see "Should BigCommerce send the events to it now?" "then active or not"
send n
see "custom headers unchanged, inactive" "the confirmation lists the change"
send Enter
see "changed (read back from BigCommerce)" "changed and read back" 15
check "the fake has the new destination, the header kept, inactive" mine '[("store/cart/lineItem/*", "https://moved.example.net/tui", {"X-Secret": "'$SECRET'"}, False)]'

# Delete: the confirmation names the hook; No keeps it.
send End D
see "Delete webhook #" "D asks, naming the hook"
see "(store/cart/lineItem/* ->" "with its event"
see "https://moved.example.net/tui)? BigCommerce stops sending" "and its destination"
send n
check "No keeps it" mine '[("store/cart/lineItem/*", "https://moved.example.net/tui", {"X-Secret": "'$SECRET'"}, False)]'
send D
see "Delete the webhook?" "D asks again"
send y
see "deleted (read back from BigCommerce)" "deleted and read back" 15
check "gone from the fake" mine '[]'
see "3 of 3 shown" "the list was reloaded"
send ?
see "Create a webhook" "the help lists c"
see "Edit the selected webhook" "the help lists E"
see "Delete the selected webhook" "the help lists D"
send q Escape Escape q
check "exit status 0" test "$(tui_exit_code)" = 0
finish
