/* error.h - status codes, exit codes and the error sentence every core call fills. */
#ifndef SK_ERROR_H
#define SK_ERROR_H

#include <stddef.h>

/*
 * One table for every outcome: the enum, the process exit code and the
 * one-line description printed by `storekeys --help` and the man page.
 * Exit codes are grouped: 1-9 general, 10-19 keyring, 20-29 registry,
 * 30-39 network, 40-49 HTTP answers, 50-59 partial results.
 */
#define SK_STATUS_TABLE(X)                                                          \
	X(SK_OK, 0, "success")                                                      \
	X(SK_ERR_INTERNAL, 1, "internal error or out of memory")                    \
	X(SK_ERR_USAGE, 2, "bad command line")                                      \
	X(SK_ERR_INVALID, 3, "invalid input (name, API path, .txt file, e-mail)")   \
	X(SK_ERR_NOT_FOUND, 4, "no such account or webhook")                        \
	X(SK_ERR_EXISTS, 5, "an account with that name already exists")             \
	X(SK_ERR_LIMIT, 6, "the store already has 50 store-level accounts")         \
	X(SK_ERR_AMBIGUOUS, 7, "the account name matches several accounts")         \
	X(SK_ERR_CANCELLED, 8, "cancelled by the user")                             \
	X(SK_ERR_KEYRING_UNAVAILABLE, 10, "no D-Bus session or no Secret Service")  \
	X(SK_ERR_KEYRING_LOCKED, 11, "the keyring is locked or the unlock was dismissed") \
	X(SK_ERR_KEYRING_TIMEOUT, 12, "the keyring did not answer in time")         \
	X(SK_ERR_KEYRING_MISSING, 13, "a secret is missing from the keyring")       \
	X(SK_ERR_KEYRING, 14, "the keyring refused the request")                    \
	X(SK_ERR_REGISTRY_CORRUPT, 20, "the registry file is corrupt (moved aside)") \
	X(SK_ERR_REGISTRY_NEWER, 21, "the registry was written by a newer storekeys") \
	X(SK_ERR_REGISTRY_UNSAFE, 22, "the registry file or directory is unsafe")   \
	X(SK_ERR_REGISTRY_BUSY, 23, "another storekeys holds the registry lock")    \
	X(SK_ERR_IO, 24, "a file could not be read or written")                     \
	X(SK_ERR_NET, 30, "could not reach the API (DNS, connect)")                 \
	X(SK_ERR_TLS, 31, "TLS certificate verification failed")                    \
	X(SK_ERR_TIMEOUT, 32, "the API did not answer in time")                     \
	X(SK_ERR_REDIRECT, 33, "the API answered with a redirect (not followed)")   \
	X(SK_ERR_TOO_LARGE, 34, "the API response was too large")                   \
	X(SK_ERR_BAD_RESPONSE, 35, "the API response was malformed")                \
	X(SK_ERR_HTTP_401, 40, "BigCommerce rejected the token (401)")              \
	X(SK_ERR_HTTP_403, 41, "the token lacks a scope (403)")                     \
	X(SK_ERR_HTTP_404, 42, "not found on BigCommerce (404)")                    \
	X(SK_ERR_HTTP_422, 43, "BigCommerce refused the data (422)")                \
	X(SK_ERR_HTTP_429, 44, "rate limited by BigCommerce (429)")                 \
	X(SK_ERR_HTTP_5XX, 45, "BigCommerce server error (5xx)")                    \
	X(SK_ERR_HTTP, 46, "unexpected HTTP status")                                \
	X(SK_ERR_PARTIAL, 50, "some accounts could not be checked (partial result)") \
	X(SK_ERR_INCONSISTENT, 51, "keyring and registry disagree (see doctor --fix)") \
	X(SK_ERR_FINDINGS, 52, "the audit found problems")                          \
	X(SK_ERR_ROTATE_PARTIAL, 53, "the rotation is partly done; run it again to continue") \
	X(SK_ERR_ROTATE_NOTHING, 54, "the rotation changed nothing (no replacement yet, or it stopped first)")

enum sk_status {
#define SK_X_ENUM(name, code, desc) name,
	SK_STATUS_TABLE(SK_X_ENUM)
#undef SK_X_ENUM
	SK_STATUS_COUNT
};

#define SK_ERROR_MSG_MAX 512

/* An error: what went wrong (code) and a sentence a person can act on. */
struct sk_error {
	enum sk_status code;
	char msg[SK_ERROR_MSG_MAX];
};

/* Set err (may be NULL) to code and a printf-style sentence; returns code. */
enum sk_status sk_error_set(struct sk_error *err, enum sk_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the existing message of err with a printf-style context. */
void sk_error_prefix(struct sk_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append a printf-style tail to the existing message of err (cut at the buffer's end). */
void sk_error_suffix(struct sk_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reset err to SK_OK with an empty message. */
void sk_error_clear(struct sk_error *err);

/* The process exit code for a status. */
int sk_status_exit_code(enum sk_status code);

/* The short description of a status (from the table). */
const char *sk_status_describe(enum sk_status code);

/* The enum's name without the SK_ prefix, e.g. "ERR_HTTP_401" (for --json). */
const char *sk_status_name(enum sk_status code);

#endif
