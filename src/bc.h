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

struct sk_metafield {
	int64_t id;
	char *namespace_;
	char *key;
	char *resource_type;
	int64_t resource_id;
};

void sk_webhooks_free(struct sk_webhook *hooks, size_t n);
void sk_hooks_admin_clear(struct sk_hooks_admin *a);
void sk_metafields_free(struct sk_metafield *m, size_t n);

/* Every webhook of the account (all pages of GET /v3/hooks). */
enum sk_status sk_bc_list_hooks(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				struct sk_webhook **out, size_t *n, struct sk_error *err);

/* GET /v3/hooks/admin, once: the spec declares no page parameter for it. */
enum sk_status sk_bc_hooks_admin(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				 struct sk_hooks_admin *out, struct sk_error *err);

/* PUT /v3/hooks/admin {"emails": [...]}; each e-mail validated first. */
enum sk_status sk_bc_set_emails(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				char *const *emails, size_t n, struct sk_error *err);

/* PUT /v3/hooks/{id} {"is_active": active}. */
enum sk_status sk_bc_set_hook_active(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				     int64_t id, bool active, struct sk_error *err);

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

/* Metafields the account owns (owner_client_id == its client id) on the endpoints its scopes reach. */
enum sk_status sk_bc_list_metafields(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				     struct sk_metafield **out, size_t *n, struct sk_error *err);

#endif
