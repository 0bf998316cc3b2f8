/*
 * unicode: Unicode normalisation of article text (NFC), through ICU's C API.
 *
 * News arrives in whichever normalisation form the crawler's source used;
 * "Café" may be five code points or six. Lexicon lookups compare bytes, so the
 * article text is brought to NFC once, at decode time, and every stage after
 * that sees one spelling. Pure ASCII, the common case, is NFC by definition
 * and costs one fast scan.
 */
#ifndef NE_UNICODE_H
#define NE_UNICODE_H

#include <stddef.h>

/*
 * Normalise the UTF-8 bytes s[0, len) to NFC. s need not be NUL-terminated
 * and may contain NUL bytes; it is borrowed for the call.
 * @returns 0 with *ret NULL and *ret_len = len when s is already NFC (so the
 * caller keeps s); 0 with *ret a new NUL-terminated NFC buffer of *ret_len
 * bytes (the caller frees it with free()) when it is not; -EINVAL when s is
 * not well-formed UTF-8; -E2BIG when len exceeds what ICU can index
 * (INT32_MAX UTF-16 units); -ENOMEM; -EIO if ICU's normalisation data cannot
 * be loaded. On error *ret is NULL.
 * @locality any thread: ICU's NFC instance is a process-wide, immutable
 * singleton, created once under ICU's own lock.
 */
int	unicode_nfc(const char *s, size_t len, char **ret, size_t *ret_len);

#endif /* NE_UNICODE_H */
