#!/bin/sh
# e2e_terminal.sh - the terminal is always restored and the screen always sane: resize down to
# tiny and back, bracketed paste, signals (TERM, INT, HUP, Ctrl-C, SEGV, ABRT), ASCII locale,
# NO_COLOR and monochrome, and hostile server text that must not reach the terminal raw.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

ESC=$(printf '\033')
cat > "$T_TMP/seed.json" <<'JSON'
{"stores": [{"hash": "evil1", "name": "\u001b]52;c;AAAA\u0007\u001b[31mCaf\u00e9 Evil\u001b[0m",
  "tokens": [{"name": "Evil", "client_id": "cid-evil-0000000000000000000000", "client_secret": "sec-evil",
    "access_token": "tok-evil-0000000000000000000000", "scopes": ["store_v2_information_read_only"],
    "emails": ["a@example.com"],
    "hooks": [{"id": 1, "scope": "store/order/created", "destination": "https://x.example/\r\u001b]52;c;BBBB\u0007p",
               "is_active": true, "status": "active"}]}]}]}
JSON
fake_start "$T_TMP/seed.json" || exit 99
printf 'sec-evil\ntok-evil-0000000000000000000000\n' | "$STOREKEYS" add --name "Evil" \
	--api-path https://api.bigcommerce.com/stores/evil1/v3/ --client-id cid-evil-0000000000000000000000 \
	--scopes store_v2_information_read_only --verify >/dev/null 2>&1 || echo "# add --verify failed"
printf 's\nt\n' | "$STOREKEYS" add --name "Plain account" --api-path https://api.bigcommerce.com/stores/plain1/v3/ \
	--client-id cid-plain >/dev/null 2>&1
check "two accounts seeded, the store name recorded" reg 'len(d["accounts"]) == 2'

# stty_restored: the pane's `stty -a` after the app shows canonical mode and echo back on.
stty_restored() {
	screen > "$T_TMP/stty"
	grep -q -- ' icanon' "$T_TMP/stty" && grep -q -- ' echo ' "$T_TMP/stty" &&
		! grep -q -- '-icanon' "$T_TMP/stty" && ! grep -qE -- '(^| )-echo( |$)' "$T_TMP/stty"
}
alt_screen_off() { test "$(tm display -p -t "$TM_S" '#{alternate_on}')" = 0; }

# ---- resize ---------------------------------------------------------------------------------
: > "$T_TMP/raw"
TUI_DELAY=0.5 TUI_RAW="$T_TMP/raw"; export TUI_DELAY
tui_start 80 24
unset TUI_DELAY TUI_RAW
see "Store evil1" "the TUI starts at 80x24"
see "Caf" "the store name is shown"
tm resize-window -t "$TM_S" -x 20 -y 5
see "Terminal too small:" "20x5 shows the too-small message"
tm resize-window -t "$TM_S" -x 1 -y 1
sleep 0.2
tm resize-window -t "$TM_S" -x 59 -y 16
see "enlarge to at least 60x16" "59x16 is below the minimum"
tm resize-window -t "$TM_S" -x 60 -y 16
see "Store evil1" "60x16 draws the UI"
tm resize-window -t "$TM_S" -x 200 -y 60
see "Store / account" "200x60 adds the owner column"
i=0
for size in "80 24" "20 5" "1 1" "200 60" "61 17" "40 12" "120 40" "3 2" "80 24"; do
	set -- $size
	tm resize-window -t "$TM_S" -x "$1" -y "$2"
	send Down Up
	i=$((i + 1))
done
sleep 0.3
if kill -0 "$TUI_PID" 2>/dev/null; then ok "alive after $i resizes with keys in between"; else not_ok "died while resizing"; fi
see "Store evil1" "back at 80x24 the UI is whole"
see "Plain account" "every row is back"

# A wizard survives a resize without losing what was typed; a paste never submits.
send n Enter Enter Enter
type_text "plain1"
send Enter
see "Step 5 of 10: Name" "name page"
type_text "Café 日本 "
tm resize-window -t "$TM_S" -x 10 -y 4
see "too small:" "tiny during the wizard"
tm resize-window -t "$TM_S" -x 80 -y 24
see "Name:  Café 日本" "the typed UTF-8 name survives the resize"
paste_text "multi
line"
see "Name:  Café 日本 multiline" "a pasted newline is dropped, not submitted"
see "Step 5 of 10: Name" "the paste did not advance the wizard"
send Escape y
see "Store evil1" "left the wizard"

# Hostile text from the server: sanitized on screen, never raw on the terminal.
send /
type_text "evil"
send Enter w
see "https://x.example/^M" "a CR in a destination is shown as ^M" 15
see "^[]52;c;BBBB" "an escape sequence in a destination is shown inert"
send Escape Escape Escape q
check "q exits 0" test "$(tui_exit_code)" = 0
check "no OSC 52 from server data reached the terminal" lacks "$T_TMP/raw" "${ESC}]52"
check "bracketed paste was turned on" contains "$T_TMP/raw" "${ESC}[?2004h"
check "and off again at exit" contains "$T_TMP/raw" "${ESC}[?2004l"
check "stty shows the terminal restored after q" stty_restored
check "the alternate screen is left" alt_screen_off

# ---- signals ----------------------------------------------------------------------------------
sig_case() { # SIGNAL EXPECTED-EXIT
	tui_start 80 24
	wait_for "Store evil1" >/dev/null
	send n Enter Enter Enter
	type_text "plain1"
	kill -"$1" "$TUI_PID"
	code=$(tui_exit_code)
	if [ "$code" = "$2" ]; then ok "SIG$1 exits with $2"; else not_ok "SIG$1 exit status $code, wanted $2"; fi
	check "SIG$1 restores icanon and echo" stty_restored
	check "SIG$1 leaves the alternate screen" alt_screen_off
}
sig_case TERM 143
sig_case INT 130
sig_case HUP 129
sig_case SEGV 139
sig_case ABRT 134
check "no core file was left behind" sh -c '! ls core* 2>/dev/null | grep -q .'

tui_start 80 24
wait_for "Store evil1" >/dev/null
send C-c
check "Ctrl-C exits with 130" test "$(tui_exit_code)" = 130
check "Ctrl-C restores the terminal" stty_restored

# ---- every wizard page fits the minimum size, buttons included ------------------------------------
tui_start 60 16
wait_for "Store evil1" >/dev/null
send n
step_ok() { # N: step N shows its title and its Back button
	if wait_for "Step $1 of 10" 4 >/dev/null && wait_for "[ < Back ]" 2 >/dev/null || { [ "$1" = 1 ] && wait_for "[ Cancel ]" 2 >/dev/null; }; then
		ok "step $1 fits 60x16 with its buttons"
	else
		not_ok "step $1 at 60x16"
	fi
}
step_ok 1; send Enter
step_ok 2; send Enter
step_ok 3; send Enter
type_text "plain1"
step_ok 4; send Enter
type_text "Small screen"
step_ok 5; send Enter
step_ok 6; send Right PgDn
step_ok 7; send PgDn
step_ok 8
see "[ Import ]" "the credentials page fits, import button included"
send Escape y q
tui_exit_code >/dev/null

# ---- Esc is quick (set_escdelay) --------------------------------------------------------------------
tui_start 80 24
wait_for "Store evil1" >/dev/null
send Enter
wait_for "Kind " >/dev/null
send Escape
if wait_for "Store evil1" 3 >/dev/null; then ok "Esc backs out"; else not_ok "Esc did not back out"; fi
send q
tui_exit_code >/dev/null

# ---- locales and colours ----------------------------------------------------------------------------
TUI_LC_ALL=C TUI_DELAY=0.5 TUI_RAW="$T_TMP/raw"; export TUI_LC_ALL TUI_DELAY
: > "$T_TMP/raw"
tui_start 80 24
unset TUI_DELAY TUI_RAW
see "storekeys > Accounts" "the C locale draws ASCII separators"
see "Caf? Evil" "non-ASCII becomes ? in the C locale"
send n
see "Step 1 of 10" "the wizard works in the C locale"
send Escape q
tui_exit_code >/dev/null
if LC_ALL=C grep -q "$(printf '[\200-\377]')" "$T_TMP/raw"; then not_ok "only ASCII is written in the C locale"; else ok "only ASCII is written in the C locale"; fi
unset TUI_LC_ALL

tui_start 80 24 NO_COLOR=1
see "Store evil1" "NO_COLOR works"
send q
check "NO_COLOR exits 0" test "$(tui_exit_code)" = 0
tui_start 80 24 TERM=vt100
see "Store evil1" "a monochrome terminal (vt100) works"
send n
see "Step 1 of 10" "the wizard draws on vt100"
send Escape q
check "vt100 exits 0" test "$(tui_exit_code)" = 0
finish
