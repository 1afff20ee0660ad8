/* cli_webhooks.c - webhooks, notify and verify commands (placeholder until the API client lands). */
#include "config.h"

#include "cli.h"

static int not_yet(const char *what)
{
	struct sk_error err;

	sk_error_set(&err, SK_ERR_INTERNAL, "%s is not built yet", what);
	return sk_cli_fail(&err);
}

int sk_cmd_webhooks(struct sk_cli *cli, int argc, char **argv) { return not_yet("webhooks"); }
int sk_cmd_notify(struct sk_cli *cli, int argc, char **argv) { return not_yet("notify"); }
int sk_cmd_verify(struct sk_cli *cli, int argc, char **argv) { return not_yet("verify"); }
