/*
 * paths: locate the lexicon for both programs, so that a build tree runs
 * without installing and an installed copy runs without configuration.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "paths.h"

/*
 * Relative to the running binary first, so that a build tree runs without
 * installing and an installed tree runs wherever it was installed (make
 * install PREFIX=/usr after a build for /usr/local, a DESTDIR, a package):
 * BINDIR/lexicon (the build tree), then BINDIR/../share/newsevents/lexicon
 * (the installed layout); the path compiled in last.
 */
char *
paths_lexicon_dir(const char *configured, char *buf, size_t bufsz)
{
	static const char *const beside[] = {"lexicon", "../share/newsevents/lexicon"};
	char exe[PATH_MAX], *dir;
	const char *env = getenv("NE_LEXICON");
	ssize_t n;

	if (configured != NULL && configured[0] != '\0') {
		snprintf(buf, bufsz, "%s", configured);
		return buf;
	}
	if (env != NULL && env[0] != '\0') {
		snprintf(buf, bufsz, "%s", env);
		return buf;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		dir = dirname(exe);
		for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
			snprintf(buf, bufsz, "%s/%s", dir, beside[i]);
			if (access(buf, R_OK) == 0)
				return buf;
		}
	}
	snprintf(buf, bufsz, "%s", NE_LEXICON_DIR);
	return buf;
}

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t
fnv1a(uint64_t h, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * FNV_PRIME;
	return h;
}

/* Hash the name (with its NUL) and the content of dir/name into *h. @returns 0 or -errno. */
static int
hash_file(int dirfd, const char *name, uint64_t *h)
{
	char buf[65536];
	struct stat sb;
	ssize_t n;
	int fd, r = 0;

	if ((fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return -errno;
	if (fstat(fd, &sb) < 0)
		r = -errno;
	if (r < 0 || !S_ISREG(sb.st_mode)) { /* not a regular file: not a dictionary */
		close(fd);
		return r;
	}
	*h = fnv1a(*h, name, strlen(name) + 1);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		*h = fnv1a(*h, buf, (size_t) n);
	if (n < 0)
		r = -errno;
	close(fd);
	return r;
}

int
paths_lexicon_version(const char *dir, char *buf, size_t bufsz)
{
	struct dirent **names = NULL;
	uint64_t h = FNV_OFFSET;
	int n, dirfd, r = 0;

	snprintf(buf, bufsz, "unknown");
	if ((dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -errno;
	if ((n = scandir(dir, &names, NULL, alphasort)) < 0) {
		r = -errno;
		close(dirfd);
		return r;
	}
	for (int i = 0; i < n; i++) {
		if (r == 0 && names[i]->d_name[0] != '.')
			r = hash_file(dirfd, names[i]->d_name, &h);
		free(names[i]);
	}
	free(names);
	close(dirfd);
	if (r == 0)
		snprintf(buf, bufsz, "%016" PRIx64, h);
	return r;
}
