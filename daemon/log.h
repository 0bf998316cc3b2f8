/*
 * log: the only module that writes log messages.
 *
 * To the journal with structured fields when stderr is connected to it
 * ($JOURNAL_STREAM matches stderr's device and inode), else to stderr with
 * sd-daemon "<N>" priority prefixes. Levels are syslog's (LOG_ERR ...).
 * Every function preserves errno. log_warn() appends the description of
 * errno; log_warnx() does not. Safe to call from any thread.
 */
#ifndef NE_LOG_H
#define NE_LOG_H

#include <stdint.h>
#include <syslog.h>

/* Structured context of a message about one article (fields may be NULL / -1). */
struct log_ctx {
	const char *article_id; /* ARTICLE_ID= */
	const char *topic;	/* TOPIC= */
	int32_t partition;	/* PARTITION= (-1: none) */
	int64_t offset;		/* OFFSET= (-1: none) */
};

/* Choose the sink and the threshold level. ident is the SYSLOG_IDENTIFIER. Not thread-safe: call
 * first. */
void log_init(const char *ident, int level);
void log_set_level(int level);
int log_get_level(void);
/* @returns 1 when messages go to the journal with fields. */
int log_to_journal(void);

void log_msg(int level, const struct log_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* + errno text */
void log_errx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* + errno text */
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* NE_LOG_H */
