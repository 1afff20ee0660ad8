/* fuzz_credfile.c - R20: the control panel .txt parser (sk_credfile_parse).
 * Invariants: a refused file leaves no secret behind (out wiped); an accepted
 * one has header-safe secrets (R10), a canonical API path that re-parses and
 * names that are valid UTF-8 without controls. */
#include "config.h"

#include "credfile.h"
#include "fuzz.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_credfile cf;
	struct sk_error err;
	char *buf = fuzz_copy(data, size);
	enum sk_status st;

	memset(&cf, 0xa5, sizeof cf);
	st = sk_credfile_parse(buf, size, &cf, &err);
	free(buf);
	if (st != SK_OK) {
		FUZZ_CHECK(fuzz_all_zero(cf.access_token, sizeof cf.access_token));
		FUZZ_CHECK(fuzz_all_zero(cf.client_secret, sizeof cf.client_secret));
		FUZZ_CHECK(err.msg[0] != '\0');
		return 0;
	}
	{
		struct sk_api_path ap;
		struct sk_error e2;

		FUZZ_CHECK(memchr(cf.access_token, '\0', sizeof cf.access_token) != NULL);
		FUZZ_CHECK(memchr(cf.client_secret, '\0', sizeof cf.client_secret) != NULL);
		FUZZ_CHECK(sk_token_check("access token", cf.access_token, &e2) == SK_OK);
		FUZZ_CHECK(sk_token_check("client secret", cf.client_secret, &e2) == SK_OK);
		FUZZ_CHECK(sk_token_check("client id", cf.client_id, &e2) == SK_OK);
		FUZZ_CHECK(sk_api_path_parse(cf.path.canonical, &ap, &e2) == SK_OK);
		FUZZ_CHECK(strcmp(ap.canonical, cf.path.canonical) == 0);
		/* Names are literal but safe: valid UTF-8 without controls; differing names leave no choice made. */
		FUZZ_CHECK(!cf.names_differ || cf.name[0] == '\0');
		FUZZ_CHECK(sk_utf8_valid(cf.client_name, strlen(cf.client_name)) && !sk_has_control(cf.client_name));
		FUZZ_CHECK(sk_utf8_valid(cf.name_line, strlen(cf.name_line)) && !sk_has_control(cf.name_line));
	}
	sk_credfile_clear(&cf);
	FUZZ_CHECK(fuzz_all_zero(cf.access_token, sizeof cf.access_token));
	return 0;
}
