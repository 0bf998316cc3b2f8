/*
 * workq: a bounded multi-producer, multi-consumer queue of opaque items.
 *
 * The hand-over point between the daemon's main loop and the worker
 * threads. Bounded so that memory stays flat whatever the backlog; close()
 * wakes every waiter for shutdown. Items are borrowed pointers: the queue
 * never frees them.
 */
#ifndef NE_WORKQ_H
#define NE_WORKQ_H

#include <stddef.h>

struct workq;	/* opaque */

/* @returns new queue holding at most capacity (>= 1) items, or NULL on ENOMEM. */
struct workq	*workq_new(size_t capacity);
/* Free the queue (items still in it are not touched). NULL is a no-op. No waiter may remain. */
void		 workq_free(struct workq *);

/*
 * Append item (not NULL). timeout_ms: 0 = do not wait, < 0 = wait forever,
 * > 0 = wait at most that long for room.
 * @returns 0; -EAGAIN if full (timeout 0) ; -ETIMEDOUT; -EPIPE once closed.
 * @locality any thread
 */
int		 workq_push(struct workq *, void *item, int timeout_ms);

/*
 * Take the oldest item, waiting while the queue is empty and open.
 * @returns the item, or NULL once the queue is closed and empty.
 * @locality any thread
 */
void		*workq_pop(struct workq *);

/* Non-blocking pop. @returns the item, or NULL when empty. */
void		*workq_trypop(struct workq *);

/* Refuse further pushes and wake every waiter; pops drain what is left. Idempotent. */
void		 workq_close(struct workq *);

/* @returns the number of items queued now (a snapshot). */
size_t		 workq_len(struct workq *);

#endif /* NE_WORKQ_H */
