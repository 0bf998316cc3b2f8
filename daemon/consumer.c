/*
 * consumer: subscribe, serve rebalances, pause/resume, store and commit.
 *
 * The consumer's main queue is forwarded to its consumer queue
 * (rd_kafka_poll_set_consumer) and librdkafka's logs to the main queue
 * (log.queue), so that rebalances, errors and logs are all served by
 * consumer_poll() on the main thread, never on librdkafka's threads. The
 * queue signals a pipe when it becomes non-empty; the loop polls that fd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "consumer.h"
#include "kafkaconf.h"
#include "kstats.h"
#include "log.h"
#include "stats.h"

#define MAX_PARTS 4096
/* The longest a consumer closed while joining waits for its first assignment. */
#define CLOSE_JOIN_WAIT_MS 30000

struct consumer {
	rd_kafka_t *rk;
	rd_kafka_queue_t *q;
	int pipefd[2];
	char *topic;
	rd_kafka_topic_partition_list_t *assigned;
	struct consumer_cb cb;
	struct stats *st;
	int paused;
	int joined;
	int committing;		 /* an asynchronous commit was sent and is not answered yet */
	uint64_t commit_sent_us; /* when it was sent (clock_now_us) */
};

static void
log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void) rk;
	log_msg(level, NULL, "kafka consumer: %s: %s", fac, buf);
}

static void
error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	struct consumer *c = opaque;
	char buf[512];

	if (err == RD_KAFKA_RESP_ERR__FATAL) {
		err = rd_kafka_fatal_error(rk, buf, sizeof(buf));
		c->cb.error(c->cb.arg, (rd_kafka_resp_err_t) err, buf, 1);
		return;
	}
	c->cb.error(c->cb.arg, (rd_kafka_resp_err_t) err, reason, 0);
}

/* The first partition error of offsets, RD_KAFKA_RESP_ERR_NO_ERROR if none. */
static rd_kafka_resp_err_t
partition_error(const rd_kafka_topic_partition_list_t *offsets)
{
	for (int i = 0; offsets != NULL && i < offsets->cnt; i++)
		if (offsets->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR)
			return offsets->elems[i].err;
	return RD_KAFKA_RESP_ERR_NO_ERROR;
}

int
consumer_commit_failed(rd_kafka_resp_err_t err, const rd_kafka_topic_partition_list_t *offsets)
{
	if (err == RD_KAFKA_RESP_ERR__NO_OFFSET)
		return 0; /* nothing was stored that was not committed */
	return err != RD_KAFKA_RESP_ERR_NO_ERROR ||
	       partition_error(offsets) != RD_KAFKA_RESP_ERR_NO_ERROR;
}

/*
 * The result of every commit, asynchronous or not, served by consumer_poll()
 * or rd_kafka_commit(). A synchronous commit's answer also ends the wait for
 * an asynchronous one: at worst two are in flight for a moment.
 */
static void
commit_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *offsets,
	  void *opaque)
{
	struct consumer *c = opaque;
	int failed = consumer_commit_failed(err, offsets);

	(void) rk;
	if (failed && err == RD_KAFKA_RESP_ERR_NO_ERROR)
		log_warnx("offset commit: a partition's commit failed (%s); it is sent again",
			  rd_kafka_err2str(partition_error(offsets)));
	c->committing = 0;
	if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
		stats_add(c->st, STATS_COMMITS, 1);
	else if (failed)
		stats_add(c->st, STATS_COMMIT_FAILURES, 1);
	if (c->cb.committed != NULL)
		c->cb.committed(c->cb.arg, failed);
}

/* librdkafka's statistics, every statistics.interval.ms: lag and broker states. */
static int
stats_cb(rd_kafka_t *rk, char *json, size_t len, void *opaque)
{
	struct consumer *c = opaque;

	(void) rk;
	(void) kstats_apply(c->st, "consumer", json, len);
	return 0; /* librdkafka frees json */
}

/* The partition ids of parts that belong to our topic. @returns how many. */
static size_t
ids_of(const struct consumer *c, const rd_kafka_topic_partition_list_t *parts, int32_t *ids)
{
	size_t n = 0;

	for (int i = 0; i < parts->cnt && n < MAX_PARTS; i++)
		if (strcmp(parts->elems[i].topic, c->topic) == 0)
			ids[n++] = parts->elems[i].partition;
	return n;
}

static void
log_error(const char *what, rd_kafka_error_t *e)
{
	if (e == NULL)
		return;
	log_errx("%s: %s", what, rd_kafka_error_string(e));
	rd_kafka_error_destroy(e);
}

static void
rebalance_cb(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *parts,
	     void *opaque)
{
	struct consumer *c = opaque;
	int32_t ids[MAX_PARTS];
	size_t n = ids_of(c, parts, ids);
	int coop = strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
	rd_kafka_resp_err_t e;

	switch (err) {
	case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
		c->cb.assigned(c->cb.arg, ids, n);
		if (coop)
			log_error("incremental assign", rd_kafka_incremental_assign(rk, parts));
		else if ((e = rd_kafka_assign(rk, parts)) != RD_KAFKA_RESP_ERR_NO_ERROR)
			log_errx("assign: %s", rd_kafka_err2str(e));
		for (int i = 0; i < parts->cnt; i++)
			rd_kafka_topic_partition_list_add(c->assigned, parts->elems[i].topic,
							  parts->elems[i].partition);
		/*
		 * librdkafka 2.0.2 keeps a partition's pause across its revocation:
		 * revoked while paused, then assigned again after the resume (which
		 * only covers what is assigned), it would stay paused for good and
		 * its backlog would never be read (the soak found partitions stuck
		 * so). So every assignment is set to the state of the rest.
		 */
		if (parts->cnt > 0) {
			if (c->paused)
				(void) rd_kafka_pause_partitions(rk, parts);
			else
				(void) rd_kafka_resume_partitions(rk, parts);
		}
		c->joined = 1;
		break;
	case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
		c->cb.revoked(c->cb.arg, ids, n, rd_kafka_assignment_lost(rk));
		if (coop)
			log_error("incremental unassign", rd_kafka_incremental_unassign(rk, parts));
		else if ((e = rd_kafka_assign(rk, NULL)) != RD_KAFKA_RESP_ERR_NO_ERROR)
			log_errx("unassign: %s", rd_kafka_err2str(e));
		for (int i = 0; i < parts->cnt; i++)
			(void) rd_kafka_topic_partition_list_del(c->assigned, parts->elems[i].topic,
								 parts->elems[i].partition);
		break;
	default:
		log_errx("rebalance failed: %s", rd_kafka_err2str(err));
		(void) rd_kafka_assign(rk, NULL);
		break;
	}
}

int
consumer_new(const struct config *cfg, const struct consumer_cb *cb, struct stats *st,
	     struct consumer **ret, char *errbuf, size_t errbufsz)
{
	struct consumer *c;
	rd_kafka_conf_t *kc;

	if ((c = calloc(1, sizeof(*c))) == NULL || (c->topic = strdup(cfg->input_topic)) == NULL ||
	    (c->assigned = rd_kafka_topic_partition_list_new(16)) == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		goto fail;
	}
	c->pipefd[0] = c->pipefd[1] = -1;
	c->cb = *cb;
	c->st = st;
	if ((kc = kafkaconf_new(cfg, CONFIG_CLIENT_CONSUMER, errbuf, errbufsz)) == NULL)
		goto fail;
	rd_kafka_conf_set_rebalance_cb(kc, rebalance_cb);
	rd_kafka_conf_set_error_cb(kc, error_cb);
	rd_kafka_conf_set_offset_commit_cb(kc, commit_cb);
	rd_kafka_conf_set_stats_cb(kc, stats_cb);
	rd_kafka_conf_set_log_cb(kc, log_cb);
	rd_kafka_conf_set_opaque(kc, c);
	if ((c->rk = rd_kafka_new(RD_KAFKA_CONSUMER, kc, errbuf, errbufsz)) == NULL) {
		rd_kafka_conf_destroy(kc); /* still ours */
		goto fail;
	}
	rd_kafka_set_log_queue(c->rk, NULL);
	(void) rd_kafka_poll_set_consumer(c->rk);
	if (pipe2(c->pipefd, O_NONBLOCK | O_CLOEXEC) != 0) {
		snprintf(errbuf, errbufsz, "pipe: %s", strerrordesc_np(errno));
		goto fail;
	}
	c->q = rd_kafka_queue_get_consumer(c->rk);
	rd_kafka_queue_io_event_enable(c->q, c->pipefd[1], "1", 1);
	*ret = c;
	return 0;
fail:
	consumer_free(c);
	return -EINVAL;
}

void
consumer_free(struct consumer *c)
{
	if (c == NULL)
		return;
	if (c->q != NULL) {
		rd_kafka_queue_io_event_enable(c->q, -1, NULL, 0);
		rd_kafka_queue_destroy(c->q);
	}
	if (c->rk != NULL)
		rd_kafka_destroy(c->rk);
	if (c->assigned != NULL)
		rd_kafka_topic_partition_list_destroy(c->assigned);
	if (c->pipefd[0] >= 0)
		close(c->pipefd[0]);
	if (c->pipefd[1] >= 0)
		close(c->pipefd[1]);
	free(c->topic);
	free(c);
}

int
consumer_subscribe(struct consumer *c, char *errbuf, size_t errbufsz)
{
	rd_kafka_topic_partition_list_t *t = rd_kafka_topic_partition_list_new(1);
	rd_kafka_resp_err_t err;

	if (t == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		return -ENOMEM;
	}
	rd_kafka_topic_partition_list_add(t, c->topic, RD_KAFKA_PARTITION_UA);
	err = rd_kafka_subscribe(c->rk, t);
	rd_kafka_topic_partition_list_destroy(t);
	if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		snprintf(errbuf, errbufsz, "subscribe to '%s': %s", c->topic,
			 rd_kafka_err2str(err));
		return -EINVAL;
	}
	return 0;
}

int
consumer_fd(const struct consumer *c)
{
	return c->pipefd[0];
}

void
consumer_ack_fd(struct consumer *c)
{
	char buf[64];

	while (read(c->pipefd[0], buf, sizeof(buf)) > 0)
		;
}

rd_kafka_message_t *
consumer_poll(struct consumer *c)
{
	return rd_kafka_consumer_poll(c->rk, 0);
}

void
consumer_pause(struct consumer *c)
{
	if (c->paused)
		return;
	c->paused = 1;
	if (c->assigned->cnt > 0)
		(void) rd_kafka_pause_partitions(c->rk, c->assigned);
}

/*
 * librdkafka 2.0 does not wake its fetcher on resume: fetching starts again
 * at the broker thread's next pass, up to a second later, once per
 * pause/resume cycle. A seek to where the application stopped (what resume
 * does anyway) wakes it at once. Partitions with no position yet are left
 * alone: they still fetch from their committed offset.
 */
static void
wake_fetcher(struct consumer *c)
{
	rd_kafka_topic_partition_list_t *pos, *seek;
	rd_kafka_error_t *e;

	if ((pos = rd_kafka_topic_partition_list_copy(c->assigned)) == NULL)
		return;
	if (rd_kafka_position(c->rk, pos) == RD_KAFKA_RESP_ERR_NO_ERROR &&
	    (seek = rd_kafka_topic_partition_list_new(pos->cnt)) != NULL) {
		for (int i = 0; i < pos->cnt; i++)
			if (pos->elems[i].offset >= 0)
				rd_kafka_topic_partition_list_add(seek, pos->elems[i].topic,
								  pos->elems[i].partition)
				    ->offset = pos->elems[i].offset;
		if (seek->cnt > 0 && (e = rd_kafka_seek_partitions(c->rk, seek, 0)) != NULL)
			rd_kafka_error_destroy(e);
		rd_kafka_topic_partition_list_destroy(seek);
	}
	rd_kafka_topic_partition_list_destroy(pos);
}

void
consumer_resume(struct consumer *c)
{
	if (!c->paused)
		return;
	c->paused = 0;
	if (c->assigned->cnt > 0) {
		(void) rd_kafka_resume_partitions(c->rk, c->assigned);
		wake_fetcher(c);
	}
}

int
consumer_paused(const struct consumer *c)
{
	return c->paused;
}

int
consumer_joined(const struct consumer *c)
{
	return c->joined;
}

size_t
consumer_assigned_count(const struct consumer *c)
{
	return (size_t) c->assigned->cnt;
}

static rd_kafka_topic_partition_list_t *
one(const struct consumer *c, int32_t partition, int64_t offset)
{
	rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);

	if (l != NULL)
		rd_kafka_topic_partition_list_add(l, c->topic, partition)->offset = offset;
	return l;
}

int
consumer_store(struct consumer *c, int32_t partition, int64_t next_offset)
{
	rd_kafka_topic_partition_list_t *l = one(c, partition, next_offset);
	rd_kafka_resp_err_t err;

	if (l == NULL)
		return -ENOMEM;
	err = rd_kafka_offsets_store(c->rk, l);
	if (err == RD_KAFKA_RESP_ERR_NO_ERROR && l->elems[0].err != RD_KAFKA_RESP_ERR_NO_ERROR)
		err = l->elems[0].err;
	rd_kafka_topic_partition_list_destroy(l);
	if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		log_msg(LOG_WARNING, &(struct log_ctx){NULL, c->topic, partition, next_offset},
			"cannot store offset: %s", rd_kafka_err2str(err));
		return -EIO;
	}
	return 0;
}

int
consumer_commit(struct consumer *c, const int32_t *parts, const int64_t *offs, size_t n,
		char *errbuf, size_t errbufsz)
{
	rd_kafka_topic_partition_list_t *l = NULL;
	rd_kafka_resp_err_t err;

	if (n > 0) {
		if ((l = rd_kafka_topic_partition_list_new((int) n)) == NULL) {
			snprintf(errbuf, errbufsz, "out of memory");
			return -EIO;
		}
		for (size_t i = 0; i < n; i++)
			rd_kafka_topic_partition_list_add(l, c->topic, parts[i])->offset = offs[i];
	}
	err = rd_kafka_commit(c->rk, l, 0);
	if (l != NULL)
		rd_kafka_topic_partition_list_destroy(l);
	if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
		snprintf(errbuf, errbufsz, "commit: %s", rd_kafka_err2str(err));
		return -EIO;
	}
	return 0;
}

int
consumer_commit_async(struct consumer *c, uint64_t now_us)
{
	rd_kafka_resp_err_t err = rd_kafka_commit(c->rk, NULL, 1);

	if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET) {
		stats_add(c->st, STATS_COMMIT_FAILURES, 1);
		return -EIO;
	}
	if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
		c->committing = 1;
		c->commit_sent_us = now_us;
	}
	return 0;
}

int
consumer_committing(const struct consumer *c, uint64_t *ret_sent_us)
{
	if (c->committing)
		*ret_sent_us = c->commit_sent_us;
	return c->committing;
}

int64_t
consumer_low_watermark(struct consumer *c, int32_t partition, int timeout_ms)
{
	int64_t lo = -1, hi = -1;

	if (rd_kafka_query_watermark_offsets(c->rk, c->topic, partition, &lo, &hi, timeout_ms) !=
	    RD_KAFKA_RESP_ERR_NO_ERROR)
		return -1;
	return lo;
}

void
consumer_rewind(struct consumer *c, int32_t partition, int64_t offset)
{
	rd_kafka_topic_partition_list_t *l = one(c, partition, offset);
	rd_kafka_error_t *e;

	if (l == NULL)
		return;
	if ((e = rd_kafka_seek_partitions(c->rk, l, 0)) != NULL) {
		log_warnx("rewinding partition %d to %lld: %s", (int) partition, (long long) offset,
			  rd_kafka_error_string(e));
		rd_kafka_error_destroy(e);
	}
	rd_kafka_topic_partition_list_destroy(l);
}

int64_t
consumer_committed(struct consumer *c, int32_t partition, int timeout_ms)
{
	rd_kafka_topic_partition_list_t *l = one(c, partition, RD_KAFKA_OFFSET_INVALID);
	int64_t off = -1;

	if (l == NULL)
		return -1;
	if (rd_kafka_committed(c->rk, l, timeout_ms) == RD_KAFKA_RESP_ERR_NO_ERROR &&
	    l->elems[0].err == RD_KAFKA_RESP_ERR_NO_ERROR && l->elems[0].offset >= 0)
		off = l->elems[0].offset;
	rd_kafka_topic_partition_list_destroy(l);
	return off;
}

/* Has the group given this consumer a member id (it is past its first JoinGroup)? */
static int
in_group(const struct consumer *c)
{
	char *id = rd_kafka_memberid(c->rk);
	int r = id != NULL && id[0] != '\0';

	rd_kafka_mem_free(c->rk, id);
	return r;
}

/*
 * librdkafka 2.0.2 aborts (SIGABRT, "assignor_state" assertion) when a
 * cooperative-sticky consumer is destroyed between its JoinGroup and its
 * first assignment: the assignor's state is still NULL (librdkafka issue
 * 4312, fixed in 2.3.0). A daemon stopped right after it started died so in
 * the soak. So a consumer that is in the group and not yet assigned waits
 * for its first assignment, up to CLOSE_JOIN_WAIT_MS (a rebalance on the
 * test broker takes 5 s or more), before it closes; one that never reached
 * the group (the broker down) does not wait. A message that arrives
 * meanwhile is dropped unprocessed: its offset is never stored, so the
 * group reads it again.
 */
static void
await_first_assignment(struct consumer *c)
{
	uint64_t end = clock_now_us() + (uint64_t) CLOSE_JOIN_WAIT_MS * 1000u;

	while (!c->joined && in_group(c) && clock_now_us() < end) {
		rd_kafka_message_t *m = rd_kafka_consumer_poll(c->rk, 100);

		if (m != NULL)
			rd_kafka_message_destroy(m);
	}
}

int
consumer_close(struct consumer *c)
{
	rd_kafka_resp_err_t err;

	await_first_assignment(c);
	err = rd_kafka_consumer_close(c->rk);

	if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		log_warnx("leaving the consumer group: %s", rd_kafka_err2str(err));
		return -EIO;
	}
	return 0;
}
