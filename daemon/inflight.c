/*
 * inflight: one state per article, from the workers to done.
 *
 * DESIGN
 *
 * Each job in flight carries a struct flight (job->owner) with one state:
 *
 *   EXTRACTING --worker done--> RECORDS ------all reported------> done
 *        |                         | a record refused
 *        | worker failed           v
 *        +-------------------> DEADLETTER --nothing outstanding, queued--> DEADLETTER_SENT
 *                                  | cannot be queued        reported ok: done |
 *                                  v                         refused           v
 *                                LOST <------------------------------------+
 *
 * and two counters: the records queued (next_record) and the messages
 * queued and not yet reported (outstanding). advance() is the only place
 * that moves a job forward after an event, and the only place that decides
 * it is done: in RECORDS when every record is queued and none is
 * outstanding, in DEADLETTER_SENT when its dead letter has reported. A
 * dead letter is queued only when nothing is outstanding, so an article
 * never has records and its dead letter in flight at once, and a record's
 * failure report cannot arrive after the decision to dead-letter. A LOST
 * job is freed once nothing is outstanding, without ever being done.
 *
 * Invariants (inflight_check_invariants):
 *   - count = jobs attached and not yet freed; waiting = jobs on the list;
 *   - a job is on the list iff its flight says pending;
 *   - next_record <= nrecords in RECORDS; in the dead-letter states the
 *     records are dropped (nrecords 0);
 *   - DEADLETTER_SENT has exactly one message outstanding until reported.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../workers/job.h"
#include "deadletter.h"
#include "inflight.h"
#include "log.h"
#include "stats.h"

#define FLIGHT_MAGIC 0x6e65666cu /* "nefl" */
#define DL_LOG_BURST 10		 /* dead letters logged individually per interval */

enum flight_state {
	FLIGHT_EXTRACTING,	/* with the workers */
	FLIGHT_RECORDS,		/* its records are queued, or wait for room to be */
	FLIGHT_DEADLETTER,	/* to be dead-lettered once nothing is outstanding */
	FLIGHT_DEADLETTER_SENT, /* its dead letter is queued */
	FLIGHT_LOST		/* its dead letter failed: never done */
};

struct flight {
	uint32_t magic;
	enum flight_state state;
	int pending;	      /* on the list, waiting for room in the producer's queue */
	uint32_t outstanding; /* queued, delivery not yet reported */
	size_t next_record;   /* next record to queue */
	const char *code;     /* the dead letter's x-error-code (static string) */
	uint64_t consumed_us;
	uint64_t extract_us; /* written by the worker */
};

struct inflight {
	struct inflight_ops ops;
	struct stats *st;
	char *input_topic, *output_topic, *deadletter_topic;
	size_t count, waiting;
	struct job *head, *tail; /* waiting for the producer, linked through job->next */
	unsigned dl_logged;	 /* dead letters logged in this interval */
	int tearing_down;
};

/* What advance() left the job as. */
enum step {
	STEP_WAITING, /* for delivery reports */
	STEP_FULL,    /* for room in the producer's queue: put it on the list */
	STEP_GONE     /* done or dropped: freed */
};

static struct flight *
flight_of(const struct job *job)
{
	struct flight *f = job->owner;

	assert(f != NULL && f->magic == FLIGHT_MAGIC);
	return f;
}

struct inflight *
inflight_new(const struct inflight_ops *ops, struct stats *st, const char *input_topic,
	     const char *output_topic, const char *deadletter_topic)
{
	struct inflight *inf = calloc(1, sizeof(*inf));

	if (inf == NULL || (inf->input_topic = strdup(input_topic)) == NULL ||
	    (inf->output_topic = strdup(output_topic)) == NULL ||
	    (inf->deadletter_topic = strdup(deadletter_topic)) == NULL) {
		inflight_free(inf);
		return NULL;
	}
	inf->ops = *ops;
	inf->st = st;
	return inf;
}

/* Detach and free the flight, then the job. */
static void
release(struct inflight *inf, struct job *job)
{
	struct flight *f = flight_of(job);

	assert(inf->count > 0 && !f->pending);
	inf->count--;
	f->magic = 0;
	free(f);
	job->owner = NULL;
	job_free(job);
}

void
inflight_free(struct inflight *inf)
{
	struct job *job;

	if (inf == NULL)
		return;
	while ((job = inf->head) != NULL) {
		inf->head = job->next;
		flight_of(job)->pending = 0;
		release(inf, job);
	}
	free(inf->input_topic);
	free(inf->output_topic);
	free(inf->deadletter_topic);
	free(inf);
}

int
inflight_begin(struct inflight *inf, struct job *job, uint64_t now_us)
{
	struct flight *f;

	assert(job->owner == NULL);
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -ENOMEM;
	f->magic = FLIGHT_MAGIC;
	f->state = FLIGHT_EXTRACTING;
	f->consumed_us = now_us;
	job->owner = f;
	inf->count++;
	stats_add(inf->st, STATS_CONSUMED, 1);
	stats_add(inf->st, STATS_BYTES_IN, job->len);
	return 0;
}

void
inflight_set_extract_time(struct job *job, uint64_t usec)
{
	flight_of(job)->extract_us = usec;
}

static struct log_ctx
ctx_of(const struct inflight *inf, const struct job *job)
{
	return (struct log_ctx){job->article_id, inf->input_topic, job->partition, job->offset};
}

/* Dead-letter the article instead: what is not queued yet never will be. */
static void
to_deadletter(struct job *job, const char *code)
{
	struct flight *f = flight_of(job);

	f->state = FLIGHT_DEADLETTER;
	f->code = code;
	job_clear_records(job);
	f->next_record = 0;
}

/* A record was refused for good, at queueing time or in its report. */
static void
refused(struct inflight *inf, struct job *job, const char *why)
{
	stats_add(inf->st, STATS_PRODUCE_FAILURES, 1);
	snprintf(job->errmsg, sizeof(job->errmsg), "%.*s", (int) sizeof(job->errmsg) - 1, why);
	to_deadletter(job, DEADLETTER_DELIVERY_FAILED);
}

static void
lose(struct inflight *inf, struct job *job)
{
	flight_of(job)->state = FLIGHT_LOST;
	inf->ops.lost(inf->ops.arg, job);
}

static void
finish(struct inflight *inf, struct job *job)
{
	stats_add(inf->st, STATS_DONE, 1);
	inf->ops.done(inf->ops.arg, job);
	release(inf, job);
}

/* Per-article conditions are counted always, and logged at a bounded rate. */
static void
log_deadletter(struct inflight *inf, const struct job *job)
{
	struct log_ctx ctx = ctx_of(inf, job);

	if (inf->dl_logged++ < DL_LOG_BURST)
		log_msg(LOG_WARNING, &ctx,
			"article '%.64s' sent to the dead-letter topic: %s: %.200s",
			job->article_id != NULL ? job->article_id : "?", flight_of(job)->code,
			job->errmsg);
}

/* Queue the records not queued yet. @returns 0, -EAGAIN, or -errno once refused (dead letter). */
static int
send_records(struct inflight *inf, struct job *job)
{
	struct flight *f = flight_of(job);
	char err[256];
	int r;

	while (f->next_record < job->nrecords) {
		r = inf->ops.send_record(inf->ops.arg, job, f->next_record, err, sizeof(err));
		if (r == -EAGAIN)
			return r;
		if (r < 0) {
			refused(inf, job, err);
			return r;
		}
		f->outstanding++;
		f->next_record++;
	}
	return 0;
}

/* Move job as far as it can go now. */
static enum step
advance(struct inflight *inf, struct job *job)
{
	struct flight *f = flight_of(job);
	struct log_ctx ctx;
	char err[256];
	int r;

	if (f->state == FLIGHT_RECORDS && send_records(inf, job) == -EAGAIN)
		return STEP_FULL;
	if (f->state == FLIGHT_DEADLETTER && f->outstanding == 0) {
		r = inf->ops.send_deadletter(inf->ops.arg, job, f->code, job->errmsg, err,
					     sizeof(err));
		if (r == -EAGAIN)
			return STEP_FULL;
		if (r == 0) {
			f->outstanding++;
			f->state = FLIGHT_DEADLETTER_SENT;
			log_deadletter(inf, job);
		} else {
			ctx = ctx_of(inf, job);
			log_msg(LOG_ERR, &ctx,
				"cannot queue the dead letter: %s; stopping without committing the "
				"article",
				err);
			lose(inf, job);
		}
	}
	if (f->outstanding > 0)
		return STEP_WAITING;
	switch (f->state) {
	case FLIGHT_RECORDS:
	case FLIGHT_DEADLETTER_SENT:
		finish(inf, job);
		return STEP_GONE;
	case FLIGHT_LOST:
		release(inf, job);
		return STEP_GONE;
	case FLIGHT_EXTRACTING:
	case FLIGHT_DEADLETTER:
		break;
	}
	assert(!"advance: a job with nothing outstanding in an impossible state");
	return STEP_WAITING;
}

static void
wait_push(struct inflight *inf, struct job *job, int front)
{
	struct flight *f = flight_of(job);

	assert(!f->pending);
	f->pending = 1;
	inf->waiting++;
	if (front) {
		job->next = inf->head;
		inf->head = job;
		if (inf->tail == NULL)
			inf->tail = job;
		return;
	}
	job->next = NULL;
	if (inf->tail != NULL)
		inf->tail->next = job;
	else
		inf->head = job;
	inf->tail = job;
}

static struct job *
wait_pop(struct inflight *inf)
{
	struct job *job = inf->head;

	if (job == NULL)
		return NULL;
	inf->head = job->next;
	if (inf->head == NULL)
		inf->tail = NULL;
	job->next = NULL;
	flight_of(job)->pending = 0;
	inf->waiting--;
	return job;
}

void
inflight_extracted(struct inflight *inf, struct job *job)
{
	struct flight *f = flight_of(job);

	assert(f->state == FLIGHT_EXTRACTING);
	stats_observe(inf->st, STATS_EXTRACT_SECONDS, (double) f->extract_us / 1e6);
	if (job->failed)
		to_deadletter(job, reason_to_string(job->reason));
	else
		f->state = FLIGHT_RECORDS;
	wait_push(inf, job, 0);
}

void
inflight_flush(struct inflight *inf)
{
	struct job *job;

	while ((job = wait_pop(inf)) != NULL)
		if (advance(inf, job) == STEP_FULL) {
			wait_push(inf, job, 1); /* first in line again, and the queue is full */
			return;
		}
}

void
inflight_reported(struct inflight *inf, struct job *job, int deadletter, const char *error,
		  size_t bytes)
{
	struct flight *f = flight_of(job);
	struct log_ctx ctx;

	assert(f->outstanding > 0);
	f->outstanding--;
	if (inf->tearing_down) {
		if (f->outstanding == 0 && !f->pending)
			release(inf, job);
		return;
	}
	if (error == NULL) {
		stats_add(inf->st, STATS_BYTES_OUT, bytes);
		if (deadletter)
			stats_add_l(inf->st, STATS_DEADLETTERS, 1, f->code, NULL);
		else
			stats_add(inf->st, STATS_RECORDS, 1);
	} else if (deadletter) {
		ctx = ctx_of(inf, job);
		log_msg(LOG_ERR, &ctx,
			"the dead-letter topic '%s' refused the article: %s; stopping without "
			"committing it",
			inf->deadletter_topic, error);
		lose(inf, job);
	} else if (f->state == FLIGHT_RECORDS) {
		char why[256];

		snprintf(why, sizeof(why), "output topic '%s' refused a record: %s",
			 inf->output_topic, error);
		refused(inf, job, why);
	}
	/* On the list, it moves when the producer has room; else now. */
	if (!f->pending && advance(inf, job) == STEP_FULL)
		wait_push(inf, job, 0);
}

void
inflight_teardown(struct inflight *inf)
{
	inf->tearing_down = 1;
}

void
inflight_discard(struct inflight *inf, struct job *job)
{
	release(inf, job);
}

size_t
inflight_count(const struct inflight *inf)
{
	return inf->count;
}

size_t
inflight_waiting(const struct inflight *inf)
{
	return inf->waiting;
}

uint64_t
inflight_consumed_at(const struct job *job)
{
	return flight_of(job)->consumed_us;
}

void
inflight_log_interval(struct inflight *inf, double secs)
{
	if (inf->dl_logged > DL_LOG_BURST)
		log_warnx("%u more dead letters not logged individually in the last %.0f s",
			  inf->dl_logged - DL_LOG_BURST, secs);
	inf->dl_logged = 0;
}

void
inflight_check_invariants(const struct inflight *inf)
{
	size_t n = 0;

	assert((inf->head == NULL) == (inf->tail == NULL));
	for (const struct job *job = inf->head; job != NULL; job = job->next) {
		const struct flight *f = flight_of(job);

		assert(f->pending);
		assert(f->state != FLIGHT_EXTRACTING);
		assert(job->next != NULL || job == inf->tail);
		n++;
	}
	assert(n == inf->waiting);
	assert(inf->waiting <= inf->count);
}
