/*
 * test_coder: the whole pipeline (article -> sentences -> actors -> verbs ->
 * events -> records) on sentences written for these tests, over the real
 * lexicon built in build/lexicon. Every expectation is what a person coding
 * the sentence by hand with the CAMEO codebook would write down.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "article.h"
#include "coder.h"
#include "extract.h"
#include "lexicon.h"
#include "record.h"

struct fixture {
	struct lexicon	*lx;
	struct article	 a;
	struct eventvec	 ev;
};

/* The lexicon is loaded once for the group; each test starts with no article and no events. */
static int
group_setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	const char	*dir = getenv("NE_LEXICON");
	char		 err[256] = "";

	if (f == NULL)
		return -1;
	if (lexicon_load(dir != NULL ? dir : "build/lexicon", &f->lx, err, sizeof(err)) != 0) {
		fprintf(stderr, "lexicon_load: %s\n", err);
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

	assert_int_equal(f->ev.n, 0);
	assert_null(f->a.text);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	article_release(&f->a);
	eventvec_release(&f->ev);
	return 0;
}

/* Code one JSON article with the given text and publication date. */
static void
code(struct fixture *f, const char *text, const char *published)
{
	json_t		*j = json_pack("{s:s, s:s, s:s}", "id", "t", "text", text, "published_at", published);
	char		*buf = json_dumps(j, JSON_COMPACT), err[256];
	enum reason	 why;

	article_release(&f->a);
	assert_int_equal(article_decode(buf, strlen(buf), NULL, 0, 0, &f->a, &why, err, sizeof(err)), 0);
	assert_int_equal(extract_article(f->lx, &f->a, &f->ev, &why, err, sizeof(err)), 0);
	free(buf);
	json_decref(j);
}

/* The first event with this root code, source country and target country ("" = no target). */
static const struct event *
find(const struct fixture *f, const char *root, const char *src, const char *tgt)
{
	for (size_t i = 0; i < f->ev.n; i++) {
		const struct event *e = &f->ev.v[i];

		if (strncmp(e->cameo->code, root, strlen(root)) != 0 || strcmp(e->source.country, src) != 0)
			continue;
		if (tgt[0] == '\0' ? !e->has_target : e->has_target && strcmp(e->target.country, tgt) == 0)
			return e;
	}
	return NULL;
}

static void
dump(const struct fixture *f)
{
	for (size_t i = 0; i < f->ev.n; i++) {
		char *s = record_to_json(&f->a, &f->ev.v[i], 0);

		fprintf(stderr, "  got: %s\n", s);
		free(s);
	}
}

static const struct event *
expect(const struct fixture *f, const char *root, const char *src, const char *tgt)
{
	const struct event *e = find(f, root, src, tgt);

	if (e == NULL) {
		dump(f);
		fail_msg("no %s event %s -> %s", root, src, tgt[0] ? tgt : "(none)");
	}
	return e;
}

static size_t
count_root(const struct fixture *f, const char *root)
{
	size_t n = 0;

	for (size_t i = 0; i < f->ev.n; i++)
		n += strncmp(f->ev.v[i].cameo->code, root, strlen(root)) == 0;
	return n;
}

static void
expect_date(const struct event *e, const char *date, enum event_date_basis basis)
{
	char buf[16];

	assert_string_equal(dates_format(&e->date, buf, sizeof(buf)), date);
	assert_int_equal(e->date_basis, basis);
}

static void
test_coder_codes_subject_verb_object(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "The United States accused Iran of supporting militias in Iraq.", "2007-05-29");
	e = expect(f, "11", "USA", "IRN");
	assert_string_equal(e->source.code, "USA");
	assert_string_equal(e->target.code, "IRN");
	expect_date(e, "2007-05-29", EDATE_ARTICLE);
	assert_null(find(f, "11", "IRN", "USA"));
	assert_int_equal(count_root(f, "05"), 0);	/* "of supporting" is not a second event */
}

/* A purpose without an object of its own is aimed at the object of the verb it serves. */
static void
test_coder_aims_a_purpose_at_the_object_of_its_verb(void **state)
{
	struct fixture *f = *state;

	code(f, "India has summoned a senior US diplomat to complain about spying.", "2013-07-01");
	expect(f, "11", "IND", "USA");
	/* People a role alone names, sent somewhere: the purpose is aimed there. */
	code(f, "France has sent seven military experts to Saudi Arabia to investigate the attacks.", "2019-09-20");
	expect(f, "09", "FRA", "SAU");
	/* ... unless that object is the one who acts ("forced X to ban"). */
	code(f, "The outbreak has forced the Indonesian government to ban 57 insecticides.", "1987-03-01");
	for (size_t i = 0; i < f->ev.n; i++)
		assert_false(f->ev.v[i].has_target && strcmp(f->ev.v[i].target.code, f->ev.v[i].source.code) == 0);
}

/*
 * "its/her X": the source's own people are no target of what it gives or
 * says, but are of its appeals, talks and threats.
 */
static void
test_coder_aims_an_appeal_at_the_sources_own_people(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Argentina held talks with its creditors in New York.", "2019-07-20");
	e = expect(f, "04", "ARG", "USA");	/* creditors take the country of the place */
	assert_memory_equal(f->a.text + e->target.text.start, "creditors", 9);
	code(f, "Egypt offered its troops to the United Nations.", "2019-07-20");
	assert_null(find(f, "03", "EGY", "EGY"));
}

/* A passive subject's phrase names the target: "sanctions against Iran were lifted by the UN". */
static void
test_coder_aims_a_passive_at_its_subjects_phrase(void **state)
{
	struct fixture *f = *state;

	code(f, "Sanctions against Iran were lifted by the UN Security Council.", "2016-01-16");
	expect(f, "08", "", "IRN");
	code(f, "Aid to Yemen was suspended by the United States.", "2016-01-16");
	expect(f, "16", "USA", "YEM");
	/* The subject's noun is what the passive acts on: no imposition of sanctions. */
	code(f, "UN sanctions against Iran were lifted on 16 January 2016.", "2016-01-16");
	assert_int_equal(count_root(f, "16"), 0);
}

/* A gerund after a verb of stopping, denying or avoiding is what does not happen. */
static void
test_coder_codes_no_event_that_stops(void **state)
{
	struct fixture *f = *state;

	code(f, "The rebels ceased attacking government positions.", "2019-07-20");
	assert_int_equal(count_root(f, "19"), 0);
	code(f, "A U.N. committee demanded Hanoi stop jailing activists.", "2019-07-20");
	expect(f, "10", "", "VNM");
	assert_int_equal(count_root(f, "17"), 0);
	code(f, "The army continued shelling the city.", "2019-07-20");
	assert_int_equal(count_root(f, "19"), 1);
	/* Nor what was denied or avoided. */
	code(f, "Iran denied supplying weapons to the Houthis.", "2019-07-20");
	assert_int_equal(count_root(f, "07"), 0);
	code(f, "Turkey avoided attacking Kurdish positions.", "2019-07-20");
	assert_int_equal(count_root(f, "19"), 0);
}

/* Event nouns joined by "and" after one light verb are each an event of its subject. */
static void
test_coder_codes_coordinated_event_nouns(void **state)
{
	struct fixture *f = *state;

	code(f, "Egypt expressed its total rejection and strong condemnation of the Israeli plan.", "2020-06-01");
	expect(f, "12", "EGY", "ISR");
	expect(f, "11", "EGY", "ISR");
}

/* An event word inside an organisation's name is part of the name. */
static void
test_coder_codes_no_event_inside_a_name(void **state)
{
	struct fixture *f = *state;

	code(f, "The Organisation for Economic Cooperation and Development urged Japan to cut taxes.",
	    "1987-06-01");
	assert_int_equal(count_root(f, "06"), 0);
	assert_string_equal(expect(f, "02", "", "JPN")->source.code, "IGOOEC");
	code(f, "The Gulf Cooperation Council condemned Iran.", "2019-05-02");
	assert_int_equal(count_root(f, "06"), 0);
	assert_string_equal(expect(f, "11", "", "IRN")->source.code, "IGOGCC");
}

/* Troops deployed as peacekeepers provide protection (074), which is no show of force (154). */
static void
test_coder_codes_a_peacekeeping_deployment_as_protection(void **state)
{
	struct fixture *f = *state;

	code(f, "Britain is deploying 300 troops to the UN peacekeeping mission in Mali.", "2019-05-02");
	assert_int_equal(count_root(f, "074"), 1);
	assert_int_equal(count_root(f, "15"), 0);
	code(f, "Britain is deploying 300 troops to Mali.", "2019-05-02");
	expect(f, "154", "GBR", "MLI");
	/* What a rejected request asks for is no event of the one who rejects it. */
	code(f, "Germany rejected a request by Turkey to hold a rally.", "2019-05-02");
	expect(f, "12", "DEU", "TUR");
	assert_int_equal(count_root(f, "02"), 0);
	assert_int_equal(f->ev.n, 1);
	/* Nor are the calls it brushes aside, whatever the tagger reads "calls" as. */
	code(f, "The government brushed aside calls for an inquiry.", "2019-05-02");
	assert_int_equal(count_root(f, "12"), 1);
	assert_int_equal(count_root(f, "02"), 0);
	/* A visit is a noun event too, aimed where it goes. */
	code(f, "The Iraqi president began a three-day visit to Iran on Monday.", "2019-05-02");
	expect(f, "042", "IRQ", "IRN");
	/* An arrest with no agent named is the state's where it happened. */
	code(f, "An opposition activist was arrested on Monday in Egypt.", "2019-05-02");
	expect(f, "173", "EGY", "EGY");
	/* So is violence with no actor as its agent. */
	code(f, "Three US servicemen were killed by a roadside bomb in Iraq.", "2019-05-02");
	expect(f, "19", "IRQ", "USA");
	/* An overrun base is attacked (190), not only occupied (192). */
	code(f, "Rebels overran an army base in Mali on Sunday.", "2019-05-02");
	assert_int_equal(count_root(f, "19"), 1);
	assert_non_null(find(f, "190", "MLI", "MLI"));
}

static void
test_coder_composes_country_and_role(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Iraq's foreign minister met with Iranian officials in Baghdad.", "2007-05-29");
	e = expect(f, "04", "IRQ", "IRN");
	assert_string_equal(e->source.code, "IRQGOV");
	assert_string_equal(e->target.code, "IRNGOV");
	assert_string_equal(e->source.role, "GOV");
}

static void
test_coder_takes_the_name_after_a_title(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;
	const char		*t;

	code(f, "Mediated by Iraqi officials, the United States Ambassador to Iraq Ryan C. Crocker met "
	    "with Iranian officials.", "2007-05-29");
	e = expect(f, "04", "USA", "IRN");
	assert_string_equal(e->source.code, "USAGOV");
	t = f->a.text;
	assert_int_equal(e->source.name.end - e->source.name.start, strlen("Ryan C. Crocker"));
	assert_memory_equal(t + e->source.name.start, "Ryan C. Crocker", strlen("Ryan C. Crocker"));
	/* The mediators are in a prepositional phrase: not the subject. */
	assert_null(find(f, "04", "IRQ", "IRN"));
}

static void
test_coder_resolves_a_weekday_against_the_article_date(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	/* 2008-08-12 was a Tuesday; "on Monday" is the day before. */
	code(f, "Russian troops attacked Georgian positions on Monday.", "2008-08-12");
	e = expect(f, "19", "RUS", "GEO");
	assert_string_equal(e->source.code, "RUSMIL");
	expect_date(e, "2008-08-11", EDATE_RELATIVE);
}

static void
test_coder_dates_a_stated_year(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "The U.S. and Iran broke off diplomatic relations in 1980.", "2007-05-29");
	e = expect(f, "16", "USA", "IRN");
	expect_date(e, "1980", EDATE_YEAR);
	e = expect(f, "16", "IRN", "USA");
	expect_date(e, "1980", EDATE_YEAR);
}

static void
test_coder_dates_an_explicit_month_and_day(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "On May 28, Japan praised South Korea.", "2007-05-30");
	e = expect(f, "05", "JPN", "KOR");
	expect_date(e, "2007-05-28", EDATE_EXPLICIT);
}

static void
test_coder_swaps_actors_of_a_passive(void **state)
{
	struct fixture *f = *state;

	/* An attack by armed men on soldiers: conventional force, 19. */
	code(f, "Israeli soldiers were attacked by Palestinian militants.", "2007-05-29");
	expect(f, "19", "PSE", "ISR");
	assert_null(find(f, "19", "ISR", "PSE"));
	/* A subject that names nobody: the target is what "on" or "to" names. */
	code(f, "Sanctions were imposed on North Korea by Japan.", "2007-05-29");
	expect(f, "16", "JPN", "PRK");
	/* ... but never the agent after "by". */
	code(f, "The plan was supported by the French government.", "2007-05-29");
	expect(f, "05", "FRA", "");
}

static void
test_coder_does_not_code_a_negated_event(void **state)
{
	struct fixture *f = *state;

	code(f, "China did not threaten Japan.", "2007-05-29");
	assert_int_equal(count_root(f, "13"), 0);
	code(f, "China refused to meet Japan.", "2007-05-29");
	assert_int_equal(count_root(f, "04"), 0);
}

static void
test_coder_expands_a_compound_target(void **state)
{
	struct fixture *f = *state;

	code(f, "Germany criticized Russia and China.", "2007-05-29");
	expect(f, "11", "DEU", "RUS");
	expect(f, "11", "DEU", "CHN");
	assert_int_equal(count_root(f, "11"), 2);
}

static void
test_coder_gives_a_compound_subject_reciprocal_events(void **state)
{
	struct fixture *f = *state;

	code(f, "Egypt and Jordan signed a peace agreement.", "2007-05-29");
	expect(f, "0", "EGY", "JOR");
	expect(f, "0", "JOR", "EGY");
}

static void
test_coder_needs_an_actor(void **state)
{
	struct fixture *f = *state;

	code(f, "The weather was pleasant and the talks were attacked as pointless.", "2007-05-29");
	assert_int_equal(f->ev.n, 0);
}

/* Does the JSON array of strings m hold want? */
static int
has_match(const json_t *m, const char *want)
{
	for (size_t i = 0; i < json_array_size(m); i++)
		if (strcmp(json_string_value(json_array_get(m, i)), want) == 0)
			return 1;
	return 0;
}

static void
test_coder_records_provenance(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;
	json_t			*j, *m;
	json_error_t		 err;
	char			*s;

	code(f, "Calm returned. Iraq's foreign minister met with Iranian officials.", "2007-05-29");
	e = expect(f, "04", "IRQ", "IRN");
	assert_int_equal(e->sentence_index, 1);
	assert_memory_equal(f->a.text + e->verb_span.start, "met", 3);
	assert_memory_equal(f->a.text + e->source.text.start, "Iraq's foreign minister",
	    strlen("Iraq's foreign minister"));
	s = record_to_json(&f->a, e, 0);
	assert_non_null(j = json_loads(s, 0, &err));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "sentence"), "text")),
	    "Iraq's foreign minister met with Iranian officials.");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "sentence"), "start")), 15);
	assert_string_equal(json_string_value(json_object_get(j, "root_code")), "04");
	assert_int_equal(json_integer_value(json_object_get(j, "quad_class")), 1);
	m = json_object_get(j, "matched");
	assert_true(json_array_size(m) >= 3);
	assert_non_null(strstr(json_string_value(json_array_get(m, 0)), "verbs.txt:"));
	/* Generated files are named by a stable key, not by a line that moves with Debian's data. */
	assert_true(has_match(m, "countries.tsv:IRQ"));
	assert_true(has_match(m, "demonyms.tsv:iranian"));
	json_decref(j);
	free(s);
}

static void
test_coder_event_ids_are_stable_and_distinct(void **state)
{
	struct fixture	*f = *state;
	char		 a[17], b[17], c[17];

	code(f, "Germany criticized Russia and China.", "2007-05-29");
	assert_int_equal(f->ev.n, 2);
	record_event_id(&f->a, &f->ev.v[0], a, sizeof(a));
	record_event_id(&f->a, &f->ev.v[1], b, sizeof(b));
	assert_string_not_equal(a, b);
	code(f, "Germany criticized Russia and China.", "2007-05-29");
	record_event_id(&f->a, &f->ev.v[0], c, sizeof(c));
	assert_string_equal(a, c);
	assert_int_equal(strlen(a), 16);
}


/* ------------------------------------------------------------ governors and modality */

static void
test_coder_codes_a_stated_willingness_to_meet_as_intent(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Iran said it would be willing to take part in new talks with the United States.", "2007-05-29");
	e = expect(f, "03", "IRN", "USA");
	assert_string_equal(e->cameo->code, "036");	/* intent to meet or negotiate */
	assert_null(find(f, "04", "IRN", "USA"));	/* not a meeting that happened */
	assert_int_equal(e->has_attrib, 1);		/* Iran reported it itself */
	assert_string_equal(e->attrib.country, "IRN");
}

static void
test_coder_codes_an_intended_attack_as_a_threat(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Russia will attack Georgia.", "2008-08-10");
	e = expect(f, "13", "RUS", "GEO");
	assert_string_equal(e->cameo->code, "1384");	/* threaten conventional attack */
	assert_int_equal(count_root(f, "19"), 0);
}

static void
test_coder_aims_a_conditional_threat_at_the_condition(void **state)
{
	struct fixture *f = *state;

	code(f, "Iran threatened to stop all oil exports unless Britain freed the ship.", "2019-07-20");
	expect(f, "13", "IRN", "GBR");
	assert_null(find(f, "13", "IRN", ""));
	/* A conditional intention to act against someone is a threat ... */
	code(f, "The EU will impose sanctions on Iran unless it stops.", "2019-07-20");
	expect(f, "13", "", "IRN");
	/* ... and one to cooperate a promise (03), not a threat. */
	code(f, "Egypt is willing to withdraw its troops if Israel withdraws too.", "2019-07-20");
	assert_int_equal(count_root(f, "13"), 0);
	assert_int_equal(count_root(f, "03"), 1);
}

static void
test_coder_codes_what_a_statement_says(void **state)
{
	struct fixture *f = *state;

	code(f, "Iran issued a statement condemning Israel.", "2020-02-03");
	expect(f, "11", "IRN", "ISR");
	/* A participle that is no statement's content stays an aside. */
	code(f, "Iran condemned Israel, citing the raids in Syria.", "2020-02-03");
	expect(f, "11", "IRN", "ISR");
}

static void
test_coder_takes_the_agent_of_an_event_noun_as_the_source(void **state)
{
	struct fixture *f = *state;

	/* The noun's own event, and the verb whose subject the noun is. */
	code(f, "An attack by Syrian troops killed five Turkish soldiers.", "2020-02-03");
	expect(f, "19", "SYR", "TUR");
	assert_null(find(f, "19", "", "TUR"));
}

static void
test_coder_codes_a_refusal_to_cooperate_as_rejection(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "China refused to meet Japan.", "2007-05-29");
	e = expect(f, "12", "CHN", "JPN");
	assert_string_equal(e->cameo->code, "125");	/* reject proposal to meet */
	code(f, "Syria will not accept any more refugees from Iraq.", "2007-05-29");
	e = expect(f, "12", "SYR", "IRQ");	/* the refugees are Iraq's */
	assert_string_equal(e->target.role, "REF");
	assert_false(e->verb.negated);	/* the rejection happened */
	assert_int_equal(count_root(f, "07"), 0);
	assert_int_equal(count_root(f, "03"), 0);
}

static void
test_coder_drops_a_refused_attack(void **state)
{
	struct fixture *f = *state;

	/* Refusing to fight is neither a fight nor a rejection of anybody. */
	code(f, "Egypt refused to attack Libya.", "2011-03-01");
	assert_int_equal(count_root(f, "19"), 0);
	assert_int_equal(count_root(f, "12"), 0);
	/* A prevented or averted attack did not happen. */
	code(f, "Turkish police foiled an attack on the Israeli embassy.", "2011-03-01");
	assert_int_equal(count_root(f, "19"), 0);
	code(f, "The rebels withdrew to avert a Syrian offensive.", "2011-03-01");
	assert_int_equal(count_root(f, "19"), 0);
}

static void
test_coder_codes_an_appeal_to_its_addressee(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "France urged Iran to release the hostages.", "2007-05-29");
	e = expect(f, "02", "FRA", "IRN");
	assert_string_equal(e->cameo->code, "0253");	/* appeal for release */
	assert_int_equal(count_root(f, "08"), 0);
	code(f, "Germany asked Poland to withdraw its troops from the border.", "2007-05-29");
	e = expect(f, "02", "DEU", "POL");
	assert_string_equal(e->cameo->code, "0256");	/* appeal for de-escalation */
}

static void
test_coder_codes_a_reported_obligation_as_a_demand(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Germany said Iran must stop enriching uranium.", "2007-05-29");
	e = expect(f, "10", "DEU", "IRN");
	assert_string_equal(e->source.country, "DEU");
	code(f, "Britain demanded that Iran release the sailors.", "2007-04-01");
	e = expect(f, "10", "GBR", "IRN");
	assert_string_equal(e->cameo->code, "1053");	/* demand release */
	assert_int_equal(count_root(f, "08"), 0);
}

static void
test_coder_explains_a_recoding(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;
	json_t			*j, *m;
	json_error_t		 err;
	char			*s;
	int			 grammar = 0, modality = 0;

	code(f, "Iran would meet Iraq.", "2007-05-29");
	e = expect(f, "03", "IRN", "IRQ");
	assert_non_null(e->transform);
	assert_string_equal(e->transform->mode, "intent");
	s = record_to_json(&f->a, e, 0);
	assert_non_null(j = json_loads(s, 0, &err));
	m = json_object_get(j, "matched");
	for (size_t i = 0; i < json_array_size(m); i++) {
		grammar += strncmp(json_string_value(json_array_get(m, i)), "grammar.txt:", 12) == 0;
		modality += strncmp(json_string_value(json_array_get(m, i)), "modality.txt:", 13) == 0;
	}
	assert_int_equal(grammar, 1);	/* "would" */
	assert_int_equal(modality, 1);	/* 04 -> 036 */
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "verb"), "text")), "meet");
	json_decref(j);
	free(s);
}

/* ------------------------------------------------------------ reported speech */

static void
test_coder_attributes_reported_events_to_the_speaker(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Egypt said Israel attacked Gaza.", "2009-01-05");
	e = expect(f, "19", "ISR", "PSE");
	assert_int_equal(e->has_attrib, 1);
	assert_string_equal(e->attrib.country, "EGY");
	assert_null(find(f, "19", "EGY", "PSE"));
	assert_int_equal(f->ev.n, 1);	/* saying is not an event of Egypt's */
}

static void
test_coder_keeps_a_trailing_speaker_out_of_the_event(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Turkey shelled Iraq on Sunday, Syrian officials said.", "2007-10-22");
	e = expect(f, "19", "TUR", "IRQ");
	assert_string_equal(e->attrib.code, "SYRGOV");
	assert_int_equal(f->ev.n, 1);
	expect_date(e, "2007-10-21", EDATE_RELATIVE);
}

static void
test_coder_resolves_a_pronoun_subject_to_the_speaker(void **state)
{
	struct fixture *f = *state;

	code(f, "Japan said on Tuesday it had halted economic aid to Serbia.", "1999-04-13");
	expect(f, "16", "JPN", "SRB");
}

/* ------------------------------------------------------------ actors and coreference */

static void
test_coder_resolves_a_surname_introduced_with_a_title(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "U.S. Ambassador Ryan Crocker arrived in Baghdad on Sunday. On Monday Crocker met "
	    "Iranian officials.", "2007-05-29");
	e = expect(f, "04", "USA", "IRN");
	assert_int_equal(e->sentence_index, 1);
	assert_string_equal(e->source.code, "USAGOV");
	assert_memory_equal(f->a.text + e->source.text.start, "Crocker", 7);
	assert_int_equal(e->source.text.end - e->source.text.start, 7);
}

static void
test_coder_resolves_he_to_the_last_person(void **state)
{
	struct fixture *f = *state;

	code(f, "Iran's foreign minister arrived in Cairo. He met Egyptian officials on Monday.", "2007-05-29");
	expect(f, "04", "IRN", "EGY");
}

static void
test_coder_knows_leaders_by_name(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Vladimir Putin met Angela Merkel in Berlin.", "2012-06-01");
	e = expect(f, "04", "RUS", "DEU");
	assert_string_equal(e->source.code, "RUSGOV");
	assert_string_equal(e->target.code, "DEUGOV");
	assert_memory_equal(f->a.text + e->source.name.start, "Vladimir Putin", 14);
}

static void
test_coder_reads_capital_us_as_the_country(void **state)
{
	struct fixture *f = *state;

	code(f, "The US criticized Russia.", "2014-03-01");
	expect(f, "11", "USA", "RUS");
	code(f, "Russia told us nothing and criticized Japan.", "2014-03-01");
	assert_null(find(f, "11", "USA", "JPN"));
}

static void
test_coder_gives_a_countryless_role_the_sentence_country(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "The president arrested Ugandan opposition leaders.", "2006-02-01");
	e = expect(f, "17", "UGA", "UGA");
	assert_int_equal(e->source.by_context, 1);
	assert_string_equal(e->target.role, "OPP");
}

static void
test_coder_does_not_take_a_role_adjective_for_an_actor(void **state)
{
	struct fixture *f = *state;

	/* "official" qualifies the protest; Albania is the one complained to. */
	code(f, "Serbia lodged an official protest with Albania.", "1994-01-01");
	expect(f, "11", "SRB", "ALB");
	assert_null(find(f, "11", "SRB", "SRB"));
}

/* ------------------------------------------------------------ clause structure */

static void
test_coder_does_not_make_a_topic_a_target(void **state)
{
	struct fixture *f = *state;

	code(f, "The United States and Iran held talks on Iraq security.", "2007-05-29");
	expect(f, "04", "USA", "IRN");
	expect(f, "04", "IRN", "USA");
	assert_null(find(f, "04", "USA", "IRQ"));
	assert_null(find(f, "04", "IRN", "IRQ"));
}

static void
test_coder_codes_the_main_clause_not_the_relative(void **state)
{
	struct fixture *f = *state;

	code(f, "Japan, which attacked China in 1937, praised South Korea.", "2007-05-29");
	expect(f, "05", "JPN", "KOR");
	assert_int_equal(count_root(f, "19"), 0);
	assert_int_equal(f->ev.v[0].date_basis, EDATE_ARTICLE);	/* 1937 dates the relative clause */
}

static void
test_coder_gives_a_noun_event_the_subject_of_its_light_verb(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Hungarian students staged a demonstration against the government.", "1990-01-01");
	e = expect(f, "14", "HUN", "HUN");
	assert_string_equal(e->source.role, "EDU");
	code(f, "The talks between Egypt and Israel resumed.", "1990-01-01");
	expect(f, "04", "EGY", "ISR");
	expect(f, "04", "ISR", "EGY");
}

static void
test_coder_shares_the_subject_of_coordinated_verbs(void **state)
{
	struct fixture *f = *state;

	code(f, "Israel met Jordan and criticized Syria.", "1995-01-01");
	expect(f, "04", "ISR", "JOR");
	expect(f, "11", "ISR", "SYR");
	assert_null(find(f, "11", "JOR", "SYR"));
}

static void
test_coder_codes_a_reduced_passive_with_its_agent(void **state)
{
	struct fixture *f = *state;

	/* The president hosted; the officials who attended were his guests. */
	code(f, "Kenyan officials attended a dinner hosted by the Ugandan president.", "2007-05-29");
	expect(f, "04", "UGA", "KEN");
	assert_null(find(f, "04", "KEN", "UGA"));
}

static void
test_coder_makes_no_reciprocal_refusal(void **state)
{
	struct fixture *f = *state;

	/* Refusing together is no refusal of each other ... */
	code(f, "Italy and Spain refused to let the plane land.", "2008-04-06");
	expect(f, "12", "ITA", "");
	expect(f, "12", "ESP", "");
	assert_null(find(f, "12", "ITA", "ESP"));
	assert_null(find(f, "12", "ESP", "ITA"));
	/* ... but failing to agree is mutual, as meeting is. */
	code(f, "The United States and South Korea failed to reach agreement.", "2008-04-06");
	expect(f, "12", "USA", "KOR");
	expect(f, "12", "KOR", "USA");
}

static void
test_coder_codes_a_permission_as_a_yield_to_whom_it_is_given(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	/* The permitted act decides the code: rallies allowed ease political freedoms. */
	code(f, "The Egyptian government allowed the opposition to hold rallies.", "2008-04-06");
	e = expect(f, "08", "EGY", "EGY");
	assert_string_equal(e->cameo->code, "0811");
	assert_string_equal(e->target.role, "OPP");
	assert_int_equal(count_root(f, "14"), 0);	/* the government does not protest */
	/* A permission to do what is no event is a yield, through its own governors. */
	code(f, "Turkey will allow the Kurdish refugees to return home.", "2008-04-06");
	e = expect(f, "03", "TUR", "TUR");	/* the refugees */
	assert_string_equal(e->cameo->code, "035");
	/* Things permit nothing: no yield by a budget. */
	code(f, "The budget allowed Japan to cut taxes.", "2008-04-06");
	assert_int_equal(count_root(f, "08"), 0);
}

static void
test_coder_takes_the_country_expelled_from_as_the_expeller(void **state)
{
	struct fixture *f = *state;

	code(f, "Three American journalists were deported from China on Friday.", "2008-04-06");
	expect(f, "17", "CHN", "USA");
	/* Recalled from a country is no expulsion by it. */
	code(f, "Two British diplomats were recalled from Russia.", "2008-04-06");
	assert_null(find(f, "16", "RUS", "GBR"));
}

static void
test_coder_makes_the_subject_of_came_under_the_target(void **state)
{
	struct fixture *f = *state;

	code(f, "Kharkiv came under attack from Russian forces overnight.", "2008-04-06");
	expect(f, "19", "RUS", "UKR");
	assert_null(find(f, "19", "UKR", ""));
	code(f, "Kuwaiti tankers have come under repeated Iranian attack.", "2008-04-06");
	expect(f, "19", "IRN", "KWT");
	/* Nobody named: no event, and never the sufferer's own act. */
	code(f, "Kuwaiti tankers have come under attack.", "2008-04-06");
	assert_int_equal(count_root(f, "19"), 0);
	/* What one receives from someone is theirs to give, after "has" too. */
	code(f, "Pakistan has received humanitarian aid from China.", "2008-04-06");
	expect(f, "07", "CHN", "PAK");
	assert_null(find(f, "07", "PAK", ""));
	code(f, "Sudan has not received fresh loans from Japan.", "2008-04-06");
	assert_int_equal(count_root(f, "07"), 0);
}

static void
test_coder_does_not_give_a_donor_its_recipients_country(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Donors committed $1.2 billion to Afghanistan at the conference.", "2008-04-06");
	e = expect(f, "07", "", "AFG");
	assert_string_equal(e->source.country, "");
}

static void
test_coder_takes_the_accused_from_what_is_alleged(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	/* The subject of the allegation is the accused, a role as well as a name. */
	code(f, "Egypt's opposition alleged that the government rigged the vote.", "2008-04-06");
	e = expect(f, "11", "EGY", "EGY");
	assert_string_equal(e->target.role, "GOV");
	assert_memory_equal(f->a.text + e->target.text.start, "government", 10);
	assert_int_equal(e->target.text.end - e->target.text.start, 10);
}

static void
test_coder_invents_no_target_for_a_protest(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	/* Protesters who name no target protest, but no target is made up for
	 * them (not even their own government: the sentence names none). */
	code(f, "Thousands of Egyptian workers went on strike.", "2008-04-06");
	e = expect(f, "14", "EGY", "");
	assert_false(e->has_target);
}

/* ------------------------------------------------------------ dates */

static void
test_coder_dates_last_week_and_years_ago(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Last week Brazil criticized Argentina.", "2010-03-17");
	e = expect(f, "11", "BRA", "ARG");
	expect_date(e, "2010-03-10", EDATE_RELATIVE);
	code(f, "Yesterday Brazil criticized Argentina.", "2010-03-17");
	expect_date(expect(f, "11", "BRA", "ARG"), "2010-03-16", EDATE_RELATIVE);
	code(f, "Three years ago Brazil criticized Argentina.", "2010-03-17");
	expect_date(expect(f, "11", "BRA", "ARG"), "2007", EDATE_YEAR);
	code(f, "In May Brazil criticized Argentina.", "2010-03-17");
	expect_date(expect(f, "11", "BRA", "ARG"), "2009-05", EDATE_YEAR);	/* the last May before */
}

/* ------------------------------------------------------------ later stages */

static void
test_coder_gives_events_the_place_tone_and_quotes_of_their_sentence(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;
	json_t			*j, *loc, *q;
	json_error_t		 err;
	char			*s;

	code(f, "\"We will not give in,\" said the Iraqi prime minister. Iraqi forces attacked rebels "
	    "in Basra.", "2008-03-26");
	e = expect(f, "19", "IRQ", "IRQ");
	s = record_to_json(&f->a, e, 0);
	assert_non_null(j = json_loads(s, 0, &err));
	loc = json_object_get(j, "location");
	if (loc != NULL) {	/* when the gazetteer is built */
		assert_string_equal(json_string_value(json_object_get(loc, "name")), "Basra");
		assert_string_equal(json_string_value(json_object_get(loc, "country")), "IRQ");
		assert_true(json_real_value(json_object_get(loc, "latitude")) > 29.0 &&
		    json_real_value(json_object_get(loc, "latitude")) < 32.0);
	}
	if (json_object_get(j, "tone") != NULL)	/* when the tone lexicon is built */
		assert_true(json_real_value(json_object_get(j, "tone")) < 0.0);	/* an attack reads badly */
	json_decref(j);
	free(s);
	/* The first sentence's event carries its quotation and the quoted speaker. */
	code(f, "\"We will meet Iran,\" said the Iraqi prime minister.", "2008-03-26");
	e = expect(f, "03", "IRQ", "IRN");
	assert_int_equal(e->nquotes, 1);
	assert_memory_equal(f->a.text + e->quotes[0].text.start, "We will meet Iran,", 18);
	assert_int_equal(e->quotes[0].has_speaker, 1);
	assert_string_equal(e->quotes[0].speaker.code, "IRQGOV");
	s = record_to_json(&f->a, e, 0);
	assert_non_null(j = json_loads(s, 0, &err));
	q = json_array_get(json_object_get(j, "quotes"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(q, "speaker"), "code")), "IRQGOV");
	json_decref(j);
	free(s);
}



static void
test_coder_reads_a_led_compound_as_its_leader(void **state)
{
	struct fixture *f = *state;

	code(f, "Turkey refused to join the U.S.-led coalition.", "2003-03-01");
	expect(f, "12", "TUR", "USA");
}

static void
test_coder_codes_a_lone_summit_as_a_meeting_where_it_is_held(void **state)
{
	struct fixture *f = *state;

	code(f, "Brazil attended a summit in Geneva on Tuesday.", "2010-05-06");
	expect(f, "04", "BRA", "CHE");
	/* With no place and nobody to meet, there is nothing to code. */
	code(f, "Brazil attended the meeting.", "2010-05-06");
	assert_int_equal(count_root(f, "04"), 0);
}

static void
test_coder_keeps_a_leading_source_phrase_short(void **state)
{
	struct fixture *f = *state;

	code(f, "According to reports the UK is pressing Iran to release the sailors.", "2007-04-01");
	expect(f, "02", "GBR", "IRN");
}


static void
test_coder_does_not_code_a_heart_attack(void **state)
{
	struct fixture *f = *state;

	code(f, "The Israeli envoy suffered a heart attack in Cairo.", "2007-05-29");
	assert_int_equal(count_root(f, "19"), 0);
	code(f, "Israel launched an attack on Gaza.", "2007-05-29");
	expect(f, "19", "ISR", "PSE");
}

static void
test_coder_joins_a_role_to_the_role_it_qualifies(void **state)
{
	struct fixture		*f = *state;
	const struct event	*e;

	code(f, "Pakistani military officials met Indian diplomats.", "2007-05-29");
	e = expect(f, "04", "PAK", "IND");
	assert_string_equal(e->source.code, "PAKMIL");	/* "military" tells more than "officials" */
	assert_memory_equal(f->a.text + e->source.text.start, "Pakistani military officials", 28);
	/* Whose government is not said: not Iran's; the event stays, its source of no country. */
	code(f, "A government spokesman criticized Iran.", "2007-05-29");
	assert_int_equal(f->ev.n, 1);
	e = expect(f, "11", "", "IRN");
	assert_string_equal(e->source.code, "");
	assert_string_equal(e->source.role, "GOV");
}

/* ------------------------------------------------------------ hostile input */

static void
test_coder_codes_a_run_on_sentence_in_bounded_windows(void **state)
{
	struct fixture	*f = *state;
	const char	*unit = "Iran attacked Iraq and Syria said Egypt would meet Jordan, ";
	size_t		 n = 20000, len = strlen(unit);
	char		*text = malloc(n * len + 1);

	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		memcpy(text + i * len, unit, len);
	text[n * len] = '\0';
	code(f, text, "2007-05-29");	/* 1.2 MB without a full stop: one sentence */
	assert_true(f->ev.n > 0);
	expect(f, "19", "IRN", "IRQ");
	for (size_t i = 0; i < f->ev.n; i++) {
		assert_int_equal(f->ev.v[i].sentence_index, 0);
		assert_true(f->ev.v[i].sentence.end - f->ev.v[i].sentence.start < 4096);
	}
	free(text);
}

static void
test_coder_survives_many_names_and_quotes(void **state)
{
	struct fixture	*f = *state;
	char		*text = malloc(200 * 160 + 1);
	size_t		 len = 0;

	assert_non_null(text);
	/* More people than the article memory holds, each quoted, then pronouns. */
	for (int i = 0; i < 200; i++)
		len += (size_t)sprintf(text + len, "\"We met Iran,\" said U.S. Ambassador Jon Smith%c%c. He met "
		    "Iraqi officials. ", 'A' + i % 26, 'a' + i / 26);
	code(f, text, "2007-05-29");
	expect(f, "04", "USA", "IRQ");
	for (size_t i = 0; i < f->ev.n; i++)
		assert_true(f->ev.v[i].nquotes <= EVENT_MAX_QUOTES);
	free(text);
	code(f, " ... , ; \" \" ( ) ' ", "2007-05-29");
	assert_int_equal(f->ev.n, 0);
}

static void
test_coder_gives_every_record_the_article_tone(void **state)
{
	struct fixture *f = *state;

	/* The second sentence has no event, but it is part of the article's tone. */
	code(f, "Germany criticized Russia and China. The massacre left hundreds dead and the city in ruins, "
	    "a horrific atrocity.", "2007-05-29");
	assert_true(f->ev.n >= 2);
	for (size_t i = 0; i < f->ev.n; i++) {
		assert_true(f->ev.v[i].has_article_tone);
		assert_true(f->ev.v[i].article_tone == f->ev.v[0].article_tone);
	}
	assert_true(f->ev.v[0].has_tone);
	assert_true(f->ev.v[0].article_tone < 0);
	assert_true(f->ev.v[0].article_tone < f->ev.v[0].tone);
	assert_true(f->ev.v[0].article_tone >= -10);
}

/*
 * Found by fuzz_extract: a role followed by "of", "of the" or "to" as the
 * last words of a sentence made actors.c look for a country one token past
 * the end (match_country read s->kinds[ntok], a heap overflow under ASan).
 * No country is named in the first three texts, so no event may carry one;
 * the last shows the same words still find the country that does follow.
 */
static void
test_coder_reads_no_token_past_a_role_that_ends_the_text(void **state)
{
	static const char *const texts[] = {
		"The talks angered the foreign minister of",
		"Rebels attacked the ambassador to",
		"Officials met the foreign minister of the",
	};
	struct fixture		*f = *state;
	const struct event	*e;

	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		code(f, texts[t], "2007-05-29");
		for (size_t i = 0; i < f->ev.n; i++) {
			assert_string_equal(f->ev.v[i].source.country, "");
			assert_true(!f->ev.v[i].has_target || f->ev.v[i].target.country[0] == '\0');
		}
	}
	code(f, "Germany criticized the foreign minister of Iraq.", "2007-05-29");
	e = expect(f, "11", "DEU", "IRQ");
	assert_string_equal(e->target.code, "IRQGOV");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_coder_codes_subject_verb_object),
		T(test_coder_codes_no_event_inside_a_name),
		T(test_coder_codes_coordinated_event_nouns),
		T(test_coder_aims_a_purpose_at_the_object_of_its_verb),
		T(test_coder_aims_an_appeal_at_the_sources_own_people),
		T(test_coder_codes_no_event_that_stops),
		T(test_coder_aims_a_passive_at_its_subjects_phrase),
		T(test_coder_codes_a_peacekeeping_deployment_as_protection),
		T(test_coder_composes_country_and_role),
		T(test_coder_takes_the_name_after_a_title),
		T(test_coder_resolves_a_weekday_against_the_article_date),
		T(test_coder_dates_a_stated_year),
		T(test_coder_dates_an_explicit_month_and_day),
		T(test_coder_swaps_actors_of_a_passive),
		T(test_coder_does_not_code_a_negated_event),
		T(test_coder_expands_a_compound_target),
		T(test_coder_gives_a_compound_subject_reciprocal_events),
		T(test_coder_needs_an_actor),
		T(test_coder_records_provenance),
		T(test_coder_event_ids_are_stable_and_distinct),
		T(test_coder_codes_a_stated_willingness_to_meet_as_intent),
		T(test_coder_codes_an_intended_attack_as_a_threat),
		T(test_coder_aims_a_conditional_threat_at_the_condition),
		T(test_coder_codes_what_a_statement_says),
		T(test_coder_takes_the_agent_of_an_event_noun_as_the_source),
		T(test_coder_codes_a_refusal_to_cooperate_as_rejection),
		T(test_coder_drops_a_refused_attack),
		T(test_coder_codes_an_appeal_to_its_addressee),
		T(test_coder_codes_a_reported_obligation_as_a_demand),
		T(test_coder_explains_a_recoding),
		T(test_coder_attributes_reported_events_to_the_speaker),
		T(test_coder_keeps_a_trailing_speaker_out_of_the_event),
		T(test_coder_resolves_a_pronoun_subject_to_the_speaker),
		T(test_coder_resolves_a_surname_introduced_with_a_title),
		T(test_coder_resolves_he_to_the_last_person),
		T(test_coder_knows_leaders_by_name),
		T(test_coder_reads_capital_us_as_the_country),
		T(test_coder_gives_a_countryless_role_the_sentence_country),
		T(test_coder_does_not_take_a_role_adjective_for_an_actor),
		T(test_coder_does_not_make_a_topic_a_target),
		T(test_coder_codes_the_main_clause_not_the_relative),
		T(test_coder_gives_a_noun_event_the_subject_of_its_light_verb),
		T(test_coder_shares_the_subject_of_coordinated_verbs),
		T(test_coder_codes_a_reduced_passive_with_its_agent),
		T(test_coder_makes_no_reciprocal_refusal),
		T(test_coder_codes_a_permission_as_a_yield_to_whom_it_is_given),
		T(test_coder_takes_the_country_expelled_from_as_the_expeller),
		T(test_coder_makes_the_subject_of_came_under_the_target),
		T(test_coder_does_not_give_a_donor_its_recipients_country),
		T(test_coder_takes_the_accused_from_what_is_alleged),
		T(test_coder_invents_no_target_for_a_protest),
		T(test_coder_dates_last_week_and_years_ago),
		T(test_coder_gives_events_the_place_tone_and_quotes_of_their_sentence),
		T(test_coder_reads_a_led_compound_as_its_leader),
		T(test_coder_codes_a_lone_summit_as_a_meeting_where_it_is_held),
		T(test_coder_keeps_a_leading_source_phrase_short),
		T(test_coder_does_not_code_a_heart_attack),
		T(test_coder_joins_a_role_to_the_role_it_qualifies),
		T(test_coder_codes_a_run_on_sentence_in_bounded_windows),
		T(test_coder_survives_many_names_and_quotes),
		T(test_coder_gives_every_record_the_article_tone),
		T(test_coder_reads_no_token_past_a_role_that_ends_the_text),
	};
#undef T
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
