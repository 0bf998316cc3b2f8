/*
 * metrics: the HTTP endpoint (libmicrohttpd), served from the main loop.
 *
 *   GET /metrics  the stats in the Prometheus text exposition format 0.0.4
 *   GET /healthz  200 "ok: ..." while the loop turns and no worker is stuck,
 *                 else 503 with the reason
 *   GET /ready    200 once the group is joined and while nothing stops the
 *                 daemon (a fatal producer error, a drain), else 503 with
 *                 the reason
 *
 * libmicrohttpd runs without a thread of its own: the loop polls
 * metrics_fd() (an epoll fd) and calls metrics_run(), so every request is
 * answered on the main thread, which owns the stats, with no lock. That a
 * request is answered at all is what proves the loop turns. HEAD is
 * answered like GET; other methods get 405, other paths 404.
 *
 * @locality main thread.
 */
#ifndef NE_METRICS_H
#define NE_METRICS_H

#include <stddef.h>

struct metrics;
struct stats;

/*
 * Listen on listen ("HOST:PORT", checked by config_listen_addr; port 0
 * takes a free one); st is borrowed and outlives the endpoint.
 * @returns 0 and *ret, or -errno with the reason in errbuf.
 */
int metrics_new(const char *listen, struct stats *st, struct metrics **ret, char *errbuf,
		size_t errbufsz);
void metrics_free(struct metrics *); /* NULL-safe */

/* The fd to poll for POLLIN. */
int metrics_fd(const struct metrics *);

/* The port listened on (the one chosen when port 0 was asked for). */
unsigned metrics_port(const struct metrics *);

/* Accept, read and answer what is ready, without blocking; also expires idle connections. */
void metrics_run(struct metrics *);

#endif /* NE_METRICS_H */
