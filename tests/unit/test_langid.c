/*
 * Unit tests for workers/langid.c over the real CLD2: stated tags are
 * honoured, texts are identified, and what CLD2 cannot place is coded.
 * The sentences are written for the test.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "langid.h"

static struct langid
decide(const char *stated, const char *text)
{
	struct langid l;

	assert_int_equal(langid_decide(stated, text, strlen(text), &l), 0);
	return l;
}

static void
test_langid_honours_a_stated_tag_whatever_the_text(void **state)
{
	static const char *const english[] = { "en", "en-GB", "EN_us", "eng", "English", " en" };
	static const char *const other[] = { "fr", "fr-CA", "es", "ar", "de-DE", "zz" };
	const char *text = "Germany criticized Russia and China on Monday.";

	(void)state;
	for (size_t i = 0; i < sizeof(english) / sizeof(english[0]); i++) {
		struct langid l = decide(english[i], "Le président a rencontré le chancelier.");

		assert_string_equal(l.code, "en");
		assert_true(l.supported);
		assert_false(l.detected);
	}
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		struct langid l = decide(other[i], text);

		assert_false(l.supported);
		assert_false(l.detected);
	}
	assert_string_equal(decide("fr-CA", text).code, "fr");
}

static void
test_langid_identifies_the_text_when_no_tag_is_stated(void **state)
{
	static const struct { const char *text, *code; } cases[] = {
		{ "The foreign ministers of Egypt and Jordan met in Cairo on Sunday to discuss the "
		  "situation in the region and called for an immediate ceasefire.", "en" },
		{ "Les ministres des affaires étrangères de l'Égypte et de la Jordanie se sont réunis "
		  "dimanche au Caire pour discuter de la situation dans la région.", "fr" },
		{ "Los ministros de Relaciones Exteriores de Egipto y Jordania se reunieron el domingo "
		  "en El Cairo para hablar de la situación en la región.", "es" },
		{ "التقى وزير الخارجية المصري نظيره الأردني في القاهرة يوم الأحد لبحث الأوضاع في المنطقة.",
		  "ar" },
		{ "Die Außenminister Ägyptens und Jordaniens trafen sich am Sonntag in Kairo, um über "
		  "die Lage in der Region zu sprechen.", "de" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct langid l = decide(NULL, cases[i].text);

		assert_string_equal(l.code, cases[i].code);
		assert_true(l.detected);
		assert_int_equal(l.supported, strcmp(cases[i].code, "en") == 0);
	}
	/* An empty tag is no tag. */
	assert_true(decide("", cases[1].text).detected);
}

static void
test_langid_codes_what_it_cannot_place(void **state)
{
	struct langid l = decide(NULL, "Shr 45 cts vs 58 cts Net 1.1 mln vs 1.4 mln Revs 12.3 mln");

	(void)state;
	assert_true(l.supported);
	/* Nothing to go by: CLD2 answers its default, unreliably, and the article is coded. */
	l = decide(NULL, "");
	assert_true(l.supported);
	assert_false(l.reliable);
}

/* Too short for CLD2: a text of fewer letters than LANGID_MIN_LETTERS is undetermined, and coded. */
static void
test_langid_leaves_a_short_text_undetermined(void **state)
{
	static const char *const shorts[] = { "Iran froze Iraqi assets.",
		"U.S. drones struck al-Shabaab targets in Somalia.", "El gobierno atacó Irak." };
	struct langid l;

	(void)state;
	for (size_t i = 0; i < sizeof(shorts) / sizeof(shorts[0]); i++) {
		l = decide(NULL, shorts[i]);
		assert_string_equal(l.code, "und");
		assert_false(l.reliable);
		assert_true(l.supported);
	}
	/* A stated tag still rules, however short the text. */
	assert_false(decide("es", shorts[2]).supported);
	/* An English verdict stands as it is. */
	assert_string_equal(decide(NULL, "Germany met France in Paris.").code, "en");
}

static void
test_langid_reads_only_its_window_of_a_long_text(void **state)
{
	size_t	 n = LANGID_WINDOW * 3;
	char	*text = malloc(n + 1);
	const char *fr = "Le gouvernement français a annoncé de nouvelles mesures économiques. ";
	const char *en = "The government announced new economic measures on Tuesday morning. ";
	size_t	 k = 0;

	(void)state;
	assert_non_null(text);
	while (k + strlen(en) < LANGID_WINDOW) {
		memcpy(text + k, en, strlen(en));
		k += strlen(en);
	}
	while (k + strlen(fr) < n) {
		memcpy(text + k, fr, strlen(fr));
		k += strlen(fr);
	}
	text[k] = '\0';
	assert_string_equal(decide(NULL, text).code, "en");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_langid_honours_a_stated_tag_whatever_the_text),
	    cmocka_unit_test(test_langid_identifies_the_text_when_no_tag_is_stated),
	    cmocka_unit_test(test_langid_codes_what_it_cannot_place),
	    cmocka_unit_test(test_langid_leaves_a_short_text_undetermined),
	    cmocka_unit_test(test_langid_reads_only_its_window_of_a_long_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
