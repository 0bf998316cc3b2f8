/*
 * Unit tests for workers/array.c: room is made when needed and only then,
 * the elements are kept, and a request too large for memory fails cleanly.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "array.h"

static void
test_array_grows_by_doubling_and_keeps_the_elements(void **state)
{
	uint32_t	*v = NULL;
	size_t		 cap = 0, n = 0;

	(void)state;
	assert_int_equal(array_grow(&v, &cap, 0, sizeof(*v)), 0);	/* nothing needed */
	assert_null(v);
	assert_int_equal(cap, 0);
	for (uint32_t i = 0; i < 1000; i++) {
		assert_int_equal(array_grow(&v, &cap, n + 1, sizeof(*v)), 0);
		assert_true(cap >= n + 1);
		assert_true((cap & (cap - 1)) == 0);		/* 64, 128, ... */
		v[n++] = i * 3;
	}
	assert_int_equal(cap, 1024);
	for (uint32_t i = 0; i < 1000; i++)
		assert_int_equal(v[i], i * 3);
	free(v);
}

static void
test_array_makes_room_for_many_at_once(void **state)
{
	char	*v = NULL;
	size_t	 cap = 0;

	(void)state;
	assert_int_equal(array_grow(&v, &cap, 1000, 1), 0);
	assert_int_equal(cap, 1024);
	assert_int_equal(array_grow(&v, &cap, 1024, 1), 0);	/* fits: no change */
	assert_int_equal(cap, 1024);
	free(v);
}

static void
test_array_refuses_a_size_that_overflows(void **state)
{
	uint64_t	*v = NULL;
	size_t		 cap = 0;

	(void)state;
	assert_int_equal(array_grow(&v, &cap, SIZE_MAX / 4, sizeof(*v)), -ENOMEM);
	assert_null(v);
	assert_int_equal(cap, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_grows_by_doubling_and_keeps_the_elements),
		cmocka_unit_test(test_array_makes_room_for_many_at_once),
		cmocka_unit_test(test_array_refuses_a_size_that_overflows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
