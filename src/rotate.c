/* rotate.c - rotating a store-level API account: the plan, the stored progress and the carry-over. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <strings.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "bc_parse.h"
#include "rotate.h"
#include "util.h"

#define STATE_PREFIX "rotate-"
/* reassignMetafieldsOwner ids per request */
#define REASSIGN_BATCH 50

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = sk_xmalloc(n);

	memcpy(d, s, n);
	return d;
}

static bool has_scope(const struct sk_account *a, const char *scope)
{
	for (size_t i = 0; i < a->nscopes && a->scopes != NULL && a->scopes[i] != NULL; i++)
		if (strcmp(a->scopes[i], scope) == 0)
			return true;
	return false;
}

static void progress(struct sk_bc_call *call, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void progress(struct sk_bc_call *call, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	if (call == NULL || call->progress == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	call->progress(call->ud, text);
}

static bool cancelled(struct sk_bc_call *call, struct sk_error *err)
{
	if (call != NULL && call->cancel != NULL && *call->cancel) {
		sk_error_set(err, SK_ERR_CANCELLED, "cancelled; run the rotation again to continue where it stopped");
		return true;
	}
	return false;
}

/* ---- the state file --------------------------------------------------- */

bool sk_rotate_state_path(const char *dir, const char *old_id, char *out, size_t size)
{
	int n;

	/* local ids are UUIDs; anything else would let the name escape the directory */
	if (old_id == NULL || !sk_uuid_valid(old_id))
		return false;
	n = snprintf(out, size, "%s/" STATE_PREFIX "%s.json", dir, old_id);
	return n > 0 && (size_t)n < size;
}

void sk_rotate_state_clear(struct sk_rotate_state *st)
{
	for (size_t i = 0; i < st->nhooks; i++) {
		free(st->hooks[i].from);
		free(st->hooks[i].to);
	}
	free(st->hooks);
	for (size_t i = 0; i < st->nscripts; i++) {
		free(st->scripts[i].from);
		free(st->scripts[i].to);
	}
	free(st->scripts);
	sk_strv_free(st->metafields, st->nmetafields);
	cJSON_Delete(st->extra);
	memset(st, 0, sizeof *st);
}

static cJSON *pairs_json(const struct sk_rot_pair *p, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "old", p[i].from);
		cJSON_AddStringToObject(o, "new", p[i].to);
		cJSON_AddItemToArray(arr, o);
	}
	return arr;
}

char *sk_rotate_state_to_json(const struct sk_rotate_state *st)
{
	cJSON *root = st->extra ? cJSON_Duplicate(st->extra, true) : cJSON_CreateObject();
	cJSON *mf = cJSON_CreateArray();
	char *out;

	cJSON_AddNumberToObject(root, "schema", SK_ROTATE_SCHEMA);
	cJSON_AddStringToObject(root, "old_id", st->old_id);
	cJSON_AddStringToObject(root, "new_id", st->new_id);
	cJSON_AddItemToObject(root, "hooks", pairs_json(st->hooks, st->nhooks));
	cJSON_AddBoolToObject(root, "emails_copied", st->emails_copied);
	cJSON_AddItemToObject(root, "scripts", pairs_json(st->scripts, st->nscripts));
	for (size_t i = 0; i < st->nmetafields; i++)
		cJSON_AddItemToArray(mf, cJSON_CreateString(st->metafields[i]));
	cJSON_AddItemToObject(root, "metafields", mf);
	cJSON_AddBoolToObject(root, "confirmed", st->confirmed);
	out = cJSON_Print(root);
	cJSON_Delete(root);
	if (out == NULL)
		abort(); /* out of memory: like sk_xmalloc */
	return out;
}

static bool short_text(const cJSON *j, size_t max)
{
	return cJSON_IsString(j) && strlen(j->valuestring) <= max && !sk_has_control(j->valuestring) &&
	       sk_utf8_valid(j->valuestring, strlen(j->valuestring));
}

static enum sk_status damaged(struct sk_error *err, const char *what)
{
	return sk_error_set(err, SK_ERR_INVALID, "the rotation state is damaged (%s)", what);
}

static enum sk_status parse_pairs(const cJSON *arr, const char *name, struct sk_rot_pair **out, size_t *n,
				  struct sk_error *err)
{
	const cJSON *o;

	if (!cJSON_IsArray(arr))
		return damaged(err, name);
	cJSON_ArrayForEach(o, arr)
	{
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "old");
		const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "new");

		if (!cJSON_IsObject(o) || !short_text(f, 64) || !short_text(t, 64) || f->valuestring[0] == '\0')
			return damaged(err, name);
		*out = sk_xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[*n].from = xstrdup(f->valuestring);
		(*out)[*n].to = xstrdup(t->valuestring);
		(*n)++;
	}
	return SK_OK;
}

enum sk_status sk_rotate_state_parse(const char *buf, size_t len, struct sk_rotate_state *st, struct sk_error *err)
{
	cJSON *root;
	const cJSON *j, *o;
	enum sk_status stt = SK_OK;
	static const char *const known[] = {"schema", "old_id", "new_id", "hooks", "emails_copied",
					    "scripts", "metafields", "confirmed"};

	memset(st, 0, sizeof *st);
	if (len == 0 || strlen(buf) != len || !sk_utf8_valid(buf, len))
		return damaged(err, "not JSON text");
	root = cJSON_ParseWithLength(buf, len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return damaged(err, "not a JSON object");
	}
	j = cJSON_GetObjectItemCaseSensitive(root, "schema");
	if (!cJSON_IsNumber(j) || j->valuedouble < 1 || j->valuedouble != (double)(int)j->valuedouble) {
		stt = damaged(err, "no schema number");
		goto out;
	}
	st->schema = (int)j->valuedouble;
	if (st->schema > SK_ROTATE_SCHEMA) {
		stt = sk_error_set(err, SK_ERR_REGISTRY_NEWER,
				   "the rotation state was written by a newer storekeys (schema %d, this one knows %d); "
				   "continue the rotation with that version",
				   st->schema, SK_ROTATE_SCHEMA);
		goto out;
	}
	j = cJSON_GetObjectItemCaseSensitive(root, "old_id");
	if (!short_text(j, 36) || !sk_uuid_valid(j->valuestring)) {
		stt = damaged(err, "old_id");
		goto out;
	}
	sk_strlcpy(st->old_id, j->valuestring, sizeof st->old_id);
	j = cJSON_GetObjectItemCaseSensitive(root, "new_id");
	if (!short_text(j, 36) || (j->valuestring[0] && !sk_uuid_valid(j->valuestring))) {
		stt = damaged(err, "new_id");
		goto out;
	}
	sk_strlcpy(st->new_id, j->valuestring, sizeof st->new_id);
	stt = parse_pairs(cJSON_GetObjectItemCaseSensitive(root, "hooks"), "hooks", &st->hooks, &st->nhooks, err);
	if (stt == SK_OK)
		stt = parse_pairs(cJSON_GetObjectItemCaseSensitive(root, "scripts"), "scripts", &st->scripts,
				  &st->nscripts, err);
	if (stt != SK_OK)
		goto out;
	j = cJSON_GetObjectItemCaseSensitive(root, "emails_copied");
	if (!cJSON_IsBool(j)) {
		stt = damaged(err, "emails_copied");
		goto out;
	}
	st->emails_copied = cJSON_IsTrue(j);
	j = cJSON_GetObjectItemCaseSensitive(root, "confirmed");
	if (!cJSON_IsBool(j)) {
		stt = damaged(err, "confirmed");
		goto out;
	}
	st->confirmed = cJSON_IsTrue(j);
	j = cJSON_GetObjectItemCaseSensitive(root, "metafields");
	if (!cJSON_IsArray(j)) {
		stt = damaged(err, "metafields");
		goto out;
	}
	cJSON_ArrayForEach(o, j)
	{
		if (!short_text(o, 32) || o->valuestring[0] == '\0') {
			stt = damaged(err, "metafields");
			goto out;
		}
		st->metafields = sk_xrealloc(st->metafields, (st->nmetafields + 1) * sizeof *st->metafields);
		st->metafields[st->nmetafields++] = xstrdup(o->valuestring);
	}
	/* unknown fields (a later version of the same schema) are kept on rewrite */
	for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
		cJSON_DeleteItemFromObjectCaseSensitive(root, known[k]);
	st->extra = root;
	root = NULL;
out:
	cJSON_Delete(root);
	if (stt != SK_OK)
		sk_rotate_state_clear(st);
	return stt;
}

/* Read path into a new buffer: SK_ERR_NOT_FOUND when missing; a symlink or non-file is refused. */
static enum sk_status read_file(const char *path, char **out, size_t *len, struct sk_error *err)
{
	struct stat sb;
	char *buf;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	*out = NULL;
	if (fd < 0) {
		if (errno == ENOENT)
			return SK_ERR_NOT_FOUND;
		return sk_error_set(err, errno == ELOOP ? SK_ERR_REGISTRY_UNSAFE : SK_ERR_IO, "cannot open %s: %s", path,
				    strerror(errno));
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid() || (sb.st_mode & 022)) {
		close(fd);
		return sk_error_set(err, SK_ERR_REGISTRY_UNSAFE,
				    "%s is not a regular file of yours that only you can write; storekeys refuses it", path);
	}
	if (sb.st_size > SK_ROTATE_MAX_BYTES) {
		close(fd);
		return sk_error_set(err, SK_ERR_INVALID, "the rotation state %s is damaged (too large); storekeys leaves it as it is", path);
	}
	buf = sk_xmalloc((size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return SK_OK;
}

enum sk_status sk_rotate_state_load(const char *dir, const char *old_id, struct sk_rotate_state *st,
				    struct sk_error *err)
{
	char path[4096], *buf = NULL;
	size_t len = 0;
	enum sk_status s;

	memset(st, 0, sizeof *st);
	if (!sk_rotate_state_path(dir, old_id, path, sizeof path))
		return sk_error_set(err, SK_ERR_INVALID, "no rotation state for an account without a local id");
	s = read_file(path, &buf, &len, err);
	if (s == SK_ERR_NOT_FOUND) {
		st->schema = SK_ROTATE_SCHEMA;
		sk_strlcpy(st->old_id, old_id, sizeof st->old_id);
		return s;
	}
	if (s == SK_OK)
		s = sk_rotate_state_parse(buf, len, st, err);
	free(buf);
	if (s == SK_OK && strcmp(st->old_id, old_id) != 0)
		s = damaged(err, "it names another account");
	if (s == SK_ERR_INVALID)
		sk_error_prefix(err, "%s: storekeys leaves it as it is; move it aside to start the rotation's bookkeeping again", path);
	else if (s == SK_ERR_REGISTRY_NEWER)
		sk_error_prefix(err, "%s", path);
	if (s != SK_OK)
		sk_rotate_state_clear(st);
	return s;
}

enum sk_status sk_rotate_state_save(const char *dir, const struct sk_rotate_state *st, struct sk_error *err)
{
	char path[4096], tmp[4200];
	struct sk_rotate_state disk;
	char *json;
	size_t len;
	enum sk_status s;
	int fd;

	/* never overwrite a file this version cannot read: it is someone's record */
	s = sk_rotate_state_load(dir, st->old_id, &disk, err);
	sk_rotate_state_clear(&disk);
	if (s != SK_OK && s != SK_ERR_NOT_FOUND)
		return s;
	if (!sk_rotate_state_path(dir, st->old_id, path, sizeof path) ||
	    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
		return sk_error_set(err, SK_ERR_IO, "the data directory path is too long");
	json = sk_rotate_state_to_json(st);
	len = strlen(json);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		free(json);
		return sk_error_set(err, SK_ERR_IO, "cannot create %s: %s", tmp, strerror(errno));
	}
	s = SK_OK;
	for (size_t off = 0; off < len && s == SK_OK;) {
		ssize_t w = write(fd, json + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			s = sk_error_set(err, SK_ERR_IO, "cannot write %s: %s", tmp, strerror(errno));
		else
			off += (size_t)w;
	}
	free(json);
	if (s == SK_OK && fsync(fd) != 0)
		s = sk_error_set(err, SK_ERR_IO, "cannot sync %s: %s", tmp, strerror(errno));
	if (close(fd) != 0 && s == SK_OK)
		s = sk_error_set(err, SK_ERR_IO, "cannot close %s: %s", tmp, strerror(errno));
	if (s == SK_OK && rename(tmp, path) != 0)
		s = sk_error_set(err, SK_ERR_IO, "cannot replace %s: %s", path, strerror(errno));
	if (s != SK_OK) {
		unlink(tmp);
		return s;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	return SK_OK;
}

enum sk_status sk_rotate_state_remove(const char *dir, const char *old_id, struct sk_error *err)
{
	char path[4096];

	if (!sk_rotate_state_path(dir, old_id, path, sizeof path))
		return sk_error_set(err, SK_ERR_INVALID, "no rotation state for an account without a local id");
	if (unlink(path) != 0 && errno != ENOENT)
		return sk_error_set(err, SK_ERR_IO, "cannot remove %s: %s", path, strerror(errno));
	/*
	 * Its lock file names the account too, and so do the temp files of a save that was
	 * killed before its rename: removed while the lock is held here, so no rotation is
	 * writing them.
	 */
	if (strlen(path) + 6 <= sizeof path) {
		const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
		char tmp_prefix[128];
		int fd;

		snprintf(tmp_prefix, sizeof tmp_prefix, "%s.tmp.", base);
		strcat(path, ".lock");
		fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
				DIR *d = opendir(dir);
				struct dirent *e;

				while (d != NULL && (e = readdir(d)) != NULL)
					if (strncmp(e->d_name, tmp_prefix, strlen(tmp_prefix)) == 0)
						unlinkat(dirfd(d), e->d_name, 0);
				if (d != NULL)
					closedir(d);
				unlink(path);
			}
			close(fd);
		}
	}
	return SK_OK;
}

static const char *pair_find(const struct sk_rot_pair *p, size_t n, const char *from)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(p[i].from, from) == 0)
			return p[i].to;
	return NULL;
}

const char *sk_rotate_state_hook(const struct sk_rotate_state *st, int64_t old_id)
{
	char k[32];

	snprintf(k, sizeof k, "%lld", (long long)old_id);
	return pair_find(st->hooks, st->nhooks, k);
}

const char *sk_rotate_state_script(const struct sk_rotate_state *st, const char *old_uuid)
{
	return pair_find(st->scripts, st->nscripts, old_uuid);
}

static void pair_set(struct sk_rot_pair **p, size_t *n, const char *from, const char *to)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*p)[i].from, from) == 0) {
			free((*p)[i].to);
			(*p)[i].to = xstrdup(to);
			return;
		}
	}
	*p = sk_xrealloc(*p, (*n + 1) * sizeof **p);
	(*p)[*n].from = xstrdup(from);
	(*p)[*n].to = xstrdup(to);
	(*n)++;
}

static void pair_drop(struct sk_rot_pair *p, size_t *n, const char *from)
{
	for (size_t i = 0; i < *n; i++) {
		if (strcmp(p[i].from, from) == 0) {
			free(p[i].from);
			free(p[i].to);
			memmove(&p[i], &p[i + 1], (*n - i - 1) * sizeof *p);
			(*n)--;
			return;
		}
	}
}

static void state_set_hook(struct sk_rotate_state *st, int64_t old_id, int64_t new_id)
{
	char a[32], b[32];

	snprintf(a, sizeof a, "%lld", (long long)old_id);
	snprintf(b, sizeof b, "%lld", (long long)new_id);
	pair_set(&st->hooks, &st->nhooks, a, b);
}

static bool state_has_metafield(const struct sk_rotate_state *st, const char *id)
{
	for (size_t i = 0; i < st->nmetafields; i++)
		if (strcmp(st->metafields[i], id) == 0)
			return true;
	return false;
}

/* ---- the plan ------------------------------------------------------- */

const char *sk_rotate_metafield_fate(const struct sk_metafield *m)
{
	const char *ps = m->permission_set ? m->permission_set : "";

	if (strcmp(ps, "write") == 0 || strcmp(ps, "write_and_sf_access") == 0)
		return "stays writable by other API accounts once the old one is deleted";
	if (strcmp(ps, "read") == 0 || strcmp(ps, "read_and_sf_access") == 0)
		return "becomes read-only for good: its owner, the old client, will no longer exist";
	if (strcmp(ps, "app_only") == 0)
		return "is locked to a client that will no longer exist (only an account with Metafields access: full "
		       "can still reach it)";
	return "its permission set is unknown: it may be locked to the deleted client";
}

enum sk_status sk_rotate_check_pair(const struct sk_account *old, const struct sk_account *repl,
				    struct sk_error *err)
{
	char a[SK_NAME_MAX_BYTES + 80], b[SK_NAME_MAX_BYTES + 80];

	sk_account_label(old, a, sizeof a);
	sk_account_label(repl, b, sizeof b);
	if (strcmp(old->id, repl->id) == 0)
		return sk_error_set(err, SK_ERR_INVALID, "an account cannot replace itself");
	if (old->level != repl->level || strcmp(sk_account_owner(old), sk_account_owner(repl)) != 0)
		return sk_error_set(err, SK_ERR_INVALID, "%s is not of the same %s as %s: a replacement belongs to the same %s",
				    b, old->level == SK_LEVEL_STORE ? "store" : "account", a,
				    old->level == SK_LEVEL_STORE ? "store" : "account");
	if (old->client_id[0] && strcmp(old->client_id, repl->client_id) == 0)
		return sk_error_set(err, SK_ERR_INVALID,
				    "%s has the same client id as %s: it is the same API account, not a new one", b, a);
	return SK_OK;
}

static void part_unknown(struct sk_rot_part *p, enum sk_status st, const struct sk_error *e)
{
	p->read = SK_ROT_READ_UNKNOWN;
	p->st = st;
	snprintf(p->msg, sizeof p->msg, "%s", e->msg[0] ? e->msg : sk_status_describe(st));
}

static void part_na(struct sk_rot_part *p, const char *why)
{
	p->read = SK_ROT_READ_NA;
	p->st = SK_OK;
	snprintf(p->msg, sizeof p->msg, "%s", why);
}

/* A failure after which no further read can work. */
static bool fatal(enum sk_status st)
{
	return st == SK_ERR_CANCELLED || st == SK_ERR_HTTP_401;
}

static void plan_hooks(struct sk_rotate_plan *p, const struct sk_rotate_state *st)
{
	p->hooks = sk_xcalloc(p->nraw_hooks ? p->nraw_hooks : 1, sizeof *p->hooks);
	p->nhooks = p->nraw_hooks;
	for (size_t i = 0; i < p->nhooks; i++) {
		struct sk_rot_hook *h = &p->hooks[i];
		const char *done = st ? sk_rotate_state_hook(st, p->raw_hooks[i].id) : NULL;
		struct sk_error e = {0};

		h->h = &p->raw_hooks[i];
		h->state = SK_ROT_TODO;
		if (done != NULL && done[0]) {
			h->state = SK_ROT_DONE;
			h->new_id = strtoll(done, NULL, 10);
		} else if (h->h->destination == NULL || sk_hook_check_destination(h->h->destination, &e) != SK_OK) {
			h->state = SK_ROT_CANNOT;
			snprintf(h->reason, sizeof h->reason, "BigCommerce would refuse its destination: %s",
				 e.msg[0] ? e.msg : "none");
		}
	}
}

static void plan_scripts(struct sk_rotate_plan *p, const struct sk_rotate_state *st)
{
	p->scripts = sk_xcalloc(p->nraw_scripts ? p->nraw_scripts : 1, sizeof *p->scripts);
	p->nscripts = p->nraw_scripts;
	for (size_t i = 0; i < p->nscripts; i++) {
		struct sk_rot_script *s = &p->scripts[i];
		const char *done = st ? sk_rotate_state_script(st, p->raw_scripts[i].uuid) : NULL;

		s->s = &p->raw_scripts[i];
		if (done != NULL && done[0]) {
			s->state = SK_ROT_DONE;
			sk_strlcpy(s->new_uuid, done, sizeof s->new_uuid);
		} else if (!p->can_scripts) {
			s->state = SK_ROT_CANNOT;
			snprintf(s->reason, sizeof s->reason,
				 "the replacement%s has no Content (or Checkout content) modify scope to create scripts",
				 p->have_repl ? "" : " (with the old account's scopes)");
		}
	}
}

static void plan_metafields(struct sk_rotate_plan *p, const struct sk_rotate_state *st)
{
	p->mfs = sk_xcalloc(p->raw_mfs.n ? p->raw_mfs.n : 1, sizeof *p->mfs);
	p->nmfs = p->raw_mfs.n;
	for (size_t i = 0; i < p->nmfs; i++) {
		struct sk_rot_metafield *m = &p->mfs[i];

		m->m = &p->raw_mfs.items[i];
		snprintf(m->fate, sizeof m->fate, "%s", sk_rotate_metafield_fate(m->m));
		if (st && m->m->id && state_has_metafield(st, m->m->id))
			m->state = SK_ROT_DONE;
		else if (!p->can_reassign)
			m->state = SK_ROT_CANNOT;
	}
}

enum sk_status sk_rotate_plan_make(const struct sk_account *old, const char *old_token,
				   const struct sk_account *repl, const struct sk_rotate_state *st,
				   struct sk_bc_call *call, struct sk_rotate_plan *out, struct sk_error *err)
{
	const struct sk_account *target;
	struct sk_error e = {0};
	enum sk_status s;

	memset(out, 0, sizeof *out);
	sk_account_copy(&out->old, old);
	if (repl != NULL) {
		sk_account_copy(&out->repl, repl);
		out->have_repl = true;
	}
	/* without a replacement yet, predict with the old account's scopes (the wizard's pre-filled ones) */
	target = repl ? repl : old;
	out->can_scripts = has_scope(target, "store_v2_content") || has_scope(target, "store_content_checkout");
	out->can_reassign = has_scope(target, "store_metafield_change_owner");
	out->emails_state = st && st->emails_copied ? SK_ROT_DONE : SK_ROT_TODO;
	if (old->level != SK_LEVEL_STORE) {
		part_na(&out->hooks_part, "account-level API accounts have no webhooks");
		part_na(&out->emails_part, "account-level API accounts have no notification e-mails");
		part_na(&out->scripts_part, "account-level API accounts have no scripts");
		part_na(&out->mf_part, "account-level API accounts own no store metafields");
		out->emails_state = SK_ROT_DONE;
		out->hooks_confirmed = true;
		return SK_OK;
	}

	progress(call, "reading the old account's webhooks");
	s = sk_bc_list_hooks(old, old_token, call, &out->raw_hooks, &out->nraw_hooks, &e);
	if (s != SK_OK)
		part_unknown(&out->hooks_part, s, &e);
	if (fatal(s))
		goto stop;
	plan_hooks(out, st);

	progress(call, "reading the old account's notification e-mails");
	{
		struct sk_hooks_admin adm;

		memset(&e, 0, sizeof e);
		s = sk_bc_hooks_admin(old, old_token, call, &adm, &e);
		if (s == SK_OK) {
			out->emails = adm.emails;
			out->nemails = adm.nemails;
			adm.emails = NULL;
			adm.nemails = 0;
			if (out->nemails == 0)
				out->emails_state = SK_ROT_DONE;
		} else {
			part_unknown(&out->emails_part, s, &e);
		}
		sk_hooks_admin_clear(&adm);
		if (fatal(s))
			goto stop;
	}

	progress(call, "reading the old account's scripts");
	{
		bool asked = false;

		memset(&e, 0, sizeof e);
		s = sk_bc_list_scripts(old, old_token, call, &out->raw_scripts, &out->nraw_scripts, &asked, &e);
		if (s != SK_OK)
			part_unknown(&out->scripts_part, s, &e);
		else if (!asked)
			part_na(&out->scripts_part, "the old account records no Content scope: it cannot have created scripts");
		if (fatal(s))
			goto stop;
		plan_scripts(out, st);
	}

	progress(call, "reading the old account's metafields");
	memset(&e, 0, sizeof e);
	s = sk_bc_list_metafields(old, old_token, call, &out->raw_mfs, &e);
	if (s != SK_OK) {
		part_unknown(&out->mf_part, s, &e);
	} else {
		for (size_t i = 0; i < out->raw_mfs.nsrc; i++) {
			const struct sk_metafield_source *src = &out->raw_mfs.src[i];

			if (src->asked && src->status != SK_OK) {
				struct sk_error se = {0};

				snprintf(se.msg, sizeof se.msg, "%s metafields could not be listed: %s", src->label, src->msg);
				part_unknown(&out->mf_part, src->status, &se);
				break;
			}
		}
	}
	if (fatal(s))
		goto stop;
	plan_metafields(out, st);
	return SK_OK;
stop:
	if (err != NULL)
		*err = e;
	return s;
}

void sk_rotate_plan_clear(struct sk_rotate_plan *p)
{
	sk_account_clear(&p->old);
	sk_account_clear(&p->repl);
	free(p->hooks);
	free(p->scripts);
	free(p->mfs);
	sk_webhooks_free(p->raw_hooks, p->nraw_hooks);
	sk_scripts_free(p->raw_scripts, p->nraw_scripts);
	sk_metafield_report_clear(&p->raw_mfs);
	sk_strv_free(p->emails, p->nemails);
	memset(p, 0, sizeof *p);
}

bool sk_rotate_plan_complete(const struct sk_rotate_plan *p)
{
	if (p->hooks_part.read == SK_ROT_READ_UNKNOWN || p->emails_part.read == SK_ROT_READ_UNKNOWN ||
	    p->scripts_part.read == SK_ROT_READ_UNKNOWN || p->mf_part.read == SK_ROT_READ_UNKNOWN)
		return false;
	if (!p->hooks_confirmed || p->emails_state != SK_ROT_DONE)
		return false;
	for (size_t i = 0; i < p->nhooks; i++)
		if (p->hooks[i].state == SK_ROT_TODO)
			return false;
	for (size_t i = 0; i < p->nscripts; i++)
		if (p->scripts[i].state == SK_ROT_TODO)
			return false;
	for (size_t i = 0; i < p->nmfs; i++)
		if (p->mfs[i].state == SK_ROT_TODO)
			return false;
	return true;
}

/* ---- carrying over ------------------------------------------------------ */

struct carry {
	const char *dir;
	struct sk_rotate_plan *p;
	struct sk_rotate_state *st;
	const char *old_token, *new_token;
	struct sk_bc_call *call;
	size_t writes;
};

static enum sk_status save(struct carry *c, struct sk_error *err)
{
	return sk_rotate_state_save(c->dir, c->st, err);
}

static void spec_of(const struct sk_webhook *h, struct sk_hook_spec *spec)
{
	memset(spec, 0, sizeof *spec);
	spec->scope = h->scope;
	spec->destination = h->destination;
	spec->header_names = h->header_names;
	spec->header_values = h->header_values;
	spec->nheaders = h->nheaders;
	/* a create without headers sends none (BigCommerce then keeps null, like the old hook) */
	spec->set_headers = true;
	spec->active = h->is_active ? 1 : 0;
}

static const struct sk_webhook *hook_by_id(const struct sk_webhook *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id)
			return &v[i];
	return NULL;
}

static const struct sk_webhook *hook_by_target(const struct sk_webhook *v, size_t n, const struct sk_webhook *h)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].scope && v[i].destination && strcmp(v[i].scope, h->scope) == 0 &&
		    strcmp(v[i].destination, h->destination) == 0)
			return &v[i];
	return NULL;
}

/* A refusal of this one hook (the others can still go): the reason is kept and the walk goes on. */
static bool refused_item(enum sk_status s)
{
	return s == SK_ERR_HTTP_422 || s == SK_ERR_INVALID || s == SK_ERR_HTTP_404;
}

/* What the replacement holds now (what names the step on the progress line). */
static enum sk_status replacement_hooks(struct carry *c, const char *what, struct sk_webhook **now, size_t *nnow,
					struct sk_error *err)
{
	progress(c->call, "%s the replacement's webhooks", what);
	return sk_bc_list_hooks(&c->p->repl, c->new_token, c->call, now, nnow, err);
}

/* Forget the replacement hook mapped for h (gone or not the same): the next run makes it again. */
static void forget_hook(struct carry *c, struct sk_rot_hook *h)
{
	char k[32];

	snprintf(k, sizeof k, "%lld", (long long)h->h->id);
	pair_drop(c->st->hooks, &c->st->nhooks, k);
	h->state = SK_ROT_TODO;
}

/* Carry the old account's hooks (they were read) to the replacement. */
static enum sk_status carry_hooks(struct carry *c, struct sk_error *err)
{
	struct sk_rotate_plan *p = c->p;
	struct sk_webhook *now = NULL;
	size_t nnow = 0;
	enum sk_status s;

	/* a rerun matches what is there instead of creating twice */
	s = replacement_hooks(c, "reading", &now, &nnow, err);
	if (s != SK_OK)
		return s;
	for (size_t i = 0; i < p->nhooks && s == SK_OK; i++) {
		struct sk_rot_hook *h = &p->hooks[i];
		const struct sk_webhook *there;
		struct sk_hook_spec spec;
		struct sk_webhook made = {0};
		const char *field = NULL;
		struct sk_error e = {0};
		char safe[160];

		if (h->state == SK_ROT_CANNOT || cancelled(c->call, err)) {
			if (h->state != SK_ROT_CANNOT)
				s = SK_ERR_CANCELLED;
			continue;
		}
		spec_of(h->h, &spec);
		there = h->state == SK_ROT_DONE ? hook_by_id(now, nnow, h->new_id) : NULL;
		if (there == NULL)
			there = hook_by_target(now, nnow, h->h);
		progress(c->call, "webhook %zu of %zu: %s -> %s", i + 1, p->nhooks, sk_sanitize(h->h->scope, safe, sizeof safe),
			 h->h->destination);
		if (there != NULL && sk_hook_spec_matches(&spec, there, &field)) {
			h->new_id = there->id;
		} else if (there != NULL) {
			/* there already (an earlier run, or by hand) but not the same: make it the same */
			s = sk_bc_update_hook(&p->repl, c->new_token, c->call, there->id, &spec, &made, &e);
			if (s == SK_OK) {
				c->writes++;
				h->new_id = there->id;
			}
		} else {
			spec.set_headers = spec.nheaders > 0;
			s = sk_bc_create_hook(&p->repl, c->new_token, c->call, &spec, &made, &e);
			/* created but answered differently: it exists; the read-back decides */
			if (s == SK_ERR_BAD_RESPONSE && made.id > 0)
				s = SK_OK;
			if (s == SK_OK) {
				c->writes++;
				h->new_id = made.id;
			}
		}
		sk_webhook_clear(&made);
		if (s == SK_OK) {
			h->state = SK_ROT_DONE;
			state_set_hook(c->st, h->h->id, h->new_id);
			s = save(c, err);
		} else if (refused_item(s)) {
			h->state = SK_ROT_CANNOT;
			snprintf(h->reason, sizeof h->reason, "BigCommerce refused it: %s", e.msg);
			s = SK_OK;
		} else {
			/* a mapping to a hook that is gone is forgotten, so the next run creates it */
			if (h->state == SK_ROT_DONE && hook_by_id(now, nnow, h->new_id) == NULL) {
				forget_hook(c, h);
				h->new_id = 0;
				(void)save(c, NULL);
			}
			if (err != NULL)
				*err = e;
		}
	}
	sk_webhooks_free(now, nnow);
	return s;
}

static bool email_in(char *const *v, size_t n, const char *e)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] && strcasecmp(v[i], e) == 0)
			return true;
	return false;
}

static enum sk_status carry_emails(struct carry *c, struct sk_error *err)
{
	struct sk_rotate_plan *p = c->p;
	struct sk_hooks_admin now;
	char **want = NULL;
	size_t nwant = 0;
	bool all = true;
	enum sk_status s;

	if (p->emails_part.read != SK_ROT_READ_OK || p->emails_state == SK_ROT_DONE)
		return SK_OK;
	if (cancelled(c->call, err))
		return SK_ERR_CANCELLED;
	progress(c->call, "copying %zu notification e-mail%s", p->nemails, p->nemails == 1 ? "" : "s");
	/* a fresh read (R28): the replacement's own e-mails are kept, the old ones added */
	s = sk_bc_hooks_admin(&p->repl, c->new_token, c->call, &now, err);
	if (s != SK_OK)
		return s;
	want = sk_xcalloc(now.nemails + p->nemails + 1, sizeof *want);
	for (size_t i = 0; i < now.nemails; i++)
		want[nwant++] = xstrdup(now.emails[i]);
	for (size_t i = 0; i < p->nemails; i++) {
		if (!email_in(want, nwant, p->emails[i])) {
			want[nwant++] = xstrdup(p->emails[i]);
			all = false;
		}
	}
	if (!all) {
		s = sk_bc_set_emails(&p->repl, c->new_token, c->call, want, nwant, now.emails, now.nemails, err);
		c->writes += s == SK_OK;
	}
	sk_hooks_admin_clear(&now);
	sk_strv_free(want, nwant);
	if (s != SK_OK)
		return s;
	/* read back */
	s = sk_bc_hooks_admin(&p->repl, c->new_token, c->call, &now, err);
	for (size_t i = 0; s == SK_OK && i < p->nemails; i++)
		if (!email_in(now.emails, now.nemails, p->emails[i]))
			s = sk_error_set(err, SK_ERR_BAD_RESPONSE,
					 "BigCommerce accepted the notification e-mails but does not list them all");
	sk_hooks_admin_clear(&now);
	if (s != SK_OK)
		return s;
	p->emails_state = SK_ROT_DONE;
	c->st->emails_copied = true;
	return save(c, err);
}

static const struct sk_script *script_match(const struct sk_script *v, size_t n, const struct sk_script *s)
{
	for (size_t i = 0; i < n; i++) {
		if (!v[i].name || !s->name || strcmp(v[i].name, s->name) != 0)
			continue;
		if ((v[i].kind ? v[i].kind : "")[0] && s->kind && strcmp(v[i].kind, s->kind) != 0)
			continue;
		if (strcmp(v[i].src ? v[i].src : "", s->src ? s->src : "") != 0)
			continue;
		return &v[i];
	}
	return NULL;
}

static const struct sk_script *script_by_uuid(const struct sk_script *v, size_t n, const char *uuid)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].uuid && strcmp(v[i].uuid, uuid) == 0)
			return &v[i];
	return NULL;
}

static enum sk_status carry_scripts(struct carry *c, struct sk_error *err)
{
	struct sk_rotate_plan *p = c->p;
	struct sk_script *now = NULL;
	size_t nnow = 0, todo = 0;
	bool asked = false;
	enum sk_status s;

	if (p->scripts_part.read != SK_ROT_READ_OK)
		return SK_OK;
	for (size_t i = 0; i < p->nscripts; i++)
		if (p->scripts[i].state != SK_ROT_CANNOT)
			todo++;
	if (todo == 0)
		return SK_OK;
	progress(c->call, "reading the replacement's scripts");
	s = sk_bc_list_scripts(&p->repl, c->new_token, c->call, &now, &nnow, &asked, err);
	for (size_t i = 0; s == SK_OK && i < p->nscripts; i++) {
		struct sk_rot_script *r = &p->scripts[i];
		const struct sk_script *there;
		char *json = NULL, uuid[64];

		if (r->state == SK_ROT_CANNOT)
			continue;
		if (cancelled(c->call, err)) {
			s = SK_ERR_CANCELLED;
			break;
		}
		there = r->state == SK_ROT_DONE ? script_by_uuid(now, nnow, r->new_uuid) : NULL;
		if (there == NULL)
			there = script_match(now, nnow, r->s);
		if (there != NULL) {
			sk_strlcpy(r->new_uuid, there->uuid, sizeof r->new_uuid);
		} else {
			progress(c->call, "script %zu of %zu", i + 1, p->nscripts);
			s = sk_bc_get_script(&p->old, c->old_token, c->call, r->s->uuid, &json, err);
			if (s == SK_OK) {
				s = sk_bc_create_script(&p->repl, c->new_token, c->call, json, uuid, sizeof uuid, err);
				c->writes += s == SK_OK;
			}
			cJSON_free(json);
			if (s != SK_OK)
				break;
			sk_strlcpy(r->new_uuid, uuid, sizeof r->new_uuid);
		}
		r->state = SK_ROT_DONE;
		pair_set(&c->st->scripts, &c->st->nscripts, r->s->uuid, r->new_uuid);
		s = save(c, err);
	}
	sk_scripts_free(now, nnow);
	if (s != SK_OK)
		return s;
	/* read back: every carried script is listed for the replacement */
	s = sk_bc_list_scripts(&p->repl, c->new_token, c->call, &now, &nnow, &asked, err);
	for (size_t i = 0; s == SK_OK && i < p->nscripts; i++)
		if (p->scripts[i].state == SK_ROT_DONE && script_by_uuid(now, nnow, p->scripts[i].new_uuid) == NULL) {
			p->scripts[i].state = SK_ROT_TODO;
			pair_drop(c->st->scripts, &c->st->nscripts, p->scripts[i].s->uuid);
			s = sk_error_set(err, SK_ERR_BAD_RESPONSE,
					 "a script created for the replacement is not listed for it; run the rotation again");
			(void)save(c, NULL);
		}
	sk_scripts_free(now, nnow);
	return s;
}

static enum sk_status carry_metafields(struct carry *c, struct sk_error *err)
{
	struct sk_rotate_plan *p = c->p;
	char **ids = NULL;
	size_t n = 0;
	enum sk_status s = SK_OK;
	struct sk_metafield_report back;

	if (p->mf_part.read == SK_ROT_READ_NA || !p->can_reassign)
		return SK_OK;
	ids = sk_xcalloc(p->nmfs + 1, sizeof *ids);
	for (size_t i = 0; i < p->nmfs; i++)
		if (p->mfs[i].state == SK_ROT_TODO && p->mfs[i].m->id)
			ids[n++] = p->mfs[i].m->id;
	for (size_t off = 0; s == SK_OK && off < n; off += REASSIGN_BATCH) {
		size_t k = n - off < REASSIGN_BATCH ? n - off : REASSIGN_BATCH;

		if (cancelled(c->call, err)) {
			s = SK_ERR_CANCELLED;
			break;
		}
		progress(c->call, "reassigning metafields %zu-%zu of %zu", off + 1, off + k, n);
		s = sk_bc_reassign_metafields(&p->repl, c->new_token, c->call, p->repl.client_id, ids + off, k, err);
		c->writes += s == SK_OK;
	}
	free(ids);
	if (s != SK_OK || n == 0)
		return s;
	/* read back with the old token: a reassigned metafield is no longer the old client's */
	progress(c->call, "reading the metafields back");
	s = sk_bc_list_metafields(&p->old, c->old_token, c->call, &back, err);
	/* an endpoint that could not be listed proves nothing: its metafields are not marked moved */
	for (size_t i = 0; s == SK_OK && i < back.nsrc; i++)
		if (back.src[i].asked && back.src[i].status != SK_OK)
			s = sk_error_set(err, back.src[i].status, "the metafields could not be read back (%s: %s)",
					 back.src[i].label, back.src[i].msg);
	for (size_t i = 0; s == SK_OK && i < p->nmfs; i++) {
		bool still = false;

		if (p->mfs[i].state != SK_ROT_TODO || !p->mfs[i].m->id)
			continue;
		for (size_t j = 0; j < back.n && !still; j++)
			still = back.items[j].id && strcmp(back.items[j].id, p->mfs[i].m->id) == 0;
		if (still)
			continue;
		p->mfs[i].state = SK_ROT_DONE;
		c->st->metafields = sk_xrealloc(c->st->metafields, (c->st->nmetafields + 1) * sizeof *c->st->metafields);
		c->st->metafields[c->st->nmetafields++] = xstrdup(p->mfs[i].m->id);
	}
	sk_metafield_report_clear(&back);
	if (s == SK_OK)
		s = save(c, err);
	for (size_t i = 0; s == SK_OK && i < p->nmfs; i++)
		if (p->mfs[i].state == SK_ROT_TODO)
			s = sk_error_set(err, SK_ERR_BAD_RESPONSE,
					 "BigCommerce accepted the metafield reassignment but metafield %s still belongs to the "
					 "old client",
					 p->mfs[i].m->id);
	return s;
}

/* The final read-back: every carried hook is on the replacement, as asked (hooks were read). */
static enum sk_status confirm_hooks(struct carry *c, struct sk_error *err)
{
	struct sk_rotate_plan *p = c->p;
	struct sk_webhook *now = NULL;
	size_t nnow = 0;
	enum sk_status s;

	s = replacement_hooks(c, "confirming", &now, &nnow, err);
	for (size_t i = 0; s == SK_OK && i < p->nhooks; i++) {
		struct sk_rot_hook *h = &p->hooks[i];
		const struct sk_webhook *there;
		struct sk_hook_spec spec;
		const char *field = NULL;

		if (h->state != SK_ROT_DONE)
			continue;
		spec_of(h->h, &spec);
		there = hook_by_id(now, nnow, h->new_id);
		if (there == NULL || !sk_hook_spec_matches(&spec, there, &field)) {
			forget_hook(c, h);
			s = sk_error_set(err, SK_ERR_BAD_RESPONSE,
					 "webhook %lld on the replacement %s; run the rotation again to redo it",
					 (long long)h->new_id, there ? "differs from the old one" : "is gone");
			(void)save(c, NULL);
		}
	}
	sk_webhooks_free(now, nnow);
	if (s != SK_OK)
		return s;
	p->hooks_confirmed = true;
	c->st->confirmed = true;
	return save(c, err);
}

/* One rotation of an account at a time: a lock file next to the state. */
static enum sk_status take_lock(const char *dir, const char *old_id, int *fd, struct sk_error *err)
{
	char path[4200];

	if (!sk_rotate_state_path(dir, old_id, path, sizeof path - 8))
		return sk_error_set(err, SK_ERR_IO, "the data directory path is too long");
	strcat(path, ".lock");
	*fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (*fd < 0)
		return sk_error_set(err, SK_ERR_IO, "cannot open %s: %s", path, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		close(*fd);
		*fd = -1;
		return sk_error_set(err, SK_ERR_REGISTRY_BUSY, "another storekeys is rotating this account (%s is locked)",
				    path);
	}
	return SK_OK;
}

enum sk_status sk_rotate_carry(const char *dir, struct sk_rotate_plan *p, struct sk_rotate_state *st,
			       const char *old_token, const char *new_token, struct sk_bc_call *call, size_t *writes,
			       struct sk_error *err)
{
	struct carry c = {dir, p, st, old_token, new_token, call, 0};
	enum sk_status s;
	int lock = -1;

	*writes = 0;
	if (!p->have_repl)
		return sk_error_set(err, SK_ERR_INVALID, "no replacement account yet");
	s = sk_rotate_check_pair(&p->old, &p->repl, err);
	if (s != SK_OK)
		return s;
	if (st->new_id[0] && strcmp(st->new_id, p->repl.id) != 0) {
		char path[4096];

		if (!sk_rotate_state_path(dir, p->old.id, path, sizeof path))
			sk_strlcpy(path, "its rotation record", sizeof path);
		return sk_error_set(err, SK_ERR_INVALID,
				    "this rotation was started with another replacement (id:%s): continue with that one, "
				    "or move %s aside to start over (if that replacement was removed, starting over is "
				    "the only way)",
				    st->new_id, path);
	}
	s = take_lock(dir, p->old.id, &lock, err);
	if (s != SK_OK)
		return s;
	sk_strlcpy(st->old_id, p->old.id, sizeof st->old_id);
	sk_strlcpy(st->new_id, p->repl.id, sizeof st->new_id);
	st->schema = SK_ROTATE_SCHEMA;
	s = save(&c, err);
	if (s == SK_OK && p->old.level == SK_LEVEL_STORE) {
		/* only hooks that were read are carried and confirmed */
		bool hooks = p->hooks_part.read == SK_ROT_READ_OK;

		if (hooks)
			s = carry_hooks(&c, err);
		if (s == SK_OK)
			s = carry_emails(&c, err);
		if (s == SK_OK)
			s = carry_scripts(&c, err);
		if (s == SK_OK)
			s = carry_metafields(&c, err);
		if (s == SK_OK && hooks)
			s = confirm_hooks(&c, err);
	}
	if (s == SK_OK && !sk_rotate_plan_complete(p)) {
		const struct sk_rot_part *parts[] = {&p->hooks_part, &p->emails_part, &p->scripts_part, &p->mf_part};

		s = sk_error_set(err, SK_ERR_PARTIAL, "not everything the old account owns could be read");
		for (size_t i = 0; i < 4; i++)
			if (parts[i]->read == SK_ROT_READ_UNKNOWN) {
				sk_error_set(err, SK_ERR_PARTIAL, "%s; run the rotation again once it can be read", parts[i]->msg);
				break;
			}
	}
	*writes = c.writes;
	close(lock);
	return s;
}

/* NAME quoted for a POSIX shell (and sanitized for the terminal). */
static const char *shq(const char *s, char *out, size_t size)
{
	char clean[SK_NAME_MAX_BYTES * 4];
	size_t o = 0;

	sk_sanitize(s, clean, sizeof clean);
	if (size < 3)
		return "";
	out[o++] = '\'';
	for (const char *p = clean; *p && o + 6 < size; p++) {
		if (*p == '\'') {
			memcpy(out + o, "'\\''", 4);
			o += 4;
		} else {
			out[o++] = *p;
		}
	}
	out[o++] = '\'';
	out[o] = '\0';
	return out;
}

static const char *item_word(enum sk_rot_item s)
{
	return s == SK_ROT_DONE ? "done" : s == SK_ROT_CANNOT ? "cannot" : "todo";
}


/* ---- the plan as text (the CLI prints it, the TUI pages it) ------------- */

/* The part's heading; false when there is nothing to list under it. */
static bool part_head(FILE *f, const char *title, const struct sk_rot_part *p, size_t n)
{
	char safe[SK_ERROR_MSG_MAX * 2];

	if (p->read == SK_ROT_READ_UNKNOWN) {
		fprintf(f, "%s: UNKNOWN, could not be read: %s\n  (nothing that depends on it is done until it can be read)\n",
		       title, sk_sanitize(p->msg, safe, sizeof safe));
		return n > 0;
	}
	if (p->read == SK_ROT_READ_NA) {
		fprintf(f, "%s: none (%s)\n", title, sk_sanitize(p->msg, safe, sizeof safe));
		return false;
	}
	fprintf(f, "%s: %zu\n", title, n);
	return n > 0;
}

void sk_rotate_write_plan(FILE *f, const struct sk_rotate_plan *p)
{
	char a[SK_NAME_MAX_BYTES * 4], b[512], c[512];

	fprintf(f, "Rotating \"%s\" (%s %s, client id %s)\n", sk_sanitize(p->old.name, a, sizeof a),
	       sk_level_label(p->old.level), sk_account_owner(&p->old), sk_sanitize(p->old.client_id, b, sizeof b));
	if (p->have_repl)
		fprintf(f, "Replacement: \"%s\" (client id %s)\n", sk_sanitize(p->repl.name, a, sizeof a),
		       sk_sanitize(p->repl.client_id, b, sizeof b));
	else
		fprintf(f, "Replacement: none yet\n");
	fputc('\n', f);
	if (part_head(f, "Webhooks", &p->hooks_part, p->nhooks)) {
		for (size_t i = 0; i < p->nhooks; i++) {
			const struct sk_rot_hook *h = &p->hooks[i];

			fprintf(f, "  [%-6s] %lld  %s -> %s  %s", item_word(h->state), (long long)h->h->id,
			       sk_sanitize(h->h->scope ? h->h->scope : "", b, sizeof b),
			       sk_sanitize(h->h->destination ? h->h->destination : "", c, sizeof c),
			       h->h->is_active ? "active" : "inactive");
			if (h->h->nheaders > 0) {
				fprintf(f, "  custom headers (values hidden):");
				for (size_t k = 0; k < h->h->nheaders; k++)
					fprintf(f, "%s %s", k ? "," : "", sk_sanitize(h->h->header_names[k], b, sizeof b));
			}
			if (h->state == SK_ROT_DONE && h->new_id > 0)
				fprintf(f, "  => %lld", (long long)h->new_id);
			if (h->state == SK_ROT_CANNOT)
				fprintf(f, "\n           cannot be carried over: %s", sk_sanitize(h->reason, c, sizeof c));
			fputc('\n', f);
		}
	}
	if (part_head(f, "Notification e-mails", &p->emails_part, p->nemails)) {
		fprintf(f, "  [%-6s]", item_word(p->emails_state));
		for (size_t i = 0; i < p->nemails; i++)
			fprintf(f, "%s %s", i ? "," : "", sk_sanitize(p->emails[i], b, sizeof b));
		fputc('\n', f);
	}
	if (part_head(f, "Scripts", &p->scripts_part, p->nscripts)) {
		for (size_t i = 0; i < p->nscripts; i++) {
			const struct sk_rot_script *s = &p->scripts[i];

			fprintf(f, "  [%-6s] \"%s\" (%s%s%s)", item_word(s->state), sk_sanitize(s->s->name ? s->s->name : "", b, sizeof b),
			       s->s->kind ? s->s->kind : "src", s->s->src && s->s->src[0] ? " " : "",
			       sk_sanitize(s->s->src ? s->s->src : "", c, sizeof c));
			if (s->state == SK_ROT_DONE)
				fprintf(f, "  => %s", s->new_uuid);
			if (s->state == SK_ROT_CANNOT)
				fprintf(f, "\n           cannot be carried over: %s", sk_sanitize(s->reason, c, sizeof c));
			fputc('\n', f);
		}
	}
	if (part_head(f, "Metafields", &p->mf_part, p->nmfs)) {
		for (size_t i = 0; i < p->nmfs; i++) {
			const struct sk_rot_metafield *m = &p->mfs[i];
			char ns[256], key[256];

			fprintf(f, "  [%-6s] %s  %s/%s  %s.%s  (%s)", item_word(m->state), m->m->id ? m->m->id : "?",
			       sk_sanitize(m->m->resource_type ? m->m->resource_type : "", b, sizeof b),
			       sk_sanitize(m->m->resource_id ? m->m->resource_id : "", c, sizeof c),
			       sk_sanitize(m->m->namespace_ ? m->m->namespace_ : "", ns, sizeof ns),
			       sk_sanitize(m->m->key ? m->m->key : "", key, sizeof key),
			       m->m->permission_set ? m->m->permission_set : "permission set unknown");
			if (m->state == SK_ROT_CANNOT)
				fprintf(f, "\n           not reassigned (the replacement lacks Metafield ownership: manage): it %s", m->fate);
			else if (m->state == SK_ROT_TODO)
				fprintf(f, "  reassignable");
			fputc('\n', f);
		}
	}
}

/* The control panel steps for the replacement, pre-filled from the old account. */
void sk_rotate_write_steps(FILE *f, const struct sk_rotate_plan *p, const char *suggested, const char *spec)
{
	char name[SK_NAME_MAX_BYTES * 4], q[SK_NAME_MAX_BYTES * 8];
	bool change_owner = false;

	fprintf(f, "\nNext: create the replacement in the control panel (%s), with:\n",
	       p->old.level == SK_LEVEL_STORE ? "Settings > Store-level API accounts > Create API account"
					      : "Settings > Account-level API accounts > Create API account");
	fprintf(f, "  Name:          %s\n", sk_sanitize(suggested, name, sizeof name));
	fprintf(f, "  Kind:          %s\n", sk_account_kind_label(&p->old));
	if (p->old.level == SK_LEVEL_STORE) {
		fprintf(f, "  Token type:    %s\n", p->old.token_type == SK_TOKEN_STENCIL ? "Stencil-CLI" : "V2/V3 API token");
		if (p->old.token_type == SK_TOKEN_STENCIL)
			fprintf(f, "  Access level:  %s\n", p->old.stencil == SK_STENCIL_PUBLISH ? "publish theme" : "local development only");
	}
	fprintf(f, "  OAuth scopes (the old account's; change them if that is why you rotate):\n");
	for (size_t i = 0; i < p->old.nscopes; i++) {
		size_t li;
		const struct sk_scope_resource *r = sk_scope_find(p->old.scopes[i], &li);

		if (strcmp(p->old.scopes[i], "store_metafield_change_owner") == 0)
			change_owner = true;
		if (r != NULL)
			fprintf(f, "    %-28s %s\n", r->ui_name, r->levels[li].label);
		else
			fprintf(f, "    %s\n", p->old.scopes[i]);
	}
	if (p->old.level == SK_LEVEL_STORE && !change_owner && p->nmfs > 0)
		fprintf(f, "    %-28s %s   (add it: storekeys then moves the metafields to the replacement)\n",
		       "Metafield ownership", "Manage");
	fprintf(f, "Save it and keep the .txt file BigCommerce downloads, then run (add --scopes LIST when you\n"
	       "changed the scopes; without it the old account's are recorded):\n"
	       "  storekeys rotate %s --from-file FILE.txt --name %s\n",
	       shq(spec, q, sizeof q), shq(suggested, name, sizeof name));
}

void sk_rotate_write_handoff(FILE *f, const struct sk_rotate_plan *p)
{
	char on[SK_NAME_MAX_BYTES * 8], nn[SK_NAME_MAX_BYTES * 8], a[SK_NAME_MAX_BYTES * 4];

	shq(p->old.name, on, sizeof on);
	shq(p->repl.name, nn, sizeof nn);
	size_t lost = 0;

	for (size_t i = 0; i < p->nhooks; i++)
		lost += p->hooks[i].state == SK_ROT_CANNOT;
	for (size_t i = 0; i < p->nscripts; i++)
		lost += p->scripts[i].state == SK_ROT_CANNOT;
	for (size_t i = 0; i < p->nmfs; i++)
		lost += p->mfs[i].state == SK_ROT_CANNOT;
	fprintf(f, "\nEverything that can be carried over is on \"%s\" and its webhooks were read back.\n",
	       sk_sanitize(p->repl.name, a, sizeof a));
	if (lost > 0)
		fprintf(f, "%zu item%s marked [cannot] above %s not carried over: deleting the old account loses %s (or, for\n"
		       "metafields, leaves %s as shown).\n",
		       lost, lost == 1 ? "" : "s", lost == 1 ? "was" : "were", lost == 1 ? "it" : "them",
		       lost == 1 ? "it" : "them");
	fprintf(f, "Next:\n"
	       "  1. Delete the old API account in BigCommerce: %s > \"%s\" > Action > Delete.\n"
	       "     That erases its webhooks there (they now exist on the replacement).\n"
	       "  2. Forget it here: storekeys remove %s   (or in the terminal interface: select it, d)\n"
	       "  3. Programs that run `storekeys exec %s` get the old token until then, and nothing after:\n"
	       "     change them to `storekeys exec %s`.\n",
	       p->old.level == SK_LEVEL_STORE ? "Settings > Store-level API accounts" : "Settings > Account-level API accounts",
	       sk_sanitize(p->old.name, a, sizeof a), on, on, nn);
}

/* ---- the replacement's name ------------------------------------------- */

void sk_rotate_suggest_name(const struct sk_registry *reg, const struct sk_account *old, int64_t now, char *out,
			    size_t size)
{
	char date[16], base[SK_NAME_MAX_BYTES + 1], cand[SK_NAME_MAX_BYTES + 32];
	time_t t = (time_t)now;
	struct tm tm;
	size_t keep;

	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%Y-%m-%d", &tm);
	sk_strlcpy(base, old->name, sizeof base);
	/* room for " rotated YYYY-MM-DD 99" within the character limit; cut on a UTF-8 boundary */
	for (keep = strlen(base); keep > 0; keep--) {
		char ch = base[keep];
		size_t chars;

		base[keep] = '\0';
		chars = sk_utf8_len(base);
		base[keep] = ch;
		if (chars <= SK_NAME_MAX_CHARS - 22 && (ch & 0xC0) != 0x80)
			break;
	}
	base[keep] = '\0';
	sk_trim(base);
	for (int k = 1; k < 100; k++) {
		if (k == 1)
			snprintf(cand, sizeof cand, "%s rotated %s", base, date);
		else
			snprintf(cand, sizeof cand, "%s rotated %s %d", base, date, k);
		if (reg == NULL ||
		    sk_registry_check_new(reg, cand, old->level, sk_account_owner(old), NULL, NULL) == SK_OK)
			break;
	}
	sk_strlcpy(out, cand, size);
}
