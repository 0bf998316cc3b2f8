/*
 * utf8: validation of untrusted bytes.
 */
#ifndef NE_UTF8_H
#define NE_UTF8_H

#include <stddef.h>

/*
 * Check that buf[0, len) is well-formed UTF-8 (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF). NUL bytes are well-formed here.
 * @returns 1 if valid; 0 if not, with *ret_bad_offset (may be NULL) set to
 * the offset of the first bad byte: the first byte that is not part of a
 * well-formed sequence (the lead byte of a truncated or malformed sequence).
 */
int	utf8_valid(const void *buf, size_t len, size_t *ret_bad_offset);

/* @returns 1 if every byte is < 0x80 (the fast path that skips NFC). */
int	utf8_is_ascii(const void *buf, size_t len);

#endif /* NE_UTF8_H */
