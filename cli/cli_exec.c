/* cli_exec.c - `storekeys exec`: run a command with one account's credentials in its environment. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	SRC_API_PATH,     /* ORIGIN/stores/HASH/v3/ or ORIGIN/accounts/UUID */
	SRC_STORE_URL,    /* https://store-HASH.mybigcommerce.com */
	SRC_API_HOST,     /* ORIGIN (https://api.bigcommerce.com unless overridden) */
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
 */
static const struct env_style {
	const char *name;
	bool store_only;
	const char *summary;
	struct env_var vars[8];
} styles[] = {
	{"bigcommerce", false,
	 "BIGCOMMERCE_STORE_HASH (store-level) or BIGCOMMERCE_ACCOUNT_UUID (account-level), BIGCOMMERCE_CLIENT_ID, "
	 "BIGCOMMERCE_ACCESS_TOKEN, BIGCOMMERCE_CLIENT_SECRET, BIGCOMMERCE_API_PATH",
	 {{"BIGCOMMERCE_STORE_HASH", SRC_STORE_HASH},
	  {"BIGCOMMERCE_ACCOUNT_UUID", SRC_ACCOUNT_UUID},
	  {"BIGCOMMERCE_CLIENT_ID", SRC_CLIENT_ID},
	  {"BIGCOMMERCE_ACCESS_TOKEN", SRC_ACCESS_TOKEN},
	  {"BIGCOMMERCE_CLIENT_SECRET", SRC_CLIENT_SECRET},
	  {"BIGCOMMERCE_API_PATH", SRC_API_PATH},
	  {NULL, SRC_NONE}}},
	{"stencil", true,
	 "STENCIL_ACCESS_TOKEN, STENCIL_STORE_URL (https://store-HASH.mybigcommerce.com), STENCIL_API_HOST "
	 "(the names of Stencil CLI's environment configuration; store-level accounts only)",
	 {{"STENCIL_ACCESS_TOKEN", SRC_ACCESS_TOKEN},
	  {"STENCIL_STORE_URL", SRC_STORE_URL},
	  {"STENCIL_API_HOST", SRC_API_HOST},
	  {NULL, SRC_NONE}}},
	{"catalyst", true,
	 "BIGCOMMERCE_STORE_HASH, BIGCOMMERCE_ACCESS_TOKEN, BIGCOMMERCE_CLIENT_ID, BIGCOMMERCE_CLIENT_SECRET "
	 "(the names a Catalyst storefront reads; store-level accounts only)",
	 {{"BIGCOMMERCE_STORE_HASH", SRC_STORE_HASH},
	  {"BIGCOMMERCE_ACCESS_TOKEN", SRC_ACCESS_TOKEN},
	  {"BIGCOMMERCE_CLIENT_ID", SRC_CLIENT_ID},
	  {"BIGCOMMERCE_CLIENT_SECRET", SRC_CLIENT_SECRET},
	  {NULL, SRC_NONE}}},
};

/*
 * main() sets umask 077 and ignores SIGPIPE for storekeys itself; the
 * command must start with the caller's settings ("nothing else
 * changed"), so they are recorded before main() runs.
 */
static mode_t caller_umask;
static struct sigaction caller_sigpipe;
static bool caller_saved;

__attribute__((constructor)) static void save_caller_state(void)
{
	caller_umask = umask(077);
	umask(caller_umask);
	caller_saved = sigaction(SIGPIPE, NULL, &caller_sigpipe) == 0;
}

/* OWNER/NAME, sanitized: how the account is named in messages and in STOREKEYS_EXEC. */
static const char *label_of(const struct sk_account *a, char *buf, size_t size)
{
	char name[SK_NAME_MAX_BYTES + 1];

	snprintf(buf, size, "%s/%s", sk_account_owner(a), sk_sanitize(a->name, name, sizeof name));
	return buf;
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
	printf("usage: storekeys exec ACCOUNT [--env-style STYLE] -- COMMAND [ARGS...]\n"
	       "  Run COMMAND with the account's credentials in its environment; nothing else changes.\n"
	       "  storekeys replaces itself with COMMAND (execvp), so the exit status is COMMAND's\n"
	       "  (126: COMMAND could not be run, 127: COMMAND not found). Nested exec is refused.\n"
	       "  %s is set to OWNER/NAME of the account.\n\nStyles:\n",
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
				snprintf(buf, sizeof buf, "%s/accounts/%s", origin, a->account_uuid);
			val = buf;
			break;
		case SRC_STORE_URL:
			snprintf(buf, sizeof buf, "https://store-%s.mybigcommerce.com", a->store_hash);
			val = buf;
			break;
		case SRC_API_HOST:
			val = origin;
			break;
		case SRC_NONE:
			break;
		}
		if ((val != NULL ? setenv(v->name, val, 1) : unsetenv(v->name)) != 0)
			return sk_error_set(err, SK_ERR_INTERNAL, "could not set %s: %s", v->name, strerror(errno));
	}
	return SK_OK;
}

int sk_cmd_exec(struct sk_cli *cli, int argc, char **argv)
{
	const char *spec = NULL, *style_name = "bigcommerce";
	const struct env_style *style;
	struct sk_registry reg;
	struct sk_keyring *kr = NULL;
	struct sk_error err;
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
		if (strcmp(a, "--env-style") == 0) {
			if (i + 1 >= argc)
				return sk_cli_usage("exec", "--env-style needs a style");
			style_name = argv[++i];
			continue;
		}
		if (strncmp(a, "--env-style=", 12) == 0) {
			style_name = a + 12;
			continue;
		}
		if (a[0] == '-')
			return sk_cli_usage("exec", "unknown option %s (put COMMAND after --)", a);
		if (spec != NULL)
			break; /* COMMAND without "--" */
		spec = a;
	}
	cmd = argv + i;
	style = style_named(style_name);
	if (style == NULL)
		return usage_styles(style_name);
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

	st = sk_cli_find(cli, spec, &reg, &idx, &err);
	if (st != SK_OK)
		return sk_cli_fail(&err);
	if (style->store_only && reg.accounts[idx].level != SK_LEVEL_STORE) {
		sk_error_set(&err, SK_ERR_INVALID,
			     "--env-style %s is for store-level accounts; %s is account-level (use --env-style bigcommerce)",
			     style->name, label_of(&reg.accounts[idx], who, sizeof who));
		sk_registry_clear(&reg);
		return sk_cli_fail(&err);
	}
	/* Only the secrets the style names leave the keyring. */
	st = sk_keyring_open(&kr, &err);
	if (st == SK_OK && style_needs(style, SRC_ACCESS_TOKEN))
		st = sk_keyring_lookup(kr, reg.accounts[idx].id, SK_FIELD_ACCESS_TOKEN, &token, &err);
	if (st == SK_OK && style_needs(style, SRC_CLIENT_SECRET))
		st = sk_keyring_lookup(kr, reg.accounts[idx].id, SK_FIELD_CLIENT_SECRET, &secret, &err);
	if (kr != NULL)
		sk_keyring_close(kr);
	if (st == SK_OK)
		st = set_env(style, &reg.accounts[idx], token, secret, &err);
	sk_secret_free(token);
	sk_secret_free(secret);
	if (st == SK_OK) {
		label_of(&reg.accounts[idx], who, sizeof who);
		if (setenv(EXEC_MARKER, who, 1) != 0)
			st = sk_error_set(&err, SK_ERR_INTERNAL, "could not set %s", EXEC_MARKER);
	}
	sk_registry_clear(&reg);
	if (st != SK_OK) {
		wipe_env(style);
		return sk_cli_fail(&err);
	}

	/* Hand COMMAND the caller's umask and SIGPIPE disposition, then become it. */
	if (caller_saved)
		sigaction(SIGPIPE, &caller_sigpipe, NULL);
	else
		signal(SIGPIPE, SIG_DFL);
	umask(caller_umask);
	fflush(stdout);
	fflush(stderr);
	execvp(cmd[0], cmd);
	e = errno;
	wipe_env(style);
	umask(077);
	fprintf(stderr, "storekeys: cannot run %s: %s\n", cmd[0], strerror(e));
	/* The conventions of env(1) and the shells: 127 not found, 126 found but not runnable. */
	return e == ENOENT || e == ENOTDIR ? 127 : 126;
}
