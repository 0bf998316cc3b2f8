/*
 * snapshot: the configuration and lexicon in force, swapped under a mutex,
 * and the reload that builds a new pair.
 *
 * The mutex guards only the two pointers: a worker copies them and takes a
 * reference under it, then works without it. Both objects are immutable
 * and refcounted (atomically), so the last worker to release an old pair
 * frees it, on its own thread, after a replace.
 *
 * A reload builds the whole new pair before touching the old one: load the
 * file (errors captured and logged line by line), merge it with the running
 * configuration (config_merge: restart-only keys keep their running
 * values), load the lexicon from the merged lexicon.dir, and only then
 * swap. Any failure on the way leaves everything as it was.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../workers/lexicon.h"
#include "config.h"
#include "log.h"
#include "paths.h"
#include "snapshot.h"
#include "stats.h"

struct snapshot {
	pthread_mutex_t mu;
	struct config *cfg; /* guarded by mu; written by the main thread only */
	struct lexicon *lx; /* guarded by mu; written by the main thread only */
	char *lexicon_dir;  /* main thread */
	char *version;	    /* main thread */
};

struct snapshot *
snapshot_new(struct config *cfg, struct lexicon *lx, const char *lexicon_dir, const char *version)
{
	struct snapshot *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	if ((s->lexicon_dir = strdup(lexicon_dir)) == NULL ||
	    (s->version = strdup(version)) == NULL) {
		free(s->lexicon_dir);
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->mu, NULL);
	s->cfg = config_ref(cfg);
	s->lx = lexicon_ref(lx);
	return s;
}

void
snapshot_free(struct snapshot *s)
{
	if (s == NULL)
		return;
	config_unref(s->cfg);
	lexicon_unref(s->lx);
	pthread_mutex_destroy(&s->mu);
	free(s->lexicon_dir);
	free(s->version);
	free(s);
}

void
snapshot_acquire(struct snapshot *s, struct config **cfg, struct lexicon **lx)
{
	pthread_mutex_lock(&s->mu);
	*cfg = config_ref(s->cfg);
	*lx = lexicon_ref(s->lx);
	pthread_mutex_unlock(&s->mu);
}

void
snapshot_release(struct config *cfg, struct lexicon *lx)
{
	config_unref(cfg);
	lexicon_unref(lx);
}

const struct config *
snapshot_config(const struct snapshot *s)
{
	return s->cfg;
}

const char *
snapshot_lexicon_dir(const struct snapshot *s)
{
	return s->lexicon_dir;
}

const char *
snapshot_lexicon_version(const struct snapshot *s)
{
	return s->version;
}

int
snapshot_replace(struct snapshot *s, struct config *cfg, struct lexicon *lx,
		 const char *lexicon_dir, const char *version)
{
	char *dir = strdup(lexicon_dir), *ver = strdup(version);
	struct config *oldc;
	struct lexicon *oldlx;

	if (dir == NULL || ver == NULL) {
		free(dir);
		free(ver);
		return -ENOMEM;
	}
	pthread_mutex_lock(&s->mu);
	oldc = s->cfg;
	oldlx = s->lx;
	s->cfg = config_ref(cfg);
	s->lx = lexicon_ref(lx);
	pthread_mutex_unlock(&s->mu);
	snapshot_release(oldc, oldlx);
	free(s->lexicon_dir);
	free(s->version);
	s->lexicon_dir = dir;
	s->version = ver;
	return 0;
}

/* Load src, logging every error line as it is. @returns 0 and *ret, or -errno. */
static int
load_logged(const struct config_source *src, struct config **ret)
{
	char *text = NULL, *line, *save = NULL;
	size_t len = 0;
	FILE *errfp = open_memstream(&text, &len);
	int r;

	if (errfp == NULL)
		return -ENOMEM;
	r = config_load(src->path, src->missing_ok, src->overrides, src->noverrides, ret, errfp);
	fclose(errfp);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save))
		log_errx("%s", line);
	free(text);
	return r;
}

static void
log_change(void *arg, const char *key, int reloadable, const char *oldv, const char *newv)
{
	(void) arg;
	if (reloadable)
		log_info("reload: %s: '%.200s' -> '%.200s'", key, oldv, newv);
	else
		log_warnx("reload: %s changed ('%.200s' -> '%.200s') but needs a restart; the "
			  "running value stays until then",
			  key, oldv, newv);
}

int
snapshot_reload(struct snapshot *s, const struct config_source *src, struct stats *st)
{
	struct config *loaded = NULL, *merged = NULL, *running = config_ref(s->cfg);
	struct lexicon *lx = NULL;
	char dir[PATH_MAX], version[32], err[512];
	const char *path = src->path != NULL ? src->path : "the built-in defaults";
	int r = -EINVAL;

	if (load_logged(src, &loaded) < 0) {
		log_errx("reload: %s has errors; keeping the configuration in force", path);
		goto out;
	}
	if ((merged = config_merge(running, loaded)) == NULL) {
		log_errx("reload: out of memory; keeping the configuration in force");
		goto out;
	}
	paths_lexicon_dir(merged->lexicon_dir, dir, sizeof(dir));
	if (lexicon_load(dir, &lx, err, sizeof(err)) < 0) {
		log_errx("reload: lexicon: %s; keeping the configuration and lexicon in force",
			 err);
		goto out;
	}
	(void) paths_lexicon_version(dir, version, sizeof(version));
	if (snapshot_replace(s, merged, lx, dir, version) < 0) {
		log_errx("reload: out of memory; keeping the configuration in force");
		goto out;
	}
	/* In force: log at the new level what changed. */
	log_set_level(merged->log_level);
	(void) config_diff(running, loaded, log_change, NULL);
	stats_clear(st, STATS_LEXICON);
	stats_set_l(st, STATS_LEXICON, 1, version, NULL);
	log_info("reload: applied %s; lexicon %s from %s", path, version, dir);
	r = 0;
out:
	stats_add_l(st, STATS_RELOADS, 1, r == 0 ? "applied" : "refused", NULL);
	lexicon_unref(lx);
	config_unref(merged);
	config_unref(loaded);
	config_unref(running);
	return r;
}
