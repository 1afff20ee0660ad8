/* view_audit.c - the Audit screen: every account audited at once on the worker, rows as they arrive, a summary. */
#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "model_hooks.h"
#include "task.h"
#include "text.h"
#include "util.h"
#include "views.h"
#include "widgets.h"

/*
 * How long Esc blocks the UI waiting for the worker: the audit polls its
 * cancel flag at least every 100 ms, so this is normally enough; only a
 * keyring that is still answering (the bulk secret load cannot be
 * interrupted) takes longer, and then the screen says "Cancelling".
 */
#define CANCEL_WAIT_MS 400
/* Leaving the screen (or quitting) waits this long at most, like the app does for its own tasks. */
#define FINI_WAIT_MS 3000

enum phase {
	PH_EMPTY,      /* no account to audit */
	PH_RUNNING,
	PH_CANCELLING, /* Esc pressed, the worker has not stopped yet */
	PH_DONE,
	PH_CANCELLED,
	PH_FAILED      /* the audit could not run (or stopped early): see fail */
};

/* The lines below the progress header: one scrolling document with a selection. */
enum line_kind {
	L_BLANK,
	L_TITLE,   /* a section title (text) */
	L_TEXT,    /* a note (text) */
	L_COLS,    /* the accounts table's column heads */
	L_ROW,     /* r: one account */
	L_DEAD,    /* r: a dead token */
	L_HOOK,    /* r, k: a webhook that is not active */
	L_BLOCKED, /* r, k: a blocklisted domain with its live countdown */
	L_NOMAIL,  /* r: webhooks but no notification e-mail */
	L_FAILED,  /* r: could not be checked, and why (first line) */
	L_MORE     /* the wrapped rest of the line above (text) */
};

struct line {
	enum line_kind kind;
	enum ui_role role;
	const struct sk_audit_result *r; /* the account the line is about, or NULL */
	size_t k;
	char *text; /* owned: titles, notes, continuations */
};

struct audit_view {
	enum phase phase;
	struct sk_registry reg; /* private copy the worker audits: read-only while it runs */
	struct sk_audit audit;  /* the worker's output: the UI reads it whole only after the join */
	struct ui_task task;
	bool task_live;         /* started and not joined yet */
	int64_t started_ms;
	struct sk_error fail;

	/* Shared with the worker (on_result/progress run there), under mu. */
	pthread_mutex_t mu;
	const struct sk_audit_result **arrived; /* finished accounts in arrival order (capacity reg.n) */
	size_t narrived;
	struct sk_audit_progress prog;
	bool have_prog;

	/* UI thread only. */
	const struct sk_audit_result **rows; /* the accounts table: arrival order, then by severity */
	size_t nrows;
	struct sk_audit_progress shown;
	bool shown_prog;
	struct sk_audit_summary sum;
	struct line *lines;
	size_t nlines, caplines;
	bool doc_stale;
	int doc_width;
	bool narrow; /* hook counts in one "A/I/D" column */
	long sel;    /* selected line, -1 none */
	int top, page;
};

/* ---- the worker side ---------------------------------------------------------------------- */

/* A result is final once reported (sk_audit_run never touches it again), so a pointer is enough. */
static void on_result(void *ud, const struct sk_audit_result *r)
{
	struct audit_view *v = ud;

	pthread_mutex_lock(&v->mu);
	if (v->narrived < v->reg.n)
		v->arrived[v->narrived++] = r;
	pthread_mutex_unlock(&v->mu);
}

static void on_progress(void *ud, const struct sk_audit_progress *p)
{
	struct audit_view *v = ud;

	pthread_mutex_lock(&v->mu);
	v->prog = *p;
	v->have_prog = true;
	pthread_mutex_unlock(&v->mu);
}

static void audit_run(struct ui_task *t)
{
	struct audit_view *v = t->ud;
	struct sk_audit_opts o = {
		.on_result = on_result,
		.progress = on_progress,
		.ud = v,
		.cancel = &t->cancel,
	};

	t->status = sk_audit_run(&v->reg, &o, &v->audit, &t->err);
}

/* ---- the model (UI thread) ----------------------------------------------------------------- */

static void doc_clear(struct audit_view *v)
{
	for (size_t i = 0; i < v->nlines; i++)
		free(v->lines[i].text);
	v->nlines = 0;
}

static void reset(struct audit_view *v)
{
	doc_clear(v);
	sk_audit_clear(&v->audit);
	sk_registry_clear(&v->reg);
	free(v->arrived);
	free(v->rows);
	v->arrived = NULL;
	v->rows = NULL;
	v->narrived = v->nrows = 0;
	v->have_prog = v->shown_prog = false;
	memset(&v->prog, 0, sizeof v->prog);
	memset(&v->shown, 0, sizeof v->shown);
	memset(&v->sum, 0, sizeof v->sum);
	sk_error_clear(&v->fail);
	v->sel = -1;
	v->top = 0;
	v->doc_stale = true;
}

/* Copy what the worker reported since the last look. */
static void drain(struct audit_view *v)
{
	pthread_mutex_lock(&v->mu);
	if (v->narrived > v->nrows) {
		memcpy(v->rows + v->nrows, v->arrived + v->nrows, (v->narrived - v->nrows) * sizeof *v->rows);
		v->nrows = v->narrived;
		v->doc_stale = true;
	}
	v->shown = v->prog;
	v->shown_prog = v->have_prog;
	pthread_mutex_unlock(&v->mu);
}

/* Problems first: what needs someone's attention is at the top of the table. */
static int severity(const struct sk_audit_result *r)
{
	switch (r->outcome) {
	case SK_AUDIT_DEAD_TOKEN:
		return 0;
	case SK_AUDIT_UNREACHABLE:
		return 1;
	case SK_AUDIT_CHECKED:
		return sk_audit_result_has_findings(r) ? 2 : 4;
	case SK_AUDIT_PENDING:
		return 3;
	case SK_AUDIT_SKIPPED:
		return 5;
	}
	return 6;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct sk_audit_result *x = *(const struct sk_audit_result *const *)a;
	const struct sk_audit_result *y = *(const struct sk_audit_result *const *)b;
	int d = severity(x) - severity(y);

	if (d != 0)
		return d;
	return x->account < y->account ? -1 : x->account > y->account;
}

/* The worker has been joined: the whole audit is ours to read. */
static void finished(struct audit_view *v, struct ui_app *app)
{
	enum sk_status st = v->task.status;
	enum sk_status verdict;
	size_t need;

	drain(v);
	v->nrows = 0;
	for (size_t i = 0; i < v->audit.n && i < v->reg.n; i++)
		v->rows[v->nrows++] = &v->audit.results[i];
	qsort(v->rows, v->nrows, sizeof *v->rows, cmp_rows);
	sk_audit_summarize(&v->audit, &v->sum);
	verdict = sk_audit_verdict(&v->sum, v->audit.cancelled);
	need = v->sum.with_findings;
	if (st == SK_OK) {
		v->phase = PH_DONE;
		if (verdict == SK_OK)
			ui_app_status(app, UI_ST_OK, "Audit done: nothing needs attention.");
		else if (verdict == SK_ERR_PARTIAL)
			ui_app_status(app, UI_ST_WARN, "Audit done: %zu account%s need%s attention, %zu could not be checked.",
				      need, need == 1 ? "" : "s", need == 1 ? "s" : "", v->sum.unreachable);
		else
			ui_app_status(app, UI_ST_WARN, "Audit done: %zu account%s need%s attention.", need,
				      need == 1 ? "" : "s", need == 1 ? "s" : "");
	} else if (st == SK_ERR_CANCELLED) {
		v->phase = PH_CANCELLED;
		ui_app_status(app, UI_ST_INFO, "Audit cancelled: %zu of %zu accounts were checked; nothing was written.",
			      v->sum.accounts - v->sum.pending, v->sum.accounts);
	} else {
		v->phase = PH_FAILED;
		v->fail = v->task.err;
		ui_app_error(app, "Audit", &v->fail);
	}
	v->sel = -1;
	v->top = 0;
	v->doc_stale = true;
}

/* Pick up the worker's news; join it once it is done. */
static unsigned poll_run(struct audit_view *v, struct ui_app *app)
{
	if (!v->task_live)
		return 0;
	drain(v);
	if (!ui_task_poll(&v->task))
		return UI_REDRAW;
	v->task_live = false;
	finished(v, app);
	return UI_REDRAW;
}

static void start(struct audit_view *v, struct ui_app *app)
{
	const struct sk_registry *src = ui_app_registry(app);

	if (v->task_live)
		return;
	reset(v);
	/* The worker gets its own copy: a reload of the app's registry can never pull it away. */
	for (size_t i = 0; i < src->n; i++)
		sk_registry_append(&v->reg, &src->accounts[i]);
	if (v->reg.n == 0) {
		v->phase = PH_EMPTY;
		return;
	}
	v->arrived = sk_xcalloc(v->reg.n + 1, sizeof *v->arrived);
	v->rows = sk_xcalloc(v->reg.n + 1, sizeof *v->rows);
	v->phase = PH_RUNNING;
	v->started_ms = ui_app_now_ms(app);
	if (!ui_task_start(&v->task, audit_run, v)) {
		v->phase = PH_FAILED;
		sk_error_set(&v->fail, SK_ERR_INTERNAL, "could not start a worker thread");
		ui_app_error(app, "Audit", &v->fail);
		return;
	}
	v->task_live = true;
}

/* Esc while running: ask the worker to stop and wait a moment for it (what finished stays). */
static void cancel(struct audit_view *v, struct ui_app *app)
{
	ui_task_cancel(&v->task);
	v->phase = PH_CANCELLING;
	if (ui_task_wait(&v->task, CANCEL_WAIT_MS)) {
		v->task_live = false;
		finished(v, app);
	}
}

/* ---- the document ----------------------------------------------------------------------------- */

static struct line *push(struct audit_view *v, enum line_kind kind, enum ui_role role,
			 const struct sk_audit_result *r, size_t k, const char *text)
{
	struct line *l;

	if (v->nlines == v->caplines) {
		v->caplines = v->caplines ? v->caplines * 2 : 64;
		v->lines = sk_xrealloc(v->lines, v->caplines * sizeof *v->lines);
	}
	l = &v->lines[v->nlines++];
	l->kind = kind;
	l->role = role;
	l->r = r;
	l->k = k;
	l->text = text ? sk_strdup(text) : NULL;
	return l;
}

static void pushf(struct audit_view *v, enum line_kind kind, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void pushf(struct audit_view *v, enum line_kind kind, enum ui_role role, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	push(v, kind, role, NULL, 0, buf);
}

/* A note wrapped to the width, one line each. */
static void push_wrapped(struct audit_view *v, bool utf8, int width, enum ui_role role, const char *text)
{
	size_t n;
	char **lines = ui_text_wrap(text, width > 10 ? width : 10, utf8, &n);

	for (size_t i = 0; i < n; i++)
		push(v, L_TEXT, role, NULL, 0, lines[i]);
	ui_text_lines_free(lines, n);
}

static const struct sk_account *account_of(const struct audit_view *v, const struct sk_audit_result *r)
{
	return &v->reg.accounts[r->account];
}

/* "abc123/Alpha Orders", sanitized. */
static const char *label(const struct audit_view *v, const struct sk_audit_result *r, char *out, size_t size)
{
	const struct sk_account *a = account_of(v, r);
	char raw[SK_HASH_MAX + SK_NAME_MAX_BYTES + 48];

	snprintf(raw, sizeof raw, "%s/%s", sk_account_owner(a), a->name);
	return sk_sanitize(raw, out, size);
}

/* "abc123/Ghost shop: why" wrapped: the first line selectable, the rest continuation lines. */
static void push_failed(struct audit_view *v, bool utf8, int width, const struct sk_audit_result *r)
{
	char who[SK_NAME_MAX_BYTES * 2], why[SK_ERROR_MSG_MAX * 2], text[SK_ERROR_MSG_MAX * 4];
	char **lines;
	size_t n;

	label(v, r, who, sizeof who);
	sk_sanitize(r->error.msg[0] ? r->error.msg : sk_status_describe(r->error.code), why, sizeof why);
	snprintf(text, sizeof text, "%s: %s", who, why);
	/* Wrapped to the continuation lines' width (they are indented further), so no line is cut. */
	lines = ui_text_wrap(text, width - 7 > 10 ? width - 7 : 10, utf8, &n);
	for (size_t i = 0; i < n; i++) {
		struct line *l = push(v, i == 0 ? L_FAILED : L_MORE, UI_R_ERROR, r, 0, lines[i]);

		if (i > 0)
			l->r = NULL; /* only the first line is selectable */
	}
	ui_text_lines_free(lines, n);
}

static void build_summary(struct audit_view *v, bool utf8, int width)
{
	const struct sk_audit *au = &v->audit;
	const struct sk_audit_summary *s = &v->sum;
	size_t nhooks = s->inactive + s->deactivated + s->other;
	size_t need = s->with_findings;
	bool clean = true;

	if (v->phase == PH_CANCELLED)
		pushf(v, L_TITLE, UI_R_TITLE, "Summary (cancelled: %zu of %zu accounts were checked)",
		      s->accounts - s->pending, s->accounts);
	else if (v->phase == PH_FAILED)
		pushf(v, L_TITLE, UI_R_TITLE, "Summary (the audit stopped early)");
	else if (need == 0 && s->unreachable == 0)
		pushf(v, L_TITLE, UI_R_TITLE, "Summary: nothing needs attention");
	else if (s->unreachable > 0)
		pushf(v, L_TITLE, UI_R_TITLE, "Summary: %zu of %zu accounts need attention, %zu could not be checked",
		      need, s->accounts, s->unreachable);
	else
		pushf(v, L_TITLE, UI_R_TITLE, "Summary: %zu of %zu accounts need attention", need, s->accounts);

	if (s->dead > 0) {
		clean = false;
		pushf(v, L_TITLE, UI_R_ERROR, "Dead tokens (%zu): BigCommerce rejects them; replace or delete them",
		      s->dead);
		for (size_t i = 0; i < au->n; i++)
			if (au->results[i].outcome == SK_AUDIT_DEAD_TOKEN)
				push(v, L_DEAD, UI_R_ERROR, &au->results[i], 0, NULL);
	}
	if (nhooks > 0) {
		clean = false;
		pushf(v, L_TITLE, UI_R_WARN, "Inactive and deactivated webhooks (%zu): BigCommerce sends them nothing",
		      nhooks);
		for (size_t i = 0; i < au->n; i++) {
			const struct sk_audit_result *r = &au->results[i];

			if (r->outcome != SK_AUDIT_CHECKED)
				continue;
			for (size_t k = 0; k < r->admin.nhooks; k++)
				if (strcmp(sk_audit_hook_status(&r->admin.hooks[k]), "active") != 0)
					push(v, L_HOOK, UI_R_WARN, r, k, NULL);
		}
	}
	if (s->blocked > 0) {
		clean = false;
		pushf(v, L_TITLE, UI_R_ERROR, "Blocklisted domains (%zu): no events reach them until the time is up",
		      s->blocked);
		for (size_t i = 0; i < au->n; i++) {
			const struct sk_audit_result *r = &au->results[i];

			if (r->outcome != SK_AUDIT_CHECKED)
				continue;
			for (size_t k = 0; k < r->admin.nblocked; k++)
				push(v, L_BLOCKED, UI_R_ERROR, r, k, NULL);
		}
	}
	if (s->no_email > 0) {
		clean = false;
		pushf(v, L_TITLE, UI_R_WARN, "No notification e-mail (%zu): nobody is told when their webhooks fail",
		      s->no_email);
		for (size_t i = 0; i < au->n; i++)
			if (au->results[i].outcome == SK_AUDIT_CHECKED && au->results[i].no_email)
				push(v, L_NOMAIL, UI_R_WARN, &au->results[i], 0, NULL);
	}
	if (s->unreachable > 0) {
		clean = false;
		pushf(v, L_TITLE, UI_R_ERROR, "Could not be checked (%zu)", s->unreachable);
		for (size_t i = 0; i < au->n; i++)
			if (au->results[i].outcome == SK_AUDIT_UNREACHABLE)
				push_failed(v, utf8, width, &au->results[i]);
	}
	if (v->phase == PH_FAILED) {
		char sentence[SK_ERROR_MSG_MAX + 300];

		ui_error_sentence(&v->fail, sentence, sizeof sentence);
		push_wrapped(v, utf8, width - 2, UI_R_ERROR, sentence);
	}
	if (clean && s->pending == 0 && v->phase == PH_DONE)
		push_wrapped(v, utf8, width - 2, UI_R_OK,
			     "Every token works, every webhook is active, no domain is blocklisted, and every account "
			     "with webhooks has a notification e-mail.");
	if (s->pending > 0)
		pushf(v, L_TEXT, UI_R_DIM, "%zu account%s not checked (cancelled): r runs the audit again.", s->pending,
		      s->pending == 1 ? " was" : "s were");
	if (s->skipped > 0)
		pushf(v, L_TEXT, UI_R_DIM, "%zu account-level account%s skipped: no webhooks (storekeys verify checks %s).",
		      s->skipped, s->skipped == 1 ? "" : "s", s->skipped == 1 ? "it" : "them");
	push(v, L_BLANK, UI_R_NORMAL, NULL, 0, NULL);
}

static void build_doc(struct audit_view *v, struct ui_app *app, int width)
{
	bool utf8 = ui_app_utf8(app);
	bool running = v->phase == PH_RUNNING || v->phase == PH_CANCELLING;

	doc_clear(v);
	v->doc_width = width;
	v->doc_stale = false;
	v->narrow = width < 90;
	if (v->phase == PH_EMPTY) {
		push_wrapped(v, utf8, width - 2, UI_R_NORMAL,
			     "There are no API accounts to audit. Esc goes back; n on the accounts list adds one.");
		return;
	}
	if (!running) {
		if (v->phase == PH_FAILED && v->audit.n == 0) {
			char sentence[SK_ERROR_MSG_MAX + 300];

			ui_error_sentence(&v->fail, sentence, sizeof sentence);
			pushf(v, L_TITLE, UI_R_ERROR, "The audit could not run");
			push_wrapped(v, utf8, width - 2, UI_R_NORMAL, sentence);
			push(v, L_TEXT, UI_R_DIM, NULL, 0, "r tries again, Esc goes back.");
			return;
		}
		build_summary(v, utf8, width);
		pushf(v, L_TITLE, UI_R_TITLE, "Accounts (%zu)", v->nrows);
	}
	if (v->nrows == 0) {
		push(v, L_TEXT, UI_R_DIM, NULL, 0, "Each account shows here as soon as it is checked.");
		return;
	}
	if (v->narrow)
		push(v, L_TEXT, UI_R_DIM, NULL, 0, "A/I/D: active/inactive/deactivated webhooks");
	push(v, L_COLS, UI_R_DIM, NULL, 0, NULL);
	for (size_t i = 0; i < v->nrows; i++)
		push(v, L_ROW, UI_R_NORMAL, v->rows[i], 0, NULL);
}

static bool selectable(const struct line *l)
{
	return l->r != NULL;
}

/* The first selectable line at or after from going in dir (+1/-1); -1 when none. */
static long find_sel(const struct audit_view *v, long from, int dir)
{
	for (long i = from; i >= 0 && i < (long)v->nlines; i += dir)
		if (selectable(&v->lines[i]))
			return i;
	return -1;
}

/* Rebuild when the model or the width changed, keeping the selection on the same thing. */
static void refresh_doc(struct audit_view *v, struct ui_app *app, int width)
{
	const struct sk_audit_result *r = NULL;
	enum line_kind kind = L_BLANK;
	size_t k = 0;

	if (!v->doc_stale && v->doc_width == width)
		return;
	if (v->sel >= 0 && v->sel < (long)v->nlines) {
		r = v->lines[v->sel].r;
		kind = v->lines[v->sel].kind;
		k = v->lines[v->sel].k;
	}
	build_doc(v, app, width);
	v->sel = -1;
	for (size_t i = 0; r != NULL && i < v->nlines; i++)
		if (v->lines[i].r == r && v->lines[i].kind == kind && v->lines[i].k == k) {
			v->sel = (long)i;
			break;
		}
	if (v->sel < 0)
		v->sel = find_sel(v, 0, 1);
}

/* ---- drawing ------------------------------------------------------------------------------------ */

struct cols {
	int store, name, active, inactive, deact, aid, blk, mail, outcome;
};

static struct cols columns(int wd, bool narrow)
{
	struct cols c = {0};
	int rest;

	c.store = wd >= 100 ? 12 : 8;
	if (narrow) {
		c.aid = 8;
	} else {
		c.active = 6;
		c.inactive = 8;
		c.deact = 11;
	}
	c.blk = narrow ? 3 : 7;
	c.mail = narrow ? 5 : 7;
	rest = wd - 2 - c.store - c.blk - c.mail - 5 - (narrow ? c.aid + 1 : c.active + c.inactive + c.deact + 3);
	c.name = rest * 45 / 100;
	if (c.name > 32)
		c.name = 32;
	if (c.name < 8)
		c.name = 8;
	c.outcome = rest - c.name;
	if (c.outcome < 4)
		c.outcome = 4;
	return c;
}

/* Append a printf-style part to buf (size bytes, *used so far), never past the end. */
static void append(char *buf, size_t size, size_t *used, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, size - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used = *used + (size_t)n < size ? *used + (size_t)n : size - 1;
}

/* "findings: 1 inactive, 2 blocked, no e-mail" and the like. */
static const char *outcome_text(const struct sk_audit_result *r, char *buf, size_t size, enum ui_role *role)
{
	char why[SK_ERROR_MSG_MAX * 2];
	size_t used = 0;

	switch (r->outcome) {
	case SK_AUDIT_CHECKED:
		if (!sk_audit_result_has_findings(r)) {
			*role = UI_R_OK;
			snprintf(buf, size, "OK");
			return buf;
		}
		*role = UI_R_WARN;
		buf[0] = '\0';
		append(buf, size, &used, "findings:");
		if (r->hooks_inactive)
			append(buf, size, &used, " %zu inactive,", r->hooks_inactive);
		if (r->hooks_deactivated)
			append(buf, size, &used, " %zu deactivated,", r->hooks_deactivated);
		if (r->hooks_other)
			append(buf, size, &used, " %zu other status,", r->hooks_other);
		if (r->admin.nblocked)
			append(buf, size, &used, " %zu blocked,", r->admin.nblocked);
		if (r->no_email)
			append(buf, size, &used, " no e-mail,");
		if (used > 0 && buf[used - 1] == ',')
			buf[used - 1] = '\0';
		return buf;
	case SK_AUDIT_DEAD_TOKEN:
		*role = UI_R_ERROR;
		snprintf(buf, size, "dead token");
		return buf;
	case SK_AUDIT_UNREACHABLE:
		*role = UI_R_ERROR;
		sk_sanitize(r->error.msg, why, sizeof why);
		snprintf(buf, size, "unreachable (%s)", why);
		return buf;
	case SK_AUDIT_SKIPPED:
		*role = UI_R_DIM;
		snprintf(buf, size, "skipped (account-level)");
		return buf;
	case SK_AUDIT_PENDING:
		break;
	}
	*role = UI_R_DIM;
	snprintf(buf, size, "not checked (cancelled)");
	return buf;
}

static void draw_row(struct audit_view *v, WINDOW *w, int y, int wd, const struct sk_audit_result *r, bool on)
{
	struct cols c = columns(wd, v->narrow);
	const struct sk_account *a = account_of(v, r);
	bool checked = r->outcome == SK_AUDIT_CHECKED;
	enum ui_role base = on ? UI_R_SELECTED : UI_R_NORMAL, orole;
	char buf[SK_ERROR_MSG_MAX * 3];
	int x = 1;

	if (on) {
		wattrset(w, ui_attr(UI_R_SELECTED));
		mvwhline(w, y, 0, ' ', wd);
		wattrset(w, A_NORMAL);
	}
	ui_draw_text(w, y, x, c.store, sk_account_owner(a), base);
	x += c.store + 1;
	ui_draw_text(w, y, x, c.name, sk_sanitize(a->name, buf, sizeof buf), base);
	x += c.name + 1;
	if (!checked) {
		/* Nothing was counted: a dash in every count column. */
		const int widths[] = {c.aid, c.active, c.inactive, c.deact, c.blk, c.mail};

		for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
			if (widths[i] == 0)
				continue;
			ui_draw_text(w, y, x + widths[i] - 1, 1, "-", on ? base : UI_R_DIM);
			x += widths[i] + 1;
		}
	} else {
		if (c.aid) {
			snprintf(buf, sizeof buf, "%zu/%zu/%zu", r->hooks_active, r->hooks_inactive, r->hooks_deactivated);
			ui_draw_fmt(w, y, x, c.aid, base, "%*s", c.aid, buf);
			x += c.aid + 1;
		} else {
			ui_draw_fmt(w, y, x, c.active, base, "%*zu", c.active, r->hooks_active);
			x += c.active + 1;
			ui_draw_fmt(w, y, x, c.inactive, on || !r->hooks_inactive ? base : UI_R_WARN, "%*zu", c.inactive,
				    r->hooks_inactive);
			x += c.inactive + 1;
			ui_draw_fmt(w, y, x, c.deact, on || !r->hooks_deactivated ? base : UI_R_WARN, "%*zu", c.deact,
				    r->hooks_deactivated);
			x += c.deact + 1;
		}
		ui_draw_fmt(w, y, x, c.blk, on || !r->admin.nblocked ? base : UI_R_ERROR, "%*zu", c.blk,
			    r->admin.nblocked);
		x += c.blk + 1;
		if (r->no_email)
			ui_draw_fmt(w, y, x, c.mail, on ? base : UI_R_WARN, "%*s", c.mail, "none!");
		else
			ui_draw_fmt(w, y, x, c.mail, base, "%*zu", c.mail, r->admin.nemails);
		x += c.mail + 1;
	}
	outcome_text(r, buf, sizeof buf, &orole);
	ui_draw_text(w, y, x, wd - x - 1, buf, on ? base : orole);
}

static void draw_cols(struct audit_view *v, WINDOW *w, int y, int wd)
{
	struct cols c = columns(wd, v->narrow);
	int x = 1;

	ui_draw_text(w, y, x, c.store, "Store", UI_R_DIM);
	x += c.store + 1;
	ui_draw_text(w, y, x, c.name, "Name", UI_R_DIM);
	x += c.name + 1;
	if (c.aid) {
		ui_draw_fmt(w, y, x, c.aid, UI_R_DIM, "%*s", c.aid, "A/I/D");
		x += c.aid + 1;
	} else {
		ui_draw_fmt(w, y, x, c.active, UI_R_DIM, "%*s", c.active, "Active");
		x += c.active + 1;
		ui_draw_fmt(w, y, x, c.inactive, UI_R_DIM, "%*s", c.inactive, "Inactive");
		x += c.inactive + 1;
		ui_draw_fmt(w, y, x, c.deact, UI_R_DIM, "%*s", c.deact, "Deactivated");
		x += c.deact + 1;
	}
	ui_draw_fmt(w, y, x, c.blk, UI_R_DIM, "%*s", c.blk, c.blk >= 7 ? "Blocked" : "Blk");
	x += c.blk + 1;
	ui_draw_fmt(w, y, x, c.mail, UI_R_DIM, "%*s", c.mail, c.mail >= 7 ? "E-mails" : "Mail");
	x += c.mail + 1;
	ui_draw_text(w, y, x, wd - x - 1, "Outcome", UI_R_DIM);
}

static void draw_line(struct audit_view *v, struct ui_app *app, WINDOW *w, int y, int wd, long i)
{
	const struct line *l = &v->lines[i];
	bool on = i == v->sel;
	enum ui_role role = on ? UI_R_SELECTED : l->role;
	char who[SK_NAME_MAX_BYTES * 2], a[64], b[1024], d[1024], left[32];

	if (on && l->kind != L_ROW) {
		wattrset(w, ui_attr(UI_R_SELECTED));
		mvwhline(w, y, 0, ' ', wd);
		wattrset(w, A_NORMAL);
	}
	switch (l->kind) {
	case L_BLANK:
		return;
	case L_TITLE:
		ui_draw_text(w, y, 1, wd - 2, l->text, role);
		return;
	case L_TEXT:
		ui_draw_text(w, y, 2, wd - 3, l->text, role);
		return;
	case L_MORE:
		ui_draw_text(w, y, 6, wd - 7, l->text, role);
		return;
	case L_COLS:
		draw_cols(v, w, y, wd);
		return;
	case L_ROW:
		draw_row(v, w, y, wd, l->r, on);
		return;
	case L_FAILED:
		ui_draw_text(w, y, 3, wd - 4, l->text, role);
		return;
	case L_DEAD: {
		char why[SK_ERROR_MSG_MAX * 2];

		sk_sanitize(l->r->error.msg, why, sizeof why);
		ui_draw_fmt(w, y, 3, wd - 4, role, "%s  %s", label(v, l->r, who, sizeof who), why);
		return;
	}
	case L_HOOK: {
		const struct sk_webhook *h = &l->r->admin.hooks[l->k];

		sk_sanitize(sk_audit_hook_status(h), a, sizeof a);
		sk_sanitize(h->scope ? h->scope : "", b, sizeof b);
		sk_sanitize(h->destination ? h->destination : "", d, sizeof d);
		ui_draw_fmt(w, y, 3, wd - 4, role, "%s  #%lld %s  %s -> %s", label(v, l->r, who, sizeof who),
			    (long long)h->id, a, b, d);
		return;
	}
	case L_BLOCKED: {
		const struct sk_blocked_domain *bd = &l->r->admin.blocked[l->k];
		int64_t secs = ui_blocked_left(bd, ui_app_now_ms(app));

		sk_sanitize(bd->destination ? bd->destination : "", d, sizeof d);
		if (secs > 0)
			snprintf(b, sizeof b, "%s left", sk_duration_str(secs, left, sizeof left));
		else
			snprintf(b, sizeof b, "block over");
		ui_draw_fmt(w, y, 3, wd - 4, on ? role : secs > 0 ? UI_R_ERROR : UI_R_DIM, "%s  %s  %s",
			    label(v, l->r, who, sizeof who), d, b);
		return;
	}
	case L_NOMAIL:
		ui_draw_fmt(w, y, 3, wd - 4, role, "%s  (%zu webhook%s, no notification e-mail)",
			    label(v, l->r, who, sizeof who), l->r->admin.nhooks, l->r->admin.nhooks == 1 ? "" : "s");
		return;
	}
}

/* "[#######.......] 7/10" across the width. */
static void draw_bar(WINDOW *w, int y, int wd, bool utf8, size_t done, size_t total, const char *suffix)
{
	char bar[1024];
	int cells = wd - 4 - (int)strlen(suffix) - 1;
	size_t used = 0;
	int fill;

	if (cells < 4)
		cells = 4;
	if (cells > 200)
		cells = 200;
	fill = total ? (int)(done * (size_t)cells / total) : 0;
	bar[used++] = '[';
	for (int i = 0; i < cells; i++) {
		const char *cell = utf8 ? (i < fill ? "\xe2\x96\x88" : "\xe2\x96\x91") : (i < fill ? "#" : ".");

		memcpy(bar + used, cell, strlen(cell));
		used += strlen(cell);
	}
	bar[used++] = ']';
	bar[used] = '\0';
	ui_draw_fmt(w, y, 1, wd - 2, UI_R_NORMAL, "%s %s", bar, suffix);
}

/* The progress line, shortened when the full one does not fit. */
static void draw_header(struct audit_view *v, struct ui_app *app, WINDOW *w, int wd)
{
	const struct sk_audit_progress *p = &v->shown;
	bool utf8 = ui_app_utf8(app);
	const char *dot = utf8 ? " \xc2\xb7 " : " - ";
	char line[512], shortl[256], suffix[64], took[32];
	size_t done = p->done, total = p->total ? p->total : v->reg.n;
	int64_t ms = ui_app_now_ms(app) - v->started_ms;

	switch (v->phase) {
	case PH_EMPTY:
		ui_draw_text(w, 0, 1, wd - 2, "Nothing to audit.", UI_R_NORMAL);
		return;
	case PH_RUNNING:
		if (!v->shown_prog) {
			snprintf(line, sizeof line, "Reading the access tokens of %zu accounts from the keyring...", v->reg.n);
			snprintf(shortl, sizeof shortl, "Reading %zu tokens from the keyring...", v->reg.n);
			break;
		}
		snprintf(line, sizeof line, "Auditing %zu of %zu accounts%s%d in flight%s%d requests%s%d rate-limited",
			 done, total, dot, p->inflight, dot, p->requests, dot, p->rate_limited);
		if (p->holding > 0)
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s%d store%s waiting for the rate limit",
				 dot, p->holding, p->holding == 1 ? "" : "s");
		snprintf(shortl, sizeof shortl, "Auditing %zu/%zu%s%d in flight%s%d req%s%d rate-limited", done, total,
			 dot, p->inflight, dot, p->requests, dot, p->rate_limited);
		break;
	case PH_CANCELLING:
		snprintf(line, sizeof line, "Cancelling... (%zu of %zu accounts done)", done, total);
		snprintf(shortl, sizeof shortl, "Cancelling... (%zu/%zu)", done, total);
		break;
	case PH_DONE:
	case PH_CANCELLED:
	case PH_FAILED:
		done = v->sum.accounts - v->sum.pending;
		total = v->sum.accounts;
		ms = v->audit.elapsed_ms;
		if (v->phase == PH_DONE)
			snprintf(line, sizeof line, "Audited %zu accounts in %zu store%s in %s%s%d requests%s%d rate-limited",
				 total, v->audit.nstores, v->audit.nstores == 1 ? "" : "s",
				 sk_elapsed_str(ms, took, sizeof took), dot,
				 v->sum.requests, dot, v->sum.rate_limited);
		else if (v->phase == PH_CANCELLED)
			snprintf(line, sizeof line, "Cancelled: %zu of %zu accounts audited%s%d requests%s%d rate-limited",
				 done, total, dot, v->sum.requests, dot, v->sum.rate_limited);
		else
			snprintf(line, sizeof line, "The audit could not finish: %zu of %zu accounts audited", done, total);
		snprintf(shortl, sizeof shortl, "%s %zu/%zu%s%d req%s%d rate-limited",
			 v->phase == PH_DONE ? "Audited" : v->phase == PH_CANCELLED ? "Cancelled:" : "Stopped:", done,
			 total, dot, v->sum.requests, dot, v->sum.rate_limited);
		break;
	}
	ui_draw_text(w, 0, 1, wd - 2, ui_text_width(line, utf8) <= wd - 2 ? line : shortl,
		     v->phase == PH_FAILED ? UI_R_ERROR : UI_R_TITLE);
	snprintf(suffix, sizeof suffix, "%zu/%zu %s", done, total, sk_elapsed_str(ms, took, sizeof took));
	draw_bar(w, 1, wd, utf8, done, total, suffix);
}

static void audit_draw(void *data, struct ui_app *app, WINDOW *w)
{
	struct audit_view *v = data;
	int h, wd, y = 2, listh;

	getmaxyx(w, h, wd);
	draw_header(v, app, w, wd);
	refresh_doc(v, app, wd);
	listh = h - y;
	if (listh < 1)
		return;
	v->page = listh;
	if (v->sel >= 0) {
		ui_scroll_to(&v->top, (int)v->sel, listh, (int)v->nlines);
		/* Keep the title or column heads right above the selection in view. */
		if (v->top == v->sel && v->top > 0 && !selectable(&v->lines[v->top - 1]) &&
		    v->lines[v->top - 1].kind != L_MORE)
			v->top--;
	} else if (v->top > (int)v->nlines - listh) {
		v->top = (int)v->nlines - listh > 0 ? (int)v->nlines - listh : 0;
	}
	for (int i = 0; i < listh && v->top + i < (int)v->nlines; i++)
		draw_line(v, app, w, y + i, wd, v->top + i);
}

/* ---- lifecycle and keys --------------------------------------------------------------------------- */

static void *audit_init(struct ui_app *app, const void *arg)
{
	struct audit_view *v = sk_xcalloc(1, sizeof *v);

	pthread_mutex_init(&v->mu, NULL);
	v->sel = -1;
	start(v, app);
	return v;
}

static void audit_fini(void *data)
{
	struct audit_view *v = data;

	if (v->task_live) {
		ui_task_cancel(&v->task);
		if (!ui_task_wait(&v->task, FINI_WAIT_MS)) {
			/*
			 * The worker is still inside the keyring and uses v: leave v to it
			 * (a bounded leak) rather than free memory it will write to.
			 */
			pthread_detach(v->task.thread);
			return;
		}
	}
	reset(v);
	free(v->lines);
	pthread_mutex_destroy(&v->mu);
	free(v);
}

static const char *audit_title(void *data)
{
	return "Audit";
}

static unsigned audit_tick(void *data, struct ui_app *app)
{
	struct audit_view *v = data;

	if (v->task_live)
		return poll_run(v, app);
	/* The blocklist countdowns move every second. */
	return v->sum.blocked > 0 ? UI_REDRAW : 0;
}

static bool audit_busy(void *data)
{
	const struct audit_view *v = data;

	return v->task_live;
}

static void audit_resume(void *data, struct ui_app *app)
{
	poll_run(data, app);
}

static void move_sel(struct audit_view *v, int n)
{
	int dir = n > 0 ? 1 : -1;
	long at = v->sel;

	if (at < 0) {
		v->sel = find_sel(v, 0, 1);
		return;
	}
	for (int i = 0; i < (n > 0 ? n : -n); i++) {
		long next = find_sel(v, at + dir, dir);

		if (next < 0)
			break;
		at = next;
	}
	v->sel = at;
}

/* Tab / Shift-Tab: the first selectable line of the next (previous) section. */
static void jump_section(struct audit_view *v, int dir)
{
	long i = v->sel >= 0 ? v->sel : 0, title = -1;

	if (dir > 0) {
		for (i = i + 1; i < (long)v->nlines && title < 0; i++)
			if (v->lines[i].kind == L_TITLE)
				title = i;
	} else {
		long cur = -1;

		/* The title of the current section, then the one before it. */
		for (; i >= 0 && cur < 0; i--)
			if (v->lines[i].kind == L_TITLE)
				cur = i;
		for (; i >= 0 && title < 0; i--)
			if (v->lines[i].kind == L_TITLE)
				title = i;
	}
	if (title < 0)
		return;
	i = find_sel(v, title, 1);
	if (i < 0)
		return;
	v->sel = i;
	v->top = (int)title;
}

static unsigned open_hooks(struct audit_view *v, struct ui_app *app)
{
	const struct line *l = v->sel >= 0 && v->sel < (long)v->nlines ? &v->lines[v->sel] : NULL;
	const struct sk_account *a;
	struct ui_account_arg arg;

	if (l == NULL || l->r == NULL) {
		ui_app_status(app, UI_ST_INFO, "No account selected.");
		return UI_HANDLED;
	}
	a = account_of(v, l->r);
	if (a->level != SK_LEVEL_STORE) {
		ui_app_status(app, UI_ST_INFO, "Account-level API accounts have no webhooks.");
		return UI_HANDLED;
	}
	sk_strlcpy(arg.id, a->id, sizeof arg.id);
	ui_app_push(app, &ui_view_webhooks, &arg);
	return UI_HANDLED;
}

static unsigned audit_key(void *data, struct ui_app *app, const struct ui_event *ev)
{
	struct audit_view *v = data;
	bool was_running = v->phase == PH_RUNNING;

	if (ev->type != UI_EV_KEY)
		return 0;
	poll_run(v, app);
	refresh_doc(v, app, v->doc_width ? v->doc_width : COLS);
	switch (ui_keys_lookup(UI_CTX_AUDIT, ev->key)) {
	case UI_ACT_BACK:
		if (v->phase == PH_RUNNING) {
			cancel(v, app);
			return UI_HANDLED;
		}
		/* Esc meant "stop" but the audit finished just now: show its results rather than leave. */
		if (was_running)
			return UI_HANDLED;
		return UI_CLOSE;
	case UI_ACT_REFRESH:
		if (v->task_live) {
			ui_app_status(app, UI_ST_INFO, "The audit is still running; Esc cancels it.");
			return UI_HANDLED;
		}
		ui_app_reload(app);
		start(v, app);
		return UI_HANDLED;
	case UI_ACT_OPEN:
		return open_hooks(v, app);
	case UI_ACT_UP:
		move_sel(v, -1);
		return UI_HANDLED;
	case UI_ACT_DOWN:
		move_sel(v, 1);
		return UI_HANDLED;
	case UI_ACT_PGUP:
		move_sel(v, -(v->page > 1 ? v->page - 1 : 1));
		return UI_HANDLED;
	case UI_ACT_PGDN:
		move_sel(v, v->page > 1 ? v->page - 1 : 1);
		return UI_HANDLED;
	case UI_ACT_TOP:
		v->sel = find_sel(v, 0, 1);
		v->top = 0;
		return UI_HANDLED;
	case UI_ACT_BOTTOM:
		v->sel = find_sel(v, (long)v->nlines - 1, -1);
		return UI_HANDLED;
	case UI_ACT_NEXT_FIELD:
		jump_section(v, 1);
		return UI_HANDLED;
	case UI_ACT_PREV_FIELD:
		jump_section(v, -1);
		return UI_HANDLED;
	default:
		return 0;
	}
}

const struct ui_view_ops ui_view_audit = {
	.name = "audit",
	.ctx = UI_CTX_AUDIT,
	.init = audit_init,
	.fini = audit_fini,
	.title = audit_title,
	.draw = audit_draw,
	.key = audit_key,
	.tick = audit_tick,
	.busy = audit_busy,
	.resume = audit_resume,
};
