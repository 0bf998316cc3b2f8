/*
 * coref: what an article has said so far about who is who.
 *
 * The coder reads an article sentence by sentence; this memory carries what
 * one sentence tells the next: the people introduced with a title or role
 * ("the United States Ambassador to Iraq Ryan C. Crocker"), so that a later
 * "Crocker said" is the same actor; the most recent person, group and
 * speaker, for "he", "it", "they" and "we"; and the countries named so far,
 * for actors that name none ("the prime minister", "demonstrators").
 * One memory belongs to one extraction (one thread); it is reset per article.
 *
 * @locality one thread: a memory belongs to one extraction.
 */
#ifndef NE_COREF_H
#define NE_COREF_H

#include <stddef.h>

#include "actor.h"

struct coref;	/* opaque */

/* @returns a new, empty memory, or NULL on ENOMEM. */
struct coref	*coref_new(void);
/* NULL-safe. */
void		 coref_free(struct coref *);
/* Forget everything: the start of a new article. */
void		 coref_reset(struct coref *);

/*
 * Remember the name of a resolved actor mention that carries one, keyed by
 * its last word ("Crocker"), and count its country. text is the article
 * text the mention's spans point into. Names beyond a fixed number per
 * article are not remembered (memory stays bounded).
 */
void	coref_note_mention(struct coref *, const char *text, const struct actor *a);

/*
 * The actor remembered for the name written text[start, end) (one word, as
 * in the text, compared without case).
 * @returns a pointer into the memory, valid until the next note or reset, or NULL.
 */
const struct actor	*coref_name(const struct coref *, const char *text, uint32_t start, uint32_t end);

/* Who "he"/"she", "it"/"they" and "we"/"I" most likely are. */
enum coref_pronoun {
	COREF_PERSON,	/* he, she, him, his, her */
	COREF_GROUP,	/* it, they, its, their */
	COREF_SPEAKER	/* we, I, our */
};

/* Record the subject of a coded event, and whether it spoke (said, told...). */
void	coref_note_subject(struct coref *, const struct actor *a, int speaker);

/* @returns the antecedent for a pronoun of that kind, or NULL. */
const struct actor	*coref_pronoun(const struct coref *, enum coref_pronoun kind);

/*
 * The country the article is about, for actors that name none: the country
 * named most often so far (ties: the first named).
 * @returns an ISO3 code owned by the memory, or NULL if none yet.
 */
const char	*coref_main_country(const struct coref *);

/*
 * The countries named so far, most often named first, into out[0..max).
 * @returns how many were written.
 */
size_t	coref_countries(const struct coref *, char (*out)[4], size_t max);

#endif /* NE_COREF_H */
