/*
 * test_verbs: the event words of a sentence (verbs.h) over the real lexicon
 * built in build/lexicon.
 *
 * Every sentence is written for this test; every expected event word, code
 * and mark was worked out by hand from verbs.h (verbs by lemma, the most
 * specific pattern, nominal events, passive voice, reduced participles,
 * negation) and the lexicon README (pattern words a few tokens apart,
 * literal noun events, phrases that are no event), with the codes read off
 * verbs.txt. Each sentence is run three ways, as the stage may meet it:
 * without the word-kind filter (every lookup made), with it, and with it
 * and the tagger's tags; the expectations hold in all three unless a test
 * says otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lexicon.h"
#include "stage.h"
#include "verbs.h"

enum mode {
	MODE_PLAIN,	/* no kinds, no tags */
	MODE_KINDS,	/* lexicon_word_kinds() filter, as extract's first pass */
	MODE_TAGGED,	/* kinds and tags, as extract's second pass */
	_MODE_MAX
};

static const char *const mode_names[] = { "plain", "kinds", "tagged" };

struct fixture {
	struct lexicon		*lx;
	struct stage_sent	 st;
	struct verbvec		 vv;
	enum mode		 mode;
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
	verbvec_release(&f->vv);
	assert_null(f->vv.v);
	assert_int_equal(f->vv.n + f->vv.cap, 0);
	return 0;
}

static void
dump(const struct fixture *f)
{
	const struct sentence *s = &f->st.s;

	print_message("  mode %s\n", mode_names[f->mode]);
	for (size_t k = 0; k < f->vv.n; k++) {
		const struct verb_match *m = &f->vv.v[k];

		print_message("  match %zu '%s' [%u,%u) code %s lemma %s pattern '%s' noun '%s' passive %u reduced %u "
		    "negated %u\n", k, s->words[m->tok], m->tok, m->tok_end, m->code, m->lemma ? m->lemma : "-",
		    m->pattern ? m->pattern->text : "-", m->noun ? m->noun->phrase : "-", m->passive, m->reduced,
		    m->negated);
	}
}

/* Event words in text order, inside the sentence, each either a verb (lemma and pattern) or a noun. */
static void
verbs_check_invariants(const struct sentence *s, const struct verbvec *vv)
{
	for (size_t k = 0; k < vv->n; k++) {
		const struct verb_match *m = &vv->v[k];

		assert_true(m->tok < m->tok_end && m->tok_end <= s->ntok);
		if (k > 0)
			assert_true(m->tok > vv->v[k - 1].tok);
		assert_non_null(m->code);
		assert_true((m->noun == NULL) == (m->pattern != NULL));
		assert_true((m->lemma == NULL) == (m->noun != NULL));
		if (m->pattern != NULL)
			assert_string_equal(m->code, m->pattern->code);
		else
			assert_string_equal(m->code, m->noun->code);
	}
}

static void
run(struct fixture *f, const char *text, enum mode mode)
{
	stage_sent_release(&f->st);
	stage_sent_init(&f->st, text, 0);
	f->mode = mode;
	if (mode != MODE_PLAIN)
		stage_sent_annotate(&f->st, f->lx, mode == MODE_TAGGED);
	assert_int_equal(verbs_find(f->lx, &f->st.s, &f->vv), 0);
	verbs_check_invariants(&f->st.s, &f->vv);
}

/* The match whose first token is the nth occurrence of word, or NULL. */
static const struct verb_match *
match_at(const struct fixture *f, const char *word, int nth)
{
	size_t t = stage_tok(&f->st.s, word, nth);

	for (size_t k = 0; k < f->vv.n; k++)
		if (f->vv.v[k].tok == t)
			return &f->vv.v[k];
	return NULL;
}

/* The match at word, which must exist and carry code. */
static const struct verb_match *
expect_at(const struct fixture *f, const char *word, const char *code)
{
	const struct verb_match *m = match_at(f, word, 0);

	if (m == NULL || strcmp(m->code, code) != 0) {
		dump(f);
		fail_msg("'%s' (%s): no event word with code %s", f->st.s.text, word, code);
	}
	return m;
}

static void
expect_none_at(const struct fixture *f, const char *word)
{
	if (match_at(f, word, 0) != NULL) {
		dump(f);
		fail_msg("'%s': '%s' is no event word", f->st.s.text, word);
	}
}

/* No verb (a word read by lemma) at word; a noun event may stand there. */
static void
expect_no_verb_at(const struct fixture *f, const char *word)
{
	const struct verb_match *m = match_at(f, word, 0);

	if (m != NULL && m->lemma != NULL) {
		dump(f);
		fail_msg("'%s': '%s' is no verb here", f->st.s.text, word);
	}
}

static void
expect_n(const struct fixture *f, size_t n)
{
	if (f->vv.n != n) {
		dump(f);
		fail_msg("'%s': %zu event words, expected %zu", f->st.s.text, f->vv.n, n);
	}
}

#define EACH_MODE(f) for ((f)->mode = MODE_PLAIN; (f)->mode < _MODE_MAX; (f)->mode++)

/* ------------------------------------------------------------ verbs by lemma */

static void
test_verbs_finds_a_verb_by_its_lemma(void **state)
{
	static const char *const texts[] = {
		"Russia attacked Georgia.", "Russian troops are attacking Georgia.", NULL
	};
	struct fixture *f = *state;

	EACH_MODE(f) {
		for (size_t i = 0; texts[i] != NULL; i++) {
			const struct verb_match *m;

			run(f, texts[i], f->mode);
			expect_n(f, 1);
			m = &f->vv.v[0];
			assert_string_equal(m->code, "190");
			if (m->lemma == NULL) {
				dump(f);
				fail_msg("'%s': '%s' is a verb", texts[i], f->st.s.words[m->tok]);
			}
			assert_string_equal(m->lemma, "attack");
			assert_string_equal(m->pattern->lemma, "attack");
			assert_int_equal(m->tok_end, m->tok + 1);
			assert_true(strncmp(f->st.s.words[m->tok], "attack", 6) == 0);
			assert_false(m->passive);
			assert_false(m->negated);
			assert_false(m->reduced);
		}
	}
}

static void
test_verbs_finds_an_irregular_form(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		run(f, "Iran met Iraq.", f->mode);
		assert_string_equal(expect_at(f, "met", "040")->lemma, "meet");
		run(f, "Russia fought Chechen rebels.", f->mode);
		assert_string_equal(expect_at(f, "fought", "190")->lemma, "fight");
		/* A form no verb has is looked up as a noun, whatever its tag. */
		run(f, "North Korea test-fired two missiles.", f->mode);
		assert_null(expect_at(f, "test-fired", "150")->lemma);
		/* The past of one verb and the base of another: "lay" (lie, lay),
		 * the second only with its further words ("wound up" is no wounding). */
		run(f, "The rebels lay down their weapons on Monday.", f->mode);
		assert_string_equal(expect_at(f, "lay", "0873")->lemma, "lay");
		run(f, "Andreotti wound up his consultations.", f->mode);
		expect_none_at(f, "wound");
	}
}

/* A phrasal verb's particle may follow its object: "handed the prisoners over". */
static void
test_verbs_finds_a_particle_after_the_object(void **state)
{
	struct fixture *f = *state;

	run(f, "Hamas handed the prisoners over to Egypt.", MODE_TAGGED);
	expect_at(f, "handed", "0841");
	run(f, "The rebels handed their weapons over.", MODE_TAGGED);
	expect_at(f, "handed", "0873");
}

static void
test_verbs_covers_the_words_of_the_pattern(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		const struct verb_match *m;

		run(f, "Iraq met with Iran.", f->mode);
		expect_n(f, 1);
		m = expect_at(f, "met", "040");
		assert_string_equal(m->pattern->text, "meet with");
		assert_int_equal(m->tok_end, stage_tok(&f->st.s, "with", 0) + 1);
	}
}

static void
test_verbs_takes_the_most_specific_pattern(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		const struct verb_match *m;

		/* "demand" 100, refined by "demand release" 1053 (README, "Specificity"). */
		run(f, "Britain demanded the release of the sailors.", f->mode);
		m = expect_at(f, "demanded", "1053");
		assert_true(m->tok_end > stage_tok(&f->st.s, "release", 0));
		expect_none_at(f, "release");
		run(f, "Britain demanded an apology.", f->mode);
		expect_at(f, "demanded", "100");
		/* "accuse" 112, "accuse of corruption" 1121 with the object between. */
		run(f, "Iraq accused the government of corruption.", f->mode);
		expect_at(f, "accused", "1121");
	}
}

static void
test_verbs_looks_for_pattern_words_only_a_few_tokens_on(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		/* "release" is nine tokens after "demanded": too far to refine it. */
		run(f, "Britain demanded that the government in London finally order the release of the sailors.",
		    f->mode);
		expect_at(f, "demanded", "100");
	}
	/* With tags, the verb after "to" follows it, past an adverb at most;
	 * a noun may stand further ("agreed to US mediation"). */
	run(f, "The president promised to hold free elections.", MODE_TAGGED);
	assert_true(match_at(f, "promised", 0) == NULL || strcmp(match_at(f, "promised", 0)->code, "0353") != 0);
	run(f, "Iran agreed to immediately free the prisoners.", MODE_TAGGED);
	expect_at(f, "agreed", "0353");
	/* "with" after a named recipient leads to what is given, or charged. */
	run(f, "Germany provided Iraq with weapons.", MODE_TAGGED);
	expect_at(f, "provided", "072");
	/* So does "with" after a recipient a role or people word names. */
	run(f, "The United States supplied the rebels with weapons.", MODE_TAGGED);
	expect_at(f, "supplied", "072");
	run(f, "Britain provided the Kenyan government with humanitarian assistance.", MODE_TAGGED);
	expect_at(f, "provided", "070");
	run(f, "The FTC charged Kraft with false advertising.", MODE_TAGGED);
	assert_string_equal(expect_at(f, "charged", "112")->lemma, "charge");
}

/*
 * With tags, a pattern word is not looked for past a noun and its
 * preposition: "stepped up attacks on Afghan security forces" steps up
 * attacks (the light verb's object, 190 from "attack"), not security
 * (151); "of" stays inside the noun phrase ("returned dozens of looted
 * artifacts" returns property, 0842).
 */
static void
test_verbs_pattern_gap_stops_at_a_noun_and_its_preposition(void **state)
{
	struct fixture *f = *state;

	run(f, "Rebels stepped up attacks on Afghan security forces.", MODE_TAGGED);
	expect_none_at(f, "stepped");
	expect_at(f, "attacks", "190");
	run(f, "Rebels stepped up security around the camp.", MODE_TAGGED);
	expect_at(f, "stepped", "151");
	run(f, "The government returned dozens of looted artifacts to Peru.", MODE_TAGGED);
	expect_at(f, "returned", "0842");
	/* An amount the tagger reads as a number fills a class of nouns. */
	run(f, "Germany contributed $46 million to the fund.", MODE_TAGGED);
	expect_at(f, "contributed", "071");
	/* An amount's "in" is inside the noun phrase: "100 million euros in aid". */
	run(f, "The EU approved 100 million euros in aid for Syria.", MODE_TAGGED);
	expect_at(f, "approved", "071");
	/* A pattern's preposition after a noun in the gap is the noun's: no "call on". */
	run(f, "The president called Prime Minister Abe on Friday.", MODE_TAGGED);
	expect_none_at(f, "called");
	/* ... but a day between the verb and its preposition is no object. */
	run(f, "The president called on Friday on Japan to act.", MODE_TAGGED);
	expect_at(f, "called", "020");
	/* A preposition the pattern follows with a noun of its own is no object's:
	 * "take to court", "stab to death". */
	run(f, "The government took the newspaper to court.", MODE_TAGGED);
	expect_at(f, "took", "115");
	run(f, "Extremists stabbed a temple guard to death.", MODE_TAGGED);
	expect_at(f, "stabbed", "1823");
	/* ... but "to" and a verb after a noun is the noun's purpose: no "agree to meet". */
	run(f, "The bank agreed a large loan to meet the deficit.", MODE_TAGGED);
	expect_at(f, "agreed", "030");	/* "agree", not "agree to meet" (036) */
}

/* A "-" pattern covers words that are no event: one fights inflation without attacking anyone. */
static void
test_verbs_a_no_event_pattern_hides_the_verb(void **state)
{
	struct fixture *f = *state;

	/* With tags, as extract codes every sentence that may hold an event. */
	run(f, "The central bank will fight inflation.", MODE_TAGGED);
	expect_none_at(f, "fight");
	expect_n(f, 0);
	run(f, "Rebels fight government troops.", MODE_TAGGED);
	expect_at(f, "fight", "190");
	run(f, "Germany gave funds to fight the Ebola epidemic in West Africa.", MODE_TAGGED);
	expect_none_at(f, "fight");
}

/* With tags, a passive verb's pattern object may be its subject's head. */
static void
test_verbs_matches_a_passive_verb_with_its_subject_as_object(void **state)
{
	struct fixture *f = *state;
	const struct verb_match *m;

	run(f, "Hundreds of political prisoners have been released by rebel forces.", MODE_TAGGED);
	m = expect_at(f, "released", "0841");
	assert_true(m->passive);
	/* Not an active verb, and not a subject that no pattern names. */
	run(f, "The statement was released by the ministry.", MODE_TAGGED);
	expect_none_at(f, "released");
	/* The agent after "by" is no object: the ships are released, not the guards. */
	run(f, "The seized ships were released by the Revolutionary Guards.", MODE_TAGGED);
	m = expect_at(f, "released", "0842");
	assert_true(m->passive);
}

/* ------------------------------------------------------------ nominal events */

static void
test_verbs_finds_a_nominal_event(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		const struct verb_match *m;

		run(f, "The talks were useful.", f->mode);
		expect_n(f, 1);
		m = expect_at(f, "talks", "040");
		assert_non_null(m->noun);
		assert_null(m->lemma);
		assert_null(m->pattern);
		assert_int_equal(m->tok_end, m->tok + 1);
		assert_false(m->passive);
	}
}

static void
test_verbs_takes_the_longest_nominal_event(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		const struct verb_match *m;

		run(f, "The peace talks were useful.", f->mode);
		expect_n(f, 1);
		m = expect_at(f, "peace", "046");
		assert_int_equal(m->tok_end, stage_tok(&f->st.s, "talks", 0) + 1);
	}
}

static void
test_verbs_reads_a_verb_form_after_a_determiner_as_a_noun(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		/* "the attack" is the noun event "=attack", not the verb. */
		run(f, "The attack on Gaza angered Egypt.", f->mode);
		assert_non_null(expect_at(f, "attack", "190")->noun);
		/* "Iran's support" is no verb (and "support" is no noun event). */
		run(f, "Iran's support for Syria angered Israel.", f->mode);
		expect_no_verb_at(f, "support");
		run(f, "Its first attack on Gaza angered Egypt.", f->mode);
		expect_no_verb_at(f, "attack");
	}
	/* An ordinal read as an adverb before a finite verb leaves it a verb
	 * (the tagger tells a past tense from a noun). */
	run(f, "Lithuania first opened its borders to refugees in 1997.", MODE_TAGGED);
	assert_null(expect_at(f, "opened", "075")->noun);
}

static void
test_verbs_skips_phrases_that_are_no_event(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		run(f, "The Israeli envoy suffered a heart attack in Cairo.", f->mode);
		expect_n(f, 0);
		run(f, "The price war hurt both airlines.", f->mode);
		expect_n(f, 0);
	}
}

/* ------------------------------------------------------------ where a verb is not one */

static void
test_verbs_reads_a_capitalised_word_in_mid_sentence_as_a_name(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		run(f, "Leaders of the Protest Party met Iraqi officials.", f->mode);
		expect_none_at(f, "protest");
		expect_at(f, "met", "040");
	}
	/* ... except in a headline's title case, where the tagger's verb is a verb */
	run(f, "U.S. Lifts Travel Ban On Cuba", MODE_TAGGED);
	expect_at(f, "lifts", "081");
	run(f, "Russia Attacks Ukrainian Ports", MODE_TAGGED);
	expect_at(f, "attacks", "190");
	/* A line in capitals is no headline. */
	run(f, "Iraqi Officials MET THE LEADERS OF THE PROTEST PARTY", MODE_TAGGED);
	expect_none_at(f, "met");
}

static void
test_verbs_reads_no_gerund_after_a_preposition(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		run(f, "The United States accused Iran of supporting militias.", f->mode);
		expect_at(f, "accused", "112");
		expect_none_at(f, "supporting");
	}
}

static void
test_verbs_reads_the_base_form_after_to(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		/* A planned seizure is still an event word; "plan to" governs it (govern.h). */
		run(f, "Iran plans to seize the ships.", f->mode);
		assert_string_equal(expect_at(f, "seize", "1711")->lemma, "seize");
		/* "to attacks" is no infinitive. */
		run(f, "Iraq responded to attacks by Iran.", f->mode);
		expect_no_verb_at(f, "attacks");
	}
}

static void
test_verbs_keeps_a_governing_event_word_and_what_it_governs(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		/* Both are event words; the governor is consumed later, by govern. */
		run(f, "Iran threatened to seize Iraqi ships.", f->mode);
		expect_at(f, "threatened", "130");
		expect_at(f, "seize", "1711");
	}
}

static void
test_verbs_keeps_the_object_of_a_light_verb(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		/* "extend support": the verb form is the light verb's object, an event
		 * word. ("provide support" is a pattern of its own: aid, 070.) */
		run(f, "The U.S. will extend support to Iraq.", f->mode);
		expect_at(f, "support", "051");
	}
	/* An -ing noun is a thing done: no offer in "completed a public offering". */
	run(f, "The company completed a public offering of shares.", MODE_TAGGED);
	expect_none_at(f, "offering");
}

static void
test_verbs_reads_a_progressive_tagged_as_an_adjective_as_a_verb(void **state)
{
	struct fixture *f = *state;

	/* The tagger reads "striking" as an adjective; after "is" (and an
	 * adverb) with a noun phrase after it, it is the progressive verb. */
	f->mode = MODE_TAGGED;
	run(f, "The IDF is currently striking militant targets in Gaza.", f->mode);
	if (f->st.s.tags[stage_tok(&f->st.s, "striking", 0)] != POS_JJ)
		skip();	/* the tagger's reading changed: nothing left to test */
	expect_at(f, "striking", "190");
	/* Not an adjective that ends the clause, nor one after a determiner. */
	run(f, "The results of the strikes were striking.", f->mode);
	expect_n(f, 0);
}

static void
test_verbs_pattern_gap_crosses_a_comma_between_two_modifiers(void **state)
{
	struct fixture *f = *state;

	f->mode = MODE_TAGGED;
	run(f, "The IMF approved a zero-interest, $118.2-million loan for Mozambique.", f->mode);
	expect_at(f, "approved", "071");
	/* A comma after anything but an adjective still ends the gap. */
	run(f, "The IMF approved the plan quickly, and a loan followed.", f->mode);
	expect_none_at(f, "approved");
	/* Money handed over is aid in money, as given, sent or donated. */
	run(f, "The UAE handed over $10 million to the central bank of Sudan.", f->mode);
	expect_at(f, "handed", "071");
	run(f, "Donors handed over two billion dollars to Haiti.", f->mode);
	expect_at(f, "handed", "071");
}

/*
 * Patterns over word classes reach every member of the class, not a list of
 * objects: aid shipped or dispatched, money disbursed, a release of people
 * ordered, restrictions slapped on; and not their other objects.
 */
static void
test_verbs_class_patterns_take_any_member_of_the_class(void **state)
{
	struct fixture *f = *state;

	f->mode = MODE_TAGGED;
	run(f, "China shipped vaccines to Cambodia.", f->mode);
	expect_at(f, "shipped", "070");
	run(f, "India dispatched relief supplies to Nepal.", f->mode);
	expect_at(f, "dispatched", "070");
	run(f, "The IMF disbursed $1 billion to Pakistan.", f->mode);
	expect_at(f, "disbursed", "071");
	run(f, "The court ordered the release of the activist.", f->mode);
	expect_at(f, "ordered", "0841");
	run(f, "Brussels slapped new curbs on Minsk.", f->mode);
	expect_at(f, "slapped", "163");
	/* Not what is no aid, nor a release of things. */
	run(f, "The firm shipped cars to Japan.", f->mode);
	expect_none_at(f, "shipped");
	run(f, "Officials ordered the release of water from the dam.", f->mode);
	expect_none_at(f, "ordered");
}

/* A gerund after a preposition is no event of its own, but after "by" (the means) or "after" it is an act. */
static void
test_verbs_a_gerund_after_by_or_after_is_an_act(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		run(f, "Iran retaliated by expelling two Iraqi diplomats.", f->mode);
		expect_at(f, "expelling", "161");
		run(f, "Iraq started the war by invading Iran.", f->mode);
		expect_at(f, "invading", "190");
		run(f, "Iran withdrew after attacking Iraq.", f->mode);
		expect_at(f, "attacking", "190");
		run(f, "Britain accused Iran of supporting the rebels.", f->mode);
		expect_none_at(f, "supporting");
	}
}

/* A past form the tagger never saw, between a subject and an object, is a verb. */
static void
test_verbs_reads_an_unseen_past_form_after_a_subject_as_a_verb(void **state)
{
	struct fixture *f = *state;

	f->mode = MODE_TAGGED;
	run(f, "Iran forgave Iraq on Monday.", f->mode);
	if (f->st.s.tags[stage_tok(&f->st.s, "forgave", 0)] == POS_VBD)
		skip();	/* the tagger knows the form now: nothing left to test */
	expect_at(f, "forgave", "056");
	run(f, "Rebels overran the town.", f->mode);
	expect_at(f, "overran", "192");
	/* ... or an amount's "more than" after it */
	run(f, "Boko Haram abducted more than 200 schoolgirls.", f->mode);
	expect_at(f, "abducted", "181");
	/* Not a participle used as a noun or before a plural. */
	run(f, "The Iranian wounded were taken to hospital.", f->mode);
	expect_none_at(f, "wounded");
}

/* A noun pattern also matches the regular plural of its last word; grammar.txt's notevent lines still rule. */
static void
test_verbs_noun_patterns_match_their_plural(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		run(f, "The truces between Iran and Iraq held.", f->mode);
		expect_at(f, "truces", "0871");
		run(f, "Gun battles erupted in Kabul.", f->mode);
		expect_at(f, "gun", "193");
		run(f, "The bank reported customer inquiries.", f->mode);
		expect_none_at(f, "inquiries");
	}
}

/* A noun of a pattern matches its plural ("sign treaty": "signed two treaties"), not a plural its singular. */
static void
test_verbs_pattern_nouns_match_their_plural(void **state)
{
	struct fixture *f = *state;

	f->mode = MODE_TAGGED;
	run(f, "Iran and Iraq signed two treaties on Monday.", f->mode);
	expect_at(f, "signed", "057");
	run(f, "Japan agreed to stimulate domestic demand.", f->mode);
	expect_at(f, "agreed", "030");
}

/* The event noun of a light verb is an event word after a determiner too, before its preposition. */
static void
test_verbs_reads_the_event_noun_of_a_light_verb_after_a_determiner(void **state)
{
	struct fixture *f = *state;

	f->mode = MODE_TAGGED;
	run(f, "Iran made an offer to Iraq.", f->mode);
	expect_at(f, "offer", "030");
	run(f, "Iran issued a demand to Iraq.", f->mode);
	expect_at(f, "demand", "100");
	/* Not without the preposition, nor another form: "an agreed surcharge". */
	run(f, "Iran discussed the offer with Iraq.", f->mode);
	expect_none_at(f, "offer");
	run(f, "Firms began to pay an agreed surcharge.", f->mode);
	expect_none_at(f, "agreed");
}

/* ------------------------------------------------------------ voice */

static void
test_verbs_marks_the_passive(void **state)
{
	static const char *const texts[] = {
		"Israeli soldiers were attacked by Palestinian militants.",
		"Israeli soldiers were reportedly attacked by Palestinian militants.",
		"Two villages have been attacked.", NULL
	};
	struct fixture *f = *state;

	EACH_MODE(f) {
		for (size_t i = 0; texts[i] != NULL; i++) {
			run(f, texts[i], f->mode);
			assert_true(expect_at(f, "attacked", "190")->passive);
		}
		run(f, "Palestinian militants attacked Israeli soldiers.", f->mode);
		assert_false(expect_at(f, "attacked", "190")->passive);
		run(f, "Palestinian militants have attacked Israeli soldiers.", f->mode);
		assert_false(expect_at(f, "attacked", "190")->passive);
	}
}

static void
test_verbs_marks_a_participle_with_its_agent_as_reduced_and_passive(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		const struct verb_match *m;

		run(f, "Kenyan officials attended a dinner hosted by the Ugandan president.", f->mode);
		m = expect_at(f, "hosted", "043");
		assert_true(m->passive);
		assert_true(m->reduced);
	}
}

static void
test_verbs_marks_a_participle_after_a_noun_as_reduced(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		run(f, "Demonstrators protesting the election clashed with soldiers.", f->mode);
		assert_true(expect_at(f, "protesting", "140")->reduced);
		assert_false(expect_at(f, "clashed", "190")->reduced);
	}
}

/* ------------------------------------------------------------ negation */

static void
test_verbs_marks_negation(void **state)
{
	static const char *const texts[] = {
		"China did not attack Japan.", "China didn't attack Japan.", "China never attacked Japan.",
		"China will not attack Japan.", "Egypt refused to attack Libya.", NULL
	};
	struct fixture *f = *state;

	EACH_MODE(f) {
		for (size_t i = 0; texts[i] != NULL; i++) {
			const struct verb_match *m;

			run(f, texts[i], f->mode);
			m = f->vv.n > 0 ? &f->vv.v[f->vv.n - 1] : NULL;
			if (m == NULL || strcmp(m->code, "190") != 0 || !m->negated) {
				dump(f);
				fail_msg("'%s': the attack is negated", texts[i]);
			}
		}
	}
}

static void
test_verbs_negates_only_the_negated_word(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		run(f, "China attacked Japan and did not apologize.", f->mode);
		assert_false(expect_at(f, "attacked", "190")->negated);
		assert_true(expect_at(f, "apologize", "055")->negated);
	}
}

/* ------------------------------------------------------------ order, reuse, hostile input */

static void
test_verbs_lists_event_words_in_text_order(void **state)
{
	struct fixture *f = *state;

	EACH_MODE(f) {
		run(f, "Iran attacked Iraq and Syria condemned Iran.", f->mode);
		expect_n(f, 2);
		assert_string_equal(f->vv.v[0].code, "190");
		assert_string_equal(f->vv.v[1].code, "111");
		/* out is cleared first */
		run(f, "Iran met Iraq.", f->mode);
		expect_n(f, 1);
	}
}

static void
test_verbs_finds_nothing_in_nothing(void **state)
{
	static const char *const texts[] = { "", "   ", "... , ; \" ( ) '", "Attack", "attack", NULL };
	struct fixture *f = *state;

	EACH_MODE(f) {
		for (size_t i = 0; texts[i] != NULL; i++) {
			run(f, texts[i], f->mode);
			assert_true(f->vv.n <= 1);	/* a lone "attack" may be read either way */
		}
		run(f, "", f->mode);
		expect_n(f, 0);
	}
}

/*
 * lexicon.h: the word kinds are a filter, "a word without the bit of a kind
 * begins no phrase of it". Filtering may only save lookups, never change
 * what is found.
 */
static void
test_verbs_finds_the_same_with_and_without_the_kind_filter(void **state)
{
	static const char *const texts[] = {
		"Britain demanded the release of the sailors.", "The peace talks were useful.",
		"Israeli soldiers were attacked by Palestinian militants.",
		"Kenyan officials attended a dinner hosted by the Ugandan president.",
		"The Israeli envoy suffered a heart attack in Cairo.", "China didn't attack Japan.",
		"Iraq accused the government of corruption.", "The attack on Gaza angered Egypt.",
		"Iran said it would be willing to take part in new talks with the United States.", NULL
	};
	struct fixture	*f = *state;
	struct verbvec	 plain = { 0 };

	for (size_t i = 0; texts[i] != NULL; i++) {
		run(f, texts[i], MODE_PLAIN);
		plain.n = 0;
		for (size_t k = 0; k < f->vv.n; k++) {
			if (plain.n == plain.cap) {
				plain.cap = plain.cap ? plain.cap * 2 : 8;
				assert_non_null(plain.v = realloc(plain.v, plain.cap * sizeof(*plain.v)));
			}
			plain.v[plain.n++] = f->vv.v[k];
		}
		run(f, texts[i], MODE_KINDS);
		if (f->vv.n != plain.n) {
			dump(f);
			fail_msg("'%s': %zu event words with the filter, %zu without", texts[i], f->vv.n, plain.n);
		}
		for (size_t k = 0; k < plain.n; k++) {
			assert_int_equal(f->vv.v[k].tok, plain.v[k].tok);
			assert_int_equal(f->vv.v[k].tok_end, plain.v[k].tok_end);
			assert_string_equal(f->vv.v[k].code, plain.v[k].code);
			assert_int_equal(f->vv.v[k].passive, plain.v[k].passive);
			assert_int_equal(f->vv.v[k].negated, plain.v[k].negated);
		}
	}
	verbvec_release(&plain);
}

/* ------------------------------------------------------------ known failures (skipped)
 *
 * What a reader of verbs.h expects and the stage does not do today. Each
 * is skipped by STAGE_KNOWN_FAILURE() (stage.h); NE_KNOWN_FAILURES=1 runs them.
 */

static void
test_verbs_reads_a_present_tense_verb_as_a_verb(void **state)
{
	struct fixture *f = *state;

	/*
	 * Expectation: in "Russia attacks Georgia" the word after the subject is
	 * the verb "attack" (lemma "attack", pattern "attack"), as "attacked" is.
	 * Today the noun event "=attacks" is looked up first and wins in every
	 * mode (the tagger, when loaded, also reads the word as a plural noun),
	 * so the record says lemma "attacks", pattern "=attacks", and the passive
	 * and governor rules for verbs do not apply.
	 */
	STAGE_KNOWN_FAILURE();
	EACH_MODE(f) {
		const struct verb_match *m;

		run(f, "Russia attacks Georgia.", f->mode);
		expect_n(f, 1);
		m = expect_at(f, "attacks", "190");
		if (m->lemma == NULL) {
			dump(f);
			fail_msg("'attacks' is a verb here");
		}
		assert_string_equal(m->lemma, "attack");
	}
}

static void
test_verbs_reads_a_base_form_after_to_or_a_modal_as_a_verb_without_the_tagger(void **state)
{
	struct fixture *f = *state;

	/*
	 * Expectation (verbs.c: without a tagger a word whose lemma has
	 * patterns is a verb unless its neighbours say it is a noun): "to attack"
	 * and "will attack" are the verb. Without tags the noun event "=attack"
	 * is found first and wins. With the tagger the verb is found.
	 */
	STAGE_KNOWN_FAILURE();
	for (f->mode = MODE_PLAIN; f->mode <= MODE_KINDS; f->mode++) {
		run(f, "Iran plans to attack Iraq.", f->mode);
		if (expect_at(f, "attack", "190")->lemma == NULL) {
			dump(f);
			fail_msg("'to attack' is a verb");
		}
		run(f, "Russia will attack Georgia.", f->mode);
		if (expect_at(f, "attack", "190")->lemma == NULL) {
			dump(f);
			fail_msg("'will attack' is a verb");
		}
	}
}

int
main(void)
{
#define T(name) cmocka_unit_test_teardown(name, teardown)
	const struct CMUnitTest tests[] = {
		T(test_verbs_finds_a_verb_by_its_lemma),
		T(test_verbs_finds_an_irregular_form),
		T(test_verbs_finds_a_particle_after_the_object),
		T(test_verbs_covers_the_words_of_the_pattern),
		T(test_verbs_takes_the_most_specific_pattern),
		T(test_verbs_looks_for_pattern_words_only_a_few_tokens_on),
		T(test_verbs_pattern_gap_stops_at_a_noun_and_its_preposition),
		T(test_verbs_matches_a_passive_verb_with_its_subject_as_object),
		T(test_verbs_a_no_event_pattern_hides_the_verb),
		T(test_verbs_finds_a_nominal_event),
		T(test_verbs_takes_the_longest_nominal_event),
		T(test_verbs_reads_a_verb_form_after_a_determiner_as_a_noun),
		T(test_verbs_skips_phrases_that_are_no_event),
		T(test_verbs_reads_a_capitalised_word_in_mid_sentence_as_a_name),
		T(test_verbs_reads_no_gerund_after_a_preposition),
		T(test_verbs_reads_the_base_form_after_to),
		T(test_verbs_keeps_a_governing_event_word_and_what_it_governs),
		T(test_verbs_keeps_the_object_of_a_light_verb),
		T(test_verbs_reads_a_progressive_tagged_as_an_adjective_as_a_verb),
		T(test_verbs_pattern_gap_crosses_a_comma_between_two_modifiers),
		T(test_verbs_marks_the_passive),
		T(test_verbs_marks_a_participle_with_its_agent_as_reduced_and_passive),
		T(test_verbs_marks_a_participle_after_a_noun_as_reduced),
		T(test_verbs_marks_negation),
		T(test_verbs_negates_only_the_negated_word),
		T(test_verbs_lists_event_words_in_text_order),
		T(test_verbs_finds_nothing_in_nothing),
		T(test_verbs_finds_the_same_with_and_without_the_kind_filter),
		T(test_verbs_class_patterns_take_any_member_of_the_class),
		T(test_verbs_a_gerund_after_by_or_after_is_an_act),
		T(test_verbs_reads_an_unseen_past_form_after_a_subject_as_a_verb),
		T(test_verbs_noun_patterns_match_their_plural),
		T(test_verbs_pattern_nouns_match_their_plural),
		T(test_verbs_reads_the_event_noun_of_a_light_verb_after_a_determiner),
		/* known failures, skipped */
		T(test_verbs_reads_a_present_tense_verb_as_a_verb),
		T(test_verbs_reads_a_base_form_after_to_or_a_modal_as_a_verb_without_the_tagger),
	};
#undef T
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
