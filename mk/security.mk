# mk/security.mk - security tests (issue 5; map of R1-R24: tests/security/README.md).
# Fast ones run in every `make check` (and again under ASan+UBSan in CI);
# slow ones (fuzzing, the 1,000-trial kill loop) run from tools/security.sh.

# ---- R20: fuzz targets, replayed over the committed corpus without clang ----
# (tools/security.sh builds the same tests/fuzz/fuzz_*.c with clang -fsanitize=fuzzer)
FUZZ_LDADD = $(CORE_LIBS)
check_PROGRAMS += tests/fuzz/replay_registry tests/fuzz/replay_credfile tests/fuzz/replay_api_path \
	tests/fuzz/replay_hooks_page tests/fuzz/replay_hook tests/fuzz/replay_hooks_admin \
	tests/fuzz/replay_store_info tests/fuzz/replay_account_answer tests/fuzz/replay_error_body \
	tests/fuzz/replay_metafields tests/fuzz/replay_scripts
TESTS += tests/fuzz/replay_registry tests/fuzz/replay_credfile tests/fuzz/replay_api_path \
	tests/fuzz/replay_hooks_page tests/fuzz/replay_hook tests/fuzz/replay_hooks_admin \
	tests/fuzz/replay_store_info tests/fuzz/replay_account_answer tests/fuzz/replay_error_body \
	tests/fuzz/replay_metafields tests/fuzz/replay_scripts
tests_fuzz_replay_registry_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_registry.c tests/fuzz/fuzz.h
tests_fuzz_replay_registry_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"registry"'
tests_fuzz_replay_registry_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_credfile_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_credfile.c tests/fuzz/fuzz.h
tests_fuzz_replay_credfile_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"credfile"'
tests_fuzz_replay_credfile_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_api_path_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_api_path.c tests/fuzz/fuzz.h
tests_fuzz_replay_api_path_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"api_path"'
tests_fuzz_replay_api_path_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_hooks_page_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_hooks_page.c tests/fuzz/fuzz.h
tests_fuzz_replay_hooks_page_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"hooks_page"'
tests_fuzz_replay_hooks_page_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_hook_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_hook.c tests/fuzz/fuzz.h
tests_fuzz_replay_hook_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"hook"'
tests_fuzz_replay_hook_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_hooks_admin_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_hooks_admin.c tests/fuzz/fuzz.h
tests_fuzz_replay_hooks_admin_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"hooks_admin"'
tests_fuzz_replay_hooks_admin_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_store_info_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_store_info.c tests/fuzz/fuzz.h
tests_fuzz_replay_store_info_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"store_info"'
tests_fuzz_replay_store_info_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_account_answer_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_account_answer.c tests/fuzz/fuzz.h
tests_fuzz_replay_account_answer_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"account_answer"'
tests_fuzz_replay_account_answer_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_error_body_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_error_body.c tests/fuzz/fuzz.h
tests_fuzz_replay_error_body_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"error_body"'
tests_fuzz_replay_error_body_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_metafields_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_metafields.c tests/fuzz/fuzz.h
tests_fuzz_replay_metafields_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"metafields"'
tests_fuzz_replay_metafields_LDADD = $(FUZZ_LDADD)
tests_fuzz_replay_scripts_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_scripts.c tests/fuzz/fuzz.h
tests_fuzz_replay_scripts_CPPFLAGS = $(AM_CPPFLAGS) -DSK_FUZZ_NAME='"scripts"'
tests_fuzz_replay_scripts_LDADD = $(FUZZ_LDADD)
# fuzz_hook.c and fuzz_hooks_admin.c include fuzz_hooks_page.c for the shared webhook checks
EXTRA_DIST += tests/fuzz/corpus

# ---- fast security tests (each names the requirements it proves) ----
TESTS += tests/security/lint.sh tests/security/leak.sh tests/security/keyring_faults.sh \
	tests/security/net_tls.sh tests/security/tui_terminal.sh
EXTRA_DIST += tests/fuzz/fuzz.h tests/fuzz/fuzz_hooks_page.c tools/security.sh \
	tests/security/README.md tests/security/seclib.sh tests/security/leakscan.py \
	tests/security/procsampler.py tests/security/regstate.py tests/security/hang-service.py \
	tests/security/seed-leak.json tests/security/lint.sh tests/security/leak.sh \
	tests/security/keyring_faults.sh tests/security/net_tls.sh tests/security/crash_faults.sh \
	tests/security/concurrent_writers.sh tests/security/kill_loop.py tests/security/tui_terminal.sh
