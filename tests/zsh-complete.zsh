# zsh-complete.zsh COMPDIR DUMPFILE LINE... - type each LINE and TAB in an interactive zsh
# on a pty (zsh/zpty), with COMPDIR on fpath, and print the buffer after the completion.
zmodload zsh/zpty || exit 3
dir=$1 dump=$2
shift 2
zpty z zsh -f -i
zpty -w z "PS1='' PS2=''; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -d ${(q)dump}"
zpty -w z 'skprint() { print -r -- "<<$BUFFER>>"; BUFFER=""; }; zle -N skprint; bindkey "^X" skprint'
zpty -w z 'print READY'
zpty -r z out '*READY*' || exit 4
for l in "$@"; do
	zpty -w -n z "$l"$'\t\x18'
	if ! zpty -r z out '*<<*>>*'; then
		print -r -- "no answer: $l"
		continue
	fi
	out=${out##*<<}
	print -r -- "${out%%>>*}"
done
zpty -d z
