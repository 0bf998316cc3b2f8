/*
 * test_quotes: quotation marks, speakers and byte offsets.
 *
 * Every sentence is written for this test; every expected quotation,
 * speaker and offset was worked out by hand from it. Quotations and speakers
 * are compared as strings (what a person checks) and, where it matters, as
 * byte offsets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "quotes.h"
#include "text.h"

#define ONE_MB (1024 * 1024)

struct want {
	const char *text;    /* between the marks */
	const char *speaker; /* "" when unknown */
	uint32_t sentence;
};

static void
print_quotes(const char *text, const struct quotevec *qv)
{
	for (size_t i = 0; i < qv->n; i++) {
		const struct quote *q = &qv->v[i];

		print_message("  got [%u,%u) '%.*s' speaker [%u,%u) '%.*s' sentence %u\n", q->text.start,
			      q->text.end, (int) (q->text.end - q->text.start), text + q->text.start,
			      q->speaker.start, q->speaker.end,
			      (int) (q->speaker.end - q->speaker.start), text + q->speaker.start,
			      q->sentence);
	}
}

static int
span_is(const char *text, struct span s, const char *want)
{
	return s.end - s.start == strlen(want) && memcmp(text + s.start, want, s.end - s.start) == 0;
}

/* Quotations are in order, disjoint, inside the text, and unknown speakers are empty. */
static void
quotes_check_invariants(size_t len, const struct quotevec *qv)
{
	assert_true(qv->n <= qv->cap);
	for (size_t i = 0; i < qv->n; i++) {
		const struct quote *q = &qv->v[i];

		assert_true(q->text.start > 0 && q->text.start < q->text.end && q->text.end < len);
		assert_true(q->speaker.start <= q->speaker.end && q->speaker.end <= len);
		if (i > 0)
			assert_true(q->text.start > qv->v[i - 1].text.end);
	}
}

static void
expect_quotes(const char *text, const struct want *want)
{
	struct spanvec sv = {0};
	struct quotevec qv = {0};
	size_t len = strlen(text), n, i;

	assert_int_equal(text_sentences(text, len, &sv), 0);
	assert_int_equal(quotes_find(text, len, &sv, &qv), 0);
	quotes_check_invariants(len, &qv);
	for (n = 0; want[n].text != NULL; n++)
		;
	if (qv.n != n) {
		print_quotes(text, &qv);
		fail_msg("'%s': %zu quotations, expected %zu", text, qv.n, n);
	}
	for (i = 0; i < n; i++) {
		const struct quote *q = &qv.v[i];

		if (!span_is(text, q->text, want[i].text) ||
		    !span_is(text, q->speaker, want[i].speaker) ||
		    q->sentence != want[i].sentence) {
			print_quotes(text, &qv);
			fail_msg("'%s': quotation %zu should be '%s' by '%s' in sentence %u", text, i,
				 want[i].text, want[i].speaker, want[i].sentence);
		}
	}
	quotevec_release(&qv);
	assert_null(qv.v);
	assert_int_equal(qv.n + qv.cap, 0);
	spanvec_release(&sv);
}

#define QUOTES(text, ...) expect_quotes((text), (const struct want[]){__VA_ARGS__, {NULL, NULL, 0}})
#define NO_QUOTES(text) expect_quotes((text), (const struct want[]){{NULL, NULL, 0}})

static void
test_quotes_said_after_the_quotation(void **state)
{
	(void) state;
	QUOTES("\"We will not give in,\" said Crocker.", {"We will not give in,", "Crocker", 0});
	QUOTES("\"The talks were useful,\" the Iranian ambassador said.",
	       {"The talks were useful,", "Iranian ambassador", 0});
	QUOTES("\"It was frank,\" he added.", {"It was frank,", "he", 0});
	QUOTES("\"We are ready,\" Kazemi-Qomi told reporters on Monday.",
	       {"We are ready,", "Kazemi-Qomi", 0});
	QUOTES("\"Enough,\" said Crocker on Monday.", {"Enough,", "Crocker", 0});
	QUOTES("\"Enough,\" said Iran's ambassador.", {"Enough,", "Iran's ambassador", 0});
	QUOTES("\"Enough,\" U.S. Ambassador Ryan C. Crocker said.",
	       {"Enough,", "U.S. Ambassador Ryan C. Crocker", 0});
	QUOTES("\"Enough,\" said Dr. Mowaffak al-Rubaie.", {"Enough,", "Dr. Mowaffak al-Rubaie", 0});
	QUOTES("\"Enough,\" said Iraqi Prime Minister Nouri al-Maliki.",
	       {"Enough,", "Iraqi Prime Minister Nouri al-Maliki", 0});
	QUOTES("\"Enough,\" said a senior official, who asked not to be named.",
	       {"Enough,", "senior official", 0});
	QUOTES("\"Enough\", said the spokesman.", {"Enough", "spokesman", 0});
	QUOTES("\"Nothing was agreed,\" according to a foreign ministry spokesman.",
	       {"Nothing was agreed,", "foreign ministry spokesman", 0});
}

static void
test_quotes_said_before_the_quotation(void **state)
{
	(void) state;
	QUOTES("Crocker said: \"We made progress.\"", {"We made progress.", "Crocker", 0});
	QUOTES("The minister said that \"the door remains open.\"",
	       {"the door remains open.", "minister", 0});
	QUOTES("Kazemi-Qomi told Iranian television: \"We are ready to meet again.\"",
	       {"We are ready to meet again.", "Kazemi-Qomi", 0});
	QUOTES("Officials told the council on Monday that \"nothing has changed.\"",
	       {"nothing has changed.", "Officials", 0});
	QUOTES("She replied \"No.\"", {"No.", "She", 0});
	QUOTES("According to Iran's ambassador, \"the meeting went well.\"",
	       {"the meeting went well.", "Iran's ambassador", 0});
	QUOTES("On Monday Crocker said: \"Enough.\"", {"Enough.", "Crocker", 0});
	QUOTES("Ambassador Ryan C. Crocker said: \"Enough.\"",
	       {"Enough.", "Ambassador Ryan C. Crocker", 0});
}

static void
test_quotes_every_said_verb_introduces_a_speaker(void **state)
{
	static const char *const verbs[] = {"said", "says", "told reporters", "added", "stated",
					    "declared", "insisted", "stressed", "warned",
					    "explained", "noted", "asked", "replied"};
	char text[128];

	(void) state;
	for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		(void) snprintf(text, sizeof(text), "\"Talks must go on,\" Zebari %s.", verbs[i]);
		QUOTES(text, {"Talks must go on,", "Zebari", 0});
		(void) snprintf(text, sizeof(text), "Zebari %s: \"Talks must go on.\"", verbs[i]);
		QUOTES(text, {"Talks must go on.", "Zebari", 0});
	}
	/* "describes" is not a quoting verb right before a quotation. */
	QUOTES("\"Talks must go on,\" Zebari thought.", {"Talks must go on,", "", 0});
	/* A capitalised "States" is never the verb. */
	QUOTES("The United States \"regrets\" nothing.", {"regrets", "", 0});
}

static void
test_quotes_curly_marks_and_exact_offsets(void **state)
{
	/* Offsets: U+201C is bytes 0-2, "We met," 3-9, U+201D 10-12, " said " 13-18, Crocker 19-25. */
	static const char text[] = "\xe2\x80\x9cWe met,\xe2\x80\x9d said Crocker.";
	struct quotevec qv = {0};

	(void) state;
	assert_int_equal(quotes_find(text, sizeof(text) - 1, NULL, &qv), 0);
	assert_int_equal(qv.n, 1);
	assert_int_equal(qv.v[0].text.start, 3);
	assert_int_equal(qv.v[0].text.end, 10);
	assert_int_equal(qv.v[0].speaker.start, 19);
	assert_int_equal(qv.v[0].speaker.end, 26);
	assert_int_equal(qv.v[0].sentence, 0);

	/* Appends: a second call adds to what is there. */
	assert_int_equal(quotes_find(text, sizeof(text) - 1, NULL, &qv), 0);
	assert_int_equal(qv.n, 2);
	assert_memory_equal(&qv.v[0], &qv.v[1], sizeof(qv.v[0]));
	quotevec_release(&qv);
	quotevec_release(&qv);
	quotevec_release(NULL);

	QUOTES("He said \xe2\x80\x9cno\xe2\x80\x9d twice. \xe2\x80\x9cNever,\xe2\x80\x9d she replied.",
	       {"no", "He", 0}, {"Never,", "she", 1});
	/* Straight " closes a curly opening mark. */
	QUOTES("\xe2\x80\x9cWe met,\" said Crocker.", {"We met,", "Crocker", 0});
}

static void
test_quotes_span_sentences_and_keep_the_opening_sentence(void **state)
{
	static const char text[] = "The envoys met in Baghdad. \"We talked for four hours. The tone "
				   "was businesslike,\" Crocker said. He left at noon.";
	struct spanvec sv = {0};

	(void) state;
	/* The quotation's own full stop splits it into two sentences. */
	assert_int_equal(text_sentences(text, sizeof(text) - 1, &sv), 0);
	assert_int_equal(sv.n, 4);
	spanvec_release(&sv);
	QUOTES(text, {"We talked for four hours. The tone was businesslike,", "Crocker", 1});
}

static void
test_quotes_unbalanced_marks_are_dropped(void **state)
{
	(void) state;
	/* Open at a paragraph end: dropped; the next paragraph pairs afresh. */
	QUOTES("He said \"we will never agree.\n\nThe talks ended. \"We will return,\" she said.",
	       {"We will return,", "she", 2});
	/* Open at the end of the text. */
	NO_QUOTES("Crocker said \"we will see.");
	/* A closing mark with no opening one. */
	NO_QUOTES("The talks ended.\xe2\x80\x9d Officials left.");
	/* An unclosed paragraph of a long quotation gives way to the next one. */
	QUOTES("\"We came in peace.\n\"We leave in peace,\" the envoy said.",
	       {"We leave in peace,", "envoy", 1});
	/* A curly opening mark while one is open: the first lost its close. */
	QUOTES("\xe2\x80\x9cWe came. \xe2\x80\x9cWe left,\xe2\x80\x9d he said.",
	       {"We left,", "he", 1});
	/* Inch marks are not quotations. */
	QUOTES("The 12\" pipe burst. \"Fix it,\" he said.", {"Fix it,", "he", 1});
	/* Nothing inside the marks. */
	NO_QUOTES("They said \"\" and \" \" again.");
	NO_QUOTES("Single 'quotes' are not read.");
}

static void
test_quotes_scare_quotes_take_the_sentence_speaker(void **state)
{
	(void) state;
	QUOTES("Crocker called the meeting \"businesslike\" and left.",
	       {"businesslike", "Crocker", 0});
	QUOTES("The ambassador described the talks as \"positive\".", {"positive", "ambassador", 0});
	QUOTES("The \"businesslike\" talks ended early, Crocker said.",
	       {"businesslike", "Crocker", 0});
	QUOTES("Crocker said the talks had been \"a step in the right direction\" for both.",
	       {"a step in the right direction", "Crocker", 0});
	/* No reporting clause in the sentence: no speaker. */
	QUOTES("The \"businesslike\" tone surprised many.", {"businesslike", "", 0});
	/* The speaker of another sentence is not borrowed. */
	QUOTES("Crocker spoke. The \"businesslike\" tone surprised many.", {"businesslike", "", 1});
}

static void
test_quotes_interrupted_quotation_has_one_speaker(void **state)
{
	(void) state;
	QUOTES("\"We won,\" said Crocker, \"and we will win again.\"",
	       {"We won,", "Crocker", 0}, {"and we will win again.", "Crocker", 0});
	QUOTES("\"A,\" he said. \"B,\" she said.", {"A,", "he", 0}, {"B,", "she", 1});
}

static void
test_quotes_without_sentences_read_the_text_as_one(void **state)
{
	static const char text[] = "Talks ended. \"Enough,\" said Crocker.";
	struct quotevec qv = {0};
	struct spanvec empty = {0};

	(void) state;
	assert_int_equal(quotes_find(text, sizeof(text) - 1, &empty, &qv), 0);
	assert_int_equal(qv.n, 1);
	assert_true(span_is(text, qv.v[0].text, "Enough,"));
	assert_true(span_is(text, qv.v[0].speaker, "Crocker"));
	assert_int_equal(qv.v[0].sentence, 0);
	quotevec_release(&qv);
	assert_int_equal(quotes_find("", 0, NULL, &qv), 0);
	assert_int_equal(qv.n, 0);
}

/* n bytes of unit repeated (the last copy cut short). */
static char *
repeat(const char *unit, size_t n)
{
	size_t ul = strlen(unit);
	char *s = malloc(n + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = unit[i % ul];
	s[n] = '\0';
	return s;
}

static size_t
count_quotes(const char *text, size_t len, size_t *with_speaker)
{
	struct spanvec sv = {0};
	struct quotevec qv = {0};
	size_t n;

	assert_int_equal(text_sentences(text, len, &sv), 0);
	assert_int_equal(quotes_find(text, len, &sv, &qv), 0);
	quotes_check_invariants(len, &qv);
	n = qv.n;
	*with_speaker = 0;
	for (size_t i = 0; i < n; i++)
		*with_speaker += qv.v[i].speaker.end > qv.v[i].speaker.start;
	quotevec_release(&qv);
	spanvec_release(&sv);
	return n;
}

static void
test_quotes_a_megabyte_of_quote_marks(void **state)
{
	size_t ws;
	char *s;

	(void) state;
	/* Only marks: every pair is empty. */
	s = repeat("\"", ONE_MB);
	assert_int_equal(count_quotes(s, ONE_MB, &ws), 0);
	free(s);
	s = repeat("\xe2\x80\x9c", 3 * (ONE_MB / 3));
	assert_int_equal(count_quotes(s, 3 * (ONE_MB / 3), &ws), 0);
	free(s);
	s = repeat("\xe2\x80\x9d\xe2\x80\x9c\"", 7 * (ONE_MB / 7));
	assert_int_equal(count_quotes(s, 7 * (ONE_MB / 7), &ws), 0);
	free(s);
	/* One-letter quotations, 4 bytes each, no speakers. */
	s = repeat("\"a\" ", ONE_MB);
	assert_int_equal(count_quotes(s, ONE_MB, &ws), ONE_MB / 4);
	assert_int_equal(ws, 0);
	free(s);
	/* Quotations with speakers, 16 bytes each: '"Yes," he said. '. */
	s = repeat("\"Yes,\" he said. ", ONE_MB);
	assert_int_equal(count_quotes(s, ONE_MB, &ws), ONE_MB / 16);
	assert_int_equal(ws, ONE_MB / 16);
	free(s);
	/* One sentence of a megabyte with a quotation at each end. */
	s = repeat("talks ", ONE_MB);
	memcpy(s, "\"No,\" he said ", 14);
	memcpy(s + ONE_MB - 14, " and \"yes.\"   ", 14);
	assert_int_equal(count_quotes(s, ONE_MB, &ws), 2);
	assert_int_equal(ws, 1);
	free(s);
}

/* The speaker vocabulary is sorted, as its binary search needs (checked here, not per call). */
static void
test_quotes_vocabulary_is_sorted_for_its_search(void **state)
{
	(void)state;
	assert_true(quotes_vocabulary_sorted());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quotes_vocabulary_is_sorted_for_its_search),
	    cmocka_unit_test(test_quotes_said_after_the_quotation),
	    cmocka_unit_test(test_quotes_said_before_the_quotation),
	    cmocka_unit_test(test_quotes_every_said_verb_introduces_a_speaker),
	    cmocka_unit_test(test_quotes_curly_marks_and_exact_offsets),
	    cmocka_unit_test(test_quotes_span_sentences_and_keep_the_opening_sentence),
	    cmocka_unit_test(test_quotes_unbalanced_marks_are_dropped),
	    cmocka_unit_test(test_quotes_scare_quotes_take_the_sentence_speaker),
	    cmocka_unit_test(test_quotes_interrupted_quotation_has_one_speaker),
	    cmocka_unit_test(test_quotes_without_sentences_read_the_text_as_one),
	    cmocka_unit_test(test_quotes_a_megabyte_of_quote_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
