/*
 * embedded: run librdkafka's mock cluster inside the daemon.
 *
 * The mock cluster needs a client handle to live in; a bare producer handle
 * with no brokers of its own serves. Its brokers listen on 127.0.0.1 only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "embedded.h"

struct embedded {
	rd_kafka_t *rk;
	rd_kafka_mock_cluster_t *mock;
	char *bootstraps;
};

int
embedded_start(const char *const *topics, size_t ntopics, int partitions, struct embedded **ret,
	       char *errbuf, size_t errbufsz)
{
	struct embedded *e;
	rd_kafka_conf_t *kc;
	char err[512];

	if ((e = calloc(1, sizeof(*e))) == NULL || (kc = rd_kafka_conf_new()) == NULL) {
		free(e);
		snprintf(errbuf, errbufsz, "out of memory");
		return -ENOMEM;
	}
	if (rd_kafka_conf_set(kc, "log_level", "3", err, sizeof(err)) != RD_KAFKA_CONF_OK ||
	    (e->rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err))) == NULL) {
		rd_kafka_conf_destroy(kc);
		snprintf(errbuf, errbufsz, "embedded broker: %s", err);
		goto fail;
	}
	if ((e->mock = rd_kafka_mock_cluster_new(e->rk, 1)) == NULL) {
		snprintf(errbuf, errbufsz, "embedded broker: cannot start the mock cluster");
		goto fail;
	}
	for (size_t i = 0; i < ntopics; i++) {
		rd_kafka_resp_err_t r =
		    rd_kafka_mock_topic_create(e->mock, topics[i], partitions, 1);

		if (r != RD_KAFKA_RESP_ERR_NO_ERROR) {
			snprintf(errbuf, errbufsz, "embedded broker: topic '%s': %s", topics[i],
				 rd_kafka_err2str(r));
			goto fail;
		}
	}
	if ((e->bootstraps = strdup(rd_kafka_mock_cluster_bootstraps(e->mock))) == NULL) {
		snprintf(errbuf, errbufsz, "out of memory");
		goto fail;
	}
	*ret = e;
	return 0;
fail:
	embedded_stop(e);
	return -EIO;
}

const char *
embedded_bootstraps(const struct embedded *e)
{
	return e->bootstraps;
}

void
embedded_stop(struct embedded *e)
{
	if (e == NULL)
		return;
	if (e->mock != NULL)
		rd_kafka_mock_cluster_destroy(e->mock);
	if (e->rk != NULL)
		rd_kafka_destroy(e->rk);
	free(e->bootstraps);
	free(e);
}
