/*
 * pipeline: one message's bytes to its event records, or the reason why not.
 *
 * The one entry point the daemon (through job.c, on its worker threads) and
 * the newsevents tool (cli.c) share, so both make the same records of the
 * same bytes: decode the message (article.h: JSON in any recognised crawler
 * format or through a field map, plain text, HTML converted to text), decide
 * its language (English at a glance, else langid.h) and refuse what the coder cannot read as
 * unsupported_language, code it (extract.h) and serialise each event
 * (record.h).
 */
#ifndef NE_PIPELINE_H
#define NE_PIPELINE_H

#include <stddef.h>

#include "fieldmap.h"
#include "langid.h"
#include "lexicon.h"
#include "reason.h"

#define PIPELINE_ERRMSG 192	/* room for a reason's message, NUL included */

struct pipeline_opts {
	size_t			 max_bytes;	/* larger messages are too_large; 0 = no limit */
	int			 extract;	/* 0: decode only, one {"article_id"} record each */
	int			 places;	/* with extract: one record per place mention the
						 * article names (pipeline_place_json) instead of
						 * its events */
	int			 record_flags;	/* record.h RECORD_* */
	const struct fieldmap	*map;		/* NULL: the recognised formats only */
};

struct pipeline_record {
	char	*json;	/* one serialised record, NUL-terminated, no newline */
	size_t	 len;
};

/* What became of one message; zero-initialise, release with pipeline_result_release. */
struct pipeline_result {
	int			 failed;	/* 1: reason and errmsg say why; no records */
	enum reason		 reason;	/* _REASON_INVALID unless failed */
	char			 errmsg[PIPELINE_ERRMSG];	/* valid UTF-8, cut at a character */
	char			*article_id;	/* NULL when the message could not be decoded */
	char			 language[LANGID_CODE_MAX];	/* "" unless decided */
	struct pipeline_record	*records;
	size_t			 nrecords;	/* 0 for a good article without events */
};

/*
 * Run the pipeline over the message buf[0, len) with key[0, keylen) (key may
 * be NULL) and lexicon lx (borrowed, read only; may be NULL when
 * o->extract is 0). Whatever *res held is released first.
 * @returns 0 with *res filled: records, or failed with a reason (the article
 * id is set when the message decoded); or -ENOMEM, with *res failed as
 * extract_limit "out of memory" and no records, so that the caller can still
 * account for the message.
 * @locality any thread; any number at once over one lx and one map.
 */
int	pipeline_run(const struct lexicon *lx, const struct pipeline_opts *o, const void *buf,
	    size_t len, const void *key, size_t keylen, struct pipeline_result *res);

/*
 * One place mention of article a as a JSON object, the record of
 * `newsevents places`: article_id, start and end (UTF-8 byte offsets into
 * the text), text (the name as written), name (the place it resolved to),
 * country, latitude, longitude, kind, id (the gazetteer entry, as
 * record_place_ref() names it: "cities.tsv:geonames:98182", "places.txt:22"),
 * locative and evidence. @returns new memory, or NULL
 * on ENOMEM.
 */
struct article;
struct place;
char	*pipeline_place_json(const struct article *a, const struct place *p);

/*
 * Is text[0, len) English at a glance? Of the words (runs of ASCII
 * letters) in its first PIPELINE_GLANCE_BYTES bytes there are at least
 * PIPELINE_GLANCE_WORDS, and at least PIPELINE_GLANCE_SHARE per cent are
 * English function words found in no other common language ("the", "of",
 * "and", "that", "said", ...). pipeline_run() then takes the article as
 * English without asking CLD2 (langid_decide()), which costs about a
 * quarter of coding a news story. The share is set above every text CLD2
 * reliably places in another language among the 18,257 Reuters stories
 * (the highest: 15.3 %, English stories about Italian and German firms that
 * CLD2 calls Italian or German, and which keep that verdict) and the
 * project's fixtures; two thirds of the Reuters stories (81 % of their
 * bytes) pass, and so does the reference report.
 *
 * A second rule takes shorter texts and those with fewer of these words
 * (issue 10): at least PIPELINE_GLANCE2_WORDS words, of which at least
 * PIPELINE_GLANCE2_HITS and PIPELINE_GLANCE2_SHARE per cent are these words
 * or a few more of the same kind ("has", "what", "year", "there", "about",
 * "should", ...; pipeline.c lists them). It takes 899 of the 6,152 Reuters
 * stories the first rule leaves to CLD2, all of which CLD2 calls English; of
 * the six it reliably calls another language, the highest scores 15.0 %
 * (13 of 85 words). @returns 1 or 0.
 * @locality any thread; pure.
 */
#define PIPELINE_GLANCE_BYTES	2048
#define PIPELINE_GLANCE_WORDS	30
#define PIPELINE_GLANCE_SHARE	16
#define PIPELINE_GLANCE2_WORDS	10
#define PIPELINE_GLANCE2_HITS	3
#define PIPELINE_GLANCE2_SHARE	18
int	pipeline_english_at_a_glance(const char *text, size_t len);

/* Free the records and the id, and reset *res. NULL-safe, idempotent. */
void	pipeline_result_release(struct pipeline_result *res);

/*
 * Copy src into dst[0, dstsz) cut at a UTF-8 character boundary, so that a
 * message quoting an article stays valid UTF-8 in a dead-letter header.
 */
void	pipeline_copy_message(char *dst, size_t dstsz, const char *src);

#endif /* NE_PIPELINE_H */
