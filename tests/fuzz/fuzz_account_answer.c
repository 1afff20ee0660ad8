/* fuzz_account_answer.c - R20/R21: the account GraphQL answer (sk_parse_account_answer). */
#include "config.h"

#include "bc_parse.h"
#include "fuzz.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_account_answer a;
	struct sk_error err;
	char *buf = fuzz_copy(data, size);
	enum sk_status st;

	memset(&a, 0x5a, sizeof a);
	st = sk_parse_account_answer(buf, size, &a, &err);
	free(buf);
	if (st != SK_OK) {
		FUZZ_CHECK(st == SK_ERR_BAD_RESPONSE);
		FUZZ_CHECK(fuzz_all_zero(&a, sizeof a));
		return 0;
	}
	FUZZ_CHECK(memchr(a.id, '\0', sizeof a.id) && fuzz_no_controls(a.id));
	FUZZ_CHECK(memchr(a.name, '\0', sizeof a.name) && fuzz_no_controls(a.name));
	FUZZ_CHECK(memchr(a.errors, '\0', sizeof a.errors) && fuzz_no_controls(a.errors));
	FUZZ_CHECK(sk_utf8_valid(a.errors, strlen(a.errors)));
	return 0;
}
