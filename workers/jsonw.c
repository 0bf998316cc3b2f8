/*
 * jsonw: a JSON writer that appends to one buffer (jsonw.h).
 *
 * Layout follows jansson's dump.c as its output shows it: compact is
 * '{"k":v,"k":v}'; indented puts each member on a line of its own at
 * depth * indent spaces with ": " after keys, and writes an empty
 * container as "{}" or "[]". The writer learns a container is empty only
 * when it closes it, so the newline before the first member is written
 * with that member. Strings are copied a run of plain bytes at a time; a
 * byte that must be escaped, and every multi-byte sequence (checked as
 * RFC 3629 and jansson's utf8.c check it), is handled on its own.
 */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

/* Grow the buffer to hold n more bytes and the NUL. @returns 0, or -1 (oom is then set). */
static __attribute__((noinline)) int
grow(struct jsonw *w, size_t n)
{
	size_t	 cap;
	char	*p;

	if (w->oom)
		return -1;
	cap = w->cap < 256 ? 256 : w->cap;
	while (cap < w->len + n + 1)
		cap *= 2;
	if ((p = realloc(w->buf, cap)) == NULL) {
		w->oom = 1;
		return -1;
	}
	w->buf = p;
	w->cap = cap;
	return 0;
}

/* Make room for n more bytes and the NUL. @returns 0, or -1 (oom is then set). */
static inline int
reserve(struct jsonw *w, size_t n)
{
	/* Once oom is set nothing more is written (grow() says so). */
	if (w->len + n + 1 <= w->cap && !w->oom)
		return 0;
	return grow(w, n);
}

static inline void
put(struct jsonw *w, const char *s, size_t n)
{
	if (reserve(w, n) < 0)
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

static inline void
putc1(struct jsonw *w, char c)
{
	if (reserve(w, 1) < 0)
		return;
	w->buf[w->len++] = c;
	w->buf[w->len] = '\0';
}

void
jsonw_init(struct jsonw *w, size_t hint, int indent, int precision)
{
	memset(w, 0, sizeof(*w));
	w->indent = indent;
	w->precision = precision;
	(void)reserve(w, hint);
}

void
jsonw_release(struct jsonw *w)
{
	if (w == NULL)
		return;
	free(w->buf);
	memset(w, 0, sizeof(*w));
}

char *
jsonw_finish(struct jsonw *w, size_t *ret_len)
{
	char *s;

	if (w->oom || reserve(w, 0) < 0) {
		jsonw_release(w);
		return NULL;
	}
	s = w->buf;
	if (ret_len != NULL)
		*ret_len = w->len;
	memset(w, 0, sizeof(*w));
	return s;
}

/* A newline and the indentation of level depth, when indenting. */
static void
newline(struct jsonw *w, int depth)
{
	if (w->indent <= 0 || reserve(w, 1 + (size_t)(depth * w->indent)) < 0)
		return;
	w->buf[w->len++] = '\n';
	memset(w->buf + w->len, ' ', (size_t)(depth * w->indent));
	w->len += (size_t)(depth * w->indent);
	w->buf[w->len] = '\0';
}

void
jsonw_open(struct jsonw *w, char c)
{
	assert(c == '{' || c == '[');
	assert(w->depth + 1 < JSONW_MAX_DEPTH);
	putc1(w, c);
	w->count[++w->depth] = 0;
}

void
jsonw_close(struct jsonw *w, char c)
{
	assert(c == '}' || c == ']');
	assert(w->depth > 0);
	if (w->count[w->depth] > 0)
		newline(w, w->depth - 1);
	putc1(w, c);
	w->depth--;
}

void
jsonw_elem(struct jsonw *w)
{
	if (w->count[w->depth]++ > 0)
		putc1(w, ',');
	newline(w, w->depth);
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_keyn(w, key, strlen(key));
}

void
jsonw_keyn(struct jsonw *w, const char *key, size_t n)
{
	char	*p;

	if (w->indent > 0) {
		jsonw_elem(w);
		putc1(w, '"');
		put(w, key, n);
		put(w, "\": ", 3);
		return;
	}
	/* Compact, what every record is: the comma, the quoted key and the colon at once. */
	if (reserve(w, n + 4) < 0)
		return;
	p = w->buf + w->len;
	if (w->count[w->depth]++ > 0)
		*p++ = ',';
	*p++ = '"';
	memcpy(p, key, n);
	p += n;
	*p++ = '"';
	*p++ = ':';
	*p = '\0';
	w->len = (size_t)(p - w->buf);
}

struct jsonw_mark
jsonw_mark(const struct jsonw *w)
{
	return (struct jsonw_mark){ w->len, w->count[w->depth] };
}

void
jsonw_undo(struct jsonw *w, struct jsonw_mark m)
{
	if (w->oom)
		return;
	assert(m.len <= w->len);
	w->len = m.len;
	w->buf[w->len] = '\0';
	w->count[w->depth] = m.count;
}

/*
 * The length of the well-formed UTF-8 sequence at p[0, n) whose lead byte
 * is >= 0x80, or 0 if it is not one: no overlong forms, no surrogates,
 * nothing above U+10FFFF.
 */
static size_t
sequence(const unsigned char *p, size_t n)
{
	unsigned char	c = p[0];
	size_t		len;
	uint32_t	v;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, v = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, v = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
		v = (v << 6) | (p[i] & 0x3f);
	}
	if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) || (len == 3 && v < 0x800) ||
	    (len == 4 && v < 0x10000))
		return 0;
	return len;
}

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

/*
 * Whether one of the eight bytes at p may need more than a copy: a quote, a
 * backslash, a byte below 0x20 or one of UTF-8's (>= 0x80). Exact when it
 * says none (the word-at-a-time zero test), so a word it passes is copied.
 */
static inline int
special8(const unsigned char *p)
{
	uint64_t v, q, b;

	memcpy(&v, p, sizeof(v));
	q = v ^ (ONES * '"');
	b = v ^ (ONES * '\\');
	return ((((q - ONES) & ~q) | ((b - ONES) & ~b) | ((v - ONES * 0x20) & ~v) | v) & HIGHS) != 0;
}

/* Append s[0, n) escaped. @returns 0, or -1 at the first byte that is not UTF-8. */
static int
escape(struct jsonw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t	run = i;
		char	e[6];
		size_t	elen;

		while (n - run >= 8 && !special8(p + run))
			run += 8;
		while (run < n && p[run] >= 0x20 && p[run] < 0x80 && p[run] != '"' && p[run] != '\\')
			run++;
		if (run > i) {
			put(w, s + i, run - i);
			i = run;
			if (i == n)
				break;
		}
		if (p[i] >= 0x80) {
			size_t k = sequence(p + i, n - i);

			if (k == 0)
				return -1;
			put(w, s + i, k);
			i += k;
			continue;
		}
		e[0] = '\\';
		elen = 2;
		switch (p[i]) {
		case '"': e[1] = '"'; break;
		case '\\': e[1] = '\\'; break;
		case '\b': e[1] = 'b'; break;
		case '\f': e[1] = 'f'; break;
		case '\n': e[1] = 'n'; break;
		case '\r': e[1] = 'r'; break;
		case '\t': e[1] = 't'; break;
		default:
			e[1] = 'u';
			e[2] = '0';
			e[3] = '0';
			e[4] = hex[p[i] >> 4];
			e[5] = hex[p[i] & 0xf];
			elen = 6;
		}
		put(w, e, elen);
		i++;
	}
	return 0;
}

int
jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
	size_t start = w->len;

	putc1(w, '"');
	if (escape(w, s, n) < 0) {
		if (!w->oom) {
			w->len = start;
			w->buf[start] = '\0';
		}
		return -1;
	}
	putc1(w, '"');
	return 0;
}

void
jsonw_str_begin(struct jsonw *w)
{
	putc1(w, '"');
}

int
jsonw_str_add(struct jsonw *w, const char *s, size_t n)
{
	return escape(w, s, n);
}

void
jsonw_str_end(struct jsonw *w)
{
	putc1(w, '"');
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	char		 b[24], *p = b + sizeof(b);
	uint64_t	 u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	put(w, p, (size_t)(b + sizeof(b) - p));
}

void
jsonw_null(struct jsonw *w)
{
	put(w, "null", 4);
}

void
jsonw_bool(struct jsonw *w, int v)
{
	if (v)
		put(w, "true", 4);
	else
		put(w, "false", 5);
}

#define FAST_MAX_PRECISION	9

/*
 * What snprintf("%.*g", p, v) writes, for the values records carry (p up
 * to FAST_MAX_PRECISION, 1e-4 <= |v| < 10^p, so that %g picks the fixed
 * notation), without printf: v scaled by an exact power of ten to p
 * significant digits and rounded to an integer. The scaling is within
 * half an ulp of the exact product, so the rounding is printf's own unless
 * the product is that close to a tie; then, and for every other value,
 * this declines. @returns the length written into buf, or -1 to use snprintf.
 */
static int
format_fixed(double v, int p, char *buf, size_t bufsz)
{
	static const double	pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
		1e10, 1e11, 1e12, 1e13 };
	double			a = fabs(v), x, f;
	uint64_t		d;
	int			e, k, n = 0, nd = 0, tz = 0;
	char			digits[24];		/* d's, last first */

	if (p < 1 || p > FAST_MAX_PRECISION || !(a >= 1e-4) || a >= pow10[p] || bufsz < 32)
		return -1;
	for (e = p - 1; e > -4; e--)
		if (a >= (e >= 0 ? pow10[e] : 1.0 / pow10[-e]))
			break;
	k = p - 1 - e;
	x = a * pow10[k];
	f = x - floor(x);
	if (fabs(f - 0.5) < 1e-6)
		return -1;
	d = (uint64_t)floor(x + 0.5);
	if (d == (uint64_t)pow10[p]) {	/* 9.9996 -> 10.00: one digit more to the left */
		d /= 10;
		e++;
		k--;
	}
	if (d < (uint64_t)pow10[p - 1] || e > p - 1 || k < 0)
		return -1;
	if (v < 0)
		buf[n++] = '-';
	/* d's digits, then a point before the last k of them, trailing zeros dropped. */
	for (uint64_t t = d; t > 0; t /= 10)
		digits[nd++] = (char)('0' + t % 10);
	while (tz < k && digits[tz] == '0')
		tz++;
	if (k >= nd) {
		buf[n++] = '0';
		if (tz < k) {
			buf[n++] = '.';
			for (int i = k; i > nd; i--)
				buf[n++] = '0';
		}
	} else
		for (int i = nd - 1; i >= k; i--)
			buf[n++] = digits[i];
	if (tz < k) {
		if (k < nd)
			buf[n++] = '.';
		for (int i = (k < nd ? k : nd) - 1; i >= tz; i--)
			buf[n++] = digits[i];
	}
	buf[n] = '\0';
	return n;
}

int
jsonw_format_real(double v, int precision, char *buf, size_t bufsz)
{
	char	*e, *from, *to;
	int	 n;

	if (!isfinite(v))
		return -1;
	if ((n = format_fixed(v, precision, buf, bufsz)) >= 0)
		goto fixed;
	n = snprintf(buf, bufsz, "%.*g", precision > 0 ? precision : 17, v);
	if (n < 0 || (size_t)n >= bufsz)
		return -1;
	/* The locale's decimal point, whatever it is, becomes '.'. */
	for (char *p = buf; *p != '\0'; p++)
		if (*p != '-' && *p != '+' && *p != 'e' && (*p < '0' || *p > '9'))
			*p = '.';
fixed:
	/* A real keeps a '.' or an exponent, so that it reads back as a real. */
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
		if ((size_t)n + 3 > bufsz)
			return -1;
		memcpy(buf + n, ".0", 3);
		n += 2;
	}
	/* The exponent without '+' and leading zeros: "1e+05" -> "1e5", "1e-05" -> "1e-5". */
	if ((e = strchr(buf, 'e')) != NULL) {
		to = e + 1;
		from = to + 1;
		if (*to == '-')
			to++;
		while (*from == '0')
			from++;
		if (from != to) {
			memmove(to, from, (size_t)(buf + n - from) + 1);
			n -= (int)(from - to);
		}
	}
	return n;
}

int
jsonw_real(struct jsonw *w, double v)
{
	char	b[40];
	int	n = jsonw_format_real(v, w->precision, b, sizeof(b));

	if (n < 0)
		return -1;
	put(w, b, (size_t)n);
	return 0;
}
