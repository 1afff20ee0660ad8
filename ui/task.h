/* task.h - curses-free background task: one blocking core call on a worker thread, cancellable. */
#ifndef UI_TASK_H
#define UI_TASK_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>

#include "bc.h"
#include "error.h"

/*
 * Network and keyring calls block for up to their deadlines, so they run
 * on a worker thread while the UI thread keeps drawing and reading keys
 * (Esc sets the cancel flag the HTTP client polls every 100 ms). The
 * worker never touches curses; it reports through progress text and the
 * status/err it fills. Only one task runs at a time.
 */
struct ui_task {
	void (*run)(struct ui_task *t); /* on the worker: fills status and err */
	void *ud;
	struct sk_bc_call call;          /* pass &t->call to sk_bc_* (progress and cancel wired) */
	volatile sig_atomic_t cancel;
	enum sk_status status;
	struct sk_error err;

	pthread_t thread;
	pthread_mutex_t mu;
	char progress[160];
	bool started;
	bool finished; /* under mu */
};

/* Start run(t) on a worker thread. False (and nothing started) when the thread cannot be created. */
bool ui_task_start(struct ui_task *t, void (*run)(struct ui_task *), void *ud);
/* True once the worker has returned; then the thread is joined. */
bool ui_task_poll(struct ui_task *t);
/* Ask the worker to stop (the HTTP client polls the flag). */
void ui_task_cancel(struct ui_task *t);
/* Wait at most ms for the worker; true when it finished. */
bool ui_task_wait(struct ui_task *t, int ms);
/* Copy the latest progress text. */
void ui_task_progress(struct ui_task *t, char *out, size_t size);
/* Set progress text (worker side). */
void ui_task_set_progress(struct ui_task *t, const char *text);

#endif
