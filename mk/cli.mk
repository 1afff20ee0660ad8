# mk/cli.mk - the program: main.c (the only file that knows both front ends), the
# command dispatcher and one file per group of commands. Nothing here is in a library.
storekeys_SOURCES += \
	cli/main.c \
	cli/cli.c cli/cli.h \
	cli/cli_accounts.c \
	cli/cli_webhooks.c \
	cli/cli_audit.c \
	cli/cli_exec.c \
	cli/cli_rotate.c

CLI_SCRIPT_TESTS = tests/layers.sh tests/version.sh tests/cli_options.sh
TESTS += $(CLI_SCRIPT_TESTS)
EXTRA_DIST += $(CLI_SCRIPT_TESTS)
