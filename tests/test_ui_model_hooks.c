/* test_ui_model_hooks.c - the webhooks and delete-screen model (ui/model_hooks.c): merge, filter, sort, load states, loss gate. */
#include "config.h"

#include <curses.h>
#include <locale.h>
#include <time.h>

#include "model_hooks.h"
#include "testutil.h"
#include "util.h"

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
	/* create, edit and delete likewise, with the verb */
	assert_false(ui_hooks_can_write(&m, "created", why, sizeof why));
	assert_non_null(strstr(why, "not loaded (cancelled), so none can be created: press r"));
	assert_string_equal(ui_load_word(UI_LOAD_FAILED), "not loaded (failed)");

	/* the list loaded, hooks/admin failed: hooks known (re-activate ok), e-mails unknown */
	hook(&list[0], 5, "store/order/created", "https://x.example/", false, 1);
	ui_hooks_take(&m, list, 1, NULL);
	ui_hooks_mark(&m, UI_LOAD_OK, UI_LOAD_FAILED);
	assert_int_equal(m.hooks_state, UI_LOAD_OK);
	assert_int_equal(m.admin_state, UI_LOAD_FAILED);
	assert_true(ui_hooks_can_reactivate(&m, why, sizeof why));
	assert_true(ui_hooks_can_write(&m, "deleted", why, sizeof why));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hooks_merge_filter_sort),
		cmocka_unit_test(test_hooks_admin_only),
		cmocka_unit_test(test_hooks_load_states),
		cmocka_unit_test(test_loss_gate),
		cmocka_unit_test(test_emails_parse),
	};
	/* Width and case folding of non-ASCII text need a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "en_US.UTF-8");
	return cmocka_run_group_tests_name("ui_model_hooks", tests, NULL, NULL);
}
