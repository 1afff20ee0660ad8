/* view_audit.c - the Audit screen: every account audited at once on the worker, rows as they arrive, a summary. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "model_audit.h"
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

struct audit_view {
	struct ui_audit_model m; /* m.reg and m.audit belong to the worker while it runs */
	struct ui_task task;
	bool task_live;          /* started and not joined yet */

	/* Shared with the worker (on_result/progress run there), under mu. */
	pthread_mutex_t mu;
	const struct sk_audit_result **arrived; /* finished accounts in arrival order (capacity m.reg.n) */
	size_t narrived;
	struct sk_audit_progress prog;
	bool have_prog;

	int page; /* lines the list showed last */
};

/* ---- the worker side ---------------------------------------------------------------------- */

/* A result is final once reported (sk_audit_run never touches it again), so a pointer is enough. */
static void on_result(void *ud, const struct sk_audit_result *r)
{
	struct audit_view *v = ud;

	pthread_mutex_lock(&v->mu);
	if (v->narrived < v->m.reg.n)
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

	t->status = sk_audit_run(&v->m.reg, &o, &v->m.audit, &t->err);
}

/* ---- the run (UI thread) ----------------------------------------------------------------------- */

static void reset(struct audit_view *v)
{
	ui_audit_reset(&v->m);
	free(v->arrived);
	v->arrived = NULL;
	v->narrived = 0;
	v->have_prog = false;
	memset(&v->prog, 0, sizeof v->prog);
}

/* Copy what the worker reported since the last look. */
static void drain(struct audit_view *v)
{
	pthread_mutex_lock(&v->mu);
	if (v->narrived > v->m.nrows)
		ui_audit_add_rows(&v->m, v->arrived + v->m.nrows, v->narrived - v->m.nrows);
	v->m.shown = v->prog;
	v->m.shown_prog = v->have_prog;
	pthread_mutex_unlock(&v->mu);
}

/* The worker has been joined: the whole audit is ours to read. */
static void finished(struct audit_view *v, struct ui_app *app)
{
	char msg[SK_ERROR_MSG_MAX + 200];

	drain(v);
	switch (ui_audit_finish(&v->m, v->task.status, &v->task.err, msg, sizeof msg)) {
	case UI_AT_OK:
		ui_app_status(app, UI_ST_OK, "%s", msg);
		break;
	case UI_AT_WARN:
		ui_app_status(app, UI_ST_WARN, "%s", msg);
		break;
	case UI_AT_ERROR:
		ui_app_error(app, "Audit", &v->m.fail);
		break;
	default:
		ui_app_status(app, UI_ST_INFO, "%s", msg);
		break;
	}
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
	if (v->task_live)
		return;
	reset(v);
	if (!ui_audit_begin(&v->m, ui_app_registry(app), ui_app_now_ms(app)))
		return;
	v->arrived = sk_xcalloc(v->m.reg.n + 1, sizeof *v->arrived);
	if (!ui_task_start(&v->task, audit_run, v)) {
		ui_audit_fail(&v->m, SK_ERR_INTERNAL, "could not start a worker thread");
		ui_app_error(app, "Audit", &v->m.fail);
		return;
	}
	v->task_live = true;
}

/* Esc while running: ask the worker to stop and wait a moment for it (what finished stays). */
static void cancel(struct audit_view *v, struct ui_app *app)
{
	ui_task_cancel(&v->task);
	v->m.phase = UI_AUDIT_CANCELLING;
	if (ui_task_wait(&v->task, CANCEL_WAIT_MS)) {
		v->task_live = false;
		finished(v, app);
	}
}

/* ---- drawing ------------------------------------------------------------------------------------ */

static enum ui_role role_of(enum ui_audit_tone t)
{
	static const enum ui_role roles[] = {
		[UI_AT_NORMAL] = UI_R_NORMAL, [UI_AT_TITLE] = UI_R_TITLE, [UI_AT_DIM] = UI_R_DIM,
		[UI_AT_OK] = UI_R_OK,         [UI_AT_WARN] = UI_R_WARN,   [UI_AT_ERROR] = UI_R_ERROR,
	};

	return (size_t)t < sizeof roles / sizeof roles[0] ? roles[t] : UI_R_NORMAL;
}

static void draw_row(struct audit_view *v, WINDOW *w, int y, int wd, const struct sk_audit_result *r, bool on)
{
	struct ui_audit_cols c = ui_audit_columns(wd, v->m.narrow);
	const struct sk_account *a = ui_audit_account(&v->m, r);
	bool checked = r->outcome == SK_AUDIT_CHECKED;
	enum ui_role base = on ? UI_R_SELECTED : UI_R_NORMAL;
	enum ui_audit_tone otone;
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
	ui_audit_outcome_text(r, buf, sizeof buf, &otone);
	ui_draw_text(w, y, x, wd - x - 1, buf, on ? base : role_of(otone));
}

static void draw_cols(struct audit_view *v, WINDOW *w, int y, int wd)
{
	struct ui_audit_cols c = ui_audit_columns(wd, v->m.narrow);
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
	const struct ui_audit_line *l = &v->m.lines[i];
	bool on = i == v->m.sel;
	enum ui_audit_tone tone;
	char text[SK_ERROR_MSG_MAX * 4 + 3072];

	if (on && l->kind != UI_AL_ROW) {
		wattrset(w, ui_attr(UI_R_SELECTED));
		mvwhline(w, y, 0, ' ', wd);
		wattrset(w, A_NORMAL);
	}
	switch (l->kind) {
	case UI_AL_BLANK:
		return;
	case UI_AL_COLS:
		draw_cols(v, w, y, wd);
		return;
	case UI_AL_ROW:
		draw_row(v, w, y, wd, l->r, on);
		return;
	case UI_AL_TITLE:
		ui_draw_text(w, y, 1, wd - 2, l->text, on ? UI_R_SELECTED : role_of(l->tone));
		return;
	case UI_AL_TEXT:
		ui_draw_text(w, y, 2, wd - 3, l->text, on ? UI_R_SELECTED : role_of(l->tone));
		return;
	case UI_AL_MORE:
		ui_draw_text(w, y, 6, wd - 7, l->text, on ? UI_R_SELECTED : role_of(l->tone));
		return;
	default:
		/* The findings: their text can change with the clock (the blocklist countdown). */
		ui_audit_line_text(&v->m, l, ui_app_now_ms(app), text, sizeof text, &tone);
		ui_draw_text(w, y, 3, wd - 4, text, on ? UI_R_SELECTED : role_of(tone));
		return;
	}
}

/* "[#######.......] 7/10" across the width. */
static void draw_bar(WINDOW *w, int y, int wd, bool utf8, size_t done, size_t total, const char *suffix)
{
	char bar[1024];

	ui_audit_bar(utf8, wd - 4 - (int)strlen(suffix) - 1, done, total, bar, sizeof bar);
	ui_draw_fmt(w, y, 1, wd - 2, UI_R_NORMAL, "%s %s", bar, suffix);
}

/* The progress line, shortened when the full one does not fit. */
static void draw_header(struct audit_view *v, struct ui_app *app, WINDOW *w, int wd)
{
	bool utf8 = ui_app_utf8(app);
	struct ui_audit_header h;

	ui_audit_header_text(&v->m, ui_app_now_ms(app), utf8, &h);
	if (v->m.phase == UI_AUDIT_EMPTY) {
		ui_draw_text(w, 0, 1, wd - 2, h.line, role_of(h.tone));
		return;
	}
	ui_draw_text(w, 0, 1, wd - 2, ui_text_width(h.line, utf8) <= wd - 2 ? h.line : h.shortl, role_of(h.tone));
	draw_bar(w, 1, wd, utf8, h.done, h.total, h.suffix);
}

static void audit_draw(void *data, struct ui_app *app, WINDOW *w)
{
	struct audit_view *v = data;
	struct ui_audit_model *m = &v->m;
	int h, wd, y = 2, listh;

	getmaxyx(w, h, wd);
	draw_header(v, app, w, wd);
	ui_audit_refresh(m, wd, ui_app_utf8(app));
	listh = h - y;
	if (listh < 1)
		return;
	v->page = listh;
	if (m->sel >= 0) {
		ui_scroll_to(&m->top, (int)m->sel, listh, (int)m->nlines);
		/* Keep the title or column heads right above the selection in view. */
		if (m->top == m->sel && m->top > 0 && m->lines[m->top - 1].r == NULL &&
		    m->lines[m->top - 1].kind != UI_AL_MORE)
			m->top--;
	} else if (m->top > (int)m->nlines - listh) {
		m->top = (int)m->nlines - listh > 0 ? (int)m->nlines - listh : 0;
	}
	for (int i = 0; i < listh && m->top + i < (int)m->nlines; i++)
		draw_line(v, app, w, y + i, wd, m->top + i);
}

/* ---- lifecycle and keys --------------------------------------------------------------------------- */

static void *audit_init(struct ui_app *app, const void *arg)
{
	struct audit_view *v = sk_xcalloc(1, sizeof *v);

	pthread_mutex_init(&v->mu, NULL);
	ui_audit_init(&v->m);
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
	ui_audit_free(&v->m);
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
	return v->m.sum.blocked > 0 ? UI_REDRAW : 0;
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

static unsigned open_hooks(struct audit_view *v, struct ui_app *app)
{
	const struct sk_account *a = ui_audit_selected(&v->m);
	struct ui_account_arg arg;

	if (a == NULL) {
		ui_app_status(app, UI_ST_INFO, "No account selected.");
		return UI_HANDLED;
	}
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
	struct ui_audit_model *m = &v->m;
	bool was_running = m->phase == UI_AUDIT_RUNNING;

	if (ev->type != UI_EV_KEY)
		return 0;
	poll_run(v, app);
	ui_audit_refresh(m, m->doc_width ? m->doc_width : COLS, ui_app_utf8(app));
	switch (ui_keys_lookup(UI_CTX_AUDIT, ev->key)) {
	case UI_ACT_BACK:
		if (m->phase == UI_AUDIT_RUNNING) {
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
		ui_audit_move_sel(m, -1);
		return UI_HANDLED;
	case UI_ACT_DOWN:
		ui_audit_move_sel(m, 1);
		return UI_HANDLED;
	case UI_ACT_PGUP:
		ui_audit_move_sel(m, -(v->page > 1 ? v->page - 1 : 1));
		return UI_HANDLED;
	case UI_ACT_PGDN:
		ui_audit_move_sel(m, v->page > 1 ? v->page - 1 : 1);
		return UI_HANDLED;
	case UI_ACT_TOP:
		m->sel = ui_audit_find_sel(m, 0, 1);
		m->top = 0;
		return UI_HANDLED;
	case UI_ACT_BOTTOM:
		m->sel = ui_audit_find_sel(m, (long)m->nlines - 1, -1);
		return UI_HANDLED;
	case UI_ACT_NEXT_FIELD:
		ui_audit_jump_section(m, 1);
		return UI_HANDLED;
	case UI_ACT_PREV_FIELD:
		ui_audit_jump_section(m, -1);
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
