/* text.h - curses-free text helpers for the TUI: UTF-8, display width, fitting, wrapping, search. */
#ifndef UI_TEXT_H
#define UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The replacement drawn for a code point the terminal cannot show (ASCII mode). */
#define UI_TEXT_SUBST '?'

/*
 * Decode one UTF-8 sequence at s (len > 0 bytes available). Returns the
 * bytes consumed (1..4); an invalid byte consumes 1 and gives U+FFFD.
 */
size_t ui_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp as UTF-8 into out; returns 1..4, or 0 for a surrogate or out-of-range value. */
size_t ui_utf8_encode(uint32_t cp, char out[4]);

/* True for C0/C1 controls and DEL: never inserted into a field, never drawn raw. */
bool ui_cp_is_control(uint32_t cp);

/*
 * Columns one code point takes. In UTF-8 mode wcwidth (0, 1 or 2; unknown
 * and non-printable count 1 because they are drawn as a substitute); in
 * ASCII mode every code point is one column (non-ASCII is drawn as '?').
 */
int ui_cp_width(uint32_t cp, bool utf8);

/* Display width of a UTF-8 string. */
int ui_text_width(const char *s, bool utf8);

/*
 * Copy s into out (size bytes) so that it takes at most width columns:
 * controls become '?', and in ASCII mode so does every non-ASCII code
 * point; zero-width and bidi characters become <U+XXXX>. A cut string ends in an ellipsis ("…" or "~"). Returns the columns used.
 */
int ui_text_fit(const char *s, int width, bool utf8, char *out, size_t size);

/*
 * Word-wrap s to width columns. '\n' starts a new line; a word wider than
 * width is broken. Returns a new NULL-terminated array of new strings
 * (free with ui_text_lines_free) and sets *n.
 */
char **ui_text_wrap(const char *s, int width, bool utf8, size_t *n);
void ui_text_lines_free(char **lines, size_t n);

/* Case-insensitive (towlower) substring test on UTF-8; an empty needle matches. */
bool ui_text_contains(const char *hay, const char *needle);

/* What a person can do next about an error of this kind (never NULL, may be ""). */
const char *ui_status_hint(enum sk_status code);

/* "MESSAGE. HINT" for a status line (sanitized copy of the message). */
const char *ui_error_sentence(const struct sk_error *err, char *out, size_t size);

#endif
