/*
 * plover: CAMEO code prefixes to PLOVER event types.
 *
 * The file has a few dozen lines, so the table is a plain array searched
 * from the longest prefix of the code to the shortest: at most three
 * lookups of a few dozen string compares per record. The type names are
 * checked against PLOVER's list at load time, so a typo in the file stops
 * loading with its line rather than reaching a record.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plover.h"

static const char *const types[] = { "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE",
    "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
    "MOBILIZE", "COERCE", "ASSAULT" };
#define NTYPES (sizeof(types) / sizeof(types[0]))

struct plover_entry {
	char		 code[5];
	const char	*type;		/* static (types[]), or NULL for "-" */
};

struct plover {
	struct plover_entry	*v;
	size_t			 n, cap;
};

void
plover_free(struct plover *p)
{
	if (p == NULL)
		return;
	free(p->v);
	free(p);
}

static int
bad(char *errbuf, size_t errbufsz, const char *path, unsigned long line, const char *why,
    const char *what)
{
	snprintf(errbuf, errbufsz, "%s:%lu: %s '%.32s'", path, line, why, what);
	return -EINVAL;
}

/* One "CODE<TAB>TYPE" line. @returns 0, -EINVAL or -ENOMEM. */
static int
add_line(struct plover *p, char *s, const char *path, unsigned long line, char *errbuf,
    size_t errbufsz)
{
	char		*tab = strchr(s, '\t'), *t;
	size_t		 n;
	const char	*type = NULL;

	if (tab == NULL)
		return bad(errbuf, errbufsz, path, line, "not CODE<TAB>TYPE:", s);
	*tab = '\0';
	t = tab + 1;
	n = strlen(s);
	if (n < 2 || n > 4 || strspn(s, "0123456789") != n)
		return bad(errbuf, errbufsz, path, line, "not a CAMEO code of 2 to 4 digits:", s);
	if (strcmp(t, "-") != 0) {
		for (size_t i = 0; i < NTYPES && type == NULL; i++)
			if (strcmp(t, types[i]) == 0)
				type = types[i];
		if (type == NULL)
			return bad(errbuf, errbufsz, path, line, "not a PLOVER event type:", t);
	}
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].code, s) == 0)
			return bad(errbuf, errbufsz, path, line, "a second line for code", s);
	if (p->n == p->cap) {
		size_t			 cap = p->cap ? p->cap * 2 : 64;
		struct plover_entry	*v = realloc(p->v, cap * sizeof(*v));

		if (v == NULL)
			return -ENOMEM;
		p->v = v;
		p->cap = cap;
	}
	memcpy(p->v[p->n].code, s, n + 1);
	p->v[p->n].type = type;
	p->n++;
	return 0;
}

int
plover_load(const char *dir, struct plover **ret, char *errbuf, size_t errbufsz)
{
	struct plover	*p;
	char		 path[4096], *line = NULL;
	size_t		 cap = 0;
	ssize_t		 len;
	unsigned long	 lineno = 0;
	FILE		*fp;
	int		 r = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, PLOVER_FILE) >= sizeof(path)) {
		snprintf(errbuf, errbufsz, "%.64s...: path too long", dir);
		return -ENAMETOOLONG;
	}
	if ((fp = fopen(path, "re")) == NULL) {
		r = -errno;
		snprintf(errbuf, errbufsz, "%s: cannot open: %s", path, strerrordesc_np(-r));
		return r;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		fclose(fp);
		return -ENOMEM;
	}
	while (r == 0 && (len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		r = add_line(p, line, path, lineno, errbuf, errbufsz);
	}
	if (r == 0 && ferror(fp)) {
		r = -EIO;
		snprintf(errbuf, errbufsz, "%s: read error", path);
	}
	free(line);
	fclose(fp);
	if (r < 0) {
		plover_free(p);
		return r;
	}
	*ret = p;
	return 0;
}

const char *
plover_type(const struct plover *p, const char *code)
{
	size_t n = strlen(code);

	for (size_t k = n < 4 ? n : 4; k >= 2; k--)
		for (size_t i = 0; i < p->n; i++)
			if (strlen(p->v[i].code) == k && strncmp(p->v[i].code, code, k) == 0)
				return p->v[i].type;
	return NULL;
}
