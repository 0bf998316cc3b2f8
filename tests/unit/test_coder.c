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

static int
setup(void **state)
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
teardown(void **state)
{
	struct fixture *f = *state;

	article_release(&f->a);
	eventvec_release(&f->ev);
	lexicon_unref(f->lx);
	free(f);
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

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_coder_codes_subject_verb_object),
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
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
