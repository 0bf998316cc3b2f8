/*
 * notify: tell the service manager where the daemon is in its life.
 *
 * Thin wrappers over sd_notify(3), one per message the daemon sends, so the
 * rest of the daemon never spells a protocol string: READY=1 once brokers
 * and subscriptions are up (and again after a reload), STATUS= with the
 * periodic counters, WATCHDOG=1 from the loop's timer when it made
 * progress, RELOADING=1 on SIGHUP, STOPPING=1 and EXTEND_TIMEOUT_USEC=
 * while draining. libsystemd does nothing when $NOTIFY_SOCKET is unset, so
 * the daemon runs unchanged by hand or in a container. Failures are
 * ignored on purpose: a lost notification is the manager's problem to
 * time out on, and there is nobody better placed to act on it here.
 * $NOTIFY_SOCKET is left in the environment (unset_environment 0) because
 * the daemon notifies for its whole life.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include <systemd/sd-daemon.h>

#include "notify.h"

#define STATUS_MAX 512 /* bytes of STATUS= text */

/* READY=1: startup (or a reload) finished. @locality main thread */
void
notify_ready(void)
{
	(void) sd_notify(0, "READY=1");
}

/*
 * RELOADING=1 with MONOTONIC_USEC=, the CLOCK_MONOTONIC time in µs that
 * systemd 253+ uses to match the reload with its READY=1 (252 ignores it).
 * Send READY=1 when the reload is done.
 * @locality main thread
 */
void
notify_reloading(void)
{
	struct timespec ts;
	uint64_t usec;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return;
	usec = (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
	(void) sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%" PRIu64, usec);
}

/* STOPPING=1: shutdown began. @locality main thread */
void
notify_stopping(void)
{
	(void) sd_notify(0, "STOPPING=1");
}

/* WATCHDOG=1: the main loop is alive and making progress. @locality main thread */
void
notify_watchdog(void)
{
	(void) sd_notify(0, "WATCHDOG=1");
}

/*
 * EXTEND_TIMEOUT_USEC=usec: the start or stop is still progressing; allow
 * usec more from now. @locality main thread
 */
void
notify_extend_timeout(uint64_t usec)
{
	(void) sd_notifyf(0, "EXTEND_TIMEOUT_USEC=%" PRIu64, usec);
}

/*
 * STATUS= one line of free text (systemctl status shows it). The text is
 * cut at STATUS_MAX bytes and any newline in it becomes a space, since a
 * newline would start a new assignment in the notify protocol.
 * @locality main thread
 */
void
notify_status(const char *fmt, ...)
{
	char text[STATUS_MAX];
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	for (p = text; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	(void) sd_notifyf(0, "STATUS=%s", text);
}

/*
 * @returns the watchdog interval in µs when the service manager expects
 * WATCHDOG=1 pings from this process ($WATCHDOG_USEC set, and
 * $WATCHDOG_PID unset or ours), else 0. Ping at half the interval.
 * @locality main thread
 */
uint64_t
notify_watchdog_usec(void)
{
	uint64_t usec = 0;

	if (sd_watchdog_enabled(0, &usec) <= 0)
		return 0;
	return usec;
}
