/* cli_audit.c - `storekeys audit`: every account's webhooks and token at once, with progress and a summary. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "audit.h"
#include "cli.h"
#include "jsonout.h"
#include "util.h"

/* The --json layout; bump only on an incompatible change (fields may be added). */
#define AUDIT_JSON_VERSION 1
/* Redraw the progress bar at most this often. */
#define BAR_INTERVAL_MS 50

static volatile sig_atomic_t audit_cancel;

/* First Ctrl-C asks the audit to stop cleanly; SA_RESETHAND makes a second one end it at once. */
static void on_signal(int sig)
{
	audit_cancel = 1;
}

struct view {
	const struct sk_registry *reg;
	bool json;
	bool bar;            /* stderr is a terminal */
	bool bar_shown;
	int64_t bar_drawn;
	struct sk_audit_progress p;
	size_t printed;
};

static const char *label(const struct sk_account *a, char *buf, size_t size)
{
	char name[SK_NAME_MAX_BYTES + 1];

	snprintf(buf, size, "%s/%s", sk_account_owner(a), sk_sanitize(a->name, name, sizeof name));
	return buf;
}

static void bar_clear(struct view *v)
{
	if (v->bar && v->bar_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		v->bar_shown = false;
	}
}

static void bar_draw(struct view *v, bool force)
{
	const struct sk_audit_progress *p = &v->p;
	int64_t now = sk_now_ms();
	char cells[31];
	size_t fill;

	if (!v->bar || p->total == 0 || (!force && now - v->bar_drawn < BAR_INTERVAL_MS))
		return;
	fill = p->done * 30 / p->total;
	for (size_t i = 0; i < 30; i++)
		cells[i] = i < fill ? '#' : '.';
	cells[30] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu accounts, %d in flight, %d requests", cells, p->done, p->total, p->inflight,
		p->requests);
	if (p->rate_limited > 0)
		fprintf(stderr, ", %d rate-limited", p->rate_limited);
	if (p->holding > 0)
		fprintf(stderr, ", %d store%s waiting for the rate-limit window", p->holding, p->holding == 1 ? "" : "s");
	fputs("\033[K", stderr);
	fflush(stderr);
	v->bar_shown = true;
	v->bar_drawn = now;
}

static void on_progress(void *ud, const struct sk_audit_progress *p)
{
	struct view *v = ud;

	v->p = *p;
	bar_draw(v, false);
}

static void hooks_phrase(const struct sk_audit_result *r, char *buf, size_t size)
{
	size_t n = r->admin.nhooks;
	int len = snprintf(buf, size, "%zu webhook%s", n, n == 1 ? "" : "s");
	const char *sep = " (";

	if (r->hooks_inactive > 0) {
		len += snprintf(buf + len, size - (size_t)len, "%s%zu inactive", sep, r->hooks_inactive);
		sep = ", ";
	}
	if (r->hooks_deactivated > 0 && (size_t)len < size) {
		len += snprintf(buf + len, size - (size_t)len, "%s%zu deactivated", sep, r->hooks_deactivated);
		sep = ", ";
	}
	if (r->hooks_other > 0 && (size_t)len < size) {
		len += snprintf(buf + len, size - (size_t)len, "%s%zu other status", sep, r->hooks_other);
		sep = ", ";
	}
	if (sep[0] == ',' && (size_t)len < size)
		snprintf(buf + len, size - (size_t)len, ")");
}

/* One line per account, printed as it completes. */
static void on_result(void *ud, const struct sk_audit_result *r)
{
	struct view *v = ud;
	const struct sk_account *a = &v->reg->accounts[r->account];
	char who[SK_NAME_MAX_BYTES + 64], hooks[128];

	v->printed++;
	if (v->json)
		return;
	bar_clear(v);
	label(a, who, sizeof who);
	switch (r->outcome) {
	case SK_AUDIT_CHECKED:
		hooks_phrase(r, hooks, sizeof hooks);
		printf("%-9s %s: token ok, %s, %zu blocklisted domain%s, %zu notification e-mail%s%s\n",
		       sk_audit_result_has_findings(r) ? "FINDINGS" : "ok", who, hooks, r->admin.nblocked,
		       r->admin.nblocked == 1 ? "" : "s", r->admin.nemails, r->admin.nemails == 1 ? "" : "s",
		       r->no_email ? " (nobody is told when hooks fail)" : "");
		break;
	case SK_AUDIT_DEAD_TOKEN:
		printf("%-9s %s: %s\n", "DEAD", who, r->error.msg);
		break;
	case SK_AUDIT_UNREACHABLE:
		printf("%-9s %s: %s\n",
		       r->reason == SK_AUDIT_REASON_RATE_LIMITED ? "LIMITED"
		       : r->reason == SK_AUDIT_REASON_NO_ANSWER  ? "NO ANSWER"
								 : "FAILED",
		       who, r->error.msg);
		break;
	case SK_AUDIT_SKIPPED:
		printf("%-9s %s: %s\n", "skipped", who, r->error.msg);
		break;
	case SK_AUDIT_PENDING:
		break;
	}
	fflush(stdout);
	bar_draw(v, true);
}

static void summary_section(void *ud, enum sk_audit_finding_kind kind, const char *title)
{
	/* The CLI's own remedy, where there is one. */
	printf("\n%s%s\n", title,
	       kind == SK_AUDIT_F_NO_EMAIL ? " (set one with `storekeys notify ACCOUNT --set EMAIL`)" : "");
}

static void summary_finding(void *ud, const struct sk_audit_finding *f)
{
	const struct view *v = ud;
	char line[SK_ERROR_MSG_MAX * 4 + 3072];

	printf("  %s\n", sk_audit_finding_text(v->reg, f, sk_now_ms(), line, sizeof line));
}

static void print_summary(const struct view *v, const struct sk_audit *au, const struct sk_audit_summary *s)
{
	const struct sk_audit_findings_cb cb = {summary_section, summary_finding, (void *)v};
	char dur[32];

	printf("\nAudited %zu account%s in %zu store%s in %s: %zu checked, %zu dead token%s, %zu could not be "
	       "checked, %zu skipped%s; %d request%s, %d rate-limited (429).\n",
	       s->accounts, s->accounts == 1 ? "" : "s", au->nstores, au->nstores == 1 ? "" : "s",
	       sk_elapsed_str(au->elapsed_ms, dur, sizeof dur), s->checked, s->dead, s->dead == 1 ? "" : "s", s->unreachable,
	       s->skipped, au->cancelled ? " (CANCELLED: the rest was not checked)" : "", s->requests,
	       s->requests == 1 ? "" : "s", s->rate_limited);
	sk_audit_findings(au, s, &cb);
	if (s->with_findings == 0 && s->unreachable == 0 && s->pending == 0)
		printf("\nNothing needs attention.\n");
}

/* ---- --json ------------------------------------------------------------ */

/* One field of a --json object: a number, or a boolean when is_bool (the table keeps the key order). */
struct jfield {
	const char *key;
	double n;
	bool is_bool;
};

static void add_fields(cJSON *o, const struct jfield *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (f[i].is_bool)
			cJSON_AddBoolToObject(o, f[i].key, f[i].n != 0);
		else
			cJSON_AddNumberToObject(o, f[i].key, f[i].n);
	}
}

#define JN(key, v) {(key), (double)(v), false}
#define JB(key, v) {(key), (v) ? 1 : 0, true}
#define ADD_FIELDS(o, ...)                                                                                            \
	do {                                                                                                          \
		const struct jfield fields_[] = {__VA_ARGS__};                                                        \
		add_fields((o), fields_, sizeof fields_ / sizeof fields_[0]);                                         \
	} while (0)

static cJSON *hooks_json(const struct sk_audit_result *r)
{
	cJSON *o = cJSON_CreateObject();

	ADD_FIELDS(o, JN("total", r->admin.nhooks), JN("active", r->hooks_active),
		   JN("inactive", r->hooks_inactive), JN("deactivated", r->hooks_deactivated),
		   JN("other", r->hooks_other));
	return o;
}

static cJSON *result_json(const struct sk_registry *reg, const struct sk_audit_result *r)
{
	const struct sk_account *a = &reg->accounts[r->account];
	cJSON *o = sk_cli_account_json(a);
	cJSON *problems, *blocked, *emails;
	static const char *const tokens[] = {"unknown", "ok", "dead"};

	cJSON_AddStringToObject(o, "outcome", sk_audit_outcome_name(r->outcome));
	cJSON_AddStringToObject(o, "token", tokens[r->token]);
	cJSON_AddBoolToObject(o, "findings", sk_audit_result_has_findings(r));
	if (r->outcome == SK_AUDIT_CHECKED) {
		cJSON_AddNullToObject(o, "error");
	} else {
		cJSON *e = cJSON_AddObjectToObject(o, "error");

		cJSON_AddStringToObject(e, "code", r->error.code == SK_OK ? "" : sk_status_name(r->error.code));
		cJSON_AddNumberToObject(e, "exit_code", sk_status_exit_code(r->error.code));
		cJSON_AddStringToObject(e, "message", r->error.msg);
	}
	if (sk_audit_reason_name(r->reason) != NULL)
		cJSON_AddStringToObject(o, "reason", sk_audit_reason_name(r->reason));
	else
		cJSON_AddNullToObject(o, "reason");
	if (r->reason == SK_AUDIT_REASON_RATE_LIMITED)
		cJSON_AddNumberToObject(o, "retry_in_s", (double)((r->retry_in_ms + 999) / 1000));
	cJSON_AddItemToObject(o, "hooks", hooks_json(r));
	problems = cJSON_AddArrayToObject(o, "problem_hooks");
	for (size_t k = 0; k < r->admin.nhooks; k++) {
		const struct sk_webhook *h = &r->admin.hooks[k];
		const char *st = sk_audit_hook_status(h);

		if (strcmp(st, "active") != 0)
			cJSON_AddItemToArray(problems, sk_json_webhook(h, st));
	}
	blocked = cJSON_AddArrayToObject(o, "blocked_domains");
	for (size_t k = 0; k < r->admin.nblocked; k++) {
		const struct sk_blocked_domain *b = &r->admin.blocked[k];

		cJSON_AddItemToArray(blocked, sk_cli_blocked_json(b, sk_audit_blocked_left(b, sk_now_ms())));
	}
	emails = cJSON_AddArrayToObject(o, "emails");
	for (size_t k = 0; k < r->admin.nemails; k++)
		cJSON_AddItemToArray(emails, cJSON_CreateString(r->admin.emails[k] ? r->admin.emails[k] : ""));
	ADD_FIELDS(o, JB("no_notification_email", r->no_email), JN("requests", r->requests),
		   JN("rate_limited", r->rate_limited), JN("retries", r->retries), JN("elapsed_ms", r->elapsed_ms));
	return o;
}

static int print_json(const struct view *v, const struct sk_audit *au, const struct sk_audit_summary *s,
		      enum sk_status verdict)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *sum, *arr;
	static const char *const verdicts[] = {"clean", "findings", "partial", "cancelled"};
	int vi = verdict == SK_OK ? 0 : verdict == SK_ERR_FINDINGS ? 1 : verdict == SK_ERR_PARTIAL ? 2 : 3;

	cJSON_AddNumberToObject(root, "version", AUDIT_JSON_VERSION);
	sum = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddStringToObject(sum, "verdict", verdicts[vi]);
	ADD_FIELDS(sum, JN("exit_code", sk_status_exit_code(verdict)), JB("cancelled", au->cancelled),
		   JN("accounts", s->accounts), JN("stores", au->nstores), JN("checked", s->checked),
		   JN("dead_tokens", s->dead), JN("unreachable", s->unreachable),
		   JN("rate_limited_accounts", s->limited), JN("no_answer", s->no_answer),
		   JB("deadline_passed", au->deadline_passed), JN("deadline_s", (au->deadline_ms + 999) / 1000),
		   JN("skipped", s->skipped), JN("pending", s->pending),
		   JN("with_findings", s->with_findings), JN("hooks", s->hooks),
		   JN("hooks_active", s->active), JN("hooks_inactive", s->inactive),
		   JN("hooks_deactivated", s->deactivated), JN("hooks_other", s->other),
		   JN("blocked_domains", s->blocked), JN("no_notification_email", s->no_email),
		   JN("requests", s->requests), JN("rate_limited", s->rate_limited), JN("retries", s->retries),
		   JN("keyring_ms", au->keyring_ms), JN("elapsed_ms", au->elapsed_ms));
	arr = cJSON_AddArrayToObject(root, "accounts");
	for (size_t i = 0; i < au->n; i++)
		cJSON_AddItemToArray(arr, result_json(v->reg, &au->results[i]));
	return sk_cli_print_json(root);
}

/* ---- the command ------------------------------------------------------- */

static bool hash_arg_ok(const char *h)
{
	size_t n = strlen(h);

	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)h[i]) || isdigit((unsigned char)h[i])))
			return false;
	return n >= 1 && n <= SK_HASH_MAX;
}

static bool int_arg(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

int sk_cmd_audit(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"store", required_argument, NULL, 's'},
					     {"max-inflight", required_argument, NULL, 'm'},
					     {"per-store", required_argument, NULL, 'p'},
					     {"deadline", required_argument, NULL, 'd'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct sk_registry reg;
	struct sk_audit au;
	struct sk_audit_opts ao;
	struct sk_audit_summary sum;
	struct sk_error err;
	struct view v;
	struct sigaction sa, old_int, old_term;
	const char **stores = NULL;
	size_t nstores = 0;
	enum sk_status st, verdict;
	bool json = false;
	int c, rc, secs, jrc = 0;

	memset(&ao, 0, sizeof ao);
	stores = sk_xcalloc((size_t)argc + 1, sizeof *stores);
	optind = 0;
	while ((c = sk_cli_getopt("audit", argc, argv, NULL, opts)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 's':
			if (!hash_arg_ok(optarg)) {
				free(stores);
				return sk_cli_usage("audit", "--store takes a store hash (1 to 32 lowercase letters and digits)");
			}
			stores[nstores++] = optarg;
			break;
		case 'm':
			if (!int_arg(optarg, 1, SK_AUDIT_INFLIGHT_LIMIT, &ao.max_inflight)) {
				free(stores);
				return sk_cli_usage("audit", "--max-inflight takes a number from 1 to %d",
						    SK_AUDIT_INFLIGHT_LIMIT);
			}
			break;
		case 'p':
			if (!int_arg(optarg, 1, SK_AUDIT_INFLIGHT_LIMIT, &ao.per_store)) {
				free(stores);
				return sk_cli_usage("audit", "--per-store takes a number from 1 to %d", SK_AUDIT_INFLIGHT_LIMIT);
			}
			break;
		case 'd':
			if (!int_arg(optarg, 1, SK_AUDIT_DEADLINE_MAX_MS / 1000, &secs)) {
				free(stores);
				return sk_cli_usage("audit", "--deadline takes seconds from 1 to %d",
						    SK_AUDIT_DEADLINE_MAX_MS / 1000);
			}
			ao.deadline_ms = (int64_t)secs * 1000;
			break;
		case 'h':
			free(stores);
			for (size_t i = 0; i < sk_cli_commands_len; i++)
				if (strcmp(sk_cli_commands[i].name, "audit") == 0)
					printf("usage: storekeys audit %s\n  %s\n", sk_cli_commands[i].usage,
					       sk_cli_commands[i].summary);
			printf("  --json             one JSON document on stdout (see storekeys(1))\n"
			       "  --store HASH       only the store-level accounts of this store (repeatable)\n"
			       "  --max-inflight N   requests in flight in all (default %d)\n"
			       "  --per-store N      requests in flight per store (default %d)\n"
			       "  --deadline S       stop waiting S seconds after the first request (default %d); "
			       "accounts\n"
			       "                     still waiting then are reported as \"no answer\"\n"
			       "Exit status: 0 clean, %d findings, %d some accounts could not be checked, %d cancelled.\n",
			       SK_AUDIT_MAX_INFLIGHT, SK_AUDIT_PER_STORE, SK_AUDIT_DEADLINE_MS / 1000,
			       sk_status_exit_code(SK_ERR_FINDINGS),
			       sk_status_exit_code(SK_ERR_PARTIAL), sk_status_exit_code(SK_ERR_CANCELLED));
			return 0;
		default:
			free(stores);
			return sk_status_exit_code(SK_ERR_USAGE);
		}
	}
	memset(&v, 0, sizeof v);
	v.json = json;
	if (optind < argc) {
		free(stores);
		return sk_cli_usage("audit", "unexpected argument '%s'", argv[optind]);
	}
	if (sk_registry_load(&reg, cli->dir, &err) != SK_OK) {
		free(stores);
		return sk_cli_fail(&err);
	}
	for (size_t i = 0; i < nstores; i++) {
		if (sk_registry_store_count(&reg, stores[i]) == 0) {
			sk_error_set(&err, SK_ERR_NOT_FOUND, "no store-level account of store %s is registered", stores[i]);
			free(stores);
			sk_registry_clear(&reg);
			return sk_cli_fail(&err);
		}
	}
	v.reg = &reg;
	v.bar = isatty(STDERR_FILENO);
	ao.stores = stores;
	ao.nstores = nstores;
	ao.on_result = on_result;
	ao.progress = on_progress;
	ao.ud = &v;
	ao.cancel = &audit_cancel;

	audit_cancel = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);

	st = sk_audit_run(&reg, &ao, &au, &err);

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	bar_clear(&v);
	if (st != SK_OK && st != SK_ERR_CANCELLED) {
		sk_audit_clear(&au);
		sk_registry_clear(&reg);
		free(stores);
		return sk_cli_fail(&err);
	}
	sk_audit_summarize(&au, &sum);
	verdict = sk_audit_verdict(&sum, au.cancelled);
	if (v.json) {
		jrc = print_json(&v, &au, &sum, verdict);
	} else if (au.n == 0) {
		printf("No accounts to audit. Add one with `storekeys add --from-file FILE`.\n");
	} else {
		print_summary(&v, &au, &sum);
	}
	fflush(stdout);
	if (au.cancelled)
		fprintf(stderr, "storekeys: audit cancelled; %zu of %zu accounts were checked\n", sum.accounts - sum.pending,
			sum.accounts);
	rc = jrc != 0 ? jrc : sk_status_exit_code(verdict);
	sk_audit_clear(&au);
	sk_registry_clear(&reg);
	free(stores);
	return rc;
}
