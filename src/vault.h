/* vault.h - adding and removing accounts: keyring and registry kept in step (R5). */
#ifndef SK_VAULT_H
#define SK_VAULT_H

#include <limits.h>
#include <stdint.h>

#include "account.h"
#include "error.h"
#include "keyring.h"
#include "registry.h"

/*
 * Add an account: check the name rules against the current registry, store
 * both secrets in the keyring and read them back, then commit the registry
 * entry under the lock. a->id and a->created are filled in when empty.
 * On failure nothing is left behind (keyring items of a failed add are
 * removed again). Secrets are not wiped here: the caller owns them.
 */
enum sk_status sk_vault_add(const char *dir, struct sk_account *a, const char *client_secret,
			    const char *access_token, struct sk_error *err);

/* One account of a batch add (sk_vault_add_many). */
struct sk_vault_new {
	struct sk_account *a;      /* in: the account; id, created and the path fields are filled in */
	const char *client_secret; /* in: not wiped here, the caller owns them */
	const char *access_token;
	enum sk_status st;         /* in: SK_OK to add it (anything else skips it); out: SK_OK when added */
	struct sk_error err;       /* out: why not */
	bool stored;               /* out: its secrets are in the keyring (only when added) */
};

/*
 * Called after each item's keyring store (done of total items, the item with its outcome so far).
 * Returning false stops the batch there: the items not yet stored are not added (SK_ERR_CANCELLED),
 * the ones stored are committed as usual.
 */
typedef bool (*sk_vault_progress_fn)(size_t done, size_t total, const struct sk_vault_new *item, void *ud);

/*
 * Add many accounts as sk_vault_add adds one: every item is checked first
 * (name rules against the registry and against the items before it, so a
 * name twice in one batch is refused the second time), then the secrets of
 * each accepted item are stored in one keyring session, then ONE registry
 * commit under the lock adds them all. Each item gets its own outcome; an
 * item is never half-stored (secrets without an entry are removed again).
 * Returns an error only for what failed the whole batch (registry load or
 * commit, keyring open), which is also set on every item it failed.
 */
enum sk_status sk_vault_add_many(const char *dir, struct sk_vault_new *items, size_t n,
				 sk_vault_progress_fn progress, void *ud, struct sk_error *err);

/* Remove an account: keyring items first (verified gone), then the registry entry. */
enum sk_status sk_vault_remove(const char *dir, const char *account_id, struct sk_error *err);

/*
 * After a remove: what may still hold the account, as sentences to show ("" when
 * nothing does): the keyring's trash (sk_about_deleted_note) and the copies of the
 * registry kept aside for the user to decide about (sk_registry_copies_naming).
 */
void sk_vault_removed_note(const char *dir, const char *account_id, char *out, size_t size);

/* Record a successful verification (time and, when known, the store's name). */
enum sk_status sk_vault_mark_verified(const char *dir, const char *account_id, int64_t when,
				      const char *store_name, struct sk_error *err);

/* What doctor found. */
enum sk_doctor_kind {
	SK_DOCTOR_DANGLING, /* a registry entry whose secrets are missing */
	SK_DOCTOR_ORPHAN,   /* keyring secrets that no registry entry names */
	SK_DOCTOR_UNKNOWN,  /* secrets not found while a keyring is locked: may be there */
};

struct sk_doctor_finding {
	enum sk_doctor_kind kind;
	char id[37];
	char name[SK_NAME_MAX_BYTES + 1]; /* sanitized */
	bool partial;                     /* dangling with one of the two secrets still there */
	bool fixed;                       /* --fix adopted it (orphan) or dropped the empty entry (dangling) */
	char note[256];                   /* what was done, or why not */
};

struct sk_doctor_report {
	bool keyring_ok;
	bool keyring_known;  /* every collection unlocked: "missing" means missing */
	bool damaged;        /* the registry was moved aside and not yet decided about */
	char damaged_copy[PATH_MAX];
	bool read_only;      /* newer registry: nothing changed */
	bool committed;      /* --fix wrote the registry */
	char kept_backup[PATH_MAX]; /* leaving the damaged state: where the last good backup was kept */
	char keyring_msg[SK_ERROR_MSG_MAX];
	size_t nitems;       /* keyring items of ours */
	struct sk_doctor_finding *findings;
	size_t n, cap, ndangling, norphans, nunknown;
};

/*
 * Compare keyring and registry under the registry lock. With fix: adopt
 * orphan secrets (rebuild their entries from the items' attributes) and
 * drop entries none of whose secrets exist, and only when every keyring
 * is unlocked. Never deletes a secret; changes nothing on a newer
 * (read-only) registry. A damaged registry is rebuilt by adopting.
 */
enum sk_status sk_vault_doctor(const char *dir, bool fix, struct sk_doctor_report *rep, struct sk_error *err);
void sk_doctor_report_clear(struct sk_doctor_report *rep);

/* Open the keyring and look up one secret of a (free *out with sk_secret_free). */
enum sk_status sk_vault_secret(const struct sk_account *a, enum sk_secret_field f, char **out, struct sk_error *err);

/* What the keyring says about orphan id (for the confirmation): NOT_FOUND, EXISTS when registered. */
enum sk_status sk_vault_orphan_info(const char *dir, const char *id, struct sk_account *meta, struct sk_error *err);

/* Delete the secrets of orphan id (overwritten first), under the lock, if it is still an orphan. */
enum sk_status sk_vault_purge_orphan(const char *dir, const char *id, struct sk_error *err);

#endif
