/* view_delete.c - delete an account: what is lost, its webhooks and metafields, a typed-name gate. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bc.h"
#include "lineedit.h"
#include "model_accounts.h"
#include "text.h"
#include "util.h"
#include "vault.h"
#include "views.h"
#include "widgets.h"

enum del_state { DEL_CHECKING, DEL_READY, DEL_DONE };
enum del_slot { SL_NAME, SL_DELETE, SL_CANCEL, SL_RECHECK, SL_FINISH };

struct del {
	char id[37];
	char dir[PATH_MAX];
	struct sk_account a;
	bool found;
	enum del_state state;
	bool checked;          /* the webhook list could be read */
	char check_msg[SK_ERROR_MSG_MAX + 300];
	bool meta_checked;
	char meta_msg[SK_ERROR_MSG_MAX + 300];
	struct sk_webhook *hooks;
	size_t nhooks;
	struct sk_metafield *meta;
	size_t nmeta;
	struct ui_line typed;
	int focus;             /* index into slots() */
	int top, page;
	/* worker results, moved in on completion */
	struct sk_webhook *t_hooks;
	size_t t_nhooks;
	struct sk_metafield *t_meta;
	size_t t_nmeta;
	enum sk_status t_meta_status;
	struct sk_error t_meta_err;
};

static size_t slots(struct del *d, enum del_slot *s)
{
	size_t n = 0;

	if (d->state == DEL_DONE) {
		s[n++] = SL_FINISH;
		return n;
	}
	if (d->state == DEL_READY && ui_delete_needs_name(d->checked, d->nhooks))
		s[n++] = SL_NAME;
	s[n++] = SL_DELETE;
	s[n++] = SL_CANCEL;
	if (d->state == DEL_READY && !d->checked)
		s[n++] = SL_RECHECK;
	return n;
}

static enum del_slot focused(struct del *d)
{
	enum del_slot s[5];
	size_t n = slots(d, s);

	if (d->focus < 0 || (size_t)d->focus >= n)
		d->focus = 0;
	return s[d->focus];
}

static bool can_delete(struct del *d)
{
	return d->state == DEL_READY && ui_delete_allowed(d->checked, d->nhooks, ui_line_text(&d->typed), d->a.name);
}

/* ---- the check: webhooks and metafields (worker) ------------------------------------------ */

static void check_run(struct ui_task *t)
{
	struct del *d = t->ud;
	char *tok = NULL;

	d->t_hooks = NULL;
	d->t_meta = NULL;
	d->t_nhooks = d->t_nmeta = 0;
	d->t_meta_status = SK_OK;
	sk_error_clear(&d->t_meta_err);
	ui_task_set_progress(t, "Reading the access token from the keyring...");
	t->status = sk_vault_secret(&d->a, SK_FIELD_ACCESS_TOKEN, &tok, &t->err);
	if (t->status == SK_OK) {
		ui_task_set_progress(t, "Listing the account's webhooks...");
		t->status = sk_bc_list_hooks(&d->a, tok, &t->call, &d->t_hooks, &d->t_nhooks, &t->err);
	}
	if (t->status == SK_OK) {
		ui_task_set_progress(t, "Listing the account's metafields...");
		d->t_meta_status = sk_bc_list_metafields(&d->a, tok, &t->call, &d->t_meta, &d->t_nmeta, &d->t_meta_err);
	}
	sk_secret_free(tok);
}

static unsigned check_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct del *d = ud;
	char sentence[SK_ERROR_MSG_MAX + 300];

	sk_webhooks_free(d->hooks, d->nhooks);
	sk_metafields_free(d->meta, d->nmeta);
	d->hooks = d->t_hooks;
	d->nhooks = d->t_nhooks;
	d->meta = d->t_meta;
	d->nmeta = d->t_nmeta;
	d->t_hooks = NULL;
	d->t_meta = NULL;
	d->state = DEL_READY;
	d->checked = t->status == SK_OK;
	d->check_msg[0] = d->meta_msg[0] = '\0';
	if (!d->checked) {
		ui_error_sentence(&t->err, sentence, sizeof sentence);
		snprintf(d->check_msg, sizeof d->check_msg, "Its webhooks could not be checked: %s", sentence);
	}
	d->meta_checked = d->checked && d->t_meta_status == SK_OK;
	if (d->checked && !d->meta_checked) {
		ui_error_sentence(&d->t_meta_err, sentence, sizeof sentence);
		snprintf(d->meta_msg, sizeof d->meta_msg, "Its metafields could not be listed: %s", sentence);
	}
	d->focus = 0;
	return UI_REDRAW;
}

static void start_check(struct del *d, struct ui_app *app)
{
	if (d->a.level == SK_LEVEL_ACCOUNT) {
		/* Webhooks and metafields belong to store-level accounts: nothing to list. */
		d->state = DEL_READY;
		d->checked = true;
		d->meta_checked = true;
		return;
	}
	d->state = DEL_CHECKING;
	ui_app_task(app, "Checking what would be lost", check_run, check_done, d);
}

/* ---- init --------------------------------------------------------------------------------- */

static void *delete_init(struct ui_app *app, const void *arg)
{
	const struct ui_account_arg *a = arg;
	struct del *d = sk_xcalloc(1, sizeof *d);
	struct sk_registry *reg = ui_app_registry(app);
	long i = sk_registry_find_id(reg, a->id);

	sk_strlcpy(d->id, a->id, sizeof d->id);
	sk_strlcpy(d->dir, ui_app_dir(app), sizeof d->dir);
	ui_line_init(&d->typed, SK_NAME_MAX_BYTES, false);
	d->found = i >= 0;
	if (d->found) {
		sk_account_copy(&d->a, &reg->accounts[i]);
		start_check(d, app);
	}
	return d;
}

static void delete_fini(void *data)
{
	struct del *d = data;

	sk_webhooks_free(d->hooks, d->nhooks);
	sk_metafields_free(d->meta, d->nmeta);
	sk_account_clear(&d->a);
	ui_line_free(&d->typed);
	free(d);
}

static const char *delete_title(void *data)
{
	return "Delete";
}

/* ---- drawing -------------------------------------------------------------------------------- */

static void draw_done(struct del *d, struct ui_app *app, WINDOW *w, int h, int wd)
{
	const char *sep = ui_app_sep(app);
	char buf[1024];
	int y = 1;

	snprintf(buf, sizeof buf, "\"%s\" is gone from storekeys: its keyring items and registry entry are deleted.",
		 d->a.name);
	y += ui_draw_wrapped(w, y, 2, wd - 4, 3, buf, UI_R_OK);
	y++;
	ui_draw_text(w, y++, 2, wd - 4, "Now finish in BigCommerce, or the token keeps working for anyone who has it:", UI_R_NORMAL);
	if (d->a.level == SK_LEVEL_STORE)
		snprintf(buf, sizeof buf,
			 "In the control panel of store %s: Settings%sStore-level API accounts, then on the row \"%s\": "
			 "Action%sDelete.",
			 d->a.store_hash, sep, d->a.name, sep);
	else
		snprintf(buf, sizeof buf,
			 "At accounts.bigcommerce.com/tokens (or Settings%sAccount-level API accounts in a store's control "
			 "panel), on the row \"%s\": Action%sDelete.",
			 sep, d->a.name, sep);
	y += ui_draw_wrapped(w, y, 4, wd - 6, 4, buf, UI_R_TITLE);
	y++;
	ui_draw_wrapped(w, y, 2, wd - 4, 3, "BigCommerce then erases the account's webhooks; its metafields stay but nobody can change them.",
			UI_R_DIM);
	ui_draw_button(w, h - 1, 2, "Back to the list", true, true);
}

/* The scrolled part: consequences, then the webhook and metafield lists. */
static char **content(struct del *d, int width, size_t *n)
{
	char *text, line[1024];
	size_t cap = 8192, len = 0;
	char **lines;

#define PUT(...)                                                                  \
	do {                                                                      \
		int w_ = snprintf(line, sizeof line, __VA_ARGS__);                \
		size_t l_ = w_ > 0 ? (size_t)w_ : 0;                              \
		if (l_ >= sizeof line)                                            \
			l_ = sizeof line - 1;                                     \
		while (len + l_ + 2 > cap) {                                      \
			cap *= 2;                                                 \
			text = sk_xrealloc(text, cap);                            \
		}                                                                 \
		memcpy(text + len, line, l_);                                     \
		len += l_;                                                        \
		text[len++] = '\n';                                               \
		text[len] = '\0';                                                 \
	} while (0)

	text = sk_xmalloc(cap);
	text[0] = '\0';
	PUT("Deleting an API account (BigCommerce's rules):");
	PUT("  - its webhooks are erased: BigCommerce removes every webhook the account created;");
	PUT("  - its metafields stay but become inaccessible (only their creator can change them): delete them first;");
	PUT("  - it cannot be undone, and the client ID is lost for good.");
	PUT("storekeys deletes its keyring items and registry entry; you then delete it in the control panel.");
	PUT("%s", "");
	if (d->a.level == SK_LEVEL_ACCOUNT) {
		PUT("Account-level accounts own no webhooks or metafields.");
	} else if (d->state == DEL_CHECKING) {
		PUT("Checking its webhooks and metafields...");
	} else if (!d->checked) {
		PUT("%s", d->check_msg);
		PUT("So you must type its name to delete it. \"Check again\" retries.");
	} else {
		PUT("Webhooks it owns (they will be erased): %zu", d->nhooks);
		for (size_t i = 0; i < d->nhooks; i++)
			PUT("    #%lld  %s  %s  %s", (long long)d->hooks[i].id, d->hooks[i].scope ? d->hooks[i].scope : "",
			    d->hooks[i].destination ? d->hooks[i].destination : "",
			    d->hooks[i].is_active ? "active" : "inactive");
		if (d->meta_checked) {
			PUT("Metafields it owns (they stay, orphaned): %zu", d->nmeta);
			for (size_t i = 0; i < d->nmeta; i++)
				PUT("    #%lld  %s.%s  (%s %lld)", (long long)d->meta[i].id,
				    d->meta[i].namespace_ ? d->meta[i].namespace_ : "", d->meta[i].key ? d->meta[i].key : "",
				    d->meta[i].resource_type ? d->meta[i].resource_type : "", (long long)d->meta[i].resource_id);
		} else {
			PUT("%s", d->meta_msg);
		}
	}
#undef PUT
	lines = ui_text_wrap(text, width, true, n);
	free(text);
	return lines;
}

static void delete_draw(void *data, struct ui_app *app, WINDOW *w)
{
	struct del *d = data;
	int h, wd, y = 0, body_h;
	size_t n;
	char **lines;
	enum del_slot s[5];
	size_t ns;
	int x = 2;

	getmaxyx(w, h, wd);
	if (!d->found) {
		ui_draw_text(w, 1, 2, wd - 4, "This account is no longer in the registry. Esc goes back.", UI_R_WARN);
		return;
	}
	if (d->state == DEL_DONE) {
		draw_done(d, app, w, h, wd);
		return;
	}
	ui_draw_fmt(w, y++, 1, wd - 2, UI_R_TITLE, "Delete \"%s\" (%s, %s %s)?", d->a.name, sk_account_kind_label(&d->a),
		    d->a.level == SK_LEVEL_STORE ? "store" : "account", sk_account_owner(&d->a));
	body_h = h - 5;
	lines = content(d, wd - 4, &n);
	d->page = body_h;
	if (d->top > (int)n - body_h)
		d->top = (int)n - body_h;
	if (d->top < 0)
		d->top = 0;
	for (int i = 0; i < body_h && d->top + i < (int)n; i++) {
		const char *ln = lines[d->top + i];

		ui_draw_text(w, y + i, 2, wd - 4, ln,
			     strstr(ln, "could not") || strstr(ln, "will be erased") ? UI_R_WARN : UI_R_NORMAL);
	}
	if ((int)n > body_h)
		ui_draw_fmt(w, y + body_h, 2, wd - 4, UI_R_DIM, "(PgUp/PgDn: %d more lines)", (int)n - body_h);
	ui_text_lines_free(lines, n);

	ns = slots(d, s);
	if (d->state == DEL_READY && ui_delete_needs_name(d->checked, d->nhooks)) {
		ui_draw_text(w, h - 3, 2, 40, "Type the account name to enable Delete:", UI_R_NORMAL);
		ui_draw_line(app, w, h - 3, 43, wd - 45, &d->typed, focused(d) == SL_NAME);
	}
	for (size_t i = 0; i < ns; i++) {
		bool on = d->focus == (int)i;

		switch (s[i]) {
		case SL_DELETE:
			x += ui_draw_button(w, h - 1, x, "Delete", on, can_delete(d)) + 2;
			break;
		case SL_CANCEL:
			x += ui_draw_button(w, h - 1, x, "Cancel", on, true) + 2;
			break;
		case SL_RECHECK:
			x += ui_draw_button(w, h - 1, x, "Check again", on, true) + 2;
			break;
		default:
			break;
		}
	}
	if (d->state == DEL_READY && !can_delete(d))
		ui_draw_text(w, h - 1, x, wd - x - 1, "(disabled until the name is typed exactly)", UI_R_DIM);
}

/* ---- actions ------------------------------------------------------------------------------------ */

static void remove_run(struct ui_task *t)
{
	struct del *d = t->ud;

	ui_task_set_progress(t, "Deleting the keyring items, then the registry entry...");
	t->status = sk_vault_remove(d->dir, d->id, &t->err);
}

static unsigned remove_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct del *d = ud;

	if (t->status != SK_OK) {
		ui_app_error(app, "Not deleted", &t->err);
		return UI_REDRAW;
	}
	d->state = DEL_DONE;
	d->focus = 0;
	ui_app_reload(app);
	ui_app_status(app, UI_ST_OK, "Deleted \"%s\" from storekeys. Finish in the control panel.", d->a.name);
	return UI_REDRAW;
}

static unsigned confirm_answer(void *ud, struct ui_app *app, bool yes)
{
	if (yes)
		ui_app_task(app, "Deleting", remove_run, remove_done, ud);
	return UI_REDRAW;
}

static unsigned do_delete(struct del *d, struct ui_app *app)
{
	char text[SK_NAME_MAX_BYTES + 256];

	if (!can_delete(d)) {
		ui_app_status(app, UI_ST_WARN, "Type the account name exactly to enable Delete.");
		return UI_HANDLED;
	}
	if (ui_delete_needs_name(d->checked, d->nhooks)) {
		/* The typed name is the confirmation. */
		ui_app_task(app, "Deleting", remove_run, remove_done, d);
		return UI_HANDLED;
	}
	snprintf(text, sizeof text, "Delete \"%s\" from storekeys? This cannot be undone; the client ID is lost.",
		 d->a.name);
	ui_app_confirm(app, "Delete the account?", text, "Delete", "Cancel", false, confirm_answer, d);
	return UI_HANDLED;
}

static unsigned delete_key(void *data, struct ui_app *app, const struct ui_event *ev)
{
	struct del *d = data;
	enum del_slot s[5];
	int n = (int)slots(d, s);
	enum ui_action act = ev->type == UI_EV_KEY ? ui_keys_lookup(UI_CTX_DELETE, ev->key) : UI_ACT_NONE;

	if (!d->found)
		return UI_CLOSE;
	switch (act) {
	case UI_ACT_BACK:
		return UI_CLOSE;
	case UI_ACT_NEXT_FIELD:
		d->focus = (d->focus + 1) % n;
		return UI_HANDLED;
	case UI_ACT_PREV_FIELD:
		d->focus = (d->focus + n - 1) % n;
		return UI_HANDLED;
	case UI_ACT_PGUP:
		d->top -= d->page;
		return UI_HANDLED;
	case UI_ACT_PGDN:
		d->top += d->page;
		return UI_HANDLED;
	case UI_ACT_ACTIVATE:
		switch (focused(d)) {
		case SL_NAME:
		case SL_DELETE:
			return do_delete(d, app);
		case SL_CANCEL:
		case SL_FINISH:
			return UI_CLOSE;
		case SL_RECHECK:
			start_check(d, app);
			return UI_HANDLED;
		}
		return UI_HANDLED;
	default:
		break;
	}
	if (focused(d) == SL_NAME && ui_line_key(&d->typed, ev))
		return UI_HANDLED;
	return 0;
}

const struct ui_view_ops ui_view_delete = {
	.name = "delete",
	.ctx = UI_CTX_DELETE,
	.help = (const enum ui_ctx[]){UI_CTX_FIELD, UI_CTX_DIALOG, UI_CTX_COUNT},
	.init = delete_init,
	.fini = delete_fini,
	.title = delete_title,
	.draw = delete_draw,
	.key = delete_key,
};
