/*
 * Unit tests for workers/dates.c: each accepted date form, dates that do not
 * exist, and the dateline forms of wire copy (and lines that only look like
 * them). Expected dates are read off the inputs by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "dates.h"

static const struct ne_date sentinel = {-77, -77, -77};

static void
assert_date(const struct ne_date *d, int y, int m, int day, const char *what)
{
	if (d->year != y || d->month != m || d->day != day)
		fail_msg("'%s': got %d-%d-%d, expected %d-%d-%d", what, d->year, d->month, d->day,
			 y, m, day);
}

static void
assert_untouched(const struct ne_date *d, const char *what)
{
	if (memcmp(d, &sentinel, sizeof(*d)) != 0)
		fail_msg("'%s': *ret was written on failure", what);
}

static const struct {
	const char *in;
	int y, m, d;
} good[] = {
    {"2007-05-29", 2007, 5, 29},
    {"2007-05-29T10:15:00Z", 2007, 5, 29},
    {"2007-05-29T10:15:00+02:00", 2007, 5, 29},
    {"2007-05-29T23:59:59-0530", 2007, 5, 29},
    {"2007-05-29T10:15:00", 2007, 5, 29},
    {"2007-05-29 10:15:00", 2007, 5, 29},
    {"2007-05-29 10:15:00 +0100", 2007, 5, 29},
    {"Tuesday, May 29, 2007", 2007, 5, 29},
    {"TUESDAY, MAY 29, 2007", 2007, 5, 29},
    {"Tue, May 29, 2007", 2007, 5, 29},
    {"May 29, 2007", 2007, 5, 29},
    {"September 5, 2007", 2007, 9, 5},
    {"Sep 5, 2007", 2007, 9, 5},
    {"Aug. 7, 2007", 2007, 8, 7},
    {"Tuesday, Aug. 7, 2007", 2007, 8, 7},
    {"May 29 2007", 2007, 5, 29},
    {"29 May 2007", 2007, 5, 29},
    {"Tuesday, 29 May 2007", 2007, 5, 29},
    {"Tue, 29 May 2007 10:15:00 GMT", 2007, 5, 29},
    {"Tue, 29 May 2007 10:15:00 +0000", 2007, 5, 29},
    {"29 May 2007 10:15:00 GMT", 2007, 5, 29},
    {"  May 29, 2007 \r\n", 2007, 5, 29},
    {"February 29, 2008", 2008, 2, 29},
    {"2000-02-29", 2000, 2, 29},
    {"December 31, 1999", 1999, 12, 31},
    {"May 2007", 2007, 5, 0},
    {"2007-05", 2007, 5, 0},
};

static void
test_dates_parse_reads_every_supported_form(void **state)
{
	struct ne_date d;
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		d = sentinel;
		if (dates_parse(good[i].in, strlen(good[i].in), &d) != 0)
			fail_msg("'%s' was refused", good[i].in);
		assert_date(&d, good[i].y, good[i].m, good[i].d, good[i].in);
	}
}

static const char *const bad[] = {
    "",
    "   \t ",
    "2007-02-29", /* 2007 is not a leap year */
    "1900-02-29", /* nor is 1900 */
    "February 30, 2008",
    "2007-04-31",
    "2007-13-01",
    "2007-00-10",
    "May 32, 2007",
    "May 0, 2007",
    "Smarch 3, 2007",
    "May 29", /* no year */
    "29",
    "2007",	/* a bare number is not a date */
    "07-05-29", /* two-digit year */
    "May 29, 07",
    "May 29, 2007 extra words",
    "said on May 29, 2007",
    "2007-05-29T25:00:00Z",
    "2007-05-29T10:15:00 nonsense",
    "yesterday",
    "2007/05/29x",
};

static void
test_dates_parse_refuses_non_dates_and_impossible_dates(void **state)
{
	struct ne_date d;
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		d = sentinel;
		if (dates_parse(bad[i], strlen(bad[i]), &d) != -EINVAL)
			fail_msg("'%s' was accepted as %d-%d-%d", bad[i], d.year, d.month, d.day);
		assert_untouched(&d, bad[i]);
	}
}

static void
test_dates_parse_reads_only_len_bytes(void **state)
{
	static const char with_nul[] = "May 29, 2007\0 junk";
	struct ne_date d = sentinel;
	char longer[200];

	(void) state;
	assert_int_equal(dates_parse("2007-05-29garbage", 10, &d), 0);
	assert_date(&d, 2007, 5, 29, "prefix of 10 bytes");

	d = sentinel;
	assert_int_equal(dates_parse("2007-05-29", 9, &d), 0); /* "2007-05-2" */
	assert_date(&d, 2007, 5, 2, "prefix of 9 bytes");

	d = sentinel;
	assert_int_equal(dates_parse(with_nul, sizeof(with_nul) - 1, &d), -EINVAL);
	assert_untouched(&d, "NUL inside");

	memset(longer, ' ', sizeof(longer));
	memcpy(longer + 150, "May 29, 2007", 12);
	assert_int_equal(dates_parse(longer, sizeof(longer), &d),
			 0); /* white space is trimmed first */
	assert_date(&d, 2007, 5, 29, "padded");

	memset(longer, 'x', sizeof(longer));
	d = sentinel;
	assert_int_equal(dates_parse(longer, sizeof(longer), &d), -EINVAL);
	assert_untouched(&d, "200 bytes of x");
}

static void
test_dates_valid_knows_the_calendar(void **state)
{
	static const struct {
		struct ne_date d;
		int valid;
	} cases[] = {
	    {{2007, 5, 29}, 1}, {{2008, 2, 29}, 1},  {{2007, 2, 29}, 0}, {{2000, 2, 29}, 1},
	    {{1900, 2, 29}, 0}, {{2100, 2, 29}, 0},  {{2007, 2, 28}, 1}, {{2007, 4, 30}, 1},
	    {{2007, 4, 31}, 0}, {{2007, 12, 31}, 1}, {{2007, 1, 32}, 0}, {{2007, 13, 1}, 0},
	    {{2007, -1, 1}, 0}, {{2007, 5, -1}, 0},  {{2007, 5, 0}, 1}, /* month known, day not */
	    {{2007, 0, 0}, 1},						/* only the year */
	    {{2007, 0, 5}, 0},						/* a day without a month */
	    {{0, 1, 1}, 0},						/* year 0 means unknown */
	    {{10000, 1, 1}, 0},
	};
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (dates_valid(&cases[i].d) != cases[i].valid)
			fail_msg("%d-%d-%d: expected valid=%d", cases[i].d.year, cases[i].d.month,
				 cases[i].d.day, cases[i].valid);
	}
	assert_int_equal(dates_valid(NULL), 0);
}

static void
test_dates_format_writes_iso_8601_at_the_known_precision(void **state)
{
	struct ne_date full = {2007, 5, 29}, month = {2007, 5, 0}, year = {2007, 0, 0};
	struct ne_date unknown = {0, 0, 0}, early = {812, 3, 4}, feb30 = {2007, 2, 30};
	char buf[11], small[5];

	(void) state;
	assert_string_equal(dates_format(&full, buf, sizeof(buf)), "2007-05-29");
	assert_string_equal(dates_format(&month, buf, sizeof(buf)), "2007-05");
	assert_string_equal(dates_format(&year, buf, sizeof(buf)), "2007");
	assert_string_equal(dates_format(&early, buf, sizeof(buf)), "0812-03-04");
	assert_string_equal(dates_format(&unknown, buf, sizeof(buf)), "");
	assert_string_equal(dates_format(&feb30, buf, sizeof(buf)), "");
	assert_ptr_equal(dates_format(&full, buf, sizeof(buf)), buf);
	assert_string_equal(dates_format(&full, small, sizeof(small)), "2007");
}

static const struct {
	const char *name;
	const char *text;
	int y, m, d;
} datelines[] = {
    {"place, weekday date --",
     "BAGHDAD, Tuesday, May 29, 2007 -- Iraqi officials met Iranian envoys.", 2007, 5, 29},
    {"title, blank line, bare date line",
     "Iraq and Iran hold talks\n\nTuesday, May 29, 2007\n\nBAGHDAD -- Officials met.", 2007, 5, 29},
    {"CRLF line ends", "Iraq and Iran hold talks\r\n\r\nTuesday, May 29, 2007\r\nOfficials met.",
     2007, 5, 29},
    {"place (Agency) - date -", "LONDON (Reuters) - May 29, 2007 - Britain summoned the envoy.",
     2007, 5, 29},
    {"place (Agency) -- date, no trailing dash",
     "Title\nLONDON (Reuters) -- 29 May 2007\nBritain summoned the envoy.", 2007, 5, 29},
    {"place, date:", "GENEVA, May 29, 2007: The talks resumed.", 2007, 5, 29},
    {"place with a state, date --", "ARLINGTON, Va., May 29, 2007 -- The Pentagon said.", 2007, 5,
     29},
    {"place, ISO date with its own hyphens", "CAIRO, 2007-05-29 - Egypt said.", 2007, 5, 29},
    {"place, date, em dash", "KABUL, May 29, 2007 \xe2\x80\x94 Afghan police said.", 2007, 5, 29},
    {"place, date, en dash", "KABUL, May 29, 2007 \xe2\x80\x93 Afghan police said.", 2007, 5, 29},
    {"date first, then a dash", "May 29, 2007 -- BAGHDAD: Officials met.", 2007, 5, 29},
    {"leading blank lines and indentation", "\n\n   \n  Tuesday, May 29, 2007  \nBody.", 2007, 5,
     29},
    {"on the sixth non-empty line", "one\ntwo\n\nthree\nfour\nfive\nMay 29, 2007\nbody", 2007, 5,
     29},
    {"no newline at all", "Tuesday, May 29, 2007", 2007, 5, 29},
};

static void
test_dates_find_dateline_reads_the_wire_forms(void **state)
{
	struct ne_date d;
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(datelines) / sizeof(datelines[0]); i++) {
		d = sentinel;
		if (dates_find_dateline(datelines[i].text, strlen(datelines[i].text), &d) != 0)
			fail_msg("'%s': no dateline found", datelines[i].name);
		assert_date(&d, datelines[i].y, datelines[i].m, datelines[i].d, datelines[i].name);
	}
}

static const struct {
	const char *name;
	const char *text;
} no_datelines[] = {
    {"empty", ""},
    {"only white space", " \n\t\n\r\n"},
    {"no date anywhere", "Iraq and Iran hold talks\n\nBAGHDAD -- Officials met on Tuesday."},
    {"date inside a sentence", "Talks ended on May 29, 2007 in Cairo, officials said."},
    {"on the seventh non-empty line", "one\ntwo\nthree\nfour\nfive\nsix\nMay 29, 2007\n"},
    {"impossible date in a dateline", "BAGHDAD, February 30, 2007 -- Officials met."},
    {"month without a day", "BAGHDAD, May 2007 -- Officials met."},
    {"day and month without a year", "LONDON, May 29 (Reuters) - Britain said."},
    {"two-digit year", "BAGHDAD, 5/29/07 -- Officials met."},
};

static void
test_dates_find_dateline_finds_nothing_where_there_is_none(void **state)
{
	struct ne_date d;
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(no_datelines) / sizeof(no_datelines[0]); i++) {
		d = sentinel;
		if (dates_find_dateline(no_datelines[i].text, strlen(no_datelines[i].text), &d) !=
		    -ENOENT)
			fail_msg("'%s': found %d-%d-%d", no_datelines[i].name, d.year, d.month,
				 d.day);
		assert_untouched(&d, no_datelines[i].name);
	}
}

static void
test_dates_find_dateline_looks_only_at_the_first_kilobyte(void **state)
{
	char text[2048];
	struct ne_date d;
	size_t n;

	(void) state;
	/* A 1100-byte first line pushes the date line out of the window. */
	memset(text, 'a', 1100);
	n = 1100;
	n += (size_t) snprintf(text + n, sizeof(text) - n, "\nMay 29, 2007\nbody");
	d = sentinel;
	assert_int_equal(dates_find_dateline(text, n, &d), -ENOENT);
	assert_untouched(&d, "date after 1100 bytes");

	/* The same date line after a 900-byte first line is inside it. */
	memset(text, 'a', 900);
	n = 900;
	n += (size_t) snprintf(text + n, sizeof(text) - n, "\nMay 29, 2007\nbody");
	assert_int_equal(dates_find_dateline(text, n, &d), 0);
	assert_date(&d, 2007, 5, 29, "date after 900 bytes");

	/*
	 * A line cut by the window's edge is not read: here the window ends
	 * after "2007-05-2", which on its own would read as May 2.
	 */
	memset(text, 'a', 1014);
	text[1014] = '\n';
	n = 1015;
	n += (size_t) snprintf(text + n, sizeof(text) - n, "2007-05-29\nbody");
	d = sentinel;
	assert_int_equal(dates_find_dateline(text, n, &d), -ENOENT);
	assert_untouched(&d, "date cut by the window");
}

static void
test_dates_find_dateline_reads_only_len_bytes(void **state)
{
	static const char text[] = "Title\nMay 29, 2007\n";
	struct ne_date d = sentinel;

	(void) state;
	assert_int_equal(dates_find_dateline(text, 6, &d), -ENOENT);
	assert_untouched(&d, "title only");
	assert_int_equal(dates_find_dateline(text, sizeof(text) - 1, &d), 0);
	assert_date(&d, 2007, 5, 29, "whole text");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dates_parse_reads_every_supported_form),
	    cmocka_unit_test(test_dates_parse_refuses_non_dates_and_impossible_dates),
	    cmocka_unit_test(test_dates_parse_reads_only_len_bytes),
	    cmocka_unit_test(test_dates_valid_knows_the_calendar),
	    cmocka_unit_test(test_dates_format_writes_iso_8601_at_the_known_precision),
	    cmocka_unit_test(test_dates_find_dateline_reads_the_wire_forms),
	    cmocka_unit_test(test_dates_find_dateline_finds_nothing_where_there_is_none),
	    cmocka_unit_test(test_dates_find_dateline_looks_only_at_the_first_kilobyte),
	    cmocka_unit_test(test_dates_find_dateline_reads_only_len_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
