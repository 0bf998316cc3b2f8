/*
 * loop: consume, extract, produce, commit; one poll(2) loop on the main
 * thread.
 *
 * An article's life: consumed (offsets_begin, in flight + 1) -> a worker
 * extracts it -> completion -> its records (or its dead letter) are produced
 * -> the last delivery report arrives -> done (offsets_complete, the
 * storable offset is stored, in flight - 1). Auto-commit sends stored
 * offsets in the background; revocation and shutdown commit synchronously.
 *
 * DESIGN
 *  - Nothing here blocks except poll(2) itself (and the short, bounded
 *    broker queries of an offset reset and of a revocation's drain).
 *  - In flight counts articles between consume and done. At max.inflight
 *    the assignment is paused; at half of it, resumed. The pool's queue is
 *    larger than max.inflight, so a submit cannot fail while the bound holds.
 *  - An article is done only when every record, or its dead letter, is
 *    acknowledged. A record the broker refuses sends the article to the
 *    dead-letter topic; a dead letter the broker refuses stops the daemon
 *    with a non-zero status, and that article's offset is never stored.
 *  - Workers read the lexicon through a reference taken under lx_mu, so
 *    SIGHUP can swap in a new snapshot while they work.
 */
#include <assert.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "../workers/fieldmap.h"
#include "../workers/job.h"
#include "../workers/lexicon.h"
#include "../workers/pool.h"
#include "consumer.h"
#include "deadletter.h"
#include "log.h"
#include "loop.h"
#include "notify.h"
#include "offsets.h"
#include "producer.h"

#define CONSUME_BATCH		500	/* messages per wake-up before the other fds get a turn */
#define TICK_MS			500
#define STALL_MS		60000	/* a job in a worker this long means the pool is stuck */
#define METADATA_TIMEOUT_MS	15000
#define DL_LOG_BURST		10	/* dead letters logged per status interval */
#define LANG_SLOTS		16	/* languages counted one by one; the rest as "other" */

static_assert(CONFIG_INPUT_FIELDS == _AF_MAX, "one input.field key per article field");

/* What the loop remembers of each partition, besides the offset tracker. */
struct part_state {
	int32_t	partition;
	int64_t	next;		/* the offset expected next, -1 if unknown */
	int64_t	rewound;	/* rewound to this offset: drop later ones until it comes, -1 if not */
};

enum state {
	STATE_RUNNING,
	STATE_DRAINING,	/* stopping: finishing what is in flight */
	STATE_DONE
};

struct loop {
	struct config		*cfg;
	char			*lexicon_dir;
	pthread_mutex_t		 lx_mu;
	struct lexicon		*lx;		/* guarded by lx_mu */

	struct pool		*pool;
	struct producer		*prod;
	struct consumer		*cons;
	struct offsets		*offs;
	int			 sigfd;
	int			 timerfd;

	enum state		 state;
	int			 exit_code;
	uint64_t		 deadline_us;	/* of the drain */
	size_t			 inflight;
	size_t			 high, low;
	size_t			 capacity;	/* of the pool's queue; inflight never reaches it */
	int			 consume_more;	/* messages may be waiting without a wake-up */
	struct job		*pend_head;	/* done by workers, waiting for the producer */
	struct job		*pend_tail;

	/* counters and pacing */
	uint64_t		 n_consumed, n_done, n_records, n_deadletters;
	uint64_t		 n_offset_resets, n_offsets_skipped, n_produce_failures;
	uint64_t		 progress, progress_seen;
	uint64_t		 watchdog_usec, last_watchdog_us;
	uint64_t		 last_status_us, status_done, status_records;
	unsigned		 dl_logged;
	int			 ready_sent;
	int			 tearing_down;	/* delivery reports now only free their jobs */
	struct part_state	*parts;		/* per assigned (or once assigned) partition */
	size_t			 nparts, capparts;

	/* input formats and unsupported languages (unsupported.action) */
	struct fieldmap		*map;		/* input.field.*; NULL when none is set */
	struct {
		char		 code[LANGID_CODE_MAX];
		uint64_t	 n;
	}			 unsupported[LANG_SLOTS + 1];	/* the last slot is "other" */
	size_t			 nlangs;
	uint64_t		 n_unsupported;
};

static uint64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static struct log_ctx
ctx_of(const struct loop *l, const struct job *job)
{
	return (struct log_ctx){ job->article_id, l->cfg->input_topic, job->partition, job->offset };
}

/* ------------------------------------------------------------ workers */

static void
work(void *arg, struct job *job)
{
	struct loop	*l = arg;
	struct lexicon	*lx;

	const struct pipeline_opts o = { .max_bytes = l->cfg->max_article_bytes,
	    .extract = l->cfg->extract, .map = l->map };

	pthread_mutex_lock(&l->lx_mu);
	lx = lexicon_ref(l->lx);
	pthread_mutex_unlock(&l->lx_mu);
	(void)job_run(job, lx, &o);
	lexicon_unref(lx);
}

/* ------------------------------------------------------------ stopping */

static void
begin_stop(struct loop *l, int exit_code, const char *why)
{
	if (exit_code > l->exit_code)
		l->exit_code = exit_code;
	if (l->state != STATE_RUNNING)
		return;
	log_info("stopping (%s): finishing %zu articles in flight", why, l->inflight);
	notify_stopping();
	l->state = STATE_DRAINING;
	l->deadline_us = now_us() + (uint64_t)l->cfg->shutdown_timeout_ms * 1000u;
	consumer_pause(l->cons);
}

/* ------------------------------------------------------------ completion */

static void
maybe_resume(struct loop *l)
{
	if (l->state == STATE_RUNNING && consumer_paused(l->cons) && l->inflight <= l->low) {
		consumer_resume(l->cons);
		l->consume_more = 1;
	}
}

/* The article is done: store its offset if that advanced the partition. */
static void
job_done(struct loop *l, struct job *job)
{
	int64_t next;

	assert(l->inflight > 0);
	l->inflight--;
	l->n_done++;
	l->progress++;
	if (!job->orphaned) {
		next = offsets_complete(l->offs, job->partition, job->offset);
		if (next >= 0)
			(void)consumer_store(l->cons, job->partition, next);
	}
	job_free(job);
	maybe_resume(l);
}

/* A job nobody may complete (its dead letter failed, or its partition is gone). */
static void
job_drop(struct loop *l, struct job *job)
{
	assert(l->inflight > 0);
	l->inflight--;
	job_free(job);
}

static void
pending_push(struct loop *l, struct job *job, int front)
{
	if (front) {
		job->next = l->pend_head;
		l->pend_head = job;
		if (l->pend_tail == NULL)
			l->pend_tail = job;
		return;
	}
	job->next = NULL;
	if (l->pend_tail != NULL)
		l->pend_tail->next = job;
	else
		l->pend_head = job;
	l->pend_tail = job;
}

static void
log_deadletter(struct loop *l, const struct job *job, const char *code, const char *reason)
{
	struct log_ctx ctx = ctx_of(l, job);

	/* Per-article conditions are counted always and logged at a bounded rate. */
	if (l->dl_logged++ < DL_LOG_BURST)
		log_msg(LOG_WARNING, &ctx, "article '%.64s' sent to the dead-letter topic: %s: %.200s",
		    job->article_id != NULL ? job->article_id : "?", code, reason);
}

/*
 * Produce what a completed job has to say: its records or its dead letter.
 * A dead letter waits until every record already queued has reported. A
 * dead letter that cannot even be queued marks the job orphaned, and the
 * caller drops it (the job stays valid until then).
 * @returns 0 when queued (or nothing to queue), -EAGAIN when the producer's
 * queue is full (try again later).
 */
/* Count an article of an unsupported language under its language. */
static void
count_language(struct loop *l, const char *code)
{
	size_t i;

	l->n_unsupported++;
	for (i = 0; i < l->nlangs && strcmp(l->unsupported[i].code, code) != 0; i++)
		;
	if (i == l->nlangs && l->nlangs < LANG_SLOTS)
		snprintf(l->unsupported[l->nlangs++].code, LANGID_CODE_MAX, "%s", code);
	else if (i == l->nlangs)
		i = LANG_SLOTS;		/* "other" */
	l->unsupported[i].n++;
}

/*
 * An article the coder cannot read, routed by unsupported.action: skipped
 * (counted, logged at debug level, done with no records), dead-lettered
 * like any refused article, or sent to the configured topic with the same
 * headers. @returns 1 when skipped (nothing to produce), 0 when it goes on
 * to be produced, -EAGAIN when the producer's queue is full.
 */
static int
route_unsupported(struct loop *l, struct job *job)
{
	const char	*action = l->cfg->unsupported_action;
	struct log_ctx	 ctx = ctx_of(l, job);
	char		 err[256];
	int		 r;

	if (strcmp(action, "deadletter") == 0)
		return 0;
	if (strcmp(action, "skip") == 0) {
		count_language(l, job->language);
		log_msg(LOG_DEBUG, &ctx, "article '%.64s' skipped: %s: %.200s",
		    job->article_id != NULL ? job->article_id : "?",
		    reason_to_string(job->reason), job->errmsg);
		job->failed = 0;	/* accounted for: done, with no records */
		return 1;
	}
	r = producer_send_routed(l->prod, job, reason_to_string(job->reason), job->errmsg,
	    l->cfg->input_topic, err, sizeof(err));
	if (r == -EAGAIN)
		return r;
	if (r < 0) {
		log_msg(LOG_ERR, &ctx, "cannot queue the article to '%s': %s; stopping without "
		    "committing it", action + 6, err);
		l->progress++;
		begin_stop(l, LOOP_EXIT_DEADLETTER, "the unsupported-language topic refused a message");
		job->orphaned = 1;
		return 1;
	}
	count_language(l, job->language);
	return 1;
}

static int
produce_job(struct loop *l, struct job *job)
{
	char	err[256];
	int	r;

	if (job->failed && job->reason == REASON_UNSUPPORTED_LANGUAGE && !job->delivery_failed &&
	    !job->dead_lettered && (r = route_unsupported(l, job)) != 0)
		return r < 0 ? r : 0;
	if (job->failed || job->delivery_failed) {
		const char *code = job->deadletter_code != NULL ? job->deadletter_code :
		    reason_to_string(job->reason);

		if (job->dead_lettered)
			return 0;
		job_clear_records(job);	/* those not queued yet never will be */
		if (job->outstanding > 0)
			return 0;	/* the dead letter goes once the queued records report */
		r = producer_send_deadletter(l->prod, job, code, job->errmsg, l->cfg->input_topic, err,
		    sizeof(err));
		if (r == -EAGAIN)
			return r;
		if (r < 0) {
			struct log_ctx ctx = ctx_of(l, job);

			log_msg(LOG_ERR, &ctx, "cannot queue the dead letter: %s; stopping without "
			    "committing the article", err);
			l->progress++;
			begin_stop(l, LOOP_EXIT_DEADLETTER, "dead-letter topic refused a message");
			job->orphaned = 1;	/* produce_pending drops it: never stored */
			return 0;
		}
		log_deadletter(l, job, code, job->errmsg);
		return 0;
	}
	r = producer_send_records(l->prod, job, err, sizeof(err));
	if (r == -EAGAIN)
		return r;
	if (r < 0) {
		/* Not retriable (a record too large for the broker, say): dead-letter the article. */
		l->n_produce_failures++;
		job->delivery_failed = 1;
		job->deadletter_code = DEADLETTER_DELIVERY_FAILED;
		snprintf(job->errmsg, sizeof(job->errmsg), "%.*s", (int)sizeof(job->errmsg) - 1, err);
		return produce_job(l, job);
	}
	return 0;
}

/* Queue what waits for the producer, oldest first, until its queue is full. */
static void
produce_pending(struct loop *l)
{
	struct job *job;

	while ((job = l->pend_head) != NULL) {
		if (produce_job(l, job) == -EAGAIN)
			return;
		l->pend_head = job->next;
		if (l->pend_head == NULL)
			l->pend_tail = NULL;
		job->next = NULL;
		if (job->orphaned)
			job_drop(l, job);	/* its dead letter could not be queued */
		else if (job->outstanding == 0 && !job->failed && !job->delivery_failed &&
		    job->next_record == job->nrecords)
			job_done(l, job);	/* an article with no events */
	}
}

static void
take_completions(struct loop *l)
{
	struct job *job, *next;

	for (job = pool_take_completed(l->pool); job != NULL; job = next) {
		next = job->next;
		job_check(job);
		l->progress++;
		if (job->orphaned) {
			job_drop(l, job);
			continue;
		}
		pending_push(l, job, 0);
	}
	produce_pending(l);
}

static void
on_delivery(void *arg, struct job *job, enum producer_kind kind, rd_kafka_resp_err_t err)
{
	struct loop	*l = arg;
	struct log_ctx	 ctx = ctx_of(l, job);

	assert(job->outstanding > 0);
	job->outstanding--;
	l->progress++;
	if (l->tearing_down) {
		if (job->outstanding == 0 && job->next_record >= job->nrecords)
			job_drop(l, job);
		return;
	}
	if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		if (kind == PRODUCER_DEADLETTER) {
			log_msg(LOG_ERR, &ctx, "the dead-letter topic '%s' refused the article: %s; "
			    "stopping without committing it", l->cfg->deadletter_topic, rd_kafka_err2str(err));
			begin_stop(l, LOOP_EXIT_DEADLETTER, "dead-letter topic refused a message");
			job->orphaned = 1;	/* never stored: the article is consumed again after restart */
		} else if (!job->delivery_failed) {
			l->n_produce_failures++;
			job->delivery_failed = 1;
			job->deadletter_code = DEADLETTER_DELIVERY_FAILED;
			snprintf(job->errmsg, sizeof(job->errmsg), "output topic '%s' refused a record: %s",
			    l->cfg->output_topic, rd_kafka_err2str(err));
		}
	} else if (kind == PRODUCER_RECORD) {
		l->n_records++;
	} else {
		l->n_deadletters++;
	}
	if (job->outstanding > 0 || job->next_record < job->nrecords)
		return;	/* more reports to come, or records still to queue */
	if (job->orphaned) {
		job_drop(l, job);
		return;
	}
	if (job->delivery_failed && !job->dead_lettered) {
		job_clear_records(job);
		pending_push(l, job, 1);
		return;
	}
	job_done(l, job);
}

/* ------------------------------------------------------------ consuming */

/*
 * Where each assigned partition should continue (part_state.next): its committed offset at
 * assignment, then one past each message consumed. A message beyond it
 * means offsets were skipped; if the log now starts after the expected
 * offset, retention overtook the backlog and those articles are lost. That
 * is reported as an error and counted, never passed over silently (as
 * librdkafka's auto.offset.reset alone would). Holes of one offset
 * (transaction markers) are not checked.
 */
static struct part_state *
part_state(struct loop *l, int32_t partition)
{
	for (size_t i = 0; i < l->nparts; i++)
		if (l->parts[i].partition == partition)
			return &l->parts[i];
	if (l->nparts == l->capparts) {
		size_t	 ncap = l->capparts ? l->capparts * 2 : 16;
		void	*p = realloc(l->parts, ncap * sizeof(*l->parts));

		if (p == NULL)
			return NULL;
		l->parts = p;
		l->capparts = ncap;
	}
	l->parts[l->nparts] = (struct part_state){ partition, -1, -1 };
	return &l->parts[l->nparts++];
}

static void
check_gap(struct loop *l, const rd_kafka_message_t *m)
{
	struct log_ctx		 ctx = { NULL, l->cfg->input_topic, m->partition, m->offset };
	struct part_state	*ps = part_state(l, m->partition);
	int64_t			*next, lo, lost;

	if (ps == NULL)
		return;
	next = &ps->next;
	if (*next >= 0 && m->offset > *next + 1 && (lo = consumer_low_watermark(l->cons, m->partition,
	    5000)) > *next) {
		lost = (lo < m->offset ? lo : m->offset) - *next;
		l->n_offset_resets++;
		l->n_offsets_skipped += (uint64_t)lost;
		log_msg(LOG_ERR, &ctx, "DATA LOSS: partition %d of '%s' continued at offset %lld, but "
		    "offset %lld was next: the log now starts at %lld (retention overtook the backlog); "
		    "%lld articles skipped", (int)m->partition, l->cfg->input_topic, (long long)m->offset,
		    (long long)*next, (long long)lo, (long long)lost);
	}
	*next = m->offset + 1;
}

/*
 * Room for one more article? Pausing stops fetching, so the pool's queue
 * (twice max.inflight) only fills with messages fetched before a pause. If
 * it is full, fetch the message again later rather than block: rewind the
 * partition to it and drop the partition's later messages until it returns.
 */
static int
admit(struct loop *l, const rd_kafka_message_t *m)
{
	struct part_state *ps = part_state(l, m->partition);

	if (ps != NULL && ps->rewound >= 0) {
		if (m->offset != ps->rewound)
			return 0;	/* fetched before the rewind took effect */
		ps->rewound = -1;
	}
	if (l->inflight < l->capacity)
		return 1;
	consumer_rewind(l->cons, m->partition, m->offset);
	if (ps != NULL)
		ps->rewound = m->offset;
	return 0;
}

static void
handle_message(struct loop *l, rd_kafka_message_t *m)
{
	struct job	*job;
	struct log_ctx	 ctx = { NULL, l->cfg->input_topic, m->partition, m->offset };
	int		 r;

	if (m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET) {
		/* Only with auto.offset.reset=error: the user asked us not to guess. */
		log_msg(LOG_ERR, &ctx, "no valid offset to continue from: %s", rd_kafka_message_errstr(m));
		begin_stop(l, LOOP_EXIT_FATAL, "offset out of range and auto.offset.reset=error");
		return;
	}
	if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
			log_msg(LOG_WARNING, &ctx, "consumer: %s, retrying", rd_kafka_message_errstr(m));
		return;
	}
	/* Stopping, or a partition given up meanwhile: leave it for its next owner. */
	if (l->state != STATE_RUNNING || !offsets_has_partition(l->offs, m->partition))
		return;
	if (!admit(l, m))
		return;
	check_gap(l, m);
	if ((job = job_new(m->payload, m->len, m->key, m->key_len, m->partition, m->offset)) == NULL) {
		log_msg(LOG_ERR, &ctx, "out of memory");
		begin_stop(l, LOOP_EXIT_SOFTWARE, "out of memory");
		return;
	}
	job->t_consumed_us = now_us();
	if ((r = offsets_begin(l->offs, m->partition, m->offset)) < 0) {
		/*
		 * An offset at or below one already begun: a second delivery of an
		 * article that is in flight or done. The first delivery completes it.
		 */
		log_msg(LOG_DEBUG, &ctx, "offset delivered again (%s), skipping", strerrordesc_np(-r));
		job_free(job);
		return;
	}
	l->inflight++;
	l->n_consumed++;
	l->progress++;
	r = pool_submit(l->pool, job);
	assert(r == 0);	/* inflight < capacity, and the queue holds at most inflight jobs */
	if (l->inflight >= l->high)
		consumer_pause(l->cons);
}

static void
consume(struct loop *l)
{
	rd_kafka_message_t *m;

	consumer_ack_fd(l->cons);
	l->consume_more = 0;
	for (int i = 0; i < CONSUME_BATCH; i++) {
		if ((m = consumer_poll(l->cons)) == NULL)
			break;
		handle_message(l, m);
		rd_kafka_message_destroy(m);
		if (i == CONSUME_BATCH - 1)
			l->consume_more = 1;	/* more may wait: come back without blocking */
	}
	if (!l->ready_sent && consumer_joined(l->cons)) {
		l->ready_sent = 1;
		log_info("ready: joined group, %zu partitions of '%s' assigned", consumer_assigned_count(l->cons),
		    l->cfg->input_topic);
		notify_ready();
	}
}

/* ------------------------------------------------------------ rebalancing */

static void
on_assigned(void *arg, const int32_t *parts, size_t n)
{
	struct loop *l = arg;

	for (size_t i = 0; i < n; i++) {
		struct part_state *ps = part_state(l, parts[i]);

		if (offsets_add_partition(l->offs, parts[i]) < 0 || ps == NULL) {
			log_errx("out of memory tracking partition %d", (int)parts[i]);
			begin_stop(l, LOOP_EXIT_SOFTWARE, "out of memory");
			continue;
		}
		ps->next = consumer_committed(l->cons, parts[i], 5000);
		ps->rewound = -1;
	}
	if (n > 0)
		log_info("assigned %zu partitions of '%s'", n, l->cfg->input_topic);
}

static size_t
inflight_of(const struct loop *l, const int32_t *parts, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += offsets_inflight(l->offs, parts[i]);
	return k;
}

/* Serve completions and delivery reports (not the consumer) for up to timeout_ms. */
static void
serve_workers_and_producer(struct loop *l, int timeout_ms)
{
	struct pollfd pfd[2] = {
		{ .fd = pool_fd(l->pool), .events = POLLIN },
		{ .fd = producer_fd(l->prod), .events = POLLIN },
	};

	if (poll(pfd, 2, timeout_ms) < 0 && errno != EINTR)
		log_warn("poll");
	if (pfd[0].revents & POLLIN)
		take_completions(l);
	(void)producer_poll(l->prod);
	produce_pending(l);
}

static void
on_revoked(void *arg, const int32_t *parts, size_t n, int lost)
{
	struct loop	*l = arg;
	int32_t		*cp = NULL;
	int64_t		*co = NULL;
	size_t		 nc = 0, left;
	uint64_t	 deadline = now_us() + (uint64_t)l->cfg->revoke_timeout_ms * 1000u;
	char		 err[256];

	if (n == 0)
		return;
	if (lost) {
		left = inflight_of(l, parts, n);
		log_warnx("lost %zu partitions of '%s' to the group (%zu articles in flight will be "
		    "processed again by their new owner); committing nothing for them", n,
		    l->cfg->input_topic, left);
		for (size_t i = 0; i < n; i++)
			offsets_remove_partition(l->offs, parts[i]);
		return;
	}
	/* Finish the revoked partitions' articles, so that their owner starts after them. */
	while ((left = inflight_of(l, parts, n)) > 0 && now_us() < deadline && l->exit_code == 0)
		serve_workers_and_producer(l, 50);
	if (left > 0 && l->exit_code != LOOP_EXIT_OK)
		log_warnx("revocation while stopping on an error: %zu articles not committed; they will "
		    "be processed again", left);
	else if (left > 0)
		log_warnx("revocation: %zu articles still in flight after %u ms; they will be processed "
		    "again by the next owner", left, l->cfg->revoke_timeout_ms);
	if ((cp = calloc(n, sizeof(*cp))) != NULL && (co = calloc(n, sizeof(*co))) != NULL) {
		for (size_t i = 0; i < n; i++) {
			int64_t s = offsets_storable(l->offs, parts[i]);

			if (s >= 0) {
				cp[nc] = parts[i];
				co[nc++] = s;
			}
		}
		if (nc > 0 && consumer_commit(l->cons, cp, co, nc, err, sizeof(err)) < 0)
			log_warnx("revocation: %s", err);
	}
	free(cp);
	free(co);
	for (size_t i = 0; i < n; i++)
		offsets_remove_partition(l->offs, parts[i]);
	log_info("revoked %zu partitions of '%s' (%zu offsets committed)", n, l->cfg->input_topic, nc);
}

static void
on_consumer_error(void *arg, rd_kafka_resp_err_t err, const char *reason, int fatal)
{
	struct loop *l = arg;

	if (fatal) {
		log_errx("fatal consumer error: %s: %s", rd_kafka_err2name(err), reason);
		begin_stop(l, LOOP_EXIT_FATAL, "fatal consumer error");
		return;
	}
	/* Broker outages and the like: librdkafka reconnects by itself. */
	log_warnx("kafka: %s: %s, retrying", rd_kafka_err2name(err), reason);
}

/* ------------------------------------------------------------ signals and timers */

static void
reload(struct loop *l)
{
	struct lexicon	*nlx = NULL, *old;
	char		 err[512];

	notify_reloading();
	if (lexicon_load(l->lexicon_dir, &nlx, err, sizeof(err)) < 0) {
		log_errx("reload: lexicon: %s; keeping the current one", err);
	} else {
		pthread_mutex_lock(&l->lx_mu);
		old = l->lx;
		l->lx = nlx;
		pthread_mutex_unlock(&l->lx_mu);
		lexicon_unref(old);
		log_info("reload: lexicon reloaded from %s", l->lexicon_dir);
	}
	notify_ready();
}

static void
handle_signals(struct loop *l)
{
	struct signalfd_siginfo si;

	while (read(l->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
			if (l->state != STATE_RUNNING)
				log_info("already stopping, %zu articles in flight", l->inflight);
			begin_stop(l, LOOP_EXIT_OK, si.ssi_signo == SIGTERM ? "SIGTERM" : "SIGINT");
			break;
		case SIGHUP:
			reload(l);
			break;
		}
	}
}

/* " (fr 3, es 1)" for the languages counted so far, "" when none. */
static const char *
languages(const struct loop *l, char *buf, size_t bufsz)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i <= LANG_SLOTS && n + 1 < bufsz; i++) {
		const char *code = i < l->nlangs ? l->unsupported[i].code : i == LANG_SLOTS ? "other" : NULL;
		int k;

		if (code == NULL || l->unsupported[i].n == 0)
			continue;
		k = snprintf(buf + n, bufsz - n, "%s%s %llu", n == 0 ? " (" : ", ", code,
		    (unsigned long long)l->unsupported[i].n);
		if (k < 0 || (size_t)k >= bufsz - n)
			break;
		n += (size_t)k;
	}
	if (n > 0 && n + 1 < bufsz)
		snprintf(buf + n, bufsz - n, ")");
	return buf;
}

/* The content hash of the lexicon the workers use now (it changes on SIGHUP), into v[17]. */
static const char *
current_lexicon_version(struct loop *l, char v[17])
{
	pthread_mutex_lock(&l->lx_mu);
	snprintf(v, 17, "%s", lexicon_version(l->lx));
	pthread_mutex_unlock(&l->lx_mu);
	return v;
}

static void
status(struct loop *l, uint64_t now)
{
	double dt = (double)(now - l->last_status_us) / 1e6;

	if (dt <= 0)
		return;
	char	langs[256], version[17];

	notify_status("articles/s %.1f, records/s %.1f, dead letters %llu, unsupported %llu%s, "
	    "in flight %zu, partitions %zu, lexicon %s%s%s", (double)(l->n_done - l->status_done) / dt,
	    (double)(l->n_records - l->status_records) / dt, (unsigned long long)l->n_deadletters,
	    (unsigned long long)l->n_unsupported, languages(l, langs, sizeof(langs)), l->inflight,
	    consumer_assigned_count(l->cons), current_lexicon_version(l, version),
	    consumer_paused(l->cons) ? ", paused" : "", l->n_offsets_skipped > 0 ? ", OFFSETS SKIPPED" : "");
	if (l->dl_logged > DL_LOG_BURST)
		log_warnx("%u more dead letters not logged individually in the last %.0f s",
		    l->dl_logged - DL_LOG_BURST, dt);
	l->dl_logged = 0;
	l->last_status_us = now;
	l->status_done = l->n_done;
	l->status_records = l->n_records;
}

/*
 * WATCHDOG=1 only while work moves: something was consumed, completed or
 * acknowledged since the last ping, or there is nothing to do; and no worker
 * has been stuck on one article.
 */
static void
tick(struct loop *l)
{
	uint64_t	now = now_us(), expirations;
	int		idle, moving;

	while (read(l->timerfd, &expirations, sizeof(expirations)) > 0)
		;
	l->consume_more = 1;	/* a safety net for the consumer's edge-triggered wake-up */
	if (now - l->last_status_us >= (uint64_t)l->cfg->status_interval_ms * 1000u)
		status(l, now);
	if (l->watchdog_usec == 0 || now - l->last_watchdog_us < l->watchdog_usec / 2)
		return;
	idle = l->inflight == 0 && l->pend_head == NULL && producer_outq_len(l->prod) == 0;
	moving = l->progress != l->progress_seen;
	if ((idle || moving) && pool_busy_ms(l->pool) < STALL_MS) {
		notify_watchdog();
		l->last_watchdog_us = now;
		l->progress_seen = l->progress;
	}
}

/* ------------------------------------------------------------ setup */

int
loop_new(struct config *cfg, struct lexicon *lx, const char *lexicon_dir, struct loop **ret, char *errbuf,
    size_t errbufsz)
{
	struct loop		*l;
	struct consumer_cb	 ccb;
	sigset_t		 mask;
	struct itimerspec	 its = { { 0, TICK_MS * 1000000L }, { 0, TICK_MS * 1000000L } };
	unsigned		 nworkers = cfg->workers;
	long			 ncpu;
	int			 r;

	if ((l = calloc(1, sizeof(*l))) == NULL || (l->lexicon_dir = strdup(lexicon_dir)) == NULL) {
		free(l);
		snprintf(errbuf, errbufsz, "out of memory");
		return LOOP_EXIT_SOFTWARE;
	}
	l->sigfd = l->timerfd = -1;
	pthread_mutex_init(&l->lx_mu, NULL);
	l->cfg = config_ref(cfg);
	l->lx = lexicon_ref(lx);
	for (int f = 0; f < CONFIG_INPUT_FIELDS; f++) {
		if (cfg->input_field[f][0] == '\0')
			continue;
		/* config.c checked every list, so only memory can fail here. */
		if ((l->map == NULL && (l->map = fieldmap_new()) == NULL) ||
		    fieldmap_set(l->map, fieldmap_field_name((enum afield)f), cfg->input_field[f], errbuf,
		    errbufsz) < 0) {
			snprintf(errbuf, errbufsz, "out of memory");
			goto fail_sw;
		}
	}
	l->high = cfg->max_inflight;
	l->low = cfg->max_inflight / 2;
	l->exit_code = LOOP_EXIT_OK;
	if (nworkers == 0)
		nworkers = (ncpu = sysconf(_SC_NPROCESSORS_ONLN)) > 0 ? (unsigned)ncpu : 1;
	if ((l->offs = offsets_new()) == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		goto fail_sw;
	}
	l->capacity = (size_t)cfg->max_inflight * 2 + CONSUME_BATCH;
	if ((r = pool_new(nworkers, l->capacity, work, l, &l->pool)) < 0) {
		snprintf(errbuf, errbufsz, "worker pool: %s", strerrordesc_np(-r));
		goto fail_sw;
	}
	if (producer_new(cfg, on_delivery, l, &l->prod, errbuf, errbufsz) < 0)
		goto fail_config;
	ccb = (struct consumer_cb){ on_assigned, on_revoked, on_consumer_error, l };
	if (consumer_new(cfg, &ccb, &l->cons, errbuf, errbufsz) < 0)
		goto fail_config;
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if ((l->sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) < 0 ||
	    (l->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0 ||
	    timerfd_settime(l->timerfd, 0, &its, NULL) < 0) {
		snprintf(errbuf, errbufsz, "signalfd/timerfd: %s", strerrordesc_np(errno));
		goto fail_sw;
	}
	l->watchdog_usec = notify_watchdog_usec();
	log_info("%u workers, max.inflight %u, watchdog %s", nworkers, cfg->max_inflight,
	    l->watchdog_usec ? "on" : "off");
	*ret = l;
	return 0;
fail_config:
	loop_free(l);
	return LOOP_EXIT_CONFIG;
fail_sw:
	loop_free(l);
	return LOOP_EXIT_SOFTWARE;
}

/* ------------------------------------------------------------ running */

static void
finish(struct loop *l)
{
	char	err[256];
	int	left;

	if (l->inflight > 0)
		log_warnx("shutdown timeout: %zu articles still in flight; they are not committed and "
		    "will be processed again", l->inflight);
	left = producer_flush(l->prod, 5000);
	if (left > 0)
		log_warnx("%d messages still undelivered at exit", left);
	(void)producer_poll(l->prod);
	if (consumer_commit(l->cons, NULL, NULL, 0, err, sizeof(err)) < 0)
		log_warnx("final %s", err);
	(void)consumer_close(l->cons);
	/* What is still queued will not be committed: purge it so every job comes back and is freed. */
	l->tearing_down = 1;
	producer_purge(l->prod);
	{
		char langs[256];

		log_info("stopped: %llu articles, %llu records, %llu dead letters, %llu unsupported%s, "
		    "%llu offset resets (%llu offsets skipped)", (unsigned long long)l->n_done,
		    (unsigned long long)l->n_records, (unsigned long long)l->n_deadletters,
		    (unsigned long long)l->n_unsupported, languages(l, langs, sizeof(langs)),
		    (unsigned long long)l->n_offset_resets, (unsigned long long)l->n_offsets_skipped);
	}
}

int
loop_run(struct loop *l)
{
	char	err[512];
	int	r;

	notify_status("checking topics '%s' and '%s'", l->cfg->output_topic, l->cfg->deadletter_topic);
	if ((r = producer_check_topics(l->prod, METADATA_TIMEOUT_MS, err, sizeof(err))) < 0) {
		log_errx("%s", err);
		return r == -ENOENT ? LOOP_EXIT_CONFIG : LOOP_EXIT_UNAVAILABLE;
	}
	if (consumer_subscribe(l->cons, err, sizeof(err)) < 0) {
		log_errx("%s", err);
		return LOOP_EXIT_CONFIG;
	}
	notify_status("joining group");
	l->last_status_us = l->last_watchdog_us = now_us();
	l->consume_more = 1;
	while (l->state != STATE_DONE) {
		struct pollfd	pfd[5] = {
			{ .fd = l->sigfd, .events = POLLIN },
			{ .fd = l->timerfd, .events = POLLIN },
			{ .fd = consumer_fd(l->cons), .events = POLLIN },
			{ .fd = producer_fd(l->prod), .events = POLLIN },
			{ .fd = pool_fd(l->pool), .events = POLLIN },
		};
		int		timeout = l->consume_more ? 0 : -1;

		if (poll(pfd, 5, timeout) < 0 && errno != EINTR) {
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
			(void)producer_poll(l->prod);
		produce_pending(l);
		if ((pfd[2].revents & POLLIN) || l->consume_more)
			consume(l);
		if (l->state == STATE_DRAINING &&
		    ((l->inflight == 0 && l->pend_head == NULL) || now_us() >= l->deadline_us))
			l->state = STATE_DONE;
	}
	finish(l);
	return l->exit_code;
}

void
loop_free(struct loop *l)
{
	struct job *job;

	if (l == NULL)
		return;
	if (l->pool != NULL)
		pool_stop(l->pool);
	/* Jobs still held here at exit were not committed; they are consumed again after restart. */
	while ((job = l->pend_head) != NULL) {
		l->pend_head = job->next;
		job_free(job);
	}
	consumer_free(l->cons);
	/* Destroying the producer serves the last delivery reports: their jobs must still exist. */
	producer_free(l->prod);
	pool_free(l->pool);
	offsets_free(l->offs);
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->timerfd >= 0)
		close(l->timerfd);
	lexicon_unref(l->lx);
	fieldmap_free(l->map);
	config_unref(l->cfg);
	pthread_mutex_destroy(&l->lx_mu);
	free(l->parts);
	free(l->lexicon_dir);
	free(l);
}
