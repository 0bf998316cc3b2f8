/*
 * clause: the shape of one sentence around its event words.
 *
 * Without a parser, the coder still needs to know which words report
 * speech ("X said ..."), which belong to a subordinate clause ("after the
 * talks", "who attacked"), where a clause ends, which actor is the subject
 * of a verb and which mention sits inside a prepositional phrase. This
 * module answers those questions with word lists (grammar.txt and the
 * closed classes of English) and bounded scans over the tokens; every
 * answer is computed in time linear in the sentence, or bounded per query.
 *
 * @locality any thread: a struct clause belongs to one extraction; the lexicon
 * is only read.
 */
#ifndef NE_CLAUSE_H
#define NE_CLAUSE_H

#include <stddef.h>
#include <stdint.h>

#include "actors.h"
#include "lexicon.h"
#include "sentence.h"
#include "verbs.h"

/* Per-token flags. */
enum {
	CL_ATTR		= 1 << 0,	/* an attribution: ", officials said Tuesday", "according to X" */
	CL_SUB		= 1 << 1,	/* a subordinate clause or adjunct: "after ...", ", who ..." */
	CL_QUOTE	= 1 << 2,	/* inside quotation marks */
	CL_BOUND	= 1 << 3,	/* a clause boundary: objects are not looked for past it */
	CL_SAYVERB	= 1 << 4,	/* a reporting verb */
	CL_VERB		= 1 << 5,	/* a verb that heads a clause (event, reporting or light verb) */
	CL_REL		= 1 << 6	/* a relative clause ("which attacked China"), also CL_SUB */
};

/* One "X said (that) S" or "S, X said": who speaks and what is reported. */
struct say_frame {
	uint32_t		 verb;		/* token of the reporting verb ("according" for "according to") */
	uint32_t		 content_start;	/* tokens of what is reported, [start, end) */
	uint32_t		 content_end;
	uint32_t		 addr_start;	/* "told the Iranians that": the addressee, [start, end) */
	uint32_t		 addr_end;
	int			 trailing;	/* the attribution follows what it reports */
	const struct lex_entry	*entry;		/* grammar.txt line */
};

struct clause {
	uint8_t			*flag;		/* ntok flags */
	size_t			 cap;
	struct say_frame	*say;
	size_t			 nsay, capsay;
	const char		**lemma;	/* lemma cache: NULL = not a verb form, or unknown */
	uint8_t			*lemma_done;
	size_t			 capl;
};

void	clause_release(struct clause *);	/* NULL-safe; leaves it empty */

/*
 * Analyse sentence s: flags, reporting frames. av and vv are the
 * sentence's mentions and event words. Scratch arrays in c are reused
 * between calls. @returns 0 or -ENOMEM. @locality any thread; lx read only.
 */
int	clause_analyse(struct clause *c, const struct lexicon *lx, const struct sentence *s,
	    const struct actorvec *av, const struct verbvec *vv);

/* The verb lemma of token i (cached), or NULL. */
const char	*clause_lemma(struct clause *c, const struct lexicon *lx, const struct sentence *s, size_t i);

/*
 * A phrase of kind ending exactly at token last (inclusive), matched with
 * its first word as written or by lemma. @returns the entry and its first
 * token in *ret_start, or NULL.
 */
const struct lex_entry	*clause_phrase_ending(struct clause *c, const struct lexicon *lx,
			    const struct sentence *s, enum lex_kind kind, size_t last, size_t *ret_start);

/*
 * A control phrase ending in "to" ("plan to", "agree to") whose "to" is
 * token k: contiguous, or with up to a few words between that are no verb
 * and no boundary ("agreed in principle on Saturday to provide").
 * @returns the entry and its first token in *ret_start, or NULL.
 */
const struct lex_entry	*clause_control_to(struct clause *c, const struct lexicon *lx,
			    const struct sentence *s, size_t k, size_t *ret_start);

/* The say frame whose reported content holds token i, or NULL. */
const struct say_frame	*clause_frame_of(const struct clause *c, size_t i);

/* Closed word classes. */
int	clause_is_prep(const char *w);
int	clause_is_subordinator(const char *w);	/* "after", "because": may open a clause */
int	clause_is_det(const char *w);
int	clause_is_aux(const char *w);		/* be, have, do forms */
int	clause_is_negator(const char *w);
int	clause_is_pronoun(const char *w);	/* he she it they we i */
int	clause_is_filler(const struct sentence *s, size_t i);	/* adverb or time word */

/*
 * The preposition governing mention a ("with Iranian officials" -> "with"),
 * looking left past determiners and adjectives; never past limit.
 * @returns its token, or -1 when a is not in a prepositional phrase.
 */
long	clause_prep_of(const struct sentence *s, const struct actor *a, size_t limit);

/*
 * The token left of position i after skipping adverbs, time words,
 * auxiliaries, modals of possibility and negations. @returns it, or -1.
 */
long	clause_skip_left(const struct sentence *s, long i);

#endif /* NE_CLAUSE_H */
