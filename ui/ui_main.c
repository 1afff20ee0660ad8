/* ui_main.c - the TUI entry point called by src/main.c. */
#include "config.h"

#include "app.h"
#include "ui.h"

int ui_run(struct sk_cli *cli)
{
	return ui_app_main(cli);
}
