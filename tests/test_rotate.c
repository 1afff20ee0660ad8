/* test_rotate.c - the rotation state file (round trip, damaged, newer, kept fields), the replacement's name, metafield fates. */
#include "config.h"

#include "registry.h"
#include "rotate.h"
#include "testutil.h"
#include "util.h"

#define OLD_ID "11111111-2222-4333-8444-555555555555"
#define NEW_ID "66666666-7777-4888-9999-aaaaaaaaaaaa"

static char dir[512];

static int setup(void **state)
{
	(void)state;
	tu_mkdtemp(dir, sizeof dir);
	return 0;
}

static void fill(struct sk_rotate_state *st)
{
	memset(st, 0, sizeof *st);
	st->schema = SK_ROTATE_SCHEMA;
	snprintf(st->old_id, sizeof st->old_id, OLD_ID);
	snprintf(st->new_id, sizeof st->new_id, NEW_ID);
	st->hooks = sk_xcalloc(2, sizeof *st->hooks);
	st->hooks[0].from = sk_strdup("201");
	st->hooks[0].to = sk_strdup("901");
	st->hooks[1].from = sk_strdup("202");
	st->hooks[1].to = sk_strdup("902");
	st->nhooks = 2;
	st->emails_copied = true;
	st->scripts = sk_xcalloc(1, sizeof *st->scripts);
	st->scripts[0].from = sk_strdup("5c0f9c3a-1111-4a2b-8c3d-000000000001");
	st->scripts[0].to = sk_strdup("5c0f9c3a-1111-4a2b-8c3d-000000000002");
	st->nscripts = 1;
	st->metafields = sk_xcalloc(1, sizeof *st->metafields);
	st->metafields[0] = sk_strdup("501");
	st->nmetafields = 1;
	st->confirmed = false;
}

static void test_roundtrip(void **state)
{
	struct sk_rotate_state st, back;
	struct sk_error err;
	char path[1024];
	struct stat sb;

	(void)state;
	assert_int_equal(sk_rotate_state_load(dir, OLD_ID, &back, &err), SK_ERR_NOT_FOUND);
	assert_string_equal(back.old_id, OLD_ID);
	sk_rotate_state_clear(&back);
	fill(&st);
	assert_int_equal(sk_rotate_state_save(dir, &st, &err), SK_OK);
	assert_true(sk_rotate_state_path(dir, OLD_ID, path, sizeof path));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 077, 0);
	assert_int_equal(sk_rotate_state_load(dir, OLD_ID, &back, &err), SK_OK);
	assert_string_equal(back.new_id, NEW_ID);
	assert_int_equal(back.nhooks, 2);
	assert_string_equal(sk_rotate_state_hook(&back, 202), "902");
	assert_null(sk_rotate_state_hook(&back, 203));
	assert_true(back.emails_copied);
	assert_false(back.confirmed);
	assert_string_equal(sk_rotate_state_script(&back, "5c0f9c3a-1111-4a2b-8c3d-000000000001"),
			    "5c0f9c3a-1111-4a2b-8c3d-000000000002");
	assert_int_equal(back.nmetafields, 1);
	assert_string_equal(back.metafields[0], "501");
	sk_rotate_state_clear(&back);
	sk_rotate_state_clear(&st);
	assert_int_equal(sk_rotate_state_remove(dir, OLD_ID, &err), SK_OK);
	assert_int_equal(sk_rotate_state_load(dir, OLD_ID, &back, &err), SK_ERR_NOT_FOUND);
	sk_rotate_state_clear(&back);
	/* a local id that is not a UUID never becomes a path */
	assert_false(sk_rotate_state_path(dir, "../registry", path, sizeof path));
}

/* Damaged or newer: refused on load, and a save never overwrites it. */
static void refused_and_kept(const char *text, enum sk_status want)
{
	struct sk_rotate_state st, back;
	struct sk_error err;
	char path[1024], *now;
	size_t len;

	assert_true(sk_rotate_state_path(dir, OLD_ID, path, sizeof path));
	tu_write(path, text, strlen(text));
	chmod(path, 0600);
	assert_int_equal(sk_rotate_state_load(dir, OLD_ID, &back, &err), want);
	sk_rotate_state_clear(&back);
	fill(&st);
	assert_int_equal(sk_rotate_state_save(dir, &st, &err), want);
	sk_rotate_state_clear(&st);
	now = tu_read(path, &len);
	assert_non_null(now);
	assert_string_equal(now, text);
	free(now);
	unlink(path);
}

static void test_damaged(void **state)
{
	(void)state;
	refused_and_kept("{\"schema\": 1, \"old_id\": ", SK_ERR_INVALID);
	refused_and_kept("[]", SK_ERR_INVALID);
	refused_and_kept("{\"schema\": 1, \"old_id\": \"" OLD_ID "\", \"new_id\": \"\", \"hooks\": {}, "
			 "\"emails_copied\": false, \"scripts\": [], \"metafields\": [], \"confirmed\": false}",
			 SK_ERR_INVALID);
	/* a state that names another account is damaged too */
	refused_and_kept("{\"schema\": 1, \"old_id\": \"" NEW_ID "\", \"new_id\": \"\", \"hooks\": [], "
			 "\"emails_copied\": false, \"scripts\": [], \"metafields\": [], \"confirmed\": false}",
			 SK_ERR_INVALID);
}

static void test_newer(void **state)
{
	(void)state;
	refused_and_kept("{\"schema\": 2, \"old_id\": \"" OLD_ID "\", \"whatever\": true}", SK_ERR_REGISTRY_NEWER);
}

static void test_unknown_fields_kept(void **state)
{
	const char *text = "{\"schema\": 1, \"old_id\": \"" OLD_ID "\", \"new_id\": \"" NEW_ID "\", \"hooks\": [], "
			   "\"emails_copied\": false, \"scripts\": [], \"metafields\": [], \"confirmed\": true, "
			   "\"note\": \"from a later 1.x\"}";
	struct sk_rotate_state st;
	struct sk_error err;
	char *json;

	(void)state;
	assert_int_equal(sk_rotate_state_parse(text, strlen(text), &st, &err), SK_OK);
	assert_true(st.confirmed);
	json = sk_rotate_state_to_json(&st);
	assert_non_null(strstr(json, "\"note\":\t\"from a later 1.x\""));
	free(json);
	sk_rotate_state_clear(&st);
}

static void test_suggest_name(void **state)
{
	struct sk_registry reg = {0};
	struct sk_account a = {0};
	char name[SK_NAME_MAX_BYTES + 1], check[SK_NAME_MAX_BYTES + 1];
	struct sk_error err;

	(void)state;
	a.level = SK_LEVEL_STORE;
	snprintf(a.store_hash, sizeof a.store_hash, "abc123");
	snprintf(a.id, sizeof a.id, OLD_ID);
	memset(a.name, 'x', SK_NAME_MAX_CHARS);
	a.name[SK_NAME_MAX_CHARS] = '\0';
	/* 2026-12-04 00:00 UTC */
	sk_rotate_suggest_name(&reg, &a, 1796342400, name, sizeof name);
	assert_int_equal(sk_name_check_new(name, check, &err), SK_OK);
	assert_non_null(strstr(name, " rotated 2026-12-04"));
	assert_true(sk_utf8_len(name) <= SK_NAME_MAX_CHARS);
	/* taken: the next free one */
	snprintf(a.name, sizeof a.name, "Sync");
	sk_rotate_suggest_name(&reg, &a, 1796342400, name, sizeof name);
	assert_string_equal(name, "Sync rotated 2026-12-04");
	sk_registry_append(&reg, &(struct sk_account){.level = SK_LEVEL_STORE, .store_hash = "abc123",
						      .id = NEW_ID, .name = "Sync rotated 2026-12-04"});
	sk_rotate_suggest_name(&reg, &a, 1796342400, name, sizeof name);
	assert_string_equal(name, "Sync rotated 2026-12-04 2");
	sk_registry_clear(&reg);
}

static void test_metafield_fate(void **state)
{
	struct sk_metafield m = {0};

	(void)state;
	m.permission_set = "write";
	assert_non_null(strstr(sk_rotate_metafield_fate(&m), "writable by other"));
	m.permission_set = "app_only";
	assert_non_null(strstr(sk_rotate_metafield_fate(&m), "no longer exist"));
	m.permission_set = NULL;
	assert_non_null(strstr(sk_rotate_metafield_fate(&m), "unknown"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_roundtrip, setup),	     cmocka_unit_test_setup(test_damaged, setup),
		cmocka_unit_test_setup(test_newer, setup),	     cmocka_unit_test(test_unknown_fields_kept),
		cmocka_unit_test(test_suggest_name),		     cmocka_unit_test(test_metafield_fate),
	};
	return cmocka_run_group_tests_name("rotate", tests, NULL, NULL);
}
