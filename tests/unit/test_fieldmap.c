/*
 * Unit tests for workers/fieldmap.c: shapes recognised by their members,
 * the order names are tried in, and configured names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "fieldmap.h"

static json_t *
obj(const char *s)
{
	json_error_t	 err;
	json_t		*o = json_loads(s, 0, &err);

	assert_non_null(o);
	return o;
}

static const char *
get(const struct fieldmap *m, const char *json, enum afield f)
{
	static char	 buf[128];
	json_t		*o = obj(json), *v = fieldmap_get(m, fieldmap_shape(o), o, f, NULL);

	snprintf(buf, sizeof(buf), "%s", v == NULL ? "(none)" : json_is_string(v) ?
	    json_string_value(v) : "(not a string)");
	json_decref(o);
	return buf;
}

static void
test_fieldmap_recognises_each_crawler_shape_by_its_members(void **state)
{
	static const struct { const char *json; enum ashape shape; } cases[] = {
		{ "{\"text\": \"x\", \"source\": \"Wire\"}", SHAPE_ARTICLE },
		{ "{\"maintext\": null}", SHAPE_NEWSPLEASE },
		{ "{\"date_publish\": \"2017-02-17 07:01:14\", \"text\": \"x\"}", SHAPE_NEWSPLEASE },
		{ "{\"source_domain\": \"a.b\"}", SHAPE_NEWSPLEASE },
		{ "{\"fingerprint\": \"f\", \"text\": \"x\"}", SHAPE_TRAFILATURA },
		{ "{\"raw_text\": \"x\"}", SHAPE_TRAFILATURA },
		{ "{\"hostname\": \"a.b\", \"text\": \"x\"}", SHAPE_TRAFILATURA },
		{ "{\"source-hostname\": \"A\"}", SHAPE_TRAFILATURA },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *o = obj(cases[i].json);

		assert_int_equal(fieldmap_shape(o), cases[i].shape);
		json_decref(o);
	}
}

static void
test_fieldmap_takes_each_shapes_own_names_in_order(void **state)
{
	(void)state;
	assert_string_equal(get(NULL, "{\"maintext\": \"M\", \"text\": \"T\"}", AF_TEXT), "M");
	assert_string_equal(get(NULL, "{\"maintext\": null, \"text\": null, \"description\": \"D\"}",
	    AF_TEXT), "D");
	assert_string_equal(get(NULL, "{\"maintext\": \"M\", \"date_publish\": \"P\"}", AF_PUBLISHED_AT), "P");
	assert_string_equal(get(NULL, "{\"maintext\": \"M\", \"source_domain\": \"S\"}", AF_SOURCE), "S");
	/* Trafilatura's "source" is the page URL, never the publisher. */
	assert_string_equal(get(NULL, "{\"fingerprint\": \"F\", \"source\": \"https://u\"}", AF_URL),
	    "https://u");
	assert_string_equal(get(NULL, "{\"fingerprint\": \"F\", \"source\": \"https://u\"}", AF_SOURCE),
	    "(none)");
	assert_string_equal(get(NULL, "{\"fingerprint\": \"F\", \"id\": null}", AF_ID), "F");
	assert_string_equal(get(NULL, "{\"hostname\": \"h\", \"source-hostname\": \"S\"}", AF_SOURCE), "h");
	assert_string_equal(get(NULL, "{\"raw_text\": \"R\", \"text\": null}", AF_TEXT), "R");
	assert_string_equal(get(NULL, "{\"text\": \"x\", \"source\": \"Wire\"}", AF_SOURCE), "Wire");
	assert_string_equal(get(NULL, "{\"text\": \"x\", \"raw_html\": \"<p>\"}", AF_HTML), "<p>");
	assert_string_equal(get(NULL, "{\"text\": \"x\"}", AF_HTML), "(none)");
}

static void
test_fieldmap_tries_configured_names_first_then_the_shapes(void **state)
{
	struct fieldmap	*m = fieldmap_new();
	char		 err[256], tried[256];

	(void)state;
	assert_non_null(m);
	assert_int_equal(fieldmap_set(m, "text", " body , content ", err, sizeof(err)), 0);
	assert_int_equal(fieldmap_set(m, "published_at", "when", err, sizeof(err)), 0);
	assert_string_equal(get(m, "{\"body\": \"B\", \"text\": \"T\"}", AF_TEXT), "B");
	assert_string_equal(get(m, "{\"content\": \"C\", \"text\": \"T\"}", AF_TEXT), "C");
	assert_string_equal(get(m, "{\"body\": null, \"text\": \"T\"}", AF_TEXT), "T");
	assert_string_equal(get(m, "{\"maintext\": \"M\", \"body\": \"B\"}", AF_TEXT), "B");
	assert_string_equal(get(m, "{\"when\": \"W\", \"published_at\": \"P\"}", AF_PUBLISHED_AT), "W");
	assert_string_equal(fieldmap_tried(m, SHAPE_NEWSPLEASE, AF_TEXT, tried, sizeof(tried)),
	    "\"body\", \"content\", \"maintext\", \"text\", \"description\"");
	/* A second call replaces the first. */
	assert_int_equal(fieldmap_set(m, "text", "article_body", err, sizeof(err)), 0);
	assert_string_equal(get(m, "{\"body\": \"B\", \"text\": \"T\"}", AF_TEXT), "T");
	fieldmap_free(m);
}

static void
test_fieldmap_refuses_bad_mappings_with_a_reason(void **state)
{
	static const struct { const char *field, *members, *why; } bad[] = {
		{ "body", "text", "not an article field" },
		{ "text", "", "empty member name" },
		{ "text", "a,,b", "empty member name" },
		{ "text", "a,", "empty member name" },
		{ "url", "a,b,c,d,e,f,g,h,i", "more than 8" },
	};
	struct fieldmap	*m = fieldmap_new();
	char		 err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(fieldmap_set(m, bad[i].field, bad[i].members, err, sizeof(err)), -EINVAL);
		assert_non_null(strstr(err, bad[i].why));
	}
	/* A refused mapping leaves the map as it was. */
	assert_string_equal(get(m, "{\"text\": \"T\", \"a\": \"A\"}", AF_TEXT), "T");
	fieldmap_free(m);
	fieldmap_free(NULL);
}

static void
test_fieldmap_names_round_trip(void **state)
{
	(void)state;
	for (int f = 0; f < _AF_MAX; f++)
		assert_int_equal(fieldmap_field(fieldmap_field_name((enum afield)f)), f);
	assert_int_equal(fieldmap_field("Text"), _AF_MAX);
	assert_string_equal(fieldmap_shape_name(SHAPE_NEWSPLEASE), "news-please");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fieldmap_recognises_each_crawler_shape_by_its_members),
	    cmocka_unit_test(test_fieldmap_takes_each_shapes_own_names_in_order),
	    cmocka_unit_test(test_fieldmap_tries_configured_names_first_then_the_shapes),
	    cmocka_unit_test(test_fieldmap_refuses_bad_mappings_with_a_reason),
	    cmocka_unit_test(test_fieldmap_names_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
