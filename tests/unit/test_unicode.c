/*
 * test_unicode: NFC normalisation through ICU.
 *
 * Every expected byte string below was written by hand from the Unicode
 * Character Database (compositions, canonical ordering, singletons,
 * composition exclusions), not captured from the code under test.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "unicode.h"

#define ONE_MB (1024 * 1024)

/* s must normalise to want; both are string literals or NUL-free strings. */
static void
expect_nfc(const char *s, size_t len, const char *want, size_t wantlen)
{
	char *out = (char *) 0x1;
	size_t n = 0;

	assert_int_equal(unicode_nfc(s, len, &out, &n), 0);
	assert_non_null(out);
	if (n != wantlen || memcmp(out, want, wantlen) != 0)
		fail_msg("NFC of %zu bytes gave %zu bytes, expected %zu", len, n, wantlen);
	assert_int_equal(out[n], '\0');
	free(out);
}

static void
expect_unchanged(const char *s, size_t len)
{
	char *out = (char *) 0x1;
	size_t n = 0;

	assert_int_equal(unicode_nfc(s, len, &out, &n), 0);
	assert_null(out);
	assert_int_equal(n, len);
}

#define NFC(in, want) expect_nfc((in), sizeof(in) - 1, (want), sizeof(want) - 1)
#define UNCHANGED(in) expect_unchanged((in), sizeof(in) - 1)

static void
test_unicode_composes_a_decomposed_acute(void **state)
{
	(void) state;
	/* "Cafe" + U+0301 COMBINING ACUTE ACCENT -> "Caf" + U+00E9. */
	NFC("Cafe\xcc\x81", "Caf\xc3\xa9");
	/* The same after an ASCII prefix longer than one 8-byte word. */
	NFC("Talks at the cafe\xcc\x81 ended.", "Talks at the caf\xc3\xa9 ended.");
	/* Two in a row, and a mark on the very first character. */
	NFC("e\xcc\x81te\xcc\x81", "\xc3\xa9t\xc3\xa9");
}

static void
test_unicode_leaves_nfc_text_alone(void **state)
{
	(void) state;
	UNCHANGED("Caf\xc3\xa9 au lait in Z\xc3\xbcrich");
	UNCHANGED("\xe2\x80\x9cWe met,\xe2\x80\x9d he said \xe2\x80\x94 in Baghdad.");
	UNCHANGED("\xd8\xa8\xd8\xba\xd8\xaf\xd8\xa7\xd8\xaf"); /* Baghdad in Arabic */
	/* A lone combining mark with no base is NFC (the quick check says "maybe"). */
	UNCHANGED("\xcc\x81" "abc");
	UNCHANGED("x\xcc\x81");
}

static void
test_unicode_ascii_is_never_copied(void **state)
{
	(void) state;
	UNCHANGED("Iraq and Iran held talks in Baghdad on Monday.");
	UNCHANGED("");
	UNCHANGED("a");
	expect_unchanged(NULL, 0);
}

static void
test_unicode_composes_hangul_jamo(void **state)
{
	(void) state;
	/* U+1100 + U+1161 -> U+AC00; U+1100 + U+1161 + U+11A8 -> U+AC01. */
	NFC("\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80");
	NFC("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8", "\xea\xb0\x81");
	/* Precomposed syllables are left alone. */
	UNCHANGED("\xea\xb0\x80\xea\xb0\x81");
}

static void
test_unicode_reorders_marks_before_composing(void **state)
{
	(void) state;
	/*
	 * a + U+0302 (class 230) + U+0323 (class 220): canonical order puts the
	 * dot below first, a + U+0323 composes to U+1EA1, which with U+0302
	 * composes to U+1EAD.
	 */
	NFC("a\xcc\x82\xcc\xa3", "\xe1\xba\xad");
}

static void
test_unicode_maps_singletons_and_exclusions(void **state)
{
	(void) state;
	/* ANGSTROM SIGN U+212B -> U+00C5; OHM SIGN U+2126 -> U+03A9. */
	NFC("5 \xe2\x84\xab", "5 \xc3\x85");
	NFC("\xe2\x84\xa6", "\xce\xa9");
	/* DEVANAGARI QA U+0958 is excluded from composition: U+0915 U+093C. */
	NFC("\xe0\xa5\x98", "\xe0\xa4\x95\xe0\xa4\xbc");
}

static void
test_unicode_keeps_nul_bytes_and_uses_len(void **state)
{
	static const char in[] = "a\0e\xcc\x81zzz";
	static const char want[] = "a\0\xc3\xa9";

	(void) state;
	/* len stops before "zzz"; the NUL is a character like any other. */
	expect_nfc(in, 5, want, sizeof(want) - 1);
}

static void
test_unicode_refuses_ill_formed_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t len;
	} bad[] = {
	    {"caf\xc3", 4},			/* truncated sequence */
	    {"\xff", 1},			/* never valid */
	    {"war \xed\xa0\x80", 7},		/* UTF-16 surrogate D800 */
	    {"\xc0\xaf", 2},			/* overlong '/' */
	    {"ok \xe2\x80\x9c then \x80", 13},	/* stray continuation byte */
	};
	char *out;
	size_t n, i;

	(void) state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = (char *) 0x1;
		if (unicode_nfc(bad[i].s, bad[i].len, &out, &n) != -EINVAL)
			fail_msg("bad input %zu was not refused with -EINVAL", i);
		assert_null(out);
	}
}

static void
test_unicode_normalises_a_megabyte(void **state)
{
	static const char nfd[] = "Cafe\xcc\x81 ";   /* 7 bytes */
	static const char nfc[] = "Caf\xc3\xa9 ";    /* 6 bytes */
	static const char qa[] = "\xe0\xa5\x98";      /* 3 bytes -> 6 */
	size_t reps = ONE_MB / (sizeof(nfd) - 1), i, n;
	char *in, *want, *out;

	(void) state;
	in = malloc(reps * (sizeof(nfd) - 1));
	want = malloc(reps * (sizeof(nfc) - 1));
	assert_non_null(in);
	assert_non_null(want);
	for (i = 0; i < reps; i++) {
		memcpy(in + i * (sizeof(nfd) - 1), nfd, sizeof(nfd) - 1);
		memcpy(want + i * (sizeof(nfc) - 1), nfc, sizeof(nfc) - 1);
	}
	expect_nfc(in, reps * (sizeof(nfd) - 1), want, reps * (sizeof(nfc) - 1));
	/* The normalised megabyte is NFC itself. */
	expect_unchanged(want, reps * (sizeof(nfc) - 1));
	free(in);
	free(want);

	/* A megabyte that doubles: the output outgrows the first UTF-16 guess. */
	reps = ONE_MB / 3;
	in = malloc(reps * 3);
	assert_non_null(in);
	for (i = 0; i < reps; i++)
		memcpy(in + 3 * i, qa, 3);
	assert_int_equal(unicode_nfc(in, reps * 3, &out, &n), 0);
	assert_non_null(out);
	assert_int_equal(n, reps * 6);
	for (i = 0; i < reps; i++) {
		if (memcmp(out + 6 * i, "\xe0\xa4\x95\xe0\xa4\xbc", 6) != 0)
			fail_msg("character %zu of the output is wrong", i);
	}
	free(out);
	free(in);
}

struct worker {
	pthread_t tid;
	int failures;
};

static void *
normalise_many(void *arg)
{
	struct worker *w = arg;
	char *out;
	size_t n;
	int i;

	for (i = 0; i < 2000; i++) {
		if (unicode_nfc("Cafe\xcc\x81", 6, &out, &n) != 0 || out == NULL || n != 5 ||
		    memcmp(out, "Caf\xc3\xa9", 5) != 0)
			w->failures++;
		free(out);
	}
	return NULL;
}

static void
test_unicode_is_safe_from_several_threads(void **state)
{
	struct worker w[4];
	size_t i;

	(void) state;
	memset(w, 0, sizeof(w));
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&w[i].tid, NULL, normalise_many, &w[i]), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(w[i].tid, NULL), 0);
		assert_int_equal(w[i].failures, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_unicode_composes_a_decomposed_acute),
	    cmocka_unit_test(test_unicode_leaves_nfc_text_alone),
	    cmocka_unit_test(test_unicode_ascii_is_never_copied),
	    cmocka_unit_test(test_unicode_composes_hangul_jamo),
	    cmocka_unit_test(test_unicode_reorders_marks_before_composing),
	    cmocka_unit_test(test_unicode_maps_singletons_and_exclusions),
	    cmocka_unit_test(test_unicode_keeps_nul_bytes_and_uses_len),
	    cmocka_unit_test(test_unicode_refuses_ill_formed_utf8),
	    cmocka_unit_test(test_unicode_normalises_a_megabyte),
	    cmocka_unit_test(test_unicode_is_safe_from_several_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
