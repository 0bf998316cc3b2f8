/*
 * testbroker: a throw-away Kafka cluster on 127.0.0.1 for tests and demos.
 *
 * It wraps librdkafka's in-process mock cluster in a small process: a dummy
 * producer handle owns the mock brokers, which listen on loopback ports
 * chosen by the kernel. Once the brokers and the topics named with -t exist,
 * the bootstrap list is printed as the first line of stdout, so a test reads
 * one line and connects. After that, stdin carries fault injection commands,
 * one per line, and each gets exactly one answer line on stdout: "ok" (help
 * says "ok commands: ...") or "error: why". All logging goes to stderr. The
 * process ends with exit status 0 on SIGTERM, SIGINT or end of stdin, the
 * last so that a broker never outlives the test that started it.
 *
 * Signals are blocked before librdkafka starts its threads (they inherit the
 * mask) and are read from a signalfd in the same poll(2) as stdin, so no
 * code runs in a signal handler. README.md lists the mock's limits.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define TB_MAX_LINE 4096 /* longer command lines are refused, not split */
#define TB_MAX_ARGS 8
#define TB_MAX_ERRCNT 10000
#define TB_MAX_PARTITIONS 100000
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Kafka protocol ApiKey numbers (the Kafka protocol guide); not in rdkafka.h. */
static const struct {
	const char *name;
	int key;
} apikeys[] = {
    /* clang-format off */
    {"Produce", 0}, {"Fetch", 1}, {"ListOffsets", 2}, {"Metadata", 3}, {"OffsetCommit", 8},
    {"OffsetFetch", 9}, {"FindCoordinator", 10}, {"JoinGroup", 11}, {"Heartbeat", 12},
    {"LeaveGroup", 13}, {"SyncGroup", 14}, {"DescribeGroups", 15}, {"ListGroups", 16},
    {"SaslHandshake", 17}, {"ApiVersions", 18}, {"CreateTopics", 19}, {"DeleteTopics", 20},
    {"DeleteRecords", 21}, {"InitProducerId", 22}, {"OffsetForLeaderEpoch", 23},
    {"AddPartitionsToTxn", 24}, {"AddOffsetsToTxn", 25}, {"EndTxn", 26}, {"TxnOffsetCommit", 28},
    /* clang-format on */
};

/* The stdin commands: name, number of words including the name, usage. */
static const struct {
	const char *name;
	int min_words, max_words;
	const char *usage;
} commands[] = {
    {"down", 2, 2, "down BROKER_ID"},
    {"up", 2, 2, "up BROKER_ID"},
    {"rtt", 3, 3, "rtt BROKER_ID MS"},
    {"error", 3, 4, "error APIKEY ERRCODE [COUNT]"},
    {"topic", 3, 3, "topic NAME PARTITIONS"},
    {"leader", 4, 4, "leader TOPIC PARTITION BROKER_ID"},
    {"help", 1, 1, "help"},
};

static const char usage[] =
    "usage: testbroker [-b N] [-t NAME:PARTITIONS]...\n"
    "  -b, --brokers N              number of mock brokers (default 1)\n"
    "  -t, --topic NAME:PARTITIONS  create a topic (repeatable); replication min(3, N)\n"
    "  -h, --help                   this text\n"
    "Prints the bootstrap list, then reads commands on stdin (try 'help').\n";

/* Parse a whole decimal integer in [min, max]. @returns 0 or -EINVAL/-ERANGE. */
static int
parse_long(const char *s, long min, long max, long *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

/* ApiKey by number or case-insensitive name. @returns 0 or -EINVAL. */
static int
parse_apikey(const char *s, int16_t *ret)
{
	long v;
	size_t i;

	if (parse_long(s, 0, INT16_MAX, &v) == 0) {
		*ret = (int16_t) v;
		return 0;
	}
	for (i = 0; i < NELEM(apikeys); i++)
		if (strcasecmp(s, apikeys[i].name) == 0) {
			*ret = (int16_t) apikeys[i].key;
			return 0;
		}
	return -EINVAL;
}

/*
 * Error code by number or by rd_kafka_err2name() name, case-insensitive,
 * with or without the RD_KAFKA_RESP_ERR_ prefix. @returns 0 or -EINVAL.
 */
static int
parse_errcode(const char *s, rd_kafka_resp_err_t *ret)
{
	const struct rd_kafka_err_desc *descs;
	size_t n, i;
	long v;
	int numeric;

	if (strncasecmp(s, "RD_KAFKA_RESP_ERR_", 18) == 0)
		s += 18;
	numeric = parse_long(s, INT_MIN, INT_MAX, &v) == 0;
	rd_kafka_get_err_descs(&descs, &n);
	for (i = 0; i < n; i++) {
		if (descs[i].name == NULL)
			continue;
		if (numeric ? (long) descs[i].code == v : strcasecmp(s, descs[i].name) == 0) {
			*ret = descs[i].code;
			return 0;
		}
	}
	return -EINVAL;
}

/* Split line in place on blanks. @returns the number of words, or -E2BIG. */
static int
split_words(char *line, char **argv, int max)
{
	int argc = 0;

	for (;;) {
		while (isspace((unsigned char) *line))
			line++;
		if (*line == '\0')
			return argc;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = line;
		while (*line != '\0' && !isspace((unsigned char) *line))
			line++;
		if (*line != '\0')
			*line++ = '\0';
	}
}

static int
replication_for(int nbrokers)
{
	return nbrokers < 3 ? nbrokers : 3;
}

/* parse_long() that explains a failure in ans. @returns true when *ret is set. */
static bool
arg_long(const char *s, long min, long max, long *ret, char *ans, size_t anssz)
{
	if (parse_long(s, min, max, ret) == 0)
		return true;
	snprintf(ans, anssz, "error: '%.64s' is not an integer in %ld..%ld", s, min, max);
	return false;
}

/* The one-line answer to help, listing every command's usage. */
static void
help(char *ans, size_t anssz)
{
	size_t i, n;

	n = (size_t) snprintf(ans, anssz, "ok commands:");
	for (i = 0; i < NELEM(commands) && n < anssz; i++)
		n += (size_t) snprintf(ans + n, anssz - n, "%s %s", i ? " |" : "",
				       commands[i].usage);
}

/*
 * Run one command line (modified in place) against mc (borrowed) and write
 * the answer, without newline, into ans: "ok" or "error: why".
 */
static void
run_command(rd_kafka_mock_cluster_t *mc, int nbrokers, char *line, char *ans, size_t anssz)
{
	char *argv[TB_MAX_ARGS];
	rd_kafka_resp_err_t err;
	int16_t apikey;
	long id, ms, count = 1, part;
	size_t c;
	int argc;

	if ((argc = split_words(line, argv, TB_MAX_ARGS)) <= 0) {
		snprintf(ans, anssz, "error: %s", argc == 0 ? "empty line" : "too many words");
		return;
	}
	for (c = 0; c < NELEM(commands) && strcmp(argv[0], commands[c].name) != 0; c++)
		;
	if (c == NELEM(commands)) {
		snprintf(ans, anssz, "error: unknown command '%.64s' (try 'help')", argv[0]);
		return;
	}
	if (argc < commands[c].min_words || argc > commands[c].max_words) {
		snprintf(ans, anssz, "error: usage: %s", commands[c].usage);
		return;
	}

	if (strcmp(argv[0], "help") == 0) {
		help(ans, anssz);
		return;
	} else if (strcmp(argv[0], "down") == 0 || strcmp(argv[0], "up") == 0) {
		if (!arg_long(argv[1], 1, nbrokers, &id, ans, anssz))
			return;
		err = argv[0][0] == 'd' ? rd_kafka_mock_broker_set_down(mc, (int32_t) id)
					: rd_kafka_mock_broker_set_up(mc, (int32_t) id);
	} else if (strcmp(argv[0], "rtt") == 0) {
		if (!arg_long(argv[1], 1, nbrokers, &id, ans, anssz) ||
		    !arg_long(argv[2], 0, INT_MAX, &ms, ans, anssz))
			return;
		err = rd_kafka_mock_broker_set_rtt(mc, (int32_t) id, (int) ms);
	} else if (strcmp(argv[0], "error") == 0) {
		if (parse_apikey(argv[1], &apikey) != 0) {
			snprintf(ans, anssz, "error: unknown ApiKey '%.64s'", argv[1]);
			return;
		}
		if (parse_errcode(argv[2], &err) != 0) {
			snprintf(ans, anssz, "error: unknown error code '%.64s'", argv[2]);
			return;
		}
		if (argc == 4 && !arg_long(argv[3], 1, TB_MAX_ERRCNT, &count, ans, anssz))
			return;
		while (count-- > 0)
			rd_kafka_mock_push_request_errors(mc, apikey, 1, err);
		err = RD_KAFKA_RESP_ERR_NO_ERROR;
	} else if (strcmp(argv[0], "topic") == 0) {
		if (!arg_long(argv[2], 1, TB_MAX_PARTITIONS, &part, ans, anssz))
			return;
		err =
		    rd_kafka_mock_topic_create(mc, argv[1], (int) part, replication_for(nbrokers));
	} else { /* leader */
		if (!arg_long(argv[2], 0, TB_MAX_PARTITIONS - 1, &part, ans, anssz) ||
		    !arg_long(argv[3], 1, nbrokers, &id, ans, anssz))
			return;
		err = rd_kafka_mock_partition_set_leader(mc, argv[1], (int32_t) part, (int32_t) id);
	}
	if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
		snprintf(ans, anssz, "error: %s", rd_kafka_err2str(err));
	else
		snprintf(ans, anssz, "ok");
}

/*
 * Answer every complete line in buf[0..*len) and keep the partial rest.
 * A line longer than TB_MAX_LINE is refused as a whole (*skipping is set
 * until its newline arrives), never split into two commands.
 */
static void
serve_lines(rd_kafka_mock_cluster_t *mc, int nbrokers, char *buf, size_t *len, int *skipping)
{
	char ans[512];
	char *nl, *line = buf;
	size_t left = *len;

	while ((nl = memchr(line, '\n', left)) != NULL) {
		*nl = '\0';
		if (nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*skipping) {
			*skipping = 0;
			snprintf(ans, sizeof(ans), "error: line longer than %d bytes",
				 TB_MAX_LINE - 1);
		} else {
			fprintf(stderr, "testbroker: < %.200s\n", line);
			run_command(mc, nbrokers, line, ans, sizeof(ans));
		}
		fprintf(stderr, "testbroker: > %s\n", ans);
		printf("%s\n", ans);
		fflush(stdout);
		left -= (size_t) (nl + 1 - line);
		line = nl + 1;
	}
	if (left == TB_MAX_LINE) {
		*skipping = 1;
		left = 0;
	}
	memmove(buf, line, left);
	*len = left;
}

/* Wait for SIGTERM/SIGINT or end of stdin, answering commands meanwhile. @returns 0 or -errno. */
static int
serve(rd_kafka_mock_cluster_t *mc, int nbrokers, int sfd)
{
	char buf[TB_MAX_LINE];
	struct pollfd pfd[2] = {{.fd = sfd, .events = POLLIN},
				{.fd = STDIN_FILENO, .events = POLLIN}};
	struct signalfd_siginfo si;
	size_t len = 0;
	ssize_t n;
	int skipping = 0;

	for (;;) {
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (pfd[0].revents & POLLIN) {
			if (read(sfd, &si, sizeof(si)) == (ssize_t) sizeof(si))
				fprintf(stderr, "testbroker: %s, stopping\n",
					strsignal((int) si.ssi_signo));
			return 0;
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(STDIN_FILENO, buf + len, sizeof(buf) - len);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1)
				return -errno;
			if (n == 0) {
				fprintf(stderr, "testbroker: end of stdin, stopping\n");
				return 0;
			}
			len += (size_t) n;
			serve_lines(mc, nbrokers, buf, &len, &skipping);
		}
	}
}

/* Split "NAME:PARTITIONS" into name (namesz bytes) and *ret_parts. @returns 0 or -EINVAL. */
static int
parse_topic(const char *spec, char *name, size_t namesz, long *ret_parts)
{
	const char *colon = strrchr(spec, ':');

	if (colon == NULL || colon == spec || (size_t) (colon - spec) >= namesz ||
	    parse_long(colon + 1, 1, TB_MAX_PARTITIONS, ret_parts) != 0)
		return -EINVAL;
	memcpy(name, spec, (size_t) (colon - spec));
	name[colon - spec] = '\0';
	return 0;
}

/* Create the topic named by a spec that parse_topic() accepted. @returns 0 or -EINVAL. */
static int
create_topic(rd_kafka_mock_cluster_t *mc, int nbrokers, const char *spec)
{
	char name[256];
	long parts;
	rd_kafka_resp_err_t err;

	if (parse_topic(spec, name, sizeof(name), &parts) != 0)
		return -EINVAL;
	err = rd_kafka_mock_topic_create(mc, name, (int) parts, replication_for(nbrokers));
	if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
		fprintf(stderr, "testbroker: topic '%s': %s\n", name, rd_kafka_err2str(err));
		return -EINVAL;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"brokers", required_argument, NULL, 'b'},
	    {"topic", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	rd_kafka_mock_cluster_t *mc = NULL;
	rd_kafka_conf_t *conf = NULL;
	rd_kafka_t *rk = NULL;
	sigset_t mask;
	char errstr[512];
	long nbrokers = 1, parts;
	int c, i, sfd = -1, status = 1;

	while ((c = getopt_long(argc, argv, "b:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (parse_long(optarg, 1, 64, &nbrokers) != 0) {
				fprintf(stderr, "testbroker: -b wants 1..64, not '%.64s'\n",
					optarg);
				return 2;
			}
			break;
		case 't': /* checked now, created once the cluster exists */
			if (parse_topic(optarg, errstr, sizeof(errstr), &parts) != 0) {
				fprintf(stderr,
					"testbroker: -t wants NAME:PARTITIONS, not '%.64s'\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}

	/* Before rd_kafka_new(): librdkafka's threads inherit this mask. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) == -1 ||
	    (sfd = signalfd(-1, &mask, SFD_CLOEXEC)) == -1) {
		fprintf(stderr, "testbroker: signalfd: %s\n", strerror(errno));
		goto out;
	}
	/* A reader that went away must not kill us before cleanup. */
	signal(SIGPIPE, SIG_IGN);

	conf = rd_kafka_conf_new();
	/* log_level 4 hides the notice that this dummy client has no bootstrap.servers. */
	if (rd_kafka_conf_set(conf, "client.id", "testbroker", errstr, sizeof(errstr)) !=
		RD_KAFKA_CONF_OK ||
	    rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
		fprintf(stderr, "testbroker: %s\n", errstr);
		goto out;
	}
	if ((rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr))) == NULL) {
		fprintf(stderr, "testbroker: rd_kafka_new: %s\n", errstr);
		goto out;
	}
	conf = NULL; /* owned by rk */
	if ((mc = rd_kafka_mock_cluster_new(rk, (int) nbrokers)) == NULL) {
		fprintf(stderr, "testbroker: cannot create the mock cluster\n");
		goto out;
	}

	/* Second pass over the options: the topics. */
	optind = 1;
	while ((c = getopt_long(argc, argv, "b:t:h", longopts, NULL)) != -1)
		if (c == 't' && create_topic(mc, (int) nbrokers, optarg) != 0)
			goto out;

	printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
	fflush(stdout);
	fprintf(stderr, "testbroker: %ld broker(s) at %s\n", nbrokers,
		rd_kafka_mock_cluster_bootstraps(mc));

	if ((i = serve(mc, (int) nbrokers, sfd)) < 0)
		fprintf(stderr, "testbroker: %s\n", strerror(-i));
	else
		status = 0;
out:
	if (mc != NULL)
		rd_kafka_mock_cluster_destroy(mc);
	if (rk != NULL)
		rd_kafka_destroy(rk);
	if (conf != NULL)
		rd_kafka_conf_destroy(conf);
	if (sfd != -1)
		close(sfd);
	return status;
}
