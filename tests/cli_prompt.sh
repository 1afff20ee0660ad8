#!/bin/sh
# cli_prompt.sh - `add`'s hidden secret prompt on a real terminal (tmux): whatever ends or stops it
# (Ctrl-C, SIGTERM, SIGHUP, Ctrl-Z), the terminal gets its echo back; continued, input is hidden again.
. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/tmux-lib.sh"

# The pane: storekeys add at its prompt (pid in a file), then its exit code and the terminal modes.
# The shell ignores Ctrl-C and Ctrl-Z itself so that only storekeys sees them.
add_start() {
	tm_stop
	rm -f "$TM_PIDFILE"
	for try in 1 2 3; do
		tm new-session -d -s "$TM_S" -x 100 -y 30 "trap true INT TSTP; ulimit -c 0; sh -c 'echo \$\$ > \"$TM_PIDFILE\"; \
exec env LC_ALL=C.UTF-8 \"$STOREKEYS\" add --name \"Prompt test $1\" \
--api-path https://api.bigcommerce.com/stores/abc123/v3/ --client-id cid-prompt-$1'; echo EXIT=\$?; \
stty -a; echo STTY-DONE; sleep 600" 2>/dev/null && break
		sleep 0.2
	done
	i=0
	while [ ! -s "$TM_PIDFILE" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	PID=$(cat "$TM_PIDFILE" 2>/dev/null)
	TTY=$(tm display-message -p -t "$TM_S" '#{pane_tty}')
}

# echo_is on|off: the pane terminal's ECHO flag, read from outside.
echo_is() {
	m=$(stty -F "$TTY" -a 2>/dev/null | tr ' ' '\n' | grep -x -e echo -e -echo)
	case $1 in on) test "$m" = echo ;; off) test "$m" = -echo ;; esac || { echo "# ECHO is '$m', wanted $1"; false; }
}

# Every way a signal can end the prompt: the terminal must have its echo back.
for how in C-c TERM HUP QUIT; do
	add_start "$how"
	see "client secret (input hidden):" "$how: the prompt is up"
	check "$how: while it is up, input is hidden" echo_is off
	case $how in
	C-c) send C-c; want=130 ;;
	*) kill -"$how" "$PID"; want=$((128 + $(kill -l "$how"))) ;;
	esac
	rc=$(tui_exit_code)
	check "$how: storekeys ended as the signal says (exit $rc, wanted $want)" test "$rc" = "$want"
	check "$how: the terminal has its echo back" sh -c "screen() { env -u TMUX tmux -L '$TM_SOCK' capture-pane -p -t '$TM_S'; }
		screen | tr ' ' '\n' | grep -qx echo && ! screen | tr ' ' '\n' | grep -qx -- -echo"
done

# Ctrl-Z under a shell with job control (bash -m, so storekeys' process group is not orphaned and can
# stop): echo is back while it is stopped; after `fg`, input is hidden again and the prompt still works.
if ! command -v bash >/dev/null 2>&1; then
	echo "# skip: Ctrl-Z needs a shell with job control (bash), not installed"
else
	tm_stop
	# bash stops at `read` while storekeys is stopped, so the stopped state can be looked at.
	tm new-session -d -s "$TM_S" -x 100 -y 30 "bash -mc 'trap true INT; sh -c \"trap true INT; '$STOREKEYS' add \
--name Prompt-test-tstp --api-path https://api.bigcommerce.com/stores/abc123/v3/ --client-id cid-prompt-tstp; \
echo \\\$? >$T_TMP/exit\"; echo STOPPED=\$?; read x; fg; sleep 600'; sleep 600" 2>/dev/null
	TTY=$(tm display-message -p -t "$TM_S" '#{pane_tty}')
	see "client secret (input hidden):" "C-z: the prompt is up"
	check "C-z: while it is up, input is hidden" echo_is off
	send C-z
	see "STOPPED=148" "C-z: storekeys stopped (the shell took the terminal back)"
	check "C-z: while it is stopped, the terminal echoes" echo_is on
	send Enter
	i=0; while ! echo_is off >/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	check "fg: input is hidden again" echo_is off
	type_text "client-secret-typed-0000000000000"
	send Enter
	see "access token (input hidden):" "fg: the prompt goes on to the access token"
	check "the typed secret was not shown" sh -c "! env -u TMUX tmux -L '$TM_SOCK' capture-pane -p -t '$TM_S' | grep -q typed-0000"
	send C-c
	i=0; while [ ! -s "$T_TMP/exit" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	check "C-c at the second prompt: exit 130" grep -qx 130 "$T_TMP/exit"
	check "... and echo is back" echo_is on
fi
finish
