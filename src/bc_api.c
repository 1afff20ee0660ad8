/* bc_api.c - the BigCommerce calls storekeys makes: webhooks, hooks/admin, verify, scope probes, metafields. */
#include "config.h"

#include <cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bc.h"
#include "bc_http.h"
#include "bc_parse.h"
#include "scopes.h"
#include "util.h"

/* The largest page BigCommerce serves for v3 lists (common-query-params.mdx). */
#define PAGE_LIMIT 250
/* More notification e-mails than this is a typing accident, not a policy. */
#define MAX_EMAILS 100
#define INFO_RESOURCE "Information & settings"
#define ACCOUNT_QUERY "query { account { id accountInfo { name } } }"

static void progress(struct sk_bc_call *call, const char *text)
{
	if (call != NULL && call->progress != NULL)
		call->progress(call->ud, text);
}

static enum sk_status need_store(const struct sk_account *a, const char *what, struct sk_error *err)
{
	char name[SK_NAME_MAX_BYTES + 1];

	if (a->level == SK_LEVEL_STORE)
		return SK_OK;
	return sk_error_set(err, SK_ERR_INVALID,
			    "%s belong to store-level API accounts; \"%s\" is an account-level API account", what,
			    sk_sanitize(a->name, name, sizeof name));
}

/* One request with the shared retry policy; the response stays in r (caller clears it). */
static enum sk_status request(struct sk_http_req *r, enum sk_http_method m, const char *url, const char *token,
			      const char *body, const char *hint, struct sk_bc_call *call, struct sk_error *err)
{
	enum sk_status st = sk_http_req_init(r, m, url, token, body, err);

	if (st != SK_OK)
		return st;
	r->scope_hint = hint;
	return sk_http_perform(r, call, err);
}

static enum sk_status store_request(struct sk_http_req *r, enum sk_http_method m, const struct sk_account *a,
				    const char *path, const char *token, const char *body, const char *hint,
				    struct sk_bc_call *call, struct sk_error *err)
{
	return sk_http_store_request(r, m, a->store_hash, path, token, body, hint, call, err);
}

static bool has_scope(const struct sk_account *a, const char *scope)
{
	for (size_t i = 0; i < a->nscopes && a->scopes != NULL && a->scopes[i] != NULL; i++)
		if (strcmp(a->scopes[i], scope) == 0)
			return true;
	return false;
}

/* The registry says some level of this resource was granted. */
static bool resource_recorded(const struct sk_account *a, const struct sk_scope_resource *res)
{
	for (size_t i = 0; i < res->nlevels; i++)
		if (res->levels[i].scope != NULL && has_scope(a, res->levels[i].scope))
			return true;
	return false;
}

static const struct sk_scope_resource *resource_named(const char *ui_name)
{
	for (size_t i = 0; i < sk_scope_catalogue_len; i++)
		if (sk_scope_catalogue[i].level == SK_LEVEL_STORE && strcmp(sk_scope_catalogue[i].ui_name, ui_name) == 0)
			return &sk_scope_catalogue[i];
	return NULL;
}

/* ---- webhooks -------------------------------------------------------- */

enum sk_status sk_bc_list_hooks(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				struct sk_webhook **out, size_t *n, struct sk_error *err)
{
	struct sk_webhook *all = NULL;
	size_t nall = 0;
	int total = 1;
	enum sk_status st;

	*out = NULL;
	*n = 0;
	st = need_store(a, "webhooks", err);
	for (int page = 1; st == SK_OK && page <= total && page <= SK_PARSE_MAX_PAGES; page++) {
		struct sk_http_req r;
		struct sk_webhook *hooks = NULL;
		size_t k = 0;
		char path[64], text[64];

		snprintf(path, sizeof path, "/v3/hooks?limit=%d&page=%d", PAGE_LIMIT, page);
		if (total > 1) {
			snprintf(text, sizeof text, "webhooks: page %d of %d", page, total);
			progress(call, text);
		}
		st = store_request(&r, SK_HTTP_GET, a, path, token, NULL, NULL, call, err);
		if (st == SK_OK)
			st = sk_parse_hooks_page(r.body, r.len, &hooks, &k, &total, err);
		sk_http_req_clear(&r);
		if (st == SK_OK && nall + k > SK_PARSE_MAX_ITEMS) {
			sk_webhooks_free(hooks, k);
			st = sk_error_set(err, SK_ERR_BAD_RESPONSE, "the account has more than %d webhooks",
					  SK_PARSE_MAX_ITEMS);
		}
		if (st != SK_OK)
			break;
		if (k > 0) {
			all = sk_xrealloc(all, (nall + k) * sizeof *all);
			memcpy(all + nall, hooks, k * sizeof *hooks);
			nall += k;
		}
		free(hooks);
		/* an empty page ends the walk even if total_pages says otherwise */
		if (k == 0)
			break;
	}
	if (st != SK_OK) {
		sk_webhooks_free(all, nall);
		return st;
	}
	*out = all;
	*n = nall;
	return SK_OK;
}

/*
 * hooks/admin takes no query parameter at all in the official spec
 * (webhooks.v3.yml): one GET answers with every hook of the token, the
 * notification e-mails and the blocklisted domains. Its meta.pagination
 * is read (and checked) but no page is asked for that the spec does not
 * declare (tests/spec_prism.sh checks every request against the spec).
 */
enum sk_status sk_bc_hooks_admin(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				 struct sk_hooks_admin *out, struct sk_error *err)
{
	struct sk_http_req r;
	int total = 1;
	enum sk_status st;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	st = need_store(a, "webhooks", err);
	if (st == SK_OK)
		st = store_request(&r, SK_HTTP_GET, a, "/v3/hooks/admin", token, NULL, NULL, call, err);
	if (st == SK_OK)
		st = sk_parse_hooks_admin(r.body, r.len, out, &total, err);
	sk_http_req_clear(&r);
	if (st != SK_OK)
		sk_hooks_admin_clear(out);
	return st;
}

/* The same e-mails in the same order. */
static bool same_emails(char *const *x, size_t nx, char *const *y, size_t ny)
{
	if (nx != ny)
		return false;
	for (size_t i = 0; i < nx; i++)
		if (x[i] == NULL || y[i] == NULL || strcmp(x[i], y[i]) != 0)
			return false;
	return true;
}

/* R28: read what BigCommerce holds now; with seen, refuse when it is not what the person edited. */
static enum sk_status emails_fresh(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				   char *const *seen, size_t nseen, struct sk_error *err)
{
	struct sk_hooks_admin now = {0};
	enum sk_status st;

	progress(call, "reading the current notification e-mails");
	st = sk_bc_hooks_admin(a, token, call, &now, err);
	if (st == SK_OK && seen != NULL && !same_emails(now.emails, now.nemails, seen, nseen))
		st = sk_error_set(err, SK_ERR_INVALID,
				  "the notification e-mails changed on BigCommerce since they were loaded; nothing was "
				  "written: review the current list (r reloads) and edit again");
	sk_hooks_admin_clear(&now);
	return st;
}

enum sk_status sk_bc_set_emails(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				char *const *emails, size_t n, char *const *seen, size_t nseen, struct sk_error *err)
{
	struct sk_http_req r;
	cJSON *root = NULL, *arr;
	char *body = NULL;
	enum sk_status st;

	memset(&r, 0, sizeof r);
	st = need_store(a, "notification e-mails", err);
	if (st == SK_OK && n > MAX_EMAILS)
		st = sk_error_set(err, SK_ERR_INVALID, "at most %d notification e-mails are accepted", MAX_EMAILS);
	for (size_t i = 0; st == SK_OK && i < n; i++) {
		char safe[128];

		/* validated before anything is sent (R10); cJSON then escapes what remains */
		if (emails[i] == NULL || !sk_utf8_valid(emails[i], strlen(emails[i])) || sk_has_control(emails[i]) ||
		    !sk_email_valid(emails[i]))
			st = sk_error_set(err, SK_ERR_INVALID, "\"%s\" is not a valid e-mail address",
					  sk_sanitize(emails[i] ? emails[i] : "", safe, sizeof safe));
	}
	if (st == SK_OK)
		st = emails_fresh(a, token, call, seen, nseen, err);
	if (st != SK_OK)
		goto out;
	root = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(root, "emails");
	if (arr == NULL) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		cJSON *s = cJSON_CreateString(emails[i]);

		if (s == NULL || !cJSON_AddItemToArray(arr, s)) {
			cJSON_Delete(s);
			st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
			goto out;
		}
	}
	body = cJSON_PrintUnformatted(root);
	if (body == NULL) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
		goto out;
	}
	st = store_request(&r, SK_HTTP_PUT, a, "/v3/hooks/admin", token, body, NULL, call, err);
	if (st == SK_OK && r.status != 204 && r.status != 200)
		st = sk_error_set(err, SK_ERR_BAD_RESPONSE, "BigCommerce answered %ld instead of 204 to the e-mail update",
				  r.status);
out:
	sk_http_req_clear(&r);
	cJSON_free(body);
	cJSON_Delete(root);
	return st;
}

static enum sk_status hook_missing(int64_t id, struct sk_error *err)
{
	return sk_error_set(err, SK_ERR_HTTP_404,
			    "webhook %lld does not exist for this API account (webhooks are visible only to the "
			    "account that created them)",
			    (long long)id);
}

static bool id_ok(int64_t id)
{
	return id >= 1 && id < (INT64_C(1) << 53);
}

/* The account may hold webhooks and id can name one. */
static enum sk_status hook_target_ok(const struct sk_account *a, int64_t id, struct sk_error *err)
{
	enum sk_status st = need_store(a, "webhooks", err);

	if (st == SK_OK && !id_ok(id))
		st = sk_error_set(err, SK_ERR_INVALID, "a webhook id is a whole number from 1");
	return st;
}

/* R28: a fresh read before a change; the hook must still be there for this account. */
static enum sk_status hook_still_there(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				       int64_t id, struct sk_error *err)
{
	struct sk_webhook before = {0};
	enum sk_status st = sk_bc_get_hook(a, token, call, id, &before, err);

	sk_webhook_clear(&before);
	return st;
}

enum sk_status sk_bc_get_hook(const struct sk_account *a, const char *token, struct sk_bc_call *call, int64_t id,
			      struct sk_webhook *out, struct sk_error *err)
{
	struct sk_http_req r;
	char path[64];
	enum sk_status st;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	st = hook_target_ok(a, id, err);
	if (st != SK_OK)
		return st;
	snprintf(path, sizeof path, "/v3/hooks/%lld", (long long)id);
	st = store_request(&r, SK_HTTP_GET, a, path, token, NULL, NULL, call, err);
	if (st == SK_ERR_HTTP_404)
		st = hook_missing(id, err);
	if (st == SK_OK)
		st = sk_parse_hook(r.body, r.len, out, err);
	if (st == SK_OK && out->id != id) {
		sk_webhook_clear(out);
		st = sk_error_set(err, SK_ERR_BAD_RESPONSE, "BigCommerce answered with another webhook than %lld",
				  (long long)id);
	}
	sk_http_req_clear(&r);
	return st;
}

enum sk_status sk_bc_set_hook_active(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				     int64_t id, bool active, struct sk_error *err)
{
	struct sk_http_req r;
	struct sk_webhook h = {0};
	cJSON *root = NULL;
	char *body = NULL;
	char path[64];
	enum sk_status st;

	memset(&r, 0, sizeof r);
	st = hook_target_ok(a, id, err);
	if (st == SK_OK)
		st = hook_still_there(a, token, call, id, err);
	if (st != SK_OK)
		goto out;
	root = cJSON_CreateObject();
	if (cJSON_AddBoolToObject(root, "is_active", active) == NULL || (body = cJSON_PrintUnformatted(root)) == NULL) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
		goto out;
	}
	snprintf(path, sizeof path, "/v3/hooks/%lld", (long long)id);
	st = store_request(&r, SK_HTTP_PUT, a, path, token, body, NULL, call, err);
	if (st == SK_ERR_HTTP_404)
		st = hook_missing(id, err);
	/* the answer is the updated hook; check it says what we asked for */
	if (st == SK_OK && r.len > 0)
		st = sk_parse_hook(r.body, r.len, &h, err);
	if (st == SK_OK && r.len > 0 && h.is_active != active)
		st = sk_error_set(err, SK_ERR_BAD_RESPONSE, "BigCommerce accepted the change but webhook %lld is still %s",
				  (long long)id, h.is_active ? "active" : "inactive");
out:
	sk_webhook_clear(&h);
	sk_http_req_clear(&r);
	cJSON_free(body);
	cJSON_Delete(root);
	return st;
}

/* ---- webhook writes -------------------------------------------------- */

/* A header name longer than this is a paste accident (BigCommerce documents no limit). */
#define HOOK_HEADER_NAME_MAX 256

/* RFC 9110 token characters: what a header name may hold. */
static bool header_name_ok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("!#$%&'*+-.^_`|~", *s) == NULL)
			return false;
	return true;
}

/* Names may be quoted in messages (they are not secret); values never are. */
static enum sk_status check_headers(const struct sk_hook_spec *spec, struct sk_error *err)
{
	char name[HOOK_HEADER_NAME_MAX + 1];

	if (spec->nheaders > SK_PARSE_MAX_HEADERS)
		return sk_error_set(err, SK_ERR_INVALID, "a webhook can have at most %d custom headers",
				    SK_PARSE_MAX_HEADERS);
	if (spec->nheaders > 0 && (spec->header_names == NULL || spec->header_values == NULL))
		return sk_error_set(err, SK_ERR_INTERNAL, "custom headers without names or values");
	for (size_t i = 0; i < spec->nheaders; i++) {
		const char *n = spec->header_names[i], *v = spec->header_values[i];

		if (n == NULL || n[0] == '\0')
			return sk_error_set(err, SK_ERR_INVALID, "custom header %zu has no name (use NAME=VALUE)", i + 1);
		if (strlen(n) > HOOK_HEADER_NAME_MAX)
			return sk_error_set(err, SK_ERR_INVALID, "custom header %zu has a name longer than %d characters",
					    i + 1, HOOK_HEADER_NAME_MAX);
		if (!header_name_ok(n))
			return sk_error_set(err, SK_ERR_INVALID,
					    "the custom header name \"%s\" may hold only letters, digits and "
					    "!#$%%&'*+-.^_`|~ (no spaces or colons)",
					    sk_sanitize(n, name, sizeof name));
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(spec->header_names[j], n) == 0)
				return sk_error_set(err, SK_ERR_INVALID, "the custom header \"%s\" is given twice", n);
		if (v == NULL)
			return sk_error_set(err, SK_ERR_INVALID, "the custom header \"%s\" has no value", n);
		if (strlen(v) > SK_PARSE_MAX_STRING)
			return sk_error_set(err, SK_ERR_INVALID, "the value of custom header \"%s\" is longer than %d bytes",
					    n, SK_PARSE_MAX_STRING);
		if (!sk_utf8_valid(v, strlen(v)))
			return sk_error_set(err, SK_ERR_INVALID, "the value of custom header \"%s\" is not valid UTF-8", n);
		for (const char *p = v; *p != '\0'; p++)
			if (((unsigned char)*p < ' ' && *p != '\t') || *p == 0x7f)
				return sk_error_set(err, SK_ERR_INVALID,
						    "the value of custom header \"%s\" contains a line break or a control "
						    "character",
						    n);
	}
	return SK_OK;
}

/* store/ then letters, digits, "/", "_", "-", "*"; at most 127 bytes. */
static bool scope_well_formed(const char *s)
{
	if (strncmp(s, "store/", 6) != 0 || strlen(s) > 127 || s[6] == '\0')
		return false;
	for (s += 6; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && strchr("/_-*", *s) == NULL)
			return false;
	return true;
}

enum sk_status sk_hook_spec_check(const struct sk_hook_spec *spec, bool create, struct sk_error *err)
{
	char scope[128];
	enum sk_status st;

	if (create && (spec->scope == NULL || spec->scope[0] == '\0'))
		return sk_error_set(err, SK_ERR_INVALID,
				    "choose the event the webhook subscribes to, for example store/order/created");
	/*
	 * An event outside the official list is left to BigCommerce (its 422
	 * says so): re-creating a hook it once accepted must stay possible.
	 * The CLI and the TUI offer only known events.
	 */
	if (spec->scope != NULL && !scope_well_formed(spec->scope))
		return sk_error_set(err, SK_ERR_INVALID,
				    "\"%s\" is not a webhook event: events look like store/order/created "
				    "(storekeys webhooks --events lists them)",
				    sk_sanitize(spec->scope, scope, sizeof scope));
	if (create && spec->destination == NULL)
		return sk_error_set(err, SK_ERR_INVALID, "give the destination: an https:// URL on port 443");
	if (spec->destination != NULL && (st = sk_hook_check_destination(spec->destination, err)) != SK_OK)
		return st;
	if (spec->active < -1 || spec->active > 1)
		return sk_error_set(err, SK_ERR_INTERNAL, "bad active flag %d", spec->active);
	if (!create && spec->scope == NULL && spec->destination == NULL && !spec->set_headers && spec->active == -1)
		return sk_error_set(err, SK_ERR_INVALID,
				    "nothing to change: give a new destination, custom headers or the active flag");
	if (create || spec->set_headers)
		return check_headers(spec, err);
	return SK_OK;
}

/* Wipe every string of a JSON tree (header values are secrets); the caller deletes it. */
static void json_wipe(cJSON *j)
{
	for (; j != NULL; j = j->next) {
		if (j->valuestring != NULL)
			sk_wipe(j->valuestring, strlen(j->valuestring));
		json_wipe(j->child);
	}
}

/* The request body for spec; NULL when out of memory. Free with body_free. */
static char *spec_body(const struct sk_hook_spec *spec, bool create)
{
	cJSON *root = cJSON_CreateObject();
	bool ok = root != NULL;
	char *body = NULL;

	if (ok && spec->scope != NULL)
		ok = cJSON_AddStringToObject(root, "scope", spec->scope) != NULL;
	if (ok && spec->destination != NULL)
		ok = cJSON_AddStringToObject(root, "destination", spec->destination) != NULL;
	if (ok && spec->active != -1)
		ok = cJSON_AddBoolToObject(root, "is_active", spec->active == 1) != NULL;
	if (ok && (spec->set_headers || (create && spec->nheaders > 0))) {
		cJSON *h = cJSON_AddObjectToObject(root, "headers");

		ok = h != NULL;
		for (size_t i = 0; ok && i < spec->nheaders; i++)
			ok = cJSON_AddStringToObject(h, spec->header_names[i], spec->header_values[i]) != NULL;
	}
	if (ok)
		body = cJSON_PrintUnformatted(root);
	json_wipe(root);
	cJSON_Delete(root);
	return body;
}

static void body_free(char *body)
{
	if (body != NULL) {
		sk_wipe(body, strlen(body));
		cJSON_free(body);
	}
}

/* The answer echoes the custom headers: wipe it before it is freed. */
static void req_wipe_clear(struct sk_http_req *r)
{
	if (r->body != NULL)
		sk_wipe(r->body, r->len);
	sk_http_req_clear(r);
}

/* Replace every copy of secret (3 bytes or more) in msg by "****". */
static void scrub(char *msg, size_t size, const char *secret)
{
	size_t n = secret != NULL ? strlen(secret) : 0, k = 0;
	char out[SK_ERROR_MSG_MAX];

	if (n < 3 || strstr(msg, secret) == NULL)
		return;
	for (const char *p = msg; *p != '\0' && k + 1 < sizeof out;) {
		if (strncmp(p, secret, n) == 0) {
			for (int i = 0; i < 4 && k + 1 < sizeof out; i++)
				out[k++] = '*';
			p += n;
		} else {
			out[k++] = *p++;
		}
	}
	out[k] = '\0';
	snprintf(msg, size, "%s", out);
	sk_wipe(out, sizeof out);
}

/* A failed write as a sentence a person can act on; header values scrubbed from whatever the server said. */
static enum sk_status write_failure(enum sk_status st, const struct sk_http_req *r, const char *what,
				    const struct sk_hook_spec *spec, struct sk_error *err)
{
	char server[320] = "";
	const char *sep = "";

	if (r->body != NULL && r->len > 0 && sk_parse_error_body(r->body, r->len, server, sizeof server))
		sep = ": ";
	if (st == SK_ERR_HTTP_403)
		sk_error_set(err, st,
			     "BigCommerce refused to %s (403%s%s): this API account may not manage webhooks. Webhooks "
			     "need no scope, so the token is probably not a regular store-level API account (a "
			     "Stencil-CLI token, for example): use one created under Settings > API > Store-level API "
			     "accounts",
			     what, sep, server);
	else if (st == SK_ERR_HTTP_422)
		sk_error_set(err, st,
			     "BigCommerce refused to %s (422%s%s). Check the event, that the destination is https on "
			     "port 443 and answers 200, and that no other webhook of this account has the same event "
			     "and destination (at most 10 per event)",
			     what, sep, server);
	else if (r->status == 400)
		sk_error_set(err, st,
			     "BigCommerce could not read the request to %s (400%s%s); nothing was changed. This is a "
			     "storekeys bug: please report it",
			     what, sep, server);
	else
		sk_error_prefix(err, "could not %s: ", what);
	for (size_t i = 0; err != NULL && spec != NULL && i < spec->nheaders; i++)
		scrub(err->msg, sizeof err->msg, spec->header_values[i]);
	return st;
}

bool sk_hook_spec_matches(const struct sk_hook_spec *spec, const struct sk_webhook *h, const char **field)
{
	const char *f = NULL;

	if (spec->scope != NULL && (h->scope == NULL || strcmp(spec->scope, h->scope) != 0))
		f = "scope";
	else if (spec->destination != NULL && (h->destination == NULL || strcmp(spec->destination, h->destination) != 0))
		f = "destination";
	else if (spec->active != -1 && h->is_active != (spec->active == 1))
		f = "active";
	else if (spec->set_headers || spec->nheaders > 0) {
		if (h->nheaders != spec->nheaders)
			f = "headers";
		for (size_t i = 0; f == NULL && i < spec->nheaders; i++) {
			bool found = false;

			for (size_t j = 0; !found && j < h->nheaders; j++)
				found = strcasecmp(h->header_names[j], spec->header_names[i]) == 0 &&
					strcmp(h->header_values[j], spec->header_values[i]) == 0;
			if (!found)
				f = "headers";
		}
	}
	if (field != NULL)
		*field = f;
	return f == NULL;
}

/* Check spec for a create or an update and build its JSON body (wipe it with body_free). */
static enum sk_status hook_spec_body(const struct sk_hook_spec *spec, bool create, char **body, struct sk_error *err)
{
	enum sk_status st = sk_hook_spec_check(spec, create, err);

	if (st == SK_OK && (*body = spec_body(spec, create)) == NULL)
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
	return st;
}

enum sk_status sk_bc_create_hook(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				 const struct sk_hook_spec *spec, struct sk_webhook *out, struct sk_error *err)
{
	struct sk_hook_spec want = *spec;
	struct sk_http_req r;
	char *body = NULL;
	const char *field = NULL;
	enum sk_status st;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	st = need_store(a, "webhooks", err);
	if (st == SK_OK)
		st = hook_spec_body(spec, true, &body, err);
	if (st != SK_OK)
		return st;
	progress(call, "creating the webhook");
	st = store_request(&r, SK_HTTP_POST, a, "/v3/hooks", token, body, NULL, call, err);
	if (st != SK_OK) {
		write_failure(st, &r, "create the webhook", spec, err);
		goto out;
	}
	st = sk_parse_hook(r.body, r.len, out, err);
	if (st != SK_OK) {
		sk_error_prefix(err, "the webhook may have been created (list the webhooks to see): ");
		goto out;
	}
	/* what BigCommerce holds must be what was sent: no headers sent means none kept; active by default */
	want.set_headers = true;
	if (want.active == -1)
		want.active = 1;
	if (!sk_hook_spec_matches(&want, out, &field))
		st = sk_error_set(err, SK_ERR_BAD_RESPONSE,
				  "BigCommerce created webhook %lld but its %s is not what was sent; check it and edit "
				  "or delete it",
				  (long long)out->id, field);
out:
	req_wipe_clear(&r);
	body_free(body);
	return st;
}

/* The PUT (update, with body) or DELETE of webhook id, with the errors both explain the same way. */
static enum sk_status hook_change(struct sk_http_req *r, enum sk_http_method m, const struct sk_account *a,
				  const char *token, struct sk_bc_call *call, int64_t id, const char *body,
				  const struct sk_hook_spec *spec, struct sk_error *err)
{
	const char *verb = m == SK_HTTP_PUT ? "update" : "delete";
	char path[64], what[64];
	enum sk_status st;

	snprintf(path, sizeof path, "/v3/hooks/%lld", (long long)id);
	snprintf(what, sizeof what, "%s webhook %lld", verb, (long long)id);
	progress(call, m == SK_HTTP_PUT ? "updating the webhook" : "deleting the webhook");
	st = store_request(r, m, a, path, token, body, NULL, call, err);
	if (st == SK_ERR_HTTP_404)
		st = hook_missing(id, err);
	else if (st != SK_OK)
		write_failure(st, r, what, spec, err);
	return st;
}

enum sk_status sk_bc_update_hook(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				 int64_t id, const struct sk_hook_spec *spec, struct sk_webhook *out, struct sk_error *err)
{
	struct sk_http_req r;
	char *body = NULL;
	const char *field = NULL;
	enum sk_status st;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	st = hook_target_ok(a, id, err);
	if (st == SK_OK)
		st = hook_spec_body(spec, false, &body, err);
	if (st == SK_OK) {
		progress(call, "reading the webhook");
		st = hook_still_there(a, token, call, id, err);
	}
	if (st == SK_OK)
		st = hook_change(&r, SK_HTTP_PUT, a, token, call, id, body, spec, err);
	/* the answer is the updated hook; an empty one is read back */
	if (st == SK_OK && r.len > 0)
		st = sk_parse_hook(r.body, r.len, out, err);
	else if (st == SK_OK)
		st = sk_bc_get_hook(a, token, call, id, out, err);
	if (st == SK_OK && (out->id != id || !sk_hook_spec_matches(spec, out, &field)))
		st = sk_error_set(err, SK_ERR_BAD_RESPONSE,
				  "BigCommerce accepted the change to webhook %lld but its %s is not what was sent",
				  (long long)id, field != NULL ? field : "id");
	req_wipe_clear(&r);
	body_free(body);
	return st;
}

enum sk_status sk_bc_delete_hook(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				 int64_t id, struct sk_error *err)
{
	struct sk_http_req r;
	enum sk_status st;

	memset(&r, 0, sizeof r);
	st = hook_target_ok(a, id, err);
	if (st != SK_OK)
		return st;
	progress(call, "reading the webhook");
	st = hook_still_there(a, token, call, id, err);
	if (st != SK_OK)
		return st;
	st = hook_change(&r, SK_HTTP_DELETE, a, token, call, id, NULL, NULL, err);
	req_wipe_clear(&r);
	return st;
}

/* ---- verify ---------------------------------------------------------- */

/*
 * A 403 on the webhook list still means the token authenticated (a dead
 * one gets 401); some tokens (Stencil-CLI, UNCONFIRMED) may lack webhook
 * access. Confirm with the read probe of the first resource the registry
 * records; without one the 403 stands.
 */
static enum sk_status verify_by_probe(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				      struct sk_verify_result *out, struct sk_error *err)
{
	for (size_t i = 0; i < sk_scope_catalogue_len; i++) {
		const struct sk_scope_resource *row = &sk_scope_catalogue[i];
		struct sk_http_req r;
		enum sk_status st;

		if (row->level != SK_LEVEL_STORE || row->probe == NULL || !resource_recorded(a, row))
			continue;
		st = store_request(&r, SK_HTTP_GET, a, row->probe, token, NULL, row->ui_name, call, err);
		if (r.rate_left >= 0)
			out->rate_left = r.rate_left;
		sk_http_req_clear(&r);
		return st;
	}
	return SK_ERR_HTTP_403;
}

static enum sk_status verify_store(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				   struct sk_verify_result *out, struct sk_error *err)
{
	struct sk_http_req r;
	struct sk_webhook *hooks = NULL;
	size_t n = 0;
	enum sk_status st;

	progress(call, "checking the token");
	/* The webhook list needs no scope, so it answers for every valid store token. */
	st = store_request(&r, SK_HTTP_GET, a, "/v3/hooks?limit=1", token, NULL, NULL, call, err);
	if (st == SK_OK)
		st = sk_parse_hooks_page(r.body, r.len, &hooks, &n, NULL, err);
	sk_webhooks_free(hooks, n);
	out->rate_left = r.rate_left;
	sk_http_req_clear(&r);
	if (st == SK_ERR_HTTP_403)
		st = verify_by_probe(a, token, call, out, err);
	if (st != SK_OK)
		return st;
	out->token_ok = true;
	if (!has_scope(a, "store_v2_information") && !has_scope(a, "store_v2_information_read_only"))
		return SK_OK;
	progress(call, "reading the store information");
	/* Best effort: the token is already proven; a failure here only leaves the name out. */
	if (store_request(&r, SK_HTTP_GET, a, "/v2/store", token, NULL, INFO_RESOURCE, call, NULL) == SK_OK &&
	    sk_parse_store_info(r.body, r.len, &out->store, NULL) == SK_OK)
		out->have_store_info = true;
	if (r.rate_left >= 0)
		out->rate_left = r.rate_left;
	sk_http_req_clear(&r);
	return SK_OK;
}

static enum sk_status verify_account(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				     struct sk_verify_result *out, struct sk_error *err)
{
	struct sk_http_req r;
	struct sk_account_answer ans;
	cJSON *root = cJSON_CreateObject();
	char *url = NULL, *body = NULL;
	enum sk_status st;

	memset(&r, 0, sizeof r);
	if (cJSON_AddStringToObject(root, "query", ACCOUNT_QUERY) == NULL ||
	    (body = cJSON_PrintUnformatted(root)) == NULL) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
		goto out;
	}
	st = sk_http_account_url(a->account_uuid, &url, err);
	if (st != SK_OK)
		goto out;
	progress(call, "checking the token (account API: 70 requests per hour)");
	st = request(&r, SK_HTTP_POST, url, token, body, "Account", call, err);
	out->rate_left = r.rate_left;
	if (st == SK_OK)
		st = sk_parse_account_answer(r.body, r.len, &ans, err);
	if (st != SK_OK)
		goto out;
	/* HTTP 200 means the token authenticated; a GraphQL error only hides the name (missing Account scope). */
	out->token_ok = true;
	if (ans.has_account)
		sk_strlcpy(out->account_name, ans.name, sizeof out->account_name);
out:
	sk_http_req_clear(&r);
	free(url);
	cJSON_free(body);
	cJSON_Delete(root);
	return st;
}

enum sk_status sk_bc_verify(const struct sk_account *a, const char *token, struct sk_bc_call *call,
			    struct sk_verify_result *out, struct sk_error *err)
{
	memset(out, 0, sizeof *out);
	out->rate_left = -1;
	if (a->level == SK_LEVEL_ACCOUNT)
		return verify_account(a, token, call, out, err);
	return verify_store(a, token, call, out, err);
}

/* ---- scope probes ---------------------------------------------------- */

enum sk_status sk_bc_probe_scopes(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				  struct sk_probe_result **out, size_t *n, struct sk_error *err)
{
	struct sk_probe_result *res = NULL;
	size_t k = 0, total = 0, done = 0;
	enum sk_status st;

	*out = NULL;
	*n = 0;
	st = need_store(a, "scope probes", err);
	if (st != SK_OK)
		return st;
	for (size_t i = 0; i < sk_scope_catalogue_len; i++)
		if (sk_scope_catalogue[i].level == SK_LEVEL_STORE)
			total++;
	res = sk_xcalloc(total, sizeof *res);
	for (size_t i = 0; i < sk_scope_catalogue_len && st == SK_OK; i++) {
		const struct sk_scope_resource *row = &sk_scope_catalogue[i];
		struct sk_probe_result *p;
		struct sk_http_req r;
		struct sk_error perr;
		char text[128];

		if (row->level != SK_LEVEL_STORE)
			continue;
		p = &res[k++];
		p->resource = row;
		p->recorded = resource_recorded(a, row);
		p->state = SK_PROBE_NOT_PROBEABLE;
		if (row->probe == NULL)
			continue;
		snprintf(text, sizeof text, "probing %s (%zu of %zu)", row->ui_name, ++done, total);
		progress(call, text);
		st = store_request(&r, SK_HTTP_GET, a, row->probe, token, NULL, row->ui_name, call, &perr);
		p->http_status = (int)r.status;
		sk_http_req_clear(&r);
		if (st == SK_OK) {
			p->state = SK_PROBE_GRANTED;
		} else if (st == SK_ERR_HTTP_403) {
			p->state = SK_PROBE_MISSING;
			st = SK_OK;
		} else if (st == SK_ERR_HTTP_401 || st == SK_ERR_HTTP_429 || st == SK_ERR_CANCELLED ||
			   st == SK_ERR_NET || st == SK_ERR_TLS || st == SK_ERR_REDIRECT) {
			/* the token or the connection is the problem: every further probe would fail too */
			if (err != NULL)
				*err = perr;
		} else {
			p->state = SK_PROBE_ERROR;
			st = SK_OK;
		}
	}
	if (st != SK_OK) {
		free(res);
		return st;
	}
	*out = res;
	*n = k;
	return SK_OK;
}

/* ---- metafields ------------------------------------------------------ */

/* The batch "list all" endpoints (docs/bigcommerce.md §7) and the resource whose read scope each needs. */
static const struct {
	const char *path;
	const char *label;
	const char *resource;
} metafield_endpoints[SK_METAFIELD_SOURCES] = {
	{"/v3/store/metafields", "store", INFO_RESOURCE},
	{"/v3/catalog/products/metafields", "products", "Products"},
	{"/v3/catalog/variants/metafields", "variants", "Products"},
	{"/v3/catalog/brands/metafields", "brands", "Products"},
	{"/v3/catalog/categories/metafields", "categories", "Products"},
	{"/v3/orders/metafields", "orders", "Orders"},
	{"/v3/customers/metafields", "customers", "Customers"},
	{"/v3/carts/metafields", "carts", "Carts"},
	{"/v3/channels/metafields", "channels", "Channel settings"},
	{"/v3/inventory/locations/metafields", "locations", "Store locations"},
};

/* A failure after which every further request would fail too. */
static bool stops_all(enum sk_status st)
{
	return st == SK_ERR_HTTP_401 || st == SK_ERR_CANCELLED || st == SK_ERR_NET || st == SK_ERR_TLS ||
	       st == SK_ERR_REDIRECT || st == SK_ERR_TIMEOUT || st == SK_ERR_HTTP_429;
}

/* "403, needs Orders read" and the like, for one endpoint that was not listed. */
static void source_failed(struct sk_metafield_source *s, enum sk_status st, const struct sk_error *e)
{
	s->status = st;
	if (st == SK_ERR_HTTP_403)
		snprintf(s->msg, sizeof s->msg, "403, needs %s read", s->resource);
	else if (st == SK_ERR_HTTP_404)
		snprintf(s->msg, sizeof s->msg, "404, the store has no such endpoint");
	else if (s->http_status > 0 && st != SK_ERR_BAD_RESPONSE)
		snprintf(s->msg, sizeof s->msg, "%d: %s", s->http_status, e->msg);
	else
		snprintf(s->msg, sizeof s->msg, "%s", e->msg[0] ? e->msg : sk_status_describe(st));
}

/* Every page of one endpoint; appends to out->items. */
static enum sk_status list_source(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				  struct sk_metafield_report *out, struct sk_metafield_source *src, struct sk_error *err)
{
	size_t before = out->n;
	int total = 1;
	enum sk_status st = SK_OK;

	for (int page = 1; st == SK_OK && page <= total && page <= SK_PARSE_MAX_PAGES; page++) {
		struct sk_http_req r;
		char path[128], text[128];

		snprintf(path, sizeof path, "%s?limit=%d&page=%d", src->path, PAGE_LIMIT, page);
		snprintf(text, sizeof text, "metafields: %s page %d", src->path, page);
		progress(call, text);
		st = store_request(&r, SK_HTTP_GET, a, path, token, NULL, src->resource, call, err);
		src->http_status = (int)r.status;
		if (st == SK_OK)
			st = sk_parse_metafields_page(r.body, r.len, a->client_id, &out->items, &out->n, &total, err);
		sk_http_req_clear(&r);
		if (st == SK_OK && out->n > SK_PARSE_MAX_ITEMS * 10)
			st = sk_error_set(err, SK_ERR_BAD_RESPONSE, "the account owns too many metafields to list");
	}
	src->count = out->n - before;
	return st;
}

enum sk_status sk_bc_list_metafields(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				     struct sk_metafield_report *out, struct sk_error *err)
{
	enum sk_status st, stop = SK_OK;
	struct sk_error stop_err = {0};

	memset(out, 0, sizeof *out);
	st = need_store(a, "metafields", err);
	if (st != SK_OK)
		return st;
	for (size_t e = 0; e < SK_METAFIELD_SOURCES; e++) {
		const struct sk_scope_resource *res = resource_named(metafield_endpoints[e].resource);
		struct sk_metafield_source *src = &out->src[out->nsrc++];
		struct sk_error perr = {0};

		src->path = metafield_endpoints[e].path;
		src->label = metafield_endpoints[e].label;
		src->resource = metafield_endpoints[e].resource;
		/* no read scope recorded: the account cannot have created metafields there (scopes never change) */
		if (res == NULL || !resource_recorded(a, res))
			continue;
		src->asked = true;
		if (stop != SK_OK) {
			source_failed(src, stop, &stop_err);
			continue;
		}
		st = list_source(a, token, call, out, src, &perr);
		if (st == SK_OK)
			continue;
		/* what its earlier pages gave is kept, and so are the other endpoints */
		source_failed(src, st, &perr);
		if (stops_all(st)) {
			stop = st;
			stop_err = perr;
		}
	}
	if (stop != SK_OK && err != NULL)
		*err = stop_err;
	return stop;
}

/* ---- scripts --------------------------------------------------------- */

enum sk_status sk_bc_list_scripts(const struct sk_account *a, const char *token, struct sk_bc_call *call,
				  struct sk_script **out, size_t *n, bool *asked, struct sk_error *err)
{
	const struct sk_scope_resource *content = resource_named("Content");
	const struct sk_scope_resource *checkout = resource_named("Checkout content");
	int total = 1;
	enum sk_status st;

	*out = NULL;
	*n = 0;
	*asked = false;
	st = need_store(a, "scripts", err);
	if (st != SK_OK)
		return st;
	/* the Scripts API needs Content or Checkout content; without either it cannot have created any */
	if (!(content != NULL && resource_recorded(a, content)) && !(checkout != NULL && resource_recorded(a, checkout)))
		return SK_OK;
	*asked = true;
	for (int page = 1; st == SK_OK && page <= total && page <= SK_PARSE_MAX_PAGES; page++) {
		struct sk_http_req r;
		size_t before = *n;
		char path[64], text[64];

		snprintf(path, sizeof path, "/v3/content/scripts?limit=%d&page=%d", PAGE_LIMIT, page);
		snprintf(text, sizeof text, "scripts: page %d", page);
		progress(call, text);
		st = store_request(&r, SK_HTTP_GET, a, path, token, NULL, "Content", call, err);
		if (st == SK_OK)
			st = sk_parse_scripts_page(r.body, r.len, a->client_id, out, n, &total, err);
		sk_http_req_clear(&r);
		if (st == SK_OK && *n > SK_PARSE_MAX_ITEMS)
			st = sk_error_set(err, SK_ERR_BAD_RESPONSE, "the account has more than %d scripts",
					  SK_PARSE_MAX_ITEMS);
		if (st == SK_OK && *n == before)
			break;
	}
	if (st != SK_OK) {
		sk_scripts_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return st;
}
