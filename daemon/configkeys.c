/*
 * configkeys: the table of configuration keys, and what values each takes.
 *
 * Every key the daemon knows is one row of keys[] below: its name, type,
 * default (written as it would be in the file), range, place in struct
 * config, whether SIGHUP may change it, and its help text. This file parses
 * a value for a key into struct config, spells it back as the file would,
 * and frees it; the defaults go through the same parser as the file, so a
 * bad default fails the first test. Reading the file and the overrides, the
 * "FILE:LINE: key 'K': why" errors and the snapshot's life are config.c's.
 *
 * The other keys beginning "kafka." pass through to librdkafka. Each is
 * tried with rd_kafka_conf_set on a fresh scratch conf, so librdkafka itself
 * judges the name and the value, and its errstr is the "why" the user reads.
 * The few properties the daemon's guarantees rest on are refused here
 * (managed[]) rather than silently overridden later, and auto.offset.reset
 * and auto.commit.interval.ms are table keys because the daemon acts on
 * them itself (captured[]).
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <netdb.h>
#include <sys/socket.h>

#include <librdkafka/rdkafka.h>

#include "../workers/fieldmap.h"
#include "config.h"
#include "configkeys.h"
#include "secret.h"

enum ck_type {
	CK_STRING,   /* min..max is the length in bytes */
	CK_LISTEN,   /* empty, or HOST:PORT to listen on (config_listen_addr) */
	CK_TOPIC,    /* a Kafka topic name */
	CK_UINT,     /* unsigned int */
	CK_SIZE,     /* size_t, with optional KiB/MiB/GiB */
	CK_BOOL,     /* int 0/1 */
	CK_LOGLEVEL, /* int 0..7, syslog names or digits */
	CK_ENUM	     /* char *, one of values[] */
};

struct config_key {
	const char *name;
	enum ck_type type;
	const char *def;
	unsigned long long min, max;
	size_t offset;
	int reloadable;
	const char *help;
	const char *const *values; /* CK_ENUM only, NULL-terminated */
	/* CK_STRING only, or NULL: @returns NULL if v is good, else why not (in why[]). */
	const char *(*check)(const char *v, char *why, size_t whysz);
};

#define RELOAD_NO 0
#define RELOAD_YES 1
#define KiB 1024ULL
#define MiB (1024ULL * KiB)
#define GiB (1024ULL * MiB)
#define F(m) offsetof(struct config, m)
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
/* The member of struct config that key k describes, as an lvalue of type t. */
#define FIELD(c, k, t) (*(t *) ((char *) (c) + (k)->offset))
#define CFIELD(c, k, t) (*(t const *) ((const char *) (c) + (k)->offset))

static const char *const offset_resets[] = {"earliest",	 "latest", "smallest", "largest",
					    "beginning", "end",	   "error",    NULL};
static const char *const level_names[] = {"emerg",   "alert",  "crit", "err",
					  "warning", "notice", "info", "debug"};

#define TOPIC_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"

/* unsupported.action: skip, deadletter, or topic:NAME with a valid topic name. */
static const char *
check_unsupported_action(const char *v, char *why, size_t whysz)
{
	size_t n;

	if (strcmp(v, "skip") == 0 || strcmp(v, "deadletter") == 0)
		return NULL;
	if (strncmp(v, "topic:", 6) == 0 && (n = strlen(v + 6)) > 0 && n <= 249 &&
	    strspn(v + 6, TOPIC_CHARS) == n && strcmp(v + 6, ".") != 0 && strcmp(v + 6, "..") != 0)
		return NULL;
	snprintf(why, whysz, "is not skip, deadletter or topic:NAME (NAME a valid topic name)");
	return why;
}

/* input.field.NAME: a comma-separated list of JSON member names (fieldmap_set's rules). */
static const char *
check_members(const char *v, char *why, size_t whysz)
{
	struct fieldmap *m;
	char err[200];
	int r;

	if (*v == '\0')
		return NULL;
	if ((m = fieldmap_new()) == NULL) {
		snprintf(why, whysz, "cannot be checked: out of memory");
		return why;
	}
	r = fieldmap_set(m, "text", v, err, sizeof(err));
	fieldmap_free(m);
	if (r == 0)
		return NULL;
	snprintf(why, whysz, "is not a list of member names: %s", err);
	return why;
}

#define INPUT_FIELD(name, i)                                                                       \
	{                                                                                          \
		"input.field." name, CK_STRING, "", 0, 1024, F(input_field[i]), RELOAD_NO,         \
		    "JSON members (comma-separated, tried in order) that give the article's " name \
		    ", before the recognised formats' own; empty = those only.",                   \
		    NULL, check_members                                                            \
	}

/* The three topics come first (CONFIGKEYS_NTOPICS): config.c's finish() relies on it. */
static const struct config_key keys[] = {
    {"input.topic", CK_TOPIC, "articles", 1, 249, F(input_topic), RELOAD_NO,
     "Kafka topic the articles are consumed from."},
    {"output.topic", CK_TOPIC, "events", 1, 249, F(output_topic), RELOAD_NO,
     "Kafka topic the event records are produced to; it must already exist."},
    {"deadletter.topic", CK_TOPIC, "articles.deadletter", 1, 249, F(deadletter_topic), RELOAD_NO,
     "Kafka topic rejected articles go to, with x-error-* headers; it must already exist."},
    {"workers", CK_UINT, "0", 0, 1024, F(workers), RELOAD_NO,
     "Extraction threads; 0 = one per online CPU."},
    {"max.inflight", CK_UINT, "1000", 1, 1000000, F(max_inflight), RELOAD_NO,
     "Articles held between consume and commit; the partitions are paused when it is reached."},
    {"max.article.bytes", CK_SIZE, "4MiB", 1 * KiB, 64 * MiB, F(max_article_bytes), RELOAD_YES,
     "Larger articles go to the dead-letter topic (too_large); bytes, or with KiB, MiB, GiB."},
    {"shutdown.timeout.ms", CK_UINT, "30000", 100, 3600000, F(shutdown_timeout_ms), RELOAD_YES,
     "On SIGTERM, time to finish the articles in flight, flush the producer and commit."},
    {"revoke.timeout.ms", CK_UINT, "10000", 100, 3600000, F(revoke_timeout_ms), RELOAD_YES,
     "On a rebalance, time for the revoked partitions' articles to finish before they are "
     "committed."},
    {"status.interval.ms", CK_UINT, "5000", 100, 3600000, F(status_interval_ms), RELOAD_YES,
     "Interval between STATUS= reports to systemd."},
    {"lexicon.dir", CK_STRING, "", 0, 4096, F(lexicon_dir), RELOAD_YES,
     "Directory of the dictionaries; empty = beside the binary, then the installed copy."},
    {"log.level", CK_LOGLEVEL, "info", 0, 7, F(log_level), RELOAD_YES,
     "Most verbose level logged: emerg, alert, crit, err, warning, notice, info, debug, or 0..7."},
    {"metrics.listen", CK_LISTEN, "", 0, 262, F(metrics_listen), RELOAD_NO,
     "HTTP endpoint for GET /metrics, /healthz and /ready: HOST:PORT with an IPv4 address or an "
     "[IPv6] one (port 0: any free port, logged); empty = off."},
    {"extract", CK_BOOL, "true", 0, 1, F(extract), RELOAD_NO,
     "false = pass articles through without extraction (the benchmark's baseline)."},
    {"kafka.auto.offset.reset", CK_ENUM, "earliest", 0, 0, F(auto_offset_reset), RELOAD_NO,
     "Where a partition with no committed offset starts: earliest, latest or error.",
     offset_resets},
    {"kafka.auto.commit.interval.ms", CK_UINT, "20", 0, 86400000, F(commit_interval_ms), RELOAD_YES,
     "Least time between two offset commits: stored offsets are committed as soon as this has "
     "passed since the last commit and it was answered; 0 = no spacing."},
    {"unsupported.action", CK_STRING, "skip", 1, 256, F(unsupported_action), RELOAD_NO,
     "Articles in a language the coder does not read: skip (counted per language), deadletter, "
     "or topic:NAME (the original message and x-error-* headers to topic NAME, which must exist).",
     NULL, check_unsupported_action},
    INPUT_FIELD("id", 0),
    INPUT_FIELD("url", 1),
    INPUT_FIELD("source", 2),
    INPUT_FIELD("title", 3),
    INPUT_FIELD("text", 4),
    INPUT_FIELD("html", 5),
    INPUT_FIELD("published_at", 6),
    INPUT_FIELD("language", 7),
};
#define NKEYS NELEM(keys)
_Static_assert(NKEYS == CONFIGKEYS_N, "CONFIGKEYS_N is not the number of keys in keys[]");

int
configkeys_find(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return (int) i;
	return -1;
}

const char *
configkeys_name(size_t i)
{
	assert(i < NKEYS);
	return keys[i].name;
}

int
configkeys_reloadable(size_t i)
{
	assert(i < NKEYS);
	return keys[i].reloadable;
}

/* n as the file would spell it: a size with the largest exact suffix. */
static void
fmt_num(unsigned long long n, int size, char *buf, size_t bufsz)
{
	if (size && n != 0 && n % GiB == 0)
		snprintf(buf, bufsz, "%lluGiB", n / GiB);
	else if (size && n != 0 && n % MiB == 0)
		snprintf(buf, bufsz, "%lluMiB", n / MiB);
	else if (size && n != 0 && n % KiB == 0)
		snprintf(buf, bufsz, "%lluKiB", n / KiB);
	else
		snprintf(buf, bufsz, "%llu", n);
}

/*
 * Parse v as key k and store it in c. On -EINVAL, err holds the "why" of
 * "key 'K': why". Numbers are decimal digits only, since strtoull alone
 * would take blanks, a sign ("-3" wraps to a huge number) and "".
 * @returns 0, -EINVAL or -ENOMEM; c is unchanged on failure.
 */
static int
value_set(struct config *c, const struct config_key *k, const char *v, char *err, size_t errsz)
{
	static const char *const bools[] = {"false", "true", "no", "yes", "off", "on", "0", "1"};
	unsigned long long n, mult = 1;
	const char *why = NULL;
	char *end = NULL, *s, lo[32], hi[32], range[96], lwhy[160];
	size_t i, len = strlen(v);

	if (len == 0 && !((k->type == CK_STRING || k->type == CK_LISTEN) && k->min == 0)) {
		snprintf(err, errsz, "empty value");
		return -EINVAL;
	}
	switch (k->type) {
	case CK_TOPIC:
	case CK_STRING:
	case CK_LISTEN:
	case CK_ENUM:
		for (i = 0; k->values != NULL && k->values[i] != NULL; i++)
			if (strcmp(v, k->values[i]) == 0)
				break;
		if (k->type == CK_TOPIC && (len > k->max || strspn(v, TOPIC_CHARS) != len ||
					    strcmp(v, ".") == 0 || strcmp(v, "..") == 0))
			why = "is not a valid topic name (1..249 of A-Z a-z 0-9 . _ -, not '.' or "
			      "'..')";
		else if ((k->type == CK_STRING || k->type == CK_LISTEN) && len > k->max)
			why = "is too long";
		else if (k->check != NULL && (why = k->check(v, lwhy, sizeof(lwhy))) != NULL)
			;
		else if (k->type == CK_LISTEN && len > 0 &&
			 config_listen_addr(v, NULL, NULL, lwhy, sizeof(lwhy)) < 0)
			why = lwhy;
		else if (k->values != NULL && k->values[i] == NULL)
			why = "is not one of earliest, latest, smallest, largest, beginning, end, "
			      "error";
		else if ((s = strdup(v)) == NULL)
			return -ENOMEM;
		else {
			free(FIELD(c, k, char *));
			FIELD(c, k, char *) = s;
			return 0;
		}
		break;
	case CK_UINT:
	case CK_SIZE:
		errno = 0;
		n = isdigit((unsigned char) v[0]) ? strtoull(v, &end, 10) : 0;
		if (end != NULL && *end != '\0' && k->type == CK_SIZE)
			mult = !strcmp(end, "KiB")   ? KiB
			       : !strcmp(end, "MiB") ? MiB
			       : !strcmp(end, "GiB") ? GiB
						     : 0;
		if (end == NULL || (*end != '\0' && mult <= 1)) {
			why = k->type == CK_UINT
				  ? "is not an unsigned integer"
				  : "is not a size (bytes, or a number with KiB, MiB or GiB)";
		} else if (errno == ERANGE || n > ULLONG_MAX / mult || n * mult < k->min ||
			   n * mult > k->max) {
			fmt_num(k->min, k->type == CK_SIZE, lo, sizeof(lo));
			fmt_num(k->max, k->type == CK_SIZE, hi, sizeof(hi));
			snprintf(range, sizeof(range), "is out of range %s..%s", lo, hi);
			why = range;
		} else if (k->type == CK_UINT) {
			FIELD(c, k, unsigned) = (unsigned) n;
		} else {
			FIELD(c, k, size_t) = (size_t) (n * mult);
		}
		break;
	case CK_BOOL:
		for (i = 0; i < NELEM(bools) && strcasecmp(v, bools[i]) != 0; i++)
			;
		if (i == NELEM(bools))
			why = "is not a boolean (true/false, yes/no, on/off, 1/0)";
		else
			FIELD(c, k, int) = (int) (i & 1);
		break;
	case CK_LOGLEVEL:
		for (i = 0; i < NELEM(level_names) && strcasecmp(v, level_names[i]) != 0 &&
			    !(v[0] == (char) ('0' + i) && v[1] == '\0');
		     i++)
			;
		if (i == NELEM(level_names))
			why = "is not a log level (emerg, alert, crit, err, warning, notice, info, "
			      "debug, or 0..7)";
		else
			FIELD(c, k, int) = (int) i;
		break;
	}
	if (why == NULL)
		return 0;
	snprintf(err, errsz, "value '%.80s' %s", v, why);
	return -EINVAL;
}

/* The value of key k in c as the file would spell it, in buf. */
static const char *
value_str(const struct config *c, const struct config_key *k, char *buf, size_t bufsz)
{
	switch (k->type) {
	case CK_STRING:
	case CK_LISTEN:
	case CK_TOPIC:
	case CK_ENUM:
		return CFIELD(c, k, char *);
	case CK_UINT:
		snprintf(buf, bufsz, "%u", CFIELD(c, k, unsigned));
		return buf;
	case CK_SIZE:
		fmt_num(CFIELD(c, k, size_t), 1, buf, bufsz);
		return buf;
	case CK_BOOL:
		return CFIELD(c, k, int) ? "true" : "false";
	case CK_LOGLEVEL:
		return level_names[CFIELD(c, k, int) & 7];
	}
	return "";
}

int
configkeys_set(struct config *c, size_t i, const char *v, char *err, size_t errsz)
{
	assert(i < NKEYS);
	return value_set(c, &keys[i], v, err, errsz);
}

const char *
configkeys_get(const struct config *c, size_t i, char *buf, size_t bufsz)
{
	assert(i < NKEYS);
	return value_str(c, &keys[i], buf, bufsz);
}

int
configkeys_set_defaults(struct config *c)
{
	char err[256];
	size_t i;
	int r = 0;

	for (i = 0; i < NKEYS && r == 0; i++) {
		r = value_set(c, &keys[i], keys[i].def, err, sizeof(err));
		assert(r != -EINVAL && "a default in keys[] does not parse");
	}
	return r;
}

void
configkeys_release(struct config *c)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (keys[i].type == CK_STRING || keys[i].type == CK_LISTEN ||
		    keys[i].type == CK_TOPIC || keys[i].type == CK_ENUM)
			free(FIELD(c, &keys[i], char *));
}

/* For --help: "[restart]" on the keys SIGHUP cannot change. */
void
configkeys_print(FILE *fp)
{
	char lo[32], hi[32];
	const struct config_key *k;
	size_t i;

	for (i = 0; i < NKEYS; i++) {
		k = &keys[i];
		fprintf(fp, "  %s =%s%s", k->name, *k->def != '\0' ? " " : "", k->def);
		if (k->type == CK_UINT || k->type == CK_SIZE) {
			fmt_num(k->min, k->type == CK_SIZE, lo, sizeof(lo));
			fmt_num(k->max, k->type == CK_SIZE, hi, sizeof(hi));
			fprintf(fp, "  (%s..%s)", lo, hi);
		}
		fprintf(fp, "%s\n      %s\n", k->reloadable ? "" : "  [restart]", k->help);
	}
}

/*
 * Parse "HOST:PORT" (HOST an IPv4 address, or an IPv6 one in brackets;
 * PORT 0..65535) into *ss and *len, either of which may be NULL. Numbers
 * only, so no name is ever looked up. @returns 0, or -EINVAL with the
 * "why" of "value 'V' why" in why. Declared in config.h, for metrics.c
 * too; here because it is the parser of CK_LISTEN values.
 * @locality any thread.
 */
int
config_listen_addr(const char *v, struct sockaddr_storage *ss, socklen_t *len, char *why,
		   size_t whysz)
{
	struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
				 .ai_socktype = SOCK_STREAM};
	struct addrinfo *ai = NULL;
	char host[256];
	const char *colon, *port, *end = NULL;
	size_t hlen;

	if (v[0] == '[' && (end = strchr(v, ']')) != NULL && end[1] == ':') {
		hlen = (size_t) (end - v - 1);
		memcpy(host, v + 1, hlen < sizeof(host) ? hlen : 0);
		colon = end + 1;
	} else if ((colon = strrchr(v, ':')) != NULL &&
		   memchr(v, ':', (size_t) (colon - v)) == NULL) {
		hlen = (size_t) (colon - v);
		memcpy(host, v, hlen < sizeof(host) ? hlen : 0);
	} else {
		snprintf(why, whysz,
			 "is not HOST:PORT (an IPv6 address goes in brackets: [::1]:9464)");
		return -EINVAL;
	}
	port = colon + 1;
	if (hlen == 0 || hlen >= sizeof(host) || *port == '\0' || strlen(port) > 5 ||
	    strspn(port, "0123456789") != strlen(port) || atoi(port) > 65535) {
		snprintf(why, whysz, "is not HOST:PORT with a port from 0 to 65535");
		return -EINVAL;
	}
	host[hlen] = '\0';
	if (getaddrinfo(host, port, &hints, &ai) != 0 || ai == NULL) {
		snprintf(why, whysz,
			 "is not HOST:PORT with HOST an IP address ('%.64s' is not one; "
			 "no name is looked up)",
			 host);
		return -EINVAL;
	}
	if (ss != NULL)
		memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	if (len != NULL)
		*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

/*
 * Optimal string alignment distance (Levenshtein plus swaps of neighbours),
 * ignoring case since keys are all lower case; 99 for long strings.
 */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[40][40];

	if (la >= 40 || lb >= 40)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			size_t best =
			    d[i - 1][j - 1] + (tolower((unsigned char) a[i - 1]) != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && tolower((unsigned char) a[i - 1]) == b[j - 2] &&
			    tolower((unsigned char) a[i - 2]) == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

const char *
configkeys_nearest(const char *name)
{
	const char *best = NULL;
	size_t i, d, bestd = 3;

	for (i = 0; i < NKEYS; i++)
		if ((d = edit_distance(name, keys[i].name)) < bestd) {
			bestd = d;
			best = keys[i].name;
		}
	return best;
}

int
configkeys_kafka_known(const char *name, const char *v)
{
	rd_kafka_conf_t *kc;
	rd_kafka_conf_res_t res;
	char errstr[256];

	if ((kc = rd_kafka_conf_new()) == NULL)
		return 0;
	res = rd_kafka_conf_set(kc, name, v, errstr, sizeof(errstr));
	rd_kafka_conf_destroy(kc);
	return res != RD_KAFKA_CONF_UNKNOWN;
}

/*
 * librdkafka properties the daemon's guarantees rest on. want NULL: refused
 * whatever the value; else librdkafka's reading of the value (so aliases
 * such as "acks" and spellings such as "f" are caught) must be want.
 */
static const struct {
	const char *name, *want, *why;
} managed[] = {
    {"enable.auto.offset.store", NULL,
     "an offset is stored only once its article and every earlier one are done"},
    {"enable.auto.commit", "false",
     "stored offsets are committed by the daemon, see kafka.auto.commit.interval.ms"},
    {"transactional.id", NULL, "the producer is idempotent, not transactional"},
    {"enable.idempotence", "true", "the producer must be idempotent"},
    {"request.required.acks", "-1", "acks must be all"},
};

/*
 * Consumer properties the daemon implements itself: table keys, taken out
 * of the pass-through whichever prefix (kafka., kafka.consumer.) they come with.
 */
static const char *const captured[] = {"kafka.auto.offset.reset", "kafka.auto.commit.interval.ms"};

int
configkeys_find_captured(const char *prop)
{
	for (size_t i = 0; i < NELEM(captured); i++)
		if (strcmp(prop, captured[i] + strlen("kafka.")) == 0)
			return configkeys_find(captured[i]);
	return -1;
}

/* @returns 1 if librdkafka holds a value for name and it is not want. */
static int
conf_differs(rd_kafka_conf_t *kc, const char *name, const char *want)
{
	char buf[64];
	size_t sz = sizeof(buf);

	return rd_kafka_conf_get(kc, name, buf, &sz) == RD_KAFKA_CONF_OK && strcmp(buf, want) != 0;
}

/* On a fresh conf, so that earlier properties do not hide this one's effect. */
int
configkeys_kafka_check(const char *name, const char *v, configkeys_refuse_fn refuse, void *arg)
{
	rd_kafka_conf_t *kc;
	rd_kafka_conf_res_t res;
	char errstr[512], why[1024];
	const char *shown;
	size_t i;

	if ((kc = rd_kafka_conf_new()) == NULL)
		return -ENOMEM;
	/* As the consumer and producer modules will; the user may not change them. */
	for (i = 0; i < NELEM(managed); i++)
		if (managed[i].want != NULL) {
			res = rd_kafka_conf_set(kc, managed[i].name, managed[i].want, errstr,
						sizeof(errstr));
			assert(res == RD_KAFKA_CONF_OK);
		}
	res = rd_kafka_conf_set(kc, name, v, errstr, sizeof(errstr));
	shown = res == RD_KAFKA_CONF_OK || !secret_sensitive(name) ? v : "(secret)";
	if (res == RD_KAFKA_CONF_UNKNOWN) {
		snprintf(why, sizeof(why), "librdkafka: %s", errstr);
		refuse(arg, why);
	} else if (res != RD_KAFKA_CONF_OK) {
		snprintf(why, sizeof(why), "value '%.80s' refused by librdkafka: %s", shown,
			 shown == v ? errstr : "a secret's value is not repeated");
		refuse(arg, why);
	}
	for (i = 0; res == RD_KAFKA_CONF_OK && i < NELEM(managed); i++)
		if (managed[i].want == NULL ? strcmp(name, managed[i].name) == 0
					    : conf_differs(kc, managed[i].name, managed[i].want)) {
			snprintf(why, sizeof(why),
				 "value '%.80s' refused: managed by newseventsd (%s)", v,
				 managed[i].why);
			refuse(arg, why);
			res = RD_KAFKA_CONF_INVALID;
		}
	rd_kafka_conf_destroy(kc);
	return res != RD_KAFKA_CONF_OK;
}
