#!/bin/sh
# with-keepassxc.sh PROGRAM [ARGS...] - run one test inside a private D-Bus
# session bus whose Secret Service is KeePassXC (headless, offscreen), on a
# fresh database unlocked at start, with private HOME/XDG directories: the
# counterpart of tests/with-keyring.sh for the second provider. Exits 77
# (skip) with a reason when KeePassXC is not installed.
# Tests see STOREKEYS_TEST_PROVIDER=keepassxc and can restart KeePassXC with
# tests/kpxc-lib.sh (kpxc_stop, kpxc_start).
here=$(cd "$(dirname "$0")" && pwd)
for c in dbus-run-session dbus-daemon gdbus keepassxc keepassxc-cli; do
	if ! command -v "$c" >/dev/null; then
		echo "SKIP: with-keepassxc.sh: $c is missing (apt-get install keepassxc dbus libglib2.0-bin)"
		exit 77
	fi
done
KR_TMP=$(mktemp -d "${TMPDIR:-/tmp}/storekeys-kpxc.XXXXXX") || exit 99
export HOME="$KR_TMP/home" XDG_DATA_HOME="$KR_TMP/data" XDG_RUNTIME_DIR="$KR_TMP/run" \
       XDG_CONFIG_HOME="$KR_TMP/config" XDG_CACHE_HOME="$KR_TMP/cache" STOREKEYS_TEST_KEYRING=1 \
       STOREKEYS_TEST_TMP="$KR_TMP" STOREKEYS_TEST_PROVIDER=keepassxc QT_QPA_PLATFORM=offscreen \
       KPXC_DB="$KR_TMP/kpxc/storekeys-test.kdbx" KPXC_PW_FILE="$KR_TMP/kpxc/password" \
       KPXC_PID_FILE="$KR_TMP/kpxc/pid" KPXC_LOG="$KR_TMP/kpxc/keepassxc.log" KPXC_LIB="$here/kpxc-lib.sh" \
       KPXC_XML="$KR_TMP/kpxc/db.xml"
# Whatever happens, the KeePassXC we started goes (by its pid), then the directory.
cleanup() {
	p=$(cat "$KPXC_PID_FILE" 2>/dev/null)
	[ -n "$p" ] && kill -KILL "$p" 2>/dev/null
	rm -rf "$KR_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/keepassxc" "$XDG_CACHE_HOME" "$KR_TMP/kpxc"
chmod 700 "$XDG_RUNTIME_DIR" "$KR_TMP/kpxc"
unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL DBUS_SESSION_BUS_ADDRESS SECRET_BACKEND \
      STOREKEYS_API_ORIGIN STOREKEYS_CA_BUNDLE
(umask 077 && printf 'storekeys-test\n' >"$KPXC_PW_FILE")

# The database: an XML file with one group, exposed over the Secret Service by the
# FDO_SECRETS_EXPOSED_GROUP custom data (keepassxc-cli cannot set it), imported with
# the password on stdin (asked twice). The group's UUID is the 16 bytes "storekeys-testkx".
cat >"$KR_TMP/kpxc/db.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<KeePassFile>
 <Meta>
  <Generator>storekeys tests/with-keepassxc.sh</Generator>
  <RecycleBinEnabled>True</RecycleBinEnabled>
  <CustomData>
   <Item><Key>FDO_SECRETS_EXPOSED_GROUP</Key><Value>{73746f72-656b-6579-732d-746573746b78}</Value></Item>
  </CustomData>
 </Meta>
 <Root>
  <Group><UUID>c3RvcmVrZXlzLXRlc3RreA==</UUID><Name>storekeys-test</Name></Group>
 </Root>
</KeePassFile>
XML
if ! cat "$KPXC_PW_FILE" "$KPXC_PW_FILE" |
	keepassxc-cli import -q -p -t 100 "$KR_TMP/kpxc/db.xml" "$KPXC_DB" >"$KR_TMP/kpxc/import.log" 2>&1; then
	echo "with-keepassxc.sh: keepassxc-cli import failed:"; cat "$KR_TMP/kpxc/import.log"
	exit 99
fi
# Secret Service on, no confirmation prompts or notifications, nothing remembered or auto-locked.
cat >"$XDG_CONFIG_HOME/keepassxc/keepassxc.ini" <<'INI'
[General]
ConfigVersion=2
SingleInstance=false
RememberLastDatabases=false
RememberLastKeyFiles=false
OpenPreviousDatabasesOnStartup=false
UpdateCheckMessageShown=true

[GUI]
CheckForUpdates=false
ShowTrayIcon=false

[Security]
LockDatabaseIdle=false
LockDatabaseScreenLock=false

[FdoSecrets]
Enabled=true
ShowNotification=false
ConfirmDeleteItem=false
ConfirmAccessItem=false
INI
# A session bus without service activation, so nothing (e.g. gnome-keyring) can be
# activated as org.freedesktop.secrets in KeePassXC's place.
sed -e '/<standard_session_servicedirs/d' -e 's|<listen>.*</listen>|<listen>unix:dir='"$KR_TMP"'/run</listen>|' \
	/usr/share/dbus-1/session.conf >"$KR_TMP/kpxc/bus.conf"

dbus-run-session --config-file="$KR_TMP/kpxc/bus.conf" -- sh -c '
  . "$KPXC_LIB"
  trap "kpxc_stop; exit 130" INT TERM
  kpxc_start || { kpxc_stop; exit 99; }
  timeout --kill-after=5 "${STOREKEYS_TEST_TIMEOUT:-600}" "$@"
  rc=$?
  kpxc_stop
  exit $rc
' with-keepassxc "$@" >"$KR_TMP/out" 2>&1
rc=$?
grep -v -e "^dbus-daemon\[[0-9]*\]: .*Failed to set fd limit" "$KR_TMP/out" >"$KR_TMP/out.f"
[ $rc -eq 99 ] && cat "$KPXC_LOG" >>"$KR_TMP/out.f" 2>/dev/null
cat "$KR_TMP/out.f"
if { true >&9; } 2>/dev/null; then cat "$KR_TMP/out.f" >&9; fi
exit $rc
