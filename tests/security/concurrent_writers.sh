#!/bin/sh
# concurrent_writers.sh - R17: 8 storekeys processes x 20 `add` at once, each
# a read-modify-write of the registry under its flock: all 160 accounts are
# there afterwards, and keyring and registry agree (R5).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/security/seclib.sh"

# R17: concurrent CLI writers lose nothing: 8 processes x 20 adds.
i=0
while [ $i -lt 8 ]; do
	(j=0; while [ $j -lt 20 ]; do
		printf 'a\nb\n' | STOREKEYS_LOCK_TIMEOUT_MS=60000 $SK add --name "Writer $i item $j" --api-path https://api.bigcommerce.com/stores/w$i/v3/ --client-id cid >/dev/null 2>>"$T_TMP/conc.err" || echo "fail $i $j" >>"$T_TMP/conc.fail"
		j=$((j + 1)); done) &
	i=$((i + 1))
done
wait
check "R17: 8 concurrent writers x 20 adds all succeeded" sh -c "test ! -s '$T_TMP/conc.fail' || { cat '$T_TMP/conc.err'; false; }"
check "R17: all 160 accounts are in the registry" sh -c "test \$($SK list --json | $PYTHON3 -c 'import json,sys; print(sum(1 for a in json.load(sys.stdin)[\"accounts\"] if a[\"name\"].startswith(\"Writer \")))') -eq 160"
check "R17/R5: and keyring and registry agree" agree
secfinish
