/*
 * metrics: a small HTTP server for scrapers and probes, on libmicrohttpd
 * in "external select" mode with epoll: no thread of its own, one fd for
 * the loop to poll. Each answer is built whole (stats_render into a
 * memory stream) and handed to libmicrohttpd, which frees it when sent.
 *
 * Limits keep a misbehaving client from costing much: a few connections at
 * once, and a connection idle for CONN_TIMEOUT_S is closed (checked every
 * time metrics_run() runs, which the loop also does on its timer).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "config.h"
#include "log.h"
#include "metrics.h"
#include "stats.h"

#define MAX_CONNECTIONS 16
#define CONN_TIMEOUT_S 10
#define PROM_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct metrics {
	struct MHD_Daemon *d;
	struct stats *st;
	int fd;
	unsigned port;
};

static void __attribute__((format(printf, 2, 0))) mhd_log(void *cls, const char *fmt, va_list ap)
{
	char buf[512];

	(void) cls;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	buf[strcspn(buf, "\n")] = '\0';
	log_warnx("metrics endpoint: %s", buf);
}

/* Queue a response of len bytes at body (malloc'd; libmicrohttpd frees it). */
static enum MHD_Result
answer(struct MHD_Connection *conn, unsigned status, const char *type, char *body, size_t len)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	if ((r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE)) == NULL) {
		free(body);
		return MHD_NO;
	}
	(void) MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	(void) MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	ret = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
answer_line(struct MHD_Connection *conn, unsigned status, const char *prefix, const char *why)
{
	char *body = NULL;
	int n = asprintf(&body, "%s: %s\n", prefix, why);

	if (n < 0)
		return MHD_NO;
	return answer(conn, status, "text/plain; charset=utf-8", body, (size_t) n);
}

static enum MHD_Result
answer_metrics(struct metrics *m, struct MHD_Connection *conn)
{
	char *body = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&body, &len);

	if (fp == NULL)
		return MHD_NO;
	if (stats_render(m->st, fp) < 0 || fclose(fp) != 0) {
		free(body);
		return answer_line(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "error",
				   "cannot render the metrics");
	}
	return answer(conn, MHD_HTTP_OK, PROM_TYPE, body, len);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
       const char *version, const char *upload, size_t *upload_size, void **req_cls)
{
	struct metrics *m = cls;
	const char *why;
	int ok;

	(void) version;
	(void) upload;
	(void) req_cls;
	if (*upload_size != 0) /* a body is not wanted: drop it */
		*upload_size = 0;
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return answer_line(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "error",
				   "only GET and HEAD are served");
	if (strcmp(url, "/metrics") == 0)
		return answer_metrics(m, conn);
	if (strcmp(url, "/healthz") == 0) {
		ok = stats_is_alive(m->st, &why);
		return answer_line(conn, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
				   ok ? "ok" : "unhealthy", why);
	}
	if (strcmp(url, "/ready") == 0) {
		ok = stats_is_ready(m->st, &why);
		return answer_line(conn, ok ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE,
				   ok ? "ready" : "not ready", why);
	}
	return answer_line(conn, MHD_HTTP_NOT_FOUND, "error",
			   "no such page; try /metrics, /healthz or /ready");
}

int
metrics_new(const char *listen, struct stats *st, struct metrics **ret, char *errbuf,
	    size_t errbufsz)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct metrics *m;
	const union MHD_DaemonInfo *info;
	char why[160];
	unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG;

	if (config_listen_addr(listen, &ss, &sslen, why, sizeof(why)) < 0) {
		snprintf(errbuf, errbufsz, "metrics.listen '%s' %s", listen, why);
		return -EINVAL;
	}
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		return -ENOMEM;
	}
	m->st = st;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	errno = 0;
	m->d = MHD_start_daemon(
	    flags, 0, NULL, NULL, handle, m, MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &ss,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned) MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned) CONN_TIMEOUT_S, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_END);
	if (m->d == NULL || (info = MHD_get_daemon_info(m->d, MHD_DAEMON_INFO_EPOLL_FD)) == NULL) {
		snprintf(errbuf, errbufsz, "cannot listen on %s for metrics.listen: %s", listen,
			 errno != 0 ? strerrordesc_np(errno) : "libmicrohttpd refused");
		metrics_free(m);
		return -EADDRINUSE;
	}
	m->fd = info->epoll_fd;
	info = MHD_get_daemon_info(m->d, MHD_DAEMON_INFO_BIND_PORT);
	m->port = info != NULL ? info->port : 0;
	*ret = m;
	return 0;
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	if (m->d != NULL)
		MHD_stop_daemon(m->d);
	free(m);
}

int
metrics_fd(const struct metrics *m)
{
	return m->fd;
}

unsigned
metrics_port(const struct metrics *m)
{
	return m->port;
}

void
metrics_run(struct metrics *m)
{
	(void) MHD_run(m->d);
}
