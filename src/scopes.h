/* scopes.h - the OAuth scope catalogue (docs/bigcommerce.md §4) and presets. */
#ifndef SK_SCOPES_H
#define SK_SCOPES_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"

#define SK_SCOPE_MAX_LEVELS 3

/* One selectable level of a resource: the control panel's label and the token scope string. */
struct sk_scope_level {
	const char *label; /* "Read-only", "Modify", "Login", "Manage", ... */
	const char *scope; /* "store_v2_orders_read_only" */
};

/* One row of the control panel's OAuth scope list. */
struct sk_scope_resource {
	const char *ui_name;               /* "Orders" */
	enum sk_level level;               /* store-level or account-level */
	struct sk_scope_level levels[SK_SCOPE_MAX_LEVELS];
	size_t nlevels;
	bool multi;                        /* several levels may be checked (account-level) */
	bool always;                       /* no None in the control panel: levels[0] is the default
					      every V2/V3 account has unless another level is chosen */
	const char *probe;                 /* read-only GET path below /stores/{hash}, or NULL */
	const char *note;                  /* caveat shown in the scopes page, or NULL */
};

/* The whole catalogue, store-level rows first, in control-panel order. */
extern const struct sk_scope_resource sk_scope_catalogue[];
extern const size_t sk_scope_catalogue_len;

/*
 * Find the resource and level that grant scope string s.
 * Returns the resource or NULL; *level_out gets the level index.
 */
const struct sk_scope_resource *sk_scope_find(const char *s, size_t *level_out);

/* A named selection of scopes. */
struct sk_scope_preset {
	const char *id;          /* "read-only", "migration", "stencil-dev", "stencil-publish", "account-read" */
	const char *title;
	enum sk_level level;
	const char *const *scopes; /* NULL-terminated */
};

extern const struct sk_scope_preset sk_scope_presets[];
extern const size_t sk_scope_presets_len;

const struct sk_scope_preset *sk_scope_preset_find(const char *id);

/*
 * Parse a comma-separated list of scope strings or preset ids into a new
 * NULL-terminated array (sorted, unique). Every item must be in the
 * catalogue and fit the account level; otherwise SK_ERR_INVALID names it.
 */
enum sk_status sk_scopes_parse(const char *list, enum sk_level level, char ***out, size_t *n,
			       struct sk_error *err);

/*
 * Add what the control panel sets by itself for a V2/V3 account of that
 * level: levels[0] of each `always` row (Metafields access: Standard) when
 * no level of that row is in the set. Keeps the array sorted and NULL-ended.
 */
void sk_scopes_add_defaults(char ***scopes, size_t *n, enum sk_level level);

/* Free an array from sk_scopes_parse. */
void sk_scopes_free(char **scopes, size_t n);

/*
 * Check a set: every scope known and of the right level, and at most one
 * level per single-choice resource.
 */
enum sk_status sk_scopes_check(char *const *scopes, size_t n, enum sk_level level, struct sk_error *err);

/* "Orders: Read-only" style one-line summary into buf ("no scopes" when empty). */
const char *sk_scopes_summary(char *const *scopes, size_t n, char *buf, size_t size);

#endif
