/* model_hooks.c - curses-free model of the webhook browser: merge, filter, sort, countdown, e-mails. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model_hooks.h"
#include "util.h"

enum ui_load ui_load_from_status(enum sk_status st)
{
	if (st == SK_OK)
		return UI_LOAD_OK;
	return st == SK_ERR_CANCELLED ? UI_LOAD_CANCELLED : UI_LOAD_FAILED;
}

const char *ui_load_word(enum ui_load s)
{
	switch (s) {
	case UI_LOAD_OK:
		return "loaded";
	case UI_LOAD_CANCELLED:
		return "not loaded (cancelled)";
	case UI_LOAD_FAILED:
		return "not loaded (failed)";
	default:
		return "not loaded";
	}
}

void ui_hooks_init(struct ui_hooks *m)
{
	memset(m, 0, sizeof *m);
}

void ui_hooks_clear(struct ui_hooks *m)
{
	enum ui_hook_filter f = m->filter;
	enum ui_hook_col s = m->sort;
	bool d = m->desc;

	sk_webhooks_free(m->hooks, m->n);
	if (m->have_admin)
		sk_hooks_admin_clear(&m->admin);
	free(m->view);
	memset(m, 0, sizeof *m);
	m->filter = f;
	m->sort = s;
	m->desc = d;
}

void ui_hooks_take(struct ui_hooks *m, struct sk_webhook *list, size_t n, struct sk_hooks_admin *admin)
{
	ui_hooks_clear(m);
	if (admin) {
		m->admin = *admin;
		memset(admin, 0, sizeof *admin);
		m->have_admin = true;
	}
	if (list) {
		m->hooks = list;
		m->n = n;
		for (size_t i = 0; i < n && m->have_admin; i++) {
			for (size_t j = 0; j < m->admin.nhooks; j++) {
				const struct sk_webhook *a = &m->admin.hooks[j];

				if (a->id != list[i].id)
					continue;
				if (a->status[0])
					memcpy(list[i].status, a->status, sizeof list[i].status);
				list[i].is_active = a->is_active;
				break;
			}
		}
	} else if (m->have_admin) {
		m->hooks = m->admin.hooks;
		m->n = m->admin.nhooks;
		m->admin.hooks = NULL;
		m->admin.nhooks = 0;
	}
	m->hooks_state = list || m->have_admin ? UI_LOAD_OK : UI_LOAD_NONE;
	m->admin_state = m->have_admin ? UI_LOAD_OK : UI_LOAD_NONE;
	ui_hooks_update_view(m);
}

void ui_hooks_unknown(struct ui_hooks *m, enum ui_load hooks_state, enum ui_load admin_state)
{
	ui_hooks_clear(m);
	ui_hooks_mark(m, hooks_state, admin_state);
	ui_hooks_update_view(m);
}

void ui_hooks_mark(struct ui_hooks *m, enum ui_load hooks_state, enum ui_load admin_state)
{
	if (m->hooks_state != UI_LOAD_OK && hooks_state != UI_LOAD_OK)
		m->hooks_state = hooks_state;
	if (m->admin_state != UI_LOAD_OK && admin_state != UI_LOAD_OK)
		m->admin_state = admin_state;
}

bool ui_hooks_can_edit_emails(const struct ui_hooks *m, char *why, size_t size)
{
	if (m->admin_state == UI_LOAD_OK && m->have_admin)
		return true;
	snprintf(why, size,
		 "The notification e-mails are %s, so they cannot be changed: press r to load them first.",
		 ui_load_word(m->admin_state));
	return false;
}

bool ui_hooks_can_reactivate(const struct ui_hooks *m, char *why, size_t size)
{
	if (m->hooks_state == UI_LOAD_OK)
		return true;
	snprintf(why, size, "The webhooks are %s, so none can be re-activated: press r to load them first.",
		 ui_load_word(m->hooks_state));
	return false;
}

bool ui_hooks_can_write(const struct ui_hooks *m, const char *verb, char *why, size_t size)
{
	if (m->hooks_state == UI_LOAD_OK)
		return true;
	snprintf(why, size, "The webhooks are %s, so none can be %s: press r to load them first.",
		 ui_load_word(m->hooks_state), verb);
	return false;
}

bool ui_loss_needs_name(const struct ui_loss *l)
{
	return l->hooks_state != UI_LOAD_OK || l->scripts_state != UI_LOAD_OK || l->meta_state != UI_LOAD_OK ||
	       l->nhooks > 0 || l->nscripts > 0;
}

const char *ui_loss_count(enum ui_load st, size_t n, char *buf, size_t size)
{
	switch (st) {
	case UI_LOAD_OK:
		snprintf(buf, size, "%zu", n);
		break;
	case UI_LOAD_CANCELLED:
		snprintf(buf, size, "unknown (not loaded: cancelled)");
		break;
	case UI_LOAD_FAILED:
		snprintf(buf, size, "unknown (not loaded: failed)");
		break;
	default:
		snprintf(buf, size, "unknown (not loaded)");
		break;
	}
	return buf;
}

const char *ui_metafield_fate(const char *ps)
{
	if (ps != NULL && (strcmp(ps, "write") == 0 || strcmp(ps, "write_and_sf_access") == 0))
		return "stays writable by other API accounts";
	if (ps != NULL && (strcmp(ps, "read") == 0 || strcmp(ps, "read_and_sf_access") == 0))
		return "stays readable; only an account with store_metafield_write_all can change it";
	if (ps != NULL && strcmp(ps, "app_only") == 0)
		return "becomes invisible and unchangeable except to an account with store_metafield_write_all";
	return "permission set unknown: may become unchangeable except to an account with store_metafield_write_all";
}

const char *ui_hook_status(const struct sk_webhook *h)
{
	if (h->status[0])
		return h->status;
	return h->is_active ? "active" : "inactive";
}

bool ui_hook_matches(const struct sk_webhook *h, enum ui_hook_filter f)
{
	const char *s = ui_hook_status(h);

	switch (f) {
	case UI_HF_ACTIVE:
		return strcmp(s, "active") == 0;
	case UI_HF_INACTIVE:
		return strcmp(s, "inactive") == 0;
	case UI_HF_DEACTIVATED:
		return strcmp(s, "deactivated") == 0;
	default:
		return true;
	}
}

static const struct ui_hooks *sort_m;

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_view(const void *x, const void *y)
{
	const struct sk_webhook *a = &sort_m->hooks[*(const size_t *)x];
	const struct sk_webhook *b = &sort_m->hooks[*(const size_t *)y];
	int c = 0;

	switch (sort_m->sort) {
	case UI_HC_SCOPE:
		c = strcmp(a->scope ? a->scope : "", b->scope ? b->scope : "");
		break;
	case UI_HC_DEST:
		c = strcasecmp(a->destination ? a->destination : "", b->destination ? b->destination : "");
		break;
	case UI_HC_CREATED:
		c = cmp_i64(a->created_at, b->created_at);
		break;
	case UI_HC_UPDATED:
		c = cmp_i64(a->updated_at, b->updated_at);
		break;
	case UI_HC_STATUS:
		c = strcmp(ui_hook_status(a), ui_hook_status(b));
		break;
	default:
		break;
	}
	if (c == 0)
		c = cmp_i64(a->id, b->id);
	return sort_m->desc ? -c : c;
}

void ui_hooks_update_view(struct ui_hooks *m)
{
	free(m->view);
	m->view = sk_xcalloc(m->n + 1, sizeof *m->view);
	m->nview = 0;
	for (size_t i = 0; i < m->n; i++)
		if (ui_hook_matches(&m->hooks[i], m->filter))
			m->view[m->nview++] = i;
	/* qsort has no context argument in C11; the model lives on the UI thread only. */
	sort_m = m;
	qsort(m->view, m->nview, sizeof *m->view, cmp_view);
	sort_m = NULL;
}

const struct sk_webhook *ui_hooks_at(const struct ui_hooks *m, size_t row)
{
	return row < m->nview ? &m->hooks[m->view[row]] : NULL;
}

const char *ui_hook_filter_name(enum ui_hook_filter f)
{
	static const char *const names[] = {"all", "active", "inactive", "deactivated"};

	return f < UI_HF_COUNT ? names[f] : "all";
}

const char *ui_hook_col_name(enum ui_hook_col c)
{
	static const char *const names[] = {"id", "event", "destination", "created", "updated", "status"};

	return c < UI_HC_COUNT ? names[c] : "id";
}

