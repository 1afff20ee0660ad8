/* app.h - the TUI application: view stack, event loop, dialogs, background tasks, status line. */
#ifndef UI_APP_H
#define UI_APP_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "keys.h"
#include "registry.h"
#include "task.h"

/* What a key handler did (docs/conventions.md 2): the loop alone draws. */
#define UI_HANDLED 0x1u
#define UI_REDRAW 0x2u
#define UI_CLOSE 0x4u /* close this view */
#define UI_QUIT 0x8u

struct ui_app;

/* A screen (docs/conventions.md 1): a const table of callbacks; private state hangs off data. */
struct ui_view_ops {
	const char *name;                       /* "accounts" */
	enum ui_ctx ctx;                        /* key context for help and the footer */
	const enum ui_ctx *help;                /* more contexts for help, ended by UI_CTX_COUNT; or NULL */
	void *(*init)(struct ui_app *app, const void *arg);
	void (*fini)(void *data);               /* must wipe anything secret */
	const char *(*title)(void *data);       /* for the header; NULL: name */
	void (*draw)(void *data, struct ui_app *app, WINDOW *w);
	unsigned (*key)(void *data, struct ui_app *app, const struct ui_event *ev);
	unsigned (*tick)(void *data, struct ui_app *app);   /* optional: once a second, every 100 ms while busy */
	bool (*busy)(void *data);                           /* optional: work of its own is running (faster ticks) */
	void (*resume)(void *data, struct ui_app *app);     /* optional: on top again */
	enum ui_ctx (*context)(void *data);                 /* optional: footer context by focus */
};

enum ui_status_kind { UI_ST_INFO, UI_ST_OK, UI_ST_WARN, UI_ST_ERROR };

/* Run the TUI on the registry in dir (called by ui_run). */
int ui_app_main(const char *dir);

/* Views and their helpers. */
void ui_app_push(struct ui_app *app, const struct ui_view_ops *ops, const void *arg);
/* The registry directory the TUI works on. */
const char *ui_app_dir(struct ui_app *app);
/* The registry as last loaded (empty when it could not be read; see ui_app_registry_error). */
struct sk_registry *ui_app_registry(struct ui_app *app);
const struct sk_error *ui_app_registry_error(struct ui_app *app);
/* Reload the registry from disk; on failure the status line says why. */
bool ui_app_reload(struct ui_app *app);
bool ui_app_utf8(struct ui_app *app);
/* The control panel path separator: " › " or " > ". */
const char *ui_app_sep(struct ui_app *app);

void ui_app_status(struct ui_app *app, enum ui_status_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "CONTEXT: MESSAGE. WHAT TO DO" in the status line. */
void ui_app_error(struct ui_app *app, const char *context, const struct sk_error *err);

/* Where a focused text field puts the terminal cursor after this draw (pass to ui_draw_line/field). */
struct ui_cursor *ui_app_cursor(struct ui_app *app);

/* Dialog callbacks get the view's data; the return value is handled like a key handler's. */
typedef unsigned (*ui_confirm_fn)(void *ud, struct ui_app *app, bool yes);
typedef unsigned (*ui_prompt_fn)(void *ud, struct ui_app *app, bool ok, const char *value);

/* A modal yes/no question; "no" is focused first unless yes_default. */
void ui_app_confirm(struct ui_app *app, const char *title, const char *text, const char *yes, const char *no,
		    bool yes_default, ui_confirm_fn cb, void *ud);
/* A modal message with one OK button. */
void ui_app_message(struct ui_app *app, const char *title, const char *text);
/* A modal one-line input, prefilled with initial. */
void ui_app_prompt(struct ui_app *app, const char *title, const char *text, const char *initial, size_t cap,
		   ui_prompt_fn cb, void *ud);
/* The same with the input masked ('*' per character) and wiped: for secrets. */
void ui_app_prompt_secret(struct ui_app *app, const char *title, const char *text, size_t cap, ui_prompt_fn cb,
			  void *ud);

/*
 * Run a blocking core call on a worker thread with a progress box (Esc
 * cancels). done runs on the UI thread with the finished task; its return
 * value is handled like a key handler's. False when a task already runs.
 */
typedef unsigned (*ui_task_done_fn)(void *ud, struct ui_app *app, struct ui_task *t);
bool ui_app_task(struct ui_app *app, const char *title, void (*run)(struct ui_task *), ui_task_done_fn done,
		 void *ud);

/* Monotonic milliseconds (sk_now_ms), for countdowns. */
int64_t ui_app_now_ms(struct ui_app *app);

/* Open the pager with the help of the current view. */
void ui_app_help(struct ui_app *app);

#endif
