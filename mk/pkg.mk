# mk/pkg.mk - shell completion installed beside the program and man page, and the tests
# of completion and of make install/uninstall. Debian packaging lives in debian/.
# bash-completion loads completions/NAME on demand; zsh finds _NAME on its fpath
# (debian/rules passes zshcompletiondir=/usr/share/zsh/vendor-completions).
bashcompletiondir = $(datadir)/bash-completion/completions
zshcompletiondir = $(datadir)/zsh/site-functions
dist_zshcompletion_DATA = completion/_storekeys

# The bash file is completion/storekeys.bash in the tree and installs under the command's name.
install-data-local:
	$(MKDIR_P) '$(DESTDIR)$(bashcompletiondir)'
	$(INSTALL_DATA) '$(srcdir)/completion/storekeys.bash' '$(DESTDIR)$(bashcompletiondir)/storekeys'
uninstall-local:
	rm -f '$(DESTDIR)$(bashcompletiondir)/storekeys'

PKG_SCRIPT_TESTS = tests/completion.sh tests/install.sh
TESTS += $(PKG_SCRIPT_TESTS)
EXTRA_DIST += $(PKG_SCRIPT_TESTS) completion/storekeys.bash tests/zsh-complete.zsh tools/deb-test.sh
