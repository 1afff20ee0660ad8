#!/bin/sh
# cli_options.sh - every command parses options the same way (one parser, cli/cli.c
# sk_cli_getopt): the same message for an unknown option, a missing value and a value
# given to a flag, the command's usage beneath it, exit 2; and COMMAND --help exits 0.
. "${top_srcdir:-.}/tests/lib.sh"
SK=$STOREKEYS

"$SK" --help >"$T_TMP/help"
cmds=$(sed -n 's/^  \([a-z]*\) .*/\1/p' "$T_TMP/help" | sort -u | grep -v '^tui$')
check "--help lists the commands" test "$(echo "$cmds" | wc -w)" -ge 12
for c in $cmds; do
	"$SK" "$c" --bogus >"$T_TMP/out" 2>"$T_TMP/err"; rc=$?
	first=$(sed -n 1p "$T_TMP/err"); second=$(sed -n 2p "$T_TMP/err")
	case $c in
	exec) want="storekeys: unknown option '--bogus' (put COMMAND after --)" ;;
	*) want="storekeys: unknown option '--bogus'" ;;
	esac
	if [ $rc -eq 2 ] && [ "$first" = "$want" ] && [ "${second#usage: storekeys $c }" != "$second" ] && [ ! -s "$T_TMP/out" ]; then
		ok "$c --bogus: one message, the usage, exit 2"
	else
		not_ok "$c --bogus (exit $rc): '$first' / '$second'"
	fi
	"$SK" "$c" --help >"$T_TMP/out" 2>&1; rc=$?
	if [ $rc -eq 0 ] && grep -q "^usage: storekeys $c " "$T_TMP/out"; then ok "$c --help: usage, exit 0"; else
		not_ok "$c --help (exit $rc)"; sed 's/^/    | /' "$T_TMP/out" | head -5; fi
done
check_exit 2 "a missing value is a usage error" "$SK" webhooks --status
check "... said as 'needs a value'" grep -qx "storekeys: option '--status' needs a value" "$T_TMP/err"
check_exit 2 "a value given to a flag is a usage error" "$SK" list --json=yes
check "... said as 'takes no value'" grep -qx "storekeys: option '--json' takes no value" "$T_TMP/err"
check_exit 2 "an unknown short option is a usage error" "$SK" notify -z
check "... said like a long one" grep -qx "storekeys: unknown option '-z'" "$T_TMP/err"
finish
