/* account.h - the API account model (no secrets), name rules and API path parsing. */
#ifndef SK_ACCOUNT_H
#define SK_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum sk_level { SK_LEVEL_STORE, SK_LEVEL_ACCOUNT };
enum sk_token_type { SK_TOKEN_V2V3, SK_TOKEN_STENCIL };
enum sk_stencil_access { SK_STENCIL_NONE, SK_STENCIL_DEV, SK_STENCIL_PUBLISH };

/* The control panel refuses names shorter than four characters (BigCommerce KB). */
#define SK_NAME_MIN_CHARS 4
/* BigCommerce documents no maximum; 64 characters keeps lists readable and labels short. */
#define SK_NAME_MAX_CHARS 64
#define SK_NAME_MAX_BYTES (SK_NAME_MAX_CHARS * 4)
/* BigCommerce allows at most 50 store-level API accounts per store. */
#define SK_STORE_MAX_ACCOUNTS 50
#define SK_HASH_MAX 32
#define SK_CLIENT_ID_MAX 128
#define SK_API_PATH_MAX 256

/* Non-secret facts about one API account; the secrets live only in the keyring. */
struct sk_account {
	char id[37];                     /* local UUID; the keyring's "account" attribute */
	enum sk_level level;
	enum sk_token_type token_type;   /* store-level only */
	enum sk_stencil_access stencil;  /* Stencil-CLI tokens only */
	char name[SK_NAME_MAX_BYTES + 1];
	char api_path[SK_API_PATH_MAX + 1];
	char store_hash[SK_HASH_MAX + 1]; /* store-level */
	char account_uuid[37];            /* account-level */
	char client_id[SK_CLIENT_ID_MAX + 1];
	char **scopes;                    /* NULL-terminated, owned */
	size_t nscopes;
	int64_t created;                  /* UNIX seconds */
	int64_t verified;                 /* last successful verify, 0 = never */
	char store_name[128];             /* from /v2/store when the scopes allow, sanitized */
	void *extra;                      /* cJSON object of unknown fields, kept on rewrite */
};

/* "store" or "account": the level as the registry, keyring and --json spell it. */
const char *sk_level_name(enum sk_level level);

/* "store-level" or "account-level": the level as a person reads it. */
const char *sk_level_label(enum sk_level level);

/* "v2v3" or "stencil"; "dev", "publish" or "" (the registry's and keyring's spelling). */
const char *sk_token_type_name(enum sk_token_type t);
const char *sk_stencil_name(enum sk_stencil_access s);
/* The reverse; false (and *out untouched) for anything else. "" is no access level. */
bool sk_token_type_parse(const char *s, enum sk_token_type *out);
bool sk_stencil_parse(const char *s, enum sk_stencil_access *out);

/*
 * The kind's defaults, one rule for every path that makes an account:
 * account-level tokens are V2/V3 with no access level; a Stencil-CLI token
 * without one is "local development only" (the control panel's default).
 */
void sk_account_kind_defaults(struct sk_account *a);

/* Free what an account owns (scopes, extra) and zero it. */
void sk_account_clear(struct sk_account *a);

/* Deep copy src into dst (dst must be cleared or fresh). */
void sk_account_copy(struct sk_account *dst, const struct sk_account *src);

/* The store hash or account UUID that scopes the account's name. */
const char *sk_account_owner(const struct sk_account *a);

/* "v2v3", "stencil-dev", "stencil-publish" or "account". */
const char *sk_account_kind(const struct sk_account *a);

/* Human kind: "V2/V3 API token", "Stencil-CLI (publish theme)", "Account-level". */
const char *sk_account_kind_label(const struct sk_account *a);

/* The result of parsing an API path. */
struct sk_api_path {
	enum sk_level level;
	char store_hash[SK_HASH_MAX + 1];
	char account_uuid[37];
	char canonical[SK_API_PATH_MAX + 1]; /* https://api.bigcommerce.com/stores/HASH/v3/ or .../accounts/UUID/graphql */
};

/*
 * Parse an API path as shown by the control panel (R10). Store-level:
 * https://api.bigcommerce.com/stores/{hash}/v3/ (or v2, slash optional);
 * account-level: https://api.bigcommerce.com/accounts/{uuid}/graphql (the
 * /graphql is optional on input and always in the canonical form). Anything
 * else is SK_ERR_INVALID with the reason.
 */
enum sk_status sk_api_path_parse(const char *url, struct sk_api_path *out, struct sk_error *err);

/*
 * The one place an account's identity follows from its API path: level,
 * store hash or account UUID, and the canonical API path.
 */
void sk_account_set_path(struct sk_account *a, const struct sk_api_path *p);

/* OWNER/NAME, sanitized for a terminal: how messages name an account. Returns out. */
const char *sk_account_label(const struct sk_account *a, char *out, size_t size);

/*
 * Check a name on its own: trimmed length, printable UTF-8, maximum. This
 * is what a stored name must pass (older versions accepted these names).
 * The trimmed name is written to out (SK_NAME_MAX_BYTES + 1).
 */
enum sk_status sk_name_check(const char *name, char *out, struct sk_error *err);

/*
 * Check a new name: sk_name_check, and at least four characters that show
 * (a name made only of zero-width, bidi-control or blank characters is
 * refused).
 */
enum sk_status sk_name_check_new(const char *name, char *out, struct sk_error *err);

/*
 * Names compare case-insensitively in ASCII, after trimming, like the
 * control panel list, and without their invisible characters
 * (sk_cp_invisible): names that look the same are the same.
 */
bool sk_name_equal(const char *a, const char *b);

#endif
