/*
 * Unit tests for daemon/offsets.c: the storable offset only ever covers a
 * contiguous run of completed offsets, gaps in the log are not waited for,
 * misuse is refused with the documented codes, and a randomised run over 8
 * partitions agrees with a plain model written here.
 *
 * Every test gets a fresh tracker from setup; offsets_check_invariants() is
 * called before and after every operation through the wrappers below, and
 * teardown checks once more before freeing (ASan reports any leak).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "offsets.h"

static int
setup(void **state)
{
	struct offsets *o = offsets_new();

	if (o == NULL)
		return -1;
	offsets_check_invariants(o);
	*state = o;
	return 0;
}

static int
teardown(void **state)
{
	offsets_check_invariants(*state);
	offsets_free(*state);
	return 0;
}

/* Each operation, bracketed by invariant checks. */
static int
add(struct offsets *o, int32_t partition)
{
	int r;

	offsets_check_invariants(o);
	r = offsets_add_partition(o, partition);
	offsets_check_invariants(o);
	return r;
}

static void
del(struct offsets *o, int32_t partition)
{
	offsets_check_invariants(o);
	offsets_remove_partition(o, partition);
	offsets_check_invariants(o);
}

static int
begin(struct offsets *o, int32_t partition, int64_t offset)
{
	int r;

	offsets_check_invariants(o);
	r = offsets_begin(o, partition, offset, (uint64_t) offset * 10);
	offsets_check_invariants(o);
	return r;
}

static int64_t
complete(struct offsets *o, int32_t partition, int64_t offset)
{
	int64_t r;

	offsets_check_invariants(o);
	r = offsets_complete(o, partition, offset, NULL, NULL);
	offsets_check_invariants(o);
	return r;
}

static void
test_offsets_new_tracker_knows_no_partition(void **state)
{
	struct offsets *o = *state;

	assert_false(offsets_has_partition(o, 0));
	assert_int_equal(offsets_inflight(o, -1), 0);
	assert_int_equal(offsets_inflight(o, 0), 0);
	assert_int_equal(offsets_storable(o, 0), -1);
	assert_int_equal(offsets_oldest(o, 0), -1);
}

static void
test_offsets_add_partition_is_idempotent_and_keeps_state(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(add(o, 3), 0);
	assert_true(offsets_has_partition(o, 3));
	assert_false(offsets_has_partition(o, 2));
	assert_int_equal(begin(o, 3, 100), 0);
	assert_int_equal(begin(o, 3, 101), 0);
	assert_int_equal(complete(o, 3, 100), 101);
	assert_int_equal(add(o, 3), 0);
	assert_int_equal(offsets_storable(o, 3), 101);
	assert_int_equal(offsets_inflight(o, 3), 1);
	assert_int_equal(offsets_oldest(o, 3), 101);
}

static void
test_offsets_add_partition_refuses_a_negative_id(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(add(o, -1), -EINVAL);
	assert_false(offsets_has_partition(o, -1));
}

static void
test_offsets_in_order_completion_advances_every_time(void **state)
{
	struct offsets *o = *state;
	int64_t off;

	assert_int_equal(add(o, 0), 0);
	for (off = 0; off < 5; off++)
		assert_int_equal(begin(o, 0, off), 0);
	assert_int_equal(offsets_storable(o, 0), -1);
	assert_int_equal(complete(o, 0, 0), 1);
	assert_int_equal(complete(o, 0, 1), 2);
	assert_int_equal(complete(o, 0, 2), 3);
	assert_int_equal(complete(o, 0, 3), 4);
	assert_int_equal(complete(o, 0, 4), 5);
	assert_int_equal(offsets_storable(o, 0), 5);
	assert_int_equal(offsets_inflight(o, 0), 0);
	assert_int_equal(offsets_oldest(o, 0), -1);
}

static void
test_offsets_does_not_advance_past_a_gap(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(add(o, 0), 0);
	assert_int_equal(begin(o, 0, 10), 0);
	assert_int_equal(begin(o, 0, 11), 0);
	assert_int_equal(begin(o, 0, 12), 0);
	assert_int_equal(complete(o, 0, 12), -1); /* 10 and 11 pending */
	assert_int_equal(offsets_storable(o, 0), -1);
	assert_int_equal(complete(o, 0, 10), 11); /* 11 still pending */
	assert_int_equal(complete(o, 0, 11), 13); /* 11 and the done 12 */
	assert_int_equal(offsets_storable(o, 0), 13);
}

static void
test_offsets_out_of_order_completion_jumps_over_done_offsets(void **state)
{
	struct offsets *o = *state;
	int64_t off;

	assert_int_equal(add(o, 1), 0);
	for (off = 0; off < 6; off++)
		assert_int_equal(begin(o, 1, off), 0);
	assert_int_equal(complete(o, 1, 4), -1);
	assert_int_equal(complete(o, 1, 2), -1);
	assert_int_equal(complete(o, 1, 1), -1);
	assert_int_equal(offsets_inflight(o, 1), 3); /* 0, 3, 5 */
	assert_int_equal(complete(o, 1, 0), 3);	     /* 0, 1, 2 done; 3 not */
	assert_int_equal(offsets_oldest(o, 1), 3);
	assert_int_equal(complete(o, 1, 5), -1);
	assert_int_equal(complete(o, 1, 3), 6);
	assert_int_equal(offsets_inflight(o, 1), 0);
}

static void
test_offsets_holes_in_the_log_are_not_waited_for(void **state)
{
	struct offsets *o = *state;

	/* 12..14 and 16..19 were never consumed (compaction, txn markers). */
	assert_int_equal(add(o, 0), 0);
	assert_int_equal(begin(o, 0, 10), 0);
	assert_int_equal(begin(o, 0, 11), 0);
	assert_int_equal(begin(o, 0, 15), 0);
	assert_int_equal(begin(o, 0, 20), 0);
	assert_int_equal(complete(o, 0, 20), -1);
	assert_int_equal(complete(o, 0, 11), -1);
	assert_int_equal(complete(o, 0, 10), 12); /* 15 in flight */
	assert_int_equal(offsets_oldest(o, 0), 15);
	assert_int_equal(complete(o, 0, 15), 21);
	assert_int_equal(offsets_storable(o, 0), 21);
}

static void
test_offsets_complete_of_an_unknown_partition_or_offset_returns_minus_2(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(complete(o, 0, 10), -2); /* no partition */
	assert_int_equal(add(o, 0), 0);
	assert_int_equal(complete(o, 0, 10), -2); /* nothing begun */
	assert_int_equal(begin(o, 0, 10), 0);
	assert_int_equal(begin(o, 0, 12), 0);
	assert_int_equal(complete(o, 0, 11), -2); /* between two in flight */
	assert_int_equal(complete(o, 0, 9), -2);  /* before all */
	assert_int_equal(complete(o, 0, 13), -2); /* after all */
	assert_int_equal(complete(o, 1, 10), -2); /* right offset, wrong partition */
	assert_int_equal(complete(o, 0, 12), -1);
	assert_int_equal(complete(o, 0, 12), -2); /* already done, not yet popped */
	assert_int_equal(complete(o, 0, 10), 13);
	assert_int_equal(complete(o, 0, 10), -2); /* already done and popped */
	assert_int_equal(offsets_inflight(o, -1), 0);
	assert_int_equal(offsets_storable(o, 0), 13);
}

static void
test_offsets_begin_refuses_a_non_increasing_offset(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(add(o, 0), 0);
	assert_int_equal(begin(o, 0, -1), -EINVAL);
	assert_int_equal(begin(o, 0, 5), 0);
	assert_int_equal(begin(o, 0, 5), -EINVAL);
	assert_int_equal(begin(o, 0, 4), -EINVAL);
	assert_int_equal(complete(o, 0, 5), 6);
	assert_int_equal(begin(o, 0, 5), -EINVAL); /* even once 5 is gone */
	assert_int_equal(begin(o, 0, 6), 0);
	assert_int_equal(offsets_inflight(o, 0), 1);
}

static void
test_offsets_begin_on_an_untracked_partition_returns_enoent(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(begin(o, 7, 0), -ENOENT);
	assert_int_equal(add(o, 6), 0);
	assert_int_equal(begin(o, 7, 0), -ENOENT);
	assert_int_equal(offsets_inflight(o, -1), 0);
}

static void
test_offsets_remove_partition_forgets_its_inflight_offsets(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(add(o, 0), 0);
	assert_int_equal(add(o, 1), 0);
	assert_int_equal(begin(o, 0, 10), 0);
	assert_int_equal(begin(o, 0, 11), 0);
	assert_int_equal(begin(o, 0, 12), 0);
	assert_int_equal(begin(o, 1, 50), 0);
	assert_int_equal(complete(o, 0, 11), -1);
	assert_int_equal(offsets_inflight(o, -1), 3);

	del(o, 0);
	assert_false(offsets_has_partition(o, 0));
	assert_int_equal(offsets_inflight(o, 0), 0);
	assert_int_equal(offsets_inflight(o, -1), 1); /* only 1@50 */
	assert_int_equal(complete(o, 0, 10), -2);
	assert_int_equal(begin(o, 0, 13), -ENOENT);

	/* Reassigned later: a fresh start, which may go back in the log. */
	assert_int_equal(add(o, 0), 0);
	assert_int_equal(offsets_storable(o, 0), -1);
	assert_int_equal(begin(o, 0, 10), 0);
	assert_int_equal(complete(o, 0, 10), 11);
	assert_int_equal(complete(o, 1, 50), 51);
	del(o, 5); /* untracked: no-op */
	assert_int_equal(offsets_inflight(o, -1), 0);
}

static void
test_offsets_inflight_counts_per_partition_and_in_total(void **state)
{
	struct offsets *o = *state;
	int64_t off;

	assert_int_equal(add(o, 0), 0);
	assert_int_equal(add(o, 1), 0);
	assert_int_equal(add(o, 2), 0);
	for (off = 0; off < 4; off++)
		assert_int_equal(begin(o, 0, off), 0);
	for (off = 100; off < 102; off++)
		assert_int_equal(begin(o, 1, off), 0);
	assert_int_equal(offsets_inflight(o, 0), 4);
	assert_int_equal(offsets_inflight(o, 1), 2);
	assert_int_equal(offsets_inflight(o, 2), 0);
	assert_int_equal(offsets_inflight(o, 9), 0);
	assert_int_equal(offsets_inflight(o, -1), 6);
	/* A done offset behind an unfinished one is no longer in flight. */
	assert_int_equal(complete(o, 0, 3), -1);
	assert_int_equal(offsets_inflight(o, 0), 3);
	assert_int_equal(complete(o, 1, 100), 101);
	assert_int_equal(offsets_inflight(o, 1), 1);
	assert_int_equal(offsets_inflight(o, -1), 4);
}

static void
test_offsets_oldest_is_the_lowest_unfinished_offset(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(add(o, 0), 0);
	assert_int_equal(offsets_oldest(o, 0), -1);
	assert_int_equal(begin(o, 0, 7), 0);
	assert_int_equal(begin(o, 0, 9), 0);
	assert_int_equal(begin(o, 0, 30), 0);
	assert_int_equal(offsets_oldest(o, 0), 7);
	assert_int_equal(complete(o, 0, 9), -1);
	assert_int_equal(offsets_oldest(o, 0), 7);
	assert_int_equal(complete(o, 0, 7), 10);
	assert_int_equal(offsets_oldest(o, 0), 30);
	assert_int_equal(complete(o, 0, 30), 31);
	assert_int_equal(offsets_oldest(o, 0), -1);
	assert_int_equal(offsets_oldest(o, 4), -1);
}

static void
test_offsets_keeps_many_partitions_apart(void **state)
{
	struct offsets *o = *state;
	int32_t p;

	/* Added in a scrambled order so the sorted array sees inserts everywhere. */
	for (p = 0; p < 300; p++)
		assert_int_equal(add(o, (p * 7) % 300), 0);
	for (p = 0; p < 300; p++) {
		assert_true(offsets_has_partition(o, p));
		assert_int_equal(begin(o, p, 1000 * p), 0);
		assert_int_equal(begin(o, p, 1000 * p + 1), 0);
	}
	assert_false(offsets_has_partition(o, 300));
	assert_int_equal(offsets_inflight(o, -1), 600);
	for (p = 0; p < 300; p += 2)
		assert_int_equal(complete(o, p, 1000 * p), 1000 * p + 1);
	for (p = 0; p < 300; p += 3)
		del(o, p);
	assert_int_equal(offsets_inflight(o, -1), 600 - 150 - 100 * 2 + 50);
	for (p = 0; p < 300; p++) {
		if (p % 3 == 0) {
			assert_false(offsets_has_partition(o, p));
			continue;
		}
		assert_int_equal(offsets_storable(o, p), p % 2 == 0 ? 1000 * p + 1 : -1);
		assert_int_equal(offsets_oldest(o, p), p % 2 == 0 ? 1000 * p + 1 : 1000 * p);
	}
}

static void
test_offsets_many_in_flight_completed_backwards_release_at_once(void **state)
{
	struct offsets *o = *state;
	const int64_t n = 3000; /* forces the ring to grow, then to shrink */
	int64_t off;

	assert_int_equal(add(o, 0), 0);
	for (off = 0; off < n; off++)
		assert_int_equal(begin(o, 0, 2 * off), 0);
	for (off = n - 1; off > 0; off--)
		assert_int_equal(complete(o, 0, 2 * off), -1);
	assert_int_equal(offsets_inflight(o, 0), 1);
	assert_int_equal(offsets_oldest(o, 0), 0);
	assert_int_equal(complete(o, 0, 0), 2 * (n - 1) + 1);
	assert_int_equal(offsets_inflight(o, 0), 0);
	/* The ring keeps working after wrapping and resizing. */
	for (off = 0; off < 100; off++) {
		assert_int_equal(begin(o, 0, 10000 + off), 0);
		if (off >= 3)
			assert_int_equal(complete(o, 0, 10000 + off - 3), 10000 + off - 3 + 1);
	}
	assert_int_equal(offsets_inflight(o, 0), 3);
	assert_int_equal(offsets_oldest(o, 0), 10097);
}

/* splitmix64: a fixed-seed generator, so a failure reproduces exactly. */
static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#define R_PARTS 8
#define R_TOTAL 100000

/*
 * The model: every offset ever begun in a partition, in order, with a done
 * flag, and a cursor at the first one not done. storable is the offset
 * before the cursor + 1.
 */
struct model_part {
	int64_t *offs;
	bool *done;
	size_t n;
	size_t cursor;
	int64_t next;
};

struct pending {
	int32_t part;
	size_t idx; /* into model_part.offs */
};

static void
test_offsets_random_completion_order_matches_a_model(void **state)
{
	struct offsets *o = *state;
	struct model_part m[R_PARTS];
	struct pending *pend;
	size_t npend = 0, begun = 0, i, steps = 0;
	uint64_t seed = 20240611;
	int32_t p;

	pend = calloc(R_TOTAL, sizeof(*pend));
	assert_non_null(pend);
	for (p = 0; p < R_PARTS; p++) {
		m[p].offs = calloc(R_TOTAL, sizeof(*m[p].offs));
		m[p].done = calloc(R_TOTAL, sizeof(*m[p].done));
		assert_non_null(m[p].offs);
		assert_non_null(m[p].done);
		m[p].n = m[p].cursor = 0;
		m[p].next = (int64_t) p * 1000000;
		assert_int_equal(add(o, p), 0);
	}

	/*
	 * Begin and complete in random interleaving (a random walk of the
	 * in-flight count, so the rings wrap, grow and shrink many times), then
	 * complete whatever is left, always in random order.
	 */
	while (begun < R_TOTAL || npend > 0) {
		uint64_t r = rnd(&seed);
		bool do_begin = begun < R_TOTAL && (npend == 0 || (r & 1));

		if (do_begin) {
			struct model_part *mp;

			p = (int32_t) ((r >> 1) % R_PARTS);
			mp = &m[p];
			mp->next += 1 + (int64_t) ((r >> 8) % 4 == 0 ? (r >> 16) % 5 : 0);
			assert_int_equal(begin(o, p, mp->next), 0);
			mp->offs[mp->n] = mp->next;
			pend[npend].part = p;
			pend[npend].idx = mp->n;
			npend++;
			mp->n++;
			begun++;
		} else {
			size_t k = (size_t) ((r >> 1) % npend);
			struct pending pd = pend[k];
			struct model_part *mp = &m[pd.part];
			int64_t before, want, got;

			pend[k] = pend[--npend];
			before = mp->cursor == 0 ? -1 : mp->offs[mp->cursor - 1] + 1;
			mp->done[pd.idx] = true;
			while (mp->cursor < mp->n && mp->done[mp->cursor])
				mp->cursor++;
			want = mp->cursor == 0 ? -1 : mp->offs[mp->cursor - 1] + 1;
			got = complete(o, pd.part, mp->offs[pd.idx]);
			assert_int_equal(got, want != before ? want : -1);
			assert_int_equal(offsets_storable(o, pd.part), want);
			assert_int_equal(offsets_oldest(o, pd.part),
					 mp->cursor < mp->n ? mp->offs[mp->cursor] : -1);
		}
		assert_int_equal(offsets_inflight(o, -1), npend);
		steps++;
	}
	assert_int_equal(steps, 2 * R_TOTAL);
	for (p = 0; p < R_PARTS; p++) {
		assert_int_equal(m[p].cursor, m[p].n);
		assert_int_equal(offsets_storable(o, p), m[p].offs[m[p].n - 1] + 1);
		assert_int_equal(offsets_inflight(o, p), 0);
	}
	for (i = 0; i < R_PARTS; i++) {
		free(m[i].offs);
		free(m[i].done);
	}
	free(pend);
}

/* Collects what offsets_complete() reports as newly storable. */
struct stored {
	int64_t off[16];
	uint64_t t[16];
	size_t n;
};

static void
on_stored(void *arg, int64_t offset, uint64_t t)
{
	struct stored *st = arg;

	assert_true(st->n < 16);
	st->off[st->n] = offset;
	st->t[st->n++] = t;
}

static void
test_offsets_hands_back_the_begin_time_of_each_offset_made_storable(void **state)
{
	struct offsets *o = *state;
	struct stored st = {.n = 0};

	assert_int_equal(add(o, 0), 0);
	for (int64_t off = 5; off < 9; off++)
		assert_int_equal(begin(o, 0, off), 0); /* begun at time off * 10 */
	offsets_check_invariants(o);
	assert_int_equal(offsets_complete(o, 0, 7, on_stored, &st), -1);
	assert_int_equal(offsets_complete(o, 0, 6, on_stored, &st), -1);
	assert_int_equal(st.n, 0); /* 5 is still in flight */
	assert_int_equal(offsets_complete(o, 0, 5, on_stored, &st), 8);
	offsets_check_invariants(o);
	assert_int_equal(st.n, 3);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(st.off[i], 5 + (int64_t) i);
		assert_int_equal(st.t[i], (5 + i) * 10);
	}
	assert_int_equal(offsets_complete(o, 0, 8, on_stored, &st), 9);
	assert_int_equal(st.n, 4);
	assert_int_equal(st.t[3], 80);
}

static void
test_offsets_expects_the_committed_offset_then_one_past_each_begun(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(offsets_expected(o, 2), -1); /* untracked */
	assert_int_equal(add(o, 2), 0);
	assert_int_equal(offsets_expected(o, 2), -1);
	offsets_set_expected(o, 2, 40);
	assert_int_equal(offsets_expected(o, 2), 40);
	assert_int_equal(begin(o, 2, 40), 0);
	assert_int_equal(offsets_expected(o, 2), 41);
	assert_int_equal(begin(o, 2, 55), 0); /* a jump: the caller compared first */
	assert_int_equal(offsets_expected(o, 2), 56);
	assert_int_equal(begin(o, 2, 50), -EINVAL); /* a redelivery does not move it back */
	assert_int_equal(offsets_expected(o, 2), 56);
	offsets_set_expected(o, 2, -1001); /* librdkafka's "no offset" */
	assert_int_equal(offsets_expected(o, 2), -1);
	del(o, 2);
	assert_int_equal(add(o, 2), 0);
	assert_int_equal(offsets_expected(o, 2), -1); /* a new assignment starts afresh */
}

static void
test_offsets_after_a_rewind_admits_only_the_rewound_offset_first(void **state)
{
	struct offsets *o = *state;

	assert_int_equal(add(o, 1), 0);
	assert_true(offsets_admit(o, 1, 0));
	assert_int_equal(begin(o, 1, 0), 0);
	offsets_rewind(o, 1, 1); /* no room for offset 1 */
	offsets_check_invariants(o);
	assert_false(offsets_admit(o, 1, 2)); /* fetched before the rewind */
	assert_false(offsets_admit(o, 1, 3));
	assert_true(offsets_admit(o, 1, 1)); /* here it is again */
	assert_int_equal(begin(o, 1, 1), 0);
	assert_true(offsets_admit(o, 1, 2)); /* and the rest follows */
	offsets_rewind(o, 1, 1);	     /* an offset already begun cannot be rewound to */
	assert_true(offsets_admit(o, 1, 2));
	assert_true(offsets_admit(o, 7, 9)); /* untracked partitions are not refused here */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_offsets_new_tracker_knows_no_partition),
	    T(test_offsets_add_partition_is_idempotent_and_keeps_state),
	    T(test_offsets_add_partition_refuses_a_negative_id),
	    T(test_offsets_in_order_completion_advances_every_time),
	    T(test_offsets_does_not_advance_past_a_gap),
	    T(test_offsets_out_of_order_completion_jumps_over_done_offsets),
	    T(test_offsets_holes_in_the_log_are_not_waited_for),
	    T(test_offsets_complete_of_an_unknown_partition_or_offset_returns_minus_2),
	    T(test_offsets_begin_refuses_a_non_increasing_offset),
	    T(test_offsets_begin_on_an_untracked_partition_returns_enoent),
	    T(test_offsets_remove_partition_forgets_its_inflight_offsets),
	    T(test_offsets_inflight_counts_per_partition_and_in_total),
	    T(test_offsets_oldest_is_the_lowest_unfinished_offset),
	    T(test_offsets_keeps_many_partitions_apart),
	    T(test_offsets_many_in_flight_completed_backwards_release_at_once),
	    T(test_offsets_random_completion_order_matches_a_model),
	    T(test_offsets_hands_back_the_begin_time_of_each_offset_made_storable),
	    T(test_offsets_expects_the_committed_offset_then_one_past_each_begun),
	    T(test_offsets_after_a_rewind_admits_only_the_rewound_offset_first),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
