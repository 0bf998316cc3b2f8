/*
 * clock: the daemon's one time source for intervals, CLOCK_MONOTONIC in
 * microseconds (never jumps with the wall clock).
 */
#ifndef NE_CLOCK_H
#define NE_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t
clock_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

#endif /* NE_CLOCK_H */
