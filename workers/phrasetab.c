/*
 * phrasetab: open addressing with linear probing over a power-of-two array
 * of slots, grown (doubled and rehashed) before it is three quarters full.
 *
 * A slot holds the 64-bit hash, the tag, whether it is a key or a prefix
 * mark, and for a key the stored string, its length and its value. A probe
 * compares the hash and the tag first and the bytes only when both agree, so
 * a lookup that fails touches no string at all (most words of a sentence
 * begin no phrase).
 *
 * DESIGN
 *  - There is always an empty slot (the load stays below 3/4), so every
 *    probe sequence ends.
 *  - A key is added at most once per tag; a prefix mark at most once per
 *    (hash, tag). Nothing is ever removed.
 *  - Strings are copied into the owner's arena when added and never move;
 *    growing the table moves only slots.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "phrasetab.h"

#define FNV_PRIME	0x100000001b3ULL
#define FIRST_SLOTS	1024

enum { SLOT_EMPTY, SLOT_KEY, SLOT_PREFIX };

struct slot {
	uint64_t	 h;
	const char	*key;	/* NULL in a prefix mark */
	uint32_t	 val;
	uint16_t	 len;
	uint8_t		 tag;
	uint8_t		 kind;
};

struct phrasetab {
	struct slot	*slots;
	size_t		 nslots, nused;	/* nslots is a power of two */
	size_t		 nkeys, nprefixes;
	struct arena	*strings;
};

uint64_t
phrasetab_hash_token(uint64_t h, const char *tok, size_t n)
{
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

/* Rehash into n slots (a power of two, more than are used). */
static int
rehash(struct phrasetab *t, size_t n)
{
	struct slot	*nw;

	if ((nw = calloc(n, sizeof(*nw))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < t->nslots; i++) {
		size_t j;

		if (t->slots[i].kind == SLOT_EMPTY)
			continue;
		for (j = t->slots[i].h & (n - 1); nw[j].kind != SLOT_EMPTY; j = (j + 1) & (n - 1))
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
	free(t);
}

/* The slot of (h, tag, kind), comparing key[0, n) for a key. @returns NULL if absent. */
static const struct slot *
lookup(const struct phrasetab *t, unsigned tag, int kind, uint64_t h, const char *key, size_t n)
{
	size_t mask = t->nslots - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const struct slot *s = &t->slots[i];

		if (s->kind == SLOT_EMPTY)
			return NULL;
		if (s->h != h || s->tag != tag || s->kind != kind)
			continue;
		if (kind == SLOT_PREFIX || (s->len == n && memcmp(s->key, key, n) == 0))
			return s;
	}
}

/* Put a slot into the table, growing it first if need be. The caller checked it is new. */
static int
place(struct phrasetab *t, struct slot s)
{
	size_t	mask, i;
	int	r;

	if ((t->nused + 1) * 4 > t->nslots * 3 && (r = grow(t)) < 0)
		return r;
	mask = t->nslots - 1;
	for (i = s.h & mask; t->slots[i].kind != SLOT_EMPTY; i = (i + 1) & mask)
		;
	t->slots[i] = s;
	t->nused++;
	return 0;
}

/* Mark every proper prefix of key[0, n) (the text before each space) under tag. */
static int
mark_prefixes(struct phrasetab *t, unsigned tag, const char *key, size_t n)
{
	uint64_t	h = PHRASETAB_HASH_INIT;
	size_t		start = 0;
	int		r;

	for (size_t i = 0; i < n; i++) {
		if (key[i] != ' ')
			continue;
		h = phrasetab_hash_token(h, key + start, i - start);
		start = i + 1;
		if (lookup(t, tag, SLOT_PREFIX, h, NULL, 0) != NULL)
			continue;
		if ((r = place(t, (struct slot){ h, NULL, 0, 0, (uint8_t)tag, SLOT_PREFIX })) < 0)
			return r;
		t->nprefixes++;
	}
	return 0;
}

int
phrasetab_add(struct phrasetab *t, unsigned tag, const char *key, size_t n, uint32_t val,
    uint32_t *ret_val, const char **ret_key)
{
	uint64_t		 h = phrasetab_hash(key, n);
	const struct slot	*s;
	const char		*copy;
	int			 r;

	assert(tag <= UINT8_MAX);
	if (n > UINT16_MAX)
		return -EINVAL;
	if ((s = lookup(t, tag, SLOT_KEY, h, key, n)) != NULL) {
		if (ret_val != NULL)
			*ret_val = s->val;
		if (ret_key != NULL)
			*ret_key = s->key;
		return 0;
	}
	if ((copy = arena_strndup(t->strings, key, n)) == NULL)
		return -ENOMEM;
	if ((r = place(t, (struct slot){ h, copy, val, (uint16_t)n, (uint8_t)tag, SLOT_KEY })) < 0 ||
	    (r = mark_prefixes(t, tag, key, n)) < 0)
		return r;
	t->nkeys++;
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
	const struct slot *s = lookup(t, tag, SLOT_KEY, h, key, n);

	if (s == NULL)
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
	return lookup(t, tag, SLOT_PREFIX, h, NULL, 0) != NULL;
}

size_t
phrasetab_longest(const struct phrasetab *t, unsigned tag, const char *const *words, size_t nwords,
    phrasetab_accept_fn accept, void *arg, uint32_t *ret_val)
{
	char		key[PHRASETAB_KEY_MAX];
	size_t		len = 0, best = 0;
	uint64_t	h = PHRASETAB_HASH_INIT;
	uint32_t	v;

	for (size_t i = 0; i < nwords && i < PHRASETAB_MAX_TOK; i++) {
		size_t wl = strlen(words[i]);

		if (len + wl + 2 > sizeof(key))
			break;
		if (i > 0)
			key[len++] = ' ';
		memcpy(key + len, words[i], wl);
		len += wl;
		h = phrasetab_hash_token(h, words[i], wl);
		if (phrasetab_find(t, tag, h, key, len, &v) && (accept == NULL || accept(v, arg))) {
			best = i + 1;
			*ret_val = v;
		}
		if (!phrasetab_has_prefix(t, tag, h))
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
	ret->bytes = sizeof(*t) + t->nslots * sizeof(*t->slots);
}
