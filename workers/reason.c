/*
 * reason: the stable names of the reasons an article is refused.
 *
 * A reason travels twice: as an enum inside the process and as the
 * dead-letter header x-error-code outside it. The string table below is
 * therefore part of the record contract; entries may be added at the end,
 * never renamed or reordered. The table is indexed by the enum with
 * designated initialisers, so a new enum value without a name is caught by
 * the static assertion rather than by a consumer downstream.
 */
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "reason.h"

static const char *const reason_names[] = {
    [REASON_NOT_UTF8] = "not_utf8",
    [REASON_NUL_BYTE] = "nul_byte",
    [REASON_INVALID_JSON] = "invalid_json",
    [REASON_BAD_FIELD] = "bad_field",
    [REASON_NO_TEXT] = "no_text",
    [REASON_TOO_LARGE] = "too_large",
    [REASON_EXTRACT_LIMIT] = "extract_limit",
    [REASON_UNSUPPORTED_LANGUAGE] = "unsupported_language",
};

static_assert(sizeof(reason_names) / sizeof(reason_names[0]) == _REASON_MAX,
	      "every reason needs a name in reason_names[]");

/*
 * @returns the code string of r, or "unknown" for a value outside the enum.
 * Static storage, never NULL.
 * @locality any thread.
 */
const char *
reason_to_string(enum reason r)
{
	if ((int) r < 0 || (int) r >= _REASON_MAX || reason_names[r] == NULL)
		return "unknown";
	return reason_names[r];
}

/*
 * The match is exact and case-sensitive: these strings are machine codes,
 * and accepting "Not_UTF8" would let two spellings of one code circulate.
 * @returns the reason named by s (borrowed, may be NULL), or _REASON_INVALID.
 * @locality any thread.
 */
enum reason
reason_from_string(const char *s)
{
	int i;

	if (s == NULL)
		return _REASON_INVALID;
	for (i = 0; i < _REASON_MAX; i++) {
		if (reason_names[i] != NULL && strcmp(reason_names[i], s) == 0)
			return (enum reason) i;
	}
	return _REASON_INVALID;
}
