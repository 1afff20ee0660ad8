/* ui.h - the ncurses front end's entry point. */
#ifndef SK_UI_H
#define SK_UI_H

#include "cli.h"

/* Run the TUI until the user quits; returns the process exit code. */
int ui_run(struct sk_cli *cli);

#endif
