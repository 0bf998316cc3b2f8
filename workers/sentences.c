/*
 * sentences: tokenise an article's sentences once (sentences.h).
 *
 * Two passes: the tokens of every sentence go into one vector (which may
 * move as it grows), and only then are the views and the lower-case words
 * pointed into it, so no pointer is taken into memory that moves.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "phrasetab.h"
#include "sentences.h"

int
sentences_build(struct sentences *ss, const char *text, const struct span *spans, size_t nspans)
{
	size_t	*first, bytes = 0, pos = 0;
	int	 r;

	ss->n = 0;
	ss->toks.n = 0;
	if ((first = malloc((nspans + 1) * sizeof(*first))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < nspans; i++) {
		first[i] = ss->toks.n;
		if ((r = text_tokens(text, spans[i], &ss->toks)) < 0)
			goto fail;
		bytes += spans[i].end - spans[i].start;
	}
	first[nspans] = ss->toks.n;
	/* A lower-case word is never longer than its token; each has a NUL. */
	if ((r = array_grow(&ss->v, &ss->cap, nspans, sizeof(*ss->v))) < 0 ||
	    (r = array_grow(&ss->lower, &ss->lowercap, bytes + ss->toks.n + 1, 1)) < 0 ||
	    (r = array_grow(&ss->words, &ss->wordscap, ss->toks.n + 1, sizeof(*ss->words))) < 0 ||
	    (r = array_grow(&ss->lens, &ss->lenscap, ss->toks.n + 1, sizeof(*ss->lens))) < 0 ||
	    (r = array_grow(&ss->hashes, &ss->hashescap, ss->toks.n + 1, sizeof(*ss->hashes))) < 0)
		goto fail;
	for (size_t k = 0; k < ss->toks.n; k++) {
		size_t n = text_lower(text, &ss->toks.v[k], ss->lower + pos, ss->lowercap - pos);

		ss->words[k] = ss->lower + pos;
		ss->lens[k] = (uint32_t)n;
		ss->hashes[k] = phrasetab_hash_word(ss->lower + pos, n);
		pos += n + 1;
	}
	for (size_t i = 0; i < nspans; i++)
		ss->v[i] = (struct sentence){ .text = text, .span = spans[i], .index = (uint32_t)i,
		    .tok = ss->toks.v + first[i], .ntok = first[i + 1] - first[i],
		    .words = ss->words + first[i], .lens = ss->lens + first[i],
		    .hashes = ss->hashes + first[i] };
	ss->n = nspans;
	free(first);
	return 0;
fail:
	free(first);
	ss->toks.n = 0;
	return r;
}

void
sentences_release(struct sentences *ss)
{
	if (ss == NULL)
		return;
	free(ss->v);
	tokvec_release(&ss->toks);
	free(ss->lower);
	free(ss->words);
	free(ss->lens);
	free(ss->hashes);
	memset(ss, 0, sizeof(*ss));
}
