# tmux-lib.sh - drive the real storekeys TUI in a private tmux server (sourced by tests/e2e_*.sh).
# Builds on tests/lib.sh (ok/not_ok/check/fake_start/finish). Every test runs inside
# tests/with-keyring.sh, so the keyring, HOME and XDG dirs are private.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "tmux is not installed: skipping"
	exit 77
fi

TM_SOCK="sk-e2e-$$"
TM_S=tui
TM_PIDFILE="$T_TMP/tui.pid"
# A private tmux server per test; never leave it (or the app) behind.
tm() { env -u TMUX tmux -L "$TM_SOCK" "$@"; }
tm_cleanup() { tm kill-server 2>/dev/null; fake_stop; rm -rf "$T_TMP"; }
trap 'tm_cleanup' EXIT

# tm_stop: end the private server and wait until it is gone.
tm_stop() {
	tm kill-server 2>/dev/null
	i=0
	while tm has-session 2>/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
}
trap 'tm_cleanup; exit 130' INT TERM

# The pane command: the app (its pid in a file), then its exit code and the terminal modes.
# The shell ignores Ctrl-C itself (trap) so that only the app sees it; no core files.
tui_command() {
	printf '%s' "trap true INT; ulimit -c 0; sleep \${TUI_DELAY:-0}; sh -c 'echo \$\$ > \"$TM_PIDFILE\"; exec env TERM=tmux-256color LC_ALL=\${TUI_LC_ALL:-C.UTF-8} $* \"$STOREKEYS\"'; echo EXIT=\$?; stty -a; echo STTY-DONE; sleep 600"
}

# tui_start [COLS ROWS [ENV=VALUE...]]: run storekeys in a fresh pane. The pane
# keeps running after the app exits and prints EXIT=<code> and the terminal modes.
# TUI_DELAY=SECONDS delays the start; TUI_RAW=FILE records the raw output (pipe-pane).
tui_start() {
	cols=${1:-80}; rows=${2:-24}
	[ $# -ge 2 ] && shift 2
	tm_stop
	rm -f "$TM_PIDFILE"
	# The locale must be set in the pane command itself (TEST-INFRA.md 4).
	# A server that is still going away can refuse the new session once: retry.
	for try in 1 2 3; do
		tm new-session -d -s "$TM_S" -x "$cols" -y "$rows" "$(tui_command "$@")" 2>/dev/null && break
		sleep 0.2
	done
	# TUI_RAW=FILE logs every byte the app writes (the start is delayed until the pipe is on).
	[ -n "$TUI_RAW" ] && tm pipe-pane -o -t "$TM_S" "cat >> '$TUI_RAW'"
	i=0
	while [ ! -s "$TM_PIDFILE" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	TUI_PID=$(cat "$TM_PIDFILE" 2>/dev/null)
}

screen() { tm capture-pane -p -t "$TM_S"; }
# The whole history too (what stays in the scrollback after the app exits).
scrollback() { tm capture-pane -p -S - -E - -t "$TM_S"; }
# send KEY...: tmux key names (Enter, Tab, BTab, Escape, PgDn, C-r, Down...), one call each.
send() { for k in "$@"; do tm send-keys -t "$TM_S" "$k"; sleep 0.03; done; }
# type TEXT: literal text (a separate call from key names, TEST-INFRA.md 4).
type_text() { tm send-keys -t "$TM_S" -l "$1"; sleep 0.05; }
# paste TEXT: a bracketed paste, as a terminal sends it when the app asked for one.
paste_text() {
	printf '%s' "$1" > "$T_TMP/paste.buf"
	tm load-buffer -b skpaste "$T_TMP/paste.buf"
	tm paste-buffer -p -d -b skpaste -t "$TM_S"
	sleep 0.1
}

# wait_for TEXT [SECONDS]: poll the screen until TEXT shows.
wait_for() {
	lim=$(( ${2:-8} * 20 )); t=0
	while [ $t -lt $lim ]; do
		if screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.05; t=$((t + 1))
	done
	echo "# timeout waiting for: $1"; screen | sed 's/^/    # /'
	return 1
}

# wait_gone TEXT [SECONDS]: poll until TEXT is no longer on screen.
wait_gone() {
	lim=$(( ${2:-8} * 20 )); t=0
	while [ $t -lt $lim ]; do
		if ! screen | grep -qF -- "$1"; then return 0; fi
		sleep 0.05; t=$((t + 1))
	done
	echo "# still on screen: $1"; screen | sed 's/^/    # /'
	return 1
}

# see TEXT DESCRIPTION [SECONDS]: a test step that passes when TEXT shows.
see() { if wait_for "$1" "${3:-8}"; then ok "$2"; else not_ok "$2"; fi; }
# not_see TEXT DESCRIPTION: the current screen lacks TEXT.
not_see() { if screen | grep -qF -- "$1"; then not_ok "$2"; screen | sed 's/^/    # /'; else ok "$2"; fi; }

# tui_exit_code: wait for the app to end; prints its exit code.
tui_exit_code() {
	wait_for "STTY-DONE" "${1:-8}" >/dev/null || { echo none; return; }
	screen | sed -n 's/^EXIT=\([0-9]*\).*/\1/p' | tail -1
}

# reg PYTHON-EXPR: evaluate an expression over d = `storekeys list --json` (true => exit 0).
reg() {
	"$STOREKEYS" list --json > "$T_TMP/reg.json" 2>"$T_TMP/reg.err" || { cat "$T_TMP/reg.err"; return 1; }
	"$PYTHON3" -c 'import json,sys
d = json.load(open(sys.argv[1]))
A = {a["name"]: a for a in d["accounts"]}
sys.exit(0 if eval(sys.argv[2]) else 1)' "$T_TMP/reg.json" "$1"
}

# keyring_labels: the labels of every storekeys item in the keyring, one a line.
keyring_labels() { secret-tool search --all xdg:schema io.storekeys.Credential 2>/dev/null | sed -n 's/^label = //p'; }

# fake_state PYTHON-EXPR: evaluate over s = GET /__fake/state (true => exit 0).
fake_state() {
	fake_get /__fake/state > "$T_TMP/state.json"
	"$PYTHON3" -c 'import json,sys
s = json.load(open(sys.argv[1]))
ST = {x["hash"]: x for x in s["stores"]}
sys.exit(0 if eval(sys.argv[2]) else 1)' "$T_TMP/state.json" "$1"
}

# write_txts DIR: the fake's control-panel .txt files for the test seed.
write_txts() { "$PYTHON3" "$top_srcdir/tests/fakebc/fakebc.py" --seed "$top_srcdir/tests/fakebc/seeds/test.json" --write-txt "$1" --lf >/dev/null; }

SEED="$top_srcdir/tests/fakebc/seeds/test.json"
