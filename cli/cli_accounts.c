/* cli_accounts.c - add, list, show, token, remove, doctor and scopes commands. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cJSON.h>

#include "bc.h"
#include "cli.h"
#include "credfile.h"
#include "scopes.h"
#include "util.h"
#include "vault.h"

/* The account as --json shows it: stable keys, never a secret. */
static cJSON *account_json(const struct sk_account *a)
{
	cJSON *o = sk_cli_account_json(a);
	cJSON *scopes = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "kind", sk_account_kind(a));
	cJSON_AddStringToObject(o, "api_path", a->api_path);
	for (size_t i = 0; i < a->nscopes; i++) {
		size_t li;
		const struct sk_scope_resource *r = sk_scope_find(a->scopes[i], &li);
		cJSON *s = cJSON_CreateObject();

		cJSON_AddStringToObject(s, "scope", a->scopes[i]);
		cJSON_AddStringToObject(s, "resource", r ? r->ui_name : "");
		cJSON_AddStringToObject(s, "permission", r ? r->levels[li].label : "");
		cJSON_AddItemToArray(scopes, s);
	}
	cJSON_AddItemToObject(o, "scopes", scopes);
	cJSON_AddNumberToObject(o, "created", (double)a->created);
	cJSON_AddNumberToObject(o, "verified", (double)a->verified);
	if (a->store_name[0])
		cJSON_AddStringToObject(o, "store_name", a->store_name);
	return o;
}

/* ---- reading secrets: stdin lines, or a prompt without echo ------------- */

static enum sk_status read_secret(const char *what, bool prompt, char *buf, size_t size, struct sk_error *err)
{
	char question[64];
	bool too_long, ok;

	snprintf(question, sizeof question, "%s (input hidden): ", what);
	ok = sk_cli_read_hidden(prompt ? question : NULL, buf, size, &too_long);
	if (!ok)
		return sk_error_set(err, SK_ERR_INVALID,
				    "no %s on standard input (give the client secret and the access token as two lines)",
				    what);
	if (too_long)
		return sk_error_set(err, SK_ERR_INVALID, "the %s is longer than %d characters", what, SK_SECRET_MAX);
	sk_trim(buf);
	return sk_token_check(what, buf, err);
}

static bool ask_yes(const char *question)
{
	char ans[16];
	bool too_long;

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (!sk_cli_read_hidden(NULL, ans, sizeof ans, &too_long))
		return false;
	sk_trim(ans);
	return strcmp(ans, "y") == 0 || strcmp(ans, "Y") == 0 || strcmp(ans, "yes") == 0;
}

/* ---- add ---------------------------------------------------------------- */

/* Check what needs no secret (the API path, the name rules, the type, level and scopes), both add forms. */
static enum sk_status add_check_meta(struct sk_account *a, const struct sk_cli_import_opts *o, struct sk_error *err)
{
	struct sk_api_path ap;
	enum sk_status st = sk_api_path_parse(a->api_path, &ap, err);

	if (st == SK_OK)
		st = sk_name_check_new(a->name, NULL, err);
	if (st == SK_OK && o->token_type && !sk_token_type_parse(o->token_type, &a->token_type))
		st = sk_error_set(err, SK_ERR_USAGE, "--token-type is v2v3 or stencil");
	if (st == SK_OK && o->access_level) {
		if (!o->access_level[0] || !sk_stencil_parse(o->access_level, &a->stencil))
			st = sk_error_set(err, SK_ERR_USAGE, "--access-level is dev or publish");
		if (st == SK_OK && a->token_type != SK_TOKEN_STENCIL)
			st = sk_error_set(err, SK_ERR_USAGE, "--access-level is only for --token-type stencil");
	}
	if (st == SK_OK && ap.level == SK_LEVEL_ACCOUNT && a->token_type == SK_TOKEN_STENCIL)
		st = sk_error_set(err, SK_ERR_USAGE, "Stencil-CLI tokens are store-level; this API path is account-level");
	if (st == SK_OK && ap.level == SK_LEVEL_STORE)
		sk_account_kind_defaults(a);
	if (st == SK_OK) {
		const char *list = o->scopes;

		if (list == NULL && a->token_type == SK_TOKEN_STENCIL)
			list = a->stencil == SK_STENCIL_PUBLISH ? "stencil-publish" : "stencil-dev";
		st = sk_scopes_parse(list, ap.level, &a->scopes, &a->nscopes, err);
		/* What the control panel records without asking (Metafields access: Standard). */
		if (st == SK_OK && a->token_type != SK_TOKEN_STENCIL)
			sk_scopes_add_defaults(&a->scopes, &a->nscopes, ap.level);
	}
	if (st == SK_OK)
		sk_account_set_path(a, &ap);
	return st;
}

enum sk_status sk_cli_import_file(const char *file, const struct sk_cli_import_opts *o, struct sk_account *a,
				  char *secret, char *token, struct sk_error *err)
{
	struct sk_credfile cf;
	enum sk_status st;

	memset(a, 0, sizeof *a);
	secret[0] = token[0] = '\0';
	/* --delete-file promises the plaintext goes: refuse before storing anything if it cannot. */
	if (o->delete_file && sk_credfile_check_sole(file, err) != SK_OK) {
		sk_error_prefix(err, "not imported (--delete-file)");
		return err->code;
	}
	st = sk_credfile_read(file, &cf, err);
	if (st != SK_OK)
		return st;
	if (o->name == NULL && cf.names_differ) {
		char c1[SK_NAME_MAX_BYTES * 4], c2[SK_NAME_MAX_BYTES * 4];

		sk_sanitize(cf.client_name, c1, sizeof c1);
		sk_sanitize(cf.name_line, c2, sizeof c2);
		st = sk_error_set(err, SK_ERR_USAGE,
				  "%s names the account two ways, CLIENT NAME \"%s\" and NAME \"%s\"; choose with --name",
				  file, c1, c2);
	} else if (o->name == NULL && cf.name[0] == '\0') {
		st = sk_error_set(err, SK_ERR_USAGE, "%s has no NAME or CLIENT NAME line; give --name", file);
	} else if (o->name == NULL && sk_name_check_new(cf.name, NULL, err) != SK_OK) {
		char c1[SK_NAME_MAX_BYTES * 4], why[SK_ERROR_MSG_MAX];

		sk_sanitize(cf.name, c1, sizeof c1);
		sk_strlcpy(why, err->msg, sizeof why);
		st = sk_error_set(err, SK_ERR_USAGE, "%s: the name \"%s\" cannot be used: %s; give --name", file, c1, why);
	}
	if (st == SK_OK) {
		sk_strlcpy(a->name, o->name ? o->name : cf.name, sizeof a->name);
		sk_strlcpy(a->api_path, cf.path.canonical, sizeof a->api_path);
		sk_strlcpy(a->client_id, cf.client_id, sizeof a->client_id);
		sk_strlcpy(secret, cf.client_secret, SK_SECRET_MAX + 2);
		sk_strlcpy(token, cf.access_token, SK_SECRET_MAX + 2);
	}
	sk_credfile_clear(&cf);
	if (st == SK_OK)
		st = add_check_meta(a, o, err);
	if (st != SK_OK) {
		sk_wipe(secret, SK_SECRET_MAX + 2);
		sk_wipe(token, SK_SECRET_MAX + 2);
		sk_account_clear(a);
	}
	return st;
}

/* ---- add of many files: one keyring session, one registry write --------- */

/* One file of a batch. */
struct import_file {
	char *path;
	struct sk_account a;
	char secret[SK_SECRET_MAX + 2], token[SK_SECRET_MAX + 2];
	bool deleted;
};

struct import_view {
	struct import_file *files;
	struct sk_vault_new *items;
	bool bar, lines; /* a progress bar on a terminal; else (or with -v) one line per file */
	bool bar_shown;
	int64_t bar_drawn;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append path, or every regular *.txt in it when it is a directory (sorted), to the list. */
static enum sk_status import_expand(const char *path, char ***list, size_t *n, size_t *cap, struct sk_error *err)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	size_t first = *n;

	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*list = sk_xrealloc(*list, *cap * sizeof **list);
		}
		(*list)[(*n)++] = sk_strdup(path);
		return SK_OK;
	}
	d = opendir(path);
	if (d == NULL)
		return sk_error_set(err, SK_ERR_INVALID, "cannot read the directory %s: %s", path, strerror(errno));
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char full[PATH_MAX];

		if (len < 5 || strcmp(e->d_name + len - 4, ".txt") != 0 || e->d_name[0] == '.')
			continue;
		if (snprintf(full, sizeof full, "%s/%s", path, e->d_name) >= (int)sizeof full)
			continue;
		/* Regular files only: a symbolic link or a device is not a download. */
		if (lstat(full, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*list = sk_xrealloc(*list, *cap * sizeof **list);
		}
		(*list)[(*n)++] = sk_strdup(full);
	}
	closedir(d);
	if (*n == first)
		return sk_error_set(err, SK_ERR_INVALID, "%s holds no .txt file", path);
	qsort(*list + first, *n - first, sizeof **list, cmp_str);
	return SK_OK;
}

static void import_bar_clear(struct import_view *v)
{
	if (v->bar_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		v->bar_shown = false;
	}
}

/* A failed file, by name, on stderr (the message names the file when it already does). */
static void import_say_failed(struct import_view *v, const char *path, const struct sk_error *err)
{
	import_bar_clear(v);
	if (strstr(err->msg, path))
		fprintf(stderr, "storekeys: not imported: %s\n", err->msg);
	else
		fprintf(stderr, "storekeys: not imported: %s: %s\n", path, err->msg);
}

/* Ctrl-C or a TERM during a batch: stop after the account being stored, commit the ones stored. */
static volatile sig_atomic_t import_stop;

static void import_signal(int sig)
{
	(void)sig;
	import_stop = 1;
}

static bool import_progress(size_t done, size_t total, const struct sk_vault_new *it, void *ud)
{
	struct import_view *v = ud;
	const struct import_file *f = &v->files[it - v->items];
	char name[SK_NAME_MAX_BYTES * 4];

	if (v->lines) {
		if (it->st == SK_OK)
			fprintf(stderr, "storekeys: [%zu/%zu] %s: stored \"%s\" (%s %s)\n", done, total, f->path,
				sk_sanitize(f->a.name, name, sizeof name), sk_level_name(f->a.level),
				sk_account_owner(&f->a));
		return !import_stop;
	}
	if (v->bar && (done == total || sk_now_ms() - v->bar_drawn >= 100)) {
		char cells[31];
		size_t fill = done * 30 / total;

		for (size_t i = 0; i < 30; i++)
			cells[i] = i < fill ? '#' : '.';
		cells[30] = '\0';
		fprintf(stderr, "\r[%s] %zu/%zu accounts stored in the keyring\033[K", cells, done, total);
		fflush(stderr);
		v->bar_shown = true;
		v->bar_drawn = sk_now_ms();
	}
	return !import_stop;
}

/* The exit code of the worst outcome: the highest code among the files that failed. */
static int import_many(struct sk_cli *cli, char **paths, size_t npaths, const struct sk_cli_import_opts *o,
		       bool keep_file, bool json)
{
	struct import_view v;
	struct sk_error err;
	char **list = NULL;
	size_t n = 0, cap = 0, nadded = 0, nfailed = 0, ndeleted = 0, nkept = 0;
	enum sk_status st;
	bool delete_files = o->delete_file;
	int rc = 0;

	for (size_t i = 0; i < npaths; i++) {
		if (import_expand(paths[i], &list, &n, &cap, &err) != SK_OK) {
			for (size_t k = 0; k < n; k++)
				free(list[k]);
			free(list);
			return sk_cli_fail(&err);
		}
	}
	memset(&v, 0, sizeof v);
	v.files = sk_xcalloc(n, sizeof *v.files);
	v.items = sk_xcalloc(n, sizeof *v.items);
	v.bar = isatty(STDERR_FILENO) && cli->verbose == 0;
	v.lines = !v.bar;
	/* Every file is read and checked before anything is stored. */
	for (size_t i = 0; i < n; i++) {
		struct import_file *f = &v.files[i];

		f->path = list[i];
		v.items[i].a = &f->a;
		v.items[i].client_secret = f->secret;
		v.items[i].access_token = f->token;
		v.items[i].st = sk_cli_import_file(f->path, o, &f->a, f->secret, f->token, &v.items[i].err);
		/* The same file named twice would be the same account twice: the second is refused by name. */
	}
	{
		struct sigaction act, old_int, old_term;

		memset(&act, 0, sizeof act);
		act.sa_handler = import_signal;
		act.sa_flags = SA_RESTART;
		sigemptyset(&act.sa_mask);
		import_stop = 0;
		sigaction(SIGINT, &act, &old_int);
		sigaction(SIGTERM, &act, &old_term);
		st = sk_vault_add_many(cli->dir, v.items, n, import_progress, &v, &err);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	import_bar_clear(&v);
	for (size_t i = 0; i < n; i++) {
		sk_wipe(v.files[i].secret, sizeof v.files[i].secret);
		sk_wipe(v.files[i].token, sizeof v.files[i].token);
	}
	/* Which imported files to delete: --delete-file, or one question on a terminal. */
	for (size_t i = 0; i < n; i++)
		nadded += v.items[i].st == SK_OK;
	if (nadded > 0 && !keep_file && !delete_files && cli->tty_in && !json) {
		char q[128];

		snprintf(q, sizeof q, "Delete the %zu imported credentials file%s now? They hold the secrets in plaintext.",
			 nadded, nadded == 1 ? "" : "s");
		delete_files = ask_yes(q);
	}
	for (size_t i = 0; i < n; i++) {
		struct import_file *f = &v.files[i];
		struct sk_vault_new *it = &v.items[i];

		if (it->st != SK_OK) {
			int code = sk_status_exit_code(it->st);

			import_say_failed(&v, f->path, &it->err);
			nfailed++;
			if (code > rc)
				rc = code;
			continue;
		}
		if (delete_files) {
			if (sk_credfile_delete(f->path, &err) != SK_OK) {
				fprintf(stderr, "storekeys: %s was added, but %s\n", f->path, err.msg);
				nkept++;
			} else {
				f->deleted = true;
				ndeleted++;
			}
		} else {
			nkept++;
		}
	}
	if (st != SK_OK && sk_status_exit_code(st) > rc)
		rc = sk_status_exit_code(st);
	if (json) {
		cJSON *root = cJSON_CreateObject(), *res = cJSON_CreateArray();

		cJSON_AddNumberToObject(root, "files", (double)n);
		cJSON_AddNumberToObject(root, "added", (double)nadded);
		cJSON_AddNumberToObject(root, "failed", (double)nfailed);
		for (size_t i = 0; i < n; i++) {
			cJSON *o1 = cJSON_CreateObject();

			cJSON_AddStringToObject(o1, "file", v.files[i].path);
			if (v.items[i].st == SK_OK) {
				cJSON_AddStringToObject(o1, "result", "added");
				cJSON_AddItemToObject(o1, "account", account_json(&v.files[i].a));
				cJSON_AddBoolToObject(o1, "file_deleted", v.files[i].deleted);
			} else {
				cJSON_AddStringToObject(o1, "result", "failed");
				cJSON_AddStringToObject(o1, "error", v.items[i].err.msg);
				cJSON_AddNumberToObject(o1, "exit_code", sk_status_exit_code(v.items[i].st));
			}
			cJSON_AddItemToArray(res, o1);
		}
		cJSON_AddItemToObject(root, "results", res);
		cJSON_AddNumberToObject(root, "exit_code", rc);
		if (sk_cli_print_json(root) != 0 && rc == 0)
			rc = sk_status_exit_code(SK_ERR_IO);
	} else {
		printf("Added %zu of %zu file%s to the keyring and the registry", nadded, n, n == 1 ? "" : "s");
		if (nfailed > 0)
			printf("; %zu not imported (named above, nothing of them was stored)", nfailed);
		printf(".\n");
		if (ndeleted > 0)
			printf("Deleted %zu imported file%s.\n", ndeleted, ndeleted == 1 ? "" : "s");
	}
	if (nkept > 0)
		fprintf(stderr,
			"storekeys: %zu imported file%s still hold%s the secrets in plaintext; delete them (or use "
			"--delete-file)\n",
			nkept, nkept == 1 ? "" : "s", nkept == 1 ? "s" : "");
	for (size_t i = 0; i < n; i++) {
		sk_account_clear(&v.files[i].a);
		free(v.files[i].path);
	}
	free(v.files);
	free(v.items);
	free(list);
	return rc;
}

int sk_cmd_add(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"from-file", required_argument, NULL, 'f'},  {"name", required_argument, NULL, 'n'},
		{"api-path", required_argument, NULL, 'p'},   {"client-id", required_argument, NULL, 'c'},
		{"token-type", required_argument, NULL, 't'}, {"access-level", required_argument, NULL, 'l'},
		{"scopes", required_argument, NULL, 's'},     {"delete-file", no_argument, NULL, 'D'},
		{"keep-file", no_argument, NULL, 'K'},        {"verify", no_argument, NULL, 'v'},
		{"json", no_argument, NULL, 'j'},             {"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *path = NULL, *client_id = NULL;
	struct sk_cli_import_opts io;
	char **files = NULL;
	size_t nfiles = 0;
	bool keep_file = false, verify = false, json = false, many = false;
	struct sk_account a;
	struct sk_error err;
	char secret[SK_SECRET_MAX + 2], token[SK_SECRET_MAX + 2];
	const char *file;
	enum sk_status st;
	int c, rc;

	memset(&io, 0, sizeof io);
	files = sk_xcalloc((size_t)argc + 1, sizeof *files);
	optind = 0;
	while ((c = sk_cli_getopt("add", argc, argv, NULL, opts)) != -1) {
		switch (c) {
		case 'f': files[nfiles++] = optarg; break;
		case 'n': io.name = optarg; break;
		case 'p': path = optarg; break;
		case 'c': client_id = optarg; break;
		case 't': io.token_type = optarg; break;
		case 'l': io.access_level = optarg; break;
		case 's': io.scopes = optarg; break;
		case 'D': io.delete_file = true; break;
		case 'K': keep_file = true; break;
		case 'v': verify = true; break;
		case 'j': json = true; break;
		case 'h': free(files); return sk_cli_help("add");
		default: free(files); return sk_status_exit_code(SK_ERR_USAGE);
		}
	}
	/* After --from-file, the arguments are more files (several paths, or directories of them). */
	if (optind < argc && nfiles == 0) {
		free(files);
		return sk_cli_usage("add", "unexpected argument '%s' (secrets are never arguments; pipe them on stdin)",
				    argv[optind]);
	}
	while (optind < argc)
		files[nfiles++] = argv[optind++];
	file = nfiles > 0 ? files[0] : NULL;
	if (file && (path || client_id))
		rc = sk_cli_usage("add", "--from-file takes the API path and client id from the file");
	else if (!file && (!io.name || !path || !client_id))
		rc = sk_cli_usage("add", "give --from-file FILE, or --name, --api-path and --client-id");
	else if (json && !file)
		rc = sk_cli_usage("add", "--json is for --from-file");
	else
		rc = -1;
	if (rc < 0 && file) {
		struct stat sb;

		many = nfiles > 1 || json || (stat(file, &sb) == 0 && S_ISDIR(sb.st_mode));
		if (many && io.name)
			rc = sk_cli_usage("add", "--name names one account; with many files each name comes from its file");
		else if (many && verify)
			rc = sk_cli_usage("add", "--verify takes one file; check many at once with `storekeys audit`");
		else if (many)
			rc = import_many(cli, files, nfiles, &io, keep_file, json);
	}
	if (rc >= 0) {
		free(files);
		return rc;
	}
	free(files);

	memset(&a, 0, sizeof a);
	secret[0] = token[0] = '\0';
	if (file) {
		st = sk_cli_import_file(file, &io, &a, secret, token, &err);
		if (st == SK_ERR_USAGE)
			return sk_cli_usage("add", "%s", err.msg);
		if (st != SK_OK)
			return sk_cli_fail(&err);
	} else {
		if (!sk_strlcpy(a.name, io.name, sizeof a.name) || !sk_strlcpy(a.api_path, path, sizeof a.api_path) ||
		    !sk_strlcpy(a.client_id, client_id, sizeof a.client_id)) {
			sk_error_set(&err, SK_ERR_INVALID, "the name, API path or client id is too long");
			return sk_cli_fail(&err);
		}
		/* Check everything that needs no secret before asking for the secrets. */
		st = add_check_meta(&a, &io, &err);
		if (st == SK_OK)
			st = read_secret("client secret", cli->tty_in, secret, sizeof secret, &err);
		if (st == SK_OK)
			st = read_secret("access token", cli->tty_in, token, sizeof token, &err);
	}
	if (st == SK_OK && verify) {
		struct sk_verify_result vr;

		/* Check the token before anything is stored: a rejected token is never saved. */
		memset(&vr, 0, sizeof vr);
		st = sk_bc_verify(&a, token, NULL, &vr, &err);
		if (st == SK_OK) {
			a.verified = (int64_t)time(NULL);
			if (vr.have_store_info)
				sk_strlcpy(a.store_name, vr.store.name, sizeof a.store_name);
			fprintf(stderr, "Verified against %s%s%s.\n", sk_bc_origin(), vr.have_store_info ? ": " : "",
				vr.have_store_info ? a.store_name : "");
		} else {
			sk_error_prefix(&err, "not saved, the token did not verify");
		}
	}
	if (st == SK_OK)
		st = sk_vault_add(cli->dir, &a, secret, token, &err);
	sk_wipe(secret, sizeof secret);
	sk_wipe(token, sizeof token);
	if (st != SK_OK) {
		sk_account_clear(&a);
		return sk_cli_fail(&err);
	}
	{
		char ls[SK_NAME_MAX_BYTES + 128], lt[SK_NAME_MAX_BYTES + 128];
		char cn[SK_NAME_MAX_BYTES * 4], cls[SK_NAME_MAX_BYTES * 4 + 128], clt[SK_NAME_MAX_BYTES * 4 + 128];

		sk_keyring_label(&a, SK_FIELD_CLIENT_SECRET, ls, sizeof ls);
		sk_keyring_label(&a, SK_FIELD_ACCESS_TOKEN, lt, sizeof lt);
		printf("Added \"%s\" (%s %s). The keyring holds \"%s\" and \"%s\".\n", sk_sanitize(a.name, cn, sizeof cn),
		       a.level == SK_LEVEL_STORE ? "store" : "account", sk_account_owner(&a), sk_sanitize(ls, cls, sizeof cls),
		       sk_sanitize(lt, clt, sizeof clt));
	}
	sk_account_clear(&a);
	if (file) {
		bool delete_file = io.delete_file;

		/* The .txt holds both secrets in plaintext: offer to delete it (only when deleting removes them). */
		if (!keep_file && !delete_file && cli->tty_in) {
			if (sk_credfile_check_sole(file, &err) == SK_OK)
				delete_file = ask_yes("Delete the credentials file now? It holds the secrets in plaintext.");
			else
				fprintf(stderr, "storekeys: %s\n", err.msg);
		}
		if (delete_file) {
			/* Say "Deleted" only when no other name of the data remains. */
			if (sk_credfile_delete(file, &err) != SK_OK)
				fprintf(stderr, "storekeys: the account was added, but %s\n", err.msg);
			else
				printf("Deleted %s.\n", file);
		} else {
			fprintf(stderr, "storekeys: %s still holds the secrets in plaintext; delete it (or use --delete-file)\n",
				file);
		}
	}
	return 0;
}

/* ---- list and show ------------------------------------------------------ */

static void print_account_line(const struct sk_account *a)
{
	char sum[200], when[32], name[SK_NAME_MAX_BYTES + 1];

	sk_scopes_summary(a->scopes, a->nscopes, sum, sizeof sum);
	if (strlen(sum) > 48)
		strcpy(sum + 45, "...");
	printf("  %-28s %-32s %-16s %s\n", sk_sanitize(a->name, name, sizeof name), sk_account_kind_label(a),
	       a->verified ? sk_time_str(a->verified, when, sizeof when) : "never verified", sum);
}

/* True when spec names exactly the account at i (sk_registry_find's readings). */
static bool names_only(const struct sk_registry *reg, const char *spec, size_t i)
{
	size_t idx;

	return sk_registry_find(reg, spec, &idx, NULL) == SK_OK && idx == i;
}

/*
 * list --names: one ACCOUNT per line for shell completion, from the registry only (no
 * keyring call, so it works with a locked or absent keyring). Each line is the
 * shortest spelling that names that account alone: the name, OWNER/NAME, or id:ID.
 * Names never hold control characters (sk_name_check).
 */
static void print_names(const struct sk_registry *reg)
{
	for (size_t i = 0; i < reg->n; i++) {
		const struct sk_account *a = &reg->accounts[i];
		char spec[SK_NAME_MAX_BYTES + 64];

		if (names_only(reg, a->name, i)) {
			printf("%s\n", a->name);
			continue;
		}
		snprintf(spec, sizeof spec, "%s/%s", sk_account_owner(a), a->name);
		if (names_only(reg, spec, i))
			printf("%s\n", spec);
		else
			printf("id:%s\n", a->id);
	}
}

/* A store's run in the sorted index: where it starts, how long, and its first account in registry order. */
struct store_group {
	size_t start, len, first;
};

static const struct sk_registry *list_sort_reg;

static int cmp_store_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(list_sort_reg->accounts[x].store_hash, list_sort_reg->accounts[y].store_hash);

	return c != 0 ? c : (x > y) - (x < y);
}

static int cmp_group_first(const void *a, const void *b)
{
	const struct store_group *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

int sk_cmd_list(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
					     {"names", no_argument, NULL, 'n'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct sk_registry reg;
	struct sk_error err;
	bool json = false, names = false;
	int c, rc = 0;

	optind = 0;
	while ((c = sk_cli_getopt("list", argc, argv, NULL, opts)) != -1) {
		if (c == 'j')
			json = true;
		else if (c == 'n')
			names = true;
		else if (c == 'h')
			return sk_cli_help("list");
		else
			return sk_status_exit_code(SK_ERR_USAGE);
	}
	if (optind < argc)
		return sk_cli_usage("list", "unexpected argument '%s'", argv[optind]);
	if (json && names)
		return sk_cli_usage("list", "--json and --names exclude each other");
	if (sk_registry_load(&reg, cli->dir, &err) != SK_OK)
		return sk_cli_fail(&err);
	if (names) {
		print_names(&reg);
	} else if (json) {
		cJSON *root = cJSON_CreateObject();
		cJSON *arr = cJSON_AddArrayToObject(root, "accounts");

		for (size_t i = 0; i < reg.n; i++)
			cJSON_AddItemToArray(arr, account_json(&reg.accounts[i]));
		rc = sk_cli_print_json(root);
	} else if (reg.n == 0) {
		printf("No accounts yet. Add one with `storekeys add --from-file FILE` or open `storekeys`.\n");
	} else {
		/* Stores in order of first appearance, each with its accounts and the N/50 count (sorted: n log n). */
		size_t *idx = sk_xcalloc(reg.n + 1, sizeof *idx), m = 0, ngroups = 0;
		struct store_group *groups = sk_xcalloc(reg.n + 1, sizeof *groups);
		bool any = false;

		for (size_t i = 0; i < reg.n; i++) {
			if (reg.accounts[i].level != SK_LEVEL_ACCOUNT)
				continue;
			if (!any)
				printf("Account-level\n");
			any = true;
			printf("  [account %s]\n", reg.accounts[i].account_uuid);
			print_account_line(&reg.accounts[i]);
		}
		for (size_t i = 0; i < reg.n; i++)
			if (reg.accounts[i].level == SK_LEVEL_STORE)
				idx[m++] = i;
		list_sort_reg = &reg;
		qsort(idx, m, sizeof *idx, cmp_store_index);
		for (size_t k = 0; k < m; k++) {
			if (k == 0 || strcmp(reg.accounts[idx[k]].store_hash, reg.accounts[idx[k - 1]].store_hash) != 0)
				groups[ngroups++].start = k; /* the run's first element has the smallest index */
			groups[ngroups - 1].len++;
		}
		for (size_t g = 0; g < ngroups; g++)
			groups[g].first = idx[groups[g].start];
		qsort(groups, ngroups, sizeof *groups, cmp_group_first);
		for (size_t g = 0; g < ngroups; g++) {
			const struct sk_account *a = &reg.accounts[groups[g].first];
			char sname[128];

			sname[0] = '\0';
			for (size_t k = groups[g].start; k < groups[g].start + groups[g].len; k++)
				if (reg.accounts[idx[k]].store_name[0])
					sk_sanitize(reg.accounts[idx[k]].store_name, sname, sizeof sname);
			printf("Store %s%s%s%s  %zu/%d\n", a->store_hash, sname[0] ? " (" : "", sname, sname[0] ? ")" : "",
			       groups[g].len, SK_STORE_MAX_ACCOUNTS);
			for (size_t k = groups[g].start; k < groups[g].start + groups[g].len; k++)
				print_account_line(&reg.accounts[idx[k]]);
		}
		free(groups);
		free(idx);
	}
	if (reg.read_only)
		fprintf(stderr, "storekeys: the registry was written by a newer storekeys; it is read-only here\n");
	sk_registry_clear(&reg);
	return rc;
}

/* Parse "ACCOUNT [--json]"-shaped arguments shared by several commands. */
static int one_account_args(const char *cmd, int argc, char **argv, const struct option *extra, const char **spec,
			    bool *json, int *flag)
{
	struct option opts[8] = {{"json", no_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}};
	int n = 2, c;

	for (const struct option *o = extra; o && o->name && n < 7; o++)
		opts[n++] = *o;
	memset(&opts[n], 0, sizeof opts[n]);
	optind = 0;
	while ((c = sk_cli_getopt(cmd, argc, argv, NULL, opts)) != -1) {
		if (c == 'j' && json)
			*json = true;
		else if (c == 'h')
			return sk_cli_help(cmd) - 1;
		else if (c == 'x' && flag)
			*flag = 1;
		else
			return sk_status_exit_code(SK_ERR_USAGE);
	}
	if (optind != argc - 1)
		return sk_cli_usage(cmd, "give exactly one ACCOUNT");
	*spec = argv[optind];
	return 0;
}

int sk_cmd_show(struct sk_cli *cli, int argc, char **argv)
{
	struct sk_registry reg;
	struct sk_error err;
	const char *spec;
	bool json = false;
	size_t idx;
	int rc = one_account_args("show", argc, argv, NULL, &spec, &json, NULL);
	const struct sk_account *a;
	char buf[SK_NAME_MAX_BYTES + 1], when[32];

	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (sk_cli_find_one(cli, spec, &reg, &idx, &err) != SK_OK)
		return sk_cli_fail(&err);
	a = &reg.accounts[idx];
	if (json) {
		rc = sk_cli_print_json(account_json(a));
	} else {
		printf("Name:          %s\n", sk_sanitize(a->name, buf, sizeof buf));
		printf("Kind:          %s\n", sk_account_kind_label(a));
		if (a->level == SK_LEVEL_STORE)
			printf("Store hash:    %s%s%s%s\n", a->store_hash, a->store_name[0] ? " (" : "",
			       sk_sanitize(a->store_name, buf, sizeof buf), a->store_name[0] ? ")" : "");
		else
			printf("Account UUID:  %s\n", a->account_uuid);
		printf("API path:      %s\n", a->api_path);
		printf("Client ID:     %s\n", a->client_id);
		printf("Client secret: (in the keyring)\n");
		printf("Access token:  (in the keyring; `storekeys token` prints it)\n");
		printf("Created:       %s\n", sk_time_str(a->created, when, sizeof when));
		printf("Verified:      %s\n", a->verified ? sk_time_str(a->verified, when, sizeof when) : "never");
		printf("Scopes:        %s\n", a->nscopes ? "" : "none recorded");
		for (size_t i = 0; i < a->nscopes; i++) {
			size_t li;
			const struct sk_scope_resource *r = sk_scope_find(a->scopes[i], &li);

			printf("  %-40s %-14s %s\n", r ? r->ui_name : "?", r ? r->levels[li].label : "", a->scopes[i]);
		}
	}
	sk_registry_clear(&reg);
	return rc;
}

int sk_cmd_token(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option extra[] = {{"client-secret", no_argument, NULL, 'x'}, {NULL, 0, NULL, 0}};
	struct sk_registry reg;
	struct sk_error err;
	const char *spec;
	int want_secret = 0;
	size_t idx;
	char *secret = NULL;
	enum sk_status st;
	int rc = one_account_args("token", argc, argv, extra, &spec, NULL, &want_secret);

	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (sk_cli_find_one(cli, spec, &reg, &idx, &err) != SK_OK)
		return sk_cli_fail(&err);
	st = sk_vault_secret(&reg.accounts[idx], want_secret ? SK_FIELD_CLIENT_SECRET : SK_FIELD_ACCESS_TOKEN, &secret,
			   &err);
	sk_registry_clear(&reg);
	if (st != SK_OK)
		return sk_cli_fail(&err);
	/* The one place a secret is printed: on stdout, because the user asked for it. */
	fputs(secret, stdout);
	fputc('\n', stdout);
	fflush(stdout);
	sk_secret_free(secret);
	return 0;
}

int sk_cmd_remove(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option extra[] = {{"yes", no_argument, NULL, 'x'}, {NULL, 0, NULL, 0}};
	struct sk_registry reg;
	struct sk_error err;
	const char *spec;
	char note[1024];
	int yes = 0;
	size_t idx;
	struct sk_account a;
	enum sk_status st;
	char shown[SK_NAME_MAX_BYTES * 4];
	int rc = one_account_args("remove", argc, argv, extra, &spec, NULL, &yes);

	if (rc != 0)
		return rc < 0 ? 0 : rc;
	if (sk_cli_find(cli, spec, &reg, &idx, &err) != SK_OK)
		return sk_cli_fail(&err);
	sk_account_copy(&a, &reg.accounts[idx]);
	sk_registry_clear(&reg);
	if (!yes) {
		char typed[SK_NAME_MAX_BYTES + 2];
		bool too_long;

		if (!cli->tty_in) {
			sk_account_clear(&a);
			return sk_cli_usage("remove", "without a terminal, confirm with --yes");
		}
		fprintf(stderr,
			"Removing \"%s\" forgets its client secret and access token here.\n"
			"When you delete the API account in BigCommerce, its webhooks are erased, no other\n"
			"account can manage its scripts, and its metafields stay: write ones stay writable by\n"
			"other API accounts, the rest only by one with store_metafield_write_all (see\n"
			"reassignMetafieldsOwner in storekeys(1)). That cannot be undone.\n"
			"Type the account name to confirm: ",
			sk_sanitize(a.name, shown, sizeof shown));
		if (!sk_cli_read_hidden(NULL, typed, sizeof typed, &too_long) || !sk_name_equal(typed, a.name)) {
			sk_account_clear(&a);
			sk_error_set(&err, SK_ERR_CANCELLED, "the name did not match; nothing was removed");
			return sk_cli_fail(&err);
		}
	}
	st = sk_vault_remove(cli->dir, a.id, &err);
	if (st != SK_OK) {
		sk_account_clear(&a);
		return sk_cli_fail(&err);
	}
	sk_vault_removed_note(cli->dir, a.id, note, sizeof note);
	printf("Removed \"%s\" from the keyring and the registry.\n%s%s"
	       "To finish, delete it in BigCommerce: %s\n",
	       sk_sanitize(a.name, shown, sizeof shown), note, note[0] ? "\n" : "",
	       a.level == SK_LEVEL_STORE ? "Settings > Store-level API accounts > Action > Delete"
					 : "accounts.bigcommerce.com/tokens (or Settings > Account-level API accounts) > Action > Delete");
	sk_account_clear(&a);
	return 0;
}

/* doctor --purge-orphan ID: the one way to delete a secret that no entry names (R26). */
static int purge_orphan(struct sk_cli *cli, const char *id, bool yes)
{
	char note[1024];
	struct sk_account meta;
	struct sk_error err;
	char name[SK_NAME_MAX_BYTES + 1];

	if (sk_vault_orphan_info(cli->dir, id, &meta, &err) != SK_OK)
		return sk_cli_fail(&err);
	sk_sanitize(meta.name, name, sizeof name);
	if (!yes) {
		char typed[SK_NAME_MAX_BYTES + 2];
		bool too_long;

		if (!cli->tty_in) {
			sk_account_clear(&meta);
			return sk_cli_usage("doctor", "without a terminal, confirm --purge-orphan with --yes");
		}
		fprintf(stderr,
			"Purging deletes the client secret and access token of \"%s\" (%s %s) from the keyring.\n"
			"BigCommerce never shows them again. `storekeys doctor --fix` would adopt them instead.\n"
			"Type the account name to confirm: ",
			name, meta.level == SK_LEVEL_STORE ? "store" : "account", sk_account_owner(&meta));
		if (!sk_cli_read_hidden(NULL, typed, sizeof typed, &too_long) || !sk_name_equal(typed, meta.name)) {
			sk_account_clear(&meta);
			sk_error_set(&err, SK_ERR_CANCELLED, "the name did not match; nothing was purged");
			return sk_cli_fail(&err);
		}
	}
	sk_account_clear(&meta);
	if (sk_vault_purge_orphan(cli->dir, id, &err) != SK_OK)
		return sk_cli_fail(&err);
	printf("Purged the orphan secrets of \"%s\" (%s): deleted from the keyring.\n", name, id);
	sk_vault_removed_note(cli->dir, id, note, sizeof note);
	if (note[0])
		printf("%s\n", note);
	return 0;
}

int sk_cmd_doctor(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"fix", no_argument, NULL, 'f'},
					     {"restore-backup", no_argument, NULL, 'r'},
					     {"start-empty", no_argument, NULL, 'e'},
					     {"purge-orphan", required_argument, NULL, 'p'},
					     {"yes", no_argument, NULL, 'y'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct sk_doctor_report rep;
	struct sk_error err;
	bool fix = false, restore = false, empty = false, yes = false;
	const char *purge = NULL;
	enum sk_status st;
	int c, rc = 0;

	optind = 0;
	while ((c = sk_cli_getopt("doctor", argc, argv, NULL, opts)) != -1) {
		if (c == 'f')
			fix = true;
		else if (c == 'r')
			restore = true;
		else if (c == 'e')
			empty = true;
		else if (c == 'p')
			purge = optarg;
		else if (c == 'y')
			yes = true;
		else if (c == 'h')
			return sk_cli_help("doctor");
		else
			return sk_status_exit_code(SK_ERR_USAGE);
	}
	if (optind < argc)
		return sk_cli_usage("doctor", "unexpected argument '%s'", argv[optind]);
	if ((int)restore + (int)empty + (purge != NULL) + (int)fix > 1)
		return sk_cli_usage("doctor", "give one of --fix, --restore-backup, --start-empty, --purge-orphan");
	if (yes && purge == NULL)
		return sk_cli_usage("doctor", "--yes only confirms --purge-orphan");
	if (purge)
		return purge_orphan(cli, purge, yes);
	if (restore) {
		if (sk_registry_restore_backup(cli->dir, &err) != SK_OK)
			return sk_cli_fail(&err);
		printf("Restored the registry from its last good backup.\n");
	}
	if (empty) {
		char kept[PATH_MAX];

		if (sk_registry_start_empty(cli->dir, kept, sizeof kept, &err) != SK_OK)
			return sk_cli_fail(&err);
		printf("Started with an empty registry. The damaged file stays where it was; no secret was deleted%s%s.\n",
		       kept[0] ? "; the last good backup is kept as " : "", kept);
	}
	printf("Registry:  %s/%s\n", cli->dir, SK_REGISTRY_FILE);
	st = sk_vault_doctor(cli->dir, fix, &rep, &err);
	if (st != SK_OK && !rep.keyring_ok) {
		if (err.code >= SK_ERR_KEYRING_UNAVAILABLE && err.code <= SK_ERR_KEYRING)
			printf("Keyring:   FAILED (nothing was changed)\n");
		sk_doctor_report_clear(&rep);
		return sk_cli_fail(&err);
	}
	if (rep.damaged)
		printf("Damaged:   the registry was moved aside to %s\n", rep.damaged_copy);
	if (rep.read_only)
		printf("Read-only: the registry was written by a newer storekeys; doctor changes nothing\n");
	printf("Keyring:   %s (%zu item(s) of storekeys)\n", rep.keyring_msg, rep.nitems);
	for (size_t i = 0; i < rep.n; i++) {
		const struct sk_doctor_finding *f = &rep.findings[i];

		printf("%-10s %s \"%s\": %s\n",
		       f->kind == SK_DOCTOR_DANGLING ? "Dangling:" : f->kind == SK_DOCTOR_ORPHAN ? "Orphan:" : "Unknown:",
		       f->id, f->name,
		       f->kind == SK_DOCTOR_ORPHAN && !f->fixed && !fix ? "keyring secrets without a registry entry" : f->note);
	}
	if (rep.committed && rep.kept_backup[0])
		printf("The last good backup is kept as %s.\n", rep.kept_backup);
	if (st != SK_OK) {
		sk_doctor_report_clear(&rep);
		return sk_cli_fail(&err);
	}
	if (rep.read_only && fix) {
		sk_error_set(&err, SK_ERR_REGISTRY_NEWER,
			     "the registry is read-only here (newer storekeys); --fix changed nothing, in the registry or "
			     "the keyring");
		sk_doctor_report_clear(&rep);
		return sk_cli_fail(&err);
	}
	if (rep.damaged && !rep.committed) {
		sk_error_set(&err, SK_ERR_REGISTRY_CORRUPT,
			     "the registry is damaged and nothing runs on an empty one until you decide: "
			     "`storekeys doctor --restore-backup` (last good copy), `storekeys doctor --fix` (rebuild "
			     "from the %zu keyring item(s)), or `storekeys doctor --start-empty`",
			     rep.nitems);
		sk_doctor_report_clear(&rep);
		return sk_cli_fail(&err);
	}
	if (rep.nunknown > 0) {
		printf("Some secrets were not found while a keyring is locked; unlock every keyring and run doctor "
		       "again. Nothing was changed for them.\n");
		rc = sk_status_exit_code(SK_ERR_KEYRING_LOCKED);
	}
	{
		size_t open = 0;

		for (size_t i = 0; i < rep.n; i++)
			open += rep.findings[i].kind != SK_DOCTOR_UNKNOWN && !rep.findings[i].fixed;
		if (rep.n == 0)
			printf("Consistent: every registry entry has its secrets and every secret its entry.\n");
		else if (open > 0 && !fix)
			printf("Run `storekeys doctor --fix` to repair: it adopts orphan secrets and never deletes one.\n");
		if (open > 0 && rc == 0)
			rc = sk_status_exit_code(SK_ERR_INCONSISTENT);
	}
	sk_doctor_report_clear(&rep);
	return rc;
}

int sk_cmd_scopes(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"level", required_argument, NULL, 'l'},
					     {"json", no_argument, NULL, 'j'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int want = -1, c;
	bool json = false;
	cJSON *root = NULL, *res = NULL, *pre = NULL;

	optind = 0;
	while ((c = sk_cli_getopt("scopes", argc, argv, NULL, opts)) != -1) {
		if (c == 'l' && strcmp(optarg, "store") == 0)
			want = SK_LEVEL_STORE;
		else if (c == 'l' && strcmp(optarg, "account") == 0)
			want = SK_LEVEL_ACCOUNT;
		else if (c == 'j')
			json = true;
		else if (c == 'h')
			return sk_cli_help("scopes");
		else if (c == 'l')
			return sk_cli_usage("scopes", "--level is store or account");
		else
			return sk_status_exit_code(SK_ERR_USAGE);
	}
	if (json) {
		root = cJSON_CreateObject();
		res = cJSON_AddArrayToObject(root, "resources");
		pre = cJSON_AddArrayToObject(root, "presets");
	}
	for (size_t i = 0; i < sk_scope_catalogue_len; i++) {
		const struct sk_scope_resource *r = &sk_scope_catalogue[i];

		if (want >= 0 && (int)r->level != want)
			continue;
		if (json) {
			cJSON *o = cJSON_CreateObject(), *lv = cJSON_CreateArray();

			cJSON_AddStringToObject(o, "resource", r->ui_name);
			cJSON_AddStringToObject(o, "level", r->level == SK_LEVEL_STORE ? "store" : "account");
			for (size_t l = 0; l < r->nlevels; l++) {
				cJSON *x = cJSON_CreateObject();

				cJSON_AddStringToObject(x, "permission", r->levels[l].label);
				cJSON_AddStringToObject(x, "scope", r->levels[l].scope);
				cJSON_AddItemToArray(lv, x);
			}
			cJSON_AddItemToObject(o, "permissions", lv);
			if (r->probe)
				cJSON_AddStringToObject(o, "probe", r->probe);
			if (r->note)
				cJSON_AddStringToObject(o, "note", r->note);
			cJSON_AddItemToArray(res, o);
			continue;
		}
		printf("%-45s %s\n", r->ui_name, r->level == SK_LEVEL_STORE ? "store-level" : "account-level");
		for (size_t l = 0; l < r->nlevels; l++)
			printf("    %-16s %s\n", r->levels[l].label, r->levels[l].scope);
		if (r->note)
			printf("    (%s)\n", r->note);
	}
	for (size_t i = 0; i < sk_scope_presets_len; i++) {
		const struct sk_scope_preset *p = &sk_scope_presets[i];

		if (want >= 0 && (int)p->level != want)
			continue;
		if (json) {
			cJSON *o = cJSON_CreateObject(), *s = cJSON_CreateArray();

			cJSON_AddStringToObject(o, "id", p->id);
			cJSON_AddStringToObject(o, "title", p->title);
			for (const char *const *x = p->scopes; *x; x++)
				cJSON_AddItemToArray(s, cJSON_CreateString(*x));
			cJSON_AddItemToObject(o, "scopes", s);
			cJSON_AddItemToArray(pre, o);
			continue;
		}
		printf("%spreset %-16s %s\n", i == 0 || want >= 0 ? "\n" : "", p->id, p->title);
	}
	if (json)
		return sk_cli_print_json(root);
	return 0;
}
