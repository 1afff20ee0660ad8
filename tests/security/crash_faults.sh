#!/bin/sh
# crash_faults.sh - R15, R5, R17: faults injected with strace into `storekeys add`
# and `remove`: ENOSPC on the registry write, EIO on fsync, SIGKILL at each
# rename and fsync. Afterwards the registry parses and is exactly the old or
# the new state, a reported failure is never silent, the next writer removes
# stale temp files, and after `doctor --fix` keyring and registry agree.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/security/seclib.sh"

command -v strace >/dev/null || { echo "strace is missing (tools/deps.sh installs it)"; exit 99; }
strace -f -o /dev/null true 2>/dev/null || { echo "strace cannot trace here (ptrace denied)"; exit 77; }

STATE="$PYTHON3 $top_srcdir/tests/security/regstate.py"
n=0
check "setup: two accounts" sh -c "printf 'a\nb\n' | $SK add --name 'Base one' --api-path $P_STORE --client-id cid1 >/dev/null &&
	printf 'a\nb\n' | $SK add --name 'Base two' --api-path $P_STORE --client-id cid2 >/dev/null"

# start_stopped CMD...: run CMD (stdin from $T_TMP/in) stopped before exec; PID in $PID.
start_stopped() {
	env "$NOLSAN" sh -c 'kill -STOP $$; exec "$@"' sh "$@" <"$T_TMP/in" >"$T_TMP/cmd.out" 2>"$T_TMP/cmd.err" &
	PID=$!
	i=0; until grep -q '^State:.*T' /proc/$PID/status 2>/dev/null || [ $i -gt 200 ]; do sleep 0.01; i=$((i + 1)); done
}

# faulted OP NAME HOW STRACE_ARGS...: run add/remove NAME under strace with the fault; check the outcome.
faulted() {
	op=$1; name=$2; how=$3; shift 3
	n=$((n + 1))
	cp "$REG" "$T_TMP/old.json"
	printf 's%s\nt%s\n' "$n" "$n" >"$T_TMP/in"
	if [ "$op" = add ]; then
		start_stopped $SK add --name "$name" --api-path $P_STORE --client-id "cid$n"
	else
		start_stopped $SK remove --yes "$name"
	fi
	# the temp file is .registry.json.tmp.PID: exec keeps the pid, so -P can name it in advance
	args=
	for a in "$@"; do args="$args '$(printf '%s' "$a" | sed "s/@PID@/$PID/")'"; done
	: >"$T_TMP/strace.err"
	eval "strace -f -p $PID -o '$T_TMP/strace.log' $args" 2>"$T_TMP/strace.err" &
	SPID=$!
	i=0; until grep -q attached "$T_TMP/strace.err" || [ $i -gt 300 ]; do sleep 0.01; i=$((i + 1)); done
	kill -CONT "$PID"
	wait "$PID"; rc=$?
	wait "$SPID"
	injected=$(grep -c INJECTED "$T_TMP/strace.log"; grep -c 'killed by SIGKILL' "$T_TMP/strace.log")
	injected=$(echo $injected | awk '{print $1 + $2}')
	st=$($STATE "$T_TMP/old.json" "$REG" "$op" "$name")
	if [ $? -eq 0 ] && $SK list --json >/dev/null 2>&1 && [ "$injected" -gt 0 ]; then
		ok "R15 $op + $how: registry parses and is the $st state (exit $rc)"
	else
		not_ok "R15 $op + $how: registry is '$st', fault injected $injected time(s) (exit $rc)"
		sed 's/^/    | /' "$T_TMP/cmd.err" | head -5
	fi
	# a failure must be reported: exit 0 only when the new state is on disk (or the keyring refused first)
	if [ "$rc" -eq 0 ] && [ "$st" != new ]; then
		not_ok "R15 $op + $how: exit 0 but the registry kept the old state (a lost update)"
	fi
	case "$rc" in 0|24|137) ;; *) not_ok "R15 $op + $how: unexpected exit $rc"; sed 's/^/    | /' "$T_TMP/cmd.err" | head -5 ;; esac
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 137 ] && ! grep -q 'storekeys: ' "$T_TMP/cmd.err"; then
		not_ok "R15 $op + $how: failed (exit $rc) without a message"
	fi
	# R5: doctor names any inconsistency; --fix makes keyring and registry agree
	$SK doctor >"$T_TMP/doc.out" 2>&1; drc=$?
	$SK doctor --fix >"$T_TMP/docfix.out" 2>&1
	if agree; then ok "R5 $op + $how: after doctor --fix keyring and registry agree (doctor exit $drc)"; else
		not_ok "R5 $op + $how: keyring and registry disagree after doctor --fix"
		sed 's/^/    | /' "$T_TMP/doc.out" "$T_TMP/docfix.out" | head -10
	fi
	# R5: a completed delete leaves no orphan secret
	if [ "$op" = remove ] && [ "$rc" -eq 0 ] && grep -q '^Orphan' "$T_TMP/doc.out"; then
		not_ok "R5 remove + $how: exit 0 but an orphan secret survived"
	fi
	# a reported failure must not leave an unusable entry behind (R5: add is all or nothing)
	if [ "$op" = add ] && [ "$rc" -eq 24 ] && [ "$st" = new ]; then
		not_ok "R5 add + $how: add reported failure (exit 24) but the entry is in the registry; doctor: $(grep -c '^Dangling' "$T_TMP/doc.out") dangling"
	fi
}

for op in add remove; do
	k=0
	for fault in "write:error=ENOSPC:when=1" "write:error=ENOSPC:when=2" "fsync:error=EIO:when=1" \
		"fsync:error=EIO:when=2" "rename:signal=SIGKILL:when=1" "rename:signal=SIGKILL:when=2" \
		"fsync:signal=SIGKILL:when=1" "fsync:signal=SIGKILL:when=2" "link:error=ENOSPC"; do
		k=$((k + 1))
		if [ "$op" = add ]; then
			name="Faulted $k"
		else
			name="Faulted $k"
			$SK show "$name" >/dev/null 2>&1 || printf 'a\nb\n' | $SK add --name "$name" --api-path $P_STORE --client-id cidr >/dev/null
		fi
		sc=${fault%%:*}
		case $sc in
		write)
			# only the writes to the registry's temp file (the pid is known before exec)
			faulted "$op" "$name" "$fault" -P "$REGDIR/.registry.json.tmp.@PID@" -e trace=write -e inject="$fault" ;;
		rename)
			faulted "$op" "$name" "$fault" -e trace=rename,renameat,renameat2 \
				-e inject=rename,renameat,renameat2:"${fault#*:}" ;;
		link)
			if [ "$op" = add ]; then
				faulted "$op" "$name" "$fault" -e trace=link -e inject="$fault"
			else
				# a removal writes the backup as a copy of the new state (no link): fault that write
				faulted "$op" "$name" "backup write:error=ENOSPC" -P "$REGDIR/.registry.json.tmp.bak.@PID@" \
					-e trace=write -e inject=write:error=ENOSPC:when=1
				if [ -e "$REGDIR/registry.json.bak" ] && grep -q "\"$name\"" "$REGDIR/registry.json.bak"; then
					not_ok "R15 remove + backup write:error=ENOSPC: the backup still names \"$name\""
				else
					ok "R15 remove + backup write:error=ENOSPC: no backup keeps \"$name\""
				fi
			fi ;;
		*)
			faulted "$op" "$name" "$fault" -e trace="$sc" -e inject="$fault" ;;
		esac
	done
done

# R15: the next writer removes the temp files a killed writer left behind.
check "R15: after one more add no stale temp file is left" sh -c "printf 'a\nb\n' | $SK add --name 'After faults' --api-path $P_STORE --client-id cidz >/dev/null && ! ls -a '$REGDIR' | grep -q '\\.tmp\\.'"
check "R15: registry file and directory stay private" sh -c "test \$(stat -c %a '$REG') = 600 && test \$(stat -c %a '$REGDIR') = 700"

secfinish
