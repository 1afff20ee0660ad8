#!/bin/sh
# completion.sh - the bash completion, driven through its function the way bash calls it
# (COMP_LINE, COMP_POINT, COMP_WORDS, COMP_CWORD -> COMPREPLY): every command and option
# of `storekeys --help`, option values, account names from `list --names` quoted so the
# shell reads them back (spaces, '/', ':', quotes), with the keyring absent; then real bash (in
# tmux) and real zsh (zpty) complete typed lines the same way. The zsh file
# is syntax-checked and must name every command and option of --help too.
. "${top_srcdir:-.}/tests/lib.sh"

if ! command -v bash >/dev/null; then
	echo "SKIP: bash is not installed"
	exit 77
fi
BASHCOMP="$top_srcdir/completion/storekeys.bash"
ZSHCOMP="$top_srcdir/completion/_storekeys"
SKDIR=$(cd "$(dirname "$STOREKEYS")" && pwd)

# comp LINE: print what the completion offers for LINE (cursor at the end), one per line.
cat >"$T_TMP/comp.bash" <<'EOF'
. "$1" || exit 3
COMP_LINE=$2
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<<"$COMP_LINE"
[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
complete -p storekeys >/dev/null || exit 4
_storekeys storekeys "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" || exit 5
# Nothing of the completion's state is left in the user's shell.
declare -p _sk_w _sk_q >/dev/null 2>&1 && { echo "completion state leaked into the shell" >&2; exit 6; }
((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}"
exit 0
EOF
comp() { PATH="$SKDIR:$PATH" bash "$T_TMP/comp.bash" "$BASHCOMP" "$1"; }
# offers LINE WORD...: each WORD is among the completions of LINE.
offers() {
	l=$1; shift
	comp "$l" >"$T_TMP/c" 2>"$T_TMP/cerr" || { not_ok "completing '$l' failed: $(cat "$T_TMP/cerr")"; return; }
	miss=""
	for w in "$@"; do grep -qxF -- "$w" "$T_TMP/c" || miss="$miss $w"; done
	if [ -z "$miss" ]; then ok "'$l' offers $*"; else not_ok "'$l' lacks$miss (got: $(tr '\n' ' ' <"$T_TMP/c"))"; fi
}
# exactly LINE FILE: the completions of LINE are the lines of FILE (in any order).
exactly() {
	comp "$1" | sort >"$T_TMP/got"
	sort "$2" >"$T_TMP/want"
	if cmp -s "$T_TMP/got" "$T_TMP/want"; then ok "'$1' offers exactly $(tr '\n' '|' <"$T_TMP/want")"; else
		not_ok "'$1' offers $(tr '\n' '|' <"$T_TMP/got"), wanted $(tr '\n' '|' <"$T_TMP/want")"; fi
}

# ---- commands, options and values come from --help ------------------------------------
"$STOREKEYS" --help >"$T_TMP/help"
cmds=$(sed -n 's/^  \([a-z][a-z]*\)\( .*\)\{0,1\}$/\1/p' "$T_TMP/help" | sort -u)
[ "$(echo "$cmds" | wc -l)" -ge 10 ] && ok "--help lists $(echo $cmds | wc -w) commands" || not_ok "no commands in --help"
# shellcheck disable=SC2086
offers "storekeys " $cmds
for c in $cmds; do
	opts=$(grep "^  $c " "$T_TMP/help" | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	[ -n "$opts" ] || continue
	# shellcheck disable=SC2086
	offers "storekeys $c --" $opts
	# shellcheck disable=SC2086
	grep -q "^[[:space:]]*$c)" "$ZSHCOMP" || not_ok "zsh completion has no case for $c"
	for o in $opts; do grep -qE -- "$o(=|\\[)" "$ZSHCOMP" ||
		not_ok "zsh completion lacks $c $o"; done
done
gopts=$(sed -n '/^Options:/,/^$/p' "$T_TMP/help" | grep -oE -- '(^| )--?[a-zA-Z][a-z-]*' | tr -d ' ' | sort -u)
# shellcheck disable=SC2086
offers "storekeys -" $gopts
# Every "--opt a|b|c" of --help: its values follow --opt, and --opt=.
grep -oE -- '--[a-z-]+ [a-z0-9]+(\|[a-z0-9]+)+' "$T_TMP/help" | sort -u | while read -r opt vals; do
	c=$(grep -F -- "$opt $vals" "$T_TMP/help" | head -1 | awk '{print $1}')
	# shellcheck disable=SC2046
	offers "storekeys $c x $opt " $(echo "$vals" | tr '|' ' ')
	# shellcheck disable=SC2046
	offers "storekeys $c x $opt=" $(echo "$vals" | tr '|' ' ')
done >"$T_TMP/values"
cat "$T_TMP/values"
T_PASS=$((T_PASS + $(grep -c '^ok' "$T_TMP/values")))
T_FAIL=$((T_FAIL + $(grep -c '^not ok' "$T_TMP/values")))
grep -q -- '--env-style bigcommerce|stencil|catalyst' "$T_TMP/values" "$T_TMP/help" && ok "--env-style values are in --help" ||
	not_ok "--help lacks the --env-style values"
offers "storekeys exec foo --env-style=s" stencil
offers "storekeys exec foo --env-style sten" stencil
for c in $cmds; do
	grep -qE "^[[:space:]]*'$c:" "$ZSHCOMP" && continue
	not_ok "zsh completion lacks the command $c"
done

# ---- account names: list --names, no keyring, quoted --------------------------------
printf 's3cret-client\nt0ken-access\n' >"$T_TMP/secrets"
add() {
	"$STOREKEYS" add --name "$1" --api-path "https://api.bigcommerce.com/stores/$2/v3/" --client-id "cid$3" \
		<"$T_TMP/secrets" >"$T_TMP/out" 2>&1 || { not_ok "add $1"; cat "$T_TMP/out"; }
}
add 'Order sync' abc123 1
add 'Order sync' def456 2
add 'Zapier: orders' abc123 3
add 'Ops/Daily feed' abc123 4
add "Bob's \"feed\" \$HOME" abc123 5
add 'Plain name' def456 6
cat >"$T_TMP/names" <<'EOF'
abc123/Order sync
def456/Order sync
Zapier: orders
Ops/Daily feed
Bob's "feed" $HOME
Plain name
EOF
"$STOREKEYS" list --names >"$T_TMP/n1" 2>&1
if cmp -s "$T_TMP/n1" "$T_TMP/names"; then ok "list --names: one ACCOUNT per line, OWNER/NAME when ambiguous"; else
	not_ok "list --names printed:"; cat "$T_TMP/n1"; fi
env -u DBUS_SESSION_BUS_ADDRESS "$STOREKEYS" list --names >"$T_TMP/n2" 2>&1
if cmp -s "$T_TMP/n2" "$T_TMP/names"; then ok "list --names works without any D-Bus session (no keyring call)"; else
	not_ok "list --names without D-Bus:"; cat "$T_TMP/n2"; fi
check_exit 2 "list --names --json is a usage error" "$STOREKEYS" list --names --json
grep -q -- 'list \[--json|--names\]' "$T_TMP/help" && ok "--help shows list --names" || not_ok "--help lacks list --names"

# Each offered word, read back by the shell, is exactly one registered ACCOUNT.
comp "storekeys show " >"$T_TMP/shown"
: >"$T_TMP/back"
while IFS= read -r w; do bash -c 'eval "set -- $1"; [ $# -eq 1 ] && printf "%s\n" "$1"' - "$w" >>"$T_TMP/back"; done <"$T_TMP/shown"
if cmp -s "$T_TMP/back" "$T_TMP/names"; then ok "every name is offered, quoted so the shell reads it back as one word"; else
	not_ok "names read back:"; cat "$T_TMP/shown" "$T_TMP/back"; fi
offers "storekeys show " 'abc123/Order\ sync' 'Zapier:\ orders' 'Ops/Daily\ feed' 'Bob\'"'"'s\ \"feed\"\ \$HOME'
printf '%s\n' 'Ops/Daily\ feed' >"$T_TMP/w"
exactly "storekeys token Ops/" "$T_TMP/w"
printf '%s\n' 'abc123/Order\ sync' >"$T_TMP/w"
exactly "storekeys --api-origin http://127.0.0.1:1 verify abc" "$T_TMP/w"
# ':' breaks words for readline: only what follows it is replaced.
printf '%s\n' '\ orders' >"$T_TMP/w"
exactly "storekeys remove Zapier:" "$T_TMP/w"
# Inside an open quote readline keeps the quote: the rest comes unescaped (' ) or "-escaped.
printf '%s\n' 'Plain name' >"$T_TMP/w"
exactly "storekeys show 'Pla" "$T_TMP/w"
printf '%s\n' 'Bob'"'"'s \"feed\" \$HOME' >"$T_TMP/w"
exactly 'storekeys webhooks "Bo' "$T_TMP/w"
printf '%s\n' 'Plain\ name' >"$T_TMP/w"
exactly "storekeys exec Pl" "$T_TMP/w"
: >"$T_TMP/w"
exactly "storekeys show Plain\\ name " "$T_TMP/w"
exactly "storekeys add --name Pl" "$T_TMP/w"
exactly "storekeys list " "$T_TMP/w"
offers "storekeys exec 'Plain name' -- bas" bash
# With the keyring gone, names still complete (the registry alone).
DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent offers "storekeys notify Pl" 'Plain\ name'

# ---- bash with readline: type and TAB in an interactive bash in tmux -----------------
if command -v tmux >/dev/null; then
	cat >"$T_TMP/bashrc" <<EOF
PS1='\$ '
PATH="$SKDIR:\$PATH"
HISTFILE=/dev/null
. "$BASHCOMP"
skprint() { printf '<<%s>>\n' "\$READLINE_LINE"; READLINE_LINE=; READLINE_POINT=0; }
bind -x '"\C-x": skprint'
EOF
	TMS="sk-comp-$$"
	tmc() { env -u TMUX tmux -L "$TMS" "$@"; }
	trap 'tmc kill-server 2>/dev/null' EXIT
	tmc new-session -d -x 220 -y 60 "env INPUTRC=/dev/null bash --noprofile --rcfile '$T_TMP/bashrc' -i"
	: >"$T_TMP/bgot"
	n=0
	for l in 'storekeys sh' 'storekeys show Ops/' 'storekeys token Zapier:' 'storekeys show "Pla' "storekeys show 'Pla" \
		'storekeys exec x --env-style=sten' 'storekeys verify abc' 'storekeys remove Bo' 'storekeys webhooks "Bo'; do
		n=$((n + 1))
		tmc send-keys -l "$l"
		tmc send-keys Tab
		tmc send-keys C-x
		i=0
		while [ "$(tmc capture-pane -p -S - -E - | grep -c '^<<')" -lt $n ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	done
	tmc capture-pane -p -S - -E - | sed -n 's/^<<\(.*\)>>$/\1/p' >"$T_TMP/bgot"
	tmc kill-server 2>/dev/null
	{
		printf '%s\n' 'storekeys show ' 'storekeys show Ops/Daily\ feed ' 'storekeys token Zapier:\ orders '
		printf '%s\n' 'storekeys show "Plain name" ' "storekeys show 'Plain name' " 'storekeys exec x --env-style=stencil '
		printf '%s\n' 'storekeys verify abc123/Order\ sync ' 'storekeys remove Bob\'"'"'s\ \"feed\"\ \$HOME '
		printf '%s\n' 'storekeys webhooks "Bob'"'"'s \"feed\" \$HOME" '
	} >"$T_TMP/bwant"
	if diff "$T_TMP/bwant" "$T_TMP/bgot" >"$T_TMP/bdiff"; then ok "bash (readline, in tmux) completes and quotes as the function said"; else
		not_ok "bash in tmux (want/got):"; cat "$T_TMP/bdiff"; fi
else
	echo "# tmux is not installed: bash's readline was not driven"
fi

# ---- zsh: the file parses, and completes in an interactive zsh (zpty) ------------------
if command -v zsh >/dev/null; then
	{
		printf '%s\n' 'storekeys show ' 'storekeys list --names ' 'storekeys exec x --env-style=stencil '
		printf '%s\n' 'storekeys webhooks x --status deactivated ' 'storekeys show Ops/Daily\ feed '
		printf '%s\n' 'storekeys token Zapier:\ orders ' 'storekeys verify abc123/Order\ sync '
		printf '%s\n' 'storekeys remove Bob\'"'"'s\ \"feed\"\ \$HOME ' 'storekeys notify "Plain name" '
		printf '%s\n' "storekeys exec 'Plain name' -- gnome-keyring-daemon "
	} >"$T_TMP/zwant"
	PATH="$SKDIR:$PATH" timeout 60 zsh -f "$top_srcdir/tests/zsh-complete.zsh" "$top_srcdir/completion" "$T_TMP/zcd" \
		'storekeys sh' 'storekeys list --na' 'storekeys exec x --env-style=sten' 'storekeys webhooks x --status deac' \
		'storekeys show Ops/' 'storekeys token Zap' 'storekeys verify abc' 'storekeys remove Bo' \
		'storekeys notify "Pla' "storekeys exec 'Plain name' -- gnome-keyring-d" >"$T_TMP/zgot" 2>"$T_TMP/zerr"
	if diff "$T_TMP/zwant" "$T_TMP/zgot" >"$T_TMP/zdiff"; then ok "zsh completes commands, options, values and quoted names"; else
		not_ok "zsh completion (want/got):"; cat "$T_TMP/zdiff" "$T_TMP/zerr"; fi
	if zsh -n "$ZSHCOMP"; then ok "zsh completion parses"; else not_ok "zsh completion does not parse"; fi
	if zsh -fc "autoload -Uz compinit && compinit -u -d '$T_TMP/zcd' && fpath=('$top_srcdir/completion' \$fpath) &&
		autoload -Uz _storekeys && compdef _storekeys storekeys && [[ \${_comps[storekeys]} == _storekeys ]]" 2>"$T_TMP/zerr"; then
		ok "zsh loads _storekeys for storekeys"
	else
		not_ok "zsh did not load _storekeys: $(cat "$T_TMP/zerr")"
	fi
else
	echo "# zsh is not installed: only the static checks of the zsh file ran"
fi
finish
