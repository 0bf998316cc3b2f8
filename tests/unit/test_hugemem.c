/*
 * Unit tests for workers/hugemem.c: each function keeps its libc
 * namesake's contract (zeroed memory, old bytes kept, NULL on an overflow),
 * below and above HUGEMEM_MIN; and a large allocation's 2 MiB-aligned
 * interior carries the huge-page advice, read back from the kernel's
 * /proc/self/smaps ("hg" in VmFlags) where the kernel takes the advice.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "hugemem.h"

#define MIB (1024u * 1024u)

static int
all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static void
calloc_zeroes_small_and_large(void **state)
{
	size_t sizes[] = { 100, HUGEMEM_MIN - 1, HUGEMEM_MIN, 3 * HUGEMEM_MIN + 17 };

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* Dirty the heap first, so that zeroing is not free memory's luck. */
		unsigned char *d = malloc(sizes[i]), *p;

		assert_non_null(d);
		memset(d, 0xa5, sizes[i]);
		free(d);
		p = hugemem_calloc(sizes[i], 1);
		assert_non_null(p);
		assert_true(all_zero(p, sizes[i]));
		free(p);
	}
}

static void
calloc_refuses_an_overflowing_product(void **state)
{
	(void)state;
	assert_null(hugemem_calloc(SIZE_MAX / 2, 3));
}

static void
realloc_keeps_the_old_bytes(void **state)
{
	unsigned char	*p = hugemem_malloc(1000);
	size_t		 sizes[] = { 1000, 5 * MIB, 12 * MIB, 6 * MIB };

	(void)state;
	assert_non_null(p);
	for (size_t i = 0; i < 1000; i++)
		p[i] = (unsigned char)(i * 7);
	for (size_t k = 1; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t old = sizes[k - 1] < sizes[k] ? sizes[k - 1] : sizes[k];

		p = hugemem_realloc(p, sizes[k - 1], sizes[k]);
		assert_non_null(p);
		for (size_t i = 0; i < 1000; i++)
			assert_int_equal(p[i], (unsigned char)(i * 7));
		if (k > 1 && sizes[k - 1] <= sizes[k])	/* the last size's last byte was kept */
			assert_int_equal(p[old - 1], 0x5a);
		p[sizes[k] - 1] = 0x5a;
	}
	free(p);
	assert_null(hugemem_realloc(NULL, 0, SIZE_MAX));
}

/* Whether the mapping holding addr has flag (two letters) in its smaps VmFlags; -1 if not found. */
static int
vmflag(const void *addr, const char *flag)
{
	FILE		*f = fopen("/proc/self/smaps", "r");
	char		 line[512];
	int		 inside = 0, r = -1;
	uintptr_t	 a = (uintptr_t)addr;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			inside = a >= lo && a < hi;
		else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
			char pat[8];

			snprintf(pat, sizeof(pat), " %s", flag);
			r = strstr(line, pat) != NULL;
			break;
		}
	}
	fclose(f);
	return r;
}

static void
large_allocations_carry_the_advice(void **state)
{
	void		*probe;
	unsigned char	*p;
	uintptr_t	 mid;

	(void)state;
	/* A kernel without transparent huge pages refuses the advice: nothing to see. */
	probe = mmap(NULL, 4 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(probe != MAP_FAILED);
	if (madvise(probe, 2 * MIB, MADV_HUGEPAGE) != 0) {
		munmap(probe, 4 * MIB);
		skip();
	}
	munmap(probe, 4 * MIB);

	p = hugemem_malloc(16 * MIB);
	assert_non_null(p);
	mid = ((uintptr_t)p + 8 * MIB) & ~(uintptr_t)(2 * MIB - 1);
	assert_int_equal(vmflag((void *)mid, "hg"), 1);
	free(p);

	/* The control: fresh memory carries no advice (the heap may, from earlier tests). */
	probe = mmap(NULL, 4 * MIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(probe != MAP_FAILED);
	assert_int_equal(vmflag(probe, "hg"), 0);
	munmap(probe, 4 * MIB);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calloc_zeroes_small_and_large),
		cmocka_unit_test(calloc_refuses_an_overflowing_product),
		cmocka_unit_test(realloc_keeps_the_old_bytes),
		cmocka_unit_test(large_allocations_carry_the_advice),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
