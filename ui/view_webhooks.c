/* view_webhooks.c - an account's webhooks: status, filter, sort, detail, blocklist countdown, e-mails; create, edit, delete. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "bc.h"
#include "bc_parse.h"
#include "vault.h"
#include "model_hooks.h"
#include "text.h"
#include "util.h"
#include "views.h"
#include "widgets.h"

struct hooks_view {
	char id[37];
	struct sk_account a;
	bool found;
	struct ui_hooks m;
	bool busy;                              /* a load (or a write and its reload) is running */
	char load_msg[SK_ERROR_MSG_MAX + 300];  /* why nothing could be loaded */
	char admin_msg[SK_ERROR_MSG_MAX + 300]; /* why /hooks/admin failed (statuses, e-mails) */
	int sel, top, page;
	bool detail;
	/* worker in/out */
	struct sk_webhook *t_list;
	size_t t_n;
	struct sk_hooks_admin t_admin;
	enum sk_status t_list_st, t_admin_st;
	struct sk_error t_list_err, t_admin_err;
	char **t_emails;          /* e-mails to set */
	size_t t_nemails;
	char **t_seen;            /* the e-mails the edit started from: BigCommerce must still hold them */
	size_t t_nseen;
	int64_t t_hook_id;        /* hook to re-activate, 0 none */
	enum sk_status t_change_st;
	struct sk_error t_change_err;
	char emails_text[UI_LINE_MAX + 1]; /* kept across a failed edit */
	/* a webhook write (create, edit, delete): filled by the dialogs, run by the worker, then a reload */
	enum { W_NONE, W_CREATE, W_EDIT, W_DELETE } w_op;
	int64_t w_id;             /* edit, delete: the hook */
	char *w_scope, *w_dest;   /* create: both; edit: the new destination or NULL */
	char **w_names, **w_values; /* custom headers; values are secrets (wiped) */
	size_t w_nh;
	size_t w_ask;             /* the next header whose value is asked */
	bool w_set_headers;       /* edit: the headers change */
	int w_active;             /* 1, 0, -1 leave */
	char w_label[1024];       /* "#7 store/order/created -> https://..." for the dialogs */
	int64_t t_new_id;         /* the created hook */
};

/* ---- loading (worker) --------------------------------------------------------------------- */

static void fetch(struct ui_task *t, struct hooks_view *v, const char *tok)
{
	ui_task_set_progress(t, "Listing webhooks...");
	v->t_list_st = sk_bc_list_hooks(&v->a, tok, &t->call, &v->t_list, &v->t_n, &v->t_list_err);
	if (v->t_list_st == SK_ERR_CANCELLED) {
		/* hooks/admin was never asked: its e-mails are unknown, not empty (R27) */
		v->t_admin_st = SK_ERR_CANCELLED;
		v->t_admin_err = v->t_list_err;
		return;
	}
	ui_task_set_progress(t, "Reading statuses, e-mails and blocklisted domains...");
	v->t_admin_st = sk_bc_hooks_admin(&v->a, tok, &t->call, &v->t_admin, &v->t_admin_err);
}

/* The write, then its read-back (GET /v3/hooks/{id}) checked against what was asked. */
static void hook_write_run(struct ui_task *t, struct hooks_view *v, const char *tok)
{
	struct sk_hook_spec spec = {.scope = v->w_op == W_CREATE ? v->w_scope : NULL,
				    .destination = v->w_dest,
				    .header_names = v->w_names,
				    .header_values = v->w_values,
				    .nheaders = v->w_nh,
				    .set_headers = v->w_op == W_CREATE || v->w_set_headers,
				    .active = v->w_active};
	struct sk_webhook out = {0};
	const char *field = NULL;
	int64_t id = v->w_id;

	if (v->w_op == W_CREATE) {
		ui_task_set_progress(t, "Creating the webhook...");
		v->t_change_st = sk_bc_create_hook(&v->a, tok, &t->call, &spec, &out, &v->t_change_err);
		id = out.id;
		v->t_new_id = id;
		if (spec.active == -1)
			spec.active = 1;
	} else if (v->w_op == W_EDIT) {
		ui_task_set_progress(t, "Changing the webhook...");
		v->t_change_st = sk_bc_update_hook(&v->a, tok, &t->call, id, &spec, &out, &v->t_change_err);
	} else {
		ui_task_set_progress(t, "Deleting the webhook...");
		v->t_change_st = sk_bc_delete_hook(&v->a, tok, &t->call, id, &v->t_change_err);
	}
	sk_webhook_clear(&out);
	if (v->t_change_st != SK_OK)
		return;
	ui_task_set_progress(t, "Reading the webhook back...");
	if (v->w_op == W_DELETE) {
		struct sk_error gerr;
		enum sk_status g = sk_bc_get_hook(&v->a, tok, &t->call, id, &out, &gerr);

		if (g == SK_OK)
			v->t_change_st = sk_error_set(&v->t_change_err, SK_ERR_BAD_RESPONSE,
						      "BigCommerce answered the delete, but webhook %lld is still there",
						      (long long)id);
		sk_webhook_clear(&out);
		return;
	}
	v->t_change_st = sk_bc_get_hook(&v->a, tok, &t->call, id, &out, &v->t_change_err);
	if (v->t_change_st == SK_OK && !sk_hook_spec_matches(&spec, &out, &field))
		v->t_change_st = sk_error_set(&v->t_change_err, SK_ERR_BAD_RESPONSE,
					      "BigCommerce accepted the change, but reading webhook %lld back shows "
					      "another %s than was sent",
					      (long long)id, field);
	sk_webhook_clear(&out);
}

static void write_clear(struct hooks_view *v)
{
	for (size_t i = 0; i < v->w_nh; i++) {
		free(v->w_names[i]);
		sk_secret_free(v->w_values[i]);
	}
	free(v->w_names);
	free(v->w_values);
	free(v->w_scope);
	free(v->w_dest);
	v->w_names = v->w_values = NULL;
	v->w_scope = v->w_dest = NULL;
	v->w_nh = v->w_ask = 0;
	v->w_set_headers = false;
	v->w_active = -1;
	v->w_id = 0;
	v->w_op = W_NONE;
}

/* Drops an e-mail change: the list to set and the list it started from. */
static void emails_clear(struct hooks_view *v)
{
	sk_strv_free(v->t_emails, v->t_nemails);
	sk_strv_free(v->t_seen, v->t_nseen);
	v->t_emails = v->t_seen = NULL;
	v->t_nemails = v->t_nseen = 0;
}

static void load_run(struct ui_task *t)
{
	struct hooks_view *v = t->ud;
	char *tok = NULL;

	v->t_list = NULL;
	v->t_n = 0;
	memset(&v->t_admin, 0, sizeof v->t_admin);
	v->t_list_st = v->t_admin_st = v->t_change_st = SK_OK;
	ui_task_set_progress(t, "Reading the access token from the keyring...");
	t->status = sk_vault_secret(&v->a, SK_FIELD_ACCESS_TOKEN, &tok, &t->err);
	if (t->status != SK_OK)
		return;
	if (v->w_op != W_NONE) {
		hook_write_run(t, v, tok);
	} else if (v->t_emails) {
		ui_task_set_progress(t, "Saving the notification e-mails...");
		v->t_change_st = sk_bc_set_emails(&v->a, tok, &t->call, v->t_emails, v->t_nemails, v->t_seen,
						  v->t_nseen, &v->t_change_err);
	} else if (v->t_hook_id) {
		ui_task_set_progress(t, "Re-activating the webhook...");
		v->t_change_st = sk_bc_set_hook_active(&v->a, tok, &t->call, v->t_hook_id, true, &v->t_change_err);
	}
	fetch(t, v, tok);
	sk_secret_free(tok);
}

/* A load that gave nothing usable: what it brought goes, the states say why, err is shown (R27). */
static unsigned load_failed(struct hooks_view *v, struct ui_app *app, enum ui_load hooks_state,
			    enum ui_load admin_state, const struct sk_error *err)
{
	sk_webhooks_free(v->t_list, v->t_n);
	v->t_list = NULL;
	sk_hooks_admin_clear(&v->t_admin);
	ui_hooks_unknown(&v->m, hooks_state, admin_state);
	ui_error_sentence(err, v->load_msg, sizeof v->load_msg);
	ui_app_error(app, "Webhooks", err);
	return UI_REDRAW;
}

static unsigned load_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct hooks_view *v = ud;
	char sentence[SK_ERROR_MSG_MAX + 300];
	bool list_ok = t->status == SK_OK && v->t_list_st == SK_OK;
	bool admin_ok = t->status == SK_OK && v->t_admin_st == SK_OK;
	bool changed = v->t_emails != NULL || v->t_hook_id != 0;

	v->busy = false;
	if (v->w_op != W_NONE) {
		static const char *const done[] = {"", "created", "changed", "deleted"};
		static const char *const what[] = {"", "Create webhook", "Edit webhook", "Delete webhook"};

		if (v->t_change_st == SK_OK && t->status == SK_OK)
			ui_app_status(app, UI_ST_OK, "Webhook #%lld %s (read back from BigCommerce).",
				      (long long)(v->w_op == W_CREATE ? v->t_new_id : v->w_id), done[v->w_op]);
		else if (t->status == SK_OK)
			ui_app_error(app, what[v->w_op], &v->t_change_err);
		write_clear(v);
	}
	emails_clear(v);
	if (changed) {
		if (v->t_change_st == SK_OK)
			ui_app_status(app, UI_ST_OK, "%s", v->t_hook_id ? "Webhook re-activated." : "Notification e-mails saved.");
		else if (t->status == SK_OK)
			ui_app_error(app, v->t_hook_id ? "Re-activate" : "E-mails", &v->t_change_err);
	}
	v->t_hook_id = 0;
	v->load_msg[0] = v->admin_msg[0] = '\0';
	/* Cancelled or failed is a state of its own: the old data goes, nothing is shown as empty (R27). */
	if (t->status != SK_OK)
		return load_failed(v, app, ui_load_from_status(t->status), ui_load_from_status(t->status), &t->err);
	if (!list_ok && !admin_ok)
		return load_failed(v, app, ui_load_from_status(v->t_list_st), ui_load_from_status(v->t_admin_st),
				   &v->t_list_err);
	if (!admin_ok) {
		ui_error_sentence(&v->t_admin_err, sentence, sizeof sentence);
		snprintf(v->admin_msg, sizeof v->admin_msg, "Statuses, e-mails and blocklist unavailable: %s", sentence);
	}
	ui_hooks_take(&v->m, list_ok ? v->t_list : NULL, list_ok ? v->t_n : 0, admin_ok ? &v->t_admin : NULL);
	ui_hooks_mark(&v->m, ui_load_from_status(v->t_list_st), ui_load_from_status(v->t_admin_st));
	if (!admin_ok)
		sk_hooks_admin_clear(&v->t_admin);
	if (!list_ok)
		sk_webhooks_free(v->t_list, v->t_n);
	v->t_list = NULL;
	if (v->sel >= (int)v->m.nview)
		v->sel = v->m.nview ? (int)v->m.nview - 1 : 0;
	return UI_REDRAW;
}

static void start_load(struct hooks_view *v, struct ui_app *app, const char *title)
{
	v->busy = true;
	ui_app_task(app, title, load_run, load_done, v);
}

/* ---- init ------------------------------------------------------------------------------------ */

static void *hooks_init(struct ui_app *app, const void *arg)
{
	const struct ui_account_arg *a = arg;
	struct hooks_view *v = sk_xcalloc(1, sizeof *v);
	struct sk_registry *reg = ui_app_registry(app);
	long i = sk_registry_find_id(reg, a->id);

	sk_strlcpy(v->id, a->id, sizeof v->id);
	ui_hooks_init(&v->m);
	v->detail = true;
	v->w_active = -1;
	v->found = i >= 0;
	if (v->found) {
		sk_account_copy(&v->a, &reg->accounts[i]);
		if (v->a.level == SK_LEVEL_STORE)
			start_load(v, app, "Loading webhooks");
	}
	return v;
}

static void hooks_fini(void *data)
{
	struct hooks_view *v = data;

	ui_hooks_clear(&v->m);
	write_clear(v);
	emails_clear(v);
	sk_account_clear(&v->a);
	free(v);
}

static const char *hooks_title(void *data)
{
	return "Webhooks";
}

/* ---- drawing ------------------------------------------------------------------------------------ */

struct cols {
	int id, scope, dest, created, updated, status;
};

/* The id column is as wide as the longest id (ids are about 8 digits; none is ever cut). */
static int id_width(const struct ui_hooks *m)
{
	int w = 2; /* "ID" */

	for (size_t i = 0; i < m->n; i++) {
		char buf[24];
		int n = snprintf(buf, sizeof buf, "%lld", (long long)m->hooks[i].id);

		if (n > w)
			w = n;
	}
	return w;
}

static struct cols columns(const struct ui_hooks *m, int wd)
{
	struct cols c = {.id = id_width(m), .scope = wd >= 100 ? 26 : wd >= 80 ? 22 : 18, .status = 11};

	/* Narrow terminals keep the times for the detail pane. */
	c.created = wd >= 80 ? 16 : 0;
	c.updated = wd >= 120 ? 16 : 0;
	c.dest = wd - 2 - c.id - c.scope - c.created - c.updated - c.status - 2 - (c.created ? 1 : 0) - (c.updated ? 1 : 0);
	if (c.dest < 10)
		c.dest = 10;
	return c;
}

static int draw_header(struct hooks_view *v, struct ui_app *app, WINDOW *w, int wd)
{
	int y = 0;
	char buf[2048], left[32];
	int64_t now = ui_app_now_ms(app);

	if (v->m.hooks_state == UI_LOAD_OK)
		ui_draw_fmt(w, y++, 1, wd - 2, UI_R_TITLE, "%s (%s): %zu of %zu shown, status %s, sorted by %s %s",
			    v->a.name, v->a.store_hash, v->m.nview, v->m.n, ui_hook_filter_name(v->m.filter),
			    ui_hook_col_name(v->m.sort), v->m.desc ? "desc" : "asc");
	else
		ui_draw_fmt(w, y++, 1, wd - 2, UI_R_TITLE, "%s (%s): webhooks %s", v->a.name, v->a.store_hash,
			    v->busy ? "loading" : ui_load_word(v->m.hooks_state));
	/* Unknown e-mails are never "no e-mails" (R27). */
	if (v->m.admin_state != UI_LOAD_OK) {
		if (v->busy)
			return y;
		ui_draw_fmt(w, y++, 1, wd - 2, UI_R_WARN, "Notification e-mails, statuses and blocklist %s: press r.",
			    ui_load_word(v->m.admin_state));
		if (v->admin_msg[0])
			ui_draw_text(w, y++, 1, wd - 2, v->admin_msg, UI_R_WARN);
		return y;
	}
	if (v->m.admin.nemails == 0) {
		ui_draw_text(w, y++, 1, wd - 2,
			     "! No notification e-mails: nobody is told when a domain is blocklisted or a hook is "
			     "deactivated (e adds some).",
			     UI_R_WARN);
	} else {
		char *joined = sk_emails_join(v->m.admin.emails, v->m.admin.nemails);

		ui_draw_fmt(w, y++, 1, wd - 2, UI_R_NORMAL, "Notification e-mails: %s", joined);
		free(joined);
	}
	/* One line per blocklisted domain with its live countdown, one for its failure reasons. */
	for (size_t i = 0; i < v->m.admin.nblocked && i < 2; i++) {
		const struct sk_blocked_domain *b = &v->m.admin.blocked[i];
		int64_t secs = sk_audit_blocked_left(b, now);
		size_t used = 0;

		if (secs > 0)
			sk_duration_str(secs, left, sizeof left);
		ui_draw_fmt(w, y++, 1, wd - 2, secs > 0 ? UI_R_ERROR : UI_R_DIM, "Blocklisted: %s  %s%s",
			    b->destination ? b->destination : "", secs > 0 ? left : "block over",
			    secs > 0 ? " left" : " (r refreshes)");
		buf[0] = '\0';
		for (size_t r = 0; r < b->nreasons && used < sizeof buf - 64; r++) {
			char when[32];

			used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s x%lld, last %s", r ? "; " : "",
						 b->reasons[r].description ? b->reasons[r].description : "?",
						 (long long)b->reasons[r].count,
						 sk_time_str(b->reasons[r].timestamp, when, sizeof when));
		}
		if (b->nreasons)
			ui_draw_fmt(w, y++, 3, wd - 4, UI_R_NORMAL, "why: %s", buf);
	}
	if (v->m.admin.nblocked > 2)
		ui_draw_fmt(w, y++, 1, wd - 2, UI_R_ERROR, "... and %zu more blocklisted domains",
			    v->m.admin.nblocked - 2);
	return y;
}

static void draw_row(const struct ui_hooks *m, WINDOW *w, int y, int wd, const struct sk_webhook *h, bool on)
{
	struct cols c = columns(m, wd);
	enum ui_role role = on ? UI_R_SELECTED : UI_R_NORMAL;
	const char *st = ui_hook_status(h);
	char buf[64];
	int x = 1;

	if (on) {
		wattrset(w, ui_attr(UI_R_SELECTED));
		mvwhline(w, y, 0, ' ', wd);
		wattrset(w, A_NORMAL);
	}
	ui_draw_fmt(w, y, x, c.id, role, "%lld", (long long)h->id);
	x += c.id + 1;
	ui_draw_text(w, y, x, c.scope, h->scope ? h->scope : "", role);
	x += c.scope + 1;
	ui_draw_text(w, y, x, c.dest, h->destination ? h->destination : "", role);
	x += c.dest + 1;
	if (c.created) {
		ui_draw_text(w, y, x, c.created, sk_time_str(h->created_at, buf, sizeof buf), role);
		x += c.created + 1;
	}
	if (c.updated) {
		ui_draw_text(w, y, x, c.updated, sk_time_str(h->updated_at, buf, sizeof buf), role);
		x += c.updated + 1;
	}
	ui_draw_text(w, y, x, c.status, st, on ? role : strcmp(st, "active") == 0 ? UI_R_OK : UI_R_WARN);
}

static void draw_detail(WINDOW *w, int y, int wd, const struct sk_webhook *h)
{
	char a[32], b[32], buf[1024];
	size_t used = 0;

	ui_draw_rule(w, y++, 0, wd, "Webhook");
	ui_draw_fmt(w, y++, 1, wd - 2, UI_R_NORMAL, "#%lld  %s  -> %s", (long long)h->id, h->scope ? h->scope : "",
		    h->destination ? h->destination : "");
	ui_draw_fmt(w, y++, 1, wd - 2, UI_R_NORMAL, "Status %s (is_active %s)", ui_hook_status(h),
		    h->is_active ? "true" : "false");
	ui_draw_fmt(w, y++, 1, wd - 2, UI_R_NORMAL, "Created %s, updated %s", sk_time_str(h->created_at, a, sizeof a),
		    sk_time_str(h->updated_at, b, sizeof b));
	buf[0] = '\0';
	for (size_t i = 0; i < h->nheaders && used < sizeof buf - 64; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s: ********", i ? ", " : "",
					 h->header_names[i] ? h->header_names[i] : "");
	ui_draw_fmt(w, y++, 1, wd - 2, UI_R_NORMAL, "Custom headers: %s", h->nheaders ? buf : "none");
	if (strcmp(ui_hook_status(h), "active") != 0)
		ui_draw_text(w, y, 1, wd - 2,
			     "Not active: BigCommerce sends it no events. a re-activates it.", UI_R_WARN);
}

static void hooks_draw(void *data, struct ui_app *app, WINDOW *w)
{
	struct hooks_view *v = data;
	struct cols c;
	int h, wd, y, listh, detail_h;

	getmaxyx(w, h, wd);
	if (!v->found) {
		ui_draw_text(w, 1, 2, wd - 4, "This account is no longer in the registry. Esc goes back.", UI_R_WARN);
		return;
	}
	if (v->a.level != SK_LEVEL_STORE) {
		ui_draw_text(w, 1, 2, wd - 4, "Webhooks belong to store-level API accounts; this one is account-level.",
			     UI_R_NORMAL);
		return;
	}
	y = draw_header(v, app, w, wd);
	if (v->m.hooks_state != UI_LOAD_OK) {
		char line[128];

		if (v->busy) {
			ui_draw_text(w, y + 1, 2, wd - 4, "Loading...", UI_R_NORMAL);
			return;
		}
		snprintf(line, sizeof line, "Webhooks %s: press r. Nothing can be changed until they load.",
			 ui_load_word(v->m.hooks_state));
		ui_draw_text(w, y + 1, 2, wd - 4, line, UI_R_WARN);
		if (v->load_msg[0])
			ui_draw_wrapped(w, y + 3, 2, wd - 4, 4, v->load_msg, UI_R_ERROR);
		ui_draw_text(w, y + 8, 2, wd - 4, "r tries again, Esc goes back.", UI_R_DIM);
		return;
	}
	c = columns(&v->m, wd);
	{
		int x = 1;

		ui_draw_text(w, y, x, c.id, "ID", UI_R_DIM);
		x += c.id + 1;
		ui_draw_text(w, y, x, c.scope, "Event", UI_R_DIM);
		x += c.scope + 1;
		ui_draw_text(w, y, x, c.dest, "Destination", UI_R_DIM);
		x += c.dest + 1;
		if (c.created) {
			ui_draw_text(w, y, x, c.created, "Created", UI_R_DIM);
			x += c.created + 1;
		}
		if (c.updated) {
			ui_draw_text(w, y, x, c.updated, "Updated", UI_R_DIM);
			x += c.updated + 1;
		}
		ui_draw_text(w, y, x, c.status, "Status", UI_R_DIM);
		y++;
	}
	/* The detail pane gives the list at least half of what is left. */
	detail_h = v->detail && v->m.nview ? 7 : 0;
	if (detail_h > (h - y) / 2)
		detail_h = (h - y) / 2;
	if (detail_h < 4)
		detail_h = v->detail && v->m.nview && h - y >= 8 ? 4 : 0;
	listh = h - y - detail_h;
	if (listh < 1)
		listh = 1;
	v->page = listh;
	if (v->m.nview == 0) {
		ui_draw_text(w, y + 1, 2, wd - 4,
			     v->m.n ? "No webhook has this status (f changes the filter)." : "This account has no webhooks.",
			     UI_R_NORMAL);
		return;
	}
	if (v->sel >= (int)v->m.nview)
		v->sel = (int)v->m.nview - 1;
	ui_scroll_to(&v->top, v->sel, listh, (int)v->m.nview);
	for (int i = 0; i < listh && v->top + i < (int)v->m.nview; i++)
		draw_row(&v->m, w, y + i, wd, ui_hooks_at(&v->m, (size_t)(v->top + i)), v->top + i == v->sel);
	if (detail_h)
		draw_detail(w, h - detail_h, wd, ui_hooks_at(&v->m, (size_t)v->sel));
}

static unsigned hooks_tick(void *data, struct ui_app *app)
{
	struct hooks_view *v = data;

	/* The blocklist countdown moves every second. */
	return v->m.have_admin && v->m.admin.nblocked > 0 ? UI_REDRAW : 0;
}

/* ---- actions ------------------------------------------------------------------------------------- */

static unsigned emails_confirmed(void *ud, struct ui_app *app, bool yes)
{
	struct hooks_view *v = ud;
	char why[256];

	if (!yes || !ui_hooks_can_edit_emails(&v->m, why, sizeof why)) {
		if (yes)
			ui_app_status(app, UI_ST_WARN, "%s", why);
		emails_clear(v);
		return UI_REDRAW;
	}
	start_load(v, app, "Saving the notification e-mails");
	return UI_REDRAW;
}

static void edit_emails(struct hooks_view *v, struct ui_app *app, const char *text, const char *problem);

static unsigned emails_entered(void *ud, struct ui_app *app, bool ok, const char *value)
{
	struct hooks_view *v = ud;
	struct sk_error err = {0};
	char **list = NULL, *joined, msg[2048];
	size_t n = 0;

	if (!ok)
		return UI_REDRAW;
	sk_strlcpy(v->emails_text, value, sizeof v->emails_text);
	if (sk_emails_parse(value, &list, &n, &err) != SK_OK) {
		/* Ask again with what was typed: nothing is lost. */
		edit_emails(v, app, value, err.msg);
		return UI_REDRAW;
	}
	sk_strv_free(v->t_emails, v->t_nemails);
	v->t_emails = list;
	v->t_nemails = n;
	/* the list this edit started from: the save checks BigCommerce still holds it (R28) */
	sk_strv_free(v->t_seen, v->t_nseen);
	v->t_seen = sk_xcalloc(v->m.admin.nemails + 1, sizeof *v->t_seen);
	for (size_t i = 0; i < v->m.admin.nemails; i++)
		v->t_seen[i] = sk_strdup(v->m.admin.emails[i]);
	v->t_nseen = v->m.admin.nemails;
	joined = sk_emails_join(list, n);
	if (n == 0)
		snprintf(msg, sizeof msg, "Remove every notification e-mail? Nobody will be told when a domain is "
					  "blocklisted or a webhook deactivated.");
	else
		snprintf(msg, sizeof msg, "Set the notification e-mails of this account to: %s?", joined);
	free(joined);
	ui_app_confirm(app, "Change the notification e-mails?", msg, "Save", "Cancel", true, emails_confirmed, v);
	return UI_REDRAW;
}

/* One prompt of this screen: what was wrong with the last answer (if anything) as a sentence, then the help. */
static void ask_value(struct hooks_view *v, struct ui_app *app, const char *title, const char *problem,
		      const char *help, const char *text, ui_prompt_fn cb)
{
	char msg[1400];
	size_t n = problem ? strlen(problem) : 0;
	const char *sep = n == 0 ? "" : problem[n - 1] == '.' ? " " : ". ";

	snprintf(msg, sizeof msg, "%s%s%s", problem ? problem : "", sep, help);
	ui_app_prompt(app, title, msg, text, UI_LINE_MAX, cb, v);
}

static void edit_emails(struct hooks_view *v, struct ui_app *app, const char *text, const char *problem)
{
	ask_value(v, app, "Notification e-mails", problem,
		  "Comma-separated addresses. BigCommerce writes to them when a domain of this account is "
		  "blocklisted or a webhook is deactivated.",
		  text, emails_entered);
}

static unsigned activate_confirmed(void *ud, struct ui_app *app, bool yes)
{
	struct hooks_view *v = ud;

	if (!yes) {
		v->t_hook_id = 0;
		return UI_REDRAW;
	}
	start_load(v, app, "Re-activating the webhook");
	return UI_REDRAW;
}

/* ---- create, edit, delete a webhook ------------------------------------------------------------ */

static const struct sk_webhook *hook_by_id(const struct hooks_view *v, int64_t id)
{
	for (size_t i = 0; i < v->m.n; i++)
		if (v->m.hooks[i].id == id)
			return &v->m.hooks[i];
	return NULL;
}

static void ask_event(struct hooks_view *v, struct ui_app *app, const char *text, const char *problem);
static void ask_dest(struct hooks_view *v, struct ui_app *app, const char *text, const char *problem);
static void ask_headers(struct hooks_view *v, struct ui_app *app, const char *text, const char *problem);
static void ask_next_value(struct hooks_view *v, struct ui_app *app);

static unsigned write_confirmed(void *ud, struct ui_app *app, bool yes)
{
	struct hooks_view *v = ud;
	char why[256];

	if (!yes || !ui_hooks_can_write(&v->m, "changed", why, sizeof why)) {
		if (yes)
			ui_app_status(app, UI_ST_WARN, "%s", why);
		write_clear(v);
		return UI_REDRAW;
	}
	start_load(v, app, v->w_op == W_CREATE ? "Creating the webhook" : v->w_op == W_EDIT ? "Changing the webhook"
											      : "Deleting the webhook");
	return UI_REDRAW;
}

/* The last question: what will be sent, header values never shown. */
static void confirm_write(struct hooks_view *v, struct ui_app *app)
{
	struct sk_hook_spec spec = {.scope = v->w_op == W_CREATE ? v->w_scope : NULL,
				    .destination = v->w_dest,
				    .header_names = v->w_names,
				    .header_values = v->w_values,
				    .nheaders = v->w_nh,
				    .set_headers = v->w_set_headers,
				    .active = v->w_active};
	struct sk_error err;
	char names[512] = "", msg[2048];
	size_t used = 0;

	if (sk_hook_spec_check(&spec, v->w_op == W_CREATE, &err) != SK_OK) {
		ui_app_message(app, v->w_op == W_CREATE ? "Cannot create the webhook" : "Nothing to change", err.msg);
		write_clear(v);
		return;
	}
	for (size_t i = 0; i < v->w_nh && used < sizeof names - 64; i++)
		used += (size_t)snprintf(names + used, sizeof names - used, "%s%s: ********", i ? ", " : "", v->w_names[i]);
	if (v->w_op == W_CREATE)
		snprintf(msg, sizeof msg, "Create a webhook for %s -> %s, %s, custom headers: %s?", v->w_scope, v->w_dest,
			 v->w_active == 0 ? "inactive" : "active", v->w_nh ? names : "none");
	else
		snprintf(msg, sizeof msg, "Change webhook %s: destination %s, custom headers %s, %s?", v->w_label,
			 v->w_dest ? v->w_dest : "unchanged", !v->w_set_headers ? "unchanged" : v->w_nh ? names : "none",
			 v->w_active == -1 ? "active flag unchanged" : v->w_active ? "active" : "inactive");
	ui_app_confirm(app, v->w_op == W_CREATE ? "Create the webhook?" : "Change the webhook?", msg,
		       v->w_op == W_CREATE ? "Create" : "Change", "Cancel", true, write_confirmed, v);
}

static unsigned active_chosen(void *ud, struct ui_app *app, bool yes)
{
	struct hooks_view *v = ud;
	const struct sk_webhook *h = v->w_op == W_EDIT ? hook_by_id(v, v->w_id) : NULL;

	v->w_active = yes;
	if (h != NULL && h->is_active == yes && strcmp(ui_hook_status(h), "deactivated") != 0)
		v->w_active = -1; /* as it is */
	confirm_write(v, app);
	return UI_REDRAW;
}

static void ask_active(struct hooks_view *v, struct ui_app *app)
{
	const struct sk_webhook *h = v->w_op == W_EDIT ? hook_by_id(v, v->w_id) : NULL;

	ui_app_confirm(app, "Active?",
		       "Should BigCommerce send the events to it now? (An inactive webhook is kept but gets nothing.)",
		       "Active", "Inactive", h == NULL || h->is_active, active_chosen, v);
}

static unsigned value_entered(void *ud, struct ui_app *app, bool ok, const char *value)
{
	struct hooks_view *v = ud;

	if (!ok) {
		write_clear(v);
		return UI_REDRAW;
	}
	v->w_values[v->w_ask] = sk_strdup(value);
	ask_next_value(v, app);
	return UI_REDRAW;
}

/* Each header without a value gets a masked prompt; then the active flag. */
static void ask_next_value(struct hooks_view *v, struct ui_app *app)
{
	char msg[512];

	while (v->w_ask < v->w_nh && v->w_values[v->w_ask] != NULL)
		v->w_ask++;
	if (v->w_ask >= v->w_nh) {
		ask_active(v, app);
		return;
	}
	snprintf(msg, sizeof msg, "Value of custom header %s (masked; it is never shown or logged).",
		 v->w_names[v->w_ask]);
	ui_app_prompt_secret(app, "Custom header value", msg, SK_PARSE_MAX_STRING, value_entered, v);
}

static unsigned headers_entered(void *ud, struct ui_app *app, bool ok, const char *value)
{
	struct hooks_view *v = ud;
	const struct sk_webhook *h = v->w_op == W_EDIT ? hook_by_id(v, v->w_id) : NULL;
	char *copy, *save = NULL;
	bool same;

	if (!ok) {
		write_clear(v);
		return UI_REDRAW;
	}
	for (size_t i = 0; i < v->w_nh; i++) {
		free(v->w_names[i]);
		sk_secret_free(v->w_values[i]);
	}
	v->w_nh = v->w_ask = 0;
	copy = sk_strdup(value);
	for (char *tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		sk_trim(tok);
		if (*tok == '\0')
			continue;
		v->w_names = sk_xrealloc(v->w_names, (v->w_nh + 1) * sizeof *v->w_names);
		v->w_values = sk_xrealloc(v->w_values, (v->w_nh + 1) * sizeof *v->w_values);
		v->w_names[v->w_nh] = sk_strdup(tok);
		v->w_values[v->w_nh] = NULL;
		/* a header the hook keeps keeps its value */
		for (size_t k = 0; h != NULL && k < h->nheaders; k++)
			if (strcmp(h->header_names[k], tok) == 0)
				v->w_values[v->w_nh] = sk_strdup(h->header_values[k]);
		v->w_nh++;
	}
	free(copy);
	same = h != NULL && h->nheaders == v->w_nh;
	for (size_t i = 0; same && i < v->w_nh; i++)
		same = strcmp(h->header_names[i], v->w_names[i]) == 0;
	v->w_set_headers = v->w_op == W_CREATE || !same;
	ask_next_value(v, app);
	return UI_REDRAW;
}

static void ask_headers(struct hooks_view *v, struct ui_app *app, const char *text, const char *problem)
{
#define HEADERS_HELP "Custom header names, comma-separated (empty: none). Values are asked next, masked."
	ask_value(v, app, "Custom headers", problem,
		  v->w_op == W_EDIT ? HEADERS_HELP " Keep the names as they are to keep the headers." : HEADERS_HELP,
		  text, headers_entered);
#undef HEADERS_HELP
}

static void ask_headers_start(struct hooks_view *v, struct ui_app *app)
{
	const struct sk_webhook *h = v->w_op == W_EDIT ? hook_by_id(v, v->w_id) : NULL;
	char names[UI_LINE_MAX + 1] = "";
	size_t used = 0;

	for (size_t i = 0; h != NULL && i < h->nheaders && used < sizeof names - 1; i++)
		used += (size_t)snprintf(names + used, sizeof names - used, "%s%s", i ? ", " : "", h->header_names[i]);
	ask_headers(v, app, names, NULL);
}

static unsigned dest_entered(void *ud, struct ui_app *app, bool ok, const char *value)
{
	struct hooks_view *v = ud;
	const struct sk_webhook *h = v->w_op == W_EDIT ? hook_by_id(v, v->w_id) : NULL;
	struct sk_error err;
	char text[UI_LINE_MAX + 1];

	if (!ok) {
		write_clear(v);
		return UI_REDRAW;
	}
	sk_strlcpy(text, value, sizeof text);
	sk_trim(text);
	/* checked before anything is sent: BigCommerce takes https on port 443 only */
	if (sk_hook_check_destination(text, &err) != SK_OK) {
		ask_dest(v, app, text, err.msg);
		return UI_REDRAW;
	}
	free(v->w_dest);
	v->w_dest = h != NULL && h->destination != NULL && strcmp(h->destination, text) == 0 ? NULL : sk_strdup(text);
	ask_headers_start(v, app);
	return UI_REDRAW;
}

static void ask_dest(struct hooks_view *v, struct ui_app *app, const char *text, const char *problem)
{
	ask_value(v, app, "Destination", problem, "Where BigCommerce sends the events: an https:// URL on port 443.",
		  text, dest_entered);
}

static unsigned event_entered(void *ud, struct ui_app *app, bool ok, const char *value)
{
	struct hooks_view *v = ud;
	char text[UI_LINE_MAX + 1], problem[1024];
	const char *const *ev;
	size_t n, nmatch = 0, used = 0, first = 0;

	if (!ok) {
		write_clear(v);
		return UI_REDRAW;
	}
	sk_strlcpy(text, value, sizeof text);
	sk_trim(text);
	ev = sk_hook_scopes(&n);
	if (sk_hook_scope_known(text)) {
		nmatch = 1;
		for (size_t i = 0; i < n; i++)
			if (strcmp(ev[i], text) == 0)
				first = i;
	} else {
		/* type-to-filter: every event containing what was typed */
		problem[0] = '\0';
		for (size_t i = 0; i < n; i++)
			if (text[0] != '\0' && strcasestr(ev[i], text) != NULL) {
				if (nmatch++ == 0)
					first = i;
				if (used < sizeof problem - 80)
					used += (size_t)snprintf(problem + used, sizeof problem - used, "%s%s",
								 nmatch > 1 ? ", " : "", ev[i]);
			}
	}
	if (nmatch == 1) {
		free(v->w_scope);
		v->w_scope = sk_strdup(ev[first]);
		ask_dest(v, app, "https://", NULL);
		return UI_REDRAW;
	}
	if (nmatch == 0) {
		snprintf(problem, sizeof problem, "%s", text[0] ? "No event contains that" : "Type part of an event");
		ask_event(v, app, text, problem);
	} else {
		char msg[1100];

		snprintf(msg, sizeof msg, "%zu events match (type more): %s", nmatch, problem);
		ask_event(v, app, text, msg);
	}
	return UI_REDRAW;
}

static void ask_event(struct hooks_view *v, struct ui_app *app, const char *text, const char *problem)
{
	ask_value(v, app, "Webhook event", problem,
		  "The event to subscribe to: type it or part of it (order/created, cart/*, ...); Enter takes it once "
		  "one event matches.",
		  text, event_entered);
}

static void start_create(struct hooks_view *v, struct ui_app *app)
{
	write_clear(v);
	v->w_op = W_CREATE;
	ask_event(v, app, "", NULL);
}

static void start_edit(struct hooks_view *v, struct ui_app *app, const struct sk_webhook *h)
{
	write_clear(v);
	v->w_op = W_EDIT;
	v->w_id = h->id;
	snprintf(v->w_label, sizeof v->w_label, "#%lld %s -> %s", (long long)h->id, h->scope ? h->scope : "",
		 h->destination ? h->destination : "");
	ask_dest(v, app, h->destination ? h->destination : "", NULL);
}

/* Asks "VERB webhook #ID (EVENT -> URL)? WHAT_THEN" with yes and Cancel; cb gets the answer. */
static void confirm_hook(struct hooks_view *v, struct ui_app *app, const struct sk_webhook *h, const char *title,
			 const char *verb, const char *what_then, const char *yes, bool yes_default, ui_confirm_fn cb)
{
	char msg[1400];

	snprintf(msg, sizeof msg, "%s webhook #%lld (%s -> %s)? %s", verb, (long long)h->id, h->scope ? h->scope : "",
		 h->destination ? h->destination : "", what_then);
	ui_app_confirm(app, title, msg, yes, "Cancel", yes_default, cb, v);
}

static void start_delete(struct hooks_view *v, struct ui_app *app, const struct sk_webhook *h)
{
	write_clear(v);
	v->w_op = W_DELETE;
	v->w_id = h->id;
	confirm_hook(v, app, h, "Delete the webhook?", "Delete",
		     "BigCommerce stops sending these events to it; this cannot be undone.", "Delete", false,
		     write_confirmed);
}

static unsigned hooks_key(void *data, struct ui_app *app, const struct ui_event *ev)
{
	struct hooks_view *v = data;
	const struct sk_webhook *h;
	char msg[1024];

	if (ev->type != UI_EV_KEY)
		return 0;
	if (!v->found)
		return UI_CLOSE;
	switch (ui_keys_lookup(UI_CTX_WEBHOOKS, ev->key)) {
	case UI_ACT_BACK:
		return UI_CLOSE;
	case UI_ACT_UP:
		if (v->sel > 0)
			v->sel--;
		return UI_HANDLED;
	case UI_ACT_DOWN:
		if (v->sel + 1 < (int)v->m.nview)
			v->sel++;
		return UI_HANDLED;
	case UI_ACT_PGUP:
		v->sel = v->sel > v->page ? v->sel - v->page : 0;
		return UI_HANDLED;
	case UI_ACT_PGDN:
		v->sel = v->sel + v->page < (int)v->m.nview ? v->sel + v->page : (int)v->m.nview - 1;
		if (v->sel < 0)
			v->sel = 0;
		return UI_HANDLED;
	case UI_ACT_TOP:
		v->sel = 0;
		return UI_HANDLED;
	case UI_ACT_BOTTOM:
		v->sel = v->m.nview ? (int)v->m.nview - 1 : 0;
		return UI_HANDLED;
	case UI_ACT_DETAIL:
		v->detail = !v->detail;
		return UI_HANDLED;
	case UI_ACT_STATUS_FILTER:
		v->m.filter = (enum ui_hook_filter)((v->m.filter + 1) % UI_HF_COUNT);
		ui_hooks_update_view(&v->m);
		v->sel = v->top = 0;
		ui_app_status(app, UI_ST_INFO, "Showing %s webhooks.", ui_hook_filter_name(v->m.filter));
		return UI_HANDLED;
	case UI_ACT_SORT:
		v->m.sort = (enum ui_hook_col)((v->m.sort + 1) % UI_HC_COUNT);
		ui_hooks_update_view(&v->m);
		ui_app_status(app, UI_ST_INFO, "Sorted by %s.", ui_hook_col_name(v->m.sort));
		return UI_HANDLED;
	case UI_ACT_SORT_REVERSE:
		v->m.desc = !v->m.desc;
		ui_hooks_update_view(&v->m);
		return UI_HANDLED;
	case UI_ACT_REFRESH:
		if (v->a.level == SK_LEVEL_STORE)
			start_load(v, app, "Loading webhooks");
		return UI_HANDLED;
	case UI_ACT_EMAILS:
		if (!ui_hooks_can_edit_emails(&v->m, msg, sizeof msg)) {
			ui_app_status(app, UI_ST_WARN, "%s", msg);
			return UI_HANDLED;
		}
		{
			char *joined = sk_emails_join(v->m.admin.emails, v->m.admin.nemails);

			edit_emails(v, app, joined, NULL);
			free(joined);
		}
		return UI_HANDLED;
	case UI_ACT_NEW:
		if (!ui_hooks_can_write(&v->m, "created", msg, sizeof msg)) {
			ui_app_status(app, UI_ST_WARN, "%s", msg);
			return UI_HANDLED;
		}
		start_create(v, app);
		return UI_HANDLED;
	case UI_ACT_HOOK_EDIT:
	case UI_ACT_DELETE: {
		bool edit = ui_keys_lookup(UI_CTX_WEBHOOKS, ev->key) == UI_ACT_HOOK_EDIT;

		if (!ui_hooks_can_write(&v->m, edit ? "edited" : "deleted", msg, sizeof msg)) {
			ui_app_status(app, UI_ST_WARN, "%s", msg);
			return UI_HANDLED;
		}
		h = ui_hooks_at(&v->m, (size_t)v->sel);
		if (h == NULL) {
			ui_app_status(app, UI_ST_INFO, "No webhook is selected.");
			return UI_HANDLED;
		}
		if (edit)
			start_edit(v, app, h);
		else
			start_delete(v, app, h);
		return UI_HANDLED;
	}
	case UI_ACT_REACTIVATE:
		if (!ui_hooks_can_reactivate(&v->m, msg, sizeof msg)) {
			ui_app_status(app, UI_ST_WARN, "%s", msg);
			return UI_HANDLED;
		}
		h = ui_hooks_at(&v->m, (size_t)v->sel);
		if (h == NULL)
			return UI_HANDLED;
		if (strcmp(ui_hook_status(h), "active") == 0 && h->is_active) {
			ui_app_status(app, UI_ST_INFO, "Webhook #%lld is already active.", (long long)h->id);
			return UI_HANDLED;
		}
		v->t_hook_id = h->id;
		confirm_hook(v, app, h, "Re-activate the webhook?", "Re-activate",
			     "BigCommerce starts sending its events again; if the destination still fails it will be "
			     "deactivated again.",
			     "Re-activate", true, activate_confirmed);
		return UI_HANDLED;
	default:
		return 0;
	}
}

const struct ui_view_ops ui_view_webhooks = {
	.name = "webhooks",
	.ctx = UI_CTX_WEBHOOKS,
	.help = (const enum ui_ctx[]){UI_CTX_DIALOG, UI_CTX_FIELD, UI_CTX_COUNT},
	.init = hooks_init,
	.fini = hooks_fini,
	.title = hooks_title,
	.draw = hooks_draw,
	.key = hooks_key,
	.tick = hooks_tick,
};
