#!/bin/sh
# Automake LOG_DRIVER: the stock test-driver, but the logs of passing tests
# are copied into test-suite.log too, so CI shows every assertion that ran.
trs=; prev=
for a in "$@"; do [ "$prev" = "--trs-file" ] && trs=$a; prev=$a; done
"${SHELL:-/bin/sh}" "$(dirname "$0")/test-driver" "$@"
rc=$?
[ -n "$trs" ] && [ -f "$trs" ] && sed -i 's/^:copy-in-global-log: no$/:copy-in-global-log: yes/' "$trs"
exit $rc
