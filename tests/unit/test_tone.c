/*
 * test_tone: the tone word list loader, matching rules and scale.
 *
 * Exact expectations use a small word list that each test writes to a
 * temporary directory, so every score sum below is worked out by hand from
 * the list and the sentence; the expected tone then follows from the formula
 * that tone.h documents (written out again here as expect_tone()). Sentences
 * of the project's own list (workers/lexicon/tone.txt, or $NE_LEXICON) are
 * checked for sign only, so that editing a score there does not break them.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "phrasetab.h"
#include "sentence.h"
#include "text.h"
#include "tone.h"

#define EPS 1e-9

static const char mini_list[] = "# a test list\n"
				"\n"
				"attack\t-4\n"
				"agreement\t2\n"
				"peace\t3\n"
				"peaceful\t3\n"
				"praise\t3\n"
				"hope\t1\n"
				"ban\t-2\n"
				"casualty\t-4\n"
				"unite\t2\n"
				"united\t0\n"
				"car\t0\n"
				"car bomb\t-5\n"
				"not\tNEGATOR\n"
				"no\tNEGATOR\n"
				"didn't\tNEGATOR\n"
				"failed to\tNEGATOR\n"
				"not only\t0\n"
				"very\tBOOSTER\n";

struct fixture {
	char dir[64];
	struct tone_lexicon *tl;
	struct tokvec tv;
	char *lower;
	const char **words;
	uint32_t *lens;
	uint64_t *hashes;
	struct sentence s;
};

/* Write contents to dir/tone.txt. */
static void
write_list(const char *dir, const char *contents)
{
	char path[128];
	FILE *fp;

	(void) snprintf(path, sizeof(path), "%s/tone.txt", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(contents, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[256] = "";

	if (f == NULL)
		return -1;
	strcpy(f->dir, "/tmp/test_tone.XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	write_list(f->dir, mini_list);
	if (tone_load(f->dir, &f->tl, err, sizeof(err)) != 0) {
		fprintf(stderr, "tone_load: %s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[128];

	tone_free(f->tl);
	tokvec_release(&f->tv);
	free(f->lower);
	free(f->words);
	free(f->lens);
	free(f->hashes);
	(void) snprintf(path, sizeof(path), "%s/tone.txt", f->dir);
	(void) unlink(path);
	assert_int_equal(rmdir(f->dir), 0);
	free(f);
	return 0;
}

/* Build f->s over the whole of text, as extract does. */
static const struct sentence *
sentence_of(struct fixture *f, const char *text)
{
	size_t len = strlen(text), pos = 0, i;

	f->tv.n = 0;
	assert_int_equal(text_tokens(text, (struct span){0, (uint32_t) len}, &f->tv), 0);
	free(f->lower);
	free(f->words);
	f->lower = malloc(len + f->tv.n + 1);
	f->words = malloc((f->tv.n + 1) * sizeof(*f->words));
	assert_non_null(f->lower);
	assert_non_null(f->words);
	for (i = 0; i < f->tv.n; i++) {
		f->words[i] = f->lower + pos;
		pos += text_lower(text, &f->tv.v[i], f->lower + pos, len + f->tv.n + 1 - pos) + 1;
	}
	f->s = (struct sentence){.text = text,
				 .span = {0, (uint32_t) len},
				 .index = 0,
				 .tok = f->tv.v,
				 .ntok = f->tv.n,
				 .words = f->words};
	return &f->s;
}

/* f->s with each word's length and hash, as sentences_build() gives them to extract. */
static const struct sentence *
with_hashes(struct fixture *f)
{
	free(f->lens);
	free(f->hashes);
	f->lens = malloc((f->s.ntok + 1) * sizeof(*f->lens));
	f->hashes = malloc((f->s.ntok + 1) * sizeof(*f->hashes));
	assert_non_null(f->lens);
	assert_non_null(f->hashes);
	for (size_t i = 0; i < f->s.ntok; i++) {
		f->lens[i] = (uint32_t) strlen(f->words[i]);
		f->hashes[i] = phrasetab_hash_word(f->words[i], f->lens[i]);
	}
	f->s.lens = f->lens;
	f->s.hashes = f->hashes;
	return &f->s;
}

/* The scale of tone.h, written out independently of tone.c. */
static double
expect_tone(double sum, double words)
{
	double w = words < 10 ? 10 : words;

	return 10.0 * tanh(100.0 * sum / (5.0 * w) / 10.0);
}

/* text has `words` words whose scores sum to `sum` (worked out by hand). */
static void
check(struct fixture *f, const char *text, double sum, size_t words, size_t hits)
{
	const struct sentence *s = sentence_of(f, text);
	struct tone_acc acc = {0, 0, 0};
	double got;

	tone_add(&acc, f->tl, s);
	if (fabs(acc.sum - sum) > EPS || acc.words != words || acc.hits != hits)
		fail_msg("'%s': sum %g words %zu hits %zu, expected %g %zu %zu", text, acc.sum,
			 acc.words, acc.hits, sum, words, hits);
	got = tone_sentence(f->tl, s);
	if (fabs(got - expect_tone(sum, (double) words)) > EPS)
		fail_msg("'%s': tone %g, expected %g", text, got, expect_tone(sum, (double) words));
	/* The same with the words' lengths and hashes known (issue 10: the
	 * word itself is then the key, not a copy of it). */
	acc = (struct tone_acc){0, 0, 0};
	tone_add(&acc, f->tl, with_hashes(f));
	if (fabs(acc.sum - sum) > EPS || acc.words != words || acc.hits != hits)
		fail_msg("'%s' with hashes: sum %g words %zu hits %zu, expected %g %zu %zu", text,
			 acc.sum, acc.words, acc.hits, sum, words, hits);
}

static void
test_tone_sentence_without_scored_words_is_exactly_zero(void **state)
{
	struct fixture *f = *state;

	check(f, "The delegates met in Geneva on Tuesday for four hours.", 0, 10, 0);
	assert_true(tone_sentence(f->tl, sentence_of(f, "")) == 0.0);
	assert_true(tone_sentence(f->tl, sentence_of(f, "... !")) == 0.0);
	/* "United" is listed with 0: it never reaches "unite". */
	check(f, "The United Nations met.", 0, 4, 0);
}

static void
test_tone_scores_follow_the_documented_scale(void **state)
{
	struct fixture *f = *state;
	const struct sentence *s;
	double t;

	/* 5 words, floored to 10: T = 100 * -2 / 50 = -4. */
	check(f, "The attack ended the agreement.", -4 + 2, 5, 2);
	t = tone_sentence(f->tl, sentence_of(f, "The attack ended the agreement."));
	assert_true(fabs(t - 10.0 * tanh(-0.4)) < EPS);
	/* 20 words, one "peace": T = 100 * 3 / 100 = 3. */
	s = sentence_of(f, "After many months of hard work the envoys finally said on a cold "
			   "Monday that peace was near at last.");
	assert_int_equal(s->ntok, 21); /* 20 words and the full stop */
	check(f, "After many months of hard work the envoys finally said on a cold "
		 "Monday that peace was near at last.",
	      3, 20, 1);
	t = tone_sentence(f->tl, s);
	assert_true(t > 2.9 && t < 3.0); /* within 3% of T for small T */
}

static void
test_tone_longest_phrase_wins(void **state)
{
	struct fixture *f = *state;

	/* "car bomb" (-5) beats "car" (0) followed by an unscored "bomb". */
	check(f, "A car bomb went off.", -5, 5, 1);
	check(f, "A car went off.", 0, 4, 0);
	/* "not only" (0) is read before the negator "not". */
	check(f, "They not only praise peace.", 3 + 3, 5, 2);
}

static void
test_tone_suffix_rules_find_the_base_word(void **state)
{
	struct fixture *f = *state;

	check(f, "attacks", -4, 1, 1);
	check(f, "attacked", -4, 1, 1);
	check(f, "attacking", -4, 1, 1);
	check(f, "praised", 3, 1, 1);    /* -ed -> -e */
	check(f, "hoping", 1, 1, 1);     /* -ing -> -e */
	check(f, "banned", -2, 1, 1);    /* doubled consonant */
	check(f, "banning", -2, 1, 1);
	check(f, "casualties", -4, 1, 1); /* -ies -> -y */
	check(f, "peacefully", 3, 1, 1); /* -ly */
	check(f, "Attacks", -4, 1, 1);   /* case is ignored */
	/* No rule invents a word, nor reaches a negator or booster. */
	check(f, "attackers nots verys", 0, 3, 0);
}

static void
test_tone_negation_flips_the_next_three_words(void **state)
{
	struct fixture *f = *state;

	/* not -> reach(1) an(2) agreement(3): +2 becomes -2. */
	check(f, "They did not reach an agreement.", -2, 6, 1);
	check(f, "They did reach an agreement.", 2, 5, 1);
	/* A negative word negated turns positive at half strength. */
	check(f, "There was no attack.", 2, 4, 1);
	/* The fourth word after the negator is outside the scope. */
	check(f, "They did not expect that the agreement would hold.", 2, 9, 1);
	/* Punctuation ends the scope. */
	check(f, "It was not, however, an attack.", -4, 6, 1);
	/* A phrase negator, and a typographic apostrophe read as ASCII. */
	check(f, "The sides failed to reach agreement.", -2, 6, 1);
	check(f, "They didn\xe2\x80\x99t attack.", 2, 3, 1);
	/* Sign alone: negated and plain tones lie on opposite sides of zero. */
	assert_true(tone_sentence(f->tl, sentence_of(f, "They did not reach an agreement.")) < 0);
	assert_true(tone_sentence(f->tl, sentence_of(f, "They did reach an agreement.")) > 0);
}

static void
test_tone_booster_multiplies_the_next_word_only(void **state)
{
	struct fixture *f = *state;

	check(f, "A very peaceful day.", 4.5, 4, 1);
	check(f, "A very calm and peaceful day.", 3, 6, 1);
	/* Negated and boosted: not -> very(1) peaceful(2). */
	check(f, "It was not very peaceful.", -4.5, 5, 1);
}

static void
test_tone_article_is_the_scale_over_all_sentences(void **state)
{
	struct fixture *f = *state;
	static const char *const sents[] = {
	    "The attack killed many.",		     /* -4, 4 words */
	    "Envoys praise the new agreement today.", /* +3 +2, 6 words */
	    "Nothing else happened on Monday.",	     /* 0, 5 words */
	};
	struct tone_acc acc = {0, 0, 0};
	size_t i;

	assert_true(tone_article(&acc) == 0.0);
	for (i = 0; i < 3; i++)
		tone_add(&acc, f->tl, sentence_of(f, sents[i]));
	assert_true(fabs(acc.sum - 1.0) < EPS);
	assert_int_equal(acc.words, 15);
	assert_int_equal(acc.hits, 3);
	assert_true(fabs(tone_article(&acc) - expect_tone(1.0, 15)) < EPS);
}

/*
 * Sentences scored on their own and merged give the article the totals and
 * tone of scoring them all into one accumulator, to the bit: extract.c
 * scores each sentence once and merges it (boosted and negated scores are
 * multiples of 1/4, so no sum is rounded).
 */
static void
test_tone_merged_sentences_equal_one_running_total(void **state)
{
	struct fixture *f = *state;
	static const char *const sents[] = {
	    "The attack killed many.",
	    "They did not attack a very peaceful rally.",
	    "Envoys very strongly praise the new agreement today.",
	    "They not only praise peace, they failed to attack.",
	    "Nothing else happened on Monday.",
	};
	struct tone_acc all = {0, 0, 0}, merged = {0, 0, 0};

	for (size_t i = 0; i < sizeof(sents) / sizeof(sents[0]); i++) {
		struct tone_acc one = {0, 0, 0};

		tone_add(&all, f->tl, sentence_of(f, sents[i]));
		tone_add(&one, f->tl, sentence_of(f, sents[i]));
		tone_acc_merge(&merged, &one);
		assert_true(one.sum * 4 == floor(one.sum * 4));	/* a multiple of 1/4 */
	}
	assert_true(merged.sum == all.sum);
	assert_int_equal(merged.words, all.words);
	assert_int_equal(merged.hits, all.hits);
	assert_true(all.hits >= 4);
	assert_true(tone_article(&merged) == tone_article(&all));
}

/* tone_load on a list; expects failure with err naming where. */
static void
expect_load_error(struct fixture *f, const char *contents, int want, const char *where)
{
	struct tone_lexicon *tl = (struct tone_lexicon *) 0x1;
	char err[256] = "";

	write_list(f->dir, contents);
	assert_int_equal(tone_load(f->dir, &tl, err, sizeof(err)), want);
	assert_ptr_equal(tl, (struct tone_lexicon *) 0x1);
	if (strstr(err, where) == NULL)
		fail_msg("error '%s' does not name '%s'", err, where);
}

static void
test_tone_load_errors_name_file_and_line(void **state)
{
	struct fixture *f = *state;
	struct tone_lexicon *tl = NULL;
	char err[256] = "";

	expect_load_error(f, "# c\nattack\t-4\npeace\t7\n", -EINVAL, "tone.txt:3: score '7'");
	expect_load_error(f, "peace\tsome\n", -EINVAL, "tone.txt:1: score 'some'");
	expect_load_error(f, "\n\nPeace\t3\n", -EINVAL, "tone.txt:3: phrase 'Peace': not lower case");
	expect_load_error(f, "car  bomb\t-5\n", -EINVAL, "tone.txt:1: phrase 'car  bomb'");
	expect_load_error(f, "peace 3\n", -EINVAL, "tone.txt:1: expected PHRASE<TAB>SCORE");
	expect_load_error(f, "peace\t3\t1\n", -EINVAL, "tone.txt:1: more than two fields");
	expect_load_error(f, "peace\t3\nwar\t-3\npeace\t2\n", -EINVAL,
			  "tone.txt:3: 'peace' is already listed at line 1");
	expect_load_error(f, "a b c d e f g\t-1\n", -EINVAL, "tone.txt:1: phrase 'a b c d e f g'");
	expect_load_error(f, " peace\t3\n", -EINVAL, "tone.txt:1: line starts with white space");
	expect_load_error(f, "peace\t\n", -EINVAL, "tone.txt:1: score ''");

	/* CR LF line ends and a final line without a newline are fine. */
	write_list(f->dir, "peace\t3\r\nwar\t-3");
	assert_int_equal(tone_load(f->dir, &tl, err, sizeof(err)), 0);
	tone_free(tl);
	tone_free(NULL);

	/* A missing file names its path. */
	assert_int_equal(tone_load("/nonexistent-dir", &tl, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent-dir/tone.txt"));
	write_list(f->dir, mini_list);
}

/* ------------------------------------------------------------ the project's list */

static const char *
project_dir(void)
{
	const char *d = getenv("NE_LEXICON");

	return d != NULL ? d : "workers/lexicon";
}

static int
setup_project(void **state)
{
	struct fixture *f;
	char err[256] = "";

	if (setup(state) != 0)
		return -1;
	f = *state;
	tone_free(f->tl);
	f->tl = NULL;
	if (tone_load(project_dir(), &f->tl, err, sizeof(err)) != 0) {
		fprintf(stderr, "tone_load(%s): %s\n", project_dir(), err);
		return -1;
	}
	return 0;
}

static double
tone_of(struct fixture *f, const char *text)
{
	return tone_sentence(f->tl, sentence_of(f, text));
}

static void
test_tone_project_list_reads_news_the_way_a_person_does(void **state)
{
	struct fixture *f = *state;
	static const char *const negative[] = {
	    "Iraqi officials condemned the deadly attack that killed 12 people.",
	    "Rebels kidnapped three aid workers and threatened to execute them.",
	    "The talks collapsed amid bitter accusations of bad faith.",
	    "Police fired tear gas as riots spread through the capital.",
	    "Thousands fled the fighting, and the death toll rose to 40.",
	    "The minister warned of a humanitarian catastrophe.",
	    "The talks were not successful.",
	};
	static const char *const positive[] = {
	    "The two sides praised the constructive talks and welcomed the peace agreement.",
	    "Kazakh and Chinese envoys signed a landmark treaty on cooperation.",
	    "The ambassador described the meeting as positive and businesslike.",
	    "Hostages were freed unharmed, and the mediators thanked both sides.",
	    "Nobody was hurt.",
	};
	static const char *const neutral[] = {
	    "The delegation met in Baghdad on Monday for four hours.",
	    "The United States and Iran held a meeting.",
	    "Ministers from six countries will meet again in June.",
	};
	size_t i;

	for (i = 0; i < sizeof(negative) / sizeof(negative[0]); i++) {
		if (!(tone_of(f, negative[i]) < 0))
			fail_msg("'%s' scored %g, expected < 0", negative[i], tone_of(f, negative[i]));
	}
	for (i = 0; i < sizeof(positive) / sizeof(positive[0]); i++) {
		if (!(tone_of(f, positive[i]) > 0))
			fail_msg("'%s' scored %g, expected > 0", positive[i], tone_of(f, positive[i]));
	}
	for (i = 0; i < sizeof(neutral) / sizeof(neutral[0]); i++) {
		if (tone_of(f, neutral[i]) != 0.0)
			fail_msg("'%s' scored %g, expected 0", neutral[i], tone_of(f, neutral[i]));
	}
	/* Negation flips the sign of the same sentence. */
	assert_true(tone_of(f, "The talks were successful.") > 0);
	assert_true(tone_of(f, "The talks were not successful.") < 0);
}

/* A text of n words cycling through words[], with no punctuation. */
static char *
repeat_words(const char *const *words, size_t nwords, size_t n)
{
	size_t len = 0, i;
	char *s;

	for (i = 0; i < n; i++)
		len += strlen(words[i % nwords]) + 1;
	s = malloc(len + 1);
	assert_non_null(s);
	len = 0;
	for (i = 0; i < n; i++) {
		size_t wl = strlen(words[i % nwords]);

		memcpy(s + len, words[i % nwords], wl);
		len += wl;
		s[len++] = ' ';
	}
	s[len] = '\0';
	return s;
}

static void
test_tone_stays_bounded_for_ten_thousand_hostile_words(void **state)
{
	static const char *const hostile[] = {"massacre", "killed", "very", "brutal", "genocide",
					      "terrorists"};
	static const char *const friendly[] = {"peace", "very", "grateful", "triumph", "friendship"};
	struct fixture *f = *state;
	struct tone_acc acc = {0, 0, 0};
	char *s;
	double t;
	int k;

	s = repeat_words(hostile, 6, 10000);
	t = tone_of(f, s);
	assert_int_equal(f->s.ntok, 10000);
	assert_true(t >= -10.0 && t <= 10.0);
	assert_true(t < -9.9);
	/* The same text as an article of 50 such sentences. */
	for (k = 0; k < 50; k++)
		tone_add(&acc, f->tl, sentence_of(f, s));
	assert_int_equal(acc.words, 500000);
	t = tone_article(&acc);
	assert_true(t >= -10.0 && t <= 10.0);
	assert_true(t < -9.9);
	free(s);

	s = repeat_words(friendly, 5, 10000);
	t = tone_of(f, s);
	assert_true(t >= -10.0 && t <= 10.0);
	assert_true(t > 9.9);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tone_sentence_without_scored_words_is_exactly_zero,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tone_scores_follow_the_documented_scale, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_tone_longest_phrase_wins, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tone_suffix_rules_find_the_base_word, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_tone_negation_flips_the_next_three_words, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_tone_booster_multiplies_the_next_word_only, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_tone_merged_sentences_equal_one_running_total, setup,
						teardown),
	    cmocka_unit_test_setup_teardown(test_tone_article_is_the_scale_over_all_sentences,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tone_load_errors_name_file_and_line, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_tone_project_list_reads_news_the_way_a_person_does,
					    setup_project, teardown),
	    cmocka_unit_test_setup_teardown(test_tone_stays_bounded_for_ten_thousand_hostile_words,
					    setup_project, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
