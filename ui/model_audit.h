/* model_audit.h - curses-free model of the Audit screen: phases, rows by severity, the document, selection, texts. */
#ifndef UI_MODEL_AUDIT_H
#define UI_MODEL_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audit.h"
#include "error.h"
#include "registry.h"

enum ui_audit_phase {
	UI_AUDIT_EMPTY,      /* no account to audit */
	UI_AUDIT_RUNNING,
	UI_AUDIT_CANCELLING, /* Esc pressed, the worker has not stopped yet */
	UI_AUDIT_DONE,
	UI_AUDIT_CANCELLED,
	UI_AUDIT_FAILED      /* the audit could not run (or stopped early): see fail */
};

/* How a line or message should look; the view maps it to its colours. */
enum ui_audit_tone { UI_AT_NORMAL, UI_AT_TITLE, UI_AT_DIM, UI_AT_OK, UI_AT_WARN, UI_AT_ERROR };

/* The lines below the progress header: one scrolling document with a selection. */
enum ui_audit_line_kind {
	UI_AL_BLANK,
	UI_AL_TITLE,   /* a section title (text) */
	UI_AL_TEXT,    /* a note (text) */
	UI_AL_COLS,    /* the accounts table's column heads */
	UI_AL_ROW,     /* r: one account */
	UI_AL_DEAD,    /* r: a dead token */
	UI_AL_HOOK,    /* r, k: a webhook that is not active */
	UI_AL_BLOCKED, /* r, k: a blocklisted domain with its live countdown */
	UI_AL_NOMAIL,  /* r: webhooks but no notification e-mail */
	UI_AL_FAILED,  /* r: could not be checked, and why (first line, text) */
	UI_AL_MORE     /* the wrapped rest of the line above (text) */
};

struct ui_audit_line {
	enum ui_audit_line_kind kind;
	enum ui_audit_tone tone;
	const struct sk_audit_result *r; /* the account the line is about, or NULL (not selectable) */
	size_t k;
	char *text; /* owned: titles, notes, continuations */
};

struct ui_audit_model {
	enum ui_audit_phase phase;
	struct sk_registry reg; /* private copy the worker audits: read-only while it runs */
	struct sk_audit audit;  /* the worker's output: read whole only after the join */
	struct sk_error fail;
	int64_t started_ms;
	struct sk_audit_progress shown; /* the latest progress the worker reported */
	bool shown_prog;
	const struct sk_audit_result **rows; /* the accounts table: arrival order, then by severity */
	size_t nrows;
	struct sk_audit_summary sum;
	struct ui_audit_line *lines;
	size_t nlines, caplines;
	bool doc_stale;
	int doc_width;
	bool narrow; /* hook counts in one "A/I/D" column */
	long sel;    /* selected line, -1 none */
	int top;
};

void ui_audit_init(struct ui_audit_model *m);
/* Drop every result and line (the selection too); the phase is left as it is. */
void ui_audit_reset(struct ui_audit_model *m);
void ui_audit_free(struct ui_audit_model *m);

/*
 * A fresh audit of src's accounts: the model takes its own copy (a reload
 * of the app's registry can never pull it away). False, with the phase
 * UI_AUDIT_EMPTY, when there is nothing to audit; else UI_AUDIT_RUNNING.
 */
bool ui_audit_begin(struct ui_audit_model *m, const struct sk_registry *src, int64_t now_ms);
/* Results reported while running, in arrival order (at most reg.n in all). */
void ui_audit_add_rows(struct ui_audit_model *m, const struct sk_audit_result *const *rows, size_t n);

/*
 * The worker ended with st (err when it failed) and m->audit is whole:
 * every result becomes a row, problems first; the summary and the phase
 * follow. The status line to show goes in msg; UI_AT_ERROR means show
 * m->fail instead.
 */
enum ui_audit_tone ui_audit_finish(struct ui_audit_model *m, enum sk_status st, const struct sk_error *err, char *msg,
				   size_t size);
/* The worker could not start: UI_AUDIT_FAILED with why. */
void ui_audit_fail(struct ui_audit_model *m, enum sk_status code, const char *why);

/* Problems first: 0 dead token, 1 unreachable, 2 findings, 3 not checked, 4 OK, 5 skipped. */
int ui_audit_severity(const struct sk_audit_result *r);

/* Rebuild the document when the model or the width changed, keeping the selection on the same thing. */
void ui_audit_refresh(struct ui_audit_model *m, int width, bool utf8);
/* The first selectable line at or after from going in dir (+1/-1); -1 when none. */
long ui_audit_find_sel(const struct ui_audit_model *m, long from, int dir);
/* Move the selection n selectable lines (negative: up), stopping at the ends. */
void ui_audit_move_sel(struct ui_audit_model *m, int n);
/* Tab / Shift-Tab: the first selectable line of the next (dir 1) or previous (-1) section. */
void ui_audit_jump_section(struct ui_audit_model *m, int dir);
/* The account of the selected line, or NULL. */
const struct sk_account *ui_audit_selected(const struct ui_audit_model *m);
const struct sk_account *ui_audit_account(const struct ui_audit_model *m, const struct sk_audit_result *r);

/* "findings: 1 inactive, 2 blocked, no e-mail", "OK", "dead token", ... with its tone. */
const char *ui_audit_outcome_text(const struct sk_audit_result *r, char *buf, size_t size, enum ui_audit_tone *tone);
/* The text of a finding line (dead, hook, blocked, no e-mail) at now_ms, with its tone. */
const char *ui_audit_line_text(const struct ui_audit_model *m, const struct ui_audit_line *l, int64_t now_ms,
			       char *buf, size_t size, enum ui_audit_tone *tone);

/* The accounts table's column widths for a window wd wide. */
struct ui_audit_cols {
	int store, name, active, inactive, deact, aid, blk, mail, outcome;
};
struct ui_audit_cols ui_audit_columns(int wd, bool narrow);

/*
 * The progress header: the full line and a short one for narrow screens,
 * the bar's suffix ("7/10 1.2s") and how full it is (done of total).
 */
struct ui_audit_header {
	char line[512], shortl[256], suffix[64];
	size_t done, total;
	enum ui_audit_tone tone;
};
void ui_audit_header_text(const struct ui_audit_model *m, int64_t now_ms, bool utf8, struct ui_audit_header *h);
/* "[#######.......]" with cells cells (4 to 200), UTF-8 blocks or ASCII. */
const char *ui_audit_bar(bool utf8, int cells, size_t done, size_t total, char *buf, size_t size);

#endif
