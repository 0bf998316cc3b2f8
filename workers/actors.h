/*
 * actors: who is named in a sentence.
 *
 * Finds countries, aliases, capitals, organisations, demonyms and role words
 * by longest match over tokens, and composes them into actor mentions with a
 * CAMEO-style code: "Iraq's foreign minister" -> IRQGOV, "Iranian officials"
 * -> IRNGOV, "the United States Ambassador to Iraq Ryan C. Crocker" -> USAGOV
 * with the name. A role without any country ("Prime Minister Nouri
 * al-Maliki") is kept, with an empty country, so that the coder knows a
 * subject is there.
 */
#ifndef NE_ACTORS_H
#define NE_ACTORS_H

#include <stddef.h>
#include <stdint.h>

#include "actor.h"
#include "lexicon.h"
#include "sentence.h"
#include "text.h"

struct coref;
struct placevec;

struct actorvec {
	struct actor	*v;
	size_t		 n, cap;
};

void	actorvec_release(struct actorvec *);	/* NULL-safe; leaves it empty */

/*
 * Append the actor mentions of sentence s to *out (cleared first), in text
 * order, with compounds ("the U.S. and Iran", "Egypt, Jordan and Syria")
 * linked through compound_next/compound_first. mem (may be NULL) is the
 * article's memory: a bare name introduced earlier ("Crocker") becomes
 * the actor it was introduced as, and a role whose name was introduced
 * with a country takes that country. mem is only read here.
 * @returns 0, or -ENOMEM. @locality any thread; lx is read only.
 */
int	actors_find(const struct lexicon *lx, const struct sentence *s, const struct coref *mem,
	    struct actorvec *out);

/*
 * actors_find() with known, places_article()'s output for the article s
 * belongs to (borrowed, may be NULL): the place names it looked up are not
 * looked up again (places_name_at()). The mentions are the same.
 */
int	actors_find_placed(const struct lexicon *lx, const struct sentence *s, const struct coref *mem,
	    const struct placevec *known, struct actorvec *out);

#endif /* NE_ACTORS_H */
