/*
 * workq: the bounded queue between the main loop and the worker threads.
 *
 * The main loop pushes jobs (usually with timeout 0, because it must never
 * block: it pauses the Kafka partitions before the queue can fill), and N
 * workers pop them, blocking while there is nothing to do. At shutdown the
 * main loop closes the queue; workers drain what is left and then see NULL,
 * which is their signal to exit.
 *
 * DESIGN
 *
 * A ring buffer of capacity void pointers, one mutex and two condition
 * variables: not_empty (poppers wait on it) and not_full (pushers wait on
 * it). Every state change happens under the mutex, and the matching
 * condvar is signalled before the mutex is released: a push signals
 * not_empty once, a pop signals not_full once, and close broadcasts both.
 * One signal per item is enough because a woken thread always re-checks the
 * state under the lock and takes the item or the free slot if it is there,
 * even when its timed wait reported ETIMEDOUT at the same moment, so a
 * wake-up is never thrown away while someone else is still waiting for it.
 * Timed waits run on CLOCK_MONOTONIC (pthread_condattr_setclock), so a
 * change of the wall clock neither shortens nor stretches a push timeout.
 *
 * Invariants, true whenever the mutex is free:
 *   - 0 <= len <= cap and head < cap;
 *   - the queued items are ring[(head + i) % cap] for 0 <= i < len, oldest
 *     first, and none of them is NULL (NULL is pop's "closed" answer);
 *   - closed never goes from true back to false, and once it is true no
 *     item is ever added, so len only falls.
 * The queue borrows items; it never frees or dereferences them.
 */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "workq.h"

struct workq {
	pthread_mutex_t mtx;
	pthread_cond_t not_empty; /* signalled on push and on close */
	pthread_cond_t not_full;  /* signalled on pop and on close */
	void **ring;		  /* cap slots; owned; the items are borrowed */
	size_t cap;
	size_t head; /* index of the oldest item */
	size_t len;
	bool closed;
	/* The fields below record what workq_new() managed to initialise. */
	bool have_mtx, have_not_empty, have_not_full;
};

/*
 * pthread mutex and condvar calls on a live, correctly used object only fail
 * on programmer error (EINVAL, EDEADLK...), so those results are asserted
 * rather than returned.
 */
static void
q_lock(struct workq *q)
{
	int r = pthread_mutex_lock(&q->mtx);

	assert(r == 0);
	(void) r;
}

static void
q_unlock(struct workq *q)
{
	int r = pthread_mutex_unlock(&q->mtx);

	assert(r == 0);
	(void) r;
}

static void
q_check(const struct workq *q)
{
	assert(q->len <= q->cap);
	assert(q->head < q->cap);
	(void) q;
}

/* Remove and return the oldest item, waking one pusher. @locks q->mtx held, q->len > 0. */
static void *
q_take(struct workq *q)
{
	void *item = q->ring[q->head];

	assert(item != NULL);
	q->ring[q->head] = NULL;
	q->head = (q->head + 1) % q->cap;
	q->len--;
	(void) pthread_cond_signal(&q->not_full);
	q_check(q);
	return item;
}

/* The absolute CLOCK_MONOTONIC time timeout_ms (> 0) from now. */
static struct timespec
deadline_after(int timeout_ms)
{
	struct timespec ts;

	(void) clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long) (timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

/* A condvar whose timed waits use CLOCK_MONOTONIC. @returns 0 or -errno. */
static int
cond_init_monotonic(pthread_cond_t *cv)
{
	pthread_condattr_t attr;
	int r;

	if ((r = pthread_condattr_init(&attr)) != 0)
		return -r;
	r = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (r == 0)
		r = pthread_cond_init(cv, &attr);
	(void) pthread_condattr_destroy(&attr);
	return -r;
}

/*
 * Create a queue. A capacity of 0 is refused with errno EINVAL.
 * @returns new queue (free with workq_free), or NULL with errno set.
 * @locality any thread
 */
struct workq *
workq_new(size_t capacity)
{
	struct workq *q;
	int r;

	if (capacity == 0) {
		errno = EINVAL;
		return NULL;
	}
	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->cap = capacity;
	if ((q->ring = calloc(capacity, sizeof(*q->ring))) == NULL) {
		r = -ENOMEM;
		goto fail;
	}
	if ((r = -pthread_mutex_init(&q->mtx, NULL)) != 0)
		goto fail;
	q->have_mtx = true;
	if ((r = cond_init_monotonic(&q->not_empty)) != 0)
		goto fail;
	q->have_not_empty = true;
	if ((r = cond_init_monotonic(&q->not_full)) != 0)
		goto fail;
	q->have_not_full = true;
	return q;
fail:
	workq_free(q);
	errno = -r;
	return NULL;
}

/*
 * Copes with a half-built queue from workq_new(). No thread may still be
 * waiting in, or about to call, push or pop.
 * @locality any thread, once every other user is done
 */
void
workq_free(struct workq *q)
{
	if (q == NULL)
		return;
	if (q->have_not_full)
		(void) pthread_cond_destroy(&q->not_full);
	if (q->have_not_empty)
		(void) pthread_cond_destroy(&q->not_empty);
	if (q->have_mtx)
		(void) pthread_mutex_destroy(&q->mtx);
	free(q->ring);
	free(q);
}

/*
 * Append item at the tail. item is borrowed: the queue only stores the
 * pointer, and the popper decides what happens to it.
 * @returns 0; -EAGAIN when full and timeout_ms is 0; -ETIMEDOUT when still
 * full after timeout_ms > 0; -EPIPE once the queue is closed (even with room).
 * @locality any thread
 * @locks takes q->mtx; may wait on not_full
 */
int
workq_push(struct workq *q, void *item, int timeout_ms)
{
	struct timespec deadline = {0, 0};
	int r = 0, w;

	assert(item != NULL);
	if (timeout_ms > 0)
		deadline = deadline_after(timeout_ms);
	q_lock(q);
	for (;;) {
		if (q->closed) {
			r = -EPIPE;
			goto out;
		}
		if (q->len < q->cap)
			break;
		if (timeout_ms == 0) {
			r = -EAGAIN;
			goto out;
		}
		if (timeout_ms < 0)
			w = pthread_cond_wait(&q->not_full, &q->mtx);
		else
			w = pthread_cond_timedwait(&q->not_full, &q->mtx, &deadline);
		assert(w == 0 || w == ETIMEDOUT);
		/* Room or close may have come with the timeout: look once more. */
		if (w == ETIMEDOUT && !q->closed && q->len == q->cap) {
			r = -ETIMEDOUT;
			goto out;
		}
	}
	q->ring[(q->head + q->len) % q->cap] = item;
	q->len++;
	(void) pthread_cond_signal(&q->not_empty);
	q_check(q);
out:
	q_unlock(q);
	return r;
}

/*
 * Remove the oldest item, waiting while the queue is empty and open.
 * @returns the item (ownership as agreed with the pusher), or NULL once the
 * queue is closed and empty.
 * @locality any thread
 * @locks takes q->mtx; may wait on not_empty
 */
void *
workq_pop(struct workq *q)
{
	void *item = NULL;
	int w;

	q_lock(q);
	while (q->len == 0 && !q->closed) {
		w = pthread_cond_wait(&q->not_empty, &q->mtx);
		assert(w == 0);
		(void) w;
	}
	if (q->len > 0)
		item = q_take(q);
	q_unlock(q);
	return item;
}

/*
 * @returns the oldest item, or NULL when the queue is empty (open or closed).
 * @locality any thread
 * @locks takes q->mtx; never waits for items
 */
void *
workq_trypop(struct workq *q)
{
	void *item = NULL;

	q_lock(q);
	if (q->len > 0)
		item = q_take(q);
	q_unlock(q);
	return item;
}

/*
 * Refuse further pushes and wake every waiting pusher (-EPIPE) and popper
 * (which drains, then gets NULL). Calling it again changes nothing.
 * @locality any thread
 * @locks takes q->mtx
 */
void
workq_close(struct workq *q)
{
	q_lock(q);
	q->closed = true;
	(void) pthread_cond_broadcast(&q->not_empty);
	(void) pthread_cond_broadcast(&q->not_full);
	q_unlock(q);
}

/*
 * @returns the number of queued items at the moment of the call; it may
 * change as soon as the lock is released.
 * @locality any thread
 * @locks takes q->mtx
 */
size_t
workq_len(struct workq *q)
{
	size_t len;

	q_lock(q);
	len = q->len;
	q_unlock(q);
	return len;
}
