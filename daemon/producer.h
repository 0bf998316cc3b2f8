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

enum producer_kind {
	PRODUCER_RECORD,
	PRODUCER_DEADLETTER
};

/*
 * Called for every delivery report, on the main thread inside
 * producer_poll(). err is RD_KAFKA_RESP_ERR_NO_ERROR on success.
 */
typedef void	(*producer_dr_fn)(void *arg, struct job *job, enum producer_kind kind,
		    rd_kafka_resp_err_t err);

/*
 * Create the producer from cfg (borrowed; topics are copied). @returns 0 and
 * *ret, or -EINVAL with the reason in errbuf.
 */
int	producer_new(const struct config *cfg, producer_dr_fn fn, void *arg, struct producer **ret,
	    char *errbuf, size_t errbufsz);
void	producer_free(struct producer *);	/* NULL-safe; does not flush */

/*
 * Fetch the metadata of the output and dead-letter topics, waiting at most
 * timeout_ms. @returns 0, or -ENOENT (a topic does not exist) / -ETIMEDOUT /
 * -EIO with the reason in errbuf.
 */
int	producer_check_topics(struct producer *, int timeout_ms, char *errbuf, size_t errbufsz);

/* The fd that becomes readable when delivery reports or logs are waiting. */
int	producer_fd(const struct producer *);

/* Serve waiting delivery reports and logs without blocking. @returns how many events were served. */
int	producer_poll(struct producer *);

/*
 * Queue job's records from job->next_record on, keyed by the article id,
 * advancing next_record and outstanding for each one queued.
 * @returns 0 when all are queued; -EAGAIN when the queue is full (call again
 * after producer_poll() has served reports); -EIO on another error (errbuf).
 */
int	producer_send_records(struct producer *, struct job *, char *errbuf, size_t errbufsz);

/*
 * Queue the dead letter of job: its original value and key, with the error
 * headers. Sets job->dead_lettered and outstanding. @returns as above.
 */
int	producer_send_deadletter(struct producer *, struct job *, const char *code, const char *reason,
	    const char *src_topic, char *errbuf, size_t errbufsz);

/*
 * The same to the topic of unsupported.action=topic:NAME (which must be
 * configured); its delivery reports come as PRODUCER_DEADLETTER, since the
 * article is accounted for the same way.
 */
int	producer_send_routed(struct producer *, struct job *, const char *code, const char *reason,
	    const char *src_topic, char *errbuf, size_t errbufsz);

/* Wait up to timeout_ms for every queued message to be delivered. @returns messages left. */
int	producer_flush(struct producer *, int timeout_ms);

/*
 * Abandon every message not yet delivered and serve their (failed)
 * delivery reports, so that no job is left referenced by librdkafka.
 */
void	producer_purge(struct producer *);

/* Messages queued or in flight to the broker. */
int	producer_outq_len(const struct producer *);

/* @returns the fatal error's description if the producer has one (idempotence broken), else NULL. */
const char	*producer_fatal(struct producer *, char *buf, size_t bufsz);

#endif /* NE_PRODUCER_H */
