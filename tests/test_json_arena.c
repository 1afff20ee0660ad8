/* test_json_arena.c - the registry parse with and without the cJSON arena (src/json_arena.c) gives the same results. */
#include "config.h"

#include "json_arena.h"
#include "registry.h"
#include "testutil.h"
#include "util.h"

/* A registry of n accounts (50 per store); extra: unknown fields at the top and in every account. */
static char *registry_text(size_t n, bool extra)
{
	size_t cap = 512 + n * 700, len = 0;
	char *buf = sk_xmalloc(cap);

	len += (size_t)snprintf(buf + len, cap - len, "{\"schema_version\": 1,%s \"accounts\": [",
				extra ? " \"future\": {\"a\": [1, {\"b\": null}], \"c\": \"d\"}," : "");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(
			buf + len, cap - len,
			"%s{\"id\": \"00000000-0000-4000-8000-%012zu\", \"level\": \"store\", \"token_type\": \"v2v3\","
			" \"name\": \"Arena account %04zu \\u00e9\", \"api_path\": "
			"\"https://api.bigcommerce.com/stores/st%03zu/v3/\", \"client_id\": \"cid%zu\", "
			"\"scopes\": [\"store_v2_products\"], \"created\": %zu, \"verified\": 0%s}",
			i ? ", " : "", i + 1, i, i / 50, i, 1700000000 + i,
			extra ? ", \"later\": {\"x\": [\"y\", 2.5, true]}, \"note\": \"kept\"" : "");
	snprintf(buf + len, cap - len, "]}\n");
	return buf;
}

/* The parse's result: its status, and the registry as storekeys would write it back. */
static char *parse_text(const char *text, size_t len, enum sk_status *st)
{
	struct sk_registry reg;
	struct sk_error err = {0};
	char *out = NULL;

	*st = sk_registry_parse(&reg, text, len, &err);
	if (*st == SK_OK)
		out = sk_registry_to_json(&reg);
	sk_registry_clear(&reg);
	return out;
}

/* Each case as plain text, parsed first without the hooks and then with them (one process). */
struct outcome {
	enum sk_status st;
	char *json;
};

#define NCASES 12
static struct outcome plain[NCASES], hooked[NCASES];
static char *cases[NCASES];
static size_t case_len[NCASES];

static void make_cases(void)
{
	char *good = registry_text(300, true), *deep, *p;
	size_t glen = strlen(good), k = 0;

	cases[k++] = registry_text(300, false);
	cases[k++] = good;
	/* cut mid-file: a parse error after thousands of nodes (cJSON frees its partial tree) */
	cases[k] = sk_xmalloc(glen);
	memcpy(cases[k], good, glen / 2);
	case_len[k++] = glen / 2;
	/* trailing whitespace is fine, anything else after the value is not */
	cases[k] = sk_xmalloc(glen + 8);
	snprintf(cases[k++], glen + 8, "%s \t\r\n", good);
	cases[k] = sk_xmalloc(glen + 8);
	snprintf(cases[k++], glen + 8, "%s x", good);
	cases[k] = sk_xmalloc(glen + 8);
	snprintf(cases[k++], glen + 8, "%s {}", good);
	/* a duplicate key deep inside, and one at the top */
	cases[k] = sk_strdup(good);
	p = strstr(cases[k++] + glen / 2, "\"note\"");
	assert_non_null(p);
	memcpy(p, "\"name\"", 6);
	cases[k++] = sk_strdup("{\"schema_version\": 1, \"accounts\": [], \"schema_version\": 1}");
	/* depth: 16 levels are ours to read, 17 are not */
	deep = sk_xmalloc(256);
	snprintf(deep, 256, "{\"schema_version\": 1, \"accounts\": [], \"x\": %.15s1%.15s}", "[[[[[[[[[[[[[[[",
		 "]]]]]]]]]]]]]]]");
	cases[k++] = deep;
	deep = sk_xmalloc(256);
	snprintf(deep, 256, "{\"schema_version\": 1, \"accounts\": [], \"x\": %.16s1%.16s}", "[[[[[[[[[[[[[[[[",
		 "]]]]]]]]]]]]]]]]");
	cases[k++] = deep;
	/* an account that is refused after its unknown fields were copied out */
	cases[k] = sk_strdup(good);
	p = strstr(cases[k++] + glen / 3, "\"verified\": 0");
	assert_non_null(p);
	memcpy(p, "\"verified\":-1", 13);
	cases[k++] = sk_strdup("{\"schema_version\": 1, \"accounts\": [], \"s\": \"\\ud800\"");
	assert_int_equal(k, NCASES);
	for (size_t i = 0; i < NCASES; i++)
		if (case_len[i] == 0)
			case_len[i] = strlen(cases[i]);
}

static void run_all(struct outcome *o)
{
	for (size_t i = 0; i < NCASES; i++)
		o[i].json = parse_text(cases[i], case_len[i], &o[i].st);
}

static void test_same_with_and_without_arena(void **state)
{
	static const enum sk_status want[NCASES] = {
		SK_OK, SK_OK, SK_ERR_REGISTRY_CORRUPT, SK_OK, SK_ERR_REGISTRY_CORRUPT, SK_ERR_REGISTRY_CORRUPT,
		SK_ERR_REGISTRY_CORRUPT, SK_ERR_REGISTRY_CORRUPT, SK_OK, SK_ERR_REGISTRY_CORRUPT,
		SK_ERR_REGISTRY_CORRUPT, SK_ERR_REGISTRY_CORRUPT,
	};

	(void)state;
	make_cases();
	assert_false(sk_json_arena_installed());
	run_all(plain);
	sk_json_arena_init();
	assert_true(sk_json_arena_installed());
	run_all(hooked);
	for (size_t i = 0; i < NCASES; i++) {
		print_message("case %zu: %d / %d\n", i, plain[i].st, hooked[i].st);
		assert_int_equal(plain[i].st, want[i]);
		assert_int_equal(hooked[i].st, want[i]);
		if (want[i] == SK_OK)
			assert_string_equal(plain[i].json, hooked[i].json);
	}
	/* unknown fields survive a parse and a rewrite, with the arena long gone */
	assert_non_null(strstr(hooked[1].json, "\"future\""));
	assert_non_null(strstr(hooked[1].json, "\"later\""));
	assert_non_null(strstr(hooked[1].json, "\"note\":"));
	{
		enum sk_status st;
		char *again = parse_text(hooked[1].json, strlen(hooked[1].json), &st);

		assert_int_equal(st, SK_OK);
		assert_string_equal(again, hooked[1].json);
		free(again);
	}
	for (size_t i = 0; i < NCASES; i++) {
		free(plain[i].json);
		free(hooked[i].json);
		free(cases[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_with_and_without_arena),
	};
	return cmocka_run_group_tests_name("json_arena", tests, NULL, NULL);
}
