/* ui_main.c - the TUI entry point (placeholder until the TUI lands). */
#include "config.h"

#include <stdio.h>

#include "ui.h"

int ui_run(struct sk_cli *cli)
{
	fputs("storekeys: the terminal interface is not built yet; see storekeys --help\n", stderr);
	return 2;
}
