/* fuzz_store_info.c - R20/R21: GET /v2/store parser (sk_parse_store_info).
 * Its fields are documented as sanitized: no control character may survive. */
#include "config.h"

#include "bc_parse.h"
#include "fuzz.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_store_info si;
	struct sk_error err;
	char *buf = fuzz_copy(data, size);
	enum sk_status st;

	memset(&si, 0x5a, sizeof si);
	st = sk_parse_store_info(buf, size, &si, &err);
	free(buf);
	if (st != SK_OK) {
		FUZZ_CHECK(st == SK_ERR_BAD_RESPONSE);
		FUZZ_CHECK(fuzz_all_zero(&si, sizeof si));
		return 0;
	}
	FUZZ_CHECK(memchr(si.name, '\0', sizeof si.name) && fuzz_no_controls(si.name));
	FUZZ_CHECK(memchr(si.domain, '\0', sizeof si.domain) && fuzz_no_controls(si.domain));
	FUZZ_CHECK(memchr(si.status, '\0', sizeof si.status) && fuzz_no_controls(si.status));
	FUZZ_CHECK(si.account_uuid[0] == '\0' || sk_uuid_valid(si.account_uuid));
	FUZZ_CHECK(sk_utf8_valid(si.name, strlen(si.name)));
	return 0;
}
