/* rotate.h - rotating a store-level API account: the plan, the stored progress, the carry-over to its replacement. */
#ifndef SK_ROTATE_H
#define SK_ROTATE_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>

#include "account.h"
#include "bc.h"
#include "error.h"
#include "registry.h"

/*
 * BigCommerce cannot change a store-level account's token or scopes:
 * rotating is creating a replacement in the control panel, carrying over
 * what only the old account can see (webhooks, notification e-mails,
 * scripts, metafield ownership) and then deleting the old one. Nothing
 * here deletes anything: the old account is handed to the delete flow.
 */

#define SK_ROTATE_SCHEMA 1
/* The state files are capped like the registry (R20). */
#define SK_ROTATE_MAX_BYTES (4 * 1024 * 1024)

/* How one part of the old account was read. */
enum sk_rot_read {
	SK_ROT_READ_OK,      /* read: the list is what the account owns (maybe empty) */
	SK_ROT_READ_UNKNOWN, /* the read failed or was cancelled: unknown, never "none" (R27) */
	SK_ROT_READ_NA,      /* not asked: cannot exist (account-level, no scope recorded) */
};

/* One item's fate. */
enum sk_rot_item { SK_ROT_TODO, SK_ROT_DONE, SK_ROT_CANNOT };

struct sk_rot_part {
	enum sk_rot_read read;
	enum sk_status st;          /* why unknown */
	char msg[SK_ERROR_MSG_MAX]; /* why unknown or not asked */
};

struct sk_rot_hook {
	const struct sk_webhook *h; /* the old hook; header values are secrets (never printed) */
	enum sk_rot_item state;
	int64_t new_id;      /* 0 until created (or found) on the replacement */
	char reason[256];    /* why it cannot be carried over */
};

struct sk_rot_script {
	const struct sk_script *s;
	enum sk_rot_item state;
	char new_uuid[64];
	char reason[256];
};

struct sk_rot_metafield {
	const struct sk_metafield *m;
	enum sk_rot_item state;
	char fate[256]; /* what happens to it when it is not reassigned */
};

/* What the old account owns and what is done with it. Clear with sk_rotate_plan_clear. */
struct sk_rotate_plan {
	struct sk_account old;
	struct sk_account repl; /* valid when have_repl */
	bool have_repl;
	struct sk_rot_part hooks_part, emails_part, scripts_part, mf_part;
	struct sk_rot_hook *hooks;
	size_t nhooks;
	char **emails;
	size_t nemails;
	enum sk_rot_item emails_state;
	struct sk_rot_script *scripts;
	size_t nscripts;
	struct sk_rot_metafield *mfs;
	size_t nmfs;
	bool can_scripts;   /* the replacement records a Content (or Checkout content) modify scope */
	bool can_reassign;  /* the replacement records store_metafield_change_owner */
	bool hooks_confirmed; /* every hook was read back on the replacement */
	/* private: what the reads gave (the items point into these) */
	struct sk_webhook *raw_hooks;
	size_t nraw_hooks;
	struct sk_script *raw_scripts;
	size_t nraw_scripts;
	struct sk_metafield_report raw_mfs;
};

/* What is done, by item; stored as JSON next to the registry. No secrets. */
struct sk_rot_pair {
	char *from, *to;
};

struct sk_rotate_state {
	int schema;
	char old_id[37], new_id[37];
	struct sk_rot_pair *hooks; /* old hook id -> new hook id (decimal text) */
	size_t nhooks;
	bool emails_copied;
	struct sk_rot_pair *scripts; /* old uuid -> new uuid */
	size_t nscripts;
	char **metafields; /* ids reassigned to the replacement */
	size_t nmetafields;
	bool confirmed; /* the replacement's webhooks were read back */
	void *extra; /* cJSON object: unknown fields, kept */
};

/* $DIR/rotate-OLDID.json. */
bool sk_rotate_state_path(const char *dir, const char *old_id, char *out, size_t size);

/*
 * Load the state of old_id's rotation. SK_ERR_NOT_FOUND when there is
 * none (st is then fresh); a damaged file is SK_ERR_INVALID and a newer
 * one SK_ERR_REGISTRY_NEWER, both left untouched and never overwritten.
 */
enum sk_status sk_rotate_state_load(const char *dir, const char *old_id, struct sk_rotate_state *st,
				    struct sk_error *err);

/*
 * Write the state atomically (temp file, fsync, rename, directory fsync).
 * Refused when the file on disk has become damaged or newer since.
 */
enum sk_status sk_rotate_state_save(const char *dir, const struct sk_rotate_state *st, struct sk_error *err);

/* Remove the state file of a finished rotation (missing is fine). */
enum sk_status sk_rotate_state_remove(const char *dir, const char *old_id, struct sk_error *err);

/* JSON text of st (caller frees), and the strict parse (used by load and the tests). */
char *sk_rotate_state_to_json(const struct sk_rotate_state *st);
enum sk_status sk_rotate_state_parse(const char *buf, size_t len, struct sk_rotate_state *st, struct sk_error *err);
void sk_rotate_state_clear(struct sk_rotate_state *st);

/* The recorded new id of old hook id / new uuid of a script, or NULL. */
const char *sk_rotate_state_hook(const struct sk_rotate_state *st, int64_t old_id);
const char *sk_rotate_state_script(const struct sk_rotate_state *st, const char *old_uuid);

/*
 * Read what the old account owns (fresh reads with its token) and what can
 * be carried over to repl (NULL: no replacement yet), with st's progress
 * (NULL: none). A part whose read fails is SK_ROT_READ_UNKNOWN in the plan;
 * only a cancel or a rejected token (401) is returned as an error.
 */
enum sk_status sk_rotate_plan_make(const struct sk_account *old, const char *old_token,
				   const struct sk_account *repl, const struct sk_rotate_state *st,
				   struct sk_bc_call *call, struct sk_rotate_plan *out, struct sk_error *err);
void sk_rotate_plan_clear(struct sk_rotate_plan *p);

/* Could the replacement be used for old? (same store, store-level, another client id). */
enum sk_status sk_rotate_check_pair(const struct sk_account *old, const struct sk_account *repl,
				    struct sk_error *err);

/*
 * Carry everything over with the replacement's token, one step at a time,
 * saving st after each item (no duplicates on a rerun: hooks are matched by
 * scope and destination, scripts by name and source). Each result is read
 * back. *writes counts the writes BigCommerce accepted. SK_OK when every item that can be
 * carried over is done and the replacement's webhooks are confirmed;
 * otherwise the error that stopped it (a cancel is SK_ERR_CANCELLED).
 */
enum sk_status sk_rotate_carry(const char *dir, struct sk_rotate_plan *p, struct sk_rotate_state *st,
			       const char *old_token, const char *new_token, struct sk_bc_call *call, size_t *writes, struct sk_error *err);

/* Every part was read and every item that can be carried over is done and confirmed. */
bool sk_rotate_plan_complete(const struct sk_rotate_plan *p);

/*
 * A name for the replacement that passes the name rules and is free in
 * reg: "NAME rotated YYYY-MM-DD" (shortened to fit), then " 2", " 3"...
 */
void sk_rotate_suggest_name(const struct sk_registry *reg, const struct sk_account *old, int64_t now, char *out,
			    size_t size);

/*
 * The plan as a person reads it (no header value, no token; text
 * sanitized), the control-panel steps for a replacement (suggested name;
 * spec is how the commands name the old account) and the hand-off once
 * done. The CLI writes them to stdout, the TUI pages them.
 */
void sk_rotate_write_plan(FILE *f, const struct sk_rotate_plan *p);
void sk_rotate_write_steps(FILE *f, const struct sk_rotate_plan *p, const char *suggested, const char *spec);
void sk_rotate_write_handoff(FILE *f, const struct sk_rotate_plan *p);

/* A line on what happens to a metafield left with the old client (by permission_set). */
const char *sk_rotate_metafield_fate(const struct sk_metafield *m);

#endif
