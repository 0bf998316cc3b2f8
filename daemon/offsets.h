/*
 * offsets: per-partition contiguous-completion tracker.
 *
 * Articles finish out of order; Kafka commits a single "next offset" per
 * partition, so offset N+1 may be stored only once every consumed offset
 * <= N of that partition is done. Only offsets actually consumed are tracked,
 * so holes in the log (compaction, transaction markers) never block it.
 * Invariant per partition: committed <= stored <= lowest offset in flight.
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
 * Record that offset was consumed and is now in flight. Offsets of a
 * partition must arrive in increasing order (Kafka's order).
 * @returns 0; -ENOENT if the partition is not tracked; -EINVAL if offset is
 * not greater than the last one begun; -ENOMEM.
 */
int offsets_begin(struct offsets *, int32_t partition, int64_t offset);

/*
 * Mark offset done. @returns the new storable offset for the partition (the
 * next offset to consume: last contiguous done + 1) if it advanced, -1 if it
 * did not, -2 if the partition or the offset is not tracked.
 */
int64_t offsets_complete(struct offsets *, int32_t partition, int64_t offset);

/* Offsets begun but not completed, in one partition or (partition -1) in all. */
size_t offsets_inflight(const struct offsets *, int32_t partition);

/* The storable offset of a partition (-1 if nothing completed yet). */
int64_t offsets_storable(const struct offsets *, int32_t partition);

/* The oldest in-flight offset of a partition, or -1 if none. */
int64_t offsets_oldest(const struct offsets *, int32_t partition);

/* Test helper: assert every invariant; aborts on violation. */
void offsets_check_invariants(const struct offsets *);

#endif /* NE_OFFSETS_H */
