/*
 * Unit tests for workers/sentences.c: an article's sentences tokenised once
 * give each sentence exactly the tokens text_tokens() gives it alone, its
 * lower-case words with their lengths and phrase-table hashes, its index,
 * and nothing of its neighbours; a second build
 * replaces the first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "phrasetab.h"
#include "sentences.h"
#include "text.h"

static void
test_sentences_match_tokenising_each_sentence_alone(void **state)
{
	const char		*text = "U.S. troops entered Basra's centre. Iraq's PM said NO.\n\n"
	    "Talks resumed in Baghdad on Monday, officials said.";
	struct spanvec		 sv = { 0 };
	struct sentences	 ss = { 0 };

	(void)state;
	assert_int_equal(text_sentences(text, strlen(text), &sv), 0);
	assert_int_equal(sv.n, 3);
	assert_int_equal(sentences_build(&ss, text, sv.v, sv.n), 0);
	assert_int_equal(ss.n, 3);
	for (size_t i = 0; i < sv.n; i++) {
		const struct sentence	*s = &ss.v[i];
		struct tokvec		 alone = { 0 };

		assert_int_equal(text_tokens(text, sv.v[i], &alone), 0);
		assert_int_equal(s->index, i);
		assert_ptr_equal(s->text, text);
		assert_int_equal(s->span.start, sv.v[i].start);
		assert_int_equal(s->span.end, sv.v[i].end);
		assert_int_equal(s->ntok, alone.n);
		assert_null(s->tags);
		assert_null(s->kinds);
		for (size_t k = 0; k < alone.n; k++) {
			char want[64];

			assert_int_equal(s->tok[k].start, alone.v[k].start);
			assert_int_equal(s->tok[k].end, alone.v[k].end);
			assert_int_equal(s->tok[k].flags, alone.v[k].flags);
			text_lower(text, &alone.v[k], want, sizeof(want));
			assert_string_equal(s->words[k], want);
			/* Each word's length and phrase-table hash, made once for every stage. */
			assert_int_equal(s->lens[k], strlen(want));
			assert_true(s->hashes[k] == phrasetab_hash(want, strlen(want)));
		}
		tokvec_release(&alone);
	}
	assert_string_equal(ss.v[0].words[0], "u.s.");
	assert_string_equal(ss.v[1].words[2], "pm");
	assert_string_equal(ss.v[1].words[4], "no");
	assert_string_equal(ss.v[2].words[3], "baghdad");
	sentences_release(&ss);
	spanvec_release(&sv);
}

static void
test_sentences_build_again_replaces_and_release_empties(void **state)
{
	const char		*one = "Rebels shelled Hodeidah. Troops withdrew.";
	const char		*two = "Nothing happened";
	struct span		 all = { 0, (uint32_t)strlen(two) };
	struct spanvec		 sv = { 0 };
	struct sentences	 ss = { 0 };

	(void)state;
	assert_int_equal(text_sentences(one, strlen(one), &sv), 0);
	assert_int_equal(sentences_build(&ss, one, sv.v, sv.n), 0);
	assert_int_equal(ss.n, 2);
	assert_int_equal(ss.toks.n, 7);
	assert_int_equal(sentences_build(&ss, two, &all, 1), 0);
	assert_int_equal(ss.n, 1);
	assert_int_equal(ss.toks.n, 2);
	assert_string_equal(ss.v[0].words[1], "happened");
	assert_int_equal(sentences_build(&ss, two, NULL, 0), 0);	/* an empty article */
	assert_int_equal(ss.n, 0);
	sentences_release(&ss);
	assert_null(ss.v);
	assert_int_equal(ss.n, 0);
	sentences_release(&ss);		/* idempotent */
	sentences_release(NULL);
	spanvec_release(&sv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sentences_match_tokenising_each_sentence_alone),
		cmocka_unit_test(test_sentences_build_again_replaces_and_release_empties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
