/* util.h - small string, UTF-8, secret-wiping and time helpers shared by the core. */
#ifndef SK_UTIL_H
#define SK_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Overwrite len bytes at p with zeros in a way the compiler cannot drop. */
void sk_wipe(void *p, size_t len);

/* Wipe a NUL-terminated secret and free it; NULL is fine. */
void sk_secret_free(char *s);

/*
 * Have the kernel back the whole pages inside [p, p + len) in one call (MADV_POPULATE_WRITE,
 * Linux 5.14) instead of one fault per page as they are first written; the contents do not
 * change. Only for memory about to be filled (issue 12: a fault costs about 12 us on the
 * benchmark's VM). Where the kernel refuses, nothing happens.
 */
void sk_prefault(void *p, size_t len);

/* strdup that aborts on out of memory (the only abort in the core). */
char *sk_strdup(const char *s);

/* malloc/calloc/realloc that abort on out of memory. */
void *sk_xmalloc(size_t n);
void *sk_xcalloc(size_t n, size_t size);
void *sk_xrealloc(void *p, size_t n);

/* Copy src into dst[size], always terminated; true when it fitted. */
bool sk_strlcpy(char *dst, const char *src, size_t size);

/* Trim ASCII white space from both ends in place; returns s. */
char *sk_trim(char *s);

/* True when s[0..len) is valid UTF-8 without overlongs or surrogates. */
bool sk_utf8_valid(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string. */
size_t sk_utf8_len(const char *s);

/*
 * Decode one UTF-8 sequence of s (avail bytes): returns its length and sets
 * *cp, or returns 0 (and U+FFFD) for an invalid or cut sequence.
 */
size_t sk_utf8_decode(const char *s, size_t avail, uint32_t *cp);

/* Zero-width, bidi-control and other invisible format characters (shown escaped, ignored in name compares). */
bool sk_cp_invisible(uint32_t cp);

/* Blank characters: ASCII space and tab and the Unicode spaces (no-break, em, ideographic...). */
bool sk_cp_blank(uint32_t cp);

/* True when s contains a C0/C1 control character, DEL or an invalid byte. */
bool sk_has_control(const char *s);

/*
 * Make untrusted text safe for a terminal (R21): control characters become
 * ^X or \xNN, invalid UTF-8 bytes become \xNN, zero-width and bidi
 * characters (sk_cp_invisible) become <U+XXXX>. Writes at most size-1 bytes
 * into out, never cutting a character; returns out.
 */
char *sk_sanitize(const char *in, char *out, size_t size);

/* Format a UNIX time as local "YYYY-MM-DD HH:MM" (or "-" for 0). */
const char *sk_time_str(int64_t t, char *buf, size_t size);

/* Format a duration in seconds as "2m 50s", "1h 3m", "3d 4h". */
const char *sk_duration_str(int64_t seconds, char *buf, size_t size);

/* A short elapsed time: "850 ms" below a second, "12.3 s" above (a fast run never reads "0.0 s"). */
const char *sk_elapsed_str(int64_t ms, char *buf, size_t size);

/* Monotonic clock in milliseconds. */
int64_t sk_now_ms(void);

/* Fill out with n random bytes (getrandom); false on failure. */
bool sk_random_bytes(void *out, size_t n);

/* A random RFC 4122 version 4 UUID as 36 characters plus NUL. */
bool sk_uuid_new(char out[37]);

/* True when s is a canonical lowercase or uppercase 8-4-4-4-12 UUID. */
bool sk_uuid_valid(const char *s);

/* Plausible e-mail address check for notification e-mails (no controls, one @, a dot in the domain). */
bool sk_email_valid(const char *s);

/* At most this many notification e-mails in one list. */
#define SK_EMAILS_MAX 100

/*
 * Parse a list of e-mail addresses separated by commas (semicolons and
 * blanks also separate): each trimmed and checked with sk_email_valid,
 * duplicates (ignoring case) dropped, an empty item between two commas
 * refused. An empty text is an empty list. Free with sk_strv_free.
 */
enum sk_status sk_emails_parse(const char *text, char ***out, size_t *n, struct sk_error *err);

/* "a@x.com, b@y.com" (caller frees). */
char *sk_emails_join(char *const *v, size_t n);

/* Free an array of n strings. */
void sk_strv_free(char **v, size_t n);

#endif
