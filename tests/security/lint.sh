#!/bin/sh
# lint.sh - the static gates of RELIABILITY CI gates (docs/conventions.md "Never"): the sources under
# src/, ui/ and cli/ never switch TLS verification off (R8), follow redirects or send
# auth elsewhere (R9), allow every protocol, use raw CURLOPT_VERBOSE (R7), use a
# case-insensitive cJSON getter (R20), an unbounded getstr (R24), sprintf (R10:
# JSON and headers are built with cJSON and bounded snprintf), or hand anything
# to a shell (system/popen: R1).
. "${top_srcdir:-.}/tests/lib.sh"

gate() {
	what=$1; re=$2
	if grep -nE "$re" "$top_srcdir"/src/*.[ch] "$top_srcdir"/ui/*.[ch] "$top_srcdir"/cli/*.[ch] >"$T_TMP/hits" 2>/dev/null; then
		not_ok "$what"; sed 's/^/    | /' "$T_TMP/hits" | head -10
	else
		ok "$what"
	fi
}
gate "R8: no SSL_VERIFYPEER/VERIFYHOST 0" 'SSL_VERIFY(PEER|HOST)[[:space:]]*,[[:space:]]*0'
gate "R9: no FOLLOWLOCATION 1" 'FOLLOWLOCATION[[:space:]]*,[[:space:]]*[1-9]'
gate "R9: no UNRESTRICTED_AUTH 1" 'UNRESTRICTED_AUTH[[:space:]]*,[[:space:]]*[1-9]'
gate "R8: no PROTOCOLS_STR \"ALL\"" 'PROTOCOLS_STR[[:space:]]*,[[:space:]]*"(ALL|all)"'
gate "R7: no raw CURLOPT_VERBOSE (verbose goes through the masking debug output)" 'CURLOPT_VERBOSE'
gate "R20: only case-sensitive cJSON getters" 'cJSON_GetObjectItem[[:space:]]*\('
gate "R24: no getstr/wgetstr without a length" '(^|[^_n[:alnum:]])(mv)?w?getstr[[:space:]]*\('
gate "R10: no sprintf (snprintf or cJSON instead)" '(^|[^n[:alnum:]_])v?sprintf[[:space:]]*\('
gate "R1: no system() or popen()" '(^|[^[:alnum:]_])(system|popen)[[:space:]]*\('
finish
