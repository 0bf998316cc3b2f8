/*
 * deadletter: the message that says why an article could not be processed.
 *
 * The value and key are the original message's, unchanged; headers carry
 * the context, in the convention of Kafka Connect's dead-letter queue:
 * x-error-code, x-error-reason, x-source-topic, x-source-partition,
 * x-source-offset (schemas/deadletter.schema.json).
 */
#ifndef NE_DEADLETTER_H
#define NE_DEADLETTER_H

#include <stdint.h>

#include <librdkafka/rdkafka.h>

/* Daemon-level error codes, beside the worker library's reason codes. */
#define DEADLETTER_DELIVERY_FAILED "delivery_failed" /* the broker refused a record for good */

/*
 * Build the headers of a dead letter. code and reason are borrowed (reason
 * is cut to 1 KiB). @returns new headers (the caller hands them to
 * rd_kafka_producev, which takes them on success) or NULL on ENOMEM.
 */
rd_kafka_headers_t *deadletter_headers(const char *code, const char *reason, const char *src_topic,
				       int32_t src_partition, int64_t src_offset);

#endif /* NE_DEADLETTER_H */
