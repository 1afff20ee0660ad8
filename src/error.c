/* error.c - the status table and error sentence helpers. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"

static const struct {
	const char *name;
	int exit_code;
	const char *desc;
} status_info[SK_STATUS_COUNT] = {
#define SK_X_INFO(name, code, desc) [name] = {#name, code, desc},
	SK_STATUS_TABLE(SK_X_INFO)
#undef SK_X_INFO
};

enum sk_status sk_error_set(struct sk_error *err, enum sk_status code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void sk_error_prefix(struct sk_error *err, const char *fmt, ...)
{
	char head[SK_ERROR_MSG_MAX];
	char old[SK_ERROR_MSG_MAX];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	snprintf(err->msg, sizeof err->msg, "%s: %s", head, old);
}

void sk_error_suffix(struct sk_error *err, const char *fmt, ...)
{
	size_t used;
	va_list ap;

	if (err == NULL)
		return;
	used = strnlen(err->msg, sizeof err->msg);
	if (used + 1 >= sizeof err->msg)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg + used, sizeof err->msg - used, fmt, ap);
	va_end(ap);
}

void sk_error_clear(struct sk_error *err)
{
	if (err == NULL)
		return;
	err->code = SK_OK;
	err->msg[0] = '\0';
}

int sk_status_exit_code(enum sk_status code)
{
	if ((unsigned)code >= SK_STATUS_COUNT)
		return 1;
	return status_info[code].exit_code;
}

const char *sk_status_describe(enum sk_status code)
{
	if ((unsigned)code >= SK_STATUS_COUNT)
		return "unknown status";
	return status_info[code].desc;
}

const char *sk_status_name(enum sk_status code)
{
	if ((unsigned)code >= SK_STATUS_COUNT)
		return "UNKNOWN";
	return status_info[code].name + 3;
}
