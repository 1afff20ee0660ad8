# mk/audit.mk - audit and exec.
libstorekeys_a_SOURCES += src/cli_audit.c src/cli_exec.c
