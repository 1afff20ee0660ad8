/* ui_fixture.h - a small registry shared by the TUI model tests (four accounts, two levels). */
#ifndef SK_UI_FIXTURE_H
#define SK_UI_FIXTURE_H

#include "account.h"
#include "registry.h"
#include "util.h"

static inline void add_account(struct sk_registry *reg, enum sk_level level, const char *owner, const char *name,
			enum sk_token_type tt)
{
	struct sk_account a;

	memset(&a, 0, sizeof a);
	sk_uuid_new(a.id);
	a.level = level;
	a.token_type = tt;
	a.stencil = tt == SK_TOKEN_STENCIL ? SK_STENCIL_DEV : SK_STENCIL_NONE;
	sk_strlcpy(a.name, name, sizeof a.name);
	if (level == SK_LEVEL_STORE) {
		sk_strlcpy(a.store_hash, owner, sizeof a.store_hash);
		snprintf(a.api_path, sizeof a.api_path, "https://api.bigcommerce.com/stores/%s/v3/", owner);
	} else {
		sk_strlcpy(a.account_uuid, owner, sizeof a.account_uuid);
		snprintf(a.api_path, sizeof a.api_path, "https://api.bigcommerce.com/accounts/%s", owner);
	}
	sk_strlcpy(a.client_id, "cid", sizeof a.client_id);
	a.scopes = sk_xcalloc(1, sizeof *a.scopes);
	sk_registry_append(reg, &a);
	sk_account_clear(&a);
}

#define UUID1 "a0000000-0000-4000-8000-000000000001"

static inline void fixture(struct sk_registry *reg)
{
	memset(reg, 0, sizeof *reg);
	add_account(reg, SK_LEVEL_STORE, "zzz999", "Zed Orders", SK_TOKEN_V2V3);
	add_account(reg, SK_LEVEL_STORE, "abc123", "beta sync", SK_TOKEN_V2V3);
	add_account(reg, SK_LEVEL_STORE, "abc123", "Alpha Theme", SK_TOKEN_STENCIL);
	add_account(reg, SK_LEVEL_ACCOUNT, UUID1, "Holdings", SK_TOKEN_V2V3);
}

#endif
