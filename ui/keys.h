/* keys.h - the one table of key bindings: what each key does on each screen, with its help text. */
#ifndef UI_KEYS_H
#define UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where a binding applies. The help screen and the man page list them in this order. */
enum ui_ctx {
	UI_CTX_ACCOUNTS,
	UI_CTX_FILTER,
	UI_CTX_WIZARD,
	UI_CTX_SCOPES,
	UI_CTX_CREDS,
	UI_CTX_FIELD,
	UI_CTX_DETAILS,
	UI_CTX_DELETE,
	UI_CTX_WEBHOOKS,
	UI_CTX_AUDIT,
	UI_CTX_DIALOG,
	UI_CTX_PAGER, /* help and other read-only pages */
	UI_CTX_GLOBAL,
	UI_CTX_ROTATE,
	UI_CTX_COUNT
};

enum ui_action {
	UI_ACT_NONE,
	UI_ACT_QUIT,
	UI_ACT_BACK,
	UI_ACT_HELP,
	UI_ACT_REDRAW,
	UI_ACT_UP,
	UI_ACT_DOWN,
	UI_ACT_PGUP,
	UI_ACT_PGDN,
	UI_ACT_TOP,
	UI_ACT_BOTTOM,
	UI_ACT_LEFT,
	UI_ACT_RIGHT,
	UI_ACT_OPEN,
	UI_ACT_FILTER,
	UI_ACT_FILTER_DONE,
	UI_ACT_FILTER_CLEAR,
	UI_ACT_NEW,
	UI_ACT_DELETE,
	UI_ACT_WEBHOOKS,
	UI_ACT_AUDIT,
	UI_ACT_REFRESH,
	UI_ACT_NEXT_PAGE,
	UI_ACT_PREV_PAGE,
	UI_ACT_NEXT_FIELD,
	UI_ACT_PREV_FIELD,
	UI_ACT_ACTIVATE,
	UI_ACT_CANCEL,
	UI_ACT_TOGGLE,
	UI_ACT_PRESET,
	UI_ACT_SCOPES_NONE,
	UI_ACT_REVEAL,
	UI_ACT_PROBE,
	UI_ACT_VERIFY,
	UI_ACT_SORT,
	UI_ACT_SORT_REVERSE,
	UI_ACT_STATUS_FILTER,
	UI_ACT_EMAILS,
	UI_ACT_REACTIVATE,
	UI_ACT_HOOK_EDIT,
	UI_ACT_DETAIL,
	UI_ACT_YES,
	UI_ACT_NO,
	UI_ACT_ROTATE,
	UI_ACT_USE,
	/* line editing (text fields) */
	UI_ACT_ED_BACKSPACE,
	UI_ACT_ED_DELETE,
	UI_ACT_ED_HOME,
	UI_ACT_ED_END,
	UI_ACT_ED_KILL_START,
	UI_ACT_ED_KILL_END,
	UI_ACT_ED_KILL_WORD,
	UI_ACT_COUNT
};

/* A key as read: a function key (KEY_* from curses) or a character (code point). */
struct ui_key {
	bool fn;
	int code;
};

struct ui_binding {
	enum ui_ctx ctx;
	struct ui_key key;
	const char *keyname;   /* as shown in help and the man page: "Enter", "Ctrl-R", "/" */
	enum ui_action act;
	const char *help;      /* NULL: an alias of the row above with the same action */
	bool hint;             /* also shown in the footer */
};

extern const struct ui_binding ui_bindings[];
extern const size_t ui_bindings_len;

/* The action of a key in ctx, falling back to UI_CTX_GLOBAL; UI_ACT_NONE when unbound. */
enum ui_action ui_keys_lookup(enum ui_ctx ctx, struct ui_key key);

/* Title of a context ("Accounts list"). */
const char *ui_ctx_title(enum ui_ctx ctx);

/*
 * Help lines for a screen: its context, then any extra contexts (e.g. the
 * text-field keys), then the global keys; each line "  KEYS  HELP" with
 * the aliases joined by "/". Free with ui_text_lines_free.
 */
char **ui_keys_help(const enum ui_ctx *ctxs, size_t nctx, size_t *n);

/* The footer hint for some contexts (then the global keys): "n New  / Filter  ? Help" from the rows marked hint. */
void ui_keys_hint(const enum ui_ctx *ctxs, size_t nctx, char *out, size_t size);

/* Every screen's keys as plain text. */
void ui_keys_write(FILE *f);

/*
 * Every screen's keys as man page source (.SS per screen, .TP per key),
 * the block between the KEYS-BEGIN and KEYS-END marks of storekeys.1
 * (`tests/test_ui_keys --man` prints it; the test checks the page matches).
 */
void ui_keys_write_man(FILE *f);

/* One input event as the loop reads it and views and fields take it. */
enum ui_ev_type {
	UI_EV_KEY,      /* key: a function key or a typed character */
	UI_EV_PASTE,    /* key.code: one code point of a bracketed paste */
	UI_EV_PASTE_END /* the paste ended */
};

struct ui_event {
	enum ui_ev_type type;
	struct ui_key key;
};

#endif
