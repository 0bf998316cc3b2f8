/*
 * Unit tests for workers/arena.c: pieces never move and never overlap,
 * alignment, large pieces, and the byte count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"

static void
test_arena_strings_keep_their_bytes_across_many_blocks(void **state)
{
	struct arena	*a;
	char		*p[20000], want[32];

	(void)state;
	assert_non_null(a = arena_new());
	/* 20,000 strings of 6-10 bytes: several 64 KB blocks. */
	for (int i = 0; i < 20000; i++) {
		snprintf(want, sizeof(want), "s%d", i * 7919);
		assert_non_null(p[i] = arena_strdup(a, want));
	}
	for (int i = 0; i < 20000; i++) {
		snprintf(want, sizeof(want), "s%d", i * 7919);
		assert_string_equal(p[i], want);
	}
	assert_true(arena_bytes(a) > 2 * 64 * 1024);
	arena_free(a);
	arena_free(NULL);
}

static void
test_arena_strndup_copies_only_n_bytes(void **state)
{
	struct arena	*a;
	char		*s;

	(void)state;
	assert_non_null(a = arena_new());
	assert_non_null(s = arena_strndup(a, "united states", 6));
	assert_string_equal(s, "united");
	assert_non_null(s = arena_strndup(a, "", 0));
	assert_string_equal(s, "");
	arena_free(a);
}

static void
test_arena_alloc_is_aligned_and_pieces_do_not_overlap(void **state)
{
	struct arena	*a;
	uint64_t	*v[100];

	(void)state;
	assert_non_null(a = arena_new());
	for (int i = 0; i < 100; i++) {
		(void)arena_strndup(a, "abc", (size_t)(i % 5));	/* odd sizes in between */
		assert_non_null(v[i] = arena_alloc(a, 3 * sizeof(uint64_t)));
		assert_int_equal((uintptr_t)v[i] % 8, 0);
		v[i][0] = v[i][1] = v[i][2] = (uint64_t)i;
	}
	for (int i = 0; i < 100; i++)
		assert_true(v[i][0] == (uint64_t)i && v[i][2] == (uint64_t)i);
	arena_free(a);
}

static void
test_arena_large_piece_gets_its_own_block(void **state)
{
	struct arena	*a;
	char		*small, *big, *after;
	size_t		 before;

	(void)state;
	assert_non_null(a = arena_new());
	assert_non_null(small = arena_strdup(a, "first"));
	before = arena_bytes(a);
	assert_non_null(big = arena_alloc(a, 100 * 1024));
	memset(big, 'x', 100 * 1024);
	assert_true(arena_bytes(a) >= before + 100 * 1024);
	before = arena_bytes(a);
	/* The next small piece still comes from the block "first" is in. */
	assert_non_null(after = arena_strdup(a, "second"));
	assert_int_equal(arena_bytes(a), before);
	assert_ptr_equal(after, small + strlen("first") + 1);
	assert_string_equal(small, "first");
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_strings_keep_their_bytes_across_many_blocks),
		cmocka_unit_test(test_arena_strndup_copies_only_n_bytes),
		cmocka_unit_test(test_arena_alloc_is_aligned_and_pieces_do_not_overlap),
		cmocka_unit_test(test_arena_large_piece_gets_its_own_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
