#!/bin/sh
# install.sh - `make install DESTDIR=...` installs exactly the program, the man page and
# the two completion files, each usable from there; `make uninstall` removes every one.
. "${top_srcdir:-.}/tests/lib.sh"

B=$(cd "${top_builddir:-.}" && pwd)
D="$T_TMP/root"
P=/opt/storekeys-test
# A make of our own: not the jobserver of the `make check` that runs this test.
mk() { (cd "$B" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s "$@" DESTDIR="$D" prefix="$P") >"$T_TMP/make.out" 2>&1; }

if ! command -v make >/dev/null; then
	echo "SKIP: make is not installed"
	exit 77
fi
if mk install; then ok "make install DESTDIR=... succeeds"; else not_ok "make install failed"; cat "$T_TMP/make.out"; fi
(cd "$D" && find . ! -type d | sed 's|^\.||' | sort) >"$T_TMP/got"
cat >"$T_TMP/want" <<EOF
$P/bin/storekeys
$P/share/bash-completion/completions/storekeys
$P/share/man/man1/storekeys.1
$P/share/zsh/site-functions/_storekeys
EOF
if cmp -s "$T_TMP/got" "$T_TMP/want"; then ok "exactly the program, the man page and the completions are installed"; else
	not_ok "installed files differ:"; diff "$T_TMP/want" "$T_TMP/got"; fi

"$D$P/bin/storekeys" --version >"$T_TMP/v" 2>&1 && grep -q '^storekeys ' "$T_TMP/v" &&
	ok "the installed program runs (--version)" || { not_ok "installed --version"; cat "$T_TMP/v"; }
cmp -s "$D$P/share/man/man1/storekeys.1" "${top_builddir:-.}/man/storekeys.1" && ok "the man page is man/storekeys.1" ||
	not_ok "the installed man page differs from man/storekeys.1"
if command -v bash >/dev/null; then
	bash -c '. "$1" && complete -p storekeys' - "$D$P/share/bash-completion/completions/storekeys" >"$T_TMP/c" 2>&1 &&
		grep -q -- '-F _storekeys storekeys' "$T_TMP/c" && ok "the installed bash completion registers _storekeys" ||
		{ not_ok "installed bash completion:"; cat "$T_TMP/c"; }
fi
# bash-completion's loader finds it where it was installed (XDG_DATA_DIRS/bash-completion/completions).
BC=/usr/share/bash-completion/bash_completion
if [ -f "$BC" ] && command -v bash >/dev/null; then
	XDG_DATA_DIRS="$D$P/share" bash -c '. "$1"; __load_completion storekeys && complete -p storekeys' - "$BC" >"$T_TMP/c" 2>&1 &&
		grep -q -- '-F _storekeys storekeys' "$T_TMP/c" && ok "bash-completion's loader finds the installed completion" ||
		{ not_ok "bash-completion's loader did not find it:"; cat "$T_TMP/c"; }
else
	echo "# bash-completion is not installed: its loader was not tried"
fi
head -1 "$D$P/share/zsh/site-functions/_storekeys" | grep -qx '#compdef storekeys' &&
	ok "the installed zsh completion starts with #compdef storekeys" || not_ok "installed zsh completion lacks #compdef"

if mk uninstall; then ok "make uninstall DESTDIR=... succeeds"; else not_ok "make uninstall failed"; cat "$T_TMP/make.out"; fi
left=$(cd "$D" && find . ! -type d)
if [ -z "$left" ]; then ok "make uninstall removes every installed file"; else not_ok "left after uninstall: $left"; fi
finish
