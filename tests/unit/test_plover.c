/*
 * Unit tests for workers/plover.c: the project's table (workers/lexicon,
 * or $NE_LEXICON) and the refusal of bad lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plover.h"

static void
test_plover_types_codes_by_their_longest_prefix(void **state)
{
	static const struct { const char *code, *type; } cases[] = {
		{ "010", NULL }, { "01", NULL }, { "020", "REQUEST" }, { "036", "AGREE" },
		{ "040", "CONSULT" }, { "042", "CONSULT" }, { "051", "SUPPORT" }, { "055", "CONCEDE" },
		{ "057", "AGREE" }, { "061", "COOPERATE" }, { "0714", "AID" }, { "084", "CONCEDE" },
		{ "0871", "RETREAT" }, { "087", "RETREAT" }, { "090", "ACCUSE" }, { "1011", "REQUEST" },
		{ "112", "ACCUSE" }, { "1243", "REJECT" }, { "138", "THREATEN" }, { "141", "PROTEST" },
		{ "150", "MOBILIZE" }, { "161", "SANCTION" }, { "173", "COERCE" }, { "190", "ASSAULT" },
		{ "1823", "ASSAULT" }, { "204", "ASSAULT" }, { "21", NULL }, { "9", NULL },
	};
	const char	*dir = getenv("NE_LEXICON") != NULL ? getenv("NE_LEXICON") : "workers/lexicon";
	struct plover	*p;
	char		 err[256];

	(void)state;
	assert_int_equal(plover_load(dir, &p, err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t = plover_type(p, cases[i].code);

		if (cases[i].type == NULL)
			assert_null(t);
		else
			assert_string_equal(t, cases[i].type);
	}
	plover_free(p);
}

static void
test_plover_refuses_bad_lines_with_file_and_line(void **state)
{
	static const struct { const char *body, *why; } bad[] = {
		{ "# c\n01\tREQUEST\n1\tASSAULT\n", "plover.txt:3: not a CAMEO code" },
		{ "01\tATTACK\n", "plover.txt:1: not a PLOVER event type" },
		{ "01\t-\n01\tAGREE\n", "plover.txt:2: a second line" },
		{ "01 AGREE\n", "plover.txt:1: not CODE<TAB>TYPE" },
		{ "01\tAGREE\textra\n", "plover.txt:1: not CODE<TAB>TYPE" },
		{ "12345\tAGREE\n", "not a CAMEO code" },
	};
	char		 dir[] = "/tmp/test_plover.XXXXXX", path[64], err[256];
	struct plover	*p = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/plover.txt", dir);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		FILE *fp = fopen(path, "w");

		fputs(bad[i].body, fp);
		fclose(fp);
		err[0] = '\0';
		assert_int_equal(plover_load(dir, &p, err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, bad[i].why));
	}
	unlink(path);
	assert_int_equal(plover_load(dir, &p, err, sizeof(err)), -ENOENT);
	rmdir(dir);
	plover_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plover_types_codes_by_their_longest_prefix),
	    cmocka_unit_test(test_plover_refuses_bad_lines_with_file_and_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
