# mk/http.mk - the BigCommerce API client and the webhook command tests.
libstorekeys_a_SOURCES += src/bc.h \
	src/bc_http.c src/bc_http.h \
	src/curl_dl.c src/curl_dl.h \
	src/bc_parse.c src/bc_parse.h \
	src/bc_api.c \
	src/hook_events.c \
	src/bc_content.c

HTTP_UNIT_TESTS = tests/test_bc_parse tests/test_bc_http
# test_bc_http also calls libcurl itself (its own raw requests to the fake)
tests_test_bc_http_LDADD = $(LDADD) $(CURL_LIBS)
if HAVE_CMOCKA
check_PROGRAMS += $(HTTP_UNIT_TESTS)
TESTS += $(HTTP_UNIT_TESTS)
endif

HTTP_SCRIPT_TESTS = tests/cli_webhooks.sh tests/cli_hookwrite.sh tests/cli_rotate.sh tests/cli_libcurl.sh
TESTS += $(HTTP_SCRIPT_TESTS)
# the fake BigCommerce is shared with other tests; listing it twice in EXTRA_DIST is harmless
EXTRA_DIST += $(HTTP_SCRIPT_TESTS) tests/pty-run.py tests/fixtures/api tests/fakebc/fakebc.py tests/fakebc/seeds/test.json tests/fakebc/seeds/rotate.json
