#!/bin/sh
# cli_basic.sh - the account commands end to end on a private keyring:
# add (stdin and .txt), list, show, token, remove, doctor, exit codes, no secret leaks.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
CANARY_TOK="SKCANARY$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
CANARY_SEC="SKCANARYsec$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
P=https://api.bigcommerce.com/stores/abc123/v3/

check "--version prints the version" sh -c "$SK --version | grep -q '^storekeys [0-9]'"
check "--help lists every command" sh -c "$SK --help | grep -q 'remove ACCOUNT' && $SK --help | grep -q 'Exit status'"
check_exit 2 "unknown command is a usage error" $SK frobnicate
check_exit 2 "add without arguments is a usage error" $SK add
check_exit 2 "no command without a terminal prints help" $SK
check_exit 2 "a secret as an argument is refused" $SK add --name "Good name" --api-path $P --client-id cid1 "$CANARY_TOK"

printf '%s\n%s\n' "$CANARY_SEC" "$CANARY_TOK" >"$T_TMP/secrets"
check "add from stdin" sh -c "$SK add --name 'Order sync' --api-path $P --client-id cid1 --scopes store_v2_orders_read_only,store_v2_products_read_only <'$T_TMP/secrets'"
check_exit 3 "a three-character name is refused" sh -c "$SK add --name abc --api-path $P --client-id cid2 <'$T_TMP/secrets'"
check "the refusal says why" sh -c "$SK add --name abc --api-path $P --client-id cid2 <'$T_TMP/secrets' 2>&1 | grep -q 'at least 4'"
check_exit 5 "a duplicate name in the same store is refused" sh -c "$SK add --name 'order sync' --api-path $P --client-id cid2 <'$T_TMP/secrets'"
check_exit 3 "a hostile API path is refused" sh -c "$SK add --name 'Evil path' --api-path 'https://api.bigcommerce.com.evil.test/stores/abc123/v3/' --client-id cid2 <'$T_TMP/secrets'"
check_exit 3 "an unknown scope is refused" sh -c "$SK add --name 'Bad scope' --api-path $P --client-id cid2 --scopes store_everything <'$T_TMP/secrets'"
check_exit 3 "missing secrets on stdin are refused" sh -c "$SK add --name 'No secrets' --api-path $P --client-id cid2 </dev/null"
check "same name in another store is fine" sh -c "$SK add --name 'Order sync' --api-path https://api.bigcommerce.com/stores/def456/v3/ --client-id cid3 <'$T_TMP/secrets'"
check "Stencil-CLI token with publish access" sh -c "$SK add --name 'Theme push' --api-path $P --client-id cid4 --token-type stencil --access-level publish <'$T_TMP/secrets'"

cat >"$T_TMP/creds.txt" <<EOT
ACCESS TOKEN: ${CANARY_TOK}
CLIENT NAME: Imported from txt
API PATH: https://api.bigcommerce.com/stores/abc123/v3/
CLIENT ID: cid5
CLIENT SECRET: ${CANARY_SEC}
EOT
check "add --from-file imports the .txt" $SK add --from-file "$T_TMP/creds.txt" --keep-file
check "the import shows in secret-tool search" sh -c "secret-tool search --all xdg:schema io.storekeys.Credential 2>&1 | grep -q 'Imported from txt'"
printf 'ACCESS TOKEN: x\nthis is not a label line\n' >"$T_TMP/bad.txt"
check_exit 3 "a malformed .txt is refused" $SK add --from-file "$T_TMP/bad.txt"
check "the refusal names the line" sh -c "$SK add --from-file '$T_TMP/bad.txt' 2>&1 | grep -q 'line 2'"
cp "$T_TMP/creds.txt" "$T_TMP/creds2.txt"
sed -i 's/Imported from txt/Imported and deleted/' "$T_TMP/creds2.txt"
check "--delete-file removes the plaintext .txt" sh -c "$SK add --from-file '$T_TMP/creds2.txt' --delete-file && test ! -e '$T_TMP/creds2.txt'"

check "list groups by store with N/50" sh -c "$SK list | grep -q 'Store abc123  4/50'"
check "list --json parses" sh -c "$SK list --json | $PYTHON3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d[\"accounts\"])==5'"
check "show prints scopes with UI names" sh -c "$SK show abc123/'Order sync' | grep -q 'Orders.*Read-only.*store_v2_orders_read_only'"
check_exit 7 "an ambiguous name asks for STORE/NAME" $SK show 'Order sync'
check_exit 4 "an unknown account is not found" $SK show 'Nobody here'
check "token prints the access token" sh -c "test \"\$($SK token abc123/'Order sync')\" = '$CANARY_TOK'"
check "token --client-secret prints the secret" sh -c "test \"\$($SK token --client-secret 'Theme push')\" = '$CANARY_SEC'"
check "doctor finds everything consistent" sh -c "$SK doctor | grep -q Consistent"
check_exit 2 "remove without a terminal needs --yes" $SK remove 'Theme push'
D=$XDG_DATA_HOME/storekeys
TP_ID=$($SK list --json | $PYTHON3 -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin)["accounts"] if a["name"]=="Theme push"][0])')
# A copy doctor kept aside (as after a damaged registry) names the account too: remove leaves it, and says so.
KEPT=registry.json.bak.kept-20260101T000000Z
cp "$D/registry.json" "$D/$KEPT" && cp "$D/$KEPT" "$T_TMP/kept.before"
check "remove --yes forgets it" sh -c "$SK remove 'Theme push' --yes >'$T_TMP/removed'"
# "Every local trace": the backup written by the remove is the new state, not the one that had the account.
if [ -n "$TP_ID" ] && [ -s "$D/registry.json.bak" ] && ! grep -q -e "$TP_ID" -e 'Theme push' "$D/registry.json.bak"; then
	ok "the registry backup does not keep the removed account"
else
	not_ok "registry.json.bak after remove (id '$TP_ID'): $(head -c 300 "$D/registry.json.bak")"
fi
check "the backup still holds the other accounts" sh -c "$PYTHON3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))[\"accounts\"])==4' '$D/registry.json.bak'"
check "remove names the kept copy that still holds the account" grep -q "still names it ($KEPT, in " "$T_TMP/removed"
check "the kept copy is the user's: left as it was" cmp "$D/$KEPT" "$T_TMP/kept.before"
rm -f "$D/$KEPT"
# gnome-keyring deletes outright: no note about a recycle bin (KeePassXC's: tests/keepassxc_remove.sh)
if grep -q '^Removed "Theme push"' "$T_TMP/removed" && ! grep -qi 'recycle\|trash' "$T_TMP/removed"; then
	ok "gnome-keyring: remove says nothing of a trash"; else not_ok "remove's output: $(cat "$T_TMP/removed")"; fi
check_exit 4 "it is gone" $SK show 'Theme push'
# An add that fails after the keyring took its secrets (registry lock held elsewhere): the
# secrets go again, and with gnome-keyring (which keeps nothing deleted) no note about a trash.
if command -v flock >/dev/null 2>&1; then
	printf 'ACCESS TOKEN: rollbacktoken0000000000000000001\nCLIENT NAME: Rolled Back\nAPI PATH: https://api.bigcommerce.com/stores/abc123/v3/\nCLIENT ID: rolledbackclientid0000000001\nCLIENT SECRET: %064d\n' 3 >"$T_TMP/rb.txt"
	flock "$XDG_DATA_HOME/storekeys/registry.lock" sleep 8 &
	holder=$!
	sleep 0.5
	STOREKEYS_LOCK_TIMEOUT_MS=300 $SK add --from-file "$T_TMP/rb.txt" >"$T_TMP/rb.out" 2>&1; rc=$?
	kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
	if [ $rc -eq 23 ] && ! grep -qi 'recycle\|trash\|deleted again' "$T_TMP/rb.out"; then
		ok "gnome-keyring: an add rolled back under a held lock exits 23 without a trash note"
	else
		not_ok "rolled-back add: exit $rc: $(cat "$T_TMP/rb.out")"
	fi
	check "gnome-keyring: the rolled-back secrets are gone" sh -c "! secret-tool search --all xdg:schema io.storekeys.Credential 2>&1 | grep -q 'Rolled Back'"
else
	echo "# skip: flock (util-linux) is missing, the rollback check cannot hold the registry lock"
fi
check "its keyring items are gone" sh -c "! secret-tool search --all xdg:schema io.storekeys.Credential 2>&1 | grep -q 'Theme push'"

# remove deletes secrets only once it holds the registry lock on a registry it may write:
# a refused remove (newer registry, lock busy) leaves both secrets where they were.
cp "$D/registry.json" "$T_TMP/reg.keep"
$PYTHON3 -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); d["schema_version"]=2; open(p,"w").write(json.dumps(d))' "$D/registry.json"
check_exit 21 "remove on a registry from a newer storekeys is refused" $SK remove abc123/'Order sync' --yes
check "and the account's secrets are still in the keyring" sh -c "test \"\$($SK token abc123/'Order sync')\" = '$CANARY_TOK'"
cp "$T_TMP/reg.keep" "$D/registry.json"
if command -v flock >/dev/null 2>&1; then
	flock "$D/registry.lock" sleep 8 &
	holder=$!
	sleep 0.5
	check_exit 23 "remove while another writer holds the registry lock gives up" env STOREKEYS_LOCK_TIMEOUT_MS=300 $SK remove abc123/'Order sync' --yes
	kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
	check "and the secrets are still in the keyring" sh -c "test \"\$($SK token abc123/'Order sync')\" = '$CANARY_TOK' && $SK doctor | grep -q Consistent"
else
	echo "# skip: flock (util-linux) is missing, the busy-lock remove check cannot hold the registry lock"
fi

# R1/R2/R7: the canary appears nowhere but in `token`'s stdout.
for cmd in "list" "list --json" "show abc123/Order\ sync" "show --json abc123/Order\ sync" "doctor" "-v list"; do
	sh -c "$SK $cmd" >>"$T_TMP/allout" 2>&1
done
check "no command printed the canary" sh -c "! grep -q SKCANARY '$T_TMP/allout'"
check "the canary is nowhere under the XDG dirs or HOME" sh -c "! grep -rqa SKCANARY '$XDG_DATA_HOME' '$XDG_CONFIG_HOME' '$XDG_CACHE_HOME' '$HOME'"
check "nor anywhere in /tmp or /dev/shm outside this test's own scratch files" sh -c "! grep -rqa --exclude-dir='$(basename "$T_TMP")' '$CANARY_TOK' /tmp /dev/shm 2>/dev/null"
b64=$(printf %s "$CANARY_TOK" | base64 | cut -c1-16)
check "nor in base64 under the data dir" sh -c "! grep -rqaF '$b64' '$XDG_DATA_HOME'"

# R3: no session bus, or no Secret Service: a distinct exit code, fast, nothing written.
cp "$XDG_DATA_HOME/storekeys/registry.json" "$T_TMP/reg.before"
check_exit 10 "no D-Bus session bus: keyring unavailable" env -u DBUS_SESSION_BUS_ADDRESS -u DISPLAY $SK token abc123/'Order sync'
check_exit 10 "a bus without the Secret Service: keyring unavailable" env DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/bus sh -c "printf 'a\nb\n' | $SK add --name 'No keyring' --api-path $P --client-id cid9"
check "the registry is unchanged" cmp "$XDG_DATA_HOME/storekeys/registry.json" "$T_TMP/reg.before"

# R16: files are private even under umask 000.
check "registry is 0600 and its directory 0700" sh -c "umask 000; printf 'a\nb\n' | $SK add --name 'Umask test' --api-path $P --client-id cid8 && test \$(stat -c %a '$XDG_DATA_HOME/storekeys') = 700 && test \$(stat -c %a '$XDG_DATA_HOME/storekeys/registry.json') = 600"

# R19: a corrupt registry is moved aside and the backup offered.
printf '{"schema_version":1,"accounts":[' >"$XDG_DATA_HOME/storekeys/registry.json"
check_exit 20 "a corrupt registry is refused" $SK list
check "it was moved aside byte-for-byte" sh -c "ls '$XDG_DATA_HOME/storekeys/' | grep -q 'registry.json.corrupt-'"
check_exit 51 "doctor --restore-backup restores, then reports the newer account's secrets as orphans" $SK doctor --restore-backup
check "the last good copy is back" sh -c "$SK list | grep -q 'Imported from txt'"
check "doctor --fix adopts the orphans" sh -c "$SK doctor --fix && $SK doctor | grep -q Consistent"
finish
