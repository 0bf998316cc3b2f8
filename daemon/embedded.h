/*
 * embedded: --embedded-broker, librdkafka's in-process Kafka cluster on
 * 127.0.0.1, so that the daemon runs with no Kafka installed (demos,
 * first steps). Not for production: the mock keeps 5 MiB per partition
 * and nothing on disk.
 */
#ifndef NE_EMBEDDED_H
#define NE_EMBEDDED_H

#include <stddef.h>

struct embedded;

/*
 * Start a one-broker cluster and create the topics (input with partitions
 * partitions, the others with the same). @returns 0 and *ret, or -EIO with errbuf.
 */
int embedded_start(const char *const *topics, size_t ntopics, int partitions, struct embedded **ret,
		   char *errbuf, size_t errbufsz);
/* "127.0.0.1:PORT": the bootstrap servers of the cluster. */
const char *embedded_bootstraps(const struct embedded *);
void embedded_stop(struct embedded *); /* NULL-safe */

#endif /* NE_EMBEDDED_H */
