/* scopes_page.h - the OAuth scopes page of the wizard: every catalogue row, its levels, presets. */
#ifndef UI_SCOPES_PAGE_H
#define UI_SCOPES_PAGE_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "keys.h"
#include "model_create.h"

struct ui_app;

/* Where the cursor is on the scopes list. */
struct ui_scopes_page {
	int row;             /* resource row */
	int level;           /* level under the cursor on a multi-choice (account-level) row */
	int top;             /* first row shown */
	size_t preset;       /* the preset 'p' applies next */
	char preset_name[64]; /* the preset last applied, "" once changed by hand */
};

/*
 * Draw the count line, one row per catalogue resource with its levels
 * (radio buttons, or check boxes where several levels may be chosen), the
 * scope strings beside them on wide terminals, and the selected row's scope
 * strings and caveat on the two lines above the buttons (h - 3, h - 2).
 */
void ui_scopes_page_draw(struct ui_scopes_page *p, struct ui_scope_sel *sel, bool focused, WINDOW *w, int y, int h,
			 int wd);

/* Act on a scopes-page action (UI_CTX_SCOPES); 0 when it is not one. */
unsigned ui_scopes_page_key(struct ui_scopes_page *p, struct ui_scope_sel *sel, struct ui_app *app, enum ui_action act);

#endif
