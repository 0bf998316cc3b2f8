/*
 * fuzz_html: libFuzzer target for html_extract() and html_is_document().
 *
 * One input is one page, any bytes. Besides what the sanitisers catch, the
 * target aborts when the text breaks html.h's contract:
 *   - success gives a text of text_len bytes with no NUL, that neither begins
 *     nor ends with white space (a block is trimmed before it is kept);
 *   - the only refusal of an input this size is -E2BIG, for nesting;
 *   - the same input parsed twice gives the same text.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *) __attribute__((noreturn));

static void
fail(const char *rule)
{
	fprintf(stderr, "fuzz_html: broken rule: %s\n", rule);
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*page = (const char *)data;
	struct html_doc	 a = { 0 }, b = { 0 };
	int		 r;

	(void)html_is_document(page, size);
	r = html_extract(page, size, &a);
	if (r == -E2BIG)
		return 0;
	if (r != 0)
		fail("html_extract failed other than -E2BIG");
	if (a.text == NULL || strlen(a.text) != a.text_len)
		fail("text is NULL, or holds a NUL, or text_len is wrong");
	if (a.text_len > 0 && (a.text[0] == ' ' || a.text[0] == '\n' ||
	    a.text[a.text_len - 1] == ' ' || a.text[a.text_len - 1] == '\n'))
		fail("text begins or ends with white space");
	if (html_extract(page, size, &b) != 0 || b.text_len != a.text_len ||
	    memcmp(a.text, b.text, a.text_len) != 0)
		fail("a second parse gives another text");
	html_doc_release(&a);
	html_doc_release(&b);
	return 0;
}
