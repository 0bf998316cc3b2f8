/*
 * Unit tests for daemon/inflight.c: an article is reported done exactly
 * once, and only when every record it queued (or its dead letter) is
 * acknowledged; a refused record turns it into a dead letter sent only
 * after the records already queued have reported; a dead letter that
 * cannot be written loses it (never done); a full producer queue keeps
 * articles waiting in order and resumes each at the record it stopped at.
 *
 * The producer is a fake (struct fake below) whose answers each test sets:
 * ok, queue full, or refused. It remembers what was queued, so the tests
 * play the broker by calling inflight_reported() for it. Every test gets a
 * fresh module; inflight_check_invariants() runs around every operation,
 * and teardown checks that every job was freed (ASan reports leaks).
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

#include "../workers/job.h"
#include "inflight.h"
#include "stats.h"

enum answer { OK, FULL, REFUSE };

struct sent {
	struct job *job;
	int deadletter;
	size_t record;	  /* record index, for a record */
	const char *code; /* for a dead letter */
};

struct fake {
	struct inflight *inf;
	struct stats *st;
	enum answer record_answer, deadletter_answer;
	struct sent sent[64];
	size_t nsent;
	int64_t done[64], lost[64]; /* offsets, in the order reported */
	size_t ndone, nlost;
};

static int
fake_send_record(void *arg, struct job *job, size_t i, char *err, size_t errsz)
{
	struct fake *f = arg;

	if (f->record_answer == FULL)
		return -EAGAIN;
	if (f->record_answer == REFUSE) {
		snprintf(err, errsz, "produce to 'events': Broker: Message size too large");
		return -EIO;
	}
	assert_true(f->nsent < 64);
	f->sent[f->nsent++] = (struct sent){job, 0, i, NULL};
	free(job->records[i].json); /* handed over, as to librdkafka */
	job->records[i].json = NULL;
	return 0;
}

static int
fake_send_deadletter(void *arg, struct job *job, const char *code, const char *reason, char *err,
		     size_t errsz)
{
	struct fake *f = arg;

	assert_non_null(reason);
	if (f->deadletter_answer == FULL)
		return -EAGAIN;
	if (f->deadletter_answer == REFUSE) {
		snprintf(err, errsz, "produce to 'dl': Local: Fatal error");
		return -EIO;
	}
	assert_true(f->nsent < 64);
	f->sent[f->nsent++] = (struct sent){job, 1, 0, code};
	return 0;
}

static void
fake_done(void *arg, struct job *job)
{
	struct fake *f = arg;

	f->done[f->ndone++] = job->offset;
}

static void
fake_lost(void *arg, struct job *job)
{
	struct fake *f = arg;

	f->lost[f->nlost++] = job->offset;
}

static int
setup(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));
	const struct inflight_ops ops = {fake_send_record, fake_send_deadletter, fake_done,
					 fake_lost, f};

	if (f == NULL || (f->st = stats_new()) == NULL)
		return -1;
	if ((f->inf = inflight_new(&ops, f->st, "articles", "events", "dl")) == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fake *f = *state;

	inflight_check_invariants(f->inf);
	assert_int_equal(inflight_count(f->inf), 0); /* every job was freed */
	inflight_free(f->inf);
	stats_free(f->st);
	free(f);
	return 0;
}

/* A consumed job at offset with nrec records (or failed with why), handed back by a worker. */
static struct job *
extracted(struct fake *f, int64_t offset, size_t nrec, enum reason why)
{
	struct job *job = job_new("{\"text\":\"x\"}", 12, "k", 1, 0, offset);

	assert_non_null(job);
	if (why != _REASON_INVALID) {
		job->failed = 1;
		job->reason = why;
		snprintf(job->errmsg, sizeof(job->errmsg), "the article says why");
	} else if (nrec > 0) {
		job->records = calloc(nrec, sizeof(*job->records));
		assert_non_null(job->records);
		for (size_t i = 0; i < nrec; i++) {
			job->records[i].json = strdup("{\"event_id\":\"e\"}");
			job->records[i].len = strlen(job->records[i].json);
		}
		job->nrecords = nrec;
	}
	inflight_check_invariants(f->inf);
	assert_int_equal(inflight_begin(f->inf, job, 1000), 0);
	inflight_set_extract_time(job, 250);
	inflight_extracted(f->inf, job);
	inflight_check_invariants(f->inf);
	return job;
}

static void
flush(struct fake *f)
{
	inflight_check_invariants(f->inf);
	inflight_flush(f->inf);
	inflight_check_invariants(f->inf);
}

/* The broker's answer to sent message k. */
static void
report(struct fake *f, size_t k, const char *error)
{
	struct sent *s = &f->sent[k];

	inflight_check_invariants(f->inf);
	inflight_reported(f->inf, s->job, s->deadletter, error, 100);
	inflight_check_invariants(f->inf);
}

static void
test_inflight_an_article_is_done_when_its_last_record_is_acknowledged(void **state)
{
	struct fake *f = *state;

	extracted(f, 7, 3, _REASON_INVALID);
	assert_int_equal(inflight_count(f->inf), 1);
	assert_int_equal(inflight_waiting(f->inf), 1); /* until flushed */
	flush(f);
	assert_int_equal(f->nsent, 3);
	assert_int_equal(inflight_waiting(f->inf), 0);
	report(f, 1, NULL);
	report(f, 0, NULL);
	assert_int_equal(f->ndone, 0);
	report(f, 2, NULL);
	assert_int_equal(f->ndone, 1);
	assert_int_equal(f->done[0], 7);
	assert_int_equal(inflight_count(f->inf), 0);
	assert_true(stats_get(f->st, STATS_RECORDS) == 3);
	assert_true(stats_get(f->st, STATS_DONE) == 1);
	assert_true(stats_get(f->st, STATS_CONSUMED) == 1);
	assert_true(stats_get(f->st, STATS_BYTES_IN) == 12);
	assert_true(stats_get(f->st, STATS_BYTES_OUT) == 300);
	assert_true(stats_get(f->st, STATS_EXTRACT_SECONDS) == 1); /* one observation */
}

static void
test_inflight_an_article_without_events_is_done_when_flushed(void **state)
{
	struct fake *f = *state;

	extracted(f, 3, 0, _REASON_INVALID);
	assert_int_equal(f->ndone, 0);
	flush(f);
	assert_int_equal(f->nsent, 0);
	assert_int_equal(f->ndone, 1);
	assert_int_equal(f->done[0], 3);
}

static void
test_inflight_a_failed_article_is_done_when_its_dead_letter_is_acknowledged(void **state)
{
	struct fake *f = *state;

	extracted(f, 9, 0, REASON_NO_TEXT);
	flush(f);
	assert_int_equal(f->nsent, 1);
	assert_true(f->sent[0].deadletter);
	assert_string_equal(f->sent[0].code, "no_text");
	assert_int_equal(f->ndone, 0);
	report(f, 0, NULL);
	assert_int_equal(f->ndone, 1);
	assert_true(stats_get_l(f->st, STATS_DEADLETTERS, "no_text", NULL) == 1);
	assert_true(stats_get(f->st, STATS_RECORDS) == 0);
}

static void
test_inflight_a_full_queue_keeps_articles_waiting_in_order(void **state)
{
	struct fake *f = *state;

	extracted(f, 1, 2, _REASON_INVALID);
	extracted(f, 2, 1, _REASON_INVALID);
	f->record_answer = FULL;
	flush(f);
	assert_int_equal(f->nsent, 0);
	assert_int_equal(inflight_waiting(f->inf), 2);
	f->record_answer = OK;
	flush(f);
	assert_int_equal(f->nsent, 3);
	assert_int_equal(f->sent[0].job->offset, 1); /* oldest first */
	assert_int_equal(f->sent[1].job->offset, 1);
	assert_int_equal(f->sent[2].job->offset, 2);
	for (size_t k = 0; k < 3; k++)
		report(f, k, NULL);
	assert_int_equal(f->ndone, 2);
}

/* A fake whose record queue takes `room` records, then is full. */
static int room;

static int
limited_send_record(void *arg, struct job *job, size_t i, char *err, size_t errsz)
{
	if (room == 0)
		return -EAGAIN;
	room--;
	return fake_send_record(arg, job, i, err, errsz);
}

static void
test_inflight_records_queued_before_a_full_queue_are_not_queued_twice(void **state)
{
	struct fake *f = *state;
	const struct inflight_ops ops = {limited_send_record, fake_send_deadletter, fake_done,
					 fake_lost, f};
	struct inflight *saved = f->inf;

	f->inf = inflight_new(&ops, f->st, "articles", "events", "dl");
	assert_non_null(f->inf);
	extracted(f, 10, 4, _REASON_INVALID);
	room = 2;
	flush(f);
	assert_int_equal(f->nsent, 2);
	assert_int_equal(inflight_waiting(f->inf), 1);
	report(f, 0, NULL); /* reports while it waits do not finish it */
	report(f, 1, NULL);
	assert_int_equal(f->ndone, 0);
	room = 10;
	flush(f);
	assert_int_equal(f->nsent, 4);
	assert_int_equal(f->sent[2].record, 2); /* resumed where it stopped */
	assert_int_equal(f->sent[3].record, 3);
	report(f, 2, NULL);
	report(f, 3, NULL);
	assert_int_equal(f->ndone, 1);
	assert_true(stats_get(f->st, STATS_RECORDS) == 4);
	inflight_free(f->inf);
	f->inf = saved;
}

static void
test_inflight_a_record_refused_in_its_report_dead_letters_after_the_others_report(void **state)
{
	struct fake *f = *state;
	struct job *job = extracted(f, 4, 3, _REASON_INVALID);

	flush(f);
	assert_int_equal(f->nsent, 3);
	report(f, 0, "Broker: Invalid record");
	assert_int_equal(f->nsent, 3); /* two records still outstanding: no dead letter yet */
	report(f, 1, NULL);
	assert_int_equal(f->nsent, 3);
	report(f, 2, "Broker: Invalid record"); /* a second refusal adds nothing */
	assert_int_equal(f->nsent, 4);
	assert_true(f->sent[3].deadletter);
	assert_ptr_equal(f->sent[3].job, job);
	assert_string_equal(f->sent[3].code, "delivery_failed");
	assert_non_null(strstr(job->errmsg, "output topic 'events' refused a record"));
	assert_non_null(strstr(job->errmsg, "Broker: Invalid record"));
	assert_int_equal(f->ndone, 0);
	report(f, 3, NULL);
	assert_int_equal(f->ndone, 1);
	assert_true(stats_get(f->st, STATS_PRODUCE_FAILURES) == 1);
	assert_true(stats_get(f->st, STATS_RECORDS) == 1);
	assert_true(stats_get_l(f->st, STATS_DEADLETTERS, "delivery_failed", NULL) == 1);
}

static void
test_inflight_a_record_refused_when_queued_dead_letters_the_article(void **state)
{
	struct fake *f = *state;

	extracted(f, 8, 2, _REASON_INVALID);
	f->record_answer = REFUSE;
	flush(f);
	assert_int_equal(f->nsent, 1);
	assert_true(f->sent[0].deadletter);
	assert_string_equal(f->sent[0].code, "delivery_failed");
	assert_non_null(strstr(f->sent[0].job->errmsg, "Message size too large"));
	report(f, 0, NULL);
	assert_int_equal(f->ndone, 1);
}

static void
test_inflight_a_dead_letter_refused_by_the_broker_loses_the_article(void **state)
{
	struct fake *f = *state;

	extracted(f, 11, 0, REASON_TOO_LARGE);
	flush(f);
	report(f, 0, "Broker: Message size too large");
	assert_int_equal(f->nlost, 1);
	assert_int_equal(f->lost[0], 11);
	assert_int_equal(f->ndone, 0); /* never done: its offset is never stored */
	assert_int_equal(inflight_count(f->inf), 0);
	assert_true(stats_get(f->st, STATS_DEADLETTERS) == 0);
}

static void
test_inflight_a_dead_letter_that_cannot_be_queued_loses_the_article(void **state)
{
	struct fake *f = *state;

	extracted(f, 12, 2, _REASON_INVALID);
	flush(f);
	report(f, 0, "Broker: Out of order sequence number");
	f->deadletter_answer = REFUSE;
	report(f, 1, NULL); /* the last record reports: the dead letter is tried, and fails */
	assert_int_equal(f->nsent, 2);
	assert_int_equal(f->nlost, 1);
	assert_int_equal(f->ndone, 0);
	assert_int_equal(inflight_count(f->inf), 0);
}

static void
test_inflight_a_dead_letter_waits_for_room_like_records(void **state)
{
	struct fake *f = *state;

	extracted(f, 13, 0, REASON_NOT_UTF8);
	f->deadletter_answer = FULL;
	flush(f);
	assert_int_equal(inflight_waiting(f->inf), 1);
	f->deadletter_answer = OK;
	flush(f);
	assert_int_equal(f->nsent, 1);
	report(f, 0, NULL);
	assert_int_equal(f->ndone, 1);
}

static void
test_inflight_after_teardown_reports_only_free_their_jobs(void **state)
{
	struct fake *f = *state;

	extracted(f, 20, 2, _REASON_INVALID);
	extracted(f, 21, 0, REASON_NO_TEXT);
	flush(f);
	assert_int_equal(f->nsent, 3);
	inflight_teardown(f->inf);
	report(f, 0, "Local: Purged in queue");
	assert_int_equal(inflight_count(f->inf), 2);
	report(f, 1, "Local: Purged in queue");
	report(f, 2, "Local: Purged in queue");
	assert_int_equal(inflight_count(f->inf), 0);
	assert_int_equal(f->ndone, 0);
	assert_int_equal(f->nlost, 0);
}

static void
test_inflight_free_releases_waiting_jobs_and_discard_the_others(void **state)
{
	struct fake *f = *state;
	struct job *job = job_new("x", 1, NULL, 0, 0, 30);

	extracted(f, 31, 1, _REASON_INVALID); /* waits for a flush */
	assert_non_null(job);
	assert_int_equal(inflight_begin(f->inf, job, 5), 0); /* still with a worker */
	assert_int_equal(inflight_consumed_at(job), 5);
	inflight_discard(f->inf, job);
	assert_int_equal(inflight_count(f->inf), 1);
	inflight_free(f->inf); /* frees the waiting one; ASan would see a leak */
	f->inf = inflight_new(
	    &(struct inflight_ops){fake_send_record, fake_send_deadletter, fake_done, fake_lost, f},
	    f->st, "a", "b", "c");
	assert_non_null(f->inf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_inflight_an_article_is_done_when_its_last_record_is_acknowledged),
	    T(test_inflight_an_article_without_events_is_done_when_flushed),
	    T(test_inflight_a_failed_article_is_done_when_its_dead_letter_is_acknowledged),
	    T(test_inflight_a_full_queue_keeps_articles_waiting_in_order),
	    T(test_inflight_records_queued_before_a_full_queue_are_not_queued_twice),
	    T(test_inflight_a_record_refused_in_its_report_dead_letters_after_the_others_report),
	    T(test_inflight_a_record_refused_when_queued_dead_letters_the_article),
	    T(test_inflight_a_dead_letter_refused_by_the_broker_loses_the_article),
	    T(test_inflight_a_dead_letter_that_cannot_be_queued_loses_the_article),
	    T(test_inflight_a_dead_letter_waits_for_room_like_records),
	    T(test_inflight_after_teardown_reports_only_free_their_jobs),
	    T(test_inflight_free_releases_waiting_jobs_and_discard_the_others),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
