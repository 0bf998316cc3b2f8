/*
 * recfmt: one record at a time from the JSON record into a table line or a
 * GeoJSON feature.
 *
 * The input is the serialised record, the contract downstream sees, rather
 * than the coder's structures: every format then says exactly what the
 * JSON says, and a new format needs nothing from the coder. Numbers are
 * printed as jansson reads them back (%.17g trimmed by json_dumps for the
 * GeoJSON, %g-style for tables), and a missing or null field is an empty
 * cell.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "recfmt.h"

static const char *const columns[] = { RECFMT_COLUMNS };
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

int
recfmt_parse(const char *name, enum recfmt *ret)
{
	static const char *const names[] = { "jsonl", "tsv", "csv", "geojson" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0) {
			*ret = (enum recfmt)i;
			return 0;
		}
	return -1;
}

/* An in-memory stream with its buffer. */
struct mem {
	FILE	*fp;
	char	*p;
	size_t	 n;
};

static int
mem_open(struct mem *m)
{
	m->p = NULL;
	m->n = 0;
	return (m->fp = open_memstream(&m->p, &m->n)) == NULL ? -ENOMEM : 0;
}

static char *
mem_close(struct mem *m)
{
	if (fclose(m->fp) != 0) {
		free(m->p);
		return NULL;
	}
	return m->p;
}

static void
put_cell(FILE *fp, enum recfmt fmt, const char *s)
{
	if (fmt == RECFMT_TSV) {
		for (; *s; s++)
			fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, fp);
		return;
	}
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

char *
recfmt_begin(struct recfmt_writer *w)
{
	struct mem m;

	w->features = 0;
	if (w->fmt == RECFMT_JSONL)
		return strdup("");
	if (w->fmt == RECFMT_GEOJSON)
		return strdup("{\"type\": \"FeatureCollection\", \"features\": [\n");
	if (mem_open(&m) < 0)
		return NULL;
	for (size_t i = 0; i < NCOLUMNS; i++) {
		if (i > 0)
			fputc(w->fmt == RECFMT_TSV ? '\t' : ',', m.fp);
		put_cell(m.fp, w->fmt, columns[i]);
	}
	fputs(w->fmt == RECFMT_CSV ? "\r\n" : "\n", m.fp);
	return mem_close(&m);
}

const char *
recfmt_end(const struct recfmt_writer *w)
{
	return w->fmt == RECFMT_GEOJSON ? "]}\n" : "";
}

/* The value at a dotted path ("source_actor.code"), or NULL. */
static json_t *
at(json_t *o, const char *path)
{
	char	key[64];

	while (o != NULL && json_is_object(o)) {
		const char	*dot = strchr(path, '.');
		size_t		 n = dot != NULL ? (size_t)(dot - path) : strlen(path);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		if (dot == NULL)
			return o;
		path = dot + 1;
	}
	return NULL;
}

/* A scalar as cell text into buf: strings as they are, numbers, booleans; "" otherwise. */
static const char *
cell(json_t *v, char *buf, size_t bufsz)
{
	if (v == NULL)
		return "";
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_value(v);
	case JSON_INTEGER:
		snprintf(buf, bufsz, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	case JSON_REAL:
		snprintf(buf, bufsz, "%.10g", json_real_value(v));
		return buf;
	case JSON_TRUE:
		return "true";
	case JSON_FALSE:
		return "false";
	default:
		return "";
	}
}

static int
table_line(struct recfmt_writer *w, json_t *r, char **ret)
{
	static const char *const paths[NCOLUMNS] = {
		"event_id", "article_id", NULL, "date", "date_basis",
		"source_actor.code", "source_actor.text", "source_actor.country", "source_actor.role",
		"target_actor.code", "target_actor.text", "target_actor.country", "target_actor.role",
		"code", NULL, "root_code", "quad_class", "goldstein",
		"tone", "plover", "negated", "location.name", "location.country",
		"location.latitude", "location.longitude", "url", "sentence.text",
	};
	struct mem	m;
	char		buf[64], cut[16];

	if (mem_open(&m) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < NCOLUMNS; i++) {
		const char *s;

		if (i > 0)
			fputc(w->fmt == RECFMT_TSV ? '\t' : ',', m.fp);
		if (i == 2) {		/* SQLDATE: YYYYMMDD, only for a full date */
			const char *d = cell(at(r, "date"), buf, sizeof(buf));

			if (strlen(d) == 10)
				snprintf(cut, sizeof(cut), "%.4s%.2s%.2s", d, d + 5, d + 8);
			else
				cut[0] = '\0';
			s = cut;
		} else if (i == 14) {	/* EventBaseCode: the code's first three digits */
			snprintf(cut, sizeof(cut), "%.3s", cell(at(r, "code"), buf, sizeof(buf)));
			s = cut;
		} else {
			s = cell(at(r, paths[i]), buf, sizeof(buf));
		}
		/* The cut columns too: a record from elsewhere may hold anything in "date" and "code". */
		put_cell(m.fp, w->fmt, s);
	}
	fputs(w->fmt == RECFMT_CSV ? "\r\n" : "\n", m.fp);
	return (*ret = mem_close(&m)) == NULL ? -ENOMEM : 0;
}

static int
feature(struct recfmt_writer *w, json_t *r, char **ret)
{
	static const char *const props[] = { "event_id", "article_id", "date", "code", "root_code",
	    "label", "quad_class", "goldstein", "tone", "plover", "url" };
	json_t	*loc = at(r, "location"), *lat = at(r, "location.latitude"),
		*lon = at(r, "location.longitude"), *f, *p;
	char	*s;

	if (loc == NULL || !json_is_object(loc) || !json_is_number(lat) || !json_is_number(lon))
		return (*ret = strdup("")) == NULL ? -ENOMEM : 0;
	p = json_object();
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		json_t *v = json_object_get(r, props[i]);

		if (v != NULL)
			json_object_set(p, props[i], v);
	}
	json_object_set(p, "source_actor", at(r, "source_actor.code") ? at(r, "source_actor.code") : json_null());
	json_object_set(p, "target_actor", at(r, "target_actor.code") ? at(r, "target_actor.code") : json_null());
	json_object_set(p, "location", at(r, "location.name"));
	json_object_set(p, "sentence", at(r, "sentence.text") ? at(r, "sentence.text") : json_null());
	f = json_pack("{s:s, s:O, s:{s:s, s:[O, O]}, s:o}", "type", "Feature", "id",
	    json_object_get(r, "event_id"), "geometry", "type", "Point", "coordinates", lon, lat,
	    "properties", p);
	if (f == NULL)
		return -ENOMEM;
	s = json_dumps(f, JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(f);
	if (s == NULL)
		return -ENOMEM;
	if (asprintf(ret, "%s%s", w->features > 0 ? ",\n" : "", s) < 0) {
		free(s);
		return -ENOMEM;
	}
	free(s);
	w->features++;
	return 0;
}

int
recfmt_record(struct recfmt_writer *w, const char *json, size_t len, char **ret)
{
	json_error_t	 err;
	json_t		*r;
	int		 rc;

	if (w->fmt == RECFMT_JSONL) {
		if ((*ret = malloc(len + 2)) == NULL)
			return -ENOMEM;
		memcpy(*ret, json, len);
		(*ret)[len] = '\n';
		(*ret)[len + 1] = '\0';
		return 0;
	}
	if ((r = json_loadb(json, len, 0, &err)) == NULL)
		return -EINVAL;
	if (!json_is_object(r) || !json_is_string(json_object_get(r, "event_id"))) {
		json_decref(r);
		return -EINVAL;
	}
	rc = w->fmt == RECFMT_GEOJSON ? feature(w, r, ret) : table_line(w, r, ret);
	json_decref(r);
	return rc;
}
