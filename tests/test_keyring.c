/* test_keyring.c - libsecret against a real gnome-keyring in a private D-Bus session (R3, R4, R5). */
#include "config.h"

#include <sys/wait.h>

#include "keyring.h"
#include "registry.h"
#include "testutil.h"
#include "util.h"
#include "vault.h"

#define CANARY_TOKEN "SKCANARYtoken0123456789abcdef0123"
#define CANARY_SECRET "SKCANARYsecret0123456789abcdef0123"

static char dir[512];

static void make_account(struct sk_account *a, const char *name)
{
	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", name);
	snprintf(a->api_path, sizeof a->api_path, "https://api.bigcommerce.com/stores/abc123/v3/");
	snprintf(a->client_id, sizeof a->client_id, "clientid%zu", strlen(name));
	a->scopes = sk_xcalloc(1, sizeof *a->scopes);
}

static int count_items(const char *account_id)
{
	struct sk_keyring *kr;
	struct sk_keyring_item *items;
	size_t n;
	struct sk_error err;
	int cnt = 0;

	assert_int_equal(sk_keyring_open(&kr, &err), SK_OK);
	assert_int_equal(sk_keyring_list(kr, false, &items, &n, &err), SK_OK);
	for (size_t i = 0; i < n; i++)
		if (account_id == NULL || strcmp(items[i].account_id, account_id) == 0)
			cnt++;
	sk_keyring_items_free(items, n);
	sk_keyring_close(kr);
	return cnt;
}

static void test_store_lookup_clear(void **state)
{
	struct sk_keyring *kr;
	struct sk_account a;
	struct sk_error err;
	char *out = NULL;

	make_account(&a, "Keyring basic");
	assert_true(sk_uuid_new(a.id));
	assert_int_equal(sk_keyring_open(&kr, &err), SK_OK);
	assert_int_equal(sk_keyring_store(kr, &a, SK_FIELD_ACCESS_TOKEN, CANARY_TOKEN, &err), SK_OK);
	/* Store is an upsert: storing again leaves exactly one item. */
	assert_int_equal(sk_keyring_store(kr, &a, SK_FIELD_ACCESS_TOKEN, CANARY_TOKEN "x", &err), SK_OK);
	assert_int_equal(count_items(a.id), 1);
	assert_int_equal(sk_keyring_lookup(kr, a.id, SK_FIELD_ACCESS_TOKEN, &out, &err), SK_OK);
	assert_string_equal(out, CANARY_TOKEN "x");
	sk_secret_free(out);
	assert_int_equal(sk_keyring_lookup(kr, a.id, SK_FIELD_CLIENT_SECRET, &out, &err), SK_ERR_KEYRING_MISSING);
	assert_null(out);
	assert_int_equal(sk_keyring_clear(kr, a.id, &err), SK_OK);
	assert_int_equal(count_items(a.id), 0);
	/* An empty pattern would match everything: refused. */
	assert_int_equal(sk_keyring_clear(kr, "", &err), SK_ERR_INTERNAL);
	sk_keyring_close(kr);
	sk_account_clear(&a);
}

/* Attributes and labels are not secret storage: the canary must not be in them (R2). */
static void test_attributes_hold_no_secret(void **state)
{
	struct sk_account a;
	struct sk_error err;
	char cmd[256];
	FILE *p;
	char line[1024];
	int lines = 0;

	make_account(&a, "Attribute check");
	assert_int_equal(sk_vault_add(dir, &a, CANARY_SECRET, CANARY_TOKEN, &err), SK_OK);
	snprintf(cmd, sizeof cmd, "secret-tool search --all xdg:schema %s 2>&1", SK_KEYRING_SCHEMA);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof line, p)) {
		lines++;
		if (strncmp(line, "secret = ", 9) == 0)
			continue; /* secret-tool prints the secret itself; that is the keyring's job */
		assert_null(strstr(line, "SKCANARY"));
	}
	pclose(p);
	assert_true(lines > 5);
	assert_int_equal(sk_vault_remove(dir, a.id, &err), SK_OK);
	sk_account_clear(&a);
}

static void test_vault_add_remove(void **state)
{
	struct sk_account a, b;
	struct sk_registry reg;
	struct sk_error err;
	struct sk_keyring *kr;
	char *out;

	make_account(&a, "Vault account");
	assert_int_equal(sk_vault_add(dir, &a, CANARY_SECRET, CANARY_TOKEN, &err), SK_OK);
	assert_true(sk_uuid_valid(a.id));
	assert_int_equal(count_items(a.id), 2);
	assert_int_equal(sk_keyring_open(&kr, &err), SK_OK);
	assert_int_equal(sk_keyring_lookup(kr, a.id, SK_FIELD_CLIENT_SECRET, &out, &err), SK_OK);
	assert_string_equal(out, CANARY_SECRET);
	sk_secret_free(out);
	sk_keyring_close(kr);

	/* A refused duplicate writes nothing to the keyring. */
	make_account(&b, "vault ACCOUNT");
	assert_int_equal(sk_vault_add(dir, &b, CANARY_SECRET, CANARY_TOKEN, &err), SK_ERR_EXISTS);
	assert_int_equal(count_items(NULL), 2);
	sk_account_clear(&b);
	/* A token with CR/LF never reaches the keyring or a header (R10). */
	make_account(&b, "Header smuggler");
	assert_int_equal(sk_vault_add(dir, &b, CANARY_SECRET, "tok\r\nX-Evil: 1", &err), SK_ERR_INVALID);
	assert_null(strstr(err.msg, "X-Evil"));
	assert_int_equal(count_items(NULL), 2);
	sk_account_clear(&b);

	assert_int_equal(sk_vault_remove(dir, a.id, &err), SK_OK);
	assert_int_equal(count_items(a.id), 0);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK);
	assert_int_equal(reg.n, 0);
	sk_registry_clear(&reg);
	sk_account_clear(&a);
}

static enum sk_status forget_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	sk_registry_remove(reg, 0);
	return SK_OK;
}

/* An interrupted add leaves orphan secrets; an interrupted delete a dangling entry: doctor finds and fixes both (R5). */
static void test_doctor(void **state)
{
	struct sk_account a, b;
	struct sk_error err;
	struct sk_doctor_report rep;
	struct sk_keyring *kr;

	make_account(&a, "Will be orphaned");
	assert_int_equal(sk_vault_add(dir, &a, CANARY_SECRET, CANARY_TOKEN, &err), SK_OK);
	assert_int_equal(sk_registry_update(dir, forget_fn, NULL, NULL, &err), SK_OK);
	make_account(&b, "Will dangle");
	assert_int_equal(sk_vault_add(dir, &b, CANARY_SECRET, CANARY_TOKEN, &err), SK_OK);
	assert_int_equal(sk_keyring_open(&kr, &err), SK_OK);
	assert_int_equal(sk_keyring_clear(kr, b.id, &err), SK_OK);
	sk_keyring_close(kr);

	assert_int_equal(sk_vault_doctor(dir, false, &rep, &err), SK_OK);
	assert_true(rep.keyring_ok);
	assert_int_equal(rep.norphans, 1);
	assert_string_equal(rep.orphans[0], a.id);
	assert_int_equal(rep.ndangling, 1);
	assert_string_equal(rep.dangling[0], b.id);
	sk_doctor_report_clear(&rep);
	assert_int_equal(sk_vault_doctor(dir, true, &rep, &err), SK_OK);
	sk_doctor_report_clear(&rep);
	assert_int_equal(sk_vault_doctor(dir, false, &rep, &err), SK_OK);
	assert_int_equal(rep.norphans + rep.ndangling, 0);
	sk_doctor_report_clear(&rep);
	assert_int_equal(count_items(NULL), 0);
	sk_account_clear(&a);
	sk_account_clear(&b);
}

/* A locked collection is reported as locked, never as "missing", and nothing is written (R3, R4). */
static void test_locked(void **state)
{
	struct sk_account a;
	struct sk_error err;
	struct sk_keyring *kr;
	char *out = NULL;
	int64_t t0;

	make_account(&a, "Locked test");
	assert_int_equal(sk_vault_add(dir, &a, CANARY_SECRET, CANARY_TOKEN, &err), SK_OK);
	/* The default collection of either provider (gnome-keyring or KeePassXC). */
	assert_int_equal(system("sh \"$top_srcdir/tests/keyring-ctl.sh\" lock"), 0);
	setenv("STOREKEYS_KEYRING_TIMEOUT", "3", 1);
	t0 = sk_now_ms();
	assert_int_not_equal(sk_keyring_open(&kr, &err), SK_OK);
	/* Headless, an unlock prompt can never complete: "locked", not a timeout (issue 14 item 2). */
	assert_int_equal(err.code, SK_ERR_KEYRING_LOCKED);
	assert_true(sk_now_ms() - t0 < 5000);
	assert_null(strstr(err.msg, "SKCANARY"));
	{
		struct sk_account b;

		make_account(&b, "Added while locked");
		assert_int_not_equal(sk_vault_add(dir, &b, CANARY_SECRET, CANARY_TOKEN, &err), SK_OK);
		sk_account_clear(&b);
	}
	{
		struct sk_registry reg;

		assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK);
		assert_int_equal(reg.n, 1);
		sk_registry_clear(&reg);
	}
	(void)out;
	unsetenv("STOREKEYS_KEYRING_TIMEOUT");
	/* Unlock again for later tests, without a prompt. */
	assert_int_equal(system("sh \"$top_srcdir/tests/keyring-ctl.sh\" unlock"), 0);
	assert_int_equal(sk_vault_remove(dir, a.id, &err), SK_OK);
	sk_account_clear(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_lookup_clear), cmocka_unit_test(test_attributes_hold_no_secret),
		cmocka_unit_test(test_vault_add_remove),   cmocka_unit_test(test_doctor),
		cmocka_unit_test(test_locked),
	};
	char base[512];

	if (getenv("STOREKEYS_TEST_KEYRING") == NULL) {
		printf("test_keyring: not inside tests/with-keyring.sh; refusing to touch your keyring\n");
		return 77;
	}
	tu_mkdtemp(base, sizeof base);
	snprintf(dir, sizeof dir, "%s/storekeys", base);
	return cmocka_run_group_tests_name("keyring", tests, NULL, NULL);
}
