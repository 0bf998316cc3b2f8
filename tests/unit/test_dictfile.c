/*
 * Unit tests for workers/dictfile.c: which lines reach the callback, how
 * they are split, how errors are worded, and the content hash.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dictfile.h"

#define NAME	"words.txt"

struct fixture {
	char	dir[64];
};

/* What the callback saw: each line as "LINE:f0|f1|...", one per row. */
struct seen {
	char		 rows[16][256];
	size_t		 n;
	const char	*name;		/* dictfile_name() as the callback saw it */
	uint32_t	 fail_at;	/* fail on this line with fail_err */
	int		 fail_err;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ne-dictfile-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	char		 path[128];

	snprintf(path, sizeof(path), "%s/%s", f->dir, NAME);
	unlink(path);
	snprintf(path, sizeof(path), "%s/other.txt", f->dir);
	unlink(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void
write_file(const struct fixture *f, const char *name, const char *content, size_t len)
{
	char	 path[128];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fwrite(content, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static int
record(void *arg, struct dictfile *df, char **fields, size_t nf)
{
	struct seen	*s = arg;
	size_t		 len;

	s->name = dictfile_name(df);
	if (dictfile_line(df) == s->fail_at)
		return s->fail_err == -ENOMEM ? -ENOMEM :
		    dictfile_error(df, s->fail_err, "field '%s' is wrong", fields[0]);
	assert_true(s->n < 16);
	len = (size_t)snprintf(s->rows[s->n], sizeof(s->rows[0]), "%u:", dictfile_line(df));
	for (size_t i = 0; i < nf; i++)
		len += (size_t)snprintf(s->rows[s->n] + len, sizeof(s->rows[0]) - len, "%s%s",
		    i > 0 ? "|" : "", fields[i]);
	s->n++;
	return 0;
}

static int
read_text(const struct fixture *f, const char *content, struct seen *s, char *err, size_t errsz)
{
	write_file(f, NAME, content, strlen(content));
	return dictfile_read(f->dir, NAME, record, s, NULL, err, errsz);
}

static void
test_dictfile_hands_over_data_lines_split_at_tabs(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { 0 };
	char		 err[256] = "";
	static const char name[] = NAME;

	static const char text[] = "# a comment\n\nIRN\tiran\nUSA\tunited states\tx\n";

	write_file(f, NAME, text, strlen(text));
	assert_int_equal(dictfile_read(f->dir, name, record, &s, NULL, err, sizeof(err)), 2);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.rows[0], "3:IRN|iran");
	assert_string_equal(s.rows[1], "4:USA|united states|x");
	assert_ptr_equal(s.name, name);		/* the caller's pointer, not a copy */
	assert_string_equal(err, "");
}

static void
test_dictfile_skips_blanks_and_comments_but_not_a_hash_field(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { 0 };
	char		 err[256] = "";

	/* Blank-only lines, indented comments, "#" alone, "#word": skipped. */
	assert_int_equal(read_text(f, "  \n\t\n   # indented\n#\n#word\tnn\n#\tpunc\t-6.7\nword\t\tend\n",
	    &s, err, sizeof(err)), 2);
	assert_string_equal(s.rows[0], "6:#|punc|-6.7");	/* "#<TAB>": the word "#" */
	assert_string_equal(s.rows[1], "7:word||end");		/* an empty field is kept */
}

static void
test_dictfile_line_ends_crlf_and_a_last_line_without_newline(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { 0 };
	char		 err[256] = "";

	assert_int_equal(read_text(f, "a\tb\r\nc\td", &s, err, sizeof(err)), 2);
	assert_string_equal(s.rows[0], "1:a|b");
	assert_string_equal(s.rows[1], "2:c|d");
	s.n = 0;
	assert_int_equal(read_text(f, "", &s, err, sizeof(err)), 0);	/* empty: no lines, no error */
	assert_int_equal(s.n, 0);
}

/* dictfile_read on content must fail with want and an errbuf containing where. */
static void
expect_error(const struct fixture *f, const char *content, struct seen *s, int want,
    const char *where)
{
	char err[256] = "";

	assert_int_equal(read_text(f, content, s, err, sizeof(err)), want);
	if (strstr(err, where) == NULL)
		fail_msg("error '%s' does not contain '%s'", err, where);
}

static void
test_dictfile_errors_name_the_file_and_line(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { 0 };
	char		 many[128] = "a";

	expect_error(f, "a\tb\n b\tc\n", &s, -EINVAL, NAME ":2: line starts with white space");
	expect_error(f, "# c\n\tb\n", &s, -EINVAL, NAME ":2: line starts with white space");
	for (int i = 0; i < DICTFILE_MAX_FIELDS; i++)
		strcat(many, "\tx");
	strcat(many, "\n");
	expect_error(f, many, &s, -EINVAL, NAME ":1: more than 16 fields");
	/* The callback's own message, with the file and line before it. */
	s.fail_at = 3;
	s.fail_err = -EINVAL;
	expect_error(f, "a\n\nbad\nc\n", &s, -EINVAL, NAME ":3: field 'bad' is wrong");
	/* A callback out of memory gets the line too. */
	s.fail_err = -ENOMEM;
	expect_error(f, "a\n\nbad\n", &s, -ENOMEM, NAME ":3: out of memory");
}

static void
test_dictfile_missing_file_names_its_path(void **state)
{
	struct fixture	*f = *state;
	struct seen	 s = { 0 };
	char		 err[256] = "", want[128];

	(void)f;
	assert_int_equal(dictfile_read("/nonexistent-ne-dir", NAME, record, &s, NULL, err,
	    sizeof(err)), -ENOENT);
	snprintf(want, sizeof(want), "/nonexistent-ne-dir/%s: cannot open", NAME);
	assert_non_null(strstr(err, want));
	assert_false(dictfile_present("/nonexistent-ne-dir", NAME));
	write_file(f, NAME, "x\n", 2);
	assert_true(dictfile_present(f->dir, NAME));
	/* A NULL errbuf of size 0 is allowed. */
	assert_int_equal(dictfile_read("/nonexistent-ne-dir", NAME, record, &s, NULL, NULL, 0), -ENOENT);
}

static void
test_dictfile_errorf_words_errors_found_after_reading(void **state)
{
	char err[64];

	(void)state;
	assert_int_equal(dictfile_errorf(err, sizeof(err), "pos.tsv", 0, -EINVAL, "no %s", "entries"),
	    -EINVAL);
	assert_string_equal(err, "pos.tsv: no entries");
	assert_int_equal(dictfile_errorf(err, sizeof(err), "pos.tsv", 12, -EINVAL, "'%s' again", "the"),
	    -EINVAL);
	assert_string_equal(err, "pos.tsv:12: 'the' again");
	/* Cut to the buffer, never past it. */
	assert_int_equal(dictfile_errorf(err, 8, "pos.tsv", 12, -EINVAL, "long"), -EINVAL);
	assert_string_equal(err, "pos.tsv");
}

/* The sum of reading the given files (name, content) in order. */
static struct dictfile_sum
sum_of(const struct fixture *f, const char *const *files, size_t n)
{
	struct dictfile_sum	 sum = { 0 };
	struct seen		 s = { 0 };
	char			 err[256];

	for (size_t i = 0; i < n; i++) {
		write_file(f, files[2 * i], files[2 * i + 1], strlen(files[2 * i + 1]));
		s.n = 0;
		assert_true(dictfile_read(f->dir, files[2 * i], record, &s, &sum, err, sizeof(err)) >= 0);
	}
	return sum;
}

static void
test_dictfile_sum_changes_with_any_byte_and_name(void **state)
{
	struct fixture		*f = *state;
	static const char *const base[] = { NAME, "a\tb\n# note\n", "other.txt", "c\n" };
	static const char *const comment[] = { NAME, "a\tb\n# nope\n", "other.txt", "c\n" };
	static const char *const crlf[] = { NAME, "a\tb\r\n# note\n", "other.txt", "c\n" };
	static const char *const order[] = { "other.txt", "c\n", NAME, "a\tb\n# note\n" };
	static const char *const moved[] = { NAME, "a\tb\n# note\nc\n", "other.txt", "" };
	struct dictfile_sum	 a = sum_of(f, base, 2), b = sum_of(f, base, 2), c;
	char			 hex[17];

	assert_int_equal(a.files, 2);
	assert_true(a.h == b.h);			/* same files, same order: same sum */
	assert_int_equal(strlen(dictfile_sum_hex(&a, hex)), 16);
	assert_int_equal(strspn(hex, "0123456789abcdef"), 16);
	c = sum_of(f, comment, 2);			/* a byte of a comment counts */
	assert_true(c.h != a.h);
	c = sum_of(f, crlf, 2);				/* so does a line ending */
	assert_true(c.h != a.h);
	c = sum_of(f, order, 2);			/* and the order of the files */
	assert_true(c.h != a.h);
	c = sum_of(f, moved, 2);			/* a line moved to another file */
	assert_true(c.h != a.h);
	c = a;
	dictfile_sum_fold(&c, 0);			/* a folded marker */
	assert_true(c.h != a.h);
}

static void
test_dictfile_sum_is_untouched_by_a_failed_read(void **state)
{
	struct fixture		*f = *state;
	struct dictfile_sum	 sum = { 0 };
	struct seen		 s = { 0 };
	char			 err[256];

	write_file(f, NAME, " bad\n", 5);
	assert_int_equal(dictfile_read(f->dir, NAME, record, &s, &sum, err, sizeof(err)), -EINVAL);
	assert_true(sum.h == 0);
	assert_int_equal(sum.files, 0);
}

int
main(void)
{
#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_dictfile_hands_over_data_lines_split_at_tabs),
		T(test_dictfile_skips_blanks_and_comments_but_not_a_hash_field),
		T(test_dictfile_line_ends_crlf_and_a_last_line_without_newline),
		T(test_dictfile_errors_name_the_file_and_line),
		T(test_dictfile_missing_file_names_its_path),
		T(test_dictfile_errorf_words_errors_found_after_reading),
		T(test_dictfile_sum_changes_with_any_byte_and_name),
		T(test_dictfile_sum_is_untouched_by_a_failed_read),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
