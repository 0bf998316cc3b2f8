/*
 * places: find the place a sentence states and geocode it from a gazetteer
 * built at build time from Debian packages.
 *
 * The gazetteer holds places (cities from cities.tsv, and the cities,
 * districts and regions of places.txt) and phrases: lower-cased names split
 * into tokens exactly as sentences are, joined by single spaces. A phrase
 * has a run of candidates, the places it can name, each with the file and
 * line that linked the two, sorted once at load time by capital first, then
 * population. It may also carry flags that make it a locative phrase ("in",
 * "north of"), a word that may stand between the locative and the name
 * ("the", "northern"), a place noun ("city", "capital"), a stop word that is
 * never a place ("March") or the name of a first-level division, which
 * qualifies a city after a comma ("Paris, Texas"; every city of cities.tsv
 * knows its division from the ADMIN1 column). Phrases are found by longest
 * match in a phrase table (phrasetab.h), which hashes a sentence token by
 * token, stops as soon as no longer phrase can start with what it has read,
 * and never gives a wrong match on a hash collision.
 *
 * Matching reads a sentence once from left to right: at each locative
 * phrase it scans a bounded window (WINDOW tokens) for the first name, so
 * places_find() is linear in the length of the sentence.
 *
 * DESIGN
 *  - Strings live in the gazetteer's arena (arena.h), so pointers handed out
 *    in struct place stay valid until gazetteer_free().
 *  - cities.tsv is read before places.txt, and a line of places.txt may
 *    refer only to places defined before it, so every reference is checked
 *    at load time and a renamed GeoNames city fails the build's tests
 *    instead of silently losing its alias.
 *  - Nothing is written after gazetteer_load() returns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "array.h"
#include "dictfile.h"
#include "phrasetab.h"
#include "places.h"

#define MAX_NAME_TOK	PHRASETAB_MAX_TOK	/* tokens in one phrase */
#define KEY_MAX		PHRASETAB_KEY_MAX	/* bytes of one normalised phrase */
#define WINDOW		8	/* tokens scanned after a locative phrase */
#define MAX_FREE	3	/* unlisted words before a place noun: "the Shi'ite holy city" */
#define POSS_REACH	4	/* tokens after "Baghdad's" that may lead to a place noun */
#define NIL		UINT32_MAX
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

enum pkind { PK_CITY, PK_DISTRICT, PK_REGION };

enum {
	PH_PREP = 1 << 0,	/* a locative phrase: "in", "north of" */
	PH_SKIP = 1 << 1,	/* may stand between the locative and the name: "the" */
	PH_NOUN = 1 << 2,	/* a place noun: "city", "capital" */
	PH_STOP = 1 << 3,	/* never a place: "March", "Monday" */
	PH_ONLY = 1 << 4,	/* an "only" line has replaced the earlier candidates */
	PH_ADMIN = 1 << 5	/* names a first-level division: "Illinois", "Mich." */
};

enum { TAG_PHRASE };	/* the one kind of key of the phrase table */

struct gplace {
	const char	*name;
	const char	*file;		/* where it was defined */
	const char	*key;		/* cities.tsv: "NAME, ADMIN1, ISO3", else NULL */
	double		 lat, lon;
	uint32_t	 population;
	uint32_t	 line;
	uint32_t	 parent;	/* a district's city, else NIL */
	uint32_t	 admin;		/* phrase of its first-level division, else NIL */
	char		 country[4];
	uint8_t		 kind;		/* enum pkind */
	uint8_t		 capital;
};

/* One reading of a phrase: it names place, as file:line says. */
struct link {
	uint32_t	 place;
	uint32_t	 line;
	const char	*file;
	uint32_t	 next;	/* while loading: the phrase's next link; then load order */
};

struct phrase {
	uint32_t	 head;		/* while loading: first link, NIL if none */
	uint32_t	 first, n;	/* after loading: its candidates in g->cands */
	uint32_t	 admin;		/* PH_ADMIN: the division's own phrase, else NIL */
	uint8_t		 flags;
};

struct gazetteer {
	struct arena	*arena;			/* names and phrases */
	struct phrasetab *tab;			/* phrase text -> index into phrases */
	struct gplace	*places;
	size_t		 nplaces, capplaces;
	struct phrase	*phrases;
	size_t		 nphrases, capphrases;
	struct link	*links;			/* load time only */
	size_t		 nlinks, caplinks;
	struct link	*cands;			/* each phrase's candidates, best first */
	size_t		 ncands;
	struct dictfile_sum sum;		/* of cities.tsv and places.txt */
};

/* A normalised phrase. */
struct norm {
	char		 key[KEY_MAX];
	size_t		 len, ntok;
};

static const char CITIES[] = "cities.tsv";
static const char PLACES[] = "places.txt";

/* ------------------------------------------------------------ storage */

/* ------------------------------------------------------------ phrases */

/*
 * The fast path of normalise() for the common case of ASCII letters and
 * digits in words separated by single spaces, which the tokeniser would
 * split at the spaces and nowhere else. @returns 0 if text is not so simple.
 */
static size_t
normalise_simple(const char *text, struct norm *nm)
{
	size_t	ntok = 0, len = 0, ws = 0;

	for (size_t i = 0;; i++) {
		char c = text[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			nm->key[len++] = c;
		} else if (c >= 'A' && c <= 'Z') {
			nm->key[len++] = (char)(c - 'A' + 'a');
		} else if ((c == ' ' || c == '\0') && len > ws) {
			if (ntok++ == MAX_NAME_TOK)
				return 0;
			if (c == '\0')
				break;
			nm->key[len++] = ' ';
			ws = len;
		} else {
			return 0;
		}
		if (len + 1 >= sizeof(nm->key))
			return 0;
	}
	nm->key[len] = '\0';
	nm->len = len;
	nm->ntok = ntok;
	return ntok;
}

/*
 * Normalise text as sentences are: tokens, ASCII letters lower-cased, joined
 * by single spaces. Leading punctuation is dropped: a name must begin with a
 * word, which the matcher tests for a capital, and GeoNames writes an ʿayn
 * as a quotation mark ("‘Ayn al ‘Arab", "’Aïn Merane").
 * @returns the number of tokens kept, 0 if there is no word, or too many
 * tokens or bytes.
 */
static size_t
normalise(const char *text, struct norm *nm)
{
	struct tokvec	tv = { 0 };
	struct span	sp = { 0, (uint32_t)strlen(text) };
	size_t		len = 0, first = 0;

	if (normalise_simple(text, nm) > 0)
		return nm->ntok;
	nm->key[0] = '\0';
	nm->len = nm->ntok = 0;
	if (text_tokens(text, sp, &tv) < 0)
		goto out;
	while (first < tv.n && !(tv.v[first].flags & TOK_WORD))
		first++;
	if (first == tv.n || tv.n - first > MAX_NAME_TOK)
		goto out;
	for (size_t i = first; i < tv.n; i++) {
		char	w[KEY_MAX];
		size_t	wl = text_lower(text, &tv.v[i], w, sizeof(w));

		if (len + wl + 2 > sizeof(nm->key))
			goto out;
		if (i > first)
			nm->key[len++] = ' ';
		memcpy(nm->key + len, w, wl);
		len += wl;
		nm->key[len] = '\0';
	}
	nm->len = len;
	nm->ntok = tv.n - first;
out:
	tokvec_release(&tv);
	return nm->ntok;
}

/* The phrase nm, if known. @returns its index or NIL. */
static uint32_t
phrase_find(const struct gazetteer *g, const struct norm *nm)
{
	uint32_t idx;

	return phrasetab_get(g->tab, TAG_PHRASE, nm->key, nm->len, &idx) ? idx : NIL;
}

/* The phrase nm, added if new. @returns its index in *ret, or -ENOMEM. */
static int
phrase_get(struct gazetteer *g, const struct norm *nm, uint32_t *ret)
{
	struct phrase	*p;
	int		 r;

	if ((r = array_grow(&g->phrases, &g->capphrases, g->nphrases + 1,
	    sizeof(*g->phrases))) < 0 ||
	    (r = phrasetab_add(g->tab, TAG_PHRASE, nm->key, nm->len, (uint32_t)g->nphrases, ret,
	    NULL)) <= 0)
		return r;
	p = &g->phrases[g->nphrases++];
	memset(p, 0, sizeof(*p));
	p->head = NIL;
	p->admin = NIL;
	return 0;
}

/* Normalise text for the line being read. @returns 0 or -EINVAL with a message. */
static int
norm_line(struct dictfile *df, const char *text, struct norm *nm)
{
	if (normalise(text, nm) == 0)
		return dictfile_error(df, -EINVAL, "name '%.64s' has no word, or more than %d tokens",
		    text, MAX_NAME_TOK);
	return 0;
}

/* Let the phrase text name place, as the line being read says. */
static int
link_add(struct gazetteer *g, struct dictfile *df, const char *text, uint32_t place)
{
	struct norm	 nm;
	struct link	*l;
	uint32_t	 ph;
	int		 r;

	if ((r = norm_line(df, text, &nm)) < 0)
		return r;
	if ((r = phrase_get(g, &nm, &ph)) < 0)
		return r;
	if ((r = array_grow(&g->links, &g->caplinks, g->nlinks + 1, sizeof(*g->links))) < 0)
		return r;
	l = &g->links[g->nlinks];
	l->place = place;
	l->line = dictfile_line(df);
	l->file = dictfile_name(df);
	l->next = g->phrases[ph].head;
	g->phrases[ph].head = (uint32_t)g->nlinks++;
	return 0;
}

static int
flag_add(struct gazetteer *g, struct dictfile *df, const char *text, uint8_t flag)
{
	struct norm	nm;
	uint32_t	ph;
	int		r;

	if ((r = norm_line(df, text, &nm)) < 0 || (r = phrase_get(g, &nm, &ph)) < 0)
		return r;
	g->phrases[ph].flags |= flag;
	return 0;
}

/* Is p a better target of a reference than q? Hand-written first, then population. */
static int
better(const struct gplace *p, const struct gplace *q)
{
	int hp = p->file == PLACES, hq = q->file == PLACES;

	if (hp != hq)
		return hp;
	return p->population > q->population;
}

/*
 * The place called name in country iso3 defined so far, cities only if
 * city_only: one defined in places.txt if any (so "only Delaware Delaware
 * USA" names the state defined just above, not the town of Delaware, Ohio),
 * else the most populous.
 * @returns its index, or NIL with a FILE:LINE message in df's errbuf.
 */
static uint32_t
place_lookup(struct gazetteer *g, struct dictfile *df, const char *name, const char *iso3,
    int city_only)
{
	struct norm	nm;
	uint32_t	ph, best = NIL;

	if (norm_line(df, name, &nm) < 0)
		return NIL;
	if ((ph = phrase_find(g, &nm)) != NIL) {
		for (uint32_t l = g->phrases[ph].head; l != NIL; l = g->links[l].next) {
			const struct gplace *p = &g->places[g->links[l].place];

			if (strcmp(p->country, iso3) != 0 || (city_only && p->kind != PK_CITY))
				continue;
			if (best == NIL || better(p, &g->places[best]))
				best = g->links[l].place;
		}
	}
	if (best == NIL)
		(void)dictfile_error(df, -EINVAL, "no %s '%.64s' in %s is defined above or in %s",
		    city_only ? "city" : "place", name, iso3, CITIES);
	return best;
}

/* ------------------------------------------------------------ lines */

static int
is_iso3(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return s[3] == '\0';
}

static int
parse_double(struct dictfile *df, const char *s, double lo, double hi, const char *what, double *ret)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !(v >= lo && v <= hi))
		return dictfile_error(df, -EINVAL, "%s '%.32s' is not a number in %g..%g", what, s, lo,
		    hi);
	*ret = v;
	return 0;
}

static int
parse_coords(struct dictfile *df, const char *lat, const char *lon, double *rlat, double *rlon)
{
	int r;

	if ((r = parse_double(df, lat, -90.0, 90.0, "latitude", rlat)) < 0)
		return r;
	return parse_double(df, lon, -180.0, 180.0, "longitude", rlon);
}

static int
parse_population(struct dictfile *df, const char *s, uint32_t *ret)
{
	char			*end;
	unsigned long long	 v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v > UINT32_MAX)
		return dictfile_error(df, -EINVAL, "population '%.32s' is not a whole number", s);
	*ret = (uint32_t)v;
	return 0;
}

static int
check_iso3(struct dictfile *df, const char *s)
{
	if (!is_iso3(s))
		return dictfile_error(df, -EINVAL, "country '%.16s' is not an ISO 3166 alpha-3 code",
		    s);
	return 0;
}

/* Append a place. @returns 0 and its index in *ret, or -ENOMEM. */
static int
place_add(struct gazetteer *g, struct dictfile *df, const char *name, const char *iso3, double lat,
    double lon, uint32_t population, enum pkind kind, uint32_t *ret)
{
	struct gplace	*p;
	int		 r;

	if ((r = array_grow(&g->places, &g->capplaces, g->nplaces + 1, sizeof(*g->places))) < 0)
		return r;
	p = &g->places[g->nplaces];
	memset(p, 0, sizeof(*p));
	if ((p->name = arena_strdup(g->arena, name)) == NULL)
		return -ENOMEM;
	memcpy(p->country, iso3, 4);
	p->lat = lat;
	p->lon = lon;
	p->population = population;
	p->kind = (uint8_t)kind;
	p->parent = NIL;
	p->admin = NIL;
	p->file = dictfile_name(df);
	p->line = dictfile_line(df);
	*ret = (uint32_t)g->nplaces++;
	return 0;
}

/*
 * Record that city idx lies in the first-level division called name, which
 * becomes a PH_ADMIN phrase. A name that does not normalise (empty, or
 * punctuation only) is simply not recorded: it can never qualify a name.
 */
static int
admin_set(struct gazetteer *g, const char *name, uint32_t idx)
{
	struct norm	nm;
	uint32_t	ph;
	int		r;

	if (normalise(name, &nm) == 0)
		return 0;
	if ((r = phrase_get(g, &nm, &ph)) < 0)
		return r;
	g->phrases[ph].flags |= PH_ADMIN;
	g->phrases[ph].admin = ph;
	g->places[idx].admin = ph;
	return 0;
}

/*
 * The stable key of city idx of cities.tsv: its name, division and
 * country, as they are written there ("Springfield, Illinois, USA").
 */
static int
city_key(struct gazetteer *g, struct dictfile *df, uint32_t idx, const char *name,
    const char *admin1, const char *iso3)
{
	const char	*part[3] = { name, admin1, iso3 };
	char		 buf[KEY_MAX];
	size_t		 len = 0;

	/* Joined by hand: snprintf() here was a tenth of the gazetteer's load time. */
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(part[i]);

		if (n == 0)
			continue;
		if (len + n + 3 > sizeof(buf))
			return dictfile_error(df, -EINVAL, "name and division are longer than %d bytes",
			    KEY_MAX - 4);
		if (len > 0) {
			memcpy(buf + len, ", ", 2);
			len += 2;
		}
		memcpy(buf + len, part[i], n);
		len += n;
	}
	if ((g->places[idx].key = arena_strndup(g->arena, buf, len)) == NULL)
		return -ENOMEM;
	return 0;
}

/* cities.tsv: NAME ISO3 LAT LON POPULATION ADMIN1 ASCII */
static int
line_city_tsv(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct gazetteer	*g = arg;
	double			 lat, lon;
	uint32_t		 pop, idx;
	int			 r;

	if (nf != 7 || f[0][0] == '\0')
		return dictfile_error(df, -EINVAL,
		    "expected NAME<TAB>ISO3<TAB>LAT<TAB>LON<TAB>POPULATION<TAB>ADMIN1<TAB>ASCII");
	if ((r = check_iso3(df, f[1])) < 0 ||
	    (r = parse_coords(df, f[2], f[3], &lat, &lon)) < 0 ||
	    (r = parse_population(df, f[4], &pop)) < 0)
		return r;
	if ((r = place_add(g, df, f[0], f[1], lat, lon, pop, PK_CITY, &idx)) < 0 ||
	    (r = city_key(g, df, idx, f[0], f[5], f[1])) < 0 ||
	    (r = link_add(g, df, f[0], idx)) < 0)
		return r;
	if (f[6][0] != '\0' && (r = link_add(g, df, f[6], idx)) < 0)
		return r;
	return admin_set(g, f[5], idx);
}

/* places.txt, one function per kind; f[0] is the kind. */
static int
line_word(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	static const struct {
		const char	*kind;
		uint8_t		 flag;
	} kinds[] = {
		{ "prep", PH_PREP }, { "skip", PH_SKIP }, { "noun", PH_NOUN }, { "stop", PH_STOP },
	};
	uint8_t flag = 0;

	for (size_t i = 0; i < NELEM(kinds); i++)
		if (strcmp(f[0], kinds[i].kind) == 0)
			flag = kinds[i].flag;
	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected %s<TAB>PHRASE", f[0]);
	return flag_add(g, df, f[1], flag);
}

static int
line_capital(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	uint32_t	idx;
	int		r;

	if (nf != 3)
		return dictfile_error(df, -EINVAL, "expected capital<TAB>CITY<TAB>ISO3");
	if ((r = check_iso3(df, f[2])) < 0)
		return r;
	if ((idx = place_lookup(g, df, f[1], f[2], 1)) == NIL)
		return -EINVAL;
	g->places[idx].capital = 1;
	return 0;
}

static int
line_rename(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	uint32_t	 idx;
	const char	*name;
	int		 r;

	if (nf != 4 || f[3][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected rename<TAB>CITY<TAB>ISO3<TAB>NEW NAME");
	if ((r = check_iso3(df, f[2])) < 0)
		return r;
	if ((idx = place_lookup(g, df, f[1], f[2], 0)) == NIL)
		return -EINVAL;
	if ((name = arena_strdup(g->arena, f[3])) == NULL)
		return -ENOMEM;
	g->places[idx].name = name;
	return link_add(g, df, f[3], idx);
}

static int
line_city(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	double		lat, lon;
	uint32_t	pop, idx;
	int		r;

	if (nf != 6 || f[1][0] == '\0')
		return dictfile_error(df, -EINVAL,
		    "expected city<TAB>NAME<TAB>ISO3<TAB>LAT<TAB>LON<TAB>POPULATION");
	if ((r = check_iso3(df, f[2])) < 0 ||
	    (r = parse_coords(df, f[3], f[4], &lat, &lon)) < 0 ||
	    (r = parse_population(df, f[5], &pop)) < 0)
		return r;
	if ((r = place_add(g, df, f[1], f[2], lat, lon, pop, PK_CITY, &idx)) < 0)
		return r;
	return link_add(g, df, f[1], idx);
}

static int
line_region(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	double		lat, lon;
	uint32_t	idx;
	int		r;

	if (nf != 5 || f[1][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected region<TAB>NAME<TAB>ISO3<TAB>LAT<TAB>LON");
	if ((r = check_iso3(df, f[2])) < 0 || (r = parse_coords(df, f[3], f[4], &lat, &lon)) < 0)
		return r;
	if ((r = place_add(g, df, f[1], f[2], lat, lon, 0, PK_REGION, &idx)) < 0)
		return r;
	return link_add(g, df, f[1], idx);
}

static int
line_district(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	double		lat, lon;
	uint32_t	city, idx;
	int		r;

	if (nf != 6 || f[1][0] == '\0')
		return dictfile_error(df, -EINVAL,
		    "expected district<TAB>NAME<TAB>CITY<TAB>ISO3<TAB>LAT<TAB>LON");
	if ((r = check_iso3(df, f[3])) < 0 || (r = parse_coords(df, f[4], f[5], &lat, &lon)) < 0)
		return r;
	if ((city = place_lookup(g, df, f[2], f[3], 1)) == NIL)
		return -EINVAL;
	if ((r = place_add(g, df, f[1], f[3], lat, lon, 0, PK_DISTRICT, &idx)) < 0)
		return r;
	g->places[idx].parent = city;
	return link_add(g, df, f[1], idx);
}

/* alias and only: PHRASE NAME ISO3 */
static int
line_alias(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	struct norm	nm;
	uint32_t	idx, ph;
	int		r;

	if (nf != 4)
		return dictfile_error(df, -EINVAL, "expected %s<TAB>PHRASE<TAB>NAME<TAB>ISO3", f[0]);
	if ((r = check_iso3(df, f[3])) < 0)
		return r;
	if ((idx = place_lookup(g, df, f[2], f[3], 0)) == NIL)
		return -EINVAL;
	if (strcmp(f[0], "only") == 0) {
		if ((r = norm_line(df, f[1], &nm)) < 0 || (r = phrase_get(g, &nm, &ph)) < 0)
			return r;
		if (!(g->phrases[ph].flags & PH_ONLY)) {
			/* The dropped links stay in the array, unreachable. */
			g->phrases[ph].head = NIL;
			g->phrases[ph].flags |= PH_ONLY;
		}
	}
	return link_add(g, df, f[1], idx);
}

/* admin1: PHRASE NAME, another name of a division of cities.tsv ("Mich." for Michigan). */
static int
line_admin1(struct gazetteer *g, struct dictfile *df, char **f, size_t nf)
{
	struct norm	nm;
	uint32_t	target, ph;
	int		r;

	if (nf != 3)
		return dictfile_error(df, -EINVAL, "expected admin1<TAB>PHRASE<TAB>DIVISION");
	if ((r = norm_line(df, f[2], &nm)) < 0)
		return r;
	if ((target = phrase_find(g, &nm)) == NIL || !(g->phrases[target].flags & PH_ADMIN))
		return dictfile_error(df, -EINVAL, "no division '%.64s' in the ADMIN1 column of %s",
		    f[2], CITIES);
	if ((r = norm_line(df, f[1], &nm)) < 0 || (r = phrase_get(g, &nm, &ph)) < 0)
		return r;
	g->phrases[ph].flags |= PH_ADMIN;
	g->phrases[ph].admin = g->phrases[target].admin;
	return 0;
}

typedef int (*line_fn)(struct gazetteer *, struct dictfile *, char **f, size_t nf);

static int
line_places(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct gazetteer *g = arg;
	static const struct {
		const char	*kind;
		line_fn		 fn;
	} kinds[] = {
		{ "prep", line_word }, { "skip", line_word }, { "noun", line_word },
		{ "stop", line_word }, { "capital", line_capital }, { "rename", line_rename },
		{ "city", line_city }, { "region", line_region }, { "district", line_district },
		{ "alias", line_alias }, { "only", line_alias }, { "admin1", line_admin1 },
	};

	for (size_t i = 0; i < NELEM(kinds); i++)
		if (strcmp(f[0], kinds[i].kind) == 0)
			return kinds[i].fn(g, df, f, nf);
	return dictfile_error(df, -EINVAL, "unknown kind '%.16s' (prep skip noun stop capital rename "
	    "city region district alias only admin1)", f[0]);
}

/* Best first: capitals, then population, then the order of definition. */
static int
cand_cmp(const void *a, const void *b, void *arg)
{
	const struct link	*x = a, *y = b;
	const struct gazetteer	*g = arg;
	const struct gplace	*p = &g->places[x->place], *q = &g->places[y->place];

	if (p->capital != q->capital)
		return p->capital ? -1 : 1;
	if (p->population != q->population)
		return p->population > q->population ? -1 : 1;
	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return x->next < y->next ? -1 : x->next > y->next;
}

/* Turn each phrase's list of links into a sorted run of distinct candidates. */
static int
finish(struct gazetteer *g)
{
	size_t n = 0;

	if ((g->cands = malloc((g->nlinks ? g->nlinks : 1) * sizeof(*g->cands))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < g->nphrases; i++) {
		struct phrase	*p = &g->phrases[i];
		size_t		 first = n, k = first;

		p->first = (uint32_t)first;
		p->n = 0;
		if (p->flags & PH_STOP)
			continue;
		for (uint32_t l = p->head; l != NIL; l = g->links[l].next) {
			g->cands[n] = g->links[l];
			g->cands[n++].next = l;
		}
		qsort_r(g->cands + first, n - first, sizeof(*g->cands), cand_cmp, g);
		/* Equal places sort together; keep the first-defined link of each. */
		for (size_t j = first; j < n; j++)
			if (j == first || g->cands[j].place != g->cands[k - 1].place)
				g->cands[k++] = g->cands[j];
		n = k;
		p->n = (uint32_t)(n - first);
	}
	g->ncands = n;
	free(g->links);
	g->links = NULL;
	g->nlinks = g->caplinks = 0;
	return 0;
}

int
gazetteer_load(const char *dir, struct gazetteer **ret, char *errbuf, size_t errbufsz)
{
	struct gazetteer	*g;
	int			 r;

	if ((g = calloc(1, sizeof(*g))) == NULL)
		return -ENOMEM;
	r = -ENOMEM;
	if ((g->arena = arena_new()) == NULL || (g->tab = phrasetab_new(g->arena)) == NULL ||
	    (r = dictfile_read(dir, CITIES, line_city_tsv, g, &g->sum, errbuf, errbufsz)) < 0 ||
	    (r = dictfile_read(dir, PLACES, line_places, g, &g->sum, errbuf, errbufsz)) < 0 ||
	    (r = finish(g)) < 0)
		goto fail;
	*ret = g;
	return 0;
fail:
	if (r == -ENOMEM)
		snprintf(errbuf, errbufsz, "out of memory loading the gazetteer");
	gazetteer_free(g);
	return r;
}

void
gazetteer_free(struct gazetteer *g)
{
	if (g == NULL)
		return;
	phrasetab_free(g->tab);
	arena_free(g->arena);
	free(g->places);
	free(g->phrases);
	free(g->links);
	free(g->cands);
	free(g);
}

void
gazetteer_stats(const struct gazetteer *g, struct gazetteer_stats *ret)
{
	struct phrasetab_stats ps;

	ret->places = g->nplaces;
	ret->phrases = g->nphrases;
	ret->digest = g->sum.h;
	phrasetab_stats(g->tab, &ps);
	ret->bytes = sizeof(*g) + arena_bytes(g->arena) + ps.bytes +
	    g->capplaces * sizeof(*g->places) + g->capphrases * sizeof(*g->phrases) +
	    g->ncands * sizeof(*g->cands);
}

/* ------------------------------------------------------------ matching */

/* What match() looks for: a phrase with a flag, or (flags 0) with candidates. */
struct wanted {
	const struct gazetteer	*g;
	uint8_t			 flags;
};

static int
wanted(uint32_t idx, void *arg)
{
	const struct wanted	*w = arg;
	const struct phrase	*p = &w->g->phrases[idx];

	return w->flags ? (p->flags & w->flags) != 0 : p->n > 0;
}

/*
 * The longest phrase starting at token i of s that has flag want, or, with
 * want 0, has candidates. @returns it and its length in tokens, or NULL.
 */
static const struct phrase *
match(const struct gazetteer *g, const struct sentence *s, size_t i, uint8_t want, size_t *ret_len)
{
	struct wanted	w = { g, want };
	uint32_t	idx;
	size_t		len;

	if ((len = phrasetab_longest(g->tab, TAG_PHRASE, s->words + i, s->ntok - i, wanted, &w,
	    &idx)) == 0)
		return NULL;
	*ret_len = len;
	return &g->phrases[idx];
}

static int
has(const struct gazetteer *g, const struct sentence *s, size_t i, uint8_t want, size_t *ret_len)
{
	size_t len = 0;

	if (i >= s->ntok || match(g, s, i, want, &len) == NULL)
		return 0;
	if (ret_len != NULL)
		*ret_len = len;
	return 1;
}

/* Does token i begin with a capital? Non-ASCII initials ("Île", "Ürümqi") count. */
static int
capitalised(const struct sentence *s, size_t i)
{
	const struct token *t = &s->tok[i];

	if (!(t->flags & TOK_WORD))
		return 0;
	return (t->flags & TOK_CAP) || (unsigned char)s->text[t->start] >= 0x80;
}

/* An upper-case word of at most three letters ("GAO", "ICO") is an acronym, not a town. */
static int
acronym(const struct sentence *s, size_t i, size_t len)
{
	const struct token *t = &s->tok[i];

	return len == 1 && (t->flags & TOK_ALLCAP) && t->end - t->start <= 3;
}

/* The best candidate of p: the first in one of the article's countries, else the first. */
static const struct link *
rank(const struct gazetteer *g, const struct phrase *p, const char (*countries)[4], size_t n)
{
	const struct link *c = &g->cands[p->first];

	for (uint32_t k = 0; k < p->n; k++)
		for (size_t j = 0; j < n; j++)
			if (memcmp(g->places[c[k].place].country, countries[j], 4) == 0)
				return &c[k];
	return &c[0];
}

static void
fill(const struct gazetteer *g, const struct link *l, const struct sentence *s, size_t from,
    size_t to, struct place *ret)
{
	const struct gplace *p = &g->places[l->place];

	ret->name = p->name;
	ret->within = p->parent != NIL ? g->places[p->parent].name : NULL;
	memcpy(ret->country, p->country, sizeof(ret->country));
	ret->lat = p->lat;
	ret->lon = p->lon;
	ret->population = p->population;
	switch (p->kind) {
	case PK_DISTRICT:
		ret->kind = "district";
		break;
	case PK_REGION:
		ret->kind = "region";
		break;
	default:
		ret->kind = p->capital ? "capital" : "city";
		break;
	}
	ret->file = l->file;
	ret->line = l->line;
	ret->key = l->file == CITIES ? p->key : NULL;
	ret->span.start = s->tok[from].start;
	ret->span.end = s->tok[to - 1].end;
}

/*
 * The candidate of p that lies in the first-level division named at token k
 * ("Paris, Texas", "Victoria, British Columbia", "Pontiac, Mich."), or NULL.
 */
static const struct link *
qualified(const struct gazetteer *g, const struct sentence *s, const struct phrase *p, size_t k)
{
	const struct phrase	*a;
	size_t			 len;

	if (k >= s->ntok || !capitalised(s, k) || (a = match(g, s, k, PH_ADMIN, &len)) == NULL)
		return NULL;
	for (uint32_t c = 0; c < p->n; c++)
		if (g->places[g->cands[p->first + c].place].admin == a->admin)
			return &g->cands[p->first + c];
	return NULL;
}

/*
 * The name p matched tokens [i, j) after a locative phrase. Take it unless
 * what follows says it is part of something else; after a possessive, look
 * for a district of the city ("Baghdad's Green Zone").
 * @returns 1 with *ret filled, or 0.
 */
static int
take(const struct gazetteer *g, const struct sentence *s, const struct phrase *p, size_t i,
    size_t j, const char (*countries)[4], size_t n, struct place *ret)
{
	const struct link	*best = rank(g, p, countries, n), *q;
	const struct phrase	*d;
	size_t			 len, k = j + 1;

	if (j < s->ntok && (s->tok[j].flags & TOK_POSS)) {
		if (k < s->ntok && capitalised(s, k) && (d = match(g, s, k, 0, &len)) != NULL) {
			for (uint32_t c = 0; c < d->n; c++) {
				const struct link *l = &g->cands[d->first + c];

				if (g->places[l->place].parent == best->place) {
					fill(g, l, s, i, k + len, ret);
					return 1;
				}
			}
		}
		/* "Baghdad's Karrada district", "Basra's northern suburbs": the city. */
		for (size_t m = k; m < s->ntok && m < k + POSS_REACH;) {
			if (has(g, s, m, PH_NOUN, NULL)) {
				fill(g, best, s, i, j, ret);
				return 1;
			}
			if (has(g, s, m, PH_SKIP, &len))
				m += len;
			else if (capitalised(s, m))
				m++;
			else
				break;
		}
		return 0;	/* "in Washington's view" */
	}
	if (j < s->ntok && capitalised(s, j) && !has(g, s, j, PH_STOP, NULL))
		return 0;	/* "in New York Times"; "in Baghdad Monday" is fine */
	/* What the text says outranks what the article is about. */
	if (j < s->ntok && strcmp(s->words[j], ",") == 0 && (q = qualified(g, s, p, j + 1)) != NULL)
		best = q;
	fill(g, best, s, i, j, ret);
	return 1;
}

/* Look for the name that the locative phrase ending before token start governs. */
static int
after_locative(const struct gazetteer *g, const struct sentence *s, size_t start,
    const char (*countries)[4], size_t n, struct place *ret)
{
	size_t	nfree = 0, i = start;
	int	after_noun = 0, appos = 0;

	while (i < s->ntok && i < start + WINDOW) {
		const struct phrase	*p;
		size_t			 len = 0, stoplen = 0, step = 1;

		if (s->tok[i].flags & TOK_PUNCT) {
			if (after_noun && strcmp(s->words[i], ",") == 0) {
				i++;	/* "in the Iraqi capital, Baghdad" */
				appos = 1;
				continue;
			}
			return 0;
		}
		/*
		 * Stop words have no candidates: "in March" reads on like "in
		 * talks", and a stop phrase hides a shorter name it begins with
		 * ("Trinidad and Tobago", "Save the Children").
		 */
		p = match(g, s, i, 0, &len);
		if (p != NULL && has(g, s, i, PH_STOP, &stoplen) && stoplen >= len) {
			p = NULL;
			step = stoplen;	/* one unlisted word */
		}
		if (p != NULL && capitalised(s, i) && !acronym(s, i, len)) {
			if (nfree > 0)
				return 0;	/* "in response to Washington" */
			/* An apposition ends with the name ("in the grey market, Honda said"). */
			if (appos && i + len < s->ntok && !(s->tok[i + len].flags & TOK_PUNCT))
				return 0;
			if (g->places[g->cands[p->first].place].kind == PK_REGION &&
			    has(g, s, i + len, PH_NOUN, NULL)) {
				i += len;	/* "in the West Bank town of Hebron": the town */
				continue;
			}
			return take(g, s, p, i, i + len, countries, n, ret);
		}
		if (has(g, s, i, PH_PREP, NULL))
			return 0;	/* a locative of its own: the caller gets to it */
		if (has(g, s, i, PH_NOUN, &len)) {
			nfree = 0;
			after_noun = 1;
			i += len;
			continue;
		}
		if (has(g, s, i, PH_SKIP, &len)) {
			i += len;
			continue;
		}
		if (!(s->tok[i].flags & TOK_WORD) || ++nfree > MAX_FREE)
			return 0;
		after_noun = 0;
		i += step;
	}
	return 0;
}

int
places_find(const struct gazetteer *g, const struct sentence *s, const char (*countries)[4],
    size_t n, struct place *ret)
{
	for (size_t i = 0; i < s->ntok; i++) {
		size_t len;

		if (!has(g, s, i, PH_PREP, &len))
			continue;
		if (after_locative(g, s, i + len, countries, n, ret))
			return 1;
	}
	return 0;
}

int
places_name_at(const struct gazetteer *g, const struct sentence *s, size_t i, const char (*countries)[4],
    size_t n, struct place *ret, size_t *ret_ntok)
{
	const struct phrase	*p;
	size_t			 len = 0, stoplen = 0;

	if (i >= s->ntok || !capitalised(s, i) || (p = match(g, s, i, 0, &len)) == NULL || acronym(s, i, len))
		return 0;
	if (has(g, s, i, PH_STOP, &stoplen) && stoplen >= len)
		return 0;
	fill(g, rank(g, p, countries, n), s, i, i + len, ret);
	*ret_ntok = len;
	return 1;
}
