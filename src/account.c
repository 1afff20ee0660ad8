/* account.c - the API account model (no secrets), name rules and API path parsing. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

#include "account.h"
#include "util.h"

#define BC_HOST_PREFIX "https://api.bigcommerce.com/"

/* The longest canonical path (an account-level one) fits the field. */
_Static_assert(sizeof BC_HOST_PREFIX + sizeof "accounts/" + 36 + sizeof "/graphql" <= SK_API_PATH_MAX + 1,
	       "a canonical API path fits sk_api_path.canonical");

void sk_account_clear(struct sk_account *a)
{
	if (a == NULL)
		return;
	if (a->scopes) {
		for (size_t i = 0; i < a->nscopes; i++)
			free(a->scopes[i]);
		free(a->scopes);
	}
	cJSON_Delete(a->extra);
	memset(a, 0, sizeof *a);
}

void sk_account_copy(struct sk_account *dst, const struct sk_account *src)
{
	*dst = *src;
	dst->scopes = sk_xcalloc(src->nscopes + 1, sizeof *dst->scopes);
	for (size_t i = 0; i < src->nscopes; i++)
		dst->scopes[i] = sk_strdup(src->scopes[i]);
	dst->extra = src->extra ? cJSON_Duplicate(src->extra, 1) : NULL;
}

const char *sk_level_name(enum sk_level level)
{
	return level == SK_LEVEL_STORE ? "store" : "account";
}

const char *sk_level_label(enum sk_level level)
{
	return level == SK_LEVEL_STORE ? "store-level" : "account-level";
}

void sk_account_set_path(struct sk_account *a, const struct sk_api_path *p)
{
	a->level = p->level;
	sk_strlcpy(a->store_hash, p->store_hash, sizeof a->store_hash);
	sk_strlcpy(a->account_uuid, p->account_uuid, sizeof a->account_uuid);
	sk_strlcpy(a->api_path, p->canonical, sizeof a->api_path);
}

const char *sk_account_label(const struct sk_account *a, char *out, size_t size)
{
	char name[SK_NAME_MAX_BYTES * 4];

	snprintf(out, size, "%s/%s", sk_account_owner(a), sk_sanitize(a->name, name, sizeof name));
	return out;
}

const char *sk_token_type_name(enum sk_token_type t)
{
	return t == SK_TOKEN_STENCIL ? "stencil" : "v2v3";
}

const char *sk_stencil_name(enum sk_stencil_access s)
{
	return s == SK_STENCIL_PUBLISH ? "publish" : s == SK_STENCIL_DEV ? "dev" : "";
}

bool sk_token_type_parse(const char *s, enum sk_token_type *out)
{
	if (strcmp(s, "v2v3") == 0)
		*out = SK_TOKEN_V2V3;
	else if (strcmp(s, "stencil") == 0)
		*out = SK_TOKEN_STENCIL;
	else
		return false;
	return true;
}

bool sk_stencil_parse(const char *s, enum sk_stencil_access *out)
{
	if (strcmp(s, "dev") == 0)
		*out = SK_STENCIL_DEV;
	else if (strcmp(s, "publish") == 0)
		*out = SK_STENCIL_PUBLISH;
	else if (s[0] == '\0')
		*out = SK_STENCIL_NONE;
	else
		return false;
	return true;
}

void sk_account_kind_defaults(struct sk_account *a)
{
	if (a->level == SK_LEVEL_ACCOUNT) {
		a->token_type = SK_TOKEN_V2V3;
		a->stencil = SK_STENCIL_NONE;
	} else if (a->token_type == SK_TOKEN_STENCIL && a->stencil == SK_STENCIL_NONE) {
		a->stencil = SK_STENCIL_DEV;
	} else if (a->token_type == SK_TOKEN_V2V3) {
		a->stencil = SK_STENCIL_NONE;
	}
}

const char *sk_account_owner(const struct sk_account *a)
{
	return a->level == SK_LEVEL_STORE ? a->store_hash : a->account_uuid;
}

const char *sk_account_kind(const struct sk_account *a)
{
	if (a->level == SK_LEVEL_ACCOUNT)
		return "account";
	if (a->token_type == SK_TOKEN_V2V3)
		return "v2v3";
	return a->stencil == SK_STENCIL_PUBLISH ? "stencil-publish" : "stencil-dev";
}

const char *sk_account_kind_label(const struct sk_account *a)
{
	if (a->level == SK_LEVEL_ACCOUNT)
		return "Account-level";
	if (a->token_type == SK_TOKEN_V2V3)
		return "V2/V3 API token";
	return a->stencil == SK_STENCIL_PUBLISH ? "Stencil-CLI (publish theme)" : "Stencil-CLI (local development)";
}

static bool valid_hash(const char *s, size_t n)
{
	if (n == 0 || n > SK_HASH_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i])))
			return false;
	return true;
}

/* BC_HOST_PREFIX, kind, owner[0..n) and tail into out (SK_API_PATH_MAX + 1): memcpy, no printf per account. */
static void join_canonical(char *out, const char *kind, const char *owner, size_t n, const char *tail)
{
	size_t o = 0;

	memcpy(out + o, BC_HOST_PREFIX, strlen(BC_HOST_PREFIX));
	o += strlen(BC_HOST_PREFIX);
	memcpy(out + o, kind, strlen(kind));
	o += strlen(kind);
	memcpy(out + o, owner, n);
	o += n;
	memcpy(out + o, tail, strlen(tail) + 1);
}

enum sk_status sk_api_path_parse(const char *url, struct sk_api_path *out, struct sk_error *err)
{
	const char *p;
	size_t len;

	memset(out, 0, sizeof *out);
	if (url == NULL || *url == '\0')
		return sk_error_set(err, SK_ERR_INVALID, "the API path is empty");
	len = strlen(url);
	if (len > SK_API_PATH_MAX)
		return sk_error_set(err, SK_ERR_INVALID, "the API path is longer than %d characters", SK_API_PATH_MAX);
	/* Refuse anything that could smuggle a header, another host or a traversal (R10). */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c < 0x21 || c >= 0x7f)
			return sk_error_set(err, SK_ERR_INVALID,
					    "the API path contains a space, control or non-ASCII character");
		if (c == '%' || c == '?' || c == '#' || c == '@' || c == '\\')
			return sk_error_set(err, SK_ERR_INVALID,
					    "the API path must not contain '%c' (no escapes, queries or user names)", c);
	}
	if (strncasecmp(url, "http://", 7) == 0)
		return sk_error_set(err, SK_ERR_INVALID, "the API path must use https://");
	if (strncmp(url, BC_HOST_PREFIX, strlen(BC_HOST_PREFIX)) != 0)
		return sk_error_set(err, SK_ERR_INVALID,
				    "the API path must start with %s (as the control panel shows it)", BC_HOST_PREFIX);
	p = url + strlen(BC_HOST_PREFIX);
	if (strstr(p, "..") != NULL || strstr(p, "//") != NULL)
		return sk_error_set(err, SK_ERR_INVALID, "the API path must not contain \"..\" or \"//\"");

	if (strncmp(p, "stores/", 7) == 0) {
		const char *h = p + 7;
		const char *slash = strchr(h, '/');
		size_t hn = slash ? (size_t)(slash - h) : strlen(h);
		const char *rest = slash ? slash : "";

		if (!valid_hash(h, hn))
			return sk_error_set(err, SK_ERR_INVALID,
					    "the store hash must be 1-32 lowercase letters or digits");
		if (!(strcmp(rest, "") == 0 || strcmp(rest, "/") == 0 || strcmp(rest, "/v3") == 0 ||
		      strcmp(rest, "/v3/") == 0 || strcmp(rest, "/v2") == 0 || strcmp(rest, "/v2/") == 0))
			return sk_error_set(err, SK_ERR_INVALID,
					    "a store API path ends in /v3/ or /v2/ after the store hash");
		out->level = SK_LEVEL_STORE;
		memcpy(out->store_hash, h, hn);
		out->store_hash[hn] = '\0';
		join_canonical(out->canonical, "stores/", out->store_hash, hn, "/v3/");
		return SK_OK;
	}
	if (strncmp(p, "accounts/", 9) == 0) {
		const char *u = p + 9;
		const char *rest = u + strcspn(u, "/");
		char uuid[37];

		if ((size_t)(rest - u) != 36)
			return sk_error_set(err, SK_ERR_INVALID, "the account UUID must have 36 characters");
		memcpy(uuid, u, 36);
		uuid[36] = '\0';
		if (!sk_uuid_valid(uuid))
			return sk_error_set(err, SK_ERR_INVALID, "the account UUID is not a UUID");
		if (!(strcmp(rest, "") == 0 || strcmp(rest, "/") == 0 || strcmp(rest, "/graphql") == 0))
			return sk_error_set(err, SK_ERR_INVALID,
					    "an account API path ends after the UUID or in /graphql");
		out->level = SK_LEVEL_ACCOUNT;
		for (int i = 0; i < 37; i++)
			out->account_uuid[i] = (char)tolower((unsigned char)uuid[i]);
		/* BigCommerce's form (docs, developer blog): the GraphQL Account API endpoint itself. */
		join_canonical(out->canonical, "accounts/", out->account_uuid, 36, "/graphql");
		return SK_OK;
	}
	return sk_error_set(err, SK_ERR_INVALID, "the API path must continue with stores/HASH/v3/ or accounts/UUID");
}

/* Copy s into out without its invisible characters (sk_cp_invisible); returns how many visible code points are not blank. */
static size_t strip_invisible(const char *s, char *out, size_t size)
{
	size_t len = strlen(s), i = 0, o = 0, shown = 0;

	while (i < len && o + 4 < size) {
		uint32_t cp;
		size_t n = sk_utf8_decode(s + i, len - i, &cp);

		if (n == 0)
			n = 1; /* invalid bytes stay, compared as bytes */
		else if (sk_cp_invisible(cp)) {
			i += n;
			continue;
		}
		if (!sk_cp_blank(cp))
			shown++;
		memcpy(out + o, s + i, n);
		o += n;
		i += n;
	}
	out[o] = '\0';
	return shown;
}

enum sk_status sk_name_check(const char *name, char *out, struct sk_error *err)
{
	char buf[SK_NAME_MAX_BYTES * 2 + 2];
	size_t chars;

	if (name == NULL)
		name = "";
	if (strlen(name) >= sizeof buf)
		return sk_error_set(err, SK_ERR_INVALID, "the name is longer than %d characters", SK_NAME_MAX_CHARS);
	memcpy(buf, name, strlen(name) + 1);
	sk_trim(buf);
	if (!sk_utf8_valid(buf, strlen(buf)))
		return sk_error_set(err, SK_ERR_INVALID, "the name is not valid UTF-8");
	if (sk_has_control(buf))
		return sk_error_set(err, SK_ERR_INVALID, "the name contains a control character");
	chars = sk_utf8_len(buf);
	if (chars < SK_NAME_MIN_CHARS)
		return sk_error_set(err, SK_ERR_INVALID,
				    "the name needs at least %d characters (BigCommerce's rule); it has %zu",
				    SK_NAME_MIN_CHARS, chars);
	if (chars > SK_NAME_MAX_CHARS || strlen(buf) > SK_NAME_MAX_BYTES)
		return sk_error_set(err, SK_ERR_INVALID, "the name is longer than %d characters", SK_NAME_MAX_CHARS);
	if (out)
		memcpy(out, buf, strlen(buf) + 1);
	return SK_OK;
}

enum sk_status sk_name_check_new(const char *name, char *out, struct sk_error *err)
{
	char buf[SK_NAME_MAX_BYTES + 1], vis[SK_NAME_MAX_BYTES + 8];
	enum sk_status st = sk_name_check(name, buf, err);
	size_t shown;

	if (st != SK_OK)
		return st;
	/* Zero-width and bidi characters cannot be seen: a name must be told apart by what shows (issue 9 item 8). */
	shown = strip_invisible(buf, vis, sizeof vis);
	if (shown == 0)
		return sk_error_set(err, SK_ERR_INVALID,
				    "the name is made only of invisible or blank characters (zero-width, bidi control, "
				    "no-break space)");
	if (sk_utf8_len(vis) < SK_NAME_MIN_CHARS)
		return sk_error_set(err, SK_ERR_INVALID,
				    "the name needs at least %d characters (BigCommerce's rule), not counting invisible "
				    "ones; it has %zu",
				    SK_NAME_MIN_CHARS, sk_utf8_len(vis));
	if (out)
		memcpy(out, buf, strlen(buf) + 1);
	return SK_OK;
}

/*
 * The length of s when it is ASCII and at most SK_NAME_MAX_BYTES long (so strip_invisible would
 * copy it whole and unchanged: every invisible character is above U+007F), else -1.
 */
static long short_ascii_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;

	for (; u[n]; n++)
		if (u[n] >= 0x80 || n >= SK_NAME_MAX_BYTES)
			return -1;
	return (long)n;
}

/* s[0..*n) without the leading and trailing white space sk_trim removes; returns the start. */
static const char *trim_span(const char *s, size_t *n)
{
	while (*n > 0 && isspace((unsigned char)s[*n - 1]))
		(*n)--;
	while (*n > 0 && isspace((unsigned char)*s))
		s++, (*n)--;
	return s;
}

bool sk_name_equal(const char *a, const char *b)
{
	char x[SK_NAME_MAX_BYTES * 2 + 2], y[SK_NAME_MAX_BYTES * 2 + 2];
	long an = short_ascii_len(a), bn = an >= 0 ? short_ascii_len(b) : -1;

	/*
	 * Short ASCII names (nearly every lookup, once per account) need no copies: nothing to
	 * strip, so the same answer comes from comparing the trimmed spans in place.
	 */
	if (an >= 0 && bn >= 0) {
		size_t xn = (size_t)an, yn = (size_t)bn;
		const char *xs = trim_span(a, &xn), *ys = trim_span(b, &yn);

		return xn == yn && strncasecmp(xs, ys, xn) == 0;
	}
	/* Names that differ only by invisible characters (or ASCII case) look the same, so they are the same. */
	strip_invisible(a, x, sizeof x);
	strip_invisible(b, y, sizeof y);
	return strcasecmp(sk_trim(x), sk_trim(y)) == 0;
}
