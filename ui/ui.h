/* ui.h - the ncurses front end's entry point. */
#ifndef SK_UI_H
#define SK_UI_H

/* Run the TUI on the registry in dir until the user quits; returns the process exit code. */
int ui_run(const char *dir);

/* The curses library in use, e.g. "ncurses 6.4.20221231". */
const char *ui_version(void);

#endif
