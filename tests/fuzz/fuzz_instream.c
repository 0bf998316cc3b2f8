/*
 * fuzz_instream: libFuzzer target for the CLI's reading of JSON lines from
 * plain, gzip or zstd input (instream_getline, instream_peek), beside
 * fuzz_warc, which reads the same streams with instream_read.
 *
 * One input is one file, given to instream through a memory stream. Besides
 * what the sanitisers catch, the target aborts when a contract is broken:
 *   - the lines, joined, are exactly the bytes instream_read gives from a
 *     second stream over the same file, up to the same error, if any;
 *   - every line but the last ends in '\n', and none holds a '\n' before
 *     its end; a length is never 0 before the end;
 *   - a peek shows the bytes that the next read returns;
 *   - after an error, instream_error() says why and every later call fails.
 *
 * Only the first OUT_LIMIT decompressed bytes are compared: a 64 KB zstd
 * input can give gigabytes, and the contract is about how the bytes are
 * cut and buffered, which OUT_LIMIT (four times INSTREAM_BUF) covers. A
 * stream that gives more is read by lines up to the last line that ends
 * inside those bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instream.h"

#define OUT_LIMIT	(4 * INSTREAM_BUF)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *) __attribute__((noreturn));

static void
fail(const char *rule)
{
	fprintf(stderr, "fuzz_instream: broken rule: %s\n", rule);
	abort();
}

/*
 * What instream_read gives, up to OUT_LIMIT bytes; *err set when it ended on
 * an error, *cut when it stopped at OUT_LIMIT.
 */
static char *
read_all(const uint8_t *data, size_t size, size_t *len, int *err, int *cut)
{
	FILE *fp = fmemopen((void *)(uintptr_t)data, size, "r");
	struct instream *in;
	char *buf = NULL, chunk[4096];
	size_t cap = 0;
	ssize_t n = 0;

	*len = 0;
	*err = 0;
	*cut = 0;
	if (fp == NULL || (in = instream_new(fp)) == NULL)
		fail("cannot open the input");
	while (*len < OUT_LIMIT &&
	    (n = instream_read(in, chunk, OUT_LIMIT - *len < sizeof(chunk) ? OUT_LIMIT - *len : sizeof(chunk))) > 0) {
		/*
		 * Doubling: a compressed input of 64 KB can give 64 MB, and
		 * growing by one chunk at a time made that quadratic (seconds
		 * of copying under ASan: regress-zstd-2mb-of-lines.zst).
		 */
		if (*len + (size_t)n > cap) {
			cap = cap > 0 ? 2 * cap : 65536;
			if ((buf = realloc(buf, cap)) == NULL)
				fail("out of memory");
		}
		memcpy(buf + *len, chunk, (size_t)n);
		*len += (size_t)n;
	}
	*cut = *len == OUT_LIMIT;
	*err = !*cut && n < 0;
	instream_free(in);
	fclose(fp);
	return buf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t want_len, got = 0, cap = 0, peeked;
	int want_err, cut;
	char *want, *line = NULL;
	const char *peek;
	FILE *fp;
	struct instream *in;
	ssize_t n = 0;

	if (size == 0)
		return 0; /* fmemopen refuses a buffer of 0 bytes */
	want = read_all(data, size, &want_len, &want_err, &cut);
	if ((fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL || (in = instream_new(fp)) == NULL)
		fail("cannot open the input");
	for (;;) {
		char ahead[64];

		/* Past OUT_LIMIT, a line might be gigabytes: stop before it. */
		if (cut && memchr(want + got, '\n', want_len - got) == NULL)
			break;
		/* The peeked bytes are valid only until the next call: copy them. */
		peek = instream_peek(in, sizeof(ahead), &peeked);
		if (peek != NULL)
			memcpy(ahead, peek, peeked);
		n = instream_getline(in, &line, &cap);
		if (n <= 0 && cut)
			fail("getline ended before read did");
		if (n <= 0)
			break;
		if (peek != NULL && peeked > 0 &&
		    memcmp(ahead, line, peeked < (size_t)n ? peeked : (size_t)n) != 0)
			fail("a peek shows other bytes than the next read");
		if (memchr(line, '\n', (size_t)n - 1) != NULL)
			fail("a line holds a newline before its end");
		if (got + (size_t)n > want_len || memcmp(want + got, line, (size_t)n) != 0)
			fail("the lines are not the bytes instream_read gives");
		if (line[n - 1] != '\n' && got + (size_t)n != want_len)
			fail("a line without a newline is not the last");
		got += (size_t)n;
	}
	if (cut) {
		/* Compared every line that ends inside want; the rest is not read. */
	} else if (n < 0) {
		if (!want_err)
			fail("getline failed where read did not");
		if (instream_error(in)[0] == '\0')
			fail("an error without a message");
		if (instream_getline(in, &line, &cap) >= 0)
			fail("a call after an error succeeded");
	} else if (want_err || got != want_len) {
		fail("getline ended before read did");
	}
	free(line);
	free(want);
	instream_free(in);
	fclose(fp);
	return 0;
}
