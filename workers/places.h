/*
 * places: the places an article names, geocoded, and where its events
 * happened.
 *
 * The stage has three parts: the gazetteer (gazetteer.h: countries with a
 * representative point, first-level divisions, the populated places of
 * GeoNames down to 1,000 people, and the hand-written places.txt),
 * candidate generation (toponyms.h: which capitalised words name a place,
 * and what the sentence says around them) and ranking (placerank.h: which
 * of the places a name can be the article means). places_article() runs
 * all three over an article; the event records' locations are chosen from
 * its output (places_event_location()), and `newsevents places` prints it.
 * A gazetteer is immutable once loaded and may be read by any number of
 * threads.
 */
#ifndef NE_PLACES_H
#define NE_PLACES_H

#include <stddef.h>
#include <stdint.h>

#include "sentence.h"
#include "text.h"

struct gazetteer;	/* opaque, immutable once loaded */

struct place {
	const char	*name;		/* canonical name, e.g. "Baghdad", "Green Zone", "Texas" */
	const char	*within;	/* a district's city ("Baghdad"), else NULL */
	char		 country[4];	/* ISO 3166 alpha-3 (Kosovo: XKX); "" for a continent */
	double		 lat, lon;	/* WGS 84 degrees; a country's or region's representative point */
	uint32_t	 population;	/* people; a division's is the sum of its places'; 0 when unknown */
	const char	*kind;		/* "continent", "country", "region", "county", "city", "capital",
					 * "district" */
	const char	*file;		/* the gazetteer line the match came from: */
	uint32_t	 line;		/*   for an alias, the alias line (provenance) */
	struct span	 span;		/* bytes of the place words in the text */
	/* The fields above keep their order: callers initialise them by position. */
	uint8_t		 admin_level;	/* 0 continent or country, 1 first-level division or other
					 * region, 2 county or populated place, 3 part of a city */
	uint8_t		 common;	/* the name as written is one common English word ("Reading") */
	uint16_t	 candidates;	/* how many places the name can be (1: unambiguous) */
	uint32_t	 id;		/* GeoNames id, 0 for a place of places.txt */
	const char	*admin1;	/* name of its first-level division, or NULL */
	uint32_t	 sentence;	/* index of the sentence (places_article) */
	const char	*locative;	/* the locative phrase that governs it ("in", "near",
					 * "north of"), or NULL */
	const char	*evidence;	/* what chose it among the candidates: "only candidate",
					 * "population", "qualifier", "qualified elsewhere",
					 * "country named", "division named", "dateline",
					 * "nearby places" */
	const char	*basis;		/* as an event's location: the locative, or "dateline" */
};

struct placevec {
	struct place	*v;
	size_t		 n, cap;
	size_t		 dateline;	/* 1 + the index in v of the dateline place, 0 if none */
	/* The names places_article() looked up, for places_name_at() (places.c). */
	uint32_t	*asked;
	size_t		 nsents, capasked;
};

void	placevec_release(struct placevec *);	/* NULL-safe; leaves it empty and reusable */

/*
 * Load the gazetteer from dir (gazetteer.h lists the files; cities.tsv and
 * places.txt are required). On a malformed line, or a line of places.txt
 * that names a place not defined before it, fails with "FILE:LINE: why" in
 * errbuf (FILE is the base name).
 * @returns 0 and a new gazetteer in *ret; -EINVAL (bad data), -errno (I/O)
 * or -ENOMEM, with *ret untouched. @locality any thread.
 */
int	gazetteer_load(const char *dir, struct gazetteer **ret, char *errbuf, size_t errbufsz);

/*
 * Free a gazetteer and every string it handed out. NULL-safe.
 * @locality any thread, once no other thread reads it.
 */
void	gazetteer_free(struct gazetteer *);

/*
 * Every place the article names, its sentences being sents[0, n) (as
 * sentences_build() makes them: tokens and lower-case words; tags and
 * kinds are not read), resolved with the whole article in view, in text
 * order (the spans ascending), into *out (cleared first). Strings are owned by g.
 * @returns 0 or -ENOMEM. @locality any thread; g is read only.
 */
int	places_article(const struct gazetteer *g, const struct sentence *sents, size_t n,
	    struct placevec *out);

/*
 * Where an event of the bytes window (a sentence or part of one) happened,
 * from v (places_article's output): the first place in window that a
 * locative phrase governs ("met in Baghdad", "clashes near the town of
 * Tal Afar"). @returns 1 and fills *ret (basis: the locative), or 0.
 */
int	places_event_location(const struct placevec *v, struct span window, struct place *ret);

/*
 * The article's dateline place ("BAGHDAD, May 29 (Reuters) -"), the last
 * resort for an event's location. @returns 1 and fills *ret (basis
 * "dateline"), or 0.
 */
int	places_dateline(const struct placevec *v, struct place *ret);

/*
 * The place sentence s states: the first place name, in text order, that
 * a locative phrase governs ("in", "at", "near", "outside", "north of",
 * ... as places.txt lists them), possibly after words such as "the
 * northern city of" or "the Iraqi capital". "from" and "to" are not
 * locative: "withdrew from Basra" and "a message to Washington" do not say
 * where something happened. "in Baghdad's Green Zone" gives the district;
 * "in Washington's view" gives nothing. The sentence alone is the context,
 * with countries[0..n) (ISO3 codes) as the countries the article names.
 * @returns 1 and fills *ret (strings owned by g), 0 if the sentence states
 * no known place, -ENOMEM. @locality any thread; g is read only.
 */
int	places_find(const struct gazetteer *g, const struct sentence *s,
	    const char (*countries)[4], size_t n, struct place *ret);

/*
 * The place whose name begins at token i of s, wherever it stands ("Delhi
 * Police", "Shanghai authorities", "shelled Hodeidah"): the longest name
 * of the gazetteer starting there, written with a capital, that is neither
 * a stop phrase nor a short acronym, resolved with countries[0..n) as the
 * article's countries. known (borrowed, may be NULL) is places_article()'s
 * output for the article s belongs to: the name look-ups it made are not
 * made again. @returns 1, filling *ret and its length in tokens in
 * *ret_ntok, or 0. @locality any thread; g is read only.
 *
 * How to use it. The gazetteer holds 135,000 populated places, so many
 * capitalised words are a place somewhere: "Reading", "Mobile", "Police"
 * (a town in Poland), "Victoria", "Jordan" the player. Before taking a run
 * of capitalised words as a place, a caller should look at *ret:
 *  - kind and admin_level: a country or first-level division ("Texas
 *    authorities") is safe; a city of a few thousand people is not;
 *  - population and candidates: a name that is one small town (say under
 *    100,000 people) and not the article's country deserves doubt, unless
 *    the run is followed by a role word that only places take ("Police",
 *    "authorities", "officials", "governor");
 *  - common: the name is an everyday English word ("Reading", "Split");
 *    never take it at the start of a sentence, nor without a role word;
 *  - the run should be the whole capitalised run: a capitalised word just
 *    before or after it ("Michael Jordan", "Jordan Spieth", "New York
 *    Times") makes it part of a person's or an organisation's name;
 *  - country: what the run gives its actor.
 */
int	places_name_at(const struct gazetteer *g, const struct placevec *known, const struct sentence *s,
	    size_t i, const char (*countries)[4], size_t n, struct place *ret, size_t *ret_ntok);

/* Counts, for reports and benchmarks. */
struct gazetteer_stats {
	size_t	places;		/* countries, divisions, regions, cities, districts */
	size_t	phrases;	/* distinct lower-cased names, aliases and words */
	size_t	bytes;		/* memory held by the gazetteer */
	uint64_t digest;	/* content hash of the files read (dictfile.h) */
};
/* Fill *ret. @locality any thread. */
void	gazetteer_stats(const struct gazetteer *, struct gazetteer_stats *ret);

#endif /* NE_PLACES_H */
