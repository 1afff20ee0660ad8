/* credfile.h - parse the credentials .txt the BigCommerce control panel downloads. */
#ifndef SK_CREDFILE_H
#define SK_CREDFILE_H

#include <stddef.h>

#include "account.h"
#include "error.h"

/* Largest .txt accepted: the real file is a few hundred bytes. */
#define SK_CREDFILE_MAX_BYTES 65536
#define SK_SECRET_MAX 512

struct sk_credfile {
	char name[SK_NAME_MAX_BYTES + 1];
	char client_id[SK_CLIENT_ID_MAX + 1];
	char client_secret[SK_SECRET_MAX + 1]; /* wiped by sk_credfile_clear */
	char access_token[SK_SECRET_MAX + 1];  /* wiped by sk_credfile_clear */
	struct sk_api_path path;
};

/*
 * Parse `LABEL: value` lines in any order (labels case-insensitive, CLIENT
 * NAME or NAME, CRLF or LF, BOM, blank lines, unknown labels ignored).
 * ACCESS TOKEN, CLIENT ID, CLIENT SECRET and API PATH are required. On
 * error the message names the line and the problem and out is wiped.
 */
enum sk_status sk_credfile_parse(const char *buf, size_t len, struct sk_credfile *out, struct sk_error *err);

/* Read and parse a file (refuses non-regular files and files over the cap). */
enum sk_status sk_credfile_read(const char *path, struct sk_credfile *out, struct sk_error *err);

/* Wipe the secrets. */
void sk_credfile_clear(struct sk_credfile *cf);

/*
 * Check a secret or client id typed or pasted by a person: trimmed, 1..max
 * bytes, printable ASCII without spaces (it goes into an HTTP header, R10).
 */
enum sk_status sk_token_check(const char *what, const char *value, struct sk_error *err);

#endif
