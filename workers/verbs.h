/*
 * verbs: the event words of a sentence.
 *
 * Finds verbs by lemma and matches their patterns ("meet with", "break off
 * relations"), and nominal events ("talks", "sanctions"), each with the
 * CAMEO code of the most specific pattern that matched. Also marks the
 * grammar the coder needs around each: passive voice and negation.
 */
#ifndef NE_VERBS_H
#define NE_VERBS_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"
#include "sentence.h"

#define VERB_MAX_WORDS	8	/* further pattern words whose tokens are remembered */

struct verb_match {
	uint32_t			 tok;		/* the verb or the noun's first token */
	uint32_t			 tok_end;	/* one past the last token of the pattern */
	const char			*code;		/* CAMEO code */
	const char			*lemma;		/* verb lemma, or NULL for a noun event */
	const struct verb_pattern	*pattern;	/* NULL for a noun event */
	const struct lex_entry		*noun;		/* NULL for a verb */
	unsigned			 passive : 1;	/* "was attacked (by X)", "a lunch hosted by X" */
	unsigned			 reduced : 1;	/* a participle modifying a noun: "a resolution
							 * censuring", "a lunch hosted by" */
	unsigned			 negated : 1;	/* "did not attack", "refused to meet" */
	uint8_t				 nwords;	/* tokens that matched the pattern's further words */
	uint8_t				 words[VERB_MAX_WORDS];	/* their offsets from tok ("suspended
							 * military aid": "military" and "aid") */
};

struct verbvec {
	struct verb_match	*v;
	size_t			 n, cap;
};

void	verbvec_release(struct verbvec *);	/* NULL-safe; leaves it empty */

/*
 * Find the event words of sentence s, in text order, into *out (cleared
 * first). @returns 0, or -ENOMEM. @locality any thread; lx is read only.
 */
int	verbs_find(const struct lexicon *lx, const struct sentence *s, struct verbvec *out);

#endif /* NE_VERBS_H */
