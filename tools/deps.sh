#!/bin/sh
# deps.sh - install what storekeys needs to build and test on Debian/Ubuntu (uses sudo when not root).
set -eu
PKGS="autoconf automake pkg-config make gcc clang libclang-rt-14-dev libncurses-dev libcurl4-openssl-dev \
libcjson-dev libsecret-1-dev libcmocka-dev gnome-keyring libsecret-tools dbus libglib2.0-bin tmux python3 \
python3-dbus curl strace openssl ca-certificates keepassxc"
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
# keepassxc (tools/keepassxc-test.sh, the second Secret Service) is optional: that test skips without it.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		$(echo "$missing" | sed 's/libclang-rt-14-dev//; s/keepassxc//') >/dev/null
