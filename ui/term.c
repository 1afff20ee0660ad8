/* term.c - the terminal's lifecycle: signals, crash restore, curses start/stop, paste, attributes. */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include "term.h"

#define PASTE_ON "\033[?2004h"
#define PASTE_OFF "\033[?2004l"

static volatile sig_atomic_t caught_signal;
static volatile sig_atomic_t curses_on;
static struct termios saved_tio;
static bool have_tio;
/* Written by the crash handler: computed once curses is up, so the handler only calls write(). */
static char crash_reset[256];
static size_t crash_reset_len;
static attr_t role_attr[UI_R_COUNT];
static bool paste_on;

static void on_quit_signal(int sig)
{
	caught_signal = sig;
}

static void on_crash(int sig)
{
	/* Only async-signal-safe calls here (signal-safety(7)). */
	if (curses_on) {
		if (have_tio)
			tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
		if (crash_reset_len > 0) {
			ssize_t unused = write(STDOUT_FILENO, crash_reset, crash_reset_len);

			(void)unused;
		}
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void at_exit(void)
{
	ui_term_stop();
}

void ui_term_prepare(void)
{
	static const int quit_sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	static const int crash_sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
	struct sigaction sa;

	setlocale(LC_ALL, "");
	/* Numbers in JSON and the registry are always written with a '.' (R20). */
	setlocale(LC_NUMERIC, "C");
	if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
		have_tio = true;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal interrupts the read so the loop notices it at once. */
	sa.sa_handler = on_quit_signal;
	for (size_t i = 0; i < sizeof quit_sigs / sizeof quit_sigs[0]; i++)
		sigaction(quit_sigs[i], &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_NODEFER | SA_RESETHAND;
	for (size_t i = 0; i < sizeof crash_sigs / sizeof crash_sigs[0]; i++)
		sigaction(crash_sigs[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	atexit(at_exit);
}

static void add_cap(const char *name)
{
	char *s = tigetstr((char *)name);
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (crash_reset_len + n < sizeof crash_reset) {
		memcpy(crash_reset + crash_reset_len, s, n);
		crash_reset_len += n;
	}
}

static void setup_roles(bool color)
{
	role_attr[UI_R_NORMAL] = A_NORMAL;
	role_attr[UI_R_TITLE] = A_BOLD;
	role_attr[UI_R_HEADER] = A_REVERSE;
	role_attr[UI_R_SELECTED] = A_REVERSE;
	role_attr[UI_R_DIM] = A_DIM;
	role_attr[UI_R_ERROR] = A_BOLD;
	role_attr[UI_R_WARN] = A_BOLD;
	role_attr[UI_R_OK] = A_NORMAL;
	role_attr[UI_R_KEY] = A_BOLD;
	role_attr[UI_R_FIELD] = A_UNDERLINE;
	role_attr[UI_R_FIELD_FOCUS] = A_UNDERLINE | A_BOLD;
	role_attr[UI_R_BUTTON_FOCUS] = A_REVERSE | A_BOLD;
	if (!color)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_RED, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_GREEN, -1);
	init_pair(4, COLOR_CYAN, -1);
	init_pair(5, COLOR_WHITE, COLOR_BLUE);
	role_attr[UI_R_ERROR] |= COLOR_PAIR(1);
	role_attr[UI_R_WARN] |= COLOR_PAIR(2);
	role_attr[UI_R_OK] |= COLOR_PAIR(3);
	role_attr[UI_R_KEY] |= COLOR_PAIR(4);
	role_attr[UI_R_HEADER] = COLOR_PAIR(5) | A_BOLD;
}

bool ui_term_start(struct ui_term *t)
{
	const char *cs = nl_langinfo(CODESET);
	const char *nc = getenv("NO_COLOR");
	char *be;
	SCREEN *scr;

	memset(t, 0, sizeof *t);
	t->utf8 = cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		fprintf(stderr, "storekeys: cannot start the terminal interface for TERM=%s; "
				"set TERM or use the commands (storekeys --help)\n",
			getenv("TERM") ? getenv("TERM") : "(unset)");
		return false;
	}
	set_term(scr);
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Esc must back out at once, not after ncurses' default of a second (TEST-INFRA 4). */
	set_escdelay(25);
	curs_set(0);
	t->color = has_colors() && !(nc != NULL && nc[0] != '\0');
	setup_roles(t->color);
	define_key("\033[200~", UI_KEY_PASTE_BEGIN);
	define_key("\033[201~", UI_KEY_PASTE_END);

	add_cap("rmcup");
	add_cap("cnorm");
	add_cap("sgr0");
	add_cap("rmkx");
	/* Bracketed paste only where terminfo says the terminal has it (R24). */
	be = tigetstr("BE");
	if (be != NULL && be != (char *)-1) {
		t->bracketed = true;
		paste_on = true;
	}
	if (crash_reset_len + strlen(PASTE_OFF) < sizeof crash_reset) {
		memcpy(crash_reset + crash_reset_len, PASTE_OFF, strlen(PASTE_OFF));
		crash_reset_len += strlen(PASTE_OFF);
	}
	refresh();
	if (paste_on) {
		fflush(stdout);
		if (write(STDOUT_FILENO, PASTE_ON, strlen(PASTE_ON)) < 0)
			paste_on = false;
	}
	return true;
}

void ui_term_stop(void)
{
	if (!curses_on)
		return;
	if (!isendwin()) {
		curs_set(1);
		endwin();
	}
	fflush(stdout);
	if (paste_on) {
		ssize_t unused = write(STDOUT_FILENO, PASTE_OFF, strlen(PASTE_OFF));

		(void)unused;
		paste_on = false;
	}
	curses_on = 0;
}

int ui_term_signal(void)
{
	return caught_signal;
}

attr_t ui_attr(enum ui_role r)
{
	return r < UI_R_COUNT ? role_attr[r] : A_NORMAL;
}
