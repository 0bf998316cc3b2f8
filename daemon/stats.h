/*
 * stats: every figure the daemon reports, in one structure.
 *
 * STATUS= (notify), GET /metrics (metrics) and the final log line all read
 * this one structure, so they cannot disagree. Each metric is one row of
 * STATS_METRICS below: its id, its Prometheus type, its name (without the
 * "newseventsd_" prefix), its label names (none, one, or two separated by
 * a comma) and its help text. Adding a counter is adding a row, then
 * calling stats_add() (or stats_add_l() with its label values) where it
 * happens.
 *
 * @locality main thread only (the HTTP endpoint is served by the main
 * loop too), so there are no locks and no atomics.
 */
#ifndef NE_STATS_H
#define NE_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* clang-format off */
#define STATS_METRICS(X)                                                                           \
	X(CONSUMED, COUNTER, "articles_consumed_total", NULL,                                      \
	  "Articles taken from the input topic.")                                                  \
	X(DONE, COUNTER, "articles_done_total", NULL,                                              \
	  "Articles finished: every record, or the dead letter, acknowledged by the broker.")     \
	X(SKIPPED, COUNTER, "articles_skipped_total", "reason,language",                           \
	  "Articles accounted for without records or a dead letter, by reason and language.")     \
	X(RECORDS, COUNTER, "records_produced_total", NULL,                                        \
	  "Event records acknowledged by the broker.")                                             \
	X(DEADLETTERS, COUNTER, "dead_letters_total", "reason",                                    \
	  "Dead letters acknowledged by the broker, by x-error-code.")                             \
	X(PRODUCE_FAILURES, COUNTER, "produce_failures_total", NULL,                               \
	  "Records refused for good (their article goes to the dead-letter topic).")              \
	X(BYTES_IN, COUNTER, "input_bytes_total", NULL,                                            \
	  "Bytes of article messages consumed.")                                                   \
	X(BYTES_OUT, COUNTER, "output_bytes_total", NULL,                                          \
	  "Bytes of records and dead letters acknowledged by the broker.")                         \
	X(REBALANCES, COUNTER, "rebalances_total", "event",                                        \
	  "Rebalance events of the input topic: assigned, revoked, lost.")                         \
	X(COMMITS, COUNTER, "commits_total", NULL,                                                 \
	  "Offset commits acknowledged by the group coordinator.")                                 \
	X(COMMIT_FAILURES, COUNTER, "commit_failures_total", NULL,                                 \
	  "Offset commits that failed.")                                                           \
	X(OFFSETS_SKIPPED, COUNTER, "offsets_skipped_total", NULL,                                 \
	  "Input offsets deleted by retention before they were consumed (DATA LOSS).")            \
	X(OFFSET_RESETS, COUNTER, "offset_resets_total", NULL,                                     \
	  "Times a partition continued past offsets deleted by retention (DATA LOSS lines).")     \
	X(RELOADS, COUNTER, "reloads_total", "result",                                             \
	  "SIGHUP reloads, by result: applied, refused.")                                          \
	X(INFLIGHT, GAUGE, "inflight_articles", NULL,                                              \
	  "Articles between consume and done.")                                                    \
	X(ASSIGNED, GAUGE, "assigned_partitions", NULL,                                            \
	  "Input partitions assigned to this instance.")                                           \
	X(PAUSED, GAUGE, "paused_partitions", NULL,                                                \
	  "Assigned partitions paused because max.inflight articles are in flight.")              \
	X(READY, GAUGE, "ready", NULL,                                                             \
	  "1 when GET /ready answers 200: group joined, producer without fatal error.")           \
	X(LAG, GAUGE, "consumer_lag", "topic,partition",                                           \
	  "Messages from the committed offset to the log end (librdkafka statistics).")           \
	X(LAG_STORED, GAUGE, "consumer_lag_stored", "topic,partition",                             \
	  "Messages from the offset stored for commit to the log end (librdkafka statistics).")   \
	X(BROKER_UP, GAUGE, "broker_up", "client,broker",                                          \
	  "1 when the client's connection to the broker is up (librdkafka statistics).")          \
	X(LEXICON, GAUGE, "lexicon_info", "version",                                               \
	  "The lexicon in use, by version (a content hash); the value is 1.")                      \
	X(BUILD, GAUGE, "build_info", "version",                                                   \
	  "The daemon's version; the value is 1.")                                                 \
	X(EXTRACT_SECONDS, HISTOGRAM, "extraction_seconds", NULL,                                  \
	  "Time a worker took to decode and code one article.")                                    \
	X(COMMIT_SECONDS, HISTOGRAM, "consume_to_commit_seconds", NULL,                            \
	  "From consuming an article to storing its offset for commit, once it and every earlier " \
	  "article of its partition are done; it is committed within kafka.auto.commit.interval.ms.")
/* clang-format on */

#define STATS_ID(id, type, name, labels, help) STATS_##id,
enum stats_id { STATS_METRICS(STATS_ID) _STATS_MAX };
#undef STATS_ID

struct stats;

/* @returns a new structure, every figure 0, or NULL on ENOMEM. */
struct stats *stats_new(void);
void stats_free(struct stats *); /* NULL-safe */

/* Add n to an unlabelled counter. */
void stats_add(struct stats *, enum stats_id, uint64_t n);
/* Add n to a labelled counter; l2 is NULL for a metric of one label. */
void stats_add_l(struct stats *, enum stats_id, uint64_t n, const char *l1, const char *l2);
/* Set an unlabelled gauge, or one sample of a labelled one. */
void stats_set(struct stats *, enum stats_id, double v);
void stats_set_l(struct stats *, enum stats_id, double v, const char *l1, const char *l2);
/* Forget every sample of a labelled metric (before setting the current ones). */
void stats_clear(struct stats *, enum stats_id);
/* Count one observation in a histogram. */
void stats_observe(struct stats *, enum stats_id, double v);

/* An unlabelled value, or the sum over every label (a histogram: its count). */
double stats_get(const struct stats *, enum stats_id);
/* One labelled sample, or 0 if it was never set. */
double stats_get_l(const struct stats *, enum stats_id, const char *l1, const char *l2);
/* The largest sample of a labelled gauge, or 0. */
double stats_max(const struct stats *, enum stats_id);

/*
 * Why the daemon is or is not ready, and whether it is alive (its loop
 * turns and no worker is stuck): one short line each, for GET /ready and
 * GET /healthz. why is copied. stats_ready() sets the READY gauge too.
 */
void stats_ready(struct stats *, int ready, const char *why);
void stats_alive(struct stats *, int alive, const char *why);
int stats_is_ready(const struct stats *, const char **why);
int stats_is_alive(const struct stats *, const char **why);

/*
 * The lexicon in use: the lexicon_info sample (the only one) and the
 * version STATUS= shows. version is copied.
 */
void stats_lexicon(struct stats *, const char *version);

/*
 * Write every metric in the Prometheus text exposition format (0.0.4), each
 * name with "newseventsd_" before it, then the process_* metrics of this
 * process (CPU, memory, open files, start time). @returns 0, or -errno when
 * fp failed.
 */
int stats_render(const struct stats *, FILE *fp);

/*
 * The STATUS= line: rates since the last call (dt seconds ago), totals,
 * in flight, partitions, the largest lag. Remembers the totals for the next.
 */
void stats_status_line(struct stats *, double dt, char *buf, size_t bufsz);

#endif /* NE_STATS_H */
