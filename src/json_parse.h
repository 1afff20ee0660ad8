/* json_parse.h - the registry's JSON parser: cJSON's grammar and tree, without its per-byte cost. */
#ifndef SK_JSON_PARSE_H
#define SK_JSON_PARSE_H

#include <stddef.h>

#include <cJSON.h>

#include "json_arena.h"

/*
 * Parse buf[0..len) exactly as cJSON_ParseWithLengthOpts(buf, len, end, 0) of the cJSON
 * this program links does (1.7.15 with Debian's fixes, or upstream 1.7.16 and later): the
 * same texts accepted and refused (quirks included: a UTF-8 BOM, bytes up to 0x20 as white
 * space, "\u" with bad hex digits as U+0000, strtod's numbers, 1000 levels), the same tree
 * (types, keys, strings, numbers, order, duplicate keys kept) and, on success, *end after
 * the value. NULL on failure (*end unspecified). Nodes and strings come from
 * sk_json_arena_alloc (what cJSON_malloc would give), so the tree is freed with cJSON_Delete,
 * or with its arena. tests/test_json_parse.c holds it to the linked cJSON.
 */
cJSON *sk_json_parse(const char *buf, size_t len, const char **end);

/*
 * Given each element of the streamed array in turn, with where its text is in the buffer
 * (bytes from..to, the value without the white space around it); dropped when this returns.
 */
typedef void sk_json_each_fn(const cJSON *item, size_t from, size_t to, void *ud);

/*
 * sk_json_parse, except that when the root is an object, each element of its member named
 * key (if that is an array) goes to each(element, ud) as soon as it is parsed and is then
 * dropped: that member is an empty array in the tree returned. Elements are passed in order,
 * even when the text turns out invalid later (the caller decides once the parse is over).
 * With arena (the calling thread's current one), each element's memory is reused for the
 * next (sk_json_arena_rewind): a registry's accounts never all exist as a tree at once.
 */
cJSON *sk_json_parse_stream(const char *buf, size_t len, const char **end, const char *key,
			    struct sk_json_arena *arena, sk_json_each_fn *each, void *ud);

#endif
