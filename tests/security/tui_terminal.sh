#!/bin/sh
# tui_terminal.sh - R22, R24 in tmux, complementing tests/e2e_terminal.sh (which
# covers signals' exit codes and stty, resize storms, tiny sizes and locales, R23):
# after TERM/INT/HUP/SEGV/ABRT the cursor is visible, bracketed paste is switched
# off in the raw terminal output and no temp file is left (R22); a 10 KiB paste
# into the client secret field does not crash, stays masked and never reaches
# the terminal or its scrollback (R24, R7); a bracketed paste with a newline does
# not submit the page. Runs on the ASan+UBSan build in CI.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/tmux-lib.sh"
. "$top_srcdir/tests/security/seclib.sh"

RAW="$T_TMP/raw"
ESC=$(printf '\033')
# paste_mode: "h" or "l", the last bracketed-paste switch the app wrote, or "" if none.
paste_mode() { grep -ao "$ESC\[?2004[hl]" "$RAW" 2>/dev/null | tail -1 | tail -c 2; }
# raw_log: everything the app writes to the terminal, from now on.
raw_log() { : >"$RAW"; tm pipe-pane -o -t "$TM_S" "cat >>'$RAW'"; }
flag() { tm display-message -p -t "$TM_S" "#{$1}"; }
# exit_code: wait for the app to end; its exit status from the whole pane history.
exit_code() {
	wait_for "STTY-DONE" 10 >/dev/null || { echo none; return; }
	scrollback | sed -n 's/^EXIT=\([0-9]*\).*/\1/p' | tail -1
}

# Start the app only once the raw log is running, so its first bytes are seen too.
REAL_SK=$STOREKEYS
cat >"$T_TMP/sk-wait" <<EOW
#!/bin/sh
while [ ! -e "$T_TMP/go" ]; do sleep 0.02; done
exec "$REAL_SK" "\$@"
EOW
chmod +x "$T_TMP/sk-wait"
STOREKEYS="$T_TMP/sk-wait"
# start COLS ROWS: tui_start with the raw log on from the first byte.
start() { rm -f "$T_TMP/go"; tui_start "$1" "$2"; raw_log; touch "$T_TMP/go"; }
fake_start "$SEED" || exit 99
start 100 30
if ! wait_for "storekeys" 10 >/dev/null; then
	echo "the TUI did not start:"; screen
	exit 99
fi
tm kill-server 2>/dev/null

# ---- R22: signals restore the terminal ---------------------------------------
for sig in TERM INT HUP SEGV ABRT; do
	start 100 30
	wait_for "storekeys" 10 >/dev/null
	sleep 0.3
	case $sig in HUP) n=1 ;; INT) n=2 ;; ABRT) n=6 ;; SEGV) n=11 ;; TERM) n=15 ;; esac
	kill -s "$sig" "$TUI_PID"
	code=$(exit_code)
	want=$((128 + n))
	if [ "$code" = "$want" ]; then ok "R22 SIG$sig: exit status $code"; else not_ok "R22 SIG$sig: exit status $code, wanted $want"; fi
	screen >"$T_TMP/after"
	if grep -q ' icanon ' "$T_TMP/after" && grep -Eq '(^| )echo ' "$T_TMP/after" && ! grep -q -- '-icanon' "$T_TMP/after"; then
		ok "R22 SIG$sig: stty shows icanon and echo again"
	else
		not_ok "R22 SIG$sig: terminal modes not restored"; grep -E 'icanon|echo' "$T_TMP/after" | sed 's/^/    # /'
	fi
	if [ "$(flag alternate_on)" = 0 ] && [ "$(flag cursor_flag)" = 1 ]; then
		ok "R22 SIG$sig: primary screen, cursor visible"
	else
		not_ok "R22 SIG$sig: alternate screen $(flag alternate_on), cursor $(flag cursor_flag)"
	fi
	# the last bracketed-paste switch the app sent is "off"
	last=$(paste_mode)
	if [ "$last" != "h" ]; then ok "R22/R24 SIG$sig: bracketed paste is off again"; else
		not_ok "R22/R24 SIG$sig: bracketed paste left on"; fi
	if ls -a "$REGDIR" 2>/dev/null | grep -q '\.tmp\.'; then not_ok "R22 SIG$sig: a temp file was left"; else ok "R22 SIG$sig: no temp file left"; fi
	tm kill-server 2>/dev/null
done

# ---- R24: long and bracketed pastes into the credentials page ----------------
start 100 30
wait_for "storekeys" 10 >/dev/null
send Enter
if wait_for "Step 1 of 10" 5 >/dev/null; then
	send Enter; wait_for "Before you start" 5 >/dev/null; send Enter
	wait_for "V2/V3 API token" 5 >/dev/null; send Enter
	wait_for "Step 4 of 10" 5 >/dev/null; type_text "https://api.bigcommerce.com/stores/abc123/v3/"; sleep 0.3; send Enter
	wait_for "Step 5 of 10" 5 >/dev/null; type_text "Paste test"; sleep 0.3; send Enter
	wait_for "Step 6 of 10" 5 >/dev/null; send PgDn
	wait_for "Review" 5 >/dev/null; send PgDn
	if wait_for "Step 8 of 10: Credentials" 5 >/dev/null; then
		type_text "cid-paste"
		send Tab
		BIG=$(head -c 7680 /dev/urandom | base64 -w0 | head -c 10240)
		CAN=$(canary)
		paste_text "$CAN$BIG"
		sleep 0.5
		if kill -0 "$TUI_PID" 2>/dev/null; then ok "R24: a 10 KiB paste into the client secret field: no crash"; else not_ok "R24: the TUI died on a 10 KiB paste"; fi
		not_see "$CAN" "R24: the pasted secret is masked on screen"
		scrollback >"$T_TMP/sb"
		if grep -qF "$CAN" "$T_TMP/sb" || grep -aqF "$CAN" "$RAW"; then not_ok "R24/R7: the pasted secret reached the terminal"; else ok "R24/R7: the pasted secret never reached the terminal (raw output, scrollback)"; fi
		send Tab
		paste_text "tok
en"
		sleep 0.3
		see "Step 8 of 10" "R24: a bracketed paste with a newline does not submit the page"
		send Escape Escape Escape
	else
		skip "R24: could not reach the credentials page"; screen | sed 's/^/    # /'
	fi
else
	skip "R24: the create wizard is not reachable from the first screen"
fi
tm send-keys -t "$TM_S" C-c
code=$(exit_code)
last=$(paste_mode)
if grep -aq "$ESC\[?2004h" "$RAW"; then ok "R24: bracketed paste was switched on (terminfo has BE/PS)"; else not_ok "R24: bracketed paste was never switched on"; fi
if [ "$last" = "l" ]; then ok "R24: and off again at exit"; else not_ok "R24: bracketed paste left on at exit"; fi
check "R24: nothing was saved from the abandoned wizard" sh -c "! $REAL_SK list | grep -q 'Paste test'"
secfinish
