#!/bin/sh
# keyring-ctl.sh lock|unlock - lock or unlock the default collection of the test
# Secret Service, whichever provider the harness runs: gnome-keyring
# (tests/with-keyring.sh) or KeePassXC (tests/with-keepassxc.sh). Unlocking
# never shows a prompt: gnome-keyring's test interface, or a KeePassXC restart
# on its database with the password on stdin.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
coll=$(gdbus call --session -d org.freedesktop.secrets -o /org/freedesktop/secrets \
	-m org.freedesktop.Secret.Service.ReadAlias default 2>/dev/null |
	sed -n "s/^(objectpath '\(\/org\/freedesktop\/secrets\/collection\/[^']*\)',)$/\1/p")
case $1 in
lock)
	[ -n "$coll" ] || { echo "keyring-ctl.sh: no default collection" >&2; exit 1; }
	r=$(gdbus call --session -d org.freedesktop.secrets -o /org/freedesktop/secrets \
		-m org.freedesktop.Secret.Service.Lock "['$coll']") || exit 1
	# KeePassXC answers Lock with a prompt (no window) that does the locking.
	prompt=$(printf '%s\n' "$r" | sed -n "s|.*objectpath '\(/org/freedesktop/secrets/prompt/[^']*\)'.*|\1|p")
	if [ -n "$prompt" ]; then
		gdbus call --session -d org.freedesktop.secrets -o "$prompt" \
			-m org.freedesktop.Secret.Prompt.Prompt "" >/dev/null || exit 1
	fi
	i=0
	until gdbus call --session -d org.freedesktop.secrets -o "$coll" -m org.freedesktop.DBus.Properties.Get \
		org.freedesktop.Secret.Collection Locked | grep -q '<true>'; do
		i=$((i + 1)); [ $i -gt 50 ] && exit 1
		sleep 0.1
	done
	;;
unlock)
	if [ "${STOREKEYS_TEST_PROVIDER:-}" = keepassxc ]; then
		. "$KPXC_LIB" && kpxc_stop && kpxc_start
	else
		/usr/bin/python3 "$top_srcdir/tests/kr-unlock.py" storekeys-test ${coll:+"$coll"}
	fi
	;;
*)
	echo "usage: keyring-ctl.sh lock|unlock" >&2; exit 2
	;;
esac
