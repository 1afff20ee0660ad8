/* views.h - the screens of the TUI, each a const ops table defined in its view_*.c file. */
#ifndef UI_VIEWS_H
#define UI_VIEWS_H

#include <stddef.h>

#include "app.h"

extern const struct ui_view_ops ui_view_accounts;
extern const struct ui_view_ops ui_view_create;
extern const struct ui_view_ops ui_view_details;
extern const struct ui_view_ops ui_view_delete;
extern const struct ui_view_ops ui_view_webhooks;
extern const struct ui_view_ops ui_view_audit;
extern const struct ui_view_ops ui_view_pager;
extern const struct ui_view_ops ui_view_rotate;

/* Argument of ui_view_pager: it takes ownership of lines (free with ui_text_lines_free). */
struct ui_pager_arg {
	const char *title;
	char **lines;
	size_t n;
};

/* Argument of ui_view_details, ui_view_delete, ui_view_webhooks and ui_view_rotate: the account's local id. */
struct ui_account_arg {
	char id[37];
};

/* Argument of ui_view_audit: NULL; of ui_view_create: NULL or a struct ui_create_seed (model_create.h). */

#endif
