/* main.c - storekeys: process set-up, then the CLI or the terminal interface. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "bc_http.h"
#include "cli.h"
#include "json_arena.h"
#include "ui.h"

/*
 * Secrets pass through this process's memory: no core dumps, no ptrace by
 * others (R6). Only the soft core limit drops to 0: a hard limit lowered
 * by an unprivileged process can never be raised again, and `exec` gives
 * COMMAND the limits storekeys was started with (cli_exec.c saved them).
 */
static void harden(void)
{
#ifndef SK_SANITIZERS
	struct rlimit core;

	if (getrlimit(RLIMIT_CORE, &core) != 0)
		core.rlim_max = 0;
	core.rlim_cur = 0;
	setrlimit(RLIMIT_CORE, &core);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

int main(int argc, char **argv)
{
	static const struct sk_cli_frontend tui = {.run = ui_run, .version = ui_version};
	int rc;

	/* Every file storekeys creates is private, whatever the caller's umask (R16). */
	umask(077);
	harden();
	signal(SIGPIPE, SIG_IGN);
	setlocale(LC_ALL, "");
	/* JSON numbers must use '.', whatever the locale (R20). */
	setlocale(LC_NUMERIC, "C");
	/* cJSON's registry parse bump-allocates (installed before any thread starts). */
	sk_json_arena_init();
	rc = sk_cli_main(argc, argv, &tui);
	/* libcurl is set up on the first request (the TUI's first screen needs none). */
	sk_http_global_cleanup();
	return rc;
}
