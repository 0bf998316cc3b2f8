/*
 * Unit tests for daemon/consumer.c's reading of a commit's answer: a commit
 * fails when the request failed or when any one of its partitions did (the
 * coordinator answers each partition apart), and "nothing to commit" is no
 * failure. A failed commit is sent again, so a partition error read as
 * success would leave an idle daemon's offset uncommitted for good.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "consumer.h"

static rd_kafka_topic_partition_list_t *
answer(rd_kafka_resp_err_t e0, rd_kafka_resp_err_t e1, rd_kafka_resp_err_t e2)
{
	rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(3);

	assert_non_null(l);
	rd_kafka_topic_partition_list_add(l, "articles", 0)->err = e0;
	rd_kafka_topic_partition_list_add(l, "articles", 1)->err = e1;
	rd_kafka_topic_partition_list_add(l, "articles", 2)->err = e2;
	return l;
}

static void
every_partition_committed_is_success(void **state)
{
	rd_kafka_topic_partition_list_t *l = answer(0, 0, 0);

	(void) state;
	assert_int_equal(consumer_commit_failed(RD_KAFKA_RESP_ERR_NO_ERROR, l), 0);
	rd_kafka_topic_partition_list_destroy(l);
}

static void
one_partition_refused_is_a_failure(void **state)
{
	rd_kafka_topic_partition_list_t *l = answer(0, 0, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS);

	(void) state;
	assert_int_equal(consumer_commit_failed(RD_KAFKA_RESP_ERR_NO_ERROR, l), 1);
	rd_kafka_topic_partition_list_destroy(l);
	l = answer(RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION, 0, 0);
	assert_int_equal(consumer_commit_failed(RD_KAFKA_RESP_ERR_NO_ERROR, l), 1);
	rd_kafka_topic_partition_list_destroy(l);
}

static void
a_failed_request_is_a_failure(void **state)
{
	rd_kafka_topic_partition_list_t *l = answer(0, 0, 0);

	(void) state;
	assert_int_equal(consumer_commit_failed(RD_KAFKA_RESP_ERR__TRANSPORT, l), 1);
	assert_int_equal(consumer_commit_failed(RD_KAFKA_RESP_ERR_NOT_COORDINATOR, NULL), 1);
	rd_kafka_topic_partition_list_destroy(l);
}

static void
nothing_to_commit_is_no_failure(void **state)
{
	(void) state;
	assert_int_equal(consumer_commit_failed(RD_KAFKA_RESP_ERR__NO_OFFSET, NULL), 0);
	assert_int_equal(consumer_commit_failed(RD_KAFKA_RESP_ERR_NO_ERROR, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_partition_committed_is_success),
	    cmocka_unit_test(one_partition_refused_is_a_failure),
	    cmocka_unit_test(a_failed_request_is_a_failure),
	    cmocka_unit_test(nothing_to_commit_is_no_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
