/*
 * Unit tests for workers/phrasetab.c: incremental hashing, tags, prefix
 * marks, longest match, full-key verification, and strings that stay put
 * while the table grows.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "phrasetab.h"

enum { TAG_ACTOR = 1, TAG_ROLE = 2 };

struct fixture {
	struct arena		*arena;
	struct phrasetab	*t;
};

/* The invariants a table must keep whatever was added. */
static void
check_invariants(const struct phrasetab *t)
{
	struct phrasetab_stats st;

	phrasetab_stats(t, &st);
	assert_true(st.slots >= 1024 && (st.slots & (st.slots - 1)) == 0);
	assert_true((st.keys + st.prefixes) * 2 <= st.slots);	/* at most half full */
	assert_true(st.bytes >= st.slots * 16);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || (f->arena = arena_new()) == NULL || (f->t = phrasetab_new(f->arena)) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	check_invariants(f->t);
	phrasetab_free(f->t);
	arena_free(f->arena);
	free(f);
	return 0;
}

static int
add(struct fixture *f, unsigned tag, const char *key, uint32_t val)
{
	int r = phrasetab_add(f->t, tag, key, strlen(key), val, NULL, NULL);

	check_invariants(f->t);
	return r;
}

static void
test_phrasetab_hash_of_a_phrase_is_its_tokens_folded_in_turn(void **state)
{
	uint64_t h = PHRASETAB_HASH_INIT;

	(void)state;
	h = phrasetab_hash_token(h, "united", 6);
	h = phrasetab_hash_token(h, "states", 6);
	assert_true(h == phrasetab_hash("united states", 13));
	assert_true(phrasetab_hash("united states", 13) != phrasetab_hash("unitedstates", 12));
	assert_true(phrasetab_hash("", 0) != PHRASETAB_HASH_INIT);	/* one empty token */
}

static void
test_phrasetab_add_then_find_and_the_first_value_stays(void **state)
{
	struct fixture	*f = *state;
	const char	*k1 = NULL, *k2 = NULL;
	uint32_t	 v = 0;

	assert_int_equal(phrasetab_add(f->t, TAG_ACTOR, "iran", 4, 7, &v, &k1), 1);
	assert_int_equal(v, 7);
	assert_string_equal(k1, "iran");
	/* Again: nothing changes, the first value and the same copy come back. */
	assert_int_equal(phrasetab_add(f->t, TAG_ACTOR, "iran", 4, 9, &v, &k2), 0);
	assert_int_equal(v, 7);
	assert_ptr_equal(k1, k2);
	assert_true(phrasetab_get(f->t, TAG_ACTOR, "iran", 4, &v));
	assert_int_equal(v, 7);
	assert_false(phrasetab_get(f->t, TAG_ACTOR, "ira", 3, &v));
	assert_false(phrasetab_get(f->t, TAG_ACTOR, "irani", 5, &v));
	/* A key need not be NUL-terminated: n bytes are the key. */
	assert_true(phrasetab_get(f->t, TAG_ACTOR, "iranian", 4, NULL));
	assert_int_equal(phrasetab_add(f->t, TAG_ACTOR, "iraqis", 4, 3, NULL, &k1), 1);
	assert_string_equal(k1, "iraq");
}

static void
test_phrasetab_tags_keep_equal_strings_apart(void **state)
{
	struct fixture	*f = *state;
	uint32_t	 v;

	assert_int_equal(add(f, TAG_ACTOR, "minister", 1), 1);
	assert_false(phrasetab_get(f->t, TAG_ROLE, "minister", 8, &v));
	assert_int_equal(add(f, TAG_ROLE, "minister", 2), 1);
	assert_true(phrasetab_get(f->t, TAG_ACTOR, "minister", 8, &v));
	assert_int_equal(v, 1);
	assert_true(phrasetab_get(f->t, TAG_ROLE, "minister", 8, &v));
	assert_int_equal(v, 2);
	/* The lowest and highest tags, and an empty key, are keys like any other. */
	assert_int_equal(add(f, 0, "", 3), 1);
	assert_int_equal(add(f, PHRASETAB_MAX_TAG, "minister", 4), 1);
	assert_true(phrasetab_get(f->t, 0, "", 0, &v));
	assert_int_equal(v, 3);
	assert_false(phrasetab_get(f->t, 1, "", 0, &v));
	assert_true(phrasetab_get(f->t, PHRASETAB_MAX_TAG, "minister", 8, &v));
	assert_int_equal(v, 4);
}

static void
test_phrasetab_marks_proper_prefixes_under_the_tag(void **state)
{
	struct fixture	*f = *state;
	uint64_t	 h1, h2, h3;

	assert_int_equal(add(f, TAG_ACTOR, "united states of america", 1), 1);
	h1 = phrasetab_hash("united", 6);
	h2 = phrasetab_hash("united states", 13);
	h3 = phrasetab_hash("united states of", 16);
	assert_true(phrasetab_has_prefix(f->t, TAG_ACTOR, h1));
	assert_true(phrasetab_has_prefix(f->t, TAG_ACTOR, h2));
	assert_true(phrasetab_has_prefix(f->t, TAG_ACTOR, h3));
	assert_false(phrasetab_has_prefix(f->t, TAG_ACTOR, phrasetab_hash("united states of america", 24)));
	assert_false(phrasetab_has_prefix(f->t, TAG_ACTOR, phrasetab_hash("states", 6)));
	assert_false(phrasetab_has_prefix(f->t, TAG_ROLE, h1));
	/* A prefix is no key. */
	assert_false(phrasetab_get(f->t, TAG_ACTOR, "united states", 13, NULL));
}

static void
test_phrasetab_a_colliding_hash_never_gives_a_wrong_match(void **state)
{
	struct fixture	*f = *state;
	uint32_t	 v = 0;

	assert_int_equal(add(f, TAG_ACTOR, "iran", 5), 1);
	/* The hash of "iran" with other bytes: as a true collision would look. */
	assert_false(phrasetab_find(f->t, TAG_ACTOR, phrasetab_hash("iran", 4), "iraq", 4, &v));
	assert_false(phrasetab_find(f->t, TAG_ACTOR, phrasetab_hash("iran", 4), "ira", 3, &v));
	assert_true(phrasetab_find(f->t, TAG_ACTOR, phrasetab_hash("iran", 4), "iran", 4, &v));
	assert_int_equal(v, 5);
}

static int
odd_only(uint32_t val, void *arg)
{
	(void)arg;
	return val % 2 == 1;
}

static void
test_phrasetab_longest_takes_the_longest_accepted_key(void **state)
{
	struct fixture		*f = *state;
	static const char *const words[] = { "united", "states", "of", "mexico", "today" };
	static const char *const other[] = { "states", "of", "mind" };
	uint32_t		 v = 0;

	assert_int_equal(add(f, TAG_ACTOR, "united", 1), 1);
	assert_int_equal(add(f, TAG_ACTOR, "united states", 2), 1);
	assert_int_equal(add(f, TAG_ACTOR, "united states of america", 3), 1);
	assert_int_equal(add(f, TAG_ACTOR, "united states of mexico", 5), 1);
	assert_int_equal(phrasetab_longest(f->t, TAG_ACTOR, words, 5, NULL, NULL, &v), 4);
	assert_int_equal(v, 5);
	assert_int_equal(phrasetab_longest(f->t, TAG_ACTOR, words, 3, NULL, NULL, &v), 2);
	assert_int_equal(v, 2);
	/* A key the caller refuses does not count; a shorter one does. */
	assert_int_equal(add(f, TAG_ACTOR, "united states of mexico today", 8), 1);
	assert_int_equal(phrasetab_longest(f->t, TAG_ACTOR, words, 5, odd_only, NULL, &v), 4);
	assert_int_equal(v, 5);
	assert_int_equal(phrasetab_longest(f->t, TAG_ACTOR, other, 3, NULL, NULL, &v), 0);
	assert_int_equal(phrasetab_longest(f->t, TAG_ROLE, words, 5, NULL, NULL, &v), 0);
	assert_int_equal(phrasetab_longest(f->t, TAG_ACTOR, words, 0, NULL, NULL, &v), 0);
}

/* With the words' lengths and hashes given (any of them), the same answers as without. */
static void
test_phrasetab_longest_with_known_hashes_answers_the_same(void **state)
{
	struct fixture		*f = *state;
	static const char *const words[] = { "united", "states", "of", "mexico", "today" };
	uint32_t		 lens[5], v = 0, w = 0;
	uint64_t		 hashes[5];

	for (size_t i = 0; i < 5; i++) {
		lens[i] = (uint32_t)strlen(words[i]);
		hashes[i] = phrasetab_hash_word(words[i], lens[i]);
		assert_true(hashes[i] == phrasetab_hash(words[i], lens[i]));
		assert_true(hashes[i] == phrasetab_hash_token(PHRASETAB_HASH_INIT, words[i], lens[i]));
	}
	assert_int_equal(add(f, TAG_ACTOR, "united", 1), 1);
	assert_int_equal(add(f, TAG_ACTOR, "united states of mexico", 5), 1);
	assert_int_equal(add(f, TAG_ACTOR, "mexico", 7), 1);
	for (size_t from = 0; from < 5; from++)
		for (size_t n = 0; n <= 5 - from; n++) {
			size_t k = phrasetab_longest(f->t, TAG_ACTOR, words + from, n, NULL, NULL, &v);

			assert_int_equal(phrasetab_longest_h(f->t, TAG_ACTOR, words + from, lens + from,
			    hashes + from, n, NULL, NULL, &w), k);
			assert_int_equal(phrasetab_longest_h(f->t, TAG_ACTOR, words + from, NULL, hashes + from,
			    n, NULL, NULL, &w), k);
			assert_int_equal(phrasetab_longest_h(f->t, TAG_ACTOR, words + from, lens + from, NULL,
			    n, odd_only, NULL, &w),
			    phrasetab_longest(f->t, TAG_ACTOR, words + from, n, odd_only, NULL, &v));
			if (k > 0)
				assert_int_equal(w, v);
		}
	assert_int_equal(phrasetab_longest_h(f->t, TAG_ACTOR, words, lens, hashes, 5, NULL, NULL, &w), 4);
	assert_int_equal(w, 5);
	assert_int_equal(phrasetab_longest_h(f->t, TAG_ACTOR, words + 3, lens + 3, hashes + 3, 2, NULL, NULL,
	    &w), 1);
	assert_int_equal(w, 7);
}

/* phrasetab_longest() as the header defines it, from find and has_prefix alone. */
static size_t
longest_by_definition(const struct phrasetab *t, unsigned tag, const char *const *words, size_t n,
    uint32_t *ret_val)
{
	char		key[PHRASETAB_KEY_MAX] = "";
	size_t		len = 0, best = 0;
	uint64_t	h = PHRASETAB_HASH_INIT;
	uint32_t	v;

	for (size_t i = 0; i < n && i < PHRASETAB_MAX_TOK; i++) {
		size_t wl = strlen(words[i]);

		if (i > 0)
			key[len++] = ' ';
		memcpy(key + len, words[i], wl);
		len += wl;
		h = phrasetab_hash_token(h, words[i], wl);
		if (phrasetab_find(t, tag, h, key, len, &v)) {
			best = i + 1;
			*ret_val = v;
		}
		if (!phrasetab_has_prefix(t, tag, h))
			break;
	}
	return best;
}

/*
 * Issue 10: the longest match asks "a key?" and "a longer key may follow?"
 * in one walk of the probe run. In a crowded table (keys and prefix marks of
 * the same words under two tags, a thousand more keys around them) it
 * answers what the two lookups answer, for every window of a sentence.
 */
static void
test_phrasetab_longest_answers_as_find_and_has_prefix_in_a_crowded_table(void **state)
{
	struct fixture		*f = *state;
	static const char *const words[] = { "the", "united", "states", "of", "america", "and",
		"the", "united", "nations", "security", "council", "met", "united" };
	static const char *const keys[] = { "united", "united states", "united states of america",
		"united nations", "united nations security council", "security", "the united",
		"states of", "council met", "met" };
	const size_t		 nw = sizeof(words) / sizeof(words[0]);
	char			 filler[32];
	uint32_t		 v = 0, w = 0;

	for (unsigned tag = TAG_ACTOR; tag <= TAG_ROLE; tag++)
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if ((i + tag) % 3 != 0)
				assert_int_equal(add(f, tag, keys[i], (uint32_t)(10 * tag + i)), 1);
	for (int i = 0; i < 1000; i++) {
		(void)snprintf(filler, sizeof(filler), "w%d x%d", i, i % 7);
		assert_true(add(f, TAG_ACTOR + (unsigned)(i % 2), filler, (uint32_t)i) >= 0);
	}
	for (unsigned tag = TAG_ACTOR; tag <= TAG_ROLE; tag++)
		for (size_t from = 0; from < nw; from++)
			for (size_t n = 0; n <= nw - from; n++) {
				size_t k = longest_by_definition(f->t, tag, words + from, n, &v);

				assert_int_equal(phrasetab_longest(f->t, tag, words + from, n, NULL, NULL,
				    &w), k);
				if (k > 0)
					assert_int_equal(w, v);
			}
}

/* A phrase longer than the lookup's key buffer is never matched, and never overruns it. */
static void
test_phrasetab_longest_stops_at_a_phrase_longer_than_its_key_buffer(void **state)
{
	struct fixture	*f = *state;
	char		 w[3][201], phrase[3 * 201];
	const char	*words[3] = { w[0], w[1], w[2] };
	uint32_t	 v = 0;

	for (int i = 0; i < 3; i++) {
		memset(w[i], 'a' + i, 200);
		w[i][200] = '\0';
	}
	(void)snprintf(phrase, sizeof(phrase), "%s %s", w[0], w[1]);
	assert_int_equal(add(f, TAG_ACTOR, phrase, 2), 1);
	(void)snprintf(phrase, sizeof(phrase), "%s %s %s", w[0], w[1], w[2]);	/* 602 bytes */
	assert_true(strlen(phrase) >= PHRASETAB_KEY_MAX);
	assert_int_equal(add(f, TAG_ACTOR, phrase, 3), 1);
	assert_int_equal(phrasetab_longest(f->t, TAG_ACTOR, words, 3, NULL, NULL, &v), 2);
	assert_int_equal(v, 2);
}

static void
test_phrasetab_longest_reads_at_most_max_tok_words(void **state)
{
	struct fixture	*f = *state;
	const char	*words[PHRASETAB_MAX_TOK + 1];
	char		 key[2 * (PHRASETAB_MAX_TOK + 1)] = "";
	uint32_t	 v = 0;

	for (int i = 0; i <= PHRASETAB_MAX_TOK; i++) {
		words[i] = "a";
		strcat(key, i > 0 ? " a" : "a");
		assert_int_equal(add(f, TAG_ACTOR, key, (uint32_t)i + 1), 1);
	}
	assert_int_equal(phrasetab_longest(f->t, TAG_ACTOR, words, PHRASETAB_MAX_TOK + 1, NULL, NULL, &v),
	    PHRASETAB_MAX_TOK);
	assert_int_equal(v, PHRASETAB_MAX_TOK);
}

static void
test_phrasetab_strings_stay_put_while_the_table_grows(void **state)
{
	struct fixture		*f = *state;
	const char		**copies;
	char			 key[32];
	struct phrasetab_stats	 st;
	uint32_t		 v;

	assert_non_null(copies = calloc(50000, sizeof(*copies)));
	for (uint32_t i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "word%u w", i);
		assert_int_equal(phrasetab_add(f->t, TAG_ACTOR, key, strlen(key), i, NULL, &copies[i]), 1);
	}
	check_invariants(f->t);
	phrasetab_stats(f->t, &st);
	assert_int_equal(st.keys, 50000);
	assert_int_equal(st.prefixes, 50000);		/* "wordN" for each */
	for (uint32_t i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "word%u w", i);
		assert_string_equal(copies[i], key);
		assert_true(phrasetab_get(f->t, TAG_ACTOR, key, strlen(key), &v));
		assert_int_equal(v, i);
	}
	free(copies);
}

static void
test_phrasetab_refuses_a_key_too_long_to_store(void **state)
{
	struct fixture	*f = *state;
	char		*big;

	assert_non_null(big = malloc(70000));
	memset(big, 'a', 70000);
	assert_int_equal(phrasetab_add(f->t, TAG_ACTOR, big, 70000, 1, NULL, NULL), -EINVAL);
	assert_int_equal(phrasetab_add(f->t, TAG_ACTOR, big, 65535, 1, NULL, NULL), 1);
	free(big);
	phrasetab_free(NULL);
}

int
main(void)
{
#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_phrasetab_hash_of_a_phrase_is_its_tokens_folded_in_turn),
		T(test_phrasetab_add_then_find_and_the_first_value_stays),
		T(test_phrasetab_tags_keep_equal_strings_apart),
		T(test_phrasetab_marks_proper_prefixes_under_the_tag),
		T(test_phrasetab_a_colliding_hash_never_gives_a_wrong_match),
		T(test_phrasetab_longest_takes_the_longest_accepted_key),
		T(test_phrasetab_longest_with_known_hashes_answers_the_same),
	T(test_phrasetab_longest_answers_as_find_and_has_prefix_in_a_crowded_table),
	T(test_phrasetab_longest_stops_at_a_phrase_longer_than_its_key_buffer),
		T(test_phrasetab_longest_reads_at_most_max_tok_words),
		T(test_phrasetab_strings_stay_put_while_the_table_grows),
		T(test_phrasetab_refuses_a_key_too_long_to_store),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
