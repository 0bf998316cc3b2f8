/*
 * snapshot: the configuration and the lexicon in force, as one pair.
 *
 * Workers take a reference to both for each article (snapshot_acquire), so
 * a reload swaps the pair atomically between articles: an article is coded
 * with the old pair or the new one, never a mix. The main thread reads the
 * configuration directly (snapshot_config), since it is the only writer.
 */
#ifndef NE_SNAPSHOT_H
#define NE_SNAPSHOT_H

#include <stddef.h>

struct config;
struct lexicon;
struct snapshot;

/*
 * Hold cfg and lx (references are taken); lexicon_dir is where they were
 * read from, version the lexicon's (both copied).
 * @returns a new snapshot, or NULL on ENOMEM.
 */
struct snapshot *snapshot_new(struct config *cfg, struct lexicon *lx, const char *lexicon_dir,
			      const char *version);
void snapshot_free(struct snapshot *); /* NULL-safe */

/*
 * The pair in force, each referenced: give both back with
 * snapshot_release(). @locality any thread.
 */
void snapshot_acquire(struct snapshot *, struct config **cfg, struct lexicon **lx);
void snapshot_release(struct config *cfg, struct lexicon *lx);

/*
 * The configuration in force, borrowed until the next snapshot_replace().
 * @locality main thread.
 */
const struct config *snapshot_config(const struct snapshot *);
const char *snapshot_lexicon_dir(const struct snapshot *);
const char *snapshot_lexicon_version(const struct snapshot *);

/*
 * Put cfg and lx (referenced) in force; the old pair is released once the
 * last worker using it lets go. @returns 0, or -ENOMEM with nothing
 * changed. @locality main thread.
 */
int snapshot_replace(struct snapshot *, struct config *cfg, struct lexicon *lx,
		     const char *lexicon_dir, const char *version);

/*
 * SIGHUP: read the configuration from src again and the lexicon from the
 * directory it names, and put both in force together; or, if either has
 * an error, keep the pair in force and log every error (the configuration's
 * as "FILE:LINE: key 'K': why"). Of the keys that changed, those that need
 * a restart are named in the log and keep their running values; the log
 * level is applied at once. st counts the reload (applied or refused) and
 * gets the lexicon's version.
 * @returns 0 when applied, -EINVAL when refused. @locality main thread.
 */
struct config_source;
struct stats;
int snapshot_reload(struct snapshot *, const struct config_source *src, struct stats *st);

#endif /* NE_SNAPSHOT_H */
