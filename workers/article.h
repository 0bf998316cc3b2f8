/*
 * article: decode one input message into an article, or say why not.
 *
 * Input is either a JSON object (schemas/article.schema.json) or plain UTF-8
 * text whose first line is the title and whose dateline gives the date.
 * The choice is made by the first non-white-space byte: '{' means JSON.
 * A message that as a whole is some other JSON value (an array, a string)
 * is refused as REASON_BAD_FIELD rather than read as prose.
 */
#ifndef NE_ARTICLE_H
#define NE_ARTICLE_H

#include <stddef.h>

#include "dates.h"
#include "fieldmap.h"
#include "reason.h"

enum article_format {
	ARTICLE_JSON,
	ARTICLE_TEXT
};

enum date_basis {
	DATE_BASIS_NONE,		/* no publication date known */
	DATE_BASIS_PUBLISHED_AT,	/* the JSON "published_at" field */
	DATE_BASIS_DATELINE		/* a dateline found in the text */
};

/*
 * A decoded article. Owns every string (NUL-terminated, valid UTF-8);
 * free with article_release(). Fields that the input did not give are NULL,
 * except id and text, which decode always sets.
 */
struct article {
	enum article_format	 format;
	enum ashape		 shape;		/* for JSON: the crawler format recognised */
	int			 from_html;	/* 1: text was extracted from HTML (html.h) */
	char			*id;		/* "id", else the message key, else "fnv-" + 16 hex digits of a 64-bit FNV-1a hash of the input */
	char			*url;
	char			*source;
	char			*title;		/* JSON "title"; for text, the first line */
	char			*language;
	char			*published_at;	/* as given in JSON, verbatim */
	char			*text;		/* NFC; what sentences and offsets refer to (for HTML, the extracted text) */
	size_t			 text_len;
	struct ne_date		 date;		/* publication date, year 0 if unknown */
	enum date_basis		 date_basis;
};

/*
 * Decode buf[0, len). key (may be NULL, keylen bytes, need not be
 * NUL-terminated) is the Kafka message key, used as the id when the article
 * has none. max_bytes limits len (0 = no limit). For plain text, text is the
 * whole input (title line included); for JSON, text is the decoded "text"
 * field. A text that is not pure ASCII is normalised to Unicode NFC, and
 * every offset refers to the normalised text: for plain text these are
 * offsets into the message itself only when the message was already NFC
 * (always true of ASCII). The title and other fields are not normalised.
 * @returns 0 and fills *ret (which the caller then owns), or -EBADMSG with
 * *reterr_reason set and a one-line explanation in errbuf (*ret untouched),
 * or -ENOMEM. buf and key are borrowed for the call only.
 * @locality any thread; pure.
 */
int	article_decode(const void *buf, size_t len, const void *key, size_t keylen,
	    size_t max_bytes, struct article *ret, enum reason *reterr_reason,
	    char *errbuf, size_t errbufsz);

/*
 * As article_decode, with JSON fields read through map (fieldmap.h; borrowed,
 * NULL for the recognised crawler formats' own names only). A body given as
 * HTML (an "html"/"raw_html" member, a text member or a plain-text message
 * that is clearly an HTML document) is converted by html_extract(), and the
 * page's title, language, canonical URL and publication time fill the fields
 * the input did not give.
 */
int	article_decode_mapped(const void *buf, size_t len, const void *key, size_t keylen,
	    size_t max_bytes, const struct fieldmap *map, struct article *ret,
	    enum reason *reterr_reason, char *errbuf, size_t errbufsz);

/* Free what the article owns and zero it. NULL-safe, idempotent. */
void	article_release(struct article *);

#endif /* NE_ARTICLE_H */
