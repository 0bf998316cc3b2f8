/*
 * Unit tests for workers/utf8.c. The expected verdicts and bad offsets come
 * from the table in RFC 3629 section 4, byte by byte, and from an
 * independent reference decoder below that works from code point arithmetic
 * rather than from the table.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

struct sample {
	const char *name;
	const char *bytes;
	size_t len;
	size_t bad; /* expected offset of the first bad byte */
};

#define S(name, lit, bad)                                                                          \
	{                                                                                          \
		name, lit, sizeof(lit) - 1, bad                                                    \
	}

static const struct sample valid[] = {
    S("empty", "", 0),
    S("ascii", "Iraq and Iran held talks in Baghdad.", 0),
    S("U+0080, smallest two-byte", "\xc2\x80", 0),
    S("U+00E9 e acute", "caf\xc3\xa9", 0),
    S("U+07FF, largest two-byte", "\xdf\xbf", 0),
    S("U+0800, smallest three-byte", "\xe0\xa0\x80", 0),
    S("U+20AC euro sign", "\xe2\x82\xac 5", 0),
    S("U+D7FF, just below the surrogates", "\xed\x9f\xbf", 0),
    S("U+E000, just above the surrogates", "\xee\x80\x80", 0),
    S("U+FFFD replacement character", "\xef\xbf\xbd", 0),
    S("U+FFFF", "\xef\xbf\xbf", 0),
    S("U+10000, smallest four-byte", "\xf0\x90\x80\x80", 0),
    S("U+1D11E musical symbol", "\xf0\x9d\x84\x9e", 0),
    S("U+10FFFF, the largest code point", "\xf4\x8f\xbf\xbf", 0),
    S("Arabic", "\xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf", 0),
    S("Chinese", "\xe5\x8c\x97\xe4\xba\xac", 0),
    S("NUL is well-formed", "a\0b", 0),
    S("multi-byte across an 8-byte boundary", "abcdefg\xc3\xa9hijklmnopq\xe2\x80\x94z", 0),
    S("multi-byte at the very end after words", "0123456789abcdef\xf0\x9f\x98\x80", 0),
};

static const struct sample malformed[] = {
    S("lone continuation byte", "\x80", 0),
    S("stray continuation after ascii", "ab\xbf", 2),
    S("lone 0xff", "\xff", 0),
    S("lone 0xfe", "abc\xfe", 3),
    S("overlong NUL, C0 80", "\xc0\x80", 0),
    S("overlong slash, C0 AF", "\xc0\xaf", 0),
    S("overlong C1 BF", "\xc1\xbf", 0),
    S("overlong three-byte E0 80 80", "\xe0\x80\x80", 0),
    S("overlong three-byte E0 9F BF", "x\xe0\x9f\xbf", 1),
    S("overlong four-byte F0 80 80 80", "\xf0\x80\x80\x80", 0),
    S("overlong four-byte F0 8F BF BF", "\xf0\x8f\xbf\xbf", 0),
    S("surrogate U+D800", "\xed\xa0\x80", 0),
    S("surrogate U+DBFF", "ok \xed\xaf\xbf", 3),
    S("surrogate U+DC00", "\xed\xb0\x80", 0),
    S("surrogate U+DFFF", "\xed\xbf\xbf", 0),
    S("above U+10FFFF, F4 90 80 80", "\xf4\x90\x80\x80", 0),
    S("lead F5", "\xf5\x80\x80\x80", 0),
    S("lead F8, old five-byte form", "\xf8\x88\x80\x80\x80", 0),
    S("truncated two-byte at end", "caf\xc3", 3),
    S("truncated three-byte at end", "abc\xe2\x82", 3),
    S("truncated four-byte at end", "\xf0\x9d\x84", 0),
    S("lead followed by ascii", "\xc3\x41", 0),
    S("three-byte with bad third byte", "\xe2\x82\x41", 0),
    S("three-byte with bad second byte", "\xe2\x28\xa1", 0),
    S("four-byte with bad fourth byte", "\xf0\x9d\x84\xc0", 0),
    S("two leads in a row", "\xc3\xc3\xa9", 0),
    S("bad byte after a full ascii word", "abcdefghijklmnop\xff", 16),
    S("bad byte after mixed words", "abcdefgh\xc3\xa9ijklmnop\x80", 18),
    S("surrogate after a good euro sign", "\xe2\x82\xac\xed\xa0\x80", 3),
    S("truncated sequence cut by the buffer end mid-word", "abcdefghij\xe2\x82\xac\xe2\x82", 13),
};

static void
test_utf8_accepts_well_formed_samples(void **state)
{
	size_t i, bad;

	(void) state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		bad = 12345;
		if (utf8_valid(valid[i].bytes, valid[i].len, &bad) != 1)
			fail_msg("'%s' was refused at offset %zu", valid[i].name, bad);
		assert_int_equal(bad, 12345); /* untouched when valid */
	}
}

static void
test_utf8_reports_the_first_bad_byte_of_every_malformation(void **state)
{
	size_t i, bad;

	(void) state;
	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		const struct sample *s = &malformed[i];

		bad = (size_t) -1;
		if (utf8_valid(s->bytes, s->len, &bad) != 0)
			fail_msg("'%s' was accepted", s->name);
		if (bad != s->bad)
			fail_msg("'%s': bad offset %zu, expected %zu", s->name, bad, s->bad);
		/* Everything before the bad byte is well-formed on its own. */
		assert_int_equal(utf8_valid(s->bytes, s->bad, NULL), 1);
		/* The offset pointer is optional. */
		assert_int_equal(utf8_valid(s->bytes, s->len, NULL), 0);
	}
}

static void
test_utf8_finds_a_bad_byte_at_every_position_of_a_long_ascii_run(void **state)
{
	char buf[40];
	size_t pos, bad;

	(void) state;
	for (pos = 0; pos < sizeof(buf); pos++) {
		memset(buf, 'a', sizeof(buf));
		buf[pos] = (char) 0x80;
		bad = (size_t) -1;
		assert_int_equal(utf8_valid(buf, sizeof(buf), &bad), 0);
		assert_int_equal(bad, pos);
	}
}

static void
test_utf8_respects_the_length_and_ignores_bytes_after_it(void **state)
{
	(void) state;
	assert_int_equal(utf8_valid("abc\xff", 3, NULL), 1);
	/* A sequence cut by len is truncated even if the bytes after it would complete it. */
	assert_int_equal(utf8_valid("\xe2\x82\xac", 2, NULL), 0);
	assert_int_equal(utf8_valid(NULL, 0, NULL), 1);
}

/*
 * Reference: decode by the generic bit pattern (any lead 0xC0..0xFF with the
 * right count of 10xxxxxx bytes), then apply the rules as arithmetic on the
 * code point: shortest form, no surrogate, at most U+10FFFF.
 */
static int
reference_valid(const unsigned char *p, size_t n)
{
	size_t i = 0, k, need;
	uint32_t cp, min;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			need = 1;
			cp = p[i] & 0x1f;
			min = 0x80;
		} else if ((p[i] & 0xf0) == 0xe0) {
			need = 2;
			cp = p[i] & 0x0f;
			min = 0x800;
		} else if ((p[i] & 0xf8) == 0xf0) {
			need = 3;
			cp = p[i] & 0x07;
			min = 0x10000;
		} else
			return 0;
		if (n - i - 1 < need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return 0;
		i += need + 1;
	}
	return 1;
}

static void
test_utf8_agrees_with_a_reference_decoder_on_all_short_sequences(void **state)
{
	static const unsigned char tails[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f,
					      0xa0, 0xbf, 0xc0, 0xc2, 0xe0, 0xf0, 0xff};
	unsigned char b[4];
	unsigned a, c, d, e;

	(void) state;
	for (a = 0; a < 256; a++) {
		b[0] = (unsigned char) a;
		assert_int_equal(utf8_valid(b, 1, NULL), reference_valid(b, 1));
		for (c = 0; c < 256; c++) {
			b[1] = (unsigned char) c;
			assert_int_equal(utf8_valid(b, 2, NULL), reference_valid(b, 2));
			if (a < 0xe0 || a > 0xf7)
				continue;
			for (d = 0; d < 256; d++) {
				b[2] = (unsigned char) d;
				if (utf8_valid(b, 3, NULL) != reference_valid(b, 3))
					fail_msg("disagree on %02x %02x %02x", a, c, d);
				if (a < 0xf0)
					continue;
				for (e = 0; e < sizeof(tails); e++) {
					b[3] = tails[e];
					if (utf8_valid(b, 4, NULL) != reference_valid(b, 4))
						fail_msg("disagree on %02x %02x %02x %02x", a, c, d,
							 b[3]);
				}
			}
		}
	}
}

static void
test_utf8_is_ascii_only_for_bytes_below_0x80(void **state)
{
	char buf[33];
	size_t pos;

	(void) state;
	assert_int_equal(utf8_is_ascii("", 0), 1);
	assert_int_equal(utf8_is_ascii(NULL, 0), 1);
	assert_int_equal(utf8_is_ascii("Baghdad", 7), 1);
	assert_int_equal(utf8_is_ascii("exactly8", 8), 1);
	assert_int_equal(utf8_is_ascii("nine char", 9), 1);
	assert_int_equal(utf8_is_ascii("a\0\x7f", 3), 1);
	assert_int_equal(utf8_is_ascii("caf\xc3\xa9", 5), 0);
	assert_int_equal(utf8_is_ascii("caf\xc3\xa9", 3), 1);
	for (pos = 0; pos < sizeof(buf); pos++) {
		memset(buf, 'z', sizeof(buf));
		buf[pos] = (char) 0x80;
		assert_int_equal(utf8_is_ascii(buf, sizeof(buf)), 0);
		assert_int_equal(utf8_is_ascii(buf, pos), 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_utf8_accepts_well_formed_samples),
	    cmocka_unit_test(test_utf8_reports_the_first_bad_byte_of_every_malformation),
	    cmocka_unit_test(test_utf8_finds_a_bad_byte_at_every_position_of_a_long_ascii_run),
	    cmocka_unit_test(test_utf8_respects_the_length_and_ignores_bytes_after_it),
	    cmocka_unit_test(test_utf8_agrees_with_a_reference_decoder_on_all_short_sequences),
	    cmocka_unit_test(test_utf8_is_ascii_only_for_bytes_below_0x80),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
