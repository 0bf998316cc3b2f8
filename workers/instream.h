/*
 * instream: the bytes of an input file, decompressed when it is compressed.
 *
 * The format is told by the first bytes, not by the file name: 1f 8b is
 * gzip (every member in turn, as .warc.gz writes one member per record),
 * 28 b5 2f fd is zstd (every frame in turn), anything else is read as is.
 * Reading is buffered, with a line reader and a peek for the callers that
 * choose a format by the first bytes of the content (JSON lines, WARC,
 * plain text). The count of raw bytes consumed from the file, against its
 * size, gives a progress figure that is right for compressed files too.
 */
#ifndef NE_INSTREAM_H
#define NE_INSTREAM_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

enum instream_kind {
	INSTREAM_PLAIN,
	INSTREAM_GZIP,
	INSTREAM_ZSTD
};

#define INSTREAM_BUF	(256u << 10)	/* decompressed bytes buffered, and the most peek sees */

struct instream;

/*
 * Read from fp (borrowed: the caller closes it after instream_free).
 * @returns a new stream, or NULL on ENOMEM. The kind is decided on the first read.
 */
struct instream	*instream_new(FILE *fp);
void		 instream_free(struct instream *);	/* NULL-safe */

/*
 * Up to n (<= INSTREAM_BUF) next bytes without consuming them.
 * @returns a pointer to them (valid until the next call) with *got set to
 * how many there are (fewer at the end), or NULL on an error.
 */
const char	*instream_peek(struct instream *, size_t n, size_t *got);

/*
 * @returns bytes read into buf (0 at the end), or -1 on an error. Bytes
 * decoded before an error are returned first; the error is then returned
 * by every later call.
 */
ssize_t		 instream_read(struct instream *, void *buf, size_t n);

/*
 * The next line, its '\n' included, into *line (grown with realloc as
 * getline does). @returns its length, 0 at the end, or -1 on an error.
 */
ssize_t		 instream_getline(struct instream *, char **line, size_t *cap);

enum instream_kind	 instream_kind(struct instream *);
/* Raw (compressed) bytes taken from the file so far. */
uint64_t		 instream_consumed(const struct instream *);
/* @returns why the last call failed ("corrupt gzip data: ..."), or "" . */
const char		*instream_error(const struct instream *);

#endif /* NE_INSTREAM_H */
