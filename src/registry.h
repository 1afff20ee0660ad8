/* registry.h - the local registry of API accounts (non-secret metadata, one JSON file). */
#ifndef SK_REGISTRY_H
#define SK_REGISTRY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "error.h"

#define SK_REGISTRY_SCHEMA 1
#define SK_REGISTRY_FILE "registry.json"
/* The registry is capped so a hostile file cannot exhaust memory (R20). */
#define SK_REGISTRY_MAX_BYTES (16 * 1024 * 1024)

struct sk_registry {
	struct sk_account *accounts; /* owned */
	size_t n, cap;
	int schema_version;          /* as found on disk */
	bool read_only;              /* written by a newer storekeys (R18) */
	void *extra;                 /* cJSON object: unknown top-level fields (kept) */
	/* sk_registry_locked only: */
	bool damaged;                /* moved aside and not yet decided: the accounts are unknown, not none */
	char damaged_copy[PATH_MAX]; /* where the damaged file is */
	bool dirty;                  /* fn changed reg: commit it */
	bool forget;                 /* fn removed entries the user asked to forget: the backup must not keep them */
};

/*
 * The registry directory: $XDG_DATA_HOME/storekeys or ~/.local/share/storekeys.
 * Returns false when neither variable gives an absolute path.
 */
bool sk_registry_dir(char *out, size_t size);

/*
 * Load the registry in dir without taking the lock (readers never lock).
 * A missing file is an empty registry. An unsafe file or directory is
 * SK_ERR_REGISTRY_UNSAFE; a corrupt one is moved aside byte-for-byte, a
 * marker (registry.damaged) names the copy, and until the user decides
 * (doctor --restore-backup, --fix, --start-empty) every load gives
 * SK_ERR_REGISTRY_CORRUPT naming the copy and the choices. A newer schema
 * this version cannot read is SK_ERR_REGISTRY_NEWER and left in place.
 */
enum sk_status sk_registry_load(struct sk_registry *reg, const char *dir, struct sk_error *err);

/*
 * Load and find ACCOUNT (as sk_registry_find) for a command that needs only it: from
 * the registry's index (registry.index) when one matches the file exactly, reading and
 * checking only that account; else from the whole registry. reg then holds the account
 * at *idx (and maybe no other); a refused registry is refused as by sk_registry_load.
 */
enum sk_status sk_registry_load_one(struct sk_registry *reg, const char *dir, const char *spec, size_t *idx,
				    struct sk_error *err);

/* Free everything the registry owns. */
void sk_registry_clear(struct sk_registry *reg);

/* A change applied under the lock: returns SK_OK to commit, anything else to abort. */
typedef enum sk_status (*sk_registry_fn)(struct sk_registry *reg, void *ud, struct sk_error *err);

/*
 * Take the registry lock (bounded wait), re-read the file, apply fn, and
 * commit atomically and durably (R15, R17). If out is non-NULL it receives
 * the committed state (caller clears it).
 */
enum sk_status sk_registry_update(const char *dir, sk_registry_fn fn, void *ud, struct sk_registry *out,
				  struct sk_error *err);

/*
 * Find ACCOUNT: a name, OWNER/NAME (OWNER a store hash or an account UUID),
 * the local id, or id:LOCAL_ID (only the id). A spec that matches more than
 * one account in any reading is SK_ERR_AMBIGUOUS, listing each candidate
 * with the id:LOCAL_ID that names it; no match is SK_ERR_NOT_FOUND.
 */
enum sk_status sk_registry_find(const struct sk_registry *reg, const char *spec, size_t *idx, struct sk_error *err);

/* Index of the account with local id, or -1. */
long sk_registry_find_id(const struct sk_registry *reg, const char *id);

/*
 * Would a new account with this name, level and owner be accepted?
 * Checks the name rules, uniqueness per store/account (ignoring the
 * account with id skip_id) and the 50-per-store limit.
 */
enum sk_status sk_registry_check_new(const struct sk_registry *reg, const char *name, enum sk_level level,
				     const char *owner, const char *skip_id, struct sk_error *err);

/* Number of store-level accounts of a store. */
size_t sk_registry_store_count(const struct sk_registry *reg, const char *store_hash);

/* Append a deep copy of a (after sk_registry_check_new). */
void sk_registry_append(struct sk_registry *reg, const struct sk_account *a);

/* Remove the account at idx. */
void sk_registry_remove(struct sk_registry *reg, size_t idx);

/* Serialize to a new JSON string (caller frees). Never contains a secret. */
char *sk_registry_to_json(const struct sk_registry *reg);

/* Parse JSON bytes into reg (strict; used by load and the fuzzer). */
enum sk_status sk_registry_parse(struct sk_registry *reg, const char *buf, size_t len, struct sk_error *err);

/*
 * Take the lock, load (a damaged registry gives an empty reg with damaged
 * set, not an error), call fn; when fn sets reg->dirty, commit (refused on
 * a read-only registry) and leave the damaged state, keeping the last good
 * backup aside (kept, if not NULL, names that copy). For doctor (R26).
 */
enum sk_status sk_registry_locked(const char *dir, sk_registry_fn fn, void *ud, char *kept, size_t size,
				  struct sk_error *err);

/* Answer a damaged registry by starting empty (the backup is kept aside; kept names it). */
enum sk_status sk_registry_start_empty(const char *dir, char *kept, size_t size, struct sk_error *err);

/* For tests: id comparisons made by the duplicate-id check while parsing. */
extern unsigned long sk_registry_id_compares;

/*
 * The copies kept aside in dir for the user to decide about (registry.json.corrupt-*,
 * registry.json.bak.kept-*), or with rotations the rotation records (rotate-*.json), that
 * contain text, e.g. a removed account's id: their file names, comma-separated, into out,
 * and how many. storekeys never deletes them itself.
 */
size_t sk_registry_copies_naming(const char *dir, bool rotations, const char *text, char *out, size_t size);

/* Replace the registry with its last good backup (under the lock); leaves the damaged state. */
enum sk_status sk_registry_restore_backup(const char *dir, struct sk_error *err);

/* Lock wait bound in milliseconds (tests shorten it with STOREKEYS_LOCK_TIMEOUT_MS). */
int sk_registry_lock_timeout_ms(void);

#endif
