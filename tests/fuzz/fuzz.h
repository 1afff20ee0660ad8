/* fuzz.h - shared helpers for the libFuzzer targets (R20). Each target defines
 * LLVMFuzzerTestOneInput; replay.c gives the same targets a plain main() so
 * `make check` replays the committed corpus without clang. */
#ifndef SK_FUZZ_H
#define SK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: a violation is a finding, like a crash. */
#define FUZZ_CHECK(cond)                                                                         \
	do {                                                                                     \
		if (!(cond)) {                                                                   \
			fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
			abort();                                                                 \
		}                                                                                \
	} while (0)

/* An exact-size heap copy without a terminating NUL, so a read past len is an ASan error. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (p == NULL)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* A NUL-terminated copy (for APIs that take C strings). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *p = malloc(size + 1);

	if (p == NULL)
		abort();
	if (size)
		memcpy(p, data, size);
	p[size] = '\0';
	return p;
}

/* True when every byte of p[0..n) is zero. */
static inline int fuzz_all_zero(const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i])
			return 0;
	return 1;
}

/* No C0 control, DEL or ESC: what the terminal-bound, sanitized fields promise (R21). */
static inline int fuzz_no_controls(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			return 0;
	}
	return 1;
}

#endif
