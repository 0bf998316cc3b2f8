/*
 * test_record: an event as its JSON record (record.h), on events made by
 * hand. Links record.c and dates.c only.
 *
 * Every event, article and expected value is written here: each field of
 * the record is checked against the event it was made from and against
 * schemas/event.schema.json (keys, required keys, nulls), the text fields
 * against the article's bytes they slice (quotes, backslashes, control
 * characters and non-ASCII survive a round trip and no raw control byte
 * reaches the output), and the event id against what record.h says it
 * hashes. Nothing is compared with output the code produced before.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../lib/record_oracle.h"
#include "record.h"
#include "stage.h"

/*
 * One sentence with everything a text field can carry: quotation marks,
 * a backslash, a tab, a control character, Latin, typographic and
 * four-byte UTF-8.
 */
static char text[] =
    "Calm returned. Iraq's \"foreign\" minister\\envoy Zo\xc3\xab Haddad met with Iranian officials\tin "
    "Baghdad\x01 \xe2\x80\x94 \xe2\x80\x9cWe met \xf0\x9f\x98\x80,\xe2\x80\x9d he said. \"Fine,\" said another.";

static const struct cameo_code release_prisoners = { "0841", "release persons or property", 7.0 };
static const struct lex_entry iraq = { LEX_ACTOR, "IRQ", "iraq", "countries.tsv", "IRQ", 104, 1 };
static const struct lex_entry minister = { LEX_ROLE, "GOV", "foreign minister", "roles.txt", NULL, 33, 2 };
static const struct lex_entry iranian = { LEX_DEMONYM, "IRN", "iranian", "demonyms.tsv", "iranian", 12, 1 };
static const struct lex_entry officials = { LEX_ROLE, "GOV", "officials", "roles.txt", NULL, 51, 1 };
static const struct lex_entry haddad = { LEX_PERSON, "IRQGOV", "zoe haddad", "people.txt", NULL, 9, 2 };
static const struct lex_entry would = { LEX_CONTROL, "intent", "would", "grammar.txt", NULL, 88, 1 };
static const struct lex_entry synthetic = { LEX_CONTROL, "threat", "", "", NULL, 0, 0 };
static const struct lex_entry must = { LEX_CONTROL, "oblige", "must", "grammar.txt", NULL, 120, 1 };
static const struct lex_entry peace_talks = { LEX_NOUN_EVENT, "046", "peace talks", "verbs.txt", NULL, 300, 2 };
static const char *const prisoners_word[] = { "prisoners" };
static const int8_t prisoners_class[] = { -1 };
static const struct verb_pattern release_pattern = {
	.code = "0841", .lemma = "release", .words = prisoners_word, .wclass = prisoners_class, .nwords = 1,
	.text = "release prisoners", .file = "verbs.txt", .line = 212 };
static const struct transform intent_084 = { "intent", "084", "0353", 0, "modality.txt", 7 };

static struct span
span_of(const char *words)
{
	const char *p = strstr(text, words);

	if (p == NULL)
		fail_msg("'%s' is not in the text", words);
	return (struct span){ (uint32_t)(p - text), (uint32_t)(p - text + strlen(words)) };
}

static void
article_init(struct article *a)
{
	memset(a, 0, sizeof(*a));
	a->format = ARTICLE_JSON;
	static char id[] = "art-1", url[] = "https://news.invalid/a/1", source[] = "Wire";

	memset(a, 0, sizeof(*a));
	a->id = id;
	a->url = url;
	a->source = source;
	a->text = text;
	a->text_len = strlen(text);
	a->date = (struct ne_date){ 2007, 5, 29 };
	a->date_basis = DATE_BASIS_PUBLISHED_AT;
}

/* An event with every field set: "Iraq's foreign minister Zoë Haddad met with Iranian officials". */
static void
event_init(struct event *e)
{
	memset(e, 0, sizeof(*e));
	e->cameo = &release_prisoners;
	memcpy(e->source.code, "IRQGOV", 7);
	memcpy(e->source.country, "IRQ", 4);
	memcpy(e->source.role, "GOV", 4);
	e->source.text = span_of("Iraq's \"foreign\" minister\\envoy Zo\xc3\xab Haddad");
	e->source.name = span_of("Zo\xc3\xab Haddad");
	e->source.entry = &iraq;
	e->source.role_entry = &minister;
	e->source.person_entry = &haddad;
	e->source.compound_next = -1;
	memcpy(e->target.code, "IRNGOV", 7);
	memcpy(e->target.country, "IRN", 4);
	memcpy(e->target.role, "GOV", 4);
	e->target.text = span_of("Iranian officials");
	e->target.name = (struct span){ e->target.text.start, e->target.text.start };
	e->target.entry = &iranian;
	e->target.role_entry = &officials;
	e->target.compound_next = -1;
	e->has_target = 1;
	memcpy(e->attrib.code, "IRQ", 4);
	memcpy(e->attrib.country, "IRQ", 4);
	e->attrib.text = span_of("he");
	e->has_attrib = 1;
	e->verb.tok = 9;
	e->verb.tok_end = 11;
	e->verb.code = "0841";
	e->verb.lemma = "release";
	e->verb.pattern = &release_pattern;
	e->verb_span = span_of("met");
	e->sentence_index = 1;
	e->sentence = (struct span){ span_of("Iraq's").start, span_of(" \"Fine").start };
	e->date = (struct ne_date){ 2007, 5, 29 };
	e->date_basis = EDATE_ARTICLE;
	e->grammar[0] = &would;
	e->grammar[1] = &synthetic;
	e->ngrammar = 2;
	e->transform = &intent_084;
	e->location = (struct place){ "Green Zone", "Baghdad", "IRQ", 33.3, 44.4, 0, "district", "places.txt", 9,
		span_of("Baghdad") };
	e->has_location = 1;
	e->tone = -2.5;
	e->has_tone = 1;
	e->article_tone = -1.25;
	e->has_article_tone = 1;
	e->quotes[0].text = span_of("We met \xf0\x9f\x98\x80,");
	e->quotes[0].speaker = e->source;
	e->quotes[0].speaker.text = span_of("he");
	e->quotes[0].has_speaker = 1;
	e->quotes[1].text = span_of("Fine,");
	e->nquotes = 2;
}

/* The record of e as a JSON object (the caller decrefs), after checking the raw output. */
static json_t *
record(const struct article *a, const struct event *e, int flags)
{
	char		*s = record_to_json(a, e, flags);
	json_t		*j;
	json_error_t	 err;
	size_t		 n;

	assert_non_null(s);
	n = strlen(s);
	assert_true(n > 0 && s[n - 1] != '\n');
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && !((flags & RECORD_PRETTY) && s[i] == '\n'))
			fail_msg("raw control byte %#x at %zu of the record", (unsigned char)s[i], i);
	if ((j = json_loads(s, JSON_REJECT_DUPLICATES, &err)) == NULL)
		fail_msg("the record is not JSON: %s: %s", err.text, s);
	free(s);
	return j;
}

static const char *
str(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("'%s' is not a string", key);
	return json_string_value(v);
}

static json_int_t
num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("'%s' is not an integer", key);
	return json_integer_value(v);
}

static double
real(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_number(v))
		fail_msg("'%s' is not a number", key);
	return json_number_value(v);
}

/* A string field equal to the bytes of the article text that sp covers. */
static void
expect_slice(const json_t *o, const char *key, struct span sp)
{
	const json_t *v = json_object_get(o, key);

	assert_true(json_is_string(v));
	if (json_string_length(v) != sp.end - sp.start ||
	    memcmp(json_string_value(v), text + sp.start, sp.end - sp.start) != 0)
		fail_msg("'%s' is '%s', not the text's bytes [%u,%u)", key, json_string_value(v), sp.start, sp.end);
}

static void
expect_null_or_absent(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (v != NULL && !json_is_null(v))
		fail_msg("'%s' is neither null nor absent", key);
}

/* An actor object from actor a: code, country, role, text, name, offsets. */
static void
expect_actor(const json_t *o, const struct actor *a)
{
	assert_true(json_is_object(o));
	assert_string_equal(str(o, "code"), a->code);
	if (a->country[0] != '\0')
		assert_string_equal(str(o, "country"), a->country);
	else
		assert_true(json_is_null(json_object_get(o, "country")));
	if (a->role[0] != '\0')
		assert_string_equal(str(o, "role"), a->role);
	else
		assert_true(json_is_null(json_object_get(o, "role")));
	expect_slice(o, "text", a->text);
	if (a->name.end > a->name.start)
		expect_slice(o, "name", a->name);
	else
		expect_null_or_absent(o, "name");
	assert_int_equal(num(o, "start"), a->text.start);
	assert_int_equal(num(o, "end"), a->text.end);
}

static int
has_match(const json_t *matched, const char *want)
{
	for (size_t i = 0; i < json_array_size(matched); i++)
		if (strcmp(json_string_value(json_array_get(matched, i)), want) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ the schema */

static json_t *
schema(void)
{
	json_error_t	 err;
	json_t		*s = json_load_file("schemas/event.schema.json", 0, &err);

	if (s == NULL)
		fail_msg("schemas/event.schema.json: %s (run from the repository's top)", err.text);
	return s;
}

/* Every key of o is a property of def and every required property of def is a key of o. */
static void
keys_conform(json_t *o, const json_t *def, const char *where)
{
	const json_t	*props = json_object_get(def, "properties"), *req = json_object_get(def, "required");
	const char	*k;
	json_t		*v;
	size_t		 i;

	assert_true(json_is_object(o));
	json_object_foreach(o, k, v) {
		(void)v;
		if (json_object_get(props, k) == NULL)
			fail_msg("%s: '%s' is not in the schema", where, k);
	}
	json_array_foreach(req, i, v) {
		if (json_object_get(o, json_string_value(v)) == NULL)
			fail_msg("%s: required '%s' is missing", where, json_string_value(v));
	}
}

static void
conforms(json_t *rec)
{
	json_t		*sc = schema();
	const json_t	*props = json_object_get(sc, "properties");
	const json_t	*actor = json_object_get(json_object_get(sc, "$defs"), "actor");
	const char	*sides[] = { "source_actor", "target_actor", "attributed_to" };
	json_t		*v;
	size_t		 i;

	keys_conform(rec, sc, "record");
	for (i = 0; i < 3; i++)
		if ((v = json_object_get(rec, sides[i])) != NULL && !json_is_null(v))
			keys_conform(v, actor, sides[i]);
	keys_conform(json_object_get(rec, "verb"), json_object_get(props, "verb"), "verb");
	keys_conform(json_object_get(rec, "sentence"), json_object_get(props, "sentence"), "sentence");
	if ((v = json_object_get(rec, "location")) != NULL && !json_is_null(v))
		keys_conform(v, json_array_get(json_object_get(json_object_get(props, "location"), "oneOf"), 0),
		    "location");
	json_array_foreach(json_object_get(rec, "quotes"), i, v) {
		json_t *sp = json_object_get(v, "speaker");

		keys_conform(v, json_object_get(json_object_get(props, "quotes"), "items"), "quote");
		if (!json_is_null(sp))
			keys_conform(sp, actor, "quote speaker");
	}
	json_array_foreach(json_object_get(rec, "matched"), i, v) {
		const char *m = json_string_value(v), *c = m != NULL ? strrchr(m, ':') : NULL;

		/* FILE:LINE (^[^:]+:[1-9][0-9]*$) or FILE:KEY, a key never a bare number. */
		c = m != NULL ? strchr(m, ':') : NULL;
		if (c == NULL || c == m || c[1] == '\0' || (c[1] == '0' && strspn(c + 1, "0123456789") == strlen(c + 1)))
			fail_msg("matched '%s' is not FILE:LINE or FILE:KEY", m != NULL ? m : "(not a string)");
	}
	json_decref(sc);
}

/* ------------------------------------------------------------ fields */

static void
test_record_writes_every_field_of_the_event(void **state)
{
	struct article	 a;
	struct event	 e;
	json_t		*j, *o, *q;
	char		 id[17];

	(void)state;
	article_init(&a);
	event_init(&e);
	j = record(&a, &e, 0);
	conforms(j);
	assert_int_equal(num(j, "schema_version"), 1);
	assert_string_equal(str(j, "event_id"), record_event_id(&a, &e, id, sizeof(id)));
	assert_string_equal(str(j, "article_id"), "art-1");
	assert_string_equal(str(j, "url"), "https://news.invalid/a/1");
	assert_string_equal(str(j, "source"), "Wire");
	assert_string_equal(str(j, "date"), "2007-05-29");
	assert_string_equal(str(j, "date_basis"), "published_at");
	assert_string_equal(str(j, "code"), "0841");
	assert_string_equal(str(j, "root_code"), "08");
	assert_string_equal(str(j, "label"), "release persons or property");
	assert_int_equal(num(j, "quad_class"), 2);
	assert_true(fabs(real(j, "goldstein") - 7.0) < 1e-9);
	expect_actor(json_object_get(j, "source_actor"), &e.source);
	expect_actor(json_object_get(j, "target_actor"), &e.target);
	expect_actor(json_object_get(j, "attributed_to"), &e.attrib);
	o = json_object_get(j, "verb");
	expect_slice(o, "text", e.verb_span);
	assert_string_equal(str(o, "lemma"), "release");
	assert_string_equal(str(o, "pattern"), "release prisoners");
	assert_int_equal(num(o, "start"), e.verb_span.start);
	assert_int_equal(num(o, "end"), e.verb_span.end);
	o = json_object_get(j, "sentence");
	assert_int_equal(num(o, "index"), 1);
	expect_slice(o, "text", e.sentence);
	assert_int_equal(num(o, "start"), e.sentence.start);
	assert_int_equal(num(o, "end"), e.sentence.end);
	assert_true(json_is_false(json_object_get(j, "negated")));
	o = json_object_get(j, "location");
	assert_string_equal(str(o, "name"), "Green Zone, Baghdad");	/* a district names its city */
	assert_string_equal(str(o, "country"), "IRQ");
	assert_true(fabs(real(o, "latitude") - 33.3) < 1e-9);
	assert_true(fabs(real(o, "longitude") - 44.4) < 1e-9);
	assert_string_equal(str(o, "kind"), "district");
	assert_true(fabs(real(j, "tone") + 2.5) < 1e-9);
	assert_true(fabs(real(j, "article_tone") + 1.25) < 1e-9);
	o = json_object_get(j, "quotes");
	assert_int_equal(json_array_size(o), 2);
	q = json_array_get(o, 0);
	expect_slice(q, "text", e.quotes[0].text);
	assert_int_equal(num(q, "start"), e.quotes[0].text.start);
	assert_int_equal(num(q, "end"), e.quotes[0].text.end);
	expect_actor(json_object_get(q, "speaker"), &e.quotes[0].speaker);
	q = json_array_get(o, 1);
	expect_slice(q, "text", e.quotes[1].text);
	assert_true(json_is_null(json_object_get(q, "speaker")));
	o = json_object_get(j, "matched");
	assert_true(has_match(o, "verbs.txt:212"));
	assert_true(has_match(o, "grammar.txt:88"));
	assert_true(has_match(o, "modality.txt:7"));
	assert_true(has_match(o, "countries.tsv:IRQ"));	/* generated: by its stable key */
	assert_true(has_match(o, "roles.txt:33"));
	assert_true(has_match(o, "people.txt:9"));
	assert_true(has_match(o, "demonyms.tsv:iranian"));
	assert_true(has_match(o, "roles.txt:51"));
	assert_true(has_match(o, "places.txt:9"));
	assert_int_equal(json_array_size(o), 9);	/* the synthetic governor (line 0) is no line to review */
	assert_string_equal(str(j, "extractor_version"), NE_VERSION);
	json_decref(j);
}

static void
test_record_writes_null_for_what_the_event_lacks(void **state)
{
	struct article	 a;
	struct event	 e;
	json_t		*j, *o;

	(void)state;
	article_init(&a);
	a.url = NULL;
	a.source = NULL;
	event_init(&e);
	e.has_target = 0;
	e.has_attrib = 0;
	e.has_location = 0;
	e.has_tone = 0;
	e.has_article_tone = 0;
	e.nquotes = 0;
	e.transform = NULL;
	e.ngrammar = 0;
	e.date_basis = EDATE_NONE;
	e.source.country[0] = '\0';
	e.source.role[0] = '\0';
	memcpy(e.source.code, "NGO", 4);
	e.source.name = (struct span){ 0, 0 };
	e.source.entry = NULL;
	e.source.role_entry = NULL;
	e.source.person_entry = NULL;
	j = record(&a, &e, 0);
	conforms(j);
	assert_true(json_is_null(json_object_get(j, "url")));
	assert_true(json_is_null(json_object_get(j, "source")));
	assert_true(json_is_null(json_object_get(j, "date")));
	assert_string_equal(str(j, "date_basis"), "none");
	assert_true(json_is_null(json_object_get(j, "target_actor")));
	expect_null_or_absent(j, "attributed_to");
	expect_null_or_absent(j, "location");
	expect_null_or_absent(j, "tone");
	expect_null_or_absent(j, "article_tone");
	o = json_object_get(j, "quotes");
	assert_true(o == NULL || json_array_size(o) == 0);
	o = json_object_get(j, "source_actor");
	assert_string_equal(str(o, "code"), "NGO");
	assert_true(json_is_null(json_object_get(o, "country")));
	assert_true(json_is_null(json_object_get(o, "role")));
	expect_null_or_absent(o, "name");
	o = json_object_get(j, "matched");
	assert_int_equal(json_array_size(o), 1);	/* the verb pattern alone */
	assert_true(has_match(o, "verbs.txt:212"));
	json_decref(j);
}

static void
test_record_escapes_what_json_must_escape(void **state)
{
	static char hostile[] = "id \"quoted\" \\ tab\t nl\n bell\x07 del\x7f \xc3\xa9 \xf0\x9f\x98\x80";
	struct article	 a;
	struct event	 e;
	json_t		*j;
	char		*s;

	(void)state;
	article_init(&a);
	a.id = hostile;
	a.url = hostile;
	a.source = hostile;
	event_init(&e);
	s = record_to_json(&a, &e, 0);
	assert_non_null(s);
	/* The quotation marks, backslash and control characters of the text come escaped. */
	assert_non_null(strstr(s, "\\\"foreign\\\""));
	assert_non_null(strstr(s, "minister\\\\envoy"));
	assert_null(strchr(s, '\t'));
	assert_null(strchr(s, '\x01'));
	free(s);
	j = record(&a, &e, 0);
	conforms(j);
	/* And every string reads back as the bytes it was made from. */
	assert_string_equal(str(j, "article_id"), hostile);
	assert_string_equal(str(j, "url"), hostile);
	assert_string_equal(str(j, "source"), hostile);
	expect_slice(json_object_get(j, "source_actor"), "text", e.source.text);
	expect_slice(json_object_get(j, "source_actor"), "name", e.source.name);
	expect_slice(json_object_get(j, "sentence"), "text", e.sentence);
	expect_slice(json_array_get(json_object_get(j, "quotes"), 0), "text", e.quotes[0].text);
	json_decref(j);
}

static void
test_record_names_a_place_by_itself_or_with_its_city(void **state)
{
	struct article	 a;
	struct event	 e;
	json_t		*j, *o;

	(void)state;
	article_init(&a);
	event_init(&e);
	e.location.name = "Baghdad";
	e.location.within = NULL;
	e.location.kind = "capital";
	j = record(&a, &e, 0);
	o = json_object_get(j, "location");
	assert_string_equal(str(o, "name"), "Baghdad");
	assert_string_equal(str(o, "kind"), "capital");
	json_decref(j);
	/* Open sea, disputed land: a place without a country. */
	e.location.name = "Strait of Hormuz";
	e.location.country[0] = '\0';
	e.location.kind = "region";
	j = record(&a, &e, 0);
	conforms(j);
	o = json_object_get(j, "location");
	assert_string_equal(str(o, "name"), "Strait of Hormuz");
	assert_true(json_is_null(json_object_get(o, "country")));
	json_decref(j);
}

/* A place of a generated file is named by what its data update keeps: an id, a code, a name. */
static void
test_record_names_a_generated_place_by_a_stable_key(void **state)
{
	struct article	 a;
	struct event	 e;
	json_t		*j;

	(void)state;
	article_init(&a);
	event_init(&e);
	e.location = (struct place){ "Baghdad", NULL, "IRQ", 33.3, 44.4, 7216000, "capital", "cities.tsv",
	    3, span_of("Baghdad") };
	e.location.id = 98182;
	j = record(&a, &e, 0);
	conforms(j);
	assert_true(has_match(json_object_get(j, "matched"), "cities.tsv:geonames:98182"));
	assert_false(has_match(json_object_get(j, "matched"), "cities.tsv:3"));
	json_decref(j);
	e.location = (struct place){ "Iraq", NULL, "IRQ", 33, 44, 0, "country", "country_points.tsv", 110,
	    span_of("Baghdad") };
	j = record(&a, &e, 0);
	assert_true(has_match(json_object_get(j, "matched"), "country_points.tsv:IRQ"));
	json_decref(j);
	e.location = (struct place){ "Basra Governorate", NULL, "IRQ", 30.5, 47.8, 0, "region", "admin1.tsv",
	    1700, span_of("Baghdad") };
	j = record(&a, &e, 0);
	assert_true(has_match(json_object_get(j, "matched"), "admin1.tsv:Basra Governorate, IRQ"));
	json_decref(j);
	e.location = (struct place){ "Green Zone", "Baghdad", "IRQ", 33.3, 44.4, 0, "district", "places.txt",
	    22, span_of("Baghdad") };
	j = record(&a, &e, 0);
	assert_true(has_match(json_object_get(j, "matched"), "places.txt:22"));
	json_decref(j);
}

static void
test_record_names_the_basis_of_each_date(void **state)
{
	static const struct {
		enum event_date_basis	 b;
		enum date_basis		 article;
		struct ne_date		 d;
		const char		*date, *basis;
	} t[] = {
		{ EDATE_ARTICLE, DATE_BASIS_PUBLISHED_AT, { 2007, 5, 29 }, "2007-05-29", "published_at" },
		{ EDATE_ARTICLE, DATE_BASIS_DATELINE, { 2007, 5, 29 }, "2007-05-29", "dateline" },
		{ EDATE_EXPLICIT, DATE_BASIS_PUBLISHED_AT, { 2007, 5, 28 }, "2007-05-28", "explicit" },
		{ EDATE_RELATIVE, DATE_BASIS_DATELINE, { 2007, 5, 27 }, "2007-05-27", "relative" },
		{ EDATE_YEAR, DATE_BASIS_PUBLISHED_AT, { 2007, 5, 0 }, "2007-05", "year" },
		{ EDATE_YEAR, DATE_BASIS_PUBLISHED_AT, { 1980, 0, 0 }, "1980", "year" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct article	 a;
		struct event	 e;
		json_t		*j;

		article_init(&a);
		a.date_basis = t[i].article;
		event_init(&e);
		e.date_basis = t[i].b;
		e.date = t[i].d;
		j = record(&a, &e, 0);
		assert_string_equal(str(j, "date"), t[i].date);
		assert_string_equal(str(j, "date_basis"), t[i].basis);
		json_decref(j);
	}
}

static void
test_record_gives_each_root_its_quad_class(void **state)
{
	static const struct {
		const char	*code, *root;
		int		 quad;
	} t[] = {
		{ "010", "01", 1 }, { "057", "05", 1 }, { "06", "06", 2 }, { "0841", "08", 2 }, { "09", "09", 2 },
		{ "10", "10", 3 }, { "112", "11", 3 }, { "1451", "14", 3 }, { "15", "15", 4 }, { "190", "19", 4 },
		{ "204", "20", 4 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct cameo_code	 c = { t[i].code, "label", 0.0 };
		struct article		 a;
		struct event		 e;
		json_t			*j;

		article_init(&a);
		event_init(&e);
		e.cameo = &c;
		j = record(&a, &e, 0);
		assert_string_equal(str(j, "code"), t[i].code);
		assert_string_equal(str(j, "root_code"), t[i].root);
		assert_int_equal(num(j, "quad_class"), t[i].quad);
		json_decref(j);
	}
}

static void
test_record_names_noun_events_and_governing_words(void **state)
{
	struct article	 a;
	struct event	 e;
	json_t		*j, *v;

	(void)state;
	article_init(&a);
	event_init(&e);
	e.verb.pattern = NULL;
	e.verb.lemma = NULL;
	e.verb.noun = &peace_talks;
	j = record(&a, &e, 0);
	v = json_object_get(j, "verb");
	assert_string_equal(str(v, "lemma"), "peace talks");
	assert_string_equal(str(v, "pattern"), "=peace talks");
	assert_true(has_match(json_object_get(j, "matched"), "verbs.txt:300"));
	json_decref(j);
	/* "X said Y must stop": the event of a governing word alone. */
	e.verb.noun = NULL;
	e.grammar[0] = &must;
	e.ngrammar = 1;
	e.transform = NULL;
	j = record(&a, &e, 0);
	conforms(j);
	v = json_object_get(j, "verb");
	assert_string_equal(str(v, "lemma"), "must");
	assert_string_equal(str(v, "pattern"), "@must");
	assert_true(has_match(json_object_get(j, "matched"), "grammar.txt:120"));
	json_decref(j);
}

static void
test_record_marks_a_negated_event(void **state)
{
	struct article	 a;
	struct event	 e;
	json_t		*j;

	(void)state;
	article_init(&a);
	event_init(&e);
	e.verb.negated = 1;
	j = record(&a, &e, 0);
	assert_true(json_is_true(json_object_get(j, "negated")));
	assert_string_equal(str(j, "code"), "0841");	/* the code of the event itself */
	json_decref(j);
}

/* ------------------------------------------------------------ layout */

static void
test_record_is_compact_or_pretty_and_the_same_either_way(void **state)
{
	struct article	 a;
	struct event	 e;
	char		*c, *p;
	json_t		*jc, *jp;

	(void)state;
	article_init(&a);
	event_init(&e);
	c = record_to_json(&a, &e, 0);
	p = record_to_json(&a, &e, RECORD_PRETTY);
	assert_non_null(c);
	assert_non_null(p);
	assert_null(strchr(c, '\n'));
	assert_non_null(strstr(p, "\n  \""));
	assert_true(p[strlen(p) - 1] != '\n');
	jc = json_loads(c, 0, NULL);
	jp = json_loads(p, 0, NULL);
	assert_non_null(jc);
	assert_non_null(jp);
	assert_true(json_equal(jc, jp));
	json_decref(jc);
	json_decref(jp);
	free(c);
	free(p);
}

/* ------------------------------------------------------------ the writer against jansson */

/*
 * record.c writes records itself (jsonw.h); until it did, jansson built
 * them. The bytes must not change, so each event below is written both ways
 * (tests/lib/record_oracle.c is the jansson code) and compared, compact and
 * pretty: the full event, one that lacks everything optional, each kind of
 * event word, and the values jansson refuses (text that is not UTF-8, a
 * span past the text, reals that are not finite, NULL strings), for which
 * it left a member out or wrote null or "".
 */
static void
same_as_jansson(const struct record_lexicon *rl, const struct article *a, const struct event *e,
    const char *what)
{
	for (int pretty = 0; pretty <= 1; pretty++) {
		int	 flags = pretty ? RECORD_PRETTY : 0;
		char	*got = record_to_json_with(rl, a, e, flags);
		char	*want = oracle_record_json(rl, a, e, flags);

		assert_non_null(got);
		assert_non_null(want);
		if (strcmp(got, want) != 0) {
			size_t i = 0;

			while (got[i] == want[i])
				i++;
			fail_msg("%s%s: differs from jansson at byte %zu:\n  got  ...%.60s\n  want ...%.60s", what,
			    pretty ? " (pretty)" : "", i, got + (i > 20 ? i - 20 : 0), want + (i > 20 ? i - 20 : 0));
		}
		free(got);
		free(want);
	}
}

static void
test_record_is_byte_for_byte_what_jansson_wrote(void **state)
{
	static char		 bad_id[] = "art\xff", bad_text[] = "ok \xc3 cut \xed\xa0\x80 surrogate\x01";
	static char		 empty[] = "";
	static const struct lex_entry odd_file = { LEX_ROLE, "GOV", "envoy", NULL, NULL, 7, 1 };
	static const struct lex_entry bad_key = { LEX_ACTOR, "IRQ", "iraq", "countries.tsv", "I\xffQ", 1, 1 };
	static const struct cameo_code one_char = { "1", "x", 1.0 };
	static const struct cameo_code bad_label = { "042", "vis\xc3it", 1.9 };
	const struct record_lexicon versioned = { "0123456789abcdef", NULL };
	struct article		 a;
	struct event		 e;

	(void)state;
	article_init(&a);
	event_init(&e);
	same_as_jansson(NULL, &a, &e, "the full event");
	same_as_jansson(&versioned, &a, &e, "with a lexicon version");
	e.source.antecedent = span_of("Iranian officials");
	e.quotes[1].has_speaker = 0;
	same_as_jansson(NULL, &a, &e, "an antecedent, a quotation without speaker");

	event_init(&e);
	e.has_target = e.has_attrib = e.has_location = e.has_tone = e.has_article_tone = 0;
	e.nquotes = e.ngrammar = 0;
	e.transform = NULL;
	e.date_basis = EDATE_NONE;
	e.source.country[0] = e.source.role[0] = e.source.code[0] = '\0';
	e.source.entry = e.source.role_entry = e.source.person_entry = NULL;
	a.url = empty;
	a.source = NULL;
	same_as_jansson(NULL, &a, &e, "an event that lacks everything optional");

	article_init(&a);
	event_init(&e);
	e.verb.pattern = NULL;
	e.verb.noun = &peace_talks;
	same_as_jansson(NULL, &a, &e, "a noun event");
	e.verb.noun = NULL;
	same_as_jansson(NULL, &a, &e, "a governing word alone");
	e.ngrammar = 0;
	same_as_jansson(NULL, &a, &e, "no word at all");

	/* What jansson refuses. */
	event_init(&e);
	a.id = bad_id;
	a.url = bad_id;
	same_as_jansson(NULL, &a, &e, "an id that is not UTF-8");
	article_init(&a);
	e.tone = NAN;
	e.article_tone = INFINITY;
	e.location.lat = -INFINITY;
	same_as_jansson(NULL, &a, &e, "reals that are not finite");
	e.cameo = &one_char;
	same_as_jansson(NULL, &a, &e, "a one-character code");
	e.cameo = &bad_label;
	same_as_jansson(NULL, &a, &e, "a label that is not UTF-8");
	event_init(&e);
	e.location.name = NULL;
	e.location.kind = NULL;
	e.source.role_entry = &odd_file;
	e.target.entry = &bad_key;
	same_as_jansson(NULL, &a, &e, "NULL names, a file-less entry, a key that is not UTF-8");
	e.location.within = NULL;
	e.location.name = "Ba\xffghdad";
	same_as_jansson(NULL, &a, &e, "a place name that is not UTF-8");
	event_init(&e);
	e.sentence.end = (uint32_t)a.text_len + 5;
	e.quotes[0].text = (struct span){ 10, 5 };
	same_as_jansson(NULL, &a, &e, "spans past the text or reversed");
	a.text = bad_text;
	a.text_len = sizeof(bad_text) - 1;
	e.sentence = (struct span){ 0, (uint32_t)a.text_len };
	e.source.text = (struct span){ 0, 6 };
	e.source.name = (struct span){ 3, 4 };
	e.target.text = (struct span){ 3, 9 };
	e.verb_span = (struct span){ 7, 10 };
	e.pattern_span = (struct span){ 0, 10 };
	e.quotes[0].text = (struct span){ 11, 15 };
	e.nquotes = 1;
	e.has_location = 0;
	same_as_jansson(NULL, &a, &e, "text that is not UTF-8");
}

/* Many events with spans, reals and flags drawn at random over a text with bad bytes in it. */
static void
test_record_is_what_jansson_wrote_for_random_events(void **state)
{
	static char	text2[] = "He said \"no\" \xff to \\ them\t\xe2\x80\x94 \xc3\xa9t\xc3\xa9 \xed\xa0\x80 end.";
	uint64_t	seed = 0x1234567;
	struct article	a;
	struct event	e;

	(void)state;
	for (int i = 0; i < 3000; i++) {
		uint32_t n = sizeof(text2) - 1;

		article_init(&a);
		a.text = text2;
		a.text_len = n;
		event_init(&e);
#define RND()	(seed = seed * 6364136223846793005ULL + 1442695040888963407ULL, (uint32_t)(seed >> 33))
#define SPAN(sp)	do { uint32_t x = RND() % (n + 3), y = RND() % (n + 3); sp = (struct span){ x, y }; } while (0)
		SPAN(e.sentence);
		SPAN(e.source.text);
		SPAN(e.source.name);
		SPAN(e.source.antecedent);
		SPAN(e.target.text);
		SPAN(e.verb_span);
		SPAN(e.pattern_span);
		SPAN(e.quotes[0].text);
		SPAN(e.quotes[0].speaker.text);
		SPAN(e.quotes[1].text);
		e.has_target = RND() % 2;
		e.has_attrib = RND() % 2;
		e.has_location = RND() % 2;
		e.has_tone = RND() % 2;
		e.has_article_tone = RND() % 2;
		e.nquotes = RND() % 3;
		e.quotes[0].has_speaker = RND() % 2;
		e.tone = (double)(int32_t)RND() / 1e6;
		e.article_tone = RND() % 5 == 0 ? NAN : (double)RND() / 3e5;
		e.location.lat = (double)(int32_t)RND() / 1e7;
		e.location.lon = RND() % 7 == 0 ? INFINITY : (double)(int32_t)RND() / 1e7;
		e.sentence_index = RND();
		e.verb.negated = RND() % 2;
#undef SPAN
#undef RND
		same_as_jansson(NULL, &a, &e, "a random event");
	}
}

/* ------------------------------------------------------------ event ids */

static void
test_record_event_id_hashes_what_identifies_the_event(void **state)
{
	struct article	 a;
	static char	 other[] = "art-2";
	struct event	 e, e2;
	char		 base[17], id[17];

	(void)state;
	article_init(&a);
	event_init(&e);
	assert_ptr_equal(record_event_id(&a, &e, base, sizeof(base)), base);
	assert_int_equal(strlen(base), 16);
	assert_int_equal(strspn(base, "0123456789abcdef"), 16);
	/* Stable: made again from the same article and event. */
	record_event_id(&a, &e, id, sizeof(id));
	assert_string_equal(id, base);
	/* What is not part of the identity does not change it. */
	e2 = e;
	e2.tone = 9.0;
	e2.date = (struct ne_date){ 1999, 1, 1 };
	e2.has_location = 0;
	e2.nquotes = 0;
	assert_string_equal(record_event_id(&a, &e2, id, sizeof(id)), base);
	/* Each part of the identity does. */
	a.id = other;
	assert_string_not_equal(record_event_id(&a, &e, id, sizeof(id)), base);
	article_init(&a);
	e2 = e;
	e2.sentence_index = 2;
	assert_string_not_equal(record_event_id(&a, &e2, id, sizeof(id)), base);
	e2 = e;
	e2.cameo = &(struct cameo_code){ "0353", "x", 0 };
	assert_string_not_equal(record_event_id(&a, &e2, id, sizeof(id)), base);
	e2 = e;
	memcpy(e2.source.code, "IRQMIL", 7);
	assert_string_not_equal(record_event_id(&a, &e2, id, sizeof(id)), base);
	e2 = e;
	memcpy(e2.target.code, "SYRGOV", 7);
	assert_string_not_equal(record_event_id(&a, &e2, id, sizeof(id)), base);
	e2 = e;
	e2.has_target = 0;
	assert_string_not_equal(record_event_id(&a, &e2, id, sizeof(id)), base);
	e2 = e;
	e2.verb_span = span_of("Iranian");
	assert_string_not_equal(record_event_id(&a, &e2, id, sizeof(id)), base);
}

/* The id is the hash written as printf's "%016llx" would (record.c writes it by hand). */
static void
test_record_event_id_is_sixteen_lower_case_hex_digits_of_its_hash(void **state)
{
	struct article	a;
	struct event	e;
	char		id[17], again[17], small[5];

	(void)state;
	article_init(&a);
	event_init(&e);
	for (uint32_t i = 0; i < 200; i++) {
		e.sentence_index = i * 7919;
		record_event_id(&a, &e, id, sizeof(id));
		snprintf(again, sizeof(again), "%016llx", strtoull(id, NULL, 16));
		assert_string_equal(id, again);
	}
	/* A short buffer gets the first digits, terminated. */
	record_event_id(&a, &e, small, sizeof(small));
	assert_int_equal(strlen(small), 4);
	assert_memory_equal(small, id, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_writes_every_field_of_the_event),
		cmocka_unit_test(test_record_writes_null_for_what_the_event_lacks),
		cmocka_unit_test(test_record_escapes_what_json_must_escape),
		cmocka_unit_test(test_record_names_a_place_by_itself_or_with_its_city),
		cmocka_unit_test(test_record_names_a_generated_place_by_a_stable_key),
		cmocka_unit_test(test_record_names_the_basis_of_each_date),
		cmocka_unit_test(test_record_gives_each_root_its_quad_class),
		cmocka_unit_test(test_record_names_noun_events_and_governing_words),
		cmocka_unit_test(test_record_marks_a_negated_event),
		cmocka_unit_test(test_record_is_compact_or_pretty_and_the_same_either_way),
		cmocka_unit_test(test_record_event_id_hashes_what_identifies_the_event),
		cmocka_unit_test(test_record_event_id_is_sixteen_lower_case_hex_digits_of_its_hash),
		cmocka_unit_test(test_record_is_byte_for_byte_what_jansson_wrote),
		cmocka_unit_test(test_record_is_what_jansson_wrote_for_random_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
