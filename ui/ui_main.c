/* ui_main.c - the TUI entry point called by cli/main.c. */
#include "config.h"

#include "app.h"
#include "ui.h"

int ui_run(const char *dir)
{
	return ui_app_main(dir);
}
