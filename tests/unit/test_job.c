/*
 * Unit tests for workers/job.c: what job_new copies, and what job_process
 * makes of good and bad articles over the real lexicon (build/lexicon, or
 * $NE_LEXICON). The expected events are what a person coding the test
 * sentences by hand with the CAMEO codebook writes down: "Germany criticized
 * Russia and China." is Germany criticising (root 11) each of the two.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "extract.h"
#include "job.h"
#include "lexicon.h"
#include "reason.h"
#include "utf8.h"

#define STRLEN ((size_t) -1)
#define GOOD_ARTICLE "{\"id\": \"a1\", \"text\": \"Germany criticized Russia and China.\"}"

static const char *
lexicon_dir(void)
{
	const char *dir = getenv("NE_LEXICON");

	return dir != NULL ? dir : "build/lexicon";
}

static int
group_setup(void **state)
{
	struct lexicon *lx;
	char err[256] = "";

	if (lexicon_load(lexicon_dir(), &lx, err, sizeof(err)) != 0) {
		fprintf(stderr, "lexicon_load(%s): %s\n", lexicon_dir(), err);
		return -1;
	}
	*state = lx;
	return 0;
}

static int
group_teardown(void **state)
{
	lexicon_unref(*state);
	return 0;
}

static struct job *
new_job(const char *value, const char *key)
{
	struct job *job = job_new(value, strlen(value), key, key != NULL ? strlen(key) : 0, 3, 77);

	assert_non_null(job);
	return job;
}

/* Parse record i of job as a JSON object; the caller json_decref()s it. */
static json_t *
record_object(const struct job *job, size_t i)
{
	json_error_t err;
	json_t *o;

	assert_true(i < job->nrecords);
	assert_non_null(job->records[i].json);
	assert_int_equal(job->records[i].len, strlen(job->records[i].json));
	o = json_loadb(job->records[i].json, job->records[i].len, JSON_REJECT_DUPLICATES, &err);
	if (o == NULL)
		fail_msg("record %zu is not JSON: %s", i, err.text);
	assert_true(json_is_object(o));
	return o;
}

/* The string at a path of at most two keys, or NULL. */
static const char *
str_at(json_t *o, const char *k1, const char *k2)
{
	json_t *v = json_object_get(o, k1);

	if (v != NULL && k2 != NULL)
		v = json_object_get(v, k2);
	return json_string_value(v);
}

static void
assert_no_records(const struct job *job)
{
	assert_null(job->records);
	assert_int_equal(job->nrecords, 0);
}

static void
test_job_new_copies_value_key_and_provenance(void **state)
{
	char value[] = "plain text", key[] = "k1";
	struct job *job;

	(void) state;
	job = job_new(value, strlen(value), key, strlen(key), 5, 1234567890123LL);
	assert_non_null(job);
	/* Change the caller's buffers: the job must hold copies. */
	value[0] = 'X';
	key[0] = 'X';
	assert_int_equal(job->magic, JOB_MAGIC);
	assert_int_equal(job->len, 10);
	assert_memory_equal(job->value, "plain text", 10);
	assert_int_equal(job->keylen, 2);
	assert_memory_equal(job->key, "k1", 2);
	assert_int_equal(job->partition, 5);
	assert_true(job->offset == 1234567890123LL);
	assert_int_equal(job->failed, 0);
	assert_null(job->article_id);
	assert_no_records(job);
	assert_ptr_equal(job_check(job), job);
	job_free(job);
	job_free(NULL);
}

static void
test_job_new_keeps_an_empty_key_apart_from_no_key(void **state)
{
	struct job *empty, *none;

	(void) state;
	empty = job_new("x", 1, "", 0, 0, 0);
	none = job_new("x", 1, NULL, 0, 0, 0);
	assert_non_null(empty);
	assert_non_null(none);
	assert_non_null(empty->key);
	assert_int_equal(empty->keylen, 0);
	assert_null(none->key);
	assert_int_equal(none->keylen, 0);
	job_free(empty);
	job_free(none);
}

static void
test_job_process_makes_one_record_per_event(void **state)
{
	struct job *job = new_job(GOOD_ARTICLE, NULL);
	int saw_rus = 0, saw_chn = 0;

	assert_int_equal(job_process(job, *state, 0, 1), 0);
	assert_int_equal(job->failed, 0);
	assert_string_equal(job->article_id, "a1");
	assert_int_equal(job->nrecords, 2);
	for (size_t i = 0; i < job->nrecords; i++) {
		json_t *o = record_object(job, i);
		const char *tgt = str_at(o, "target_actor", "code");

		assert_string_equal(str_at(o, "article_id", NULL), "a1");
		assert_string_equal(str_at(o, "root_code", NULL), "11");
		assert_string_equal(str_at(o, "source_actor", "code"), "DEU");
		assert_non_null(tgt);
		saw_rus += strcmp(tgt, "RUS") == 0;
		saw_chn += strcmp(tgt, "CHN") == 0;
		json_decref(o);
	}
	assert_int_equal(saw_rus, 1);
	assert_int_equal(saw_chn, 1);
	job_free(job);
}

static void
test_job_process_of_an_article_without_events_is_not_a_failure(void **state)
{
	struct job *job =
	    new_job("{\"id\": \"p\", \"text\": \"The park is full of flowers.\"}", NULL);

	assert_int_equal(job_process(job, *state, 0, 1), 0);
	assert_int_equal(job->failed, 0);
	assert_string_equal(job->article_id, "p");
	assert_no_records(job);
	job_free(job);
}

static void
test_job_process_fails_bad_articles_with_their_reason(void **state)
{
	/* len STRLEN: the value is a C string; only the NUL case needs its length spelt out. */
	static const struct {
		const char *value;
		size_t len;
		size_t max_bytes;
		enum reason reason;
	} cases[] = {
	    {"\xff\xfe not text", STRLEN, 0, REASON_NOT_UTF8},
	    {"caf\xc3", STRLEN, 0, REASON_NOT_UTF8},
	    {"{\"id\": \"a\", \"text\": \"unterminated", STRLEN, 0, REASON_INVALID_JSON},
	    {"{\"id\": \"a\"}", STRLEN, 0, REASON_NO_TEXT},
	    {"{\"text\": \"  \"}", STRLEN, 0, REASON_NO_TEXT},
	    {"", STRLEN, 0, REASON_NO_TEXT},
	    {" \n\t ", STRLEN, 0, REASON_NO_TEXT},
	    {GOOD_ARTICLE, STRLEN, 20, REASON_TOO_LARGE},
	    {"Germany\0criticized", 18, 0, REASON_NUL_BYTE},
	    {"{\"text\": 5}", STRLEN, 0, REASON_BAD_FIELD},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = cases[i].len == STRLEN ? strlen(cases[i].value) : cases[i].len;
		struct job *job = job_new(cases[i].value, len, NULL, 0, 0, (int64_t) i);

		assert_non_null(job);
		assert_int_equal(job_process(job, *state, cases[i].max_bytes, 1), 0);
		if (job->failed != 1 || job->reason != cases[i].reason)
			fail_msg("case %zu: failed %d, reason %s, want %s", i, job->failed,
				 reason_to_string(job->reason), reason_to_string(cases[i].reason));
		assert_true(job->errmsg[0] != '\0');
		assert_true(utf8_valid(job->errmsg, strlen(job->errmsg), NULL));
		assert_null(job->article_id);
		assert_no_records(job);
		job_free(job);
	}
}

static void
test_job_process_respects_a_size_limit_the_article_fits(void **state)
{
	struct job *job = new_job(GOOD_ARTICLE, NULL);

	assert_int_equal(job_process(job, *state, sizeof(GOOD_ARTICLE) - 1, 1), 0);
	assert_int_equal(job->failed, 0);
	assert_int_equal(job->nrecords, 2);
	job_free(job);
}

static void
test_job_process_uses_the_key_as_id_when_the_article_has_none(void **state)
{
	struct job *job = new_job("{\"text\": \"Germany criticized Russia.\"}", "wire-42");
	json_t *o;

	assert_int_equal(job_process(job, *state, 0, 1), 0);
	assert_int_equal(job->failed, 0);
	assert_string_equal(job->article_id, "wire-42");
	assert_int_equal(job->nrecords, 1);
	o = record_object(job, 0);
	assert_string_equal(str_at(o, "article_id", NULL), "wire-42");
	assert_string_equal(str_at(o, "target_actor", "code"), "RUS");
	json_decref(o);
	job_free(job);

	/* The article's own id wins over the key. */
	job = new_job(GOOD_ARTICLE, "wire-42");
	assert_int_equal(job_process(job, *state, 0, 1), 0);
	assert_string_equal(job->article_id, "a1");
	job_free(job);
}

static void
test_job_process_without_extraction_makes_one_id_record(void **state)
{
	/* No event in it: the record is there all the same. */
	struct job *job = new_job("{\"id\": \"quo\\\"te\", \"text\": \"Nothing happens.\"}", NULL);
	json_t *o;

	(void) state;
	/* No lexicon is needed when nothing is extracted. */
	assert_int_equal(job_process(job, NULL, 0, 0), 0);
	assert_int_equal(job->failed, 0);
	assert_string_equal(job->article_id, "quo\"te");
	assert_int_equal(job->nrecords, 1);
	o = record_object(job, 0);
	assert_int_equal(json_object_size(o), 1);
	assert_string_equal(str_at(o, "article_id", NULL), "quo\"te");
	json_decref(o);
	job_free(job);
}

static void
test_job_process_without_extraction_still_fails_bad_articles(void **state)
{
	struct job *job = new_job("{\"id\": \"x\"", NULL);

	(void) state;
	assert_int_equal(job_process(job, NULL, 0, 0), 0);
	assert_int_equal(job->failed, 1);
	assert_int_equal(job->reason, REASON_INVALID_JSON);
	assert_null(job->article_id);
	assert_no_records(job);
	job_free(job);
}

static void
test_job_process_keeps_the_id_when_extraction_hits_its_limit(void **state)
{
	const size_t nsent = EXTRACT_MAX_SENTENCES + 1;
	static const char head[] = "{\"id\": \"long\", \"text\": \"", tail[] = "\"}";
	size_t len = sizeof(head) - 1 + nsent * 5 + sizeof(tail) - 1, pos = 0;
	char *buf = malloc(len);
	struct job *job;

	assert_non_null(buf);
	memcpy(buf, head, sizeof(head) - 1);
	pos = sizeof(head) - 1;
	for (size_t i = 0; i < nsent; i++, pos += 5)
		memcpy(buf + pos, "Yes. ", 5);
	memcpy(buf + pos, tail, sizeof(tail) - 1);
	job = job_new(buf, len, NULL, 0, 0, 0);
	free(buf);
	assert_non_null(job);

	assert_int_equal(job_process(job, *state, 0, 1), 0);
	assert_int_equal(job->failed, 1);
	assert_int_equal(job->reason, REASON_EXTRACT_LIMIT);
	assert_true(job->errmsg[0] != '\0');
	assert_string_equal(job->article_id, "long");
	assert_no_records(job);
	job_free(job);
}

static void
test_job_process_replaces_the_results_of_an_earlier_run(void **state)
{
	struct job *job = new_job(GOOD_ARTICLE, NULL);

	assert_int_equal(job_process(job, *state, 0, 0), 0);
	assert_int_equal(job->nrecords, 1);
	assert_int_equal(job_process(job, *state, 0, 1), 0);
	assert_int_equal(job->nrecords, 2);
	assert_int_equal(job_process(job, *state, 20, 1), 0);
	assert_int_equal(job->failed, 1);
	assert_int_equal(job->reason, REASON_TOO_LARGE);
	assert_null(job->article_id);
	assert_no_records(job);
	assert_int_equal(job_process(job, *state, 0, 1), 0);
	assert_int_equal(job->failed, 0);
	assert_int_equal(job->errmsg[0], '\0');
	assert_int_equal(job->nrecords, 2);
	job_free(job);
}

static void
test_job_clear_records_leaves_the_job_without_records(void **state)
{
	struct job *job = new_job(GOOD_ARTICLE, NULL);

	assert_int_equal(job_process(job, *state, 0, 1), 0);
	assert_int_equal(job->nrecords, 2);
	job_clear_records(job);
	assert_no_records(job);
	/* The rest of the result stays, and clearing twice is harmless. */
	assert_string_equal(job->article_id, "a1");
	job_clear_records(job);
	assert_no_records(job);
	job_free(job);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_job_new_copies_value_key_and_provenance),
	    cmocka_unit_test(test_job_new_keeps_an_empty_key_apart_from_no_key),
	    cmocka_unit_test(test_job_process_makes_one_record_per_event),
	    cmocka_unit_test(test_job_process_of_an_article_without_events_is_not_a_failure),
	    cmocka_unit_test(test_job_process_fails_bad_articles_with_their_reason),
	    cmocka_unit_test(test_job_process_respects_a_size_limit_the_article_fits),
	    cmocka_unit_test(test_job_process_uses_the_key_as_id_when_the_article_has_none),
	    cmocka_unit_test(test_job_process_without_extraction_makes_one_id_record),
	    cmocka_unit_test(test_job_process_without_extraction_still_fails_bad_articles),
	    cmocka_unit_test(test_job_process_keeps_the_id_when_extraction_hits_its_limit),
	    cmocka_unit_test(test_job_process_replaces_the_results_of_an_earlier_run),
	    cmocka_unit_test(test_job_clear_records_leaves_the_job_without_records),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
