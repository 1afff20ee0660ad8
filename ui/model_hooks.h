/* model_hooks.h - curses-free model of the webhook browser: merge, filter, sort, countdown, e-mails. */
#ifndef UI_MODEL_HOOKS_H
#define UI_MODEL_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bc.h"
#include "error.h"

enum ui_hook_filter { UI_HF_ALL, UI_HF_ACTIVE, UI_HF_INACTIVE, UI_HF_DEACTIVATED, UI_HF_COUNT };
enum ui_hook_col { UI_HC_ID, UI_HC_SCOPE, UI_HC_DEST, UI_HC_CREATED, UI_HC_UPDATED, UI_HC_STATUS, UI_HC_COUNT };

/* Most notification e-mails accepted in one edit (a sanity bound, not a BigCommerce rule). */

struct ui_hooks {
	struct sk_webhook *hooks; /* owned */
	size_t n;
	struct sk_hooks_admin admin; /* owned: e-mails and blocked domains (its hooks are merged in) */
	bool have_admin;
	size_t *view; /* indexes into hooks after filter and sort */
	size_t nview;
	enum ui_hook_filter filter;
	enum ui_hook_col sort;
	bool desc;
};

void ui_hooks_init(struct ui_hooks *m);
void ui_hooks_clear(struct ui_hooks *m);

/*
 * Take the results of a load (ownership moves in; either may be NULL):
 * list from GET /v3/hooks, admin from GET /v3/hooks/admin. Statuses from
 * admin are merged into the list by id; with no list, admin's hooks are used.
 */
void ui_hooks_take(struct ui_hooks *m, struct sk_webhook *list, size_t n, struct sk_hooks_admin *admin);

/* "active", "inactive" or "deactivated" (derived from is_active when the API sent no status). */
const char *ui_hook_status(const struct sk_webhook *h);
bool ui_hook_matches(const struct sk_webhook *h, enum ui_hook_filter f);
/* Re-apply filter and sort. */
void ui_hooks_update_view(struct ui_hooks *m);
const struct sk_webhook *ui_hooks_at(const struct ui_hooks *m, size_t view_row);
const char *ui_hook_filter_name(enum ui_hook_filter f);
const char *ui_hook_col_name(enum ui_hook_col c);

/* Seconds left on a blocklisted domain now (never negative): time_left - (now - fetched_at). */
int64_t ui_blocked_left(const struct sk_blocked_domain *b, int64_t now_ms);


#endif
