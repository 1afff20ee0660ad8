#!/bin/sh
# autogen.sh - generate configure and Makefile.in from a git checkout.
set -e
cd "$(dirname "$0")"
mkdir -p m4 build-aux
autoreconf -fi
# Every test goes through build-aux/cmocka-driver.sh, which wraps automake's
# stock test-driver; automake does not install that one when LOG_DRIVER is set.
cp -f "$(automake --print-libdir)/test-driver" build-aux/test-driver
