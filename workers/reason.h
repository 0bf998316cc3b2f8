/*
 * reason: why an article could not be turned into records.
 *
 * The same codes travel as the dead-letter header x-error-code, so their
 * string forms are part of the record contract (schemas/deadletter.schema.json)
 * and never change once released.
 */
#ifndef NE_REASON_H
#define NE_REASON_H

enum reason {
	REASON_NOT_UTF8,	/* bytes that are not well-formed UTF-8 */
	REASON_NUL_BYTE,	/* a NUL byte (raw, or \u0000 in JSON) */
	REASON_INVALID_JSON,	/* looked like JSON ('{' first) but did not parse */
	REASON_BAD_FIELD,	/* a JSON field of the wrong type or shape */
	REASON_NO_TEXT,		/* empty, only whitespace, or no "text" field */
	REASON_TOO_LARGE,	/* over the configured byte limit */
	REASON_EXTRACT_LIMIT,	/* extraction exceeded its work budget */
	REASON_UNSUPPORTED_LANGUAGE,	/* a language the coder does not read (langid.h) */
	_REASON_MAX,
	_REASON_INVALID = -1
};

/* @returns the stable snake_case code ("not_utf8"), or "unknown". Static storage. */
const char	*reason_to_string(enum reason);
/* @returns the reason for a code string, or _REASON_INVALID. s is borrowed. */
enum reason	 reason_from_string(const char *s);

#endif /* NE_REASON_H */
