/*
 * kstats: librdkafka's statistics (the JSON of its stats callback, every
 * statistics.interval.ms) into the daemon's stats: the consumer lag of each
 * assigned partition, and whether each client's connection to each broker
 * is up. The fields are those of librdkafka's STATISTICS.md.
 */
#ifndef NE_KSTATS_H
#define NE_KSTATS_H

#include <stddef.h>

struct stats;

/*
 * Apply one statistics document of client ("consumer" or "producer"; the
 * broker_up label) to st: the consumer's replaces every lag sample.
 * json is borrowed. @returns 0, or -EINVAL when it is not the JSON expected.
 * @locality main thread (the stats callback is served by its poll).
 */
int kstats_apply(struct stats *st, const char *client, const char *json, size_t len);

#endif /* NE_KSTATS_H */
