/*
 * arena: a list of blocks, the newest first; pieces are cut from the front
 * block until it is full. A large piece gets a block of its own, linked
 * behind the front block so that the front block keeps filling. A new
 * block is half the size of all before it, between 64 KiB and 8 MiB: a
 * small arena stays small, and the loaders' arenas of tens of MB take a
 * few blocks, large enough for huge pages (hugemem.h).
 *
 * DESIGN
 *  - Blocks never move or shrink, so every piece keeps its address until
 *    arena_free().
 *  - arena_alloc() aligns to 8; strings are packed with no alignment, since
 *    the loaders copy far more strings than structures.
 */
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hugemem.h"

#define BLOCK_SIZE	(64 * 1024)		/* the first block, and the least */
#define BLOCK_MAX	(8 * 1024 * 1024)
#define LARGE		(BLOCK_SIZE / 4)	/* a piece this large gets its own block */

struct block {
	struct block		*next;
	size_t			 used, size;
	alignas(8) char		 data[];
};

struct arena {
	struct block	*blocks;	/* the front block first */
	size_t		 bytes;
};

struct arena *
arena_new(void)
{
	return calloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	while (a->blocks != NULL) {
		struct block *next = a->blocks->next;

		free(a->blocks);
		a->blocks = next;
	}
	free(a);
}

/* A new block of size bytes, linked at the front or, if behind, after the front block. */
static struct block *
block_new(struct arena *a, size_t size, int behind)
{
	struct block *b;

	if ((b = hugemem_malloc(sizeof(*b) + size)) == NULL)
		return NULL;
	b->used = 0;
	b->size = size;
	if (behind && a->blocks != NULL) {
		b->next = a->blocks->next;
		a->blocks->next = b;
	} else {
		b->next = a->blocks;
		a->blocks = b;
	}
	a->bytes += sizeof(*b) + size;
	return b;
}

/* size bytes at a multiple of align (1 or 8). @returns NULL on ENOMEM. */
static void *
alloc(struct arena *a, size_t size, size_t align)
{
	struct block	*b = a->blocks;
	size_t		 at;

	if (size > LARGE) {
		if ((b = block_new(a, size, 1)) == NULL)
			return NULL;
		b->used = size;
		return b->data;
	}
	at = b != NULL ? (b->used + align - 1) & ~(align - 1) : 0;
	if (b == NULL || at + size > b->size) {
		size_t bs = a->bytes / 2;

		bs = bs < BLOCK_SIZE ? BLOCK_SIZE : bs > BLOCK_MAX ? BLOCK_MAX : bs;
		if ((b = block_new(a, bs, 0)) == NULL)
			return NULL;
		at = 0;
	}
	b->used = at + size;
	return b->data + at;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	return alloc(a, size, 8);
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX || (p = alloc(a, n + 1, 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

size_t
arena_bytes(const struct arena *a)
{
	return a->bytes;
}
