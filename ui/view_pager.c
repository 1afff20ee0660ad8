/* view_pager.c - a read-only scrolling page: help (from the key table) and placeholders. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "text.h"
#include "util.h"
#include "views.h"
#include "widgets.h"

struct pager {
	char title[64];
	char **lines;
	size_t n;
	int top;
	int h; /* lines shown at the last draw */
};

static void *pager_init(struct ui_app *app, const void *arg)
{
	const struct ui_pager_arg *a = arg;
	struct pager *p = sk_xcalloc(1, sizeof *p);

	sk_strlcpy(p->title, a->title ? a->title : "", sizeof p->title);
	p->lines = a->lines;
	p->n = a->n;
	p->h = 10;
	return p;
}

static void pager_fini(void *data)
{
	struct pager *p = data;

	ui_text_lines_free(p->lines, p->n);
	free(p);
}

static const char *pager_title(void *data)
{
	return ((struct pager *)data)->title;
}

static void pager_draw(void *data, struct ui_app *app, WINDOW *w)
{
	struct pager *p = data;
	int h, wd;

	getmaxyx(w, h, wd);
	p->h = h - 1;
	if (p->top > (int)p->n - p->h)
		p->top = (int)p->n - p->h;
	if (p->top < 0)
		p->top = 0;
	for (int i = 0; i < p->h && p->top + i < (int)p->n; i++) {
		const char *line = p->lines[p->top + i];
		/* Unindented lines are section titles. */
		enum ui_role role = line[0] && line[0] != ' ' && i + p->top + 1 < (int)p->n &&
					    p->lines[p->top + i + 1][0] == ' '
				    ? UI_R_TITLE
				    : UI_R_NORMAL;

		ui_draw_text(w, i, 1, wd - 2, line, role);
	}
	if ((int)p->n > p->h)
		ui_draw_fmt(w, h - 1, 1, wd - 2, UI_R_DIM, "lines %d-%d of %zu", p->top + 1,
			    p->top + p->h < (int)p->n ? p->top + p->h : (int)p->n, p->n);
}

static unsigned pager_key(void *data, struct ui_app *app, const struct ui_event *ev)
{
	struct pager *p = data;
	enum ui_action act;

	if (ev->type != UI_EV_KEY)
		return 0;
	act = ui_keys_lookup(UI_CTX_PAGER, ev->key);
	if (ui_scroll_key(act, &p->top, p->h))
		return UI_HANDLED;
	switch (act) {
	case UI_ACT_BACK:
		return UI_CLOSE;
	case UI_ACT_HELP:
		return UI_CLOSE;
	default:
		return 0;
	}
}

const struct ui_view_ops ui_view_pager = {
	.name = "pager",
	.ctx = UI_CTX_PAGER,
	.init = pager_init,
	.fini = pager_fini,
	.title = pager_title,
	.draw = pager_draw,
	.key = pager_key,
};
