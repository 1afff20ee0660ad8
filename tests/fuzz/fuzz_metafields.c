/* fuzz_metafields.c - R20: a metafield list page (sk_parse_metafields_page), appended
 * to an existing list with and without an owner filter. */
#include "config.h"

#include "bc_parse.h"
#include "fuzz.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);

	for (int pass = 0; pass < 2; pass++) {
		struct sk_metafield *m = NULL;
		size_t n = 0;
		int pages = -7;
		struct sk_error err;
		enum sk_status st;

		/* one page first, so the fuzzed one appends to a non-empty list */
		static const char first[] = "{\"data\":[{\"id\":1,\"namespace\":\"n\",\"key\":\"k\","
					    "\"resource_type\":\"product\",\"resource_id\":2,"
					    "\"owner_client_id\":\"me\"}],\"meta\":{}}";
		FUZZ_CHECK(sk_parse_metafields_page(first, sizeof first - 1, NULL, &m, &n, &pages, &err) == SK_OK);
		FUZZ_CHECK(n == 1);
		st = sk_parse_metafields_page(buf, size, pass ? "me" : NULL, &m, &n, &pages, &err);
		if (st != SK_OK)
			FUZZ_CHECK(st == SK_ERR_BAD_RESPONSE && n == 1);
		for (size_t i = 0; i < n; i++) {
			/* ids are text (numbers or spec strings), never empty */
			FUZZ_CHECK(m[i].id != NULL && m[i].id[0] != '\0' && strlen(m[i].id) <= 255);
			FUZZ_CHECK(m[i].resource_id == NULL || strlen(m[i].resource_id) <= 255);
		}
		sk_metafields_free(m, n);
	}
	free(buf);
	return 0;
}
