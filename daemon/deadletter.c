/*
 * deadletter: build the headers of a dead-letter message.
 *
 * Numbers travel as decimal strings, as Kafka Connect writes them, so any
 * consumer (kcat's %h included) can read them without a schema.
 */
#include <stdio.h>
#include <string.h>

#include "deadletter.h"

#define REASON_MAX 1024

rd_kafka_headers_t *
deadletter_headers(const char *code, const char *reason, const char *src_topic,
		   int32_t src_partition, int64_t src_offset)
{
	rd_kafka_headers_t *h;
	char part[16], off[24];
	size_t rlen = strnlen(reason, REASON_MAX);

	if ((h = rd_kafka_headers_new(5)) == NULL)
		return NULL;
	snprintf(part, sizeof(part), "%d", (int) src_partition);
	snprintf(off, sizeof(off), "%lld", (long long) src_offset);
	if (rd_kafka_header_add(h, "x-error-code", -1, code, -1) != RD_KAFKA_RESP_ERR_NO_ERROR ||
	    rd_kafka_header_add(h, "x-error-reason", -1, reason, (ssize_t) rlen) !=
		RD_KAFKA_RESP_ERR_NO_ERROR ||
	    rd_kafka_header_add(h, "x-source-topic", -1, src_topic, -1) !=
		RD_KAFKA_RESP_ERR_NO_ERROR ||
	    rd_kafka_header_add(h, "x-source-partition", -1, part, -1) !=
		RD_KAFKA_RESP_ERR_NO_ERROR ||
	    rd_kafka_header_add(h, "x-source-offset", -1, off, -1) != RD_KAFKA_RESP_ERR_NO_ERROR) {
		rd_kafka_headers_destroy(h);
		return NULL;
	}
	return h;
}
