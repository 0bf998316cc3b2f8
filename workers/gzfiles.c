/*
 * gzfiles: the generated files of the gazetteer (gazetteer.h lists them),
 * one dictfile callback each, for gazetteer_load(). Each line becomes a
 * place and its names (gzload.h); a malformed line stops loading with
 * FILE:LINE and why.
 */
#include <errno.h>
#include <string.h>

#include "dictfile.h"
#include "gzload.h"

/* country_points.tsv: ISO3 LAT LON NAME ALTNAMES */
int
gzfiles_point(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct gazetteer	*g = arg;
	double			 lat, lon;
	uint32_t		 idx;
	int			 r;

	if (nf != 5 || f[3][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected ISO3<TAB>LAT<TAB>LON<TAB>NAME<TAB>ALTNAMES");
	if ((r = gz_iso3(df, f[0], 0)) < 0 || (r = gz_coords(df, f[1], f[2], &lat, &lon)) < 0)
		return r;
	if (g->country_of[gz_country_slot(f[0])] != GZ_NIL)
		return dictfile_error(df, -EINVAL, "country %s is defined twice", f[0]);
	if ((r = gz_place_add(g, df, f[3], f[0], lat, lon, 0, GZ_COUNTRY, &idx)) < 0)
		return r;
	g->country_of[gz_country_slot(f[0])] = idx;
	if ((r = gz_link_name(g, f[3], idx, dictfile_name(df), dictfile_line(df))) < 0)
		return r;
	return gz_link_names(g, f[4], idx, dictfile_name(df), dictfile_line(df));
}

/* countries.tsv: ISO3 NAME, for the countries country_points.tsv defined. */
int
gzfiles_country_name(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct gazetteer	*g = arg;
	uint32_t		 idx;

	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected ISO3<TAB>NAME");
	if ((idx = gazetteer_country(g, f[0])) == GZ_NIL)
		return 0;	/* a code without a point is not placed */
	/* "Korea, Republic of" is a catalogue's order, never a text's. */
	if (strchr(f[1], ',') != NULL)
		return 0;
	return gz_link_name(g, f[1], idx, dictfile_name(df), dictfile_line(df));
}

/* demonyms.tsv: ISO3 DEMONYM, the adjective of a country ("Iraqi") as a name of it. */
int
gzfiles_demonym(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct gazetteer	*g = arg;
	uint32_t		 idx;
	int			 r;

	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected ISO3<TAB>DEMONYM");
	if ((idx = gazetteer_country(g, f[0])) == GZ_NIL)
		return 0;
	if ((r = gz_link_name(g, f[1], idx, dictfile_name(df), dictfile_line(df))) < 0)
		return r;
	return gz_flag(g, f[1], GZP_DEMONYM) == -ENOMEM ? -ENOMEM : 0;
}

/* The key of a division in g->tab: "ISO3.CODE" (iso3 is checked: 3 bytes). */
static size_t
admin_key(const char *iso3, const char *code, char *buf, size_t bufsz)
{
	size_t n = strlen(code);

	if (n + 5 > bufsz)
		return 0;
	memcpy(buf, iso3, 3);
	buf[3] = '.';
	memcpy(buf + 4, code, n + 1);
	return n + 4;
}

/* admin1.tsv: ISO3 CODE NAME LAT LON POPULATION PLACES ALTNAMES */
int
gzfiles_admin1(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct gazetteer	*g = arg;
	char			 key[64];
	size_t			 kl;
	double			 lat, lon;
	uint32_t		 pop, idx;
	int			 r;

	if (nf != 8 || f[1][0] == '\0' || f[2][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected ISO3<TAB>CODE<TAB>NAME<TAB>LAT<TAB>LON<TAB>"
		    "POPULATION<TAB>PLACES<TAB>ALTNAMES");
	if ((r = gz_iso3(df, f[0], 0)) < 0 || (r = gz_coords(df, f[3], f[4], &lat, &lon)) < 0 ||
	    (r = gz_population(df, f[5], &pop)) < 0)
		return r;
	if ((kl = admin_key(f[0], f[1], key, sizeof(key))) == 0)
		return dictfile_error(df, -EINVAL, "code '%.16s' is too long", f[1]);
	if ((r = gz_place_add(g, df, f[2], f[0], lat, lon, pop, GZ_ADMIN1, &idx)) < 0)
		return r;
	if ((r = phrasetab_add(g->tab, GZ_TAG_ADMIN, key, kl, idx, NULL, NULL)) < 0)
		return r;
	if (r == 0)
		return dictfile_error(df, -EINVAL, "division %s is defined twice", key);
	if ((r = gz_link_name(g, f[2], idx, dictfile_name(df), dictfile_line(df))) < 0)
		return r;
	return gz_link_names(g, f[7], idx, dictfile_name(df), dictfile_line(df));
}

/*
 * counties.tsv: ISO3 ADMIN1 FIPS NAME LAT LON POPULATION. A county is named
 * as written ("Plymouth County") and as news agencies abbreviate it
 * ("Plymouth Co.").
 */
int
gzfiles_county(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct gazetteer	*g = arg;
	char			 key[64], co[GZ_KEY_MAX];
	size_t			 kl, nl;
	double			 lat, lon;
	uint32_t		 pop, idx, adm;
	int			 r;

	if (nf != 7 || f[3][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected ISO3<TAB>ADMIN1<TAB>FIPS<TAB>NAME<TAB>LAT<TAB>LON<TAB>"
		    "POPULATION");
	if ((r = gz_iso3(df, f[0], 0)) < 0 || (r = gz_coords(df, f[4], f[5], &lat, &lon)) < 0 ||
	    (r = gz_population(df, f[6], &pop)) < 0)
		return r;
	if ((r = gz_place_add(g, df, f[3], f[0], lat, lon, pop, GZ_COUNTY, &idx)) < 0)
		return r;
	if ((kl = admin_key(f[0], f[1], key, sizeof(key))) > 0 &&
	    phrasetab_get(g->tab, GZ_TAG_ADMIN, key, kl, &adm))
		g->places[idx].admin1 = adm;
	if ((r = gz_link_name(g, f[3], idx, dictfile_name(df), dictfile_line(df))) < 0)
		return r;
	nl = strlen(f[3]);
	if (nl > 7 && strcmp(f[3] + nl - 7, " County") == 0 && nl + 1 < sizeof(co)) {
		memcpy(co, f[3], nl - 6);
		memcpy(co + nl - 6, "Co.", 4);
		return gz_link_name(g, co, idx, dictfile_name(df), dictfile_line(df));
	}
	return 0;
}

/* cities.tsv: ID NAME ISO3 LAT LON POPULATION ADMIN1 FEATURE ALTNAMES COMMON */
int
gzfiles_city_tsv(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct gazetteer	*g = arg;
	struct gz_place		*p;
	char			 key[64];
	size_t			 kl;
	double			 lat, lon;
	uint32_t		 pop, id, idx, adm;
	int			 r;

	if (nf != 10 || f[1][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected ID<TAB>NAME<TAB>ISO3<TAB>LAT<TAB>LON<TAB>"
		    "POPULATION<TAB>ADMIN1<TAB>FEATURE<TAB>ALTNAMES<TAB>COMMON");
	if ((r = gz_population(df, f[0], &id)) < 0 || (r = gz_iso3(df, f[2], 0)) < 0 ||
	    (r = gz_coords(df, f[3], f[4], &lat, &lon)) < 0 || (r = gz_population(df, f[5], &pop)) < 0)
		return r;
	if (strcmp(f[9], "0") != 0 && strcmp(f[9], "1") != 0)
		return dictfile_error(df, -EINVAL, "COMMON '%.8s' is neither 0 nor 1", f[9]);
	if ((r = gz_place_add(g, df, f[1], f[2], lat, lon, pop,
	    strcmp(f[7], "PPLX") == 0 ? GZ_DISTRICT : GZ_CITY, &idx)) < 0)
		return r;
	p = &g->places[idx];
	p->id = id;
	if (strcmp(f[7], "PPLC") == 0)
		p->flags |= GZF_CAPITAL;
	else if (strncmp(f[7], "PPLA", 4) == 0)
		p->flags |= GZF_SEAT;
	if (f[6][0] != '\0' && (kl = admin_key(f[2], f[6], key, sizeof(key))) > 0 &&
	    phrasetab_get(g->tab, GZ_TAG_ADMIN, key, kl, &adm))
		p->admin1 = adm;
	if ((r = gz_link_name(g, f[1], idx, dictfile_name(df), dictfile_line(df))) < 0 ||
	    (f[9][0] == '1' && (r = gz_flag(g, f[1], GZP_COMMON)) < 0))
		return r;
	if (f[9][0] == '1' && f[8][0] != '\0' && strchr(f[8], '|') == NULL &&
	    (r = gz_flag(g, f[8], GZP_COMMON)) == -ENOMEM)
		return r;
	return gz_link_names(g, f[8], idx, dictfile_name(df), dictfile_line(df));
}

