/* lineedit.h - a curses-free single-line editor: UTF-8 aware, byte-capped, maskable, wiped. */
#ifndef UI_LINEEDIT_H
#define UI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Default cap for any field: long enough for any real value, short enough to bound paste (R24). */
#define UI_LINE_MAX 1024

/*
 * The buffer is allocated once at its cap and never reallocated, so a
 * secret is never copied around behind the editor's back; every clear and
 * the free wipe the whole buffer (R6).
 */
struct ui_line {
	char *buf;     /* cap + 1 bytes */
	size_t len;    /* bytes used */
	size_t cap;    /* byte cap, enforced on typing and paste */
	size_t cur;    /* cursor, a byte offset on a code point boundary */
	bool secret;   /* masked unless revealed; trimmed after a paste */
	bool reveal;   /* show a secret in clear */
	bool changed;  /* the person typed or pasted something */
	bool truncated; /* the last paste or set did not fit */
};

void ui_line_init(struct ui_line *l, size_t cap, bool secret);
/* Wipe and free the buffer. */
void ui_line_free(struct ui_line *l);
/* Wipe the content (the field becomes empty). */
void ui_line_clear(struct ui_line *l);
/* Replace the content (cut at the cap on a code point boundary; controls dropped). False when cut. */
bool ui_line_set(struct ui_line *l, const char *s);
const char *ui_line_text(const struct ui_line *l);

/* Insert one typed code point at the cursor; false for controls or when over the cap. */
bool ui_line_insert(struct ui_line *l, uint32_t cp);
/*
 * Insert one code point of a bracketed paste: inserted literally except
 * that newlines and other controls are dropped (a paste never submits) and
 * a tab becomes a space. False when dropped or over the cap.
 */
bool ui_line_paste_cp(struct ui_line *l, uint32_t cp);
/* Insert a whole pasted UTF-8 string with the paste rules; returns bytes inserted. */
size_t ui_line_paste(struct ui_line *l, const char *s, size_t n);
/* End of a paste: a secret field is trimmed of surrounding white space. */
void ui_line_paste_end(struct ui_line *l);
/* Trim surrounding ASCII white space (wiping what is removed). */
void ui_line_trim(struct ui_line *l);

bool ui_line_backspace(struct ui_line *l);
bool ui_line_delete(struct ui_line *l);
bool ui_line_left(struct ui_line *l);
bool ui_line_right(struct ui_line *l);
void ui_line_home(struct ui_line *l);
void ui_line_end(struct ui_line *l);
/* Ctrl-U: delete from the start to the cursor. */
bool ui_line_kill_start(struct ui_line *l);
/* Ctrl-K: delete from the cursor to the end. */
bool ui_line_kill_end(struct ui_line *l);
/* Ctrl-W: delete the word before the cursor. */
bool ui_line_kill_word(struct ui_line *l);

/* Number of code points. */
size_t ui_line_chars(const struct ui_line *l);

/*
 * The visible part of the field in width columns, scrolled so the cursor
 * shows: masked ('*' per character) for a secret that is not revealed,
 * ASCII-only ('?') when !utf8. Writes into out and returns the cursor column.
 */
int ui_line_view(const struct ui_line *l, int width, bool utf8, char *out, size_t size);

#endif
