/* view_details.c - stub */
#include "config.h"
#include <stdlib.h>
#include "app.h"
#include "views.h"
static void *i_(struct ui_app *app, const void *arg) { return calloc(1,1); }
static void f_(void *d) { free(d); }
static void d_(void *d, struct ui_app *app, WINDOW *w) {}
static unsigned k_(void *d, struct ui_app *app, const struct ui_event *ev) { return UI_CLOSE; }
const struct ui_view_ops ui_view_details = {.name = "details", .ctx = UI_CTX_PAGER, .init = i_, .fini = f_, .draw = d_, .key = k_};
