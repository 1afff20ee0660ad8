# mk/ui.mk - the ncurses front end (ui/) and its tests.
libstorekeys_ui_a_SOURCES += \
	ui/ui.h ui/ui_main.c \
	ui/app.c ui/app.h \
	ui/term.c ui/term.h \
	ui/keys.c ui/keys.h \
	ui/widgets.c ui/widgets.h \
	ui/views.h \
	ui/view_accounts.c ui/view_create.c ui/view_details.c ui/view_delete.c \
	ui/view_webhooks.c ui/view_pager.c ui/view_audit.c \
	ui/scopes_page.c ui/scopes_page.h \
	ui/text.c ui/text.h \
	ui/lineedit.c ui/lineedit.h \
	ui/form.c ui/form.h \
	ui/model_accounts.c ui/model_accounts.h \
	ui/model_create.c ui/model_create.h \
	ui/model_hooks.c ui/model_hooks.h \
	ui/task.c ui/task.h

UI_TEST_LDADD = libstorekeys_ui.a $(CORE_LIBS) $(NCURSES_LIBS) $(CMOCKA_LIBS)

if HAVE_CMOCKA
check_PROGRAMS += tests/test_ui_models tests/test_ui_keys
tests_test_ui_models_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_test_ui_models_LDADD = $(UI_TEST_LDADD)
tests_test_ui_keys_CFLAGS = $(AM_CFLAGS) $(NCURSES_CFLAGS)
tests_test_ui_keys_LDADD = $(UI_TEST_LDADD)
TESTS += tests/test_ui_models tests/test_ui_keys
endif

# End-to-end: the real binary in a private tmux server against the fake BigCommerce.
UI_E2E = tests/e2e_create.sh tests/e2e_create_txt.sh tests/e2e_create_account.sh tests/e2e_details_delete.sh \
	tests/e2e_webhooks.sh tests/e2e_terminal.sh tests/e2e_errors.sh tests/e2e_audit.sh
TESTS += $(UI_E2E)
EXTRA_DIST += $(UI_E2E) tests/tmux-lib.sh bench/tui_bench.sh
