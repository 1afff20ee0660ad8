/* cli.h - the scriptable command line: shared context and helpers for each command file. */
#ifndef SK_CLI_H
#define SK_CLI_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "account.h"
#include "bc.h"
#include "error.h"
#include "keyring.h"
#include "registry.h"

struct sk_cli {
	const char *prog;      /* "storekeys" */
	char dir[PATH_MAX];    /* registry directory */
	int verbose;           /* -v count */
	bool tty_in, tty_out;  /* stdin/stdout are terminals */
};

/* A command: fn returns the process exit code. */
struct sk_cli_command {
	const char *name;
	int (*fn)(struct sk_cli *cli, int argc, char **argv);
	const char *usage;   /* "ACCOUNT [--json]" */
	const char *summary; /* one line for --help */
};

extern const struct sk_cli_command sk_cli_commands[];
extern const size_t sk_cli_commands_len;

/* The terminal interface, as main.c hands it to the CLI (the CLI never includes ui/). */
struct sk_cli_frontend {
	int (*run)(const char *dir);  /* open it on the registry in dir; returns the exit code */
	const char *(*version)(void); /* its library, e.g. "ncurses 6.4.20221231" */
};

/*
 * Entry point for everything after the global options. Returns the exit
 * code. tui->run is called when no command is given on a terminal.
 */
int sk_cli_main(int argc, char **argv, const struct sk_cli_frontend *tui);

/* Print "storekeys: MESSAGE" on stderr and return the exit code of err. */
int sk_cli_fail(const struct sk_error *err);

/* COMMAND --help: the command's usage lines and summary on stdout; returns 0. */
int sk_cli_help(const char *cmd);

/*
 * The option parser of every command: getopt_long (argv[0] is the command's
 * name) with one message for every mistake. Returns the option's val, -1
 * after the last option (optind is then the first argument), or '?' once the
 * usage error ("unknown option", "needs a value", "takes no value") is printed:
 * the caller then returns sk_status_exit_code(SK_ERR_USAGE). shorts lists the
 * short options besides -h (NULL for none).
 */
struct option;
int sk_cli_getopt(const char *cmd, int argc, char **argv, const char *shorts, const struct option *opts);

/* Print a usage error for command cmd on stderr; returns the usage exit code. */
int sk_cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Load the registry and find ACCOUNT; *idx is its index in reg (caller clears reg). */
enum sk_status sk_cli_find(struct sk_cli *cli, const char *spec, struct sk_registry *reg, size_t *idx,
			   struct sk_error *err);

/* The same for a command that uses only that account: reg may hold no other (the registry's index). */
enum sk_status sk_cli_find_one(struct sk_cli *cli, const char *spec, struct sk_registry *reg, size_t *idx,
			       struct sk_error *err);

/*
 * The fields that identify an account in --json output (id, name, level,
 * store_hash or account_uuid, client_id): a new cJSON object, never a secret.
 */
struct cJSON *sk_cli_account_json(const struct sk_account *a);

/*
 * Print j as every --json prints (and free it): cJSON's layout, integers
 * within +-2^53 exact, C0/C1 controls and zero-width/bidi characters as
 * \\uXXXX. Returns the exit code (out of memory when j is NULL, I/O error
 * when stdout fails).
 */
int sk_cli_print_json(struct cJSON *j);


/* A blocklisted domain for --json output, with time_left as given (seconds). */
struct cJSON *sk_cli_blocked_json(const struct sk_blocked_domain *b, int64_t time_left);

/* What add applies to every credentials file it imports (NULL: from the file, or the defaults). */
struct sk_cli_import_opts {
	const char *name;         /* --name: replaces the file's NAME / CLIENT NAME (one file only) */
	const char *token_type;   /* --token-type v2v3|stencil */
	const char *access_level; /* --access-level dev|publish */
	const char *scopes;       /* --scopes LIST */
	bool delete_file;         /* --delete-file: refuse a file whose deletion would not remove the plaintext */
};

/*
 * Read one credentials .txt for import: parse it, take the name from it (or
 * o->name), check everything that needs no secret (API path, name rules,
 * type, level, scopes) and fill *a (cleared first; sk_account_clear it) and
 * the two secrets (buffers of SK_SECRET_MAX + 2 bytes; wipe them). Nothing
 * is stored. SK_ERR_USAGE when the file's name needs --name; on any error
 * the secrets are wiped and err names the file or the line.
 */
enum sk_status sk_cli_import_file(const char *file, const struct sk_cli_import_opts *o, struct sk_account *a,
				  char *secret, char *token, struct sk_error *err);

/* Commands, one function each (src/cli_*.c). */
/*
 * Read one line of stdin into buf (size bytes, NUL-terminated, the newline
 * dropped). With prompt (stdin is a terminal) the prompt goes to stderr
 * and echo is off while typing; a signal (Ctrl-C, Ctrl-Z, hang-up) puts
 * the terminal back first. False at end of input; *too_long when the line
 * did not fit (the rest is read and dropped). Callers wipe buf.
 */
bool sk_cli_read_hidden(const char *prompt, char *buf, size_t size, bool *too_long);

int sk_cmd_add(struct sk_cli *cli, int argc, char **argv);
int sk_cmd_list(struct sk_cli *cli, int argc, char **argv);
int sk_cmd_show(struct sk_cli *cli, int argc, char **argv);
int sk_cmd_token(struct sk_cli *cli, int argc, char **argv);
int sk_cmd_remove(struct sk_cli *cli, int argc, char **argv);
int sk_cmd_doctor(struct sk_cli *cli, int argc, char **argv);
int sk_cmd_scopes(struct sk_cli *cli, int argc, char **argv);
int sk_cmd_webhooks(struct sk_cli *cli, int argc, char **argv); /* cli_webhooks.c */
int sk_cmd_notify(struct sk_cli *cli, int argc, char **argv);   /* cli_webhooks.c */
int sk_cmd_verify(struct sk_cli *cli, int argc, char **argv);   /* cli_webhooks.c */
int sk_cmd_audit(struct sk_cli *cli, int argc, char **argv);    /* cli_audit.c */
int sk_cmd_exec(struct sk_cli *cli, int argc, char **argv);     /* cli_exec.c */
int sk_cmd_rotate(struct sk_cli *cli, int argc, char **argv);   /* cli_rotate.c */

#endif
