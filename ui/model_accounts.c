/* model_accounts.c - curses-free model of the home list: grouped rows, filter, selection, delete gate. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model_accounts.h"
#include "text.h"
#include "util.h"

bool ui_acct_matches(const struct sk_account *a, const char *filter)
{
	if (filter == NULL || filter[0] == '\0')
		return true;
	return ui_text_contains(a->name, filter) || ui_text_contains(a->store_hash, filter) ||
	       ui_text_contains(a->account_uuid, filter) || ui_text_contains(sk_account_kind(a), filter) ||
	       ui_text_contains(sk_account_kind_label(a), filter) || ui_text_contains(a->store_name, filter);
}

static const struct sk_registry *sort_reg;

static int cmp_idx(const void *x, const void *y)
{
	const struct sk_account *a = &sort_reg->accounts[*(const size_t *)x];
	const struct sk_account *b = &sort_reg->accounts[*(const size_t *)y];
	int c;

	if (a->level != b->level)
		return a->level == SK_LEVEL_ACCOUNT ? -1 : 1;
	c = strcmp(sk_account_owner(a), sk_account_owner(b));
	if (c != 0)
		return c;
	c = strcasecmp(a->name, b->name);
	return c != 0 ? c : strcmp(a->id, b->id);
}

static struct ui_acct_row *push(struct ui_acct_list *l, size_t *cap)
{
	if (l->n + 1 > *cap) {
		*cap = *cap ? *cap * 2 : 16;
		l->rows = sk_xrealloc(l->rows, *cap * sizeof *l->rows);
	}
	memset(&l->rows[l->n], 0, sizeof l->rows[0]);
	return &l->rows[l->n++];
}

/* Every store's account count and name (from any of its accounts, the first in registry order). */
struct store_info {
	const char *hash;
	const char *name;
	size_t count;
};

static int cmp_store_idx(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;
	int c = strcmp(sort_reg->accounts[i].store_hash, sort_reg->accounts[j].store_hash);

	return c != 0 ? c : (i > j) - (i < j);
}

static int cmp_store_info(const void *key, const void *x)
{
	return strcmp(key, ((const struct store_info *)x)->hash);
}

/* One sort of the store-level accounts by (hash, index), then one pass over its runs. */
static struct store_info *store_table(const struct sk_registry *reg, size_t *nstores)
{
	size_t *v = sk_xcalloc(reg->n, sizeof *v), nv = 0, ns = 0;
	struct store_info *t;

	for (size_t i = 0; i < reg->n; i++)
		if (reg->accounts[i].level == SK_LEVEL_STORE)
			v[nv++] = i;
	sort_reg = reg;
	qsort(v, nv, sizeof *v, cmp_store_idx);
	sort_reg = NULL;
	t = sk_xcalloc(nv ? nv : 1, sizeof *t);
	for (size_t k = 0; k < nv; k++) {
		const struct sk_account *a = &reg->accounts[v[k]];

		if (ns == 0 || strcmp(t[ns - 1].hash, a->store_hash) != 0)
			t[ns++] = (struct store_info){a->store_hash, NULL, 0};
		t[ns - 1].count++;
		if (t[ns - 1].name == NULL && a->store_name[0])
			t[ns - 1].name = a->store_name;
	}
	free(v);
	*nstores = ns;
	return t;
}

void ui_acct_list_build(struct ui_acct_list *l, const struct sk_registry *reg, const char *filter)
{
	size_t *order, m = 0, cap = 0, nstores = 0;
	const char *cur_owner = NULL;
	enum sk_level cur_level = SK_LEVEL_ACCOUNT;
	struct store_info *stores;

	ui_acct_list_clear(l);
	l->total = reg->n;
	if (reg->n == 0)
		return;
	order = sk_xcalloc(reg->n, sizeof *order);
	for (size_t i = 0; i < reg->n; i++)
		if (ui_acct_matches(&reg->accounts[i], filter))
			order[m++] = i;
	/* qsort has no context argument in C11; the list is built on one thread. */
	sort_reg = reg;
	qsort(order, m, sizeof *order, cmp_idx);
	sort_reg = NULL;
	stores = store_table(reg, &nstores);
	for (size_t k = 0; k < m; k++) {
		const struct sk_account *a = &reg->accounts[order[k]];
		struct ui_acct_row *r;

		if (a->level == SK_LEVEL_ACCOUNT &&
		    (cur_owner == NULL || cur_level != a->level || strcmp(cur_owner, a->account_uuid) != 0)) {
			r = push(l, &cap);
			r->kind = UI_ROW_GROUP;
			sk_strlcpy(r->owner, a->account_uuid, sizeof r->owner);
			cur_owner = a->account_uuid;
			cur_level = a->level;
		} else if (a->level == SK_LEVEL_STORE &&
			   (cur_owner == NULL || cur_level != a->level || strcmp(cur_owner, a->store_hash) != 0)) {
			const struct store_info *s = bsearch(a->store_hash, stores, nstores, sizeof *stores,
							     cmp_store_info);

			r = push(l, &cap);
			r->kind = UI_ROW_STORE;
			sk_strlcpy(r->owner, a->store_hash, sizeof r->owner);
			/* Counted over the whole registry; any account of the store may know its name. */
			r->count = s ? s->count : 0;
			if (s && s->name)
				sk_strlcpy(r->store_name, s->name, sizeof r->store_name);
			cur_owner = a->store_hash;
			cur_level = a->level;
		}
		r = push(l, &cap);
		r->kind = UI_ROW_ACCOUNT;
		r->idx = order[k];
		l->naccounts++;
	}
	free(stores);
	free(order);
}

void ui_acct_list_clear(struct ui_acct_list *l)
{
	free(l->rows);
	memset(l, 0, sizeof *l);
}

long ui_acct_list_step(const struct ui_acct_list *l, long from, int dir)
{
	for (long i = from + dir; i >= 0 && i < (long)l->n; i += dir)
		if (l->rows[i].kind == UI_ROW_ACCOUNT)
			return i;
	return -1;
}

long ui_acct_list_find(const struct ui_acct_list *l, const struct sk_registry *reg, const char *id)
{
	if (id != NULL && id[0] != '\0') {
		for (size_t i = 0; i < l->n; i++)
			if (l->rows[i].kind == UI_ROW_ACCOUNT && strcmp(reg->accounts[l->rows[i].idx].id, id) == 0)
				return (long)i;
	}
	return ui_acct_list_step(l, -1, 1);
}

bool ui_delete_needs_name(bool checked, size_t nhooks)
{
	return !checked || nhooks > 0;
}

bool ui_delete_allowed(bool checked, size_t nhooks, const char *typed, const char *name)
{
	if (!ui_delete_needs_name(checked, nhooks))
		return true;
	return typed != NULL && name != NULL && name[0] != '\0' && strcmp(typed, name) == 0;
}
