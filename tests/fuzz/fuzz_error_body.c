/* fuzz_error_body.c - R20/R21: error body summaries (sk_parse_error_body) into
 * buffers of several sizes: always terminated, sanitized, valid UTF-8. */
#include "config.h"

#include "bc_parse.h"
#include "fuzz.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = {1, 2, 7, 64, 320};
	char *buf = fuzz_copy(data, size);

	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		char *out = malloc(sizes[k]);
		bool got;

		if (out == NULL)
			abort();
		memset(out, 'x', sizes[k]);
		got = sk_parse_error_body(buf, size, out, sizes[k]);
		FUZZ_CHECK(memchr(out, '\0', sizes[k]) != NULL);
		FUZZ_CHECK(got == (out[0] != '\0'));
		FUZZ_CHECK(fuzz_no_controls(out));
		FUZZ_CHECK(sk_utf8_valid(out, strlen(out)));
		free(out);
	}
	free(buf);
	return 0;
}
