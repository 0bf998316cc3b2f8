/*
 * pool: N worker threads around a bounded work queue, with a completion
 * list that the main loop drains when an eventfd becomes readable.
 *
 * The main loop submits jobs without blocking; each worker pops a job, runs
 * the work function on it, and appends it to the completion list, writing
 * the eventfd only on the empty -> non-empty transition (outside the lock).
 */
#ifndef NE_POOL_H
#define NE_POOL_H

#include <stddef.h>
#include <stdint.h>

struct job;
struct pool;

/* Runs on a worker thread; arg is the one given to pool_new(). Must not block indefinitely. */
typedef void	(*pool_fn)(void *arg, struct job *job);

/*
 * Start nthreads (>= 1) workers around a queue of capacity jobs.
 * @returns 0 and the pool in *ret, or -errno (*ret untouched).
 * @locality main thread.
 */
int		 pool_new(unsigned nthreads, size_t capacity, pool_fn fn, void *arg, struct pool **ret);

/*
 * Hand a job to the workers without waiting. @returns 0; -EAGAIN if the
 * queue is full (the caller bounds in-flight work below capacity, so this is
 * a bug there); -EPIPE after pool_stop().
 */
int		 pool_submit(struct pool *, struct job *);

/* The eventfd to poll for POLLIN: completions are waiting. */
int		 pool_fd(const struct pool *);

/*
 * Take every completed job, oldest first, as a list linked through
 * job->next (NULL if none), and reset the eventfd.
 */
struct job	*pool_take_completed(struct pool *);

/* Milliseconds the longest-running current job has been in a worker (0 if all idle). */
uint64_t	 pool_busy_ms(struct pool *);

/* Jobs submitted and not yet taken back through pool_take_completed(). */
size_t		 pool_pending(struct pool *);

/*
 * Close the queue, let the workers finish what is queued, and join them.
 * Completed jobs stay on the completion list for pool_take_completed().
 */
void		 pool_stop(struct pool *);
void		 pool_free(struct pool *);	/* stops if needed; NULL-safe; frees jobs left */

#endif /* NE_POOL_H */
