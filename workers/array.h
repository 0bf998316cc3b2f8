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

/*
 * Make room for n elements of size bytes in the array *(T **)pp, whose
 * capacity is *cap: when n > *cap, reallocate it to a capacity that doubles
 * (from 64) until it holds n. The elements already there are kept; *pp may
 * move, so pointers into it do not survive a call that grows it.
 * @returns 0, or -ENOMEM with *pp and *cap unchanged.
 */
int	array_grow(void *pp, size_t *cap, size_t n, size_t size);

#endif /* NE_ARRAY_H */
