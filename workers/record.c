/*
 * record: turn an event into its JSON record (schemas/event.schema.json).
 *
 * Field order follows the schema so that records read well in a terminal.
 * Every text field is a slice of the article text, which article_decode has
 * checked to be valid UTF-8; slices are cut at token boundaries, so they are
 * valid too. The event id hashes what identifies the event, not when it was
 * made, so re-delivery after a crash reproduces it exactly.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "plover.h"
#include "record.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

/* A member key and its length, for a literal. */
#define K(s)		s, sizeof(s) - 1

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= FNV_PRIME;
	}
	/* A separator, so that ("ab", "c") and ("a", "bc") differ. */
	h ^= 0xff;
	return h * FNV_PRIME;
}

char *
record_event_id(const struct article *a, const struct event *e, char *buf, size_t bufsz)
{
	uint64_t	h = FNV_OFFSET;
	uint32_t	v[2] = { e->sentence_index, e->verb_span.start };
	char		hex[17];
	size_t		n;

	h = fnv(h, a->id, strlen(a->id));
	h = fnv(h, v, sizeof(v));
	h = fnv(h, e->cameo->code, strlen(e->cameo->code));
	h = fnv(h, e->source.code, strlen(e->source.code));
	if (e->has_target)
		h = fnv(h, e->target.code, strlen(e->target.code));
	for (int i = 15; i >= 0; i--, h >>= 4)
		hex[i] = "0123456789abcdef"[h & 0xf];
	hex[16] = '\0';
	if (bufsz > 0) {
		n = bufsz - 1 < 16 ? bufsz - 1 : 16;
		memcpy(buf, hex, n);
		buf[n] = '\0';
	}
	return buf;
}

/*
 * The members below follow what the jansson code they replace did with a
 * value jansson refused (json_string() of bytes that are not UTF-8, or of
 * NULL; json_real() of a value that is not finite): json_object_set_new()
 * of NULL failed, so the member was left out; str_or_null() and slice()
 * wrote null and "" instead. The tests hold the two to the same bytes.
 */

/* "key": the string s[0, n), or no member at all if it is not UTF-8. */
static void
kv_strn(struct jsonw *w, const char *key, size_t keylen, const char *s, size_t n)
{
	struct jsonw_mark mk = jsonw_mark(w);

	jsonw_keyn(w, key, keylen);
	if (jsonw_strn(w, s, n) < 0)
		jsonw_undo(w, mk);
}

/* "key": s (json_string(s)): no member when s is NULL or not UTF-8. */
static void
kv_str(struct jsonw *w, const char *key, size_t keylen, const char *s)
{
	if (s != NULL)
		kv_strn(w, key, keylen, s, strlen(s));
}

/* "key": s, or null when s is NULL, empty or not UTF-8 (str_or_null). */
static void
kv_str_or_null(struct jsonw *w, const char *key, size_t keylen, const char *s)
{
	jsonw_keyn(w, key, keylen);
	if (s == NULL || *s == '\0' || jsonw_strn(w, s, strlen(s)) < 0)
		jsonw_null(w);
}

/* The bytes sp covers of the article text, or "" when sp is out of range or not UTF-8. */
static void
put_slice(struct jsonw *w, const struct article *a, struct span sp)
{
	if (sp.end > a->text_len || sp.start > sp.end ||
	    jsonw_strn(w, a->text + sp.start, sp.end - sp.start) < 0)
		(void)jsonw_strn(w, "", 0);
}

static void
kv_slice(struct jsonw *w, const char *key, size_t keylen, const struct article *a, struct span sp)
{
	jsonw_keyn(w, key, keylen);
	put_slice(w, a, sp);
}

static void
kv_int(struct jsonw *w, const char *key, size_t keylen, int64_t v)
{
	jsonw_keyn(w, key, keylen);
	jsonw_int(w, v);
}

static void
kv_null(struct jsonw *w, const char *key, size_t keylen)
{
	jsonw_keyn(w, key, keylen);
	jsonw_null(w);
}

/* "key": v, or no member when v is not finite. */
static void
kv_real(struct jsonw *w, const char *key, size_t keylen, double v)
{
	struct jsonw_mark mk = jsonw_mark(w);

	jsonw_keyn(w, key, keylen);
	if (jsonw_real(w, v) < 0)
		jsonw_undo(w, mk);
}

/*
 * The string of the parts p[0, n) joined (what json_sprintf() made of
 * "%s:%s" and the like): as member key, or as the next array element when
 * key is NULL; left out, as json_sprintf()'s NULL was, if a part is not UTF-8.
 */
static void
put_joined(struct jsonw *w, const char *key, size_t keylen, const char *const *p, size_t n)
{
	struct jsonw_mark mk = jsonw_mark(w);

	if (key != NULL)
		jsonw_keyn(w, key, keylen);
	else
		jsonw_elem(w);
	jsonw_str_begin(w);
	for (size_t i = 0; i < n; i++)
		if (jsonw_str_add(w, p[i], strlen(p[i])) < 0) {
			jsonw_undo(w, mk);
			return;
		}
	jsonw_str_end(w);
}

/* v in decimal into buf (at least 11 bytes). @returns buf. */
static char *
utoa(uint32_t v, char *buf)
{
	char t[10];
	size_t n = 0, i = 0;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		buf[i++] = t[--n];
	buf[i] = '\0';
	return buf;
}

static int
quad_class(const char *code)
{
	int root = (code[0] - '0') * 10 + (code[1] - '0');

	return root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
}

/* What printf's "%s" makes of s. */
static const char *
pstr(const char *s)
{
	return s != NULL ? s : "(null)";
}

static void
put_actor(struct jsonw *w, const struct article *a, const struct actor *ac)
{
	jsonw_open(w, '{');
	kv_str_or_null(w, K("code"), ac->code);
	kv_str_or_null(w, K("country"), ac->country);
	kv_str_or_null(w, K("role"), ac->role);
	kv_slice(w, K("text"), a, ac->text);
	if (ac->name.end > ac->name.start)
		kv_slice(w, K("name"), a, ac->name);
	else
		kv_null(w, K("name"));
	kv_int(w, K("start"), ac->text.start);
	kv_int(w, K("end"), ac->text.end);
	if (ac->antecedent.end > ac->antecedent.start) {
		jsonw_keyn(w, K("antecedent"));
		jsonw_open(w, '{');
		kv_int(w, K("start"), ac->antecedent.start);
		kv_int(w, K("end"), ac->antecedent.end);
		kv_slice(w, K("text"), a, ac->antecedent);
		jsonw_close(w, '}');
	}
	jsonw_close(w, '}');
}

/* "key": the actor, or null when there is none. */
static void
kv_actor(struct jsonw *w, const char *key, size_t keylen, const struct article *a, const struct actor *ac, int has)
{
	jsonw_keyn(w, key, keylen);
	if (has)
		put_actor(w, a, ac);
	else
		jsonw_null(w);
}

/* "FILE:KEY" for an entry with a stable key, else "FILE:LINE". */
static void
add_match(struct jsonw *w, const char *file, const char *key, uint32_t line)
{
	char		 num[16];
	const char	*p[3] = { pstr(file), ":", key != NULL ? key : utoa(line, num) };

	put_joined(w, NULL, 0, p, 3);
}

void
record_place_ref(const struct place *p, const char *text, char *buf, size_t bufsz)
{
	const char	*f = p->file != NULL ? p->file : "?";
	size_t		 n;

	if (p->id != 0)
		snprintf(buf, bufsz, "%s:geonames:%u", f, p->id);
	else if ((strcmp(f, "country_points.tsv") == 0 || strcmp(f, "countries.tsv") == 0) &&
	    p->country[0] != '\0')
		snprintf(buf, bufsz, "%s:%s", f, p->country);
	else if (strcmp(f, "admin1.tsv") == 0)
		snprintf(buf, bufsz, "%s:%s, %s", f, p->name, p->country);
	else if (strcmp(f, "demonyms.tsv") == 0 && p->span.end > p->span.start) {
		n = (size_t)snprintf(buf, bufsz, "%s:", f);
		if (n >= bufsz)
			return;	/* cut short: snprintf terminated it */
		for (uint32_t i = p->span.start; i < p->span.end && n + 1 < bufsz; i++)
			buf[n++] = (char)((unsigned char)text[i] < 0x80 ? tolower((unsigned char)text[i]) :
			    text[i]);
		if (n < bufsz)
			buf[n] = '\0';
	} else
		snprintf(buf, bufsz, "%s:%u", f, p->line);
}

/* The gazetteer entry of a place, as record_place_ref() names it. */
static void
add_place_match(struct jsonw *w, const struct article *a, const struct place *p)
{
	char			 buf[256];
	struct jsonw_mark	 mk = jsonw_mark(w);

	record_place_ref(p, a->text, buf, sizeof(buf));
	jsonw_elem(w);
	if (jsonw_strn(w, buf, strlen(buf)) < 0)
		jsonw_undo(w, mk);
}

/* A lexicon entry: by its stable key when it has one (a generated file), else by line. */
static void
add_entry_match(struct jsonw *w, const struct lex_entry *e)
{
	add_match(w, e->file, e->key, e->line);
}

static void
add_actor_matches(struct jsonw *w, const struct actor *ac)
{
	if (ac->entry != NULL)
		add_entry_match(w, ac->entry);
	if (ac->role_entry != NULL)
		add_entry_match(w, ac->role_entry);
	if (ac->person_entry != NULL)
		add_entry_match(w, ac->person_entry);
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
record_to_json(const struct article *a, const struct event *e, int flags)
{
	return record_to_json_with(NULL, a, e, flags);
}

/*
 * About the size of e's record, so that the buffer is seldom grown: the
 * sentence is quoted once, escaping may grow it. A span the record writes
 * as "" (reversed, past the text) counts for nothing.
 */
static size_t
size_hint(const struct article *a, const struct event *e)
{
	size_t n = e->sentence.end > e->sentence.start && e->sentence.end <= a->text_len ?
	    e->sentence.end - e->sentence.start : 0;

	return 1024 + n + n / 4;
}

char *
record_to_json_with(const struct record_lexicon *rl, const struct article *a, const struct event *e,
    int flags)
{
	const struct verb_match	*m = &e->verb;
	const char		*pt = rl != NULL && rl->plover != NULL ?
	    plover_type(rl->plover, e->cameo->code) : NULL;
	/* Events made before extract.c set pattern_span (an empty span) keep the head's. */
	struct span		 pattern = e->pattern_span.end > e->pattern_span.start ?
	    e->pattern_span : e->verb_span;
	struct jsonw		 w;
	char			 id[17], date[16];

	jsonw_init(&w, size_hint(a, e), (flags & RECORD_PRETTY) ? 2 : 0, 4);
	jsonw_open(&w, '{');
	kv_int(&w, K("schema_version"), 1);
	kv_str(&w, K("event_id"), record_event_id(a, e, id, sizeof(id)));
	kv_str(&w, K("article_id"), a->id);
	kv_str_or_null(&w, K("url"), a->url);
	kv_str_or_null(&w, K("source"), a->source);
	if (e->date_basis == EDATE_NONE)
		kv_null(&w, K("date"));
	else
		kv_str(&w, K("date"), dates_format(&e->date, date, sizeof(date)));
	kv_str(&w, K("date_basis"), basis_name(a, e->date_basis));
	kv_str(&w, K("code"), e->cameo->code);
	kv_strn(&w, K("root_code"), e->cameo->code, 2);
	kv_str(&w, K("label"), e->cameo->label);
	kv_int(&w, K("quad_class"), quad_class(e->cameo->code));
	kv_real(&w, K("goldstein"), e->cameo->goldstein);
	if (pt != NULL)
		kv_str(&w, K("plover"), pt);
	else
		kv_null(&w, K("plover"));
	kv_actor(&w, K("source_actor"), a, &e->source, 1);
	kv_actor(&w, K("target_actor"), a, &e->target, e->has_target);
	kv_actor(&w, K("attributed_to"), a, &e->attrib, e->has_attrib);

	jsonw_keyn(&w, K("verb"));
	jsonw_open(&w, '{');
	kv_slice(&w, K("text"), a, pattern);
	if (m->pattern != NULL) {
		kv_str(&w, K("lemma"), m->lemma);
		kv_str(&w, K("pattern"), m->pattern->text);
	} else if (m->noun != NULL) {
		const char *p[2] = { "=", pstr(m->noun->phrase) };

		kv_str(&w, K("lemma"), m->noun->phrase);
		put_joined(&w, K("pattern"), p, 2);
	} else {
		/* An event of a governing word alone ("must" in reported speech). */
		const char *g = e->ngrammar > 0 ? e->grammar[0]->phrase : "?", *p[2] = { "@", pstr(g) };

		kv_str(&w, K("lemma"), g);
		put_joined(&w, K("pattern"), p, 2);
	}
	kv_int(&w, K("start"), pattern.start);
	kv_int(&w, K("end"), pattern.end);
	jsonw_keyn(&w, K("head"));
	jsonw_open(&w, '{');
	kv_slice(&w, K("text"), a, e->verb_span);
	kv_int(&w, K("start"), e->verb_span.start);
	kv_int(&w, K("end"), e->verb_span.end);
	jsonw_close(&w, '}');
	jsonw_close(&w, '}');

	jsonw_keyn(&w, K("sentence"));
	jsonw_open(&w, '{');
	kv_int(&w, K("index"), e->sentence_index);
	kv_slice(&w, K("text"), a, e->sentence);
	kv_int(&w, K("start"), e->sentence.start);
	kv_int(&w, K("end"), e->sentence.end);
	jsonw_close(&w, '}');

	jsonw_keyn(&w, K("negated"));
	jsonw_bool(&w, m->negated);
	if (e->has_location) {
		jsonw_keyn(&w, K("location"));
		jsonw_open(&w, '{');
		/* A district names its city too: "Green Zone, Baghdad". */
		if (e->location.within != NULL) {
			const char *p[3] = { pstr(e->location.name), ", ", e->location.within };

			put_joined(&w, K("name"), p, 3);
		} else
			kv_str(&w, K("name"), e->location.name);
		kv_str_or_null(&w, K("country"), e->location.country);
		kv_real(&w, K("latitude"), e->location.lat);
		kv_real(&w, K("longitude"), e->location.lon);
		kv_str(&w, K("kind"), e->location.kind);
		kv_str_or_null(&w, K("basis"), e->location.basis);
		jsonw_close(&w, '}');
	}
	if (e->has_tone)
		kv_real(&w, K("tone"), e->tone);
	else
		kv_null(&w, K("tone"));
	if (e->has_article_tone)
		kv_real(&w, K("article_tone"), e->article_tone);
	if (e->nquotes > 0) {
		jsonw_keyn(&w, K("quotes"));
		jsonw_open(&w, '[');
		for (size_t i = 0; i < e->nquotes; i++) {
			const struct event_quote *q = &e->quotes[i];

			jsonw_elem(&w);
			jsonw_open(&w, '{');
			kv_slice(&w, K("text"), a, q->text);
			kv_int(&w, K("start"), q->text.start);
			kv_int(&w, K("end"), q->text.end);
			kv_actor(&w, K("speaker"), a, &q->speaker, q->has_speaker);
			jsonw_close(&w, '}');
		}
		jsonw_close(&w, ']');
	}
	jsonw_keyn(&w, K("matched"));
	jsonw_open(&w, '[');
	if (m->pattern != NULL)
		add_match(&w, m->pattern->file, NULL, m->pattern->line);
	else if (m->noun != NULL)
		add_entry_match(&w, m->noun);
	for (size_t i = 0; i < e->ngrammar; i++)
		if (e->grammar[i]->line > 0)
			add_entry_match(&w, e->grammar[i]);
	if (e->transform != NULL)
		add_match(&w, e->transform->file, NULL, e->transform->line);
	add_actor_matches(&w, &e->source);
	if (e->has_target)
		add_actor_matches(&w, &e->target);
	if (e->has_location && e->location.file != NULL && e->location.line > 0)
		add_place_match(&w, a, &e->location);
	jsonw_close(&w, ']');
	kv_str(&w, K("extractor_version"), NE_VERSION);
	if (rl != NULL && rl->version != NULL)
		kv_str(&w, K("lexicon_version"), rl->version);
	else
		kv_null(&w, K("lexicon_version"));
	jsonw_close(&w, '}');
	return jsonw_finish(&w, NULL);
}
