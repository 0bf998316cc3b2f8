/*
 * fuzz_message: libFuzzer target for the Kafka message path of the daemon:
 * a consumed message's key and value into a job (job_new), the worker's
 * job_run with the real lexicon and the daemon's defaults, then what the
 * main loop makes of the result: the records' key (the article id) or the
 * dead letter's headers (deadletter_headers, read back with librdkafka).
 *
 * One input is `FLAGS KEYLEN(2 bytes, little-endian) KEY VALUE`: bit 0 of
 * FLAGS gives a null key, bit 1 a null value (a tombstone), bit 2 a limit
 * of 64 KiB instead of 4 MiB, bit 3 decode only (the pass-through mode).
 * Input headers are not part of it: the daemon never reads them (README,
 * "Kafka's odd messages"). Besides what the sanitisers catch, the target
 * aborts when a contract is broken:
 *   - a job either has records or failed with a known reason, a non-empty
 *     message of valid UTF-8 and no records; job_run never fails with
 *     -ENOMEM on a 64 KB input;
 *   - a decoded article has an id; when the value is plain text (not JSON)
 *     and the key is non-empty UTF-8 without NUL, the id is the key;
 *   - every record is a JSON object whose article_id is the job's id;
 *   - the dead-letter headers read back as written: the reason's code, the
 *     message, the source topic, partition and offset in decimal;
 *   - the key and value the dead letter would carry are the message's own
 *     bytes (job_new copies them unchanged, NUL-terminated).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <librdkafka/rdkafka.h>

#include "deadletter.h"
#include "job.h"
#include "lexicon.h"
#include "reason.h"
#include "utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct lexicon *lx;

static void fail(const char *) __attribute__((noreturn));

static void
fail(const char *rule)
{
	fprintf(stderr, "fuzz_message: broken rule: %s\n", rule);
	abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("NE_LEXICON");
	char err[512];

	(void)argc;
	(void)argv;
	if (dir == NULL || *dir == '\0')
		dir = "build/lexicon";
	if (lexicon_load(dir, &lx, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_message: lexicon '%s': %s\n", dir, err);
		exit(1);
	}
	return 0;
}

static void
check_header(rd_kafka_headers_t *h, const char *name, const char *want)
{
	const void *v;
	size_t n;

	if (rd_kafka_header_get_last(h, name, &v, &n) != RD_KAFKA_RESP_ERR_NO_ERROR)
		fail("a dead-letter header is missing");
	if (n != strlen(want) || memcmp(v, want, n) != 0)
		fail("a dead-letter header does not read back as written");
}

static void
check_deadletter(const struct job *job)
{
	const char *code = reason_to_string(job->reason);
	char part[16], off[24];
	rd_kafka_headers_t *h;

	if ((h = deadletter_headers(code, job->errmsg, "articles", job->partition, job->offset)) ==
	    NULL)
		fail("deadletter_headers returned NULL");
	snprintf(part, sizeof(part), "%d", (int)job->partition);
	snprintf(off, sizeof(off), "%lld", (long long)job->offset);
	check_header(h, "x-error-code", code);
	check_header(h, "x-error-reason", job->errmsg);
	check_header(h, "x-source-topic", "articles");
	check_header(h, "x-source-partition", part);
	check_header(h, "x-source-offset", off);
	if (rd_kafka_header_cnt(h) != 5)
		fail("a dead letter has headers besides the five x- ones");
	rd_kafka_headers_destroy(h);
}

static void
check_records(const struct job *job)
{
	for (size_t i = 0; i < job->nrecords; i++) {
		json_error_t jerr;
		json_t *root = json_loadb(job->records[i].json, job->records[i].len, 0, &jerr);
		const char *aid;

		if (root == NULL || !json_is_object(root))
			fail("a record is not a JSON object");
		aid = json_string_value(json_object_get(root, "article_id"));
		if (aid == NULL || strcmp(aid, job->article_id) != 0)
			fail("a record's article_id is not the job's article id");
		json_decref(root);
	}
}

static int
plain_text(const uint8_t *v, size_t n)
{
	size_t i = n >= 3 && memcmp(v, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r'))
		i++;
	return i < n && v[i] != '{' && v[i] != '[' && v[i] != '"' && v[i] != '<';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct pipeline_opts *o;
	struct pipeline_opts opts;
	const uint8_t *key, *value;
	size_t keylen, len;
	struct job *job;
	unsigned flags;
	int r;

	if (size < 3)
		return 0;
	flags = data[0];
	keylen = (size_t)data[1] | (size_t)data[2] << 8;
	if (keylen > size - 3)
		keylen = size - 3;
	key = (flags & 1) ? NULL : data + 3;
	if (key == NULL)
		keylen = 0;
	value = data + 3 + ((flags & 1) ? 0 : keylen);
	len = size - (size_t)(value - data);
	if (flags & 2) {
		value = NULL;
		len = 0;
	}
	memset(&opts, 0, sizeof(opts));
	opts.max_bytes = (flags & 4) ? 65536 : 4u << 20;
	opts.extract = !(flags & 8);
	o = &opts;

	if ((job = job_new(value, len, key, keylen, 3, 12345)) == NULL)
		fail("job_new returned NULL");
	if ((key == NULL) != (job->key == NULL) || job->keylen != keylen ||
	    (keylen > 0 && memcmp(job->key, key, keylen) != 0) || job->len != len ||
	    (len > 0 && memcmp(job->value, value, len) != 0) || job->value[len] != '\0')
		fail("job_new did not copy the key and value unchanged");
	r = job_run(job, lx, o);
	if (r == -ENOMEM)
		fail("out of memory on a small input");
	if (r != 0)
		fail("job_run failed other than -ENOMEM");
	if (job->failed) {
		if ((int)job->reason < 0 || job->reason >= _REASON_MAX)
			fail("a failed job without a known reason");
		if (job->errmsg[0] == '\0' || !utf8_valid(job->errmsg, strlen(job->errmsg), NULL))
			fail("a failed job without a message of valid UTF-8");
		if (job->nrecords != 0)
			fail("a failed job with records");
		check_deadletter(job);
	} else {
		if (job->article_id == NULL)
			fail("a job with records but no article id");
		if (opts.extract && key != NULL && keylen > 0 && plain_text(value, len) &&
		    utf8_valid(key, keylen, NULL) && memchr(key, '\0', keylen) == NULL &&
		    (strlen(job->article_id) != keylen || memcmp(job->article_id, key, keylen) != 0))
			fail("a plain-text article's id is not its key");
		check_records(job);
	}
	job_free(job);
	return 0;
}
