/*
 * dates: calendar dates found in text, resolved against the article's date.
 *
 * Pure functions over the C locale (English month and day names); no
 * setlocale, no globals.
 */
#ifndef NE_DATES_H
#define NE_DATES_H

#include <stddef.h>

/* A calendar date; month and day are 0 when only the year (or month) is known. */
struct ne_date {
	int	year;	/* 0 = unknown */
	int	month;	/* 1..12, or 0 */
	int	day;	/* 1..31, or 0 */
};

/*
 * Parse one complete date expression s[0, len): "Tuesday, May 29, 2007",
 * "May 29, 2007", "29 May 2007", "2007-05-29", "2007-05-29T10:15:00Z",
 * "Tue, 29 May 2007 10:15:00 GMT". Surrounding white space is allowed.
 * @returns 0 and fills *ret, or -EINVAL (*ret untouched).
 */
int	dates_parse(const char *s, size_t len, struct ne_date *ret);

/*
 * Find the dateline of a plain-text article: a line among the first few
 * non-empty lines that is (or, as in "BAGHDAD, Tuesday, May 29, 2007 -- ...",
 * starts with a place and then holds) a complete date.
 * @returns 0 and fills *ret, or -ENOENT.
 */
int	dates_find_dateline(const char *text, size_t len, struct ne_date *ret);

/*
 * Format as ISO 8601: "2007-05-29", "2007-05" or "2007". buf needs 11 bytes.
 * @returns buf.
 */
char	*dates_format(const struct ne_date *, char *buf, size_t bufsz);

/* @returns 1 if the date is a real calendar date (leap years included). */
int	dates_valid(const struct ne_date *);

#endif /* NE_DATES_H */
