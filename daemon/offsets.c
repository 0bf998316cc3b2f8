/*
 * offsets: which offset of each partition may be stored for commit.
 *
 * The consumer hands articles to the workers in offset order, but they come
 * back (all records delivered, or dead-lettered) in any order. Kafka keeps a
 * single "next offset to consume" per partition, so storing N+1 claims that
 * everything up to N is finished. This module remembers, per partition, the
 * offsets that were consumed and are not yet finished, and answers with the
 * highest offset that can be stored without skipping an unfinished article.
 * Only consumed offsets are tracked, so holes in the log (compacted records,
 * transaction markers) are simply never waited for.
 *
 * It also keeps the rest of what the loop knows per partition, so that
 * partition state lives in one place: the offset the consumer should
 * deliver next (to notice offsets skipped by a reset), and the offset the
 * partition was rewound to when the work queue was full.
 *
 * DESIGN
 *
 * Partitions live in an array sorted by partition id and are found by binary
 * search: an assignment holds tens to hundreds of partitions and changes
 * only at a rebalance, so insertion by memmove is cheap enough and lookups
 * stay O(log P) without a hash function to get wrong.
 *
 * Each partition has a ring buffer (a deque) of slots { offset, done } in
 * consume order. offsets_begin() appends at the tail. offsets_complete()
 * finds the slot by binary search over the ring (offsets are strictly
 * increasing), marks it done, and if it was the head pops every done slot
 * from the front; the storable offset becomes the last popped offset + 1.
 * Each slot is pushed once and popped once, so a completion costs amortised
 * O(log n) for n offsets in flight. The ring doubles when full and halves
 * when a quarter full (down to a minimum), so memory follows the number of
 * offsets in flight, not the number ever consumed.
 *
 * Invariants, per partition (offsets_check_invariants() asserts them all):
 *   - cap is 0 or a power of two >= RING_MIN; len <= cap; head < cap when
 *     cap > 0; the slots are ring[(head + i) & (cap - 1)] for 0 <= i < len;
 *   - slot offsets strictly increase from head to tail, and the tail slot
 *     holds last_begun;
 *   - the head slot is never done (done prefixes are popped at once), so
 *     the oldest offset in flight is the head's;
 *   - ndone counts the done slots in the ring, and len - ndone is the
 *     partition's in-flight count; the sum over partitions is o->inflight;
 *   - -1 <= storable <= head offset when len > 0, and
 *     storable <= last_begun + 1 always (storable never passes an
 *     unfinished offset: committed <= stored <= lowest in flight);
 *   - a rewind is to an offset never begun: rewound is -1 or > last_begun.
 * Partition ids in the array are strictly increasing.
 */
#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "offsets.h"

#define RING_MIN 16 /* slots allocated for a partition's first offset */
#define PARTS_MIN 8

struct slot {
	int64_t offset;
	bool done;
	uint64_t t; /* the time given to offsets_begin() */
};

struct part {
	int32_t id;
	struct slot *ring;  /* cap slots; owned */
	size_t cap;	    /* 0 or a power of two */
	size_t head;	    /* index of the oldest slot */
	size_t len;	    /* slots in use */
	size_t ndone;	    /* slots in use that are done */
	int64_t last_begun; /* -1 before the first offsets_begin() */
	int64_t storable;   /* -1 before the first contiguous completion */
	int64_t expected;   /* the next offset the consumer should deliver, -1 if unknown */
	int64_t rewound;    /* rewound to this offset: refuse others until it comes, -1 if not */
};

/* @locality main thread only, like everything that touches it. */
struct offsets {
	struct part *parts; /* nparts used of capparts; owned; sorted by id */
	size_t nparts;
	size_t capparts;
	size_t inflight; /* sum of (len - ndone) over all partitions */
};

static struct slot *
slot_at(const struct part *p, size_t i)
{
	return &p->ring[(p->head + i) & (p->cap - 1)];
}

/*
 * Binary search for partition id. @returns 1 and its index in *ret_idx if
 * tracked, else 0 and the index where it would be inserted.
 */
static int
part_find(const struct offsets *o, int32_t id, size_t *ret_idx)
{
	size_t lo = 0, hi = o->nparts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->parts[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	*ret_idx = lo;
	return lo < o->nparts && o->parts[lo].id == id;
}

static struct part *
part_get(const struct offsets *o, int32_t id)
{
	size_t i;

	return part_find(o, id, &i) ? &o->parts[i] : NULL;
}

/* Move the live slots into a new ring of newcap slots, head first. @returns 0 or -ENOMEM. */
static int
ring_resize(struct part *p, size_t newcap)
{
	struct slot *n;
	size_t i;

	assert(newcap >= p->len && (newcap & (newcap - 1)) == 0);
	if ((n = calloc(newcap, sizeof(*n))) == NULL)
		return -ENOMEM;
	for (i = 0; i < p->len; i++)
		n[i] = *slot_at(p, i);
	free(p->ring);
	p->ring = n;
	p->cap = newcap;
	p->head = 0;
	return 0;
}

/*
 * Binary search the ring for offset. @returns 1 and its logical index
 * (0 = head) in *ret_i if present.
 */
static int
ring_find(const struct part *p, int64_t offset, size_t *ret_i)
{
	size_t lo = 0, hi = p->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int64_t v = slot_at(p, mid)->offset;

		if (v == offset) {
			*ret_i = mid;
			return 1;
		}
		if (v < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/*
 * @returns new tracker, freed with offsets_free(), or NULL on ENOMEM.
 * @locality main thread
 */
struct offsets *
offsets_new(void)
{
	return calloc(1, sizeof(struct offsets));
}

/* @locality main thread */
void
offsets_free(struct offsets *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->nparts; i++)
		free(o->parts[i].ring);
	free(o->parts);
	free(o);
}

/*
 * Start tracking a partition; a partition already tracked keeps its state.
 * @returns 0, -EINVAL for a negative partition id (Kafka has none; -1 means
 * "all" elsewhere in this API), or -ENOMEM.
 * @locality main thread (rebalance callback)
 */
int
offsets_add_partition(struct offsets *o, int32_t partition)
{
	struct part *p;
	size_t idx;

	if (partition < 0)
		return -EINVAL;
	if (part_find(o, partition, &idx))
		return 0;
	if (o->nparts == o->capparts) {
		size_t ncap = o->capparts ? o->capparts * 2 : PARTS_MIN;
		struct part *n = realloc(o->parts, ncap * sizeof(*n));

		if (n == NULL)
			return -ENOMEM;
		o->parts = n;
		o->capparts = ncap;
	}
	memmove(&o->parts[idx + 1], &o->parts[idx], (o->nparts - idx) * sizeof(*o->parts));
	o->nparts++;
	p = &o->parts[idx];
	memset(p, 0, sizeof(*p));
	p->id = partition;
	p->last_begun = -1;
	p->storable = -1;
	p->expected = -1;
	p->rewound = -1;
	return 0;
}

/*
 * Forget a partition and its in-flight offsets: after a revoke their
 * completions must not be stored (the new owner re-consumes them), and
 * offsets_complete() answers -2 for them. An untracked partition is a no-op.
 * @locality main thread (rebalance callback)
 */
void
offsets_remove_partition(struct offsets *o, int32_t partition)
{
	struct part *p;
	size_t idx;

	if (!part_find(o, partition, &idx))
		return;
	p = &o->parts[idx];
	o->inflight -= p->len - p->ndone;
	free(p->ring);
	memmove(&o->parts[idx], &o->parts[idx + 1], (o->nparts - idx - 1) * sizeof(*o->parts));
	o->nparts--;
}

/* @returns 1 if the partition is tracked, else 0. @locality main thread */
int
offsets_has_partition(const struct offsets *o, int32_t partition)
{
	return part_get(o, partition) != NULL;
}

/*
 * Record that offset was consumed and is in flight.
 * @returns 0; -ENOENT if the partition is not tracked; -EINVAL if offset is
 * not greater than the last offset begun in it (offsets start at 0, so a
 * negative offset is always refused); -ENOMEM, with nothing changed.
 * @locality main thread (consumer poll)
 */
int
offsets_begin(struct offsets *o, int32_t partition, int64_t offset, uint64_t t)
{
	struct part *p;
	struct slot *s;
	int r;

	if ((p = part_get(o, partition)) == NULL)
		return -ENOENT;
	if (offset <= p->last_begun)
		return -EINVAL;
	if (p->len == p->cap && (r = ring_resize(p, p->cap ? p->cap * 2 : RING_MIN)) < 0)
		return r;
	p->len++;
	s = slot_at(p, p->len - 1);
	s->offset = offset;
	s->done = false;
	s->t = t;
	p->last_begun = offset;
	p->expected = offset + 1;
	o->inflight++;
	return 0;
}

/*
 * Mark offset done and pop the done prefix of the partition, calling fn
 * (unless NULL) for each offset popped, oldest first, with its time.
 * @returns the new storable offset if it advanced, -1 if it did not, -2 if
 * the partition is not tracked or the offset is not in flight in it (never
 * begun, already completed, or forgotten by a remove).
 * @locality main thread (delivery-report callback)
 */
int64_t
offsets_complete(struct offsets *o, int32_t partition, int64_t offset, offsets_stored_fn fn,
		 void *arg)
{
	struct part *p;
	struct slot *s;
	int64_t last;
	size_t i;

	if ((p = part_get(o, partition)) == NULL)
		return -2;
	if (!ring_find(p, offset, &i))
		return -2;
	s = slot_at(p, i);
	if (s->done)
		return -2;
	s->done = true;
	p->ndone++;
	o->inflight--;
	if (i != 0)
		return -1;
	do {
		last = slot_at(p, 0)->offset;
		if (fn != NULL)
			fn(arg, last, slot_at(p, 0)->t);
		p->head = (p->head + 1) & (p->cap - 1);
		p->len--;
		p->ndone--;
	} while (p->len > 0 && slot_at(p, 0)->done);
	p->storable = last + 1;
	/* Shrinking is an optimisation: if the smaller ring cannot be had, keep the big one. */
	if (p->cap > RING_MIN && p->len <= p->cap / 4)
		(void) ring_resize(p, p->cap / 2);
	return p->storable;
}

/*
 * @returns the offsets begun but not completed in partition, or in all
 * partitions when partition is -1; 0 for an untracked partition.
 * @locality main thread
 */
size_t
offsets_inflight(const struct offsets *o, int32_t partition)
{
	const struct part *p;

	if (partition == -1)
		return o->inflight;
	if ((p = part_get(o, partition)) == NULL)
		return 0;
	return p->len - p->ndone;
}

/*
 * @returns the storable offset of partition, or -1 if nothing has completed
 * contiguously since it was added, or if it is not tracked.
 * @locality main thread
 */
int64_t
offsets_storable(const struct offsets *o, int32_t partition)
{
	const struct part *p;

	if ((p = part_get(o, partition)) == NULL)
		return -1;
	return p->storable;
}

/*
 * @returns the oldest in-flight offset of partition, or -1 if none or if
 * the partition is not tracked.
 * @locality main thread
 */
int64_t
offsets_oldest(const struct offsets *o, int32_t partition)
{
	const struct part *p;

	if ((p = part_get(o, partition)) == NULL || p->len == 0)
		return -1;
	return slot_at(p, 0)->offset;
}

/* @locality main thread (assignment) */
void
offsets_set_expected(struct offsets *o, int32_t partition, int64_t next)
{
	struct part *p = part_get(o, partition);

	if (p != NULL)
		p->expected = next >= 0 ? next : -1;
}

/* @returns the next offset expected from the consumer, or -1. @locality main thread */
int64_t
offsets_expected(const struct offsets *o, int32_t partition)
{
	const struct part *p = part_get(o, partition);

	return p != NULL ? p->expected : -1;
}

/* @locality main thread (consumer poll) */
void
offsets_rewind(struct offsets *o, int32_t partition, int64_t offset)
{
	struct part *p = part_get(o, partition);

	if (p != NULL && offset > p->last_begun)
		p->rewound = offset;
}

/*
 * After a rewind to offset R, only R itself is admitted (and ends the
 * rewind): the messages after it were fetched before the rewind and come
 * again after R. @returns 1 if a message at offset may be taken, else 0.
 * @locality main thread (consumer poll)
 */
int
offsets_admit(struct offsets *o, int32_t partition, int64_t offset)
{
	struct part *p = part_get(o, partition);

	if (p == NULL || p->rewound < 0)
		return 1;
	if (offset != p->rewound)
		return 0;
	p->rewound = -1;
	return 1;
}

/*
 * Assert every invariant listed in the DESIGN block; O(offsets in flight).
 * @locality any thread that owns o (tests)
 */
void
offsets_check_invariants(const struct offsets *o)
{
	size_t i, j, total = 0;

	assert(o != NULL);
	assert(o->nparts <= o->capparts);
	assert(o->capparts == 0 || o->parts != NULL);
	for (i = 0; i < o->nparts; i++) {
		const struct part *p = &o->parts[i];
		size_t ndone = 0;

		assert(p->id >= 0);
		assert(i == 0 || o->parts[i - 1].id < p->id);
		assert(p->cap == 0 || (p->cap >= RING_MIN && (p->cap & (p->cap - 1)) == 0));
		assert((p->cap == 0) == (p->ring == NULL));
		assert(p->len <= p->cap);
		assert(p->cap == 0 || p->head < p->cap);
		assert(p->storable >= -1);
		assert(p->last_begun >= -1);
		assert(p->storable <= p->last_begun + 1);
		assert(p->expected >= -1);
		assert(p->rewound == -1 || p->rewound > p->last_begun);
		for (j = 0; j < p->len; j++) {
			const struct slot *s = slot_at(p, j);

			assert(j == 0 || slot_at(p, j - 1)->offset < s->offset);
			if (s->done)
				ndone++;
		}
		if (p->len > 0) {
			assert(!slot_at(p, 0)->done);
			assert(p->storable <= slot_at(p, 0)->offset);
			assert(slot_at(p, p->len - 1)->offset == p->last_begun);
		}
		assert(ndone == p->ndone);
		assert(ndone <= p->len);
		total += p->len - p->ndone;
	}
	assert(total == o->inflight);
}
