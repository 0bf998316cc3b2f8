/*
 * config: read the daemon's configuration into one immutable snapshot.
 *
 * The keys, their types, defaults, ranges and help, and the parsing of each
 * value are configkeys.c's; this file reads the file and the overrides,
 * reports what is wrong with them, and keeps, prints and compares the
 * snapshots. Loading starts from the defaults, then applies the file line
 * by line, then the -X overrides in order, so a later assignment wins.
 *
 * The other keys beginning "kafka." pass through to librdkafka. Each is
 * judged by librdkafka itself (configkeys_kafka_check), so that its errstr
 * reaches the user with the file and line; then it is kept, in order, for
 * the consumer and producer modules to apply.
 *
 * Errors do not stop the load: each is written as one line
 * "FILE:LINE: key 'K': why" (or "-X:N: ...") and counted, and the load
 * fails at the end if any was found, so one run shows every mistake.
 *
 * File syntax: "key = value"; blanks around key and value are ignored; a
 * line whose first non-blank character is '#' is a comment, but a '#' after
 * the '=' is part of the value (librdkafka values may contain one). So a
 * value cannot begin or end with white space, nor hold a line break.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "configkeys.h"
#include "secret.h"

static const char *const client_prefix[] = {
    [CONFIG_CLIENT_BOTH] = "kafka.",
    [CONFIG_CLIENT_CONSUMER] = "kafka.consumer.",
    [CONFIG_CLIENT_PRODUCER] = "kafka.producer.",
};

#define DEFAULT_GROUP_ID "newseventsd"

/*
 * A key already set in the file, for the duplicate-key error. The keys seen
 * are kept in an open-addressing hash table (linear probing, at most half
 * full, key NULL for an empty slot), so that a file of n distinct keys costs
 * O(n) and not O(n^2) string compares: every key is remembered, unknown ones
 * too, so their number is not bounded by the key table.
 */
struct seen {
	char *key;
	unsigned line;
};

/* The state of one config_load(); lives on its stack. */
struct loader {
	struct config *c;
	FILE *errfp; /* borrowed; may be NULL */
	unsigned nerrors;
	unsigned seq; /* assignments so far, to tell which came later */
	struct {
		const char *file; /* path or "-X"; borrowed */
		unsigned line;
		unsigned seq; /* 0: still the default */
	} set[CONFIGKEYS_N];
	struct seen *seen; /* nseen keys in a table of cap slots; cap 0 or a power of 2 */
	size_t nseen, cap;
};

/*
 * Report one error and count it. @returns 0, so that a caller can report
 * and carry on with the next line: "return lerr(...);".
 */
static int __attribute__((format(printf, 5, 6)))
lerr(struct loader *ld, const char *file, unsigned line, const char *key, const char *fmt, ...)
{
	va_list ap;

	ld->nerrors++;
	if (ld->errfp == NULL)
		return 0;
	fprintf(ld->errfp, "%s:%u: ", file, line);
	if (key != NULL)
		fprintf(ld->errfp, "key '%.128s': ", key);
	va_start(ap, fmt);
	vfprintf(ld->errfp, fmt, ap);
	va_end(ap);
	fputc('\n', ld->errfp);
	return 0;
}

static int
unknown_key(struct loader *ld, const char *file, unsigned line, const char *key, const char *v)
{
	const char *best = configkeys_nearest(key);

	if (best != NULL)
		return lerr(ld, file, line, key, "unknown key, did you mean '%s'?", best);
	/* "bootstrap.servers = ..." is a common slip for the kafka.-prefixed key. */
	if (configkeys_kafka_known(key, v))
		return lerr(ld, file, line, key, "unknown key, did you mean 'kafka.%s'?", key);
	return lerr(ld, file, line, key, "unknown key");
}

/*
 * Set a pass-through property, replacing an earlier one of the same client
 * and name where it stands, else appending. @returns 0 or -ENOMEM.
 */
static int
prop_put(struct config *c, enum config_client client, const char *name, const char *v,
	 const char *ref, const char *file, unsigned line)
{
	struct config_kafka_prop *p = NULL, *np;
	char *nv = strdup(v), *norigin = NULL, *nname = NULL, *nref = NULL;
	size_t i;

	if (nv == NULL || asprintf(&norigin, line ? "%s:%u" : "%s", file, line) < 0 ||
	    (ref != NULL && (nref = strdup(ref)) == NULL))
		goto nomem;
	for (i = 0; i < c->nkafka; i++)
		if (c->kafka[i].client == client && strcmp(c->kafka[i].name, name) == 0)
			p = &c->kafka[i];
	if (p == NULL) {
		if ((nname = strdup(name)) == NULL)
			goto nomem;
		if ((np = realloc(c->kafka, (c->nkafka + 1) * sizeof(*np))) == NULL)
			goto nomem;
		c->kafka = np;
		p = &c->kafka[c->nkafka++];
		p->client = client;
		p->name = nname;
		p->value = p->origin = p->ref = NULL;
	}
	free(p->value);
	free(p->origin);
	free(p->ref);
	p->value = nv;
	p->origin = norigin;
	p->ref = nref;
	return 0;
nomem:
	free(nv);
	free(norigin);
	free(nname);
	free(nref);
	return -ENOMEM;
}

/* Where a refused pass-through property was set, for kafka_refused(). */
struct refusal {
	struct loader *ld;
	const char *file, *key;
	unsigned line;
};

static void
kafka_refused(void *arg, const char *why)
{
	struct refusal *rf = arg;

	lerr(rf->ld, rf->file, rf->line, rf->key, "%s", why);
}

/*
 * Check one pass-through property (configkeys_kafka_check), then keep it.
 * @returns 0 (also when an error was reported) or -ENOMEM.
 */
static int
kafka_set(struct loader *ld, const char *file, unsigned line, const char *key,
	  enum config_client client, const char *name, const char *v, const char *ref)
{
	struct refusal rf = {ld, file, key, line};
	int r;

	if (*name == '\0')
		return lerr(ld, file, line, key, "no librdkafka property after '%s'",
			    client_prefix[client]);
	if (*v == '\0')
		return lerr(ld, file, line, key, "empty value");
	if ((r = configkeys_kafka_check(name, v, kafka_refused, &rf)) != 0)
		return r < 0 ? r : 0;
	return prop_put(ld->c, client, name, v, ref, file, line);
}

/*
 * Read v first if it is a reference (@file:, @credential:; secret.h), a
 * relative @file: path from the directory of the file being loaded.
 * @returns 0 with *out NULL when v is no reference, 1 with *out, -EINVAL
 * after reporting why, or -ENOMEM.
 */
static int
resolve(struct loader *ld, const char *file, unsigned line, const char *key, const char *v,
	char **out)
{
	char why[256];
	int r = secret_read(v, line > 0 && strcmp(file, "-X") != 0 ? file : NULL, out, why,
			    sizeof(why));

	if (r == -EINVAL)
		lerr(ld, file, line, key, "%s", why);
	return r;
}

/* Apply one resolved value; ref is the reference it was read from, or NULL. */
static int
assign_value(struct loader *ld, const char *file, unsigned line, const char *key, const char *v,
	     const char *ref)
{
	enum config_client client = CONFIG_CLIENT_BOTH;
	const char *name;
	char err[512];
	int i, r;

	if ((i = configkeys_find(key)) < 0 && strncmp(key, "kafka.", 6) == 0) {
		for (client = CONFIG_CLIENT_PRODUCER; client > CONFIG_CLIENT_BOTH; client--)
			if (strncmp(key, client_prefix[client], strlen(client_prefix[client])) == 0)
				break;
		name = key + strlen(client_prefix[client]);
		if ((i = configkeys_find_captured(name)) < 0)
			return kafka_set(ld, file, line, key, client, name, v, ref);
	}
	if (i < 0)
		return unknown_key(ld, file, line, key, v);
	if ((r = configkeys_set(ld->c, (size_t) i, v, err, sizeof(err))) == -ENOMEM)
		return r;
	if (r < 0)
		return lerr(ld, file, line, key, "%s", err);
	ld->set[i].file = file;
	ld->set[i].line = line;
	ld->set[i].seq = ++ld->seq;
	return 0;
}

/* FNV-1a: the keys are the operator's, so no flooding to defend against. */
static size_t
seen_hash(const char *key)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char) *key) * 1099511628211ULL;
	return (size_t) h;
}

/* The slot holding key, or the empty slot where it would go. cap > nseen. */
static struct seen *
seen_slot(struct seen *tab, size_t cap, const char *key)
{
	size_t i = seen_hash(key) & (cap - 1);

	while (tab[i].key != NULL && strcmp(tab[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

/*
 * Remember key as set on line, which it was not before. @returns 0 or
 * -ENOMEM (the table is then unchanged).
 */
static int
seen_add(struct loader *ld, const char *key, unsigned line)
{
	struct seen *slot;
	char *copy;

	if (2 * (ld->nseen + 1) > ld->cap) {
		size_t ncap = ld->cap > 0 ? 2 * ld->cap : 64, i;
		struct seen *ntab = calloc(ncap, sizeof(*ntab));

		if (ntab == NULL)
			return -ENOMEM;
		for (i = 0; i < ld->cap; i++)
			if (ld->seen[i].key != NULL)
				*seen_slot(ntab, ncap, ld->seen[i].key) = ld->seen[i];
		free(ld->seen);
		ld->seen = ntab;
		ld->cap = ncap;
	}
	if ((copy = strdup(key)) == NULL)
		return -ENOMEM;
	slot = seen_slot(ld->seen, ld->cap, key);
	slot->key = copy;
	slot->line = line;
	ld->nseen++;
	return 0;
}

/*
 * Apply one "key = value" from file:line (or from -X, which may repeat a
 * key), reading the value first if it is a reference (@file:, @credential:).
 * @returns 0 (also when an error was reported) or -ENOMEM.
 */
static int
assign(struct loader *ld, const char *file, unsigned line, int from_file, const char *key,
       const char *v)
{
	const struct seen *first;
	char *resolved;
	int r;

	if (*key == '\0')
		return lerr(ld, file, line, NULL, "no key before '='");
	if (from_file) {
		if (ld->cap > 0 && (first = seen_slot(ld->seen, ld->cap, key))->key != NULL)
			return lerr(ld, file, line, key, "duplicate key, first set on line %u",
				    first->line);
		if ((r = seen_add(ld, key, line)) < 0)
			return r;
	}
	if ((r = resolve(ld, file, line, key, v, &resolved)) < 0)
		return r == -ENOMEM ? r : 0;
	r = assign_value(ld, file, line, key, resolved != NULL ? resolved : v,
			 resolved != NULL ? v : NULL);
	free(resolved);
	return r;
}

static char *
trim(char *s)
{
	char *e = s + strlen(s);

	while (isspace((unsigned char) *s))
		s++;
	while (e > s && isspace((unsigned char) e[-1]))
		e--;
	*e = '\0';
	return s;
}

/* Split s at its first '=' into trimmed key and value. @returns 0, or -1 with no '='. */
static int
split(char *s, char **key, char **v)
{
	char *eq = strchr(s, '=');

	if (eq == NULL)
		return -1;
	*eq = '\0';
	*key = trim(s);
	*v = trim(eq + 1);
	return 0;
}

static int
load_file(struct loader *ld, FILE *fp, const char *path)
{
	char *line = NULL, *s, *key, *v;
	size_t cap = 0;
	ssize_t n;
	unsigned lineno = 0;
	int r = 0;

	while ((n = getline(&line, &cap, fp)) != -1) {
		/* trim() takes the "\n" or "\r\n" off; a BOM is what some editors write first. */
		s = line;
		if (++lineno == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
			s += 3;
		if (strlen(line) != (size_t) n) {
			lerr(ld, path, lineno, NULL, "line contains a NUL byte");
			continue;
		}
		s = trim(s);
		if (*s == '\0' || *s == '#')
			continue;
		if (split(s, &key, &v) < 0) {
			lerr(ld, path, lineno, NULL, "expected 'key = value', found '%.80s'", s);
			continue;
		}
		if ((r = assign(ld, path, lineno, 1, key, v)) < 0)
			break;
	}
	if (r == 0 && ferror(fp)) {
		r = errno != 0 ? -errno : -EIO;
		if (ld->errfp != NULL)
			fprintf(ld->errfp, "cannot read '%s': %s\n", path, strerrordesc_np(-r));
	}
	free(line);
	return r;
}

static int
load_override(struct loader *ld, size_t i, const char *ov)
{
	char *copy, *key, *v;
	unsigned n = (unsigned) i + 1;
	int r = 0;

	if ((copy = strdup(ov)) == NULL)
		return -ENOMEM;
	if (split(copy, &key, &v) < 0)
		lerr(ld, "-X", n, NULL, "expected 'key=value', found '%.80s'", ov);
	else if (strpbrk(v, "\r\n") != NULL)
		lerr(ld, "-X", n, key, "value contains a line break");
	else
		r = assign(ld, "-X", n, 0, key, v);
	free(copy);
	return r;
}

/*
 * Cross-key rules, after every assignment: the three topics differ (the
 * error names whichever of a pair was set later), and the consumer has a
 * group. @returns 0 or -ENOMEM.
 */
static int
finish(struct loader *ld)
{
	struct config *c = ld->c;
	int reported[CONFIGKEYS_NTOPICS] = {0, 0, 0};
	char b1[64], b2[64];
	const char *v;
	size_t i, j, later;

	for (i = 0; i < CONFIGKEYS_NTOPICS; i++)
		for (j = i + 1; j < CONFIGKEYS_NTOPICS; j++) {
			if (strcmp(configkeys_get(c, i, b1, sizeof(b1)),
				   configkeys_get(c, j, b2, sizeof(b2))) != 0)
				continue;
			later = ld->set[j].seq > ld->set[i].seq ? j : i;
			if (reported[later]++)
				continue;
			v = configkeys_get(c, later, b1, sizeof(b1));
			lerr(ld, ld->set[later].file, ld->set[later].line, configkeys_name(later),
			     "value '%.80s' is the same as '%s'", v,
			     configkeys_name(later == j ? i : j));
		}
	for (i = 0; i < c->nkafka; i++)
		if (c->kafka[i].client != CONFIG_CLIENT_PRODUCER &&
		    strcmp(c->kafka[i].name, "group.id") == 0)
			return 0;
	return prop_put(c, CONFIG_CLIENT_BOTH, "group.id", DEFAULT_GROUP_ID, NULL, "default", 0);
}

static void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	configkeys_release(c);
	for (i = 0; i < c->nkafka; i++) {
		free(c->kafka[i].name);
		free(c->kafka[i].value);
		free(c->kafka[i].origin);
		free(c->kafka[i].ref);
	}
	free(c->kafka);
	free(c->path);
	free(c);
}

/*
 * Load path (NULL: none; missing and missing_ok: none, config->path NULL),
 * then the overrides. path, overrides and errfp (may be NULL) are borrowed.
 * @returns 0 and a new config (refcount 1) in *ret; else -EINVAL (bad
 * keys or values), -ENOMEM or -errno (cannot open or read path), with every
 * error written to errfp and *ret untouched.
 * @locality main thread (start-up, SIGHUP).
 */
int
config_load(const char *path, int missing_ok, const char *const *overrides, size_t noverrides,
	    struct config **ret, FILE *errfp)
{
	struct loader ld;
	FILE *fp = NULL;
	size_t i;
	int r;

	memset(&ld, 0, sizeof(ld));
	ld.errfp = errfp;
	if ((ld.c = calloc(1, sizeof(*ld.c))) == NULL)
		return -ENOMEM;
	ld.c->refs = 1;
	if ((r = configkeys_set_defaults(ld.c)) < 0)
		goto out;
	if (path != NULL && (fp = fopen(path, "re")) == NULL) {
		r = -errno;
		if (r == -ENOENT && missing_ok) {
			r = 0;
		} else {
			if (errfp != NULL)
				fprintf(errfp, "cannot open '%s': %s\n", path, strerrordesc_np(-r));
			goto out;
		}
	}
	if (fp != NULL) {
		if ((ld.c->path = strdup(path)) == NULL) {
			r = -ENOMEM;
			goto out;
		}
		if ((r = load_file(&ld, fp, path)) < 0)
			goto out;
	}
	for (i = 0; i < noverrides; i++)
		if ((r = load_override(&ld, i, overrides[i])) < 0)
			goto out;
	if ((r = finish(&ld)) < 0)
		goto out;
	if (ld.nerrors > 0) {
		r = -EINVAL;
		goto out;
	}
	*ret = ld.c;
	ld.c = NULL;
out:
	if (r == -ENOMEM && errfp != NULL)
		fprintf(errfp, "cannot load the configuration: %s\n", strerrordesc_np(ENOMEM));
	for (i = 0; i < ld.cap; i++)
		free(ld.seen[i].key);
	free(ld.seen);
	if (fp != NULL)
		fclose(fp);
	config_free(ld.c);
	return r;
}

/*
 * The count is atomic so that a snapshot may be released from any thread,
 * although today only the main thread holds one.
 * @returns c, with one more reference. @locality any thread.
 */
struct config *
config_ref(struct config *c)
{
	assert(c != NULL && c->refs > 0);
	__atomic_add_fetch(&c->refs, 1, __ATOMIC_RELAXED);
	return c;
}

/* Drop a reference; the last one frees c. @returns NULL. @locality any thread. */
struct config *
config_unref(struct config *c)
{
	if (c == NULL)
		return NULL;
	assert(c->refs > 0);
	if (__atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL) == 0)
		config_free(c);
	return NULL;
}

/*
 * Keys in table order, then the pass-through in load order (the default
 * group.id last), each "key = value" so that it loads back unchanged. A
 * value read from a file or a credential is printed as its reference
 * (@file:PATH, @credential:NAME). Unless show_secrets, a secret written in
 * the file itself (secret_sensitive) is printed as a comment that
 * says where it was set, not its value; such a printout loads back without
 * it. @locality any thread; c is borrowed and immutable.
 */
void
config_print(const struct config *c, FILE *fp, int show_secrets)
{
	const struct config_kafka_prop *p;
	char buf[64];
	const char *v;
	size_t i;

	fprintf(fp, "# newseventsd effective configuration\n");
	for (i = 0; i < CONFIGKEYS_N; i++) {
		v = configkeys_get(c, i, buf, sizeof(buf));
		fprintf(fp, "%s =%s%s\n", configkeys_name(i), *v != '\0' ? " " : "", v);
	}
	for (i = 0; i < c->nkafka; i++) {
		p = &c->kafka[i];
		if (p->ref != NULL)
			fprintf(fp, "%s%s = %s\n", client_prefix[p->client], p->name, p->ref);
		else if (!show_secrets && secret_sensitive(p->name))
			fprintf(fp, "# %s%s = (a secret, not printed; set at %s)\n",
				client_prefix[p->client], p->name, p->origin);
		else
			fprintf(fp, "%s%s = %s\n", client_prefix[p->client], p->name, p->value);
	}
}

/*
 * For --help: every key with its default, range and help, "[restart]" on
 * those SIGHUP cannot change. @locality any thread.
 */
void
config_print_keys(FILE *fp)
{
	configkeys_print(fp);
	fprintf(
	    fp,
	    "  kafka.group.id = %s  [restart]\n"
	    "      Consumer group; every kafka.* key is passed to librdkafka.\n"
	    "  kafka.<property>, kafka.consumer.<property>, kafka.producer.<property>  [restart]\n"
	    "      A librdkafka property for both clients, the consumer only, or the producer "
	    "only.\n"
	    "Any value may be read from a file, @file:PATH, or a systemd credential,\n"
	    "@credential:NAME (in $CREDENTIALS_DIRECTORY).\n",
	    DEFAULT_GROUP_ID);
}

/*
 * @returns 1 if newc differs from oldc only in reloadable keys; else 0 and
 * the first key that needs a restart in *ret_key ("kafka.*" for any
 * pass-through property). @locality main thread (SIGHUP).
 */
int
config_reloadable(const struct config *oldc, const struct config *newc, const char **ret_key)
{
	char b1[64], b2[64];
	size_t i;

	for (i = 0; i < CONFIGKEYS_N; i++)
		if (!configkeys_reloadable(i) &&
		    strcmp(configkeys_get(oldc, i, b1, sizeof(b1)),
			   configkeys_get(newc, i, b2, sizeof(b2))) != 0) {
			*ret_key = configkeys_name(i);
			return 0;
		}
	for (i = 0; i < oldc->nkafka || i < newc->nkafka; i++)
		if (i >= oldc->nkafka || i >= newc->nkafka ||
		    oldc->kafka[i].client != newc->kafka[i].client ||
		    strcmp(oldc->kafka[i].name, newc->kafka[i].name) != 0 ||
		    strcmp(oldc->kafka[i].value, newc->kafka[i].value) != 0) {
			*ret_key = "kafka.*";
			return 0;
		}
	return 1;
}

/* The pass-through property of c with this client and name, or NULL. */
static const struct config_kafka_prop *
prop_find(const struct config *c, enum config_client client, const char *name)
{
	for (size_t i = 0; i < c->nkafka; i++)
		if (c->kafka[i].client == client && strcmp(c->kafka[i].name, name) == 0)
			return &c->kafka[i];
	return NULL;
}

static void
prop_changed(const struct config_kafka_prop *p, config_change_fn fn, void *arg, const char *oldv,
	     const char *newv)
{
	char key[512];

	snprintf(key, sizeof(key), "%s%s", client_prefix[p->client], p->name);
	fn(arg, key, 0, oldv, newv);
}

/* Pass-through properties set, unset or given another value; values are never shown. */
static size_t
props_diff(const struct config *oldc, const struct config *newc, config_change_fn fn, void *arg)
{
	const struct config_kafka_prop *p, *q;
	size_t n = 0;

	for (size_t i = 0; i < oldc->nkafka; i++) {
		p = &oldc->kafka[i];
		if ((q = prop_find(newc, p->client, p->name)) == NULL)
			prop_changed(p, fn, arg, "(set)", "(unset)");
		else if (strcmp(p->value, q->value) != 0)
			prop_changed(p, fn, arg, "(set)", "(changed)");
		else
			continue;
		n++;
	}
	for (size_t i = 0; i < newc->nkafka; i++) {
		p = &newc->kafka[i];
		if (prop_find(oldc, p->client, p->name) == NULL) {
			prop_changed(p, fn, arg, "(unset)", "(set)");
			n++;
		}
	}
	return n;
}

/*
 * Every key whose value differs between oldc and newc, in table order,
 * then the pass-through properties (whose values are not shown, since
 * they may be secrets). @returns how many. @locality main thread (SIGHUP).
 */
size_t
config_diff(const struct config *oldc, const struct config *newc, config_change_fn fn, void *arg)
{
	char b1[64], b2[64];
	const char *v1, *v2;
	size_t n = 0;

	for (size_t i = 0; i < CONFIGKEYS_N; i++) {
		v1 = configkeys_get(oldc, i, b1, sizeof(b1));
		v2 = configkeys_get(newc, i, b2, sizeof(b2));
		if (strcmp(v1, v2) != 0) {
			fn(arg, configkeys_name(i), configkeys_reloadable(i), v1, v2);
			n++;
		}
	}
	return n + props_diff(oldc, newc, fn, arg);
}

/*
 * A copy of running with the reloadable keys of loaded: what a reload puts
 * in force. Keys that need a restart, and every pass-through property, stay
 * as they run. @returns a new config (refcount 1), or NULL on ENOMEM.
 * @locality main thread (SIGHUP).
 */
struct config *
config_merge(const struct config *running, const struct config *loaded)
{
	struct config *c = calloc(1, sizeof(*c));
	char buf[64], err[256];
	int r = 0;

	if (c == NULL)
		return NULL;
	c->refs = 1;
	for (size_t i = 0; i < CONFIGKEYS_N && r == 0; i++) {
		const struct config *src = configkeys_reloadable(i) ? loaded : running;

		r = configkeys_set(c, i, configkeys_get(src, i, buf, sizeof(buf)), err,
				   sizeof(err));
		assert(r != -EINVAL && "a value loaded once does not parse again");
	}
	for (size_t i = 0; i < running->nkafka && r == 0; i++) {
		const struct config_kafka_prop *p = &running->kafka[i];

		r = prop_put(c, p->client, p->name, p->value, p->ref, p->origin, 0);
	}
	if (r == 0 && loaded->path != NULL && (c->path = strdup(loaded->path)) == NULL)
		r = -ENOMEM;
	if (r < 0) {
		config_free(c);
		return NULL;
	}
	return c;
}
