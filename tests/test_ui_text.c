/* test_ui_text.c - the TUI text helpers (ui/text.c): UTF-8, fitting, wrapping, matching, error sentences. */
#include "config.h"

#include <curses.h>
#include <locale.h>

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
	/* one cause, one action: the 401 sentence says "rejected" and "deleted" once each (issue 14) */
	sk_error_set(&err, SK_ERR_HTTP_401, "BigCommerce rejected this token (was the API account deleted?)");
	ui_error_sentence(&err, out, sizeof out);
	assert_non_null(strstr(out, "rejected"));
	assert_null(strstr(strstr(out, "rejected") + 1, "rejected"));
	assert_null(strstr(strstr(out, "deleted") + 1, "deleted"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_roundtrip),
		cmocka_unit_test(test_text_fit),
		cmocka_unit_test(test_text_wrap),
		cmocka_unit_test(test_text_contains),
		cmocka_unit_test(test_error_sentence),
	};
	/* Width and case folding of non-ASCII text need a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests_name("ui_text", tests, NULL, NULL);
}
