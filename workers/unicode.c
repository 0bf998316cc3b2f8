/*
 * unicode: bring article text to Unicode Normalization Form C with ICU.
 *
 * ICU's C normaliser works on UTF-16, so a non-ASCII text makes a round trip:
 * UTF-8 to UTF-16 (u_strFromUTF8, which also rejects ill-formed UTF-8), a
 * quick check, NFC, and back to UTF-8 (u_strToUTF8). Three things keep the
 * common cases cheap:
 *   - Pure ASCII is NFC, so a text with no byte >= 0x80 is answered after one
 *     scan that reads eight bytes at a time.
 *   - Otherwise only the text from the last ASCII byte before the first
 *     non-ASCII byte is converted. Every ASCII character is a normalisation
 *     boundary (it has combining class 0 and composes with nothing before
 *     it), so the ASCII prefix is NFC whatever follows; its last character is
 *     kept in the converted part because a combining mark after it may
 *     compose with it ("Cafe" + U+0301).
 *   - unorm2_spanQuickCheckYes() finds how much of the rest is certainly
 *     NFC; if that is all of it the input is returned as it was, and
 *     otherwise only the remainder goes through
 *     unorm2_normalizeSecondAndAppend(), as ICU's documentation advises.
 * A "maybe" from the quick check can still turn out to be NFC ("x" + U+0301
 * has nothing to compose with); the result is then compared with the input,
 * so the caller is told "unchanged" whenever the bytes did not change.
 *
 * Only ICU's C API is used. The NFC instance that unorm2_getNFCInstance()
 * returns is shared, immutable and must not be closed.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include "unicode.h"

#define HIGH_BITS UINT64_C(0x8080808080808080)

/* @returns the length of the longest prefix of s[0, len) that is ASCII. */
static size_t
ascii_prefix(const unsigned char *s, size_t len)
{
	uint64_t w;
	size_t i = 0;

	for (; len - i >= sizeof(w); i += sizeof(w)) {
		memcpy(&w, s + i, sizeof(w));
		if ((w & HIGH_BITS) != 0)
			break;
	}
	while (i < len && s[i] < 0x80)
		i++;
	return i;
}

static int
icu_errno(UErrorCode e)
{
	switch (e) {
	case U_MEMORY_ALLOCATION_ERROR:
		return -ENOMEM;
	case U_INVALID_CHAR_FOUND:
	case U_ILLEGAL_CHAR_FOUND:
	case U_TRUNCATED_CHAR_FOUND:
		return -EINVAL;
	case U_INDEX_OUTOFBOUNDS_ERROR:
	case U_BUFFER_OVERFLOW_ERROR:
		return -E2BIG;
	default:
		return -EIO;
	}
}

/*
 * NFC of u16[0, n16), whose prefix [0, span) is already NFC, into a new
 * buffer. @returns 0 with *ret (caller frees) and *ret_n, or -errno.
 */
static int
normalise16(const UNormalizer2 *nfc, const UChar *u16, int32_t n16, int32_t span, UChar **ret,
	    int32_t *ret_n)
{
	UErrorCode err;
	UChar *out = NULL;
	int64_t want;
	int32_t cap, n = 0;
	int attempt;

	/* NFC rarely grows text; a quarter more covers it, and ICU says if not. */
	want = (int64_t) n16 + n16 / 4 + 64;
	cap = want > INT32_MAX ? INT32_MAX : (int32_t) want;
	for (attempt = 0; attempt < 2; attempt++) {
		out = malloc((size_t) cap * sizeof(*out));
		if (out == NULL)
			return -ENOMEM;
		memcpy(out, u16, (size_t) span * sizeof(*out));
		err = U_ZERO_ERROR;
		n = unorm2_normalizeSecondAndAppend(nfc, out, span, cap, u16 + span, n16 - span,
						    &err);
		if (err != U_BUFFER_OVERFLOW_ERROR)
			break;
		free(out);
		out = NULL;
		if (n <= cap)
			return -EIO; /* ICU asked for less than it had: not expected */
		cap = n;
	}
	if (out == NULL || U_FAILURE(err)) {
		free(out);
		return out == NULL ? -E2BIG : icu_errno(err);
	}
	*ret = out;
	*ret_n = n;
	return 0;
}

/*
 * See unicode.h for the contract.
 * @locality any thread.
 */
int
unicode_nfc(const char *s, size_t len, char **ret, size_t *ret_len)
{
	const UNormalizer2 *nfc;
	UErrorCode err = U_ZERO_ERROR;
	UChar *u16 = NULL, *out16 = NULL;
	char *out = NULL;
	size_t first, start, total;
	int32_t n16 = 0, span, nout = 0, n8 = 0;
	int r;

	assert(ret != NULL && ret_len != NULL);
	assert(s != NULL || len == 0);
	*ret = NULL;
	*ret_len = len;

	first = ascii_prefix((const unsigned char *) s, len);
	if (first == len)
		return 0;
	start = first > 0 ? first - 1 : 0;
	/* One UTF-16 unit never takes fewer bytes than one UTF-8 byte. */
	if (len - start > INT32_MAX)
		return -E2BIG;

	nfc = unorm2_getNFCInstance(&err);
	if (U_FAILURE(err))
		return icu_errno(err);

	u16 = malloc((len - start) * sizeof(*u16));
	if (u16 == NULL)
		return -ENOMEM;
	/* Filling the buffer exactly gives U_STRING_NOT_TERMINATED_WARNING: fine. */
	u_strFromUTF8(u16, (int32_t) (len - start), &n16, s + start, (int32_t) (len - start), &err);
	if (U_FAILURE(err)) {
		r = icu_errno(err);
		goto out;
	}
	span = unorm2_spanQuickCheckYes(nfc, u16, n16, &err);
	if (U_FAILURE(err)) {
		r = icu_errno(err);
		goto out;
	}
	if (span == n16) {
		r = 0;
		goto out;
	}
	if ((r = normalise16(nfc, u16, n16, span, &out16, &nout)) != 0)
		goto out;

	/* Preflight for the exact UTF-8 length, then convert behind the ASCII prefix. */
	u_strToUTF8(NULL, 0, &n8, out16, nout, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) {
		r = icu_errno(err);
		goto out;
	}
	err = U_ZERO_ERROR;
	total = start + (size_t) n8;
	out = malloc(total + 1);
	if (out == NULL) {
		r = -ENOMEM;
		goto out;
	}
	memcpy(out, s, start);
	u_strToUTF8(out + start, n8 + 1, NULL, out16, nout, &err);
	if (U_FAILURE(err)) {
		r = icu_errno(err);
		goto out;
	}
	out[total] = '\0';

	if (total == len && memcmp(out, s, len) == 0) {
		r = 0; /* the quick check's "maybe" was NFC after all */
		goto out;
	}
	*ret = out;
	*ret_len = total;
	out = NULL;
	r = 0;
out:
	free(out);
	free(out16);
	free(u16);
	return r;
}
