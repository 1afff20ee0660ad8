/* test_registry.c - the registry file: round trips, R15-R19 (atomic, private, locked, versioned, contained). */
#include "config.h"

#include <fcntl.h>
#include <sys/file.h>
#include <signal.h>
#include <sys/wait.h>

#include "json_arena.h"
#include "registry.h"
#include "scopes.h"
#include "testutil.h"
#include "util.h"

static char dir[512];

static int setup(void **state)
{
	char base[512];

	tu_mkdtemp(base, sizeof base);
	snprintf(dir, sizeof dir, "%s/data/storekeys", base);
	return 0;
}

static void make_account(struct sk_account *a, const char *name, const char *hash)
{
	memset(a, 0, sizeof *a);
	assert_true(sk_uuid_new(a->id));
	a->level = SK_LEVEL_STORE;
	snprintf(a->name, sizeof a->name, "%s", name);
	snprintf(a->api_path, sizeof a->api_path, "https://api.bigcommerce.com/stores/%s/v3/", hash);
	snprintf(a->store_hash, sizeof a->store_hash, "%s", hash);
	snprintf(a->client_id, sizeof a->client_id, "client%s", name);
	for (char *p = a->client_id; *p; p++)
		if (*p == ' ')
			*p = '_';
	a->scopes = sk_xcalloc(2, sizeof *a->scopes);
	a->scopes[0] = sk_strdup("store_v2_orders_read_only");
	a->nscopes = 1;
	a->created = 1700000000;
}

struct add_req {
	const char *name, *hash;
};

static enum sk_status add_fn(struct sk_registry *reg, void *ud, struct sk_error *err)
{
	const struct add_req *r = ud;
	struct sk_account a;
	enum sk_status st = sk_registry_check_new(reg, r->name, SK_LEVEL_STORE, r->hash, NULL, err);

	if (st != SK_OK)
		return st;
	make_account(&a, r->name, r->hash);
	sk_registry_append(reg, &a);
	sk_account_clear(&a);
	return SK_OK;
}

static enum sk_status add(const char *name, const char *hash, struct sk_error *err)
{
	struct add_req r = {name, hash};

	return sk_registry_update(dir, add_fn, &r, NULL, err);
}

static char *registry_bytes(size_t *len)
{
	char path[600];

	snprintf(path, sizeof path, "%s/registry.json", dir);
	return tu_read(path, len);
}

static void test_roundtrip_and_rules(void **state)
{
	struct sk_registry reg;
	struct sk_error err;
	char name[32];
	size_t idx;

	setup(state);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK); /* no file yet: empty */
	assert_int_equal(reg.n, 0);
	sk_registry_clear(&reg);
	assert_int_equal(add("Order sync", "abc123", &err), SK_OK);
	assert_int_equal(add("Order sync", "def456", &err), SK_OK); /* same name, other store: fine */
	assert_int_equal(add("order SYNC ", "abc123", &err), SK_ERR_EXISTS);
	assert_non_null(strstr(err.msg, "already has an account"));
	assert_int_equal(add("abc", "abc123", &err), SK_ERR_INVALID);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK);
	assert_int_equal(reg.n, 2);
	assert_int_equal(sk_registry_find(&reg, "Order sync", &idx, &err), SK_ERR_AMBIGUOUS);
	assert_int_equal(sk_registry_find(&reg, "def456/Order sync", &idx, &err), SK_OK);
	assert_string_equal(reg.accounts[idx].store_hash, "def456");
	assert_int_equal(sk_registry_find(&reg, "nobody", &idx, &err), SK_ERR_NOT_FOUND);
	assert_string_equal(reg.accounts[0].scopes[0], "store_v2_orders_read_only");
	sk_registry_clear(&reg);

	/* The 51st store-level account of a store is refused (BigCommerce's limit). */
	for (int i = 2; i <= 50; i++) {
		snprintf(name, sizeof name, "acct %02d", i);
		assert_int_equal(add(name, "abc123", &err), SK_OK);
	}
	assert_int_equal(add("one too many", "abc123", &err), SK_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "50"));
	assert_int_equal(add("other store ok", "zzz999", &err), SK_OK);
}

static void test_private_files(void **state)
{
	struct sk_error err;
	struct stat st;
	char path[600];
	mode_t old = umask(0);

	setup(state);
	assert_int_equal(add("Perm check", "abc123", &err), SK_OK);
	assert_int_equal(add("Perm check 2", "abc123", &err), SK_OK);
	umask(old);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/registry.json", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(path, sizeof path, "%s/registry.json.bak", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(path, sizeof path, "%s/registry.lock", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_unsafe_refused(void **state)
{
	struct sk_registry reg;
	struct sk_error err;
	char path[600], target[600];
	char *before, *after;

	setup(state);
	assert_int_equal(add("Safe one", "abc123", &err), SK_OK);
	snprintf(path, sizeof path, "%s/registry.json", dir);
	assert_int_equal(chmod(path, 0666), 0);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_ERR_REGISTRY_UNSAFE);
	assert_non_null(strstr(err.msg, "chmod 600"));
	assert_int_equal(add("Another", "abc123", &err), SK_ERR_REGISTRY_UNSAFE);
	assert_int_equal(chmod(path, 0600), 0);

	/* A symlink planted in place of the registry is refused and its target untouched. */
	snprintf(target, sizeof target, "%s/elsewhere", dir);
	tu_write(target, "{\"precious\":1}", 14);
	before = tu_read(target, NULL);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(target, path), 0);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_ERR_REGISTRY_UNSAFE);
	assert_non_null(strstr(err.msg, "symbolic link"));
	assert_int_equal(add("Another", "abc123", &err), SK_ERR_REGISTRY_UNSAFE);
	after = tu_read(target, NULL);
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* A group-writable directory is refused too. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(chmod(dir, 0770), 0);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_ERR_REGISTRY_UNSAFE);
	assert_int_equal(chmod(dir, 0700), 0);
}

static void test_unknown_fields_survive(void **state)
{
	struct sk_error err;
	char path[600];
	char *bytes;
	const char *text =
		"{\"schema_version\":1,\"future_top\":{\"x\":[1,2]},\"accounts\":[{\"id\":"
		"\"6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"level\":\"store\",\"token_type\":\"v2v3\",\"name\":\"Kept one\","
		"\"api_path\":\"https://api.bigcommerce.com/stores/abc123/v3/\",\"client_id\":\"cid\",\"scopes\":[],"
		"\"created\":1,\"verified\":0,\"future_field\":\"keep me\"}]}";

	setup(state);
	assert_int_equal(mkdir(dir, 0700) == 0 || 1, 1);
	{
		char parent[600];

		snprintf(parent, sizeof parent, "%s", dir);
		*strrchr(parent, '/') = '\0';
		mkdir(parent, 0700);
		mkdir(dir, 0700);
	}
	snprintf(path, sizeof path, "%s/registry.json", dir);
	tu_write(path, text, strlen(text));
	chmod(path, 0600);
	assert_int_equal(add("New one", "abc123", &err), SK_OK);
	bytes = registry_bytes(NULL);
	assert_non_null(strstr(bytes, "\"future_field\":\t\"keep me\""));
	assert_non_null(strstr(bytes, "\"future_top\""));
	assert_non_null(strstr(bytes, "New one"));
	free(bytes);
}

static void write_registry(const char *text)
{
	char path[600], parent[600];

	snprintf(parent, sizeof parent, "%s", dir);
	*strrchr(parent, '/') = '\0';
	mkdir(parent, 0700);
	mkdir(dir, 0700);
	snprintf(path, sizeof path, "%s/registry.json", dir);
	tu_write(path, text, strlen(text));
	chmod(path, 0600);
}

static void test_newer_schema_read_only(void **state)
{
	struct sk_registry reg;
	struct sk_error err;
	const char *text = "{\"schema_version\":2,\"accounts\":[],\"new_thing\":true}";
	char *after;

	setup(state);
	write_registry(text);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK);
	assert_true(reg.read_only);
	sk_registry_clear(&reg);
	assert_int_equal(add("Never written", "abc123", &err), SK_ERR_REGISTRY_NEWER);
	assert_non_null(strstr(err.msg, "newer storekeys"));
	after = registry_bytes(NULL);
	assert_string_equal(after, text); /* byte-identical */
	free(after);
}

static void test_corrupt_moved_aside(void **state)
{
	static const char *const bad[] = {
		"{\"schema_version\":1,\"accounts\":[",
		"{\"schema_version\":1,\"accounts\":[]}}",
		"{\"schema_version\":1,\"schema_version\":1,\"accounts\":[]}",
		"{\"schema_version\":\"1\",\"accounts\":[]}",
		"{\"schema_version\":1,\"accounts\":[{\"id\":1}]}",
		"{\"schema_version\":1,\"accounts\":{}}",
		"[1,2,3]",
		"{\"schema_version\":1,\"accounts\":[],\"x\":\"\xff\"}",
		"{\"schema_version\":1,\"accounts\":[{\"id\":\"6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"level\":\"store\","
		"\"name\":\"abc\",\"api_path\":\"https://api.bigcommerce.com/stores/abc123/v3/\",\"client_id\":\"c\"}]}",
		"{\"schema_version\":1,\"accounts\":[{\"id\":\"6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"level\":\"store\","
		"\"name\":\"good name\",\"api_path\":\"https://evil.test/stores/abc123/v3/\",\"client_id\":\"c\"}]}",
		"",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct sk_registry reg;
		struct sk_error err;
		char cmd[1200], copy[700];
		FILE *p;

		setup(state);
		write_registry(bad[i]);
		sk_error_clear(&err);
		if (sk_registry_load(&reg, dir, &err) != SK_ERR_REGISTRY_CORRUPT)
			fail_msg("case %zu was not treated as corrupt", i);
		assert_non_null(strstr(err.msg, "moved to"));
		assert_null(registry_bytes(NULL));
		/* The copy keeps the exact bytes. */
		snprintf(cmd, sizeof cmd, "ls %s/registry.json.corrupt-* | head -1", dir);
		p = popen(cmd, "r");
		assert_non_null(fgets(copy, sizeof copy, p));
		pclose(p);
		copy[strcspn(copy, "\n")] = '\0';
		{
			char *moved = tu_read(copy, NULL);
			struct stat st;

			assert_string_equal(moved, bad[i]);
			free(moved);
			assert_int_equal(stat(copy, &st), 0);
			assert_int_equal(st.st_mode & 077, 0);
		}
	}
}

static void test_restore_backup(void **state)
{
	struct sk_registry reg;
	struct sk_error err;

	setup(state);
	assert_int_equal(add("First one", "abc123", &err), SK_OK);
	assert_int_equal(add("Second one", "abc123", &err), SK_OK); /* backup now holds "First one" only */
	{
		char path[600];

		snprintf(path, sizeof path, "%s/registry.json", dir);
		tu_write(path, "garbage", 7);
	}
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_ERR_REGISTRY_CORRUPT);
	assert_non_null(strstr(err.msg, "--restore-backup"));
	assert_int_equal(sk_registry_restore_backup(dir, &err), SK_OK);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK);
	assert_int_equal(reg.n, 1);
	assert_string_equal(reg.accounts[0].name, "First one");
	sk_registry_clear(&reg);
}

/*
 * After a damaged registry is moved aside, every load keeps saying so (no
 * silent empty registry), writers are refused, and the last good backup
 * survives until the user decides (R19, R27).
 */
static void test_damaged_stays_damaged(void **state)
{
	struct sk_registry reg;
	struct sk_error err;
	char path[600], bak[600], kept[PATH_MAX];
	char *bak_before, *bak_after;

	setup(state);
	assert_int_equal(add("First one", "abc123", &err), SK_OK);
	assert_int_equal(add("Second one", "abc123", &err), SK_OK);
	snprintf(path, sizeof path, "%s/registry.json", dir);
	snprintf(bak, sizeof bak, "%s/registry.json.bak", dir);
	bak_before = tu_read(bak, NULL);
	assert_non_null(bak_before);
	tu_write(path, "garbage", 7);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_ERR_REGISTRY_CORRUPT);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sk_registry_load(&reg, dir, &err), SK_ERR_REGISTRY_CORRUPT);
		assert_non_null(strstr(err.msg, "damaged"));
		assert_non_null(strstr(err.msg, "registry.json.corrupt-"));
		assert_non_null(strstr(err.msg, "--start-empty"));
		assert_int_equal(add("Third one", "abc123", &err), SK_ERR_REGISTRY_CORRUPT);
	}
	bak_after = tu_read(bak, NULL);
	assert_string_equal(bak_after, bak_before);
	free(bak_after);
	/* starting empty is an explicit decision, and the backup is kept aside from later rotation */
	assert_int_equal(sk_registry_start_empty(dir, kept, sizeof kept, &err), SK_OK);
	assert_non_null(strstr(kept, "registry.json.bak.kept-"));
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK);
	assert_int_equal(reg.n, 0);
	sk_registry_clear(&reg);
	assert_int_equal(add("Third one", "abc123", &err), SK_OK);
	assert_int_equal(add("Fourth one", "abc123", &err), SK_OK);
	bak_after = tu_read(kept, NULL);
	assert_string_equal(bak_after, bak_before);
	free(bak_after);
	free(bak_before);
	/* --start-empty answers only a damaged registry */
	assert_int_equal(sk_registry_start_empty(dir, kept, sizeof kept, &err), SK_ERR_USAGE);
}

/* A newer schema with a value we do not know (a new level) is newer, not damaged: left in place (R18). */
static void test_newer_unknown_value(void **state)
{
	struct sk_registry reg;
	struct sk_error err;
	const char *text = "{\"schema_version\":2,\"accounts\":[{\"id\":\"6f1b1b7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b\","
			   "\"level\":\"partner\",\"name\":\"Future kind\",\"api_path\":\"https://api.bigcommerce.com/"
			   "partners/p1\",\"client_id\":\"c\"}]}";
	char *after;
	char cmd[700];

	setup(state);
	write_registry(text);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_ERR_REGISTRY_NEWER);
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_ERR_REGISTRY_NEWER);
	assert_int_equal(add("Never written", "abc123", &err), SK_ERR_REGISTRY_NEWER);
	after = registry_bytes(NULL);
	assert_non_null(after);
	assert_string_equal(after, text);
	free(after);
	snprintf(cmd, sizeof cmd, "ls %s | grep -q -e corrupt -e damaged", dir);
	assert_int_not_equal(system(cmd), 0);
}

/* 60,000 accounts (issue 9 item 15): loading is n log n, not quadratic, counted in id comparisons. */
static void test_large_registry(void **state)
{
	enum { N = 60000 };
	struct sk_registry reg;
	struct sk_error err;
	size_t cap = (size_t)N * 220 + 64, len = 0;
	char *buf = sk_xmalloc(cap);

	len += (size_t)snprintf(buf + len, cap - len, "{\"schema_version\":1,\"accounts\":[");
	for (unsigned i = 0; i < N; i++)
		len += (size_t)snprintf(buf + len, cap - len,
					"%s{\"id\":\"%08x-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"level\":\"store\",\"name\":"
					"\"Account %u\",\"api_path\":\"https://api.bigcommerce.com/stores/s%u/v3/\","
					"\"client_id\":\"c%u\"}",
					i ? "," : "", i, i, i / 50, i);
	len += (size_t)snprintf(buf + len, cap - len, "]}");
	sk_registry_id_compares = 0;
	assert_int_equal(sk_registry_parse(&reg, buf, len, &err), SK_OK);
	assert_int_equal(reg.n, N);
	/* sorting makes about n log2 n = 950,000 comparisons; the old pairwise scan made 1.8e9 */
	assert_true(sk_registry_id_compares < 20UL * N);
	sk_registry_clear(&reg);
	/* a duplicate id far apart is still found */
	memcpy(strstr(buf + len - 300, "\"id\":\"") + 6, "00000000", 8);
	assert_int_equal(sk_registry_parse(&reg, buf, len, &err), SK_ERR_REGISTRY_CORRUPT);
	assert_non_null(strstr(err.msg, "share the id"));
	free(buf);
}

#define GOOD_ACCOUNT(id)                                                                                        \
	"{\"id\":\"" id "-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"level\":\"store\",\"name\":\"Good name\","                  \
	"\"api_path\":\"https://api.bigcommerce.com/stores/abc/v3/\",\"client_id\":\"c\"}"

/*
 * Accounts are checked as the parser reaches them (issue 12), yet the answer is the whole
 * file's, in the full load's order: not JSON, structure, schema_version, accounts list, the
 * first bad account, duplicate ids. Run without and then with the arena hooks.
 */
static void test_error_order(void **state)
{
	static const struct {
		const char *text;
		enum sk_status want;
		const char *msg;
	} cases[] = {
		{"{\"schema_version\":1,\"accounts\":[{\"id\":\"bad\"}], x", SK_ERR_REGISTRY_CORRUPT, "not valid JSON"},
		{"{\"schema_version\":1,\"accounts\":[{\"id\":\"bad\"},{\"a\":1,\"a\":2}]}", SK_ERR_REGISTRY_CORRUPT,
		 "unexpected structure"},
		{"{\"schema_version\":1,\"accounts\":[{\"id\":\"bad\"},{\"x\":[[[[[[[[[[[[[[1]]]]]]]]]]]]]]}]}",
		 SK_ERR_REGISTRY_CORRUPT, "unexpected structure"},
		{"{\"schema_version\":1,\"accounts\":[{\"id\":\"bad\"},{\"x\":[[[[[[[[[[[[[1]]]]]]]]]]]]]}]}",
		 SK_ERR_REGISTRY_CORRUPT, "account 0 has no valid id"},
		{"{\"accounts\":[{\"id\":\"bad\"}]}", SK_ERR_REGISTRY_CORRUPT, "no valid schema_version"},
		{"{\"accounts\":[{\"id\":\"bad\"}],\"schema_version\":2}", SK_ERR_REGISTRY_NEWER,
		 "(account 0 has no valid id)"},
		{"{\"schema_version\":1,\"accounts\":[" GOOD_ACCOUNT("00000001") ",{\"id\":\"bad\"},{\"level\":1}]}",
		 SK_ERR_REGISTRY_CORRUPT, "account 1 has no valid id"},
		{"{\"schema_version\":1,\"accounts\":[" GOOD_ACCOUNT("00000001") "],\"accounts\":[]}",
		 SK_ERR_REGISTRY_CORRUPT, "unexpected structure"},
		{"{\"schema_version\":1,\"accounts\":{\"0\":" GOOD_ACCOUNT("00000001") "}}", SK_ERR_REGISTRY_CORRUPT,
		 "no accounts list"},
		{"{\"schema_version\":1,\"accounts\":[" GOOD_ACCOUNT("00000001") "," GOOD_ACCOUNT("00000001") "]}",
		 SK_ERR_REGISTRY_CORRUPT, "share the id"},
		{"{\"accounts\":[" GOOD_ACCOUNT("00000001") ",{\"id\":\"bad\"}],\"schema_version\":1,\"later\":{\"accounts\":[1]}}",
		 SK_ERR_REGISTRY_CORRUPT, "account 1 has no valid id"},
		{"{\"accounts\":[" GOOD_ACCOUNT("00000001") "," GOOD_ACCOUNT("00000002") "],\"schema_version\":1,"
		 "\"later\":{\"accounts\":[1]}}",
		 SK_OK, NULL},
	};

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1)
			sk_json_arena_init();
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			struct sk_registry reg;
			struct sk_error err = {0};
			enum sk_status st = sk_registry_parse(&reg, cases[i].text, strlen(cases[i].text), &err);

			if (st != cases[i].want || (cases[i].msg && strstr(err.msg, cases[i].msg) == NULL))
				fail_msg("pass %d case %zu: status %d, \"%s\"", pass, i, (int)st, err.msg);
			if (st == SK_OK) {
				char *json = sk_registry_to_json(&reg);

				assert_int_equal(reg.n, 2);
				assert_non_null(strstr(json, "\"later\""));
				free(json);
			}
			sk_registry_clear(&reg);
		}
	}
	(void)state;
}

/* 8 processes add 25 accounts each at once: none is lost (R17). */
static void test_concurrent_writers(void **state)
{
	enum { PROCS = 8, EACH = 25 };
	struct sk_registry reg;
	struct sk_error err;
	pid_t pids[PROCS];

	setup(state);
	assert_int_equal(add("Seed account", "seed00", &err), SK_OK);
	for (int p = 0; p < PROCS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] == 0) {
			char name[32], hash[16];

			snprintf(hash, sizeof hash, "store%d", p);
			for (int i = 0; i < EACH; i++) {
				snprintf(name, sizeof name, "proc %d item %02d", p, i);
				if (add(name, hash, &err) != SK_OK) {
					fprintf(stderr, "child %d: %s\n", p, err.msg);
					_exit(1);
				}
			}
			_exit(0);
		}
	}
	for (int p = 0; p < PROCS; p++) {
		int status;

		assert_int_equal(waitpid(pids[p], &status, 0), pids[p]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK);
	assert_int_equal(reg.n, 1 + PROCS * EACH);
	sk_registry_clear(&reg);
}

/* A writer killed mid-commit leaves old or new state, and its temp file is cleaned up (R15). */
static void test_killed_writer(void **state)
{
	struct sk_registry reg;
	struct sk_error err;
	char tmp[600];

	setup(state);
	assert_int_equal(add("Before crash", "abc123", &err), SK_OK);
	snprintf(tmp, sizeof tmp, "%s/.registry.json.tmp.99999", dir);
	tu_write(tmp, "{\"half", 6); /* what a killed writer leaves */
	assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK);
	assert_int_equal(reg.n, 1);
	sk_registry_clear(&reg);
	assert_int_equal(add("After crash", "abc123", &err), SK_OK);
	assert_int_equal(access(tmp, F_OK), -1);
	for (int round = 0; round < 40; round++) {
		pid_t pid = fork();

		if (pid == 0) {
			char name[32];

			for (int i = 0;; i++) {
				snprintf(name, sizeof name, "kill %d-%d", round, i);
				add(name, "kkk111", &err);
			}
		}
		usleep(1000 + (unsigned)(round * 397) % 5000);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		assert_int_equal(sk_registry_load(&reg, dir, &err), SK_OK);
		assert_true(reg.n >= 2);
		sk_registry_clear(&reg);
	}
}

static void test_lock_timeout(void **state)
{
	struct sk_error err;
	char path[600];
	int fd;
	pid_t pid;
	int pipefd[2];
	char c;

	setup(state);
	assert_int_equal(add("Lock holder", "abc123", &err), SK_OK);
	snprintf(path, sizeof path, "%s/registry.lock", dir);
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	if (pid == 0) {
		fd = open(path, O_RDWR);
		flock(fd, LOCK_EX);
		write(pipefd[1], "x", 1);
		pause();
		_exit(0);
	}
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	setenv("STOREKEYS_LOCK_TIMEOUT_MS", "300", 1);
	assert_int_equal(add("Blocked one", "abc123", &err), SK_ERR_REGISTRY_BUSY);
	assert_non_null(strstr(err.msg, "locked"));
	/* The kernel drops the lock of a killed holder: the next writer proceeds. */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(add("Unblocked one", "abc123", &err), SK_OK);
	unsetenv("STOREKEYS_LOCK_TIMEOUT_MS");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_and_rules), cmocka_unit_test(test_private_files),
		cmocka_unit_test(test_unsafe_refused),	    cmocka_unit_test(test_unknown_fields_survive),
		cmocka_unit_test(test_newer_schema_read_only), cmocka_unit_test(test_corrupt_moved_aside),
		cmocka_unit_test(test_restore_backup),	    cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_killed_writer),	    cmocka_unit_test(test_lock_timeout),
		cmocka_unit_test(test_damaged_stays_damaged), cmocka_unit_test(test_newer_unknown_value),
		cmocka_unit_test(test_large_registry),
		cmocka_unit_test(test_error_order), /* last: it installs the arena hooks */
	};
	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
