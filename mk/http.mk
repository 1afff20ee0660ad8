# mk/http.mk - the BigCommerce API client and the webhook command tests.
libstorekeys_a_SOURCES += src/bc.h \
	src/bc_http.c src/bc_http.h \
	src/bc_parse.c src/bc_parse.h \
	src/bc_api.c

if HAVE_CMOCKA
check_PROGRAMS += tests/test_bc_parse tests/test_bc_http
tests_test_bc_parse_LDADD = $(TEST_LDADD)
tests_test_bc_http_LDADD = $(TEST_LDADD)
TESTS += tests/test_bc_parse tests/test_bc_http
endif

TESTS += tests/cli_webhooks.sh
# the fake BigCommerce is shared with other tests; listing it twice in EXTRA_DIST is harmless
EXTRA_DIST += tests/cli_webhooks.sh tests/fixtures/api tests/fakebc/fakebc.py tests/fakebc/seeds/test.json
