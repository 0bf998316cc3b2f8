/*
 * kstats: read the few numbers the daemon exports from librdkafka's
 * statistics JSON (jansson).
 *
 * Lag: each topics.T.partitions.P with P >= 0 (P = -1 is librdkafka's
 * internal "unassigned" partition) and consumer_lag >= 0 (-1 means the
 * partition is not consumed by this client: not assigned, or no offset
 * known yet). The consumer's document replaces all lag samples, so a
 * partition given up stops being reported at the next document.
 *
 * Brokers: each brokers.B that is a real broker, "learned" from metadata
 * or "configured" as a bootstrap (not librdkafka's "internal" or "logical"
 * ones, such as GroupCoordinator) and known by its id (a bootstrap address
 * not yet answered has -1), up when its state is "UP".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "kstats.h"
#include "stats.h"

static void
apply_brokers(struct stats *st, const char *client, json_t *brokers)
{
	const char *name;
	json_t *b, *state;
	const char *source;

	json_object_foreach(brokers, name, b)
	{
		source = json_string_value(json_object_get(b, "source"));
		if (source == NULL ||
		    (strcmp(source, "learned") != 0 && strcmp(source, "configured") != 0))
			continue;
		state = json_object_get(b, "state");
		stats_set_l(st, STATS_BROKER_UP,
			    json_is_string(state) && strcmp(json_string_value(state), "UP") == 0,
			    client, name);
	}
}

static void
apply_lag(struct stats *st, json_t *topics)
{
	const char *tname, *pname;
	json_t *t, *p, *lag, *stored;

	stats_clear(st, STATS_LAG);
	stats_clear(st, STATS_LAG_STORED);
	json_object_foreach(topics, tname, t)
	{
		json_object_foreach(json_object_get(t, "partitions"), pname, p)
		{
			lag = json_object_get(p, "consumer_lag");
			if (pname[0] == '-' || !json_is_integer(lag) || json_integer_value(lag) < 0)
				continue;
			stats_set_l(st, STATS_LAG, (double) json_integer_value(lag), tname, pname);
			stored = json_object_get(p, "consumer_lag_stored");
			if (json_is_integer(stored) && json_integer_value(stored) >= 0)
				stats_set_l(st, STATS_LAG_STORED,
					    (double) json_integer_value(stored), tname, pname);
		}
	}
}

int
kstats_apply(struct stats *st, const char *client, const char *json, size_t len)
{
	json_t *root = json_loadb(json, len, 0, NULL);

	if (!json_is_object(root)) {
		json_decref(root);
		return -EINVAL;
	}
	apply_brokers(st, client, json_object_get(root, "brokers"));
	if (strcmp(client, "consumer") == 0)
		apply_lag(st, json_object_get(root, "topics"));
	json_decref(root);
	return 0;
}
