/*
 * intake: admit consumed messages into work, track their offsets, and
 * serve the group's rebalances.
 *
 * DESIGN
 *  - The pool's queue holds more than max.inflight jobs (intake_env's
 *    capacity), and the assignment is paused at max.inflight, so a submit
 *    cannot fail: only messages fetched before the pause can exceed it, and
 *    those are fetched again (rewind) rather than waited for.
 *  - An offset is stored only through the tracker: the highest offset below
 *    which every consumed article of the partition is done. The intake
 *    commits what is stored itself, asynchronously: once something was
 *    stored, as soon as kafka.auto.commit.interval.ms has passed since the
 *    last commit and that commit was answered. So an offset is committed
 *    about one broker round trip after its article is done when the input is
 *    sparse, and at most every interval when it is dense, with one commit
 *    in flight at a time (commits cannot overtake one another, and a slow
 *    coordinator gets no pile of them). librdkafka's auto-commit timer did
 *    the same at a fixed period, so a done article waited half a period on
 *    average, however idle the daemon was. A revocation commits
 *    synchronously what its partitions finished.
 *  - Per-partition state (expected offset, pending rewind) lives in the
 *    tracker, created on assignment and dropped on revocation or loss.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../workers/job.h"
#include "../workers/pool.h"
#include "clock.h"
#include "config.h"
#include "consumer.h"
#include "inflight.h"
#include "intake.h"
#include "log.h"
#include "loop.h"
#include "offsets.h"
#include "snapshot.h"
#include "stats.h"

#define CONSUME_BATCH 500    /* messages per wake-up before the other fds get a turn */
#define BROKER_QUERY_MS 5000 /* a committed offset or a watermark */
/* A commit unanswered this long is taken as lost, so that one more may be sent. */
#define COMMIT_ANSWER_US (10 * 1000000ull)
/* The least wait after a failed commit (kafka.auto.commit.interval.ms may be 0). */
#define COMMIT_RETRY_US (100 * 1000ull)

struct intake {
	struct intake_env env;
	struct consumer *cons;
	struct offsets *offs;
	size_t high, low;	 /* pause at, resume at (articles in flight) */
	int uncommitted;	 /* offsets were stored since the last commit was sent */
	uint64_t last_commit_us; /* when the last asynchronous commit was sent */
};

static const struct config *
cfg(const struct intake *in)
{
	return snapshot_config(in->env.snap);
}

/*
 * A message beyond the offset expected next means offsets were skipped; if
 * the log now starts after the expected offset, retention overtook the
 * backlog and those articles are lost. That is reported as an error and
 * counted, never passed over silently (as librdkafka's auto.offset.reset
 * alone would). Holes of one offset (transaction markers) are not checked.
 */
static void
check_gap(struct intake *in, const rd_kafka_message_t *m)
{
	struct log_ctx ctx = {NULL, cfg(in)->input_topic, m->partition, m->offset};
	int64_t next = offsets_expected(in->offs, m->partition), lo, nlost;

	if (next < 0 || m->offset <= next + 1 ||
	    (lo = consumer_low_watermark(in->cons, m->partition, BROKER_QUERY_MS)) <= next)
		return;
	nlost = (lo < m->offset ? lo : m->offset) - next;
	stats_add(in->env.st, STATS_OFFSET_RESETS, 1);
	stats_add(in->env.st, STATS_OFFSETS_SKIPPED, (uint64_t) nlost);
	log_msg(LOG_ERR, &ctx,
		"DATA LOSS: partition %d of '%s' continued at offset %lld, but offset %lld was "
		"next: the log now starts at %lld (retention overtook the backlog); %lld articles "
		"skipped",
		(int) m->partition, cfg(in)->input_topic, (long long) m->offset, (long long) next,
		(long long) lo, (long long) nlost);
}

static void
handle_message(struct intake *in, rd_kafka_message_t *m, int admitting)
{
	struct log_ctx ctx = {NULL, cfg(in)->input_topic, m->partition, m->offset};
	uint64_t now = clock_now_us();
	struct job *job;
	int r;

	if (m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET) {
		/* Only with auto.offset.reset=error: the user asked us not to guess. */
		log_msg(LOG_ERR, &ctx, "no valid offset to continue from: %s",
			rd_kafka_message_errstr(m));
		in->env.stop(in->env.arg, LOOP_EXIT_FATAL,
			     "offset out of range and auto.offset.reset=error");
		return;
	}
	if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF)
			log_msg(LOG_WARNING, &ctx, "consumer: %s, retrying",
				rd_kafka_message_errstr(m));
		return;
	}
	/* Stopping, a partition given up meanwhile, or fetched before a rewind: not now. */
	if (!admitting || !offsets_has_partition(in->offs, m->partition) ||
	    !offsets_admit(in->offs, m->partition, m->offset))
		return;
	if (inflight_count(in->env.inf) >= in->env.capacity) {
		/* Pausing stops fetching, but this was fetched before: fetch it again later. */
		consumer_rewind(in->cons, m->partition, m->offset);
		offsets_rewind(in->offs, m->partition, m->offset);
		return;
	}
	check_gap(in, m);
	if ((r = offsets_begin(in->offs, m->partition, m->offset, now)) < 0) {
		/* A second delivery of an article in flight or done: the first completes it. */
		log_msg(LOG_DEBUG, &ctx, "offset delivered again (%s), skipping",
			strerrordesc_np(-r));
		return;
	}
	job = job_new(m->payload, m->len, m->key, m->key_len, m->partition, m->offset);
	if (job == NULL || inflight_begin(in->env.inf, job, now) < 0) {
		job_free(job);
		log_msg(LOG_ERR, &ctx, "out of memory"); /* its offset is never stored */
		in->env.stop(in->env.arg, LOOP_EXIT_SOFTWARE, "out of memory");
		return;
	}
	r = pool_submit(in->env.pool, job);
	assert(r == 0); /* in flight < capacity, and the queue holds at most that many */
	if (inflight_count(in->env.inf) >= in->high)
		consumer_pause(in->cons);
}

int
intake_poll(struct intake *in, int admitting)
{
	rd_kafka_message_t *m;

	consumer_ack_fd(in->cons);
	for (int i = 0; i < CONSUME_BATCH; i++) {
		if ((m = consumer_poll(in->cons)) == NULL)
			return 0;
		handle_message(in, m, admitting);
		rd_kafka_message_destroy(m);
	}
	return 1; /* a full batch: more may wait, come back without blocking */
}

static void
on_stored(void *arg, int64_t offset, uint64_t consumed_us)
{
	struct intake *in = arg;

	(void) offset;
	stats_observe(in->env.st, STATS_COMMIT_SECONDS,
		      (double) (clock_now_us() - consumed_us) / 1e6);
}

void
intake_done(struct intake *in, const struct job *job)
{
	int64_t next = offsets_complete(in->offs, job->partition, job->offset, on_stored, in);

	if (next >= 0 && consumer_store(in->cons, job->partition, next) == 0)
		in->uncommitted = 1;
}

/* ------------------------------------------------------------ committing */

/*
 * @returns 1 and when the next commit may be sent (clock_now_us) in *ret_due,
 * or 0 when none is wanted: nothing new stored, or the last commit still
 * waits for its answer (which wakes the loop through the consumer's fd).
 */
static int
commit_due(const struct intake *in, uint64_t now, uint64_t *ret_due)
{
	uint64_t sent;

	if (!in->uncommitted ||
	    (consumer_committing(in->cons, &sent) && now - sent < COMMIT_ANSWER_US))
		return 0;
	*ret_due = in->last_commit_us + (uint64_t) cfg(in)->commit_interval_ms * 1000u;
	return 1;
}

int
intake_commit_wait_ms(const struct intake *in)
{
	uint64_t now = clock_now_us(), due;

	if (!commit_due(in, now, &due))
		return -1;
	return due <= now ? 0 : (int) ((due - now + 999) / 1000);
}

void
intake_commit(struct intake *in)
{
	uint64_t now = clock_now_us(), due;

	if (!commit_due(in, now, &due) || due > now)
		return;
	if (consumer_commit_async(in->cons, now) == 0) {
		in->uncommitted = 0;
		in->last_commit_us = now;
	} else
		in->last_commit_us = now + COMMIT_RETRY_US;
}

static void
on_committed(void *arg, int failed)
{
	struct intake *in = arg;

	if (!failed)
		return;
	/* What it carried is still stored: send it again, after a pause. */
	in->uncommitted = 1;
	in->last_commit_us = clock_now_us() + COMMIT_RETRY_US;
}

void
intake_pause(struct intake *in)
{
	consumer_pause(in->cons);
}

void
intake_maybe_resume(struct intake *in)
{
	if (consumer_paused(in->cons) && inflight_count(in->env.inf) <= in->low)
		consumer_resume(in->cons);
}

/* ------------------------------------------------------------ rebalancing */

static void
on_assigned(void *arg, const int32_t *parts, size_t n)
{
	struct intake *in = arg;

	stats_add_l(in->env.st, STATS_REBALANCES, 1, "assigned", NULL);
	for (size_t i = 0; i < n; i++) {
		if (offsets_add_partition(in->offs, parts[i]) < 0) {
			log_errx("out of memory tracking partition %d", (int) parts[i]);
			in->env.stop(in->env.arg, LOOP_EXIT_SOFTWARE, "out of memory");
			continue;
		}
		offsets_set_expected(in->offs, parts[i],
				     consumer_committed(in->cons, parts[i], BROKER_QUERY_MS));
	}
	if (n > 0)
		log_info("assigned %zu partitions of '%s'", n, cfg(in)->input_topic);
}

static size_t
inflight_of(const struct intake *in, const int32_t *parts, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += offsets_inflight(in->offs, parts[i]);
	return k;
}

/* Commit what the revoked partitions finished, so that their next owner starts after it. */
static size_t
commit_revoked(struct intake *in, const int32_t *parts, size_t n)
{
	int32_t *cp = calloc(n, sizeof(*cp));
	int64_t *co = calloc(n, sizeof(*co));
	size_t nc = 0;
	char err[256];

	for (size_t i = 0; cp != NULL && co != NULL && i < n; i++)
		if ((co[nc] = offsets_storable(in->offs, parts[i])) >= 0)
			cp[nc++] = parts[i];
	if (nc > 0 && consumer_commit(in->cons, cp, co, nc, err, sizeof(err)) < 0) {
		/* Refused (a rebalance overlapping this one): the next owner redoes them. */
		log_warnx("revocation: %s; their next owner will process the articles after the "
			  "last commit again",
			  err);
		nc = 0;
	}
	free(cp);
	free(co);
	return nc;
}

/* Finish the revoked partitions' articles (unless stopping on an error), then commit them. */
static size_t
drain_revoked(struct intake *in, const int32_t *parts, size_t n)
{
	uint64_t deadline = clock_now_us() + (uint64_t) cfg(in)->revoke_timeout_ms * 1000u;
	size_t left;
	int failing = 0;

	while ((left = inflight_of(in, parts, n)) > 0 && clock_now_us() < deadline && !failing)
		failing = in->env.serve(in->env.arg, 50) < 0;
	if (left > 0 && failing)
		log_warnx("revocation while stopping on an error: %zu articles not committed; "
			  "they will be processed again",
			  left);
	else if (left > 0)
		log_warnx("revocation: %zu articles still in flight after %u ms; they will be "
			  "processed again by the next owner",
			  left, cfg(in)->revoke_timeout_ms);
	return commit_revoked(in, parts, n);
}

static void
on_revoked(void *arg, const int32_t *parts, size_t n, int lost)
{
	struct intake *in = arg;
	size_t nc;

	stats_add_l(in->env.st, STATS_REBALANCES, 1, lost ? "lost" : "revoked", NULL);
	if (n == 0)
		return;
	if (lost)
		log_warnx(
		    "lost %zu partitions of '%s' to the group (%zu articles in flight will be "
		    "processed again by their new owner); committing nothing for them",
		    n, cfg(in)->input_topic, inflight_of(in, parts, n));
	nc = lost ? 0 : drain_revoked(in, parts, n);
	for (size_t i = 0; i < n; i++)
		offsets_remove_partition(in->offs, parts[i]);
	if (!lost)
		log_info("revoked %zu partitions of '%s' (%zu offsets committed)", n,
			 cfg(in)->input_topic, nc);
}

static void
on_error(void *arg, rd_kafka_resp_err_t err, const char *reason, int fatal)
{
	struct intake *in = arg;

	if (fatal) {
		log_errx("fatal consumer error: %s: %s", rd_kafka_err2name(err), reason);
		in->env.stop(in->env.arg, LOOP_EXIT_FATAL, "fatal consumer error");
		return;
	}
	/* Broker outages and the like: librdkafka reconnects by itself. */
	log_warnx("kafka consumer: %s: %s, retrying", rd_kafka_err2name(err), reason);
}

/* ------------------------------------------------------------ life */

int
intake_new(const struct config *c, const struct intake_env *env, struct intake **ret, char *errbuf,
	   size_t errbufsz)
{
	struct intake *in = calloc(1, sizeof(*in));
	struct consumer_cb cb;

	if (in == NULL || (in->offs = offsets_new()) == NULL) {
		free(in);
		snprintf(errbuf, errbufsz, "out of memory");
		return -ENOMEM;
	}
	in->env = *env;
	in->high = c->max_inflight;
	in->low = c->max_inflight / 2;
	cb = (struct consumer_cb){on_assigned, on_revoked, on_error, on_committed, in};
	if (consumer_new(c, &cb, env->st, &in->cons, errbuf, errbufsz) < 0) {
		intake_free(in);
		return -EINVAL;
	}
	*ret = in;
	return 0;
}

void
intake_free(struct intake *in)
{
	if (in == NULL)
		return;
	consumer_free(in->cons);
	offsets_free(in->offs);
	free(in);
}

int
intake_subscribe(struct intake *in, char *errbuf, size_t errbufsz)
{
	return consumer_subscribe(in->cons, errbuf, errbufsz);
}

int
intake_fd(const struct intake *in)
{
	return consumer_fd(in->cons);
}

int
intake_joined(const struct intake *in)
{
	return consumer_joined(in->cons);
}

size_t
intake_assigned(const struct intake *in)
{
	return consumer_assigned_count(in->cons);
}

int
intake_paused(const struct intake *in)
{
	return consumer_paused(in->cons);
}

void
intake_close(struct intake *in)
{
	char err[256];

	if (consumer_commit(in->cons, NULL, NULL, 0, err, sizeof(err)) < 0)
		log_warnx("final %s", err);
	(void) consumer_close(in->cons);
}
