/*
 * jsonr: read one crawler article, a flat JSON object, without building a
 * jansson tree, and give exactly what jansson would give for it.
 *
 * jansson reads a byte at a time through a stream callback, copies every
 * byte into a growing buffer and builds a hash table per object: for a
 * Reuters story that was a sixth of the whole worker's CPU. jsonr reads
 * the object in one pass, decoding each string into one buffer, and keeps
 * the top-level members in a small array.
 *
 * It reads a subset of JSON, the one crawlers write: an object whose
 * members are strings, numbers, true, false, null or arrays of these
 * (nested up to JSONR_MAX_DEPTH), with at most JSONR_MAX_MEMBERS members.
 * Whatever it reads, jansson (json_loadb with JSON_REJECT_DUPLICATES)
 * reads too, to the same values. Anything else it declines rather than
 * judges: invalid JSON, a duplicate key, \u0000, a lone surrogate, an
 * integer jansson might find too big (more than 18 digits), a real that
 * might overflow, a nested object, too many members. The caller then asks
 * jansson, whose verdict and error message stand as before. fuzz_jsonr
 * holds the two readers to this.
 */
#ifndef NE_JSONR_H
#define NE_JSONR_H

#include <stddef.h>

#define JSONR_MAX_MEMBERS	64
#define JSONR_MAX_DEPTH		32	/* of arrays within a member */
#define JSONR_DECLINED		1	/* jsonr_object(): not read; ask jansson */

enum jsonr_type {
	JSONR_NULL,
	JSONR_FALSE,
	JSONR_TRUE,
	JSONR_INTEGER,
	JSONR_REAL,
	JSONR_STRING,
	JSONR_ARRAY,
	JSONR_OBJECT		/* never read by jsonr; for callers that also hold jansson values */
};

struct jsonr_value {
	enum jsonr_type	 type;
	const char	*s;		/* JSONR_STRING: len bytes and a NUL (no NUL inside) */
	size_t		 len;
	long long	 integer;	/* JSONR_INTEGER */
};

struct jsonr_member {
	const char		*key;	/* NUL-terminated, keylen bytes, no NUL inside */
	size_t			 keylen;
	struct jsonr_value	 v;
};

struct jsonr {
	size_t			 n;
	struct jsonr_member	 m[JSONR_MAX_MEMBERS];
	char			*buf;	/* owns every key and string */
};

/*
 * Read the object p[0, n), which must be valid UTF-8 (article_decode checks
 * it first; jansson refuses what is not). White space around it is allowed,
 * nothing else after it.
 * @returns 0 with *r filled (release it with jsonr_release), JSONR_DECLINED
 * (*r holds nothing), or -ENOMEM.
 * @locality any thread; pure.
 */
int	jsonr_object(struct jsonr *r, const char *p, size_t n);

/* @returns the value of the member named name (NUL-terminated), or NULL. */
const struct jsonr_value *jsonr_get(const struct jsonr *r, const char *name);

/* Free what r owns. Idempotent after a successful read or on a zeroed r. */
void	jsonr_release(struct jsonr *r);

#endif /* NE_JSONR_H */
