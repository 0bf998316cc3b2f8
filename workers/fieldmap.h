/*
 * fieldmap: which JSON member of an input article gives which article field.
 *
 * Crawlers name their fields differently: the project's own schema says
 * "text" and "published_at", news-please says "maintext" and "date_publish",
 * Trafilatura says "text" and "date" and puts the URL in "source". An input
 * object is recognised as one of these shapes by the members it has
 * (fieldmap_shape), and each article field is then taken from the first of
 * the shape's member names that is present and not null. A configured
 * mapping (fieldmap_set: "text" -> "body,content") is tried before the
 * shape's own names, for any shape, so anything else can be read too.
 *
 * A fieldmap is built once (from configuration) and then only read: any
 * number of threads may decode with one map at once.
 */
#ifndef NE_FIELDMAP_H
#define NE_FIELDMAP_H

#include <stddef.h>

#include <jansson.h>

/* The article fields a JSON input can give. */
enum afield {
	AF_ID,
	AF_URL,
	AF_SOURCE,
	AF_TITLE,
	AF_TEXT,		/* the body as text (HTML too, when it clearly is a document) */
	AF_HTML,		/* the body as an HTML document */
	AF_PUBLISHED_AT,
	AF_LANGUAGE,
	_AF_MAX
};

/* The crawler formats recognised without configuration. */
enum ashape {
	SHAPE_ARTICLE,		/* schemas/article.schema.json */
	SHAPE_NEWSPLEASE,	/* news-please: "maintext", "date_publish", "source_domain" */
	SHAPE_TRAFILATURA,	/* Trafilatura JSON: "fingerprint", "raw_text", "hostname", ... */
	_SHAPE_MAX
};

struct fieldmap;

/* @returns a map with no configured names (shapes only), or NULL on ENOMEM. */
struct fieldmap	*fieldmap_new(void);
void		 fieldmap_free(struct fieldmap *);	/* NULL-safe */

/*
 * Configure field (an article field name: "id", "url", "source", "title",
 * "text", "html", "published_at", "language") to be read from the members
 * named in members, a comma-separated list tried in order ("body,content"),
 * before the recognised shape's own names. A second call for one field
 * replaces the first.
 * @returns 0; -EINVAL with a one-line reason in errbuf (unknown field, an
 * empty member name, too many names); or -ENOMEM.
 * @locality the thread that builds the map, before it is shared.
 */
int	fieldmap_set(struct fieldmap *, const char *field, const char *members,
	    char *errbuf, size_t errbufsz);

/* @returns the field named s ("published_at"), or _AF_MAX. */
enum afield	 fieldmap_field(const char *s);
/* @returns the field's name. Static storage. */
const char	*fieldmap_field_name(enum afield);
/* @returns "article", "news-please" or "trafilatura". Static storage. */
const char	*fieldmap_shape_name(enum ashape);

/* @returns the shape the members of object o say it has. @locality any thread. */
enum ashape	 fieldmap_shape(const json_t *o);

/*
 * The member of o that gives field f for shape sh: the configured names
 * first (map may be NULL), then the shape's. A member whose value is null
 * counts as absent. *name, if not NULL, is set to the member's name (static
 * or the map's storage) or to the first name tried when none is present.
 * @returns the value (borrowed from o), or NULL. @locality any thread.
 */
json_t	*fieldmap_get(const struct fieldmap *map, enum ashape sh, const json_t *o, enum afield f,
	    const char **name);

/*
 * The same two over an object of any representation (jsonr.h's as well as
 * jansson's): get returns the member of obj named name, or NULL when there
 * is none, and sets *is_null when the member is JSON null.
 */
typedef const void *(*fieldmap_member)(const void *obj, const char *name, int *is_null);

enum ashape	 fieldmap_shape_by(fieldmap_member get, const void *obj);
const void	*fieldmap_get_by(const struct fieldmap *map, enum ashape sh, fieldmap_member get,
	    const void *obj, enum afield f, const char **name);

/*
 * Write the member names tried for f under sh, comma-separated, into buf
 * (for messages such as "no text (tried maintext, text, description)").
 * @returns buf.
 */
char	*fieldmap_tried(const struct fieldmap *map, enum ashape sh, enum afield f, char *buf,
	    size_t bufsz);

#endif /* NE_FIELDMAP_H */
