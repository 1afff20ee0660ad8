/* test_ui_model_create.c - the create wizard model (ui/model_create.c): pages, path and name, scopes, credentials, review, verify. */
#include "config.h"

#include <curses.h>
#include <locale.h>

#include "form.h"
#include "lineedit.h"
#include "model_create.h"
#include "testutil.h"
#include "text.h"
#include "ui_fixture.h"
#include "util.h"

/* ---- create wizard ----------------------------------------------------------------------- */

static void walk(struct ui_create *c, enum ui_cpage *out, size_t *n)
{
	enum ui_cpage keep = c->page;

	*n = 0;
	c->page = UI_CP_LEVEL;
	for (;;) {
		out[(*n)++] = c->page;
		if (ui_create_next_page(c) == UI_CP_COUNT)
			break;
		c->page = ui_create_next_page(c);
	}
	c->page = keep;
}

static void test_wizard_pages(void **state)
{
	struct sk_registry reg = {0};
	struct ui_create c;
	enum ui_cpage p[UI_CP_COUNT];
	size_t n;
	int idx;
	const enum ui_cpage v2v3[] = {UI_CP_LEVEL,  UI_CP_PREREQ, UI_CP_TOKEN_TYPE, UI_CP_API_PATH,
				      UI_CP_NAME,   UI_CP_SCOPES, UI_CP_REVIEW,	    UI_CP_CREDS,
				      UI_CP_VERIFY, UI_CP_DONE};

	ui_create_init(&c, &reg);
	walk(&c, p, &n);
	assert_int_equal(n, 10);
	assert_memory_equal(p, v2v3, sizeof v2v3);
	c.token_type = SK_TOKEN_STENCIL;
	walk(&c, p, &n);
	assert_int_equal(p[5], UI_CP_STENCIL);
	c.level = SK_LEVEL_ACCOUNT;
	walk(&c, p, &n);
	assert_int_equal(n, 9);
	assert_int_equal(p[2], UI_CP_API_PATH);
	assert_int_equal(p[4], UI_CP_SCOPES);
	c.page = UI_CP_LEVEL;
	assert_int_equal(ui_create_prev_page(&c), UI_CP_COUNT);
	c.page = UI_CP_NAME;
	assert_int_equal(ui_create_prev_page(&c), UI_CP_API_PATH);
	assert_int_equal(ui_create_step(&c, &idx), 9);
	assert_int_equal(idx, 4);
	/* only typing, an import or chosen scopes make leaving ask first */
	assert_false(ui_create_dirty(&c));
	ui_scope_sel_set(&c.scopes[SK_LEVEL_ACCOUNT], 0, 0);
	assert_true(ui_create_dirty(&c));
	ui_scope_sel_clear(&c.scopes[SK_LEVEL_ACCOUNT]);
	assert_false(ui_create_dirty(&c));
	ui_line_insert(&c.name.line, 'x');
	assert_true(ui_create_dirty(&c));
	ui_create_free(&c);
}

/* The review lists scopes in the control panel's row order, not sorted by scope string (issue 14). */
static void test_review_panel_order(void **state)
{
	struct sk_registry reg = {0};
	struct ui_create c;
	char **v;
	size_t n, content = 0, checkout = 0;

	ui_create_init(&c, &reg);
	assert_string_equal(ui_scope_sel_resource(&c.scopes[SK_LEVEL_STORE], 0)->ui_name, "Content");
	assert_string_equal(ui_scope_sel_resource(&c.scopes[SK_LEVEL_STORE], 1)->ui_name, "Checkout content");
	ui_scope_sel_set(&c.scopes[SK_LEVEL_STORE], 0, 0);
	ui_scope_sel_set(&c.scopes[SK_LEVEL_STORE], 1, 0);
	v = ui_create_review(&c, " > ", &n);
	for (size_t i = 0; i < n; i++) {
		if (strstr(v[i], "(store_v2_content_read_only)"))
			content = i;
		if (strstr(v[i], "(store_content_checkout_read_only)"))
			checkout = i;
	}
	/* sorted by string, store_content_checkout... would come first */
	assert_true(content > 0 && checkout > 0);
	assert_true(content < checkout);
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	ui_create_free(&c);
}

static void test_wizard_path_and_name(void **state)
{
	struct sk_registry reg;
	struct ui_create c;
	char why[512];

	fixture(&reg);
	ui_create_init(&c, &reg);
	c.page = UI_CP_API_PATH;
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	ui_line_set(&c.api_path.line, "abc123");
	assert_true(ui_create_page_valid(&c, why, sizeof why));
	assert_string_equal(c.path.store_hash, "abc123");
	assert_string_equal(c.path.canonical, "https://api.bigcommerce.com/stores/abc123/v3/");
	assert_non_null(strstr(c.api_path.msg, "2 of 50"));
	ui_line_set(&c.api_path.line, "https://api.bigcommerce.com/stores/abc123/v2");
	assert_true(ui_create_page_valid(&c, why, sizeof why));
	ui_line_set(&c.api_path.line, "http://api.bigcommerce.com/stores/abc123/v3/");
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	ui_line_set(&c.api_path.line, "https://api.bigcommerce.com/accounts/" UUID1);
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	assert_non_null(strstr(c.api_path.msg, "account-level"));
	ui_line_set(&c.api_path.line, "abc123");
	ui_create_page_valid(&c, why, sizeof why);

	c.page = UI_CP_NAME;
	ui_line_set(&c.name.line, "abc");
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	assert_non_null(strstr(c.name.msg, "4 characters"));
	ui_line_set(&c.name.line, "  BETA SYNC ");
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	assert_non_null(strstr(c.name.msg, "already has"));
	/* unique per store: the same name is fine in another store */
	ui_line_set(&c.name.line, "Zed Orders");
	assert_true(ui_create_page_valid(&c, why, sizeof why));
	ui_line_set(&c.name.line, "New one");
	assert_true(ui_create_page_valid(&c, why, sizeof why));

	/* account-level: a bare UUID */
	c.level = SK_LEVEL_ACCOUNT;
	c.page = UI_CP_API_PATH;
	ui_line_set(&c.api_path.line, UUID1);
	assert_true(ui_create_page_valid(&c, why, sizeof why));
	assert_string_equal(c.path.account_uuid, UUID1);
	c.page = UI_CP_NAME;
	ui_line_set(&c.name.line, "holdings");
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	ui_create_free(&c);
	sk_registry_clear(&reg);
}

static void test_wizard_store_limit(void **state)
{
	struct sk_registry reg = {0};
	struct ui_create c;
	char why[512], name[32];

	for (int i = 0; i < SK_STORE_MAX_ACCOUNTS; i++) {
		snprintf(name, sizeof name, "Account %02d", i);
		add_account(&reg, SK_LEVEL_STORE, "full1", name, SK_TOKEN_V2V3);
	}
	ui_create_init(&c, &reg);
	c.page = UI_CP_API_PATH;
	ui_line_set(&c.api_path.line, "full1");
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	assert_non_null(strstr(c.api_path.msg, "50"));
	c.page = UI_CP_NAME;
	ui_line_set(&c.name.line, "Fifty-first");
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	ui_create_free(&c);
	sk_registry_clear(&reg);
}

static void test_scope_selection(void **state)
{
	struct ui_scope_sel s;
	size_t n, orders = 0, users = 0;
	char **list;
	const struct sk_scope_preset *presets[8];

	ui_scope_sel_init(&s, SK_LEVEL_STORE);
	assert_true(s.n > 25);
	/* Metafields access has no None in the control panel: Standard from the start */
	assert_int_equal(ui_scope_sel_granted(&s), 1);
	for (size_t i = 0; i < s.n; i++)
		if (strcmp(ui_scope_sel_resource(&s, i)->ui_name, "Orders") == 0)
			orders = i;
	ui_scope_sel_step(&s, orders, 1);
	assert_int_equal(ui_scope_sel_level(&s, orders), 0);
	ui_scope_sel_step(&s, orders, 1);
	ui_scope_sel_step(&s, orders, 1);
	assert_int_equal(ui_scope_sel_level(&s, orders), 1);
	ui_scope_sel_step(&s, orders, -1);
	ui_scope_sel_step(&s, orders, -1);
	ui_scope_sel_step(&s, orders, -1);
	assert_int_equal(ui_scope_sel_level(&s, orders), -1);
	ui_scope_sel_set(&s, orders, 0);
	ui_scope_sel_toggle(&s, 0, 1); /* Content: Modify */
	list = ui_scope_sel_list(&s, &n);
	assert_int_equal(n, 3);
	assert_string_equal(list[0], "store_metafield_write");
	assert_string_equal(list[1], "store_v2_content");
	assert_string_equal(list[2], "store_v2_orders_read_only");
	assert_int_equal(sk_scopes_check(list, n, SK_LEVEL_STORE, NULL), SK_OK);
	sk_scopes_free(list, n);
	/* a single-choice row holds one level at most */
	ui_scope_sel_toggle(&s, 0, 0);
	assert_int_equal(ui_scope_sel_level(&s, 0), 0);
	ui_scope_sel_toggle(&s, 0, 0);
	assert_int_equal(ui_scope_sel_level(&s, 0), -1);
	/* presets fit the level and leave the Stencil ones to the token type */
	n = ui_scope_presets(SK_LEVEL_STORE, presets, 8);
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++)
		assert_true(strncmp(presets[i]->id, "stencil", 7) != 0);
	{
		size_t k = 0;

		while (presets[0]->scopes[k])
			k++;
		ui_scope_sel_apply(&s, (char *const *)presets[0]->scopes, k);
		assert_int_equal(ui_scope_sel_granted(&s), k + 1);
	}
	ui_scope_sel_clear(&s);
	assert_int_equal(ui_scope_sel_granted(&s), 1);
	/* Metafields access: Full or Standard, never None */
	for (size_t i = 0; i < s.n; i++) {
		if (strcmp(ui_scope_sel_resource(&s, i)->ui_name, "Metafields access") != 0)
			continue;
		assert_int_equal(ui_scope_sel_level(&s, i), 0);
		ui_scope_sel_step(&s, i, -1);
		assert_int_equal(ui_scope_sel_level(&s, i), 0);
		ui_scope_sel_step(&s, i, 1);
		assert_int_equal(ui_scope_sel_level(&s, i), 1);
		ui_scope_sel_toggle(&s, i, 1);
		assert_int_equal(ui_scope_sel_level(&s, i), 0);
		ui_scope_sel_set(&s, i, -1);
		assert_int_equal(ui_scope_sel_level(&s, i), 0);
	}
	ui_scope_sel_free(&s);

	/* account-level rows take several levels */
	ui_scope_sel_init(&s, SK_LEVEL_ACCOUNT);
	assert_int_equal(s.n, 7); /* six documented rows and the level-less Charges (beta) */
	assert_int_equal(ui_scope_sel_selectable(&s), 6);
	for (size_t i = 0; i < s.n; i++)
		if (strcmp(ui_scope_sel_resource(&s, i)->ui_name, "Account Users") == 0)
			users = i;
	ui_scope_sel_toggle(&s, users, 0);
	ui_scope_sel_toggle(&s, users, 2);
	list = ui_scope_sel_list(&s, &n);
	assert_int_equal(n, 2);
	assert_string_equal(list[0], "account_users_delete");
	assert_string_equal(list[1], "account_users_read");
	assert_int_equal(sk_scopes_check(list, n, SK_LEVEL_ACCOUNT, NULL), SK_OK);
	sk_scopes_free(list, n);
	assert_int_equal(ui_scope_sel_granted(&s), 1);
	ui_scope_sel_free(&s);
}

static void test_wizard_stencil_scopes(void **state)
{
	struct sk_registry reg = {0};
	struct ui_create c;
	struct sk_account a;

	ui_create_init(&c, &reg);
	c.token_type = SK_TOKEN_STENCIL;
	c.stencil = SK_STENCIL_PUBLISH;
	ui_line_set(&c.api_path.line, "abc123");
	ui_field_validate(&c.api_path);
	ui_line_set(&c.name.line, "Theme push");
	ui_line_set(&c.client_id.line, "  cid-1 ");
	ui_create_build(&c, &a, 1000);
	assert_int_equal(a.token_type, SK_TOKEN_STENCIL);
	assert_int_equal(a.stencil, SK_STENCIL_PUBLISH);
	assert_string_equal(a.client_id, "cid-1");
	assert_string_equal(a.name, "Theme push");
	assert_string_equal(a.store_hash, "abc123");
	assert_int_equal(a.nscopes, 2);
	assert_string_equal(a.scopes[0], "store_sites_read_only");
	assert_string_equal(a.scopes[1], "store_themes_manage");
	assert_int_equal(a.verified, 0);
	sk_account_clear(&a);
	ui_create_free(&c);
}

static void test_wizard_creds_and_import(void **state)
{
	struct sk_registry reg = {0};
	struct ui_create c;
	struct sk_error err;
	char dir[256], path[512], why[512];
	const char *txt = "ACCESS TOKEN: tok-123\nCLIENT NAME: Other Name\n"
			  "API PATH: https://api.bigcommerce.com/stores/zzz999/v3/\nCLIENT ID: cid-9\n"
			  "CLIENT SECRET: 00ff\n";

	ui_create_init(&c, &reg);
	ui_line_set(&c.api_path.line, "abc123");
	ui_field_validate(&c.api_path);
	ui_line_set(&c.name.line, "My account");
	c.page = UI_CP_CREDS;
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	ui_line_set(&c.client_id.line, "cid");
	ui_line_set(&c.client_secret.line, " sec ret ");
	ui_line_set(&c.access_token.line, "tok");
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	assert_non_null(strstr(why, "Client secret"));
	ui_line_set(&c.client_secret.line, "  secret  ");
	assert_true(ui_create_page_valid(&c, why, sizeof why));
	ui_create_trim_creds(&c);
	assert_string_equal(ui_line_text(&c.client_secret.line), "secret");

	/* a .txt for another store: imported but flagged, and Next is blocked */
	tu_mkdtemp(dir, sizeof dir);
	snprintf(path, sizeof path, "%s/creds.txt", dir);
	tu_write(path, txt, strlen(txt));
	assert_int_equal(ui_create_import(&c, path, &err), SK_OK);
	assert_string_equal(ui_line_text(&c.client_id.line), "cid-9");
	assert_string_equal(ui_line_text(&c.access_token.line), "tok-123");
	assert_non_null(strstr(c.import_conflict, "zzz999"));
	assert_non_null(strstr(c.import_warn, "Other Name"));
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	assert_true(c.imported);
	/* after going back to the right store the contradiction is gone */
	ui_line_set(&c.api_path.line, "zzz999");
	assert_int_equal(ui_create_import(&c, path, &err), SK_OK);
	assert_string_equal(c.import_conflict, "");
	assert_true(ui_create_page_valid(&c, why, sizeof why));

	/* malformed file: an error, nothing imported */
	tu_write(path, "hello\n", 6);
	ui_line_clear(&c.client_id.line);
	assert_int_not_equal(ui_create_import(&c, path, &err), SK_OK);
	assert_string_equal(ui_line_text(&c.client_id.line), "");
	unlink(path);
	rmdir(dir);
	assert_int_not_equal(ui_create_import(&c, "", &err), SK_OK);
	ui_create_free(&c);
}

static void test_wizard_review(void **state)
{
	struct sk_registry reg = {0};
	struct ui_create c;
	size_t n;
	char **lines, *all = NULL;
	size_t len = 1;

	ui_create_init(&c, &reg);
	ui_line_set(&c.api_path.line, "abc123");
	ui_field_validate(&c.api_path);
	ui_line_set(&c.name.line, "Orders sync");
	ui_scope_sel_set(&c.scopes[SK_LEVEL_STORE], 6, 0); /* Orders: Read-only */
	lines = ui_create_review(&c, " > ", &n);
	for (size_t i = 0; i < n; i++)
		len += strlen(lines[i]) + 1;
	all = calloc(1, len);
	for (size_t i = 0; i < n; i++) {
		strcat(all, lines[i]);
		strcat(all, "\n");
	}
	assert_non_null(strstr(all, "Settings > Store-level API accounts > Create API account"));
	assert_non_null(strstr(all, "Create V2/V3 API Token"));
	assert_non_null(strstr(all, "Orders sync"));
	assert_non_null(strstr(all, "Orders"));
	assert_non_null(strstr(all, "store_v2_orders_read_only"));
	/* the review says what the control panel shows: Metafields access is Standard, not None */
	assert_non_null(strstr(all, "store_metafield_write) - the default, already set"));
	assert_non_null(strstr(all, "ONCE"));
	free(all);
	ui_text_lines_free(lines, n);
	ui_create_free(&c);
}

static void test_wizard_verify_states(void **state)
{
	struct sk_registry reg = {0};
	struct ui_create c;
	struct sk_error err;
	struct sk_verify_result vr;
	char why[256];

	ui_create_init(&c, &reg);
	c.page = UI_CP_VERIFY;
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	memset(&vr, 0, sizeof vr);
	vr.token_ok = true;
	vr.have_store_info = true;
	sk_strlcpy(vr.store.name, "Caf\xc3\xa9 \x1b[31m", sizeof vr.store.name);
	sk_error_clear(&err);
	ui_create_verified(&c, SK_OK, &err, &vr);
	assert_int_equal(c.verify, UI_VERIFY_OK);
	assert_null(strchr(c.verify_msg, 0x1b));
	assert_true(ui_create_page_valid(&c, why, sizeof why));
	sk_error_set(&err, SK_ERR_HTTP_401, "rejected");
	ui_create_verified(&c, SK_ERR_HTTP_401, &err, NULL);
	assert_int_equal(c.verify, UI_VERIFY_REJECTED);
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	sk_error_set(&err, SK_ERR_NET, "no route");
	ui_create_verified(&c, SK_ERR_NET, &err, NULL);
	assert_int_equal(c.verify, UI_VERIFY_UNREACHABLE);
	assert_false(ui_create_page_valid(&c, why, sizeof why));
	c.verify = UI_VERIFY_SKIPPED;
	assert_true(ui_create_page_valid(&c, why, sizeof why));
	ui_create_free(&c);
}

static void test_keyring_label(void **state)
{
	struct sk_account a;
	char buf[256];

	memset(&a, 0, sizeof a);
	a.level = SK_LEVEL_STORE;
	sk_strlcpy(a.name, "Alpha", sizeof a.name);
	sk_strlcpy(a.store_hash, "abc123", sizeof a.store_hash);
	ui_keyring_label(&a, true, buf, sizeof buf);
	assert_string_equal(buf, "BigCommerce access token: Alpha (store abc123)");
	ui_keyring_label(&a, false, buf, sizeof buf);
	assert_string_equal(buf, "BigCommerce client secret: Alpha (store abc123)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wizard_pages),
		cmocka_unit_test(test_review_panel_order),
		cmocka_unit_test(test_wizard_path_and_name),
		cmocka_unit_test(test_wizard_store_limit),
		cmocka_unit_test(test_scope_selection),
		cmocka_unit_test(test_wizard_stencil_scopes),
		cmocka_unit_test(test_wizard_creds_and_import),
		cmocka_unit_test(test_wizard_review),
		cmocka_unit_test(test_wizard_verify_states),
		cmocka_unit_test(test_keyring_label),
	};
	/* Width and case folding of non-ASCII text need a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests_name("ui_model_create", tests, NULL, NULL);
}
