/*
 * article: turn one input message into a decoded article, or a reason why not.
 *
 * The checks run from cheapest to dearest, and the first failure decides the
 * reason: the size limit (a length compare), UTF-8 well-formedness (one pass),
 * a NUL byte (one memchr), then the format. A message whose first
 * non-white-space byte (after an optional UTF-8 byte order mark) is '{' was
 * meant as JSON and must parse as a JSON object with a string "text"; any
 * other message is plain text, whose first non-empty line is its title and
 * whose dateline, if it has one, gives its date. The one exception is a
 * message that is, as a whole, a JSON array or string: that is a producer
 * sending the wrong shape, and it is refused as bad_field.
 *
 * JSON is read by jsonr (jsonr.h), which reads the flat objects crawlers
 * write in one pass, to the values jansson would give, and declines
 * anything else. What it declines goes through jansson as before, whose
 * verdict and message stand, with JSON_REJECT_DUPLICATES: an object with two
 * "text" members has no single meaning, so it is refused rather than decoded
 * by whichever member a parser happens to keep. jansson also refuses \u0000
 * (we never pass JSON_ALLOW_NUL), which is reported as nul_byte, so no string
 * that leaves this module contains a NUL. A "null" member counts as absent.
 * An unreadable "published_at" is not an error: it is kept verbatim and the
 * date comes from the dateline instead, as for plain text.
 *
 * A text that is not pure ASCII is then brought to Unicode NFC (unicode.h),
 * so that every later stage sees one spelling of each accented word, and
 * every offset refers to the normalised text: for plain text, the message
 * itself unless normalisation changed it. Only the text is normalised; the
 * title and the other fields stay as given.
 *
 * The article is assembled in a local and copied to *ret only on success, so
 * a failure at any point leaves the caller's struct as it was; the one
 * cleanup path frees whatever had been built.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "article.h"
#include "dates.h"
#include "fieldmap.h"
#include "html.h"
#include "jsonr.h"
#include "reason.h"
#include "unicode.h"
#include "utf8.h"

#define FNV64_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV64_PRIME UINT64_C(0x100000001b3)

/* Decoding state: the article being built and where a refusal is reported. */
struct decode {
	struct article a;
	const struct fieldmap *map; /* borrowed; NULL: the shapes' own names only */
	const struct jsonr *jr;     /* the JSON object as jsonr read it, or */
	const json_t *root;         /* as jansson read it (when jsonr declined) */
	enum reason reason;
	char *errbuf; /* borrowed; may be NULL */
	size_t errbufsz;
};

static int refuse(struct decode *, enum reason, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static int
refuse(struct decode *dc, enum reason r, const char *fmt, ...)
{
	va_list ap;

	dc->reason = r;
	if (dc->errbuf != NULL && dc->errbufsz > 0) {
		va_start(ap, fmt);
		(void) vsnprintf(dc->errbuf, dc->errbufsz, fmt, ap);
		va_end(ap);
	}
	return -EBADMSG;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int
only_space(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_space((unsigned char) p[i]))
			return 0;
	}
	return 1;
}

/* @returns a NUL-terminated copy of p[0, n) that the caller owns, or NULL. */
static char *
dup_span(const char *p, size_t n)
{
	char *s;

	s = malloc(n + 1);
	if (s == NULL)
		return NULL;
	if (n > 0)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static uint64_t
fnv1a64(const unsigned char *p, size_t n)
{
	uint64_t h = FNV64_OFFSET;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= FNV64_PRIME;
	}
	return h;
}

static const char *
type_name(enum jsonr_type t)
{
	switch (t) {
	case JSONR_OBJECT:
		return "an object";
	case JSONR_ARRAY:
		return "an array";
	case JSONR_STRING:
		return "a string";
	case JSONR_INTEGER:
		return "an integer";
	case JSONR_REAL:
		return "a real number";
	case JSONR_TRUE:
	case JSONR_FALSE:
		return "a boolean";
	case JSONR_NULL:
		return "null";
	}
	return "of unknown type";
}

/* A jansson value as jsonr describes one (strings borrowed from v). */
static struct jsonr_value
value_of_json(const json_t *v)
{
	struct jsonr_value jv = {JSONR_NULL, NULL, 0, 0};

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jv.type = JSONR_OBJECT;
		break;
	case JSON_ARRAY:
		jv.type = JSONR_ARRAY;
		break;
	case JSON_STRING:
		jv.type = JSONR_STRING;
		jv.s = json_string_value(v);
		jv.len = json_string_length(v);
		break;
	case JSON_INTEGER:
		jv.type = JSONR_INTEGER;
		jv.integer = json_integer_value(v);
		break;
	case JSON_REAL:
		jv.type = JSONR_REAL;
		break;
	case JSON_TRUE:
		jv.type = JSONR_TRUE;
		break;
	case JSON_FALSE:
		jv.type = JSONR_FALSE;
		break;
	case JSON_NULL:
		break;
	}
	return jv;
}

/* fieldmap_member over each reader's object. */
static const void *
jsonr_member(const void *obj, const char *name, int *is_null)
{
	const struct jsonr_value *v = jsonr_get(obj, name);

	*is_null = v != NULL && v->type == JSONR_NULL;
	return v;
}

static const void *
json_member(const void *obj, const char *name, int *is_null)
{
	const json_t *v = json_object_get(obj, name);

	*is_null = v != NULL && json_is_null(v);
	return v;
}

/*
 * The member giving field f, from whichever reader read the object.
 * @returns 1 with *v and *name set, or 0 (absent; *name is the first name tried).
 */
static int
field(struct decode *dc, enum afield f, struct jsonr_value *v, const char **name)
{
	const void *m;

	if (dc->jr != NULL) {
		m = fieldmap_get_by(dc->map, dc->a.shape, jsonr_member, dc->jr, f, name);
		if (m != NULL)
			*v = *(const struct jsonr_value *) m;
	} else {
		m = fieldmap_get_by(dc->map, dc->a.shape, json_member, dc->root, f, name);
		if (m != NULL)
			*v = value_of_json(m);
	}
	return m != NULL;
}

/*
 * The date of a "published_at" value. Whatever strptime cannot read whole,
 * such as RFC 3339 with fractional seconds ("2007-05-29T10:15:00.5+02:00"),
 * is tried by its leading "YYYY-MM-DD". The date is the calendar date as
 * written, in the writer's own offset, not converted to UTC.
 */
static int
published_date(const char *s, struct ne_date *ret)
{
	size_t n = strlen(s), i = 0;

	if (dates_parse(s, n, ret) == 0)
		return 0;
	while (i < n && is_space((unsigned char) s[i]))
		i++;
	if (n - i > 10 && s[i + 4] == '-' && s[i + 7] == '-' &&
	    (s[i + 10] == 'T' || s[i + 10] == 't' || s[i + 10] == ' ') &&
	    dates_parse(s + i, 10, ret) == 0)
		return 0;
	return -1;
}

/* An optional member that must be a string or null; *dst is set if a string. */
static int
take_string(struct decode *dc, enum afield f, char **dst)
{
	struct jsonr_value v;
	const char *name;

	if (!field(dc, f, &v, &name))
		return 0;
	if (v.type != JSONR_STRING)
		return refuse(dc, REASON_BAD_FIELD, "field \"%s\" is %s, not a string or null",
			      name, type_name(v.type));
	*dst = dup_span(v.s, v.len);
	return *dst == NULL ? -ENOMEM : 0;
}

/* The id may also be an integer; an empty string counts as no id at all. */
static int
take_id(struct decode *dc)
{
	struct jsonr_value v;
	const char *name;
	char num[32];

	if (!field(dc, AF_ID, &v, &name))
		return 0;
	if (v.type == JSONR_STRING) {
		if (v.len == 0)
			return 0;
		dc->a.id = dup_span(v.s, v.len);
	} else if (v.type == JSONR_INTEGER) {
		(void) snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, (json_int_t) v.integer);
		dc->a.id = dup_span(num, strlen(num));
	} else
		return refuse(dc, REASON_BAD_FIELD,
			      "field \"%s\" is %s, not a string, integer or null", name,
			      type_name(v.type));
	return dc->a.id == NULL ? -ENOMEM : 0;
}

/* Move src into *dst when the input did not give that field itself. */
static void
adopt(char **dst, char **src)
{
	if (*dst == NULL) {
		*dst = *src;
		*src = NULL;
	}
}

/*
 * The text of the HTML page p[0, n): the article's text, and its title,
 * language, URL and publication time where the input gave none of its own.
 */
static int
take_html(struct decode *dc, const char *p, size_t n)
{
	struct html_doc doc;

	int r = html_extract(p, n, &doc);

	if (r == -E2BIG)
		return refuse(dc, REASON_EXTRACT_LIMIT, "HTML elements nested deeper than %d",
			      HTML_MAX_DEPTH);
	if (r < 0)
		return -ENOMEM;
	dc->a.from_html = 1;
	free(dc->a.text);
	dc->a.text = doc.text;
	dc->a.text_len = doc.text_len;
	doc.text = NULL;
	adopt(&dc->a.title, &doc.title);
	adopt(&dc->a.language, &doc.lang);
	adopt(&dc->a.url, &doc.url);
	adopt(&dc->a.published_at, &doc.published);
	html_doc_release(&doc);
	if (only_space(dc->a.text, dc->a.text_len))
		return refuse(dc, REASON_NO_TEXT, "the HTML page has no article text");
	return 0;
}

/*
 * The body: an HTML member (converted), else a text member (converted too
 * when it is clearly an HTML document), checked for type, NUL and content.
 */
static int
take_body(struct decode *dc)
{
	struct jsonr_value v;
	const char *name, *s;
	char tried[256];
	size_t sl;
	int html;

	html = field(dc, AF_HTML, &v, &name);
	if (!html && !field(dc, AF_TEXT, &v, &name))
		return refuse(dc, REASON_NO_TEXT, "JSON %s object has no text (tried %s)",
			      fieldmap_shape_name(dc->a.shape),
			      fieldmap_tried(dc->map, dc->a.shape, AF_TEXT, tried, sizeof(tried)));
	if (v.type != JSONR_STRING)
		return refuse(dc, REASON_BAD_FIELD, "field \"%s\" is %s, not a string", name,
			      type_name(v.type));
	s = v.s;
	sl = v.len;
	if (memchr(s, '\0', sl) != NULL)
		return refuse(dc, REASON_NUL_BYTE, "field \"%s\" holds a NUL character", name);
	if (only_space(s, sl))
		return refuse(dc, REASON_NO_TEXT, "field \"%s\" is empty or only white space", name);
	if (html || html_is_document(s, sl))
		return take_html(dc, s, sl);
	dc->a.text = dup_span(s, sl);
	if (dc->a.text == NULL)
		return -ENOMEM;
	dc->a.text_len = sl;
	return 0;
}

/*
 * The object p[0, n), read by jsonr, or by jansson when jsonr declines it:
 * sets dc->jr (to jr) or dc->root (to *root, which the caller releases),
 * and the shape. @returns 0, -EBADMSG (refused as jansson refuses it) or
 * -ENOMEM.
 */
static int
read_object(struct decode *dc, const char *p, size_t n, struct jsonr *jr, json_t **root)
{
	json_error_t err;
	int r;

	if ((r = jsonr_object(jr, p, n)) <= 0) {
		if (r == 0) {
			dc->jr = jr;
			dc->a.shape = fieldmap_shape_by(jsonr_member, jr);
		}
		return r;
	}
	*root = json_loadb(p, n, JSON_REJECT_DUPLICATES, &err);
	if (*root == NULL) {
		switch (json_error_code(&err)) {
		case json_error_out_of_memory:
			return -ENOMEM;
		case json_error_null_character:
		case json_error_null_byte_in_key:
			return refuse(dc, REASON_NUL_BYTE, "JSON has \\u0000 at line %d, column %d",
				      err.line, err.column);
		default:
			return refuse(dc, REASON_INVALID_JSON,
				      "invalid JSON at line %d, column %d: %s", err.line, err.column,
				      err.text);
		}
	}
	if (!json_is_object(*root))
		return refuse(dc, REASON_BAD_FIELD, "JSON top level is %s, not an object",
			      type_name(value_of_json(*root).type));
	dc->root = *root;
	dc->a.shape = fieldmap_shape(*root);
	return 0;
}

static int
decode_json(struct decode *dc, const char *p, size_t n)
{
	static const enum afield optional[] = {AF_URL, AF_SOURCE, AF_TITLE, AF_LANGUAGE,
					       AF_PUBLISHED_AT};
	char **const dst[] = {&dc->a.url, &dc->a.source, &dc->a.title, &dc->a.language,
			      &dc->a.published_at};
	json_t *root = NULL;
	struct jsonr jr = {.n = 0, .buf = NULL};
	size_t i;
	int r;

	if ((r = read_object(dc, p, n, &jr, &root)) != 0)
		goto out;
	/* The fields first: the body's HTML only fills in those the input left out. */
	if ((r = take_id(dc)) != 0)
		goto out;
	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		if ((r = take_string(dc, optional[i], dst[i])) != 0)
			goto out;
	}
	if ((r = take_body(dc)) != 0)
		goto out;

	if (dc->a.published_at != NULL && published_date(dc->a.published_at, &dc->a.date) == 0)
		dc->a.date_basis = DATE_BASIS_PUBLISHED_AT;
	else if (dates_find_dateline(dc->a.text, dc->a.text_len, &dc->a.date) == 0)
		dc->a.date_basis = DATE_BASIS_DATELINE;
	r = 0;
out:
	dc->jr = NULL;
	dc->root = NULL;
	jsonr_release(&jr);
	json_decref(root);
	return r;
}

/*
 * A message that starts with '[' or '"' is plain text unless the whole of it
 * is one JSON value: then it is a JSON article of the wrong shape (an array
 * of articles, a bare string), and decoding its syntax as prose would only
 * produce junk records. Prose that opens with a quotation is never a single
 * JSON value, so it still goes through as text.
 * @returns -EBADMSG for such a value, -ENOMEM, or 0 for plain text.
 */
static int
refuse_other_json(struct decode *dc, const char *p, size_t n)
{
	json_error_t err;
	json_t *v;
	int r = 0;

	v = json_loadb(p, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &err);
	if (v != NULL)
		r = refuse(dc, REASON_BAD_FIELD, "JSON top level is %s, not an object",
			   type_name(value_of_json(v).type));
	else if (json_error_code(&err) == json_error_out_of_memory)
		r = -ENOMEM;
	json_decref(v);
	return r;
}

/*
 * Plain text: text is the whole message, byte order mark included, so that
 * offsets into it are offsets into the message. The title and the dateline
 * are looked for from body, past the mark.
 */
static int
decode_text(struct decode *dc, const char *buf, size_t len, size_t body)
{
	size_t a = body, b;
	const char *eol;
	int r;

	if (html_is_document(buf + body, len - body)) {
		if ((r = take_html(dc, buf + body, len - body)) != 0)
			return r;
		if (dc->a.published_at != NULL &&
		    published_date(dc->a.published_at, &dc->a.date) == 0)
			dc->a.date_basis = DATE_BASIS_PUBLISHED_AT;
		else if (dates_find_dateline(dc->a.text, dc->a.text_len, &dc->a.date) == 0)
			dc->a.date_basis = DATE_BASIS_DATELINE;
		return 0;
	}

	while (a < len && is_space((unsigned char) buf[a]))
		a++;
	eol = memchr(buf + a, '\n', len - a);
	b = eol != NULL ? (size_t) (eol - buf) : len;
	while (b > a && is_space((unsigned char) buf[b - 1]))
		b--;
	dc->a.title = dup_span(buf + a, b - a);
	dc->a.text = dup_span(buf, len);
	if (dc->a.title == NULL || dc->a.text == NULL)
		return -ENOMEM;
	dc->a.text_len = len;
	if (dates_find_dateline(buf + body, len - body, &dc->a.date) == 0)
		dc->a.date_basis = DATE_BASIS_DATELINE;
	return 0;
}

/*
 * Replace the text by its NFC form when that differs. Ill-formed UTF-8 cannot
 * reach here (checked above, and jansson emits only UTF-8), but is refused as
 * such if it does. A text too long for ICU to index is too large. Any other
 * failure is ICU lacking a resource, not the input's fault, so it is reported
 * like memory rather than as a dead letter.
 */
static int
normalise_text(struct decode *dc)
{
	char *nfc;
	size_t n;
	int r;

	r = unicode_nfc(dc->a.text, dc->a.text_len, &nfc, &n);
	if (r == -EINVAL)
		return refuse(dc, REASON_NOT_UTF8, "text is not UTF-8 after decoding");
	if (r == -E2BIG)
		return refuse(dc, REASON_TOO_LARGE, "text of %zu bytes is too large to normalise",
			      dc->a.text_len);
	if (r < 0)
		return -ENOMEM;
	if (nfc != NULL) {
		free(dc->a.text);
		dc->a.text = nfc;
		dc->a.text_len = n;
	}
	return 0;
}

/* The id when the article gave none: the message key if usable, else a hash. */
static int
default_id(struct decode *dc, const void *buf, size_t len, const void *key, size_t keylen)
{
	char hex[sizeof("fnv-") + 16];

	if (key != NULL && keylen > 0 && utf8_valid(key, keylen, NULL) &&
	    memchr(key, '\0', keylen) == NULL) {
		dc->a.id = dup_span(key, keylen);
	} else {
		(void) snprintf(hex, sizeof(hex), "fnv-%016" PRIx64, fnv1a64(buf, len));
		dc->a.id = dup_span(hex, strlen(hex));
	}
	return dc->a.id == NULL ? -ENOMEM : 0;
}

/*
 * @returns 0 and fills *ret (the caller owns it and frees it with
 * article_release()); -EBADMSG with *reterr_reason and errbuf set; or
 * -ENOMEM. On failure *ret is untouched. reterr_reason and errbuf may be NULL.
 * @locality any thread whose LC_TIME is "C"; pure.
 */
int
article_decode(const void *buf, size_t len, const void *key, size_t keylen, size_t max_bytes,
	       struct article *ret, enum reason *reterr_reason, char *errbuf, size_t errbufsz)
{
	return article_decode_mapped(buf, len, key, keylen, max_bytes, NULL, ret, reterr_reason,
				     errbuf, errbufsz);
}

/*
 * As article_decode, reading JSON fields through map (borrowed; NULL for
 * the recognised shapes' own names).
 */
int
article_decode_mapped(const void *buf, size_t len, const void *key, size_t keylen,
		      size_t max_bytes, const struct fieldmap *map, struct article *ret,
		      enum reason *reterr_reason, char *errbuf, size_t errbufsz)
{
	static const unsigned char bom[3] = {0xef, 0xbb, 0xbf};
	const unsigned char *p = buf;
	const unsigned char *nul;
	struct decode dc;
	size_t off, body, i;
	int r;

	assert(ret != NULL);
	assert(buf != NULL || len == 0);
	memset(&dc, 0, sizeof(dc));
	dc.map = map;
	dc.errbuf = errbuf;
	dc.errbufsz = errbufsz;

	if (max_bytes != 0 && len > max_bytes) {
		r = refuse(&dc, REASON_TOO_LARGE, "article is %zu bytes, over the limit of %zu",
			   len, max_bytes);
		goto fail;
	}
	if (len == 0) {
		r = refuse(&dc, REASON_NO_TEXT, "empty message");
		goto fail;
	}
	if (!utf8_valid(buf, len, &off)) {
		r = refuse(&dc, REASON_NOT_UTF8, "not UTF-8: byte 0x%02x at offset %zu", p[off],
			   off);
		goto fail;
	}
	nul = memchr(buf, '\0', len);
	if (nul != NULL) {
		r = refuse(&dc, REASON_NUL_BYTE, "NUL byte at offset %zu", (size_t) (nul - p));
		goto fail;
	}

	body = len >= sizeof(bom) && memcmp(p, bom, sizeof(bom)) == 0 ? sizeof(bom) : 0;
	for (i = body; i < len && is_space(p[i]); i++)
		continue;
	if (i == len) {
		r = refuse(&dc, REASON_NO_TEXT, "message is only white space");
		goto fail;
	}
	if (p[i] == '{') {
		dc.a.format = ARTICLE_JSON;
		r = decode_json(&dc, (const char *) p + body, len - body);
	} else if ((p[i] == '[' || p[i] == '"') &&
		   (r = refuse_other_json(&dc, (const char *) p + body, len - body)) != 0) {
		goto fail;
	} else {
		dc.a.format = ARTICLE_TEXT;
		r = decode_text(&dc, buf, len, body);
	}
	if (r != 0)
		goto fail;
	if (!utf8_is_ascii(dc.a.text, dc.a.text_len) && (r = normalise_text(&dc)) != 0)
		goto fail;
	if (dc.a.id == NULL && (r = default_id(&dc, buf, len, key, keylen)) != 0)
		goto fail;

	*ret = dc.a;
	return 0;

fail:
	if (r == -EBADMSG && reterr_reason != NULL)
		*reterr_reason = dc.reason;
	else if (r == -ENOMEM && errbuf != NULL && errbufsz > 0)
		(void) snprintf(errbuf, errbufsz, "out of memory");
	article_release(&dc.a);
	return r;
}

/*
 * Frees every string the article owns and zeroes it, so a second call is a
 * no-op. NULL-safe.
 * @locality any thread.
 */
void
article_release(struct article *a)
{
	if (a == NULL)
		return;
	free(a->id);
	free(a->url);
	free(a->source);
	free(a->title);
	free(a->language);
	free(a->published_at);
	free(a->text);
	memset(a, 0, sizeof(*a));
}
