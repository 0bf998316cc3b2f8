/*
 * producer: the idempotent producer of event records and dead letters.
 *
 * One rd_kafka_t for both output topics. Delivery reports are served only by
 * producer_poll() on the main thread, which hands each one to the loop's
 * callback with the job it belongs to. Payloads are handed to librdkafka
 * without copying (RD_KAFKA_MSG_F_FREE): a record's JSON and a dead
 * letter's original bytes leave the job when they are queued.
 */
#ifndef NE_PRODUCER_H
#define NE_PRODUCER_H

#include <stddef.h>
#include <stdint.h>

#include <librdkafka/rdkafka.h>

#include "config.h"

struct job;
struct producer;
struct stats;

enum producer_kind { PRODUCER_RECORD, PRODUCER_DEADLETTER };

/* What the producer tells the loop; served on the main thread inside producer_poll(). */
struct producer_cb {
	/* A delivery report: err is RD_KAFKA_RESP_ERR_NO_ERROR on success; len the message's size.
	 */
	void (*delivered)(void *arg, struct job *job, enum producer_kind kind,
			  rd_kafka_resp_err_t err, size_t len);
	/*
	 * An error event. fatal = 1 when the producer cannot go on (its
	 * idempotence is broken); reason is then the fatal error's.
	 */
	void (*error)(void *arg, rd_kafka_resp_err_t err, const char *reason, int fatal);
	void *arg;
};

/*
 * Create the producer from cfg (borrowed; topics are copied). st (borrowed,
 * outlives it) gets the broker states of librdkafka's statistics.
 * @returns 0 and *ret, or -EINVAL with the reason in errbuf.
 */
int producer_new(const struct config *cfg, const struct producer_cb *cb, struct stats *st,
		 struct producer **ret, char *errbuf, size_t errbufsz);
void producer_free(struct producer *); /* NULL-safe; does not flush */

/*
 * Fetch the metadata of the output and dead-letter topics, waiting at most
 * timeout_ms. @returns 0, or -ENOENT (a topic does not exist) / -ETIMEDOUT /
 * -EIO with the reason in errbuf.
 */
int producer_check_topics(struct producer *, int timeout_ms, char *errbuf, size_t errbufsz);

/* The fd that becomes readable when delivery reports or logs are waiting. */
int producer_fd(const struct producer *);

/* Serve waiting delivery reports and logs without blocking. @returns how many events were served.
 */
int producer_poll(struct producer *);

/*
 * Queue record i of job, keyed by the article id; its JSON leaves the job.
 * @returns 0; -EAGAIN when the queue is full (call again after
 * producer_poll() has served reports); -EIO on another error (errbuf).
 */
int producer_send_record(struct producer *, struct job *, size_t i, char *errbuf, size_t errbufsz);

/*
 * Queue the dead letter of job: its original value (which leaves the job)
 * and key, with the error headers. @returns as above.
 */
int producer_send_deadletter(struct producer *, struct job *, const char *code, const char *reason,
			     const char *src_topic, char *errbuf, size_t errbufsz);

/*
 * The same to the topic of unsupported.action=topic:NAME (which must be
 * configured); its delivery reports come as PRODUCER_DEADLETTER, since the
 * article is accounted for the same way.
 */
int producer_send_routed(struct producer *, struct job *, const char *code, const char *reason,
			 const char *src_topic, char *errbuf, size_t errbufsz);

/* Wait up to timeout_ms for every queued message to be delivered. @returns messages left. */
int producer_flush(struct producer *, int timeout_ms);

/*
 * Abandon every message not yet delivered and serve their (failed)
 * delivery reports, so that no job is left referenced by librdkafka.
 */
void producer_purge(struct producer *);

/* Messages queued or in flight to the broker. */
int producer_outq_len(const struct producer *);

/* @returns the fatal error's description if the producer has one (idempotence broken), else NULL.
 */
const char *producer_fatal(struct producer *, char *buf, size_t bufsz);

#endif /* NE_PRODUCER_H */
