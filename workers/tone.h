/*
 * tone: how positive or negative a sentence or an article reads, from the
 * project's own word list (workers/lexicon/tone.txt).
 *
 * The scale. Each matched word or phrase scores an integer -5..5 (negated or
 * intensified as the file header of tone.txt describes). For a stretch of
 * text with W words whose scores add up to S, the raw tone is
 *
 *	T = 100 * S / (5 * max(W, TONE_MIN_WORDS))
 *
 * that is, the net percentage of words that carry a full-strength (+-5)
 * judgement, a word scored 2 counting as two fifths of one: close to GDELT's
 * "percent positive minus percent negative", weighted by strength. T is
 * unbounded, so it is squashed smoothly into the open interval (-10, 10):
 *
 *	tone = 10 * tanh(T / 10)
 *
 * which is within 3% of T for |T| <= 3 (the range most news falls in), is
 * exactly 0 when nothing matched, keeps order, and never leaves -10..10
 * however hostile the input. Words are the tokens with TOK_WORD (numbers
 * included, punctuation and split-off "'s" not). A sentence shorter than
 * TONE_MIN_WORDS words is scored as if padded with neutral words, so a
 * two-word headline cannot reach the ends of the scale on its own. An
 * article's tone is the same formula over the sums of all its sentences, so
 * it is the tone of the article read as one long sentence, not an average of
 * sentence tones.
 */
#ifndef NE_TONE_H
#define NE_TONE_H

#include <stddef.h>
#include <stdint.h>

#include "sentence.h"

#define TONE_MIN_WORDS	10	/* see the scale above */
#define TONE_MAX	10.0	/* tones lie in [-TONE_MAX, TONE_MAX] */

struct tone_lexicon;	/* opaque, immutable once loaded */

/* Running totals for an article; zero-initialise, then tone_add() per sentence. */
struct tone_acc {
	double	sum;	/* sum of the matched scores, after negation and boosts */
	size_t	words;	/* TOK_WORD tokens seen */
	size_t	hits;	/* scored words and phrases matched (a zero score is no hit) */
};

/*
 * Load dir/tone.txt. A malformed line fails with "tone.txt:LINE: why" in
 * errbuf; an unreadable file with "PATH: why".
 * @returns 0 and a new lexicon in *ret (free with tone_free()); -EINVAL (bad
 * data), -errno (I/O) or -ENOMEM, with *ret untouched.
 * @locality any thread; the result may then be shared, read-only, by all.
 */
int	tone_load(const char *dir, struct tone_lexicon **ret, char *errbuf, size_t errbufsz);

/* Free a lexicon. NULL is a no-op. */
void	tone_free(struct tone_lexicon *);

/* Counts, for reports and benchmarks. */
struct tone_stats {
	size_t		entries;	/* words and phrases of tone.txt */
	size_t		bytes;		/* memory held by the lexicon */
	uint64_t	digest;		/* content hash of tone.txt (dictfile.h) */
};
/* Fill *ret. @locality any thread. */
void	tone_stats(const struct tone_lexicon *, struct tone_stats *ret);

/*
 * The tone of one sentence. s->tok, s->ntok and s->words (lower-cased
 * tokens, as extract builds them) are read; s is borrowed.
 * @returns a tone in [-10, 10], 0 for a sentence with no scored word.
 * @locality any thread; pure.
 */
double	tone_sentence(const struct tone_lexicon *, const struct sentence *s);

/*
 * Add one sentence's words, hits and score sum to *acc (owned by the caller).
 * @locality any thread.
 */
void	tone_add(struct tone_acc *acc, const struct tone_lexicon *, const struct sentence *s);

/*
 * Add the totals of from to *to: the same as having added from's sentences
 * to *to one by one (every score is a multiple of 1/4, so the sums are
 * exact in any order). @locality any thread.
 */
void	tone_acc_merge(struct tone_acc *to, const struct tone_acc *from);

/*
 * The tone of everything added to acc.
 * @returns a tone in [-10, 10], 0 when nothing was added or nothing scored.
 * @locality any thread; pure.
 */
double	tone_article(const struct tone_acc *acc);

#endif /* NE_TONE_H */
