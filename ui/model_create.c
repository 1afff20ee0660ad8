/* model_create.c - curses-free model of the create wizard: pages, fields, scopes, import, review. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"
#include "model_create.h"
#include "text.h"
#include "util.h"

/* ---- scope selection ---------------------------------------------------- */

void ui_scope_sel_init(struct ui_scope_sel *s, enum sk_level level)
{
	memset(s, 0, sizeof *s);
	s->level = level;
	s->rows = sk_xcalloc(sk_scope_catalogue_len + 1, sizeof *s->rows);
	s->mask = sk_xcalloc(sk_scope_catalogue_len + 1, sizeof *s->mask);
	for (size_t i = 0; i < sk_scope_catalogue_len; i++)
		if (sk_scope_catalogue[i].level == level)
			s->rows[s->n++] = i;
	ui_scope_sel_clear(s);
}

/* A row the control panel shows without None (Metafields access) falls back to its default level. */
static unsigned row_floor(const struct sk_scope_resource *r)
{
	return r->always && r->nlevels > 0 ? 1u : 0u;
}

void ui_scope_sel_free(struct ui_scope_sel *s)
{
	free(s->rows);
	free(s->mask);
	memset(s, 0, sizeof *s);
}

const struct sk_scope_resource *ui_scope_sel_resource(const struct ui_scope_sel *s, size_t row)
{
	return row < s->n ? &sk_scope_catalogue[s->rows[row]] : NULL;
}

void ui_scope_sel_set(struct ui_scope_sel *s, size_t row, int li)
{
	const struct sk_scope_resource *r = ui_scope_sel_resource(s, row);

	if (r == NULL)
		return;
	s->mask[row] = (li >= 0 && (size_t)li < r->nlevels) ? 1u << li : row_floor(r);
}

void ui_scope_sel_toggle(struct ui_scope_sel *s, size_t row, int li)
{
	const struct sk_scope_resource *r = ui_scope_sel_resource(s, row);

	if (r == NULL || li < 0 || (size_t)li >= r->nlevels)
		return;
	if (r->multi)
		s->mask[row] ^= 1u << li;
	else
		s->mask[row] = (s->mask[row] & (1u << li)) ? row_floor(r) : 1u << li;
}

int ui_scope_sel_level(const struct ui_scope_sel *s, size_t row)
{
	if (row >= s->n)
		return -1;
	for (int l = 0; l < SK_SCOPE_MAX_LEVELS; l++)
		if (s->mask[row] & (1u << l))
			return l;
	return -1;
}

void ui_scope_sel_step(struct ui_scope_sel *s, size_t row, int dir)
{
	const struct sk_scope_resource *r = ui_scope_sel_resource(s, row);
	int cur, next;

	if (r == NULL || r->nlevels == 0)
		return;
	cur = ui_scope_sel_level(s, row);
	next = cur + (dir > 0 ? 1 : -1);
	if (next < (r->always ? 0 : -1))
		next = r->always ? 0 : -1;
	if (next >= (int)r->nlevels)
		next = (int)r->nlevels - 1;
	ui_scope_sel_set(s, row, next);
}

void ui_scope_sel_clear(struct ui_scope_sel *s)
{
	for (size_t i = 0; i < s->n; i++)
		s->mask[i] = row_floor(&sk_scope_catalogue[s->rows[i]]);
}

void ui_scope_sel_apply(struct ui_scope_sel *s, char *const *scopes, size_t n)
{
	ui_scope_sel_clear(s);
	for (size_t i = 0; i < n; i++) {
		size_t li;
		const struct sk_scope_resource *r = sk_scope_find(scopes[i], &li);

		for (size_t row = 0; r && row < s->n; row++) {
			if (&sk_scope_catalogue[s->rows[row]] != r)
				continue;
			if (r->multi)
				s->mask[row] |= 1u << li;
			else
				s->mask[row] = 1u << li;
		}
	}
}

size_t ui_scope_sel_granted(const struct ui_scope_sel *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		if (s->mask[i])
			n++;
	return n;
}

bool ui_scope_sel_chosen(const struct ui_scope_sel *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->mask[i] != row_floor(&sk_scope_catalogue[s->rows[i]]))
			return true;
	return false;
}

size_t ui_scope_sel_selectable(const struct ui_scope_sel *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		if (sk_scope_catalogue[s->rows[i]].nlevels > 0)
			n++;
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **ui_scope_sel_list(const struct ui_scope_sel *s, size_t *n)
{
	char **out = sk_xcalloc(s->n * SK_SCOPE_MAX_LEVELS + 1, sizeof *out);
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct sk_scope_resource *r = &sk_scope_catalogue[s->rows[i]];

		for (size_t l = 0; l < r->nlevels; l++)
			if (s->mask[i] & (1u << l))
				out[k++] = sk_strdup(r->levels[l].scope);
	}
	qsort(out, k, sizeof *out, cmp_str);
	out[k] = NULL;
	*n = k;
	return out;
}

size_t ui_scope_presets(enum sk_level level, const struct sk_scope_preset **out, size_t out_max)
{
	size_t k = 0;

	for (size_t i = 0; i < sk_scope_presets_len && k < out_max; i++) {
		const struct sk_scope_preset *p = &sk_scope_presets[i];

		/* Stencil presets belong to the Stencil-CLI token type, not to the V2/V3 scopes page. */
		if (p->level != level || strncmp(p->id, "stencil-", 8) == 0)
			continue;
		out[k++] = p;
	}
	return k;
}

/* ---- validators ---------------------------------------------------------- */

static void trimmed_copy(const char *value, char *out, size_t size)
{
	sk_strlcpy(out, value, size);
	sk_trim(out);
}

enum sk_status ui_create_parse_path(const char *value, enum sk_level level, struct sk_api_path *out,
				    struct sk_error *err)
{
	char v[SK_API_PATH_MAX + 2];
	char full[SK_API_PATH_MAX + 64];
	size_t len;
	bool bare = true;
	enum sk_status st;

	memset(out, 0, sizeof *out);
	if (strlen(value) > SK_API_PATH_MAX)
		return sk_error_set(err, SK_ERR_INVALID, "the API path is longer than %d characters", SK_API_PATH_MAX);
	trimmed_copy(value, v, sizeof v);
	len = strlen(v);
	if (len == 0)
		return sk_error_set(err, SK_ERR_INVALID,
				    level == SK_LEVEL_STORE ? "paste the API path, or type the store hash"
							    : "paste the API path, or type the account UUID");
	/* A bare store hash or account UUID is accepted and expanded to the canonical path. */
	if (level == SK_LEVEL_STORE) {
		for (size_t i = 0; i < len; i++)
			if (!(islower((unsigned char)v[i]) || isdigit((unsigned char)v[i])))
				bare = false;
		if (bare && len <= SK_HASH_MAX)
			snprintf(full, sizeof full, "https://api.bigcommerce.com/stores/%s/v3/", v);
	} else {
		bare = len == 36 && sk_uuid_valid(v);
		if (bare)
			snprintf(full, sizeof full, "https://api.bigcommerce.com/accounts/%s", v);
	}
	st = sk_api_path_parse(bare ? full : v, out, err);
	if (st != SK_OK)
		return st;
	if (out->level != level)
		return sk_error_set(err, SK_ERR_INVALID,
				    out->level == SK_LEVEL_STORE
					    ? "that is a store-level API path; go Back to the first page to create a store-level account"
					    : "that is an account-level API path; go Back to the first page to create an account-level account");
	return SK_OK;
}

static bool validate_path(const char *value, void *ctx, char *msg, size_t size)
{
	struct ui_create *c = ctx;
	struct sk_error err = {0};

	if (ui_create_parse_path(value, c->level, &c->path, &err) != SK_OK) {
		snprintf(msg, size, "%s", err.msg);
		return false;
	}
	if (c->level == SK_LEVEL_STORE) {
		size_t used = sk_registry_store_count(c->reg, c->path.store_hash);

		if (used >= SK_STORE_MAX_ACCOUNTS) {
			snprintf(msg, size,
				 "store %s already has %zu store-level API accounts, BigCommerce's maximum of %d; "
				 "delete one first",
				 c->path.store_hash, used, SK_STORE_MAX_ACCOUNTS);
			return false;
		}
		snprintf(msg, size, "store %s: %zu of %d store-level accounts used", c->path.store_hash, used,
			 SK_STORE_MAX_ACCOUNTS);
	} else {
		snprintf(msg, size, "account %s", c->path.account_uuid);
	}
	return true;
}

static bool validate_name(const char *value, void *ctx, char *msg, size_t size)
{
	struct ui_create *c = ctx;
	struct sk_error err = {0};
	const char *owner = c->level == SK_LEVEL_STORE ? c->path.store_hash : c->path.account_uuid;

	if (sk_registry_check_new(c->reg, value, c->level, owner[0] ? owner : NULL, NULL, &err) != SK_OK) {
		snprintf(msg, size, "%s", err.msg);
		return false;
	}
	snprintf(msg, size, "OK: %zu characters, unique in %s %s", sk_utf8_len(value),
		 sk_level_name(c->level), owner);
	return true;
}

/* Credential fields: checked trimmed, since surrounding white space is trimmed before use. */
static bool validate_token(const char *what, size_t max, const char *value, char *msg, size_t size)
{
	char v[UI_LINE_MAX + 1];
	struct sk_error err = {0};
	bool ok;

	trimmed_copy(value, v, sizeof v);
	if (v[0] == '\0') {
		snprintf(msg, size, "required");
		ok = false;
	} else if (sk_token_check(what, v, &err) != SK_OK) {
		snprintf(msg, size, "%s", err.msg);
		ok = false;
	} else if (strlen(v) > max) {
		snprintf(msg, size, "the %s is longer than %zu characters", what, max);
		ok = false;
	} else {
		ok = true;
	}
	sk_wipe(v, sizeof v);
	return ok;
}

static bool validate_client_id(const char *value, void *ctx, char *msg, size_t size)
{
	return validate_token("client ID", SK_CLIENT_ID_MAX, value, msg, size);
}

static bool validate_secret(const char *value, void *ctx, char *msg, size_t size)
{
	return validate_token("client secret", SK_SECRET_MAX, value, msg, size);
}

static bool validate_access_token(const char *value, void *ctx, char *msg, size_t size)
{
	return validate_token("access token", SK_SECRET_MAX, value, msg, size);
}

/* ---- the wizard ---------------------------------------------------------- */

void ui_create_init(struct ui_create *c, const struct sk_registry *reg)
{
	memset(c, 0, sizeof *c);
	c->reg = reg;
	c->page = UI_CP_LEVEL;
	c->level = SK_LEVEL_STORE;
	c->token_type = SK_TOKEN_V2V3;
	c->stencil = SK_STENCIL_DEV;
	ui_field_init(&c->api_path, "API path", SK_API_PATH_MAX, false, validate_path, c);
	ui_field_init(&c->name, "Name", SK_NAME_MAX_BYTES, false, validate_name, c);
	ui_field_init(&c->client_id, "Client ID", SK_CLIENT_ID_MAX + 16, false, validate_client_id, c);
	ui_field_init(&c->client_secret, "Client secret", SK_SECRET_MAX + 16, true, validate_secret, c);
	ui_field_init(&c->access_token, "Access token", SK_SECRET_MAX + 16, true, validate_access_token, c);
	ui_field_init(&c->txt_path, "or import the .txt", PATH_MAX - 1, false, NULL, c);
	ui_scope_sel_init(&c->scopes[SK_LEVEL_STORE], SK_LEVEL_STORE);
	ui_scope_sel_init(&c->scopes[SK_LEVEL_ACCOUNT], SK_LEVEL_ACCOUNT);
}

void ui_create_seed(struct ui_create *c, const struct ui_create_seed *s)
{
	c->level = s->level;
	c->token_type = s->level == SK_LEVEL_STORE ? s->token_type : SK_TOKEN_V2V3;
	c->stencil = s->stencil == SK_STENCIL_NONE ? SK_STENCIL_DEV : s->stencil;
	if (s->api_path && ui_line_set(&c->api_path.line, s->api_path))
		ui_field_validate(&c->api_path);
	if (s->name && ui_line_set(&c->name.line, s->name))
		ui_field_validate(&c->name);
	if (s->nscopes > 0)
		ui_scope_sel_apply(&c->scopes[c->level], s->scopes, s->nscopes);
}

void ui_create_free(struct ui_create *c)
{
	ui_field_free(&c->api_path);
	ui_field_free(&c->name);
	ui_field_free(&c->client_id);
	ui_field_free(&c->client_secret);
	ui_field_free(&c->access_token);
	ui_field_free(&c->txt_path);
	ui_scope_sel_free(&c->scopes[0]);
	ui_scope_sel_free(&c->scopes[1]);
	sk_wipe(c, sizeof *c);
}

/* The pages of the current flow, ending with UI_CP_COUNT. */
static size_t page_order(const struct ui_create *c, enum ui_cpage out[UI_CP_COUNT + 1])
{
	size_t n = 0;

	out[n++] = UI_CP_LEVEL;
	out[n++] = UI_CP_PREREQ;
	if (c->level == SK_LEVEL_STORE)
		out[n++] = UI_CP_TOKEN_TYPE;
	/* The store (or account) comes before the name: names are unique per store and capped at 50. */
	out[n++] = UI_CP_API_PATH;
	out[n++] = UI_CP_NAME;
	if (c->level == SK_LEVEL_STORE && c->token_type == SK_TOKEN_STENCIL)
		out[n++] = UI_CP_STENCIL;
	else
		out[n++] = UI_CP_SCOPES;
	out[n++] = UI_CP_REVIEW;
	out[n++] = UI_CP_CREDS;
	out[n++] = UI_CP_VERIFY;
	out[n++] = UI_CP_DONE;
	out[n] = UI_CP_COUNT;
	return n;
}

static long page_index(const struct ui_create *c, const enum ui_cpage *order, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (order[i] == c->page)
			return (long)i;
	return -1;
}

enum ui_cpage ui_create_next_page(const struct ui_create *c)
{
	enum ui_cpage order[UI_CP_COUNT + 1];
	size_t n = page_order(c, order);
	long i = page_index(c, order, n);

	return (i < 0 || (size_t)i + 1 >= n) ? UI_CP_COUNT : order[i + 1];
}

enum ui_cpage ui_create_prev_page(const struct ui_create *c)
{
	enum ui_cpage order[UI_CP_COUNT + 1];
	size_t n = page_order(c, order);
	long i = page_index(c, order, n);

	return i <= 0 ? UI_CP_COUNT : order[i - 1];
}

int ui_create_step(const struct ui_create *c, int *index)
{
	enum ui_cpage order[UI_CP_COUNT + 1];
	size_t n = page_order(c, order);

	*index = (int)page_index(c, order, n) + 1;
	return (int)n;
}

static bool creds_valid(struct ui_create *c, char *why, size_t size)
{
	struct ui_field *f[] = {&c->client_id, &c->client_secret, &c->access_token};
	long bad;

	if (ui_form_validate(f, 3) && c->import_conflict[0] == '\0')
		return true;
	bad = ui_form_first_invalid(f, 3);
	if (bad >= 0)
		snprintf(why, size, "%s: %s", f[bad]->label, f[bad]->msg);
	else
		snprintf(why, size, "%s", c->import_conflict);
	return false;
}

bool ui_create_page_valid(struct ui_create *c, char *why, size_t size)
{
	struct sk_error err = {0};

	why[0] = '\0';
	switch (c->page) {
	case UI_CP_API_PATH:
		if (ui_field_validate(&c->api_path))
			return true;
		snprintf(why, size, "API path: %s", c->api_path.msg);
		return false;
	case UI_CP_NAME:
		/* The path page may have changed since: keep the parsed owner current. */
		ui_field_validate(&c->api_path);
		if (ui_field_validate(&c->name))
			return true;
		snprintf(why, size, "Name: %s", c->name.msg);
		return false;
	case UI_CP_SCOPES: {
		size_t n;
		char **list = ui_scope_sel_list(&c->scopes[c->level], &n);
		bool ok = sk_scopes_check(list, n, c->level, &err) == SK_OK;

		sk_scopes_free(list, n);
		if (!ok)
			snprintf(why, size, "%s", err.msg);
		return ok;
	}
	case UI_CP_CREDS:
		return creds_valid(c, why, size);
	case UI_CP_VERIFY:
		if (c->verify == UI_VERIFY_OK || c->verify == UI_VERIFY_SKIPPED)
			return true;
		snprintf(why, size, "%s",
			 c->verify == UI_VERIFY_REJECTED ? "BigCommerce rejected the credentials: go Back and check them"
			 : c->verify == UI_VERIFY_UNREACHABLE ? "not verified: retry, or choose Save without verifying"
							      : "verify the credentials first");
		return false;
	case UI_CP_DONE:
		return c->saved;
	default:
		return true;
	}
}

bool ui_create_dirty(const struct ui_create *c)
{
	struct ui_field *const f[] = {(struct ui_field *)&c->api_path,	   (struct ui_field *)&c->name,
				      (struct ui_field *)&c->client_id,	   (struct ui_field *)&c->client_secret,
				      (struct ui_field *)&c->access_token, (struct ui_field *)&c->txt_path};

	/* Choices alone are quick to redo; typed fields, an import or chosen scopes are not. */
	return ui_form_changed(f, 6) || c->imported || ui_scope_sel_chosen(&c->scopes[SK_LEVEL_STORE]) ||
	       ui_scope_sel_chosen(&c->scopes[SK_LEVEL_ACCOUNT]);
}

void ui_create_trim_creds(struct ui_create *c)
{
	ui_line_trim(&c->client_id.line);
	ui_line_trim(&c->client_secret.line);
	ui_line_trim(&c->access_token.line);
}

/* The warning when the file names the account otherwise than the name page (sanitized, R21). */
static void import_name_warn(struct ui_create *c)
{
	char name[SK_NAME_MAX_BYTES + 2], typed[SK_NAME_MAX_BYTES * 4], n0[SK_NAME_MAX_BYTES * 4],
		n1[SK_NAME_MAX_BYTES * 4];

	c->import_warn[0] = '\0';
	if (!ui_create_import_name_differs(c))
		return;
	sk_strlcpy(name, ui_line_text(&c->name.line), sizeof name);
	sk_trim(name);
	sk_sanitize(name, typed, sizeof typed);
	sk_sanitize(c->import_names[0], n0, sizeof n0);
	if (c->nimport_names == 2) {
		sk_sanitize(c->import_names[1], n1, sizeof n1);
		snprintf(c->import_warn, sizeof c->import_warn,
			 "the file names the account two ways, CLIENT NAME \"%.80s\" and NAME \"%.80s\"; storekeys "
			 "records \"%.80s\" unless you choose one below",
			 n0, n1, typed);
	} else {
		snprintf(c->import_warn, sizeof c->import_warn,
			 "the file names the account \"%.80s\" but you chose \"%.80s\"; storekeys records \"%.80s\" "
			 "unless you choose the file's name below",
			 n0, typed, typed);
	}
}

void ui_create_check_import(struct ui_create *c, const struct sk_credfile *cf)
{
	c->import_conflict[0] = c->import_warn[0] = '\0';
	ui_field_validate(&c->api_path);
	if (cf->path.level != c->level) {
		snprintf(c->import_conflict, sizeof c->import_conflict,
			 "the file is for a %s account, but you are creating a %s one",
			 sk_level_label(cf->path.level),
			 sk_level_label(c->level));
	} else if (c->level == SK_LEVEL_STORE && strcmp(cf->path.store_hash, c->path.store_hash) != 0) {
		snprintf(c->import_conflict, sizeof c->import_conflict,
			 "the file's API path is for store %s, but you entered store %s: go Back to the API path "
			 "page or import the right file",
			 cf->path.store_hash, c->path.store_hash);
	} else if (c->level == SK_LEVEL_ACCOUNT && strcmp(cf->path.account_uuid, c->path.account_uuid) != 0) {
		snprintf(c->import_conflict, sizeof c->import_conflict,
			 "the file's API path is for account %s, but you entered account %s: go Back to the API "
			 "path page or import the right file",
			 cf->path.account_uuid, c->path.account_uuid);
	}
	c->nimport_names = 0;
	if (cf->names_differ) {
		/* Real downloads carry CLIENT NAME and NAME; when they differ the person chooses. */
		sk_strlcpy(c->import_names[0], cf->client_name, sizeof c->import_names[0]);
		c->import_labels[0] = "CLIENT NAME";
		sk_strlcpy(c->import_names[1], cf->name_line, sizeof c->import_names[1]);
		c->import_labels[1] = "NAME";
		c->nimport_names = 2;
	} else if (cf->name[0]) {
		sk_strlcpy(c->import_names[0], cf->name, sizeof c->import_names[0]);
		c->import_labels[0] = cf->client_name[0] ? "CLIENT NAME" : "NAME";
		c->nimport_names = 1;
	}
	import_name_warn(c);
}

bool ui_create_import_name_differs(const struct ui_create *c)
{
	char name[SK_NAME_MAX_BYTES + 2];

	sk_strlcpy(name, ui_line_text(&c->name.line), sizeof name);
	sk_trim(name);
	for (size_t i = 0; i < c->nimport_names; i++)
		if (strcmp(c->import_names[i], name) != 0)
			return true;
	return false;
}

enum sk_status ui_create_use_import_name(struct ui_create *c, size_t i, struct sk_error *err)
{
	char old[SK_NAME_MAX_BYTES + 2];

	if (i >= c->nimport_names)
		return sk_error_set(err, SK_ERR_INVALID, "the file has no such name");
	sk_strlcpy(old, ui_line_text(&c->name.line), sizeof old);
	ui_line_set(&c->name.line, c->import_names[i]);
	c->name.line.changed = true;
	if (!ui_field_validate(&c->name)) {
		sk_error_set(err, SK_ERR_INVALID, "%s", c->name.msg);
		ui_line_set(&c->name.line, old);
		ui_field_validate(&c->name);
		return err->code;
	}
	import_name_warn(c);
	return SK_OK;
}

enum sk_status ui_create_import(struct ui_create *c, const char *file, struct sk_error *err)
{
	struct sk_credfile cf;
	char path[PATH_MAX];
	enum sk_status st;

	sk_strlcpy(path, file, sizeof path);
	sk_trim(path);
	c->import_msg[0] = '\0';
	if (path[0] == '\0')
		return sk_error_set(err, SK_ERR_INVALID, "type the path of the .txt file first");
	memset(&cf, 0, sizeof cf);
	st = sk_credfile_read(path, &cf, err);
	if (st != SK_OK) {
		sk_credfile_clear(&cf);
		return st;
	}
	ui_line_set(&c->client_id.line, cf.client_id);
	ui_line_set(&c->client_secret.line, cf.client_secret);
	ui_line_set(&c->access_token.line, cf.access_token);
	c->client_id.line.changed = c->client_secret.line.changed = c->access_token.line.changed = true;
	ui_field_validate(&c->client_id);
	ui_field_validate(&c->client_secret);
	ui_field_validate(&c->access_token);
	ui_create_check_import(c, &cf);
	c->imported = true;
	sk_strlcpy(c->import_file, path, sizeof c->import_file);
	snprintf(c->import_msg, sizeof c->import_msg, "read Client ID, Client secret and Access token from the file");
	sk_credfile_clear(&cf);
	return SK_OK;
}

char **ui_create_scopes(const struct ui_create *c, size_t *n)
{
	if (c->level == SK_LEVEL_STORE && c->token_type == SK_TOKEN_STENCIL) {
		const struct sk_scope_preset *p =
			sk_scope_preset_find(c->stencil == SK_STENCIL_PUBLISH ? "stencil-publish" : "stencil-dev");
		size_t k = 0;
		char **out;

		while (p && p->scopes[k])
			k++;
		out = sk_xcalloc(k + 1, sizeof *out);
		for (size_t i = 0; i < k; i++)
			out[i] = sk_strdup(p->scopes[i]);
		qsort(out, k, sizeof *out, cmp_str);
		*n = k;
		return out;
	}
	return ui_scope_sel_list(&c->scopes[c->level], n);
}

void ui_create_build(const struct ui_create *c, struct sk_account *a, int64_t now)
{
	char v[UI_LINE_MAX + 1];

	memset(a, 0, sizeof *a);
	a->level = c->level;
	a->token_type = c->level == SK_LEVEL_STORE ? c->token_type : SK_TOKEN_V2V3;
	a->stencil = (c->level == SK_LEVEL_STORE && c->token_type == SK_TOKEN_STENCIL) ? c->stencil : SK_STENCIL_NONE;
	if (sk_name_check(ui_line_text(&c->name.line), a->name, NULL) != SK_OK)
		sk_strlcpy(a->name, ui_line_text(&c->name.line), sizeof a->name);
	sk_account_set_path(a, &c->path);
	trimmed_copy(ui_line_text(&c->client_id.line), v, sizeof v);
	sk_strlcpy(a->client_id, v, sizeof a->client_id);
	a->scopes = ui_create_scopes(c, &a->nscopes);
	a->created = now;
	if (c->verify == UI_VERIFY_OK) {
		a->verified = now;
		if (c->vr.have_store_info)
			sk_sanitize(c->vr.store.name, a->store_name, sizeof a->store_name);
	}
}

void ui_create_verified(struct ui_create *c, enum sk_status st, const struct sk_error *err,
			const struct sk_verify_result *vr)
{
	char sentence[SK_ERROR_MSG_MAX + 256];

	if (vr)
		c->vr = *vr;
	if (st == SK_OK && (vr == NULL || vr->token_ok)) {
		c->verify = UI_VERIFY_OK;
		if (vr && vr->have_store_info && vr->store.name[0]) {
			char clean[256];

			sk_sanitize(vr->store.name, clean, sizeof clean);
			snprintf(c->verify_msg, sizeof c->verify_msg, "The credentials work: store \"%s\".", clean);
		} else if (vr && vr->account_name[0]) {
			char clean[256];

			sk_sanitize(vr->account_name, clean, sizeof clean);
			snprintf(c->verify_msg, sizeof c->verify_msg, "The credentials work: account \"%s\".", clean);
		} else {
			snprintf(c->verify_msg, sizeof c->verify_msg, "The credentials work.");
		}
		return;
	}
	ui_error_sentence(err, sentence, sizeof sentence);
	switch (st) {
	case SK_ERR_HTTP_401:
	case SK_ERR_HTTP_403:
	case SK_ERR_HTTP_404:
	case SK_ERR_HTTP_422:
	case SK_ERR_INVALID:
		c->verify = UI_VERIFY_REJECTED;
		break;
	case SK_OK: /* answered, but the token does not work */
		c->verify = UI_VERIFY_REJECTED;
		snprintf(sentence, sizeof sentence, "BigCommerce did not accept the token.");
		break;
	default:
		c->verify = UI_VERIFY_UNREACHABLE;
		break;
	}
	snprintf(c->verify_msg, sizeof c->verify_msg, "%s", sentence);
}

static void add(char ***v, size_t *n, size_t *cap, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void add(char ***v, size_t *n, size_t *cap, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (*n + 2 > *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = sk_xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = sk_strdup(buf);
	(*v)[*n] = NULL;
}

char **ui_create_review(const struct ui_create *c, const char *sep, size_t *n)
{
	char **v = NULL, name[SK_NAME_MAX_BYTES + 1];
	size_t cap = 0, ns = 0;
	char **scopes;
	int step = 1;

	*n = 0;
	sk_strlcpy(name, ui_line_text(&c->name.line), sizeof name);
	sk_trim(name);
	if (c->level == SK_LEVEL_STORE) {
		add(&v, n, &cap, "Sign in to the control panel of store %s, then:", c->path.store_hash);
		add(&v, n, &cap, "[ ] %d. Go to Settings%sStore-level API accounts%sCreate API account.", step++, sep, sep);
		add(&v, n, &cap, "[ ] %d. Token type: %s.", step++,
		    c->token_type == SK_TOKEN_STENCIL ? "Create Stencil-CLI Token" : "Create V2/V3 API Token");
	} else {
		add(&v, n, &cap, "Sign in as the store owner of account %s, then:", c->path.account_uuid);
		add(&v, n, &cap, "[ ] %d. Go to accounts.bigcommerce.com/tokens (or Settings%sAccount-level API accounts)%sCreate API account.",
		    step++, sep, sep);
	}
	add(&v, n, &cap, "[ ] %d. Name: %s", step++, name);
	if (c->level == SK_LEVEL_STORE && c->token_type == SK_TOKEN_STENCIL) {
		add(&v, n, &cap, "[ ] %d. Access level: %s.", step++,
		    c->stencil == SK_STENCIL_PUBLISH ? "publish theme" : "local development only");
	} else {
		const struct ui_scope_sel *sel = &c->scopes[c->level];

		scopes = ui_scope_sel_list(sel, &ns);
		sk_scopes_free(scopes, ns);
		if (ns == 0) {
			add(&v, n, &cap, "[ ] %d. OAuth scopes: leave every row at None.", step++);
		} else {
			add(&v, n, &cap, "[ ] %d. OAuth scopes: set these rows%s:", step++,
			    c->level == SK_LEVEL_STORE ? " and leave every other row at None" : "");
			/* The person mirrors the control panel: its rows, in its order (the catalogue's). */
			for (size_t i = 0; i < sel->n; i++) {
				const struct sk_scope_resource *r = &sk_scope_catalogue[sel->rows[i]];

				for (size_t li = 0; li < r->nlevels; li++)
					if (sel->mask[i] & (1u << li))
						add(&v, n, &cap, "        %-28s %-12s (%s)%s", r->ui_name, r->levels[li].label,
						    r->levels[li].scope, r->always && li == 0 ? " - the default, already set" : "");
			}
		}
	}
	add(&v, n, &cap, "[ ] %d. Select Save.", step++);
	add(&v, n, &cap, "%s", "");
	add(&v, n, &cap, "BigCommerce shows the Client ID, Client secret and Access token ONCE, in a pop-up, and "
			 "most browsers also download a .txt file with them. Keep the pop-up open (or keep the .txt) "
			 "until the next page has them: there is no way to show them again.");
	return v;
}

void ui_keyring_label(const struct sk_account *a, bool token, char *out, size_t size)
{
	sk_keyring_label(a, token ? SK_FIELD_ACCESS_TOKEN : SK_FIELD_CLIENT_SECRET, out, size);
}
