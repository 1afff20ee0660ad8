#!/bin/sh
# cli_txt.sh - the .txt corpus (tests/fixtures/txt, every layout of docs/bigcommerce.md §5) through the real
# CLI: `add --from-file` of each, checked against expected.tsv in the registry and the keyring;
# malformed files refused with their message and nothing stored. Plus --delete-file on links.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
FIX="$top_srcdir/tests/fixtures/txt"
tab=$(printf '\t')

# keyring_count: how many storekeys items the keyring holds.
keyring_count() { secret-tool search --all xdg:schema io.storekeys.Credential 2>/dev/null | grep -c '^\[/'; }

# field JSONFILE KEY: a top-level string of show --json.
field() { "$PYTHON3" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

i=0
while IFS="$tab" read -r file name_opt want expect owner cid tok sec; do
	case $file in "#"* | "") continue ;; esac
	i=$((i + 1))
	XDG_DATA_HOME="$T_TMP/data$i"
	export XDG_DATA_HOME
	cp "$FIX/$file" "$T_TMP/in.txt"
	before=$(keyring_count)
	if [ "$name_opt" = - ]; then
		$SK add --from-file "$T_TMP/in.txt" --keep-file >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
	else
		$SK add --from-file "$T_TMP/in.txt" --name "$name_opt" --keep-file >"$T_TMP/out" 2>"$T_TMP/err" </dev/null
	fi
	rc=$?
	what="$file${name_opt#-}"
	[ "$name_opt" != - ] && what="$file --name '$name_opt'"
	if [ "$rc" -ne "$want" ]; then
		not_ok "$what: exit $rc, wanted $want"
		sed 's/^/    | /' "$T_TMP/out" "$T_TMP/err" | head -5
		continue
	fi
	if [ "$want" -ne 0 ]; then
		if contains "$T_TMP/err" "$expect" && [ "$(keyring_count)" -eq "$before" ] &&
			[ ! -e "$XDG_DATA_HOME/storekeys/registry.json" ] && lacks "$T_TMP/err" "tk90"; then
			ok "$what: refused (exit $rc): $expect; nothing stored"
		else
			not_ok "$what: refused, but the message lacks \"$expect\" or something was stored"
			sed 's/^/    | /' "$T_TMP/err" | head -5
		fi
		continue
	fi
	spec="$owner/$expect"
	if $SK show "$spec" --json >"$T_TMP/show.json" 2>"$T_TMP/err" &&
		[ "$(field "$T_TMP/show.json" name)" = "$expect" ] &&
		[ "$(field "$T_TMP/show.json" client_id)" = "$cid" ] &&
		[ "$($SK token "$spec")" = "$tok" ] && [ "$($SK token "$spec" --client-secret)" = "$sec" ] &&
		[ "$(keyring_count)" -eq $((before + 2)) ]; then
		ok "$what: imported as \"$expect\" ($owner), registry and keyring hold the file's values"
	else
		not_ok "$what: the registry or keyring does not hold the file's values"
		sed 's/^/    | /' "$T_TMP/show.json" "$T_TMP/err" | head -10
	fi
done <"$FIX/expected.tsv"
check "the corpus was read" test "$i" -ge 30

# The account-level path keeps its documented /graphql form in the registry? (owner and level at least.)
XDG_DATA_HOME="$T_TMP/data-acct"
export XDG_DATA_HOME
$SK add --from-file "$FIX/account-graphql.txt" --keep-file >/dev/null 2>&1
check "account-level import is account-level" sh -c "$SK show 5f0c7e2a-8d1b-4c3e-9a6f-2b7d4e1c9a08/'Account admin' --json | grep -q '\"level\":.*\"account\"'"

# The fake's --write-txt writes the real layout, and every file imports (as the demo does).
XDG_DATA_HOME="$T_TMP/data-fake"
export XDG_DATA_HOME
"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --seed "$top_srcdir/tests/fakebc/seeds/demo.json" --write-txt "$T_TMP/fake" >/dev/null
check "--write-txt writes CLIENT NAME and NAME (the real layout)" sh -c "grep -l '^CLIENT NAME: ' '$T_TMP/fake'/*.txt | xargs grep -l '^NAME: ' | grep -q ."
n_files=$(wc -l <"$T_TMP/fake/manifest.tsv")
n=$(STOREKEYS="$SK" sh "$top_srcdir/tools/import-manifest.sh" "$T_TMP/fake" --keep-file)
check "import-manifest.sh imports every real-layout file ($n of $n_files)" test "$n" -eq "$n_files"

# --delete-file on a symbolic link or a hard link: refused before anything is stored (issue 9 item 7).
XDG_DATA_HOME="$T_TMP/data-del"
export XDG_DATA_HOME
mkdir -p "$T_TMP/del"
# The documented layout (one name label), which older versions also parse: only the link matters here.
cp "$FIX/documented.txt" "$T_TMP/del/real.txt"
ln -s "$T_TMP/del/real.txt" "$T_TMP/del/sym.txt"
before=$(keyring_count)
check_exit 3 "--delete-file on a symbolic link is refused" $SK add --from-file "$T_TMP/del/sym.txt" --delete-file
check "the refusal names the link's target" contains "$T_TMP/err" "symbolic link to $T_TMP/del/real.txt"
lacks "$T_TMP/out" "Deleted" && [ -f "$T_TMP/del/real.txt" ] && [ "$(keyring_count)" -eq "$before" ] &&
	ok "nothing stored, the plaintext and the link untouched" || not_ok "the symlink import stored or deleted something"
rm "$T_TMP/del/sym.txt"
ln "$T_TMP/del/real.txt" "$T_TMP/del/hard.txt"
check_exit 3 "--delete-file on a file with another hard link is refused" $SK add --from-file "$T_TMP/del/hard.txt" --delete-file
check "the refusal names the other link" contains "$T_TMP/err" "$T_TMP/del/real.txt"
lacks "$T_TMP/out" "Deleted" && [ -f "$T_TMP/del/hard.txt" ] && [ "$(keyring_count)" -eq "$before" ] &&
	ok "nothing stored, both names kept" || not_ok "the hard-link import stored or deleted something"
rm "$T_TMP/del/hard.txt"
check "--delete-file on the sole name imports and deletes" sh -c "$SK add --from-file '$T_TMP/del/real.txt' --delete-file | grep -q 'Deleted $T_TMP/del/real.txt.' && test ! -e '$T_TMP/del/real.txt'"
finish
