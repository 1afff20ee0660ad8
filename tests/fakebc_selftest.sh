#!/bin/sh
# fakebc_selftest.sh - run the fake BigCommerce's own self-test (tests/fakebc/selftest.sh)
# from make check; it checks the fake follows the specs the client tests rely on.
exec sh "${top_srcdir:-.}/tests/fakebc/selftest.sh" "$@"
