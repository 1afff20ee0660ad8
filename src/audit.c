/* audit.c - audit every account's webhooks and token at once: one multi handle, polite per-store budget. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "audit.h"
#include "bc_http.h"
#include "bc_parse.h"
#include "curl_dl.h"
#include "keyring.h"
#include "util.h"

/* ---- the per-store budget (pure) --------------------------------------- */

/*
 * Our estimate of a window's end is late by the answer's transit time,
 * never early, so an answer whose window ends this much later than ours
 * belongs to the next window; within one window the estimates differ by
 * transit jitter only.
 */
#define NEW_WINDOW_SLACK_MS 250

void sk_audit_budget_init(struct sk_audit_budget *b)
{
	memset(b, 0, sizeof *b);
	b->left = -1;
}

int sk_audit_budget_room(const struct sk_audit_budget *b, int64_t now, int per_store, int reserve, int64_t *wake_at)
{
	int room = per_store - b->inflight;
	int budget;

	if (wake_at != NULL)
		*wake_at = 0;
	if (now < b->hold_until) {
		if (wake_at != NULL)
			*wake_at = b->hold_until;
		return 0;
	}
	if (room <= 0)
		return 0; /* an answer will free a slot */
	if (b->left < 0 || b->reset_at == 0 || now >= b->reset_at + SK_AUDIT_RESET_MARGIN_MS) {
		/* Nothing known about this window: a few requests, until an answer tells the quota. */
		budget = SK_AUDIT_PROBE - b->inflight;
		if (budget > room)
			budget = room;
		return budget > 0 ? budget : 0;
	}
	/* Requests in flight may not be counted in "left" yet: assume they all are still to come. */
	budget = b->left - b->inflight - (reserve > 0 ? reserve : 0);
	if (budget <= 0) {
		if (wake_at != NULL)
			*wake_at = b->reset_at + SK_AUDIT_RESET_MARGIN_MS;
		return 0;
	}
	return budget < room ? budget : room;
}

void sk_audit_budget_update(struct sk_audit_budget *b, int64_t now, long status, int rate_left, int64_t reset_ms)
{
	int64_t reset_at;

	if (status == 429 && rate_left < 0)
		rate_left = 0;
	if (rate_left < 0 || reset_ms < 0) {
		if (status == 429) {
			/* a 429 without headers (platform load): the window is empty as far as we know */
			b->left = 0;
			if (b->reset_at <= now)
				b->reset_at = now + 1000;
		}
		return;
	}
	reset_at = now + reset_ms;
	if (b->left < 0 || b->reset_at == 0 || now >= b->reset_at || reset_at > b->reset_at + NEW_WINDOW_SLACK_MS) {
		b->left = rate_left;
		b->reset_at = reset_at;
		return;
	}
	if (rate_left < b->left)
		b->left = rate_left;
	if (reset_at > b->reset_at)
		b->reset_at = reset_at;
}

void sk_audit_budget_hold(struct sk_audit_budget *b, int64_t until)
{
	if (until > b->hold_until)
		b->hold_until = until;
}

/* ---- results (pure) ---------------------------------------------------- */

const char *sk_audit_outcome_name(enum sk_audit_outcome o)
{
	switch (o) {
	case SK_AUDIT_CHECKED:
		return "checked";
	case SK_AUDIT_DEAD_TOKEN:
		return "dead_token";
	case SK_AUDIT_UNREACHABLE:
		return "unreachable";
	case SK_AUDIT_SKIPPED:
		return "skipped";
	case SK_AUDIT_PENDING:
		break;
	}
	return "pending";
}

const char *sk_audit_reason_name(enum sk_audit_reason r)
{
	switch (r) {
	case SK_AUDIT_REASON_RATE_LIMITED:
		return "rate_limited";
	case SK_AUDIT_REASON_NO_ANSWER:
		return "no_answer";
	case SK_AUDIT_REASON_NONE:
		break;
	}
	return NULL;
}

const char *sk_audit_hook_status(const struct sk_webhook *h)
{
	if (h->status[0] != '\0')
		return h->status;
	return h->is_active ? "active" : "inactive";
}

/* Custom headers can carry the destination's credentials: the audit never needs them. */
static void drop_headers(struct sk_hooks_admin *a)
{
	for (size_t i = 0; i < a->nhooks; i++) {
		struct sk_webhook *h = &a->hooks[i];

		for (size_t k = 0; k < h->nheaders; k++) {
			if (h->header_names[k] != NULL)
				sk_wipe(h->header_names[k], strlen(h->header_names[k]));
			free(h->header_names[k]);
			sk_secret_free(h->header_values[k]);
		}
		free(h->header_names);
		free(h->header_values);
		h->header_names = h->header_values = NULL;
		h->nheaders = 0;
	}
}

void sk_audit_result_fill(struct sk_audit_result *r)
{
	drop_headers(&r->admin);
	r->hooks_active = r->hooks_inactive = r->hooks_deactivated = r->hooks_other = 0;
	for (size_t i = 0; i < r->admin.nhooks; i++) {
		const char *s = sk_audit_hook_status(&r->admin.hooks[i]);

		if (strcmp(s, "active") == 0)
			r->hooks_active++;
		else if (strcmp(s, "inactive") == 0)
			r->hooks_inactive++;
		else if (strcmp(s, "deactivated") == 0)
			r->hooks_deactivated++;
		else
			r->hooks_other++;
	}
	/* BigCommerce mails these addresses about failing hooks; no hooks, nothing to mail about. */
	r->no_email = r->admin.nhooks > 0 && r->admin.nemails == 0;
}

bool sk_audit_result_has_findings(const struct sk_audit_result *r)
{
	if (r->outcome == SK_AUDIT_DEAD_TOKEN)
		return true;
	if (r->outcome != SK_AUDIT_CHECKED)
		return false;
	return r->hooks_inactive + r->hooks_deactivated + r->hooks_other > 0 || r->admin.nblocked > 0 || r->no_email;
}

void sk_audit_summarize(const struct sk_audit *a, struct sk_audit_summary *s)
{
	memset(s, 0, sizeof *s);
	s->accounts = a->n;
	for (size_t i = 0; i < a->n; i++) {
		const struct sk_audit_result *r = &a->results[i];

		switch (r->outcome) {
		case SK_AUDIT_CHECKED:
			s->checked++;
			break;
		case SK_AUDIT_DEAD_TOKEN:
			s->dead++;
			break;
		case SK_AUDIT_UNREACHABLE:
			s->unreachable++;
			s->limited += r->reason == SK_AUDIT_REASON_RATE_LIMITED ? 1 : 0;
			s->no_answer += r->reason == SK_AUDIT_REASON_NO_ANSWER ? 1 : 0;
			break;
		case SK_AUDIT_SKIPPED:
			s->skipped++;
			break;
		case SK_AUDIT_PENDING:
			s->pending++;
			break;
		}
		if (r->outcome == SK_AUDIT_CHECKED) {
			s->hooks += r->admin.nhooks;
			s->active += r->hooks_active;
			s->inactive += r->hooks_inactive;
			s->deactivated += r->hooks_deactivated;
			s->other += r->hooks_other;
			s->blocked += r->admin.nblocked;
			s->no_email += r->no_email ? 1 : 0;
		}
		if (sk_audit_result_has_findings(r))
			s->with_findings++;
		s->requests += r->requests;
		s->rate_limited += r->rate_limited;
		s->retries += r->retries;
	}
}

enum sk_status sk_audit_verdict(const struct sk_audit_summary *s, bool cancelled)
{
	if (cancelled)
		return SK_ERR_CANCELLED;
	if (s->unreachable > 0 || s->pending > 0)
		return SK_ERR_PARTIAL;
	if (s->with_findings > 0)
		return SK_ERR_FINDINGS;
	return SK_OK;
}

/* ---- the findings (one walk for both summaries) ------------------------ */

int64_t sk_audit_blocked_left(const struct sk_blocked_domain *b, int64_t now_ms)
{
	int64_t left_ms = b->time_left * 1000 - (now_ms - b->fetched_at);

	return left_ms > 0 ? (left_ms + 999) / 1000 : 0;
}

/* How many findings of this kind r can hold: indexes k to try (hooks, blocked domains) or 0/1. */
static size_t finding_slots(const struct sk_audit_result *r, enum sk_audit_finding_kind kind)
{
	bool checked = r->outcome == SK_AUDIT_CHECKED;

	switch (kind) {
	case SK_AUDIT_F_DEAD:
		return r->outcome == SK_AUDIT_DEAD_TOKEN;
	case SK_AUDIT_F_HOOK:
		return checked ? r->admin.nhooks : 0;
	case SK_AUDIT_F_BLOCKED:
		return checked ? r->admin.nblocked : 0;
	case SK_AUDIT_F_NO_EMAIL:
		return checked && r->no_email;
	case SK_AUDIT_F_UNREACHABLE:
		return r->outcome == SK_AUDIT_UNREACHABLE;
	case SK_AUDIT_F_COUNT:
		break;
	}
	return 0;
}

/* The section's title, or NULL when it has no finding. */
static const char *section_title(const struct sk_audit *a, const struct sk_audit_summary *s,
				 enum sk_audit_finding_kind kind, char *buf, size_t size)
{
	size_t n, used;

	switch (kind) {
	case SK_AUDIT_F_DEAD:
		n = s->dead;
		snprintf(buf, size, "Dead tokens (%zu): BigCommerce rejects them; delete or replace these API accounts", n);
		break;
	case SK_AUDIT_F_HOOK:
		n = s->inactive + s->deactivated + s->other;
		snprintf(buf, size, "Inactive and deactivated webhooks (%zu): BigCommerce sends them nothing", n);
		break;
	case SK_AUDIT_F_BLOCKED:
		n = s->blocked;
		snprintf(buf, size, "Blocklisted domains (%zu): BigCommerce sends them no events until the time runs out", n);
		break;
	case SK_AUDIT_F_NO_EMAIL:
		n = s->no_email;
		snprintf(buf, size, "No notification e-mail (%zu): nobody is told when their webhooks fail", n);
		break;
	case SK_AUDIT_F_UNREACHABLE:
		n = s->unreachable;
		used = (size_t)snprintf(buf, size, "Could not be checked (%zu", n);
		if (s->limited > 0 && used < size)
			used += (size_t)snprintf(buf + used, size - used, ", %zu rate-limited", s->limited);
		if (s->no_answer > 0 && used < size)
			used += (size_t)snprintf(buf + used, size - used, ", %zu no answer within the %lld s deadline",
						 s->no_answer, (long long)(a->deadline_ms + 999) / 1000);
		if (used < size)
			snprintf(buf + used, size - used, ")");
		break;
	default:
		return NULL;
	}
	return n > 0 ? buf : NULL;
}

void sk_audit_findings(const struct sk_audit *a, const struct sk_audit_summary *s,
		       const struct sk_audit_findings_cb *cb)
{
	char title[256];

	for (int kind = 0; kind < SK_AUDIT_F_COUNT; kind++) {
		if (section_title(a, s, (enum sk_audit_finding_kind)kind, title, sizeof title) == NULL)
			continue;
		if (cb->section)
			cb->section(cb->ud, (enum sk_audit_finding_kind)kind, title);
		for (size_t i = 0; i < a->n; i++) {
			const struct sk_audit_result *r = &a->results[i];
			size_t slots = finding_slots(r, (enum sk_audit_finding_kind)kind);

			for (size_t k = 0; k < slots; k++) {
				struct sk_audit_finding f = {(enum sk_audit_finding_kind)kind, r, k};

				if (kind == SK_AUDIT_F_HOOK && strcmp(sk_audit_hook_status(&r->admin.hooks[k]), "active") == 0)
					continue;
				if (cb->finding)
					cb->finding(cb->ud, &f);
			}
		}
	}
}

const char *sk_audit_finding_text(const struct sk_registry *reg, const struct sk_audit_finding *f, int64_t now_ms,
				  char *buf, size_t size)
{
	const struct sk_audit_result *r = f->r;
	const struct sk_account *acc = &reg->accounts[r->account];
	char raw[SK_HASH_MAX + SK_NAME_MAX_BYTES + 48], who[SK_NAME_MAX_BYTES * 2], why[SK_ERROR_MSG_MAX * 2];
	char st[64], a[1024], b[1024], left[32];
	size_t used;

	snprintf(raw, sizeof raw, "%s/%s", sk_account_owner(acc), acc->name);
	sk_sanitize(raw, who, sizeof who);
	sk_sanitize(r->error.msg[0] ? r->error.msg : sk_status_describe(r->error.code), why, sizeof why);
	switch (f->kind) {
	case SK_AUDIT_F_DEAD:
		snprintf(buf, size, "%s  %s", who, why);
		break;
	case SK_AUDIT_F_HOOK: {
		const struct sk_webhook *h = &r->admin.hooks[f->k];

		snprintf(buf, size, "%s  #%lld %s  %s -> %s", who, (long long)h->id,
			 sk_sanitize(sk_audit_hook_status(h), st, sizeof st), sk_sanitize(h->scope ? h->scope : "", a, sizeof a),
			 sk_sanitize(h->destination ? h->destination : "", b, sizeof b));
		break;
	}
	case SK_AUDIT_F_BLOCKED: {
		const struct sk_blocked_domain *d = &r->admin.blocked[f->k];
		int64_t secs = sk_audit_blocked_left(d, now_ms);

		if (secs > 0)
			snprintf(st, sizeof st, "%s left", sk_duration_str(secs, left, sizeof left));
		else
			snprintf(st, sizeof st, "block over");
		used = (size_t)snprintf(buf, size, "%s  %s  %s", who,
					sk_sanitize(d->destination ? d->destination : "", a, sizeof a), st);
		for (size_t q = 0; q < d->nreasons && used < size; q++)
			used += (size_t)snprintf(buf + used, size - used, "%s%s x%lld", q == 0 ? " (" : ", ",
						 sk_sanitize(d->reasons[q].description ? d->reasons[q].description : "",
							     b, sizeof b),
						 (long long)d->reasons[q].count);
		if (d->nreasons > 0 && used < size)
			snprintf(buf + used, size - used, ")");
		break;
	}
	case SK_AUDIT_F_NO_EMAIL:
		snprintf(buf, size, "%s  (%zu webhook%s, no notification e-mail)", who, r->admin.nhooks,
			 r->admin.nhooks == 1 ? "" : "s");
		break;
	default:
		snprintf(buf, size, "%s: %s", who, why);
		break;
	}
	return buf;
}

void sk_audit_clear(struct sk_audit *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n; i++)
		sk_hooks_admin_clear(&a->results[i].admin);
	free(a->results);
	memset(a, 0, sizeof *a);
}

/* ---- the run ----------------------------------------------------------- */

struct job {
	size_t store;       /* index into run.stores */
	char *token;        /* owned; wiped when the account is done */
	int attempt;        /* attempts made */
	int64_t page_started;
	int64_t not_before; /* a retry waits until then */
	int64_t first_ms;
	bool done;
};

struct store {
	const char *hash;
	struct sk_audit_budget budget;
	size_t *queue; /* job indices waiting, oldest first */
	size_t nq, capq;
};

struct slot {
	struct sk_http_req req; /* first member: CURLOPT_PRIVATE points here */
	size_t job;
	bool busy;
};

struct run {
	const struct sk_registry *reg;
	const struct sk_audit_opts *opts;
	struct sk_audit *out;
	struct job *jobs;     /* parallel to out->results */
	struct store *stores;
	size_t nstores;
	struct slot *slots;
	int nslots, inflight, per_store, reserve;
	size_t done, rr;
	int64_t deadline; /* sk_now_ms clock; 0 until the first request */
	bool multiplex;
	CURLM *multi;
	struct sk_audit_progress last;
};

static bool wanted(const struct sk_account *a, const struct sk_audit_opts *o)
{
	if (o == NULL || o->nstores == 0)
		return true;
	if (a->level != SK_LEVEL_STORE)
		return false;
	for (size_t i = 0; i < o->nstores; i++)
		if (o->stores[i] != NULL && strcmp(o->stores[i], a->store_hash) == 0)
			return true;
	return false;
}

static size_t store_index(struct run *run, const char *hash)
{
	for (size_t i = 0; i < run->nstores; i++)
		if (strcmp(run->stores[i].hash, hash) == 0)
			return i;
	run->stores = sk_xrealloc(run->stores, (run->nstores + 1) * sizeof *run->stores);
	memset(&run->stores[run->nstores], 0, sizeof run->stores[run->nstores]);
	run->stores[run->nstores].hash = hash;
	sk_audit_budget_init(&run->stores[run->nstores].budget);
	return run->nstores++;
}

static void enqueue(struct store *s, size_t job, bool front)
{
	if (s->nq == s->capq) {
		s->capq = s->capq ? s->capq * 2 : 16;
		s->queue = sk_xrealloc(s->queue, s->capq * sizeof *s->queue);
	}
	if (front) {
		memmove(s->queue + 1, s->queue, s->nq * sizeof *s->queue);
		s->queue[0] = job;
	} else {
		s->queue[s->nq] = job;
	}
	s->nq++;
}

/* The oldest job of s allowed to start at now, removed from the queue; else SIZE_MAX and *wake. */
static size_t dequeue_ready(struct run *run, struct store *s, int64_t now, int64_t *wake)
{
	for (size_t i = 0; i < s->nq; i++) {
		size_t j = s->queue[i];

		if (run->jobs[j].not_before <= now) {
			memmove(s->queue + i, s->queue + i + 1, (s->nq - i - 1) * sizeof *s->queue);
			s->nq--;
			return j;
		}
		if (*wake == 0 || run->jobs[j].not_before < *wake)
			*wake = run->jobs[j].not_before;
	}
	return SIZE_MAX;
}

static void report_progress(struct run *run, int holding)
{
	struct sk_audit_progress p = {
		.done = run->done,
		.total = run->out->n,
		.inflight = run->inflight,
		.requests = run->out->requests,
		.rate_limited = run->out->rate_limited,
		.holding = holding,
	};

	if (run->opts == NULL || run->opts->progress == NULL || memcmp(&p, &run->last, sizeof p) == 0)
		return;
	run->last = p;
	run->opts->progress(run->opts->ud, &p);
}

/* The account is finished (whatever the outcome): wipe its token, report it. */
static void finish_job(struct run *run, size_t j)
{
	struct job *job = &run->jobs[j];
	struct sk_audit_result *r = &run->out->results[j];

	job->done = true;
	sk_secret_free(job->token);
	job->token = NULL;
	if (job->first_ms > 0)
		r->elapsed_ms = sk_now_ms() - job->first_ms;
	if (r->outcome == SK_AUDIT_CHECKED)
		sk_audit_result_fill(r);
	else
		sk_hooks_admin_clear(&r->admin);
	run->done++;
	if (run->opts != NULL && run->opts->on_result != NULL)
		run->opts->on_result(run->opts->ud, r);
}

static void fail_job_why(struct run *run, size_t j, enum sk_audit_outcome outcome, const struct sk_error *err,
			 enum sk_audit_reason reason, int64_t retry_in_ms)
{
	struct sk_audit_result *r = &run->out->results[j];

	r->outcome = outcome;
	r->token = outcome == SK_AUDIT_DEAD_TOKEN ? SK_AUDIT_TOKEN_DEAD : SK_AUDIT_TOKEN_UNKNOWN;
	r->error = *err;
	r->reason = reason;
	r->retry_in_ms = retry_in_ms;
	finish_job(run, j);
}

static void fail_job(struct run *run, size_t j, enum sk_audit_outcome outcome, const struct sk_error *err)
{
	fail_job_why(run, j, outcome, err, SK_AUDIT_REASON_NONE, 0);
}

/* The store's quota refreshes wait_ms from now, later than the audit waits: say when to try again. */
static void fail_rate_limited(struct run *run, size_t j, int64_t wait_ms)
{
	struct sk_error e;
	char when[64] = "", dur[32];
	time_t at = time(NULL) + (time_t)((wait_ms + 999) / 1000);
	struct tm tm;

	if (gmtime_r(&at, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
	sk_error_set(&e, SK_ERR_HTTP_429,
		     "rate-limited, try after %s (in %s): the store's API quota is used up and refreshes later than "
		     "the audit waits (at most %d s)",
		     when, sk_duration_str((wait_ms + 999) / 1000, dur, sizeof dur), SK_HTTP_MAX_WAIT_MS / 1000);
	fail_job_why(run, j, SK_AUDIT_UNREACHABLE, &e, SK_AUDIT_REASON_RATE_LIMITED, wait_ms);
}

/* The deadline passed while j was in flight (sent) or still queued. */
static void fail_no_answer(struct run *run, size_t j, bool sent)
{
	struct sk_error e;
	long long secs = (long long)(run->out->deadline_ms + 999) / 1000;

	if (sent)
		sk_error_set(&e, SK_ERR_TIMEOUT,
			     "no answer: BigCommerce did not answer within the audit's deadline (%lld s); try again "
			     "later or with a longer --deadline",
			     secs);
	else
		sk_error_set(&e, SK_ERR_TIMEOUT,
			     "no answer: the audit's deadline (%lld s) passed before this account's turn; audit "
			     "its store alone (--store %s) or give a longer --deadline",
			     secs, run->stores[run->jobs[j].store].hash);
	fail_job_why(run, j, SK_AUDIT_UNREACHABLE, &e, SK_AUDIT_REASON_NO_ANSWER, 0);
}

static struct slot *free_slot(struct run *run)
{
	for (int i = 0; i < run->nslots; i++)
		if (!run->slots[i].busy)
			return &run->slots[i];
	return NULL;
}

/* Put job j's request on the wire. False when it could not even be prepared (the job is failed). */
static bool start_job(struct run *run, size_t j, int64_t now)
{
	struct job *job = &run->jobs[j];
	struct store *s = &run->stores[job->store];
	struct slot *slot = free_slot(run);
	struct sk_error err;
	char path[64], *url = NULL;
	enum sk_status st;

	if (slot == NULL)
		return false;
	sk_error_clear(&err);
	/* the spec declares no query parameter for hooks/admin: never a ?page= (see sk_bc_hooks_admin) */
	snprintf(path, sizeof path, "/v3/hooks/admin");
	st = sk_http_store_url(s->hash, path, &url, &err);
	if (st == SK_OK)
		st = sk_http_req_init(&slot->req, SK_HTTP_GET, url, job->token, NULL, &err);
	free(url);
	if (st == SK_OK && run->multiplex)
		curl_easy_setopt(slot->req.easy, CURLOPT_PIPEWAIT, 1L);
	if (st == SK_OK && curl_multi_add_handle(run->multi, slot->req.easy) != CURLM_OK) {
		sk_http_req_clear(&slot->req);
		st = sk_error_set(&err, SK_ERR_INTERNAL, "libcurl could not start a request");
	}
	if (st != SK_OK) {
		fail_job(run, j, SK_AUDIT_UNREACHABLE, &err);
		return false;
	}
	slot->busy = true;
	slot->job = j;
	if (job->attempt == 0)
		job->page_started = now;
	if (job->first_ms == 0)
		job->first_ms = now;
	job->attempt++;
	s->budget.inflight++;
	run->inflight++;
	run->out->results[j].requests++;
	run->out->requests++;
	return true;
}

/*
 * Start what the bounds and budgets allow: one request per store per pass,
 * so stores interleave. Returns the earliest time a waiting request may
 * start (0 when none waits on time); *holding counts budget-held stores.
 */
static int64_t start_ready(struct run *run, int64_t now, int *holding)
{
	int64_t wake = 0;
	bool progress = true;

	*holding = 0;
	while (progress && run->inflight < run->nslots) {
		progress = false;
		for (size_t k = 0; k < run->nstores && run->inflight < run->nslots; k++) {
			struct store *s = &run->stores[(run->rr + k) % run->nstores];
			int64_t w = 0;
			size_t j;

			if (s->nq == 0)
				continue;
			if (sk_audit_budget_room(&s->budget, now, run->per_store, run->reserve, &w) <= 0) {
				if (w != 0 && (w - now > SK_HTTP_MAX_WAIT_MS || w > run->deadline)) {
					/* Never sit out a window that refreshes later than a wait may last (R13). */
					while (s->nq > 0)
						fail_rate_limited(run, s->queue[--s->nq], w - now);
					continue;
				}
				if (w != 0 && (wake == 0 || w < wake))
					wake = w;
				if (w != 0)
					(*holding)++;
				continue;
			}
			j = dequeue_ready(run, s, now, &wake);
			if (j == SIZE_MAX)
				continue;
			start_job(run, j, now);
			progress = true;
		}
	}
	if (run->nstores > 0)
		run->rr = (run->rr + 1) % run->nstores;
	return wake;
}

/* The answer arrived intact: parse it (one GET: hooks/admin has no page parameter). */
static void page_done(struct run *run, size_t j, struct sk_http_req *req)
{
	struct sk_audit_result *r = &run->out->results[j];
	struct sk_error err;
	int total = 1;

	sk_error_clear(&err);
	if (sk_parse_hooks_admin(req->body, req->len, &r->admin, &total, &err) != SK_OK) {
		sk_error_prefix(&err, "hooks/admin");
		fail_job(run, j, SK_AUDIT_UNREACHABLE, &err);
		return;
	}
	r->outcome = SK_AUDIT_CHECKED;
	r->token = SK_AUDIT_TOKEN_OK;
	drop_headers(&r->admin);
	finish_job(run, j);
}

static void transfer_done(struct run *run, struct slot *slot, CURLcode rc, int64_t now)
{
	size_t j = slot->job;
	struct job *job = &run->jobs[j];
	struct store *s = &run->stores[job->store];
	struct sk_audit_result *r = &run->out->results[j];
	struct sk_http_req *req = &slot->req;
	struct sk_error err;
	enum sk_status st;
	int64_t wait;

	curl_multi_remove_handle(run->multi, req->easy);
	slot->busy = false;
	s->budget.inflight--;
	run->inflight--;
	sk_error_clear(&err);
	st = sk_http_req_finish(req, rc, &err);
	sk_audit_budget_update(&s->budget, now, req->status, req->rate_left, req->reset_ms);
	if (req->status == 429) {
		r->rate_limited++;
		run->out->rate_limited++;
	}
	if (st == SK_OK) {
		page_done(run, j, req);
	} else if (st == SK_ERR_HTTP_401) {
		fail_job(run, j, SK_AUDIT_DEAD_TOKEN, &err);
	} else {
		wait = sk_http_retry_wait_ms(req, st, job->attempt, now - job->page_started);
		if (wait >= 0 && now + wait > run->deadline)
			wait = -1; /* the retry would start after the deadline */
		if (wait < 0 && st == SK_ERR_HTTP_429 && sk_http_server_wait_ms(req) > 0) {
			fail_rate_limited(run, j, sk_http_server_wait_ms(req));
		} else if (wait < 0) {
			fail_job(run, j, SK_AUDIT_UNREACHABLE, &err);
		} else {
			/* The retry goes back into the store's queue, so it spends the store's budget too (R13). */
			job->not_before = now + wait;
			if (st == SK_ERR_HTTP_429)
				sk_audit_budget_hold(&s->budget, now + wait);
			r->retries++;
			run->out->retries++;
			enqueue(s, j, true);
		}
	}
	/* The answer may echo webhook headers (destination credentials): wipe before freeing. */
	if (req->body != NULL)
		sk_wipe(req->body, req->len);
	sk_http_req_clear(req);
}

/* Handle every finished transfer; returns how many there were. */
static int drain(struct run *run)
{
	CURLMsg *msg;
	int left, n = 0;

	while ((msg = curl_multi_info_read(run->multi, &left)) != NULL) {
		struct sk_http_req *req = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&req);
		if (req == NULL)
			continue;
		/* req is the first member of its slot */
		transfer_done(run, (struct slot *)(void *)req, msg->data.result, sk_now_ms());
		n++;
	}
	return n;
}

struct id_job {
	const char *id;
	size_t job;
};

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct id_job *)a)->id, ((const struct id_job *)b)->id);
}

/*
 * The access tokens arrive from a loader thread in chunks while the
 * requests of the first accounts are already out (issue 12: the keyring
 * answers 2,000 accounts' attributes one by one). The loader only hands
 * chunks over under the mutex and wakes the multi loop; the loop takes
 * them and queues the accounts.
 */
struct feed {
	pthread_mutex_t mu;
	struct sk_keyring_item *items; /* handed over, not yet taken */
	size_t n, cap;
	bool finished; /* the loader is done; st and err say how */
	enum sk_status st;
	struct sk_error err;
	bool delivered;               /* some chunk arrived */
	int64_t t0, ms;               /* when the load started, how long it took */
	volatile sig_atomic_t stop;   /* set by the loop: stop loading (cancel, deadline, failure) */
	volatile sig_atomic_t *cancel; /* the caller's flag */
	CURLM *multi;
	pthread_t thread;
	bool inited, started;
};

static void feed_wake(struct feed *f)
{
	if (f->multi != NULL)
		curl_multi_wakeup(f->multi);
}

static bool feed_chunk(void *ud, struct sk_keyring_item *items, size_t n)
{
	struct feed *f = ud;
	bool more;

	pthread_mutex_lock(&f->mu);
	if (f->n + n > f->cap) {
		f->cap = f->n + n > 2 * f->cap ? f->n + n : 2 * f->cap;
		f->items = sk_xrealloc(f->items, (f->cap + 1) * sizeof *f->items);
	}
	memcpy(f->items + f->n, items, n * sizeof *items);
	f->n += n;
	f->delivered = true;
	more = __atomic_load_n(&f->stop, __ATOMIC_SEQ_CST) == 0;
	pthread_mutex_unlock(&f->mu);
	free(items); /* the array only: its secrets moved to f->items */
	feed_wake(f);
	return more && !(f->cancel != NULL && __atomic_load_n(f->cancel, __ATOMIC_SEQ_CST) != 0);
}

static void *feed_main(void *ud)
{
	struct feed *f = ud;
	struct sk_keyring *kr = NULL;
	struct sk_error err;
	enum sk_status st;

	sk_error_clear(&err);
	/* The loop's stop flag also cuts a slow keyring short (within 100 ms); the loop sets it on Esc/Ctrl-C. */
	sk_keyring_watch_cancel(&f->stop);
	st = sk_keyring_open(&kr, &err);
	if (st == SK_OK)
		st = sk_keyring_load_field_each(kr, SK_FIELD_ACCESS_TOKEN, feed_chunk, f, &err);
	if (kr != NULL)
		sk_keyring_close(kr);
	sk_keyring_watch_cancel(NULL);
	pthread_mutex_lock(&f->mu);
	f->finished = true;
	f->st = st;
	f->err = err;
	f->ms = sk_now_ms() - f->t0;
	pthread_mutex_unlock(&f->mu);
	feed_wake(f);
	return NULL;
}

static enum sk_status feed_start(struct feed *f, struct run *run, struct sk_error *err)
{
	memset(f, 0, sizeof *f);
	pthread_mutex_init(&f->mu, NULL);
	f->inited = true;
	f->cancel = run->opts != NULL ? run->opts->cancel : NULL;
	f->multi = run->multi;
	f->t0 = sk_now_ms();
	if (pthread_create(&f->thread, NULL, feed_main, f) != 0)
		return sk_error_set(err, SK_ERR_INTERNAL, "cannot start a thread to read the keyring");
	f->started = true;
	return SK_OK;
}

/* Stop the loader (if still running), wait for it and wipe whatever it handed over that was not taken. */
static void feed_end(struct feed *f)
{
	if (f->started) {
		__atomic_store_n(&f->stop, 1, __ATOMIC_SEQ_CST);
		pthread_join(f->thread, NULL);
		f->started = false;
	}
	sk_keyring_items_free(f->items, f->n); /* wipes the secrets */
	f->items = NULL;
	f->n = f->cap = 0;
	pthread_mutex_destroy(&f->mu);
	f->inited = false;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* account id -> job, sorted for bsearch: 2,000 accounts have 4,000 items */
static struct id_job *job_index(struct run *run, size_t *nidx)
{
	struct id_job *index = sk_xcalloc(run->out->n + 1, sizeof *index);

	*nidx = 0;
	for (size_t j = 0; j < run->out->n; j++) {
		const struct sk_account *a = &run->reg->accounts[run->out->results[j].account];

		if (a->level == SK_LEVEL_STORE) {
			index[*nidx].id = a->id;
			index[(*nidx)++].job = j;
		}
	}
	qsort(index, *nidx, sizeof *index, cmp_id);
	return index;
}

/*
 * Take what the loader handed over: each account whose token arrived is
 * queued. Returns true once the loader has finished (then *st says how).
 */
static bool take_tokens(struct run *run, struct feed *f, const struct id_job *index, size_t nidx, bool *locked,
			bool *delivered, enum sk_status *st, struct sk_error *err)
{
	struct sk_keyring_item *items;
	size_t n, *got, ngot = 0;
	bool finished;

	pthread_mutex_lock(&f->mu);
	items = f->items;
	n = f->n;
	f->items = NULL;
	f->n = f->cap = 0;
	finished = f->finished;
	*delivered = f->delivered;
	if (finished) {
		*st = f->st;
		*err = f->err;
		run->out->keyring_ms = f->ms;
	}
	pthread_mutex_unlock(&f->mu);
	got = sk_xcalloc(n + 1, sizeof *got);
	for (size_t i = 0; i < n; i++) {
		struct id_job key = {.id = items[i].account_id};
		const struct id_job *hit = bsearch(&key, index, nidx, sizeof *index, cmp_id);
		size_t j;

		if (hit == NULL)
			continue;
		j = hit->job;
		if (items[i].locked || items[i].secret == NULL) {
			locked[j] = true;
			continue;
		}
		if (run->jobs[j].token == NULL && !run->jobs[j].done) {
			run->jobs[j].token = items[i].secret; /* taken over; wiped in finish_job */
			items[i].secret = NULL;
			got[ngot++] = j;
		}
	}
	sk_keyring_items_free(items, n); /* wipes every other secret (other accounts, duplicates) */
	/* the accounts of a chunk go out in registry order, as they did when all came at once */
	qsort(got, ngot, sizeof *got, cmp_size);
	for (size_t k = 0; k < ngot; k++)
		enqueue(&run->stores[run->jobs[got[k]].store], got[k], false);
	free(got);
	return finished;
}

/* The load is over: the store-level accounts that got no token are failed with the reason. */
static void fail_tokenless(struct run *run, const bool *locked, enum sk_status st, const struct sk_error *kerr)
{
	for (size_t j = 0; j < run->out->n; j++) {
		const struct sk_account *a = &run->reg->accounts[run->out->results[j].account];
		struct sk_error e;

		if (a->level != SK_LEVEL_STORE || run->jobs[j].token != NULL || run->jobs[j].done)
			continue;
		if (st != SK_OK)
			e = *kerr;
		else if (locked[j])
			sk_error_set(&e, SK_ERR_KEYRING_LOCKED,
				     "the access token's keyring item is locked; unlock the keyring and run the audit again");
		else
			sk_error_set(&e, SK_ERR_KEYRING_MISSING,
				     "the access token is missing from the keyring (run `storekeys doctor`)");
		fail_job(run, j, SK_AUDIT_UNREACHABLE, &e);
	}
}

/* The deadline passed: whatever is in flight or queued gets "no answer". */
static void expire_all(struct run *run)
{
	for (int i = 0; i < run->nslots; i++) {
		struct slot *slot = &run->slots[i];

		if (!slot->busy)
			continue;
		curl_multi_remove_handle(run->multi, slot->req.easy);
		sk_http_req_clear(&slot->req);
		slot->busy = false;
		run->stores[run->jobs[slot->job].store].budget.inflight--;
		run->inflight--;
		fail_no_answer(run, slot->job, true);
	}
	for (size_t k = 0; k < run->nstores; k++) {
		struct store *s = &run->stores[k];

		while (s->nq > 0) {
			size_t j = s->queue[--s->nq];

			fail_no_answer(run, j, run->jobs[j].first_ms > 0);
		}
	}
	/* and those whose token the keyring had not handed over yet */
	for (size_t j = 0; j < run->out->n; j++)
		if (!run->jobs[j].done)
			fail_no_answer(run, j, false);
	run->out->deadline_passed = true;
}

static void cancel_all(struct run *run)
{
	struct sk_error e;

	for (int i = 0; i < run->nslots; i++) {
		if (!run->slots[i].busy)
			continue;
		curl_multi_remove_handle(run->multi, run->slots[i].req.easy);
		sk_http_req_clear(&run->slots[i].req);
		run->slots[i].busy = false;
	}
	run->inflight = 0;
	sk_error_set(&e, SK_ERR_CANCELLED, "cancelled before it was checked");
	for (size_t j = 0; j < run->out->n; j++) {
		if (run->jobs[j].done)
			continue;
		sk_secret_free(run->jobs[j].token);
		run->jobs[j].token = NULL;
		run->jobs[j].done = true;
		sk_hooks_admin_clear(&run->out->results[j].admin);
		run->out->results[j].outcome = SK_AUDIT_PENDING;
		run->out->results[j].token = SK_AUDIT_TOKEN_UNKNOWN;
		run->out->results[j].error = e;
	}
}

static int clamp_opt(int v, int dflt)
{
	if (v <= 0)
		return dflt;
	return v > SK_AUDIT_INFLIGHT_LIMIT ? SK_AUDIT_INFLIGHT_LIMIT : v;
}

static bool is_cancelled(const struct sk_audit_opts *o)
{
	return o != NULL && o->cancel != NULL && __atomic_load_n(o->cancel, __ATOMIC_SEQ_CST) != 0;
}

/* Account-level accounts: reported at once, nothing to ask BigCommerce. */
static void report_skipped(struct run *run)
{
	for (size_t j = 0; j < run->out->n; j++) {
		struct sk_error e;

		if (run->reg->accounts[run->out->results[j].account].level == SK_LEVEL_STORE)
			continue;
		sk_error_set(&e, SK_OK,
			     "not audited: account-level accounts have no webhooks (use `storekeys verify` to check "
			     "the token; the account API allows 70 requests an hour)");
		run->out->results[j].outcome = SK_AUDIT_SKIPPED;
		run->out->results[j].token = SK_AUDIT_TOKEN_UNKNOWN;
		run->out->results[j].error = e;
		finish_job(run, j);
	}
}

enum sk_status sk_audit_run(const struct sk_registry *reg, const struct sk_audit_opts *opts, struct sk_audit *out,
			    struct sk_error *err)
{
	struct run run;
	struct feed feed;
	struct id_job *index = NULL;
	bool *locked = NULL, loading = false, delivered = false, skipped_told = false;
	int64_t t0 = sk_now_ms();
	size_t nstore_accounts = 0, nidx = 0;
	enum sk_status st = SK_OK;

	memset(out, 0, sizeof *out);
	memset(&run, 0, sizeof run);
	memset(&feed, 0, sizeof feed);
	run.reg = reg;
	run.opts = opts;
	run.out = out;
	run.nslots = clamp_opt(opts ? opts->max_inflight : 0, SK_AUDIT_MAX_INFLIGHT);
	run.per_store = clamp_opt(opts ? opts->per_store : 0, SK_AUDIT_PER_STORE);
	run.reserve = opts && opts->reserve > 0 ? opts->reserve : 0;
	out->deadline_ms = opts && opts->deadline_ms > 0 ? opts->deadline_ms : SK_AUDIT_DEADLINE_MS;
	if (out->deadline_ms > SK_AUDIT_DEADLINE_MAX_MS)
		out->deadline_ms = SK_AUDIT_DEADLINE_MAX_MS;
	/* HTTP/2 multiplexing needs TLS (ALPN); waiting for it on plain http would only serialize. */
	run.multiplex = strncmp(sk_bc_origin(), "https://", 8) == 0;

	out->results = sk_xcalloc(reg->n + 1, sizeof *out->results);
	run.jobs = sk_xcalloc(reg->n + 1, sizeof *run.jobs);
	for (size_t i = 0; i < reg->n; i++) {
		const struct sk_account *a = &reg->accounts[i];
		size_t j;

		if (!wanted(a, opts))
			continue;
		j = out->n++;
		out->results[j].account = i;
		if (a->level == SK_LEVEL_STORE) {
			run.jobs[j].store = store_index(&run, a->store_hash);
			nstore_accounts++;
		}
	}
	out->nstores = run.nstores;
	if (nstore_accounts == 0) {
		report_skipped(&run);
		report_progress(&run, 0);
		goto out;
	}

	if ((st = sk_http_ready(err)) != SK_OK)
		goto out;
	run.multi = curl_multi_init();
	run.slots = sk_xcalloc((size_t)run.nslots, sizeof *run.slots);
	if (run.multi == NULL) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "libcurl could not create a multi handle");
		goto out;
	}
	/* One host: the total bound is the connection bound, and connections are kept for reuse. */
	curl_multi_setopt(run.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)run.nslots);
	curl_multi_setopt(run.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)run.nslots);
	curl_multi_setopt(run.multi, CURLMOPT_MAXCONNECTS, (long)run.nslots);
	curl_multi_setopt(run.multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);

	index = job_index(&run, &nidx);
	locked = sk_xcalloc(out->n + 1, sizeof *locked);
	st = feed_start(&feed, &run, err);
	if (st != SK_OK)
		goto out;
	loading = true;
	/* The deadline counts from the first request: the keyring (and its unlock prompt) is bounded on its own. */
	run.deadline = INT64_MAX;
	while (run.done < out->n) {
		int64_t now, wake;
		int running = 0, holding = 0, finished;
		long timeout = 100;

		if (is_cancelled(opts)) {
			out->cancelled = true;
			break;
		}
		if (loading) {
			enum sk_status kst = SK_OK;
			struct sk_error kerr;
			bool queued_before = run.deadline != INT64_MAX;

			sk_error_clear(&kerr);
			loading = !take_tokens(&run, &feed, index, nidx, locked, &delivered, &kst, &kerr);
			if (!loading && kst == SK_ERR_CANCELLED && is_cancelled(opts)) {
				out->cancelled = true;
				break;
			}
			if (!loading && kst != SK_OK && !delivered) {
				/* nothing was loaded (e.g. the keyring is locked): the audit fails as a whole */
				st = kst;
				*err = kerr;
				break;
			}
			if (!skipped_told && (delivered || !loading)) {
				report_skipped(&run);
				skipped_told = true;
			}
			if (!loading)
				fail_tokenless(&run, locked, kst, &kerr);
			if (!queued_before && delivered)
				run.deadline = sk_now_ms() + out->deadline_ms;
			report_progress(&run, 0);
			if (run.done >= out->n)
				break;
		}
		now = sk_now_ms();
		if (now >= run.deadline) {
			expire_all(&run);
			report_progress(&run, 0);
			break;
		}
		wake = start_ready(&run, now, &holding);
		if (curl_multi_perform(run.multi, &running) != CURLM_OK) {
			st = sk_error_set(err, SK_ERR_INTERNAL, "libcurl's multi interface failed");
			out->cancelled = true;
			break;
		}
		finished = drain(&run);
		report_progress(&run, holding);
		if (run.done >= out->n)
			break;
		if (finished > 0)
			continue; /* freed slots: start the next requests before waiting */
		now = sk_now_ms();
		if (wake != 0 && wake - now < timeout)
			timeout = wake - now > 0 ? (long)(wake - now) : 0;
		if (run.deadline - now < timeout)
			timeout = run.deadline - now > 0 ? (long)(run.deadline - now) : 0;
		/* the loader wakes the poll (curl_multi_wakeup) when a chunk or the end arrives */
		if (running > 0 || timeout > 0 || loading)
			curl_multi_poll(run.multi, NULL, 0, (int)timeout, NULL);
	}
	if (out->cancelled) {
		cancel_all(&run);
		if (st == SK_OK)
			st = sk_error_set(err, SK_ERR_CANCELLED, "the audit was cancelled");
	}
out:
	if (feed.inited) {
		feed_end(&feed); /* stops a loader still running: cancelled, failed, deadline, or nothing left to do */
		if (out->keyring_ms == 0)
			out->keyring_ms = feed.ms;
	}
	for (size_t j = 0; j < out->n; j++) {
		sk_secret_free(run.jobs[j].token);
		run.jobs[j].token = NULL;
	}
	if (st != SK_OK && !out->cancelled && run.done == 0) {
		/* nothing was audited (e.g. the keyring failed): no results */
		free(out->results);
		out->results = NULL;
		out->n = 0;
	} else if (st != SK_OK && !out->cancelled) {
		cancel_all(&run); /* what was reported stays; the rest is PENDING */
	}
	for (int i = 0; i < run.nslots && run.slots != NULL; i++)
		if (run.slots[i].busy) {
			curl_multi_remove_handle(run.multi, run.slots[i].req.easy);
			sk_http_req_clear(&run.slots[i].req);
		}
	if (run.multi != NULL)
		curl_multi_cleanup(run.multi);
	for (size_t i = 0; i < run.nstores; i++)
		free(run.stores[i].queue);
	free(index);
	free(locked);
	free(run.stores);
	free(run.slots);
	free(run.jobs);
	out->elapsed_ms = sk_now_ms() - t0;
	return st;
}
