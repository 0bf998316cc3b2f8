/*
 * job: one Kafka message and everything a worker makes of it.
 *
 * The main loop creates a job from the consumed message (job_new copies the
 * bytes, so the librdkafka message can be destroyed at once), a worker turns
 * it into serialised records or a reason (job_process), and the main loop
 * produces the records, counts their delivery reports and finally frees the
 * job. Every path out of job_process leaves the job either with records or
 * failed with a reason, so an article is never silently dropped: even running
 * out of memory becomes a dead letter with reason extract_limit.
 *
 * The job crosses threads as a void * (through the work queue, the pool's
 * completion list and librdkafka's msg_opaque), so it carries a magic number
 * that job_check() asserts on receipt and job_free() poisons; a stale or
 * mistyped pointer then stops the process at once instead of corrupting it.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "job.h"
#include "pipeline.h"

/*
 * A copy of buf[0, len) with a NUL after it, so that text buffers can be
 * printed; len may be 0 (and buf then NULL). @returns new memory, or NULL.
 */
static char *
copy_bytes(const void *buf, size_t len)
{
	char *p;

	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	if (len > 0)
		memcpy(p, buf, len);
	p[len] = '\0';
	return p;
}

static void
set_failed(struct job *job, enum reason why, const char *msg)
{
	job->failed = 1;
	job->reason = why;
	/* Cut at a character boundary: the text ends up in a dead-letter header. */
	pipeline_copy_message(job->errmsg, sizeof(job->errmsg), msg);
}

/*
 * Copies value[0, len) and key[0, keylen) (a NUL is appended to each copy);
 * both are borrowed for the call only. A NULL key means the message had
 * none; a non-NULL key with keylen 0 is an empty key and stays distinct.
 * reason starts as _REASON_INVALID ("none yet").
 * @returns new job (free with job_free), or NULL on ENOMEM.
 * @locality any thread
 */
struct job *
job_new(const void *value, size_t len, const void *key, size_t keylen, int32_t partition,
	int64_t offset)
{
	struct job *job;

	assert(value != NULL || len == 0);
	assert(key != NULL || keylen == 0);
	if ((job = calloc(1, sizeof(*job))) == NULL)
		return NULL;
	job->magic = JOB_MAGIC;
	job->reason = _REASON_INVALID;
	job->partition = partition;
	job->offset = offset;
	if ((job->value = copy_bytes(value, len)) == NULL)
		goto fail;
	job->len = len;
	if (key != NULL) {
		if ((job->key = copy_bytes(key, keylen)) == NULL)
			goto fail;
		job->keylen = keylen;
	}
	return job;
fail:
	job_free(job);
	return NULL;
}

/*
 * Free the job and everything it owns. The magic is asserted first and
 * zeroed, so that a second job_free() or a job_check() of the stale pointer
 * trips an assert rather than going unnoticed (as long as the memory has not
 * been reused). NULL-safe.
 * @locality the thread that owns the job
 */
void
job_free(struct job *job)
{
	if (job == NULL)
		return;
	job_clear_records(job); /* asserts the magic */
	job->magic = 0;
	free(job->article_id);
	free(job->key);
	free(job->value);
	free(job);
}

/*
 * @returns p as a job, after asserting that it is one that has not been
 * freed. p is borrowed.
 * @locality any thread that has just received p
 */
struct job *
job_check(void *p)
{
	struct job *job = p;

	assert(job != NULL);
	assert(job->magic == JOB_MAGIC);
	return job;
}

/*
 * Free the records and leave the job with none. Safe to call on a job
 * without records, and more than once.
 * @locality the thread that owns the job
 */
void
job_clear_records(struct job *job)
{
	assert(job->magic == JOB_MAGIC);
	for (size_t i = 0; i < job->nrecords; i++)
		free(job->records[i].json);
	free(job->records);
	job->records = NULL;
	job->nrecords = 0;
}

/*
 * Decode the job's message (at most max_bytes, 0 = no limit) and, if
 * extract is set, code its events with lx: job_run with the recognised
 * crawler formats only and compact records.
 * @locality worker thread that owns the job; any number at once over one lx
 */
int
job_process(struct job *job, const struct lexicon *lx, size_t max_bytes, int extract)
{
	const struct pipeline_opts o = { .max_bytes = max_bytes, .extract = extract };

	return job_run(job, lx, &o);
}

/*
 * Run the pipeline (pipeline.h) over the job's message and keep its
 * result on the job. Results from an earlier call are dropped first.
 * @returns 0, or -ENOMEM with the job failed (extract_limit, "out of
 * memory") and no records.
 * @locality worker thread that owns the job; any number at once over one lx
 */
int
job_run(struct job *job, const struct lexicon *lx, const struct pipeline_opts *o)
{
	struct pipeline_result	res = { .reason = _REASON_INVALID };
	int			r;

	assert(job->magic == JOB_MAGIC);
	job_clear_records(job);
	free(job->article_id);
	job->article_id = NULL;
	job->failed = 0;
	job->reason = _REASON_INVALID;
	job->errmsg[0] = '\0';
	job->language[0] = '\0';

	r = pipeline_run(lx, o, job->value, job->len, job->key, job->keylen, &res);
	if (res.nrecords > 0 && (job->records = calloc(res.nrecords, sizeof(*job->records))) == NULL) {
		pipeline_result_release(&res);
		set_failed(job, REASON_EXTRACT_LIMIT, "out of memory");
		return -ENOMEM;
	}
	for (size_t i = 0; i < res.nrecords; i++) {
		job->records[i].json = res.records[i].json;
		job->records[i].len = res.records[i].len;
		res.records[i].json = NULL;
	}
	job->nrecords = res.nrecords;
	if (res.failed)
		set_failed(job, res.reason, res.errmsg);
	job->article_id = res.article_id;
	res.article_id = NULL;
	memcpy(job->language, res.language, sizeof(job->language));
	pipeline_result_release(&res);
	return r;
}
