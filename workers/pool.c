/*
 * pool: the worker threads, and the way finished work gets back to the main
 * loop.
 *
 * The main loop submits jobs into a bounded work queue without ever
 * waiting. N worker threads pop them, run the pool's work function on each
 * (job_process, in the daemon) and append the job to a completion list. The
 * main loop polls the pool's eventfd next to its other descriptors; when it
 * is readable, pool_take_completed() hands back every finished job at once,
 * oldest first. Shutdown closes the queue: the workers finish what is still
 * queued, see the queue's NULL and exit, and are joined.
 *
 * DESIGN
 *
 * Ownership. A job is owned by exactly one thread at a time and changes
 * hands only at three points: pool_submit() (main -> queue), workq_pop()
 * (queue -> one worker) and pool_take_completed() (completion list -> main).
 * While a job is queued or on the completion list nobody touches it but the
 * list code under its lock. The magic is checked at each hand-over.
 *
 * Wake-ups. The completion list is a singly linked FIFO (head, tail, count)
 * under p->mtx. A worker writes the eventfd only when its append turned the
 * list from empty into non-empty, and it writes after releasing the lock, so
 * the main loop never waits on a worker holding the lock for a system call.
 * pool_take_completed() reads (resets) the eventfd BEFORE it takes the list:
 * every job appended before the swap goes out in this batch, and the first
 * job appended after the swap finds the list empty and writes the eventfd
 * again, so a non-empty list always has a readable eventfd. (Resetting after
 * the swap would lose the write of a worker that appended in between.) The
 * only cost is an occasional spurious wake-up that finds an empty list.
 *
 * Invariants, whenever p->mtx is free:
 *   - done_head == NULL iff done_tail == NULL iff ndone == 0, and the list
 *     from done_head has ndone jobs, done_tail->next == NULL;
 *   - the list is non-empty only if the eventfd is readable or a worker is
 *     about to write it (between its unlock and its write);
 *   - ndone <= pending: every listed job was submitted and not yet taken.
 * pending, stopped and the thread handles belong to the main thread.
 *
 * Busy time. Each worker publishes the CLOCK_MONOTONIC start of its current
 * job in an atomic (0 = idle), cleared before the job is appended, so a job
 * that the main loop has taken back never counts as running. The watchdog
 * reads the maximum age through pool_busy_ms() without taking any lock.
 *
 * No signal is blocked here: the daemon blocks its signals before it creates
 * the pool, and the workers inherit that mask.
 */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "job.h"
#include "pool.h"
#include "workq.h"

struct worker {
	struct pool *pool;
	pthread_t tid;
	/* Written by this worker, read by any thread: CLOCK_MONOTONIC ns, 0 when idle. */
	_Atomic uint64_t busy_since_ns;
};

struct pool {
	struct workq *q;
	pool_fn fn;
	void *fn_arg;
	int efd; /* eventfd: readable while completions may be waiting */

	pthread_mutex_t mtx;   /* guards the three fields below */
	struct job *done_head; /* oldest completed job */
	struct job *done_tail; /* newest; its next is NULL */
	size_t ndone;

	/* Main thread only. */
	size_t pending;		/* submitted and not yet taken */
	struct worker *workers; /* nthreads slots, nstarted of them running or joined */
	unsigned nthreads;
	unsigned nstarted;
	bool stopped;
	bool have_mtx; /* for pool_free on a half-built pool */
};

/* Never 0, so that 0 can mean "idle". */
static uint64_t
now_ns(void)
{
	struct timespec ts;
	uint64_t ns;

	(void) clock_gettime(CLOCK_MONOTONIC, &ts);
	ns = (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
	return ns != 0 ? ns : 1;
}

/* Mutex calls on a live pool fail only on programmer error, so they are asserted. */
static void
pool_lock(struct pool *p)
{
	int r = pthread_mutex_lock(&p->mtx);

	assert(r == 0);
	(void) r;
}

static void
pool_unlock(struct pool *p)
{
	int r = pthread_mutex_unlock(&p->mtx);

	assert(r == 0);
	(void) r;
}

/* @locks p->mtx held */
static void
pool_check_locked(const struct pool *p)
{
	assert((p->done_head == NULL) == (p->done_tail == NULL));
	assert((p->done_head == NULL) == (p->ndone == 0));
	assert(p->done_tail == NULL || p->done_tail->next == NULL);
	(void) p;
}

/*
 * Append a finished job to the completion list and wake the main loop if
 * the list was empty. Takes the job.
 * @locality worker thread
 * @locks takes p->mtx; writes the eventfd after releasing it
 */
static void
pool_complete(struct pool *p, struct job *job)
{
	const uint64_t one = 1;
	bool was_empty;
	ssize_t n;

	job->next = NULL;
	pool_lock(p);
	was_empty = p->done_head == NULL;
	if (was_empty)
		p->done_head = job;
	else
		p->done_tail->next = job;
	p->done_tail = job;
	p->ndone++;
	pool_check_locked(p);
	pool_unlock(p);

	if (was_empty) {
		/*
		 * A non-blocking eventfd write fails only when the counter would
		 * overflow, and one write per empty -> non-empty transition keeps
		 * it tiny.
		 */
		n = write(p->efd, &one, sizeof(one));
		assert(n == (ssize_t) sizeof(one));
		(void) n;
	}
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	struct job *job;
	void *item;

	while ((item = workq_pop(p->q)) != NULL) {
		job = job_check(item);
		atomic_store_explicit(&w->busy_since_ns, now_ns(), memory_order_relaxed);
		p->fn(p->fn_arg, job);
		atomic_store_explicit(&w->busy_since_ns, 0, memory_order_relaxed);
		pool_complete(p, job_check(job));
	}
	return NULL;
}

/*
 * Start nthreads (>= 1) workers that call fn(arg, job) for every submitted
 * job, around a work queue holding at most capacity (>= 1) jobs. fn and arg
 * are borrowed until pool_stop() returns; fn runs on the workers, any
 * number of them at once. Signals are not touched: block them before.
 * @returns 0 and a new pool (free with pool_free) in *ret; -EINVAL for zero
 * threads or capacity; -ENOMEM, -EMFILE... or the error of pthread_create
 * (as -errno), with *ret untouched and no thread left running.
 * @locality main thread
 */
int
pool_new(unsigned nthreads, size_t capacity, pool_fn fn, void *arg, struct pool **ret)
{
	struct pool *p;
	char name[32]; /* the kernel keeps 15 bytes; a longer name is simply not set */
	int r;

	assert(ret != NULL);
	if (nthreads == 0 || capacity == 0 || fn == NULL)
		return -EINVAL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return -ENOMEM;
	p->efd = -1;
	p->fn = fn;
	p->fn_arg = arg;
	if ((p->q = workq_new(capacity)) == NULL) {
		r = -errno;
		goto fail;
	}
	if ((r = -pthread_mutex_init(&p->mtx, NULL)) != 0)
		goto fail;
	p->have_mtx = true;
	if ((p->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) == -1) {
		r = -errno;
		goto fail;
	}
	if ((p->workers = calloc(nthreads, sizeof(*p->workers))) == NULL) {
		r = -ENOMEM;
		goto fail;
	}
	p->nthreads = nthreads;
	for (unsigned i = 0; i < nthreads; i++) {
		struct worker *w = &p->workers[i];

		w->pool = p;
		atomic_init(&w->busy_since_ns, 0);
		if ((r = -pthread_create(&w->tid, NULL, worker_main, w)) != 0)
			goto fail;
		p->nstarted++;
		/* Only a name for top(1) and gdb; a failure changes nothing else. */
		(void) snprintf(name, sizeof(name), "ne-worker-%u", i);
		(void) pthread_setname_np(w->tid, name);
	}
	*ret = p;
	return 0;
fail:
	pool_free(p); /* closes the queue and joins the threads started so far */
	return r;
}

/*
 * Queue job for the workers. On success the pool owns the job until
 * pool_take_completed() returns it; on failure the caller still owns it.
 * @returns 0; -EAGAIN if the queue is full (never waits); -EPIPE after
 * pool_stop().
 * @locality main thread
 * @locks takes the queue's lock, never p->mtx
 */
int
pool_submit(struct pool *p, struct job *job)
{
	int r;

	(void) job_check(job);
	if ((r = workq_push(p->q, job, 0)) == 0)
		p->pending++;
	return r;
}

/*
 * @returns the eventfd to poll for POLLIN, owned by the pool (do not close
 * or read it). @locality any thread
 */
int
pool_fd(const struct pool *p)
{
	return p->efd;
}

/*
 * Take every completed job, oldest first, linked through job->next and
 * NULL-terminated; the caller owns them (job_free). The eventfd is reset
 * first, so it becomes readable again as soon as another job completes.
 * @returns the oldest job, or NULL if none has completed (a spurious wake-up
 * is possible and harmless).
 * @locality main thread
 * @locks takes p->mtx
 */
struct job *
pool_take_completed(struct pool *p)
{
	struct job *head;
	uint64_t count;
	size_t n;
	ssize_t rd;

	/* Reset before taking: see DESIGN. EAGAIN means nothing was signalled. */
	rd = read(p->efd, &count, sizeof(count));
	assert(rd == (ssize_t) sizeof(count) || (rd == -1 && errno == EAGAIN));
	(void) rd;

	pool_lock(p);
	head = p->done_head;
	n = p->ndone;
	p->done_head = p->done_tail = NULL;
	p->ndone = 0;
	pool_check_locked(p);
	pool_unlock(p);

	assert(n <= p->pending);
	p->pending -= n;
	return head;
}

/*
 * The age of the oldest job now inside the work function, rounded up to a
 * whole millisecond, so any running job gives at least 1.
 * @returns milliseconds, or 0 when every worker is idle.
 * @locality any thread
 * @locks none (atomics)
 */
uint64_t
pool_busy_ms(struct pool *p)
{
	uint64_t now = now_ns(), oldest = 0, since, age;
	bool busy = false;

	for (unsigned i = 0; i < p->nstarted; i++) {
		since = atomic_load_explicit(&p->workers[i].busy_since_ns, memory_order_relaxed);
		if (since == 0)
			continue;
		busy = true;
		/* A start published after our clock read counts as just begun. */
		age = now > since ? now - since : 0;
		if (age > oldest)
			oldest = age;
	}
	if (!busy)
		return 0;
	return oldest == 0 ? 1 : (oldest + 999999) / 1000000;
}

/*
 * @returns the number of jobs submitted and not yet taken back: queued,
 * being worked on, or waiting on the completion list.
 * @locality main thread
 */
size_t
pool_pending(struct pool *p)
{
	return p->pending;
}

/*
 * Refuse further submissions, let the workers finish every job already
 * queued, and join them. Completed jobs stay for pool_take_completed().
 * Calling it again does nothing. Waits as long as the work function takes.
 * @locality main thread
 */
void
pool_stop(struct pool *p)
{
	int r;

	if (p->stopped)
		return;
	if (p->q != NULL)
		workq_close(p->q);
	for (unsigned i = 0; i < p->nstarted; i++) {
		r = pthread_join(p->workers[i].tid, NULL);
		assert(r == 0);
		(void) r;
	}
	p->stopped = true;
}

/*
 * Stop the pool if needed, free the jobs still on the completion list, and
 * free the pool. Copes with a half-built pool from pool_new(). NULL-safe.
 * @locality main thread
 */
void
pool_free(struct pool *p)
{
	struct job *job, *next;

	if (p == NULL)
		return;
	pool_stop(p);
	/* The workers drained the queue before exiting, so only completions are left. */
	assert(p->q == NULL || p->nstarted == 0 || workq_len(p->q) == 0);
	for (job = p->done_head; job != NULL; job = next) {
		next = job->next;
		job_free(job);
	}
	if (p->efd != -1)
		(void) close(p->efd);
	if (p->have_mtx)
		(void) pthread_mutex_destroy(&p->mtx);
	workq_free(p->q);
	free(p->workers);
	free(p);
}
