# mk/core.mk - the core library (src/) and its unit tests.
libstorekeys_a_SOURCES += \
	src/error.c src/error.h \
	src/util.c src/util.h \
	src/account.c src/account.h \
	src/scopes.c src/scopes.h \
	src/credfile.c src/credfile.h \
	src/registry.c src/registry.h \
	src/keyring.c src/keyring.h \
	src/vault.c src/vault.h \
	src/about.c src/about.h \
	src/jsonout.c src/jsonout.h

TEST_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/test_json_out
tests_test_json_out_LDADD = $(TEST_LDADD)
TESTS += tests/test_json_out
check_PROGRAMS += tests/test_util tests/test_account tests/test_scopes tests/test_credfile \
	tests/test_registry tests/test_keyring
tests_test_util_LDADD = $(TEST_LDADD)
tests_test_account_LDADD = $(TEST_LDADD)
tests_test_scopes_LDADD = $(TEST_LDADD)
tests_test_credfile_LDADD = $(TEST_LDADD)
tests_test_registry_LDADD = $(TEST_LDADD)
tests_test_keyring_LDADD = $(TEST_LDADD)
TESTS += tests/test_util tests/test_account tests/test_scopes tests/test_credfile \
	tests/test_registry tests/test_keyring
endif

TESTS += tests/cli_basic.sh tests/cli_recovery.sh tests/suggested_commands.sh tests/docs.sh tests/fakebc_selftest.sh
TESTS += tests/cli_prompt.sh
EXTRA_DIST += tests/cli_prompt.sh
TESTS += tests/cli_txt.sh tests/cli_names.sh
EXTRA_DIST += tests/cli_txt.sh tests/cli_names.sh tests/fixtures/txt
EXTRA_DIST += tests/cli_basic.sh tests/cli_recovery.sh tests/suggested_commands.sh tests/docs.sh tests/fakebc_selftest.sh tests/fakebc/selftest.sh tests/lib.sh tests/testutil.h tests/kr-unlock.py tests/kr-collection.py \
	tests/fakebc/fakebc.py tests/fakebc/README.md tests/fakebc/seeds/demo.json tests/fakebc/seeds/test.json \
	tools/import-manifest.sh tools/demo.sh tools/test.sh tools/deps.sh
