#!/bin/sh
# cli_recovery.sh - recovery never deletes a secret and never runs on a half-known state (R26-R28):
# doctor --fix adopts, --purge-orphan is explicit, doctor races add safely, a damaged registry
# stays damaged until the user decides, a newer one is read-only, 60,000 accounts load.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
D=$XDG_DATA_HOME/storekeys
P=https://api.bigcommerce.com/stores/abc123/v3/
items() { secret-tool search --all xdg:schema io.storekeys.Credential 2>/dev/null | grep -c '^\[/'; }
addone() { k=$(printf %s "$1" | tr -c 'A-Za-z0-9' _); printf 'sec%s\ntok%s\n' "$k" "$k" | $SK add --name "$1" --api-path "$P" --client-id "cid$k"; }

for n in "Alpha one" "Beta two" "Gamma three"; do addone "$n" >/dev/null; done
check "three accounts, six keyring items" test "$(items)" -eq 6

# Item 1: another XDG_DATA_HOME sees every item as an orphan; --fix adopts and deletes nothing.
check "doctor --fix elsewhere adopts and says so" sh -c "XDG_DATA_HOME='$T_TMP/other' $SK doctor --fix | grep -q 'adopted'"
check "no keyring item was deleted" test "$(items)" -eq 6
check "the other registry now lists the adopted accounts" sh -c "XDG_DATA_HOME='$T_TMP/other' $SK list | grep -q 'Gamma three'"
check "adopted accounts keep their client id" sh -c "XDG_DATA_HOME='$T_TMP/other' $SK show 'Beta two' | grep -q 'cidBeta_two'"

# Purging is explicit and named, never part of --fix.
rm -f "$T_TMP/other/storekeys/registry.json"
id=$(XDG_DATA_HOME="$T_TMP/other" $SK doctor | sed -n 's/^Orphan: *\([0-9a-f-]*\) "Alpha one".*/\1/p')
check "doctor lists the orphan by id and name" test -n "$id"
check_exit 2 "--purge-orphan without a terminal needs --yes" sh -c "XDG_DATA_HOME='$T_TMP/other' $SK doctor --purge-orphan $id </dev/null"
check_exit 5 "--purge-orphan refuses an account the registry has" $SK doctor --purge-orphan "$id" --yes
check "nothing was purged" test "$(items)" -eq 6

# Item 3: a damaged registry stays damaged until the user decides.
cp "$D/registry.json.bak" "$T_TMP/bak.before"
printf '{"schema_version":1,"accounts":[' >"$D/registry.json"
check_exit 20 "a damaged registry is refused" $SK list
check_exit 20 "and again: no silent empty registry" $SK list
check "the message names the copy and the choices" sh -c "$SK list 2>&1 | grep -q 'registry.json.corrupt-.*--start-empty'"
check_exit 20 "writes are refused too" addone "Delta four"
check_exit 20 "doctor says damaged until a decision" $SK doctor
check "the last good backup is unchanged" cmp "$D/registry.json.bak" "$T_TMP/bak.before"
check "doctor --fix rebuilds from the keyring" sh -c "$SK doctor --fix | grep -q 'adopted'"
check "every account is back" sh -c "$SK list | grep -q 'Alpha one' && $SK list | grep -q 'Gamma three'"
check "the last good backup was kept aside" sh -c "ls '$D' | grep -q 'registry.json.bak.kept-'"
check "no keyring item was deleted" test "$(items)" -eq 6
printf 'junk' >"$D/registry.json"
check_exit 20 "damaged again" $SK list
check_exit 51 "doctor --start-empty is the explicit empty start (the secrets show as orphans)" $SK doctor --start-empty
check "then the registry is empty, by decision" sh -c "$SK list | grep -q 'No accounts yet'"
check "and the secrets are still in the keyring" test "$(items)" -eq 6
check "doctor --fix adopts them again" sh -c "$SK doctor --fix >/dev/null && $SK list | grep -q 'Beta two'"

# A registry that vanished while its backup is there is lost, not new.
mv "$D/registry.json" "$T_TMP/vanished.json"
check_exit 20 "a missing registry with a backup is not an empty one" $SK list
check "the message says it is missing" sh -c "$SK list 2>&1 | grep -q 'is missing although its backup'"
check "doctor --restore-backup answers it (the previous state is back)" sh -c "$SK doctor --restore-backup >/dev/null; $SK list >/dev/null"
cp "$T_TMP/vanished.json" "$D/registry.json"

# Item 4: a newer registry with a value this version does not know is read-only, never moved aside.
cp "$D/registry.json" "$T_TMP/current.json"
cat >"$D/registry.json" <<EOT
{"schema_version":2,"accounts":[{"id":"6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b","level":"partner","name":"Future kind",
"api_path":"https://api.bigcommerce.com/partners/p1","client_id":"c"}]}
EOT
cp "$D/registry.json" "$T_TMP/newer.json"
check_exit 21 "a newer registry is read-only, not damaged" $SK list
check_exit 21 "doctor --fix on it changes nothing" $SK doctor --fix
check "the file is byte-identical" cmp "$D/registry.json" "$T_TMP/newer.json"
check "nothing was moved aside or marked" sh -c "! test -e '$D/registry.damaged'"
check "no keyring item was deleted" test "$(items)" -eq 6
cp "$T_TMP/current.json" "$D/registry.json"

# Item 2: doctor --fix concurrently with 10 adds: every account add reported is there, no item lost.
before=$(items)
i=0
while [ $i -lt 10 ]; do
	(addone "Racer $i" >"$T_TMP/add.$i" 2>&1) &
	i=$((i + 1))
done
(j=0; while [ $j -lt 8 ]; do STOREKEYS_LOCK_TIMEOUT_MS=30000 $SK doctor --fix >/dev/null 2>&1; j=$((j + 1)); done) &
wait
added=$(cat "$T_TMP"/add.* | grep -c '^Added')
check "the adds succeeded" test "$added" -ge 1
$SK list >"$T_TMP/list.after"
lost=0
i=0
while [ $i -lt 10 ]; do
	if grep -q '^Added "Racer '$i'"' "$T_TMP/add.$i" && ! grep -q "Racer $i " "$T_TMP/list.after"; then lost=$((lost + 1)); fi
	i=$((i + 1))
done
check "every account add reported is still listed ($added added)" test "$lost" -eq 0
check "the keyring item count never dropped" test "$(items)" -ge "$((before + 2 * added))"
check "doctor is consistent afterwards" sh -c "$SK doctor --fix >/dev/null; $SK doctor | grep -q Consistent"

# --restore-backup answers a damaged or missing registry, never replaces one that loads, and
# never writes a newer storekeys' registry or backup back as this version's schema (R18).
$SK list >/dev/null && cp "$D/registry.json" "$T_TMP/healthy.json"
check_exit 3 "--restore-backup over a registry that loads is refused" $SK doctor --restore-backup
check "and the registry is unchanged" cmp "$D/registry.json" "$T_TMP/healthy.json"
$PYTHON3 -c 'import json,sys; p=sys.argv[1]; d=json.load(open(p)); d["schema_version"]=2; open(p,"w").write(json.dumps(d))' "$D/registry.json"
cp "$D/registry.json" "$T_TMP/newer2.json"
aside=$(ls "$D" | grep -c corrupt)
check_exit 21 "--restore-backup over a newer registry is refused" $SK doctor --restore-backup
check "the newer registry is left as it was, not moved aside" sh -c "cmp '$D/registry.json' '$T_TMP/newer2.json' && test \$(ls '$D' | grep -c corrupt) -eq $aside"
# a damaged registry whose backup a newer storekeys wrote: the backup is not rewritten as schema 1
cp "$D/registry.json.bak" "$T_TMP/bak.keep"
cp "$T_TMP/newer2.json" "$D/registry.json.bak"
printf '{"schema_version":1,"accounts":[' >"$D/registry.json"
check_exit 20 "(a damaged registry, its backup from a newer storekeys)" $SK list
check_exit 21 "--restore-backup of a newer backup is refused" $SK doctor --restore-backup
check "the registry stays damaged (the user still decides) and the backup is unchanged" sh -c "test -e '$D/registry.damaged' && ! test -e '$D/registry.json' && cmp '$D/registry.json.bak' '$T_TMP/newer2.json'"
cp "$T_TMP/bak.keep" "$D/registry.json.bak"
check "with its own backup back, --restore-backup answers the damage" sh -c "$SK doctor --restore-backup >/dev/null; $SK list | grep -q 'Gamma three'"
rm -f "$D"/registry.json.corrupt-*

# Item 15: a 60,000-account registry (about 10 MB) loads.
mkdir -p "$T_TMP/big/storekeys" && chmod 700 "$T_TMP/big" "$T_TMP/big/storekeys"
"$PYTHON3" - "$T_TMP/big/storekeys/registry.json" <<'EOT'
import json, sys
acc = [{"id": "%08x-1c2d-4e5f-8a9b-0c1d2e3f4a5b" % i, "level": "store", "name": "Acct %d" % i,
        "api_path": "https://api.bigcommerce.com/stores/s%d/v3/" % (i // 50), "client_id": "client%d" % i,
        "scopes": ["store_v2_orders_read_only"]}
       for i in range(60000)]
with open(sys.argv[1], "w") as f:
    json.dump({"schema_version": 1, "accounts": acc}, f)
EOT
chmod 600 "$T_TMP/big/storekeys/registry.json"
check "it is under the 16 MB cap" test "$(stat -c %s "$T_TMP/big/storekeys/registry.json")" -lt 16777216
check "a 60,000-account registry loads" sh -c "XDG_DATA_HOME='$T_TMP/big' $SK show 's1199/Acct 59999' | grep -q client59999"
check "and lists, grouped by store" sh -c "XDG_DATA_HOME='$T_TMP/big' $SK list | grep -c '^Store s' | grep -qx 1200"
finish
