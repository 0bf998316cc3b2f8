/*
 * arena: memory for many small pieces that are all freed together.
 *
 * A loader copies its strings and small arrays into an arena; they never
 * move, so the pointers it hands out stay valid until arena_free(), which
 * frees everything at once. Pieces come from 64 KB blocks; a piece larger
 * than a quarter of a block gets a block of its own. Not thread-safe while
 * it grows; once loading is done the pieces may be read by any thread.
 */
#ifndef NE_ARENA_H
#define NE_ARENA_H

#include <stddef.h>

struct arena;	/* opaque */

/* @returns a new, empty arena, or NULL on ENOMEM. */
struct arena	*arena_new(void);

/* Free the arena and every piece it handed out. NULL is a no-op. */
void	 arena_free(struct arena *);

/* @returns size bytes aligned to 8, owned by the arena, or NULL on ENOMEM. */
void	*arena_alloc(struct arena *, size_t size);

/*
 * @returns a NUL-terminated copy of s[0, n) (no alignment), owned by the
 * arena, or NULL on ENOMEM. s need not be NUL-terminated.
 */
char	*arena_strndup(struct arena *, const char *s, size_t n);

/* arena_strndup(a, s, strlen(s)). */
char	*arena_strdup(struct arena *, const char *s);

/* @returns the bytes the arena holds from malloc (blocks and their headers). */
size_t	 arena_bytes(const struct arena *);

#endif /* NE_ARENA_H */
