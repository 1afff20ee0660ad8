/* app.c - the TUI application: view stack, event loop, dialogs, background tasks, status line. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lineedit.h"
#include "term.h"
#include "text.h"
#include "util.h"
#include "views.h"
#include "widgets.h"

#define MAX_VIEWS 8
/* How long getch waits: short enough to notice a signal or a finished task promptly. */
#define IDLE_TIMEOUT_MS 250
#define TASK_TIMEOUT_MS 100

struct view {
	const struct ui_view_ops *ops;
	void *data;
};

enum dlg_kind { DLG_NONE, DLG_CONFIRM, DLG_MESSAGE, DLG_PROMPT };

struct dialog {
	enum dlg_kind kind;
	char title[128];
	char text[2048];
	char yes[32], no[32];
	int focus; /* 0 yes/OK, 1 no/Cancel, 2 the field */
	ui_confirm_fn confirm;
	ui_prompt_fn prompt;
	void *ud;
	int owner; /* view index the answer goes to */
	struct ui_line line;
	bool line_init;
};

struct running_task {
	bool active;
	struct ui_task t;
	char title[128];
	ui_task_done_fn done;
	void *ud;
	int owner;
	int64_t started;
	bool cancelling;
};

struct ui_app {
	const char *dir;          /* the registry directory (owned by the caller) */
	struct ui_term term;
	struct sk_registry reg;
	struct sk_error reg_err;
	struct view views[MAX_VIEWS];
	int depth;
	bool pushing; /* a view's init is running: it will be views[depth] */
	WINDOW *body;
	bool too_small, dirty, quit, paste;
	enum ui_status_kind st_kind;
	char status[SK_ERROR_MSG_MAX + 512];
	struct dialog dlg;
	struct running_task task;
	int status_lines; /* 1, or 2 when the status sentence needs it */
	struct ui_cursor cursor;
	int64_t last_tick;
	int exit_code;
};

static void layout(struct ui_app *app);

/* An error and what to do about it may need more lines (up to 3): the body gives them up. */
static int status_need(struct ui_app *app)
{
	size_t n = 1;
	char **lines;

	if (COLS <= 0 || ui_text_width(app->status, app->term.utf8) <= COLS)
		return 1;
	lines = ui_text_wrap(app->status, COLS, app->term.utf8, &n);
	ui_text_lines_free(lines, n);
	return n > 3 ? 3 : (int)n;
}

static void status_fit(struct ui_app *app)
{
	int want = status_need(app);

	if (want != app->status_lines) {
		app->status_lines = want;
		if (app->body)
			layout(app);
	}
}

/* ---- small accessors ------------------------------------------------------ */

const char *ui_app_dir(struct ui_app *app)
{
	return app->dir;
}

struct sk_registry *ui_app_registry(struct ui_app *app)
{
	return &app->reg;
}

const struct sk_error *ui_app_registry_error(struct ui_app *app)
{
	return &app->reg_err;
}

bool ui_app_utf8(struct ui_app *app)
{
	return app->term.utf8;
}

const char *ui_app_sep(struct ui_app *app)
{
	return app->term.utf8 ? " \xe2\x80\xba " : " > ";
}

int64_t ui_app_now_ms(struct ui_app *app)
{
	return sk_now_ms();
}

void ui_app_status(struct ui_app *app, enum ui_status_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(app->status, sizeof app->status, fmt, ap);
	va_end(ap);
	app->st_kind = kind;
	app->dirty = true;
	status_fit(app);
}

void ui_app_error(struct ui_app *app, const char *context, const struct sk_error *err)
{
	char sentence[SK_ERROR_MSG_MAX + 300];

	ui_error_sentence(err, sentence, sizeof sentence);
	if (context && context[0])
		ui_app_status(app, UI_ST_ERROR, "%s: %s", context, sentence);
	else
		ui_app_status(app, UI_ST_ERROR, "%s", sentence);
}

struct ui_cursor *ui_app_cursor(struct ui_app *app)
{
	return &app->cursor;
}

bool ui_app_reload(struct ui_app *app)
{
	struct sk_registry fresh = {0};
	struct sk_error err = {0};

	if (sk_registry_load(&fresh, app->dir, &err) != SK_OK) {
		sk_registry_clear(&fresh);
		app->reg_err = err;
		ui_app_error(app, "Registry", &err);
		return false;
	}
	sk_registry_clear(&app->reg);
	app->reg = fresh;
	sk_error_clear(&app->reg_err);
	if (app->reg.read_only)
		ui_app_status(app, UI_ST_WARN,
			      "The registry was written by a newer storekeys: read-only. Upgrade storekeys to change it.");
	app->dirty = true;
	return true;
}

/* ---- views ------------------------------------------------------------------ */

void ui_app_push(struct ui_app *app, const struct ui_view_ops *ops, const void *arg)
{
	void *data;

	if (app->depth >= MAX_VIEWS) {
		ui_app_status(app, UI_ST_WARN, "Too many screens open; press Esc first.");
		return;
	}
	app->pushing = true;
	data = ops->init(app, arg);
	app->pushing = false;
	if (data == NULL)
		return;
	app->views[app->depth].ops = ops;
	app->views[app->depth].data = data;
	app->depth++;
	app->dirty = true;
}

static void remove_view(struct ui_app *app, int idx)
{
	if (idx < 0 || idx >= app->depth)
		return;
	app->views[idx].ops->fini(app->views[idx].data);
	memmove(&app->views[idx], &app->views[idx + 1], (size_t)(app->depth - idx - 1) * sizeof app->views[0]);
	app->depth--;
	if (app->depth > 0 && idx == app->depth && app->views[app->depth - 1].ops->resume)
		app->views[app->depth - 1].ops->resume(app->views[app->depth - 1].data, app);
	app->dirty = true;
}

static struct view *top(struct ui_app *app)
{
	return app->depth > 0 ? &app->views[app->depth - 1] : NULL;
}

/* Apply a handler's flags to the view at idx. */
static void apply(struct ui_app *app, int idx, unsigned flags)
{
	if (flags & (UI_HANDLED | UI_REDRAW))
		app->dirty = true;
	if (flags & UI_QUIT)
		app->quit = true;
	else if (flags & UI_CLOSE)
		remove_view(app, idx);
	if (app->depth == 0)
		app->quit = true;
}

void ui_app_help(struct ui_app *app)
{
	struct view *v = top(app);
	enum ui_ctx ctxs[UI_CTX_COUNT];
	size_t n = 0;
	struct ui_pager_arg arg = {.title = "Help"};

	if (v == NULL)
		return;
	ctxs[n++] = v->ops->ctx;
	for (const enum ui_ctx *c = v->ops->help; c && *c != UI_CTX_COUNT && n < UI_CTX_COUNT - 1; c++)
		ctxs[n++] = *c;
	arg.lines = ui_keys_help(ctxs, n, &arg.n);
	ui_app_push(app, &ui_view_pager, &arg);
}

/* ---- dialogs ------------------------------------------------------------------ */

static void dialog_close(struct ui_app *app)
{
	if (app->dlg.line_init)
		ui_line_free(&app->dlg.line);
	memset(&app->dlg, 0, sizeof app->dlg);
	app->dirty = true;
}

static void dialog_open(struct ui_app *app, enum dlg_kind kind, const char *title, const char *text)
{
	dialog_close(app);
	app->dlg.kind = kind;
	snprintf(app->dlg.title, sizeof app->dlg.title, "%s", title ? title : "");
	snprintf(app->dlg.text, sizeof app->dlg.text, "%s", text ? text : "");
	app->dlg.owner = app->pushing ? app->depth : app->depth - 1;
}

void ui_app_confirm(struct ui_app *app, const char *title, const char *text, const char *yes, const char *no,
		    bool yes_default, ui_confirm_fn cb, void *ud)
{
	dialog_open(app, DLG_CONFIRM, title, text);
	snprintf(app->dlg.yes, sizeof app->dlg.yes, "%s", yes ? yes : "Yes");
	snprintf(app->dlg.no, sizeof app->dlg.no, "%s", no ? no : "No");
	app->dlg.focus = yes_default ? 0 : 1;
	app->dlg.confirm = cb;
	app->dlg.ud = ud;
}

void ui_app_message(struct ui_app *app, const char *title, const char *text)
{
	dialog_open(app, DLG_MESSAGE, title, text);
	snprintf(app->dlg.yes, sizeof app->dlg.yes, "OK");
}

static void prompt_open(struct ui_app *app, const char *title, const char *text, const char *initial, size_t cap,
			bool secret, ui_prompt_fn cb, void *ud)
{
	dialog_open(app, DLG_PROMPT, title, text);
	snprintf(app->dlg.yes, sizeof app->dlg.yes, "OK");
	snprintf(app->dlg.no, sizeof app->dlg.no, "Cancel");
	ui_line_init(&app->dlg.line, cap ? cap : UI_LINE_MAX, secret);
	app->dlg.line_init = true;
	ui_line_set(&app->dlg.line, initial ? initial : "");
	ui_line_end(&app->dlg.line);
	app->dlg.focus = 2;
	app->dlg.prompt = cb;
	app->dlg.ud = ud;
}

void ui_app_prompt(struct ui_app *app, const char *title, const char *text, const char *initial, size_t cap,
		   ui_prompt_fn cb, void *ud)
{
	prompt_open(app, title, text, initial, cap, false, cb, ud);
}

void ui_app_prompt_secret(struct ui_app *app, const char *title, const char *text, size_t cap, ui_prompt_fn cb,
			  void *ud)
{
	prompt_open(app, title, text, "", cap, true, cb, ud);
}

static void dialog_answer(struct ui_app *app, bool yes)
{
	struct dialog d = app->dlg;
	char value[UI_LINE_MAX + 1] = "";
	unsigned flags = UI_REDRAW;

	/* Close first: the callback may open the next dialog. */
	if (d.kind == DLG_PROMPT)
		sk_strlcpy(value, ui_line_text(&app->dlg.line), sizeof value);
	dialog_close(app);
	if (d.kind == DLG_CONFIRM && d.confirm)
		flags = d.confirm(d.ud, app, yes);
	else if (d.kind == DLG_PROMPT && d.prompt)
		flags = d.prompt(d.ud, app, yes, value);
	sk_wipe(value, sizeof value);
	apply(app, d.owner, flags);
}

static void dialog_key(struct ui_app *app, const struct ui_event *ev)
{
	struct dialog *d = &app->dlg;
	int nfocus = d->kind == DLG_MESSAGE ? 1 : d->kind == DLG_CONFIRM ? 2 : 3;
	enum ui_action act;

	app->dirty = true;
	if (d->kind == DLG_PROMPT && d->focus == 2) {
		act = ui_keys_lookup(UI_CTX_DIALOG, ev->key);
		if (ev->type == UI_EV_KEY && (act == UI_ACT_ACTIVATE || act == UI_ACT_NEXT_FIELD ||
					      act == UI_ACT_PREV_FIELD || (act == UI_ACT_NO && ev->key.code == 27))) {
			if (act == UI_ACT_ACTIVATE)
				dialog_answer(app, true);
			else if (act == UI_ACT_NO)
				dialog_answer(app, false);
			else
				d->focus = act == UI_ACT_NEXT_FIELD ? 0 : 1;
			return;
		}
		ui_line_key(&d->line, ev);
		return;
	}
	if (ev->type != UI_EV_KEY)
		return;
	switch (ui_keys_lookup(UI_CTX_DIALOG, ev->key)) {
	case UI_ACT_YES:
		if (d->kind != DLG_PROMPT)
			dialog_answer(app, true);
		break;
	case UI_ACT_NO:
		dialog_answer(app, d->kind == DLG_MESSAGE);
		break;
	case UI_ACT_ACTIVATE:
		dialog_answer(app, d->focus == 0);
		break;
	case UI_ACT_NEXT_FIELD:
		d->focus = (d->focus + 1) % nfocus;
		break;
	case UI_ACT_PREV_FIELD:
		d->focus = (d->focus + nfocus - 1) % nfocus;
		break;
	default:
		break;
	}
}

/* A centred box of h x w on the screen; NULL when it does not fit. */
static WINDOW *dlg_box(int h, int w)
{
	WINDOW *win;

	if (w > COLS - 2)
		w = COLS - 2;
	if (h > LINES - 2)
		h = LINES - 2;
	if (w < 10 || h < 3)
		return NULL;
	win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	if (win == NULL)
		return NULL;
	werase(win);
	box(win, 0, 0);
	return win;
}

static void draw_dialog(struct ui_app *app)
{
	struct dialog *d = &app->dlg;
	int w = COLS - 6 < 74 ? COLS - 6 : 74;
	int text_lines = ui_wrapped_lines(d->text, w - 4);
	int h, y, x;
	WINDOW *win;

	if (text_lines > LINES - 10)
		text_lines = LINES - 10;
	h = text_lines + (d->kind == DLG_PROMPT ? 6 : 4);
	win = dlg_box(h, w);
	if (win == NULL)
		return;
	getmaxyx(win, h, w);
	ui_draw_fmt(win, 0, 2, w - 4, UI_R_TITLE, " %s ", d->title);
	y = 1 + ui_draw_wrapped(win, 1, 2, w - 4, text_lines, d->text, UI_R_NORMAL);
	if (d->kind == DLG_PROMPT) {
		ui_draw_line(&app->cursor, win, y + 1, 2, w - 4, &d->line, d->focus == 2);
		y += 2;
	}
	x = w - 2 - ui_button_width(d->yes) - (d->kind != DLG_MESSAGE ? ui_button_width(d->no) + 2 : 0);
	if (x < 2)
		x = 2;
	x += ui_draw_button(win, h - 2, x, d->yes, d->focus == 0, true) + 2;
	if (d->kind != DLG_MESSAGE)
		ui_draw_button(win, h - 2, x, d->no, d->focus == 1, true);
	wnoutrefresh(win);
	delwin(win);
}

/* ---- tasks --------------------------------------------------------------------- */

bool ui_app_task(struct ui_app *app, const char *title, void (*run)(struct ui_task *), ui_task_done_fn done,
		 void *ud)
{
	if (app->task.active)
		return false;
	memset(&app->task, 0, sizeof app->task);
	if (!ui_task_start(&app->task.t, run, ud)) {
		struct sk_error err;

		sk_error_set(&err, SK_ERR_INTERNAL, "could not start a worker thread");
		ui_app_error(app, title, &err);
		return false;
	}
	app->task.active = true;
	snprintf(app->task.title, sizeof app->task.title, "%s", title);
	app->task.done = done;
	app->task.ud = ud;
	app->task.owner = app->pushing ? app->depth : app->depth - 1;
	app->task.started = sk_now_ms();
	app->dirty = true;
	return true;
}

static void poll_task(struct ui_app *app)
{
	struct running_task *rt = &app->task;
	struct ui_task done_task;
	ui_task_done_fn done = rt->done;
	void *ud = rt->ud;
	int owner = rt->owner;
	unsigned flags = UI_REDRAW;

	if (!rt->active || !ui_task_poll(&rt->t))
		return;
	/* The callback may start the next task in rt: it works on a copy of the finished one. */
	done_task = rt->t;
	rt->active = false;
	sk_wipe(&rt->t, sizeof rt->t);
	if (done)
		flags = done(ud, app, &done_task);
	sk_wipe(&done_task, sizeof done_task);
	apply(app, owner, flags);
}

static void draw_task(struct ui_app *app)
{
	struct running_task *rt = &app->task;
	char progress[160];
	int w = COLS - 6 < 64 ? COLS - 6 : 64;
	WINDOW *win = dlg_box(7, w);
	int64_t secs = (sk_now_ms() - rt->started) / 1000;

	if (win == NULL)
		return;
	int h;

	getmaxyx(win, h, w);
	(void)h;
	ui_task_progress(&rt->t, progress, sizeof progress);
	ui_draw_fmt(win, 0, 2, w - 4, UI_R_TITLE, " %s ", rt->title);
	ui_draw_fmt(win, 2, 2, w - 4, UI_R_NORMAL, "%s%s", rt->cancelling ? "Cancelling... " : "",
		    progress[0] ? progress : "Working...");
	ui_draw_fmt(win, 3, 2, w - 4, UI_R_DIM, "%lld s", (long long)secs);
	ui_draw_text(win, 5, 2, w - 4, "Esc cancels", UI_R_KEY);
	wnoutrefresh(win);
	delwin(win);
}

/* ---- layout and drawing ----------------------------------------------------------- */

/* The one resize path (docs/conventions.md 3): every window is recomputed from LINES and COLS. */
static void layout(struct ui_app *app)
{
	if (app->body) {
		delwin(app->body);
		app->body = NULL;
	}
	app->too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
	if (!app->too_small) {
		app->status_lines = status_need(app);
		app->body = newwin(LINES - 2 - app->status_lines, COLS, 1, 0);
		if (app->body == NULL)
			app->too_small = true;
	}
	clearok(curscr, TRUE);
	app->dirty = true;
}

static void draw_too_small(void)
{
	char msg[96];
	size_t n;
	char **lines;

	snprintf(msg, sizeof msg, "Terminal too small: enlarge to at least %dx%d", UI_MIN_COLS, UI_MIN_LINES);
	werase(stdscr);
	lines = ui_text_wrap(msg, COLS > 0 ? COLS : 1, false, &n);
	for (size_t i = 0; i < n && (int)i < LINES; i++)
		mvwaddnstr(stdscr, (int)i, 0, lines[i], COLS);
	ui_text_lines_free(lines, n);
	curs_set(0);
	wnoutrefresh(stdscr);
	doupdate();
}

static void draw_frame(struct ui_app *app)
{
	struct view *v = top(app);
	char crumbs[512] = " storekeys", hint[512] = "";
	enum ui_role role;
	enum ui_ctx ctxs[2];

	for (int i = 0; i < app->depth; i++) {
		const struct ui_view_ops *ops = app->views[i].ops;
		const char *t = ops->title ? ops->title(app->views[i].data) : ops->name;

		if (strlen(crumbs) + strlen(t) + 8 < sizeof crumbs) {
			strcat(crumbs, ui_app_sep(app));
			strcat(crumbs, t);
		}
	}
	wattrset(stdscr, ui_attr(UI_R_HEADER));
	mvwhline(stdscr, 0, 0, ' ', COLS);
	wattrset(stdscr, A_NORMAL);
	ui_draw_text(stdscr, 0, 0, COLS, crumbs, UI_R_HEADER);

	role = app->st_kind == UI_ST_ERROR ? UI_R_ERROR : app->st_kind == UI_ST_WARN ? UI_R_WARN
			  : app->st_kind == UI_ST_OK ? UI_R_OK : UI_R_NORMAL;
	if (app->status_lines > 1)
		ui_draw_wrapped(stdscr, LINES - 1 - app->status_lines, 0, COLS, app->status_lines, app->status, role);
	else
		ui_draw_text(stdscr, LINES - 2, 0, COLS, app->status, role);

	if (app->task.active)
		snprintf(hint, sizeof hint, "Esc cancel");
	else if (app->dlg.kind != DLG_NONE) {
		ctxs[0] = UI_CTX_DIALOG;
		ui_keys_hint(ctxs, 1, hint, sizeof hint);
	} else if (v) {
		/* The focused part's keys first, then the screen's. */
		ctxs[0] = v->ops->context ? v->ops->context(v->data) : v->ops->ctx;
		ctxs[1] = v->ops->ctx;
		ui_keys_hint(ctxs, ctxs[0] == ctxs[1] ? 1 : 2, hint, sizeof hint);
	}
	ui_draw_text(stdscr, LINES - 1, 0, COLS, hint, UI_R_DIM);
}

static void redraw(struct ui_app *app)
{
	struct view *v = top(app);

	app->dirty = false;
	if (app->too_small) {
		draw_too_small();
		return;
	}
	app->cursor.set = false;
	werase(stdscr);
	draw_frame(app);
	wnoutrefresh(stdscr);
	werase(app->body);
	if (v)
		v->ops->draw(v->data, app, app->body);
	wnoutrefresh(app->body);
	if (app->dlg.kind != DLG_NONE) {
		/* Only a prompt's own field may hold the cursor while a dialog is up. */
		app->cursor.set = false;
		draw_dialog(app);
	}
	if (app->task.active) {
		app->cursor.set = false;
		draw_task(app);
	}
	if (app->cursor.set) {
		curs_set(1);
		wmove(stdscr, app->cursor.y, app->cursor.x);
		wnoutrefresh(stdscr);
	} else {
		curs_set(0);
	}
	doupdate();
}

/* ---- events ------------------------------------------------------------------------- */

/* True when the top view runs work of its own and wants frequent ticks. */
static bool view_busy(struct ui_app *app)
{
	struct view *v = top(app);

	return v != NULL && v->ops->busy != NULL && v->ops->busy(v->data);
}

/* Read one event; false on timeout or when the event was consumed here (resize, paste markers). */
static bool read_event(struct ui_app *app, struct ui_event *ev)
{
	wint_t wch;
	int r;

	timeout(app->task.active || view_busy(app) ? TASK_TIMEOUT_MS : IDLE_TIMEOUT_MS);
	r = wget_wch(stdscr, &wch);
	memset(ev, 0, sizeof *ev);
	if (r == ERR) {
		/* A paste arrives in one burst: a quiet terminal means its end marker was lost. */
		if (app->paste) {
			app->paste = false;
			ev->type = UI_EV_PASTE_END;
			return true;
		}
		return false;
	}
	if (r == KEY_CODE_YES) {
		if (wch == KEY_RESIZE) {
			layout(app);
			return false;
		}
		if (wch == UI_KEY_PASTE_BEGIN) {
			app->paste = true;
			return false;
		}
		if (wch == UI_KEY_PASTE_END) {
			app->paste = false;
			ev->type = UI_EV_PASTE_END;
			return true;
		}
		/* Pasted text is data: an escape sequence inside it never becomes a key. */
		if (app->paste)
			return false;
		ev->type = UI_EV_KEY;
		ev->key.fn = true;
		ev->key.code = (int)wch;
		return true;
	}
	/* A pasted CR/LF is data, not Enter: the paste rules drop it in the field. */
	ev->type = app->paste ? UI_EV_PASTE : UI_EV_KEY;
	ev->key.fn = false;
	ev->key.code = (int)wch;
	return true;
}

static void dispatch(struct ui_app *app, const struct ui_event *ev)
{
	struct view *v;
	unsigned flags;
	int idx;

	if (app->task.active) {
		if (ev->type == UI_EV_KEY && !ev->key.fn && ev->key.code == 27 && !app->task.cancelling) {
			ui_task_cancel(&app->task.t);
			app->task.cancelling = true;
			app->dirty = true;
		}
		return;
	}
	if (ev->type == UI_EV_KEY && app->status[0]) {
		app->status[0] = '\0';
		status_fit(app);
	}
	if (app->dlg.kind != DLG_NONE) {
		dialog_key(app, ev);
		return;
	}
	v = top(app);
	if (v == NULL)
		return;
	idx = app->depth - 1;
	flags = v->ops->key(v->data, app, ev);
	if (!(flags & (UI_HANDLED | UI_CLOSE | UI_QUIT)) && ev->type == UI_EV_KEY) {
		switch (ui_keys_lookup(UI_CTX_GLOBAL, ev->key)) {
		case UI_ACT_HELP:
			ui_app_help(app);
			break;
		case UI_ACT_REDRAW:
			clearok(curscr, TRUE);
			break;
		default:
			break;
		}
	}
	apply(app, idx, flags | UI_REDRAW);
}

static void tick(struct ui_app *app)
{
	int64_t now = sk_now_ms();
	struct view *v = top(app);

	/* A view with work of its own (the audit) shows progress ten times a second. */
	if (now - app->last_tick < (view_busy(app) ? TASK_TIMEOUT_MS : 1000))
		return;
	app->last_tick = now;
	if (app->task.active)
		app->dirty = true;
	if (v && v->ops->tick && (v->ops->tick(v->data, app) & UI_REDRAW))
		app->dirty = true;
}

static void app_fini(struct ui_app *app)
{
	if (app->task.active) {
		/* Bounded: the HTTP client polls cancel every 100 ms, the keyring has its deadline. */
		ui_task_cancel(&app->task.t);
		if (ui_task_wait(&app->task.t, 3000))
			app->task.active = false;
	}
	dialog_close(app);
	while (app->depth > 0 && !app->task.active)
		remove_view(app, app->depth - 1);
	if (app->body)
		delwin(app->body);
	app->body = NULL;
	if (!app->task.active)
		sk_registry_clear(&app->reg);
}

int ui_app_main(const char *dir)
{
	static struct ui_app app; /* static: a worker may still hold it if a cancel does not land in time */
	int sig;

	memset(&app, 0, sizeof app);
	app.dir = dir;
	ui_term_prepare();
	if (!ui_term_start(&app.term))
		return sk_status_exit_code(SK_ERR_USAGE);
	ui_widgets_set_utf8(app.term.utf8);
	ui_app_reload(&app);
	ui_app_push(&app, &ui_view_accounts, NULL);
	layout(&app);
	while (!app.quit && ui_term_signal() == 0) {
		struct ui_event ev;

		if (app.dirty)
			redraw(&app);
		if (read_event(&app, &ev))
			dispatch(&app, &ev);
		poll_task(&app);
		tick(&app);
	}
	app_fini(&app);
	ui_term_stop();
	sig = ui_term_signal();
	return sig ? 128 + sig : app.exit_code;
}
