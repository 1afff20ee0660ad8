/* test_ui_lineedit.c - the line editor (ui/lineedit.c): UTF-8 editing, kills, caps, paste rules, masking. */
#include "config.h"

#include <curses.h>
#include <locale.h>

#include "lineedit.h"
#include "testutil.h"
#include "text.h"
#include "util.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_utf8_editing),
		cmocka_unit_test(test_line_kills),
		cmocka_unit_test(test_line_cap),
		cmocka_unit_test(test_line_paste_rules),
		cmocka_unit_test(test_line_mask_and_view),
		cmocka_unit_test(test_line_view_ascii),
	};
	/* Width and case folding of non-ASCII text need a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests_name("ui_lineedit", tests, NULL, NULL);
}
