/* test_bc_parse.c - the strict API answer parsers: spec examples, both shapes, hostile JSON (R20, R21). */
#include "config.h"

#include "testutil.h"

#include "bc.h"
#include "bc_parse.h"
#include "util.h"

static char *fixture(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	char *buf;

	snprintf(path, sizeof path, "%s/tests/fixtures/api/%s", top && *top ? top : ".", name);
	buf = tu_read(path, len);
	if (buf == NULL)
		fail_msg("missing fixture %s", path);
	return buf;
}

static void test_hooks_page(void **state)
{
	size_t len, n = 99;
	char *buf = fixture("hooks_page.json", &len);
	struct sk_webhook *h = NULL;
	struct sk_error err;
	int pages = 0;

	assert_int_equal(sk_parse_hooks_page(buf, len, &h, &n, &pages, &err), SK_OK);
	assert_int_equal(n, 2);
	assert_int_equal(pages, 2);
	assert_int_equal(h[0].id, 18048287);
	assert_string_equal(h[0].client_id, "m9r6keqmo7h7f23btnpwernbez1kglkl");
	assert_string_equal(h[0].store_hash, "sftg45fsd");
	assert_string_equal(h[0].scope, "store/order/created");
	assert_string_equal(h[0].destination, "https://665b65a6.ngrok.io/webhooks");
	assert_true(h[0].is_active);
	assert_int_equal(h[0].created_at, 1561488106);
	assert_int_equal(h[0].nheaders, 1);
	assert_string_equal(h[0].header_names[0], "custom-key");
	assert_string_equal(h[0].header_values[0], "developer-defined value");
	assert_string_equal(h[0].status, ""); /* GET /hooks does not document status */
	assert_false(h[1].is_active);
	assert_string_equal(h[1].scope, "store/cart/*");
	assert_int_equal(h[1].nheaders, 0);
	assert_int_equal(h[1].updated_at, 1561489000);
	sk_webhooks_free(h, n);
	free(buf);
}

static void test_hook_both_shapes(void **state)
{
	const char *names[] = {"hook_wrapped.json", "hook_bare.json"};

	for (size_t i = 0; i < 2; i++) {
		size_t len;
		char *buf = fixture(names[i], &len);
		struct sk_webhook h;
		struct sk_error err;

		assert_int_equal(sk_parse_hook(buf, len, &h, &err), SK_OK);
		assert_int_equal(h.id, 18048287);
		assert_string_equal(h.destination, "https://665b65a6.ngrok.io/webhooks");
		assert_int_equal(h.nheaders, i == 0 ? 1 : 0);
		sk_webhook_clear(&h);
		free(buf);
	}
}

static void test_hooks_admin(void **state)
{
	size_t len;
	char *buf = fixture("hooks_admin.json", &len);
	struct sk_hooks_admin a;
	struct sk_error err;
	int pages = 0;

	assert_int_equal(sk_parse_hooks_admin(buf, len, &a, &pages, &err), SK_OK);
	assert_int_equal(pages, 1);
	assert_int_equal(a.nemails, 2);
	assert_string_equal(a.emails[1], "user@example.com");
	assert_int_equal(a.nhooks, 2);
	assert_string_equal(a.hooks[0].status, "active");
	assert_string_equal(a.hooks[1].status, "deactivated");
	assert_false(a.hooks[1].is_active);
	assert_string_equal(a.hooks[1].header_names[0], "Authorization");
	assert_int_equal(a.nblocked, 1);
	assert_string_equal(a.blocked[0].destination, "https://down.example.net");
	assert_int_equal(a.blocked[0].time_left, 170);
	assert_true(a.blocked[0].fetched_at > 0);
	assert_int_equal(a.blocked[0].nreasons, 2);
	assert_string_equal(a.blocked[0].reasons[0].description, "HTTP 500");
	assert_int_equal(a.blocked[0].reasons[0].count, 12);
	assert_int_equal(a.blocked[0].reasons[1].timestamp, 1561488200);
	sk_hooks_admin_clear(&a);
	assert_null(a.hooks);
	free(buf);

	/* everything optional: an empty data object is an empty answer */
	assert_int_equal(sk_parse_hooks_admin("{\"data\":{}}", 11, &a, NULL, &err), SK_OK);
	assert_int_equal(a.nhooks + a.nemails + a.nblocked, 0);
	sk_hooks_admin_clear(&a);
}

static void test_store_info(void **state)
{
	size_t len;
	char *buf = fixture("store_v2.json", &len);
	struct sk_store_info s;
	struct sk_error err;
	const char *hostile = "{\"id\":\"abc\",\"name\":\"\\u001b]52;c;AAAA\\u0007\\u001b[2J\",\"account_uuid\":\"nope\"}";

	assert_int_equal(sk_parse_store_info(buf, len, &s, &err), SK_OK);
	assert_string_equal(s.name, "BigCommerce");
	assert_string_equal(s.domain, "my-awesome.store");
	assert_string_equal(s.status, "live");
	assert_string_equal(s.account_uuid, "8d4d492f-17a1-4d95-b396-e1c5720815a5");
	free(buf);

	/* R21: terminal escapes from the server never survive into a name */
	assert_int_equal(sk_parse_store_info(hostile, strlen(hostile), &s, &err), SK_OK);
	assert_null(strchr(s.name, 0x1b));
	assert_null(strchr(s.name, 0x07));
	assert_string_equal(s.name, "^[]52;c;AAAA^G^[[2J");
	assert_string_equal(s.account_uuid, "");

	/* the v2 error array is not store information */
	assert_int_equal(sk_parse_store_info("[{\"status\":403}]", 16, &s, &err), SK_ERR_BAD_RESPONSE);
	assert_int_equal(sk_parse_store_info("{\"name\":\"x\"}", 12, &s, &err), SK_ERR_BAD_RESPONSE);
}

static void test_account_answer(void **state)
{
	size_t len;
	char *buf = fixture("account_graphql.json", &len);
	struct sk_account_answer a;
	struct sk_error err;
	const char *errs = "{\"data\":{\"account\":null},\"errors\":[{\"message\":\"Insufficient scope\"},"
			   "{\"message\":\"second\"}]}";

	assert_int_equal(sk_parse_account_answer(buf, len, &a, &err), SK_OK);
	assert_true(a.has_account);
	assert_string_equal(a.name, "Example Holdings");
	assert_string_equal(a.id, "bc/account/account/8d4d492f-17a1-4d95-b396-e1c5720815a5");
	assert_string_equal(a.errors, "");
	free(buf);

	assert_int_equal(sk_parse_account_answer(errs, strlen(errs), &a, &err), SK_OK);
	assert_false(a.has_account);
	assert_string_equal(a.errors, "Insufficient scope; second");
	assert_int_equal(sk_parse_account_answer("{\"data\":{\"account\":[]}}", 23, &a, &err), SK_ERR_BAD_RESPONSE);
}

static void test_metafields(void **state)
{
	size_t len;
	char *buf = fixture("metafields_store.json", &len);
	struct sk_metafield *m = NULL;
	struct sk_error err;
	size_t n = 0;
	int pages = 0;

	assert_int_equal(sk_parse_metafields_page(buf, len, "k8l7zz0ynkd1bfbxx02p2k7pnk3n8ov", &m, &n, &pages, &err),
			 SK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pages, 1);
	assert_string_equal(m[0].id, "69");
	assert_string_equal(m[0].resource_id, "1001197568");
	assert_string_equal(m[0].key, "key2");
	assert_string_equal(m[0].namespace_, "test2");
	assert_string_equal(m[0].resource_type, "store");
	assert_string_equal(m[0].permission_set, "write_and_sf_access");
	/* pages append; a number id is kept as its decimal text */
	assert_int_equal(sk_parse_metafields_page(buf, len, NULL, &m, &n, &pages, &err), SK_OK);
	assert_int_equal(n, 3);
	assert_string_equal(m[2].id, "70");
	assert_string_equal(m[2].resource_id, "1001197568");
	assert_string_equal(m[2].permission_set, "app_only");
	sk_metafields_free(m, n);
	free(buf);

	/* the official spec types store and cart metafield ids as strings: any string is an id */
	m = NULL;
	n = 0;
	{
		static const char spec[] = "{\"data\":[{\"id\":\"string\",\"key\":\"k\",\"resource_id\":\"abc-1\","
					   "\"permission_set\":\"read\",\"owner_client_id\":\"me\"}]}";

		assert_int_equal(sk_parse_metafields_page(spec, sizeof spec - 1, "me", &m, &n, NULL, &err), SK_OK);
		assert_int_equal(n, 1);
		assert_string_equal(m[0].id, "string");
		assert_string_equal(m[0].resource_id, "abc-1");
		sk_metafields_free(m, n);
	}
	/* what is still refused: an empty id, an object id, a fractional number */
	m = NULL;
	n = 0;
	assert_int_equal(sk_parse_metafields_page("{\"data\":[{\"id\":\"\"}]}", 20, NULL, &m, &n, NULL, &err),
			 SK_ERR_BAD_RESPONSE);
	assert_int_equal(sk_parse_metafields_page("{\"data\":[{\"id\":{}}]}", 20, NULL, &m, &n, NULL, &err),
			 SK_ERR_BAD_RESPONSE);
	assert_int_equal(sk_parse_metafields_page("{\"data\":[{\"id\":1.5}]}", 21, NULL, &m, &n, NULL, &err),
			 SK_ERR_BAD_RESPONSE);
	assert_int_equal(n, 0);
	free(m);
}

static void test_scripts(void **state)
{
	static const char page[] =
		"{\"data\":[{\"uuid\":\"03805148-a592-4803-9482-e91fe5c1be12\",\"name\":\"Bootstrap\",\"kind\":\"src\","
		"\"src\":\"https://cdn.example/b.js\",\"location\":\"footer\",\"visibility\":\"all_pages\","
		"\"auto_uninstall\":true,\"enabled\":true,\"api_client_id\":\"me\",\"channel_id\":1,"
		"\"date_created\":\"2024-01-01T00:00:00Z\"},"
		"{\"uuid\":\"u2\",\"name\":\"Theirs\",\"api_client_id\":\"other\"},"
		"{\"uuid\":\"u3\",\"name\":\"Blank\",\"api_client_id\":\"\",\"html\":\"<script></script>\"}],"
		"\"meta\":{\"pagination\":{\"total\":3,\"total_pages\":2}}}";
	struct sk_script *s = NULL;
	struct sk_error err;
	size_t n = 0;
	int pages = 0;

	assert_int_equal(sk_parse_scripts_page(page, sizeof page - 1, "me", &s, &n, &pages, &err), SK_OK);
	assert_int_equal(pages, 2);
	assert_int_equal(n, 2); /* another client's script is dropped, a blank creator kept */
	assert_string_equal(s[0].uuid, "03805148-a592-4803-9482-e91fe5c1be12");
	assert_string_equal(s[0].name, "Bootstrap");
	assert_true(s[0].auto_uninstall);
	assert_true(s[0].enabled);
	assert_string_equal(s[0].visibility, "all_pages");
	assert_string_equal(s[1].uuid, "u3");
	assert_false(s[1].auto_uninstall);
	sk_scripts_free(s, n);

	s = NULL;
	n = 0;
	assert_int_equal(sk_parse_scripts_page("{\"data\":[{\"name\":\"x\"}]}", 23, NULL, &s, &n, NULL, &err),
			 SK_ERR_BAD_RESPONSE); /* uuid is required */
	assert_int_equal(sk_parse_scripts_page("{\"data\":[{\"uuid\":\"u\",\"auto_uninstall\":\"yes\"}]}", 46, NULL,
					       &s, &n, NULL, &err),
			 SK_ERR_BAD_RESPONSE);
	assert_int_equal(n, 0);
	free(s);
}

static void test_error_bodies(void **state)
{
	static const struct {
		const char *file;
		const char *want;
	} files[] = {
		{"error_v3_401.json", "Unauthorized - the v3 Auth client ID or token in the request are not a valid "
				      "combination for this store."},
		{"error_v3_422.json", "JSON data is missing or invalid (destination: error.path.missing.)"},
		{"error_v2_404.json", "The requested resource was not found."},
		{"error_legacy_403.json", "You are authorized but your scope does not include this resource."},
	};
	static const struct {
		const char *body;
		const char *want;
	} inline_cases[] = {
		{"{\"errors\":[{\"message\":\"Insufficient scope\"}]}", "Insufficient scope"},
		{"{\"title\":\"Bad\",\"errors\":{\"emails\":[\"a\",\"b\"],\"x\":\"y\"}}", "Bad (emails: a, b; x: y)"},
		{"[{\"status\":400,\"message\":\"one\"},{\"status\":400,\"message\":\"two\"}]", "one; two"},
		{"{\"title\":\"\\u001b[31mred\"}", "^[[31mred"},
		{"Service Unavailable\r\n", "Service Unavailable"},
	};
	char out[512];

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t len;
		char *buf = fixture(files[i].file, &len);

		assert_true(sk_parse_error_body(buf, len, out, sizeof out));
		assert_string_equal(out, files[i].want);
		free(buf);
	}
	for (size_t i = 0; i < sizeof inline_cases / sizeof inline_cases[0]; i++) {
		assert_true(sk_parse_error_body(inline_cases[i].body, strlen(inline_cases[i].body), out, sizeof out));
		assert_string_equal(out, inline_cases[i].want);
	}
	assert_false(sk_parse_error_body("<html><body>502</body></html>", 29, out, sizeof out));
	assert_false(sk_parse_error_body("", 0, out, sizeof out));
	assert_false(sk_parse_error_body("{}", 2, out, sizeof out));
	/* a tiny output buffer is filled, never overrun */
	assert_true(sk_parse_error_body("{\"title\":\"abcdefgh\"}", 20, out, 4));
	assert_string_equal(out, "abc");
}

static char *repeat(const char *s, size_t times)
{
	size_t n = strlen(s);
	char *out = malloc(n * times + 1);

	assert_non_null(out);
	for (size_t i = 0; i < times; i++)
		memcpy(out + i * n, s, n);
	out[n * times] = '\0';
	return out;
}

#define HOOK(fields) "{\"data\":[{" fields "}]}"
#define OK_FIELDS "\"scope\":\"store/order/created\",\"destination\":\"https://x.example/h\""

static void test_hostile(void **state)
{
	static const struct {
		const char *name;
		const char *json;
		size_t len; /* 0 = strlen */
	} cases[] = {
		{"trailing brace", "{\"data\":[]}}", 0},
		{"trailing garbage", "{\"data\":[]} x", 0},
		{"two values", "{\"data\":[]}{\"data\":[]}", 0},
		{"duplicate key", "{\"data\":[],\"data\":[]}", 0},
		{"duplicate key in a hook", HOOK("\"id\":1,\"id\":2," OK_FIELDS), 0},
		{"1e400", HOOK("\"id\":1e400," OK_FIELDS), 0},
		{"-1e400 elsewhere", "{\"data\":[],\"x\":-1e400}", 0},
		{"2^53 + 1", HOOK("\"id\":9007199254740993," OK_FIELDS), 0},
		{"2^53", HOOK("\"id\":9007199254740992," OK_FIELDS), 0},
		{"negative id", HOOK("\"id\":-1," OK_FIELDS), 0},
		{"fractional id", HOOK("\"id\":1.5," OK_FIELDS), 0},
		{"escaped NUL", HOOK("\"id\":1,\"scope\":\"a\\u0000b\",\"destination\":\"d\""), 0},
		{"raw NUL", "{\"data\":[]}\0", 12},
		{"invalid UTF-8", HOOK("\"id\":1,\"scope\":\"\xff\",\"destination\":\"d\""), 0},
		{"overlong UTF-8", HOOK("\"id\":1,\"scope\":\"\xc0\xaf\",\"destination\":\"d\""), 0},
		{"lone surrogate", HOOK("\"id\":1,\"scope\":\"\\udc00\",\"destination\":\"d\""), 0},
		{"id as string", HOOK("\"id\":\"1\"," OK_FIELDS), 0},
		{"is_active as string", HOOK("\"id\":1,\"is_active\":\"true\"," OK_FIELDS), 0},
		{"scope as number", HOOK("\"id\":1,\"scope\":5,\"destination\":\"d\""), 0},
		{"header value as number", HOOK("\"id\":1,\"headers\":{\"a\":1}," OK_FIELDS), 0},
		{"headers as array", HOOK("\"id\":1,\"headers\":[]," OK_FIELDS), 0},
		{"status with escape", HOOK("\"id\":1,\"status\":\"\\u001b[2J\"," OK_FIELDS), 0},
		{"missing id", HOOK(OK_FIELDS), 0},
		{"missing destination", HOOK("\"id\":1,\"scope\":\"s\""), 0},
		{"data as object", "{\"data\":{}}", 0},
		{"data missing", "{\"meta\":{}}", 0},
		{"hook as array", "{\"data\":[[]]}", 0},
		{"root array", "[]", 0},
		{"null", "null", 0},
		{"empty", "", 0},
		{"unterminated", "{\"1\":1,", 0},
		{"total_pages huge", "{\"data\":[],\"meta\":{\"pagination\":{\"total_pages\":100000}}}", 0},
		{"total_pages string", "{\"data\":[],\"meta\":{\"pagination\":{\"total_pages\":\"2\"}}}", 0},
		{"bad escape", "{\"data\":[],\"x\":\"\\uX000\"}", 0},
	};
	struct sk_error err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sk_webhook *h = (struct sk_webhook *)1;
		size_t n = 99;
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].json);

		sk_error_clear(&err);
		if (sk_parse_hooks_page(cases[i].json, len, &h, &n, NULL, &err) != SK_ERR_BAD_RESPONSE)
			fail_msg("accepted hostile input: %s", cases[i].name);
		assert_null(h);
		assert_int_equal(n, 0);
		assert_int_equal(err.code, SK_ERR_BAD_RESPONSE);
		assert_true(strlen(err.msg) > 0);
	}
}

/* A growing string for building big hostile inputs without printf. */
struct sb {
	char *s;
	size_t n;
};

static void sb_add(struct sb *b, const char *t)
{
	size_t k = strlen(t);

	b->s = realloc(b->s, b->n + k + 1);
	assert_non_null(b->s);
	memcpy(b->s + b->n, t, k + 1);
	b->n += k;
}

static void test_hostile_sizes(void **state)
{
	struct sk_error err;
	struct sk_webhook *h = NULL;
	size_t n = 0;
	char *open = repeat("[", 2000), *close = repeat("]", 2000), *big = repeat("a", SK_PARSE_MAX_STRING + 1);
	struct sb deep = {0}, hdrs = {0}, longstr = {0};

	sb_add(&deep, "{\"data\":");
	sb_add(&deep, open);
	sb_add(&deep, close);
	sb_add(&deep, "}");
	assert_int_equal(sk_parse_hooks_page(deep.s, deep.n, &h, &n, NULL, &err), SK_ERR_BAD_RESPONSE);
	assert_non_null(strstr(err.msg, "nested"));

	/* 65 custom headers: one more than BigCommerce allows */
	sb_add(&hdrs, "{\"data\":[{\"id\":1,\"scope\":\"s\",\"destination\":\"d\",\"headers\":{");
	for (int i = 0; i < 65; i++) {
		char name[32];

		snprintf(name, sizeof name, "%s\"h%d\":\"v\"", i ? "," : "", i);
		sb_add(&hdrs, name);
	}
	sb_add(&hdrs, "}}]}");
	assert_int_equal(sk_parse_hooks_page(hdrs.s, hdrs.n, &h, &n, NULL, &err), SK_ERR_BAD_RESPONSE);

	sb_add(&longstr, "{\"data\":[{\"id\":1,\"scope\":\"s\",\"destination\":\"");
	sb_add(&longstr, big);
	sb_add(&longstr, "\"}]}");
	assert_int_equal(sk_parse_hooks_page(longstr.s, longstr.n, &h, &n, NULL, &err), SK_ERR_BAD_RESPONSE);
	assert_null(h);

	free(open);
	free(close);
	free(big);
	free(deep.s);
	free(hdrs.s);
	free(longstr.s);
}

static void test_tolerant(void **state)
{
	/* unknown fields, null optionals, missing optionals, case variants of keys */
	const char *json = "{\"data\":[{\"id\":7,\"ID\":8,\"scope\":\"store/x\",\"destination\":\"https://d\","
			   "\"client_id\":null,\"headers\":null,\"is_active\":null,\"future\":{\"a\":[1,2,{}]},"
			   "\"status\":\"paused_by_bc\"}],\"meta\":{}}";
	/* the buffer is not NUL-terminated where len ends: the parser must stop at len */
	const char *prefix = "{\"data\":[]}GARBAGE";
	struct sk_webhook *h = NULL;
	struct sk_error err;
	size_t n = 0;
	int pages = 0;

	assert_int_equal(sk_parse_hooks_page(json, strlen(json), &h, &n, &pages, &err), SK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(pages, 1);
	assert_int_equal(h[0].id, 7);
	assert_null(h[0].client_id);
	assert_true(h[0].is_active);
	assert_int_equal(h[0].created_at, 0);
	assert_string_equal(h[0].status, "paused_by_bc");
	sk_webhooks_free(h, n);

	assert_int_equal(sk_parse_hooks_page(prefix, 11, &h, &n, &pages, &err), SK_OK);
	assert_int_equal(n, 0);
	assert_null(h);

	/* an id just below 2^53 survives exactly */
	json = "{\"id\":9007199254740991,\"scope\":\"s\",\"destination\":\"d\"}";
	{
		struct sk_webhook one;

		assert_int_equal(sk_parse_hook(json, strlen(json), &one, &err), SK_OK);
		assert_int_equal(one.id, INT64_C(9007199254740991));
		sk_webhook_clear(&one);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hooks_page),   cmocka_unit_test(test_hook_both_shapes),
		cmocka_unit_test(test_hooks_admin),  cmocka_unit_test(test_store_info),
		cmocka_unit_test(test_account_answer), cmocka_unit_test(test_metafields), cmocka_unit_test(test_scripts),
		cmocka_unit_test(test_error_bodies), cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_hostile_sizes), cmocka_unit_test(test_tolerant),
	};

	return cmocka_run_group_tests_name("bc_parse", tests, NULL, NULL);
}
