/*
 * placerank: choose each toponym's place from the whole article
 * (placerank.h).
 *
 * Toponyms are grouped by name (and qualifier: "Paris, Texas" is a group
 * apart from "Paris"), and a group's mentions share one choice: one name
 * is one place throughout an article. A candidate's score is the sum of
 * the terms below; the candidate with the highest score wins, and the term
 * that contributed most is its evidence.
 *
 *   prior        what it is and how big: a continent or country, a
 *                division (log10 of its people; less when a city of the
 *                same name lies in it: "Basra" is the city, not Basra
 *                Governorate), a city (log10 of its people, more for a
 *                national capital or a division's seat)
 *   qualifier    it lies in the division or country named after a comma
 *   qualified    the same name was qualified elsewhere in the article and
 *                this is the place it was qualified to
 *   country      its country is named in the article (as a country, or as
 *                the country of another place resolved with confidence)
 *   division     its first-level division is named in the article
 *   dateline     it lies in the dateline's country or division
 *   nearby       it lies near another place of the article (minimum spread)
 *
 * A county ("Metcalfe County") is no place of the gazetteer: it is the
 * town of its name in a division the article names (the county seat, or a
 * town near it), else that division itself, else nothing.
 *
 * Three rounds: the priors and qualifiers alone; then with the context of
 * the choices made with confidence (a wide margin or a single candidate);
 * then with the context of every choice. A group never counts towards its
 * own context. The weights are in the table W; workers/README-places.md
 * gives what each rule moved on the development data.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "placerank.h"

#define MAX_CANDS	PLACERANK_MAX_CANDS
#define MAX_ANCHORS	24	/* places a candidate is measured against */
#define HEAD_PEOPLE	100000	/* people of a division that may head a name (heads_name) */
#define NEAR_MAX_KM	800	/* the furthest the nearby rule looks */

/* The weights of the rules. */
static const struct {
	double	continent, country, region, admin1, eponym, eponym_ratio, capital, seat, district, hand;
	double	qualifier, qualified, country_named, country_of_place, division_named,
		division_of_place, dateline_country, dateline_division;
	double	near30, near100, near300, near800;
	double	confident;	/* the margin that makes a choice context for the others */
} W = {
	.continent = 9.5, .country = 9.0, .region = 8.0, .admin1 = 0.5, .eponym = -1.5, .eponym_ratio = 10, .capital = 1.5,
	.seat = 0.3,
	.district = -0.5, .hand = 0.5,
	.qualifier = 20, .qualified = 15, .country_named = 3, .country_of_place = 1.5,
	.division_named = 3.5, .division_of_place = 1.5, .dateline_country = 1.5,
	.dateline_division = 1.5,
	.near30 = 2.5, .near100 = 2.0, .near300 = 1.2, .near800 = 0.5,
	.confident = 1.0,
};

enum term { T_PRIOR, T_QUALIFIER, T_QUALIFIED, T_COUNTRY, T_DIVISION, T_DATELINE, T_NEARBY, T_MAX };

static const char *const EVIDENCE[T_MAX] = {
	[T_PRIOR] = "population", [T_QUALIFIER] = "qualifier", [T_QUALIFIED] = "qualified elsewhere",
	[T_COUNTRY] = "country named", [T_DIVISION] = "division named", [T_DATELINE] = "dateline",
	[T_NEARBY] = "nearby places",
};

struct group {
	const struct gz_phrase	*phrase, *qual;	/* name, and the qualifier's name or NULL */
	uint32_t		 first;		/* its first toponym */
	uint32_t		 count;		/* its toponyms */
	uint32_t		 heads;		/* those that head a longer name (TP_HEAD) */
	uint32_t		 flags;		/* TP_* of all its toponyms, or'ed */
	int			 locative;	/* one of them is governed by a locative */
	int			 person;	/* the name ends a person's name elsewhere */
	int			 choice;	/* index into its candidates, -1 none */
	int			 qualified;	/* the first group of its name under a qualifier, or -1 */
	uint32_t		 division;	/* a county's division when no town will do, else GZ_NIL */
	int			 confident;
	double			 margin;
	enum term		 why;
	double			*fixed;		/* ncands(): the terms that stay from round to round */
};

/* A country of the context: groups that chose it, and groups that chose a place in it. */
struct ccount {
	char		iso3[4];
	uint32_t	named, placed;
};

struct anchor {
	uint32_t	group;
	uint32_t	place;		/* the place it chose */
	double		lat, lon;
	double		coslat;		/* cos(lat), for near_km() */
};

struct rank {
	const struct gazetteer	*g;
	struct topovec		*v;
	struct group		*gr;
	size_t			 ngr;
	uint32_t		*group_of;	/* v->n */
	struct ccount		*cc;		/* the countries of the context */
	size_t			 ncc;
	uint32_t		*divisions;	/* chosen divisions, and divisions of chosen places */
	uint32_t		*div_group;	/* the group that put each there */
	uint8_t			*div_named;	/* 1 if the division itself was chosen */
	size_t			 ndiv;
	struct anchor		*anchors;
	size_t			 nanchors;
	const struct gz_place	*dateline;	/* the dateline group's choice, once made */
	int			 dateline_group;	/* the group of the dateline's name, or -1 */
	const char		(*countries)[4];	/* named by the caller */
	size_t			 nc;
};

double
placerank_km(double lat1, double lon1, double lat2, double lon2)
{
	const double	r = M_PI / 180;
	double		dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
	double		a = sin(dlat / 2) * sin(dlat / 2) +
			    cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);

	return 6371.0 * 2 * atan2(sqrt(a), sqrt(1 - a));
}

/*
 * The distance in km from (lat, lon) to anchor a, as the equirectangular
 * approximation gives it: within 1 % of the great circle up to the 800 km
 * the nearby rule looks at, and no trigonometry per pair (this runs for
 * every candidate against every anchor, three rounds an article). Beyond
 * NEAR_MAX_KM, a cheap overestimate.
 */
static double
near_km(double lat, double lon, const struct anchor *a)
{
	const double	r = M_PI / 180;
	double		dlat = (lat - a->lat) * r, dlon = fabs(lon - a->lon);

	if (fabs(dlat) > NEAR_MAX_KM / 6371.0)
		return 6371.0 * fabs(dlat);
	if (dlon > 180)
		dlon = 360 - dlon;
	dlon *= r * a->coslat;
	return 6371.0 * sqrt(dlat * dlat + dlon * dlon);
}

static const struct gz_place *
cand_place(const struct rank *k, const struct group *g, int c)
{
	return gazetteer_place(k->g, gazetteer_cands(k->g, g->phrase)[c].place);
}

static int
ncands(const struct group *g)
{
	return g->phrase->n < MAX_CANDS ? (int)g->phrase->n : MAX_CANDS;
}

/* The context's count for country iso3, or NULL; "" (a continent) has none. */
static const struct ccount *
ccount_find(const struct rank *k, const char *iso3)
{
	for (size_t i = 0; i < k->ncc && iso3[0] != '\0'; i++)
		if (memcmp(k->cc[i].iso3, iso3, 4) == 0)
			return &k->cc[i];
	return NULL;
}

/* The context's count for country iso3, added if new; NULL for "". */
static struct ccount *
ccount(struct rank *k, const char *iso3)
{
	if (iso3[0] == '\0')
		return NULL;
	for (size_t i = 0; i < k->ncc; i++)
		if (memcmp(k->cc[i].iso3, iso3, 4) == 0)
			return &k->cc[i];
	memcpy(k->cc[k->ncc].iso3, iso3, 4);
	k->cc[k->ncc].named = k->cc[k->ncc].placed = 0;
	return &k->cc[k->ncc++];
}

static double
prior(const struct gz_place *p)
{
	double pop = log10((double)p->population + 1), s;

	switch (p->kind) {
	case GZ_CONTINENT:
		s = W.continent;
		break;
	case GZ_COUNTRY:
		s = W.country;
		break;
	case GZ_REGION:
		s = W.region;
		break;
	case GZ_ADMIN1:
		s = pop + W.admin1;
		break;
	case GZ_DISTRICT:
		s = (p->population > 0 ? pop : 5.0) + W.district;
		break;
	case GZ_COUNTY:
		s = pop;
		break;
	default:
		s = pop + ((p->flags & GZF_CAPITAL) ? W.capital : 0) + ((p->flags & GZF_SEAT) ? W.seat : 0);
		break;
	}
	return s + ((p->flags & GZF_HAND) ? W.hand : 0);
}

/* Does p lie in what a candidate of the qualifier's phrase q names? */
static int
in_qualifier(const struct rank *k, const struct gz_phrase *q, const struct gz_place *p, uint32_t self)
{
	const struct gz_cand *c = gazetteer_cands(k->g, q);

	for (uint32_t x = 0; x < q->n && x < MAX_CANDS; x++) {
		const struct gz_place *a = gazetteer_place(k->g, c[x].place);

		if (c[x].place == self)
			continue;
		if (a->kind == GZ_ADMIN1 && p->admin1 == c[x].place)
			return 1;
		if (a->kind == GZ_COUNTRY && strcmp(a->country, p->country) == 0)
			return 1;
	}
	return 0;
}

/*
 * The place the other group of the same name chose under a qualifier, if
 * the qualifier bore it out ("Churchill, Man." names no Churchill of the
 * gazetteer), else GZ_NIL.
 */
static uint32_t
qualified_choice(const struct rank *k, const struct group *g)
{
	const struct group	*h;
	uint32_t		 q;

	if (g->qualified < 0 || (h = &k->gr[g->qualified])->choice < 0)
		return GZ_NIL;
	q = gazetteer_cands(k->g, h->phrase)[h->choice].place;
	return in_qualifier(k, h->qual, gazetteer_place(k->g, q), q) ? q : GZ_NIL;
}

/*
 * How many divisions of the context are d, not counting those put there by
 * group self or by a group that chose the place same (another spelling of
 * the same name: "PLYMOUTH CO." does not support "Plymouth County"); and
 * whether one was named.
 */
static int
division(const struct rank *k, uint32_t d, uint32_t self, uint32_t same, int *ret_named)
{
	int n = 0;

	*ret_named = 0;
	for (size_t i = 0; i < k->ndiv && d != GZ_NIL; i++)
		if (k->divisions[i] == d && k->div_group[i] != self && (same == GZ_NIL ||
		    gazetteer_cands(k->g, k->gr[k->div_group[i]].phrase)[k->gr[k->div_group[i]].choice].place !=
		    same)) {
			n++;
			*ret_named |= k->div_named[i];
		}
	return n;
}

/* Score candidate c of group g, filling terms[T_MAX]. */
static double
score(const struct rank *k, const struct group *g, int c, int round, double *t)
{
	const struct gz_cand	*cand = &gazetteer_cands(k->g, g->phrase)[c];
	const struct gz_place	*p = gazetteer_place(k->g, cand->place), *own = NULL;
	const struct ccount	*cc = ccount_find(k, p->country);
	double			 sum = 0, best = 1e9;
	uint32_t		 q;
	int			 named;

	memset(t, 0, T_MAX * sizeof(*t));
	/* The prior and the qualifier do not change from round to round: computed once. */
	if (round > 0) {
		t[T_PRIOR] = g->fixed[2 * c];
		t[T_QUALIFIER] = g->fixed[2 * c + 1];
	} else {
		t[T_PRIOR] = prior(p);
		if (p->kind == GZ_ADMIN1)
			for (int x = 0; x < ncands(g); x++)
				if (cand_place(k, g, x)->kind == GZ_CITY && cand_place(k, g, x)->admin1 == cand->place &&
				    (double)p->population < W.eponym_ratio * cand_place(k, g, x)->population) {
					t[T_PRIOR] += W.eponym;
					break;
				}
		if (g->qual != NULL && in_qualifier(k, g->qual, p, cand->place))
			t[T_QUALIFIER] = W.qualifier;
		g->fixed[2 * c] = t[T_PRIOR];
		g->fixed[2 * c + 1] = t[T_QUALIFIER];
	}
	if (g->qual == NULL && (q = qualified_choice(k, g)) != GZ_NIL && q == cand->place)
		t[T_QUALIFIED] = W.qualified;
	if (round > 0) {
		if (g->choice >= 0)
			own = cand_place(k, g, g->choice);
		if (cc != NULL) {
			int same = own != NULL && strcmp(own->country, p->country) == 0;
			int n = (int)cc->named - (same && own->kind == GZ_COUNTRY);
			int m = (int)cc->placed - (same && own->kind != GZ_COUNTRY);

			/* A country is supported by its own name elsewhere ("Mexican"), not by its places. */
			if (p->kind == GZ_COUNTRY)
				t[T_COUNTRY] = n > 0 ? W.country_named : 0;
			else
				t[T_COUNTRY] = n > 0 ? W.country_named : m > 0 ? W.country_of_place : 0;
		}
		if (p->kind != GZ_ADMIN1 && division(k, p->admin1, (uint32_t)(g - k->gr), cand->place, &named) > 0)
			t[T_DIVISION] = named ? W.division_named : W.division_of_place;
		/* A division is supported by the places named in it ("Montreal" for Quebec the province). */
		if (p->kind == GZ_ADMIN1 && division(k, cand->place, (uint32_t)(g - k->gr), cand->place, &named) > 0)
			t[T_DIVISION] = W.division_of_place;
		/* The dateline's own name is not placed by the dateline. */
		if (k->dateline != NULL && (int)(g - k->gr) != k->dateline_group) {
			if (p->admin1 != GZ_NIL && p->admin1 == k->dateline->admin1)
				t[T_DATELINE] = W.dateline_division;
			else if (p->kind != GZ_COUNTRY && strcmp(p->country, k->dateline->country) == 0)
				t[T_DATELINE] = W.dateline_country;
		}
		if (p->kind >= GZ_COUNTY) {
			for (size_t a = 0; a < k->nanchors; a++)
				if (k->anchors[a].group != (uint32_t)(g - k->gr) && k->anchors[a].place != cand->place) {
					double d = near_km(p->lat, p->lon, &k->anchors[a]);

					best = d < best ? d : best;
				}
			t[T_NEARBY] = best < 30 ? W.near30 : best < 100 ? W.near100 : best < 300 ? W.near300 :
			    best < 800 ? W.near800 : 0;
		}
	}
	/* The terms in their order, as a loop would add them (unrolled: the loop's exit mispredicted). */
	_Static_assert(T_MAX == 7, "score() adds every term");
	sum += t[T_PRIOR];
	sum += t[T_QUALIFIER];
	sum += t[T_QUALIFIED];
	sum += t[T_COUNTRY];
	sum += t[T_DIVISION];
	sum += t[T_DATELINE];
	sum += t[T_NEARBY];
	/* A county's town must lie in a division the text or the article names. */
	if ((g->flags & TP_COUNTY) && (p->kind != GZ_CITY || (t[T_DIVISION] == 0 && t[T_QUALIFIER] == 0 &&
	    (t[T_DATELINE] == 0 || k->dateline->admin1 != p->admin1))))
		sum -= 100;
	return sum;
}

/* The division the article names most (the dateline's when it has one), or GZ_NIL. */
static uint32_t
main_division(const struct rank *k)
{
	uint32_t	best = GZ_NIL;
	int		bn = 0, named;

	if (k->dateline != NULL && k->dateline->admin1 != GZ_NIL)
		return k->dateline->admin1;
	for (size_t i = 0; i < k->ndiv; i++) {
		int n = division(k, k->divisions[i], GZ_NIL, GZ_NIL, &named);

		if (named && n > bn) {
			bn = n;
			best = k->divisions[i];
		}
	}
	return best;
}

/* Choose group g's candidate in this round. */
static void
choose(struct rank *k, struct group *g, int round)
{
	double	t[T_MAX], bt[T_MAX] = { 0 }, best = -1e9, second = -1e9;
	int	n = ncands(g), bi = -1;

	/* One candidate is the choice whatever the scores, unless a county's town must find its division. */
	if (n == 1 && !(g->flags & TP_COUNTY)) {
		g->choice = 0;
		g->division = GZ_NIL;
		g->margin = 1e9;
		g->why = T_MAX;
		g->confident = 1;
		return;
	}
	for (int c = 0; c < n; c++) {
		double s = score(k, g, c, round, t);

		if (s > best) {
			second = best;
			best = s;
			bi = c;
			memcpy(bt, t, sizeof(bt));
		} else if (s > second) {
			second = s;
		}
	}
	g->choice = bi;
	g->division = GZ_NIL;
	if ((g->flags & TP_COUNTY) && best < -50) {
		g->choice = -1;
		g->division = main_division(k);
		return;
	}
	g->margin = n > 1 ? best - second : 1e9;
	g->why = n == 1 ? T_MAX : T_PRIOR;
	for (int i = T_QUALIFIER; i < T_MAX && n > 1; i++)
		if (bt[i] > 0 && (g->why == T_PRIOR || bt[i] > bt[g->why]))
			g->why = (enum term)i;
	g->confident = g->margin >= W.confident || g->why == T_QUALIFIER || g->why == T_QUALIFIED;
}

/* Is g's choice to stand? A common word needs the text or the article to point at a place. */
static int
stands(const struct rank *k, const struct group *g)
{
	if (g->choice < 0)
		return 0;
	if (g->flags & TP_COUNTY)
		return 1;
	/* "Steele said", after "Kenneth Steele": a person's name, not a town. */
	if (g->person && g->qual == NULL && !g->locative && cand_place(k, g, g->choice)->kind >= GZ_CITY)
		return 0;
	if (!(g->flags & TP_COMMON) || g->qual != NULL || g->locative ||
	    cand_place(k, g, g->choice)->kind < GZ_CITY)
		return 1;
	if (g->flags & TP_SENT_START)
		return 0;
	return g->why == T_QUALIFIED || g->why == T_DIVISION || g->why == T_NEARBY;
}

/*
 * May p head an organisation's name and still be named ("Queensland
 * Premier", "U.S. Centers for Disease Control")? A country, or a
 * first-level division of HEAD_PEOPLE or more: a small division's name is
 * more often a person's ("Michael Worobey").
 */
static int
heads_name(const struct gz_place *p)
{
	return p->kind == GZ_COUNTRY || (p->kind == GZ_ADMIN1 && p->population >= HEAD_PEOPLE);
}

/* Rebuild the context from the groups' choices (only the confident ones if sure). */
static void
context(struct rank *k, int sure)
{
	struct ccount *c;

	k->ncc = k->ndiv = k->nanchors = 0;
	/* The dateline is what its name was chosen to be ("PLYMOUTH CO." is the county in Iowa). */
	if (k->dateline_group >= 0 && k->gr[k->dateline_group].choice >= 0)
		k->dateline = cand_place(k, &k->gr[k->dateline_group], k->gr[k->dateline_group].choice);
	for (size_t i = 0; i < k->nc; i++)
		if ((c = ccount(k, k->countries[i])) != NULL)
			c->named++;
	for (size_t i = 0; i < k->ngr; i++) {
		const struct group	*g = &k->gr[i];
		const struct gz_place	*p;

		/* A name seen only at the head of others ("New York Times") is no context. */
		if (!stands(k, g) || (sure && !g->confident) || (g->flags & TP_COUNTY) || g->heads == g->count)
			continue;
		p = cand_place(k, g, g->choice);
		if ((c = ccount(k, p->country)) != NULL) {
			if (p->kind == GZ_COUNTRY)
				c->named++;
			else
				c->placed++;
		}
		if (p->kind == GZ_ADMIN1 || p->admin1 != GZ_NIL) {
			uint32_t idx = gazetteer_cands(k->g, g->phrase)[g->choice].place;

			k->divisions[k->ndiv] = p->kind == GZ_ADMIN1 ? idx : p->admin1;
			k->div_group[k->ndiv] = (uint32_t)i;
			k->div_named[k->ndiv++] = p->kind == GZ_ADMIN1;
		}
		if (p->kind >= GZ_COUNTY && k->nanchors < MAX_ANCHORS)
			k->anchors[k->nanchors++] = (struct anchor){ (uint32_t)i,
			    gazetteer_cands(k->g, g->phrase)[g->choice].place, p->lat, p->lon,
			    cos(p->lat * M_PI / 180) };
	}
}

/* Group the toponyms by name and qualifier. @returns 0 or -ENOMEM. */
static int
group(struct rank *k)
{
	struct topovec *v = k->v;

	for (size_t i = 0; i < v->n; i++) {
		const struct toponym	*t = &v->v[i];
		const struct gz_phrase	*q = t->qualifier != GZ_NIL ? v->v[t->qualifier].phrase : NULL;
		size_t			 j;

		for (j = 0; j < k->ngr; j++)
			if (k->gr[j].phrase == t->phrase && k->gr[j].qual == q &&
			    ((k->gr[j].flags ^ t->flags) & TP_COUNTY) == 0)
				break;
		if (j == k->ngr) {
			k->gr[j] = (struct group){ .phrase = t->phrase, .qual = q, .first = (uint32_t)i,
			    .choice = -1 };
			k->ngr++;
		}
		k->gr[j].count++;
		k->gr[j].heads += (t->flags & TP_HEAD) != 0;
		k->gr[j].flags |= t->flags;
		for (size_t p = 0; p < v->npersons && !k->gr[j].person; p++)
			k->gr[j].person = v->persons[p] == t->phrase;
		k->gr[j].locative |= t->locative != NULL;
		k->group_of[i] = (uint32_t)j;
		if ((t->flags & TP_DATELINE) && k->dateline_group < 0)
			k->dateline_group = (int)j;
	}
	return 0;
}

int
placerank_resolve(const struct gazetteer *g, struct topovec *v, const char (*countries)[4], size_t nc)
{
	struct rank	k = { .g = g, .v = v, .countries = countries, .nc = nc, .dateline_group = -1 };
	double		 few[4 * MAX_CANDS], *fixed = few;	/* the groups' fixed terms */
	size_t		 nfixed = 0;
	int		 r = -ENOMEM;

	if (v->n == 0)
		return 0;
	/* One block for the round's arrays: this runs for every actor run places_name_at() is asked about. */
	if ((k.gr = malloc(v->n * (sizeof(*k.gr) + sizeof(*k.group_of) + sizeof(*k.divisions) +
	    sizeof(*k.div_group) + sizeof(*k.div_named)) + (v->n + nc) * sizeof(*k.cc) +
	    MAX_ANCHORS * sizeof(*k.anchors))) == NULL)
		goto out;
	k.anchors = (struct anchor *)(k.gr + v->n);
	k.cc = (struct ccount *)(k.anchors + MAX_ANCHORS);
	k.group_of = (uint32_t *)(k.cc + v->n + nc);
	k.divisions = k.group_of + v->n;
	k.div_group = k.divisions + v->n;
	k.div_named = (uint8_t *)(k.div_group + v->n);
	if ((r = group(&k)) < 0)
		goto out;
	r = -ENOMEM;
	for (size_t i = 0; i < k.ngr; i++)
		nfixed += 2 * (size_t)ncands(&k.gr[i]);
	if (nfixed > sizeof(few) / sizeof(few[0]) && (fixed = malloc(nfixed * sizeof(*fixed))) == NULL)
		goto out;
	for (size_t i = 0, at = 0; i < k.ngr; at += 2 * (size_t)ncands(&k.gr[i]), i++)
		k.gr[i].fixed = fixed + at;
	for (size_t i = 0; i < k.ngr; i++) {
		k.gr[i].qualified = -1;
		for (size_t j = 0; j < k.ngr && k.gr[i].qual == NULL; j++)
			if (k.gr[j].phrase == k.gr[i].phrase && k.gr[j].qual != NULL) {
				k.gr[i].qualified = (int)j;
				break;
			}
	}
	/* Qualified groups first, so that their names' other groups can follow them. */
	for (size_t i = 0; i < k.ngr; i++)
		if (k.gr[i].qual != NULL)
			choose(&k, &k.gr[i], 0);
	for (size_t i = 0; i < k.ngr; i++)
		if (k.gr[i].qual == NULL)
			choose(&k, &k.gr[i], 0);
	for (int round = 1; round <= 2; round++) {
		context(&k, round == 1);
		for (size_t i = 0; i < k.ngr; i++)
			choose(&k, &k.gr[i], round);
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct group *gr = &k.gr[k.group_of[i]];

		v->v[i].place = GZ_NIL;
		v->v[i].cand = NULL;
		if (gr->choice < 0 && gr->division != GZ_NIL) {
			v->v[i].place = gr->division;
			v->v[i].evidence = "county of a division named";
			continue;
		}
		/* "Reading is popular": a common word opening a sentence, whatever its name does elsewhere. */
		if (!stands(&k, gr) || ((v->v[i].flags & TP_COMMON) && (v->v[i].flags & TP_SENT_START) &&
		    v->v[i].locative == NULL && v->v[i].qualifier == GZ_NIL &&
		    cand_place(&k, gr, gr->choice)->kind >= GZ_CITY))
			continue;
		/* "Queensland Premier", but not "Georgia Stevens" nor "Michael Worobey". */
		if ((v->v[i].flags & TP_HEAD) && !heads_name(cand_place(&k, gr, gr->choice)))
			continue;
		v->v[i].cand = &gazetteer_cands(g, gr->phrase)[gr->choice];
		v->v[i].place = v->v[i].cand->place;
		v->v[i].evidence = gr->why == T_MAX ? "only candidate" : EVIDENCE[gr->why];
	}
	r = 0;
out:
	if (fixed != few)
		free(fixed);
	free(k.gr);
	return r;
}
