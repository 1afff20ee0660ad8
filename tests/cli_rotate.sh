#!/bin/sh
# cli_rotate.sh - `storekeys rotate` end to end against the fake BigCommerce: the plan and the
# control-panel steps, --dry-run writes nothing, a carry-over cut after half the webhooks and
# its resume (each hook exactly once on the replacement, same scope/destination/headers/active),
# e-mails, script and metafields carried over, --json shape, exit codes 0 / 53 / 54, no header
# value or token in any output.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
SEED=$top_srcdir/tests/fakebc/seeds/rotate.json
ALL=$T_TMP/all-output
: >"$ALL"
STOREKEYS_TEST_FAST_RETRY=1
export STOREKEYS_TEST_FAST_RETRY

fake_start "$SEED" || { not_ok "the fake BigCommerce starts"; finish; }

# state_ok "description" PYTHON-EXPR: over the fake's state: st = the store, hooks(cid), mf(id), scripts(cid), emails(cid).
state_ok() {
	fake_get /__fake/state >"$T_TMP/state"
	if "$PYTHON3" -c 'import json,sys
s=json.load(open(sys.argv[1]))
st=[x for x in s["stores"] if x["hash"] == "rot123"][0]
def hooks(c): return [h for h in st["hooks"] if h["client_id"] == c]
def mf(i): return [m for m in st["metafields"] if int(m["id"]) == i][0]
def scripts(c): return st["scripts"].get(c, [])
def emails(c): return st["emails"].get(c, [])
r = eval(sys.argv[2])
if not r:
    for h in st["hooks"]: print("    |", h["client_id"][:12], h["scope"], h["destination"], h["headers"] is not None, h["is_active"])
sys.exit(0 if r else 1)' "$T_TMP/state" "$2" 2>"$T_TMP/pyerr"; then ok "$1"; else not_ok "$1"; cat "$T_TMP/pyerr"; fi
}
writes() { fake_get /__fake/log | "$PYTHON3" -c 'import json,sys; print(sum(1 for e in json.load(sys.stdin) if e["method"] != "GET"))'; }
OLD=cid-rot-old-00000000000000000000
NEW=cid-rot-new-00000000000000000000

"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --write-txt "$T_TMP/txt" --seed "$SEED" >/dev/null
expect 0 "import the old account" add --from-file "$T_TMP/txt/Order_Sync.txt" --keep-file \
	--scopes store_v2_orders_read_only,store_v2_information,store_v2_products,store_v2_content
expect 0 "import a bare account" add --from-file "$T_TMP/txt/Order_Sync_bare.txt" --keep-file \
	--scopes store_v2_orders_read_only

# ---- the plan without a replacement: nothing done (54), the control-panel steps ----------
fake_post /__fake/log/clear '{}' >/dev/null
expect 54 "rotate without a replacement prints the plan and changes nothing" rotate "Order Sync"
out_has "Webhooks: 4"
out_has "store/order/created -> https://hooks.example.net/orders"
out_has "custom headers (values hidden): Authorization, X-Tenant"
out_has "inactive"
out_has "ops@example.com, dev@example.com"
out_has "\"Tracker\""
out_has "Metafields: 2"
out_has "Metafield ownership"
out_has "Name:          Order Sync rotated "
out_has "storekeys rotate 'Order Sync' --from-file FILE.txt --name 'Order Sync rotated "
out_has "Products"
expect 0 "--dry-run prints the plan" rotate "Order Sync" --dry-run
out_has "Replacement: none yet"
if [ "$(writes)" = 0 ]; then ok "neither the plan nor --dry-run wrote anything (fake log)"; else not_ok "a plan wrote to the fake"; fi

expect 54 "--json without a replacement" rotate "Order Sync" --json
json_ok "--json has the documented keys" 'sorted(d) == ["emails", "metafields", "old", "replacement", "scripts", "state_file", "status", "suggested_name", "version", "webhooks"] and d["status"] == "nothing" and d["replacement"] is None'
json_ok "--json webhooks: 4 with header names, the inactive one, todo" '[h["id"] for h in d["webhooks"]["items"]] == [201, 202, 203, 204] and d["webhooks"]["items"][0]["header_names"] == ["Authorization", "X-Tenant"] and d["webhooks"]["items"][2]["is_active"] is False and all(h["state"] == "todo" for h in d["webhooks"]["items"])'
json_ok "--json metafields: fate of each when not reassignable" 'd["metafields"]["reassignable"] is False and sorted(m["id"] for m in d["metafields"]["items"]) == ["501", "502"] and all(m["state"] == "cannot" and m["if_left"] for m in d["metafields"]["items"])'

# ---- a replacement without the scopes: scripts and metafields cannot move -----------------
expect 0 "--dry-run --to a bare replacement" rotate "Order Sync" --to "Order Sync bare" --dry-run --json
json_ok "the bare replacement cannot take the script" 'd["scripts"]["items"][0]["state"] == "cannot" and "Content" in d["scripts"]["items"][0]["reason"]'
if [ "$(writes)" = 0 ]; then ok "--dry-run --to wrote nothing"; else not_ok "--dry-run --to wrote to the fake"; fi

# ---- a part that cannot be read is unknown, never none ------------------------------------
fake_post /__fake/faults '{"match": "/v3/hooks/admin", "method": "GET", "fail_always": true, "fail_status": 500}' >/dev/null
expect 0 "--dry-run with the e-mails unreadable" rotate "Order Sync" --dry-run --json
json_ok "the e-mails are unknown, not none" 'd["emails"]["read"] == "unknown" and d["emails"]["reason"] and d["webhooks"]["read"] == "ok"'
expect 0 "--dry-run text with the e-mails unreadable" rotate "Order Sync" --dry-run
out_has "Notification e-mails: UNKNOWN"
fake_post /__fake/faults/clear '{}' >/dev/null

# ---- the first write fails: nothing done (54), and the replacement is not bound -----------
fake_post /__fake/faults '{"match": "/v3/hooks", "method": "POST", "fail_after": 0, "fail_status": 503}' >/dev/null
expect 54 "a carry-over whose first write fails did nothing" rotate "Order Sync" --to "Order Sync bare" --yes
state_ok "no hook was created for the bare account" 'len(hooks("cid-rot-bare-0000000000000000000")) == 0'
fake_post /__fake/faults/clear '{}' >/dev/null

# ---- import the replacement and carry over, cut after two webhooks -------------------------
fake_post /__fake/faults '{"match": "/v3/hooks", "method": "POST", "fail_after": 2, "fail_status": 503}' >/dev/null
expect 53 "a carry-over cut after half the webhooks is partial, resumable" rotate "Order Sync" \
	--from-file "$T_TMP/txt/Order_Sync_v2.txt" --scopes store_v2_orders_read_only,store_v2_information,store_v2_products,store_v2_content,store_metafield_change_owner --yes
out_has "Partly done"
err_has "webhook 3 of 4"
state_ok "two hooks exist on the replacement after the cut" 'len(hooks("'$NEW'")) == 2'
fake_post /__fake/faults/clear '{}' >/dev/null
"$SK" list --names >"$T_TMP/names"
if contains "$T_TMP/names" "Order Sync v2"; then ok "the replacement was imported from its .txt"; else not_ok "the replacement is not in the registry"; fi

# a second cut after one more webhook, then a crash that loses the state file: the next run
# must match the hooks already there by scope and destination instead of creating them again
fake_post /__fake/faults '{"match": "/v3/hooks", "method": "POST", "fail_after": 1, "fail_status": 503}' >/dev/null
expect 53 "run again, cut again: still partial" rotate "Order Sync" --yes
err_has "continuing the rotation"
state_ok "three hooks exist on the replacement" 'len(hooks("'$NEW'")) == 3'
fake_post /__fake/faults/clear '{}' >/dev/null
rm -f "$XDG_DATA_HOME"/storekeys/rotate-*.json
fake_post /__fake/log/clear '{}' >/dev/null
expect 0 "after a lost state file the rotation still finishes without duplicates" rotate "Order Sync" --to "Order Sync v2" --yes
out_has "storekeys remove 'Order Sync'"
out_has "storekeys exec 'Order Sync v2'"
out_has "Delete"
state_ok "each hook exists exactly once on the replacement, same scope/destination/headers/active" '(
sorted((h["scope"], h["destination"], json.dumps(h["headers"] or None, sort_keys=True), h["is_active"]) for h in hooks("'$NEW'")) ==
sorted((h["scope"], h["destination"], json.dumps(h["headers"] or None, sort_keys=True), h["is_active"]) for h in hooks("'$OLD'"))
and len(hooks("'$NEW'")) == 4)'
state_ok "the old hooks are untouched" 'len(hooks("'$OLD'")) == 4'
state_ok "the e-mails were copied" 'emails("'$NEW'") == ["ops@example.com", "dev@example.com"]'
state_ok "the script was re-created for the replacement" '[(x["name"], x["src"], x["location"], x["visibility"]) for x in scripts("'$NEW'")] == [("Tracker", "https://cdn.example/track.js", "head", "all_pages")]'
state_ok "the metafields moved to the replacement, others untouched" 'mf(501)["owner_client_id"] == "'$NEW'" and mf(502)["owner_client_id"] == "'$NEW'" and mf(503)["owner_client_id"] == "cid-rot-someone-000000000000000"'
if fake_get /__fake/log | "$PYTHON3" -c 'import json,sys; sys.exit(0 if sum(1 for e in json.load(sys.stdin) if e["method"] == "POST" and e["path"].endswith("/v3/hooks")) == 1 else 1)'; then
	ok "the last run created only the one missing hook"; else not_ok "the last run created another number of hooks"; fi

fake_post /__fake/log/clear '{}' >/dev/null
expect 0 "a third run finds everything done and writes nothing" rotate "Order Sync" --yes --json
if [ "$(writes)" = 0 ]; then ok "the third run wrote nothing (fake log)"; else not_ok "the third run wrote to the fake"; fi
json_ok "--json after the rotation: done, confirmed, new ids" 'd["status"] == "done" and d["webhooks"]["confirmed"] is True and all(h["state"] == "done" and h["new_id"] for h in d["webhooks"]["items"]) and d["emails"]["state"] == "done" and d["scripts"]["items"][0]["new_uuid"]'
state_ok "still exactly four hooks on the replacement" 'len(hooks("'$NEW'")) == 4'

# ---- refusals -------------------------------------------------------------------
expect 3 "another replacement than the one started with is refused" rotate "Order Sync" --to "Order Sync bare" --yes
expect 2 "--to and --from-file together are a usage error" rotate "Order Sync" --to x --from-file y
expect 2 "without a terminal the carry-over needs --yes" rotate "Order Sync" </dev/null
STATE=$XDG_DATA_HOME/storekeys/$(ls "$XDG_DATA_HOME/storekeys" | grep '^rotate-.*\.json$' | head -1)
cp "$STATE" "$T_TMP/state.good"
# the replacement it was started with is removed (simulated: the record names an id nobody has)
"$PYTHON3" -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); d["new_id"]="00000000-0000-4000-8000-0000000000aa"; json.dump(d, open(p,"w"))' "$STATE"
expect 3 "a rotation whose replacement was removed is refused" rotate "Order Sync" --to "Order Sync bare" --dry-run
err_has "no longer registered"
err_has "move that file aside to start over with Order Sync bare"
if contains "$STATE" '0000000000aa'; then ok "the record is left as it is"; else not_ok "the record was changed"; fi
mv "$STATE" "$T_TMP/state.aside"
expect 0 "moved aside, the rotation plans with the other replacement" rotate "Order Sync" --to "Order Sync bare" --dry-run
cp "$T_TMP/state.good" "$STATE"
printf '{"schema": 99, "old_id": "x"}' >"$STATE"
expect 21 "a state file from a newer storekeys is refused" rotate "Order Sync" --dry-run
if contains "$STATE" '"schema": 99'; then ok "the newer state file is left as it is"; else not_ok "the newer state file was changed"; fi
printf '{"schema": 1, "old_id": ' >"$STATE"
expect 3 "a damaged state file is refused" rotate "Order Sync" --yes
err_has "damaged"
cp "$T_TMP/state.good" "$STATE"

# ---- no secret anywhere ---------------------------------------------------------------
if lacks "$ALL" "SECRETHDR"; then ok "no custom header value in any output"; else not_ok "a header value was printed"; fi
if lacks "$ALL" "tok-rot-"; then ok "no token in any output"; else not_ok "a token was printed"; fi
if lacks "$STATE" "SECRETHDR" && lacks "$STATE" "tok-rot-"; then ok "the state file holds no secret"; else not_ok "the state file holds a secret"; fi

# ---- the hand-off: removing the old account removes its rotation record too ----------------
# remove never reads the record (it only deletes the file once the keyring items and the entry
# are gone), so one a newer storekeys wrote neither blocks the removal nor stays behind
printf '{"schema": 99, "old_id": "x", "from": "a newer storekeys"}' >"$STATE"
printf '{"schema": 1}' >"$STATE.tmp.99999" # a save killed before its rename
if [ -e "$STATE.lock" ]; then ok "the rotations left their lock file next to the record"; else not_ok "no lock file at $STATE.lock"; fi
expect 0 "removing the old account (its record from a newer storekeys)" remove "Order Sync" --yes
if [ ! -e "$STATE" ]; then ok "its rotation record is gone with it"; else not_ok "its rotation record stayed: $STATE"; fi
if [ ! -e "$STATE.lock" ] && [ ! -e "$STATE.tmp.99999" ]; then ok "and the record's lock file and a killed save's temp file (every local trace)"; else
	not_ok "its lock or temp file stayed: $(ls "$STATE".*)"; fi
expect 0 "the replacement stays" show "Order Sync v2"

# Another account's rotation record that names a removed replacement is the user's (it says
# what went to that account): remove keeps it and names it.
V2=$($SK list --json | $PYTHON3 -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin)["accounts"] if a["name"]=="Order Sync v2"][0])')
REC=$XDG_DATA_HOME/storekeys/rotate-11111111-1111-4111-8111-111111111111.json
printf '{"schema": 1, "old_id": "11111111-1111-4111-8111-111111111111", "new_id": "%s"}\n' "$V2" >"$REC"
expect 0 "removing a replacement another record names" remove "Order Sync v2" --yes
out_has "The record of a rotation to it still names it (rotate-11111111-1111-4111-8111-111111111111.json, in "
if grep -q "$V2" "$REC"; then ok "that record is left as it was"; else not_ok "the record changed: $(cat "$REC")"; fi

finish
