/*
 * test_actors: the actor mentions of a sentence (actors.h), and the value
 * helpers of one mention (actor.h), over the real lexicon built in
 * build/lexicon.
 *
 * Every sentence is written for this test. Every expected mention, code,
 * name and compound link was worked out by hand from what actors.h promises
 * (longest match of countries, aliases, capitals, organisations, demonyms
 * and role words, composed into CAMEO-style codes; names after titles;
 * compounds; the article's memory of names) and from the dictionaries' own
 * entries (workers/lexicon/README.md), before the stage was run on it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "actor.h"
#include "actors.h"
#include "coref.h"
#include "stage.h"

struct fixture {
	struct lexicon		*lx;
	struct stage_sent	 st;
	struct actorvec		 av;
	struct coref		*mem;
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

	assert_int_equal(f->av.n, 0);
	assert_non_null(f->mem = coref_new());
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	stage_sent_release(&f->st);
	actorvec_release(&f->av);
	assert_null(f->av.v);
	assert_int_equal(f->av.n + f->av.cap, 0);
	coref_free(f->mem);
	f->mem = NULL;
	return 0;
}

static int
code_shape_ok(const char *code)
{
	size_t n = strlen(code);

	if (n == 0 || n % 3 != 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return 0;
	return 1;
}

/*
 * What every result of actors_find must satisfy: mentions in text order and
 * disjoint, each span the bytes of its tokens, codes of three-letter groups
 * (the record schema's pattern) or, for a mention of no known country, empty, countries and sectors of three letters or
 * empty, names no later than the sentence, and compound links that point
 * forward inside one compound.
 */
static void
actors_check_invariants(const struct sentence *s, const struct actorvec *av)
{
	assert_true(av->n <= av->cap || (av->n == 0 && av->cap == 0));
	for (size_t k = 0; k < av->n; k++) {
		const struct actor *a = &av->v[k];

		assert_true(a->tok_start < a->tok_end && a->tok_end <= s->ntok);
		assert_true(a->head < s->ntok);
		assert_int_equal(a->text.start, s->tok[a->tok_start].start);
		assert_int_equal(a->text.end, s->tok[a->tok_end - 1].end);
		if (k > 0)
			assert_true(a->tok_start >= av->v[k - 1].tok_end);
		/* No code only when no country is known (the record's code is then null). */
		if (a->code[0] == '\0' ? a->country[0] != '\0' : !code_shape_ok(a->code))
			fail_msg("mention %zu has code '%s'", k, a->code);
		assert_true(a->country[0] == '\0' || strlen(a->country) == 3);
		assert_true(a->role[0] == '\0' || strlen(a->role) == 3);
		assert_true(a->name.start <= a->name.end);
		/* A name is written in this sentence or, for a name the article
		 * introduced before, in an earlier one. */
		assert_true(a->name.end <= s->span.end);
		assert_true(a->compound_first >= 0 && a->compound_first <= (int)k);
		assert_true(a->compound_next == -1 || (a->compound_next > (int)k && a->compound_next < (int)av->n));
		if (a->compound_next >= 0)
			assert_int_equal(av->v[a->compound_next].compound_first, a->compound_first);
	}
}

static void
dump(const struct fixture *f)
{
	const char *t = f->st.s.text;

	for (size_t k = 0; k < f->av.n; k++) {
		const struct actor *a = &f->av.v[k];

		print_message("  mention %zu '%.*s' code %s country '%s' role '%s' name '%.*s' "
		    "next %d first %d by_name %u\n", k, (int)(a->text.end - a->text.start), t + a->text.start,
		    a->code, a->country, a->role, (int)(a->name.end - a->name.start), t + a->name.start,
		    a->compound_next, a->compound_first, a->by_name);
	}
}

/* The mentions of sentence index of text, with the article memory mem (may be NULL). */
static void
find_in(struct fixture *f, const char *text, size_t index, const struct coref *mem)
{
	stage_sent_release(&f->st);
	stage_sent_init(&f->st, text, index);
	stage_sent_annotate(&f->st, f->lx, 1);
	assert_int_equal(actors_find(f->lx, &f->st.s, mem, &f->av), 0);
	actors_check_invariants(&f->st.s, &f->av);
}

static void
find(struct fixture *f, const char *text)
{
	find_in(f, text, 0, NULL);
}

/*
 * Read the sentences of text before index as extract does, noting every
 * mention in the article memory, then find the mentions of sentence index.
 */
static void
find_after(struct fixture *f, const char *text, size_t index)
{
	for (size_t i = 0; i < index; i++) {
		find_in(f, text, i, f->mem);
		for (size_t k = 0; k < f->av.n; k++)
			coref_note_mention(f->mem, text, &f->av.v[k]);
	}
	find_in(f, text, index, f->mem);
}

/* The mention whose words are exactly want; fails the test if there is none. */
static const struct actor *
mention(const struct fixture *f, const char *want)
{
	for (size_t k = 0; k < f->av.n; k++)
		if (stage_span_is(f->st.s.text, f->av.v[k].text, want))
			return &f->av.v[k];
	dump(f);
	fail_msg("no mention '%s'", want);
	return NULL;
}

static size_t
count_country(const struct fixture *f, const char *iso)
{
	size_t n = 0;

	for (size_t k = 0; k < f->av.n; k++)
		n += strcmp(f->av.v[k].country, iso) == 0;
	return n;
}

static void
expect_n(const struct fixture *f, size_t n)
{
	if (f->av.n != n) {
		dump(f);
		fail_msg("%zu mentions, expected %zu", f->av.n, n);
	}
}

static void
expect_name(const struct fixture *f, const struct actor *a, const char *want)
{
	if (!stage_span_is(f->st.s.text, a->name, want)) {
		dump(f);
		fail_msg("name of '%s' is not '%s'", a->code, want);
	}
}

/* ------------------------------------------------------------ countries and roles */

static void
test_actors_composes_a_country_and_its_role(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	find(f, "Iraq's foreign minister met with Iranian officials in Baghdad.");
	a = mention(f, "Iraq's foreign minister");
	assert_string_equal(a->code, "IRQGOV");
	assert_string_equal(a->country, "IRQ");
	assert_string_equal(a->role, "GOV");
	assert_true(actor_resolved(a));
	assert_int_equal(a->name.end - a->name.start, 0);
	a = mention(f, "Iranian officials");
	assert_string_equal(a->code, "IRNGOV");
	assert_string_equal(a->country, "IRN");
	/* A capital stands for its government (actors.txt). */
	assert_string_equal(mention(f, "Baghdad")->code, "IRQGOV");
	expect_n(f, 3);
}

/* The plural of a compound of "man" is "-men" ("child": "-children", "wife": "-wives"): WordNet role words in the plural. */
static void
test_actors_reads_the_men_plural_of_a_role(void **state)
{
	struct fixture *f = *state;

	find(f, "Afghan tribesmen and Iraqi servicemen met fishermen.");
	assert_string_equal(mention(f, "Afghan tribesmen")->country, "AFG");
	assert_string_equal(mention(f, "Iraqi servicemen")->role, "MIL");
	assert_string_equal(mention(f, "fishermen")->role, "LAB");
	find(f, "Police detained Iraqi schoolchildren and housewives.");
	assert_string_equal(mention(f, "Iraqi schoolchildren")->role, "CVL");
	assert_string_equal(mention(f, "housewives")->role, "CVL");
	/* A people named by the plural of its demonym. */
	find(f, "Greeks, Cypriots and Filipinos met Chinese and Swiss officials.");
	assert_string_equal(mention(f, "Greeks")->country, "GRC");
	assert_string_equal(mention(f, "Cypriots")->country, "CYP");
	assert_string_equal(mention(f, "Filipinos")->country, "PHL");
	/* Not every word in "man" is a compound of it. */
	find(f, "Iraqi humans met Afghan shamans.");
	assert_string_equal(mention(f, "Afghan shamans")->country, "AFG");
}

static void
test_actors_reads_a_bare_country_as_its_code(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	find(f, "Russia attacked Georgia.");
	expect_n(f, 2);
	a = mention(f, "Russia");
	assert_string_equal(a->code, "RUS");
	assert_string_equal(a->role, "");
	assert_string_equal(mention(f, "Georgia")->code, "GEO");
	/* An alias of actors.txt and an iso-codes name of the same country. */
	find(f, "Britain criticized the United Kingdom.");
	assert_string_equal(mention(f, "Britain")->country, "GBR");
	assert_string_equal(mention(f, "United Kingdom")->country, "GBR");
}

static void
test_actors_keeps_an_envoys_posting_inside_the_mention(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	/* "to Iraq" says where he is posted: one actor, American, not a second one. */
	find(f, "The United States Ambassador to Iraq Ryan C. Crocker arrived on Monday.");
	expect_n(f, 1);
	a = &f->av.v[0];
	assert_string_equal(a->code, "USAGOV");
	assert_string_equal(a->country, "USA");
	expect_name(f, a, "Ryan C. Crocker");
	assert_int_equal(count_country(f, "IRQ"), 0);
}

static void
test_actors_keeps_a_role_without_a_country(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	/* A name people.txt does not list (it lists al-Maliki, the header's own example). */
	find(f, "Prime Minister Tomas Varga met the president.");
	expect_n(f, 2);
	a = &f->av.v[0];
	assert_string_equal(a->country, "");
	assert_string_equal(a->role, "GOV");
	assert_string_equal(a->code, "");	/* no country known: no code */
	expect_name(f, a, "Tomas Varga");
	assert_false(actor_resolved(a));
	a = mention(f, "president");
	assert_string_equal(a->code, "");
	assert_string_equal(a->role, "GOV");
	assert_false(actor_resolved(a));
}

static void
test_actors_reads_a_role_of_a_country(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	find(f, "Germany criticized the foreign minister of Iraq.");
	expect_n(f, 2);
	a = &f->av.v[1];
	assert_string_equal(a->code, "IRQGOV");
	assert_true(stage_span_is(f->st.s.text, a->text, "foreign minister of Iraq"));
	find(f, "The president of the United States arrived.");
	expect_n(f, 1);
	assert_string_equal(f->av.v[0].code, "USAGOV");
}

static void
test_actors_lets_one_modifier_stand_before_the_role(void **state)
{
	struct fixture *f = *state;

	find(f, "Iranian state television reported the clashes.");
	expect_n(f, 1);
	assert_string_equal(f->av.v[0].code, "IRNMED");
	/* An inflected verb is no modifier: the army is a second mention, not Britain's sector. */
	find(f, "Britain mobilized army reservists.");
	assert_string_equal(mention(f, "Britain")->code, "GBR");
}

static void
test_actors_prefers_the_sector_of_the_qualifying_role(void **state)
{
	struct fixture *f = *state;

	/* "military" says more than the generic "officials". */
	find(f, "Pakistani military officials met Indian diplomats.");
	expect_n(f, 2);
	assert_string_equal(mention(f, "Pakistani military officials")->code, "PAKMIL");
	assert_string_equal(mention(f, "Indian diplomats")->code, "INDGOV");
}

static void
test_actors_lets_a_first_demonym_name_the_country(void **state)
{
	struct fixture *f = *state;

	find(f, "Bosnian Serbs shelled the town.");
	expect_n(f, 1);
	assert_string_equal(f->av.v[0].country, "BIH");
	assert_true(stage_span_is(f->st.s.text, f->av.v[0].text, "Bosnian Serbs"));
}

static void
test_actors_takes_the_longest_name(void **state)
{
	struct fixture *f = *state;

	/* Two-word country names, not "Korea" twice. */
	find(f, "North Korea criticized South Korea.");
	expect_n(f, 2);
	assert_string_equal(f->av.v[0].code, "PRK");
	assert_string_equal(f->av.v[1].code, "KOR");
	/* A role of several words against its last word: "prime minister", not "minister". */
	find(f, "The Iraqi prime minister met Iraqi police.");
	expect_n(f, 2);
	assert_true(stage_span_is(f->st.s.text, f->av.v[0].text, "Iraqi prime minister"));
	assert_string_equal(f->av.v[0].code, "IRQGOV");
	assert_string_equal(f->av.v[1].code, "IRQCOP");
}

static void
test_actors_keeps_a_group_without_a_country(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	/* A role with no country is kept so that the coder knows a subject is there. */
	find(f, "Protesters stormed the building.");
	expect_n(f, 1);
	a = &f->av.v[0];
	assert_string_equal(a->role, "OPP");
	assert_string_equal(a->country, "");
	assert_false(actor_resolved(a));
	/* A plural demonym is the people of the country. */
	find(f, "Iranians protested on Friday.");
	expect_n(f, 1);
	assert_string_equal(f->av.v[0].country, "IRN");
}

static void
test_actors_finds_organisations_and_capitals(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	find(f, "The United Nations criticized Washington.");
	a = mention(f, "United Nations");
	assert_string_equal(a->code, "IGOUNO");
	assert_string_equal(a->country, "");	/* an IGO has no country */
	assert_true(actor_resolved(a));		/* ... and is an actor all the same */
	assert_string_equal(mention(f, "Washington")->code, "USAGOV");
	find(f, "NATO met officials in Moscow.");
	assert_string_equal(mention(f, "NATO")->code, "IGONAT");
	assert_string_equal(mention(f, "Moscow")->code, "RUSGOV");
}

/*
 * A run of names that is a place gives its country only when the place is
 * known enough (actors.c, actor_place()): a big city, a capital, a region,
 * a country; not the only village of that name somewhere (Çatalan in
 * Turkey, a Harper of 32,661 people in Liberia, a Lawson of 2,537 in
 * Australia, all in the gazetteer the build makes).
 */
static void
test_actors_takes_a_country_only_from_a_place_known_enough(void **state)
{
	struct fixture *f = *state;

	find(f, "Shanghai authorities detained the editor.");
	assert_string_equal(mention(f, "Shanghai authorities")->country, "CHN");
	find(f, "The Catalan government agreed to build an institute.");
	assert_string_not_equal(mention(f, "Catalan government")->country, "TUR");
	find(f, "Harper said the company would sell the unit.");
	assert_string_equal(mention(f, "Harper")->country, "");
	find(f, "Analysts expect Lawson to cut taxes.");
	assert_string_equal(mention(f, "Lawson")->country, "");
}

/* A capitalised common noun after "the", with "of"/"for" and a name, heads an organisation's name. */
static void
test_actors_reads_an_office_of_a_name_as_an_organisation(void **state)
{
	struct fixture *f = *state;

	find(f, "The Office of Inspector General opened an inquiry.");
	expect_n(f, 1);
	assert_true(stage_span_is(f->st.s.text, f->av.v[0].text, "Office of Inspector General"));
	find(f, "Aid was cut by the Department for International Development.");
	mention(f, "Department for International Development");
	/* Opening a sentence without "the": when a verb follows the name. */
	find(f, "Jurisdiction for Peace ordered an inquiry.");
	mention(f, "Jurisdiction for Peace");
	find(f, "Shares of Glaxo fell sharply.");
	for (size_t k = 0; k < f->av.n; k++)
		assert_false(stage_span_is(f->st.s.text, f->av.v[k].text, "Shares of Glaxo"));
	/* After "the", two capitalised words the tagger reads as common ones
	 * are a name; one before a country is not ("the One China policy"). */
	find(f, "The Islamic Resistance will not release the soldiers.");
	assert_int_equal(mention(f, "Islamic Resistance")->named, 1);
	find(f, "Kiribati reaffirmed its commitment to the One China principle.");
	for (size_t k = 0; k < f->av.n; k++)
		assert_false(stage_span_is(f->st.s.text, f->av.v[k].text, "One"));
	/* A title in apposition is no organisation: the person stays the mention. */
	find(f, "Charles Michel, the President-elect of the European Council, spoke.");
	mention(f, "Charles Michel");
	for (size_t k = 0; k < f->av.n; k++)
		assert_false(stage_span_is(f->st.s.text, f->av.v[k].text, "President-elect"));
}

/* Where a story was filed is no actor: a dateline in capitals before a dash. */
static void
test_actors_finds_no_actor_in_a_dateline(void **state)
{
	struct fixture *f = *state;

	find(f, "BEIJING -- A Chinese court ordered a retrial.");
	expect_n(f, 1);
	mention(f, "Chinese court");
	find(f, "MOSCOW (Sputnik) - A court in Ecuador revoked the decision.");
	for (size_t k = 0; k < f->av.n; k++)
		assert_false(stage_span_is(f->st.s.text, f->av.v[k].text, "MOSCOW"));
	mention(f, "Ecuador");
	find(f, "MANILA, Philippines -- Japan sent aid.");
	expect_n(f, 1);
	mention(f, "Japan");
	/* A feed's word before the place, when an agency in brackets follows it. */
	find(f, "Reuters KHARTOUM (Reuters) -- Qatar's emir called the Sudanese president.");
	for (size_t k = 0; k < f->av.n; k++)
		assert_false(stage_span_is(f->st.s.text, f->av.v[k].text, "KHARTOUM"));
	mention(f, "Qatar's emir");
	/* A currency's prefix is no country. */
	find(f, "Japan gave US$141 million.");
	expect_n(f, 1);
	mention(f, "Japan");
	/* A capital that opens a sentence without a dash is still an actor. */
	find(f, "BEIJING rejected the request.");
	mention(f, "BEIJING");
}

/* A sea or strait of several words belongs to no country, and its words name no actor. */
static void
test_actors_finds_no_actor_inside_a_sea_or_strait(void **state)
{
	struct fixture *f = *state;

	find(f, "Chinese warships sailed through the Taiwan Strait.");
	expect_n(f, 1);
	mention(f, "Chinese warships");
	find(f, "Ships patrolled the Sea of Japan.");
	expect_n(f, 0);
	/* A courtesy title and its dot belong to the name after them. */
	find(f, "Germany rejected a request by Mr. Erdogan.");
	for (size_t k = 0; k < f->av.n; k++)
		assert_false(stage_span_is(f->st.s.text, f->av.v[k].text, "Mr"));
	assert_string_equal(mention(f, "Erdogan")->country, "TUR");
	/* A lone name opening a sentence before an adverb and a verb is a name. */
	find(f, "Hezb-e-Islami also threatened Kabul.");
	mention(f, "Hezb-e-Islami");
	/* So is one before a relative clause about it; not one before a plain comma. */
	find(f, "Hifter, who leads the army, launched an offensive.");
	mention(f, "Hifter");
	find(f, "Meanwhile, the army launched an offensive.");
	for (size_t k = 0; k < f->av.n; k++)
		assert_false(stage_span_is(f->st.s.text, f->av.v[k].text, "Meanwhile"));
	/* A compass word before a country or region is part of its name. */
	find(f, "Estonia, a country in Northern Europe, spoke.");
	for (size_t k = 0; k < f->av.n; k++)
		assert_false(stage_span_is(f->st.s.text, f->av.v[k].text, "Northern"));
	/* Taiwan itself is still an actor. */
	find(f, "Chinese warships sailed near Taiwan.");
	assert_string_equal(mention(f, "Taiwan")->country, "TWN");
}

static void
test_actors_reads_capital_US_and_not_the_pronoun_us(void **state)
{
	struct fixture *f = *state;

	find(f, "The US criticized Russia.");
	expect_n(f, 2);
	assert_string_equal(mention(f, "US")->country, "USA");
	find(f, "Russia told us nothing.");
	expect_n(f, 1);
	assert_string_equal(f->av.v[0].country, "RUS");
	/* A case-sensitive alias need not be all capitals: "Duma", "M23". */
	find(f, "The Duma criticized the M23.");
	assert_string_equal(mention(f, "Duma")->code, "RUSLEG");
	assert_string_equal(mention(f, "M23")->code, "CODREB");
}

static void
test_actors_does_not_take_a_role_adjective_for_an_actor(void **state)
{
	struct fixture *f = *state;

	/* "official" qualifies the protest and names nobody. */
	find(f, "Serbia lodged an official protest with Albania.");
	expect_n(f, 2);
	assert_string_equal(f->av.v[0].code, "SRB");
	assert_string_equal(f->av.v[1].code, "ALB");
	/* Nor before a plural, or a noun that is also a verb ("station", "headquarter"). */
	find(f, "Iraq said gunmen attacked police stations.");
	expect_n(f, 2);
	find(f, "Iraq said gunmen stormed the army headquarters.");
	expect_n(f, 2);
	/* Before a verb it is the subject. */
	find(f, "Police fired tear gas.");
	expect_n(f, 1);
	assert_string_equal(f->av.v[0].role, "COP");
}

static void
test_actors_reads_a_led_coalition_as_its_leader(void **state)
{
	struct fixture *f = *state;

	find(f, "Turkey refused to join the U.S.-led coalition.");
	assert_int_equal(count_country(f, "TUR"), 1);
	assert_int_equal(count_country(f, "USA"), 1);
}

static void
test_actors_finds_nobody_where_nobody_is_named(void **state)
{
	struct fixture *f = *state;

	find(f, "The weather was pleasant on Monday.");
	expect_n(f, 0);
	find(f, " \n ");
	assert_int_equal(f->st.s.ntok, 0);
	expect_n(f, 0);
	find(f, "... , ; \" ( ) '");
	expect_n(f, 0);
}

static void
test_actors_clears_its_output_first(void **state)
{
	struct fixture *f = *state;

	find(f, "Egypt, Jordan and Syria signed the accord.");
	assert_int_equal(f->av.n, 3);
	find(f, "Iran attacked Iraq.");
	expect_n(f, 2);
	assert_string_equal(f->av.v[0].code, "IRN");
	assert_string_equal(f->av.v[1].code, "IRQ");
}

/*
 * Found by fuzz_extract (see test_coder): a role at the very end of the
 * sentence made actors look one token past the end. No country follows,
 * so none may be found.
 */
static void
test_actors_reads_no_token_past_a_role_that_ends_the_sentence(void **state)
{
	static const char *const texts[] = {
		"Rebels attacked the ambassador to",
		"Officials met the foreign minister of the",
		"The talks angered the foreign minister of",
	};
	struct fixture *f = *state;

	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		find(f, texts[t]);
		assert_true(f->av.n >= 1);
		for (size_t k = 0; k < f->av.n; k++)
			assert_string_equal(f->av.v[k].country, "");
	}
}

/* ------------------------------------------------------------ names and people */

static void
test_actors_knows_listed_people_by_name(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	find(f, "Vladimir Putin met Angela Merkel.");
	expect_n(f, 2);
	a = &f->av.v[0];
	assert_string_equal(a->code, "RUSGOV");
	assert_non_null(a->person_entry);
	expect_name(f, a, "Vladimir Putin");
	assert_true(actor_resolved(a));
	assert_string_equal(f->av.v[1].code, "DEUGOV");
	find(f, "Putin criticized Georgia.");
	assert_string_equal(mention(f, "Putin")->code, "RUSGOV");
}

static void
test_actors_gives_a_titled_listed_person_the_persons_country(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	/* The title has no country; the listed name has. */
	find(f, "President Obama met Iraqi officials.");
	a = &f->av.v[0];
	assert_string_equal(a->code, "USAGOV");
	expect_name(f, a, "Obama");
	assert_true(stage_span_is(f->st.s.text, a->text, "President Obama"));
}

static void
test_actors_joins_an_appositive_name(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	find(f, "Iran's ambassador to Iraq, Hassan Kazemi-Qomi, said the talks were useful.");
	a = &f->av.v[0];
	assert_string_equal(a->code, "IRNGOV");
	expect_name(f, a, "Hassan Kazemi-Qomi");
	assert_int_equal(count_country(f, "IRQ"), 0);
}

static void
test_actors_gives_a_caption_name_to_the_role_after_it(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	/* A photo caption: the name, a comma, then who he is. */
	find(f, "Ryan C. Crocker, U.S. Ambassador to Iraq.");
	assert_int_equal(count_country(f, "USA"), 1);
	assert_int_equal(count_country(f, "IRQ"), 0);
	a = mention(f, "U.S. Ambassador to Iraq");
	assert_string_equal(a->code, "USAGOV");
	expect_name(f, a, "Ryan C. Crocker");
}

static void
test_actors_finds_a_surname_introduced_earlier_in_the_article(void **state)
{
	struct fixture		*f = *state;
	const char		*text = "U.S. Ambassador Ryan Crocker arrived in Baghdad. Crocker met Iranian officials.";
	const struct actor	*a;

	find_after(f, text, 1);
	a = mention(f, "Crocker");
	assert_string_equal(a->code, "USAGOV");
	assert_string_equal(a->country, "USA");
	assert_int_equal(a->by_name, 1);
	assert_string_equal(mention(f, "Iranian officials")->code, "IRNGOV");
	/* Without the article's memory, a bare surname is nobody known. */
	find_in(f, text, 1, NULL);
	for (size_t k = 0; k < f->av.n; k++)
		assert_string_not_equal(f->av.v[k].code, "USAGOV");
}

static void
test_actors_gives_a_titled_surname_the_country_it_was_introduced_with(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	find_after(f, "U.S. Ambassador Ryan Crocker arrived in Baghdad. Ambassador Crocker met Iranian officials.", 1);
	a = &f->av.v[0];
	assert_string_equal(a->country, "USA");
	assert_string_equal(a->code, "USAGOV");
	expect_name(f, a, "Crocker");
}

/* ------------------------------------------------------------ compounds */

static void
test_actors_links_a_compound_joined_by_and(void **state)
{
	struct fixture *f = *state;

	find(f, "The U.S. and Iran held talks.");
	expect_n(f, 2);
	assert_int_equal(f->av.v[0].compound_next, 1);
	assert_int_equal(f->av.v[0].compound_first, 0);
	assert_int_equal(f->av.v[1].compound_first, 0);
	assert_int_equal(f->av.v[1].compound_next, -1);
}

static void
test_actors_links_a_list_closed_by_and(void **state)
{
	struct fixture *f = *state;

	find(f, "Egypt, Jordan and Syria signed the accord.");
	expect_n(f, 3);
	assert_int_equal(f->av.v[0].compound_next, 1);
	assert_int_equal(f->av.v[1].compound_next, 2);
	assert_int_equal(f->av.v[2].compound_next, -1);
	for (size_t k = 0; k < 3; k++)
		assert_int_equal(f->av.v[k].compound_first, 0);
}

static void
test_actors_links_only_the_members_of_the_compound(void **state)
{
	struct fixture *f = *state;

	/* The subject and the compound object are two things. */
	find(f, "Germany criticized Russia and China.");
	expect_n(f, 3);
	assert_int_equal(f->av.v[0].compound_next, -1);
	assert_int_equal(f->av.v[1].compound_first, 1);
	assert_int_equal(f->av.v[1].compound_next, 2);
	assert_int_equal(f->av.v[2].compound_first, 1);
	/* A comma alone, outside a list, joins nothing. */
	find(f, "Mediated by Iraqi officials, the U.S. ambassador met Iranian officials.");
	expect_n(f, 3);
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(f->av.v[k].compound_next, -1);
		assert_int_equal(f->av.v[k].compound_first, (int)k);
	}
}

static void
test_actors_carries_a_role_over_the_members_of_a_compound(void **state)
{
	struct fixture *f = *state;

	find(f, "The foreign ministers of Egypt and Jordan met on Monday.");
	expect_n(f, 2);
	assert_string_equal(f->av.v[0].code, "EGYGOV");
	assert_string_equal(f->av.v[1].code, "JORGOV");
	assert_int_equal(f->av.v[0].compound_next, 1);
}

/* ------------------------------------------------------------ actor.h: one mention as a value */

static void
test_actor_code_joins_country_and_sector(void **state)
{
	static const struct lex_entry usagov = { LEX_ACTOR, "USAGOV", "washington", "actors.txt", NULL, 1, 1 };
	static const struct lex_entry igouno = { LEX_ACTOR, "IGOUNO", "united nations", "actors.txt", NULL, 2, 2 };
	static const struct lex_entry ngo = { LEX_ACTOR, "NGO", "aid groups", "actors.txt", NULL, 3, 2 };
	static const struct lex_entry iran = { LEX_DEMONYM, "IRN", "iranian", "demonyms.tsv", "iranian", 4, 1 };
	struct actor a;

	(void)state;
	memset(&a, 0, sizeof(a));
	memcpy(a.role, "GOV", 4);
	actor_finish_code(&a);
	assert_string_equal(a.code, "");		/* no country: no code, the sector kept */
	assert_string_equal(a.role, "GOV");
	memcpy(a.country, "UGA", 4);
	actor_finish_code(&a);
	assert_string_equal(a.code, "UGAGOV");		/* after a change of country */
	memset(&a, 0, sizeof(a));
	memcpy(a.country, "IRN", 4);
	a.entry = &iran;
	actor_finish_code(&a);
	assert_string_equal(a.code, "IRN");
	memcpy(a.role, "MIL", 4);
	actor_finish_code(&a);
	assert_string_equal(a.code, "IRNMIL");
	/* A full code from the dictionary stands as written. */
	memset(&a, 0, sizeof(a));
	memcpy(a.country, "USA", 4);
	memcpy(a.role, "GOV", 4);
	a.entry = &usagov;
	actor_finish_code(&a);
	assert_string_equal(a.code, "USAGOV");
	memset(&a, 0, sizeof(a));
	a.entry = &igouno;
	actor_finish_code(&a);
	assert_string_equal(a.code, "IGOUNO");
	a.entry = &ngo;
	actor_finish_code(&a);
	assert_string_equal(a.code, "NGO");
}

static void
test_actor_is_resolved_by_a_country_an_organisation_or_a_person(void **state)
{
	static const struct lex_entry igonat = { LEX_ACTOR, "IGONAT", "nato", "actors.txt", NULL, 1, 1 };
	static const struct lex_entry putin = { LEX_PERSON, "RUSGOV", "putin", "people.txt", NULL, 2, 1 };
	static const struct lex_entry minister = { LEX_ROLE, "GOV", "minister", "roles.txt", NULL, 3, 1 };
	struct actor a;

	(void)state;
	memset(&a, 0, sizeof(a));
	assert_false(actor_resolved(&a));
	a.role_entry = &minister;
	memcpy(a.role, "GOV", 4);
	assert_false(actor_resolved(&a));	/* "the minister": whose? */
	memcpy(a.country, "IRQ", 4);
	assert_true(actor_resolved(&a));
	memset(&a, 0, sizeof(a));
	a.entry = &igonat;
	assert_true(actor_resolved(&a));
	memset(&a, 0, sizeof(a));
	a.person_entry = &putin;
	assert_true(actor_resolved(&a));
}

static void
test_actor_code_tells_countries_from_other_owners(void **state)
{
	static const char *const countries[] = { "IRN", "USAGOV", "PSEREBHMS", "XKX", NULL };
	static const char *const others[] = { "IGOUNO", "NGOIRC", "IMGMUS", "MNC", "UAF", "UIS", NULL };

	(void)state;
	for (size_t i = 0; countries[i] != NULL; i++)
		assert_true(actor_code_is_country(countries[i]));
	for (size_t i = 0; others[i] != NULL; i++)
		assert_false(actor_code_is_country(others[i]));
}

/* ------------------------------------------------------------ known failures (skipped)
 *
 * What a reader of actors.h expects and the stage does not do today. Each
 * is skipped by STAGE_KNOWN_FAILURE() (stage.h); NE_KNOWN_FAILURES=1 runs them.
 */

static void
test_actors_reads_a_title_case_headline_role_and_name(void **state)
{
	struct fixture		*f = *state;
	const struct actor	*a;

	/*
	 * Expectation: in a title-case headline, a listed person after a title
	 * is that person, and the capitalised verb after the name ("Arrives")
	 * is not part of the name. Today the name runs on into the verb
	 * ("Manouchehr Mottaki Arrives"), so people.txt's entry is not found.
	 */
	STAGE_KNOWN_FAILURE();
	find(f, "Iranian Foreign Minister Manouchehr Mottaki Arrives In Damascus");
	a = &f->av.v[0];
	assert_string_equal(a->code, "IRNGOV");
	expect_name(f, a, "Manouchehr Mottaki");
	assert_non_null(a->person_entry);
}

static void
test_actors_shares_a_role_between_coordinated_demonyms(void **state)
{
	struct fixture *f = *state;

	/*
	 * Expectation: in "Armenian and Azerbaijani officials" both countries'
	 * officials are named: ARMGOV and AZEGOV, linked as one compound (issue
	 * 7 names the case), not the first demonym alone as the bare country ARM.
	 */
	find(f, "Armenian and Azerbaijani officials met in Moscow.");
	assert_string_equal(f->av.v[0].code, "ARMGOV");
	assert_string_equal(f->av.v[1].code, "AZEGOV");
	assert_int_equal(f->av.v[0].compound_next, 1);
}

static void
test_actors_gives_no_country_to_an_owner_that_is_none(void **state)
{
	static const char *const owners[] = { "NGMENVGRP", "INT", "MEA", "EUR", "AFR", NULL };
	struct fixture *f = *state;

	/*
	 * Expectation (lexicon README, "Actor codes": the owner is an ISO3
	 * country, or IGO NGO NGM IMG INT, or a CAMEO region such as MEA, "none
	 * of which is an ISO code"): an actor owned by NGM, INT or a region has
	 * no country: "Greenpeace" is not of country "NGM", "the international
	 * community" not of "INT", "Europe" not of "EUR".
	 */
	for (size_t i = 0; owners[i] != NULL; i++)
		if (actor_code_is_country(owners[i]))
			fail_msg("'%s' is owned by no country", owners[i]);
	find(f, "Greenpeace criticized Europe.");
	expect_n(f, 2);
	assert_string_equal(f->av.v[0].country, "");
	assert_string_equal(f->av.v[1].country, "");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_actors_composes_a_country_and_its_role),
		T(test_actors_reads_the_men_plural_of_a_role),
		T(test_actors_reads_a_bare_country_as_its_code),
		T(test_actors_keeps_an_envoys_posting_inside_the_mention),
		T(test_actors_keeps_a_role_without_a_country),
		T(test_actors_reads_a_role_of_a_country),
		T(test_actors_lets_one_modifier_stand_before_the_role),
		T(test_actors_prefers_the_sector_of_the_qualifying_role),
		T(test_actors_lets_a_first_demonym_name_the_country),
		T(test_actors_takes_the_longest_name),
		T(test_actors_keeps_a_group_without_a_country),
		T(test_actors_finds_organisations_and_capitals),
		T(test_actors_takes_a_country_only_from_a_place_known_enough),
		T(test_actors_reads_an_office_of_a_name_as_an_organisation),
		T(test_actors_finds_no_actor_in_a_dateline),
		T(test_actors_finds_no_actor_inside_a_sea_or_strait),
		T(test_actors_reads_capital_US_and_not_the_pronoun_us),
		T(test_actors_does_not_take_a_role_adjective_for_an_actor),
		T(test_actors_reads_a_led_coalition_as_its_leader),
		T(test_actors_finds_nobody_where_nobody_is_named),
		T(test_actors_clears_its_output_first),
		T(test_actors_reads_no_token_past_a_role_that_ends_the_sentence),
		T(test_actors_knows_listed_people_by_name),
		T(test_actors_gives_a_titled_listed_person_the_persons_country),
		T(test_actors_joins_an_appositive_name),
		T(test_actors_gives_a_caption_name_to_the_role_after_it),
		T(test_actors_finds_a_surname_introduced_earlier_in_the_article),
		T(test_actors_gives_a_titled_surname_the_country_it_was_introduced_with),
		T(test_actors_links_a_compound_joined_by_and),
		T(test_actors_links_a_list_closed_by_and),
		T(test_actors_links_only_the_members_of_the_compound),
		T(test_actors_carries_a_role_over_the_members_of_a_compound),
		T(test_actor_code_joins_country_and_sector),
		T(test_actor_is_resolved_by_a_country_an_organisation_or_a_person),
		T(test_actor_code_tells_countries_from_other_owners),
		/* known failures, skipped */
		T(test_actors_reads_a_title_case_headline_role_and_name),
		T(test_actors_shares_a_role_between_coordinated_demonyms),
		T(test_actors_gives_no_country_to_an_owner_that_is_none),
	};
#undef T
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
