/*
 * loop: consume, extract, produce, commit; one poll(2) loop on the main
 * thread.
 *
 * The loop owns the process's I/O and dispatches it: the input side
 * (intake: consumer messages and rebalances), delivery reports (producer),
 * finished jobs (the worker pool's eventfd), signals (signalfd) and timers
 * (timerfd: the monitor's STATUS=, watchdog and health). What happens to an
 * article between consume and done is the job lifecycle's (inflight); every
 * figure goes to one stats structure; workers read the configuration and
 * the lexicon through the snapshot, which SIGHUP replaces.
 *
 * DESIGN
 *  - Nothing here blocks except poll(2) itself (and the short, bounded
 *    broker queries of an offset reset and of a revocation's drain).
 *  - The exit status is the first reason to stop, except that a fatal
 *    Kafka error wins over what it caused (a dead letter it made unwritable).
 *  - Stopping (SIGTERM, or an error) pauses the input and drains: the loop
 *    ends when nothing is in flight or shutdown.timeout.ms has passed.
 */
#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "../workers/fieldmap.h"
#include "../workers/job.h"
#include "../workers/pool.h"
#include "clock.h"
#include "inflight.h"
#include "intake.h"
#include "log.h"
#include "loop.h"
#include "monitor.h"
#include "notify.h"
#include "paths.h"
#include "producer.h"
#include "snapshot.h"
#include "stats.h"

#define QUEUE_SLACK 500 /* pool queue beyond 2 x max.inflight: one consume batch */
#define TICK_MS 500
#define METADATA_TIMEOUT_MS 15000
#define FLUSH_MS 5000 /* the producer's last flush at exit */

enum state {
	STATE_RUNNING,
	STATE_DRAINING, /* stopping: finishing what is in flight */
	STATE_DONE
};

struct loop {
	struct config_source src; /* borrowed from main(): SIGHUP reads it again */
	struct snapshot *snap;
	struct stats *st;
	struct pool *pool;
	struct producer *prod;
	struct intake *in;
	struct inflight *inf;
	int sigfd, timerfd;

	enum state state;
	int exit_code;
	uint64_t deadline_us; /* of the drain */
	int consume_more;     /* messages may be waiting without a wake-up */
	int ready_sent;
	struct monitor *mon;
	struct fieldmap *map; /* input.field.*; NULL when none is set (they need a restart) */
};

static_assert(CONFIG_INPUT_FIELDS == _AF_MAX, "one input.field key per article field");

static const struct config *
cfg(const struct loop *l)
{
	return snapshot_config(l->snap);
}

/* On a worker thread: code one article with the configuration and lexicon in force. */
static void
work(void *arg, struct job *job)
{
	struct loop *l = arg;
	struct config *c;
	struct lexicon *lx;
	uint64_t t0 = clock_now_us();

	snapshot_acquire(l->snap, &c, &lx);
	{
		const struct pipeline_opts o = {
		    .max_bytes = c->max_article_bytes, .extract = c->extract, .map = l->map};

		(void) job_run(job, lx, &o);
	}
	snapshot_release(c, lx);
	inflight_set_extract_time(job, clock_now_us() - t0);
}

static void
begin_stop(void *arg, int exit_code, const char *why)
{
	struct loop *l = arg;

	if (l->exit_code == LOOP_EXIT_OK || exit_code == LOOP_EXIT_FATAL)
		l->exit_code = exit_code;
	if (l->state != STATE_RUNNING)
		return;
	log_info("stopping (%s): finishing %zu articles in flight", why, inflight_count(l->inf));
	notify_stopping();
	stats_ready(l->st, 0, "stopping");
	l->state = STATE_DRAINING;
	l->deadline_us = clock_now_us() + (uint64_t) cfg(l)->shutdown_timeout_ms * 1000u;
	intake_pause(l->in);
}

/* ------------------------------------------------------------ the job lifecycle's I/O */

static int
send_record(void *arg, struct job *job, size_t i, char *err, size_t errsz)
{
	return producer_send_record(((struct loop *) arg)->prod, job, i, err, errsz);
}

static int
send_deadletter(void *arg, struct job *job, const char *code, const char *reason, char *err,
		size_t errsz)
{
	struct loop *l = arg;
	const char *action = cfg(l)->unsupported_action;

	/* unsupported.action=topic:NAME: the same message and headers, to that topic. */
	if (job->reason == REASON_UNSUPPORTED_LANGUAGE && strncmp(action, "topic:", 6) == 0 &&
	    strcmp(code, reason_to_string(REASON_UNSUPPORTED_LANGUAGE)) == 0)
		return producer_send_routed(l->prod, job, code, reason, cfg(l)->input_topic, err,
					    errsz);
	return producer_send_deadletter(l->prod, job, code, reason, cfg(l)->input_topic, err,
					errsz);
}

static void
on_done(void *arg, struct job *job)
{
	intake_done(((struct loop *) arg)->in, job);
}

/* Its dead letter cannot be written: stop without ever storing its offset. */
static void
on_lost(void *arg, struct job *job)
{
	struct loop *l = arg;
	char why[256];

	(void) job;
	if (producer_fatal(l->prod, why, sizeof(why)) != NULL)
		begin_stop(l, LOOP_EXIT_FATAL, "fatal producer error");
	else
		begin_stop(l, LOOP_EXIT_DEADLETTER, "dead-letter topic refused a message");
}

static void
on_delivery(void *arg, struct job *job, enum producer_kind kind, rd_kafka_resp_err_t err,
	    size_t len)
{
	struct loop *l = arg;

	inflight_reported(l->inf, job_check(job), kind == PRODUCER_DEADLETTER,
			  err != RD_KAFKA_RESP_ERR_NO_ERROR ? rd_kafka_err2str(err) : NULL, len);
}

/*
 * unsupported.action=skip: an article the coder cannot read is done with no
 * records, counted by language (articles_skipped_total{reason, language},
 * "skipped" in STATUS), and logged once at debug level. The other actions
 * go the dead-letter way (send_deadletter picks the topic).
 */
static void
skip_unsupported(struct loop *l, struct job *job)
{
	struct log_ctx ctx = {job->article_id, cfg(l)->input_topic, job->partition, job->offset};
	const char *code = reason_to_string(job->reason);

	if (!job->failed || job->reason != REASON_UNSUPPORTED_LANGUAGE ||
	    strcmp(cfg(l)->unsupported_action, "skip") != 0)
		return;
	stats_add_l(l->st, STATS_SKIPPED, 1, code,
		    job->language[0] != '\0' ? job->language : "und");
	log_msg(LOG_DEBUG, &ctx, "article '%.64s' skipped: %s: %.200s",
		job->article_id != NULL ? job->article_id : "?", code, job->errmsg);
	job->failed = 0; /* accounted for: done, with no records */
}

static void
take_completions(struct loop *l)
{
	struct job *job, *next;

	for (job = pool_take_completed(l->pool); job != NULL; job = next) {
		next = job->next;
		skip_unsupported(l, job_check(job));
		inflight_extracted(l->inf, job);
	}
	inflight_flush(l->inf);
}

/* A revocation's drain: finished jobs and delivery reports, not the consumer. */
static int
serve(void *arg, int timeout_ms)
{
	struct loop *l = arg;
	struct pollfd pfd[2] = {
	    {.fd = pool_fd(l->pool), .events = POLLIN},
	    {.fd = producer_fd(l->prod), .events = POLLIN},
	};

	if (poll(pfd, 2, timeout_ms) < 0 && errno != EINTR)
		log_warn("poll");
	if (pfd[0].revents & POLLIN)
		take_completions(l);
	(void) producer_poll(l->prod);
	inflight_flush(l->inf);
	return l->exit_code == LOOP_EXIT_OK ? 0 : -1;
}

static void
on_producer_error(void *arg, rd_kafka_resp_err_t err, const char *reason, int fatal)
{
	struct loop *l = arg;

	if (fatal) {
		log_errx("fatal producer error: %s: %s", rd_kafka_err2name(err), reason);
		begin_stop(l, LOOP_EXIT_FATAL, "fatal producer error");
		return;
	}
	/* Broker outages and the like: librdkafka reconnects by itself. */
	log_warnx("kafka producer: %s: %s, retrying", rd_kafka_err2name(err), reason);
}

/* ------------------------------------------------------------ signals and timers */

static void
handle_signals(struct loop *l)
{
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == (ssize_t) sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
			if (l->state != STATE_RUNNING)
				log_info("already stopping, %zu articles in flight",
					 inflight_count(l->inf));
			begin_stop(l, LOOP_EXIT_OK, si.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
			break;
		case SIGHUP:
			notify_reloading();
			(void) snapshot_reload(l->snap, &l->src, l->st);
			notify_ready();
			break;
		}
	}
}

static struct monitor_facts
facts(const struct loop *l)
{
	return (struct monitor_facts){
	    inflight_count(l->inf),	intake_assigned(l->in),
	    intake_paused(l->in),	pool_busy_ms(l->pool),
	    producer_outq_len(l->prod), l->state == STATE_DRAINING ? l->deadline_us : 0};
}

static void
tick(struct loop *l)
{
	struct monitor_facts f = facts(l);
	uint64_t expirations;
	double secs;

	while (read(l->timerfd, &expirations, sizeof(expirations)) > 0)
		;
	l->consume_more = 1; /* a safety net for the consumer's edge-triggered wake-up */
	secs = monitor_tick(l->mon, &f, clock_now_us(), cfg(l)->status_interval_ms);
	if (secs > 0)
		inflight_log_interval(l->inf, secs);
}

/* ------------------------------------------------------------ setup and running */

static int
open_fds(struct loop *l)
{
	struct itimerspec its = {{0, TICK_MS * 1000000L}, {0, TICK_MS * 1000000L}};
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if ((l->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0 ||
	    (l->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0 ||
	    timerfd_settime(l->timerfd, 0, &its, NULL) < 0)
		return -errno;
	return 0;
}

/* The modules, in order; errbuf says what failed. @returns 0 or an exit status. */
static int
build(struct loop *l, struct config *c, struct lexicon *lx, char *errbuf, size_t errbufsz)
{
	const struct inflight_ops ops = {send_record, send_deadletter, on_done, on_lost, l};
	const struct producer_cb pcb = {on_delivery, on_producer_error, l};
	struct intake_env env = {NULL, NULL, NULL, NULL, 0, begin_stop, serve, l};
	size_t capacity = (size_t) c->max_inflight * 2 + QUEUE_SLACK;
	unsigned nworkers = c->workers;
	char version[32];
	long ncpu;
	int r;

	if (nworkers == 0)
		nworkers = (ncpu = sysconf(_SC_NPROCESSORS_ONLN)) > 0 ? (unsigned) ncpu : 1;
	snprintf(version, sizeof(version), "%s", lexicon_version(lx));
	if ((l->st = stats_new()) == NULL || (l->snap = snapshot_new(c, lx)) == NULL ||
	    (l->inf = inflight_new(&ops, l->st, c->input_topic, c->output_topic,
				   c->deadletter_topic)) == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		return LOOP_EXIT_SOFTWARE;
	}
	for (int f = 0; f < CONFIG_INPUT_FIELDS; f++) {
		if (c->input_field[f][0] == '\0')
			continue;
		/* configkeys.c checked every list, so only memory can fail here. */
		if ((l->map == NULL && (l->map = fieldmap_new()) == NULL) ||
		    fieldmap_set(l->map, fieldmap_field_name((enum afield) f), c->input_field[f],
				 errbuf, errbufsz) < 0) {
			snprintf(errbuf, errbufsz, "out of memory");
			return LOOP_EXIT_SOFTWARE;
		}
	}
	stats_set_l(l->st, STATS_BUILD, 1, NE_VERSION, NULL);
	stats_lexicon(l->st, version);
	stats_ready(l->st, 0, "checking the output topics");
	if ((r = pool_new(nworkers, capacity, work, l, &l->pool)) < 0) {
		snprintf(errbuf, errbufsz, "worker pool: %s", strerrordesc_np(-r));
		return LOOP_EXIT_SOFTWARE;
	}
	env = (struct intake_env){l->snap, l->st, l->inf, l->pool, capacity, begin_stop, serve, l};
	if (producer_new(c, &pcb, l->st, &l->prod, errbuf, errbufsz) < 0 ||
	    intake_new(c, &env, &l->in, errbuf, errbufsz) < 0)
		return LOOP_EXIT_CONFIG;
	if ((r = open_fds(l)) < 0) {
		snprintf(errbuf, errbufsz, "signalfd/timerfd: %s", strerrordesc_np(-r));
		return LOOP_EXIT_SOFTWARE;
	}
	if (monitor_new(l->st, c->metrics_listen, notify_watchdog_usec(), &l->mon, errbuf,
			errbufsz) < 0)
		return LOOP_EXIT_UNAVAILABLE;
	log_info("%u workers, max.inflight %u, watchdog %s", nworkers, c->max_inflight,
		 notify_watchdog_usec() ? "on" : "off");
	return 0;
}

int
loop_new(const struct config_source *src, struct config *c, struct lexicon *lx, struct loop **ret,
	 char *errbuf, size_t errbufsz)
{
	struct loop *l = calloc(1, sizeof(*l));
	int r;

	if (l == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		return LOOP_EXIT_SOFTWARE;
	}
	l->sigfd = l->timerfd = -1;
	l->src = *src;
	if ((r = build(l, c, lx, errbuf, errbufsz)) != 0) {
		loop_free(l);
		return r;
	}
	*ret = l;
	return 0;
}

static void
finish(struct loop *l)
{
	int left;

	if (inflight_count(l->inf) > 0)
		log_warnx("shutdown timeout: %zu articles still in flight; they are not committed "
			  "and will be processed again",
			  inflight_count(l->inf));
	if ((left = producer_flush(l->prod, FLUSH_MS)) > 0)
		log_warnx("%d messages still undelivered at exit", left);
	(void) producer_poll(l->prod);
	intake_close(l->in);
	/* What is still queued will not be committed: purge it so every job comes back and is
	 * freed. */
	inflight_teardown(l->inf);
	producer_purge(l->prod);
	log_info(
	    "stopped: %.0f articles, %.0f records, %.0f dead letters, %.0f offset resets (%.0f "
	    "offsets skipped), %.0f articles skipped",
	    stats_get(l->st, STATS_DONE), stats_get(l->st, STATS_RECORDS),
	    stats_get(l->st, STATS_DEADLETTERS), stats_get(l->st, STATS_OFFSET_RESETS),
	    stats_get(l->st, STATS_OFFSETS_SKIPPED), stats_get(l->st, STATS_SKIPPED));
}

/* Once the group is joined: READY=1 (only once, and never while stopping). */
static void
check_ready(struct loop *l)
{
	if (l->ready_sent || !intake_joined(l->in) || l->state != STATE_RUNNING)
		return;
	l->ready_sent = 1;
	log_info("ready: joined group, %zu partitions of '%s' assigned", intake_assigned(l->in),
		 cfg(l)->input_topic);
	stats_ready(l->st, 1, "group joined");
	notify_ready();
}

int
loop_run(struct loop *l)
{
	char err[512];
	int r;

	notify_status("checking topics '%s' and '%s'", cfg(l)->output_topic,
		      cfg(l)->deadletter_topic);
	if ((r = producer_check_topics(l->prod, METADATA_TIMEOUT_MS, err, sizeof(err))) < 0) {
		log_errx("%s", err);
		return r == -ENOENT ? LOOP_EXIT_CONFIG : LOOP_EXIT_UNAVAILABLE;
	}
	if (intake_subscribe(l->in, err, sizeof(err)) < 0) {
		log_errx("%s", err);
		return LOOP_EXIT_CONFIG;
	}
	notify_status("joining group");
	stats_ready(l->st, 0, "joining the consumer group");
	l->consume_more = 1;
	while (l->state != STATE_DONE) {
		struct pollfd pfd[6] = {
		    {.fd = l->sigfd, .events = POLLIN},
		    {.fd = l->timerfd, .events = POLLIN},
		    {.fd = intake_fd(l->in), .events = POLLIN},
		    {.fd = producer_fd(l->prod), .events = POLLIN},
		    {.fd = pool_fd(l->pool), .events = POLLIN},
		    {.fd = monitor_fd(l->mon), .events = POLLIN}, /* -1 (ignored) without HTTP */
		};
		struct monitor_facts f;

		if (poll(pfd, 6, l->consume_more ? 0 : intake_commit_wait_ms(l->in)) < 0 &&
		    errno != EINTR) {
			log_err("poll");
			begin_stop(l, LOOP_EXIT_SOFTWARE, "poll failed");
		}
		if (pfd[0].revents & POLLIN)
			handle_signals(l);
		if (pfd[1].revents & POLLIN)
			tick(l);
		if (pfd[4].revents & POLLIN)
			take_completions(l);
		if (pfd[3].revents & POLLIN)
			(void) producer_poll(l->prod);
		inflight_flush(l->inf);
		if (l->state == STATE_RUNNING && intake_paused(l->in)) {
			intake_maybe_resume(l->in);
			l->consume_more = 1;
		}
		if ((pfd[2].revents & POLLIN) || l->consume_more) {
			l->consume_more = intake_poll(l->in, l->state == STATE_RUNNING);
			check_ready(l);
		}
		if (pfd[5].revents & POLLIN) {
			f = facts(l);
			monitor_serve(l->mon, &f);
		}
		intake_commit(l->in);
		if (l->state == STATE_DRAINING &&
		    (inflight_count(l->inf) == 0 || clock_now_us() >= l->deadline_us))
			l->state = STATE_DONE;
	}
	finish(l);
	return l->exit_code;
}

void
loop_free(struct loop *l)
{
	struct job *job, *next;

	if (l == NULL)
		return;
	if (l->inf != NULL)
		inflight_teardown(l->inf);
	/* Jobs still held at exit were not committed; they are consumed again after restart. */
	if (l->pool != NULL) {
		pool_stop(l->pool);
		for (job = pool_take_completed(l->pool); job != NULL; job = next) {
			next = job->next;
			inflight_discard(l->inf, job);
		}
	}
	intake_free(l->in);
	/* Destroying the producer serves the last delivery reports: their jobs must still exist. */
	producer_free(l->prod);
	inflight_free(l->inf);
	pool_free(l->pool);
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->timerfd >= 0)
		close(l->timerfd);
	monitor_free(l->mon);
	fieldmap_free(l->map);
	snapshot_free(l->snap);
	stats_free(l->st);
	free(l);
}
