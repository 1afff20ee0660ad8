/* text.c - curses-free text helpers for the TUI: UTF-8, display width, fitting, wrapping, search. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "text.h"
#include "util.h"

size_t ui_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t n;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	if (n > len) {
		*cp = 0xfffd;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlongs, surrogates and values past U+10FFFF are invalid. */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return n;
}

size_t ui_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

bool ui_cp_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
}

int ui_cp_width(uint32_t cp, bool utf8)
{
	int w;

	if (!utf8 || ui_cp_is_control(cp))
		return 1;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

/* Columns cp takes when drawn: an invisible one is drawn as <U+XXXX> (issue 9 item 8). */
static int draw_width(uint32_t cp, bool utf8)
{
	if (sk_cp_invisible(cp))
		return cp > 0xffff ? 9 : 8;
	return ui_cp_width(cp, utf8);
}

int ui_text_width(const char *s, bool utf8)
{
	size_t len = strlen(s), i = 0;
	int w = 0;

	while (i < len) {
		uint32_t cp;

		i += ui_utf8_decode(s + i, len - i, &cp);
		w += draw_width(cp, utf8);
	}
	return w;
}

/* Append the drawable form of cp to out; false when it does not fit. */
static bool put_cp(uint32_t cp, bool utf8, char *out, size_t size, size_t *o)
{
	char enc[16];
	size_t n;

	if (sk_cp_invisible(cp)) {
		/* Zero-width and bidi characters are shown, never obeyed. */
		n = (size_t)snprintf(enc, sizeof enc, "<U+%04X>", (unsigned)cp);
	} else if (ui_cp_is_control(cp) || cp == 0xfffd || (!utf8 && cp >= 0x80) || (utf8 && wcwidth((wchar_t)cp) < 0)) {
		enc[0] = UI_TEXT_SUBST;
		n = 1;
	} else {
		n = ui_utf8_encode(cp, enc);
		if (n == 0) {
			enc[0] = UI_TEXT_SUBST;
			n = 1;
		}
	}
	if (*o + n >= size)
		return false;
	memcpy(out + *o, enc, n);
	*o += n;
	return true;
}

int ui_text_fit(const char *s, int width, bool utf8, char *out, size_t size)
{
	size_t len = strlen(s), i = 0, o = 0;
	int used = 0;
	bool cut;

	if (size == 0)
		return 0;
	out[0] = '\0';
	if (width <= 0)
		return 0;
	cut = ui_text_width(s, utf8) > width;
	while (i < len) {
		uint32_t cp;
		size_t n = ui_utf8_decode(s + i, len - i, &cp);
		int w = draw_width(cp, utf8);

		if (used + w > width - (cut ? 1 : 0))
			break;
		if (!put_cp(cp, utf8, out, size, &o))
			break;
		used += w;
		i += n;
	}
	if (cut) {
		const char *ell = utf8 ? "\xe2\x80\xa6" : "~";
		size_t en = strlen(ell);

		if (o + en < size) {
			memcpy(out + o, ell, en);
			o += en;
			used++;
		}
	}
	out[o] = '\0';
	return used;
}

struct lines {
	char **v;
	size_t n, cap;
};

static void lines_push(struct lines *l, const char *s, size_t len)
{
	if (l->n + 2 > l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = sk_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n] = sk_xmalloc(len + 1);
	memcpy(l->v[l->n], s, len);
	l->v[l->n][len] = '\0';
	l->n++;
	l->v[l->n] = NULL;
}

/* Wrap one paragraph (no '\n') into l; continuation lines keep the paragraph's indent. */
static void wrap_para(struct lines *l, const char *p, size_t plen, int width, bool utf8)
{
	size_t indent = 0, i, cur_len = 0;
	char *cur = sk_xmalloc(plen * 2 + width + 8);
	int cur_w = 0;

	while (indent < plen && p[indent] == ' ')
		indent++;
	if ((int)indent > width / 2)
		indent = (size_t)(width / 2);
	memset(cur, ' ', indent);
	cur_len = indent;
	cur_w = (int)indent;
	i = indent;
	while (i < plen && p[i] == ' ')
		i++;
	if (i >= plen) {
		lines_push(l, "", 0);
		free(cur);
		return;
	}
	while (i < plen) {
		size_t ws = i, we, gap_start, gap;
		int ww = 0;

		while (i < plen && p[i] != ' ')
			i++;
		we = i;
		gap_start = i;
		while (i < plen && p[i] == ' ')
			i++;
		for (size_t k = ws; k < we;) {
			uint32_t cp;

			k += ui_utf8_decode(p + k, we - k, &cp);
			ww += ui_cp_width(cp, utf8);
		}
		if (cur_w > (int)indent && cur_w + ww > width) {
			/* Break here: the spaces before the word are dropped. */
			while (cur_len > indent && cur[cur_len - 1] == ' ') {
				cur_len--;
				cur_w--;
			}
			lines_push(l, cur, cur_len);
			memset(cur, ' ', indent);
			cur_len = indent;
			cur_w = (int)indent;
		}
		/* Break a word that cannot fit on a line of its own. */
		for (size_t k = ws; k < we;) {
			uint32_t cp;
			size_t n = ui_utf8_decode(p + k, we - k, &cp);
			int w = ui_cp_width(cp, utf8);

			if (cur_w + w > width && cur_w > (int)indent) {
				lines_push(l, cur, cur_len);
				memset(cur, ' ', indent);
				cur_len = indent;
				cur_w = (int)indent;
			}
			memcpy(cur + cur_len, p + k, n);
			cur_len += n;
			cur_w += w;
			k += n;
		}
		/* Keep the spaces between words as typed (aligned columns survive). */
		gap = i - gap_start;
		if (i < plen && cur_w + (int)gap < width) {
			memset(cur + cur_len, ' ', gap);
			cur_len += gap;
			cur_w += (int)gap;
		} else if (i < plen && cur_w > (int)indent) {
			lines_push(l, cur, cur_len);
			memset(cur, ' ', indent);
			cur_len = indent;
			cur_w = (int)indent;
		}
	}
	if (cur_len > 0)
		lines_push(l, cur, cur_len);
	free(cur);
}

char **ui_text_wrap(const char *s, int width, bool utf8, size_t *n)
{
	struct lines l = {0};
	const char *p = s ? s : "";

	if (width < 1)
		width = 1;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t plen = nl ? (size_t)(nl - p) : strlen(p);

		wrap_para(&l, p, plen, width, utf8);
		if (!nl)
			break;
		p = nl + 1;
	}
	*n = l.n;
	return l.v;
}

void ui_text_lines_free(char **lines, size_t n)
{
	if (!lines)
		return;
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static uint32_t fold(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
	return (uint32_t)towlower((wint_t)cp);
}

bool ui_text_contains(const char *hay, const char *needle)
{
	size_t hl, nl;

	if (needle == NULL || needle[0] == '\0')
		return true;
	if (hay == NULL)
		return false;
	hl = strlen(hay);
	nl = strlen(needle);
	for (size_t start = 0; start < hl;) {
		size_t h = start, k = 0;
		uint32_t c0;

		while (k < nl && h < hl) {
			uint32_t a, b;
			size_t an = ui_utf8_decode(hay + h, hl - h, &a);
			size_t bn = ui_utf8_decode(needle + k, nl - k, &b);

			if (fold(a) != fold(b))
				break;
			h += an;
			k += bn;
		}
		if (k >= nl)
			return true;
		start += ui_utf8_decode(hay + start, hl - start, &c0);
	}
	return false;
}

const char *ui_status_hint(enum sk_status code)
{
	switch (code) {
	case SK_ERR_KEYRING_UNAVAILABLE:
		return "Start a Secret Service (e.g. gnome-keyring) in this session, then press r.";
	case SK_ERR_KEYRING_LOCKED:
		return "Unlock your login keyring (e.g. with Seahorse or by logging in again), then retry.";
	case SK_ERR_KEYRING_TIMEOUT:
		return "The keyring may be showing an unlock prompt; answer it, then retry.";
	case SK_ERR_KEYRING_MISSING:
		return "Run `storekeys doctor` to see which secret is missing; re-add the account.";
	case SK_ERR_REGISTRY_BUSY:
		return "Another storekeys is writing; retry in a moment.";
	case SK_ERR_REGISTRY_CORRUPT:
		return "See `storekeys doctor`: `storekeys doctor --restore-backup` brings back the last good copy.";
	case SK_ERR_REGISTRY_NEWER:
		return "Upgrade storekeys; the registry is read-only until then.";
	case SK_ERR_REGISTRY_UNSAFE:
		return "Fix the permissions as the message says, then restart storekeys.";
	case SK_ERR_NET:
		return "Check the network connection, then retry.";
	case SK_ERR_TIMEOUT:
		return "BigCommerce did not answer in time; retry later.";
	case SK_ERR_TLS:
		return "The server certificate could not be verified; check the network (proxy?) and the clock.";
	case SK_ERR_HTTP_401:
		/* The message already names the cause (rejected; deleted?): the hint adds only the action. */
		return "Check the access token.";
	case SK_ERR_HTTP_403:
		return "The account lacks the OAuth scope for this; it cannot be changed, create another account.";
	case SK_ERR_HTTP_429:
		return "Rate limited: wait a minute and retry.";
	case SK_ERR_HTTP_5XX:
		return "BigCommerce had a server error; retry later.";
	case SK_ERR_CANCELLED:
		return "";
	default:
		return "";
	}
}

const char *ui_error_sentence(const struct sk_error *err, char *out, size_t size)
{
	char msg[SK_ERROR_MSG_MAX + 8];
	char clean[SK_ERROR_MSG_MAX * 2];
	const char *hint;
	size_t len;

	snprintf(msg, sizeof msg, "%s", err->msg[0] ? err->msg : sk_status_describe(err->code));
	sk_sanitize(msg, clean, sizeof clean);
	len = strlen(clean);
	if (len > 0 && clean[len - 1] == '.')
		clean[len - 1] = '\0';
	hint = ui_status_hint(err->code);
	snprintf(out, size, "%s.%s%s", clean, hint[0] ? " " : "", hint);
	return out;
}
