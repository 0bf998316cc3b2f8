/*
 * paths: locate the lexicon for both programs, so that a build tree runs
 * without installing and an installed copy runs without configuration.
 */
#include <libgen.h>
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
