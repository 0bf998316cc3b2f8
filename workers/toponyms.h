/*
 * toponyms: the place names a sentence mentions, each with the places it
 * could be (candidate generation; placerank.h chooses among them).
 *
 * A toponym is the longest name of the gazetteer that starts at a
 * capitalised word and is not part of something else: not followed by a
 * venue word ("Paris Street", "Dallas Airport"), not the start or the end
 * of a longer capitalised name ("New York Times", "Michael Jordan"), not a
 * stop phrase ("March"), not an acronym of three letters or fewer unless
 * places.txt writes it so ("UK"). Each toponym also records what the
 * sentence says around it: the locative phrase that governs it ("in the
 * northern city of Mosul"), a first-level division or country that
 * qualifies it after a comma ("Paris, Texas"), a possessive after it.
 */
#ifndef NE_TOPONYMS_H
#define NE_TOPONYMS_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"
#include "sentence.h"

enum {
	TP_COMMON	= 1 << 0,	/* its one word is a common English word ("Reading") */
	TP_SENT_START	= 1 << 1,	/* it opens its sentence */
	TP_POSS		= 1 << 2,	/* a possessive follows it ("Baghdad's") */
	TP_QUALIFIES	= 1 << 3,	/* it qualifies the toponym before it (", Texas") */
	TP_DATELINE	= 1 << 4,	/* it is the article's dateline ("BAGHDAD, May 29 -") */
	TP_PERSON	= 1 << 5,	/* named as a person elsewhere in the article */
	TP_HEADLINE	= 1 << 6,	/* in a line whose every word is capitalised */
	TP_DEMONYM	= 1 << 7,	/* a country's demonym ("Iraqi") */
	TP_COUNTY	= 1 << 8,	/* a county named after the name ("Metcalfe County") */
	TP_HEAD		= 1 << 9	/* it heads a longer capitalised name ("Queensland Premier") */
};

struct toponym {
	uint32_t		 sentence;	/* index of its sentence in the article */
	uint32_t		 tok, ntok;	/* its tokens in the sentence */
	struct span		 span;		/* its bytes in the article text */
	const struct gz_phrase	*phrase;	/* what it matched; its candidates */
	const char		*locative;	/* the locative phrase governing it ("in"), or NULL */
	uint32_t		 qualifier;	/* the toponym qualifying it (", Texas"), or GZ_NIL */
	uint32_t		 flags;		/* TP_* */
	/* Set by placerank_resolve(). */
	uint32_t		 place;		/* the place it names, GZ_NIL when none */
	const struct gz_cand	*cand;		/* the candidate that gave it, or NULL (a county's division) */
	const char		*evidence;	/* what chose it */
};

struct topovec {
	struct toponym		*v;
	size_t			 n, cap;
	const struct gz_phrase	**persons;	/* names seen ending a person's name */
	size_t			 npersons, cappersons;
	/*
	 * If not NULL, one entry per token of the sentence toponyms_find()
	 * reads, zeroed by the caller: where the first pass asks for a name,
	 * toponyms_asked() of the answer (places.c keeps them for
	 * places_name_at()).
	 */
	uint32_t		*asked;
};

void	topovec_release(struct topovec *);	/* NULL-safe; leaves it empty and reusable */

/*
 * Append the toponyms of sentence s (index sentence in its article) to
 * *out, in text order, with their locatives and qualifiers.
 * @returns 0 or -ENOMEM. @locality any thread; g is read only.
 */
int	toponyms_find(const struct gazetteer *g, const struct sentence *s, uint32_t sentence,
	    struct topovec *out);

/*
 * The gazetteer phrase that starts at token i of s as a place name would:
 * capitalised, not a stop phrase, not a short acronym. @returns it with its
 * length in tokens in *ret_len, or NULL. @locality any thread.
 */
const struct gz_phrase	*toponyms_name_at(const struct gazetteer *g, const struct sentence *s, size_t i,
			    size_t *ret_len);

/*
 * A name look-up's answer in one word: p (NULL: no name) and its length in
 * tokens (at most GZ_MAX_NAME_TOK, under 32: places.c checks it), as
 * topovec.asked holds it; 0 means not asked. p is one of g's phrases
 * (fewer than 2^27 - 1: gz_lookup_build() refuses more).
 */
static inline uint32_t
toponyms_asked(const struct gazetteer *g, const struct gz_phrase *p, size_t len)
{
	return p == NULL ? 1 : (uint32_t)(p - gazetteer_phrase(g, 0) + 1) << 5 | (uint32_t)len;
}

/* The phrase of toponyms_asked() answer v (not 0), and its length in *ret_len. */
static inline const struct gz_phrase *
toponyms_answer(const struct gazetteer *g, uint32_t v, size_t *ret_len)
{
	*ret_len = v & 31;
	return v == 1 ? NULL : gazetteer_phrase(g, (v >> 5) - 1);
}

#endif /* NE_TOPONYMS_H */
