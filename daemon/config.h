/*
 * config: the daemon's configuration, one immutable snapshot.
 *
 * A properties file (key=value, '#' comments) as librdkafka and kcat users
 * expect, then -X key=value overrides in command-line order. Every key is
 * declared once in a table (name, type, default, range, reloadable, help);
 * keys beginning "kafka." pass to librdkafka ("kafka.consumer." and
 * "kafka.producer." to one client only) and are checked with
 * rd_kafka_conf_set at load time, so a bad librdkafka property is reported
 * with its file and line too. Every error found is reported, not just the
 * first, one per line: "FILE:LINE: key 'K': why" (overrides say "-X:N").
 */
#ifndef NE_CONFIG_H
#define NE_CONFIG_H

#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

/* Which librdkafka client a pass-through property is for. */
enum config_client {
	CONFIG_CLIENT_BOTH,	/* kafka.X */
	CONFIG_CLIENT_CONSUMER, /* kafka.consumer.X */
	CONFIG_CLIENT_PRODUCER	/* kafka.producer.X */
};

struct config_kafka_prop {
	enum config_client client;
	char *name; /* librdkafka property name, without the prefix */
	char *value;
	char *origin; /* "FILE:LINE" or "-X:N" */
	char *ref;    /* "@file:PATH" or "@credential:NAME" the value was read from, or NULL */
};

/* input.field.id, .url, .source, .title, .text, .html, .published_at, .language (fieldmap.h order)
 */
#define CONFIG_INPUT_FIELDS 8

struct config {
	int refs;
	char *path;		      /* file loaded, or NULL for built-in defaults */
	char *input_topic;	      /* input.topic = articles */
	char *output_topic;	      /* output.topic = events */
	char *deadletter_topic;	      /* deadletter.topic = articles.deadletter */
	unsigned workers;	      /* workers = 0: one per online CPU */
	unsigned max_inflight;	      /* max.inflight = 1000 */
	size_t max_article_bytes;     /* max.article.bytes = 4MiB */
	unsigned shutdown_timeout_ms; /* shutdown.timeout.ms = 30000 */
	unsigned revoke_timeout_ms;   /* revoke.timeout.ms = 10000 */
	unsigned status_interval_ms;  /* status.interval.ms = 5000 */
	char *lexicon_dir;	      /* lexicon.dir = "" (beside the binary, then installed) */
	int log_level;		      /* log.level = info (syslog 0..7) */
	char *metrics_listen;	      /* metrics.listen = "" (off) or HOST:PORT */
	int extract;		      /* extract = true; false = pass-through benchmark mode */
	char *unsupported_action;     /* unsupported.action = skip | deadletter | topic:NAME */
	char *input_field[CONFIG_INPUT_FIELDS]; /* input.field.NAME = members ("" = none) */
	char *auto_offset_reset;	 /* from kafka.auto.offset.reset, default "earliest" */
	unsigned commit_interval_ms;	 /* kafka.auto.commit.interval.ms = 20 */
	struct config_kafka_prop *kafka; /* in file-then-override order */
	size_t nkafka;
};

/*
 * Load path (NULL: the built-in defaults; if path is the default path and
 * the file does not exist, the defaults too when missing_ok) and apply the
 * overrides ("key=value" strings, borrowed). On error, writes every message,
 * one per line, to errfp and returns -EINVAL (bad values) or -errno (I/O).
 * @returns 0 and a new config (refcount 1) in *ret.
 * @locality main thread at start-up or on SIGHUP.
 */
int config_load(const char *path, int missing_ok, const char *const *overrides, size_t noverrides,
		struct config **ret, FILE *errfp);

struct config *config_ref(struct config *);
struct config *config_unref(struct config *); /* NULL-safe; @returns NULL */

/*
 * Print the effective configuration as a loadable properties file: every
 * key with its value, then the kafka.* pass-through in order. A value read
 * from a file or credential is printed as its reference. Unless
 * show_secrets, a secret set in the file itself is printed as a comment
 * saying where it was set; otherwise a file printed this way loads back to
 * an equal config.
 */
void config_print(const struct config *, FILE *fp, int show_secrets);

/* Print every key with its default and help text (for --help). */
void config_print_keys(FILE *fp);

/*
 * Reloadable keys differ only? @returns 1 if newc can replace oldc without a
 * restart; else 0 with the first key that needs one in *ret_key.
 */
int config_reloadable(const struct config *oldc, const struct config *newc, const char **ret_key);

/* Where the configuration comes from, so that SIGHUP can read it again. */
struct config_source {
	const char *path; /* NULL: none */
	int missing_ok;	  /* a missing default file means the defaults */
	const char *const *overrides;
	size_t noverrides;
};

/*
 * Called for each key whose value changed: reloadable says whether SIGHUP
 * may apply it. The values are as a file would spell them, except for
 * pass-through properties, which may hold secrets: "(set)", "(unset)" or
 * "(changed)" stand in for them.
 */
typedef void (*config_change_fn)(void *arg, const char *key, int reloadable, const char *oldv,
				 const char *newv);

/* Report every key whose value differs. @returns how many. */
size_t config_diff(const struct config *oldc, const struct config *newc, config_change_fn fn,
		   void *arg);

/*
 * What a reload puts in force: running, with the reloadable keys of
 * loaded. @returns a new config (refcount 1), or NULL on ENOMEM.
 */
struct config *config_merge(const struct config *running, const struct config *loaded);

/*
 * Parse a metrics.listen value, "HOST:PORT" with HOST an IPv4 address or an
 * IPv6 one in brackets, into *ss and *len (either may be NULL).
 * @returns 0, or -EINVAL with why ("is not HOST:PORT ...").
 */
int config_listen_addr(const char *v, struct sockaddr_storage *ss, socklen_t *len, char *why,
		       size_t whysz);

#endif /* NE_CONFIG_H */
