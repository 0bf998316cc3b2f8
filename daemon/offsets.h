/*
 * offsets: per-partition contiguous-completion tracker.
 *
 * Articles finish out of order; Kafka commits a single "next offset" per
 * partition, so offset N+1 may be stored only once every consumed offset
 * <= N of that partition is done. Only offsets actually consumed are tracked,
 * so holes in the log (compaction, transaction markers) never block it.
 * Invariant per partition: committed <= stored <= lowest offset in flight.
 * It also holds the rest of the loop's per-partition state: the offset
 * expected next and a pending rewind.
 *
 * @locality main thread only; no locks.
 */
#ifndef NE_OFFSETS_H
#define NE_OFFSETS_H

#include <stddef.h>
#include <stdint.h>

struct offsets;

struct offsets *offsets_new(void);   /* NULL on ENOMEM */
void offsets_free(struct offsets *); /* NULL-safe */

/* Start tracking a partition (on assignment). Idempotent. @returns 0 or -ENOMEM. */
int offsets_add_partition(struct offsets *, int32_t partition);
/* Stop tracking a partition and forget its in-flight offsets (revoked or lost). */
void offsets_remove_partition(struct offsets *, int32_t partition);
/* @returns 1 if the partition is tracked. */
int offsets_has_partition(const struct offsets *, int32_t partition);

/*
 * Record that offset was consumed at time t (any unit; handed back when it
 * becomes storable) and is now in flight. Offsets of a partition must
 * arrive in increasing order (Kafka's order). The offset expected next
 * becomes offset + 1.
 * @returns 0; -ENOENT if the partition is not tracked; -EINVAL if offset is
 * not greater than the last one begun; -ENOMEM.
 */
int offsets_begin(struct offsets *, int32_t partition, int64_t offset, uint64_t t);

/* Called for each offset that becomes storable, with the time it was begun at. */
typedef void (*offsets_stored_fn)(void *arg, int64_t offset, uint64_t t);

/*
 * Mark offset done; fn (may be NULL) hears of every offset this makes
 * storable. @returns the new storable offset for the partition (the next
 * offset to consume: last contiguous done + 1) if it advanced, -1 if it did
 * not, -2 if the partition or the offset is not tracked.
 */
int64_t offsets_complete(struct offsets *, int32_t partition, int64_t offset, offsets_stored_fn fn,
			 void *arg);

/*
 * The offset the consumer should deliver next: set from the committed
 * offset at assignment, then one past each offset begun; -1 if unknown
 * (or the partition is not tracked). A message beyond it means offsets
 * were skipped.
 */
void offsets_set_expected(struct offsets *, int32_t partition, int64_t next);
int64_t offsets_expected(const struct offsets *, int32_t partition);

/*
 * The partition was rewound to offset (never begun) because there was no
 * room for it: until offset comes again, offsets_admit() refuses the
 * partition's other messages, which were fetched before the rewind.
 */
void offsets_rewind(struct offsets *, int32_t partition, int64_t offset);
/* @returns 1 if a message at offset may be taken now, else 0. */
int offsets_admit(struct offsets *, int32_t partition, int64_t offset);

/* Offsets begun but not completed, in one partition or (partition -1) in all. */
size_t offsets_inflight(const struct offsets *, int32_t partition);

/* The storable offset of a partition (-1 if nothing completed yet). */
int64_t offsets_storable(const struct offsets *, int32_t partition);

/* The oldest in-flight offset of a partition, or -1 if none. */
int64_t offsets_oldest(const struct offsets *, int32_t partition);

/* Test helper: assert every invariant; aborts on violation. */
void offsets_check_invariants(const struct offsets *);

#endif /* NE_OFFSETS_H */
