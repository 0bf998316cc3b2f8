/*
 * quotes: quotations in an article and the words that name their speaker.
 *
 * This stage finds spans only. Mapping a speaker's words ("Crocker",
 * "Iran's ambassador", "he") to an actor is the coder's job. Offsets are
 * bytes of the article text, as everywhere (text.h).
 */
#ifndef NE_QUOTES_H
#define NE_QUOTES_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

struct quote {
	struct span	text;		/* between the quote marks, marks excluded */
	struct span	speaker;	/* the speaker's words; start == end if unknown */
	uint32_t	sentence;	/* index of the sentence holding the opening mark */
};

/* Growable array; zero-initialise, then quotevec_release() frees it. */
struct quotevec {
	struct quote	*v;
	size_t		 n, cap;
};

void	quotevec_release(struct quotevec *);	/* NULL-safe; leaves it empty and reusable */

/*
 * @returns 1 if the speaker vocabulary is in strictly ascending order, as
 * its binary search needs. A test helper: the table is constant, so its
 * unit test checks it once instead of every quotes_find() (which it cost a
 * tenth of the time).
 */
int	quotes_vocabulary_sorted(void);

/*
 * Find the quotations of text[0, len) and append them to *out (not cleared
 * first), in text order. sentences are the spans text_sentences() gave for
 * the same text (borrowed; NULL or empty means the text is read as one
 * sentence, index 0). len must fit a uint32_t (asserted).
 *
 * Quotation marks are " and the curly pair U+201C U+201D. A quotation may
 * run over several sentences but not past a paragraph break (a blank line):
 * a quotation still open there, or at the end of the text, is dropped, as is
 * a closing mark with no opening one. Quotations with nothing but white space
 * inside are dropped. Single quotes are not read as quotation marks.
 *
 * The speaker comes from the first of these patterns that fits (X is the
 * speaker, VERB one of say, tell, add, state, declare, insist, stress, warn,
 * explain, note, ask, reply in any of its -s/-ed forms, or "said" "told"):
 *     "...," VERB X        "...," X VERB [Y]      "...," according to X
 *     X VERB [Y] [adverbial]: "..."    X VERB [Y] that "..."    X VERB "..."
 *     according to X, "..."            "...," VERB X, "..." (both halves)
 * and otherwise from the nearest reporting clause (X VERB, VERB X, or
 * according to X, where VERB may also be describe, call, suggest, indicate,
 * acknowledge, admit, argue, claim, announce) in the quotation's own
 * sentence, before or after it: this is how a scare quote or a partial quote
 * ('Crocker called the talks "businesslike"') gets its speaker. X is a
 * pronoun (he, she, they, we, it before the verb; he, she, they after it), a
 * capitalised name ("U.S. Ambassador Ryan C. Crocker", "al-Maliki"), or a
 * short noun phrase ending in a role word ("Iran's ambassador", "a senior
 * official"); a leading determiner is left out of the span. quotes.c lists
 * the role words.
 * Work is linear in len: every look-around is bounded.
 * @returns 0, or -ENOMEM with the quotations found so far left in *out.
 * @locality any thread; pure.
 */
int	quotes_find(const char *text, size_t len, const struct spanvec *sentences,
	    struct quotevec *out);

#endif /* NE_QUOTES_H */
