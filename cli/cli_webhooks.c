/* cli_webhooks.c - the webhooks, notify and verify commands: one account's webhooks, e-mails and token check. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cJSON.h>

#include "bc.h"
#include "cli.h"
#include "jsonout.h"
#include "scopes.h"
#include "util.h"
#include "vault.h"

/* Widest scope and destination cells in the text table; longer text is cut with "...". */
#define SCOPE_COL_MAX 40
#define DEST_COL_MAX 72
/* Bytes of one sanitized table cell (server text can be long). */
#define CELL_MAX 1024

/* ---- shared helpers ---------------------------------------------------- */

/* The account in --json: non-secret identifiers only. */

/* Retry notices reach a person even without -v (a 429 wait can last a minute). */
static void cli_progress(void *ud, const char *text)
{
	const struct sk_cli *cli = ud;

	if (cli->verbose == 0 && strstr(text, "retrying") != NULL)
		fprintf(stderr, "storekeys: %s\n", text);
}

static void call_init(struct sk_bc_call *call, struct sk_cli *cli)
{
	memset(call, 0, sizeof *call);
	call->progress = cli_progress;
	call->ud = cli;
}

/*
 * Load the registry, find ACCOUNT and fetch its access token. On success
 * *a points into reg (caller clears reg) and *token must be wiped with
 * sk_secret_free.
 */
static enum sk_status open_account(struct sk_cli *cli, const char *spec, struct sk_registry *reg,
				   const struct sk_account **a, char **token, struct sk_error *err)
{
	size_t idx;
	enum sk_status st;

	*token = NULL;
	st = sk_cli_find(cli, spec, reg, &idx, err);
	if (st != SK_OK)
		return st;
	*a = &reg->accounts[idx];
	st = sk_vault_secret(*a, SK_FIELD_ACCESS_TOKEN, token, err);
	if (st != SK_OK)
		sk_registry_clear(reg);
	return st;
}

/* Print s (already sanitized) padded with spaces to width code points; cut with "..." when longer. */
static void cell(const char *s, int width, bool last)
{
	int n = (int)sk_utf8_len(s);

	if (width > 3 && n > width) {
		int keep = width - 3;
		const char *p = s;

		for (int i = 0; i < keep && *p; i++) {
			p++;
			while (((unsigned char)*p & 0xc0) == 0x80)
				p++;
		}
		fwrite(s, 1, (size_t)(p - s), stdout);
		fputs("...", stdout);
		n = width;
	} else {
		fputs(s, stdout);
	}
	if (!last)
		printf("%*s", width - n + 2, "");
}

static int cell_width(const char *s, int max)
{
	int n = (int)sk_utf8_len(s);

	return n > max ? max : n;
}

/* ---- webhooks ---------------------------------------------------------- */

static bool status_known(const char *s)
{
	return strcmp(s, "active") == 0 || strcmp(s, "inactive") == 0 || strcmp(s, "deactivated") == 0;
}

static bool parse_id(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 1 || v >= (1LL << 53))
		return false;
	*out = v;
	return true;
}

/*
 * hooks/admin carries each hook's status. If it ever leaves a status out,
 * GET /v3/hooks is asked as well and the missing ones are derived from
 * is_active (hooks only the list knows are added the same way).
 */
static enum sk_status fill_status(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				  struct sk_hooks_admin *adm, struct sk_error *err)
{
	struct sk_webhook *list = NULL;
	size_t n = 0;
	bool need = false;
	enum sk_status st;

	for (size_t i = 0; i < adm->nhooks; i++)
		if (adm->hooks[i].status[0] == '\0')
			need = true;
	if (!need)
		return SK_OK;
	st = sk_bc_list_hooks(a, token, call, &list, &n, err);
	if (st != SK_OK)
		return st;
	for (size_t j = 0; j < n; j++) {
		bool found = false;

		for (size_t i = 0; i < adm->nhooks && !found; i++)
			found = adm->hooks[i].id == list[j].id;
		if (!found) {
			adm->hooks = sk_xrealloc(adm->hooks, (adm->nhooks + 1) * sizeof *adm->hooks);
			adm->hooks[adm->nhooks++] = list[j];
			memset(&list[j], 0, sizeof list[j]);
		}
	}
	for (size_t i = 0; i < adm->nhooks; i++)
		if (adm->hooks[i].status[0] == '\0')
			sk_strlcpy(adm->hooks[i].status, adm->hooks[i].is_active ? "active" : "inactive",
				   sizeof adm->hooks[i].status);
	sk_webhooks_free(list, n);
	return SK_OK;
}

static bool hook_selected(const struct sk_webhook *h, const char *status)
{
	return status == NULL || strcmp(h->status, status) == 0;
}

static cJSON *hooks_json(const struct sk_account *a, const struct sk_hooks_admin *adm, const char *status,
			 int64_t activated)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *emails = cJSON_CreateArray(), *hooks = cJSON_CreateArray(), *blocked = cJSON_CreateArray();

	cJSON_AddItemToObject(root, "account", sk_cli_account_json(a));
	if (activated > 0)
		cJSON_AddNumberToObject(root, "activated", (double)activated);
	for (size_t i = 0; i < adm->nemails; i++)
		cJSON_AddItemToArray(emails, cJSON_CreateString(adm->emails[i]));
	cJSON_AddItemToObject(root, "emails", emails);
	for (size_t i = 0; i < adm->nhooks; i++) {
		const struct sk_webhook *h = &adm->hooks[i];

		if (hook_selected(h, status))
			cJSON_AddItemToArray(hooks, sk_json_webhook(h, h->status));
	}
	cJSON_AddItemToObject(root, "hooks", hooks);
	for (size_t i = 0; i < adm->nblocked; i++) {
		const struct sk_blocked_domain *b = &adm->blocked[i];

		cJSON_AddItemToArray(blocked, sk_cli_blocked_json(b, b->time_left));
	}
	cJSON_AddItemToObject(root, "blocked_domains", blocked);
	return root;
}

static void print_emails(const struct sk_account *a, const struct sk_hooks_admin *adm)
{
	char buf[512], name[SK_NAME_MAX_BYTES + 1];

	printf("Notification e-mails: ");
	if (adm->nemails == 0)
		printf("none\n");
	for (size_t i = 0; i < adm->nemails; i++)
		printf("%s%s", sk_sanitize(adm->emails[i], buf, sizeof buf), i + 1 < adm->nemails ? ", " : "\n");
	if (adm->nemails == 0)
		fprintf(stderr,
			"storekeys: warning: no notification e-mails are set, so nobody hears when BigCommerce "
			"blocklists a domain or deactivates a webhook of \"%s\" (storekeys notify ACCOUNT --set EMAIL)\n",
			sk_sanitize(a->name, name, sizeof name));
}

static void print_hooks(const struct sk_account *a, const struct sk_hooks_admin *adm, const char *status)
{
	enum { C_ID, C_STATUS, C_SCOPE, C_DEST, C_CREATED, C_UPDATED, NCOL };
	static const char *const head[NCOL] = {"ID", "STATUS", "SCOPE", "DESTINATION", "CREATED", "UPDATED"};
	int w[NCOL];
	size_t shown = 0, active = 0;
	char name[SK_NAME_MAX_BYTES + 1];

	for (int c = 0; c < NCOL; c++)
		w[c] = (int)strlen(head[c]);
	w[C_CREATED] = w[C_UPDATED] = 16;
	for (size_t i = 0; i < adm->nhooks; i++) {
		const struct sk_webhook *h = &adm->hooks[i];
		char buf[CELL_MAX], id[24];
		int n;

		if (strcmp(h->status, "active") == 0)
			active++;
		if (!hook_selected(h, status))
			continue;
		shown++;
		n = snprintf(id, sizeof id, "%lld", (long long)h->id);
		if (n > w[C_ID])
			w[C_ID] = n;
		if ((n = cell_width(sk_sanitize(h->status, buf, sizeof buf), 16)) > w[C_STATUS])
			w[C_STATUS] = n;
		if ((n = cell_width(sk_sanitize(h->scope, buf, sizeof buf), SCOPE_COL_MAX)) > w[C_SCOPE])
			w[C_SCOPE] = n;
		if ((n = cell_width(sk_sanitize(h->destination, buf, sizeof buf), DEST_COL_MAX)) > w[C_DEST])
			w[C_DEST] = n;
	}
	printf("Webhooks of \"%s\" (store %s): %zu in all, %zu active", sk_sanitize(a->name, name, sizeof name),
	       a->store_hash, adm->nhooks, active);
	if (status != NULL)
		printf(", %zu %s", shown, status);
	printf("\n");
	if (shown == 0) {
		printf(status ? "No webhook is %s.\n" : "No webhooks.\n", status);
		return;
	}
	for (int c = 0; c < NCOL; c++)
		cell(head[c], w[c], c == NCOL - 1);
	printf("\n");
	for (size_t i = 0; i < adm->nhooks; i++) {
		const struct sk_webhook *h = &adm->hooks[i];
		char buf[CELL_MAX], id[24], t[32];

		if (!hook_selected(h, status))
			continue;
		snprintf(id, sizeof id, "%lld", (long long)h->id);
		cell(id, w[C_ID], false);
		cell(sk_sanitize(h->status, buf, sizeof buf), w[C_STATUS], false);
		cell(sk_sanitize(h->scope, buf, sizeof buf), w[C_SCOPE], false);
		cell(sk_sanitize(h->destination, buf, sizeof buf), w[C_DEST], false);
		cell(sk_time_str(h->created_at, t, sizeof t), w[C_CREATED], false);
		cell(sk_time_str(h->updated_at, t, sizeof t), w[C_UPDATED], true);
		printf("\n");
		if (h->nheaders > 0) {
			printf("%*s  custom headers (values hidden): ", w[C_ID], "");
			for (size_t k = 0; k < h->nheaders; k++)
				printf("%s%s", sk_sanitize(h->header_names[k], buf, sizeof buf),
				       k + 1 < h->nheaders ? ", " : "\n");
		}
	}
}

static void print_blocked(const struct sk_hooks_admin *adm)
{
	char buf[CELL_MAX], left[32], when[32];

	if (adm->nblocked == 0) {
		printf("Blocklisted domains: none\n");
		return;
	}
	printf("Blocklisted domains (webhooks to them are held back):\n");
	for (size_t i = 0; i < adm->nblocked; i++) {
		const struct sk_blocked_domain *b = &adm->blocked[i];

		printf("  %s  blocked for another %s\n", sk_sanitize(b->destination, buf, sizeof buf),
		       sk_duration_str(b->time_left, left, sizeof left));
		for (size_t k = 0; k < b->nreasons; k++)
			printf("    %s: %lld failure%s, last %s\n",
			       sk_sanitize(b->reasons[k].description ? b->reasons[k].description : "?", buf, sizeof buf),
			       (long long)b->reasons[k].count, b->reasons[k].count == 1 ? "" : "s",
			       sk_time_str(b->reasons[k].timestamp, when, sizeof when));
	}
}

int sk_cmd_webhooks(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"status", required_argument, NULL, 's'},
					     {"activate", required_argument, NULL, 'a'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct sk_registry reg;
	struct sk_hooks_admin adm;
	struct sk_bc_call call;
	struct sk_error err;
	const struct sk_account *a = NULL;
	const char *status = NULL;
	char *token = NULL;
	bool json = false;
	int64_t activate = 0;
	enum sk_status st;
	int c, rc;

	memset(&reg, 0, sizeof reg);
	memset(&adm, 0, sizeof adm);
	optind = 0;
	while ((c = sk_cli_getopt("webhooks", argc, argv, NULL, opts)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 's':
			if (!status_known(optarg))
				return sk_cli_usage("webhooks", "--status takes active, inactive or deactivated");
			status = optarg;
			break;
		case 'a':
			if (!parse_id(optarg, &activate))
				return sk_cli_usage("webhooks", "--activate takes a webhook id (a whole number from 1)");
			break;
		case 'h':
			return sk_cli_help("webhooks");
		default:
			return sk_status_exit_code(SK_ERR_USAGE);
		}
	}
	if (optind != argc - 1)
		return sk_cli_usage("webhooks", "give exactly one ACCOUNT");
	st = open_account(cli, argv[optind], &reg, &a, &token, &err);
	if (st != SK_OK)
		return sk_cli_fail(&err);
	call_init(&call, cli);
	if (activate > 0)
		st = sk_bc_set_hook_active(a, token, &call, activate, true, &err);
	if (st == SK_OK)
		st = sk_bc_hooks_admin(a, token, &call, &adm, &err);
	if (st == SK_OK)
		st = fill_status(a, token, &call, &adm, &err);
	sk_secret_free(token);
	token = NULL;
	if (st != SK_OK) {
		rc = sk_cli_fail(&err);
		goto out;
	}
	if (json) {
		rc = sk_cli_print_json(hooks_json(a, &adm, status, activate));
		goto out;
	}
	if (activate > 0) {
		const char *now = "?";

		for (size_t i = 0; i < adm.nhooks; i++)
			if (adm.hooks[i].id == activate)
				now = adm.hooks[i].status;
		printf("Re-activated webhook %lld; BigCommerce now reports it as %s.\n\n", (long long)activate, now);
	}
	print_hooks(a, &adm, status);
	printf("\n");
	print_blocked(&adm);
	print_emails(a, &adm);
	rc = 0;
out:
	sk_hooks_admin_clear(&adm);
	sk_registry_clear(&reg);
	return rc;
}

/* ---- notify ------------------------------------------------------------ */

/* The read-back holds the e-mails that were set (in any order and case: the API may normalize them). */
static bool emails_equal(const struct sk_hooks_admin *adm, char *const *emails, size_t n)
{
	if (adm->nemails != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (size_t j = 0; j < adm->nemails && !found; j++)
			found = strcasecmp(adm->emails[j], emails[i]) == 0;
		if (!found)
			return false;
	}
	return true;
}

int sk_cmd_notify(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"set", required_argument, NULL, 's'},
					     {"yes", no_argument, NULL, 'y'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct sk_registry reg;
	struct sk_hooks_admin adm;
	struct sk_bc_call call;
	struct sk_error err;
	const struct sk_account *a = NULL;
	const char *set = NULL;
	char **emails = NULL;
	size_t nemails = 0;
	char *token = NULL;
	bool json = false, yes = false;
	enum sk_status st;
	int c, rc;

	memset(&reg, 0, sizeof reg);
	memset(&adm, 0, sizeof adm);
	optind = 0;
	while ((c = sk_cli_getopt("notify", argc, argv, "y", opts)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 's':
			set = optarg;
			break;
		case 'y':
			yes = true;
			break;
		case 'h':
			return sk_cli_help("notify");
		default:
			return sk_status_exit_code(SK_ERR_USAGE);
		}
	}
	if (optind != argc - 1)
		return sk_cli_usage("notify", "give exactly one ACCOUNT");
	if (set != NULL) {
		st = sk_emails_parse(set, &emails, &nemails, &err);
		if (st != SK_OK)
			return sk_cli_fail(&err);
		/* with no e-mail at all nobody hears of a deactivated hook: make that a deliberate choice */
		if (nemails == 0 && !yes) {
			sk_strv_free(emails, nemails);
			return sk_cli_usage("notify",
					    "--set '' removes every notification e-mail, so nobody is told when a "
					    "webhook is deactivated; add --yes to do it anyway");
		}
	}
	st = open_account(cli, argv[optind], &reg, &a, &token, &err);
	if (st != SK_OK) {
		sk_strv_free(emails, nemails);
		return sk_cli_fail(&err);
	}
	call_init(&call, cli);
	/* sk_bc_set_emails reads the current list first (R28) */
	if (set != NULL)
		st = sk_bc_set_emails(a, token, &call, emails, nemails, NULL, 0, &err);
	/* read back what BigCommerce now holds rather than echoing our own list */
	if (st == SK_OK)
		st = sk_bc_hooks_admin(a, token, &call, &adm, &err);
	if (st == SK_OK && set != NULL && !emails_equal(&adm, emails, nemails))
		st = sk_error_set(&err, SK_ERR_BAD_RESPONSE,
				  "BigCommerce accepted the e-mails but reads back a different list (shown by "
				  "storekeys notify ACCOUNT)");
	sk_secret_free(token);
	if (st != SK_OK) {
		rc = sk_cli_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *root = cJSON_CreateObject(), *arr = cJSON_CreateArray();

		cJSON_AddItemToObject(root, "account", sk_cli_account_json(a));
		for (size_t i = 0; i < adm.nemails; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(adm.emails[i]));
		cJSON_AddItemToObject(root, "emails", arr);
		cJSON_AddBoolToObject(root, "changed", set != NULL);
		rc = sk_cli_print_json(root);
		goto out;
	}
	if (set != NULL)
		printf("Updated the notification e-mails.\n");
	print_emails(a, &adm);
	rc = 0;
out:
	sk_strv_free(emails, nemails);
	sk_hooks_admin_clear(&adm);
	sk_registry_clear(&reg);
	return rc;
}

/* ---- verify ------------------------------------------------------------ */

static const char *probe_state_name(enum sk_probe_state s)
{
	switch (s) {
	case SK_PROBE_GRANTED:
		return "granted";
	case SK_PROBE_MISSING:
		return "missing";
	case SK_PROBE_NOT_PROBEABLE:
		return "not_probeable";
	case SK_PROBE_ERROR:
		return "error";
	}
	return "error";
}

/* The level label the registry records for a resource ("Read-only"), or NULL. */
static const char *recorded_level(const struct sk_account *a, const struct sk_scope_resource *res)
{
	for (size_t l = 0; l < res->nlevels; l++)
		for (size_t i = 0; i < a->nscopes; i++)
			if (res->levels[l].scope && strcmp(a->scopes[i], res->levels[l].scope) == 0)
				return res->levels[l].label;
	return NULL;
}

/* Does the API agree with the registry? -1 when the API could not tell. */
static int probe_agrees(const struct sk_probe_result *p)
{
	if (p->state == SK_PROBE_GRANTED)
		return p->recorded;
	if (p->state == SK_PROBE_MISSING)
		return !p->recorded;
	return -1;
}

static cJSON *probes_json(const struct sk_account *a, const struct sk_probe_result *p, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		const char *lvl = recorded_level(a, p[i].resource);
		int agrees = probe_agrees(&p[i]);

		cJSON_AddStringToObject(o, "resource", p[i].resource->ui_name);
		if (lvl != NULL)
			cJSON_AddStringToObject(o, "recorded", lvl);
		else
			cJSON_AddNullToObject(o, "recorded");
		cJSON_AddStringToObject(o, "state", probe_state_name(p[i].state));
		if (p[i].resource->probe != NULL)
			cJSON_AddStringToObject(o, "probe", p[i].resource->probe);
		else
			cJSON_AddNullToObject(o, "probe");
		cJSON_AddNumberToObject(o, "http_status", p[i].http_status);
		if (agrees < 0)
			cJSON_AddNullToObject(o, "agrees");
		else
			cJSON_AddBoolToObject(o, "agrees", agrees);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

static void print_probes(const struct sk_account *a, const struct sk_probe_result *p, size_t n)
{
	int w = (int)strlen("RESOURCE");
	size_t differ = 0;

	for (size_t i = 0; i < n; i++)
		if ((int)strlen(p[i].resource->ui_name) > w)
			w = (int)strlen(p[i].resource->ui_name);
	printf("\n%-*s  %-10s  %-14s  %s\n", w, "RESOURCE", "RECORDED", "API SAYS", "NOTE");
	for (size_t i = 0; i < n; i++) {
		const char *lvl = recorded_level(a, p[i].resource);
		int agrees = probe_agrees(&p[i]);
		char state[32];
		const char *note = "";

		if (p[i].state == SK_PROBE_ERROR)
			snprintf(state, sizeof state, "error (%d)", p[i].http_status);
		else
			snprintf(state, sizeof state, "%s",
				 p[i].state == SK_PROBE_NOT_PROBEABLE ? "not probeable" : probe_state_name(p[i].state));
		if (agrees == 0) {
			differ++;
			note = p[i].recorded ? "recorded, but the API refuses it" : "works, but not recorded";
		} else if (p[i].state == SK_PROBE_NOT_PROBEABLE && p[i].resource->note != NULL) {
			note = p[i].resource->note;
		}
		printf("%-*s  %-10s  %-14s", w, p[i].resource->ui_name, lvl ? lvl : "-", state);
		printf(note[0] ? "  %s\n" : "%s\n", note);
	}
	if (differ > 0)
		printf("\n%zu resource%s differ%s from the registry. Scopes cannot be changed after creation; "
		       "re-import the account with the right --scopes if the registry is wrong.\n",
		       differ, differ == 1 ? "" : "s", differ == 1 ? "s" : "");
	else
		printf("\nEvery probed resource agrees with the registry (read-only and modify cannot be told apart).\n");
}

static void print_verify(const struct sk_account *a, const struct sk_verify_result *v, int64_t when, bool recorded)
{
	char name[SK_NAME_MAX_BYTES + 1], t[32];

	printf("\"%s\": the token works.\n", sk_sanitize(a->name, name, sizeof name));
	if (a->level == SK_LEVEL_STORE) {
		if (v->have_store_info)
			printf("  store:        %s (%s, %s) %s\n", v->store.name, v->store.domain,
			       v->store.status[0] ? v->store.status : "?", a->store_hash);
		else
			printf("  store:        %s (the name needs the Information & settings scope)\n", a->store_hash);
	} else {
		printf("  account:      %s %s\n", v->account_name[0] ? v->account_name : "(name not readable)",
		       a->account_uuid);
	}
	if (v->rate_left >= 0)
		printf("  rate limit:   %d request%s left in this window\n", v->rate_left, v->rate_left == 1 ? "" : "s");
	if (recorded)
		printf("  verified at:  %s (recorded)\n", sk_time_str(when, t, sizeof t));
}

int sk_cmd_verify(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"probe-scopes", no_argument, NULL, 'p'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct sk_registry reg;
	struct sk_verify_result v;
	struct sk_probe_result *probes = NULL;
	size_t nprobes = 0;
	struct sk_bc_call call;
	struct sk_error err, merr;
	const struct sk_account *a = NULL;
	char *token = NULL;
	bool json = false, probe = false, recorded = false;
	int64_t when = (int64_t)time(NULL);
	enum sk_status st;
	cJSON *root = NULL;
	int c, rc;

	memset(&reg, 0, sizeof reg);
	optind = 0;
	while ((c = sk_cli_getopt("verify", argc, argv, NULL, opts)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'p':
			probe = true;
			break;
		case 'h':
			return sk_cli_help("verify");
		default:
			return sk_status_exit_code(SK_ERR_USAGE);
		}
	}
	if (optind != argc - 1)
		return sk_cli_usage("verify", "give exactly one ACCOUNT");
	st = open_account(cli, argv[optind], &reg, &a, &token, &err);
	if (st != SK_OK)
		return sk_cli_fail(&err);
	if (probe && a->level != SK_LEVEL_STORE) {
		sk_secret_free(token);
		sk_registry_clear(&reg);
		return sk_cli_usage("verify", "--probe-scopes works for store-level accounts only");
	}
	call_init(&call, cli);
	st = sk_bc_verify(a, token, &call, &v, &err);
	if (st == SK_OK && probe)
		st = sk_bc_probe_scopes(a, token, &call, &probes, &nprobes, &err);
	sk_secret_free(token);
	if (v.token_ok) {
		/* a registry that cannot be written (newer schema, busy) does not undo the answer */
		if (sk_vault_mark_verified(cli->dir, a->id, when, v.have_store_info ? v.store.name : NULL, &merr) ==
		    SK_OK)
			recorded = true;
		else
			fprintf(stderr, "storekeys: warning: the check was not recorded: %s\n", merr.msg);
	}
	if (json && (st == SK_OK || st == SK_ERR_HTTP_401)) {
		root = cJSON_CreateObject();
		cJSON_AddItemToObject(root, "account", sk_cli_account_json(a));
		cJSON_AddBoolToObject(root, "token_ok", v.token_ok);
		if (st != SK_OK) {
			cJSON *e = cJSON_AddObjectToObject(root, "error");

			cJSON_AddStringToObject(e, "code", sk_status_name(st));
			cJSON_AddStringToObject(e, "message", err.msg);
		}
		if (recorded)
			cJSON_AddNumberToObject(root, "verified_at", (double)when);
		else
			cJSON_AddNullToObject(root, "verified_at");
		if (a->level == SK_LEVEL_STORE && v.have_store_info) {
			cJSON *s = cJSON_AddObjectToObject(root, "store");

			cJSON_AddStringToObject(s, "name", v.store.name);
			cJSON_AddStringToObject(s, "domain", v.store.domain);
			cJSON_AddStringToObject(s, "status", v.store.status);
			cJSON_AddStringToObject(s, "account_uuid", v.store.account_uuid);
		} else if (a->level == SK_LEVEL_STORE) {
			cJSON_AddNullToObject(root, "store");
		} else {
			cJSON_AddStringToObject(root, "account_name", v.account_name);
		}
		if (v.rate_left >= 0)
			cJSON_AddNumberToObject(root, "rate_left", v.rate_left);
		else
			cJSON_AddNullToObject(root, "rate_left");
		cJSON_AddNumberToObject(root, "requests", call.requests);
		if (probe && st == SK_OK)
			cJSON_AddItemToObject(root, "probes", probes_json(a, probes, nprobes));
		rc = sk_cli_print_json(root);
		if (st != SK_OK)
			rc = sk_cli_fail(&err);
		goto out;
	}
	if (st != SK_OK) {
		rc = sk_cli_fail(&err);
		goto out;
	}
	print_verify(a, &v, when, recorded);
	if (probe)
		print_probes(a, probes, nprobes);
	rc = 0;
out:
	free(probes);
	sk_registry_clear(&reg);
	return rc;
}
