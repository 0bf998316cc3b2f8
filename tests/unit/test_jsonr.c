/*
 * test_jsonr: the article reader (jsonr.h) reads what crawlers write, to the
 * values jansson gives, and declines everything jansson refuses or might.
 *
 * Read: each object of a table must be read (not declined), and every
 * member must equal jansson's on the same bytes. Declined: each message of
 * a second table must be declined, and jansson's own verdict on it is
 * checked too, so the table says what it means (a refusal jansson makes, or
 * one jsonr leaves to jansson although jansson reads it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "jsonr.h"

/* Every member of jr as jansson read the same bytes. */
static void
assert_as_jansson(const struct jsonr *jr, const char *s)
{
	json_error_t	 err;
	json_t		*j = json_loadb(s, strlen(s), JSON_REJECT_DUPLICATES, &err);

	if (j == NULL)
		fail_msg("jansson refuses '%s': %s", s, err.text);
	assert_int_equal(json_object_size(j), jr->n);
	for (size_t i = 0; i < jr->n; i++) {
		const struct jsonr_value	*v = &jr->m[i].v;
		const json_t			*w = json_object_get(j, jr->m[i].key);

		assert_non_null(w);
		assert_ptr_equal(jsonr_get(jr, jr->m[i].key), v);
		switch (v->type) {
		case JSONR_STRING:
			assert_true(json_is_string(w));
			assert_int_equal(json_string_length(w), v->len);
			assert_memory_equal(json_string_value(w), v->s, v->len + 1);
			break;
		case JSONR_INTEGER:
			assert_true(json_is_integer(w));
			assert_int_equal(json_integer_value(w), v->integer);
			break;
		case JSONR_REAL:
			assert_true(json_is_real(w));
			break;
		case JSONR_TRUE:
			assert_true(json_is_true(w));
			break;
		case JSONR_FALSE:
			assert_true(json_is_false(w));
			break;
		case JSONR_NULL:
			assert_true(json_is_null(w));
			break;
		case JSONR_ARRAY:
			assert_true(json_is_array(w));
			break;
		case JSONR_OBJECT:
			fail_msg("jsonr read a nested object in '%s'", s);
		}
	}
	json_decref(j);
}

static void
test_jsonr_reads_crawler_objects_as_jansson_does(void **state)
{
	static const char *const ok[] = {
		"{}",
		" \t\r\n{ } \n",
		"{\"id\": \"reuters-21578-1\", \"source\": \"Reuters\", \"title\": \"Bahia Cocoa Review\", "
		    "\"published_at\": \"1987-02-26T15:01:01Z\", \"dateline\": \"SALVADOR, Feb 26\", "
		    "\"text\": \"Showers continued\\nthroughout the week.\", \"places\": [\"brazil\"]}\n",
		"{\"text\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"}",
		"{\"text\": \"caf\\u00e9 \\u2019 \\uD83D\\uDE00 \\ud83d\\ude00 \\u0001\"}",
		"{\"text\": \"caf\xc3\xa9 \xe2\x80\x99 \xf0\x9f\x98\x80\"}",
		"{\"id\": 42, \"n\": -0, \"m\": -123456789012345678, \"r\": 1.5, \"e\": -2E+10, "
		    "\"f\": 0.5e-99, \"t\": true, \"u\": false, \"z\": null, \"text\": \"x\"}",
		"{\"a\": [], \"b\": [1, \"two\", [3, [4.5, null]], true], \"c\": \"after the array\"}",
		"{\"\": \"empty key\", \"te\\u0078t\": \"escaped key\", \"tex\": \"a prefix\"}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct jsonr	jr;
		int		r = jsonr_object(&jr, ok[i], strlen(ok[i]));

		if (r != 0)
			fail_msg("declined '%s' (%d)", ok[i], r);
		assert_as_jansson(&jr, ok[i]);
		jsonr_release(&jr);
	}
}

static void
test_jsonr_declines_what_jansson_refuses_or_might(void **state)
{
	static const struct {
		const char	*s;
		int		 jansson_reads;
	} no[] = {
		{ "", 0 },
		{ "[]", 0 },
		{ "\"text\"", 0 },
		{ "{\"text\": \"a\", \"text\": \"b\"}", 0 },		/* duplicate */
		{ "{\"te\\u0078t\": \"a\", \"text\": \"b\"}", 0 },	/* duplicate once decoded */
		{ "{\"text\": \"a\\u0000b\"}", 0 },
		{ "{\"a\\u0000\": \"b\"}", 0 },
		{ "{\"text\": \"\\udc00\"}", 0 },
		{ "{\"text\": \"\\ud800\"}", 0 },
		{ "{\"text\": \"\\ud800\\u0041\"}", 0 },
		{ "{\"text\": \"\\u12G4\"}", 0 },
		{ "{\"text\": \"\\x\"}", 0 },
		{ "{\"text\": \"tab\there\"}", 0 },
		{ "{\"text\": \"line\nbreak\"}", 0 },
		{ "{\"text\": \"unterminated}", 0 },
		{ "{\"text\": \"x\",}", 0 },
		{ "{\"text\": \"x\"} {}", 0 },
		{ "{\"text\": \"x\"}\v", 0 },
		{ "{\"text\" \"x\"}", 0 },
		{ "{\"n\": 01}", 0 },
		{ "{\"n\": -}", 0 },
		{ "{\"n\": 1.}", 0 },
		{ "{\"n\": 1e}", 0 },
		{ "{\"n\": 99999999999999999999}", 0 },	/* too big for jansson */
		{ "{\"n\": 1e999}", 0 },			/* real overflow */
		{ "{\"n\": nullx}", 0 },
		{ "{\"n\": True}", 0 },
		{ "{\"n\": 1234567890123456789}", 1 },	/* 19 digits: left to jansson */
		{ "{\"n\": 1e100}", 1 },			/* a 3-digit exponent: left to jansson */
		{ "{\"meta\": {\"a\": 1}, \"text\": \"x\"}", 1 },	/* nested object */
		{ "{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}", 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		struct jsonr	 jr;
		json_error_t	 err;
		json_t		*j = json_loadb(no[i].s, strlen(no[i].s), JSON_REJECT_DUPLICATES, &err);

		if (jsonr_object(&jr, no[i].s, strlen(no[i].s)) != JSONR_DECLINED)
			fail_msg("read '%s'", no[i].s);
		if ((j != NULL && json_is_object(j)) != no[i].jansson_reads)
			fail_msg("'%s': jansson %s it", no[i].s, j != NULL ? "reads" : "refuses");
		json_decref(j);
		jsonr_release(&jr);
	}
}

/* A special byte at every offset of the eight-byte words the reader scans. */
static void
test_jsonr_finds_escapes_and_control_bytes_anywhere(void **state)
{
	static const char *const special[] = { "\\n", "\\\"", "\\\\", "\\u00e9", "\xc3\xa9" };
	char	buf[256];

	(void)state;
	for (int k = 0; k < 20; k++) {
		for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
			struct jsonr	jr;
			int		n = snprintf(buf, sizeof(buf), "{\"text\": \"%.*s%s%.*s\", \"k\": 1}", k,
			    "abcdefghijklmnopqrstuvwxyz", special[i], 19 - k, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");

			if (jsonr_object(&jr, buf, (size_t)n) != 0)
				fail_msg("declined '%s'", buf);
			assert_as_jansson(&jr, buf);
			jsonr_release(&jr);
		}
		{
			struct jsonr	jr;
			int		n = snprintf(buf, sizeof(buf), "{\"text\": \"%.*s\t%.*s\"}", k,
			    "abcdefghijklmnopqrstuvwxyz", 19 - k, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");

			assert_int_equal(jsonr_object(&jr, buf, (size_t)n), JSONR_DECLINED);
		}
	}
}

static void
test_jsonr_reads_at_most_its_members(void **state)
{
	char	buf[4096];
	size_t	n = 0;

	(void)state;
	for (int k = 0; k <= JSONR_MAX_MEMBERS; k++) {
		struct jsonr	jr;

		n = 0;
		buf[n++] = '{';
		for (int i = 0; i < k; i++)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s\"m%d\": %d", i > 0 ? ", " : "", i, i);
		buf[n++] = '}';
		assert_int_equal(jsonr_object(&jr, buf, n), k < JSONR_MAX_MEMBERS + 1 ? 0 : JSONR_DECLINED);
		if (k <= JSONR_MAX_MEMBERS) {
			buf[n] = '\0';
			assert_as_jansson(&jr, buf);
		}
		jsonr_release(&jr);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonr_reads_crawler_objects_as_jansson_does),
		cmocka_unit_test(test_jsonr_declines_what_jansson_refuses_or_might),
		cmocka_unit_test(test_jsonr_finds_escapes_and_control_bytes_anywhere),
		cmocka_unit_test(test_jsonr_reads_at_most_its_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
