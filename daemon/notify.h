/*
 * notify: the daemon's side of sd_notify(3).
 *
 * READY, STATUS, WATCHDOG, RELOADING, STOPPING and EXTEND_TIMEOUT_USEC. A
 * no-op without $NOTIFY_SOCKET, so the daemon runs the same by hand.
 * @locality main thread.
 */
#ifndef NE_NOTIFY_H
#define NE_NOTIFY_H

#include <stdint.h>

void notify_ready(void);
void notify_reloading(void); /* RELOADING=1 with MONOTONIC_USEC= */
void notify_stopping(void);
void notify_watchdog(void);
void notify_extend_timeout(uint64_t usec);
void notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* @returns the watchdog interval in µs when the service manager wants pings, else 0. */
uint64_t notify_watchdog_usec(void);

#endif /* NE_NOTIFY_H */
