/*
 * producer: queue event records and dead letters, and dispatch delivery
 * reports back to the main loop.
 *
 * The job rides along as the message opaque; the delivery-report callback
 * checks its magic and tells the loop which kind of message it was (by the
 * topic it went to). librdkafka retries transient errors by itself until
 * message.timeout.ms, so an error in a report is final for that message.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../workers/job.h"
#include "kafkaconf.h"
#include "kstats.h"
#include "log.h"
#include "deadletter.h"
#include "producer.h"

struct producer {
	rd_kafka_t *rk;
	rd_kafka_queue_t *mainq;
	int pipefd[2]; /* librdkafka writes to [1] when the main queue fills */
	rd_kafka_topic_t *out;
	rd_kafka_topic_t *dlq;
	rd_kafka_topic_t *routed; /* unsupported.action=topic:NAME, else NULL */
	struct producer_cb cb;
	struct stats *st;
};

static void
dr_cb(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	struct producer *p = opaque;
	struct job *job = job_check(m->_private);
	enum producer_kind kind =
	    m->rkt == p->dlq || m->rkt == p->routed ? PRODUCER_DEADLETTER : PRODUCER_RECORD;

	(void) rk;
	p->cb.delivered(p->cb.arg, job, kind, m->err, m->len);
}

/* librdkafka's statistics, every statistics.interval.ms: broker states. */
static int
stats_cb(rd_kafka_t *rk, char *json, size_t len, void *opaque)
{
	struct producer *p = opaque;

	(void) rk;
	(void) kstats_apply(p->st, "producer", json, len);
	return 0; /* librdkafka frees json */
}

static void
error_cb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	struct producer *p = opaque;
	char buf[512];

	if (err == RD_KAFKA_RESP_ERR__FATAL) {
		err = rd_kafka_fatal_error(rk, buf, sizeof(buf));
		p->cb.error(p->cb.arg, (rd_kafka_resp_err_t) err, buf, 1);
		return;
	}
	p->cb.error(p->cb.arg, (rd_kafka_resp_err_t) err, reason, 0);
}

static void
log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void) rk;
	log_msg(level, NULL, "kafka producer: %s: %s", fac, buf);
}

int
producer_new(const struct config *cfg, const struct producer_cb *cb, struct stats *st,
	     struct producer **ret, char *errbuf, size_t errbufsz)
{
	struct producer *p;
	rd_kafka_conf_t *kc;

	if ((p = calloc(1, sizeof(*p))) == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		return -ENOMEM;
	}
	p->pipefd[0] = p->pipefd[1] = -1;
	p->cb = *cb;
	p->st = st;
	if ((kc = kafkaconf_new(cfg, CONFIG_CLIENT_PRODUCER, errbuf, errbufsz)) == NULL)
		goto fail;
	rd_kafka_conf_set_dr_msg_cb(kc, dr_cb);
	rd_kafka_conf_set_error_cb(kc, error_cb);
	rd_kafka_conf_set_stats_cb(kc, stats_cb);
	rd_kafka_conf_set_log_cb(kc, log_cb);
	rd_kafka_conf_set_opaque(kc, p);
	/* rd_kafka_new() takes the conf only on success. */
	if ((p->rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, errbuf, errbufsz)) == NULL) {
		rd_kafka_conf_destroy(kc);
		goto fail;
	}
	rd_kafka_set_log_queue(p->rk, NULL); /* logs to the main queue: served by producer_poll */
	if (pipe2(p->pipefd, O_NONBLOCK | O_CLOEXEC) != 0) {
		snprintf(errbuf, errbufsz, "pipe: %s", strerrordesc_np(errno));
		goto fail;
	}
	p->mainq = rd_kafka_queue_get_main(p->rk);
	rd_kafka_queue_io_event_enable(p->mainq, p->pipefd[1], "1", 1);
	if ((p->out = rd_kafka_topic_new(p->rk, cfg->output_topic, NULL)) == NULL ||
	    (p->dlq = rd_kafka_topic_new(p->rk, cfg->deadletter_topic, NULL)) == NULL ||
	    (strncmp(cfg->unsupported_action, "topic:", 6) == 0 &&
	     (p->routed = rd_kafka_topic_new(p->rk, cfg->unsupported_action + 6, NULL)) == NULL)) {
		snprintf(errbuf, errbufsz, "topic handle: %s",
			 rd_kafka_err2str(rd_kafka_last_error()));
		goto fail;
	}
	*ret = p;
	return 0;
fail:
	producer_free(p);
	return -EINVAL;
}

void
producer_free(struct producer *p)
{
	if (p == NULL)
		return;
	if (p->out != NULL)
		rd_kafka_topic_destroy(p->out);
	if (p->dlq != NULL)
		rd_kafka_topic_destroy(p->dlq);
	if (p->routed != NULL)
		rd_kafka_topic_destroy(p->routed);
	if (p->mainq != NULL) {
		rd_kafka_queue_io_event_enable(p->mainq, -1, NULL, 0);
		rd_kafka_queue_destroy(p->mainq);
	}
	if (p->rk != NULL)
		rd_kafka_destroy(p->rk);
	if (p->pipefd[0] >= 0)
		close(p->pipefd[0]);
	if (p->pipefd[1] >= 0)
		close(p->pipefd[1]);
	free(p);
}

static int
check_topic(struct producer *p, rd_kafka_topic_t *t, int timeout_ms, char *errbuf, size_t errbufsz)
{
	const struct rd_kafka_metadata *md = NULL;
	rd_kafka_resp_err_t err;
	int r = 0;

	err = rd_kafka_metadata(p->rk, 0, t, &md, timeout_ms);
	if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		snprintf(errbuf, errbufsz, "topic '%s': metadata: %s", rd_kafka_topic_name(t),
			 rd_kafka_err2str(err));
		return err == RD_KAFKA_RESP_ERR__TIMED_OUT ? -ETIMEDOUT : -EIO;
	}
	if (md->topic_cnt != 1 || md->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR ||
	    md->topics[0].partition_cnt == 0) {
		snprintf(errbuf, errbufsz, "topic '%s' does not exist (%s); create it first",
			 rd_kafka_topic_name(t),
			 md->topic_cnt == 1 ? rd_kafka_err2str(md->topics[0].err)
					    : "not in metadata");
		r = -ENOENT;
	}
	rd_kafka_metadata_destroy(md);
	return r;
}

int
producer_check_topics(struct producer *p, int timeout_ms, char *errbuf, size_t errbufsz)
{
	int r;

	if ((r = check_topic(p, p->out, timeout_ms, errbuf, errbufsz)) < 0 ||
	    (r = check_topic(p, p->dlq, timeout_ms, errbuf, errbufsz)) < 0)
		return r;
	return p->routed != NULL ? check_topic(p, p->routed, timeout_ms, errbuf, errbufsz) : 0;
}

int
producer_fd(const struct producer *p)
{
	return p->pipefd[0];
}

int
producer_poll(struct producer *p)
{
	char buf[64];

	while (read(p->pipefd[0], buf, sizeof(buf)) > 0)
		;
	return rd_kafka_poll(p->rk, 0);
}

int
producer_send_record(struct producer *p, struct job *job, size_t i, char *errbuf, size_t errbufsz)
{
	const char *key = job->article_id;
	size_t keylen = key != NULL ? strlen(key) : 0;
	struct job_record *rec = &job->records[i];
	rd_kafka_resp_err_t err;

	assert(i < job->nrecords && rec->json != NULL);
	err = rd_kafka_producev(p->rk, RD_KAFKA_V_RKT(p->out),
				RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_FREE),
				RD_KAFKA_V_VALUE(rec->json, rec->len), RD_KAFKA_V_KEY(key, keylen),
				RD_KAFKA_V_OPAQUE(job), RD_KAFKA_V_END);
	if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL)
		return -EAGAIN;
	if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		snprintf(errbuf, errbufsz, "produce to '%s': %s", rd_kafka_topic_name(p->out),
			 rd_kafka_err2str(err));
		return -EIO;
	}
	rec->json = NULL; /* librdkafka frees it now */
	return 0;
}

/* The original message with x-error-* headers, to topic t (the dead-letter or the routed topic). */
static int
send_original(struct producer *p, rd_kafka_topic_t *t, struct job *job, const char *code,
	      const char *reason, const char *src_topic, char *errbuf, size_t errbufsz)
{
	rd_kafka_headers_t *h;
	rd_kafka_resp_err_t err;
	void *value = job->len > 0 ? job->value : NULL;
	int flags = job->len > 0 ? RD_KAFKA_MSG_F_FREE : 0;

	if ((h = deadletter_headers(code, reason, src_topic, job->partition, job->offset)) ==
	    NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		return -EIO;
	}
	/* An empty value has no buffer to hand over: send it as NULL (Kafka has no empty/NULL
	 * distinction here). */
	err = rd_kafka_producev(p->rk, RD_KAFKA_V_RKT(t), RD_KAFKA_V_MSGFLAGS(flags),
				RD_KAFKA_V_VALUE(value, job->len),
				RD_KAFKA_V_KEY(job->key, job->keylen), RD_KAFKA_V_HEADERS(h),
				RD_KAFKA_V_OPAQUE(job), RD_KAFKA_V_END);
	if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		rd_kafka_headers_destroy(
		    h); /* ours still: producev takes headers only on success */
		if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL)
			return -EAGAIN;
		snprintf(errbuf, errbufsz, "produce to '%s': %s", rd_kafka_topic_name(t),
			 rd_kafka_err2str(err));
		return -EIO;
	}
	if (job->len > 0)
		job->value = NULL; /* librdkafka frees it now */
	return 0;
}

int
producer_send_deadletter(struct producer *p, struct job *job, const char *code, const char *reason,
			 const char *src_topic, char *errbuf, size_t errbufsz)
{
	return send_original(p, p->dlq, job, code, reason, src_topic, errbuf, errbufsz);
}

int
producer_send_routed(struct producer *p, struct job *job, const char *code, const char *reason,
		     const char *src_topic, char *errbuf, size_t errbufsz)
{
	assert(p->routed != NULL);
	return send_original(p, p->routed, job, code, reason, src_topic, errbuf, errbufsz);
}

int
producer_flush(struct producer *p, int timeout_ms)
{
	(void) rd_kafka_flush(p->rk, timeout_ms);
	return rd_kafka_outq_len(p->rk);
}

void
producer_purge(struct producer *p)
{
	(void) rd_kafka_purge(p->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
	/* Purged messages report at once; in-flight ones once their request returns or times out.
	 */
	for (int i = 0; i < 100 && rd_kafka_outq_len(p->rk) > 0; i++)
		(void) rd_kafka_poll(p->rk, 50);
	(void) rd_kafka_poll(p->rk, 0);
}

int
producer_outq_len(const struct producer *p)
{
	return rd_kafka_outq_len(p->rk);
}

const char *
producer_fatal(struct producer *p, char *buf, size_t bufsz)
{
	if (rd_kafka_fatal_error(p->rk, buf, bufsz) == RD_KAFKA_RESP_ERR_NO_ERROR)
		return NULL;
	return buf;
}
