/* registry.c - the local registry of API accounts (non-secret metadata, one JSON file). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "json_arena.h"
#include "json_parse.h"
#include "registry.h"
#include "scopes.h"
#include "util.h"

#define LOCK_FILE "registry.lock"
#define BACKUP_FILE "registry.json.bak"
#define DAMAGED_FILE "registry.damaged"
#define TMP_PREFIX ".registry.json.tmp."
/* Registries deeper than this are not ours (R20): cJSON's own limit is 1000. */
#define MAX_DEPTH 16
#define MAX_ACCOUNTS 100000

/* What finding an account by its spec looks at: from the registry or from its index. */
struct find_entry {
	const char *id, *name, *owner;
	enum sk_level level;
};

typedef void find_get_fn(const void *ctx, size_t i, struct find_entry *e);

static enum sk_status find_in(size_t n, find_get_fn *get, const void *ctx, const char *spec, size_t *idx,
			      struct sk_error *err);
static void index_drop(const char *dir);

bool sk_registry_dir(char *out, size_t size)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(out, size, "%s/storekeys", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(out, size, "%s/.local/share/storekeys", home);
	else
		return false;
	return n > 0 && (size_t)n < size;
}

int sk_registry_lock_timeout_ms(void)
{
	const char *s = getenv("STOREKEYS_LOCK_TIMEOUT_MS");
	long v = s ? strtol(s, NULL, 10) : 0;

	return v > 0 && v < 600000 ? (int)v : 10000;
}

static int path_join(char *out, size_t size, const char *dir, const char *name)
{
	int n = snprintf(out, size, "%s/%s", dir, name);

	return n > 0 && (size_t)n < size ? 0 : -1;
}

/* Refuse a file or directory that another user could have planted or can change (R16). */
static enum sk_status check_safe(const char *path, bool want_dir, struct sk_error *err)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? SK_ERR_NOT_FOUND
				       : sk_error_set(err, SK_ERR_IO, "cannot inspect %s: %s", path, strerror(errno));
	if (S_ISLNK(st.st_mode))
		return sk_error_set(err, SK_ERR_REGISTRY_UNSAFE,
				    "%s is a symbolic link; storekeys refuses it (replace it with a real %s)", path,
				    want_dir ? "directory" : "file");
	if (want_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
		return sk_error_set(err, SK_ERR_REGISTRY_UNSAFE, "%s is not a %s", path,
				    want_dir ? "directory" : "regular file");
	if (st.st_uid != geteuid())
		return sk_error_set(err, SK_ERR_REGISTRY_UNSAFE,
				    "%s belongs to another user (uid %u); fix with: chown %u %s", path,
				    (unsigned)st.st_uid, (unsigned)geteuid(), path);
	if (st.st_mode & 022)
		return sk_error_set(err, SK_ERR_REGISTRY_UNSAFE,
				    "%s is writable by others; fix with: chmod %s %s", path, want_dir ? "700" : "600",
				    path);
	return SK_OK;
}

/* mkdir -p with 0700 for the components we create. */
static enum sk_status ensure_dir(const char *dir, struct sk_error *err)
{
	char tmp[PATH_MAX];
	enum sk_status st;

	if (!sk_strlcpy(tmp, dir, sizeof tmp))
		return sk_error_set(err, SK_ERR_IO, "the data directory path is too long");
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
			return sk_error_set(err, SK_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
		return sk_error_set(err, SK_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
	st = check_safe(dir, true, err);
	return st == SK_ERR_NOT_FOUND ? sk_error_set(err, SK_ERR_IO, "%s vanished", dir) : st;
}

/* ---- JSON <-> model ---------------------------------------------------- */

/* cJSON_IsObject and friends without a call into the library per node (the same test they make). */
#define JTYPE(j) ((j)->type & 0xff)

/* A key's length, first and last byte: keys that differ here differ, so only equal ones meet strcmp. */
static uint32_t key_sig(const char *s)
{
	size_t n = strlen(s);

	return n == 0 ? 0 : (uint32_t)(n << 16) ^ ((uint32_t)(unsigned char)s[0] << 8) ^ (unsigned char)s[n - 1];
}

/* Whether an object's members (first and those after it) hold a key twice. */
static bool duplicate_key(const cJSON *first)
{
	enum { SMALL = 32 };
	uint32_t h[SMALL]; /* key_sig of k[i] */
	const char *k[SMALL];
	size_t n = 0;

	/* Objects of up to SMALL keys (every account): one signature per key, strcmp only on equal ones. */
	for (const cJSON *c = first; c; c = c->next) {
		if (c->string == NULL)
			continue;
		if (n == SMALL)
			goto big;
		h[n] = key_sig(c->string);
		k[n] = c->string;
		for (size_t i = 0; i < n; i++)
			if (h[i] == h[n] && strcmp(k[i], k[n]) == 0)
				return true;
		n++;
	}
	return false;
big:
	for (const cJSON *c = first; c; c = c->next)
		if (c->string)
			for (const cJSON *d = c->next; d; d = d->next)
				if (d->string && d->string[0] == c->string[0] && strcmp(c->string, d->string) == 0)
					return true;
	return false;
}

/*
 * One walk for both structure checks (R20): no container deeper than MAX_DEPTH (the root
 * object is depth 1) and no object with a key twice (cJSON keeps duplicates; a registry
 * with them is not one we wrote).
 */
static bool shape_ok(const cJSON *j, int depth)
{
	bool object = JTYPE(j) == cJSON_Object;

	if (!object && JTYPE(j) != cJSON_Array)
		return true;
	if (depth > MAX_DEPTH)
		return false;
	if (object && duplicate_key(j->child))
		return false;
	for (const cJSON *c = j->child; c; c = c->next)
		if ((JTYPE(c) == cJSON_Object || JTYPE(c) == cJSON_Array) && !shape_ok(c, depth + 1))
			return false;
	return true;
}

static const char *const account_keys[] = {"id",	  "level",	  "token_type", "stencil_access",
					   "name",	  "api_path",	  "store_hash", "account_uuid",
					   "client_id",	  "scopes",	  "created",	"verified",
					   "store_name", NULL};

/* Indexes into account_keys, in its order. */
enum { K_ID, K_LEVEL, K_TOKEN_TYPE, K_STENCIL, K_NAME, K_API_PATH, K_STORE_HASH, K_ACCOUNT_UUID,
       K_CLIENT_ID, K_SCOPES, K_CREATED, K_VERIFIED, K_STORE_NAME, K_COUNT };

/* The index of key k in account_keys, or -1 for a key this version does not know. */
static int key_index(const char *k)
{
	int from, to;

	if (k == NULL)
		return -1;
	/* Only the keys that start with k's first byte are compared (26,000 keys at 2,000 accounts). */
	switch (k[0]) {
	case 'a': from = K_API_PATH, to = K_ACCOUNT_UUID; break;
	case 'c': from = K_CLIENT_ID, to = K_CREATED; break;
	case 'i': from = to = K_ID; break;
	case 'l': from = to = K_LEVEL; break;
	case 'n': from = to = K_NAME; break;
	case 's': from = K_STENCIL, to = K_STORE_NAME; break;
	case 't': from = to = K_TOKEN_TYPE; break;
	case 'v': from = to = K_VERIFIED; break;
	default: return -1;
	}
	for (int i = from; i <= to; i++)
		if (account_keys[i][0] == k[0] && strcmp(account_keys[i], k) == 0)
			return i;
	return -1;
}

static bool get_str(const cJSON *v, char *out, size_t size, bool required)
{
	size_t len;

	if (v == NULL || JTYPE(v) == cJSON_NULL) {
		out[0] = '\0';
		return !required;
	}
	if (JTYPE(v) != cJSON_String || v->valuestring == NULL)
		return false;
	len = strlen(v->valuestring);
	if (len >= size || !sk_utf8_valid(v->valuestring, len))
		return false;
	memcpy(out, v->valuestring, len + 1);
	return true;
}

static bool get_time(const cJSON *v, int64_t *out)
{
	*out = 0;
	if (v == NULL || JTYPE(v) == cJSON_NULL)
		return true;
	if (JTYPE(v) != cJSON_Number || v->valuedouble < 0 || v->valuedouble > 9007199254740991.0 ||
	    v->valuedouble != (double)(int64_t)v->valuedouble)
		return false;
	*out = (int64_t)v->valuedouble;
	return true;
}

static enum sk_status parse_account(const cJSON *o, size_t i, struct sk_account *a, struct sk_error *err)
{
	char level[16], type[16], stencil[16];
	const cJSON *f[K_COUNT] = {NULL}, *scopes;
	bool unknown = false;
	struct sk_api_path ap;
	struct sk_error sub;

	memset(a, 0, sizeof *a);
	if (JTYPE(o) != cJSON_Object)
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu is not an object", i);
	/* One walk over the fields (keys are unique: shape_ok checked), then the checks in order. */
	for (const cJSON *c = o->child; c; c = c->next) {
		int k = key_index(c->string);

		if (k < 0)
			unknown = true;
		else
			f[k] = c;
	}
	if (!get_str(f[K_ID], a->id, sizeof a->id, true) || !sk_uuid_valid(a->id))
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has no valid id", i);
	if (!get_str(f[K_LEVEL], level, sizeof level, true))
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has no level", i);
	if (strcmp(level, "store") == 0)
		a->level = SK_LEVEL_STORE;
	else if (strcmp(level, "account") == 0)
		a->level = SK_LEVEL_ACCOUNT;
	else
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has an unknown level", i);
	if (!get_str(f[K_TOKEN_TYPE], type, sizeof type, false) ||
	    !get_str(f[K_STENCIL], stencil, sizeof stencil, false))
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has a bad token type", i);
	a->token_type = SK_TOKEN_V2V3;
	if (type[0] && !sk_token_type_parse(type, &a->token_type))
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has an unknown token type", i);
	if (!sk_stencil_parse(stencil, &a->stencil))
		a->stencil = SK_STENCIL_NONE;
	if (!get_str(f[K_NAME], a->name, sizeof a->name, true) || sk_name_check(a->name, NULL, &sub) != SK_OK)
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has an invalid name", i);
	if (!get_str(f[K_API_PATH], a->api_path, sizeof a->api_path, true) ||
	    sk_api_path_parse(a->api_path, &ap, &sub) != SK_OK || ap.level != a->level)
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has an invalid API path", i);
	if (!get_str(f[K_CLIENT_ID], a->client_id, sizeof a->client_id, true) || a->client_id[0] == '\0' ||
	    sk_has_control(a->client_id))
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has an invalid client id", i);
	if (!get_str(f[K_STORE_NAME], a->store_name, sizeof a->store_name, false))
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has an invalid store name", i);
	if (!get_time(f[K_CREATED], &a->created) || !get_time(f[K_VERIFIED], &a->verified))
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has an invalid time", i);
	/*
	 * The hash and UUID always follow from the API path, so they cannot disagree. Older
	 * versions stored .../accounts/UUID without /graphql: shown and written back canonical.
	 */
	sk_account_set_path(a, &ap);

	scopes = f[K_SCOPES];
	if (scopes != NULL) {
		size_t n = 0;

		if (JTYPE(scopes) != cJSON_Array)
			return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has invalid scopes", i);
		/* Checked and counted first, so the list is sized once. */
		for (const cJSON *s = scopes->child; s; s = s->next, n++)
			if (JTYPE(s) != cJSON_String || strlen(s->valuestring) > 128 || sk_has_control(s->valuestring))
				return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "account %zu has invalid scopes", i);
		a->scopes = sk_xcalloc(n + 1, sizeof *a->scopes);
		for (const cJSON *s = scopes->child; s; s = s->next)
			a->scopes[a->nscopes++] = sk_strdup(s->valuestring);
	} else {
		a->scopes = sk_xcalloc(1, sizeof *a->scopes);
	}
	/* Keep fields a newer storekeys added, so a rewrite does not drop them (R18). */
	for (const cJSON *c = unknown ? o->child : NULL; c; c = c->next) {
		if (key_index(c->string) >= 0)
			continue;
		if (a->extra == NULL)
			a->extra = cJSON_CreateObject();
		cJSON_AddItemToObject(a->extra, c->string, cJSON_Duplicate(c, 1));
	}
	return SK_OK;
}

unsigned long sk_registry_id_compares;

static int cmp_id(const void *a, const void *b)
{
	const struct sk_account *const *x = a, *const *y = b;

	sk_registry_id_compares++;
	return strcmp((*x)->id, (*y)->id);
}

/* The id two accounts share, or NULL: sorted, so loading stays n log n (60,000 accounts). */
static const char *duplicate_id(const struct sk_registry *reg)
{
	const struct sk_account **v;
	const char *dup = NULL;

	if (reg->n < 2)
		return NULL;
	v = sk_xcalloc(reg->n, sizeof *v);
	for (size_t i = 0; i < reg->n; i++)
		v[i] = &reg->accounts[i];
	qsort(v, reg->n, sizeof *v, cmp_id);
	for (size_t i = 1; i < reg->n && dup == NULL; i++)
		if (strcmp(v[i - 1]->id, v[i]->id) == 0)
			dup = v[i]->id;
	free(v);
	return dup;
}

/* Where an account's object is in the registry's text (bytes from..to): the index keeps it. */
struct span {
	size_t from, to;
};

/* What parse_text learns from the accounts as the parser hands them over one by one. */
struct account_stream {
	struct sk_registry *reg;
	struct span *spans; /* one per account taken, when asked for */
	size_t spans_cap;
	bool want_spans;
	struct sk_json_arena *arena; /* the current one, stopped while an account is copied out */
	size_t count;                /* elements seen */
	bool shape_bad;              /* one of them fails shape_ok */
	enum sk_status st;           /* the first account that failed, and why */
	struct sk_error err;
};

static void take_account(const cJSON *o, size_t from, size_t to, void *ud)
{
	struct account_stream *s = ud;
	struct sk_registry *reg = s->reg;
	size_t i = s->count++;

	/* An account sits at depth 3 (root object, accounts list): the tree-wide check, here. */
	if (!shape_ok(o, 3))
		s->shape_bad = true;
	/* After a failure only the count goes on: errors are reported in the full load's order. */
	if (s->shape_bad || s->st != SK_OK || s->count > MAX_ACCOUNTS)
		return;
	if (reg->n == reg->cap) {
		/* Large lists grow by mremap (no copy); only the parts written are ever touched. */
		reg->cap = reg->cap ? reg->cap * 2 : 64;
		reg->accounts = sk_xrealloc(reg->accounts, reg->cap * sizeof *reg->accounts);
	}
	/* The next 64 accounts' pages in one call, not a fault each (at most 60 KB ahead of use). */
	if (reg->n % 64 == 0)
		sk_prefault(&reg->accounts[reg->n],
			    (reg->cap - reg->n < 64 ? reg->cap - reg->n : 64) * sizeof *reg->accounts);
	/* Extra fields are copied with plain malloc: they outlive the account's arena memory. */
	if (s->arena != NULL)
		sk_json_arena_stop(s->arena);
	s->st = parse_account(o, i, &reg->accounts[reg->n], &s->err);
	if (s->st == SK_OK && s->want_spans) {
		if (reg->n == s->spans_cap) {
			s->spans_cap = s->spans_cap ? s->spans_cap * 2 : 64;
			s->spans = sk_xrealloc(s->spans, s->spans_cap * sizeof *s->spans);
		}
		s->spans[reg->n].from = from;
		s->spans[reg->n].to = to;
	}
	if (s->st == SK_OK)
		reg->n++;
	else
		sk_account_clear(&reg->accounts[reg->n]);
	if (s->arena != NULL)
		sk_json_arena_start(s->arena);
}

/*
 * sk_registry_parse. The accounts are checked and copied out as the parser reaches each
 * one, and each one's tree is dropped right away (issue 12: at 2,000 accounts the whole
 * tree was 2.8 MB of fresh pages, more time than the parsing). The answer is the full
 * load's, in its order: not JSON, then structure, schema_version, the accounts list, the
 * first bad account, duplicate ids. With owned (the caller's *owned is buf), the text is
 * freed as soon as the parse is over.
 */
static enum sk_status parse_text(struct sk_registry *reg, const char *buf, size_t len, char **owned,
				 struct span **spans, struct sk_error *err)
{
	const char *end = NULL;
	struct sk_json_arena arena = {NULL, 0};
	struct account_stream acc = {reg, NULL, 0, spans != NULL, NULL, 0, false, SK_OK, {0}};
	bool arena_used;
	cJSON *root;
	const cJSON *ver, *accounts;
	enum sk_status st = SK_OK;

	memset(reg, 0, sizeof *reg);
	if (len > SK_REGISTRY_MAX_BYTES)
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "the registry is larger than %d bytes",
				    SK_REGISTRY_MAX_BYTES);
	if (memchr(buf, '\0', len) != NULL || !sk_utf8_valid(buf, len))
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "the registry is not UTF-8 text");
	/*
	 * Parsed in place (no NUL-terminated copy); after the value only what cJSON skips as
	 * whitespace (bytes up to 0x20) may follow, as when the copy's NUL was required.
	 */
	/*
	 * The tree lives only for this call: with the hooks installed (sk_json_arena_init) its
	 * nodes come from one arena, dropped at once at the end instead of freed one by one,
	 * and each account's nodes reuse the previous account's memory.
	 */
	arena_used = sk_json_arena_start(&arena);
	acc.arena = arena_used ? &arena : NULL;
	root = sk_json_parse_stream(buf, len, &end, "accounts", acc.arena, take_account, &acc);
	sk_json_arena_stop(&arena);
	if (root == NULL) {
		st = sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "the registry is not valid JSON");
		goto out;
	}
	for (const char *p = end; p != NULL && p < buf + len; p++)
		if ((unsigned char)*p > 0x20) {
			st = sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "the registry is not valid JSON");
			goto out;
		}
	if (owned != NULL) {
		/* the tree and the accounts hold copies of every string: the text is not needed any more */
		free(*owned);
		*owned = NULL;
		buf = NULL;
	}
	if (!cJSON_IsObject(root) || !shape_ok(root, 1) || acc.shape_bad) {
		st = sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "the registry has an unexpected structure");
		goto out;
	}
	ver = cJSON_GetObjectItemCaseSensitive(root, "schema_version");
	if (!cJSON_IsNumber(ver) || ver->valuedouble < 1 || ver->valuedouble > 1e6 ||
	    ver->valuedouble != (double)(int)ver->valuedouble) {
		st = sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "the registry has no valid schema_version");
		goto out;
	}
	reg->schema_version = (int)ver->valuedouble;
	/* A newer schema may mean things we cannot check: read what we can, never write (R18). */
	reg->read_only = reg->schema_version > SK_REGISTRY_SCHEMA;
	/* the accounts went by while parsing: their list is here, empty, only to be checked */
	accounts = cJSON_GetObjectItemCaseSensitive(root, "accounts");
	if (!cJSON_IsArray(accounts) || acc.count > MAX_ACCOUNTS) {
		st = sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "the registry has no accounts list");
		goto out;
	}
	if (acc.st != SK_OK) {
		st = acc.st;
		if (err != NULL)
			*err = acc.err;
		goto out;
	}
	{
		const char *dup = duplicate_id(reg);

		if (dup != NULL) {
			st = sk_error_set(err, SK_ERR_REGISTRY_CORRUPT, "two accounts share the id %s", dup);
			goto out;
		}
	}
	for (const cJSON *c = root->child; c; c = c->next) {
		if (strcmp(c->string, "schema_version") == 0 || strcmp(c->string, "accounts") == 0)
			continue;
		if (reg->extra == NULL)
			reg->extra = cJSON_CreateObject();
		cJSON_AddItemToObject(reg->extra, c->string, cJSON_Duplicate(c, 1));
	}
out:
	if (arena_used)
		sk_json_arena_free(&arena);
	else
		cJSON_Delete(root);
	if (st == SK_ERR_REGISTRY_CORRUPT && reg->read_only) {
		/* A newer storekeys may write values we do not know: that is newer, not damaged (R18). */
		int newer = reg->schema_version;
		char why[SK_ERROR_MSG_MAX];

		snprintf(why, sizeof why, "%s", err ? err->msg : "");
		st = sk_error_set(err, SK_ERR_REGISTRY_NEWER,
				  "the registry was written by a newer storekeys (schema %d, this one knows %d) and "
				  "holds values this version cannot read (%s); it was left unchanged: upgrade storekeys",
				  newer, SK_REGISTRY_SCHEMA, why);
	}
	if (st != SK_OK)
		sk_registry_clear(reg);
	if (spans != NULL && st == SK_OK)
		*spans = acc.spans;
	else
		free(acc.spans);
	return st;
}

enum sk_status sk_registry_parse(struct sk_registry *reg, const char *buf, size_t len, struct sk_error *err)
{
	return parse_text(reg, buf, len, NULL, NULL, err);
}

static cJSON *account_to_json(const struct sk_account *a)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *scopes = cJSON_AddArrayToObject(o, "scopes");

	cJSON_AddStringToObject(o, "id", a->id);
	cJSON_AddStringToObject(o, "level", sk_level_name(a->level));
	if (a->level == SK_LEVEL_STORE) {
		cJSON_AddStringToObject(o, "token_type", sk_token_type_name(a->token_type));
		if (a->token_type == SK_TOKEN_STENCIL)
			cJSON_AddStringToObject(o, "stencil_access",
						a->stencil == SK_STENCIL_PUBLISH ? "publish" : "dev");
		cJSON_AddStringToObject(o, "store_hash", a->store_hash);
	} else {
		cJSON_AddStringToObject(o, "account_uuid", a->account_uuid);
	}
	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddStringToObject(o, "api_path", a->api_path);
	cJSON_AddStringToObject(o, "client_id", a->client_id);
	for (size_t i = 0; i < a->nscopes; i++)
		cJSON_AddItemToArray(scopes, cJSON_CreateString(a->scopes[i]));
	cJSON_AddNumberToObject(o, "created", (double)a->created);
	cJSON_AddNumberToObject(o, "verified", (double)a->verified);
	if (a->store_name[0])
		cJSON_AddStringToObject(o, "store_name", a->store_name);
	for (const cJSON *c = a->extra ? ((cJSON *)a->extra)->child : NULL; c; c = c->next)
		cJSON_AddItemToObject(o, c->string, cJSON_Duplicate(c, 1));
	/* Move the scopes array after the fixed fields for a stable, readable order. */
	cJSON_DetachItemViaPointer(o, scopes);
	cJSON_AddItemToObject(o, "scopes", scopes);
	return o;
}

char *sk_registry_to_json(const struct sk_registry *reg)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *arr;
	char *s;

	cJSON_AddNumberToObject(root, "schema_version", SK_REGISTRY_SCHEMA);
	arr = cJSON_AddArrayToObject(root, "accounts");
	for (size_t i = 0; i < reg->n; i++)
		cJSON_AddItemToArray(arr, account_to_json(&reg->accounts[i]));
	for (const cJSON *c = reg->extra ? ((cJSON *)reg->extra)->child : NULL; c; c = c->next)
		cJSON_AddItemToObject(root, c->string, cJSON_Duplicate(c, 1));
	s = cJSON_Print(root);
	cJSON_Delete(root);
	if (s == NULL) {
		fputs("storekeys: out of memory\n", stderr);
		abort();
	}
	return s;
}

void sk_registry_clear(struct sk_registry *reg)
{
	for (size_t i = 0; i < reg->n; i++)
		sk_account_clear(&reg->accounts[i]);
	free(reg->accounts);
	cJSON_Delete(reg->extra);
	memset(reg, 0, sizeof *reg);
}

/* ---- file I/O ----------------------------------------------------------- */

static enum sk_status write_all(int fd, const char *buf, size_t len, const char *what, struct sk_error *err);

static enum sk_status read_all(int fd, const char *path, char **out, size_t *len, struct sk_error *err)
{
	struct stat st;
	size_t cap = 4096, n = 0;
	char *buf;

	/* Sized from the file (one byte more, to see the end in one read): no copies while growing. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0 && st.st_size < SK_REGISTRY_MAX_BYTES)
		cap = (size_t)st.st_size + 1;
	buf = sk_xmalloc(cap);
	sk_prefault(buf, cap); /* about to be filled whole */

	for (;;) {
		ssize_t r;

		if (n == cap) {
			if (cap > SK_REGISTRY_MAX_BYTES) {
				free(buf);
				*out = NULL;
				*len = cap;
				return SK_OK; /* the parser refuses it as too large */
			}
			cap *= 2;
			buf = sk_xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return sk_error_set(err, SK_ERR_IO, "cannot read %s: %s", path, strerror(errno));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	return SK_OK;
}

/* Copy the damaged file aside byte-for-byte, never touching the keyring (R19). */
static void move_aside(const char *dir, const char *path, char *dest, size_t size)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(dest, size, "%s/" SK_REGISTRY_FILE ".corrupt-%s", dir, stamp);
	for (int i = 1; access(dest, F_OK) == 0 && i < 100; i++)
		snprintf(dest, size, "%s/" SK_REGISTRY_FILE ".corrupt-%s-%d", dir, stamp, i);
	if (rename(path, dest) != 0)
		dest[0] = '\0';
	else
		index_drop(dir);
}

/*
 * The damage marker: after a damaged registry is moved aside, registry.damaged
 * names the copy, and every command refuses to run on an empty registry until
 * the user decides (doctor --restore-backup, --fix adopting from the keyring,
 * or --start-empty). Meanwhile nothing is written, so the backup is kept.
 */
static bool read_marker(const char *dir, char *copy, size_t size)
{
	char path[PATH_MAX];
	FILE *f;

	if (path_join(path, sizeof path, dir, DAMAGED_FILE) != 0)
		return false;
	f = fopen(path, "re");
	if (f == NULL)
		return false;
	if (fgets(copy, (int)size, f) == NULL)
		copy[0] = '\0';
	copy[strcspn(copy, "\n")] = '\0';
	fclose(f);
	if (copy[0] == '\0')
		snprintf(copy, size, "(unknown)");
	return true;
}

static void write_marker(const char *dir, const char *copy)
{
	char path[PATH_MAX];
	int fd;

	if (path_join(path, sizeof path, dir, DAMAGED_FILE) != 0)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write_all(fd, copy, strlen(copy), path, NULL) == SK_OK)
		(void)write_all(fd, "\n", 1, path, NULL);
	fsync(fd);
	close(fd);
}

static enum sk_status damaged_error(const char *dir, const char *copy, struct sk_error *err)
{
	char bak[PATH_MAX];
	bool have_bak = path_join(bak, sizeof bak, dir, BACKUP_FILE) == 0 && access(bak, F_OK) == 0;

	return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT,
			    "the registry was damaged; the damaged file is kept as %s. storekeys will not run on an "
			    "empty registry until you decide: %s`storekeys doctor --fix` rebuilds it from the "
			    "keyring, or `storekeys doctor --start-empty` starts empty (no secret is deleted either way)",
			    copy,
			    have_bak ? "`storekeys doctor --restore-backup` brings back the last good copy, " : "");
}

/* ---- the index ----------------------------------------------------------
 *
 * A one-account command (show, token, exec) needs one entry, yet reading and
 * checking the whole registry grows with it (about 10 ms at 2,000 accounts).
 * registry.index lists, for one exact version of registry.json (device, inode,
 * size, change times), each account's id, level, owner and name and where its
 * object is in the file. With it such a command reads the index, finds the
 * spec with the same rules, and reads and checks only that object, which must
 * still carry the id, owner and name the index gives; anything else and it
 * reads the whole registry as before. Only readers that loaded and checked the
 * whole file write the index, holding the registry lock shared (never while a
 * writer holds it), and only for a file unchanged for 2 seconds, so a later
 * change cannot keep the same change time (git's racy-index rule); every
 * commit deletes it under the writer's lock, so a removed account's name does
 * not stay behind. STOREKEYS_TEST_INDEX=off disables it, =report says on
 * stderr what it did (tests).
 */

#define INDEX_FILE "registry.index"
#define INDEX_TMP_PREFIX ".registry.index.tmp."
#define INDEX_MAGIC "storekeys registry index 1\n"
#define INDEX_SETTLE_S 2

static const char *index_mode(void)
{
	const char *m = getenv("STOREKEYS_TEST_INDEX");

	return m ? m : "";
}

static void index_report(const char *what)
{
	if (strcmp(index_mode(), "report") == 0)
		fprintf(stderr, "storekeys: registry index: %s\n", what);
}

/* The version of registry.json the index describes, as one line. */
static void index_sig(const struct stat *st, char *out, size_t size)
{
	snprintf(out, size, "sig %llu %llu %lld %lld %ld %lld %ld\n", (unsigned long long)st->st_dev,
		 (unsigned long long)st->st_ino, (long long)st->st_size, (long long)st->st_mtim.tv_sec,
		 st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec);
}

/* FNV-1a over the index text: a torn or edited index is not used. */
static uint64_t index_sum(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

/* Delete the index (writers, under their lock; a damaged registry moved aside). */
static void index_drop(const char *dir)
{
	char path[PATH_MAX];

	if (path_join(path, sizeof path, dir, INDEX_FILE) == 0)
		unlink(path);
}

struct index_entry {
	size_t from, to;
	struct find_entry e;
};

struct index {
	char *text;
	struct index_entry *v;
	size_t n;
	int schema;
};

static void index_entry_get(const void *ctx, size_t i, struct find_entry *e)
{
	*e = ((const struct index *)ctx)->v[i].e;
}

static void index_free(struct index *ix)
{
	free(ix->text);
	free(ix->v);
	memset(ix, 0, sizeof *ix);
}

/* Next line of the text at *p (NUL-terminated in place, without its newline), or NULL. */
static char *next_line(char **p, char *end)
{
	char *line = *p, *nl;

	if (line >= end || (nl = memchr(line, '\n', (size_t)(end - line))) == NULL)
		return NULL;
	*nl = '\0';
	*p = nl + 1;
	return line;
}

/*
 * Read the index for the registry version st describes: false (why in *why) when there is
 * none, it is for another version, or anything in it is not exactly as written.
 */
static bool index_read(const char *dir, const struct stat *reg_st, struct index *ix, const char **why)
{
	char path[PATH_MAX], sig[160], *p, *end, *line, tail[40];
	struct stat st;
	size_t len = 0, cap = 0;
	struct sk_error ignored;
	unsigned long long sum;
	int fd;

	memset(ix, 0, sizeof *ix);
	*why = "none";
	if (path_join(path, sizeof path, dir, INDEX_FILE) != 0 ||
	    (fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return false;
	*why = "not a private file";
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077) != 0 ||
	    st.st_size > SK_REGISTRY_MAX_BYTES) {
		close(fd);
		return false;
	}
	if (read_all(fd, path, &ix->text, &len, &ignored) != SK_OK || ix->text == NULL) {
		close(fd);
		ix->text = NULL;
		return false;
	}
	close(fd);
	/* a string from here on: no scan can run past the last byte */
	ix->text = sk_xrealloc(ix->text, len + 1);
	ix->text[len] = '\0';
	*why = "damaged";
	p = ix->text;
	end = ix->text + len;
	/* the last line is "end SUM" over everything before it */
	if (len < 24 || end[-1] != '\n')
		return false;
	{
		char *last = end - 1;

		while (last > ix->text && last[-1] != '\n')
			last--;
		if ((size_t)(end - last) >= sizeof tail || sscanf(last, "end %16llx", &sum) != 1 ||
		    snprintf(tail, sizeof tail, "end %016llx\n", sum) != end - last || memcmp(tail, last, (size_t)(end - last)) != 0 ||
		    index_sum(ix->text, (size_t)(last - ix->text)) != sum)
			return false;
		end = last;
	}
	if ((size_t)(end - p) < strlen(INDEX_MAGIC) || memcmp(p, INDEX_MAGIC, strlen(INDEX_MAGIC)) != 0)
		return false;
	p += strlen(INDEX_MAGIC);
	*why = "for another version of the registry";
	index_sig(reg_st, sig, sizeof sig);
	if ((size_t)(end - p) < strlen(sig) || memcmp(p, sig, strlen(sig)) != 0)
		return false;
	p += strlen(sig);
	*why = "damaged";
	line = next_line(&p, end);
	if (line == NULL || sscanf(line, "schema %d n %zu", &ix->schema, &cap) != 2 || ix->schema < 1 ||
	    ix->schema > SK_REGISTRY_SCHEMA || cap > MAX_ACCOUNTS)
		return false;
	ix->v = sk_xcalloc(cap ? cap : 1, sizeof *ix->v);
	while ((line = next_line(&p, end)) != NULL) {
		struct index_entry *x;
		unsigned long long from, to;
		char level;
		int used = 0;

		if (ix->n == cap)
			return false;
		x = &ix->v[ix->n];
		/* FROM TO LEVEL ID OWNER NAME: the name is the rest of the line */
		if (sscanf(line, "%llu %llu %c %n", &from, &to, &level, &used) != 3 || used == 0 || from >= to ||
		    to > (unsigned long long)reg_st->st_size || (level != 's' && level != 'a'))
			return false;
		x->from = (size_t)from;
		x->to = (size_t)to;
		x->e.level = level == 's' ? SK_LEVEL_STORE : SK_LEVEL_ACCOUNT;
		x->e.id = line + used;
		if (strlen(x->e.id) < 38 || x->e.id[36] != ' ')
			return false;
		line[used + 36] = '\0';
		if (!sk_uuid_valid(x->e.id))
			return false;
		x->e.owner = line + used + 37;
		{
			char *sp = strchr(x->e.owner, ' ');

			if (sp == NULL || sp == x->e.owner)
				return false;
			*sp = '\0';
			x->e.name = sp + 1;
		}
		if (x->e.name[0] == '\0')
			return false;
		ix->n++;
	}
	if (p != end || ix->n != cap)
		return false;
	return true;
}

/*
 * Answer spec from the index of the registry open on fd. True when it answered: *st is
 * the find's answer and, on SK_OK, reg holds that one account (checked as a full load
 * checks it) at *idx 0. False when the whole registry must be read instead.
 */
static bool index_find(const char *dir, int fd, const char *spec, struct sk_registry *reg, size_t *idx,
		       enum sk_status *st, struct sk_error *err)
{
	struct stat reg_st;
	struct index ix;
	const char *why;
	size_t at = 0;
	char *obj = NULL;
	cJSON *o = NULL;
	const char *oend = NULL;
	struct sk_account a;
	struct sk_error perr;
	bool answered = false;

	if (strcmp(index_mode(), "off") == 0 || fstat(fd, &reg_st) != 0)
		return false;
	if (!index_read(dir, &reg_st, &ix, &why)) {
		char msg[96];

		snprintf(msg, sizeof msg, "not used (%s)", why);
		index_report(msg);
		index_free(&ix);
		return false;
	}
	*st = find_in(ix.n, index_entry_get, &ix, spec, &at, err);
	if (*st != SK_OK) {
		index_report("used");
		index_free(&ix);
		return true;
	}
	/* The one object, read and checked as the full load checks each account. */
	{
		const struct index_entry *x = &ix.v[at];
		size_t n = x->to - x->from;
		ssize_t r;

		obj = sk_xmalloc(n);
		r = pread(fd, obj, n, (off_t)x->from);
		memset(&a, 0, sizeof a);
		if (r == (ssize_t)n && memchr(obj, '\0', n) == NULL && sk_utf8_valid(obj, n) &&
		    (o = sk_json_parse(obj, n, &oend)) != NULL && oend == obj + n && shape_ok(o, 3) &&
		    parse_account(o, x->from, &a, &perr) == SK_OK && strcmp(a.id, x->e.id) == 0 &&
		    strcmp(a.name, x->e.name) == 0 && a.level == x->e.level && strcmp(sk_account_owner(&a), x->e.owner) == 0) {
			memset(reg, 0, sizeof *reg);
			reg->schema_version = ix.schema;
			reg->accounts = sk_xcalloc(1, sizeof *reg->accounts);
			reg->accounts[0] = a;
			reg->n = reg->cap = 1;
			*idx = 0;
			answered = true;
			index_report("used");
		} else {
			sk_account_clear(&a);
			index_report("not used (the entry does not match the registry)");
		}
	}
	cJSON_Delete(o);
	free(obj);
	index_free(&ix);
	return answered;
}

/*
 * Write the index of the registry just loaded whole from a file that fstat gave reg_st,
 * unless one for that version exists, the file changed in the last seconds, a writer
 * holds the lock, or the file is no longer the one loaded. Best effort: no error.
 */
static void index_write(const char *dir, const struct stat *reg_st, const struct sk_registry *reg,
			const struct span *spans)
{
	char path[PATH_MAX], tmp[PATH_MAX], lock[PATH_MAX], sig[160], head[200], tail[40], now_sig[160];
	struct stat st;
	time_t now = time(NULL);
	size_t cap, len = 0;
	char *text;
	int lfd = -1, fd = -1;
	ssize_t got;

	if (strcmp(index_mode(), "off") == 0 || reg->read_only || reg->n == 0)
		return;
	if (reg_st->st_mtime > now - INDEX_SETTLE_S || reg_st->st_ctime > now - INDEX_SETTLE_S) {
		index_report("not written (the registry changed in the last seconds)");
		return;
	}
	if (path_join(path, sizeof path, dir, INDEX_FILE) != 0 || path_join(lock, sizeof lock, dir, LOCK_FILE) != 0 ||
	    snprintf(tmp, sizeof tmp, "%s/" INDEX_TMP_PREFIX "%ld", dir, (long)getpid()) >= (int)sizeof tmp)
		return;
	index_sig(reg_st, sig, sizeof sig);
	/* already there for this version: nothing to do */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		got = read(fd, head, sizeof head - 1);
		close(fd);
		fd = -1;
		if (got > 0) {
			head[got] = '\0';
			if (strncmp(head, INDEX_MAGIC, strlen(INDEX_MAGIC)) == 0 &&
			    strncmp(head + strlen(INDEX_MAGIC), sig, strlen(sig)) == 0)
				return;
		}
	}
	/* shared with other readers, never while a writer holds the lock (it deletes the index) */
	lfd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600); /* as writers open it */
	if (lfd < 0 || flock(lfd, LOCK_SH | LOCK_NB) != 0) {
		if (lfd >= 0)
			close(lfd);
		index_report("not written (the registry is locked)");
		return;
	}
	{
		char rpath[PATH_MAX];

		if (path_join(rpath, sizeof rpath, dir, SK_REGISTRY_FILE) != 0 || lstat(rpath, &st) != 0)
			goto out;
		index_sig(&st, now_sig, sizeof now_sig);
		if (strcmp(now_sig, sig) != 0)
			goto out; /* replaced since it was read */
	}
	cap = 256 + reg->n * (160 + SK_NAME_MAX_BYTES);
	text = sk_xmalloc(cap);
	len += (size_t)snprintf(text + len, cap - len, "%s%sschema %d n %zu\n", INDEX_MAGIC, sig, reg->schema_version,
				reg->n);
	for (size_t i = 0; i < reg->n && len < cap; i++) {
		const struct sk_account *a = &reg->accounts[i];

		int w = snprintf(text + len, cap - len, "%zu %zu %c %s %s %s\n", spans[i].from, spans[i].to,
				 a->level == SK_LEVEL_STORE ? 's' : 'a', a->id, sk_account_owner(a), a->name);

		len = w < 0 ? cap : len + (size_t)w;
	}
	if (len + sizeof tail < cap) {
		snprintf(tail, sizeof tail, "end %016llx\n", (unsigned long long)index_sum(text, len));
		memcpy(text + len, tail, strlen(tail));
		len += strlen(tail);
		unlink(tmp);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 && write_all(fd, text, len, tmp, NULL) == SK_OK && close(fd) == 0) {
			fd = -1;
			if (rename(tmp, path) == 0)
				index_report("written");
		}
		if (fd >= 0)
			close(fd);
		unlink(tmp);
	}
	free(text);
out:
	flock(lfd, LOCK_UN);
	close(lfd);
}

/*
 * Load; a damaged registry is moved aside and marked. With tolerate, a damaged state gives
 * an empty reg flagged damaged. A reader (index) writes the index after a whole load; with
 * spec, one asks it first, and *answered says that it did (the find's answer is returned).
 */
static enum sk_status load_file(struct sk_registry *reg, const char *dir, bool tolerate, bool index,
				const char *spec, size_t *idx, bool *answered, struct sk_error *err)
{
	char path[PATH_MAX], bak[PATH_MAX], copy[PATH_MAX];
	char *buf = NULL;
	size_t len = 0;
	int fd;
	enum sk_status st;
	struct sk_error perr;
	struct stat fst;
	struct span *spans = NULL;
	bool have_st;

	memset(reg, 0, sizeof *reg);
	reg->schema_version = SK_REGISTRY_SCHEMA;
	st = check_safe(dir, true, err);
	if (st == SK_ERR_NOT_FOUND)
		return SK_OK;
	if (st != SK_OK)
		return st;
	if (path_join(path, sizeof path, dir, SK_REGISTRY_FILE) != 0 ||
	    path_join(bak, sizeof bak, dir, BACKUP_FILE) != 0)
		return sk_error_set(err, SK_ERR_IO, "the data directory path is too long");
	if (read_marker(dir, copy, sizeof copy)) {
		if (!tolerate)
			return damaged_error(dir, copy, err);
		reg->damaged = true;
		sk_strlcpy(reg->damaged_copy, copy, sizeof reg->damaged_copy);
		return SK_OK;
	}
	st = check_safe(path, false, err);
	if (st == SK_ERR_NOT_FOUND && access(bak, F_OK) == 0) {
		/* A backup exists only once a registry did: a missing registry is lost, not new (R27). */
		if (!tolerate)
			return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT,
					    "the registry %s is missing although its backup %s exists; storekeys will not "
					    "run on an empty registry until you decide: `storekeys doctor --restore-backup` "
					    "brings back the last good copy, `storekeys doctor --fix` rebuilds it from the "
					    "keyring, or `storekeys doctor --start-empty` starts empty",
					    path, bak);
		reg->damaged = true;
		snprintf(reg->damaged_copy, sizeof reg->damaged_copy, "(none: %s is missing)", path);
		return SK_OK;
	}
	if (st == SK_ERR_NOT_FOUND)
		return SK_OK;
	if (st != SK_OK)
		return st;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return sk_error_set(err, SK_ERR_IO, "cannot open %s: %s", path, strerror(errno));
	if (spec != NULL && index_find(dir, fd, spec, reg, idx, &st, err)) {
		close(fd);
		*answered = true;
		return st;
	}
	have_st = index && fstat(fd, &fst) == 0;
	st = read_all(fd, path, &buf, &len, err);
	close(fd);
	if (st != SK_OK)
		return st;
	if (buf == NULL)
		st = sk_error_set(&perr, SK_ERR_REGISTRY_CORRUPT, "the registry is larger than %d bytes",
				  SK_REGISTRY_MAX_BYTES);
	else
		st = parse_text(reg, buf, len, &buf, have_st ? &spans : NULL, &perr);
	free(buf);
	if (st == SK_OK) {
		if (spans != NULL)
			index_write(dir, &fst, reg, spans);
		free(spans);
		return SK_OK;
	}
	if (st != SK_ERR_REGISTRY_CORRUPT) {
		/* newer: read-only, never moved aside (R18) */
		if (err)
			*err = perr;
		return st;
	}
	{
		char dest[PATH_MAX];
		bool have_bak = access(bak, F_OK) == 0;

		move_aside(dir, path, dest, sizeof dest);
		if (dest[0] == '\0')
			return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT,
					    "the registry %s is damaged (%s) and could not be moved aside; nothing was changed",
					    path, perr.msg);
		write_marker(dir, dest);
		if (tolerate) {
			reg->damaged = true;
			sk_strlcpy(reg->damaged_copy, dest, sizeof reg->damaged_copy);
			return SK_OK;
		}
		return sk_error_set(err, SK_ERR_REGISTRY_CORRUPT,
				    "the registry %s is damaged (%s); it was moved to %s unchanged. storekeys will not "
				    "run on an empty registry until you decide: %s`storekeys doctor --fix` rebuilds it "
				    "from the keyring, or `storekeys doctor --start-empty` starts empty",
				    path, perr.msg, dest,
				    have_bak ? "`storekeys doctor --restore-backup` brings back the last good copy, " : "");
	}
}

enum sk_status sk_registry_load(struct sk_registry *reg, const char *dir, struct sk_error *err)
{
	return load_file(reg, dir, false, true, NULL, NULL, NULL, err);
}

enum sk_status sk_registry_load_one(struct sk_registry *reg, const char *dir, const char *spec, size_t *idx,
				    struct sk_error *err)
{
	bool answered = false;
	enum sk_status st = load_file(reg, dir, false, true, spec, idx, &answered, err);

	if (answered || st != SK_OK)
		return st;
	st = sk_registry_find(reg, spec, idx, err);
	if (st != SK_OK)
		sk_registry_clear(reg);
	return st;
}

static enum sk_status write_all(int fd, const char *buf, size_t len, const char *what, struct sk_error *err)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return sk_error_set(err, SK_ERR_IO, "cannot write %s: %s", what, strerror(errno));
		buf += w;
		len -= (size_t)w;
	}
	return SK_OK;
}

static enum sk_status fsync_dir(const char *dir, struct sk_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return sk_error_set(err, SK_ERR_IO, "cannot open %s: %s", dir, strerror(errno));
	r = fsync(fd);
	close(fd);
	if (r != 0)
		return sk_error_set(err, SK_ERR_IO, "cannot sync %s: %s", dir, strerror(errno));
	return SK_OK;
}

/* Remove temp files that a killed writer left behind (only the lock holder writes them). */
static void remove_stale_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) == 0 ||
		    strncmp(e->d_name, INDEX_TMP_PREFIX, strlen(INDEX_TMP_PREFIX)) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

/* Write text and a newline to a new file at path (mode 0600) and sync it; on error nothing is left there. */
static enum sk_status write_new(const char *path, const char *text, size_t len, struct sk_error *err)
{
	enum sk_status st;
	int fd;

	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return sk_error_set(err, SK_ERR_IO, "cannot create %s: %s", path, strerror(errno));
	st = write_all(fd, text, len, path, err);
	if (st == SK_OK)
		st = write_all(fd, "\n", 1, path, err);
	if (st == SK_OK && fsync(fd) != 0)
		st = sk_error_set(err, SK_ERR_IO, "cannot sync %s: %s", path, strerror(errno));
	if (close(fd) != 0 && st == SK_OK)
		st = sk_error_set(err, SK_ERR_IO, "cannot close %s: %s", path, strerror(errno));
	if (st != SK_OK)
		unlink(path);
	return st;
}

/*
 * Write the registry: temp file in the same directory, fsync, keep the old
 * file as the backup (link + rename), rename the temp over the registry,
 * fsync the directory (R15). On any error the old file is unchanged.
 * After a removal (reg->forget) the old file would keep what the user asked
 * to forget, so the backup is a copy of the new state instead: the old state
 * less the removed entries, since the change was made on a fresh read.
 */
static enum sk_status commit(const struct sk_registry *reg, const char *dir, struct sk_error *err)
{
	char path[PATH_MAX], tmp[PATH_MAX], bak[PATH_MAX], baktmp[PATH_MAX];
	char *json = sk_registry_to_json(reg);
	size_t len = strlen(json);
	enum sk_status st;

	if (path_join(path, sizeof path, dir, SK_REGISTRY_FILE) != 0 ||
	    path_join(bak, sizeof bak, dir, BACKUP_FILE) != 0 ||
	    snprintf(tmp, sizeof tmp, "%s/" TMP_PREFIX "%ld", dir, (long)getpid()) >= (int)sizeof tmp ||
	    snprintf(baktmp, sizeof baktmp, "%s/" TMP_PREFIX "bak.%ld", dir, (long)getpid()) >= (int)sizeof baktmp) {
		free(json);
		return sk_error_set(err, SK_ERR_IO, "the data directory path is too long");
	}
	st = write_new(tmp, json, len, err);
	if (st == SK_OK && reg->forget) {
		/*
		 * Before the registry is replaced: a crash in between leaves a backup without the
		 * entry, never one with it. Like the link below, the backup is best effort: when
		 * the copy cannot be written, the old backup goes rather than keep the entry.
		 */
		if (write_new(baktmp, json, len, NULL) != SK_OK || rename(baktmp, bak) != 0) {
			unlink(baktmp);
			unlink(bak);
		}
	}
	free(json);
	if (st != SK_OK)
		return st;
	if (!reg->forget) {
		/* The current file becomes the backup: hard link, then rename over the old backup. */
		unlink(baktmp);
		if (link(path, baktmp) == 0) {
			if (rename(baktmp, bak) != 0)
				unlink(baktmp);
		}
	}
	if (rename(tmp, path) != 0) {
		st = sk_error_set(err, SK_ERR_IO, "cannot replace %s: %s", path, strerror(errno));
		unlink(tmp);
		return st;
	}
	/* Under the writer's lock: no reader can write it again for the old version, names and all. */
	index_drop(dir);
	/*
	 * The new state is in place once the rename is done. A failed directory
	 * sync cannot be undone, and reporting failure here would make callers
	 * roll back the keyring for an entry that readers already see (R5).
	 */
	(void)fsync_dir(dir, NULL);
	return SK_OK;
}

/* Does the file name (in the directory dirfd) hold text? Unreadable or odd files do not. */
static bool file_holds(int dirfd, const char *name, const char *text)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *buf = NULL;
	size_t len = 0;
	struct sk_error ignored;
	bool found = false;

	if (fd < 0)
		return false;
	if (read_all(fd, name, &buf, &len, &ignored) == SK_OK && buf != NULL)
		found = memmem(buf, len, text, strlen(text)) != NULL;
	free(buf);
	close(fd);
	return found;
}

/* Is name one of the files sk_registry_copies_naming looks in? */
static bool named_kind(const char *name, bool rotations)
{
	size_t len = strlen(name);

	if (rotations) /* rotate-ID.json, not its lock or temp files */
		return strncmp(name, "rotate-", 7) == 0 && len > 5 && strcmp(name + len - 5, ".json") == 0;
	return strncmp(name, SK_REGISTRY_FILE ".corrupt-", strlen(SK_REGISTRY_FILE ".corrupt-")) == 0 ||
	       strncmp(name, BACKUP_FILE ".kept-", strlen(BACKUP_FILE ".kept-")) == 0;
}

size_t sk_registry_copies_naming(const char *dir, bool rotations, const char *text, char *out, size_t size)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t found = 0, used = 0;

	if (size > 0)
		out[0] = '\0';
	if (d == NULL || text == NULL || text[0] == '\0') {
		if (d)
			closedir(d);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		if (!named_kind(e->d_name, rotations) || !file_holds(dirfd(d), e->d_name, text))
			continue;
		if (used < size) {
			int n = snprintf(out + used, size - used, "%s%s", found ? ", " : "", e->d_name);

			used += n > 0 ? (size_t)n : 0;
		}
		found++;
	}
	closedir(d);
	return found;
}

/* flock a dedicated lock file that is never renamed, with a bounded, jittered wait (R17). */
static enum sk_status take_lock(const char *dir, int *fd_out, struct sk_error *err)
{
	char path[PATH_MAX];
	int fd;
	int64_t deadline = sk_now_ms() + sk_registry_lock_timeout_ms();
	unsigned delay_ms = 5;

	if (path_join(path, sizeof path, dir, LOCK_FILE) != 0)
		return sk_error_set(err, SK_ERR_IO, "the data directory path is too long");
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return sk_error_set(err, errno == ELOOP ? SK_ERR_REGISTRY_UNSAFE : SK_ERR_IO, "cannot open %s: %s", path,
				    strerror(errno));
	for (;;) {
		unsigned char r;

		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			close(fd);
			return sk_error_set(err, SK_ERR_IO, "cannot lock %s: %s", path, strerror(errno));
		}
		if (sk_now_ms() >= deadline) {
			close(fd);
			return sk_error_set(err, SK_ERR_REGISTRY_BUSY,
					    "another storekeys is changing the registry (%s is locked); try again", path);
		}
		if (!sk_random_bytes(&r, 1))
			r = 0;
		usleep((delay_ms + r % delay_ms) * 1000);
		if (delay_ms < 100)
			delay_ms *= 2;
	}
	*fd_out = fd;
	return SK_OK;
}

/* Every change starts here: the data directory exists and this process holds its lock (*lock). */
static enum sk_status lock_dir(const char *dir, int *lock, struct sk_error *err)
{
	enum sk_status st = ensure_dir(dir, err);

	if (st != SK_OK)
		return st;
	return take_lock(dir, lock, err);
}

/*
 * Lock, drop the temporary files a crash left, and load the registry
 * (tolerate: a damaged one loads as empty with reg->damaged). On success
 * the caller holds *lock and owns *reg; on failure neither is held.
 */
static enum sk_status lock_and_load(const char *dir, bool tolerate, struct sk_registry *reg, int *lock,
				    struct sk_error *err)
{
	enum sk_status st = lock_dir(dir, lock, err);

	if (st != SK_OK)
		return st;
	remove_stale_temps(dir);
	st = load_file(reg, dir, tolerate, false, NULL, NULL, NULL, err);
	if (st != SK_OK) {
		close(*lock);
		*lock = -1;
	}
	return st;
}

enum sk_status sk_registry_update(const char *dir, sk_registry_fn fn, void *ud, struct sk_registry *out,
				  struct sk_error *err)
{
	struct sk_registry reg;
	enum sk_status st;
	int lock = -1;

	st = lock_and_load(dir, false, &reg, &lock, err);
	if (st != SK_OK)
		return st;
	if (reg.read_only) {
		st = sk_error_set(err, SK_ERR_REGISTRY_NEWER,
				  "the registry was written by a newer storekeys (schema %d, this one knows %d); "
				  "it is read-only here, upgrade storekeys to change it",
				  reg.schema_version, SK_REGISTRY_SCHEMA);
		sk_registry_clear(&reg);
		goto out;
	}
	st = fn(&reg, ud, err);
	if (st == SK_OK)
		st = commit(&reg, dir, err);
	if (st == SK_OK && out != NULL)
		*out = reg;
	else
		sk_registry_clear(&reg);
out:
	close(lock);
	return st;
}

/*
 * Before leaving the damaged state by starting empty or adopting, the last
 * good backup is linked to registry.json.bak.kept-<UTC>, so the commits that
 * follow, which rotate registry.json.bak, cannot rotate it away.
 */
static void keep_backup(const char *dir, char *kept, size_t size)
{
	char bak[PATH_MAX], dest[PATH_MAX], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (kept)
		kept[0] = '\0';
	if (path_join(bak, sizeof bak, dir, BACKUP_FILE) != 0 || access(bak, F_OK) != 0)
		return;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(dest, sizeof dest, "%s/" BACKUP_FILE ".kept-%s", dir, stamp);
	for (int i = 1; access(dest, F_OK) == 0 && i < 100; i++)
		snprintf(dest, sizeof dest, "%s/" BACKUP_FILE ".kept-%s-%d", dir, stamp, i);
	if (link(bak, dest) == 0 && kept)
		sk_strlcpy(kept, dest, size);
}

/* The user decided: remove the damage marker (after the new registry is committed). */
static void clear_marker(const char *dir)
{
	char path[PATH_MAX];

	if (path_join(path, sizeof path, dir, DAMAGED_FILE) == 0)
		unlink(path);
	(void)fsync_dir(dir, NULL);
}

enum sk_status sk_registry_locked(const char *dir, sk_registry_fn fn, void *ud, char *kept, size_t size,
				  struct sk_error *err)
{
	struct sk_registry reg;
	enum sk_status st;
	int lock = -1;

	st = lock_and_load(dir, true, &reg, &lock, err);
	if (st != SK_OK)
		return st;
	st = fn(&reg, ud, err);
	if (st == SK_OK && reg.dirty) {
		if (reg.read_only) {
			st = sk_error_set(err, SK_ERR_REGISTRY_NEWER,
					  "the registry was written by a newer storekeys; it is read-only here");
		} else {
			if (reg.damaged)
				keep_backup(dir, kept, size);
			st = commit(&reg, dir, err);
			if (st == SK_OK && reg.damaged)
				clear_marker(dir);
		}
	}
	sk_registry_clear(&reg);
	close(lock);
	return st;
}

enum sk_status sk_registry_start_empty(const char *dir, char *kept, size_t size, struct sk_error *err)
{
	char path[PATH_MAX], bak[PATH_MAX], copy[PATH_MAX];
	struct sk_registry reg;
	enum sk_status st;
	int lock = -1;

	if (path_join(path, sizeof path, dir, SK_REGISTRY_FILE) != 0 || path_join(bak, sizeof bak, dir, BACKUP_FILE) != 0)
		return sk_error_set(err, SK_ERR_IO, "the data directory path is too long");
	st = lock_dir(dir, &lock, err);
	if (st != SK_OK)
		return st;
	if (!read_marker(dir, copy, sizeof copy) && !(access(path, F_OK) != 0 && access(bak, F_OK) == 0)) {
		st = sk_error_set(err, SK_ERR_USAGE,
				  "the registry is not damaged or missing; --start-empty only answers a damaged registry "
				  "(to forget an account use `storekeys remove`)");
		goto out;
	}
	if (access(path, F_OK) == 0) {
		char dest[PATH_MAX];

		move_aside(dir, path, dest, sizeof dest); /* kept, never deleted */
	}
	memset(&reg, 0, sizeof reg);
	reg.schema_version = SK_REGISTRY_SCHEMA;
	keep_backup(dir, kept, size);
	st = commit(&reg, dir, err);
	if (st == SK_OK)
		clear_marker(dir);
out:
	close(lock);
	return st;
}

enum sk_status sk_registry_restore_backup(const char *dir, struct sk_error *err)
{
	char path[PATH_MAX], bak[PATH_MAX];
	struct sk_registry reg;
	enum sk_status st;
	int lock = -1;
	int fd;
	char *buf = NULL;
	size_t len = 0;

	if (path_join(path, sizeof path, dir, SK_REGISTRY_FILE) != 0 ||
	    path_join(bak, sizeof bak, dir, BACKUP_FILE) != 0)
		return sk_error_set(err, SK_ERR_IO, "the data directory path is too long");
	st = lock_dir(dir, &lock, err);
	if (st != SK_OK)
		return st;
	st = check_safe(bak, false, err);
	if (st == SK_ERR_NOT_FOUND) {
		st = sk_error_set(err, SK_ERR_NOT_FOUND, "there is no backup (%s)", bak);
		goto out;
	}
	if (st != SK_OK)
		goto out;
	fd = open(bak, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		st = sk_error_set(err, SK_ERR_IO, "cannot open %s: %s", bak, strerror(errno));
		goto out;
	}
	st = read_all(fd, bak, &buf, &len, err);
	close(fd);
	if (st != SK_OK)
		goto out;
	st = buf ? parse_text(&reg, buf, len, &buf, NULL, err) : SK_ERR_REGISTRY_CORRUPT;
	free(buf);
	if (st == SK_ERR_REGISTRY_NEWER) {
		sk_error_prefix(err, "the backup %s is not restored", bak);
		goto out;
	}
	if (st != SK_OK) {
		sk_error_prefix(err, "the backup %s is not usable either", bak);
		goto out;
	}
	if (reg.read_only) {
		/* restoring writes it back as this version's schema: never over what a newer one wrote (R18) */
		st = sk_error_set(err, SK_ERR_REGISTRY_NEWER,
				  "the backup %s was written by a newer storekeys (schema %d, this one knows %d); it is "
				  "not restored here: upgrade storekeys",
				  bak, reg.schema_version, SK_REGISTRY_SCHEMA);
		sk_registry_clear(&reg);
		goto out;
	}
	/* The answer to a damaged or missing registry only: never over one that loads, newer or not. */
	{
		char copy[PATH_MAX];
		struct sk_registry cur;

		if (!read_marker(dir, copy, sizeof copy) && access(path, F_OK) == 0) {
			/* tolerant: a damaged file is moved aside and marked here, as any command would */
			st = load_file(&cur, dir, true, false, NULL, NULL, NULL, err);
			if (st == SK_OK && cur.read_only)
				st = sk_error_set(err, SK_ERR_REGISTRY_NEWER,
						  "the registry %s was written by a newer storekeys and is not damaged; "
						  "it is not replaced by the backup",
						  path);
			else if (st == SK_OK && !cur.damaged)
				st = sk_error_set(err, SK_ERR_INVALID,
						  "the registry %s is not damaged, so it is not replaced by its backup "
						  "(--restore-backup answers a damaged or missing registry)",
						  path);
			if (st == SK_ERR_REGISTRY_NEWER)
				sk_error_prefix(err, "nothing was restored");
			sk_registry_clear(&cur);
			if (st != SK_OK) {
				sk_registry_clear(&reg);
				goto out;
			}
		}
	}
	if (access(path, F_OK) == 0) {
		char dest[PATH_MAX];

		move_aside(dir, path, dest, sizeof dest);
	}
	st = commit(&reg, dir, err);
	sk_registry_clear(&reg);
	if (st == SK_OK)
		clear_marker(dir);
out:
	close(lock);
	return st;
}

/* ---- queries ------------------------------------------------------------ */

long sk_registry_find_id(const struct sk_registry *reg, const char *id)
{
	for (size_t i = 0; i < reg->n; i++)
		if (strcmp(reg->accounts[i].id, id) == 0)
			return (long)i;
	return -1;
}

static void reg_entry(const void *ctx, size_t i, struct find_entry *e)
{
	const struct sk_account *a = &((const struct sk_registry *)ctx)->accounts[i];

	e->id = a->id;
	e->name = a->name;
	e->owner = sk_account_owner(a);
	e->level = a->level;
}

/* Does the account answer to spec in some reading: its local id, its whole name, or OWNER/NAME? */
static bool spec_matches(const struct find_entry *e, const char *spec, const char *slash)
{
	if (strcasecmp(e->id, spec) == 0 || sk_name_equal(e->name, spec))
		return true;
	/* A store hash or account UUID has no '/', so OWNER is everything before the first one. */
	if (slash != NULL) {
		size_t on = (size_t)(slash - spec);

		if (strlen(e->owner) == on && strncasecmp(e->owner, spec, on) == 0 && sk_name_equal(e->name, slash + 1))
			return true;
	}
	return false;
}

/* sk_registry_find over n accounts that get describes. */
static enum sk_status find_in(size_t n, find_get_fn *get, const void *ctx, const char *spec, size_t *idx,
			      struct sk_error *err)
{
	size_t hits = 0, first = 0, listed = 0;
	char choices[SK_ERROR_MSG_MAX] = "", safe[SK_NAME_MAX_BYTES * 4];
	const char *slash;
	struct find_entry e;

	/* id:LOCAL_ID names exactly one account, whatever the names are. */
	if (strncasecmp(spec, "id:", 3) == 0) {
		for (size_t i = 0; i < n; i++) {
			get(ctx, i, &e);
			if (strcasecmp(e.id, spec + 3) == 0) {
				*idx = i;
				return SK_OK;
			}
		}
		return sk_error_set(err, SK_ERR_NOT_FOUND, "no account has the local id %.40s (see `storekeys list --json`)",
				    sk_sanitize(spec + 3, safe, sizeof safe));
	}
	/*
	 * Every reading counts (issue 9 item 6): with "bbb2/Orders" as a name and
	 * "Orders" in store bbb2, the spec "bbb2/Orders" matches both and is refused.
	 */
	slash = strchr(spec, '/');
	for (size_t i = 0; i < n; i++) {
		size_t used;

		get(ctx, i, &e);
		if (!spec_matches(&e, spec, slash))
			continue;
		used = strlen(choices);
		if (hits++ == 0)
			first = i;
		if (used + 160 < sizeof choices) {
			sk_sanitize(e.name, safe, sizeof safe);
			snprintf(choices + used, sizeof choices - used, "%sid:%s (\"%.40s\", %s %s)", listed ? "; " : "",
				 e.id, safe, sk_level_name(e.level), e.owner);
			listed++;
		}
	}
	if (hits == 1) {
		*idx = first;
		return SK_OK;
	}
	sk_sanitize(spec, safe, sizeof safe);
	if (hits > 1)
		return sk_error_set(err, SK_ERR_AMBIGUOUS,
				    "\"%.64s\" matches %zu accounts; name one by its local id: %s%s", safe, hits, choices,
				    listed < hits ? "; and more (`storekeys list --json` shows every id)" : "");
	return sk_error_set(err, SK_ERR_NOT_FOUND, "no account named \"%.64s\" (see `storekeys list`)", safe);
}

enum sk_status sk_registry_find(const struct sk_registry *reg, const char *spec, size_t *idx, struct sk_error *err)
{
	return find_in(reg->n, reg_entry, reg, spec, idx, err);
}

size_t sk_registry_store_count(const struct sk_registry *reg, const char *store_hash)
{
	size_t n = 0;

	for (size_t i = 0; i < reg->n; i++)
		if (reg->accounts[i].level == SK_LEVEL_STORE && strcmp(reg->accounts[i].store_hash, store_hash) == 0)
			n++;
	return n;
}

enum sk_status sk_registry_check_new(const struct sk_registry *reg, const char *name, enum sk_level level,
				     const char *owner, const char *skip_id, struct sk_error *err)
{
	char clean[SK_NAME_MAX_BYTES + 1];
	enum sk_status st = sk_name_check_new(name, clean, err);

	if (st != SK_OK)
		return st;
	for (size_t i = 0; i < reg->n; i++) {
		const struct sk_account *a = &reg->accounts[i];

		if (skip_id && strcmp(a->id, skip_id) == 0)
			continue;
		/* The control panel requires names unique within a store's (or account's) API accounts. */
		/* sk_name_equal ignores case and invisible characters: look-alike names collide (issue 9 item 8). */
		if (a->level == level && owner && strcmp(sk_account_owner(a), owner) == 0 &&
		    sk_name_equal(a->name, clean)) {
			char safe[SK_NAME_MAX_BYTES * 4];

			return sk_error_set(err, SK_ERR_EXISTS, "%s %s already has an account named \"%s\"",
					    sk_level_name(level), owner,
					    sk_sanitize(a->name, safe, sizeof safe));
		}
	}
	if (level == SK_LEVEL_STORE && owner && sk_registry_store_count(reg, owner) >= SK_STORE_MAX_ACCOUNTS)
		return sk_error_set(err, SK_ERR_LIMIT,
				    "store %s already has %d store-level API accounts, BigCommerce's maximum; "
				    "delete one first",
				    owner, SK_STORE_MAX_ACCOUNTS);
	return SK_OK;
}

void sk_registry_append(struct sk_registry *reg, const struct sk_account *a)
{
	if (reg->n == reg->cap) {
		reg->cap = reg->cap ? reg->cap * 2 : 16;
		reg->accounts = sk_xrealloc(reg->accounts, reg->cap * sizeof *reg->accounts);
	}
	sk_account_copy(&reg->accounts[reg->n++], a);
}

void sk_registry_remove(struct sk_registry *reg, size_t idx)
{
	if (idx >= reg->n)
		return;
	sk_account_clear(&reg->accounts[idx]);
	memmove(&reg->accounts[idx], &reg->accounts[idx + 1], (reg->n - idx - 1) * sizeof *reg->accounts);
	reg->n--;
}
