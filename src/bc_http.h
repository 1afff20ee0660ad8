/* bc_http.h - one careful libcurl request: safe options, bounded size and time, retries, error sentences. */
#ifndef SK_BC_HTTP_H
#define SK_BC_HTTP_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bc.h"
#include "error.h"

/* Response caps (R12): decoded body bytes and total header bytes per response. */
#define SK_HTTP_BODY_MAX (8 * 1024 * 1024)
#define SK_HTTP_HEADER_MAX (64 * 1024)
/* Time bounds (R11); STOREKEYS_TEST_HTTP_TIMEOUT_MS can only shorten SK_HTTP_TIMEOUT_MS. */
#define SK_HTTP_CONNECT_TIMEOUT_MS 10000
#define SK_HTTP_TIMEOUT_MS 60000
#define SK_HTTP_LOW_SPEED_BYTES 64
#define SK_HTTP_LOW_SPEED_SECONDS 20
/* Retries (R13): attempts in all, and the time budget across them. */
#define SK_HTTP_MAX_ATTEMPTS 4
#define SK_HTTP_RETRY_BUDGET_MS 60000
/* A server-requested wait is clamped to this; a longer one is not waited for at all. */
#define SK_HTTP_MAX_WAIT_MS 60000
/*
 * Waits a header may state are kept up to this (31 days) and saturate
 * there, so "forever" stays a number that arithmetic cannot overflow.
 */
#define SK_HTTP_HEADER_WAIT_MAX_MS (31LL * 24 * 3600 * 1000)
/* Longest access token accepted into the X-Auth-Token header. */
#define SK_HTTP_TOKEN_MAX 512
#define SK_HTTP_URL_MAX 2048

enum sk_http_method { SK_HTTP_GET, SK_HTTP_PUT, SK_HTTP_POST, SK_HTTP_DELETE };

/*
 * Test knobs, read at every request and valid in every build because they
 * can only shorten waits, never relax a check:
 *   STOREKEYS_TEST_FAST_RETRY=1        retry waits 100 times shorter
 *   STOREKEYS_TEST_HTTP_TIMEOUT_MS=N   total (and connect) timeout N ms when below 60 s
 *
 * Driving many requests from your own curl multi loop:
 *   sk_http_req_init(&r, SK_HTTP_GET, url, token, NULL, &err);
 *   (optionally set CURLOPT_PIPEWAIT etc. on r.easy)
 *   curl_multi_add_handle(multi, r.easy);
 *   ... curl_multi_poll(multi, NULL, 0, 100, NULL) and check your cancel flag ...
 *   on CURLMSG_DONE: curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &rp);
 *     curl_multi_remove_handle(multi, rp->easy);
 *     st = sk_http_req_finish(rp, msg->data.result, &err);
 *     wait = st == SK_OK ? -1 : sk_http_retry_wait_ms(rp, st, attempt, now - first_start);
 *     if (wait >= 0) { after wait ms: sk_http_req_rewind(rp); curl_multi_add_handle(multi, rp->easy); }
 *     else { parse rp->body / rp->len with sk_parse_*; sk_http_req_clear(rp); }
 * To cancel one: curl_multi_remove_handle, then sk_http_req_clear.
 * The easy handles carry no share; one multi handle owns their connections.
 */

/*
 * One request and its response. Fill it with sk_http_req_init, run the
 * easy handle (sk_http_perform, or your own multi loop), then call
 * sk_http_req_finish. Public fields are read-only for callers except
 * scope_hint.
 */
struct sk_http_req {
	CURL *easy;                  /* configured easy handle; CURLOPT_PRIVATE points at this struct */
	enum sk_http_method method;
	const char *scope_hint;      /* resource named in a 403 message ("Information & settings"), or NULL */

	/* the response, valid after sk_http_req_finish */
	long status;                 /* HTTP status, 0 when no answer */
	char *body;                  /* decoded body, always NUL-terminated (may hold NULs itself) */
	size_t len;
	int rate_left;               /* X-Rate-Limit-Requests-Left, -1 unknown */
	int64_t reset_ms;            /* X-Rate-Limit-Time-Reset-Ms (<= SK_HTTP_HEADER_WAIT_MAX_MS), -1 unknown */
	int64_t retry_after_s;       /* X-Retry-After (or Retry-After in seconds, same cap), -1 unknown */
	char location[256];          /* Location of a 3xx, sanitized */
	CURLcode result;             /* the transfer result given to finish */

	/* private */
	size_t cap;
	size_t header_bytes;
	bool too_large;
	bool cancelled;
	int verbose;
	int64_t started_ms;
	struct curl_slist *headers;  /* wiped before free: one entry holds the token */
	char *url;
	char errbuf[CURL_ERROR_SIZE];
};

/*
 * Prepare r: check the token (1..512 printable ASCII, no spaces or
 * controls: R10) and that url starts with the configured origin, then
 * build an easy handle with every safety option (TLS verified, https
 * only unless the origin is loopback http, no redirects, timeouts, size
 * caps, gzip). body (JSON text) is copied; NULL for none. Nothing touches
 * the network here. On failure r is left cleared (sk_http_req_clear safe).
 */
enum sk_status sk_http_req_init(struct sk_http_req *r, enum sk_http_method method, const char *url,
				const char *token, const char *body, struct sk_error *err);

/* Forget the response so the same handle can be performed again (a retry). */
void sk_http_req_rewind(struct sk_http_req *r);

/*
 * Turn a finished transfer into a status: result is the CURLcode from
 * curl_easy_perform or CURLMsg.data.result. 2xx is SK_OK; every other
 * outcome gets a sentence in err naming what to do (never the token;
 * server text sanitized). Fills status and the rate-limit fields.
 */
enum sk_status sk_http_req_finish(struct sk_http_req *r, CURLcode result, struct sk_error *err);

/*
 * The retry policy (R13) for a multi loop: after attempt number `attempt`
 * (1-based) ended with st, started elapsed_ms ago in all, how many ms to
 * wait before trying again, or -1 for no retry. GET/PUT/DELETE retry on
 * 408/429/5xx(500,502,503,504), timeouts and failed connects; POST only
 * on a 429 or a connect that never happened. Never 401/403/404/422.
 */
int64_t sk_http_retry_wait_ms(const struct sk_http_req *r, enum sk_status st, int attempt, int64_t elapsed_ms);

/*
 * Blocking: run r with retries (at most SK_HTTP_MAX_ATTEMPTS within
 * SK_HTTP_RETRY_BUDGET_MS), polling call->cancel every <= 100 ms during
 * transfers and waits. Counts requests/retries/http_status into call
 * (may be NULL). Returns like sk_http_req_finish.
 */
enum sk_status sk_http_perform(struct sk_http_req *r, struct sk_bc_call *call, struct sk_error *err);

/*
 * sk_http_req_init + sk_http_perform for a store path (see sk_http_store_url), with hint as
 * r->scope_hint. r is zeroed first, so it can be cleared whatever the outcome.
 */
enum sk_status sk_http_store_request(struct sk_http_req *r, enum sk_http_method m, const char *hash, const char *path,
				     const char *token, const char *body, const char *hint, struct sk_bc_call *call,
				     struct sk_error *err);

/* Free everything r owns; the token header is wiped first. */
void sk_http_req_clear(struct sk_http_req *r);

/*
 * URL builders on the configured origin. Store: ORIGIN/stores/HASH + path
 * (path starts with /v2/ or /v3/); hash must be [a-z0-9]{1,32}. Account:
 * ORIGIN/accounts/UUID/graphql. Result is malloc'd (caller frees).
 */
enum sk_status sk_http_store_url(const char *hash, const char *path, char **out, struct sk_error *err);
enum sk_status sk_http_account_url(const char *uuid, char **out, struct sk_error *err);

/*
 * Parse the number in a response header value (s, n bytes, not
 * NUL-terminated): optional blanks, decimal digits only (no sign, no
 * "0x", no blanks inside), optional blanks. A value above max, even one
 * beyond 64 bits, gives max (servers asking for "forever" get the cap).
 * False, *out untouched, for anything else: empty, "-1", "+5", "1e3",
 * "12abc", "1 2". Every header number goes through this one function.
 */
bool sk_http_header_number(const char *s, size_t n, int64_t max, int64_t *out);

/*
 * The wait the server asked for in r's last answer, in ms: the larger of
 * X-Rate-Limit-Time-Reset-Ms and X-Retry-After (or Retry-After), at most
 * SK_HTTP_HEADER_WAIT_MAX_MS; -1 when it named none. Callers clamp it to
 * SK_HTTP_MAX_WAIT_MS or refuse to wait (R13).
 */
int64_t sk_http_server_wait_ms(const struct sk_http_req *r);

/* Milliseconds to sleep scaled by STOREKEYS_TEST_FAST_RETRY (1 = 100 times shorter). */
int64_t sk_http_scale_wait(int64_t ms);

/*
 * Load libcurl (curl_dl.h) and initialise it once per process. Every
 * request does this itself; code that drives curl directly (the audit's
 * multi handle) calls it first. SK_ERR_INTERNAL with the reason when
 * libcurl cannot be loaded.
 */
enum sk_status sk_http_ready(struct sk_error *err);

/* Release the process-wide curl state (call once at exit; optional). */
void sk_http_global_cleanup(void);

#endif
