/*
 * extract: run the pipeline over one article.
 *
 * For each sentence: tokens, their lower-case forms (one buffer per
 * sentence, reused), event words, actor mentions, the clause structure,
 * then the coder. The article's memory (coref.h) carries names and
 * pronoun antecedents from one sentence to the next, so actors are found in
 * every sentence (a caption that introduces "Ryan C. Crocker, U.S.
 * Ambassador" has no event but names him); the clause analysis and the
 * coder run only where there is an event word (or an appeal or obligation
 * that needs no event word). When the lexicon carries them, the optional
 * stages run on the same sentences: the tagger (before the event words are
 * settled), the gazetteer (places_article() reads the whole article once;
 * the place a sentence's locative governs becomes its events' location,
 * and the dateline's place the location of events that state none), the tone lexicon (the sentence's tone on each of its events),
 * and the quotations of the whole article, whose speakers are resolved to
 * actors in the sentence that names them and which are attached to the
 * events of the sentences they overlap. All scratch memory belongs
 * to this call, so any number of threads may run it at once over one
 * shared lexicon. Work is linear in the article's length and capped by
 * EXTRACT_MAX_SENTENCES / EXTRACT_MAX_TOKENS.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "clause.h"
#include "array.h"
#include "coref.h"
#include "extract.h"
#include "places.h"
#include "pos.h"
#include "quotes.h"
#include "sentences.h"
#include "tone.h"
#include "text.h"
#include "verbs.h"

struct scratch {
	struct spanvec	 sents;
	struct sentences ss;		/* the sentences' tokens and words, made once */
	struct actorvec	 actors;
	struct verbvec	 verbs;
	struct clause	 clause;
	struct coref	*mem;
	uint8_t		*tags;
	size_t		 tagscap;
	uint32_t	*kinds;		/* ss.toks.n lexicon_word_kinds() masks */
	size_t		 kindscap;
	struct quotevec	 quotes;
	struct placevec	 places;	/* the article's places (places_article) */
	struct actor	*speaker;	/* quotes.n resolved speakers */
	uint8_t		*has_speaker;
	uint32_t	*by_speaker;	/* quote indices in the order of their speaker words */
};

static void
scratch_release(struct scratch *sc)
{
	spanvec_release(&sc->sents);
	sentences_release(&sc->ss);
	actorvec_release(&sc->actors);
	verbvec_release(&sc->verbs);
	clause_release(&sc->clause);
	coref_free(sc->mem);
	free(sc->tags);
	free(sc->kinds);
	quotevec_release(&sc->quotes);
	placevec_release(&sc->places);
	free(sc->speaker);
	free(sc->has_speaker);
	free(sc->by_speaker);
}

static int
speaker_cmp(const void *a, const void *b, void *arg)
{
	const struct quote	*q = arg;
	uint32_t		 x = q[*(const uint32_t *)a].speaker.start, y = q[*(const uint32_t *)b].speaker.start;

	return x < y ? -1 : x > y;
}

/*
 * Tag s when a tagger is loaded; only sentences that may hold an event are
 * tagged, as the tagger costs more than the rest of the pipeline.
 */
static int
tag_words(struct scratch *sc, const struct tagger *tg, struct sentence *s)
{
	if (tg == NULL)
		return 0;
	if (s->ntok > sc->tagscap) {
		free(sc->tags);
		if ((sc->tags = malloc(s->ntok)) == NULL) {
			sc->tagscap = 0;
			return -ENOMEM;
		}
		sc->tagscap = s->ntok;
	}
	(void)tagger_tag(tg, s, sc->tags);
	s->tags = sc->tags;
	return 0;
}

/* Fill s->kinds: the lexicon_word_kinds() of every word of s. */
static void
word_kinds(const struct lexicon *lx, struct scratch *sc, struct sentence *s)
{
	uint32_t *k = sc->kinds + (s->tok - sc->ss.toks.v);

	for (size_t i = 0; i < s->ntok; i++)
		k[i] = lexicon_word_kinds_at(lx, s, i);
	s->kinds = k;
}

/* Does some word of s begin an event word: a form of a patterned verb, or an event noun? */
static int
may_hold_event(const struct sentence *s)
{
	for (size_t i = 0; i < s->ntok; i++)
		if (s->kinds == NULL || (s->kinds[i] & ((1u << LEX_NOUN_EVENT) | LEX_WORD_VERB)))
			return 1;
	return 0;
}

/*
 * Sentences without event words may still hold an obligation in reported
 * speech ("X said Y must stop") or an appeal ("ordered X to appear").
 */
static int
coder_wanted(const struct lexicon *lx, const struct sentence *s)
{
	int to = 0;

	for (size_t i = 0; i < s->ntok; i++) {
		const char		*w = s->words[i];
		const struct lex_entry	*e;
		size_t			 n;

		/* An obligation of grammar.txt: "must", "need to", "needs to" by its lemma. */
		if (s->kinds == NULL || (s->kinds[i] & (1u << LEX_CONTROL))) {
			const char *l = lexicon_lemma(lx, w), *two[2] = { l, i + 1 < s->ntok ? s->words[i + 1] : "" };

			if (((e = lexicon_match_at(lx, LEX_CONTROL, s, i, &n)) != NULL ||
			    (l != NULL && (e = lexicon_match(lx, LEX_CONTROL, two, 2, &n)) != NULL)) &&
			    strcmp(e->code, "oblige") == 0)
				return 1;
		}
		to |= strcmp(w, "to") == 0;
	}
	if (!to)
		return 0;
	for (size_t i = 0; i < s->ntok; i++) {
		const char	*l;
		size_t		 n;

		if ((s->kinds != NULL && !(s->kinds[i] & (1u << LEX_OBJCONTROL))) || !(s->tok[i].flags & TOK_WORD))
			continue;
		if ((l = lexicon_lemma(lx, s->words[i])) != NULL && lexicon_match(lx, LEX_OBJCONTROL, &l, 1, &n) != NULL)
			return 1;
	}
	return 0;
}

/* The actor that the speaker words of quotation q name, found in sentence s. */
static void
resolve_speaker(struct scratch *sc, const struct sentence *s, size_t q)
{
	const struct span	 sp = sc->quotes.v[q].speaker;
	const struct actor	*m = NULL;

	for (size_t k = 0; k < sc->actors.n && m == NULL; k++) {
		const struct actor *a = &sc->actors.v[k];

		if (a->text.start < sp.end && sp.start < a->text.end && actor_resolved(a))
			m = a;
	}
	if (m == NULL) {
		char	w[8];
		size_t	n = sp.end - sp.start;

		for (size_t i = 0; i < n && i + 1 < sizeof(w); i++)
			w[i] = (char)(s->text[sp.start + i] | 0x20);
		w[n < sizeof(w) ? n : sizeof(w) - 1] = '\0';
		if (strcmp(w, "he") == 0 || strcmp(w, "she") == 0)
			m = coref_pronoun(sc->mem, COREF_PERSON);
		else if (strcmp(w, "we") == 0)
			m = coref_pronoun(sc->mem, COREF_SPEAKER);
		else if (strcmp(w, "they") == 0 || strcmp(w, "it") == 0)
			m = coref_pronoun(sc->mem, COREF_GROUP);
		else
			m = coref_name(sc->mem, s->text, sp.start, sp.end);
	}
	if (m != NULL) {
		if (m->text.start == sp.start && m->text.end == sp.end)
			sc->speaker[q] = *m;
		else
			actor_refer(&sc->speaker[q], m, sp);	/* "he", "we": its antecedent's words */
		sc->has_speaker[q] = 1;
	}
}

/* Give each event the quotations that overlap its sentence. */
static void
attach_quotes(const struct scratch *sc, struct eventvec *out)
{
	for (size_t i = 0; i < out->n; i++) {
		struct event *e = &out->v[i];

		for (size_t q = 0; q < sc->quotes.n && e->nquotes < EVENT_MAX_QUOTES; q++) {
			const struct quote *qt = &sc->quotes.v[q];

			if (qt->text.start >= e->sentence.end || qt->text.end <= e->sentence.start)
				continue;
			e->quotes[e->nquotes].text = qt->text;
			e->quotes[e->nquotes].has_speaker = sc->has_speaker[q];
			if (sc->has_speaker[q])
				e->quotes[e->nquotes].speaker = sc->speaker[q];
			e->nquotes++;
		}
	}
}

/*
 * The bytes of e's whole pattern ("send ... aid") in window s: from its
 * first to its last token. An event of a governing word alone has no
 * pattern tokens; its span is its verb's.
 */
static void
pattern_span(const struct sentence *s, struct event *e)
{
	const struct verb_match *m = &e->verb;

	e->pattern_span = e->verb_span;
	if ((m->pattern != NULL || m->noun != NULL) && m->tok < m->tok_end && m->tok_end <= s->ntok &&
	    s->tok[m->tok].start == e->verb_span.start)
		e->pattern_span = (struct span){ s->tok[m->tok].start, s->tok[m->tok_end - 1].end };
}

#define WINDOW_MAX	128	/* tokens the coder sees at once */

/*
 * How many tokens of s, from off, to code as one window: all that remain if
 * they fit, else up to WINDOW_MAX, cut after the last clause punctuation
 * when there is some in the second half.
 */
static size_t
window_len(const struct sentence *s, size_t off)
{
	size_t n = s->ntok - off;

	if (n <= WINDOW_MAX + WINDOW_MAX / 4)
		return n;
	for (size_t k = WINDOW_MAX; k > WINDOW_MAX / 2; k--) {
		const char *w = s->words[off + k - 1];

		if (strcmp(w, ",") == 0 || strcmp(w, ";") == 0 || strcmp(w, ":") == 0)
			return k;
	}
	return WINDOW_MAX;
}

/*
 * Code one window of a sentence: event words, tags, actors, the speakers of
 * quotations named in it, then the clause structure, place, coder and tone.
 * *q walks the quotations in the order of their speakers.
 */
static int
code_window(const struct lexicon *lx, const struct article *a, struct scratch *sc, struct sentence *s,
    const struct tone_acc *whole, size_t *q, struct eventvec *out)
{
	const struct gazetteer		*gaz = lexicon_gazetteer(lx);
	const struct tone_lexicon	*tl = lexicon_tone(lx);
	const struct tagger		*tg = lexicon_tagger(lx);
	struct place			 place;
	size_t				 first = out->n;
	uint32_t			 end = s->tok[s->ntok - 1].end;
	int				 wanted, has_place = 0, r;

	/* The tagger runs where a word may be an event word ("granted a full
	 * pardon": a verb form the word rules alone would read as a noun). */
	wanted = may_hold_event(s) || coder_wanted(lx, s);
	if (wanted && tg != NULL && (r = tag_words(sc, tg, s)) < 0)
		return r;
	if ((r = verbs_find(lx, s, &sc->verbs)) < 0)
		return r;
	wanted = sc->verbs.n > 0 || (wanted && coder_wanted(lx, s));
	if ((r = actors_find_placed(lx, s, sc->mem, gaz != NULL ? &sc->places : NULL, &sc->actors)) < 0)
		return r;
	for (; *q < sc->quotes.n && sc->quotes.v[sc->by_speaker[*q]].speaker.start < end; (*q)++) {
		const struct quote *qt = &sc->quotes.v[sc->by_speaker[*q]];

		if (qt->speaker.end > qt->speaker.start && qt->speaker.start >= s->tok[0].start)
			resolve_speaker(sc, s, sc->by_speaker[*q]);
	}
	if (sc->actors.n > 0 && wanted) {
		if (gaz != NULL)
			has_place = places_event_location(&sc->places, s->span, &place);
		if ((r = clause_analyse(&sc->clause, lx, s, &sc->actors, &sc->verbs)) < 0 ||
		    (r = coder_sentence(lx, s, &sc->actors, &sc->verbs, &sc->clause, sc->mem,
		    has_place ? &place : NULL, &a->date, out)) < 0)
			return r;
		for (size_t k = first; k < out->n; k++)
			pattern_span(s, &out->v[k]);
		/* The dateline is where the story was filed: the last resort, and said so. */
		for (size_t k = first; k < out->n && gaz != NULL; k++)
			if (!out->v[k].has_location && places_dateline(&sc->places, &out->v[k].location))
				out->v[k].has_location = 1;
		if (tl != NULL && out->n > first) {
			struct tone_acc	scored = { 0 };
			double		t;

			/* The window's tone: the sentence's, scored once, when it is the whole sentence. */
			if (whole != NULL)
				scored = *whole;
			else
				tone_add(&scored, tl, s);
			t = tone_article(&scored);	/* the same formula as tone_sentence() */
			/* A sentence without a scored word has no tone: null, not a neutral 0. */
			for (size_t k = first; k < out->n && scored.hits > 0; k++) {
				out->v[k].tone = t;
				out->v[k].has_tone = 1;
			}
		}
	}
	for (size_t k = 0; k < sc->actors.n; k++)
		coref_note_mention(sc->mem, a->text, &sc->actors.v[k]);
	return 0;
}

/*
 * Where the headline ends in a's text: a plain-text article's first line,
 * when a blank line or more text follows it. A JSON article's title is a
 * field of its own, never part of the text, and so is an HTML page's
 * (its <title>), so none ends in their text.
 * @returns the byte offset, 0 when the text has no headline.
 */
static uint32_t
headline_end(const struct article *a)
{
	const char *nl, *end = a->text + a->text_len;

	if (a->format != ARTICLE_TEXT || a->from_html || a->title == NULL || a->title[0] == '\0' ||
	    (nl = memchr(a->text, '\n', a->text_len)) == NULL)
		return 0;
	/* A lone line ends in a newline ("echo 'Iran met Iraq.' | newsevents
	 * extract"): with nothing after it, it is the text, not a headline. */
	for (const char *p = nl; p < end; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return (uint32_t)(nl - a->text);
	return 0;
}

int
extract_article(const struct lexicon *lx, const struct article *a, struct eventvec *out,
    enum reason *reterr_reason, char *errbuf, size_t errbufsz)
{
	const struct tone_lexicon	*tl = lexicon_tone(lx);
	struct tone_acc			 tacc = { 0 }, sacc = { 0 };
	struct scratch			 sc = { 0 };
	uint32_t			 headline;
	int				 r;

	out->n = 0;
	if ((sc.mem = coref_new()) == NULL) {
		r = -ENOMEM;
		goto done;
	}
	if ((r = text_sentences(a->text, a->text_len, &sc.sents)) < 0)
		goto done;
	if (sc.sents.n > EXTRACT_MAX_SENTENCES) {
		*reterr_reason = REASON_EXTRACT_LIMIT;
		snprintf(errbuf, errbufsz, "%zu sentences, more than the limit of %d", sc.sents.n,
		    EXTRACT_MAX_SENTENCES);
		r = -EBADMSG;
		goto done;
	}
	if ((r = sentences_build(&sc.ss, a->text, sc.sents.v, sc.sents.n)) < 0)
		goto done;
	if (sc.ss.toks.n > EXTRACT_MAX_TOKENS) {
		*reterr_reason = REASON_EXTRACT_LIMIT;
		snprintf(errbuf, errbufsz, "%zu tokens, more than the limit of %d", sc.ss.toks.n,
		    EXTRACT_MAX_TOKENS);
		r = -EBADMSG;
		goto done;
	}
	if ((r = array_grow(&sc.kinds, &sc.kindscap, sc.ss.toks.n, sizeof(*sc.kinds))) < 0)
		goto done;
	if ((r = quotes_find(a->text, a->text_len, &sc.sents, &sc.quotes)) < 0)
		goto done;
	if (lexicon_gazetteer(lx) != NULL &&
	    (r = places_article(lexicon_gazetteer(lx), sc.ss.v, sc.ss.n, &sc.places)) < 0)
		goto done;
	if (sc.quotes.n > 0 && ((sc.speaker = calloc(sc.quotes.n, sizeof(*sc.speaker))) == NULL ||
	    (sc.has_speaker = calloc(sc.quotes.n, 1)) == NULL ||
	    (sc.by_speaker = malloc(sc.quotes.n * sizeof(*sc.by_speaker))) == NULL)) {
		r = -ENOMEM;
		goto done;
	}
	for (size_t q = 0; q < sc.quotes.n; q++)
		sc.by_speaker[q] = (uint32_t)q;
	if (sc.quotes.n > 1)
		qsort_r(sc.by_speaker, sc.quotes.n, sizeof(*sc.by_speaker), speaker_cmp, sc.quotes.v);
	headline = headline_end(a);
	for (size_t i = 0, q = 0; i < sc.ss.n; i++) {
		struct sentence s = sc.ss.v[i];

		/* Headlines are not coded (README, "Headlines"): the body reports
		 * their event again, in full sentences. */
		if (s.span.end <= headline || s.ntok == 0)
			continue;
		word_kinds(lx, &sc, &s);
		if (tl != NULL) {
			/* Every sentence counts for the article's tone; scored once,
			 * for the article and for the sentence's events. */
			sacc = (struct tone_acc){ 0 };
			tone_add(&sacc, tl, &s);
			tone_acc_merge(&tacc, &sacc);
		}
		/* A very long "sentence" is coded in windows, so that the coder's
		 * work stays linear in the article's length. */
		for (size_t off = 0; off < s.ntok;) {
			struct sentence	w = s;
			size_t		n = window_len(&s, off);

			w.tok = s.tok + off;
			w.ntok = n;
			w.words = s.words + off;
			w.kinds = s.kinds + off;
			w.lens = s.lens != NULL ? s.lens + off : NULL;
			w.hashes = s.hashes != NULL ? s.hashes + off : NULL;
			/* A record quotes its window of a run-on sentence, not all of it. */
			if (n < s.ntok)
				w.span = (struct span){ w.tok[0].start, w.tok[n - 1].end };
			if ((r = code_window(lx, a, &sc, &w, tl != NULL && n == s.ntok ? &sacc : NULL, &q,
			    out)) < 0)
				goto done;
			off += n;
		}
	}
	attach_quotes(&sc, out);
	if (tl != NULL) {
		double t = tone_article(&tacc);

		for (size_t k = 0; k < out->n; k++) {
			out->v[k].article_tone = t;
			out->v[k].has_article_tone = 1;
		}
	}
	r = 0;
done:
	scratch_release(&sc);
	if (r == -ENOMEM)
		snprintf(errbuf, errbufsz, "out of memory");
	return r;
}
