/*
 * array: growable arrays of any element type.
 *
 * An owner keeps a pointer, a count and a capacity, and asks array_grow()
 * for room before it appends; the capacity doubles, so appending n
 * elements costs O(n) copies in all.
 */
#ifndef NE_ARRAY_H
#define NE_ARRAY_H

#include <stddef.h>

/* array_grow() when n > *cap: reallocate. */
int	array_realloc(void *pp, size_t *cap, size_t n, size_t size);

/*
 * Make room for n elements of size bytes in the array *(T **)pp, whose
 * capacity is *cap: when n > *cap, reallocate it to a capacity that doubles
 * (from 64) until it holds n. The elements already there are kept; *pp may
 * move, so pointers into it do not survive a call that grows it. The check
 * is inline: most calls find room and return at once.
 * @returns 0, or -ENOMEM with *pp and *cap unchanged.
 */
static inline int
array_grow(void *pp, size_t *cap, size_t n, size_t size)
{
	return n <= *cap ? 0 : array_realloc(pp, cap, n, size);
}

#endif /* NE_ARRAY_H */
