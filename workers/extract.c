/*
 * extract: run the pipeline over one article.
 *
 * For each sentence: tokens, their lower-case forms (one buffer per
 * sentence, reused), actor mentions, event words, then the coder. All
 * scratch memory belongs to this call, so any number of threads may run it
 * at once over one shared lexicon. Work is linear in the article's length and
 * capped by EXTRACT_MAX_SENTENCES / EXTRACT_MAX_TOKENS.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "extract.h"
#include "text.h"
#include "verbs.h"

struct scratch {
	struct spanvec	 sents;
	struct tokvec	 toks;
	struct actorvec	 actors;
	struct verbvec	 verbs;
	char		*lower;		/* NUL-separated lower-case tokens */
	size_t		 lowercap;
	const char	**words;
	size_t		 wordscap;
};

static void
scratch_release(struct scratch *sc)
{
	spanvec_release(&sc->sents);
	tokvec_release(&sc->toks);
	actorvec_release(&sc->actors);
	verbvec_release(&sc->verbs);
	free(sc->lower);
	free(sc->words);
}

/* Fill s->words with the lower-case form of every token of s. */
static int
lower_words(struct scratch *sc, struct sentence *s)
{
	size_t need = (size_t)(s->span.end - s->span.start) + s->ntok + 1, pos = 0;

	if (need > sc->lowercap) {
		free(sc->lower);
		if ((sc->lower = malloc(need)) == NULL) {
			sc->lowercap = 0;
			return -ENOMEM;
		}
		sc->lowercap = need;
	}
	if (s->ntok > sc->wordscap) {
		free(sc->words);
		if ((sc->words = malloc(s->ntok * sizeof(*sc->words))) == NULL) {
			sc->wordscap = 0;
			return -ENOMEM;
		}
		sc->wordscap = s->ntok;
	}
	for (size_t i = 0; i < s->ntok; i++) {
		size_t n = text_lower(s->text, &s->tok[i], sc->lower + pos, sc->lowercap - pos);

		sc->words[i] = sc->lower + pos;
		pos += n + 1;
	}
	s->words = sc->words;
	return 0;
}

int
extract_article(const struct lexicon *lx, const struct article *a, struct eventvec *out,
    enum reason *reterr_reason, char *errbuf, size_t errbufsz)
{
	struct scratch	sc = { 0 };
	size_t		ntokens = 0;
	int		r;

	out->n = 0;
	if ((r = text_sentences(a->text, a->text_len, &sc.sents)) < 0)
		goto done;
	if (sc.sents.n > EXTRACT_MAX_SENTENCES) {
		*reterr_reason = REASON_EXTRACT_LIMIT;
		snprintf(errbuf, errbufsz, "%zu sentences, more than the limit of %d", sc.sents.n,
		    EXTRACT_MAX_SENTENCES);
		r = -EBADMSG;
		goto done;
	}
	for (size_t i = 0; i < sc.sents.n; i++) {
		struct sentence s = { .text = a->text, .span = sc.sents.v[i], .index = (uint32_t)i };

		sc.toks.n = 0;
		if ((r = text_tokens(a->text, s.span, &sc.toks)) < 0)
			goto done;
		ntokens += sc.toks.n;
		if (ntokens > EXTRACT_MAX_TOKENS) {
			*reterr_reason = REASON_EXTRACT_LIMIT;
			snprintf(errbuf, errbufsz, "more than %d tokens", EXTRACT_MAX_TOKENS);
			r = -EBADMSG;
			goto done;
		}
		s.tok = sc.toks.v;
		s.ntok = sc.toks.n;
		if (s.ntok == 0)
			continue;
		if ((r = lower_words(&sc, &s)) < 0 ||
		    (r = verbs_find(lx, &s, &sc.verbs)) < 0)
			goto done;
		if (sc.verbs.n == 0)
			continue;	/* no event word: actors need not be looked for */
		if ((r = actors_find(lx, &s, &sc.actors)) < 0 ||
		    (r = coder_sentence(lx, &s, &sc.actors, &sc.verbs, &a->date, out)) < 0)
			goto done;
	}
	r = 0;
done:
	scratch_release(&sc);
	if (r == -ENOMEM)
		snprintf(errbuf, errbufsz, "out of memory");
	return r;
}
