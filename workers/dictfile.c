/*
 * dictfile: the one reader of dictionary files (see dictfile.h for the
 * format every file shares).
 *
 * dictfile_read() owns the FILE, the line buffer and the field array for the
 * duration of one file; the callback sees a line's fields in place, split at
 * its TABs, and words its errors through dictfile_error() so that every
 * message has the same "NAME:LINE: why" shape. The content hash is taken of
 * the raw bytes getline() returns, before the line ending is cut, so it is
 * the hash of the file as it is on disk.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "dictfile.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

struct dictfile {
	const char	*name;
	uint32_t	 line;
	char		*errbuf;
	size_t		 errbufsz;
	char		*f[DICTFILE_MAX_FIELDS];
};

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= FNV_PRIME;
	}
	return h;
}

void
dictfile_sum_fold(struct dictfile_sum *sum, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	sum->h = fnv(sum->h != 0 ? sum->h : FNV_OFFSET, b, sizeof(b));
}

char *
dictfile_sum_hex(const struct dictfile_sum *sum, char buf[17])
{
	snprintf(buf, 17, "%016llx", (unsigned long long)sum->h);
	return buf;
}

static int
verror(char *errbuf, size_t errbufsz, const char *name, uint32_t line, int err, const char *fmt,
    va_list ap) __attribute__((format(printf, 6, 0)));

static int
verror(char *errbuf, size_t errbufsz, const char *name, uint32_t line, int err, const char *fmt,
    va_list ap)
{
	int n;

	if (errbuf == NULL || errbufsz == 0)
		return err;
	if (line > 0)
		n = snprintf(errbuf, errbufsz, "%s:%u: ", name, line);
	else
		n = snprintf(errbuf, errbufsz, "%s: ", name);
	if (n >= 0 && (size_t)n < errbufsz)
		vsnprintf(errbuf + n, errbufsz - (size_t)n, fmt, ap);
	return err;
}

int
dictfile_errorf(char *errbuf, size_t errbufsz, const char *name, uint32_t line, int err,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err = verror(errbuf, errbufsz, name, line, err, fmt, ap);
	va_end(ap);
	return err;
}

int
dictfile_error(struct dictfile *df, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err = verror(df->errbuf, df->errbufsz, df->name, df->line, err, fmt, ap);
	va_end(ap);
	return err;
}

const char *
dictfile_name(const struct dictfile *df)
{
	return df->name;
}

uint32_t
dictfile_line(const struct dictfile *df)
{
	return df->line;
}

int
dictfile_present(const char *dir, const char *name)
{
	char path[4096];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return 0;
	return access(path, F_OK) == 0;
}

/* Is line (NUL-terminated, ending cut) a comment or blank? */
static int
skipped(const char *line)
{
	const char *p = line + strspn(line, " \t");

	if (*p == '\0')
		return 1;
	return p[0] == '#' && !(p == line && p[1] == '\t');
}

/*
 * Split line in place at its TABs into df->f.
 * @returns the number of fields, or -EINVAL with a message.
 */
static int
split(struct dictfile *df, char *line)
{
	size_t	 n = 0;
	char	*p = line;

	for (;;) {
		if (n == DICTFILE_MAX_FIELDS)
			return dictfile_error(df, -EINVAL, "more than %d fields",
			    DICTFILE_MAX_FIELDS);
		df->f[n++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			return (int)n;
		*p++ = '\0';
	}
}

int
dictfile_read(const char *dir, const char *name, dictfile_line_fn fn, void *arg,
    struct dictfile_sum *sum, char *errbuf, size_t errbufsz)
{
	struct dictfile	 df = { name, 0, errbuf, errbufsz, { NULL } };
	char		 path[4096], *line = NULL;
	size_t		 cap = 0, bytes = 0;
	ssize_t		 len;
	uint64_t	 h = sum != NULL && sum->h != 0 ? sum->h : FNV_OFFSET;
	FILE		*fp;
	int		 r = 0, data = 0, nf;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return dictfile_errorf(errbuf, errbufsz, dir, 0, -ENAMETOOLONG, "path too long");
	h = fnv(h, name, strlen(name) + 1);
	if ((fp = fopen(path, "re")) == NULL) {
		r = -errno;
		return dictfile_errorf(errbuf, errbufsz, path, 0, r, "cannot open: %s",
		    strerrordesc_np(-r));
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		df.line++;
		h = fnv(h, line, (size_t)len);
		bytes += (size_t)len;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (skipped(line))
			continue;
		if (line[0] == ' ' || line[0] == '\t') {
			r = dictfile_error(&df, -EINVAL, "line starts with white space");
			break;
		}
		if ((nf = split(&df, line)) < 0) {
			r = nf;
			break;
		}
		data++;
		if ((r = fn(arg, &df, df.f, (size_t)nf)) < 0) {
			if (r == -ENOMEM)
				dictfile_error(&df, r, "out of memory");
			break;
		}
	}
	if (r == 0 && (ferror(fp) || !feof(fp)))
		r = dictfile_errorf(errbuf, errbufsz, path, 0, -EIO, "read error");
	free(line);
	fclose(fp);
	if (r < 0)
		return r;
	if (sum != NULL) {
		sum->h = h;
		sum->files++;
		dictfile_sum_fold(sum, (uint64_t)bytes);
	}
	return data;
}
