/*
 * plover: the PLOVER event type of a CAMEO code, from lexicon/plover.txt.
 *
 * The table maps CAMEO code prefixes (root, base code or sub-code) to one
 * of PLOVER's sixteen event types; a code takes the entry of its longest
 * matching prefix, so a root's line covers its codes unless a base code or
 * sub-code has a line of its own. Immutable once loaded.
 */
#ifndef NE_PLOVER_H
#define NE_PLOVER_H

#include <stddef.h>
#include <stdint.h>

#define PLOVER_FILE	"plover.txt"

struct plover;

/*
 * Load dir/plover.txt. @returns 0 and *ret; -errno when the file cannot be
 * opened; -EINVAL with "plover.txt:LINE: why" in errbuf for a bad line (a
 * code that is not 2 to 4 digits, a type that is not one of PLOVER's, a
 * code given twice); or -ENOMEM.
 */
int		 plover_load(const char *dir, struct plover **ret, char *errbuf, size_t errbufsz);
void		 plover_free(struct plover *);	/* NULL-safe */

/* @returns the content hash of the file it was loaded from (dictfile.h), for lexicon_version. */
uint64_t	 plover_digest(const struct plover *);

/* @returns the type of CAMEO code ("ASSAULT"), or NULL when it has none. */
const char	*plover_type(const struct plover *, const char *code);

#endif /* NE_PLOVER_H */
