/* view_create.c - the create wizard: one page per control panel step, nothing saved until the end. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "model_create.h"
#include "scopes_page.h"
#include "text.h"
#include "util.h"
#include "vault.h"
#include "views.h"
#include "widgets.h"

enum slot_kind { SL_CHOICE, SL_FIELD, SL_SCOPES, SL_LIST, SL_BUTTON };
enum button { BTN_BACK, BTN_NEXT, BTN_IMPORT, BTN_VERIFY, BTN_SKIP, BTN_DELETE_TXT, BTN_NAME0, BTN_NAME1 };

struct slot {
	enum slot_kind kind;
	struct ui_field *field;
	enum button button;
};

#define MAX_SLOTS 10

struct create {
	struct ui_create m;
	char dir[PATH_MAX];
	int focus;          /* index into the page's slots */
	int choice;         /* cursor on a choice page */
	struct ui_scopes_page scopes;
	int text_top;       /* scroll of the long text pages (prerequisites, review) */
	struct sk_verify_result vr; /* filled by the worker */
	struct sk_account build;    /* what the worker saves */
};

static const enum ui_ctx create_help[] = {UI_CTX_SCOPES, UI_CTX_CREDS, UI_CTX_FIELD, UI_CTX_DIALOG, UI_CTX_COUNT};

static const char *const page_titles[UI_CP_COUNT] = {
	[UI_CP_LEVEL] = "What kind of API account?",
	[UI_CP_PREREQ] = "Before you start",
	[UI_CP_TOKEN_TYPE] = "Token type",
	[UI_CP_API_PATH] = "API path",
	[UI_CP_NAME] = "Name",
	[UI_CP_STENCIL] = "Stencil-CLI access level",
	[UI_CP_SCOPES] = "OAuth scopes",
	[UI_CP_REVIEW] = "Review: now create it in the control panel",
	[UI_CP_CREDS] = "Credentials",
	[UI_CP_VERIFY] = "Verify and save",
	[UI_CP_DONE] = "Saved",
};

/* ---- slots and focus ------------------------------------------------------------- */

static size_t page_slots(struct create *v, struct slot *s)
{
	struct ui_create *m = &v->m;
	size_t n = 0;

	switch (m->page) {
	case UI_CP_LEVEL:
	case UI_CP_TOKEN_TYPE:
	case UI_CP_STENCIL:
		s[n++] = (struct slot){.kind = SL_CHOICE};
		break;
	case UI_CP_API_PATH:
		s[n++] = (struct slot){.kind = SL_FIELD, .field = &m->api_path};
		break;
	case UI_CP_NAME:
		s[n++] = (struct slot){.kind = SL_FIELD, .field = &m->name};
		break;
	case UI_CP_SCOPES:
		s[n++] = (struct slot){.kind = SL_SCOPES};
		break;
	case UI_CP_PREREQ:
	case UI_CP_REVIEW:
		s[n++] = (struct slot){.kind = SL_LIST};
		break;
	case UI_CP_CREDS:
		s[n++] = (struct slot){.kind = SL_FIELD, .field = &m->client_id};
		s[n++] = (struct slot){.kind = SL_FIELD, .field = &m->client_secret};
		s[n++] = (struct slot){.kind = SL_FIELD, .field = &m->access_token};
		s[n++] = (struct slot){.kind = SL_FIELD, .field = &m->txt_path};
		s[n++] = (struct slot){.kind = SL_BUTTON, .button = BTN_IMPORT};
		/* The file names the account otherwise: one button per name it gives. */
		if (m->imported && ui_create_import_name_differs(m))
			for (size_t i = 0; i < m->nimport_names; i++)
				s[n++] = (struct slot){.kind = SL_BUTTON, .button = i == 0 ? BTN_NAME0 : BTN_NAME1};
		break;
	case UI_CP_VERIFY:
		s[n++] = (struct slot){.kind = SL_BUTTON, .button = BTN_VERIFY};
		if (m->verify == UI_VERIFY_UNREACHABLE)
			s[n++] = (struct slot){.kind = SL_BUTTON, .button = BTN_SKIP};
		break;
	case UI_CP_DONE:
		if (m->imported && !m->txt_deleted)
			s[n++] = (struct slot){.kind = SL_BUTTON, .button = BTN_DELETE_TXT};
		break;
	default:
		break;
	}
	if (m->page != UI_CP_DONE)
		s[n++] = (struct slot){.kind = SL_BUTTON, .button = BTN_BACK};
	s[n++] = (struct slot){.kind = SL_BUTTON, .button = BTN_NEXT};
	return n;
}

static struct slot focused(struct create *v)
{
	struct slot s[MAX_SLOTS];
	size_t n = page_slots(v, s);

	if (v->focus < 0 || (size_t)v->focus >= n)
		v->focus = 0;
	return s[v->focus];
}

static void focus_button(struct create *v, enum button b)
{
	struct slot s[MAX_SLOTS];
	size_t n = page_slots(v, s);

	for (size_t i = 0; i < n; i++)
		if (s[i].kind == SL_BUTTON && s[i].button == b)
			v->focus = (int)i;
}

static void focus_field(struct create *v, struct ui_field *f)
{
	struct slot s[MAX_SLOTS];
	size_t n = page_slots(v, s);

	for (size_t i = 0; i < n; i++)
		if (s[i].kind == SL_FIELD && s[i].field == f)
			v->focus = (int)i;
}

static enum ui_ctx create_context(void *data)
{
	struct create *v = data;
	struct slot s = focused(v);

	if (v->m.page == UI_CP_SCOPES && s.kind == SL_SCOPES)
		return UI_CTX_SCOPES;
	if (v->m.page == UI_CP_CREDS)
		return UI_CTX_CREDS;
	return UI_CTX_WIZARD;
}

/* ---- init ---------------------------------------------------------------------------- */

static void *create_init(struct ui_app *app, const void *arg)
{
	struct create *v = sk_xcalloc(1, sizeof *v);

	ui_create_init(&v->m, ui_app_registry(app));
	if (arg != NULL)
		ui_create_seed(&v->m, arg);
	sk_strlcpy(v->dir, ui_app_dir(app), sizeof v->dir);
	return v;
}

static void create_fini(void *data)
{
	struct create *v = data;

	ui_create_free(&v->m);
	sk_account_clear(&v->build);
	sk_wipe(v, sizeof *v);
	free(v);
}

static const char *create_title(void *data)
{
	return "New API account";
}

/* ---- drawing ------------------------------------------------------------------------- */

static const char *next_label(struct create *v)
{
	switch (v->m.page) {
	case UI_CP_REVIEW:
		return "Done in the control panel";
	case UI_CP_VERIFY:
		return "Save";
	case UI_CP_DONE:
		return "Finish";
	default:
		return "Next";
	}
}

static void draw_buttons(struct create *v, struct ui_app *app, WINDOW *w, int y, int wd)
{
	struct slot s[MAX_SLOTS];
	size_t n = page_slots(v, s);
	char why[SK_ERROR_MSG_MAX];
	bool valid = ui_create_page_valid(&v->m, why, sizeof why);
	int x = 2;

	for (size_t i = 0; i < n; i++) {
		const char *label;
		bool enabled = true;

		if (s[i].kind != SL_BUTTON)
			continue;
		switch (s[i].button) {
		case BTN_BACK:
			label = v->m.page == UI_CP_LEVEL ? "Cancel" : "< Back";
			break;
		case BTN_NEXT:
			label = next_label(v);
			/* Next stays disabled until the page is valid (docs/conventions.md 7). */
			enabled = valid;
			break;
		case BTN_IMPORT:
			continue; /* drawn beside its field */
		case BTN_VERIFY:
			label = v->m.verify == UI_VERIFY_NONE ? "Verify" : "Verify again";
			break;
		case BTN_SKIP:
			label = "Save without verifying";
			break;
		case BTN_DELETE_TXT:
		case BTN_NAME0:
		case BTN_NAME1:
			continue; /* drawn in the page */
		default:
			label = "?";
		}
		if (s[i].button == BTN_NEXT && v->m.page == UI_CP_VERIFY && v->m.verify == UI_VERIFY_SKIPPED)
			label = "Save without verifying";
		x += ui_draw_button(w, y, x, label, v->focus == (int)i, enabled) + 2;
	}
	if (!valid && why[0] && x < wd - 10)
		ui_draw_text(w, y, x, wd - x - 1, why, UI_R_DIM);
}

/*
 * A long text page: wrapped, scrolled with Up/Down, and a "more" line above
 * the buttons when it does not fit (small terminals).
 */
static void draw_text_page(struct create *v, struct ui_app *app, WINDOW *w, int y, int h, int wd, const char *text)
{
	size_t n;
	char **lines = ui_text_wrap(text, wd - 4, ui_app_utf8(app), &n);
	int avail = h - 2 - y, total = (int)n;

	if (v->text_top > total - avail)
		v->text_top = total - avail;
	if (v->text_top < 0)
		v->text_top = 0;
	for (int i = 0; i < avail && v->text_top + i < total; i++) {
		const char *ln = lines[v->text_top + i];

		ui_draw_text(w, y + i, 2, wd - 4, ln,
			     strstr(ln, "ONCE") || strstr(ln, "no way to show") ? UI_R_WARN : UI_R_NORMAL);
	}
	if (v->text_top + avail < total)
		ui_draw_fmt(w, h - 2, 2, wd - 4, UI_R_DIM, "(%d more lines: Down scrolls)", total - v->text_top - avail);
	else if (v->text_top > 0)
		ui_draw_text(w, h - 2, 2, wd - 4, "(Up scrolls back)", UI_R_DIM);
	ui_text_lines_free(lines, n);
}

static int draw_choices(struct create *v, WINDOW *w, int y, int wd, const char *const *labels,
			const char *const *texts, int n, int selected)
{
	bool focus = focused(v).kind == SL_CHOICE;

	for (int i = 0; i < n; i++) {
		ui_draw_radio(w, y++, 2, wd - 4, labels[i], i == selected, focus && i == selected);
		y += ui_draw_wrapped(w, y, 6, wd - 8, 3, texts[i], UI_R_DIM);
		y++;
	}
	return y;
}

static int draw_creds(struct create *v, struct ui_app *app, WINDOW *w, int y, int h, int wd)
{
	struct ui_create *m = &v->m;
	struct slot f = focused(v);
	struct ui_field *fields[] = {&m->client_id, &m->client_secret, &m->access_token};
	int label_w = 20;
	struct slot s[MAX_SLOTS];
	size_t n = page_slots(v, s);
	bool import_focus = false;

	for (size_t i = 0; i < n; i++)
		if (s[i].kind == SL_BUTTON && s[i].button == BTN_IMPORT && v->focus == (int)i)
			import_focus = true;
	for (int i = 0; i < 3; i++) {
		ui_draw_field(ui_app_cursor(app), w, y, 2, label_w, wd - 4, fields[i], f.field == fields[i],
			      (fields[i]->line.changed || f.field == fields[i]) ? 1 : 0);
		y += 2;
	}
	ui_draw_field(ui_app_cursor(app), w, y, 2, label_w, wd - 4 - 12, &m->txt_path, f.field == &m->txt_path, 0);
	ui_draw_button(w, y, wd - 12, "Import", import_focus, ui_line_text(&m->txt_path.line)[0] != '\0');
	y++;
	if (m->import_conflict[0])
		y += ui_draw_wrapped(w, y, 4, wd - 6, 2, m->import_conflict, UI_R_ERROR);
	else if (m->import_warn[0]) {
		y += ui_draw_wrapped(w, y, 4, wd - 6, 3, m->import_warn, UI_R_WARN);
		for (size_t i = 0; i < n; i++) {
			size_t k;
			char label[SK_NAME_MAX_BYTES * 8 + 64], clean[SK_NAME_MAX_BYTES * 8];

			if (s[i].kind != SL_BUTTON || (s[i].button != BTN_NAME0 && s[i].button != BTN_NAME1) || y >= h - 2)
				continue;
			k = s[i].button == BTN_NAME0 ? 0 : 1;
			/* Sanitized first so the width counts what is drawn (<U+200B> for invisible characters). */
			sk_sanitize(m->import_names[k], clean, sizeof clean);
			snprintf(label, sizeof label, "Use %s \"%s\"", m->import_labels[k], clean);
			ui_draw_button(w, y++, 6, label, v->focus == (int)i, true);
		}
	} else if (m->import_msg[0])
		y += ui_draw_wrapped(w, y, 4, wd - 6, 1, m->import_msg, UI_R_OK);
	if (y < h - 2)
		ui_draw_text(w, y, 4, wd - 6,
			     m->client_secret.line.reveal ? "Ctrl-R masks the secrets again." : "Secrets are masked; Ctrl-R reveals them.",
			     UI_R_DIM);
	return y;
}

static void draw_done(struct create *v, struct ui_app *app, WINDOW *w, int y, int h, int wd)
{
	struct ui_create *m = &v->m;
	char label[SK_NAME_MAX_BYTES + 128], buf[PATH_MAX + 256];
	struct slot s[MAX_SLOTS];
	size_t n = page_slots(v, s);

	ui_draw_fmt(w, y++, 2, wd - 4, UI_R_OK, "\"%s\" is saved%s.", v->build.name,
		    m->verify == UI_VERIFY_OK ? " and verified" : " (not verified)");
	y++;
	ui_draw_text(w, y++, 2, wd - 4, "The secrets are in your login keyring (Secret Service), as two items:", UI_R_NORMAL);
	ui_keyring_label(&v->build, false, label, sizeof label);
	snprintf(buf, sizeof buf, "\"%s\"", label);
	y += ui_draw_wrapped(w, y, 4, wd - 6, 2, buf, UI_R_NORMAL);
	ui_keyring_label(&v->build, true, label, sizeof label);
	snprintf(buf, sizeof buf, "\"%s\"", label);
	y += ui_draw_wrapped(w, y, 4, wd - 6, 2, buf, UI_R_NORMAL);
	snprintf(buf, sizeof buf, "The registry %s/registry.json holds the rest, no secrets.", v->dir);
	y += ui_draw_wrapped(w, y, 2, wd - 4, 2, buf, UI_R_NORMAL);
	snprintf(buf, sizeof buf, "Use it: storekeys token \"%s\"   (w: webhooks from the list)", v->build.name);
	y += ui_draw_wrapped(w, y, 2, wd - 4, 2, buf, UI_R_DIM);
	if (m->imported) {
		y++;
		if (m->txt_deleted) {
			ui_draw_fmt(w, y++, 2, wd - 4, UI_R_OK, "Deleted %s.", m->import_file);
		} else {
			snprintf(buf, sizeof buf, "%s still holds the secrets in plain text. Delete it once you no longer need it.",
				 m->import_file);
			y += ui_draw_wrapped(w, y, 2, wd - 4, 2, buf, UI_R_WARN);
			for (size_t i = 0; i < n; i++)
				if (s[i].kind == SL_BUTTON && s[i].button == BTN_DELETE_TXT && y < h - 1)
					ui_draw_button(w, y, 4, "Delete the .txt file", v->focus == (int)i, true);
		}
	}
}

static void create_draw(void *data, struct ui_app *app, WINDOW *w)
{
	struct create *v = data;
	struct ui_create *m = &v->m;
	int h, wd, y = 0, step, total = ui_create_step(m, &step);
	bool store = m->level == SK_LEVEL_STORE;
	char buf[1024];
	const char *sep = ui_app_sep(app);

	getmaxyx(w, h, wd);
	ui_draw_fmt(w, y++, 1, wd - 2, UI_R_TITLE, "Step %d of %d: %s", step, total, page_titles[m->page]);
	y++;
	switch (m->page) {
	case UI_CP_LEVEL: {
		const char *labels[] = {"Store-level API account", "Account-level API account"};
		const char *texts[] = {
			"For one store: the REST (V2/V3) and GraphQL Admin APIs, or a Stencil-CLI token. Up to 50 per store.",
			"For every store of your BigCommerce account: the GraphQL Account API. Only the store owner can create one."};

		draw_choices(v, w, y, wd, labels, texts, 2, store ? 0 : 1);
		break;
	}
	case UI_CP_PREREQ:
		if (store)
			snprintf(buf, sizeof buf,
				 "You create the account in the store's control panel (Settings%sStore-level API accounts) "
				 "and copy its credentials here.\n"
				 "- Your user needs the high-risk permissions the store owner grants (Create Store API Tokens).\n"
				 "- Viewing webhooks later needs the Read Webhooks permission.\n"
				 "- A store has at most 50 store-level API accounts.\n"
				 "The next pages follow the control panel's order. Nothing is saved until the last page; "
				 "Back works at any time.",
				 sep);
		else
			snprintf(buf, sizeof buf,
				 "Only the store owner can create account-level API accounts, at accounts.bigcommerce.com/tokens "
				 "or in a store's control panel (Settings%sAccount-level API accounts).\n"
				 "- The account reaches every store of your BigCommerce account.\n"
				 "- Its API allows about 70 requests per hour, so storekeys verifies it once.\n"
				 "The next pages follow the control panel's order. Nothing is saved until the last page; "
				 "Back works at any time.",
				 sep);
		draw_text_page(v, app, w, y, h, wd, buf);
		break;
	case UI_CP_TOKEN_TYPE: {
		const char *labels[] = {"V2/V3 API token", "Stencil-CLI token"};
		const char *texts[] = {"The REST and GraphQL Admin APIs, with the OAuth scopes you choose next.",
				       "For the Stencil CLI: theme development, or publishing themes."};

		y += ui_draw_wrapped(w, y, 2, wd - 4, 2,
				     "The control panel's Create API account page asks for the token type first:", UI_R_NORMAL);
		y++;
		draw_choices(v, w, y, wd, labels, texts, 2, m->token_type == SK_TOKEN_STENCIL ? 1 : 0);
		break;
	}
	case UI_CP_API_PATH:
		y += ui_draw_wrapped(w, y, 2, wd - 4, 4,
				     store ? "The Create API account page shows the API path, like "
					     "https://api.bigcommerce.com/stores/abc123/v3/ - paste it, or type just the store hash (abc123)."
					   : "The account's API path looks like https://api.bigcommerce.com/accounts/UUID/graphql - paste it, "
					     "or type just the account UUID.",
				     UI_R_NORMAL);
		y++;
		ui_draw_field(ui_app_cursor(app), w, y, 2, 10, wd - 4, &m->api_path, focused(v).field == &m->api_path, 3);
		break;
	case UI_CP_NAME:
		y += ui_draw_wrapped(w, y, 2, wd - 4, 3,
				     store ? "The name you will type in the control panel's Name field: at least 4 characters, "
					     "unique among the API accounts of the store."
					   : "The name you will type in the Name field: at least 4 characters, unique among the "
					     "account-level API accounts of the account.",
				     UI_R_NORMAL);
		y++;
		ui_draw_field(ui_app_cursor(app), w, y, 2, 6, wd - 4, &m->name, focused(v).field == &m->name, 3);
		break;
	case UI_CP_STENCIL: {
		const char *labels[] = {"local development only", "publish theme"};
		const char *texts[] = {"Can read theme related store data, but can not publish.",
				       "Can also push themes to the live storefront."};

		y = draw_choices(v, w, y, wd, labels, texts, 2, m->stencil == SK_STENCIL_PUBLISH ? 1 : 0);
		ui_draw_wrapped(w, y, 2, wd - 4, 3,
				"storekeys records the scopes of the matching preset (stencil-dev or stencil-publish: "
				"Sites & routes read-only, Themes read-only or modify); BigCommerce does not document them.",
				UI_R_DIM);
		break;
	}
	case UI_CP_SCOPES:
		ui_scopes_page_draw(&v->scopes, &m->scopes[m->level], focused(v).kind == SL_SCOPES, w, y, h, wd);
		break;
	case UI_CP_REVIEW: {
		size_t n, len = 1;
		char **lines = ui_create_review(m, sep, &n);
		char *all;

		for (size_t i = 0; i < n; i++)
			len += strlen(lines[i]) + 1;
		all = sk_xcalloc(len, 1);
		for (size_t i = 0; i < n; i++) {
			strcat(all, lines[i]);
			if (i + 1 < n)
				strcat(all, "\n");
		}
		draw_text_page(v, app, w, y, h, wd, all);
		free(all);
		ui_text_lines_free(lines, n);
		break;
	}
	case UI_CP_CREDS:
		y += ui_draw_wrapped(w, y, 2, wd - 4, 2,
				     "Copy them from the pop-up BigCommerce shows after Save (paste works), or import the .txt it downloaded.",
				     UI_R_NORMAL);
		draw_creds(v, app, w, y, h, wd);
		break;
	case UI_CP_VERIFY:
		y += ui_draw_wrapped(w, y, 2, wd - 4, 3,
				     store ? "storekeys tries the token: GET /v3/hooks?limit=1, then /v2/store for the store's name "
					     "when the scopes allow it. Nothing is written to BigCommerce."
					   : "storekeys tries the token with one GraphQL Account API query (the account API allows "
					     "about 70 requests per hour).",
				     UI_R_NORMAL);
		y++;
		switch (m->verify) {
		case UI_VERIFY_NONE:
			ui_draw_text(w, y, 2, wd - 4, "Not verified yet.", UI_R_NORMAL);
			break;
		case UI_VERIFY_OK:
			y += ui_draw_wrapped(w, y, 2, wd - 4, 2, m->verify_msg, UI_R_OK);
			ui_draw_text(w, y + 1, 2, wd - 4, "Save stores the secrets in the keyring and the rest in the registry.",
				     UI_R_NORMAL);
			break;
		case UI_VERIFY_REJECTED:
			y += ui_draw_wrapped(w, y, 2, wd - 4, 3, m->verify_msg, UI_R_ERROR);
			ui_draw_text(w, y + 1, 2, wd - 4, "Go Back and check the credentials.", UI_R_NORMAL);
			break;
		case UI_VERIFY_UNREACHABLE:
			y += ui_draw_wrapped(w, y, 2, wd - 4, 3, m->verify_msg, UI_R_WARN);
			ui_draw_wrapped(w, y + 1, 2, wd - 4, 2,
					"The API could not be reached. Retry, or save without verifying and verify later "
					"(v on the account's details).",
					UI_R_NORMAL);
			break;
		case UI_VERIFY_SKIPPED:
			ui_draw_text(w, y, 2, wd - 4, "Not verified: it will be saved without verification.", UI_R_WARN);
			break;
		}
		break;
	case UI_CP_DONE:
		draw_done(v, app, w, y, h - 2, wd);
		break;
	default:
		break;
	}
	draw_buttons(v, app, w, h - 1, wd);
}

/* ---- tasks --------------------------------------------------------------------------- */

static void verify_run(struct ui_task *t)
{
	struct create *v = t->ud;

	ui_task_set_progress(t, "Contacting BigCommerce...");
	memset(&v->vr, 0, sizeof v->vr);
	t->status = sk_bc_verify(&v->build, ui_line_text(&v->m.access_token.line), &t->call, &v->vr, &t->err);
}

static unsigned verify_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct create *v = ud;

	ui_create_verified(&v->m, t->status, &t->err, &v->vr);
	if (t->status == SK_ERR_CANCELLED)
		snprintf(v->m.verify_msg, sizeof v->m.verify_msg, "Verification cancelled.");
	focus_button(v, v->m.verify == UI_VERIFY_OK ? BTN_NEXT : v->m.verify == UI_VERIFY_UNREACHABLE ? BTN_SKIP : BTN_BACK);
	return UI_REDRAW;
}

static void start_verify(struct create *v, struct ui_app *app)
{
	sk_account_clear(&v->build);
	ui_create_build(&v->m, &v->build, (int64_t)time(NULL));
	v->m.verify = UI_VERIFY_NONE;
	ui_app_task(app, "Verifying the credentials", verify_run, verify_done, v);
}

static void save_run(struct ui_task *t)
{
	struct create *v = t->ud;

	ui_task_set_progress(t, "Storing the secrets in the keyring...");
	t->status = sk_vault_add(v->dir, &v->build, ui_line_text(&v->m.client_secret.line),
				 ui_line_text(&v->m.access_token.line), &t->err);
}

static unsigned save_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct create *v = ud;

	if (t->status != SK_OK) {
		ui_app_error(app, "Not saved", &t->err);
		return UI_REDRAW;
	}
	v->m.saved = true;
	sk_strlcpy(v->m.saved_id, v->build.id, sizeof v->m.saved_id);
	/* The secrets are in the keyring now: drop every copy the wizard held (R6). */
	ui_line_clear(&v->m.client_secret.line);
	ui_line_clear(&v->m.access_token.line);
	v->m.page = UI_CP_DONE;
	v->focus = 0;
	ui_app_reload(app);
	ui_app_status(app, UI_ST_OK, "Saved \"%s\".", v->build.name);
	return UI_REDRAW;
}

static void start_save(struct create *v, struct ui_app *app)
{
	sk_account_clear(&v->build);
	ui_create_build(&v->m, &v->build, (int64_t)time(NULL));
	ui_app_task(app, "Saving", save_run, save_done, v);
}

/* ---- navigation ---------------------------------------------------------------------- */

static void enter_page(struct create *v, struct ui_app *app, enum ui_cpage p)
{
	struct slot s[MAX_SLOTS];

	v->m.page = p;
	v->focus = 0;
	v->text_top = 0;
	/* A page without inputs starts on its Next button, so Enter goes on. */
	page_slots(v, s);
	if (s[0].kind == SL_BUTTON && s[0].button == BTN_BACK)
		focus_button(v, BTN_NEXT);
	switch (p) {
	case UI_CP_LEVEL:
		v->choice = v->m.level == SK_LEVEL_STORE ? 0 : 1;
		break;
	case UI_CP_TOKEN_TYPE:
		v->choice = v->m.token_type == SK_TOKEN_STENCIL ? 1 : 0;
		break;
	case UI_CP_STENCIL:
		v->choice = v->m.stencil == SK_STENCIL_PUBLISH ? 1 : 0;
		break;
	case UI_CP_API_PATH:
	case UI_CP_NAME: {
		char why[SK_ERROR_MSG_MAX];

		/* Show the message at once when coming back to a filled-in field. */
		ui_create_page_valid(&v->m, why, sizeof why);
		break;
	}
	case UI_CP_VERIFY:
		start_verify(v, app);
		break;
	default:
		break;
	}
}

static unsigned cancel_answer(void *ud, struct ui_app *app, bool yes)
{
	return yes ? UI_CLOSE : UI_REDRAW;
}

static unsigned leave(struct create *v, struct ui_app *app)
{
	if (v->m.page == UI_CP_DONE || !ui_create_dirty(&v->m))
		return UI_CLOSE;
	ui_app_confirm(app, "Leave the wizard?",
		       "Nothing has been saved. What you typed on these pages will be discarded.", "Leave", "Stay",
		       false, cancel_answer, v);
	return UI_HANDLED;
}

static unsigned go_next(struct create *v, struct ui_app *app)
{
	struct ui_create *m = &v->m;
	char why[SK_ERROR_MSG_MAX];
	enum ui_cpage next;

	if (m->page == UI_CP_DONE)
		return UI_CLOSE;
	if (!ui_create_page_valid(m, why, sizeof why)) {
		struct ui_field *fields[] = {&m->api_path, &m->name, &m->client_id, &m->client_secret, &m->access_token};

		ui_app_status(app, UI_ST_ERROR, "%s", why);
		for (size_t i = 0; i < 5 && m->page != UI_CP_VERIFY; i++) {
			if (fields[i]->visible && !fields[i]->valid && fields[i]->msg[0]) {
				focus_field(v, fields[i]);
				break;
			}
		}
		return UI_HANDLED;
	}
	if (m->page == UI_CP_CREDS)
		ui_create_trim_creds(m);
	if (m->page == UI_CP_VERIFY) {
		start_save(v, app);
		return UI_HANDLED;
	}
	next = ui_create_next_page(m);
	if (next != UI_CP_COUNT)
		enter_page(v, app, next);
	return UI_HANDLED;
}

static unsigned go_back(struct create *v, struct ui_app *app)
{
	enum ui_cpage prev = ui_create_prev_page(&v->m);

	if (v->m.page == UI_CP_DONE)
		return UI_HANDLED;
	if (prev == UI_CP_COUNT)
		return leave(v, app);
	enter_page(v, app, prev);
	return UI_HANDLED;
}

static void set_choice(struct create *v, int c)
{
	struct ui_create *m = &v->m;

	if (c < 0 || c > 1)
		return;
	v->choice = c;
	switch (m->page) {
	case UI_CP_LEVEL:
		if (m->level != (c ? SK_LEVEL_ACCOUNT : SK_LEVEL_STORE)) {
			m->level = c ? SK_LEVEL_ACCOUNT : SK_LEVEL_STORE;
			/* Another level makes the path and name checks start over. */
			m->api_path.msg[0] = m->name.msg[0] = '\0';
		}
		break;
	case UI_CP_TOKEN_TYPE:
		m->token_type = c ? SK_TOKEN_STENCIL : SK_TOKEN_V2V3;
		break;
	case UI_CP_STENCIL:
		m->stencil = c ? SK_STENCIL_PUBLISH : SK_STENCIL_DEV;
		break;
	default:
		break;
	}
}

static unsigned import_txt(struct create *v, struct ui_app *app)
{
	struct sk_error err = {0};

	if (ui_create_import(&v->m, ui_line_text(&v->m.txt_path.line), &err) != SK_OK) {
		ui_app_error(app, "Import", &err);
		return UI_HANDLED;
	}
	if (v->m.import_conflict[0]) {
		/* Stay on the path field: the fix is another file or going Back. */
		ui_app_status(app, UI_ST_ERROR, "The file contradicts an earlier page: %s", v->m.import_conflict);
		focus_field(v, &v->m.txt_path);
		return UI_HANDLED;
	}
	ui_app_status(app, UI_ST_OK, "Imported %s.", v->m.import_file);
	/* A name to choose stays on the path field (Tab reaches the name buttons; another file is one C-u away). */
	focus_button(v, v->m.import_warn[0] ? BTN_IMPORT : BTN_NEXT);
	if (v->m.import_warn[0])
		focus_field(v, &v->m.txt_path);
	return UI_HANDLED;
}

static unsigned delete_txt_answer(void *ud, struct ui_app *app, bool yes)
{
	struct create *v = ud;
	struct sk_error err = {0};

	if (!yes)
		return UI_REDRAW;
	/* "Deleted" only when no other name of the data remains (no symlink, no other hard link). */
	if (sk_credfile_delete(v->m.import_file, &err) != SK_OK) {
		ui_app_error(app, "Not deleted", &err);
		return UI_REDRAW;
	}
	v->m.txt_deleted = true;
	v->focus = 0;
	ui_app_status(app, UI_ST_OK, "Deleted %s.", v->m.import_file);
	return UI_REDRAW;
}

static unsigned press(struct create *v, struct ui_app *app, enum button b)
{
	char text[PATH_MAX + 200];

	switch (b) {
	case BTN_BACK:
		return go_back(v, app);
	case BTN_NEXT:
		return go_next(v, app);
	case BTN_IMPORT:
		return import_txt(v, app);
	case BTN_VERIFY:
		start_verify(v, app);
		return UI_HANDLED;
	case BTN_SKIP:
		v->m.verify = UI_VERIFY_SKIPPED;
		start_save(v, app);
		return UI_HANDLED;
	case BTN_NAME0:
	case BTN_NAME1: {
		struct sk_error err = {0};
		size_t k = b == BTN_NAME0 ? 0 : 1;

		if (ui_create_use_import_name(&v->m, k, &err) != SK_OK) {
			ui_app_error(app, "That name", &err);
			return UI_HANDLED;
		}
		ui_app_status(app, UI_ST_OK, "The account will be named as the file's %s says.", v->m.import_labels[k]);
		focus_button(v, BTN_NEXT);
		return UI_HANDLED;
	}
	case BTN_DELETE_TXT:
		snprintf(text, sizeof text,
			 "Delete %s? The secrets are safe in the keyring now; the file holds them in plain text.",
			 v->m.import_file);
		ui_app_confirm(app, "Delete the .txt file?", text, "Delete", "Keep", false, delete_txt_answer, v);
		return UI_HANDLED;
	}
	return 0;
}

static void move_focus(struct create *v, int dir)
{
	struct slot s[MAX_SLOTS];
	int n = (int)page_slots(v, s);

	v->focus = (v->focus + dir + n) % n;
}

static unsigned create_key(void *data, struct ui_app *app, const struct ui_event *ev)
{
	struct create *v = data;
	struct ui_create *m = &v->m;
	struct slot s = focused(v);
	enum ui_action act = ev->type == UI_EV_KEY ? ui_keys_lookup(UI_CTX_WIZARD, ev->key) : UI_ACT_NONE;
	unsigned r;

	if (m->page == UI_CP_CREDS && ev->type == UI_EV_KEY) {
		enum ui_action ca = ui_keys_lookup(UI_CTX_CREDS, ev->key);

		if (ca == UI_ACT_REVEAL) {
			bool on = !m->client_secret.line.reveal;

			m->client_secret.line.reveal = m->access_token.line.reveal = on;
			return UI_HANDLED;
		}
		if (ca == UI_ACT_ACTIVATE)
			return import_txt(v, app);
	}
	if (s.kind == SL_SCOPES && ev->type == UI_EV_KEY && (r = ui_scopes_page_key(&v->scopes, &m->scopes[m->level], app, ui_keys_lookup(UI_CTX_SCOPES, ev->key))))
		return r;

	switch (act) {
	case UI_ACT_NEXT_PAGE:
		return go_next(v, app);
	case UI_ACT_PREV_PAGE:
		return go_back(v, app);
	case UI_ACT_CANCEL:
		return leave(v, app);
	case UI_ACT_NEXT_FIELD:
		move_focus(v, 1);
		return UI_HANDLED;
	case UI_ACT_PREV_FIELD:
		move_focus(v, -1);
		return UI_HANDLED;
	case UI_ACT_UP:
	case UI_ACT_DOWN:
		if (s.kind == SL_CHOICE) {
			set_choice(v, v->choice + (act == UI_ACT_UP ? -1 : 1));
			return UI_HANDLED;
		}
		if (s.kind == SL_LIST) {
			v->text_top += act == UI_ACT_UP ? -1 : 1;
			return UI_HANDLED;
		}
		move_focus(v, act == UI_ACT_UP ? -1 : 1);
		return UI_HANDLED;
	case UI_ACT_LEFT:
	case UI_ACT_RIGHT:
		if (s.kind == SL_BUTTON) {
			move_focus(v, act == UI_ACT_LEFT ? -1 : 1);
			return UI_HANDLED;
		}
		break;
	case UI_ACT_ACTIVATE:
		if (s.kind == SL_BUTTON)
			return press(v, app, s.button);
		if (s.kind == SL_FIELD && s.field == &m->txt_path)
			return import_txt(v, app);
		if (s.kind == SL_FIELD && m->page == UI_CP_CREDS && s.field != &m->access_token) {
			move_focus(v, 1);
			return UI_HANDLED;
		}
		return go_next(v, app);
	default:
		break;
	}
	if (s.kind == SL_FIELD && ui_line_key(&s.field->line, ev)) {
		/* Live validation on every keystroke. */
		ui_field_validate(s.field);
		if (s.field == &m->api_path)
			ui_field_validate(&m->name);
		return UI_HANDLED;
	}
	return 0;
}

const struct ui_view_ops ui_view_create = {
	.name = "create",
	.ctx = UI_CTX_WIZARD,
	.help = create_help,
	.init = create_init,
	.fini = create_fini,
	.title = create_title,
	.draw = create_draw,
	.key = create_key,
	.context = create_context,
};
