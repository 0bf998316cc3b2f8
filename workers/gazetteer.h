/*
 * gazetteer: the place names of the places stage and what each can name,
 * loaded once from a lexicon directory and then read only. Internal to
 * the places stage (places.c, toponyms.c, placerank.c); everyone else uses
 * places.h, which also declares gazetteer_load(), gazetteer_free() and
 * gazetteer_stats().
 *
 * Files, in the order they are read (all optional but cities.tsv):
 *   country_points.tsv  ISO3 LAT LON NAME ALTNAMES: a country, its
 *                       representative point and names (world-countries)
 *   countries.tsv       ISO3 NAME: more names of a country (iso-codes)
 *   admin1.tsv          ISO3 CODE NAME LAT LON POPULATION PLACES ALTNAMES:
 *                       first-level divisions (states, provinces)
 *   counties.tsv        ISO3 ADMIN1 FIPS NAME LAT LON POPULATION: the
 *                       counties of the United States (us-atlas)
 *   cities.tsv          ID NAME ISO3 LAT LON POPULATION ADMIN1 FEATURE
 *                       ALTNAMES COMMON: populated places of 1,000 people
 *                       or more (GeoNames)
 *   places.txt          the hand-written half; its header is the reference
 * ALTNAMES are separated by '|'. workers/gen/gazgen.c writes admin1.tsv and
 * cities.tsv, workers/gen/countygen.c counties.tsv; workers/lexicon/README.md says where each comes from.
 *
 * A phrase is a lower-cased name split into tokens as text.h splits a
 * sentence, joined by single spaces. Each phrase has flags (a locative, a
 * venue word...) and a run of candidates, the places it can name, sorted
 * once at load time: countries, then regions, then by population.
 */
#ifndef NE_GAZETTEER_H
#define NE_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "places.h"

#define GZ_NIL		UINT32_MAX
#define GZ_MAX_CANDS	256	/* candidates kept per phrase, best first */

enum gz_kind {
	GZ_CONTINENT,	/* "Africa": places.txt, no country */
	GZ_COUNTRY,
	GZ_ADMIN1,	/* a first-level division: "Texas", "Ontario" */
	GZ_REGION,	/* any other region places.txt defines: "Gaza Strip" */
	GZ_COUNTY,	/* a second-level division: "Plymouth County" (counties.tsv) */
	GZ_CITY,	/* a populated place */
	GZ_DISTRICT,	/* a part of a city: GeoNames' PPLX, places.txt's districts */
	GZ_KIND_MAX
};

enum {
	GZF_CAPITAL	= 1 << 0,	/* a national capital (GeoNames PPLC) */
	GZF_SEAT	= 1 << 1,	/* the seat of a division (PPLA, PPLA2...) */
	GZF_HAND	= 1 << 2	/* defined or named by places.txt */
};

/* Phrase flags. */
enum {
	GZP_PREP	= 1 << 0,	/* a locative phrase: "in", "north of" */
	GZP_SKIP	= 1 << 1,	/* may stand between the locative and the name: "the" */
	GZP_NOUN	= 1 << 2,	/* a place noun: "city", "capital" */
	GZP_STOP	= 1 << 3,	/* never a place: "March", "Monday" */
	GZP_ONLY	= 1 << 4,	/* an "only" line replaced the earlier candidates */
	GZP_VENUE	= 1 << 5,	/* after a name, makes it a venue: "Street", "Airport" */
	GZP_COMMON	= 1 << 6,	/* also a common English word: "Reading", "Mobile" */
	GZP_GENERIC	= 1 << 7,	/* a generic word of region names: "Province" */
	GZP_CAPS	= 1 << 8,	/* may match an all-capital acronym: "UK", "UAE" */
	GZP_TITLE	= 1 << 9,	/* a title before a person's name: "President", "Mr." */
	GZP_OFFICE	= 1 << 10,	/* may follow a place's name: "Governor", "Police" */
	GZP_DEMONYM	= 1 << 11,	/* a country's demonym: "Iraqi" */
	GZP_COUNTY	= 1 << 12	/* after a name, makes it a county: "County", "Parish" */
};

/* The flags of places.txt's word lists, which gazetteer_match() finds in a small table of their own. */
#define GZP_WORDS	(GZP_PREP | GZP_SKIP | GZP_NOUN | GZP_STOP | GZP_VENUE | GZP_GENERIC | GZP_TITLE | \
			    GZP_OFFICE | GZP_COUNTY)

#define GZ_FIRSTS_WORDS	(1u << 15)	/* 64-bit words of the filter of names' first words */

struct gz_place {
	const char	*name;
	const char	*file;		/* where it was defined */
	double		 lat, lon;
	uint32_t	 population;	/* a division's is the sum of its places' */
	uint32_t	 line;
	uint32_t	 id;		/* GeoNames id, 0 when places.txt made it */
	uint32_t	 parent;	/* a district's city, else GZ_NIL */
	uint32_t	 admin1;	/* the first-level division it lies in, else GZ_NIL */
	char		 country[4];	/* ISO 3166 alpha-3; "" for a continent */
	uint8_t		 kind;		/* enum gz_kind */
	uint8_t		 flags;		/* GZF_* */
};

/* One reading of a phrase: it names place, as file:line says. */
struct gz_cand {
	uint32_t	 place;
	uint32_t	 line;
	const char	*file;
};

#define GZ_LONE_RANK	UINT16_MAX	/* gz_phrase.lone: not known, rank it */

struct gz_phrase {
	const char	*key;		/* the phrase itself: "in", "north of", "new york" */
	uint32_t	 first, n;	/* its candidates: gazetteer_cands() */
	uint16_t	 flags;		/* GZP_* */
	uint16_t	 lone;		/* the candidate ranking gives the name alone, no country
					 * named, on "population" (places_name_at()), or
					 * GZ_LONE_RANK */
};

/* Place idx (< the count in gazetteer_stats()). @locality any thread. */
const struct gz_place	*gazetteer_place(const struct gazetteer *, uint32_t idx);

/* The candidates of p, best first by the load-time order. */
const struct gz_cand	*gazetteer_cands(const struct gazetteer *, const struct gz_phrase *p);

/*
 * The longest phrase made of words [i, i + k) of s that has one of the
 * flags of want, or (want 0) has candidates. Only s's words, lens and
 * hashes are read. A want within GZP_WORDS reads an index of those
 * phrases alone, a want of 0 one of the names, each after a filter of
 * first words: they answer as the whole phrase table would (gzlookup.c).
 * @returns it, with k in *ret_len, or NULL. @locality any thread.
 */
const struct gz_phrase	*gazetteer_match(const struct gazetteer *, const struct sentence *s, size_t i,
			    unsigned want, size_t *ret_len);

/*
 * gazetteer_match(want 0) at word i of s, and the length of the longest
 * stop phrase there (0 if none) in *ret_stop: what a capitalised word is
 * tested for. @returns the phrase or NULL (*ret_len then untouched).
 */
const struct gz_phrase	*gazetteer_match_name(const struct gazetteer *, const struct sentence *s, size_t i,
			    size_t *ret_len, size_t *ret_stop);

/*
 * The filter of the word lists' first words: entry gazetteer_word_entry(h)
 * of it holds the flags (GZP_WORDS) of the phrases whose first word has
 * the hash h (phrasetab_hash_word()), or'ed with those of the phrases whose
 * first word falls on the same entry. A flag absent from a word's entry
 * means that gazetteer_match() finds no phrase with it there, so a caller
 * may skip the call. GZ_WORDFIRST entries. @locality any thread.
 */
#define GZ_WORDFIRST	2048
const uint16_t		*gazetteer_word_filter(const struct gazetteer *);

static inline size_t
gazetteer_word_entry(uint64_t h)
{
	return (size_t)((h * 0x9e3779b97f4a7c15ULL) >> (64 - 11));	/* 2^11 = GZ_WORDFIRST */
}

/*
 * May a phrase with candidates start with the word whose hash is h
 * (phrasetab_hash_word())? 0 means certainly not; 1 means probably (about
 * one word in a hundred that starts none passes). @locality any thread.
 */
int			 gazetteer_may_start(const struct gazetteer *, uint64_t h);

/* Phrase idx (< the phrases of gazetteer_stats()): for tests that walk them all. */
const struct gz_phrase	*gazetteer_phrase(const struct gazetteer *, uint32_t idx);

/* The length in tokens of the longest locative phrase ("on the outskirts of": 4). */
size_t			 gazetteer_prep_tokens(const struct gazetteer *);

/* The country place of iso3, or GZ_NIL. */
uint32_t		 gazetteer_country(const struct gazetteer *, const char *iso3);

/* The name of enum gz_kind k, as records write it ("city", "admin1"...). */
const char		*gazetteer_kind_name(unsigned k);

#endif /* NE_GAZETTEER_H */
