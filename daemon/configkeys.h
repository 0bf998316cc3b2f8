/*
 * configkeys: the table of configuration keys, and what values each takes.
 *
 * Internal to the config module (config.c is its one user); the rest of the
 * daemon uses config.h. A key is named by its index in the table, 0 to
 * CONFIGKEYS_N - 1, in the order --print-config lists them. No function here
 * reports an error: each gives the "why" of "FILE:LINE: key 'K': why", and
 * config.c adds the rest.
 */
#ifndef NE_CONFIGKEYS_H
#define NE_CONFIGKEYS_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

/* How many keys the table has (checked against the table in configkeys.c). */
#define CONFIGKEYS_N (16 + CONFIG_INPUT_FIELDS)

/* The first three keys are the topics: input, output, dead-letter. */
#define CONFIGKEYS_NTOPICS 3

/* @returns the index of the key called name, or -1. @locality any thread. */
int configkeys_find(const char *name);

/*
 * The key that stands for a librdkafka property the daemon implements itself
 * (auto.offset.reset, auto.commit.interval.ms), prop without its "kafka."
 * prefix. @returns its index, or -1. @locality any thread.
 */
int configkeys_find_captured(const char *prop);

/* @returns key i's name (static). @locality any thread. */
const char *configkeys_name(size_t i);

/* @returns 1 if SIGHUP may change key i, else 0. @locality any thread. */
int configkeys_reloadable(size_t i);

/*
 * Parse v (borrowed) as key i and store it in c, freeing the value it
 * replaces. @returns 0; -EINVAL with the "why" in err; or -ENOMEM. c is
 * unchanged on failure. @locality the thread that owns c, before c is shared.
 */
int configkeys_set(struct config *c, size_t i, const char *v, char *err, size_t errsz);

/*
 * Key i's value in c as the file would spell it. @returns a string that is
 * borrowed from c or static, or buf (which 64 bytes always suffice for).
 * @locality any thread; c is borrowed.
 */
const char *configkeys_get(const struct config *c, size_t i, char *buf, size_t bufsz);

/*
 * Set every key of c, which holds no values yet, to its default.
 * @returns 0 or -ENOMEM. @locality the thread that owns c.
 */
int configkeys_set_defaults(struct config *c);

/* Free the values the keys hold in c; the struct itself stays. */
void configkeys_release(struct config *c);

/* Print every key with its default, range and help, for --help. */
void configkeys_print(FILE *fp);

/*
 * The key a mistyped name most likely meant (at most two edits away).
 * @returns its name (static), or NULL. @locality any thread.
 */
const char *configkeys_nearest(const char *name);

/*
 * Is name a librdkafka property (with v, any verdict but "unknown")? For
 * the hint that a key lacks its "kafka." prefix. @returns 1 or 0.
 */
int configkeys_kafka_known(const char *name, const char *v);

/*
 * Called once for each reason a pass-through property is refused; why is
 * borrowed for the call.
 */
typedef void (*configkeys_refuse_fn)(void *arg, const char *why);

/*
 * Judge the pass-through property name = v (both borrowed, not empty) with
 * librdkafka, and against the properties the daemon manages itself.
 * @returns 0 if it may be kept; 1 after calling refuse (arg passed on) for
 * every reason it may not; or -ENOMEM. @locality any thread.
 */
int configkeys_kafka_check(const char *name, const char *v, configkeys_refuse_fn refuse, void *arg);

#endif /* NE_CONFIGKEYS_H */
