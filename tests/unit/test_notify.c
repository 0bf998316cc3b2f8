/*
 * Unit tests for daemon/notify.c: each function sends exactly the one
 * datagram of sd_notify(3) text it promises, the watchdog interval is read
 * from $WATCHDOG_USEC / $WATCHDOG_PID, and without $NOTIFY_SOCKET nothing is
 * sent at all.
 *
 * Setup plays the service manager: a datagram socket bound in a fresh
 * temporary directory, named by $NOTIFY_SOCKET. AF_UNIX datagrams are queued
 * on the receiver before send returns, so a non-blocking recv right after a
 * call sees its message, and EAGAIN means nothing was sent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "notify.h"

struct manager {
	char dir[64];
	char path[128];
	int fd;
};

static int
setup(void **state)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct manager *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return -1;
	m->fd = -1;
	strcpy(m->dir, "/tmp/ne-test-notify-XXXXXX");
	if (mkdtemp(m->dir) == NULL)
		goto fail;
	snprintf(m->path, sizeof(m->path), "%s/notify", m->dir);
	strcpy(sa.sun_path, m->path);
	if ((m->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		goto fail;
	if (bind(m->fd, (struct sockaddr *) &sa, sizeof(sa)) == -1)
		goto fail;
	if (setenv("NOTIFY_SOCKET", m->path, 1) == -1)
		goto fail;
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	*state = m;
	return 0;
fail:
	if (m->fd != -1)
		close(m->fd);
	unlink(m->path);
	rmdir(m->dir);
	free(m);
	return -1;
}

static int
teardown(void **state)
{
	struct manager *m = *state;

	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	close(m->fd);
	unlink(m->path);
	rmdir(m->dir);
	free(m);
	return 0;
}

/* Receive the one pending datagram as a string, then check nothing follows. */
static void
expect_message(struct manager *m, const char *want)
{
	char buf[4096];
	ssize_t n;

	n = recv(m->fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
	assert_int_equal(recv(m->fd, buf, sizeof(buf), MSG_DONTWAIT), -1);
	assert_int_equal(errno, EAGAIN);
}

static void
expect_nothing(struct manager *m)
{
	char buf[64];

	assert_int_equal(recv(m->fd, buf, sizeof(buf), MSG_DONTWAIT), -1);
	assert_int_equal(errno, EAGAIN);
}

static uint64_t
monotonic_usec(void)
{
	struct timespec ts;

	assert_int_equal(clock_gettime(CLOCK_MONOTONIC, &ts), 0);
	return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

static void
test_notify_ready_sends_ready_1(void **state)
{
	notify_ready();
	expect_message(*state, "READY=1");
}

static void
test_notify_stopping_sends_stopping_1(void **state)
{
	notify_stopping();
	expect_message(*state, "STOPPING=1");
}

static void
test_notify_watchdog_sends_watchdog_1(void **state)
{
	notify_watchdog();
	expect_message(*state, "WATCHDOG=1");
}

static void
test_notify_extend_timeout_sends_the_microseconds(void **state)
{
	notify_extend_timeout(90000000u);
	expect_message(*state, "EXTEND_TIMEOUT_USEC=90000000");
	notify_extend_timeout(UINT64_MAX);
	expect_message(*state, "EXTEND_TIMEOUT_USEC=18446744073709551615");
}

static void
test_notify_status_sends_the_formatted_text(void **state)
{
	notify_status("consumed=%d produced=%d dlq=%d inflight=%zu", 120, 310, 2, (size_t) 7);
	expect_message(*state, "STATUS=consumed=120 produced=310 dlq=2 inflight=7");
	notify_status("%s", "waiting for brokers\xe2\x80\xa6");
	expect_message(*state, "STATUS=waiting for brokers\xe2\x80\xa6");
}

static void
test_notify_status_turns_newlines_into_spaces(void **state)
{
	notify_status("broker %s\nREADY=1", "b1");
	expect_message(*state, "STATUS=broker b1 READY=1");
}

static void
test_notify_status_cuts_long_text_at_511_bytes(void **state)
{
	static char big[2001], want[600];

	memset(big, 's', 2000);
	strcpy(want, "STATUS=");
	memset(want + 7, 's', 511);
	notify_status("%s", big);
	expect_message(*state, want);
}

static void
test_notify_reloading_sends_reloading_1_with_the_monotonic_time(void **state)
{
	struct manager *m = *state;
	char buf[256];
	uint64_t before, after, usec;
	ssize_t n;
	int used = 0;

	before = monotonic_usec();
	notify_reloading();
	after = monotonic_usec();
	n = recv(m->fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_int_equal(sscanf(buf, "RELOADING=1\nMONOTONIC_USEC=%" SCNu64 "%n", &usec, &used), 1);
	assert_int_equal(strncmp(buf, "RELOADING=1\nMONOTONIC_USEC=", 27), 0);
	assert_int_equal(used, n); /* nothing after the number */
	assert_true(usec >= before);
	assert_true(usec <= after);
	expect_nothing(m);
}

static void
test_notify_without_notify_socket_sends_nothing(void **state)
{
	struct manager *m = *state;

	unsetenv("NOTIFY_SOCKET");
	notify_ready();
	notify_reloading();
	notify_stopping();
	notify_watchdog();
	notify_extend_timeout(1000000u);
	notify_status("x=%d", 1);
	expect_nothing(m);
	/* The same socket receives again once it is named: the test can fail. */
	assert_int_equal(setenv("NOTIFY_SOCKET", m->path, 1), 0);
	notify_ready();
	expect_message(m, "READY=1");
}

static void
test_notify_watchdog_usec_returns_the_interval_for_this_process(void **state)
{
	char pid[32];

	(void) state;
	snprintf(pid, sizeof(pid), "%ld", (long) getpid());
	setenv("WATCHDOG_USEC", "30000000", 1);
	setenv("WATCHDOG_PID", pid, 1);
	assert_int_equal(notify_watchdog_usec(), 30000000u);
	/* Without WATCHDOG_PID the interval is meant for whoever reads it. */
	unsetenv("WATCHDOG_PID");
	assert_int_equal(notify_watchdog_usec(), 30000000u);
}

static void
test_notify_watchdog_usec_is_0_for_another_pid_or_without_the_variable(void **state)
{
	char pid[32];

	(void) state;
	assert_int_equal(notify_watchdog_usec(), 0);
	snprintf(pid, sizeof(pid), "%ld", (long) getpid() + 1);
	setenv("WATCHDOG_USEC", "30000000", 1);
	setenv("WATCHDOG_PID", pid, 1);
	assert_int_equal(notify_watchdog_usec(), 0);
	snprintf(pid, sizeof(pid), "%ld", (long) getpid());
	setenv("WATCHDOG_PID", pid, 1);
	setenv("WATCHDOG_USEC", "soon", 1);
	assert_int_equal(notify_watchdog_usec(), 0);
	setenv("WATCHDOG_USEC", "0", 1);
	assert_int_equal(notify_watchdog_usec(), 0);
	unsetenv("WATCHDOG_USEC");
	assert_int_equal(notify_watchdog_usec(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	    T(test_notify_ready_sends_ready_1),
	    T(test_notify_stopping_sends_stopping_1),
	    T(test_notify_watchdog_sends_watchdog_1),
	    T(test_notify_extend_timeout_sends_the_microseconds),
	    T(test_notify_status_sends_the_formatted_text),
	    T(test_notify_status_turns_newlines_into_spaces),
	    T(test_notify_status_cuts_long_text_at_511_bytes),
	    T(test_notify_reloading_sends_reloading_1_with_the_monotonic_time),
	    T(test_notify_without_notify_socket_sends_nothing),
	    T(test_notify_watchdog_usec_returns_the_interval_for_this_process),
	    T(test_notify_watchdog_usec_is_0_for_another_pid_or_without_the_variable),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
