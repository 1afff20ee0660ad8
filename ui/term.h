/* term.h - the terminal's lifecycle: signals, crash restore, curses start/stop, paste, attributes. */
#ifndef UI_TERM_H
#define UI_TERM_H

#include <curses.h>
#include <stdbool.h>

/* Key codes ncurses returns for the bracketed-paste markers (defined with define_key). */
#define UI_KEY_PASTE_BEGIN (KEY_MAX + 1)
#define UI_KEY_PASTE_END (KEY_MAX + 2)

/*
 * The smallest terminal the TUI draws in: 60 columns fit the accounts
 * list's name, kind and last-verified columns and a wizard field with its
 * label; 16 lines fit a wizard page (title, 8 lines of content, buttons)
 * with the header, status and key lines. Below it only a
 * "Terminal too small" message is drawn.
 */
#define UI_MIN_COLS 60
#define UI_MIN_LINES 16

enum ui_role {
	UI_R_NORMAL,
	UI_R_TITLE,     /* page and section titles */
	UI_R_HEADER,    /* the top bar */
	UI_R_SELECTED,  /* the selected row */
	UI_R_DIM,       /* secondary text, disabled buttons */
	UI_R_ERROR,
	UI_R_WARN,
	UI_R_OK,
	UI_R_KEY,       /* key names in hints */
	UI_R_FIELD,
	UI_R_FIELD_FOCUS,
	UI_R_BUTTON_FOCUS,
	UI_R_COUNT
};

struct ui_term {
	bool utf8;      /* nl_langinfo(CODESET) is UTF-8: draw UTF-8, else ASCII only */
	bool color;     /* has_colors() and NO_COLOR unset */
	bool bracketed; /* bracketed paste turned on */
};

/*
 * Before curses starts: setlocale, save the terminal modes, install our
 * own handlers (INT/TERM/HUP/QUIT set a flag; SEGV/BUS/ILL/FPE/ABRT restore
 * the terminal with async-signal-safe calls and re-raise), and atexit.
 * Installing them first keeps ncurses from using its own (R22).
 */
void ui_term_prepare(void);

/* Start curses on the terminal; false with a message on stderr when it cannot. */
bool ui_term_start(struct ui_term *t);

/* Leave curses and restore the terminal (paste off, endwin). Safe to call twice. */
void ui_term_stop(void);

/* The INT/TERM/HUP/QUIT signal caught, or 0. */
int ui_term_signal(void);

/* The attribute for a role (colour only when allowed; always readable in monochrome). */
attr_t ui_attr(enum ui_role r);

#endif
