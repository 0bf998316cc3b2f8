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

#include <jansson.h>

#include "article.h"
#include "coder.h"
#include "extract.h"
#include "job.h"
#include "record.h"

/* Room for any message article_decode or extract_article writes, before it is cut to errmsg. */
#define JOB_ERRBUF 512

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

/*
 * Copy the message src into errmsg, cut at a character boundary when it is
 * too long: the text ends up in a dead-letter header, which must stay valid
 * UTF-8 even when the message quotes the article.
 */
static void
set_errmsg(struct job *job, const char *src)
{
	size_t n = strlen(src);

	if (n >= sizeof(job->errmsg)) {
		n = sizeof(job->errmsg) - 1;
		/* Cut before the character that src[n] is part of if it is a continuation byte. */
		while (n > 0 && ((unsigned char) src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(job->errmsg, src, n);
	job->errmsg[n] = '\0';
}

static void
set_failed(struct job *job, enum reason why, const char *msg)
{
	job->failed = 1;
	job->reason = why;
	set_errmsg(job, msg);
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

/* One record per event. @returns 0 or -ENOMEM (records made so far stay on the job). */
static int
records_from_events(struct job *job, const struct article *a, const struct eventvec *ev)
{
	char *json;

	if (ev->n == 0)
		return 0;
	if ((job->records = calloc(ev->n, sizeof(*job->records))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < ev->n; i++) {
		if ((json = record_to_json(a, &ev->v[i], 0)) == NULL)
			return -ENOMEM;
		job->records[i].json = json;
		job->records[i].len = strlen(json);
		job->nrecords = i + 1;
	}
	return 0;
}

/* The pass-through record {"article_id": id}. @returns 0 or -ENOMEM. */
static int
record_of_id(struct job *job, const char *id)
{
	json_t *o;
	char *json;

	/* id is valid UTF-8 (article_decode guarantees it), so only memory can fail here. */
	if ((o = json_pack("{s:s}", "article_id", id)) == NULL)
		return -ENOMEM;
	json = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (json == NULL)
		return -ENOMEM;
	if ((job->records = calloc(1, sizeof(*job->records))) == NULL) {
		free(json);
		return -ENOMEM;
	}
	job->records[0].json = json;
	job->records[0].len = strlen(json);
	job->nrecords = 1;
	return 0;
}

/*
 * Decode the job's message (at most max_bytes, 0 = no limit) and, if
 * extract is set, code its events with lx (borrowed, read only; may be
 * NULL when extract is 0). Results from an earlier call are dropped first.
 * On a bad article the job is failed with the reason of article_decode
 * (article_id stays NULL) or of extract_article (article_id is set); a
 * good article with no events gets no records and is not failed.
 * @returns 0, or -ENOMEM with the job failed (extract_limit, "out of
 * memory") and no records.
 * @locality worker thread that owns the job; any number at once over one lx
 */
int
job_process(struct job *job, const struct lexicon *lx, size_t max_bytes, int extract)
{
	struct article a;
	struct eventvec ev = {NULL, 0, 0};
	enum reason why = _REASON_INVALID;
	char errbuf[JOB_ERRBUF] = "";
	int r;

	assert(job->magic == JOB_MAGIC);
	assert(lx != NULL || !extract);
	job_clear_records(job);
	free(job->article_id);
	job->article_id = NULL;
	job->failed = 0;
	job->reason = _REASON_INVALID;
	job->errmsg[0] = '\0';

	memset(&a, 0, sizeof(a));
	r = article_decode(job->value, job->len, job->key, job->keylen, max_bytes, &a, &why, errbuf,
			   sizeof(errbuf));
	if (r == -EBADMSG) {
		set_failed(job, why, errbuf);
		return 0;
	}
	if (r < 0)
		goto oom; /* article_decode fails only with -EBADMSG or -ENOMEM */
	if ((job->article_id = strdup(a.id)) == NULL) {
		r = -ENOMEM;
		goto oom;
	}

	if (!extract) {
		if ((r = record_of_id(job, a.id)) < 0)
			goto oom;
		goto out;
	}
	r = extract_article(lx, &a, &ev, &why, errbuf, sizeof(errbuf));
	if (r == -EBADMSG) {
		set_failed(job, why, errbuf);
		r = 0;
		goto out;
	}
	if (r < 0 || (r = records_from_events(job, &a, &ev)) < 0)
		goto oom;
out:
	eventvec_release(&ev);
	article_release(&a);
	return r;
oom:
	/* Whatever was made is incomplete: a dead letter carries the article instead. */
	job_clear_records(job);
	set_failed(job, REASON_EXTRACT_LIMIT, "out of memory");
	eventvec_release(&ev);
	article_release(&a);
	return -ENOMEM;
}
