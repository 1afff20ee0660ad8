/* credfile.c - parse the credentials .txt the BigCommerce control panel downloads. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "credfile.h"
#include "util.h"

enum label { L_TOKEN, L_NAME, L_PATH, L_CLIENT_ID, L_SECRET, L_UNKNOWN };

/* Labels seen in real files (BIGCOMMERCE.md 5): any order, any case. */
static const struct {
	const char *text;
	enum label label;
} labels[] = {
	{"ACCESS TOKEN", L_TOKEN}, {"CLIENT NAME", L_NAME},	{"NAME", L_NAME},
	{"API PATH", L_PATH},	   {"CLIENT ID", L_CLIENT_ID}, {"CLIENT SECRET", L_SECRET},
};

static const char *const label_names[] = {"ACCESS TOKEN", "NAME", "API PATH", "CLIENT ID", "CLIENT SECRET"};

void sk_credfile_clear(struct sk_credfile *cf)
{
	sk_wipe(cf, sizeof *cf);
}

enum sk_status sk_token_check(const char *what, const char *value, struct sk_error *err)
{
	size_t n = strlen(value);

	if (n == 0)
		return sk_error_set(err, SK_ERR_INVALID, "the %s is empty", what);
	if (n > SK_SECRET_MAX)
		return sk_error_set(err, SK_ERR_INVALID, "the %s is longer than %d characters", what, SK_SECRET_MAX);
	/* It goes into an HTTP header: printable ASCII only, never CR/LF (R10). */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c <= ' ' || c >= 0x7f)
			return sk_error_set(err, SK_ERR_INVALID,
					    "the %s contains a space, control or non-ASCII character at position %zu", what,
					    i + 1);
	}
	return SK_OK;
}

static enum label match_label(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strlen(labels[i].text) == n && strncasecmp(labels[i].text, s, n) == 0)
			return labels[i].label;
	return L_UNKNOWN;
}

/* Store value (already trimmed) into its field, checking it. */
static enum sk_status take(struct sk_credfile *out, enum label l, const char *v, unsigned line,
			   struct sk_error *err)
{
	struct sk_error sub;
	enum sk_status st = SK_OK;

	switch (l) {
	case L_TOKEN:
		st = sk_token_check("access token", v, &sub);
		if (st == SK_OK)
			sk_strlcpy(out->access_token, v, sizeof out->access_token);
		break;
	case L_SECRET:
		st = sk_token_check("client secret", v, &sub);
		if (st == SK_OK)
			sk_strlcpy(out->client_secret, v, sizeof out->client_secret);
		break;
	case L_CLIENT_ID:
		st = sk_token_check("client id", v, &sub);
		if (st == SK_OK && strlen(v) > SK_CLIENT_ID_MAX)
			st = sk_error_set(&sub, SK_ERR_INVALID, "the client id is longer than %d characters",
					  SK_CLIENT_ID_MAX);
		if (st == SK_OK)
			sk_strlcpy(out->client_id, v, sizeof out->client_id);
		break;
	case L_NAME:
		st = sk_name_check(v, out->name, &sub);
		break;
	case L_PATH:
		st = sk_api_path_parse(v, &out->path, &sub);
		break;
	case L_UNKNOWN:
		break;
	}
	if (st != SK_OK)
		return sk_error_set(err, SK_ERR_INVALID, "line %u: %s", line, sub.msg);
	return SK_OK;
}

enum sk_status sk_credfile_parse(const char *buf, size_t len, struct sk_credfile *out, struct sk_error *err)
{
	bool seen[L_UNKNOWN] = {false};
	const char *p = buf, *end = buf + len;
	unsigned line = 0;
	char tmp[SK_SECRET_MAX * 2 + 64];
	enum sk_status st = SK_OK;

	memset(out, 0, sizeof *out);
	if (len > SK_CREDFILE_MAX_BYTES)
		return sk_error_set(err, SK_ERR_INVALID, "the file is larger than %d bytes; it is not a credentials file",
				    SK_CREDFILE_MAX_BYTES);
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && st == SK_OK) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *colon;
		size_t n = (size_t)(le - p);
		enum label l;

		line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n >= sizeof tmp) {
			st = sk_error_set(err, SK_ERR_INVALID, "line %u is too long", line);
			break;
		}
		memcpy(tmp, p, n);
		tmp[n] = '\0';
		p = nl ? nl + 1 : end;
		if (memchr(tmp, '\0', n) != NULL) {
			st = sk_error_set(err, SK_ERR_INVALID, "line %u contains a NUL byte", line);
			break;
		}
		sk_trim(tmp);
		if (tmp[0] == '\0')
			continue;
		colon = strchr(tmp, ':');
		if (colon == NULL) {
			st = sk_error_set(err, SK_ERR_INVALID, "line %u has no \"LABEL: value\" form", line);
			break;
		}
		{
			size_t ln = (size_t)(colon - tmp);

			while (ln > 0 && isspace((unsigned char)tmp[ln - 1]))
				ln--;
			l = match_label(tmp, ln);
		}
		if (l == L_UNKNOWN)
			continue;
		if (seen[l]) {
			st = sk_error_set(err, SK_ERR_INVALID, "line %u repeats %s", line, label_names[l]);
			break;
		}
		seen[l] = true;
		{
			char *v = (char *)colon + 1;
			char *hash = strstr(v, " #");

			/* The docs annotate values with "# ..."; values themselves never contain " #". */
			if (hash != NULL)
				*hash = '\0';
			sk_trim(v);
			st = take(out, l, v, line, err);
		}
	}
	sk_wipe(tmp, sizeof tmp);
	for (int l = 0; st == SK_OK && l < L_UNKNOWN; l++) {
		if (!seen[l] && l != L_NAME)
			st = sk_error_set(err, SK_ERR_INVALID, "the file has no %s line; is it a BigCommerce credentials file?",
					  label_names[l]);
	}
	if (st != SK_OK)
		sk_credfile_clear(out);
	return st;
}

enum sk_status sk_credfile_read(const char *path, struct sk_credfile *out, struct sk_error *err)
{
	char *buf;
	struct stat st;
	ssize_t r;
	size_t n = 0;
	int fd;
	enum sk_status s;

	memset(out, 0, sizeof *out);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return sk_error_set(err, SK_ERR_INVALID, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return sk_error_set(err, SK_ERR_INVALID, "%s is not a regular file", path);
	}
	if (st.st_size > SK_CREDFILE_MAX_BYTES) {
		close(fd);
		return sk_error_set(err, SK_ERR_INVALID, "%s is larger than %d bytes; it is not a credentials file", path,
				    SK_CREDFILE_MAX_BYTES);
	}
	buf = sk_xmalloc(SK_CREDFILE_MAX_BYTES + 1);
	while ((r = read(fd, buf + n, SK_CREDFILE_MAX_BYTES + 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	if (r < 0) {
		free(buf);
		return sk_error_set(err, SK_ERR_IO, "cannot read %s: %s", path, strerror(errno));
	}
	s = sk_credfile_parse(buf, n, out, err);
	sk_wipe(buf, n);
	free(buf);
	if (s != SK_OK)
		sk_error_prefix(err, "%s", path);
	return s;
}
