/* test_keyring.c - libsecret against a real gnome-keyring in a private D-Bus session (R3, R4, R5). */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include "about.h"
#include "keyring.h"
#include "kr_fixture.h"
#include "registry.h"
#include "scopes.h"
#include "testutil.h"
#include "util.h"
#include "vault.h"

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

/*
 * `remove` overwrites each secret before deleting it where a provider's trash may keep the
 * item (KeePassXC, or a provider storekeys cannot name), so the trash does not show the
 * real value; gnome-keyring deletes outright, and there it writes nothing first.
 */
static void test_clear_overwrites(void **state)
{
	struct sk_keyring *kr;
	struct sk_account a;
	struct sk_error err;
	char *out = NULL;
	bool outright = sk_about_deletes_outright(NULL);

	const char *provider = getenv("STOREKEYS_TEST_PROVIDER");

	/* the harness says which: gnome-keyring (tests/with-keyring.sh) deletes outright, KeePassXC does not */
	assert_int_equal(outright, !(provider && strcmp(provider, "keepassxc") == 0));
	make_account(&a, "Overwritten first");
	assert_true(sk_uuid_new(a.id));
	assert_int_equal(sk_keyring_open(&kr, &err), SK_OK);
	assert_int_equal(sk_keyring_store(kr, &a, SK_FIELD_ACCESS_TOKEN, CANARY_TOKEN, &err), SK_OK);
	sk_keyring_test_keep_items = true; /* stop where a trash would keep the item */
	assert_int_equal(sk_keyring_clear(kr, a.id, &err), SK_OK);
	sk_keyring_test_keep_items = false;
	assert_int_equal(sk_keyring_lookup(kr, a.id, SK_FIELD_ACCESS_TOKEN, &out, &err), SK_OK);
	if (outright) {
		assert_string_equal(out, CANARY_TOKEN);
	} else {
		assert_null(strstr(out, "SKCANARY"));
		assert_int_not_equal(strlen(out), 0);
	}
	sk_secret_free(out);
	assert_int_equal(sk_keyring_clear(kr, a.id, &err), SK_OK);
	sk_keyring_close(kr);
	sk_account_clear(&a);
}

/*
 * A removal that fails after overwriting (forced here, and failing right after the
 * overwrite) writes the originals back: a failure never leaves an account with junk.
 */
static void test_clear_puts_back(void **state)
{
	struct sk_keyring *kr;
	struct sk_account a;
	struct sk_error err;
	char *out = NULL;

	make_account(&a, "Put back");
	assert_true(sk_uuid_new(a.id));
	assert_int_equal(sk_keyring_open(&kr, &err), SK_OK);
	assert_int_equal(sk_keyring_store(kr, &a, SK_FIELD_ACCESS_TOKEN, CANARY_TOKEN, &err), SK_OK);
	assert_int_equal(sk_keyring_store(kr, &a, SK_FIELD_CLIENT_SECRET, CANARY_SECRET, &err), SK_OK);
	sk_keyring_test_force_overwrite = true;
	sk_keyring_test_fail_after_overwrite = true;
	assert_int_not_equal(sk_keyring_clear(kr, a.id, &err), SK_OK);
	sk_keyring_test_fail_after_overwrite = false;
	assert_non_null(strstr(err.msg, "were put back"));
	assert_null(strstr(err.msg, "SKCANARY"));
	assert_int_equal(sk_keyring_lookup(kr, a.id, SK_FIELD_ACCESS_TOKEN, &out, &err), SK_OK);
	assert_string_equal(out, CANARY_TOKEN);
	sk_secret_free(out);
	assert_int_equal(sk_keyring_lookup(kr, a.id, SK_FIELD_CLIENT_SECRET, &out, &err), SK_OK);
	assert_string_equal(out, CANARY_SECRET);
	sk_secret_free(out);
	/* and a removal that works, overwrite and all, leaves nothing */
	assert_int_equal(sk_keyring_clear(kr, a.id, &err), SK_OK);
	sk_keyring_test_force_overwrite = false;
	assert_int_equal(sk_keyring_lookup(kr, a.id, SK_FIELD_ACCESS_TOKEN, &out, &err), SK_ERR_KEYRING_MISSING);
	sk_keyring_close(kr);
	sk_account_clear(&a);
	(void)state;
}

/* A locked collection is reported as locked, never as "missing", and nothing is written (R3, R4). */
static void test_locked(void **state)
{
	struct sk_account a;
	struct sk_error err;
	struct sk_keyring *kr;
	char *out = NULL;

	make_account(&a, "Locked test");
	assert_int_equal(sk_vault_add(dir, &a, CANARY_SECRET, CANARY_TOKEN, &err), SK_OK);
	/* The default collection of either provider (gnome-keyring or KeePassXC). */
	assert_int_equal(system("sh \"$top_srcdir/tests/keyring-ctl.sh\" lock"), 0);
	setenv("STOREKEYS_KEYRING_TIMEOUT", "3", 1);
	assert_int_not_equal(sk_keyring_open(&kr, &err), SK_OK);
	/* Headless, an unlock prompt can never complete: "locked", not a timeout (issue 14 item 2). */
	assert_int_equal(err.code, SK_ERR_KEYRING_LOCKED);
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

/* ---- the chunked load (issue 12: the audit starts on the first chunk) ---------------------------- */

#define EACH_N (SK_KEYRING_CHUNK_FIRST + 8)

struct collect {
	char ids[EACH_N * 4][37];
	char secrets[EACH_N * 4][64];
	size_t n, chunks, first, stop_after;
	bool any_locked, client_secret_seen;
};

static bool collect_chunk(void *ud, struct sk_keyring_item *items, size_t n)
{
	struct collect *c = ud;

	if (c->chunks++ == 0)
		c->first = n;
	for (size_t i = 0; i < n; i++) {
		if (items[i].field != SK_FIELD_ACCESS_TOKEN)
			c->client_secret_seen = true;
		if (items[i].locked)
			c->any_locked = true;
		if (c->n < EACH_N * 4 && items[i].secret != NULL && strlen(items[i].secret) < 64) {
			memcpy(c->ids[c->n], items[i].account_id, 37);
			strcpy(c->secrets[c->n], items[i].secret);
			c->n++;
		}
	}
	sk_keyring_items_free(items, n);
	return c->stop_after == 0 || c->chunks < c->stop_after;
}

/* The secret the chunks gave account id, or NULL. */
static const char *collected(const struct collect *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->ids[i], id) == 0)
			return c->secrets[i];
	return NULL;
}

static void test_load_each(void **state)
{
	static struct sk_account acc[EACH_N];
	static struct collect c, stopped;
	struct sk_keyring *kr;
	struct sk_keyring_item *items = NULL;
	size_t n = 0, matched = 0;
	struct sk_error err;
	char tok[64];

	/* 41 writes in a burst: KeePassXC 2.7.4 itself crashes in its background saves during such
	 * bursts (seen here; tests/keepassxc.sh covers that case and what doctor then reports). */
	if (getenv("STOREKEYS_TEST_PROVIDER") && strcmp(getenv("STOREKEYS_TEST_PROVIDER"), "keepassxc") == 0) {
		print_message("skip: a burst of 41 writes crashes KeePassXC 2.7.4 itself; tests/keepassxc.sh covers bursts\n");
		skip();
	}
	assert_int_equal(sk_keyring_open(&kr, &err), SK_OK);
	for (size_t i = 0; i < EACH_N; i++) {
		char name[32];

		snprintf(name, sizeof name, "Chunked %02zu", i);
		make_account(&acc[i], name);
		assert_true(sk_uuid_new(acc[i].id));
		snprintf(tok, sizeof tok, "tok-%s", acc[i].id);
		assert_int_equal(sk_keyring_store(kr, &acc[i], SK_FIELD_ACCESS_TOKEN, tok, &err), SK_OK);
	}
	/* a client secret too: the load of access tokens must not hand it over */
	assert_int_equal(sk_keyring_store(kr, &acc[0], SK_FIELD_CLIENT_SECRET, CANARY_SECRET, &err), SK_OK);

	assert_int_equal(sk_keyring_load_field_each(kr, SK_FIELD_ACCESS_TOKEN, collect_chunk, &c, &err), SK_OK);
	assert_true(c.chunks >= 2);
	assert_int_equal(c.first, SK_KEYRING_CHUNK_FIRST);
	assert_false(c.client_secret_seen);
	assert_false(c.any_locked);
	for (size_t i = 0; i < EACH_N; i++) {
		snprintf(tok, sizeof tok, "tok-%s", acc[i].id);
		assert_non_null(collected(&c, acc[i].id));
		assert_string_equal(collected(&c, acc[i].id), tok);
	}
	/* the same items, secrets and all, as the load in one piece */
	assert_int_equal(sk_keyring_load_field(kr, SK_FIELD_ACCESS_TOKEN, &items, &n, &err), SK_OK);
	assert_int_equal(n, c.n);
	for (size_t i = 0; i < n; i++) {
		const char *got = collected(&c, items[i].account_id);

		assert_non_null(got);
		assert_string_equal(got, items[i].secret);
		matched++;
	}
	assert_int_equal(matched, c.n);
	sk_keyring_items_free(items, n);

	/* a chunk function that wants no more ends the load after its chunk */
	stopped.stop_after = 1;
	assert_int_equal(sk_keyring_load_field_each(kr, SK_FIELD_ACCESS_TOKEN, collect_chunk, &stopped, &err),
			 SK_ERR_CANCELLED);
	assert_int_equal(stopped.chunks, 1);
	assert_int_equal(stopped.n, SK_KEYRING_CHUNK_FIRST);

	for (size_t i = 0; i < EACH_N; i++) {
		assert_int_equal(sk_keyring_clear(kr, acc[i].id, &err), SK_OK);
		sk_account_clear(&acc[i]);
	}
	sk_keyring_close(kr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_lookup_clear),
		cmocka_unit_test(test_attributes_hold_no_secret),
		cmocka_unit_test(test_locked),
		cmocka_unit_test(test_clear_overwrites),
		cmocka_unit_test(test_clear_puts_back),
		cmocka_unit_test(test_load_each),
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
