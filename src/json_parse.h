/* json_parse.h - the registry's JSON parser: cJSON's grammar and tree, without its per-byte cost. */
#ifndef SK_JSON_PARSE_H
#define SK_JSON_PARSE_H

#include <stddef.h>

#include <cJSON.h>

/*
 * Parse buf[0..len) exactly as cJSON_ParseWithLengthOpts(buf, len, end, 0) of the cJSON this
 * program links (1.7.x) does: the same texts accepted and refused (its quirks included: a
 * UTF-8 BOM, bytes up to 0x20 as white space, "\u" with bad hex digits as U+0000, strtod's
 * numbers, 1000 levels), the same tree (types, keys, strings, numbers, order, duplicate
 * keys kept) and, on success, *end after the value. NULL on failure (*end unspecified).
 * Nodes and strings come from sk_json_arena_alloc (what cJSON_malloc would give), so the
 * tree is freed with cJSON_Delete, or with its arena (json_arena.h). tests/test_json_parse.c holds it to cJSON byte for byte.
 */
cJSON *sk_json_parse(const char *buf, size_t len, const char **end);

#endif
