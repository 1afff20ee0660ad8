# mk/core.mk - the core library (src/) and its unit tests.
libstorekeys_a_SOURCES += \
	src/error.c src/error.h \
	src/util.c src/util.h \
	src/account.c src/account.h \
	src/scopes.c src/scopes.h \
	src/credfile.c src/credfile.h \
	src/registry.c src/registry.h \
	src/json_arena.c src/json_arena.h \
	src/json_parse.c src/json_parse.h \
	src/keyring.c src/keyring.h \
	src/vault.c src/vault.h \
	src/about.c src/about.h \
	src/jsonout.c src/jsonout.h \
	src/rotate.c src/rotate.h

# Unit tests (cmocka): tests/NAME.c is the whole program; it links the global LDADD
# (Makefile.am). Adding one is adding its name here (tests/README.md).
CORE_UNIT_TESTS = tests/test_util tests/test_account tests/test_scopes tests/test_credfile \
	tests/test_registry tests/test_keyring tests/test_vault tests/test_json_out \
	tests/test_rotate tests/test_json_arena tests/test_json_parse
if HAVE_CMOCKA
check_PROGRAMS += $(CORE_UNIT_TESTS)
TESTS += $(CORE_UNIT_TESTS)
endif

# Shell tests of the real binary, each inside tests/with-keyring.sh.
CORE_SCRIPT_TESTS = tests/cli_basic.sh tests/cli_index.sh tests/cli_recovery.sh tests/suggested_commands.sh tests/docs.sh \
	tests/fakebc_selftest.sh tests/cli_prompt.sh tests/cli_txt.sh tests/cli_names.sh \
	tests/cli_import_many.sh
TESTS += $(CORE_SCRIPT_TESTS)
EXTRA_DIST += $(CORE_SCRIPT_TESTS) tests/fixtures/txt tests/README.md \
	tests/testutil.h tests/kr_fixture.h tests/fakebc/selftest.sh tests/lib.sh tests/kr-unlock.py tests/kr-collection.py \
	tests/fakebc/fakebc.py tests/fakebc/README.md tests/fakebc/seeds/demo.json tests/fakebc/seeds/test.json \
	tools/import-manifest.sh tools/demo.sh tools/test.sh tools/deps.sh
