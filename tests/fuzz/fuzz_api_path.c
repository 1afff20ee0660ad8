/* fuzz_api_path.c - R10/R20: the API path parser (sk_api_path_parse).
 * Invariants: an accepted path is on https://api.bigcommerce.com with a
 * [a-z0-9]{1,32} store hash or a UUID, and its canonical form re-parses to itself. */
#include "config.h"

#include "account.h"
#include "fuzz.h"
#include "util.h"

static int hash_ok(const char *h)
{
	size_t n = strlen(h);

	if (n < 1 || n > 32)
		return 0;
	for (; *h; h++)
		if (!((*h >= 'a' && *h <= 'z') || (*h >= '0' && *h <= '9')))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_api_path ap, again;
	struct sk_error err;
	char *s = fuzz_cstr(data, size);
	enum sk_status st = sk_api_path_parse(s, &ap, &err);

	free(s);
	if (st != SK_OK) {
		FUZZ_CHECK(st == SK_ERR_INVALID);
		return 0;
	}
	FUZZ_CHECK(strncmp(ap.canonical, "https://api.bigcommerce.com/", 28) == 0);
	FUZZ_CHECK(fuzz_no_controls(ap.canonical));
	if (ap.level == SK_LEVEL_STORE)
		FUZZ_CHECK(hash_ok(ap.store_hash));
	else
		FUZZ_CHECK(sk_uuid_valid(ap.account_uuid));
	FUZZ_CHECK(sk_api_path_parse(ap.canonical, &again, &err) == SK_OK);
	FUZZ_CHECK(strcmp(again.canonical, ap.canonical) == 0);
	FUZZ_CHECK(again.level == ap.level);
	return 0;
}
