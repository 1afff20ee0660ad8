/* test_ui_model_audit.c - the Audit screen's model (ui/model_audit.c): rows by severity, document, selection, texts. */
#include "config.h"

#include "bc_parse.h"
#include "model_audit.h"
#include "testutil.h"
#include "ui_fixture.h"

/* Zed Orders: 1 active, 2 inactive, 1 deactivated webhook, no e-mail, one domain blocked for 120 s. */
static const char admin_json[] =
	"{\"data\":{\"emails\":[],"
	"\"hooks_list\":["
	"{\"id\":1,\"scope\":\"store/order/created\",\"destination\":\"https://a.example/x\",\"is_active\":true,"
	"\"created_at\":1,\"updated_at\":2,\"status\":\"active\"},"
	"{\"id\":2,\"scope\":\"store/order/updated\",\"destination\":\"https://a.example/y\",\"is_active\":false,"
	"\"created_at\":1,\"updated_at\":2,\"status\":\"inactive\"},"
	"{\"id\":3,\"scope\":\"store/cart/*\",\"destination\":\"https://b.example/z\",\"is_active\":false,"
	"\"created_at\":1,\"updated_at\":2,\"status\":\"deactivated\"},"
	"{\"id\":4,\"scope\":\"store/cart/created\",\"destination\":\"https://b.example/w\",\"is_active\":false,"
	"\"created_at\":1,\"updated_at\":2}],"
	"\"blocked_domains\":[{\"destination\":\"https://b.example\",\"time_left\":120,"
	"\"reasons\":[{\"failure_description\":\"HTTP 500\",\"count\":3,\"timestamp\":1700000000}]}]},"
	"\"meta\":{}}";

#define T0 1000000 /* the controlled clock: when the blocklist answer arrived */

/*
 * The fixture's four accounts audited: Zed Orders with findings, beta sync
 * with a dead token, Alpha Theme unreachable, Holdings (account-level) skipped.
 */
static void audited(struct ui_audit_model *m, struct sk_registry *reg)
{
	struct sk_audit *au = &m->audit;
	struct sk_audit_result *r;
	struct sk_error err;
	const struct sk_audit_result *arrived[4];
	int pages = 0;

	fixture(reg);
	ui_audit_init(m);
	assert_true(ui_audit_begin(m, reg, T0 - 500));
	assert_int_equal(m->phase, UI_AUDIT_RUNNING);
	assert_int_equal(m->reg.n, 4);
	/* What the worker fills in. */
	au->n = 4;
	au->results = sk_xcalloc(4, sizeof *au->results);
	au->nstores = 2;
	au->elapsed_ms = 1500;
	for (size_t i = 0; i < 4; i++)
		au->results[i].account = i;
	r = &au->results[0];
	assert_int_equal(sk_parse_hooks_admin(admin_json, strlen(admin_json), &r->admin, &pages, &err), SK_OK);
	r->admin.blocked[0].fetched_at = T0;
	r->outcome = SK_AUDIT_CHECKED;
	r->token = SK_AUDIT_TOKEN_OK;
	r->requests = 1;
	sk_audit_result_fill(r);
	r = &au->results[1];
	r->outcome = SK_AUDIT_DEAD_TOKEN;
	sk_error_set(&r->error, SK_ERR_HTTP_401, "BigCommerce rejected this token");
	r = &au->results[2];
	r->outcome = SK_AUDIT_UNREACHABLE;
	sk_error_set(&r->error, SK_ERR_HTTP_5XX, "BigCommerce server error 500");
	au->results[3].outcome = SK_AUDIT_SKIPPED;
	/* Rows come as they arrive... */
	arrived[0] = &au->results[3];
	arrived[1] = &au->results[0];
	ui_audit_add_rows(m, arrived, 2);
	assert_int_equal(m->nrows, 2);
	assert_ptr_equal(m->rows[0], &au->results[3]);
}

static long find_text(const struct ui_audit_model *m, const char *prefix)
{
	for (size_t i = 0; i < m->nlines; i++)
		if (m->lines[i].text && strncmp(m->lines[i].text, prefix, strlen(prefix)) == 0)
			return (long)i;
	return -1;
}

static long find_kind(const struct ui_audit_model *m, enum ui_audit_line_kind kind, size_t nth)
{
	for (size_t i = 0; i < m->nlines; i++)
		if (m->lines[i].kind == kind && nth-- == 0)
			return (long)i;
	return -1;
}

static const char *line_text(const struct ui_audit_model *m, long i, int64_t now, char *buf, size_t size,
			     enum ui_audit_tone *tone)
{
	assert_true(i >= 0);
	return ui_audit_line_text(m, &m->lines[i], now, buf, size, tone);
}

static void test_finish_sorts_and_sums(void **state)
{
	struct ui_audit_model m;
	struct sk_registry reg;
	char msg[512];

	audited(&m, &reg);
	assert_int_equal(ui_audit_finish(&m, SK_OK, NULL, msg, sizeof msg), UI_AT_WARN);
	assert_string_equal(msg, "Audit done: 2 accounts need attention, 1 could not be checked.");
	assert_int_equal(m.phase, UI_AUDIT_DONE);
	/* Problems first: dead, unreachable, findings, then the skipped one. */
	assert_int_equal(m.nrows, 4);
	assert_ptr_equal(m.rows[0], &m.audit.results[1]);
	assert_ptr_equal(m.rows[1], &m.audit.results[2]);
	assert_ptr_equal(m.rows[2], &m.audit.results[0]);
	assert_ptr_equal(m.rows[3], &m.audit.results[3]);
	assert_int_equal(m.sum.dead, 1);
	assert_int_equal(m.sum.blocked, 1);
	assert_true(ui_audit_severity(&m.audit.results[0]) < ui_audit_severity(&m.audit.results[3]));

	/* A cancelled run says how much was checked. */
	m.audit.results[2].outcome = SK_AUDIT_PENDING;
	m.audit.cancelled = true;
	assert_int_equal(ui_audit_finish(&m, SK_ERR_CANCELLED, NULL, msg, sizeof msg), UI_AT_NORMAL);
	assert_string_equal(msg, "Audit cancelled: 3 of 4 accounts were checked; nothing was written.");
	assert_int_equal(m.phase, UI_AUDIT_CANCELLED);
	ui_audit_refresh(&m, 120, false);
	assert_true(find_text(&m, "Summary (cancelled: 3 of 4 accounts were checked)") >= 0);
	assert_true(find_text(&m, "1 account was not checked (cancelled): r runs the audit again.") >= 0);
	ui_audit_free(&m);
	sk_registry_clear(&reg);
}

static void test_failed_and_empty(void **state)
{
	struct ui_audit_model m;
	struct sk_registry reg;
	struct sk_error err;
	char msg[512];

	memset(&reg, 0, sizeof reg);
	ui_audit_init(&m);
	assert_false(ui_audit_begin(&m, &reg, 0));
	assert_int_equal(m.phase, UI_AUDIT_EMPTY);
	ui_audit_refresh(&m, 80, false);
	assert_true(find_text(&m, "There are no API accounts to audit.") >= 0);
	assert_int_equal(m.sel, -1);

	fixture(&reg);
	assert_true(ui_audit_begin(&m, &reg, 0));
	sk_error_set(&err, SK_ERR_KEYRING, "the keyring is locked");
	assert_int_equal(ui_audit_finish(&m, SK_ERR_KEYRING, &err, msg, sizeof msg), UI_AT_ERROR);
	assert_int_equal(m.phase, UI_AUDIT_FAILED);
	assert_int_equal(m.fail.code, SK_ERR_KEYRING);
	ui_audit_refresh(&m, 80, false);
	assert_int_equal(find_text(&m, "The audit could not run"), 0);
	assert_true(find_text(&m, "r tries again, Esc goes back.") > 0);
	ui_audit_free(&m);
	sk_registry_clear(&reg);
}

static void test_document_and_texts(void **state)
{
	struct ui_audit_model m;
	struct sk_registry reg;
	char msg[512], buf[2048];
	enum ui_audit_tone tone;
	long dead, failed;

	audited(&m, &reg);
	ui_audit_finish(&m, SK_OK, NULL, msg, sizeof msg);
	ui_audit_refresh(&m, 120, false);
	assert_false(m.narrow);
	assert_int_equal(find_text(&m, "Summary: 2 of 4 accounts need attention, 1 could not be checked"), 0);
	/* The sections and their titles come from the core's one findings walk (the CLI prints the same). */
	assert_true(find_text(&m, "Dead tokens (1): BigCommerce rejects them; delete or replace these API accounts") > 0);
	assert_true(find_text(&m, "Inactive and deactivated webhooks (3)") > 0);
	assert_true(find_text(&m, "Blocklisted domains (1): BigCommerce sends them no events until the time runs out") > 0);
	assert_true(find_text(&m, "No notification e-mail (1)") > 0);
	assert_true(find_text(&m, "Could not be checked (1)") > 0);
	assert_true(find_text(&m, "1 account-level account skipped: no webhooks (storekeys verify checks it).") > 0);
	assert_true(find_text(&m, "Accounts (4)") > 0);
	assert_int_equal(find_text(&m, "A/I/D"), -1);

	dead = find_kind(&m, UI_AL_DEAD, 0);
	assert_string_equal(line_text(&m, dead, T0, buf, sizeof buf, &tone),
			    "abc123/beta sync  BigCommerce rejected this token");
	assert_int_equal(tone, UI_AT_ERROR);
	assert_string_equal(line_text(&m, find_kind(&m, UI_AL_HOOK, 0), T0, buf, sizeof buf, &tone),
			    "zzz999/Zed Orders  #2 inactive  store/order/updated -> https://a.example/y");
	assert_string_equal(line_text(&m, find_kind(&m, UI_AL_HOOK, 2), T0, buf, sizeof buf, &tone),
			    "zzz999/Zed Orders  #4 inactive  store/cart/created -> https://b.example/w");
	assert_int_equal(find_kind(&m, UI_AL_HOOK, 3), -1);
	/* The countdown follows the clock it is given, and says when the block is over. */
	assert_string_equal(line_text(&m, find_kind(&m, UI_AL_BLOCKED, 0), T0 + 30500, buf, sizeof buf, &tone),
			    "zzz999/Zed Orders  https://b.example  1m 30s left (HTTP 500 x3)");
	assert_int_equal(tone, UI_AT_ERROR);
	assert_string_equal(line_text(&m, find_kind(&m, UI_AL_BLOCKED, 0), T0 + 121000, buf, sizeof buf, &tone),
			    "zzz999/Zed Orders  https://b.example  block over (HTTP 500 x3)");
	assert_int_equal(tone, UI_AT_DIM);
	assert_string_equal(line_text(&m, find_kind(&m, UI_AL_NOMAIL, 0), T0, buf, sizeof buf, &tone),
			    "zzz999/Zed Orders  (4 webhooks, no notification e-mail)");
	failed = find_kind(&m, UI_AL_FAILED, 0);
	assert_string_equal(m.lines[failed].text, "abc123/Alpha Theme: BigCommerce server error 500");

	/* The accounts table's outcome column. */
	assert_string_equal(ui_audit_outcome_text(&m.audit.results[0], buf, sizeof buf, &tone),
			    "findings: 2 inactive, 1 deactivated, 1 blocked, no e-mail");
	assert_int_equal(tone, UI_AT_WARN);
	assert_string_equal(ui_audit_outcome_text(&m.audit.results[2], buf, sizeof buf, &tone),
			    "unreachable (BigCommerce server error 500)");
	assert_string_equal(ui_audit_outcome_text(&m.audit.results[3], buf, sizeof buf, &tone), "skipped (account-level)");
	assert_int_equal(tone, UI_AT_DIM);

	/* Narrow: one A/I/D column, explained; a long reason wraps onto continuation lines. */
	sk_error_set(&m.audit.results[2].error, SK_ERR_HTTP_5XX,
		     "BigCommerce server error 500 and a long explanation that cannot fit on one line of sixty columns");
	m.doc_stale = true;
	ui_audit_refresh(&m, 60, false);
	assert_true(m.narrow);
	assert_true(find_text(&m, "A/I/D: active/inactive/deactivated webhooks") > 0);
	failed = find_kind(&m, UI_AL_FAILED, 0);
	assert_int_equal(m.lines[failed + 1].kind, UI_AL_MORE);
	assert_null(m.lines[failed + 1].r);
	ui_audit_free(&m);
	sk_registry_clear(&reg);
}

static void test_selection(void **state)
{
	struct ui_audit_model m;
	struct sk_registry reg;
	char msg[512];
	long first, hook;

	audited(&m, &reg);
	/* While running: rows only, the first one selected. */
	ui_audit_refresh(&m, 120, false);
	first = ui_audit_find_sel(&m, 0, 1);
	assert_int_equal(m.sel, first);
	assert_int_equal(m.lines[first].kind, UI_AL_ROW);
	assert_string_equal(ui_audit_selected(&m)->name, "Holdings");

	ui_audit_finish(&m, SK_OK, NULL, msg, sizeof msg);
	ui_audit_refresh(&m, 120, false);
	/* The first selectable line is the dead token; Up at the top stays there. */
	assert_int_equal(m.lines[m.sel].kind, UI_AL_DEAD);
	first = m.sel;
	ui_audit_move_sel(&m, -1);
	assert_int_equal(m.sel, first);
	/* Tab: the first line of the next section (the webhooks), its title at the top. */
	ui_audit_jump_section(&m, 1);
	hook = m.sel;
	assert_int_equal(m.lines[hook].kind, UI_AL_HOOK);
	assert_int_equal(m.top, hook - 1);
	assert_string_equal(ui_audit_selected(&m)->name, "Zed Orders");
	ui_audit_move_sel(&m, 1);
	assert_int_equal(m.lines[m.sel].k, 2);
	/* A rebuild at another width keeps the selection on the same thing. */
	m.doc_stale = true;
	ui_audit_refresh(&m, 70, false);
	assert_int_equal(m.lines[m.sel].kind, UI_AL_HOOK);
	assert_int_equal(m.lines[m.sel].k, 2);
	/* Shift-Tab goes back to the dead token's section; a big step down stops at the last row. */
	ui_audit_jump_section(&m, -1);
	assert_int_equal(m.lines[m.sel].kind, UI_AL_DEAD);
	ui_audit_move_sel(&m, 1000);
	assert_int_equal(m.sel, ui_audit_find_sel(&m, (long)m.nlines - 1, -1));
	assert_int_equal(m.lines[m.sel].kind, UI_AL_ROW);
	assert_string_equal(ui_audit_selected(&m)->name, "Holdings");
	ui_audit_free(&m);
	sk_registry_clear(&reg);
}

static void test_header_and_bar(void **state)
{
	struct ui_audit_model m;
	struct sk_registry reg;
	struct ui_audit_header h;
	char msg[512], bar[64];

	audited(&m, &reg);
	ui_audit_header_text(&m, T0, false, &h);
	assert_string_equal(h.line, "Reading the access tokens of 4 accounts from the keyring...");
	m.shown = (struct sk_audit_progress){.done = 2, .total = 3, .inflight = 1, .requests = 5, .rate_limited = 1,
					     .holding = 1};
	m.shown_prog = true;
	ui_audit_header_text(&m, T0, false, &h);
	assert_string_equal(h.line, "Auditing 2 of 3 accounts - 1 in flight - 5 requests - 1 rate-limited - 1 store "
				    "waiting for the rate limit");
	assert_string_equal(h.shortl, "Auditing 2/3 - 1 in flight - 5 req - 1 rate-limited");
	assert_string_equal(h.suffix, "2/3 500 ms");
	assert_int_equal(h.tone, UI_AT_TITLE);
	m.phase = UI_AUDIT_CANCELLING;
	ui_audit_header_text(&m, T0, false, &h);
	assert_string_equal(h.line, "Cancelling... (2 of 3 accounts done)");

	ui_audit_finish(&m, SK_OK, NULL, msg, sizeof msg);
	ui_audit_header_text(&m, T0 + 99999, false, &h);
	assert_string_equal(h.line, "Audited 4 accounts in 2 stores in 1.5 s - 1 requests - 0 rate-limited");
	assert_int_equal(h.done, 4);
	assert_int_equal(h.total, 4);

	assert_string_equal(ui_audit_bar(false, 8, 3, 4, bar, sizeof bar), "[######..]");
	assert_string_equal(ui_audit_bar(false, 1, 0, 0, bar, sizeof bar), "[....]");
	assert_string_equal(ui_audit_bar(true, 4, 2, 4, bar, sizeof bar),
			    "[\xe2\x96\x88\xe2\x96\x88\xe2\x96\x91\xe2\x96\x91]");
	ui_audit_free(&m);
	sk_registry_clear(&reg);
}

static void test_columns(void **state)
{
	struct ui_audit_cols wide = ui_audit_columns(160, false), narrow = ui_audit_columns(60, true);

	assert_int_equal(wide.store, 12);
	assert_int_equal(wide.aid, 0);
	assert_int_equal(wide.deact, 11);
	assert_int_equal(wide.name, 32);
	assert_int_equal(narrow.store, 8);
	assert_int_equal(narrow.aid, 8);
	assert_int_equal(narrow.active, 0);
	assert_true(narrow.name >= 8);
	assert_true(narrow.outcome >= 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finish_sorts_and_sums),
		cmocka_unit_test(test_failed_and_empty),
		cmocka_unit_test(test_document_and_texts),
		cmocka_unit_test(test_selection),
		cmocka_unit_test(test_header_and_bar),
		cmocka_unit_test(test_columns),
	};

	return cmocka_run_group_tests_name("ui_model_audit", tests, NULL, NULL);
}
