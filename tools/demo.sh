#!/bin/sh
# demo.sh - build storekeys and open it on a demo: a private D-Bus session and
# keyring, a local fake BigCommerce with demo stores, nothing of yours touched.
set -eu
cd "$(dirname "$0")/.."
TOP=$(pwd)
[ "${STOREKEYS_DEMO_SKIP_BUILD:-}" = 1 ] || {
	sh tools/deps.sh
	./autogen.sh >/dev/null 2>&1
	mkdir -p _build
	(cd _build && { [ -f Makefile ] || ../configure -q; } && make -s -j"$(nproc)")
}
SK=${STOREKEYS:-$TOP/_build/storekeys}
DEMO=$(mktemp -d "${TMPDIR:-/tmp}/storekeys-demo.XXXXXX")
trap 'rm -rf "$DEMO"' EXIT
export HOME="$DEMO/home" XDG_DATA_HOME="$DEMO/data" XDG_CONFIG_HOME="$DEMO/config" \
	XDG_CACHE_HOME="$DEMO/cache" XDG_RUNTIME_DIR="$DEMO/run" DEMO SK TOP
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL DISPLAY WAYLAND_DISPLAY
dbus-run-session -- sh -c '
	set -e
	eval "$(printf demo | gnome-keyring-daemon --unlock --daemonize 2>>"$DEMO/keyring.log")"
	eval "$(gnome-keyring-daemon --start --components=secrets 2>>"$DEMO/keyring.log")"
	export GNOME_KEYRING_CONTROL
	python3 "$TOP/tests/fakebc/fakebc.py" --seed "$TOP/tests/fakebc/seeds/demo.json" \
		--port-file "$DEMO/port" --log "$DEMO/fake.log" &
	FAKE=$!
	trap "kill $FAKE 2>/dev/null" EXIT
	while [ ! -s "$DEMO/port" ]; do sleep 0.05; done
	export STOREKEYS_API_ORIGIN="http://127.0.0.1:$(cat "$DEMO/port")"
	python3 "$TOP/tests/fakebc/fakebc.py" --write-txt "$DEMO/txt" --seed "$TOP/tests/fakebc/seeds/demo.json"
	n=$(STOREKEYS="$SK" sh "$TOP/tools/import-manifest.sh" "$DEMO/txt" --verify --delete-file)
	echo "demo: $n accounts imported into a private keyring; fake BigCommerce at $STOREKEYS_API_ORIGIN"
	echo "demo: to try a rotation: $SK rotate \"ERP connector\" --to \"ERP connector 2026\""
	if [ -t 0 ] && [ -t 1 ]; then
		"$SK"
	else
		"$SK" list
	fi
'
echo "demo: stopped the private keyring and the fake BigCommerce; nothing of yours was touched."
