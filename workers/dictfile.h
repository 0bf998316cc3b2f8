/*
 * dictfile: read the dictionary files of a lexicon directory, line by line.
 *
 * Every file of workers/lexicon/ and every file generated into build/lexicon/
 * has the same shape: UTF-8 text, one entry a line, fields separated by one
 * TAB. A line that is empty or only blanks is skipped; so is a comment, a
 * line whose first non-blank character is '#', except a line that starts
 * with "#<TAB>", which is data whose first field is "#" (the part-of-speech
 * lexicon's entry for the word "#"). A data line must start with its first
 * field: one that starts with a blank is an error. A CR before the LF is
 * dropped, and the last line needs no LF.
 *
 * Errors read "FILE:LINE: why", FILE being the base name of the file, or
 * "PATH: why" for a file that cannot be opened or read. Every loader of
 * workers/ reads its files through this module, so they all follow these
 * rules and word their errors alike.
 */
#ifndef NE_DICTFILE_H
#define NE_DICTFILE_H

#include <stddef.h>
#include <stdint.h>

#define DICTFILE_MAX_FIELDS	16	/* a line with more fields is an error */

struct dictfile;	/* opaque: one open file being read */

/*
 * A content hash of the files read with it, in the order they were read:
 * 64-bit FNV-1a over each file's name, a NUL, its bytes as they are on disk
 * and its length. Two reads of the same files in the same order give the
 * same hash; a changed byte anywhere gives another. Zero-initialise.
 */
struct dictfile_sum {
	uint64_t	h;
	uint32_t	files;
};

/*
 * Called once for each data line of a file. f[0..nf) are the line's fields
 * (nf >= 1; a field may be empty), NUL-terminated and writable, valid until
 * the callback returns. arg is the caller's, passed through.
 * @returns 0 to read on, or -errno to stop with that error; a callback that
 * fails should word its message with dictfile_error().
 */
typedef int	(*dictfile_line_fn)(void *arg, struct dictfile *df, char **f, size_t nf);

/*
 * Read dir/name and call fn for each of its data lines, in order, adding the
 * file to *sum when sum is not NULL (only when the whole file was read).
 * name is borrowed for the call; dictfile_name() hands the same pointer to
 * fn, so callers may keep it when it outlives them (a string literal).
 * On failure errbuf holds "PATH: cannot open: why" (-errno), "PATH: read
 * error" (-EIO), "NAME:LINE: line starts with white space" or "NAME:LINE:
 * more than 16 fields" (-EINVAL), "NAME:LINE: out of memory" (-ENOMEM), or
 * what fn wrote. errbuf may be NULL when errbufsz is 0.
 * @returns the number of data lines read (>= 0), or the first -errno.
 * @locality any thread.
 */
int	dictfile_read(const char *dir, const char *name, dictfile_line_fn fn, void *arg,
	    struct dictfile_sum *sum, char *errbuf, size_t errbufsz);

/*
 * Write "NAME:LINE: " and the formatted reason into the errbuf that
 * dictfile_read() was given, NAME and LINE being those of the line being
 * read. @returns err, so that a callback can `return dictfile_error(...)`.
 */
int	dictfile_error(struct dictfile *df, int err, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/*
 * Write "NAME:LINE: why" (or "NAME: why" when line is 0) into errbuf: for
 * errors found after a file was read (a duplicate spotted at the end, an
 * empty file). @returns err.
 */
int	dictfile_errorf(char *errbuf, size_t errbufsz, const char *name, uint32_t line, int err,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* @returns the name dictfile_read() was given (the same pointer). */
const char	*dictfile_name(const struct dictfile *df);
/* @returns the number of the line being read, counting from 1. */
uint32_t	 dictfile_line(const struct dictfile *df);

/*
 * Fold v (another sum's h, or a marker) into sum as 8 more bytes: for a
 * snapshot whose parts were read with sums of their own.
 */
void	dictfile_sum_fold(struct dictfile_sum *sum, uint64_t v);

/* Write sum as 16 lower-case hex digits and a NUL into buf[17]. @returns buf. */
char	*dictfile_sum_hex(const struct dictfile_sum *sum, char buf[17]);

/* @returns 1 when dir/name exists, else 0. */
int	dictfile_present(const char *dir, const char *name);

#endif /* NE_DICTFILE_H */
