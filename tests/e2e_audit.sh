#!/bin/sh
# e2e_audit.sh - the Audit screen: `a` on the accounts list audits every account against the fake
# BigCommerce; the summary names the dead token, every inactive and deactivated webhook, the
# blocklisted domain with a live countdown, the account without notification e-mail and the
# accounts that could not be reached with why, all as /__fake/state says; Enter opens an account's
# webhooks; Esc cancels a slow audit promptly and writes nothing; 60x16, ASCII and resizing.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

# A store answering 500s gives up after its retries: 100 times shorter waits.
STOREKEYS_TEST_FAST_RETRY=1
export STOREKEYS_TEST_FAST_RETRY
SK=$STOREKEYS
DATA="$XDG_DATA_HOME/storekeys"

# ---- the world: the test seed, plus one account of each kind of trouble ----------------------
fake_start "$SEED" || exit 99
"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --seed "$SEED" --write-txt "$T_TMP/txt" --lf >/dev/null || exit 99
n=$(STOREKEYS="$SK" sh "$top_srcdir/tools/import-manifest.sh" "$T_TMP/txt")
rm -rf "$T_TMP/txt"
check "imported the seed's 7 API accounts" test "$n" = 7
# A token BigCommerce does not know: dead.
printf 'deadsecret\ndeadtoken0000000000000000000000\n' |
	$SK add --name 'Dead token' --api-path 'https://api.bigcommerce.com/stores/abc123/v3/' --client-id deadcid \
		>/dev/null 2>&1 || exit 99
# A store that answers 500 to everything: unreachable, with the server's reason.
printf 'ghostsecret\nghosttoken000000000000000000000\n' |
	$SK add --name 'Ghost shop' --api-path 'https://api.bigcommerce.com/stores/zzz999/v3/' --client-id ghostcid \
		>/dev/null 2>&1 || exit 99
fake_post /__fake/faults '{"store":"zzz999","fail_always":true,"fail_status":500}' >/dev/null
# An account whose access token is gone from the keyring: unreachable, and the keyring is why.
printf 'lostsecret\nlosttoken0000000000000000000000\n' |
	$SK add --name 'Lost key' --api-path 'https://api.bigcommerce.com/stores/def456/v3/' --client-id lostcid \
		>/dev/null 2>&1 || exit 99
LOST_ID=$($SK list --json | "$PYTHON3" -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin)["accounts"] if a["name"] == "Lost key"][0])')
secret-tool clear account "$LOST_ID" field access_token
# Alpha Catalog has 7 webhooks: with no e-mail left, nobody hears when they fail.
curl -sS -X PUT -H 'X-Auth-Token: tok-a2-catalog-0000000000000000' -H 'Content-Type: application/json' \
	-d '{"emails":[]}' "$FAKE_URL/stores/abc123/v3/hooks/admin" >/dev/null
check "ten accounts registered" reg 'len(d["accounts"]) == 10'
check "the fake knows Alpha Catalog has no e-mail now" fake_state 'ST["abc123"]["emails"]["cid-a2-catalog-0000000000000000"] == []'

# facts.py SCREEN STATE REGISTRY: every fact of the fake's truth is on the screen, as the audit says it.
cat >"$T_TMP/facts.py" <<'EOF'
import json, re, sys
screen = open(sys.argv[1]).read()
state, reg = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
lines = screen.splitlines()
errors = []
def has(text, why):
    if text not in screen:
        errors.append("missing %r (%s)" % (text, why))
def secs(d):
    return sum(int(v[:-1]) * {"d": 86400, "h": 3600, "m": 60, "s": 1}[v[-1]] for v in d.split())
by_cid = {}
for st in state["stores"]:
    for t in st["tokens"]:
        by_cid[t["client_id"]] = st
problems, blocked, nomail = 0, 0, 0
for a in reg["accounts"]:
    if a["level"] != "store" or a["client_id"] not in by_cid:
        continue
    st, cid, who = by_cid[a["client_id"]], a["client_id"], a["store_hash"] + "/" + a["name"]
    hooks = [h for h in st["hooks"] if h["client_id"] == cid]
    for h in hooks:
        if h["status"] != "active":
            problems += 1
            has("%s  #%d %s  %s -> %s" % (who, h["id"], h["status"], h["scope"], h["destination"]), "problem hook")
    for b in st["blocked_domains"].get(cid, []):
        blocked += 1
        m = [re.search(re.escape(who + "  " + b["destination"] + "  ") + r"((?:\d+[dhms] ?)+) left", l) for l in lines]
        m = [x for x in m if x]
        if not m:
            errors.append("no countdown for %s %s" % (who, b["destination"]))
        elif abs(secs(m[0].group(1)) - b["time_left"]) > 10:
            errors.append("time left %s vs the fake's %s s" % (m[0].group(1), b["time_left"]))
    if hooks and not st["emails"].get(cid):
        nomail += 1
        has("%s  (%d webhooks, no notification e-mail)" % (who, len(hooks)), "no e-mail")
    # The row: active, inactive, deactivated, blocked, e-mails, outcome.
    count = lambda s: sum(1 for h in hooks if h["status"] == s)
    emails = "none!" if hooks and not st["emails"].get(cid) else str(len(st["emails"].get(cid, [])))
    nb = len(st["blocked_domains"].get(cid, []))
    finding = count("inactive") + count("deactivated") + nb > 0 or emails == "none!"
    row = r"\s%s\s+%d\s+%d\s+%d\s+%d\s+%s %s" % (re.escape(a["name"]), count("active"), count("inactive"),
                                               count("deactivated"), nb, re.escape(emails),
                                               "findings:" if finding else "OK")
    if not re.search(row, screen):
        errors.append("no row %r" % row)
has("Inactive and deactivated webhooks (%d): BigCommerce sends them nothing" % problems, "count of problem hooks")
has("Blocklisted domains (%d): BigCommerce sends them no events until the time runs out" % blocked, "count of blocked domains")
has("No notification e-mail (%d)" % nomail, "count of accounts without e-mail")
has("Dead tokens (1): BigCommerce rejects them; delete or replace these API accounts", "the unknown token (the CLI's words)")
has("abc123/Dead token  BigCommerce rejected", "the dead token's line")
has("Could not be checked (2)", "two unreachable accounts")
has("zzz999/Ghost shop: BigCommerce server error 500", "the 500 store and why")
has("def456/Lost key: the access token is missing from the keyring", "the keyring and why")
for name in ("Dead token", "Ghost shop", "Lost key", "Holdings Admin", "Holdings Reader"):
    want = {"Dead token": "dead token", "Ghost shop": "unreachable (", "Lost key": "unreachable ("}.get(name, "skipped (account-level)")
    if not any(name in l and want in l for l in lines):
        errors.append("no row for %s saying %r" % (name, want))
secrets = [t[k] for s in state["stores"] for t in s["tokens"] for k in ("access_token", "client_secret")]
if any(s in screen for s in secrets + ["deadtoken0000000000000000000000", "ghosttoken000000000000000000000"]):
    errors.append("a secret is on the screen")
for e in errors:
    print("MISMATCH:", e)
print("checked: %d problem hooks, %d blocked domains, %d without e-mail, %d mismatches" % (problems, blocked, nomail, len(errors)))
sys.exit(1 if errors else 0)
EOF
facts() {
	screen >"$T_TMP/screen.txt"
	fake_get /__fake/state >"$T_TMP/state.json"
	$SK list --json >"$T_TMP/reg.json"
	"$PYTHON3" "$T_TMP/facts.py" "$T_TMP/screen.txt" "$T_TMP/state.json" "$T_TMP/reg.json"
}
countdown() { screen | sed -n 's/.*Alpha Orders  https:\/\/down.example.net  \(.*\) left.*/\1/p' | head -1; }
secs() { echo "$1" | awk '{ s = 0; for (i = 1; i <= NF; i++) { v = $i; u = substr(v, length(v)); v = substr(v, 1, length(v) - 1); if (u == "m") s += v * 60; else if (u == "s") s += v; else if (u == "h") s += v * 3600 } print s }'; }
header() { screen | sed -n 2p; }

# ---- the whole audit on a big screen ---------------------------------------------------------------
tui_start 160 60
see "Alpha Orders" "the accounts list is up"
see "a Audit" "the footer offers a for the audit"
send a
see "Audit" "a opens the Audit screen"
see "Summary: " "the summary appears when every account is done" 15
see "Audited 10 accounts in 3 stores" "the header says how many accounts and stores were audited"
see "10/10" "the progress bar is full"
check "the screen shows exactly the fake's dead, inactive, deactivated, blocklisted and e-mail facts" facts
see "Summary: 3 of 10 accounts need attention, 2 could not be checked" "the verdict counts findings and the unreachable"
see "2 account-level accounts skipped" "account-level accounts are skipped, and it says why"
see "Audit done: 3 accounts need attention, 2 could not be checked." "the status line sums it up"
c1=$(secs "$(countdown)")
sleep 2.2
c2=$(secs "$(countdown)")
if [ -n "$c1" ] && [ -n "$c2" ] && [ "$c2" -lt "$c1" ] && [ "$c2" -gt 0 ]; then
	ok "the blocklist countdown is live ($c1 s, then $c2 s)"
else
	not_ok "the blocklist countdown is live ($c1 -> $c2)"
fi

# Enter opens the webhook browser of the account under the selection.
h1=$(header)
send Home Enter
see "Dead token (abc123)" "Enter on the dead token opens its webhooks" 10
see "BigCommerce rejected this token" "which cannot load them" 10
send Escape
see "Summary: 3 of 10" "Esc comes back to the audit, results kept"
check "coming back does not run the audit again" test "$(header)" = "$h1"
send Home Tab Enter
see "Alpha Orders (abc123): 3 of 3 shown" "Enter on an inactive hook's line opens that account's webhooks" 10
send Escape
see "Summary: 3 of 10" "and back again"
send End Enter
see "Account-level API accounts have no webhooks." "Enter on an account-level row says there is nothing to show"
send '?'
see "Run the audit again" "? shows the Audit screen's keys"
see "Cancel a running audit (results so far stay), else go back" "including Esc's two meanings"
send Escape
see "Summary: 3 of 10" "Esc leaves the help"

# ---- rows arrive as each account finishes: a slow store holds back no one else ----------------------
fake_post /__fake/faults '{"store":"def456","latency_ms":3000}' >/dev/null
send r
see "Auditing 8 of 10 accounts" "the header counts what is done while one store is slow" 5
if screen | grep -q ' Alpha Orders .*findings: 1 inactive'; then
	ok "finished accounts are listed while the audit runs"
else
	not_ok "finished accounts are listed while the audit runs"; screen | sed 's/^/    # /'
fi
not_see "Beta Everything" "the slow store's accounts are not listed yet"
not_see "Summary: " "and there is no summary before the end"
see "Summary: 3 of 10" "the summary comes once the slow store answers" 15
fake_post /__fake/faults/clear '{}' >/dev/null
fake_post /__fake/faults '{"store":"zzz999","fail_always":true,"fail_status":500}' >/dev/null

# ---- Esc cancels a slow audit promptly, and nothing is written --------------------------------------
sha256sum "$DATA/registry.json" >"$T_TMP/reg.sha"
ls -la --time-style=full-iso "$DATA" | grep -v ' \.$' >"$T_TMP/dir.before"
fake_post /__fake/faults '{"latency_ms":3000}' >/dev/null
send r
see "Auditing " "r runs the audit again, with its progress" 5
see "in flight" "the header counts the requests in flight" 5
send Escape
if wait_for "Cancelled: " 5 >/dev/null; then ok "Esc cancels the running audit"; else not_ok "Esc did not cancel the audit"; fi
see "not checked (cancelled)" "accounts not checked say so"
see "Audit cancelled: " "the status line says it was cancelled"
check "the registry is byte-identical" sha256sum -c --quiet "$T_TMP/reg.sha"
ls -la --time-style=full-iso "$DATA" | grep -v ' \.$' >"$T_TMP/dir.after"
check "no file appeared or changed in the data directory" cmp "$T_TMP/dir.before" "$T_TMP/dir.after"
send Escape
see "Last verified" "Esc after the cancel goes back to the accounts list"
send a
see "Auditing " "a starts a fresh audit" 5
send Escape
see "Cancelled: " "Esc cancels it too" 3
fake_post /__fake/faults/clear '{}' >/dev/null
fake_post /__fake/faults '{"store":"zzz999","fail_always":true,"fail_status":500}' >/dev/null
send r
see "Summary: 3 of 10" "r after a cancel runs the whole audit again" 15
send Escape q
check "exit status 0" test "$(tui_exit_code)" = 0

# ---- the minimum size, ASCII, and resizing ---------------------------------------------------------
TUI_LC_ALL=C
export TUI_LC_ALL
tui_start 60 16
see "Alpha Orders" "the list at 60x16"
send a
see "Summary: " "the audit runs at 60x16" 15
see "Audited 10/10" "a short header that fits 60 columns"
see "[####" "an ASCII progress bar without UTF-8"
not_see "Terminal too small" "60x16 is enough"
send Tab Tab Tab Tab Tab Tab
see "A/I/D: active/inactive/deactivated webhooks" "narrow: one A/I/D column, explained"
see "Store    Name" "the accounts table has its column heads"
tm resize-window -t "$TM_S" -x 120 -y 40
see "Deactivated Blocked E-mails Outcome" "wider: one column per status" 5
see "Audited 10 accounts in 3 stores" "and the full header"
tm resize-window -t "$TM_S" -x 50 -y 12
see "Terminal too small" "too small says so" 5
tm resize-window -t "$TM_S" -x 60 -y 16
see "Audited 10/10" "back at 60x16 the audit is still there" 5
# Ctrl-C in the middle of a slow audit: the worker is stopped and the app ends at once.
fake_post /__fake/faults '{"latency_ms":3000}' >/dev/null
send r
see "Auditing " "a slow audit runs again" 5
send C-c
rc=$(tui_exit_code 5)
check "Ctrl-C during the audit ends the app with 130 (got $rc)" test "$rc" = 130
fake_post /__fake/faults/clear '{}' >/dev/null
check "the registry is still byte-identical" sha256sum -c --quiet "$T_TMP/reg.sha"
finish
