/*
 * Unit tests for workers/pipeline.c over the real lexicon (build/lexicon, or
 * $NE_LEXICON): the one function the daemon and the CLI share. The articles
 * are written for the test; the expected events are coded by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "job.h"
#include "lexicon.h"
#include "pipeline.h"

static int
group_setup(void **state)
{
	const char	*dir = getenv("NE_LEXICON") != NULL ? getenv("NE_LEXICON") : "build/lexicon";
	struct lexicon	*lx;
	char		 err[256] = "";

	if (lexicon_load(dir, &lx, err, sizeof(err)) != 0) {
		fprintf(stderr, "lexicon_load(%s): %s\n", dir, err);
		return -1;
	}
	*state = lx;
	return 0;
}

static int
group_teardown(void **state)
{
	lexicon_unref(*state);
	return 0;
}

static struct pipeline_result
run(const struct lexicon *lx, const char *msg, int extract)
{
	const struct pipeline_opts	o = { .max_bytes = 1 << 20, .extract = extract };
	struct pipeline_result		res = { .reason = _REASON_INVALID };

	assert_int_equal(pipeline_run(lx, &o, msg, strlen(msg), "key", 3, &res), 0);
	return res;
}

static json_t *
record(const struct pipeline_result *res, size_t i)
{
	json_error_t err;

	assert_true(i < res->nrecords);
	return json_loadb(res->records[i].json, res->records[i].len, 0, &err);
}

static void
test_pipeline_codes_an_english_article(void **state)
{
	struct pipeline_result	 res = run(*state, "{\"id\": \"a1\", \"text\": \"Germany met France.\"}", 1);
	json_t			*r;

	assert_false(res.failed);
	assert_string_equal(res.article_id, "a1");
	assert_string_equal(res.language, "en");
	assert_int_equal(res.nrecords, 1);
	r = record(&res, 0);
	assert_string_equal(json_string_value(json_object_get(r, "code")), "040");
	assert_string_equal(json_string_value(json_object_get(r, "plover")), "CONSULT");
	/* No word of the tone lexicon: the tone is null, not 0. */
	assert_true(json_is_null(json_object_get(r, "tone")));
	json_decref(r);
	pipeline_result_release(&res);
	pipeline_result_release(&res);
}

/* A plain-text first line is a headline (not coded) only when text follows it. */
static void
test_pipeline_codes_a_lone_line_but_not_a_headline(void **state)
{
	struct pipeline_result	 res = run(*state, "Germany met France.\n", 1);
	json_t			*r;

	assert_false(res.failed);
	assert_int_equal(res.nrecords, 1);
	pipeline_result_release(&res);
	res = run(*state, "Germany met France.\n\t\r\n", 1);
	assert_int_equal(res.nrecords, 1);
	pipeline_result_release(&res);
	res = run(*state, "Germany met France.\nItaly met Spain.\n", 1);
	assert_int_equal(res.nrecords, 1);
	r = record(&res, 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "source_actor"), "country")), "ITA");
	json_decref(r);
	pipeline_result_release(&res);
}

static void
test_pipeline_verb_spans_the_whole_pattern_and_keeps_the_head(void **state)
{
	const char		*text = "Germany sent emergency aid to Haiti.";
	struct pipeline_result	 res;
	json_t			*r, *v, *h;
	char			 msg[128];

	snprintf(msg, sizeof(msg), "{\"text\": \"%s\"}", text);
	res = run(*state, msg, 1);
	assert_int_equal(res.nrecords, 1);
	r = record(&res, 0);
	v = json_object_get(r, "verb");
	h = json_object_get(v, "head");
	assert_string_equal(json_string_value(json_object_get(r, "plover")), "AID");
	assert_string_equal(json_string_value(json_object_get(v, "text")), "sent emergency aid");
	assert_int_equal(json_integer_value(json_object_get(v, "start")), 8);
	assert_int_equal(json_integer_value(json_object_get(v, "end")), 26);
	assert_string_equal(json_string_value(json_object_get(h, "text")), "sent");
	assert_int_equal(json_integer_value(json_object_get(h, "end")), 12);
	assert_true(json_is_number(json_object_get(r, "tone")));
	json_decref(r);
	pipeline_result_release(&res);
}

static void
test_pipeline_refuses_other_languages_with_the_language(void **state)
{
	static const struct { const char *msg, *lang; } cases[] = {
		{ "{\"id\": \"f\", \"text\": \"Le président français a rencontré lundi à Paris le "
		  "chancelier allemand pour discuter de la guerre.\"}", "fr" },
		{ "{\"id\": \"f\", \"language\": \"es\", \"text\": \"Germany met France.\"}", "es" },
		{ "{\"id\": \"f\", \"html\": \"<html lang=de><p>Germany met France.</p>\"}", "de" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pipeline_result res = run(*state, cases[i].msg, 1);

		assert_true(res.failed);
		assert_int_equal(res.reason, REASON_UNSUPPORTED_LANGUAGE);
		assert_string_equal(res.language, cases[i].lang);
		assert_string_equal(res.article_id, "f");
		assert_int_equal(res.nrecords, 0);
		assert_non_null(strstr(res.errmsg, cases[i].lang));
		pipeline_result_release(&res);
	}
}

/*
 * English at a glance: enough words, and enough of them English function
 * words. Each text below is written for the test: English news in mixed
 * and upper case, short English, news in five other languages, a table of
 * figures, and English past the first PIPELINE_GLANCE_BYTES.
 */
static void
test_pipeline_english_at_a_glance_needs_words_and_english_ones(void **state)
{
	static const struct { const char *text; int english; } cases[] = {
		{ "The foreign ministers of the two countries said on Monday that they would meet again in May, "
		  "and that the talks, which had been delayed by the war, were the first since the embassy was "
		  "closed. It was not clear who would lead the delegation from Tehran, but officials said that "
		  "this round would be held in Baghdad.", 1 },
		{ "THE FOREIGN MINISTERS OF THE TWO COUNTRIES SAID THAT THEY WOULD MEET AGAIN IN MAY, AND THAT THE "
		  "TALKS, WHICH HAD BEEN DELAYED BY THE WAR, WERE THE FIRST SINCE THE EMBASSY WAS CLOSED, WHICH "
		  "THEY SAID WAS NOT THE END OF IT.", 1 },
		{ "The ministers said that they would meet again.", 0 },
		{ "Les ministres des affaires étrangères des deux pays ont déclaré lundi qu'ils se "
		  "rencontreraient de nouveau en mai, et que les pourparlers, retardés par la guerre, étaient les "
		  "premiers depuis la fermeture de l'ambassade. On ne savait pas qui dirigerait la délégation.", 0 },
		{ "Los ministros de asuntos exteriores de los dos países dijeron el lunes que volverían a reunirse "
		  "en mayo, y que las conversaciones, retrasadas por la guerra, eran las primeras desde el cierre "
		  "de la embajada. No estaba claro quién encabezaría la delegación.", 0 },
		{ "Die Außenminister der beiden Länder sagten am Montag, sie würden sich im Mai wieder treffen, "
		  "und die Gespräche, die durch den Krieg verzögert worden waren, seien die ersten seit der "
		  "Schließung der Botschaft. Es war nicht klar, wer die Delegation leiten würde.", 0 },
		{ "I ministri degli esteri dei due paesi hanno detto lunedì che si incontreranno di nuovo a "
		  "maggio, e che i colloqui, ritardati dalla guerra, erano i primi dalla chiusura "
		  "dell'ambasciata. Non era chiaro chi avrebbe guidato la delegazione.", 0 },
		{ "De ministers van buitenlandse zaken van de twee landen zeiden maandag dat zij elkaar in mei "
		  "weer zouden ontmoeten, en dat de gesprekken, die door de oorlog waren vertraagd, de eerste "
		  "waren sinds de sluiting van de ambassade. Het was niet duidelijk wie de delegatie zou leiden.",
		  0 },
		{ "Shr 45 cts vs 58 cts Net 1.1 mln vs 1.4 mln Revs 12.3 mln vs 11.9 mln Nine mths Shr 1.20 dlrs "
		  "vs 1.35 dlrs Net 3.3 mln vs 3.7 mln Revs 36.1 mln vs 35.2 mln Avg shrs 2.8 mln vs 2.7 mln "
		  "Note full name is Acme Corp Inc", 0 },
	};
	char big[PIPELINE_GLANCE_BYTES + 400];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (pipeline_english_at_a_glance(cases[i].text, strlen(cases[i].text)) != cases[i].english)
			fail_msg("case %zu: English at a glance should be %d", i, cases[i].english);
	/* Only the first PIPELINE_GLANCE_BYTES count: figures there, English after them. */
	memset(big, '7', PIPELINE_GLANCE_BYTES);
	memset(big + PIPELINE_GLANCE_BYTES, 0, sizeof(big) - PIPELINE_GLANCE_BYTES);
	memcpy(big + PIPELINE_GLANCE_BYTES, cases[0].text, strlen(cases[0].text));
	assert_false(pipeline_english_at_a_glance(big, sizeof(big)));
	memcpy(big, cases[0].text, strlen(cases[0].text));
	assert_true(pipeline_english_at_a_glance(big, sizeof(big)));
	assert_false(pipeline_english_at_a_glance("", 0));
}

/*
 * Each function word counts, whatever its length, capitalised or not, and
 * words of the same lengths that are not on the list do not: five of
 * thirty words (17 %) make a text English at a glance, four (13 %) do not.
 */
static void
test_pipeline_english_at_a_glance_counts_each_function_word(void **state)
{
	static const char *const yes[] = { "of", "it", "the", "and", "its", "not", "but", "who",
		"his", "that", "with", "said", "from", "this", "been", "were", "they", "than", "which",
		"would", "their", "THE", "Which" };
	static const char *const no[] = { "to", "in", "a", "is", "ox", "tho", "thank", "thanx",
		"whic", "theirs", "x" };
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]) + sizeof(no) / sizeof(no[0]); i++) {
		const char	*w = i < sizeof(yes) / sizeof(yes[0]) ? yes[i] :
		    no[i - sizeof(yes) / sizeof(yes[0])];
		int		 want = i < sizeof(yes) / sizeof(yes[0]);

		for (int k = 4; k <= 5; k++) {
			size_t len = 0;

			for (int j = 0; j < 30; j++)
				len += (size_t)snprintf(text + len, sizeof(text) - len, "%s ",
				    j < k ? w : "zq");
			if (pipeline_english_at_a_glance(text, len) != (want && k == 5))
				fail_msg("'%s' %d times in 30 words: English should be %d", w, k,
				    want && k == 5);
		}
	}
}

/* An English article at a glance is coded, its language "en", as CLD2 would have had it. */
static void
test_pipeline_codes_an_article_that_is_english_at_a_glance(void **state)
{
	struct pipeline_result res = run(*state, "{\"id\": \"g\", \"text\": \"The foreign minister of Iraq "
	    "said on Monday that he would meet the ambassador of Iran, and that the talks, which had been "
	    "delayed, were the first of their kind. It was not clear who would lead the delegation from "
	    "Tehran, but officials said that this meeting would be held in Baghdad.\"}", 1);

	assert_false(res.failed);
	assert_string_equal(res.language, "en");
	assert_true(res.nrecords >= 1);
	pipeline_result_release(&res);
}

static void
test_pipeline_offsets_of_an_html_article_refer_to_its_text(void **state)
{
	struct pipeline_result	 res = run(*state, "{\"html\": \"<p>Iran met <b>Iraq</b></p><p>Syria "
	    "attacked Turkey.</p><footer><p>Russia attacked Ukraine.</p></footer>\"}", 1);
	json_t			*r;

	assert_false(res.failed);
	assert_int_equal(res.nrecords, 2);
	r = record(&res, 1);
	/* The extracted text is "Iran met Iraq\n\nSyria attacked Turkey.". */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "sentence"), "start")), 15);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "verb"), "start")), 21);
	json_decref(r);
	r = record(&res, 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(r, "sentence"), "text")),
	    "Iran met Iraq");
	json_decref(r);
	pipeline_result_release(&res);
}

static void
test_pipeline_pass_through_decodes_only(void **state)
{
	struct pipeline_result res = run(NULL, "{\"id\": \"p\", \"language\": \"fr\", \"text\": \"x\"}", 0);

	(void)state;
	assert_false(res.failed);
	assert_int_equal(res.nrecords, 1);
	assert_string_equal(res.records[0].json, "{\"article_id\":\"p\"}");
	pipeline_result_release(&res);
	res = run(NULL, "{\"text\": 5}", 0);
	assert_true(res.failed);
	assert_int_equal(res.reason, REASON_BAD_FIELD);
	assert_null(res.article_id);
	pipeline_result_release(&res);
}

static void
test_job_run_gives_the_pipelines_records(void **state)
{
	const char			*msg = "{\"id\": \"j\", \"maintext\": \"Germany criticized Russia and "
	    "China.\", \"date_publish\": \"2020-01-02 10:00:00\"}";
	const struct pipeline_opts	 o = { .max_bytes = 1 << 20, .extract = 1 };
	struct pipeline_result		 res = run(*state, msg, 1);
	struct job			*job = job_new(msg, strlen(msg), "key", 3, 0, 7);

	assert_non_null(job);
	assert_int_equal(job_run(job, *state, &o), 0);
	assert_false(job->failed);
	assert_int_equal(job->nrecords, 2);
	assert_int_equal(res.nrecords, 2);
	for (size_t i = 0; i < 2; i++)
		assert_string_equal(job->records[i].json, res.records[i].json);
	assert_string_equal(job->language, "en");
	job_free(job);
	pipeline_result_release(&res);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pipeline_codes_an_english_article),
	    cmocka_unit_test(test_pipeline_codes_a_lone_line_but_not_a_headline),
	    cmocka_unit_test(test_pipeline_verb_spans_the_whole_pattern_and_keeps_the_head),
	    cmocka_unit_test(test_pipeline_refuses_other_languages_with_the_language),
	    cmocka_unit_test(test_pipeline_english_at_a_glance_needs_words_and_english_ones),
	    cmocka_unit_test(test_pipeline_english_at_a_glance_counts_each_function_word),
	    cmocka_unit_test(test_pipeline_codes_an_article_that_is_english_at_a_glance),
	    cmocka_unit_test(test_pipeline_offsets_of_an_html_article_refer_to_its_text),
	    cmocka_unit_test(test_pipeline_pass_through_decodes_only),
	    cmocka_unit_test(test_job_run_gives_the_pipelines_records),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
