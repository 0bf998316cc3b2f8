/*
 * html: the article text of an HTML page.
 *
 * The page is parsed by gumbo (Debian's libgumbo, an HTML5 parser that
 * builds the tree a browser builds, whatever the markup's faults), and the
 * text is taken from the article's part of it: the <article> element with
 * the most text when the page has one, else <main>, else <body>. Inside it:
 *   - the headline (<h1>: a headline is not coded, as with plain text; the
 *     title comes from <title>), script, style, noscript, template, nav,
 *     header, footer, aside, form, iframe, svg, math, button, select,
 *     textarea and elements with a
 *     boilerplate ARIA role (navigation, banner, contentinfo, complementary,
 *     search, menu), "hidden" or aria-hidden="true" are dropped, with all
 *     they contain;
 *   - block elements (p, div, h1-h6, li, td, blockquote, section, ...) end a
 *     block, and blocks are separated by a blank line, which ends a sentence;
 *     <br> is a line break;
 *   - a block more than half of whose non-space characters are link text
 *     ("Related: <a>Russia attacks Ukraine again</a>", menus, tag lists) is
 *     dropped;
 *   - character references are decoded and runs of white space are one
 *     space, except inside <pre>.
 * Record offsets then refer to this text, not to the HTML.
 */
#ifndef NE_HTML_H
#define NE_HTML_H

#include <stddef.h>

/* What a page gives; every string owned, NUL-terminated UTF-8, NULL if absent. */
struct html_doc {
	char	*text;		/* the article text (never NULL after success; may be "") */
	size_t	 text_len;
	char	*title;		/* <title>, else og:title */
	char	*lang;		/* <html lang="..."> */
	char	*url;		/* <link rel="canonical">, else og:url */
	char	*published;	/* article:published_time, itemprop=datePublished, ... */
};

#define HTML_MAX_DEPTH	512	/* elements nested deeper: the page is refused (as browsers cap it too) */

/*
 * Extract the article text of the HTML buf[0, len) (UTF-8; ill-formed bytes
 * become U+FFFD, as gumbo reads them).
 * @returns 0 and fills *out (release with html_doc_release); -E2BIG for a
 * page whose elements nest deeper than HTML_MAX_DEPTH (counted from its
 * tags, elements with optional end tags not counted); or -ENOMEM.
 * @locality any thread; pure.
 */
int	html_extract(const char *buf, size_t len, struct html_doc *out);

/* Free what doc owns and zero it. NULL-safe, idempotent. */
void	html_doc_release(struct html_doc *doc);

/*
 * Whether text that came in a text field is clearly an HTML document rather
 * than prose: after white space (and a byte order mark) it begins with
 * "<!doctype html", "<html", "<head" or "<body" (any case), or it holds at
 * least two closing paragraph or block tags ("</p>", "</div>").
 * @returns 1 or 0. @locality any thread; pure.
 */
int	html_is_document(const char *text, size_t len);

#endif /* NE_HTML_H */
