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
#include "bc_parse.h"
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
 * Load the registry, find ACCOUNT and fetch its access token; the one
 * opening every command here shares. On success *a points into reg (caller
 * clears reg), *token must be wiped with sk_secret_free and call is ready.
 */
static enum sk_status open_account(struct sk_cli *cli, const char *spec, struct sk_registry *reg,
				   const struct sk_account **a, char **token, struct sk_bc_call *call,
				   struct sk_error *err)
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
	else
		call_init(call, cli);
	return st;
}

/* What webhooks and notify hold while they talk to one account's hooks admin view. */
struct hooks_session {
	struct sk_registry reg;
	struct sk_hooks_admin adm;
	struct sk_bc_call call;
	const struct sk_account *a;
	char *token;
};

/* open_account into s; s must start zeroed. On failure there is nothing to close. */
static enum sk_status session_open(struct sk_cli *cli, const char *spec, struct hooks_session *s, struct sk_error *err)
{
	return open_account(cli, spec, &s->reg, &s->a, &s->token, &s->call, err);
}

/* Wipe the token as soon as the calls are done; session_close does it too. */
static void session_drop_token(struct hooks_session *s)
{
	sk_secret_free(s->token);
	s->token = NULL;
}

static void session_close(struct hooks_session *s)
{
	session_drop_token(s);
	sk_hooks_admin_clear(&s->adm);
	sk_registry_clear(&s->reg);
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

/* The notification e-mails as a JSON array (webhooks --json and notify --json). */
static cJSON *emails_json(const struct sk_hooks_admin *adm)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < adm->nemails; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(adm->emails[i]));
	return arr;
}

static cJSON *hooks_json(const struct sk_account *a, const struct sk_hooks_admin *adm, const char *status,
			 int64_t activated)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *hooks = cJSON_CreateArray(), *blocked = cJSON_CreateArray();

	cJSON_AddItemToObject(root, "account", sk_cli_account_json(a));
	if (activated > 0)
		cJSON_AddNumberToObject(root, "activated", (double)activated);
	cJSON_AddItemToObject(root, "emails", emails_json(adm));
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

/* ---- webhook writes ---------------------------------------------------- */

enum hook_op { OP_LIST, OP_CREATE, OP_UPDATE, OP_DELETE };

/* What the command line asked for; header values are secrets (wiped by hook_args_clear). */
struct hook_args {
	enum hook_op op;
	int64_t id;
	const char *scope;
	const char *destination;
	char **names;
	char **values; /* NULL entries: read from stdin (a hidden prompt on a terminal) */
	size_t nheaders;
	bool clear_headers;
	int active; /* 1, 0, -1 = not given */
	bool yes;
};

static void hook_args_clear(struct hook_args *h)
{
	for (size_t i = 0; i < h->nheaders; i++) {
		free(h->names[i]);
		sk_secret_free(h->values[i]);
	}
	free(h->names);
	free(h->values);
	h->names = h->values = NULL;
	h->nheaders = 0;
}

/* --header NAME=VALUE, or NAME alone (its value is read later). */
static void add_header(struct hook_args *h, const char *arg)
{
	const char *eq = strchr(arg, '=');
	size_t n = eq != NULL ? (size_t)(eq - arg) : strlen(arg);

	h->names = sk_xrealloc(h->names, (h->nheaders + 1) * sizeof *h->names);
	h->values = sk_xrealloc(h->values, (h->nheaders + 1) * sizeof *h->values);
	h->names[h->nheaders] = sk_xmalloc(n + 1);
	memcpy(h->names[h->nheaders], arg, n);
	h->names[h->nheaders][n] = '\0';
	h->values[h->nheaders] = eq != NULL ? sk_strdup(eq + 1) : NULL;
	h->nheaders++;
}

/* Values of --header NAME: one stdin line each, in order; a hidden prompt on a terminal. */
static enum sk_status read_header_values(const struct sk_cli *cli, struct hook_args *h, struct sk_error *err)
{
	char buf[SK_PARSE_MAX_STRING + 2], prompt[384], name[256];
	enum sk_status st = SK_OK;

	for (size_t i = 0; i < h->nheaders && st == SK_OK; i++) {
		bool too_long;

		if (h->values[i] != NULL)
			continue;
		sk_sanitize(h->names[i], name, sizeof name);
		snprintf(prompt, sizeof prompt, "Value of custom header %s (input hidden): ", name);
		if (!sk_cli_read_hidden(cli->tty_in ? prompt : NULL, buf, sizeof buf, &too_long))
			st = sk_error_set(err, SK_ERR_INVALID,
					  "no value for custom header \"%s\" on standard input (one line for each "
					  "--header NAME given without =VALUE)",
					  name);
		else if (too_long)
			st = sk_error_set(err, SK_ERR_INVALID, "the value of custom header \"%s\" is longer than %d bytes",
					  name, SK_PARSE_MAX_STRING);
		else
			h->values[i] = sk_strdup(buf);
	}
	sk_wipe(buf, sizeof buf);
	return st;
}

static const char *hook_status(const struct sk_webhook *h)
{
	return h->status[0] != '\0' ? h->status : h->is_active ? "active" : "inactive";
}

/* "Created webhook 7: store/order/created -> https://... (active)", the header names; values never. */
static void print_hook(const char *verb, const struct sk_webhook *h)
{
	char scope[CELL_MAX], dest[CELL_MAX], buf[CELL_MAX];

	printf("%s webhook %lld: %s -> %s (%s)\n", verb, (long long)h->id, sk_sanitize(h->scope, scope, sizeof scope),
	       sk_sanitize(h->destination, dest, sizeof dest), sk_sanitize(hook_status(h), buf, sizeof buf));
	if (h->nheaders > 0) {
		printf("  custom headers (values hidden): ");
		for (size_t k = 0; k < h->nheaders; k++)
			printf("%s%s", sk_sanitize(h->header_names[k], buf, sizeof buf), k + 1 < h->nheaders ? ", " : "\n");
	}
}

static int print_write_json(const struct sk_account *a, const char *action, const struct sk_webhook *h)
{
	cJSON *root = cJSON_CreateObject();

	cJSON_AddItemToObject(root, "account", sk_cli_account_json(a));
	cJSON_AddStringToObject(root, "action", action);
	cJSON_AddItemToObject(root, "hook", sk_json_webhook(h, hook_status(h)));
	return sk_cli_print_json(root);
}

/* After a write: GET /v3/hooks/{id} and compare it with what was asked. */
static enum sk_status read_back(const struct sk_account *a, const char *token, struct sk_bc_call *call, int64_t id,
				const struct sk_hook_spec *spec, struct sk_webhook *out, struct sk_error *err)
{
	const char *field = NULL;
	enum sk_status st;

	sk_webhook_clear(out);
	st = sk_bc_get_hook(a, token, call, id, out, err);
	if (st != SK_OK) {
		sk_error_prefix(err, "BigCommerce accepted the change, but webhook %lld could not be read back: ",
				(long long)id);
		return st;
	}
	if (!sk_hook_spec_matches(spec, out, &field))
		return sk_error_set(err, SK_ERR_BAD_RESPONSE,
				    "BigCommerce accepted the change, but reading webhook %lld back shows another %s "
				    "than was sent; see it with storekeys webhooks ACCOUNT",
				    (long long)id, field);
	return SK_OK;
}

/* The fresh read before a create: the account must not have this event+destination already. */
static enum sk_status no_duplicate(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				   const struct sk_hook_spec *spec, struct sk_error *err)
{
	struct sk_webhook *hooks = NULL;
	size_t n = 0;
	enum sk_status st = sk_bc_list_hooks(a, token, call, &hooks, &n, err);

	for (size_t i = 0; st == SK_OK && i < n; i++)
		if (hooks[i].scope != NULL && hooks[i].destination != NULL && strcmp(hooks[i].scope, spec->scope) == 0 &&
		    strcmp(hooks[i].destination, spec->destination) == 0)
			st = sk_error_set(err, SK_ERR_INVALID,
					  "webhook %lld already sends %s to that destination; change it with --update %lld",
					  (long long)hooks[i].id, spec->scope, (long long)hooks[i].id);
	sk_webhooks_free(hooks, n);
	return st;
}

/* A terminal confirms a delete by typing the id, or the event and the destination. */
static bool confirm_delete(const struct sk_webhook *h)
{
	char typed[4096], id[24], scope[CELL_MAX], dest[CELL_MAX];
	char *sp;
	bool too_long, ok = false;

	snprintf(id, sizeof id, "%lld", (long long)h->id);
	fprintf(stderr,
		"Deleting webhook %s: %s -> %s\n"
		"BigCommerce stops sending these events to it; this cannot be undone.\n"
		"Type the webhook id (%s), or its event and destination, to confirm: ",
		id, sk_sanitize(h->scope, scope, sizeof scope), sk_sanitize(h->destination, dest, sizeof dest), id);
	fflush(stderr);
	if (!sk_cli_read_hidden(NULL, typed, sizeof typed, &too_long) || too_long)
		return false;
	sk_trim(typed);
	if (strcmp(typed, id) == 0)
		return true;
	sp = strpbrk(typed, " \t");
	if (sp != NULL && h->scope != NULL && h->destination != NULL) {
		*sp++ = '\0';
		sp += strspn(sp, " \t");
		ok = strcmp(typed, h->scope) == 0 && strcmp(sp, h->destination) == 0;
	}
	return ok;
}

static int hook_write(struct sk_cli *cli, const char *account, struct hook_args *h, bool json)
{
	struct sk_registry reg;
	struct sk_bc_call call;
	struct sk_error err;
	struct sk_webhook out = {0}, before = {0};
	struct sk_hook_spec spec = {0};
	const struct sk_account *a = NULL;
	char *token = NULL;
	const char *action = NULL;
	enum sk_status st;
	int rc;

	memset(&reg, 0, sizeof reg);
	spec.scope = h->scope;
	spec.destination = h->destination;
	spec.header_names = h->names;
	spec.header_values = h->values;
	spec.nheaders = h->nheaders;
	spec.set_headers = h->clear_headers || h->nheaders > 0;
	spec.active = h->active;
	/* what can be checked here is checked before the keyring is even opened */
	if (h->op == OP_CREATE && !sk_hook_scope_known(h->scope)) {
		char shown[128];

		sk_error_set(&err, SK_ERR_INVALID,
			     "\"%s\" is not a BigCommerce webhook event; storekeys webhooks --events lists them "
			     "(wildcards such as store/order/* included)",
			     sk_sanitize(h->scope, shown, sizeof shown));
		return sk_cli_fail(&err);
	}
	if (h->destination != NULL && sk_hook_check_destination(h->destination, &err) != SK_OK)
		return sk_cli_fail(&err);
	if (h->op == OP_DELETE && !h->yes && !cli->tty_in)
		return sk_cli_usage("webhooks", "without a terminal, confirm --delete with --yes");
	st = read_header_values(cli, h, &err);
	spec.header_values = h->values;
	if (st == SK_OK && h->op != OP_DELETE)
		st = sk_hook_spec_check(&spec, h->op == OP_CREATE, &err);
	if (st == SK_OK)
		st = open_account(cli, account, &reg, &a, &token, &call, &err);
	if (st != SK_OK)
		return sk_cli_fail(&err);
	switch (h->op) {
	case OP_CREATE:
		action = "created";
		st = no_duplicate(a, token, &call, &spec, &err);
		if (st == SK_OK)
			st = sk_bc_create_hook(a, token, &call, &spec, &out, &err);
		/* the read-back holds exactly what was sent: no headers means none; active unless --inactive */
		spec.set_headers = true;
		if (spec.active == -1)
			spec.active = 1;
		if (st == SK_OK)
			st = read_back(a, token, &call, out.id, &spec, &out, &err);
		break;
	case OP_UPDATE:
		action = "updated";
		/* sk_bc_update_hook reads the hook first (R28) */
		st = sk_bc_update_hook(a, token, &call, h->id, &spec, &out, &err);
		if (st == SK_OK)
			st = read_back(a, token, &call, h->id, &spec, &out, &err);
		break;
	case OP_DELETE:
		action = "deleted";
		st = sk_bc_get_hook(a, token, &call, h->id, &before, &err);
		if (st == SK_OK && !h->yes && !confirm_delete(&before))
			st = sk_error_set(&err, SK_ERR_CANCELLED, "what was typed did not match; webhook %lld was not deleted",
					  (long long)h->id);
		if (st == SK_OK)
			st = sk_bc_delete_hook(a, token, &call, h->id, &err);
		/* the read-back: it must be gone */
		if (st == SK_OK) {
			struct sk_error gerr;
			enum sk_status g = sk_bc_get_hook(a, token, &call, h->id, &out, &gerr);

			if (g == SK_OK)
				st = sk_error_set(&err, SK_ERR_BAD_RESPONSE,
						  "BigCommerce answered the delete, but webhook %lld is still there",
						  (long long)h->id);
			else if (g != SK_ERR_HTTP_404)
				st = sk_error_set(&err, g,
						  "webhook %lld was deleted, but reading it back failed: %s",
						  (long long)h->id, gerr.msg);
			sk_webhook_clear(&out);
		}
		break;
	case OP_LIST:
		break;
	}
	sk_secret_free(token);
	if (st != SK_OK) {
		rc = sk_cli_fail(&err);
		goto out;
	}
	if (json) {
		rc = print_write_json(a, action, h->op == OP_DELETE ? &before : &out);
		goto out;
	}
	if (h->op == OP_DELETE)
		print_hook("Deleted", &before);
	else
		print_hook(h->op == OP_CREATE ? "Created" : "Updated", &out);
	if (h->op == OP_CREATE)
		printf("BigCommerce may take up to a minute to start sending it.\n");
	rc = 0;
out:
	sk_webhook_clear(&out);
	sk_webhook_clear(&before);
	sk_registry_clear(&reg);
	return rc;
}

static int print_events(bool json)
{
	size_t n;
	const char *const *ev = sk_hook_scopes(&n);

	if (json) {
		cJSON *arr = cJSON_CreateArray();

		for (size_t i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(ev[i]));
		return sk_cli_print_json(arr);
	}
	for (size_t i = 0; i < n; i++)
		printf("%s\n", ev[i]);
	return 0;
}

/* Which options go with which action; a sentence for the first misfit, or NULL. */
static const char *hook_args_misfit(const struct hook_args *h, bool events, const char *status, int64_t activate)
{
	int ops = (h->op != OP_LIST) + events + (activate > 0);

	if (ops > 1)
		return "give one of --create, --update, --delete, --activate and --events";
	if (h->op == OP_CREATE && h->destination == NULL)
		return "--create needs --destination URL";
	if (h->op == OP_DELETE || h->op == OP_LIST) {
		if (h->destination != NULL || h->nheaders > 0 || h->clear_headers || h->active != -1)
			return "--destination, --header, --clear-headers, --active and --inactive go with --create or "
			       "--update";
	}
	if (h->op == OP_CREATE && h->clear_headers)
		return "--clear-headers goes with --update";
	if (h->clear_headers && h->nheaders > 0)
		return "--header already replaces every custom header; --clear-headers removes them all: give one";
	if (h->op == OP_UPDATE && h->destination == NULL && h->nheaders == 0 && !h->clear_headers && h->active == -1)
		return "--update needs something to change: --destination, --header, --clear-headers, --active or "
		       "--inactive";
	if (h->yes && h->op != OP_DELETE)
		return "--yes only confirms --delete";
	if (status != NULL && (h->op != OP_LIST || events))
		return "--status goes with the list";
	return NULL;
}

int sk_cmd_webhooks(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"status", required_argument, NULL, 's'},
					     {"activate", required_argument, NULL, 'a'},
					     {"create", required_argument, NULL, 'c'},
					     {"update", required_argument, NULL, 'u'},
					     {"delete", required_argument, NULL, 'd'},
					     {"destination", required_argument, NULL, 'D'},
					     {"header", required_argument, NULL, 'H'},
					     {"clear-headers", no_argument, NULL, 'C'},
					     {"active", no_argument, NULL, 'A'},
					     {"inactive", no_argument, NULL, 'I'},
					     {"yes", no_argument, NULL, 'y'},
					     {"events", no_argument, NULL, 'E'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct hooks_session s;
	struct sk_error err;
	struct hook_args ha = {.op = OP_LIST, .active = -1};
	const char *status = NULL, *misfit;
	bool json = false, events = false;
	int64_t activate = 0;
	enum sk_status st;
	int c, rc;

	memset(&s, 0, sizeof s);
	optind = 0;
	while ((c = sk_cli_getopt("webhooks", argc, argv, "y", opts)) != -1) {
		const char *bad = NULL;

		switch (c) {
		case 'j':
			json = true;
			break;
		case 's':
			if (!status_known(optarg))
				bad = "--status takes active, inactive or deactivated";
			status = optarg;
			break;
		case 'a':
			if (!parse_id(optarg, &activate))
				bad = "--activate takes a webhook id (a whole number from 1)";
			break;
		case 'c':
		case 'u':
		case 'd':
			if (ha.op != OP_LIST)
				bad = "give one of --create, --update and --delete";
			else if (c == 'c')
				ha.scope = optarg;
			else if (!parse_id(optarg, &ha.id))
				bad = "--update and --delete take a webhook id (a whole number from 1)";
			ha.op = c == 'c' ? OP_CREATE : c == 'u' ? OP_UPDATE : OP_DELETE;
			break;
		case 'D':
			ha.destination = optarg;
			break;
		case 'H':
			if (optarg[0] == '=' || optarg[0] == '\0')
				bad = "--header takes NAME=VALUE, or NAME alone to type the value hidden";
			else
				add_header(&ha, optarg);
			break;
		case 'C':
			ha.clear_headers = true;
			break;
		case 'A':
		case 'I':
			if (ha.active != -1 && ha.active != (c == 'A'))
				bad = "give --active or --inactive, not both";
			ha.active = c == 'A';
			break;
		case 'y':
			ha.yes = true;
			break;
		case 'E':
			events = true;
			break;
		case 'h':
			hook_args_clear(&ha);
			return sk_cli_help("webhooks");
		default:
			hook_args_clear(&ha);
			return sk_status_exit_code(SK_ERR_USAGE);
		}
		if (bad != NULL) {
			hook_args_clear(&ha);
			return sk_cli_usage("webhooks", "%s", bad);
		}
	}
	misfit = hook_args_misfit(&ha, events, status, activate);
	if (misfit == NULL && events && optind != argc)
		misfit = "--events takes no ACCOUNT";
	else if (misfit == NULL && !events && optind != argc - 1)
		misfit = "give exactly one ACCOUNT";
	if (misfit != NULL) {
		hook_args_clear(&ha);
		return sk_cli_usage("webhooks", "%s", misfit);
	}
	if (events)
		return print_events(json);
	if (ha.op != OP_LIST) {
		rc = hook_write(cli, argv[optind], &ha, json);
		hook_args_clear(&ha);
		return rc;
	}
	st = session_open(cli, argv[optind], &s, &err);
	if (st != SK_OK)
		return sk_cli_fail(&err);
	if (activate > 0)
		st = sk_bc_set_hook_active(s.a, s.token, &s.call, activate, true, &err);
	if (st == SK_OK)
		st = sk_bc_hooks_admin(s.a, s.token, &s.call, &s.adm, &err);
	if (st == SK_OK)
		st = fill_status(s.a, s.token, &s.call, &s.adm, &err);
	session_drop_token(&s);
	if (st != SK_OK) {
		rc = sk_cli_fail(&err);
		goto out;
	}
	if (json) {
		rc = sk_cli_print_json(hooks_json(s.a, &s.adm, status, activate));
		goto out;
	}
	if (activate > 0) {
		const char *now = "?";

		for (size_t i = 0; i < s.adm.nhooks; i++)
			if (s.adm.hooks[i].id == activate)
				now = s.adm.hooks[i].status;
		printf("Re-activated webhook %lld; BigCommerce now reports it as %s.\n\n", (long long)activate, now);
	}
	print_hooks(s.a, &s.adm, status);
	printf("\n");
	print_blocked(&s.adm);
	print_emails(s.a, &s.adm);
	rc = 0;
out:
	session_close(&s);
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
	struct hooks_session s;
	struct sk_error err;
	const char *set = NULL;
	char **emails = NULL;
	size_t nemails = 0;
	bool json = false, yes = false;
	enum sk_status st;
	int c, rc;

	memset(&s, 0, sizeof s);
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
	st = session_open(cli, argv[optind], &s, &err);
	if (st != SK_OK) {
		sk_strv_free(emails, nemails);
		return sk_cli_fail(&err);
	}
	/* sk_bc_set_emails reads the current list first (R28) */
	if (set != NULL)
		st = sk_bc_set_emails(s.a, s.token, &s.call, emails, nemails, NULL, 0, &err);
	/* read back what BigCommerce now holds rather than echoing our own list */
	if (st == SK_OK)
		st = sk_bc_hooks_admin(s.a, s.token, &s.call, &s.adm, &err);
	session_drop_token(&s);
	if (st == SK_OK && set != NULL && !emails_equal(&s.adm, emails, nemails))
		st = sk_error_set(&err, SK_ERR_BAD_RESPONSE,
				  "BigCommerce accepted the e-mails but reads back a different list (shown by "
				  "storekeys notify ACCOUNT)");
	if (st != SK_OK) {
		rc = sk_cli_fail(&err);
		goto out;
	}
	if (json) {
		cJSON *root = cJSON_CreateObject();

		cJSON_AddItemToObject(root, "account", sk_cli_account_json(s.a));
		cJSON_AddItemToObject(root, "emails", emails_json(&s.adm));
		cJSON_AddBoolToObject(root, "changed", set != NULL);
		rc = sk_cli_print_json(root);
		goto out;
	}
	if (set != NULL)
		printf("Updated the notification e-mails.\n");
	print_emails(s.a, &s.adm);
	rc = 0;
out:
	sk_strv_free(emails, nemails);
	session_close(&s);
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
	st = open_account(cli, argv[optind], &reg, &a, &token, &call, &err);
	if (st != SK_OK)
		return sk_cli_fail(&err);
	if (probe && a->level != SK_LEVEL_STORE) {
		sk_secret_free(token);
		sk_registry_clear(&reg);
		return sk_cli_usage("verify", "--probe-scopes works for store-level accounts only");
	}
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
