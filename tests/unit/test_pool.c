/*
 * Unit tests for workers/pool.c: every submitted job comes back exactly once
 * through the eventfd and pool_take_completed(), with 1, 2 and 4 workers,
 * both for a trivial work function and for job_process over the real
 * lexicon ($NE_LEXICON, default build/lexicon); the non-blocking submit's two
 * refusals; busy time; stop draining the queue; free releasing leftovers.
 * Run it under ThreadSanitizer too:
 *   make SANITIZE=thread build/thread/tests/test_pool
 *
 * Worker threads never call cmocka's assertions (they longjmp): the work
 * functions record what happened and the test thread asserts. Waiting for
 * completions is poll(2) on the pool's eventfd with a deadline. A test that
 * needs a worker held inside the work function parks it on a gate (a
 * condvar the test opens).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "job.h"
#include "lexicon.h"
#include "pool.h"

#define NJOBS 10000
#define CAPACITY 64
#define DEADLINE_MS 60000 /* generous: ThreadSanitizer slows job_process a lot */

#define ARTICLE_FMT "{\"id\": \"art-%d\", \"text\": \"Germany criticized Russia and China.\"}"

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* poll(2) fd for POLLIN until deadline (CLOCK_MONOTONIC ms). @returns poll's answer: 1, 0, -1. */
static int
wait_readable_until(int fd, int64_t deadline)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	int64_t left;
	int r;

	do {
		left = deadline - now_ms();
		r = poll(&pfd, 1, left > 0 ? (int) left : 0);
	} while (r == -1 && errno == EINTR);
	return r;
}

static int
wait_readable(int fd, int timeout_ms)
{
	return wait_readable_until(fd, now_ms() + timeout_ms);
}

static struct job *
trivial_job(int64_t offset)
{
	struct job *job = job_new("x", 1, NULL, 0, 0, offset);

	assert_non_null(job);
	return job;
}

static struct job *
article_job(int64_t offset)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), ARTICLE_FMT, (int) offset);
	struct job *job;

	assert_true(n > 0 && (size_t) n < sizeof(buf));
	job = job_new(buf, (size_t) n, NULL, 0, 1, offset);
	assert_non_null(job);
	return job;
}

/*
 * Take completions until want jobs have come back, storing their offsets in
 * order into got[] (want entries) and freeing the jobs. Fails the test after
 * DEADLINE_MS, or if a job comes back that was not expected.
 */
static void
collect(struct pool *p, size_t want, int64_t *got)
{
	int64_t deadline = now_ms() + DEADLINE_MS;
	size_t n = 0;
	struct job *job, *next;

	while (n < want) {
		assert_int_equal(wait_readable_until(pool_fd(p), deadline), 1);
		for (job = pool_take_completed(p); job != NULL; job = next) {
			next = job->next;
			assert_ptr_equal(job_check(job), job);
			assert_true(n < want);
			got[n++] = job->offset;
			job_free(job);
		}
	}
}

/* ---------------------------------------------------------------- work functions */

/* Counts the runs of each job, by offset; each slot is written by one worker only. */
struct tally {
	int ran[NJOBS];
};

static void
tally_fn(void *arg, struct job *job)
{
	struct tally *t = arg;

	if (job->offset >= 0 && job->offset < NJOBS)
		t->ran[job->offset]++;
}

static void
extract_fn(void *arg, struct job *job)
{
	(void) job_process(job, arg, 0, 1);
}

/* A work function that parks each worker until the test opens the gate. */
struct gate {
	pthread_mutex_t mtx;
	pthread_cond_t cv; /* CLOCK_MONOTONIC; signalled on entry and on open */
	bool open;
	unsigned entered; /* calls of gate_fn so far */
};

static void
gate_init(struct gate *g)
{
	pthread_condattr_t attr;

	memset(g, 0, sizeof(*g));
	assert_int_equal(pthread_mutex_init(&g->mtx, NULL), 0);
	assert_int_equal(pthread_condattr_init(&attr), 0);
	assert_int_equal(pthread_condattr_setclock(&attr, CLOCK_MONOTONIC), 0);
	assert_int_equal(pthread_cond_init(&g->cv, &attr), 0);
	pthread_condattr_destroy(&attr);
}

static void
gate_destroy(struct gate *g)
{
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mtx);
}

static void
gate_fn(void *arg, struct job *job)
{
	struct gate *g = arg;

	(void) job;
	pthread_mutex_lock(&g->mtx);
	g->entered++;
	pthread_cond_broadcast(&g->cv);
	while (!g->open)
		pthread_cond_wait(&g->cv, &g->mtx);
	pthread_mutex_unlock(&g->mtx);
}

/* Wait until gate_fn has been entered n times in all. @returns false after the deadline. */
static bool
gate_wait_entered(struct gate *g, unsigned n)
{
	struct timespec ts;
	bool ok;
	int r = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += DEADLINE_MS / 1000;
	pthread_mutex_lock(&g->mtx);
	while (g->entered < n && r != ETIMEDOUT)
		r = pthread_cond_timedwait(&g->cv, &g->mtx, &ts);
	ok = g->entered >= n;
	pthread_mutex_unlock(&g->mtx);
	return ok;
}

static unsigned
gate_entered(struct gate *g)
{
	unsigned n;

	pthread_mutex_lock(&g->mtx);
	n = g->entered;
	pthread_mutex_unlock(&g->mtx);
	return n;
}

static void
gate_open(struct gate *g)
{
	pthread_mutex_lock(&g->mtx);
	g->open = true;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mtx);
}

/* ---------------------------------------------------------------- many jobs */

/*
 * Push NJOBS jobs through a pool of nthreads workers the way the main loop
 * does: submit while fewer than CAPACITY are pending (so a submit can never
 * find the queue full), then wait on the eventfd and take what finished.
 */
static void
run_many(unsigned nthreads, pool_fn fn, void *arg, bool articles, struct tally *t)
{
	unsigned char *seen = calloc(NJOBS, 1);
	struct pool *p = NULL;
	struct job *job, *next;
	int64_t deadline;
	size_t submitted = 0, taken = 0;
	char want_id[32];

	assert_non_null(seen);
	assert_int_equal(pool_new(nthreads, CAPACITY, fn, arg, &p), 0);
	assert_non_null(p);
	while (taken < NJOBS) {
		while (submitted < NJOBS && pool_pending(p) < CAPACITY) {
			job = articles ? article_job((int64_t) submitted)
				       : trivial_job((int64_t) submitted);
			assert_int_equal(pool_submit(p, job), 0);
			submitted++;
		}
		deadline = now_ms() + DEADLINE_MS;
		assert_int_equal(wait_readable_until(pool_fd(p), deadline), 1);
		for (job = pool_take_completed(p); job != NULL; job = next) {
			next = job->next;
			assert_ptr_equal(job_check(job), job);
			assert_true(job->offset >= 0 && job->offset < (int64_t) submitted);
			assert_int_equal(seen[job->offset], 0);
			seen[job->offset] = 1;
			/* One worker takes jobs in queue order, one after the other. */
			if (nthreads == 1)
				assert_int_equal(job->offset, (int64_t) taken);
			if (articles) {
				snprintf(want_id, sizeof(want_id), "art-%d", (int) job->offset);
				assert_int_equal(job->failed, 0);
				assert_string_equal(job->article_id, want_id);
				assert_int_equal(job->nrecords, 2);
			} else {
				assert_int_equal(t->ran[job->offset], 1);
			}
			job_free(job);
			taken++;
		}
		assert_int_equal(pool_pending(p), submitted - taken);
	}
	assert_int_equal(taken, NJOBS);
	for (size_t i = 0; i < NJOBS; i++)
		assert_int_equal(seen[i], 1);
	assert_null(pool_take_completed(p));
	assert_int_equal(pool_busy_ms(p), 0);
	pool_free(p);
	free(seen);
}

static void
run_tally(unsigned nthreads)
{
	struct tally *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	run_many(nthreads, tally_fn, t, false, t);
	free(t);
}

static void
run_articles(unsigned nthreads)
{
	struct lexicon *lx;
	const char *dir = getenv("NE_LEXICON");
	char err[256] = "";

	if (lexicon_load(dir != NULL ? dir : "build/lexicon", &lx, err, sizeof(err)) != 0)
		fail_msg("lexicon_load: %s", err);
	run_many(nthreads, extract_fn, lx, true, NULL);
	lexicon_unref(lx);
}

static void
test_pool_returns_every_job_once_with_one_worker_in_order(void **state)
{
	(void) state;
	run_tally(1);
}

static void
test_pool_returns_every_job_once_with_two_workers(void **state)
{
	(void) state;
	run_tally(2);
}

static void
test_pool_returns_every_job_once_with_four_workers(void **state)
{
	(void) state;
	run_tally(4);
}

static void
test_pool_extracts_every_article_once_with_one_worker(void **state)
{
	(void) state;
	run_articles(1);
}

static void
test_pool_extracts_every_article_once_with_two_workers(void **state)
{
	(void) state;
	run_articles(2);
}

static void
test_pool_extracts_every_article_once_with_four_workers(void **state)
{
	(void) state;
	run_articles(4);
}

/* ---------------------------------------------------------------- edges */

static void
test_pool_new_refuses_zero_threads_and_zero_capacity(void **state)
{
	struct pool *sentinel = (struct pool *) &sentinel, *p = sentinel;
	struct tally t;

	(void) state;
	assert_int_equal(pool_new(0, 4, tally_fn, &t, &p), -EINVAL);
	assert_ptr_equal(p, sentinel);
	assert_int_equal(pool_new(1, 0, tally_fn, &t, &p), -EINVAL);
	assert_ptr_equal(p, sentinel);
	pool_free(NULL);
}

static void
test_pool_is_quiet_before_any_work(void **state)
{
	struct tally *t = calloc(1, sizeof(*t));
	struct pool *p = NULL;

	(void) state;
	assert_non_null(t);
	assert_int_equal(pool_new(2, 4, tally_fn, t, &p), 0);
	assert_true(pool_fd(p) >= 0);
	assert_int_equal(wait_readable(pool_fd(p), 0), 0);
	assert_null(pool_take_completed(p));
	assert_int_equal(pool_pending(p), 0);
	assert_int_equal(pool_busy_ms(p), 0);
	pool_free(p);
	free(t);
}

static void
test_pool_submit_refuses_a_full_queue_and_a_stopped_pool(void **state)
{
	struct gate g;
	struct pool *p = NULL;
	struct job *extra;
	int64_t got[3];

	(void) state;
	gate_init(&g);
	assert_int_equal(pool_new(1, 2, gate_fn, &g, &p), 0);
	/* Job 0 holds the only worker, jobs 1 and 2 fill the two slots. */
	assert_int_equal(pool_submit(p, trivial_job(0)), 0);
	assert_true(gate_wait_entered(&g, 1));
	assert_int_equal(pool_submit(p, trivial_job(1)), 0);
	assert_int_equal(pool_submit(p, trivial_job(2)), 0);
	extra = trivial_job(3);
	assert_int_equal(pool_submit(p, extra), -EAGAIN);
	assert_int_equal(pool_pending(p), 3);

	gate_open(&g);
	collect(p, 3, got);
	assert_int_equal(got[0], 0);
	assert_int_equal(got[1], 1);
	assert_int_equal(got[2], 2);
	assert_int_equal(pool_pending(p), 0);

	pool_stop(p);
	assert_int_equal(pool_submit(p, extra), -EPIPE);
	assert_int_equal(pool_pending(p), 0);
	pool_stop(p);	 /* idempotent */
	job_free(extra); /* refused twice, so still ours */
	pool_free(p);
	gate_destroy(&g);
}

static void
test_pool_busy_ms_counts_while_a_worker_is_held(void **state)
{
	struct gate g;
	struct pool *p = NULL;
	int64_t got[1];

	(void) state;
	gate_init(&g);
	assert_int_equal(pool_new(2, 4, gate_fn, &g, &p), 0);
	assert_int_equal(pool_busy_ms(p), 0);
	assert_int_equal(pool_submit(p, trivial_job(7)), 0);
	assert_true(gate_wait_entered(&g, 1));
	assert_true(pool_busy_ms(p) >= 1);
	/* Nothing completes while the worker is held; poll's timeout is a lower bound. */
	assert_int_equal(wait_readable(pool_fd(p), 50), 0);
	assert_true(pool_busy_ms(p) >= 50);

	gate_open(&g);
	collect(p, 1, got);
	assert_int_equal(got[0], 7);
	/* The worker went idle before it handed the job back. */
	assert_int_equal(pool_busy_ms(p), 0);
	pool_free(p);
	gate_destroy(&g);
}

struct stopper {
	struct pool *p;
	pthread_t t;
};

static void *
stopper_main(void *arg)
{
	struct stopper *s = arg;

	pool_stop(s->p);
	return NULL;
}

static int
join_within_deadline(pthread_t t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts); /* pthread_timedjoin_np's clock */
	ts.tv_sec += DEADLINE_MS / 1000;
	return pthread_timedjoin_np(t, NULL, &ts);
}

static void
test_pool_stop_runs_the_jobs_still_queued(void **state)
{
	struct gate g;
	struct stopper s;
	struct pool *p = NULL;
	struct job *probe;
	int64_t got[5], deadline;
	int r;

	(void) state;
	gate_init(&g);
	assert_int_equal(pool_new(1, 4, gate_fn, &g, &p), 0);
	assert_int_equal(pool_submit(p, trivial_job(0)), 0);
	assert_true(gate_wait_entered(&g, 1));
	for (int i = 1; i <= 4; i++)
		assert_int_equal(pool_submit(p, trivial_job(i)), 0);

	/*
	 * Stop from another thread while the worker is held: pool_stop closes
	 * the queue and then waits in join. The queue is full, so a probe
	 * submit answers -EAGAIN until the close and -EPIPE after it.
	 */
	s.p = p;
	assert_int_equal(pthread_create(&s.t, NULL, stopper_main, &s), 0);
	probe = trivial_job(99);
	deadline = now_ms() + DEADLINE_MS;
	while ((r = pool_submit(p, probe)) == -EAGAIN && now_ms() < deadline)
		assert_int_equal(wait_readable(pool_fd(p), 1), 0); /* nothing completes meanwhile */
	assert_int_equal(r, -EPIPE);
	job_free(probe);
	assert_int_equal(gate_entered(&g), 1); /* the four are still queued */

	gate_open(&g);
	assert_int_equal(join_within_deadline(s.t), 0);
	/* Every queued job ran and is on the completion list, in order. */
	assert_int_equal(gate_entered(&g), 5);
	assert_int_equal(pool_pending(p), 5);
	collect(p, 5, got);
	for (int i = 0; i < 5; i++)
		assert_int_equal(got[i], i);
	assert_int_equal(pool_pending(p), 0);
	pool_free(p);
	gate_destroy(&g);
}

static void
test_pool_free_releases_jobs_never_taken(void **state)
{
	struct tally *t = calloc(1, sizeof(*t));
	struct pool *p = NULL;

	(void) state;
	assert_non_null(t);
	assert_int_equal(pool_new(2, 8, tally_fn, t, &p), 0);
	for (int i = 0; i < 6; i++)
		assert_int_equal(pool_submit(p, article_job(i)), 0);
	pool_stop(p);
	for (int i = 0; i < 6; i++)
		assert_int_equal(t->ran[i], 1);
	assert_int_equal(pool_pending(p), 6);
	assert_int_equal(wait_readable(pool_fd(p), 0), 1);
	/* The six jobs are freed here, or ASan reports a leak. */
	pool_free(p);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pool_new_refuses_zero_threads_and_zero_capacity),
	    cmocka_unit_test(test_pool_is_quiet_before_any_work),
	    cmocka_unit_test(test_pool_submit_refuses_a_full_queue_and_a_stopped_pool),
	    cmocka_unit_test(test_pool_busy_ms_counts_while_a_worker_is_held),
	    cmocka_unit_test(test_pool_stop_runs_the_jobs_still_queued),
	    cmocka_unit_test(test_pool_free_releases_jobs_never_taken),
	    cmocka_unit_test(test_pool_returns_every_job_once_with_one_worker_in_order),
	    cmocka_unit_test(test_pool_returns_every_job_once_with_two_workers),
	    cmocka_unit_test(test_pool_returns_every_job_once_with_four_workers),
	    cmocka_unit_test(test_pool_extracts_every_article_once_with_one_worker),
	    cmocka_unit_test(test_pool_extracts_every_article_once_with_two_workers),
	    cmocka_unit_test(test_pool_extracts_every_article_once_with_four_workers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
