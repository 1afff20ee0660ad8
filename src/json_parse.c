/* json_parse.c - the registry's JSON parser: cJSON's grammar and tree, without its per-byte cost. */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "json_arena.h"
#include "json_parse.h"

/*
 * Why a parser of our own: cJSON_ParseWithLengthOpts spends about 30 instructions per byte
 * (bounds-checked macros, two calls per node, localeconv and strtod for every number), more
 * than half of what a one-account command pays at 2,000 accounts (issue 12). This one walks
 * the same grammar with plain pointers. Every rule below is cJSON's, quirks included, since
 * which registries are refused (and with which message) must not change; the unit test
 * compares both on thousands of texts.
 */

struct parser {
	const unsigned char *p, *end;
	const unsigned char *start; /* the text's first byte: offsets given to each count from it */
	size_t depth;        /* open arrays and objects: cJSON refuses CJSON_NESTING_LIMIT */
	unsigned char point; /* the locale's decimal point: cJSON hands numbers to strtod with it */
	/* sk_json_parse_stream: the root member whose array elements go to each, one at a time */
	const char *key;
	sk_json_each_fn *each;
	void *ud;
	struct sk_json_arena *arena; /* the elements' arena, rewound after each; NULL: cJSON_Delete */
};

static bool parse_value(struct parser *ps, cJSON *item);
static bool parse_stream(struct parser *ps, cJSON *item);

static cJSON *new_node(void)
{
	cJSON *n = sk_json_arena_alloc(sizeof *n);

	if (n != NULL)
		memset(n, 0, sizeof *n);
	return n;
}

/* cJSON's white space: every byte up to 0x20. */
static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && *ps->p <= 32)
		ps->p++;
}

/* Four hex digits; any other character makes the whole value 0 (cJSON's rule: "\uZZZZ" is U+0000). */
static unsigned hex4(const unsigned char *s)
{
	unsigned h = 0;

	for (int i = 0; i < 4; i++) {
		unsigned c = s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return 0;
		h = (h << 4) | d;
	}
	return h;
}

/* The \u escape at r (before the string's closing quote q) as UTF-8 at *w: its length in the text, 0 if refused. */
static size_t unicode_escape(const unsigned char *r, const unsigned char *q, unsigned char **w)
{
	unsigned long cp;
	unsigned first;
	size_t used = 6, n;
	unsigned char *o = *w;

	if (q - r < 6)
		return 0;
	first = hex4(r + 2);
	if (first >= 0xdc00 && first <= 0xdfff)
		return 0;
	if (first >= 0xd800 && first <= 0xdbff) {
		unsigned second;

		if (q - (r + 6) < 6 || r[6] != '\\' || r[7] != 'u')
			return 0;
		second = hex4(r + 8);
		if (second < 0xdc00 || second > 0xdfff)
			return 0;
		cp = 0x10000 + (((unsigned long)(first & 0x3ff) << 10) | (second & 0x3ff));
		used = 12;
	} else {
		cp = first;
	}
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		o[0] = (unsigned char)(0xf0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	*w = o + n;
	return used;
}

/*
 * The string at ps->p (its opening quote) into a new NUL-terminated *out. As in cJSON, the
 * end is found first (a backslash hides the byte after it), then the escapes are decoded;
 * a \u escape takes its six bytes whatever they are, even when the first pass saw them
 * differently.
 */
static bool parse_string(struct parser *ps, char **out)
{
	const unsigned char *start = ps->p, *q = start + 1, *r;
	unsigned char *buf, *w;
	size_t escapes = 0;

	if (start >= ps->end || *start != '"')
		return false;
	/* Most strings have no backslash: then the first quote ends them (memchr, not a byte loop). */
	r = memchr(q, '"', (size_t)(ps->end - q));
	if (r == NULL)
		return false;
	if (memchr(q, '\\', (size_t)(r - q)) == NULL)
		q = r;
	while (q < ps->end && *q != '"') {
		if (*q == '\\') {
			if (q + 1 >= ps->end)
				return false;
			escapes++;
			q++;
		}
		q++;
	}
	if (q >= ps->end)
		return false;
	buf = sk_json_arena_alloc((size_t)(q - start) + 1); /* no escape makes its text longer */
	if (buf == NULL)
		return false;
	w = buf;
	r = start + 1;
	if (escapes == 0) {
		memcpy(w, r, (size_t)(q - r));
		w += q - r;
		r = q;
	}
	while (r < q) {
		size_t used = 2;

		if (*r != '\\') {
			*w++ = *r++;
			continue;
		}
		switch (r[1]) {
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case '"':
		case '\\':
		case '/': *w++ = r[1]; break;
		case 'u':
			used = unicode_escape(r, q, &w);
			if (used == 0)
				goto fail;
			break;
		default:
			goto fail;
		}
		r += used;
	}
	*w = '\0';
	*out = (char *)buf;
	ps->p = q + 1;
	return true;
fail:
	cJSON_free(buf);
	return false;
}

/* Copy a number's bytes (as many of [0-9+-eE.] as follow) into out with the locale's decimal point. */
static void copy_number(const struct parser *ps, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = ps->p[i] == '.' ? (char)ps->point : (char)ps->p[i];
	out[n] = '\0';
}

/*
 * cJSON's number: every following byte of [0-9+-eE.] given to strtod, which must take at
 * least one (the cJSON of Debian 12 and upstream since 1.7.16 has no length limit; older ones
 * stopped at 63 bytes, see tests/test_json_parse.c).
 */
static bool parse_number(struct parser *ps, cJSON *item)
{
	char small[64], *tmp = small, *after;
	size_t n = 0;
	bool digits_only = true;
	double d;

	for (; ps->p + n < ps->end; n++) {
		unsigned char c = ps->p[n];

		if (c >= '0' && c <= '9')
			continue;
		if (c != '+' && c != '-' && c != 'e' && c != 'E' && c != '.')
			break;
		digits_only = false;
	}
	if (digits_only && n > 0 && n <= 15) {
		/* Up to 15 digits are exact in a double: strtod's answer without strtod or a copy. */
		long long v = 0;

		for (size_t k = 0; k < n; k++)
			v = v * 10 + (ps->p[k] - '0');
		d = (double)v;
	} else {
		if (n >= sizeof small)
			tmp = sk_json_arena_alloc(n + 1);
		if (tmp == NULL)
			return false;
		copy_number(ps, n, tmp);
		d = strtod(tmp, &after);
		n = (size_t)(after - tmp);
		if (tmp != small)
			cJSON_free(tmp);
		if (n == 0)
			return false;
	}
	item->valuedouble = d;
	if (d >= INT_MAX)
		item->valueint = INT_MAX;
	else if (d <= (double)INT_MIN)
		item->valueint = INT_MIN;
	else
		item->valueint = (int)d;
	item->type = cJSON_Number;
	ps->p += n;
	return true;
}

/* Attach a new node after *last (or as the first child of item). */
static cJSON *append(cJSON *item, cJSON **last)
{
	cJSON *n = new_node();

	if (n == NULL)
		return NULL;
	if (*last == NULL) {
		item->child = n;
	} else {
		(*last)->next = n;
		n->prev = *last;
	}
	*last = n;
	return n;
}

/* The array at ps->p as parse_container reads it, each element handed to ps->each and dropped. */
static bool parse_stream(struct parser *ps, cJSON *item)
{
	if (ps->depth >= CJSON_NESTING_LIMIT)
		return false;
	ps->depth++;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']')
		goto done;
	if (ps->p >= ps->end)
		return false;
	for (;;) {
		struct sk_json_arena_mark m = {NULL, 0};
		cJSON *n;
		bool ok;

		if (ps->arena != NULL)
			m = sk_json_arena_mark(ps->arena);
		size_t from = (size_t)(ps->p - ps->start);

		n = new_node();
		if (n == NULL)
			return false;
		ok = parse_value(ps, n);
		if (ok)
			ps->each(n, from, (size_t)(ps->p - ps->start), ps->ud);
		if (ps->arena != NULL)
			sk_json_arena_rewind(ps->arena, m);
		else
			cJSON_Delete(n);
		if (!ok)
			return false;
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ',')
			break;
		ps->p++;
		skip_ws(ps);
	}
	if (ps->p >= ps->end || *ps->p != ']')
		return false;
done:
	ps->depth--;
	item->type = cJSON_Array;
	ps->p++;
	return true;
}

/*
 * An array or an object at ps->p. Children hang off item as they are made, so on a failure
 * the caller's cJSON_Delete of the root frees them (cJSON frees them here; same end).
 */
static bool parse_container(struct parser *ps, cJSON *item, bool object)
{
	unsigned char close = object ? '}' : ']';
	cJSON *last = NULL;

	if (ps->depth >= CJSON_NESTING_LIMIT)
		return false;
	ps->depth++;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close)
		goto done;
	if (ps->p >= ps->end)
		return false;
	for (;;) {
		cJSON *n = append(item, &last);

		if (n == NULL)
			return false;
		if (object) {
			if (!parse_string(ps, &n->string))
				return false;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return false;
			ps->p++;
			skip_ws(ps);
			if (ps->each != NULL && ps->depth == 1 && ps->p < ps->end && *ps->p == '[' &&
			    strcmp(n->string, ps->key) == 0) {
				if (!parse_stream(ps, n))
					return false;
				goto next;
			}
		}
		if (!parse_value(ps, n))
			return false;
next:
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ',')
			break;
		ps->p++;
		skip_ws(ps);
	}
	if (ps->p >= ps->end || *ps->p != close)
		return false;
done:
	ps->depth--;
	if (item->child != NULL)
		item->child->prev = last;
	item->type = object ? cJSON_Object : cJSON_Array;
	ps->p++;
	return true;
}

static bool literal(struct parser *ps, const char *word, size_t n)
{
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return false;
	ps->p += n;
	return true;
}

static bool parse_value(struct parser *ps, cJSON *item)
{
	if (ps->p >= ps->end)
		return false;
	switch (*ps->p) {
	case 'n':
		item->type = cJSON_NULL;
		return literal(ps, "null", 4);
	case 'f':
		item->type = cJSON_False;
		return literal(ps, "false", 5);
	case 't':
		if (!literal(ps, "true", 4))
			return false;
		item->type = cJSON_True;
		item->valueint = 1;
		return true;
	case '"':
		if (!parse_string(ps, &item->valuestring))
			return false;
		item->type = cJSON_String;
		return true;
	case '[':
		return parse_container(ps, item, false);
	case '{':
		return parse_container(ps, item, true);
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps, item);
		return false;
	}
}

cJSON *sk_json_parse_stream(const char *buf, size_t len, const char **end, const char *key,
			    struct sk_json_arena *arena, sk_json_each_fn *each, void *ud)
{
	struct parser ps;
	cJSON *root;

	if (buf == NULL || len == 0)
		return NULL;
	ps.p = (const unsigned char *)buf;
	ps.start = ps.p;
	ps.end = ps.p + len;
	ps.depth = 0;
	ps.point = (unsigned char)localeconv()->decimal_point[0]; /* once, where cJSON asks per number */
	ps.key = key;
	ps.each = key != NULL ? each : NULL;
	ps.ud = ud;
	ps.arena = arena;
	/* a byte order mark is skipped only when at least two more bytes follow (cJSON's test) */
	if (len >= 5 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		ps.p += 3;
	skip_ws(&ps);
	root = new_node();
	if (root == NULL)
		return NULL;
	if (!parse_value(&ps, root)) {
		cJSON_Delete(root);
		return NULL;
	}
	if (end != NULL)
		*end = (const char *)ps.p;
	return root;
}

cJSON *sk_json_parse(const char *buf, size_t len, const char **end)
{
	return sk_json_parse_stream(buf, len, end, NULL, NULL, NULL, NULL);
}
