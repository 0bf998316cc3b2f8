/*
 * Unit tests for workers/reason.c: the dead-letter codes are a contract, so
 * their spellings are written out here by hand and checked both ways.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "reason.h"

static const struct {
	enum reason r;
	const char *code;
} contract[] = {
    {REASON_NOT_UTF8, "not_utf8"},
    {REASON_NUL_BYTE, "nul_byte"},
    {REASON_INVALID_JSON, "invalid_json"},
    {REASON_BAD_FIELD, "bad_field"},
    {REASON_NO_TEXT, "no_text"},
    {REASON_TOO_LARGE, "too_large"},
    {REASON_EXTRACT_LIMIT, "extract_limit"},
    {REASON_UNSUPPORTED_LANGUAGE, "unsupported_language"},
};
#define NCONTRACT (sizeof(contract) / sizeof(contract[0]))

static void
test_reason_every_code_is_spelled_as_the_contract_says(void **state)
{
	size_t i;

	(void) state;
	assert_int_equal(NCONTRACT, _REASON_MAX);
	for (i = 0; i < NCONTRACT; i++)
		assert_string_equal(reason_to_string(contract[i].r), contract[i].code);
}

static void
test_reason_every_code_round_trips_through_its_string(void **state)
{
	int i;

	(void) state;
	for (i = 0; i < _REASON_MAX; i++) {
		const char *s = reason_to_string((enum reason) i);

		assert_string_not_equal(s, "unknown");
		assert_int_equal(reason_from_string(s), i);
	}
}

static void
test_reason_codes_are_distinct(void **state)
{
	int i, j;

	(void) state;
	for (i = 0; i < _REASON_MAX; i++)
		for (j = i + 1; j < _REASON_MAX; j++)
			assert_string_not_equal(reason_to_string((enum reason) i),
						reason_to_string((enum reason) j));
}

static void
test_reason_out_of_range_values_are_unknown(void **state)
{
	(void) state;
	assert_string_equal(reason_to_string(_REASON_MAX), "unknown");
	assert_string_equal(reason_to_string(_REASON_INVALID), "unknown");
	assert_string_equal(reason_to_string((enum reason) 1000), "unknown");
}

static void
test_reason_unknown_strings_are_invalid(void **state)
{
	static const char *const bad[] = {
	    "",		 "unknown",   "NOT_UTF8",  "Not_utf8", "not_utf8 ",
	    " nul_byte", "no_text\n", "too-large", "extract",  "extract_limits",
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(reason_from_string(bad[i]), _REASON_INVALID);
	assert_int_equal(reason_from_string(NULL), _REASON_INVALID);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reason_every_code_is_spelled_as_the_contract_says),
	    cmocka_unit_test(test_reason_every_code_round_trips_through_its_string),
	    cmocka_unit_test(test_reason_codes_are_distinct),
	    cmocka_unit_test(test_reason_out_of_range_values_are_unknown),
	    cmocka_unit_test(test_reason_unknown_strings_are_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
