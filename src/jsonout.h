/* jsonout.h - the one JSON writer for --json: cJSON's layout, exact integers, escaped controls. */
#ifndef SK_JSONOUT_H
#define SK_JSONOUT_H

#include <stdbool.h>
#include <stdio.h>

struct cJSON;
struct sk_webhook;

/*
 * Write j and a newline to f in cJSON_Print's layout, but with integers
 * within +-2^53 printed exactly (cJSON turns 2^52..2^53 into exponents) and
 * C0, DEL, C1, U+FFFD and invisible characters (zero-width, bidi) escaped
 * as \uXXXX (R21). False on a write error.
 */
bool sk_json_write(FILE *f, const struct cJSON *j);

/*
 * One webhook as every --json shows it: {id, status, is_active, scope,
 * destination, created_at, updated_at, header_names}. status is the one
 * the caller derived ("active", "inactive", "deactivated"). Custom header
 * values are never included (they can hold credentials). Raw server text
 * (sk_json_write escapes it).
 */
struct cJSON *sk_json_webhook(const struct sk_webhook *h, const char *status);

#endif
