/* model_create.h - curses-free model of the create wizard: pages, fields, scopes, import, review. */
#ifndef UI_MODEL_CREATE_H
#define UI_MODEL_CREATE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "bc.h"
#include "credfile.h"
#include "form.h"
#include "registry.h"
#include "scopes.h"

/* The pages, in the order BigCommerce's control panel asks for things (see page_order in the .c). */
enum ui_cpage {
	UI_CP_LEVEL,      /* store-level or account-level */
	UI_CP_PREREQ,     /* who may create it, what it needs */
	UI_CP_TOKEN_TYPE, /* store-level: V2/V3 API token or Stencil-CLI token */
	UI_CP_API_PATH,   /* the store (hash) or account (UUID): names are unique per store */
	UI_CP_NAME,       /* live-validated name */
	UI_CP_STENCIL,    /* Stencil-CLI: access level */
	UI_CP_SCOPES,     /* V2/V3 and account-level: OAuth scopes */
	UI_CP_REVIEW,     /* the checklist to mirror in the control panel */
	UI_CP_CREDS,      /* Client ID, Client secret, Access token, or the .txt */
	UI_CP_VERIFY,     /* try the token, then save */
	UI_CP_DONE,       /* saved: where the secrets are; delete the .txt? */
	UI_CP_COUNT
};

/* Which levels of each catalogue row are selected. */
struct ui_scope_sel {
	enum sk_level level;
	size_t *rows;   /* catalogue indexes of this level, in catalogue order */
	unsigned *mask; /* per row: bit l = level l granted (single-choice rows: at most one bit) */
	size_t n;
};

void ui_scope_sel_init(struct ui_scope_sel *s, enum sk_level level);
void ui_scope_sel_free(struct ui_scope_sel *s);
const struct sk_scope_resource *ui_scope_sel_resource(const struct ui_scope_sel *s, size_t row);
/* Single-choice rows: choose level li, or -1 for None. Multi rows: set exactly that level (or none). */
void ui_scope_sel_set(struct ui_scope_sel *s, size_t row, int li);
/* Multi-choice rows: toggle level li. Single-choice rows: same as set (or None when already set). */
void ui_scope_sel_toggle(struct ui_scope_sel *s, size_t row, int li);
/* Single-choice: move None -> level 0 -> level 1 ... by dir (+1/-1), stopping at the ends. */
void ui_scope_sel_step(struct ui_scope_sel *s, size_t row, int dir);
/* The selected level of a single-choice row, or -1. */
int ui_scope_sel_level(const struct ui_scope_sel *s, size_t row);
void ui_scope_sel_clear(struct ui_scope_sel *s);
/* Select exactly the scopes of a preset (its level must match). */
void ui_scope_sel_apply(struct ui_scope_sel *s, char *const *scopes, size_t n);
/* Resources with at least one level granted. */
size_t ui_scope_sel_granted(const struct ui_scope_sel *s);
/* Rows that can be selected at all (the catalogue has rows without a documented scope). */
/* Something other than the defaults is chosen (Metafields access: Standard is a default). */
bool ui_scope_sel_chosen(const struct ui_scope_sel *s);
size_t ui_scope_sel_selectable(const struct ui_scope_sel *s);
/* The selection as a sorted, NULL-terminated array (free with sk_scopes_free). */
char **ui_scope_sel_list(const struct ui_scope_sel *s, size_t *n);
/* The presets that fit a level and token type, in table order; returns how many (max out_max). */
size_t ui_scope_presets(enum sk_level level, const struct sk_scope_preset **out, size_t out_max);

enum ui_verify_state {
	UI_VERIFY_NONE,
	UI_VERIFY_OK,
	UI_VERIFY_REJECTED,    /* 401/403/404 or a bad answer: the credentials are wrong */
	UI_VERIFY_UNREACHABLE, /* network, TLS, timeout, 5xx, 429, cancelled: offer to save anyway */
	UI_VERIFY_SKIPPED      /* the person chose to save without verifying */
};

struct ui_create {
	const struct sk_registry *reg; /* snapshot for the live checks (not owned) */
	enum ui_cpage page;
	enum sk_level level;
	enum sk_token_type token_type;
	enum sk_stencil_access stencil;
	struct ui_field api_path, name;
	struct ui_field client_id, client_secret, access_token, txt_path;
	struct ui_scope_sel scopes[2]; /* by level */
	struct sk_api_path path;       /* api_path parsed (valid when api_path.valid) */

	bool imported;
	char import_file[PATH_MAX];
	char import_msg[UI_FIELD_MSG_MAX];  /* what the import did */
	char import_warn[UI_FIELD_MSG_MAX]; /* a difference worth knowing (another name) */
	char import_conflict[UI_FIELD_MSG_MAX]; /* a contradiction that blocks Next */
	/* The names the file gives (CLIENT NAME and NAME when they differ, else one): the person may pick one. */
	char import_names[2][SK_NAME_MAX_BYTES + 1];
	const char *import_labels[2]; /* "CLIENT NAME", "NAME" or "NAME" (static strings) */
	size_t nimport_names;

	enum ui_verify_state verify;
	char verify_msg[SK_ERROR_MSG_MAX + 256];
	struct sk_verify_result vr;

	bool saved;
	char saved_id[37];
	bool txt_deleted;
};

void ui_create_init(struct ui_create *c, const struct sk_registry *reg);

/* Pre-filled choices (a rotation's replacement): every field stays editable. */
struct ui_create_seed {
	enum sk_level level;
	enum sk_token_type token_type;
	enum sk_stencil_access stencil;
	const char *api_path;
	const char *name;
	char *const *scopes;
	size_t nscopes;
};
void ui_create_seed(struct ui_create *c, const struct ui_create_seed *s);
/* Wipes every field (secrets included). */
void ui_create_free(struct ui_create *c);

/* The page after / before the current one for the choices made; UI_CP_COUNT at the end. */
enum ui_cpage ui_create_next_page(const struct ui_create *c);
enum ui_cpage ui_create_prev_page(const struct ui_create *c);
/* The pages of this flow (for "step 3 of 9"): fills *index (1-based) and returns the total. */
int ui_create_step(const struct ui_create *c, int *index);

/* Is the current page complete? When not, why (for the status line). Revalidates its fields. */
bool ui_create_page_valid(struct ui_create *c, char *why, size_t size);
/* Did the person type, import or select scopes (what backing out would lose)? */
bool ui_create_dirty(const struct ui_create *c);

/*
 * Parse what was typed on the API path page: a full API path, or just a
 * store hash (store-level) / account UUID (account-level).
 */
enum sk_status ui_create_parse_path(const char *value, enum sk_level level, struct sk_api_path *out,
				    struct sk_error *err);

/*
 * Import the control panel's .txt: fills Client ID, Client secret and
 * Access token, and flags values that contradict earlier pages (another
 * store or account in its API path blocks; another name warns).
 */
enum sk_status ui_create_import(struct ui_create *c, const char *file, struct sk_error *err);
/* Re-check the import against the current pages (after Back and a change). */
void ui_create_check_import(struct ui_create *c, const struct sk_credfile *cf);

/*
 * Use the file's i-th name (import_names) as the account's name. Refused
 * (name unchanged) when it breaks the name rules or collides in the store.
 */
enum sk_status ui_create_use_import_name(struct ui_create *c, size_t i, struct sk_error *err);

/* Does the file offer a name other than the one typed (so the choice is shown)? */
bool ui_create_import_name_differs(const struct ui_create *c);

/* Trim the credential fields (called when leaving the credentials page). */
void ui_create_trim_creds(struct ui_create *c);

/* The scopes this account will record (V2/V3 and account-level: the selection; Stencil: its preset). */
char **ui_create_scopes(const struct ui_create *c, size_t *n);

/* Build the account to save (no secrets in it). Clear it with sk_account_clear. */
void ui_create_build(const struct ui_create *c, struct sk_account *a, int64_t now);

/* Record a verification outcome: classifies the status into the verify states. */
void ui_create_verified(struct ui_create *c, enum sk_status st, const struct sk_error *err,
			const struct sk_verify_result *vr);

/*
 * The review checklist as lines (free with ui_text_lines_free): the
 * control panel path (sep is " › " or " > "), token type, name, every
 * granted scope with its UI name and level, and the warning that the
 * credentials are shown once.
 */
char **ui_create_review(const struct ui_create *c, const char *sep, size_t *n);

/* The keyring labels the saved secrets carry (as src/keyring.c writes them). */
void ui_keyring_label(const struct sk_account *a, bool token, char *out, size_t size);

#endif
