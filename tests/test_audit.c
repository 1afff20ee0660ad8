/* test_audit.c - the audit's pure parts: per-store rate-limit budget, result filling, summary, verdict, findings. */
#include "config.h"

#include "audit.h"
#include "bc_parse.h"
#include "testutil.h"
#include "registry.h"
#include "util.h"

#define PER 8

static void test_budget_unknown_window_probes(void **state)
{
	struct sk_audit_budget b;
	int64_t wake = -1;

	sk_audit_budget_init(&b);
	/* nothing known yet: only a probe's worth in flight */
	assert_int_equal(sk_audit_budget_room(&b, 1000, PER, 0, &wake), SK_AUDIT_PROBE);
	assert_int_equal(wake, 0);
	b.inflight = SK_AUDIT_PROBE;
	assert_int_equal(sk_audit_budget_room(&b, 1000, PER, 0, &wake), 0);
	assert_int_equal(wake, 0); /* an answer will come: no timer needed */
	/* a per-store bound below the probe wins */
	b.inflight = 0;
	assert_int_equal(sk_audit_budget_room(&b, 1000, 1, 0, NULL), 1);
}

static void test_budget_opens_after_first_answer(void **state)
{
	struct sk_audit_budget b;
	int64_t wake = -1;

	sk_audit_budget_init(&b);
	b.inflight = 1;
	sk_audit_budget_update(&b, 1000, 200, 148, 30000);
	assert_int_equal(b.left, 148);
	assert_int_equal(b.reset_at, 31000);
	/* plenty left: the per-store bound decides */
	assert_int_equal(sk_audit_budget_room(&b, 1010, PER, 0, &wake), PER - 1);
	assert_int_equal(wake, 0);
}

static void test_budget_low_left_holds_until_reset(void **state)
{
	struct sk_audit_budget b;
	int64_t wake = -1;

	sk_audit_budget_init(&b);
	sk_audit_budget_update(&b, 1000, 200, 3, 5000);
	/* 3 left, 2 in flight (maybe not counted yet): 1 more */
	b.inflight = 2;
	assert_int_equal(sk_audit_budget_room(&b, 1100, PER, 0, &wake), 1);
	/* a reserve for other apps is kept */
	assert_int_equal(sk_audit_budget_room(&b, 1100, PER, 1, &wake), 0);
	assert_int_equal(wake, 6000 + SK_AUDIT_RESET_MARGIN_MS);
	/* the window is spent: wait for the reset, then probe again */
	b.inflight = 0;
	sk_audit_budget_update(&b, 1200, 200, 0, 4800);
	assert_int_equal(sk_audit_budget_room(&b, 1300, PER, 0, &wake), 0);
	assert_int_equal(wake, 6000 + SK_AUDIT_RESET_MARGIN_MS);
	assert_int_equal(sk_audit_budget_room(&b, 6000, PER, 0, &wake), 0);
	assert_int_equal(sk_audit_budget_room(&b, 6000 + SK_AUDIT_RESET_MARGIN_MS, PER, 0, &wake), SK_AUDIT_PROBE);
	assert_int_equal(wake, 0);
}

static void test_budget_out_of_order_answers(void **state)
{
	struct sk_audit_budget b;

	sk_audit_budget_init(&b);
	sk_audit_budget_update(&b, 1000, 200, 10, 20000);
	/* an older answer (more left) arriving later in the same window does not raise the budget */
	sk_audit_budget_update(&b, 1050, 200, 12, 19990);
	assert_int_equal(b.left, 10);
	sk_audit_budget_update(&b, 1100, 200, 9, 19890);
	assert_int_equal(b.left, 9);
	assert_int_equal(b.reset_at, 21040); /* the later estimate is kept: conservative */
	/* an answer from the next window (reset far later) replaces it */
	sk_audit_budget_update(&b, 21500, 200, 149, 29500);
	assert_int_equal(b.left, 149);
	assert_int_equal(b.reset_at, 51000);
	/* so does one whose window clearly ends later, even before our estimate passed */
	sk_audit_budget_init(&b);
	sk_audit_budget_update(&b, 1000, 200, 1, 500);
	sk_audit_budget_update(&b, 1400, 200, 4, 1000);
	assert_int_equal(b.left, 4);
	assert_int_equal(b.reset_at, 2400);
}

static void test_budget_429_and_missing_headers(void **state)
{
	struct sk_audit_budget b;
	int64_t wake;

	sk_audit_budget_init(&b);
	sk_audit_budget_update(&b, 1000, 200, 50, 10000);
	/* an answer without rate-limit headers (e.g. a 500) changes nothing */
	sk_audit_budget_update(&b, 1100, 500, -1, -1);
	assert_int_equal(b.left, 50);
	/* a 429 empties the window, and the hold stops the store until the retry time */
	sk_audit_budget_update(&b, 1200, 429, 0, 8800);
	assert_int_equal(b.left, 0);
	sk_audit_budget_hold(&b, 12000);
	sk_audit_budget_hold(&b, 5000); /* a shorter hold never shortens it */
	assert_int_equal(b.hold_until, 12000);
	assert_int_equal(sk_audit_budget_room(&b, 11500, PER, 0, &wake), 0);
	assert_int_equal(wake, 12000);
	assert_int_equal(sk_audit_budget_room(&b, 12000, PER, 0, &wake), SK_AUDIT_PROBE);
	/* a 429 without headers (platform load) also empties what we know */
	sk_audit_budget_init(&b);
	sk_audit_budget_update(&b, 1000, 429, -1, -1);
	assert_int_equal(b.left, 0);
	assert_true(b.reset_at > 1000);
	assert_int_equal(sk_audit_budget_room(&b, 1000, PER, 0, &wake), 0);
	assert_true(wake > 1000);
}

static const char admin_json[] =
	"{\"data\":{\"emails\":[],"
	"\"hooks_list\":["
	"{\"id\":1,\"client_id\":\"c\",\"store_hash\":\"abc\",\"scope\":\"store/order/created\","
	"\"destination\":\"https://a.example/x\",\"headers\":{\"Authorization\":\"Basic c2VjcmV0\"},"
	"\"is_active\":true,\"created_at\":1,\"updated_at\":2,\"status\":\"active\"},"
	"{\"id\":2,\"client_id\":\"c\",\"store_hash\":\"abc\",\"scope\":\"store/order/updated\","
	"\"destination\":\"https://a.example/y\",\"headers\":null,\"is_active\":false,\"created_at\":1,"
	"\"updated_at\":2,\"status\":\"inactive\"},"
	"{\"id\":3,\"client_id\":\"c\",\"store_hash\":\"abc\",\"scope\":\"store/cart/*\","
	"\"destination\":\"https://b.example/z\",\"headers\":null,\"is_active\":false,\"created_at\":1,"
	"\"updated_at\":2,\"status\":\"deactivated\"},"
	"{\"id\":4,\"client_id\":\"c\",\"store_hash\":\"abc\",\"scope\":\"store/cart/created\","
	"\"destination\":\"https://b.example/w\",\"headers\":null,\"is_active\":false,\"created_at\":1,"
	"\"updated_at\":2}],"
	"\"blocked_domains\":[{\"destination\":\"https://b.example\",\"time_left\":120,"
	"\"reasons\":[{\"failure_description\":\"HTTP 500\",\"count\":3,\"timestamp\":1700000000}]}]},"
	"\"meta\":{\"pagination\":{\"total\":4,\"count\":4,\"per_page\":50,\"current_page\":1,\"total_pages\":1}}}";

static void parse_into(struct sk_audit_result *r, const char *json)
{
	struct sk_error err;
	int pages = 0;

	memset(r, 0, sizeof *r);
	assert_int_equal(sk_parse_hooks_admin(json, strlen(json), &r->admin, &pages, &err), SK_OK);
	assert_int_equal(pages, 1);
	r->outcome = SK_AUDIT_CHECKED;
	r->token = SK_AUDIT_TOKEN_OK;
	sk_audit_result_fill(r);
}

static void test_result_fill(void **state)
{
	struct sk_audit_result r;

	parse_into(&r, admin_json);
	assert_int_equal(r.admin.nhooks, 4);
	assert_int_equal(r.hooks_active, 1);
	/* a hook without "status" falls back to is_active */
	assert_string_equal(sk_audit_hook_status(&r.admin.hooks[3]), "inactive");
	assert_int_equal(r.hooks_inactive, 2);
	assert_int_equal(r.hooks_deactivated, 1);
	assert_int_equal(r.hooks_other, 0);
	/* webhooks but nobody to mail */
	assert_true(r.no_email);
	assert_true(sk_audit_result_has_findings(&r));
	/* custom headers (destination credentials) are gone */
	for (size_t i = 0; i < r.admin.nhooks; i++) {
		assert_int_equal(r.admin.hooks[i].nheaders, 0);
		assert_null(r.admin.hooks[i].header_values);
	}
	assert_int_equal(r.admin.nblocked, 1);
	assert_int_equal(r.admin.blocked[0].time_left, 120);
	sk_hooks_admin_clear(&r.admin);

	/* no hooks and no e-mails: nothing to be told about, so not a finding */
	parse_into(&r, "{\"data\":{\"emails\":[],\"hooks_list\":[],\"blocked_domains\":[]},\"meta\":{}}");
	assert_false(r.no_email);
	assert_false(sk_audit_result_has_findings(&r));
	sk_hooks_admin_clear(&r.admin);

	/* an unknown status is counted apart and is a finding */
	parse_into(&r, "{\"data\":{\"emails\":[\"a@b.example\"],\"hooks_list\":[{\"id\":9,\"scope\":\"store/x\","
		       "\"destination\":\"https://c.example\",\"is_active\":true,\"created_at\":1,\"updated_at\":1,"
		       "\"status\":\"paused\"}],\"blocked_domains\":[]},\"meta\":{}}");
	assert_int_equal(r.hooks_other, 1);
	assert_false(r.no_email);
	assert_true(sk_audit_result_has_findings(&r));
	sk_hooks_admin_clear(&r.admin);
}

static void test_summary_and_verdict(void **state)
{
	struct sk_audit a;
	struct sk_audit_summary s;

	memset(&a, 0, sizeof a);
	a.n = 4;
	a.results = sk_xcalloc(4, sizeof *a.results);
	parse_into(&a.results[0], "{\"data\":{\"emails\":[\"a@b.example\"],\"hooks_list\":[{\"id\":9,"
				  "\"scope\":\"store/x\",\"destination\":\"https://c.example\",\"is_active\":true,"
				  "\"created_at\":1,\"updated_at\":1,\"status\":\"active\"}],\"blocked_domains\":[]},"
				  "\"meta\":{}}");
	a.results[0].requests = 1;
	a.results[1].outcome = SK_AUDIT_SKIPPED;
	a.results[2].outcome = SK_AUDIT_CHECKED;
	a.results[2].requests = 2;
	a.results[2].rate_limited = 1;
	a.results[2].retries = 1;
	a.results[3].outcome = SK_AUDIT_CHECKED;

	/* all clean: checked accounts without findings and a skipped one */
	sk_audit_summarize(&a, &s);
	assert_int_equal(s.accounts, 4);
	assert_int_equal(s.checked, 3);
	assert_int_equal(s.skipped, 1);
	assert_int_equal(s.hooks, 1);
	assert_int_equal(s.requests, 3);
	assert_int_equal(s.rate_limited, 1);
	assert_int_equal(s.retries, 1);
	assert_int_equal(sk_audit_verdict(&s, false), SK_OK);

	/* a dead token is a finding */
	a.results[3].outcome = SK_AUDIT_DEAD_TOKEN;
	a.results[3].token = SK_AUDIT_TOKEN_DEAD;
	sk_audit_summarize(&a, &s);
	assert_int_equal(s.dead, 1);
	assert_int_equal(s.with_findings, 1);
	assert_int_equal(sk_audit_verdict(&s, false), SK_ERR_FINDINGS);

	/* an account that could not be checked makes it partial, findings or not */
	a.results[2].outcome = SK_AUDIT_UNREACHABLE;
	sk_audit_summarize(&a, &s);
	assert_int_equal(s.unreachable, 1);
	assert_int_equal(s.limited + s.no_answer, 0);
	a.results[2].reason = SK_AUDIT_REASON_NO_ANSWER;
	sk_audit_summarize(&a, &s);
	assert_int_equal(s.no_answer, 1);
	assert_int_equal(sk_audit_verdict(&s, false), SK_ERR_PARTIAL);
	a.results[2].reason = SK_AUDIT_REASON_RATE_LIMITED;
	sk_audit_summarize(&a, &s);
	assert_int_equal(s.limited, 1);
	assert_int_equal(s.no_answer, 0);
	assert_int_equal(sk_audit_verdict(&s, false), SK_ERR_PARTIAL);
	assert_int_equal(sk_status_exit_code(SK_ERR_PARTIAL), 50);
	assert_int_equal(sk_status_exit_code(SK_ERR_FINDINGS), 52);

	/* cancelled wins, and pending accounts count as not checked */
	a.results[2].outcome = SK_AUDIT_PENDING;
	sk_audit_summarize(&a, &s);
	assert_int_equal(s.pending, 1);
	assert_int_equal(sk_audit_verdict(&s, false), SK_ERR_PARTIAL);
	assert_int_equal(sk_audit_verdict(&s, true), SK_ERR_CANCELLED);

	assert_string_equal(sk_audit_outcome_name(SK_AUDIT_DEAD_TOKEN), "dead_token");
	assert_string_equal(sk_audit_reason_name(SK_AUDIT_REASON_RATE_LIMITED), "rate_limited");
	assert_string_equal(sk_audit_reason_name(SK_AUDIT_REASON_NO_ANSWER), "no_answer");
	assert_null(sk_audit_reason_name(SK_AUDIT_REASON_NONE));
	assert_string_equal(sk_audit_outcome_name(SK_AUDIT_PENDING), "pending");
	sk_audit_clear(&a);
	assert_null(a.results);
}

/* ---- the findings walk both summaries print ---- */

struct walked {
	char lines[16][512];
	size_t n;
	const struct sk_registry *reg;
	int64_t now;
};

static void walk_section(void *ud, enum sk_audit_finding_kind kind, const char *title)
{
	struct walked *w = ud;

	assert_true(w->n < 16);
	snprintf(w->lines[w->n++], sizeof w->lines[0], "%d %s", (int)kind, title);
}

static void walk_finding(void *ud, const struct sk_audit_finding *f)
{
	struct walked *w = ud;
	char text[2048];

	assert_true(w->n < 16);
	snprintf(w->lines[w->n++], sizeof w->lines[0], "  %s", sk_audit_finding_text(w->reg, f, w->now, text, sizeof text));
}

static void account(struct sk_registry *reg, const char *hash, const char *name)
{
	struct sk_account a;

	memset(&a, 0, sizeof a);
	sk_uuid_new(a.id);
	a.level = SK_LEVEL_STORE;
	sk_strlcpy(a.store_hash, hash, sizeof a.store_hash);
	sk_strlcpy(a.name, name, sizeof a.name);
	a.scopes = sk_xcalloc(1, sizeof *a.scopes);
	sk_registry_append(reg, &a);
	sk_account_clear(&a);
}

static void test_findings_walk(void **state)
{
	struct sk_registry reg;
	struct sk_audit a;
	struct sk_audit_summary s;
	struct walked w;
	const struct sk_audit_findings_cb cb = {walk_section, walk_finding, &w};

	memset(&reg, 0, sizeof reg);
	account(&reg, "abc", "Alpha \x1b[31mOrders");
	account(&reg, "abc", "Dead one");
	account(&reg, "def", "Gone");
	account(&reg, "ghi", "Slow");
	memset(&a, 0, sizeof a);
	a.n = 4;
	a.deadline_ms = 120000;
	a.results = sk_xcalloc(4, sizeof *a.results);
	parse_into(&a.results[0], admin_json);
	a.results[0].admin.blocked[0].fetched_at = 50000;
	a.results[1].outcome = SK_AUDIT_DEAD_TOKEN;
	sk_error_set(&a.results[1].error, SK_ERR_HTTP_401, "BigCommerce rejected this token");
	a.results[2].outcome = SK_AUDIT_UNREACHABLE;
	a.results[2].reason = SK_AUDIT_REASON_NO_ANSWER;
	sk_error_set(&a.results[2].error, SK_ERR_TIMEOUT, "no answer within the deadline");
	a.results[3].outcome = SK_AUDIT_UNREACHABLE;
	a.results[3].reason = SK_AUDIT_REASON_RATE_LIMITED;
	a.results[3].error.code = SK_ERR_TIMEOUT;
	for (size_t i = 0; i < 4; i++)
		a.results[i].account = i;
	sk_audit_summarize(&a, &s);

	memset(&w, 0, sizeof w);
	w.reg = &reg;
	w.now = 50000 + 30500;
	sk_audit_findings(&a, &s, &cb);
	assert_int_equal(w.n, 13);
	assert_string_equal(w.lines[0], "0 Dead tokens (1): BigCommerce rejects them; delete or replace these API accounts");
	assert_string_equal(w.lines[1], "  abc/Dead one  BigCommerce rejected this token");
	assert_string_equal(w.lines[2], "1 Inactive and deactivated webhooks (3): BigCommerce sends them nothing");
	/* The active hook #1 is no finding; the names are sanitized (no escape reaches a terminal). */
	assert_string_equal(w.lines[3], "  abc/Alpha ^[[31mOrders  #2 inactive  store/order/updated -> https://a.example/y");
	assert_string_equal(w.lines[4], "  abc/Alpha ^[[31mOrders  #3 deactivated  store/cart/* -> https://b.example/z");
	assert_string_equal(w.lines[5], "  abc/Alpha ^[[31mOrders  #4 inactive  store/cart/created -> https://b.example/w");
	assert_string_equal(w.lines[6],
			    "2 Blocklisted domains (1): BigCommerce sends them no events until the time runs out");
	assert_string_equal(w.lines[7], "  abc/Alpha ^[[31mOrders  https://b.example  1m 30s left (HTTP 500 x3)");
	assert_string_equal(w.lines[8], "3 No notification e-mail (1): nobody is told when their webhooks fail");
	assert_string_equal(w.lines[9], "  abc/Alpha ^[[31mOrders  (4 webhooks, no notification e-mail)");
	assert_string_equal(w.lines[10],
			    "4 Could not be checked (2, 1 rate-limited, 1 no answer within the 120 s deadline)");
	assert_string_equal(w.lines[11], "  def/Gone: no answer within the deadline");
	/* No message of its own: the status's sentence. */
	assert_string_equal(w.lines[12], "  ghi/Slow: the API did not answer in time");

	/* The countdown: seconds left at a given clock, never negative. */
	assert_int_equal(sk_audit_blocked_left(&a.results[0].admin.blocked[0], 50000), 120);
	assert_int_equal(sk_audit_blocked_left(&a.results[0].admin.blocked[0], 50000 + 119001), 1);
	assert_int_equal(sk_audit_blocked_left(&a.results[0].admin.blocked[0], 50000 + 500000), 0);

	/* A clean audit walks nothing. */
	a.n = 0;
	sk_audit_summarize(&a, &s);
	w.n = 0;
	sk_audit_findings(&a, &s, &cb);
	assert_int_equal(w.n, 0);
	a.n = 4;
	sk_audit_clear(&a);
	sk_registry_clear(&reg);
}

/* The countdown the audit and the webhook browser show: whole seconds, rounded up, never negative. */
static void test_blocked_countdown(void **state)
{
	struct sk_blocked_domain b = {.time_left = 180, .fetched_at = 10000};

	assert_int_equal(sk_audit_blocked_left(&b, 10000), 180);
	assert_int_equal(sk_audit_blocked_left(&b, 11000), 179);
	assert_int_equal(sk_audit_blocked_left(&b, 10500), 180);
	assert_int_equal(sk_audit_blocked_left(&b, 10000 + 180000), 0);
	assert_int_equal(sk_audit_blocked_left(&b, 10000 + 999999), 0);
}

static void test_run_without_accounts(void **state)
{
	struct sk_registry reg;
	struct sk_audit a;
	struct sk_error err;

	/* nothing to audit: no keyring, no network, an empty result */
	memset(&reg, 0, sizeof reg);
	assert_int_equal(sk_audit_run(&reg, NULL, &a, &err), SK_OK);
	assert_int_equal(a.n, 0);
	sk_audit_clear(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_budget_unknown_window_probes),
		cmocka_unit_test(test_budget_opens_after_first_answer),
		cmocka_unit_test(test_budget_low_left_holds_until_reset),
		cmocka_unit_test(test_budget_out_of_order_answers),
		cmocka_unit_test(test_budget_429_and_missing_headers),
		cmocka_unit_test(test_result_fill),
		cmocka_unit_test(test_summary_and_verdict),
		cmocka_unit_test(test_findings_walk),
		cmocka_unit_test(test_blocked_countdown),
		cmocka_unit_test(test_run_without_accounts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
