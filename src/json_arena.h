/* json_arena.h - bump allocation for cJSON trees that live only while the registry is parsed. */
#ifndef SK_JSON_ARENA_H
#define SK_JSON_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct sk_json_arena_block;

struct sk_json_arena {
	struct sk_json_arena_block *head; /* newest block first */
	size_t next_size;                 /* the size of the next block (64 KiB doubling to 1 MiB) */
};

/*
 * Install cJSON hooks once at start-up, before any thread: cJSON's allocations bump-allocate
 * from the calling thread's current arena while one is active, and use malloc otherwise.
 * Without this call every arena function is a no-op and cJSON works as it always did.
 */
void sk_json_arena_init(void);

/* Whether sk_json_arena_init ran (the hooks are installed). */
bool sk_json_arena_installed(void);

/*
 * Make a (zeroed) arena the calling thread's current one: false (and nothing changes) when the
 * hooks are not installed. Then cJSON nodes come from it until sk_json_arena_stop.
 */
bool sk_json_arena_start(struct sk_json_arena *a);

/*
 * What cJSON_malloc gives, without its indirect call: from the calling thread's current arena
 * while one is active (hooks installed), else malloc. Either way cJSON_free/cJSON_Delete may
 * be given it.
 */
void *sk_json_arena_alloc(size_t size);

/* A point in an arena to go back to (sk_json_arena_mark / sk_json_arena_rewind). */
struct sk_json_arena_mark {
	struct sk_json_arena_block *block;
	size_t used;
};

/* Where the arena stands now. */
struct sk_json_arena_mark sk_json_arena_mark(const struct sk_json_arena *a);

/*
 * Drop everything allocated from the arena since mark m (nothing may point into it any
 * more): later allocations reuse the same memory, so a loop that builds and drops one small
 * tree per step touches the same few pages.
 */
void sk_json_arena_rewind(struct sk_json_arena *a, struct sk_json_arena_mark m);

/* Stop allocating from the arena (later cJSON allocations outlive it: plain malloc). */
void sk_json_arena_stop(struct sk_json_arena *a);

/* Drop everything allocated from the arena at once (instead of cJSON_Delete of its tree). */
void sk_json_arena_free(struct sk_json_arena *a);

#endif
