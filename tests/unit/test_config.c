/*
 * Unit tests for daemon/config.c and daemon/configkeys.c: the key table, the
 * file syntax, the -X overrides, the librdkafka pass-through and its
 * refusals, the error messages (each written out here by hand, since
 * operators read them), and the --print-config round trip. Files are written
 * with mkstemp in /tmp and removed by the helper that wrote them; in error
 * text the temporary path is replaced by "FILE" so the expectations can be
 * spelled out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "config.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Every key of the table in table order, as the documentation lists them. */
static const char *const all_keys[] = {
    "input.topic",
    "output.topic",
    "deadletter.topic",
    "workers",
    "max.inflight",
    "max.article.bytes",
    "shutdown.timeout.ms",
    "revoke.timeout.ms",
    "status.interval.ms",
    "lexicon.dir",
    "log.level",
    "metrics.listen",
    "extract",
    "kafka.auto.offset.reset",
    "kafka.auto.commit.interval.ms",
    "unsupported.action",
    "input.field.id",
    "input.field.url",
    "input.field.source",
    "input.field.title",
    "input.field.text",
    "input.field.html",
    "input.field.published_at",
    "input.field.language",
};

/* What a loaded config must always satisfy, whatever the input. */
static void
config_check_invariants(const struct config *c)
{
	size_t i, groups = 0;

	assert_non_null(c);
	assert_true(c->refs > 0);
	assert_non_null(c->input_topic);
	assert_non_null(c->output_topic);
	assert_non_null(c->deadletter_topic);
	assert_string_not_equal(c->input_topic, c->output_topic);
	assert_string_not_equal(c->input_topic, c->deadletter_topic);
	assert_string_not_equal(c->output_topic, c->deadletter_topic);
	assert_true(c->workers <= 1024);
	assert_true(c->max_inflight >= 1 && c->max_inflight <= 1000000);
	assert_true(c->max_article_bytes >= 1024 && c->max_article_bytes <= 64 << 20);
	assert_true(c->shutdown_timeout_ms >= 100 && c->shutdown_timeout_ms <= 3600000);
	assert_true(c->status_interval_ms >= 100 && c->status_interval_ms <= 3600000);
	assert_true(c->commit_interval_ms <= 86400000);
	assert_non_null(c->lexicon_dir);
	assert_true(c->log_level >= 0 && c->log_level <= 7);
	assert_true(c->extract == 0 || c->extract == 1);
	assert_non_null(c->auto_offset_reset);
	assert_true(c->nkafka == 0 || c->kafka != NULL);
	for (i = 0; i < c->nkafka; i++) {
		assert_non_null(c->kafka[i].name);
		assert_non_null(c->kafka[i].value);
		assert_non_null(c->kafka[i].origin);
		assert_true(c->kafka[i].name[0] != '\0');
		assert_string_not_equal(c->kafka[i].name, "auto.offset.reset");
		assert_string_not_equal(c->kafka[i].name, "auto.commit.interval.ms");
		assert_string_not_equal(c->kafka[i].name, "enable.auto.offset.store");
		if (strcmp(c->kafka[i].name, "group.id") == 0 &&
		    c->kafka[i].client != CONFIG_CLIENT_PRODUCER)
			groups++;
	}
	assert_true(groups >= 1);
}

/* Replace every occurrence of what in *s by "FILE". */
static void
replace_path(char *s, const char *what)
{
	size_t wl = strlen(what);
	char *p;

	while ((p = strstr(s, what)) != NULL) {
		memcpy(p, "FILE", 4);
		memmove(p + 4, p + wl, strlen(p + wl) + 1);
	}
}

/*
 * Write len bytes of text to a new temporary file (none if text is NULL),
 * load it with the overrides, remove it. *errs gets what config_load wrote,
 * with the path replaced by "FILE" (caller frees). @returns config_load's.
 */
static int
load_bytes(const char *text, size_t len, const char *const *ov, size_t nov, struct config **ret,
	   char **errs)
{
	char path[] = "/tmp/test_config.XXXXXX";
	size_t errlen = 0;
	FILE *errfp;
	int fd = -1, r;

	if (text != NULL) {
		fd = mkstemp(path);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, text, len), (ssize_t) len);
		assert_int_equal(close(fd), 0);
	}
	errfp = open_memstream(errs, &errlen);
	assert_non_null(errfp);
	*ret = NULL;
	r = config_load(text != NULL ? path : NULL, 0, ov, nov, ret, errfp);
	assert_int_equal(fclose(errfp), 0);
	if (text != NULL) {
		assert_int_equal(unlink(path), 0);
		replace_path(*errs, path);
	}
	if (r == 0)
		config_check_invariants(*ret);
	else
		assert_null(*ret);
	return r;
}

static int
load(const char *text, const char *const *ov, size_t nov, struct config **ret, char **errs)
{
	return load_bytes(text, text != NULL ? strlen(text) : 0, ov, nov, ret, errs);
}

/* Load text that must succeed with no message; @returns the config. */
static struct config *
load_ok(const char *text, const char *const *ov, size_t nov)
{
	struct config *c;
	char *errs;

	if (load(text, ov, nov, &c, &errs) != 0)
		fail_msg("unexpected errors: %s", errs);
	assert_string_equal(errs, "");
	free(errs);
	return c;
}

/* Load text (and overrides) that must fail with exactly the messages expected. */
static void
assert_fails(const char *text, const char *const *ov, size_t nov, const char *expected)
{
	struct config *c;
	char *errs;

	assert_int_equal(load(text, ov, nov, &c, &errs), -EINVAL);
	assert_string_equal(errs, expected);
	free(errs);
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static char *
print_to_string(const struct config *c)
{
	char *buf;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	config_print(c, fp, 1);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static const char *
srcdir(void)
{
	const char *d = getenv("NE_SRCDIR");

	return d != NULL ? d : ".";
}

/* ---------------------------------------------------------------- defaults and syntax */

static void
test_config_without_a_file_has_the_documented_defaults(void **state)
{
	struct config *c = load_ok(NULL, NULL, 0);

	(void) state;
	assert_null(c->path);
	assert_int_equal(c->refs, 1);
	assert_string_equal(c->input_topic, "articles");
	assert_string_equal(c->output_topic, "events");
	assert_string_equal(c->deadletter_topic, "articles.deadletter");
	assert_int_equal(c->workers, 0);
	assert_int_equal(c->max_inflight, 1000);
	assert_int_equal(c->max_article_bytes, 4 * 1024 * 1024);
	assert_int_equal(c->shutdown_timeout_ms, 30000);
	assert_int_equal(c->revoke_timeout_ms, 10000);
	assert_int_equal(c->status_interval_ms, 5000);
	assert_string_equal(c->lexicon_dir, "");
	assert_int_equal(c->log_level, 6);
	assert_int_equal(c->extract, 1);
	assert_string_equal(c->auto_offset_reset, "earliest");
	assert_int_equal(c->nkafka, 1);
	assert_int_equal(c->kafka[0].client, CONFIG_CLIENT_BOTH);
	assert_string_equal(c->kafka[0].name, "group.id");
	assert_string_equal(c->kafka[0].value, "newseventsd");
	assert_string_equal(c->kafka[0].origin, "default");
	config_unref(c);
}

static void
test_config_prints_the_defaults_as_documented(void **state)
{
	struct config *c = load_ok(NULL, NULL, 0);
	char *text = print_to_string(c);

	(void) state;
	assert_string_equal(text, "# newseventsd effective configuration\n"
				  "input.topic = articles\n"
				  "output.topic = events\n"
				  "deadletter.topic = articles.deadletter\n"
				  "workers = 0\n"
				  "max.inflight = 1000\n"
				  "max.article.bytes = 4MiB\n"
				  "shutdown.timeout.ms = 30000\n"
				  "revoke.timeout.ms = 10000\n"
				  "status.interval.ms = 5000\n"
				  "lexicon.dir =\n"
				  "log.level = info\n"
				  "metrics.listen =\n"
				  "extract = true\n"
				  "kafka.auto.offset.reset = earliest\n"
				  "kafka.auto.commit.interval.ms = 20\n"
				  "unsupported.action = skip\n"
				  "input.field.id =\n"
				  "input.field.url =\n"
				  "input.field.source =\n"
				  "input.field.title =\n"
				  "input.field.text =\n"
				  "input.field.html =\n"
				  "input.field.published_at =\n"
				  "input.field.language =\n"
				  "kafka.group.id = newseventsd\n");
	free(text);
	config_unref(c);
}

static void
test_config_reads_keys_with_and_without_blanks_around_the_equals_sign(void **state)
{
	struct config *c = load_ok("workers=3\n"
				   "max.inflight = 20\n"
				   "\t input.topic\t=\tnews.in  \n"
				   "output.topic   =out\n",
				   NULL, 0);

	(void) state;
	assert_non_null(c->path);
	assert_int_equal(c->workers, 3);
	assert_int_equal(c->max_inflight, 20);
	assert_string_equal(c->input_topic, "news.in");
	assert_string_equal(c->output_topic, "out");
	config_unref(c);
}

static void
test_config_skips_comments_and_blank_lines_but_keeps_a_hash_inside_a_value(void **state)
{
	struct config *c = load_ok("# a comment\n"
				   "\n"
				   "   \t\n"
				   "   # an indented comment = with an equals sign\n"
				   "lexicon.dir = /srv/lex#1 # not a comment\n"
				   "#workers = 7\n",
				   NULL, 0);

	(void) state;
	assert_string_equal(c->lexicon_dir, "/srv/lex#1 # not a comment");
	assert_int_equal(c->workers, 0);
	config_unref(c);
}

static void
test_config_accepts_crlf_line_ends_and_a_byte_order_mark(void **state)
{
	struct config *c = load_ok("\xef\xbb\xbfworkers = 5\r\n"
				   "# comment\r\n"
				   "input.topic = crlf\r\n",
				   NULL, 0);

	(void) state;
	assert_int_equal(c->workers, 5);
	assert_string_equal(c->input_topic, "crlf");
	config_unref(c);
}

static void
test_config_reads_a_line_longer_than_any_buffer(void **state)
{
	size_t n = 1 << 20;
	char *text = malloc(n + 64);
	struct config *c;
	char *errs;

	(void) state;
	assert_non_null(text);
	text[0] = '#';
	memset(text + 1, 'x', n);
	strcpy(text + 1 + n, "\nworkers = 2\nworkers = 3\n");
	/* The long line is one line: the duplicate is on line 3 and names line 2. */
	assert_int_equal(load(text, NULL, 0, &c, &errs), -EINVAL);
	assert_string_equal(errs, "FILE:3: key 'workers': duplicate key, first set on line 2\n");
	free(errs);
	free(text);
}

static void
test_config_reports_a_line_without_an_equals_sign(void **state)
{
	(void) state;
	assert_fails("workers = 1\nmax.inflight 20\n", NULL, 0,
		     "FILE:2: expected 'key = value', found 'max.inflight 20'\n");
}

static void
test_config_reports_an_empty_key(void **state)
{
	(void) state;
	assert_fails("  = 20\n", NULL, 0, "FILE:1: no key before '='\n");
}

static void
test_config_reports_a_nul_byte_in_a_line(void **state)
{
	static const char text[] = "workers = 1\ninput.topic = a\0b\n";
	struct config *c;
	char *errs;

	(void) state;
	assert_int_equal(load_bytes(text, sizeof(text) - 1, NULL, 0, &c, &errs), -EINVAL);
	assert_string_equal(errs, "FILE:2: line contains a NUL byte\n");
	free(errs);
}

static void
test_config_reports_a_duplicate_key_naming_the_first_line(void **state)
{
	(void) state;
	assert_fails("workers = 1\n# x\nmax.inflight = 5\nworkers = 2\n", NULL, 0,
		     "FILE:4: key 'workers': duplicate key, first set on line 1\n");
	assert_fails("kafka.client.id = a\nkafka.client.id = b\n", NULL, 0,
		     "FILE:2: key 'kafka.client.id': duplicate key, first set on line 1\n");
}

/*
 * Load n distinct unknown keys, each a long common prefix and a number, then
 * the first key again: every key is remembered for the duplicate-key error,
 * unknown ones too. Checks the messages: one per key, and the duplicate
 * naming line 1.
 */
static void
load_distinct_keys(size_t n)
{
	char path[] = "/tmp/test_config.XXXXXX", prefix[513], *errs = NULL, *last;
	size_t errlen = 0;
	struct config *c = NULL;
	FILE *fp, *errfp;
	int fd;

	memset(prefix, 'k', sizeof(prefix) - 1);
	prefix[sizeof(prefix) - 1] = '\0';
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%s%08zu = 1\n", prefix, i);
	fprintf(fp, "%s%08d = 1\n", prefix, 0);
	assert_int_equal(fclose(fp), 0);
	errfp = open_memstream(&errs, &errlen);
	assert_non_null(errfp);
	assert_int_equal(config_load(path, 0, NULL, 0, &c, errfp), -EINVAL);
	assert_int_equal(fclose(errfp), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(count_lines(errs), n + 1);
	assert_true(errlen > 0 && errs[errlen - 1] == '\n');
	errs[errlen - 1] = '\0';
	assert_non_null(strstr(errs, "': unknown key\n"));
	last = strrchr(errs, ':');
	assert_string_equal(last, ": duplicate key, first set on line 1");
	free(errs);
}

/*
 * Many distinct keys (kept in a hash table for the duplicate-key error)
 * are each reported once, and a repeat among them is found. How their cost
 * grows is measured by hand, not asserted here (tests/fuzz/README.md): 16
 * times the keys took 25 times the CPU after the change, 203 before.
 */
static void
test_config_reports_every_one_of_many_distinct_keys(void **state)
{
	(void) state;
	load_distinct_keys(1000);
	load_distinct_keys(16000);
}

static void
test_config_allows_an_empty_value_only_for_lexicon_dir(void **state)
{
	struct config *c = load_ok("lexicon.dir = /x\n", (const char *const[]){"lexicon.dir="}, 1);

	(void) state;
	assert_string_equal(c->lexicon_dir, "");
	config_unref(c);
	assert_fails("workers =\ninput.topic=\nextract =  \nkafka.client.id =\n", NULL, 0,
		     "FILE:1: key 'workers': empty value\n"
		     "FILE:2: key 'input.topic': empty value\n"
		     "FILE:3: key 'extract': empty value\n"
		     "FILE:4: key 'kafka.client.id': empty value\n");
}

static void
test_config_rejects_a_lexicon_dir_longer_than_a_path(void **state)
{
	char text[4200], msg[256], dir[4098];

	(void) state;
	memset(dir, 'd', 4097);
	dir[0] = '/';
	dir[4097] = '\0';
	snprintf(text, sizeof(text), "lexicon.dir = %s\n", dir);
	snprintf(msg, sizeof(msg), "FILE:1: key 'lexicon.dir': value '%.80s' is too long\n", dir);
	assert_fails(text, NULL, 0, msg);
	dir[4096] = '\0'; /* 4096 bytes is the limit */
	snprintf(text, sizeof(text), "lexicon.dir = %s\n", dir);
	config_unref(load_ok(text, NULL, 0));
}

static void
test_config_counts_errors_without_an_error_stream_and_leaves_ret_alone(void **state)
{
	static const char *const ov[] = {"workers=-1", "no-equals"};
	static struct config sentinel;
	struct config *c = &sentinel;

	(void) state;
	assert_int_equal(config_load(NULL, 0, ov, NELEM(ov), &c, NULL), -EINVAL);
	assert_ptr_equal(c, &sentinel);
	assert_int_equal(config_load("/tmp/test_config.does-not-exist", 0, NULL, 0, &c, NULL),
			 -ENOENT);
	assert_ptr_equal(c, &sentinel);
}

static void
test_config_suggests_the_nearest_key_for_an_unknown_one(void **state)
{
	(void) state;
	assert_fails("max.inflght = 5\n", NULL, 0,
		     "FILE:1: key 'max.inflght': unknown key, did you mean 'max.inflight'?\n");
	assert_fails("max.infilght = 5\n", NULL, 0,
		     "FILE:1: key 'max.infilght': unknown key, did you mean 'max.inflight'?\n");
	assert_fails("worker = 5\n", NULL, 0,
		     "FILE:1: key 'worker': unknown key, did you mean 'workers'?\n");
	/* Keys are case-sensitive, but the suggestion ignores case. */
	assert_fails("Log.Levl = debug\n", NULL, 0,
		     "FILE:1: key 'Log.Levl': unknown key, did you mean 'log.level'?\n");
	assert_fails("WORKERS = 1\n", NULL, 0,
		     "FILE:1: key 'WORKERS': unknown key, did you mean 'workers'?\n");
}

static void
test_config_suggests_nothing_when_no_key_is_close(void **state)
{
	(void) state;
	assert_fails("threads = 5\n", NULL, 0, "FILE:1: key 'threads': unknown key\n");
	assert_fails("workers.count = 5\n", NULL, 0, "FILE:1: key 'workers.count': unknown key\n");
}

static void
test_config_suggests_the_kafka_prefix_for_a_bare_librdkafka_property(void **state)
{
	(void) state;
	assert_fails("bootstrap.servers = localhost:9092\n", NULL, 0,
		     "FILE:1: key 'bootstrap.servers': unknown key, did you mean "
		     "'kafka.bootstrap.servers'?\n");
}

/* ---------------------------------------------------------------- values by type */

static void
test_config_parses_unsigned_integers_at_both_ends_of_their_range(void **state)
{
	struct config *c = load_ok("workers = 1024\nmax.inflight = 1\nshutdown.timeout.ms = 100\n"
				   "revoke.timeout.ms = 3600000\nstatus.interval.ms = 0100\n",
				   NULL, 0);

	(void) state;
	assert_int_equal(c->workers, 1024);
	assert_int_equal(c->max_inflight, 1);
	assert_int_equal(c->shutdown_timeout_ms, 100);
	assert_int_equal(c->revoke_timeout_ms, 3600000);
	assert_int_equal(c->status_interval_ms, 100); /* decimal, even with a leading 0 */
	config_unref(c);
}

static void
test_config_rejects_bad_unsigned_integers(void **state)
{
	static const struct {
		const char *line, *msg;
	} cases[] = {
	    {"workers = -3", "FILE:1: key 'workers': value '-3' is not an unsigned integer\n"},
	    {"workers = +3", "FILE:1: key 'workers': value '+3' is not an unsigned integer\n"},
	    {"workers = abc", "FILE:1: key 'workers': value 'abc' is not an unsigned integer\n"},
	    {"workers = 12abc",
	     "FILE:1: key 'workers': value '12abc' is not an unsigned integer\n"},
	    {"workers = 1 000",
	     "FILE:1: key 'workers': value '1 000' is not an unsigned integer\n"},
	    {"workers = 0x10", "FILE:1: key 'workers': value '0x10' is not an unsigned integer\n"},
	    {"workers = 1025", "FILE:1: key 'workers': value '1025' is out of range 0..1024\n"},
	    {"workers = 99999999999999999999999",
	     "FILE:1: key 'workers': value '99999999999999999999999' is out of range 0..1024\n"},
	    {"max.inflight = 0",
	     "FILE:1: key 'max.inflight': value '0' is out of range 1..1000000\n"},
	    {"max.inflight = 5000000",
	     "FILE:1: key 'max.inflight': value '5000000' is out of range 1..1000000\n"},
	    {"shutdown.timeout.ms = 99",
	     "FILE:1: key 'shutdown.timeout.ms': value '99' is out of range 100..3600000\n"},
	    {"status.interval.ms = 3600001",
	     "FILE:1: key 'status.interval.ms': value '3600001' is out of range 100..3600000\n"},
	};
	char text[128];
	size_t i;

	(void) state;
	for (i = 0; i < NELEM(cases); i++) {
		snprintf(text, sizeof(text), "%s\n", cases[i].line);
		assert_fails(text, NULL, 0, cases[i].msg);
	}
}

static void
test_config_parses_sizes_with_and_without_suffixes(void **state)
{
	static const struct {
		const char *v;
		size_t bytes;
	} cases[] = {
	    {"1024", 1024},    {"1KiB", 1024},	     {"1025", 1025},	{"3KiB", 3072},
	    {"1MiB", 1048576}, {"64MiB", 67108864},  {"0GiB", 0},	{"67108864", 67108864},
	    {"4MiB", 4194304}, {"2048KiB", 2097152}, {"0001KiB", 1024},
	};
	char text[64];
	struct config *c;
	char *errs;
	size_t i;

	(void) state;
	for (i = 0; i < NELEM(cases); i++) {
		snprintf(text, sizeof(text), "max.article.bytes = %s\n", cases[i].v);
		if (cases[i].bytes == 0) { /* 0GiB parses, then falls below 1KiB */
			assert_fails(text, NULL, 0,
				     "FILE:1: key 'max.article.bytes': value '0GiB' "
				     "is out of range 1KiB..64MiB\n");
			continue;
		}
		assert_int_equal(load(text, NULL, 0, &c, &errs), 0);
		assert_string_equal(errs, "");
		assert_int_equal(c->max_article_bytes, cases[i].bytes);
		free(errs);
		config_unref(c);
	}
}

static void
test_config_rejects_bad_sizes(void **state)
{
	static const struct {
		const char *v, *why;
	} cases[] = {
	    {"4MB", "is not a size (bytes, or a number with KiB, MiB or GiB)"},
	    {"4 MiB", "is not a size (bytes, or a number with KiB, MiB or GiB)"},
	    {"4mib", "is not a size (bytes, or a number with KiB, MiB or GiB)"},
	    {"MiB", "is not a size (bytes, or a number with KiB, MiB or GiB)"},
	    {"-4MiB", "is not a size (bytes, or a number with KiB, MiB or GiB)"},
	    {"1.5MiB", "is not a size (bytes, or a number with KiB, MiB or GiB)"},
	    {"1023", "is out of range 1KiB..64MiB"},
	    {"65MiB", "is out of range 1KiB..64MiB"},
	    {"1GiB", "is out of range 1KiB..64MiB"},
	    {"67108865", "is out of range 1KiB..64MiB"},
	    {"18446744073709551615GiB", "is out of range 1KiB..64MiB"},
	};
	char text[64], msg[160];
	size_t i;

	(void) state;
	for (i = 0; i < NELEM(cases); i++) {
		snprintf(text, sizeof(text), "max.article.bytes = %s\n", cases[i].v);
		snprintf(msg, sizeof(msg), "FILE:1: key 'max.article.bytes': value '%s' %s\n",
			 cases[i].v, cases[i].why);
		assert_fails(text, NULL, 0, msg);
	}
}

static void
test_config_parses_every_boolean_spelling(void **state)
{
	static const struct {
		const char *v;
		int want;
	} cases[] = {
	    {"true", 1},  {"TRUE", 1},	{"yes", 1}, {"Yes", 1}, {"on", 1},  {"1", 1},
	    {"false", 0}, {"False", 0}, {"no", 0},  {"NO", 0},	{"off", 0}, {"0", 0},
	};
	char text[64];
	struct config *c;
	size_t i;

	(void) state;
	for (i = 0; i < NELEM(cases); i++) {
		/* Always from the opposite value, so that the assignment is visible. */
		if (cases[i].want) {
			snprintf(text, sizeof(text), "extract=%s", cases[i].v);
			c = load_ok("extract = false\n", (const char *const[]){text}, 1);
		} else {
			snprintf(text, sizeof(text), "extract = %s\n", cases[i].v);
			c = load_ok(text, NULL, 0);
		}
		assert_int_equal(c->extract, cases[i].want);
		config_unref(c);
	}
	assert_fails("extract = maybe\nextract = 2\n", NULL, 0,
		     "FILE:1: key 'extract': value 'maybe' is not a boolean (true/false, yes/no, "
		     "on/off, 1/0)\n"
		     "FILE:2: key 'extract': duplicate key, first set on line 1\n");
	assert_fails("extract = 2\n", NULL, 0,
		     "FILE:1: key 'extract': value '2' is not a boolean (true/false, yes/no, "
		     "on/off, 1/0)\n");
}

static void
test_config_parses_log_levels_by_name_and_number(void **state)
{
	static const char *const names[] = {"emerg",   "alert",	 "crit", "err",
					    "warning", "notice", "info", "debug"};
	char text[64];
	struct config *c;
	int i;

	(void) state;
	for (i = 0; i < 8; i++) {
		snprintf(text, sizeof(text), "log.level = %s\n", names[i]);
		c = load_ok(text, NULL, 0);
		assert_int_equal(c->log_level, i);
		config_unref(c);
		snprintf(text, sizeof(text), "log.level = %d\n", i);
		c = load_ok(text, NULL, 0);
		assert_int_equal(c->log_level, i);
		config_unref(c);
	}
	c = load_ok("log.level = DEBUG\n", NULL, 0);
	assert_int_equal(c->log_level, 7);
	config_unref(c);
	assert_fails("log.level = 8\n", NULL, 0,
		     "FILE:1: key 'log.level': value '8' is not a log level (emerg, alert, crit, "
		     "err, warning, notice, info, debug, or 0..7)\n");
	assert_fails("log.level = loud\n", NULL, 0,
		     "FILE:1: key 'log.level': value 'loud' is not a log level (emerg, alert, "
		     "crit, err, warning, notice, info, debug, or 0..7)\n");
}

static void
test_config_rejects_invalid_topic_names(void **state)
{
	static const char *const bad[] = {"a b", ".", "..", "news/in", "caf\xc3\xa9", "a:b"};
	char text[400], msg[600], longname[251];
	size_t i;

	(void) state;
	for (i = 0; i < NELEM(bad); i++) {
		snprintf(text, sizeof(text), "input.topic = %s\n", bad[i]);
		snprintf(msg, sizeof(msg),
			 "FILE:1: key 'input.topic': value '%s' is not a valid topic name "
			 "(1..249 of A-Z a-z 0-9 . _ -, not '.' or '..')\n",
			 bad[i]);
		assert_fails(text, NULL, 0, msg);
	}
	memset(longname, 'a', 250);
	longname[250] = '\0';
	snprintf(text, sizeof(text), "output.topic = %s\n", longname);
	snprintf(msg, sizeof(msg),
		 "FILE:1: key 'output.topic': value '%.80s' is not a valid topic name "
		 "(1..249 of A-Z a-z 0-9 . _ -, not '.' or '..')\n",
		 longname);
	assert_fails(text, NULL, 0, msg);
}

static void
test_config_accepts_topic_names_of_every_allowed_character(void **state)
{
	char text[400], longname[250];
	struct config *c;

	(void) state;
	memset(longname, 'z', 249);
	longname[249] = '\0';
	snprintf(text, sizeof(text),
		 "input.topic = A-z_0.9\ndeadletter.topic = ...\n"
		 "output.topic = %s\n",
		 longname);
	c = load_ok(text, NULL, 0);
	assert_string_equal(c->input_topic, "A-z_0.9");
	assert_string_equal(c->deadletter_topic, "...");
	assert_int_equal(strlen(c->output_topic), 249);
	config_unref(c);
}

static void
test_config_reports_equal_topics_on_the_key_set_later(void **state)
{
	(void) state;
	/* output.topic is set to the default of input.topic: output.topic is the later. */
	assert_fails("workers = 1\noutput.topic = articles\n", NULL, 0,
		     "FILE:2: key 'output.topic': value 'articles' is the same as 'input.topic'\n");
	/* input.topic comes later in the file than deadletter.topic. */
	assert_fails("deadletter.topic = x\ninput.topic = x\n", NULL, 0,
		     "FILE:2: key 'input.topic': value 'x' is the same as 'deadletter.topic'\n");
	/* An override is later than any file line. */
	assert_fails("output.topic = y\n", (const char *const[]){"workers=1", "input.topic=y"}, 2,
		     "-X:2: key 'input.topic': value 'y' is the same as 'output.topic'\n");
	/* All three equal: the two later keys are each reported once. */
	assert_fails("input.topic = t\noutput.topic = t\ndeadletter.topic = t\n", NULL, 0,
		     "FILE:2: key 'output.topic': value 't' is the same as 'input.topic'\n"
		     "FILE:3: key 'deadletter.topic': value 't' is the same as 'input.topic'\n");
}

static void
test_config_reports_every_error_in_a_file(void **state)
{
	struct config *c;
	char *errs;

	(void) state;
	assert_int_equal(load("# five mistakes, one good line\n"
			      "workers = -3\n"
			      "max.inflight = 5000000\n"
			      "input.topic = fine\n"
			      "bogus\n"
			      "extract = perhaps\n"
			      "kafka.fetch.wait.max.ms = abc\n",
			      NULL, 0, &c, &errs),
			 -EINVAL);
	assert_int_equal(count_lines(errs), 5);
	assert_string_equal(
	    errs, "FILE:2: key 'workers': value '-3' is not an unsigned integer\n"
		  "FILE:3: key 'max.inflight': value '5000000' is out of range 1..1000000\n"
		  "FILE:5: expected 'key = value', found 'bogus'\n"
		  "FILE:6: key 'extract': value 'perhaps' is not a boolean (true/false, "
		  "yes/no, on/off, 1/0)\n"
		  "FILE:7: key 'kafka.fetch.wait.max.ms': value 'abc' refused by librdkafka: "
		  "Invalid value for configuration property \"fetch.wait.max.ms\"\n");
	free(errs);
}

/* ---------------------------------------------------------------- -X overrides */

static void
test_config_overrides_win_over_the_file(void **state)
{
	static const char *const ov[] = {"workers=8", " max.inflight = 50 ", "workers=9"};
	struct config *c = load_ok("workers = 2\nmax.inflight = 10\n", ov, NELEM(ov));

	(void) state;
	assert_int_equal(c->workers, 9); /* a later override wins over an earlier one */
	assert_int_equal(c->max_inflight, 50);
	config_unref(c);
}

static void
test_config_overrides_apply_without_a_file(void **state)
{
	static const char *const ov[] = {"input.topic=in", "extract=off"};
	struct config *c = load_ok(NULL, ov, NELEM(ov));

	(void) state;
	assert_null(c->path);
	assert_string_equal(c->input_topic, "in");
	assert_int_equal(c->extract, 0);
	config_unref(c);
}

static void
test_config_reports_override_errors_by_their_index(void **state)
{
	static const char *const ov[] = {"workers=1", "workers", "max.inflight=0",
					 "kafka.client.id=a\nb", "shutdown.timeuot.ms=5"};

	(void) state;
	assert_fails("workers = x\n", ov, NELEM(ov),
		     "FILE:1: key 'workers': value 'x' is not an unsigned integer\n"
		     "-X:2: expected 'key=value', found 'workers'\n"
		     "-X:3: key 'max.inflight': value '0' is out of range 1..1000000\n"
		     "-X:4: key 'kafka.client.id': value contains a line break\n"
		     "-X:5: key 'shutdown.timeuot.ms': unknown key, did you mean "
		     "'shutdown.timeout.ms'?\n");
}

/* ---------------------------------------------------------------- kafka pass-through */

static void
test_config_passes_kafka_properties_through_in_order_with_their_client(void **state)
{
	static const char *const ov[] = {"kafka.producer.linger.ms=50", "kafka.client.id=over"};
	char origin[64];
	struct config *c = load_ok("kafka.bootstrap.servers = b1:9092,b2:9092\n"
				   "kafka.consumer.fetch.wait.max.ms = 10\n"
				   "kafka.client.id = file\n"
				   "kafka.producer.compression.codec = lz4\n"
				   "kafka.group.id = readers\n",
				   ov, NELEM(ov));

	(void) state;
	assert_int_equal(c->nkafka, 6);
	assert_int_equal(c->kafka[0].client, CONFIG_CLIENT_BOTH);
	assert_string_equal(c->kafka[0].name, "bootstrap.servers");
	assert_string_equal(c->kafka[0].value, "b1:9092,b2:9092");
	snprintf(origin, sizeof(origin), "%s:1", c->path);
	assert_string_equal(c->kafka[0].origin, origin);
	assert_int_equal(c->kafka[1].client, CONFIG_CLIENT_CONSUMER);
	assert_string_equal(c->kafka[1].name, "fetch.wait.max.ms");
	assert_string_equal(c->kafka[1].value, "10");
	/* The override replaced the file's client.id where it stood. */
	assert_int_equal(c->kafka[2].client, CONFIG_CLIENT_BOTH);
	assert_string_equal(c->kafka[2].name, "client.id");
	assert_string_equal(c->kafka[2].value, "over");
	assert_string_equal(c->kafka[2].origin, "-X:2");
	assert_int_equal(c->kafka[3].client, CONFIG_CLIENT_PRODUCER);
	assert_string_equal(c->kafka[3].name, "compression.codec");
	assert_string_equal(c->kafka[3].value, "lz4");
	assert_string_equal(c->kafka[4].name, "group.id");
	assert_string_equal(c->kafka[4].value, "readers");
	assert_int_equal(c->kafka[5].client, CONFIG_CLIENT_PRODUCER);
	assert_string_equal(c->kafka[5].name, "linger.ms");
	assert_string_equal(c->kafka[5].origin, "-X:1");
	config_unref(c);
}

static void
test_config_records_the_file_and_line_of_each_kafka_property(void **state)
{
	struct config *c = load_ok("\n# x\nkafka.client.id = a\n", NULL, 0);
	char want[64];

	(void) state;
	snprintf(want, sizeof(want), "%s:3", c->path);
	assert_string_equal(c->kafka[0].origin, want);
	config_unref(c);
}

static void
test_config_adds_the_default_group_id_only_when_the_consumer_has_none(void **state)
{
	struct config *c;

	(void) state;
	c = load_ok("kafka.consumer.group.id = mine\n", NULL, 0);
	assert_int_equal(c->nkafka, 1);
	assert_int_equal(c->kafka[0].client, CONFIG_CLIENT_CONSUMER);
	assert_string_equal(c->kafka[0].value, "mine");
	config_unref(c);
	/* A producer-only group.id leaves the consumer without one: the default is added. */
	c = load_ok("kafka.producer.group.id = theirs\n", NULL, 0);
	assert_int_equal(c->nkafka, 2);
	assert_string_equal(c->kafka[1].name, "group.id");
	assert_int_equal(c->kafka[1].client, CONFIG_CLIENT_BOTH);
	assert_string_equal(c->kafka[1].value, "newseventsd");
	config_unref(c);
}

/* Issue 10: the daemon commits itself, so the interval is its key and librdkafka's timer stays off.
 */
static void
test_config_takes_the_commit_interval_out_of_the_pass_through_10(void **state)
{
	struct config *c;

	(void) state;
	c = load_ok(NULL, NULL, 0);
	assert_int_equal(c->commit_interval_ms, 20);
	config_unref(c);
	c = load_ok("kafka.auto.commit.interval.ms = 0\n", NULL, 0);
	assert_int_equal(c->commit_interval_ms, 0);
	assert_int_equal(c->nkafka, 1); /* only the default group.id */
	config_unref(c);
	c = load_ok("kafka.auto.commit.interval.ms = 1000\n",
		    (const char *const[]){"kafka.consumer.auto.commit.interval.ms=20"}, 1);
	assert_int_equal(c->commit_interval_ms, 20);
	assert_int_equal(c->nkafka, 1);
	config_unref(c);
	assert_fails(
	    "kafka.auto.commit.interval.ms = -1\n"
	    "kafka.consumer.enable.auto.commit = true\n"
	    "kafka.enable.auto.commit = 1\n",
	    NULL, 0,
	    "FILE:1: key 'kafka.auto.commit.interval.ms': value '-1' is not an unsigned "
	    "integer\n"
	    "FILE:2: key 'kafka.consumer.enable.auto.commit': value 'true' refused: managed "
	    "by newseventsd (stored offsets are committed by the daemon, see "
	    "kafka.auto.commit.interval.ms)\n"
	    "FILE:3: key 'kafka.enable.auto.commit': value '1' refused: managed by "
	    "newseventsd (stored offsets are committed by the daemon, see "
	    "kafka.auto.commit.interval.ms)\n");
}

static void
test_config_takes_auto_offset_reset_out_of_the_pass_through(void **state)
{
	static const char *const ok[] = {"earliest",  "latest", "smallest", "largest",
					 "beginning", "end",	"error"};
	char text[64];
	struct config *c;
	size_t i;

	(void) state;
	for (i = 0; i < NELEM(ok); i++) {
		snprintf(text, sizeof(text), "kafka.auto.offset.reset = %s\n", ok[i]);
		c = load_ok(text, NULL, 0);
		assert_string_equal(c->auto_offset_reset, ok[i]);
		assert_int_equal(c->nkafka, 1); /* only the default group.id */
		config_unref(c);
	}
	c = load_ok(NULL, (const char *const[]){"kafka.consumer.auto.offset.reset=latest"}, 1);
	assert_string_equal(c->auto_offset_reset, "latest");
	assert_int_equal(c->nkafka, 1);
	config_unref(c);
	assert_fails(
	    "kafka.auto.offset.reset = oldest\n", NULL, 0,
	    "FILE:1: key 'kafka.auto.offset.reset': value 'oldest' is not one of earliest, "
	    "latest, smallest, largest, beginning, end, error\n");
}

static void
test_config_reports_a_bad_librdkafka_value_with_its_line(void **state)
{
	(void) state;
	assert_fails("workers = 1\nkafka.fetch.wait.max.ms=abc\n", NULL, 0,
		     "FILE:2: key 'kafka.fetch.wait.max.ms': value 'abc' refused by librdkafka: "
		     "Invalid value for configuration property \"fetch.wait.max.ms\"\n");
	assert_fails(
	    "kafka.consumer.enable.auto.commit = sometimes\n", NULL, 0,
	    "FILE:1: key 'kafka.consumer.enable.auto.commit': value 'sometimes' refused by "
	    "librdkafka: Expected bool value for \"enable.auto.commit\": true or false\n");
}

static void
test_config_reports_an_unknown_librdkafka_property(void **state)
{
	(void) state;
	assert_fails("kafka.no.such.thing = 1\n", NULL, 0,
		     "FILE:1: key 'kafka.no.such.thing': librdkafka: No such configuration "
		     "property: \"no.such.thing\"\n");
	assert_fails("kafka. = 1\nkafka.producer. = 2\n", NULL, 0,
		     "FILE:1: key 'kafka.': no librdkafka property after 'kafka.'\n"
		     "FILE:2: key 'kafka.producer.': no librdkafka property after "
		     "'kafka.producer.'\n");
	assert_fails(NULL, (const char *const[]){"kafka.dr_msg_cb=x"}, 1,
		     "-X:1: key 'kafka.dr_msg_cb': value 'x' refused by librdkafka: Property "
		     "\"dr_msg_cb\" must be set through dedicated .._set_..() function\n");
}

static void
test_config_refuses_the_properties_the_daemon_manages(void **state)
{
	(void) state;
	assert_fails(
	    "kafka.enable.auto.offset.store = false\n"
	    "kafka.consumer.enable.auto.offset.store = true\n"
	    "kafka.enable.idempotence = false\n"
	    "kafka.producer.enable.idempotence = f\n"
	    "kafka.acks = 1\n"
	    "kafka.producer.request.required.acks = 0\n"
	    "kafka.producer.transactional.id = tx\n"
	    "kafka.topic.acks = 0\n",
	    NULL, 0,
	    "FILE:1: key 'kafka.enable.auto.offset.store': value 'false' refused: managed "
	    "by newseventsd (an offset is stored only once its article and every earlier "
	    "one are done)\n"
	    "FILE:2: key 'kafka.consumer.enable.auto.offset.store': value 'true' refused: "
	    "managed by newseventsd (an offset is stored only once its article and every "
	    "earlier one are done)\n"
	    "FILE:3: key 'kafka.enable.idempotence': value 'false' refused: managed by "
	    "newseventsd (the producer must be idempotent)\n"
	    "FILE:4: key 'kafka.producer.enable.idempotence': value 'f' refused: managed by "
	    "newseventsd (the producer must be idempotent)\n"
	    "FILE:5: key 'kafka.acks': value '1' refused: managed by newseventsd (acks must "
	    "be all)\n"
	    "FILE:6: key 'kafka.producer.request.required.acks': value '0' refused: managed "
	    "by newseventsd (acks must be all)\n"
	    "FILE:7: key 'kafka.producer.transactional.id': value 'tx' refused: managed by "
	    "newseventsd (the producer is idempotent, not transactional)\n"
	    "FILE:8: key 'kafka.topic.acks': value '0' refused: managed by newseventsd (acks "
	    "must be all)\n");
}

static void
test_config_accepts_the_values_the_daemon_would_choose_itself(void **state)
{
	struct config *c =
	    load_ok("kafka.acks = all\nkafka.producer.request.required.acks = -1\n"
		    "kafka.enable.idempotence = true\nkafka.enable.auto.commit = false\n",
		    NULL, 0);

	(void) state;
	assert_int_equal(c->nkafka, 5);
	assert_string_equal(c->kafka[0].value, "all");
	assert_string_equal(c->kafka[3].name, "enable.auto.commit");
	config_unref(c);
}

/* ---------------------------------------------------------------- files */

static void
test_config_missing_file_is_the_defaults_when_missing_ok(void **state)
{
	static const char *const ov[] = {"workers=4"};
	char *errs;
	size_t len;
	FILE *errfp = open_memstream(&errs, &len);
	struct config *c = NULL;

	(void) state;
	assert_int_equal(config_load("/tmp/test_config.does-not-exist", 1, ov, 1, &c, errfp), 0);
	assert_int_equal(fclose(errfp), 0);
	assert_string_equal(errs, "");
	config_check_invariants(c);
	assert_null(c->path);
	assert_int_equal(c->workers, 4);
	free(errs);
	config_unref(c);
}

static void
test_config_missing_file_is_an_error_without_missing_ok(void **state)
{
	char *errs;
	size_t len;
	FILE *errfp = open_memstream(&errs, &len);
	static struct config sentinel;
	struct config *c = &sentinel; /* *ret must stay untouched on failure */

	(void) state;
	assert_int_equal(config_load("/tmp/test_config.does-not-exist", 0, NULL, 0, &c, errfp),
			 -ENOENT);
	assert_int_equal(fclose(errfp), 0);
	assert_ptr_equal(c, &sentinel);
	assert_string_equal(errs, "cannot open '/tmp/test_config.does-not-exist': No such file or "
				  "directory\n");
	free(errs);
}

static void
test_config_a_directory_is_not_a_file(void **state)
{
	char *errs;
	size_t len;
	FILE *errfp = open_memstream(&errs, &len);
	struct config *c = NULL;

	(void) state;
	assert_int_equal(config_load("/tmp", 1, NULL, 0, &c, errfp), -EISDIR);
	assert_int_equal(fclose(errfp), 0);
	assert_null(c);
	assert_string_equal(errs, "cannot read '/tmp': Is a directory\n");
	free(errs);
}

/* ---------------------------------------------------------------- print, refs, reload */

static void
test_config_print_round_trips(void **state)
{
	static const char *const ov[] = {"kafka.client.id=client with spaces", "log.level=7"};
	struct config *c1, *c2;
	char *t1, *t2;

	(void) state;
	c1 = load_ok("input.topic = in.a\noutput.topic = out-b\ndeadletter.topic = dl_c\n"
		     "workers = 12\nmax.inflight = 77\nmax.article.bytes = 1536\n"
		     "shutdown.timeout.ms = 1234\nrevoke.timeout.ms = 4321\n"
		     "status.interval.ms = 999\nlexicon.dir = /opt/my lexicons/v 2\n"
		     "log.level = warning\nextract = no\nkafka.auto.offset.reset = latest\n"
		     "kafka.bootstrap.servers = h1:1,h2:2\n"
		     "kafka.consumer.fetch.wait.max.ms = 5\n"
		     "kafka.producer.linger.ms = 20\n"
		     "kafka.ssl.ca.location = /etc/ssl/my certs/ca.pem\n",
		     ov, NELEM(ov));
	t1 = print_to_string(c1);
	assert_non_null(strstr(t1, "\nmax.article.bytes = 1536\n"));
	assert_non_null(strstr(t1, "\nlexicon.dir = /opt/my lexicons/v 2\n"));
	assert_non_null(strstr(t1, "\nlog.level = debug\n"));
	assert_non_null(strstr(t1, "\nextract = false\n"));
	assert_non_null(strstr(t1, "\nkafka.producer.linger.ms = 20\n"));
	assert_non_null(strstr(t1, "\nkafka.client.id = client with spaces\n"
				   "kafka.group.id = newseventsd\n"));
	c2 = load_ok(t1, NULL, 0);
	t2 = print_to_string(c2);
	assert_string_equal(t1, t2);
	assert_int_equal(c2->nkafka, c1->nkafka);
	assert_int_equal(c2->kafka[1].client, CONFIG_CLIENT_CONSUMER);
	assert_int_equal(c2->kafka[2].client, CONFIG_CLIENT_PRODUCER);
	assert_int_equal(config_reloadable(c1, c2, &(const char *){NULL}), 1);
	free(t1);
	free(t2);
	config_unref(c1);
	config_unref(c2);
}

static void
test_config_print_keys_describes_every_key(void **state)
{
	char *buf, needle[64];
	size_t len, i;
	FILE *fp = open_memstream(&buf, &len);

	(void) state;
	fputc('\n', fp); /* so that every key line, the first too, follows a '\n' */
	config_print_keys(fp);
	assert_int_equal(fclose(fp), 0);
	for (i = 0; i < NELEM(all_keys); i++) {
		snprintf(needle, sizeof(needle), "\n  %s =", all_keys[i]);
		assert_non_null(strstr(buf, needle));
	}
	assert_non_null(strstr(buf, "\n  lexicon.dir =\n"));
	assert_non_null(strstr(buf, "  max.article.bytes = 4MiB  (1KiB..64MiB)"));
	assert_non_null(strstr(buf, "  max.inflight = 1000  (1..1000000)  [restart]"));
	assert_non_null(strstr(buf, "kafka.consumer.<property>"));
	free(buf);
}

static void
test_config_refcount_frees_on_the_last_unref(void **state)
{
	struct config *c = load_ok(NULL, NULL, 0);

	(void) state;
	assert_ptr_equal(config_ref(c), c);
	assert_int_equal(c->refs, 2);
	assert_ptr_equal(config_ref(c), c);
	assert_int_equal(c->refs, 3);
	assert_null(config_unref(c));
	assert_int_equal(c->refs, 2);
	assert_null(config_unref(c));
	assert_int_equal(c->refs, 1);
	assert_null(config_unref(c)); /* freed here; ASan reports a leak or a double free */
	assert_null(config_unref(NULL));
}

static void
test_config_reload_accepts_only_reloadable_changes(void **state)
{
	struct config *base = load_ok("kafka.bootstrap.servers = a:1\n", NULL, 0);
	static const struct {
		const char *ov;
		const char *key; /* NULL: reloadable */
	} cases[] = {
	    {"log.level=debug", NULL},
	    {"max.article.bytes=1MiB", NULL},
	    {"lexicon.dir=/x", NULL},
	    {"status.interval.ms=100", NULL},
	    {"shutdown.timeout.ms=100", NULL},
	    {"revoke.timeout.ms=100", NULL},
	    {"kafka.auto.commit.interval.ms=10", NULL},
	    {"workers=3", "workers"},
	    {"max.inflight=5", "max.inflight"},
	    {"input.topic=x", "input.topic"},
	    {"output.topic=x", "output.topic"},
	    {"deadletter.topic=x", "deadletter.topic"},
	    {"extract=false", "extract"},
	    {"kafka.auto.offset.reset=latest", "kafka.auto.offset.reset"},
	    {"kafka.bootstrap.servers=b:1", "kafka.*"},
	    {"kafka.client.id=x", "kafka.*"},
	};
	static const char *const boot[] = {"kafka.bootstrap.servers=a:1"};
	const char *ovs[2], *key;
	struct config *c;
	size_t i;

	(void) state;
	for (i = 0; i < NELEM(cases); i++) {
		ovs[0] = boot[0];
		ovs[1] = cases[i].ov;
		c = load_ok(NULL, ovs, 2);
		key = "unset";
		if (cases[i].key == NULL) {
			assert_int_equal(config_reloadable(base, c, &key), 1);
			assert_string_equal(key, "unset");
		} else {
			assert_int_equal(config_reloadable(base, c, &key), 0);
			assert_string_equal(key, cases[i].key);
		}
		config_unref(c);
	}
	config_unref(base);
}

/* ---------------------------------------------------------------- schema and example */

static void
test_config_schema_lists_every_key_with_its_default(void **state)
{
	struct config *c = load_ok(NULL, NULL, 0);
	char path[512], *text, *line, *save = NULL, *eq, want[64];
	json_error_t jerr;
	json_t *schema, *props, *p, *def;
	size_t nprinted = 0;

	(void) state;
	snprintf(path, sizeof(path), "%s/schemas/config.schema.json", srcdir());
	schema = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (schema == NULL)
		fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
	assert_string_equal(json_string_value(json_object_get(schema, "$schema")),
			    "https://json-schema.org/draft/2020-12/schema");
	props = json_object_get(schema, "properties");
	assert_true(json_is_object(props));
	assert_non_null(json_object_get(schema, "patternProperties"));
	text = print_to_string(c);
	for (line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		eq = strstr(line, " =");
		assert_non_null(eq);
		*eq = '\0';
		p = json_object_get(props, line);
		if (p == NULL)
			fail_msg("key '%s' is not in %s", line, path);
		assert_true(json_is_string(json_object_get(p, "description")));
		def = json_object_get(p, "default");
		assert_non_null(def);
		if (json_is_string(def))
			snprintf(want, sizeof(want), "%s", json_string_value(def));
		else if (json_is_integer(def))
			snprintf(want, sizeof(want), "%lld", (long long) json_integer_value(def));
		else
			snprintf(want, sizeof(want), "%s", json_is_true(def) ? "true" : "false");
		/* The printed default follows " = " (or nothing for an empty value). */
		assert_string_equal(eq[2] == ' ' ? eq + 3 : "", want);
		nprinted++;
	}
	assert_int_equal(nprinted, NELEM(all_keys) + 1); /* + kafka.group.id */
	assert_int_equal(json_object_size(props), nprinted);
	free(text);
	json_decref(schema);
	config_unref(c);
}

static void
test_config_checks_unsupported_action_and_input_fields_8(void **state)
{
	static const char *const good[] = {"unsupported.action=skip",
					   "unsupported.action=deadletter",
					   "unsupported.action=topic:articles.fr",
					   "input.field.text=body",
					   "input.field.text=body, content",
					   "input.field.published_at="};
	static const char *const bad[] = {
	    "unsupported.action=drop", "unsupported.action=topic:", "unsupported.action=topic:a b",
	    "unsupported.action=Skip", "input.field.text=a,,b",	    "input.field.url=a,",
	    "input.field.body=text"};
	struct config *c;
	char *errs;
	size_t errlen;

	(void) state;
	for (size_t i = 0; i < NELEM(good); i++) {
		FILE *errfp = open_memstream(&errs, &errlen);

		if (config_load(NULL, 0, &good[i], 1, &c, errfp) != 0) {
			fclose(errfp);
			fail_msg("'%s' refused: %s", good[i], errs);
		}
		fclose(errfp);
		free(errs);
		config_unref(c);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		FILE *errfp = open_memstream(&errs, &errlen);
		char key[64];

		assert_int_equal(config_load(NULL, 0, &bad[i], 1, &c, errfp), -EINVAL);
		fclose(errfp);
		snprintf(key, sizeof(key), "'%.*s'", (int) (strchr(bad[i], '=') - bad[i]), bad[i]);
		if (strstr(errs, key) == NULL)
			fail_msg("'%s': the error does not name the key: %s", bad[i], errs);
		free(errs);
	}
	c = load_ok("unsupported.action = topic:other\ninput.field.text = body,content\n", NULL, 0);
	assert_string_equal(c->unsupported_action, "topic:other");
	assert_string_equal(c->input_field[4], "body,content");
	assert_string_equal(c->input_field[0], "");
	config_unref(c);
}

static void
test_config_example_file_loads_and_documents_every_key(void **state)
{
	char path[512], needle[64], *text;
	struct config *c;
	long len;
	size_t i;
	FILE *fp;
	char *errs;
	size_t errlen;
	FILE *errfp = open_memstream(&errs, &errlen);

	(void) state;
	snprintf(path, sizeof(path), "%s/systemd/newseventsd.conf.example", srcdir());
	fp = fopen(path, "r");
	if (fp == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	rewind(fp);
	text = calloc(1, (size_t) len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t) len, fp), (size_t) len);
	fclose(fp);
	for (i = 0; i < NELEM(all_keys); i++) { /* commented out at its default, or set */
		snprintf(needle, sizeof(needle), "\n#%s =", all_keys[i]);
		if (strstr(text, needle) != NULL)
			continue;
		snprintf(needle, sizeof(needle), "\n%s =", all_keys[i]);
		if (strstr(text, needle) == NULL)
			fail_msg("%s does not document '%s'", path, all_keys[i]);
	}
	assert_non_null(strstr(text, "\nkafka.bootstrap.servers = "));
	assert_int_equal(config_load(path, 0, NULL, 0, &c, errfp), 0);
	assert_int_equal(fclose(errfp), 0);
	assert_string_equal(errs, "");
	config_check_invariants(c);
	free(errs);
	free(text);
	config_unref(c);
}

/* Collects what config_diff() reports, one "key reloadable old new" line each. */
static void
note_change(void *arg, const char *key, int reloadable, const char *oldv, const char *newv)
{
	FILE *fp = arg;

	fprintf(fp, "%s %d '%s' '%s'\n", key, reloadable, oldv, newv);
}

static char *
diff_to_string(const struct config *a, const struct config *b, size_t *n)
{
	char *buf;
	size_t len;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	*n = config_diff(a, b, note_change, fp);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void
test_config_diff_names_every_changed_key_without_showing_kafka_values(void **state)
{
	struct config *a = load_ok("max.article.bytes = 2KiB\nworkers = 2\n"
				   "kafka.sasl.password = old-secret\nkafka.client.rack = r1\n",
				   NULL, 0);
	struct config *b =
	    load_ok("max.article.bytes = 8KiB\nworkers = 3\n"
		    "kafka.sasl.password = new-secret\nkafka.producer.linger.ms = 7\n",
		    NULL, 0);
	size_t n;
	char *d;

	(void) state;
	d = diff_to_string(a, b, &n);
	assert_int_equal(n, 5);
	assert_string_equal(d, "workers 0 '2' '3'\n"
			       "max.article.bytes 1 '2KiB' '8KiB'\n"
			       "kafka.sasl.password 0 '(set)' '(changed)'\n"
			       "kafka.client.rack 0 '(set)' '(unset)'\n"
			       "kafka.producer.linger.ms 0 '(unset)' '(set)'\n");
	assert_null(strstr(d, "secret"));
	free(d);
	d = diff_to_string(a, a, &n);
	assert_int_equal(n, 0);
	assert_string_equal(d, "");
	free(d);
	config_unref(a);
	config_unref(b);
}

static void
test_config_merge_takes_reloadable_keys_and_keeps_the_rest_running(void **state)
{
	struct config *running = load_ok("input.topic = in1\nmax.article.bytes = 2KiB\n"
					 "log.level = err\nmax.inflight = 10\n"
					 "kafka.client.rack = r1\n",
					 NULL, 0);
	struct config *loaded = load_ok("input.topic = in2\nmax.article.bytes = 8KiB\n"
					"log.level = debug\nmax.inflight = 20\n"
					"kafka.client.rack = r2\nlexicon.dir = /tmp/lx\n",
					NULL, 0);
	struct config *m = config_merge(running, loaded);
	const char *key = NULL;
	size_t n;
	char *d;

	(void) state;
	assert_non_null(m);
	config_check_invariants(m);
	assert_string_equal(m->input_topic, "in1");
	assert_int_equal(m->max_inflight, 10);
	assert_int_equal(m->max_article_bytes, 8192);
	assert_int_equal(m->log_level, 7);
	assert_string_equal(m->lexicon_dir, "/tmp/lx");
	/* Nothing that needs a restart differs from what runs; only reloadable keys from loaded. */
	assert_true(config_reloadable(running, m, &key));
	d = diff_to_string(m, loaded, &n);
	assert_string_equal(d, "input.topic 0 'in1' 'in2'\nmax.inflight 0 '10' '20'\n"
			       "kafka.client.rack 0 '(set)' '(changed)'\n");
	free(d);
	config_unref(m);
	config_unref(loaded);
	config_unref(running);
}

/* ---------------------------------------------------------------- secrets */

/* A new file in a new directory /tmp/test_secret.XXXXXX holding len bytes; @returns its path. */
static char *
secret_file(const char *name, const char *text, size_t len)
{
	char dir[] = "/tmp/test_secret.XXXXXX", *path;
	FILE *fp;

	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static void
remove_secret_file(char *path)
{
	assert_int_equal(unlink(path), 0);
	*strrchr(path, '/') = '\0';
	assert_int_equal(rmdir(path), 0);
	free(path);
}

static void
test_config_reads_a_value_from_a_file_and_prints_the_reference(void **state)
{
	char *path = secret_file("pw", "s3cr3t\n", 7), *text, line[300];
	struct config *c;

	(void) state;
	snprintf(line, sizeof(line), "kafka.sasl.password = @file:%s\n", path);
	c = load_ok(line, NULL, 0);
	assert_string_equal(c->kafka[0].name, "sasl.password");
	assert_string_equal(c->kafka[0].value, "s3cr3t"); /* the line break is not part of it */
	text = print_to_string(c);
	assert_non_null(strstr(text, line));
	assert_null(strstr(text, "s3cr3t"));
	free(text);
	config_unref(c);
	remove_secret_file(path);
}

static void
test_config_reads_a_relative_file_from_the_configurations_directory(void **state)
{
	char path[64], line[128];
	struct config *c;
	FILE *fp;

	(void) state;
	/* load() writes the configuration in /tmp: "@file:NAME" is /tmp/NAME. */
	snprintf(path, sizeof(path), "/tmp/test_config_rel.%d", (int) getpid());
	assert_non_null(fp = fopen(path, "w"));
	fputs("r2\r\n", fp);
	assert_int_equal(fclose(fp), 0);
	snprintf(line, sizeof(line), "kafka.client.rack = @file:%s\n", path + 5);
	c = load_ok(line, NULL, 0);
	assert_string_equal(c->kafka[0].value, "r2"); /* a CRLF line end is dropped too */
	config_unref(c);
	assert_int_equal(unlink(path), 0);
}

static void
test_config_reports_secret_files_that_cannot_be_used(void **state)
{
	char *nul = secret_file("nul", "a\0b", 3), *big, *buf, text[400], want[600];
	struct config *c;
	char *errs;

	(void) state;
	assert_non_null(buf = calloc(1, 70 * 1024));
	memset(buf, 'x', 70 * 1024);
	big = secret_file("big", buf, 70 * 1024);
	free(buf);
	snprintf(text, sizeof(text),
		 "kafka.sasl.password = @file:/nonexistent/pw\n"
		 "kafka.ssl.key.password = @file:/tmp\n"
		 "kafka.sasl.username = @file:%s\n"
		 "kafka.client.rack = @file:%s\n",
		 nul, big);
	snprintf(want, sizeof(want),
		 "FILE:1: key 'kafka.sasl.password': cannot read '/nonexistent/pw': No such file "
		 "or directory\n"
		 "FILE:2: key 'kafka.ssl.key.password': '/tmp' is not a regular file\n"
		 "FILE:3: key 'kafka.sasl.username': '%s' holds a NUL byte\n"
		 "FILE:4: key 'kafka.client.rack': '%s' is larger than 65536 bytes\n",
		 nul, big);
	assert_int_equal(load(text, NULL, 0, &c, &errs), -EINVAL);
	assert_string_equal(errs, want);
	free(errs);
	remove_secret_file(nul);
	remove_secret_file(big);
}

static void
test_config_reads_a_credential_from_the_credentials_directory(void **state)
{
	char *path = secret_file("kafka-password", "from-systemd", 12), *dir = strdup(path);
	const char *ov[] = {"kafka.sasl.password=@credential:kafka-password"};
	struct config *c;

	(void) state;
	*strrchr(dir, '/') = '\0';
	assert_int_equal(setenv("CREDENTIALS_DIRECTORY", dir, 1), 0);
	c = load_ok(NULL, ov, 1);
	assert_string_equal(c->kafka[0].value, "from-systemd");
	config_unref(c);
	assert_fails("kafka.sasl.password = @credential:../etc/passwd\n", NULL, 0,
		     "FILE:1: key 'kafka.sasl.password': '@credential:../etc/passwd' does not name "
		     "a credential\n");
	assert_int_equal(unsetenv("CREDENTIALS_DIRECTORY"), 0);
	assert_fails(NULL, ov, 1,
		     "-X:1: key 'kafka.sasl.password': '@credential:kafka-password' needs "
		     "$CREDENTIALS_DIRECTORY (systemd's LoadCredential=), which is not set\n");
	free(dir);
	remove_secret_file(path);
}

static void
test_config_print_hides_secrets_written_in_the_file(void **state)
{
	struct config *c = load_ok("kafka.sasl.password = hunter2\n"
				   "kafka.producer.ssl.key.password = k3y\n"
				   "kafka.sasl.username = alice\n"
				   "kafka.client.rack = r1\n",
				   NULL, 0);
	char *text, *buf;
	size_t len;
	FILE *fp;

	(void) state;
	assert_non_null(fp = open_memstream(&buf, &len));
	config_print(c, fp, 0);
	assert_int_equal(fclose(fp), 0);
	assert_null(strstr(buf, "hunter2"));
	assert_null(strstr(buf, "k3y"));
	assert_null(strstr(buf, "alice")); /* librdkafka counts the user name as sensitive */
	assert_non_null(strstr(buf, "\nkafka.client.rack = r1\n"));
	assert_non_null(strstr(buf, "\n# kafka.sasl.password = (a secret, not printed; set at "));
	assert_non_null(
	    strstr(buf, "\n# kafka.producer.ssl.key.password = (a secret, not printed"));
	free(buf);
	text = print_to_string(c); /* show_secrets: the exact round trip */
	assert_non_null(strstr(text, "\nkafka.sasl.password = hunter2\n"));
	free(text);
	config_unref(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_config_without_a_file_has_the_documented_defaults),
	    cmocka_unit_test(test_config_prints_the_defaults_as_documented),
	    cmocka_unit_test(test_config_checks_unsupported_action_and_input_fields_8),
	    cmocka_unit_test(test_config_reads_keys_with_and_without_blanks_around_the_equals_sign),
	    cmocka_unit_test(
		test_config_skips_comments_and_blank_lines_but_keeps_a_hash_inside_a_value),
	    cmocka_unit_test(test_config_accepts_crlf_line_ends_and_a_byte_order_mark),
	    cmocka_unit_test(test_config_reads_a_line_longer_than_any_buffer),
	    cmocka_unit_test(test_config_reports_a_line_without_an_equals_sign),
	    cmocka_unit_test(test_config_reports_an_empty_key),
	    cmocka_unit_test(test_config_reports_a_nul_byte_in_a_line),
	    cmocka_unit_test(test_config_reports_a_duplicate_key_naming_the_first_line),
	    cmocka_unit_test(test_config_reports_every_one_of_many_distinct_keys),
	    cmocka_unit_test(test_config_allows_an_empty_value_only_for_lexicon_dir),
	    cmocka_unit_test(test_config_rejects_a_lexicon_dir_longer_than_a_path),
	    cmocka_unit_test(
		test_config_counts_errors_without_an_error_stream_and_leaves_ret_alone),
	    cmocka_unit_test(test_config_suggests_the_nearest_key_for_an_unknown_one),
	    cmocka_unit_test(test_config_suggests_nothing_when_no_key_is_close),
	    cmocka_unit_test(test_config_suggests_the_kafka_prefix_for_a_bare_librdkafka_property),
	    cmocka_unit_test(test_config_parses_unsigned_integers_at_both_ends_of_their_range),
	    cmocka_unit_test(test_config_rejects_bad_unsigned_integers),
	    cmocka_unit_test(test_config_parses_sizes_with_and_without_suffixes),
	    cmocka_unit_test(test_config_rejects_bad_sizes),
	    cmocka_unit_test(test_config_parses_every_boolean_spelling),
	    cmocka_unit_test(test_config_parses_log_levels_by_name_and_number),
	    cmocka_unit_test(test_config_rejects_invalid_topic_names),
	    cmocka_unit_test(test_config_accepts_topic_names_of_every_allowed_character),
	    cmocka_unit_test(test_config_reports_equal_topics_on_the_key_set_later),
	    cmocka_unit_test(test_config_reports_every_error_in_a_file),
	    cmocka_unit_test(test_config_overrides_win_over_the_file),
	    cmocka_unit_test(test_config_overrides_apply_without_a_file),
	    cmocka_unit_test(test_config_reports_override_errors_by_their_index),
	    cmocka_unit_test(
		test_config_passes_kafka_properties_through_in_order_with_their_client),
	    cmocka_unit_test(test_config_records_the_file_and_line_of_each_kafka_property),
	    cmocka_unit_test(test_config_adds_the_default_group_id_only_when_the_consumer_has_none),
	    cmocka_unit_test(test_config_takes_auto_offset_reset_out_of_the_pass_through),
	    cmocka_unit_test(test_config_takes_the_commit_interval_out_of_the_pass_through_10),
	    cmocka_unit_test(test_config_reports_a_bad_librdkafka_value_with_its_line),
	    cmocka_unit_test(test_config_reports_an_unknown_librdkafka_property),
	    cmocka_unit_test(test_config_refuses_the_properties_the_daemon_manages),
	    cmocka_unit_test(test_config_accepts_the_values_the_daemon_would_choose_itself),
	    cmocka_unit_test(test_config_missing_file_is_the_defaults_when_missing_ok),
	    cmocka_unit_test(test_config_missing_file_is_an_error_without_missing_ok),
	    cmocka_unit_test(test_config_a_directory_is_not_a_file),
	    cmocka_unit_test(test_config_print_round_trips),
	    cmocka_unit_test(test_config_print_keys_describes_every_key),
	    cmocka_unit_test(test_config_refcount_frees_on_the_last_unref),
	    cmocka_unit_test(test_config_reload_accepts_only_reloadable_changes),
	    cmocka_unit_test(test_config_schema_lists_every_key_with_its_default),
	    cmocka_unit_test(test_config_example_file_loads_and_documents_every_key),
	    cmocka_unit_test(test_config_diff_names_every_changed_key_without_showing_kafka_values),
	    cmocka_unit_test(test_config_merge_takes_reloadable_keys_and_keeps_the_rest_running),
	    cmocka_unit_test(test_config_reads_a_value_from_a_file_and_prints_the_reference),
	    cmocka_unit_test(test_config_reads_a_relative_file_from_the_configurations_directory),
	    cmocka_unit_test(test_config_reports_secret_files_that_cannot_be_used),
	    cmocka_unit_test(test_config_reads_a_credential_from_the_credentials_directory),
	    cmocka_unit_test(test_config_print_hides_secrets_written_in_the_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
