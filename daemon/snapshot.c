/*
 * snapshot: the configuration and lexicon in force, swapped under a mutex.
 *
 * The mutex guards only the two pointers: a worker copies them and takes a
 * reference under it, then works without it. Both objects are immutable
 * and refcounted (atomically), so the last worker to release an old pair
 * frees it, on its own thread, after a replace.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../workers/lexicon.h"
#include "config.h"
#include "snapshot.h"

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
