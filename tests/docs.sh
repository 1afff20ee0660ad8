#!/bin/sh
# docs.sh - the man page and --help say what the code does: every command and
# exit code in --help is in storekeys.1 and the README names every command.
. "${top_srcdir:-.}/tests/lib.sh"
MAN=${top_builddir:-.}/man/storekeys.1
$STOREKEYS --help >"$T_TMP/help"
for cmd in $(sed -n 's/^  \([a-z]*\) .*/\1/p; s/^  \([a-z]*\)$/\1/p' "$T_TMP/help" | sort -u); do
	check "man page documents '$cmd'" grep -qE "^\.(B|BI|BR|TP)? *\"?$cmd( |\"|$)" "$MAN"
	check "README mentions 'storekeys $cmd' or the interface" sh -c "grep -q 'storekeys $cmd' '$top_srcdir/README.md' || [ $cmd = tui ]"
done
sed -n 's/^ *\([0-9][0-9]*\)  \(.*\)$/\1\t\2/p' "$T_TMP/help" >"$T_TMP/codes.help"
sed -n '/^\.\\" EXIT-BEGIN/,/^\.\\" EXIT-END/p' "$MAN" | grep -E '^[0-9]+	' | sed 's/\\-/-/g' >"$T_TMP/codes.man"
check "the man page's exit codes equal --help's" diff "$T_TMP/codes.help" "$T_TMP/codes.man"
sed 's/\\-/-/g' "$MAN" >"$T_TMP/man.txt"
check "every option in --help is in the man page" sh -c "for o in \$(grep -oE -- '--[a-z-]+' '$T_TMP/help' | sort -u); do grep -qF -- \"\$o\" '$T_TMP/man.txt' || { echo missing \$o; exit 1; }; done"
# The man page's version comes from configure (man/storekeys.1.in), never a literal.
ver=$("$STOREKEYS" --version | sed -n '1s/^storekeys //p')
check "the man page's .TH names storekeys $ver" grep -qE "^\.TH STOREKEYS 1 \"[^\"]+\" \"storekeys $ver\"" "$MAN"
check "man/storekeys.1.in takes its version from configure" grep -qF '"storekeys @PACKAGE_VERSION@"' "$top_srcdir/man/storekeys.1.in"
finish
