/* jsonout.c - the one JSON writer for --json: cJSON's layout, exact integers, escaped controls. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "bc.h"
#include "jsonout.h"
#include "util.h"

/* A JSON string: C0, DEL, C1 and invisible characters as \\uXXXX (R21, issue 9 item 8); bad bytes as U+FFFD. */
static void json_string(FILE *f, const char *s)
{
	size_t len = strlen(s), i = 0;

	fputc('"', f);
	while (i < len) {
		uint32_t cp;
		size_t n = sk_utf8_decode(s + i, len - i, &cp);

		if (n == 0)
			n = 1; /* an invalid byte: cp is U+FFFD */
		if (cp == '"' || cp == '\\')
			fprintf(f, "\\%c", (int)cp);
		else if (cp == '\n')
			fputs("\\n", f);
		else if (cp == '\t')
			fputs("\\t", f);
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0xfffd || sk_cp_invisible(cp)) {
			if (cp >= 0x10000)
				fprintf(f, "\\u%04x\\u%04x", (unsigned)(0xd800 + ((cp - 0x10000) >> 10)),
					(unsigned)(0xdc00 + ((cp - 0x10000) & 0x3ff)));
			else
				fprintf(f, "\\u%04x", (unsigned)cp);
		} else
			fwrite(s + i, 1, n, f);
		i += n;
	}
	fputc('"', f);
}

/* A number: integers within +-2^53 exactly (cJSON's %1.15g turns 2^52..2^53 into exponents). */
static void json_number(FILE *f, double d)
{
	char buf[64];

	if (d != d || d > 1.7976931348623157e308 || d < -1.7976931348623157e308) {
		fputs("null", f);
		return;
	}
	if (d <= 9007199254740992.0 && d >= -9007199254740992.0 && d == (double)(long long)d) {
		fprintf(f, "%lld", (long long)d);
		return;
	}
	snprintf(buf, sizeof buf, "%1.15g", d);
	if (strtod(buf, NULL) != d)
		snprintf(buf, sizeof buf, "%1.17g", d);
	fputs(buf, f);
}

static void json_indent(FILE *f, int depth)
{
	for (int i = 0; i < depth; i++)
		fputc('\t', f);
}

/* The same layout as cJSON_Print (tabs, "key":<TAB>value, arrays inline). */
static void json_value(FILE *f, const cJSON *j, int depth)
{
	const cJSON *c;

	if (cJSON_IsNull(j) || cJSON_IsInvalid(j) || cJSON_IsRaw(j))
		fputs("null", f);
	else if (cJSON_IsFalse(j))
		fputs("false", f);
	else if (cJSON_IsTrue(j))
		fputs("true", f);
	else if (cJSON_IsNumber(j))
		json_number(f, j->valuedouble);
	else if (cJSON_IsString(j))
		json_string(f, j->valuestring ? j->valuestring : "");
	else if (cJSON_IsArray(j)) {
		fputc('[', f);
		for (c = j->child; c; c = c->next) {
			json_value(f, c, depth);
			if (c->next)
				fputs(", ", f);
		}
		fputc(']', f);
	} else if (cJSON_IsObject(j)) {
		fputs("{\n", f);
		for (c = j->child; c; c = c->next) {
			json_indent(f, depth + 1);
			json_string(f, c->string ? c->string : "");
			fputs(":\t", f);
			json_value(f, c, depth + 1);
			fputs(c->next ? ",\n" : "\n", f);
		}
		json_indent(f, depth);
		fputc('}', f);
	}
}

bool sk_json_write(FILE *f, const cJSON *j)
{
	json_value(f, j, 0);
	fputc('\n', f);
	return fflush(f) == 0 && !ferror(f);
}


cJSON *sk_json_webhook(const struct sk_webhook *h, const char *status)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *names = cJSON_CreateArray();

	cJSON_AddNumberToObject(o, "id", (double)h->id);
	cJSON_AddStringToObject(o, "status", status != NULL ? status : "");
	cJSON_AddBoolToObject(o, "is_active", h->is_active);
	cJSON_AddStringToObject(o, "scope", h->scope ? h->scope : "");
	cJSON_AddStringToObject(o, "destination", h->destination ? h->destination : "");
	cJSON_AddNumberToObject(o, "created_at", (double)h->created_at);
	cJSON_AddNumberToObject(o, "updated_at", (double)h->updated_at);
	/* header values can hold credentials: names only */
	for (size_t k = 0; k < h->nheaders; k++)
		cJSON_AddItemToArray(names, cJSON_CreateString(h->header_names[k]));
	cJSON_AddItemToObject(o, "header_names", names);
	return o;
}
