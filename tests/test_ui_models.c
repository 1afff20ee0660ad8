/* test_ui_models.c - the TUI's curses-free models: text, line editor, forms, lists, wizard, webhooks, keys, tasks. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <time.h>

#include "form.h"
#include "keys.h"
#include "lineedit.h"
#include "model_accounts.h"
#include "model_create.h"
#include "model_hooks.h"
#include "task.h"
#include "testutil.h"
#include "text.h"
#include "util.h"

/* ---- text ---------------------------------------------------------------------------- */

static void test_utf8_roundtrip(void **state)
{
	const uint32_t cps[] = {'a', 0xe9, 0x20ac, 0x1f600, 0x10ffff};
	char buf[4];
	uint32_t back;

	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		size_t n = ui_utf8_encode(cps[i], buf);

		assert_true(n >= 1 && n <= 4);
		assert_int_equal(ui_utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
	assert_int_equal(ui_utf8_encode(0xd800, buf), 0);
	/* invalid, overlong and truncated input decode one byte at a time to U+FFFD */
	assert_int_equal(ui_utf8_decode("\xff", 1, &back), 1);
	assert_int_equal(back, 0xfffd);
	assert_int_equal(ui_utf8_decode("\xc0\xaf", 2, &back), 1);
	assert_int_equal(back, 0xfffd);
	assert_int_equal(ui_utf8_decode("\xe2\x82", 2, &back), 1);
	assert_int_equal(back, 0xfffd);
}

static void test_text_fit(void **state)
{
	char out[64];

	assert_int_equal(ui_text_fit("hello", 10, true, out, sizeof out), 5);
	assert_string_equal(out, "hello");
	assert_int_equal(ui_text_fit("hello world", 8, true, out, sizeof out), 8);
	assert_string_equal(out, "hello w\xe2\x80\xa6");
	assert_int_equal(ui_text_fit("hello world", 8, false, out, sizeof out), 8);
	assert_string_equal(out, "hello w~");
	/* ASCII mode: every non-ASCII character is one '?' */
	ui_text_fit("caf\xc3\xa9 \xe2\x82\xac", 20, false, out, sizeof out);
	assert_string_equal(out, "caf? ?");
	/* UTF-8 mode keeps it; wide characters count two columns */
	ui_text_fit("caf\xc3\xa9", 20, true, out, sizeof out);
	assert_string_equal(out, "caf\xc3\xa9");
	assert_int_equal(ui_text_width("\xe6\x97\xa5\xe6\x9c\xac", true), 4);
	assert_int_equal(ui_text_fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, true, out, sizeof out), 3);
	/* controls never pass through */
	ui_text_fit("a\x1b[2Jb", 20, true, out, sizeof out);
	assert_null(strchr(out, 0x1b));
	assert_int_equal(ui_text_fit("abc", 0, true, out, sizeof out), 0);
	assert_string_equal(out, "");
	/* zero-width and bidi characters are drawn visibly (issue 9 item 8) */
	assert_int_equal(ui_text_fit("a\xe2\x80\x8b" "b\xe2\x80\xae" "c", 40, true, out, sizeof out), 19);
	assert_string_equal(out, "a<U+200B>b<U+202E>c");
	assert_int_equal(ui_text_width("\xe2\x80\x8b", true), 8);
}

static void test_text_wrap(void **state)
{
	size_t n;
	char **l = ui_text_wrap("the quick brown fox jumps over the lazy dog", 10, true, &n);

	assert_true(n >= 4);
	for (size_t i = 0; i < n; i++)
		assert_true(ui_text_width(l[i], true) <= 10);
	assert_string_equal(l[0], "the quick");
	ui_text_lines_free(l, n);

	l = ui_text_wrap("a\n\nb", 10, true, &n);
	assert_int_equal(n, 3);
	assert_string_equal(l[1], "");
	ui_text_lines_free(l, n);

	/* a word longer than the width is broken */
	l = ui_text_wrap("abcdefghijklmnop", 5, true, &n);
	assert_int_equal(n, 4);
	assert_string_equal(l[0], "abcde");
	ui_text_lines_free(l, n);

	/* spaces inside a line are kept, so columns stay aligned */
	l = ui_text_wrap("Orders      Read-only", 40, true, &n);
	assert_int_equal(n, 1);
	assert_string_equal(l[0], "Orders      Read-only");
	ui_text_lines_free(l, n);

	/* never wider than the width, even with runs of spaces at a break */
	l = ui_text_wrap("events again; if the destination still fails it will be deactivated again.", 20, true, &n);
	for (size_t i = 0; i < n; i++)
		assert_true(ui_text_width(l[i], true) <= 20);
	ui_text_lines_free(l, n);
}

static void test_text_contains(void **state)
{
	assert_true(ui_text_contains("Alpha Orders", "orders"));
	assert_true(ui_text_contains("Alpha Orders", "PHA O"));
	assert_true(ui_text_contains("Alpha", ""));
	assert_false(ui_text_contains("Alpha", "beta"));
	assert_true(ui_text_contains("Caf\xc3\x89 Beta", "caf\xc3\xa9"));
	assert_false(ui_text_contains(NULL, "x"));
}

static void test_error_sentence(void **state)
{
	struct sk_error err;
	char out[1024];

	sk_error_set(&err, SK_ERR_KEYRING_LOCKED, "the keyring is locked");
	ui_error_sentence(&err, out, sizeof out);
	assert_non_null(strstr(out, "the keyring is locked."));
	assert_non_null(strstr(out, "Unlock"));
	sk_error_set(&err, SK_ERR_NET, "boom \x1b]52;c;AAAA\x07");
	ui_error_sentence(&err, out, sizeof out);
	assert_null(strchr(out, 0x1b));
	assert_null(strchr(out, 0x07));
	assert_true(ui_status_hint(SK_ERR_NET)[0] != '\0');
	assert_true(ui_status_hint(SK_ERR_KEYRING_UNAVAILABLE)[0] != '\0');
	assert_true(ui_status_hint(SK_ERR_HTTP_401)[0] != '\0');
}

/* ---- line editor --------------------------------------------------------------------- */

static bool all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return false;
	return true;
}

static void test_line_utf8_editing(void **state)
{
	struct ui_line l;

	ui_line_init(&l, 64, false);
	assert_true(ui_line_insert(&l, 'c'));
	assert_true(ui_line_insert(&l, 'a'));
	assert_true(ui_line_insert(&l, 'f'));
	assert_true(ui_line_insert(&l, 0xe9));
	assert_string_equal(ui_line_text(&l), "caf\xc3\xa9");
	assert_int_equal(ui_line_chars(&l), 4);
	assert_true(l.changed);
	/* the cursor moves by code point: left once lands before the 2-byte e-acute */
	assert_true(ui_line_left(&l));
	assert_int_equal(l.cur, 3);
	assert_true(ui_line_insert(&l, 0x20ac));
	assert_string_equal(ui_line_text(&l), "caf\xe2\x82\xac\xc3\xa9");
	/* backspace removes the whole euro sign */
	assert_true(ui_line_backspace(&l));
	assert_string_equal(ui_line_text(&l), "caf\xc3\xa9");
	assert_true(ui_line_delete(&l));
	assert_string_equal(ui_line_text(&l), "caf");
	assert_false(ui_line_delete(&l));
	ui_line_home(&l);
	assert_false(ui_line_left(&l));
	assert_true(ui_line_right(&l));
	assert_int_equal(l.cur, 1);
	/* controls are never inserted */
	assert_false(ui_line_insert(&l, '\n'));
	assert_false(ui_line_insert(&l, 0x1b));
	assert_false(ui_line_insert(&l, 0x9b));
	assert_string_equal(ui_line_text(&l), "caf");
	ui_line_free(&l);
}

static void test_line_kills(void **state)
{
	struct ui_line l;

	ui_line_init(&l, 64, false);
	ui_line_set(&l, "hello big world");
	ui_line_end(&l);
	assert_true(ui_line_kill_word(&l));
	assert_string_equal(ui_line_text(&l), "hello big ");
	ui_line_home(&l);
	ui_line_right(&l);
	assert_true(ui_line_kill_end(&l));
	assert_string_equal(ui_line_text(&l), "h");
	assert_true(ui_line_kill_start(&l));
	assert_string_equal(ui_line_text(&l), "");
	assert_true(all_zero(l.buf, l.cap + 1));
	ui_line_free(&l);
}

static void test_line_cap(void **state)
{
	struct ui_line l;
	char big[10240];

	ui_line_init(&l, 16, false);
	for (int i = 0; i < 40; i++)
		ui_line_insert(&l, 'x');
	assert_int_equal(l.len, 16);
	/* a 3-byte character never half-fits */
	ui_line_set(&l, "123456789012345");
	ui_line_end(&l);
	assert_false(ui_line_insert(&l, 0x20ac));
	assert_int_equal(l.len, 15);
	/* a 10 KiB paste stops at the cap and says so */
	memset(big, 'A', sizeof big);
	ui_line_clear(&l);
	l.truncated = false;
	ui_line_paste(&l, big, sizeof big);
	assert_int_equal(l.len, 16);
	assert_true(l.truncated);
	ui_line_free(&l);
}

static void test_line_paste_rules(void **state)
{
	struct ui_line l;

	ui_line_init(&l, 64, true);
	/* "\e[200~  tok\nen\t\e[201~": newline dropped (never submits), tab becomes space, controls dropped */
	ui_line_paste(&l, "  tok\nen\x07x\t", 12);
	assert_string_equal(ui_line_text(&l), "  tokenx ");
	ui_line_paste_end(&l);
	assert_string_equal(ui_line_text(&l), "tokenx");
	assert_true(all_zero(l.buf + l.len, l.cap + 1 - l.len));
	ui_line_free(&l);

	/* a plain field keeps surrounding spaces of a paste */
	ui_line_init(&l, 64, false);
	ui_line_paste(&l, " a b ", 5);
	ui_line_paste_end(&l);
	assert_string_equal(ui_line_text(&l), " a b ");
	ui_line_free(&l);
}

static void test_line_mask_and_view(void **state)
{
	struct ui_line l;
	char view[256];
	int col;

	ui_line_init(&l, 128, true);
	ui_line_set(&l, "SKCANARY_0123456789");
	ui_line_end(&l);
	col = ui_line_view(&l, 40, true, view, sizeof view);
	assert_string_equal(view, "*******************");
	assert_int_equal(col, 19);
	assert_null(strstr(view, "SKCANARY"));
	l.reveal = true;
	ui_line_view(&l, 40, true, view, sizeof view);
	assert_string_equal(view, "SKCANARY_0123456789");
	/* scrolled so the cursor shows in a narrow box */
	col = ui_line_view(&l, 8, true, view, sizeof view);
	assert_true(col <= 7);
	assert_string_equal(view, "3456789");
	ui_line_home(&l);
	col = ui_line_view(&l, 8, true, view, sizeof view);
	assert_int_equal(col, 0);
	assert_string_equal(view, "SKCANARY");
	/* clear wipes the whole buffer */
	ui_line_clear(&l);
	assert_true(all_zero(l.buf, l.cap + 1));
	ui_line_free(&l);
	assert_null(l.buf);
}

static void test_line_view_ascii(void **state)
{
	struct ui_line l;
	char view[64];

	ui_line_init(&l, 64, false);
	ui_line_set(&l, "caf\xc3\xa9");
	ui_line_view(&l, 20, false, view, sizeof view);
	assert_string_equal(view, "caf?");
	ui_line_free(&l);
}

/* ---- forms ----------------------------------------------------------------------------- */

static bool min3(const char *v, void *ctx, char *msg, size_t size)
{
	if (strlen(v) >= 3)
		return true;
	snprintf(msg, size, "too short");
	return false;
}

static void test_form_validity(void **state)
{
	struct ui_field a, b;
	struct ui_field *f[] = {&a, &b};

	ui_field_init(&a, "A", 32, false, min3, NULL);
	ui_field_init(&b, "B", 32, false, min3, NULL);
	assert_false(ui_form_validate(f, 2));
	assert_string_equal(a.msg, "too short");
	assert_int_equal(ui_form_first_invalid(f, 2), 0);
	ui_line_set(&a.line, "abcd");
	assert_false(ui_form_validate(f, 2));
	assert_int_equal(ui_form_first_invalid(f, 2), 1);
	/* an invisible field does not count */
	b.visible = false;
	assert_true(ui_form_validate(f, 2));
	b.visible = true;
	ui_line_set(&b.line, "xyz");
	assert_true(ui_form_validate(f, 2));
	/* set() is not typing */
	assert_false(ui_form_changed(f, 2));
	ui_line_insert(&b.line, 'q');
	assert_true(ui_form_changed(f, 2));
	ui_field_free(&a);
	ui_field_free(&b);
}

/* ---- registry fixtures ------------------------------------------------------------------- */

static void add_account(struct sk_registry *reg, enum sk_level level, const char *owner, const char *name,
			enum sk_token_type tt)
{
	struct sk_account a;

	memset(&a, 0, sizeof a);
	sk_uuid_new(a.id);
	a.level = level;
	a.token_type = tt;
	a.stencil = tt == SK_TOKEN_STENCIL ? SK_STENCIL_DEV : SK_STENCIL_NONE;
	sk_strlcpy(a.name, name, sizeof a.name);
	if (level == SK_LEVEL_STORE) {
		sk_strlcpy(a.store_hash, owner, sizeof a.store_hash);
		snprintf(a.api_path, sizeof a.api_path, "https://api.bigcommerce.com/stores/%s/v3/", owner);
	} else {
		sk_strlcpy(a.account_uuid, owner, sizeof a.account_uuid);
		snprintf(a.api_path, sizeof a.api_path, "https://api.bigcommerce.com/accounts/%s", owner);
	}
	sk_strlcpy(a.client_id, "cid", sizeof a.client_id);
	a.scopes = sk_xcalloc(1, sizeof *a.scopes);
	sk_registry_append(reg, &a);
	sk_account_clear(&a);
}

#define UUID1 "a0000000-0000-4000-8000-000000000001"

static void fixture(struct sk_registry *reg)
{
	memset(reg, 0, sizeof *reg);
	add_account(reg, SK_LEVEL_STORE, "zzz999", "Zed Orders", SK_TOKEN_V2V3);
	add_account(reg, SK_LEVEL_STORE, "abc123", "beta sync", SK_TOKEN_V2V3);
	add_account(reg, SK_LEVEL_STORE, "abc123", "Alpha Theme", SK_TOKEN_STENCIL);
	add_account(reg, SK_LEVEL_ACCOUNT, UUID1, "Holdings", SK_TOKEN_V2V3);
}

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

/* ---- webhooks --------------------------------------------------------------------------- */

static void hook(struct sk_webhook *h, int64_t id, const char *scope, const char *dest, bool active, int64_t created)
{
	memset(h, 0, sizeof *h);
	h->id = id;
	h->scope = sk_strdup(scope);
	h->destination = sk_strdup(dest);
	h->is_active = active;
	h->created_at = created;
	h->updated_at = created + 10;
}

static void test_hooks_merge_filter_sort(void **state)
{
	struct ui_hooks m;
	struct sk_webhook *list = sk_xcalloc(3, sizeof *list);
	struct sk_hooks_admin admin;

	hook(&list[0], 3, "store/order/created", "https://b.example/x", true, 300);
	hook(&list[1], 1, "store/product/updated", "https://a.example/y", false, 100);
	hook(&list[2], 2, "store/cart/created", "https://c.example/z", false, 200);
	memset(&admin, 0, sizeof admin);
	admin.hooks = sk_xcalloc(2, sizeof *admin.hooks);
	admin.nhooks = 2;
	hook(&admin.hooks[0], 1, "store/product/updated", "https://a.example/y", false, 100);
	strcpy(admin.hooks[0].status, "deactivated");
	hook(&admin.hooks[1], 2, "store/cart/created", "https://c.example/z", false, 200);
	strcpy(admin.hooks[1].status, "inactive");
	admin.emails = sk_xcalloc(1, sizeof *admin.emails);
	admin.emails[0] = sk_strdup("ops@example.com");
	admin.nemails = 1;

	ui_hooks_init(&m);
	ui_hooks_take(&m, list, 3, &admin);
	assert_true(m.have_admin);
	assert_int_equal(m.nview, 3);
	assert_int_equal(ui_hooks_at(&m, 0)->id, 1);
	assert_string_equal(ui_hook_status(ui_hooks_at(&m, 0)), "deactivated");
	assert_string_equal(ui_hook_status(ui_hooks_at(&m, 2)), "active");
	m.filter = UI_HF_INACTIVE;
	ui_hooks_update_view(&m);
	assert_int_equal(m.nview, 1);
	assert_int_equal(ui_hooks_at(&m, 0)->id, 2);
	m.filter = UI_HF_ALL;
	m.sort = UI_HC_DEST;
	ui_hooks_update_view(&m);
	assert_int_equal(ui_hooks_at(&m, 0)->id, 1);
	m.desc = true;
	ui_hooks_update_view(&m);
	assert_int_equal(ui_hooks_at(&m, 0)->id, 2);
	m.sort = UI_HC_CREATED;
	ui_hooks_update_view(&m);
	assert_int_equal(ui_hooks_at(&m, 0)->id, 3);
	assert_null(ui_hooks_at(&m, 3));
	assert_string_equal(m.admin.emails[0], "ops@example.com");
	ui_hooks_clear(&m);
	/* the view settings survive a reload */
	assert_int_equal(m.sort, UI_HC_CREATED);
	assert_true(m.desc);
}

static void test_hooks_admin_only(void **state)
{
	struct ui_hooks m;
	struct sk_hooks_admin admin;

	memset(&admin, 0, sizeof admin);
	admin.hooks = sk_xcalloc(1, sizeof *admin.hooks);
	admin.nhooks = 1;
	hook(&admin.hooks[0], 7, "store/order/created", "https://x.example/", true, 1);
	ui_hooks_init(&m);
	ui_hooks_take(&m, NULL, 0, &admin);
	assert_int_equal(m.n, 1);
	assert_int_equal(ui_hooks_at(&m, 0)->id, 7);
	ui_hooks_clear(&m);
}

/* R27: not loaded, cancelled and failed are states of their own; writes need UI_LOAD_OK. */
static void test_hooks_load_states(void **state)
{
	struct ui_hooks m;
	struct sk_webhook *list = sk_xcalloc(1, sizeof *list);
	struct sk_hooks_admin admin;
	char why[256];

	ui_hooks_init(&m);
	/* before any load: nothing is known and nothing can be written */
	assert_int_equal(m.hooks_state, UI_LOAD_NONE);
	assert_int_equal(m.admin_state, UI_LOAD_NONE);
	assert_false(ui_hooks_can_edit_emails(&m, why, sizeof why));
	assert_non_null(strstr(why, "not loaded"));
	assert_false(ui_hooks_can_reactivate(&m, why, sizeof why));

	/* a cancelled load: both unknown, and said so */
	assert_int_equal(ui_load_from_status(SK_ERR_CANCELLED), UI_LOAD_CANCELLED);
	assert_int_equal(ui_load_from_status(SK_ERR_TIMEOUT), UI_LOAD_FAILED);
	assert_int_equal(ui_load_from_status(SK_OK), UI_LOAD_OK);
	ui_hooks_unknown(&m, UI_LOAD_CANCELLED, UI_LOAD_CANCELLED);
	assert_int_equal(m.n, 0);
	assert_false(m.have_admin);
	assert_false(ui_hooks_can_edit_emails(&m, why, sizeof why));
	assert_non_null(strstr(why, "not loaded (cancelled)"));
	assert_non_null(strstr(why, "press r"));
	assert_false(ui_hooks_can_reactivate(&m, why, sizeof why));
	assert_non_null(strstr(why, "not loaded (cancelled)"));
	assert_string_equal(ui_load_word(UI_LOAD_FAILED), "not loaded (failed)");

	/* the list loaded, hooks/admin failed: hooks known (re-activate ok), e-mails unknown */
	hook(&list[0], 5, "store/order/created", "https://x.example/", false, 1);
	ui_hooks_take(&m, list, 1, NULL);
	ui_hooks_mark(&m, UI_LOAD_OK, UI_LOAD_FAILED);
	assert_int_equal(m.hooks_state, UI_LOAD_OK);
	assert_int_equal(m.admin_state, UI_LOAD_FAILED);
	assert_true(ui_hooks_can_reactivate(&m, why, sizeof why));
	assert_false(ui_hooks_can_edit_emails(&m, why, sizeof why));
	assert_non_null(strstr(why, "not loaded (failed)"));

	/* a successful load of both: writes are allowed, even with no e-mail at all */
	memset(&admin, 0, sizeof admin);
	ui_hooks_take(&m, NULL, 0, &admin);
	ui_hooks_mark(&m, UI_LOAD_OK, UI_LOAD_OK);
	assert_int_equal(m.hooks_state, UI_LOAD_OK);
	assert_int_equal(m.admin_state, UI_LOAD_OK);
	assert_true(ui_hooks_can_edit_emails(&m, why, sizeof why));
	assert_true(ui_hooks_can_reactivate(&m, why, sizeof why));
	/* mark never turns a loaded part back into unknown, nor an unknown one into loaded */
	ui_hooks_mark(&m, UI_LOAD_CANCELLED, UI_LOAD_CANCELLED);
	assert_int_equal(m.admin_state, UI_LOAD_OK);
	ui_hooks_clear(&m);
	assert_int_equal(m.admin_state, UI_LOAD_NONE);
}

/* The delete screen: unknown is "unknown (not loaded)", never 0, and demands the typed name. */
static void test_loss_gate(void **state)
{
	struct ui_loss l = {.hooks_state = UI_LOAD_OK, .scripts_state = UI_LOAD_OK, .meta_state = UI_LOAD_OK};
	char buf[64];

	assert_false(ui_loss_needs_name(&l));
	l.nmeta = 4; /* metafields stay: on their own they do not demand the name */
	assert_false(ui_loss_needs_name(&l));
	l.nscripts = 1;
	assert_true(ui_loss_needs_name(&l));
	l.nscripts = 0;
	l.nhooks = 2;
	assert_true(ui_loss_needs_name(&l));
	l.nhooks = 0;
	l.hooks_state = UI_LOAD_CANCELLED;
	assert_true(ui_loss_needs_name(&l));
	l.hooks_state = UI_LOAD_OK;
	l.scripts_state = UI_LOAD_FAILED;
	assert_true(ui_loss_needs_name(&l));
	l.scripts_state = UI_LOAD_OK;
	l.meta_state = UI_LOAD_NONE;
	assert_true(ui_loss_needs_name(&l));
	assert_string_equal(ui_loss_count(UI_LOAD_OK, 0, buf, sizeof buf), "0");
	assert_string_equal(ui_loss_count(UI_LOAD_CANCELLED, 0, buf, sizeof buf), "unknown (not loaded: cancelled)");
	assert_string_equal(ui_loss_count(UI_LOAD_FAILED, 3, buf, sizeof buf), "unknown (not loaded: failed)");
	assert_string_equal(ui_loss_count(UI_LOAD_NONE, 0, buf, sizeof buf), "unknown (not loaded)");
	/* what a metafield's permission set means once its creator is gone */
	assert_non_null(strstr(ui_metafield_fate("write"), "writable by other API accounts"));
	assert_non_null(strstr(ui_metafield_fate("write_and_sf_access"), "writable by other API accounts"));
	assert_non_null(strstr(ui_metafield_fate("app_only"), "store_metafield_write_all"));
	assert_non_null(strstr(ui_metafield_fate("read"), "store_metafield_write_all"));
	assert_non_null(strstr(ui_metafield_fate(NULL), "unknown"));
}

static void test_blocked_countdown(void **state)
{
	struct sk_blocked_domain b = {.time_left = 180, .fetched_at = 10000};

	assert_int_equal(ui_blocked_left(&b, 10000), 180);
	assert_int_equal(ui_blocked_left(&b, 11000), 179);
	assert_int_equal(ui_blocked_left(&b, 10500), 180);
	assert_int_equal(ui_blocked_left(&b, 10000 + 180000), 0);
	assert_int_equal(ui_blocked_left(&b, 10000 + 999999), 0);
}

static void test_emails_parse(void **state)
{
	char **v = NULL, *j;
	size_t n;
	struct sk_error err;

	assert_int_equal(sk_emails_parse(" a@x.com, B@y.org;a@x.com  c@z.net ", &v, &n, &err), SK_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "a@x.com");
	assert_string_equal(v[1], "B@y.org");
	j = sk_emails_join(v, n);
	assert_string_equal(j, "a@x.com, B@y.org, c@z.net");
	free(j);
	sk_strv_free(v, n);
	assert_int_equal(sk_emails_parse("", &v, &n, &err), SK_OK);
	assert_int_equal(n, 0);
	sk_strv_free(v, n);
	assert_int_equal(sk_emails_parse("ok@x.com, nope", &v, &n, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "nope"));
	assert_int_equal(sk_emails_parse("x@\x1b[2J.com", &v, &n, &err), SK_ERR_INVALID);
	assert_null(strchr(err.msg, 0x1b));
}

/* ---- keys ---------------------------------------------------------------------------------- */

static void test_keys_table(void **state)
{
	struct ui_key q = {.fn = false, .code = 'q'}, up = {.fn = true, .code = KEY_UP};
	struct ui_key help = {.fn = false, .code = '?'};
	size_t n;
	char **lines, hint[256];
	enum ui_ctx c[] = {UI_CTX_ACCOUNTS};

	assert_int_equal(ui_keys_lookup(UI_CTX_ACCOUNTS, q), UI_ACT_QUIT);
	assert_int_equal(ui_keys_lookup(UI_CTX_DETAILS, q), UI_ACT_BACK);
	assert_int_equal(ui_keys_lookup(UI_CTX_ACCOUNTS, up), UI_ACT_UP);
	/* the global table is the fallback */
	assert_int_equal(ui_keys_lookup(UI_CTX_WEBHOOKS, help), UI_ACT_HELP);
	assert_int_equal(ui_keys_lookup(UI_CTX_ACCOUNTS, (struct ui_key){.fn = false, .code = 'Z'}), UI_ACT_NONE);
	/* a character and a function key with the same number differ */
	assert_int_equal(ui_keys_lookup(UI_CTX_ACCOUNTS, (struct ui_key){.fn = true, .code = 'q'}), UI_ACT_NONE);

	for (size_t i = 0; i < ui_bindings_len; i++) {
		const struct ui_binding *b = &ui_bindings[i];

		/* an alias follows a row of the same context and action (help lists them together) */
		if (b->help == NULL) {
			assert_true(i > 0);
			assert_int_equal(ui_bindings[i - 1].ctx, b->ctx);
			assert_int_equal(ui_bindings[i - 1].act, b->act);
		}
		assert_true(b->keyname[0] != '\0');
		/* one meaning per key per context */
		for (size_t j = i + 1; j < ui_bindings_len; j++) {
			const struct ui_binding *o = &ui_bindings[j];

			if (o->ctx == b->ctx && o->key.fn == b->key.fn && o->key.code == b->key.code)
				fail_msg("key %s bound twice in %s", b->keyname, ui_ctx_title(b->ctx));
		}
	}
	lines = ui_keys_help(c, 1, &n);
	assert_string_equal(lines[0], "Accounts list");
	{
		bool found = false;

		for (size_t i = 0; i < n; i++)
			if (strstr(lines[i], "Up/k") && strstr(lines[i], "Previous account"))
				found = true;
		assert_true(found);
	}
	ui_text_lines_free(lines, n);
	ui_keys_hint(c, 1, hint, sizeof hint);
	assert_non_null(strstr(hint, "n New"));
	assert_non_null(strstr(hint, "q Quit"));
	assert_non_null(strstr(hint, "? Help"));
}

/* ---- task ------------------------------------------------------------------------------------ */

static void slow_run(struct ui_task *t)
{
	struct timespec ts = {0, 5 * 1000 * 1000};

	ui_task_set_progress(t, "step \x1b[31m1");
	for (int i = 0; i < 400 && !t->cancel; i++)
		nanosleep(&ts, NULL);
	t->status = t->cancel ? sk_error_set(&t->err, SK_ERR_CANCELLED, "cancelled") : SK_OK;
}

static void quick_run(struct ui_task *t)
{
	*(int *)t->ud = 42;
	t->status = SK_OK;
}

static void test_task(void **state)
{
	struct ui_task t;
	int out = 0;
	char prog[64];

	assert_true(ui_task_start(&t, quick_run, &out));
	assert_true(ui_task_wait(&t, 2000));
	assert_int_equal(out, 42);
	assert_int_equal(t.status, SK_OK);

	assert_true(ui_task_start(&t, slow_run, NULL));
	for (int i = 0; i < 100; i++) {
		ui_task_progress(&t, prog, sizeof prog);
		if (prog[0])
			break;
		ui_task_wait(&t, 10);
	}
	assert_null(strchr(prog, 0x1b));
	assert_false(ui_task_poll(&t));
	ui_task_cancel(&t);
	assert_true(ui_task_wait(&t, 1000));
	assert_int_equal(t.status, SK_ERR_CANCELLED);
	assert_ptr_equal(t.call.cancel, &t.cancel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_roundtrip),
		cmocka_unit_test(test_text_fit),
		cmocka_unit_test(test_text_wrap),
		cmocka_unit_test(test_text_contains),
		cmocka_unit_test(test_error_sentence),
		cmocka_unit_test(test_line_utf8_editing),
		cmocka_unit_test(test_line_kills),
		cmocka_unit_test(test_line_cap),
		cmocka_unit_test(test_line_paste_rules),
		cmocka_unit_test(test_line_mask_and_view),
		cmocka_unit_test(test_line_view_ascii),
		cmocka_unit_test(test_form_validity),
		cmocka_unit_test(test_acct_list_groups),
		cmocka_unit_test(test_acct_list_filter),
		cmocka_unit_test(test_delete_gate),
		cmocka_unit_test(test_wizard_pages),
		cmocka_unit_test(test_wizard_path_and_name),
		cmocka_unit_test(test_wizard_store_limit),
		cmocka_unit_test(test_scope_selection),
		cmocka_unit_test(test_wizard_stencil_scopes),
		cmocka_unit_test(test_wizard_creds_and_import),
		cmocka_unit_test(test_wizard_review),
		cmocka_unit_test(test_wizard_verify_states),
		cmocka_unit_test(test_keyring_label),
		cmocka_unit_test(test_hooks_merge_filter_sort),
		cmocka_unit_test(test_hooks_admin_only),
		cmocka_unit_test(test_hooks_load_states),
		cmocka_unit_test(test_loss_gate),
		cmocka_unit_test(test_blocked_countdown),
		cmocka_unit_test(test_emails_parse),
		cmocka_unit_test(test_keys_table),
		cmocka_unit_test(test_task),
	};

	/* Width and case folding of non-ASCII text need a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests_name("ui_models", tests, NULL, NULL);
}
