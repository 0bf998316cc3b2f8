/*
 * reset: newseventsd --reset-offsets=earliest|latest|TIMESTAMP, the way to
 * code history again (after a lexicon upgrade, say).
 *
 * It sets the consumer group's committed offset of every partition of the
 * input topic, while no member of the group runs, and prints what it
 * changed. TIMESTAMP is ISO 8601 (2024-05-01, 2024-05-01T12:00:00Z,
 * 2024-05-01T14:00+02:00): each partition goes back to its first message
 * at or after that time (rd_kafka_offsets_for_times), or to its end if
 * there is none. The new offsets go in one commit as a client outside the
 * group, which the group coordinator refuses while the group has members
 * (so a running daemon is never moved under its feet); where the broker
 * can list groups, the active members are counted and named first.
 */
#ifndef NE_RESET_H
#define NE_RESET_H

#include <stdint.h>
#include <stdio.h>

struct config;

/* Exit statuses of --reset-offsets, besides 0 and 78 (configuration). */
#define RESET_EXIT_USAGE 64	  /* the argument is not earliest, latest or a timestamp */
#define RESET_EXIT_UNAVAILABLE 69 /* brokers or the input topic unreachable */
#define RESET_EXIT_ACTIVE 75	  /* the group has active members: stop them, then again */

/*
 * Parse an ISO 8601 date or date and time into milliseconds since the
 * epoch. A date alone is midnight UTC; a time needs Z or an offset.
 * @returns 0, or -EINVAL.
 */
int reset_parse_time(const char *s, int64_t *ms);

/*
 * Reset the committed offsets of cfg's group on cfg's input topic to spec
 * ("earliest", "latest" or a timestamp). What changed goes to out, errors
 * to err. @returns 0 or an exit status above.
 */
int reset_offsets(const struct config *cfg, const char *spec, FILE *out, FILE *err);

#endif /* NE_RESET_H */
