/*
 * warc: records of a WARC file (ISO 28500, WARC/1.0 and 1.1), and the HTTP
 * response inside a response record.
 *
 * Reads what Heritrix, StormCrawler and the CC-NEWS archive write: a
 * version line, named fields up to a blank line, a block of Content-Length
 * bytes and two CRLFs; the stream under it (instream.h) takes care of
 * .warc.gz's one gzip member per record. A response record's block is an
 * HTTP response; warc_http_payload() gives its status, content type and
 * entity body, de-chunked, decompressed (Content-Encoding gzip or deflate)
 * and converted to UTF-8 from the charset the header or the page declares.
 */
#ifndef NE_WARC_H
#define NE_WARC_H

#include <stddef.h>

#include "instream.h"

struct warc_record {
	char	*type;		/* WARC-Type ("response", "request", "warcinfo", ...) */
	char	*target_uri;	/* WARC-Target-URI, angle brackets removed; NULL if none */
	char	*date;		/* WARC-Date; NULL if none */
	char	*record_id;	/* WARC-Record-ID; NULL if none */
	char	*content_type;	/* Content-Type of the block; NULL if none */
	char	*block;		/* the block, NUL-terminated; NULL when over the limit */
	size_t	 block_len;	/* Content-Length, also when the block was skipped */
};

struct warc_reader;

/*
 * Read records from in (borrowed). Blocks longer than max_block are skipped
 * (their record still comes back, with block NULL). @returns a reader, or
 * NULL on ENOMEM.
 */
struct warc_reader	*warc_reader_new(struct instream *in, size_t max_block);
void			 warc_reader_free(struct warc_reader *);	/* NULL-safe */

/*
 * The next record into *rec (released first). @returns 1 for a record, 0 at
 * the end of the file, or -1 with a reason in errbuf (not a WARC record, a
 * truncated block, a read error); nothing is read after an error.
 */
int	warc_next(struct warc_reader *, struct warc_record *rec, char *errbuf, size_t errbufsz);
void	warc_record_release(struct warc_record *);	/* NULL-safe, idempotent */

struct http_payload {
	int	 status;	/* 200 */
	char	*content_type;	/* media type, lower case, without parameters ("text/html"); NULL if none */
	char	*body;		/* the entity body as UTF-8 text when converted, NUL-terminated */
	size_t	 body_len;
};

/*
 * The HTTP response in a response record's block.
 * @returns 0; -EBADMSG with a reason in errbuf (no HTTP status line, a
 * broken chunk, corrupt compressed data); or -ENOMEM.
 */
int	warc_http_payload(const struct warc_record *rec, struct http_payload *out, char *errbuf,
	    size_t errbufsz);
void	http_payload_release(struct http_payload *);	/* NULL-safe, idempotent */

#endif /* NE_WARC_H */
