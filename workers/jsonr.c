/*
 * jsonr: one pass over a flat JSON object (see jsonr.h for the subset).
 *
 * The rules are jansson's (2.14, load.c), read off its grammar: white space
 * is ' ', '\t', '\n' and '\r' only; a string holds no byte below 0x20 and
 * only the escapes \" \\ \/ \b \f \n \r \t and \uXXXX (hex digits in either
 * case); a high surrogate escape must be followed at once by a low one, and
 * a low one never stands alone; a number is -?(0|[1-9][0-9]*)(.[0-9]+)?
 * ([eE][+-]?[0-9]+)?; literals are true, false and null. Where jansson
 * would refuse, or might (see jsonr.h), the reader declines and leaves the
 * verdict to jansson. Duplicate keys are compared after decoding, as
 * jansson compares them. No decoded key or string can hold a NUL: a raw
 * byte below 0x20 and the escape \u0000 are both declined.
 *
 * Every key and string is decoded into buf, NUL-terminated; a decoded
 * string is never longer than its quoted form, so n + 1 bytes hold all of
 * them. Strings inside arrays are decoded only to be checked, and their
 * bytes are reused.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonr.h"

#define MAX_INT_DIGITS	18	/* below LLONG_MAX's 19, so strtoll cannot overflow */
#define MAX_EXP_DIGITS	2	/* with at most MAX_MANT_DIGITS, well below DBL_MAX */
#define MAX_MANT_DIGITS	200

struct reader {
	const unsigned char	*p, *e;
	char			*w;	/* where the next decoded string goes */
};

static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
skip_ws(struct reader *rd)
{
	while (rd->p < rd->e && is_ws(*rd->p))
		rd->p++;
}

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

/*
 * Whether one of the eight bytes in v may be a quote, a backslash or below
 * 0x20: exact when there is none (the usual word-at-a-time zero test; a
 * byte >= 0x80 never counts as below 0x20), so a word it passes is plain.
 */
static inline int
special8(uint64_t v)
{
	uint64_t q = v ^ (ONES * '"'), b = v ^ (ONES * '\\');

	return ((((q - ONES) & ~q) | ((b - ONES) & ~b) | ((v - ONES * 0x20) & ~v)) & HIGHS) != 0;
}

static int
hex4(const unsigned char *p, unsigned *ret)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*ret = v;
	return 0;
}

static char *
put_utf8(char *w, unsigned cp)
{
	if (cp < 0x80) {
		*w++ = (char)cp;
	} else if (cp < 0x800) {
		*w++ = (char)(0xc0 | cp >> 6);
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*w++ = (char)(0xe0 | cp >> 12);
		*w++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*w++ = (char)(0xf0 | cp >> 18);
		*w++ = (char)(0x80 | (cp >> 12 & 0x3f));
		*w++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*w++ = (char)(0x80 | (cp & 0x3f));
	}
	return w;
}

/* A \uXXXX escape at p (at the 'u'), with its low surrogate; @returns its length or 0. */
static size_t
unicode_escape(const unsigned char *p, const unsigned char *e, unsigned *ret)
{
	unsigned hi, lo;

	if (e - p < 5 || hex4(p + 1, &hi) != 0 || hi == 0 || (hi >= 0xdc00 && hi <= 0xdfff))
		return 0;
	if (hi < 0xd800 || hi > 0xdbff) {
		*ret = hi;
		return 5;
	}
	if (e - p < 11 || p[5] != '\\' || p[6] != 'u' || hex4(p + 7, &lo) != 0 || lo < 0xdc00 ||
	    lo > 0xdfff)
		return 0;
	*ret = ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
	return 11;
}

/*
 * The string whose opening quote is at rd->p, decoded to rd->w and
 * NUL-terminated. @returns 0 with *s and *len set, or -1 (decline).
 */
static int
string(struct reader *rd, const char **s, size_t *len)
{
	const unsigned char	*p = rd->p + 1, *e = rd->e;
	char			*w = rd->w, *start = w;

	for (;;) {
		unsigned char c;

		/* The plain run up to the next quote, backslash or control byte: eight at a time, then one. */
		while (e - p >= 8) {
			uint64_t v;

			memcpy(&v, p, sizeof(v));
			if (special8(v))
				break;
			memcpy(w, &v, sizeof(v));
			w += 8, p += 8;
		}
		while (p < e && (c = *p) != '"' && c != '\\' && c >= 0x20)
			*w++ = (char)*p++;
		if (p == e || *p < 0x20)
			return -1;
		if (*p == '"')
			break;
		if (++p == e)
			return -1;
		switch (*p) {
		case '"':
		case '\\':
		case '/':
			*w++ = (char)*p++;
			break;
		case 'b':
			*w++ = '\b', p++;
			break;
		case 'f':
			*w++ = '\f', p++;
			break;
		case 'n':
			*w++ = '\n', p++;
			break;
		case 'r':
			*w++ = '\r', p++;
			break;
		case 't':
			*w++ = '\t', p++;
			break;
		case 'u': {
			unsigned	cp;
			size_t		k = unicode_escape(p, e, &cp);

			if (k == 0)
				return -1;
			w = put_utf8(w, cp);
			p += k;
			break;
		}
		default:
			return -1;
		}
	}
	*w = '\0';
	*s = start;
	*len = (size_t)(w - start);
	rd->w = w + 1;
	rd->p = p + 1;
	return 0;
}

static size_t
digits(const unsigned char *p, const unsigned char *e)
{
	const unsigned char *q = p;

	while (q < e && *q >= '0' && *q <= '9')
		q++;
	return (size_t)(q - p);
}

/* The number at rd->p into *v. @returns 0, or -1 (decline). */
static int
number(struct reader *rd, struct jsonr_value *v)
{
	const unsigned char	*p = rd->p, *e = rd->e;
	size_t			 nint, nfrac = 0, nexp = 0;
	int			 neg = 0;

	if (*p == '-')
		neg = 1, p++;
	nint = digits(p, e);
	if (nint == 0 || (nint > 1 && *p == '0'))
		return -1;
	if (p + nint < e && (p[nint] == '.' || p[nint] == 'e' || p[nint] == 'E')) {
		const unsigned char *q = p + nint;

		if (*q == '.') {
			if ((nfrac = digits(q + 1, e)) == 0)
				return -1;
			q += 1 + nfrac;
		}
		if (q < e && (*q == 'e' || *q == 'E')) {
			q++;
			if (q < e && (*q == '+' || *q == '-'))
				q++;
			if ((nexp = digits(q, e)) == 0 || nexp > MAX_EXP_DIGITS)
				return -1;
			q += nexp;
		}
		if (nint > MAX_MANT_DIGITS)
			return -1;
		v->type = JSONR_REAL;
		rd->p = q;
		return 0;
	}
	if (nint > MAX_INT_DIGITS)
		return -1;
	v->type = JSONR_INTEGER;
	v->integer = 0;
	for (size_t i = 0; i < nint; i++)
		v->integer = v->integer * 10 + (p[i] - '0');
	if (neg)
		v->integer = -v->integer;
	rd->p = p + nint;
	return 0;
}

static int
literal(struct reader *rd, const char *word, size_t n)
{
	if ((size_t)(rd->e - rd->p) < n || memcmp(rd->p, word, n) != 0)
		return -1;
	rd->p += n;
	/* jansson reads a run of letters as one word: "nullx" is no literal. */
	if (rd->p < rd->e && ((*rd->p | 0x20) >= 'a' && (*rd->p | 0x20) <= 'z'))
		return -1;
	return 0;
}

static int value(struct reader *rd, struct jsonr_value *v, int depth);

/*
 * After an array's element or an object's member: the closing bracket (and
 * @returns 1), or a comma and the white space after it (0), or -1.
 */
static int
after_item(struct reader *rd, unsigned char close)
{
	skip_ws(rd);
	if (rd->p == rd->e)
		return -1;
	if (*rd->p == close) {
		rd->p++;
		return 1;
	}
	if (*rd->p != ',')
		return -1;
	rd->p++;
	skip_ws(rd);
	return 0;
}

/* The array at rd->p: checked, its strings' bytes given back. @returns 0 or -1. */
static int
array(struct reader *rd, int depth)
{
	char			*mark = rd->w;
	struct jsonr_value	 v;
	int			 r;

	if (depth >= JSONR_MAX_DEPTH)
		return -1;
	rd->p++;
	skip_ws(rd);
	if (rd->p < rd->e && *rd->p == ']') {
		rd->p++;
		return 0;
	}
	for (;;) {
		if (value(rd, &v, depth + 1) != 0)
			return -1;
		rd->w = mark;
		if ((r = after_item(rd, ']')) != 0)
			return r > 0 ? 0 : -1;
	}
}

/* The value at rd->p (white space already skipped). @returns 0 or -1. */
static int
value(struct reader *rd, struct jsonr_value *v, int depth)
{
	memset(v, 0, sizeof(*v));
	if (rd->p == rd->e)
		return -1;
	switch (*rd->p) {
	case '"':
		v->type = JSONR_STRING;
		return string(rd, &v->s, &v->len);
	case '[':
		v->type = JSONR_ARRAY;
		return array(rd, depth);
	case 't':
		v->type = JSONR_TRUE;
		return literal(rd, "true", 4);
	case 'f':
		v->type = JSONR_FALSE;
		return literal(rd, "false", 5);
	case 'n':
		v->type = JSONR_NULL;
		return literal(rd, "null", 4);
	default:
		if (*rd->p == '-' || (*rd->p >= '0' && *rd->p <= '9'))
			return number(rd, v);
		return -1;	/* a nested object, or no value at all */
	}
}

static int
duplicate(const struct jsonr *r, const char *key, size_t len)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->m[i].keylen == len && memcmp(r->m[i].key, key, len) == 0)
			return 1;
	return 0;
}

/* The members of the object at rd->p. @returns 0 or -1. */
static int
members(struct reader *rd, struct jsonr *r)
{
	skip_ws(rd);
	if (rd->p == rd->e || *rd->p != '{')
		return -1;
	rd->p++;
	skip_ws(rd);
	if (rd->p < rd->e && *rd->p == '}') {
		rd->p++;
		return 0;
	}
	for (;;) {
		struct jsonr_member	*m;
		int			 k;

		if (r->n == JSONR_MAX_MEMBERS || rd->p == rd->e || *rd->p != '"')
			return -1;
		m = &r->m[r->n];
		if (string(rd, &m->key, &m->keylen) != 0 || duplicate(r, m->key, m->keylen))
			return -1;
		skip_ws(rd);
		if (rd->p == rd->e || *rd->p != ':')
			return -1;
		rd->p++;
		skip_ws(rd);
		if (value(rd, &m->v, 0) != 0)
			return -1;
		r->n++;
		if ((k = after_item(rd, '}')) != 0)
			return k > 0 ? 0 : -1;
	}
}

int
jsonr_object(struct jsonr *r, const char *p, size_t n)
{
	struct reader rd = { (const unsigned char *)p, (const unsigned char *)p + n, NULL };

	r->n = 0;
	if ((r->buf = malloc(n + 1)) == NULL)
		return -ENOMEM;
	rd.w = r->buf;
	if (members(&rd, r) == 0) {
		skip_ws(&rd);
		if (rd.p == rd.e)
			return 0;
	}
	jsonr_release(r);
	return JSONR_DECLINED;
}

const struct jsonr_value *
jsonr_get(const struct jsonr *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->m[i].key[0] == name[0] && strcmp(r->m[i].key, name) == 0)
			return &r->m[i].v;
	return NULL;
}

void
jsonr_release(struct jsonr *r)
{
	free(r->buf);
	r->buf = NULL;
	r->n = 0;
}
