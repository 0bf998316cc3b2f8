/*
 * toponyms: find the place names of a sentence (toponyms.h).
 *
 * One pass from left to right: at each capitalised token, the longest
 * gazetteer phrase that has candidates (gazetteer_match), unless a stop
 * phrase at least as long starts there. What stands just before and after
 * the name decides whether it is a place name at all: the tests are
 * listed in part_of_something_else() and each is stated in the places
 * README with the figures it moved. A second pass ties qualifiers to the
 * name they follow (", Texas"), and a third reads each locative phrase
 * forward to the name it governs, as places_find() always has ("in the
 * Shi'ite holy city of Najaf", "in the Iraqi capital, Baghdad"). All three
 * are linear in the length of the sentence.
 *
 * Most tokens start no name and no phrase of the word lists, and most of
 * the time goes to finding that out, so the sentence is read through a
 * struct scan: one bit a token for the capitalised ones, set in one pass
 * without a branch on most tokens' data, which the first pass jumps
 * between; and the filter of the word lists' first words
 * (gazetteer_word_filter(), one read answers for every flag), which
 * answers most questions about the words around a name ("is it a
 * locative? a skip word?") without a call.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "toponyms.h"

#define WINDOW		8	/* tokens read after a locative phrase */
#define MAX_FREE	3	/* unlisted words before a place noun: "the Shi'ite holy city" */
#define POSS_REACH	4	/* tokens after "Baghdad's" that may lead to a place noun */
#define NO_PERSON	SIZE_MAX
#define SCAN_TOKENS	256	/* a sentence of up to this many tokens is scanned without malloc() */

/* A sentence as toponyms_find() reads it. */
struct scan {
	const struct gazetteer	*g;
	const struct sentence	*s;
	uint64_t		*caps;		/* bit i: token i is capitalised() */
	const uint16_t		*wf;		/* gazetteer_word_filter() */
	int			 headline;	/* headline(), -1 until a name is found */
};

void
topovec_release(struct topovec *v)
{
	if (v == NULL)
		return;
	free(v->v);
	free(v->persons);
	memset(v, 0, sizeof(*v));
}

/* Remember that p ended a person's name ("Kenneth Steele"). */
static int
person(struct topovec *v, const struct gazetteer *g, const struct gz_phrase *p)
{
	if (gazetteer_place(g, gazetteer_cands(g, p)[0].place)->kind < GZ_CITY)
		return 0;	/* "Mount Kenya" does not make Kenya a surname */
	for (size_t i = 0; i < v->npersons; i++)
		if (v->persons[i] == p)
			return 0;
	if (v->npersons == v->cappersons) {
		size_t			 ncap = v->cappersons ? 2 * v->cappersons : 8;
		const struct gz_phrase	**n = realloc(v->persons, ncap * sizeof(*n));

		if (n == NULL)
			return -ENOMEM;
		v->persons = n;
		v->cappersons = ncap;
	}
	v->persons[v->npersons++] = p;
	return 0;
}

static int
push(struct topovec *v, const struct toponym *t)
{
	if (v->n == v->cap) {
		size_t		 ncap = v->cap ? 2 * v->cap : 16;
		struct toponym	*p = realloc(v->v, ncap * sizeof(*p));

		if (p == NULL)
			return -ENOMEM;
		v->v = p;
		v->cap = ncap;
	}
	v->v[v->n++] = *t;
	return 0;
}

/* Does token i begin with a capital? Non-ASCII initials ("Île", "Ürümqi") count. */
static int
capitalised(const struct sentence *s, size_t i)
{
	const struct token *t;

	if (i >= s->ntok)
		return 0;
	t = &s->tok[i];
	if (!(t->flags & TOK_WORD))
		return 0;
	return (t->flags & TOK_CAP) || (unsigned char)s->text[t->start] >= 0x80;
}

/* Is token i capitalised()? One bit of c->caps. */
static inline int
cap(const struct scan *c, size_t i)
{
	return i < c->s->ntok && ((c->caps[i / 64] >> (i % 64)) & 1);
}

/* The first capitalised token from i on, or s->ntok. */
static inline size_t
next_cap(const struct scan *c, size_t i)
{
	size_t		n = c->s->ntok, w = i / 64;
	uint64_t	bits;

	if (i >= n)
		return n;
	for (bits = c->caps[w] & (~0ULL << (i % 64)); bits == 0; bits = c->caps[w])
		if (++w * 64 >= n)
			return n;
	return w * 64 + (size_t)__builtin_ctzll(bits);
}

/* Fill c->caps for the sentence, in one pass without a branch on the data of most tokens. */
static void
scan_caps(struct scan *c)
{
	const struct sentence	*s = c->s;
	const struct token	*tok = s->tok;
	const unsigned char	*text = (const unsigned char *)s->text;

	/* A word a bit, kept in a register: a store through c->caps might alias the text. */
	for (size_t w = 0; w * 64 < s->ntok; w++) {
		size_t		end = s->ntok - w * 64 < 64 ? s->ntok : w * 64 + 64;
		uint64_t	bits = 0;

		for (size_t i = w * 64; i < end; i++) {
			unsigned	f = tok[i].flags;
			uint64_t	up = (f & (TOK_WORD | TOK_CAP)) == (TOK_WORD | TOK_CAP);

			/* A non-ASCII initial ("Île") lies in a TOK_NONASCII word: rare, so seldom mispredicted. */
			if ((f & (TOK_WORD | TOK_NONASCII)) == (TOK_WORD | TOK_NONASCII))
				up |= text[tok[i].start] >= 0x80;
			bits |= up << (i % 64);
		}
		c->caps[w] = bits;
	}
}

/* Is every word of the sentence capitalised, as in a headline ("Flu Hits Town")? */
static int
headline(const struct scan *c)
{
	size_t words = 0;

	for (size_t i = 0; i < c->s->ntok; i++) {
		if (!(c->s->tok[i].flags & TOK_WORD) || (c->s->tok[i].flags & TOK_NUMBER))
			continue;
		if (!cap(c, i))
			return 0;
		words++;
	}
	return words >= 2;
}

/* May a phrase of the word lists with a flag of want start at token i? 0: certainly not. */
static inline int
may_start(const struct scan *c, size_t i, unsigned want)
{
	return i < c->s->ntok && (c->s->hashes == NULL || (c->wf[gazetteer_word_entry(c->s->hashes[i])] & want));
}

/* has() past the filter. */
static int
has_match(const struct scan *c, size_t i, unsigned want, size_t *ret_len)
{
	size_t len = 0;

	if (gazetteer_match(c->g, c->s, i, want, &len) == NULL)
		return 0;
	if (ret_len != NULL)
		*ret_len = len;
	return 1;
}

/*
 * Is there a phrase of the word lists with a flag of want at token i (its
 * length in *ret_len)? The filter turns most tokens away without a call.
 */
static inline int
has(const struct scan *c, size_t i, unsigned want, size_t *ret_len)
{
	return may_start(c, i, want) && has_match(c, i, want, ret_len);
}

/* An upper-case word of at most three letters ("GAO", "ICO") is an acronym, not a town. */
static int
acronym(const struct sentence *s, size_t i, size_t len)
{
	const struct token *t = &s->tok[i];

	return len == 1 && (t->flags & TOK_ALLCAP) && t->end - t->start <= 3;
}

/*
 * toponyms_name_at() at a capitalised token i, with the length of the
 * longest stop phrase at i in *ret_stop (0: none), which the look-up
 * measures anyway.
 */
static const struct gz_phrase *
name_at(const struct gazetteer *g, const struct sentence *s, size_t i, size_t *ret_len, size_t *ret_stop)
{
	const struct gz_phrase	*p;
	size_t			 len = 0;

	*ret_stop = 0;
	if ((p = gazetteer_match_name(g, s, i, &len, ret_stop)) == NULL)
		return NULL;
	if (*ret_stop >= len)
		return NULL;
	if (acronym(s, i, len) && !(p->flags & GZP_CAPS))
		return NULL;
	*ret_len = len;
	return p;
}

const struct gz_phrase *
toponyms_name_at(const struct gazetteer *g, const struct sentence *s, size_t i, size_t *ret_len)
{
	size_t stop;

	return capitalised(s, i) ? name_at(g, s, i, ret_len, &stop) : NULL;
}

/* toponyms_name_at() in a scanned sentence. */
static const struct gz_phrase *
scan_name_at(const struct scan *c, size_t i, size_t *ret_len)
{
	size_t stop;

	return cap(c, i) ? name_at(c->g, c->s, i, ret_len, &stop) : NULL;
}

/*
 * Can p name a country or a first-level division, as it does at the head
 * of an organisation's name ("Queensland Premier", "U.S. Centers for
 * Disease Control")? Not a demonym ("French Interior Minister").
 */
static int
names_area(const struct gazetteer *g, const struct gz_phrase *p)
{
	const struct gz_cand *c = gazetteer_cands(g, p);

	/* Nor a compass word that names a division somewhere ("Eastern Creek"). */
	if (p->flags & (GZP_DEMONYM | GZP_SKIP))
		return 0;
	for (uint32_t x = 0; x < p->n; x++) {
		unsigned k = gazetteer_place(g, c[x].place)->kind;

		if (k == GZ_COUNTRY || k == GZ_ADMIN1)
			return 1;
		if (k >= GZ_CITY)
			break;	/* areas sort first */
	}
	return 0;
}

/*
 * Is the name p at tokens [i, j) part of a longer name rather than a place?
 * @returns the token to read on from when it is, else 0; *ret_person is
 * then the token of a one-word name that ends a person's name ("President
 * Jordan", "Kenneth Steele", "Ralph McDonald"), or NO_PERSON. *ret_head is
 * set when the name heads a longer capitalised name and stands only as a
 * country or division (placerank.h).
 */
static size_t
part_of_something_else(const struct scan *c, const struct gz_phrase *p, size_t i, size_t j,
    size_t *ret_person, int *ret_head)
{
	const struct sentence	*s = c->s;
	size_t			 len, k;

	*ret_person = NO_PERSON;
	*ret_head = 0;
	/* A venue: "Paris Street", "Dallas Airport", "Marburg virus". */
	if (has(c, j, GZP_VENUE, &len))
		return j + len;
	/* A currency: "US$543 million", "A$20". */
	if (j < s->ntok && s->tok[j].start == s->tok[j - 1].end && sentence_word_is(s, j, "$"))
		return j + 1;
	/* "University of California", "Bank of England": an institution's name. */
	if (i > 1 && sentence_word_is(s, i - 1, "of") && cap(c, i - 2) &&
	    !(s->tok[i - 2].flags & TOK_SENT_START) &&
	    !has(c, i - 2, GZP_NOUN | GZP_GENERIC | GZP_SKIP | GZP_OFFICE, NULL) &&
	    scan_name_at(c, i - 2, &len) == NULL)
		return j;
	if (c->headline)
		return 0;
	/* "New York Times", "Jordan Spieth": a capitalised word goes on the name. */
	if (cap(c, j) && !has(c, j, GZP_STOP | GZP_OFFICE, NULL)) {
		/* "Queensland Premier", "Taco Bell Canada": a country or division heads it. */
		if (names_area(c->g, p)) {
			*ret_head = 1;
			return 0;
		}
		for (k = j; cap(c, k); k++)
			;
		/* "Ralph McDonald": the last word may be a person's name, seen alone later. */
		if (k - j == 1 && !(s->tok[j].flags & TOK_ALLCAP))
			*ret_person = j;
		return k;
	}
	/* "President Jordan", "Sen. Boxer": a title makes it a person's name. */
	if ((i > 0 && has(c, i - 1, GZP_TITLE, NULL)) ||
	    (i > 1 && sentence_word_is(s, i - 1, ".") && has(c, i - 2, GZP_TITLE, NULL))) {
		*ret_person = j - i == 1 ? i : NO_PERSON;
		return j;
	}
	/* "Michael Jordan", "Lake Victoria": a capitalised word before it. */
	if (i > 0 && cap(c, i - 1) && !has(c, i - 1, GZP_PREP | GZP_SKIP | GZP_NOUN | GZP_STOP, NULL) &&
	    scan_name_at(c, i - 1, &len) == NULL && !(s->tok[i - 1].flags & TOK_SENT_START)) {
		*ret_person = j - i == 1 ? i : NO_PERSON;
		return j;
	}
	return 0;
}

/* Is the first candidate of t's phrase a region ("the West Bank town of Hebron")? */
static int
region_first(const struct gazetteer *g, const struct toponym *t)
{
	unsigned k = gazetteer_place(g, gazetteer_cands(g, t->phrase)[0].place)->kind;

	return k == GZ_REGION || k == GZ_ADMIN1 || k == GZ_COUNTY;
}

/*
 * Does "in" tie the name ending before token j to the area starting at
 * token k ("Monroe County in northeast Missouri", "Cabanatuan in Nueva
 * Ecija", "Eastern Creek, in New South Wales")? Only skip words may stand
 * between "in" and the area.
 */
static int
in_area(const struct scan *c, size_t j, size_t k, const struct toponym *u)
{
	const struct gazetteer	*g = c->g;
	size_t			 len;

	if (j < k && sentence_word_is(c->s, j, ","))
		j++;
	if (j >= k || !sentence_word_is(c->s, j++, "in") || !(region_first(g, u) ||
	    gazetteer_place(g, gazetteer_cands(g, u->phrase)[0].place)->kind == GZ_COUNTRY))
		return 0;
	while (j < k && has(c, j, GZP_SKIP, &len))
		j += len;
	return j == k;
}

/*
 * Tie ", Texas" to the name before it: a division or country after a
 * comma, or after "in" ("Monroe County in northeast Missouri").
 */
static void
qualify(const struct scan *c, struct topovec *out, size_t from)
{
	for (size_t a = from; a + 1 < out->n; a++) {
		struct toponym		*t = &out->v[a], *u = &out->v[a + 1];
		size_t			 j = t->tok + t->ntok;

		if (!(u->tok == j + 1 && sentence_word_is(c->s, j, ",")) && !in_area(c, j, u->tok, u))
			continue;
		t->qualifier = (uint32_t)(a + 1);
		u->flags |= TP_QUALIFIES;
	}
}

/* The toponym of out[from..] that starts at token i, or NULL. */
static struct toponym *
at(struct topovec *out, size_t from, size_t i)
{
	for (size_t a = from; a < out->n; a++) {
		if (out->v[a].tok == i)
			return &out->v[a];
		if (out->v[a].tok > i)
			break;
	}
	return NULL;
}

/*
 * The toponym a possessive name leads to: the district after it ("in
 * Baghdad's Green Zone"), the name itself before a place noun ("Basra's
 * northern suburbs"), else none ("in Washington's view").
 */
static struct toponym *
after_possessive(const struct scan *c, struct topovec *out, size_t from, struct toponym *t)
{
	const struct gazetteer	*g = c->g;
	size_t			 k = t->tok + t->ntok + 1, len;
	struct toponym		*d = at(out, from, k);

	if (d != NULL) {
		const struct gz_cand	*dc = gazetteer_cands(g, d->phrase), *o = gazetteer_cands(g, t->phrase);

		/* Only a district of that city: Cairo's Tahrir Square is not Baghdad's. */
		for (uint32_t x = 0; x < d->phrase->n; x++)
			for (uint32_t y = 0; y < t->phrase->n && y < GZ_MAX_CANDS; y++)
				if (gazetteer_place(g, dc[x].place)->parent == o[y].place)
					return d;
	}
	for (size_t m = k; m < c->s->ntok && m < k + POSS_REACH;) {
		if (has(c, m, GZP_NOUN, NULL))
			return t;
		if (has(c, m, GZP_SKIP, &len))
			m += len;
		else if (cap(c, m))
			m++;
		else
			break;
	}
	return NULL;
}

/* Mark the toponym that the locative phrase p, ending before token start, governs. */
static void
govern(const struct scan *c, struct topovec *out, size_t from, const struct gz_phrase *p, size_t start)
{
	const struct sentence	*s = c->s;
	size_t			 nfree = 0, i = start, len;
	int			 after_noun = 0, appos = 0;

	while (i < s->ntok && i < start + WINDOW) {
		struct toponym *t = at(out, from, i);

		/* "in the Iraqi capital, Baghdad": a demonym is no place of its own here. */
		if (t != NULL && (t->flags & TP_DEMONYM))
			t = NULL;

		if (s->tok[i].flags & TOK_PUNCT) {
			if (after_noun && sentence_word_is(s, i, ",")) {
				i++;	/* "in the Iraqi capital, Baghdad" */
				appos = 1;
				continue;
			}
			return;
		}
		if (t != NULL) {
			if (nfree > 0)
				return;	/* "in response to Washington" */
			/* An apposition ends with the name ("in the grey market, Honda said"). */
			if (appos && t->tok + t->ntok < s->ntok && !(s->tok[t->tok + t->ntok].flags & TOK_PUNCT))
				return;
			if (region_first(c->g, t) && has(c, t->tok + t->ntok, GZP_NOUN, NULL)) {
				i = t->tok + t->ntok;	/* "in the West Bank town of Hebron": the town */
				continue;
			}
			if (t->flags & TP_POSS)
				t = after_possessive(c, out, from, t);
			if (t != NULL && t->locative == NULL)
				t->locative = p->key;
			return;
		}
		if (has(c, i, GZP_PREP, NULL))
			return;	/* a locative of its own: the caller gets to it */
		if (has(c, i, GZP_NOUN, &len)) {
			nfree = 0;
			after_noun = 1;
			i += len;
			continue;
		}
		if (has(c, i, GZP_SKIP, &len)) {
			i += len;
			continue;
		}
		if (!(s->tok[i].flags & TOK_WORD) || ++nfree > MAX_FREE)
			return;
		after_noun = 0;
		i += has(c, i, GZP_STOP, &len) ? len : 1;
	}
}

/*
 * Read each locative phrase of the sentence forward to the name it
 * governs (govern()). A locative governs a name less than its length plus
 * WINDOW tokens on, so only the tokens that close before a name are read:
 * most of a sentence's are not, and this runs for every sentence with a
 * name. Of those, only the ones the filter lets through as a locative's
 * first word are looked up.
 */
static void
locatives(const struct scan *c, struct topovec *out, size_t from)
{
	const struct gz_phrase	*p;
	size_t			 reach = WINDOW + gazetteer_prep_tokens(c->g), next = 0, len;

	for (size_t a = from; a < out->n; a++) {
		size_t end = out->v[a].tok, i = end + 1 > reach ? end + 1 - reach : 0;

		/* The tokens up to a name before this one were read for that one. */
		if (a > from && i <= out->v[a - 1].tok)
			i = out->v[a - 1].tok + 1;
		for (i = i > next ? i : next; i <= end; i++) {
			if (!may_start(c, i, GZP_PREP) || (p = gazetteer_match(c->g, c->s, i, GZP_PREP, &len)) == NULL)
				continue;
			govern(c, out, from, p, i + len);
			i += len - 1;
			next = i + 1;	/* past the locative, as this name's next window starts */
		}
	}
}

/* toponyms_find() over a sentence whose c->caps are set. */
static int
find(struct scan *c, uint32_t sentence, struct topovec *out)
{
	const struct gazetteer	*g = c->g;
	const struct sentence	*s = c->s;
	const struct gz_phrase	*p;
	size_t			 from = out->n, len = 0, skip, stop, pers;
	int			 head = 0, r;

	for (size_t i = next_cap(c, 0); i < s->ntok; i = next_cap(c, i + 1)) {
		struct toponym	t;
		size_t		j;

		p = name_at(g, s, i, &len, &stop);
		if (out->asked != NULL)
			out->asked[i] = toponyms_asked(g, p, len);
		if (p == NULL) {
			/* A stop phrase hides the shorter names it begins with. */
			if (stop > 0)
				i += stop - 1;
			continue;
		}
		if (c->headline < 0)
			c->headline = headline(c);
		j = i + len;
		memset(&t, 0, sizeof(t));
		head = 0;
		/* "Metcalfe County": a county, placed by its division (placerank.h). */
		if (cap(c, j) && has(c, j, GZP_COUNTY, &skip)) {
			t.flags |= TP_COUNTY;
			len += skip;
			j += skip;
		} else if ((skip = part_of_something_else(c, p, i, j, &pers, &head)) > 0) {
			if (pers != NO_PERSON && (p = scan_name_at(c, pers, &len)) != NULL && len == 1 &&
			    (r = person(out, g, p)) < 0)
				return r;
			i = skip - 1;
			continue;
		}
		t.sentence = sentence;
		t.tok = (uint32_t)i;
		t.ntok = (uint32_t)len;
		t.span = (struct span){ s->tok[i].start, s->tok[j - 1].end };
		t.phrase = p;
		t.qualifier = GZ_NIL;
		t.place = GZ_NIL;
		if (len == 1 && (p->flags & GZP_COMMON))
			t.flags |= TP_COMMON;
		if (p->flags & GZP_DEMONYM)
			t.flags |= TP_DEMONYM;
		if (i == 0 || (s->tok[i].flags & TOK_SENT_START))
			t.flags |= TP_SENT_START;
		if (j < s->ntok && (s->tok[j].flags & TOK_POSS))
			t.flags |= TP_POSS;
		if (c->headline)
			t.flags |= TP_HEADLINE;
		if (head)
			t.flags |= TP_HEAD;
		if ((r = push(out, &t)) < 0)
			return r;
		/* The rest of "Ontario Premier Kathleen Wynne" names no place. */
		while (head && cap(c, j))
			j++;
		i = j - 1;
	}
	if (out->n == from)
		return 0;
	qualify(c, out, from);
	locatives(c, out, from);
	return 0;
}

int
toponyms_find(const struct gazetteer *g, const struct sentence *s, uint32_t sentence, struct topovec *out)
{
	uint64_t	 caps[SCAN_TOKENS / 64];
	struct scan	 c = { g, s, caps, gazetteer_word_filter(g), -1 };
	void		*heap = NULL;
	int		 r;

	if (s->ntok > SCAN_TOKENS && (c.caps = heap = malloc((s->ntok + 63) / 64 * sizeof(*c.caps))) == NULL)
		return -ENOMEM;
	scan_caps(&c);
	r = find(&c, sentence, out);
	free(heap);
	return r;
}
