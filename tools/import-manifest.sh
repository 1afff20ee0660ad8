#!/bin/sh
# import-manifest.sh DIR [ADD-OPTIONS...] - import every control-panel .txt that
# `fakebc.py --write-txt DIR` wrote, with the token type and scopes from its
# manifest.tsv (a real .txt does not carry them). Used by the demo and tests.
set -eu
dir=$1
shift
SK=${STOREKEYS:-storekeys}
n=0
tab=$(printf '\t')
while IFS="$tab" read -r level owner name type stencil scopes file; do
	set -- "$@"
	extra=""
	[ "$type" = stencil ] && extra="--token-type stencil --access-level $stencil"
	[ "$scopes" = - ] && scopes=""
	# shellcheck disable=SC2086
	if "$SK" add --from-file "$dir/$file" --scopes "$scopes" $extra "$@" >/dev/null 2>"$dir/.err"; then
		n=$((n + 1))
	else
		echo "import-manifest: could not import $file: $(cat "$dir/.err")" >&2
	fi
done <"$dir/manifest.tsv"
echo "$n"
