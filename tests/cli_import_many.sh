#!/bin/sh
# cli_import_many.sh - `add --from-file` of many files in one process (issue 12): a directory of 30
# real-layout .txt files is imported with ONE registry write (registry.json.bak still holds the state
# before the batch), a bad file is reported by name, duplicates (within the batch and against the
# registry) are refused per file, no secret reaches stdout or stderr, and keyring and registry agree.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
REG="$XDG_DATA_HOME/storekeys/registry.json"
BAK="$XDG_DATA_HOME/storekeys/registry.json.bak"

keyring_count() { secret-tool search --all xdg:schema io.storekeys.Credential 2>/dev/null | grep -c '^\[/'; }
# accounts FILE: how many accounts a registry file holds.
accounts() { "$PYTHON3" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["accounts"]))' "$1"; }

# txt FILE N NAME STORE LAYOUT: a credentials file in one of the layouts of BIGCOMMERCE.md §5, secrets
# marked with SECRETCANARY so a leak is found by one grep.
txt() {
	tok=$(printf 'tkSECRETCANARYtok%04d' "$2"); cid=$(printf 'ci%04dzyxwvutsrqponmlkj' "$2")
	sec=$(printf 'SECRETCANARYsec%04d0123456789abcdef0123456789abcdef0123456789ab' "$2")
	path="https://api.bigcommerce.com/stores/$4/v3/"
	case $5 in
	0) printf 'ACCESS TOKEN: %s\nCLIENT NAME: %s\nAPI PATH: %s\nCLIENT ID: %s\nCLIENT SECRET: %s\n' \
		"$tok" "$3" "$path" "$cid" "$sec" ;;
	1) printf 'ACCESS TOKEN: %s\r\nCLIENT NAME: %s\r\nCLIENT ID: %s\r\nCLIENT SECRET: %s\r\nNAME: %s\r\nAPI PATH: %s\r\n' \
		"$tok" "$3" "$cid" "$sec" "$3" "$path" ;;
	*) printf 'ACCESS TOKEN: %s\nCLIENT ID: %s\nCLIENT SECRET: %s\nNAME: %s\nAPI PATH: %s\n' \
		"$tok" "$cid" "$sec" "$3" "$path" ;;
	esac >"$1"
}

# One account already registered before the batch.
txt "$T_TMP/existing.txt" 0 "Feed 00" store1 0
check "one account added the one-file way" "$SK" add --from-file "$T_TMP/existing.txt" --keep-file

D="$T_TMP/downloads"
mkdir "$D"
i=1
while [ $i -le 30 ]; do
	txt "$D/$(printf '%02d' $i)-feed.txt" $i "$(printf 'Feed %02d' $i)" "store$((i % 2 + 1))" $((i % 3))
	i=$((i + 1))
done
# Refused per file: a bad file, a name the registry holds, a name twice in the batch.
printf 'ACCESS TOKEN: tkSECRETCANARYbad\nCLIENT ID: cibad\nNAME: Broken\n' >"$D/31-broken.txt"
txt "$D/32-again.txt" 32 "Feed 00" store1 2
txt "$D/33-twice.txt" 33 "Feed 07" store2 1
# Not imported at all: not .txt, a symbolic link.
echo "notes" >"$D/notes.md"
ln -s "$D/01-feed.txt" "$D/34-link.txt"

"$SK" add --from-file "$D" --keep-file >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
if [ "$rc" -eq 5 ]; then ok "the batch exits with the worst outcome (exists: 5)"; else
	not_ok "batch exit $rc, wanted 5"; sed 's/^/    | /' "$T_TMP/out" "$T_TMP/err" | head -40; fi
n=$(accounts "$REG")
if [ "$n" = 31 ]; then ok "30 accounts added to the 1 there"; else not_ok "registry holds $n accounts, wanted 31"; fi
n=$(accounts "$BAK")
if [ "$n" = 1 ]; then ok "one registry write: the backup is the state before the batch"; else
	not_ok "registry.json.bak holds $n accounts (wanted 1: one write for the batch)"; fi
n=$(keyring_count)
if [ "$n" = 62 ]; then ok "the keyring holds both secrets of each of the 31"; else not_ok "keyring holds $n items, wanted 62"; fi
if contains "$T_TMP/err" "31-broken.txt" && contains "$T_TMP/err" "no API PATH line"; then
	ok "the bad file is reported by name"; else not_ok "the bad file is not named"; sed 's/^/    | /' "$T_TMP/err"; fi
if grep -F "32-again.txt" "$T_TMP/err" | grep -qF 'already has an account named "Feed 00"' &&
	grep -F "33-twice.txt" "$T_TMP/err" | grep -qF 'already has an account named "Feed 07"'; then
	ok "duplicates against the registry and within the batch are refused per file"; else
	not_ok "duplicates not refused by file"; sed 's/^/    | /' "$T_TMP/err"; fi
if lacks "$T_TMP/err" "34-link.txt" && lacks "$T_TMP/err" "notes.md"; then ok "links and non-.txt files are not read"; else
	not_ok "a link or a non-.txt file was read"; fi
if contains "$T_TMP/out" "Added 30 of 33 files" && contains "$T_TMP/err" "[30/30]"; then
	ok "a summary on stdout, a line per file on stderr off a terminal"; else
	not_ok "no summary or progress lines"; sed 's/^/    | /' "$T_TMP/out" "$T_TMP/err" | head; fi
if lacks "$T_TMP/out" SECRETCANARY && lacks "$T_TMP/err" SECRETCANARY; then ok "no secret in stdout or stderr"; else
	not_ok "a secret was printed"; fi
check "keyring and registry agree after the batch (doctor)" "$SK" doctor
n=$("$SK" token "store2/Feed 07")
if [ "$n" = tkSECRETCANARYtok0007 ]; then ok "the first of two same-named files is the one stored"; else
	not_ok "Feed 07 holds the wrong token"; fi

# Several paths, --json, --delete-file with its per-file link check.
E="$T_TMP/more"
mkdir "$E"
txt "$E/a.txt" 40 "Feed 40" store3 0
txt "$E/b.txt" 41 "Feed 41" store3 1
txt "$E/c.txt" 42 "Feed 42" store3 2
ln "$E/c.txt" "$T_TMP/c-hardlink.txt"
"$SK" add --from-file "$E/a.txt" "$E/b.txt" "$E/c.txt" --delete-file --json >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
if [ "$rc" -eq 3 ] && "$PYTHON3" - "$T_TMP/out" <<'PY'; then ok "several paths with --json: per-file results (exit 3)"; else
import json, sys
j = json.load(open(sys.argv[1]))
r = {x["file"].rsplit("/", 1)[1]: x for x in j["results"]}
assert j["added"] == 2 and j["failed"] == 1, j
assert r["a.txt"]["result"] == "added" and r["a.txt"]["file_deleted"] and r["a.txt"]["account"]["name"] == "Feed 40"
assert r["c.txt"]["result"] == "failed" and r["c.txt"]["exit_code"] == 3 and "hard link" in r["c.txt"]["error"], r
PY
	not_ok "--json results wrong (exit $rc)"; sed 's/^/    | /' "$T_TMP/out" "$T_TMP/err" | head -30; fi
if [ ! -e "$E/a.txt" ] && [ ! -e "$E/b.txt" ] && [ -e "$E/c.txt" ]; then
	ok "--delete-file deleted the imported files and kept the hard-linked one"; else not_ok "files deleted wrongly"; fi
if lacks "$T_TMP/out" SECRETCANARY && lacks "$T_TMP/err" SECRETCANARY; then ok "no secret in --json output"; else
	not_ok "a secret was printed with --json"; fi
n=$(accounts "$BAK")
if [ "$n" = 31 ]; then ok "one registry write for the three paths too"; else not_ok "backup holds $n accounts, wanted 31"; fi

# Names come from the files: --name and --verify are for one file.
check_exit 2 "--name with many files is a usage error" "$SK" add --from-file "$E" --name X
check_exit 2 "--verify with many files is a usage error" "$SK" add --from-file "$D" --verify
# A batch where nothing is new writes nothing.
cp "$REG" "$T_TMP/reg.before"
check_exit 5 "a batch of duplicates only" "$SK" add --from-file "$D" --keep-file
if cmp -s "$REG" "$T_TMP/reg.before" && [ "$(accounts "$BAK")" = 31 ]; then ok "no registry write when nothing is added"; else
	not_ok "the registry was written for nothing"; fi
n=$(keyring_count)
if [ "$n" = 66 ]; then ok "refused files leave nothing in the keyring"; else not_ok "keyring holds $n items, wanted 66"; fi
# Ctrl-C or TERM during a batch: it stops after the account being stored and commits the ones stored, so
# no secret is left without its entry (an interrupted batch used to be all orphans until doctor --fix).
F="$T_TMP/many"
mkdir "$F"
i=1
while [ $i -le 80 ]; do
	txt "$F/$(printf '%03d' $i).txt" $((100 + i)) "$(printf 'Bulk %03d' $i)" "bulk$((i % 4))" $((i % 3))
	i=$((i + 1))
done
before=$(accounts "$REG")
"$SK" add --from-file "$F" --keep-file >"$T_TMP/out" 2>"$T_TMP/err" &
pid=$!
i=0
while ! grep -qF "[2/80]" "$T_TMP/err" 2>/dev/null && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
kill -TERM "$pid" 2>/dev/null # (a background job of a script ignores SIGINT; TERM takes the same path)
wait "$pid"; rc=$?
added=$(($(accounts "$REG") - before))
if grep -qF "[80/80]" "$T_TMP/err"; then
	ok "# SKIP the batch finished before the signal arrived"
elif [ "$rc" -eq 8 ] && [ "$added" -ge 2 ] && [ "$added" -lt 80 ] && contains "$T_TMP/err" "interrupted before it was stored"; then
	ok "a TERM stops the batch and commits the $added accounts stored (exit 8)"
else
	not_ok "interrupted batch: exit $rc, $added added"; sed 's/^/    | /' "$T_TMP/out" "$T_TMP/err" | tail -5
fi
n=$(keyring_count)
if [ "$n" = $((66 + 2 * added)) ]; then ok "the interrupted batch left no secret without its entry"; else
	not_ok "keyring holds $n items, wanted $((66 + 2 * added))"; fi
check "doctor is clean at the end" "$SK" doctor

finish
