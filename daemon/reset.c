/*
 * reset: move a consumer group's committed offsets, from the command line.
 *
 * One consumer handle with the daemon's own configuration (so the same
 * brokers, security and group), which never subscribes: it reads the
 * topic's partitions and watermarks, asks the broker for the offsets of a
 * time, and commits the new offsets of every partition in one request, as
 * a client outside the group. Kafka stores such a commit only while the
 * group has no member, and answers UNKNOWN_MEMBER_ID (or a rebalance
 * error) otherwise: that refusal is what makes the reset safe, with no
 * window between a check and the commit.
 *
 * The broker's answer to "the first offset at or after time T" is checked:
 * "none" is believed only if the partition's last message is older than T.
 * A broker that cannot answer by time (librdkafka's mock answers "none" to
 * everything) is caught that way, and the offset is then found by reading
 * the partition: a binary search over its messages' timestamps.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>

#include "config.h"
#include "kafkaconf.h"
#include "log.h"
#include "reset.h"

#define QUERY_MS 10000

/* n digits at *p as a number, *p advanced past them. @returns it, or -1. */
static int
digits(const char **p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char) (*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return v;
}

/* "[.fff...]": milliseconds (further digits are cut). @returns 0, or -1. */
static int
fraction(const char **p, int *ms)
{
	int n = 0;

	*ms = 0;
	if (**p != '.' && **p != ',')
		return 0;
	for ((*p)++; isdigit((unsigned char) **p); (*p)++, n++)
		if (n < 3)
			*ms = *ms * 10 + (**p - '0');
	for (int k = n; k < 3; k++)
		*ms *= 10;
	return n > 0 ? 0 : -1;
}

/* "Z", "+HH:MM", "+HHMM" or "-...": minutes east of UTC. @returns 0, or -1. */
static int
zone(const char **p, int *minutes)
{
	int sign, h, m;

	if (**p == 'Z') {
		(*p)++;
		*minutes = 0;
		return 0;
	}
	if (**p != '+' && **p != '-')
		return -1;
	sign = *(*p)++ == '-' ? -1 : 1;
	if ((h = digits(p, 2)) < 0 || h > 23)
		return -1;
	if (**p == ':')
		(*p)++;
	if ((m = digits(p, 2)) < 0 || m > 59)
		return -1;
	*minutes = sign * (h * 60 + m);
	return 0;
}

int
reset_parse_time(const char *s, int64_t *ms)
{
	const char *p = s;
	struct tm tm = {0}, back;
	int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, off = 0;
	time_t t;

	if ((y = digits(&p, 4)) < 0 || *p++ != '-' || (mo = digits(&p, 2)) < 1 || mo > 12 ||
	    *p++ != '-' || (d = digits(&p, 2)) < 1 || d > 31)
		return -EINVAL;
	if (*p != '\0') {
		if ((*p != 'T' && *p != ' ') || (p++, (h = digits(&p, 2)) < 0) || h > 23 ||
		    *p++ != ':' || (mi = digits(&p, 2)) < 0 || mi > 59)
			return -EINVAL;
		if (*p == ':' &&
		    (p++, (sec = digits(&p, 2)) < 0 || sec > 59 || fraction(&p, &frac) < 0))
			return -EINVAL;
		if (zone(&p, &off) < 0 || *p != '\0') /* a time must say its zone */
			return -EINVAL;
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	/* timegm() would take 2024-02-30 for March 1st: check the day exists. */
	if ((t = timegm(&tm)) == (time_t) -1 || gmtime_r(&t, &back) == NULL || back.tm_mday != d ||
	    back.tm_mon != mo - 1)
		return -EINVAL;
	*ms = ((int64_t) t - (int64_t) off * 60) * 1000 + frac;
	return 0;
}

static void
log_cb(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void) rk;
	log_msg(level, NULL, "kafka: %s: %s", fac, buf);
}

/* Every partition of the topic, offsets unset. @returns a new list, or NULL (err says why). */
static rd_kafka_topic_partition_list_t *
partitions(rd_kafka_t *rk, const char *topic, FILE *err)
{
	rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
	const struct rd_kafka_metadata *md = NULL;
	rd_kafka_topic_partition_list_t *l = NULL;
	rd_kafka_resp_err_t e;

	if (rkt == NULL)
		return NULL;
	e = rd_kafka_metadata(rk, 0, rkt, &md, QUERY_MS);
	if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
		fprintf(err, "newseventsd: topic '%s': metadata: %s\n", topic, rd_kafka_err2str(e));
	else if (md->topic_cnt != 1 || md->topics[0].err != RD_KAFKA_RESP_ERR_NO_ERROR ||
		 md->topics[0].partition_cnt == 0)
		fprintf(err, "newseventsd: topic '%s' does not exist (%s)\n", topic,
			md->topic_cnt == 1 ? rd_kafka_err2str(md->topics[0].err) : "no metadata");
	else if ((l = rd_kafka_topic_partition_list_new(md->topics[0].partition_cnt)) != NULL)
		for (int i = 0; i < md->topics[0].partition_cnt; i++)
			rd_kafka_topic_partition_list_add(l, topic, md->topics[0].partitions[i].id);
	if (md != NULL)
		rd_kafka_metadata_destroy(md);
	rd_kafka_topic_destroy(rkt);
	return l;
}

/*
 * Where the broker can list groups (not librdkafka's mock), refuse early
 * and say how many members run. @returns 1 if the group has members.
 */
static int
group_active(rd_kafka_t *rk, const char *group, FILE *err)
{
	const struct rd_kafka_group_list *gl = NULL;
	int n = 0;

	if (rd_kafka_list_groups(rk, group, &gl, QUERY_MS) != RD_KAFKA_RESP_ERR_NO_ERROR)
		return 0; /* unknown: the commit itself will be refused if it runs */
	for (int i = 0; i < gl->group_cnt; i++)
		if (strcmp(gl->groups[i].group, group) == 0)
			n = gl->groups[i].member_cnt;
	rd_kafka_group_list_destroy(gl);
	if (n > 0)
		fprintf(err,
			"newseventsd: group '%s' has %d active members: stop every newseventsd of "
			"the group, then reset again\n",
			group, n);
	return n > 0;
}

/* The timestamp of the first message at or after offset, read from the partition; -1 if none. */
static int64_t
timestamp_at(rd_kafka_t *rk, const char *topic, int32_t partition, int64_t offset)
{
	rd_kafka_topic_partition_list_t *l = rd_kafka_topic_partition_list_new(1);
	rd_kafka_message_t *m;
	int64_t ts = -1;
	int tries;

	if (l == NULL)
		return -1;
	rd_kafka_topic_partition_list_add(l, topic, partition)->offset = offset;
	if (rd_kafka_assign(rk, l) == RD_KAFKA_RESP_ERR_NO_ERROR)
		for (tries = 0; tries < QUERY_MS / 100 && ts < 0; tries++) {
			if ((m = rd_kafka_consumer_poll(rk, 100)) == NULL)
				continue;
			if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR && m->partition == partition &&
			    m->offset >= offset)
				ts = rd_kafka_message_timestamp(m, NULL);
			rd_kafka_message_destroy(m);
		}
	(void) rd_kafka_assign(rk, NULL);
	rd_kafka_topic_partition_list_destroy(l);
	return ts;
}

/*
 * The broker said no message of [lo, hi) is at or after ms: check with the
 * last one, and search by reading if the broker was wrong. @returns the
 * first offset at or after ms, hi if there is none.
 */
static int64_t
by_reading(rd_kafka_t *rk, const char *topic, int32_t partition, int64_t lo, int64_t hi, int64_t ms)
{
	int64_t mid;

	if (lo >= hi || timestamp_at(rk, topic, partition, hi - 1) < ms)
		return hi;    /* the broker was right */
	while (lo < hi - 1) { /* invariant: the message at hi - 1 is at or after ms */
		mid = lo + (hi - 1 - lo) / 2;
		if (timestamp_at(rk, topic, partition, mid) >= ms)
			hi = mid + 1;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The offsets to commit: to[i] for each partition of l. @returns 0, or -1 (err says why). */
static int
targets(rd_kafka_t *rk, const rd_kafka_topic_partition_list_t *l, const char *spec, int64_t ms,
	int64_t *to, FILE *err)
{
	rd_kafka_topic_partition_list_t *t = rd_kafka_topic_partition_list_copy(l);
	rd_kafka_resp_err_t e = RD_KAFKA_RESP_ERR_NO_ERROR;
	int64_t lo, hi;
	int timed = strcmp(spec, "earliest") != 0 && strcmp(spec, "latest") != 0;

	if (t == NULL)
		return -1;
	for (int i = 0; i < t->cnt; i++)
		t->elems[i].offset = ms;
	if (timed)
		e = rd_kafka_offsets_for_times(rk, t, QUERY_MS);
	for (int i = 0; i < l->cnt && e == RD_KAFKA_RESP_ERR_NO_ERROR; i++) {
		e = rd_kafka_query_watermark_offsets(rk, l->elems[i].topic, l->elems[i].partition,
						     &lo, &hi, QUERY_MS);
		if (e == RD_KAFKA_RESP_ERR_NO_ERROR && timed)
			e = t->elems[i].err;
		if (!timed)
			to[i] = spec[0] == 'e' ? lo : hi;
		else if (t->elems[i].offset >= 0)
			to[i] = t->elems[i].offset;
		else /* none at or after the time, says the broker: check, then the end */
			to[i] =
			    by_reading(rk, l->elems[i].topic, l->elems[i].partition, lo, hi, ms);
	}
	rd_kafka_topic_partition_list_destroy(t);
	if (e != RD_KAFKA_RESP_ERR_NO_ERROR)
		fprintf(err, "newseventsd: cannot find the offsets for '%s': %s\n", spec,
			rd_kafka_err2str(e));
	return e == RD_KAFKA_RESP_ERR_NO_ERROR ? 0 : -1;
}

/* Commit to as a client outside the group. @returns 0 or an exit status. */
static int
commit(rd_kafka_t *rk, rd_kafka_topic_partition_list_t *l, const int64_t *to, const char *group,
       FILE *err)
{
	rd_kafka_resp_err_t e;

	for (int i = 0; i < l->cnt; i++)
		l->elems[i].offset = to[i];
	e = rd_kafka_commit(rk, l, 0);
	for (int i = 0; i < l->cnt && e == RD_KAFKA_RESP_ERR_NO_ERROR; i++)
		e = l->elems[i].err;
	if (e == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID || e == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION ||
	    e == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS) {
		fprintf(
		    err,
		    "newseventsd: group '%s' has active members (the broker refused the commit: "
		    "%s): stop every newseventsd of the group, then reset again\n",
		    group, rd_kafka_err2str(e));
		return RESET_EXIT_ACTIVE;
	}
	if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
		fprintf(err, "newseventsd: commit to group '%s': %s\n", group, rd_kafka_err2str(e));
		return RESET_EXIT_UNAVAILABLE;
	}
	return 0;
}

static void
report(const rd_kafka_topic_partition_list_t *old, const int64_t *to, const char *group,
       const char *spec, FILE *out)
{
	long long again = 0, skipped = 0, was;

	fprintf(out, "group '%s', topic '%s': committed offsets set to %s\n", group,
		old->elems[0].topic, spec);
	for (int i = 0; i < old->cnt; i++) {
		was = old->elems[i].offset;
		if (was >= 0) {
			again += was > to[i] ? was - to[i] : 0;
			skipped += to[i] > was ? to[i] - was : 0;
			fprintf(out, "partition %d: %lld -> %lld\n", (int) old->elems[i].partition,
				was, (long long) to[i]);
		} else {
			fprintf(out, "partition %d: none -> %lld\n", (int) old->elems[i].partition,
				(long long) to[i]);
		}
	}
	fprintf(out, "%d partitions: %lld articles will be processed again, %lld skipped\n",
		old->cnt, again, skipped);
}

int
reset_offsets(const struct config *cfg, const char *spec, FILE *out, FILE *err)
{
	rd_kafka_topic_partition_list_t *l = NULL, *old = NULL;
	rd_kafka_conf_t *kc;
	rd_kafka_t *rk;
	char errbuf[512], group[256];
	size_t glen = sizeof(group);
	int64_t ms = 0, *to = NULL;
	int rc = RESET_EXIT_UNAVAILABLE;

	if (strcmp(spec, "earliest") != 0 && strcmp(spec, "latest") != 0 &&
	    reset_parse_time(spec, &ms) < 0) {
		fprintf(err,
			"newseventsd: --reset-offsets: '%s' is not earliest, latest or an ISO 8601 "
			"time (2024-05-01, 2024-05-01T12:00:00Z, 2024-05-01T14:00+02:00)\n",
			spec);
		return RESET_EXIT_USAGE;
	}
	if ((kc = kafkaconf_new(cfg, CONFIG_CLIENT_CONSUMER, errbuf, sizeof(errbuf))) == NULL) {
		fprintf(err, "newseventsd: %s\n", errbuf);
		return 78;
	}
	(void) rd_kafka_conf_get(kc, "group.id", group, &glen);
	rd_kafka_conf_set_log_cb(kc, log_cb);
	if ((rk = rd_kafka_new(RD_KAFKA_CONSUMER, kc, errbuf, sizeof(errbuf))) == NULL) {
		rd_kafka_conf_destroy(kc);
		fprintf(err, "newseventsd: %s\n", errbuf);
		return 78;
	}
	if ((l = partitions(rk, cfg->input_topic, err)) == NULL ||
	    (old = rd_kafka_topic_partition_list_copy(l)) == NULL ||
	    (to = calloc((size_t) l->cnt, sizeof(*to))) == NULL)
		goto out;
	if (group_active(rk, group, err)) {
		rc = RESET_EXIT_ACTIVE;
		goto out;
	}
	if (rd_kafka_committed(rk, old, QUERY_MS) != RD_KAFKA_RESP_ERR_NO_ERROR) {
		fprintf(err, "newseventsd: cannot read the committed offsets of group '%s'\n",
			group);
		goto out;
	}
	if (targets(rk, l, spec, ms, to, err) < 0 || (rc = commit(rk, l, to, group, err)) != 0)
		goto out;
	report(old, to, group, spec, out);
out:
	free(to);
	if (old != NULL)
		rd_kafka_topic_partition_list_destroy(old);
	if (l != NULL)
		rd_kafka_topic_partition_list_destroy(l);
	rd_kafka_destroy(rk);
	return rc;
}
