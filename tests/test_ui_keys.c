/* test_ui_keys.c - the key table is the one source: help, footer hints and the man page agree with it.
 * Run as `test_ui_keys --man` it prints the man page block generated from the table. */
#include "config.h"

#include <curses.h>

#include "keys.h"
#include "testutil.h"
#include "text.h"
#include "widgets.h"

static char *generated(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	ui_keys_write_man(f);
	fclose(f);
	return buf;
}

/* Every binding with help text appears in the generated block. */
static void test_man_block_complete(void **state)
{
	char *man = generated();

	for (size_t i = 0; i < ui_bindings_len; i++) {
		if (ui_bindings[i].help == NULL)
			continue;
		if (strstr(man, ui_bindings[i].help) == NULL)
			fail_msg("the man block lacks \"%s\"", ui_bindings[i].help);
	}
	for (int c = 0; c < UI_CTX_COUNT; c++)
		assert_non_null(strstr(man, ui_ctx_title((enum ui_ctx)c)));
	free(man);
}

/* storekeys.1 carries the block between its KEYS marks: once filled in, it must equal the table. */
static void test_man_page_matches(void **state)
{
	const char *top = getenv("top_srcdir");
	char path[4096], *page, *begin, *end, *man;
	size_t len;

	snprintf(path, sizeof path, "%s/man/storekeys.1.in", top && *top ? top : ".");
	page = tu_read(path, &len);
	if (page == NULL)
		skip();
	begin = strstr(page, ".\\\" KEYS-BEGIN\n");
	end = strstr(page, ".\\\" KEYS-END");
	if (begin == NULL || end == NULL || end < begin) {
		free(page);
		skip();
	}
	begin += strlen(".\\\" KEYS-BEGIN\n");
	*end = '\0';
	man = generated();
	if (begin[0] == '\0') {
		/* Not filled in yet: nothing to compare. */
		print_message("storekeys.1 has an empty KEYS block; `tests/test_ui_keys --man` prints it\n");
	} else if (strcmp(begin, man) != 0) {
		fail_msg("storekeys.1's KEYS block differs from ui/keys.c; regenerate it with `tests/test_ui_keys --man`");
	}
	free(man);
	free(page);
}

/* Every context has a help line for leaving it or moving in it, and global help is reachable. */
static void test_every_screen_has_a_way_out(void **state)
{
	const struct ui_key esc = {.fn = false, .code = 27};
	const enum ui_ctx screens[] = {UI_CTX_WIZARD, UI_CTX_DETAILS, UI_CTX_DELETE, UI_CTX_WEBHOOKS,
				       UI_CTX_DIALOG, UI_CTX_PAGER, UI_CTX_FILTER, UI_CTX_AUDIT,
				       UI_CTX_ROTATE};

	for (size_t i = 0; i < sizeof screens / sizeof screens[0]; i++)
		assert_int_not_equal(ui_keys_lookup(screens[i], esc), UI_ACT_NONE);
	assert_int_equal(ui_keys_lookup(UI_CTX_ACCOUNTS, (struct ui_key){.fn = false, .code = '?'}), UI_ACT_HELP);
	assert_int_equal(ui_keys_lookup(UI_CTX_WIZARD, (struct ui_key){.fn = true, .code = KEY_F(1)}), UI_ACT_HELP);
}

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

/* The text views scroll through one function: a line for Up/Down, a page for PgUp/PgDn. */
static void test_scroll_keys(void **state)
{
	const struct ui_key up = {.fn = true, .code = KEY_UP}, down = {.fn = true, .code = KEY_DOWN};
	const struct ui_key pgup = {.fn = true, .code = KEY_PPAGE}, pgdn = {.fn = true, .code = KEY_NPAGE};
	const struct ui_key space = {.fn = false, .code = ' '}, q = {.fn = false, .code = 'q'};
	int top = 10;

	assert_true(ui_scroll_key(ui_keys_lookup(UI_CTX_PAGER, up), &top, 7));
	assert_int_equal(top, 9);
	assert_true(ui_scroll_key(ui_keys_lookup(UI_CTX_PAGER, down), &top, 7));
	assert_int_equal(top, 10);
	assert_true(ui_scroll_key(ui_keys_lookup(UI_CTX_PAGER, pgup), &top, 7));
	assert_int_equal(top, 3);
	assert_true(ui_scroll_key(ui_keys_lookup(UI_CTX_PAGER, pgdn), &top, 7));
	assert_int_equal(top, 10);
	assert_true(ui_scroll_key(ui_keys_lookup(UI_CTX_PAGER, space), &top, 7));
	assert_int_equal(top, 17);
	/* anything else is left to the screen, and top stays */
	assert_false(ui_scroll_key(ui_keys_lookup(UI_CTX_PAGER, q), &top, 7));
	assert_false(ui_scroll_key(UI_ACT_NONE, &top, 7));
	assert_int_equal(top, 17);
	/* the delete screen pages but binds no Up/Down, and k/j are letters of the typed name there */
	assert_true(ui_scroll_key(ui_keys_lookup(UI_CTX_DELETE, pgdn), &top, 7));
	assert_int_equal(top, 24);
	assert_false(ui_scroll_key(ui_keys_lookup(UI_CTX_DELETE, up), &top, 7));
	assert_false(ui_scroll_key(ui_keys_lookup(UI_CTX_DELETE, down), &top, 7));
	assert_false(ui_scroll_key(ui_keys_lookup(UI_CTX_DELETE, (struct ui_key){.fn = false, .code = 'k'}), &top, 7));
	assert_int_equal(top, 24);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_man_block_complete),
		cmocka_unit_test(test_man_page_matches),
		cmocka_unit_test(test_every_screen_has_a_way_out),
		cmocka_unit_test(test_keys_table),
		cmocka_unit_test(test_scroll_keys),
	};

	if (argc > 1 && strcmp(argv[1], "--man") == 0) {
		ui_keys_write_man(stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--text") == 0) {
		ui_keys_write(stdout);
		return 0;
	}
	return cmocka_run_group_tests_name("ui_keys", tests, NULL, NULL);
}
