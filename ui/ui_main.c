/* ui_main.c - the TUI entry point called by cli/main.c. */
#include "config.h"

#include <curses.h>

#include "app.h"
#include "ui.h"

int ui_run(const char *dir)
{
	return ui_app_main(dir);
}

const char *ui_version(void)
{
	return curses_version();
}
