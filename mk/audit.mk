# mk/audit.mk - the parallel audit core and the audit and exec tests.
libstorekeys_a_SOURCES += src/audit.c src/audit.h

if HAVE_CMOCKA
check_PROGRAMS += tests/test_audit
tests_test_audit_LDADD = $(TEST_LDADD)
TESTS += tests/test_audit
endif

TESTS += tests/cli_audit.sh tests/cli_exec.sh
# bench/ is not part of make check (bench/README.md), but ships with the sources.
EXTRA_DIST += tests/cli_audit.sh tests/cli_exec.sh \
	bench/README.md bench/RESULTS.md bench/run.sh bench/measure.py bench/curl_seq.sh bench/keyring_bench.c
