/*
 * hugemem: the huge-page advice of the loaders' large tables (hugemem.h).
 *
 * Only the 2 MiB-aligned interior of an allocation is advised: madvise()
 * wants whole pages, and a huge page must be aligned to its size. The
 * advice is given before the memory is first touched (calloc'ed memory of
 * this size is fresh from mmap() and not touched by calloc), so that the
 * first fault of each 2 MiB brings a huge page.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hugemem.h"

#define HUGE_PAGE	((uintptr_t)2 << 20)
#define PAGE		((uintptr_t)4096)

void
hugemem_advise(void *p, size_t size)
{
	uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t hi = ((uintptr_t)p + size + PAGE - 1) & ~(PAGE - 1);

	if (p == NULL || size < HUGEMEM_MIN || hi <= lo)
		return;
	(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);	/* advice: refusal is fine */
}

void *
hugemem_malloc(size_t size)
{
	void *p;

	if (size < HUGEMEM_MIN)
		return malloc(size);
	if (size > PTRDIFF_MAX)
		return NULL;	/* as malloc() answers, and before any allocator sees it */
	/* Aligned, so that every 2 MiB of it can be one huge page (the last one too: the block behind is glibc's). */
	if (posix_memalign(&p, HUGE_PAGE, size) != 0)
		return NULL;
	hugemem_advise(p, size);
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
