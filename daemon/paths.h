/*
 * paths: where the programs find their data.
 */
#ifndef NE_PATHS_H
#define NE_PATHS_H

#include <stddef.h>

/*
 * The lexicon directory: configured (if not NULL or empty), else
 * $NE_LEXICON, else "lexicon" beside the running binary when it exists (a
 * build tree), else "../share/newsevents/lexicon" from the binary's
 * directory when it exists (an installed tree, wherever it is), else the
 * NE_LEXICON_DIR compiled in. @returns buf.
 */
char *paths_lexicon_dir(const char *configured, char *buf, size_t bufsz);

/*
 * A version of the lexicon in dir: 16 hex digits of a 64-bit FNV-1a hash
 * over the name and content of each regular file, in name order, so that
 * any change to any dictionary changes it. Stands in for the worker
 * library's lexicon_version() (a hash of the loaded snapshot) until that
 * exists. @returns 0, or -errno with "unknown" in buf.
 */
int paths_lexicon_version(const char *dir, char *buf, size_t bufsz);

#endif /* NE_PATHS_H */
