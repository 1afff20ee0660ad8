/* cli_exec.c - `storekeys exec`: run a command with one account's credentials in its environment. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cJSON.h>

#include "bc.h"
#include "cli.h"
#include "util.h"

/*
 * Set in the child to OWNER/NAME of the account (never a secret). Its
 * presence refuses a nested exec, so the credentials of two accounts
 * never mix in one environment.
 */
#define EXEC_MARKER "STOREKEYS_EXEC"

/* Where each variable's value comes from. */
enum src {
	SRC_NONE,
	SRC_STORE_HASH,   /* store-level only */
	SRC_ACCOUNT_UUID, /* account-level only */
	SRC_CLIENT_ID,
	SRC_ACCESS_TOKEN, /* secret */
	SRC_CLIENT_SECRET,/* secret */
	SRC_API_PATH,     /* ORIGIN/stores/HASH/v3/ or ORIGIN/accounts/UUID/graphql */
};

struct env_var {
	const char *name;
	enum src src;
};

/*
 * The --env-style vocabulary, one table: the man page and --help are
 * written from it. A variable of the chosen style that does not apply to
 * the account (e.g. BIGCOMMERCE_ACCOUNT_UUID for a store-level one) is
 * unset, so a stale value from the caller cannot pass for this account's.
 * Variables of other styles are left alone.
 *
 * Each name is one the tool really reads (checked against its source):
 * Catalyst's core/.env.example, core/auth/customer-login-api.ts and the
 * Catalyst CLI's deploy/link options. Stencil CLI reads no environment
 * variable at all, only secrets.stencil.json: its style writes that file
 * while COMMAND runs (stencil_* below).
 */
static const struct env_style {
	const char *name;
	bool store_only;
	bool stencil_file; /* the token goes into the theme's secrets.stencil.json, not the environment */
	const char *summary;
	struct env_var vars[8];
} styles[] = {
	{"bigcommerce", false, false,
	 "BIGCOMMERCE_STORE_HASH (store-level) or BIGCOMMERCE_ACCOUNT_UUID (account-level), BIGCOMMERCE_CLIENT_ID, "
	 "BIGCOMMERCE_ACCESS_TOKEN, BIGCOMMERCE_CLIENT_SECRET, BIGCOMMERCE_API_PATH",
	 {{"BIGCOMMERCE_STORE_HASH", SRC_STORE_HASH},
	  {"BIGCOMMERCE_ACCOUNT_UUID", SRC_ACCOUNT_UUID},
	  {"BIGCOMMERCE_CLIENT_ID", SRC_CLIENT_ID},
	  {"BIGCOMMERCE_ACCESS_TOKEN", SRC_ACCESS_TOKEN},
	  {"BIGCOMMERCE_CLIENT_SECRET", SRC_CLIENT_SECRET},
	  {"BIGCOMMERCE_API_PATH", SRC_API_PATH},
	  {NULL, SRC_NONE}}},
	{"stencil", true, true,
	 "no variables (Stencil CLI reads none): the access token is written to secrets.stencil.json (accessToken) "
	 "in the theme directory (--theme-dir DIR, default the current one) while COMMAND runs, and the file "
	 "that was there is put back when it ends (store-level accounts only)",
	 {{NULL, SRC_NONE}}},
	{"catalyst", true, false,
	 "BIGCOMMERCE_STORE_HASH (storefront and Catalyst CLI), BIGCOMMERCE_CLIENT_ID and BIGCOMMERCE_CLIENT_SECRET "
	 "(storefront customer login), BIGCOMMERCE_ACCESS_TOKEN (Catalyst CLI: deploy, link); the storefront's "
	 "BIGCOMMERCE_STOREFRONT_TOKEN and BIGCOMMERCE_CHANNEL_ID are not held by storekeys and are left as they "
	 "are (store-level accounts only)",
	 {{"BIGCOMMERCE_STORE_HASH", SRC_STORE_HASH},
	  {"BIGCOMMERCE_ACCESS_TOKEN", SRC_ACCESS_TOKEN},
	  {"BIGCOMMERCE_CLIENT_ID", SRC_CLIENT_ID},
	  {"BIGCOMMERCE_CLIENT_SECRET", SRC_CLIENT_SECRET},
	  {NULL, SRC_NONE}}},
};

/*
 * main() sets umask 077, ignores SIGPIPE and sets the soft core limit to 0
 * for storekeys itself; the command must start with the caller's settings
 * ("nothing else changes"), so they are recorded before main() runs.
 */
static mode_t caller_umask;
static struct sigaction caller_sigpipe;
static bool caller_saved;
static struct rlimit caller_core;
static bool caller_core_saved;

__attribute__((constructor)) static void save_caller_state(void)
{
	caller_umask = umask(077);
	umask(caller_umask);
	caller_saved = sigaction(SIGPIPE, NULL, &caller_sigpipe) == 0;
	caller_core_saved = getrlimit(RLIMIT_CORE, &caller_core) == 0;
}

/* Just before COMMAND starts: the caller's umask, SIGPIPE disposition and core limit. */
static void give_caller_state(void)
{
	if (caller_saved)
		sigaction(SIGPIPE, &caller_sigpipe, NULL);
	else
		signal(SIGPIPE, SIG_DFL);
	umask(caller_umask);
	if (caller_core_saved)
		setrlimit(RLIMIT_CORE, &caller_core);
}

/* COMMAND could not start and storekeys goes on: its own settings again (main.c). */
static void take_own_state(void)
{
	struct rlimit core;

	signal(SIGPIPE, SIG_IGN);
	umask(077);
#ifndef SK_SANITIZERS
	if (getrlimit(RLIMIT_CORE, &core) == 0) {
		core.rlim_cur = 0;
		setrlimit(RLIMIT_CORE, &core);
	}
#else
	(void)core;
#endif
}

static const struct env_style *style_named(const char *name)
{
	for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
		if (strcmp(styles[i].name, name) == 0)
			return &styles[i];
	return NULL;
}

static int help(void)
{
	printf("usage: storekeys exec ACCOUNT [--env-style STYLE] [--theme-dir DIR] -- COMMAND [ARGS...]\n"
	       "  Run COMMAND with the account's credentials in its environment; nothing else changes\n"
	       "  (umask, ignored signals and resource limits are the caller's). storekeys replaces itself\n"
	       "  with COMMAND (execvp), so the exit status is COMMAND's (126: COMMAND could not be run,\n"
	       "  127: COMMAND not found). Nested exec is refused. %s is set to OWNER/NAME of the account.\n"
	       "  With --env-style stencil, storekeys stays, runs COMMAND as its child and, when it ends\n"
	       "  (also by a signal), puts the theme directory's secrets file back as it was.\n\nStyles:\n",
	       EXEC_MARKER);
	for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++)
		printf("  %-12s %s%s\n", styles[i].name, styles[i].summary, i == 0 ? " (default)" : "");
	return 0;
}

static int usage_styles(const char *bad)
{
	char list[128] = "";

	for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++) {
		strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
		strncat(list, styles[i].name, sizeof list - strlen(list) - 1);
	}
	return sk_cli_usage("exec", "unknown --env-style '%s' (one of: %s)", bad, list);
}

static bool style_needs(const struct env_style *s, enum src what)
{
	for (const struct env_var *v = s->vars; v->name != NULL; v++)
		if (v->src == what)
			return true;
	return false;
}

/* Wipe the values of the style's variables in our environment (when COMMAND could not be started). */
static void wipe_env(const struct env_style *s)
{
	for (const struct env_var *v = s->vars; v->name != NULL; v++) {
		char *val = getenv(v->name);

		if (val != NULL && (v->src == SRC_ACCESS_TOKEN || v->src == SRC_CLIENT_SECRET))
			sk_wipe(val, strlen(val));
	}
}

/* Put the style's variables into our environment (setenv copies; our buffers are wiped by the caller). */
static enum sk_status set_env(const struct env_style *s, const struct sk_account *a, const char *token,
			      const char *secret, struct sk_error *err)
{
	const char *origin = sk_bc_origin();
	char buf[SK_API_PATH_MAX + 64];

	for (const struct env_var *v = s->vars; v->name != NULL; v++) {
		const char *val = NULL;

		switch (v->src) {
		case SRC_STORE_HASH:
			val = a->level == SK_LEVEL_STORE ? a->store_hash : NULL;
			break;
		case SRC_ACCOUNT_UUID:
			val = a->level == SK_LEVEL_ACCOUNT ? a->account_uuid : NULL;
			break;
		case SRC_CLIENT_ID:
			val = a->client_id;
			break;
		case SRC_ACCESS_TOKEN:
			val = token;
			break;
		case SRC_CLIENT_SECRET:
			val = secret;
			break;
		case SRC_API_PATH:
			/* The origin in use, so a command run against a test or demo origin goes there too. */
			if (a->level == SK_LEVEL_STORE)
				snprintf(buf, sizeof buf, "%s/stores/%s/v3/", origin, a->store_hash);
			else
				snprintf(buf, sizeof buf, "%s/accounts/%s/graphql", origin, a->account_uuid);
			val = buf;
			break;
		case SRC_NONE:
			break;
		}
		if ((val != NULL ? setenv(v->name, val, 1) : unsetenv(v->name)) != 0)
			return sk_error_set(err, SK_ERR_INTERNAL, "could not set %s: %s", v->name, strerror(errno));
	}
	return SK_OK;
}

/* ---- --env-style stencil: the token in secrets.stencil.json while COMMAND runs ---- */

/*
 * Stencil CLI (lib/StencilConfigManager.js) reads config.stencil.json and
 * secrets.stencil.json from the directory it runs in, the secrets file
 * overriding the config field by field; config.stencil.json may name
 * another secrets file (secretsFileName). An older .stencil file is
 * migrated by Stencil CLI over both files, so it is refused.
 *
 * While COMMAND runs, the caller's secrets file (if any) sits beside it as
 * NAME.storekeys-saved (renamed, so its bytes, mode and owner stay as they
 * were); with no file there, an empty NAME.storekeys-none says so. The
 * token file is private (0600). When COMMAND ends (exit, crash, signal),
 * the token file is overwritten with zeros and the caller's file renamed
 * back (or the token file removed). If storekeys itself is killed (-9),
 * the next run in that directory finds the markers and restores first.
 * A lock on the directory keeps two runs there apart.
 */
#define STENCIL_SECRETS "secrets.stencil.json"
#define STENCIL_CONFIG "config.stencil.json"
#define STENCIL_OLD ".stencil"
#define SAVED_SUFFIX ".storekeys-saved"
#define NONE_SUFFIX ".storekeys-none"
#define STENCIL_FILE_MAX (1024 * 1024)
#define DEFAULT_API_HOST "https://api.bigcommerce.com"

struct stencil_run {
	const char *dir;   /* as given (for messages) */
	int dirfd;         /* locked for the whole run */
	char name[NAME_MAX + 1];
	char saved[NAME_MAX + sizeof SAVED_SUFFIX + 1];
	char none[NAME_MAX + sizeof NONE_SUFFIX + 1];
	bool had_file;     /* the caller's file is at `saved` */
	bool active;       /* our token file is (or may be) at `name` */
};

static bool exists_at(int dirfd, const char *name)
{
	struct stat sb;

	return fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0;
}

/* A regular file of at most STENCIL_FILE_MAX bytes, NUL-terminated; NULL when absent or unreadable. */
static char *read_at(int dirfd, const char *name, size_t *len)
{
	struct stat sb;
	char *buf;
	ssize_t n;
	size_t got = 0;
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > STENCIL_FILE_MAX) {
		close(fd);
		return NULL;
	}
	buf = sk_xmalloc((size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size && (n = read(fd, buf + got, (size_t)sb.st_size - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* Overwrite the file's bytes with zeros and truncate it (best effort: the token leaves the file). */
static void zero_at(int dirfd, const char *name)
{
	static const char zeros[4096];
	struct stat sb;
	int fd = openat(dirfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		for (off_t done = 0; done < sb.st_size;) {
			size_t n = (size_t)(sb.st_size - done) < sizeof zeros ? (size_t)(sb.st_size - done) : sizeof zeros;
			ssize_t w = write(fd, zeros, n);

			if (w <= 0)
				break;
			done += w;
		}
		fdatasync(fd);
		if (ftruncate(fd, 0) != 0) {
			/* nothing more to do: the bytes are zeros already */
		}
	}
	close(fd);
}

/* The secrets file Stencil CLI will read: secretsFileName from config.stencil.json, or secrets.stencil.json. */
static enum sk_status stencil_secrets_name(struct stencil_run *r, struct sk_error *err)
{
	size_t len = 0;
	char *text = read_at(r->dirfd, STENCIL_CONFIG, &len);
	cJSON *cfg = text ? cJSON_ParseWithLength(text, len) : NULL;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(cfg, "secretsFileName");
	enum sk_status st = SK_OK;

	free(text);
	sk_strlcpy(r->name, STENCIL_SECRETS, sizeof r->name);
	if (cJSON_IsString(v) && v->valuestring[0] != '\0') {
		const char *n = v->valuestring;

		if (strchr(n, '/') != NULL || strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strlen(n) > 200 ||
		    sk_has_control(n))
			st = sk_error_set(err, SK_ERR_INVALID,
					  "%s/" STENCIL_CONFIG " names a secretsFileName that is not a plain file name; "
					  "storekeys only writes a file directly in the theme directory",
					  r->dir);
		else
			sk_strlcpy(r->name, n, sizeof r->name);
	}
	cJSON_Delete(cfg);
	snprintf(r->saved, sizeof r->saved, "%s" SAVED_SUFFIX, r->name);
	snprintf(r->none, sizeof r->none, "%s" NONE_SUFFIX, r->name);
	return st;
}

/* Put the caller's file back (or remove the token file): after COMMAND, or left over from a killed run. */
static enum sk_status stencil_restore(struct stencil_run *r, struct sk_error *err)
{
	if (exists_at(r->dirfd, r->saved)) {
		zero_at(r->dirfd, r->name);
		if (renameat(r->dirfd, r->saved, r->dirfd, r->name) != 0)
			return sk_error_set(err, SK_ERR_IO,
					    "could not put %s/%s back from %s: %s; the access token may still be in %s/%s: "
					    "rename %s to %s yourself",
					    r->dir, r->name, r->saved, strerror(errno), r->dir, r->name, r->saved, r->name);
		unlinkat(r->dirfd, r->none, 0);
	} else if (exists_at(r->dirfd, r->none)) {
		zero_at(r->dirfd, r->name);
		if (unlinkat(r->dirfd, r->name, 0) != 0 && errno != ENOENT)
			return sk_error_set(err, SK_ERR_IO,
					    "could not remove %s/%s: %s; it holds the access token: remove it yourself",
					    r->dir, r->name, strerror(errno));
		unlinkat(r->dirfd, r->none, 0);
	}
	r->active = false;
	return SK_OK;
}

/* The caller's secrets (other fields kept, e.g. githubToken) with accessToken replaced; NULL on failure. */
static char *stencil_json(const char *orig, size_t orig_len, const char *token, size_t *len)
{
	cJSON *o = orig ? cJSON_ParseWithLength(orig, orig_len) : NULL;
	cJSON *old;
	const char *origin = sk_bc_origin();
	size_t size;
	char *buf = NULL;

	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		o = cJSON_CreateObject();
	}
	old = cJSON_DetachItemFromObjectCaseSensitive(o, "accessToken");
	if (cJSON_IsString(old))
		sk_wipe(old->valuestring, strlen(old->valuestring));
	cJSON_Delete(old);
	/* A reference: cJSON neither copies nor frees the token. */
	cJSON_AddItemToObject(o, "accessToken", cJSON_CreateStringReference(token));
	/* Only a test or demo origin is written: the real one is Stencil CLI's default already. */
	if (strcmp(origin, DEFAULT_API_HOST) != 0) {
		cJSON_DeleteItemFromObjectCaseSensitive(o, "apiHost");
		cJSON_AddStringToObject(o, "apiHost", origin);
	}
	size = (orig ? orig_len * 6 : 0) + strlen(token) * 6 + strlen(origin) * 6 + 256;
	buf = sk_xmalloc(size);
	if (!cJSON_PrintPreallocated(o, buf, (int)size, true)) {
		sk_wipe(buf, size);
		free(buf);
		buf = NULL;
	} else {
		*len = strlen(buf);
	}
	cJSON_Delete(o);
	return buf;
}

static enum sk_status write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return SK_ERR_IO;
		buf += n;
		len -= (size_t)n;
	}
	return SK_OK;
}

/* Lock the theme directory, recover a killed run, move the caller's file aside, write the token file. */
static enum sk_status stencil_prepare(struct stencil_run *r, const char *dir, const char *token, struct sk_error *err)
{
	char *orig = NULL, *json = NULL;
	size_t orig_len = 0, json_len = 0;
	enum sk_status st;
	int fd;

	memset(r, 0, sizeof *r);
	r->dir = dir;
	r->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (r->dirfd < 0)
		return sk_error_set(err, SK_ERR_IO, "cannot open the theme directory %s: %s", dir, strerror(errno));
	if (flock(r->dirfd, LOCK_EX | LOCK_NB) != 0)
		return sk_error_set(err, SK_ERR_IO,
				    "another `storekeys exec --env-style stencil` is running in %s; wait for it to end",
				    dir);
	st = stencil_secrets_name(r, err);
	if (st != SK_OK)
		return st;
	if (exists_at(r->dirfd, STENCIL_OLD))
		return sk_error_set(err, SK_ERR_INVALID,
				    "%s has the older " STENCIL_OLD " file, which Stencil CLI would turn into "
				    STENCIL_CONFIG " and " STENCIL_SECRETS " over the token; run a stencil command "
				    "there once without storekeys to migrate it (or remove it), then try again",
				    dir);
	if (exists_at(r->dirfd, r->saved) || exists_at(r->dirfd, r->none)) {
		st = stencil_restore(r, err);
		if (st != SK_OK)
			return st;
		fprintf(stderr, "storekeys: an earlier run in %s was interrupted; %s/%s is as it was before it.\n",
			dir, dir, r->name);
	}

	/* The caller's file: read it (to keep its other fields), then move it aside as it is. */
	orig = read_at(r->dirfd, r->name, &orig_len);
	if (renameat(r->dirfd, r->name, r->dirfd, r->saved) == 0) {
		r->had_file = true;
	} else if (errno == ENOENT) {
		fd = openat(r->dirfd, r->none, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			st = sk_error_set(err, SK_ERR_IO, "cannot write in %s: %s", dir, strerror(errno));
			goto out;
		}
		close(fd);
	} else {
		st = sk_error_set(err, SK_ERR_IO, "cannot move %s/%s aside: %s", dir, r->name, strerror(errno));
		goto out;
	}
	r->active = true;

	json = stencil_json(orig, orig_len, token, &json_len);
	if (json == NULL) {
		st = sk_error_set(err, SK_ERR_INTERNAL, "could not build %s", r->name);
		goto out;
	}
	fd = openat(r->dirfd, r->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		st = sk_error_set(err, SK_ERR_IO, "cannot create %s/%s: %s", dir, r->name, strerror(errno));
		goto out;
	}
	/* Private whatever the umask and the directory's default ACL. */
	if (fchmod(fd, 0600) != 0 || write_all(fd, json, json_len) != SK_OK)
		st = sk_error_set(err, SK_ERR_IO, "cannot write %s/%s: %s", dir, r->name, strerror(errno));
	close(fd);
out:
	if (orig != NULL) {
		sk_wipe(orig, orig_len);
		free(orig);
	}
	if (json != NULL) {
		sk_wipe(json, json_len);
		free(json);
	}
	if (st != SK_OK && r->active) {
		struct sk_error ignored;

		stencil_restore(r, &ignored);
	}
	return st;
}

/* The signals that end COMMAND early; storekeys waits for it and then restores the file. */
static const int relayed[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP};
static volatile pid_t child_pid;

/*
 * A signal another process sent to storekeys goes on to COMMAND. One from
 * the terminal (Ctrl-C, hang-up) reached COMMAND's process group already.
 */
static void relay(int sig, siginfo_t *info, void *ctx)
{
	int saved = errno;

	(void)ctx;
	if (child_pid > 0 && (info == NULL || info->si_code == SI_USER || info->si_code == SI_QUEUE))
		kill(child_pid, sig);
	errno = saved;
}

/* Run COMMAND as a child with the token file in place; restore; return COMMAND's exit status. */
static int stencil_run_command(struct stencil_run *r, char **cmd, sigset_t *blocked, sigset_t *oldmask)
{
	struct sigaction act, old[sizeof relayed / sizeof relayed[0]];
	struct sk_error err;
	int status = 0, e = 0, rc;
	int pfd[2];
	pid_t pid;

	memset(&act, 0, sizeof act);
	act.sa_sigaction = relay;
	act.sa_flags = SA_SIGINFO | SA_RESTART;
	sigfillset(&act.sa_mask);
	for (size_t i = 0; i < sizeof relayed / sizeof relayed[0]; i++)
		sigaction(relayed[i], &act, &old[i]);
	/* A close-on-exec pipe tells the parent whether execvp failed, and why. */
	if (pipe2(pfd, O_CLOEXEC) != 0)
		pfd[0] = pfd[1] = -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		for (size_t i = 0; i < sizeof relayed / sizeof relayed[0]; i++)
			sigaction(relayed[i], &old[i], NULL);
		sigprocmask(SIG_SETMASK, oldmask, NULL);
		give_caller_state();
		if (pfd[0] >= 0)
			close(pfd[0]);
		execvp(cmd[0], cmd);
		e = errno;
		if (pfd[1] >= 0 && write(pfd[1], &e, sizeof e) != (ssize_t)sizeof e) {
			/* the parent then only sees exit 127 */
		}
		_exit(e == ENOENT || e == ENOTDIR ? 127 : 126);
	}
	if (pfd[1] >= 0)
		close(pfd[1]);
	child_pid = pid;
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	if (pid < 0) {
		e = errno;
		status = -1;
	} else {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (pfd[0] >= 0 && read(pfd[0], &e, sizeof e) != (ssize_t)sizeof e)
			e = 0;
	}
	if (pfd[0] >= 0)
		close(pfd[0]);
	/* COMMAND is gone: no more relaying; nothing may interrupt the restore. */
	sigprocmask(SIG_BLOCK, blocked, NULL);
	child_pid = 0;
	for (size_t i = 0; i < sizeof relayed / sizeof relayed[0]; i++)
		sigaction(relayed[i], &old[i], NULL);

	if (stencil_restore(r, &err) != SK_OK) {
		sigprocmask(SIG_SETMASK, oldmask, NULL);
		return sk_cli_fail(&err);
	}
	sigprocmask(SIG_SETMASK, oldmask, NULL);
	if (pid < 0 || e != 0) {
		fprintf(stderr, "storekeys: cannot run %s: %s\n", cmd[0], strerror(e));
		return e == ENOENT || e == ENOTDIR ? 127 : 126;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	rc = 128 + WTERMSIG(status);
	if (WIFSIGNALED(status)) {
		/* End the same way, so the caller sees what it would have seen without storekeys. */
		fflush(stdout);
		fflush(stderr);
		signal(WTERMSIG(status), SIG_DFL);
		raise(WTERMSIG(status));
	}
	return rc;
}

int sk_cmd_exec(struct sk_cli *cli, int argc, char **argv)
{
	const char *spec = NULL, *style_name = "bigcommerce", *theme_dir = NULL;
	const struct env_style *style;
	struct sk_registry reg;
	struct sk_keyring *kr = NULL;
	struct sk_error err;
	struct stencil_run run;
	sigset_t blocked, oldmask;
	char *token = NULL, *secret = NULL, **cmd;
	char who[SK_NAME_MAX_BYTES + 64];
	size_t idx;
	enum sk_status st;
	int i, e;

	/* ACCOUNT and options up to "--" (or up to the second plain word): the rest is COMMAND, untouched. */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return help();
		if (strcmp(a, "--env-style") == 0 || strcmp(a, "--theme-dir") == 0) {
			if (i + 1 >= argc)
				return sk_cli_usage("exec", "%s needs a value", a);
			if (a[2] == 'e')
				style_name = argv[++i];
			else
				theme_dir = argv[++i];
			continue;
		}
		if (strncmp(a, "--env-style=", 12) == 0) {
			style_name = a + 12;
			continue;
		}
		if (strncmp(a, "--theme-dir=", 12) == 0) {
			theme_dir = a + 12;
			continue;
		}
		if (a[0] == '-')
			return sk_cli_usage("exec", "unknown option '%s' (put COMMAND after --)", a);
		if (spec != NULL)
			break; /* COMMAND without "--" */
		spec = a;
	}
	cmd = argv + i;
	style = style_named(style_name);
	if (style == NULL)
		return usage_styles(style_name);
	if (theme_dir != NULL && !style->stencil_file)
		return sk_cli_usage("exec", "--theme-dir goes with --env-style stencil");
	if (theme_dir != NULL && *theme_dir == '\0')
		return sk_cli_usage("exec", "--theme-dir needs a directory");
	if (spec == NULL)
		return sk_cli_usage("exec", "give the ACCOUNT whose credentials COMMAND gets");
	if (i >= argc)
		return sk_cli_usage("exec", "give the COMMAND to run after --");
	if (getenv(EXEC_MARKER) != NULL) {
		char outer[160];

		sk_sanitize(getenv(EXEC_MARKER), outer, sizeof outer);
		sk_error_set(&err, SK_ERR_USAGE,
			     "already inside `storekeys exec` for %s (%s is set); nested exec is refused so the "
			     "credentials of two accounts never mix. Run it from outside that command.",
			     outer[0] ? outer : "another account", EXEC_MARKER);
		return sk_cli_fail(&err);
	}

	st = sk_cli_find_one(cli, spec, &reg, &idx, &err);
	if (st != SK_OK)
		return sk_cli_fail(&err);
	if (style->store_only && reg.accounts[idx].level != SK_LEVEL_STORE) {
		sk_error_set(&err, SK_ERR_INVALID,
			     "--env-style %s is for store-level accounts; %s is account-level (use --env-style bigcommerce)",
			     style->name, sk_account_label(&reg.accounts[idx], who, sizeof who));
		sk_registry_clear(&reg);
		return sk_cli_fail(&err);
	}
	/* Only the secrets the style names leave the keyring. */
	st = sk_keyring_open(&kr, &err);
	if (st == SK_OK && (style->stencil_file || style_needs(style, SRC_ACCESS_TOKEN)))
		st = sk_keyring_lookup(kr, reg.accounts[idx].id, SK_FIELD_ACCESS_TOKEN, &token, &err);
	if (st == SK_OK && style_needs(style, SRC_CLIENT_SECRET))
		st = sk_keyring_lookup(kr, reg.accounts[idx].id, SK_FIELD_CLIENT_SECRET, &secret, &err);
	if (kr != NULL)
		sk_keyring_close(kr);
	if (st == SK_OK)
		st = set_env(style, &reg.accounts[idx], token, secret, &err);
	sk_secret_free(secret);
	if (st == SK_OK) {
		sk_account_label(&reg.accounts[idx], who, sizeof who);
		if (setenv(EXEC_MARKER, who, 1) != 0)
			st = sk_error_set(&err, SK_ERR_INTERNAL, "could not set %s", EXEC_MARKER);
	}
	sk_registry_clear(&reg);

	if (st == SK_OK && style->stencil_file) {
		/* From moving the caller's file aside until COMMAND runs, no signal may leave the token file behind. */
		sigemptyset(&blocked);
		for (size_t k = 0; k < sizeof relayed / sizeof relayed[0]; k++)
			sigaddset(&blocked, relayed[k]);
		sigprocmask(SIG_BLOCK, &blocked, &oldmask);
		st = stencil_prepare(&run, theme_dir ? theme_dir : ".", token, &err);
		sk_secret_free(token);
		if (st != SK_OK) {
			sigprocmask(SIG_SETMASK, &oldmask, NULL);
			if (run.dirfd >= 0)
				close(run.dirfd);
			return sk_cli_fail(&err);
		}
		e = stencil_run_command(&run, cmd, &blocked, &oldmask);
		close(run.dirfd);
		return e;
	}
	sk_secret_free(token);
	if (st != SK_OK) {
		wipe_env(style);
		return sk_cli_fail(&err);
	}

	/* Hand COMMAND the caller's umask, SIGPIPE disposition and core limit, then become it. */
	give_caller_state();
	fflush(stdout);
	fflush(stderr);
	execvp(cmd[0], cmd);
	e = errno;
	wipe_env(style);
	take_own_state();
	fprintf(stderr, "storekeys: cannot run %s: %s\n", cmd[0], strerror(e));
	/* The conventions of env(1) and the shells: 127 not found, 126 found but not runnable. */
	return e == ENOENT || e == ENOTDIR ? 127 : 126;
}
