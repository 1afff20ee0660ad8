/* task.c - curses-free background task: one blocking core call on a worker thread, cancellable. */
#include "config.h"

#include <string.h>
#include <time.h>

#include "task.h"
#include "util.h"

static void on_progress(void *ud, const char *text)
{
	ui_task_set_progress(ud, text);
}

static void *trampoline(void *arg)
{
	struct ui_task *t = arg;

	t->run(t);
	pthread_mutex_lock(&t->mu);
	t->finished = true;
	pthread_mutex_unlock(&t->mu);
	return NULL;
}

bool ui_task_start(struct ui_task *t, void (*run)(struct ui_task *), void *ud)
{
	sigset_t all, old;
	int rc;

	memset(t, 0, sizeof *t);
	t->run = run;
	t->ud = ud;
	t->call.progress = on_progress;
	t->call.ud = t;
	t->call.cancel = &t->cancel;
	pthread_mutex_init(&t->mu, NULL);
	/* The worker blocks every signal, so SIGINT/SIGTERM/SIGWINCH always reach the UI thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&t->thread, NULL, trampoline, t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_mutex_destroy(&t->mu);
		return false;
	}
	t->started = true;
	return true;
}

bool ui_task_poll(struct ui_task *t)
{
	bool done;

	if (!t->started)
		return true;
	pthread_mutex_lock(&t->mu);
	done = t->finished;
	pthread_mutex_unlock(&t->mu);
	if (done) {
		pthread_join(t->thread, NULL);
		pthread_mutex_destroy(&t->mu);
		t->started = false;
	}
	return done;
}

void ui_task_cancel(struct ui_task *t)
{
	__atomic_store_n(&t->cancel, 1, __ATOMIC_SEQ_CST); /* read by the worker thread */
}

bool ui_task_wait(struct ui_task *t, int ms)
{
	struct timespec ts = {0, 10 * 1000 * 1000};

	for (int waited = 0; waited <= ms; waited += 10) {
		if (ui_task_poll(t))
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

void ui_task_progress(struct ui_task *t, char *out, size_t size)
{
	if (!t->started) {
		sk_strlcpy(out, t->progress, size);
		return;
	}
	pthread_mutex_lock(&t->mu);
	sk_strlcpy(out, t->progress, size);
	pthread_mutex_unlock(&t->mu);
}

void ui_task_set_progress(struct ui_task *t, const char *text)
{
	char clean[sizeof t->progress];

	sk_sanitize(text ? text : "", clean, sizeof clean);
	pthread_mutex_lock(&t->mu);
	sk_strlcpy(t->progress, clean, sizeof t->progress);
	pthread_mutex_unlock(&t->mu);
}
