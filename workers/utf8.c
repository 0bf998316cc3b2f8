/*
 * utf8: strict validation of untrusted bytes.
 *
 * Everything downstream (the tokeniser, the byte offsets in records, the JSON
 * writer) assumes well-formed UTF-8, so article input is checked once, here,
 * against the table of RFC 3629 section 4: no overlong forms (C0, C1 and the
 * low halves of E0 and F0), no UTF-16 surrogates (ED A0..BF), nothing above
 * U+10FFFF (F4 90.. and F5..FF), no truncated sequence and no continuation
 * byte without a lead.
 *
 * News text is mostly ASCII, so both functions first look at eight bytes at a
 * time: the word is loaded with memcpy (no alignment or aliasing assumptions;
 * compilers turn it into one load) and tested against the high bit of each
 * byte. Only a word with a high bit set falls back to the byte-wise decoder.
 */
#include <stdint.h>
#include <string.h>

#include "utf8.h"

#define HIGH_BITS UINT64_C(0x8080808080808080)

static uint64_t
load64(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/*
 * Length of the well-formed sequence that starts at p[0] (at most n bytes
 * available), or 0 when no well-formed sequence starts there.
 */
static size_t
sequence_length(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
	size_t need, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2) /* a continuation byte, or an overlong C0/C1 lead */
		return 0;
	if (c < 0xe0)
		need = 2;
	else if (c < 0xf0) {
		need = 3;
		if (c == 0xe0)
			lo = 0xa0; /* E0 80..9F would be overlong */
		else if (c == 0xed)
			hi = 0x9f; /* ED A0..BF are the surrogates D800..DFFF */
	} else if (c < 0xf5) {
		need = 4;
		if (c == 0xf0)
			lo = 0x90; /* F0 80..8F would be overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* F4 90.. is above U+10FFFF */
	} else
		return 0;

	if (n < need)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	}
	return need;
}

/*
 * The bad offset is that of the first byte that does not belong to a
 * well-formed sequence: the lead of a truncated or malformed sequence, or the
 * stray byte itself.
 * @returns 1 if buf[0, len) is well-formed, else 0 with *ret_bad_offset set.
 * @locality any thread; pure.
 */
int
utf8_valid(const void *buf, size_t len, size_t *ret_bad_offset)
{
	const unsigned char *p = buf;
	size_t i = 0, n;

	while (i < len) {
		if (len - i >= 8 && (load64(p + i) & HIGH_BITS) == 0) {
			i += 8;
			continue;
		}
		n = sequence_length(p + i, len - i);
		if (n == 0) {
			if (ret_bad_offset != NULL)
				*ret_bad_offset = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/*
 * @returns 1 if every byte of buf[0, len) is below 0x80 (true of len 0).
 * @locality any thread; pure.
 */
int
utf8_is_ascii(const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t i = 0;

	for (; len - i >= 8; i += 8) {
		if ((load64(p + i) & HIGH_BITS) != 0)
			return 0;
	}
	for (; i < len; i++) {
		if (p[i] >= 0x80)
			return 0;
	}
	return 1;
}
