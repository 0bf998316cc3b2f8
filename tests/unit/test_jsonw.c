/*
 * test_jsonw: the JSON writer (jsonw.h) against jansson, byte for byte.
 *
 * jsonw promises jansson's output, so jansson is the reference: each
 * string, number and layout is written both ways and the bytes compared.
 * Strings come from a table of the cases that matter (every escape, every
 * control byte, the edges of UTF-8: overlong forms, surrogates, code
 * points past U+10FFFF, truncated sequences, NUL) and from many random
 * byte strings; reals from a table of edges and from random bit patterns
 * at each precision the project uses.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "jsonw.h"

/* A small deterministic generator (xorshift64*), so that a failure can be replayed. */
static uint64_t
next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

/*
 * What jansson makes of the string s[0, n): its json_dumps() text, or NULL
 * when json_stringn() refuses the bytes. The caller frees.
 */
static char *
jansson_string(const char *s, size_t n)
{
	json_t	*j = json_stringn(s, n);
	char	*out;

	if (j == NULL)
		return NULL;
	out = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(j);
	assert_non_null(out);
	return out;
}

/* Write s[0, n) with jsonw and compare with jansson; @returns 1 if jansson accepted it. */
static int
same_string(const char *s, size_t n)
{
	struct jsonw	 w;
	char		*want = jansson_string(s, n), *got;
	int		 r;

	jsonw_init(&w, 0, 0, 0);
	r = jsonw_strn(&w, s, n);
	got = jsonw_finish(&w, NULL);
	assert_non_null(got);
	if (want == NULL) {
		if (r != -1 || got[0] != '\0')
			fail_msg("jansson refuses %zu bytes that jsonw wrote as %s", n, got);
	} else if (r != 0 || strcmp(got, want) != 0)
		fail_msg("jsonw wrote %s (%d), jansson %s", got, r, want);
	free(got);
	free(want);
	return want != NULL;
}

static void
test_jsonw_escapes_strings_as_jansson_does(void **state)
{
	static const struct {
		const char	*s;
		size_t		 n;
		int		 valid;
	} cases[] = {
		{ "", 0, 1 },
		{ "plain words", 11, 1 },
		{ "quote \" backslash \\ slash /", 27, 1 },
		{ "\b\f\n\r\t", 5, 1 },
		{ "\x01\x02\x1f\x7f", 4, 1 },
		{ "nul \0 inside", 12, 1 },
		{ "Zo\xc3\xab \xe2\x80\x94 \xf0\x9f\x98\x80", 13, 1 },
		{ "\xef\xbf\xbf", 3, 1 },		/* U+FFFF */
		{ "\xf4\x8f\xbf\xbf", 4, 1 },	/* U+10FFFF */
		{ "\xe2\x80\xa8\xe2\x80\xa9", 6, 1 },	/* U+2028, U+2029: left as they are */
		{ "\xc0\x80", 2, 0 },		/* overlong NUL */
		{ "\xc1\xbf", 2, 0 },
		{ "\xe0\x9f\xbf", 3, 0 },		/* overlong three bytes */
		{ "\xf0\x8f\xbf\xbf", 4, 0 },	/* overlong four bytes */
		{ "\xed\xa0\x80", 3, 0 },		/* surrogate U+D800 */
		{ "\xed\xbf\xbf", 3, 0 },		/* surrogate U+DFFF */
		{ "\xf4\x90\x80\x80", 4, 0 },	/* U+110000 */
		{ "\xf5\x80\x80\x80", 4, 0 },
		{ "\xff", 1, 0 },
		{ "\x80", 1, 0 },
		{ "cut \xe2\x80", 6, 0 },
		{ "cut \xc3", 5, 0 },
		{ "\xc3\x28", 2, 0 },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (same_string(cases[i].s, cases[i].n) != cases[i].valid)
			fail_msg("case %zu: jansson %s it", i, cases[i].valid ? "refuses" : "accepts");
	/* Every single byte, alone and between letters. */
	for (int c = 0; c < 256; c++) {
		buf[0] = 'a';
		buf[1] = (char)c;
		buf[2] = 'b';
		same_string(buf + 1, 1);
		same_string(buf, 3);
	}
}

static void
test_jsonw_agrees_with_jansson_on_random_bytes(void **state)
{
	uint64_t	seed = 0x9e3779b97f4a7c15ULL;
	char		buf[48];
	int		accepted = 0;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		size_t n = next(&seed) % sizeof(buf);

		for (size_t k = 0; k < n; k++) {
			uint64_t r = next(&seed);

			/* Mostly ASCII, some lead and continuation bytes, some controls. */
			buf[k] = (char)(r % 4 == 0 ? 0x80 + (r >> 8) % 0x80 : r % 7 == 0 ? (r >> 8) % 0x20 :
			    0x20 + (r >> 8) % 0x60);
		}
		accepted += same_string(buf, n);
	}
	/* Both kinds were tried. */
	assert_true(accepted > 1000);
	assert_true(accepted < 199000);
}

static void
same_real(double v, int precision)
{
	char	 buf[64], *want;
	json_t	*j = json_real(v);
	int	 n = jsonw_format_real(v, precision, buf, sizeof(buf));

	if (j == NULL) {
		if (n != -1)
			fail_msg("jansson refuses %g, jsonw wrote %s", v, buf);
		return;
	}
	want = json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(precision));
	json_decref(j);
	assert_non_null(want);
	if (n < 0 || (size_t)n != strlen(want) || strcmp(buf, want) != 0)
		fail_msg("%.17g at precision %d: jsonw %s, jansson %s", v, precision, n < 0 ? "-" : buf, want);
	free(want);
}

static void
test_jsonw_writes_reals_as_jansson_does(void **state)
{
	static const double edges[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, 10.0, 100.0, 1e4, 99999.0, 123456.0, 1e5, 1e15, 1e16, 1e17,
		1e21, 1e100, 1e300, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 1e-4,
		1e-5, 1e-7, 0.1, 0.3333333333, -0.6886, -0.1198, 33.3, 44.4, -4.4, -10.0, 7.0, 3.14159,
		-122.4194155, 51.5072178, 0.00012345, NAN, INFINITY, -INFINITY,
		/* Issue 10: around the fixed notation's bounds, rounding carries and ties. */
		1e-4 * (1 - 1e-16), 0.000099995, 0.000099996, 0.0001, 0.00010005, 9999.4, 9999.5,
		9999.6, 9.99996, 99.995, 0.125, 0.0125, 1.0005, 2.5, -2.5, 0.00125, 123456789.0,
		999999999.5, 1234.5, 1234.55, 0.30000000000000004,
	};
	static const int precisions[] = { 0, 1, 2, 4, 7, 9, 10, 17 };
	uint64_t seed = 42;

	(void)state;
	for (size_t p = 0; p < sizeof(precisions) / sizeof(precisions[0]); p++) {
		for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
			same_real(edges[i], precisions[p]);
		for (int i = 0; i < 20000; i++) {
			uint64_t	bits = next(&seed);
			double		v;

			memcpy(&v, &bits, sizeof(v));
			same_real(v, precisions[p]);
			/* And values of the size records carry: tones, coordinates, scores. */
			same_real((double)(int64_t)(next(&seed) % 4000001) / 10000.0 - 200.0, precisions[p]);
			same_real((double)(int64_t)(next(&seed) % 2000001) / 1000000.0 - 1.0, precisions[p]);
			same_real((double)(int64_t)(next(&seed) % 100001) / 20.0, precisions[p]);
		}
	}
}

static void
test_jsonw_writes_integers_as_jansson_does(void **state)
{
	static const int64_t edges[] = { 0, 1, -1, 9, 10, -10, 4294967295LL, INT64_MAX, INT64_MIN };
	uint64_t seed = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]) + 10000; i++) {
		int64_t		 v = i < sizeof(edges) / sizeof(edges[0]) ? edges[i] :
		    (int64_t)(next(&seed) >> (next(&seed) % 64));
		json_t		*j;
		char		*want, *got;
		struct jsonw	 w;

		if (i % 2 && v != INT64_MIN)
			v = -v;
		j = json_integer(v);
		want = json_dumps(j, JSON_ENCODE_ANY);
		json_decref(j);
		jsonw_init(&w, 0, 0, 0);
		jsonw_int(&w, v);
		got = jsonw_finish(&w, NULL);
		assert_non_null(got);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
}

/*
 * The same document both ways: {"a":1,"empty":{},"list":[],"nested":{"x":
 * [1,"two",null,true,{"y":false}],"z":2.5},"s":"end"}, with a member that
 * is written and then taken back at each level (jsonw_undo), which must
 * leave no trace.
 */
static void
same_document(int indent)
{
	struct jsonw		 w;
	struct jsonw_mark	 mk;
	json_t			*j;
	char			*want, *got;

	j = json_pack("{s:i, s:{}, s:[], s:{s:[i, s, n, b, {s:b}], s:f}, s:s}", "a", 1, "empty", "list",
	    "nested", "x", 1, "two", 1, "y", 0, "z", 2.5, "s", "end");
	assert_non_null(j);
	want = json_dumps(j, indent > 0 ? JSON_INDENT(indent) : JSON_COMPACT);
	json_decref(j);

	jsonw_init(&w, 1, indent, 0);
	jsonw_open(&w, '{');
	mk = jsonw_mark(&w);
	jsonw_key(&w, "gone");
	jsonw_int(&w, 5);
	jsonw_undo(&w, mk);
	jsonw_key(&w, "a");
	jsonw_int(&w, 1);
	jsonw_key(&w, "empty");
	jsonw_open(&w, '{');
	mk = jsonw_mark(&w);
	jsonw_key(&w, "gone");
	jsonw_null(&w);
	jsonw_undo(&w, mk);
	jsonw_close(&w, '}');
	jsonw_key(&w, "list");
	jsonw_open(&w, '[');
	jsonw_close(&w, ']');
	jsonw_key(&w, "nested");
	jsonw_open(&w, '{');
	jsonw_key(&w, "x");
	jsonw_open(&w, '[');
	jsonw_elem(&w);
	jsonw_int(&w, 1);
	mk = jsonw_mark(&w);
	jsonw_elem(&w);
	assert_int_equal(jsonw_strn(&w, "\xff", 1), -1);
	jsonw_undo(&w, mk);
	jsonw_elem(&w);
	assert_int_equal(jsonw_strn(&w, "two", 3), 0);
	jsonw_elem(&w);
	jsonw_null(&w);
	jsonw_elem(&w);
	jsonw_bool(&w, 1);
	jsonw_elem(&w);
	jsonw_open(&w, '{');
	jsonw_key(&w, "y");
	jsonw_bool(&w, 0);
	jsonw_close(&w, '}');
	jsonw_close(&w, ']');
	jsonw_key(&w, "z");
	assert_int_equal(jsonw_real(&w, 2.5), 0);
	mk = jsonw_mark(&w);
	jsonw_key(&w, "nan");
	assert_int_equal(jsonw_real(&w, NAN), -1);
	jsonw_undo(&w, mk);
	jsonw_close(&w, '}');
	jsonw_key(&w, "s");
	jsonw_str_begin(&w);
	assert_int_equal(jsonw_str_add(&w, "e", 1), 0);
	assert_int_equal(jsonw_str_add(&w, "nd", 2), 0);
	jsonw_str_end(&w);
	jsonw_close(&w, '}');
	got = jsonw_finish(&w, NULL);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

static void
test_jsonw_lays_out_compact_and_indented_as_jansson_does(void **state)
{
	(void)state;
	same_document(0);
	same_document(2);
	same_document(4);
}

static void
test_jsonw_grows_for_long_strings_and_reports_the_length(void **state)
{
	struct jsonw	 w;
	char		*big = malloc(100000), *got;
	size_t		 len;

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i < 100000; i++)
		big[i] = (char)('a' + i % 26);
	big[99999] = '"';
	jsonw_init(&w, 4, 0, 0);
	jsonw_open(&w, '[');
	jsonw_elem(&w);
	assert_int_equal(jsonw_strn(&w, big, 100000), 0);
	jsonw_close(&w, ']');
	got = jsonw_finish(&w, &len);
	assert_non_null(got);
	/* [ " 99,999 letters \" " ] */
	assert_int_equal(len, 1 + 1 + 99999 + 2 + 1 + 1);
	assert_int_equal(strlen(got), len);
	assert_memory_equal(got + 2, big, 99999);
	assert_string_equal(got + len - 4, "\\\"\"]");
	free(got);
	free(big);
	/* A writer that is released without finishing frees what it held (ASan checks). */
	jsonw_init(&w, 10, 0, 0);
	jsonw_int(&w, 3);
	jsonw_release(&w);
	jsonw_release(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonw_escapes_strings_as_jansson_does),
		cmocka_unit_test(test_jsonw_agrees_with_jansson_on_random_bytes),
		cmocka_unit_test(test_jsonw_writes_reals_as_jansson_does),
		cmocka_unit_test(test_jsonw_writes_integers_as_jansson_does),
		cmocka_unit_test(test_jsonw_lays_out_compact_and_indented_as_jansson_does),
		cmocka_unit_test(test_jsonw_grows_for_long_strings_and_reports_the_length),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
