/*
 * test_gzlookup: the gazetteer's look-up indexes (gzlookup.c) answer as
 * the whole phrase table would. Over every phrase of the hand-written
 * gazetteer of tests/fixtures/places-mini, and of the generated one when
 * NE_LEXICON points at a built lexicon (skipped otherwise):
 *  - the filter of first words never rejects the first word of a name,
 *    nor the filter of the word lists (gazetteer_word_filter()) that of a
 *    phrase of the word lists under any of its flags;
 *  - a name read as a sentence of its own words is found whole;
 *  - a phrase of the word lists (locatives, stop phrases, venue words...)
 *    is found whole under each of its flags, and a stop phrase is measured
 *    by gazetteer_match_name();
 * and the filter turns away most words that start no name, which is what
 * it is for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gazetteer.h"
#include "minidir.h"
#include "phrasetab.h"
#include "places.h"
#include "sentence.h"

#define MAX_WORDS	PHRASETAB_MAX_TOK

/* A sentence made of the words of a phrase key ("new york"): words, lens and hashes only. */
struct keysent {
	char			 buf[PHRASETAB_KEY_MAX];
	const char		*words[MAX_WORDS];
	uint32_t		 lens[MAX_WORDS];
	uint64_t		 hashes[MAX_WORDS];
	struct sentence		 s;
};

/* @returns 0 when key has more words than a sentence here holds (the caller skips it). */
static int
keysent(struct keysent *k, const char *key)
{
	size_t n = 0;

	memset(k, 0, sizeof(*k));
	snprintf(k->buf, sizeof(k->buf), "%s", key);
	for (char *w = strtok(k->buf, " "); w != NULL; w = strtok(NULL, " ")) {
		if (n == MAX_WORDS)
			return 0;
		k->words[n] = w;
		k->lens[n] = (uint32_t)strlen(w);
		k->hashes[n] = phrasetab_hash_word(w, k->lens[n]);
		n++;
	}
	k->s.words = k->words;
	k->s.lens = k->lens;
	k->s.hashes = k->hashes;
	k->s.ntok = n;
	return 1;
}

/* Every phrase of g is found whole by the look-ups that should find it. */
static void
check_every_phrase(const struct gazetteer *g)
{
	static const unsigned word_flags[] = { GZP_PREP, GZP_SKIP, GZP_NOUN, GZP_STOP, GZP_VENUE,
	    GZP_GENERIC, GZP_TITLE, GZP_OFFICE, GZP_COUNTY };
	struct gazetteer_stats	st;
	size_t			names = 0, words = 0;

	gazetteer_stats(g, &st);
	assert_true(st.phrases > 0);
	for (uint32_t i = 0; i < st.phrases; i++) {
		const struct gz_phrase	*p = gazetteer_phrase(g, i), *q;
		struct keysent		 k;
		size_t			 len = 0, stop = 0;

		if (!keysent(&k, p->key) || k.s.ntok == 0)
			continue;
		if (p->n > 0) {
			if (!gazetteer_may_start(g, k.hashes[0]))
				fail_msg("the filter rejects the first word of '%s'", p->key);
			q = gazetteer_match(g, &k.s, 0, 0, &len);
			if (q != p || len != k.s.ntok)
				fail_msg("'%s' is not found whole as a name", p->key);
			q = gazetteer_match_name(g, &k.s, 0, &len, &stop);
			if (q != p || len != k.s.ntok)
				fail_msg("'%s' is not found whole by gazetteer_match_name()", p->key);
			names++;
		}
		for (size_t f = 0; f < sizeof(word_flags) / sizeof(word_flags[0]); f++) {
			if (!(p->flags & word_flags[f]))
				continue;
			if (!(gazetteer_word_filter(g)[gazetteer_word_entry(k.hashes[0])] & word_flags[f]))
				fail_msg("the word lists' filter rejects the first word of '%s' under flag %#x", p->key,
				    word_flags[f]);
			q = gazetteer_match(g, &k.s, 0, word_flags[f], &len);
			if (q != p || len != k.s.ntok)
				fail_msg("'%s' is not found whole under flag %#x", p->key, word_flags[f]);
			words++;
		}
		if (p->flags & GZP_STOP) {
			(void)gazetteer_match_name(g, &k.s, 0, &len, &stop);
			if (stop != k.s.ntok)
				fail_msg("stop phrase '%s' measures %zu words", p->key, stop);
		}
	}
	assert_true(names > 0);
	assert_true(words > 0);
}

/* How many of n made-up words ("qzx17k") the filter admits. */
static size_t
admitted(const struct gazetteer *g, size_t n)
{
	size_t	pass = 0;
	char	w[32];

	for (size_t i = 0; i < n; i++) {
		int len = snprintf(w, sizeof(w), "qzx%zuk", i);

		pass += (size_t)gazetteer_may_start(g, phrasetab_hash_word(w, (size_t)len));
	}
	return pass;
}

static void
test_gzlookup_mini_gazetteer_answers_as_the_whole_table(void **state)
{
	struct gazetteer	*g = NULL;
	char			 err[256] = "";

	(void)state;
	if (gazetteer_load(mini_dir(), &g, err, sizeof(err)) != 0)
		fail_msg("gazetteer_load: %s", err);
	check_every_phrase(g);
	/* A few hundred names set a few bits: made-up words hardly ever pass. */
	assert_true(admitted(g, 10000) < 10);
	gazetteer_free(g);
}

static void
test_gzlookup_sentences_still_find_their_words(void **state)
{
	struct gazetteer	*g = NULL;
	struct keysent		 k;
	const struct gz_phrase	*p;
	char			 err[256] = "";
	size_t			 len = 0, stop = 0;

	(void)state;
	if (gazetteer_load(mini_dir(), &g, err, sizeof(err)) != 0)
		fail_msg("gazetteer_load: %s", err);
	/* A locative of two words, a place noun and a name in running text. */
	assert_true(keysent(&k, "clashes north of the town of new york"));
	assert_null(gazetteer_match(g, &k.s, 0, GZP_PREP, &len));
	assert_non_null(p = gazetteer_match(g, &k.s, 1, GZP_PREP, &len));
	assert_int_equal(len, 2);
	assert_string_equal(p->key, "north of");
	assert_non_null(gazetteer_match(g, &k.s, 3, GZP_SKIP, &len));
	assert_non_null(p = gazetteer_match(g, &k.s, 4, GZP_NOUN, &len));
	assert_string_equal(p->key, "town");
	assert_non_null(p = gazetteer_match_name(g, &k.s, 6, &len, &stop));
	assert_string_equal(p->key, "new york");
	assert_int_equal(len, 2);
	assert_int_equal(stop, 0);
	/* Past the end: nothing, and no stop phrase. */
	assert_null(gazetteer_match_name(g, &k.s, 8, &len, &stop));
	assert_int_equal(stop, 0);
	/* A stop phrase that is no name: measured, not found. */
	assert_true(keysent(&k, "in march"));
	assert_null(gazetteer_match_name(g, &k.s, 1, &len, &stop));
	assert_int_equal(stop, 1);
	gazetteer_free(g);
}

static void
test_gzlookup_real_gazetteer_answers_as_the_whole_table(void **state)
{
	struct gazetteer	*g = NULL;
	const char		*dir = getenv("NE_LEXICON");
	char			 path[4096], err[512] = "";
	size_t			 pass;

	(void)state;
	if (dir == NULL)
		dir = "build/lexicon";
	snprintf(path, sizeof(path), "%s/cities.tsv", dir);
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "skipping: %s is absent (build it with make lexicon)\n", path);
		skip();
	}
	if (gazetteer_load(dir, &g, err, sizeof(err)) != 0)
		fail_msg("gazetteer_load(%s): %s", dir, err);
	check_every_phrase(g);
	/* 110,000 first words in 2^21 bits, two bits each: about 1 % of other words pass. */
	pass = admitted(g, 100000);
	print_message("filter: %zu of 100000 made-up words admitted\n", pass);
	assert_true(pass < 3000);
	gazetteer_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzlookup_mini_gazetteer_answers_as_the_whole_table),
		cmocka_unit_test(test_gzlookup_sentences_still_find_their_words),
		cmocka_unit_test(test_gzlookup_real_gazetteer_answers_as_the_whole_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
