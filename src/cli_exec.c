/* cli_exec.c - the exec command (placeholder until it lands). */
#include "config.h"

#include "cli.h"

int sk_cmd_exec(struct sk_cli *cli, int argc, char **argv)
{
	struct sk_error err;

	sk_error_set(&err, SK_ERR_INTERNAL, "exec is not built yet");
	return sk_cli_fail(&err);
}
