/*
 * log: the daemon's single way of writing log messages.
 *
 * Under systemd the daemon's stderr is a stream into journald, and systemd
 * says so by setting $JOURNAL_STREAM to that stream's "DEVICE:INODE". When
 * it matches stderr, messages go to the journal natively with structured
 * fields (MESSAGE=, PRIORITY=, SYSLOG_IDENTIFIER=, and ARTICLE_ID=, TOPIC=,
 * PARTITION=, OFFSET= for messages about one article, ERRNO= for log_warn
 * and log_err), so that `journalctl TOPIC=news PARTITION=3` works. Anywhere
 * else (a terminal, a pipe, a file, a container runtime) each message is one
 * stderr line with the sd-daemon(3) "<N>" priority prefix (SD_ERR and
 * friends, written as "<%d>" of the level), which journald and most
 * collectors also understand.
 *
 * Each message is formatted once, into bounded stack buffers, and leaves in
 * a single write(2) (or a single sd_journal_sendv()), so lines from
 * different threads never interleave and no lock is needed: a line stays
 * well below PIPE_BUF. The formatted text is cut at LOG_MSG_MAX bytes and
 * the article id and topic at LOG_FIELD_MAX, each marked with "…" and never
 * in the middle of a UTF-8 sequence. On the stderr path control characters
 * (other than tab) become '?', so that text from outside cannot start a new
 * line with a forged "<N>" prefix; the journal path keeps the bytes, since
 * journal fields are length-delimited.
 *
 * State is the sink, the identifier and the threshold: the global state
 * CONVENTIONS allows. The first two are written by log_init() only, before
 * threads exist; the threshold is atomic so a reload can change it.
 * strerrordesc_np() is used for errno text because it is thread-safe.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/* CODE_FILE= and friends would always name emit_journal(): leave them out. */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#include "log.h"

#define LOG_MSG_MAX 2048  /* bytes of formatted message, "…" included */
#define LOG_FIELD_MAX 256 /* bytes of article id or topic, "…" included */
#define LOG_IDENT_MAX 64
#define ERRDESC_MAX 128
#define LINE_MAX_BYTES 4096	/* holds the longest line the bounds above allow */
#define ELLIPSIS "\xe2\x80\xa6" /* U+2026, 3 bytes */
#define NO_ERRNO (-1)

static char log_ident[LOG_IDENT_MAX];
static bool log_journal;
static atomic_int log_level = LOG_INFO;

/* A bounded string being built; appends past the end are cut silently. */
struct sb {
	char *buf;
	size_t cap;
	size_t len; /* < cap; buf[len] == '\0' */
};

static void sb_printf(struct sb *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len + 1 >= b->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		b->buf[b->len] = '\0';
	else if ((size_t) n >= b->cap - b->len)
		b->len = b->cap - 1;
	else
		b->len += (size_t) n;
}

/*
 * A text of len bytes was copied into s, which holds at most max bytes and
 * a NUL. If it did not fit, end s with "…" after the last whole UTF-8
 * sequence that leaves room for it, so s stays at most max bytes.
 */
static void
cut_utf8(char *s, size_t len, size_t max)
{
	size_t end;

	if (len <= max)
		return;
	end = max - (sizeof(ELLIPSIS) - 1);
	while (end > 0 && ((unsigned char) s[end] & 0xc0) == 0x80)
		end--;
	memcpy(s + end, ELLIPSIS, sizeof(ELLIPSIS));
}

/* Copy src into dst (max + 1 bytes), cut as cut_utf8() does. @returns dst. */
static const char *
bounded(char *dst, size_t max, const char *src)
{
	size_t len = strnlen(src, max + 1);

	memcpy(dst, src, len <= max ? len : max);
	dst[len <= max ? len : max] = '\0';
	cut_utf8(dst, len, max);
	return dst;
}

static const char *
errdesc(int errnum, char *buf, size_t bufsz)
{
	const char *d = strerrordesc_np(errnum);

	if (d != NULL)
		return d;
	snprintf(buf, bufsz, "Unknown error %d", errnum);
	return buf;
}

static const char *
ident(void)
{
	return log_ident[0] != '\0' ? log_ident : program_invocation_short_name;
}

/*
 * @returns 1 if $JOURNAL_STREAM names the device and inode of stderr. Both
 * numbers are decimal, as systemd writes them (st_dev is the raw dev_t).
 */
static int
journal_stream_is_stderr(void)
{
	const char *e = getenv("JOURNAL_STREAM"), *p;
	unsigned long long dev, ino;
	struct stat st;
	char *end;

	if (e == NULL || *e < '0' || *e > '9')
		return 0;
	errno = 0;
	dev = strtoull(e, &end, 10);
	if (errno != 0 || *end != ':')
		return 0;
	p = end + 1;
	if (*p < '0' || *p > '9')
		return 0;
	ino = strtoull(p, &end, 10);
	if (errno != 0 || *end != '\0')
		return 0;
	if (fstat(STDERR_FILENO, &st) == -1)
		return 0;
	return (unsigned long long) st.st_dev == dev && (unsigned long long) st.st_ino == ino;
}

/*
 * Choose the sink from $JOURNAL_STREAM and stderr, and set the threshold.
 * ident is borrowed (copied, cut at 63 bytes); NULL or "" means the program
 * name. Call again after redirecting stderr to re-decide.
 * @locality main thread, before any other thread exists
 */
void
log_init(const char *id, int level)
{
	int saved = errno;

	bounded(log_ident, sizeof(log_ident) - 1, id != NULL ? id : "");
	log_journal = journal_stream_is_stderr();
	log_set_level(level);
	errno = saved;
}

/*
 * Messages of a level numerically above level (less severe) are dropped.
 * Out-of-range levels are clamped to LOG_EMERG..LOG_DEBUG.
 * @locality any thread
 */
void
log_set_level(int level)
{
	if (level < LOG_EMERG)
		level = LOG_EMERG;
	if (level > LOG_DEBUG)
		level = LOG_DEBUG;
	atomic_store_explicit(&log_level, level, memory_order_relaxed);
}

/* @returns the threshold level. @locality any thread */
int
log_get_level(void)
{
	return atomic_load_explicit(&log_level, memory_order_relaxed);
}

/* @returns 1 when messages go to the journal with fields, else 0. @locality any thread */
int
log_to_journal(void)
{
	return log_journal;
}

/* Replace bytes that would break the one-line format. */
static void
sanitize_line(char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			s[i] = '?';
	}
}

static int
write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t) n;
	}
	return 0;
}

static void
emit_stderr(int level, const struct log_ctx *ctx, const char *msg, const char *edesc,
	    const char *id, const char *topic)
{
	char line[LINE_MAX_BYTES];
	struct sb b = {line, sizeof(line) - 1, 0}; /* one byte kept for the newline */
	size_t body;

	sb_printf(&b, "<%d>", level);
	body = b.len;
	sb_printf(&b, "%s", msg);
	if (edesc != NULL)
		sb_printf(&b, ": %s", edesc);
	if (ctx != NULL) {
		bool loc = topic != NULL || ctx->partition >= 0 || ctx->offset >= 0;

		if (id != NULL || loc)
			sb_printf(&b, " (");
		if (id != NULL)
			sb_printf(&b, "article '%s'%s", id, loc ? " " : "");
		if (topic != NULL)
			sb_printf(&b, "%s", topic);
		if (ctx->partition >= 0)
			sb_printf(&b, "/%" PRId32, ctx->partition);
		if (ctx->offset >= 0)
			sb_printf(&b, "@%" PRId64, ctx->offset);
		if (id != NULL || loc)
			sb_printf(&b, ")");
	}
	sanitize_line(line + body, b.len - body);
	line[b.len++] = '\n';
	(void) write_all(STDERR_FILENO, line, b.len);
}

/* @returns the length snprintf() left in a buffer of bufsz bytes, given its result r. */
static size_t
fitted(int r, size_t bufsz)
{
	if (r < 0)
		return 0;
	return (size_t) r < bufsz ? (size_t) r : bufsz - 1;
}

/* @returns the result of sd_journal_sendv(): 0 or a negative errno. */
static int
emit_journal(int level, const struct log_ctx *ctx, const char *msg, const char *edesc, int errnum,
	     const char *id, const char *topic)
{
	char f_msg[sizeof("MESSAGE=") + LOG_MSG_MAX + 2 + ERRDESC_MAX];
	char f_prio[sizeof("PRIORITY=") + 12];
	char f_ident[sizeof("SYSLOG_IDENTIFIER=") + LOG_IDENT_MAX];
	char f_errno[sizeof("ERRNO=") + 12];
	char f_id[sizeof("ARTICLE_ID=") + LOG_FIELD_MAX];
	char f_topic[sizeof("TOPIC=") + LOG_FIELD_MAX];
	char f_part[sizeof("PARTITION=") + 12];
	char f_off[sizeof("OFFSET=") + 21];
	struct iovec iov[8];
	int n = 0;

/* Each field is one iovec "NAME=value"; snprintf's result is clamped to what fits. */
#define ADD(buf, ...)                                                                              \
	do {                                                                                       \
		iov[n].iov_base = (buf);                                                           \
		iov[n].iov_len = fitted(snprintf((buf), sizeof(buf), __VA_ARGS__), sizeof(buf));   \
		n++;                                                                               \
	} while (0)

	if (edesc != NULL)
		ADD(f_msg, "MESSAGE=%s: %s", msg, edesc);
	else
		ADD(f_msg, "MESSAGE=%s", msg);
	ADD(f_prio, "PRIORITY=%d", level);
	ADD(f_ident, "SYSLOG_IDENTIFIER=%s", ident());
	if (errnum != NO_ERRNO)
		ADD(f_errno, "ERRNO=%d", errnum);
	if (ctx != NULL) {
		if (id != NULL)
			ADD(f_id, "ARTICLE_ID=%s", id);
		if (topic != NULL)
			ADD(f_topic, "TOPIC=%s", topic);
		if (ctx->partition >= 0)
			ADD(f_part, "PARTITION=%" PRId32, ctx->partition);
		if (ctx->offset >= 0)
			ADD(f_off, "OFFSET=%" PRId64, ctx->offset);
	}
#undef ADD
	return sd_journal_sendv(iov, n);
}

static void log_emit(int level, const struct log_ctx *ctx, int errnum, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* Format once, then hand to one sink. Clobbers errno; callers restore it. */
static void
log_emit(int level, const struct log_ctx *ctx, int errnum, const char *fmt, va_list ap)
{
	char msg[LOG_MSG_MAX + 1], ebuf[ERRDESC_MAX], idbuf[LOG_FIELD_MAX + 1];
	char topicbuf[LOG_FIELD_MAX + 1];
	const char *edesc = NULL, *id = NULL, *topic = NULL;
	int n;

	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		snprintf(msg, sizeof(msg), "(unprintable message, format '%.64s')", fmt);
	else
		cut_utf8(msg, (size_t) n, LOG_MSG_MAX);
	if (errnum != NO_ERRNO)
		edesc = errdesc(errnum, ebuf, sizeof(ebuf));
	if (ctx != NULL && ctx->article_id != NULL)
		id = bounded(idbuf, LOG_FIELD_MAX, ctx->article_id);
	if (ctx != NULL && ctx->topic != NULL)
		topic = bounded(topicbuf, LOG_FIELD_MAX, ctx->topic);

	/*
	 * If the journal refuses the message, stderr (the journal's stream)
	 * still carries it. libsystemd reports a missing journal socket as
	 * success, so that case is silent, as it is for every sd-journal client.
	 */
	if (log_journal && emit_journal(level, ctx, msg, edesc, errnum, id, topic) >= 0)
		return;
	emit_stderr(level, ctx, msg, edesc, id, topic);
}

/*
 * Log at level (LOG_EMERG..LOG_DEBUG) with optional article context; ctx
 * and its strings are borrowed. errno is preserved.
 * @locality any thread
 */
void
log_msg(int level, const struct log_ctx *ctx, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	if (level < LOG_EMERG)
		level = LOG_EMERG;
	if (level > log_get_level())
		return;
	va_start(ap, fmt);
	log_emit(level, ctx, NO_ERRNO, fmt, ap);
	va_end(ap);
	errno = saved;
}

/* The body of the shorthands: errno is read at entry and restored at exit. */
static void log_short(int level, bool with_errno, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void
log_short(int level, bool with_errno, const char *fmt, va_list ap)
{
	int saved = errno;

	if (level > log_get_level())
		return;
	log_emit(level, NULL, with_errno ? saved : NO_ERRNO, fmt, ap);
	errno = saved;
}

/* LOG_ERR, with ": " and the description of errno appended. @locality any thread */
void
log_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_short(LOG_ERR, true, fmt, ap);
	va_end(ap);
}

/* LOG_ERR. @locality any thread */
void
log_errx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_short(LOG_ERR, false, fmt, ap);
	va_end(ap);
}

/* LOG_WARNING, with ": " and the description of errno appended. @locality any thread */
void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_short(LOG_WARNING, true, fmt, ap);
	va_end(ap);
}

/* LOG_WARNING. @locality any thread */
void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_short(LOG_WARNING, false, fmt, ap);
	va_end(ap);
}

/* LOG_INFO. @locality any thread */
void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_short(LOG_INFO, false, fmt, ap);
	va_end(ap);
}

/* LOG_DEBUG. @locality any thread */
void
log_debug(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_short(LOG_DEBUG, false, fmt, ap);
	va_end(ap);
}
