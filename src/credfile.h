/* credfile.h - parse the credentials .txt the BigCommerce control panel downloads. */
#ifndef SK_CREDFILE_H
#define SK_CREDFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "account.h"
#include "error.h"

/* Largest .txt accepted: the real file is a few hundred bytes. */
#define SK_CREDFILE_MAX_BYTES 65536
#define SK_SECRET_MAX 512

struct sk_credfile {
	/*
	 * The account's name: the NAME or CLIENT NAME value when the file has one
	 * of them or both agree; "" when it has neither or they differ.
	 */
	char name[SK_NAME_MAX_BYTES + 1];
	char client_name[SK_NAME_MAX_BYTES + 1]; /* the CLIENT NAME value as written ("" when absent) */
	char name_line[SK_NAME_MAX_BYTES + 1];   /* the NAME value as written ("" when absent) */
	bool names_differ;                       /* both present and different: the person chooses */
	char client_id[SK_CLIENT_ID_MAX + 1];
	char client_secret[SK_SECRET_MAX + 1]; /* wiped by sk_credfile_clear */
	char access_token[SK_SECRET_MAX + 1];  /* wiped by sk_credfile_clear */
	struct sk_api_path path;
};

/*
 * Parse `LABEL: value` lines in any order (labels case-insensitive, CRLF or
 * LF, BOM, blank lines, unknown labels ignored). CLIENT NAME and NAME are
 * two labels: real downloads carry both (docs/bigcommerce.md §5). Values are
 * literal ('#', ':' and quotes are part of them); only surrounding white
 * space and the line ending are trimmed. ACCESS TOKEN, CLIENT ID, CLIENT
 * SECRET and API PATH are required; a name is checked by the caller (a
 * file's name may be replaced with --name). On error the message names the
 * line and the problem and out is wiped.
 */
enum sk_status sk_credfile_parse(const char *buf, size_t len, struct sk_credfile *out, struct sk_error *err);

/* Read and parse a file (refuses non-regular files and files over the cap). */
enum sk_status sk_credfile_read(const char *path, struct sk_credfile *out, struct sk_error *err);

/*
 * Is path the only name of its data, so that deleting it deletes the
 * plaintext? Refuses (SK_ERR_INVALID, saying what would remain and where)
 * a symbolic link, a file with other hard links, or a non-regular file.
 */
enum sk_status sk_credfile_check_sole(const char *path, struct sk_error *err);

/*
 * Delete the file after sk_credfile_check_sole passes again (the file may
 * have changed since): SK_OK only when no other name of the data remains.
 */
enum sk_status sk_credfile_delete(const char *path, struct sk_error *err);

/* Wipe the secrets. */
void sk_credfile_clear(struct sk_credfile *cf);

/*
 * Check a secret or client id typed or pasted by a person: trimmed, 1..max
 * bytes, printable ASCII without spaces (it goes into an HTTP header, R10).
 */
enum sk_status sk_token_check(const char *what, const char *value, struct sk_error *err);

#endif
