/* audit.h - audit every account's webhooks and token at once: one multi handle, polite per-store budget. */
#ifndef SK_AUDIT_H
#define SK_AUDIT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bc.h"
#include "error.h"
#include "registry.h"

/*
 * Bounds on requests in flight. Every store is on one host, so the total
 * bound is also the connection bound. The per-store bound keeps one store
 * from taking every slot; the store's rate-limit budget (below) decides
 * how many of those slots may really be used. The defaults match
 * `curl --parallel-max 32` in total; BigCommerce's limit is the quota per
 * window, which the budget honours, not a concurrency cap.
 */
#define SK_AUDIT_MAX_INFLIGHT 32
#define SK_AUDIT_PER_STORE 8
#define SK_AUDIT_INFLIGHT_LIMIT 256
/* Requests a store may have in flight before its first answer tells us its quota. */
#define SK_AUDIT_PROBE 2
/* Slack added after a window's reset time before spending its new quota. */
#define SK_AUDIT_RESET_MARGIN_MS 20
/* The whole audit's default deadline, counted from when the requests start (--deadline). */
#define SK_AUDIT_DEADLINE_MS 120000
#define SK_AUDIT_DEADLINE_MAX_MS (24 * 3600 * 1000)

/* What became of one account. */
enum sk_audit_outcome {
	SK_AUDIT_PENDING,     /* not finished: the audit was cancelled first */
	SK_AUDIT_CHECKED,     /* hooks/admin answered: the token works */
	SK_AUDIT_DEAD_TOKEN,  /* 401: BigCommerce no longer accepts the token */
	SK_AUDIT_UNREACHABLE, /* could not be checked (network, 5xx, keyring, ...): see error */
	SK_AUDIT_SKIPPED,     /* account-level: such accounts have no webhooks */
};

enum sk_audit_token { SK_AUDIT_TOKEN_UNKNOWN, SK_AUDIT_TOKEN_OK, SK_AUDIT_TOKEN_DEAD };

/* Why an UNREACHABLE account could not be checked, when the audit itself decided it. */
enum sk_audit_reason {
	SK_AUDIT_REASON_NONE,         /* see error */
	SK_AUDIT_REASON_RATE_LIMITED, /* the store's quota refreshes later than the audit may wait: retry_in_ms */
	SK_AUDIT_REASON_NO_ANSWER,    /* the deadline passed while waiting for (or before sending) its request */
};

/* The result for one account (owned by struct sk_audit). */
struct sk_audit_result {
	size_t account;               /* index into the registry given to sk_audit_run */
	enum sk_audit_outcome outcome;
	enum sk_audit_token token;
	struct sk_error error;        /* the sentence for DEAD_TOKEN, UNREACHABLE and SKIPPED */
	enum sk_audit_reason reason;  /* UNREACHABLE only */
	int64_t retry_in_ms;          /* RATE_LIMITED: how long after the audit's end to try again */
	/*
	 * Emails, webhooks and blocklisted domains as BigCommerce sent them
	 * (raw strings: sanitize before display). Custom webhook headers are
	 * wiped and dropped as soon as the answer is parsed: they can hold
	 * credentials and the audit never shows them.
	 */
	struct sk_hooks_admin admin;
	size_t hooks_active, hooks_inactive, hooks_deactivated, hooks_other;
	bool no_email;                /* has webhooks but no notification e-mail */
	int requests;                 /* HTTP requests made for it, retries included */
	int rate_limited;             /* 429 answers seen */
	int retries;
	int64_t elapsed_ms;           /* first request to last answer */
};

/* Progress as the audit runs. */
struct sk_audit_progress {
	size_t done, total;  /* accounts finished / to audit */
	int inflight;        /* requests in flight now */
	int requests;        /* requests made so far */
	int rate_limited;    /* 429s seen so far */
	int holding;         /* stores waiting for their rate-limit window to refresh */
};

struct sk_audit_opts {
	const char *const *stores; /* audit only these store hashes (nstores of them); none = every account */
	size_t nstores;
	int max_inflight;          /* 0 = SK_AUDIT_MAX_INFLIGHT */
	int per_store;             /* 0 = SK_AUDIT_PER_STORE */
	int reserve;               /* requests of each store's window left for other apps (default 0) */
	int64_t deadline_ms;       /* stop waiting this long after the first request; 0 = SK_AUDIT_DEADLINE_MS */
	/* Called on the thread that runs sk_audit_run; r stays valid until sk_audit_clear. */
	void (*on_result)(void *ud, const struct sk_audit_result *r);
	void (*progress)(void *ud, const struct sk_audit_progress *p);
	void *ud;
	volatile sig_atomic_t *cancel; /* polled at least every 100 ms */
};

/* Everything an audit found. */
struct sk_audit {
	struct sk_audit_result *results; /* in registry order, one per audited account */
	size_t n;
	size_t nstores;                  /* distinct stores audited */
	bool cancelled;
	bool deadline_passed;            /* some accounts got SK_AUDIT_REASON_NO_ANSWER */
	int64_t deadline_ms;             /* the deadline that applied */
	int requests, rate_limited, retries;
	int64_t keyring_ms;              /* the keyring load, from opening to the last chunk (it overlaps the requests) */
	int64_t elapsed_ms;              /* whole audit, keyring included */
};

/*
 * Audit the accounts of reg (every one, or those of opts->stores):
 * for each store-level account, one GET /v3/hooks/admin (the spec gives
 * it no page parameter) with its own token, all in parallel on
 * one libcurl multi handle within the in-flight bounds and each store's
 * rate-limit budget, with the shared retry policy (R13). Account-level
 * accounts are SKIPPED: they have no webhooks, and the account API
 * allows 70 requests an hour, too few to spend on an audit (use
 * `storekeys verify`). The access tokens are read from the keyring by a
 * loader thread in chunks (sk_keyring_load_field_each): each account's
 * request is queued as soon as its token arrives, so the first requests
 * are out while the keyring still answers, and each token is wiped as
 * soon as its account is done. A keyring failure before any token
 * arrived fails the audit as a whole; after, the accounts still without
 * a token are UNREACHABLE with the keyring's reason. One account or
 * store failing never stops the others. Writes nothing to disk.
 *
 * Bounded in time whatever the server does (R11, R13): no wait the server
 * asks for is sat out beyond SK_HTTP_MAX_WAIT_MS or the deadline; the
 * accounts of a store whose window refreshes later are UNREACHABLE with
 * reason RATE_LIMITED (retry_in_ms says when). When the deadline passes,
 * every account still in flight or queued is UNREACHABLE with reason
 * NO_ANSWER, so a silent server costs the deadline, not a timeout per
 * account.
 *
 * Returns SK_OK when every account has a result (see sk_audit_verdict),
 * SK_ERR_CANCELLED when the cancel flag stopped it (out holds what had
 * finished, the rest PENDING), or a keyring error when no secret could be
 * loaded at all. out is always filled; free it with sk_audit_clear.
 */
enum sk_status sk_audit_run(const struct sk_registry *reg, const struct sk_audit_opts *opts, struct sk_audit *out,
			    struct sk_error *err);

void sk_audit_clear(struct sk_audit *a);

/* Totals over the results. */
struct sk_audit_summary {
	size_t accounts, checked, dead, unreachable, skipped, pending;
	size_t limited, no_answer; /* unreachable ones by reason */
	size_t hooks, active, inactive, deactivated, other;
	size_t blocked;       /* blocklisted domains */
	size_t no_email;      /* accounts with webhooks but no notification e-mail */
	size_t with_findings; /* accounts with at least one finding */
	int requests, rate_limited, retries;
};

void sk_audit_summarize(const struct sk_audit *a, struct sk_audit_summary *s);

/* True when r shows a problem: dead token, a hook not active, a blocked domain, no e-mail. */
bool sk_audit_result_has_findings(const struct sk_audit_result *r);

/*
 * The audit's overall status: SK_ERR_CANCELLED when cancelled,
 * SK_ERR_PARTIAL when some account could not be checked (even if others
 * have findings: a partial audit cannot say "clean"), SK_ERR_FINDINGS
 * when something needs attention, else SK_OK.
 */
enum sk_status sk_audit_verdict(const struct sk_audit_summary *s, bool cancelled);

/*
 * The findings, the one list both summaries (CLI and TUI) show, in this
 * order of sections.
 */
enum sk_audit_finding_kind {
	SK_AUDIT_F_DEAD,        /* BigCommerce rejects the token */
	SK_AUDIT_F_HOOK,        /* a webhook that is not active: k indexes r->admin.hooks */
	SK_AUDIT_F_BLOCKED,     /* a blocklisted domain: k indexes r->admin.blocked */
	SK_AUDIT_F_NO_EMAIL,    /* webhooks but no notification e-mail */
	SK_AUDIT_F_UNREACHABLE, /* could not be checked: r->error says why */
	SK_AUDIT_F_COUNT
};

struct sk_audit_finding {
	enum sk_audit_finding_kind kind;
	const struct sk_audit_result *r;
	size_t k;
};

struct sk_audit_findings_cb {
	/* A section with at least one finding starts: its title, e.g. "Dead tokens (1): BigCommerce rejects them; ...". */
	void (*section)(void *ud, enum sk_audit_finding_kind kind, const char *title);
	/* One finding of that section (in registry order); sk_audit_finding_text says it in one line. */
	void (*finding)(void *ud, const struct sk_audit_finding *f);
	void *ud;
};

/* Walk a's findings (s = its summary) section by section; empty sections are left out. */
void sk_audit_findings(const struct sk_audit *a, const struct sk_audit_summary *s,
		       const struct sk_audit_findings_cb *cb);

/*
 * The finding in one sanitized line, the account first ("abc123/Alpha Orders"):
 * "WHO  why", "WHO  #12 inactive  SCOPE -> URL", "WHO  URL  1m 30s left (REASON xN)",
 * "WHO  (7 webhooks, no notification e-mail)", "WHO: why". reg is the registry
 * the audit ran on; now_ms (sk_now_ms clock) counts the blocklist time down.
 */
const char *sk_audit_finding_text(const struct sk_registry *reg, const struct sk_audit_finding *f, int64_t now_ms,
				  char *buf, size_t size);

/* Seconds still left on a blocklisted domain at now_ms (never negative; it said time_left at fetched_at). */
int64_t sk_audit_blocked_left(const struct sk_blocked_domain *b, int64_t now_ms);

/* "checked", "dead_token", "unreachable", "skipped", "pending" (the --json vocabulary). */
const char *sk_audit_outcome_name(enum sk_audit_outcome o);

/* "rate_limited", "no_answer", or NULL for SK_AUDIT_REASON_NONE (the --json "reason"). */
const char *sk_audit_reason_name(enum sk_audit_reason r);

/*
 * Fill r's hook counts, no_email and problem flags from r->admin, after
 * wiping and dropping every custom header. Pure; used by the run and the
 * tests.
 */
void sk_audit_result_fill(struct sk_audit_result *r);

/* The hook's status: its "status" field, or active/inactive from is_active when absent. */
const char *sk_audit_hook_status(const struct sk_webhook *h);

/*
 * One store's rate-limit budget (BigCommerce's quota is per store and
 * shared by every app, BIGCOMMERCE.md section 3). Pure functions of the
 * clock value passed in, so the scheduler's decisions are unit-tested.
 */
struct sk_audit_budget {
	int left;           /* X-Rate-Limit-Requests-Left of the current window, -1 unknown */
	int64_t reset_at;   /* when the current window refreshes (sk_now_ms clock), 0 unknown */
	int64_t hold_until; /* start nothing before this (after a 429) */
	int inflight;       /* requests of this store in flight */
};

void sk_audit_budget_init(struct sk_audit_budget *b);

/*
 * How many more requests of the store may start at now: bounded by
 * per_store, and by what the window has left minus those in flight and
 * the reserve. Unknown or refreshed windows allow SK_AUDIT_PROBE in flight
 * until an answer says more. When the answer is 0 because of the budget,
 * *wake_at (may be NULL) is when to ask again; otherwise it is 0.
 */
int sk_audit_budget_room(const struct sk_audit_budget *b, int64_t now, int per_store, int reserve,
			 int64_t *wake_at);

/*
 * An answer arrived at now with the rate-limit headers (-1 when absent).
 * Within one window the lowest "left" wins (answers can arrive out of
 * order); a later window replaces it. A 429 empties the window.
 */
void sk_audit_budget_update(struct sk_audit_budget *b, int64_t now, long status, int rate_left, int64_t reset_ms);

/* Hold the whole store until `until` (a 429's wait: retries share the store's budget). */
void sk_audit_budget_hold(struct sk_audit_budget *b, int64_t until);

#endif
