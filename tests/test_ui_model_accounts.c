/* test_ui_model_accounts.c - the accounts list model (ui/model_accounts.c): groups, filter, delete gate. */
#include "config.h"

#include <curses.h>
#include <locale.h>

#include "model_accounts.h"
#include "testutil.h"
#include "ui_fixture.h"
#include "util.h"

/* ---- accounts list --------------------------------------------------------------------- */

static void test_acct_list_groups(void **state)
{
	struct sk_registry reg;
	struct ui_acct_list l = {0};
	long r;

	fixture(&reg);
	ui_acct_list_build(&l, &reg, "");
	/* account-level group, its account, store abc123 with 2 (by name), store zzz999 with 1 */
	assert_int_equal(l.n, 7);
	assert_int_equal(l.naccounts, 4);
	assert_int_equal(l.rows[0].kind, UI_ROW_GROUP);
	assert_string_equal(l.rows[0].owner, UUID1);
	assert_string_equal(reg.accounts[l.rows[1].idx].name, "Holdings");
	assert_int_equal(l.rows[2].kind, UI_ROW_STORE);
	assert_string_equal(l.rows[2].owner, "abc123");
	assert_int_equal(l.rows[2].count, 2);
	assert_string_equal(reg.accounts[l.rows[3].idx].name, "Alpha Theme");
	assert_string_equal(reg.accounts[l.rows[4].idx].name, "beta sync");
	assert_string_equal(l.rows[5].owner, "zzz999");
	/* selection skips headers */
	r = ui_acct_list_step(&l, -1, 1);
	assert_int_equal(r, 1);
	assert_int_equal(ui_acct_list_step(&l, 1, 1), 3);
	assert_int_equal(ui_acct_list_step(&l, 4, 1), 6);
	assert_int_equal(ui_acct_list_step(&l, 6, 1), -1);
	assert_int_equal(ui_acct_list_step(&l, 3, -1), 1);
	assert_int_equal(ui_acct_list_find(&l, &reg, reg.accounts[0].id), 6);
	assert_int_equal(ui_acct_list_find(&l, &reg, "nope"), 1);
	ui_acct_list_clear(&l);
	sk_registry_clear(&reg);
}

static void test_acct_list_filter(void **state)
{
	struct sk_registry reg;
	struct ui_acct_list l = {0};

	fixture(&reg);
	ui_acct_list_build(&l, &reg, "ORDERS");
	assert_int_equal(l.naccounts, 1);
	assert_int_equal(l.n, 2); /* store header + account */
	assert_int_equal(l.rows[0].count, 1);
	ui_acct_list_build(&l, &reg, "abc1");
	assert_int_equal(l.naccounts, 2);
	ui_acct_list_build(&l, &reg, "stencil");
	assert_int_equal(l.naccounts, 1);
	ui_acct_list_build(&l, &reg, "a0000000");
	assert_int_equal(l.naccounts, 1);
	ui_acct_list_build(&l, &reg, "nothing-matches");
	assert_int_equal(l.n, 0);
	assert_int_equal(ui_acct_list_find(&l, &reg, NULL), -1);
	assert_int_equal(l.total, 4);
	ui_acct_list_clear(&l);
	sk_registry_clear(&reg);
}

/* A store row counts and names its store over the whole registry, whatever the filter hides. */
static void test_acct_list_store_info(void **state)
{
	struct sk_registry reg;
	struct ui_acct_list l = {0};

	(void)state;
	fixture(&reg);
	sk_strlcpy(reg.accounts[2].store_name, "Second", sizeof reg.accounts[2].store_name);
	ui_acct_list_build(&l, &reg, "beta");
	assert_int_equal(l.n, 2);
	assert_int_equal(l.rows[0].kind, UI_ROW_STORE);
	assert_int_equal(l.rows[0].count, 2);
	assert_string_equal(l.rows[0].store_name, "Second"); /* from the hidden Alpha Theme */
	/* two names: the one first in registry order wins, not the first row shown */
	sk_strlcpy(reg.accounts[1].store_name, "First", sizeof reg.accounts[1].store_name);
	ui_acct_list_build(&l, &reg, "");
	assert_string_equal(l.rows[2].owner, "abc123");
	assert_string_equal(reg.accounts[l.rows[3].idx].name, "Alpha Theme");
	assert_string_equal(l.rows[2].store_name, "First");
	assert_string_equal(l.rows[5].owner, "zzz999");
	assert_int_equal(l.rows[5].count, 1);
	assert_string_equal(l.rows[5].store_name, "");
	ui_acct_list_clear(&l);
	sk_registry_clear(&reg);
}

static void test_delete_gate(void **state)
{
	/* no webhooks and checked: no typing needed */
	assert_false(ui_delete_needs_name(true, 0));
	assert_true(ui_delete_allowed(true, 0, "", "Alpha"));
	/* webhooks, or unknown: the exact name */
	assert_true(ui_delete_needs_name(true, 2));
	assert_true(ui_delete_needs_name(false, 0));
	assert_false(ui_delete_allowed(true, 2, "alpha", "Alpha"));
	assert_false(ui_delete_allowed(false, 0, "Alph", "Alpha"));
	assert_false(ui_delete_allowed(false, 0, "Alpha ", "Alpha"));
	assert_true(ui_delete_allowed(false, 0, "Alpha", "Alpha"));
	assert_true(ui_delete_allowed(true, 3, "Alpha", "Alpha"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acct_list_groups),
		cmocka_unit_test(test_acct_list_filter), cmocka_unit_test(test_acct_list_store_info),
		cmocka_unit_test(test_delete_gate),
	};
	/* Width and case folding of non-ASCII text need a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests_name("ui_model_accounts", tests, NULL, NULL);
}
