/* credfile.c - parse the credentials .txt the BigCommerce control panel downloads. */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
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

enum label { L_TOKEN, L_CLIENT_NAME, L_NAME, L_PATH, L_CLIENT_ID, L_SECRET, L_UNKNOWN };

/*
 * Labels seen in real files (docs/bigcommerce.md §5): any order, any case. Real
 * downloads carry both CLIENT NAME and NAME, so they are two labels.
 */
static const char *const label_names[] = {"ACCESS TOKEN", "CLIENT NAME", "NAME", "API PATH", "CLIENT ID",
					  "CLIENT SECRET"};

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

/* The label of s[0..n): case-insensitive; a run of blanks, '_' or '-' counts as one space. */
static enum label match_label(const char *s, size_t n)
{
	char norm[32];
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == ' ' || c == '\t' || c == '_' || c == '-') {
			if (o == 0 || norm[o - 1] == ' ')
				continue;
			c = ' ';
		}
		if (o + 1 >= sizeof norm)
			return L_UNKNOWN;
		norm[o++] = (char)toupper((unsigned char)c);
	}
	while (o > 0 && norm[o - 1] == ' ')
		o--;
	norm[o] = '\0';
	for (size_t l = 0; l < L_UNKNOWN; l++)
		if (strcmp(label_names[l], norm) == 0)
			return (enum label)l;
	return L_UNKNOWN;
}

/* A name value: kept as written (trimmed); the name rules are checked where it is used. */
static enum sk_status take_name(char *dst, size_t size, const char *v, struct sk_error *err)
{
	if (strlen(v) >= size)
		return sk_error_set(err, SK_ERR_INVALID, "the name is longer than %d characters", SK_NAME_MAX_CHARS);
	if (!sk_utf8_valid(v, strlen(v)))
		return sk_error_set(err, SK_ERR_INVALID, "the name is not valid UTF-8");
	if (sk_has_control(v))
		return sk_error_set(err, SK_ERR_INVALID, "the name contains a control character");
	memcpy(dst, v, strlen(v) + 1);
	return SK_OK;
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
	case L_CLIENT_NAME:
		st = take_name(out->client_name, sizeof out->client_name, v, &sub);
		break;
	case L_NAME:
		st = take_name(out->name_line, sizeof out->name_line, v, &sub);
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
			/* Values are literal: a name may hold '#', ':' or quotes (Order sync #2). */
			char *v = (char *)colon + 1;

			sk_trim(v);
			st = take(out, l, v, line, err);
		}
	}
	sk_wipe(tmp, sizeof tmp);
	for (int l = 0; st == SK_OK && l < L_UNKNOWN; l++) {
		if (!seen[l] && l != L_NAME && l != L_CLIENT_NAME)
			st = sk_error_set(err, SK_ERR_INVALID, "the file has no %s line; is it a BigCommerce credentials file?",
					  label_names[l]);
	}
	if (st == SK_OK) {
		/* Both labels normally carry the same name; when they differ the person chooses. */
		if (out->client_name[0] && out->name_line[0] && strcmp(out->client_name, out->name_line) != 0)
			out->names_differ = true;
		else
			sk_strlcpy(out->name, out->client_name[0] ? out->client_name : out->name_line, sizeof out->name);
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

/* Other names of inode st found in path's own directory, as "a, b" (best effort). */
static void same_dir_links(const char *path, const struct stat *st, char *out, size_t size)
{
	char dir[PATH_MAX], base[PATH_MAX];
	DIR *d;
	struct dirent *e;

	out[0] = '\0';
	sk_strlcpy(dir, path, sizeof dir);
	sk_strlcpy(base, path, sizeof base);
	d = opendir(dirname(dir));
	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat o;

		if (strcmp(e->d_name, basename(base)) == 0 ||
		    fstatat(dirfd(d), e->d_name, &o, AT_SYMLINK_NOFOLLOW) != 0 || o.st_ino != st->st_ino ||
		    o.st_dev != st->st_dev)
			continue;
		if (strlen(out) + strlen(dir) + strlen(e->d_name) + 8 >= size)
			break;
		snprintf(out + strlen(out), size - strlen(out), "%s%s/%s", out[0] ? ", " : "", dir, e->d_name);
	}
	closedir(d);
}

enum sk_status sk_credfile_check_sole(const char *path, struct sk_error *err)
{
	struct stat ls, fs;
	int fd;

	if (lstat(path, &ls) != 0)
		return sk_error_set(err, SK_ERR_INVALID, "cannot check %s: %s", path, strerror(errno));
	if (S_ISLNK(ls.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(path, target, sizeof target - 1);

		target[n > 0 ? n : 0] = '\0';
		return sk_error_set(err, SK_ERR_INVALID,
				    "%s is a symbolic link to %s: deleting the link would leave the secrets in %s; "
				    "give the file's real path, or import without --delete-file and delete it yourself",
				    path, target[0] ? target : "(unreadable)", target[0] ? target : "the target");
	}
	/* O_NOFOLLOW: the name checked above is the one opened, even if it was swapped meanwhile. */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return sk_error_set(err, SK_ERR_INVALID, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &fs) != 0 || !S_ISREG(fs.st_mode) || fs.st_ino != ls.st_ino || fs.st_dev != ls.st_dev) {
		close(fd);
		return sk_error_set(err, SK_ERR_INVALID, "%s is not a regular file (or changed while checked)", path);
	}
	close(fd);
	if (fs.st_nlink != 1) {
		char others[1024];

		same_dir_links(path, &fs, others, sizeof others);
		return sk_error_set(err, SK_ERR_INVALID,
				    "%s has %lu other hard link(s) (%s%s): deleting it would leave the secrets "
				    "there; import without --delete-file and delete every link yourself",
				    path, (unsigned long)fs.st_nlink - 1, others[0] ? others : "elsewhere on this file system",
				    others[0] ? "" : "; find them with find -samefile");
	}
	return SK_OK;
}

enum sk_status sk_credfile_delete(const char *path, struct sk_error *err)
{
	enum sk_status st = sk_credfile_check_sole(path, err);

	if (st != SK_OK)
		return st;
	if (unlink(path) != 0)
		return sk_error_set(err, SK_ERR_IO, "could not delete %s: %s", path, strerror(errno));
	return SK_OK;
}
