# storekeys.bash - bash completion for storekeys: commands, options per command, option
# values and account names. Names come from `storekeys list --names` (the registry only,
# never the keyring), quoted for the shell: spaces, quotes and ':' survive, '/' stays.
# Self-contained: works with or without the bash-completion package.

# Options of each command (the usage lines of `storekeys --help`; tests/completion.sh
# fails when a command or option there is missing here).
_storekeys_opts() {
	case $1 in
	add) echo "--from-file --name --token-type --access-level --scopes --verify --delete-file --keep-file --json --api-path --client-id --help" ;;
	list) echo "--json --names --help" ;;
	show) echo "--json --help" ;;
	token) echo "--client-secret --help" ;;
	remove) echo "--yes --help" ;;
	doctor) echo "--fix --restore-backup --start-empty --purge-orphan --yes --help" ;;
	scopes) echo "--level --json --help" ;;
	verify) echo "--probe-scopes --json --help" ;;
	webhooks) echo "--json --status --activate --create --update --delete --destination --header --clear-headers --active --inactive --yes --events --help" ;;
	notify) echo "--set --yes --json --help" ;;
	audit) echo "--json --store --max-inflight --per-store --deadline --help" ;;
	exec) echo "--env-style --theme-dir --help" ;;
	rotate) echo "--to --from-file --name --scopes --delete-file --dry-run --yes --json --help" ;;
	esac
}
_storekeys_commands="add list show token remove doctor scopes verify webhooks notify audit exec rotate tui"
_storekeys_global="--api-origin --cacert --verbose --help --version -v -h -V"
# Commands whose first argument is an ACCOUNT.
_storekeys_account_cmds=" show token remove verify webhooks notify exec rotate "
# Options that take a value (the next word, or --opt=VALUE).
_storekeys_valued=" --api-origin --cacert --from-file --name --token-type --access-level --scopes --api-path \
--client-id --level --status --activate --create --update --delete --destination --header --set --store --max-inflight --per-store --deadline --env-style --theme-dir --purge-orphan --to "

# Split the line up to the cursor the way the shell will (quotes, backslashes), into
# _sk_w (dequoted words; the last is the word being completed). Also sets _sk_q (the
# open quote of that word, if any), _sk_qlen (its dequoted length before that quote)
# and _sk_blen (its dequoted length before the last unquoted word-break character:
# readline replaces only what follows it).
_storekeys_lex() {
	local line=${COMP_LINE:0:COMP_POINT} ch i word="" inword=0 brk
	brk=${COMP_WORDBREAKS-:=}
	brk=${brk//[[:space:]\"\']/}
	_sk_w=() _sk_q="" _sk_qlen=0 _sk_blen=0
	for ((i = 0; i < ${#line}; i++)); do
		ch=${line:i:1}
		if [[ $_sk_q == "'" ]]; then
			if [[ $ch == "'" ]]; then _sk_q=""; else word+=$ch; fi
		elif [[ $_sk_q == '"' ]]; then
			if [[ $ch == '"' ]]; then
				_sk_q=""
			elif [[ $ch == '\' && $((i + 1)) -lt ${#line} && ${line:i+1:1} == [\\\"\$\`] ]]; then
				word+=${line:i+1:1}
				((i++))
			else
				word+=$ch
			fi
		elif [[ $ch == '\' ]]; then
			((i++))
			word+=${line:i:1}
			inword=1
		elif [[ $ch == [[:space:]] ]]; then
			((inword)) && _sk_w+=("$word")
			word="" inword=0 _sk_blen=0
		elif [[ $ch == [\"\'] ]]; then
			_sk_q=$ch _sk_qlen=${#word} inword=1
		else
			word+=$ch
			inword=1
			[[ -n $brk && $brk == *"$ch"* ]] && _sk_blen=${#word}
		fi
	done
	_sk_w+=("$word")
}

# Add the candidates (full dequoted words) that start with the current word to COMPREPLY,
# as the text readline must insert after its own word start, quoted for the shell.
_storekeys_reply() {
	local cur=${_sk_w[${#_sk_w[@]} - 1]} c rest
	for c in "$@"; do
		[[ $c == "$cur"* ]] || continue
		if [[ $_sk_q == "'" ]]; then
			rest=${c:_sk_qlen}
			COMPREPLY+=("${rest//\'/\'\\\'\'}")
		elif [[ $_sk_q == '"' ]]; then
			rest=${c:_sk_qlen}
			rest=${rest//\\/\\\\}
			rest=${rest//\"/\\\"}
			rest=${rest//\$/\\\$}
			COMPREPLY+=("${rest//\`/\\\`}")
		else
			rest=${c:_sk_blen}
			[[ -n $rest ]] && COMPREPLY+=("$(printf '%q' "$rest")")
		fi
	done
}

# The dequoted part of the current word that readline replaces (for compgen -f/-c).
_storekeys_rlword() {
	local cur=${_sk_w[${#_sk_w[@]} - 1]}
	if [[ -n $_sk_q ]]; then printf '%s' "${cur:_sk_qlen}"; else printf '%s' "${cur:_sk_blen}"; fi
}

_storekeys_values() {
	local opt=$1 pre=$2 v
	local -a vals=()
	case $opt in
	--env-style) vals=(bigcommerce stencil catalyst) ;;
	--token-type) vals=(v2v3 stencil) ;;
	--access-level) vals=(dev publish) ;;
	--status) vals=(active inactive deactivated) ;;
	--create)
		local skb=${_sk_w[0]}
		[[ $skb == */* ]] || skb=storekeys
		mapfile -t vals < <("$skb" webhooks --events 2>/dev/null </dev/null)
		;;
	--level) vals=(store account) ;;
	--from-file | --cacert)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$(_storekeys_rlword)")
		return
		;;
	--theme-dir)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$(_storekeys_rlword)")
		return
		;;
	esac
	for v in "${vals[@]}"; do
		_storekeys_reply "$pre$v"
	done
}

_storekeys() {
	local i n ci=0 cmd="" cur prev sk pos=0 dashdash=0 after=0
	local -a _sk_w # set by _storekeys_lex, with the three below; local, so nothing leaks into the shell
	local _sk_q _sk_qlen _sk_blen
	COMPREPLY=()
	_storekeys_lex
	n=${#_sk_w[@]}
	cur=${_sk_w[n - 1]}
	prev=""
	((n >= 2)) && prev=${_sk_w[n - 2]}

	# The command: the first word that is not a global option or its value.
	for ((i = 1; i < n - 1; i++)); do
		case ${_sk_w[i]} in
		--api-origin | --cacert) ((i++)) ;;
		--) ci=$((i + 1)); break ;;
		-*) ;;
		*) ci=$i; break ;;
		esac
	done
	((ci > 0 && ci < n - 1)) && cmd=${_sk_w[ci]}

	# Where the current word stands in the command's arguments.
	if [[ -n $cmd ]]; then
		for ((i = ci + 1; i < n - 1; i++)); do
			if ((dashdash)); then
				((after++))
			elif [[ ${_sk_w[i]} == -- ]]; then
				dashdash=1
			elif [[ $_storekeys_valued == *" ${_sk_w[i]} "* ]]; then
				((i++))
			elif [[ ${_sk_w[i]} != -* ]]; then
				((pos++))
			fi
		done
	fi

	if ((dashdash)); then # exec ACCOUNT -- COMMAND [ARGS...]
		if ((after == 0)); then
			mapfile -t COMPREPLY < <(compgen -c -- "$(_storekeys_rlword)")
		else
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$(_storekeys_rlword)")
		fi
		return 0
	fi
	if [[ $prev == --* && $_storekeys_valued == *" $prev "* ]]; then
		_storekeys_values "$prev" ""
		return 0
	fi
	if [[ $cur == --*=* && $_storekeys_valued == *" ${cur%%=*} "* ]]; then
		_storekeys_values "${cur%%=*}" "${cur%%=*}="
		return 0
	fi
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			_storekeys_reply $_storekeys_global
		else
			_storekeys_reply $_storekeys_commands
		fi
		return 0
	fi
	if [[ $cur == -* ]]; then
		_storekeys_reply $(_storekeys_opts "$cmd")
		[[ $cmd == exec && $pos -ge 1 ]] && _storekeys_reply --
		return 0
	fi
	if [[ $_storekeys_account_cmds == *" $cmd "* ]] && ((pos == 0)); then
		sk=${_sk_w[0]}
		[[ $sk == "~/"* ]] && sk=$HOME/${sk:2}
		[[ $sk == */* ]] || sk=storekeys
		local -a names=()
		mapfile -t names < <("$sk" list --names 2>/dev/null </dev/null)
		_storekeys_reply "${names[@]}"
	fi
	return 0
}

complete -F _storekeys storekeys
