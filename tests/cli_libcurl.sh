#!/bin/sh
# cli_libcurl.sh - libcurl is opened on first use (src/curl_dl.h): the program does not
# link it, commands that never reach BigCommerce never load it, and a missing or wrong
# libcurl fails the network commands with a sentence (exit 1) and nothing else.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
SEED=$top_srcdir/tests/fakebc/seeds/test.json
NOCURL=/nonexistent/libcurl.so.4

if command -v objdump >/dev/null 2>&1; then
	objdump -p "$SK" >"$T_TMP/dyn" 2>&1
	if grep -q 'NEEDED *libsecret' "$T_TMP/dyn" && ! grep -q 'NEEDED *libcurl' "$T_TMP/dyn"; then
		ok "the program links libsecret but not libcurl"
	else
		not_ok "NEEDED entries: $(grep NEEDED "$T_TMP/dyn" | tr -s ' ' | tr '\n' ';')"
	fi
else
	echo "# skip: objdump is not installed, the NEEDED check cannot run"
fi

fake_start "$SEED" || { not_ok "the fake BigCommerce starts"; finish; }
"$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --write-txt "$T_TMP/txt" --seed "$SEED" >/dev/null
file=$(awk -F '\t' '$3 == "Alpha Orders" { print $7 }' "$T_TMP/txt/manifest.tsv")
expect 0 "import Alpha Orders" add --from-file "$T_TMP/txt/$file" --delete-file
expect 0 "verify reaches the fake (libcurl loads on the first request)" verify 'Alpha Orders'

# The loader's own record says which files were opened and how (glibc's LD_DEBUG);
# not_loaded "description" ARGS...: the command exits 0 and never opened libcurl.
not_loaded() {
	d=$1; shift
	LD_DEBUG=files "$SK" "$@" >"$T_TMP/out" 2>"$T_TMP/ld"; rc=$?
	n=$(grep -c 'file=libcurl\.so' "$T_TMP/ld")
	[ $rc -eq 0 ] && [ "$n" = 0 ] && ok "$d never loads libcurl" || not_ok "$d: exit $rc, $n loader lines for libcurl"
}
loaded() { LD_DEBUG=files "$SK" "$@" 2>&1 >/dev/null | grep -c 'file=libcurl\.so' ; }
not_loaded "show" show 'Alpha Orders'
not_loaded "token" token 'Alpha Orders'
not_loaded "list --json" list --json
not_loaded "exec" exec 'Alpha Orders' -- true
not_loaded "doctor" doctor
n=$(loaded verify 'Alpha Orders')
[ "$n" -gt 0 ] && ok "verify loads libcurl" || not_ok "verify did not load libcurl (LD_DEBUG shows nothing)"

# Without a loadable libcurl: what needs no network works, the rest says why.
export STOREKEYS_TEST_LIBCURL=$NOCURL
expect 0 "no libcurl: show still works" show 'Alpha Orders'
expect 0 "no libcurl: token still works" token 'Alpha Orders'
out_has 'tok-a1-orders'
expect 0 "no libcurl: list still works" list
fake_post /__fake/log/clear '{}' >/dev/null
expect 1 "no libcurl: verify fails with exit 1" verify 'Alpha Orders'
err_has 'libcurl could not be loaded'
err_has "$NOCURL"
expect 1 "no libcurl: the audit fails with exit 1" audit
err_has 'libcurl could not be loaded'
expect 1 "no libcurl: webhooks fails with exit 1" webhooks 'Alpha Orders'
reqs=$(fake_get /__fake/log | "$PYTHON3" -c 'import json,sys; print(len([e for e in json.load(sys.stdin) if e["path"].startswith("/stores/")]))')
[ "$reqs" = 0 ] && ok "no libcurl: no request reached the fake" || not_ok "$reqs requests reached the fake"
expect 0 "no libcurl: --version still exits 0" --version
out_has "but libcurl could not be loaded"
STOREKEYS_TEST_LIBCURL=libz.so.1
expect 1 "a library that is not libcurl: verify fails with exit 1" verify 'Alpha Orders'
err_has 'libz.so.1 has no curl_global_init'
unset STOREKEYS_TEST_LIBCURL
expect 0 "with libcurl again: verify works" verify 'Alpha Orders'
finish
