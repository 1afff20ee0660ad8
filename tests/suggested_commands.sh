#!/bin/sh
# suggested_commands.sh - every `storekeys ...` command a message in src/ or ui/ suggests exists:
# each one, run with --help appended, exits 0 (issue 9 item 13).
. "${top_srcdir:-.}/tests/lib.sh"

grep -rhoE '`storekeys( [^`]*)?`' "$top_srcdir/src" "$top_srcdir/ui" | tr -d '`' | sort -u >"$T_TMP/cmds"
check "messages suggest some commands" test "$(wc -l <"$T_TMP/cmds")" -gt 5
while IFS= read -r line; do
	# shellcheck disable=SC2086 # split the suggestion into words, as a shell would
	set -- $line
	shift
	check_exit 0 "suggested command exists: $line" "$STOREKEYS" "$@" --help
done <"$T_TMP/cmds"
finish
