/* bc_http.c - one careful libcurl request: safe options, bounded size and time, retries, error sentences. */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bc.h"
#include "bc_http.h"
#include "bc_parse.h"
#include "curl_dl.h"
#include "util.h"

#define ORIGIN_MAX 256
#define AUTH_PREFIX "X-Auth-Token: "

/* Process-wide settings: written once at start-up, read by every request. */
static char origin[ORIGIN_MAX] = SK_BC_DEFAULT_ORIGIN;
static bool origin_http; /* loopback http origin (tests and the demo) */
static char *cacert;
static int verbose;

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static bool global_ok;
static CURLSH *share;
static pthread_mutex_t share_locks[CURL_LOCK_DATA_LAST];

static void share_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *ud)
{
	if ((unsigned)data < CURL_LOCK_DATA_LAST)
		pthread_mutex_lock(&share_locks[data]);
}

static void share_unlock(CURL *h, curl_lock_data data, void *ud)
{
	if ((unsigned)data < CURL_LOCK_DATA_LAST)
		pthread_mutex_unlock(&share_locks[data]);
}

/*
 * curl_global_init is not thread-safe in 7.88, so it runs exactly once.
 * SIGPIPE is ignored because a peer closing a TLS connection must not
 * kill the process (NOSIGNAL alone does not cover OpenSSL writes).
 * The share carries the DNS cache and TLS sessions between the blocking
 * requests (never connections: sharing those across threads is unsafe).
 */
static void global_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return;
	for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
		pthread_mutex_init(&share_locks[i], NULL);
	share = curl_share_init();
	if (share != NULL) {
		curl_share_setopt(share, CURLSHOPT_LOCKFUNC, share_lock);
		curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, share_unlock);
		curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
		curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	}
	global_ok = true;
}

enum sk_status sk_http_ready(struct sk_error *err)
{
	if (!sk_curl_load(err))
		return SK_ERR_INTERNAL;
	pthread_once(&global_once, global_init);
	if (!global_ok)
		return sk_error_set(err, SK_ERR_INTERNAL, "libcurl could not be initialised");
	return SK_OK;
}

void sk_http_global_cleanup(void)
{
	if (share != NULL)
		curl_share_cleanup(share);
	share = NULL;
	if (global_ok)
		curl_global_cleanup();
	global_ok = false;
	free(cacert);
	cacert = NULL;
}

/* ---- settings -------------------------------------------------------- */

static bool loopback_host(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char buf[64];
	size_t n = strlen(host);

	if (strcmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (n > 2 && n < sizeof buf && host[0] == '[' && host[n - 1] == ']') {
		memcpy(buf, host + 1, n - 2);
		buf[n - 2] = '\0';
		return inet_pton(AF_INET6, buf, &a6) == 1 && memcmp(&a6, &in6addr_loopback, sizeof a6) == 0;
	}
	return false;
}

static bool printable_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* Host characters of an origin: letters, digits, '.', '-', '_' (no escapes, no userinfo). */
static bool host_ok(const char *h, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)h[i]) && h[i] != '.' && h[i] != '-' && h[i] != '_')
			return false;
	return true;
}

/*
 * The origin is scheme://host[:port] and at most a trailing '/': small
 * enough to read by hand, so setting it does not load libcurl (a command
 * that never reaches the network never loads it). A bracketed host must be
 * an IPv6 address; anything this does not recognise is refused.
 */
enum sk_status sk_bc_set_origin(const char *text, struct sk_error *err)
{
	const char *sep, *auth, *end, *host, *colon = NULL;
	char scheme[16], hostbuf[ORIGIN_MAX], canon[ORIGIN_MAX];
	size_t slen, hlen, alen;
	unsigned long port = 0;
	bool http;

	if (text == NULL || *text == '\0' || strlen(text) >= 200 || !printable_ascii(text))
		return sk_error_set(err, SK_ERR_INVALID,
				    "the API origin must be a short https://host[:port] without spaces or control characters");
	sep = strstr(text, "://");
	slen = sep ? (size_t)(sep - text) : 0;
	if (sep == NULL || slen == 0 || slen >= sizeof scheme || strspn(text, "abcdefghijklmnopqrstuvwxyz"
								     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") < slen)
		return sk_error_set(err, SK_ERR_INVALID, "the API origin is not a URL; expected https://host[:port]");
	for (size_t i = 0; i < slen; i++)
		scheme[i] = (char)tolower((unsigned char)text[i]);
	scheme[slen] = '\0';
	auth = sep + 3;
	alen = strcspn(auth, "/?#");
	end = auth + alen;
	/* Userinfo would be sent as Basic auth next to the token: refuse it. */
	if (memchr(auth, '@', alen) != NULL)
		return sk_error_set(err, SK_ERR_INVALID, "the API origin must not contain a user name or password");
	if (*end != '\0' && strcmp(end, "/") != 0)
		return sk_error_set(err, SK_ERR_INVALID,
				    "the API origin must be scheme://host[:port] only, without a path, query or fragment");
	if (strcmp(scheme, "https") == 0)
		http = false;
	else if (strcmp(scheme, "http") == 0)
		http = true;
	else
		return sk_error_set(err, SK_ERR_INVALID, "the API origin must use https:// (not %s://)", scheme);

	host = auth;
	if (*host == '[') {
		const char *close = memchr(host, ']', alen);
		struct in6_addr a6;

		hlen = close ? (size_t)(close - host) + 1 : 0;
		if (hlen < 3 || hlen - 2 >= sizeof hostbuf)
			return sk_error_set(err, SK_ERR_INVALID, "the API origin is not a URL; expected https://host[:port]");
		memcpy(hostbuf, host + 1, hlen - 2);
		hostbuf[hlen - 2] = '\0';
		if (inet_pton(AF_INET6, hostbuf, &a6) != 1)
			return sk_error_set(err, SK_ERR_INVALID, "the API origin's [host] is not an IPv6 address");
		if (host + hlen < end && host[hlen] != ':')
			return sk_error_set(err, SK_ERR_INVALID, "the API origin is not a URL; expected https://host[:port]");
	} else {
		const char *c = memchr(host, ':', alen);

		hlen = c ? (size_t)(c - host) : alen;
		if (!host_ok(host, hlen))
			return sk_error_set(err, SK_ERR_INVALID,
					    "the API origin's host may hold only letters, digits, '.', '-' and '_'");
	}
	if (host + hlen < end) {
		const char *p = host + hlen + 1;
		size_t plen = (size_t)(end - p);

		colon = p;
		if (plen == 0 || plen > 5 || strspn(p, "0123456789") < plen)
			return sk_error_set(err, SK_ERR_INVALID, "the API origin's port must be a number from 1 to 65535");
		port = strtoul(p, NULL, 10);
		if (port == 0 || port > 65535)
			return sk_error_set(err, SK_ERR_INVALID, "the API origin's port must be a number from 1 to 65535");
	}
	for (size_t i = 0; i < hlen; i++)
		hostbuf[i] = (char)tolower((unsigned char)host[i]);
	hostbuf[hlen] = '\0';
	/* Plain http would expose the token on the wire: loopback test servers only (R8). */
	if (http && !loopback_host(hostbuf))
		return sk_error_set(err, SK_ERR_INVALID,
				    "http:// is allowed only for loopback hosts (127.0.0.0/8, localhost, [::1]); "
				    "use https:// for %s", hostbuf);
	if (colon != NULL)
		snprintf(canon, sizeof canon, "%s://%s:%lu", scheme, hostbuf, port);
	else
		snprintf(canon, sizeof canon, "%s://%s", scheme, hostbuf);
	sk_strlcpy(origin, canon, sizeof origin);
	origin_http = http;
	return SK_OK;
}

const char *sk_bc_origin(void)
{
	return origin;
}

enum sk_status sk_bc_set_cacert(const char *path, struct sk_error *err)
{
	struct stat sb;

	if (path == NULL || *path == '\0') {
		free(cacert);
		cacert = NULL;
		return SK_OK;
	}
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || access(path, R_OK) != 0)
		return sk_error_set(err, SK_ERR_INVALID, "the CA bundle %s is not a readable file", path);
	free(cacert);
	cacert = sk_strdup(path);
	return SK_OK;
}

void sk_bc_set_verbose(int level)
{
	verbose = level < 0 ? 0 : level;
}

/* ---- URLs ------------------------------------------------------------ */

/* Store hashes are short lowercase alphanumerics (R10): nothing else reaches a URL. */
static bool hash_ok(const char *h)
{
	size_t n = 0;

	for (; h[n]; n++)
		if (!(islower((unsigned char)h[n]) || isdigit((unsigned char)h[n])))
			return false;
	return n >= 1 && n <= SK_HASH_MAX;
}

static bool path_ok(const char *p)
{
	/* /graphql is the store's GraphQL Admin endpoint (reassignMetafieldsOwner) */
	if (strcmp(p, "/graphql") == 0)
		return true;
	return (strncmp(p, "/v2/", 4) == 0 || strncmp(p, "/v3/", 4) == 0) && printable_ascii(p) &&
	       strstr(p, "..") == NULL && strchr(p, '#') == NULL && strchr(p, '\\') == NULL;
}

enum sk_status sk_http_store_url(const char *hash, const char *path, char **out, struct sk_error *err)
{
	size_t n;

	*out = NULL;
	if (hash == NULL || !hash_ok(hash))
		return sk_error_set(err, SK_ERR_INVALID, "the store hash must be 1 to 32 lowercase letters and digits");
	if (path == NULL || !path_ok(path))
		return sk_error_set(err, SK_ERR_INTERNAL, "bad API path");
	n = strlen(origin) + strlen("/stores/") + strlen(hash) + strlen(path) + 1;
	if (n > SK_HTTP_URL_MAX)
		return sk_error_set(err, SK_ERR_INTERNAL, "API URL too long");
	*out = sk_xmalloc(n);
	snprintf(*out, n, "%s/stores/%s%s", origin, hash, path);
	return SK_OK;
}

enum sk_status sk_http_account_url(const char *uuid, char **out, struct sk_error *err)
{
	size_t n;

	*out = NULL;
	if (uuid == NULL || !sk_uuid_valid(uuid))
		return sk_error_set(err, SK_ERR_INVALID, "the account UUID is not a UUID");
	n = strlen(origin) + strlen("/accounts//graphql") + 36 + 1;
	*out = sk_xmalloc(n);
	snprintf(*out, n, "%s/accounts/%s/graphql", origin, uuid);
	return SK_OK;
}

/* ---- request set-up -------------------------------------------------- */

static const char *method_name(enum sk_http_method m)
{
	switch (m) {
	case SK_HTTP_GET:
		return "GET";
	case SK_HTTP_PUT:
		return "PUT";
	case SK_HTTP_POST:
		return "POST";
	case SK_HTTP_DELETE:
		return "DELETE";
	}
	return "?";
}

/* A test knob may only shorten a bound, so it is safe in every build. */
static long env_shorter_ms(const char *name, long dflt)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return dflt;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0 || v >= dflt)
		return dflt;
	return v;
}

int64_t sk_http_scale_wait(int64_t ms)
{
	const char *s = getenv("STOREKEYS_TEST_FAST_RETRY");

	if (s != NULL && strcmp(s, "1") == 0)
		return ms / 100;
	return ms;
}

/* The token goes into a header: printable ASCII without spaces only (R10). */
static bool token_ok(const char *t)
{
	size_t n = strlen(t);

	return n >= 1 && n <= SK_HTTP_TOKEN_MAX && printable_ascii(t);
}

bool sk_http_header_number(const char *s, size_t n, int64_t max, int64_t *out)
{
	char digits[32];
	size_t i = 0, start, len;
	unsigned long long v;
	char *end;

	if (s == NULL || max < 0)
		return false;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	start = i;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	len = i - start;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (len == 0 || i != n)
		return false;
	if (len >= sizeof digits) {
		*out = max; /* more digits than any 64-bit number has */
		return true;
	}
	memcpy(digits, s + start, len);
	digits[len] = '\0';
	errno = 0;
	v = strtoull(digits, &end, 10);
	if (errno == ERANGE || v > (unsigned long long)max)
		*out = max;
	else if (errno != 0 || *end != '\0')
		return false;
	else
		*out = (int64_t)v;
	return true;
}

int64_t sk_http_server_wait_ms(const struct sk_http_req *r)
{
	int64_t wait = r->reset_ms >= 0 ? r->reset_ms : -1;
	int64_t ra = r->retry_after_s;

	if (ra >= 0) {
		ra = ra > SK_HTTP_HEADER_WAIT_MAX_MS / 1000 ? SK_HTTP_HEADER_WAIT_MAX_MS : ra * 1000;
		if (ra > wait)
			wait = ra;
	}
	return wait > SK_HTTP_HEADER_WAIT_MAX_MS ? SK_HTTP_HEADER_WAIT_MAX_MS : wait;
}

static bool header_is(const char *line, size_t n, const char *name, const char **val, size_t *vlen)
{
	size_t k = strlen(name);

	if (n <= k || line[k] != ':' || strncasecmp(line, name, k) != 0)
		return false;
	*val = line + k + 1;
	*vlen = n - k - 1;
	return true;
}

static size_t header_cb(char *buf, size_t size, size_t nitems, void *ud)
{
	struct sk_http_req *r = ud;
	size_t n = size * nitems;
	const char *val;
	size_t vlen;
	int64_t v;

	r->header_bytes += n;
	if (r->header_bytes > SK_HTTP_HEADER_MAX) {
		r->too_large = true;
		return 0;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	if (n >= 5 && strncmp(buf, "HTTP/", 5) == 0) {
		/* a new response (after a 1xx): forget what the previous one said */
		r->rate_left = -1;
		r->reset_ms = -1;
		r->retry_after_s = -1;
		r->location[0] = '\0';
	}
	if (verbose >= 2 && n > 0) {
		char line[512], safe[1100];
		size_t m = n < sizeof line - 1 ? n : sizeof line - 1;

		memcpy(line, buf, m);
		line[m] = '\0';
		fprintf(stderr, "storekeys: < %s\n", sk_sanitize(line, safe, sizeof safe));
	}
	if (header_is(buf, n, "x-rate-limit-requests-left", &val, &vlen) &&
	    sk_http_header_number(val, vlen, INT_MAX, &v))
		r->rate_left = (int)v;
	else if (header_is(buf, n, "x-rate-limit-time-reset-ms", &val, &vlen) &&
		 sk_http_header_number(val, vlen, SK_HTTP_HEADER_WAIT_MAX_MS, &v))
		r->reset_ms = v;
	else if (header_is(buf, n, "x-retry-after", &val, &vlen) &&
		 sk_http_header_number(val, vlen, SK_HTTP_HEADER_WAIT_MAX_MS / 1000, &v))
		r->retry_after_s = v;
	else if (header_is(buf, n, "retry-after", &val, &vlen) && r->retry_after_s < 0 &&
		 sk_http_header_number(val, vlen, SK_HTTP_HEADER_WAIT_MAX_MS / 1000, &v))
		r->retry_after_s = v; /* an HTTP-date is ignored: the minimum backoff applies */
	else if (header_is(buf, n, "location", &val, &vlen)) {
		char raw[256];
		size_t m;

		while (vlen > 0 && (*val == ' ' || *val == '\t')) {
			val++;
			vlen--;
		}
		m = vlen < sizeof raw - 1 ? vlen : sizeof raw - 1;
		memcpy(raw, val, m);
		raw[m] = '\0';
		sk_sanitize(raw, r->location, sizeof r->location);
	}
	return size * nitems;
}

/* Counts decoded bytes (after gzip), so a compressed bomb still stops at the cap (R12). */
static size_t write_cb(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct sk_http_req *r = ud;
	size_t n = size * nmemb;

	if (n > SK_HTTP_BODY_MAX - r->len) {
		r->too_large = true;
		return 0;
	}
	if (r->len + n + 1 > r->cap) {
		size_t cap = r->cap ? r->cap : 4096;

		while (cap < r->len + n + 1)
			cap *= 2;
		if (cap > SK_HTTP_BODY_MAX + 1)
			cap = SK_HTTP_BODY_MAX + 1;
		r->body = sk_xrealloc(r->body, cap);
		r->cap = cap;
	}
	memcpy(r->body + r->len, ptr, n);
	r->len += n;
	r->body[r->len] = '\0';
	return n;
}

/* Wipe every header string before freeing: one of them carries the token. */
static void free_headers(struct curl_slist *h)
{
	if (h == NULL) /* also: libcurl may not be loaded yet */
		return;
	for (struct curl_slist *p = h; p != NULL; p = p->next)
		if (p->data != NULL)
			sk_wipe(p->data, strlen(p->data));
	curl_slist_free_all(h);
}

static bool add_header(struct curl_slist **list, const char *h)
{
	struct curl_slist *n = curl_slist_append(*list, h);

	if (n == NULL)
		return false;
	*list = n;
	return true;
}

static void reset_response(struct sk_http_req *r)
{
	free(r->body);
	r->body = NULL;
	r->len = r->cap = 0;
	r->header_bytes = 0;
	r->too_large = false;
	r->cancelled = false;
	r->status = 0;
	r->rate_left = -1;
	r->reset_ms = -1;
	r->retry_after_s = -1;
	r->location[0] = '\0';
	r->errbuf[0] = '\0';
	r->result = CURLE_OK;
}

#define SETOPT(opt, val)                                                  \
	do {                                                              \
		if (cc == CURLE_OK)                                       \
			cc = curl_easy_setopt(r->easy, (opt), (val));     \
	} while (0)

enum sk_status sk_http_req_init(struct sk_http_req *r, enum sk_http_method method, const char *url,
				const char *token, const char *body, struct sk_error *err)
{
	size_t olen = strlen(origin);
	size_t tlen;
	char *auth = NULL;
	CURLcode cc = CURLE_OK;
	long timeout = env_shorter_ms("STOREKEYS_TEST_HTTP_TIMEOUT_MS", SK_HTTP_TIMEOUT_MS);
	enum sk_status st = SK_OK;

	memset(r, 0, sizeof *r);
	reset_response(r);
	r->method = method;
	r->verbose = verbose;
	/* Checked before curl is touched, so a bad token never reaches a socket (R10). */
	if (token == NULL || !token_ok(token)) {
		st = sk_error_set(err, SK_ERR_INVALID,
				  "the access token is empty, too long, or contains spaces, line breaks or control "
				  "characters; refusing to send it (re-import the account's credentials)");
		goto fail;
	}
	/* The token may only ever go to the configured origin (R9). */
	if (url == NULL || strlen(url) > SK_HTTP_URL_MAX || strncmp(url, origin, olen) != 0 || url[olen] != '/' ||
	    !printable_ascii(url)) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "refusing a request outside the API origin %s", origin);
		goto fail;
	}
	if ((st = sk_http_ready(err)) != SK_OK)
		goto fail;
	r->url = sk_strdup(url);
	r->easy = curl_easy_init();
	if (r->easy == NULL) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "libcurl could not create a request");
		goto fail;
	}
	/* concatenated by hand: the token was checked above, no format string touches it */
	tlen = strlen(token);
	auth = sk_xmalloc(sizeof AUTH_PREFIX + tlen);
	memcpy(auth, AUTH_PREFIX, sizeof AUTH_PREFIX - 1);
	memcpy(auth + sizeof AUTH_PREFIX - 1, token, tlen + 1);
	if (!add_header(&r->headers, auth) || !add_header(&r->headers, "Accept: application/json") ||
	    (body != NULL && !add_header(&r->headers, "Content-Type: application/json")) ||
	    !add_header(&r->headers, "Expect:")) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "out of memory");
		goto fail;
	}

	SETOPT(CURLOPT_URL, r->url);
	SETOPT(CURLOPT_PROTOCOLS_STR, origin_http ? "http" : "https");
	SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, origin_http ? "http" : "https");
	SETOPT(CURLOPT_FOLLOWLOCATION, 0L);
	SETOPT(CURLOPT_MAXREDIRS, 0L);
	SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
	SETOPT(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (cacert != NULL)
		SETOPT(CURLOPT_CAINFO, cacert);
	/* A loopback test origin must not be sent through a proxy from the environment. */
	if (origin_http)
		SETOPT(CURLOPT_PROXY, "");
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, timeout < SK_HTTP_CONNECT_TIMEOUT_MS ? timeout : (long)SK_HTTP_CONNECT_TIMEOUT_MS);
	SETOPT(CURLOPT_TIMEOUT_MS, timeout);
	SETOPT(CURLOPT_LOW_SPEED_LIMIT, (long)SK_HTTP_LOW_SPEED_BYTES);
	SETOPT(CURLOPT_LOW_SPEED_TIME, (long)SK_HTTP_LOW_SPEED_SECONDS);
	SETOPT(CURLOPT_MAXLIFETIME_CONN, 300L);
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)SK_HTTP_BODY_MAX);
	SETOPT(CURLOPT_ACCEPT_ENCODING, "gzip");
	SETOPT(CURLOPT_USERAGENT, "storekeys/" SK_VERSION);
	SETOPT(CURLOPT_HTTPHEADER, r->headers);
	SETOPT(CURLOPT_WRITEFUNCTION, write_cb);
	SETOPT(CURLOPT_WRITEDATA, r);
	SETOPT(CURLOPT_HEADERFUNCTION, header_cb);
	SETOPT(CURLOPT_HEADERDATA, r);
	SETOPT(CURLOPT_ERRORBUFFER, r->errbuf);
	SETOPT(CURLOPT_PRIVATE, r);
	switch (method) {
	case SK_HTTP_GET:
		SETOPT(CURLOPT_HTTPGET, 1L);
		break;
	case SK_HTTP_POST:
	case SK_HTTP_PUT:
		SETOPT(CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
		SETOPT(CURLOPT_COPYPOSTFIELDS, body ? body : "");
		if (method == SK_HTTP_PUT)
			SETOPT(CURLOPT_CUSTOMREQUEST, "PUT");
		break;
	case SK_HTTP_DELETE:
		SETOPT(CURLOPT_CUSTOMREQUEST, "DELETE");
		break;
	}
	if (cc != CURLE_OK) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "libcurl refused an option: %s", curl_easy_strerror(cc));
		goto fail;
	}
	r->started_ms = sk_now_ms();
	goto out;
fail:
	sk_http_req_clear(r);
out:
	if (auth != NULL)
		sk_secret_free(auth);
	return st;
}

#undef SETOPT

void sk_http_req_rewind(struct sk_http_req *r)
{
	reset_response(r);
	r->started_ms = sk_now_ms();
}

void sk_http_req_clear(struct sk_http_req *r)
{
	if (r->easy != NULL) {
		/* detach the header list before wiping it */
		curl_easy_setopt(r->easy, CURLOPT_HTTPHEADER, (struct curl_slist *)NULL);
		curl_easy_cleanup(r->easy);
	}
	free_headers(r->headers);
	free(r->body);
	free(r->url);
	memset(r, 0, sizeof *r);
	r->rate_left = -1;
	r->reset_ms = -1;
	r->retry_after_s = -1;
}

/* ---- outcome --------------------------------------------------------- */

/* "/stores/abc/v3/hooks" part of the URL for messages (no origin, no query). */
static void url_path(const struct sk_http_req *r, char *out, size_t size)
{
	const char *p = r->url ? r->url + strlen(origin) : "";
	size_t n = strcspn(p, "?");
	char raw[256];

	if (n >= sizeof raw)
		n = sizeof raw - 1;
	memcpy(raw, p, n);
	raw[n] = '\0';
	sk_sanitize(raw, out, size);
}

static bool tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION: /* also CURLE_SSL_CACERT */
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_USE_SSL_FAILED:
		return true;
	default:
		return false;
	}
}

static enum sk_status curl_failure(struct sk_http_req *r, CURLcode rc, struct sk_error *err)
{
	char detail[CURL_ERROR_SIZE * 2];
	char where[280];

	sk_sanitize(r->errbuf[0] ? r->errbuf : curl_easy_strerror(rc), detail, sizeof detail);
	url_path(r, where, sizeof where);
	if (rc == CURLE_FILESIZE_EXCEEDED)
		return sk_error_set(err, SK_ERR_TOO_LARGE,
				    "the answer to %s %s is larger than the %d MiB limit; storekeys stopped reading it",
				    method_name(r->method), where, SK_HTTP_BODY_MAX >> 20);
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return sk_error_set(err, SK_ERR_TIMEOUT,
				    "%s did not answer %s %s in time (%s); check the network or try again later", origin,
				    method_name(r->method), where, detail);
	if (tls_error(rc))
		return sk_error_set(err, SK_ERR_TLS,
				    "the TLS certificate of %s could not be verified (%s); storekeys never sends the "
				    "token without verification (use --cacert for a private CA)",
				    origin, detail);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return sk_error_set(err, SK_ERR_NET, "could not resolve the API host of %s (%s); check DNS and the network",
				    origin, detail);
	case CURLE_COULDNT_CONNECT:
		return sk_error_set(err, SK_ERR_NET, "could not connect to %s (%s); check the network or the API origin",
				    origin, detail);
	case CURLE_UNSUPPORTED_PROTOCOL:
		return sk_error_set(err, SK_ERR_NET, "refused to talk to %s: %s", origin, detail);
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return sk_error_set(err, SK_ERR_NET, "the connection to %s broke during %s %s (%s); try again",
				    origin, method_name(r->method), where, detail);
	default:
		return sk_error_set(err, SK_ERR_NET, "%s %s failed: %s", method_name(r->method), where, detail);
	}
}

static enum sk_status http_failure(struct sk_http_req *r, struct sk_error *err)
{
	char server[320] = "";
	char where[280];
	char sep[3] = "";
	long s = r->status;

	url_path(r, where, sizeof where);
	if (r->body != NULL && r->len > 0 && sk_parse_error_body(r->body, r->len, server, sizeof server))
		memcpy(sep, ": ", 3);
	if (s >= 300 && s < 400)
		return sk_error_set(err, SK_ERR_REDIRECT,
				    "the API answered %s %s with a redirect (%ld) to %s; storekeys never follows "
				    "redirects, so check the API origin",
				    method_name(r->method), where, s, r->location[0] ? r->location : "(no Location)");
	switch (s) {
	case 401:
		return sk_error_set(err, SK_ERR_HTTP_401,
				    "BigCommerce rejected this token (was the API account deleted?)");
	case 403:
		if (r->scope_hint != NULL)
			return sk_error_set(err, SK_ERR_HTTP_403,
					    "BigCommerce refused %s (403): the token lacks the \"%s\" scope; scopes "
					    "cannot be changed, so create an API account that has it%s%s",
					    where, r->scope_hint, sep, server);
		return sk_error_set(err, SK_ERR_HTTP_403,
				    "BigCommerce refused %s (403): the token lacks a required scope or the URL is "
				    "wrong%s%s",
				    where, sep, server);
	case 404:
		return sk_error_set(err, SK_ERR_HTTP_404, "not found on BigCommerce (404): %s %s%s%s",
				    method_name(r->method), where, sep, server);
	case 422:
		return sk_error_set(err, SK_ERR_HTTP_422, "BigCommerce refused the data (422)%s%s", sep, server);
	case 429: {
		int64_t wait = sk_http_server_wait_ms(r);

		if (wait > 0)
			return sk_error_set(err, SK_ERR_HTTP_429,
					    "BigCommerce rate limit reached (429); the quota is shared by every app on "
					    "the store, try again in about %lld s",
					    (long long)((wait + 999) / 1000));
		return sk_error_set(err, SK_ERR_HTTP_429,
				    "BigCommerce rate limit reached (429) and retrying did not help; try again later");
	}
	default:
		break;
	}
	if (s >= 500 && s < 600)
		return sk_error_set(err, SK_ERR_HTTP_5XX,
				    "BigCommerce server error %ld on %s %s%s%s; the store may be down for maintenance, "
				    "try again later",
				    s, method_name(r->method), where, sep, server);
	return sk_error_set(err, SK_ERR_HTTP, "unexpected HTTP status %ld from BigCommerce on %s %s%s%s", s,
			    method_name(r->method), where, sep, server);
}

enum sk_status sk_http_req_finish(struct sk_http_req *r, CURLcode result, struct sk_error *err)
{
	enum sk_status st;
	long status = 0;

	r->result = result;
	if (r->easy != NULL)
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
	r->status = status;
	if (r->body == NULL) {
		r->body = sk_xcalloc(1, 1);
		r->cap = 1;
	}
	if (r->cancelled || result == CURLE_ABORTED_BY_CALLBACK)
		st = sk_error_set(err, SK_ERR_CANCELLED, "cancelled");
	else if (r->too_large)
		st = sk_error_set(err, SK_ERR_TOO_LARGE,
				  "the API answer was larger than the limit (%d MiB body, %d KiB headers); storekeys "
				  "stopped reading it",
				  SK_HTTP_BODY_MAX >> 20, SK_HTTP_HEADER_MAX >> 10);
	else if (result != CURLE_OK)
		st = curl_failure(r, result, err);
	else if (status >= 200 && status < 300)
		st = SK_OK;
	else
		st = http_failure(r, err);
	if (r->verbose >= 1) {
		char where[280];

		url_path(r, where, sizeof where);
		fprintf(stderr, "storekeys: %s %s%s -> %ld%s%s, %zu bytes, %lld ms\n", method_name(r->method), origin,
			where, status, st == SK_OK ? "" : " ", st == SK_OK ? "" : sk_status_name(st), r->len,
			(long long)(sk_now_ms() - r->started_ms));
	}
	return st;
}

/* ---- retries --------------------------------------------------------- */

static int64_t jitter(int64_t max)
{
	uint32_t x = 0;

	if (max <= 0 || !sk_random_bytes(&x, sizeof x))
		return 0;
	return (int64_t)(x % (uint64_t)(max + 1));
}

/* 0.5 s, 1 s, 2 s ... plus up to half again, so parallel clients spread out. */
static int64_t backoff_ms(int attempt)
{
	int64_t base = 500LL << (attempt > 1 ? (attempt - 1 > 6 ? 6 : attempt - 1) : 0);

	return base + jitter(base / 2);
}

int64_t sk_http_retry_wait_ms(const struct sk_http_req *r, enum sk_status st, int attempt, int64_t elapsed_ms)
{
	bool idempotent = r->method != SK_HTTP_POST;
	bool never_sent = st == SK_ERR_NET && r->result == CURLE_COULDNT_CONNECT;
	bool transient = st == SK_ERR_TIMEOUT || never_sent ||
			 (st == SK_ERR_NET && (r->result == CURLE_GOT_NOTHING || r->result == CURLE_SEND_ERROR ||
					       r->result == CURLE_RECV_ERROR || r->result == CURLE_PARTIAL_FILE));
	int64_t wait;

	if (attempt >= SK_HTTP_MAX_ATTEMPTS)
		return -1;
	if (st == SK_ERR_HTTP_429) {
		/* A 429 means the request was not executed, so even a POST may be repeated. */
		int64_t server = sk_http_server_wait_ms(r);

		if (server > SK_HTTP_MAX_WAIT_MS)
			return -1; /* e.g. the account API's hourly window: do not sit here for it */
		wait = server >= 0 ? server + jitter(250) : backoff_ms(attempt);
	} else if (idempotent && (transient || r->status == 408 || r->status == 500 || r->status == 502 ||
				  r->status == 503 || r->status == 504)) {
		wait = backoff_ms(attempt);
	} else if (never_sent) {
		wait = backoff_ms(attempt);
	} else {
		return -1;
	}
	wait = sk_http_scale_wait(wait);
	if (elapsed_ms + wait > SK_HTTP_RETRY_BUDGET_MS)
		return -1;
	return wait;
}

static bool cancelled(const struct sk_bc_call *call)
{
	return call != NULL && call->cancel != NULL && __atomic_load_n(call->cancel, __ATOMIC_SEQ_CST) != 0;
}

/* Sleep ms, waking every 100 ms to look at the cancel flag; false when cancelled. */
static bool wait_cancellable(int64_t ms, const struct sk_bc_call *call)
{
	int64_t end = sk_now_ms() + ms;

	for (;;) {
		int64_t left = end - sk_now_ms();
		struct timespec ts;

		if (cancelled(call))
			return false;
		if (left <= 0)
			return true;
		if (left > 100)
			left = 100;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)left * 1000000L;
		nanosleep(&ts, NULL);
	}
}

/* One transfer on a private multi handle, so cancel is polled every 100 ms. */
static CURLcode run_once(struct sk_http_req *r, const struct sk_bc_call *call)
{
	CURLM *m = curl_multi_init();
	CURLcode result = CURLE_OK;
	int running = 1;
	CURLMsg *msg;
	int left;

	if (m == NULL)
		return CURLE_OUT_OF_MEMORY;
	if (share != NULL)
		curl_easy_setopt(r->easy, CURLOPT_SHARE, share);
	if (curl_multi_add_handle(m, r->easy) != CURLM_OK) {
		result = CURLE_OUT_OF_MEMORY;
		goto out;
	}
	while (running) {
		if (cancelled(call)) {
			r->cancelled = true;
			result = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		if (curl_multi_perform(m, &running) != CURLM_OK) {
			result = CURLE_FAILED_INIT;
			break;
		}
		if (running && curl_multi_poll(m, NULL, 0, 100, NULL) != CURLM_OK) {
			result = CURLE_FAILED_INIT;
			break;
		}
	}
	while ((msg = curl_multi_info_read(m, &left)) != NULL)
		if (msg->msg == CURLMSG_DONE && msg->easy_handle == r->easy && !r->cancelled)
			result = msg->data.result;
	curl_multi_remove_handle(m, r->easy);
out:
	curl_easy_setopt(r->easy, CURLOPT_SHARE, (CURLSH *)NULL);
	curl_multi_cleanup(m);
	return result;
}

static void progress(struct sk_bc_call *call, const char *text)
{
	if (call != NULL && call->progress != NULL)
		call->progress(call->ud, text);
}

enum sk_status sk_http_perform(struct sk_http_req *r, struct sk_bc_call *call, struct sk_error *err)
{
	int64_t start = sk_now_ms();
	enum sk_status st = SK_OK;

	for (int attempt = 1;; attempt++) {
		CURLcode rc;
		int64_t wait;
		char text[96];

		if (attempt > 1)
			sk_http_req_rewind(r);
		if (r->verbose >= 2) {
			char where[280];

			url_path(r, where, sizeof where);
			fprintf(stderr, "storekeys: > %s %s%s (attempt %d; X-Auth-Token: ****)\n", method_name(r->method),
				origin, where, attempt);
		}
		rc = run_once(r, call);
		st = sk_http_req_finish(r, rc, err);
		if (call != NULL && st != SK_ERR_CANCELLED) {
			call->requests++;
			call->http_status = (int)r->status;
		}
		if (st == SK_OK || st == SK_ERR_CANCELLED)
			break;
		wait = sk_http_retry_wait_ms(r, st, attempt, sk_now_ms() - start);
		if (wait < 0)
			break;
		if (call != NULL)
			call->retries++;
		if (r->status != 0)
			snprintf(text, sizeof text, "HTTP %ld; retrying in %.1f s (attempt %d of %d)", r->status,
				 (double)wait / 1000.0, attempt + 1, SK_HTTP_MAX_ATTEMPTS);
		else
			snprintf(text, sizeof text, "no answer; retrying in %.1f s (attempt %d of %d)",
				 (double)wait / 1000.0, attempt + 1, SK_HTTP_MAX_ATTEMPTS);
		progress(call, text);
		if (r->verbose >= 1)
			fprintf(stderr, "storekeys: %s\n", text);
		if (!wait_cancellable(wait, call)) {
			st = sk_error_set(err, SK_ERR_CANCELLED, "cancelled");
			break;
		}
	}
	return st;
}

enum sk_status sk_http_store_request(struct sk_http_req *r, enum sk_http_method m, const char *hash, const char *path,
				     const char *token, const char *body, const char *hint, struct sk_bc_call *call,
				     struct sk_error *err)
{
	char *url = NULL;
	enum sk_status st;

	memset(r, 0, sizeof *r);
	r->rate_left = -1;
	st = sk_http_store_url(hash, path, &url, err);
	if (st == SK_OK)
		st = sk_http_req_init(r, m, url, token, body, err);
	free(url);
	if (st != SK_OK)
		return st;
	r->scope_hint = hint;
	return sk_http_perform(r, call, err);
}
