/*
 * when: the dates a sentence states, resolved against the article's date.
 *
 * Explicit dates ("May 28", "May 28, 2007", "in May"), weekdays ("on
 * Monday": the last such day up to the article's), "yesterday", "last
 * week", "last month", "last year", "three years ago" and years written as
 * years ("in 1980", "the 1980 crisis", "1994's"), each with the token it
 * stands at, so that the coder can give an event the date nearest to it.
 * Pure functions over the C locale's English month and day names; no
 * globals.
 */
#ifndef NE_WHEN_H
#define NE_WHEN_H

#include <stddef.h>
#include <stdint.h>

#include "dates.h"
#include "sentence.h"

enum event_date_basis {
	EDATE_NONE,		/* no date known */
	EDATE_ARTICLE,		/* the article's date (its own basis says which) */
	EDATE_EXPLICIT,		/* "on May 28", "May 28, 2007" */
	EDATE_RELATIVE,		/* "on Monday", "yesterday", "last week" */
	EDATE_YEAR		/* "in 1980", "the 1980 crisis", "in May" */
};

/* A date a sentence states. */
struct when {
	uint32_t		tok;	/* the token it starts at */
	struct ne_date		d;	/* month and day 0 when not stated */
	enum event_date_basis	b;	/* EDATE_EXPLICIT, EDATE_RELATIVE or EDATE_YEAR */
};

/*
 * The dates stated in s, in text order, resolved against article (year 0:
 * unknown, then only explicit dates with their year and plain years are
 * found). Writes at most max into ret[].
 * @returns how many were written. @locality any thread; pure.
 */
size_t	when_find(const struct sentence *s, const struct ne_date *article, struct when *ret, size_t max);

#endif /* NE_WHEN_H */
