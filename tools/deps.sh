#!/bin/sh
# deps.sh - install what storekeys needs to build and test on Debian/Ubuntu (uses sudo when not root).
set -eu
PKGS="autoconf automake pkg-config make gcc clang libclang-rt-14-dev libncurses-dev libcurl4-openssl-dev \
libcjson-dev libsecret-1-dev libcmocka-dev gnome-keyring libsecret-tools dbus libglib2.0-bin tmux python3 \
python3-dbus python3-yaml curl strace openssl ca-certificates"
# Stoplight Prism (npm) for tests/spec_prism.sh, the official OpenAPI files as a test oracle.
# Installed into ~/.cache/storekeys-prism (the test looks there, or at $STOREKEYS_PRISM);
# without npm or a reachable registry it is skipped with the reason, and so is that test.
PRISM_VERSION=5.16.0
PRISM_DIR=$HOME/.cache/storekeys-prism
if [ -x "$PRISM_DIR/node_modules/.bin/prism" ] &&
	[ "$("$PRISM_DIR/node_modules/.bin/prism" --version 2>/dev/null)" = "$PRISM_VERSION" ]; then
	:
elif ! command -v npm >/dev/null 2>&1; then
	echo "deps.sh: npm not found: Prism not installed, tests/spec_prism.sh will be skipped" >&2
else
	mkdir -p "$PRISM_DIR"
	[ -f "$PRISM_DIR/package.json" ] || echo '{"name": "storekeys-prism", "private": true}' >"$PRISM_DIR/package.json"
	if (cd "$PRISM_DIR" && npm install --no-audit --no-fund --loglevel=error \
		"@stoplight/prism-cli@$PRISM_VERSION" >/dev/null 2>"$PRISM_DIR/npm-install.log"); then
		echo "deps.sh: Prism $PRISM_VERSION installed in $PRISM_DIR" >&2
	else
		echo "deps.sh: npm install of Prism failed (registry unreachable?), tests/spec_prism.sh will be" \
			"skipped; see $PRISM_DIR/npm-install.log" >&2
	fi
fi

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps.sh: installing:$missing" >&2
$SUDO apt-get update -qq
# libclang-rt-14-dev is Debian 12's name; other releases carry another version: fall back quietly.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		$(echo "$missing" | sed 's/libclang-rt-14-dev//') >/dev/null
