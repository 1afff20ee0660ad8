/* cli_audit.c - the audit command (placeholder until the audit lands). */
#include "config.h"

#include "cli.h"

int sk_cmd_audit(struct sk_cli *cli, int argc, char **argv)
{
	struct sk_error err;

	sk_error_set(&err, SK_ERR_INTERNAL, "audit is not built yet");
	return sk_cli_fail(&err);
}
