/* vault.c - adding and removing accounts: keyring and registry kept in step (R5). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "credfile.h"
#include "util.h"
#include "vault.h"

struct add_ctx {
	const struct sk_account *a;
};

static enum sk_status add_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	const struct add_ctx *c = ud;
	enum sk_status st = sk_registry_check_new(reg, c->a->name, c->a->level, sk_account_owner(c->a), NULL, err);

	if (st != SK_OK)
		return st;
	sk_registry_append(reg, c->a);
	return SK_OK;
}

enum sk_status sk_vault_add(const char *dir, struct sk_account *a, const char *client_secret,
			    const char *access_token, struct sk_error *err)
{
	struct sk_registry reg;
	struct sk_keyring *kr = NULL;
	struct add_ctx ctx = {a};
	struct sk_api_path ap;
	char clean[SK_NAME_MAX_BYTES + 1];
	enum sk_status st;

	st = sk_api_path_parse(a->api_path, &ap, err);
	if (st != SK_OK)
		return st;
	a->level = ap.level;
	memcpy(a->store_hash, ap.store_hash, sizeof a->store_hash);
	memcpy(a->account_uuid, ap.account_uuid, sizeof a->account_uuid);
	memcpy(a->api_path, ap.canonical, sizeof a->api_path);
	if ((st = sk_name_check(a->name, clean, err)) != SK_OK)
		return st;
	memcpy(a->name, clean, strlen(clean) + 1);
	if ((st = sk_token_check("client id", a->client_id, err)) != SK_OK ||
	    (st = sk_token_check("client secret", client_secret, err)) != SK_OK ||
	    (st = sk_token_check("access token", access_token, err)) != SK_OK)
		return st;
	if (a->level == SK_LEVEL_ACCOUNT) {
		a->token_type = SK_TOKEN_V2V3;
		a->stencil = SK_STENCIL_NONE;
	} else if (a->token_type == SK_TOKEN_STENCIL && a->stencil == SK_STENCIL_NONE) {
		a->stencil = SK_STENCIL_DEV;
	}
	if (a->id[0] == '\0' && !sk_uuid_new(a->id))
		return sk_error_set(err, SK_ERR_INTERNAL, "no randomness for a new account id");
	if (a->created == 0)
		a->created = (int64_t)time(NULL);

	/* Check the rules before touching the keyring, so a refused name writes nothing. */
	st = sk_registry_load(&reg, dir, err);
	if (st != SK_OK)
		return st;
	if (reg.read_only)
		st = sk_error_set(err, SK_ERR_REGISTRY_NEWER,
				  "the registry was written by a newer storekeys; it is read-only here");
	else
		st = sk_registry_check_new(&reg, a->name, a->level, sk_account_owner(a), NULL, err);
	sk_registry_clear(&reg);
	if (st != SK_OK)
		return st;

	/* Keyring first, then the registry: a crash in between leaves an orphan doctor can purge (R5). */
	st = sk_keyring_open(&kr, err);
	if (st != SK_OK)
		return st;
	st = sk_keyring_store(kr, a, SK_FIELD_CLIENT_SECRET, client_secret, err);
	if (st == SK_OK)
		st = sk_keyring_store(kr, a, SK_FIELD_ACCESS_TOKEN, access_token, err);
	if (st == SK_OK)
		st = sk_registry_update(dir, add_fn, &ctx, NULL, err);
	if (st != SK_OK) {
		struct sk_error ignored;

		sk_keyring_clear(kr, a->id, &ignored);
	}
	sk_keyring_close(kr);
	return st;
}

static enum sk_status remove_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	long i = sk_registry_find_id(reg, ud);

	if (i < 0)
		return sk_error_set(err, SK_ERR_NOT_FOUND, "the account is no longer in the registry");
	sk_registry_remove(reg, (size_t)i);
	return SK_OK;
}

enum sk_status sk_vault_remove(const char *dir, const char *account_id, struct sk_error *err)
{
	struct sk_keyring *kr = NULL;
	enum sk_status st = sk_keyring_open(&kr, err);

	if (st != SK_OK)
		return st;
	/* Secrets first: a crash afterwards leaves a dangling entry, never an orphan secret (R5). */
	st = sk_keyring_clear(kr, account_id, err);
	sk_keyring_close(kr);
	if (st != SK_OK)
		return st;
	return sk_registry_update(dir, remove_fn, (void *)account_id, NULL, err);
}

struct verified_ctx {
	const char *id;
	int64_t when;
	const char *store_name;
};

static enum sk_status verified_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	const struct verified_ctx *c = ud;
	long i = sk_registry_find_id(reg, c->id);

	if (i < 0)
		return sk_error_set(err, SK_ERR_NOT_FOUND, "the account is no longer in the registry");
	reg->accounts[i].verified = c->when;
	if (c->store_name && c->store_name[0])
		sk_sanitize(c->store_name, reg->accounts[i].store_name, sizeof reg->accounts[i].store_name);
	return SK_OK;
}

enum sk_status sk_vault_mark_verified(const char *dir, const char *account_id, int64_t when,
				      const char *store_name, struct sk_error *err)
{
	struct verified_ctx c = {account_id, when, store_name};

	return sk_registry_update(dir, verified_fn, &c, NULL, err);
}

void sk_doctor_report_clear(struct sk_doctor_report *rep)
{
	free(rep->dangling);
	free(rep->orphans);
	memset(rep, 0, sizeof *rep);
}

static bool has_item(const struct sk_keyring_item *items, size_t n, const char *id, enum sk_secret_field f)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i].account_id, id) == 0 && items[i].field == f)
			return true;
	return false;
}

static bool listed(char (*ids)[37], size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

struct drop_ctx {
	char (*ids)[37];
	size_t n;
};

static enum sk_status drop_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	const struct drop_ctx *c = ud;

	for (size_t i = 0; i < c->n; i++) {
		long at = sk_registry_find_id(reg, c->ids[i]);

		if (at >= 0)
			sk_registry_remove(reg, (size_t)at);
	}
	return SK_OK;
}

enum sk_status sk_vault_doctor(const char *dir, bool fix, struct sk_doctor_report *rep, struct sk_error *err)
{
	struct sk_registry reg;
	struct sk_keyring *kr = NULL;
	struct sk_keyring_item *items = NULL;
	size_t n = 0;
	enum sk_status st;
	struct sk_error kerr;

	memset(rep, 0, sizeof *rep);
	st = sk_registry_load(&reg, dir, err);
	if (st != SK_OK)
		return st;
	st = sk_keyring_open(&kr, &kerr);
	if (st == SK_OK)
		st = sk_keyring_list(kr, false, &items, &n, &kerr);
	if (st != SK_OK) {
		snprintf(rep->keyring_msg, sizeof rep->keyring_msg, "%s", kerr.msg);
		sk_keyring_close(kr);
		sk_registry_clear(&reg);
		*err = kerr;
		return st;
	}
	rep->keyring_ok = true;
	snprintf(rep->keyring_msg, sizeof rep->keyring_msg, "Secret Service reachable, default keyring unlocked");
	rep->dangling = sk_xcalloc(reg.n + 1, sizeof *rep->dangling);
	rep->orphans = sk_xcalloc(n + 1, sizeof *rep->orphans);
	for (size_t i = 0; i < reg.n; i++) {
		const char *id = reg.accounts[i].id;

		if (!has_item(items, n, id, SK_FIELD_ACCESS_TOKEN) || !has_item(items, n, id, SK_FIELD_CLIENT_SECRET))
			memcpy(rep->dangling[rep->ndangling++], id, 37);
	}
	for (size_t i = 0; i < n; i++) {
		if (sk_registry_find_id(&reg, items[i].account_id) < 0 &&
		    !listed(rep->orphans, rep->norphans, items[i].account_id))
			memcpy(rep->orphans[rep->norphans++], items[i].account_id, 37);
	}
	sk_keyring_items_free(items, n);
	sk_registry_clear(&reg);
	if (fix) {
		/* Orphan secrets belong to an add or delete that did not finish: purge them. */
		for (size_t i = 0; i < rep->norphans && st == SK_OK; i++)
			st = sk_keyring_clear(kr, rep->orphans[i], err);
		/* An entry without its secrets cannot be used; the user re-adds it from the .txt. */
		if (st == SK_OK && rep->ndangling > 0) {
			struct drop_ctx c = {rep->dangling, rep->ndangling};

			for (size_t i = 0; i < rep->ndangling && st == SK_OK; i++)
				st = sk_keyring_clear(kr, rep->dangling[i], err);
			if (st == SK_OK)
				st = sk_registry_update(dir, drop_fn, &c, NULL, err);
		}
	}
	sk_keyring_close(kr);
	return st;
}

enum sk_status sk_vault_secret(const struct sk_account *a, enum sk_secret_field f, char **out, struct sk_error *err)
{
	struct sk_keyring *kr = NULL;
	enum sk_status st = sk_keyring_open(&kr, err);

	if (st != SK_OK)
		return st;
	st = sk_keyring_lookup(kr, a->id, f, out, err);
	sk_keyring_close(kr);
	return st;
}
