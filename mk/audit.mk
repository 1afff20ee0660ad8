# mk/audit.mk - the parallel audit core and the audit and exec tests.
libstorekeys_a_SOURCES += src/audit.c src/audit.h

AUDIT_UNIT_TESTS = tests/test_audit
if HAVE_CMOCKA
check_PROGRAMS += $(AUDIT_UNIT_TESTS)
TESTS += $(AUDIT_UNIT_TESTS)
endif

AUDIT_SCRIPT_TESTS = tests/cli_audit.sh tests/cli_exec.sh tests/spec_prism.sh
TESTS += $(AUDIT_SCRIPT_TESTS)
# bench/ is not part of make check (bench/README.md), but ships with the sources.
EXTRA_DIST += $(AUDIT_SCRIPT_TESTS) \
	bench/README.md bench/RESULTS.md bench/run.sh bench/registry_bench.sh bench/gen_registry.py bench/measure.py bench/curl_seq.sh bench/keyring_bench.c

# The official OpenAPI files as a test oracle (issue 10): Prism mocks of tests/spec/*.yml.
# tools/deps.sh installs Prism under ~/.cache/storekeys-prism; the test skips (77) without it.
# HOME is read here, before tests/with-keyring.sh gives each test a private one.
AM_TESTS_ENVIRONMENT += \
	STOREKEYS_PRISM="$${STOREKEYS_PRISM:-$$HOME/.cache/storekeys-prism/node_modules/.bin/prism}"; \
	export STOREKEYS_PRISM;
EXTRA_DIST += tests/spec/prism_shim.py tests/spec/SOURCES.md \
	tests/spec/webhooks.v3.yml tests/spec/store_information.v2.yml tests/spec/store_information.v3.yml
