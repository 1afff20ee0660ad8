#!/bin/sh
# deb-test.sh - build the Debian package from this tree (dpkg-buildpackage -us -uc -b in a
# scratch copy), check it with lintian, unpack it into a scratch root (dpkg -x) and run
# the installed storekeys: --version and --help in a private keyring session, then the
# demo's `list` (tools/demo.sh with the installed program). Ends with "N passed, N failed".
# SK_DEB_DIR: where to work (default: a temporary directory, removed at the end).
set -u
cd "$(dirname "$0")/.."
TOP=$(pwd)
PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
not_ok() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }
finish() {
	echo "$PASS passed, $FAIL failed"
	[ -n "${TMPW:-}" ] && rm -rf "$TMPW"
	[ "$FAIL" -eq 0 ]
	exit $?
}

for t in dpkg-buildpackage dpkg-deb dh lintian; do
	command -v "$t" >/dev/null || { echo "deb-test.sh: $t is missing (sh tools/deps.sh installs it)"; not_ok "tools"; finish; }
done
if [ -n "${SK_DEB_DIR:-}" ]; then
	W=$SK_DEB_DIR
	rm -rf "$W/src" "$W/root" "$W/srcpkg" "$W"/*.deb "$W"/*.changes "$W"/*.buildinfo
	mkdir -p "$W"
	W=$(cd "$W" && pwd)
else
	TMPW=$(mktemp -d "${TMPDIR:-/tmp}/storekeys-deb.XXXXXX")
	W=$TMPW
fi
mkdir -p "$W/src" "$W/root"

# A scratch copy of the tree, without build products: the .deb and .changes land in $W.
if git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$TOP" ls-files -z --cached --others --exclude-standard |
		(cd "$TOP" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\n" "$f"; done' -) |
		tar -C "$TOP" -cf - -T - | tar -C "$W/src" -xf -
else
	tar -C "$TOP" --exclude=./_build\* --exclude=./debian/build --exclude=./autom4te.cache -cf - . | tar -C "$W/src" -xf -
fi

# The source package too (cheap for a native package), so lintian sees debian/ itself.
rm -rf "$W/srcpkg" && mkdir -p "$W/srcpkg" && cp -a "$W/src" "$W/srcpkg/storekeys"
if (cd "$W/srcpkg" && dpkg-source -b storekeys) >"$W/source.out" 2>&1; then ok "dpkg-source -b builds the source package"; else
	not_ok "dpkg-source -b failed"; tail -20 "$W/source.out"; fi

echo "# dpkg-buildpackage -us -uc -b (log: $W/build.out)"
if (cd "$W/src" && dpkg-buildpackage -us -uc -b) >"$W/build.out" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b builds"
else
	not_ok "dpkg-buildpackage failed"
	tail -60 "$W/build.out"
	finish
fi
DEB=$(ls "$W"/storekeys_*.deb 2>/dev/null | grep -v dbgsym | head -1)
[ -f "$DEB" ] && ok "one .deb: $(basename "$DEB")" || { not_ok "no .deb in $W"; finish; }

# What is in it: the program, the man page, the completions, README and copyright.
dpkg-deb -c "$DEB" | awk '{print $6}' | sed 's|^\./|/|' >"$W/contents"
for f in /usr/bin/storekeys /usr/share/man/man1/storekeys.1.gz /usr/share/bash-completion/completions/storekeys \
	/usr/share/zsh/vendor-completions/_storekeys /usr/share/doc/storekeys/README.md.gz /usr/share/doc/storekeys/copyright; do
	grep -qxF "$f" "$W/contents" && ok "the package holds $f" || not_ok "the package lacks $f"
done
others=$(grep -v '/$' "$W/contents" | grep -vxF -e /usr/bin/storekeys -e /usr/share/man/man1/storekeys.1.gz \
	-e /usr/share/bash-completion/completions/storekeys -e /usr/share/zsh/vendor-completions/_storekeys \
	-e /usr/share/doc/storekeys/README.md.gz -e /usr/share/doc/storekeys/copyright -e /usr/share/doc/storekeys/changelog.gz)
[ -z "$others" ] && ok "nothing else is in the package" || not_ok "unexpected files: $others"

# Depends: the runtime libraries only (what ${shlibs:Depends} found).
deps=$(dpkg-deb -f "$DEB" Depends)
echo "# Depends: $deps"
bad=$(echo "$deps" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -vE '^(lib[a-z0-9.+-]+)$' || true)
[ -n "$deps" ] && [ -z "$bad" ] && ok "Depends names runtime libraries only" || not_ok "Depends: $deps"
for lib in libcurl libsecret-1 libcjson libncursesw; do
	echo "$deps" | grep -q "$lib" && ok "Depends has $lib" || not_ok "Depends lacks $lib"
done

# lintian (binary and source, pedantic): no error or warning; any info or pedantic tag
# must be explained in debian/README.source.
CHANGES=$(ls "$W"/storekeys_*.changes | head -1)
lintian -I --pedantic --tag-display-limit 0 "$CHANGES" $(ls "$W"/srcpkg/*.dsc 2>/dev/null) >"$W/lintian.out" 2>&1
sed 's/^/# lintian: /' "$W/lintian.out"
if grep -qE '^[EW]: ' "$W/lintian.out"; then not_ok "lintian reports errors or warnings"; else ok "lintian: no error, no warning"; fi
for tag in $(sed -n 's/^[IP]: [^:]*: \([a-z0-9-]*\).*/\1/p' "$W/lintian.out" | sort -u); do
	grep -q -- "$tag" "$TOP/debian/README.source" && ok "lintian info tag $tag is explained" ||
		not_ok "lintian tag $tag is not explained in debian/README.source"
done

# The installed program, unpacked into a scratch root.
dpkg -x "$DEB" "$W/root"
SK="$W/root/usr/bin/storekeys"
[ -x "$SK" ] || { not_ok "no $SK"; finish; }
out=$(sh "$TOP/tests/with-keyring.sh" "$SK" --version 2>&1)
echo "$out" | sed 's/^/# /'
ver=$(sed -n '1s/^storekeys (\([^)]*\)).*/\1/p' "$TOP/debian/changelog")
echo "$out" | head -1 | grep -qx "storekeys $ver" && ok "installed --version: storekeys $ver" || not_ok "installed --version: $out"
echo "$out" | grep -q '^Keyring: gnome-keyring-daemon' && ok "installed --version finds the keyring provider" ||
	not_ok "installed --version names no provider"
"$SK" --help >"$W/help" 2>&1 && grep -q '^Usage: storekeys' "$W/help" && grep -q 'list \[--json|--names\]' "$W/help" &&
	ok "installed --help" || { not_ok "installed --help"; head -5 "$W/help"; }
STOREKEYS_DEMO_SKIP_BUILD=1 STOREKEYS="$SK" sh "$TOP/tools/demo.sh" </dev/null >"$W/demo.out" 2>&1
rc=$?
sed 's/^/# demo: /' "$W/demo.out"
if [ $rc -eq 0 ] && grep -qE '^demo: [1-9][0-9]* accounts imported' "$W/demo.out" && grep -qE '^Store [0-9a-z]+ .* [0-9]+/50$' "$W/demo.out"; then
	ok "the installed storekeys imports and lists the demo accounts"
else
	not_ok "the demo with the installed storekeys (exit $rc)"
fi
# The packaged bash completion drives the packaged program.
if command -v bash >/dev/null; then
	comp=$(PATH="$W/root/usr/bin:$PATH" bash -c '. "$1"; COMP_LINE="storekeys --vers"; COMP_POINT=${#COMP_LINE};
		COMP_WORDS=(storekeys --vers); COMP_CWORD=1; _storekeys; printf "%s\n" "${COMPREPLY[@]}"' - \
		"$W/root/usr/share/bash-completion/completions/storekeys" 2>&1)
	[ "$comp" = "--version" ] && ok "the packaged bash completion completes --version" || not_ok "packaged completion: $comp"
fi
finish
