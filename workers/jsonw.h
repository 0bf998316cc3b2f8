/*
 * jsonw: write JSON straight into a growing buffer, byte for byte as
 * jansson's json_dumps() would write the same values.
 *
 * The records are the daemon's whole output, and building a jansson tree
 * for each (an allocation per value, a hash table per object) cost as much
 * as coding the article. A writer appends instead, with jansson's rules so
 * that nothing downstream can tell: the same escapes ("\\u001F" in upper
 * case, '/' and non-ASCII as they are), reals as jansson's
 * JSON_REAL_PRECISION writes them ("%.*g", ".0" added to a whole number,
 * the exponent without '+' or leading zeros), the same compact and
 * indented layouts. Where jansson refuses a value (a string that is not
 * UTF-8, a real that is not finite) the writer reports it, and the caller
 * does what the jansson code did: leave the member out, or write null or
 * "" instead (jsonw_mark()/jsonw_undo() take back a member half written).
 *
 * A writer is one thread's; out of memory is sticky (jsonw_finish()
 * reports it once at the end), so a record is written without checking
 * every call.
 */
#ifndef NE_JSONW_H
#define NE_JSONW_H

#include <stddef.h>
#include <stdint.h>

#define JSONW_MAX_DEPTH	16

struct jsonw {
	char	*buf;		/* NUL-terminated whenever oom is 0 */
	size_t	 len, cap;
	int	 oom;
	int	 indent;	/* spaces per level; 0: compact (JSON_COMPACT) */
	int	 precision;	/* of reals, as JSON_REAL_PRECISION; 0 means 17 */
	int	 depth;
	uint32_t count[JSONW_MAX_DEPTH];	/* members written at each open level */
};

/* Where a member began, to take it back (jsonw_undo) when jansson would have left it out. */
struct jsonw_mark {
	size_t		len;
	uint32_t	count;
};

/*
 * Start w with room for about hint bytes, indent spaces per level (0:
 * compact) and reals of the given precision. Never fails: a failed
 * allocation shows at jsonw_finish().
 */
void	jsonw_init(struct jsonw *w, size_t hint, int indent, int precision);

/*
 * @returns the text (NUL-terminated, new memory the caller frees) with its
 * length in *ret_len (may be NULL), and leaves w empty; or NULL after any
 * allocation failed (w is then released).
 */
char	*jsonw_finish(struct jsonw *w, size_t *ret_len);

/* Free what w holds. NULL-safe. */
void	jsonw_release(struct jsonw *w);

/* Containers: c is '{' or '['; close with the matching '}' or ']'. */
void	jsonw_open(struct jsonw *w, char c);
void	jsonw_close(struct jsonw *w, char c);

/* The next member of an object (key, then the separator) or element of an array. */
void	jsonw_key(struct jsonw *w, const char *key);
/* The same with the key's length given (n bytes, no NUL inside), as for a literal. */
void	jsonw_keyn(struct jsonw *w, const char *key, size_t n);
void	jsonw_elem(struct jsonw *w);

struct jsonw_mark	jsonw_mark(const struct jsonw *w);
void			jsonw_undo(struct jsonw *w, struct jsonw_mark m);

/*
 * A string of the bytes s[0, n), escaped as jansson escapes. @returns 0,
 * or -1 (nothing written) when the bytes are not well-formed UTF-8:
 * jansson's json_stringn() would have given NULL.
 */
int	jsonw_strn(struct jsonw *w, const char *s, size_t n);

/*
 * A string written in parts ("FILE:LINE" without building it first):
 * begin, add each part, end. Each part is checked on its own, so a
 * character cut between two parts counts as not UTF-8 (the callers join
 * parts with ASCII, where the two readings agree). jsonw_str_add()
 * @returns -1 when its part is not UTF-8; the caller then takes the
 * member back with jsonw_undo().
 */
void	jsonw_str_begin(struct jsonw *w);
int	jsonw_str_add(struct jsonw *w, const char *s, size_t n);
void	jsonw_str_end(struct jsonw *w);

void	jsonw_int(struct jsonw *w, int64_t v);
void	jsonw_null(struct jsonw *w);
void	jsonw_bool(struct jsonw *w, int v);

/* @returns 0, or -1 (nothing written) for a value that is not finite (json_real() gives NULL). */
int	jsonw_real(struct jsonw *w, double v);

/* A real as jansson writes it at precision (0: 17) into buf; @returns its length, or -1. */
int	jsonw_format_real(double v, int precision, char *buf, size_t bufsz);

#endif /* NE_JSONW_H */
