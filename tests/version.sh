#!/bin/sh
# version.sh - `storekeys --version` names the version, the libraries and the keyring
# provider (like curl --version), and never starts or waits for a keyring.
. "${top_srcdir:-.}/tests/lib.sh"

"$STOREKEYS" --version >"$T_TMP/v" 2>&1; rc=$?
[ $rc -eq 0 ] && ok "--version exits 0" || not_ok "--version exits $rc"
ver=$(sed -n 's/^AC_INIT(\[storekeys\], *\[\([^]]*\)\].*/\1/p' "$top_srcdir/configure.ac")
if head -1 "$T_TMP/v" | grep -qx "storekeys $ver"; then ok "first line is 'storekeys $ver'"; else
	not_ok "first line: $(head -1 "$T_TMP/v"), wanted storekeys $ver"; fi
for lib in ncurses libcurl cJSON libsecret GLib; do
	if grep '^Libraries:' "$T_TMP/v" | grep -qF "$lib "; then ok "--version names $lib"; else not_ok "--version lacks $lib"; cat "$T_TMP/v"; fi
done
# Inside tests/with-keyring.sh a gnome-keyring-daemon owns the Secret Service name.
if grep -qE '^Keyring: gnome-keyring-daemon \(pid [0-9]+\)$' "$T_TMP/v"; then ok "the keyring provider is named"; else
	not_ok "keyring line: $(grep '^Keyring' "$T_TMP/v")"; fi

SECRET_SERVICE_BUS_NAME=org.example.nobody "$STOREKEYS" --version >"$T_TMP/v2" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q '^Keyring: none (no Secret Service on the session bus)$' "$T_TMP/v2"; then
	ok "no provider: said so, exit 0"; else not_ok "no provider (exit $rc): $(grep Keyring "$T_TMP/v2")"; fi

env -u DBUS_SESSION_BUS_ADDRESS "$STOREKEYS" --version >"$T_TMP/v3" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q '^Keyring: none (no D-Bus session' "$T_TMP/v3"; then
	ok "no D-Bus session: said so, exit 0"; else not_ok "no session (exit $rc): $(cat "$T_TMP/v3")"; fi
finish
