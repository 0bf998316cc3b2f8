/*
 * placestxt: read places.txt, the hand-written half of the gazetteer
 * (its header documents every kind of line), into a gazetteer being loaded
 * (gzload.h). One function per kind of line; f[0] is the kind.
 *
 * A line may refer only to places defined before it (in the generated
 * files or above it in places.txt), so every reference is checked here and
 * a renamed GeoNames place stops loading with places.txt:LINE.
 */
#include <errno.h>
#include <string.h>

#include "arena.h"
#include "dictfile.h"
#include "gzload.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Is p a better target of a reference than q? Hand-made first, then wider, then bigger. */
static int
better(const struct gz_place *p, const struct gz_place *q)
{
	if ((p->flags & GZF_HAND) != (q->flags & GZF_HAND))
		return (p->flags & GZF_HAND) != 0;
	if ((p->kind <= GZ_REGION) != (q->kind <= GZ_REGION))
		return p->kind <= GZ_REGION;
	return p->population > q->population;
}

/* What lookup() may find. */
enum { ANY_PLACE, CITY_ONLY, AREA_ONLY };

/*
 * The place called name in country iso3 ("-": none) defined so far: cities
 * and districts only (CITY_ONLY), countries, divisions, regions and
 * continents only (AREA_ONLY), or any (ANY_PLACE). @returns its index, or
 * GZ_NIL with a FILE:LINE message in df's errbuf.
 */
static uint32_t
lookup(struct gazetteer *g, struct dictfile *df, const char *name, const char *iso3, int want)
{
	struct gz_norm	nm;
	uint32_t	ph, best = GZ_NIL;

	if (gz_normalise(name, &nm) > 0 && (ph = gz_phrase_find(g, &nm)) != GZ_NIL) {
		for (uint32_t l = g->phrases[ph].head; l != GZ_NIL; l = g->links[l].next) {
			const struct gz_place *p = &g->places[g->links[l].place];

			if (strcmp(p->country, iso3[0] == '-' ? "" : iso3) != 0 ||
			    (want == CITY_ONLY && p->kind != GZ_CITY && p->kind != GZ_DISTRICT) ||
			    (want == AREA_ONLY && p->kind > GZ_REGION))
				continue;
			if (best == GZ_NIL || better(p, &g->places[best]))
				best = g->links[l].place;
		}
	}
	if (best == GZ_NIL)
		(void)dictfile_error(df, -EINVAL, "no %s '%.64s' in %s is defined above or in the "
		    "generated files", want == CITY_ONLY ? "city" : want == AREA_ONLY ? "country or region" :
		    "place", name, iso3);
	return best;
}

static int
link_here(struct gazetteer *g, struct dictfile *df, const char *name, uint32_t idx)
{
	return gz_link_name(g, name, idx, dictfile_name(df), dictfile_line(df));
}

/* prep, skip, noun, stop, venue, generic, title, office, county: PHRASE */
static int
line_word(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	static const struct {
		const char	*kind;
		uint16_t	 flag;
	} kinds[] = {
		{ "prep", GZP_PREP }, { "skip", GZP_SKIP }, { "noun", GZP_NOUN }, { "stop", GZP_STOP },
		{ "venue", GZP_VENUE }, { "generic", GZP_GENERIC }, { "title", GZP_TITLE },
		{ "office", GZP_OFFICE }, { "county", GZP_COUNTY },
	};
	uint16_t	flag = 0;
	int		r;

	for (size_t i = 0; i < NELEM(kinds); i++)
		if (strcmp(f[0], kinds[i].kind) == 0)
			flag = kinds[i].flag;
	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected %s<TAB>PHRASE", f[0]);
	if ((r = gz_flag(g, f[1], flag)) == -EINVAL)
		return dictfile_error(df, r, "phrase '%.64s' has no word, or too many tokens", f[1]);
	return r;
}

/* rename: PLACE ISO3 NEWNAME */
static int
line_rename(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	uint32_t	 idx;
	const char	*name;
	int		 r;

	if (nf != 4 || f[3][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected rename<TAB>PLACE<TAB>ISO3<TAB>NEW NAME");
	if ((r = gz_iso3(df, f[2], 0)) < 0)
		return r;
	if ((idx = lookup(g, df, f[1], f[2], ANY_PLACE)) == GZ_NIL)
		return -EINVAL;
	if ((name = arena_strdup(g->arena, f[3])) == NULL)
		return -ENOMEM;
	g->places[idx].name = name;
	g->places[idx].flags |= GZF_HAND;
	return link_here(g, df, f[3], idx);
}

/* Add a hand-made place and its name. */
static int
add(struct gazetteer *g, struct dictfile *df, const char *name, const char *iso3, const char *lat,
    const char *lon, uint32_t pop, enum gz_kind kind, uint32_t *ret)
{
	double	la, lo;
	int	r;

	if ((r = gz_iso3(df, iso3, kind == GZ_CONTINENT || kind == GZ_REGION)) < 0 ||
	    (r = gz_coords(df, lat, lon, &la, &lo)) < 0 ||
	    (r = gz_place_add(g, df, name, iso3, la, lo, pop, kind, ret)) < 0)
		return r;
	g->places[*ret].flags |= GZF_HAND;
	return link_here(g, df, name, *ret);
}

/* city: NAME ISO3 LAT LON POPULATION */
static int
line_city(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	uint32_t	pop, idx;
	int		r;

	if (nf != 6 || f[1][0] == '\0')
		return dictfile_error(df, -EINVAL,
		    "expected city<TAB>NAME<TAB>ISO3<TAB>LAT<TAB>LON<TAB>POPULATION");
	if ((r = gz_population(df, f[5], &pop)) < 0)
		return r;
	return add(g, df, f[1], f[2], f[3], f[4], pop, GZ_CITY, &idx);
}

/* region: NAME ISO3|- LAT LON; continent: NAME LAT LON */
static int
line_region(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	uint32_t idx;

	if (strcmp(f[0], "continent") == 0) {
		if (nf != 4 || f[1][0] == '\0')
			return dictfile_error(df, -EINVAL, "expected continent<TAB>NAME<TAB>LAT<TAB>LON");
		return add(g, df, f[1], "-", f[2], f[3], 0, GZ_CONTINENT, &idx);
	}
	if (nf != 5 || f[1][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected region<TAB>NAME<TAB>ISO3<TAB>LAT<TAB>LON");
	return add(g, df, f[1], f[2], f[3], f[4], 0, GZ_REGION, &idx);
}

/* district: NAME CITY ISO3 LAT LON */
static int
line_district(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	uint32_t	city, idx;
	int		r;

	if (nf != 6 || f[1][0] == '\0')
		return dictfile_error(df, -EINVAL,
		    "expected district<TAB>NAME<TAB>CITY<TAB>ISO3<TAB>LAT<TAB>LON");
	if ((r = gz_iso3(df, f[3], 0)) < 0)
		return r;
	if ((city = lookup(g, df, f[2], f[3], CITY_ONLY)) == GZ_NIL)
		return -EINVAL;
	if ((r = add(g, df, f[1], f[3], f[4], f[5], 0, GZ_DISTRICT, &idx)) < 0)
		return r;
	g->places[idx].parent = city;
	g->places[idx].admin1 = g->places[city].admin1;
	return 0;
}

/* Is text written in capitals, as an acronym is ("UK", "UAE", "U.S.")? */
static int
all_caps(const char *text)
{
	int letters = 0;

	for (; *text != '\0'; text++) {
		if (*text >= 'a' && *text <= 'z')
			return 0;
		letters += *text >= 'A' && *text <= 'Z';
	}
	return letters >= 2;
}

/* alias and only: PHRASE NAME ISO3 */
static int
line_alias(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	struct gz_norm	nm;
	uint32_t	idx, ph;
	int		r;

	if (nf != 4)
		return dictfile_error(df, -EINVAL, "expected %s<TAB>PHRASE<TAB>NAME<TAB>ISO3", f[0]);
	if ((r = gz_iso3(df, f[3], 1)) < 0)
		return r;
	if ((idx = lookup(g, df, f[2], f[3], ANY_PLACE)) == GZ_NIL)
		return -EINVAL;
	if (gz_normalise(f[1], &nm) == 0)
		return dictfile_error(df, -EINVAL, "phrase '%.64s' has no word, or too many tokens", f[1]);
	if ((r = gz_phrase_get(g, &nm, &ph)) < 0)
		return r;
	if (strcmp(f[0], "only") == 0 && !(g->phrases[ph].flags & GZP_ONLY)) {
		/* The dropped links stay in the array, unreachable. */
		g->phrases[ph].head = GZ_NIL;
		g->phrases[ph].flags |= GZP_ONLY;
	}
	if (all_caps(f[1]))
		g->phrases[ph].flags |= GZP_CAPS;
	g->places[idx].flags |= GZF_HAND;
	return link_here(g, df, f[1], idx);
}

/*
 * point: ISO3 LAT LON, the point that stands for a country; or NAME ISO3|-
 * LAT LON, the point that stands for a division, region or continent.
 */
static int
line_point(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	struct gz_place	*p;
	uint32_t	 idx;
	double		 lat, lon;
	int		 r;

	if (nf != 4 && nf != 5)
		return dictfile_error(df, -EINVAL, "expected point<TAB>ISO3<TAB>LAT<TAB>LON or "
		    "point<TAB>NAME<TAB>ISO3<TAB>LAT<TAB>LON");
	if (nf == 4) {
		if ((r = gz_iso3(df, f[1], 0)) < 0 || (r = gz_coords(df, f[2], f[3], &lat, &lon)) < 0)
			return r;
		if ((idx = gazetteer_country(g, f[1])) == GZ_NIL)
			return dictfile_error(df, -EINVAL, "no country %s in country_points.tsv", f[1]);
	} else {
		if ((r = gz_iso3(df, f[2], 1)) < 0 || (r = gz_coords(df, f[3], f[4], &lat, &lon)) < 0)
			return r;
		if ((idx = lookup(g, df, f[1], f[2], AREA_ONLY)) == GZ_NIL)
			return -EINVAL;
	}
	/* Only the point moves: the place keeps its names, its rank and its provenance. */
	p = &g->places[idx];
	p->lat = lat;
	p->lon = lon;
	return 0;
}

typedef int (*line_fn)(struct gazetteer *, struct dictfile *, char **f, size_t nf);

int
placestxt_line(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct gazetteer *g = arg;
	static const struct {
		const char	*kind;
		line_fn		 fn;
	} kinds[] = {
		{ "prep", line_word }, { "skip", line_word }, { "noun", line_word },
		{ "stop", line_word }, { "venue", line_word }, { "generic", line_word },
		{ "title", line_word }, { "office", line_word }, { "county", line_word },
		{ "rename", line_rename },
		{ "city", line_city },
		{ "region", line_region }, { "continent", line_region }, { "district", line_district },
		{ "alias", line_alias }, { "only", line_alias }, { "point", line_point },
	};

	for (size_t i = 0; i < NELEM(kinds); i++)
		if (strcmp(f[0], kinds[i].kind) == 0)
			return kinds[i].fn(g, df, f, nf);
	return dictfile_error(df, -EINVAL, "unknown kind '%.16s' (prep skip noun stop venue title "
	    "office county generic rename city region continent district alias only point)", f[0]);
}
