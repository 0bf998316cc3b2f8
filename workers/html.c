/*
 * html: from an HTML page to the text of its article.
 *
 * Two walks over gumbo's tree, both iterative (an explicit stack, so a page
 * of a million nested <div>s cannot exhaust the thread's stack):
 *   1. over the whole document: the title, language, canonical URL and
 *      publication time from <head>, and the amount of text under each
 *      <article>, to choose the part of the page that is the article;
 *   2. over that part: text runs are collected into blocks, a block ends at
 *      every block element's start and end (and at a dropped element), and
 *      a finished block is kept unless it is empty or link-dense.
 * Each kept block is trimmed and separated from the next by a blank line,
 * the one separator text_sentences() always treats as a sentence end, so two
 * paragraphs never make one sentence and a heading never runs into its
 * first paragraph.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gumbo.h>

#include "html.h"

/* A growable byte buffer. */
struct buf {
	char	*p;
	size_t	 len, cap;
	int	 oom;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t	 cap = b->cap ? b->cap : 256;
		char	*p;

		while (b->len + n + 1 > cap)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* The state of the text walk. */
struct walk {
	struct buf	 out;		/* kept blocks */
	struct buf	 blk;		/* the block being read */
	size_t		 chars;		/* non-space characters in blk */
	size_t		 link_chars;	/* of which inside <a> */
	int		 space;		/* white space seen since the last character */
	unsigned	 in_link;	/* <a> elements open */
	unsigned	 in_pre;	/* <pre> elements open */
};

static int
is_dropped_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER:
	case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
	case GUMBO_TAG_IFRAME: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
	case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
	case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
	case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
	case GUMBO_TAG_H1:	/* the page's headline: like a plain-text article's, not coded */
		return 1;
	default:
		return 0;
	}
}

static int
is_block_tag(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
	case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
	case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
	case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR:
	case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
	case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_HR:
	case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_ADDRESS:
	case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
	case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_FIELDSET:
	case GUMBO_TAG_LEGEND: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
	case GUMBO_TAG_TFOOT: case GUMBO_TAG_MENU:
		return 1;
	default:
		return 0;
	}
}

static const char *
attr(const GumboElement *e, const char *name)
{
	GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);

	return a != NULL ? a->value : NULL;
}

static int
is_dropped(const GumboElement *e)
{
	static const char *const roles[] = {"navigation", "banner", "contentinfo",
	    "complementary", "search", "menu", "menubar"};
	const char *role = attr(e, "role"), *hidden = attr(e, "aria-hidden");

	if (is_dropped_tag(e->tag) || attr(e, "hidden") != NULL ||
	    (hidden != NULL && strcasecmp(hidden, "true") == 0))
		return 1;
	for (size_t i = 0; role != NULL && i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcasecmp(role, roles[i]) == 0)
			return 1;
	return 0;
}

/*
 * A dropped section (nav, header, footer, aside, form, a block with a
 * boilerplate role) ends the block around it; a dropped inline element
 * (a <script> inside a paragraph, a <button>) only separates words.
 */
static int
ends_block_when_dropped(const GumboElement *e)
{
	switch (e->tag) {
	case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_FORM: case GUMBO_TAG_IFRAME: case GUMBO_TAG_TEMPLATE:
		return 1;
	default:
		return is_block_tag(e->tag) || attr(e, "role") != NULL;
	}
}

/* End the current block: keep it unless it is empty or mostly link text. */
static void
end_block(struct walk *w)
{
	size_t a = 0, b = w->blk.len;

	while (a < b && (w->blk.p[a] == ' ' || w->blk.p[a] == '\n'))
		a++;
	while (b > a && (w->blk.p[b - 1] == ' ' || w->blk.p[b - 1] == '\n'))
		b--;
	if (b > a && w->chars > 0 && w->link_chars * 2 <= w->chars) {
		if (w->out.len > 0)
			buf_add(&w->out, "\n\n", 2);
		buf_add(&w->out, w->blk.p + a, b - a);
	}
	w->blk.len = 0;
	w->chars = w->link_chars = 0;
	w->space = 0;
}

static void
add_text(struct walk *w, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 1;

		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
			k = 2;			/* U+00A0 NO-BREAK SPACE is a space */
			c = ' ';
		}
		if (w->in_pre == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f')) {
			w->space = 1;
			i += k - 1;
			continue;
		}
		if (w->in_pre > 0 && k == 2) {
			buf_add(&w->blk, " ", 1);
			i++;
			continue;
		}
		if (w->space && w->blk.len > 0 && w->blk.p[w->blk.len - 1] != '\n')
			buf_add(&w->blk, " ", 1);
		w->space = 0;
		buf_add(&w->blk, s + i, 1);
		/* Count characters, not bytes: continuation bytes do not start one. */
		if ((c & 0xc0) != 0x80 && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
			w->chars++;
			if (w->in_link > 0)
				w->link_chars++;
		}
	}
}

/* One frame of the explicit stack: an element and the next child to visit. */
struct frame {
	const GumboNode	*node;
	size_t		 next;
};

struct stack {
	struct frame	*v;
	size_t		 n, cap;
};

static int
push(struct stack *st, const GumboNode *node)
{
	if (st->n == st->cap) {
		size_t		 cap = st->cap ? st->cap * 2 : 64;
		struct frame	*v = realloc(st->v, cap * sizeof(*v));

		if (v == NULL)
			return -ENOMEM;
		st->v = v;
		st->cap = cap;
	}
	st->v[st->n++] = (struct frame){ node, 0 };
	return 0;
}

static void
enter(struct walk *w, const GumboElement *e)
{
	if (e->tag == GUMBO_TAG_BR) {
		buf_add(&w->blk, "\n", 1);
		w->space = 0;
		return;
	}
	if (is_block_tag(e->tag))
		end_block(w);
	if (e->tag == GUMBO_TAG_A)
		w->in_link++;
	if (e->tag == GUMBO_TAG_PRE)
		w->in_pre++;
}

static void
leave(struct walk *w, const GumboElement *e)
{
	if (e->tag == GUMBO_TAG_A && w->in_link > 0)
		w->in_link--;
	if (e->tag == GUMBO_TAG_PRE && w->in_pre > 0)
		w->in_pre--;
	if (is_block_tag(e->tag))
		end_block(w);
}

/* Walk 2: the text of the subtree at root. @returns 0 or -ENOMEM. */
static int
walk_text(struct walk *w, const GumboNode *root)
{
	struct stack	st = { 0 };
	int		r = 0;

	if (push(&st, root) < 0)
		return -ENOMEM;
	enter(w, &root->v.element);
	while (st.n > 0) {
		struct frame		*f = &st.v[st.n - 1];
		const GumboVector	*kids = &f->node->v.element.children;
		const GumboNode		*k;

		if (f->next == kids->length) {
			leave(w, &f->node->v.element);
			st.n--;
			continue;
		}
		k = kids->data[f->next++];
		if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA ||
		    (k->type == GUMBO_NODE_WHITESPACE))
			add_text(w, k->v.text.text, strlen(k->v.text.text));
		else if ((k->type == GUMBO_NODE_ELEMENT || k->type == GUMBO_NODE_TEMPLATE) &&
		    !is_dropped(&k->v.element)) {
			enter(w, &k->v.element);
			if (k->v.element.tag != GUMBO_TAG_BR && (r = push(&st, k)) < 0)
				break;
		} else if (k->type == GUMBO_NODE_ELEMENT && ends_block_when_dropped(&k->v.element))
			end_block(w);
		else if (k->type == GUMBO_NODE_ELEMENT)
			w->space = 1;	/* a dropped inline element still separates words */
	}
	end_block(w);
	free(st.v);
	return r != 0 || w->out.oom || w->blk.oom ? -ENOMEM : 0;
}

/* The text of an element's text children (a <title>), whitespace collapsed. */
static char *
element_text(const GumboElement *e)
{
	struct walk	w = { 0 };

	for (size_t i = 0; i < e->children.length; i++) {
		const GumboNode *k = e->children.data[i];

		if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE)
			add_text(&w, k->v.text.text, strlen(k->v.text.text));
	}
	end_block(&w);
	free(w.blk.p);
	if (w.out.oom || w.out.len == 0) {
		free(w.out.p);
		return NULL;
	}
	return w.out.p;
}

static void
set_once(char **dst, const char *s, int *oom)
{
	if (*dst != NULL || s == NULL || *s == '\0')
		return;
	if ((*dst = strdup(s)) == NULL)
		*oom = 1;
}

/* What a <meta> or <link> in the page says about the article. */
static void
note_meta(struct html_doc *doc, const GumboElement *e, char **og_title, char **og_url, int *oom)
{
	static const char *const dates[] = {"article:published_time", "og:published_time",
	    "datepublished", "pubdate", "publishdate", "date", "dc.date", "dc.date.issued",
	    "dcterms.created", "sailthru.date"};
	const char *prop = attr(e, "property"), *name = attr(e, "name"),
	    *item = attr(e, "itemprop"), *content = attr(e, "content");

	if (e->tag == GUMBO_TAG_LINK) {
		const char *rel = attr(e, "rel");

		if (rel != NULL && strcasecmp(rel, "canonical") == 0)
			set_once(&doc->url, attr(e, "href"), oom);
		return;
	}
	if (item != NULL && strcasecmp(item, "datePublished") == 0)
		set_once(&doc->published, content != NULL ? content : attr(e, "datetime"), oom);
	if (e->tag != GUMBO_TAG_META || content == NULL)
		return;
	if (prop != NULL && strcasecmp(prop, "og:title") == 0)
		set_once(og_title, content, oom);
	if (prop != NULL && strcasecmp(prop, "og:url") == 0)
		set_once(og_url, content, oom);
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		if ((prop != NULL && strcasecmp(prop, dates[i]) == 0) ||
		    (name != NULL && strcasecmp(name, dates[i]) == 0))
			set_once(&doc->published, content, oom);
	}
}

/*
 * Walk 1: metadata, and the element whose text is the article: the
 * <article> with the most text, else the first <main>, else <body>.
 */
static int
survey(const GumboOutput *g, struct html_doc *doc, const GumboNode **ret_root)
{
	const GumboNode	*best = NULL, *main_el = NULL, *body = NULL;
	size_t		 best_len = 0;
	struct stack	 st = { 0 };
	char		*og_title = NULL, *og_url = NULL;
	int		 oom = 0;

	if (g->root->type == GUMBO_NODE_ELEMENT)
		set_once(&doc->lang, attr(&g->root->v.element, "lang"), &oom);
	if (push(&st, g->root) < 0)
		return -ENOMEM;
	while (st.n > 0 && !oom) {
		struct frame		*f = &st.v[st.n - 1];
		const GumboVector	*kids = &f->node->v.element.children;
		const GumboElement	*e;
		const GumboNode		*k;

		if (f->next == kids->length) {
			st.n--;
			continue;
		}
		k = kids->data[f->next++];
		if (k->type != GUMBO_NODE_ELEMENT)
			continue;
		e = &k->v.element;
		if (e->tag == GUMBO_TAG_TITLE && doc->title == NULL)
			doc->title = element_text(e);
		if (e->tag == GUMBO_TAG_META || e->tag == GUMBO_TAG_LINK || attr(e, "itemprop") != NULL)
			note_meta(doc, e, &og_title, &og_url, &oom);
		if (e->tag == GUMBO_TAG_BODY && body == NULL)
			body = k;
		if (e->tag == GUMBO_TAG_MAIN && main_el == NULL)
			main_el = k;
		if (e->tag == GUMBO_TAG_ARTICLE) {
			struct walk	w = { 0 };

			/* The article's own text, as walk 2 would keep it. */
			if (walk_text(&w, k) < 0)
				oom = 1;
			if (w.out.len > best_len) {
				best = k;
				best_len = w.out.len;
			}
			free(w.out.p);
			free(w.blk.p);
			continue;	/* nested articles are part of this one */
		}
		if (e->tag == GUMBO_TAG_SCRIPT || e->tag == GUMBO_TAG_STYLE)
			continue;
		if (push(&st, k) < 0)
			oom = 1;
	}
	free(st.v);
	if (doc->title == NULL && og_title != NULL) {
		doc->title = og_title;
		og_title = NULL;
	}
	if (doc->url == NULL && og_url != NULL) {
		doc->url = og_url;
		og_url = NULL;
	}
	free(og_title);
	free(og_url);
	*ret_root = best != NULL ? best : main_el != NULL ? main_el : body != NULL ? body : g->root;
	return oom ? -ENOMEM : 0;
}

/* The first occurrence of needle (lower case) in p[0, n), in any case, or NULL. */
static const char *
strcasestr_n(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (strncasecmp(p + i, needle, k) == 0)
			return p + i;
	return NULL;
}

/* Elements whose end tag may be left out, or that never have one: they do not nest. */
static int
is_unnested(const char *name, size_t n)
{
	static const char *const names[] = { "area", "base", "br", "col", "embed", "hr", "img",
	    "input", "link", "meta", "param", "source", "track", "wbr", "p", "li", "dt", "dd",
	    "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "thead", "tbody", "tfoot",
	    "colgroup", "caption", "html", "head", "body", "!doctype" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && strncasecmp(names[i], name, n) == 0)
			return 1;
	return 0;
}

/*
 * An estimate of how deep the page's elements nest, from its tags alone:
 * +1 for a start tag of an element that nests, -1 for an end tag. Comments
 * and the contents of script and style are skipped. Linear; stops counting
 * once past limit.
 */
static size_t
nesting(const char *p, size_t len, size_t limit)
{
	const char	*end = p + len;
	size_t		 depth = 0, max = 0;

	while (max <= limit && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		const char	*name, *gt;
		size_t		 n = 0;
		int		 close = 0;

		p++;
		if (end - p >= 3 && memcmp(p, "!--", 3) == 0) {
			const char *c = memmem(p, (size_t)(end - p), "-->", 3);

			p = c != NULL ? c + 3 : end;
			continue;
		}
		if (p < end && *p == '/') {
			close = 1;
			p++;
		}
		name = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '!' || *p == '-'))
			p++, n++;
		if (n == 0 || (gt = memchr(p, '>', (size_t)(end - p))) == NULL)
			continue;
		if (close) {
			depth -= depth > 0;
		} else if ((n == 6 && strncasecmp(name, "script", 6) == 0) ||
		    (n == 5 && strncasecmp(name, "style", 5) == 0)) {
			const char *c = strcasestr_n(gt, (size_t)(end - gt), name[1] == 'c' || name[1] == 'C' ?
			    "</script" : "</style");

			p = c != NULL ? c : end;
			continue;
		} else if (!is_unnested(name, n) && gt[-1] != '/' && ++depth > max) {
			max = depth;
		}
		p = gt + 1;
	}
	return max;
}

int
html_extract(const char *buf, size_t len, struct html_doc *out)
{
	struct html_doc	 doc = { 0 };
	struct walk	 w = { 0 };
	const GumboNode	*root;
	GumboOutput	*g;
	int		 r;

	/* gumbo's tree construction takes time quadratic in the nesting depth. */
	if (nesting(buf, len, HTML_MAX_DEPTH) > HTML_MAX_DEPTH)
		return -E2BIG;
	g = gumbo_parse_with_options(&kGumboDefaultOptions, buf, len);
	if (g == NULL)
		return -ENOMEM;
	if ((r = survey(g, &doc, &root)) == 0)
		r = walk_text(&w, root);
	gumbo_destroy_output(&kGumboDefaultOptions, g);
	free(w.blk.p);
	if (r == 0 && w.out.p == NULL)
		buf_add(&w.out, "", 0);
	if (r < 0 || w.out.oom) {
		free(w.out.p);
		html_doc_release(&doc);
		return -ENOMEM;
	}
	doc.text = w.out.p;
	doc.text_len = w.out.len;
	*out = doc;
	return 0;
}

void
html_doc_release(struct html_doc *doc)
{
	if (doc == NULL)
		return;
	free(doc->text);
	free(doc->title);
	free(doc->lang);
	free(doc->url);
	free(doc->published);
	memset(doc, 0, sizeof(*doc));
}

static int
starts_with_ci(const char *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && strncasecmp(p, prefix, k) == 0;
}

int
html_is_document(const char *text, size_t len)
{
	static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body"};
	size_t i = 0, closes = 0;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	for (size_t k = 0; k < sizeof(starts) / sizeof(starts[0]); k++)
		if (starts_with_ci(text + i, len - i, starts[k]))
			return 1;
	for (const char *p = text, *end = text + len; p < end && closes < 2; p++) {
		p = memchr(p, '<', (size_t)(end - p));
		if (p == NULL)
			break;
		if (starts_with_ci(p, (size_t)(end - p), "</p>") ||
		    starts_with_ci(p, (size_t)(end - p), "</div>"))
			closes++;
	}
	return closes >= 2;
}
