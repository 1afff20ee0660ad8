/* form.c - curses-free form fields: a line editor, a validator and the message shown beside it. */
#include "config.h"

#include <string.h>

#include "form.h"

void ui_field_init(struct ui_field *f, const char *label, size_t cap, bool secret, ui_validate_fn fn, void *ctx)
{
	memset(f, 0, sizeof *f);
	f->label = label;
	ui_line_init(&f->line, cap, secret);
	f->validate = fn;
	f->ctx = ctx;
	f->visible = true;
}

void ui_field_free(struct ui_field *f)
{
	ui_line_free(&f->line);
	memset(f->msg, 0, sizeof f->msg);
}

bool ui_field_validate(struct ui_field *f)
{
	f->msg[0] = '\0';
	f->valid = f->validate ? f->validate(ui_line_text(&f->line), f->ctx, f->msg, sizeof f->msg) : true;
	return f->valid;
}

bool ui_form_validate(struct ui_field *const *fields, size_t n)
{
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		if (!fields[i]->visible)
			continue;
		if (!ui_field_validate(fields[i]))
			ok = false;
	}
	return ok;
}

long ui_form_first_invalid(struct ui_field *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fields[i]->visible && !fields[i]->valid)
			return (long)i;
	return -1;
}

bool ui_form_changed(struct ui_field *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fields[i]->line.changed)
			return true;
	return false;
}
