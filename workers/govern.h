/*
 * govern: the words that govern an event word, and how they recode it.
 *
 * From an event word the walk goes left over adverbs, auxiliaries and
 * negations to what governs it: a modal ("would meet"), a control phrase
 * ending in "to" ("is willing to take part", "agreed in principle on
 * Saturday to provide"), a verb with an object and "to" ("urged Israel to
 * withdraw": Israel is the addressee), or, for an event noun, the light
 * verb whose object it is ("held talks") or a control verb ("threatened
 * sanctions"); a noun with none of these is a possessor's act ("Iranian
 * support"), the subject or predicate of its clause ("the talks resumed"),
 * inside a phrase ("at the meeting") or the object of a verb that is no
 * event word ("accepted the sanctions": opaque). Governors stack; their
 * classes (grammar.txt) combine into one mode, the outermost appeal or
 * demand winning, a refusal or threat beating an intent. modality.txt then
 * gives the recoded CAMEO code. A governing word that is an event word
 * itself ("agreed", "threatened") is marked consumed: the composed event
 * replaces it.
 *
 * @locality any thread, every function: a walk writes only its struct gov and
 * the caller's consumed marks; the lexicon is only read.
 */
#ifndef NE_GOVERN_H
#define NE_GOVERN_H

#include <stddef.h>
#include <stdint.h>

#include "actors.h"
#include "clause.h"
#include "lexicon.h"
#include "sentence.h"
#include "verbs.h"

#define GOV_MAX_GRAMMAR	4	/* grammar.txt entries remembered per event */

enum gov_mode {
	GOV_NONE,	/* nothing governs the event word */
	GOV_PASS,	/* "began to": coded as itself */
	GOV_INTENT,	/* "would", "plans to" */
	GOV_THREAT,	/* "threatened to", or a conditional intent */
	GOV_REFUSE,	/* "refused to", or a negated intent */
	GOV_OBLIGE,	/* "must" in reported speech: the speaker's demand */
	GOV_APPEAL,	/* "urged X to" */
	GOV_DEMAND,	/* "ordered X to", "demanded that" */
	GOV_PERMIT	/* "allowed X to": the subject yields to X */
};

/* What governs one event word. */
struct gov {
	enum gov_mode		 mode;
	int			 neg;		/* an odd number of negations */
	uint32_t		 head;		/* the subject is looked for left of it */
	long			 addr_start;	/* appeal/demand addressee tokens, or -1 */
	long			 addr_end;
	int			 possessor;	/* "Iranian support": mention index, or -1 */
	int			 nominal;	/* event noun as subject or predicate */
	int			 sub;		/* purpose, noun in a phrase, opaque object */
	int			 adjunct;	/* a purpose or a noun in a phrase: the main subject acts */
	long			 purpose;	/* the "to" of a purpose infinitive ("summoned the
						 * envoy to complain"), or -1 */
	int			 opaque;	/* an event noun as the object of an unknown verb */
	const struct lex_entry	*grammar[GOV_MAX_GRAMMAR];
	size_t			 ngrammar;
};

/* What a walk reads, and the marks it leaves on governing event words. */
struct govctx {
	const struct lexicon	*lx;
	const struct sentence	*s;
	const struct actorvec	*av;
	const struct verbvec	*vv;
	struct clause		*cl;
	uint8_t			*consumed;	/* per event word: governs another (nconsumed of them) */
	size_t			 nconsumed;
};

/*
 * Fill *g with what governs event word m, marking in x->consumed the event
 * words it passes as governors. @locality any thread; x->lx read only.
 */
void	govern_walk(struct govctx *x, const struct verb_match *m, struct gov *g);

/* Put governor e (a grammar.txt entry) over what g already holds. */
void	govern_combine(struct gov *g, const struct lex_entry *e);

/* @returns the mode of a grammar.txt entry's class (GOV_NONE for other kinds). */
enum gov_mode	govern_mode(const struct lex_entry *e);

/*
 * The code of an event of code under g: negation first (a negated plain
 * event or refusal is no event, a negated intent a refusal), then the
 * modality.txt line of the mode, stored in *ret (NULL when none applied).
 * May change g->mode. @returns the code (lexicon-owned or code itself), or
 * NULL when there is no event.
 */
const char	*govern_recode(const struct lexicon *lx, struct gov *g, const char *code,
		    const struct transform **ret);

/* @returns the index of the mention of av whose last token is i - 1, or -1. */
int	govern_mention_ending(const struct actorvec *av, size_t i);

#endif /* NE_GOVERN_H */
