/* widgets.h - drawing helpers shared by the views: safe text, fields, buttons, radio rows, lists. */
#ifndef UI_WIDGETS_H
#define UI_WIDGETS_H

#include <curses.h>
#include <stdbool.h>

#include "form.h"
#include "keys.h"
#include "term.h"

/* Where the terminal cursor goes after a frame is drawn (screen coordinates); set by a focused field. */
struct ui_cursor {
	bool set;
	int y, x;
};
struct ui_event;

/* Draw UTF-8 (true) or ASCII only (false): set from the locale when curses starts. */
void ui_widgets_set_utf8(bool utf8);

/*
 * Draw s at (y, x) in at most width columns: sanitized (R21), cut with an
 * ellipsis, ASCII-only when the locale is not UTF-8. Returns columns used.
 */
int ui_draw_text(WINDOW *w, int y, int x, int width, const char *s, enum ui_role role);
/* Same with a printf format. */
int ui_draw_fmt(WINDOW *w, int y, int x, int width, enum ui_role role, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Word-wrapped text from line y, at most maxlines lines; returns lines used. */
int ui_draw_wrapped(WINDOW *w, int y, int x, int width, int maxlines, const char *s, enum ui_role role);
/* Lines s would take wrapped at width. */
int ui_wrapped_lines(const char *s, int width);

/*
 * A labelled text field: "Label: [value______]" then the validation
 * message on the next line (error or hint). A secret shows '*' per
 * character unless revealed. When focused, the cursor goes there. The
 * message takes at most msg_lines lines (0: not shown).
 */
void ui_draw_field(struct ui_cursor *cur, WINDOW *w, int y, int x, int label_w, int width, struct ui_field *f,
		   bool focused, int msg_lines);
/* Just the editable box of a line editor; when focused it puts the cursor there (cur). */
void ui_draw_line(struct ui_cursor *cur, WINDOW *w, int y, int x, int width, struct ui_line *l, bool focused);

/* "[ Label ]"; dim when disabled, reversed when focused. Returns its width. */
int ui_draw_button(WINDOW *w, int y, int x, const char *label, bool focused, bool enabled);
/* Width of a button. */
int ui_button_width(const char *label);

/* "(*) Label" / "( ) Label" choice rows, and "[x]" / "[ ]" check boxes. */
int ui_draw_radio(WINDOW *w, int y, int x, int width, const char *label, bool on, bool focused);
int ui_draw_check(WINDOW *w, int y, int x, int width, const char *label, bool on, bool focused);

/* A horizontal rule with an optional title. */
void ui_draw_rule(WINDOW *w, int y, int x, int width, const char *title);

/* Keep a selection visible: adjust *top for a list of n rows in h lines. */
void ui_scroll_to(int *top, int sel, int h, int n);
/*
 * Scroll a text view for act: one line for UI_ACT_UP/DOWN, page lines for
 * UI_ACT_PGUP/PGDN. Returns false (top untouched) for any other action;
 * the draw clamps *top.
 */
bool ui_scroll_key(enum ui_action act, int *top, int page);

/*
 * Edit a line editor with a key or paste event (field keys of the key
 * table, printable characters, paste). Returns true when it used the event.
 */
bool ui_line_key(struct ui_line *l, const struct ui_event *ev);

#endif
