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
	/* docs/bigcommerce.md §4 has 33 store-level rows, 4b six account-level ones and the beta Charges row. */
	assert_int_equal(store, 33);
	assert_int_equal(account, 7);
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

static const struct sk_scope_resource *row_named(const char *name)
{
	for (size_t i = 0; i < sk_scope_catalogue_len; i++)
		if (strcmp(sk_scope_catalogue[i].ui_name, name) == 0)
			return &sk_scope_catalogue[i];
	return NULL;
}

/* Account-level Charges (beta, the docs' draft table): a row without a documented scope string. */
static void test_charges_row(void **state)
{
	const struct sk_scope_resource *r = row_named("Charges");

	(void)state;
	assert_non_null(r);
	assert_int_equal(r->level, SK_LEVEL_ACCOUNT);
	assert_int_equal(r->nlevels, 0);
	assert_non_null(r->note);
	assert_non_null(strstr(r->note, "beta"));
	assert_non_null(strstr(r->note, "not documented"));
	/* the last account-level row, after the documented ones */
	assert_ptr_equal(r, &sk_scope_catalogue[sk_scope_catalogue_len - 1]);
}

/*
 * Metafields access has no None (api-accounts.mdx: standard is the "Default", full the other
 * level): a V2/V3 account records Standard unless Full is chosen, as the control panel shows it.
 */
static void test_metafields_default(void **state)
{
	const struct sk_scope_resource *r = row_named("Metafields access");
	char **s = NULL;
	size_t n = 0;
	struct sk_error err;

	(void)state;
	assert_non_null(r);
	assert_true(r->always);
	assert_string_equal(r->levels[0].scope, "store_metafield_write");
	assert_non_null(strstr(r->note, "no None"));
	for (size_t i = 0; i < sk_scope_catalogue_len; i++)
		if (&sk_scope_catalogue[i] != r)
			assert_false(sk_scope_catalogue[i].always);

	assert_int_equal(sk_scopes_parse("store_v2_orders_read_only", SK_LEVEL_STORE, &s, &n, &err), SK_OK);
	sk_scopes_add_defaults(&s, &n, SK_LEVEL_STORE);
	assert_int_equal(n, 2);
	assert_string_equal(s[0], "store_metafield_write");
	assert_string_equal(s[1], "store_v2_orders_read_only");
	assert_null(s[2]);
	sk_scopes_add_defaults(&s, &n, SK_LEVEL_STORE); /* idempotent */
	assert_int_equal(n, 2);
	sk_scopes_free(s, n);

	assert_int_equal(sk_scopes_parse("store_metafield_write_all", SK_LEVEL_STORE, &s, &n, &err), SK_OK);
	sk_scopes_add_defaults(&s, &n, SK_LEVEL_STORE); /* Full chosen: no Standard beside it */
	assert_int_equal(n, 1);
	assert_string_equal(s[0], "store_metafield_write_all");
	sk_scopes_free(s, n);

	assert_int_equal(sk_scopes_parse("", SK_LEVEL_STORE, &s, &n, &err), SK_OK);
	sk_scopes_add_defaults(&s, &n, SK_LEVEL_STORE);
	assert_int_equal(n, 1);
	assert_int_equal(sk_scopes_check(s, n, SK_LEVEL_STORE, &err), SK_OK);
	sk_scopes_free(s, n);

	assert_int_equal(sk_scopes_parse("account_read", SK_LEVEL_ACCOUNT, &s, &n, &err), SK_OK);
	sk_scopes_add_defaults(&s, &n, SK_LEVEL_ACCOUNT); /* nothing of the kind at account level */
	assert_int_equal(n, 1);
	sk_scopes_free(s, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_consistent),
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_charges_row),
		cmocka_unit_test(test_metafields_default),
	};
	return cmocka_run_group_tests_name("scopes", tests, NULL, NULL);
}
