/* test_json_parse.c - sk_json_parse accepts, refuses and builds exactly what cJSON_ParseWithLengthOpts does. */
#include "config.h"

#include <stdint.h>

#include <cJSON.h>

#include "json_arena.h"
#include "json_parse.h"
#include "testutil.h"
#include "util.h"

static unsigned long compared, accepted;

/* Same shape, types, keys, strings, numbers (bit for bit), order and last-child links. */
static bool same_tree(const cJSON *a, const cJSON *b)
{
	const cJSON *x, *y;

	if (a->type != b->type || a->valueint != b->valueint ||
	    memcmp(&a->valuedouble, &b->valuedouble, sizeof a->valuedouble) != 0)
		return false;
	if ((a->string == NULL) != (b->string == NULL) || (a->string && strcmp(a->string, b->string) != 0))
		return false;
	if ((a->valuestring == NULL) != (b->valuestring == NULL) ||
	    (a->valuestring && strcmp(a->valuestring, b->valuestring) != 0))
		return false;
	for (x = a->child, y = b->child; x && y; x = x->next, y = y->next)
		if (!same_tree(x, y))
			return false;
	if (x != NULL || y != NULL)
		return false;
	if (a->child != NULL) {
		const cJSON *la = a->child, *lb = b->child;

		while (la->next)
			la = la->next;
		while (lb->next)
			lb = lb->next;
		if (a->child->prev != la || b->child->prev != lb)
			return false;
	}
	return true;
}

/*
 * Whether the linked cJSON stops numbers at 63 bytes (1.7.15 before Debian's CVE-2023-26819
 * fix, upstream before 1.7.16): sk_json_parse follows the fixed rule, so texts with a longer
 * number are not compared there.
 */
static bool old_number_limit(void)
{
	static int known = -1;

	if (known < 0) {
		char digits[70];
		cJSON *j;

		memset(digits, '1', sizeof digits);
		j = cJSON_ParseWithLength(digits, sizeof digits);
		known = j == NULL || j->valuedouble < 1e68;
		cJSON_Delete(j);
		if (known)
			printf("# this cJSON stops numbers at 63 bytes: texts with longer numbers are not compared\n");
	}
	return known;
}

static bool has_long_number(const char *text, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		run = strchr("0123456789+-eE.", text[i]) && text[i] ? run + 1 : 0;
		if (run >= 63)
			return true;
	}
	return false;
}

/* cJSON and sk_json_parse on the same bytes: both refuse, or both accept the same tree ending at the same byte. */
static void check_same(const char *text, size_t len)
{
	const char *ea = NULL, *eb = NULL;
	cJSON *a, *b;
	char shown[200];

	if (old_number_limit() && has_long_number(text, len))
		return;
	a = cJSON_ParseWithLengthOpts(text, len, &ea, 0);
	b = sk_json_parse(text, len, &eb);
	compared++;
	if ((a == NULL) != (b == NULL) || (a && (ea != eb || !same_tree(a, b)))) {
		size_t n = len < 60 ? len : 60, o = 0;

		for (size_t i = 0; i < n && o + 5 < sizeof shown; i++)
			o += (size_t)snprintf(shown + o, sizeof shown - o,
					      (unsigned char)text[i] >= 0x20 && (unsigned char)text[i] < 0x7f ? "%c" : "\\x%02x",
					      (unsigned char)text[i]);
		fail_msg("cJSON %s, sk_json_parse %s (end %td vs %td) on %zu bytes: %s", a ? "accepts" : "refuses",
			 b ? "accepts" : "refuses", a ? ea - text : -1, b ? eb - text : -1, len, shown);
	}
	accepted += a != NULL;
	cJSON_Delete(a);
	cJSON_Delete(b);
}

static void check_str(const char *text)
{
	check_same(text, strlen(text));
}

/* Texts at every rule's edge. */
static const char *const edges[] = {
	"", " ", "\t\n\r ", "\x01{}", "{}", "[]", "{ }", "[ ]", "{", "[", "}", "]", "[1,]", "[,1]", "[1 2]", "[1,,2]",
	"{\"a\":1,}", "{\"a\"1}", "{\"a\":}", "{a:1}", "{'a':1}", "{\"a\":1 \"b\":2}", "{\"a\":1}x", "{\"a\":1} ",
	"null", "nul", "nulll", "true", "tru", "truex", "false", "fals", "NULL", "True",
	"0", "-0", "-", "+1", "01", "1.", ".5", "-.5", "1e5", "1E+5", "1e-5", "1e", "1e+", "1.5e999", "-1e999",
	"2147483647", "2147483648", "-2147483648", "-2147483649", "9007199254740993", "123456789012345",
	"1234567890123456", "0.1", "1.0000000000000002", "1--2", "1+2", "1e5e5", "0x10", "1 ", "[1e]", "[-]",
	"123456789012345678901234567890123456789012345678901234567890123",
	"1234567890123456789012345678901234567890123456789012345678901234",
	"[123456789012345678901234567890123456789012345678901234567890123456789]",
	"\"\"", "\"a", "\"a\\\"", "\"\\\"\"", "\"\\\\\"", "\"\\/\"", "\"\\b\\f\\n\\r\\t\"", "\"\\x\"", "\"\\'\"",
	"\"\\u0041\"", "\"\\u00e9\"", "\"\\u20ac\"", "\"\\u0000x\"", "\"\\uZZZZ\"", "\"\\u12\"", "\"\\u12\\\"\"",
	"\"\\u123\\\\\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ud83dx\\ude00\"", "\"\\udc00\"", "\"\\ud83d\\u0041\"",
	"\"\\ud83d\\udbff\"", "\"\\uDBFF\\uDFFF\"", "\"\\u\"", "\"\\", "\"tab\there\"", "\"\x01\x1f\"", "\"\xc3\xa9\"",
	"\"\xff\xfe\"", "{\"\\u0000\":1}", "{\"k\":\"v\",\"k\":\"w\"}",
	"\xef\xbb\xbf{}", "\xef\xbb\xbf" "1", "\xef\xbb\xbf" "12", "\xef\xbb\xbf" "[]", " \xef\xbb\xbf{}", "\xef\xbb{}",
	"{\"schema_version\": 1, \"accounts\": [{\"id\": \"x\", \"scopes\": [\"a\", \"b\"], \"n\": null}], "
	"\"future\": {\"a\": [1, {\"b\": [true, false, -2.5e-3]}]}}",
};

static void test_edges(void **state)
{
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		check_str(edges[i]);
	/* a text that ends inside: every prefix of a registry-like object */
	for (size_t n = 0; n <= strlen(edges[sizeof edges / sizeof edges[0] - 1]); n++)
		check_same(edges[sizeof edges / sizeof edges[0] - 1], n);
	(void)state;
}

/* cJSON's nesting limit (1000 open arrays or objects), at, below and above. */
static void test_depth(void **state)
{
	for (int open = 998; open <= 1002; open++) {
		char *s = sk_xmalloc((size_t)open * 6 + 8);
		size_t n = 0;

		for (int i = 0; i < open; i++) {
			if (i % 2) {
				memcpy(s + n, "{\"k\":", 5);
				n += 5;
			} else {
				s[n++] = '[';
			}
		}
		s[n++] = '1';
		for (int i = open - 1; i >= 0; i--)
			s[n++] = i % 2 ? '}' : ']';
		check_same(s, n);
		free(s);
	}
	(void)state;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned next_rand(unsigned bound)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % bound);
}

/* Thousands of near-JSON texts: seeds with bytes replaced, inserted, removed or cut, biased to JSON's own. */
static void test_mutations(void **state)
{
	static const char alphabet[] = "{}[]\",:\\u0123456789abcdefABCDEF.-+eEtrunlsx /\t\n\r\x01\x1f\x7f\xef\xbb\xbf\xc3\xa9\x80";
	const size_t nseeds = sizeof edges / sizeof edges[0];
	char buf[512];

	for (int iter = 0; iter < 200000; iter++) {
		const char *seed = edges[next_rand((unsigned)nseeds)];
		size_t len = strlen(seed);
		int edits = 1 + (int)next_rand(4);

		if (len >= sizeof buf / 2)
			len = sizeof buf / 2;
		memcpy(buf, seed, len);
		for (int e = 0; e < edits; e++) {
			unsigned what = next_rand(4);
			size_t at = len ? next_rand((unsigned)len + 1) : 0;
			char c = alphabet[next_rand(sizeof alphabet - 1)];

			if (what == 0 && at < len) {
				buf[at] = c;
			} else if (what == 1 && len + 1 < sizeof buf) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = c;
				len++;
			} else if (what == 2 && at < len) {
				memmove(buf + at, buf + at + 1, len - at - 1);
				len--;
			} else if (what == 3) {
				len = at;
			}
		}
		check_same(buf, len);
	}
	/* the mutations reach both answers often, or the comparison proves little */
	assert_true(accepted > compared / 20);
	assert_true(accepted < compared - compared / 20);
	(void)state;
}

/* What sk_json_parse_stream handed over: copies of the elements, in order. */
struct seen {
	cJSON *items[64];
	size_t n;
	struct sk_json_arena *arena; /* stopped while copying: the copies outlive the element */
	const char *text;            /* the text parsed: each element's from..to must be its own text */
	size_t bad_spans;
};

static void keep_copy(const cJSON *item, size_t from, size_t to, void *ud)
{
	struct seen *s = ud;

	if (s->arena)
		sk_json_arena_stop(s->arena);
	if (s->n < 64)
		s->items[s->n] = cJSON_Duplicate(item, 1);
	/* the element's own text, alone, parses to the same tree (the registry index reads accounts so) */
	if (s->text != NULL) {
		const char *e = NULL;
		cJSON *alone = to > from ? cJSON_ParseWithLengthOpts(s->text + from, to - from, &e, 0) : NULL;

		if (alone == NULL || e != s->text + to || !same_tree(alone, item))
			s->bad_spans++;
		cJSON_Delete(alone);
	}
	s->n++;
	if (s->arena)
		sk_json_arena_start(s->arena);
}

/*
 * The streaming parse of text: the same answer as cJSON; when accepted, the elements of the
 * root's first "accounts" array came in order and equal cJSON's, and that array is left empty.
 */
static void check_stream(const char *text, size_t len, struct sk_json_arena *arena)
{
	const char *ea = NULL, *eb = NULL;
	struct seen seen = {{NULL}, 0, arena, text, 0};
	cJSON *a, *b;

	if (old_number_limit() && has_long_number(text, len))
		return;
	a = cJSON_ParseWithLengthOpts(text, len, &ea, 0);
	b = sk_json_parse_stream(text, len, &eb, "accounts", arena, keep_copy, &seen);
	assert_int_equal(a == NULL, b == NULL);
	if (a != NULL) {
		cJSON *list = cJSON_IsObject(a) ? cJSON_GetObjectItemCaseSensitive(a, "accounts") : NULL;
		cJSON *empty = cJSON_IsObject(b) ? cJSON_GetObjectItemCaseSensitive(b, "accounts") : NULL;
		size_t k = 0;

		assert_ptr_equal(ea, eb);
		if (cJSON_IsArray(list)) {
			bool twice = false;

			for (cJSON *c = list->next; c; c = c->next)
				twice = twice || (c->string && strcmp(c->string, "accounts") == 0);
			assert_true(cJSON_IsArray(empty));
			assert_null(empty->child);
			for (cJSON *c = list->child; c; c = c->next, k++)
				if (k < 64)
					assert_true(same_tree(c, seen.items[k]));
			if (!twice) /* a second "accounts" array streams too: the registry refuses both anyway */
				assert_int_equal(k, seen.n);
			/* the rest of the tree is cJSON's */
			while (cJSON_GetObjectItemCaseSensitive(a, "accounts") != NULL)
				cJSON_DeleteItemFromObjectCaseSensitive(a, "accounts");
			while (cJSON_GetObjectItemCaseSensitive(b, "accounts") != NULL)
				cJSON_DeleteItemFromObjectCaseSensitive(b, "accounts");
		} else {
			assert_int_equal(seen.n, 0);
		}
		assert_true(same_tree(a, b));
		assert_int_equal(seen.bad_spans, 0);
		accepted++;
	}
	compared++;
	for (size_t k = 0; k < seen.n && k < 64; k++)
		cJSON_Delete(seen.items[k]);
	cJSON_Delete(a);
	if (arena == NULL)
		cJSON_Delete(b);
}

static const char *const registries[] = {
	"{\"schema_version\": 1, \"accounts\": [{\"id\": \"x\", \"scopes\": [\"a\", \"b\"]}, {\"n\": null}, 3, [], \"s\"]}",
	"{\"accounts\": [], \"schema_version\": 1, \"x\": {\"accounts\": [1, 2]}}",
	"{\"a\": [1], \"accounts\": [{\"k\": [true, {\"accounts\": [9]}]}], \"accounts2\": [5]}",
	"[{\"accounts\": [1]}]",
	"{\"accounts\": {\"0\": 1}}",
	"{\"accounts\": [1], \"accounts\": [2, 3]}",
};

/* The registry's streaming parse: cJSON's answer and tree, the accounts handed over one by one. */
static void test_stream(void **state)
{
	const size_t nseeds = sizeof registries / sizeof registries[0];
	static const char alphabet[] = "{}[]\",:0123456789nulltrue accounts";
	char buf[256];

	for (size_t i = 0; i < nseeds; i++)
		check_stream(registries[i], strlen(registries[i]), NULL);
	for (int iter = 0; iter < 50000; iter++) {
		const char *seed = registries[next_rand((unsigned)nseeds)];
		size_t len = strlen(seed);

		memcpy(buf, seed, len);
		for (int e = 1 + (int)next_rand(3); e > 0; e--) {
			size_t at = next_rand((unsigned)len);
			char c = alphabet[next_rand(sizeof alphabet - 1)];

			if (next_rand(2) && len + 1 < sizeof buf) {
				memmove(buf + at + 1, buf + at, len - at);
				len++;
			}
			buf[at] = c;
		}
		check_stream(buf, len, NULL);
	}
	(void)state;
}

/* With the arena hooks (as storekeys runs): the same answers, and refused texts leave nothing behind. */
static void test_with_arena(void **state)
{
	struct sk_json_arena arena = {NULL, 0};

	sk_json_arena_init();
	assert_true(sk_json_arena_start(&arena));
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		check_str(edges[i]);
	/* streamed elements rewound one by one (cJSON's own tree also sits in this arena) */
	for (size_t i = 0; i < sizeof registries / sizeof registries[0]; i++)
		check_stream(registries[i], strlen(registries[i]), &arena);
	{
		/* many accounts: the arena reuses one element's memory for the next, blocks and all */
		size_t cap = 64 + 3000 * 64, len = 0;
		char *big = sk_xmalloc(cap);
		struct seen seen = {{NULL}, 0, &arena, NULL, 0};
		struct sk_json_arena_mark before;
		cJSON *b;

		len += (size_t)snprintf(big, cap, "{\"accounts\": [");
		for (int i = 0; i < 3000; i++)
			len += (size_t)snprintf(big + len, cap - len, "%s{\"k\": \"%032d\"}", i ? "," : "", i);
		len += (size_t)snprintf(big + len, cap - len, "], \"z\": 1}");
		check_stream(big, len, &arena);
		before = sk_json_arena_mark(&arena);
		b = sk_json_parse_stream(big, len, NULL, "accounts", &arena, keep_copy, &seen);
		assert_non_null(b);
		assert_int_equal(seen.n, 3000);
		/* 3,000 elements of about 150 bytes each would need 450 KB; one 64 KB block held them in turn */
		assert_ptr_equal(sk_json_arena_mark(&arena).block, before.block);
		for (size_t k = 0; k < 64; k++)
			cJSON_Delete(seen.items[k]);
		free(big);
	}
	sk_json_arena_free(&arena);
	(void)state;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_with_arena),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	printf("# %lu texts compared, %lu accepted\n", compared, accepted);
	return rc;
}
