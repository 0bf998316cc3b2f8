/*
 * dates: calendar dates in article text and metadata.
 *
 * dates_parse() recognises one complete date expression by trying an ordered
 * table of strptime(3) formats and taking the first that consumes the whole
 * input and yields a real calendar date. strptime does the month and day
 * names; it does not check that February 30 exists, so every result goes
 * through dates_valid(). Two-digit and other short years are refused: in news
 * text "29" is a day or a number far more often than the year 29.
 *
 * dates_find_dateline() looks for the line that wire copy puts at the top of
 * an article: a bare date line ("Tuesday, May 29, 2007"), or a place followed
 * by a date ("BAGHDAD, Tuesday, May 29, 2007 -- ...", "LONDON (Reuters) -
 * May 29, 2007 - ...", "GENEVA, May 29, 2007: ..."). It only looks at the
 * first few non-empty lines and the first kilobyte, so its cost does not grow
 * with the article. A line is tried whole, then from each early comma and
 * from the dash after an "(Agency)", each start up to every dash or colon;
 * the first candidate that is a complete date (day known) wins.
 *
 * Locale: strptime reads month and day names from LC_TIME of the calling
 * thread's locale. The daemon never calls setlocale(3), so that is the "C"
 * locale and the names are English. A program that links these workers and
 * does call setlocale must keep LC_TIME at "C". (glibc has strptime_l but does
 * not declare it, so it cannot be used cleanly with -Werror.)
 *
 * Everything here is pure: no globals, no allocation, safe from any thread.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dates.h"

#define DATE_MAX 63	     /* longest date expression dates_parse() accepts */
#define DATELINE_MAX_LINES 6 /* non-empty lines searched for a dateline */
#define DATELINE_WINDOW 1024 /* bytes searched for a dateline */
#define DATELINE_MAX_STARTS 6
#define DATELINE_MAX_COMMAS 4 /* "ARLINGTON, Va., May 29, 2007 --" needs two */
#define DATELINE_SPAN 128     /* longest candidate tried, white space included */
#define YEAR_MIN 1000
#define YEAR_MAX 9999

struct date_format {
	const char *fmt;
	unsigned char has_month;
	unsigned char has_day;
};

/*
 * glibc's strptime treats %a/%A and %b/%B alike (full or abbreviated, any
 * case), lets a space in the format match any run of white space, and accepts
 * "Z", "+hh", "+hhmm" and "+hh:mm" for %z; %Z skips one word. Order only
 * matters where two formats could both consume an input, and none can.
 */
static const struct date_format date_formats[] = {
    {"%Y-%m-%d", 1, 1},		   /* 2007-05-29 */
    {"%Y-%m-%dT%H:%M:%S%z", 1, 1}, /* 2007-05-29T10:15:00Z, ...+02:00 */
    {"%Y-%m-%dT%H:%M:%S", 1, 1},
    {"%Y-%m-%d %H:%M:%S %z", 1, 1},
    {"%Y-%m-%d %H:%M:%S", 1, 1},
    {"%a, %b %d, %Y", 1, 1},  /* Tuesday, May 29, 2007 */
    {"%b %d, %Y", 1, 1},      /* May 29, 2007 */
    {"%a, %b. %d, %Y", 1, 1}, /* Tuesday, Aug. 7, 2007 (AP style) */
    {"%b. %d, %Y", 1, 1},
    {"%b %d %Y", 1, 1},			/* May 29 2007 */
    {"%a, %d %b %Y", 1, 1},		/* Tuesday, 29 May 2007 */
    {"%d %b %Y", 1, 1},			/* 29 May 2007 */
    {"%a, %d %b %Y %H:%M:%S %Z", 1, 1}, /* Tue, 29 May 2007 10:15:00 GMT */
    {"%d %b %Y %H:%M:%S %Z", 1, 1},
    {"%b %Y", 1, 0}, /* May 2007 */
    {"%Y-%m", 1, 0}, /* 2007-05 */
};

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

/*
 * A date is valid when its year is known (1..9999) and every field that is
 * given exists in that year; a day without a month is not a date.
 * @returns 1 if valid, else 0 (also for NULL).
 * @locality any thread; pure.
 */
int
dates_valid(const struct ne_date *d)
{
	if (d == NULL)
		return 0;
	if (d->year < 1 || d->year > YEAR_MAX)
		return 0;
	if (d->month == 0)
		return d->day == 0;
	if (d->month < 1 || d->month > 12)
		return 0;
	return d->day >= 0 && d->day <= days_in_month(d->year, d->month);
}

/*
 * Formats d as "YYYY-MM-DD", "YYYY-MM" or "YYYY"; an invalid date (year 0,
 * the unknown date, included) becomes "". Truncated to bufsz - 1 bytes.
 * @returns buf.
 * @locality any thread; pure.
 */
char *
dates_format(const struct ne_date *d, char *buf, size_t bufsz)
{
	if (bufsz == 0)
		return buf;
	if (!dates_valid(d))
		buf[0] = '\0';
	else if (d->month == 0)
		(void) snprintf(buf, bufsz, "%04d", d->year);
	else if (d->day == 0)
		(void) snprintf(buf, bufsz, "%04d-%02d", d->year, d->month);
	else
		(void) snprintf(buf, bufsz, "%04d-%02d-%02d", d->year, d->month, d->day);
	return buf;
}

/*
 * @returns 0 with *ret filled, or -EINVAL with *ret untouched.
 * @locality any thread whose LC_TIME is "C" (see the top of this file); pure.
 */
int
dates_parse(const char *s, size_t len, struct ne_date *ret)
{
	char buf[DATE_MAX + 1];
	struct ne_date d;
	struct tm tm;
	const char *end;
	size_t i, n;

	if (s == NULL || ret == NULL)
		return -EINVAL;
	while (len > 0 && is_space((unsigned char) s[0])) {
		s++;
		len--;
	}
	while (len > 0 && is_space((unsigned char) s[len - 1]))
		len--;
	if (len == 0 || len > DATE_MAX || memchr(s, '\0', len) != NULL)
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	n = len;

	for (i = 0; i < sizeof(date_formats) / sizeof(date_formats[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(buf, date_formats[i].fmt, &tm);
		if (end == NULL)
			continue;
		while (end < buf + n && is_space((unsigned char) *end))
			end++;
		if (end != buf + n)
			continue;
		d.year = tm.tm_year + 1900;
		d.month = date_formats[i].has_month ? tm.tm_mon + 1 : 0;
		d.day = date_formats[i].has_day ? tm.tm_mday : 0;
		if (d.year < YEAR_MIN || !dates_valid(&d))
			continue;
		*ret = d;
		return 0;
	}
	return -EINVAL;
}

/* Length of the dash at p (ASCII '-', U+2013 or U+2014), or 0. */
static size_t
dash_length(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *) p;

	if (n >= 1 && u[0] == '-')
		return 1;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94))
		return 3;
	return 0;
}

/* Is p[0, n) a date whose day is known? Fills *ret only if so. */
static int
complete_date(const char *p, size_t n, struct ne_date *ret)
{
	struct ne_date d;

	if (dates_parse(p, n, &d) != 0 || d.day == 0)
		return -1;
	*ret = d;
	return 0;
}

/*
 * Where a date may begin in a dateline: the start of the line, after each of
 * the first commas, and after the dash that follows an "(Agency)".
 * @returns the number of starts written to starts[].
 */
static size_t
dateline_starts(const char *line, size_t n, size_t starts[DATELINE_MAX_STARTS])
{
	size_t i, k = 0, commas = 0, dl;
	const char *paren;

	starts[k++] = 0;
	for (i = 0; i < n && commas < DATELINE_MAX_COMMAS; i++) {
		if (line[i] == ',') {
			starts[k++] = i + 1;
			commas++;
		}
	}
	paren = memchr(line, ')', n);
	if (paren != NULL) {
		i = (size_t) (paren - line) + 1;
		while (i < n && is_space((unsigned char) line[i]))
			i++;
		dl = dash_length(line + i, n - i);
		if (dl > 0) {
			while ((dl = dash_length(line + i, n - i)) > 0)
				i += dl;
			starts[k++] = i;
		}
	}
	return k;
}

static int
dateline_in_line(const char *line, size_t n, struct ne_date *ret)
{
	size_t starts[DATELINE_MAX_STARTS];
	size_t k, j, e, limit;

	k = dateline_starts(line, n, starts);
	for (j = 0; j < k; j++) {
		limit = n - starts[j] > DATELINE_SPAN ? starts[j] + DATELINE_SPAN : n;
		for (e = starts[j]; e < limit; e++) {
			if ((line[e] == ':' || dash_length(line + e, n - e) > 0) &&
			    complete_date(line + starts[j], e - starts[j], ret) == 0)
				return 0;
		}
		if (limit == n && complete_date(line + starts[j], n - starts[j], ret) == 0)
			return 0;
	}
	return -1;
}

/*
 * Only lines that end inside the window are tried: a line cut off at the
 * window's edge could end in the middle of a date ("2007-05-2|9") and be read
 * as another date.
 * @returns 0 with *ret filled, or -ENOENT with *ret untouched.
 * @locality any thread whose LC_TIME is "C"; pure.
 */
int
dates_find_dateline(const char *text, size_t len, struct ne_date *ret)
{
	size_t window = len < DATELINE_WINDOW ? len : DATELINE_WINDOW;
	size_t pos = 0, line_end, a, b;
	const char *eol;
	int lines = 0;

	if (text == NULL || ret == NULL)
		return -ENOENT;
	while (pos < window && lines < DATELINE_MAX_LINES) {
		eol = memchr(text + pos, '\n', window - pos);
		if (eol != NULL)
			line_end = (size_t) (eol - text);
		else if (window == len)
			line_end = len;
		else
			break;
		a = pos;
		b = line_end;
		while (a < b && is_space((unsigned char) text[a]))
			a++;
		while (b > a && is_space((unsigned char) text[b - 1]))
			b--;
		if (a < b) {
			lines++;
			if (dateline_in_line(text + a, b - a, ret) == 0)
				return 0;
		}
		pos = line_end + 1;
	}
	return -ENOENT;
}
