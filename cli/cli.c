/* cli.c - command dispatch, global options, --help and --version, shared command helpers. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <cJSON.h>

#include "about.h"
#include "bc.h"
#include "cli.h"
#include "jsonout.h"
#include "keyring.h"
#include "util.h"

const struct sk_cli_command sk_cli_commands[] = {
	{"add", sk_cmd_add,
	 "--from-file FILE|DIR [FILE|DIR...] [--name NAME] [--token-type v2v3|stencil] [--access-level dev|publish] "
	 "[--scopes LIST] [--verify] [--delete-file|--keep-file] [--json]",
	 "import the credentials .txt files the control panel downloaded (a directory: each *.txt in it)"},
	{"add", sk_cmd_add,
	 "--name NAME --api-path URL --client-id ID [--token-type v2v3|stencil] [--access-level dev|publish] "
	 "[--scopes LIST] [--verify]",
	 "add an account; client secret and access token are read from stdin (two lines)"},
	{"list", sk_cmd_list, "[--json|--names]", "list accounts, grouped by store and account (no secrets)"},
	{"show", sk_cmd_show, "ACCOUNT [--json]", "show one account and its scopes (no secrets)"},
	{"token", sk_cmd_token, "ACCOUNT [--client-secret]", "print the access token (or client secret) on stdout"},
	{"remove", sk_cmd_remove, "ACCOUNT [--yes]", "forget an account: keyring items and registry entry"},
	{"doctor", sk_cmd_doctor, "[--fix | --restore-backup | --start-empty | --purge-orphan ID [--yes]]",
	 "check the keyring and the registry agree; --fix adopts orphan secrets, never deletes one"},
	{"scopes", sk_cmd_scopes, "[--level store|account] [--json]", "list the OAuth scope catalogue and presets"},
	{"verify", sk_cmd_verify, "ACCOUNT [--probe-scopes] [--json]", "check the token against the API"},
	{"webhooks", sk_cmd_webhooks, "ACCOUNT [--json] [--status active|inactive|deactivated] [--activate ID]",
	 "list an account's webhooks, blocklisted domains and e-mails"},
	{"webhooks", sk_cmd_webhooks,
	 "ACCOUNT --create EVENT --destination URL [--header NAME[=VALUE]]... [--inactive] [--json]",
	 "create a webhook (https on port 443); --header NAME alone reads the value hidden from the terminal or "
	 "stdin, since a value on the command line is visible to other local users"},
	{"webhooks", sk_cmd_webhooks,
	 "ACCOUNT --update ID [--destination URL] [--header NAME[=VALUE]]... [--clear-headers] [--active|--inactive] "
	 "[--json]",
	 "change a webhook; --header replaces every custom header"},
	{"webhooks", sk_cmd_webhooks, "ACCOUNT --delete ID [--yes] [--json]",
	 "delete a webhook (a terminal asks to type its id; otherwise --yes)"},
	{"webhooks", sk_cmd_webhooks, "--events [--json]", "list the webhook events BigCommerce offers"},
	{"notify", sk_cmd_notify, "ACCOUNT [--set EMAILS [--yes]] [--json]", "show or replace the notification e-mails"},
	{"audit", sk_cmd_audit, "[--json] [--store HASH]... [--max-inflight N] [--per-store N] [--deadline S]", "check every account's webhooks and token at once"},
	{"rotate", sk_cmd_rotate, "ACCOUNT [--to NEW | --from-file FILE [--name NAME] [--scopes LIST] [--delete-file]] [--dry-run] [--yes] [--json]",
	 "replace an API account: carry its webhooks, e-mails, scripts and metafields over to a new one"},
	{"exec", sk_cmd_exec, "ACCOUNT [--env-style bigcommerce|stencil|catalyst] [--theme-dir DIR] -- COMMAND [ARGS...]",
	 "run COMMAND with the account's credentials in its environment"},
	{"tui", NULL, "", "open the terminal interface (the default on a terminal)"},
};
const size_t sk_cli_commands_len = sizeof sk_cli_commands / sizeof sk_cli_commands[0];

int sk_cli_fail(const struct sk_error *err)
{
	fprintf(stderr, "storekeys: %s\n", err->msg[0] ? err->msg : sk_status_describe(err->code));
	return sk_status_exit_code(err->code);
}

int sk_cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("storekeys: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	for (size_t i = 0; i < sk_cli_commands_len; i++)
		if (cmd && strcmp(sk_cli_commands[i].name, cmd) == 0)
			fprintf(stderr, "usage: storekeys %s %s\n", cmd, sk_cli_commands[i].usage);
	fputs("Try 'storekeys --help'.\n", stderr);
	return sk_status_exit_code(SK_ERR_USAGE);
}

int sk_cli_help(const char *cmd)
{
	for (size_t i = 0; i < sk_cli_commands_len; i++)
		if (strcmp(sk_cli_commands[i].name, cmd) == 0)
			printf("usage: storekeys %s %s\n  %s\n", cmd, sk_cli_commands[i].usage, sk_cli_commands[i].summary);
	return 0;
}

int sk_cli_getopt(const char *cmd, int argc, char **argv, const char *shorts, const struct option *opts)
{
	char optstring[16];
	int c, at;

	/* A leading ':' tells a missing value from an unknown option; getopt itself prints nothing. */
	snprintf(optstring, sizeof optstring, ":h%s", shorts ? shorts : "");
	opterr = 0;
	at = optind == 0 ? 1 : optind;
	c = getopt_long(argc, argv, optstring, opts, NULL);
	if (c != '?' && c != ':')
		return c;
	/* optind has moved past the word in question (or its missing value). */
	if (optind > at && optind - 1 < argc)
		at = optind - 1;
	if (c == ':')
		sk_cli_usage(cmd, "option '%s' needs a value", argv[at]);
	else if (strchr(argv[at], '=') != NULL && strncmp(argv[at], "--", 2) == 0)
		sk_cli_usage(cmd, "option '%.*s' takes no value", (int)strcspn(argv[at], "="), argv[at]);
	else
		sk_cli_usage(cmd, "unknown option '%s'", argv[at]);
	return '?';
}

/* ---- a hidden line ----------------------------------------------------- */

static struct termios hidden_saved, hidden_quiet;
static volatile sig_atomic_t hidden_on;
static const int hidden_signals[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP};
#define NHIDDEN_SIGNALS (sizeof hidden_signals / sizeof hidden_signals[0])

/* Echo back on, then the signal's own effect; after a stop (Ctrl-Z, fg) echo goes off again. */
static void hidden_signal(int sig)
{
	int saved = errno;
	sigset_t set;

	if (hidden_on) {
		tcsetattr(STDIN_FILENO, TCSANOW, &hidden_saved);
		/* what comes next (the shell's prompt) starts on a line of its own */
		if (write(STDERR_FILENO, "\n", 1) != 1) {
			/* nothing to do */
		}
	}
	signal(sig, SIG_DFL);
	raise(sig);
	if (sig == SIGTSTP) {
		sigemptyset(&set);
		sigaddset(&set, SIGTSTP);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		signal(SIGTSTP, hidden_signal);
		if (hidden_on)
			tcsetattr(STDIN_FILENO, TCSANOW, &hidden_quiet);
	}
	errno = saved;
}

bool sk_cli_read_hidden(const char *prompt, char *buf, size_t size, bool *too_long)
{
	struct sigaction act, old[NHIDDEN_SIGNALS];
	bool quiet = false;
	size_t n = 0;
	int c;

	if (prompt != NULL) {
		if (tcgetattr(STDIN_FILENO, &hidden_saved) == 0) {
			hidden_quiet = hidden_saved;
			hidden_quiet.c_lflag &= ~(tcflag_t)ECHO;
			hidden_quiet.c_lflag |= ECHONL;
			memset(&act, 0, sizeof act);
			act.sa_handler = hidden_signal;
			act.sa_flags = SA_RESTART;
			sigfillset(&act.sa_mask);
			for (size_t i = 0; i < NHIDDEN_SIGNALS; i++)
				sigaction(hidden_signals[i], &act, &old[i]);
			hidden_on = 1;
			quiet = tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden_quiet) == 0;
			if (!quiet) {
				hidden_on = 0;
				for (size_t i = 0; i < NHIDDEN_SIGNALS; i++)
					sigaction(hidden_signals[i], &old[i], NULL);
			}
		}
		/* after the echo is off (TCSAFLUSH drops type-ahead): what is typed now is kept */
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
	}
	*too_long = false;
	while ((c = fgetc(stdin)) != EOF && c != '\n') {
		if (n + 1 < size)
			buf[n++] = (char)c;
		else
			*too_long = true;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (quiet) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden_saved);
		hidden_on = 0;
		for (size_t i = 0; i < NHIDDEN_SIGNALS; i++)
			sigaction(hidden_signals[i], &old[i], NULL);
	}
	return c != EOF || n > 0;
}

enum sk_status sk_cli_find(struct sk_cli *cli, const char *spec, struct sk_registry *reg, size_t *idx,
			   struct sk_error *err)
{
	enum sk_status st = sk_registry_load(reg, cli->dir, err);

	if (st != SK_OK)
		return st;
	st = sk_registry_find(reg, spec, idx, err);
	if (st != SK_OK)
		sk_registry_clear(reg);
	return st;
}

enum sk_status sk_cli_find_one(struct sk_cli *cli, const char *spec, struct sk_registry *reg, size_t *idx,
			       struct sk_error *err)
{
	return sk_registry_load_one(reg, cli->dir, spec, idx, err);
}

cJSON *sk_cli_account_json(const struct sk_account *a)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", a->id);
	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddStringToObject(o, "level", sk_level_name(a->level));
	if (a->level == SK_LEVEL_STORE)
		cJSON_AddStringToObject(o, "store_hash", a->store_hash);
	else
		cJSON_AddStringToObject(o, "account_uuid", a->account_uuid);
	cJSON_AddStringToObject(o, "client_id", a->client_id);
	return o;
}

cJSON *sk_cli_blocked_json(const struct sk_blocked_domain *b, int64_t time_left)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *reasons = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "destination", b->destination ? b->destination : "");
	cJSON_AddNumberToObject(o, "time_left", (double)time_left);
	for (size_t k = 0; k < b->nreasons; k++) {
		cJSON *r = cJSON_CreateObject();

		cJSON_AddStringToObject(r, "failure_description", b->reasons[k].description ? b->reasons[k].description : "");
		cJSON_AddNumberToObject(r, "count", (double)b->reasons[k].count);
		cJSON_AddNumberToObject(r, "timestamp", (double)b->reasons[k].timestamp);
		cJSON_AddItemToArray(reasons, r);
	}
	cJSON_AddItemToObject(o, "reasons", reasons);
	return o;
}

static void print_help(FILE *f)
{
	fputs("Usage: storekeys [OPTIONS] [COMMAND [ARGS...]]\n"
	      "Keep BigCommerce API credentials in the OS keyring and watch their webhooks.\n"
	      "With no command on a terminal, storekeys opens its terminal interface.\n\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < sk_cli_commands_len; i++) {
		const struct sk_cli_command *c = &sk_cli_commands[i];

		fprintf(f, "  %s %s\n      %s\n", c->name, c->usage, c->summary);
	}
	fputs("\nACCOUNT is an account name, STORE_HASH/NAME or ACCOUNT_UUID/NAME, or the local\n"
	      "id (id:LOCAL_ID, from list --json); one that matches several accounts is refused\n"
	      "with each candidate's id:LOCAL_ID. No option takes a client secret or access\n"
	      "token; a webhook header's value may (--header NAME=VALUE), or is read hidden.\n\n"
	      "Options:\n"
	      "  --api-origin URL  use URL instead of https://api.bigcommerce.com\n"
	      "                    (https is always verified; http only to loopback)\n"
	      "  --cacert FILE     also trust the CA certificates in FILE\n"
	      "  -v, --verbose     one line per API request on stderr (tokens masked); twice for headers\n"
	      "  -h, --help        show this help\n"
	      "  -V, --version     show the version, the libraries and the keyring provider\n\n"
	      "Environment: STOREKEYS_API_ORIGIN, STOREKEYS_CA_BUNDLE, STOREKEYS_KEYRING_TIMEOUT,\n"
	      "XDG_DATA_HOME (registry in $XDG_DATA_HOME/storekeys), NO_COLOR.\n\n"
	      "Exit status:\n",
	      f);
	for (int s = 0; s < SK_STATUS_COUNT; s++)
		fprintf(f, "  %3d  %s\n", sk_status_exit_code((enum sk_status)s), sk_status_describe((enum sk_status)s));
	fputs("\nSee storekeys(1) for details.\n", f);
}

/* Value of --opt VALUE or --opt=VALUE at argv[*i]; NULL when argv[*i] is not opt. */
static const char *opt_value(int argc, char **argv, int *i, const char *opt, bool *missing)
{
	size_t n = strlen(opt);

	*missing = false;
	if (strncmp(argv[*i], opt, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = true;
		return NULL;
	}
	return argv[++*i];
}

/* Like curl --version: what runs, so a bug report carries what matters. */
static void print_version(const struct sk_cli_frontend *tui)
{
	char libs[512], kr[256];

	sk_about_libraries(libs, sizeof libs);
	sk_about_keyring(kr, sizeof kr);
	printf("storekeys %s\n", SK_VERSION);
	printf("Libraries: %s, %s\n", tui->version(), libs);
	printf("Keyring: %s\n", kr);
}

/*
 * A keyring call that did not end when its deadline cancelled it (seen when KeePassXC crashed
 * in the middle of a call): say so and end the process. Nothing after the call runs (keyring
 * writes come before registry writes, R5); what the keyring kept, `storekeys doctor` shows.
 */
static void keyring_stuck(int deadline_ms)
{
	char msg[400];
	int n = snprintf(msg, sizeof msg,
			 "storekeys: the keyring did not answer within %d s, and the call did not end when it was "
			 "cancelled (did the Secret Service crash?); stopped here, and nothing after that call was done. "
			 "Run `storekeys doctor` to see what the keyring kept.\n",
			 (deadline_ms + 999) / 1000);

	if (n > 0) {
		ssize_t w = write(STDERR_FILENO, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);

		(void)w; /* nothing more can be done if stderr is gone */
	}
	_exit(sk_status_exit_code(SK_ERR_KEYRING_TIMEOUT));
}

int sk_cli_main(int argc, char **argv, const struct sk_cli_frontend *tui)
{
	struct sk_cli cli;
	struct sk_error err;
	const char *origin = getenv("STOREKEYS_API_ORIGIN");
	const char *cacert = getenv("STOREKEYS_CA_BUNDLE");
	int i;

	memset(&cli, 0, sizeof cli);
	cli.prog = "storekeys";
	cli.tty_in = isatty(STDIN_FILENO);
	cli.tty_out = isatty(STDOUT_FILENO);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *v;
		bool missing;

		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			print_help(stdout);
			return 0;
		}
		if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
			print_version(tui);
			return 0;
		}
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0) {
			cli.verbose++;
			continue;
		}
		if (strcmp(argv[i], "-vv") == 0) {
			cli.verbose += 2;
			continue;
		}
		if ((v = opt_value(argc, argv, &i, "--api-origin", &missing)) != NULL || missing) {
			if (missing)
				return sk_cli_usage(NULL, "--api-origin needs a URL");
			origin = v;
			continue;
		}
		if ((v = opt_value(argc, argv, &i, "--cacert", &missing)) != NULL || missing) {
			if (missing)
				return sk_cli_usage(NULL, "--cacert needs a file");
			cacert = v;
			continue;
		}
		return sk_cli_usage(NULL, "unknown option %s", argv[i]);
	}
	if (!sk_registry_dir(cli.dir, sizeof cli.dir)) {
		sk_error_set(&err, SK_ERR_IO, "neither XDG_DATA_HOME nor HOME gives an absolute directory");
		return sk_cli_fail(&err);
	}
	if (origin && origin[0] && sk_bc_set_origin(origin, &err) != SK_OK)
		return sk_cli_fail(&err);
	if (cacert && cacert[0] && sk_bc_set_cacert(cacert, &err) != SK_OK)
		return sk_cli_fail(&err);
	sk_bc_set_verbose(cli.verbose);

	if (i >= argc || strcmp(argv[i], "tui") == 0) {
		if (!cli.tty_in || !cli.tty_out) {
			if (i < argc)
				return sk_cli_usage(NULL, "the terminal interface needs a terminal on stdin and stdout");
			print_help(stderr);
			return sk_status_exit_code(SK_ERR_USAGE);
		}
		return tui->run(cli.dir);
	}
	/* A command never outlives its keyring deadline, even when a cancelled call does not end (R3). */
	sk_keyring_on_stuck(keyring_stuck);
	for (size_t c = 0; c < sk_cli_commands_len; c++) {
		if (strcmp(sk_cli_commands[c].name, argv[i]) == 0 && sk_cli_commands[c].fn) {
			/* Each command sees argv[0] = its name, like a program of its own. */
			return sk_cli_commands[c].fn(&cli, argc - i, argv + i);
		}
	}
	return sk_cli_usage(NULL, "unknown command '%s'", argv[i]);
}

/* ---- --json output: one printer for every command (the writer is src/jsonout.c) ---- */

int sk_cli_print_json(cJSON *j)
{
	bool ok;

	/* cJSON returns NULL (and its Add functions do nothing) when memory runs out. */
	if (j == NULL) {
		fputs("storekeys: out of memory\n", stderr);
		return sk_status_exit_code(SK_ERR_INTERNAL);
	}
	ok = sk_json_write(stdout, j);
	cJSON_Delete(j);
	if (!ok) {
		fprintf(stderr, "storekeys: could not write the output: %s\n", strerror(errno));
		return sk_status_exit_code(SK_ERR_IO);
	}
	return 0;
}
