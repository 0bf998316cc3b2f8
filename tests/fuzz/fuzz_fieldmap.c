/*
 * fuzz_fieldmap: libFuzzer target for configured field maps and the decoding
 * of crawler JSON through them (fieldmap_set, article_decode_mapped).
 *
 * One input is `MAPPING... "\n\n" MESSAGE`: each line of the first part is
 * "FIELD=MEMBERS" given to fieldmap_set, and the rest is one message. Besides
 * what the sanitisers catch, the target aborts when a contract is broken:
 *   - fieldmap_set fails only with -EINVAL and a message, and leaves the map
 *     as it was (the same message decodes the same before and after);
 *   - a refusal is -EBADMSG with a known reason and a message;
 *   - a decoded article has an id and a NUL-free text of text_len bytes that
 *     is valid UTF-8.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "fieldmap.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *) __attribute__((noreturn));

static void
fail(const char *rule)
{
	fprintf(stderr, "fuzz_fieldmap: broken rule: %s\n", rule);
	abort();
}

/* Decode msg with map; @returns a summary to compare runs by. */
static unsigned long
decode(const struct fieldmap *map, const char *msg, size_t n)
{
	struct article	a;
	enum reason	why = _REASON_INVALID;
	char		err[256] = "";
	unsigned long	h = 5381;
	int		r;

	r = article_decode_mapped(msg, n, "key", 3, 1u << 20, map, &a, &why, err, sizeof(err));
	if (r == -EBADMSG) {
		if (why < 0 || why >= _REASON_MAX || err[0] == '\0')
			fail("a refusal without a known reason and a message");
		return 1000u + (unsigned)why;
	}
	if (r != 0)
		fail("article_decode_mapped failed other than -EBADMSG");
	if (a.id == NULL || a.text == NULL || strlen(a.text) != a.text_len ||
	    !utf8_valid(a.text, a.text_len, NULL))
		fail("a decoded article without an id or with a bad text");
	for (size_t i = 0; i < a.text_len; i++)
		h = h * 33 + (unsigned char)a.text[i];
	article_release(&a);
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*p = (const char *)data, *end = p + size, *sep;
	struct fieldmap	*map = fieldmap_new();
	char		 err[256];

	if (map == NULL)
		fail("out of memory");
	sep = memmem(p, size, "\n\n", 2);
	if (sep == NULL) {
		(void)decode(map, p, size);
		fieldmap_free(map);
		return 0;
	}
	for (const char *line = p; line < sep;) {
		const char	*nl = memchr(line, '\n', (size_t)(sep - line));
		size_t		 n = (size_t)((nl != NULL ? nl : sep) - line);
		char		*s = strndup(line, n), *eq;

		if (s == NULL)
			fail("out of memory");
		if ((eq = strchr(s, '=')) != NULL && memchr(line, '\0', n) == NULL) {
			unsigned long before = decode(map, sep + 2, (size_t)(end - sep - 2));
			int r;

			*eq = '\0';
			err[0] = '\0';
			r = fieldmap_set(map, s, eq + 1, err, sizeof(err));
			if (r != 0 && (r != -EINVAL || err[0] == '\0'))
				fail("fieldmap_set failed other than -EINVAL with a message");
			if (r != 0 && decode(map, sep + 2, (size_t)(end - sep - 2)) != before)
				fail("a refused mapping changed the map");
		}
		free(s);
		line += n + 1;
	}
	(void)decode(map, sep + 2, (size_t)(end - sep - 2));
	fieldmap_free(map);
	return 0;
}
