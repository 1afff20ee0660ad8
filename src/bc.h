/* bc.h - the BigCommerce API client: safe HTTP (libcurl) and the calls storekeys makes. */
#ifndef SK_BC_H
#define SK_BC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "error.h"
#include "scopes.h"

#define SK_BC_DEFAULT_ORIGIN "https://api.bigcommerce.com"

/*
 * Process-wide client settings. origin replaces https://api.bigcommerce.com
 * (https always verified; http only to loopback). cacert adds trust for one
 * CA bundle file. Set once at start-up from --api-origin/--cacert or
 * STOREKEYS_API_ORIGIN/STOREKEYS_CA_BUNDLE.
 */
enum sk_status sk_bc_set_origin(const char *origin, struct sk_error *err);
enum sk_status sk_bc_set_cacert(const char *path, struct sk_error *err);
const char *sk_bc_origin(void);
/* 0 quiet, 1 one line per request on stderr (token masked), 2 adds headers (masked). */
void sk_bc_set_verbose(int level);

/*
 * Per-call hooks: progress(ud, text) is called with short status text
 * ("page 2 of 5"); cancel is polled at least every 100 ms and aborts the
 * call with SK_ERR_CANCELLED when it becomes non-zero. Both optional.
 */
struct sk_bc_call {
	void (*progress)(void *ud, const char *text);
	void *ud;
	volatile sig_atomic_t *cancel;
	int requests;  /* out: HTTP requests made, retries included */
	int retries;   /* out: retries made */
	int http_status; /* out: last HTTP status, 0 if none */
};

struct sk_webhook {
	int64_t id;
	char *client_id;
	char *store_hash;
	char *scope;        /* event, e.g. store/order/created */
	char *destination;
	char **header_names; /* custom headers: names shown, values masked in the UI */
	char **header_values;
	size_t nheaders;
	bool is_active;
	char status[16];    /* "active", "inactive", "deactivated" or "" when not sent */
	int64_t created_at, updated_at;
};

struct sk_block_reason {
	char *description;
	int64_t count;
	int64_t timestamp; /* UTC seconds */
};

struct sk_blocked_domain {
	char *destination;
	int64_t time_left;  /* seconds left at fetched_at */
	int64_t fetched_at; /* sk_now_ms() when the answer arrived, for a live countdown */
	struct sk_block_reason *reasons;
	size_t nreasons;
};

/* GET /v3/hooks/admin: emails, every hook with its status, blocklisted domains. */
struct sk_hooks_admin {
	char **emails;
	size_t nemails;
	struct sk_webhook *hooks;
	size_t nhooks;
	struct sk_blocked_domain *blocked;
	size_t nblocked;
};

struct sk_store_info {
	char name[128];       /* sanitized */
	char domain[256];     /* sanitized */
	char account_uuid[37];
	char status[32];
};

struct sk_verify_result {
	bool token_ok;          /* the token works for this store/account */
	bool have_store_info;   /* /v2/store answered (Information & settings scope) */
	struct sk_store_info store;
	char account_name[128]; /* account-level: accountInfo.name */
	int rate_left;          /* X-Rate-Limit-Requests-Left, -1 unknown */
};

enum sk_probe_state { SK_PROBE_GRANTED, SK_PROBE_MISSING, SK_PROBE_NOT_PROBEABLE, SK_PROBE_ERROR };

struct sk_probe_result {
	const struct sk_scope_resource *resource; /* catalogue row */
	bool recorded;            /* the registry says this resource was granted */
	enum sk_probe_state state;
	int http_status;
};

/*
 * A metafield the account owns. The official spec types id and
 * resource_id as strings (store and cart metafields), other specs as
 * integers: both are kept as text (a number in decimal). Raw server text.
 */
struct sk_metafield {
	char *id;
	char *namespace_;
	char *key;
	char *resource_type;
	char *resource_id;
	char *permission_set; /* app_only, read, write, read_and_sf_access, write_and_sf_access; NULL if not sent */
};

/* One batch metafield endpoint and what listing it gave (docs/bigcommerce.md §7). */
struct sk_metafield_source {
	const char *path;     /* "/v3/orders/metafields" */
	const char *label;    /* "orders" */
	const char *resource; /* the scope resource whose read level it needs, "Orders" */
	bool asked;           /* false: no read scope recorded, so the account cannot have created any there */
	enum sk_status status; /* SK_OK when every page was read */
	int http_status;      /* last HTTP status, 0 if none */
	size_t count;         /* metafields it owns there */
	char msg[SK_ERROR_MSG_MAX]; /* why not listed (sanitized), "" when listed */
};

#define SK_METAFIELD_SOURCES 10

/* Every endpoint's outcome, and the metafields of those that were listed. Clear with sk_metafield_report_clear. */
struct sk_metafield_report {
	struct sk_metafield *items;
	size_t n;
	struct sk_metafield_source src[SK_METAFIELD_SOURCES];
	size_t nsrc;
};

/* A storefront script the account created (GET /v3/content/scripts). Raw server text. */
struct sk_script {
	char *uuid;
	char *name;
	char *kind;       /* src or script_tag */
	char *src;
	char *location;   /* head or footer */
	char *visibility; /* storefront, all_pages, checkout, order_confirmation */
	char *api_client_id;
	bool auto_uninstall; /* BigCommerce removes it when the token is revoked */
	bool enabled;
};

void sk_webhooks_free(struct sk_webhook *hooks, size_t n);
void sk_hooks_admin_clear(struct sk_hooks_admin *a);
void sk_metafields_free(struct sk_metafield *m, size_t n);
void sk_metafield_report_clear(struct sk_metafield_report *r);
void sk_scripts_free(struct sk_script *s, size_t n);

/* Every webhook of the account (all pages of GET /v3/hooks). */
enum sk_status sk_bc_list_hooks(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				struct sk_webhook **out, size_t *n, struct sk_error *err);

/* GET /v3/hooks/admin, once: the spec declares no page parameter for it. */
enum sk_status sk_bc_hooks_admin(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				 struct sk_hooks_admin *out, struct sk_error *err);

/*
 * PUT /v3/hooks/admin {"emails": [...]}; each e-mail validated first. A
 * fresh GET /v3/hooks/admin comes first (R28): when seen is not NULL the
 * list BigCommerce holds now must equal seen[0..nseen) (what the person
 * edited), else nothing is written (SK_ERR_INVALID, "changed since").
 * Callers read the result back afterwards.
 */
enum sk_status sk_bc_set_emails(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				char *const *emails, size_t n, char *const *seen, size_t nseen, struct sk_error *err);

/* GET /v3/hooks/{id}. Clear out with sk_webhook_clear. */
enum sk_status sk_bc_get_hook(const struct sk_account *a, const char *token, struct sk_bc_call *call, int64_t id,
			      struct sk_webhook *out, struct sk_error *err);

/*
 * PUT /v3/hooks/{id} {"is_active": active}, after a fresh GET of the hook
 * (R28: it must still exist for this account); the answer is checked.
 */
enum sk_status sk_bc_set_hook_active(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				     int64_t id, bool active, struct sk_error *err);

/* ---- webhook writes ---- */

/* A webhook to create, or the changes to make to one (update: NULL / -1 = leave as is). */
struct sk_hook_spec {
	const char *scope;         /* create: required; update: NULL or a new event (webhook_Put allows it) */
	const char *destination;   /* https, port 443 (sk_hook_check_destination) */
	char *const *header_names; /* custom headers (values are secrets: never printed or logged) */
	char *const *header_values;
	size_t nheaders;
	bool set_headers;          /* update: send "headers" (nheaders 0 clears them) */
	int active;                /* 1, 0, or -1 = leave as is (create: -1 means active) */
};

/* Refuses anything but https://host[:443]/... with a sentence saying why (BigCommerce requires https on port 443). */
enum sk_status sk_hook_check_destination(const char *url, struct sk_error *err);

/* Is scope one of the official events (webhooks.v3.yml, wildcards included)? And the list, for pickers. */
bool sk_hook_scope_known(const char *scope);
const char *const *sk_hook_scopes(size_t *n);

/*
 * What create (create true) and update check before sending anything: an
 * event-shaped scope, the destination, header names (RFC 9110 tokens, no
 * duplicates) and values (no line breaks or controls, at most 64 headers),
 * something to change. Sentences never quote a header value.
 */
enum sk_status sk_hook_spec_check(const struct sk_hook_spec *spec, bool create, struct sk_error *err);

/*
 * Does h hold what spec asked for (the fields spec sets; header values
 * compared too)? When not, *field names the first difference
 * ("scope", "destination", "headers", "active"). For read-backs.
 */
bool sk_hook_spec_matches(const struct sk_hook_spec *spec, const struct sk_webhook *h, const char **field);

/*
 * POST /v3/hooks; out = the created hook as BigCommerce answered it. The
 * spec is checked first (an event-shaped scope, the destination, header
 * names and values) and nothing is sent when it is wrong. An event outside
 * sk_hook_scopes is sent (BigCommerce decides: re-creating a hook it
 * accepted once must work); interactive callers check sk_hook_scope_known. An answer that differs
 * from the spec is SK_ERR_BAD_RESPONSE (out is still filled: the hook
 * exists). Errors never contain header values or the token.
 */
enum sk_status sk_bc_create_hook(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				 const struct sk_hook_spec *spec, struct sk_webhook *out, struct sk_error *err);

/* Fresh GET of the hook first (R28: it must exist for this account), then PUT /v3/hooks/{id}; out = answer. */
enum sk_status sk_bc_update_hook(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				 int64_t id, const struct sk_hook_spec *spec, struct sk_webhook *out, struct sk_error *err);

/* Fresh GET first, then DELETE /v3/hooks/{id}. */
enum sk_status sk_bc_delete_hook(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				 int64_t id, struct sk_error *err);

/*
 * Does the token work? Store-level: GET /v3/hooks?limit=1 then /v2/store
 * when the recorded scopes include Information & settings. Account-level:
 * the GraphQL account query (70 requests per hour: call sparingly).
 */
enum sk_status sk_bc_verify(const struct sk_account *a, const char *token, struct sk_bc_call *call,
			    struct sk_verify_result *out, struct sk_error *err);

/* One read-only GET per probeable store resource; never writes. */
enum sk_status sk_bc_probe_scopes(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				  struct sk_probe_result **out, size_t *n, struct sk_error *err);

/*
 * Metafields the account owns (owner_client_id == its client id), per
 * endpoint: every endpoint whose resource the registry records is asked;
 * one that fails (403, 404, a bad answer, 5xx) is reported in out->src and
 * the others are kept. A failure that stops everything (401, network,
 * cancel) is returned, with the endpoints not reached marked by it. out is
 * always filled; clear it with sk_metafield_report_clear.
 */
enum sk_status sk_bc_list_metafields(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				     struct sk_metafield_report *out, struct sk_error *err);

/*
 * The account's own storefront scripts (all pages of GET
 * /v3/content/scripts; BigCommerce returns only the scripts the token
 * created). Needs a Content or Checkout content scope: without one
 * recorded nothing is asked and *asked is false.
 */
enum sk_status sk_bc_list_scripts(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				  struct sk_script **out, size_t *n, bool *asked, struct sk_error *err);

/* GET /v3/content/scripts/{uuid}: the whole script object as JSON text (caller frees). */
enum sk_status sk_bc_get_script(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				const char *uuid, char **json, struct sk_error *err);

/*
 * POST /v3/content/scripts with the writable fields of script_json (a
 * script object as sk_bc_get_script gives it); the new uuid goes to
 * uuid_out. Needs Content (or Checkout content) modify.
 */
enum sk_status sk_bc_create_script(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				   const char *script_json, char *uuid_out, size_t uuid_size, struct sk_error *err);

/*
 * GraphQL Admin reassignMetafieldsOwner: give metafields ids[0..n) (REST
 * ids, decimal) to new_client_id. Needs store_metafield_change_owner.
 * Callers read the metafields back.
 */
enum sk_status sk_bc_reassign_metafields(const struct sk_account *a, const char *token, struct sk_bc_call *call,
					 const char *new_client_id, char *const *ids, size_t n, struct sk_error *err);

#endif
