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

/* Seconds still left on a blocklisted domain now (the answer said time_left at fetched_at). */
static int64_t time_left_now(const struct sk_blocked_domain *b)
{
	int64_t left = b->time_left - (sk_now_ms() - b->fetched_at) / 1000;

	return left > 0 ? left : 0;
}

static void print_summary(const struct view *v, const struct sk_audit *au, const struct sk_audit_summary *s)
{
	const struct sk_registry *reg = v->reg;
	char who[SK_NAME_MAX_BYTES + 64], t0[32], t1[512], t2[512], dur[32];
	size_t n;

	printf("\nAudited %zu account%s in %zu store%s in %s: %zu checked, %zu dead token%s, %zu could not be "
	       "checked, %zu skipped%s; %d request%s, %d rate-limited (429).\n",
	       s->accounts, s->accounts == 1 ? "" : "s", au->nstores, au->nstores == 1 ? "" : "s",
	       sk_elapsed_str(au->elapsed_ms, dur, sizeof dur), s->checked, s->dead, s->dead == 1 ? "" : "s", s->unreachable,
	       s->skipped, au->cancelled ? " (CANCELLED: the rest was not checked)" : "", s->requests,
	       s->requests == 1 ? "" : "s", s->rate_limited);

	if (s->dead > 0) {
		printf("\nDead tokens (%zu): BigCommerce rejects them; delete or replace these API accounts.\n", s->dead);
		for (size_t i = 0; i < au->n; i++)
			if (au->results[i].outcome == SK_AUDIT_DEAD_TOKEN)
				printf("  %s\n", label(&reg->accounts[au->results[i].account], who, sizeof who));
	}
	n = s->inactive + s->deactivated + s->other;
	if (n > 0) {
		printf("\nInactive and deactivated webhooks (%zu):\n", n);
		for (size_t i = 0; i < au->n; i++) {
			const struct sk_audit_result *r = &au->results[i];

			if (r->outcome != SK_AUDIT_CHECKED)
				continue;
			for (size_t k = 0; k < r->admin.nhooks; k++) {
				const struct sk_webhook *h = &r->admin.hooks[k];
				const char *st = sk_audit_hook_status(h);

				if (strcmp(st, "active") == 0)
					continue;
				printf("  %s  #%lld %-11s %s -> %s\n", label(&reg->accounts[r->account], who, sizeof who),
				       (long long)h->id, sk_sanitize(st, t0, sizeof t0), sk_sanitize(h->scope ? h->scope : "", t1, sizeof t1),
				       sk_sanitize(h->destination ? h->destination : "", t2, sizeof t2));
			}
		}
	}
	if (s->blocked > 0) {
		printf("\nBlocklisted domains (%zu): BigCommerce sends these no events until the time runs out.\n",
		       s->blocked);
		for (size_t i = 0; i < au->n; i++) {
			const struct sk_audit_result *r = &au->results[i];

			if (r->outcome != SK_AUDIT_CHECKED)
				continue;
			for (size_t k = 0; k < r->admin.nblocked; k++) {
				const struct sk_blocked_domain *b = &r->admin.blocked[k];

				printf("  %s  %s  %s left", label(&reg->accounts[r->account], who, sizeof who),
				       sk_sanitize(b->destination ? b->destination : "", t1, sizeof t1),
				       sk_duration_str(time_left_now(b), dur, sizeof dur));
				for (size_t q = 0; q < b->nreasons; q++)
					printf("%s%s x%lld", q == 0 ? " (" : ", ",
					       sk_sanitize(b->reasons[q].description ? b->reasons[q].description : "", t2,
							   sizeof t2),
					       (long long)b->reasons[q].count);
				printf("%s\n", b->nreasons > 0 ? ")" : "");
			}
		}
	}
	if (s->no_email > 0) {
		printf("\nNo notification e-mail (%zu): nobody hears when their webhooks fail "
		       "(set one with `storekeys notify ACCOUNT --set EMAIL`).\n",
		       s->no_email);
		for (size_t i = 0; i < au->n; i++)
			if (au->results[i].outcome == SK_AUDIT_CHECKED && au->results[i].no_email)
				printf("  %s\n", label(&reg->accounts[au->results[i].account], who, sizeof who));
	}
	if (s->unreachable > 0) {
		printf("\nCould not be checked (%zu", s->unreachable);
		if (s->limited > 0)
			printf(", %zu rate-limited", s->limited);
		if (s->no_answer > 0)
			printf(", %zu no answer within the %lld s deadline", s->no_answer,
			       (long long)(au->deadline_ms + 999) / 1000);
		printf("):\n");
		for (size_t i = 0; i < au->n; i++)
			if (au->results[i].outcome == SK_AUDIT_UNREACHABLE)
				printf("  %s: %s\n", label(&reg->accounts[au->results[i].account], who, sizeof who),
				       au->results[i].error.msg);
	}
	if (s->with_findings == 0 && s->unreachable == 0 && s->pending == 0)
		printf("\nNothing needs attention.\n");
}

/* ---- --json ------------------------------------------------------------ */

static cJSON *hooks_json(const struct sk_audit_result *r)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "total", (double)r->admin.nhooks);
	cJSON_AddNumberToObject(o, "active", (double)r->hooks_active);
	cJSON_AddNumberToObject(o, "inactive", (double)r->hooks_inactive);
	cJSON_AddNumberToObject(o, "deactivated", (double)r->hooks_deactivated);
	cJSON_AddNumberToObject(o, "other", (double)r->hooks_other);
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

		cJSON_AddItemToArray(blocked, sk_cli_blocked_json(b, time_left_now(b)));
	}
	emails = cJSON_AddArrayToObject(o, "emails");
	for (size_t k = 0; k < r->admin.nemails; k++)
		cJSON_AddItemToArray(emails, cJSON_CreateString(r->admin.emails[k] ? r->admin.emails[k] : ""));
	cJSON_AddBoolToObject(o, "no_notification_email", r->no_email);
	cJSON_AddNumberToObject(o, "requests", r->requests);
	cJSON_AddNumberToObject(o, "rate_limited", r->rate_limited);
	cJSON_AddNumberToObject(o, "retries", r->retries);
	cJSON_AddNumberToObject(o, "elapsed_ms", (double)r->elapsed_ms);
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
	cJSON_AddNumberToObject(sum, "exit_code", sk_status_exit_code(verdict));
	cJSON_AddBoolToObject(sum, "cancelled", au->cancelled);
	cJSON_AddNumberToObject(sum, "accounts", (double)s->accounts);
	cJSON_AddNumberToObject(sum, "stores", (double)au->nstores);
	cJSON_AddNumberToObject(sum, "checked", (double)s->checked);
	cJSON_AddNumberToObject(sum, "dead_tokens", (double)s->dead);
	cJSON_AddNumberToObject(sum, "unreachable", (double)s->unreachable);
	cJSON_AddNumberToObject(sum, "rate_limited_accounts", (double)s->limited);
	cJSON_AddNumberToObject(sum, "no_answer", (double)s->no_answer);
	cJSON_AddBoolToObject(sum, "deadline_passed", au->deadline_passed);
	cJSON_AddNumberToObject(sum, "deadline_s", (double)((au->deadline_ms + 999) / 1000));
	cJSON_AddNumberToObject(sum, "skipped", (double)s->skipped);
	cJSON_AddNumberToObject(sum, "pending", (double)s->pending);
	cJSON_AddNumberToObject(sum, "with_findings", (double)s->with_findings);
	cJSON_AddNumberToObject(sum, "hooks", (double)s->hooks);
	cJSON_AddNumberToObject(sum, "hooks_active", (double)s->active);
	cJSON_AddNumberToObject(sum, "hooks_inactive", (double)s->inactive);
	cJSON_AddNumberToObject(sum, "hooks_deactivated", (double)s->deactivated);
	cJSON_AddNumberToObject(sum, "hooks_other", (double)s->other);
	cJSON_AddNumberToObject(sum, "blocked_domains", (double)s->blocked);
	cJSON_AddNumberToObject(sum, "no_notification_email", (double)s->no_email);
	cJSON_AddNumberToObject(sum, "requests", s->requests);
	cJSON_AddNumberToObject(sum, "rate_limited", s->rate_limited);
	cJSON_AddNumberToObject(sum, "retries", s->retries);
	cJSON_AddNumberToObject(sum, "keyring_ms", (double)au->keyring_ms);
	cJSON_AddNumberToObject(sum, "elapsed_ms", (double)au->elapsed_ms);
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
