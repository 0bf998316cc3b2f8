/*
 * loop: the main thread's poll(2) loop and everything it owns.
 *
 * One thread serves the consumer (messages, rebalances), the producer
 * (delivery reports), the worker pool's completions, signals (signalfd) and
 * timers (timerfd: watchdog, STATUS=). The offset tracker and the in-flight
 * counts therefore have a single owner and need no lock.
 */
#ifndef NE_LOOP_H
#define NE_LOOP_H

#include <stddef.h>

#include "config.h"

struct lexicon;
struct loop;

/*
 * Exit statuses (sysexits.h), chosen by whether a restart can help:
 * FATAL (a fatal Kafka error), UNAVAILABLE (brokers unreachable at
 * start-up) and DEADLETTER (a dead letter could not be written, nothing of
 * it committed) are restarted by systemd; CONFIG is not.
 */
#define LOOP_EXIT_OK 0
#define LOOP_EXIT_FATAL 1
#define LOOP_EXIT_UNAVAILABLE 69
#define LOOP_EXIT_SOFTWARE 70
#define LOOP_EXIT_DEADLETTER 75
#define LOOP_EXIT_CONFIG 78

/*
 * Build the loop: worker pool, producer, consumer, signal and timer fds.
 * cfg and lx are referenced (the loop takes a reference of each); they
 * were loaded from src (borrowed for the loop's life: SIGHUP reads it
 * again) and lexicon_dir. SIGTERM, SIGINT and SIGHUP must already be
 * blocked in every thread.
 * @returns 0 and *ret, or an exit status (LOOP_EXIT_*) with errbuf.
 */
int loop_new(const struct config_source *src, struct config *cfg, struct lexicon *lx,
	     const char *lexicon_dir, struct loop **ret, char *errbuf, size_t errbufsz);

/*
 * Check the output topics, subscribe, and run until stopped.
 * @returns the process exit status.
 */
int loop_run(struct loop *);

void loop_free(struct loop *); /* NULL-safe */

#endif /* NE_LOOP_H */
