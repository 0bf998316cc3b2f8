/*
 * Unit tests for daemon/log.c: the exact stderr lines ("<N>" prefix,
 * errno text, article context), the threshold, errno preservation, the
 * 2 KiB cut, whole lines from concurrent threads, and the journal-or-stderr
 * decision taken from $JOURNAL_STREAM.
 *
 * Output is captured by pointing file descriptor 2 at an unlinked temporary
 * file; stderr is restored before any assertion, so cmocka's own messages
 * still reach the terminal. Nothing is sent to a real journal: the journal
 * tests only check the decision and log nothing while it is on.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"

struct capture {
	int saved; /* the real stderr */
	int fd;	   /* the temporary file, open on 2 while capturing */
};

static void
capture_begin(struct capture *c)
{
	char path[] = "/tmp/ne-test-log-XXXXXX";

	fflush(stderr);
	c->fd = mkstemp(path);
	assert_true(c->fd >= 0);
	assert_int_equal(unlink(path), 0);
	c->saved = dup(STDERR_FILENO);
	assert_true(c->saved >= 0);
	assert_int_equal(dup2(c->fd, STDERR_FILENO), STDERR_FILENO);
}

/* Restore stderr. @returns new NUL-terminated text written meanwhile; free() it. */
static char *
capture_end(struct capture *c)
{
	struct stat st;
	char *buf;
	ssize_t n;

	assert_int_equal(dup2(c->saved, STDERR_FILENO), STDERR_FILENO);
	close(c->saved);
	assert_int_equal(fstat(c->fd, &st), 0);
	buf = malloc((size_t) st.st_size + 1);
	assert_non_null(buf);
	n = pread(c->fd, buf, (size_t) st.st_size, 0);
	assert_int_equal(n, st.st_size);
	buf[n] = '\0';
	close(c->fd);
	return buf;
}

static int
setup(void **state)
{
	(void) state;
	unsetenv("JOURNAL_STREAM");
	log_init("test_log", LOG_DEBUG);
	return log_to_journal() == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void) state;
	unsetenv("JOURNAL_STREAM");
	log_init("test_log", LOG_DEBUG);
	return 0;
}

static void
test_log_writes_each_level_with_its_sd_daemon_prefix(void **state)
{
	struct capture c;
	char *out;

	(void) state;
	capture_begin(&c);
	log_msg(LOG_CRIT, NULL, "crit %d", 2);
	log_errx("broker %s is down", "b1");
	log_warnx("queue at %u%%", 90u);
	log_msg(LOG_NOTICE, NULL, "notice");
	log_info("started with %d workers", 4);
	log_debug("tick");
	out = capture_end(&c);
	assert_string_equal(out, "<2>crit 2\n"
				 "<3>broker b1 is down\n"
				 "<4>queue at 90%\n"
				 "<5>notice\n"
				 "<6>started with 4 workers\n"
				 "<7>tick\n");
	free(out);
}

static void
test_log_warn_and_err_append_the_errno_description(void **state)
{
	struct capture c;
	char *out;

	(void) state;
	capture_begin(&c);
	errno = ENOENT;
	log_warn("cannot open '%s'", "/etc/x.conf");
	errno = ECONNREFUSED;
	log_err("connect");
	errno = 4242;
	log_warn("odd");
	errno = ENOENT;
	log_warnx("no errno text here");
	log_errx("nor here");
	out = capture_end(&c);
	assert_string_equal(out, "<4>cannot open '/etc/x.conf': No such file or directory\n"
				 "<3>connect: Connection refused\n"
				 "<4>odd: Unknown error 4242\n"
				 "<4>no errno text here\n"
				 "<3>nor here\n");
	free(out);
}

static void
test_log_preserves_errno_in_every_function(void **state)
{
	struct capture c;
	char *out;

	(void) state;
	capture_begin(&c);
	errno = EACCES;
	log_init("test_log", LOG_DEBUG);
	assert_int_equal(errno, EACCES);
	log_err("e");
	assert_int_equal(errno, EACCES);
	log_errx("e");
	assert_int_equal(errno, EACCES);
	log_warn("w");
	assert_int_equal(errno, EACCES);
	log_warnx("w");
	assert_int_equal(errno, EACCES);
	log_info("i");
	assert_int_equal(errno, EACCES);
	log_debug("d");
	assert_int_equal(errno, EACCES);
	log_msg(LOG_NOTICE, &(struct log_ctx){"id", "t", 1, 2}, "n");
	assert_int_equal(errno, EACCES);
	log_set_level(LOG_ERR);
	log_info("dropped");
	assert_int_equal(errno, EACCES);
	/* A failing write must not leak its errno either. */
	close(STDERR_FILENO);
	log_errx("to a closed descriptor");
	assert_int_equal(errno, EACCES);
	out = capture_end(&c);
	assert_string_equal(out, "<3>e: Permission denied\n"
				 "<3>e\n"
				 "<4>w: Permission denied\n"
				 "<4>w\n"
				 "<6>i\n"
				 "<7>d\n"
				 "<5>n (article 'id' t/1@2)\n");
	free(out);
}

static void
test_log_appends_the_article_context_suffix(void **state)
{
	struct capture c;
	char *out;

	(void) state;
	capture_begin(&c);
	log_msg(LOG_WARNING, &(struct log_ctx){"a-17", "news.raw", 3, 12345},
		"sent to dead-letter");
	log_msg(LOG_INFO, &(struct log_ctx){"a-18", NULL, -1, -1}, "only the id");
	log_msg(LOG_INFO, &(struct log_ctx){NULL, "news.raw", 0, 0}, "no id");
	log_msg(LOG_INFO, &(struct log_ctx){NULL, "news.raw", -1, -1}, "topic only");
	log_msg(LOG_INFO, &(struct log_ctx){"a-19", NULL, 5, -1}, "partition without topic");
	log_msg(LOG_INFO, &(struct log_ctx){NULL, NULL, -1, -1}, "empty context");
	log_msg(LOG_INFO, NULL, "no context");
	out = capture_end(&c);
	assert_string_equal(out, "<4>sent to dead-letter (article 'a-17' news.raw/3@12345)\n"
				 "<6>only the id (article 'a-18')\n"
				 "<6>no id (news.raw/0@0)\n"
				 "<6>topic only (news.raw)\n"
				 "<6>partition without topic (article 'a-19' /5)\n"
				 "<6>empty context\n"
				 "<6>no context\n");
	free(out);
}

static void
test_log_drops_messages_above_the_threshold(void **state)
{
	struct capture c;
	char *out;

	(void) state;
	log_set_level(LOG_WARNING);
	assert_int_equal(log_get_level(), LOG_WARNING);
	capture_begin(&c);
	log_debug("debug");
	log_info("info");
	log_msg(LOG_NOTICE, NULL, "notice");
	log_warnx("warning");
	log_msg(LOG_ERR, NULL, "error");
	log_set_level(LOG_DEBUG);
	log_debug("debug again");
	out = capture_end(&c);
	assert_string_equal(out, "<4>warning\n<3>error\n<7>debug again\n");
	free(out);
}

static void
test_log_set_level_clamps_to_the_syslog_range(void **state)
{
	(void) state;
	log_set_level(99);
	assert_int_equal(log_get_level(), LOG_DEBUG);
	log_set_level(-5);
	assert_int_equal(log_get_level(), LOG_EMERG);
	log_init("test_log", LOG_NOTICE);
	assert_int_equal(log_get_level(), LOG_NOTICE);
}

static void
test_log_cuts_a_long_message_at_2_kib_with_an_ellipsis(void **state)
{
	static char big[5001], exact[2049], want[2100];
	struct capture c;
	char *out;

	(void) state;
	memset(big, 'x', 5000);
	memset(exact, 'y', 2048);
	/* 2048 bytes at most: 2045 of the text and the 3-byte ellipsis. */
	strcpy(want, "<6>");
	memset(want + 3, 'x', 2045);
	strcpy(want + 3 + 2045, "\xe2\x80\xa6\n");
	capture_begin(&c);
	log_info("%s", big);
	out = capture_end(&c);
	assert_string_equal(out, want);
	free(out);

	/* Exactly 2048 bytes fit and are not cut. */
	strcpy(want, "<6>");
	memset(want + 3, 'y', 2048);
	strcpy(want + 3 + 2048, "\n");
	capture_begin(&c);
	log_info("%s", exact);
	out = capture_end(&c);
	assert_string_equal(out, want);
	free(out);
}

static void
test_log_cut_does_not_split_a_utf8_sequence(void **state)
{
	static char big[4001], want[2100];
	struct capture c;
	char *out;
	size_t i;

	(void) state;
	for (i = 0; i < 2000; i++)
		memcpy(big + 2 * i, "\xc3\xa9", 2); /* é */
	/*
	 * 2045 bytes would end inside the 1023rd é, so only 1022 of them
	 * (2044 bytes) stay before the ellipsis.
	 */
	strcpy(want, "<6>");
	for (i = 0; i < 1022; i++)
		memcpy(want + 3 + 2 * i, "\xc3\xa9", 2);
	strcpy(want + 3 + 2044, "\xe2\x80\xa6\n");
	capture_begin(&c);
	log_info("%s", big);
	out = capture_end(&c);
	assert_string_equal(out, want);
	free(out);
}

static void
test_log_cuts_a_long_article_id_and_keeps_the_errno_text(void **state)
{
	static char id[301], big[3001], want[600];
	struct capture c;
	char *out;

	(void) state;
	memset(id, 'a', 300);
	memset(big, 'z', 3000);
	/* The id keeps 253 bytes and the ellipsis (256 at most). */
	strcpy(want, "<6>m (article '");
	memset(want + strlen(want), 'a', 253);
	strcpy(want + 15 + 253, "\xe2\x80\xa6' t/1@2)\n");
	capture_begin(&c);
	log_msg(LOG_INFO, &(struct log_ctx){id, "t", 1, 2}, "m");
	errno = EPIPE;
	log_warn("%s", big);
	out = capture_end(&c);
	assert_int_equal(strncmp(out, want, strlen(want)), 0);
	assert_int_equal(strncmp(out + strlen(want), "<4>zzz", 6), 0);
	/* The errno text comes after the cut message, not inside it. */
	assert_string_equal(out + strlen(want) + 3 + 2045, "\xe2\x80\xa6: Broken pipe\n");
	free(out);
}

static void
test_log_replaces_control_characters_on_stderr(void **state)
{
	struct capture c;
	char *out;

	(void) state;
	capture_begin(&c);
	log_info("one\ntwo\r\x1b[31m\tend\x7f");
	log_msg(LOG_ERR, &(struct log_ctx){"x\n<0>forged", "t", -1, -1}, "bad id");
	out = capture_end(&c);
	assert_string_equal(out, "<6>one?two??[31m\tend?\n"
				 "<3>bad id (article 'x?<0>forged' t)\n");
	free(out);
}

#define NTHREADS 4
#define NLINES 500

static void *
writer_main(void *arg)
{
	static const char pad[] =
	    "................................................................"
	    "................................................................"
	    "................................................................";
	int t = (int) (intptr_t) arg, i;

	for (i = 0; i < NLINES; i++)
		log_info("thread %d line %d %s", t, i, pad);
	return NULL;
}

static void
test_log_lines_from_threads_do_not_interleave(void **state)
{
	pthread_t th[NTHREADS];
	int seen[NTHREADS] = {0}, bad = 0, t, i, lines = 0;
	struct capture c;
	char *out, *line, *save = NULL;

	(void) state;
	capture_begin(&c);
	for (t = 0; t < NTHREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, writer_main, (void *) (intptr_t) t),
				 0);
	for (t = 0; t < NTHREADS; t++)
		assert_int_equal(pthread_join(th[t], NULL), 0);
	out = capture_end(&c);
	for (line = strtok_r(out, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		int n = 0;

		lines++;
		/* Each line must be one whole message: prefix, numbers, 192 dots, end. */
		if (sscanf(line, "<6>thread %d line %d %n", &t, &i, &n) != 2 || n == 0 || t < 0 ||
		    t >= NTHREADS || i != seen[t] || strspn(line + n, ".") != 192 ||
		    line[n + 192] != '\0') {
			bad++;
			continue;
		}
		seen[t]++;
	}
	free(out);
	assert_int_equal(bad, 0);
	assert_int_equal(lines, NTHREADS * NLINES);
	for (t = 0; t < NTHREADS; t++)
		assert_int_equal(seen[t], NLINES);
}

static void
set_journal_stream(unsigned long long dev, unsigned long long ino)
{
	char v[64];

	snprintf(v, sizeof(v), "%llu:%llu", dev, ino);
	assert_int_equal(setenv("JOURNAL_STREAM", v, 1), 0);
}

static void
test_log_chooses_the_journal_when_journal_stream_matches_stderr(void **state)
{
	struct capture c;
	struct stat st;
	char *out;
	int decided, after_unset;

	(void) state;
	capture_begin(&c);
	assert_int_equal(fstat(c.fd, &st), 0);
	set_journal_stream((unsigned long long) st.st_dev, (unsigned long long) st.st_ino);
	log_init("test_log", LOG_DEBUG);
	decided = log_to_journal();
	/* Logging nothing here: a running journald would receive it. */
	unsetenv("JOURNAL_STREAM");
	log_init("test_log", LOG_DEBUG);
	after_unset = log_to_journal();
	out = capture_end(&c);
	assert_int_equal(decided, 1);
	assert_int_equal(after_unset, 0);
	assert_string_equal(out, "");
	free(out);
}

static void
test_log_stays_on_stderr_when_journal_stream_does_not_match(void **state)
{
	static const char *const malformed[] = {
	    "",	    "garbage", ":",	"1:",	":1",  "-1:5",
	    " 1:5", "1:5x",    "1:5:6", "1:-5", "1;5", "99999999999999999999999:1",
	};
	struct capture c;
	struct stat st;
	int r_ino, r_dev, r_bad[sizeof(malformed) / sizeof(malformed[0])], r_unset;
	size_t i;

	(void) state;
	capture_begin(&c);
	assert_int_equal(fstat(c.fd, &st), 0);
	set_journal_stream((unsigned long long) st.st_dev, (unsigned long long) st.st_ino + 1);
	log_init("test_log", LOG_DEBUG);
	r_ino = log_to_journal();
	set_journal_stream((unsigned long long) st.st_dev + 1, (unsigned long long) st.st_ino);
	log_init("test_log", LOG_DEBUG);
	r_dev = log_to_journal();
	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		setenv("JOURNAL_STREAM", malformed[i], 1);
		log_init("test_log", LOG_DEBUG);
		r_bad[i] = log_to_journal();
	}
	unsetenv("JOURNAL_STREAM");
	log_init("test_log", LOG_DEBUG);
	r_unset = log_to_journal();
	free(capture_end(&c));
	assert_int_equal(r_ino, 0);
	assert_int_equal(r_dev, 0);
	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++)
		assert_int_equal(r_bad[i], 0);
	assert_int_equal(r_unset, 0);
}

static void
test_log_journal_decision_follows_stderr_not_the_file(void **state)
{
	struct capture c;
	struct stat st;
	int r;

	(void) state;
	/* JOURNAL_STREAM names the temporary file, but stderr is back on the terminal. */
	capture_begin(&c);
	assert_int_equal(fstat(c.fd, &st), 0);
	free(capture_end(&c));
	set_journal_stream((unsigned long long) st.st_dev, (unsigned long long) st.st_ino);
	log_init("test_log", LOG_DEBUG);
	r = log_to_journal();
	unsetenv("JOURNAL_STREAM");
	log_init("test_log", LOG_DEBUG);
	assert_int_equal(r, 0);
}

/*
 * In journal mode a message goes to the journal only, never also to
 * stderr. Where no journald listens, libsystemd drops the datagram and
 * reports success (it treats a missing socket as "no journal"), so this
 * exercises the field-building path without sending anything anywhere.
 */
static void
test_log_in_journal_mode_writes_nothing_to_stderr(void **state)
{
	struct capture c;
	struct stat st;
	char *out;
	int decided;

	(void) state;
	if (access("/run/systemd/journal/socket", F_OK) == 0)
		skip(); /* a real journald would receive the messages */
	capture_begin(&c);
	assert_int_equal(fstat(c.fd, &st), 0);
	set_journal_stream((unsigned long long) st.st_dev, (unsigned long long) st.st_ino);
	log_init("test_log", LOG_DEBUG);
	decided = log_to_journal();
	errno = EIO;
	log_msg(LOG_ERR, &(struct log_ctx){"a-1", "news", 2, 99}, "journal %s", "message");
	log_warn("and %s", "errno");
	log_set_level(LOG_INFO);
	log_debug("dropped");
	unsetenv("JOURNAL_STREAM");
	log_init("test_log", LOG_DEBUG);
	out = capture_end(&c);
	assert_int_equal(decided, 1);
	assert_int_equal(errno, EIO);
	assert_string_equal(out, "");
	free(out);
}

/* Write text to path; @returns 0 or -1. For /proc/self/{uid,gid}_map. */
static int
write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t) strlen(text) ? 0 : -1;
}

#define JOURNAL_CHILD_SKIP 77

/*
 * In a child with its own user and mount namespaces, put a datagram socket
 * where journald's would be (/run/systemd/journal/socket, on a private
 * tmpfs), log two messages in journal mode, and copy what arrived to fd out
 * as "<length><bytes>" records. Exits JOURNAL_CHILD_SKIP where namespaces
 * are not allowed. Runs no cmocka code: it may not longjmp.
 */
static void __attribute__((noreturn)) journal_child(int out)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char map[64], v[64], dgram[8192];
	struct stat st;
	uid_t uid = getuid();
	gid_t gid = getgid();
	int s, i, devnull;

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) == -1)
		_exit(JOURNAL_CHILD_SKIP);
	snprintf(map, sizeof(map), "0 %u 1", (unsigned) uid);
	if (write_file("/proc/self/uid_map", map) == -1)
		_exit(JOURNAL_CHILD_SKIP);
	(void) write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", (unsigned) gid);
	if (write_file("/proc/self/gid_map", map) == -1)
		_exit(JOURNAL_CHILD_SKIP);
	if (mount("none", "/run", "tmpfs", 0, NULL) == -1)
		_exit(JOURNAL_CHILD_SKIP);
	if (mkdir("/run/systemd", 0755) == -1 || mkdir("/run/systemd/journal", 0755) == -1)
		_exit(1);
	strcpy(sa.sun_path, "/run/systemd/journal/socket");
	if ((s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(s, (struct sockaddr *) &sa, sizeof(sa)) == -1)
		_exit(2);

	/* stderr on /dev/null, and JOURNAL_STREAM naming it. */
	if ((devnull = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1 ||
	    dup2(devnull, STDERR_FILENO) == -1 || fstat(STDERR_FILENO, &st) == -1)
		_exit(3);
	snprintf(v, sizeof(v), "%llu:%llu", (unsigned long long) st.st_dev,
		 (unsigned long long) st.st_ino);
	setenv("JOURNAL_STREAM", v, 1);
	log_init("test_log", LOG_DEBUG);
	if (!log_to_journal())
		_exit(4);
	log_msg(LOG_ERR, &(struct log_ctx){"a\n1", "news", 2, 99}, "hello %s", "world");
	errno = EIO;
	log_warn("disk");
	for (i = 0; i < 2; i++) {
		ssize_t n = recv(s, dgram, sizeof(dgram), MSG_DONTWAIT);
		uint32_t len;

		if (n < 0)
			_exit(5);
		len = (uint32_t) n;
		if (write(out, &len, sizeof(len)) != sizeof(len) || write(out, dgram, len) != n)
			_exit(6);
	}
	_exit(0);
}

/* Read one "<length><bytes>" record into buf (NUL-terminated). @returns length or -1. */
static ssize_t
read_record(int fd, char *buf, size_t bufsz)
{
	uint32_t len;

	if (read(fd, &len, sizeof(len)) != sizeof(len) || len >= bufsz)
		return -1;
	if (read(fd, buf, len) != (ssize_t) len)
		return -1;
	buf[len] = '\0';
	return len;
}

/*
 * The journal's native protocol: "NAME=value\n", or for a value holding a
 * newline "NAME\n", its length as 64-bit little endian, the bytes, "\n".
 */
static void
test_log_sends_structured_fields_to_the_journal(void **state)
{
	static const char want1[] = "MESSAGE=hello world\n"
				    "PRIORITY=3\n"
				    "SYSLOG_IDENTIFIER=test_log\n"
				    "ARTICLE_ID\n\x03\0\0\0\0\0\0\0a\n1\n"
				    "TOPIC=news\n"
				    "PARTITION=2\n"
				    "OFFSET=99\n";
	static const char want2[] = "MESSAGE=disk: Input/output error\n"
				    "PRIORITY=4\n"
				    "SYSLOG_IDENTIFIER=test_log\n"
				    "ERRNO=5\n";
	char got1[8192], got2[8192];
	ssize_t n1, n2;
	int pfd[2], status;
	pid_t pid;

	(void) state;
	assert_int_equal(pipe(pfd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pfd[0]);
		journal_child(pfd[1]);
	}
	close(pfd[1]);
	n1 = read_record(pfd[0], got1, sizeof(got1));
	n2 = read_record(pfd[0], got2, sizeof(got2));
	close(pfd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == JOURNAL_CHILD_SKIP)
		skip(); /* no unprivileged user namespaces here */
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(n1, sizeof(want1) - 1);
	assert_memory_equal(got1, want1, sizeof(want1) - 1);
	assert_int_equal(n2, sizeof(want2) - 1);
	assert_memory_equal(got2, want2, sizeof(want2) - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_log_writes_each_level_with_its_sd_daemon_prefix),
	    T(test_log_warn_and_err_append_the_errno_description),
	    T(test_log_preserves_errno_in_every_function),
	    T(test_log_appends_the_article_context_suffix),
	    T(test_log_drops_messages_above_the_threshold),
	    T(test_log_set_level_clamps_to_the_syslog_range),
	    T(test_log_cuts_a_long_message_at_2_kib_with_an_ellipsis),
	    T(test_log_cut_does_not_split_a_utf8_sequence),
	    T(test_log_cuts_a_long_article_id_and_keeps_the_errno_text),
	    T(test_log_replaces_control_characters_on_stderr),
	    T(test_log_lines_from_threads_do_not_interleave),
	    T(test_log_chooses_the_journal_when_journal_stream_matches_stderr),
	    T(test_log_stays_on_stderr_when_journal_stream_does_not_match),
	    T(test_log_journal_decision_follows_stderr_not_the_file),
	    T(test_log_in_journal_mode_writes_nothing_to_stderr),
	    T(test_log_sends_structured_fields_to_the_journal),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
