/*
 * Unit tests for daemon/kstats.c: from a librdkafka statistics document
 * (written here by hand with the fields of librdkafka's STATISTICS.md, the
 * rest left out) only the assigned partitions' lag and the real brokers'
 * states reach the stats; a later document replaces the lag; what is not
 * the JSON expected is refused without touching anything.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "kstats.h"
#include "stats.h"

static const char consumer_doc[] =
    "{\"name\": \"newseventsd@h#consumer-1\", \"type\": \"consumer\", \"ts\": 1,"
    " \"brokers\": {"
    "  \"10.0.0.1:9092/1\": {\"name\": \"10.0.0.1:9092/1\", \"nodeid\": 1,"
    "                       \"source\": \"learned\", \"state\": \"UP\"},"
    "  \"10.0.0.2:9092/2\": {\"name\": \"10.0.0.2:9092/2\", \"nodeid\": 2,"
    "                       \"source\": \"learned\", \"state\": \"DOWN\"},"
    "  \"10.0.0.1:9092/bootstrap\": {\"nodeid\": -1, \"source\": \"configured\","
    "                               \"state\": \"INIT\"},"
    "  \"GroupCoordinator\": {\"nodeid\": 1, \"source\": \"logical\", \"state\": \"UP\"}},"
    " \"topics\": {\"articles\": {\"topic\": \"articles\", \"partitions\": {"
    "  \"0\": {\"partition\": 0, \"consumer_lag\": 120, \"consumer_lag_stored\": 100},"
    "  \"1\": {\"partition\": 1, \"consumer_lag\": 0, \"consumer_lag_stored\": -1},"
    "  \"2\": {\"partition\": 2, \"consumer_lag\": -1, \"consumer_lag_stored\": -1},"
    "  \"-1\": {\"partition\": -1, \"consumer_lag\": 5}}}}}";

static int
setup(void **state)
{
	return (*state = stats_new()) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	stats_free(*state);
	return 0;
}

static void
test_kstats_takes_the_lag_of_assigned_partitions_only(void **state)
{
	struct stats *st = *state;

	assert_int_equal(kstats_apply(st, "consumer", consumer_doc, strlen(consumer_doc)), 0);
	assert_true(stats_get_l(st, STATS_LAG, "articles", "0") == 120);
	assert_true(stats_get_l(st, STATS_LAG, "articles", "1") == 0);
	assert_true(stats_get_l(st, STATS_LAG_STORED, "articles", "0") == 100);
	assert_true(stats_get(st, STATS_LAG) == 120); /* partitions 2 and -1 are not there */
	assert_true(stats_get(st, STATS_LAG_STORED) == 100);
	assert_true(stats_max(st, STATS_LAG) == 120);
}

static void
test_kstats_reports_real_brokers_up_or_down(void **state)
{
	struct stats *st = *state;

	assert_int_equal(kstats_apply(st, "consumer", consumer_doc, strlen(consumer_doc)), 0);
	assert_true(stats_get_l(st, STATS_BROKER_UP, "consumer", "10.0.0.1:9092/1") == 1);
	assert_true(stats_get_l(st, STATS_BROKER_UP, "consumer", "10.0.0.2:9092/2") == 0);
	/* The logical coordinator and the unanswered bootstrap are no brokers of their own. */
	assert_true(stats_get(st, STATS_BROKER_UP) == 1);
}

static void
test_kstats_a_later_consumer_document_replaces_the_lag(void **state)
{
	struct stats *st = *state;
	const char later[] = "{\"brokers\": {}, \"topics\": {\"articles\": {\"partitions\": {"
			     "\"3\": {\"partition\": 3, \"consumer_lag\": 7}}}}}";

	assert_int_equal(kstats_apply(st, "consumer", consumer_doc, strlen(consumer_doc)), 0);
	assert_int_equal(kstats_apply(st, "consumer", later, strlen(later)), 0);
	assert_true(stats_get_l(st, STATS_LAG, "articles", "0") == 0); /* given up: gone */
	assert_true(stats_get_l(st, STATS_LAG, "articles", "3") == 7);
	assert_true(stats_get(st, STATS_LAG) == 7);
}

static void
test_kstats_the_producer_document_sets_brokers_and_leaves_the_lag(void **state)
{
	struct stats *st = *state;
	const char doc[] = "{\"type\": \"producer\", \"brokers\": {\"10.0.0.1:9092/1\": {"
			   "\"nodeid\": 1, \"source\": \"learned\", \"state\": \"UP\"}},"
			   " \"topics\": {\"events\": {\"partitions\": {\"0\": {"
			   "\"consumer_lag\": 99}}}}}";

	assert_int_equal(kstats_apply(st, "consumer", consumer_doc, strlen(consumer_doc)), 0);
	assert_int_equal(kstats_apply(st, "producer", doc, strlen(doc)), 0);
	assert_true(stats_get_l(st, STATS_BROKER_UP, "producer", "10.0.0.1:9092/1") == 1);
	assert_true(stats_get(st, STATS_LAG) == 120);
}

static void
test_kstats_refuses_what_is_not_a_statistics_object(void **state)
{
	struct stats *st = *state;
	static const char *const bad[] = {"", "[]", "{\"brokers\": ", "\"UP\"", "null"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(kstats_apply(st, "consumer", bad[i], strlen(bad[i])), -EINVAL);
	assert_true(stats_get(st, STATS_LAG) == 0);
	assert_true(stats_get(st, STATS_BROKER_UP) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_kstats_takes_the_lag_of_assigned_partitions_only),
	    T(test_kstats_reports_real_brokers_up_or_down),
	    T(test_kstats_a_later_consumer_document_replaces_the_lag),
	    T(test_kstats_the_producer_document_sets_brokers_and_leaves_the_lag),
	    T(test_kstats_refuses_what_is_not_a_statistics_object),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
