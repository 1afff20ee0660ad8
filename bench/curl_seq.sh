#!/bin/sh
# curl_seq.sh ORIGIN TOKENS - the baseline a script would write: one curl per account, one after
# another, GET /v3/hooks/admin with the account's token. TOKENS has "STORE_HASH TOKEN" lines; each
# token reaches curl through a config on stdin, never on its command line.
origin=$1
while read -r hash token; do
	printf 'url = "%s/stores/%s/v3/hooks/admin"\nheader = "X-Auth-Token: %s"\noutput = "/dev/null"\ncompressed\nsilent\nshow-error\n' \
		"$origin" "$hash" "$token" | curl -K - || exit 1
done <"$2"
