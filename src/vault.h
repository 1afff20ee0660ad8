/* vault.h - adding and removing accounts: keyring and registry kept in step (R5). */
#ifndef SK_VAULT_H
#define SK_VAULT_H

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

/* Remove an account: keyring items first (verified gone), then the registry entry. */
enum sk_status sk_vault_remove(const char *dir, const char *account_id, struct sk_error *err);

/* Record a successful verification (time and, when known, the store's name). */
enum sk_status sk_vault_mark_verified(const char *dir, const char *account_id, int64_t when,
				      const char *store_name, struct sk_error *err);

/* What doctor found: registry entries without secrets, and secrets without an entry. */
struct sk_doctor_report {
	bool keyring_ok;
	char keyring_msg[SK_ERROR_MSG_MAX];
	char (*dangling)[37];  /* account ids in the registry whose secrets are missing */
	size_t ndangling;
	char (*orphans)[37];   /* account ids in the keyring that the registry does not know */
	size_t norphans;
};

/* Compare keyring and registry; with fix, purge orphan secrets and drop dangling entries. */
enum sk_status sk_vault_doctor(const char *dir, bool fix, struct sk_doctor_report *rep, struct sk_error *err);
void sk_doctor_report_clear(struct sk_doctor_report *rep);

/* Open the keyring and look up one secret of a (free *out with sk_secret_free). */
enum sk_status sk_vault_secret(const struct sk_account *a, enum sk_secret_field f, char **out, struct sk_error *err);

#endif
