/*
 * test_clause: the shape of a sentence around its event words (clause.h),
 * over the real lexicon built in build/lexicon.
 *
 * Every sentence is written for this test; every expected flag, reporting
 * frame and answer was worked out by hand from clause.h (who speaks and
 * what is reported, subordinate and relative clauses, quotations, clause
 * boundaries, the closed word classes, the preposition of a mention, the
 * subject scan, control phrases) and the lexicon README, before the stage
 * was run. The sentence is built as extract builds it: word kinds, event
 * words, mentions, then the analysis; each case runs with the tagger's
 * tags and without them (a lexicon without the optional tagger).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "actors.h"
#include "clause.h"
#include "lexicon.h"
#include "stage.h"
#include "verbs.h"

struct fixture {
	struct lexicon		*lx;
	struct stage_sent	 st;
	struct actorvec		 av;
	struct verbvec		 vv;
	struct clause		 cl;
	int			 tagged;
};

static int
group_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || (f->lx = stage_lexicon_load()) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
group_teardown(void **state)
{
	struct fixture *f = *state;

	assert_null(lexicon_unref(f->lx));
	free(f);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	stage_sent_release(&f->st);
	actorvec_release(&f->av);
	verbvec_release(&f->vv);
	clause_release(&f->cl);
	assert_null(f->cl.flag);
	assert_null(f->cl.say);
	assert_int_equal(f->cl.nsay + f->cl.capsay + f->cl.cap, 0);
	return 0;
}

static const char *
flag_names(uint8_t fl, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s%s%s", fl & CL_ATTR ? "ATTR " : "", fl & CL_SUB ? "SUB " : "",
	    fl & CL_QUOTE ? "QUOTE " : "", fl & CL_BOUND ? "BOUND " : "", fl & CL_SAYVERB ? "SAYVERB " : "",
	    fl & CL_VERB ? "VERB " : "", fl & CL_REL ? "REL" : "");
	return buf;
}

static void
dump(const struct fixture *f)
{
	const struct sentence	*s = &f->st.s;
	char			 buf[64];

	print_message("  %s\n", f->tagged ? "tagged" : "untagged");
	for (size_t i = 0; i < s->ntok; i++)
		print_message("  %2zu %-14s %s\n", i, s->words[i], flag_names(f->cl.flag[i], buf, sizeof(buf)));
	for (size_t k = 0; k < f->cl.nsay; k++) {
		const struct say_frame *fr = &f->cl.say[k];

		print_message("  frame %zu verb %u content [%u,%u) addr [%u,%u) trailing %d\n", k, fr->verb,
		    fr->content_start, fr->content_end, fr->addr_start, fr->addr_end, fr->trailing);
	}
}

/* Frames lie inside the sentence; a frame's verb is outside what it reports. */
static void
clause_check_invariants(const struct sentence *s, const struct clause *c)
{
	assert_true(c->nsay <= c->capsay || c->nsay == 0);
	for (size_t k = 0; k < c->nsay; k++) {
		const struct say_frame *fr = &c->say[k];

		assert_true(fr->verb < s->ntok);
		assert_true(fr->content_start <= fr->content_end && fr->content_end <= s->ntok);
		assert_true(fr->verb < fr->content_start || fr->verb >= fr->content_end);
		assert_true(fr->addr_start <= fr->addr_end && fr->addr_end <= s->ntok);
		if (fr->trailing)
			assert_int_equal(fr->content_start, 0);
	}
}

static void
analyse(struct fixture *f, const char *text, int tagged)
{
	stage_sent_release(&f->st);
	stage_sent_init(&f->st, text, 0);
	stage_sent_annotate(&f->st, f->lx, tagged);
	f->tagged = tagged;
	assert_int_equal(verbs_find(f->lx, &f->st.s, &f->vv), 0);
	assert_int_equal(actors_find(f->lx, &f->st.s, NULL, &f->av), 0);
	assert_int_equal(clause_analyse(&f->cl, f->lx, &f->st.s, &f->av, &f->vv), 0);
	clause_check_invariants(&f->st.s, &f->cl);
}

#define EACH_MODE(f) for ((f)->tagged = 1; (f)->tagged >= 0; (f)->tagged--)

static size_t
tok(const struct fixture *f, const char *w)
{
	return stage_tok(&f->st.s, w, 0);
}

static size_t
tok_n(const struct fixture *f, const char *w, int nth)
{
	return stage_tok(&f->st.s, w, nth);
}

static void
expect_flag(const struct fixture *f, const char *w, uint8_t fl)
{
	size_t t = tok(f, w);

	if ((f->cl.flag[t] & fl) != fl) {
		dump(f);
		fail_msg("'%s': '%s' lacks flags %#x", f->st.s.text, w, fl);
	}
}

static void
expect_no_flag(const struct fixture *f, const char *w, uint8_t fl)
{
	size_t t = tok(f, w);

	if (f->cl.flag[t] & fl) {
		dump(f);
		fail_msg("'%s': '%s' has flags %#x", f->st.s.text, w, f->cl.flag[t] & fl);
	}
}

static const struct say_frame *
expect_frames(const struct fixture *f, size_t n)
{
	if (f->cl.nsay != n) {
		dump(f);
		fail_msg("'%s': %zu reporting frames, expected %zu", f->st.s.text, f->cl.nsay, n);
	}
	return n > 0 ? &f->cl.say[0] : NULL;
}

static int
in_content(const struct say_frame *fr, size_t t)
{
	return t >= fr->content_start && t < fr->content_end;
}

/* ------------------------------------------------------------ reported speech */

static void
test_clause_reports_what_follows_a_reporting_verb(void **state)
{
	struct fixture		*f = *state;
	const struct say_frame	*fr;

	EACH_MODE(f) {
		analyse(f, "Syria says it is willing to withdraw its troops.", f->tagged);
		fr = expect_frames(f, 1);
		assert_int_equal(fr->verb, tok(f, "says"));
		assert_int_equal(fr->content_start, tok(f, "it"));
		assert_int_equal(fr->content_end, f->st.s.ntok);
		assert_false(fr->trailing);
		assert_non_null(fr->entry);
		assert_int_equal(fr->entry->kind, LEX_SAY);
		expect_flag(f, "says", CL_SAYVERB | CL_VERB | CL_BOUND);
		/* "that" opens the report and is not part of it. */
		analyse(f, "Egypt said that Israel attacked Gaza.", f->tagged);
		fr = expect_frames(f, 1);
		assert_int_equal(fr->content_start, tok(f, "israel"));
		expect_no_flag(f, "attacked", CL_SUB | CL_ATTR);
	}
}

static void
test_clause_reads_a_closing_attribution(void **state)
{
	static const char *const texts[] = {
		"Turkey shelled Iraq on Sunday, Syrian officials said.",
		"Turkey shelled Iraq on Sunday, Syrian officials said Monday.",
		"Turkey shelled Iraq on Sunday, said Syrian officials.", NULL
	};
	struct fixture *f = *state;

	EACH_MODE(f) {
		for (size_t i = 0; texts[i] != NULL; i++) {
			const struct say_frame *fr;

			analyse(f, texts[i], f->tagged);
			fr = expect_frames(f, 1);
			assert_true(fr->trailing);
			assert_int_equal(fr->verb, tok(f, "said"));
			assert_int_equal(fr->content_start, 0);
			assert_true(in_content(fr, tok(f, "shelled")) && in_content(fr, tok(f, "iraq")));
			assert_false(in_content(fr, tok(f, "officials")));
			/* The attribution's own words give no event a party. */
			expect_flag(f, "syrian", CL_ATTR);
			expect_flag(f, "officials", CL_ATTR);
			expect_flag(f, "said", CL_ATTR | CL_SAYVERB);
			expect_no_flag(f, "turkey", CL_ATTR);
			expect_no_flag(f, "shelled", CL_ATTR);
			expect_no_flag(f, "iraq", CL_ATTR);
		}
	}
}

static void
test_clause_reads_according_to(void **state)
{
	struct fixture		*f = *state;
	const struct say_frame	*fr;

	EACH_MODE(f) {
		analyse(f, "According to Iran's ambassador, the talks were useful.", f->tagged);
		fr = expect_frames(f, 1);
		assert_int_equal(fr->verb, tok(f, "according"));
		assert_false(fr->trailing);
		assert_int_equal(fr->content_start, tok(f, "the"));
		assert_int_equal(fr->content_end, f->st.s.ntok);
		expect_flag(f, "according", CL_ATTR);
		expect_flag(f, "ambassador", CL_ATTR);
		expect_no_flag(f, "talks", CL_ATTR);
		analyse(f, "The talks failed, according to Egyptian diplomats.", f->tagged);
		fr = expect_frames(f, 1);
		assert_true(fr->trailing);
		assert_int_equal(fr->content_start, 0);
		assert_true(in_content(fr, tok(f, "failed")));
		assert_false(in_content(fr, tok(f, "diplomats")));
		expect_flag(f, "diplomats", CL_ATTR);
		expect_no_flag(f, "failed", CL_ATTR);
	}
}

static void
test_clause_finds_the_addressee_of_tell(void **state)
{
	struct fixture		*f = *state;
	const struct say_frame	*fr;

	EACH_MODE(f) {
		analyse(f, "Crocker told the Iranians that the U.S. would stay.", f->tagged);
		fr = expect_frames(f, 1);
		assert_int_equal(fr->verb, tok(f, "told"));
		assert_int_equal(fr->addr_start, tok(f, "iranians"));
		assert_int_equal(fr->addr_end, tok(f, "iranians") + 1);
		assert_int_equal(fr->content_start, tok_n(f, "the", 1));
	}
}

static void
test_clause_does_not_read_an_order_as_a_report(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		/* "told X to stop" is a demand, not speech reported. */
		analyse(f, "Britain told Iran to release the sailors.", f->tagged);
		expect_frames(f, 0);
	}
}

/* With tags: "declared a ceasefire ..., ending" declares an object; the participle is an aside. */
static void
test_clause_does_not_read_an_object_and_an_aside_as_a_report(void **state)
{
	struct fixture *f = *state;

	analyse(f, "Haftar declared a ceasefire in Tripoli, ending a long campaign.", 1);
	expect_frames(f, 0);
	analyse(f, "Haftar declared that the ceasefire in Tripoli had ended.", 1);
	expect_frames(f, 1);
	/* ", but said ...": the subject's next predicate has a report of its own. */
	analyse(f, "Ghani declared a ceasefire with the Taliban, but said the truce would hold.", 1);
	expect_frames(f, 1);
	assert_int_equal(f->cl.say[0].verb, tok(f, "said"));
	/* "... and threatened to ...": so is a finite verb after "and". */
	analyse(f, "The U.S. announced a suspension of aid to Guatemala and threatened to withdraw preferences.", 1);
	expect_frames(f, 0);
	/* An infinitive after the object is its purpose, not a reported verb. */
	analyse(f, "Iran declared a truce to end the war, but Iraq rejected it.", 1);
	expect_frames(f, 0);
	analyse(f, "Iran declared the war would end.", 1);
	expect_frames(f, 1);
}

static void
test_clause_finds_the_innermost_frame_of_a_token(void **state)
{
	struct fixture		*f = *state;
	const struct say_frame	*fr;

	EACH_MODE(f) {
		analyse(f, "Egypt said Syria claimed that Israel attacked Gaza.", f->tagged);
		expect_frames(f, 2);
		fr = clause_frame_of(&f->cl, tok(f, "attacked"));
		assert_non_null(fr);
		assert_int_equal(fr->verb, tok(f, "claimed"));
		fr = clause_frame_of(&f->cl, tok(f, "syria"));
		assert_non_null(fr);
		assert_int_equal(fr->verb, tok(f, "said"));
		assert_null(clause_frame_of(&f->cl, tok(f, "egypt")));
	}
}

/* ------------------------------------------------------------ subordination */

static void
test_clause_marks_a_subordinate_clause(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		analyse(f, "After the talks, Iran attacked Iraq.", f->tagged);
		expect_flag(f, "after", CL_SUB | CL_BOUND);
		expect_flag(f, "talks", CL_SUB);
		expect_no_flag(f, "iran", CL_SUB);
		expect_no_flag(f, "attacked", CL_SUB);
		analyse(f, "Iran attacked Iraq while Syria met Jordan.", f->tagged);
		expect_flag(f, "while", CL_SUB | CL_BOUND);
		expect_flag(f, "met", CL_SUB);
		expect_no_flag(f, "attacked", CL_SUB);
	}
}

static void
test_clause_marks_a_relative_clause(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		analyse(f, "Japan, which attacked China in 1937, praised South Korea.", f->tagged);
		expect_flag(f, "which", CL_REL | CL_SUB | CL_BOUND);
		expect_flag(f, "attacked", CL_REL | CL_SUB);
		expect_no_flag(f, "praised", CL_SUB);
		expect_no_flag(f, "japan", CL_SUB);
		analyse(f, "Iraqi officials, who met Iran on Monday, criticized Syria.", f->tagged);
		expect_flag(f, "who", CL_REL | CL_SUB);
		expect_flag(f, "met", CL_REL | CL_SUB);
		expect_no_flag(f, "criticized", CL_SUB);
	}
}

static void
test_clause_marks_a_relative_that_but_not_a_reported_that(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		analyse(f, "Iran rejected a resolution that condemned Syria.", f->tagged);
		expect_flag(f, "that", CL_REL);
		expect_flag(f, "condemned", CL_SUB);
		expect_no_flag(f, "rejected", CL_SUB);
		analyse(f, "Egypt said that Israel attacked Gaza.", f->tagged);
		expect_no_flag(f, "that", CL_REL);
		expect_no_flag(f, "attacked", CL_SUB);
	}
}

static void
test_clause_marks_a_purpose_infinitive_and_not_a_governed_one(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		analyse(f, "Britain sent troops to help Iraq.", f->tagged);
		expect_flag(f, "to", CL_SUB | CL_BOUND);
		expect_flag(f, "help", CL_SUB);
		/* A control phrase ("agree to") and a verb with object and "to" ("urge X to") govern theirs. */
		analyse(f, "Iran agreed to meet Iraq.", f->tagged);
		expect_no_flag(f, "to", CL_SUB);
		expect_no_flag(f, "meet", CL_SUB);
		analyse(f, "France urged Iran to release the hostages.", f->tagged);
		expect_no_flag(f, "to", CL_SUB);
		expect_no_flag(f, "release", CL_SUB);
		/* A name after "to" is where something goes, whatever its tag. */
		analyse(f, "China have reduced humanitarian aid to Tajikistan nearly five times.", f->tagged);
		expect_no_flag(f, "to", CL_SUB | CL_BOUND);
	}
}

/* ------------------------------------------------------------ quotations, boundaries, verbs */

static void
test_clause_marks_the_words_inside_quotation_marks(void **state)
{
	static const char *const texts[] = {
		"\"We will meet Iran,\" said the Iraqi prime minister.",
		"\xe2\x80\x9cWe will meet Iran,\xe2\x80\x9d said the Iraqi prime minister.", NULL
	};
	struct fixture *f = *state;

	EACH_MODE(f) {
		for (size_t i = 0; texts[i] != NULL; i++) {
			analyse(f, texts[i], f->tagged);
			expect_flag(f, "we", CL_QUOTE);
			expect_flag(f, "meet", CL_QUOTE);
			expect_flag(f, "iran", CL_QUOTE);
			expect_no_flag(f, "said", CL_QUOTE);
			expect_no_flag(f, "minister", CL_QUOTE);
		}
	}
}

static void
test_clause_marks_clause_boundaries(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		analyse(f, "Iran met Iraq; Syria attacked Jordan, but Egypt protested.", f->tagged);
		expect_flag(f, ";", CL_BOUND);
		expect_flag(f, ",", CL_BOUND);
		expect_flag(f, "but", CL_BOUND);
		expect_no_flag(f, "iraq", CL_BOUND);
		expect_no_flag(f, "jordan", CL_BOUND);
	}
}

static void
test_clause_marks_the_verbs_that_head_clauses(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		analyse(f, "Israel met Jordan and criticized Syria.", f->tagged);
		expect_flag(f, "met", CL_VERB);
		expect_flag(f, "criticized", CL_VERB);
		expect_no_flag(f, "israel", CL_VERB);
		expect_no_flag(f, "jordan", CL_VERB);
		/* A nominal event heads no clause. */
		analyse(f, "The talks were useful.", f->tagged);
		expect_no_flag(f, "talks", CL_VERB);
	}
}

static void
test_clause_skips_time_words_before_the_report(void **state)
{
	struct fixture		*f = *state;
	const struct say_frame	*fr;

	EACH_MODE(f) {
		analyse(f, "Iran said on Tuesday in a statement that it would meet Iraq.", f->tagged);
		fr = expect_frames(f, 1);
		assert_int_equal(fr->content_start, tok(f, "it"));
	}
}

static void
test_clause_reads_an_announced_object_as_no_report(void **state)
{
	struct fixture *f = *state;

	/* What is announced here is a thing, not a clause (see also the known failures). */
	analyse(f, "Iran announced new sanctions on Iraq.", 1);
	expect_frames(f, 0);
}

static void
test_clause_ends_a_subordinate_stretch_at_but(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		analyse(f, "Iran attacked Iraq after Syria met Jordan but Egypt protested.", f->tagged);
		expect_flag(f, "met", CL_SUB);
		expect_no_flag(f, "protested", CL_SUB);
		expect_no_flag(f, "attacked", CL_SUB);
	}
}

static void
test_clause_knows_the_closed_word_classes(void **state)
{
	static const char *const preps[] = { "with", "to", "against", "on", "between", "of", NULL };
	static const char *const dets[] = { "the", "a", "an", "its", "their", "'s", NULL };
	static const char *const auxes[] = { "is", "was", "were", "had", "did", "been", NULL };
	static const char *const negs[] = { "not", "never", "didn't", "won't", "cannot", NULL };
	static const char *const prons[] = { "he", "she", "it", "they", "we", "i", NULL };
	static const char *const none[] = { "iran", "attacked", "talks", "minister", NULL };

	(void)state;
	for (size_t i = 0; preps[i] != NULL; i++)
		assert_true(clause_is_prep(preps[i]));
	for (size_t i = 0; dets[i] != NULL; i++)
		assert_true(clause_is_det(dets[i]));
	for (size_t i = 0; auxes[i] != NULL; i++)
		assert_true(clause_is_aux(auxes[i]));
	for (size_t i = 0; negs[i] != NULL; i++)
		assert_true(clause_is_negator(negs[i]));
	for (size_t i = 0; prons[i] != NULL; i++)
		assert_true(clause_is_pronoun(prons[i]));
	for (size_t i = 0; none[i] != NULL; i++) {
		assert_false(clause_is_prep(none[i]));
		assert_false(clause_is_det(none[i]));
		assert_false(clause_is_aux(none[i]));
		assert_false(clause_is_negator(none[i]));
		assert_false(clause_is_pronoun(none[i]));
	}
}

static void
test_clause_knows_adverbs_and_time_words(void **state)
{
	struct fixture *f = *state;

	analyse(f, "Italy reportedly met Iraq on Tuesday at a rally yesterday.", 1);
	assert_true(clause_is_filler(&f->st.s, tok(f, "reportedly")));
	assert_true(clause_is_filler(&f->st.s, tok(f, "tuesday")));
	assert_true(clause_is_filler(&f->st.s, tok(f, "yesterday")));
	assert_false(clause_is_filler(&f->st.s, tok(f, "italy")));	/* a name ending in -ly */
	assert_false(clause_is_filler(&f->st.s, tok(f, "rally")));
	assert_false(clause_is_filler(&f->st.s, tok(f, "met")));
	assert_false(clause_is_filler(&f->st.s, tok(f, "iraq")));
}

static void
test_clause_finds_the_preposition_of_a_mention(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		analyse(f, "Iraq's foreign minister met with Iranian officials.", f->tagged);
		assert_int_equal(f->av.n, 2);
		assert_int_equal(clause_prep_of(&f->st.s, &f->av.v[0], 0), -1);
		assert_int_equal(clause_prep_of(&f->st.s, &f->av.v[1], 0), (long)tok(f, "with"));
		/* Never past the limit. */
		assert_int_equal(clause_prep_of(&f->st.s, &f->av.v[1], f->av.v[1].tok_start), -1);
		analyse(f, "The United States and Iran held talks on Iraq security.", f->tagged);
		assert_int_equal(clause_prep_of(&f->st.s, &f->av.v[2], 0), (long)tok(f, "on"));
		/* A quantity is no phrase. */
		analyse(f, "Iraq expelled up to 100 Iranians.", f->tagged);
		assert_int_equal(f->av.n, 2);
		assert_int_equal(clause_prep_of(&f->st.s, &f->av.v[1], 0), -1);
	}
}

static void
test_clause_skips_adverbs_auxiliaries_and_negations_leftwards(void **state)
{
	struct fixture *f = *state;

	analyse(f, "Iran also reportedly has not met Iraq.", 1);
	assert_int_equal(clause_skip_left(&f->st.s, (long)tok(f, "met") - 1), (long)tok(f, "iran"));
	analyse(f, "Iran may have met Iraq on Tuesday.", 1);
	assert_int_equal(clause_skip_left(&f->st.s, (long)tok(f, "met") - 1), (long)tok(f, "iran"));
	analyse(f, "Yesterday Iran met Iraq.", 1);
	assert_int_equal(clause_skip_left(&f->st.s, (long)tok(f, "iran") - 1), -1);
	assert_int_equal(clause_skip_left(&f->st.s, -1), -1);
}

static void
test_clause_finds_a_control_phrase_ending_in_to(void **state)
{
	struct fixture		*f = *state;
	const struct lex_entry	*e;
	size_t			 start = 99;

	EACH_MODE(f) {
		analyse(f, "Iran is willing to meet Iraq.", f->tagged);
		e = clause_control_to(&f->cl, f->lx, &f->st.s, tok(f, "to"), &start);
		assert_non_null(e);
		assert_string_equal(e->code, "intent");
		assert_int_equal(start, tok(f, "willing"));
		/* Words of time and manner may stand between. */
		analyse(f, "Iran agreed in principle on Saturday to provide aid.", f->tagged);
		e = clause_control_to(&f->cl, f->lx, &f->st.s, tok(f, "to"), &start);
		assert_non_null(e);
		assert_int_equal(start, tok(f, "agreed"));
		/* An object may not: Putin is who is to resign. */
		analyse(f, "Russia wants Putin to resign.", f->tagged);
		assert_null(clause_control_to(&f->cl, f->lx, &f->st.s, tok(f, "to"), &start));
	}
}

static void
test_clause_finds_a_phrase_ending_at_a_token_by_lemma(void **state)
{
	struct fixture		*f = *state;
	const struct lex_entry	*e;
	size_t			 start = 99;

	EACH_MODE(f) {
		analyse(f, "France urged Iran to release the hostages.", f->tagged);
		e = clause_phrase_ending(&f->cl, f->lx, &f->st.s, LEX_OBJCONTROL, tok(f, "urged"), &start);
		assert_non_null(e);
		assert_string_equal(e->code, "appeal");
		assert_int_equal(start, tok(f, "urged"));
		assert_null(clause_phrase_ending(&f->cl, f->lx, &f->st.s, LEX_OBJCONTROL, tok(f, "iran"), &start));
		analyse(f, "Egypt called on Israel to withdraw.", f->tagged);
		e = clause_phrase_ending(&f->cl, f->lx, &f->st.s, LEX_OBJCONTROL, tok(f, "on"), &start);
		assert_non_null(e);
		assert_string_equal(e->phrase, "call on");
		assert_int_equal(start, tok(f, "called"));
	}
}

static void
test_clause_gives_the_lemma_of_a_verb_form(void **state)
{
	struct fixture *f = *state;

	analyse(f, "Iran met Iraq and told Egypt.", 1);
	assert_string_equal(clause_lemma(&f->cl, f->lx, &f->st.s, tok(f, "met")), "meet");
	assert_string_equal(clause_lemma(&f->cl, f->lx, &f->st.s, tok(f, "told")), "tell");
	assert_string_equal(clause_lemma(&f->cl, f->lx, &f->st.s, tok(f, "told")), "tell");	/* cached */
	assert_null(clause_lemma(&f->cl, f->lx, &f->st.s, tok(f, ".")));
}

/* ------------------------------------------------------------ reuse and hostile input */

static void
test_clause_reuses_its_arrays_between_sentences(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		analyse(f, "Egypt said Syria claimed that Israel attacked Gaza, Jordanian officials said on Monday, "
		    "after the talks in Cairo, which failed.", f->tagged);
		assert_true(f->cl.nsay >= 2);
		analyse(f, "Iran met Iraq.", f->tagged);
		expect_frames(f, 0);
		for (size_t i = 0; i < f->st.s.ntok; i++)
			assert_int_equal(f->cl.flag[i] & (CL_SUB | CL_ATTR | CL_QUOTE | CL_REL), 0);
		analyse(f, "", f->tagged);
		expect_frames(f, 0);
		analyse(f, "\" \" , ; : but who", f->tagged);
		assert_int_equal(f->cl.nsay, 0);
	}
}

/* ------------------------------------------------------------ known failures (skipped)
 *
 * What a reader of clause.h expects and the stage does not do today. Each
 * is skipped by STAGE_KNOWN_FAILURE() (stage.h); NE_KNOWN_FAILURES=1 runs them.
 */

static void
test_clause_ends_a_fronted_adjunct_without_a_comma(void **state)
{
	struct fixture *f = *state;

	/*
	 * Expectation: an opening adjunct is subordinate, the clause after it is
	 * the main one, with or without a comma between (news often writes
	 * none after a short phrase). Today a subordinating word marks CL_SUB up
	 * to the next comma, ";", "but" or reporting verb, so without a comma
	 * the whole main clause is subordinate.
	 */
	STAGE_KNOWN_FAILURE();
	EACH_MODE(f) {
		analyse(f, "After the talks Iran attacked Iraq.", f->tagged);
		expect_flag(f, "talks", CL_SUB);
		expect_no_flag(f, "attacked", CL_SUB);
	}
}

static void
test_clause_ends_a_relative_clause_at_the_main_verb(void **state)
{
	struct fixture *f = *state;

	/*
	 * Expectation: a relative clause without commas ("the rebels who
	 * attacked Syria met ...") ends where the main clause's verb begins,
	 * or the main verb "met" would be an aside (CL_SUB | CL_REL).
	 */
	EACH_MODE(f) {
		analyse(f, "The Iraqi rebels who attacked Syria met Iranian officials.", f->tagged);
		expect_flag(f, "attacked", CL_SUB | CL_REL);
		expect_no_flag(f, "met", CL_SUB);
	}
}

/* ------------------------------------------------------------ word classes and scans */

static void
test_clause_reads_an_announced_object_as_no_report_without_the_tagger(void **state)
{
	struct fixture *f = *state;

	/*
	 * Expectation: "announced new sanctions" has an object, not a reported
	 * clause, so it opens no reporting frame. With the tagger this holds;
	 * without it (no verb after the object is checked) "announced" reports
	 * "new sanctions on Iraq".
	 */
	STAGE_KNOWN_FAILURE();
	analyse(f, "Iran announced new sanctions on Iraq.", 0);
	expect_frames(f, 0);
}

int
main(void)
{
#define T(name) cmocka_unit_test_teardown(name, teardown)
	const struct CMUnitTest tests[] = {
		T(test_clause_reports_what_follows_a_reporting_verb),
		T(test_clause_reads_a_closing_attribution),
		T(test_clause_reads_according_to),
		T(test_clause_finds_the_addressee_of_tell),
		T(test_clause_does_not_read_an_order_as_a_report),
		T(test_clause_does_not_read_an_object_and_an_aside_as_a_report),
		T(test_clause_finds_the_innermost_frame_of_a_token),
		T(test_clause_marks_a_subordinate_clause),
		T(test_clause_marks_a_relative_clause),
		T(test_clause_marks_a_relative_that_but_not_a_reported_that),
		T(test_clause_marks_a_purpose_infinitive_and_not_a_governed_one),
		T(test_clause_skips_time_words_before_the_report),
		T(test_clause_reads_an_announced_object_as_no_report),
		T(test_clause_ends_a_subordinate_stretch_at_but),
		T(test_clause_marks_the_words_inside_quotation_marks),
		T(test_clause_marks_clause_boundaries),
		T(test_clause_marks_the_verbs_that_head_clauses),
		T(test_clause_knows_the_closed_word_classes),
		T(test_clause_knows_adverbs_and_time_words),
		T(test_clause_finds_the_preposition_of_a_mention),
		T(test_clause_skips_adverbs_auxiliaries_and_negations_leftwards),
		T(test_clause_finds_a_control_phrase_ending_in_to),
		T(test_clause_finds_a_phrase_ending_at_a_token_by_lemma),
		T(test_clause_gives_the_lemma_of_a_verb_form),
		T(test_clause_reuses_its_arrays_between_sentences),
		/* known failures, skipped */
		T(test_clause_ends_a_fronted_adjunct_without_a_comma),
		T(test_clause_ends_a_relative_clause_at_the_main_verb),
		T(test_clause_reads_an_announced_object_as_no_report_without_the_tagger),
	};
#undef T
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
