#!/bin/sh
# cli_index.sh - the registry index (registry.index) that lets show, token and exec read one
# account instead of the whole registry: written only by a reader after a whole load of a
# file unchanged for 2 seconds, used only for that exact file, answering exactly as the whole
# registry does, never trusted when anything in it disagrees, and gone with every write (so a
# removed account's name does not stay behind). STOREKEYS_TEST_INDEX=report says what it did.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
D=$XDG_DATA_HOME/storekeys
IX=$D/registry.index
R="env STOREKEYS_TEST_INDEX=report $SK"

txt() { # txt FILE NAME STORE TOKEN
	printf 'ACCESS TOKEN: %s\nCLIENT NAME: %s\nAPI PATH: https://api.bigcommerce.com/stores/%s/v3/\nCLIENT ID: cid%s\nCLIENT SECRET: %064d\n' \
		"$4" "$2" "$3" "$4" 5 >"$1"
}
txt "$T_TMP/a.txt" "Order sync" abc123 idxtokA0000000000000000000000001
txt "$T_TMP/b.txt" "Order sync" def456 idxtokB0000000000000000000000002
txt "$T_TMP/c.txt" "Theme push" abc123 idxtokC0000000000000000000000003
check "three accounts added" $SK add --from-file "$T_TMP/a.txt" "$T_TMP/b.txt" "$T_TMP/c.txt" --delete-file

# A registry changed in the last 2 seconds is not indexed: a change within the same clock tick
# could keep its times, and the index would then describe a file that is not there.
$R show 'Theme push' >"$T_TMP/o" 2>"$T_TMP/e"
if grep -q 'not written (the registry changed in the last seconds)' "$T_TMP/e" && [ ! -e "$IX" ]; then
	ok "a registry just written is not indexed"; else not_ok "fresh registry: $(cat "$T_TMP/e")"; fi

sleep 3
$R list >/dev/null 2>"$T_TMP/e"
check "a whole load of a settled registry writes the index" grep -q 'registry index: written' "$T_TMP/e"
check "the index is private (0600)" sh -c "test \"\$(stat -c %a '$IX')\" = 600"
if lacks "$IX" "idxtok" && lacks "$IX" "00000000000000000000000000000005"; then ok "the index holds no secret"; else
	not_ok "a secret is in the index"; fi

# Answers from the index: the same as from the whole registry.
$R token abc123/'Order sync' >"$T_TMP/o" 2>"$T_TMP/e"
if [ "$(cat "$T_TMP/o")" = idxtokA0000000000000000000000001 ] && grep -q 'registry index: used' "$T_TMP/e"; then
	ok "token OWNER/NAME answered from the index"; else not_ok "token via index: $(cat "$T_TMP/o" "$T_TMP/e")"; fi
check "token --client-secret from the index" sh -c "$R token --client-secret 'Theme push' 2>/dev/null | grep -qx '0*5'"
ID=$($SK list --json | $PYTHON3 -c 'import json,sys; print([a["id"] for a in json.load(sys.stdin)["accounts"] if a["store_hash"]=="def456"][0])')
check "token id:LOCAL_ID from the index" sh -c "test \"\$($R token id:$ID 2>/dev/null)\" = idxtokB0000000000000000000000002"
check "show from the index" sh -c "$R show 'Theme push' 2>&1 | grep -q 'registry index: used' && $SK show 'Theme push' | grep -q 'Client ID:     cididxtokC'"
check "exec from the index" sh -c "$R exec 'Theme push' -- sh -c 'test \"\$BIGCOMMERCE_ACCESS_TOKEN\" = idxtokC0000000000000000000000003' 2>'$T_TMP/e' && grep -q 'registry index: used' '$T_TMP/e'"
for spec in 'Order sync' 'Nobody here' 'ORDER SYNC' 'zzz999/Theme push'; do
	$R show "$spec" >/dev/null 2>"$T_TMP/e1"; rc1=$?
	STOREKEYS_TEST_INDEX=off $SK show "$spec" >/dev/null 2>"$T_TMP/e2"; rc2=$?
	grep -v 'registry index' "$T_TMP/e1" >"$T_TMP/e1m"
	if grep -q 'registry index: used' "$T_TMP/e1" && [ $rc1 -eq $rc2 ] && [ $rc1 -ne 0 ] && cmp -s "$T_TMP/e1m" "$T_TMP/e2"; then
		ok "\"$spec\": the index refuses as the whole registry does (exit $rc1)"
	else
		not_ok "\"$spec\": index exit $rc1, whole exit $rc2: $(cat "$T_TMP/e1" "$T_TMP/e2")"
	fi
done

# Never trusted when anything disagrees: the whole registry answers instead.
cp "$IX" "$T_TMP/ix.good"
# entries pointing at each other's objects (checksum made right): each object must carry its entry's id and name
$PYTHON3 - "$IX" <<'EOF'
import sys
p = sys.argv[1]
lines = open(p, "rb").read().split(b"\n")[:-2]          # without "end SUM" and the last ""
a, b = 4, 5                                   # "Order sync" of def456 and "Theme push"
fa, fb = lines[a].split(b" ", 2), lines[b].split(b" ", 2)
lines[a] = b" ".join(fb[:2] + [fa[2]])
lines[b] = b" ".join(fa[:2] + [fb[2]])
text = b"\n".join(lines) + b"\n"
h = 1469598103934665603
for c in text:
    h = ((h ^ c) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
open(p, "wb").write(text + b"end %016x\n" % h)
EOF
$R token 'Theme push' >"$T_TMP/o" 2>"$T_TMP/e"
if [ "$(cat "$T_TMP/o")" = idxtokC0000000000000000000000003 ] && grep -q 'not used (the entry does not match the registry)' "$T_TMP/e"; then
	ok "an index whose entry points at another account is not used"; else not_ok "swapped entries: $(cat "$T_TMP/o" "$T_TMP/e")"; fi
cp "$T_TMP/ix.good" "$IX"
sed -i 's/Theme push/Theme pusH/' "$IX"
$R token 'Theme push' >"$T_TMP/o" 2>"$T_TMP/e"
if [ "$(cat "$T_TMP/o")" = idxtokC0000000000000000000000003 ] && grep -q 'not used (damaged)' "$T_TMP/e"; then
	ok "an edited index (its sum) is not used"; else not_ok "edited index: $(cat "$T_TMP/o" "$T_TMP/e")"; fi
# cut short at any length, or with bytes changed: never used, never a wrong answer or a crash
bad=0
size=$(stat -c %s "$T_TMP/ix.good")
for n in 0 1 2 27 28 100 $((size / 2)) $((size - 25)) $((size - 2)) $((size - 1)); do
	head -c "$n" "$T_TMP/ix.good" >"$IX"
	[ "$($SK token 'Theme push' 2>/dev/null)" = idxtokC0000000000000000000000003 ] || bad=$((bad + 1))
done
for seed in 1 2 3 4 5 6 7 8 9 10 11 12; do
	$PYTHON3 - "$T_TMP/ix.good" "$IX" "$seed" <<'EOF'
import random, sys
b = bytearray(open(sys.argv[1], "rb").read())
r = random.Random(int(sys.argv[3]))
for _ in range(r.randint(1, 4)):
    b[r.randrange(len(b))] = r.choice(b" \n0123456789abcdefsa-/\x00\xff")
open(sys.argv[2], "wb").write(bytes(b))
EOF
	[ "$($SK token 'Theme push' 2>/dev/null)" = idxtokC0000000000000000000000003 ] || bad=$((bad + 1))
done
if [ $bad -eq 0 ]; then ok "a cut or changed index never gives a wrong answer (22 cases)"; else not_ok "$bad cut or changed indexes gave a wrong answer"; fi
cp "$T_TMP/ix.good" "$IX"
chmod 644 "$IX"
check "an index others could read is not used" sh -c "$R show 'Theme push' 2>&1 | grep -q 'not used (not a private file)'"
chmod 600 "$IX"
echo "$D/registry.json.corrupt-x" >"$D/registry.damaged"
check_exit 20 "a damaged registry is refused before any index is read" $SK token 'Theme push'
rm -f "$D/registry.damaged"

# Another version of the file (the same text, rewritten by hand): not used, whatever it says.
$PYTHON3 -c 'import os,sys; p=sys.argv[1]; t=open(p,"rb").read(); open(p+".new","wb").write(t); os.chmod(p+".new",0o600); os.rename(p+".new",p)' "$D/registry.json"
check "an index of another version of the registry is not used" sh -c "$R show 'Theme push' 2>&1 | grep -q 'not used (for another version of the registry)'"

# Every write deletes it: after remove, no file of the data directory names the account.
sleep 3
$SK list >/dev/null
check "the index is back after a settled whole load" test -s "$IX"
check "remove forgets the account" $SK remove 'Theme push' --yes
if [ ! -e "$IX" ] && ! grep -rlq 'Theme push' "$D"; then ok "no file in the data directory still names the removed account"; else
	not_ok "still named in: $(grep -rl 'Theme push' "$D") (index: $(ls "$IX" 2>&1))"; fi
check_exit 4 "and it is not found" $SK show 'Theme push'

finish
