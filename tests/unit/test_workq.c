/*
 * Unit tests for workers/workq.c: order, the three push failures, close
 * semantics with threads blocked on both sides, and a 4 x 4 thread stress
 * test that counts every item. Run it under ThreadSanitizer too:
 *   make SANITIZE=thread build/thread/tests/test_workq && build/thread/tests/test_workq
 *
 * Threads never call cmocka's assertions (they longjmp); they record what
 * happened and the test thread asserts after joining them. A test that
 * needs a thread to be blocked inside the queue waits, with a deadline,
 * until the kernel reports that thread as sleeping (/proc/self/task/TID/stat).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "workq.h"

#define DEADLINE_MS 5000 /* for anything that should happen at once */

static int items[8] = {10, 11, 12, 13, 14, 15, 16, 17};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The one-letter scheduler state of thread tid of this process, or 0. */
static char
thread_state(pid_t tid)
{
	char path[64], buf[512], *paren;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int) tid);
	if ((fp = fopen(path, "re")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* "tid (comm) S ...": comm may hold spaces and parentheses. */
	if ((paren = strrchr(buf, ')')) == NULL || paren[1] != ' ')
		return 0;
	return paren[2];
}

/* Wait until thread tid sleeps (blocked in a futex wait); false after the deadline. */
static bool
wait_until_sleeping(pid_t tid)
{
	const struct timespec tick = {0, 1000000};
	int64_t deadline = now_ms() + DEADLINE_MS;

	while (now_ms() < deadline) {
		if (thread_state(tid) == 'S')
			return true;
		nanosleep(&tick, NULL);
	}
	return false;
}

/* Join t, failing instead of hanging when it does not finish in time. */
static int
join_within_deadline(pthread_t t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts); /* pthread_timedjoin_np's clock */
	ts.tv_sec += DEADLINE_MS / 1000;
	return pthread_timedjoin_np(t, NULL, &ts);
}

/* One thread doing one blocking call on the queue. */
struct blocked {
	struct workq *q;
	sem_t started;
	pid_t tid;
	void *item; /* to push, or what pop returned */
	int result; /* what push returned */
};

static void *
popper_main(void *arg)
{
	struct blocked *b = arg;

	b->tid = gettid();
	sem_post(&b->started);
	b->item = workq_pop(b->q);
	return NULL;
}

static void *
pusher_main(void *arg)
{
	struct blocked *b = arg;

	b->tid = gettid();
	sem_post(&b->started);
	b->result = workq_push(b->q, b->item, -1);
	return NULL;
}

/* Start fn on b and return once that thread sleeps inside the queue. */
static void
start_blocked(pthread_t *t, struct blocked *b, struct workq *q, void *(*fn)(void *), void *item)
{
	b->q = q;
	b->item = item;
	b->result = 1;
	assert_int_equal(sem_init(&b->started, 0, 0), 0);
	assert_int_equal(pthread_create(t, NULL, fn, b), 0);
	assert_int_equal(sem_wait(&b->started), 0);
	assert_true(wait_until_sleeping(b->tid));
}

static void
fill(struct workq *q, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(workq_push(q, &items[i], 0), 0);
}

static void
test_workq_new_refuses_zero_capacity(void **state)
{
	(void) state;
	errno = 0;
	assert_null(workq_new(0));
	assert_int_equal(errno, EINVAL);
	workq_free(NULL); /* a no-op, and must not crash */
}

static void
test_workq_pops_items_in_fifo_order(void **state)
{
	struct workq *q = workq_new(3);

	(void) state;
	assert_non_null(q);
	assert_int_equal(workq_len(q), 0);
	fill(q, 3);
	assert_int_equal(workq_len(q), 3);
	assert_ptr_equal(workq_pop(q), &items[0]);
	assert_ptr_equal(workq_pop(q), &items[1]);
	/* The next two wrap around the end of the 3-slot ring. */
	assert_int_equal(workq_push(q, &items[3], 0), 0);
	assert_int_equal(workq_push(q, &items[4], 0), 0);
	assert_int_equal(workq_len(q), 3);
	assert_ptr_equal(workq_pop(q), &items[2]);
	assert_ptr_equal(workq_trypop(q), &items[3]);
	assert_ptr_equal(workq_pop(q), &items[4]);
	assert_int_equal(workq_len(q), 0);
	workq_free(q);
}

static void
test_workq_trypop_returns_null_on_an_empty_queue(void **state)
{
	struct workq *q = workq_new(2);

	(void) state;
	assert_null(workq_trypop(q));
	assert_int_equal(workq_push(q, &items[0], 0), 0);
	assert_ptr_equal(workq_trypop(q), &items[0]);
	assert_null(workq_trypop(q));
	workq_free(q);
}

static void
test_workq_push_to_a_full_queue_without_timeout_returns_eagain(void **state)
{
	struct workq *q = workq_new(2);

	(void) state;
	fill(q, 2);
	assert_int_equal(workq_push(q, &items[2], 0), -EAGAIN);
	assert_int_equal(workq_len(q), 2);
	/* The refused item is not in the queue. */
	assert_ptr_equal(workq_pop(q), &items[0]);
	assert_ptr_equal(workq_pop(q), &items[1]);
	assert_null(workq_trypop(q));
	workq_free(q);
}

static void
test_workq_push_to_a_full_queue_times_out_after_the_timeout(void **state)
{
	struct workq *q = workq_new(1);
	int64_t start, waited;

	(void) state;
	fill(q, 1);
	start = now_ms();
	assert_int_equal(workq_push(q, &items[1], 50), -ETIMEDOUT);
	waited = now_ms() - start;
	assert_true(waited >= 49); /* now_ms() truncates to whole ms */
	assert_true(waited < DEADLINE_MS);
	assert_int_equal(workq_len(q), 1);
	assert_ptr_equal(workq_pop(q), &items[0]);
	workq_free(q);
}

static void
test_workq_push_after_close_returns_epipe(void **state)
{
	struct workq *q = workq_new(4);

	(void) state;
	fill(q, 1);
	workq_close(q);
	/* There is room, but a closed queue takes nothing, whatever the timeout. */
	assert_int_equal(workq_push(q, &items[1], 0), -EPIPE);
	assert_int_equal(workq_push(q, &items[1], 10), -EPIPE);
	assert_int_equal(workq_push(q, &items[1], -1), -EPIPE);
	assert_int_equal(workq_len(q), 1);
	workq_free(q);
}

static void
test_workq_pop_drains_the_queue_after_close_then_returns_null(void **state)
{
	struct workq *q = workq_new(4);

	(void) state;
	fill(q, 3);
	workq_close(q);
	workq_close(q); /* idempotent */
	assert_ptr_equal(workq_pop(q), &items[0]);
	assert_ptr_equal(workq_pop(q), &items[1]);
	assert_ptr_equal(workq_pop(q), &items[2]);
	assert_null(workq_pop(q));
	assert_null(workq_pop(q));
	assert_null(workq_trypop(q));
	workq_free(q);
}

static void
test_workq_close_wakes_a_blocked_popper(void **state)
{
	struct workq *q = workq_new(2);
	struct blocked b;
	pthread_t t;

	(void) state;
	start_blocked(&t, &b, q, popper_main, &items[0]); /* item is overwritten */
	workq_close(q);
	assert_int_equal(join_within_deadline(t), 0);
	assert_null(b.item);
	sem_destroy(&b.started);
	workq_free(q);
}

static void
test_workq_close_wakes_a_blocked_pusher(void **state)
{
	struct workq *q = workq_new(1);
	struct blocked b;
	pthread_t t;

	(void) state;
	fill(q, 1);
	start_blocked(&t, &b, q, pusher_main, &items[1]);
	workq_close(q);
	assert_int_equal(join_within_deadline(t), 0);
	assert_int_equal(b.result, -EPIPE);
	assert_int_equal(workq_len(q), 1);
	assert_ptr_equal(workq_pop(q), &items[0]);
	assert_null(workq_pop(q));
	sem_destroy(&b.started);
	workq_free(q);
}

static void
test_workq_blocked_popper_gets_the_next_pushed_item(void **state)
{
	struct workq *q = workq_new(2);
	struct blocked b;
	pthread_t t;

	(void) state;
	start_blocked(&t, &b, q, popper_main, NULL);
	assert_int_equal(workq_push(q, &items[5], 0), 0);
	assert_int_equal(join_within_deadline(t), 0);
	assert_ptr_equal(b.item, &items[5]);
	assert_int_equal(workq_len(q), 0);
	sem_destroy(&b.started);
	workq_free(q);
}

static void
test_workq_blocked_pusher_gets_in_after_a_pop(void **state)
{
	struct workq *q = workq_new(2);
	struct blocked b;
	pthread_t t;

	(void) state;
	fill(q, 2);
	start_blocked(&t, &b, q, pusher_main, &items[2]);
	assert_ptr_equal(workq_pop(q), &items[0]);
	assert_int_equal(join_within_deadline(t), 0);
	assert_int_equal(b.result, 0);
	assert_ptr_equal(workq_pop(q), &items[1]);
	assert_ptr_equal(workq_pop(q), &items[2]);
	sem_destroy(&b.started);
	workq_free(q);
}

/*
 * Stress: NPROD producers push PER items each through a small queue to
 * NCONS consumers. Item values are 1..NPROD*PER, producer p sending
 * p*PER+1 .. (p+1)*PER in increasing order.
 */
#define NPROD 4
#define NCONS 4
#define PER 100000
#define NITEMS ((uintptr_t) NPROD * PER)

struct producer {
	struct workq *q;
	uintptr_t first;
	int failures; /* pushes that did not return 0 */
};

struct consumer {
	struct workq *q;
	unsigned char *seen; /* NITEMS + 1 counters, this consumer's own */
	uint64_t count, sum;
	uintptr_t last[NPROD]; /* last value seen from each producer */
	int out_of_order;
};

static void *
producer_main(void *arg)
{
	struct producer *p = arg;

	for (uintptr_t v = p->first; v < p->first + PER; v++)
		if (workq_push(p->q, (void *) v, -1) != 0)
			p->failures++;
	return NULL;
}

static void *
consumer_main(void *arg)
{
	struct consumer *c = arg;
	void *item;
	uintptr_t v;
	size_t from;

	while ((item = workq_pop(c->q)) != NULL) {
		v = (uintptr_t) item;
		c->count++;
		c->sum += v;
		if (v >= 1 && v <= NITEMS) {
			c->seen[v]++;
			/* A FIFO hands each producer's items to any one consumer in order. */
			from = (size_t) ((v - 1) / PER);
			if (v <= c->last[from])
				c->out_of_order++;
			c->last[from] = v;
		}
	}
	return NULL;
}

static void
test_workq_delivers_every_item_exactly_once_with_4_producers_and_4_consumers(void **state)
{
	struct workq *q = workq_new(64);
	struct producer prod[NPROD];
	struct consumer cons[NCONS];
	pthread_t pt[NPROD], ct[NCONS];
	uint64_t count = 0, sum = 0;
	size_t i, wrong = 0;
	unsigned times;

	(void) state;
	assert_non_null(q);
	memset(cons, 0, sizeof(cons));
	for (i = 0; i < NCONS; i++) {
		cons[i].q = q;
		assert_non_null(cons[i].seen = calloc(NITEMS + 1, 1));
		assert_int_equal(pthread_create(&ct[i], NULL, consumer_main, &cons[i]), 0);
	}
	for (i = 0; i < NPROD; i++) {
		prod[i] = (struct producer){.q = q, .first = 1 + (uintptr_t) i * PER};
		assert_int_equal(pthread_create(&pt[i], NULL, producer_main, &prod[i]), 0);
	}
	for (i = 0; i < NPROD; i++) {
		assert_int_equal(pthread_join(pt[i], NULL), 0);
		assert_int_equal(prod[i].failures, 0);
	}
	workq_close(q);
	for (i = 0; i < NCONS; i++) {
		assert_int_equal(pthread_join(ct[i], NULL), 0);
		assert_int_equal(cons[i].out_of_order, 0);
		count += cons[i].count;
		sum += cons[i].sum;
	}
	assert_int_equal(count, NITEMS);
	assert_int_equal(sum, (uint64_t) NITEMS * (NITEMS + 1) / 2);
	for (uintptr_t v = 1; v <= NITEMS; v++) {
		times = 0;
		for (i = 0; i < NCONS; i++)
			times += cons[i].seen[v];
		if (times != 1)
			wrong++;
	}
	assert_int_equal(wrong, 0);
	assert_int_equal(workq_len(q), 0);
	for (i = 0; i < NCONS; i++)
		free(cons[i].seen);
	workq_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_workq_new_refuses_zero_capacity),
	    cmocka_unit_test(test_workq_pops_items_in_fifo_order),
	    cmocka_unit_test(test_workq_trypop_returns_null_on_an_empty_queue),
	    cmocka_unit_test(test_workq_push_to_a_full_queue_without_timeout_returns_eagain),
	    cmocka_unit_test(test_workq_push_to_a_full_queue_times_out_after_the_timeout),
	    cmocka_unit_test(test_workq_push_after_close_returns_epipe),
	    cmocka_unit_test(test_workq_pop_drains_the_queue_after_close_then_returns_null),
	    cmocka_unit_test(test_workq_close_wakes_a_blocked_popper),
	    cmocka_unit_test(test_workq_close_wakes_a_blocked_pusher),
	    cmocka_unit_test(test_workq_blocked_popper_gets_the_next_pushed_item),
	    cmocka_unit_test(test_workq_blocked_pusher_gets_in_after_a_pop),
	    cmocka_unit_test(
		test_workq_delivers_every_item_exactly_once_with_4_producers_and_4_consumers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
