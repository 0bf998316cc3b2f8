/*
 * warc: a WARC record reader and the HTTP response inside a record.
 *
 * The reader is strict where a mistake would lose data silently and lenient
 * where writers differ harmlessly: a record must start with "WARC/" and
 * declare a Content-Length, and a block shorter than declared is an error
 * (a truncated archive); but bare LF line ends, any number of blank lines
 * between records, and WARC 1.0's "<uri>" form of WARC-Target-URI are
 * accepted. Header lines are limited to WARC_MAX_HEADER bytes in all, so a
 * file that is not a WARC cannot make the reader buffer it whole.
 *
 * The HTTP part is a pure function of the block: status line, header
 * fields, then the entity, de-chunked and decompressed as the headers say.
 * Its charset comes from the Content-Type header, else from a charset=
 * within the first 2 KB of the page (<meta charset> or http-equiv), and a
 * body in any other charset than UTF-8 is converted with ICU; a charset ICU
 * does not know leaves the body as it is.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <zlib.h>

#include "warc.h"

#define WARC_MAX_HEADER	(64u << 10)
#define HTTP_MAX_BODY	(256u << 20)

struct warc_reader {
	struct instream	*in;
	size_t		 max_block;
	char		*line;
	size_t		 cap;
	int		 done;
};

struct warc_reader *
warc_reader_new(struct instream *in, size_t max_block)
{
	struct warc_reader *w = calloc(1, sizeof(*w));

	if (w != NULL) {
		w->in = in;
		w->max_block = max_block;
	}
	return w;
}

void
warc_reader_free(struct warc_reader *w)
{
	if (w == NULL)
		return;
	free(w->line);
	free(w);
}

void
warc_record_release(struct warc_record *rec)
{
	if (rec == NULL)
		return;
	free(rec->type);
	free(rec->target_uri);
	free(rec->date);
	free(rec->record_id);
	free(rec->content_type);
	free(rec->block);
	memset(rec, 0, sizeof(*rec));
}

static size_t
chomp(char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return n;
}

/* Keep value (trimmed) in *dst unless it is already set. @returns 0 or -ENOMEM. */
static int
keep(char **dst, const char *v)
{
	size_t n;

	if (*dst != NULL)
		return 0;
	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
		v++;
		n -= 2;
	}
	return (*dst = strndup(v, n)) == NULL ? -ENOMEM : 0;
}

static int warc_fail(struct warc_reader *, char *, size_t, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static int
warc_fail(struct warc_reader *w, char *errbuf, size_t errbufsz, const char *fmt, ...)
{
	va_list ap;

	w->done = 1;
	va_start(ap, fmt);
	(void)vsnprintf(errbuf, errbufsz, fmt, ap);
	va_end(ap);
	return -1;
}

int
warc_next(struct warc_reader *w, struct warc_record *rec, char *errbuf, size_t errbufsz)
{
	unsigned long long	 clen = 0;
	int			 have_len = 0;
	size_t			 header = 0;
	ssize_t			 n;

	warc_record_release(rec);
	if (w->done)
		return 0;
	/* Blank lines between records (the CRLF CRLF after each block) are skipped. */
	do {
		if ((n = instream_getline(w->in, &w->line, &w->cap)) < 0)
			return warc_fail(w, errbuf, errbufsz, "read error: %s", instream_error(w->in));
		if (n == 0) {
			w->done = 1;
			return 0;
		}
		header += (size_t)n;
	} while (chomp(w->line, (size_t)n) == 0 && header < WARC_MAX_HEADER);
	if (strncmp(w->line, "WARC/", 5) != 0)
		return warc_fail(w, errbuf, errbufsz, "not a WARC record: a line begins '%.40s'", w->line);
	for (;;) {
		char *colon;

		if ((n = instream_getline(w->in, &w->line, &w->cap)) < 0)
			return warc_fail(w, errbuf, errbufsz, "read error: %s", instream_error(w->in));
		if (n == 0)
			return warc_fail(w, errbuf, errbufsz, "%s", "the file ends inside a record's header");
		header += (size_t)n;
		if (header > WARC_MAX_HEADER)
			return warc_fail(w, errbuf, errbufsz, "%s", "a record header is over 64 KB");
		if (chomp(w->line, (size_t)n) == 0)
			break;
		if ((colon = strchr(w->line, ':')) == NULL)
			continue;	/* a continuation line or junk: no field we use */
		*colon = '\0';
		if (strcasecmp(w->line, "Content-Length") == 0) {
			char *end;

			errno = 0;
			clen = strtoull(colon + 1, &end, 10);
			while (*end == ' ' || *end == '\t')
				end++;
			if (errno != 0 || *end != '\0' || end == colon + 1)
				return warc_fail(w, errbuf, errbufsz, "bad Content-Length '%.40s'", colon + 1);
			have_len = 1;
		} else if ((strcasecmp(w->line, "WARC-Type") == 0 && keep(&rec->type, colon + 1) < 0) ||
		    (strcasecmp(w->line, "WARC-Target-URI") == 0 && keep(&rec->target_uri, colon + 1) < 0) ||
		    (strcasecmp(w->line, "WARC-Date") == 0 && keep(&rec->date, colon + 1) < 0) ||
		    (strcasecmp(w->line, "WARC-Record-ID") == 0 && keep(&rec->record_id, colon + 1) < 0) ||
		    (strcasecmp(w->line, "Content-Type") == 0 && keep(&rec->content_type, colon + 1) < 0))
			return warc_fail(w, errbuf, errbufsz, "%s", "out of memory");
	}
	if (!have_len)
		return warc_fail(w, errbuf, errbufsz, "a record without Content-Length (%s)",
		    rec->record_id != NULL ? rec->record_id : "no WARC-Record-ID");
	rec->block_len = (size_t)clen;
	if (clen <= w->max_block) {
		if ((rec->block = malloc((size_t)clen + 1)) == NULL)
			return warc_fail(w, errbuf, errbufsz, "%s", "out of memory");
		if ((n = instream_read(w->in, rec->block, (size_t)clen)) < 0)
			return warc_fail(w, errbuf, errbufsz, "read error: %s", instream_error(w->in));
		if ((size_t)n != clen)
			return warc_fail(w, errbuf, errbufsz, "the file ends inside a record's block "
			    "(%zd of %llu bytes)", n, clen);
		rec->block[clen] = '\0';
	} else {
		char skip[8192];

		for (unsigned long long left = clen; left > 0;) {
			size_t k = left < sizeof(skip) ? (size_t)left : sizeof(skip);

			if ((n = instream_read(w->in, skip, k)) <= 0)
				return warc_fail(w, errbuf, errbufsz, "%s",
				    "the file ends inside a record's block");
			left -= (size_t)n;
		}
	}
	return 1;
}

void
http_payload_release(struct http_payload *p)
{
	if (p == NULL)
		return;
	free(p->content_type);
	free(p->body);
	memset(p, 0, sizeof(*p));
}

/* The end of the line at p (before its CRLF or LF) and where the next begins. */
static const char *
line_end(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	if (nl == NULL) {
		*next = end;
		return end;
	}
	*next = nl + 1;
	return nl > p && nl[-1] == '\r' ? nl - 1 : nl;
}

/* Undo Transfer-Encoding: chunked. @returns 0, -EBADMSG or -ENOMEM. */
static int
dechunk(const char *p, const char *end, char **ret, size_t *ret_len)
{
	char	*out = malloc((size_t)(end - p) + 1);
	size_t	 len = 0;

	if (out == NULL)
		return -ENOMEM;
	while (p < end) {
		const char		*next, *le = line_end(p, end, &next);
		char			*e;
		unsigned long long	 size;

		errno = 0;
		size = strtoull(p, &e, 16);
		if (e == p || errno != 0 || (e < le && *e != ';' && *e != ' ')) {
			free(out);
			return -EBADMSG;
		}
		if (size == 0)
			break;
		if (size > (unsigned long long)(end - next)) {
			free(out);
			return -EBADMSG;
		}
		memcpy(out + len, next, (size_t)size);
		len += (size_t)size;
		p = next + size;
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
	}
	out[len] = '\0';
	*ret = out;
	*ret_len = len;
	return 0;
}

/* Undo Content-Encoding gzip or deflate (zlib or raw). @returns 0, -EBADMSG or -ENOMEM. */
static int
inflate_all(const char *p, size_t n, int raw, char **ret, size_t *ret_len)
{
	z_stream	 z = { 0 };
	size_t		 cap = n * 4 + 1024, len = 0;
	char		*out = malloc(cap), *q;
	int		 r;

	if (out == NULL)
		return -ENOMEM;
	if (inflateInit2(&z, raw ? -15 : 15 + 32) != Z_OK) {
		free(out);
		return -ENOMEM;
	}
	z.next_in = (unsigned char *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	do {
		if (cap - len < 1024) {
			if (cap > HTTP_MAX_BODY || (q = realloc(out, cap * 2)) == NULL) {
				inflateEnd(&z);
				free(out);
				return cap > HTTP_MAX_BODY ? -EBADMSG : -ENOMEM;
			}
			out = q;
			cap *= 2;
		}
		z.next_out = (unsigned char *)out + len;
		z.avail_out = (uInt)(cap - len - 1);
		r = inflate(&z, Z_NO_FLUSH);
		len = cap - 1 - z.avail_out;
	} while (r == Z_OK);
	inflateEnd(&z);
	if (r != Z_STREAM_END && !(r == Z_BUF_ERROR && z.avail_in == 0 && len > 0)) {
		free(out);
		return -EBADMSG;
	}
	out[len] = '\0';
	*ret = out;
	*ret_len = len;
	return 0;
}

/* The charset= parameter in s[0, n) (a header value or the page's first bytes). */
static int
find_charset(const char *s, size_t n, char *cs, size_t cssz)
{
	for (size_t i = 0; i + 8 <= n; i++) {
		size_t k = 0;

		if (strncasecmp(s + i, "charset=", 8) != 0)
			continue;
		i += 8;
		if (i < n && (s[i] == '"' || s[i] == '\''))
			i++;
		while (i < n && k + 1 < cssz && (isalnum((unsigned char)s[i]) || s[i] == '-' ||
		    s[i] == '_' || s[i] == ':' || s[i] == '.'))
			cs[k++] = s[i++];
		cs[k] = '\0';
		return k > 0;
	}
	return 0;
}

/* Convert p->body from charset cs to UTF-8 when ICU knows cs. @returns 0 or -ENOMEM. */
static int
to_utf8(struct http_payload *p, const char *cs)
{
	UErrorCode	 err = U_ZERO_ERROR;
	int32_t		 need;
	char		*out;

	if (strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0 ||
	    strcasecmp(cs, "us-ascii") == 0 || p->body_len > (size_t)INT32_MAX / 4)
		return 0;
	need = ucnv_convert("UTF-8", cs, NULL, 0, p->body, (int32_t)p->body_len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return 0;	/* a charset ICU does not know: the bytes stay as they came */
	if ((out = malloc((size_t)need + 1)) == NULL)
		return -ENOMEM;
	err = U_ZERO_ERROR;
	(void)ucnv_convert("UTF-8", cs, out, need + 1, p->body, (int32_t)p->body_len, &err);
	if (U_FAILURE(err)) {
		free(out);
		return 0;
	}
	out[need] = '\0';
	free(p->body);
	p->body = out;
	p->body_len = (size_t)need;
	return 0;
}

int
warc_http_payload(const struct warc_record *rec, struct http_payload *out, char *errbuf,
    size_t errbufsz)
{
	struct http_payload	 p = { 0 };
	const char		*s = rec->block, *end, *next, *le;
	char			 cs[48] = "", te[32] = "", ce[32] = "";
	int			 r = -EBADMSG;

	if (s == NULL || rec->block_len < 12 || strncmp(s, "HTTP/", 5) != 0) {
		snprintf(errbuf, errbufsz, "the record's block is not an HTTP response");
		return -EBADMSG;
	}
	end = s + rec->block_len;
	le = line_end(s, end, &next);
	{
		const char *sp = memchr(s, ' ', (size_t)(le - s));

		if (sp == NULL || le - sp < 4 || !isdigit((unsigned char)sp[1]) ||
		    !isdigit((unsigned char)sp[2]) || !isdigit((unsigned char)sp[3])) {
			snprintf(errbuf, errbufsz, "a broken HTTP status line");
			return -EBADMSG;
		}
		p.status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
	}
	for (s = next; s < end; s = next) {
		const char	*colon, *v;
		size_t		 vn;

		le = line_end(s, end, &next);
		if (le == s)
			break;
		if ((colon = memchr(s, ':', (size_t)(le - s))) == NULL)
			continue;
		for (v = colon + 1; v < le && (*v == ' ' || *v == '\t'); v++)
			;
		vn = (size_t)(le - v);
		if ((size_t)(colon - s) == 12 && strncasecmp(s, "Content-Type", 12) == 0 &&
		    p.content_type == NULL) {
			size_t k = 0;

			while (k < vn && v[k] != ';' && v[k] != ' ')
				k++;
			if ((p.content_type = strndup(v, k)) == NULL)
				goto nomem;
			for (char *c = p.content_type; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			(void)find_charset(v, vn, cs, sizeof(cs));
		} else if ((size_t)(colon - s) == 17 && strncasecmp(s, "Transfer-Encoding", 17) == 0)
			snprintf(te, sizeof(te), "%.*s", (int)vn, v);
		else if ((size_t)(colon - s) == 16 && strncasecmp(s, "Content-Encoding", 16) == 0)
			snprintf(ce, sizeof(ce), "%.*s", (int)vn, v);
	}
	if (strcasestr(te, "chunked") != NULL) {
		if ((r = dechunk(next, end, &p.body, &p.body_len)) < 0) {
			snprintf(errbuf, errbufsz, "a broken chunked HTTP body");
			goto fail;
		}
	} else {
		p.body_len = (size_t)(end - next);
		if ((p.body = malloc(p.body_len + 1)) == NULL)
			goto nomem;
		memcpy(p.body, next, p.body_len);
		p.body[p.body_len] = '\0';
	}
	if (strcasecmp(ce, "gzip") == 0 || strcasecmp(ce, "x-gzip") == 0 ||
	    strcasecmp(ce, "deflate") == 0) {
		char	*z;
		size_t	 zn;

		r = inflate_all(p.body, p.body_len, 0, &z, &zn);
		if (r == -EBADMSG && strcasecmp(ce, "deflate") == 0)
			r = inflate_all(p.body, p.body_len, 1, &z, &zn);	/* raw deflate, as some servers send */
		if (r < 0) {
			snprintf(errbuf, errbufsz, "corrupt %s-encoded HTTP body", ce);
			goto fail;
		}
		free(p.body);
		p.body = z;
		p.body_len = zn;
	}
	if (cs[0] == '\0')
		(void)find_charset(p.body, p.body_len < 2048 ? p.body_len : 2048, cs, sizeof(cs));
	if (cs[0] != '\0' && to_utf8(&p, cs) < 0)
		goto nomem;
	*out = p;
	return 0;
nomem:
	r = -ENOMEM;
	snprintf(errbuf, errbufsz, "out of memory");
fail:
	http_payload_release(&p);
	return r;
}
