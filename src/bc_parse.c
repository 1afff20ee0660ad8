/* bc_parse.c - strict parsers for BigCommerce API answers: bytes in, structs out, no network (fuzzable). */
#include "config.h"

#include <cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bc.h"
#include "bc_parse.h"
#include "util.h"

/* 2^53: above it a double no longer holds every integer, so an id could silently change. */
#define ID_LIMIT 9007199254740992.0

enum jtype { JT_STRING, JT_NUMBER, JT_BOOL, JT_OBJECT, JT_ARRAY };

static const char *jtype_name(enum jtype t)
{
	switch (t) {
	case JT_STRING:
		return "a string";
	case JT_NUMBER:
		return "a number";
	case JT_BOOL:
		return "true or false";
	case JT_OBJECT:
		return "an object";
	case JT_ARRAY:
		return "an array";
	}
	return "?";
}

static enum sk_status bad(struct sk_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static enum sk_status bad(struct sk_error *err, const char *fmt, ...)
{
	char what[SK_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return sk_error_set(err, SK_ERR_BAD_RESPONSE, "BigCommerce sent a malformed answer: %s", what);
}

/* ---- strict loading -------------------------------------------------- */

/*
 * Checks cJSON does not make: a size cap, no NUL bytes, valid UTF-8, a
 * nesting bound far below cJSON's 1000 (no deep recursion) and no \u0000
 * escape (cJSON would silently cut the string there).
 */
static enum sk_status prescan(const char *buf, size_t len, struct sk_error *err)
{
	int depth = 0;
	bool in_str = false;

	if (buf == NULL || len == 0)
		return bad(err, "the answer is empty");
	if (len > SK_PARSE_MAX_BYTES)
		return bad(err, "the answer is larger than %d MiB", SK_PARSE_MAX_BYTES >> 20);
	if (memchr(buf, '\0', len) != NULL)
		return bad(err, "the answer contains a NUL byte");
	if (!sk_utf8_valid(buf, len))
		return bad(err, "the answer is not valid UTF-8");
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (in_str) {
			if (c == '\\') {
				/* cJSON 1.7.15 turns a bad \u escape into a NUL too, so both are refused */
				if (i + 1 < len && buf[i + 1] == 'u') {
					if (i + 5 >= len || !isxdigit((unsigned char)buf[i + 2]) ||
					    !isxdigit((unsigned char)buf[i + 3]) || !isxdigit((unsigned char)buf[i + 4]) ||
					    !isxdigit((unsigned char)buf[i + 5]))
						return bad(err, "a string has a malformed \\u escape");
					if (memcmp(buf + i + 2, "0000", 4) == 0)
						return bad(err, "a string contains \\u0000");
				}
				i++;
			} else if (c == '"') {
				in_str = false;
			}
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > SK_PARSE_MAX_DEPTH)
				return bad(err, "the JSON is nested deeper than %d levels", SK_PARSE_MAX_DEPTH);
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return SK_OK;
}

static int keycmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Duplicate keys (RFC 8259 leaves them undefined; cJSON would pick one) and non-finite numbers. */
static enum sk_status walk(const cJSON *item, struct sk_error *err)
{
	enum sk_status st = SK_OK;
	const char **keys = NULL;
	size_t n = 0;

	if (cJSON_IsNumber(item) && !isfinite(item->valuedouble))
		return bad(err, "a number is out of range");
	if (!cJSON_IsObject(item) && !cJSON_IsArray(item))
		return SK_OK;
	for (const cJSON *c = item->child; c != NULL; c = c->next)
		n++;
	if (cJSON_IsObject(item) && n > 1) {
		size_t i = 0;

		keys = sk_xcalloc(n, sizeof *keys);
		for (const cJSON *c = item->child; c != NULL; c = c->next)
			keys[i++] = c->string ? c->string : "";
		qsort(keys, n, sizeof *keys, keycmp);
		for (i = 1; i < n; i++)
			if (strcmp(keys[i - 1], keys[i]) == 0) {
				char safe[64];

				st = bad(err, "the key \"%s\" appears twice in one object",
					 sk_sanitize(keys[i], safe, sizeof safe));
				goto out;
			}
	}
	for (const cJSON *c = item->child; c != NULL && st == SK_OK; c = c->next)
		st = walk(c, err);
out:
	free(keys);
	return st;
}

static enum sk_status load(const char *buf, size_t len, cJSON **root, struct sk_error *err)
{
	const char *end = NULL;
	char *copy;
	enum sk_status st;

	*root = NULL;
	st = prescan(buf, len, err);
	if (st != SK_OK)
		return st;
	copy = sk_xmalloc(len + 1);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	/* The length includes the NUL so require_null_terminated rejects any trailing bytes. */
	*root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
	if (*root == NULL)
		st = bad(err, "the JSON is invalid or has trailing bytes (near byte %zu)",
			 end != NULL && end >= copy ? (size_t)(end - copy) : (size_t)0);
	else
		st = walk(*root, err);
	free(copy);
	if (st != SK_OK) {
		cJSON_Delete(*root);
		*root = NULL;
	}
	return st;
}

/* ---- typed field access ---------------------------------------------- */

static bool is_type(const cJSON *it, enum jtype t)
{
	switch (t) {
	case JT_STRING:
		return cJSON_IsString(it) && it->valuestring != NULL;
	case JT_NUMBER:
		return cJSON_IsNumber(it);
	case JT_BOOL:
		return cJSON_IsBool(it);
	case JT_OBJECT:
		return cJSON_IsObject(it);
	case JT_ARRAY:
		return cJSON_IsArray(it);
	}
	return false;
}

/* obj[key] of type t into *out; absent or null gives NULL (an error when required). */
static enum sk_status field(const cJSON *obj, const char *key, enum jtype t, bool required, const cJSON **out,
			    const char *where, struct sk_error *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (it == NULL || cJSON_IsNull(it))
		return required ? bad(err, "%s%s%s is missing", where, *where ? "." : "", key) : SK_OK;
	if (!is_type(it, t))
		return bad(err, "%s%s%s should be %s", where, *where ? "." : "", key, jtype_name(t));
	*out = it;
	return SK_OK;
}

static enum sk_status check_string(const cJSON *it, const char *where, const char *key, struct sk_error *err)
{
	if (strlen(it->valuestring) > SK_PARSE_MAX_STRING)
		return bad(err, "%s%s%s is longer than %d bytes", where, *where ? "." : "", key, SK_PARSE_MAX_STRING);
	return SK_OK;
}

/* A string field, copied raw (*out stays NULL when absent). */
static enum sk_status str_field(const cJSON *obj, const char *key, bool required, char **out, const char *where,
				struct sk_error *err)
{
	const cJSON *it;
	enum sk_status st = field(obj, key, JT_STRING, required, &it, where, err);

	if (st == SK_OK && it != NULL)
		st = check_string(it, where, key, err);
	if (st == SK_OK && it != NULL) {
		free(*out);
		*out = sk_strdup(it->valuestring);
	}
	return st;
}

/* A string field sanitized into a fixed buffer (for text that is only ever displayed). */
static enum sk_status safe_field(const cJSON *obj, const char *key, bool required, char *out, size_t size,
				 const char *where, struct sk_error *err)
{
	const cJSON *it;
	enum sk_status st = field(obj, key, JT_STRING, required, &it, where, err);

	if (st == SK_OK && it != NULL)
		st = check_string(it, where, key, err);
	if (st == SK_OK && it != NULL)
		sk_sanitize(it->valuestring, out, size);
	return st;
}

static bool integral(double v, bool nonneg)
{
	return isfinite(v) && floor(v) == v && v < ID_LIMIT && v > -ID_LIMIT && (!nonneg || v >= 0);
}

/* An integer field; ids and times must be integral and in [0, 2^53) (R20). */
static enum sk_status int_field(const cJSON *obj, const char *key, bool required, bool nonneg, int64_t *out,
				const char *where, struct sk_error *err)
{
	const cJSON *it;
	enum sk_status st = field(obj, key, JT_NUMBER, required, &it, where, err);

	if (st != SK_OK || it == NULL)
		return st;
	if (!integral(it->valuedouble, nonneg))
		return bad(err, "%s%s%s should be a whole number%s below 2^53", where, *where ? "." : "", key,
			   nonneg ? " from 0" : "");
	*out = (int64_t)it->valuedouble;
	return SK_OK;
}

/*
 * An id sent as a whole number or as a string (the official spec types
 * store and cart metafield ids as strings), kept as text: a number in
 * decimal, a string raw (1 to 255 bytes).
 */
static enum sk_status text_id_field(const cJSON *obj, const char *key, bool required, char **out, const char *where,
				    struct sk_error *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	int64_t v = 0;
	char num[24];
	enum sk_status st;

	if (it == NULL || cJSON_IsNull(it) || cJSON_IsNumber(it)) {
		st = int_field(obj, key, required, true, &v, where, err);
		if (st == SK_OK && it != NULL && !cJSON_IsNull(it)) {
			snprintf(num, sizeof num, "%lld", (long long)v);
			free(*out);
			*out = sk_strdup(num);
		}
		return st;
	}
	if (!cJSON_IsString(it) || it->valuestring == NULL)
		return bad(err, "%s.%s should be a number or a string", where, key);
	if (it->valuestring[0] == '\0' || strlen(it->valuestring) > 255)
		return bad(err, "%s.%s should be 1 to 255 bytes", where, key);
	free(*out);
	*out = sk_strdup(it->valuestring);
	return SK_OK;
}

static enum sk_status bool_field(const cJSON *obj, const char *key, bool *out, const char *where,
				 struct sk_error *err)
{
	const cJSON *it;
	enum sk_status st = field(obj, key, JT_BOOL, false, &it, where, err);

	if (st == SK_OK && it != NULL)
		*out = cJSON_IsTrue(it);
	return st;
}

static enum sk_status array_len(const cJSON *arr, const char *where, size_t *n, struct sk_error *err)
{
	int k = cJSON_GetArraySize(arr);

	if (k < 0 || k > SK_PARSE_MAX_ITEMS)
		return bad(err, "%s has more than %d elements", where, SK_PARSE_MAX_ITEMS);
	*n = (size_t)k;
	return SK_OK;
}

/* meta.pagination.total_pages, 1 when the answer has no pagination. */
static enum sk_status pages_field(const cJSON *root, int *total_pages, struct sk_error *err)
{
	const cJSON *meta, *pag;
	int64_t pages = 1;
	enum sk_status st;

	st = field(root, "meta", JT_OBJECT, false, &meta, "", err);
	if (st == SK_OK && meta != NULL)
		st = field(meta, "pagination", JT_OBJECT, false, &pag, "meta", err);
	else
		pag = NULL;
	if (st == SK_OK && pag != NULL)
		st = int_field(pag, "total_pages", false, true, &pages, "meta.pagination", err);
	if (st == SK_OK && pages > SK_PARSE_MAX_PAGES)
		st = bad(err, "meta.pagination.total_pages is above %d", SK_PARSE_MAX_PAGES);
	if (st == SK_OK && total_pages != NULL)
		*total_pages = (int)pages;
	return st;
}

/* ---- webhooks -------------------------------------------------------- */

void sk_webhook_clear(struct sk_webhook *h)
{
	if (h == NULL)
		return;
	free(h->client_id);
	free(h->store_hash);
	free(h->scope);
	free(h->destination);
	for (size_t i = 0; i < h->nheaders; i++) {
		free(h->header_names[i]);
		/* custom header values may hold credentials (basic auth): wipe them */
		sk_secret_free(h->header_values[i]);
	}
	free(h->header_names);
	free(h->header_values);
	memset(h, 0, sizeof *h);
}

void sk_webhooks_free(struct sk_webhook *hooks, size_t n)
{
	if (hooks == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		sk_webhook_clear(&hooks[i]);
	free(hooks);
}

static enum sk_status parse_headers(const cJSON *obj, const char *where, struct sk_webhook *h, struct sk_error *err)
{
	const cJSON *hdrs;
	enum sk_status st = field(obj, "headers", JT_OBJECT, false, &hdrs, where, err);
	size_t n = 0;

	if (st != SK_OK || hdrs == NULL)
		return st;
	for (const cJSON *c = hdrs->child; c != NULL; c = c->next)
		n++;
	if (n > SK_PARSE_MAX_HEADERS)
		return bad(err, "%s.headers has more than %d entries", where, SK_PARSE_MAX_HEADERS);
	if (n == 0)
		return SK_OK;
	h->header_names = sk_xcalloc(n, sizeof *h->header_names);
	h->header_values = sk_xcalloc(n, sizeof *h->header_values);
	for (const cJSON *c = hdrs->child; c != NULL; c = c->next) {
		if (!cJSON_IsString(c) || c->valuestring == NULL)
			return bad(err, "%s.headers values should be strings", where);
		if (strlen(c->string) > SK_PARSE_MAX_STRING || strlen(c->valuestring) > SK_PARSE_MAX_STRING)
			return bad(err, "%s.headers has an entry longer than %d bytes", where, SK_PARSE_MAX_STRING);
		h->header_names[h->nheaders] = sk_strdup(c->string);
		h->header_values[h->nheaders] = sk_strdup(c->valuestring);
		h->nheaders++;
	}
	return SK_OK;
}

/* "active", "inactive", "deactivated" or another short lowercase word (kept, shown as is). */
static enum sk_status status_field(const cJSON *obj, struct sk_webhook *h, const char *where, struct sk_error *err)
{
	const cJSON *it;
	enum sk_status st = field(obj, "status", JT_STRING, false, &it, where, err);
	size_t n;

	if (st != SK_OK || it == NULL)
		return st;
	n = strlen(it->valuestring);
	if (n >= sizeof h->status)
		return bad(err, "%s.status is not a known webhook status", where);
	for (size_t i = 0; i < n; i++)
		if (!islower((unsigned char)it->valuestring[i]) && it->valuestring[i] != '_' &&
		    it->valuestring[i] != '-')
			return bad(err, "%s.status is not a known webhook status", where);
	memcpy(h->status, it->valuestring, n + 1);
	return SK_OK;
}

static enum sk_status parse_webhook(const cJSON *o, const char *where, struct sk_webhook *h, struct sk_error *err)
{
	enum sk_status st = SK_OK;

	memset(h, 0, sizeof *h);
	h->is_active = true; /* the spec's default */
	if (!cJSON_IsObject(o))
		return bad(err, "%s should be an object", where);
	if (st == SK_OK)
		st = int_field(o, "id", true, true, &h->id, where, err);
	if (st == SK_OK)
		st = str_field(o, "client_id", false, &h->client_id, where, err);
	if (st == SK_OK)
		st = str_field(o, "store_hash", false, &h->store_hash, where, err);
	if (st == SK_OK)
		st = str_field(o, "scope", true, &h->scope, where, err);
	if (st == SK_OK)
		st = str_field(o, "destination", true, &h->destination, where, err);
	if (st == SK_OK)
		st = parse_headers(o, where, h, err);
	if (st == SK_OK)
		st = bool_field(o, "is_active", &h->is_active, where, err);
	if (st == SK_OK)
		st = int_field(o, "created_at", false, true, &h->created_at, where, err);
	if (st == SK_OK)
		st = int_field(o, "updated_at", false, true, &h->updated_at, where, err);
	if (st == SK_OK)
		st = status_field(o, h, where, err);
	if (st != SK_OK)
		sk_webhook_clear(h);
	return st;
}

static enum sk_status parse_webhook_array(const cJSON *arr, const char *name, struct sk_webhook **out, size_t *n,
					  struct sk_error *err)
{
	struct sk_webhook *hooks = NULL;
	enum sk_status st;
	size_t k = 0, i = 0;

	*out = NULL;
	*n = 0;
	st = array_len(arr, name, &k, err);
	if (st != SK_OK || k == 0)
		return st;
	hooks = sk_xcalloc(k, sizeof *hooks);
	for (const cJSON *c = arr->child; c != NULL && st == SK_OK; c = c->next, i++) {
		char where[48];

		snprintf(where, sizeof where, "%s[%zu]", name, i);
		st = parse_webhook(c, where, &hooks[i], err);
	}
	if (st != SK_OK) {
		sk_webhooks_free(hooks, k);
		return st;
	}
	*out = hooks;
	*n = k;
	return SK_OK;
}

enum sk_status sk_parse_hooks_page(const char *buf, size_t len, struct sk_webhook **hooks, size_t *n,
				   int *total_pages, struct sk_error *err)
{
	cJSON *root = NULL;
	const cJSON *data;
	enum sk_status st;

	*hooks = NULL;
	*n = 0;
	st = load(buf, len, &root, err);
	if (st == SK_OK && !cJSON_IsObject(root))
		st = bad(err, "the webhook list should be an object with \"data\"");
	if (st == SK_OK)
		st = field(root, "data", JT_ARRAY, true, &data, "", err);
	if (st == SK_OK)
		st = pages_field(root, total_pages, err);
	if (st == SK_OK)
		st = parse_webhook_array(data, "data", hooks, n, err);
	cJSON_Delete(root);
	return st;
}

enum sk_status sk_parse_hook(const char *buf, size_t len, struct sk_webhook *out, struct sk_error *err)
{
	cJSON *root = NULL;
	const cJSON *data = NULL;
	enum sk_status st;

	memset(out, 0, sizeof *out);
	st = load(buf, len, &root, err);
	if (st == SK_OK && !cJSON_IsObject(root))
		st = bad(err, "the webhook should be an object");
	/* The spec wraps it in "data"; the docs' create example is the bare object. */
	if (st == SK_OK)
		st = field(root, "data", JT_OBJECT, false, &data, "", err);
	if (st == SK_OK)
		st = parse_webhook(data != NULL ? data : root, data != NULL ? "data" : "webhook", out, err);
	cJSON_Delete(root);
	return st;
}

/* ---- hooks/admin ----------------------------------------------------- */

void sk_hooks_admin_clear(struct sk_hooks_admin *a)
{
	if (a == NULL)
		return;
	for (size_t i = 0; i < a->nemails; i++)
		free(a->emails[i]);
	free(a->emails);
	sk_webhooks_free(a->hooks, a->nhooks);
	for (size_t i = 0; i < a->nblocked; i++) {
		struct sk_blocked_domain *b = &a->blocked[i];

		free(b->destination);
		for (size_t j = 0; j < b->nreasons; j++)
			free(b->reasons[j].description);
		free(b->reasons);
	}
	free(a->blocked);
	memset(a, 0, sizeof *a);
}

static enum sk_status parse_emails(const cJSON *data, struct sk_hooks_admin *out, struct sk_error *err)
{
	const cJSON *arr;
	enum sk_status st = field(data, "emails", JT_ARRAY, false, &arr, "data", err);
	size_t k = 0;

	if (st == SK_OK && arr != NULL)
		st = array_len(arr, "data.emails", &k, err);
	if (st != SK_OK || k == 0)
		return st;
	out->emails = sk_xcalloc(k, sizeof *out->emails);
	for (const cJSON *c = arr->child; c != NULL; c = c->next) {
		if (!cJSON_IsString(c) || c->valuestring == NULL)
			return bad(err, "data.emails should hold strings");
		if (strlen(c->valuestring) > SK_PARSE_MAX_STRING)
			return bad(err, "data.emails has an entry longer than %d bytes", SK_PARSE_MAX_STRING);
		out->emails[out->nemails++] = sk_strdup(c->valuestring);
	}
	return SK_OK;
}

static enum sk_status parse_reasons(const cJSON *o, const char *where, struct sk_blocked_domain *b,
				    struct sk_error *err)
{
	const cJSON *arr;
	enum sk_status st = field(o, "reasons", JT_ARRAY, false, &arr, where, err);
	size_t k = 0, i = 0;

	if (st == SK_OK && arr != NULL)
		st = array_len(arr, "reasons", &k, err);
	if (st != SK_OK || k == 0)
		return st;
	b->reasons = sk_xcalloc(k, sizeof *b->reasons);
	for (const cJSON *c = arr->child; c != NULL && st == SK_OK; c = c->next, i++) {
		struct sk_block_reason *r = &b->reasons[i];
		char w[80];

		snprintf(w, sizeof w, "%s.reasons[%zu]", where, i);
		b->nreasons++;
		if (!cJSON_IsObject(c))
			return bad(err, "%s should be an object", w);
		st = str_field(c, "failure_description", false, &r->description, w, err);
		if (st == SK_OK)
			st = int_field(c, "count", false, true, &r->count, w, err);
		if (st == SK_OK)
			st = int_field(c, "timestamp", false, true, &r->timestamp, w, err);
	}
	return st;
}

static enum sk_status parse_blocked(const cJSON *data, struct sk_hooks_admin *out, struct sk_error *err)
{
	const cJSON *arr;
	enum sk_status st = field(data, "blocked_domains", JT_ARRAY, false, &arr, "data", err);
	size_t k = 0, i = 0;
	int64_t now = sk_now_ms();

	if (st == SK_OK && arr != NULL)
		st = array_len(arr, "data.blocked_domains", &k, err);
	if (st != SK_OK || k == 0)
		return st;
	out->blocked = sk_xcalloc(k, sizeof *out->blocked);
	for (const cJSON *c = arr->child; c != NULL && st == SK_OK; c = c->next, i++) {
		struct sk_blocked_domain *b = &out->blocked[i];
		char w[48];

		snprintf(w, sizeof w, "data.blocked_domains[%zu]", i);
		out->nblocked++;
		b->fetched_at = now;
		if (!cJSON_IsObject(c))
			return bad(err, "%s should be an object", w);
		st = str_field(c, "destination", true, &b->destination, w, err);
		if (st == SK_OK)
			st = int_field(c, "time_left", false, false, &b->time_left, w, err);
		if (st == SK_OK && b->time_left < 0)
			b->time_left = 0;
		if (st == SK_OK)
			st = parse_reasons(c, w, b, err);
	}
	return st;
}

enum sk_status sk_parse_hooks_admin(const char *buf, size_t len, struct sk_hooks_admin *out, int *total_pages,
				    struct sk_error *err)
{
	cJSON *root = NULL;
	const cJSON *data = NULL, *list = NULL;
	enum sk_status st;

	memset(out, 0, sizeof *out);
	st = load(buf, len, &root, err);
	if (st == SK_OK && !cJSON_IsObject(root))
		st = bad(err, "the hooks/admin answer should be an object with \"data\"");
	if (st == SK_OK)
		st = field(root, "data", JT_OBJECT, true, &data, "", err);
	if (st == SK_OK)
		st = pages_field(root, total_pages, err);
	if (st == SK_OK)
		st = parse_emails(data, out, err);
	if (st == SK_OK)
		st = field(data, "hooks_list", JT_ARRAY, false, &list, "data", err);
	if (st == SK_OK && list != NULL)
		st = parse_webhook_array(list, "data.hooks_list", &out->hooks, &out->nhooks, err);
	if (st == SK_OK)
		st = parse_blocked(data, out, err);
	if (st != SK_OK)
		sk_hooks_admin_clear(out);
	cJSON_Delete(root);
	return st;
}

/* ---- /v2/store and the account query ---------------------------------- */

enum sk_status sk_parse_store_info(const char *buf, size_t len, struct sk_store_info *out, struct sk_error *err)
{
	cJSON *root = NULL;
	const cJSON *id = NULL;
	char uuid[64] = "";
	enum sk_status st;

	memset(out, 0, sizeof *out);
	st = load(buf, len, &root, err);
	if (st == SK_OK && !cJSON_IsObject(root))
		st = bad(err, "the store information should be an object");
	if (st == SK_OK)
		st = field(root, "id", JT_STRING, true, &id, "", err);
	if (st == SK_OK)
		st = safe_field(root, "name", false, out->name, sizeof out->name, "", err);
	if (st == SK_OK)
		st = safe_field(root, "domain", false, out->domain, sizeof out->domain, "", err);
	if (st == SK_OK)
		st = safe_field(root, "status", false, out->status, sizeof out->status, "", err);
	if (st == SK_OK)
		st = safe_field(root, "account_uuid", false, uuid, sizeof uuid, "", err);
	/* account_uuid links stores to account-level accounts; anything but a UUID is dropped */
	if (st == SK_OK && sk_uuid_valid(uuid))
		memcpy(out->account_uuid, uuid, 37);
	if (st != SK_OK)
		memset(out, 0, sizeof *out);
	cJSON_Delete(root);
	return st;
}

/* Append s to buf[size] (with sep first when buf is not empty), cutting at a UTF-8 boundary. */
static void append(char *buf, size_t size, const char *sep, const char *s)
{
	size_t used = strlen(buf);
	size_t n;

	if (used > 0 && sep != NULL)
		append(buf, size, NULL, sep);
	used = strlen(buf);
	if (used + 1 >= size)
		return;
	n = strlen(s);
	if (n > size - used - 1) {
		n = size - used - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(buf + used, s, n);
	buf[used + n] = '\0';
}

/* The messages of a GraphQL (or v2) errors array, joined with "; ". */
static void join_messages(const cJSON *arr, char *out, size_t size)
{
	for (const cJSON *c = arr->child; c != NULL; c = c->next) {
		const cJSON *m = cJSON_IsObject(c) ? cJSON_GetObjectItemCaseSensitive(c, "message") : NULL;

		if (cJSON_IsString(m) && m->valuestring != NULL)
			append(out, size, "; ", m->valuestring);
	}
}

enum sk_status sk_parse_account_answer(const char *buf, size_t len, struct sk_account_answer *out,
				       struct sk_error *err)
{
	cJSON *root = NULL;
	const cJSON *data = NULL, *acct = NULL, *info = NULL, *errors = NULL;
	char raw[1024] = "";
	enum sk_status st;

	memset(out, 0, sizeof *out);
	st = load(buf, len, &root, err);
	if (st == SK_OK && !cJSON_IsObject(root))
		st = bad(err, "the GraphQL answer should be an object");
	if (st == SK_OK)
		st = field(root, "errors", JT_ARRAY, false, &errors, "", err);
	if (st == SK_OK)
		st = field(root, "data", JT_OBJECT, false, &data, "", err);
	if (st == SK_OK && data != NULL)
		st = field(data, "account", JT_OBJECT, false, &acct, "data", err);
	if (st == SK_OK && acct != NULL) {
		out->has_account = true;
		st = safe_field(acct, "id", false, out->id, sizeof out->id, "data.account", err);
		if (st == SK_OK)
			st = field(acct, "accountInfo", JT_OBJECT, false, &info, "data.account", err);
		if (st == SK_OK && info != NULL)
			st = safe_field(info, "name", false, out->name, sizeof out->name, "data.account.accountInfo",
					err);
	}
	if (st == SK_OK && errors != NULL) {
		join_messages(errors, raw, sizeof raw);
		sk_sanitize(raw, out->errors, sizeof out->errors);
	}
	if (st != SK_OK)
		memset(out, 0, sizeof *out);
	cJSON_Delete(root);
	return st;
}

/* ---- v3 list pages of objects ---------------------------------------- */

/* One kind of item a v3 list page holds. */
struct page_kind {
	const char *list;  /* "metafield", "script": names the list in errors */
	size_t size;       /* of one item */
	/*
	 * Parse the object c (w names it in errors, e.g. "data[3]") into the
	 * zeroed slot and say whether it is kept (*keep); a slot not kept, or
	 * left by an error, is cleared by the walker.
	 */
	enum sk_status (*parse)(const cJSON *c, void *slot, const char *owner, bool *keep, const char *w,
				struct sk_error *err);
	void (*clear)(void *item);
};

/*
 * A page {"data": [{...}, ...], "meta": {"pagination": ...}}: every item
 * parsed by kind, the kept ones appended to *items (n of them already).
 * On an error nothing of this page is kept and *n is unchanged.
 */
static enum sk_status parse_v3_page(const char *buf, size_t len, const struct page_kind *kind, const char *owner,
				    void **items, size_t *n, int *total_pages, struct sk_error *err)
{
	cJSON *root = NULL;
	const cJSON *data = NULL;
	enum sk_status st;
	size_t k = 0, i = 0, added = 0;
	size_t base = *n;
	char *arr = *items;

	st = load(buf, len, &root, err);
	if (st == SK_OK && !cJSON_IsObject(root))
		st = bad(err, "the %s list should be an object with \"data\"", kind->list);
	if (st == SK_OK)
		st = field(root, "data", JT_ARRAY, true, &data, "", err);
	if (st == SK_OK)
		st = pages_field(root, total_pages, err);
	if (st == SK_OK)
		st = array_len(data, "data", &k, err);
	if (st == SK_OK && k > 0) {
		arr = sk_xrealloc(arr, (base + k) * kind->size);
		*items = arr;
	}
	for (const cJSON *c = st == SK_OK ? data->child : NULL; c != NULL && st == SK_OK; c = c->next, i++) {
		void *slot = arr + (base + added) * kind->size;
		bool keep = false;
		char w[32];

		snprintf(w, sizeof w, "data[%zu]", i);
		if (!cJSON_IsObject(c)) {
			st = bad(err, "%s should be an object", w);
			break;
		}
		memset(slot, 0, kind->size);
		st = kind->parse(c, slot, owner, &keep, w, err);
		if (st == SK_OK && keep)
			added++;
		else
			kind->clear(slot);
	}
	if (st != SK_OK) {
		for (size_t j = base; j < base + added; j++)
			kind->clear(arr + j * kind->size);
		added = 0;
	}
	*n = base + added;
	cJSON_Delete(root);
	return st;
}

/* ---- metafields ------------------------------------------------------ */

static void metafield_clear(struct sk_metafield *m)
{
	free(m->id);
	free(m->namespace_);
	free(m->key);
	free(m->resource_type);
	free(m->resource_id);
	free(m->permission_set);
	memset(m, 0, sizeof *m);
}

void sk_metafields_free(struct sk_metafield *m, size_t n)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		metafield_clear(&m[i]);
	free(m);
}

void sk_metafield_report_clear(struct sk_metafield_report *r)
{
	sk_metafields_free(r->items, r->n);
	memset(r, 0, sizeof *r);
}

static void metafield_clear_item(void *item)
{
	metafield_clear(item);
}

/* Kept when owner is NULL or it is the owner's. */
static enum sk_status metafield_parse(const cJSON *c, void *slot, const char *owner, bool *keep, const char *w,
				      struct sk_error *err)
{
	struct sk_metafield *m = slot;
	char *owner_id = NULL;
	enum sk_status st;

	st = text_id_field(c, "id", true, &m->id, w, err);
	if (st == SK_OK)
		st = str_field(c, "namespace", false, &m->namespace_, w, err);
	if (st == SK_OK)
		st = str_field(c, "key", false, &m->key, w, err);
	if (st == SK_OK)
		st = str_field(c, "resource_type", false, &m->resource_type, w, err);
	if (st == SK_OK)
		st = text_id_field(c, "resource_id", false, &m->resource_id, w, err);
	if (st == SK_OK)
		st = str_field(c, "permission_set", false, &m->permission_set, w, err);
	if (st == SK_OK)
		st = str_field(c, "owner_client_id", false, &owner_id, w, err);
	*keep = owner == NULL || (owner_id != NULL && strcmp(owner_id, owner) == 0);
	free(owner_id);
	return st;
}

enum sk_status sk_parse_metafields_page(const char *buf, size_t len, const char *owner, struct sk_metafield **out,
					size_t *n, int *total_pages, struct sk_error *err)
{
	static const struct page_kind kind = {"metafield", sizeof(struct sk_metafield), metafield_parse,
					      metafield_clear_item};
	void *items = *out;
	enum sk_status st = parse_v3_page(buf, len, &kind, owner, &items, n, total_pages, err);

	*out = items;
	return st;
}

/* ---- scripts --------------------------------------------------------- */

static void script_clear(struct sk_script *s)
{
	free(s->uuid);
	free(s->name);
	free(s->kind);
	free(s->src);
	free(s->location);
	free(s->visibility);
	free(s->api_client_id);
	memset(s, 0, sizeof *s);
}

void sk_scripts_free(struct sk_script *s, size_t n)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		script_clear(&s[i]);
	free(s);
}

static void script_clear_item(void *item)
{
	script_clear(item);
}

/* BigCommerce lists only the token's own scripts; a blank creator is kept (it may be ours). */
static enum sk_status script_parse(const cJSON *c, void *slot, const char *owner, bool *keep, const char *w,
				   struct sk_error *err)
{
	struct sk_script *s = slot;
	enum sk_status st;

	st = str_field(c, "uuid", true, &s->uuid, w, err);
	if (st == SK_OK)
		st = str_field(c, "name", false, &s->name, w, err);
	if (st == SK_OK)
		st = str_field(c, "kind", false, &s->kind, w, err);
	if (st == SK_OK)
		st = str_field(c, "src", false, &s->src, w, err);
	if (st == SK_OK)
		st = str_field(c, "location", false, &s->location, w, err);
	if (st == SK_OK)
		st = str_field(c, "visibility", false, &s->visibility, w, err);
	if (st == SK_OK)
		st = str_field(c, "api_client_id", false, &s->api_client_id, w, err);
	if (st == SK_OK)
		st = bool_field(c, "auto_uninstall", &s->auto_uninstall, w, err);
	if (st == SK_OK)
		st = bool_field(c, "enabled", &s->enabled, w, err);
	*keep = owner == NULL || s->api_client_id == NULL || s->api_client_id[0] == '\0' ||
		strcmp(s->api_client_id, owner) == 0;
	return st;
}

enum sk_status sk_parse_scripts_page(const char *buf, size_t len, const char *owner, struct sk_script **out,
				     size_t *n, int *total_pages, struct sk_error *err)
{
	static const struct page_kind kind = {"script", sizeof(struct sk_script), script_parse, script_clear_item};
	void *items = *out;
	enum sk_status st = parse_v3_page(buf, len, &kind, owner, &items, n, total_pages, err);

	*out = items;
	return st;
}

/* ---- error bodies ---------------------------------------------------- */

/* v3 "errors": {field: "msg"} or {field: ["msg", ...]}. */
static void field_errors(const cJSON *errors, char *raw, size_t size)
{
	for (const cJSON *c = errors->child; c != NULL; c = c->next) {
		char item[512] = "";

		append(item, sizeof item, NULL, c->string ? c->string : "?");
		if (cJSON_IsString(c) && c->valuestring != NULL) {
			append(item, sizeof item, NULL, ": ");
			append(item, sizeof item, NULL, c->valuestring);
		} else if (cJSON_IsArray(c)) {
			const char *sep = ": ";

			for (const cJSON *e = c->child; e != NULL; e = e->next)
				if (cJSON_IsString(e) && e->valuestring != NULL) {
					append(item, sizeof item, NULL, sep);
					append(item, sizeof item, NULL, e->valuestring);
					sep = ", ";
				}
		}
		append(raw, size, "; ", item);
	}
}

bool sk_parse_error_body(const char *buf, size_t len, char *out, size_t size)
{
	cJSON *root = NULL;
	char raw[1024] = "";

	if (size == 0)
		return false;
	out[0] = '\0';
	if (load(buf, len, &root, NULL) != SK_OK) {
		/* a short one-line plain-text answer is still worth showing */
		size_t n = len;

		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			n--;
		if (n == 0 || n > 200 || memchr(buf, '\n', n) != NULL || memchr(buf, '<', n) != NULL ||
		    memchr(buf, '\0', n) != NULL || !sk_utf8_valid(buf, n))
			return false;
		memcpy(raw, buf, n);
		raw[n] = '\0';
	} else if (cJSON_IsArray(root)) {
		join_messages(root, raw, sizeof raw);
	} else if (cJSON_IsObject(root)) {
		const cJSON *title = cJSON_GetObjectItemCaseSensitive(root, "title");
		const cJSON *errors = cJSON_GetObjectItemCaseSensitive(root, "errors");
		const cJSON *error = cJSON_GetObjectItemCaseSensitive(root, "error");
		const cJSON *message = cJSON_GetObjectItemCaseSensitive(root, "message");

		if (cJSON_IsString(title) && title->valuestring != NULL)
			append(raw, sizeof raw, NULL, title->valuestring);
		else if (cJSON_IsString(error) && error->valuestring != NULL)
			append(raw, sizeof raw, NULL, error->valuestring);
		else if (cJSON_IsString(message) && message->valuestring != NULL)
			append(raw, sizeof raw, NULL, message->valuestring);
		if (cJSON_IsObject(errors) && errors->child != NULL) {
			char fields[768] = "";

			field_errors(errors, fields, sizeof fields);
			append(raw, sizeof raw, " (", fields);
			if (raw[0] != '\0' && strcmp(raw, fields) != 0)
				append(raw, sizeof raw, NULL, ")");
		} else if (cJSON_IsArray(errors)) {
			char msgs[768] = "";

			join_messages(errors, msgs, sizeof msgs);
			append(raw, sizeof raw, "; ", msgs);
		}
	}
	cJSON_Delete(root);
	sk_sanitize(raw, out, size);
	return out[0] != '\0';
}
