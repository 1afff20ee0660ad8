/* widgets.c - drawing helpers shared by the views: safe text, fields, buttons, radio rows, lists. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"
#include "widgets.h"

/* The locale decides how text is drawn: set once by the app when curses starts. */
static bool utf8_mode;

void ui_widgets_set_utf8(bool utf8)
{
	utf8_mode = utf8;
}

static bool draw_utf8(void)
{
	return utf8_mode;
}

int ui_draw_text(WINDOW *w, int y, int x, int width, const char *s, enum ui_role role)
{
	char clean[2048], fit[2048];
	int maxy, maxx, used;

	if (w == NULL)
		return 0;
	getmaxyx(w, maxy, maxx);
	if (y < 0 || y >= maxy || x < 0 || x >= maxx)
		return 0;
	if (width > maxx - x)
		width = maxx - x;
	if (width <= 0)
		return 0;
	sk_sanitize(s ? s : "", clean, sizeof clean);
	used = ui_text_fit(clean, width, draw_utf8(), fit, sizeof fit);
	wattrset(w, ui_attr(role));
	mvwaddstr(w, y, x, fit);
	wattrset(w, A_NORMAL);
	/* A revealed secret may pass through here: leave no copy on the stack. */
	sk_wipe(clean, sizeof clean);
	sk_wipe(fit, sizeof fit);
	return used;
}

int ui_draw_fmt(WINDOW *w, int y, int x, int width, enum ui_role role, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	int used;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	used = ui_draw_text(w, y, x, width, buf, role);
	sk_wipe(buf, sizeof buf);
	return used;
}

int ui_wrapped_lines(const char *s, int width)
{
	size_t n;
	char **lines = ui_text_wrap(s ? s : "", width, draw_utf8(), &n);

	ui_text_lines_free(lines, n);
	return (int)n;
}

int ui_draw_wrapped(WINDOW *w, int y, int x, int width, int maxlines, const char *s, enum ui_role role)
{
	size_t n;
	char **lines;
	int used = 0;

	if (width < 1)
		return 0;
	/* Each line is sanitized when drawn; '\n' is kept for wrapping only. */
	lines = ui_text_wrap(s ? s : "", width, draw_utf8(), &n);
	for (size_t i = 0; i < n && used < maxlines; i++)
		ui_draw_text(w, y + used++, x, width, lines[i], role);
	ui_text_lines_free(lines, n);
	return used;
}

void ui_draw_line(struct ui_cursor *cur, WINDOW *w, int y, int x, int width, struct ui_line *l, bool focused)
{
	char view[UI_LINE_MAX * 4 + 8];
	int col, maxy, maxx;

	if (w == NULL || width < 1)
		return;
	getmaxyx(w, maxy, maxx);
	if (y < 0 || y >= maxy || x < 0 || x >= maxx)
		return;
	if (width > maxx - x)
		width = maxx - x;
	col = ui_line_view(l, width, draw_utf8(), view, sizeof view);
	wattrset(w, ui_attr(focused ? UI_R_FIELD_FOCUS : UI_R_FIELD));
	mvwhline(w, y, x, ' ', width);
	mvwaddstr(w, y, x, view);
	wattrset(w, A_NORMAL);
	/* The view may hold a revealed secret: wipe it as soon as curses has it. */
	sk_wipe(view, sizeof view);
	if (focused && cur != NULL) {
		int by, bx;

		getbegyx(w, by, bx);
		cur->set = true;
		cur->y = by + y;
		cur->x = bx + x + col;
	}
}

void ui_draw_field(struct ui_cursor *cur, WINDOW *w, int y, int x, int label_w, int width, struct ui_field *f,
		   bool focused, int msg_lines)
{
	int box = width - label_w - 2;
	char label[128];

	snprintf(label, sizeof label, "%s:", f->label);
	ui_draw_text(w, y, x, label_w, label, focused ? UI_R_TITLE : UI_R_NORMAL);
	if (box < 4)
		box = 4;
	ui_draw_line(cur, w, y, x + label_w + 1, box, &f->line, focused);
	if (msg_lines > 0 && f->msg[0]) {
		char msg[UI_FIELD_MSG_MAX + 8];

		snprintf(msg, sizeof msg, "%s %s", f->valid ? (draw_utf8() ? "\xe2\x9c\x93" : "ok") : "!", f->msg);
		ui_draw_wrapped(w, y + 1, x + label_w + 1, box, msg_lines, msg, f->valid ? UI_R_OK : UI_R_ERROR);
	}
}

int ui_button_width(const char *label)
{
	return ui_text_width(label, draw_utf8()) + 4;
}

int ui_draw_button(WINDOW *w, int y, int x, const char *label, bool focused, bool enabled)
{
	enum ui_role role = !enabled ? UI_R_DIM : focused ? UI_R_BUTTON_FOCUS : UI_R_NORMAL;

	return ui_draw_fmt(w, y, x, ui_button_width(label), role, "[ %s ]", label);
}

int ui_draw_radio(WINDOW *w, int y, int x, int width, const char *label, bool on, bool focused)
{
	return ui_draw_fmt(w, y, x, width, focused ? UI_R_SELECTED : UI_R_NORMAL, "(%c) %s", on ? '*' : ' ', label);
}

int ui_draw_check(WINDOW *w, int y, int x, int width, const char *label, bool on, bool focused)
{
	return ui_draw_fmt(w, y, x, width, focused ? UI_R_SELECTED : UI_R_NORMAL, "[%c] %s", on ? 'x' : ' ', label);
}

void ui_draw_rule(WINDOW *w, int y, int x, int width, const char *title)
{
	int maxy, maxx;

	if (w == NULL)
		return;
	getmaxyx(w, maxy, maxx);
	if (y < 0 || y >= maxy || x >= maxx)
		return;
	if (width > maxx - x)
		width = maxx - x;
	mvwhline(w, y, x, ACS_HLINE, width);
	if (title && title[0] && width > 6) {
		char t[256];

		snprintf(t, sizeof t, " %s ", title);
		ui_draw_text(w, y, x + 2, width - 4, t, UI_R_TITLE);
	}
}

void ui_scroll_to(int *top, int sel, int h, int n)
{
	if (h < 1)
		h = 1;
	if (sel < *top)
		*top = sel;
	if (sel >= *top + h)
		*top = sel - h + 1;
	if (*top > n - h)
		*top = n - h;
	if (*top < 0)
		*top = 0;
}

bool ui_scroll_key(enum ui_action act, int *top, int page)
{
	switch (act) {
	case UI_ACT_UP:
		*top -= 1;
		return true;
	case UI_ACT_DOWN:
		*top += 1;
		return true;
	case UI_ACT_PGUP:
		*top -= page;
		return true;
	case UI_ACT_PGDN:
		*top += page;
		return true;
	default:
		return false;
	}
}

bool ui_line_key(struct ui_line *l, const struct ui_event *ev)
{
	if (ev->type == UI_EV_PASTE) {
		ui_line_paste_cp(l, (uint32_t)ev->key.code);
		return true;
	}
	if (ev->type == UI_EV_PASTE_END) {
		ui_line_paste_end(l);
		return true;
	}
	if (!ev->key.fn && ev->key.code >= 0x20 && ev->key.code != 0x7f)
		return ui_line_insert(l, (uint32_t)ev->key.code) || true;
	switch (ui_keys_lookup(UI_CTX_FIELD, ev->key)) {
	case UI_ACT_LEFT:
		ui_line_left(l);
		return true;
	case UI_ACT_RIGHT:
		ui_line_right(l);
		return true;
	case UI_ACT_ED_HOME:
		ui_line_home(l);
		return true;
	case UI_ACT_ED_END:
		ui_line_end(l);
		return true;
	case UI_ACT_ED_BACKSPACE:
		ui_line_backspace(l);
		return true;
	case UI_ACT_ED_DELETE:
		ui_line_delete(l);
		return true;
	case UI_ACT_ED_KILL_START:
		ui_line_kill_start(l);
		return true;
	case UI_ACT_ED_KILL_END:
		ui_line_kill_end(l);
		return true;
	case UI_ACT_ED_KILL_WORD:
		ui_line_kill_word(l);
		return true;
	default:
		return false;
	}
}
