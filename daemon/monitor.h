/*
 * monitor: how the daemon reports on itself.
 *
 * Every tick of the loop's timer it sets the gauges from the facts the
 * loop gives it, sends STATUS= every status.interval.ms, feeds the
 * systemd watchdog while work moves (or there is nothing to do) and no
 * worker is stuck, and, while the daemon drains on its way out, asks
 * systemd for more time to stop (EXTEND_TIMEOUT_USEC=) as long as the
 * drain makes progress. With metrics.listen set it also answers HTTP on
 * that address, from the loop's thread: GET /metrics (stats_render),
 * GET /healthz and GET /ready.
 *
 * Work moves when the counters of consumed, extracted, acknowledged or
 * done articles move.
 *
 * @locality main thread.
 */
#ifndef NE_MONITOR_H
#define NE_MONITOR_H

#include <stddef.h>
#include <stdint.h>

struct monitor;
struct stats;

/* What the loop knows that the reports need, at the time of the call. */
struct monitor_facts {
	size_t inflight;	    /* articles between consume and done */
	size_t assigned;	    /* partitions */
	int paused;		    /* the assignment is paused */
	uint64_t busy_ms;	    /* the longest a worker has been on its current article */
	int outq;		    /* messages in the producer's queue */
	uint64_t drain_deadline_us; /* 0 while running; else when the drain gives up */
};

/*
 * st is borrowed and outlives the monitor. listen is metrics.listen
 * ("HOST:PORT", or empty for no HTTP endpoint). watchdog_usec is systemd's
 * interval (0: no watchdog). @returns 0 and *ret; or -errno with errbuf
 * (the address cannot be listened on).
 */
int monitor_new(struct stats *st, const char *listen, uint64_t watchdog_usec, struct monitor **ret,
		char *errbuf, size_t errbufsz);
void monitor_free(struct monitor *); /* NULL-safe */

/* The fd to poll for POLLIN (HTTP connections), or -1 without an endpoint. */
int monitor_fd(const struct monitor *);

/* Answer what HTTP requests wait, with the gauges brought up to date from facts first. */
void monitor_serve(struct monitor *, const struct monitor_facts *facts);

/*
 * A timer tick at now (CLOCK_MONOTONIC µs). @returns the length in seconds
 * of the status interval that just ended (STATUS= was sent), else 0.
 */
double monitor_tick(struct monitor *, const struct monitor_facts *facts, uint64_t now_us,
		    unsigned status_interval_ms);

#endif /* NE_MONITOR_H */
