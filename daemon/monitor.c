/*
 * monitor: STATUS=, the watchdog, the stop-time extension, and the HTTP
 * endpoint (metrics), all from the one stats structure and the facts the
 * loop hands over. The gauges are brought up to date before each answer,
 * so a scrape sees the in-flight count of that moment, not of the last tick.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"
#include "metrics.h"
#include "monitor.h"
#include "notify.h"
#include "stats.h"

#define STALL_MS 60000 /* a worker this long on one article means the pool is stuck */
#define EXTEND_MS 7000 /* more stop time asked for beyond the drain: the flush and a tick */

struct monitor {
	struct stats *st;
	struct metrics *http; /* NULL without metrics.listen */
	uint64_t watchdog_usec;
	uint64_t last_watchdog_us, last_status_us;
	double progress_seen;  /* progress() at the last watchdog ping */
	double progress_drain; /* progress() at the last tick while draining */
};

/* Events that show work moving, from the counters. */
static double
progress(const struct stats *st)
{
	return stats_get(st, STATS_CONSUMED) + stats_get(st, STATS_EXTRACT_SECONDS) +
	       stats_get(st, STATS_RECORDS) + stats_get(st, STATS_DEADLETTERS) +
	       stats_get(st, STATS_PRODUCE_FAILURES) + stats_get(st, STATS_DONE);
}

int
monitor_new(struct stats *st, const char *listen, uint64_t watchdog_usec, struct monitor **ret,
	    char *errbuf, size_t errbufsz)
{
	struct monitor *m = calloc(1, sizeof(*m));
	int r;

	if (m == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		return -ENOMEM;
	}
	m->st = st;
	m->watchdog_usec = watchdog_usec;
	if (listen[0] != '\0') {
		if ((r = metrics_new(listen, st, &m->http, errbuf, errbufsz)) < 0) {
			free(m);
			return r;
		}
		log_info("metrics: GET /metrics, /healthz and /ready on %s (port %u)", listen,
			 metrics_port(m->http));
	}
	*ret = m;
	return 0;
}

void
monitor_free(struct monitor *m)
{
	if (m == NULL)
		return;
	metrics_free(m->http);
	free(m);
}

int
monitor_fd(const struct monitor *m)
{
	return m->http != NULL ? metrics_fd(m->http) : -1;
}

static void
update_gauges(struct monitor *m, const struct monitor_facts *f)
{
	char why[96];

	stats_set(m->st, STATS_INFLIGHT, (double) f->inflight);
	stats_set(m->st, STATS_ASSIGNED, (double) f->assigned);
	stats_set(m->st, STATS_PAUSED, f->paused ? (double) f->assigned : 0);
	snprintf(why, sizeof(why), "a worker has spent %llu s on one article",
		 (unsigned long long) f->busy_ms / 1000);
	stats_alive(m->st, f->busy_ms < STALL_MS, f->busy_ms < STALL_MS ? "the loop turns" : why);
}

void
monitor_serve(struct monitor *m, const struct monitor_facts *f)
{
	update_gauges(m, f);
	if (m->http != NULL)
		metrics_run(m->http);
}

double
monitor_tick(struct monitor *m, const struct monitor_facts *f, uint64_t now,
	     unsigned status_interval_ms)
{
	double p = progress(m->st), secs = 0;
	int idle = f->inflight == 0 && f->outq == 0;
	char line[512];

	monitor_serve(m, f); /* also closes idle HTTP connections */
	if (m->last_status_us == 0)
		m->last_status_us = m->last_watchdog_us = now;
	if (now - m->last_status_us >= (uint64_t) status_interval_ms * 1000u) {
		secs = (double) (now - m->last_status_us) / 1e6;
		stats_status_line(m->st, secs, line, sizeof(line));
		notify_status("%s", line);
		m->last_status_us = now;
	}
	if (f->drain_deadline_us > now && p != m->progress_drain)
		notify_extend_timeout(f->drain_deadline_us - now + EXTEND_MS * 1000u);
	m->progress_drain = p;
	if (m->watchdog_usec != 0 && now - m->last_watchdog_us >= m->watchdog_usec / 2 &&
	    (idle || p != m->progress_seen) && f->busy_ms < STALL_MS) {
		notify_watchdog();
		m->last_watchdog_us = now;
		m->progress_seen = p;
	}
	return secs;
}
