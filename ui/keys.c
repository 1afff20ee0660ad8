/* keys.c - the one table of key bindings: what each key does on each screen, with its help text. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "text.h"
#include "util.h"

#define CH(c) {.fn = false, .code = (c)}
#define FN(k) {.fn = true, .code = (k)}
#define CTRL(c) ((c) & 0x1f)
#define ESC 27

/* Rows with help == NULL are aliases of the row above with the same action. */
const struct ui_binding ui_bindings[] = {
	/* Accounts list (home) */
	{UI_CTX_ACCOUNTS, FN(KEY_UP), "Up", UI_ACT_UP, "Previous account", false},
	{UI_CTX_ACCOUNTS, CH('k'), "k", UI_ACT_UP, NULL, false},
	{UI_CTX_ACCOUNTS, FN(KEY_DOWN), "Down", UI_ACT_DOWN, "Next account", false},
	{UI_CTX_ACCOUNTS, CH('j'), "j", UI_ACT_DOWN, NULL, false},
	{UI_CTX_ACCOUNTS, FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "Page up", false},
	{UI_CTX_ACCOUNTS, FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "Page down", false},
	{UI_CTX_ACCOUNTS, FN(KEY_HOME), "Home", UI_ACT_TOP, "First account", false},
	{UI_CTX_ACCOUNTS, CH('g'), "g", UI_ACT_TOP, NULL, false},
	{UI_CTX_ACCOUNTS, FN(KEY_END), "End", UI_ACT_BOTTOM, "Last account", false},
	{UI_CTX_ACCOUNTS, CH('G'), "G", UI_ACT_BOTTOM, NULL, false},
	{UI_CTX_ACCOUNTS, CH('\n'), "Enter", UI_ACT_OPEN, "Details and scopes of the account", true},
	{UI_CTX_ACCOUNTS, CH('\r'), "Enter", UI_ACT_OPEN, NULL, false},
	{UI_CTX_ACCOUNTS, FN(KEY_ENTER), "Enter", UI_ACT_OPEN, NULL, false},
	{UI_CTX_ACCOUNTS, CH('/'), "/", UI_ACT_FILTER, "Filter as you type (name, store hash, UUID, kind)", true},
	{UI_CTX_ACCOUNTS, CH('n'), "n", UI_ACT_NEW, "New API account (step-by-step wizard)", true},
	{UI_CTX_ACCOUNTS, CH('d'), "d", UI_ACT_DELETE, "Delete the account (shows what is lost first)", true},
	{UI_CTX_ACCOUNTS, CH('w'), "w", UI_ACT_WEBHOOKS, "Webhooks of the account", true},
	{UI_CTX_ACCOUNTS, CH('R'), "R", UI_ACT_ROTATE, "Rotate the account: what a replacement takes over, and how", true},
	{UI_CTX_ACCOUNTS, CH('a'), "a", UI_ACT_AUDIT, "Audit every account: dead tokens, failing webhooks, blocklisted domains, e-mails", true},
	{UI_CTX_ACCOUNTS, CH('r'), "r", UI_ACT_REFRESH, "Reload the registry", false},
	{UI_CTX_ACCOUNTS, CH(ESC), "Esc", UI_ACT_FILTER_CLEAR, "Clear the filter", false},
	{UI_CTX_ACCOUNTS, CH('q'), "q", UI_ACT_QUIT, "Quit", true},

	/* The filter field of the accounts list */
	{UI_CTX_FILTER, CH('\n'), "Enter", UI_ACT_FILTER_DONE, "Keep the filter, back to the list", true},
	{UI_CTX_FILTER, CH('\r'), "Enter", UI_ACT_FILTER_DONE, NULL, false},
	{UI_CTX_FILTER, FN(KEY_ENTER), "Enter", UI_ACT_FILTER_DONE, NULL, false},
	{UI_CTX_FILTER, CH(ESC), "Esc", UI_ACT_FILTER_CLEAR, "Clear the filter, back to the list", true},
	{UI_CTX_FILTER, FN(KEY_UP), "Up", UI_ACT_UP, "Previous account", false},
	{UI_CTX_FILTER, FN(KEY_DOWN), "Down", UI_ACT_DOWN, "Next account", false},

	/* Every page of the create wizard */
	{UI_CTX_WIZARD, FN(KEY_NPAGE), "PgDn", UI_ACT_NEXT_PAGE, "Next page (only when the page is complete)", true},
	{UI_CTX_WIZARD, FN(KEY_PPAGE), "PgUp", UI_ACT_PREV_PAGE, "Previous page (Back)", true},
	{UI_CTX_WIZARD, CH('\n'), "Enter", UI_ACT_ACTIVATE, "Choose, press the focused button, or go on", true},
	{UI_CTX_WIZARD, CH('\r'), "Enter", UI_ACT_ACTIVATE, NULL, false},
	{UI_CTX_WIZARD, FN(KEY_ENTER), "Enter", UI_ACT_ACTIVATE, NULL, false},
	{UI_CTX_WIZARD, CH('\t'), "Tab", UI_ACT_NEXT_FIELD, "Next field or button", true},
	{UI_CTX_WIZARD, FN(KEY_BTAB), "Shift-Tab", UI_ACT_PREV_FIELD, "Previous field or button", false},
	{UI_CTX_WIZARD, FN(KEY_UP), "Up", UI_ACT_UP, "Previous choice or field", false},
	{UI_CTX_WIZARD, FN(KEY_DOWN), "Down", UI_ACT_DOWN, "Next choice or field", false},
	{UI_CTX_WIZARD, FN(KEY_LEFT), "Left", UI_ACT_LEFT, "Previous button (on a button)", false},
	{UI_CTX_WIZARD, FN(KEY_RIGHT), "Right", UI_ACT_RIGHT, "Next button (on a button)", false},
	{UI_CTX_WIZARD, CH(ESC), "Esc", UI_ACT_CANCEL, "Leave the wizard (asks first when something was typed)", true},

	/* The OAuth scopes page */
	{UI_CTX_SCOPES, FN(KEY_UP), "Up", UI_ACT_UP, "Previous resource", false},
	{UI_CTX_SCOPES, CH('k'), "k", UI_ACT_UP, NULL, false},
	{UI_CTX_SCOPES, FN(KEY_DOWN), "Down", UI_ACT_DOWN, "Next resource", false},
	{UI_CTX_SCOPES, CH('j'), "j", UI_ACT_DOWN, NULL, false},
	{UI_CTX_SCOPES, FN(KEY_HOME), "Home", UI_ACT_TOP, "First resource", false},
	{UI_CTX_SCOPES, FN(KEY_END), "End", UI_ACT_BOTTOM, "Last resource", false},
	{UI_CTX_SCOPES, FN(KEY_LEFT), "Left", UI_ACT_LEFT, "Lower level (store-level) / previous level (account-level)", true},
	{UI_CTX_SCOPES, CH('h'), "h", UI_ACT_LEFT, NULL, false},
	{UI_CTX_SCOPES, FN(KEY_RIGHT), "Right", UI_ACT_RIGHT, "Higher level (store-level) / next level (account-level)", true},
	{UI_CTX_SCOPES, CH('l'), "l", UI_ACT_RIGHT, NULL, false},
	{UI_CTX_SCOPES, CH(' '), "Space", UI_ACT_TOGGLE, "Toggle the level under the cursor", true},
	{UI_CTX_SCOPES, CH('p'), "p", UI_ACT_PRESET, "Apply the next preset", true},
	{UI_CTX_SCOPES, CH('x'), "x", UI_ACT_SCOPES_NONE, "Set every resource to None", false},

	/* The credentials page */
	{UI_CTX_CREDS, CH(CTRL('r')), "Ctrl-R", UI_ACT_REVEAL, "Reveal or mask the Client secret and Access token", true},
	{UI_CTX_CREDS, CH(CTRL('o')), "Ctrl-O", UI_ACT_ACTIVATE, "Import the .txt named in the last field (Enter there does it too)", false},

	/* Any text field */
	{UI_CTX_FIELD, FN(KEY_LEFT), "Left", UI_ACT_LEFT, "Cursor left", false},
	{UI_CTX_FIELD, FN(KEY_RIGHT), "Right", UI_ACT_RIGHT, "Cursor right", false},
	{UI_CTX_FIELD, FN(KEY_HOME), "Home", UI_ACT_ED_HOME, "Start of the field", false},
	{UI_CTX_FIELD, CH(CTRL('a')), "Ctrl-A", UI_ACT_ED_HOME, NULL, false},
	{UI_CTX_FIELD, FN(KEY_END), "End", UI_ACT_ED_END, "End of the field", false},
	{UI_CTX_FIELD, CH(CTRL('e')), "Ctrl-E", UI_ACT_ED_END, NULL, false},
	{UI_CTX_FIELD, FN(KEY_BACKSPACE), "Backspace", UI_ACT_ED_BACKSPACE, "Delete the character before the cursor", false},
	{UI_CTX_FIELD, CH(127), "Backspace", UI_ACT_ED_BACKSPACE, NULL, false},
	{UI_CTX_FIELD, CH(CTRL('h')), "Ctrl-H", UI_ACT_ED_BACKSPACE, NULL, false},
	{UI_CTX_FIELD, FN(KEY_DC), "Delete", UI_ACT_ED_DELETE, "Delete the character under the cursor", false},
	{UI_CTX_FIELD, CH(CTRL('u')), "Ctrl-U", UI_ACT_ED_KILL_START, "Delete to the start of the field", false},
	{UI_CTX_FIELD, CH(CTRL('k')), "Ctrl-K", UI_ACT_ED_KILL_END, "Delete to the end of the field", false},
	{UI_CTX_FIELD, CH(CTRL('w')), "Ctrl-W", UI_ACT_ED_KILL_WORD, "Delete the word before the cursor", false},

	/* Details and scopes review */
	{UI_CTX_DETAILS, FN(KEY_UP), "Up", UI_ACT_UP, "Scroll up", false},
	{UI_CTX_DETAILS, CH('k'), "k", UI_ACT_UP, NULL, false},
	{UI_CTX_DETAILS, FN(KEY_DOWN), "Down", UI_ACT_DOWN, "Scroll down", false},
	{UI_CTX_DETAILS, CH('j'), "j", UI_ACT_DOWN, NULL, false},
	{UI_CTX_DETAILS, FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "Page up", false},
	{UI_CTX_DETAILS, FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "Page down", false},
	{UI_CTX_DETAILS, CH('s'), "s", UI_ACT_REVEAL, "Reveal or hide the secrets (read from the keyring, wiped when hidden)", true},
	{UI_CTX_DETAILS, CH('p'), "p", UI_ACT_PROBE, "Probe scopes: one read-only GET per resource, recorded vs. real", true},
	{UI_CTX_DETAILS, CH('v'), "v", UI_ACT_VERIFY, "Verify the token now", true},
	{UI_CTX_DETAILS, CH('w'), "w", UI_ACT_WEBHOOKS, "Webhooks of the account", true},
	{UI_CTX_DETAILS, CH('d'), "d", UI_ACT_DELETE, "Delete the account", true},
	{UI_CTX_DETAILS, CH(ESC), "Esc", UI_ACT_BACK, "Back to the list", true},
	{UI_CTX_DETAILS, CH('q'), "q", UI_ACT_BACK, NULL, false},

	/* Delete */
	{UI_CTX_DELETE, CH('\t'), "Tab", UI_ACT_NEXT_FIELD, "Next field or button", true},
	{UI_CTX_DELETE, FN(KEY_BTAB), "Shift-Tab", UI_ACT_PREV_FIELD, "Previous field or button", false},
	{UI_CTX_DELETE, CH('\n'), "Enter", UI_ACT_ACTIVATE, "Press the focused button", true},
	{UI_CTX_DELETE, CH('\r'), "Enter", UI_ACT_ACTIVATE, NULL, false},
	{UI_CTX_DELETE, FN(KEY_ENTER), "Enter", UI_ACT_ACTIVATE, NULL, false},
	{UI_CTX_DELETE, FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "Scroll up", false},
	{UI_CTX_DELETE, FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "Scroll down", false},
	{UI_CTX_DELETE, CH(ESC), "Esc", UI_ACT_BACK, "Back without deleting", true},

	/* Webhook browser */
	{UI_CTX_WEBHOOKS, FN(KEY_UP), "Up", UI_ACT_UP, "Previous webhook", false},
	{UI_CTX_WEBHOOKS, CH('k'), "k", UI_ACT_UP, NULL, false},
	{UI_CTX_WEBHOOKS, FN(KEY_DOWN), "Down", UI_ACT_DOWN, "Next webhook", false},
	{UI_CTX_WEBHOOKS, CH('j'), "j", UI_ACT_DOWN, NULL, false},
	{UI_CTX_WEBHOOKS, FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "Page up", false},
	{UI_CTX_WEBHOOKS, FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "Page down", false},
	{UI_CTX_WEBHOOKS, FN(KEY_HOME), "Home", UI_ACT_TOP, "First webhook", false},
	{UI_CTX_WEBHOOKS, FN(KEY_END), "End", UI_ACT_BOTTOM, "Last webhook", false},
	{UI_CTX_WEBHOOKS, CH('\n'), "Enter", UI_ACT_DETAIL, "Show or hide the detail pane", false},
	{UI_CTX_WEBHOOKS, CH('\r'), "Enter", UI_ACT_DETAIL, NULL, false},
	{UI_CTX_WEBHOOKS, FN(KEY_ENTER), "Enter", UI_ACT_DETAIL, NULL, false},
	{UI_CTX_WEBHOOKS, CH('f'), "f", UI_ACT_STATUS_FILTER, "Filter by status: all, active, inactive, deactivated", true},
	{UI_CTX_WEBHOOKS, CH('s'), "s", UI_ACT_SORT, "Sort by the next column", true},
	{UI_CTX_WEBHOOKS, CH('S'), "S", UI_ACT_SORT_REVERSE, "Reverse the sort order", false},
	{UI_CTX_WEBHOOKS, CH('e'), "e", UI_ACT_EMAILS, "Edit the notification e-mails", true},
	{UI_CTX_WEBHOOKS, CH('a'), "a", UI_ACT_REACTIVATE, "Re-activate the selected (inactive) webhook", true},
	{UI_CTX_WEBHOOKS, CH('c'), "c", UI_ACT_NEW, "Create a webhook (event, https destination, headers, active)", true},
	{UI_CTX_WEBHOOKS, CH('E'), "E", UI_ACT_HOOK_EDIT, "Edit the selected webhook: destination, headers, active", true},
	{UI_CTX_WEBHOOKS, CH('D'), "D", UI_ACT_DELETE, "Delete the selected webhook (asks, naming it)", true},
	{UI_CTX_WEBHOOKS, CH('r'), "r", UI_ACT_REFRESH, "Reload from BigCommerce", true},
	{UI_CTX_WEBHOOKS, CH(ESC), "Esc", UI_ACT_BACK, "Back", true},
	{UI_CTX_WEBHOOKS, CH('q'), "q", UI_ACT_BACK, NULL, false},

	/* Audit */
	{UI_CTX_AUDIT, FN(KEY_UP), "Up", UI_ACT_UP, "Previous account or finding", false},
	{UI_CTX_AUDIT, CH('k'), "k", UI_ACT_UP, NULL, false},
	{UI_CTX_AUDIT, FN(KEY_DOWN), "Down", UI_ACT_DOWN, "Next account or finding", false},
	{UI_CTX_AUDIT, CH('j'), "j", UI_ACT_DOWN, NULL, false},
	{UI_CTX_AUDIT, FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "Page up", false},
	{UI_CTX_AUDIT, FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "Page down", false},
	{UI_CTX_AUDIT, FN(KEY_HOME), "Home", UI_ACT_TOP, "First line", false},
	{UI_CTX_AUDIT, CH('g'), "g", UI_ACT_TOP, NULL, false},
	{UI_CTX_AUDIT, FN(KEY_END), "End", UI_ACT_BOTTOM, "Last line", false},
	{UI_CTX_AUDIT, CH('G'), "G", UI_ACT_BOTTOM, NULL, false},
	{UI_CTX_AUDIT, CH('\t'), "Tab", UI_ACT_NEXT_FIELD, "Next section of the summary", false},
	{UI_CTX_AUDIT, FN(KEY_BTAB), "Shift-Tab", UI_ACT_PREV_FIELD, "Previous section of the summary", false},
	{UI_CTX_AUDIT, CH('\n'), "Enter", UI_ACT_OPEN, "Webhooks of the selected account", true},
	{UI_CTX_AUDIT, CH('\r'), "Enter", UI_ACT_OPEN, NULL, false},
	{UI_CTX_AUDIT, FN(KEY_ENTER), "Enter", UI_ACT_OPEN, NULL, false},
	{UI_CTX_AUDIT, CH('r'), "r", UI_ACT_REFRESH, "Run the audit again (re-reads the registry)", true},
	{UI_CTX_AUDIT, CH(ESC), "Esc", UI_ACT_BACK, "Cancel a running audit (results so far stay), else go back", true},
	{UI_CTX_AUDIT, CH('q'), "q", UI_ACT_BACK, NULL, false},

	/* Dialogs */
	{UI_CTX_DIALOG, CH('\n'), "Enter", UI_ACT_ACTIVATE, "Press the focused button", true},
	{UI_CTX_DIALOG, CH('\r'), "Enter", UI_ACT_ACTIVATE, NULL, false},
	{UI_CTX_DIALOG, FN(KEY_ENTER), "Enter", UI_ACT_ACTIVATE, NULL, false},
	{UI_CTX_DIALOG, CH('\t'), "Tab", UI_ACT_NEXT_FIELD, "Next button", false},
	{UI_CTX_DIALOG, FN(KEY_LEFT), "Left", UI_ACT_PREV_FIELD, "Previous button", false},
	{UI_CTX_DIALOG, FN(KEY_BTAB), "Shift-Tab", UI_ACT_PREV_FIELD, NULL, false},
	{UI_CTX_DIALOG, FN(KEY_RIGHT), "Right", UI_ACT_NEXT_FIELD, "Next button", false},
	{UI_CTX_DIALOG, CH('y'), "y", UI_ACT_YES, "Yes", true},
	{UI_CTX_DIALOG, CH('n'), "n", UI_ACT_NO, "No", true},
	{UI_CTX_DIALOG, CH(ESC), "Esc", UI_ACT_NO, NULL, false},

	/* Help and other read-only pages */
	/* Rotate: the plan, then the wizard, the carry-over and the delete */
	{UI_CTX_ROTATE, FN(KEY_UP), "Up", UI_ACT_UP, "Scroll up", false},
	{UI_CTX_ROTATE, FN(KEY_DOWN), "Down", UI_ACT_DOWN, "Scroll down", false},
	{UI_CTX_ROTATE, FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "Page up", false},
	{UI_CTX_ROTATE, FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "Page down", false},
	{UI_CTX_ROTATE, CH('n'), "n", UI_ACT_NEW, "Create the replacement (the wizard, pre-filled)", true},
	{UI_CTX_ROTATE, CH('u'), "u", UI_ACT_USE, "Use an account already added as the replacement", true},
	{UI_CTX_ROTATE, CH('c'), "c", UI_ACT_ROTATE, "Carry over to the replacement (again: continue)", true},
	{UI_CTX_ROTATE, CH('d'), "d", UI_ACT_DELETE, "Delete the old account (once all is carried over)", true},
	{UI_CTX_ROTATE, CH(ESC), "Esc", UI_ACT_BACK, "Back", true},
	{UI_CTX_ROTATE, CH('q'), "q", UI_ACT_BACK, NULL, false},

	{UI_CTX_PAGER, FN(KEY_UP), "Up", UI_ACT_UP, "Scroll up", false},
	{UI_CTX_PAGER, CH('k'), "k", UI_ACT_UP, NULL, false},
	{UI_CTX_PAGER, FN(KEY_DOWN), "Down", UI_ACT_DOWN, "Scroll down", false},
	{UI_CTX_PAGER, CH('j'), "j", UI_ACT_DOWN, NULL, false},
	{UI_CTX_PAGER, FN(KEY_PPAGE), "PgUp", UI_ACT_PGUP, "Page up", false},
	{UI_CTX_PAGER, FN(KEY_NPAGE), "PgDn", UI_ACT_PGDN, "Page down", false},
	{UI_CTX_PAGER, CH(' '), "Space", UI_ACT_PGDN, NULL, false},
	{UI_CTX_PAGER, CH(ESC), "Esc", UI_ACT_BACK, "Back", true},
	{UI_CTX_PAGER, CH('q'), "q", UI_ACT_BACK, NULL, false},

	/* Everywhere (unless a text field takes the key) */
	{UI_CTX_GLOBAL, CH('?'), "?", UI_ACT_HELP, "Help for this screen", true},
	{UI_CTX_GLOBAL, FN(KEY_F(1)), "F1", UI_ACT_HELP, NULL, false},
	{UI_CTX_GLOBAL, CH(CTRL('l')), "Ctrl-L", UI_ACT_REDRAW, "Redraw the screen", false},
};
const size_t ui_bindings_len = sizeof ui_bindings / sizeof ui_bindings[0];

static const char *const ctx_titles[UI_CTX_COUNT] = {
	[UI_CTX_ACCOUNTS] = "Accounts list",
	[UI_CTX_FILTER] = "Filter field (accounts list)",
	[UI_CTX_WIZARD] = "Create wizard (every page)",
	[UI_CTX_SCOPES] = "OAuth scopes page",
	[UI_CTX_CREDS] = "Credentials page",
	[UI_CTX_FIELD] = "Text fields",
	[UI_CTX_DETAILS] = "Details and scopes",
	[UI_CTX_DELETE] = "Delete",
	[UI_CTX_WEBHOOKS] = "Webhooks",
	[UI_CTX_AUDIT] = "Audit",
	[UI_CTX_DIALOG] = "Dialogs",
	[UI_CTX_PAGER] = "Help and read-only pages",
	[UI_CTX_GLOBAL] = "Everywhere",
	[UI_CTX_ROTATE] = "Rotate",
};

const char *ui_ctx_title(enum ui_ctx ctx)
{
	return ctx < UI_CTX_COUNT ? ctx_titles[ctx] : "";
}

static enum ui_action find(enum ui_ctx ctx, struct ui_key key)
{
	for (size_t i = 0; i < ui_bindings_len; i++) {
		const struct ui_binding *b = &ui_bindings[i];

		if (b->ctx == ctx && b->key.fn == key.fn && b->key.code == key.code)
			return b->act;
	}
	return UI_ACT_NONE;
}

enum ui_action ui_keys_lookup(enum ui_ctx ctx, struct ui_key key)
{
	enum ui_action a = find(ctx, key);

	return a != UI_ACT_NONE ? a : find(UI_CTX_GLOBAL, key);
}

/* "Up/k" for the row at i: its name plus the names of its alias rows (deduplicated). */
static void keys_of(size_t i, char *out, size_t size)
{
	const struct ui_binding *b = &ui_bindings[i];

	sk_strlcpy(out, b->keyname, size);
	for (size_t j = i + 1; j < ui_bindings_len && ui_bindings[j].help == NULL; j++) {
		const struct ui_binding *a = &ui_bindings[j];
		bool seen = strcmp(a->keyname, b->keyname) == 0;

		for (size_t k = i + 1; k < j && !seen; k++)
			seen = strcmp(ui_bindings[k].keyname, a->keyname) == 0;
		if (a->ctx != b->ctx || a->act != b->act || seen)
			continue;
		if (strlen(out) + strlen(a->keyname) + 2 < size) {
			strcat(out, "/");
			strcat(out, a->keyname);
		}
	}
}

static void push(char ***v, size_t *n, size_t *cap, const char *s)
{
	if (*n + 2 > *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*v = sk_xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = sk_strdup(s);
	(*v)[*n] = NULL;
}

static void help_ctx(enum ui_ctx ctx, char ***v, size_t *n, size_t *cap)
{
	char line[256], keys[64];

	snprintf(line, sizeof line, "%s", ui_ctx_title(ctx));
	push(v, n, cap, line);
	for (size_t i = 0; i < ui_bindings_len; i++) {
		if (ui_bindings[i].ctx != ctx || ui_bindings[i].help == NULL)
			continue;
		keys_of(i, keys, sizeof keys);
		snprintf(line, sizeof line, "  %-16s %s", keys, ui_bindings[i].help);
		push(v, n, cap, line);
	}
	push(v, n, cap, "");
}

char **ui_keys_help(const enum ui_ctx *ctxs, size_t nctx, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t i = 0; i < nctx; i++)
		help_ctx(ctxs[i], &v, n, &cap);
	help_ctx(UI_CTX_GLOBAL, &v, n, &cap);
	push(&v, n, &cap, "Pasting (bracketed paste) inserts text literally: a pasted newline never submits.");
	push(&v, n, &cap, "Ctrl-C quits at once; nothing half-done is saved.");
	return v;
}

void ui_keys_hint(const enum ui_ctx *ctxs, size_t nctx, char *out, size_t size)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t pass = 0; pass <= nctx; pass++) {
		enum ui_ctx c = pass < nctx ? ctxs[pass] : UI_CTX_GLOBAL;

		for (size_t i = 0; i < ui_bindings_len; i++) {
			const struct ui_binding *b = &ui_bindings[i];
			char item[96];
			int w;

			if (b->ctx != c || !b->hint || b->help == NULL)
				continue;
			/* The short form: the key and the first word of its help. */
			snprintf(item, sizeof item, "%s %.*s", b->keyname, (int)strcspn(b->help, " ,(:"), b->help);
			if (strstr(out, item) != NULL)
				continue;
			w = snprintf(out + used, size - used, "%s%s", used ? "  " : "", item);
			if (w < 0 || (size_t)w >= size - used) {
				out[used] = '\0';
				return;
			}
			used += (size_t)w;
		}
	}
}

void ui_keys_write(FILE *f)
{
	char keys[64];

	for (int c = 0; c < UI_CTX_COUNT; c++) {
		fprintf(f, "%s\n", ui_ctx_title((enum ui_ctx)c));
		for (size_t i = 0; i < ui_bindings_len; i++) {
			if (ui_bindings[i].ctx != (enum ui_ctx)c || ui_bindings[i].help == NULL)
				continue;
			keys_of(i, keys, sizeof keys);
			fprintf(f, "  %-16s %s\n", keys, ui_bindings[i].help);
		}
		fprintf(f, "\n");
	}
}

/* Write s for troff: a backslash doubled, a dash as \-, a leading dot or quote guarded. */
static void troff(FILE *f, const char *s, bool dashes)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-' && dashes)
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

void ui_keys_write_man(FILE *f)
{
	char keys[64];

	for (int c = 0; c < UI_CTX_COUNT; c++) {
		fputs(".SS ", f);
		troff(f, ui_ctx_title((enum ui_ctx)c), false);
		fputc('\n', f);
		for (size_t i = 0; i < ui_bindings_len; i++) {
			if (ui_bindings[i].ctx != (enum ui_ctx)c || ui_bindings[i].help == NULL)
				continue;
			keys_of(i, keys, sizeof keys);
			fputs(".TP 16\n.B ", f);
			troff(f, keys, true);
			fputc('\n', f);
			troff(f, ui_bindings[i].help, false);
			fputc('\n', f);
		}
	}
}
