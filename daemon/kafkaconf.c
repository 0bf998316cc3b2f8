/*
 * kafkaconf: build each client's rd_kafka_conf_t from the configuration.
 *
 * The defaults are chosen for at-least-once delivery with bounded memory:
 * offsets are stored by the daemon only once an article is done, and
 * committed by the daemon too (intake.c), soon after they are stored,
 * rather than on librdkafka's auto-commit timer; the prefetch queue is smaller than
 * librdkafka's 64 MiB default; the producer is idempotent and its queue
 * bounded, so QUEUE_FULL becomes backpressure instead of memory growth.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kafkaconf.h"

struct prop {
	const char *name;
	const char *value;
};

static const struct prop consumer_defaults[] = {
    {"partition.assignment.strategy", "cooperative-sticky"},
    {"queued.max.messages.kbytes", "16384"},
    {"reconnect.backoff.max.ms", "2000"},
    {"statistics.interval.ms", "5000"}, /* lag and broker states for /metrics and STATUS= */
    {NULL, NULL}};

static const struct prop consumer_owned[] = {
    /* Offsets are stored only through the completion tracker, and committed by intake.c. */
    {"enable.auto.offset.store", "false"},
    {"enable.auto.commit", "false"},
    {"enable.partition.eof", "false"},
    {"log.queue", "true"},
    {NULL, NULL}};

static const struct prop producer_defaults[] = {
    /* A missing output topic is a start-up error, not a topic created on the fly. */
    {"allow.auto.create.topics", "false"},
    {"linger.ms", "5"},
    {"queue.buffering.max.kbytes", "262144"},
    {"message.timeout.ms", "300000"},
    {"reconnect.backoff.max.ms", "2000"},
    {"compression.codec", "none"},
    {"statistics.interval.ms", "5000"},
    /*
     * A dead letter is the whole original message, which may be larger than
     * max.article.bytes (too_large) and carry a large key: allow what the
     * consumer can receive (receive.message.max.bytes, 100000000 by
     * default) instead of librdkafka's 1000000, which stopped the daemon
     * (exit 75, again after every restart) on any message over about 1 MB.
     */
    {"message.max.bytes", "100000000"},
    {NULL, NULL}};

static const struct prop producer_owned[] = {
    {"enable.idempotence", "true"}, {"acks", "all"}, {"log.queue", "true"}, {NULL, NULL}};

static int
set_all(rd_kafka_conf_t *kc, const struct prop *p, char *errbuf, size_t errbufsz)
{
	char err[512];

	for (; p->name != NULL; p++)
		if (rd_kafka_conf_set(kc, p->name, p->value, err, sizeof(err)) !=
		    RD_KAFKA_CONF_OK) {
			snprintf(errbuf, errbufsz, "built-in property %s=%s: %s", p->name, p->value,
				 err);
			return -1;
		}
	return 0;
}

/*
 * Properties of one client only. A "kafka.X" property (for both clients) of
 * this kind is given to its own client alone, so that librdkafka does not
 * warn that the other ignores it.
 */
static const char *const consumer_only[] = {"group.",
					    "session.timeout.ms",
					    "heartbeat.interval.ms",
					    "max.poll.interval.ms",
					    "fetch.",
					    "auto.",
					    "enable.auto.",
					    "partition.assignment.strategy",
					    "isolation.level",
					    "queued.",
					    "check.crcs",
					    "enable.partition.eof",
					    "allow.auto.create.topics",
					    NULL};
static const char *const producer_only[] = {"acks",
					    "request.required.acks",
					    "linger.ms",
					    "queue.buffering.",
					    "batch.",
					    "compression.",
					    "message.timeout.ms",
					    "delivery.timeout.ms",
					    "enable.idempotence",
					    "transactional.id",
					    "transaction.timeout.ms",
					    "message.send.max.retries",
					    "retries",
					    "sticky.partitioning",
					    NULL};

static int
prefixed(const char *name, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++) {
		size_t n = strlen(list[i]);

		if (list[i][n - 1] == '.' ? strncmp(name, list[i], n) == 0
					  : strcmp(name, list[i]) == 0)
			return 1;
	}
	return 0;
}

static int
applies(const struct config_kafka_prop *p, enum config_client client)
{
	if (p->client != CONFIG_CLIENT_BOTH)
		return p->client == client;
	if (client == CONFIG_CLIENT_PRODUCER)
		return !prefixed(p->name, consumer_only);
	return !prefixed(p->name, producer_only);
}

rd_kafka_conf_t *
kafkaconf_new(const struct config *cfg, enum config_client client, char *errbuf, size_t errbufsz)
{
	rd_kafka_conf_t *kc = rd_kafka_conf_new();
	char err[512], host[256], id[300];

	if (kc == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		return NULL;
	}
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	snprintf(id, sizeof(id), "newseventsd@%s", host);
	if (rd_kafka_conf_set(kc, "client.id", id, err, sizeof(err)) != RD_KAFKA_CONF_OK ||
	    set_all(kc, client == CONFIG_CLIENT_CONSUMER ? consumer_defaults : producer_defaults,
		    errbuf, errbufsz) < 0)
		goto fail;
	for (size_t i = 0; i < cfg->nkafka; i++) {
		const struct config_kafka_prop *p = &cfg->kafka[i];

		if (!applies(p, client))
			continue;
		if (rd_kafka_conf_set(kc, p->name, p->value, err, sizeof(err)) !=
		    RD_KAFKA_CONF_OK) {
			snprintf(errbuf, errbufsz, "%s: kafka property '%s': %s", p->origin,
				 p->name, err);
			goto fail;
		}
	}
	if (set_all(kc, client == CONFIG_CLIENT_CONSUMER ? consumer_owned : producer_owned, errbuf,
		    errbufsz) < 0)
		goto fail;
	/* Captured by config_load; a reset that skips data is reported by the loop, never silent.
	 */
	if (client == CONFIG_CLIENT_CONSUMER &&
	    rd_kafka_conf_set(kc, "auto.offset.reset", cfg->auto_offset_reset, err, sizeof(err)) !=
		RD_KAFKA_CONF_OK) {
		snprintf(errbuf, errbufsz, "auto.offset.reset=%s: %s", cfg->auto_offset_reset, err);
		goto fail;
	}
	return kc;
fail:
	rd_kafka_conf_destroy(kc);
	return NULL;
}
