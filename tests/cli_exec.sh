#!/bin/sh
# cli_exec.sh - `storekeys exec`: the child sees the credentials under each style's names and nothing
# else changes; the token never reaches argv or storekeys' own output; nested exec is refused; the
# child's exit status passes through.
. "${top_srcdir:-.}/tests/lib.sh"

SK=$STOREKEYS
CANARY_TOK="SKCANARY$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
CANARY_SEC="SKCANARYsec$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
UUID=a0000000-0000-4000-8000-0000000000aa
# The expected values live in files, so no command line of this test carries the canary.
printf %s "$CANARY_TOK" >"$T_TMP/tok"
printf %s "$CANARY_SEC" >"$T_TMP/sec"
printf '%s\n%s\n' "$CANARY_SEC" "$CANARY_TOK" >"$T_TMP/secrets"
$SK add --name 'Order sync' --api-path https://api.bigcommerce.com/stores/abc123/v3/ --client-id cid-exec \
	<"$T_TMP/secrets" >/dev/null || exit 99
$SK add --name 'Account admin' --api-path "https://api.bigcommerce.com/accounts/$UUID" --client-id cid-acct \
	<"$T_TMP/secrets" >/dev/null || exit 99

# same VAR FILE: the child's $VAR equals the file's bytes (compared inside the child, never on argv).
same() { printf 'printf %%s "$%s" | cmp -s - "%s"' "$1" "$2"; }

check "bigcommerce style (default): the access token" $SK exec 'Order sync' -- sh -c "$(same BIGCOMMERCE_ACCESS_TOKEN "$T_TMP/tok")"
check "... the client secret" $SK exec 'Order sync' -- sh -c "$(same BIGCOMMERCE_CLIENT_SECRET "$T_TMP/sec")"
check "... store hash, client id and API path" $SK exec 'Order sync' -- sh -c \
	'test "$BIGCOMMERCE_STORE_HASH" = abc123 && test "$BIGCOMMERCE_CLIENT_ID" = cid-exec &&
	 test "$BIGCOMMERCE_API_PATH" = https://api.bigcommerce.com/stores/abc123/v3/ && test -z "${BIGCOMMERCE_ACCOUNT_UUID+x}"'
check "... STOREKEYS_EXEC names the account" $SK exec 'Order sync' -- sh -c 'test "$STOREKEYS_EXEC" = "abc123/Order sync"'
check "--env-style=bigcommerce and options before ACCOUNT work too" $SK exec --env-style=bigcommerce 'Order sync' -- \
	sh -c "$(same BIGCOMMERCE_ACCESS_TOKEN "$T_TMP/tok")"
check "COMMAND without -- after ACCOUNT" $SK exec 'Order sync' sh -c 'test "$BIGCOMMERCE_STORE_HASH" = abc123'
check "account-level: BIGCOMMERCE_ACCOUNT_UUID, and a caller's stale store hash is removed" \
	env BIGCOMMERCE_STORE_HASH=stale $SK exec 'Account admin' -- sh -c \
	"test \"\$BIGCOMMERCE_ACCOUNT_UUID\" = $UUID && test -z \"\${BIGCOMMERCE_STORE_HASH+x}\" &&
	 test \"\$BIGCOMMERCE_API_PATH\" = https://api.bigcommerce.com/accounts/$UUID && $(same BIGCOMMERCE_ACCESS_TOKEN "$T_TMP/tok")"
check "the API path follows the origin in use (tests, demo)" env STOREKEYS_API_ORIGIN=http://127.0.0.1:9 \
	$SK exec 'Order sync' -- sh -c 'test "$BIGCOMMERCE_API_PATH" = http://127.0.0.1:9/stores/abc123/v3/'

check "stencil style" $SK exec 'Order sync' --env-style stencil -- sh -c \
	"$(same STENCIL_ACCESS_TOKEN "$T_TMP/tok") && test \"\$STENCIL_STORE_URL\" = https://store-abc123.mybigcommerce.com &&
	 test \"\$STENCIL_API_HOST\" = https://api.bigcommerce.com && test -z \"\${BIGCOMMERCE_ACCESS_TOKEN+x}\""
check "catalyst style" $SK exec 'Order sync' --env-style catalyst -- sh -c \
	"$(same BIGCOMMERCE_ACCESS_TOKEN "$T_TMP/tok") && $(same BIGCOMMERCE_CLIENT_SECRET "$T_TMP/sec") &&
	 test \"\$BIGCOMMERCE_STORE_HASH\" = abc123 && test \"\$BIGCOMMERCE_CLIENT_ID\" = cid-exec && test -z \"\${BIGCOMMERCE_API_PATH+x}\""
check_exit 3 "stencil style refuses an account-level account" $SK exec 'Account admin' --env-style stencil -- true
check_exit 2 "an unknown --env-style is refused" $SK exec 'Order sync' --env-style dotenv -- true
check "... naming the styles" grep -q 'bigcommerce, stencil, catalyst' "$T_TMP/err"
check_exit 2 "no COMMAND is a usage error" $SK exec 'Order sync'
check_exit 2 "no ACCOUNT is a usage error" $SK exec -- true
check_exit 4 "an unknown ACCOUNT is not found" $SK exec 'Nobody here' -- true

# Nothing else changes: the child's environment is the caller's plus exactly the style's variables.
# ($_ is the shell's "last command", different for every command, so it is left out.)
env | grep -v '^_=' | LC_ALL=C sort >"$T_TMP/env.parent"
$SK exec 'Order sync' -- env >"$T_TMP/env.child.raw" || not_ok "env in the child"
grep -v '^_=' "$T_TMP/env.child.raw" | LC_ALL=C sort >"$T_TMP/env.child"
rm -f "$T_TMP/env.child.raw"
LC_ALL=C comm -13 "$T_TMP/env.parent" "$T_TMP/env.child" | cut -d= -f1 >"$T_TMP/env.added"
printf '%s\n' BIGCOMMERCE_ACCESS_TOKEN BIGCOMMERCE_API_PATH BIGCOMMERCE_CLIENT_ID BIGCOMMERCE_CLIENT_SECRET \
	BIGCOMMERCE_STORE_HASH STOREKEYS_EXEC | LC_ALL=C sort >"$T_TMP/env.want"
LC_ALL=C comm -23 "$T_TMP/env.parent" "$T_TMP/env.child" | cut -d= -f1 >"$T_TMP/env.lost"
# (names only are shown on failure: values may be secrets)
check "the child gets exactly the style's variables and STOREKEYS_EXEC" sh -c \
	"cmp -s '$T_TMP/env.added' '$T_TMP/env.want' || { echo added:; cat '$T_TMP/env.added'; false; }"
check "and loses none of the caller's" sh -c "test ! -s '$T_TMP/env.lost' || { echo lost:; cat '$T_TMP/env.lost'; false; }"
rm -f "$T_TMP/env.child"
check "the caller's umask reaches the child (storekeys itself runs with 077)" sh -c \
	"umask 022; test \"\$($SK exec 'Order sync' -- sh -c umask)\" = 0022"
# Signals 1-31 only: glibc keeps 32 and 33 for itself and resets them in every threaded process.
sigign='printf %s $(( 0x$(sed -n "s/^SigIgn:[[:space:]]*//p" /proc/$$/status) & 0x7fffffff ))'
check "the caller's ignored signals reach the child, and SIGPIPE is not newly ignored" sh -c \
	"a=\$($SK exec 'Order sync' -- sh -c '$sigign'); b=\$(sh -c '$sigign');
	 test -n \"\$a\" && test \"\$a\" = \"\$b\" || { echo \"child \$a, caller \$b\"; false; }"

check_exit 7 "the child's exit status passes through" $SK exec 'Order sync' -- sh -c 'exit 7'
check "a child killed by a signal looks the same to the caller" sh -c \
	"$SK exec 'Order sync' -- sh -c 'kill -TERM \$\$'; test \$? -eq 143"
check_exit 127 "a missing COMMAND exits 127" $SK exec 'Order sync' -- /nonexistent/command
check_exit 126 "a COMMAND that cannot run exits 126" $SK exec 'Order sync' -- "$T_TMP/tok"

check_exit 2 "nested exec is refused" $SK exec 'Order sync' -- $SK exec 'Order sync' -- true
check "... with a clear message" grep -q 'nested exec is refused' "$T_TMP/err"
check_exit 2 "even with another account" $SK exec 'Order sync' -- $SK exec 'Account admin' -- true

# R1/R7: the token is in the child's environment (the point of exec) but never in argv or output.
$SK exec 'Order sync' -- sh -c 'tr "\0" " " </proc/$$/cmdline' >"$T_TMP/cmdline.sh" 2>&1
$SK exec 'Order sync' -- cat /proc/self/cmdline >"$T_TMP/cmdline.cat" 2>&1
check "the child's own /proc/self/cmdline lacks the token" sh -c "! grep -q SKCANARY '$T_TMP/cmdline.sh' '$T_TMP/cmdline.cat'"
check "the child's /proc/self/environ has it (that is what exec is for)" \
	$SK exec 'Order sync' -- sh -c 'grep -qa SKCANARY /proc/$$/environ'
for cmd in "exec 'Order sync' -- true" "-v exec 'Order sync' -- true" "exec 'Order sync' -- /nonexistent" \
	"exec 'Order sync' --env-style stencil -- sh -c 'exit 3'" "exec 'Account admin' --env-style stencil -- true" \
	"exec 'Order sync' -- $SK exec 'Order sync' -- true" "exec --help"; do
	sh -c "$SK $cmd" >>"$T_TMP/allout" 2>&1
done
check "storekeys' own stdout and stderr never carry the token or secret" sh -c "! grep -q SKCANARY '$T_TMP/allout'"
check "exec --help documents every style" sh -c "$SK exec --help | grep -q stencil && $SK exec --help | grep -q catalyst"
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=execve -s 65535 -o "$T_TMP/strace" $SK exec 'Order sync' -- true >/dev/null 2>&1
	check "strace: no execve argv carries the token" sh -c "test -s '$T_TMP/strace' && ! grep -q SKCANARY '$T_TMP/strace'"
fi
finish
