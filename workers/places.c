/*
 * places: the stage's entry points (places.h) over its three parts: the
 * gazetteer (gazetteer.c, placestxt.c), candidate generation (toponyms.c)
 * and ranking (placerank.c).
 *
 * places_article() tokenises each sentence as extract does, finds its
 * toponyms, marks the dateline, ranks the whole article's toponyms at
 * once, and turns each resolved one into a struct place. The event
 * location of a sentence is then read off that output, so the records and
 * `newsevents places` always agree. places_find() and places_name_at()
 * run the same parts over one sentence.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "gzload.h"
#include "placerank.h"
#include "places.h"
#include "toponyms.h"

#define DATELINE_SENTENCES	2	/* the dateline is in the first sentences */

void
placevec_release(struct placevec *v)
{
	if (v == NULL)
		return;
	free(v->v);
	free(v->asked);
	v->v = NULL;
	v->asked = NULL;
	v->n = v->cap = v->dateline = 0;
	v->nsents = v->capasked = 0;
}

static const char *
kind_name(const struct gz_place *p)
{
	switch (p->kind) {
	case GZ_CONTINENT:
		return "continent";
	case GZ_COUNTRY:
		return "country";
	case GZ_ADMIN1:
	case GZ_REGION:
		return "region";
	case GZ_DISTRICT:
		return "district";
	case GZ_COUNTY:
		return "county";
	default:
		return (p->flags & GZF_CAPITAL) ? "capital" : "city";
	}
}

static void
fill(const struct gazetteer *g, const struct toponym *t, struct place *ret)
{
	static const uint8_t level[GZ_KIND_MAX] = {
		[GZ_CONTINENT] = 0, [GZ_COUNTRY] = 0, [GZ_ADMIN1] = 1, [GZ_REGION] = 1,
		[GZ_COUNTY] = 2, [GZ_CITY] = 2, [GZ_DISTRICT] = 3,
	};
	const struct gz_place *p = gazetteer_place(g, t->place);

	memset(ret, 0, sizeof(*ret));
	ret->name = p->name;
	ret->within = p->parent != GZ_NIL ? gazetteer_place(g, p->parent)->name : NULL;
	memcpy(ret->country, p->country, sizeof(ret->country));
	ret->lat = p->lat;
	ret->lon = p->lon;
	ret->population = p->population;
	ret->kind = kind_name(p);
	ret->admin_level = level[p->kind];
	ret->common = (t->flags & TP_COMMON) != 0;
	ret->candidates = t->phrase->n > UINT16_MAX ? UINT16_MAX : (uint16_t)t->phrase->n;
	ret->id = p->id;
	ret->admin1 = p->admin1 != GZ_NIL ? gazetteer_place(g, p->admin1)->name : NULL;
	ret->file = t->cand != NULL ? t->cand->file : p->file;
	ret->line = t->cand != NULL ? t->cand->line : p->line;
	ret->span = t->span;
	ret->sentence = t->sentence;
	ret->locative = t->locative;
	ret->evidence = t->evidence;
	ret->basis = t->locative;
}

/* Does a dash follow byte end of text, past spaces ("CO. - A", "CO. — A")? */
static int
dash_follows(const char *text, size_t end)
{
	while (text[end] == ' ')
		end++;
	return text[end] == '-' || ((unsigned char)text[end] == 0xe2 && (unsigned char)text[end + 1] == 0x80 &&
	    (unsigned char)text[end + 2] == 0x94);
}

/*
 * Mark the dateline: a name opening a line of the first sentences, in
 * capitals or followed by a comma and a date ("BAGHDAD, May 29 (Reuters)",
 * "Washington, Tuesday -").
 */
static void
mark_dateline(const char *text, const struct sentence *s, struct topovec *v, size_t from)
{
	for (size_t a = from; a < v->n; a++) {
		struct toponym	*t = &v->v[a];
		size_t		 j = t->tok + t->ntok;
		int		 caps = 1;

		if (t->span.start > 0 && text[t->span.start - 1] != '\n')
			continue;
		for (size_t k = t->tok; k < j; k++)
			if (s->tok[k].flags & TOK_WORD)
				caps &= (s->tok[k].flags & TOK_ALLCAP) != 0;
		/* "PLYMOUTH CO. - A suspect": the splitter ends a sentence after "CO.". */
		if (j == s->ntok && caps && dash_follows(text, t->span.end)) {
			t->flags |= TP_DATELINE;
			return;
		}
		if (j < s->ntok && (caps || sentence_word_is(s, j, ",")) &&
		    (sentence_word_is(s, j, ",") || sentence_word_is(s, j, "(") ||
		    sentence_word_is(s, j, "-") || sentence_word_is(s, j, "—"))) {
			t->flags |= TP_DATELINE;
			return;
		}
	}
}

static int
export(const struct gazetteer *g, const struct topovec *tv, struct placevec *out)
{
	for (size_t i = 0; i < tv->n; i++) {
		if (tv->v[i].place == GZ_NIL)
			continue;
		if (out->n == out->cap) {
			size_t		 ncap = out->cap ? 2 * out->cap : 16;
			struct place	*p = realloc(out->v, ncap * sizeof(*p));

			if (p == NULL)
				return -ENOMEM;
			out->v = p;
			out->cap = ncap;
		}
		fill(g, &tv->v[i], &out->v[out->n]);
		if (tv->v[i].flags & TP_DATELINE) {
			out->v[out->n].basis = "dateline";
			if (out->dateline == 0)
				out->dateline = out->n + 1;
		}
		out->n++;
	}
	return 0;
}

/*
 * Make room in v->asked for the answers of the name look-ups in sents[0,
 * n): the offsets of the sentences' first tokens (n + 1 words), then a word
 * a token, zeroed ("not asked"). Sentences are found by their index, so
 * none is kept unless sents[k].index is k. @returns 0 or -ENOMEM.
 */
static int
asked_reset(struct placevec *v, const struct sentence *sents, size_t n)
{
	size_t total = n + 1;

	v->nsents = 0;
	for (size_t k = 0; k < n; k++) {
		if (sents[k].index != k || sents[k].ntok > UINT32_MAX - total)
			return 0;
		total += sents[k].ntok;
	}
	if (total > v->capasked) {
		uint32_t *a = realloc(v->asked, total * sizeof(*a));

		if (a == NULL)
			return -ENOMEM;
		v->asked = a;
		v->capasked = total;
	}
	v->asked[0] = 0;
	for (size_t k = 0; k < n; k++)
		v->asked[k + 1] = v->asked[k] + (uint32_t)sents[k].ntok;
	memset(v->asked + n + 1, 0, (total - n - 1) * sizeof(*v->asked));
	v->nsents = n;
	return 0;
}

int
places_article(const struct gazetteer *g, const struct sentence *sents, size_t n, struct placevec *out)
{
	struct topovec	tv = { 0 };
	int		r = 0;

	out->n = out->dateline = 0;
	if ((r = asked_reset(out, sents, n)) < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		size_t from = tv.n;

		tv.asked = out->nsents > 0 ? out->asked + n + 1 + out->asked[i] : NULL;
		if ((r = toponyms_find(g, &sents[i], sents[i].index, &tv)) < 0)
			goto out;
		if (i < DATELINE_SENTENCES)
			mark_dateline(sents[i].text, &sents[i], &tv, from);
	}
	if ((r = placerank_resolve(g, &tv, NULL, 0)) < 0)
		goto out;
	r = export(g, &tv, out);
out:
	if (r < 0)
		out->nsents = 0;
	topovec_release(&tv);
	return r;
}

/*
 * Asked once a sentence with events, over every place of the article: the
 * first place of the window is found by bisection (the spans ascend), so
 * that the places before it are not read (a struct place is two cache
 * lines).
 */
int
places_event_location(const struct placevec *v, struct span window, struct place *ret)
{
	size_t lo = 0, hi = v->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->v[mid].span.start < window.start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < v->n; i++) {
		const struct place *p = &v->v[i];

		if (p->span.start < window.start || p->locative == NULL)
			continue;
		if (p->span.start >= window.end)
			break;
		*ret = *p;
		ret->basis = p->locative;
		return 1;
	}
	return 0;
}

int
places_dateline(const struct placevec *v, struct place *ret)
{
	if (v->dateline == 0)
		return 0;
	*ret = v->v[v->dateline - 1];
	return 1;
}

int
places_find(const struct gazetteer *g, const struct sentence *s, const char (*countries)[4], size_t n,
    struct place *ret)
{
	struct topovec	tv = { 0 };
	int		r;

	if ((r = toponyms_find(g, s, s->index, &tv)) < 0 ||
	    (r = placerank_resolve(g, &tv, countries, n)) < 0)
		goto out;
	r = 0;
	for (size_t i = 0; i < tv.n; i++)
		if (tv.v[i].place != GZ_NIL && tv.v[i].locative != NULL) {
			fill(g, &tv.v[i], ret);
			/* "in Baghdad's Green Zone": the words of the place run from the city. */
			if (i > 0 && (tv.v[i - 1].flags & TP_POSS) && tv.v[i - 1].tok + tv.v[i - 1].ntok + 1 ==
			    tv.v[i].tok && ret->within != NULL)
				ret->span.start = tv.v[i - 1].span.start;
			r = 1;
			break;
		}
out:
	topovec_release(&tv);
	return r;
}

/*
 * The toponym places_name_at() ranks for phrase p of len tokens: alone, no
 * county, no qualifier, and a locative (the empty one: the caller judges
 * the words around it), which lets even a common word stand.
 */
static void
lone_toponym(const struct gz_phrase *p, size_t len, struct toponym *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->phrase = p;
	ret->ntok = (uint32_t)len;
	ret->qualifier = GZ_NIL;
	ret->place = GZ_NIL;
	if (len == 1 && (p->flags & GZP_COMMON))
		ret->flags |= TP_COMMON;
	ret->locative = "";
}

/*
 * A lone toponym's ranking depends on its phrase and on the countries the
 * caller names, nothing else. With no country named (two calls of three
 * from the actors), it is the same every time: ranked once here, at load,
 * by the same code, for each name of several candidates (12,000, about
 * 50 M instructions), and kept in the phrase when ranking gives it a place
 * on "population" (the only evidence a lone name can have).
 */
int
gz_lone_build(struct gazetteer *g)
{
	for (size_t i = 0; i < g->nphrases; i++) {
		struct gz_phrase	*p = &g->out[i];
		struct toponym		 t;
		struct topovec		 tv = { &t, 1, 1 };
		size_t			 len = 1;
		int			 r;

		p->lone = GZ_LONE_RANK;
		if (p->n < 2)
			continue;
		for (const char *c = p->key; *c != '\0'; c++)
			len += *c == ' ';
		lone_toponym(p, len, &t);
		if ((r = placerank_resolve(g, &tv, NULL, 0)) < 0)
			return r;
		if (t.place != GZ_NIL && t.cand != NULL && strcmp(t.evidence, "population") == 0)
			p->lone = (uint16_t)(t.cand - gazetteer_cands(g, p));
	}
	return 0;
}

/* Does a candidate of p that ranking scores lie in one of countries[0, n)? */
static int
in_countries(const struct gazetteer *g, const struct gz_phrase *p, const char (*countries)[4], size_t n)
{
	const struct gz_cand *c = gazetteer_cands(g, p);

	for (size_t i = 0; i < n; i++)
		for (uint32_t x = 0; x < p->n && x < PLACERANK_MAX_CANDS; x++)
			if (memcmp(gazetteer_place(g, c[x].place)->country, countries[i], 4) == 0)
				return 1;
	return 0;
}

/*
 * The answer places_article() had for a name at token i of s, kept in
 * known: 1 with it in *ret_p (NULL: no name there) and *ret_len, or 0 when
 * it did not ask there. The actors ask again at most of the capitalised
 * tokens places_article() asked at; the answer is the look-up's
 * (toponyms_name_at() reads only the gazetteer and the sentence's tokens
 * and words).
 */
static int
asked(const struct gazetteer *g, const struct placevec *known, const struct sentence *s, size_t i,
    const struct gz_phrase **ret_p, size_t *ret_len)
{
	const uint32_t	*off;
	uint32_t	 v;

	_Static_assert(GZ_MAX_NAME_TOK < 32, "toponyms_asked() keeps a name's length in five bits");
	if (known == NULL || s->index >= known->nsents || i >= s->ntok)
		return 0;
	off = known->asked + s->index;
	if (off[1] - off[0] != s->ntok || (v = known->asked[known->nsents + 1 + off[0] + i]) == 0)
		return 0;
	*ret_p = toponyms_answer(g, v, ret_len);
	return 1;
}

int
places_name_at(const struct gazetteer *g, const struct placevec *known, const struct sentence *s, size_t i,
    const char (*countries)[4], size_t n, struct place *ret, size_t *ret_ntok)
{
	struct toponym		 t;
	struct topovec		 tv = { &t, 1, 1 };
	const struct gz_phrase	*p;
	size_t			 len;

	if (!asked(g, known, s, i, &p, &len))
		p = toponyms_name_at(g, s, i, &len);
	if (p == NULL)
		return 0;
	lone_toponym(p, len, &t);
	t.sentence = s->index;
	t.tok = (uint32_t)i;
	t.span = (struct span){ s->tok[i].start, s->tok[i + len - 1].end };
	/*
	 * Most names are one place (140,000 of the 153,000 phrases): a lone
	 * toponym of one candidate is that place whatever the countries. Of the
	 * others, one asked with no country named, or with countries none of its
	 * candidates lies in (they change no score), has its answer in its
	 * phrase (gz_lone_build()). Only the rest are ranked (4,000
	 * instructions).
	 */
	if (p->n == 1) {
		t.cand = gazetteer_cands(g, p);
		t.place = t.cand->place;
		t.evidence = "only candidate";
	} else if (p->lone != GZ_LONE_RANK && !in_countries(g, p, countries, n)) {
		t.cand = &gazetteer_cands(g, p)[p->lone];
		t.place = t.cand->place;
		t.evidence = "population";
	} else if (placerank_resolve(g, &tv, countries, n) < 0 || t.place == GZ_NIL)
		return 0;
	fill(g, &t, ret);
	ret->locative = ret->basis = NULL;
	*ret_ntok = len;
	return 1;
}
