/*
 * newseventsd: news articles from Kafka in, CAMEO event records out.
 *
 *   newseventsd [-c FILE] [-X key=value]... [--check-config] [--print-config]
 *               [--reset-offsets=earliest|latest|TIME] [--embedded-broker]
 *               [--version] [--help]
 *
 * Start-up runs top to bottom: block signals (before any thread exists, so
 * every thread inherits the mask and signals arrive only through the loop's
 * signalfd), load the configuration, optionally start the embedded broker,
 * load the lexicon, build the loop, run it; then tear down in reverse. The
 * exit status tells systemd whether a restart can help (see loop.h).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librdkafka/rdkafka.h>

#include "../workers/lexicon.h"
#include "config.h"
#include "embedded.h"
#include "log.h"
#include "loop.h"
#include "paths.h"
#include "reset.h"

#define DEFAULT_CONFIG "/etc/newseventsd/newseventsd.conf"
#define EMBEDDED_PARTITIONS 4
#define MAX_OVERRIDES 256

static void
usage(FILE *fp)
{
	fprintf(
	    fp,
	    "usage: newseventsd [-c FILE] [-X key=value]... [--check-config] [--print-config]\n"
	    "                   [--reset-offsets=earliest|latest|TIME] [--embedded-broker]\n"
	    "                   [--version] [--help]\n"
	    "\n"
	    "  -c, --config FILE     configuration file (default " DEFAULT_CONFIG ", if present)\n"
	    "  -X key=value          set a configuration key, after the file (repeatable)\n"
	    "      --check-config    check the configuration, print 'configuration OK', exit\n"
	    "      --print-config    print the effective configuration (secrets hidden) and exit\n"
	    "      --reset-offsets=earliest|latest|TIME\n"
	    "                        set the group's committed offsets of the input topic to the\n"
	    "                        first or the next article, or the first at or after TIME\n"
	    "                        (ISO 8601: 2024-05-01, 2024-05-01T12:00:00Z); print what\n"
	    "                        changed and exit. Refused while the group has members\n"
	    "                        (exit 75); 64: a bad argument; 69: brokers unreachable\n"
	    "      --embedded-broker run an in-process Kafka broker on 127.0.0.1 (demos, tests)\n"
	    "      --version         print the version and exit\n"
	    "\n"
	    "SIGTERM stops: the articles in flight are finished and committed first.\n"
	    "SIGHUP (systemctl reload) reads the configuration file and the lexicon again and\n"
	    "applies every key not marked [restart]; a file with errors changes nothing.\n"
	    "\n"
	    "Configuration keys:\n");
	config_print_keys(fp);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
					     {"check-config", no_argument, NULL, 'n'},
					     {"print-config", no_argument, NULL, 'p'},
					     {"embedded-broker", no_argument, NULL, 'e'},
					     {"reset-offsets", required_argument, NULL, 'r'},
					     {"version", no_argument, NULL, 'V'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *overrides[MAX_OVERRIDES + 1], *path = NULL, *reset = NULL;
	size_t nover = 0;
	int check = 0, print = 0, embed = 0, ch, rc = LOOP_EXIT_OK;
	struct config *cfg = NULL;
	struct lexicon *lx = NULL;
	struct embedded *emb = NULL;
	struct loop *l = NULL;
	struct config_source src;
	sigset_t mask;
	char err[1024], lexdir[PATH_MAX], bootstrap[600];

	while ((ch = getopt_long(argc, argv, "c:X:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'X':
			if (nover == MAX_OVERRIDES) {
				fprintf(stderr, "newseventsd: more than %d -X options\n",
					MAX_OVERRIDES);
				return LOOP_EXIT_CONFIG;
			}
			overrides[nover++] = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'p':
			print = 1;
			break;
		case 'e':
			embed = 1;
			break;
		case 'r':
			reset = optarg;
			break;
		case 'V':
			printf("newseventsd %s (librdkafka %s)\n", NE_VERSION,
			       rd_kafka_version_str());
			return LOOP_EXIT_OK;
		case 'h':
			usage(stdout);
			return LOOP_EXIT_OK;
		default:
			usage(stderr);
			return 64;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "newseventsd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 64;
	}

	/* Before any thread (librdkafka's included) exists. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	/*
	 * A fixed mmap threshold: glibc's dynamic one rises to the size of the
	 * largest mmapped block freed, so after the first reload freed the old
	 * lexicon's tables the new ones came from the heap, which fragmented;
	 * RSS grew with every SIGHUP (53 MB to 150 MB over 12 reloads, 98 MB
	 * with this). Large blocks stay mmapped and go back when freed.
	 */
	(void) mallopt(M_MMAP_THRESHOLD, 128 * 1024);
	log_init("newseventsd", LOG_INFO);

	if (config_load(path != NULL ? path : DEFAULT_CONFIG, path == NULL, overrides, nover, &cfg,
			stderr) < 0)
		return LOOP_EXIT_CONFIG;
	if (check) {
		printf("configuration OK\n");
		goto out;
	}
	if (print) {
		config_print(cfg, stdout, 0);
		goto out;
	}
	if (reset != NULL) {
		rc = reset_offsets(cfg, reset, stdout, stderr);
		goto out;
	}
	log_set_level(cfg->log_level);

	if (embed) {
		const char *topics[] = {cfg->input_topic, cfg->output_topic, cfg->deadletter_topic};

		if (embedded_start(topics, 3, EMBEDDED_PARTITIONS, &emb, err, sizeof(err)) < 0) {
			log_errx("%s", err);
			rc = LOOP_EXIT_SOFTWARE;
			goto out;
		}
		log_info(
		    "embedded Kafka broker listening on %s (topics '%s', '%s', '%s', %d partitions "
		    "each)",
		    embedded_bootstraps(emb), topics[0], topics[1], topics[2], EMBEDDED_PARTITIONS);
		/* The broker's address overrides whatever the configuration says. */
		snprintf(bootstrap, sizeof(bootstrap), "kafka.bootstrap.servers=%s",
			 embedded_bootstraps(emb));
		overrides[nover++] = bootstrap;
		cfg = config_unref(cfg);
		if (config_load(path != NULL ? path : DEFAULT_CONFIG, path == NULL, overrides,
				nover, &cfg, stderr) < 0) {
			rc = LOOP_EXIT_CONFIG;
			goto out;
		}
	}

	paths_lexicon_dir(cfg->lexicon_dir, lexdir, sizeof(lexdir));
	if (lexicon_load(lexdir, &lx, err, sizeof(err)) < 0) {
		log_errx("lexicon: %s", err);
		rc = LOOP_EXIT_CONFIG;
		goto out;
	}
	log_info("newseventsd %s: lexicon from %s; '%s' -> '%s' (dead letters to '%s')", NE_VERSION,
		 lexdir, cfg->input_topic, cfg->output_topic, cfg->deadletter_topic);
	src = (struct config_source){path != NULL ? path : DEFAULT_CONFIG, path == NULL, overrides,
				     nover};
	if ((rc = loop_new(&src, cfg, lx, &l, err, sizeof(err))) != LOOP_EXIT_OK) {
		log_errx("%s", err);
		goto out;
	}
	rc = loop_run(l);
out:
	loop_free(l);
	lexicon_unref(lx);
	config_unref(cfg);
	embedded_stop(emb);
	return rc;
}
