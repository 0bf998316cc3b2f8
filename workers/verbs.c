/*
 * verbs: find event verbs and nominal events in one sentence.
 *
 * Without a part-of-speech tagger (yet), a word whose lemma has patterns is
 * taken as a verb unless its neighbours say it is a noun or a subordinate
 * form: after a determiner or possessive ("the meeting", "Iran's support"),
 * capitalised in mid-sentence (a name), a gerund after a preposition
 * ("accused Iran of supporting"), or an infinitive after "to" ("agreed to
 * support"; the governing verb carries the event). Each verb then tries its
 * patterns, longest first; every further word of a pattern must follow the
 * previous one within a few tokens and without crossing a clause mark.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "verbs.h"

#define PATTERN_GAP	6	/* tokens a pattern word may lie after the previous one */

static const char *const determiners[] = {
	"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
	"our", "my", "your", "'s", "'", "first", "further", "another", "any", "no", "some",
	"each", "every", "such", "new", "second", "last", "next", NULL
};

static const char *const prepositions[] = {
	"of", "for", "by", "in", "on", "at", "from", "with", "without", "about", "after",
	"before", "against", "into", "over", "through", "despite", NULL
};

static const char *const be_forms[] = {
	"is", "are", "was", "were", "be", "been", "being", "'s", NULL
};

static const char *const negators[] = {
	"not", "n't", "never", "no", "neither", "nor", NULL
};

static const char *const refusals[] = {
	"refuse", "refused", "refuses", "refusing", "decline", "declined", "declines",
	"fail", "failed", "fails", NULL
};

void
verbvec_release(struct verbvec *vv)
{
	if (vv == NULL)
		return;
	free(vv->v);
	vv->v = NULL;
	vv->n = vv->cap = 0;
}

static int
in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

static int
ends_with(const char *w, const char *suf)
{
	size_t n = strlen(w), m = strlen(suf);

	return n > m && strcmp(w + n - m, suf) == 0;
}

static int
clause_mark(const struct sentence *s, size_t i)
{
	const char *w = s->words[i];

	return (s->tok[i].flags & TOK_QUOTE) || strcmp(w, ",") == 0 || strcmp(w, ";") == 0 ||
	    strcmp(w, ":") == 0 || strcmp(w, "(") == 0 || strcmp(w, ")") == 0;
}

/* Does the word at i, whose lemma has patterns, stand as a verb here? */
static int
verb_position(const struct sentence *s, size_t i)
{
	const char *prev = i > 0 ? s->words[i - 1] : NULL;

	if ((s->tok[i].flags & TOK_CAP) && !(s->tok[i].flags & TOK_SENT_START))
		return 0;
	if (prev == NULL)
		return 1;
	if (in_list(prev, determiners))
		return 0;
	if (ends_with(s->words[i], "ing") && in_list(prev, prepositions))
		return 0;
	if (strcmp(prev, "to") == 0 && i >= 2 && !in_list(s->words[i - 2], be_forms))
		return 0;
	return 1;
}

/*
 * Match the further words of pattern p after token i.
 * @returns one past the last matched token, or 0 if the pattern does not match.
 */
static size_t
match_pattern(const struct sentence *s, size_t i, const struct verb_pattern *p)
{
	size_t pos = i + 1;

	for (uint32_t k = 0; k < p->nwords; k++) {
		size_t t, lim = pos + PATTERN_GAP;

		for (t = pos; t < s->ntok && t < lim; t++) {
			if (strcmp(s->words[t], p->words[k]) == 0)
				break;
			if (clause_mark(s, t))
				return 0;
		}
		if (t >= s->ntok || t >= lim)
			return 0;
		pos = t + 1;
	}
	return pos;
}

/* Passive: a form of "be" (and perhaps an adverb) before a participle. */
static int
is_passive(const struct sentence *s, size_t i)
{
	const char *w = s->words[i];

	if (!ends_with(w, "ed") && !ends_with(w, "en") && !ends_with(w, "wn") && !ends_with(w, "t"))
		return 0;
	for (size_t k = 1; k <= 2 && k <= i; k++) {
		const char *p = s->words[i - k];

		if (in_list(p, be_forms))
			return 1;
		if (!ends_with(p, "ly") && strcmp(p, "also") != 0 && strcmp(p, "reportedly") != 0)
			return 0;
	}
	return 0;
}

static int
is_negated(const struct sentence *s, size_t i)
{
	for (size_t k = 1; k <= 3 && k <= i; k++) {
		const char *p = s->words[i - k];

		if (in_list(p, negators) || ends_with(p, "n't"))
			return 1;
		if (strcmp(p, "to") == 0 && k + 1 <= i && in_list(s->words[i - k - 1], refusals))
			return 1;
		if (clause_mark(s, i - k))
			return 0;
	}
	return 0;
}

static int
push(struct verbvec *out, const struct verb_match *m)
{
	if (out->n == out->cap) {
		size_t	 ncap = out->cap ? out->cap * 2 : 8;
		void	*p = realloc(out->v, ncap * sizeof(*out->v));

		if (p == NULL)
			return -ENOMEM;
		out->v = p;
		out->cap = ncap;
	}
	out->v[out->n++] = *m;
	return 0;
}

/*
 * Is a noun event at i the object of the verb matched before it ("rejected
 * China's demands")? Then the verb's code already says what happened.
 */
static int
object_of_verb(const struct sentence *s, const struct verbvec *vv, size_t i)
{
	const struct verb_match *v;

	if (vv->n == 0)
		return 0;
	v = &vv->v[vv->n - 1];
	if (v->noun != NULL || i < v->tok_end || i - v->tok_end > 3)
		return 0;
	for (size_t t = v->tok_end; t < i; t++)
		if (clause_mark(s, t))
			return 0;
	return 1;
}

int
verbs_find(const struct lexicon *lx, const struct sentence *s, struct verbvec *out)
{
	size_t covered = 0;	/* tokens before this belong to a matched pattern */

	out->n = 0;
	for (size_t i = 0; i < s->ntok; i++) {
		struct verb_match		 m = { 0 };
		const struct lex_entry		*noun;
		const struct verb_pattern	*pats;
		const char			*lemma;
		size_t				 npats, n, end;
		int				 r;

		if (!(s->tok[i].flags & TOK_WORD) || i < covered)
			continue;
		if ((noun = lexicon_match(lx, LEX_NOUN_EVENT, s->words + i, s->ntok - i, &n)) != NULL) {
			if (object_of_verb(s, out, i)) {
				i += n - 1;
				continue;
			}
			m.tok = (uint32_t)i;
			m.tok_end = (uint32_t)(i + n);
			m.code = noun->code;
			m.noun = noun;
			m.negated = is_negated(s, i);
			if ((r = push(out, &m)) < 0)
				return r;
			i += n - 1;
			continue;
		}
		if ((lemma = lexicon_verb_lemma(lx, s->words[i])) == NULL || !verb_position(s, i))
			continue;
		pats = lexicon_verb_patterns(lx, lemma, &npats);
		for (size_t k = 0; k < npats; k++) {
			if ((end = match_pattern(s, i, &pats[k])) == 0)
				continue;
			m.tok = (uint32_t)i;
			m.tok_end = (uint32_t)end;
			m.code = pats[k].code;
			m.lemma = lemma;
			m.pattern = &pats[k];
			m.passive = is_passive(s, i);
			m.negated = is_negated(s, i);
			if ((r = push(out, &m)) < 0)
				return r;
			covered = end;
			break;
		}
	}
	return 0;
}
