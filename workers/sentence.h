/*
 * sentence: the view of one sentence that the coder's stages share.
 *
 * Types only. The tokens and their lower-cased forms are built once per
 * sentence by extract and borrowed, read-only, by actors, verbs and coder.
 */
#ifndef NE_SENTENCE_H
#define NE_SENTENCE_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

struct sentence {
	const char		*text;		/* the whole article text */
	struct span		 span;		/* this sentence's bytes in text */
	uint32_t		 index;		/* 0-based position in the article */
	const struct token	*tok;
	size_t			 ntok;
	const char *const	*words;		/* ntok lower-cased token strings */
	const uint8_t		*tags;		/* ntok part-of-speech tags (enum pos), or NULL
						 * when no tagger is loaded */
	const uint32_t		*kinds;		/* ntok lexicon_word_kinds() masks, or NULL
						 * (then every lookup is made) */
};

#endif /* NE_SENTENCE_H */
