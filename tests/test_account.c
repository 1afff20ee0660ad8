/* test_account.c - API path parsing (R10) and the name rules. */
#include "config.h"

#include "account.h"
#include "testutil.h"

static void test_api_path_good(void **state)
{
	static const struct {
		const char *in, *hash, *uuid;
	} cases[] = {
		{"https://api.bigcommerce.com/stores/abc123/v3/", "abc123", ""},
		{"https://api.bigcommerce.com/stores/abc123/v3", "abc123", ""},
		{"https://api.bigcommerce.com/stores/abc123/v2/", "abc123", ""},
		{"https://api.bigcommerce.com/stores/abc123/v2", "abc123", ""},
		{"https://api.bigcommerce.com/stores/abc123", "abc123", ""},
		{"https://api.bigcommerce.com/accounts/6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", "",
		 "6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"},
		{"https://api.bigcommerce.com/accounts/6F1B1B7E-1C2D-4E5F-8A9B-0C1D2E3F4A5B/graphql", "",
		 "6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"},
	};
	struct sk_api_path p;
	struct sk_error err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(sk_api_path_parse(cases[i].in, &p, &err), SK_OK);
		assert_string_equal(p.store_hash, cases[i].hash);
		assert_string_equal(p.account_uuid, cases[i].uuid);
		assert_int_equal(p.level, cases[i].hash[0] ? SK_LEVEL_STORE : SK_LEVEL_ACCOUNT);
	}
	assert_int_equal(sk_api_path_parse(cases[1].in, &p, &err), SK_OK);
	assert_string_equal(p.canonical, "https://api.bigcommerce.com/stores/abc123/v3/");
}

static void test_api_path_hostile(void **state)
{
	static const char *const bad[] = {
		"",
		"http://api.bigcommerce.com/stores/abc123/v3/",
		"https://api.bigcommerce.com.evil.test/stores/abc123/v3/",
		"https://evil@api.bigcommerce.com/stores/abc123/v3/",
		"https://api.bigcommerce.com:8443/stores/abc123/v3/",
		"https://api.bigcommerce.com/stores/abc%0d%0a/v3/",
		"https://api.bigcommerce.com/stores/abc123/v3/\r\nX-Evil: 1",
		"https://api.bigcommerce.com/stores/abc123/v3/..%2f",
		"https://api.bigcommerce.com/stores/../v3/",
		"https://api.bigcommerce.com/stores/abc123/v3/?x=1",
		"https://api.bigcommerce.com/stores/abc123/v3/#frag",
		"https://api.bigcommerce.com/stores/ABC123/v3/",
		"https://api.bigcommerce.com/stores/abc123/v4/",
		"https://api.bigcommerce.com/stores/abc123/v3/hooks",
		"https://api.bigcommerce.com./stores/abc123/v3/",
		"https://аpi.bigcommerce.com/stores/abc123/v3/", /* Cyrillic a */
		"https://api.bigcommerce.com/stores//v3/",
		"https://api.bigcommerce.com/stores/abcdefghijabcdefghijabcdefghijabc/v3/",
		"https://api.bigcommerce.com/accounts/not-a-uuid",
		"https://api.bigcommerce.com/accounts/6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/users",
		"https://api.bigcommerce.com/other/abc123",
		"https://api.bigcommerce.com\\@evil.test/stores/abc/v3/",
		" https://api.bigcommerce.com/stores/abc123/v3/",
	};
	struct sk_api_path p;
	struct sk_error err;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		sk_error_clear(&err);
		if (sk_api_path_parse(bad[i], &p, &err) != SK_ERR_INVALID)
			fail_msg("accepted hostile API path #%zu: %s", i, bad[i]);
		assert_true(strlen(err.msg) > 10);
	}
}

static void test_names(void **state)
{
	static const struct {
		const char *in;
		enum sk_status want;
		const char *clean;
		const char *reason;
	} cases[] = {
		{"Order sync", SK_OK, "Order sync", NULL},
		{"  abcd  ", SK_OK, "abcd", NULL},
		{"Café", SK_OK, "Café", NULL},
		{"read/write", SK_OK, "read/write", NULL},
		{"abc", SK_ERR_INVALID, NULL, "at least 4"},
		{"   abc   ", SK_ERR_INVALID, NULL, "at least 4"},
		{"", SK_ERR_INVALID, NULL, "at least 4"},
		{"ab\tcd", SK_ERR_INVALID, NULL, "control"},
		{"name\x1b[2J", SK_ERR_INVALID, NULL, "control"},
		{"bad\xff\xfe utf8", SK_ERR_INVALID, NULL, "UTF-8"},
		{"0123456789012345678901234567890123456789012345678901234567890123456789", SK_ERR_INVALID, NULL,
		 "longer than 64"},
	};
	char out[SK_NAME_MAX_BYTES + 1];
	struct sk_error err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sk_error_clear(&err);
		assert_int_equal(sk_name_check(cases[i].in, out, &err), cases[i].want);
		if (cases[i].clean)
			assert_string_equal(out, cases[i].clean);
		if (cases[i].reason && strstr(err.msg, cases[i].reason) == NULL)
			fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, err.msg, cases[i].reason);
	}
	assert_true(sk_name_equal("Order Sync ", "order sync"));
	assert_false(sk_name_equal("Order Sync", "Order Sync 2"));
}

/* Invisible names and look-alikes (issue 9 item 8). */
static void test_invisible_names(void **state)
{
	struct sk_error err;
	char out[SK_NAME_MAX_BYTES + 1];
	const char *zw4 = "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b"; /* 4 x U+200B */

	assert_int_equal(sk_name_check_new(zw4, out, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "invisible"));
	/* no-break spaces, a BOM, bidi isolates: nothing shows */
	assert_int_equal(sk_name_check_new("\xc2\xa0\xef\xbb\xbf\xe2\x81\xa6\xe2\x81\xa9\xc2\xa0", out, &err),
			 SK_ERR_INVALID);
	/* two letters padded with zero-width joiners do not make four characters */
	assert_int_equal(sk_name_check_new("ab\xe2\x80\x8d\xe2\x80\x8d", out, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "at least 4"));
	/* a registry written by an older version still loads: stored names keep the old rule */
	assert_int_equal(sk_name_check(zw4, out, &err), SK_OK);
	/* a visible name with a bidi control is allowed (it is shown escaped) */
	assert_int_equal(sk_name_check_new("Pay\xe2\x80\xaelanigiro", out, &err), SK_OK);
	assert_true(sk_name_equal("Sync\xe2\x80\x8b one", "Sync one"));
	assert_true(sk_name_equal("\xe2\x80\xaeSYNC ONE\xe2\x81\xa0", "sync one"));
	assert_false(sk_name_equal("Sync one", "Sync  one"));
}

/* The in-place ASCII comparison gives the answer the stripping copy gives (trim, case, length). */
static void test_name_equal_ascii(void **state)
{
	char a[SK_NAME_MAX_BYTES + 8], b[SK_NAME_MAX_BYTES + 8];

	assert_true(sk_name_equal("\t Order Sync\n", "ORDER SYNC "));
	assert_true(sk_name_equal("", " \t"));
	assert_false(sk_name_equal("Order Sync", "Order Syn"));
	assert_false(sk_name_equal("Order Syn", "Order Sync"));
	assert_false(sk_name_equal("Order Sync", "Order_Sync"));
	/* ASCII against the same name with an invisible character: the stripping path answers */
	assert_true(sk_name_equal("Order Sync", "Order\xe2\x80\x8b Sync"));
	assert_false(sk_name_equal("Order Sync", "Order Sync\xc3\xa9"));
	/* at and past the length the in-place path takes: the same answers either way */
	for (size_t n = SK_NAME_MAX_BYTES - 1; n <= SK_NAME_MAX_BYTES + 1; n++) {
		memset(a, 'x', n);
		a[n] = '\0';
		memset(b, 'X', n);
		b[n] = '\0';
		assert_true(sk_name_equal(a, b));
		b[n - 1] = 'y';
		assert_false(sk_name_equal(a, b));
		b[n - 1] = '\0';
		assert_false(sk_name_equal(a, b));
		b[n - 1] = ' ';
		a[n - 1] = '\t';
		assert_true(sk_name_equal(a, b));
	}
	(void)state;
}

static void test_kind(void **state)
{
	struct sk_account a;

	memset(&a, 0, sizeof a);
	assert_string_equal(sk_account_kind(&a), "v2v3");
	a.token_type = SK_TOKEN_STENCIL;
	a.stencil = SK_STENCIL_PUBLISH;
	assert_string_equal(sk_account_kind(&a), "stencil-publish");
	a.level = SK_LEVEL_ACCOUNT;
	assert_string_equal(sk_account_kind(&a), "account");
}

/* The account-level API path is .../accounts/{uuid}/graphql (BigCommerce's docs): canonical with
 * /graphql whether or not the input had it; the store-level form is unchanged. */
static void test_api_path_canonical(void **state)
{
	static const struct {
		const char *in, *canonical;
	} cases[] = {
		{"https://api.bigcommerce.com/accounts/6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
		 "https://api.bigcommerce.com/accounts/6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/graphql"},
		{"https://api.bigcommerce.com/accounts/6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/",
		 "https://api.bigcommerce.com/accounts/6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/graphql"},
		{"https://api.bigcommerce.com/accounts/6F1B1B7E-1C2D-4E5F-8A9B-0C1D2E3F4A5B/graphql",
		 "https://api.bigcommerce.com/accounts/6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/graphql"},
		{"https://api.bigcommerce.com/stores/abc123/v2", "https://api.bigcommerce.com/stores/abc123/v3/"},
	};
	struct sk_api_path p, again;
	struct sk_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(sk_api_path_parse(cases[i].in, &p, &err), SK_OK);
		assert_string_equal(p.canonical, cases[i].canonical);
		/* The canonical form parses to itself. */
		assert_int_equal(sk_api_path_parse(p.canonical, &again, &err), SK_OK);
		assert_string_equal(again.canonical, p.canonical);
	}
	assert_int_equal(sk_api_path_parse("https://api.bigcommerce.com/accounts/6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b/graphql/",
					   &p, &err),
			 SK_ERR_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_path_good),
		cmocka_unit_test(test_api_path_hostile),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_invisible_names),
		cmocka_unit_test(test_name_equal_ascii),
		cmocka_unit_test(test_kind),
		cmocka_unit_test(test_api_path_canonical),
	};
	return cmocka_run_group_tests_name("account", tests, NULL, NULL);
}
