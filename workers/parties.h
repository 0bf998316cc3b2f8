/*
 * parties: who acts and who is acted on, for one event word of a sentence.
 *
 * The searches the coder makes over a sentence's mentions, with the clause
 * structure (clause.h) and the governors (govern.h) already known:
 *  - the subject of a verb or governor: the mention just before it (past
 *    adverbs, auxiliaries, modals and time words), else the nearest earlier
 *    mention of its clause that is neither the object of a preposition nor
 *    the object of an earlier verb (then that verb's subject: "X met Y and
 *    criticised Z"); a pronoun is the speaker of the reported speech it
 *    stands in ("Syria says it ...", and "we" in a quotation), else the
 *    article's last person, group or speaker (coref.h);
 *  - the target: the first mention after the event word, before the next
 *    clause boundary, that is its object or the object of a preposition
 *    that can introduce one for the code ("with", "to", "against"; "on" for
 *    conflict, "for" for support and aid, "of" after a noun), the pattern's
 *    own preposition ("arrive in X"), else for acts of force and protest
 *    the place they happen in ("attacked an army base in Kandahar": the
 *    base in the place's country), else for violence the thing it hit
 *    ("attacked a village": no country), else people the object names
 *    ("accused the Conservatives": no country);
 *  - the speaker of a reporting frame, the "by" agent of a passive, whom a
 *    conditional threat is aimed at ("unless X"), the subject after "that";
 *  - and, before all of these, the countries of mentions that name a role
 *    but no country ("the president": a country named right after, the
 *    nearest of the sentence, the stated place's, the article's).
 * Each search is one scan of the window's mentions or tokens.
 *
 * @locality any thread: a struct parties belongs to one call of the coder; the
 * lexicon is only read.
 */
#ifndef NE_PARTIES_H
#define NE_PARTIES_H

#include <stddef.h>
#include <stdint.h>

#include "actors.h"
#include "clause.h"
#include "govern.h"
#include "places.h"
#include "sentence.h"
#include "verbs.h"

struct coref;

#define PARTIES_MAX_FRAMES	16	/* reporting frames whose speaker is remembered */

/* One side of an event: a mention (the first of its compound) or a copy (a pronoun's antecedent). */
struct side {
	int		idx;		/* index in av, or -1 for the copy */
	struct actor	copy;
	int		has;
};

/* The sentence being coded, as the searches read it. One per call of the coder. */
struct parties {
	struct govctx		 gc;		/* the sentence, its event words and clause structure */
	struct actorvec		*av;		/* gc.av, writable (roles get a country) */
	struct coref		*mem;		/* the article's memory, or NULL */
	const struct place	*where;		/* the sentence's place, or NULL */
	struct side		 speakers[PARTIES_MAX_FRAMES];	/* cache of parties_speaker() */
	int			 speaker_done[PARTIES_MAX_FRAMES];
};

/* Give mentions with a role and no country one (see above). Changes x->av. */
void	parties_fill_context(struct parties *x);

/* Subject of the verb or governor at token head. @returns 1 and fills *ret, or 0. */
int	parties_subject(struct parties *x, size_t head, struct side *ret, int depth);

/*
 * Target of event word m recoded as code. *between is set when it is the
 * first of a "between X and Y". @returns 1 and fills *ret, or 0.
 */
int	parties_target(struct parties *x, const struct verb_match *m, const char *code, struct side *ret,
	    int *between);

/*
 * Shared by the searches of parties.c and target.c. The token where the
 * objects of an event word ending at from stop (a clause boundary, a
 * reporting frame, the next verb); self is the event word's own token.
 */
size_t	parties_object_bound(const struct parties *x, size_t from, size_t self);

/* Is token t of s a word of the lexicon's class name ("force": "troops")? */
int	parties_class_word(const struct lexicon *lx, const struct sentence *s, size_t t, const char *name);

/* The "by" agent of passive m. @returns 1 and fills *ret, or 0. */
int	parties_agent(struct parties *x, const struct verb_match *m, struct side *ret);

/*
 * The agent of event noun m: an actor after a "by" at most three words after
 * the noun ("an attack by Taliban militants", "a visit to Moscow by Shultz").
 * @returns 1 and fills *ret, or 0.
 */
int	parties_noun_agent(struct parties *x, const struct verb_match *m, struct side *ret);

/*
 * The country of the place the sentence states, as an actor: who arrested
 * or expelled someone when a passive names no agent ("was arrested on
 * Monday in Niger"). @returns 1 and fills *ret, or 0.
 */
int	parties_place_state(struct parties *x, struct side *ret);

/*
 * The first mention after "unless", "if" or "until" (an actor, or a role
 * such as "the government"): whom a conditional threat or refusal is aimed
 * at. @returns 1 and fills *ret, or 0.
 */
int	parties_condition(struct parties *x, struct side *ret);

/*
 * The party of an agreement or talks named after token from: "called off the
 * strike after reaching agreement with the government" gives the government.
 */
int	parties_counterpart(struct parties *x, size_t from, struct side *ret);

/*
 * The first mention in [from, to) outside phrases and asides, resolved (or,
 * with roles, a role: "alleged that the government rigged the vote").
 * @returns 1 and fills *ret, or 0.
 */
int	parties_between(struct parties *x, size_t from, size_t to, int roles, struct side *ret);

/* Is a named by a role word alone ("military experts", "troops"): no country, person or name of its own? */
int	parties_role_only(const struct actor *a);

/*
 * The object of the verb that the purpose infinitive whose "to" is token
 * t serves: the first mention between that verb and the "to" ("summoned a
 * senior Indian diplomat to complain"). @returns 1 and fills *ret, or 0.
 */
int	parties_purpose_object(struct parties *x, size_t t, struct side *ret);

/*
 * For an event without a target, the first actor of the purpose or
 * participle clause that follows it from token from: "staged
 * demonstrations to demand reforms by President Suharto's government",
 * "opened fire to disperse demonstrators", "rioted, calling for the
 * removal of President Mubarak". @returns 1 and fills *ret, or 0.
 */
int	parties_purpose_target(struct parties *x, size_t from, struct side *ret);

/* The first mention just after the "that" at token t. @returns 1 and fills *ret, or 0. */
int	parties_that(struct parties *x, size_t t, struct side *ret);

/* The first mention of the main clause. @returns 1 and fills *ret, or 0. */
int	parties_main_subject(struct parties *x, struct side *ret);

/* The speaker of reporting frame f (cached). @returns the actor, or NULL. */
const struct actor	*parties_speaker(struct parties *x, const struct say_frame *f);

/* The actor of a side, or NULL when it has none. */
const struct actor	*parties_actor(const struct parties *x, const struct side *sd);

/* Small helpers on sides and mentions. */
int	parties_compound_first(const struct actorvec *av, int k);
void	parties_mention(struct side *sd, int idx);
void	parties_copy(struct side *sd, const struct actor *a, const struct sentence *s, size_t tok);

/* @returns the CAMEO root of code (its first two digits) as a number. */
int	parties_root(const char *code);

#endif /* NE_PARTIES_H */
