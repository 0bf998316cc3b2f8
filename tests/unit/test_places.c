/*
 * test_places: finding and geocoding the places of a sentence and of an
 * article, on the hand-written gazetteer in tests/fixtures/places-mini: the
 * locative a place stands under (places_find), each ranking rule of
 * placerank.h with sentences written for it (places_article), and the
 * filters of toponyms.h; plus a few checks on the real gazetteer generated
 * from GeoNames when NE_LEXICON points at a built lexicon directory
 * (skipped when its cities.tsv is absent).
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gazetteer.h"
#include "placerank.h"
#include "placetest.h"
#include "toponyms.h"

/* A sentence built from a string, as extract builds it: tokens and their lower-case forms. */
struct sent {
	struct sentence	 s;
	struct tokvec	 tv;
	char		*lower;
	const char	**words;
};

static void
sent_init(struct sent *st, const char *text)
{
	size_t len = strlen(text), pos = 0;

	memset(st, 0, sizeof(*st));
	assert_int_equal(text_tokens(text, (struct span){ 0, (uint32_t)len }, &st->tv), 0);
	assert_non_null(st->lower = malloc(len + st->tv.n + 1));
	assert_non_null(st->words = calloc(st->tv.n + 1, sizeof(*st->words)));
	for (size_t i = 0; i < st->tv.n; i++) {
		const struct token *t = &st->tv.v[i];

		st->words[i] = st->lower + pos;
		pos += text_lower(text, t, st->lower + pos, t->end - t->start + 1) + 1;
	}
	st->s.text = text;
	st->s.span = (struct span){ 0, (uint32_t)len };
	st->s.tok = st->tv.v;
	st->s.ntok = st->tv.n;
	st->s.words = st->words;
}

static void
sent_release(struct sent *st)
{
	tokvec_release(&st->tv);
	free(st->lower);
	free(st->words);
}

/* places_find on text; @returns its result, with the place in *p. */
static int
find(const struct gazetteer *g, const char *text, const char (*countries)[4], size_t n,
    struct place *p)
{
	struct sent	st;
	int		r;

	memset(p, 0, sizeof(*p));
	sent_init(&st, text);
	r = places_find(g, &st.s, countries, n, p);
	sent_release(&st);
	return r;
}

/* The bytes of text that p.span covers must be want. */
static void
assert_span(const char *text, const struct place *p, const char *want)
{
	size_t n = p->span.end - p->span.start;

	assert_true(p->span.end <= strlen(text));
	if (n != strlen(want) || memcmp(text + p->span.start, want, n) != 0)
		fail_msg("span is '%.*s', want '%s'", (int)n, text + p->span.start, want);
}

static void
test_places_finds_the_object_of_in(void **state)
{
	const char	*text = "Iranian and U.S. officials met in Baghdad on Monday.";
	struct place	 p;

	assert_int_equal(find(*state, text, NULL, 0, &p), 1);
	assert_string_equal(p.name, "Baghdad");
	assert_string_equal(p.country, "IRQ");
	assert_string_equal(p.kind, "capital");
	assert_null(p.within);
	assert_true(fabs(p.lat - 33.3406) < 1e-9 && fabs(p.lon - 44.4009) < 1e-9);
	assert_int_equal(p.population, 7216000);
	assert_int_equal(p.id, 98182);
	assert_int_equal(p.admin_level, 2);
	assert_string_equal(p.admin1, "Baghdad Governorate");
	assert_string_equal(p.locative, "in");
	assert_string_equal(p.file, "cities.tsv");
	assert_int_equal(p.line, 3);
	assert_span(text, &p, "Baghdad");
}

static void
test_places_gives_the_district_after_a_possessive(void **state)
{
	const char	*text = "Crocker met Iranian officials in Baghdad's Green Zone for four hours.";
	struct place	 p;

	assert_int_equal(find(*state, text, NULL, 0, &p), 1);
	assert_string_equal(p.name, "Green Zone");
	assert_string_equal(p.kind, "district");
	assert_string_equal(p.within, "Baghdad");
	assert_string_equal(p.country, "IRQ");
	assert_true(fabs(p.lat - 33.3040) < 1e-9 && fabs(p.lon - 44.3900) < 1e-9);
	assert_string_equal(p.file, "places.txt");
	assert_int_equal(p.line, 22);
	assert_span(text, &p, "Baghdad's Green Zone");

	/* The district alone names it too. */
	assert_int_equal(find(*state, "Talks resumed in the Green Zone.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "Green Zone");
	assert_string_equal(p.within, "Baghdad");
}

static void
test_places_possessive_leads_to_the_city_only_before_a_place_noun(void **state)
{
	const char	*text = "A bomb went off in Baghdad's Karrada district.";
	struct place	 p;

	/* An unknown district: the city. */
	assert_int_equal(find(*state, text, NULL, 0, &p), 1);
	assert_string_equal(p.name, "Baghdad");
	assert_span(text, &p, "Baghdad");
	/* "Washington's view" is an opinion, not a place. */
	assert_int_equal(find(*state, "Iran has no confidence in Washington's view of the talks.",
	    NULL, 0, &p), 0);
	/* Cairo's Tahrir Square is not Baghdad's: the city, through the place noun "Square". */
	assert_int_equal(find(*state, "They gathered in Baghdad's Tahrir Square.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "Baghdad");
	assert_string_equal(p.kind, "capital");
	/* Capitalised words that lead to no place noun are a topic, not a place. */
	assert_int_equal(find(*state, "Doubts grew in Washington's Middle East policy.", NULL, 0, &p),
	    0);
}

static void
test_places_ranks_by_the_articles_countries(void **state)
{
	const char	 lbn[][4] = { "LBN" };
	const char	 two[][4] = { "FRA", "LBN" };
	const char	*text = "Clashes erupted in Tripoli overnight.";
	struct place	 p;

	/* No country from the article: Libya's capital beats Lebanon's larger port... */
	assert_int_equal(find(*state, text, NULL, 0, &p), 1);
	assert_string_equal(p.country, "LBY");
	assert_string_equal(p.kind, "capital");
	/* ...but an article about Lebanon means Lebanon's Tripoli. */
	assert_int_equal(find(*state, text, lbn, 1, &p), 1);
	assert_string_equal(p.country, "LBN");
	assert_string_equal(p.kind, "city");
	assert_int_equal(p.line, 6);
	assert_string_equal(p.evidence, "country named");
	assert_true(fabs(p.lat - 34.4335) < 1e-9);
	assert_int_equal(find(*state, text, two, 2, &p), 1);
	assert_string_equal(p.country, "LBN");
}

static void
test_places_prefers_capitals_then_population(void **state)
{
	const char	can[][4] = { "CAN" };
	struct place	p;

	/* The Seychelles' capital (22,881) before British Columbia's Victoria (289,625). */
	assert_int_equal(find(*state, "Delegates met in Victoria.", NULL, 0, &p), 1);
	assert_string_equal(p.country, "SYC");
	assert_int_equal(find(*state, "Delegates met in Victoria.", can, 1, &p), 1);
	assert_string_equal(p.country, "CAN");
	/* Two Springfields in one country: Missouri's is larger. */
	assert_int_equal(find(*state, "The plant in Springfield closed.", NULL, 0, &p), 1);
	assert_int_equal(p.population, 169176);
	assert_int_equal(p.line, 14);
}

/* places_name_at on the name at the start of text; @returns its result, with the place in *p. */
static int
name_at(const struct gazetteer *g, const char *text, const char (*countries)[4], size_t n, struct place *p)
{
	struct sent	st;
	size_t		len = 0;
	int		r;

	memset(p, 0, sizeof(*p));
	sent_init(&st, text);
	r = places_name_at(g, NULL, &st.s, 0, countries, n, p, &len);
	sent_release(&st);
	return r;
}

static void
test_places_name_at_ranks_a_lone_name_by_the_countries_given(void **state)
{
	const char	lbn[][4] = { "LBN" }, can[][4] = { "CAN" };
	struct place	p;

	/* No country named: the answer kept at load (issue 12's speed), as ranking gives it. */
	assert_int_equal(name_at(*state, "Tripoli authorities said", NULL, 0, &p), 1);
	assert_string_equal(p.country, "LBY");
	assert_string_equal(p.evidence, "population");
	assert_null(p.locative);
	assert_int_equal(name_at(*state, "Tripoli authorities said", lbn, 1, &p), 1);
	assert_string_equal(p.country, "LBN");
	assert_string_equal(p.evidence, "country named");
	assert_int_equal(name_at(*state, "Victoria police said", NULL, 0, &p), 1);
	assert_string_equal(p.country, "SYC");
	assert_int_equal(name_at(*state, "Victoria police said", can, 1, &p), 1);
	assert_string_equal(p.country, "CAN");
	/* One candidate: that place, whatever the countries. */
	assert_int_equal(name_at(*state, "Cairo officials said", can, 1, &p), 1);
	assert_string_equal(p.country, "EGY");
	assert_string_equal(p.evidence, "only candidate");
}

/*
 * Every name of several candidates of g, alone with no country named or
 * with a country none of its candidates lies in, is what ranking makes of
 * a lone toponym of it governed by a locative: the answer gz_lone_build()
 * keeps is checked against placerank_resolve() itself.
 * @returns how many names had an answer kept.
 */
static size_t
check_lone_answers(const struct gazetteer *g)
{
	const char		 none[][4] = { "ZZZ" };
	struct gazetteer_stats	 st;
	size_t			 kept = 0;

	gazetteer_stats(g, &st);
	for (uint32_t i = 0; i < st.phrases; i++) {
		const struct gz_phrase	*ph = gazetteer_phrase(g, i);
		struct toponym		 t = { 0 };
		struct topovec		 tv = { &t, 1, 1 };
		struct place		 a, b;
		char			 text[600];
		int			 ra, rb;

		if (ph->n < 2)
			continue;
		t.phrase = ph;
		t.qualifier = GZ_NIL;
		t.place = GZ_NIL;
		t.locative = "";
		t.ntok = 1;
		for (const char *c = ph->key; *c != '\0'; c++)
			t.ntok += *c == ' ';
		if (t.ntok == 1 && (ph->flags & GZP_COMMON))
			t.flags |= TP_COMMON;
		assert_int_equal(placerank_resolve(g, &tv, NULL, 0), 0);
		snprintf(text, sizeof(text), "%s said", ph->key);
		for (char *c = text; *c != '\0'; c++)
			if ((c == text || c[-1] == ' ') && *c >= 'a' && *c <= 'z')
				*c = (char)(*c - 'a' + 'A');
		ra = name_at(g, text, NULL, 0, &a);
		rb = name_at(g, text, none, 1, &b);
		assert_int_equal(ra, rb);
		/* The text may name a longer place, or none ("Reading"): only the same name is compared. */
		if (ra == 0 || a.span.end - a.span.start != strlen(ph->key))
			continue;
		if (t.place == GZ_NIL)
			fail_msg("'%s' alone is %s; ranking gives no place", text, a.name);
		if (strcmp(a.name, gazetteer_place(g, t.place)->name) != 0 || a.line != t.cand->line ||
		    strcmp(a.evidence, t.evidence) != 0 || strcmp(b.name, a.name) != 0 || b.line != a.line ||
		    strcmp(b.evidence, a.evidence) != 0)
			fail_msg("'%s' alone: %s (line %u, %s), with ZZZ %s (line %u); ranked: %s (line %u, %s)",
			    text, a.name, a.line, a.evidence, b.name, b.line, gazetteer_place(g, t.place)->name,
			    t.cand->line, t.evidence);
		kept += ph->lone != GZ_LONE_RANK;
	}
	return kept;
}

static void
test_places_name_at_alone_answers_as_ranking_does_12(void **state)
{
	assert_true(check_lone_answers(*state) >= 5);
}

/*
 * places_name_at() given places_article()'s look-ups (the actors' hand-off)
 * answers as it does without them, at every token of every sentence:
 * names, no names, stop phrases, tokens inside a name that the article's
 * pass stepped over, and countries named or not.
 */
static void
test_places_name_at_with_the_articles_look_ups_answers_the_same_12(void **state)
{
	const struct gazetteer	*g = *state;
	const char		 can[][4] = { "CAN" };
	const char		*text =
	    "VICTORIA, British Columbia - Tripoli authorities said on Monday that Springfield, Illinois, "
	    "and New York officials met Michael Jordan in Victoria.\nThe March talks in Paris, Texas, "
	    "ended. UK and Cairo officials said so in Springfield.";
	struct art		 a;
	size_t			 hits = 0;

	art_run(g, &a, text);
	assert_true(a.pv.nsents == a.ss.n);
	for (size_t k = 0; k < a.ss.n; k++)
		for (size_t i = 0; i < a.ss.v[k].ntok; i++)
			for (size_t nc = 0; nc < 2; nc++) {
				struct place	x, y;
				size_t		lx = 0, ly = 0;
				int		rx, ry;

				memset(&x, 0, sizeof(x));
				memset(&y, 0, sizeof(y));
				rx = places_name_at(g, &a.pv, &a.ss.v[k], i, can, nc, &x, &lx);
				ry = places_name_at(g, NULL, &a.ss.v[k], i, can, nc, &y, &ly);
				assert_int_equal(rx, ry);
				if (rx == 0)
					continue;
				hits++;
				assert_int_equal(lx, ly);
				assert_ptr_equal(x.name, y.name);
				assert_int_equal(x.line, y.line);
				assert_memory_equal(&x.span, &y.span, sizeof(x.span));
				assert_string_equal(x.evidence, y.evidence);
			}
	assert_true(hits >= 8);
	/* The look-ups were kept: the hand-off is tested, not the fallback. */
	hits = 0;
	for (size_t i = a.pv.nsents + 1; i < a.pv.nsents + 1 + a.pv.asked[a.pv.nsents]; i++)
		hits += a.pv.asked[i] != 0;
	assert_true(hits >= 10);
	art_release(&a);
}

static void
test_places_division_after_a_comma_picks_the_candidate(void **state)
{
	const char	syc[][4] = { "SYC" };
	struct place	p;

	/* Illinois' Springfield, though Missouri's is larger. */
	assert_int_equal(find(*state, "The plant in Springfield, Illinois, closed.", NULL, 0, &p), 1);
	assert_int_equal(p.line, 13);
	assert_int_equal(p.population, 116565);
	assert_int_equal(find(*state, "The plant in Springfield, Ill. closed.", NULL, 0, &p), 1);
	assert_int_equal(p.line, 13);
	/* The text outranks the article's countries and the capital. */
	assert_int_equal(find(*state, "A rally in Victoria, British Columbia.", syc, 1, &p), 1);
	assert_string_equal(p.country, "CAN");
	/* A division that no candidate lies in changes nothing. */
	assert_int_equal(find(*state, "The plant in Springfield, Ohio, closed.", NULL, 0, &p), 1);
	assert_int_equal(p.line, 14);
}

static void
test_places_washington_is_the_us_capital(void **state)
{
	const char	gbr[][4] = { "GBR" };
	struct place	p;

	/* Even in an article about Britain, which has a town called Washington. */
	assert_int_equal(find(*state, "The two ministers met in Washington.", gbr, 1, &p), 1);
	assert_string_equal(p.name, "Washington D.C.");
	assert_string_equal(p.country, "USA");
	assert_string_equal(p.kind, "capital");
	assert_true(fabs(p.lat - 38.8951) < 1e-9 && fabs(p.lon + 77.0364) < 1e-9);
	assert_string_equal(p.file, "places.txt");
	assert_int_equal(p.line, 21);
}

static void
test_places_alias_names_the_city(void **state)
{
	const char	*text = "Fighting was reported near Basrah.";
	struct place	 p;

	assert_int_equal(find(*state, text, NULL, 0, &p), 1);
	assert_string_equal(p.name, "Basra");
	assert_string_equal(p.country, "IRQ");
	assert_true(fabs(p.lat - 30.5085) < 1e-9);
	assert_string_equal(p.file, "places.txt");	/* the alias line is the evidence */
	assert_int_equal(p.line, 20);
	assert_span(text, &p, "Basrah");
}

static void
test_places_lower_case_common_word_is_not_a_place(void **state)
{
	const char	*text = "Rain fell in Mobile, Alabama.";
	struct place	 p;

	assert_int_equal(find(*state, "Sales rose in mobile markets.", NULL, 0, &p), 0);
	assert_int_equal(find(*state, text, NULL, 0, &p), 1);
	assert_string_equal(p.name, "Mobile");
	assert_span(text, &p, "Mobile");
}

static void
test_places_needs_a_locative(void **state)
{
	struct place p;

	/* A city as the subject is an actor, not a place. */
	assert_int_equal(find(*state, "Baghdad said the talks were useful.", NULL, 0, &p), 0);
	/* "from" and "to" do not say where it happened. */
	assert_int_equal(find(*state, "British troops withdrew from Basra.", NULL, 0, &p), 0);
	assert_int_equal(find(*state, "Iran sent a message to Washington.", NULL, 0, &p), 0);
	/* Unlisted words between the locative and the name, with no place noun after them. */
	assert_int_equal(find(*state, "Iran agreed in return for Washington dropping its demand.",
	    NULL, 0, &p), 0);
	assert_int_equal(find(*state, "In response to Washington's demands, Iran agreed.", NULL, 0, &p),
	    0);
}

static void
test_places_reads_past_the_words_before_a_place_noun(void **state)
{
	const char	*capital = "A car bomb exploded in the Iraqi capital, Baghdad, on Tuesday.";
	struct place	 p;

	assert_int_equal(find(*state, "A bomb exploded in the southern city of Basra.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "Basra");
	assert_int_equal(find(*state, capital, NULL, 0, &p), 1);
	assert_string_equal(p.name, "Baghdad");
	assert_span(capital, &p, "Baghdad");
	/* After a comma, only an apposition: the name must end there. */
	assert_int_equal(find(*state, "Prices fell in the southern city, Paris said.", NULL, 0, &p), 0);
	/* A region followed by a place noun gives way to the town it introduces. */
	assert_int_equal(find(*state, "Troops raided homes in the West Bank town of Hebron.", NULL, 0,
	    &p), 1);
	assert_string_equal(p.name, "Hebron");
	assert_int_equal(find(*state, "Settlers moved in the West Bank.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "West Bank");
	assert_string_equal(p.kind, "region");
	/* A multi-word locative. */
	assert_int_equal(find(*state, "The convoy was ambushed 20 km north of Baghdad.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "Baghdad");
}

static void
test_places_stop_words_and_longer_names(void **state)
{
	struct place p;

	/* "in March" is a month; the next locative names the place. */
	assert_int_equal(find(*state, "He was elected in March in Paris.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "Paris");
	/* A weekday may follow the name... */
	assert_int_equal(find(*state, "They met in Baghdad Monday.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "Baghdad");
	/* ...another capitalised word makes it part of a longer name. */
	assert_int_equal(find(*state, "The report appeared in the New York Times.", NULL, 0, &p), 0);
	assert_int_equal(find(*state, "The talks were held in New York.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "New York");
	/* A stop phrase hides the shorter name it begins with. */
	assert_int_equal(find(*state, "The show opened at the Victoria and Albert Museum.", NULL, 0,
	    &p), 0);
}

static void
test_places_matches_the_ascii_form_and_not_acronyms(void **state)
{
	struct place p;

	assert_int_equal(find(*state, "Statues stood in Bamyan for centuries.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "Bāmyān");
	assert_string_equal(p.country, "AFG");
	assert_int_equal(find(*state, "A new post was created at GAO.", NULL, 0, &p), 0);
	assert_int_equal(find(*state, "Rebels were seen near Gao.", NULL, 0, &p), 1);
	assert_string_equal(p.country, "MLI");
}

static void
test_places_takes_the_first_place_in_text_order(void **state)
{
	const char	*text = "After talks in Paris, the envoy flew on and met officials in Baghdad.";
	struct place	 p;

	assert_int_equal(find(*state, text, NULL, 0, &p), 1);
	assert_string_equal(p.name, "Paris");
	assert_span(text, &p, "Paris");
}

static void
test_places_survives_hostile_sentences(void **state)
{
	static const char *const none[] = {
		"", "in", "in the", "in the city of", "in Baghdad's", "in 's", "Baghdad", ". , ;",
		"in the southern southern southern southern southern southern southern Baghdad",
	};
	struct place	 p;
	char		*big;
	size_t		 n = 200000;

	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if (find(*state, none[i], NULL, 0, &p) != 0)
			fail_msg("'%s' gave a place", none[i]);
	/* "in Baghdad's" at the very end: the possessive with nothing after it. */
	assert_int_equal(find(*state, "They met in Baghdad's", NULL, 0, &p), 0);
	/* A 600 KB sentence of locatives with the name at the end. */
	assert_non_null(big = malloc(3 * n + 16));
	for (size_t i = 0; i < n; i++)
		memcpy(big + 3 * i, "in ", 3);
	strcpy(big + 3 * n, "Cairo");
	assert_int_equal(find(*state, big, NULL, 0, &p), 1);
	assert_string_equal(p.name, "Cairo");
	assert_int_equal(p.span.start, 3 * n);
	free(big);
}

static void
test_places_counts_what_it_loaded(void **state)
{
	struct gazetteer_stats st;

	gazetteer_stats(*state, &st);
	/* 39 places in cities.tsv, 20 divisions, 2 counties, 12 countries; 3 districts, a region and a
	 * continent in places.txt. */
	assert_int_equal(st.places, 39 + 20 + 2 + 12 + 3 + 1 + 1);
	assert_true(st.phrases >= 60);
	assert_true(st.bytes > 0);
}


/* ------------------------------------------------------------ articles: one test per ranking rule */

static void
test_places_rule_prior_country_then_division_then_town(void **state)
{
	struct art		 a;
	const struct place	*p;

	/* "Georgia" alone is the country; the US state has more people but is a division. */
	art_run(*state, &a, "Protests spread across Georgia on Sunday.");
	assert_non_null(p = art_place(&a, "Georgia", 0));
	assert_string_equal(p->kind, "country");
	assert_string_equal(p->country, "GEO");
	assert_int_equal(p->admin_level, 0);
	art_release(&a);
	/* A division beats its own seat only when the name is its own: "Basra" is the city. */
	art_run(*state, &a, "Oil exports from Basra rose.");
	assert_non_null(p = art_place(&a, "Basra", 0));
	assert_string_equal(p->kind, "city");
	assert_string_equal(p->evidence, "population");
	art_release(&a);
	/* "Basra Governorate" has its own name. */
	art_run(*state, &a, "Oil exports from Basra Governorate rose.");
	assert_non_null(p = art_place(&a, "Basra Governorate", 0));
	assert_string_equal(p->kind, "region");
	art_release(&a);
}

static void
test_places_rule_qualifier_after_a_comma(void **state)
{
	struct art		 a;
	const struct place	*p;

	art_run(*state, &a, "The fair in Paris, Texas, drew crowds. London, Ontario, was quiet.");
	assert_non_null(p = art_place(&a, "Paris", 0));
	assert_string_equal(p->country, "USA");
	assert_string_equal(p->evidence, "qualifier");
	assert_non_null(p = art_place(&a, "Texas", 0));
	assert_string_equal(p->kind, "region");
	assert_non_null(p = art_place(&a, "London", 0));
	assert_string_equal(p->country, "CAN");
	assert_string_equal(p->evidence, "qualifier");
	art_release(&a);
	/* An agency's abbreviation qualifies as well as the name. */
	art_run(*state, &a, "The fair in Paris, Tex., drew crowds.");
	assert_non_null(p = art_place(&a, "Paris", 0));
	assert_string_equal(p->country, "USA");
	art_release(&a);
}

static void
test_places_rule_one_name_is_one_place_in_an_article(void **state)
{
	struct art		 a;
	const struct place	*p;

	/* Dublin, Ohio, once qualified, stays Ohio's (not Ireland's capital). */
	art_run(*state, &a, "A plant opened in Dublin, Ohio, on Monday. Workers in Dublin cheered.");
	assert_non_null(p = art_place(&a, "Dublin", 1));
	assert_string_equal(p->country, "USA");
	assert_string_equal(p->evidence, "qualified elsewhere");
	art_release(&a);
	/* Without the qualifier, Ireland's capital. */
	art_run(*state, &a, "Workers in Dublin cheered.");
	assert_non_null(p = art_place(&a, "Dublin", 0));
	assert_string_equal(p->country, "IRL");
	art_release(&a);
}

static void
test_places_rule_countries_named_in_the_article(void **state)
{
	struct art		 a;
	const struct place	*p;

	art_run(*state, &a, "Lebanon sent more troops north. Clashes went on in Tripoli overnight.");
	assert_non_null(p = art_place(&a, "Tripoli", 0));
	assert_string_equal(p->country, "LBN");
	assert_string_equal(p->evidence, "country named");
	art_release(&a);
	/* A country named by its people counts as well. */
	art_run(*state, &a, "Canadian police said a man from London was arrested.");
	assert_non_null(p = art_place(&a, "London", 0));
	assert_string_equal(p->country, "CAN");
	art_release(&a);
}

static void
test_places_rule_divisions_named_in_the_article(void **state)
{
	struct art		 a;
	const struct place	*p;

	/* Missouri's Springfield is larger; Illinois, named in the article, decides. */
	art_run(*state, &a, "Illinois lawmakers voted on Tuesday. The bill was signed in Springfield.");
	assert_non_null(p = art_place(&a, "Springfield", 0));
	assert_int_equal(p->population, 116565);
	assert_string_equal(p->admin1, "Illinois");
	assert_string_equal(p->evidence, "division named");
	art_release(&a);
}

static void
test_places_rule_nearby_places_minimum_spread(void **state)
{
	struct art		 a;
	const struct place	*p;

	/* Xenia is only in Ohio; of the two Columbuses, Ohio's lies 80 km away. */
	art_run(*state, &a, "Storms hit Xenia and then Columbus.");
	assert_non_null(p = art_place(&a, "Columbus", 0));
	assert_string_equal(p->admin1, "Ohio");
	art_release(&a);
	art_run(*state, &a, "Storms hit Phenix City before reaching Columbus.");
	assert_non_null(p = art_place(&a, "Columbus", 0));
	assert_string_equal(p->admin1, "Georgia");
	assert_string_equal(p->evidence, "nearby places");
	art_release(&a);
}

static void
test_places_rule_dateline_and_event_location(void **state)
{
	const char		*text = "XENIA, May 2 (Reuters) - Police in Dublin said two men were held.";
	struct art		 a;
	const struct place	*p;
	struct place		 loc;

	art_run(*state, &a, text);
	assert_non_null(p = art_place(&a, "XENIA", 0));
	assert_string_equal(p->basis, "dateline");
	assert_int_equal(places_dateline(&a.pv, &loc), 1);
	assert_string_equal(loc.name, "Xenia");
	assert_string_equal(loc.basis, "dateline");
	/* Dublin lies in the dateline's division, Ireland is not named: Ohio's Dublin. */
	assert_non_null(p = art_place(&a, "Dublin", 0));
	assert_string_equal(p->country, "USA");
	/* The event's place is the locative's, with the locative as its basis. */
	assert_int_equal(places_event_location(&a.pv, a.sv.v[0], &loc), 1);
	assert_string_equal(loc.name, "Dublin");
	assert_string_equal(loc.basis, "in");
	art_release(&a);
	/* A name at a line's start that is not followed by a comma or a dash is no dateline. */
	art_run(*state, &a, "Xenia is calm today.");
	assert_int_equal(places_dateline(&a.pv, &loc), 0);
	art_release(&a);
}

static void
test_places_rule_longest_name_wins_over_its_prefix(void **state)
{
	struct art		 a;
	const struct place	*p;

	art_run(*state, &a, "Fans gathered at the Stade de France. Floods hit South Charleston.");
	assert_non_null(p = art_place(&a, "Stade de France", 0));
	assert_string_equal(p->kind, "district");
	assert_string_equal(p->within, "Paris");
	assert_null(art_place(&a, "Stade", 0));
	assert_non_null(p = art_place(&a, "South Charleston", 0));
	assert_string_equal(p->admin1, "West Virginia");
	assert_null(art_place(&a, "Charleston", 0));
	art_release(&a);
}

static void
test_places_rule_venues_people_and_common_words_are_not_towns(void **state)
{
	struct art a;

	/* A venue word after the name. */
	art_run(*state, &a, "A fire broke out on Cairo Street near the Reading Stadium.");
	assert_int_equal(a.pv.n, 0);
	art_release(&a);
	/* A title before it, a first name before it, and that surname alone later. */
	art_run(*state, &a, "President Jupiter spoke. Later Tom Xenia said Xenia's lawyer would appeal.");
	assert_null(art_place(&a, "Jupiter", 0));
	assert_null(art_place(&a, "Xenia", 0));
	assert_null(art_place(&a, "Xenia", 1));
	art_release(&a);
	/* A common word opening a sentence; the same word after a locative is the town. */
	art_run(*state, &a, "Reading is popular. The UK team trained in Reading.");
	assert_non_null(art_place(&a, "Reading", 0));
	assert_null(art_place(&a, "Reading", 1));
	assert_int_equal(art_place(&a, "Reading", 0)->span.start, strstr(a.text, "in Reading") - a.text + 3);
	assert_true(art_place(&a, "Reading", 0)->common);
	assert_non_null(art_place(&a, "UK", 0));
	art_release(&a);
	/* An office after the name leaves it a place. */
	art_run(*state, &a, "Cairo Police said the square was cleared.");
	assert_non_null(art_place(&a, "Cairo", 0));
	art_release(&a);
}

static void
test_places_rule_abbreviated_saints_mounts_and_forts(void **state)
{
	struct art		 a;
	const struct place	*p;

	art_run(*state, &a, "Flights left St. Louis, then St Louis again, then Saint Louis.");
	for (int i = 0; i < 3; i++) {
		static const char *const as[] = { "St. Louis", "St Louis", "Saint Louis" };

		assert_non_null(p = art_place(&a, as[i], 0));
		assert_string_equal(p->name, "Saint Louis");
		assert_int_equal(p->id, 4407066);
	}
	art_release(&a);
}

static void
test_places_countries_and_continents_are_places(void **state)
{
	struct place p;

	assert_int_equal(find(*state, "Aid arrived in Iraq on Monday.", NULL, 0, &p), 1);
	assert_string_equal(p.kind, "country");
	assert_int_equal(p.admin_level, 0);
	assert_true(fabs(p.lat - 33) < 1e-9 && fabs(p.lon - 44) < 1e-9);
	/* The point places.txt gives the country replaces the generated one. */
	assert_int_equal(find(*state, "Aid arrived in the U.S. on Monday.", NULL, 0, &p), 1);
	assert_string_equal(p.country, "USA");
	assert_true(fabs(p.lat - 39.83) < 1e-9);
	assert_int_equal(find(*state, "Drought spread in Africa.", NULL, 0, &p), 1);
	assert_string_equal(p.kind, "continent");
	assert_string_equal(p.country, "");
}

/* ------------------------------------------------------------ errors */

static const char GOOD_CITIES[] = "98182\tBaghdad\tIRQ\t33.34\t44.40\t7216000\t07\tPPLC\t\t0\n";
static const char GOOD_PLACES[] = "prep\tin\n";

static void
write_file(const char *dir, const char *name, const char *content)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(content, fp);
	assert_int_equal(fclose(fp), 0);
}

static void
expect_error(const char *cities, const char *places, const char *want)
{
	struct gazetteer	*g = (struct gazetteer *)0x1;
	char			 dir[64] = "/tmp/ne-places-XXXXXX", path[4096], err[256] = "";

	assert_non_null(mkdtemp(dir));
	write_file(dir, "cities.tsv", cities);
	write_file(dir, "places.txt", places);
	assert_int_equal(gazetteer_load(dir, &g, err, sizeof(err)), -EINVAL);
	assert_ptr_equal(g, (struct gazetteer *)0x1);	/* untouched */
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' does not contain '%s'", err, want);
	snprintf(path, sizeof(path), "%s/cities.tsv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/places.txt", dir);
	unlink(path);
	rmdir(dir);
}

static void
test_places_errors_name_the_file_and_line(void **state)
{
	(void)state;
	expect_error("# header\n1\tBaghdad\tIRQ\t33.34\t44.40\n", GOOD_PLACES, "cities.tsv:2: expected ID");
	expect_error("1\tBaghdad\tiq\t33.34\t44.40\t1\tx\tPPL\t\t0\n", GOOD_PLACES,
	    "cities.tsv:1: country 'iq' is not an ISO 3166 alpha-3 code");
	expect_error("1\tBaghdad\tIRQ\t93.34\t44.40\t1\tx\tPPL\t\t0\n", GOOD_PLACES,
	    "cities.tsv:1: latitude '93.34'");
	expect_error("1\tBaghdad\tIRQ\t33.34\t44.40\t-5\tx\tPPL\t\t0\n", GOOD_PLACES,
	    "cities.tsv:1: population '-5'");
	expect_error("1\tBaghdad\tIRQ\t33.34\t44.40\t5\tx\tPPL\t\t2\n", GOOD_PLACES,
	    "cities.tsv:1: COMMON '2'");
	expect_error(GOOD_CITIES, "prep\tin\n\nbogus\tword\n", "places.txt:3: unknown kind 'bogus'");
	expect_error(GOOD_CITIES, "# aliases\nalias\tBasrah\tBasra\tIRQ\n",
	    "places.txt:2: no place 'Basra' in IRQ is defined above or in the generated files");
	expect_error(GOOD_CITIES, "district\tGreen Zone\tBaghdad\tIRN\t33.3\t44.3\n",
	    "places.txt:1: no city 'Baghdad' in IRN");
	expect_error(GOOD_CITIES, "district\tGreen Zone\tBaghdad\tIRQ\t33.3\n",
	    "places.txt:1: expected district<TAB>NAME");
	expect_error(GOOD_CITIES, "region\tGaza Strip\tPSE\t31.4\teast\n",
	    "places.txt:1: longitude 'east'");
	expect_error(GOOD_CITIES, "prep\t . \n", "places.txt:1: phrase ' . ' has no word");
	expect_error(GOOD_CITIES, "prep\n", "places.txt:1: expected prep<TAB>PHRASE");
	expect_error(GOOD_CITIES, "point\tIRQ\t33\t44\n", "places.txt:1: no country IRQ in country_points.tsv");
	expect_error(GOOD_CITIES, "continent\tAfrica\t7\n", "places.txt:1: expected continent<TAB>NAME");
}

static void
test_places_missing_file_is_named(void **state)
{
	struct gazetteer	*g = NULL;
	char			 err[256] = "";

	(void)state;
	assert_int_equal(gazetteer_load("/nonexistent-ne-dir", &g, err, sizeof(err)), -ENOENT);
	assert_null(g);
	assert_non_null(strstr(err, "/nonexistent-ne-dir/cities.tsv"));
	gazetteer_free(NULL);
}

/* ------------------------------------------------------------ real data */

/* The generated gazetteer of NE_LEXICON, or NULL after skip() when it is not built. */
static struct gazetteer *
real_gazetteer(void)
{
	struct gazetteer	*g = NULL;
	const char		*dir = getenv("NE_LEXICON");
	char			 path[4096], err[512] = "";

	if (dir == NULL)
		dir = "build/lexicon";
	snprintf(path, sizeof(path), "%s/cities.tsv", dir);
	if (access(path, R_OK) != 0) {
		fprintf(stderr, "skipping: %s is absent (build it with make lexicon)\n", path);
		skip();
	}
	if (gazetteer_load(dir, &g, err, sizeof(err)) != 0)
		fail_msg("gazetteer_load(%s): %s", dir, err);
	return g;
}

static void
test_places_real_baghdad_is_where_it_should_be(void **state)
{
	struct gazetteer	*g;
	struct place		 p;

	(void)state;
	g = real_gazetteer();
	assert_int_equal(find(g, "U.S. and Iranian envoys met in Baghdad.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "Baghdad");
	assert_string_equal(p.country, "IRQ");
	assert_string_equal(p.kind, "capital");
	assert_true(fabs(p.lat - 33.34) < 0.2);
	assert_true(fabs(p.lon - 44.40) < 0.2);
	assert_true(p.population > 1000000);

	assert_int_equal(find(g, "They met in Baghdad's Green Zone.", NULL, 0, &p), 1);
	assert_string_equal(p.name, "Green Zone");
	assert_string_equal(p.within, "Baghdad");
	assert_true(fabs(p.lat - 33.34) < 0.2 && fabs(p.lon - 44.40) < 0.2);

	assert_int_equal(find(g, "The talks in Washington ended.", NULL, 0, &p), 1);
	assert_string_equal(p.country, "USA");
	assert_string_equal(p.kind, "capital");
	assert_true(fabs(p.lat - 38.9) < 0.2 && fabs(p.lon + 77.04) < 0.2);

	/* GeoNames writes "Basra" now; the alias keeps the older spelling. */
	assert_int_equal(find(g, "Fighting raged near Basrah.", NULL, 0, &p), 1);
	assert_string_equal(p.country, "IRQ");
	assert_true(fabs(p.lat - 30.5) < 0.2 && fabs(p.lon - 47.8) < 0.2);

	/* The 12,000 names of several places, alone: what ranking makes of each (issue 12's speed). */
	assert_true(check_lone_answers(g) > 10000);
	gazetteer_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_places_finds_the_object_of_in, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_gives_the_district_after_a_possessive, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_places_possessive_leads_to_the_city_only_before_a_place_noun, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_ranks_by_the_articles_countries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_prefers_capitals_then_population, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_name_at_ranks_a_lone_name_by_the_countries_given,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_name_at_alone_answers_as_ranking_does_12, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_name_at_with_the_articles_look_ups_answers_the_same_12,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_division_after_a_comma_picks_the_candidate,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_washington_is_the_us_capital, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_alias_names_the_city, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_lower_case_common_word_is_not_a_place, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_needs_a_locative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_reads_past_the_words_before_a_place_noun,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_stop_words_and_longer_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_matches_the_ascii_form_and_not_acronyms,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_takes_the_first_place_in_text_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_survives_hostile_sentences, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_counts_what_it_loaded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_prior_country_then_division_then_town, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_qualifier_after_a_comma, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_one_name_is_one_place_in_an_article, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_countries_named_in_the_article, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_divisions_named_in_the_article, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_nearby_places_minimum_spread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_dateline_and_event_location, setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_longest_name_wins_over_its_prefix, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_venues_people_and_common_words_are_not_towns,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_places_rule_abbreviated_saints_mounts_and_forts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_places_countries_and_continents_are_places, setup,
		    teardown),
		cmocka_unit_test(test_places_errors_name_the_file_and_line),
		cmocka_unit_test(test_places_missing_file_is_named),
		cmocka_unit_test(test_places_real_baghdad_is_where_it_should_be),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
