/* fuzz_hooks_page.c - R20: GET /v3/hooks page parser (sk_parse_hooks_page).
 * Invariants: refused -> no output; accepted -> every hook has its required
 * fields, valid UTF-8 strings, ids and times in [0, 2^53). */
#include "config.h"

#include "bc_parse.h"
#include "fuzz.h"
#include "util.h"

void fuzz_check_hook(const struct sk_webhook *h);
void fuzz_check_hook(const struct sk_webhook *h)
{
	FUZZ_CHECK(h->id >= 0 && h->id < (1LL << 53));
	FUZZ_CHECK(h->created_at >= 0 && h->created_at < (1LL << 53));
	FUZZ_CHECK(h->updated_at >= 0 && h->updated_at < (1LL << 53));
	FUZZ_CHECK(h->scope != NULL && h->destination != NULL);
	FUZZ_CHECK(sk_utf8_valid(h->scope, strlen(h->scope)));
	FUZZ_CHECK(sk_utf8_valid(h->destination, strlen(h->destination)));
	FUZZ_CHECK(memchr(h->status, '\0', sizeof h->status) != NULL);
	FUZZ_CHECK(fuzz_no_controls(h->status));
	FUZZ_CHECK(h->nheaders <= SK_PARSE_MAX_HEADERS);
	for (size_t i = 0; i < h->nheaders; i++)
		FUZZ_CHECK(h->header_names[i] != NULL && h->header_values[i] != NULL);
	{
		/* what every display path does with server text (R21) */
		char safe[256];

		sk_sanitize(h->destination, safe, sizeof safe);
		FUZZ_CHECK(fuzz_no_controls(safe));
	}
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_webhook *hooks = (struct sk_webhook *)1;
	size_t n = 99;
	int pages = -7;
	struct sk_error err;
	char *buf = fuzz_copy(data, size);
	enum sk_status st = sk_parse_hooks_page(buf, size, &hooks, &n, &pages, &err);

	free(buf);
	if (st != SK_OK) {
		FUZZ_CHECK(st == SK_ERR_BAD_RESPONSE);
		FUZZ_CHECK(hooks == NULL && n == 0);
		return 0;
	}
	FUZZ_CHECK(pages >= 0 && pages <= SK_PARSE_MAX_PAGES);
	FUZZ_CHECK(n <= SK_PARSE_MAX_ITEMS);
	for (size_t i = 0; i < n; i++)
		fuzz_check_hook(&hooks[i]);
	sk_webhooks_free(hooks, n);
	return 0;
}
#endif
