/*
 * gzload: what the parts of the gazetteer share: gazetteer.c (phrases,
 * names, finishing, reading), gzfiles.c (the generated files), placestxt.c
 * (the hand-written places.txt), gzlookup.c (the look-ups and their
 * indexes) and places.c (gz_lone_build()). Nobody else includes this header.
 */
#ifndef NE_GZLOAD_H
#define NE_GZLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"
#include "phrasetab.h"
#include "text.h"

#define GZ_MAX_NAME_TOK	PHRASETAB_MAX_TOK
#define GZ_KEY_MAX	PHRASETAB_KEY_MAX

struct dictfile;

/* Keys of the phrase table. */
enum { GZ_TAG_PHRASE, GZ_TAG_ADMIN };

/* While loading: a name links a phrase to a place. */
struct gz_link {
	uint32_t	 place;
	uint32_t	 line;
	const char	*file;
	uint32_t	 next;	/* the phrase's next link, GZ_NIL at the end */
};

struct gz_lphrase {
	const char	*key;	/* the table's copy */
	uint32_t	 head;	/* first link, GZ_NIL if none */
	uint16_t	 flags;
};

/*
 * A look-up index of phrases (gzlookup.c): open addressing over slots of 8
 * bytes. check 0 is an empty slot; val is GZ_INDEX_PREFIX if a longer
 * phrase of the index starts with the words hashed here, or'ed with 1 + the
 * index of the phrase of that hash (0: none). flags (NULL for the names)
 * holds each slot's phrase's flags, so that a look-up for a flag reads no
 * phrase.
 */
struct gz_nslot {
	uint32_t	check;
	uint32_t	val;
};

struct gz_index {
	struct gz_nslot	*slots;
	uint16_t	*flags;
	size_t		 n;	/* slots, a power of two */
};

#define GZ_INDEX_PREFIX	(1u << 31)

struct gazetteer {
	struct arena		*arena;		/* names and phrases */
	struct phrasetab	*tab;		/* phrase text -> index; "ISO3.CODE" -> division */
	struct gz_place		*places;
	size_t			 nplaces, capplaces;
	struct gz_lphrase	*phrases;	/* load time */
	size_t			 nphrases, capphrases;
	struct gz_link		*links;		/* load time */
	size_t			 nlinks, caplinks;
	struct gz_phrase	*out;		/* nphrases, once finished */
	struct gz_cand		*cands;
	size_t			 ncands;
	uint32_t		*country_of;	/* 26^3 slots: ISO3 -> country place, GZ_NIL */
	size_t			 prep_tokens;	/* gazetteer_prep_tokens() */
	struct gz_index		 names;		/* the phrases with candidates (gzlookup.c) */
	struct gz_index		 words;		/* the phrases with a GZP_WORDS flag (gzlookup.c) */
	uint64_t		*firsts;	/* GZ_FIRSTS_WORDS: the names' first words (gzlookup.c) */
	uint16_t		 wordfirst[GZ_WORDFIRST];	/* the GZP_WORDS flags of g->words' phrases
							 * whose first word hashes to each entry
							 * (gzlookup.c) */
};

/* A normalised phrase. */
struct gz_norm {
	char	key[GZ_KEY_MAX];
	size_t	len, ntok;
};

/*
 * Normalise text as sentences are: tokens, ASCII letters lower-cased, joined
 * by single spaces; leading punctuation dropped. @returns the number of
 * tokens, 0 if there is no word or too many tokens or bytes.
 */
size_t	gz_normalise(const char *text, struct gz_norm *nm);

/* The phrase nm: its index, or GZ_NIL. */
uint32_t	gz_phrase_find(const struct gazetteer *, const struct gz_norm *nm);

/* The phrase nm, added if new: its index in *ret. @returns 0 or -ENOMEM. */
int	gz_phrase_get(struct gazetteer *, const struct gz_norm *nm, uint32_t *ret);

/*
 * Let name (and its abbreviated spellings) name place, as file:line says. A
 * name with no word is ignored. @returns 0 or -ENOMEM.
 */
int	gz_link_name(struct gazetteer *, const char *name, uint32_t place, const char *file,
	    uint32_t line);

/* gz_link_name() for each of the '|'-separated names (modified in place). */
int	gz_link_names(struct gazetteer *, char *names, uint32_t place, const char *file, uint32_t line);

/* Set flag on the phrase text. @returns 0, -EINVAL (no word) or -ENOMEM. */
int	gz_flag(struct gazetteer *, const char *text, uint16_t flag);

/* Field parsers: 0, or -EINVAL with a FILE:LINE message. */
int	gz_parse_decimal(const char *s, double lo, double hi, double *ret);
int	gz_coords(struct dictfile *, const char *lat, const char *lon, double *rlat, double *rlon);
int	gz_population(struct dictfile *, const char *s, uint32_t *ret);
int	gz_iso3(struct dictfile *, const char *s, int may_be_none);

/* Append a place (iso3 "-": none). @returns 0 with its index in *ret, or -ENOMEM. */
int	gz_place_add(struct gazetteer *, struct dictfile *, const char *name, const char *iso3,
	    double lat, double lon, uint32_t population, enum gz_kind kind, uint32_t *ret);

/* Index of a country code (three capitals) in g->country_of: 26^3 slots. */
size_t	gz_country_slot(const char *iso3);

/*
 * The look-up indexes of a finished gazetteer (gzlookup.c): build them,
 * free them (NULL-safe, as after a failed load), and the bytes they hold.
 * @returns 0 or -ENOMEM.
 */
int	gz_lookup_build(struct gazetteer *);

/*
 * Rank every name of several candidates as places_name_at() does when the
 * caller names no country, and keep the answer in its phrase's lone
 * (places.c, which asks it). @returns 0 or -ENOMEM.
 */
int	gz_lone_build(struct gazetteer *);
void	gz_lookup_free(struct gazetteer *);
size_t	gz_lookup_bytes(const struct gazetteer *);

/* The dictfile callbacks of the generated files (gzfiles.c) and of places.txt (placestxt.c). */
int	gzfiles_point(void *arg, struct dictfile *df, char **f, size_t nf);
int	gzfiles_country_name(void *arg, struct dictfile *df, char **f, size_t nf);
int	gzfiles_demonym(void *arg, struct dictfile *df, char **f, size_t nf);
int	gzfiles_admin1(void *arg, struct dictfile *df, char **f, size_t nf);
int	gzfiles_county(void *arg, struct dictfile *df, char **f, size_t nf);
int	gzfiles_city_tsv(void *arg, struct dictfile *df, char **f, size_t nf);
int	placestxt_line(void *arg, struct dictfile *df, char **f, size_t nf);

#endif /* NE_GZLOAD_H */
