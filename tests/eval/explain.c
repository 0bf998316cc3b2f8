/*
 * explain: show what each coder stage sees in a text, for people tuning the
 * coder. Not installed; built by `make explain` into $(B)/eval/explain.
 *
 *   build/eval/explain build/lexicon "Police arrested three protesters in Delhi."
 *   echo "text" | build/eval/explain build/lexicon
 *
 * Per sentence: every token with its part-of-speech tag and clause flags,
 * the event words (code and pattern), the actor mentions (code, text), the
 * reporting frames; then the records extract_article() makes of the whole
 * text, one line each.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "article.h"
#include "clause.h"
#include "extract.h"
#include "lexicon.h"
#include "pos.h"
#include "text.h"
#include "verbs.h"

static char *
read_all(FILE *f, size_t *ret_len)
{
	size_t	 cap = 4096, n = 0, k;
	char	*buf = malloc(cap);

	while (buf != NULL && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 == cap) {
			char *p = realloc(buf, cap * 2);

			if (p == NULL) {
				free(buf);
				return NULL;
			}
			buf = p;
			cap *= 2;
		}
	}
	if (buf != NULL)
		buf[n] = '\0';
	*ret_len = n;
	return buf;
}

static void
print_actor(const char *text, const struct actor *a)
{
	printf("%s%s \"%.*s\"", a->code[0] ? a->code : "-", a->by_context ? "(ctx)" : "",
	    (int)(a->text.end - a->text.start), text + a->text.start);
}

static void
explain_sentence(const struct lexicon *lx, const char *text, struct span sp, size_t index)
{
	struct tokvec	 toks = { 0 };
	struct actorvec	 av = { 0 };
	struct verbvec	 vv = { 0 };
	struct clause	 cl = { 0 };
	struct sentence	 s = { .text = text, .span = sp, .index = (uint32_t)index };
	char		*lower = NULL, **words = NULL;
	uint8_t		*tags = NULL;
	uint32_t	*kinds = NULL;
	size_t		 pos = 0;

	if (text_tokens(text, sp, &toks) < 0 || toks.n == 0)
		goto out;
	s.tok = toks.v;
	s.ntok = toks.n;
	lower = malloc(sp.end - sp.start + toks.n + 1);
	words = calloc(toks.n, sizeof(*words));
	tags = calloc(toks.n, 1);
	kinds = calloc(toks.n, sizeof(*kinds));
	if (lower == NULL || words == NULL || tags == NULL || kinds == NULL)
		goto out;
	for (size_t i = 0; i < toks.n; i++) {
		size_t n = text_lower(text, &toks.v[i], lower + pos, sp.end - sp.start + toks.n + 1 - pos);

		words[i] = lower + pos;
		kinds[i] = lexicon_word_kinds(lx, words[i]);
		pos += n + 1;
	}
	s.words = (const char *const *)words;
	s.kinds = kinds;
	if (lexicon_tagger(lx) != NULL) {
		(void)tagger_tag(lexicon_tagger(lx), &s, tags);
		s.tags = tags;
	}
	if (verbs_find(lx, &s, &vv) < 0 || actors_find(lx, &s, NULL, &av) < 0 ||
	    clause_analyse(&cl, lx, &s, &av, &vv) < 0)
		goto out;
	printf("[%zu] ", index);
	for (size_t i = 0; i < s.ntok; i++) {
		uint8_t f = cl.flag[i];

		printf("%s/%s%s%s%s%s%s ", words[i], s.tags ? pos_name(s.tags[i]) : "?",
		    f & CL_ATTR ? "@A" : "", f & CL_SUB ? "@S" : "", f & CL_BOUND ? "@|" : "",
		    f & CL_SAYVERB ? "@SAY" : "", f & CL_REL ? "@R" : "");
	}
	printf("\n");
	for (size_t i = 0; i < vv.n; i++) {
		const struct verb_match *m = &vv.v[i];

		printf("  event %s [%u,%u) %s%s%s%s\n", m->code, m->tok, m->tok_end,
		    m->pattern ? m->pattern->text : m->noun ? m->noun->phrase : "?",
		    m->passive ? " passive" : "", m->reduced ? " reduced" : "", m->negated ? " negated" : "");
	}
	for (size_t i = 0; i < av.n; i++) {
		printf("  actor [%u,%u) ", av.v[i].tok_start, av.v[i].tok_end);
		print_actor(text, &av.v[i]);
		printf("%s\n", av.v[i].compound_next >= 0 ? " +and" : "");
	}
	for (size_t i = 0; i < cl.nsay; i++)
		printf("  say verb %u content [%u,%u)%s\n", cl.say[i].verb, cl.say[i].content_start,
		    cl.say[i].content_end, cl.say[i].trailing ? " trailing" : "");
out:
	tokvec_release(&toks);
	actorvec_release(&av);
	verbvec_release(&vv);
	clause_release(&cl);
	free(lower);
	free(words);
	free(tags);
	free(kinds);
}

int
main(int argc, char **argv)
{
	struct lexicon	*lx = NULL;
	struct spanvec	 sents = { 0 };
	struct eventvec	 ev = { 0 };
	struct article	 a;
	enum reason	 why;
	char		 err[512], *text;
	size_t		 len;
	int		 r;

	if (argc < 2) {
		fprintf(stderr, "usage: explain LEXICON_DIR [TEXT]\n");
		return 64;
	}
	if ((r = lexicon_load(argv[1], &lx, err, sizeof(err))) < 0) {
		fprintf(stderr, "explain: %s\n", err);
		return 78;
	}
	if (argc > 2) {
		text = strdup(argv[2]);
		len = strlen(argv[2]);
	} else
		text = read_all(stdin, &len);
	if (text == NULL)
		return 71;
	if (text_sentences(text, len, &sents) < 0)
		return 71;
	for (size_t i = 0; i < sents.n; i++)
		explain_sentence(lx, text, sents.v[i], i);
	memset(&a, 0, sizeof(a));
	a.text = text;
	a.text_len = len;
	a.id = (char *)(uintptr_t)"explain";
	if (extract_article(lx, &a, &ev, &why, err, sizeof(err)) < 0) {
		fprintf(stderr, "explain: %s\n", err);
		return 65;
	}
	for (size_t i = 0; i < ev.n; i++) {
		const struct event *e = &ev.v[i];

		printf("=> %s ", e->cameo->code);
		print_actor(text, &e->source);
		printf(" -> ");
		if (e->has_target)
			print_actor(text, &e->target);
		else
			printf("-");
		printf("  verb \"%.*s\" pattern %s\n", (int)(e->verb_span.end - e->verb_span.start),
		    text + e->verb_span.start, e->verb.pattern ? e->verb.pattern->text :
		    e->verb.noun ? e->verb.noun->phrase : "?");
	}
	eventvec_release(&ev);
	spanvec_release(&sents);
	free(text);
	lexicon_unref(lx);
	return 0;
}
