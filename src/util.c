/* util.c - small string, UTF-8, secret-wiping and time helpers shared by the core. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels refuse it with EINVAL */
#endif

void sk_wipe(void *p, size_t len)
{
	if (p != NULL && len > 0)
		explicit_bzero(p, len);
}

void sk_secret_free(char *s)
{
	if (s == NULL)
		return;
	sk_wipe(s, strlen(s));
	free(s);
}

static void oom(void)
{
	fputs("storekeys: out of memory\n", stderr);
	abort();
}

void sk_prefault(void *p, size_t len)
{
	long ps = sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)p, first, last;

	if (p == NULL || ps <= 0 || len < (size_t)ps)
		return;
	first = (a + (uintptr_t)ps - 1) & ~((uintptr_t)ps - 1);
	last = (a + len) & ~((uintptr_t)ps - 1);
	if (last > first)
		(void)madvise((void *)first, last - first, MADV_POPULATE_WRITE);
}

void *sk_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *sk_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *sk_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

char *sk_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = sk_xmalloc(n);

	memcpy(d, s, n);
	return d;
}

bool sk_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size == 0)
		return false;
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

char *sk_trim(char *s)
{
	size_t n = strlen(s);
	size_t start = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (start < n && isspace((unsigned char)s[start]))
		start++;
	if (start > 0)
		memmove(s, s + start, n - start + 1);
	return s;
}

/* Length of the UTF-8 sequence at s (1-4), or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	size_t n;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	return n;
}

size_t sk_utf8_decode(const char *s, size_t avail, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = avail ? utf8_seq(u, avail) : 0;
	uint32_t c;

	if (n == 0) {
		*cp = 0xfffd;
		return 0;
	}
	c = n == 1 ? u[0] : n == 2 ? (u[0] & 0x1fu) : n == 3 ? (u[0] & 0x0fu) : (u[0] & 0x07u);
	for (size_t i = 1; i < n; i++)
		c = (c << 6) | (u[i] & 0x3fu);
	*cp = c;
	return n;
}

bool sk_cp_invisible(uint32_t c)
{
	/* Zero-width, bidi controls, joiners, fillers, tags and variation selectors (Trojan Source, look-alikes). */
	return c == 0x00ad || c == 0x034f || c == 0x061c || c == 0x115f || c == 0x1160 || c == 0x17b4 ||
	       c == 0x17b5 || (c >= 0x180b && c <= 0x180f) || (c >= 0x200b && c <= 0x200f) ||
	       (c >= 0x2028 && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) || c == 0x3164 ||
	       (c >= 0xfe00 && c <= 0xfe0f) || c == 0xfeff || c == 0xffa0 || (c >= 0xfff9 && c <= 0xfffb) ||
	       (c >= 0x1d173 && c <= 0x1d17a) || (c >= 0xe0000 && c <= 0xe0fff);
}

bool sk_cp_blank(uint32_t c)
{
	return c == ' ' || c == '\t' || c == 0x00a0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f ||
	       c == 0x205f || c == 0x3000;
}

bool sk_utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n;
		uint64_t w;

		/* ASCII, most of any registry or answer: 32, then 8 bytes at a time, no call per byte. */
		if (len - i >= 32) {
			uint64_t x[4];

			memcpy(x, u + i, 32);
			if (((x[0] | x[1] | x[2] | x[3]) & 0x8080808080808080ULL) == 0) {
				i += 32;
				continue;
			}
		}
		if (len - i >= 8 && (memcpy(&w, u + i, 8), (w & 0x8080808080808080ULL) == 0)) {
			i += 8;
			continue;
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_seq(u + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t sk_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* 0x0101...01: a byte value times ONES is that byte in every lane. */
#define ONES 0x0101010101010101ULL

bool sk_has_control(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s);
	size_t i = 0;

	while (i < len) {
		size_t n;
		uint64_t w;

		/* 8 printable ASCII bytes at once: none below 0x20, none above 0x7e (exact word tests) */
		if (len - i >= 8 && (memcpy(&w, u + i, 8),
				     (((w - ONES * 0x20) & ~w) | ((w + ONES * (0x7f - 0x7e)) | w)) & ONES * 0x80) == 0) {
			i += 8;
			continue;
		}
		if (u[i] >= 0x20 && u[i] < 0x7f) { /* printable ASCII: no call per byte */
			i++;
			continue;
		}
		n = utf8_seq(u + i, len - i);
		if (n == 0)
			return true;
		if (n == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			return true;
		/* C1 controls U+0080..U+009F are encoded as C2 80..C2 9F */
		if (n == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0)
			return true;
		i += n;
	}
	return false;
}

char *sk_sanitize(const char *in, char *out, size_t size)
{
	const unsigned char *u = (const unsigned char *)(in ? in : "");
	size_t len = strlen((const char *)u);
	size_t i = 0, o = 0;

	if (size == 0)
		return out;
	while (i < len) {
		size_t n = utf8_seq(u + i, len - i);
		char tmp[16];
		size_t tn;
		uint32_t cp;

		if (n == 0) {
			tn = (size_t)snprintf(tmp, sizeof tmp, "\\x%02X", u[i]);
			n = 1;
		} else if (n == 1 && u[i] < 0x20) {
			tmp[0] = '^';
			tmp[1] = (char)(u[i] + 0x40);
			tn = 2;
		} else if (n == 1 && u[i] == 0x7f) {
			memcpy(tmp, "^?", 2);
			tn = 2;
		} else if (n == 2 && u[i] == 0xc2 && u[i + 1] < 0xa0) {
			tn = (size_t)snprintf(tmp, sizeof tmp, "\\x%02X", u[i + 1]);
		} else if (n >= 2 && sk_utf8_decode((const char *)u + i, n, &cp) == n && sk_cp_invisible(cp)) {
			/* Zero-width and bidi characters are shown, never obeyed (issue 9 item 8). */
			tn = (size_t)snprintf(tmp, sizeof tmp, "<U+%04X>", (unsigned)cp);
		} else {
			memcpy(tmp, u + i, n);
			tn = n;
		}
		if (o + tn >= size)
			break;
		memcpy(out + o, tmp, tn);
		o += tn;
		i += n;
	}
	out[o] = '\0';
	return out;
}

const char *sk_time_str(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || localtime_r(&tt, &tm) == NULL) {
		snprintf(buf, size, "-");
		return buf;
	}
	strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
	return buf;
}

const char *sk_duration_str(int64_t s, char *buf, size_t size)
{
	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(buf, size, "%llds", (long long)s);
	else if (s < 3600)
		snprintf(buf, size, "%lldm %02llds", (long long)(s / 60), (long long)(s % 60));
	else if (s < 86400)
		snprintf(buf, size, "%lldh %02lldm", (long long)(s / 3600), (long long)(s % 3600 / 60));
	else
		snprintf(buf, size, "%lldd %lldh", (long long)(s / 86400), (long long)(s % 86400 / 3600));
	return buf;
}

int64_t sk_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool sk_random_bytes(void *out, size_t n)
{
	unsigned char *p = out;

	while (n > 0) {
		ssize_t r = getrandom(p, n, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		p += r;
		n -= (size_t)r;
	}
	return true;
}

bool sk_uuid_new(char out[37])
{
	unsigned char b[16];

	if (!sk_random_bytes(b, sizeof b))
		return false;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
		 b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	return true;
}

bool sk_uuid_valid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		unsigned char c = (unsigned char)s[i], l = (unsigned char)(c | 0x20);

		/* isxdigit's set in every locale glibc has, without a call per character */
		if (dash ? c != '-' : !((c >= '0' && c <= '9') || (l >= 'a' && l <= 'f')))
			return false;
	}
	return s[36] == '\0';
}

bool sk_email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	size_t len = strlen(s);

	if (len < 3 || len > 254 || at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == ',' || *p == '"' || *p == '<' || *p == '>')
			return false;
	const char *dot = strrchr(at + 1, '.');
	return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

void sk_strv_free(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

enum sk_status sk_emails_parse(const char *text, char ***out, size_t *n, struct sk_error *err)
{
	char *copy = sk_strdup(text ? text : "");
	char **v = sk_xcalloc(SK_EMAILS_MAX + 1, sizeof *v);
	char *save = NULL, *t;
	size_t k = 0;
	enum sk_status st = SK_OK;

	*out = NULL;
	*n = 0;
	/* "a@x.com,,b@y.org" has an empty item that strtok would hide */
	t = sk_trim(copy);
	if (strstr(t, ",,") != NULL || t[0] == ',' || (t[0] && t[strlen(t) - 1] == ','))
		st = sk_error_set(err, SK_ERR_INVALID,
				  "the e-mail list has an empty item; separate addresses with one comma");
	for (char *tok = strtok_r(t, ",; \t\r\n", &save); st == SK_OK && tok; tok = strtok_r(NULL, ",; \t\r\n", &save)) {
		bool dup = false;

		if (!sk_email_valid(tok)) {
			char clean[128];

			st = sk_error_set(err, SK_ERR_INVALID, "\"%s\" is not a valid e-mail address",
					  sk_sanitize(tok, clean, sizeof clean));
			break;
		}
		for (size_t i = 0; i < k; i++)
			dup = dup || strcasecmp(v[i], tok) == 0;
		if (dup)
			continue;
		if (k == SK_EMAILS_MAX) {
			st = sk_error_set(err, SK_ERR_INVALID, "at most %d notification e-mails are accepted",
					  SK_EMAILS_MAX);
			break;
		}
		v[k++] = sk_strdup(tok);
	}
	free(copy);
	if (st != SK_OK) {
		sk_strv_free(v, k);
		return st;
	}
	*out = v;
	*n = k;
	return SK_OK;
}

char *sk_emails_join(char *const *v, size_t n)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 2;
	s = sk_xmalloc(len);
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, ", ");
		strcat(s, v[i]);
	}
	return s;
}

const char *sk_elapsed_str(int64_t ms, char *buf, size_t size)
{
	if (ms < 0)
		ms = 0;
	if (ms < 1000)
		snprintf(buf, size, "%lld ms", (long long)ms);
	else
		snprintf(buf, size, "%.1f s", (double)ms / 1000.0);
	return buf;
}
