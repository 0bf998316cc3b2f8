/*
 * hugemem: allocations for the large tables the loaders fill at start-up
 * (the gazetteer's, the lexicon's, the tagger's), backed by transparent
 * huge pages where the kernel allows it (its "madvise" mode, Debian's
 * default).
 *
 * Filling fresh memory costs one page fault per 4 KiB page touched; on a
 * virtual machine each costs microseconds, and the gazetteer alone touched
 * about 9,500 pages per load. With 2 MiB pages the same load takes a few
 * hundred faults. The advice changes no contents and may be refused: every
 * function behaves as its libc namesake either way, and the memory is freed
 * with free().
 */
#ifndef NE_HUGEMEM_H
#define NE_HUGEMEM_H

#include <stddef.h>

/* Below this many bytes an allocation is left as it is. */
#define HUGEMEM_MIN	(2u << 20)

void	*hugemem_malloc(size_t size);
void	*hugemem_calloc(size_t n, size_t size);
/* realloc() of p, whose old bytes are kept (the old size of the block, or less). */
void	*hugemem_realloc(void *p, size_t old, size_t size);

#endif /* NE_HUGEMEM_H */
