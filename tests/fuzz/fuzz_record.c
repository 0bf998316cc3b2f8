/*
 * fuzz_record: libFuzzer target holding the record writer (record.c over
 * jsonw.h) to the bytes jansson wrote.
 *
 * One input makes one article and one event: its first RECORD_PARAMS
 * bytes choose the spans (anywhere in the text, past it or reversed), the
 * optional parts, the reals (any bit pattern: NaN and infinities too) and
 * whether the record is compact or pretty; the rest is the article text,
 * any bytes (invalid UTF-8, controls, NUL). The target writes the record
 * with record_to_json_with() and with the jansson code it replaced
 * (tests/lib/record_oracle.c) and aborts when the two differ, or when
 * the record does not read back as a JSON object (with JSON_ALLOW_NUL:
 * a text with a NUL byte is written "\\u0000", as jansson writes it; not
 * checked when a real is so near DBL_MAX that its 4 digits overflow).
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../lib/record_oracle.h"
#include "record.h"

#define RECORD_PARAMS	96

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct params {
	const uint8_t	*p;
	size_t		 n, at;
};

static uint32_t
take32(struct params *pp)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | (pp->at < pp->n ? pp->p[pp->at++] : 0);
	return v;
}

static double
take_real(struct params *pp)
{
	uint64_t	bits = (uint64_t)take32(pp) << 32 | take32(pp);
	double		v;

	memcpy(&v, &bits, sizeof(v));
	return v;
}

static int
huge(double v)
{
	return isfinite(v) && fabs(v) > 1e300;
}

/* A span of the text, or a little past it, chosen by the input. */
static struct span
take_span(struct params *pp, uint32_t len)
{
	uint32_t x = take32(pp), y = take32(pp);

	return (struct span){ x % (len + 4), y % (len + 4) };
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct cameo_code	 code = { "0841", "release persons or property", 7.0 };
	static const struct lex_entry	 ent = { LEX_ACTOR, "IRQ", "iraq", "countries.tsv", "IRQ", 3, 1 };
	static const struct lex_entry	 gram = { LEX_CONTROL, "intent", "would", "grammar.txt", NULL, 8, 1 };
	static const char *const	 none[] = { NULL };
	static const struct verb_pattern pat = { "0841", "release", none, NULL, 0, 0, "release", "verbs.txt", 2 };
	struct params			 pp = { data, size < RECORD_PARAMS ? size : RECORD_PARAMS, 0 };
	struct article			 a;
	struct event			 e;
	struct cameo_code		 c = code;
	char				*text, *got, *want;
	uint32_t			 len, flags;
	json_t				*j;

	len = size > RECORD_PARAMS ? (uint32_t)(size - RECORD_PARAMS) : 0;
	if ((text = malloc(len + 1)) == NULL)
		return 0;
	memcpy(text, data + (size - len), len);
	text[len] = '\0';
	memset(&a, 0, sizeof(a));
	a.id = text;		/* up to the first NUL: any bytes, like a key */
	a.url = len > 2 ? text + 2 : NULL;
	a.text = text;
	a.text_len = len;
	a.date = (struct ne_date){ 2007, 5, 29 };

	memset(&e, 0, sizeof(e));
	flags = take32(&pp);
	c.goldstein = take_real(&pp);
	e.cameo = &c;
	memcpy(e.source.code, "IRQGOV", 7);
	memcpy(e.source.country, "IRQ", 4);
	e.source.text = take_span(&pp, len);
	e.source.name = take_span(&pp, len);
	e.source.antecedent = take_span(&pp, len);
	e.source.entry = &ent;
	e.target.text = take_span(&pp, len);
	e.has_target = flags & 1;
	e.attrib.text = take_span(&pp, len);
	e.has_attrib = (flags >> 1) & 1;
	e.verb.pattern = (flags >> 2) & 1 ? &pat : NULL;
	e.verb.lemma = "release";
	e.verb.negated = (flags >> 3) & 1;
	e.grammar[0] = &gram;
	e.ngrammar = (flags >> 4) & 1;
	e.verb_span = take_span(&pp, len);
	e.pattern_span = take_span(&pp, len);
	e.sentence = take_span(&pp, len);
	e.sentence_index = flags >> 8;
	e.date_basis = (enum event_date_basis)((flags >> 5) % 5);
	e.date = a.date;
	e.has_location = (flags >> 6) & 1;
	e.location = (struct place){ "Green Zone", (flags >> 7) & 1 ? "Baghdad" : NULL, "IRQ", take_real(&pp),
	    take_real(&pp), 0, "district", "places.txt", 9, { 0, 0 } };
	e.has_tone = (flags >> 9) & 1;
	e.tone = take_real(&pp);
	e.has_article_tone = (flags >> 10) & 1;
	e.article_tone = e.tone * 0.5;
	e.nquotes = (flags >> 11) % 3;
	e.quotes[0].text = e.sentence;
	e.quotes[0].speaker = e.source;
	e.quotes[0].has_speaker = (flags >> 13) & 1;
	e.quotes[1].text = e.source.name;

	got = record_to_json_with(NULL, &a, &e, (flags >> 14) & 1 ? RECORD_PRETTY : 0);
	want = oracle_record_json(NULL, &a, &e, (flags >> 14) & 1 ? RECORD_PRETTY : 0);
	if (got == NULL || want == NULL || strcmp(got, want) != 0) {
		fprintf(stderr, "fuzz_record: the record differs from jansson's:\n%s\n%s\n", got ? got : "(null)",
		    want ? want : "(null)");
		abort();
	}
	/* A real near DBL_MAX written with 4 digits ("-1.798e308") reads back too large for jansson. */
	if (huge(c.goldstein) || huge(e.location.lat) || huge(e.location.lon) || huge(e.tone)) {
		free(got);
		free(want);
		free(text);
		return 0;
	}
	if ((j = json_loads(got, JSON_ALLOW_NUL, NULL)) == NULL || !json_is_object(j)) {
		fprintf(stderr, "fuzz_record: the record is not a JSON object: %s\n", got);
		abort();
	}
	json_decref(j);
	free(got);
	free(want);
	free(text);
	return 0;
}
