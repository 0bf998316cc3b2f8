/*
 * intake: the input side, from the consumer to the workers and back to a
 * committed offset.
 *
 * It owns the group consumer and the offset tracker. Each message polled
 * is admitted or not (the daemon is stopping, its partition was given up,
 * it was fetched before a rewind, or there is no room: then the partition
 * is rewound to it and it is fetched again later), checked for offsets
 * skipped by a reset (DATA LOSS), begun in the tracker and the job
 * lifecycle, and handed to the worker pool. The assignment is paused at
 * max.inflight articles in flight and resumed at half. When an article is
 * done, intake_done() stores the offset it makes committable, and
 * intake_commit() commits what is stored (at most every
 * kafka.auto.commit.interval.ms, one commit in flight at a time).
 *
 * Rebalances: an assignment starts tracking its partitions at their
 * committed offsets; a revocation first finishes the revoked partitions'
 * articles (serving the workers and the producer through the loop, up to
 * revoke.timeout.ms) and commits them; lost partitions commit nothing.
 *
 * @locality main thread.
 */
#ifndef NE_INTAKE_H
#define NE_INTAKE_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct inflight;
struct intake;
struct job;
struct pool;
struct snapshot;
struct stats;

/* What the loop lends the intake; every pointer outlives it. */
struct intake_env {
	struct snapshot *snap; /* the configuration in force */
	struct stats *st;
	struct inflight *inf;
	struct pool *pool;
	size_t capacity; /* of the pool's queue: in flight never reaches it */
	/* Stop the daemon with an exit status (LOOP_EXIT_*). */
	void (*stop)(void *arg, int exit_code, const char *why);
	/*
	 * Serve finished jobs and delivery reports for up to timeout_ms (a
	 * revocation's drain). @returns 0, or -1 when the daemon is stopping
	 * on an error (draining is then pointless).
	 */
	int (*serve)(void *arg, int timeout_ms);
	void *arg;
};

/*
 * Create the consumer from cfg (borrowed). @returns 0 and *ret, or -EINVAL
 * with the reason in errbuf.
 */
int intake_new(const struct config *cfg, const struct intake_env *env, struct intake **ret,
	       char *errbuf, size_t errbufsz);
void intake_free(struct intake *); /* NULL-safe; destroys the consumer without closing */

/* Subscribe to the input topic. @returns 0, or -EINVAL with errbuf. */
int intake_subscribe(struct intake *, char *errbuf, size_t errbufsz);

/* The fd that becomes readable when messages or consumer events wait. */
int intake_fd(const struct intake *);

/*
 * Take up to a batch of messages; admitting 0 takes none into work (the
 * daemon is stopping) but still serves rebalances and events.
 * @returns 1 if more may be waiting without a wake-up, else 0.
 */
int intake_poll(struct intake *, int admitting);

/* Pause the whole assignment (stopping), or resume it if in flight is low again. */
void intake_pause(struct intake *);
void intake_maybe_resume(struct intake *);

/* The article of job is done: store the offset that makes committable, if any. */
void intake_done(struct intake *, const struct job *job);

/*
 * Send an asynchronous commit of the stored offsets if one is due: offsets
 * were stored since the last, which was answered, and
 * kafka.auto.commit.interval.ms has passed since it was sent. Call once per
 * turn of the loop.
 */
void intake_commit(struct intake *);
/* Milliseconds until intake_commit() has a commit to send, 0 if now, -1 if none is waiting. */
int intake_commit_wait_ms(const struct intake *);

int intake_joined(const struct intake *); /* the first assignment (maybe empty) came */
size_t intake_assigned(const struct intake *);
int intake_paused(const struct intake *);

/* Commit what is stored, then leave the group (serving the final revocation). */
void intake_close(struct intake *);

#endif /* NE_INTAKE_H */
