/*
 * kafkaconf: librdkafka configuration for one of the daemon's two clients.
 *
 * Our defaults first (the at-least-once settings of STREAMING-NOTES §3),
 * then the user's kafka.* and kafka.consumer.* / kafka.producer.*
 * properties in file order, then the properties the daemon must own, which
 * config_load has already refused to accept from the user.
 */
#ifndef NE_KAFKACONF_H
#define NE_KAFKACONF_H

#include <stddef.h>

#include <librdkafka/rdkafka.h>

#include "config.h"

/*
 * @returns a new conf for the client (CONFIG_CLIENT_CONSUMER or
 * CONFIG_CLIENT_PRODUCER), or NULL with the property, its origin and
 * librdkafka's message in errbuf.
 */
rd_kafka_conf_t *kafkaconf_new(const struct config *cfg, enum config_client client, char *errbuf,
			       size_t errbufsz);

/* @returns the value the user gave for a property (last one wins), or NULL. */
const char *kafkaconf_user_value(const struct config *cfg, enum config_client client,
				 const char *name);

#endif /* NE_KAFKACONF_H */
