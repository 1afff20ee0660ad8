/* cli_rotate.c - `storekeys rotate ACCOUNT`: the plan, the replacement's creation steps, the carry-over, the hand-off. */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "bc.h"
#include "cli.h"
#include "credfile.h"
#include "rotate.h"
#include "scopes.h"
#include "util.h"
#include "vault.h"

#define ROTATE_JSON_VERSION 1

static volatile sig_atomic_t rotate_cancel;

static void on_signal(int sig)
{
	(void)sig;
	rotate_cancel = 1;
}

/* Progress lines on stderr: the carry-over can take a while (one request at a time). */
static void on_progress(void *ud, const char *text)
{
	const struct sk_cli *cli = ud;
	char safe[300];

	(void)cli;
	fprintf(stderr, "storekeys: %s\n", sk_sanitize(text, safe, sizeof safe));
}

static const char *item_word(enum sk_rot_item s)
{
	return s == SK_ROT_DONE ? "done" : s == SK_ROT_CANNOT ? "cannot" : "todo";
}

static const char *read_word(enum sk_rot_read r)
{
	return r == SK_ROT_READ_OK ? "ok" : r == SK_ROT_READ_UNKNOWN ? "unknown" : "not_applicable";
}

/* ---- --json --------------------------------------------------------------- */

static cJSON *part_json(const struct sk_rot_part *p)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "read", read_word(p->read));
	if (p->read != SK_ROT_READ_OK)
		cJSON_AddStringToObject(o, "reason", p->msg);
	return o;
}

static cJSON *plan_json(const struct sk_rotate_plan *p, const char *status, const char *error,
			const char *suggested, const char *state_path)
{
	cJSON *root = cJSON_CreateObject(), *o, *items;

	cJSON_AddNumberToObject(root, "version", ROTATE_JSON_VERSION);
	cJSON_AddStringToObject(root, "status", status);
	if (error != NULL)
		cJSON_AddStringToObject(root, "error", error);
	cJSON_AddItemToObject(root, "old", sk_cli_account_json(&p->old));
	if (p->have_repl)
		cJSON_AddItemToObject(root, "replacement", sk_cli_account_json(&p->repl));
	else
		cJSON_AddNullToObject(root, "replacement");
	if (suggested != NULL)
		cJSON_AddStringToObject(root, "suggested_name", suggested);
	cJSON_AddStringToObject(root, "state_file", state_path);

	o = part_json(&p->hooks_part);
	items = cJSON_AddArrayToObject(o, "items");
	for (size_t i = 0; i < p->nhooks; i++) {
		const struct sk_rot_hook *h = &p->hooks[i];
		cJSON *x = cJSON_CreateObject(), *names = cJSON_CreateArray();

		cJSON_AddNumberToObject(x, "id", (double)h->h->id);
		cJSON_AddStringToObject(x, "scope", h->h->scope ? h->h->scope : "");
		cJSON_AddStringToObject(x, "destination", h->h->destination ? h->h->destination : "");
		for (size_t k = 0; k < h->h->nheaders; k++)
			cJSON_AddItemToArray(names, cJSON_CreateString(h->h->header_names[k]));
		cJSON_AddItemToObject(x, "header_names", names);
		cJSON_AddBoolToObject(x, "is_active", h->h->is_active);
		cJSON_AddStringToObject(x, "state", item_word(h->state));
		if (h->new_id > 0)
			cJSON_AddNumberToObject(x, "new_id", (double)h->new_id);
		else
			cJSON_AddNullToObject(x, "new_id");
		if (h->state == SK_ROT_CANNOT)
			cJSON_AddStringToObject(x, "reason", h->reason);
		cJSON_AddItemToArray(items, x);
	}
	cJSON_AddBoolToObject(o, "confirmed", p->hooks_confirmed);
	cJSON_AddItemToObject(root, "webhooks", o);

	o = part_json(&p->emails_part);
	items = cJSON_AddArrayToObject(o, "items");
	for (size_t i = 0; i < p->nemails; i++)
		cJSON_AddItemToArray(items, cJSON_CreateString(p->emails[i]));
	cJSON_AddStringToObject(o, "state", item_word(p->emails_state));
	cJSON_AddItemToObject(root, "emails", o);

	o = part_json(&p->scripts_part);
	items = cJSON_AddArrayToObject(o, "items");
	for (size_t i = 0; i < p->nscripts; i++) {
		const struct sk_rot_script *s = &p->scripts[i];
		cJSON *x = cJSON_CreateObject();

		cJSON_AddStringToObject(x, "uuid", s->s->uuid ? s->s->uuid : "");
		cJSON_AddStringToObject(x, "name", s->s->name ? s->s->name : "");
		cJSON_AddStringToObject(x, "kind", s->s->kind ? s->s->kind : "");
		cJSON_AddStringToObject(x, "src", s->s->src ? s->s->src : "");
		cJSON_AddStringToObject(x, "state", item_word(s->state));
		if (s->new_uuid[0])
			cJSON_AddStringToObject(x, "new_uuid", s->new_uuid);
		else
			cJSON_AddNullToObject(x, "new_uuid");
		if (s->state == SK_ROT_CANNOT)
			cJSON_AddStringToObject(x, "reason", s->reason);
		cJSON_AddItemToArray(items, x);
	}
	cJSON_AddItemToObject(root, "scripts", o);

	o = part_json(&p->mf_part);
	cJSON_AddBoolToObject(o, "reassignable", p->can_reassign);
	items = cJSON_AddArrayToObject(o, "items");
	for (size_t i = 0; i < p->nmfs; i++) {
		const struct sk_rot_metafield *m = &p->mfs[i];
		cJSON *x = cJSON_CreateObject();

		cJSON_AddStringToObject(x, "id", m->m->id ? m->m->id : "");
		cJSON_AddStringToObject(x, "namespace", m->m->namespace_ ? m->m->namespace_ : "");
		cJSON_AddStringToObject(x, "key", m->m->key ? m->m->key : "");
		cJSON_AddStringToObject(x, "resource_type", m->m->resource_type ? m->m->resource_type : "");
		cJSON_AddStringToObject(x, "resource_id", m->m->resource_id ? m->m->resource_id : "");
		if (m->m->permission_set)
			cJSON_AddStringToObject(x, "permission_set", m->m->permission_set);
		else
			cJSON_AddNullToObject(x, "permission_set");
		cJSON_AddStringToObject(x, "state", item_word(m->state));
		if (m->state != SK_ROT_DONE)
			cJSON_AddStringToObject(x, "if_left", m->fate);
		cJSON_AddItemToArray(items, x);
	}
	cJSON_AddItemToObject(root, "metafields", o);
	return root;
}

/* ---- the replacement ------------------------------------------------------- */

/* Import FILE as the replacement through the add command itself (one add path), then find it. */
static int import_replacement(struct sk_cli *cli, const struct sk_account *old, const char *file, const char *name,
			      const char *scopes, bool json, bool delete_file, char *spec, size_t size)
{
	char *oldscopes = NULL;
	struct sk_credfile cf;
	struct sk_error err;
	char *argv[16];
	int argc = 0, rc, saved = -1;
	const char *chosen;

	memset(&cf, 0, sizeof cf);
	if (sk_credfile_read(file, &cf, &err) != SK_OK)
		return sk_cli_fail(&err);
	if (cf.path.level != old->level ||
	    strcmp(cf.path.level == SK_LEVEL_STORE ? cf.path.store_hash : cf.path.account_uuid, sk_account_owner(old)) != 0) {
		sk_credfile_clear(&cf);
		sk_error_set(&err, SK_ERR_INVALID, "%s is for another %s than the account being rotated (%s); nothing imported",
			     file, old->level == SK_LEVEL_STORE ? "store" : "account", sk_account_owner(old));
		return sk_cli_fail(&err);
	}
	chosen = name ? name : cf.name;
	snprintf(spec, size, "%s/%s", sk_account_owner(old), chosen);
	sk_credfile_clear(&cf);

	argv[argc++] = (char *)"add";
	argv[argc++] = (char *)"--from-file";
	argv[argc++] = (char *)file;
	if (name) {
		argv[argc++] = (char *)"--name";
		argv[argc++] = (char *)name;
	}
	/* the .txt records no scopes: the old one's (the pre-filled choice) unless --scopes says otherwise */
	if (scopes == NULL && old->nscopes > 0) {
		size_t len = 1;

		for (size_t i = 0; i < old->nscopes; i++)
			len += strlen(old->scopes[i]) + 1;
		oldscopes = sk_xcalloc(1, len);
		for (size_t i = 0; i < old->nscopes; i++) {
			if (i)
				strcat(oldscopes, ",");
			strcat(oldscopes, old->scopes[i]);
		}
		scopes = oldscopes;
	}
	if (scopes) {
		argv[argc++] = (char *)"--scopes";
		argv[argc++] = (char *)scopes;
	}
	if (old->token_type == SK_TOKEN_STENCIL) {
		argv[argc++] = (char *)"--token-type";
		argv[argc++] = (char *)"stencil";
		argv[argc++] = (char *)"--access-level";
		argv[argc++] = (char *)(old->stencil == SK_STENCIL_PUBLISH ? "publish" : "dev");
	}
	argv[argc++] = (char *)"--verify";
	argv[argc++] = (char *)(delete_file ? "--delete-file" : "--keep-file");
	argv[argc] = NULL;
	/* the add's report goes to stderr when stdout is for --json */
	fflush(stdout);
	if (json) {
		saved = dup(STDOUT_FILENO);
		dup2(STDERR_FILENO, STDOUT_FILENO);
	}
	optind = 0;
	rc = sk_cmd_add(cli, argc, argv);
	fflush(stdout);
	if (saved >= 0) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
	}
	optind = 0;
	free(oldscopes);
	return rc;
}

/* ---- the command ---------------------------------------------------------- */

int sk_cmd_rotate(struct sk_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"to", required_argument, NULL, 't'},	{"from-file", required_argument, NULL, 'f'},
		{"name", required_argument, NULL, 'n'}, {"dry-run", no_argument, NULL, 'd'},
		{"json", no_argument, NULL, 'j'},	{"yes", no_argument, NULL, 'y'},
		{"delete-file", no_argument, NULL, 'D'}, {"scopes", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}};
	const char *to = NULL, *file = NULL, *name = NULL, *scopes = NULL, *spec;
	bool dry = false, json = false, yes = false, delete_file = false;
	struct sk_registry reg = {0};
	struct sk_account old = {0}, repl = {0};
	bool have_repl = false, resumed = false;
	struct sk_rotate_state st = {0};
	struct sk_rotate_plan plan = {0};
	struct sk_error err = {0};
	struct sk_bc_call call;
	char *old_token = NULL, *new_token = NULL;
	char state_path[4096], suggested[SK_NAME_MAX_BYTES + 1], repl_spec[SK_NAME_MAX_BYTES + 64];
	size_t idx, writes = 0;
	enum sk_status s;
	int c, rc = 0;

	optind = 0;
	while ((c = sk_cli_getopt("rotate", argc, argv, NULL, opts)) != -1) {
		switch (c) {
		case 't': to = optarg; break;
		case 'f': file = optarg; break;
		case 'n': name = optarg; break;
		case 'd': dry = true; break;
		case 'j': json = true; break;
		case 'y': yes = true; break;
		case 'D': delete_file = true; break;
		case 's': scopes = optarg; break;
		case 'h': return sk_cli_help("rotate");
		default: return sk_status_exit_code(SK_ERR_USAGE);
		}
	}
	if (optind + 1 != argc)
		return sk_cli_usage("rotate", optind >= argc ? "give the ACCOUNT to rotate" : "one ACCOUNT only");
	spec = argv[optind];
	if (to && file)
		return sk_cli_usage("rotate", "give --to NEW or --from-file FILE, not both");
	if ((name || delete_file || scopes) && !file)
		return sk_cli_usage("rotate", "--name, --scopes and --delete-file go with --from-file");
	if (dry && file)
		return sk_cli_usage("rotate", "--dry-run imports nothing; add the replacement first or drop --dry-run");

	if (sk_cli_find(cli, spec, &reg, &idx, &err) != SK_OK)
		return sk_cli_fail(&err);
	sk_account_copy(&old, &reg.accounts[idx]);
	sk_rotate_suggest_name(&reg, &old, (int64_t)time(NULL), suggested, sizeof suggested);
	sk_rotate_state_path(cli->dir, old.id, state_path, sizeof state_path);

	s = sk_rotate_state_load(cli->dir, old.id, &st, &err);
	if (s != SK_OK && s != SK_ERR_NOT_FOUND) {
		rc = sk_cli_fail(&err);
		goto out;
	}
	if (file) {
		sk_registry_clear(&reg);
		rc = import_replacement(cli, &old, file, name, scopes, json, delete_file, repl_spec, sizeof repl_spec);
		if (rc != 0)
			goto out;
		to = repl_spec;
		if (sk_registry_load(&reg, cli->dir, &err) != SK_OK) {
			rc = sk_cli_fail(&err);
			goto out;
		}
	}
	if (to) {
		if (sk_registry_find(&reg, to, &idx, &err) != SK_OK) {
			rc = sk_cli_fail(&err);
			goto out;
		}
		sk_account_copy(&repl, &reg.accounts[idx]);
		have_repl = true;
	} else if (st.new_id[0] && sk_registry_find_id(&reg, st.new_id) >= 0) {
		/* a rotation under way continues with its replacement */
		sk_account_copy(&repl, &reg.accounts[sk_registry_find_id(&reg, st.new_id)]);
		have_repl = resumed = true;
	}
	if (have_repl && sk_rotate_check_pair(&old, &repl, &err) != SK_OK) {
		rc = sk_cli_fail(&err);
		goto out;
	}
	if (have_repl && st.new_id[0] && strcmp(st.new_id, repl.id) != 0 && sk_registry_find_id(&reg, st.new_id) < 0) {
		/* its replacement was removed: continuing with it is impossible, starting over is the user's act */
		sk_error_set(&err, SK_ERR_INVALID,
			     "this rotation was started with a replacement that is no longer registered (id:%s, removed); "
			     "%s records what was carried to it: move that file aside to start over with %s",
			     st.new_id, state_path, repl.name);
		rc = sk_cli_fail(&err);
		goto out;
	}
	if (have_repl && st.new_id[0] && strcmp(st.new_id, repl.id) != 0) {
		sk_error_set(&err, SK_ERR_INVALID,
			     "this rotation was started with another replacement (id:%s); continue with --to id:%s, or move "
			     "%s aside to start over",
			     st.new_id, st.new_id, state_path);
		rc = sk_cli_fail(&err);
		goto out;
	}

	s = sk_vault_secret(&old, SK_FIELD_ACCESS_TOKEN, &old_token, &err);
	if (s == SK_OK && have_repl)
		s = sk_vault_secret(&repl, SK_FIELD_ACCESS_TOKEN, &new_token, &err);
	if (s != SK_OK) {
		rc = sk_cli_fail(&err);
		goto out;
	}
	memset(&call, 0, sizeof call);
	call.progress = on_progress;
	call.ud = cli;
	call.cancel = &rotate_cancel;
	{
		struct sigaction sa, old_int, old_term;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C ends it at once */
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		if (resumed && !json) {
			char a[SK_NAME_MAX_BYTES * 4];

			fprintf(stderr, "storekeys: continuing the rotation to \"%s\" (%s)\n",
				sk_sanitize(repl.name, a, sizeof a), state_path);
		}
		s = sk_rotate_plan_make(&old, old_token, have_repl ? &repl : NULL, &st, &call, &plan,
					&err);
		if (s == SK_OK && have_repl && !dry) {
			bool go = yes;

			if (!go && !cli->tty_in) {
				sigaction(SIGINT, &old_int, NULL);
				sigaction(SIGTERM, &old_term, NULL);
				if (!json)
					sk_rotate_write_plan(stdout, &plan);
				rc = sk_cli_usage("rotate", "without a terminal, confirm the carry-over with --yes");
				goto out;
			}
			if (!go) {
				char ans[16];

				sk_rotate_write_plan(stdout, &plan);
				fprintf(stderr, "Carry this over to the replacement now? [y/N] ");
				fflush(stderr);
				go = fgets(ans, sizeof ans, stdin) != NULL && (ans[0] == 'y' || ans[0] == 'Y');
				if (!go)
					s = sk_error_set(&err, SK_ERR_CANCELLED, "nothing was carried over");
			}
			if (go)
				s = sk_rotate_carry(cli->dir, &plan, &st, old_token, new_token, &call, &writes, &err);
		}
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}

	/* the outcome and its exit code */
	{
		const char *status;
		bool progress_made = st.nhooks > 0 || st.emails_copied || st.nscripts > 0 || st.nmetafields > 0 || writes > 0;

		if (dry) {
			status = "plan";
			rc = s == SK_OK ? 0 : sk_status_exit_code(s);
		} else if (!have_repl) {
			status = "nothing";
			rc = sk_status_exit_code(s == SK_OK ? SK_ERR_ROTATE_NOTHING : s);
		} else if (s == SK_OK && sk_rotate_plan_complete(&plan)) {
			status = "done";
			rc = 0;
		} else if (progress_made) {
			status = "partial";
			rc = sk_status_exit_code(SK_ERR_ROTATE_PARTIAL);
		} else {
			status = "nothing";
			rc = sk_status_exit_code(SK_ERR_ROTATE_NOTHING);
			/* nothing was done: the pairing is not kept, another replacement may be chosen */
			if (st.new_id[0])
				(void)sk_rotate_state_remove(cli->dir, old.id, NULL);
		}
		if (json) {
			int prc = sk_cli_print_json(plan_json(&plan, status, s == SK_OK ? NULL : err.msg,
							      have_repl ? NULL : suggested, state_path));

			if (prc != 0)
				rc = prc;
		} else {
			sk_rotate_write_plan(stdout, &plan);
			if (!have_repl)
				sk_rotate_write_steps(stdout, &plan, suggested, spec);
			else if (strcmp(status, "done") == 0)
				sk_rotate_write_handoff(stdout, &plan);
			else if (!dry && strcmp(status, "partial") == 0)
				printf("\nPartly done (%s). Run `storekeys rotate` on the same account again to continue: "
				       "nothing is done twice.\n",
				       state_path);
		}
		if (s != SK_OK)
			fprintf(stderr, "storekeys: %s\n", err.msg[0] ? err.msg : sk_status_describe(s));
	}
out:
	sk_rotate_plan_clear(&plan);
	sk_rotate_state_clear(&st);
	sk_account_clear(&old);
	sk_account_clear(&repl);
	sk_registry_clear(&reg);
	sk_secret_free(old_token);
	sk_secret_free(new_token);
	return rc;
}
