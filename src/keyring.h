/* keyring.h - client secret and access token in the Secret Service (libsecret). */
#ifndef SK_KEYRING_H
#define SK_KEYRING_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "error.h"

/* Which secret of an account an item holds (the keyring's "field" attribute). */
enum sk_secret_field { SK_FIELD_CLIENT_SECRET, SK_FIELD_ACCESS_TOKEN };

/*
 * The Secret Service schema name; attributes: account, field, client_id,
 * store, v, and since v2 name, level, api_path, token_type,
 * stencil_access, scopes, created (none secret).
 */
#define SK_KEYRING_SCHEMA "io.storekeys.Credential"

/* A connection to the Secret Service with the default collection unlocked. */
struct sk_keyring;

/*
 * Connect and make sure the default collection exists and is unlocked,
 * within the deadline (R3): SK_ERR_KEYRING_UNAVAILABLE (no bus, no
 * service, no default collection), _LOCKED, _TIMEOUT. Never a fallback.
 */
enum sk_status sk_keyring_open(struct sk_keyring **out, struct sk_error *err);

/* The same for deleting (sk_keyring_clear only): the encrypted session is opened only if needed. */
enum sk_status sk_keyring_open_for_delete(struct sk_keyring **out, struct sk_error *err);
void sk_keyring_close(struct sk_keyring *kr);

/*
 * Let flag (set from another thread or a signal handler) cancel the calling
 * thread's keyring calls within 100 ms; they then fail with
 * SK_ERR_CANCELLED. NULL stops watching.
 */
void sk_keyring_watch_cancel(volatile sig_atomic_t *flag);

/*
 * fn is called (on a timer thread) when a keyring call has not ended
 * STUCK_GRACE_MS after its deadline cancelled it; it must end the process.
 * Unset (the TUI), such a call is waited for.
 */
void sk_keyring_on_stuck(void (*fn)(int deadline_ms));

/* Deadline per keyring call in ms: STOREKEYS_KEYRING_TIMEOUT (seconds) or 10 s. */
int sk_keyring_timeout_ms(void);

/*
 * Store (upsert) one secret for account a and read it back before
 * returning SK_OK. The label names the field, account and store.
 */
enum sk_status sk_keyring_store(struct sk_keyring *kr, const struct sk_account *a, enum sk_secret_field f,
				const char *secret, struct sk_error *err);

/*
 * Look up one secret into *out (free with sk_secret_free). Missing is
 * SK_ERR_KEYRING_MISSING; locked is SK_ERR_KEYRING_LOCKED, never "missing".
 */
enum sk_status sk_keyring_lookup(struct sk_keyring *kr, const char *account_id, enum sk_secret_field f,
				 char **out, struct sk_error *err);

/*
 * Delete every item of the account and check by searching again that none
 * is left. Unless the provider is known to delete outright (gnome-keyring),
 * each secret is overwritten with random bytes first, so an entry a provider
 * keeps (KeePassXC's Recycle Bin) does not show the real value as its secret;
 * if anything after the overwrite fails, the originals are written back (and
 * the error says whether that worked): a failed clear never leaves junk.
 */
enum sk_status sk_keyring_clear(struct sk_keyring *kr, const char *account_id, struct sk_error *err);

/* One keyring item of ours, as listed for doctor and bulk loads. */
struct sk_keyring_item {
	char account_id[37];
	enum sk_secret_field field;
	char *secret; /* only with load_secrets; wipe with sk_secret_free */
	bool locked;
	struct sk_account meta; /* the registry entry its attributes (or, for old items, label) describe */
	bool meta_known;        /* API path and client id known: the entry can be rebuilt */
	bool meta_full;         /* v2 attributes: every field known (else scopes/created/type are unknown) */
};

/*
 * List every item of our schema; with load_secrets, fetch all secrets in
 * one Secret Service call (GetSecrets). Free with sk_keyring_items_free.
 */
enum sk_status sk_keyring_list(struct sk_keyring *kr, bool load_secrets, struct sk_keyring_item **items,
			       size_t *n, struct sk_error *err);
/* As sk_keyring_list with secrets, but only the items of one field (the audit needs only tokens). */
enum sk_status sk_keyring_load_field(struct sk_keyring *kr, enum sk_secret_field f, struct sk_keyring_item **items,
				     size_t *n, struct sk_error *err);
void sk_keyring_items_free(struct sk_keyring_item *items, size_t n);

/*
 * Takes a chunk of loaded items (the callee owns items and frees them with
 * sk_keyring_items_free); false stops the load.
 */
typedef bool (*sk_keyring_chunk_fn)(void *ud, struct sk_keyring_item *items, size_t n);

/* The first chunk's size and the largest (sizes double in between). */
#define SK_KEYRING_CHUNK_FIRST 32
#define SK_KEYRING_CHUNK_MAX 256

/*
 * As sk_keyring_load_field, but handed to fn in chunks as the keyring
 * answers (one search, then per chunk the items' attributes and one
 * GetSecrets), so a caller can start on the first accounts before the
 * last secret arrives. Locked items come last, without secrets. One
 * deadline bounds the whole load; fn returning false ends it with
 * SK_ERR_CANCELLED. Chunks handed over before an error stay the caller's.
 */
enum sk_status sk_keyring_load_field_each(struct sk_keyring *kr, enum sk_secret_field f, sk_keyring_chunk_fn fn,
					  void *ud, struct sk_error *err);

/*
 * As sk_keyring_list without secrets, and *any_locked tells whether any
 * collection of the service is locked: then an item not listed is unknown,
 * not missing (R27).
 */
enum sk_status sk_keyring_list_all(struct sk_keyring *kr, struct sk_keyring_item **items, size_t *n,
				   bool *any_locked, struct sk_error *err);

/* Is any collection of the service locked (asked afresh)? */
enum sk_status sk_keyring_any_locked(struct sk_keyring *kr, bool *locked, struct sk_error *err);

/* Tests only: sk_keyring_clear overwrites the secrets and stops before deleting. */
extern bool sk_keyring_test_keep_items;
/* Tests only: overwrite first even where the provider deletes outright; fail right after the overwrite. */
extern bool sk_keyring_test_force_overwrite;
extern bool sk_keyring_test_fail_after_overwrite;

/* The label of an account's keyring item, as seahorse and secret-tool show it (no secret in it). */
void sk_keyring_label(const struct sk_account *a, enum sk_secret_field f, char *out, size_t size);

/* "client_secret" / "access_token". */
const char *sk_secret_field_name(enum sk_secret_field f);

#endif
