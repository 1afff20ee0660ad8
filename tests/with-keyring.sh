#!/bin/sh
# with-keyring.sh PROGRAM [ARGS...] - run one test inside a private D-Bus
# session bus with a real, unlocked gnome-keyring ("login" collection) and
# private HOME/XDG directories, so nothing of the user's is ever touched.
# Output goes to stdout and, when fd 9 is open (AM_TESTS_FD_REDIRECT), to the console.
KR_TMP=$(mktemp -d "${TMPDIR:-/tmp}/storekeys-test.XXXXXX") || exit 99
trap 'rm -rf "$KR_TMP"' EXIT
trap 'exit 130' INT TERM
export HOME="$KR_TMP/home" XDG_DATA_HOME="$KR_TMP/data" XDG_RUNTIME_DIR="$KR_TMP/run" \
       XDG_CONFIG_HOME="$KR_TMP/config" XDG_CACHE_HOME="$KR_TMP/cache" STOREKEYS_TEST_KEYRING=1 \
       STOREKEYS_TEST_TMP="$KR_TMP" KR_LOG="$KR_TMP/gnome-keyring.log"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY GNOME_KEYRING_CONTROL DBUS_SESSION_BUS_ADDRESS SECRET_BACKEND \
      STOREKEYS_API_ORIGIN STOREKEYS_CA_BUNDLE
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
	echo "with-keyring.sh: dbus-run-session or gnome-keyring-daemon is missing (apt-get install dbus gnome-keyring)" >&2
	exit 99
fi
dbus-run-session -- sh -c '
  # The password must be non-empty: an empty one creates no "login" collection.
  eval "$(printf "%s" "storekeys-test" | gnome-keyring-daemon --unlock --daemonize 2>>"$KR_LOG")" || exit 99
  eval "$(gnome-keyring-daemon --start --components=secrets 2>>"$KR_LOG")" || exit 99
  export GNOME_KEYRING_CONTROL
  exec timeout --kill-after=5 "${STOREKEYS_TEST_TIMEOUT:-600}" "$@"
' with-keyring "$@" >"$KR_TMP/out" 2>&1
rc=$?
grep -v -e "^dbus-daemon\[[0-9]*\]: .*Failed to set fd limit" "$KR_TMP/out" > "$KR_TMP/out.f"
[ $rc -eq 99 ] && cat "$KR_LOG" >> "$KR_TMP/out.f"
cat "$KR_TMP/out.f"
if { true >&9; } 2>/dev/null; then cat "$KR_TMP/out.f" >&9; fi
exit $rc
