# mk/security.mk - security tests (issue 5; map of R1-R24: tests/security/README.md).
# Fast ones run in every `make check` (and again under ASan+UBSan in CI);
# slow ones (fuzzing, the 1,000-trial kill loop) run from tools/security.sh.

# ---- R20: fuzz targets, replayed over the committed corpus without clang ----
# (tools/security.sh builds the same tests/fuzz/fuzz_*.c with clang -fsanitize=fuzzer)
# A target is one word in FUZZ_REPLAYS and one _SOURCES line; replay.c takes the target's name
# (its corpus directory) from the program's name, and the program links the global LDADD.
FUZZ_REPLAYS = tests/fuzz/replay_registry tests/fuzz/replay_credfile tests/fuzz/replay_api_path \
	tests/fuzz/replay_hooks_page tests/fuzz/replay_hook tests/fuzz/replay_hooks_admin \
	tests/fuzz/replay_store_info tests/fuzz/replay_account_answer tests/fuzz/replay_error_body \
	tests/fuzz/replay_metafields tests/fuzz/replay_scripts
check_PROGRAMS += $(FUZZ_REPLAYS)
TESTS += $(FUZZ_REPLAYS)
tests_fuzz_replay_registry_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_registry.c tests/fuzz/fuzz.h
tests_fuzz_replay_credfile_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_credfile.c tests/fuzz/fuzz.h
tests_fuzz_replay_api_path_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_api_path.c tests/fuzz/fuzz.h
tests_fuzz_replay_hooks_page_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_hooks_page.c tests/fuzz/fuzz.h
tests_fuzz_replay_hook_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_hook.c tests/fuzz/fuzz.h
tests_fuzz_replay_hooks_admin_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_hooks_admin.c tests/fuzz/fuzz.h
tests_fuzz_replay_store_info_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_store_info.c tests/fuzz/fuzz.h
tests_fuzz_replay_account_answer_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_account_answer.c tests/fuzz/fuzz.h
tests_fuzz_replay_error_body_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_error_body.c tests/fuzz/fuzz.h
tests_fuzz_replay_metafields_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_metafields.c tests/fuzz/fuzz.h
tests_fuzz_replay_scripts_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_scripts.c tests/fuzz/fuzz.h
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
