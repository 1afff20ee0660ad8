/* kr_fixture.h - what the keyring and vault tests share: canary secrets, a registry directory, an account and an item count. */
#ifndef SK_KR_FIXTURE_H
#define SK_KR_FIXTURE_H

#include "keyring.h"
#include "registry.h"
#include "testutil.h"
#include "util.h"

#define CANARY_TOKEN "SKCANARYtoken0123456789abcdef0123"
#define CANARY_SECRET "SKCANARYsecret0123456789abcdef0123"

static char dir[512];

static inline void make_account(struct sk_account *a, const char *name)
{
	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", name);
	snprintf(a->api_path, sizeof a->api_path, "https://api.bigcommerce.com/stores/abc123/v3/");
	snprintf(a->client_id, sizeof a->client_id, "clientid%zu", strlen(name));
	a->scopes = sk_xcalloc(1, sizeof *a->scopes);
}

static inline int count_items(const char *account_id)
{
	struct sk_keyring *kr;
	struct sk_keyring_item *items;
	size_t n;
	struct sk_error err;
	int cnt = 0;

	assert_int_equal(sk_keyring_open(&kr, &err), SK_OK);
	assert_int_equal(sk_keyring_list(kr, false, &items, &n, &err), SK_OK);
	for (size_t i = 0; i < n; i++)
		if (account_id == NULL || strcmp(items[i].account_id, account_id) == 0)
			cnt++;
	sk_keyring_items_free(items, n);
	sk_keyring_close(kr);
	return cnt;
}

#endif
