/*
 * gzlookup: the gazetteer's look-ups while an article is read
 * (gazetteer.h), and the two small indexes that keep them in the cache.
 *
 * The phrase table of the gazetteer holds 150,000 names and their prefix
 * marks in some 16 MB: a probe there misses the cache, and so does the
 * phrase it finds. Most look-ups need far less:
 *  - the word lists of places.txt (locatives, skip words, place nouns, stop
 *    phrases, venue and office words, titles, county words: a few hundred
 *    phrases) are asked for at every token near a name. They get a table
 *    of their own (g->words), a few kilobytes that stay in the cache, and
 *    gazetteer_match() with any of these flags reads only it, after a
 *    filter of their first words (g->wordfirst, 512 bytes) has let the word
 *    through: most words of a sentence ("said", "talks") start none;
 *  - a capitalised word is asked whether a place name starts with it, and
 *    half of them start none ("The", "He", "Crocker", "Tuesday"). A filter
 *    of the hashes of every name's first word (g->firsts: 32,768 words of
 *    64 bits, 256 KB, two bits per first word in one word, so one cache line
 *    a probe) answers "certainly not" for most of those without touching
 *    the big table; a word the filter admits is looked up as before.
 * Both give exactly the answers of the big table: every phrase with one of
 * the word flags is in g->words, with its proper prefixes, and every first
 * word of a phrase with candidates has its bits in g->firsts. The unit
 * tests check both over the gazetteer they load (and the full lexicon when
 * NE_LEXICON names one).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "gzload.h"
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

/* Bit of a word list's first word of hash h in g->wordfirst. */
static inline size_t
wordfirst_bit(uint64_t h)
{
	return (size_t)((h * GOLDEN) >> (64 - 12));
}

int
gazetteer_may_start(const struct gazetteer *g, uint64_t h)
{
	uint64_t	bits;
	size_t		w = firsts_word(h, &bits);

	return (g->firsts[w] & bits) == bits;
}

/* The slot where the probe for hash h starts in a name index of n slots, and its check in *ret_check. */
static inline size_t
name_slot(uint64_t h, size_t n, uint32_t *ret_check)
{
	uint32_t c = (uint32_t)(h >> 32) ^ (uint32_t)h;

	*ret_check = c != 0 ? c : 1;
	return (size_t)((h * GOLDEN) >> 32) & (n - 1);
}

/*
 * Enter hash h in the name index: as phrase idx's own (val 1 + idx), or as
 * a prefix of a longer name (val GZ_NAME_PREFIX). A prefix joins the slot
 * of the same 64-bit hash (full[], the hashes of the slots, kept while
 * building); a phrase takes a slot of its own unless a prefix holds its hash.
 */
static void
name_enter(struct gz_nslot *t, uint64_t *full, size_t n, uint64_t h, uint32_t val)
{
	uint32_t	c;
	size_t		i;

	for (i = name_slot(h, n, &c); t[i].check != 0; i = (i + 1) & (n - 1))
		if (full[i] == h && (val == GZ_NAME_PREFIX || !(t[i].val & ~GZ_NAME_PREFIX))) {
			t[i].val |= val;
			return;
		}
	t[i].check = c;
	t[i].val = val;
	full[i] = h;
}

/* Build the name index: every phrase with candidates, and the proper prefixes of each. */
static int
names_build(struct gazetteer *g)
{
	uint64_t	*full;
	size_t		 want = 0, n = 1024;

	for (size_t i = 0; i < g->nphrases; i++)
		if (g->out[i].n > 0)
			for (const char *c = g->out[i].key; *c != '\0'; c++)
				want += *c == ' ';
	for (size_t i = 0; i < g->nphrases; i++)
		want += g->out[i].n > 0;
	while (n < want + want / 2)	/* at most two thirds full */
		n *= 2;
	if ((g->names = calloc(n, sizeof(*g->names))) == NULL || (full = calloc(n, sizeof(*full))) == NULL)
		return -ENOMEM;
	g->nnames = n;
	for (size_t i = 0; i < g->nphrases; i++) {
		const char *key = g->out[i].key;

		if (g->out[i].n == 0)
			continue;
		for (const char *c = key; *c != '\0'; c++)
			if (*c == ' ')
				name_enter(g->names, full, n, phrasetab_hash(key, (size_t)(c - key)), GZ_NAME_PREFIX);
		name_enter(g->names, full, n, phrasetab_hash(key, strlen(key)), (uint32_t)i + 1);
	}
	free(full);
	return 0;
}

int
gz_lookup_build(struct gazetteer *g)
{
	int r;

	if ((g->words = phrasetab_new(g->arena)) == NULL ||
	    (g->firsts = calloc(GZ_FIRSTS_WORDS, sizeof(*g->firsts))) == NULL)
		return -ENOMEM;
	if (g->nphrases >= GZ_NAME_PREFIX - 1)
		return -ENOMEM;
	if ((r = names_build(g)) < 0)
		return r;
	for (size_t i = 0; i < g->nphrases; i++) {
		const struct gz_phrase	*p = &g->out[i];
		const char		*sp;
		uint64_t		 bits;
		size_t			 n = strlen(p->key);

		uint64_t		 h;

		if ((p->flags & GZP_WORDS) &&
		    (r = phrasetab_add(g->words, GZ_TAG_PHRASE, p->key, n, (uint32_t)i, NULL, NULL)) < 0)
			return r;
		if ((sp = memchr(p->key, ' ', n)) != NULL)
			n = (size_t)(sp - p->key);
		h = phrasetab_hash(p->key, n);
		if (p->flags & GZP_WORDS)
			g->wordfirst[wordfirst_bit(h) / 64] |= 1ULL << (wordfirst_bit(h) % 64);
		if (p->n > 0)
			g->firsts[firsts_word(h, &bits)] |= bits;
	}
	return 0;
}

void
gz_lookup_free(struct gazetteer *g)
{
	phrasetab_free(g->words);
	free(g->firsts);
	free(g->names);
}

size_t
gz_lookup_bytes(const struct gazetteer *g)
{
	struct phrasetab_stats ps;

	phrasetab_stats(g->words, &ps);
	return ps.bytes + GZ_FIRSTS_WORDS * sizeof(*g->firsts) + g->nnames * sizeof(*g->names);
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

/* What gazetteer_match() looks for: a phrase with a flag, or (flags 0) with candidates. */
struct wanted {
	const struct gazetteer	*g;
	unsigned		 flags;
};

static int
wanted(uint32_t idx, void *arg)
{
	const struct wanted	*w = arg;
	const struct gz_phrase	*p = &w->g->out[idx];

	return w->flags ? (p->flags & w->flags) != 0 : p->n > 0;
}

/* The hash of word i of s, as phrasetab hashes a first word. */
static uint64_t
word_hash(const struct sentence *s, size_t i)
{
	if (s->hashes != NULL)
		return s->hashes[i];
	return phrasetab_hash_word(s->words[i], s->lens != NULL ? s->lens[i] : strlen(s->words[i]));
}

/* The longest phrase of t at word i of s that want takes. @returns its length, 0 if none. */
static size_t
longest(const struct phrasetab *t, const struct sentence *s, size_t i, struct wanted *want, uint32_t *ret)
{
	return phrasetab_longest_h(t, GZ_TAG_PHRASE, s->words + i, s->lens != NULL ? s->lens + i : NULL,
	    s->hashes != NULL ? s->hashes + i : NULL, s->ntok - i, wanted, want, ret);
}

/* Is key the words [i, i + k) of s joined by single spaces? */
static int
key_is(const char *key, const struct sentence *s, size_t i, size_t k)
{
	for (size_t j = i; j < i + k; j++) {
		size_t n = s->lens != NULL ? s->lens[j] : strlen(s->words[j]);

		if (memcmp(key, s->words[j], n) != 0 || key[n] != (j + 1 < i + k ? ' ' : '\0'))
			return 0;
		key += n + 1;
	}
	return 1;
}

/*
 * The longest name (a phrase with candidates) made of words [i, i + k) of
 * s, h being the hash of word i: its phrase index in *ret, and k; 0 if
 * none. The walk stops at the first words no longer name starts with; a
 * check that matches another hash costs a probe more, and a phrase's key
 * is compared byte for byte, so the answer is the phrase table's.
 */
static size_t
name_longest(const struct gazetteer *g, const struct sentence *s, size_t i, uint64_t h, uint32_t *ret)
{
	size_t best = 0, mask = g->nnames - 1;

	for (size_t k = 1; i + k <= s->ntok && k <= GZ_MAX_NAME_TOK; k++) {
		uint32_t	c, more = 0;
		int		found = 0;

		if (k > 1)
			h = phrasetab_hash_token(h, s->words[i + k - 1], s->lens != NULL ? s->lens[i + k - 1] :
			    strlen(s->words[i + k - 1]));
		for (size_t x = name_slot(h, g->nnames, &c); g->names[x].check != 0; x = (x + 1) & mask) {
			uint32_t v = g->names[x].val;

			if (g->names[x].check != c)
				continue;
			more |= v & GZ_NAME_PREFIX;
			v &= ~GZ_NAME_PREFIX;
			if (!found && v != 0 && key_is(g->out[v - 1].key, s, i, k)) {
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

const struct gz_phrase *
gazetteer_match_name(const struct gazetteer *g, const struct sentence *s, size_t i, size_t *ret_len,
    size_t *ret_stop)
{
	struct wanted	stop = { g, GZP_STOP };
	uint64_t	h;
	uint32_t	idx;
	size_t		len, b;

	*ret_stop = 0;
	if (i >= s->ntok)
		return NULL;
	h = word_hash(s, i);
	b = wordfirst_bit(h);
	if (g->wordfirst[b / 64] & (1ULL << (b % 64)))
		*ret_stop = longest(g->words, s, i, &stop, &idx);
	if (!gazetteer_may_start(g, h) || (len = name_longest(g, s, i, h, &idx)) == 0)
		return NULL;
	*ret_len = len;
	return &g->out[idx];
}

const struct gz_phrase *
gazetteer_match(const struct gazetteer *g, const struct sentence *s, size_t i, unsigned want,
    size_t *ret_len)
{
	struct wanted	w = { g, want };
	uint32_t	idx;
	size_t		len;

	if (i >= s->ntok)
		return NULL;
	if (want != 0 && (want & ~GZP_WORDS) == 0) {
		size_t b = wordfirst_bit(word_hash(s, i));

		if (!(g->wordfirst[b / 64] & (1ULL << (b % 64))))
			return NULL;
		len = longest(g->words, s, i, &w, &idx);
	}
	else if (want == 0) {
		uint64_t h = word_hash(s, i);

		if (!gazetteer_may_start(g, h))
			return NULL;
		len = name_longest(g, s, i, h, &idx);
	} else
		len = longest(g->tab, s, i, &w, &idx);
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
