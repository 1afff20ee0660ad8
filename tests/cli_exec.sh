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

# (The accounts' recorded scopes, as the control panel shows them: Metafields access has no None, so a
# V2/V3 account records Standard; the account-level catalogue has the beta Charges row.)
check "add records Metafields access: Standard for a V2/V3 account" sh -c \
	"$SK list --json | tr -d ' \n\t' | grep -q '\"name\":\"Ordersync\".*store_metafield_write\"'"
check "storekeys scopes lists the account-level Charges row (beta, no scope string)" sh -c \
	"$SK scopes --level account | grep -q '^Charges' && $SK scopes | grep -A3 '^Metafields access' | grep -q 'no None'"

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
	 test \"\$BIGCOMMERCE_API_PATH\" = https://api.bigcommerce.com/accounts/$UUID/graphql && $(same BIGCOMMERCE_ACCESS_TOKEN "$T_TMP/tok")"
# Registries written before stored the account-level path without /graphql: still loaded, shown and
# handed on in BigCommerce's form.
REGF=$XDG_DATA_HOME/storekeys/registry.json
"$PYTHON3" -c 'import json,sys
p = sys.argv[1]; d = json.load(open(p))
for a in d["accounts"]:
    if a["level"] == "account": a["api_path"] = a["api_path"].replace("/graphql", "")
json.dump(d, open(p, "w"))' "$REGF"
check "setup: an old registry stores .../accounts/UUID" sh -c "grep -q 'accounts/$UUID\"' '$REGF'"
check "an old registry: list --json shows the path with /graphql" sh -c \
	"$SK list --json | grep -q '\"api_path\":[[:space:]]*\"https://api.bigcommerce.com/accounts/$UUID/graphql\"'"
check "... show too" sh -c "$SK show 'Account admin' | grep -q 'accounts/$UUID/graphql'"
check "... and exec hands it on with /graphql" $SK exec 'Account admin' -- sh -c \
	"test \"\$BIGCOMMERCE_API_PATH\" = https://api.bigcommerce.com/accounts/$UUID/graphql"
check "the API path follows the origin in use (tests, demo)" env STOREKEYS_API_ORIGIN=http://127.0.0.1:9 \
	$SK exec 'Order sync' -- sh -c 'test "$BIGCOMMERCE_API_PATH" = http://127.0.0.1:9/stores/abc123/v3/'

check "catalyst style" $SK exec 'Order sync' --env-style catalyst -- sh -c \
	"$(same BIGCOMMERCE_ACCESS_TOKEN "$T_TMP/tok") && $(same BIGCOMMERCE_CLIENT_SECRET "$T_TMP/sec") &&
	 test \"\$BIGCOMMERCE_STORE_HASH\" = abc123 && test \"\$BIGCOMMERCE_CLIENT_ID\" = cid-exec && test -z \"\${BIGCOMMERCE_API_PATH+x}\""
check "catalyst style: the storefront's own token and channel (not storekeys') are left as the caller set them" \
	env BIGCOMMERCE_STOREFRONT_TOKEN=sf-jwt BIGCOMMERCE_CHANNEL_ID=7 $SK exec 'Order sync' --env-style catalyst -- sh -c \
	'test "$BIGCOMMERCE_STOREFRONT_TOKEN" = sf-jwt && test "$BIGCOMMERCE_CHANNEL_ID" = 7'
check "catalyst --help names which program reads which variable" sh -c \
	"$SK exec --help | grep catalyst | grep -q 'Catalyst CLI' && $SK exec --help | grep -q BIGCOMMERCE_STOREFRONT_TOKEN"

# The caller's resource limits reach COMMAND (storekeys itself runs with a soft core limit of 0, and a
# hard limit of 0 could never be raised again by COMMAND).
limits='ulimit -Hc; ulimit -c'
# (A sanitizer runtime lowers the soft core limit itself before storekeys runs, unless told not to.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}disable_coredump=0"
export ASAN_OPTIONS
for style in bigcommerce stencil; do
	mkdir -p "$T_TMP/rl"
	check "$style style: COMMAND gets the caller's core limits (hard and soft)" sh -c "
		ulimit -Hc 4096 && ulimit -Sc 2048 || exit 0
		want=\$({ $limits; } | tr '\n' ' '); got=\$($SK exec 'Order sync' --env-style $style \
			\$(test $style = stencil && echo --theme-dir '$T_TMP/rl') -- sh -c '$limits' | tr '\n' ' ')
		test \"\$got\" = \"\$want\" || { echo \"child: \$got caller: \$want\"; false; }"
done

# --env-style stencil: Stencil CLI reads no environment variable, only secrets.stencil.json (accessToken)
# in the theme directory. The token file exists while COMMAND runs (private), and the caller's file is
# back byte for byte afterwards, whatever way COMMAND ends.
TH=$T_TMP/theme
mkdir "$TH"
printf '{\n  "accessToken": "caller-own",\n  "githubToken": "gh-keep"\n}\n' >"$TH/secrets.stencil.json"
chmod 644 "$TH/secrets.stencil.json"
cp -p "$TH/secrets.stencil.json" "$T_TMP/secrets.orig"
# inside.sh: COMMAND's view of the theme directory: token file private, caller's fields kept, env clean.
cat >"$T_TMP/inside.sh" <<EOF
set -e
cd "$TH"
test "\$(stat -c %a secrets.stencil.json)" = 600
tr -d '\n' <secrets.stencil.json | grep -q "\"accessToken\":[[:space:]]*\"\$(cat '$T_TMP/tok')\""
grep -q gh-keep secrets.stencil.json
! env | grep -q SKCANARY
EOF
inside="sh $T_TMP/inside.sh"
unchanged() { cmp -s "$TH/secrets.stencil.json" "$T_TMP/secrets.orig" &&
	test "$(stat -c %a "$TH/secrets.stencil.json")" = 644 && test "$(ls -A "$TH" | wc -l)" -eq 1 &&
	! grep -rq SKCANARY "$TH"; }
check "stencil style: COMMAND (in the theme dir) finds the token in secrets.stencil.json, 0600, other fields kept" \
	sh -c "cd '$TH' && $SK exec 'Order sync' --env-style stencil -- $inside"
check "... and not in its environment; afterwards the caller's file is back byte for byte (and mode)" unchanged
check_exit 7 "--theme-dir DIR: COMMAND's exit status passes through" \
	$SK exec 'Order sync' --env-style stencil --theme-dir "$TH" -- sh -c "$inside && exit 7"
check "... file restored" unchanged
check_exit 137 "COMMAND killed by a signal: storekeys ends the same way" \
	$SK exec 'Order sync' --env-style stencil --theme-dir "$TH" -- sh -c 'kill -KILL $$'
check "... file restored" unchanged
check_exit 127 "COMMAND not found: 127" $SK exec 'Order sync' --env-style stencil --theme-dir "$TH" -- /nonexistent/stencil
check "... file restored" unchanged
# storekeys itself gets SIGTERM (e.g. from a supervisor): COMMAND gets it, then the file is restored.
rm -f "$T_TMP/child.pid"
$SK exec 'Order sync' --env-style stencil --theme-dir "$TH" -- sh -c "echo \$\$ >'$T_TMP/child.pid'; sleep 30 & wait" \
	>/dev/null 2>&1 &
skpid=$!
i=0; while [ ! -s "$T_TMP/child.pid" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
check "while it runs, the caller's file waits beside the token file" test -f "$TH/secrets.stencil.json.storekeys-saved"
check_exit 24 "a second run in the same theme directory is refused (busy)" \
	$SK exec 'Order sync' --env-style stencil --theme-dir "$TH" -- true
kill -TERM $skpid
wait $skpid; rc=$?
check "SIGTERM to storekeys: COMMAND ended by it, storekeys too (exit $rc)" test $rc -eq 143
check "... file restored" unchanged
# No file before: none after.
rm "$TH/secrets.stencil.json"
check "no secrets file before: COMMAND sees one" $SK exec 'Order sync' --env-style stencil --theme-dir "$TH" -- sh -c \
	"grep -q SKCANARY '$TH/secrets.stencil.json' && test \"\$(stat -c %a '$TH/secrets.stencil.json')\" = 600"
check "... and none is left after" test -z "$(ls -A "$TH")"
cp -p "$T_TMP/secrets.orig" "$TH/secrets.stencil.json"
# storekeys killed with SIGKILL cannot clean up; the next run in that directory restores first.
rm -f "$T_TMP/child.pid"
$SK exec 'Order sync' --env-style stencil --theme-dir "$TH" -- sh -c "echo \$\$ >'$T_TMP/child.pid'; exec sleep 30" \
	>/dev/null 2>&1 &
skpid=$!
i=0; while [ ! -s "$T_TMP/child.pid" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
kill -KILL $skpid; wait $skpid 2>/dev/null
kill "$(cat "$T_TMP/child.pid")" 2>/dev/null
check "after SIGKILL the token file is still there (documented)" grep -q SKCANARY "$TH/secrets.stencil.json"
check "the next run restores the caller's file first and says so" sh -c \
	"$SK exec 'Order sync' --env-style stencil --theme-dir '$TH' -- true 2>&1 | grep -q 'interrupted'"
check "... file restored" unchanged
# config.stencil.json can name the secrets file (Stencil CLI's secretsFileName).
printf '{"secretsFileName": "my.secrets.json"}\n' >"$TH/config.stencil.json"
check "secretsFileName in config.stencil.json: the token goes to that file" \
	$SK exec 'Order sync' --env-style stencil --theme-dir "$TH" -- sh -c \
	"grep -q SKCANARY '$TH/my.secrets.json' && ! grep -q SKCANARY '$TH/secrets.stencil.json'"
check "... and it is gone afterwards" test ! -e "$TH/my.secrets.json"
rm "$TH/config.stencil.json"
: >"$TH/.stencil"
check_exit 3 "an older .stencil file (Stencil CLI would migrate it over the token) is refused" \
	$SK exec 'Order sync' --env-style stencil --theme-dir "$TH" -- true
rm "$TH/.stencil"
check "... file untouched" unchanged
check_exit 2 "--theme-dir without --env-style stencil is a usage error" $SK exec 'Order sync' --theme-dir "$TH" -- true
check_exit 24 "a theme directory that does not exist" $SK exec 'Order sync' --env-style stencil --theme-dir "$T_TMP/none" -- true

# The real Stencil CLI from npm (tools/deps.sh installs it in a private prefix) against the fake
# BigCommerce: it must read the token from the file storekeys writes and send it to the API.
NPMP=${STOREKEYS_NPM_PREFIX:-/opt/storekeys-npm}/stencil
SPATH="$NPMP/node/node_modules/.bin:$NPMP/node_modules/.bin:$PATH"
if [ ! -x "$NPMP/node_modules/.bin/stencil" ]; then
	echo "# skip: the real Stencil CLI is not installed in $NPMP (tools/deps.sh installs it with npm)"
elif [ "$(PATH=$SPATH node -p 'process.versions.node.split(".")[0] >= 24' 2>/dev/null)" != true ]; then
	echo "# skip: Stencil CLI 10 needs Node >= 24, and tools/deps.sh could not install it in $NPMP/node"
else
	fake_start "$top_srcdir/tests/fakebc/seeds/test.json"
	# The seed's "Alpha Stencil" account (store abc123, Sites read-only, Themes modify).
	printf '%s\n%s\n' 874b1c00fc13f554635b7f641d1a0dc610a5dbc8c55732e54ccc4428f5d7a79a tok-a3-stencil-0000000000000000 |
		$SK add --name 'Alpha Stencil' --api-path https://api.bigcommerce.com/stores/abc123/v3/ \
		--client-id cid-a3-stencil-0000000000000000 >/dev/null || not_ok "add Alpha Stencil"
	ST=$T_TMP/real-theme
	mkdir "$ST"
	printf '{"name":"t","version":"1.0.0","meta":{"author_name":"x"},"settings":{},"variations":[{"name":"Light","settings":{}}]}\n' \
		>"$ST/config.json"
	printf '{"normalStoreUrl": "%s", "customLayouts": {}, "port": 3000}\n' "$FAKE_URL" >"$ST/config.stencil.json"
	printf '{"accessToken": "placeholder-not-a-token", "apiHost": "%s"}\n' "$FAKE_URL" >"$ST/secrets.stencil.json"
	cp "$ST/secrets.stencil.json" "$T_TMP/real.orig"
	# Control: run alone, Stencil CLI sends the placeholder and the fake refuses it (401).
	(cd "$ST" && PATH=$SPATH timeout 120 stencil pull) >"$T_TMP/stencil.alone" 2>&1
	check "control: the real Stencil CLI alone sends the file's placeholder, refused (401)" \
		grep -q '"GET /stores/abc123/v3/sites HTTP/1.1" 401' "$T_TMP/fake.log"
	: >"$T_TMP/fake.log"
	(cd "$ST" && PATH=$SPATH timeout 120 $SK exec 'Alpha Stencil' --env-style stencil -- stencil pull) \
		>"$T_TMP/stencil.out" 2>&1
	check "the real Stencil CLI under storekeys reads the token from secrets.stencil.json (fake answers 200)" sh -c \
		"grep -q '\"GET /stores/abc123/v3/sites HTTP/1.1\" 200' '$T_TMP/fake.log' || { cat '$T_TMP/stencil.out' '$T_TMP/fake.log'; false; }"
	check "... afterwards the theme's secrets file is as before, no token on disk" sh -c \
		"cmp -s '$ST/secrets.stencil.json' '$T_TMP/real.orig' && ! grep -rq tok-a3-stencil '$ST' &&
		 test -z \"\$(ls '$ST' | grep storekeys)\""
	fake_stop
fi

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
	"exec 'Order sync' --env-style stencil --theme-dir $TH -- sh -c 'exit 3'" "exec 'Account admin' --env-style stencil -- true" \
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
