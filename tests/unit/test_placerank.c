/*
 * test_placerank: the ranking rules of placerank.h and the candidate rules
 * of toponyms.h added for issue 12's second round, one test each, with
 * sentences written for them, on the hand-written gazetteer of
 * tests/fixtures/places-mini (test_places holds the first round's): points
 * that places.txt gives divisions, counties, "X in Y" as a qualifier, the
 * dateline as its name's choice, another spelling of a place as no evidence
 * for it, a large division over its seat, names at the head of longer ones,
 * compass words, and qualifiers borne out.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "placetest.h"

static void
test_placerank_issue12_point_of_a_division_from_places_txt(void **state)
{
	struct art		 a;
	const struct place	*p;

	/* admin1.tsv puts Ontario at 46.7 -84.2 (the box of its towns); places.txt moves it. */
	art_run(*state, &a, "Talks went on in Ontario.");
	assert_non_null(p = art_place(&a, "Ontario", 0));
	assert_string_equal(p->kind, "region");
	assert_true(fabs(p->lat - 50.0) < 1e-9 && fabs(p->lon + 85.0) < 1e-9);
	/* Only the point moves: the name keeps its provenance. */
	assert_string_equal(p->file, "admin1.tsv");
	art_release(&a);
}

static void
test_placerank_issue12_counties_are_places_of_their_state(void **state)
{
	struct art		 a;
	const struct place	*p;

	/* Alone, the county with more people (New York's). */
	art_run(*state, &a, "A barn burned in Monroe County.");
	assert_non_null(p = art_place(&a, "Monroe County", 0));
	assert_string_equal(p->kind, "county");
	assert_int_equal(p->admin_level, 2);
	assert_string_equal(p->admin1, "New York");
	art_release(&a);
	/* The state the article names decides. */
	art_run(*state, &a, "Officials in Missouri met on Monday. A barn burned in Monroe County.");
	assert_non_null(p = art_place(&a, "Monroe County", 0));
	assert_string_equal(p->admin1, "Missouri");
	assert_true(fabs(p->lat - 39.4958) < 1e-9);
	assert_string_equal(p->evidence, "division named");
	art_release(&a);
	/* News agencies' "Co." is the county too. */
	art_run(*state, &a, "Officials in Missouri met. A barn burned in Monroe Co. on Monday.");
	assert_non_null(p = art_place(&a, "Monroe Co.", 0));
	assert_string_equal(p->name, "Monroe County");
	assert_string_equal(p->admin1, "Missouri");
	art_release(&a);
}

static void
test_placerank_issue12_in_a_division_qualifies_like_a_comma(void **state)
{
	struct art		 a;
	const struct place	*p;

	art_run(*state, &a, "The family farms in Monroe County in northeast Missouri.");
	assert_non_null(p = art_place(&a, "Monroe County", 0));
	assert_string_equal(p->admin1, "Missouri");
	assert_string_equal(p->evidence, "qualifier");
	art_release(&a);
	/* A place after "in" that is no division or country qualifies nothing. */
	art_run(*state, &a, "Talks on Springfield in Paris ended.");
	assert_non_null(p = art_place(&a, "Springfield", 0));
	assert_string_equal(p->admin1, "Missouri");
	assert_string_not_equal(p->evidence, "qualifier");
	art_release(&a);
}

static void
test_placerank_issue12_dateline_is_what_its_name_was_chosen_to_be(void **state)
{
	struct art	a;
	struct place	loc;

	/* Not the first candidate of "Monroe Co." (New York's, by population) but the one chosen. */
	art_run(*state, &a, "MONROE CO. - Deputies in Missouri said a barn burned.");
	assert_int_equal(places_dateline(&a.pv, &loc), 1);
	assert_string_equal(loc.name, "Monroe County");
	assert_string_equal(loc.admin1, "Missouri");
	art_release(&a);
}

static void
test_placerank_issue12_another_spelling_is_no_evidence(void **state)
{
	struct art		 a;
	const struct place	*p;

	/*
	 * "MONROE CO." and "Monroe County" are two names of the same places:
	 * each would otherwise support the other's first choice (New York's)
	 * as a place nearby, against the state the article names.
	 */
	art_run(*state, &a, "MONROE CO. - A barn burned. The Monroe County sheriff said Missouri roads "
	    "were closed.");
	assert_non_null(p = art_place(&a, "MONROE CO.", 0));
	assert_string_equal(p->admin1, "Missouri");
	assert_non_null(p = art_place(&a, "Monroe County", 0));
	assert_string_equal(p->admin1, "Missouri");
	assert_string_not_equal(p->evidence, "nearby places");
	art_release(&a);
}

static void
test_placerank_issue12_a_large_division_is_not_called_after_its_seat(void **state)
{
	struct art		 a;
	const struct place	*p;

	/* Quebec the province has thirteen times the people of Québec the city. */
	art_run(*state, &a, "Officials in Quebec said the rule would change.");
	assert_non_null(p = art_place(&a, "Quebec", 0));
	assert_string_equal(p->kind, "region");
	art_release(&a);
	/* A city named in the division supports it as much as the seat. */
	art_run(*state, &a, "She was driven from Montreal. Both are from Quebec.");
	assert_non_null(p = art_place(&a, "Quebec", 0));
	assert_string_equal(p->kind, "region");
	art_release(&a);
	/* Basra Governorate has about twice Basra's people: the city (test_places). */
	art_run(*state, &a, "Oil exports from Basra rose.");
	assert_non_null(p = art_place(&a, "Basra", 0));
	assert_string_equal(p->kind, "city");
	art_release(&a);
}

static void
test_placerank_issue12_countries_and_divisions_head_longer_names(void **state)
{
	struct art		 a;
	const struct place	*p;

	art_run(*state, &a, "Ontario Premier Kathleen Wynne spoke to the U.S. Senate on Monday.");
	assert_non_null(p = art_place(&a, "Ontario", 0));
	assert_string_equal(p->kind, "region");
	assert_non_null(p = art_place(&a, "U.S.", 0));
	assert_string_equal(p->kind, "country");
	art_release(&a);
	/* A division of a few hundred people heads a person's name, not an office's. */
	art_run(*state, &a, "The study was led by Michael Worobey of the lab.");
	assert_null(art_place(&a, "Michael", 0));
	art_release(&a);
	/* A demonym before a capitalised word is an adjective of a name: "The Canadian Press". */
	art_run(*state, &a, "The Canadian Press reported the fire.");
	assert_null(art_place(&a, "Canadian", 0));
	art_release(&a);
}

static void
test_placerank_issue12_a_compass_word_names_no_division(void **state)
{
	struct art a;

	/* Cameroon's "West Region" without its generic word would be "West". */
	art_run(*state, &a, "Cases of West Nile virus rose in Texas.");
	assert_null(art_place(&a, "West", 0));
	assert_non_null(art_place(&a, "Texas", 0));
	art_release(&a);
	art_run(*state, &a, "Troops moved into the West Region on Monday.");
	assert_non_null(art_place(&a, "West Region", 0));
	art_release(&a);
}

static void
test_placerank_issue12_qualified_elsewhere_only_when_borne_out(void **state)
{
	struct art		 a;
	const struct place	*p;

	/* No Springfield of the gazetteer lies in Ohio: the later mention keeps its own ranking. */
	art_run(*state, &a, "A plant opened in Springfield, Ohio. Workers in Springfield cheered.");
	assert_non_null(p = art_place(&a, "Springfield", 1));
	assert_string_not_equal(p->evidence, "qualified elsewhere");
	assert_string_equal(p->admin1, "Missouri");
	art_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_placerank_issue12_point_of_a_division_from_places_txt,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_placerank_issue12_counties_are_places_of_their_state,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_placerank_issue12_in_a_division_qualifies_like_a_comma,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_placerank_issue12_dateline_is_what_its_name_was_chosen_to_be, setup, teardown),
		cmocka_unit_test_setup_teardown(test_placerank_issue12_another_spelling_is_no_evidence, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_placerank_issue12_a_large_division_is_not_called_after_its_seat, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_placerank_issue12_countries_and_divisions_head_longer_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_placerank_issue12_a_compass_word_names_no_division,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_placerank_issue12_qualified_elsewhere_only_when_borne_out,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
