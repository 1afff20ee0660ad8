# keepassxc.mk - KeePassXC as a second Secret Service provider (issue 14):
# tests/with-keepassxc.sh runs a test under a headless KeePassXC, and
# `make check-keepassxc` (tools/keepassxc-test.sh) runs the keyring tests under it.
EXTRA_DIST += tests/with-keepassxc.sh tests/kpxc-lib.sh tests/keyring-ctl.sh tests/keepassxc.sh tests/keepassxc_remove.sh \
	tools/keepassxc-test.sh

check-keepassxc: $(check_PROGRAMS) storekeys
	$(SHELL) $(top_srcdir)/tools/keepassxc-test.sh '$(abs_top_builddir)'
.PHONY: check-keepassxc
