/* view_delete.c - delete an account: what is lost (webhooks, scripts, metafields, each known or not), a typed-name gate. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "bc.h"
#include "lineedit.h"
#include "model_accounts.h"
#include "model_hooks.h"
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
	/* what deleting loses; each part is loaded, or unknown with the reason (R27) */
	struct ui_loss loss;
	struct ui_hooks hooks;          /* the webhooks, statuses merged from hooks/admin */
	bool have_status;               /* hooks/admin answered: statuses are BigCommerce's own */
	char check_msg[SK_ERROR_MSG_MAX + 300];
	char kept_note[1024];           /* what may still hold the account after the deletion (worker) */
	struct sk_script *scripts;
	size_t nscripts;
	bool scripts_asked;
	char scripts_msg[SK_ERROR_MSG_MAX + 300];
	struct sk_metafield_report meta;
	char meta_msg[SK_ERROR_MSG_MAX + 300];
	struct ui_line typed;
	int focus;             /* index into slots() */
	int top, page;
	/* worker results, moved in on completion */
	struct sk_webhook *t_hooks;
	size_t t_nhooks;
	struct sk_hooks_admin t_admin;
	struct sk_script *t_scripts;
	size_t t_nscripts;
	bool t_scripts_asked;
	struct sk_metafield_report t_meta;
	enum sk_status t_hooks_st, t_admin_st, t_scripts_st, t_meta_st;
	struct sk_error t_hooks_err, t_scripts_err, t_meta_err;
};

static bool needs_name(struct del *d)
{
	return d->state == DEL_READY && ui_loss_needs_name(&d->loss);
}

static bool all_known(struct del *d)
{
	return d->loss.hooks_state == UI_LOAD_OK && d->loss.scripts_state == UI_LOAD_OK &&
	       d->loss.meta_state == UI_LOAD_OK;
}

static size_t slots(struct del *d, enum del_slot *s)
{
	size_t n = 0;

	if (d->state == DEL_DONE) {
		s[n++] = SL_FINISH;
		return n;
	}
	if (needs_name(d))
		s[n++] = SL_NAME;
	s[n++] = SL_DELETE;
	s[n++] = SL_CANCEL;
	if (d->state == DEL_READY && !all_known(d))
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
	/* ui_delete_allowed(known, count, ...) demands the typed name when known is false */
	return d->state == DEL_READY && ui_delete_allowed(!needs_name(d), 0, ui_line_text(&d->typed), d->a.name);
}

/* ---- the check: webhooks, scripts and metafields (worker) ----------------------------------- */

static void check_run(struct ui_task *t)
{
	struct del *d = t->ud;
	char *tok = NULL;

	d->t_hooks = NULL;
	d->t_scripts = NULL;
	d->t_nhooks = d->t_nscripts = 0;
	d->t_scripts_asked = false;
	memset(&d->t_admin, 0, sizeof d->t_admin);
	memset(&d->t_meta, 0, sizeof d->t_meta);
	/* a part never reached stays "not loaded (cancelled)" */
	d->t_hooks_st = d->t_admin_st = d->t_scripts_st = d->t_meta_st = SK_ERR_CANCELLED;
	sk_error_clear(&d->t_hooks_err);
	sk_error_clear(&d->t_scripts_err);
	sk_error_clear(&d->t_meta_err);
	ui_task_set_progress(t, "Reading the access token from the keyring...");
	t->status = sk_vault_secret(&d->a, SK_FIELD_ACCESS_TOKEN, &tok, &t->err);
	if (t->status != SK_OK)
		return;
	ui_task_set_progress(t, "Listing the account's webhooks...");
	d->t_hooks_st = sk_bc_list_hooks(&d->a, tok, &t->call, &d->t_hooks, &d->t_nhooks, &d->t_hooks_err);
	if (!t->cancel) {
		ui_task_set_progress(t, "Reading the webhook statuses...");
		d->t_admin_st = sk_bc_hooks_admin(&d->a, tok, &t->call, &d->t_admin, NULL);
	}
	if (!t->cancel) {
		ui_task_set_progress(t, "Listing the account's scripts...");
		d->t_scripts_st = sk_bc_list_scripts(&d->a, tok, &t->call, &d->t_scripts, &d->t_nscripts,
						     &d->t_scripts_asked, &d->t_scripts_err);
	}
	if (!t->cancel) {
		ui_task_set_progress(t, "Listing the account's metafields...");
		d->t_meta_st = sk_bc_list_metafields(&d->a, tok, &t->call, &d->t_meta, &d->t_meta_err);
	}
	sk_secret_free(tok);
}

/* "Its webhooks could not be listed: <why>" */
static void why_not(char *out, size_t size, const char *what, const struct sk_error *e)
{
	char sentence[SK_ERROR_MSG_MAX + 200];

	ui_error_sentence(e, sentence, sizeof sentence);
	snprintf(out, size, "Its %s could not be listed: %s", what, sentence);
}

static unsigned check_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct del *d = ud;
	bool hooks_ok = t->status == SK_OK && d->t_hooks_st == SK_OK;
	bool admin_ok = t->status == SK_OK && d->t_admin_st == SK_OK;
	bool meta_all = true;

	d->state = DEL_READY;
	d->focus = 0;
	d->check_msg[0] = d->scripts_msg[0] = d->meta_msg[0] = '\0';
	sk_scripts_free(d->scripts, d->nscripts);
	sk_metafield_report_clear(&d->meta);
	d->scripts = NULL;
	d->nscripts = 0;
	if (t->status != SK_OK) {
		enum ui_load st = ui_load_from_status(t->status);

		ui_hooks_unknown(&d->hooks, st, st);
		d->loss = (struct ui_loss){.hooks_state = st, .scripts_state = st, .meta_state = st};
		why_not(d->check_msg, sizeof d->check_msg, "webhooks, scripts and metafields", &t->err);
		return UI_REDRAW;
	}
	/* webhooks: the list, with hooks/admin's statuses (deactivated is not inactive) */
	if (hooks_ok || admin_ok) {
		ui_hooks_take(&d->hooks, hooks_ok ? d->t_hooks : NULL, hooks_ok ? d->t_nhooks : 0,
			      admin_ok ? &d->t_admin : NULL);
		d->t_hooks = NULL;
		d->t_nhooks = 0;
	} else {
		ui_hooks_unknown(&d->hooks, ui_load_from_status(d->t_hooks_st), ui_load_from_status(d->t_admin_st));
		why_not(d->check_msg, sizeof d->check_msg, "webhooks", &d->t_hooks_err);
	}
	d->have_status = admin_ok;
	sk_webhooks_free(d->t_hooks, d->t_nhooks);
	d->t_hooks = NULL;
	sk_hooks_admin_clear(&d->t_admin);
	d->loss.hooks_state = d->hooks.hooks_state;
	d->loss.nhooks = d->hooks.n;
	/* scripts */
	d->loss.scripts_state = ui_load_from_status(d->t_scripts_st);
	d->scripts_asked = d->t_scripts_asked;
	d->scripts = d->t_scripts;
	d->nscripts = d->t_nscripts;
	d->t_scripts = NULL;
	d->loss.nscripts = d->nscripts;
	if (d->t_scripts_st != SK_OK)
		why_not(d->scripts_msg, sizeof d->scripts_msg, "scripts", &d->t_scripts_err);
	/* metafields: what loaded is kept, endpoint by endpoint */
	d->meta = d->t_meta;
	memset(&d->t_meta, 0, sizeof d->t_meta);
	for (size_t i = 0; i < d->meta.nsrc; i++)
		if (d->meta.src[i].asked && d->meta.src[i].status != SK_OK)
			meta_all = false;
	if (d->t_meta_st == SK_ERR_CANCELLED && d->meta.nsrc == 0)
		d->loss.meta_state = UI_LOAD_CANCELLED;
	else if (d->t_meta_st != SK_OK && d->meta.nsrc == 0)
		d->loss.meta_state = UI_LOAD_FAILED;
	else if (!meta_all)
		d->loss.meta_state = d->t_meta_st == SK_ERR_CANCELLED ? UI_LOAD_CANCELLED : UI_LOAD_FAILED;
	else
		d->loss.meta_state = UI_LOAD_OK;
	d->loss.nmeta = d->meta.n;
	if (d->t_meta_st != SK_OK)
		why_not(d->meta_msg, sizeof d->meta_msg, "metafields", &d->t_meta_err);
	return UI_REDRAW;
}

static void start_check(struct del *d, struct ui_app *app)
{
	if (d->a.level == SK_LEVEL_ACCOUNT) {
		/* Webhooks, scripts and metafields belong to store-level accounts: nothing to list. */
		d->state = DEL_READY;
		d->loss = (struct ui_loss){.hooks_state = UI_LOAD_OK, .scripts_state = UI_LOAD_OK,
					   .meta_state = UI_LOAD_OK};
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
	ui_hooks_init(&d->hooks);
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

	ui_hooks_clear(&d->hooks);
	sk_scripts_free(d->scripts, d->nscripts);
	sk_metafield_report_clear(&d->meta);
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
	if (d->kept_note[0])
		y += ui_draw_wrapped(w, y, 2, wd - 4, 6, d->kept_note, UI_R_WARN);
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
	ui_draw_wrapped(w, y, 2, wd - 4, 3,
			"BigCommerce then erases the account's webhooks; its metafields stay (write ones stay writable by "
			"other API accounts; the rest only by an account with store_metafield_write_all).",
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
	PUT("  - its scripts are accessible only to it: those with auto_uninstall are removed when its token is "
	    "revoked; for the others BigCommerce documents no cleanup;");
	PUT("  - its metafields stay: write and write_and_sf_access ones stay writable by other API accounts; "
	    "app_only and read ones can then be changed only by an account with store_metafield_write_all. "
	    "reassignMetafieldsOwner (GraphQL Admin API, needs store_metafield_change_owner) can move them to "
	    "another API account;");
	PUT("  - it cannot be undone, and the client ID is lost for good.");
	PUT("storekeys deletes its keyring items and registry entry; you then delete it in the control panel.");
	PUT("%s", "");
	if (d->a.level == SK_LEVEL_ACCOUNT) {
		PUT("Account-level accounts own no webhooks, scripts or metafields.");
	} else if (d->state == DEL_CHECKING) {
		PUT("Checking its webhooks, scripts and metafields...");
	} else {
		char count[64];

		/* webhooks: a count only when the list loaded; unknown is never 0 (R27) */
		PUT("Webhooks it owns (they will be erased): %s",
		    ui_loss_count(d->loss.hooks_state, d->loss.nhooks, count, sizeof count));
		if (d->loss.hooks_state != UI_LOAD_OK)
			PUT("    %s", d->check_msg[0] ? d->check_msg : "Its webhooks could not be listed.");
		for (size_t i = 0; i < d->hooks.n; i++) {
			const struct sk_webhook *h = &d->hooks.hooks[i];

			PUT("    #%lld  %s  %s  %s%s", (long long)h->id, h->scope ? h->scope : "",
			    h->destination ? h->destination : "", ui_hook_status(h),
			    d->have_status || h->is_active ? "" : " (or deactivated: statuses not loaded)");
		}
		/* scripts */
		if (d->loss.scripts_state == UI_LOAD_OK && !d->scripts_asked)
			PUT("Scripts it owns: 0 (no Content or Checkout content scope recorded, so it cannot have "
			    "created any)");
		else
			PUT("Scripts it owns: %s",
			    ui_loss_count(d->loss.scripts_state, d->loss.nscripts, count, sizeof count));
		if (d->loss.scripts_state != UI_LOAD_OK)
			PUT("    %s", d->scripts_msg[0] ? d->scripts_msg : "Its scripts could not be listed.");
		for (size_t i = 0; i < d->nscripts; i++) {
			const struct sk_script *sc = &d->scripts[i];

			PUT("    \"%s\"  %s", sc->name ? sc->name : "",
			    sc->auto_uninstall ? "auto_uninstall: removed when the token is revoked"
					       : "no auto_uninstall: may stay on the storefront");
			PUT("        %s%s%s, %s, %s, uuid %s", sc->kind ? sc->kind : "?", sc->src && sc->src[0] ? " " : "",
			    sc->src ? sc->src : "", sc->location ? sc->location : "?",
			    sc->visibility ? sc->visibility : "?", sc->uuid ? sc->uuid : "");
		}
		/* metafields, endpoint by endpoint */
		if (d->loss.meta_state == UI_LOAD_OK)
			PUT("Metafields it owns (they stay): %zu", d->meta.n);
		else if (d->meta.n > 0)
			PUT("Metafields it owns (they stay): at least %zu; some endpoints could not be listed", d->meta.n);
		else
			PUT("Metafields it owns (they stay): %s",
			    ui_loss_count(d->loss.meta_state, 0, count, sizeof count));
		if (d->meta_msg[0])
			PUT("    %s", d->meta_msg);
		for (size_t i = 0; i < d->meta.n; i++) {
			const struct sk_metafield *m = &d->meta.items[i];

			PUT("    #%s  %s.%s  (%s %s)  %s: %s", m->id ? m->id : "?", m->namespace_ ? m->namespace_ : "",
			    m->key ? m->key : "", m->resource_type ? m->resource_type : "",
			    m->resource_id ? m->resource_id : "", m->permission_set ? m->permission_set : "?",
			    ui_metafield_fate(m->permission_set));
		}
		{
			char unasked[512] = "";
			size_t used = 0;

			for (size_t i = 0; i < d->meta.nsrc; i++) {
				const struct sk_metafield_source *src = &d->meta.src[i];

				if (!src->asked) {
					if (used < sizeof unasked)
						used += (size_t)snprintf(unasked + used, sizeof unasked - used, "%s%s",
									 used ? ", " : "", src->label);
				} else if (src->status == SK_OK) {
					PUT("    %s: %zu listed", src->label, src->count);
				} else if (src->count > 0) {
					PUT("    %s: %zu listed, then not listed (%s)", src->label, src->count, src->msg);
				} else {
					PUT("    %s: not listed (%s)", src->label, src->msg);
				}
			}
			if (unasked[0])
				PUT("    not asked (no read scope recorded, so it cannot have created any there): %s", unasked);
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
		    sk_level_name(d->a.level), sk_account_owner(&d->a));
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
			     strstr(ln, "could not") || strstr(ln, "not listed") || strstr(ln, "unknown") ||
					     strstr(ln, "will be erased")
				     ? UI_R_WARN
				     : UI_R_NORMAL);
	}
	if ((int)n > body_h)
		ui_draw_fmt(w, y + body_h, 2, wd - 4, UI_R_DIM, "(PgUp/PgDn: %d more lines)", (int)n - body_h);
	ui_text_lines_free(lines, n);

	ns = slots(d, s);
	if (needs_name(d)) {
		ui_draw_text(w, h - 3, 2, 40, "Type the account name to enable Delete:", UI_R_NORMAL);
		ui_draw_line(ui_app_cursor(app), w, h - 3, 43, wd - 45, &d->typed, focused(d) == SL_NAME);
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
	if (t->status == SK_OK)
		sk_vault_removed_note(d->dir, d->id, d->kept_note, sizeof d->kept_note);
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
	if (needs_name(d)) {
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
	/* PgUp/PgDn (this screen binds no Up/Down) */
	if (ui_scroll_key(act, &d->top, d->page))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_BACK:
		return UI_CLOSE;
	case UI_ACT_NEXT_FIELD:
		d->focus = (d->focus + 1) % n;
		return UI_HANDLED;
	case UI_ACT_PREV_FIELD:
		d->focus = (d->focus + n - 1) % n;
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
