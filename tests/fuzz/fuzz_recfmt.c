/*
 * fuzz_recfmt: libFuzzer target for the CLI's record writers (recfmt.h):
 * JSON lines, TSV, CSV and GeoJSON.
 *
 * One input is one record as JSON (any bytes). Each format writes its
 * opening, the record twice (so GeoJSON's separator is exercised) and its
 * end. Besides what the sanitisers catch, the target aborts when a contract
 * is broken:
 *   - a record is refused only with -EINVAL, and by TSV, CSV and GeoJSON
 *     alike (all three read the same object); JSON lines pass the record
 *     through as given, with a newline;
 *   - a TSV line has as many fields as the header, no tab or CR inside a
 *     field, and ends in one newline; a CSV line, read as RFC 4180 says, has
 *     as many fields as the header, whatever the record's cells hold;
 *   - the GeoJSON output, opening + features + end, is one JSON object that
 *     jansson reads, a FeatureCollection whose features are Points;
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "recfmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NCOLUMNS (sizeof((const char *[]){RECFMT_COLUMNS}) / sizeof(const char *))

static void fail(const char *) __attribute__((noreturn));

static void
fail(const char *rule)
{
	fprintf(stderr, "fuzz_recfmt: broken rule: %s\n", rule);
	abort();
}

static void
check_tsv(const char *line)
{
	size_t n = strlen(line), fields = 1;

	if (n == 0 || line[n - 1] != '\n' || memchr(line, '\n', n - 1) != NULL ||
	    memchr(line, '\r', n) != NULL)
		fail("a TSV line is not one line");
	for (size_t i = 0; i < n; i++)
		fields += line[i] == '\t';
	if (fields != NCOLUMNS)
		fail("a TSV line has not as many fields as the header");
}

static void
check_csv(const char *line)
{
	size_t n = strlen(line), fields = 1, i = 0;

	while (i < n) {
		if (line[i] == '"') {
			for (i++;; i++) {
				if (i >= n)
					fail("a CSV quoted field is not closed");
				if (line[i] == '"' && line[i + 1] == '"')
					i++;
				else if (line[i] == '"')
					break;
			}
			i++;
			if (i < n && line[i] != ',' && !(line[i] == '\n' && i == n - 1) &&
			    !(line[i] == '\r' && i == n - 2))
				fail("a CSV quoted field goes on after its quote");
		}
		while (i < n && line[i] != ',' && line[i] != '\n')
			if (line[i++] == '"')
				fail("a CSV unquoted field holds a quote");
		if (i < n && line[i] == ',')
			fields++;
		else if (i < n && i != n - 1)
			fail("a CSV record holds a bare line break");
		i++;
	}
	if (n == 0 || line[n - 1] != '\n')
		fail("a CSV line does not end in a newline");
	if (fields != NCOLUMNS)
		fail("a CSV line has not as many fields as the header");
}

static void
check_geojson(const char *all)
{
	json_error_t jerr;
	json_t *root = json_loads(all, 0, &jerr), *features, *f;
	size_t i;

	if (root == NULL || !json_is_object(root))
		fail("GeoJSON output is not one JSON object");
	if (strcmp(json_string_value(json_object_get(root, "type")) ?: "", "FeatureCollection") != 0)
		fail("GeoJSON output is not a FeatureCollection");
	if (!json_is_array(features = json_object_get(root, "features")))
		fail("GeoJSON output without a features array");
	json_array_foreach(features, i, f) {
		json_t *g = json_object_get(f, "geometry");

		if (strcmp(json_string_value(json_object_get(g, "type")) ?: "", "Point") != 0 ||
		    json_array_size(json_object_get(g, "coordinates")) != 2)
			fail("a GeoJSON feature is not a Point with two coordinates");
	}
	json_decref(root);
}

static char *
append(char *buf, size_t *len, const char *s)
{
	size_t n = strlen(s);
	char *p = realloc(buf, *len + n + 1);

	if (p == NULL)
		fail("out of memory");
	memcpy(p + *len, s, n + 1);
	*len += n;
	return p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum recfmt fmts[] = {RECFMT_JSONL, RECFMT_TSV, RECFMT_CSV, RECFMT_GEOJSON};
	int refused = -1;

	for (size_t k = 0; k < sizeof(fmts) / sizeof(fmts[0]); k++) {
		struct recfmt_writer w = {fmts[k], 0};
		char *head = recfmt_begin(&w), *all = NULL, *out = NULL;
		size_t alllen = 0;
		int r = 0;

		if (head == NULL)
			fail("recfmt_begin returned NULL");
		all = append(all, &alllen, head);
		free(head);
		for (int twice = 0; twice < 2 && r == 0; twice++) {
			out = NULL;
			r = recfmt_record(&w, (const char *)data, size, &out);
			if (r == -EINVAL)
				break;
			if (r != 0 || out == NULL)
				fail("recfmt_record failed other than -EINVAL");
			if (fmts[k] == RECFMT_TSV)
				check_tsv(out);
			else if (fmts[k] == RECFMT_CSV)
				check_csv(out);
			else if (fmts[k] == RECFMT_JSONL &&
				 (memcmp(out, data, size) != 0 || out[size] != '\n'))
				fail("a JSON line is not the record as given and a newline");
			if (fmts[k] != RECFMT_JSONL)
				all = append(all, &alllen, out);
			free(out);
		}
		if (fmts[k] != RECFMT_JSONL && refused >= 0 && refused != (r == -EINVAL))
			fail("one format refused a record another took");
		if (fmts[k] != RECFMT_JSONL)
			refused = r == -EINVAL;
		all = append(all, &alllen, recfmt_end(&w));
		if (fmts[k] == RECFMT_GEOJSON)
			check_geojson(all);
		free(all);
	}
	return 0;
}
