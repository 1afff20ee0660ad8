# mk/ui.mk - the ncurses front end (ui/) and its tests.
libstorekeys_ui_a_SOURCES += \
	ui/ui.h ui/ui_main.c \
	ui/app.c ui/app.h \
	ui/term.c ui/term.h \
	ui/keys.c ui/keys.h \
	ui/widgets.c ui/widgets.h \
	ui/views.h \
	ui/view_accounts.c ui/view_create.c ui/view_details.c ui/view_delete.c \
	ui/view_webhooks.c ui/view_pager.c ui/view_audit.c ui/view_rotate.c \
	ui/scopes_page.c ui/scopes_page.h \
	ui/text.c ui/text.h \
	ui/lineedit.c ui/lineedit.h \
	ui/form.c ui/form.h \
	ui/model_accounts.c ui/model_accounts.h \
	ui/model_create.c ui/model_create.h \
	ui/model_hooks.c ui/model_hooks.h \
	ui/model_audit.c ui/model_audit.h \
	ui/task.c ui/task.h

# Unit tests (cmocka), one program per module: adding one is adding its name here.
UI_UNIT_TESTS = tests/test_ui_text tests/test_ui_lineedit tests/test_ui_form tests/test_ui_task \
	tests/test_ui_model_accounts tests/test_ui_model_create tests/test_ui_model_hooks \
	tests/test_ui_keys tests/test_ui_model_audit
if HAVE_CMOCKA
check_PROGRAMS += $(UI_UNIT_TESTS)
TESTS += $(UI_UNIT_TESTS)
endif
# The group's flags, set once for every program in the list (GNU make target-specific
# variables): they include curses.h and link the UI library and ncurses.
UI_UNIT_OBJECTS = $(UI_UNIT_TESTS:=.$(OBJEXT))
UI_UNIT_EXES = $(UI_UNIT_TESTS:=$(EXEEXT))
$(UI_UNIT_OBJECTS): AM_CFLAGS += $(NCURSES_CFLAGS)
$(UI_UNIT_EXES): LDADD = libstorekeys_ui.a $(CORE_LIBS) $(NCURSES_LIBS) $(CMOCKA_LIBS)
$(UI_UNIT_EXES): libstorekeys_ui.a
EXTRA_DIST += tests/ui_fixture.h

# End-to-end: the real binary in a private tmux server against the fake BigCommerce.
UI_E2E = tests/e2e_create.sh tests/e2e_create_txt.sh tests/e2e_create_account.sh tests/e2e_details_delete.sh \
	tests/e2e_webhooks.sh tests/e2e_terminal.sh tests/e2e_errors.sh tests/e2e_audit.sh \
	tests/e2e_hookwrite.sh tests/e2e_rotate.sh
TESTS += $(UI_E2E)
EXTRA_DIST += $(UI_E2E) tests/tmux-lib.sh bench/tui_bench.sh
