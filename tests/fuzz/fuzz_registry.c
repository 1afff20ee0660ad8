/* fuzz_registry.c - R20: the registry loader (sk_registry_parse) under ASan+UBSan.
 * Invariants: a refused input leaves the registry empty; an accepted one
 * serializes, re-parses, and serializes to the same text (round trip). */
#include "config.h"

#include "fuzz.h"
#include "registry.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_registry reg, again;
	struct sk_error err;
	char *buf = fuzz_copy(data, size);
	enum sk_status st = sk_registry_parse(&reg, buf, size, &err);

	free(buf);
	if (st != SK_OK) {
		FUZZ_CHECK(st == SK_ERR_REGISTRY_CORRUPT || st == SK_ERR_REGISTRY_NEWER);
		FUZZ_CHECK(reg.n == 0 && reg.accounts == NULL && reg.extra == NULL);
		FUZZ_CHECK(err.msg[0] != '\0');
		return 0;
	}
	{
		char *json = sk_registry_to_json(&reg);
		char *json2;

		FUZZ_CHECK(sk_registry_parse(&again, json, strlen(json), &err) == SK_OK);
		FUZZ_CHECK(again.n == reg.n);
		for (size_t i = 0; i < reg.n; i++) {
			FUZZ_CHECK(strcmp(again.accounts[i].id, reg.accounts[i].id) == 0);
			FUZZ_CHECK(strcmp(again.accounts[i].name, reg.accounts[i].name) == 0);
			FUZZ_CHECK(again.accounts[i].nscopes == reg.accounts[i].nscopes);
		}
		json2 = sk_registry_to_json(&again);
		FUZZ_CHECK(strcmp(json, json2) == 0);
		free(json);
		free(json2);
		sk_registry_clear(&again);
	}
	sk_registry_clear(&reg);
	return 0;
}
