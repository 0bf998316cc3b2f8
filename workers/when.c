/*
 * when: find the dates of a sentence and resolve them against the article.
 *
 * One left-to-right pass over the lower-cased tokens; each date expression
 * is recognised by its first word (a month or weekday name, "yesterday",
 * "last", a number) and at most three words after it, so the pass is linear.
 * Relative days are plain calendar arithmetic through timegm(3) on the
 * article's date: "on Monday" is the most recent Monday up to and including
 * the article's day, "last week" seven days before it. A month and day
 * later in the year than the article's are taken from the year before ("on
 * December 30" in a January story). A four-digit number counts as a year
 * only where news writes years: after "in", "since", "the", a possessive
 * and the like, or before a comma or full stop; "2000 people" is a number.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "when.h"

static const char *const weekdays[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"
};

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december"
};

/* Shift a date by days through the C library's calendar. */
static struct ne_date
date_add(const struct ne_date *d, int days)
{
	struct tm	tm = { 0 };
	time_t		t;

	tm.tm_year = d->year - 1900;
	tm.tm_mon = d->month - 1;
	tm.tm_mday = d->day + days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return (struct ne_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
}

static int
weekday_of(const struct ne_date *d)
{
	struct tm	tm = { 0 };
	time_t		t;

	tm.tm_year = d->year - 1900;
	tm.tm_mon = d->month - 1;
	tm.tm_mday = d->day;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return tm.tm_wday;
}

static int
index_of(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
			return (int)i;
	return -1;
}

/* A number token in [lo, hi], or -1. */
static long
number_at(const struct sentence *s, size_t i, long lo, long hi)
{
	char	*end;
	long	 v;

	if (i >= s->ntok || !(s->tok[i].flags & TOK_NUMBER))
		return -1;
	v = strtol(s->words[i], &end, 10);
	return (*end == '\0' && v >= lo && v <= hi) ? v : -1;
}

/* Small number words for "three years ago". */
static long
count_at(const struct sentence *s, size_t i)
{
	static const char *const words[] = {
		"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"
	};
	int k;

	if ((k = index_of(s->words[i], words, 10)) >= 0)
		return k + 1;
	return number_at(s, i, 1, 100);
}

/* Is the number at i written as a year here ("in 1980", "the 1980 crisis", "1994's")? */
static int
year_context(const struct sentence *s, size_t i)
{
	static const char *const before[] = {
		"in", "since", "until", "of", "the", "by", "from", "during", "'s", "’s", "early",
		"late", "mid", "before", "after", "year", ",", NULL
	};
	const char *prev = i > 0 ? s->words[i - 1] : "";

	if (i + 1 < s->ntok && (s->tok[i + 1].flags & TOK_NUMBER))
		return 0;
	for (size_t k = 0; before[k] != NULL; k++)
		if (strcmp(prev, before[k]) == 0)
			return 1;
	return i + 1 >= s->ntok || sentence_word_is(s, i + 1, ",") || sentence_word_is(s, i + 1, ".");
}

size_t
when_find(const struct sentence *s, const struct ne_date *article, struct when *dm, size_t max)
{
	int	have = article->year != 0 && article->month != 0 && article->day != 0;
	size_t	n = 0;

	for (size_t i = 0; i < s->ntok && n < max; i++) {
		const char	*w = s->words[i];
		int		 k;
		long		 day, y;

		if ((k = index_of(w, months, 12)) >= 0 && (s->tok[i].flags & TOK_CAP)) {
			struct ne_date	d = { article->year, k + 1, 0 };
			size_t		yi;

			if ((day = number_at(s, i + 1, 1, 31)) > 0) {
				d.day = (int)day;
				yi = i + 2 + sentence_word_is(s, i + 2, ",");
			} else
				yi = i + 1;
			if ((y = number_at(s, yi, 1900, 2099)) > 0)
				d.year = (int)y;
			else if (have && (d.month > article->month ||
			    (d.month == article->month && d.day > article->day)))
				d.year--;	/* "on December 30" in a January story */
			if (d.year != 0 && dates_valid(&d) && (d.day != 0 || (i > 0 &&
			    (sentence_word_is(s, i - 1, "in") || sentence_word_is(s, i - 1, "last") || sentence_word_is(s, i - 1, "since"))))) {
				dm[n++] = (struct when){ (uint32_t)i, d, d.day ? EDATE_EXPLICIT : EDATE_YEAR };
				continue;
			}
		}
		if (have && (k = index_of(w, weekdays, 7)) >= 0 && (s->tok[i].flags & TOK_CAP)) {
			int back = (weekday_of(article) - k + 7) % 7;

			dm[n++] = (struct when){ (uint32_t)i, date_add(article, -back), EDATE_RELATIVE };
			continue;
		}
		if (have && strcmp(w, "yesterday") == 0) {
			dm[n++] = (struct when){ (uint32_t)i, date_add(article, -1), EDATE_RELATIVE };
			continue;
		}
		if (have && strcmp(w, "last") == 0 && i + 1 < s->ntok) {
			if (sentence_word_is(s, i + 1, "week") || sentence_word_is(s, i + 1, "weekend")) {
				dm[n++] = (struct when){ (uint32_t)i, date_add(article, -7), EDATE_RELATIVE };
				continue;
			}
			if (sentence_word_is(s, i + 1, "month")) {
				struct ne_date d = { article->year, article->month - 1, 0 };

				if (d.month == 0)
					d = (struct ne_date){ article->year - 1, 12, 0 };
				dm[n++] = (struct when){ (uint32_t)i, d, EDATE_RELATIVE };
				continue;
			}
			if (sentence_word_is(s, i + 1, "year")) {
				dm[n++] = (struct when){ (uint32_t)i, { article->year - 1, 0, 0 }, EDATE_YEAR };
				continue;
			}
		}
		if (article->year != 0 && sentence_word_is(s, i + 2, "ago") && (sentence_word_is(s, i + 1, "years") ||
		    sentence_word_is(s, i + 1, "year")) && (y = count_at(s, i)) > 0) {
			dm[n++] = (struct when){ (uint32_t)i, { article->year - (int)y, 0, 0 }, EDATE_YEAR };
			continue;
		}
		if ((y = number_at(s, i, 1900, 2099)) > 0 && (article->year == 0 || y < article->year) &&
		    year_context(s, i)) {
			dm[n++] = (struct when){ (uint32_t)i, { (int)y, 0, 0 }, EDATE_YEAR };
			continue;
		}
	}
	return n;
}

