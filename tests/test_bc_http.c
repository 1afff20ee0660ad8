/* test_bc_http.c - the HTTP client and API calls against the fake BigCommerce (tests/fakebc): statuses, faults, retries, limits. */
#include "config.h"

#include "testutil.h"

#include <cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#include "bc.h"
#include "bc_http.h"
#include "bc_parse.h"
#include "util.h"

/* Tokens and ids from tests/fakebc/seeds/test.json. */
#define TOK_ORDERS "tok-a1-orders-00000000000000000"
#define TOK_CATALOG "tok-a2-catalog-0000000000000000"
#define TOK_EVERYTHING "tok-b1-everything-0000000000000"
#define TOK_BARE "tok-b2-bare-0000000000000000000"
#define TOK_ACCOUNT "tok-acct1-admin-000000000000000"
#define ACCOUNT_UUID "a0000000-0000-4000-8000-000000000001"

struct fake {
	pid_t pid;
	char base[64];
};

static struct fake fake_a, fake_b;
static char tmpdir[4096];

/* ---- the fake server and its control API ------------------------------ */

static void fake_start(struct fake *f, const char *tag)
{
	const char *top = getenv("top_srcdir");
	const char *py = getenv("PYTHON3");
	char script[4096], seed[4096], portfile[4200], logfile[4200], out[4200];
	int port = 0;

	snprintf(script, sizeof script, "%s/tests/fakebc/fakebc.py", top && *top ? top : ".");
	snprintf(seed, sizeof seed, "%s/tests/fakebc/seeds/test.json", top && *top ? top : ".");
	snprintf(portfile, sizeof portfile, "%s/%s.port", tmpdir, tag);
	snprintf(logfile, sizeof logfile, "%s/%s.log", tmpdir, tag);
	snprintf(out, sizeof out, "%s/%s.out", tmpdir, tag);
	if (py == NULL || *py == '\0')
		py = "python3";
	f->pid = fork();
	assert_true(f->pid >= 0);
	if (f->pid == 0) {
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execlp(py, py, script, "--seed", seed, "--port-file", portfile, "--log", logfile, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 400 && port == 0; i++) {
		char *s = tu_read(portfile, NULL);

		if (s != NULL) {
			port = atoi(s);
			free(s);
		}
		if (port == 0) {
			struct timespec ts = {0, 25 * 1000 * 1000};

			if (waitpid(f->pid, NULL, WNOHANG) == f->pid)
				fail_msg("the fake BigCommerce exited; see %s", out);
			nanosleep(&ts, NULL);
		}
	}
	if (port == 0)
		fail_msg("the fake BigCommerce did not start; see %s", out);
	snprintf(f->base, sizeof f->base, "http://127.0.0.1:%d", port);
}

static void fake_stop(struct fake *f)
{
	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		waitpid(f->pid, NULL, 0);
	}
	f->pid = 0;
}

struct buf {
	char *s;
	size_t n;
};

static size_t buf_write(char *p, size_t size, size_t nmemb, void *ud)
{
	struct buf *b = ud;
	size_t k = size * nmemb;

	b->s = realloc(b->s, b->n + k + 1);
	memcpy(b->s + b->n, p, k);
	b->n += k;
	b->s[b->n] = '\0';
	return k;
}

/* A plain request to the fake's control API (no token); returns the body. */
static char *ctl(const struct fake *f, const char *method, const char *path, const char *body)
{
	CURL *c = curl_easy_init();
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	struct buf b = {0};
	char url[256];
	long status = 0;

	snprintf(url, sizeof url, "%s%s", f->base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, buf_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	if (body != NULL)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200)
		fail_msg("control %s %s -> %ld: %s", method, path, status, b.s ? b.s : "");
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return b.s ? b.s : strdup("");
}

static void ctl_post(const struct fake *f, const char *path, const char *body)
{
	free(ctl(f, "POST", path, body ? body : "{}"));
}

static void fault(const char *json)
{
	ctl_post(&fake_a, "/__fake/faults", json);
}

/*
 * Requests the fake logged whose path contains sub (NULL: all). The fake
 * logs a request just after answering it, so let it settle first.
 */
static int log_count(const struct fake *f, const char *sub)
{
	struct timespec ts = {0, 80 * 1000 * 1000};
	char *s;
	cJSON *log;
	int n = 0;

	nanosleep(&ts, NULL);
	s = ctl(f, "GET", "/__fake/log", NULL);
	log = cJSON_Parse(s);

	assert_non_null(log);
	for (cJSON *e = log->child; e != NULL; e = e->next) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");

		if (sub == NULL || (cJSON_IsString(p) && strstr(p->valuestring, sub) != NULL))
			n++;
	}
	cJSON_Delete(log);
	free(s);
	return n;
}

/* The methods of the logged requests whose path contains sub, in order: "GET PUT". */
static void log_methods(const struct fake *f, const char *sub, char *out, size_t size)
{
	struct timespec ts = {0, 80 * 1000 * 1000};
	char *s;
	cJSON *log;

	out[0] = '\0';
	nanosleep(&ts, NULL);
	s = ctl(f, "GET", "/__fake/log", NULL);
	log = cJSON_Parse(s);
	assert_non_null(log);
	for (cJSON *e = log->child; e != NULL; e = e->next) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "method");

		if (cJSON_IsString(p) && strstr(p->valuestring, sub) != NULL && cJSON_IsString(m) &&
		    strlen(out) + strlen(m->valuestring) + 2 < size) {
			if (out[0])
				strcat(out, " ");
			strcat(out, m->valuestring);
		}
	}
	cJSON_Delete(log);
	free(s);
}

/* The fake's state as JSON (caller deletes). */
static cJSON *fake_state(void)
{
	char *s = ctl(&fake_a, "GET", "/__fake/state", NULL);
	cJSON *j = cJSON_Parse(s);

	free(s);
	assert_non_null(j);
	return j;
}

static const cJSON *state_store(const cJSON *st, const char *hash)
{
	const cJSON *stores = cJSON_GetObjectItemCaseSensitive(st, "stores");

	for (const cJSON *s = stores ? stores->child : NULL; s != NULL; s = s->next) {
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(s, "hash");

		if (cJSON_IsString(h) && strcmp(h->valuestring, hash) == 0)
			return s;
	}
	fail_msg("no store %s in the fake state", hash);
	return NULL;
}

/* ---- accounts as the registry would hold them ------------------------- */

struct acct {
	struct sk_account a;
	char *scopes[24];
};

static void acct_store(struct acct *x, const char *hash, const char *client_id, const char *scope_list)
{
	char *copy = strdup(scope_list), *save = NULL;
	size_t n = 0;

	memset(x, 0, sizeof *x);
	x->a.level = SK_LEVEL_STORE;
	strcpy(x->a.store_hash, hash);
	strcpy(x->a.client_id, client_id);
	strcpy(x->a.name, "Test account");
	for (char *t = strtok_r(copy, ",", &save); t != NULL && n < 23; t = strtok_r(NULL, ",", &save))
		x->scopes[n++] = strdup(t);
	x->scopes[n] = NULL;
	x->a.scopes = x->scopes;
	x->a.nscopes = n;
	free(copy);
}

static void acct_clear(struct acct *x)
{
	for (size_t i = 0; i < x->a.nscopes; i++)
		free(x->scopes[i]);
	memset(x, 0, sizeof *x);
}

static struct acct orders, catalog, everything, bare, account;

static void accounts_init(void)
{
	acct_store(&orders, "abc123", "cid-a1-orders-00000000000000000",
		   "store_v2_information_read_only,store_v2_orders_read_only,store_v2_products");
	acct_store(&catalog, "abc123", "cid-a2-catalog-0000000000000000",
		   "store_v2_content,store_v2_information,store_v2_marketing_read_only,store_v2_products_read_only");
	acct_store(&everything, "def456", "cid-b1-everything-0000000000000",
		   "store_v2_orders_read_only,store_v2_products_read_only,store_v2_information,store_themes_read_only");
	acct_store(&bare, "def456", "cid-b2-bare-0000000000000000000", "");
	memset(&account, 0, sizeof account);
	account.a.level = SK_LEVEL_ACCOUNT;
	strcpy(account.a.account_uuid, ACCOUNT_UUID);
	strcpy(account.a.client_id, "cid-acct1-admin-000000000000000");
	strcpy(account.a.name, "Holdings Admin");
	account.a.scopes = account.scopes;
}

/* ---- fixtures ---------------------------------------------------------- */

static int group_setup(void **state)
{
	const char *base = getenv("STOREKEYS_TEST_TMP");
	struct sk_error err;

	snprintf(tmpdir, sizeof tmpdir, "%s/skhttp.XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	fake_start(&fake_a, "a");
	if (sk_bc_set_origin(fake_a.base, &err) != SK_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	accounts_init();
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[4200];

	fake_stop(&fake_a);
	fake_stop(&fake_b);
	acct_clear(&orders);
	acct_clear(&catalog);
	acct_clear(&everything);
	acct_clear(&bare);
	sk_http_global_cleanup();
	curl_global_cleanup();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Every test starts from the seed, without faults, with an empty log. */
static int reset(void **state)
{
	ctl_post(&fake_a, "/__fake/reset", NULL);
	setenv("STOREKEYS_TEST_FAST_RETRY", "1", 1);
	unsetenv("STOREKEYS_TEST_HTTP_TIMEOUT_MS");
	sk_bc_set_verbose(0);
	return 0;
}

/* A raw GET of a store path with the real client; returns the status, request count in *requests. */
static enum sk_status raw_get(const char *hash, const char *path, const char *token, const char *hint,
			      struct sk_bc_call *call, struct sk_http_req *r, struct sk_error *err)
{
	char *url = NULL;
	enum sk_status st;

	assert_int_equal(sk_http_store_url(hash, path, &url, err), SK_OK);
	st = sk_http_req_init(r, SK_HTTP_GET, url, token, NULL, err);
	free(url);
	if (st != SK_OK)
		return st;
	r->scope_hint = hint;
	return sk_http_perform(r, call, err);
}

/* ---- the calls --------------------------------------------------------- */

static void test_list_hooks(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_webhook *h = NULL;
	struct sk_error err;
	size_t n = 0;

	assert_int_equal(sk_bc_list_hooks(&catalog.a, TOK_CATALOG, &call, &h, &n, &err), SK_OK);
	assert_int_equal(n, 7);
	assert_int_equal(call.requests, 1);
	assert_int_equal(call.http_status, 200);
	assert_int_equal(h[0].id, 201);
	assert_string_equal(h[6].scope, "store/brand/updated");
	assert_false(h[6].is_active);
	sk_webhooks_free(h, n);
	assert_int_equal(log_count(&fake_a, "/v3/hooks"), 1);
}

/* 260 more hooks make two pages of 250: both are fetched and joined. */
static void test_pagination(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_webhook *h = NULL;
	struct sk_error err;
	size_t n = 0;
	CURL *c = curl_easy_init();
	struct curl_slist *hdr = NULL;
	char url[256];

	fault("{\"quota\": 100000}");
	hdr = curl_slist_append(hdr, "X-Auth-Token: " TOK_BARE);
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	snprintf(url, sizeof url, "%s/stores/def456/v3/hooks", fake_a.base);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	for (int i = 0; i < 260; i++) {
		struct buf b = {0};
		char body[160];
		long status = 0;

		size_t nev;
		const char *const *ev = sk_hook_scopes(&nev);

		/* the fake takes only official events, at most 10 hooks each */
		snprintf(body, sizeof body, "{\"scope\":\"%s\",\"destination\":\"https://x.example/%d\"}",
			 ev[(size_t)i % nev], i);
		curl_easy_setopt(c, CURLOPT_COPYPOSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, buf_write);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
		assert_int_equal(curl_easy_perform(c), CURLE_OK);
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		assert_int_equal(status, 200);
		free(b.s);
	}
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	ctl_post(&fake_a, "/__fake/log/clear", NULL);

	assert_int_equal(sk_bc_list_hooks(&bare.a, TOK_BARE, &call, &h, &n, &err), SK_OK);
	assert_int_equal(n, 260);
	assert_int_equal(call.requests, 2);
	assert_string_equal(h[259].destination, "https://x.example/259");
	sk_webhooks_free(h, n);
	assert_int_equal(log_count(&fake_a, "/v3/hooks"), 2);
}

static void test_hooks_admin(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_hooks_admin a;
	struct sk_error err;

	assert_int_equal(sk_bc_hooks_admin(&orders.a, TOK_ORDERS, &call, &a, &err), SK_OK);
	assert_int_equal(a.nhooks, 3);
	assert_string_equal(a.hooks[2].status, "deactivated");
	assert_int_equal(a.nemails, 1);
	assert_string_equal(a.emails[0], "alerts-a1@example.com");
	assert_int_equal(a.nblocked, 1);
	assert_int_equal(a.blocked[0].nreasons, 2);
	assert_true(a.blocked[0].time_left > 0 && a.blocked[0].time_left <= 170);
	sk_hooks_admin_clear(&a);

	/* account-level accounts have no webhooks */
	assert_int_equal(sk_bc_hooks_admin(&account.a, TOK_ACCOUNT, &call, &a, &err), SK_ERR_INVALID);
}

static void test_set_emails(void **state)
{
	char *good[] = {"ops@example.com", "o'brien+hooks@example.org"};
	char *evil[] = {"ops@example.com", "x@y.com\r\nX-Evil: 1"};
	struct sk_bc_call call = {0};
	struct sk_error err;
	cJSON *st;
	const cJSON *emails;
	char *stale[] = {"someone-else@example.com"};
	char methods[256];

	/* R28: a fresh GET of hooks/admin comes before the PUT */
	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	assert_int_equal(sk_bc_set_emails(&orders.a, TOK_ORDERS, &call, good, 2, NULL, 0, &err), SK_OK);
	assert_int_equal(call.http_status, 204);
	log_methods(&fake_a, "/v3/hooks/admin", methods, sizeof methods);
	assert_string_equal(methods, "GET PUT");
	st = fake_state();
	emails = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(state_store(st, "abc123"), "emails"), "cid-a1-orders-00000000000000000");
	assert_int_equal(cJSON_GetArraySize(emails), 2);
	assert_string_equal(cJSON_GetArrayItem(emails, 1)->valuestring, "o'brien+hooks@example.org");
	cJSON_Delete(st);

	/* an edit based on a list BigCommerce no longer holds writes nothing */
	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	assert_int_equal(sk_bc_set_emails(&orders.a, TOK_ORDERS, &call, good, 1, stale, 1, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "changed on BigCommerce since they were loaded"));
	log_methods(&fake_a, "/v3/hooks/admin", methods, sizeof methods);
	assert_string_equal(methods, "GET");
	/* based on what it holds: written */
	assert_int_equal(sk_bc_set_emails(&orders.a, TOK_ORDERS, &call, good, 1, good, 2, &err), SK_OK);

	/* an invalid address is refused before anything is sent (R10) */
	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	assert_int_equal(sk_bc_set_emails(&orders.a, TOK_ORDERS, &call, evil, 2, NULL, 0, &err), SK_ERR_INVALID);
	assert_null(strchr(err.msg, '\r'));
	assert_int_equal(log_count(&fake_a, NULL), 0);

	/* clearing is allowed at this level (the CLI asks for --yes) */
	assert_int_equal(sk_bc_set_emails(&orders.a, TOK_ORDERS, &call, NULL, 0, NULL, 0, &err), SK_OK);
}

static void test_set_hook_active(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_error err;
	cJSON *st;
	const cJSON *hooks;
	bool seen = false;
	char methods[256];

	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	assert_int_equal(sk_bc_set_hook_active(&orders.a, TOK_ORDERS, &call, 103, true, &err), SK_OK);
	log_methods(&fake_a, "/v3/hooks/103", methods, sizeof methods);
	assert_string_equal(methods, "GET PUT"); /* R28: a fresh read first */
	st = fake_state();
	hooks = cJSON_GetObjectItemCaseSensitive(state_store(st, "abc123"), "hooks");
	for (const cJSON *h = hooks->child; h != NULL; h = h->next)
		if (cJSON_GetObjectItemCaseSensitive(h, "id")->valuedouble == 103) {
			assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(h, "is_active")));
			assert_string_equal(cJSON_GetObjectItemCaseSensitive(h, "status")->valuestring, "active");
			seen = true;
		}
	assert_true(seen);
	cJSON_Delete(st);

	/* another account's hook is invisible: 404, named, not retried */
	call.requests = 0;
	assert_int_equal(sk_bc_set_hook_active(&orders.a, TOK_ORDERS, &call, 201, true, &err), SK_ERR_HTTP_404);
	assert_non_null(strstr(err.msg, "201"));
	assert_int_equal(call.requests, 1);
	assert_int_equal(sk_bc_set_hook_active(&orders.a, TOK_ORDERS, &call, 0, true, &err), SK_ERR_INVALID);
}

/* ---- webhook writes ---------------------------------------------------- */

#define HOOK_SECRET "hdr-secret-value-4711"

static void test_hook_destination(void **state)
{
	static const char *const good[] = {"https://hooks.example.com/bc", "https://hooks.example.com",
					   "https://hooks.example.com:443/x?y=1", "HTTPS://Hooks.Example.com/",
					   "https://[2001:db8::1]/h", "https://[2001:db8::1]:443/h"};
	static const struct {
		const char *url;
		const char *says;
	} bad[] = {
		{"http://hooks.example.com/bc", "https://"},
		{"https://hooks.example.com:8443/bc", "port 8443"},
		{"https://hooks.example.com:80", "port 80"},
		{"https://hooks.example.com:/x", "port"},
		{"https://hooks.example.com:44a3/x", "port"},
		{"https:///path", "no host"},
		{"https://:443/", "no host"},
		{"https://user:pw@hooks.example.com/", "header"},
		{"https://hooks.example.com/a b", "space"},
		{"ftp://hooks.example.com/", "https://"},
		{"hooks.example.com/bc", "https://"},
		{"", "empty"},
		{"https://[2001:db8::1/h", "]"},
	};
	struct sk_error err;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (sk_hook_check_destination(good[i], &err) != SK_OK)
			fail_msg("%s refused: %s", good[i], err.msg);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (sk_hook_check_destination(bad[i].url, &err) != SK_ERR_INVALID)
			fail_msg("%s accepted", bad[i].url);
		if (strstr(err.msg, bad[i].says) == NULL)
			fail_msg("%s: \"%s\" does not say %s", bad[i].url, err.msg, bad[i].says);
	}
	/* the URL (it may hold a key in its query) is not quoted back */
	assert_int_equal(sk_hook_check_destination("http://h.example/?key=k3y-s3cret", &err), SK_ERR_INVALID);
	assert_null(strstr(err.msg, "k3y-s3cret"));
	assert_int_equal(sk_hook_check_destination(NULL, &err), SK_ERR_INVALID);
}

static void test_hook_scopes(void **state)
{
	size_t n = 0;
	const char *const *all = sk_hook_scopes(&n);

	/* 55 events of webhooks.v3.yml (9 wildcards among them) and store/hook/deliveryException */
	assert_int_equal(n, 56);
	for (size_t i = 0; i < n; i++) {
		assert_true(sk_hook_scope_known(all[i]));
		assert_true(strncmp(all[i], "store/", 6) == 0);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(all[i], all[j]);
	}
	assert_true(sk_hook_scope_known("store/order/*"));
	assert_true(sk_hook_scope_known("store/cart/lineItem/*"));
	assert_true(sk_hook_scope_known("store/customer/payment/instrument/default/updated"));
	assert_true(sk_hook_scope_known("store/sku/inventory/order/updated"));
	assert_false(sk_hook_scope_known("store/order"));
	assert_false(sk_hook_scope_known("store/Order/created"));
	assert_false(sk_hook_scope_known("store/brand/updated"));
	assert_false(sk_hook_scope_known("store/*"));
	assert_false(sk_hook_scope_known(""));
	assert_false(sk_hook_scope_known(NULL));
}

/* The fake's hook id (from its state), or NULL. */
static const cJSON *state_hook(const cJSON *st, const char *hash, int64_t id)
{
	const cJSON *hooks = cJSON_GetObjectItemCaseSensitive(state_store(st, hash), "hooks");

	for (const cJSON *h = hooks ? hooks->child : NULL; h != NULL; h = h->next)
		if ((int64_t)cJSON_GetObjectItemCaseSensitive(h, "id")->valuedouble == id)
			return h;
	return NULL;
}

static void test_create_hook(void **state)
{
	char *names[] = {"X-Secret", "X-Plain"};
	char *values[] = {HOOK_SECRET, "plain"};
	struct sk_hook_spec spec = {.scope = "store/order/*", .destination = "https://new.example.net/orders",
				    .header_names = names, .header_values = values, .nheaders = 2, .active = -1};
	struct sk_bc_call call = {0};
	struct sk_webhook h = {0};
	struct sk_error err;
	char methods[256];
	cJSON *st;
	const cJSON *fh, *hd;

	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_OK);
	assert_true(h.id > 0);
	assert_string_equal(h.scope, "store/order/*");
	assert_true(h.is_active);
	assert_int_equal(h.nheaders, 2);
	assert_int_equal(call.requests, 1);
	log_methods(&fake_a, "/v3/hooks", methods, sizeof methods);
	assert_string_equal(methods, "POST");
	st = fake_state();
	fh = state_hook(st, "abc123", h.id);
	assert_non_null(fh);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fh, "client_id")->valuestring, "cid-a1-orders-00000000000000000");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fh, "destination")->valuestring, "https://new.example.net/orders");
	hd = cJSON_GetObjectItemCaseSensitive(fh, "headers");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(hd, "X-Secret")->valuestring, HOOK_SECRET);
	cJSON_Delete(st);
	sk_webhook_clear(&h);

	/* inactive on creation */
	spec.destination = "https://new.example.net/orders2";
	spec.active = 0;
	spec.nheaders = 0;
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_OK);
	assert_false(h.is_active);
	assert_int_equal(h.nheaders, 0);
	sk_webhook_clear(&h);

	/* the same event and destination again: BigCommerce's 422, as a sentence, without the header value */
	spec.nheaders = 2;
	spec.destination = "https://new.example.net/orders";
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_ERR_HTTP_422);
	assert_non_null(strstr(err.msg, "refused to create the webhook (422"));
	assert_non_null(strstr(err.msg, "same event"));
	assert_null(strstr(err.msg, HOOK_SECRET));

	/* refused before sending: unknown event, http, port, bad header name, a line break in a value */
	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	spec.scope = "order created";
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "not a webhook event"));
	spec.scope = "store/order/created";
	spec.destination = "http://new.example.net/orders";
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_ERR_INVALID);
	spec.destination = "https://new.example.net:8443/orders";
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "port 443"));
	spec.destination = "https://new.example.net/orders";
	names[1] = "X Plain";
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_ERR_INVALID);
	names[1] = "x-secret";
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "twice"));
	names[1] = "X-Plain";
	values[1] = "a\r\nInjected: yes";
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_ERR_INVALID);
	assert_null(strstr(err.msg, "Injected"));
	values[1] = "plain";
	spec.scope = NULL;
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_ERR_INVALID);
	assert_int_equal(log_count(&fake_a, NULL), 0);

	/* an event outside the official list is BigCommerce's to refuse: 422, named */
	spec.scope = "store/brand/updated";
	assert_int_equal(sk_bc_create_hook(&orders.a, TOK_ORDERS, &call, &spec, &h, &err), SK_ERR_HTTP_422);
	assert_non_null(strstr(err.msg, "scope: error.scope.invalid"));
	assert_int_equal(log_count(&fake_a, NULL), 1);

	/* a token that may not manage webhooks: the 403 says what to do */
	{
		struct acct stencil;

		acct_store(&stencil, "abc123", "cid-a3-stencil-0000000000000000", "store_themes_manage");
		spec.scope = "store/order/created";
		assert_int_equal(sk_bc_create_hook(&stencil.a, "tok-a3-stencil-0000000000000000", &call, &spec, &h,
						   &err),
				 SK_ERR_HTTP_403);
		assert_non_null(strstr(err.msg, "may not manage webhooks"));
		assert_non_null(strstr(err.msg, "Store-level API accounts"));
		assert_null(strstr(err.msg, HOOK_SECRET));
		acct_clear(&stencil);
	}
	/* account-level accounts have no webhooks */
	assert_int_equal(sk_bc_create_hook(&account.a, TOK_ACCOUNT, &call, &spec, &h, &err), SK_ERR_INVALID);
}

static void test_update_hook(void **state)
{
	char *names[] = {"Authorization"};
	char *values[] = {HOOK_SECRET};
	struct sk_hook_spec spec = {.destination = "https://moved.example.net/h", .header_names = names,
				    .header_values = values, .nheaders = 1, .set_headers = true, .active = 0};
	struct sk_bc_call call = {0};
	struct sk_webhook h = {0};
	struct sk_error err;
	char methods[256];
	cJSON *st;
	const cJSON *fh;

	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	assert_int_equal(sk_bc_update_hook(&orders.a, TOK_ORDERS, &call, 101, &spec, &h, &err), SK_OK);
	log_methods(&fake_a, "/v3/hooks/101", methods, sizeof methods);
	assert_string_equal(methods, "GET PUT"); /* R28: a fresh read first */
	assert_int_equal(h.id, 101);
	assert_false(h.is_active);
	assert_string_equal(h.destination, "https://moved.example.net/h");
	sk_webhook_clear(&h);
	st = fake_state();
	fh = state_hook(st, "abc123", 101);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fh, "destination")->valuestring, "https://moved.example.net/h");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(fh, "headers"),
							      "Authorization")->valuestring,
			    HOOK_SECRET);
	assert_false(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(fh, "is_active")));
	cJSON_Delete(st);

	/* clearing the headers, the rest left as is */
	memset(&spec, 0, sizeof spec);
	spec.active = -1;
	spec.set_headers = true;
	assert_int_equal(sk_bc_update_hook(&orders.a, TOK_ORDERS, &call, 101, &spec, &h, &err), SK_OK);
	assert_int_equal(h.nheaders, 0);
	assert_string_equal(h.destination, "https://moved.example.net/h");
	sk_webhook_clear(&h);

	/* another event (webhook_Put allows it) */
	spec.set_headers = false;
	spec.scope = "store/order/updated";
	assert_int_equal(sk_bc_update_hook(&orders.a, TOK_ORDERS, &call, 101, &spec, &h, &err), SK_OK);
	assert_string_equal(h.scope, "store/order/updated");
	sk_webhook_clear(&h);

	/* nothing to change, a bad destination: nothing sent */
	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	spec.scope = NULL;
	assert_int_equal(sk_bc_update_hook(&orders.a, TOK_ORDERS, &call, 101, &spec, &h, &err), SK_ERR_INVALID);
	assert_non_null(strstr(err.msg, "nothing to change"));
	spec.destination = "https://moved.example.net:444/";
	assert_int_equal(sk_bc_update_hook(&orders.a, TOK_ORDERS, &call, 101, &spec, &h, &err), SK_ERR_INVALID);
	assert_int_equal(log_count(&fake_a, NULL), 0);

	/* another account's hook: the fresh read says so and nothing is written */
	spec.destination = "https://moved.example.net/";
	memset(&call, 0, sizeof call);
	assert_int_equal(sk_bc_update_hook(&orders.a, TOK_ORDERS, &call, 201, &spec, &h, &err), SK_ERR_HTTP_404);
	assert_non_null(strstr(err.msg, "201"));
	assert_int_equal(call.requests, 1);
	log_methods(&fake_a, "/v3/hooks/201", methods, sizeof methods);
	assert_string_equal(methods, "GET");

	/* a change that makes a duplicate of hook 102: the 422 sentence */
	st = fake_state();
	fh = state_hook(st, "abc123", 102);
	spec.scope = cJSON_GetObjectItemCaseSensitive(fh, "scope")->valuestring;
	spec.destination = cJSON_GetObjectItemCaseSensitive(fh, "destination")->valuestring;
	assert_int_equal(sk_bc_update_hook(&orders.a, TOK_ORDERS, &call, 101, &spec, &h, &err), SK_ERR_HTTP_422);
	assert_non_null(strstr(err.msg, "update webhook 101"));
	cJSON_Delete(st);
}

static void test_delete_hook(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_error err;
	char methods[256];
	cJSON *st;

	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	assert_int_equal(sk_bc_delete_hook(&orders.a, TOK_ORDERS, &call, 102, &err), SK_OK);
	log_methods(&fake_a, "/v3/hooks/102", methods, sizeof methods);
	assert_string_equal(methods, "GET DELETE");
	st = fake_state();
	assert_null(state_hook(st, "abc123", 102));
	assert_non_null(state_hook(st, "abc123", 101));
	cJSON_Delete(st);
	/* gone now: the fresh read stops the second delete */
	assert_int_equal(sk_bc_delete_hook(&orders.a, TOK_ORDERS, &call, 102, &err), SK_ERR_HTTP_404);
	assert_non_null(strstr(err.msg, "does not exist"));
	/* another account's hook stays */
	assert_int_equal(sk_bc_delete_hook(&orders.a, TOK_ORDERS, &call, 201, &err), SK_ERR_HTTP_404);
	st = fake_state();
	assert_non_null(state_hook(st, "abc123", 201));
	cJSON_Delete(st);
	assert_int_equal(sk_bc_delete_hook(&orders.a, TOK_ORDERS, &call, 0, &err), SK_ERR_INVALID);
	log_methods(&fake_a, "/v3/hooks/", methods, sizeof methods);
	assert_string_equal(methods, "GET DELETE GET GET");
}

static void test_verify_store(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_verify_result v;
	struct sk_error err;

	assert_int_equal(sk_bc_verify(&orders.a, TOK_ORDERS, &call, &v, &err), SK_OK);
	assert_true(v.token_ok);
	assert_true(v.have_store_info);
	assert_string_equal(v.store.name, "Test Store Alpha");
	assert_string_equal(v.store.domain, "alpha.example");
	assert_string_equal(v.store.account_uuid, ACCOUNT_UUID);
	assert_int_equal(call.requests, 2);
	assert_true(v.rate_left >= 0 && v.rate_left < 150);

	/* no Information & settings scope recorded: /v2/store is not even tried */
	memset(&call, 0, sizeof call);
	assert_int_equal(sk_bc_verify(&bare.a, TOK_BARE, &call, &v, &err), SK_OK);
	assert_true(v.token_ok);
	assert_false(v.have_store_info);
	assert_int_equal(call.requests, 1);

	/* a dead token: 401, one request, a sentence a person can act on */
	memset(&call, 0, sizeof call);
	ctl_post(&fake_a, "/__fake/log/clear", NULL);
	assert_int_equal(sk_bc_verify(&orders.a, "tok-deleted-account-000000000000", &call, &v, &err), SK_ERR_HTTP_401);
	assert_false(v.token_ok);
	assert_int_equal(call.requests, 1);
	assert_int_equal(log_count(&fake_a, NULL), 1);
	assert_string_equal(err.msg, "BigCommerce rejected this token (was the API account deleted?)");

	/* 403 on the webhook list: authenticated, confirmed through a recorded scope's probe */
	reset(state);
	fault("{\"status\": 403, \"match\": \"/v3/hooks\"}");
	memset(&call, 0, sizeof call);
	assert_int_equal(sk_bc_verify(&orders.a, TOK_ORDERS, &call, &v, &err), SK_OK);
	assert_true(v.token_ok);
	assert_true(v.have_store_info);
	assert_int_equal(call.requests, 3);
	assert_int_equal(log_count(&fake_a, "/v2/time"), 1);
	assert_int_equal(sk_bc_verify(&bare.a, TOK_BARE, &call, &v, &err), SK_ERR_HTTP_403);
	assert_false(v.token_ok);
}

static void test_verify_account(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_verify_result v;
	struct sk_error err;

	assert_int_equal(sk_bc_verify(&account.a, TOK_ACCOUNT, &call, &v, &err), SK_OK);
	assert_true(v.token_ok);
	assert_string_equal(v.account_name, "Test Holdings");
	assert_int_equal(call.requests, 1);
	assert_int_equal(log_count(&fake_a, "/graphql"), 1);

	assert_int_equal(sk_bc_verify(&account.a, TOK_ORDERS, &call, &v, &err), SK_ERR_HTTP_401);
	assert_false(v.token_ok);
}

static const struct sk_probe_result *probe_of(const struct sk_probe_result *p, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].resource->ui_name, name) == 0)
			return &p[i];
	fail_msg("no probe row %s", name);
	return NULL;
}

static void test_probe_scopes(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_probe_result *p = NULL;
	struct sk_error err;
	size_t n = 0, probeable = 0;

	fault("{\"quota\": 100000}");
	assert_int_equal(sk_bc_probe_scopes(&orders.a, TOK_ORDERS, &call, &p, &n, &err), SK_OK);
	for (size_t i = 0; i < n; i++)
		if (p[i].resource->probe != NULL)
			probeable++;
	assert_true(probeable > 10);
	assert_int_equal(call.requests, (int)probeable);
	assert_int_equal(probe_of(p, n, "Orders")->state, SK_PROBE_GRANTED);
	assert_true(probe_of(p, n, "Orders")->recorded);
	assert_int_equal(probe_of(p, n, "Products")->state, SK_PROBE_GRANTED);
	assert_int_equal(probe_of(p, n, "Information & settings")->state, SK_PROBE_GRANTED);
	assert_int_equal(probe_of(p, n, "Content")->state, SK_PROBE_MISSING);
	assert_int_equal(probe_of(p, n, "Content")->http_status, 403);
	assert_false(probe_of(p, n, "Content")->recorded);
	assert_int_equal(probe_of(p, n, "Customers login")->state, SK_PROBE_NOT_PROBEABLE);
	free(p);

	/* a dead token stops at the first probe */
	memset(&call, 0, sizeof call);
	assert_int_equal(sk_bc_probe_scopes(&orders.a, "tok-dead-000000000000000000000", &call, &p, &n, &err),
			 SK_ERR_HTTP_401);
	assert_int_equal(call.requests, 1);
	assert_null(p);
}

static void test_metafields(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_metafield_report r;
	struct sk_error err;

	assert_int_equal(sk_bc_list_metafields(&catalog.a, TOK_CATALOG, &call, &r, &err), SK_OK);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.items[0].id, "11");
	assert_string_equal(r.items[2].key, "feed");
	assert_string_equal(r.items[2].resource_type, "product");
	assert_int_equal(r.nsrc, SK_METAFIELD_SOURCES);
	assert_false(r.src[5].asked); /* orders: no Orders scope recorded */
	sk_metafield_report_clear(&r);
	assert_int_equal(log_count(&fake_a, "/v3/store/metafields"), 1);
	assert_int_equal(log_count(&fake_a, "/v3/orders/metafields"), 0); /* no Orders scope recorded */

	assert_int_equal(sk_bc_list_metafields(&orders.a, TOK_ORDERS, &call, &r, &err), SK_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.items[0].id, "14");
	sk_metafield_report_clear(&r);
}

/* ---- statuses, retries and faults ------------------------------------- */

static void test_statuses(void **state)
{
	static const struct {
		int http;
		enum sk_status st;
		int requests; /* with STOREKEYS_TEST_FAST_RETRY */
	} cases[] = {
		{401, SK_ERR_HTTP_401, 1}, {403, SK_ERR_HTTP_403, 1}, {404, SK_ERR_HTTP_404, 1},
		{405, SK_ERR_HTTP, 1},     {408, SK_ERR_HTTP, 4},     {422, SK_ERR_HTTP_422, 1},
		{429, SK_ERR_HTTP_429, 4}, {500, SK_ERR_HTTP_5XX, 4}, {501, SK_ERR_HTTP_5XX, 1},
		{502, SK_ERR_HTTP_5XX, 4}, {503, SK_ERR_HTTP_5XX, 4}, {504, SK_ERR_HTTP_5XX, 4},
		{507, SK_ERR_HTTP_5XX, 1},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct sk_bc_call call = {0};
		struct sk_http_req r;
		struct sk_error err;
		char rule[128];

		reset(state);
		snprintf(rule, sizeof rule, "{\"status\": %d, \"retry_after\": 0, \"match\": \"/v3/hooks\"}", cases[i].http);
		fault(rule);
		assert_int_equal(raw_get("abc123", "/v3/hooks", TOK_ORDERS, "Information & settings", &call, &r, &err),
				 cases[i].st);
		if (call.requests != cases[i].requests)
			fail_msg("HTTP %d: %d requests, wanted %d", cases[i].http, call.requests, cases[i].requests);
		assert_int_equal(call.retries, cases[i].requests - 1);
		assert_int_equal(call.http_status, cases[i].http);
		assert_int_equal(log_count(&fake_a, "/v3/hooks"), cases[i].requests);
		assert_int_equal(err.code, cases[i].st);
		assert_null(strstr(err.msg, TOK_ORDERS));
		if (cases[i].http == 403)
			assert_non_null(strstr(err.msg, "\"Information & settings\" scope"));
		if (cases[i].http == 404)
			assert_non_null(strstr(err.msg, "/stores/abc123/v3/hooks"));
		sk_http_req_clear(&r);
	}
}

static void test_422_fields(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_http_req r;
	struct sk_error err;

	assert_int_equal(raw_get("abc123", "/v3/hooks?limit=0", TOK_ORDERS, NULL, &call, &r, &err), SK_ERR_HTTP_422);
	assert_non_null(strstr(err.msg, "limit: must be an integer"));
	assert_int_equal(call.requests, 1);
	sk_http_req_clear(&r);
}

/* 429 with X-Retry-After 1 on the second request, then 200: exactly two requests for the call. */
static void test_429_then_ok(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_webhook *h = NULL;
	struct sk_error err;
	size_t n = 0;

	fault("{\"fail_every\": 2, \"fail_status\": 429, \"retry_after\": 1, \"match\": \"/v3/hooks?limit\"}");
	assert_int_equal(sk_bc_list_hooks(&catalog.a, TOK_CATALOG, &call, &h, &n, &err), SK_OK);
	sk_webhooks_free(h, n);
	memset(&call, 0, sizeof call);
	assert_int_equal(sk_bc_list_hooks(&catalog.a, TOK_CATALOG, &call, &h, &n, &err), SK_OK);
	assert_int_equal(n, 7);
	assert_int_equal(call.requests, 2);
	assert_int_equal(call.retries, 1);
	sk_webhooks_free(h, n);
	assert_int_equal(log_count(&fake_a, "/v3/hooks"), 3);
}

/* The real quota: the wait honours X-Rate-Limit-Time-Reset-Ms / X-Retry-After (no test speed-up). */
static void test_429_real_wait(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_http_req r;
	struct sk_error err;

	unsetenv("STOREKEYS_TEST_FAST_RETRY");
	fault("{\"quota\": 1, \"window_ms\": 1000, \"store\": \"abc123\"}");
	assert_int_equal(raw_get("abc123", "/v3/hooks?limit=1", TOK_ORDERS, NULL, &call, &r, &err), SK_OK);
	assert_int_equal(r.rate_left, 0);
	sk_http_req_clear(&r);
	memset(&call, 0, sizeof call);
	/*
	 * No clock is read: the fake answers 429 until its own window (1 s) has passed, so two
	 * requests ending in 200 (no fast retry) prove the client waited for the reset it was given.
	 */
	assert_int_equal(raw_get("abc123", "/v3/hooks?limit=1", TOK_ORDERS, NULL, &call, &r, &err), SK_OK);
	assert_int_equal(call.requests, 2);
	assert_int_equal(call.http_status, 200);
	sk_http_req_clear(&r);
}

/* A server wait far beyond the clamp is not sat out: one request, and the message says when to retry. */
static void test_429_too_long(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_http_req r;
	struct sk_error err;

	unsetenv("STOREKEYS_TEST_FAST_RETRY");
	fault("{\"status\": 429, \"retry_after\": 999999}");
	/* one request and an answer at once (a client that sat the wait out would never return) */
	assert_int_equal(raw_get("abc123", "/v3/hooks", TOK_ORDERS, NULL, &call, &r, &err), SK_ERR_HTTP_429);
	assert_int_equal(call.requests, 1);
	assert_non_null(strstr(err.msg, "999999 s"));
	sk_http_req_clear(&r);
}

/* Issue 9 item 11: header numbers are parsed with range checks, whatever the server sends. */
static void test_header_number(void **state)
{
	static const struct {
		const char *in;
		bool ok;
		int64_t want;
	} cases[] = {
		{"0", true, 0},
		{"42", true, 42},
		{" 42", true, 42},
		{"42 \t", true, 42},
		{"\t 7\t", true, 7},
		{"0007", true, 7},
		{"1000", true, 1000},
		{"1001", true, 1000},                      /* above max: saturates */
		{"9223372036854776", true, 1000},          /* the issue's X-Retry-After */
		{"9223372036854775807", true, 1000},       /* INT64_MAX */
		{"9223372036854775808", true, 1000},       /* INT64_MAX + 1 */
		{"18446744073709551616", true, 1000},      /* beyond 64 bits: ERANGE */
		{"99999999999999999999999999999999999999999999", true, 1000},
		{"", false, 0},
		{"   ", false, 0},
		{"-1", false, 0},
		{"-9223372036854775808", false, 0},
		{"+5", false, 0},
		{"5a", false, 0},
		{"abc", false, 0},
		{"0x10", false, 0},
		{"1e3", false, 0},
		{"1.5", false, 0},
		{"1 2", false, 0},
		{"\v5", false, 0},
		{"5\r", false, 0},
		{"Wed, 21 Oct 2015 07:28:00 GMT", false, 0},
	};
	int64_t v;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		v = -12345;
		if (sk_http_header_number(cases[i].in, strlen(cases[i].in), 1000, &v) != cases[i].ok)
			fail_msg("\"%s\": wanted %s", cases[i].in, cases[i].ok ? "ok" : "refused");
		assert_int_equal(v, cases[i].ok ? cases[i].want : -12345);
	}
	/* not NUL-terminated: only n bytes count */
	assert_true(sk_http_header_number("12345", 2, 1000, &v));
	assert_int_equal(v, 12);
	assert_true(sk_http_header_number("9223372036854775807", 19, INT64_MAX, &v));
	assert_int_equal(v, INT64_MAX);
	assert_true(sk_http_header_number("9223372036854775808", 19, INT64_MAX, &v));
	assert_int_equal(v, INT64_MAX);
	assert_false(sk_http_header_number(NULL, 0, 1000, &v));
}

/* X-Retry-After: 9223372036854776 (and a Reset-Ms beyond 64 bits): one request, no overflow, a clear wait. */
static void test_429_huge_retry_after(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_http_req r;
	struct sk_error err;
	char want[64];

	unsetenv("STOREKEYS_TEST_FAST_RETRY");
	fault("{\"status\": 429, \"retry_after\": 9223372036854776}");
	assert_int_equal(raw_get("abc123", "/v3/hooks", TOK_ORDERS, NULL, &call, &r, &err), SK_ERR_HTTP_429);
	assert_int_equal(call.requests, 1);
	assert_int_equal(r.retry_after_s, SK_HTTP_HEADER_WAIT_MAX_MS / 1000);
	assert_int_equal(r.reset_ms, SK_HTTP_HEADER_WAIT_MAX_MS);
	assert_int_equal(sk_http_server_wait_ms(&r), SK_HTTP_HEADER_WAIT_MAX_MS);
	assert_int_equal(sk_http_retry_wait_ms(&r, SK_ERR_HTTP_429, 1, 0), -1);
	snprintf(want, sizeof want, "%lld s", (long long)(SK_HTTP_HEADER_WAIT_MAX_MS / 1000));
	assert_non_null(strstr(err.msg, want));
	sk_http_req_clear(&r);
	assert_int_equal(log_count(&fake_a, "/v3/hooks"), 1);
}

/* POST (the account GraphQL query) is never repeated after it was sent, except after a 429. */
static void test_post_retries(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_verify_result v;
	struct sk_error err;

	fault("{\"status\": 502, \"match\": \"/graphql\"}");
	assert_int_equal(sk_bc_verify(&account.a, TOK_ACCOUNT, &call, &v, &err), SK_ERR_HTTP_5XX);
	assert_int_equal(call.requests, 1);
	assert_int_equal(log_count(&fake_a, "/graphql"), 1);

	reset(state);
	memset(&call, 0, sizeof call);
	fault("{\"status\": 429, \"retry_after\": 1, \"match\": \"/graphql\"}");
	assert_int_equal(sk_bc_verify(&account.a, TOK_ACCOUNT, &call, &v, &err), SK_ERR_HTTP_429);
	assert_int_equal(call.requests, 4);
}

static void test_malformed(void **state)
{
	const char *rules[] = {"{\"malformed_json\": true, \"match\": \"/v3/hooks\"}",
			       "{\"truncate_json\": true, \"match\": \"/v3/hooks\"}"};

	for (size_t i = 0; i < 2; i++) {
		struct sk_bc_call call = {0};
		struct sk_webhook *h = NULL;
		struct sk_hooks_admin a;
		struct sk_error err;
		size_t n = 0;

		reset(state);
		fault(rules[i]);
		assert_int_equal(sk_bc_list_hooks(&catalog.a, TOK_CATALOG, &call, &h, &n, &err), SK_ERR_BAD_RESPONSE);
		assert_null(h);
		assert_int_equal(call.requests, 1);
		assert_non_null(strstr(err.msg, "malformed"));
		assert_int_equal(sk_bc_hooks_admin(&orders.a, TOK_ORDERS, &call, &a, &err), SK_ERR_BAD_RESPONSE);
	}
}

/* A redirect to another origin: not followed, the other server sees nothing, the Location is reported. */
static void test_redirect(void **state)
{
	struct sk_bc_call call = {0};
	struct sk_webhook *h = NULL;
	struct sk_error err;
	char rule[512];
	size_t n = 0;

	if (fake_b.pid == 0)
		fake_start(&fake_b, "b");
	ctl_post(&fake_b, "/__fake/log/clear", NULL);
	snprintf(rule, sizeof rule, "{\"redirect\": \"%s/stores/abc123/v3/hooks?limit=250&page=1\"}", fake_b.base);
	fault(rule);
	assert_int_equal(sk_bc_list_hooks(&catalog.a, TOK_CATALOG, &call, &h, &n, &err), SK_ERR_REDIRECT);
	assert_int_equal(call.requests, 1);
	assert_non_null(strstr(err.msg, fake_b.base));
	assert_int_equal(log_count(&fake_a, NULL), 1);
	assert_int_equal(log_count(&fake_b, NULL), 0);

	/* a same-origin redirect is refused as well */
	reset(state);
	snprintf(rule, sizeof rule, "{\"redirect\": \"%s/stores/abc123/v3/hooks\", \"match\": \"page=1\"}", fake_a.base);
	fault(rule);
	assert_int_equal(sk_bc_list_hooks(&catalog.a, TOK_CATALOG, &call, &h, &n, &err), SK_ERR_REDIRECT);
	assert_int_equal(log_count(&fake_a, NULL), 1);
}

static void test_too_large(void **state)
{
	const char *rules[] = {
		"{\"huge_body\": true, \"huge_bytes\": 67108864}", /* 64 MiB of valid JSON */
		"{\"huge_body\": true, \"huge_bytes\": -1}",       /* endless */
		"{\"huge_headers\": true}",                        /* 1 MiB of headers */
	};

	for (size_t i = 0; i < 3; i++) {
		struct sk_bc_call call = {0};
		struct sk_http_req r;
		struct sk_error err;

		reset(state);
		fault(rules[i]);
		assert_int_equal(raw_get("abc123", "/v3/hooks", TOK_ORDERS, NULL, &call, &r, &err), SK_ERR_TOO_LARGE);
		assert_int_equal(call.requests, 1);
		assert_true(r.len <= SK_HTTP_BODY_MAX);
		sk_http_req_clear(&r);
	}
}

static void test_timeouts(void **state)
{
	const char *rules[] = {"{\"idle\": true, \"idle_s\": 10}",
			       "{\"slow_body\": true, \"drip_ms\": 300, \"match\": \"/v3/hooks\"}"};

	setenv("STOREKEYS_TEST_HTTP_TIMEOUT_MS", "600", 1);
	for (size_t i = 0; i < 2; i++) {
		struct sk_bc_call call = {0};
		struct sk_http_req r;
		struct sk_error err;

		reset(state);
		setenv("STOREKEYS_TEST_HTTP_TIMEOUT_MS", "600", 1);
		fault(rules[i]);
		/* each attempt ends in a timeout (the server never finishes), and a GET is tried four times */
		assert_int_equal(raw_get("abc123", "/v3/hooks", TOK_ORDERS, NULL, &call, &r, &err), SK_ERR_TIMEOUT);
		assert_int_equal(call.requests, 4);
		sk_http_req_clear(&r);
	}
	unsetenv("STOREKEYS_TEST_HTTP_TIMEOUT_MS");
}

static void *cancel_later(void *p)
{
	struct timespec ts = {0, 300 * 1000 * 1000};

	nanosleep(&ts, NULL);
	*(volatile sig_atomic_t *)p = 1;
	return NULL;
}

/* The cancel flag is seen within 100 ms, during a transfer and during a wait. */
static void test_cancel(void **state)
{
	const char *rules[] = {"{\"idle\": true, \"idle_s\": 10}", "{\"status\": 429, \"retry_after\": 30}"};

	unsetenv("STOREKEYS_TEST_FAST_RETRY");
	for (size_t i = 0; i < 2; i++) {
		volatile sig_atomic_t flag = 0;
		struct sk_bc_call call = {0};
		struct sk_http_req r;
		struct sk_error err;
		pthread_t t;

		ctl_post(&fake_a, "/__fake/faults/clear", NULL);
		fault(rules[i]);
		call.cancel = &flag;
		assert_int_equal(pthread_create(&t, NULL, cancel_later, (void *)&flag), 0);
		/* the server would keep it 10 s (idle) or 30 s (Retry-After): cancelled means it stopped on the flag */
		assert_int_equal(raw_get("abc123", "/v3/hooks", TOK_ORDERS, NULL, &call, &r, &err), SK_ERR_CANCELLED);
		pthread_join(t, NULL);
		assert_int_equal(flag, 1);
		sk_http_req_clear(&r);
	}
}

/* ---- refusals before the network -------------------------------------- */

static void test_origin_rules(void **state)
{
	static const char *refused[] = {
		"http://example.com",          "http://10.0.0.1:8080",        "http://127.0.0.1.evil.test",
		"https://api.bigcommerce.com/stores/abc/v3/", "https://user:pw@api.bigcommerce.com",
		"https://api.bigcommerce.com?x=1", "https://api.bigcommerce.com#f", "ftp://127.0.0.1",
		"file:///etc/passwd",          "https://api.bigcommerce.com\r\nX-Evil: 1", "",
		"not a url",                   "http://[::2]:80",
		/* read by hand since libcurl loads lazily: each shape the parser must refuse */
		"https://:443",                "https://api.bigcommerce.com:", "https://api.bigcommerce.com:0",
		"https://api.bigcommerce.com:65536", "https://api.bigcommerce.com:80:90", "https://api.bigcommerce.com:8a",
		"https://ap%69.bigcommerce.com", "https://[::1",               "https://[nothex]:1",
		"https://[::1]x",              "https://a@",                  "://x",
		"h ttps://x",                  "https//api.bigcommerce.com",  "http://127.0.0.1@evil.test",
	};
	static const char *accepted[] = {"https://api.bigcommerce.com", "https://api.bigcommerce.com/",
					 "http://127.0.0.2:8080", "http://localhost:1", "http://[::1]:1",
					 "https://bc.internal.example:8443"};
	struct sk_error err;
	char saved[128];

	strcpy(saved, sk_bc_origin());
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		if (sk_bc_set_origin(refused[i], &err) != SK_ERR_INVALID)
			fail_msg("accepted origin %s", refused[i]);
		assert_string_equal(sk_bc_origin(), saved);
	}
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
		if (sk_bc_set_origin(accepted[i], &err) != SK_OK)
			fail_msg("refused origin %s: %s", accepted[i], err.msg);
	assert_string_equal(sk_bc_origin(), "https://bc.internal.example:8443");
	assert_int_equal(sk_bc_set_origin("HTTPS://API.BigCommerce.COM", &err), SK_OK);
	assert_string_equal(sk_bc_origin(), "https://api.bigcommerce.com");
	assert_int_equal(sk_bc_set_origin("http://[::1]:08080/", &err), SK_OK);
	assert_string_equal(sk_bc_origin(), "http://[::1]:8080");
	assert_int_equal(sk_bc_set_origin("http://LOCALHOST:1", &err), SK_OK);
	assert_string_equal(sk_bc_origin(), "http://localhost:1");
	assert_int_equal(sk_bc_set_origin(saved, &err), SK_OK);
	assert_int_equal(sk_bc_set_cacert("/nonexistent/ca.pem", &err), SK_ERR_INVALID);
}

static void test_bad_tokens_never_sent(void **state)
{
	static const char *bad[] = {"abc\r\nX-Evil: 1", "abc\n", "ab c", "abc\x01", "", "t\xc3\xa9st"};
	struct sk_http_req r;
	struct sk_error err;
	char *url = NULL;
	char *long_tok = malloc(SK_HTTP_TOKEN_MAX + 2);
	struct sk_bc_call call = {0};
	struct sk_webhook *h = NULL;
	size_t n = 0;

	assert_int_equal(sk_http_store_url("abc123", "/v3/hooks", &url, &err), SK_OK);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(sk_http_req_init(&r, SK_HTTP_GET, url, bad[i], NULL, &err), SK_ERR_INVALID);
		assert_null(r.easy);
		sk_http_req_clear(&r);
	}
	memset(long_tok, 'a', SK_HTTP_TOKEN_MAX + 1);
	long_tok[SK_HTTP_TOKEN_MAX + 1] = '\0';
	assert_int_equal(sk_http_req_init(&r, SK_HTTP_GET, url, long_tok, NULL, &err), SK_ERR_INVALID);
	free(long_tok);
	/* a URL outside the origin never gets the token */
	assert_int_equal(sk_http_req_init(&r, SK_HTTP_GET, "http://127.0.0.1:1/stores/abc123/v3/hooks", TOK_ORDERS, NULL,
					  &err),
			 SK_ERR_INTERNAL);
	free(url);
	/* hostile store hashes never become URLs (R10) */
	assert_int_equal(sk_http_store_url("ABC", "/v3/hooks", &url, &err), SK_ERR_INVALID);
	assert_int_equal(sk_http_store_url("abc/../x", "/v3/hooks", &url, &err), SK_ERR_INVALID);
	assert_int_equal(sk_http_store_url("abc123", "/v3/../hooks", &url, &err), SK_ERR_INTERNAL);
	assert_int_equal(sk_http_account_url("not-a-uuid", &url, &err), SK_ERR_INVALID);
	/* through the API as well: nothing reaches the server */
	assert_int_equal(sk_bc_list_hooks(&orders.a, "tok\r\nX-Evil: 1", &call, &h, &n, &err), SK_ERR_INVALID);
	assert_int_equal(call.requests, 0);
	assert_int_equal(log_count(&fake_a, NULL), 0);
}

/* -v and -vv show requests and headers, never the token (R7). */
static void test_verbose_masks_token(void **state)
{
	char path[4200];
	int saved = dup(2), fd;
	struct sk_bc_call call = {0};
	struct sk_webhook *h = NULL;
	struct sk_error err;
	size_t n = 0;
	char *log;

	snprintf(path, sizeof path, "%s/verbose.txt", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	sk_bc_set_verbose(2);
	fault("{\"fail_every\": 2, \"fail_status\": 503, \"match\": \"/v3/hooks\"}");
	assert_int_equal(sk_bc_list_hooks(&catalog.a, TOK_CATALOG, &call, &h, &n, &err), SK_OK);
	sk_webhooks_free(h, n);
	assert_int_equal(sk_bc_list_hooks(&catalog.a, TOK_CATALOG, &call, &h, &n, &err), SK_OK);
	sk_webhooks_free(h, n);
	sk_bc_set_verbose(0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(fd);
	log = tu_read(path, NULL);
	assert_non_null(log);
	assert_non_null(strstr(log, "GET "));
	assert_non_null(strstr(log, "X-Auth-Token: ****"));
	assert_non_null(strstr(log, "X-Rate-Limit-Requests-Left"));
	assert_non_null(strstr(log, "retrying"));
	assert_null(strstr(log, TOK_CATALOG));
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_list_hooks, reset),
		cmocka_unit_test_setup(test_pagination, reset),
		cmocka_unit_test_setup(test_hooks_admin, reset),
		cmocka_unit_test_setup(test_set_emails, reset),
		cmocka_unit_test_setup(test_set_hook_active, reset),
		cmocka_unit_test(test_hook_destination),
		cmocka_unit_test(test_hook_scopes),
		cmocka_unit_test_setup(test_create_hook, reset),
		cmocka_unit_test_setup(test_update_hook, reset),
		cmocka_unit_test_setup(test_delete_hook, reset),
		cmocka_unit_test_setup(test_verify_store, reset),
		cmocka_unit_test_setup(test_verify_account, reset),
		cmocka_unit_test_setup(test_probe_scopes, reset),
		cmocka_unit_test_setup(test_metafields, reset),
		cmocka_unit_test_setup(test_statuses, reset),
		cmocka_unit_test_setup(test_422_fields, reset),
		cmocka_unit_test_setup(test_429_then_ok, reset),
		cmocka_unit_test_setup(test_429_real_wait, reset),
		cmocka_unit_test_setup(test_429_too_long, reset),
		cmocka_unit_test_setup(test_header_number, reset),
		cmocka_unit_test_setup(test_429_huge_retry_after, reset),
		cmocka_unit_test_setup(test_post_retries, reset),
		cmocka_unit_test_setup(test_malformed, reset),
		cmocka_unit_test_setup(test_redirect, reset),
		cmocka_unit_test_setup(test_too_large, reset),
		cmocka_unit_test_setup(test_timeouts, reset),
		cmocka_unit_test_setup(test_cancel, reset),
		cmocka_unit_test_setup(test_origin_rules, reset),
		cmocka_unit_test_setup(test_bad_tokens_never_sent, reset),
		cmocka_unit_test_setup(test_verbose_masks_token, reset),
	};

	/* waits are scaled down 100 times unless a test needs the real ones */
	setenv("STOREKEYS_TEST_FAST_RETRY", "1", 1);
	return cmocka_run_group_tests_name("bc_http", tests, group_setup, group_teardown);
}
