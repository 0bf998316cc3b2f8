/*
 * test_coref: the article's memory of who is who (coref.h).
 *
 * Links coref.c and actor.c only: the mentions are made by hand, as
 * actors_find would make them, over article texts written for this test,
 * and every expected answer was worked out from coref.h before the memory
 * was run: names keyed by their last word and compared without case,
 * the most recent person, group and speaker for pronouns, countries
 * ordered by how often they were named (ties: the first named), a bounded
 * number of names, and a reset between articles.
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
#include "coref.h"
#include "stage.h"

static const struct lex_entry igonat = { LEX_ACTOR, "IGONAT", "nato", "actors.txt", NULL, 7, 1 };

/* The span of the nth (0-based) occurrence of word in text; fails the test if absent. */
static struct span
span_nth(const char *text, const char *word, int nth)
{
	const char *p = strstr(text, word);

	while (p != NULL && nth-- > 0)
		p = strstr(p + 1, word);
	if (p == NULL)
		fail_msg("'%s' is not in the text", word);
	return (struct span){ (uint32_t)(p - text), (uint32_t)(p - text + strlen(word)) };
}

static struct span
span_of(const char *text, const char *word)
{
	return span_nth(text, word, 0);
}

/*
 * A mention of text: its words, the person's name within them ("" for
 * none), the country (may be "") and the sector (may be ""), coded as
 * actor_finish_code composes them.
 */
static struct actor
mention(const char *text, const char *words, const char *name, const char *country, const char *role)
{
	struct actor a;

	memset(&a, 0, sizeof(a));
	a.text = span_of(text, words);
	if (name[0] != '\0') {
		a.name = span_of(text + a.text.start, name);
		a.name.start += a.text.start;
		a.name.end += a.text.start;
	} else
		a.name = (struct span){ a.text.start, a.text.start };
	snprintf(a.country, sizeof(a.country), "%s", country);
	snprintf(a.role, sizeof(a.role), "%s", role);
	a.compound_next = -1;
	actor_finish_code(&a);
	return a;
}

static int
setup(void **state)
{
	struct coref *c = coref_new();

	if (c == NULL)
		return -1;
	*state = c;
	return 0;
}

static int
teardown(void **state)
{
	coref_free(*state);
	return 0;
}

/* What an empty memory answers: nothing. */
static void
expect_empty(const struct coref *c, const char *text, const char *word)
{
	struct span	sp = span_of(text, word);
	char		out[4][4];

	assert_null(coref_name(c, text, sp.start, sp.end));
	assert_null(coref_pronoun(c, COREF_PERSON));
	assert_null(coref_pronoun(c, COREF_GROUP));
	assert_null(coref_pronoun(c, COREF_SPEAKER));
	assert_null(coref_main_country(c));
	assert_int_equal(coref_countries(c, out, 4), 0);
}

static void
test_coref_starts_empty(void **state)
{
	expect_empty(*state, "Crocker said.", "Crocker");
}

static void
test_coref_finds_a_titled_person_by_surname(void **state)
{
	struct coref		*c = *state;
	const char		*text = "The United States Ambassador to Iraq Ryan C. Crocker arrived. Crocker said "
	    "the talks were useful. CROCKER left; crocker's aides stayed.";
	struct actor		 a = mention(text, "United States Ambassador to Iraq Ryan C. Crocker", "Ryan C. Crocker",
	    "USA", "GOV");
	const struct actor	*m;
	struct span		 later = span_nth(text, "Crocker", 1);

	assert_string_equal(a.code, "USAGOV");
	coref_note_mention(c, text, &a);
	m = coref_name(c, text, later.start, later.end);
	assert_non_null(m);
	assert_string_equal(m->code, "USAGOV");
	assert_string_equal(m->country, "USA");
	/* Compared without case. */
	assert_non_null(coref_name(c, text, span_of(text, "CROCKER").start, span_of(text, "CROCKER").end));
	assert_non_null(coref_name(c, text, span_of(text, "crocker").start, span_of(text, "crocker").end));
	/* Keyed by the last word: the first name is not the key. */
	assert_null(coref_name(c, text, span_of(text, "Ryan").start, span_of(text, "Ryan").end));
}

static void
test_coref_remembers_a_copy_of_the_mention(void **state)
{
	struct coref		*c = *state;
	const char		*text = "Ambassador Ryan Crocker of the U.S. arrived. Crocker spoke.";
	struct actor		 a = mention(text, "Ambassador Ryan Crocker of the U.S.", "Ryan Crocker", "USA", "GOV");
	const struct actor	*m;
	struct span		 sp = span_nth(text, "Crocker", 1);

	coref_note_mention(c, text, &a);
	memset(&a, 0, sizeof(a));	/* the caller's mention is its own */
	m = coref_name(c, text, sp.start, sp.end);
	assert_non_null(m);
	assert_string_equal(m->code, "USAGOV");
	assert_true(stage_span_is(text, m->name, "Ryan Crocker"));
}

static void
test_coref_remembers_a_person_of_unknown_country(void **state)
{
	struct coref		*c = *state;
	const char		*text = "Prime Minister Tomas Varga arrived. Varga spoke.";
	struct actor		 a = mention(text, "Prime Minister Tomas Varga", "Tomas Varga", "", "GOV");
	struct span		 sp = span_nth(text, "Varga", 1);
	const struct actor	*m;

	/* Whose prime minister is not known, but "Varga" and "he" are still him;
	 * no country is carried, as none is known. */
	assert_false(actor_resolved(&a));
	coref_note_mention(c, text, &a);
	assert_non_null(m = coref_name(c, text, sp.start, sp.end));
	assert_string_equal(m->country, "");
	assert_true(stage_span_is(text, m->name, "Tomas Varga"));
	assert_non_null(coref_pronoun(c, COREF_PERSON));
	assert_null(coref_main_country(c));
}

static void
test_coref_remembers_no_name_for_a_nameless_mention(void **state)
{
	struct coref	*c = *state;
	const char	*text = "Iranian officials met. Officials said so.";
	struct actor	 a = mention(text, "Iranian officials", "", "IRN", "GOV");
	struct span	 sp = span_of(text, "Officials");

	coref_note_mention(c, text, &a);
	assert_null(coref_name(c, text, sp.start, sp.end));
	/* Its country still counts. */
	assert_non_null(coref_main_country(c));
	assert_string_equal(coref_main_country(c), "IRN");
}

static void
test_coref_takes_the_most_recently_introduced_namesake(void **state)
{
	struct coref		*c = *state;
	const char		*text = "U.S. envoy John Smith met British envoy Paul Smith. Smith said no.";
	struct actor		 us = mention(text, "U.S. envoy John Smith", "John Smith", "USA", "GOV");
	struct actor		 uk = mention(text, "British envoy Paul Smith", "Paul Smith", "GBR", "GOV");
	const struct actor	*m;
	struct span		 sp = span_nth(text, "Smith", 2);

	coref_note_mention(c, text, &us);
	coref_note_mention(c, text, &uk);
	m = coref_name(c, text, sp.start, sp.end);
	assert_non_null(m);
	assert_string_equal(m->country, "GBR");
}

static void
test_coref_keeps_a_bounded_number_of_names(void **state)
{
	struct coref	*c = *state;
	char		*text = malloc(1000 * 32);
	size_t		 len = 0;
	struct span	 first, last;

	assert_non_null(text);
	/* A thousand envoys: Ab, Ac, ... each a name of its own. */
	for (int i = 0; i < 1000; i++)
		len += (size_t)sprintf(text + len, "U.S. envoy Jo Z%c%c%c. ", 'a' + i / 100, 'a' + i / 10 % 10,
		    'a' + i % 10);
	for (int i = 0; i < 1000; i++) {
		char		w[8];
		struct actor	a;
		char		*p;

		snprintf(w, sizeof(w), "Z%c%c%c", 'a' + i / 100, 'a' + i / 10 % 10, 'a' + i % 10);
		p = strstr(text, w);
		assert_non_null(p);
		memset(&a, 0, sizeof(a));
		memcpy(a.country, "USA", 4);
		memcpy(a.role, "GOV", 4);
		a.text = (struct span){ (uint32_t)(p - text - 14), (uint32_t)(p - text + 4) };
		a.name = (struct span){ (uint32_t)(p - text - 3), (uint32_t)(p - text + 4) };
		a.compound_next = -1;
		actor_finish_code(&a);
		coref_note_mention(c, text, &a);
	}
	first = span_of(text, "Zaaa");
	last = span_of(text, "Zjjj");
	/* The first names stay; names beyond the bound are not remembered. */
	assert_non_null(coref_name(c, text, first.start, first.end));
	assert_null(coref_name(c, text, last.start, last.end));
	/* A name longer than the memory's keys is never cut to a shorter one. */
	{
		const char	*lt = "U.S. envoy Jo Zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa arrived. Zaaaaaa spoke.";
		struct actor	 a = mention(lt, "U.S. envoy Jo Zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		    "Jo Zaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "USA", "GOV");
		struct span	 shorter = span_nth(lt, "Zaaaaaa", 1);
		const struct actor *m;

		coref_reset(c);
		coref_note_mention(c, lt, &a);
		assert_null(coref_name(c, lt, shorter.start, shorter.end));
		/* The long name itself: remembered whole, or not at all. */
		if ((m = coref_name(c, lt, a.name.start + 3, a.name.end)) != NULL)
			assert_string_equal(m->code, "USAGOV");
	}
	free(text);
}

/* ------------------------------------------------------------ pronouns */

static void
test_coref_gives_he_the_last_person_and_it_the_last_group(void **state)
{
	struct coref	*c = *state;
	const char	*text = "Iran's foreign minister Manouchehr Mottaki met NATO officials.";
	struct actor	 person = mention(text, "Iran's foreign minister Manouchehr Mottaki", "Manouchehr Mottaki",
	    "IRN", "GOV");
	struct actor	 group = mention(text, "NATO", "", "", "");

	group.entry = &igonat;
	actor_finish_code(&group);
	coref_note_subject(c, &person, 0);
	coref_note_subject(c, &group, 0);
	assert_non_null(coref_pronoun(c, COREF_PERSON));
	assert_string_equal(coref_pronoun(c, COREF_PERSON)->code, "IRNGOV");
	assert_non_null(coref_pronoun(c, COREF_GROUP));
	assert_string_equal(coref_pronoun(c, COREF_GROUP)->code, "IGONAT");
}

static void
test_coref_gives_we_the_last_speaker(void **state)
{
	struct coref	*c = *state;
	const char	*text = "Syria said it would meet Iraq; Jordan attacked Egypt.";
	struct actor	 syria = mention(text, "Syria", "", "SYR", "");
	struct actor	 jordan = mention(text, "Jordan", "", "JOR", "");

	coref_note_subject(c, &syria, 1);
	coref_note_subject(c, &jordan, 0);
	/* "we" is who spoke, not who acted last; "it" is the last group. */
	assert_non_null(coref_pronoun(c, COREF_SPEAKER));
	assert_string_equal(coref_pronoun(c, COREF_SPEAKER)->code, "SYR");
	assert_string_equal(coref_pronoun(c, COREF_GROUP)->code, "JOR");
}

static void
test_coref_gives_he_a_person_introduced_by_a_mention(void **state)
{
	struct coref	*c = *state;
	const char	*text = "U.S. Ambassador Ryan Crocker arrived in Baghdad. He met Iranian officials.";
	struct actor	 a = mention(text, "U.S. Ambassador Ryan Crocker", "Ryan Crocker", "USA", "GOV");

	/* The most recent person the article named, even before he did anything. */
	coref_note_mention(c, text, &a);
	assert_non_null(coref_pronoun(c, COREF_PERSON));
	assert_string_equal(coref_pronoun(c, COREF_PERSON)->code, "USAGOV");
}

/* ------------------------------------------------------------ countries */

static void
test_coref_orders_countries_by_how_often_they_were_named(void **state)
{
	struct coref	*c = *state;
	const char	*text = "Iran met Iraq. Iraq met Syria. Iraq and Iran met Syria.";
	const char	*seq[][2] = { { "Iran", "IRN" }, { "Iraq", "IRQ" }, { "Iraq", "IRQ" }, { "Syria", "SYR" },
	    { "Iraq", "IRQ" }, { "Iran", "IRN" }, { "Syria", "SYR" } };
	char		 out[8][4];

	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		struct actor a = mention(text, seq[i][0], "", seq[i][1], "");

		coref_note_mention(c, text, &a);
	}
	/* Iraq 3, Iran 2, Syria 2: Iran was named before Syria. */
	assert_string_equal(coref_main_country(c), "IRQ");
	assert_int_equal(coref_countries(c, out, 8), 3);
	assert_string_equal(out[0], "IRQ");
	assert_string_equal(out[1], "IRN");
	assert_string_equal(out[2], "SYR");
	/* At most max are written, the most named first. */
	memset(out, 0, sizeof(out));
	assert_int_equal(coref_countries(c, out, 2), 2);
	assert_string_equal(out[0], "IRQ");
	assert_string_equal(out[1], "IRN");
	assert_string_equal(out[2], "");
}

static void
test_coref_breaks_a_tie_by_the_first_named(void **state)
{
	struct coref	*c = *state;
	const char	*text = "Chile met Peru.";
	struct actor	 chile = mention(text, "Chile", "", "CHL", "");
	struct actor	 peru = mention(text, "Peru", "", "PER", "");

	coref_note_mention(c, text, &chile);
	coref_note_mention(c, text, &peru);
	assert_string_equal(coref_main_country(c), "CHL");
	coref_note_mention(c, text, &peru);
	assert_string_equal(coref_main_country(c), "PER");
}

static void
test_coref_counts_no_country_for_an_organisation(void **state)
{
	struct coref	*c = *state;
	const char	*text = "NATO met NATO.";
	struct actor	 nato = mention(text, "NATO", "", "", "");

	nato.entry = &igonat;
	actor_finish_code(&nato);
	coref_note_mention(c, text, &nato);
	assert_null(coref_main_country(c));
}

static void
test_coref_keeps_the_main_country_among_many(void **state)
{
	static const char *const isos[] = {
		"AFG", "ALB", "DZA", "AND", "AGO", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR", "BGD",
		"BRB", "BLR", "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BGR", "BFA",
		"BDI", "KHM", "CMR", "CAN", "CPV", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG", "CRI",
		"HRV", NULL
	};
	struct coref	*c = *state;
	const char	*text = "Cuba and forty others.";
	struct actor	 cuba = mention(text, "Cuba", "", "CUB", "");

	for (int i = 0; i < 3; i++)
		coref_note_mention(c, text, &cuba);
	/* Forty other countries, each named once, in an article about Cuba. */
	for (size_t i = 0; isos[i] != NULL; i++) {
		struct actor a = mention(text, "others", "", isos[i], "");

		coref_note_mention(c, text, &a);
	}
	assert_string_equal(coref_main_country(c), "CUB");
}

/* ------------------------------------------------------------ lifetime */

static void
test_coref_forgets_everything_on_reset(void **state)
{
	struct coref	*c = *state;
	const char	*text = "U.S. Ambassador Ryan Crocker met Iran. Crocker left.";
	struct actor	 a = mention(text, "U.S. Ambassador Ryan Crocker", "Ryan Crocker", "USA", "GOV");
	struct actor	 iran = mention(text, "Iran", "", "IRN", "");

	coref_note_mention(c, text, &a);
	coref_note_mention(c, text, &iran);
	coref_note_subject(c, &a, 1);
	coref_note_subject(c, &iran, 0);
	assert_non_null(coref_name(c, text, span_nth(text, "Crocker", 1).start, span_nth(text, "Crocker", 1).end));
	coref_reset(c);
	expect_empty(c, text, "Crocker");
	/* And works again after. */
	coref_note_mention(c, text, &iran);
	assert_string_equal(coref_main_country(c), "IRN");
}

static void
test_coref_free_accepts_null(void **state)
{
	(void)state;
	coref_free(NULL);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_coref_starts_empty),
		T(test_coref_finds_a_titled_person_by_surname),
		T(test_coref_remembers_a_copy_of_the_mention),
		T(test_coref_remembers_a_person_of_unknown_country),
		T(test_coref_remembers_no_name_for_a_nameless_mention),
		T(test_coref_takes_the_most_recently_introduced_namesake),
		T(test_coref_keeps_a_bounded_number_of_names),
		T(test_coref_gives_he_the_last_person_and_it_the_last_group),
		T(test_coref_gives_we_the_last_speaker),
		T(test_coref_gives_he_a_person_introduced_by_a_mention),
		T(test_coref_orders_countries_by_how_often_they_were_named),
		T(test_coref_breaks_a_tie_by_the_first_named),
		T(test_coref_counts_no_country_for_an_organisation),
		T(test_coref_keeps_the_main_country_among_many),
		T(test_coref_forgets_everything_on_reset),
		T(test_coref_free_accepts_null),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
