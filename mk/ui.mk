# mk/ui.mk - the ncurses front end (ui/) and its tests.
libstorekeys_ui_a_SOURCES += ui/ui.h ui/ui_main.c
