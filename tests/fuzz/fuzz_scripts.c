/* fuzz_scripts.c - a GET /v3/content/scripts page (sk_parse_scripts_page), appended
 * to an existing list with and without an owner filter. */
#include "config.h"

#include "bc_parse.h"
#include "fuzz.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_copy(data, size);

	for (int pass = 0; pass < 2; pass++) {
		struct sk_script *s = NULL;
		size_t n = 0;
		int pages = -7;
		struct sk_error err;
		enum sk_status st;

		/* one page first, so the fuzzed one appends to a non-empty list */
		static const char first[] = "{\"data\":[{\"uuid\":\"u1\",\"name\":\"n\",\"api_client_id\":\"me\","
					    "\"auto_uninstall\":true}],\"meta\":{}}";
		FUZZ_CHECK(sk_parse_scripts_page(first, sizeof first - 1, NULL, &s, &n, &pages, &err) == SK_OK);
		FUZZ_CHECK(n == 1);
		st = sk_parse_scripts_page(buf, size, pass ? "me" : NULL, &s, &n, &pages, &err);
		if (st != SK_OK)
			FUZZ_CHECK(st == SK_ERR_BAD_RESPONSE && n == 1);
		for (size_t i = 0; i < n; i++) {
			FUZZ_CHECK(s[i].uuid != NULL);
			/* with an owner, only its own scripts or ones with a blank creator are kept */
			if (pass && s[i].api_client_id != NULL && s[i].api_client_id[0] != '\0')
				FUZZ_CHECK(strcmp(s[i].api_client_id, "me") == 0);
		}
		sk_scripts_free(s, n);
	}
	free(buf);
	return 0;
}
