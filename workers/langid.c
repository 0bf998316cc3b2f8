/*
 * langid: the language decision of one article (see langid.h for the rule).
 *
 * A stated tag is reduced to its primary subtag, lower-cased ("en-GB" ->
 * "en"), with the ISO 639-2 code and the English name of English taken as
 * "en" too, since crawlers write all three. Detection reads at most
 * LANGID_WINDOW bytes, cut back to a character boundary, so that its cost
 * is bounded whatever the article's size (CLD2 reads ~15 MB/s).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "langid.h"

static void
primary_subtag(const char *tag, char *out, size_t outsz)
{
	size_t n = 0;

	while (*tag == ' ' || *tag == '\t')
		tag++;
	for (; *tag != '\0' && *tag != '-' && *tag != '_' && *tag != ' ' && n + 1 < outsz; tag++)
		out[n++] = (char)tolower((unsigned char)*tag);
	out[n] = '\0';
	if (strcmp(out, "eng") == 0 || strcmp(out, "english") == 0)
		(void)snprintf(out, outsz, "en");
	if (n == 0)
		(void)snprintf(out, outsz, "und");
}

/* The ASCII letters and the bytes that begin other characters in text[0, len), at most LANGID_MIN_LETTERS. */
static size_t
letters(const char *text, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n < LANGID_MIN_LETTERS; i++) {
		unsigned char c = (unsigned char)text[i];

		n += (unsigned char)((c | 0x20) - 'a') < 26 || c >= 0xc0;
	}
	return n;
}

int
langid_decide(const char *stated, const char *text, size_t len, struct langid *out)
{
	memset(out, 0, sizeof(*out));
	if (stated != NULL && *stated != '\0') {
		primary_subtag(stated, out->code, sizeof(out->code));
		out->reliable = 1;
		out->supported = strcmp(out->code, "en") == 0;
		return 0;
	}
	if (len > LANGID_WINDOW) {
		len = LANGID_WINDOW;
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	out->detected = 1;
	(void)langid_cld2(text, len, out->code, sizeof(out->code), &out->reliable);
	if (strcmp(out->code, "un") == 0 || out->code[0] == '\0' ||
	    (strcmp(out->code, "en") != 0 && letters(text, len) < LANGID_MIN_LETTERS)) {
		(void)snprintf(out->code, sizeof(out->code), "und");
		out->reliable = 0;
	}
	out->supported = strcmp(out->code, "en") == 0 || strcmp(out->code, "und") == 0 ||
	    !out->reliable;
	return 0;
}
