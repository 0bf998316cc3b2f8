/*
 * places: where a sentence says something happened, geocoded.
 *
 * A gazetteer is loaded once from two files of a lexicon directory: the
 * city table generated at build time from Debian's libgeonames
 * (cities.tsv: GeoNames' cities of 15,000 people or more, data CC BY 4.0)
 * and the hand-written places.txt (aliases, capitals, districts, regions
 * and the words of the locative phrase; its header documents the format).
 * After loading it is immutable and may be read by any number of threads.
 */
#ifndef NE_PLACES_H
#define NE_PLACES_H

#include <stddef.h>
#include <stdint.h>

#include "sentence.h"
#include "text.h"

struct gazetteer;	/* opaque, immutable once loaded */

struct place {
	const char	*name;		/* canonical name, e.g. "Baghdad", "Green Zone" */
	const char	*within;	/* a district's city ("Baghdad"), else NULL */
	char		 country[4];	/* ISO 3166 alpha-3 (Kosovo: XKX) */
	double		 lat, lon;	/* WGS 84 degrees */
	uint32_t	 population;	/* 0 for districts, regions and when unknown */
	const char	*kind;		/* "city", "capital", "district" or "region" */
	const char	*file;		/* the gazetteer line the match came from: */
	uint32_t	 line;		/*   for an alias, the alias line (provenance) */
	const char	*key;		/* its stable name in file, or NULL: name it by line.
					 * For cities.tsv "NAME, ADMIN1, ISO3" ("Baghdad,
					 * Baghdad Governorate, IRQ"), which GeoNames
					 * updates do not move as they move lines. */
	struct span	 span;		/* bytes of the place words in the sentence */
};

/*
 * Load cities.tsv and places.txt from dir. On a malformed line, or a line of
 * places.txt that names a place not defined before it, fails with
 * "FILE:LINE: why" in errbuf (FILE is the base name).
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
 * The place sentence s states: the first place name, in text order, that
 * is the object of a locative phrase ("in", "at", "near", "outside",
 * "north of", ... as places.txt lists them), possibly after words such as
 * "the northern city of" or "the Iraqi capital". Names match by longest
 * match over the lower-cased tokens and must begin with a capitalised word
 * in the text. "from" and "to" are not locative: "withdrew from Basra" and
 * "a message to Washington" do not say where something happened. "in
 * Baghdad's Green Zone" gives the district when places.txt knows it, else
 * the city. A name followed by a capitalised word that is not a weekday or
 * month ("in New York Times") is part of a longer name and is not taken; so
 * is a name followed by a possessive that does not lead to a district or a
 * place noun ("in Washington's view").
 * Ambiguous names are ranked: a candidate in the first-level division the
 * text names after a comma ("Paris, Texas", "Pontiac, Mich."), else one in
 * one of the article's countries (countries[0..n), ISO3 codes), then
 * capitals, then population.
 * @returns 1 and fills *ret (strings owned by g), 0 if the sentence states no
 * known place. @locality any thread; g is read only.
 */
int	places_find(const struct gazetteer *g, const struct sentence *s,
	    const char (*countries)[4], size_t n, struct place *ret);

/*
 * The place whose name begins at token i of s, wherever it stands ("Delhi
 * Police", "Shanghai authorities", "shelled Hodeidah"): the longest name
 * of the gazetteer starting there, written with a capital, that is neither
 * a stop phrase nor a short acronym; ambiguous names ranked as places_find
 * ranks them. @returns 1, filling *ret and its length in tokens in
 * *ret_ntok, or 0. @locality any thread; g is read only.
 */
int	places_name_at(const struct gazetteer *g, const struct sentence *s, size_t i,
	    const char (*countries)[4], size_t n, struct place *ret, size_t *ret_ntok);

/* Counts, for reports and benchmarks. */
struct gazetteer_stats {
	size_t	places;		/* cities, districts and regions */
	size_t	phrases;	/* distinct lower-cased names, aliases and locative words */
	size_t	bytes;		/* memory held by the gazetteer */
	uint64_t digest;	/* content hash of the files read (dictfile.h) */
};
/* Fill *ret. @locality any thread. */
void	gazetteer_stats(const struct gazetteer *, struct gazetteer_stats *ret);

#endif /* NE_PLACES_H */
