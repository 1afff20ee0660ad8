/* test_scopes.c - the scope catalogue is complete and consistent; presets and parsing. */
#include "config.h"

#include <ctype.h>

#include "scopes.h"
#include "testutil.h"

static void test_catalogue_consistent(void **state)
{
	size_t store = 0, account = 0;

	for (size_t i = 0; i < sk_scope_catalogue_len; i++) {
		const struct sk_scope_resource *r = &sk_scope_catalogue[i];

		assert_true(r->nlevels <= SK_SCOPE_MAX_LEVELS);
		if (r->level == SK_LEVEL_STORE)
			store++;
		else
			account++;
		for (size_t l = 0; l < r->nlevels; l++) {
			size_t li;
			const char *s = r->levels[l].scope;

			/* Each scope string is unique and maps back to its own row. */
			assert_ptr_equal(sk_scope_find(s, &li), r);
			assert_int_equal(li, l);
			assert_true(strncmp(s, r->level == SK_LEVEL_STORE ? "store_" : "account_",
					    r->level == SK_LEVEL_STORE ? 6 : 8) == 0);
			for (const char *p = s; *p; p++)
				assert_true(islower((unsigned char)*p) || *p == '_' || isdigit((unsigned char)*p));
		}
		if (r->probe)
			assert_true(r->probe[0] == '/' && (strncmp(r->probe, "/v2/", 4) == 0 || strncmp(r->probe, "/v3/", 4) == 0));
	}
	/* BIGCOMMERCE.md 4a has 33 store-level rows, 4b six account-level ones. */
	assert_int_equal(store, 33);
	assert_int_equal(account, 6);
	assert_non_null(sk_scope_find("store_v2_orders_read_only", NULL));
	assert_non_null(sk_scope_find("account_users_delete", NULL));
	assert_null(sk_scope_find("store_v2_default", NULL));
}

static void test_presets(void **state)
{
	for (size_t i = 0; i < sk_scope_presets_len; i++) {
		char **s;
		size_t n;
		struct sk_error err;

		assert_int_equal(sk_scopes_parse(sk_scope_presets[i].id, sk_scope_presets[i].level, &s, &n, &err), SK_OK);
		assert_true(n > 0);
		sk_scopes_free(s, n);
	}
	assert_non_null(sk_scope_preset_find("migration"));
	assert_null(sk_scope_preset_find("everything"));
}

static void test_parse(void **state)
{
	char **s = NULL;
	size_t n = 0;
	struct sk_error err;
	char sum[256];

	assert_int_equal(sk_scopes_parse("store_v2_orders_read_only, store_v2_products", SK_LEVEL_STORE, &s, &n, &err),
			 SK_OK);
	assert_int_equal(n, 2);
	assert_string_equal(s[0], "store_v2_orders_read_only");
	assert_string_equal(sk_scopes_summary(s, n, sum, sizeof sum), "Orders: Read-only, Products: Modify");
	sk_scopes_free(s, n);

	assert_int_equal(sk_scopes_parse("", SK_LEVEL_STORE, &s, &n, &err), SK_OK);
	assert_int_equal(n, 0);
	assert_string_equal(sk_scopes_summary(s, n, sum, sizeof sum), "no scopes");
	sk_scopes_free(s, n);

	assert_int_equal(sk_scopes_parse("store_v2_orders_read_only,store_v2_orders", SK_LEVEL_STORE, &s, &n, &err),
			 SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "only one level"));
	assert_int_equal(sk_scopes_parse("store_made_up", SK_LEVEL_STORE, &s, &n, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "store_made_up"));
	assert_int_equal(sk_scopes_parse("account_read", SK_LEVEL_STORE, &s, &n, &err), SK_ERR_INVALID);
	assert_int_equal(sk_scopes_parse("stencil-dev", SK_LEVEL_ACCOUNT, &s, &n, &err), SK_ERR_INVALID);
	/* Account-level resources allow several levels at once. */
	assert_int_equal(sk_scopes_parse("account_users_read,account_users_write", SK_LEVEL_ACCOUNT, &s, &n, &err),
			 SK_OK);
	assert_int_equal(n, 2);
	sk_scopes_free(s, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_consistent),
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_parse),
	};
	return cmocka_run_group_tests_name("scopes", tests, NULL, NULL);
}
