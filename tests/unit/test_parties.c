/*
 * test_parties: who acts and who is acted on for one event word
 * (parties.h), over the real lexicon built in build/lexicon.
 *
 * Every sentence is written for this test; every expected subject, target,
 * speaker, agent and context country was worked out by hand from
 * parties.h (the mention before the verb, else the nearest of its clause
 * outside phrases and earlier objects; pronouns as the speaker or the
 * article's last person or group; the first object or prepositional object
 * that can introduce a target for the code, the pattern's own preposition,
 * the place of an act of force; speakers, "by" agents, "unless" and "that";
 * countries for roles that name none) before the stage was run. Sentences
 * are built as extract builds them, with the tagger's tags; the parties
 * are set up as the coder sets them up (parties_fill_context first).
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
#include "coref.h"
#include "govern.h"
#include "lexicon.h"
#include "parties.h"
#include "places.h"
#include "stage.h"
#include "verbs.h"

struct fixture {
	struct lexicon		*lx;
	struct stage_sent	 st;
	struct actorvec		 av;
	struct verbvec		 vv;
	struct clause		 cl;
	struct coref		*mem;
	uint8_t			 consumed[64];
	struct parties		 x;
	struct side		 sd;
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
setup(void **state)
{
	struct fixture *f = *state;

	assert_non_null(f->mem = coref_new());
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
	coref_free(f->mem);
	f->mem = NULL;
	return 0;
}

static void
dump(const struct fixture *f)
{
	const char *t = f->st.s.text;

	for (size_t k = 0; k < f->av.n; k++) {
		const struct actor *a = &f->av.v[k];

		print_message("  mention %zu '%.*s' code %s by_context %u first %d\n", k,
		    (int)(a->text.end - a->text.start), t + a->text.start, a->code, a->by_context, a->compound_first);
	}
	for (size_t k = 0; k < f->vv.n; k++)
		print_message("  event word '%s' code %s\n", f->st.s.words[f->vv.v[k].tok], f->vv.v[k].code);
	for (size_t k = 0; k < f->cl.nsay; k++)
		print_message("  frame verb %u content [%u,%u) trailing %d\n", f->cl.say[k].verb,
		    f->cl.say[k].content_start, f->cl.say[k].content_end, f->cl.say[k].trailing);
	if (f->sd.has) {
		const struct actor *a = parties_actor(&f->x, &f->sd);

		print_message("  side idx %d '%.*s' code %s\n", f->sd.idx, (int)(a->text.end - a->text.start),
		    t + a->text.start, a->code);
	} else
		print_message("  side: none\n");
}

/*
 * Sentence index of text as the coder sees it: event words, mentions with
 * the article memory, clause analysis, then the roles' countries. where
 * (may be NULL) is the place the sentence states.
 */
static void
prepare_in(struct fixture *f, const char *text, size_t index, const struct place *where)
{
	stage_sent_release(&f->st);
	stage_sent_init(&f->st, text, index);
	stage_sent_annotate(&f->st, f->lx, 1);
	assert_int_equal(verbs_find(f->lx, &f->st.s, &f->vv), 0);
	assert_int_equal(actors_find(f->lx, &f->st.s, f->mem, &f->av), 0);
	assert_int_equal(clause_analyse(&f->cl, f->lx, &f->st.s, &f->av, &f->vv), 0);
	memset(f->consumed, 0, sizeof(f->consumed));
	memset(&f->x, 0, sizeof(f->x));
	memset(&f->sd, 0, sizeof(f->sd));
	f->x.gc.lx = f->lx;
	f->x.gc.s = &f->st.s;
	f->x.gc.av = &f->av;
	f->x.gc.vv = &f->vv;
	f->x.gc.cl = &f->cl;
	f->x.gc.consumed = f->consumed;
	f->x.gc.nconsumed = sizeof(f->consumed);
	f->x.av = &f->av;
	f->x.mem = f->mem;
	f->x.where = where;
	parties_fill_context(&f->x);
}

static void
prepare(struct fixture *f, const char *text)
{
	prepare_in(f, text, 0, NULL);
}

static size_t
tok(const struct fixture *f, const char *w)
{
	return stage_tok(&f->st.s, w, 0);
}

static const struct verb_match *
event_at(const struct fixture *f, const char *word)
{
	size_t t = tok(f, word);

	for (size_t k = 0; k < f->vv.n; k++)
		if (f->vv.v[k].tok == t)
			return &f->vv.v[k];
	dump(f);
	fail_msg("'%s': '%s' is no event word", f->st.s.text, word);
	return NULL;
}

/* The side found must be the mention whose words are want (its code: code). */
static void
expect_side(const struct fixture *f, int found, const char *want, const char *code)
{
	const struct actor *a = found ? parties_actor(&f->x, &f->sd) : NULL;

	if (a == NULL || !stage_span_is(f->st.s.text, a->text, want) || strcmp(a->code, code) != 0) {
		dump(f);
		fail_msg("'%s': expected '%s' (%s)", f->st.s.text, want, code);
	}
}

static void
expect_no_side(const struct fixture *f, int found)
{
	if (found) {
		dump(f);
		fail_msg("'%s': expected nobody", f->st.s.text);
	}
}

static int
subject(struct fixture *f, const char *verb)
{
	return parties_subject(&f->x, tok(f, verb), &f->sd, 0);
}

static int
target(struct fixture *f, const char *word, int *between)
{
	const struct verb_match *m = event_at(f, word);

	return parties_target(&f->x, m, m->code, &f->sd, between);
}

/* ------------------------------------------------------------ subjects */

static void
test_parties_takes_the_mention_before_the_verb_as_subject(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Iran on Monday reportedly met Iraq.");
	expect_side(f, subject(f, "met"), "Iran", "IRN");
	assert_int_equal(f->sd.idx, 0);
	prepare(f, "Iran will not meet Iraq.");
	expect_side(f, subject(f, "meet"), "Iran", "IRN");
}

/* A subordinator that opens the verb's clause governs no object: its noun is the subject. */
static void
test_parties_takes_the_subject_after_a_subordinator(void **state)
{
	struct fixture *f = *state;

	prepare(f, "The move came after Iran released the sailors.");
	expect_side(f, subject(f, "released"), "Iran", "IRN");
	/* "his country": the country of the one the possessive stands for. */
	prepare(f, "Putin said his country would not lift the ban.");
	expect_side(f, subject(f, "lift"), "his country", "RUS");
	/* An apposition with a place after a compass word: the country before it acts. */
	prepare(f, "Estonia, a small country in Northern Europe, has met Russia.");
	expect_side(f, subject(f, "met"), "Estonia", "EST");
	/* A short aside in brackets stands between the subject and its verb. */
	prepare(f, "Iran (IRNA) on Monday met Iraq.");
	expect_side(f, subject(f, "met"), "Iran", "IRN");
	prepare(f, "Talks resumed before Syrian troops withdrew.");
	expect_side(f, subject(f, "withdrew"), "Syrian troops", "SYRMIL");
}

static void
test_parties_skips_a_phrase_to_find_the_subject(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Iran, in talks with Syria, met Iraq.");
	expect_side(f, subject(f, "met"), "Iran", "IRN");
}

static void
test_parties_shares_the_subject_of_coordinated_verbs(void **state)
{
	struct fixture *f = *state;

	/* Jordan is the object of "met", not the subject of "criticized". */
	prepare(f, "Israel met Jordan and criticized Syria.");
	expect_side(f, subject(f, "criticized"), "Israel", "ISR");
}

static void
test_parties_shares_a_pronoun_subject_with_a_second_predicate(void **state)
{
	struct fixture *f = *state;

	/* No mention before "and will meet": the first predicate's subject, "he", the speaker. */
	prepare(f, "Trump said he received a letter and will meet the North Korean leader soon.");
	expect_side(f, subject(f, "meet"), "he", "USAGOV");
}

static void
test_parties_skips_a_predicate_after_be_to_find_the_subject(void **state)
{
	struct fixture *f = *state;

	/* "the second-largest donor" is Germany again, not the one contributing. */
	prepare(f, "Germany has been the second-largest donor, contributing $46 million to Iraq.");
	expect_side(f, subject(f, "contributing"), "Germany", "DEU");
}

static void
test_parties_takes_the_first_member_of_a_compound_subject(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Egypt and Jordan met Syria.");
	expect_side(f, subject(f, "met"), "Egypt", "EGY");
	assert_int_equal(f->sd.idx, 0);
	assert_int_equal(f->av.v[0].compound_next, 1);
}

static void
test_parties_reads_a_reported_pronoun_as_the_speaker(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	prepare(f, "Syria says it will withdraw its troops.");
	assert_true(subject(f, "withdraw"));
	a = parties_actor(&f->x, &f->sd);
	/* The pronoun keeps its own word; its code is the antecedent's. */
	assert_int_equal(f->sd.idx, -1);
	assert_string_equal(a->code, "SYR");
	assert_true(stage_span_is(f->st.s.text, a->text, "it"));
}

static void
test_parties_reads_we_in_a_quotation_as_the_speaker(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	prepare(f, "\"We will meet Iran,\" said the Iraqi prime minister.");
	assert_true(subject(f, "meet"));
	a = parties_actor(&f->x, &f->sd);
	assert_string_equal(a->code, "IRQGOV");
	assert_true(stage_span_is(f->st.s.text, a->text, "We"));
}

static void
test_parties_reads_a_pronoun_from_the_articles_memory(void **state)
{
	struct fixture		*f = *state;
	const char		*text = "Iran rejected the offer. It attacked Iraq on Monday. "
	    "U.S. Ambassador Ryan Crocker arrived. He met Syrian officials.";
	const struct actor	*a;
	struct actor		 iran, crocker;

	/* What the coder notes of the first and third sentences. */
	prepare_in(f, text, 0, NULL);
	iran = f->av.v[0];
	coref_note_subject(f->mem, &iran, 0);
	prepare_in(f, text, 1, NULL);
	assert_true(subject(f, "attacked"));
	a = parties_actor(&f->x, &f->sd);
	assert_string_equal(a->code, "IRN");
	assert_true(stage_span_is(text, a->text, "It"));
	prepare_in(f, text, 2, NULL);
	crocker = f->av.v[0];
	coref_note_mention(f->mem, text, &crocker);
	prepare_in(f, text, 3, NULL);
	assert_true(subject(f, "met"));
	a = parties_actor(&f->x, &f->sd);
	assert_string_equal(a->code, "USAGOV");
	assert_true(stage_span_is(text, a->text, "He"));
}

static void
test_parties_reads_who_as_the_mention_before_it(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Syria criticized Iraqi rebels, who attacked Jordan on Monday.");
	expect_side(f, subject(f, "attacked"), "Iraqi rebels", "IRQREB");
}

static void
test_parties_skips_an_apposition_to_find_the_subject(void **state)
{
	struct fixture *f = *state;

	/* The U.S. is inside "of ...": the ally refused, not the U.S. */
	prepare(f, "Pakistan, a key ally of the U.S., rejected the plan.");
	expect_side(f, subject(f, "rejected"), "Pakistan", "PAK");
}

static void
test_parties_finds_no_subject_where_there_is_none(void **state)
{
	struct fixture *f = *state;

	/* Nobody before the verb, and no memory to turn to. */
	prepare(f, "Yesterday attacked Iraq.");
	expect_no_side(f, subject(f, "attacked"));
	prepare(f, "It attacked Iraq.");
	expect_no_side(f, subject(f, "attacked"));
}

/* ------------------------------------------------------------ targets */

static void
test_parties_takes_the_object_as_target(void **state)
{
	struct fixture	*f = *state;
	int		 between = -1;

	prepare(f, "Russia attacked Georgia.");
	expect_side(f, target(f, "attacked", &between), "Georgia", "GEO");
	assert_int_equal(between, 0);
	prepare(f, "Iraq met with Iran.");
	expect_side(f, target(f, "met", &between), "Iran", "IRN");
	/* A compound object: its first member. */
	prepare(f, "Germany criticized Russia and China.");
	expect_side(f, target(f, "criticized", &between), "Russia", "RUS");
}

static void
test_parties_marks_a_target_after_between(void **state)
{
	struct fixture	*f = *state;
	int		 between = 0;

	prepare(f, "Egypt mediated between Israel and Hamas.");
	expect_side(f, target(f, "mediated", &between), "Israel", "ISR");
	assert_int_equal(between, 1);
}

static void
test_parties_takes_to_and_against_as_targets(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Japan gave aid to Serbia.");
	expect_side(f, target(f, "gave", &between), "Serbia", "SRB");
	prepare(f, "Egypt protested against Israel.");
	expect_side(f, target(f, "protested", &between), "Israel", "ISR");
	/* A protest outside an embassy is aimed at it, not at the city it is in. */
	prepare(f, "Students demonstrated outside the U.S. embassy in Jakarta.");
	expect_side(f, target(f, "demonstrated", &between), "U.S. embassy", "USAGOV");
	/* Whose the thing given is names no party when where it goes is named. */
	prepare(f, "The United States returned six Iraqi artifacts to the government of Iraq.");
	expect_side(f, target(f, "returned", &between), "government of Iraq", "IRQGOV");
	/* So is whose remains are handed back. */
	prepare(f, "Hamas returned the bodies of two Israeli soldiers to Israel.");
	expect_side(f, target(f, "returned", &between), "Israel", "ISR");
	/* What is shared is no party, though "intelligence" is a role word too. */
	prepare(f, "Seoul agreed to share military intelligence.");
	assert_int_equal(target(f, "agreed", &between), 0);
}

static void
test_parties_does_not_take_the_sources_own_forces_as_target(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Iran sent its troops to Syria.");
	expect_side(f, target(f, "sent", &between), "Syria", "SYR");
}

static void
test_parties_finds_the_target_inside_the_object_phrase(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Pakistan rejected an Indian proposal.");
	expect_side(f, target(f, "rejected", &between), "Indian", "IND");
}

static void
test_parties_takes_a_party_named_inside_the_object_for_the_object(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	/* The object's head ("loans", "offers") names no party; the mention in
	 * its phrase after "from", "by" or "of" stands for it. */
	prepare(f, "Ecuador sought new loans from the IMF.");
	expect_side(f, target(f, "sought", &between), "IMF", "IGOIMF");
	prepare(f, "The Taliban spurned fresh offers of talks by the Afghan government.");
	expect_side(f, target(f, "spurned", &between), "Afghan government", "AFGGOV");
	/* Not whom the object is for (a topic or a beneficiary as often as a
	 * party), not two phrases deep, not through a participle, not a "that"
	 * clause, not after a time noun. */
	prepare(f, "Brazil rejected a larger role for the IMF.");
	expect_no_side(f, target(f, "rejected", &between));
	prepare(f, "Mexico rejected an end to the system of quotas for Canada.");
	expect_no_side(f, target(f, "rejected", &between));
	prepare(f, "Canada rejected the concessions sought by Brazil.");
	expect_no_side(f, target(f, "rejected", &between));
	prepare(f, "Japan agreed that the offers by Brazil were fair.");
	expect_no_side(f, target(f, "agreed", &between));
	prepare(f, "Japan signed the plan agreed this week by Brazil.");
	expect_no_side(f, target(f, "agreed", &between));
}

static void
test_parties_reads_an_object_pronoun_after_and_as_the_first_verbs_object(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "A Moscow court convicted a Norwegian man of spying and sentenced him to 14 years.");
	expect_side(f, target(f, "sentenced", &between), "him", "NORCVL");
	/* Only across "and": after a semicolon "him" is no object of this clause's first verb. */
	prepare(f, "A Moscow court convicted a Norwegian man of spying; judges sentenced him to 14 years.");
	expect_no_side(f, target(f, "sentenced", &between));
}

static void
test_parties_gives_a_verb_without_object_the_object_of_the_next_after_and(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Four American frigates shelled and destroyed two Iranian platforms.");
	expect_side(f, target(f, "shelled", &between), "Iranian", "IRN");
	/* Only a verb right after "and" (adverbs aside) shares its object. */
	prepare(f, "Four American frigates shelled and then sank, after the Iranian platforms fired.");
	expect_no_side(f, target(f, "shelled", &between));
}

static void
test_parties_takes_the_party_after_with_over_the_owner_of_the_object(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Maduro closed Venezuela's land borders with Brazil.");
	expect_side(f, target(f, "closed", &between), "Brazil", "BRA");
	/* A demand's author stays its target: the "with" is inside another clause. */
	prepare(f, "South Korea rejected North Korea's demand to sever its alliance with Japan.");
	expect_side(f, target(f, "rejected", &between), "North Korea's", "PRK");
}

/* What violence hits is its target when no party is named, in the place's country when one follows. */
static void
test_parties_takes_what_violence_hit_as_target(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Taliban fighters attacked an army base in Helmand.");
	expect_side(f, target(f, "attacked", &between), "an army base in Helmand", "AFG");
	prepare(f, "Rebels attacked a village.");
	expect_side(f, target(f, "attacked", &between), "a village", "");
	prepare(f, "Gunmen opened fire on a crowded bus.");
	expect_side(f, target(f, "opened", &between), "a crowded bus", "");
	/* A plan, a time or a move is no thing hit; nor is the place alone the object then. */
	prepare(f, "Rebels attacked the plan.");
	expect_no_side(f, target(f, "attacked", &between));
	prepare(f, "Rebels attacked on Monday night.");
	expect_no_side(f, target(f, "attacked", &between));
	prepare(f, "The union is fighting the move in Texas.");
	expect_side(f, target(f, "fighting", &between), "Texas", "USA");
}

/* People no role word names are the target when they are the object, of any event. */
static void
test_parties_takes_people_in_the_object_as_target(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Labour MPs accused the Conservatives of planning tax increases.");
	expect_side(f, target(f, "accused", &between), "the Conservatives", "");
	/* A thing is no person: no target for a plan. */
	prepare(f, "Iran criticised the plan.");
	expect_no_side(f, target(f, "criticised", &between));
}

static void
test_parties_makes_no_topic_a_target(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	/* "on" introduces a target only for conflict. */
	prepare(f, "The United States and Iran held talks on Iraq security.");
	expect_no_side(f, target(f, "held", &between));
}

static void
test_parties_takes_the_prepositions_that_fit_the_code(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Israel launched attacks on Gaza.");
	expect_side(f, target(f, "launched", &between), "Gaza", "PSE");	/* "launch attacks" */
	prepare(f, "Japan pledged aid for Serbia.");
	expect_side(f, target(f, "pledged", &between), "Serbia", "SRB");
	/* "of" after an event noun. */
	prepare(f, "The invasion of Kuwait angered Egypt.");
	expect_side(f, target(f, "invasion", &between), "Kuwait", "KWT");
}

static void
test_parties_takes_the_patterns_own_preposition(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "The Iranian envoy arrived in Syria.");
	expect_side(f, target(f, "arrived", &between), "Syria", "SYR");
}

static void
test_parties_stops_at_the_clause_boundary(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Iran protested after Syria attacked Iraq.");
	expect_no_side(f, target(f, "protested", &between));
}

static void
test_parties_takes_the_place_of_an_act_of_force(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Turkish troops fought in Iraq.");
	expect_side(f, target(f, "fought", &between), "Iraq", "IRQ");
	/* Aid goes to the country its receivers are in. */
	prepare(f, "The EU provides support for agricultural projects in Nigeria.");
	expect_side(f, target(f, "provides", &between), "Nigeria", "NGA");
	/* Not a verbal act: where a demand is made names no target. */
	prepare(f, "The EU demanded reforms in Nigeria.");
	expect_no_side(f, target(f, "demanded", &between));
}

/* Refuge is sought in a country; a truce, a curfew eased, hold in a place. */
static void
test_parties_takes_the_place_of_refuge_and_of_a_truce(void **state)
{
	struct fixture	*f = *state;
	int		 between;

	prepare(f, "Thousands of Syrian refugees sought refuge in Turkey.");
	expect_side(f, target(f, "sought", &between), "Turkey", "TUR");
	prepare(f, "Haftar declared a ceasefire in Libya.");
	expect_side(f, target(f, "declared", &between), "Libya", "LBY");
	/* A rejection answers whoever made the proposal. */
	prepare(f, "Iran rejected a request by Iraq to open the border.");
	expect_side(f, target(f, "rejected", &between), "Iraq", "IRQ");
	prepare(f, "Syria refused an offer from Turkey.");
	expect_side(f, target(f, "refused", &between), "Turkey", "TUR");
	/* ... a concession whoever made the demands ... */
	prepare(f, "The Nepalese government accepted the demands of Indian traders.");
	expect_side(f, target(f, "accepted", &between), "Indian traders", "INDBUS");
	/* ... and a welcome answers whoever made the decision. */
	prepare(f, "Russia welcomed the decision by Germany to reopen the embassy.");
	expect_side(f, target(f, "welcomed", &between), "Germany", "DEU");
	/* Whom cooperation hands over is no party; where they go is. */
	prepare(f, "Britain extradited Abu Hamza to the United States.");
	expect_side(f, target(f, "extradited", &between), "United States", "USA");
	/* A force is sent even when it is named; a released captive is the target. */
	prepare(f, "The United Nations refused to send peacekeepers to Darfur.");
	expect_side(f, target(f, "refused", &between), "Darfur", "SDN");
	/* What is sent is no party; where it goes is, also after "to" + verb. */
	prepare(f, "Obama offered to send troops to Uganda.");
	expect_side(f, target(f, "offered", &between), "Uganda", "UGA");
	/* Whose support it is does not receive it; whom it is for does. */
	prepare(f, "Charles Michel reaffirmed the European Union's support for Ireland.");
	expect_side(f, target(f, "reaffirmed", &between), "Ireland", "IRL");
	prepare(f, "The envoy promised Washington's support for Kenya.");
	expect_side(f, target(f, "promised", &between), "Kenya", "KEN");
	/* A capital acted on is its country, not the government it can stand for. */
	prepare(f, "The Thai government extended the curfew in Bangkok.");
	expect_side(f, target(f, "extended", &between), "Bangkok", "THA");
	/* A meeting's place is where, not whom. */
	prepare(f, "Iran met Syria in Iraq.");
	expect_side(f, target(f, "met", &between), "Syria", "SYR");
}

static void
test_parties_takes_the_stated_place_of_an_act_of_force(void **state)
{
	struct fixture		*f = *state;
	const char		*text = "Soldiers imposed a curfew in Cizre.";
	const char		*p = strstr(text, "Cizre");
	struct place		 where = { "Cizre", NULL, "TUR", 37.3, 42.2, 0, "city", "cities.tsv", 1,
	    { (uint32_t)(p - text), (uint32_t)(p - text + 5) } };
	const struct actor	*a;
	int			 between;

	prepare_in(f, text, 0, &where);
	assert_true(target(f, "imposed", &between));
	a = parties_actor(&f->x, &f->sd);
	assert_string_equal(a->country, "TUR");
	assert_string_equal(a->code, "TUR");
	assert_true(stage_span_is(text, a->text, "Cizre"));
	/* A meeting is no act of force: the place is where, not whom. */
	prepare_in(f, "Iran met in Cizre.", 0, &where);
	where.span = (struct span){ 12, 17 };
	expect_no_side(f, target(f, "met", &between));
}

/* ------------------------------------------------------------ agents, conditions, "that", speakers */

static void
test_parties_finds_the_agent_of_a_passive(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Israeli soldiers were attacked by Palestinian militants.");
	expect_side(f, parties_agent(&f->x, event_at(f, "attacked"), &f->sd), "Palestinian militants", "PSEREB");
	prepare(f, "Israeli soldiers were attacked on Monday.");
	expect_no_side(f, parties_agent(&f->x, event_at(f, "attacked"), &f->sd));
}

static void
test_parties_finds_the_agent_of_an_event_noun(void **state)
{
	struct fixture *f = *state;

	prepare(f, "An attack by Taliban militants killed five soldiers.");
	expect_side(f, parties_noun_agent(&f->x, event_at(f, "attack"), &f->sd), "Taliban militants", "AFGINSTAL");
	prepare(f, "A visit to Moscow by Germany was under consideration.");
	expect_side(f, parties_noun_agent(&f->x, event_at(f, "visit"), &f->sd), "Germany", "DEU");
	/* The agent of a passive verb after the noun is not the noun's. */
	prepare(f, "The visit was approved by Germany.");
	expect_no_side(f, parties_noun_agent(&f->x, event_at(f, "visit"), &f->sd));
}

static void
test_parties_finds_whom_a_condition_names(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Iran threatened to stop all oil exports unless Britain freed the ship.");
	expect_side(f, parties_condition(&f->x, &f->sd), "Britain", "GBR");
	prepare(f, "Iran threatened to stop all oil exports.");
	expect_no_side(f, parties_condition(&f->x, &f->sd));
	/* "until", and a role with no country named after it. */
	prepare(f, "The teachers will not end the strike until the government pays them.");
	expect_side(f, parties_condition(&f->x, &f->sd), "government", "");
	/* The agent of a passive condition, however far the demands run. */
	prepare(f, "Nurses will not return to work until their demands for higher wages are met by Kenya.");
	expect_side(f, parties_condition(&f->x, &f->sd), "Kenya", "KEN");
	/* A "by" that is no passive agent names nobody. */
	prepare(f, "Nurses will not return to work until their wages rise by Kenyan standards.");
	expect_no_side(f, parties_condition(&f->x, &f->sd));
}

static void
test_parties_finds_the_party_of_an_agreement_or_talks(void **state)
{
	struct fixture *f = *state;

	prepare(f, "The miners called off the strike after the agreement with the Chilean government.");
	expect_side(f, parties_counterpart(&f->x, tok(f, "strike"), &f->sd), "Chilean government", "CHLGOV");
	prepare(f, "The union ended its strike after three days of talks with Peru.");
	expect_side(f, parties_counterpart(&f->x, tok(f, "strike"), &f->sd), "Peru", "PER");
	/* "with" after a word that names no agreement or talks names no party. */
	prepare(f, "The union ended its strike after a week with Peru.");
	expect_no_side(f, parties_counterpart(&f->x, tok(f, "strike"), &f->sd));
}

static void
test_parties_finds_the_subject_after_that(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Britain demanded that Iran release the sailors.");
	expect_side(f, parties_that(&f->x, tok(f, "that"), &f->sd), "Iran", "IRN");
	expect_no_side(f, parties_that(&f->x, tok(f, "demanded"), &f->sd));
}

static void
test_parties_finds_the_subject_of_the_main_clause(void **state)
{
	struct fixture *f = *state;

	prepare(f, "After Syria attacked Iraq, Iran met Jordan.");
	expect_side(f, parties_main_subject(&f->x, &f->sd), "Iran", "IRN");
	prepare(f, "According to Egypt, Israel attacked Gaza.");
	expect_side(f, parties_main_subject(&f->x, &f->sd), "Israel", "ISR");
	prepare(f, "With Syria, Iran met Iraq.");
	expect_side(f, parties_main_subject(&f->x, &f->sd), "Iran", "IRN");
}

static void
test_parties_finds_the_first_mention_between_two_tokens(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Iran engaged Iraqi soldiers in a firefight near Syria.");
	expect_side(f, parties_between(&f->x, tok(f, "engaged"), tok(f, "firefight"), 0, &f->sd), "Iraqi soldiers",
	    "IRQMIL");
	/* Syria is in a phrase, and after the window anyway. */
	expect_no_side(f, parties_between(&f->x, tok(f, "in"), f->st.s.ntok, 0, &f->sd));
	/* A role is a mention only when asked for. */
	prepare(f, "The opposition said the government rigged the vote.");
	expect_no_side(f, parties_between(&f->x, tok(f, "said"), f->st.s.ntok, 0, &f->sd));
	expect_side(f, parties_between(&f->x, tok(f, "said"), f->st.s.ntok, 1, &f->sd), "government", "");
}

static void
test_parties_finds_the_speaker_of_a_report(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a, *b;

	prepare(f, "Egypt said Israel attacked Gaza.");
	assert_int_equal(f->cl.nsay, 1);
	a = parties_speaker(&f->x, &f->cl.say[0]);
	assert_non_null(a);
	assert_string_equal(a->code, "EGY");
	b = parties_speaker(&f->x, &f->cl.say[0]);
	assert_ptr_equal(a, b);	/* cached */
	prepare(f, "Turkey shelled Iraq on Sunday, Syrian officials said.");
	assert_int_equal(f->cl.nsay, 1);
	a = parties_speaker(&f->x, &f->cl.say[0]);
	assert_non_null(a);
	assert_string_equal(a->code, "SYRGOV");
	prepare(f, "According to Iran's ambassador, the talks were useful.");
	assert_int_equal(f->cl.nsay, 1);
	a = parties_speaker(&f->x, &f->cl.say[0]);
	assert_non_null(a);
	assert_string_equal(a->code, "IRNGOV");
}

/* ------------------------------------------------------------ countries for roles */

static void
test_parties_gives_a_role_the_nearest_country_of_the_sentence(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	prepare(f, "The president arrested Ugandan opposition leaders.");
	a = &f->av.v[0];
	assert_string_equal(a->country, "UGA");
	assert_string_equal(a->code, "UGAGOV");
	assert_true(a->by_context);
	/* A mention that names its country keeps it, and is not marked. */
	assert_string_equal(f->av.v[1].code, "UGAOPP");
	assert_false(f->av.v[1].by_context);
}

static void
test_parties_gives_a_role_the_country_named_right_after_it(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Syrian officials on Monday accused militias in Iraq.");
	assert_string_equal(f->av.v[1].country, "IRQ");
	assert_true(f->av.v[1].by_context);
}

static void
test_parties_gives_an_ethnic_group_the_country_it_lives_in(void **state)
{
	struct fixture	*f = *state;
	const char	*text = "Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.";
	const char	*p = strstr(text, "Serbia");
	struct place	 where = { "Serbia", NULL, "SRB", 44.0, 20.9, 0, "country", "countries.tsv", 1,
	    { (uint32_t)(p - text), (uint32_t)(p - text + 6) } };

	prepare(f, "Ethnic Albanians in south Serbia are demanding a U.N. military presence.");
	assert_string_equal(f->av.v[0].code, "SRB");
	assert_true(f->av.v[0].by_context);
	/* The sentence's place when none follows. */
	prepare_in(f, text, 0, &where);
	assert_string_equal(f->av.v[0].code, "SRB");
	/* Without "ethnic", the demonym's state. */
	prepare(f, "Albanians in south Serbia are demanding a U.N. military presence.");
	assert_string_equal(f->av.v[0].code, "ALB");
}

static void
test_parties_gives_a_role_the_country_of_the_stated_place(void **state)
{
	struct fixture	*f = *state;
	const char	*text = "The president met opposition leaders in Mombasa.";
	const char	*p = strstr(text, "Mombasa");
	struct place	 where = { "Mombasa", NULL, "KEN", -4.05, 39.67, 0, "city", "cities.tsv", 1,
	    { (uint32_t)(p - text), (uint32_t)(p - text + 7) } };

	prepare_in(f, text, 0, &where);
	/* Mombasa is a mention of its own (a place of the gazetteer, in Kenya). */
	assert_int_equal(f->av.n, 3);
	assert_string_equal(f->av.v[0].code, "KENGOV");
	assert_string_equal(f->av.v[1].code, "KENOPP");
}

static void
test_parties_gives_a_role_the_articles_main_country(void **state)
{
	struct fixture	*f = *state;
	const char	*text = "France and Germany met. France criticized Britain. The president met opposition leaders.";

	for (size_t i = 0; i < 2; i++) {
		prepare_in(f, text, i, NULL);
		for (size_t k = 0; k < f->av.n; k++)
			coref_note_mention(f->mem, text, &f->av.v[k]);
	}
	prepare_in(f, text, 2, NULL);
	assert_string_equal(f->av.v[0].code, "FRAGOV");
	assert_string_equal(f->av.v[1].code, "FRAOPP");
}

static void
test_parties_leaves_a_role_without_any_country_alone(void **state)
{
	struct fixture *f = *state;

	prepare(f, "The president met opposition leaders.");
	assert_string_equal(f->av.v[0].country, "");
	assert_string_equal(f->av.v[0].code, "");
	assert_string_equal(f->av.v[0].role, "GOV");
	assert_false(f->av.v[0].by_context);
}

/* A group of states (roles.txt "*") is many countries: none is filled in from around it. */
static void
test_parties_gives_a_group_of_states_no_country_from_around_it(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Iran criticized Gulf states.");
	assert_int_equal(f->av.n, 2);
	assert_string_equal(f->av.v[1].country, "");
	assert_false(f->av.v[1].by_context);
	prepare(f, "Syrian officials accused allies of the United States.");
	for (size_t k = 0; k < f->av.n; k++)
		if (stage_span_is(f->st.s.text, f->av.v[k].text, "allies"))
			assert_string_equal(f->av.v[k].country, "");
	/* A country word joined to it still gives one. */
	prepare(f, "EU countries criticized Iran.");
	assert_string_equal(f->av.v[0].code, "IGOEEC");
}

/* ------------------------------------------------------------ helpers */

static void
test_parties_reads_the_root_of_a_code(void **state)
{
	(void)state;
	assert_int_equal(parties_root("0841"), 8);
	assert_int_equal(parties_root("190"), 19);
	assert_int_equal(parties_root("20"), 20);
	assert_int_equal(parties_root("043"), 4);
}

static void
test_parties_builds_sides(void **state)
{
	struct fixture		*f = *state;
	struct side		 sd;
	const struct actor	*a;

	prepare(f, "Egypt and Jordan met Syria. He left.");
	parties_mention(&sd, 2);
	assert_int_equal(sd.idx, 2);
	assert_true(sd.has);
	assert_ptr_equal(parties_actor(&f->x, &sd), &f->av.v[2]);
	parties_mention(&sd, -1);
	assert_false(sd.has);
	assert_null(parties_actor(&f->x, &sd));
	assert_int_equal(parties_compound_first(&f->av, 1), 0);
	assert_int_equal(parties_compound_first(&f->av, -1), -1);
	parties_copy(&sd, &f->av.v[2], &f->st.s, tok(f, "met"));
	a = parties_actor(&f->x, &sd);
	assert_int_equal(sd.idx, -1);
	assert_string_equal(a->code, "SYR");
	assert_true(stage_span_is(f->st.s.text, a->text, "met"));
	assert_int_equal(a->compound_next, -1);
	assert_true(a->by_name);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_parties_takes_the_mention_before_the_verb_as_subject),
		T(test_parties_skips_a_phrase_to_find_the_subject),
		T(test_parties_takes_the_subject_after_a_subordinator),
		T(test_parties_shares_the_subject_of_coordinated_verbs),
		T(test_parties_shares_a_pronoun_subject_with_a_second_predicate),
		T(test_parties_skips_a_predicate_after_be_to_find_the_subject),
		T(test_parties_takes_the_first_member_of_a_compound_subject),
		T(test_parties_reads_a_reported_pronoun_as_the_speaker),
		T(test_parties_reads_we_in_a_quotation_as_the_speaker),
		T(test_parties_reads_a_pronoun_from_the_articles_memory),
		T(test_parties_reads_who_as_the_mention_before_it),
		T(test_parties_skips_an_apposition_to_find_the_subject),
		T(test_parties_finds_no_subject_where_there_is_none),
		T(test_parties_takes_the_object_as_target),
		T(test_parties_takes_what_violence_hit_as_target),
		T(test_parties_takes_people_in_the_object_as_target),
		T(test_parties_marks_a_target_after_between),
		T(test_parties_takes_to_and_against_as_targets),
		T(test_parties_does_not_take_the_sources_own_forces_as_target),
		T(test_parties_finds_the_target_inside_the_object_phrase),
		T(test_parties_takes_a_party_named_inside_the_object_for_the_object),
		T(test_parties_reads_an_object_pronoun_after_and_as_the_first_verbs_object),
		T(test_parties_gives_a_verb_without_object_the_object_of_the_next_after_and),
		T(test_parties_takes_the_party_after_with_over_the_owner_of_the_object),
		T(test_parties_makes_no_topic_a_target),
		T(test_parties_takes_the_prepositions_that_fit_the_code),
		T(test_parties_takes_the_patterns_own_preposition),
		T(test_parties_stops_at_the_clause_boundary),
		T(test_parties_takes_the_place_of_an_act_of_force),
		T(test_parties_takes_the_place_of_refuge_and_of_a_truce),
		T(test_parties_takes_the_stated_place_of_an_act_of_force),
		T(test_parties_finds_the_agent_of_a_passive),
		T(test_parties_finds_whom_a_condition_names),
		T(test_parties_finds_the_agent_of_an_event_noun),
	T(test_parties_finds_the_party_of_an_agreement_or_talks),
	T(test_parties_finds_the_subject_after_that),
		T(test_parties_finds_the_subject_of_the_main_clause),
		T(test_parties_finds_the_first_mention_between_two_tokens),
		T(test_parties_finds_the_speaker_of_a_report),
		T(test_parties_gives_a_role_the_nearest_country_of_the_sentence),
		T(test_parties_gives_a_role_the_country_named_right_after_it),
		T(test_parties_gives_an_ethnic_group_the_country_it_lives_in),
		T(test_parties_gives_a_role_the_country_of_the_stated_place),
		T(test_parties_gives_a_role_the_articles_main_country),
		T(test_parties_leaves_a_role_without_any_country_alone),
		T(test_parties_gives_a_group_of_states_no_country_from_around_it),
		T(test_parties_reads_the_root_of_a_code),
		T(test_parties_builds_sides),
	};
#undef T
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
