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

char *
paths_lexicon_dir(const char *configured, char *buf, size_t bufsz)
{
	char exe[PATH_MAX];
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
		snprintf(buf, bufsz, "%s/lexicon", dirname(exe));
		if (access(buf, R_OK) == 0)
			return buf;
	}
	snprintf(buf, bufsz, "%s", NE_LEXICON_DIR);
	return buf;
}
