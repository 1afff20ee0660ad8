/* test_ui_form.c - the forms (ui/form.c): fields, validators and when a form may be submitted. */
#include "config.h"

#include <curses.h>
#include <locale.h>

#include "form.h"
#include "lineedit.h"
#include "testutil.h"
#include "util.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_validity),
	};
	/* Width and case folding of non-ASCII text need a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests_name("ui_form", tests, NULL, NULL);
}
