/* lineedit.c - a curses-free single-line editor: UTF-8 aware, byte-capped, maskable, wiped. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "text.h"
#include "util.h"

void ui_line_init(struct ui_line *l, size_t cap, bool secret)
{
	memset(l, 0, sizeof *l);
	l->cap = cap ? cap : UI_LINE_MAX;
	l->buf = sk_xcalloc(l->cap + 1, 1);
	l->secret = secret;
}

void ui_line_free(struct ui_line *l)
{
	if (l->buf) {
		sk_wipe(l->buf, l->cap + 1);
		free(l->buf);
	}
	memset(l, 0, sizeof *l);
}

void ui_line_clear(struct ui_line *l)
{
	if (l->buf)
		sk_wipe(l->buf, l->cap + 1);
	l->len = l->cur = 0;
}

const char *ui_line_text(const struct ui_line *l)
{
	return l->buf ? l->buf : "";
}

static bool insert_bytes(struct ui_line *l, const char *b, size_t n)
{
	if (l->len + n > l->cap)
		return false;
	memmove(l->buf + l->cur + n, l->buf + l->cur, l->len - l->cur);
	memcpy(l->buf + l->cur, b, n);
	l->len += n;
	l->cur += n;
	l->buf[l->len] = '\0';
	l->changed = true;
	return true;
}

bool ui_line_insert(struct ui_line *l, uint32_t cp)
{
	char enc[4];
	size_t n;

	if (ui_cp_is_control(cp) || cp == 0xfffd)
		return false;
	n = ui_utf8_encode(cp, enc);
	return n > 0 && insert_bytes(l, enc, n);
}

bool ui_line_paste_cp(struct ui_line *l, uint32_t cp)
{
	bool ok;

	if (cp == '\t')
		cp = ' ';
	ok = ui_line_insert(l, cp);
	if (!ok && !ui_cp_is_control(cp))
		l->truncated = true;
	return ok;
}

size_t ui_line_paste(struct ui_line *l, const char *s, size_t n)
{
	size_t i = 0, before = l->len;

	while (i < n) {
		uint32_t cp;

		i += ui_utf8_decode(s + i, n - i, &cp);
		ui_line_paste_cp(l, cp);
	}
	return l->len - before;
}

void ui_line_trim(struct ui_line *l)
{
	size_t a = 0, b = l->len;

	while (a < b && (l->buf[a] == ' ' || l->buf[a] == '\t'))
		a++;
	while (b > a && (l->buf[b - 1] == ' ' || l->buf[b - 1] == '\t'))
		b--;
	if (a == 0 && b == l->len)
		return;
	memmove(l->buf, l->buf + a, b - a);
	sk_wipe(l->buf + (b - a), l->cap + 1 - (b - a));
	l->len = b - a;
	l->cur = l->cur < a ? 0 : l->cur - a;
	if (l->cur > l->len)
		l->cur = l->len;
}

void ui_line_paste_end(struct ui_line *l)
{
	if (l->secret)
		ui_line_trim(l);
}

bool ui_line_set(struct ui_line *l, const char *s)
{
	bool changed = l->changed;

	ui_line_clear(l);
	l->truncated = false;
	ui_line_paste(l, s ? s : "", s ? strlen(s) : 0);
	l->changed = changed;
	return !l->truncated;
}

static size_t prev_boundary(const struct ui_line *l, size_t pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && ((unsigned char)l->buf[pos] & 0xc0) == 0x80)
		pos--;
	return pos;
}

static size_t next_boundary(const struct ui_line *l, size_t pos)
{
	uint32_t cp;

	if (pos >= l->len)
		return l->len;
	return pos + ui_utf8_decode(l->buf + pos, l->len - pos, &cp);
}

/* Remove bytes [a, b) and wipe the freed tail. */
static void remove_range(struct ui_line *l, size_t a, size_t b)
{
	if (b <= a)
		return;
	memmove(l->buf + a, l->buf + b, l->len - b);
	l->len -= b - a;
	sk_wipe(l->buf + l->len, l->cap + 1 - l->len);
	if (l->cur > b)
		l->cur -= b - a;
	else if (l->cur > a)
		l->cur = a;
	l->changed = true;
}

bool ui_line_backspace(struct ui_line *l)
{
	size_t p;

	if (l->cur == 0)
		return false;
	p = prev_boundary(l, l->cur);
	remove_range(l, p, l->cur);
	return true;
}

bool ui_line_delete(struct ui_line *l)
{
	if (l->cur >= l->len)
		return false;
	remove_range(l, l->cur, next_boundary(l, l->cur));
	return true;
}

bool ui_line_left(struct ui_line *l)
{
	if (l->cur == 0)
		return false;
	l->cur = prev_boundary(l, l->cur);
	return true;
}

bool ui_line_right(struct ui_line *l)
{
	if (l->cur >= l->len)
		return false;
	l->cur = next_boundary(l, l->cur);
	return true;
}

void ui_line_home(struct ui_line *l)
{
	l->cur = 0;
}

void ui_line_end(struct ui_line *l)
{
	l->cur = l->len;
}

bool ui_line_kill_start(struct ui_line *l)
{
	if (l->cur == 0)
		return false;
	remove_range(l, 0, l->cur);
	return true;
}

bool ui_line_kill_end(struct ui_line *l)
{
	if (l->cur >= l->len)
		return false;
	remove_range(l, l->cur, l->len);
	return true;
}

bool ui_line_kill_word(struct ui_line *l)
{
	size_t p = l->cur;

	if (p == 0)
		return false;
	while (p > 0 && l->buf[p - 1] == ' ')
		p--;
	while (p > 0 && l->buf[p - 1] != ' ')
		p = prev_boundary(l, p);
	remove_range(l, p, l->cur);
	return true;
}

size_t ui_line_chars(const struct ui_line *l)
{
	size_t n = 0;

	for (size_t i = 0; i < l->len; i++)
		if (((unsigned char)l->buf[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static int cp_at(const struct ui_line *l, size_t pos, bool masked, bool utf8, uint32_t *cp, size_t *n)
{
	*n = ui_utf8_decode(l->buf + pos, l->len - pos, cp);
	if (masked) {
		*cp = '*';
		return 1;
	}
	return ui_cp_width(*cp, utf8);
}

int ui_line_view(const struct ui_line *l, int width, bool utf8, char *out, size_t size)
{
	bool masked = l->secret && !l->reveal;
	size_t start = l->cur, pos, o = 0;
	int before = 0, col = 0;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (width < 1 || l->buf == NULL)
		return 0;
	/* Walk back from the cursor while the text before it still leaves a column for the cursor. */
	while (start > 0) {
		size_t p = prev_boundary(l, start), n;
		uint32_t cp;
		int w = cp_at(l, p, masked, utf8, &cp, &n);

		if (before + w > width - 1)
			break;
		before += w;
		start = p;
	}
	pos = start;
	while (pos < l->len) {
		uint32_t cp;
		size_t n;
		int w = cp_at(l, pos, masked, utf8, &cp, &n);
		char enc[4];
		size_t en;

		if (col + w > width)
			break;
		if (!utf8 && cp >= 0x80)
			cp = UI_TEXT_SUBST;
		en = ui_utf8_encode(cp, enc);
		if (en == 0 || o + en >= size)
			break;
		memcpy(out + o, enc, en);
		o += en;
		col += w;
		pos += n;
	}
	out[o] = '\0';
	return before;
}
