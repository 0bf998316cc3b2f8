/*
 * consumer: the group consumer of the input topic.
 *
 * Subscribes with cooperative-sticky assignment and serves its rebalance
 * callback on the main thread, inside consumer_poll(): on assignment the
 * loop is told first (it starts tracking the partitions), on revocation the
 * loop is told before the partitions are given up (it finishes their work and
 * commits), unless they were lost, when nothing may be committed. Pausing is
 * all-or-nothing over the current assignment, which is what backpressure
 * needs; partitions assigned while paused are paused at once.
 */
#ifndef NE_CONSUMER_H
#define NE_CONSUMER_H

#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "config.h"

struct consumer;
struct stats;

struct consumer_cb {
	/* Partitions of the input topic now ours. */
	void (*assigned)(void *arg, const int32_t *parts, size_t n);
	/*
	 * Partitions about to be given up; lost = 1 when the group already gave
	 * them to someone else (do not commit). Runs inside consumer_poll().
	 */
	void (*revoked)(void *arg, const int32_t *parts, size_t n, int lost);
	/* An error event: fatal = 1 when the client cannot go on. */
	void (*error)(void *arg, rd_kafka_resp_err_t err, const char *reason, int fatal);
	/* A commit was answered; failed = 1 unless it succeeded or had nothing to commit. */
	void (*committed)(void *arg, int failed);
	void *arg;
};

/*
 * Create the consumer from cfg (borrowed). st (borrowed, outlives it)
 * counts the offset commits and their failures, background ones included.
 * @returns 0 and *ret, or -EINVAL with the reason in errbuf.
 */
int consumer_new(const struct config *cfg, const struct consumer_cb *cb, struct stats *st,
		 struct consumer **ret, char *errbuf, size_t errbufsz);
void consumer_free(struct consumer *); /* NULL-safe; destroys without closing */

/* Subscribe to the input topic. @returns 0, or -EINVAL with errbuf. */
int consumer_subscribe(struct consumer *, char *errbuf, size_t errbufsz);

/* The fd that becomes readable when messages or events are waiting. */
int consumer_fd(const struct consumer *);

/*
 * Take the next message without blocking (serving rebalances, errors and
 * logs on the way). @returns a message to destroy with
 * rd_kafka_message_destroy(), or NULL when none is waiting.
 */
rd_kafka_message_t *consumer_poll(struct consumer *);

/* Drain the wake-up fd (call before a burst of consumer_poll()). */
void consumer_ack_fd(struct consumer *);

/* Pause or resume every assigned partition. Idempotent. */
void consumer_pause(struct consumer *);
void consumer_resume(struct consumer *);
int consumer_paused(const struct consumer *);

/* @returns 1 once the first assignment (possibly empty) has arrived: the group is joined. */
int consumer_joined(const struct consumer *);

/* Partitions currently assigned. */
size_t consumer_assigned_count(const struct consumer *);

/* Store the next offset to commit for a partition (consumer_commit_async() sends it). */
int consumer_store(struct consumer *, int32_t partition, int64_t next_offset);

/*
 * Commit synchronously: the given (partition, next offset) pairs, or every
 * stored offset when n is 0. @returns 0 or -EIO with errbuf ("nothing to
 * commit" is success).
 */
int consumer_commit(struct consumer *, const int32_t *parts, const int64_t *offs, size_t n,
		    char *errbuf, size_t errbufsz);

/*
 * Whether a commit's answer (the callback's err and offsets) failed: a
 * top-level error other than "nothing to commit", or an error on any of its
 * partitions (the coordinator answers each partition of a commit apart).
 * What a failed commit carried is still stored and must be sent again.
 */
int consumer_commit_failed(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t *offsets);

/*
 * Commit every stored offset not committed yet, without waiting; the answer
 * comes through consumer_poll() (the consumer_cb's committed). now_us is
 * clock_now_us(). @returns 0 (sent, or nothing to commit) or -EIO.
 */
int consumer_commit_async(struct consumer *, uint64_t now_us);
/*
 * @returns 1 and the time it was sent in *ret_sent_us while an asynchronous
 * commit waits for its answer, else 0 (*ret_sent_us untouched).
 */
int consumer_committing(const struct consumer *, uint64_t *ret_sent_us);
/*
 * The log-start offset of a partition, asking the broker (blocks up to
 * timeout_ms). @returns it, or -1.
 */
int64_t consumer_low_watermark(struct consumer *, int32_t partition, int timeout_ms);
/*
 * Fetch a partition again from offset, asynchronously (no waiting): the
 * message at offset and those after it are delivered again.
 */
void consumer_rewind(struct consumer *, int32_t partition, int64_t offset);

/* The committed offset of a partition (blocking, timeout_ms), or -1 if none. */
int64_t consumer_committed(struct consumer *, int32_t partition, int timeout_ms);

/* Leave the group (serving the final revocation). @returns 0 or -EIO. */
int consumer_close(struct consumer *);

#endif /* NE_CONSUMER_H */
