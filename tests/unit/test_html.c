/*
 * Unit tests for workers/html.c: what text a page gives, and what it does
 * not. Pages are written here for the purpose.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

static char *
text_of(const char *page, struct html_doc *doc)
{
	assert_int_equal(html_extract(page, strlen(page), doc), 0);
	assert_non_null(doc->text);
	assert_int_equal(strlen(doc->text), doc->text_len);
	return doc->text;
}

static void
test_html_blocks_are_separated_by_a_blank_line(void **state)
{
	struct html_doc doc;

	(void)state;
	assert_string_equal(text_of("<p>Turkey met Greece on Thursday</p><p>Greece accused Turkey.</p>",
	    &doc), "Turkey met Greece on Thursday\n\nGreece accused Turkey.");
	html_doc_release(&doc);
	assert_string_equal(text_of("<h1>Headline</h1><h2>Talks</h2><div>One<div>Two</div>Three</div>"
	    "<li>Four", &doc), "Talks\n\nOne\n\nTwo\n\nThree\n\nFour");
	html_doc_release(&doc);
}

static void
test_html_drops_scripts_navigation_and_sections_of_boilerplate(void **state)
{
	struct html_doc doc;

	(void)state;
	text_of("<html><head><title>T</title><script>var a = '<p>x</p>';</script><style>p{}</style></head>"
	    "<body><nav><p>Menu text</p></nav><header><p>Header text</p></header>"
	    "<p>Body <script>inline()</script>text.</p><aside><p>Aside text</p></aside>"
	    "<form><p>Form text</p></form><div role=\"navigation\">Role nav</div>"
	    "<div hidden>Hidden</div><div aria-hidden=\"true\">Aria hidden</div>"
	    "<footer><p>Footer text</p></footer></body></html>", &doc);
	assert_string_equal(doc.text, "Body text.");
	html_doc_release(&doc);
}

static void
test_html_drops_link_dense_blocks_and_keeps_prose_with_a_link(void **state)
{
	struct html_doc doc;

	(void)state;
	text_of("<p>Related: <a href=\"/x\">Russia attacks Ukraine again</a></p>"
	    "<p>Iran met <a href=\"/iraq\">Iraq</a> in Baghdad on Monday.</p>"
	    "<ul><li><a href=\"/a\">Home</a></li><li><a href=\"/b\">World</a></li></ul>", &doc);
	assert_string_equal(doc.text, "Iran met Iraq in Baghdad on Monday.");
	html_doc_release(&doc);
}

static void
test_html_decodes_references_and_collapses_white_space(void **state)
{
	struct html_doc doc;

	(void)state;
	text_of("<p>  Japan&rsquo;s  minister\n\t said &quot;no&quot; &amp; left&nbsp;early.</p>"
	    "<p>Line one<br>line two</p><pre>a  b\n c</pre>", &doc);
	assert_string_equal(doc.text, "Japan\xe2\x80\x99s minister said \"no\" & left early.\n\n"
	    "Line one\nline two\n\na  b\n c");
	html_doc_release(&doc);
}

static void
test_html_takes_the_article_with_the_most_text(void **state)
{
	struct html_doc doc;

	(void)state;
	text_of("<body><p>Site blurb outside.</p><article><p>Teaser.</p></article>"
	    "<article><h2>Main</h2><p>The long story of the day, with more words.</p></article>"
	    "</body>", &doc);
	assert_string_equal(doc.text, "Main\n\nThe long story of the day, with more words.");
	html_doc_release(&doc);
	text_of("<body><p>Outside main.</p><main><p>Inside main.</p></main></body>", &doc);
	assert_string_equal(doc.text, "Inside main.");
	html_doc_release(&doc);
}

static void
test_html_reads_title_language_url_and_date(void **state)
{
	struct html_doc doc;

	(void)state;
	text_of("<html lang=\"en-GB\"><head><title> Talks &ndash; Wire </title>"
	    "<link rel=\"canonical\" href=\"https://w.invalid/a\">"
	    "<meta property=\"article:published_time\" content=\"2022-06-09T07:30:00Z\">"
	    "</head><body><p>x</p></body></html>", &doc);
	assert_string_equal(doc.title, "Talks \xe2\x80\x93 Wire");
	assert_string_equal(doc.lang, "en-GB");
	assert_string_equal(doc.url, "https://w.invalid/a");
	assert_string_equal(doc.published, "2022-06-09T07:30:00Z");
	html_doc_release(&doc);
	text_of("<head><meta property=\"og:title\" content=\"OG\"><meta property=\"og:url\" "
	    "content=\"https://o.invalid\"></head><p>x</p>", &doc);
	assert_string_equal(doc.title, "OG");
	assert_string_equal(doc.url, "https://o.invalid");
	assert_null(doc.lang);
	assert_null(doc.published);
	html_doc_release(&doc);
}

static void
test_html_survives_deep_nesting_and_empty_pages(void **state)
{
	size_t	 n = 200000, len = n * 5 + 32;
	char	*page = malloc(len), *p = page;
	struct html_doc doc;

	(void)state;
	assert_non_null(page);
	for (size_t i = 0; i < n; i++, p += 5)
		memcpy(p, "<div>", 5);
	strcpy(p, "deep text");
	assert_int_equal(html_extract(page, strlen(page), &doc), -E2BIG);
	/* 500 deep is still read; a page of unclosed <p> and <li> is not deep at all. */
	strcpy(page + 500 * 5, "deep text");
	text_of(page, &doc);
	assert_string_equal(doc.text, "deep text");
	html_doc_release(&doc);
	for (size_t i = 0; i < 3000; i++)
		memcpy(page + i * 7, i % 2 ? "<li>a  " : "<p>b   ", 7);
	strcpy(page + 3000 * 7, "<!-- <div><div> --><script>'<div>'</script>end");
	text_of(page, &doc);
	assert_true(doc.text_len > 3000);
	html_doc_release(&doc);
	free(page);
	assert_string_equal(text_of("", &doc), "");
	html_doc_release(&doc);
	html_doc_release(&doc);	/* idempotent */
}

static void
test_html_is_document_tells_pages_from_prose(void **state)
{
	static const char *const pages[] = { "<!DOCTYPE html><p>x", "\xef\xbb\xbf  <html>",
	    "\n<HEAD><title>", "<body>", "Intro</p><p>More</p>", "<div>a</div><div>b</div>" };
	static const char *const prose[] = { "Iran met Iraq.", "x < y and y > z", "<p>one paragraph</p>",
	    "The <html> tag is old.", "" };

	(void)state;
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		assert_true(html_is_document(pages[i], strlen(pages[i])));
	for (size_t i = 0; i < sizeof(prose) / sizeof(prose[0]); i++)
		assert_false(html_is_document(prose[i], strlen(prose[i])));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_blocks_are_separated_by_a_blank_line),
	    cmocka_unit_test(test_html_drops_scripts_navigation_and_sections_of_boilerplate),
	    cmocka_unit_test(test_html_drops_link_dense_blocks_and_keeps_prose_with_a_link),
	    cmocka_unit_test(test_html_decodes_references_and_collapses_white_space),
	    cmocka_unit_test(test_html_takes_the_article_with_the_most_text),
	    cmocka_unit_test(test_html_reads_title_language_url_and_date),
	    cmocka_unit_test(test_html_survives_deep_nesting_and_empty_pages),
	    cmocka_unit_test(test_html_is_document_tells_pages_from_prose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
