/*
 * instream: buffered, decompressing reads from a FILE.
 *
 * Two buffers: raw bytes from the file (in) and decoded bytes (out, with
 * [pos, len) not yet consumed). fill() moves the unconsumed decoded bytes to
 * the front and decodes until out is full or the file ends, so a peek of up
 * to INSTREAM_BUF bytes always sees that many if the stream has them. A gzip
 * member's end is not the stream's end: the inflater is reset and carries on
 * with the next member, which is how .warc.gz (one member per record) and
 * concatenated .gz files are read. A truncated compressed stream is an
 * error, never a silent end.
 *
 * zstd decodes into a staging buffer of its own (stage), always with all of
 * it as room and only once it is empty, and fill() copies from there. So the
 * calls zstd gets depend on the input alone, never on how much a caller
 * asked for or how much of out was free: on corrupt input, how much zstd
 * emits before it notices depends on its output room, and a peek must not
 * change what the stream gives (tests/fuzz/README.md, item 7).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>
#include <zstd.h>

#include "instream.h"

#define RAW_BUF (128u << 10)

struct instream {
	FILE			*fp;
	enum instream_kind	 kind;
	int			 started;	/* kind decided */
	int			 eof;		/* no more decoded bytes will come */
	int			 failed;
	char			 err[160];
	uint64_t		 consumed;
	/* raw input */
	unsigned char		*in;
	size_t			 in_pos, in_len;
	int			 in_eof;
	/* decoded output */
	char			*out;
	size_t			 pos, len;
	/* decoders */
	z_stream		 z;
	int			 z_open;
	int			 z_in_member;	/* inside a gzip member (its end not yet seen) */
	ZSTD_DCtx		*zd;
	int			 zd_in_frame;
	char			*stage;		/* zstd's output, [stage_pos, stage_len) not yet in out */
	size_t			 stage_cap, stage_pos, stage_len;
};

struct instream *
instream_new(FILE *fp)
{
	struct instream *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->fp = fp;
	s->in = malloc(RAW_BUF);
	s->out = malloc(INSTREAM_BUF);
	if (s->in == NULL || s->out == NULL) {
		instream_free(s);
		return NULL;
	}
	return s;
}

void
instream_free(struct instream *s)
{
	if (s == NULL)
		return;
	if (s->z_open)
		inflateEnd(&s->z);
	ZSTD_freeDCtx(s->zd);
	free(s->stage);
	free(s->in);
	free(s->out);
	free(s);
}

static int
fail(struct instream *s, const char *what)
{
	if (!s->failed)
		snprintf(s->err, sizeof(s->err), "%s", what);
	s->failed = 1;
	return -1;
}

/* Read more raw bytes when all are used. @returns 0, or -1 on a read error. */
static int
raw_more(struct instream *s)
{
	size_t n;

	if (s->in_pos < s->in_len || s->in_eof)
		return 0;
	n = fread(s->in, 1, RAW_BUF, s->fp);
	s->in_pos = 0;
	s->in_len = n;
	s->consumed += n;
	if (n == 0) {
		if (ferror(s->fp))
			return fail(s, strerrordesc_np(errno != 0 ? errno : EIO));
		s->in_eof = 1;
	}
	return 0;
}

static int
start(struct instream *s)
{
	s->started = 1;
	if (raw_more(s) < 0)
		return -1;
	if (s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b) {
		s->kind = INSTREAM_GZIP;
		if (inflateInit2(&s->z, 15 + 16) != Z_OK)
			return fail(s, "out of memory");
		s->z_open = 1;
	} else if (s->in_len >= 4 && memcmp(s->in, "\x28\xb5\x2f\xfd", 4) == 0) {
		s->kind = INSTREAM_ZSTD;
		s->stage_cap = ZSTD_DStreamOutSize();	/* a whole block: zstd always progresses */
		if ((s->zd = ZSTD_createDCtx()) == NULL || (s->stage = malloc(s->stage_cap)) == NULL)
			return fail(s, "out of memory");
	}
	return 0;
}

/*
 * One call of zstd into the empty stage, with the raw bytes left (none at
 * the end of the file: what zstd still holds comes out then). @returns 0 or -1.
 */
static int
zstd_stage(struct instream *s)
{
	ZSTD_inBuffer	in = { s->in, s->in_len, s->in_pos };
	ZSTD_outBuffer	out = { s->stage, s->stage_cap, 0 };
	size_t		r = ZSTD_decompressStream(s->zd, &out, &in);

	if (ZSTD_isError(r)) {
		char m[140];

		snprintf(m, sizeof(m), "corrupt zstd data: %s", ZSTD_getErrorName(r));
		return fail(s, m);
	}
	s->in_pos = in.pos;
	s->stage_pos = 0;
	s->stage_len = out.pos;
	s->zd_in_frame = r != 0;
	return 0;
}

/* Move what the stage holds into out[len, INSTREAM_BUF). */
static void
unstage(struct instream *s)
{
	size_t room = INSTREAM_BUF - s->len, n = s->stage_len - s->stage_pos;

	if (n > room)
		n = room;
	memcpy(s->out + s->len, s->stage + s->stage_pos, n);
	s->stage_pos += n;
	s->len += n;
}

/* Decode into out[len, INSTREAM_BUF). @returns 0 or -1. */
static int
decode_some(struct instream *s)
{
	size_t room = INSTREAM_BUF - s->len;

	if (s->stage_pos < s->stage_len) {
		unstage(s);
		return 0;
	}
	if (raw_more(s) < 0)
		return -1;
	if (s->in_pos == s->in_len && s->in_eof) {
		if (s->zd_in_frame) {	/* zstd may still hold decoded bytes for lack of room */
			if (zstd_stage(s) < 0)
				return -1;
			if (s->stage_len > 0) {
				unstage(s);
				return 0;
			}
		}
		if (s->z_in_member || s->zd_in_frame)
			return fail(s, s->kind == INSTREAM_GZIP ? "gzip data is truncated" :
			    "zstd data is truncated");
		s->eof = 1;
		return 0;
	}
	switch (s->kind) {
	case INSTREAM_PLAIN: {
		size_t n = s->in_len - s->in_pos < room ? s->in_len - s->in_pos : room;

		memcpy(s->out + s->len, s->in + s->in_pos, n);
		s->in_pos += n;
		s->len += n;
		return 0;
	}
	case INSTREAM_GZIP: {
		int r;

		s->z.next_in = s->in + s->in_pos;
		s->z.avail_in = (uInt)(s->in_len - s->in_pos);
		s->z.next_out = (unsigned char *)s->out + s->len;
		s->z.avail_out = (uInt)room;
		r = inflate(&s->z, Z_NO_FLUSH);
		s->in_pos = s->in_len - s->z.avail_in;
		s->len = INSTREAM_BUF - s->z.avail_out;
		s->z_in_member = 1;
		if (r == Z_STREAM_END) {
			s->z_in_member = 0;
			if (inflateReset(&s->z) != Z_OK)
				return fail(s, "gzip: cannot reset the inflater");
		} else if (r == Z_BUF_ERROR) {
			return 0;	/* needs more input or more room: the loop gives both */
		} else if (r != Z_OK) {
			char m[140];

			snprintf(m, sizeof(m), "corrupt gzip data: %s", s->z.msg != NULL ? s->z.msg : "error");
			return fail(s, m);
		}
		return 0;
	}
	case INSTREAM_ZSTD:
		if (zstd_stage(s) < 0)
			return -1;
		unstage(s);
		return 0;
	}
	return 0;
}

/*
 * Make at least n decoded bytes available if the stream has them. Bytes
 * decoded before an error stay available; the error is returned once they
 * are all consumed, so a reader sees the same bytes however it reads.
 * @returns 0, or -1 when the stream failed and nothing is left to read.
 */
static int
fill(struct instream *s, size_t n)
{
	if (!s->started && !s->failed)
		(void)start(s);
	if (s->pos > 0 && s->len - s->pos < n) {
		memmove(s->out, s->out + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
	}
	while (s->len - s->pos < n && !s->eof && !s->failed && s->len < INSTREAM_BUF) {
		size_t before = s->len;
		uint64_t raw_before = s->consumed;
		size_t in_before = s->in_pos;

		if (decode_some(s) < 0)
			break;
		/* A decoder that takes nothing and gives nothing with input left is stuck. */
		if (s->len == before && s->in_pos == in_before && s->consumed == raw_before &&
		    !s->eof && s->in_pos < s->in_len)
			(void)fail(s, "the decompressor made no progress");
	}
	return s->failed && s->pos == s->len ? -1 : 0;
}

const char *
instream_peek(struct instream *s, size_t n, size_t *got)
{
	if (n > INSTREAM_BUF)
		n = INSTREAM_BUF;
	if (fill(s, n) < 0)
		return NULL;
	*got = s->len - s->pos < n ? s->len - s->pos : n;
	return s->out + s->pos;
}

ssize_t
instream_read(struct instream *s, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		size_t k;

		/* Bytes read before an error are given first; the error is sticky and comes next. */
		if (s->pos == s->len && fill(s, 1) < 0)
			return done > 0 ? (ssize_t)done : -1;
		if (s->pos == s->len)
			break;
		k = s->len - s->pos < n - done ? s->len - s->pos : n - done;
		memcpy((char *)buf + done, s->out + s->pos, k);
		s->pos += k;
		done += k;
	}
	return (ssize_t)done;
}

ssize_t
instream_getline(struct instream *s, char **line, size_t *cap)
{
	size_t len = 0;

	for (;;) {
		const char	*nl;
		size_t		 k;

		if (s->pos == s->len && fill(s, 1) < 0) {
			if (len == 0)
				return -1;
			break;	/* the part of the line before the error; the error comes next */
		}
		if (s->pos == s->len)
			break;
		nl = memchr(s->out + s->pos, '\n', s->len - s->pos);
		k = nl != NULL ? (size_t)(nl - (s->out + s->pos)) + 1 : s->len - s->pos;
		if (len + k + 1 > *cap) {
			size_t	 ncap = *cap ? *cap : 256;
			char	*p;

			while (len + k + 1 > ncap)
				ncap *= 2;
			if ((p = realloc(*line, ncap)) == NULL)
				return fail(s, "out of memory");
			*line = p;
			*cap = ncap;
		}
		memcpy(*line + len, s->out + s->pos, k);
		len += k;
		s->pos += k;
		if (nl != NULL)
			break;
	}
	if (*line != NULL)
		(*line)[len] = '\0';
	return (ssize_t)len;
}

enum instream_kind
instream_kind(struct instream *s)
{
	if (!s->started)
		(void)fill(s, 1);
	return s->kind;
}

uint64_t
instream_consumed(const struct instream *s)
{
	return s->consumed - (s->in_len - s->in_pos);
}

const char *
instream_error(const struct instream *s)
{
	return s->failed ? s->err : "";
}
