/* fuzz_hook.c - R20: single webhook parser (sk_parse_hook), wrapped or bare. */
#include "config.h"

#include "bc_parse.h"
#include "fuzz.h"
#include "util.h"

#define FUZZ_NO_ENTRY
#include "fuzz_hooks_page.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_webhook h;
	struct sk_error err;
	char *buf = fuzz_copy(data, size);
	enum sk_status st;

	memset(&h, 0x5a, sizeof h);
	st = sk_parse_hook(buf, size, &h, &err);
	free(buf);
	if (st != SK_OK) {
		FUZZ_CHECK(st == SK_ERR_BAD_RESPONSE);
		FUZZ_CHECK(fuzz_all_zero(&h, sizeof h));
		return 0;
	}
	fuzz_check_hook(&h);
	sk_webhook_clear(&h);
	return 0;
}
