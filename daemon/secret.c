/*
 * secret: read referenced values, and ask librdkafka what is secret.
 *
 * Reading: only regular files pass (opened with O_NONBLOCK, so that a FIFO
 * named by mistake cannot hang a load), whole, bounded by SECRET_MAX.
 *
 * Asking: librdkafka marks some properties sensitive (sasl.password,
 * ssl.key.password, but also sasl.username, ssl.key.pem, ...) and redacts
 * them when it logs its configuration, but offers no call to ask. So ask
 * it that way: a producer handle with only that property set (to a dummy
 * value) and debug=conf logs its configuration once, synchronously, into
 * probe_log, which listens for "NAME = [redacted]". Only string properties
 * can be sensitive; a probe that cannot be made counts as sensitive.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>

#include "secret.h"

/* The path a reference names, in new memory. @returns 0, -EINVAL (why), -ENOMEM. */
static int
ref_path(const char *v, const char *base, char **path, char *why, size_t whysz)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY"), *name = v + 12, *slash;
	int n;

	if (strncmp(v, "@file:", 6) == 0) {
		slash = base != NULL ? strrchr(base, '/') : NULL;
		if (v[6] == '/' || slash == NULL)
			*path = strdup(v + 6);
		else if (asprintf(path, "%.*s/%s", (int) (slash - base), base, v + 6) < 0)
			*path = NULL;
		return *path != NULL ? 0 : -ENOMEM;
	}
	if (*name == '\0' || strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0) {
		snprintf(why, whysz, "'%.80s' does not name a credential", v);
		return -EINVAL;
	}
	if (dir == NULL || *dir == '\0') {
		snprintf(why, whysz,
			 "'%.80s' needs $CREDENTIALS_DIRECTORY (systemd's LoadCredential=), which "
			 "is not set",
			 v);
		return -EINVAL;
	}
	n = asprintf(path, "%s/%s", dir, name);
	return n >= 0 ? 0 : -ENOMEM;
}

int
secret_read(const char *v, const char *base, char **out, char *why, size_t whysz)
{
	char *path = NULL, *buf = NULL;
	struct stat sb;
	ssize_t n = 0;
	int fd = -1, r = -EINVAL;

	*out = NULL;
	if (!(strncmp(v, "@file:", 6) == 0 && v[6] != '\0') && strncmp(v, "@credential:", 12) != 0)
		return 0;
	if ((r = ref_path(v, base, &path, why, whysz)) < 0)
		return r;
	if ((buf = malloc(SECRET_MAX + 1)) == NULL) {
		free(path);
		return -ENOMEM;
	}
	r = -EINVAL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0 ||
	    fstat(fd, &sb) < 0)
		snprintf(why, whysz, "cannot read '%.80s': %s", path, strerrordesc_np(errno));
	else if (!S_ISREG(sb.st_mode))
		snprintf(why, whysz, "'%.80s' is not a regular file", path);
	else if ((n = read(fd, buf, SECRET_MAX + 1)) < 0)
		snprintf(why, whysz, "cannot read '%.80s': %s", path, strerrordesc_np(errno));
	else if (n > SECRET_MAX)
		snprintf(why, whysz, "'%.80s' is larger than %d bytes", path, SECRET_MAX);
	else if (memchr(buf, '\0', (size_t) n) != NULL)
		snprintf(why, whysz, "'%.80s' holds a NUL byte", path);
	else
		r = 1;
	if (fd >= 0)
		close(fd);
	free(path);
	if (r < 0) {
		free(buf);
		return r;
	}
	if (n > 0 && buf[n - 1] == '\n')
		n -= n > 1 && buf[n - 2] == '\r' ? 2 : 1;
	buf[n] = '\0';
	*out = buf;
	return 1;
}

/* What a probe heard from librdkafka. */
struct probe {
	const char *name;
	int redacted;
};

/* A configuration dump line is "[thrd:app]:   NAME = VALUE". */
static void
probe_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	struct probe *pr = rd_kafka_opaque(rk);
	size_t n = strlen(pr->name);
	const char *p;

	(void) level;
	(void) fac;
	for (p = buf; (p = strstr(p, pr->name)) != NULL; p++)
		if (p > buf && p[-1] == ' ' && strcmp(p + n, " = [redacted]") == 0)
			__atomic_store_n(&pr->redacted, 1, __ATOMIC_RELAXED);
}

int
secret_sensitive(const char *name)
{
	static const char *const known[] = {"sasl.password", "ssl.key.password",
					    "sasl.oauthbearer.client.secret"};
	struct probe pr = {name, 0};
	rd_kafka_conf_t *kc;
	rd_kafka_t *rk;
	char err[256];

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(name, known[i]) == 0)
			return 1;
	if ((kc = rd_kafka_conf_new()) == NULL)
		return 1;
	if (rd_kafka_conf_set(kc, name, "x", err, sizeof(err)) != RD_KAFKA_CONF_OK) {
		rd_kafka_conf_destroy(kc); /* not a free string: never a secret */
		return 0;
	}
	if (rd_kafka_conf_set(kc, "debug", "conf", err, sizeof(err)) != RD_KAFKA_CONF_OK ||
	    rd_kafka_conf_set(kc, "log.queue", "false", err, sizeof(err)) != RD_KAFKA_CONF_OK) {
		rd_kafka_conf_destroy(kc);
		return 1;
	}
	rd_kafka_conf_set_log_cb(kc, probe_log);
	rd_kafka_conf_set_opaque(kc, &pr);
	if ((rk = rd_kafka_new(RD_KAFKA_PRODUCER, kc, err, sizeof(err))) == NULL) {
		rd_kafka_conf_destroy(kc);
		return 1;
	}
	rd_kafka_destroy(rk);
	return __atomic_load_n(&pr.redacted, __ATOMIC_RELAXED);
}
