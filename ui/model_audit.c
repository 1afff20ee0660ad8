/* model_audit.c - curses-free model of the Audit screen: phases, rows by severity, the document, selection, texts. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_audit.h"
#include "text.h"
#include "util.h"

void ui_audit_init(struct ui_audit_model *m)
{
	memset(m, 0, sizeof *m);
	m->sel = -1;
	m->doc_stale = true;
}

static void doc_clear(struct ui_audit_model *m)
{
	for (size_t i = 0; i < m->nlines; i++)
		free(m->lines[i].text);
	m->nlines = 0;
}

void ui_audit_reset(struct ui_audit_model *m)
{
	doc_clear(m);
	sk_audit_clear(&m->audit);
	sk_registry_clear(&m->reg);
	free(m->rows);
	m->rows = NULL;
	m->nrows = 0;
	m->shown_prog = false;
	memset(&m->shown, 0, sizeof m->shown);
	memset(&m->sum, 0, sizeof m->sum);
	sk_error_clear(&m->fail);
	m->sel = -1;
	m->top = 0;
	m->doc_stale = true;
}

void ui_audit_free(struct ui_audit_model *m)
{
	ui_audit_reset(m);
	free(m->lines);
	m->lines = NULL;
	m->caplines = 0;
}

bool ui_audit_begin(struct ui_audit_model *m, const struct sk_registry *src, int64_t now_ms)
{
	ui_audit_reset(m);
	for (size_t i = 0; i < src->n; i++)
		sk_registry_append(&m->reg, &src->accounts[i]);
	if (m->reg.n == 0) {
		m->phase = UI_AUDIT_EMPTY;
		return false;
	}
	m->rows = sk_xcalloc(m->reg.n + 1, sizeof *m->rows);
	m->phase = UI_AUDIT_RUNNING;
	m->started_ms = now_ms;
	return true;
}

void ui_audit_add_rows(struct ui_audit_model *m, const struct sk_audit_result *const *rows, size_t n)
{
	for (size_t i = 0; i < n && m->nrows < m->reg.n; i++)
		m->rows[m->nrows++] = rows[i];
	if (n > 0)
		m->doc_stale = true;
}

int ui_audit_severity(const struct sk_audit_result *r)
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
	int d = ui_audit_severity(x) - ui_audit_severity(y);

	if (d != 0)
		return d;
	return x->account < y->account ? -1 : x->account > y->account;
}

enum ui_audit_tone ui_audit_finish(struct ui_audit_model *m, enum sk_status st, const struct sk_error *err, char *msg,
				   size_t size)
{
	enum sk_status verdict;
	size_t need;
	enum ui_audit_tone tone;

	m->nrows = 0;
	for (size_t i = 0; i < m->audit.n && i < m->reg.n; i++)
		m->rows[m->nrows++] = &m->audit.results[i];
	if (m->nrows > 0)
		qsort(m->rows, m->nrows, sizeof *m->rows, cmp_rows);
	sk_audit_summarize(&m->audit, &m->sum);
	verdict = sk_audit_verdict(&m->sum, m->audit.cancelled);
	need = m->sum.with_findings;
	if (st == SK_OK) {
		m->phase = UI_AUDIT_DONE;
		tone = UI_AT_WARN;
		if (verdict == SK_OK) {
			tone = UI_AT_OK;
			snprintf(msg, size, "Audit done: nothing needs attention.");
		} else if (verdict == SK_ERR_PARTIAL) {
			snprintf(msg, size, "Audit done: %zu account%s need%s attention, %zu could not be checked.", need,
				 need == 1 ? "" : "s", need == 1 ? "s" : "", m->sum.unreachable);
		} else {
			snprintf(msg, size, "Audit done: %zu account%s need%s attention.", need, need == 1 ? "" : "s",
				 need == 1 ? "s" : "");
		}
	} else if (st == SK_ERR_CANCELLED) {
		m->phase = UI_AUDIT_CANCELLED;
		tone = UI_AT_NORMAL;
		snprintf(msg, size, "Audit cancelled: %zu of %zu accounts were checked; nothing was written.",
			 m->sum.accounts - m->sum.pending, m->sum.accounts);
	} else {
		m->phase = UI_AUDIT_FAILED;
		m->fail = *err;
		tone = UI_AT_ERROR;
		sk_strlcpy(msg, m->fail.msg, size);
	}
	m->sel = -1;
	m->top = 0;
	m->doc_stale = true;
	return tone;
}

void ui_audit_fail(struct ui_audit_model *m, enum sk_status code, const char *why)
{
	m->phase = UI_AUDIT_FAILED;
	sk_error_set(&m->fail, code, "%s", why);
	m->doc_stale = true;
}

/* ---- the document ----------------------------------------------------------------------------- */

static struct ui_audit_line *push(struct ui_audit_model *m, enum ui_audit_line_kind kind, enum ui_audit_tone tone,
				  const struct sk_audit_result *r, size_t k, const char *text)
{
	struct ui_audit_line *l;

	if (m->nlines == m->caplines) {
		m->caplines = m->caplines ? m->caplines * 2 : 64;
		m->lines = sk_xrealloc(m->lines, m->caplines * sizeof *m->lines);
	}
	l = &m->lines[m->nlines++];
	l->kind = kind;
	l->tone = tone;
	l->r = r;
	l->k = k;
	l->text = text ? sk_strdup(text) : NULL;
	return l;
}

static void pushf(struct ui_audit_model *m, enum ui_audit_line_kind kind, enum ui_audit_tone tone, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void pushf(struct ui_audit_model *m, enum ui_audit_line_kind kind, enum ui_audit_tone tone, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	push(m, kind, tone, NULL, 0, buf);
}

/* A note wrapped to the width, one line each. */
static void push_wrapped(struct ui_audit_model *m, bool utf8, int width, enum ui_audit_tone tone, const char *text)
{
	size_t n;
	char **lines = ui_text_wrap(text, width > 10 ? width : 10, utf8, &n);

	for (size_t i = 0; i < n; i++)
		push(m, UI_AL_TEXT, tone, NULL, 0, lines[i]);
	ui_text_lines_free(lines, n);
}

const struct sk_account *ui_audit_account(const struct ui_audit_model *m, const struct sk_audit_result *r)
{
	return &m->reg.accounts[r->account];
}

/* "abc123/Ghost shop: why" wrapped: the first line selectable, the rest continuation lines. */
static void push_failed(struct ui_audit_model *m, bool utf8, int width, const struct sk_audit_finding *f)
{
	char text[SK_ERROR_MSG_MAX * 4];
	char **lines;
	size_t n;

	sk_audit_finding_text(&m->reg, f, 0, text, sizeof text);
	/* Wrapped to the continuation lines' width (they are indented further), so no line is cut. */
	lines = ui_text_wrap(text, width - 7 > 10 ? width - 7 : 10, utf8, &n);
	for (size_t i = 0; i < n; i++)
		push(m, i == 0 ? UI_AL_FAILED : UI_AL_MORE, UI_AT_ERROR, i == 0 ? f->r : NULL, 0, lines[i]);
	ui_text_lines_free(lines, n);
}

/* Each kind of finding: its line kind and tone. */
static const struct {
	enum ui_audit_line_kind line;
	enum ui_audit_tone tone;
} finding_look[SK_AUDIT_F_COUNT] = {
	[SK_AUDIT_F_DEAD] = {UI_AL_DEAD, UI_AT_ERROR},         [SK_AUDIT_F_HOOK] = {UI_AL_HOOK, UI_AT_WARN},
	[SK_AUDIT_F_BLOCKED] = {UI_AL_BLOCKED, UI_AT_ERROR},   [SK_AUDIT_F_NO_EMAIL] = {UI_AL_NOMAIL, UI_AT_WARN},
	[SK_AUDIT_F_UNREACHABLE] = {UI_AL_FAILED, UI_AT_ERROR},
};

struct summary_walk {
	struct ui_audit_model *m;
	bool utf8, any;
	int width;
};

static void on_section(void *ud, enum sk_audit_finding_kind kind, const char *title)
{
	struct summary_walk *w = ud;

	w->any = true;
	push(w->m, UI_AL_TITLE, finding_look[kind].tone, NULL, 0, title);
}

/* The finding's text is made when drawn (the blocklist countdown moves), except a failure's, wrapped here. */
static void on_finding(void *ud, const struct sk_audit_finding *f)
{
	struct summary_walk *w = ud;

	if (f->kind == SK_AUDIT_F_UNREACHABLE)
		push_failed(w->m, w->utf8, w->width, f);
	else
		push(w->m, finding_look[f->kind].line, finding_look[f->kind].tone, f->r, f->k, NULL);
}

static void build_summary(struct ui_audit_model *m, bool utf8, int width)
{
	const struct sk_audit_summary *s = &m->sum;
	size_t need = s->with_findings;
	struct summary_walk w = {m, utf8, false, width};
	const struct sk_audit_findings_cb cb = {on_section, on_finding, &w};

	if (m->phase == UI_AUDIT_CANCELLED)
		pushf(m, UI_AL_TITLE, UI_AT_TITLE, "Summary (cancelled: %zu of %zu accounts were checked)",
		      s->accounts - s->pending, s->accounts);
	else if (m->phase == UI_AUDIT_FAILED)
		pushf(m, UI_AL_TITLE, UI_AT_TITLE, "Summary (the audit stopped early)");
	else if (need == 0 && s->unreachable == 0)
		pushf(m, UI_AL_TITLE, UI_AT_TITLE, "Summary: nothing needs attention");
	else if (s->unreachable > 0)
		pushf(m, UI_AL_TITLE, UI_AT_TITLE, "Summary: %zu of %zu accounts need attention, %zu could not be checked",
		      need, s->accounts, s->unreachable);
	else
		pushf(m, UI_AL_TITLE, UI_AT_TITLE, "Summary: %zu of %zu accounts need attention", need, s->accounts);
	sk_audit_findings(&m->audit, s, &cb);
	if (m->phase == UI_AUDIT_FAILED) {
		char sentence[SK_ERROR_MSG_MAX + 300];

		ui_error_sentence(&m->fail, sentence, sizeof sentence);
		push_wrapped(m, utf8, width - 2, UI_AT_ERROR, sentence);
	}
	if (!w.any && s->pending == 0 && m->phase == UI_AUDIT_DONE)
		push_wrapped(m, utf8, width - 2, UI_AT_OK,
			     "Every token works, every webhook is active, no domain is blocklisted, and every account "
			     "with webhooks has a notification e-mail.");
	if (s->pending > 0)
		pushf(m, UI_AL_TEXT, UI_AT_DIM, "%zu account%s not checked (cancelled): r runs the audit again.", s->pending,
		      s->pending == 1 ? " was" : "s were");
	if (s->skipped > 0)
		pushf(m, UI_AL_TEXT, UI_AT_DIM, "%zu account-level account%s skipped: no webhooks (storekeys verify checks %s).",
		      s->skipped, s->skipped == 1 ? "" : "s", s->skipped == 1 ? "it" : "them");
	push(m, UI_AL_BLANK, UI_AT_NORMAL, NULL, 0, NULL);
}

static void build_doc(struct ui_audit_model *m, int width, bool utf8)
{
	bool running = m->phase == UI_AUDIT_RUNNING || m->phase == UI_AUDIT_CANCELLING;

	doc_clear(m);
	m->doc_width = width;
	m->doc_stale = false;
	m->narrow = width < 90;
	if (m->phase == UI_AUDIT_EMPTY) {
		push_wrapped(m, utf8, width - 2, UI_AT_NORMAL,
			     "There are no API accounts to audit. Esc goes back; n on the accounts list adds one.");
		return;
	}
	if (!running) {
		if (m->phase == UI_AUDIT_FAILED && m->audit.n == 0) {
			char sentence[SK_ERROR_MSG_MAX + 300];

			ui_error_sentence(&m->fail, sentence, sizeof sentence);
			pushf(m, UI_AL_TITLE, UI_AT_ERROR, "The audit could not run");
			push_wrapped(m, utf8, width - 2, UI_AT_NORMAL, sentence);
			push(m, UI_AL_TEXT, UI_AT_DIM, NULL, 0, "r tries again, Esc goes back.");
			return;
		}
		build_summary(m, utf8, width);
		pushf(m, UI_AL_TITLE, UI_AT_TITLE, "Accounts (%zu)", m->nrows);
	}
	if (m->nrows == 0) {
		push(m, UI_AL_TEXT, UI_AT_DIM, NULL, 0, "Each account shows here as soon as it is checked.");
		return;
	}
	if (m->narrow)
		push(m, UI_AL_TEXT, UI_AT_DIM, NULL, 0, "A/I/D: active/inactive/deactivated webhooks");
	push(m, UI_AL_COLS, UI_AT_DIM, NULL, 0, NULL);
	for (size_t i = 0; i < m->nrows; i++)
		push(m, UI_AL_ROW, UI_AT_NORMAL, m->rows[i], 0, NULL);
}

static bool selectable(const struct ui_audit_line *l)
{
	return l->r != NULL;
}

long ui_audit_find_sel(const struct ui_audit_model *m, long from, int dir)
{
	for (long i = from; i >= 0 && i < (long)m->nlines; i += dir)
		if (selectable(&m->lines[i]))
			return i;
	return -1;
}

void ui_audit_refresh(struct ui_audit_model *m, int width, bool utf8)
{
	const struct sk_audit_result *r = NULL;
	enum ui_audit_line_kind kind = UI_AL_BLANK;
	size_t k = 0;

	if (!m->doc_stale && m->doc_width == width)
		return;
	if (m->sel >= 0 && m->sel < (long)m->nlines) {
		r = m->lines[m->sel].r;
		kind = m->lines[m->sel].kind;
		k = m->lines[m->sel].k;
	}
	build_doc(m, width, utf8);
	m->sel = -1;
	for (size_t i = 0; r != NULL && i < m->nlines; i++)
		if (m->lines[i].r == r && m->lines[i].kind == kind && m->lines[i].k == k) {
			m->sel = (long)i;
			break;
		}
	if (m->sel < 0)
		m->sel = ui_audit_find_sel(m, 0, 1);
}

void ui_audit_move_sel(struct ui_audit_model *m, int n)
{
	int dir = n > 0 ? 1 : -1;
	long at = m->sel;

	if (at < 0) {
		m->sel = ui_audit_find_sel(m, 0, 1);
		return;
	}
	for (int i = 0; i < (n > 0 ? n : -n); i++) {
		long next = ui_audit_find_sel(m, at + dir, dir);

		if (next < 0)
			break;
		at = next;
	}
	m->sel = at;
}

void ui_audit_jump_section(struct ui_audit_model *m, int dir)
{
	long i = m->sel >= 0 ? m->sel : 0, title = -1;

	if (dir > 0) {
		for (i = i + 1; i < (long)m->nlines && title < 0; i++)
			if (m->lines[i].kind == UI_AL_TITLE)
				title = i;
	} else {
		long cur = -1;

		/* The title of the current section, then the one before it. */
		for (; i >= 0 && cur < 0; i--)
			if (m->lines[i].kind == UI_AL_TITLE)
				cur = i;
		for (; i >= 0 && title < 0; i--)
			if (m->lines[i].kind == UI_AL_TITLE)
				title = i;
	}
	if (title < 0)
		return;
	i = ui_audit_find_sel(m, title, 1);
	if (i < 0)
		return;
	m->sel = i;
	m->top = (int)title;
}

const struct sk_account *ui_audit_selected(const struct ui_audit_model *m)
{
	const struct ui_audit_line *l = m->sel >= 0 && m->sel < (long)m->nlines ? &m->lines[m->sel] : NULL;

	return l != NULL && l->r != NULL ? ui_audit_account(m, l->r) : NULL;
}

/* ---- texts -------------------------------------------------------------------------------------- */

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

const char *ui_audit_outcome_text(const struct sk_audit_result *r, char *buf, size_t size, enum ui_audit_tone *tone)
{
	char why[SK_ERROR_MSG_MAX * 2];
	size_t used = 0;

	switch (r->outcome) {
	case SK_AUDIT_CHECKED:
		if (!sk_audit_result_has_findings(r)) {
			*tone = UI_AT_OK;
			snprintf(buf, size, "OK");
			return buf;
		}
		*tone = UI_AT_WARN;
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
		*tone = UI_AT_ERROR;
		snprintf(buf, size, "dead token");
		return buf;
	case SK_AUDIT_UNREACHABLE:
		*tone = UI_AT_ERROR;
		sk_sanitize(r->error.msg, why, sizeof why);
		snprintf(buf, size, "unreachable (%s)", why);
		return buf;
	case SK_AUDIT_SKIPPED:
		*tone = UI_AT_DIM;
		snprintf(buf, size, "skipped (account-level)");
		return buf;
	case SK_AUDIT_PENDING:
		break;
	}
	*tone = UI_AT_DIM;
	snprintf(buf, size, "not checked (cancelled)");
	return buf;
}

const char *ui_audit_line_text(const struct ui_audit_model *m, const struct ui_audit_line *l, int64_t now_ms,
			       char *buf, size_t size, enum ui_audit_tone *tone)
{
	struct sk_audit_finding f = {SK_AUDIT_F_COUNT, l->r, l->k};

	*tone = l->tone;
	for (int kind = 0; kind < SK_AUDIT_F_COUNT; kind++)
		if (finding_look[kind].line == l->kind && kind != SK_AUDIT_F_UNREACHABLE)
			f.kind = (enum sk_audit_finding_kind)kind;
	if (l->r == NULL || f.kind == SK_AUDIT_F_COUNT) {
		snprintf(buf, size, "%s", l->text ? l->text : "");
		return buf;
	}
	if (f.kind == SK_AUDIT_F_BLOCKED)
		*tone = sk_audit_blocked_left(&l->r->admin.blocked[l->k], now_ms) > 0 ? UI_AT_ERROR : UI_AT_DIM;
	return sk_audit_finding_text(&m->reg, &f, now_ms, buf, size);
}

struct ui_audit_cols ui_audit_columns(int wd, bool narrow)
{
	struct ui_audit_cols c = {0};
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

void ui_audit_header_text(const struct ui_audit_model *m, int64_t now_ms, bool utf8, struct ui_audit_header *h)
{
	const struct sk_audit_progress *p = &m->shown;
	const char *dot = utf8 ? " \xc2\xb7 " : " - ";
	char took[32];
	int64_t ms = now_ms - m->started_ms;

	h->done = p->done;
	h->total = p->total ? p->total : m->reg.n;
	h->tone = m->phase == UI_AUDIT_FAILED ? UI_AT_ERROR : UI_AT_TITLE;
	h->line[0] = h->shortl[0] = h->suffix[0] = '\0';
	switch (m->phase) {
	case UI_AUDIT_EMPTY:
		h->tone = UI_AT_NORMAL;
		snprintf(h->line, sizeof h->line, "Nothing to audit.");
		snprintf(h->shortl, sizeof h->shortl, "Nothing to audit.");
		return;
	case UI_AUDIT_RUNNING:
		if (!m->shown_prog) {
			snprintf(h->line, sizeof h->line, "Reading the access tokens of %zu accounts from the keyring...",
				 m->reg.n);
			snprintf(h->shortl, sizeof h->shortl, "Reading %zu tokens from the keyring...", m->reg.n);
			break;
		}
		snprintf(h->line, sizeof h->line, "Auditing %zu of %zu accounts%s%d in flight%s%d requests%s%d rate-limited",
			 h->done, h->total, dot, p->inflight, dot, p->requests, dot, p->rate_limited);
		if (p->holding > 0)
			snprintf(h->line + strlen(h->line), sizeof h->line - strlen(h->line),
				 "%s%d store%s waiting for the rate limit", dot, p->holding, p->holding == 1 ? "" : "s");
		snprintf(h->shortl, sizeof h->shortl, "Auditing %zu/%zu%s%d in flight%s%d req%s%d rate-limited", h->done,
			 h->total, dot, p->inflight, dot, p->requests, dot, p->rate_limited);
		break;
	case UI_AUDIT_CANCELLING:
		snprintf(h->line, sizeof h->line, "Cancelling... (%zu of %zu accounts done)", h->done, h->total);
		snprintf(h->shortl, sizeof h->shortl, "Cancelling... (%zu/%zu)", h->done, h->total);
		break;
	case UI_AUDIT_DONE:
	case UI_AUDIT_CANCELLED:
	case UI_AUDIT_FAILED:
		h->done = m->sum.accounts - m->sum.pending;
		h->total = m->sum.accounts;
		ms = m->audit.elapsed_ms;
		if (m->phase == UI_AUDIT_DONE)
			snprintf(h->line, sizeof h->line,
				 "Audited %zu accounts in %zu store%s in %s%s%d requests%s%d rate-limited", h->total,
				 m->audit.nstores, m->audit.nstores == 1 ? "" : "s", sk_elapsed_str(ms, took, sizeof took),
				 dot, m->sum.requests, dot, m->sum.rate_limited);
		else if (m->phase == UI_AUDIT_CANCELLED)
			snprintf(h->line, sizeof h->line, "Cancelled: %zu of %zu accounts audited%s%d requests%s%d rate-limited",
				 h->done, h->total, dot, m->sum.requests, dot, m->sum.rate_limited);
		else
			snprintf(h->line, sizeof h->line, "The audit could not finish: %zu of %zu accounts audited", h->done,
				 h->total);
		snprintf(h->shortl, sizeof h->shortl, "%s %zu/%zu%s%d req%s%d rate-limited",
			 m->phase == UI_AUDIT_DONE ? "Audited" : m->phase == UI_AUDIT_CANCELLED ? "Cancelled:" : "Stopped:",
			 h->done, h->total, dot, m->sum.requests, dot, m->sum.rate_limited);
		break;
	}
	snprintf(h->suffix, sizeof h->suffix, "%zu/%zu %s", h->done, h->total, sk_elapsed_str(ms, took, sizeof took));
}

const char *ui_audit_bar(bool utf8, int cells, size_t done, size_t total, char *buf, size_t size)
{
	size_t used = 0;
	int fill;

	if (cells < 4)
		cells = 4;
	if (cells > 200)
		cells = 200;
	fill = total ? (int)(done * (size_t)cells / total) : 0;
	if (size < 3) {
		if (size > 0)
			buf[0] = '\0';
		return buf;
	}
	buf[used++] = '[';
	for (int i = 0; i < cells; i++) {
		const char *cell = utf8 ? (i < fill ? "\xe2\x96\x88" : "\xe2\x96\x91") : (i < fill ? "#" : ".");
		size_t n = strlen(cell);

		if (used + n + 2 > size)
			break;
		memcpy(buf + used, cell, n);
		used += n;
	}
	buf[used++] = ']';
	buf[used] = '\0';
	return buf;
}
