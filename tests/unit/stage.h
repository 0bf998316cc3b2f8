/*
 * stage.h: sentences for the tests of the coder's stages (actors, verbs,
 * clause, govern, parties, when), built from a string as extract.c builds
 * them: the article's sentences (text_sentences), the tokens of one, their
 * lower-case forms and, when a lexicon is given, each word's
 * lexicon_word_kinds() and the tagger's tags.
 *
 * Include after <cmocka.h>. The functions are static inline so that a test
 * that calls only the text half (test_when) does not link lexicon.o: an
 * inline function nobody calls is never emitted.
 */
#ifndef NE_TEST_STAGE_H
#define NE_TEST_STAGE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"
#include "pos.h"
#include "sentence.h"
#include "text.h"

/*
 * Known failures: a test of what a stage's header promises that the stage
 * does not do today starts with STAGE_KNOWN_FAILURE() and a comment naming
 * the expectation. It is skipped, so that `make check` stays green while the
 * list shows where the stages are wrong; NE_KNOWN_FAILURES=1 in the
 * environment runs them instead (to see which now pass).
 */
#define STAGE_KNOWN_FAILURE()							\
	do {									\
		if (getenv("NE_KNOWN_FAILURES") == NULL)			\
			skip();							\
	} while (0)

struct stage_sent {
	struct sentence	 s;
	struct spanvec	 sents;
	struct tokvec	 tv;
	char		*lower;
	const char	**words;
	uint32_t	*kinds;
	uint8_t		*tags;
};

/*
 * Sentence number index of text (text_sentences), tokenised and lower-cased.
 * text is borrowed and must outlive st. An index past the last sentence
 * gives an empty sentence (no tokens), as a text of white space does.
 */
static inline void
stage_sent_init(struct stage_sent *st, const char *text, size_t index)
{
	size_t len = strlen(text), pos = 0;

	memset(st, 0, sizeof(*st));
	assert_int_equal(text_sentences(text, len, &st->sents), 0);
	st->s.text = text;
	st->s.index = (uint32_t)index;
	if (index >= st->sents.n) {
		st->s.span = (struct span){ (uint32_t)len, (uint32_t)len };
		return;
	}
	st->s.span = st->sents.v[index];
	assert_int_equal(text_tokens(text, st->s.span, &st->tv), 0);
	assert_non_null(st->lower = malloc(len + st->tv.n + 1));
	assert_non_null(st->words = calloc(st->tv.n + 1, sizeof(*st->words)));
	for (size_t i = 0; i < st->tv.n; i++) {
		const struct token *t = &st->tv.v[i];

		st->words[i] = st->lower + pos;
		pos += text_lower(text, t, st->lower + pos, t->end - t->start + 1) + 1;
	}
	st->s.tok = st->tv.v;
	st->s.ntok = st->tv.n;
	st->s.words = st->words;
}

/*
 * What extract adds once the lexicon is known: each word's kinds and, if
 * tag is set and the lexicon has a tagger, the part-of-speech tags (extract
 * tags every sentence that holds an event word).
 */
static inline void
stage_sent_annotate(struct stage_sent *st, const struct lexicon *lx, int tag)
{
	const struct tagger *tg = lexicon_tagger(lx);

	free(st->kinds);
	free(st->tags);
	st->kinds = NULL;
	st->tags = NULL;
	st->s.kinds = NULL;
	st->s.tags = NULL;
	if (st->s.ntok == 0)
		return;
	assert_non_null(st->kinds = calloc(st->s.ntok, sizeof(*st->kinds)));
	for (size_t i = 0; i < st->s.ntok; i++)
		st->kinds[i] = lexicon_word_kinds(lx, st->words[i]);
	st->s.kinds = st->kinds;
	if (tag && tg != NULL) {
		assert_non_null(st->tags = calloc(st->s.ntok, 1));
		(void)tagger_tag(tg, &st->s, st->tags);
		st->s.tags = st->tags;
	}
}

static inline void
stage_sent_release(struct stage_sent *st)
{
	spanvec_release(&st->sents);
	tokvec_release(&st->tv);
	free(st->lower);
	free(st->words);
	free(st->kinds);
	free(st->tags);
	memset(st, 0, sizeof(*st));
}

/* The real lexicon the build makes ($NE_LEXICON, else build/lexicon). @returns it, or NULL. */
static inline struct lexicon *
stage_lexicon_load(void)
{
	struct lexicon	*lx = NULL;
	const char	*dir = getenv("NE_LEXICON");
	char		 err[512] = "";

	if (lexicon_load(dir != NULL ? dir : "build/lexicon", &lx, err, sizeof(err)) != 0) {
		fprintf(stderr, "lexicon_load: %s\n", err);
		return NULL;
	}
	return lx;
}

/* @returns 1 if the bytes of text that sp covers are exactly want. */
static inline int
stage_span_is(const char *text, struct span sp, const char *want)
{
	return sp.start <= sp.end && sp.end - sp.start == strlen(want) &&
	    memcmp(text + sp.start, want, sp.end - sp.start) == 0;
}

/* The token of the nth (0-based) occurrence of lower-case word w; fails the test if absent. */
static inline size_t
stage_tok(const struct sentence *s, const char *w, int nth)
{
	for (size_t i = 0; i < s->ntok; i++)
		if (strcmp(s->words[i], w) == 0 && nth-- == 0)
			return i;
	fail_msg("no token '%s' in the sentence", w);
	return 0;
}

#endif /* NE_TEST_STAGE_H */
