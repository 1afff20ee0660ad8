/* view_rotate.c - R on an account: the rotation plan, the pre-filled create wizard, the carry-over, the delete hand-off. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "model_create.h"
#include "rotate.h"
#include "task.h"
#include "text.h"
#include "util.h"
#include "vault.h"
#include "views.h"
#include "widgets.h"

enum rv_state { RV_LOADING, RV_READY, RV_CARRYING, RV_FAILED };

struct rotv {
	char dir[PATH_MAX];
	struct sk_account old, repl;
	bool found, have_repl;
	struct sk_rotate_state st;
	struct sk_rotate_plan plan; /* valid when have_plan */
	bool have_plan;
	enum rv_state state;
	char suggested[SK_NAME_MAX_BYTES + 1];
	char msg[SK_ERROR_MSG_MAX + 64]; /* the last failure, shown above the plan */
	char **lines;
	size_t n;
	int top, h;
	/* the wizard: the accounts of the store before it, to find the one it added */
	char **before;
	size_t nbefore;
	bool in_wizard;
	/* task results */
	struct sk_rotate_plan t_plan;
	size_t t_writes;
	enum sk_status t_carry;
	struct sk_error t_err;
};

static bool complete(const struct rotv *v)
{
	return v->have_plan && v->have_repl && sk_rotate_plan_complete(&v->plan) && v->st.confirmed;
}

/* The plan and what to press next, as lines. */
static void render(struct rotv *v, struct ui_app *app)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ui_text_lines_free(v->lines, v->n);
	v->lines = NULL;
	v->n = 0;
	if (f == NULL)
		return;
	if (v->msg[0])
		fprintf(f, "%s\n\n", v->msg);
	if (v->have_plan)
		sk_rotate_write_plan(f, &v->plan);
	if (v->have_plan && !v->have_repl) {
		sk_rotate_write_steps(f, &v->plan, v->suggested, v->old.name);
		fprintf(f, "\nPress n to create the replacement with the wizard, pre-filled with these values,\n"
			   "or u to use an account of this store you have already added.\n");
	} else if (v->have_plan && complete(v)) {
		sk_rotate_write_handoff(f, &v->plan);
		fprintf(f, "\nPress d to delete the old account here (typed name; the control panel steps).\n");
	} else if (v->have_plan) {
		fprintf(f, "\nPress c to carry everything over to the replacement (one request at a time; Esc stops,\n"
			   "c again continues where it stopped, nothing is done twice).\n");
	}
	fclose(f);
	v->lines = ui_text_wrap(text ? text : "", 1000, ui_app_utf8(app), &v->n);
	free(text);
}

/* ---- tasks ------------------------------------------------------------------------------- */

static void plan_run(struct ui_task *t)
{
	struct rotv *v = t->ud;
	char *tok = NULL;

	memset(&v->t_plan, 0, sizeof v->t_plan);
	ui_task_set_progress(t, "Reading the access token from the keyring...");
	t->status = sk_vault_secret(&v->old, SK_FIELD_ACCESS_TOKEN, &tok, &t->err);
	if (t->status != SK_OK)
		return;
	ui_task_set_progress(t, "Reading what the account owns...");
	t->status = sk_rotate_plan_make(&v->old, tok, v->have_repl ? &v->repl : NULL, &v->st, &t->call, &v->t_plan,
					&t->err);
	sk_secret_free(tok);
}

static unsigned plan_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct rotv *v = ud;

	if (t->status != SK_OK) {
		sk_rotate_plan_clear(&v->t_plan);
		snprintf(v->msg, sizeof v->msg, "Could not read what the account owns: %s", t->err.msg);
		v->state = RV_FAILED;
	} else {
		sk_rotate_plan_clear(&v->plan);
		v->plan = v->t_plan;
		memset(&v->t_plan, 0, sizeof v->t_plan);
		v->have_plan = true;
		v->state = RV_READY;
	}
	render(v, app);
	return UI_REDRAW;
}

static void carry_run(struct ui_task *t)
{
	struct rotv *v = t->ud;
	char *old_tok = NULL, *new_tok = NULL;

	v->t_writes = 0;
	ui_task_set_progress(t, "Reading the access tokens from the keyring...");
	t->status = sk_vault_secret(&v->old, SK_FIELD_ACCESS_TOKEN, &old_tok, &t->err);
	if (t->status == SK_OK)
		t->status = sk_vault_secret(&v->repl, SK_FIELD_ACCESS_TOKEN, &new_tok, &t->err);
	if (t->status == SK_OK)
		t->status = sk_rotate_carry(v->dir, &v->plan, &v->st, old_tok, new_tok, &t->call, &v->t_writes, &t->err);
	sk_secret_free(old_tok);
	sk_secret_free(new_tok);
}

static unsigned carry_done(void *ud, struct ui_app *app, struct ui_task *t)
{
	struct rotv *v = ud;

	v->state = RV_READY;
	if (t->status != SK_OK)
		snprintf(v->msg, sizeof v->msg, "Stopped (press c to continue): %s", t->err.msg);
	else
		v->msg[0] = '\0';
	ui_app_status(app, t->status == SK_OK ? UI_ST_OK : UI_ST_WARN, t->status == SK_OK
		      ? "Rotation done: the replacement's webhooks were read back."
		      : "The rotation is partly done; c continues it.");
	render(v, app);
	return UI_REDRAW;
}

static void start_plan(struct rotv *v, struct ui_app *app)
{
	v->state = RV_LOADING;
	if (!ui_app_task(app, "Rotate: reading what the account owns", plan_run, plan_done, v))
		v->state = v->have_plan ? RV_READY : RV_FAILED;
}

/* ---- the wizard ------------------------------------------------------------------------- */

static void open_wizard(struct rotv *v, struct ui_app *app)
{
	const struct sk_registry *reg = ui_app_registry(app);
	struct ui_create_seed seed = {
		.level = v->old.level,
		.token_type = v->old.token_type,
		.stencil = v->old.stencil,
		.api_path = v->old.api_path,
		.name = v->suggested,
		.scopes = v->old.scopes,
		.nscopes = v->old.nscopes,
	};

	sk_strv_free(v->before, v->nbefore);
	v->before = sk_xcalloc(reg->n + 1, sizeof *v->before);
	v->nbefore = 0;
	for (size_t i = 0; i < reg->n; i++)
		v->before[v->nbefore++] = sk_strdup(reg->accounts[i].id);
	v->in_wizard = true;
	ui_app_push(app, &ui_view_create, &seed);
}

/* Back from the wizard: the account it added to the same store is the replacement. */
static void rotate_resume(void *data, struct ui_app *app)
{
	struct rotv *v = data;
	const struct sk_registry *reg = ui_app_registry(app);

	if (!v->in_wizard)
		return;
	v->in_wizard = false;
	for (size_t i = 0; i < reg->n && !v->have_repl; i++) {
		const struct sk_account *a = &reg->accounts[i];
		bool known = false;
		struct sk_error err;

		for (size_t k = 0; k < v->nbefore && !known; k++)
			known = strcmp(v->before[k], a->id) == 0;
		if (known || sk_rotate_check_pair(&v->old, a, &err) != SK_OK)
			continue;
		sk_account_copy(&v->repl, a);
		v->have_repl = true;
	}
	if (v->have_repl) {
		v->msg[0] = '\0';
		start_plan(v, app);
	}
}

/* ---- u: an account already added (the CLI's --to) ---------------------------------------- */

static unsigned use_answer(void *ud, struct ui_app *app, bool ok, const char *value)
{
	struct rotv *v = ud;
	const struct sk_registry *reg = ui_app_registry(app);
	struct sk_error err;
	size_t idx;

	if (!ok || value == NULL || value[0] == '\0' || v->have_repl)
		return UI_REDRAW;
	if (sk_registry_find(reg, value, &idx, &err) != SK_OK ||
	    sk_rotate_check_pair(&v->old, &reg->accounts[idx], &err) != SK_OK) {
		ui_app_status(app, UI_ST_WARN, "Not a replacement: %s", err.msg);
		return UI_REDRAW;
	}
	sk_account_copy(&v->repl, &reg->accounts[idx]);
	v->have_repl = true;
	v->msg[0] = '\0';
	start_plan(v, app);
	return UI_REDRAW;
}

/* Ask which account replaces the old one, naming the accounts that could. */
static void ask_existing(struct rotv *v, struct ui_app *app)
{
	const struct sk_registry *reg = ui_app_registry(app);
	char text[1024];
	size_t len, shown = 0, n = 0;

	len = (size_t)snprintf(text, sizeof text, "The account that replaces \"%s\" (its name, or id:LOCAL_ID).",
			       v->old.name);
	for (size_t i = 0; i < reg->n && len < sizeof text; i++) {
		struct sk_error err;

		if (sk_rotate_check_pair(&v->old, &reg->accounts[i], &err) != SK_OK)
			continue;
		n++;
		if (shown < 5)
			len += (size_t)snprintf(text + len, sizeof text - len, "%s \"%s\"",
						shown++ ? "," : " Could be:", reg->accounts[i].name);
	}
	if (n == 0) {
		ui_app_status(app, UI_ST_INFO, "No account added for this store could replace it: press n to create one.");
		return;
	}
	if (n > shown && len < sizeof text)
		snprintf(text + len, sizeof text - len, " and %zu more", n - shown);
	ui_app_prompt(app, "Use an existing account", text, "", SK_NAME_MAX_BYTES + 40, use_answer, v);
}

/* ---- the view ---------------------------------------------------------------------------- */

static void *rotate_init(struct ui_app *app, const void *arg)
{
	const struct ui_account_arg *a = arg;
	struct rotv *v = sk_xcalloc(1, sizeof *v);
	struct sk_registry *reg = ui_app_registry(app);
	long i = sk_registry_find_id(reg, a->id);
	struct sk_error err = {0};
	enum sk_status st;

	sk_strlcpy(v->dir, ui_app_dir(app), sizeof v->dir);
	v->found = i >= 0;
	if (!v->found) {
		snprintf(v->msg, sizeof v->msg, "The account is no longer in the registry.");
		v->state = RV_FAILED;
		render(v, app);
		return v;
	}
	sk_account_copy(&v->old, &reg->accounts[i]);
	sk_rotate_suggest_name(reg, &v->old, (int64_t)time(NULL), v->suggested, sizeof v->suggested);
	st = sk_rotate_state_load(v->dir, v->old.id, &v->st, &err);
	if (st != SK_OK && st != SK_ERR_NOT_FOUND) {
		snprintf(v->msg, sizeof v->msg, "%s", err.msg);
		v->state = RV_FAILED;
		render(v, app);
		return v;
	}
	i = v->st.new_id[0] ? sk_registry_find_id(reg, v->st.new_id) : -1;
	if (i >= 0) {
		sk_account_copy(&v->repl, &reg->accounts[i]);
		v->have_repl = true;
	}
	render(v, app);
	start_plan(v, app);
	return v;
}

static void rotate_fini(void *data)
{
	struct rotv *v = data;

	ui_text_lines_free(v->lines, v->n);
	sk_strv_free(v->before, v->nbefore);
	sk_rotate_plan_clear(&v->plan);
	sk_rotate_plan_clear(&v->t_plan);
	sk_rotate_state_clear(&v->st);
	sk_account_clear(&v->old);
	sk_account_clear(&v->repl);
	free(v);
}

static const char *rotate_title(void *data)
{
	(void)data;
	return "Rotate";
}

static void rotate_draw(void *data, struct ui_app *app, WINDOW *w)
{
	struct rotv *v = data;
	int h, wd;

	(void)app;
	getmaxyx(w, h, wd);
	v->h = h - 1;
	if (v->state == RV_LOADING && !v->have_plan) {
		ui_draw_text(w, 0, 1, wd - 2, "Reading what the account owns...", UI_R_DIM);
		return;
	}
	if (v->top > (int)v->n - v->h)
		v->top = (int)v->n - v->h;
	if (v->top < 0)
		v->top = 0;
	for (int i = 0; i < v->h && v->top + i < (int)v->n; i++)
		ui_draw_text(w, i, 1, wd - 2, v->lines[v->top + i], UI_R_NORMAL);
	if ((int)v->n > v->h)
		ui_draw_fmt(w, h - 1, 1, wd - 2, UI_R_DIM, "lines %d-%d of %zu", v->top + 1,
			    v->top + v->h < (int)v->n ? v->top + v->h : (int)v->n, v->n);
}

static unsigned rotate_key(void *data, struct ui_app *app, const struct ui_event *ev)
{
	struct rotv *v = data;
	enum ui_action act;

	if (ev->type != UI_EV_KEY)
		return 0;
	act = ui_keys_lookup(UI_CTX_ROTATE, ev->key);
	if (ui_scroll_key(act, &v->top, v->h))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_NEW:
		if (v->state != RV_READY || v->have_repl) {
			ui_app_status(app, UI_ST_INFO, v->have_repl ? "The replacement exists already." : "Wait for the plan.");
			return UI_HANDLED;
		}
		open_wizard(v, app);
		return UI_REDRAW;
	case UI_ACT_USE:
		if (v->state != RV_READY || v->have_repl) {
			ui_app_status(app, UI_ST_INFO, v->have_repl ? "The replacement exists already." : "Wait for the plan.");
			return UI_HANDLED;
		}
		ask_existing(v, app);
		return UI_REDRAW;
	case UI_ACT_ROTATE:
		if (v->state != RV_READY || !v->have_repl) {
			ui_app_status(app, UI_ST_INFO, "Choose the replacement first: n creates one, u uses one added.");
			return UI_HANDLED;
		}
		v->state = RV_CARRYING;
		if (!ui_app_task(app, "Carrying over to the replacement", carry_run, carry_done, v))
			v->state = RV_READY;
		return UI_REDRAW;
	case UI_ACT_DELETE: {
		struct ui_account_arg arg;

		if (!complete(v)) {
			ui_app_status(app, UI_ST_INFO, "Delete the old account once everything is carried over.");
			return UI_HANDLED;
		}
		sk_strlcpy(arg.id, v->old.id, sizeof arg.id);
		ui_app_push(app, &ui_view_delete, &arg);
		return UI_REDRAW;
	}
	case UI_ACT_BACK:
		return UI_CLOSE;
	default:
		return 0;
	}
}

static bool rotate_busy(void *data)
{
	const struct rotv *v = data;

	return v->state == RV_LOADING || v->state == RV_CARRYING;
}

const struct ui_view_ops ui_view_rotate = {
	.name = "rotate",
	.ctx = UI_CTX_ROTATE,
	.init = rotate_init,
	.fini = rotate_fini,
	.title = rotate_title,
	.draw = rotate_draw,
	.key = rotate_key,
	.busy = rotate_busy,
	.resume = rotate_resume,
};
