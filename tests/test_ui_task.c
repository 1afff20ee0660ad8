/* test_ui_task.c - the one background task (ui/task.c): run, wait, cancel. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <time.h>

#include "task.h"
#include "testutil.h"
#include "util.h"

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
		cmocka_unit_test(test_task),
	};
	/* Width and case folding of non-ASCII text need a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests_name("ui_task", tests, NULL, NULL);
}
