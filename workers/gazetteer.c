/*
 * gazetteer: load the place names of the places stage (gazetteer.h).
 *
 * Places live in one array; phrases in another, found through a phrase
 * table (phrasetab.h) by longest match over a sentence's lower-cased
 * tokens. While loading, each name of a place adds a link (phrase, place,
 * file:line); finish() then turns every phrase's links into a sorted run of
 * distinct candidates. Every name also gets the spellings news copy uses
 * for it: "St." and "St" for "Saint" (and back), "Mt."/"Mt" for "Mount",
 * "Ft."/"Ft" for "Fort", "Ste." for "Sainte", and a division's name without
 * the generic words places.txt lists ("Basra Governorate" is "Basra" too).
 *
 * DESIGN
 *  - Strings live in the gazetteer's arena, so pointers handed out stay
 *    valid until gazetteer_free(); nothing is written after loading.
 *  - A line of places.txt may refer only to places defined before it, so
 *    every reference is checked at load time: a GeoNames rename fails the
 *    tests instead of silently losing an alias.
 *  - Loading is linear in the size of the files: the generated files are
 *    large (135,000 places), so their lines take the fast paths (ASCII
 *    names, a hand-written decimal parser) and never tokenise twice.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "array.h"
#include "dictfile.h"
#include "gazetteer.h"
#include "gzload.h"
#include "hugemem.h"
#include "phrasetab.h"

static const char POINTS[] = "country_points.tsv";
static const char COUNTRIES[] = "countries.tsv";
static const char ADMIN1[] = "admin1.tsv";
static const char COUNTIES[] = "counties.tsv";
static const char DEMONYMS[] = "demonyms.tsv";
static const char CITIES[] = "cities.tsv";
static const char PLACES[] = "places.txt";

/* ------------------------------------------------------------ storage */

/* ------------------------------------------------------------ phrases */

/*
 * How many bytes of a Latin letter outside ASCII start at p ("é", "ā",
 * "ș", "ạ": U+00C0 to U+07FF but for × and ÷, and U+1E00 to U+1EFF), which
 * the tokeniser keeps in a word and text_lower() leaves as they are; 0 for
 * anything else.
 */
static size_t
latin_letter(const unsigned char *p)
{
	if (p[0] >= 0xC3 && p[0] <= 0xDF && (p[1] & 0xC0) == 0x80)
		return p[0] == 0xC3 && (p[1] == 0x97 || p[1] == 0xB7) ? 0 : 2;
	if (p[0] == 0xE1 && p[1] >= 0xB8 && p[1] <= 0xBB && (p[2] & 0xC0) == 0x80)
		return 3;
	return 0;
}

/*
 * The fast path of gz_normalise() for letters and digits (ASCII or Latin)
 * in words separated by single spaces, with inner hyphens
 * ("Stoke-on-Trent", "Bāmyān"), which the tokeniser splits at the spaces
 * and nowhere else. @returns 0 if text is not so simple.
 */
static size_t
normalise_simple(const char *text, struct gz_norm *nm)
{
	size_t	ntok = 0, len = 0, ws = 0, k;

	for (size_t i = 0;; i++) {
		char c = text[i];

		if (len + 4 >= sizeof(nm->key))
			return 0;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			nm->key[len++] = c;
		} else if ((unsigned char)c >= 0x80 && (k = latin_letter((const unsigned char *)text + i)) > 0) {
			memcpy(nm->key + len, text + i, k);
			len += k;
			i += k - 1;
		} else if (c >= 'A' && c <= 'Z') {
			nm->key[len++] = (char)(c - 'A' + 'a');
		} else if (c == '-' && len > ws && text[i + 1] != '\0' && text[i + 1] != ' ' &&
		    text[i + 1] != '-') {
			nm->key[len++] = c;
		} else if (c == '\'' && len > ws && ((text[i + 1] >= 'a' && text[i + 1] <= 'z') ||
		    (text[i + 1] >= 'A' && text[i + 1] <= 'Z')) && !((text[i + 1] == 's' ||
		    text[i + 1] == 'S') && (text[i + 2] == '\0' || text[i + 2] == ' '))) {
			nm->key[len++] = c;	/* "O'Hare", "Ra's al Khaymah"; never the possessive "'s" */
		} else if ((c == ' ' || c == '\0') && len > ws) {
			if (ntok++ == GZ_MAX_NAME_TOK)
				return 0;
			if (c == '\0')
				break;
			nm->key[len++] = ' ';
			ws = len;
		} else {
			return 0;
		}
	}
	nm->key[len] = '\0';
	nm->len = len;
	nm->ntok = ntok;
	return ntok;
}

size_t
gz_normalise(const char *text, struct gz_norm *nm)
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
	/* A name begins with a word: GeoNames writes an ʿayn as a quotation mark. */
	while (first < tv.n && !(tv.v[first].flags & TOK_WORD))
		first++;
	if (first == tv.n || tv.n - first > GZ_MAX_NAME_TOK)
		goto out;
	for (size_t i = first; i < tv.n; i++) {
		char	w[GZ_KEY_MAX];
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

uint32_t
gz_phrase_find(const struct gazetteer *g, const struct gz_norm *nm)
{
	uint32_t idx;

	return phrasetab_get(g->tab, GZ_TAG_PHRASE, nm->key, nm->len, &idx) ? idx : GZ_NIL;
}

int
gz_phrase_get(struct gazetteer *g, const struct gz_norm *nm, uint32_t *ret)
{
	struct gz_lphrase	*p;
	const char		*key;
	int			 r;

	if ((r = array_grow(&g->phrases, &g->capphrases, g->nphrases + 1, sizeof(*g->phrases))) < 0 ||
	    (r = phrasetab_add(g->tab, GZ_TAG_PHRASE, nm->key, nm->len, (uint32_t)g->nphrases, ret,
	    &key)) <= 0)
		return r;
	p = &g->phrases[g->nphrases++];
	memset(p, 0, sizeof(*p));
	p->key = key;
	p->head = GZ_NIL;
	return 0;
}

/* Link the normalised phrase nm to place, as file:line says. */
static int
link_norm(struct gazetteer *g, const struct gz_norm *nm, uint32_t place, const char *file, uint32_t line)
{
	struct gz_link	*l;
	uint32_t	 ph;
	int		 r;

	if ((r = gz_phrase_get(g, nm, &ph)) < 0 ||
	    (r = array_grow(&g->links, &g->caplinks, g->nlinks + 1, sizeof(*g->links))) < 0)
		return r;
	l = &g->links[g->nlinks];
	l->place = place;
	l->line = line;
	l->file = file;
	l->next = g->phrases[ph].head;
	g->phrases[ph].head = (uint32_t)g->nlinks++;
	return 0;
}

/*
 * The spelling of nm with token k replaced by with (a "st" for "saint").
 * @returns 0, or -1 when it does not fit.
 */
static int
respell(const struct gz_norm *nm, size_t k, const char *with, struct gz_norm *ret)
{
	size_t	tok = 0, i = 0, start, wl = strlen(with);

	while (tok < k) {
		if (nm->key[i++] == ' ')
			tok++;
	}
	start = i;
	while (i < nm->len && nm->key[i] != ' ')
		i++;
	if (nm->len - (i - start) + wl + 1 > sizeof(ret->key))
		return -1;
	memcpy(ret->key, nm->key, start);
	memcpy(ret->key + start, with, wl);
	memcpy(ret->key + start + wl, nm->key + i, nm->len - i + 1);
	ret->len = nm->len - (i - start) + wl;
	ret->ntok = nm->ntok + (strchr(with, ' ') != NULL) - (strchr(nm->key + start, ' ') != NULL &&
	    strchr(nm->key + start, ' ') < nm->key + i);
	return 0;
}

/* The abbreviations of news copy: each word, and what else it is written as. */
static const char *const SPELLINGS[][4] = {
	{ "saint", "st", "st .", NULL }, { "st", "saint", "st .", NULL },
	{ "sainte", "ste", "ste .", NULL }, { "mount", "mt", "mt .", NULL },
	{ "fort", "ft", "ft .", NULL },
};

/* The first token of nm (up to GZ_MAX_NAME_TOK) that has other spellings, or -1. */
static int
abbreviable(const struct gz_norm *nm, const char *const **ret)
{
	size_t tok = 0, start = 0;

	for (size_t i = 0; i <= nm->len; i++) {
		if (nm->key[i] != ' ' && nm->key[i] != '\0')
			continue;
		/* Every word of SPELLINGS starts with 's', 'm' or 'f'. */
		if (nm->key[start] != 's' && nm->key[start] != 'm' && nm->key[start] != 'f') {
			tok++;
			start = i + 1;
			continue;
		}
		for (size_t s = 0; s < sizeof(SPELLINGS) / sizeof(SPELLINGS[0]); s++)
			if (strlen(SPELLINGS[s][0]) == i - start &&
			    memcmp(SPELLINGS[s][0], nm->key + start, i - start) == 0) {
				*ret = SPELLINGS[s];
				return (int)tok;
			}
		tok++;
		start = i + 1;
	}
	return -1;
}

int
gz_link_name(struct gazetteer *g, const char *name, uint32_t place, const char *file, uint32_t line)
{
	struct gz_norm		 nm, alt;
	const char *const	*sp;
	int			 k, r;

	if (gz_normalise(name, &nm) == 0)
		return 0;	/* punctuation only: nothing text could match */
	if ((r = link_norm(g, &nm, place, file, line)) < 0)
		return r;
	/* "Saint Louis": also "St. Louis" and "St Louis". */
	if ((k = abbreviable(&nm, &sp)) >= 0)
		for (size_t s = 1; sp[s] != NULL; s++)
			if (respell(&nm, (size_t)k, sp[s], &alt) == 0 &&
			    (r = link_norm(g, &alt, place, file, line)) < 0)
				return r;
	return 0;
}

int
gz_link_names(struct gazetteer *g, char *names, uint32_t place, const char *file, uint32_t line)
{
	char	*next;
	int	 r;

	for (; names != NULL && *names != '\0'; names = next) {
		if ((next = strchr(names, '|')) != NULL)
			*next++ = '\0';
		if ((r = gz_link_name(g, names, place, file, line)) < 0)
			return r;
	}
	return 0;
}

int
gz_flag(struct gazetteer *g, const char *text, uint16_t flag)
{
	struct gz_norm	nm;
	uint32_t	ph;
	int		r;

	if (gz_normalise(text, &nm) == 0)
		return -EINVAL;
	if ((r = gz_phrase_get(g, &nm, &ph)) < 0)
		return r;
	g->phrases[ph].flags |= flag;
	if ((flag & GZP_PREP) && nm.ntok > g->prep_tokens)
		g->prep_tokens = nm.ntok;
	return 0;
}

/* ------------------------------------------------------------ fields */

/*
 * A decimal number with an optional sign and fraction, in lo..hi. Faster
 * than strtod on the generated files' 135,000 lines, and as exact for the
 * five decimals they carry. @returns 0, or -1.
 */
int
gz_parse_decimal(const char *s, double lo, double hi, double *ret)
{
	static const double	 pow10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
				    1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17 };
	uint64_t		 n = 0;
	double			 v;
	int			 neg = 0, digits = 0, frac = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9' && digits < 18; s++, digits++)
		n = n * 10 + (uint64_t)(*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9' && digits < 18; s++, digits++, frac++)
			n = n * 10 + (uint64_t)(*s - '0');
	if (*s != '\0' || digits == 0 || digits > 17)
		return -1;
	v = (double)n / pow10[frac];
	v = neg ? -v : v;
	if (!(v >= lo && v <= hi))
		return -1;
	*ret = v;
	return 0;
}

int
gz_coords(struct dictfile *df, const char *lat, const char *lon, double *rlat, double *rlon)
{
	if (gz_parse_decimal(lat, -90, 90, rlat) < 0)
		return dictfile_error(df, -EINVAL, "latitude '%.32s' is not a number in -90..90", lat);
	if (gz_parse_decimal(lon, -180, 180, rlon) < 0)
		return dictfile_error(df, -EINVAL, "longitude '%.32s' is not a number in -180..180", lon);
	return 0;
}

int
gz_population(struct dictfile *df, const char *s, uint32_t *ret)
{
	uint64_t	v = 0;
	const char	*p = s;

	for (; *p >= '0' && *p <= '9' && v <= UINT32_MAX; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	if (p == s || *p != '\0' || v > UINT32_MAX)
		return dictfile_error(df, -EINVAL, "population '%.32s' is not a whole number", s);
	*ret = (uint32_t)v;
	return 0;
}

int
gz_iso3(struct dictfile *df, const char *s, int may_be_none)
{
	if (may_be_none && strcmp(s, "-") == 0)
		return 0;
	for (int i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			goto bad;
	if (s[3] == '\0')
		return 0;
bad:
	return dictfile_error(df, -EINVAL, "country '%.16s' is not an ISO 3166 alpha-3 code%s", s,
	    may_be_none ? " or '-'" : "");
}

int
gz_place_add(struct gazetteer *g, struct dictfile *df, const char *name, const char *iso3, double lat,
    double lon, uint32_t population, enum gz_kind kind, uint32_t *ret)
{
	struct gz_place	*p;
	int		 r;

	if ((r = array_grow(&g->places, &g->capplaces, g->nplaces + 1, sizeof(*g->places))) < 0)
		return r;
	p = &g->places[g->nplaces];
	memset(p, 0, sizeof(*p));
	if ((p->name = arena_strdup(g->arena, name)) == NULL)
		return -ENOMEM;
	if (iso3[0] != '-')
		memcpy(p->country, iso3, 4);
	p->lat = lat;
	p->lon = lon;
	p->population = population;
	p->kind = (uint8_t)kind;
	p->parent = GZ_NIL;
	p->admin1 = GZ_NIL;
	p->file = dictfile_name(df);
	p->line = dictfile_line(df);
	*ret = (uint32_t)g->nplaces++;
	return 0;
}

size_t
gz_country_slot(const char *iso3)
{
	return (size_t)(iso3[0] - 'A') * 676 + (size_t)(iso3[1] - 'A') * 26 + (size_t)(iso3[2] - 'A');
}

size_t
gazetteer_prep_tokens(const struct gazetteer *g)
{
	return g->prep_tokens;
}

uint32_t
gazetteer_country(const struct gazetteer *g, const char *iso3)
{
	for (int i = 0; i < 3; i++)
		if (iso3[i] < 'A' || iso3[i] > 'Z')
			return GZ_NIL;
	return iso3[3] == '\0' ? g->country_of[gz_country_slot(iso3)] : GZ_NIL;
}

/* ------------------------------------------------------------ finishing */

/* Best first: countries, divisions and regions, then population, then load order. */
static int
cand_cmp(const void *a, const void *b, void *arg)
{
	static const uint8_t rank[GZ_KIND_MAX] = {
		[GZ_CONTINENT] = 0, [GZ_COUNTRY] = 0, [GZ_ADMIN1] = 1, [GZ_REGION] = 1,
		[GZ_COUNTY] = 1, [GZ_CITY] = 2, [GZ_DISTRICT] = 2,
	};
	const struct gz_link	*x = a, *y = b;
	const struct gazetteer	*g = arg;
	const struct gz_place	*p = &g->places[x->place], *q = &g->places[y->place];

	if (rank[p->kind] != rank[q->kind])
		return rank[p->kind] < rank[q->kind] ? -1 : 1;
	if (p->population != q->population)
		return p->population > q->population ? -1 : 1;
	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return x->next < y->next ? -1 : x->next > y->next;
}

/* Is nm a name of country iso3 ("State of Mexico" stripped is Mexico's own name)? */
static int
own_country(const struct gazetteer *g, const struct gz_norm *nm, const char *iso3)
{
	uint32_t ph = gz_phrase_find(g, nm), c = gazetteer_country(g, iso3);

	for (uint32_t l = ph != GZ_NIL ? g->phrases[ph].head : GZ_NIL; l != GZ_NIL; l = g->links[l].next)
		if (g->links[l].place == c)
			return 1;
	return 0;
}

/*
 * Is nm one word that places.txt lets stand before a name ("West", "North",
 * "Central")? Cameroon's "West Region" is not "West" ("West Nile virus").
 */
static int
compass(const struct gazetteer *g, const struct gz_norm *nm)
{
	uint32_t ph;

	if (nm->ntok != 1 || (ph = gz_phrase_find(g, nm)) == GZ_NIL)
		return 0;
	return (g->phrases[ph].flags & (GZP_SKIP | GZP_STOP)) != 0;
}

/* A division's name without its generic words: "Basra Governorate" is "Basra". */
static int
strip_generic(struct gazetteer *g, uint32_t idx)
{
	const struct gz_place	*p = &g->places[idx];
	struct gz_norm		 nm, out;
	size_t			 start = 0, kept = 0;
	int			 dropped = 0;

	if (gz_normalise(p->name, &nm) < 2)
		return 0;
	out.len = out.ntok = 0;
	for (size_t i = 0; i <= nm.len; i++) {
		struct gz_norm	w;
		uint32_t	ph;

		if (nm.key[i] != ' ' && nm.key[i] != '\0')
			continue;
		memcpy(w.key, nm.key + start, i - start);
		w.key[i - start] = '\0';
		w.len = i - start;
		if ((ph = gz_phrase_find(g, &w)) != GZ_NIL && (g->phrases[ph].flags & GZP_GENERIC)) {
			dropped = 1;
		} else {
			if (kept++ > 0)
				out.key[out.len++] = ' ';
			memcpy(out.key + out.len, w.key, w.len);
			out.len += w.len;
		}
		start = i + 1;
	}
	out.key[out.len] = '\0';
	out.ntok = kept;
	if (!dropped || kept == 0 || own_country(g, &out, p->country) || compass(g, &out))
		return 0;
	return link_norm(g, &out, idx, p->file, p->line);
}

/* Turn each phrase's links into a sorted run of distinct candidates. */
static int
finish(struct gazetteer *g)
{
	struct gz_link	*tmp = NULL;
	size_t		 n = 0, captmp = 0;
	int		 r;

	for (size_t i = 0; i < g->nplaces; i++)
		if (g->places[i].kind == GZ_ADMIN1 && (r = strip_generic(g, (uint32_t)i)) < 0)
			return r;
	if ((g->cands = hugemem_malloc((g->nlinks ? g->nlinks : 1) * sizeof(*g->cands))) == NULL ||
	    (g->out = hugemem_calloc(g->nphrases ? g->nphrases : 1, sizeof(*g->out))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < g->nphrases; i++) {
		const struct gz_lphrase	*p = &g->phrases[i];
		size_t			 nl = 0, first = n;

		g->out[i].key = p->key;
		g->out[i].flags = p->flags;
		g->out[i].first = (uint32_t)first;
		if (p->flags & GZP_STOP)
			continue;
		for (uint32_t l = p->head; l != GZ_NIL; l = g->links[l].next) {
			if ((r = array_grow(&tmp, &captmp, nl + 1, sizeof(*tmp))) < 0) {
				free(tmp);
				return r;
			}
			tmp[nl] = g->links[l];
			tmp[nl++].next = l;	/* load order, for the sort */
		}
		qsort_r(tmp, nl, sizeof(*tmp), cand_cmp, g);
		/* Equal places sort together; keep the first-defined link of each. */
		for (size_t j = 0; j < nl && n - first < GZ_MAX_CANDS; j++) {
			if (j > 0 && tmp[j].place == tmp[j - 1].place)
				continue;
			g->cands[n++] = (struct gz_cand){ tmp[j].place, tmp[j].line, tmp[j].file };
		}
		g->out[i].n = (uint32_t)(n - first);
	}
	free(tmp);
	g->ncands = n;
	free(g->links);
	g->links = NULL;
	g->nlinks = g->caplinks = 0;
	free(g->phrases);
	g->phrases = NULL;
	g->capphrases = 0;	/* nphrases stays: the count of g->out */
	return 0;
}

/*
 * Size the arrays and the phrase table for cities.tsv at once, from its
 * size: 135,000 lines would otherwise cost a dozen reallocations and
 * rehashes. A line is about 60 bytes and brings about 1.5 phrases.
 */
static int
reserve(struct gazetteer *g, const char *dir)
{
	char		path[4096];
	struct stat	st;
	size_t		lines;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, CITIES) >= sizeof(path) ||
	    stat(path, &st) != 0)
		return 0;	/* dictfile_read() will say what is wrong */
	lines = (size_t)st.st_size / 55 + 1024;
	g->capplaces = lines;
	g->caplinks = lines + lines / 4;
	g->capphrases = lines + lines / 8;
	if ((g->places = hugemem_malloc(g->capplaces * sizeof(*g->places))) == NULL ||
	    (g->links = hugemem_malloc(g->caplinks * sizeof(*g->links))) == NULL ||
	    (g->phrases = hugemem_malloc(g->capphrases * sizeof(*g->phrases))) == NULL)
		return -ENOMEM;
	return phrasetab_reserve(g->tab, lines + lines / 2);
}

/* Read file of dir with fn if it is there; @returns 0 or the error. */
static int
read_optional(const char *dir, const char *file, dictfile_line_fn fn, struct gazetteer *g, char *errbuf,
    size_t errbufsz)
{
	int r;

	if (!dictfile_present(dir, file))
		return 0;
	r = dictfile_read(dir, file, fn, g, NULL, errbuf, errbufsz);
	return r < 0 ? r : 0;
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
	    (g->country_of = malloc(26 * 26 * 26 * sizeof(*g->country_of))) == NULL)
		goto fail;
	memset(g->country_of, 0xff, 26 * 26 * 26 * sizeof(*g->country_of));
	if ((r = reserve(g, dir)) < 0 ||
	    (r = read_optional(dir, POINTS, gzfiles_point, g, errbuf, errbufsz)) < 0 ||
	    (r = read_optional(dir, COUNTRIES, gzfiles_country_name, g, errbuf, errbufsz)) < 0 ||
	    (r = read_optional(dir, DEMONYMS, gzfiles_demonym, g, errbuf, errbufsz)) < 0 ||
	    (r = read_optional(dir, ADMIN1, gzfiles_admin1, g, errbuf, errbufsz)) < 0 ||
	    (r = read_optional(dir, COUNTIES, gzfiles_county, g, errbuf, errbufsz)) < 0 ||
	    (r = dictfile_read(dir, CITIES, gzfiles_city_tsv, g, NULL, errbuf, errbufsz)) < 0 ||
	    (r = dictfile_read(dir, PLACES, placestxt_line, g, NULL, errbuf, errbufsz)) < 0 ||
	    (r = finish(g)) < 0 || (r = gz_lookup_build(g)) < 0 || (r = gz_lone_build(g)) < 0)
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
	gz_lookup_free(g);
	phrasetab_free(g->tab);
	arena_free(g->arena);
	free(g->places);
	free(g->phrases);
	free(g->links);
	free(g->cands);
	free(g->out);
	free(g->country_of);
	free(g);
}

void
gazetteer_stats(const struct gazetteer *g, struct gazetteer_stats *ret)
{
	struct phrasetab_stats ps;

	ret->places = g->nplaces;
	ret->phrases = g->nphrases;
	phrasetab_stats(g->tab, &ps);
	ret->bytes = sizeof(*g) + arena_bytes(g->arena) + ps.bytes + g->capplaces * sizeof(*g->places) +
	    g->ncands * sizeof(*g->cands) + g->nphrases * sizeof(*g->out) +
	    26 * 26 * 26 * sizeof(*g->country_of) + gz_lookup_bytes(g);
}
