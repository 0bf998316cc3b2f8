/*
 * Unit tests for daemon/reset.c's reading of --reset-offsets=TIME: the ISO
 * 8601 forms it documents give the instant computed here by hand, and
 * everything else (no zone on a time, a day that does not exist, stray
 * text) is refused rather than guessed. The Kafka side is tested against
 * the test broker (tests/integration/test_service.py, ResetTests).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "reset.h"

/* 2024-05-01T00:00:00Z: 19844 days after the epoch. */
#define MAY1 (19844LL * 86400 * 1000)

static void
test_reset_reads_the_documented_time_forms(void **state)
{
	static const struct {
		const char *s;
		int64_t ms;
	} cases[] = {
	    {"2024-05-01", MAY1},
	    {"2024-05-01T00:00:00Z", MAY1},
	    {"2024-05-01T12:00:00Z", MAY1 + 12 * 3600000LL},
	    {"2024-05-01 12:00Z", MAY1 + 12 * 3600000LL},
	    {"2024-05-01T14:00+02:00", MAY1 + 12 * 3600000LL},
	    {"2024-05-01T14:00+0200", MAY1 + 12 * 3600000LL},
	    {"2024-04-30T20:30:00-03:30", MAY1},
	    {"2024-05-01T00:00:01.5Z", MAY1 + 1500},
	    {"2024-05-01T00:00:01.123456Z", MAY1 + 1123},
	    {"1970-01-01T00:00:00Z", 0},
	    {"2024-02-29", MAY1 - (31 + 31) * 86400000LL},
	};
	int64_t ms;

	(void) state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ms = -1;
		assert_int_equal(reset_parse_time(cases[i].s, &ms), 0);
		assert_int_equal(ms, cases[i].ms);
	}
}

static void
test_reset_refuses_what_is_not_a_time_it_can_place(void **state)
{
	static const char *const bad[] = {
	    "",
	    "earliest",
	    "yesterday",
	    "2024-05",
	    "2024-5-1",
	    "2024-05-01T12:00",
	    "2024-05-01T12:00:00",
	    "2024-05-01T25:00Z",
	    "2024-02-30",
	    "2023-02-29",
	    "2024-13-01",
	    "2024-05-01T12:00:00.Z",
	    "2024-05-01Z",
	    "2024-05-01T12:00Z junk",
	    "2024-05-01T12:00+24:00",
	    "1714560000",
	};
	int64_t ms = 42;

	(void) state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(reset_parse_time(bad[i], &ms), -EINVAL);
	assert_int_equal(ms, 42);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reset_reads_the_documented_time_forms),
	    cmocka_unit_test(test_reset_refuses_what_is_not_a_time_it_can_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
