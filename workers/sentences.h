/*
 * sentences: an article's sentences tokenised and lower-cased once, for
 * every stage that reads them (places reads the whole article before the
 * coder reads it sentence by sentence).
 *
 * A struct sentences owns the tokens, the lower-case words, their lengths
 * and phrase-table hashes (each word hashed once, however many tables the
 * stages look it up in) and the per-sentence views; a view's tags and kinds
 * are left NULL for the caller to fill. Reusable: sentences_build clears what it held.
 */
#ifndef NE_SENTENCES_H
#define NE_SENTENCES_H

#include <stddef.h>

#include "sentence.h"
#include "text.h"

struct sentences {
	struct sentence	*v;		/* one view per span, in text order */
	size_t		 n, cap;
	struct tokvec	 toks;		/* the tokens of every sentence, in order */
	char		*lower;		/* NUL-separated lower-case tokens */
	size_t		 lowercap;
	const char	**words;	/* toks.n pointers into lower */
	size_t		 wordscap;
	uint32_t	*lens;		/* toks.n lengths of the words */
	size_t		 lenscap;
	uint64_t	*hashes;	/* toks.n phrasetab_hash_word() of the words */
	size_t		 hashescap;
};

/*
 * Tokenise and lower-case the sentences spans[0, nspans) of text into *ss
 * (cleared first); sentence i gets index i. @returns 0 or -ENOMEM (*ss is
 * then empty but may be released or built again).
 * @locality any thread; *ss is the caller's.
 */
int	sentences_build(struct sentences *ss, const char *text, const struct span *spans,
	    size_t nspans);

/* Free what *ss holds and leave it empty. NULL-safe. */
void	sentences_release(struct sentences *ss);

#endif /* NE_SENTENCES_H */
