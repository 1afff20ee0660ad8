/* view_details.c - one account: everything recorded, secrets on request, scopes, probe, verify. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "bc.h"
#include "model_create.h"
#include "scopes.h"
#include "text.h"
#include "util.h"
#include "vault.h"
#include "views.h"
#include "widgets.h"

struct row {
	enum ui_role role;
	char label[32];
	char text[600];
	bool secret; /* text holds a revealed secret: wiped after drawing */
};

struct details {
	char id[37];
	char dir[PATH_MAX];
	struct sk_account a; /* a copy: the registry may be reloaded under us */
	bool found;
	char *secret, *token; /* revealed secrets (keyring copies), wiped when hidden */
	struct sk_probe_result *probe, *probe_tmp;
	size_t nprobe, nprobe_tmp;
	struct sk_verify_result vr;
	char verify_msg[SK_ERROR_MSG_MAX + 300];
	char probe_msg[SK_ERROR_MSG_MAX + 300]; /* why the last probe gave no result (R27) */
	int top, page;
	bool to_probe; /* scroll to the probe results at the next draw */
	struct row *rows;
	size_t nrows, caprows;
};

static void load(struct details *d, struct ui_app *app)
{
	struct sk_registry *reg = ui_app_registry(app);
	long i = sk_registry_find_id(reg, d->id);

	sk_account_clear(&d->a);
	d->found = i >= 0;
	if (d->found)
		sk_account_copy(&d->a, &reg->accounts[i]);
}

static void hide_secrets(struct details *d)
{
	sk_secret_free(d->secret);
	sk_secret_free(d->token);
	d->secret = d->token = NULL;
}

static void *details_init(struct ui_app *app, const void *arg)
{
	const struct ui_account_arg *a = arg;
	struct details *d = sk_xcalloc(1, sizeof *d);

	sk_strlcpy(d->id, a->id, sizeof d->id);
	sk_strlcpy(d->dir, ui_app_dir(app), sizeof d->dir);
	load(d, app);
	return d;
}

static void details_fini(void *data)
{
	struct details *d = data;

	hide_secrets(d);
	free(d->probe);
	free(d->probe_tmp);
	sk_account_clear(&d->a);
	if (d->rows)
		sk_wipe(d->rows, d->caprows * sizeof *d->rows);
	free(d->rows);
	free(d);
}

static void details_resume(void *data, struct ui_app *app)
{
	load(data, app);
}

static const char *details_title(void *data)
{
	struct details *d = data;

	return d->found ? d->a.name : "Details";
}

/* ---- the rows ------------------------------------------------------------------------ */

static struct row *add(struct details *d, enum ui_role role, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static struct row *add(struct details *d, enum ui_role role, const char *label, const char *fmt, ...)
{
	struct row *r;
	va_list ap;

	if (d->nrows == d->caprows) {
		size_t ncap = d->caprows ? d->caprows * 2 : 64;
		struct row *nr = sk_xcalloc(ncap, sizeof *nr);

		if (d->rows) {
			memcpy(nr, d->rows, d->nrows * sizeof *nr);
			sk_wipe(d->rows, d->caprows * sizeof *d->rows);
			free(d->rows);
		}
		d->rows = nr;
		d->caprows = ncap;
	}
	r = &d->rows[d->nrows++];
	memset(r, 0, sizeof *r);
	r->role = role;
	sk_strlcpy(r->label, label ? label : "", sizeof r->label);
	va_start(ap, fmt);
	vsnprintf(r->text, sizeof r->text, fmt, ap);
	va_end(ap);
	return r;
}

static const char *probe_word(enum sk_probe_state s)
{
	switch (s) {
	case SK_PROBE_GRANTED:
		return "granted";
	case SK_PROBE_MISSING:
		return "missing";
	case SK_PROBE_NOT_PROBEABLE:
		return "not probeable";
	default:
		return "error";
	}
}

static void build_rows(struct details *d, struct ui_app *app)
{
	const struct sk_account *a = &d->a;
	char buf[512], label[SK_NAME_MAX_BYTES + 128];

	if (d->rows)
		sk_wipe(d->rows, d->caprows * sizeof *d->rows);
	d->nrows = 0;
	add(d, UI_R_NORMAL, "Name", "%s", a->name);
	add(d, UI_R_NORMAL, "Kind", "%s (%s)", sk_account_kind_label(a),
	    sk_level_label(a->level));
	if (a->level == SK_LEVEL_STORE)
		add(d, UI_R_NORMAL, "Store", "%s%s%s%s", a->store_hash, a->store_name[0] ? " (" : "", a->store_name,
		    a->store_name[0] ? ")" : "");
	else
		add(d, UI_R_NORMAL, "Account UUID", "%s", a->account_uuid);
	add(d, UI_R_NORMAL, "API path", "%s", a->api_path);
	add(d, UI_R_NORMAL, "Client ID", "%s", a->client_id);
	if (d->secret) {
		add(d, UI_R_WARN, "Client secret", "%s", d->secret)->secret = true;
		add(d, UI_R_WARN, "Access token", "%s", d->token)->secret = true;
		add(d, UI_R_DIM, "", "%s", "Revealed: s hides them again (they are wiped from memory).");
	} else {
		add(d, UI_R_NORMAL, "Client secret", "%s", "********  (s reveals, read from the keyring)");
		add(d, UI_R_NORMAL, "Access token", "%s", "********");
	}
	add(d, UI_R_NORMAL, "Created", "%s", sk_time_str(a->created, buf, sizeof buf));
	add(d, a->verified ? UI_R_NORMAL : UI_R_WARN, "Last verified", "%s",
	    a->verified ? sk_time_str(a->verified, buf, sizeof buf) : "never (v verifies now)");
	if (d->verify_msg[0])
		add(d, UI_R_NORMAL, "", "%s", d->verify_msg);
	add(d, UI_R_DIM, "Local id", "%s", a->id);
	ui_keyring_label(a, false, label, sizeof label);
	add(d, UI_R_DIM, "Keyring items", "\"%s\"", label);
	ui_keyring_label(a, true, label, sizeof label);
	add(d, UI_R_DIM, "", "\"%s\"", label);
	add(d, UI_R_NORMAL, "", "%s", "");

	add(d, UI_R_TITLE, "", "OAuth scopes (%zu)", a->nscopes);
	if (a->nscopes == 0)
		add(d, UI_R_NORMAL, "", "  %s", "none recorded (the token still has the default scope, which covers webhooks)");
	else
		add(d, UI_R_DIM, "", "  %-28.28s %-14s %s", "Resource", "Level", "Scope string");
	for (size_t i = 0; i < a->nscopes; i++) {
		size_t li;
		const struct sk_scope_resource *r = sk_scope_find(a->scopes[i], &li);

		add(d, UI_R_NORMAL, "", "  %-28.28s %-14s %s", r ? r->ui_name : "(unknown)", r ? r->levels[li].label : "-",
		    a->scopes[i]);
	}
	add(d, UI_R_NORMAL, "", "%s", "");
	if (d->probe) {
		add(d, UI_R_TITLE, "", "%s", "Probe: recorded vs. real (read-only GETs; read-only and modify look alike)");
		add(d, UI_R_DIM, "", "  %-28.28s %-12s %s", "Resource", "Recorded", "Real");
		for (size_t i = 0; i < d->nprobe; i++) {
			const struct sk_probe_result *p = &d->probe[i];
			bool differ = (p->state == SK_PROBE_GRANTED && !p->recorded) ||
				      (p->state == SK_PROBE_MISSING && p->recorded);

			add(d, differ ? UI_R_WARN : p->state == SK_PROBE_NOT_PROBEABLE ? UI_R_DIM : UI_R_NORMAL, "",
			    "  %-28.28s %-12s %s%s", p->resource->ui_name, p->recorded ? "yes" : "-", probe_word(p->state),
			    differ ? "  <- differs" : "");
		}
	} else if (a->level == SK_LEVEL_STORE && d->probe_msg[0]) {
		add(d, UI_R_WARN, "", "%s", d->probe_msg);
	} else if (a->level == SK_LEVEL_STORE) {
		add(d, UI_R_DIM, "", "%s", "p probes the scopes: one read-only GET per resource that has a probe; nothing is written.");
	}
}

static void details_draw(void *data, struct ui_app *app, WINDOW *w)
{
	struct details *d = data;
	int h, wd;

	getmaxyx(w, h, wd);
	if (!d->found) {
		ui_draw_text(w, 1, 2, wd - 4, "This account is no longer in the registry. Esc goes back.", UI_R_WARN);
		return;
	}
	build_rows(d, app);
	d->page = h;
	if (d->to_probe) {
		for (size_t i = 0; i < d->nrows; i++)
			if (strncmp(d->rows[i].text, "Probe:", 6) == 0)
				d->top = (int)i;
		d->to_probe = false;
	}
	if (d->top > (int)d->nrows - h)
		d->top = (int)d->nrows - h;
	if (d->top < 0)
		d->top = 0;
	for (int i = 0; i < h && d->top + i < (int)d->nrows; i++) {
		struct row *r = &d->rows[d->top + i];

		if (r->label[0] || r->role != UI_R_TITLE) {
			ui_draw_text(w, i, 1, 16, r->label, UI_R_DIM);
			ui_draw_text(w, i, r->label[0] || r->text[0] != ' ' ? 17 : 1, wd - 18, r->text, r->role);
		} else {
			ui_draw_text(w, i, 1, wd - 2, r->text, r->role);
		}
	}
	/* Revealed secrets were copied into the rows: wipe them now that curses has drawn them. */
	sk_wipe(d->rows, d->caprows * sizeof *d->rows);
	d->nrows = 0;
}

/* ---- tasks ------------------------------------------------------------------------------ */

static void reveal_run(struct ui_task *t)
{
	struct details *d = t->ud;

	ui_task_set_progress(t, "Reading the secrets from the keyring...");
	t->status = sk_vault_secret(&d->a, SK_FIELD_CLIENT_SECRET, &d->secret, &t->err);
	if (t->status == SK_OK)
		t->status = sk_vault_secret(&d->a, SK_FIELD_ACCESS_TOKEN, &d->token, &t->err);
}

static unsigned reveal_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct details *d = ud;

	if (t->status != SK_OK || d->secret == NULL || d->token == NULL) {
		hide_secrets(d);
		ui_app_error(app, "Keyring", &t->err);
	}
	return UI_REDRAW;
}

static void probe_run(struct ui_task *t)
{
	struct details *d = t->ud;
	char *tok = NULL;

	d->probe_tmp = NULL;
	d->nprobe_tmp = 0;
	ui_task_set_progress(t, "Reading the access token from the keyring...");
	t->status = sk_vault_secret(&d->a, SK_FIELD_ACCESS_TOKEN, &tok, &t->err);
	if (t->status == SK_OK)
		t->status = sk_bc_probe_scopes(&d->a, tok, &t->call, &d->probe_tmp, &d->nprobe_tmp, &t->err);
	sk_secret_free(tok);
}

static unsigned probe_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct details *d = ud;

	if (t->status != SK_OK) {
		char sentence[SK_ERROR_MSG_MAX + 200];

		/* an earlier result is not shown as if it were this one: the probe is not loaded */
		free(d->probe);
		d->probe = NULL;
		d->nprobe = 0;
		ui_error_sentence(&t->err, sentence, sizeof sentence);
		snprintf(d->probe_msg, sizeof d->probe_msg, "Probe: %s (%s). p probes again.",
			 t->status == SK_ERR_CANCELLED ? "not loaded (cancelled)" : "not loaded (failed)", sentence);
		ui_app_error(app, "Probe", &t->err);
		return UI_REDRAW;
	}
	d->probe_msg[0] = '\0';
	free(d->probe);
	d->probe = d->probe_tmp;
	d->nprobe = d->nprobe_tmp;
	d->probe_tmp = NULL;
	ui_app_status(app, UI_ST_OK, "Probed %zu resources.", d->nprobe);
	d->to_probe = true;
	return UI_REDRAW;
}

static void verify_run(struct ui_task *t)
{
	struct details *d = t->ud;
	char *tok = NULL;

	memset(&d->vr, 0, sizeof d->vr);
	ui_task_set_progress(t, "Reading the access token from the keyring...");
	t->status = sk_vault_secret(&d->a, SK_FIELD_ACCESS_TOKEN, &tok, &t->err);
	if (t->status == SK_OK)
		t->status = sk_bc_verify(&d->a, tok, &t->call, &d->vr, &t->err);
	sk_secret_free(tok);
	if (t->status == SK_OK && d->vr.token_ok)
		t->status = sk_vault_mark_verified(d->dir, d->a.id, (int64_t)time(NULL),
						   d->vr.have_store_info ? d->vr.store.name : NULL, &t->err);
}

static unsigned verify_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct details *d = ud;
	char sentence[SK_ERROR_MSG_MAX + 300];

	if (t->status != SK_OK) {
		ui_error_sentence(&t->err, sentence, sizeof sentence);
		snprintf(d->verify_msg, sizeof d->verify_msg, "Verify failed: %s", sentence);
		ui_app_error(app, "Verify", &t->err);
		return UI_REDRAW;
	}
	if (!d->vr.token_ok) {
		snprintf(d->verify_msg, sizeof d->verify_msg, "BigCommerce did not accept the token.");
		return UI_REDRAW;
	}
	snprintf(d->verify_msg, sizeof d->verify_msg, "The token works.");
	d->top = 0;
	ui_app_reload(app);
	load(d, app);
	ui_app_status(app, UI_ST_OK, "Verified \"%s\".", d->a.name);
	return UI_REDRAW;
}

static unsigned open_other(struct details *d, struct ui_app *app, const struct ui_view_ops *ops)
{
	struct ui_account_arg arg;

	hide_secrets(d);
	sk_strlcpy(arg.id, d->id, sizeof arg.id);
	ui_app_push(app, ops, &arg);
	return UI_HANDLED;
}

static unsigned details_key(void *data, struct ui_app *app, const struct ui_event *ev)
{
	struct details *d = data;
	enum ui_action act;

	if (ev->type != UI_EV_KEY)
		return 0;
	if (!d->found)
		return UI_CLOSE;
	act = ui_keys_lookup(UI_CTX_DETAILS, ev->key);
	if (ui_scroll_key(act, &d->top, d->page))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_BACK:
		return UI_CLOSE;
	case UI_ACT_REVEAL:
		if (!d->found)
			return UI_HANDLED;
		if (d->secret) {
			hide_secrets(d);
			ui_app_status(app, UI_ST_INFO, "Secrets hidden and wiped from memory.");
		} else {
			ui_app_task(app, "Reading the keyring", reveal_run, reveal_done, d);
		}
		return UI_HANDLED;
	case UI_ACT_PROBE:
		if (!d->found)
			return UI_HANDLED;
		if (d->a.level != SK_LEVEL_STORE) {
			ui_app_status(app, UI_ST_INFO, "Scope probes exist for store-level accounts only.");
			return UI_HANDLED;
		}
		ui_app_task(app, "Probing scopes", probe_run, probe_done, d);
		return UI_HANDLED;
	case UI_ACT_VERIFY:
		if (d->found)
			ui_app_task(app, "Verifying the token", verify_run, verify_done, d);
		return UI_HANDLED;
	case UI_ACT_WEBHOOKS:
		return d->found ? open_other(d, app, &ui_view_webhooks) : UI_HANDLED;
	case UI_ACT_DELETE:
		return d->found ? open_other(d, app, &ui_view_delete) : UI_HANDLED;
	default:
		return 0;
	}
}

const struct ui_view_ops ui_view_details = {
	.name = "details",
	.ctx = UI_CTX_DETAILS,
	.init = details_init,
	.fini = details_fini,
	.title = details_title,
	.draw = details_draw,
	.key = details_key,
	.resume = details_resume,
};
