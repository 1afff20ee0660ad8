/* json_arena.c - bump allocation for cJSON trees that live only while the registry is parsed. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <cJSON.h>

#include "json_arena.h"
#include "util.h"

#define ARENA_ALIGN 16
#define ARENA_FIRST (64 * 1024)
#define ARENA_MAX (1024 * 1024)

struct sk_json_arena_block {
	struct sk_json_arena_block *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

static bool installed;
static _Thread_local struct sk_json_arena *current;

static bool in_arena(const struct sk_json_arena *a, const void *p)
{
	uintptr_t u = (uintptr_t)p;

	for (const struct sk_json_arena_block *b = a->head; b; b = b->next)
		if (u >= (uintptr_t)b->data && u < (uintptr_t)(b->data + b->size))
			return true;
	return false;
}

static void *arena_malloc(size_t size)
{
	struct sk_json_arena *a = current;
	struct sk_json_arena_block *b;
	size_t need;

	if (a == NULL)
		return malloc(size);
	need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < size)
		return NULL;
	b = a->head;
	if (b == NULL || b->size - b->used < need) {
		size_t bsize = a->next_size ? a->next_size : ARENA_FIRST;

		if (bsize < need)
			bsize = need;
		b = malloc(sizeof *b + bsize);
		if (b == NULL)
			return NULL; /* cJSON reports the parse as failed */
		b->size = bsize;
		b->used = 0;
		b->next = a->head;
		a->head = b;
		if (a->next_size < ARENA_MAX)
			a->next_size = (a->next_size ? a->next_size : ARENA_FIRST) * 2;
	}
	b->used += need;
	return b->data + b->used - need;
}

void *sk_json_arena_alloc(size_t size)
{
	return arena_malloc(size);
}

/* cJSON frees its partial tree on a parse error: what lies in the current arena goes with it. */
static void arena_free(void *p)
{
	if (p != NULL && current != NULL && in_arena(current, p))
		return;
	free(p);
}

void sk_json_arena_init(void)
{
	cJSON_Hooks hooks = {arena_malloc, arena_free};

	cJSON_InitHooks(&hooks);
	installed = true;
}

bool sk_json_arena_installed(void)
{
	return installed;
}

bool sk_json_arena_start(struct sk_json_arena *a)
{
	if (!installed)
		return false;
	current = a;
	return true;
}

void sk_json_arena_stop(struct sk_json_arena *a)
{
	if (current == a)
		current = NULL;
}

struct sk_json_arena_mark sk_json_arena_mark(const struct sk_json_arena *a)
{
	struct sk_json_arena_mark m = {a->head, a->head ? a->head->used : 0};

	return m;
}

void sk_json_arena_rewind(struct sk_json_arena *a, struct sk_json_arena_mark m)
{
	struct sk_json_arena_block *keep;

	if (a->head == m.block) {
		if (a->head != NULL)
			a->head->used = m.used;
		return;
	}
	/* Blocks begun since the mark: the newest is kept, emptied, for the next steps; the others go. */
	keep = a->head;
	a->head = keep->next;
	while (a->head != m.block) {
		struct sk_json_arena_block *b = a->head;

		a->head = b->next;
		free(b);
	}
	if (m.block != NULL)
		m.block->used = m.used;
	keep->used = 0;
	keep->next = a->head;
	a->head = keep;
}

void sk_json_arena_free(struct sk_json_arena *a)
{
	sk_json_arena_stop(a);
	while (a->head) {
		struct sk_json_arena_block *b = a->head;

		a->head = b->next;
		free(b);
	}
	a->next_size = 0;
}
