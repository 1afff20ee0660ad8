#!/bin/sh
# test.sh - install the dependencies, build storekeys and run the whole test suite (make check).
# Every test runs in a private D-Bus session with its own gnome-keyring and XDG dirs.
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh
./autogen.sh >/dev/null 2>&1
mkdir -p _build
cd _build
[ -f Makefile ] || ../configure -q --enable-werror
make -s -j"$(nproc)"
make -s -j"$(nproc)" check
