/*
 * test_when: the dates a sentence states, resolved against the article's
 * date (when.h). Links when.c, dates.c and text.c only.
 *
 * Every sentence is written for this test; every expected date was worked
 * out by hand with a calendar from when.h (explicit dates with and without
 * a year, "in May", weekdays as the last such day up to the article's,
 * yesterday, last week/month/year, "N years ago", years written as years,
 * an unknown article date) before the stage was run. 2008-08-12, the
 * article date of most cases, was a Tuesday.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dates.h"
#include "stage.h"
#include "when.h"

#define MAXW	8

static const struct ne_date tuesday = { 2008, 8, 12 };

struct found {
	struct stage_sent	st;
	struct when		w[MAXW];
	size_t			n;
};

static const char *const basis_names[] = { "none", "article", "explicit", "relative", "year" };

static void
dump(const struct found *r)
{
	for (size_t i = 0; i < r->n; i++) {
		char buf[16];

		print_message("  date %zu at '%s': %s (%s)\n", i, r->st.s.words[r->w[i].tok],
		    dates_format(&r->w[i].d, buf, sizeof(buf)), basis_names[r->w[i].b]);
	}
}

/* The dates of text against article, at most max of them; every one checked for shape. */
static void
find_max(struct found *r, const char *text, const struct ne_date *article, size_t max)
{
	stage_sent_init(&r->st, text, 0);
	r->n = when_find(&r->st.s, article, r->w, max);
	assert_true(r->n <= max);
	for (size_t i = 0; i < r->n; i++) {
		assert_true(r->w[i].tok < r->st.s.ntok);
		if (i > 0)
			assert_true(r->w[i].tok > r->w[i - 1].tok);
		assert_true(r->w[i].b == EDATE_EXPLICIT || r->w[i].b == EDATE_RELATIVE || r->w[i].b == EDATE_YEAR);
		assert_true(r->w[i].d.year != 0);
		if (r->w[i].d.day != 0)
			assert_true(dates_valid(&r->w[i].d));
	}
}

static void
release(struct found *r)
{
	stage_sent_release(&r->st);
}

/*
 * text must state exactly one date: want ("2008-08-11", "2008-05", "1980"),
 * of basis b (or any basis when b is EDATE_NONE), starting at word at.
 */
static void
expect_one(const char *text, const struct ne_date *article, const char *want, enum event_date_basis b,
    const char *at)
{
	struct found	r;
	char		buf[16];

	find_max(&r, text, article, MAXW);
	if (r.n != 1 || strcmp(dates_format(&r.w[0].d, buf, sizeof(buf)), want) != 0 ||
	    (b != EDATE_NONE && r.w[0].b != b) || r.w[0].tok != stage_tok(&r.st.s, at, 0)) {
		dump(&r);
		release(&r);
		fail_msg("'%s': expected one date %s (%s) at '%s'", text, want, basis_names[b], at);
	}
	release(&r);
}

/* The first date text states must be want, of basis b, at word at (more may follow). */
static void
expect_first(const char *text, const struct ne_date *article, const char *want, enum event_date_basis b,
    const char *at)
{
	struct found	r;
	char		buf[16];

	find_max(&r, text, article, MAXW);
	if (r.n < 1 || strcmp(dates_format(&r.w[0].d, buf, sizeof(buf)), want) != 0 || r.w[0].b != b ||
	    r.w[0].tok != stage_tok(&r.st.s, at, 0)) {
		dump(&r);
		release(&r);
		fail_msg("'%s': expected the date %s (%s) at '%s' first", text, want, basis_names[b], at);
	}
	release(&r);
}

static void
expect_none(const char *text, const struct ne_date *article)
{
	struct found r;

	find_max(&r, text, article, MAXW);
	if (r.n != 0) {
		dump(&r);
		release(&r);
		fail_msg("'%s': expected no date", text);
	}
	release(&r);
}

/* ------------------------------------------------------------ explicit dates */

static void
test_when_reads_a_month_and_day(void **state)
{
	(void)state;
	expect_one("On May 28 Japan praised South Korea.", &(struct ne_date){ 2007, 5, 30 }, "2007-05-28",
	    EDATE_EXPLICIT, "may");
	expect_one("Japan praised South Korea on August 1.", &tuesday, "2008-08-01", EDATE_EXPLICIT, "august");
}

static void
test_when_reads_a_month_day_and_year(void **state)
{
	(void)state;
	/* Only the first: the year is found a second time (see the known failures). */
	expect_first("On May 28, 2006, Japan praised South Korea.", &tuesday, "2006-05-28", EDATE_EXPLICIT, "may");
	expect_first("Japan praised South Korea on May 28 2006.", &tuesday, "2006-05-28", EDATE_EXPLICIT, "may");
	expect_first("Japan praised South Korea on May 28, 2006 in Seoul.", &tuesday, "2006-05-28", EDATE_EXPLICIT,
	    "may");
}

static void
test_when_takes_a_later_day_from_the_year_before(void **state)
{
	(void)state;
	/* "On December 30" in a January story is last December. */
	expect_one("On December 30 Israel attacked Gaza.", &(struct ne_date){ 2009, 1, 5 }, "2008-12-30",
	    EDATE_EXPLICIT, "december");
}

static void
test_when_reads_a_month_alone_after_in(void **state)
{
	(void)state;
	expect_one("In May Brazil criticized Argentina.", &tuesday, "2008-05", EDATE_YEAR, "may");
	/* The last May before a March story. */
	expect_one("In May Brazil criticized Argentina.", &(struct ne_date){ 2010, 3, 17 }, "2009-05", EDATE_YEAR,
	    "may");
}

static void
test_when_refuses_a_day_the_calendar_lacks(void **state)
{
	(void)state;
	expect_none("On February 30 Japan praised South Korea.", &tuesday);
	/* 2008 was a leap year, 2009 was not. */
	expect_one("On February 29 Japan praised South Korea.", &(struct ne_date){ 2008, 3, 10 }, "2008-02-29",
	    EDATE_EXPLICIT, "february");
	expect_none("On February 29 Japan praised South Korea.", &(struct ne_date){ 2009, 3, 10 });
}

static void
test_when_does_not_read_the_modal_may_as_a_month(void **state)
{
	(void)state;
	expect_none("Iran may attack Iraq.", &tuesday);
	expect_one("In May Iran attacked Iraq, and it may attack again.", &tuesday, "2008-05", EDATE_YEAR, "may");
}

/* ------------------------------------------------------------ relative dates */

static void
test_when_reads_a_weekday_as_the_last_such_day(void **state)
{
	(void)state;
	expect_one("Russian troops attacked on Monday.", &tuesday, "2008-08-11", EDATE_RELATIVE, "monday");
	expect_one("Russian troops attacked on Wednesday.", &tuesday, "2008-08-06", EDATE_RELATIVE, "wednesday");
	expect_one("Russian troops attacked on Sunday.", &tuesday, "2008-08-10", EDATE_RELATIVE, "sunday");
	/* Up to the article's own day. */
	expect_one("Russian troops attacked on Tuesday.", &tuesday, "2008-08-12", EDATE_RELATIVE, "tuesday");
	/* Across a month's end: 2008-03-02 was a Sunday. */
	expect_one("Russian troops attacked on Friday.", &(struct ne_date){ 2008, 3, 2 }, "2008-02-29",
	    EDATE_RELATIVE, "friday");
}

static void
test_when_reads_yesterday_and_last_week(void **state)
{
	(void)state;
	expect_one("Yesterday Brazil criticized Argentina.", &tuesday, "2008-08-11", EDATE_RELATIVE, "yesterday");
	expect_one("Yesterday Brazil criticized Argentina.", &(struct ne_date){ 2008, 1, 1 }, "2007-12-31",
	    EDATE_RELATIVE, "yesterday");
	expect_one("Last week Brazil criticized Argentina.", &(struct ne_date){ 2010, 3, 17 }, "2010-03-10",
	    EDATE_RELATIVE, "last");
}

static void
test_when_reads_last_month_and_last_year(void **state)
{
	(void)state;
	expect_one("Brazil criticized Argentina last month.", &tuesday, "2008-07", EDATE_NONE, "last");
	expect_one("Brazil criticized Argentina last month.", &(struct ne_date){ 2009, 1, 15 }, "2008-12",
	    EDATE_NONE, "last");
	expect_one("Brazil criticized Argentina last year.", &tuesday, "2007", EDATE_YEAR, "last");
}

static void
test_when_reads_years_ago(void **state)
{
	(void)state;
	expect_one("Three years ago Brazil criticized Argentina.", &tuesday, "2005", EDATE_YEAR, "three");
	expect_one("Brazil criticized Argentina 12 years ago.", &tuesday, "1996", EDATE_YEAR, "12");
	expect_one("One year ago Brazil criticized Argentina.", &tuesday, "2007", EDATE_YEAR, "one");
}

/* ------------------------------------------------------------ years */

static void
test_when_reads_a_year_written_as_a_year(void **state)
{
	(void)state;
	expect_one("The U.S. and Iran broke off relations in 1980.", &tuesday, "1980", EDATE_YEAR, "1980");
	expect_one("The 1980 crisis ended diplomatic relations.", &tuesday, "1980", EDATE_YEAR, "1980");
	expect_one("Since 1999, Iran has refused.", &tuesday, "1999", EDATE_YEAR, "1999");
	expect_one("After 1994's war, Rwanda recovered.", &tuesday, "1994", EDATE_YEAR, "1994");
}

static void
test_when_reads_a_number_that_counts_as_no_year(void **state)
{
	(void)state;
	expect_none("About 2000 people protested in Cairo.", &tuesday);
	expect_none("Protesters numbered 1990 and police 1500 on the day.", &tuesday);
}

/* ------------------------------------------------------------ an unknown article date */

static void
test_when_finds_only_complete_dates_without_an_article_date(void **state)
{
	static const struct ne_date unknown = { 0, 0, 0 };

	(void)state;
	expect_none("Russian troops attacked on Monday.", &unknown);
	expect_none("Yesterday Brazil criticized Argentina.", &unknown);
	expect_none("Last week Brazil criticized Argentina.", &unknown);
	expect_none("On May 28 Japan praised South Korea.", &unknown);
	expect_first("On May 28, 2006, Japan praised South Korea.", &unknown, "2006-05-28", EDATE_EXPLICIT, "may");
	expect_one("The U.S. and Iran broke off relations in 1980.", &unknown, "1980", EDATE_YEAR, "1980");
}

/* ------------------------------------------------------------ several dates */

static void
test_when_lists_dates_in_text_order_up_to_max(void **state)
{
	struct found	r;
	char		buf[16];

	(void)state;
	find_max(&r, "On Monday Iran met Iraq, which it had attacked in 1980 and again on May 3.", &tuesday, MAXW);
	if (r.n != 3) {
		dump(&r);
		fail_msg("expected three dates");
	}
	assert_string_equal(dates_format(&r.w[0].d, buf, sizeof(buf)), "2008-08-11");
	assert_string_equal(dates_format(&r.w[1].d, buf, sizeof(buf)), "1980");
	assert_string_equal(dates_format(&r.w[2].d, buf, sizeof(buf)), "2008-05-03");
	release(&r);
	find_max(&r, "On Monday Iran met Iraq, which it had attacked in 1980 and again on May 3.", &tuesday, 2);
	assert_int_equal(r.n, 2);
	assert_int_equal(r.w[1].tok, stage_tok(&r.st.s, "1980", 0));
	release(&r);
	find_max(&r, "", &tuesday, MAXW);
	assert_int_equal(r.n, 0);
	release(&r);
}

/* ------------------------------------------------------------ known failures (skipped)
 *
 * What a reader of when.h expects and the stage does not do today. Each is
 * skipped by STAGE_KNOWN_FAILURE() (stage.h); NE_KNOWN_FAILURES=1 runs them.
 */

static void
test_when_reads_the_year_of_a_full_date_once(void **state)
{
	(void)state;
	/*
	 * Expectation: "May 28, 2006" is one date. Today its year is found a
	 * second time as a plain year ("2006", EDATE_YEAR) whenever a comma
	 * precedes it (the usual way of writing it) or a comma or full stop
	 * follows it, and the coder gives an event the date nearest its word,
	 * so "On May 28, 2006, Japan praised South Korea" is dated "2006"
	 * instead of "2006-05-28".
	 */
	STAGE_KNOWN_FAILURE();
	expect_one("On May 28, 2006, Japan praised South Korea.", &tuesday, "2006-05-28", EDATE_EXPLICIT, "may");
	expect_one("Japan praised South Korea on May 28 2006.", &tuesday, "2006-05-28", EDATE_EXPLICIT, "may");
	expect_one("Japan praised South Korea on May 28, 2006 in Seoul.", &tuesday, "2006-05-28", EDATE_EXPLICIT,
	    "may");
	expect_one("On May 28, 2006, Japan praised South Korea.", &(struct ne_date){ 0, 0, 0 }, "2006-05-28",
	    EDATE_EXPLICIT, "may");
}

static void
test_when_reads_the_articles_own_year(void **state)
{
	(void)state;
	/*
	 * Expectation: "in 2008" in a 2008 article states the year 2008, as
	 * "in 1980" states 1980 (when.h: years written as years). Today a year
	 * counts only when it is before the article's year, so the sentence
	 * states no date and its events take the article's. If that is meant
	 * (the article's full date being more precise), when.h should say so.
	 */
	STAGE_KNOWN_FAILURE();
	expect_one("The 2008 elections were held in Georgia.", &tuesday, "2008", EDATE_YEAR, "2008");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_when_reads_a_month_and_day),
		cmocka_unit_test(test_when_reads_a_month_day_and_year),
		cmocka_unit_test(test_when_takes_a_later_day_from_the_year_before),
		cmocka_unit_test(test_when_reads_a_month_alone_after_in),
		cmocka_unit_test(test_when_refuses_a_day_the_calendar_lacks),
		cmocka_unit_test(test_when_does_not_read_the_modal_may_as_a_month),
		cmocka_unit_test(test_when_reads_a_weekday_as_the_last_such_day),
		cmocka_unit_test(test_when_reads_yesterday_and_last_week),
		cmocka_unit_test(test_when_reads_last_month_and_last_year),
		cmocka_unit_test(test_when_reads_years_ago),
		cmocka_unit_test(test_when_reads_a_year_written_as_a_year),
		cmocka_unit_test(test_when_reads_a_number_that_counts_as_no_year),
		cmocka_unit_test(test_when_finds_only_complete_dates_without_an_article_date),
		cmocka_unit_test(test_when_lists_dates_in_text_order_up_to_max),
		/* known failures, skipped */
		cmocka_unit_test(test_when_reads_the_year_of_a_full_date_once),
		cmocka_unit_test(test_when_reads_the_articles_own_year),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
