/*
 * record: an event as the JSON record of schemas/event.schema.json.
 */
#ifndef NE_RECORD_H
#define NE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "coder.h"
#include "plover.h"

enum {
	RECORD_PRETTY = 1 << 0	/* indented, for people */
};

/*
 * The stable id of an event: 16 hex digits of a 64-bit FNV-1a hash of the
 * article id, the sentence index, the CAMEO code, both actor codes and the
 * verb's offset, so a re-delivered article yields the same ids.
 * buf needs 17 bytes. @returns buf.
 */
char	*record_event_id(const struct article *, const struct event *, char *buf, size_t bufsz);

/*
 * Serialise one event of article a. @returns new NUL-terminated JSON (no
 * trailing newline) that the caller frees with free(), or NULL on ENOMEM.
 * a and e are borrowed. @locality any thread.
 */
char	*record_to_json(const struct article *a, const struct event *e, int flags);

/* What a record says about the lexicon snapshot that coded it. */
struct record_lexicon {
	const char		*version;	/* lexicon_version(): its content hash; NULL if unknown */
	const struct plover	*plover;	/* lexicon_plover(): CAMEO -> PLOVER; NULL if none */
};

/*
 * The same, with what the lexicon says (rl and what it points to are
 * borrowed; rl may be NULL): the record's "lexicon_version" and its
 * "plover" type, each null without it.
 */
char	*record_to_json_with(const struct record_lexicon *rl, const struct article *a,
	    const struct event *e, int flags);

/*
 * Name the gazetteer entry p came from, as records' "matched" and
 * `newsevents places` write it, into buf[0, bufsz): a generated file by
 * what its data updates keep (cities.tsv by GeoNames id,
 * "cities.tsv:geonames:98182"; country_points.tsv and countries.tsv by ISO
 * 3166 code; admin1.tsv by "NAME, ISO3"; demonyms.tsv by the demonym as
 * written in text, lower-cased), a hand-written file by line
 * ("places.txt:22"). text is the article p's span points into.
 */
void	record_place_ref(const struct place *p, const char *text, char *buf, size_t bufsz);

#endif /* NE_RECORD_H */
