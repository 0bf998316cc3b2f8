/*
 * fuzz_config: libFuzzer target for the configuration loader.
 *
 * An input is a configuration file and, after it, the -X overrides of a
 * command line:
 *
 *     FILE-BYTES [ "\0\0" OVERRIDE [ "\0" OVERRIDE ]... ]
 *
 * The file part (which may itself hold single NUL bytes, a case the loader
 * must report) is written to an anonymous in-memory file that config_load()
 * opens by its /proc/self/fd path, as it would open a file on disk; at most
 * MAX_OVERRIDES overrides are passed. Error messages go to a FILE* on
 * /dev/null, so the formatting code runs without filling the terminal.
 *
 * The target aborts when a contract is broken: a failure is -EINVAL (the
 * input is the only thing wrong) and leaves *ret untouched; a success gives
 * a config whose topics and sizes respect the key table, and whose
 * config_print() output loads back, without overrides, to a config that
 * config_reloadable() finds identical in every key.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"

#define MAX_OVERRIDES 32

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Process-wide handles, opened once; the harness is single-threaded. */
static FILE *devnull;
static int file_fd = -1, print_fd = -1;
static char file_path[64], print_path[64];

static int
open_memfd(const char *name, char *path, size_t pathsz)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd == -1) {
		perror("fuzz_config: memfd_create");
		exit(1);
	}
	snprintf(path, pathsz, "/proc/self/fd/%d", fd);
	return fd;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void) argc;
	(void) argv;
	if ((devnull = fopen("/dev/null", "we")) == NULL) {
		perror("fuzz_config: /dev/null");
		exit(1);
	}
	file_fd = open_memfd("fuzz-config", file_path, sizeof(file_path));
	print_fd = open_memfd("fuzz-config-print", print_path, sizeof(print_path));
	return 0;
}

static void fail(const char *) __attribute__((noreturn));

static void
fail(const char *rule)
{
	fprintf(stderr, "fuzz_config: broken rule: %s\n", rule);
	abort();
}

/* Replace the contents of the memfd fd by p[0, n). */
static void
put_file(int fd, const void *p, size_t n)
{
	if (ftruncate(fd, 0) == -1 || pwrite(fd, p, n, 0) != (ssize_t) n)
		fail("cannot write the in-memory file");
}

/* config_print(c) must load back to a config equal to c in every key. */
static void
check_round_trip(const struct config *c)
{
	struct config *back = (struct config *) 0x1;
	const char *key = NULL;
	FILE *fp;
	int r;

	if (ftruncate(print_fd, 0) == -1 || (fp = fopen(print_path, "we")) == NULL)
		fail("cannot open the print file");
	config_print(c, fp, 1); /* secrets too: the round trip must be exact */
	if (fclose(fp) != 0)
		fail("cannot write the print file");
	if ((r = config_load(print_path, 0, NULL, 0, &back, stderr)) != 0) {
		fprintf(stderr, "fuzz_config: printed config does not load back: %d\n", r);
		abort();
	}
	if (!config_reloadable(c, back, &key) || !config_reloadable(back, c, &key)) {
		fprintf(stderr, "fuzz_config: printed config loads back different in '%s'\n", key);
		abort();
	}
	if (back->max_article_bytes != c->max_article_bytes || back->log_level != c->log_level ||
	    back->status_interval_ms != c->status_interval_ms ||
	    strcmp(back->lexicon_dir, c->lexicon_dir) != 0)
		fail("printed config loads back with a different reloadable key");
	config_unref(back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *ov[MAX_OVERRIDES];
	struct config *c = (struct config *) 0x1, *const untouched = c;
	char *copy;
	size_t filelen = size, nov = 0, i;
	int r;

	/* The file part ends at the first "\0\0"; the rest is NUL-separated overrides. */
	for (i = 0; i + 1 < size; i++)
		if (data[i] == '\0' && data[i + 1] == '\0') {
			filelen = i;
			break;
		}
	if ((copy = malloc(size + 1)) == NULL)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (filelen < size) {
		for (i = filelen + 2; i <= size && nov < MAX_OVERRIDES;) {
			ov[nov++] = copy + i;
			i += strlen(copy + i) + 1;
		}
	}
	put_file(file_fd, data, filelen);

	r = config_load(file_path, 0, ov, nov, &c, devnull);
	if (r != 0) {
		if (r != -EINVAL)
			fail("a bad configuration is not -EINVAL");
		if (c != untouched)
			fail("*ret changed on failure");
	} else {
		if (c == untouched || c->refs != 1)
			fail("no new config on success");
		if (c->input_topic == NULL || c->output_topic == NULL ||
		    c->deadletter_topic == NULL || strcmp(c->input_topic, c->output_topic) == 0 ||
		    strcmp(c->input_topic, c->deadletter_topic) == 0 ||
		    strcmp(c->output_topic, c->deadletter_topic) == 0)
			fail("topics missing or not distinct");
		if (c->max_article_bytes < 1024 || c->max_article_bytes > (64u << 20))
			fail("max.article.bytes out of its range");
		if (c->log_level < 0 || c->log_level > 7 || c->workers > 1024 ||
		    c->max_inflight < 1)
			fail("a number out of its range");
		check_round_trip(c);
		config_unref(c);
	}
	free(copy);
	return 0;
}
