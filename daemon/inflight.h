/*
 * inflight: the life of each article between consume and done.
 *
 * A consumed article is a job (workers/job.h) with a flight attached: its
 * state, the records queued and not yet acknowledged, and the code of its
 * dead letter if it gets one. The module decides what each job needs next
 * (queue its records, queue its dead letter, wait for delivery reports) and
 * says when it is done, so "is this article done" is written once, here.
 * It does no I/O itself: the loop gives it the producer's send functions and
 * is called back when an article is done or lost. Jobs that find the
 * producer's queue full wait on a list, oldest first, until
 * inflight_flush().
 *
 * An article is done only when every record it queued, or its dead letter,
 * is acknowledged. A record the broker refuses sends the article to the
 * dead-letter topic (code delivery_failed) once the records already queued
 * have reported; a dead letter that cannot be written makes the article
 * lost: it is never reported done, so its offset is never stored.
 *
 * @locality main thread, except inflight_set_extract_time().
 */
#ifndef NE_INFLIGHT_H
#define NE_INFLIGHT_H

#include <stddef.h>
#include <stdint.h>

struct inflight;
struct job;
struct stats;

struct inflight_ops {
	/*
	 * Queue record i of job. @returns 0; -EAGAIN when the producer's queue
	 * is full (asked again after inflight_flush()); another -errno when
	 * the record can never be queued, with the reason in errbuf.
	 */
	int (*send_record)(void *arg, struct job *job, size_t i, char *errbuf, size_t errbufsz);
	/* Queue the dead letter of job with code and reason. @returns as above. */
	int (*send_deadletter)(void *arg, struct job *job, const char *code, const char *reason,
			       char *errbuf, size_t errbufsz);
	/* Every output of job is acknowledged: store its offset. job is freed after. */
	void (*done)(void *arg, struct job *job);
	/* job's dead letter cannot be written: job will never be done. */
	void (*lost)(void *arg, struct job *job);
	void *arg;
};

/*
 * ops is copied; st (borrowed, outlives the module) counts consumed, done,
 * records, dead letters by code, bytes and extraction times. The topics
 * are copied, for log messages. @returns a new module, or NULL on ENOMEM.
 */
struct inflight *inflight_new(const struct inflight_ops *ops, struct stats *st,
			      const char *input_topic, const char *output_topic,
			      const char *deadletter_topic);
/* Free the module and the jobs waiting on it (NULL-safe). Jobs elsewhere: inflight_discard(). */
void inflight_free(struct inflight *);

/* Attach a flight to a newly consumed job, now in flight. @returns 0 or -ENOMEM. */
int inflight_begin(struct inflight *, struct job *job, uint64_t now_us);

/*
 * How long a worker took over job. @locality the worker thread holding job,
 * before handing it back.
 */
void inflight_set_extract_time(struct job *job, uint64_t usec);

/* A worker is done with job: it waits to be produced (call inflight_flush()). */
void inflight_extracted(struct inflight *, struct job *job);

/*
 * A delivery report for a record (deadletter 0) or the dead letter of job:
 * error is NULL on success, else the broker's reason. bytes is the
 * message's size. May call ops.done, ops.lost or free job.
 */
void inflight_reported(struct inflight *, struct job *job, int deadletter, const char *error,
		       size_t bytes);

/* Queue what waits for the producer, oldest first, until its queue is full again. */
void inflight_flush(struct inflight *);

/*
 * Stop caring: from now on a delivery report only frees its job once it
 * has none outstanding (shutdown, after the producer is purged).
 */
void inflight_teardown(struct inflight *);

/* Free a job that will never come back (left in the pool at exit). */
void inflight_discard(struct inflight *, struct job *job);

size_t inflight_count(const struct inflight *);	      /* articles between consume and done */
size_t inflight_waiting(const struct inflight *);     /* of which waiting for the producer */
uint64_t inflight_consumed_at(const struct job *job); /* CLOCK_MONOTONIC µs */

/*
 * Dead letters are logged individually up to a burst per interval; this
 * logs how many were not, and starts a new interval. secs is its length.
 */
void inflight_log_interval(struct inflight *, double secs);

/* Test helper: assert every invariant; aborts on violation. */
void inflight_check_invariants(const struct inflight *);

#endif /* NE_INFLIGHT_H */
