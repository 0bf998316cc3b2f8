/*
 * bench_html: the two HTML parsers Debian offers for html.c, measured on the
 * same pages. gumbo (libgumbo, HTML5 tree construction) through html_extract
 * itself, and libxml2's HTML parser (htmlReadMemory, HTML 4 rules) with an
 * equivalent text walk (skip script/style, count text bytes), so the figures
 * compare parsing, not our walk. Reported, never asserted.
 *
 *   bench_html [PAGE.html...]    (default: tests/fixtures/input/page-*.html; arguments
 *                                 not ending in .html are ignored, as make bench passes
 *                                 every bench the same ones)
 *
 * Pages: each given page, the same page grown to ~1 MB by repeating its
 * article paragraphs, and nested <div>s 500 and 2000 deep (how each parser
 * copes with depth; html.c refuses pages nested deeper than HTML_MAX_DEPTH).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "html.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
xml_text(xmlNode *n)
{
	size_t total = 0;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE && n->content != NULL)
			total += strlen((const char *)n->content);
		else if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "script") != 0 &&
		    strcmp((const char *)n->name, "style") != 0)
			total += xml_text(n->children);
	}
	return total;
}

static void
measure(const char *label, const char *page, size_t len)
{
	int	reps = len > 500000 ? 5 : len > 50000 ? 50 : 500;
	double	t0, tg, tx;
	size_t	gtext = 0, xtext = 0;
	int	grc = 0;

	t0 = now();
	for (int i = 0; i < reps; i++) {
		struct html_doc d = { 0 };

		grc = html_extract(page, len, &d);
		gtext = grc == 0 ? d.text_len : 0;
		if (grc == 0)
			html_doc_release(&d);
	}
	tg = (now() - t0) / reps;
	t0 = now();
	for (int i = 0; i < reps; i++) {
		htmlDocPtr doc = htmlReadMemory(page, (int)len, NULL, "UTF-8",
		    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);

		xtext = doc != NULL ? xml_text(xmlDocGetRootElement(doc)) : 0;
		xmlFreeDoc(doc);
	}
	tx = (now() - t0) / reps;
	printf("%-28s %9zu B  gumbo+walk %8.3f ms %7.1f MB/s (rc %d, %zu B text)  libxml2 %8.3f ms %7.1f MB/s (%zu B text)\n",
	    label, len, tg * 1e3, (double)len / tg / 1e6, grc, gtext, tx * 1e3, (double)len / tx / 1e6,
	    xtext);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp = fopen(path, "rb");
	char	*buf;
	long	 n;

	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0)
		return NULL;
	rewind(fp);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* The page with its body repeated until it is about target bytes. */
static char *
grow(const char *page, size_t len, size_t target, size_t *ret_len)
{
	const char	*b = strstr(page, "<body"), *e = strstr(page, "</body>");
	size_t		 head, body, n = 0;
	char		*out;

	if (b == NULL || e == NULL || e <= b)
		return NULL;
	head = (size_t)(b - page);
	body = (size_t)(e - b);
	out = malloc(target + len + body + 1);
	memcpy(out, page, head);
	n = head;
	while (n < target) {
		memcpy(out + n, b, body);
		n += body;
	}
	memcpy(out + n, e, len - (size_t)(e - page));
	n += len - (size_t)(e - page);
	out[n] = '\0';
	*ret_len = n;
	return out;
}

static void
deep(size_t depth)
{
	char	 label[64];
	char	*p = malloc(depth * 5 + 16), *q = p;

	for (size_t i = 0; i < depth; i++, q += 5)
		memcpy(q, "<div>", 5);
	strcpy(q, "deep text");
	snprintf(label, sizeof(label), "%zu nested divs", depth);
	measure(label, p, strlen(p));
	free(p);
}

int
main(int argc, char **argv)
{
	static const char *const defaults[] = { "tests/fixtures/input/page-footer.html",
	    "tests/fixtures/input/page-tokyo.html" };
	const char *pages[64];
	int n = 0;

	for (int i = 1; i < argc && n < 64; i++)
		if (strlen(argv[i]) > 5 && strcmp(argv[i] + strlen(argv[i]) - 5, ".html") == 0)
			pages[n++] = argv[i];
	if (n == 0)
		for (n = 0; n < 2; n++)
			pages[n] = defaults[n];

	for (int i = 0; i < n; i++) {
		size_t	 len, big_len;
		char	*page = slurp(pages[i], &len), *big;
		const char *base = strrchr(pages[i], '/') ? strrchr(pages[i], '/') + 1 : pages[i];
		char	 label[96];

		if (page == NULL) {
			fprintf(stderr, "bench_html: %s: cannot read\n", pages[i]);
			return 1;
		}
		measure(base, page, len);
		if ((big = grow(page, len, 1u << 20, &big_len)) != NULL) {
			snprintf(label, sizeof(label), "%s x 1 MB", base);
			measure(label, big, big_len);
			free(big);
		}
		free(page);
	}
	deep(500);
	deep(2000);
	return 0;
}
