/*
 * gzlookup: the gazetteer's look-ups while an article is read
 * (gazetteer.h), and the indexes that keep them cheap.
 *
 * The phrase table the gazetteer is loaded through (phrasetab.h) holds
 * 150,000 names and their prefix marks in 8 MB of 16-byte slots, with the
 * keys behind an array of pointers: a probe there misses the cache, and so
 * do the key and the phrase it finds. The look-ups of an article read two
 * indexes of their own instead (struct gz_index), of 8-byte slots: a
 * 32-bit check of the hash of the words so far (their word hashes folded
 * together, index_fold()), and in one word the
 * phrase of that hash and whether a longer phrase starts with those words.
 * A phrase's key is compared, byte for byte with the sentence's words,
 * only where the check matches, so the answers are the phrase table's:
 *  - the names (every phrase with candidates), 4 MB;
 *  - the word lists of places.txt (locatives, skip words, place nouns, stop
 *    phrases, venue and office words, titles, county words: a few hundred
 *    phrases), asked for at every token near a name: a few kilobytes that
 *    stay in the cache, with each phrase's flags beside its slot, after a
 *    filter of their first words (g->wordfirst, 4 KB: the flags of the
 *    phrases whose first word falls on each of 2,048 entries) has let the
 *    word through: most words of a sentence ("said", "talks") start none,
 *    and most others no phrase with the flag asked for ("the" no locative).
 *    One read answers for every flag, and toponyms.c reads the filter
 *    itself (gazetteer_word_filter()) before it asks for a phrase.
 * A capitalised word is asked whether a place name starts with it, and half
 * of them start none ("The", "He", "Crocker", "Tuesday"): a filter of the
 * hashes of every name's first word (g->firsts: 32,768 words of 64 bits,
 * 256 KB, two bits per first word in one word, so one cache line a probe)
 * answers "certainly not" for most of those before the name index. Every
 * first word of a name has its bits there, every phrase of the word lists
 * and every name is in its index with its proper prefixes: the unit tests
 * check it over the gazetteer they load (and the full lexicon when
 * NE_LEXICON names one).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "gzload.h"
#include "hugemem.h"
#include "phrasetab.h"

#define FIRSTS_SHIFT	49			/* 64 - log2(GZ_FIRSTS_WORDS) */
#define GOLDEN		0x9e3779b97f4a7c15ULL	/* spreads a hash's bits over the filter */

_Static_assert(GZ_FIRSTS_WORDS == 1u << (64 - FIRSTS_SHIFT), "FIRSTS_SHIFT matches GZ_FIRSTS_WORDS");

/* The filter word of a first word's hash h, and the two bits it sets there. */
static inline size_t
firsts_word(uint64_t h, uint64_t *ret_bits)
{
	uint64_t x = h * GOLDEN;

	*ret_bits = (1ULL << ((x >> 20) & 63)) | (1ULL << ((x >> 26) & 63));
	return (size_t)(x >> FIRSTS_SHIFT);
}

_Static_assert(GZP_WORDS <= UINT16_MAX, "g->wordfirst holds GZP_WORDS");
_Static_assert(GZ_WORDFIRST == 1u << 11, "gazetteer_word_entry() covers g->wordfirst");

int
gazetteer_may_start(const struct gazetteer *g, uint64_t h)
{
	uint64_t	bits;
	size_t		w = firsts_word(h, &bits);

	return (g->firsts[w] & bits) == bits;
}

/*
 * The hash of a phrase in the two indexes: its first word's
 * phrasetab_hash_word() (which sentences.h keeps for every word of an
 * article, and the filters read), each further word's folded in by
 * index_fold(), so that a longer name costs a multiply and not another
 * pass over its bytes (phrasetab_hash_token(): a multiply a byte).
 */
static inline uint64_t
index_fold(uint64_t h, uint64_t word)
{
	return (((h << 23) | (h >> 41)) ^ word) * 0xff51afd7ed558ccdULL;
}

/* The index hash of key[0, n) (words joined by single spaces). */
static uint64_t
index_hash(const char *key, size_t n)
{
	const char	*sp, *end = key + n;
	uint64_t	 h = 0;

	for (int first = 1; key <= end; key = sp + 1, first = 0) {
		uint64_t w;

		if ((sp = memchr(key, ' ', (size_t)(end - key))) == NULL)
			sp = end;
		w = phrasetab_hash_word(key, (size_t)(sp - key));
		h = first ? w : index_fold(h, w);
	}
	return h;
}

/* The slot where the probe for hash h starts in an index of n slots, and its check in *ret_check. */
static inline size_t
index_slot(uint64_t h, size_t n, uint32_t *ret_check)
{
	uint32_t c = (uint32_t)(h >> 32) ^ (uint32_t)h;

	*ret_check = c != 0 ? c : 1;
	return (size_t)((h * GOLDEN) >> 32) & (n - 1);
}

/*
 * Enter hash h in x: as phrase idx's own (val 1 + idx, with its flags), or
 * as a prefix of a longer phrase (val GZ_INDEX_PREFIX). A prefix joins the
 * slot of the same 64-bit hash (full[], the hashes of the slots, kept
 * while building); a phrase takes a slot of its own unless a prefix alone
 * holds its hash.
 */
static void
index_enter(struct gz_index *x, uint64_t *full, uint64_t h, uint32_t val, uint16_t flags)
{
	uint32_t	c;
	size_t		i;

	for (i = index_slot(h, x->n, &c); x->slots[i].check != 0; i = (i + 1) & (x->n - 1))
		if (full[i] == h && (val == GZ_INDEX_PREFIX || !(x->slots[i].val & ~GZ_INDEX_PREFIX)))
			break;
	if (x->slots[i].check == 0) {
		x->slots[i].check = c;
		full[i] = h;
	}
	x->slots[i].val |= val;
	if (x->flags != NULL && val != GZ_INDEX_PREFIX)
		x->flags[i] = flags;
}

/* Does phrase p belong in the index of the word lists (words) or in that of the names? */
static int
indexed(const struct gz_phrase *p, int words)
{
	return words ? (p->flags & GZP_WORDS) != 0 : p->n > 0;
}

/* Build an index of the phrases indexed() takes, and their proper prefixes. @returns 0 or -ENOMEM. */
static int
index_build(struct gazetteer *g, struct gz_index *x, int words)
{
	uint64_t	*full;
	size_t		 want = 0;

	for (size_t i = 0; i < g->nphrases; i++) {
		if (!indexed(&g->out[i], words))
			continue;
		want++;
		for (const char *c = g->out[i].key; *c != '\0'; c++)
			want += *c == ' ';
	}
	for (x->n = 64; x->n < want + want / 2; x->n *= 2)	/* at most two thirds full */
		;
	if ((x->slots = hugemem_calloc(x->n, sizeof(*x->slots))) == NULL ||
	    (words && (x->flags = hugemem_calloc(x->n, sizeof(*x->flags))) == NULL) ||
	    (full = hugemem_calloc(x->n, sizeof(*full))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < g->nphrases; i++) {
		const char *key = g->out[i].key;

		if (!indexed(&g->out[i], words))
			continue;
		for (const char *c = key; *c != '\0'; c++)
			if (*c == ' ')
				index_enter(x, full, index_hash(key, (size_t)(c - key)), GZ_INDEX_PREFIX, 0);
		index_enter(x, full, index_hash(key, strlen(key)), (uint32_t)i + 1, g->out[i].flags);
	}
	free(full);
	return 0;
}

int
gz_lookup_build(struct gazetteer *g)
{
	int r;

	/* toponyms_asked() keeps 1 + a phrase's index in 27 bits. */
	if (g->nphrases >= GZ_INDEX_PREFIX - 1 || g->nphrases >= (1u << 27) - 1)
		return -ENOMEM;
	if ((g->firsts = calloc(GZ_FIRSTS_WORDS, sizeof(*g->firsts))) == NULL)
		return -ENOMEM;
	if ((r = index_build(g, &g->names, 0)) < 0 || (r = index_build(g, &g->words, 1)) < 0)
		return r;
	for (size_t i = 0; i < g->nphrases; i++) {
		const struct gz_phrase	*p = &g->out[i];
		const char		*sp;
		uint64_t		 bits, h;
		size_t			 n = strlen(p->key);

		if ((sp = memchr(p->key, ' ', n)) != NULL)
			n = (size_t)(sp - p->key);
		h = phrasetab_hash(p->key, n);
		g->wordfirst[gazetteer_word_entry(h)] |= p->flags & GZP_WORDS;
		if (p->n > 0)
			g->firsts[firsts_word(h, &bits)] |= bits;
	}
	return 0;
}

void
gz_lookup_free(struct gazetteer *g)
{
	free(g->firsts);
	free(g->names.slots);
	free(g->words.slots);
	free(g->words.flags);
}

size_t
gz_lookup_bytes(const struct gazetteer *g)
{
	return GZ_FIRSTS_WORDS * sizeof(*g->firsts) + g->names.n * sizeof(*g->names.slots) +
	    g->words.n * (sizeof(*g->words.slots) + sizeof(*g->words.flags));
}

const struct gz_place *
gazetteer_place(const struct gazetteer *g, uint32_t idx)
{
	return &g->places[idx];
}

const struct gz_phrase *
gazetteer_phrase(const struct gazetteer *g, uint32_t idx)
{
	return &g->out[idx];
}

const struct gz_cand *
gazetteer_cands(const struct gazetteer *g, const struct gz_phrase *p)
{
	return &g->cands[p->first];
}

/* The hash of word i of s, as phrasetab hashes a first word. */
static inline uint64_t
word_hash(const struct sentence *s, size_t i)
{
	if (s->hashes != NULL)
		return s->hashes[i];
	return phrasetab_hash_word(s->words[i], s->lens != NULL ? s->lens[i] : strlen(s->words[i]));
}

static inline size_t
word_len(const struct sentence *s, size_t i)
{
	return s->lens != NULL ? s->lens[i] : strlen(s->words[i]);
}

/*
 * Is key the words [i, i + k) of s joined by single spaces? strncmp() stops
 * at the end of a shorter key, which memcmp() might read past.
 */
static int
key_is(const char *key, const struct sentence *s, size_t i, size_t k)
{
	for (size_t j = i; j < i + k; j++) {
		size_t n = word_len(s, j);

		if (strncmp(key, s->words[j], n) != 0 || key[n] != (j + 1 < i + k ? ' ' : '\0'))
			return 0;
		key += n + 1;
	}
	return 1;
}

/*
 * The longest phrase of x made of words [i, i + k) of s that has one of
 * the flags of want (want 0, or an index without flags: any), h being the
 * hash of word i: its index in *ret, and k; 0 if none. The walk stops at
 * the first words no longer phrase of x starts with, as the phrase table's
 * longest match does; a check that matches another hash costs a probe
 * more, and a key is compared byte for byte, so the answer is the table's.
 */
static size_t
index_longest(const struct gazetteer *g, const struct gz_index *x, unsigned want, const struct sentence *s,
    size_t i, uint64_t h, uint32_t *ret)
{
	size_t best = 0, mask = x->n - 1;

	for (size_t k = 1; i + k <= s->ntok && k <= GZ_MAX_NAME_TOK; k++) {
		uint32_t	c, more = 0;
		int		found = 0;

		if (k > 1)
			h = index_fold(h, word_hash(s, i + k - 1));
		for (size_t j = index_slot(h, x->n, &c); x->slots[j].check != 0; j = (j + 1) & mask) {
			uint32_t v = x->slots[j].val;

			if (x->slots[j].check != c)
				continue;
			more |= v & GZ_INDEX_PREFIX;
			v &= ~GZ_INDEX_PREFIX;
			if (!found && v != 0 && (x->flags == NULL || want == 0 || (x->flags[j] & want)) &&
			    key_is(g->out[v - 1].key, s, i, k)) {
				found = 1;
				best = k;
				*ret = v - 1;
			}
		}
		if (!more)
			break;
	}
	return best;
}

/* Does a phrase of the word lists with a flag of want start with the word of hash h (probably)? */
static inline int
may_start_word(const struct gazetteer *g, unsigned want, uint64_t h)
{
	return (g->wordfirst[gazetteer_word_entry(h)] & want) != 0;
}

const uint16_t *
gazetteer_word_filter(const struct gazetteer *g)
{
	return g->wordfirst;
}

const struct gz_phrase *
gazetteer_match_name(const struct gazetteer *g, const struct sentence *s, size_t i, size_t *ret_len,
    size_t *ret_stop)
{
	uint64_t	h;
	uint32_t	idx;
	size_t		len;

	*ret_stop = 0;
	if (i >= s->ntok)
		return NULL;
	h = word_hash(s, i);
	if (may_start_word(g, GZP_STOP, h))
		*ret_stop = index_longest(g, &g->words, GZP_STOP, s, i, h, &idx);
	if (!gazetteer_may_start(g, h) || (len = index_longest(g, &g->names, 0, s, i, h, &idx)) == 0)
		return NULL;
	*ret_len = len;
	return &g->out[idx];
}

/* What gazetteer_match() looks for outside the two indexes: a phrase with a flag. */
struct wanted {
	const struct gazetteer	*g;
	unsigned		 flags;
};

static int
wanted(uint32_t idx, void *arg)
{
	const struct wanted *w = arg;

	return (w->g->out[idx].flags & w->flags) != 0;
}

const struct gz_phrase *
gazetteer_match(const struct gazetteer *g, const struct sentence *s, size_t i, unsigned want,
    size_t *ret_len)
{
	struct wanted	w = { g, want };
	uint64_t	h;
	uint32_t	idx;
	size_t		len;

	if (i >= s->ntok)
		return NULL;
	h = word_hash(s, i);
	if (want != 0 && (want & ~GZP_WORDS) == 0) {
		if (!may_start_word(g, want, h))
			return NULL;
		len = index_longest(g, &g->words, want, s, i, h, &idx);
	} else if (want == 0) {
		if (!gazetteer_may_start(g, h))
			return NULL;
		len = index_longest(g, &g->names, 0, s, i, h, &idx);
	} else
		len = phrasetab_longest_h(g->tab, GZ_TAG_PHRASE, s->words + i, s->lens != NULL ? s->lens + i : NULL,
		    s->hashes != NULL ? s->hashes + i : NULL, s->ntok - i, wanted, &w, &idx);
	if (len == 0)
		return NULL;
	*ret_len = len;
	return &g->out[idx];
}

const char *
gazetteer_kind_name(unsigned k)
{
	static const char *const names[GZ_KIND_MAX] = {
		[GZ_CONTINENT] = "continent", [GZ_COUNTRY] = "country", [GZ_ADMIN1] = "admin1",
		[GZ_REGION] = "region", [GZ_COUNTY] = "county", [GZ_CITY] = "city", [GZ_DISTRICT] = "district",
	};

	return k < GZ_KIND_MAX ? names[k] : "place";
}
