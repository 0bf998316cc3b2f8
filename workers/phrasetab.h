/*
 * phrasetab: a hash table of phrases, for longest-match lookups while
 * walking a sentence token by token.
 *
 * A key is lower-cased tokens joined by single spaces ("united states"),
 * or any other string without a space (a CAMEO code, a verb form). Its hash
 * is 64-bit FNV-1a over each token followed by one space, so the hash of
 * "united states" is the hash of "united" carried on with "states": a
 * matcher hashes a sentence incrementally, one token at a time, and never
 * builds the same prefix twice. Every key carries a tag, a small number the
 * owner gives it (what kind of phrase it is, 0..PHRASETAB_MAX_TAG); equal
 * strings with different tags are different keys.
 *
 * Adding a key of several tokens also marks each of its proper prefixes
 * under the same tag ("united" for "united states"), so a longest-match scan
 * stops as soon as no longer key can start with what it has read. Prefix
 * marks hold no string: a hash collision there costs one more probe, never
 * a wrong answer. Full keys are compared byte for byte with the stored
 * string, so a hash collision never gives a wrong match.
 *
 * The stored strings live in an arena the owner provides (arena.h), so the
 * pointers phrasetab_add() hands back stay valid until that arena is freed,
 * even as the table grows. The table is filled by one thread and may then be
 * read by any number at once.
 */
#ifndef NE_PHRASETAB_H
#define NE_PHRASETAB_H

#include <stddef.h>
#include <stdint.h>

#define PHRASETAB_MAX_TOK	16	/* tokens phrasetab_longest() reads at most */
#define PHRASETAB_KEY_MAX	512	/* bytes of a key it builds, NUL included */
#define PHRASETAB_HASH_INIT	0xcbf29ce484222325ULL	/* the hash of no tokens */
#define PHRASETAB_MAX_TAG	126	/* tags are 0..126 */

struct arena;
struct phrasetab;	/* opaque */

/* @returns h carried on with the token tok[0, n) and one space. */
uint64_t	phrasetab_hash_token(uint64_t h, const char *tok, size_t n);

/*
 * phrasetab_hash_token(PHRASETAB_HASH_INIT, w, n), inline: the hash of a
 * one-token key, which sentences.h computes once for every word of an
 * article so that the stages' lookups need not hash it again.
 */
static inline uint64_t
phrasetab_hash_word(const char *w, size_t n)
{
	uint64_t h = PHRASETAB_HASH_INIT;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)w[i];
		h *= 0x100000001b3ULL;
	}
	h ^= ' ';
	return h * 0x100000001b3ULL;
}

/*
 * @returns the hash of key[0, n), tokens joined by single spaces: the same
 * as folding its tokens one by one into PHRASETAB_HASH_INIT.
 */
uint64_t	phrasetab_hash(const char *key, size_t n);

/*
 * A new, empty table whose strings go into strings (borrowed: it must
 * outlive the table and every pointer the table hands out).
 * @returns the table, or NULL on ENOMEM.
 */
struct phrasetab	*phrasetab_new(struct arena *strings);

/*
 * Make room for n keys and prefix marks in all without growing again, so a
 * loader that knows roughly how much it will add rehashes nothing and
 * probes short runs (the table then stays at most half full).
 * @returns 0 or -ENOMEM. @locality the loading thread only.
 */
int	phrasetab_reserve(struct phrasetab *, size_t n);

/* Free the table (not its strings, which belong to the arena). NULL is a no-op. */
void	phrasetab_free(struct phrasetab *);

/*
 * Add key[0, n) (n < 65536; key need not be NUL-terminated) under tag with
 * the value val, unless the table has it already, and mark its proper
 * prefixes. In *ret_val and *ret_key (either may be NULL) the value and the
 * table's own NUL-terminated copy of the key: the new ones, or those already
 * there.
 * @returns 1 when added, 0 when the key was there (nothing changes),
 * -EINVAL when n is too long, -ENOMEM.
 * @locality the loading thread only.
 */
int	phrasetab_add(struct phrasetab *, unsigned tag, const char *key, size_t n, uint32_t val,
	    uint32_t *ret_val, const char **ret_key);

/*
 * Look key[0, n) up under tag, h being phrasetab_hash(key, n) (or the same
 * hash built token by token). @returns 1 with the value in *ret_val (may be
 * NULL), or 0 when the table does not have it. @locality any thread.
 */
int	phrasetab_find(const struct phrasetab *, unsigned tag, uint64_t h, const char *key, size_t n,
	    uint32_t *ret_val);

/* phrasetab_find() with the hash computed here. */
int	phrasetab_get(const struct phrasetab *, unsigned tag, const char *key, size_t n,
	    uint32_t *ret_val);

/*
 * May a longer key of tag start with the tokens hashed into h? 0 means
 * certainly not; 1 means a key was added whose proper prefix has this hash
 * (almost always: this very prefix). @locality any thread.
 */
int	phrasetab_has_prefix(const struct phrasetab *, unsigned tag, uint64_t h);

/* Whether a key found by phrasetab_longest() counts; arg is the caller's. */
typedef int	(*phrasetab_accept_fn)(uint32_t val, void *arg);

/*
 * The longest key of tag made of words[0..k), k <= nwords and at most
 * PHRASETAB_MAX_TOK, whose value accept takes (any, when accept is NULL).
 * words are lower-case tokens, NUL-terminated (borrowed).
 * @returns k, with the value in *ret_val, or 0 when no key matches.
 * @locality any thread.
 */
size_t	phrasetab_longest(const struct phrasetab *, unsigned tag, const char *const *words,
	    size_t nwords, phrasetab_accept_fn accept, void *arg, uint32_t *ret_val);

/*
 * phrasetab_longest() with what is known of the words already: lens[k] is
 * strlen(words[k]) and hashes[k] phrasetab_hash_word() of it (either may be
 * NULL: then they are computed as needed). @returns the same.
 */
size_t	phrasetab_longest_h(const struct phrasetab *, unsigned tag, const char *const *words,
	    const uint32_t *lens, const uint64_t *hashes, size_t nwords, phrasetab_accept_fn accept,
	    void *arg, uint32_t *ret_val);

/* Counts, for reports and benchmarks. */
struct phrasetab_stats {
	size_t	keys;		/* keys added */
	size_t	prefixes;	/* prefix marks */
	size_t	slots;		/* slots allocated (a power of two) */
	size_t	bytes;		/* memory held by the table itself (not its strings) */
};
void	phrasetab_stats(const struct phrasetab *, struct phrasetab_stats *ret);

#endif /* NE_PHRASETAB_H */
