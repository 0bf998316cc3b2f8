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

#endif /* NE_PATHS_H */
