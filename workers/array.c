/*
 * array: the one growable-array helper of the loaders (array.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "array.h"
#include "hugemem.h"

#define FIRST_CAP	64

int
array_realloc(void *pp, size_t *cap, size_t n, size_t size)
{
	size_t	 ncap = *cap ? *cap : FIRST_CAP;
	void	*p;

	if (n <= *cap)
		return 0;
	while (ncap < n) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if (size != 0 && ncap > SIZE_MAX / size)
		return -ENOMEM;
	if ((p = hugemem_realloc(*(void **)pp, *cap * size, ncap * size)) == NULL)
		return -ENOMEM;
	*(void **)pp = p;
	*cap = ncap;
	return 0;
}
