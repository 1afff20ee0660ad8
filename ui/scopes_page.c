/* scopes_page.c - the OAuth scopes page of the wizard: every catalogue row, its levels, presets. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "scopes_page.h"
#include "util.h"
#include "widgets.h"

void ui_scopes_page_draw(struct ui_scopes_page *v, struct ui_scope_sel *sel, bool focus, WINDOW *w, int y, int h,
			 int wd)
{
	int name_w = wd >= 100 ? 30 : 24;
	int levels_x = 2 + name_w + 1;
	int scope_x = wd >= 110 ? levels_x + 44 : 0;
	int listh;
	const struct sk_scope_resource *cur;
	char buf[512];

	ui_draw_fmt(w, y++, 2, wd - 4, UI_R_NORMAL, "%zu of %zu resources granted%s%s   (p: next preset, x: all None)",
		    ui_scope_sel_granted(sel), ui_scope_sel_selectable(sel), v->preset_name[0] ? "; preset " : "",
		    v->preset_name);
	/* Rows between the count line and the two description lines above the buttons. */
	listh = h - y - 3;
	if (listh < 1)
		listh = 1;
	ui_scroll_to(&v->top, v->row, listh, (int)sel->n);
	for (int i = 0; i < listh && v->top + i < (int)sel->n; i++) {
		size_t row = (size_t)(v->top + i);
		const struct sk_scope_resource *r = ui_scope_sel_resource(sel, row);
		bool on = focus && (int)row == v->row;
		int x = levels_x;
		int lvl = ui_scope_sel_level(sel, row);

		ui_draw_fmt(w, y + i, 0, 2 + name_w, on ? UI_R_SELECTED : UI_R_NORMAL, "%s%s", on ? "> " : "  ",
			    r->ui_name);
		if (r->nlevels == 0) {
			ui_draw_text(w, y + i, x, wd - x - 1, "(set in the control panel; see below)", UI_R_DIM);
			continue;
		}
		if (!r->multi) {
			/* (no None where the control panel has none: Metafields access) */
			if (!r->always)
				x += ui_draw_radio(w, y + i, x, wd - x, "None", lvl < 0, false) + 1;
			for (size_t l = 0; l < r->nlevels && x < wd - 4; l++)
				x += ui_draw_radio(w, y + i, x, wd - x, r->levels[l].label, lvl == (int)l, false) + 1;
		} else {
			for (size_t l = 0; l < r->nlevels && x < wd - 4; l++)
				x += ui_draw_check(w, y + i, x, wd - x, r->levels[l].label,
						   (sel->mask[row] >> l) & 1u, on && v->level == (int)l) + 1;
		}
		if (scope_x && x < scope_x) {
			size_t ns = 0;

			buf[0] = '\0';
			for (size_t l = 0; l < r->nlevels; l++) {
				if (!((sel->mask[row] >> l) & 1u))
					continue;
				snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", ns++ ? ", " : "",
					 r->levels[l].scope);
			}
			ui_draw_text(w, y + i, scope_x, wd - scope_x - 1, buf, UI_R_DIM);
		}
	}
	/* The selected row in full: its scope strings and any caveat. */
	cur = ui_scope_sel_resource(sel, (size_t)v->row);
	if (cur) {
		buf[0] = '\0';
		for (size_t l = 0; l < cur->nlevels; l++)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s = %s", l ? "; " : "",
				 cur->levels[l].label, cur->levels[l].scope);
		ui_draw_fmt(w, h - 3, 2, wd - 4, UI_R_DIM, "%s: %s", cur->ui_name, buf[0] ? buf : "no scope string");
		if (cur->note)
			ui_draw_fmt(w, h - 2, 2, wd - 4, UI_R_DIM, "Note: %s", cur->note);
	}
}

unsigned ui_scopes_page_key(struct ui_scopes_page *v, struct ui_scope_sel *sel, struct ui_app *app, enum ui_action act)
{
	const struct sk_scope_resource *r = ui_scope_sel_resource(sel, (size_t)v->row);
	const struct sk_scope_preset *presets[8];
	size_t np;

	switch (act) {
	case UI_ACT_UP:
		if (v->row > 0)
			v->row--;
		v->level = 0;
		return UI_HANDLED;
	case UI_ACT_DOWN:
		if (v->row + 1 < (int)sel->n)
			v->row++;
		v->level = 0;
		return UI_HANDLED;
	case UI_ACT_TOP:
		v->row = 0;
		return UI_HANDLED;
	case UI_ACT_BOTTOM:
		v->row = (int)sel->n - 1;
		return UI_HANDLED;
	case UI_ACT_LEFT:
	case UI_ACT_RIGHT:
		if (r && r->multi) {
			v->level += act == UI_ACT_LEFT ? -1 : 1;
			if (v->level < 0)
				v->level = 0;
			if (v->level >= (int)r->nlevels)
				v->level = r->nlevels ? (int)r->nlevels - 1 : 0;
		} else {
			ui_scope_sel_step(sel, (size_t)v->row, act == UI_ACT_LEFT ? -1 : 1);
			v->preset_name[0] = '\0';
		}
		return UI_HANDLED;
	case UI_ACT_TOGGLE:
		if (r && r->multi)
			ui_scope_sel_toggle(sel, (size_t)v->row, v->level);
		else if (r && r->nlevels)
			/* Space walks None -> Read-only -> Modify -> None. */
			ui_scope_sel_set(sel, (size_t)v->row,
					 ui_scope_sel_level(sel, (size_t)v->row) + 1 >= (int)r->nlevels
						 ? -1
						 : ui_scope_sel_level(sel, (size_t)v->row) + 1);
		v->preset_name[0] = '\0';
		return UI_HANDLED;
	case UI_ACT_PRESET:
		np = ui_scope_presets(sel->level, presets, 8);
		if (np == 0)
			return UI_HANDLED;
		{
			const struct sk_scope_preset *p = presets[v->preset % np];
			size_t k = 0;

			while (p->scopes[k])
				k++;
			ui_scope_sel_apply(sel, (char *const *)p->scopes, k);
			sk_strlcpy(v->preset_name, p->id, sizeof v->preset_name);
			ui_app_status(app, UI_ST_INFO, "Preset %s: %s", p->id, p->title);
			v->preset++;
		}
		return UI_HANDLED;
	case UI_ACT_SCOPES_NONE:
		ui_scope_sel_clear(sel);
		v->preset_name[0] = '\0';
		return UI_HANDLED;
	default:
		return 0;
	}
}

