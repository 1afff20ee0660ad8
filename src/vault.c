/* vault.c - adding and removing accounts: keyring and registry kept in step (R5). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "about.h"
#include "credfile.h"
#include "rotate.h"
#include "util.h"
#include "vault.h"

/* Check and complete one new account as every add does; secrets are checked, not kept. */
static enum sk_status add_check(struct sk_account *a, const char *client_secret, const char *access_token,
				struct sk_error *err)
{
	struct sk_api_path ap;
	char clean[SK_NAME_MAX_BYTES + 1];
	enum sk_status st;

	st = sk_api_path_parse(a->api_path, &ap, err);
	if (st != SK_OK)
		return st;
	sk_account_set_path(a, &ap);
	if ((st = sk_name_check(a->name, clean, err)) != SK_OK)
		return st;
	memcpy(a->name, clean, strlen(clean) + 1);
	if ((st = sk_token_check("client id", a->client_id, err)) != SK_OK ||
	    (st = sk_token_check("client secret", client_secret, err)) != SK_OK ||
	    (st = sk_token_check("access token", access_token, err)) != SK_OK)
		return st;
	sk_account_kind_defaults(a);
	if (a->id[0] == '\0' && !sk_uuid_new(a->id))
		return sk_error_set(err, SK_ERR_INTERNAL, "no randomness for a new account id");
	if (a->created == 0)
		a->created = (int64_t)time(NULL);
	return SK_OK;
}

/* Under the lock: append every stored account the rules still accept; the rest are marked. */
struct add_ctx {
	struct sk_vault_new *items;
	size_t n;
};

static enum sk_status add_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	const struct add_ctx *c = ud;
	size_t added = 0;

	for (size_t i = 0; i < c->n; i++) {
		struct sk_vault_new *it = &c->items[i];
		long at;

		if (it->st != SK_OK)
			continue;
		/* doctor --fix may have adopted our secrets between our store and this commit: ours replaces it */
		at = sk_registry_find_id(reg, it->a->id);
		if (at >= 0)
			sk_registry_remove(reg, (size_t)at);
		it->st = sk_registry_check_new(reg, it->a->name, it->a->level, sk_account_owner(it->a), NULL, &it->err);
		if (it->st != SK_OK)
			continue;
		sk_registry_append(reg, it->a);
		added++;
	}
	/* Nothing to add: no write (the caller reports each item's reason). */
	if (added == 0)
		return sk_error_set(err, SK_ERR_CANCELLED, "nothing to add");
	return SK_OK;
}

/* A keyring that stopped answering fails every item after it the same way: no 2,000 timeouts. */
static bool keyring_gone(enum sk_status st)
{
	return st == SK_ERR_KEYRING_UNAVAILABLE || st == SK_ERR_KEYRING_LOCKED || st == SK_ERR_KEYRING_TIMEOUT;
}

static void fail_rest(struct sk_vault_new *items, size_t n, const struct sk_error *why)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].st == SK_OK) {
			items[i].st = why->code;
			items[i].err = *why;
		}
}

/*
 * Secrets stored and then withdrawn (the add failed after the keyring took them): a
 * keyring that keeps deleted items still has them, so the add's error says so. The
 * provider is asked once per batch (*asked), not once per withdrawn item.
 */
static void say_kept(struct sk_error *err, const char **note, bool *asked)
{
	size_t n = strlen(err->msg);

	if (!*asked) {
		*note = sk_about_deleted_note();
		*asked = true;
	}
	if (*note != NULL && n + 40 < sizeof err->msg)
		snprintf(err->msg + n, sizeof err->msg - n, " (its secrets were stored, then deleted again. %s)", *note);
}

/*
 * Check the rules before touching the keyring, so a refused name writes nothing. Earlier items of
 * the batch count: a name twice in one batch is refused the second time. *todo loses each refusal.
 */
static enum sk_status check_names(const char *dir, struct sk_vault_new *items, size_t n, size_t *todo,
				  struct sk_error *err)
{
	struct sk_registry reg;
	enum sk_status st = sk_registry_load(&reg, dir, err);

	if (st != SK_OK)
		return st;
	if (reg.read_only) {
		sk_registry_clear(&reg);
		return sk_error_set(err, SK_ERR_REGISTRY_NEWER,
				    "the registry was written by a newer storekeys; it is read-only here");
	}
	for (size_t i = 0; i < n; i++) {
		struct sk_vault_new *it = &items[i];

		if (it->st != SK_OK)
			continue;
		it->st = sk_registry_check_new(&reg, it->a->name, it->a->level, sk_account_owner(it->a), NULL, &it->err);
		if (it->st == SK_OK)
			sk_registry_append(&reg, it->a);
		else
			(*todo)--;
	}
	sk_registry_clear(&reg);
	return SK_OK;
}

enum sk_status sk_vault_add_many(const char *dir, struct sk_vault_new *items, size_t n,
				 sk_vault_progress_fn progress, void *ud, struct sk_error *err)
{
	struct sk_keyring *kr = NULL;
	struct add_ctx ctx = {items, n};
	size_t todo = 0, done = 0, nstore;
	const char *kept_note = NULL;
	bool kept_asked = false;
	enum sk_status st;

	for (size_t i = 0; i < n; i++) {
		if (items[i].st != SK_OK)
			continue;
		items[i].st = add_check(items[i].a, items[i].client_secret, items[i].access_token, &items[i].err);
		todo += items[i].st == SK_OK;
	}
	if (todo == 0)
		return SK_OK;

	st = check_names(dir, items, n, &todo, err);
	if (st == SK_OK && todo == 0)
		return SK_OK;
	/* Keyring first, then the registry: a crash in between leaves orphans doctor adopts (R5). */
	if (st == SK_OK)
		st = sk_keyring_open(&kr, err);
	if (st != SK_OK) {
		fail_rest(items, n, err);
		return st;
	}
	nstore = todo;
	for (size_t i = 0; i < n; i++) {
		struct sk_vault_new *it = &items[i];

		if (it->st != SK_OK)
			continue;
		bool half = false; /* the client secret is in, the token is not */

		it->st = sk_keyring_store(kr, it->a, SK_FIELD_CLIENT_SECRET, it->client_secret, &it->err);
		if (it->st == SK_OK) {
			it->st = sk_keyring_store(kr, it->a, SK_FIELD_ACCESS_TOKEN, it->access_token, &it->err);
			half = it->st != SK_OK;
		}
		if (it->st != SK_OK) {
			struct sk_error ignored;

			/* Never half-stored: the first secret goes again when the second failed. */
			sk_keyring_clear(kr, it->a->id, &ignored);
			if (half)
				say_kept(&it->err, &kept_note, &kept_asked);
			todo--;
		} else {
			it->stored = true;
		}
		done++;
		if (progress && !progress(done, nstore, it, ud)) {
			struct sk_error stop;

			sk_error_set(&stop, SK_ERR_CANCELLED, "interrupted before it was stored");
			fail_rest(items + i + 1, n - i - 1, &stop);
			break;
		}
		if (it->st != SK_OK && keyring_gone(it->st)) {
			fail_rest(items + i + 1, n - i - 1, &it->err);
			break;
		}
	}
	st = SK_OK;
	if (todo > 0) {
		st = sk_registry_update(dir, add_fn, &ctx, NULL, err);
		if (st == SK_ERR_CANCELLED) /* add_fn: every item was refused under the lock */
			st = SK_OK;
		else if (st != SK_OK)
			fail_rest(items, n, err);
	}
	/* What the registry did not take leaves the keyring again. */
	for (size_t i = 0; i < n; i++) {
		struct sk_error ignored;

		if (items[i].stored && items[i].st != SK_OK) {
			sk_keyring_clear(kr, items[i].a->id, &ignored);
			say_kept(&items[i].err, &kept_note, &kept_asked);
			items[i].stored = false;
		}
	}
	sk_keyring_close(kr);
	return st;
}

enum sk_status sk_vault_add(const char *dir, struct sk_account *a, const char *client_secret,
			    const char *access_token, struct sk_error *err)
{
	struct sk_vault_new it;

	memset(&it, 0, sizeof it);
	it.a = a;
	it.client_secret = client_secret;
	it.access_token = access_token;
	(void)sk_vault_add_many(dir, &it, 1, NULL, NULL, err);
	if (it.st != SK_OK)
		*err = it.err;
	return it.st;
}

struct remove_ctx {
	const char *id;
	struct sk_keyring *kr;
	bool cleared; /* the keyring items are gone */
};

/*
 * Under the registry lock, on its fresh read (refused before this when damaged or newer,
 * R18): the keyring items first, so a crash afterwards leaves a dangling entry, never an
 * orphan secret (R5); then the entry.
 */
static enum sk_status remove_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	struct remove_ctx *c = ud;
	long i = sk_registry_find_id(reg, c->id);
	enum sk_status st = sk_keyring_clear(c->kr, c->id, err);

	if (st != SK_OK)
		return st;
	c->cleared = true;
	if (i < 0) /* doctor --fix dropped the entry once its secrets were gone: the remove is complete */
		return SK_OK;
	sk_registry_remove(reg, (size_t)i);
	reg->forget = true;
	return SK_OK;
}

enum sk_status sk_vault_remove(const char *dir, const char *account_id, struct sk_error *err)
{
	struct remove_ctx c = {account_id, NULL, false};
	enum sk_status st = sk_keyring_open_for_delete(&c.kr, err);

	if (st != SK_OK)
		return st;
	st = sk_registry_update(dir, remove_fn, &c, NULL, err);
	sk_keyring_close(c.kr);
	if (st != SK_OK) {
		if (c.cleared)
			sk_error_prefix(err, "the keyring items are deleted, but the registry entry is not (`storekeys "
					     "remove` again finishes it)");
		return st;
	}
	/*
	 * The last local trace: the record of a rotation away from this account (no secret in
	 * it). Without the old account it can neither be resumed nor confirmed.
	 */
	st = sk_rotate_state_remove(dir, account_id, err);
	if (st != SK_OK)
		sk_error_prefix(err, "the account was removed, but not the record of its rotation");
	return st;
}

void sk_vault_removed_note(const char *dir, const char *account_id, char *out, size_t size)
{
	const char *kept = sk_about_deleted_note();
	char copies[512], records[512];
	size_t n = sk_registry_copies_naming(dir, false, account_id, copies, sizeof copies);
	size_t r = sk_registry_copies_naming(dir, true, account_id, records, sizeof records);
	size_t used;

	snprintf(out, size, "%s", kept ? kept : "");
	if (n > 0) {
		used = strlen(out);
		snprintf(out + used, size - used,
			 "%s%s of the registry kept aside for you to decide about still name%s it (%s, in %s): delete %s "
			 "when you no longer need %s.",
			 used ? " " : "", n == 1 ? "A copy" : "Copies", n == 1 ? "s" : "", copies, dir,
			 n == 1 ? "it" : "them", n == 1 ? "it" : "them");
	}
	/* another account's rotation to this one: kept, it says what went to the account removed */
	if (r > 0) {
		used = strlen(out);
		snprintf(out + used, size - used,
			 "%sThe record of a rotation to it still names it (%s, in %s): it says which webhooks and "
			 "scripts went to this account; move it aside when you no longer need it.",
			 used ? " " : "", records, dir);
	}
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
	free(rep->findings);
	memset(rep, 0, sizeof *rep);
}

static int cmp_item(const void *a, const void *b)
{
	const struct sk_keyring_item *x = a, *y = b;
	int c = strcmp(x->account_id, y->account_id);

	return c != 0 ? c : (int)x->field - (int)y->field;
}

static int cmp_acc(const void *a, const void *b)
{
	const struct sk_account *const *x = a, *const *y = b;

	return strcmp((*x)->id, (*y)->id);
}

/* How many of id's two items the sorted list holds (0-2), and the index of the first. */
static size_t items_of(const struct sk_keyring_item *items, size_t n, const char *id, size_t *first)
{
	size_t lo = 0, hi = n, cnt = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(items[mid].account_id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (lo + cnt < n && strcmp(items[lo + cnt].account_id, id) == 0)
		cnt++;
	return cnt;
}

static bool registered(const struct sk_account **sorted, size_t n, const char *id)
{
	struct sk_account key;
	const struct sk_account *kp = &key;

	memcpy(key.id, id, sizeof key.id);
	return n > 0 && bsearch(&kp, sorted, n, sizeof *sorted, cmp_acc) != NULL;
}

static struct sk_doctor_finding *add_finding(struct sk_doctor_report *rep, enum sk_doctor_kind kind,
					     const struct sk_account *a)
{
	struct sk_doctor_finding *f;

	if (rep->n == rep->cap) {
		rep->cap = rep->cap ? rep->cap * 2 : 16;
		rep->findings = sk_xrealloc(rep->findings, rep->cap * sizeof *rep->findings);
	}
	f = &rep->findings[rep->n++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	memcpy(f->id, a->id, sizeof f->id);
	sk_sanitize(a->name, f->name, sizeof f->name);
	return f;
}

struct doctor_ctx {
	bool fix;
	struct sk_doctor_report *rep;
};

/* Rebuild a registry entry from an orphan's items (never deletes them) (R26). */
static void adopt(struct sk_registry *reg, const struct sk_keyring_item *its, size_t cnt, struct sk_doctor_finding *f)
{
	const struct sk_keyring_item *best = &its[0];
	struct sk_account a;
	struct sk_error sub;
	enum sk_status st;

	for (size_t k = 0; k < cnt; k++)
		if (its[k].meta_full || (!best->meta_known && its[k].meta_known))
			best = &its[k];
	if (!best->meta_known) {
		snprintf(f->note, sizeof f->note,
			 "kept in the keyring; not adopted: its API path or client id is unknown (old item without "
			 "attributes)");
		return;
	}
	memset(&a, 0, sizeof a);
	sk_account_copy(&a, &best->meta);
	st = sk_registry_check_new(reg, a.name, a.level, sk_account_owner(&a), NULL, &sub);
	if (st == SK_ERR_EXISTS) {
		char other[SK_NAME_MAX_BYTES + 1];

		snprintf(other, sizeof other, "%.40s (recovered %.8s)", best->meta.name, a.id);
		sk_strlcpy(a.name, other, sizeof a.name);
		st = sk_registry_check_new(reg, a.name, a.level, sk_account_owner(&a), NULL, &sub);
	}
	if (st != SK_OK) {
		snprintf(f->note, sizeof f->note, "kept in the keyring; not adopted: %.200s", sub.msg);
		sk_account_clear(&a);
		return;
	}
	if (!best->meta_full) {
		/* An old item: say what could not be recovered; the field survives rewrites (extra). */
		cJSON *extra = cJSON_CreateObject();

		cJSON_AddStringToObject(extra, "recovered_unknown", "scopes, token type, created time");
		a.extra = extra;
	}
	sk_registry_append(reg, &a);
	reg->dirty = true;
	f->fixed = true;
	sk_sanitize(a.name, f->name, sizeof f->name);
	snprintf(f->note, sizeof f->note, "adopted: registry entry rebuilt from the keyring%s",
		 best->meta_full ? "" : " (scopes, token type and created time unknown)");
	sk_account_clear(&a);
}

static enum sk_status doctor_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	struct doctor_ctx *c = ud;
	struct sk_doctor_report *rep = c->rep;
	struct sk_keyring *kr = NULL;
	struct sk_keyring_item *items = NULL;
	const struct sk_account **sorted = NULL;
	size_t n = 0, nreg = reg->n, first, *orphans, norphans = 0;
	bool any_locked = true;
	struct sk_error kerr;
	enum sk_status st;

	rep->damaged = reg->damaged;
	sk_strlcpy(rep->damaged_copy, reg->damaged_copy, sizeof rep->damaged_copy);
	rep->read_only = reg->read_only;
	st = sk_keyring_open(&kr, &kerr);
	if (st == SK_OK)
		st = sk_keyring_list_all(kr, &items, &n, &any_locked, &kerr);
	sk_keyring_close(kr);
	if (st != SK_OK) {
		snprintf(rep->keyring_msg, sizeof rep->keyring_msg, "%s", kerr.msg);
		*err = kerr;
		return st;
	}
	rep->keyring_ok = true;
	rep->keyring_known = !any_locked;
	rep->nitems = n;
	snprintf(rep->keyring_msg, sizeof rep->keyring_msg, "%s",
		 any_locked ? "Secret Service reachable, but a keyring (collection) is locked: secrets not found may be "
			      "in it, so nothing is called missing or repaired"
			    : "Secret Service reachable, every keyring unlocked");
	qsort(items, n, sizeof *items, cmp_item);
	sorted = sk_xcalloc(nreg + 1, sizeof *sorted);
	for (size_t i = 0; i < nreg; i++)
		sorted[i] = &reg->accounts[i];
	qsort(sorted, nreg, sizeof *sorted, cmp_acc);

	/* Entries whose secrets are not (all) there. */
	for (size_t i = 0; i < nreg; i++) {
		const struct sk_account *a = &reg->accounts[i];
		size_t cnt = items_of(items, n, a->id, &first);
		struct sk_doctor_finding *f;

		if (cnt >= 2)
			continue;
		if (any_locked) {
			f = add_finding(rep, SK_DOCTOR_UNKNOWN, a);
			snprintf(f->note, sizeof f->note, "secrets not found, but a keyring is locked: unknown");
			continue;
		}
		f = add_finding(rep, SK_DOCTOR_DANGLING, a);
		f->partial = cnt == 1;
		if (cnt == 1)
			snprintf(f->note, sizeof f->note, "the %s is missing (the other secret is kept); re-add the account",
				 items[first].field == SK_FIELD_CLIENT_SECRET ? "access token" : "client secret");
		else
			snprintf(f->note, sizeof f->note, "both secrets are missing; re-add it from its .txt");
	}
	/*
	 * Secrets without an entry: adopted with --fix, never deleted. They are all found
	 * first: sorted points into reg->accounts, which adopting grows (and may move).
	 */
	orphans = sk_xcalloc(n + 1, sizeof *orphans);
	for (size_t i = 0; i < n; i += items_of(items, n, items[i].account_id, &first))
		if (!registered(sorted, nreg, items[i].account_id))
			orphans[norphans++] = i;
	for (size_t k = 0; k < norphans; k++) {
		size_t i = orphans[k];
		size_t cnt = items_of(items, n, items[i].account_id, &first);
		struct sk_doctor_finding *f = add_finding(rep, SK_DOCTOR_ORPHAN, &items[i].meta);

		snprintf(f->note, sizeof f->note, "kept in the keyring");
		if (c->fix && !reg->read_only)
			adopt(reg, &items[first], cnt, f);
	}
	free(orphans);
	/* A dangling entry with no secret at all, while every keyring is known, is dropped (no secret involved). */
	if (c->fix && !reg->read_only && !any_locked) {
		for (size_t i = 0; i < rep->n; i++) {
			struct sk_doctor_finding *f = &rep->findings[i];
			long at;

			if (f->kind != SK_DOCTOR_DANGLING || f->partial || (at = sk_registry_find_id(reg, f->id)) < 0)
				continue;
			sk_registry_remove(reg, (size_t)at);
			reg->dirty = true;
			f->fixed = true;
			snprintf(f->note, sizeof f->note, "entry removed (no secret was left); re-add it from its .txt");
		}
	}
	for (size_t i = 0; i < rep->n; i++) {
		rep->ndangling += rep->findings[i].kind == SK_DOCTOR_DANGLING;
		rep->norphans += rep->findings[i].kind == SK_DOCTOR_ORPHAN;
		rep->nunknown += rep->findings[i].kind == SK_DOCTOR_UNKNOWN;
	}
	/* Damaged: adopting nothing is not a decision; the user picks --restore-backup or --start-empty. */
	if (reg->damaged && reg->n == 0)
		reg->dirty = false;
	if (!reg->dirty) {
		for (size_t i = 0; i < rep->n; i++)
			rep->findings[i].fixed = false;
	}
	rep->committed = reg->dirty;
	free(sorted);
	sk_keyring_items_free(items, n);
	return SK_OK;
}

enum sk_status sk_vault_doctor(const char *dir, bool fix, struct sk_doctor_report *rep, struct sk_error *err)
{
	struct doctor_ctx c = {fix, rep};
	enum sk_status st;

	memset(rep, 0, sizeof *rep);
	/* Under the registry lock, on one view: no race with add or remove (R17, R26). */
	st = sk_registry_locked(dir, doctor_fn, &c, rep->kept_backup, sizeof rep->kept_backup, err);
	if (st != SK_OK) {
		rep->committed = false;
		for (size_t i = 0; i < rep->n; i++)
			rep->findings[i].fixed = false;
	}
	return st;
}

struct purge_ctx {
	const char *id;
};

static enum sk_status purge_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	const struct purge_ctx *c = ud;
	struct sk_keyring *kr = NULL;
	enum sk_status st;

	if (reg->damaged)
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT,
				    "the registry is damaged, so no item can be called an orphan; decide about it first "
				    "(see `storekeys doctor`)");
	if (reg->read_only)
		return sk_error_set(err, SK_ERR_REGISTRY_NEWER,
				    "the registry was written by a newer storekeys; nothing is purged from this version");
	if (sk_registry_find_id(reg, c->id) >= 0)
		return sk_error_set(err, SK_ERR_EXISTS,
				    "%s is not an orphan: the registry has it (use `storekeys remove` to forget an account)",
				    c->id);
	st = sk_keyring_open_for_delete(&kr, err);
	if (st == SK_OK)
		st = sk_keyring_clear(kr, c->id, err);
	sk_keyring_close(kr);
	return st;
}

enum sk_status sk_vault_orphan_info(const char *dir, const char *id, struct sk_account *meta, struct sk_error *err)
{
	struct sk_registry reg;
	struct sk_keyring *kr = NULL;
	struct sk_keyring_item *items = NULL;
	size_t n = 0;
	enum sk_status st;
	bool found = false;

	memset(meta, 0, sizeof *meta);
	if (!sk_uuid_valid(id))
		return sk_error_set(err, SK_ERR_USAGE, "an orphan is named by its id (a UUID, as doctor lists it)");
	st = sk_registry_load(&reg, dir, err);
	if (st != SK_OK)
		return st;
	if (sk_registry_find_id(&reg, id) >= 0)
		st = sk_error_set(err, SK_ERR_EXISTS,
				  "%s is not an orphan: the registry has it (use `storekeys remove` to forget an account)",
				  id);
	sk_registry_clear(&reg);
	if (st != SK_OK)
		return st;
	st = sk_keyring_open(&kr, err);
	if (st == SK_OK)
		st = sk_keyring_list(kr, false, &items, &n, err);
	sk_keyring_close(kr);
	for (size_t i = 0; st == SK_OK && i < n && !found; i++) {
		if (strcmp(items[i].account_id, id) == 0) {
			sk_account_copy(meta, &items[i].meta);
			found = true;
		}
	}
	sk_keyring_items_free(items, n);
	if (st == SK_OK && !found)
		st = sk_error_set(err, SK_ERR_NOT_FOUND, "the keyring holds no item of %s", id);
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

enum sk_status sk_vault_purge_orphan(const char *dir, const char *id, struct sk_error *err)
{
	struct purge_ctx c = {id};

	if (!sk_uuid_valid(id))
		return sk_error_set(err, SK_ERR_USAGE, "an orphan is named by its id (a UUID, as doctor lists it)");
	return sk_registry_locked(dir, purge_fn, &c, NULL, 0, err);
}
