/*
 * Unit tests for workers/article.c: a table of hostile messages, each with
 * the reason it must be refused for, and the decoded fields of good JSON and
 * plain-text articles. Every refusal is also checked to leave *ret as it was.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "article.h"

#define SENTINEL_BYTE 0xa5
#define ONE_MB (1024 * 1024)

static void
fill_sentinel(struct article *a)
{
	memset(a, SENTINEL_BYTE, sizeof(*a));
}

static void
assert_sentinel(const struct article *a, const char *what)
{
	const unsigned char *p = (const unsigned char *) a;
	size_t i;

	for (i = 0; i < sizeof(*a); i++) {
		if (p[i] != SENTINEL_BYTE)
			fail_msg("'%s': *ret was written at byte %zu on failure", what, i);
	}
}

/* Decodes a message that must succeed; the caller releases *a. */
static void
decode_ok(const void *buf, size_t len, const char *key, struct article *a)
{
	enum reason why = _REASON_INVALID;
	char err[256] = "";
	int r;

	r = article_decode(buf, len, key, key != NULL ? strlen(key) : 0, 0, a, &why, err,
			   sizeof(err));
	if (r != 0)
		fail_msg("decode failed with %d (%s): %s", r, reason_to_string(why), err);
}

static void
decode_ok_str(const char *s, struct article *a)
{
	decode_ok(s, strlen(s), NULL, a);
}

struct hostile {
	const char *name;
	const char *bytes;
	size_t len;
	size_t max_bytes;
	enum reason reason;
	const char *err_has; /* a substring errbuf must hold */
};

#define H(name, lit, max, reason, err_has)                                                         \
	{                                                                                          \
		name, lit, sizeof(lit) - 1, max, reason, err_has                                   \
	}

static const struct hostile hostile[] = {
    H("empty buffer", "", 0, REASON_NO_TEXT, "empty"),
    H("white space only", " \t\r\n \n\v\f", 0, REASON_NO_TEXT, "white space"),
    H("byte order mark and white space", "\xef\xbb\xbf \n", 0, REASON_NO_TEXT, "white space"),
    H("lone 0xff", "abc\xff", 0, REASON_NOT_UTF8, "offset 3"),
    H("overlong slash", "\xc0\xaf", 0, REASON_NOT_UTF8, "offset 0"),
    H("surrogate", "war \xed\xa0\x80", 0, REASON_NOT_UTF8, "offset 4"),
    H("truncated sequence", "caf\xc3", 0, REASON_NOT_UTF8, "offset 3"),
    H("invalid UTF-8 inside a JSON string", "{\"text\": \"\xff\"}", 0, REASON_NOT_UTF8,
      "offset 10"),
    H("truncated JSON", "{\"text\": \"abc", 0, REASON_INVALID_JSON, "line 1"),
    H("lone brace", "{", 0, REASON_INVALID_JSON, "line 1"),
    H("JSON with trailing garbage", "{\"text\": \"abc\"} and more", 0, REASON_INVALID_JSON,
      "line 1"),
    H("JSON on line two with an error", "\n{\"text\": \"abc\",\n}", 0, REASON_INVALID_JSON,
      "line 3"),
    H("lone surrogate escape", "{\"text\": \"\\ud800\"}", 0, REASON_INVALID_JSON, "line 1"),
    H("duplicate keys", "{\"text\": \"a\", \"text\": \"b\"}", 0, REASON_INVALID_JSON, "duplicate"),
    H("JSON array", "[{\"text\": \"Iraq and Iran held talks.\"}]", 0, REASON_BAD_FIELD, "array"),
    H("JSON string", "  \"Iraq and Iran held talks.\"", 0, REASON_BAD_FIELD, "string"),
    H("text is a number", "{\"text\": 42}", 0, REASON_BAD_FIELD, "\"text\""),
    H("text is an object", "{\"text\": {\"body\": \"abc\"}}", 0, REASON_BAD_FIELD, "\"text\""),
    H("text missing", "{\"title\": \"Talks\"}", 0, REASON_NO_TEXT, "\"text\""),
    H("text null", "{\"text\": null}", 0, REASON_NO_TEXT, "\"text\""),
    H("text empty", "{\"text\": \"\"}", 0, REASON_NO_TEXT, "\"text\""),
    H("text only white space", "{\"text\": \" \\n\\t \"}", 0, REASON_NO_TEXT, "\"text\""),
    H("\\u0000 inside text", "{\"text\": \"abc\\u0000def\"}", 0, REASON_NUL_BYTE, "u0000"),
    H("\\u0000 inside a key", "{\"te\\u0000xt\": \"abc\"}", 0, REASON_NUL_BYTE, "u0000"),
    H("raw NUL in plain text", "Iraq and\0 Iran", 0, REASON_NUL_BYTE, "offset 8"),
    H("raw NUL in JSON", "{\"text\": \"a\0b\"}", 0, REASON_NUL_BYTE, "offset 11"),
    H("over max_bytes", "Iraq and Iran held talks.", 10, REASON_TOO_LARGE, "25 bytes"),
    H("over max_bytes wins over bad UTF-8", "\xff\xff\xff\xff", 3, REASON_TOO_LARGE, "limit of 3"),
    H("url is a number", "{\"text\": \"abc\", \"url\": 5}", 0, REASON_BAD_FIELD, "\"url\""),
    H("source is an array", "{\"text\": \"abc\", \"source\": []}", 0, REASON_BAD_FIELD,
      "\"source\""),
    H("title is a boolean", "{\"text\": \"abc\", \"title\": true}", 0, REASON_BAD_FIELD,
      "\"title\""),
    H("published_at is a number", "{\"text\": \"abc\", \"published_at\": 20070529}", 0,
      REASON_BAD_FIELD, "\"published_at\""),
    H("language is an object", "{\"text\": \"abc\", \"language\": {}}", 0, REASON_BAD_FIELD,
      "\"language\""),
    H("id is a real number", "{\"text\": \"abc\", \"id\": 1.5}", 0, REASON_BAD_FIELD, "\"id\""),
    H("id is a boolean", "{\"text\": \"abc\", \"id\": false}", 0, REASON_BAD_FIELD, "\"id\""),
};

static void
check_refused(const char *name, const void *buf, size_t len, size_t max_bytes, enum reason expect,
	      const char *err_has)
{
	struct article a;
	enum reason why = _REASON_INVALID;
	char err[256] = "";
	int r;

	fill_sentinel(&a);
	r = article_decode(buf, len, "key", 3, max_bytes, &a, &why, err, sizeof(err));
	if (r != -EBADMSG)
		fail_msg("'%s': returned %d, expected -EBADMSG", name, r);
	if (why != expect)
		fail_msg("'%s': reason %s, expected %s (%s)", name, reason_to_string(why),
			 reason_to_string(expect), err);
	if (err_has != NULL && strstr(err, err_has) == NULL)
		fail_msg("'%s': errbuf '%s' does not mention '%s'", name, err, err_has);
	assert_sentinel(&a, name);
}

static void
test_article_refuses_each_hostile_message_for_its_reason(void **state)
{
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
		check_refused(hostile[i].name, hostile[i].bytes, hostile[i].len,
			      hostile[i].max_bytes, hostile[i].reason, hostile[i].err_has);
}

static void
test_article_refuses_json_nested_beyond_the_parser_depth(void **state)
{
	static const char head[] = "{\"text\": \"abc\", \"junk\": ";
	size_t depth = 5000, n = 0;
	char *buf;

	(void) state;
	buf = malloc(sizeof(head) + 2 * depth + 2);
	assert_non_null(buf);
	memcpy(buf, head, sizeof(head) - 1);
	n = sizeof(head) - 1;
	memset(buf + n, '[', depth);
	n += depth;
	memset(buf + n, ']', depth);
	n += depth;
	buf[n++] = '}';
	check_refused("nested 5000 deep", buf, n, 0, REASON_INVALID_JSON, NULL);
	free(buf);
}

static void
test_article_null_error_outputs_are_allowed(void **state)
{
	struct article a;

	(void) state;
	fill_sentinel(&a);
	assert_int_equal(article_decode("\xff", 1, NULL, 0, 0, &a, NULL, NULL, 0), -EBADMSG);
	assert_sentinel(&a, "no reason or errbuf");
}

static void
test_article_decodes_a_json_article_with_every_field(void **state)
{
	static const char msg[] =
	    "{\"id\": \"reuters-2007-0529-17\", \"url\": \"https://example.org/a/17\","
	    " \"source\": \"Reuters\", \"title\": \"Iraq and Iran hold talks\","
	    " \"text\": \"BAGHDAD -- Iraqi and Iranian officials met.\\nThey talked.\","
	    " \"published_at\": \"2007-05-29T10:15:00Z\", \"language\": \"en\","
	    " \"tags\": [\"unknown\", {\"fields\": 1}]}";
	struct article a;

	(void) state;
	decode_ok(msg, sizeof(msg) - 1, "the-key", &a);
	assert_int_equal(a.format, ARTICLE_JSON);
	assert_string_equal(a.id, "reuters-2007-0529-17");
	assert_string_equal(a.url, "https://example.org/a/17");
	assert_string_equal(a.source, "Reuters");
	assert_string_equal(a.title, "Iraq and Iran hold talks");
	assert_string_equal(a.text, "BAGHDAD -- Iraqi and Iranian officials met.\nThey talked.");
	assert_int_equal(a.text_len,
			 strlen("BAGHDAD -- Iraqi and Iranian officials met.\nThey talked."));
	assert_string_equal(a.published_at, "2007-05-29T10:15:00Z");
	assert_string_equal(a.language, "en");
	assert_int_equal(a.date.year, 2007);
	assert_int_equal(a.date.month, 5);
	assert_int_equal(a.date.day, 29);
	assert_int_equal(a.date_basis, DATE_BASIS_PUBLISHED_AT);
	article_release(&a);
	assert_null(a.text);
	assert_null(a.id);
	article_release(&a); /* idempotent */
	article_release(NULL);
}

static void
test_article_json_escapes_are_decoded_and_absent_fields_are_null(void **state)
{
	struct article a;

	(void) state;
	decode_ok_str("  {\"text\": \"caf\\u00e9 \\\"talks\\\"\\t\\u20ac\", \"url\": null}\n", &a);
	assert_int_equal(a.format, ARTICLE_JSON);
	assert_string_equal(a.text, "caf\xc3\xa9 \"talks\"\t\xe2\x82\xac");
	assert_int_equal(a.text_len, 3 + 2 + 1 + 7 + 1 + 3); /* caf é sp "talks" tab € */
	assert_null(a.url);
	assert_null(a.source);
	assert_null(a.title);
	assert_null(a.language);
	assert_null(a.published_at);
	assert_non_null(a.id);
	assert_int_equal(a.date.year, 0);
	assert_int_equal(a.date_basis, DATE_BASIS_NONE);
	article_release(&a);
}

static void
test_article_json_after_a_byte_order_mark_is_json(void **state)
{
	struct article a;

	(void) state;
	decode_ok_str("\xef\xbb\xbf{\"text\": \"abc\"}", &a);
	assert_int_equal(a.format, ARTICLE_JSON);
	assert_string_equal(a.text, "abc");
	article_release(&a);
}

static void
test_article_integer_id_becomes_its_decimal_string(void **state)
{
	struct article a;

	(void) state;
	decode_ok_str("{\"id\": 1234567890123, \"text\": \"abc\"}", &a);
	assert_string_equal(a.id, "1234567890123");
	article_release(&a);
	decode_ok_str("{\"id\": -7, \"text\": \"abc\"}", &a);
	assert_string_equal(a.id, "-7");
	article_release(&a);
}

static void
test_article_id_comes_from_the_key_when_the_article_has_none(void **state)
{
	static const char key[] = "article-7XYZ"; /* only the first 9 bytes are the key */
	struct article a;
	enum reason why;

	(void) state;
	assert_int_equal(article_decode("Talks\nbody", 10, key, 9, 0, &a, &why, NULL, 0), 0);
	assert_int_equal(a.format, ARTICLE_TEXT);
	assert_string_equal(a.id, "article-7");
	article_release(&a);

	assert_int_equal(article_decode("{\"text\": \"abc\"}", 15, key, 9, 0, &a, &why, NULL, 0),
			 0);
	assert_string_equal(a.id, "article-7");
	article_release(&a);

	/* An empty JSON id counts as none. */
	assert_int_equal(
	    article_decode("{\"id\": \"\", \"text\": \"abc\"}", 25, key, 9, 0, &a, &why, NULL, 0),
	    0);
	assert_string_equal(a.id, "article-7");
	article_release(&a);

	/* The article's own id wins over the key. */
	assert_int_equal(article_decode("{\"id\": \"own\", \"text\": \"abc\"}", 28, key, 9, 0, &a,
					&why, NULL, 0),
			 0);
	assert_string_equal(a.id, "own");
	article_release(&a);
}

static void
test_article_id_is_an_fnv1a_hash_of_the_input_without_a_usable_key(void **state)
{
	struct article a, b;
	enum reason why;

	(void) state;
	/* Published FNV-1a 64 test vectors: "a" and "foobar". */
	decode_ok("a", 1, NULL, &a);
	assert_string_equal(a.id, "fnv-af63dc4c8601ec8c");
	article_release(&a);
	decode_ok("foobar", 6, NULL, &a);
	assert_string_equal(a.id, "fnv-85944171f73967e8");
	article_release(&a);

	/* Stable across calls, different for different input. */
	decode_ok_str("Iraq and Iran hold talks\nBody.", &a);
	decode_ok_str("Iraq and Iran hold talks\nBody.", &b);
	assert_string_equal(a.id, b.id);
	assert_int_equal(strlen(a.id), 4 + 16);
	assert_memory_equal(a.id, "fnv-", 4);
	article_release(&b);
	decode_ok_str("Iraq and Iran hold talks\nBody!", &b);
	assert_string_not_equal(a.id, b.id);
	article_release(&b);

	/* A key that is empty, not UTF-8 or holds a NUL is not used. */
	assert_int_equal(article_decode("Iraq and Iran hold talks\nBody.", 30, "\xff\xfe", 2, 0, &b,
					&why, NULL, 0),
			 0);
	assert_string_equal(b.id, a.id);
	article_release(&b);
	assert_int_equal(
	    article_decode("Iraq and Iran hold talks\nBody.", 30, "k\0y", 3, 0, &b, &why, NULL, 0),
	    0);
	assert_string_equal(b.id, a.id);
	article_release(&b);
	assert_int_equal(
	    article_decode("Iraq and Iran hold talks\nBody.", 30, "k", 0, 0, &b, &why, NULL, 0), 0);
	assert_string_equal(b.id, a.id);
	article_release(&b);
	article_release(&a);
}

static void
test_article_plain_text_has_title_text_and_dateline(void **state)
{
	static const char msg[] = "\r\n  Iraq and Iran hold talks  \r\n\r\n"
				  "Tuesday, May 29, 2007\r\n\r\n"
				  "BAGHDAD -- Iraqi and Iranian officials met on Monday.\r\n";
	struct article a;

	(void) state;
	decode_ok(msg, sizeof(msg) - 1, NULL, &a);
	assert_int_equal(a.format, ARTICLE_TEXT);
	assert_string_equal(a.title, "Iraq and Iran hold talks");
	assert_int_equal(a.text_len, sizeof(msg) - 1);
	assert_memory_equal(a.text, msg, sizeof(msg)); /* the whole input, NUL-terminated */
	assert_int_equal(a.date.year, 2007);
	assert_int_equal(a.date.month, 5);
	assert_int_equal(a.date.day, 29);
	assert_int_equal(a.date_basis, DATE_BASIS_DATELINE);
	assert_null(a.url);
	assert_null(a.source);
	assert_null(a.language);
	assert_null(a.published_at);
	article_release(&a);
}

static void
test_article_plain_text_may_open_with_a_quotation(void **state)
{
	struct article a;

	(void) state;
	decode_ok_str("\"We will not give in,\" the minister said.\nBAGHDAD -- Talks went on.", &a);
	assert_int_equal(a.format, ARTICLE_TEXT);
	assert_string_equal(a.title, "\"We will not give in,\" the minister said.");
	assert_int_equal(a.date_basis, DATE_BASIS_NONE);
	article_release(&a);
	decode_ok_str("[Corrected] Iraq and Iran hold talks\nBody.", &a);
	assert_int_equal(a.format, ARTICLE_TEXT);
	assert_string_equal(a.title, "[Corrected] Iraq and Iran hold talks");
	article_release(&a);
}

static void
test_article_plain_text_without_a_dateline_has_no_date(void **state)
{
	struct article a;

	(void) state;
	decode_ok_str("Iraq and Iran hold talks", &a);
	assert_string_equal(a.title, "Iraq and Iran hold talks");
	assert_string_equal(a.text, "Iraq and Iran hold talks");
	assert_int_equal(a.date.year, 0);
	assert_int_equal(a.date_basis, DATE_BASIS_NONE);
	article_release(&a);
}

static void
test_article_published_at_forms_give_the_date(void **state)
{
	static const char *const forms[] = {
	    "2007-05-29",
	    "2007-05-29T10:15:00Z",
	    "2007-05-29T10:15:00+02:00",
	    "2007-05-29T23:15:00-04:00",
	    "2007-05-29T10:15:00.123456Z",
	    "2007-05-29t10:15:00z",
	    "Tue, 29 May 2007 10:15:00 GMT",
	    "Tuesday, May 29, 2007",
	    "29 May 2007",
	};
	char msg[256];
	struct article a;
	size_t i;

	(void) state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		int n = snprintf(msg, sizeof(msg),
				 "{\"text\": \"No dateline here.\", \"published_at\": \"%s\"}",
				 forms[i]);

		decode_ok(msg, (size_t) n, NULL, &a);
		assert_string_equal(a.published_at, forms[i]);
		if (a.date.year != 2007 || a.date.month != 5 || a.date.day != 29 ||
		    a.date_basis != DATE_BASIS_PUBLISHED_AT)
			fail_msg("'%s' gave %d-%d-%d basis %d", forms[i], a.date.year, a.date.month,
				 a.date.day, (int) a.date_basis);
		article_release(&a);
	}
}

static void
test_article_unreadable_published_at_is_kept_and_the_dateline_used(void **state)
{
	struct article a;

	(void) state;
	decode_ok_str("{\"text\": \"BAGHDAD, Tuesday, May 29, 2007 -- Officials met.\","
		      " \"published_at\": \"last Tuesday\"}",
		      &a);
	assert_string_equal(a.published_at, "last Tuesday");
	assert_int_equal(a.date.year, 2007);
	assert_int_equal(a.date.month, 5);
	assert_int_equal(a.date.day, 29);
	assert_int_equal(a.date_basis, DATE_BASIS_DATELINE);
	article_release(&a);

	decode_ok_str("{\"text\": \"Officials met.\", \"published_at\": \"2007-02-30\"}", &a);
	assert_string_equal(a.published_at, "2007-02-30");
	assert_int_equal(a.date.year, 0);
	assert_int_equal(a.date_basis, DATE_BASIS_NONE);
	article_release(&a);
}

static void
test_article_text_is_normalised_to_nfc(void **state)
{
	/* "Caf" + "e" + U+0301 COMBINING ACUTE: NFC is "Caf" + U+00E9, one byte shorter. */
	static const char nfd[] = "Talks at the Cafe\xcc\x81 Rio\nThe envoys met at the Cafe\xcc\x81.";
	static const char nfc[] = "Talks at the Caf\xc3\xa9 Rio\nThe envoys met at the Caf\xc3\xa9.";
	struct article a;

	(void) state;
	decode_ok(nfd, sizeof(nfd) - 1, NULL, &a);
	assert_int_equal(a.format, ARTICLE_TEXT);
	assert_int_equal(a.text_len, sizeof(nfc) - 1);
	assert_int_equal(a.text_len, sizeof(nfd) - 1 - 2);
	assert_memory_equal(a.text, nfc, sizeof(nfc)); /* NUL-terminated too */
	/* The title is left as given. */
	assert_string_equal(a.title, "Talks at the Cafe\xcc\x81 Rio");
	article_release(&a);

	/* JSON: the escaped decomposed form comes out composed. */
	decode_ok_str("{\"text\": \"Cafe\\u0301 talks\"}", &a);
	assert_int_equal(a.format, ARTICLE_JSON);
	assert_string_equal(a.text, "Caf\xc3\xa9 talks");
	assert_int_equal(a.text_len, 11);
	article_release(&a);

	/* Text that is already NFC is kept byte for byte. */
	decode_ok(nfc, sizeof(nfc) - 1, NULL, &a);
	assert_int_equal(a.text_len, sizeof(nfc) - 1);
	assert_memory_equal(a.text, nfc, sizeof(nfc));
	article_release(&a);
}

static void
test_article_one_megabyte_single_sentence_decodes(void **state)
{
	static const char word[] = "talks ";
	size_t n = ONE_MB, i, jn;
	struct article a;
	char *text, *json;

	(void) state;
	text = malloc(n + 1);
	assert_non_null(text);
	for (i = 0; i < n; i++)
		text[i] = word[i % (sizeof(word) - 1)];
	text[n - 1] = '.';
	text[n] = '\0';

	decode_ok(text, n, NULL, &a);
	assert_int_equal(a.format, ARTICLE_TEXT);
	assert_int_equal(a.text_len, n);
	assert_memory_equal(a.text, text, n);
	assert_int_equal(strlen(a.title), n);
	assert_int_equal(a.date_basis, DATE_BASIS_NONE);
	article_release(&a);

	json = malloc(n + 32);
	assert_non_null(json);
	memcpy(json, "{\"text\": \"", 10);
	memcpy(json + 10, text, n);
	memcpy(json + 10 + n, "\"}", 2);
	jn = n + 12;
	decode_ok(json, jn, NULL, &a);
	assert_int_equal(a.format, ARTICLE_JSON);
	assert_int_equal(a.text_len, n);
	assert_memory_equal(a.text, text, n);
	article_release(&a);

	/* One byte over the limit is refused, at the limit it is not. */
	check_refused("1 MB over a limit of 1 MB - 1", text, n, n - 1, REASON_TOO_LARGE, NULL);
	fill_sentinel(&a);
	assert_int_equal(article_decode(text, n, NULL, 0, n, &a, NULL, NULL, 0), 0);
	article_release(&a);

	free(json);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_article_refuses_each_hostile_message_for_its_reason),
	    cmocka_unit_test(test_article_refuses_json_nested_beyond_the_parser_depth),
	    cmocka_unit_test(test_article_null_error_outputs_are_allowed),
	    cmocka_unit_test(test_article_decodes_a_json_article_with_every_field),
	    cmocka_unit_test(test_article_json_escapes_are_decoded_and_absent_fields_are_null),
	    cmocka_unit_test(test_article_json_after_a_byte_order_mark_is_json),
	    cmocka_unit_test(test_article_integer_id_becomes_its_decimal_string),
	    cmocka_unit_test(test_article_id_comes_from_the_key_when_the_article_has_none),
	    cmocka_unit_test(test_article_id_is_an_fnv1a_hash_of_the_input_without_a_usable_key),
	    cmocka_unit_test(test_article_plain_text_has_title_text_and_dateline),
	    cmocka_unit_test(test_article_plain_text_may_open_with_a_quotation),
	    cmocka_unit_test(test_article_plain_text_without_a_dateline_has_no_date),
	    cmocka_unit_test(test_article_published_at_forms_give_the_date),
	    cmocka_unit_test(test_article_unreadable_published_at_is_kept_and_the_dateline_used),
	    cmocka_unit_test(test_article_text_is_normalised_to_nfc),
	    cmocka_unit_test(test_article_one_megabyte_single_sentence_decodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
