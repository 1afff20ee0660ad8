/* form.h - curses-free form fields: a line editor, a validator and the message shown beside it. */
#ifndef UI_FORM_H
#define UI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "lineedit.h"

#define UI_FIELD_MSG_MAX 256

/*
 * A validator looks at the current value and writes the message shown
 * beside the field: the problem when it returns false, or an optional
 * hint (e.g. "3/50 accounts in this store") when it returns true.
 */
typedef bool (*ui_validate_fn)(const char *value, void *ctx, char *msg, size_t size);

struct ui_field {
	const char *label;
	struct ui_line line;
	ui_validate_fn validate; /* NULL: anything goes */
	void *ctx;
	bool visible;
	bool valid;
	char msg[UI_FIELD_MSG_MAX];
};

void ui_field_init(struct ui_field *f, const char *label, size_t cap, bool secret, ui_validate_fn fn, void *ctx);
/* Wipes the value. */
void ui_field_free(struct ui_field *f);
/* Run the validator and store the result and message; returns valid. */
bool ui_field_validate(struct ui_field *f);

/* A page is valid only when every visible field is (docs/conventions.md 7). Validates them all. */
bool ui_form_validate(struct ui_field *const *fields, size_t n);

/* The first visible invalid field's index, or -1. */
long ui_form_first_invalid(struct ui_field *const *fields, size_t n);

/* Did the person type into any of the fields? */
bool ui_form_changed(struct ui_field *const *fields, size_t n);

#endif
