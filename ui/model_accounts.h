/* model_accounts.h - curses-free model of the home list: grouped rows, filter, selection, delete gate. */
#ifndef UI_MODEL_ACCOUNTS_H
#define UI_MODEL_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "registry.h"

enum ui_row_kind {
	UI_ROW_GROUP,   /* one BigCommerce account (UUID) with its account-level accounts */
	UI_ROW_STORE,   /* one store: hash, name, N/50 */
	UI_ROW_ACCOUNT  /* one account (idx into the registry) */
};

struct ui_acct_row {
	enum ui_row_kind kind;
	size_t idx;                     /* UI_ROW_ACCOUNT: index in the registry */
	char owner[SK_HASH_MAX + 40];   /* store hash (UI_ROW_STORE) or account UUID (UI_ROW_GROUP) */
	char store_name[128];           /* UI_ROW_STORE: a known store name, "" if none */
	size_t count;                   /* UI_ROW_STORE: store-level accounts in the store (all, unfiltered) */
};

struct ui_acct_list {
	struct ui_acct_row *rows;
	size_t n;
	size_t naccounts; /* account rows shown */
	size_t total;     /* accounts in the registry */
};

/*
 * Does account a match the filter? Case-insensitive substring of its name,
 * store hash or account UUID, kind ("v2v3", "stencil-dev", label) or store name.
 */
bool ui_acct_matches(const struct sk_account *a, const char *filter);

/*
 * Rebuild the rows from the registry: account-level accounts first, under
 * their account UUID, then each store by hash with its store-level
 * accounts; accounts by name.
 * Groups with no matching account are left out.
 */
void ui_acct_list_build(struct ui_acct_list *l, const struct sk_registry *reg, const char *filter);
void ui_acct_list_clear(struct ui_acct_list *l);

/* The next account row from `from` in direction dir (+1/-1), or -1. from may be -1 / n. */
long ui_acct_list_step(const struct ui_acct_list *l, long from, int dir);
/* The row showing registry index idx, or the first account row, or -1. */
long ui_acct_list_find(const struct ui_acct_list *l, const struct sk_registry *reg, const char *id);

/*
 * May the account be deleted now? When it has webhooks, or when that
 * could not be checked, the exact name must be typed first: deleting the
 * API account erases its webhooks on BigCommerce's side.
 */
bool ui_delete_needs_name(bool checked, size_t nhooks);
bool ui_delete_allowed(bool checked, size_t nhooks, const char *typed, const char *name);

#endif
