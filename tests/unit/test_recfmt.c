/*
 * Unit tests for workers/recfmt.c: one hand-written record in each format.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "recfmt.h"

#define RECORD "{\"event_id\": \"0123456789abcdef\", \"article_id\": \"a,1\", \"date\": \"2007-05-28\", " \
	"\"date_basis\": \"relative\", \"code\": \"0421\", \"root_code\": \"04\", \"quad_class\": 1, " \
	"\"goldstein\": 1.9, \"plover\": \"CONSULT\", \"negated\": false, \"tone\": null, " \
	"\"source_actor\": {\"code\": \"USAGOV\", \"country\": \"USA\", \"role\": \"GOV\", \"text\": \"the \\\"U.S.\\\"\"}, " \
	"\"target_actor\": null, \"url\": \"https://w.invalid/a\", " \
	"\"location\": {\"name\": \"Baghdad\", \"country\": \"IRQ\", \"latitude\": 33.34, \"longitude\": 44.4, \"kind\": \"capital\"}, " \
	"\"sentence\": {\"index\": 0, \"text\": \"They met,\\tthen\\nleft.\", \"start\": 0, \"end\": 20}}"

#define NOLOC "{\"event_id\": \"x\", \"location\": null}"

static char *
line_of(enum recfmt f, const char *json)
{
	struct recfmt_writer	 w = { .fmt = f };
	char			*head = recfmt_begin(&w), *out = NULL;

	assert_non_null(head);
	free(head);
	assert_int_equal(recfmt_record(&w, json, strlen(json), &out), 0);
	return out;
}

static void
test_recfmt_csv_quotes_as_rfc_4180(void **state)
{
	char *s = line_of(RECFMT_CSV, RECORD);

	(void)state;
	assert_string_equal(s, "0123456789abcdef,\"a,1\",20070528,2007-05-28,relative,USAGOV,"
	    "\"the \"\"U.S.\"\"\",USA,GOV,,,,,0421,042,04,1,1.9,,CONSULT,false,Baghdad,IRQ,33.34,44.4,"
	    "https://w.invalid/a,\"They met,\tthen\nleft.\"\r\n");
	free(s);
}

static void
test_recfmt_tsv_keeps_each_record_on_one_line(void **state)
{
	char *s = line_of(RECFMT_TSV, RECORD);

	(void)state;
	assert_string_equal(s, "0123456789abcdef\ta,1\t20070528\t2007-05-28\trelative\tUSAGOV\t"
	    "the \"U.S.\"\tUSA\tGOV\t\t\t\t\t0421\t042\t04\t1\t1.9\t\tCONSULT\tfalse\tBaghdad\tIRQ\t33.34\t"
	    "44.4\thttps://w.invalid/a\tThey met, then left.\n");
	free(s);
}

/* SQLDATE and EventBaseCode are cut from "date" and "code"; a record from elsewhere may hold anything there. */
#define ODD_DATE_CODE "{\"event_id\": \"e\", \"date\": \",0\\t7-05-29\", \"code\": \"0,\\\"\\n1\"}"

static void
test_recfmt_sqldate_and_base_code_are_quoted_like_every_cell(void **state)
{
	char *csv = line_of(RECFMT_CSV, ODD_DATE_CODE), *tsv = line_of(RECFMT_TSV, ODD_DATE_CODE);

	(void)state;
	assert_string_equal(csv, "e,,\",0\t70529\",\",0\t7-05-29\"" ",,,,,,,,,," "\"0,\"\"\n1\",\"0,\"\"\""
	    ",,,,,,,,,,,,\r\n");
	assert_string_equal(tsv, "e\t\t,0 70529\t,0 7-05-29" "\t\t\t\t\t\t\t\t\t\t" "0,\" 1\t0,\""
	    "\t\t\t\t\t\t\t\t\t\t\t\t\n");
	free(csv);
	free(tsv);
}

static void
test_recfmt_header_has_one_name_per_column(void **state)
{
	struct recfmt_writer	 w = { .fmt = RECFMT_TSV };
	char			*h = recfmt_begin(&w), *row = line_of(RECFMT_TSV, RECORD);
	size_t			 hc = 0, rc = 0;

	(void)state;
	for (char *p = h; *p; p++)
		hc += *p == '\t';
	for (char *p = row; *p; p++)
		rc += *p == '\t';
	assert_int_equal(hc, rc);
	assert_int_equal(strncmp(h, "GLOBALEVENTID\tarticle_id\tSQLDATE\t", 33), 0);
	free(h);
	free(row);
}

static void
test_recfmt_geojson_makes_a_point_feature_of_a_located_record(void **state)
{
	struct recfmt_writer	 w = { .fmt = RECFMT_GEOJSON };
	char			*open = recfmt_begin(&w), *a = NULL, *b = NULL, *none = NULL, *doc;
	json_t			*fc, *f;
	json_error_t		 err;

	(void)state;
	assert_int_equal(recfmt_record(&w, RECORD, strlen(RECORD), &a), 0);
	assert_int_equal(recfmt_record(&w, NOLOC, strlen(NOLOC), &none), 0);
	assert_string_equal(none, "");
	assert_int_equal(recfmt_record(&w, RECORD, strlen(RECORD), &b), 0);
	assert_int_equal(asprintf(&doc, "%s%s%s%s%s", open, a, none, b, recfmt_end(&w)) > 0, 1);
	fc = json_loads(doc, 0, &err);
	assert_non_null(fc);
	assert_string_equal(json_string_value(json_object_get(fc, "type")), "FeatureCollection");
	assert_int_equal(json_array_size(json_object_get(fc, "features")), 2);
	f = json_array_get(json_object_get(fc, "features"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "id")), "0123456789abcdef");
	assert_true(json_real_value(json_array_get(json_object_get(json_object_get(f, "geometry"),
	    "coordinates"), 0)) == 44.4);
	assert_string_equal(json_string_value(json_object_get(json_object_get(f, "properties"),
	    "plover")), "CONSULT");
	json_decref(fc);
	free(open);
	free(a);
	free(b);
	free(none);
	free(doc);
}

static void
test_recfmt_refuses_what_is_not_a_record(void **state)
{
	struct recfmt_writer	 w = { .fmt = RECFMT_CSV };
	enum recfmt		 f;
	char			*s = NULL;

	(void)state;
	assert_int_equal(recfmt_record(&w, "[1]", 3, &s), -EINVAL);
	assert_int_equal(recfmt_record(&w, "{\"code\": \"01\"}", strlen("{\"code\": \"01\"}"), &s), -EINVAL);
	assert_int_equal(recfmt_record(&w, "{nope", 5, &s), -EINVAL);
	assert_int_equal(recfmt_parse("geojson", &f), 0);
	assert_int_equal(f, RECFMT_GEOJSON);
	assert_int_equal(recfmt_parse("CSV", &f), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_recfmt_csv_quotes_as_rfc_4180),
	    cmocka_unit_test(test_recfmt_tsv_keeps_each_record_on_one_line),
	    cmocka_unit_test(test_recfmt_sqldate_and_base_code_are_quoted_like_every_cell),
	    cmocka_unit_test(test_recfmt_header_has_one_name_per_column),
	    cmocka_unit_test(test_recfmt_geojson_makes_a_point_feature_of_a_located_record),
	    cmocka_unit_test(test_recfmt_refuses_what_is_not_a_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
