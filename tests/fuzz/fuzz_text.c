/*
 * fuzz_text: libFuzzer target for the sentence splitter and the tokeniser.
 *
 * The input is taken as an article's text exactly as given: any bytes,
 * invalid UTF-8 and NULs included, since text.h promises safety (not
 * accuracy) for those. Beyond what the sanitisers catch, the target checks
 * the contract of text.h itself and aborts when it is broken:
 *   - sentences are non-empty, inside the input, in order and disjoint, and
 *     neither starts nor ends with ASCII white space;
 *   - the tokens of a sentence are non-empty, inside their sentence, in order
 *     and disjoint, and the first one (and only it) carries TOK_SENT_START;
 *   - no token is ASCII white space, no token is both a word and a mark,
 *     and a TOK_WORD token that starts with an ASCII byte starts with a
 *     letter or a digit;
 *   - text_lower() writes as many bytes as it says and NUL-terminates them.
 * A violation calls abort() with a message naming the rule, so that
 * libFuzzer saves the input as a crash.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *, size_t, size_t) __attribute__((noreturn));

static void
fail(const char *rule, size_t a, size_t b)
{
	fprintf(stderr, "fuzz_text: broken rule: %s (%zu, %zu)\n", rule, a, b);
	abort();
}

static int
ascii_space(unsigned char c)
{
	return c <= 0x20 || c == 0x7F;
}

static void
check_tokens(const char *text, struct span s, const struct tokvec *tv)
{
	char buf[64];
	size_t i, prev_end = s.start, n;

	for (i = 0; i < tv->n; i++) {
		const struct token *t = &tv->v[i];

		if (t->start >= t->end)
			fail("token is empty", t->start, t->end);
		if (t->start < s.start || t->end > s.end)
			fail("token outside its sentence", t->start, t->end);
		if (t->start < prev_end)
			fail("token overlaps or precedes the one before", prev_end, t->start);
		if (((t->flags & TOK_SENT_START) != 0) != (i == 0))
			fail("TOK_SENT_START not on the first token only", i, t->flags);
		if (t->end - t->start == 1 && ascii_space((unsigned char) text[t->start]))
			fail("token is white space", t->start, t->end);
		if ((t->flags & TOK_WORD) && (t->flags & TOK_PUNCT))
			fail("token is both word and punctuation", t->start, t->flags);
		if ((t->flags & TOK_WORD) && (unsigned char) text[t->start] < 0x80 &&
		    !isalnum((unsigned char) text[t->start]))
			fail("word token starts with an ASCII mark", t->start, t->end);
		n = text_lower(text, t, buf, sizeof(buf));
		if (n >= sizeof(buf) || buf[n] != '\0' ||
		    n != (t->end - t->start < sizeof(buf) ? t->end - t->start : sizeof(buf) - 1))
			fail("text_lower length", n, t->end - t->start);
		prev_end = t->end;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *) data;
	struct spanvec sv = {0};
	struct tokvec tv = {0};
	size_t i, prev_end = 0;

	if (size > UINT32_MAX)
		return 0;
	if (text_sentences(text, size, &sv) < 0)
		abort(); /* ENOMEM on a 64 KB input is a leak or a runaway */
	for (i = 0; i < sv.n; i++) {
		struct span s = sv.v[i];

		if (s.start >= s.end)
			fail("sentence is empty", s.start, s.end);
		if (s.end > size)
			fail("sentence outside the input", s.end, size);
		if (s.start < prev_end)
			fail("sentence overlaps or precedes the one before", prev_end, s.start);
		if (ascii_space(data[s.start]) || ascii_space(data[s.end - 1]))
			fail("sentence begins or ends with white space", s.start, s.end);
		prev_end = s.end;

		tv.n = 0;
		if (text_tokens(text, s, &tv) < 0)
			abort();
		if (tv.n == 0)
			fail("sentence without tokens", s.start, s.end);
		check_tokens(text, s, &tv);
	}
	/* Tokenising the whole input as one span must hold to the same rules. */
	tv.n = 0;
	if (size > 0) {
		struct span all = {0, (uint32_t) size};

		if (text_tokens(text, all, &tv) < 0)
			abort();
		check_tokens(text, all, &tv);
	}
	spanvec_release(&sv);
	tokvec_release(&tv);
	return 0;
}
