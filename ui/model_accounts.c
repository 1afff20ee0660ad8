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

void ui_acct_list_build(struct ui_acct_list *l, const struct sk_registry *reg, const char *filter)
{
	size_t *order, m = 0, cap = 0;
	const char *cur_owner = NULL;
	enum sk_level cur_level = SK_LEVEL_ACCOUNT;

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
			r = push(l, &cap);
			r->kind = UI_ROW_STORE;
			sk_strlcpy(r->owner, a->store_hash, sizeof r->owner);
			r->count = sk_registry_store_count(reg, a->store_hash);
			/* Any account of the store may know its name (from /v2/store at verify time). */
			for (size_t j = 0; j < reg->n; j++) {
				const struct sk_account *b = &reg->accounts[j];

				if (b->level == SK_LEVEL_STORE && strcmp(b->store_hash, a->store_hash) == 0 &&
				    b->store_name[0]) {
					sk_strlcpy(r->store_name, b->store_name, sizeof r->store_name);
					break;
				}
			}
			cur_owner = a->store_hash;
			cur_level = a->level;
		}
		r = push(l, &cap);
		r->kind = UI_ROW_ACCOUNT;
		r->idx = order[k];
		l->naccounts++;
	}
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
