/*
 * phrasetab: open addressing with linear probing over a power-of-two array
 * of 16-byte slots, grown (doubled and rehashed) before it is half full.
 *
 * A slot packs into one 64-bit word 40 bits of the key's hash, the key's
 * length, its tag and whether it is a key or a prefix mark, so a probe is a
 * single comparison: a slot that differs in any of these is passed over
 * without touching a string, and a lookup that fails (most words of a
 * sentence begin no phrase) reads slots only. Only when the word matches
 * are the bytes compared, through the slot's index into the key array. The
 * probe starts at the same 40 hash bits, so a table can be rehashed from its
 * slots alone.
 *
 * DESIGN
 *  - The table stays at most half full, so there is always an empty slot
 *    and every probe sequence ends, after about two probes on average.
 *  - A key is added at most once per tag; a prefix mark at most once per
 *    (hash, tag). Nothing is ever removed.
 *  - Strings are copied into the owner's arena when added and never move;
 *    growing the table moves only slots and the array of key pointers.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "array.h"
#include "hugemem.h"
#include "phrasetab.h"

#define FNV_PRIME	0x100000001b3ULL
#define FIRST_SLOTS	1024

/*
 * The packed word: the low 40 bits of the hash (FNV-1a mixes its low bits
 * best), then the length, the tag and the kind.
 */
#define W_HASH(h)	((h) << 24)			/* 40 bits of the hash */
#define W_LEN(n)	((uint64_t)(n) << 8)		/* 16 bits */
#define W_TAG(t)	(((uint64_t)(t) + 1) << 1)	/* 7 bits, never 0 */
#define W_PREFIX	1ULL				/* a prefix mark, not a key */
#define W_INDEX(w)	((size_t)((w) >> 24))		/* the hash: where its probe starts */
#define MAX_LEN		0xffff

struct slot {
	uint64_t	w;	/* 0: empty (a used slot's tag bits are never 0) */
	uint32_t	key;	/* a key's index in keys; unused in a prefix mark */
	uint32_t	val;
};

struct phrasetab {
	struct slot	 *slots;
	size_t		  nslots, nused;	/* nslots is a power of two */
	const char	**keys;			/* the stored keys, in the order added */
	size_t		  nkeys, capkeys;
	size_t		  nprefixes;
	struct arena	 *strings;
};

uint64_t
phrasetab_hash_token(uint64_t h, const char *tok, size_t n)
{
	/* phrasetab_hash_word() in phrasetab.h is this from PHRASETAB_HASH_INIT: keep the two alike. */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)tok[i];
		h *= FNV_PRIME;
	}
	h ^= ' ';
	return h * FNV_PRIME;
}

uint64_t
phrasetab_hash(const char *key, size_t n)
{
	/* Folding "a b" byte by byte and then a space is folding "a ", then "b ". */
	return phrasetab_hash_token(PHRASETAB_HASH_INIT, key, n);
}

/* The word of a key (prefix 0) or a prefix mark (prefix 1). */
static uint64_t
word(uint64_t h, size_t n, unsigned tag, int prefix)
{
	return W_HASH(h) | W_LEN(prefix ? 0 : n) | W_TAG(tag) | (prefix ? W_PREFIX : 0);
}

/* Rehash into n slots (a power of two, more than are used). */
static int
rehash(struct phrasetab *t, size_t n)
{
	struct slot	*nw;

	if ((nw = hugemem_calloc(n, sizeof(*nw))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < t->nslots; i++) {
		size_t j;

		if (t->slots[i].w == 0)
			continue;
		for (j = W_INDEX(t->slots[i].w) & (n - 1); nw[j].w != 0; j = (j + 1) & (n - 1))
			;
		nw[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = nw;
	t->nslots = n;
	return 0;
}

static int
grow(struct phrasetab *t)
{
	return rehash(t, t->nslots ? 2 * t->nslots : FIRST_SLOTS);
}

int
phrasetab_reserve(struct phrasetab *t, size_t n)
{
	size_t want = t->nslots ? t->nslots : FIRST_SLOTS;

	while (want < 2 * (n + t->nused))
		want *= 2;
	return want > t->nslots ? rehash(t, want) : 0;
}

struct phrasetab *
phrasetab_new(struct arena *strings)
{
	struct phrasetab *t;

	assert(strings != NULL);
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->strings = strings;
	if (grow(t) < 0) {
		free(t);
		return NULL;
	}
	return t;
}

void
phrasetab_free(struct phrasetab *t)
{
	if (t == NULL)
		return;
	free(t->slots);
	free(t->keys);
	free(t);
}

/*
 * The slot whose word is w, comparing key[0, n) for a key (the word has
 * checked the length). @returns NULL if absent. Inlined into each caller:
 * it is the inner loop of every lookup.
 */
static inline __attribute__((always_inline)) const struct slot *
lookup(const struct phrasetab *t, uint64_t w, const char *key, size_t n)
{
	size_t mask = t->nslots - 1;

	for (size_t i = W_INDEX(w) & mask;; i = (i + 1) & mask) {
		const struct slot *s = &t->slots[i];

		if (s->w == w && ((w & W_PREFIX) || memcmp(t->keys[s->key], key, n) == 0))
			return s;
		if (s->w == 0)
			return NULL;
	}
}

/*
 * lookup() of the key word wk (comparing key[0, n)) and of the prefix mark
 * wp of the same hash and tag in one walk: both probe sequences start at
 * the same slot, since the index is the hash, and the walk stops at the
 * first empty slot (or once it has both). Finds what the two lookups find.
 * @returns the key's slot or NULL, and in *ret_prefix whether the mark is there.
 */
static inline __attribute__((always_inline)) const struct slot *
lookup_key_prefix(const struct phrasetab *t, uint64_t wk, uint64_t wp, const char *key, size_t n,
    int *ret_prefix)
{
	const struct slot	*found = NULL;
	size_t			 mask = t->nslots - 1;
	int			 prefix = 0;

	assert(W_INDEX(wk) == W_INDEX(wp));
	for (size_t i = W_INDEX(wk) & mask; t->slots[i].w != 0; i = (i + 1) & mask) {
		const struct slot *s = &t->slots[i];

		if (s->w == wp)
			prefix = 1;
		else if (found == NULL && s->w == wk && memcmp(t->keys[s->key], key, n) == 0)
			found = s;
		else
			continue;
		if (prefix && found != NULL)
			break;
	}
	*ret_prefix = prefix;
	return found;
}

/* Put a slot into the table, growing it first if need be. The caller checked it is new. */
static int
place(struct phrasetab *t, struct slot s)
{
	size_t	mask, i;
	int	r;

	if ((t->nused + 1) * 2 > t->nslots && (r = grow(t)) < 0)
		return r;
	mask = t->nslots - 1;
	for (i = W_INDEX(s.w) & mask; t->slots[i].w != 0; i = (i + 1) & mask)
		;
	t->slots[i] = s;
	t->nused++;
	return 0;
}

/* Mark every proper prefix of key[0, n) (the text before each space) under tag. */
static int
mark_prefixes(struct phrasetab *t, unsigned tag, const char *key, size_t n)
{
	uint64_t	h = PHRASETAB_HASH_INIT, w;
	size_t		start = 0;
	int		r;

	for (size_t i = 0; i < n; i++) {
		if (key[i] != ' ')
			continue;
		h = phrasetab_hash_token(h, key + start, i - start);
		start = i + 1;
		w = word(h, 0, tag, 1);
		if (lookup(t, w, NULL, 0) != NULL)
			continue;
		if ((r = place(t, (struct slot){ w, 0, 0 })) < 0)
			return r;
		t->nprefixes++;
	}
	return 0;
}

int
phrasetab_add(struct phrasetab *t, unsigned tag, const char *key, size_t n, uint32_t val,
    uint32_t *ret_val, const char **ret_key)
{
	const struct slot	*s;
	const char		*copy;
	uint64_t		 w;
	int			 r;

	assert(tag <= PHRASETAB_MAX_TAG);
	if (n > MAX_LEN)
		return -EINVAL;
	w = word(phrasetab_hash(key, n), n, tag, 0);
	if ((s = lookup(t, w, key, n)) != NULL) {
		if (ret_val != NULL)
			*ret_val = s->val;
		if (ret_key != NULL)
			*ret_key = t->keys[s->key];
		return 0;
	}
	if (t->nkeys == UINT32_MAX)
		return -ENOMEM;
	if ((r = array_grow(&t->keys, &t->capkeys, t->nkeys + 1, sizeof(*t->keys))) < 0)
		return r;
	if ((copy = arena_strndup(t->strings, key, n)) == NULL)
		return -ENOMEM;
	t->keys[t->nkeys] = copy;
	if ((r = place(t, (struct slot){ w, (uint32_t)t->nkeys, val })) < 0)
		return r;
	t->nkeys++;
	if ((r = mark_prefixes(t, tag, key, n)) < 0)
		return r;
	if (ret_val != NULL)
		*ret_val = val;
	if (ret_key != NULL)
		*ret_key = copy;
	return 1;
}

int
phrasetab_find(const struct phrasetab *t, unsigned tag, uint64_t h, const char *key, size_t n,
    uint32_t *ret_val)
{
	const struct slot *s;

	if (n > MAX_LEN || (s = lookup(t, word(h, n, tag, 0), key, n)) == NULL)
		return 0;
	if (ret_val != NULL)
		*ret_val = s->val;
	return 1;
}

int
phrasetab_get(const struct phrasetab *t, unsigned tag, const char *key, size_t n, uint32_t *ret_val)
{
	return phrasetab_find(t, tag, phrasetab_hash(key, n), key, n, ret_val);
}

int
phrasetab_has_prefix(const struct phrasetab *t, unsigned tag, uint64_t h)
{
	return lookup(t, word(h, 0, tag, 1), NULL, 0) != NULL;
}

/* phrasetab_hash_word() of the NUL-terminated w, and its length in *ret_len, in one pass. */
static inline uint64_t
hash_word_len(const char *w, size_t *ret_len)
{
	uint64_t	h = PHRASETAB_HASH_INIT;
	size_t		n = 0;

	for (; w[n] != '\0'; n++) {
		h ^= (unsigned char)w[n];
		h *= FNV_PRIME;
	}
	*ret_len = n;
	h ^= ' ';
	return h * FNV_PRIME;
}

size_t
phrasetab_longest(const struct phrasetab *t, unsigned tag, const char *const *words, size_t nwords,
    phrasetab_accept_fn accept, void *arg, uint32_t *ret_val)
{
	return phrasetab_longest_h(t, tag, words, NULL, NULL, nwords, accept, arg, ret_val);
}

size_t
phrasetab_longest_h(const struct phrasetab *t, unsigned tag, const char *const *words,
    const uint32_t *lens, const uint64_t *hashes, size_t nwords, phrasetab_accept_fn accept, void *arg,
    uint32_t *ret_val)
{
	const struct slot	*s;
	char			 key[PHRASETAB_KEY_MAX];
	size_t			 len = 0, best = 0, wl;
	uint64_t		 h;
	int			 more;

	if (nwords == 0)
		return 0;
	/* The first word is its own key: no copy, and its hash may be known. */
	if (lens == NULL && hashes == NULL)
		h = hash_word_len(words[0], &wl);	/* length and hash in one pass */
	else {
		wl = lens != NULL ? lens[0] : strlen(words[0]);
		h = hashes != NULL ? hashes[0] : phrasetab_hash_token(PHRASETAB_HASH_INIT, words[0], wl);
	}
	if (wl + 2 > sizeof(key))
		return 0;
	/* Each step asks whether the words so far are a key and whether a
	 * longer key starts with them: one walk answers both. */
	s = lookup_key_prefix(t, word(h, wl, tag, 0), word(h, 0, tag, 1), words[0], wl, &more);
	if (s != NULL && (accept == NULL || accept(s->val, arg))) {
		best = 1;
		*ret_val = s->val;
	}
	if (!more)
		return best;
	memcpy(key, words[0], wl);
	len = wl;
	for (size_t i = 1; i < nwords && i < PHRASETAB_MAX_TOK; i++) {
		const char *w = words[i];

		/* Copy the word after a space and fold it into h in one pass; a
		 * word that would not fit (len + its length + 2 > sizeof(key))
		 * ends the scan. len < sizeof(key) holds here. */
		if (len + 2 > sizeof(key))
			break;
		key[len] = ' ';
		for (wl = 0; w[wl] != '\0'; wl++) {
			if (len + wl + 3 > sizeof(key))
				return best;
			key[len + 1 + wl] = w[wl];
			h ^= (unsigned char)w[wl];
			h *= FNV_PRIME;
		}
		h ^= ' ';
		h *= FNV_PRIME;
		len += 1 + wl;
		s = lookup_key_prefix(t, word(h, len, tag, 0), word(h, 0, tag, 1), key, len, &more);
		if (s != NULL && (accept == NULL || accept(s->val, arg))) {
			best = i + 1;
			*ret_val = s->val;
		}
		if (!more)
			break;
	}
	return best;
}

void
phrasetab_stats(const struct phrasetab *t, struct phrasetab_stats *ret)
{
	ret->keys = t->nkeys;
	ret->prefixes = t->nprefixes;
	ret->slots = t->nslots;
	ret->bytes = sizeof(*t) + t->nslots * sizeof(*t->slots) + t->capkeys * sizeof(*t->keys);
}
