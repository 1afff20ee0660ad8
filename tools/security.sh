#!/bin/sh
# tools/security.sh - storekeys' security suite (issue 5; tests/security/README.md maps R1-R24).
#
# Runs what is too slow for every `make check`:
#   - libFuzzer on every parser (R20), built with clang + ASan + UBSan, each
#     target for SK_FUZZ_SECONDS (default 45) over its committed seed corpus;
#   - the SIGKILL loop during add/remove, SK_KILL_TRIALS (default 1000) trials (R15, R5, R17);
#   - strace fault injection (ENOSPC, EIO, SIGKILL at rename/fsync) and
#     8 concurrent CLI writers (R15, R5, R17);
# and, unless CI=true (where `make check` already ran them on the same
# ASan+UBSan configuration), the fast security tests of `make check` again:
# corpus replay, leaks (R1, R2, R7, R21), keyring faults (R3, R4), TLS and
# network faults (R8-R13), static gates, terminal restore/resize/paste (R22-R24).
# Every test runs inside tests/with-keyring.sh (private D-Bus, gnome-keyring, XDG dirs).
# Logs: $SK_SEC_BUILD/tests/security-*.log. Ends with "N passed, N failed";
# exits non-zero when anything failed.
#
# Environment: SK_SEC_BUILD (default _build-sec: ASan+UBSan build of storekeys),
# SK_FUZZ_BUILD (default _build-fuzz), SK_FUZZ_SECONDS, SK_KILL_TRIALS, SK_SEC_ONLY
# (space-separated test names to run, e.g. "fuzz kill_loop").
set -u
cd "$(dirname "$0")/.." || exit 1
TOP=$(pwd)
BUILD=${SK_SEC_BUILD:-$TOP/_build-sec}
FUZZ_BUILD=${SK_FUZZ_BUILD:-$TOP/_build-fuzz}
FUZZ_SECONDS=${SK_FUZZ_SECONDS:-45}
KILL_TRIALS=${SK_KILL_TRIALS:-1000}
JOBS=$(nproc 2>/dev/null || echo 2)
FUZZ_TARGETS="registry credfile api_path hooks_page hook hooks_admin store_info account_answer error_body metafields scripts"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
PY=$(command -v python3)
PASS=0
FAIL=0
T0=$(date +%s)

say() { printf '%s\n' "$*"; }
want() { [ -z "${SK_SEC_ONLY:-}" ] || case " $SK_SEC_ONLY " in *" $1 "*) true ;; *) false ;; esac; }
# result NAME LOG: count the log's "N passed, N failed" line (a missing one is a failure).
result() {
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$2" | tail -1)
	if [ -z "$line" ]; then
		say "FAIL: $1 (no result line; see $2)"; tail -30 "$2"
		echo "0 passed, 1 failed" >>"$2"; line="0 passed, 1 failed"
	fi
	p=${line%% passed*}; f=${line#*, }; f=${f%% failed*}
	PASS=$((PASS + p)); FAIL=$((FAIL + f))
	if [ "$f" -eq 0 ]; then say "PASS: $1 ($line)"; else
		say "FAIL: $1 ($line; log $2)"; grep -E '^not ok|ERROR|SUMMARY' "$2" | head -20
	fi
}
# run_test NAME PROGRAM...: one test inside the private keyring session.
run_test() {
	name=$1; shift
	want "$name" || return 0
	log="$BUILD/tests/security-$name.log"
	t=$(date +%s)
	env STOREKEYS="$BUILD/storekeys" top_srcdir="$TOP" top_builddir="$BUILD" PYTHON3="$PY" LC_ALL=C.UTF-8 \
		ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" STOREKEYS_TEST_TIMEOUT=900 \
		sh "$TOP/tests/with-keyring.sh" "$@" >"$log" 2>&1
	echo "# $name: $(($(date +%s) - t)) s" >>"$log"
	result "$name ($(($(date +%s) - t)) s)" "$log"
}

# ---- builds ----------------------------------------------------------------
[ -x "$TOP/configure" ] || ./autogen.sh >/dev/null 2>&1 || { say "autogen.sh failed"; exit 1; }
command -v clang >/dev/null || { say "security.sh needs clang and libclang-rt-14-dev (sh tools/deps.sh)"; exit 1; }
say "== building storekeys with ASan+UBSan in $BUILD"
mkdir -p "$BUILD/tests"
(cd "$BUILD" && { [ -f Makefile ] || "$TOP/configure" -q --enable-sanitizers CC=clang >/dev/null; } &&
	make -s -j"$JOBS" storekeys $(for t in $FUZZ_TARGETS; do printf 'tests/fuzz/replay_%s ' "$t"; done) >build.log 2>&1) || {
	tail -40 "$BUILD/build.log"; say "0 passed, 1 failed"; exit 1; }

if want fuzz; then
	say "== building the libFuzzer targets in $FUZZ_BUILD"
	mkdir -p "$FUZZ_BUILD/bin" "$FUZZ_BUILD/artifacts"
	(cd "$FUZZ_BUILD" && { [ -f Makefile ] || "$TOP/configure" -q CC=clang \
		CFLAGS="-g -O1 -fsanitize=fuzzer-no-link $SAN" >/dev/null; } && make -s -j"$JOBS" libstorekeys.a >build.log 2>&1) || {
		tail -40 "$FUZZ_BUILD/build.log"; say "0 passed, 1 failed"; exit 1; }
	for t in $FUZZ_TARGETS; do
		clang -g -O1 -std=c11 -D_GNU_SOURCE -fsanitize=fuzzer $SAN -I"$FUZZ_BUILD" -I"$TOP/src" \
			$(pkg-config --cflags libcjson libsecret-1 libcurl) "$TOP/tests/fuzz/fuzz_$t.c" \
			"$FUZZ_BUILD/libstorekeys.a" $(pkg-config --libs libcurl libcjson libsecret-1) -lpthread \
			-o "$FUZZ_BUILD/bin/fuzz_$t" 2>>"$FUZZ_BUILD/build.log" || { say "cannot link fuzz_$t"; tail -20 "$FUZZ_BUILD/build.log"; exit 1; }
	done
fi

# ---- R20: fuzzing, JOBS targets at a time ----------------------------------
fuzz_one() {
	t=$1
	log="$BUILD/tests/security-fuzz-$t.log"
	work="$FUZZ_BUILD/corpus/$t"
	mkdir -p "$work"
	cp -n "$TOP/tests/fuzz/corpus/$t"/* "$work"/ 2>/dev/null
	(cd "$FUZZ_BUILD" && "$FUZZ_BUILD/bin/fuzz_$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
		-max_len=16384 -print_final_stats=1 -artifact_prefix="$FUZZ_BUILD/artifacts/$t-" "$work") >"$log" 2>&1
	rc=$?
	{
		echo "R20 fuzz_$t: libFuzzer + ASan + UBSan for $FUZZ_SECONDS s, exit $rc"
		if [ $rc -eq 0 ]; then echo "1 passed, 0 failed"; else
			echo "crash input(s): $(ls "$FUZZ_BUILD/artifacts/$t-"* 2>/dev/null | tr '\n' ' ')"
			echo "reproduce: $FUZZ_BUILD/bin/fuzz_$t ARTIFACT; once fixed, commit it to tests/fuzz/corpus/$t/"
			echo "0 passed, 1 failed"
		fi
	} >>"$log"
}
if want fuzz; then
	say "== fuzzing: $(echo $FUZZ_TARGETS | wc -w) targets x ${FUZZ_SECONDS} s, $JOBS at a time"
	running=0
	for t in $FUZZ_TARGETS; do
		fuzz_one "$t" &
		running=$((running + 1))
		if [ $running -ge "$JOBS" ]; then wait; running=0; fi
	done
	wait
	for t in $FUZZ_TARGETS; do
		result "fuzz_$t" "$BUILD/tests/security-fuzz-$t.log"
		grep -E '^stat::number_of_executed_units|^stat::new_units_added' "$BUILD/tests/security-fuzz-$t.log" | tr '\n' ' ' | sed 's/^/      /'
		echo
	done
fi

# ---- the slow CLI tests ------------------------------------------------------
say "== slow tests on the ASan+UBSan build"
SK_KILL_TRIALS=$KILL_TRIALS run_test kill_loop "$PY" "$TOP/tests/security/kill_loop.py"
run_test crash_faults sh "$TOP/tests/security/crash_faults.sh"
run_test concurrent_writers sh "$TOP/tests/security/concurrent_writers.sh"

if [ "${CI:-}" != true ]; then
	say "== the fast security tests of make check, on the ASan+UBSan build"
	for t in $FUZZ_TARGETS; do
		want replay || continue
		env top_srcdir="$TOP" "$BUILD/tests/fuzz/replay_$t" >"$BUILD/tests/security-replay-$t.log" 2>&1
		result "replay_$t" "$BUILD/tests/security-replay-$t.log"
	done
	run_test lint sh "$TOP/tests/security/lint.sh"
	run_test leak sh "$TOP/tests/security/leak.sh"
	run_test keyring_faults sh "$TOP/tests/security/keyring_faults.sh"
	run_test net_tls sh "$TOP/tests/security/net_tls.sh"
	run_test tui_terminal sh "$TOP/tests/security/tui_terminal.sh"
fi

say "== security suite: $(($(date +%s) - T0)) s"
say "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
