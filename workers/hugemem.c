/*
 * hugemem: the huge-page advice of the loaders' large tables (hugemem.h).
 *
 * A large allocation is 2 MiB-aligned, so that each 2 MiB of it can be one
 * huge page, and advised from its start to its last page (madvise() wants
 * whole pages). The advice is given before the memory is first touched, so
 * that the first fault of each 2 MiB brings a huge page: calloc() and
 * realloc() may touch it themselves (a block from the heap is zeroed or
 * copied in place), so here they are the allocation, the advice, then the
 * zeroing or the copy.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hugemem.h"

#define HUGE_PAGE	((size_t)2 << 20)
#define PAGE		((size_t)4096)

void *
hugemem_malloc(size_t size)
{
	void *p;

	if (size < HUGEMEM_MIN)
		return malloc(size);
	if (size > PTRDIFF_MAX)
		return NULL;	/* as malloc() answers, and before any allocator sees it */
	if (posix_memalign(&p, HUGE_PAGE, size) != 0)
		return NULL;
	(void)madvise(p, (size + PAGE - 1) & ~(PAGE - 1), MADV_HUGEPAGE);	/* advice: refusal is fine */
	return p;
}

void *
hugemem_calloc(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if (n * size < HUGEMEM_MIN)
		return calloc(n, size);
	if ((p = hugemem_malloc(n * size)) != NULL)
		memset(p, 0, n * size);
	return p;
}

void *
hugemem_realloc(void *p, size_t old, size_t size)
{
	void *np;

	if (size < HUGEMEM_MIN || size <= old)
		return realloc(p, size);
	if ((np = hugemem_malloc(size)) == NULL)
		return NULL;
	if (p != NULL)
		memcpy(np, p, old);
	free(p);
	return np;
}
