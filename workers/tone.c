/*
 * tone: score sentences and articles from the tone word list.
 *
 * The list (workers/lexicon/tone.txt, whose header is the reference for the
 * file format and the matching rules) holds words and phrases with a score
 * from -5 to 5, plus two kinds of function word: negators ("not", "never",
 * "failed to"), which flip the sign of scored words among the next
 * TONE_NEG_SCOPE words, and boosters ("very", "strongly"), which multiply the
 * score of the word right after them by TONE_BOOST. A negated negative word
 * is also scaled by TONE_NEG_DAMP: "did not attack" is milder news than
 * "attacked" is bad news, while "no agreement" is as bad as "agreement" is
 * good. tone.h defines the scale.
 *
 * Matching walks a sentence's tokens once, left to right. At each word the
 * longest phrase that starts there wins; a word that starts no phrase is
 * looked up as written and, failing that, through a few English suffix rules
 * (below), so "attacks", "attacked" and "attacking" all find "attack" without
 * the file listing them. A form listed in the file always wins over a rule,
 * which is how the file stops a rule from misfiring: "united" is listed with
 * score 0, so it never reaches "unite". Typographic apostrophes are read as
 * ASCII ones ("didn’t" is "didn't"). Punctuation ends a negation's scope
 * ("not, however, a failure" negates nothing), and so does the end of the
 * sentence. Negations do not stack: a negator inside a scope starts a new one.
 *
 * Everything is found through a phrase table (phrasetab.h), whose prefix
 * marks let the phrase search run only at words that can start a phrase and
 * stop as soon as no longer one can follow. Work per word is bounded by
 * the longest phrase (TONE_MAX_PHRASE words) and the number of suffix rules,
 * so scoring is linear in the length of the sentence.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "array.h"
#include "dictfile.h"
#include "phrasetab.h"
#include "tone.h"

#define TONE_FILE	 "tone.txt"
#define TONE_MAX_PHRASE	 6	/* words in a phrase */
#define TONE_KEY_MAX	 128	/* bytes in a phrase, NUL included */
#define TONE_NEG_SCOPE	 3	/* words after a negator whose scores flip */
/*
 * Scores are integers times these, multiples of 1/4: sums of them are exact
 * in a double, so tone_acc_merge() may add sentences' sums in any order.
 * A factor that breaks this must change tone_acc_merge() too.
 */
#define TONE_BOOST	 1.5	/* factor a booster applies to the next word */
#define TONE_NEG_DAMP	 0.5	/* factor on a negative score that is negated */
#define TONE_STEM_MIN	 3	/* a suffix rule never yields a shorter word */

enum kind {
	K_SCORED,	/* a word or phrase with a score, possibly 0 */
	K_NEGATOR,
	K_BOOSTER
};

enum { T_ENTRY };	/* the one kind of key of the phrase table */

struct entry {
	uint32_t	line;
	int8_t		score;
	uint8_t		kind;
	uint8_t		ntok;
};

struct tone_lexicon {
	struct entry		*entries;
	size_t			 nentries, capentries;
	struct arena		*arena;	/* the phrases */
	struct phrasetab	*tab;	/* phrase -> index into entries */
	struct dictfile_sum	 sum;	/* of tone.txt */
};

/* ------------------------------------------------------------ loading */

/*
 * A phrase is lower-case words separated by single spaces; a word is
 * letters, digits, the inner marks ' - . and any byte >= 0x80 (so that
 * non-ASCII letters may appear). @returns its number of words, or 0.
 */
static unsigned
phrase_words(const char *p, const char **why)
{
	unsigned n = 1;
	size_t i;

	*why = NULL;
	if (p[0] == '\0' || p[0] == ' ')
		*why = "empty word";
	for (i = 0; *why == NULL && p[i] != '\0'; i++) {
		unsigned char c = (unsigned char) p[i];

		if (c == ' ') {
			if (p[i + 1] == ' ' || p[i + 1] == '\0')
				*why = "words must be separated by single spaces";
			n++;
		} else if (c >= 'A' && c <= 'Z') {
			*why = "not lower case";
		} else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '\'' ||
			     c == '-' || c == '.' || c >= 0x80)) {
			*why = "only letters, digits and ' - . may make up a word";
		}
	}
	return *why == NULL ? n : 0;
}

static int
parse_score(const char *s, int *score, enum kind *kind)
{
	char *end;
	long v;

	if (strcmp(s, "NEGATOR") == 0) {
		*kind = K_NEGATOR;
		*score = 0;
		return 0;
	}
	if (strcmp(s, "BOOSTER") == 0) {
		*kind = K_BOOSTER;
		*score = 0;
		return 0;
	}
	if (!((s[0] >= '0' && s[0] <= '9') ||
	      ((s[0] == '-' || s[0] == '+') && s[1] >= '0' && s[1] <= '9')))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < -5 || v > 5)
		return -1;
	*kind = K_SCORED;
	*score = (int) v;
	return 0;
}

static int
add_line(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct tone_lexicon *tl = arg;
	const char *why, *phrase = f[0];
	enum kind kind;
	uint32_t idx;
	size_t plen;
	unsigned ntok;
	int score, r;

	if (nf == 1)
		return dictfile_error(df, -EINVAL, "expected PHRASE<TAB>SCORE");
	if (nf > 2)
		return dictfile_error(df, -EINVAL, "more than two fields");
	plen = strlen(phrase);
	if ((ntok = phrase_words(phrase, &why)) == 0)
		return dictfile_error(df, -EINVAL, "phrase '%.64s': %s", phrase, why);
	if (plen >= TONE_KEY_MAX || ntok > TONE_MAX_PHRASE)
		return dictfile_error(df, -EINVAL, "phrase '%.64s' is longer than %d words or %d bytes",
				      phrase, TONE_MAX_PHRASE, TONE_KEY_MAX - 1);
	if (parse_score(f[1], &score, &kind) < 0)
		return dictfile_error(df, -EINVAL,
				      "score '%.32s' is not an integer from -5 to 5, NEGATOR or BOOSTER", f[1]);
	if ((r = array_grow(&tl->entries, &tl->capentries, tl->nentries + 1,
			       sizeof(*tl->entries))) < 0 ||
	    (r = phrasetab_add(tl->tab, T_ENTRY, phrase, plen, (uint32_t) tl->nentries, &idx,
			       NULL)) < 0)
		return r;
	if (r == 0)
		return dictfile_error(df, -EINVAL, "'%s' is already listed at line %u", phrase,
				      tl->entries[idx].line);
	tl->entries[tl->nentries++] =
	    (struct entry){dictfile_line(df), (int8_t) score, (uint8_t) kind, (uint8_t) ntok};
	return 0;
}

/*
 * See tone.h.
 * @locality any thread (typically the main thread at start-up or reload).
 */
int
tone_load(const char *dir, struct tone_lexicon **ret, char *errbuf, size_t errbufsz)
{
	struct tone_lexicon *tl;
	int r;

	assert(dir != NULL && ret != NULL);
	if ((tl = calloc(1, sizeof(*tl))) == NULL || (tl->arena = arena_new()) == NULL ||
	    (tl->tab = phrasetab_new(tl->arena)) == NULL) {
		tone_free(tl);
		return -ENOMEM;
	}
	if ((r = dictfile_read(dir, TONE_FILE, add_line, tl, &tl->sum, errbuf, errbufsz)) < 0) {
		tone_free(tl);
		return r;
	}
	*ret = tl;
	return 0;
}

/* @locality any thread, once no other thread uses the lexicon. */
void
tone_free(struct tone_lexicon *tl)
{
	if (tl == NULL)
		return;
	free(tl->entries);
	phrasetab_free(tl->tab);
	arena_free(tl->arena);
	free(tl);
}

/* See tone.h. */
void
tone_stats(const struct tone_lexicon *tl, struct tone_stats *ret)
{
	struct phrasetab_stats ps;

	phrasetab_stats(tl->tab, &ps);
	ret->entries = tl->nentries;
	ret->bytes = sizeof(*tl) + tl->capentries * sizeof(*tl->entries) + ps.bytes +
		     arena_bytes(tl->arena);
	ret->digest = tl->sum.h;
}

/* ------------------------------------------------------------ matching */

/*
 * Append word w to key[*n], with a space first unless *n is 0, reading
 * U+2019 as an ASCII apostrophe. @returns -1 if it does not fit.
 */
static int
append_word(char *key, size_t *n, const char *w)
{
	size_t i = *n;

	if (i > 0) {
		if (i + 1 >= TONE_KEY_MAX)
			return -1;
		key[i++] = ' ';
	}
	for (; *w != '\0'; w++) {
		if (i + 1 >= TONE_KEY_MAX)
			return -1;
		if (w[0] == '\xe2' && w[1] == '\x80' && w[2] == '\x99') {
			key[i++] = '\'';
			w += 2;
		} else
			key[i++] = *w;
	}
	key[i] = '\0';
	*n = i;
	return 0;
}

static const struct entry *
exact(const struct tone_lexicon *tl, const char *k, size_t n)
{
	uint32_t idx;

	return phrasetab_get(tl->tab, T_ENTRY, k, n, &idx) ? &tl->entries[idx] : NULL;
}

/*
 * The entry for one word: as written, else by the first of these rules whose
 * result is a scored entry of at least TONE_STEM_MIN bytes:
 *   -ies, -ied -> -y          casualties, denied, worried
 *   -es, -s    -> (nothing)   clashes, attacks   (not after "ss")
 *   -ed        -> -, -e       attacked, praised; banned -> ban
 *   -ing       -> -, -e       attacking, hoping; banning -> ban
 *   -ically    -> -ic         tragically
 *   -ily       -> -y          angrily
 *   -ly        -> (nothing)   brutally, peacefully
 * "-, -e" means: strip the suffix; then strip it and add "e"; then, if the
 * stem ends in a doubled consonant, strip one of the pair.
 */
static const struct entry *
lookup_word(const struct tone_lexicon *tl, const char *w, size_t n, uint64_t h)
{
#define RULE(suf, rep, doubled) { suf, rep, sizeof(suf) - 1, sizeof(rep) - 1, doubled }
	static const struct {
		const char *suf, *rep;
		size_t sl, rl;
		int doubled; /* also try undoubling the stem's last consonant */
	} rules[] = {
	    RULE("ies", "y", 0), RULE("ied", "y", 0), RULE("es", "", 0), RULE("s", "", 0),
	    RULE("ed", "", 1),   RULE("ed", "e", 0),  RULE("ing", "", 1), RULE("ing", "e", 0),
	    RULE("ically", "ic", 0), RULE("ily", "y", 0), RULE("ly", "", 0),
	};
#undef RULE
	const struct entry *e;
	char cand[TONE_KEY_MAX];
	uint32_t idx;

	if (phrasetab_find(tl->tab, T_ENTRY, h, w, n, &idx))
		return &tl->entries[idx];
	/* Every rule's suffix ends in one of these: most words need no more lookups. */
	if (n == 0 || (w[n - 1] != 's' && w[n - 1] != 'd' && w[n - 1] != 'g' && w[n - 1] != 'y'))
		return NULL;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		size_t sl = rules[i].sl, rl = rules[i].rl, stem;

		/* The last letters first: most words end in no rule's suffix. */
		if (n <= sl || w[n - 1] != rules[i].suf[sl - 1] || memcmp(w + n - sl, rules[i].suf, sl) != 0)
			continue;
		if (rules[i].suf[0] == 's' && n >= 2 && w[n - 2] == 's')
			continue; /* "press", "process" */
		stem = n - sl;
		if (stem + rl < TONE_STEM_MIN || stem + rl >= sizeof(cand))
			continue;
		memcpy(cand, w, stem);
		memcpy(cand + stem, rules[i].rep, rl);
		if ((e = exact(tl, cand, stem + rl)) != NULL && e->kind == K_SCORED)
			return e;
		if (rules[i].doubled && stem - 1 >= TONE_STEM_MIN && cand[stem - 1] == cand[stem - 2] &&
		    strchr("bcdfgklmnprstvz", cand[stem - 1]) != NULL &&
		    (e = exact(tl, cand, stem - 1)) != NULL && e->kind == K_SCORED)
			return e;
	}
	return NULL;
}

/*
 * The longest entry that starts at token i, and in *ret_ntok the number of
 * tokens it covers. Token i is a word.
 */
static const struct entry *
match_at(const struct tone_lexicon *tl, const struct sentence *s, size_t i, size_t *ret_ntok)
{
	const struct entry *best = NULL;
	char key[TONE_KEY_MAX];
	size_t n = 0, k, start;
	uint64_t h, h0;
	uint32_t idx;

	*ret_ntok = 1;
	/* Most words begin no phrase and have no typographic apostrophe: then
	 * the key is the word itself, with the length and hash the sentence
	 * carries, and need not be copied. A token without TOK_NONASCII (as
	 * text_tokens() marks them) has no apostrophe's first byte to look for. */
	if (s->hashes != NULL && s->lens != NULL &&
	    (!(s->tok[i].flags & TOK_NONASCII) || memchr(s->words[i], 0xE2, s->lens[i]) == NULL) &&
	    !phrasetab_has_prefix(tl->tab, T_ENTRY, s->hashes[i]))
		return s->lens[i] >= TONE_KEY_MAX ? NULL :
		    lookup_word(tl, s->words[i], s->lens[i], s->hashes[i]);
	if (append_word(key, &n, s->words[i]) < 0)
		return NULL;
	/* The word as it is (no typographic apostrophe made plain): its hash is known. */
	h = h0 = s->hashes != NULL && s->lens != NULL && n == s->lens[i] ? s->hashes[i] :
	    phrasetab_hash(key, n);
	if (phrasetab_has_prefix(tl->tab, T_ENTRY, h)) {
		for (k = 1; k < TONE_MAX_PHRASE && i + k < s->ntok; k++) {
			start = n + 1;
			if (!(s->tok[i + k].flags & TOK_WORD) ||
			    append_word(key, &n, s->words[i + k]) < 0)
				break;
			h = phrasetab_hash_token(h, key + start, n - start);
			if (phrasetab_find(tl->tab, T_ENTRY, h, key, n, &idx)) {
				best = &tl->entries[idx];
				*ret_ntok = k + 1;
			}
			if (!phrasetab_has_prefix(tl->tab, T_ENTRY, h))
				break;
		}
		if (best != NULL)
			return best;
		n = strcspn(key, " ");
		key[n] = '\0';
	}
	return lookup_word(tl, key, n, h0);
}

/* See tone.h. @locality any thread. */
void
tone_add(struct tone_acc *acc, const struct tone_lexicon *tl, const struct sentence *s)
{
	const struct entry *e;
	size_t i = 0, ntok;
	unsigned neg_left = 0;
	int boost = 0;
	double v;

	assert(acc != NULL && tl != NULL && s != NULL);
	assert(s->ntok == 0 || (s->tok != NULL && s->words != NULL));
	while (i < s->ntok) {
		if (!(s->tok[i].flags & TOK_WORD)) {
			if (s->tok[i].flags & (TOK_PUNCT | TOK_QUOTE)) {
				neg_left = 0;
				boost = 0;
			}
			i++;
			continue;
		}
		e = match_at(tl, s, i, &ntok);
		acc->words += ntok; /* a match covers word tokens only */
		i += ntok;
		if (e != NULL && e->kind == K_NEGATOR) {
			neg_left = TONE_NEG_SCOPE;
			boost = 0;
			continue;
		}
		if (e != NULL && e->kind == K_SCORED && e->score != 0) {
			v = e->score * (boost ? TONE_BOOST : 1.0);
			if (neg_left > 0)
				v = v > 0 ? -v : -v * TONE_NEG_DAMP;
			acc->sum += v;
			acc->hits++;
		}
		boost = e != NULL && e->kind == K_BOOSTER;
		neg_left = neg_left > ntok ? neg_left - (unsigned) ntok : 0;
	}
}

/* See tone.h. @locality any thread. */
void
tone_acc_merge(struct tone_acc *to, const struct tone_acc *from)
{
	to->sum += from->sum;
	to->words += from->words;
	to->hits += from->hits;
}

static double
tone_of(double sum, size_t words)
{
	double w, t;

	if (sum == 0.0 || words == 0)
		return 0.0;
	w = words < TONE_MIN_WORDS ? TONE_MIN_WORDS : (double) words;
	t = 100.0 * sum / (5.0 * w);
	return TONE_MAX * tanh(t / TONE_MAX);
}

/* See tone.h. @locality any thread. */
double
tone_sentence(const struct tone_lexicon *tl, const struct sentence *s)
{
	struct tone_acc acc = {0, 0, 0};

	tone_add(&acc, tl, s);
	return tone_of(acc.sum, acc.words);
}

/* See tone.h. @locality any thread. */
double
tone_article(const struct tone_acc *acc)
{
	assert(acc != NULL);
	return tone_of(acc->sum, acc->words);
}
