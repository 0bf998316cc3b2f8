/*
 * plover: CAMEO code prefixes to PLOVER event types.
 *
 * The file is read through dictfile.h (its line rules and error wording),
 * and has a few dozen lines, so the table is a plain array searched
 * from the longest prefix of the code to the shortest: at most three
 * lookups of a few dozen string compares per record. The type names are
 * checked against PLOVER's list at load time, so a typo in the file stops
 * loading with its line rather than reaching a record.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dictfile.h"
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
	struct dictfile_sum	 sum;	/* of plover.txt, for the lexicon's version */
};

void
plover_free(struct plover *p)
{
	if (p == NULL)
		return;
	free(p->v);
	free(p);
}

/* One "CODE<TAB>TYPE" line. @returns 0, -EINVAL or -ENOMEM. */
static int
add_line(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct plover	*p = arg;
	const char	*type = NULL;
	size_t		 n = strlen(f[0]);

	if (nf != 2)
		return dictfile_error(df, -EINVAL, "not CODE<TAB>TYPE: %zu fields", nf);
	if (n < 2 || n > 4 || strspn(f[0], "0123456789") != n)
		return dictfile_error(df, -EINVAL, "not a CAMEO code of 2 to 4 digits: '%.32s'", f[0]);
	if (strcmp(f[1], "-") != 0) {
		for (size_t i = 0; i < NTYPES && type == NULL; i++)
			if (strcmp(f[1], types[i]) == 0)
				type = types[i];
		if (type == NULL)
			return dictfile_error(df, -EINVAL, "not a PLOVER event type: '%.32s'", f[1]);
	}
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].code, f[0]) == 0)
			return dictfile_error(df, -EINVAL, "a second line for code %s", f[0]);
	if (p->n == p->cap) {
		size_t			 cap = p->cap ? p->cap * 2 : 64;
		struct plover_entry	*v = realloc(p->v, cap * sizeof(*v));

		if (v == NULL)
			return dictfile_error(df, -ENOMEM, "out of memory");
		p->v = v;
		p->cap = cap;
	}
	memcpy(p->v[p->n].code, f[0], n + 1);
	p->v[p->n].type = type;
	p->n++;
	return 0;
}

int
plover_load(const char *dir, struct plover **ret, char *errbuf, size_t errbufsz)
{
	struct plover	*p;
	int		 r;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return -ENOMEM;
	r = dictfile_read(dir, PLOVER_FILE, add_line, p, &p->sum, errbuf, errbufsz);
	if (r < 0) {
		plover_free(p);
		return r;
	}
	*ret = p;
	return 0;
}

uint64_t
plover_digest(const struct plover *p)
{
	return p->sum.h;
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
