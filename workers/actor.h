/*
 * actor: one actor mention as a value.
 *
 * The type every coder stage passes around, and the helpers that read or
 * recompute one mention without looking anything up: finding mentions in a
 * sentence is actors.h, remembering them across sentences coref.h. Both
 * use this module and neither needs the other's object file for it.
 */
#ifndef NE_ACTOR_H
#define NE_ACTOR_H

#include <stdint.h>

#include "lexicon.h"
#include "text.h"

struct actor {
	char			 code[16];	/* "USAGOV", "IGOUNO", "IRN"; "" when no country is known */
	char			 country[4];	/* ISO 3166 alpha-3, or "" (IGO, NGO, unknown) */
	char			 role[4];	/* sector "GOV", "MIL" ... or "" */
	struct span		 text;		/* the words of the mention, in the article text */
	struct span		 name;		/* a person's name, start == end when none */
	struct span		 antecedent;	/* for a pronoun or a bare surname ("it", "Crocker"):
						 * the earlier mention it stands for, in the article
						 * text; start == end when none */
	uint32_t		 tok_start;	/* token range [tok_start, tok_end) in the sentence */
	uint32_t		 tok_end;
	uint32_t		 head;		/* token of the country/actor word (or the role) */
	const struct lex_entry	*entry;		/* country/actor/demonym entry, or NULL */
	const struct lex_entry	*role_entry;	/* role entry, or NULL */
	const struct lex_entry	*person_entry;	/* people.txt entry of the name, or NULL */
	unsigned		 by_name : 1;	/* found through an earlier mention (coref) */
	unsigned		 by_context : 1;	/* country taken from the sentence or article */
	unsigned		 named : 1;	/* a name the dictionaries do not know ("Jurisdiction
						 * for Peace", "Government of National Accord") */
	int			 compound_next;	/* index of the next member of "A and B", or -1 */
	int			 compound_first;/* index of the first member of its compound */
};

/*
 * Make a, a mention of the words [text) that refers back, stand for
 * antecedent m: m's code and country, text as written, and m's own words
 * (or m's antecedent's, when m refers back too) as a's antecedent.
 */
void	actor_refer(struct actor *a, const struct actor *m, struct span text);

/* Recompute a's code from its country, role and entries (after a change of country). */
void	actor_finish_code(struct actor *a);

/* @returns 1 if the mention has a country or is an IGO/NGO-style actor. */
int	actor_resolved(const struct actor *);

/*
 * @returns 1 if the actor code begins with a country (its first three
 * letters), 0 if with an owner that is none (IGO, NGO, IMG, MNC, UAF, UIS).
 */
int	actor_code_is_country(const char *code);

#endif /* NE_ACTOR_H */
