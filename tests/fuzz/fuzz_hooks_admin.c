/* fuzz_hooks_admin.c - R20: GET /v3/hooks/admin parser (sk_parse_hooks_admin). */
#include "config.h"

#include "bc_parse.h"
#include "fuzz.h"
#include "util.h"

#define FUZZ_NO_ENTRY
#include "fuzz_hooks_page.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_hooks_admin a;
	struct sk_error err;
	int pages = -7;
	char *buf = fuzz_copy(data, size);
	enum sk_status st;

	memset(&a, 0, sizeof a);
	st = sk_parse_hooks_admin(buf, size, &a, &pages, &err);
	free(buf);
	if (st != SK_OK) {
		FUZZ_CHECK(st == SK_ERR_BAD_RESPONSE);
		FUZZ_CHECK(a.nemails == 0 && a.nhooks == 0 && a.nblocked == 0);
		FUZZ_CHECK(a.emails == NULL && a.hooks == NULL && a.blocked == NULL);
		return 0;
	}
	for (size_t i = 0; i < a.nemails; i++)
		FUZZ_CHECK(a.emails[i] != NULL && sk_utf8_valid(a.emails[i], strlen(a.emails[i])));
	for (size_t i = 0; i < a.nhooks; i++)
		fuzz_check_hook(&a.hooks[i]);
	for (size_t i = 0; i < a.nblocked; i++) {
		const struct sk_blocked_domain *b = &a.blocked[i];

		FUZZ_CHECK(b->destination != NULL && sk_utf8_valid(b->destination, strlen(b->destination)));
		FUZZ_CHECK(b->time_left >= 0);
		/* failure_description is optional: NULL is allowed */
		for (size_t j = 0; j < b->nreasons; j++)
			FUZZ_CHECK(b->reasons[j].count >= 0 && b->reasons[j].timestamp >= 0);
	}
	sk_hooks_admin_clear(&a);
	FUZZ_CHECK(a.emails == NULL && a.hooks == NULL && a.blocked == NULL);
	return 0;
}
