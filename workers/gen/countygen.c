/*
 * countygen: write the counties of the United States for the gazetteer
 * (workers/gazetteer.h), at build time.
 *
 *   countygen COUNTIES_TOPOJSON ADMIN1_TSV CITIES_TSV > counties.tsv
 *
 * COUNTIES_TOPOJSON is counties-10m.json of the npm package us-atlas (ISC;
 * the data is the Census Bureau's cartographic county boundaries, 2017, in
 * the public domain): a TopoJSON topology whose object "counties" holds one
 * Polygon or MultiPolygon per county, its id the five-digit FIPS code
 * (state and county), its name without "County"; "states" names the states
 * by their two-digit FIPS code. Arcs are quantised and delta-encoded
 * (TopoJSON specification, "transform").
 *
 * ADMIN1_TSV and CITIES_TSV are the gazetteer's admin1.tsv and cities.tsv
 * (workers/gen/gazgen.c): a state's name gives its GeoNames code ("Iowa"
 * -> "IA"), and the populated places inside a county give its population.
 *
 * counties.tsv, one line per county, in the package's order:
 *
 *	ISO3 ADMIN1 FIPS NAME LAT LON POPULATION
 *
 * ISO3 is "USA"; ADMIN1 the state's code; NAME "Plymouth County" (Louisiana:
 * "Orleans Parish"); LAT LON the centre of the county's area (the centroid
 * of its polygons, holes taken out); POPULATION the sum of the places of
 * cities.tsv (sections of cities left out) that lie inside it, 0 if none.
 * Alaska's boroughs and census areas, the independent cities (FIPS county
 * 500 and up in Virginia, Maryland, Missouri and Nevada), the District of
 * Columbia and the territories are left out: news does not name them
 * "X County".
 *
 * Exit status: 0, or 1 on a missing, malformed or empty input.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pt {
	double	x, y;		/* longitude, latitude */
};

struct ring {
	struct pt	*p;
	size_t		 n;
	int		 hole;
};

struct county {
	char		 fips[6], state[3], name[96];
	struct ring	*r;
	size_t		 nr;
	double		 minx, miny, maxx, maxy, lat, lon;
	unsigned long	 pop;
};

struct topo {
	struct pt	**arc;		/* decoded arcs */
	size_t		 *narc;
	size_t		  n;
};

static void
die(const char *what)
{
	fprintf(stderr, "countygen: %s\n", what);
	exit(1);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		die("out of memory");
	return p;
}

/* Decode the quantised, delta-encoded arcs of the topology. */
static void
decode_arcs(json_t *root, struct topo *t)
{
	json_t	*arcs = json_object_get(root, "arcs"), *tr = json_object_get(root, "transform");
	json_t	*scale = json_object_get(tr, "scale"), *trans = json_object_get(tr, "translate");
	double	 sx = json_number_value(json_array_get(scale, 0)), sy = json_number_value(json_array_get(scale, 1));
	double	 tx = json_number_value(json_array_get(trans, 0)), ty = json_number_value(json_array_get(trans, 1));

	if (!json_is_array(arcs) || sx == 0 || sy == 0)
		die("not a quantised TopoJSON topology");
	t->n = json_array_size(arcs);
	t->arc = xrealloc(NULL, t->n * sizeof(*t->arc));
	t->narc = xrealloc(NULL, t->n * sizeof(*t->narc));
	for (size_t i = 0; i < t->n; i++) {
		json_t	*a = json_array_get(arcs, i);
		double	 x = 0, y = 0;

		t->narc[i] = json_array_size(a);
		t->arc[i] = xrealloc(NULL, t->narc[i] * sizeof(**t->arc));
		for (size_t k = 0; k < t->narc[i]; k++) {
			json_t *q = json_array_get(a, k);

			x += json_number_value(json_array_get(q, 0));
			y += json_number_value(json_array_get(q, 1));
			t->arc[i][k] = (struct pt){ x * sx + tx, y * sy + ty };
		}
	}
}

/* A ring from its arc indices (~i: arc i reversed), each arc's first point shared with the last. */
static void
build_ring(const struct topo *t, json_t *idx, struct ring *r)
{
	r->p = NULL;
	r->n = 0;
	for (size_t a = 0; a < json_array_size(idx); a++) {
		json_int_t	 i = json_integer_value(json_array_get(idx, a));
		size_t		 arc = (size_t)(i < 0 ? ~i : i), m;

		if (arc >= t->n)
			die("arc index out of range");
		m = t->narc[arc];
		r->p = xrealloc(r->p, (r->n + m) * sizeof(*r->p));
		for (size_t k = a > 0 ? 1 : 0; k < m; k++)
			r->p[r->n++] = t->arc[arc][i < 0 ? m - 1 - k : k];
	}
}

/* Signed area and centroid sums of a ring (shoelace, in degrees). */
static double
ring_area(const struct ring *r, double *cx, double *cy)
{
	double a = 0;

	*cx = *cy = 0;
	for (size_t i = 0; i + 1 < r->n; i++) {
		double c = r->p[i].x * r->p[i + 1].y - r->p[i + 1].x * r->p[i].y;

		a += c;
		*cx += (r->p[i].x + r->p[i + 1].x) * c;
		*cy += (r->p[i].y + r->p[i + 1].y) * c;
	}
	return a / 2;
}

static void
add_polygon(const struct topo *t, json_t *rings, struct county *c)
{
	for (size_t k = 0; k < json_array_size(rings); k++) {
		c->r = xrealloc(c->r, (c->nr + 1) * sizeof(*c->r));
		build_ring(t, json_array_get(rings, k), &c->r[c->nr]);
		c->r[c->nr++].hole = k > 0;
	}
}

/* The centre of the county's area, its box, from its rings. */
static int
finish(struct county *c)
{
	double A = 0, X = 0, Y = 0;

	c->minx = c->miny = 1e9;
	c->maxx = c->maxy = -1e9;
	for (size_t i = 0; i < c->nr; i++) {
		double cx, cy, a = ring_area(&c->r[i], &cx, &cy);
		/* Whatever the winding, an outer ring adds its area and a hole takes it out. */
		double w = c->r[i].hole ? -fabs(a) : fabs(a);

		if (a != 0) {
			A += w;
			X += w * cx / (6 * a);
			Y += w * cy / (6 * a);
		}
		for (size_t k = 0; k < c->r[i].n; k++) {
			c->minx = fmin(c->minx, c->r[i].p[k].x);
			c->maxx = fmax(c->maxx, c->r[i].p[k].x);
			c->miny = fmin(c->miny, c->r[i].p[k].y);
			c->maxy = fmax(c->maxy, c->r[i].p[k].y);
		}
	}
	if (!(A > 0))
		return -1;
	c->lon = X / A;
	c->lat = Y / A;
	return 0;
}

/* Is (x, y) inside the county (even-odd over all its rings)? */
static int
inside(const struct county *c, double x, double y)
{
	int in = 0;

	if (x < c->minx || x > c->maxx || y < c->miny || y > c->maxy)
		return 0;
	for (size_t i = 0; i < c->nr; i++) {
		const struct ring *r = &c->r[i];

		for (size_t a = 0, b = r->n - 1; a < r->n; b = a++)
			if ((r->p[a].y > y) != (r->p[b].y > y) &&
			    x < (r->p[b].x - r->p[a].x) * (y - r->p[a].y) / (r->p[b].y - r->p[a].y) + r->p[a].x)
				in = !in;
	}
	return in;
}

/* Split line into at most max TAB-separated fields (modified in place). */
static size_t
fields(char *line, char **f, size_t max)
{
	size_t n = 0;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = line;
		if ((line = strchr(line, '\t')) == NULL)
			break;
		*line++ = '\0';
	}
	return n;
}

/* The GeoNames code of each state, from admin1.tsv: name -> code. */
struct state {
	char	name[64], code[8];
};

static size_t
read_states(const char *path, struct state **ret)
{
	FILE		*fp = fopen(path, "r");
	char		*line = NULL, *f[8];
	size_t		 cap = 0, n = 0;
	struct state	*s = NULL;

	if (fp == NULL)
		die("cannot open admin1.tsv");
	while (getline(&line, &cap, fp) != -1) {
		if (fields(line, f, 8) < 3 || strcmp(f[0], "USA") != 0 || strlen(f[1]) >= sizeof(s->code) ||
		    strlen(f[2]) >= sizeof(s->name))
			continue;
		s = xrealloc(s, (n + 1) * sizeof(*s));
		strcpy(s[n].name, f[2]);
		strcpy(s[n++].code, f[1]);
	}
	free(line);
	fclose(fp);
	*ret = s;
	return n;
}

int
main(int argc, char **argv)
{
	json_error_t	 err;
	json_t		*root, *counties, *states;
	struct topo	 t = { 0 };
	struct state	*st;
	struct county	*c = NULL;
	size_t		 nst, nc = 0;
	FILE		*fp;
	char		*line = NULL, *f[10];
	size_t		 cap = 0;

	if (argc != 4)
		die("usage: countygen COUNTIES_TOPOJSON ADMIN1_TSV CITIES_TSV");
	if ((root = json_load_file(argv[1], 0, &err)) == NULL)
		die("cannot read the TopoJSON file");
	decode_arcs(root, &t);
	counties = json_object_get(json_object_get(json_object_get(root, "objects"), "counties"), "geometries");
	states = json_object_get(json_object_get(json_object_get(root, "objects"), "states"), "geometries");
	nst = read_states(argv[2], &st);
	for (size_t i = 0; i < json_array_size(counties); i++) {
		json_t		*o = json_array_get(counties, i), *arcs = json_object_get(o, "arcs");
		const char	*id = json_string_value(json_object_get(o, "id"));
		const char	*name = json_string_value(json_object_get(json_object_get(o, "properties"), "name"));
		const char	*sname = NULL, *type = json_string_value(json_object_get(o, "type"));
		const char	*scode = NULL;
		struct county	*k;
		int		 cnum;

		if (id == NULL || name == NULL || type == NULL || strlen(id) != 5)
			continue;
		cnum = atoi(id + 2);
		if (strncmp(id, "02", 2) == 0 || strncmp(id, "11", 2) == 0 || (cnum >= 500 &&
		    (strncmp(id, "51", 2) == 0 || strncmp(id, "24", 2) == 0 || strncmp(id, "29", 2) == 0 ||
		    strncmp(id, "32", 2) == 0)))
			continue;
		for (size_t s = 0; s < json_array_size(states); s++) {
			json_t *so = json_array_get(states, s);

			if (strncmp(json_string_value(json_object_get(so, "id")), id, 2) == 0)
				sname = json_string_value(json_object_get(json_object_get(so, "properties"), "name"));
		}
		for (size_t s = 0; sname != NULL && s < nst; s++)
			if (strcmp(st[s].name, sname) == 0)
				scode = st[s].code;
		if (scode == NULL)
			continue;	/* a territory */
		c = xrealloc(c, (nc + 1) * sizeof(*c));
		k = &c[nc];
		memset(k, 0, sizeof(*k));
		memcpy(k->fips, id, 6);
		snprintf(k->state, sizeof(k->state), "%s", scode);
		snprintf(k->name, sizeof(k->name), "%s %s", name, strcmp(sname, "Louisiana") == 0 ? "Parish" : "County");
		if (strcmp(type, "Polygon") == 0)
			add_polygon(&t, arcs, k);
		else if (strcmp(type, "MultiPolygon") == 0)
			for (size_t p = 0; p < json_array_size(arcs); p++)
				add_polygon(&t, json_array_get(arcs, p), k);
		if (k->nr > 0 && finish(k) == 0)
			nc++;
	}
	if (nc == 0)
		die("no counties");
	if ((fp = fopen(argv[3], "r")) == NULL)
		die("cannot open cities.tsv");
	while (getline(&line, &cap, fp) != -1) {
		double x, y;

		if (fields(line, f, 10) < 8 || strcmp(f[2], "USA") != 0 || strcmp(f[7], "PPLX") == 0)
			continue;
		y = atof(f[3]);
		x = atof(f[4]);
		for (size_t i = 0; i < nc; i++)
			if (strcmp(c[i].state, f[6]) == 0 && inside(&c[i], x, y)) {
				c[i].pop += strtoul(f[5], NULL, 10);
				break;
			}
	}
	free(line);
	fclose(fp);
	for (size_t i = 0; i < nc; i++)
		printf("USA\t%s\t%s\t%s\t%.4f\t%.4f\t%lu\n", c[i].state, c[i].fips, c[i].name, c[i].lat, c[i].lon,
		    c[i].pop);
	return 0;
}
