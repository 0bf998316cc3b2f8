/*
 * Unit tests for daemon/stats.c: counters, labelled samples and histograms
 * keep what they are given, and the text rendering is the Prometheus
 * exposition format with the exact lines a scraper reads (HELP and TYPE
 * for every family, escaped label values, cumulative buckets ending in
 * +Inf = _count), plus the process_* metrics. The STATUS= line reports
 * rates over the interval it is given.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

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

/* The whole rendering as one string (free it). */
static char *
render(const struct stats *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(stats_render(st, fp), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

/* @returns 1 if text holds line as a whole line. */
static int
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

static void
test_stats_counters_add_and_render_with_help_and_type(void **state)
{
	struct stats *st = *state;
	char *text;

	stats_add(st, STATS_CONSUMED, 3);
	stats_add(st, STATS_CONSUMED, 4);
	assert_true(stats_get(st, STATS_CONSUMED) == 7);
	text = render(st);
	assert_true(has_line(text, "# TYPE newseventsd_articles_consumed_total counter"));
	assert_true(has_line(text, "# HELP newseventsd_articles_consumed_total Articles taken "
				   "from the input topic."));
	assert_true(has_line(text, "newseventsd_articles_consumed_total 7"));
	assert_true(has_line(text, "newseventsd_records_produced_total 0"));
	free(text);
}

static void
test_stats_labelled_counters_keep_one_sample_per_label_set(void **state)
{
	struct stats *st = *state;
	char *text;

	stats_add_l(st, STATS_DEADLETTERS, 1, "too_large", NULL);
	stats_add_l(st, STATS_DEADLETTERS, 2, "not_utf8", NULL);
	stats_add_l(st, STATS_DEADLETTERS, 1, "too_large", NULL);
	stats_add_l(st, STATS_SKIPPED, 5, "unsupported_language", "de");
	assert_true(stats_get_l(st, STATS_DEADLETTERS, "too_large", NULL) == 2);
	assert_true(stats_get_l(st, STATS_DEADLETTERS, "no_text", NULL) == 0);
	assert_true(stats_get(st, STATS_DEADLETTERS) == 4); /* the sum over labels */
	text = render(st);
	assert_true(has_line(text, "newseventsd_dead_letters_total{reason=\"too_large\"} 2"));
	assert_true(has_line(text, "newseventsd_dead_letters_total{reason=\"not_utf8\"} 2"));
	assert_true(has_line(text, "newseventsd_articles_skipped_total{reason=\"unsupported_"
				   "language\",language=\"de\"} 5"));
	free(text);
}

static void
test_stats_label_values_are_escaped(void **state)
{
	struct stats *st = *state;
	char *text;

	stats_set_l(st, STATS_LEXICON, 1, "a\"b\\c\nd", NULL);
	text = render(st);
	assert_true(has_line(text, "newseventsd_lexicon_info{version=\"a\\\"b\\\\c\\nd\"} 1"));
	free(text);
}

static void
test_stats_gauges_are_set_and_cleared(void **state)
{
	struct stats *st = *state;
	char *text;

	stats_set(st, STATS_INFLIGHT, 12);
	stats_set_l(st, STATS_LAG, 40, "articles", "0");
	stats_set_l(st, STATS_LAG, 7, "articles", "1");
	stats_set_l(st, STATS_LAG, 30, "articles", "0");
	assert_true(stats_max(st, STATS_LAG) == 30);
	text = render(st);
	assert_true(has_line(text, "newseventsd_inflight_articles 12"));
	assert_true(
	    has_line(text, "newseventsd_consumer_lag{topic=\"articles\",partition=\"0\"} 30"));
	assert_true(
	    has_line(text, "newseventsd_consumer_lag{topic=\"articles\",partition=\"1\"} 7"));
	free(text);
	stats_clear(st, STATS_LAG);
	assert_true(stats_max(st, STATS_LAG) == 0);
	text = render(st);
	assert_null(strstr(text, "newseventsd_consumer_lag{"));
	assert_true(has_line(text, "# TYPE newseventsd_consumer_lag gauge")); /* still declared */
	free(text);
}

static void
test_stats_histograms_are_cumulative_and_end_in_inf(void **state)
{
	struct stats *st = *state;
	char *text;

	stats_observe(st, STATS_EXTRACT_SECONDS, 0.0001); /* on a bound: counted in it */
	stats_observe(st, STATS_EXTRACT_SECONDS, 0.003);
	stats_observe(st, STATS_EXTRACT_SECONDS, 0.003);
	stats_observe(st, STATS_EXTRACT_SECONDS, 99);
	assert_true(stats_get(st, STATS_EXTRACT_SECONDS) == 4);
	text = render(st);
	assert_true(has_line(text, "# TYPE newseventsd_extraction_seconds histogram"));
	assert_true(has_line(text, "newseventsd_extraction_seconds_bucket{le=\"0.0001\"} 1"));
	assert_true(has_line(text, "newseventsd_extraction_seconds_bucket{le=\"0.0025\"} 1"));
	assert_true(has_line(text, "newseventsd_extraction_seconds_bucket{le=\"0.005\"} 3"));
	assert_true(has_line(text, "newseventsd_extraction_seconds_bucket{le=\"2.5\"} 3"));
	assert_true(has_line(text, "newseventsd_extraction_seconds_bucket{le=\"+Inf\"} 4"));
	assert_true(has_line(text, "newseventsd_extraction_seconds_count 4"));
	assert_non_null(strstr(text, "newseventsd_extraction_seconds_sum 99.0061"));
	assert_true(has_line(text, "newseventsd_consume_to_commit_seconds_count 0"));
	free(text);
}

static void
test_stats_render_includes_the_process_metrics(void **state)
{
	char *text = render(*state);

	assert_non_null(strstr(text, "\nprocess_resident_memory_bytes "));
	assert_non_null(strstr(text, "\nprocess_cpu_seconds_total "));
	assert_non_null(strstr(text, "\nprocess_open_fds "));
	assert_non_null(strstr(text, "\nprocess_max_fds "));
	assert_non_null(strstr(text, "\nprocess_start_time_seconds "));
	free(text);
}

static void
test_stats_ready_and_alive_carry_their_reason(void **state)
{
	struct stats *st = *state;
	const char *why;

	assert_false(stats_is_ready(st, &why));
	assert_true(stats_is_alive(st, &why));
	stats_ready(st, 1, "group joined");
	assert_true(stats_is_ready(st, &why));
	assert_string_equal(why, "group joined");
	assert_true(stats_get(st, STATS_READY) == 1);
	stats_alive(st, 0, "a worker is stuck");
	assert_false(stats_is_alive(st, &why));
	assert_string_equal(why, "a worker is stuck");
}

static void
test_stats_status_line_gives_rates_over_the_interval(void **state)
{
	struct stats *st = *state;
	char line[512];

	stats_add(st, STATS_DONE, 100);
	stats_add(st, STATS_RECORDS, 300);
	stats_status_line(st, 2.0, line, sizeof(line));
	assert_non_null(strstr(line, "articles/s 50.0, records/s 150.0"));
	assert_non_null(strstr(line, ", lexicon unknown"));
	stats_add(st, STATS_DONE, 10);
	stats_add_l(st, STATS_DEADLETTERS, 3, "no_text", NULL);
	stats_set(st, STATS_INFLIGHT, 4);
	stats_set(st, STATS_ASSIGNED, 2);
	stats_set(st, STATS_PAUSED, 2);
	stats_set_l(st, STATS_LAG, 9, "t", "1");
	stats_add(st, STATS_OFFSETS_SKIPPED, 5);
	stats_lexicon(st, "0123456789abcdef");
	stats_status_line(st, 1.0, line, sizeof(line));
	assert_string_equal(line, "articles/s 10.0, records/s 0.0, dead letters 3, skipped 0, in "
				  "flight 4, partitions 2, paused, max lag 9, OFFSETS SKIPPED, "
				  "lexicon 0123456789abcdef");
	/* Skipped articles are counted by language too. */
	stats_add_l(st, STATS_SKIPPED, 2, "unsupported_language", "fr");
	stats_add_l(st, STATS_SKIPPED, 1, "unsupported_language", "es");
	stats_add_l(st, STATS_SKIPPED, 1, "unsupported_language", "fr");
	stats_status_line(st, 1.0, line, sizeof(line));
	assert_non_null(strstr(line, ", skipped 4 (fr 3, es 1), in flight 4,"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_stats_counters_add_and_render_with_help_and_type),
	    T(test_stats_labelled_counters_keep_one_sample_per_label_set),
	    T(test_stats_label_values_are_escaped),
	    T(test_stats_gauges_are_set_and_cleared),
	    T(test_stats_histograms_are_cumulative_and_end_in_inf),
	    T(test_stats_render_includes_the_process_metrics),
	    T(test_stats_ready_and_alive_carry_their_reason),
	    T(test_stats_status_line_gives_rates_over_the_interval),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
