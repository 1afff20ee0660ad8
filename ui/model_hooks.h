/* model_hooks.h - curses-free model of the webhook browser: merge, filter, sort, countdown, e-mails. */
#ifndef UI_MODEL_HOOKS_H
#define UI_MODEL_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

#include "bc.h"
#include "error.h"

enum ui_hook_filter { UI_HF_ALL, UI_HF_ACTIVE, UI_HF_INACTIVE, UI_HF_DEACTIVATED, UI_HF_COUNT };
enum ui_hook_col { UI_HC_ID, UI_HC_SCOPE, UI_HC_DEST, UI_HC_CREATED, UI_HC_UPDATED, UI_HC_STATUS, UI_HC_COUNT };

/*
 * What a model knows about one thing it loads (R27): nothing yet, a
 * successful answer, or a load that was cancelled or failed. Only
 * UI_LOAD_OK is data; the others are never shown as "none" or written from.
 */
enum ui_load { UI_LOAD_NONE, UI_LOAD_OK, UI_LOAD_CANCELLED, UI_LOAD_FAILED };

/* UI_LOAD_OK for SK_OK, UI_LOAD_CANCELLED for SK_ERR_CANCELLED, else UI_LOAD_FAILED. */
enum ui_load ui_load_from_status(enum sk_status st);
/* "not loaded", "loaded", "not loaded (cancelled)", "not loaded (failed)". */
const char *ui_load_word(enum ui_load s);

struct ui_hooks {
	struct sk_webhook *hooks; /* owned */
	size_t n;
	struct sk_hooks_admin admin; /* owned: e-mails and blocked domains (its hooks are merged in) */
	bool have_admin;             /* admin_state == UI_LOAD_OK */
	enum ui_load hooks_state;    /* the webhook list (from /hooks or /hooks/admin) */
	enum ui_load admin_state;    /* e-mails, statuses and blocked domains (/hooks/admin) */
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

/*
 * A load that gave nothing usable: the data is dropped and the states
 * say why. After a partial load, set the missing part's state with
 * ui_hooks_take followed by ui_hooks_mark.
 */
void ui_hooks_unknown(struct ui_hooks *m, enum ui_load hooks_state, enum ui_load admin_state);
/* Set the state of the part a load did not bring (never downgrades to UI_LOAD_OK). */
void ui_hooks_mark(struct ui_hooks *m, enum ui_load hooks_state, enum ui_load admin_state);

/*
 * Writes need a successful load of what they change (R27/R28). False with
 * the reason in why (e.g. "the e-mails are not loaded (cancelled): press r").
 * E-mails need /hooks/admin; re-activation needs the webhook list.
 */
bool ui_hooks_can_edit_emails(const struct ui_hooks *m, char *why, size_t size);
bool ui_hooks_can_reactivate(const struct ui_hooks *m, char *why, size_t size);
/* Create, edit and delete need the webhook list loaded (R27/R28); why names the verb. */
bool ui_hooks_can_write(const struct ui_hooks *m, const char *verb, char *why, size_t size);

/* ---- the delete screen: what deleting an account loses, as far as it is known ---- */

struct ui_loss {
	enum ui_load hooks_state, scripts_state, meta_state; /* meta: UI_LOAD_OK only when every asked endpoint listed */
	size_t nhooks, nscripts, nmeta;
};

/*
 * The typed name is demanded when something is erased (a webhook or a
 * script) or when anything is unknown: unknown may have webhooks.
 */
bool ui_loss_needs_name(const struct ui_loss *l);
/* "3", or "unknown (not loaded: cancelled)" for a state that is not UI_LOAD_OK. */
const char *ui_loss_count(enum ui_load st, size_t n, char *buf, size_t size);

/*
 * What happens to a metafield of this permission_set when its creator is
 * deleted (docs/bigcommerce.md §5 and §7); permission_set may be NULL.
 */
const char *ui_metafield_fate(const char *permission_set);

/* "active", "inactive" or "deactivated" (derived from is_active when the API sent no status). */
const char *ui_hook_status(const struct sk_webhook *h);
bool ui_hook_matches(const struct sk_webhook *h, enum ui_hook_filter f);
/* Re-apply filter and sort. */
void ui_hooks_update_view(struct ui_hooks *m);
const struct sk_webhook *ui_hooks_at(const struct ui_hooks *m, size_t view_row);
const char *ui_hook_filter_name(enum ui_hook_filter f);
const char *ui_hook_col_name(enum ui_hook_col c);


#endif
