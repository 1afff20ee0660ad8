# kpxc-lib.sh - start, wait for and stop the KeePassXC Secret Service of
# tests/with-keepassxc.sh (sourced there and by tests that restart it).
# Uses KPXC_DB, KPXC_PW_FILE, KPXC_PID_FILE and KPXC_LOG from the harness.

# kpxc_ready: 0 when org.freedesktop.secrets is owned and its default collection is unlocked.
kpxc_ready() {
	gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
		-m org.freedesktop.DBus.NameHasOwner org.freedesktop.secrets 2>/dev/null | grep -q true || return 1
	kpxc_coll=$(gdbus call --session -d org.freedesktop.secrets -o /org/freedesktop/secrets \
		-m org.freedesktop.Secret.Service.ReadAlias default 2>/dev/null |
		sed -n "s/^(objectpath '\(\/org\/freedesktop\/secrets\/collection\/[^']*\)',)$/\1/p")
	[ -n "$kpxc_coll" ] || return 1
	gdbus call --session -d org.freedesktop.secrets -o "$kpxc_coll" -m org.freedesktop.DBus.Properties.Get \
		org.freedesktop.Secret.Collection Locked 2>/dev/null | grep -q '<false>'
}

# kpxc_launch: start KeePassXC on the test database, the password on stdin; do not wait.
# A watcher notes in the log how it ended ("keepassxc: exit status 139" is a crash).
kpxc_launch() {
	rm -f "$KPXC_PID_FILE"
	(
		QT_QPA_PLATFORM=offscreen keepassxc --pw-stdin "$KPXC_DB" <"$KPXC_PW_FILE" >>"$KPXC_LOG" 2>&1 &
		echo $! >"$KPXC_PID_FILE"
		wait $!
		echo "keepassxc: exit status $?" >>"$KPXC_LOG"
	) &
	while [ ! -s "$KPXC_PID_FILE" ]; do sleep 0.01; done
}

# kpxc_wait: wait (at most about 30 s) until kpxc_ready; 1 when KeePassXC died or never got ready.
kpxc_wait() {
	kpxc_i=0
	until kpxc_ready; do
		kpxc_i=$((kpxc_i + 1))
		if [ $kpxc_i -gt 300 ] || ! kill -0 "$(cat "$KPXC_PID_FILE" 2>/dev/null)" 2>/dev/null; then
			echo "kpxc-lib.sh: KeePassXC did not provide an unlocked collection; its log:" >&2
			cat "$KPXC_LOG" >&2
			return 1
		fi
		sleep 0.1
	done
}

kpxc_start() { kpxc_launch && kpxc_wait; }

# kpxc_stop [SIGNAL]: end the KeePassXC we started (TERM, then KILL after 10 s) and wait until it is gone.
kpxc_stop() {
	kpxc_pid=$(cat "$KPXC_PID_FILE" 2>/dev/null)
	[ -n "$kpxc_pid" ] || return 0
	kill "-${1:-TERM}" "$kpxc_pid" 2>/dev/null
	kpxc_i=0
	while kill -0 "$kpxc_pid" 2>/dev/null; do
		kpxc_i=$((kpxc_i + 1))
		[ $kpxc_i -eq 100 ] && kill -KILL "$kpxc_pid" 2>/dev/null
		sleep 0.1
	done
	rm -f "$KPXC_PID_FILE"
}
