/* view_accounts.c - the home screen: every account grouped by level and store, filter, actions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "lineedit.h"
#include "model_accounts.h"
#include "scopes.h"
#include "text.h"
#include "util.h"
#include "views.h"
#include "widgets.h"

struct accounts {
	struct ui_acct_list list;
	long sel;           /* row index of the selected account, -1 none */
	int top;
	bool filtering;     /* the filter field has focus */
	struct ui_line filter;
	char sel_id[37];    /* keeps the selection across rebuilds */
	int page;           /* rows per page at the last draw */
};

static const enum ui_ctx accounts_help[] = {UI_CTX_FILTER, UI_CTX_FIELD, UI_CTX_COUNT};

static void rebuild(struct accounts *s, struct ui_app *app)
{
	struct sk_registry *reg = ui_app_registry(app);

	ui_acct_list_build(&s->list, reg, ui_line_text(&s->filter));
	s->sel = ui_acct_list_find(&s->list, reg, s->sel_id);
	if (s->sel >= 0)
		sk_strlcpy(s->sel_id, reg->accounts[s->list.rows[s->sel].idx].id, sizeof s->sel_id);
}

static void *accounts_init(struct ui_app *app, const void *arg)
{
	struct accounts *s = sk_xcalloc(1, sizeof *s);

	ui_line_init(&s->filter, 128, false);
	s->sel = -1;
	rebuild(s, app);
	return s;
}

static void accounts_fini(void *data)
{
	struct accounts *s = data;

	ui_acct_list_clear(&s->list);
	ui_line_free(&s->filter);
	free(s);
}

static void accounts_resume(void *data, struct ui_app *app)
{
	/* Back home: pick up what another storekeys (the CLI) changed meanwhile. */
	ui_app_reload(app);
	rebuild(data, app);
}

static const char *accounts_title(void *data)
{
	return "Accounts";
}

static enum ui_ctx accounts_context(void *data)
{
	return ((struct accounts *)data)->filtering ? UI_CTX_FILTER : UI_CTX_ACCOUNTS;
}

static const struct sk_account *selected(struct accounts *s, struct ui_app *app)
{
	if (s->sel < 0 || (size_t)s->sel >= s->list.n)
		return NULL;
	return &ui_app_registry(app)->accounts[s->list.rows[s->sel].idx];
}

static const char *short_kind(const struct sk_account *a)
{
	if (a->level == SK_LEVEL_ACCOUNT)
		return "Account-level";
	if (a->token_type == SK_TOKEN_V2V3)
		return "V2/V3 token";
	return a->stencil == SK_STENCIL_PUBLISH ? "Stencil publish" : "Stencil dev";
}

static void draw_first_run(struct ui_app *app, WINDOW *w, int h, int wd)
{
	int y = 1;

	ui_draw_text(w, y++, 2, wd - 4, "Welcome to storekeys", UI_R_TITLE);
	y++;
	y += ui_draw_wrapped(w, y, 2, wd - 4, 6,
			     "storekeys keeps the secrets of your BigCommerce API accounts (client secret and access "
			     "token) in your login keyring, and what is not secret (name, store, scopes) in a local "
			     "registry. It walks you through creating an API account in the control panel, step by "
			     "step, and checks that the token works.",
			     UI_R_NORMAL);
	y++;
	ui_draw_text(w, y++, 2, wd - 4, "You have no API accounts yet.", UI_R_NORMAL);
	y++;
	ui_draw_button(w, y++, 4, "Create your first API account", true, true);
	y++;
	ui_draw_text(w, y, 2, wd - 4, "Press n or Enter to start, ? for help, q to quit.", UI_R_DIM);
}

static void draw_load_error(struct ui_app *app, WINDOW *w, int wd)
{
	char sentence[SK_ERROR_MSG_MAX + 300];

	ui_error_sentence(ui_app_registry_error(app), sentence, sizeof sentence);
	ui_draw_text(w, 1, 2, wd - 4, "The registry could not be read", UI_R_ERROR);
	ui_draw_wrapped(w, 3, 2, wd - 4, 6, sentence, UI_R_NORMAL);
	ui_draw_text(w, 10, 2, wd - 4, "Press r to try again, q to quit.", UI_R_DIM);
}

struct cols {
	int name, kind, owner, scopes, verified;
};

static struct cols columns(int wd)
{
	struct cols c = {0};
	int rest;

	c.verified = 16;
	c.kind = 15;
	/* Narrower, the group headers above the rows name the store or account. */
	c.owner = wd >= 120 ? 36 : 0;
	rest = wd - 4 - c.verified - c.kind - c.owner - (c.owner ? 4 : 3);
	if (wd >= 80) {
		c.name = rest * 45 / 100;
		c.scopes = rest - c.name - 1;
	} else {
		c.name = rest;
	}
	return c;
}

static void draw_row(struct accounts *s, struct ui_app *app, WINDOW *w, int y, int wd, size_t i)
{
	const struct ui_acct_row *r = &s->list.rows[i];
	struct sk_registry *reg = ui_app_registry(app);
	struct cols c = columns(wd);
	char buf[512];

	if (r->kind == UI_ROW_GROUP) {
		snprintf(buf, sizeof buf, "Account-level accounts of %s", r->owner);
		ui_draw_text(w, y, 0, wd, buf, UI_R_TITLE);
		return;
	}
	if (r->kind == UI_ROW_STORE) {
		if (r->store_name[0])
			snprintf(buf, sizeof buf, "Store %s (%s)", r->owner, r->store_name);
		else
			snprintf(buf, sizeof buf, "Store %s", r->owner);
		ui_draw_text(w, y, 0, wd - 10, buf, UI_R_TITLE);
		ui_draw_fmt(w, y, wd - 8, 8, r->count >= SK_STORE_MAX_ACCOUNTS ? UI_R_WARN : UI_R_DIM, "%5zu/%d",
			    r->count, SK_STORE_MAX_ACCOUNTS);
		return;
	}
	{
		const struct sk_account *a = &reg->accounts[r->idx];
		bool on = (long)i == s->sel;
		enum ui_role role = on ? UI_R_SELECTED : UI_R_NORMAL;
		int x = 2;
		char when[32];

		if (on) {
			wattrset(w, ui_attr(UI_R_SELECTED));
			mvwhline(w, y, 0, ' ', wd);
			wattrset(w, A_NORMAL);
		}
		ui_draw_text(w, y, x, c.name, a->name, role);
		x += c.name + 1;
		ui_draw_text(w, y, x, c.kind, short_kind(a), role);
		x += c.kind + 1;
		if (c.owner) {
			ui_draw_text(w, y, x, c.owner, sk_account_owner(a), role);
			x += c.owner + 1;
		}
		if (c.scopes > 0) {
			sk_scopes_summary(a->scopes, a->nscopes, buf, sizeof buf);
			ui_draw_text(w, y, x, c.scopes, buf, role);
			x += c.scopes + 1;
		}
		if (a->verified)
			sk_time_str(a->verified, when, sizeof when);
		else
			snprintf(when, sizeof when, "never");
		ui_draw_text(w, y, x, c.verified, when, role);
	}
}

static void accounts_draw(void *data, struct ui_app *app, WINDOW *w)
{
	struct accounts *s = data;
	struct sk_registry *reg = ui_app_registry(app);
	int h, wd, y = 0, listh;
	struct cols c;

	getmaxyx(w, h, wd);
	if (ui_app_registry_error(app)->code != SK_OK && reg->n == 0) {
		draw_load_error(app, w, wd);
		return;
	}
	if (reg->n == 0) {
		draw_first_run(app, w, h, wd);
		return;
	}
	if (s->filtering || ui_line_text(&s->filter)[0]) {
		ui_draw_text(w, y, 0, 8, "Filter:", s->filtering ? UI_R_TITLE : UI_R_NORMAL);
		ui_draw_line(ui_app_cursor(app), w, y, 8, 30, &s->filter, s->filtering);
		ui_draw_fmt(w, y, 40, wd - 40, UI_R_DIM, "%zu of %zu accounts", s->list.naccounts, s->list.total);
		y++;
	}
	c = columns(wd);
	{
		int x = 2;

		ui_draw_text(w, y, x, c.name, "Name", UI_R_DIM);
		x += c.name + 1;
		ui_draw_text(w, y, x, c.kind, "Token type", UI_R_DIM);
		x += c.kind + 1;
		if (c.owner) {
			ui_draw_text(w, y, x, c.owner, "Store / account", UI_R_DIM);
			x += c.owner + 1;
		}
		if (c.scopes > 0) {
			ui_draw_text(w, y, x, c.scopes, "Scopes", UI_R_DIM);
			x += c.scopes + 1;
		}
		ui_draw_text(w, y, x, c.verified, "Last verified", UI_R_DIM);
		y++;
	}
	listh = h - y;
	s->page = listh > 1 ? listh - 1 : 1;
	if (s->list.n == 0) {
		ui_draw_fmt(w, y + 1, 2, wd - 4, UI_R_NORMAL, "No account matches \"%s\". Esc clears the filter.",
			    ui_line_text(&s->filter));
		return;
	}
	ui_scroll_to(&s->top, (int)(s->sel >= 0 ? s->sel : 0), listh, (int)s->list.n);
	/* Keep a group header visible above the first account of the page. */
	if (s->sel >= 0 && s->top == s->sel && s->top > 0 && s->list.rows[s->top - 1].kind != UI_ROW_ACCOUNT)
		s->top--;
	for (int i = 0; i < listh && s->top + i < (int)s->list.n; i++)
		draw_row(s, app, w, y + i, wd, (size_t)(s->top + i));
}

static void select_row(struct accounts *s, struct ui_app *app, long row)
{
	if (row < 0)
		return;
	s->sel = row;
	sk_strlcpy(s->sel_id, ui_app_registry(app)->accounts[s->list.rows[row].idx].id, sizeof s->sel_id);
}

static void move_by(struct accounts *s, struct ui_app *app, int n)
{
	int dir = n > 0 ? 1 : -1;
	long row = s->sel;

	for (int i = 0; i < (n > 0 ? n : -n); i++) {
		long next = ui_acct_list_step(&s->list, row, dir);

		if (next < 0)
			break;
		row = next;
	}
	select_row(s, app, row);
}

static unsigned open_for(struct accounts *s, struct ui_app *app, const struct ui_view_ops *ops)
{
	const struct sk_account *a = selected(s, app);
	struct ui_account_arg arg;

	if (a == NULL) {
		ui_app_status(app, UI_ST_INFO, "No account selected.");
		return UI_HANDLED;
	}
	sk_strlcpy(arg.id, a->id, sizeof arg.id);
	ui_app_push(app, ops, &arg);
	return UI_HANDLED;
}

/* The list's moves, in the list and in the filter field (which maps only Up and Down). */
static bool move_key(struct accounts *s, struct ui_app *app, enum ui_action act)
{
	switch (act) {
	case UI_ACT_UP:
		move_by(s, app, -1);
		return true;
	case UI_ACT_DOWN:
		move_by(s, app, 1);
		return true;
	case UI_ACT_PGUP:
		move_by(s, app, -s->page);
		return true;
	case UI_ACT_PGDN:
		move_by(s, app, s->page);
		return true;
	case UI_ACT_TOP:
		select_row(s, app, ui_acct_list_step(&s->list, -1, 1));
		return true;
	case UI_ACT_BOTTOM:
		select_row(s, app, ui_acct_list_step(&s->list, (long)s->list.n, -1));
		return true;
	default:
		return false;
	}
}

static unsigned filter_key(struct accounts *s, struct ui_app *app, const struct ui_event *ev)
{
	enum ui_action act = ev->type == UI_EV_KEY ? ui_keys_lookup(UI_CTX_FILTER, ev->key) : UI_ACT_NONE;

	if (move_key(s, app, act))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_FILTER_DONE:
		s->filtering = false;
		return UI_HANDLED;
	case UI_ACT_FILTER_CLEAR:
		s->filtering = false;
		ui_line_clear(&s->filter);
		rebuild(s, app);
		return UI_HANDLED;
	default:
		break;
	}
	if (ui_line_key(&s->filter, ev)) {
		s->sel_id[0] = '\0';
		rebuild(s, app);
		return UI_HANDLED;
	}
	return 0;
}

static unsigned accounts_key(void *data, struct ui_app *app, const struct ui_event *ev)
{
	struct accounts *s = data;
	struct sk_registry *reg = ui_app_registry(app);
	enum ui_action act;

	if (s->filtering)
		return filter_key(s, app, ev);
	if (ev->type != UI_EV_KEY)
		return 0;
	act = ui_keys_lookup(UI_CTX_ACCOUNTS, ev->key);
	if (move_key(s, app, act))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_OPEN:
		if (reg->n == 0 && ui_app_registry_error(app)->code == SK_OK) {
			ui_app_push(app, &ui_view_create, NULL);
			return UI_HANDLED;
		}
		return open_for(s, app, &ui_view_details);
	case UI_ACT_FILTER:
		if (reg->n == 0)
			return UI_HANDLED;
		s->filtering = true;
		return UI_HANDLED;
	case UI_ACT_FILTER_CLEAR:
		if (ui_line_text(&s->filter)[0] == '\0')
			return UI_HANDLED;
		ui_line_clear(&s->filter);
		rebuild(s, app);
		return UI_HANDLED;
	case UI_ACT_NEW:
		if (reg->read_only) {
			ui_app_status(app, UI_ST_WARN, "The registry is read-only (written by a newer storekeys).");
			return UI_HANDLED;
		}
		ui_app_push(app, &ui_view_create, NULL);
		return UI_HANDLED;
	case UI_ACT_DELETE:
		if (reg->read_only) {
			ui_app_status(app, UI_ST_WARN, "The registry is read-only (written by a newer storekeys).");
			return UI_HANDLED;
		}
		return open_for(s, app, &ui_view_delete);
	case UI_ACT_WEBHOOKS:
		return open_for(s, app, &ui_view_webhooks);
	case UI_ACT_AUDIT:
		ui_app_push(app, &ui_view_audit, NULL);
		return UI_HANDLED;
	case UI_ACT_ROTATE:
		return open_for(s, app, &ui_view_rotate);
	case UI_ACT_REFRESH:
		if (ui_app_reload(app))
			ui_app_status(app, UI_ST_OK, "Registry reloaded: %zu accounts.", ui_app_registry(app)->n);
		rebuild(s, app);
		return UI_HANDLED;
	case UI_ACT_QUIT:
		return UI_QUIT;
	default:
		return 0;
	}
}

const struct ui_view_ops ui_view_accounts = {
	.name = "accounts",
	.ctx = UI_CTX_ACCOUNTS,
	.help = accounts_help,
	.init = accounts_init,
	.fini = accounts_fini,
	.title = accounts_title,
	.draw = accounts_draw,
	.key = accounts_key,
	.resume = accounts_resume,
	.context = accounts_context,
};
