/* bc_parse.h - strict parsers for BigCommerce API answers: bytes in, structs out, no network (fuzzable). */
#ifndef SK_BC_PARSE_H
#define SK_BC_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bc.h"
#include "error.h"

/*
 * Limits (R20). Input bytes, nesting, elements per array, bytes per
 * string, custom headers per hook (BigCommerce allows 64), pages.
 */
#define SK_PARSE_MAX_BYTES (8 * 1024 * 1024)
#define SK_PARSE_MAX_DEPTH 64
#define SK_PARSE_MAX_ITEMS 10000
#define SK_PARSE_MAX_STRING 8192
#define SK_PARSE_MAX_HEADERS 64
#define SK_PARSE_MAX_PAGES 1000

/*
 * Every parser: buf[0..len) need not be NUL-terminated. The JSON must be
 * one value with nothing after it, valid UTF-8 without NUL (raw or
 * \u0000), nested at most SK_PARSE_MAX_DEPTH deep, without duplicate
 * keys and without numbers outside the double range. Known fields are
 * type-checked, unknown fields ignored, optional fields may be missing or
 * null. Ids and times are integral and below 2^53. Any violation is
 * SK_ERR_BAD_RESPONSE with a message naming the field; outputs are then
 * left empty.
 *
 * Strings from the server are stored RAW (valid UTF-8 without NUL, but
 * possibly with control characters) in struct sk_webhook,
 * sk_hooks_admin, sk_metafield and sk_script: sanitize them (sk_sanitize) before
 * display. sk_store_info, the account answer and error summaries are
 * sanitized here already.
 */

/*
 * GET /v3/hooks page: {"data":[webhook...], "meta":{"pagination":{...}}}.
 * *hooks (free with sk_webhooks_free) and *n; *total_pages from
 * meta.pagination.total_pages (1 when absent, 0 for an empty list).
 */
enum sk_status sk_parse_hooks_page(const char *buf, size_t len, struct sk_webhook **hooks, size_t *n,
				   int *total_pages, struct sk_error *err);

/* One webhook, wrapped {"data":{...},"meta":{}} or bare {...} (the docs show both). Clear with sk_webhook_clear. */
enum sk_status sk_parse_hook(const char *buf, size_t len, struct sk_webhook *out, struct sk_error *err);

/*
 * GET /v3/hooks/admin: data.emails, data.hooks_list, data.blocked_domains
 * (fetched_at set to sk_now_ms()). out must be zeroed; clear with
 * sk_hooks_admin_clear. total_pages as above (may be NULL).
 */
enum sk_status sk_parse_hooks_admin(const char *buf, size_t len, struct sk_hooks_admin *out, int *total_pages,
				    struct sk_error *err);

/* GET /v2/store, a bare object; "id" (the store hash) is required. */
enum sk_status sk_parse_store_info(const char *buf, size_t len, struct sk_store_info *out, struct sk_error *err);

/* The account GraphQL answer {"data":{"account":{"id","accountInfo":{"name"}}},"errors":[...]}. */
struct sk_account_answer {
	bool has_account;   /* data.account was an object */
	char id[128];       /* "bc/account/account/{uuid}", sanitized */
	char name[128];     /* accountInfo.name, sanitized */
	char errors[256];   /* the GraphQL errors' messages joined, sanitized; "" when none */
};
enum sk_status sk_parse_account_answer(const char *buf, size_t len, struct sk_account_answer *out,
				       struct sk_error *err);

/*
 * A metafield list page (v3, any resource). Only metafields whose
 * owner_client_id equals owner are kept (owner NULL keeps all). The id
 * and resource_id may be whole numbers or strings (the official spec
 * types store and cart metafield ids as strings); both are kept as text.
 * Appends to *out and *n (free with sk_metafields_free).
 */
enum sk_status sk_parse_metafields_page(const char *buf, size_t len, const char *owner, struct sk_metafield **out,
					size_t *n, int *total_pages, struct sk_error *err);

/*
 * A GET /v3/content/scripts page: {"data":[script...],"meta":{"pagination"}}.
 * "uuid" is required. Scripts whose api_client_id is another client are
 * dropped (owner NULL keeps all; a blank creator is kept). Appends to
 * *out and *n (free with sk_scripts_free).
 */
enum sk_status sk_parse_scripts_page(const char *buf, size_t len, const char *owner, struct sk_script **out,
				     size_t *n, int *total_pages, struct sk_error *err);

/*
 * Summarize an error body for a message: v3 {"status","title","errors":{field:msg}},
 * v2 [{"status","message"}], legacy {"error":"..."}, GraphQL {"errors":[{"message"}]},
 * or a short single line of plain text. Sanitized into out. False when
 * nothing useful was found (out is then "").
 */
bool sk_parse_error_body(const char *buf, size_t len, char *out, size_t size);

/* Free what one webhook owns and zero it. */
void sk_webhook_clear(struct sk_webhook *h);

#endif
