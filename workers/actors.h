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

#include "lexicon.h"
#include "sentence.h"
#include "text.h"

struct coref;

struct actor {
	char			 code[16];	/* "USAGOV", "IGOUNO", "IRN"; sector alone if no country */
	char			 country[4];	/* ISO 3166 alpha-3, or "" (IGO, NGO, unknown) */
	char			 role[4];	/* sector "GOV", "MIL" ... or "" */
	struct span		 text;		/* the words of the mention, in the article text */
	struct span		 name;		/* a person's name, start == end when none */
	uint32_t		 tok_start;	/* token range [tok_start, tok_end) in the sentence */
	uint32_t		 tok_end;
	uint32_t		 head;		/* token of the country/actor word (or the role) */
	const struct lex_entry	*entry;		/* country/actor/demonym entry, or NULL */
	const struct lex_entry	*role_entry;	/* role entry, or NULL */
	const struct lex_entry	*person_entry;	/* people.txt entry of the name, or NULL */
	unsigned		 by_name : 1;	/* found through an earlier mention (coref) */
	unsigned		 by_context : 1;	/* country taken from the sentence or article */
	int			 compound_next;	/* index of the next member of "A and B", or -1 */
	int			 compound_first;/* index of the first member of its compound */
};

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

/* Recompute a's code from its country, role and entries (after a change of country). */
void	actor_finish_code(struct actor *a);

/* @returns 1 if the mention has a country or is an IGO/NGO-style actor. */
int	actor_resolved(const struct actor *);

#endif /* NE_ACTORS_H */
