/*
 * fieldmap: where each article field is found in a crawler's JSON object.
 *
 * The shapes are told apart by members no other shape uses: news-please by
 * "maintext", "date_publish" or "source_domain"; Trafilatura by
 * "fingerprint", "raw_text", "source-hostname" or "hostname" (its "source"
 * is the page URL, not the publisher, which is why the shapes must be told
 * apart at all). Anything else is read as the project's own article schema.
 * The recognition is by presence only, never by value, so one member that
 * happens to be null still decides the shape, as the crawler wrote it.
 *
 * Each shape's names per field are a static table. A configured map adds at
 * most FIELDMAP_MAX_NAMES names per field, stored in one string per field
 * with the commas replaced by NULs, so lookups allocate nothing.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fieldmap.h"

#define FIELDMAP_MAX_NAMES 8

struct fieldmap {
	char		*store[_AF_MAX];			/* NUL-separated names */
	const char	*names[_AF_MAX][FIELDMAP_MAX_NAMES + 1];/* NULL-terminated */
};

static const char *const field_names[_AF_MAX] = {
    [AF_ID] = "id",
    [AF_URL] = "url",
    [AF_SOURCE] = "source",
    [AF_TITLE] = "title",
    [AF_TEXT] = "text",
    [AF_HTML] = "html",
    [AF_PUBLISHED_AT] = "published_at",
    [AF_LANGUAGE] = "language",
};

static const char *const shape_names[_SHAPE_MAX] = {
    [SHAPE_ARTICLE] = "article",
    [SHAPE_NEWSPLEASE] = "news-please",
    [SHAPE_TRAFILATURA] = "trafilatura",
};

/* Each shape's member names per field, tried in order; NULL-terminated. */
static const char *const shape_fields[_SHAPE_MAX][_AF_MAX][4] = {
    [SHAPE_ARTICLE] = {
	[AF_ID] = {"id"},
	[AF_URL] = {"url"},
	[AF_SOURCE] = {"source"},
	[AF_TITLE] = {"title"},
	[AF_TEXT] = {"text"},
	[AF_HTML] = {"html", "raw_html"},
	[AF_PUBLISHED_AT] = {"published_at"},
	[AF_LANGUAGE] = {"language"},
    },
    [SHAPE_NEWSPLEASE] = {
	[AF_ID] = {"id"},
	[AF_URL] = {"url"},
	[AF_SOURCE] = {"source_domain"},
	[AF_TITLE] = {"title"},
	[AF_TEXT] = {"maintext", "text", "description"},
	[AF_HTML] = {"html", "raw_html"},
	[AF_PUBLISHED_AT] = {"date_publish"},
	[AF_LANGUAGE] = {"language"},
    },
    [SHAPE_TRAFILATURA] = {
	[AF_ID] = {"id", "fingerprint"},
	[AF_URL] = {"url", "source"},
	[AF_SOURCE] = {"hostname", "source-hostname", "sitename"},
	[AF_TITLE] = {"title"},
	[AF_TEXT] = {"text", "raw_text"},
	[AF_HTML] = {"html", "raw_html"},
	[AF_PUBLISHED_AT] = {"date"},
	[AF_LANGUAGE] = {"language"},
    },
};

struct fieldmap *
fieldmap_new(void)
{
	return calloc(1, sizeof(struct fieldmap));
}

void
fieldmap_free(struct fieldmap *map)
{
	if (map == NULL)
		return;
	for (int f = 0; f < _AF_MAX; f++)
		free(map->store[f]);
	free(map);
}

enum afield
fieldmap_field(const char *s)
{
	for (int f = 0; f < _AF_MAX; f++)
		if (strcmp(field_names[f], s) == 0)
			return (enum afield)f;
	return _AF_MAX;
}

const char *
fieldmap_field_name(enum afield f)
{
	assert(f >= 0 && f < _AF_MAX);
	return field_names[f];
}

const char *
fieldmap_shape_name(enum ashape sh)
{
	assert(sh >= 0 && sh < _SHAPE_MAX);
	return shape_names[sh];
}

int
fieldmap_set(struct fieldmap *map, const char *field, const char *members, char *errbuf,
    size_t errbufsz)
{
	const char	*names[FIELDMAP_MAX_NAMES + 1];
	enum afield	 f = fieldmap_field(field);
	char		*store, *p;
	size_t		 n = 0;

	if (f == _AF_MAX) {
		snprintf(errbuf, errbufsz, "'%s' is not an article field (id, url, source, title, "
		    "text, html, published_at, language)", field);
		return -EINVAL;
	}
	if ((store = strdup(members)) == NULL)
		return -ENOMEM;
	for (p = store;; p++) {
		char *comma = strchr(p, ',');

		if (comma != NULL)
			*comma = '\0';
		/* Members are names, not patterns: white space around a comma is not part of one. */
		while (*p == ' ' || *p == '\t')
			p++;
		for (char *e = p + strlen(p); e > p && (e[-1] == ' ' || e[-1] == '\t');)
			*--e = '\0';
		if (*p == '\0' || n == FIELDMAP_MAX_NAMES) {
			snprintf(errbuf, errbufsz, *p == '\0' ? "an empty member name in '%s'" :
			    "more than 8 member names in '%s'", members);
			free(store);
			return -EINVAL;
		}
		names[n++] = p;
		if (comma == NULL)
			break;
		p = comma;
	}
	names[n] = NULL;
	free(map->store[f]);
	map->store[f] = store;
	memcpy(map->names[f], names, (n + 1) * sizeof(names[0]));
	return 0;
}

/* fieldmap_member over a jansson object. */
static const void *
json_member(const void *obj, const char *name, int *is_null)
{
	const json_t *v = json_object_get(obj, name);

	*is_null = v != NULL && json_is_null(v);
	return v;
}

enum ashape
fieldmap_shape(const json_t *o)
{
	return fieldmap_shape_by(json_member, o);
}

enum ashape
fieldmap_shape_by(fieldmap_member get, const void *o)
{
	static const char *const np[] = {"maintext", "date_publish", "source_domain"};
	static const char *const tr[] = {"fingerprint", "raw_text", "source-hostname", "hostname"};
	int isnull;

	for (size_t i = 0; i < sizeof(np) / sizeof(np[0]); i++)
		if (get(o, np[i], &isnull) != NULL)
			return SHAPE_NEWSPLEASE;
	for (size_t i = 0; i < sizeof(tr) / sizeof(tr[0]); i++)
		if (get(o, tr[i], &isnull) != NULL)
			return SHAPE_TRAFILATURA;
	return SHAPE_ARTICLE;
}

/* The names to try for f, the configured ones (list 0) then the shape's (list 1). */
static const char *const *
names_of(const struct fieldmap *map, enum ashape sh, enum afield f, int list)
{
	if (list == 0)
		return map != NULL && map->store[f] != NULL ? map->names[f] : NULL;
	return shape_fields[sh][f];
}

json_t *
fieldmap_get(const struct fieldmap *map, enum ashape sh, const json_t *o, enum afield f,
    const char **name)
{
	/* The member is o's, returned non-const as json_object_get() returns it. */
	return (json_t *)(uintptr_t)fieldmap_get_by(map, sh, json_member, o, f, name);
}

const void *
fieldmap_get_by(const struct fieldmap *map, enum ashape sh, fieldmap_member get, const void *o,
    enum afield f, const char **name)
{
	const char	*first = NULL;
	const void	*v;
	int		 isnull;

	assert(f >= 0 && f < _AF_MAX && sh >= 0 && sh < _SHAPE_MAX);
	for (int list = 0; list < 2; list++) {
		const char *const *nv = names_of(map, sh, f, list);

		for (size_t i = 0; nv != NULL && i < 4 + FIELDMAP_MAX_NAMES && nv[i] != NULL; i++) {
			if (first == NULL)
				first = nv[i];
			v = get(o, nv[i], &isnull);
			if (v != NULL && !isnull) {
				if (name != NULL)
					*name = nv[i];
				return v;
			}
		}
	}
	if (name != NULL)
		*name = first != NULL ? first : field_names[f];
	return NULL;
}

char *
fieldmap_tried(const struct fieldmap *map, enum ashape sh, enum afield f, char *buf, size_t bufsz)
{
	size_t	len = 0;

	assert(bufsz > 0);
	buf[0] = '\0';
	for (int list = 0; list < 2; list++) {
		const char *const *nv = names_of(map, sh, f, list);

		for (size_t i = 0; nv != NULL && i < 4 + FIELDMAP_MAX_NAMES && nv[i] != NULL; i++) {
			int n = snprintf(buf + len, bufsz - len, "%s\"%s\"", len > 0 ? ", " : "", nv[i]);

			if (n < 0 || (size_t)n >= bufsz - len)
				return buf;
			len += (size_t)n;
		}
	}
	return buf;
}
