/*
 * config: read the daemon's configuration into one immutable snapshot.
 *
 * Every key the daemon knows is one row of keys[] below: its name, type,
 * default (written as it would be in the file), range, place in struct
 * config, whether SIGHUP may change it, and its help text. Loading starts
 * from the defaults (parsed by the same code as the file, so a bad default
 * fails the first test), then applies the file line by line, then the -X
 * overrides in order, so a later assignment wins.
 *
 * The other keys beginning "kafka." pass through to librdkafka. Each is
 * tried with rd_kafka_conf_set on a fresh scratch conf, so librdkafka itself
 * judges the name and the value and its errstr reaches the user with the
 * file and line; then it is kept, in order, for the consumer and producer
 * modules to apply. The few properties the daemon's guarantees rest on are
 * refused here (managed[]) rather than silently overridden later, and
 * auto.offset.reset and auto.commit.interval.ms are table keys because the
 * daemon acts on them itself (captured[]).
 *
 * Errors do not stop the load: each is written as one line
 * "FILE:LINE: key 'K': why" (or "-X:N: ...") and counted, and the load
 * fails at the end if any was found, so one run shows every mistake.
 *
 * File syntax: "key = value"; blanks around key and value are ignored; a
 * line whose first non-blank character is '#' is a comment, but a '#' after
 * the '=' is part of the value (librdkafka values may contain one). So a
 * value cannot begin or end with white space, nor hold a line break.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <netdb.h>
#include <sys/socket.h>

#include <librdkafka/rdkafka.h>

#include "../workers/fieldmap.h"
#include "config.h"
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

/* The three topics come first: finish() relies on it. */
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

static const char *const client_prefix[] = {
    [CONFIG_CLIENT_BOTH] = "kafka.",
    [CONFIG_CLIENT_CONSUMER] = "kafka.consumer.",
    [CONFIG_CLIENT_PRODUCER] = "kafka.producer.",
};

#define DEFAULT_GROUP_ID "newseventsd"

/*
 * A key already set in the file, for the duplicate-key error. The keys seen
 * are kept in an open-addressing hash table (linear probing, at most half
 * full, key NULL for an empty slot), so that a file of n distinct keys costs
 * O(n) and not O(n^2) string compares: every key is remembered, unknown ones
 * too, so their number is not bounded by the key table.
 */
struct seen {
	char *key;
	unsigned line;
};

/* The state of one config_load(); lives on its stack. */
struct loader {
	struct config *c;
	FILE *errfp; /* borrowed; may be NULL */
	unsigned nerrors;
	unsigned seq; /* assignments so far, to tell which came later */
	struct {
		const char *file; /* path or "-X"; borrowed */
		unsigned line;
		unsigned seq; /* 0: still the default */
	} set[NKEYS];
	struct seen *seen; /* nseen keys in a table of cap slots; cap 0 or a power of 2 */
	size_t nseen, cap;
};

/*
 * Report one error and count it. @returns 0, so that a caller can report
 * and carry on with the next line: "return lerr(...);".
 */
static int __attribute__((format(printf, 5, 6)))
lerr(struct loader *ld, const char *file, unsigned line, const char *key, const char *fmt, ...)
{
	va_list ap;

	ld->nerrors++;
	if (ld->errfp == NULL)
		return 0;
	fprintf(ld->errfp, "%s:%u: ", file, line);
	if (key != NULL)
		fprintf(ld->errfp, "key '%.128s': ", key);
	va_start(ap, fmt);
	vfprintf(ld->errfp, fmt, ap);
	va_end(ap);
	fputc('\n', ld->errfp);
	return 0;
}

static const struct config_key *
key_find(const char *name)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
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

static int
unknown_key(struct loader *ld, const char *file, unsigned line, const char *key, const char *v)
{
	const char *best = NULL;
	size_t i, d, bestd = 3;
	rd_kafka_conf_t *kc;
	rd_kafka_conf_res_t res;
	char errstr[256];

	for (i = 0; i < NKEYS; i++)
		if ((d = edit_distance(key, keys[i].name)) < bestd) {
			bestd = d;
			best = keys[i].name;
		}
	if (best != NULL)
		return lerr(ld, file, line, key, "unknown key, did you mean '%s'?", best);
	/* "bootstrap.servers = ..." is a common slip for the kafka.-prefixed key. */
	if ((kc = rd_kafka_conf_new()) != NULL) {
		res = rd_kafka_conf_set(kc, key, v, errstr, sizeof(errstr));
		rd_kafka_conf_destroy(kc);
		if (res != RD_KAFKA_CONF_UNKNOWN)
			return lerr(ld, file, line, key, "unknown key, did you mean 'kafka.%s'?",
				    key);
	}
	return lerr(ld, file, line, key, "unknown key");
}

/* @returns 1 if librdkafka holds a value for name and it is not want. */
static int
conf_differs(rd_kafka_conf_t *kc, const char *name, const char *want)
{
	char buf[64];
	size_t sz = sizeof(buf);

	return rd_kafka_conf_get(kc, name, buf, &sz) == RD_KAFKA_CONF_OK && strcmp(buf, want) != 0;
}

/*
 * Set a pass-through property, replacing an earlier one of the same client
 * and name where it stands, else appending. @returns 0 or -ENOMEM.
 */
static int
prop_put(struct config *c, enum config_client client, const char *name, const char *v,
	 const char *ref, const char *file, unsigned line)
{
	struct config_kafka_prop *p = NULL, *np;
	char *nv = strdup(v), *norigin = NULL, *nname = NULL, *nref = NULL;
	size_t i;

	if (nv == NULL || asprintf(&norigin, line ? "%s:%u" : "%s", file, line) < 0 ||
	    (ref != NULL && (nref = strdup(ref)) == NULL))
		goto nomem;
	for (i = 0; i < c->nkafka; i++)
		if (c->kafka[i].client == client && strcmp(c->kafka[i].name, name) == 0)
			p = &c->kafka[i];
	if (p == NULL) {
		if ((nname = strdup(name)) == NULL)
			goto nomem;
		if ((np = realloc(c->kafka, (c->nkafka + 1) * sizeof(*np))) == NULL)
			goto nomem;
		c->kafka = np;
		p = &c->kafka[c->nkafka++];
		p->client = client;
		p->name = nname;
		p->value = p->origin = p->ref = NULL;
	}
	free(p->value);
	free(p->origin);
	free(p->ref);
	p->value = nv;
	p->origin = norigin;
	p->ref = nref;
	return 0;
nomem:
	free(nv);
	free(norigin);
	free(nname);
	free(nref);
	return -ENOMEM;
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

/*
 * Check one pass-through property with librdkafka, on a fresh conf so that
 * earlier properties do not hide this one's effect, then keep it.
 * @returns 0 (also when an error was reported) or -ENOMEM.
 */
static int
kafka_set(struct loader *ld, const char *file, unsigned line, const char *key,
	  enum config_client client, const char *name, const char *v, const char *ref)
{
	rd_kafka_conf_t *kc;
	rd_kafka_conf_res_t res;
	char errstr[512];
	const char *shown;
	size_t i;

	if (*name == '\0')
		return lerr(ld, file, line, key, "no librdkafka property after '%s'",
			    client_prefix[client]);
	if (*v == '\0')
		return lerr(ld, file, line, key, "empty value");
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
	if (res == RD_KAFKA_CONF_UNKNOWN)
		lerr(ld, file, line, key, "librdkafka: %s", errstr);
	else if (res != RD_KAFKA_CONF_OK)
		lerr(ld, file, line, key, "value '%.80s' refused by librdkafka: %s", shown,
		     shown == v ? errstr : "a secret's value is not repeated");
	for (i = 0; res == RD_KAFKA_CONF_OK && i < NELEM(managed); i++)
		if (managed[i].want == NULL ? strcmp(name, managed[i].name) == 0
					    : conf_differs(kc, managed[i].name, managed[i].want)) {
			lerr(ld, file, line, key,
			     "value '%.80s' refused: managed by newseventsd (%s)", v,
			     managed[i].why);
			res = RD_KAFKA_CONF_INVALID;
		}
	rd_kafka_conf_destroy(kc);
	return res != RD_KAFKA_CONF_OK ? 0 : prop_put(ld->c, client, name, v, ref, file, line);
}

/*
 * Read v first if it is a reference (@file:, @credential:; secret.h), a
 * relative @file: path from the directory of the file being loaded.
 * @returns 0 with *out NULL when v is no reference, 1 with *out, -EINVAL
 * after reporting why, or -ENOMEM.
 */
static int
resolve(struct loader *ld, const char *file, unsigned line, const char *key, const char *v,
	char **out)
{
	char why[256];
	int r = secret_read(v, line > 0 && strcmp(file, "-X") != 0 ? file : NULL, out, why,
			    sizeof(why));

	if (r == -EINVAL)
		lerr(ld, file, line, key, "%s", why);
	return r;
}

/* Apply one resolved value; ref is the reference it was read from, or NULL. */
static int
assign_value(struct loader *ld, const char *file, unsigned line, const char *key, const char *v,
	     const char *ref)
{
	const struct config_key *k;
	enum config_client client = CONFIG_CLIENT_BOTH;
	const char *name;
	char err[512];
	int r;

	if ((k = key_find(key)) == NULL && strncmp(key, "kafka.", 6) == 0) {
		for (client = CONFIG_CLIENT_PRODUCER; client > CONFIG_CLIENT_BOTH; client--)
			if (strncmp(key, client_prefix[client], strlen(client_prefix[client])) == 0)
				break;
		name = key + strlen(client_prefix[client]);
		for (size_t i = 0; k == NULL && i < NELEM(captured); i++)
			if (strcmp(name, captured[i] + strlen("kafka.")) == 0)
				k = key_find(captured[i]);
		if (k == NULL)
			return kafka_set(ld, file, line, key, client, name, v, ref);
	}
	if (k == NULL)
		return unknown_key(ld, file, line, key, v);
	if ((r = value_set(ld->c, k, v, err, sizeof(err))) == -ENOMEM)
		return r;
	if (r < 0)
		return lerr(ld, file, line, key, "%s", err);
	ld->set[k - keys].file = file;
	ld->set[k - keys].line = line;
	ld->set[k - keys].seq = ++ld->seq;
	return 0;
}

/* FNV-1a: the keys are the operator's, so no flooding to defend against. */
static size_t
seen_hash(const char *key)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char) *key) * 1099511628211ULL;
	return (size_t) h;
}

/* The slot holding key, or the empty slot where it would go. cap > nseen. */
static struct seen *
seen_slot(struct seen *tab, size_t cap, const char *key)
{
	size_t i = seen_hash(key) & (cap - 1);

	while (tab[i].key != NULL && strcmp(tab[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

/*
 * Remember key as set on line, which it was not before. @returns 0 or
 * -ENOMEM (the table is then unchanged).
 */
static int
seen_add(struct loader *ld, const char *key, unsigned line)
{
	struct seen *slot;
	char *copy;

	if (2 * (ld->nseen + 1) > ld->cap) {
		size_t ncap = ld->cap > 0 ? 2 * ld->cap : 64, i;
		struct seen *ntab = calloc(ncap, sizeof(*ntab));

		if (ntab == NULL)
			return -ENOMEM;
		for (i = 0; i < ld->cap; i++)
			if (ld->seen[i].key != NULL)
				*seen_slot(ntab, ncap, ld->seen[i].key) = ld->seen[i];
		free(ld->seen);
		ld->seen = ntab;
		ld->cap = ncap;
	}
	if ((copy = strdup(key)) == NULL)
		return -ENOMEM;
	slot = seen_slot(ld->seen, ld->cap, key);
	slot->key = copy;
	slot->line = line;
	ld->nseen++;
	return 0;
}

/*
 * Apply one "key = value" from file:line (or from -X, which may repeat a
 * key), reading the value first if it is a reference (@file:, @credential:).
 * @returns 0 (also when an error was reported) or -ENOMEM.
 */
static int
assign(struct loader *ld, const char *file, unsigned line, int from_file, const char *key,
       const char *v)
{
	const struct seen *first;
	char *resolved;
	int r;

	if (*key == '\0')
		return lerr(ld, file, line, NULL, "no key before '='");
	if (from_file) {
		if (ld->cap > 0 && (first = seen_slot(ld->seen, ld->cap, key))->key != NULL)
			return lerr(ld, file, line, key, "duplicate key, first set on line %u",
				    first->line);
		if ((r = seen_add(ld, key, line)) < 0)
			return r;
	}
	if ((r = resolve(ld, file, line, key, v, &resolved)) < 0)
		return r == -ENOMEM ? r : 0;
	r = assign_value(ld, file, line, key, resolved != NULL ? resolved : v,
			 resolved != NULL ? v : NULL);
	free(resolved);
	return r;
}

static char *
trim(char *s)
{
	char *e = s + strlen(s);

	while (isspace((unsigned char) *s))
		s++;
	while (e > s && isspace((unsigned char) e[-1]))
		e--;
	*e = '\0';
	return s;
}

/* Split s at its first '=' into trimmed key and value. @returns 0, or -1 with no '='. */
static int
split(char *s, char **key, char **v)
{
	char *eq = strchr(s, '=');

	if (eq == NULL)
		return -1;
	*eq = '\0';
	*key = trim(s);
	*v = trim(eq + 1);
	return 0;
}

static int
load_file(struct loader *ld, FILE *fp, const char *path)
{
	char *line = NULL, *s, *key, *v;
	size_t cap = 0;
	ssize_t n;
	unsigned lineno = 0;
	int r = 0;

	while ((n = getline(&line, &cap, fp)) != -1) {
		/* trim() takes the "\n" or "\r\n" off; a BOM is what some editors write first. */
		s = line;
		if (++lineno == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		if (strlen(line) != (size_t) n) {
			lerr(ld, path, lineno, NULL, "line contains a NUL byte");
			continue;
		}
		s = trim(s);
		if (*s == '\0' || *s == '#')
			continue;
		if (split(s, &key, &v) < 0) {
			lerr(ld, path, lineno, NULL, "expected 'key = value', found '%.80s'", s);
			continue;
		}
		if ((r = assign(ld, path, lineno, 1, key, v)) < 0)
			break;
	}
	if (r == 0 && ferror(fp)) {
		r = errno != 0 ? -errno : -EIO;
		if (ld->errfp != NULL)
			fprintf(ld->errfp, "cannot read '%s': %s\n", path, strerrordesc_np(-r));
	}
	free(line);
	return r;
}

static int
load_override(struct loader *ld, size_t i, const char *ov)
{
	char *copy, *key, *v;
	unsigned n = (unsigned) i + 1;
	int r = 0;

	if ((copy = strdup(ov)) == NULL)
		return -ENOMEM;
	if (split(copy, &key, &v) < 0)
		lerr(ld, "-X", n, NULL, "expected 'key=value', found '%.80s'", ov);
	else if (strpbrk(v, "\r\n") != NULL)
		lerr(ld, "-X", n, key, "value contains a line break");
	else
		r = assign(ld, "-X", n, 0, key, v);
	free(copy);
	return r;
}

/*
 * Cross-key rules, after every assignment: the three topics differ (the
 * error names whichever of a pair was set later), and the consumer has a
 * group. @returns 0 or -ENOMEM.
 */
static int
finish(struct loader *ld)
{
	struct config *c = ld->c;
	int reported[3] = {0, 0, 0};
	size_t i, j, later;

	/* keys[0..2] are the three topics. */
	for (i = 0; i < 3; i++)
		for (j = i + 1; j < 3; j++) {
			if (strcmp(FIELD(c, &keys[i], char *), FIELD(c, &keys[j], char *)) != 0)
				continue;
			later = ld->set[j].seq > ld->set[i].seq ? j : i;
			if (reported[later]++)
				continue;
			lerr(ld, ld->set[later].file, ld->set[later].line, keys[later].name,
			     "value '%.80s' is the same as '%s'", FIELD(c, &keys[later], char *),
			     keys[later == j ? i : j].name);
		}
	for (i = 0; i < c->nkafka; i++)
		if (c->kafka[i].client != CONFIG_CLIENT_PRODUCER &&
		    strcmp(c->kafka[i].name, "group.id") == 0)
			return 0;
	return prop_put(c, CONFIG_CLIENT_BOTH, "group.id", DEFAULT_GROUP_ID, NULL, "default", 0);
}

static void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < NKEYS; i++)
		if (keys[i].type == CK_STRING || keys[i].type == CK_LISTEN ||
		    keys[i].type == CK_TOPIC || keys[i].type == CK_ENUM)
			free(FIELD(c, &keys[i], char *));
	for (i = 0; i < c->nkafka; i++) {
		free(c->kafka[i].name);
		free(c->kafka[i].value);
		free(c->kafka[i].origin);
		free(c->kafka[i].ref);
	}
	free(c->kafka);
	free(c->path);
	free(c);
}

/*
 * Load path (NULL: none; missing and missing_ok: none, config->path NULL),
 * then the overrides. path, overrides and errfp (may be NULL) are borrowed.
 * @returns 0 and a new config (refcount 1) in *ret; else -EINVAL (bad
 * keys or values), -ENOMEM or -errno (cannot open or read path), with every
 * error written to errfp and *ret untouched.
 * @locality main thread (start-up, SIGHUP).
 */
int
config_load(const char *path, int missing_ok, const char *const *overrides, size_t noverrides,
	    struct config **ret, FILE *errfp)
{
	struct loader ld;
	FILE *fp = NULL;
	char err[256];
	size_t i;
	int r = 0;

	memset(&ld, 0, sizeof(ld));
	ld.errfp = errfp;
	if ((ld.c = calloc(1, sizeof(*ld.c))) == NULL)
		return -ENOMEM;
	ld.c->refs = 1;
	for (i = 0; i < NKEYS && r == 0; i++) {
		r = value_set(ld.c, &keys[i], keys[i].def, err, sizeof(err));
		assert(r != -EINVAL && "a default in keys[] does not parse");
	}
	if (r < 0)
		goto out;
	if (path != NULL && (fp = fopen(path, "re")) == NULL) {
		r = -errno;
		if (r == -ENOENT && missing_ok) {
			r = 0;
		} else {
			if (errfp != NULL)
				fprintf(errfp, "cannot open '%s': %s\n", path, strerrordesc_np(-r));
			goto out;
		}
	}
	if (fp != NULL) {
		if ((ld.c->path = strdup(path)) == NULL) {
			r = -ENOMEM;
			goto out;
		}
		if ((r = load_file(&ld, fp, path)) < 0)
			goto out;
	}
	for (i = 0; i < noverrides; i++)
		if ((r = load_override(&ld, i, overrides[i])) < 0)
			goto out;
	if ((r = finish(&ld)) < 0)
		goto out;
	if (ld.nerrors > 0) {
		r = -EINVAL;
		goto out;
	}
	*ret = ld.c;
	ld.c = NULL;
out:
	if (r == -ENOMEM && errfp != NULL)
		fprintf(errfp, "cannot load the configuration: %s\n", strerrordesc_np(ENOMEM));
	for (i = 0; i < ld.cap; i++)
		free(ld.seen[i].key);
	free(ld.seen);
	if (fp != NULL)
		fclose(fp);
	config_free(ld.c);
	return r;
}

/*
 * The count is atomic so that a snapshot may be released from any thread,
 * although today only the main thread holds one.
 * @returns c, with one more reference. @locality any thread.
 */
struct config *
config_ref(struct config *c)
{
	assert(c != NULL && c->refs > 0);
	__atomic_add_fetch(&c->refs, 1, __ATOMIC_RELAXED);
	return c;
}

/* Drop a reference; the last one frees c. @returns NULL. @locality any thread. */
struct config *
config_unref(struct config *c)
{
	if (c == NULL)
		return NULL;
	assert(c->refs > 0);
	if (__atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL) == 0)
		config_free(c);
	return NULL;
}

/*
 * Keys in table order, then the pass-through in load order (the default
 * group.id last), each "key = value" so that it loads back unchanged. A
 * value read from a file or a credential is printed as its reference
 * (@file:PATH, @credential:NAME). Unless show_secrets, a secret written in
 * the file itself (secret_sensitive) is printed as a comment that
 * says where it was set, not its value; such a printout loads back without
 * it. @locality any thread; c is borrowed and immutable.
 */
void
config_print(const struct config *c, FILE *fp, int show_secrets)
{
	const struct config_kafka_prop *p;
	char buf[64];
	const char *v;
	size_t i;

	fprintf(fp, "# newseventsd effective configuration\n");
	for (i = 0; i < NKEYS; i++) {
		v = value_str(c, &keys[i], buf, sizeof(buf));
		fprintf(fp, "%s =%s%s\n", keys[i].name, *v != '\0' ? " " : "", v);
	}
	for (i = 0; i < c->nkafka; i++) {
		p = &c->kafka[i];
		if (p->ref != NULL)
			fprintf(fp, "%s%s = %s\n", client_prefix[p->client], p->name, p->ref);
		else if (!show_secrets && secret_sensitive(p->name))
			fprintf(fp, "# %s%s = (a secret, not printed; set at %s)\n",
				client_prefix[p->client], p->name, p->origin);
		else
			fprintf(fp, "%s%s = %s\n", client_prefix[p->client], p->name, p->value);
	}
}

/*
 * For --help: every key with its default, range and help, "[restart]" on
 * those SIGHUP cannot change. @locality any thread.
 */
void
config_print_keys(FILE *fp)
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
	fprintf(
	    fp,
	    "  kafka.group.id = %s  [restart]\n"
	    "      Consumer group; every kafka.* key is passed to librdkafka.\n"
	    "  kafka.<property>, kafka.consumer.<property>, kafka.producer.<property>  [restart]\n"
	    "      A librdkafka property for both clients, the consumer only, or the producer "
	    "only.\n"
	    "Any value may be read from a file, @file:PATH, or a systemd credential,\n"
	    "@credential:NAME (in $CREDENTIALS_DIRECTORY).\n",
	    DEFAULT_GROUP_ID);
}

/*
 * @returns 1 if newc differs from oldc only in reloadable keys; else 0 and
 * the first key that needs a restart in *ret_key ("kafka.*" for any
 * pass-through property). @locality main thread (SIGHUP).
 */
int
config_reloadable(const struct config *oldc, const struct config *newc, const char **ret_key)
{
	char b1[64], b2[64];
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (!keys[i].reloadable && strcmp(value_str(oldc, &keys[i], b1, sizeof(b1)),
						  value_str(newc, &keys[i], b2, sizeof(b2))) != 0) {
			*ret_key = keys[i].name;
			return 0;
		}
	for (i = 0; i < oldc->nkafka || i < newc->nkafka; i++)
		if (i >= oldc->nkafka || i >= newc->nkafka ||
		    oldc->kafka[i].client != newc->kafka[i].client ||
		    strcmp(oldc->kafka[i].name, newc->kafka[i].name) != 0 ||
		    strcmp(oldc->kafka[i].value, newc->kafka[i].value) != 0) {
			*ret_key = "kafka.*";
			return 0;
		}
	return 1;
}

/* The pass-through property of c with this client and name, or NULL. */
static const struct config_kafka_prop *
prop_find(const struct config *c, enum config_client client, const char *name)
{
	for (size_t i = 0; i < c->nkafka; i++)
		if (c->kafka[i].client == client && strcmp(c->kafka[i].name, name) == 0)
			return &c->kafka[i];
	return NULL;
}

static void
prop_changed(const struct config_kafka_prop *p, config_change_fn fn, void *arg, const char *oldv,
	     const char *newv)
{
	char key[512];

	snprintf(key, sizeof(key), "%s%s", client_prefix[p->client], p->name);
	fn(arg, key, 0, oldv, newv);
}

/* Pass-through properties set, unset or given another value; values are never shown. */
static size_t
props_diff(const struct config *oldc, const struct config *newc, config_change_fn fn, void *arg)
{
	const struct config_kafka_prop *p, *q;
	size_t n = 0;

	for (size_t i = 0; i < oldc->nkafka; i++) {
		p = &oldc->kafka[i];
		if ((q = prop_find(newc, p->client, p->name)) == NULL)
			prop_changed(p, fn, arg, "(set)", "(unset)");
		else if (strcmp(p->value, q->value) != 0)
			prop_changed(p, fn, arg, "(set)", "(changed)");
		else
			continue;
		n++;
	}
	for (size_t i = 0; i < newc->nkafka; i++) {
		p = &newc->kafka[i];
		if (prop_find(oldc, p->client, p->name) == NULL) {
			prop_changed(p, fn, arg, "(unset)", "(set)");
			n++;
		}
	}
	return n;
}

/*
 * Every key whose value differs between oldc and newc, in table order,
 * then the pass-through properties (whose values are not shown, since
 * they may be secrets). @returns how many. @locality main thread (SIGHUP).
 */
size_t
config_diff(const struct config *oldc, const struct config *newc, config_change_fn fn, void *arg)
{
	char b1[64], b2[64];
	const char *v1, *v2;
	size_t n = 0;

	for (size_t i = 0; i < NKEYS; i++) {
		v1 = value_str(oldc, &keys[i], b1, sizeof(b1));
		v2 = value_str(newc, &keys[i], b2, sizeof(b2));
		if (strcmp(v1, v2) != 0) {
			fn(arg, keys[i].name, keys[i].reloadable, v1, v2);
			n++;
		}
	}
	return n + props_diff(oldc, newc, fn, arg);
}

/*
 * A copy of running with the reloadable keys of loaded: what a reload puts
 * in force. Keys that need a restart, and every pass-through property, stay
 * as they run. @returns a new config (refcount 1), or NULL on ENOMEM.
 * @locality main thread (SIGHUP).
 */
struct config *
config_merge(const struct config *running, const struct config *loaded)
{
	struct config *c = calloc(1, sizeof(*c));
	char buf[64], err[256];
	int r = 0;

	if (c == NULL)
		return NULL;
	c->refs = 1;
	for (size_t i = 0; i < NKEYS && r == 0; i++) {
		const struct config *src = keys[i].reloadable ? loaded : running;

		r = value_set(c, &keys[i], value_str(src, &keys[i], buf, sizeof(buf)), err,
			      sizeof(err));
		assert(r != -EINVAL && "a value loaded once does not parse again");
	}
	for (size_t i = 0; i < running->nkafka && r == 0; i++) {
		const struct config_kafka_prop *p = &running->kafka[i];

		r = prop_put(c, p->client, p->name, p->value, p->ref, p->origin, 0);
	}
	if (r == 0 && loaded->path != NULL && (c->path = strdup(loaded->path)) == NULL)
		r = -ENOMEM;
	if (r < 0) {
		config_free(c);
		return NULL;
	}
	return c;
}

/*
 * Parse "HOST:PORT" (HOST an IPv4 address, or an IPv6 one in brackets;
 * PORT 0..65535) into *ss and *len, either of which may be NULL. Numbers
 * only, so no name is ever looked up. @returns 0, or -EINVAL with the
 * "why" of "value 'V' why" in why.
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
