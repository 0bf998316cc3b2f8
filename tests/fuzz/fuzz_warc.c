/*
 * fuzz_warc: libFuzzer target for the CLI's archive reading: instream (gzip,
 * zstd or plain, told by the first bytes), warc_next() over every record and
 * warc_http_payload() of each block.
 *
 * One input is one file. Besides what the sanitisers catch, the target
 * aborts when a contract is broken:
 *   - a record's block, when kept, is block_len bytes followed by a NUL;
 *   - an error ends the file: warc_next returns 0 after -1, with a message;
 *   - a payload is refused only as -EBADMSG with a message (no -ENOMEM on a
 *     64 KB input), and a body is body_len bytes with a NUL after them;
 *   - the decompressed bytes read through instream_read are the same when
 *     read in pieces of 1, 2, ..., 61 bytes in turn (small reads, and reads
 *     that straddle the end of the buffer) and in 4096-byte pieces; the
 *     first OUT_LIMIT of them: a 64 KB zstd input can give gigabytes, and
 *     reading those a byte at a time took seconds. OUT_LIMIT is four times
 *     INSTREAM_BUF, enough for every way the buffer is refilled.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instream.h"
#include "warc.h"

#define OUT_LIMIT	(4 * INSTREAM_BUF)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fail(const char *) __attribute__((noreturn));

static void
fail(const char *rule)
{
	fprintf(stderr, "fuzz_warc: broken rule: %s\n", rule);
	abort();
}

/*
 * The first OUT_LIMIT decompressed bytes, read in pieces of step bytes, or of
 * 1, 2, ..., 61 bytes in turn when step is 0; *failed on a read error before
 * them.
 */
static char *
read_all(const uint8_t *data, size_t size, size_t step, size_t *len, int *failed)
{
	FILE		*fp = fmemopen((void *)(uintptr_t)data, size, "rb");
	struct instream	*in;
	char		*out = NULL, buf[4096];
	size_t		 n = 0, cap = 0, piece = 0, want;
	ssize_t		 k = 0;

	if (fp == NULL || (in = instream_new(fp)) == NULL)
		fail("out of memory opening the stream");
	while (n < OUT_LIMIT) {
		want = step > 0 ? step : 1 + piece++ % 61;
		if ((k = instream_read(in, buf, OUT_LIMIT - n < want ? OUT_LIMIT - n : want)) <= 0)
			break;
		/* Doubling: growing by each small piece made the copying quadratic. */
		if (n + (size_t)k > cap) {
			cap = cap > 0 ? 2 * cap : 4096;
			if ((out = realloc(out, cap)) == NULL)
				fail("out of memory");
		}
		memcpy(out + n, buf, (size_t)k);
		n += (size_t)k;
	}
	*failed = n < OUT_LIMIT && k < 0;
	*len = n;
	instream_free(in);
	fclose(fp);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE			*fp;
	struct instream		*in;
	struct warc_reader	*w;
	struct warc_record	 rec = { 0 };
	char			 err[256], *x, *y;
	size_t			 xn, yn;
	int			 r, xf, yf;

	if (size == 0)
		return 0;
	x = read_all(data, size, 0, &xn, &xf);
	y = read_all(data, size, sizeof(((char[4096]){0})), &yn, &yf);
	if (xf != yf || xn != yn || (xn > 0 && memcmp(x, y, xn) != 0))
		fail("the bytes differ with the size of the reads");
	free(x);
	free(y);

	if ((fp = fmemopen((void *)(uintptr_t)data, size, "rb")) == NULL ||
	    (in = instream_new(fp)) == NULL || (w = warc_reader_new(in, 1u << 20)) == NULL)
		fail("out of memory opening the reader");
	while ((r = warc_next(w, &rec, err, sizeof(err))) == 1) {
		struct http_payload p = { 0 };

		if (rec.block != NULL && rec.block[rec.block_len] != '\0')
			fail("a block is not block_len bytes and a NUL");
		if (rec.block == NULL)
			continue;
		err[0] = '\0';
		r = warc_http_payload(&rec, &p, err, sizeof(err));
		if (r != 0 && (r != -EBADMSG || err[0] == '\0'))
			fail("a payload refused other than -EBADMSG with a message");
		if (r == 0 && (p.body == NULL || p.body[p.body_len] != '\0'))
			fail("a body is not body_len bytes and a NUL");
		http_payload_release(&p);
	}
	if (r < 0 && (err[0] == '\0' || warc_next(w, &rec, err, sizeof(err)) != 0))
		fail("an error without a message, or reading goes on after it");
	warc_record_release(&rec);
	warc_reader_free(w);
	instream_free(in);
	fclose(fp);
	return 0;
}
