/*
 * record_oracle: the event record as jansson builds it, for tests.
 *
 * workers/record.c wrote records through jansson (a tree per record, then
 * json_dumps()) until it got a writer of its own (jsonw.h), which must
 * give the same bytes. This is that jansson code, kept as the reference the
 * unit test (test_record) and the fuzz target (fuzz_record) compare the
 * writer with: what jansson refuses (text that is not UTF-8, a real that
 * is not finite) it leaves out or writes as null or "", and so must the
 * writer. It uses record.c only for the event id and a place's name.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "record_oracle.h"

/* A JSON string, or null when s is NULL or empty. */
static json_t *
str_or_null(const char *s)
{
	json_t *j;

	if (s == NULL || *s == '\0')
		return json_null();
	return (j = json_string(s)) != NULL ? j : json_null();
}

static json_t *
slice(const struct article *a, struct span sp)
{
	json_t *j;

	if (sp.end > a->text_len || sp.start > sp.end)
		return json_string("");
	j = json_stringn(a->text + sp.start, sp.end - sp.start);
	return j != NULL ? j : json_string("");
}

static int
quad_class(const char *code)
{
	int root = (code[0] - '0') * 10 + (code[1] - '0');

	return root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
}

static json_t *
actor_json(const struct article *a, const struct actor *ac)
{
	json_t *j = json_object();

	if (j == NULL)
		return NULL;
	json_object_set_new(j, "code", str_or_null(ac->code));
	json_object_set_new(j, "country", str_or_null(ac->country));
	json_object_set_new(j, "role", str_or_null(ac->role));
	json_object_set_new(j, "text", slice(a, ac->text));
	json_object_set_new(j, "name", ac->name.end > ac->name.start ? slice(a, ac->name) : json_null());
	json_object_set_new(j, "start", json_integer(ac->text.start));
	json_object_set_new(j, "end", json_integer(ac->text.end));
	if (ac->antecedent.end > ac->antecedent.start) {
		json_t *ante = json_object();

		if (ante != NULL) {
			json_object_set_new(ante, "start", json_integer(ac->antecedent.start));
			json_object_set_new(ante, "end", json_integer(ac->antecedent.end));
			json_object_set_new(ante, "text", slice(a, ac->antecedent));
			json_object_set_new(j, "antecedent", ante);
		}
	}
	return j;
}

/* "FILE:KEY" for an entry with a stable key, else "FILE:LINE". */
static void
add_match(json_t *arr, const char *file, const char *key, uint32_t line)
{
	if (key != NULL)
		json_array_append_new(arr, json_sprintf("%s:%s", file, key));
	else
		json_array_append_new(arr, json_sprintf("%s:%u", file, line));
}

/* The gazetteer entry of a place, as record_place_ref() names it. */
static void
add_place_match(json_t *arr, const struct article *a, const struct place *p)
{
	char buf[256];

	record_place_ref(p, a->text, buf, sizeof(buf));
	json_array_append_new(arr, json_string(buf));
}

/* A lexicon entry: by its stable key when it has one (a generated file), else by line. */
static void
add_entry_match(json_t *arr, const struct lex_entry *e)
{
	add_match(arr, e->file, e->key, e->line);
}

static void
add_actor_matches(json_t *arr, const struct actor *ac)
{
	if (ac->entry != NULL)
		add_entry_match(arr, ac->entry);
	if (ac->role_entry != NULL)
		add_entry_match(arr, ac->role_entry);
	if (ac->person_entry != NULL)
		add_entry_match(arr, ac->person_entry);
}

static const char *
basis_name(const struct article *a, enum event_date_basis b)
{
	switch (b) {
	case EDATE_ARTICLE:
		return a->date_basis == DATE_BASIS_DATELINE ? "dateline" : "published_at";
	case EDATE_EXPLICIT:
		return "explicit";
	case EDATE_RELATIVE:
		return "relative";
	case EDATE_YEAR:
		return "year";
	case EDATE_NONE:
		break;
	}
	return "none";
}

char *
oracle_record_json(const struct record_lexicon *rl, const struct article *a, const struct event *e,
    int flags)
{
	const struct verb_match	*m = &e->verb;
	const char		*pt = rl != NULL && rl->plover != NULL ?
	    plover_type(rl->plover, e->cameo->code) : NULL;
	/* Events made before extract.c set pattern_span (an empty span) keep the head's. */
	struct span		 pattern = e->pattern_span.end > e->pattern_span.start ?
	    e->pattern_span : e->verb_span;
	json_t			*j, *verb, *sent, *matched;
	char			 id[17], date[16];
	char			*out;
	size_t			 dflags = JSON_REAL_PRECISION(4) |
	    ((flags & RECORD_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT);

	if ((j = json_object()) == NULL)
		return NULL;
	json_object_set_new(j, "schema_version", json_integer(1));
	json_object_set_new(j, "event_id", json_string(record_event_id(a, e, id, sizeof(id))));
	json_object_set_new(j, "article_id", json_string(a->id));
	json_object_set_new(j, "url", str_or_null(a->url));
	json_object_set_new(j, "source", str_or_null(a->source));
	json_object_set_new(j, "date", e->date_basis == EDATE_NONE ? json_null() :
	    json_string(dates_format(&e->date, date, sizeof(date))));
	json_object_set_new(j, "date_basis", json_string(basis_name(a, e->date_basis)));
	json_object_set_new(j, "code", json_string(e->cameo->code));
	json_object_set_new(j, "root_code", json_stringn(e->cameo->code, 2));
	json_object_set_new(j, "label", json_string(e->cameo->label));
	json_object_set_new(j, "quad_class", json_integer(quad_class(e->cameo->code)));
	json_object_set_new(j, "goldstein", json_real(e->cameo->goldstein));
	json_object_set_new(j, "plover", pt != NULL ? json_string(pt) : json_null());
	json_object_set_new(j, "source_actor", actor_json(a, &e->source));
	json_object_set_new(j, "target_actor", e->has_target ? actor_json(a, &e->target) : json_null());

	json_object_set_new(j, "attributed_to", e->has_attrib ? actor_json(a, &e->attrib) : json_null());

	verb = json_object();
	json_object_set_new(verb, "text", slice(a, pattern));
	if (m->pattern != NULL) {
		json_object_set_new(verb, "lemma", json_string(m->lemma));
		json_object_set_new(verb, "pattern", json_string(m->pattern->text));
	} else if (m->noun != NULL) {
		json_object_set_new(verb, "lemma", json_string(m->noun->phrase));
		json_object_set_new(verb, "pattern", json_sprintf("=%s", m->noun->phrase));
	} else {
		/* An event of a governing word alone ("must" in reported speech). */
		const char *g = e->ngrammar > 0 ? e->grammar[0]->phrase : "?";

		json_object_set_new(verb, "lemma", json_string(g));
		json_object_set_new(verb, "pattern", json_sprintf("@%s", g));
	}
	json_object_set_new(verb, "start", json_integer(pattern.start));
	json_object_set_new(verb, "end", json_integer(pattern.end));
	json_object_set_new(verb, "head", json_pack("{s:o, s:I, s:I}", "text", slice(a, e->verb_span),
	    "start", (json_int_t)e->verb_span.start, "end", (json_int_t)e->verb_span.end));
	json_object_set_new(j, "verb", verb);

	sent = json_object();
	json_object_set_new(sent, "index", json_integer(e->sentence_index));
	json_object_set_new(sent, "text", slice(a, e->sentence));
	json_object_set_new(sent, "start", json_integer(e->sentence.start));
	json_object_set_new(sent, "end", json_integer(e->sentence.end));
	json_object_set_new(j, "sentence", sent);

	json_object_set_new(j, "negated", json_boolean(m->negated));
	if (e->has_location) {
		json_t *loc = json_object();

		/* A district names its city too: "Green Zone, Baghdad". */
		if (e->location.within != NULL)
			json_object_set_new(loc, "name", json_sprintf("%s, %s", e->location.name, e->location.within));
		else
			json_object_set_new(loc, "name", json_string(e->location.name));
		json_object_set_new(loc, "country", str_or_null(e->location.country));
		json_object_set_new(loc, "latitude", json_real(e->location.lat));
		json_object_set_new(loc, "longitude", json_real(e->location.lon));
		json_object_set_new(loc, "kind", json_string(e->location.kind));
		json_object_set_new(loc, "basis", str_or_null(e->location.basis));
		json_object_set_new(j, "location", loc);
	}
	json_object_set_new(j, "tone", e->has_tone ? json_real(e->tone) : json_null());
	if (e->has_article_tone)
		json_object_set_new(j, "article_tone", json_real(e->article_tone));
	if (e->nquotes > 0) {
		json_t *qs = json_array();

		for (size_t i = 0; i < e->nquotes; i++) {
			const struct event_quote	*q = &e->quotes[i];
			json_t				*qo = json_object();

			json_object_set_new(qo, "text", slice(a, q->text));
			json_object_set_new(qo, "start", json_integer(q->text.start));
			json_object_set_new(qo, "end", json_integer(q->text.end));
			json_object_set_new(qo, "speaker", q->has_speaker ? actor_json(a, &q->speaker) : json_null());
			json_array_append_new(qs, qo);
		}
		json_object_set_new(j, "quotes", qs);
	}
	matched = json_array();
	if (m->pattern != NULL)
		add_match(matched, m->pattern->file, NULL, m->pattern->line);
	else if (m->noun != NULL)
		add_entry_match(matched, m->noun);
	for (size_t i = 0; i < e->ngrammar; i++)
		if (e->grammar[i]->line > 0)
			add_entry_match(matched, e->grammar[i]);
	if (e->transform != NULL)
		add_match(matched, e->transform->file, NULL, e->transform->line);
	add_actor_matches(matched, &e->source);
	if (e->has_target)
		add_actor_matches(matched, &e->target);
	if (e->has_location && e->location.file != NULL && e->location.line > 0)
		add_place_match(matched, a, &e->location);
	json_object_set_new(j, "matched", matched);
	json_object_set_new(j, "extractor_version", json_string(NE_VERSION));
	json_object_set_new(j, "lexicon_version", rl != NULL && rl->version != NULL ?
	    json_string(rl->version) : json_null());

	out = json_dumps(j, dflags);
	json_decref(j);
	return out;
}
