/*
 * verbs: find event verbs and nominal events in one sentence.
 *
 * Without a part-of-speech tagger (yet), a word whose lemma has patterns is
 * taken as a verb unless its neighbours say it is a noun or a subordinate
 * form: after a determiner or possessive ("the meeting", "Iran's support"),
 * capitalised in mid-sentence (a name), a gerund after a preposition
 * other than "by" and "after" ("accused Iran of supporting"), or an infinitive after "to" ("agreed to
 * support"; the governing verb carries the event). Each verb then tries its
 * patterns, longest first; every further word of a pattern must follow the
 * previous one within a few tokens and without crossing a clause mark.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pos.h"
#include "verbs.h"

#define PATTERN_GAP	6	/* tokens a pattern word may lie after the previous one */

static const char *const determiners[] = {
	"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her",
	"our", "my", "your", "'s", "'", "first", "further", "another", "any", "no", "some",
	"each", "every", "such", "new", "second", "last", "next", NULL
};

/* Determiners that are also adverbs before a verb ("first opened", "further strained"). */
static const char *const adverb_ordinals[] = {
	"first", "further", "last", "next", NULL
};

static const char *const prepositions[] = {
	"of", "for", "by", "in", "on", "at", "from", "with", "without", "about", "after",
	"before", "against", "into", "over", "through", "despite", NULL
};

/* Pattern words that take the verb's object ("call on", "meet with"), not particles ("hand over"). */
static const char *const object_prepositions[] = {
	"on", "upon", "with", "to", "from", "in", NULL
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
clause_mark(const struct sentence *s, size_t i)
{
	const char *w = s->words[i];

	return (s->tok[i].flags & TOK_QUOTE) || strcmp(w, ",") == 0 || strcmp(w, ";") == 0 ||
	    strcmp(w, ":") == 0 || strcmp(w, "(") == 0 || strcmp(w, ")") == 0;
}

/*
 * A comma between two modifiers of one noun: "approved a zero-interest,
 * $118.2-million loan", "a long, costly war". It ends no clause.
 */
static int
adjective_comma(const struct sentence *s, size_t i)
{
	uint8_t q;

	if (s->tags == NULL || i == 0 || i + 1 >= s->ntok || strcmp(s->words[i], ",") != 0 ||
	    s->tags[i - 1] != POS_JJ)
		return 0;
	q = s->tags[i + 1];
	return q == POS_JJ || q == POS_CD || strcmp(s->words[i + 1], "$") == 0;
}

/*
 * A verb form the tagger reads as a noun, as the object of a light verb:
 * "provide support", "staged rallies". It is kept as an event word; the
 * coder gives it the light verb's subject.
 */
static int
light_object(const struct lexicon *lx, const struct sentence *s, size_t i)
{
	size_t n;

	/* "completed a public offering": an -ing noun is a thing done, not the verb's act */
	if (word_ends_with(s->words[i], "ing"))
		return 0;

	for (size_t k = 1; k <= 3 && k <= i; k++) {
		uint8_t		 t = s->tags[i - k];
		const char	*lem;

		if (pos_is_verb(t)) {
			if ((lem = lexicon_lemma(lx, s->words[i - k])) == NULL)
				return 0;
			return lexicon_match(lx, LEX_LIGHT, &lem, 1, &n) != NULL;
		}
		if (!pos_is_adj(t) && t != POS_DT && t != POS_PRPS && t != POS_CD)
			return 0;
	}
	return 0;
}

/*
 * After a determiner, the event noun of a light verb: "made an offer to
 * Iraq", "issued a demand to". The word is the lemma or its plural, and a
 * preposition follows it ("made your loans non-performing", "an agreed
 * surcharge", "an offering of notes" are none).
 */
static int
light_noun(const struct lexicon *lx, const struct sentence *s, size_t i, const char *lemma)
{
	const char	*w = s->words[i];
	size_t		 n = strlen(lemma);

	if (s->tags == NULL || i + 1 >= s->ntok || (s->tags[i + 1] != POS_IN && s->tags[i + 1] != POS_TO))
		return 0;
	if (strcmp(w, lemma) != 0 && !(strncmp(w, lemma, n) == 0 && strcmp(w + n, "s") == 0))
		return 0;
	return light_object(lx, s, i);
}

/*
 * The present tense the tagger reads as a noun, in headlines and leads:
 * "Syrian forces clash with rioters", "Russia attacks Georgia". A base or
 * -s form right after a plural or proper noun, with a preposition, a
 * determiner or a name after it, is a verb.
 */
static int
present_after_subject(const struct sentence *s, size_t i, const char *lemma)
{
	const char	*w = s->words[i];
	size_t		 n = strlen(lemma);
	uint8_t		 p, q;

	if (i == 0 || i + 1 >= s->ntok || (strcmp(w, lemma) != 0 &&
	    !(strncmp(w, lemma, n) == 0 && (strcmp(w + n, "s") == 0 || strcmp(w + n, "es") == 0))))
		return 0;
	p = s->tags[i - 1];
	q = s->tags[i + 1];
	/* "forces clash" (a plural subject, the plain form), "Russia attacks" (a name, the -s form) */
	if (!(p == POS_NNS && strcmp(w, lemma) == 0) && !((p == POS_NNP || p == POS_NNPS) && strcmp(w, lemma) != 0))
		return 0;
	return q == POS_IN || q == POS_DT || q == POS_NNP || q == POS_PRPS || q == POS_CD;
}

/*
 * A past form the tagger reads as a noun or an adjective because its model
 * never saw it: "Iran forgave Iraq", "Rebels overran the town", "Boko Haram
 * abducted 200 girls". An inflected form of the pattern's lemma other than
 * -s and -ing, right after a name, a plural or a pronoun, with a
 * determiner, a name, a possessive, a number or "more than" after it, is a
 * verb.
 */
static int
past_after_subject(const struct sentence *s, size_t i, const char *lemma)
{
	const char	*w = s->words[i];
	uint8_t		 p, q;

	if (i == 0 || i + 1 >= s->ntok || strcmp(w, lemma) == 0 || word_ends_with(w, "ing") ||
	    (s->tags[i] != POS_NN && s->tags[i] != POS_JJ) || (s->tok[i].flags & TOK_CAP))
		return 0;
	if (strncmp(w, lemma, strlen(lemma)) == 0 && (strcmp(w + strlen(lemma), "s") == 0 ||
	    strcmp(w + strlen(lemma), "es") == 0))
		return 0;
	p = s->tags[i - 1];
	q = s->tags[i + 1];
	if (p != POS_NNP && p != POS_NNPS && p != POS_NNS && p != POS_PRP)
		return 0;
	/* "abducted more than 200 schoolgirls": an amount's "more than" */
	if (q == POS_JJR && i + 2 < s->ntok && sentence_word_is(s, i + 1, "more") && sentence_word_is(s, i + 2, "than"))
		return 1;
	return q == POS_DT || q == POS_NNP || q == POS_NNPS || q == POS_PRPS || q == POS_CD;
}

/*
 * The progressive the tagger reads as an adjective: "the IDF is currently
 * striking targets", "troops were shelling the town". An -ing form after a
 * form of "be" (adverbs between) with a noun phrase after it is a verb.
 */
static int
progressive_read_as_adjective(const struct sentence *s, size_t i)
{
	size_t	k = i;
	uint8_t	q;

	if (s->tags[i] != POS_JJ || !word_ends_with(s->words[i], "ing") || i + 1 >= s->ntok)
		return 0;
	while (k > 0 && (s->tags[k - 1] == POS_RB))
		k--;
	if (k == 0 || i - k > 2 || !word_in_list(s->words[k - 1], be_forms))
		return 0;
	q = s->tags[i + 1];
	return q == POS_DT || q == POS_PRPS || q == POS_CD || pos_is_noun(q) || pos_is_adj(q);
}

/*
 * Is s written in title case, as headlines are ("U.S. Lifts Travel Ban On
 * Cuba")? Every word of four letters or more is capitalised, there are at
 * least three of them, and at most half of them are all capitals.
 */
static int
title_case(const struct sentence *s)
{
	size_t n = 0, caps = 0;

	for (size_t i = 0; i < s->ntok; i++) {
		if (!(s->tok[i].flags & TOK_WORD) || s->tok[i].end - s->tok[i].start < 4)
			continue;
		if (!(s->tok[i].flags & TOK_CAP))
			return 0;
		n++;
		caps += (s->tok[i].flags & TOK_ALLCAP) != 0;
	}
	/* not a line in capitals ("NC SOYBEANS, APRIL, 24 OVER MAY OFFERED") */
	return n >= 3 && caps * 2 <= n;
}

/*
 * Does the word at i, whose lemma is lemma and has patterns, stand as a verb
 * here? A capital in mid-sentence is a name's, except in a title-case
 * sentence (headline) where the tagger reads the word as a verb.
 */
static int
verb_position(const struct lexicon *lx, const struct sentence *s, size_t i, const char *lemma, int headline)
{
	const char *prev = i > 0 ? s->words[i - 1] : NULL;

	if ((s->tok[i].flags & TOK_CAP) && !(s->tok[i].flags & TOK_SENT_START) &&
	    !(headline && s->tags != NULL && pos_is_verb(s->tags[i])))
		return 0;
	/* With a tagger, its reading decides, except that after a modal or "to" a
	 * base form is a verb ("would blockade" is often read as a noun); the
	 * word rules below stand in for the tagger when there is none. */
	if (s->tags != NULL && !pos_is_verb(s->tags[i]) &&
	    !(prev != NULL && (s->tags[i - 1] == POS_MD || s->tags[i - 1] == POS_TO) &&
	    strcmp(s->words[i], lemma) == 0) && !light_object(lx, s, i) && !present_after_subject(s, i, lemma) &&
	    !past_after_subject(s, i, lemma) &&
	    !progressive_read_as_adjective(s, i))
		return 0;
	if (prev == NULL)
		return 1;
	/* "the attack", "its first visit"; but "Lithuania first opened": an
	 * ordinal read as an adverb before a finite verb. */
	if ((word_in_list(prev, determiners) || (s->tok[i - 1].flags & TOK_POSS)) &&
	    !(s->tags != NULL && (s->tags[i] == POS_VBD || s->tags[i] == POS_VBZ) && word_in_list(prev, adverb_ordinals)) &&
	    !light_noun(lx, s, i, lemma))
		return 0;
	/* "accused Iran of supporting": the governing word carries the event; but
	 * "responded by expelling two diplomats" names the means, and "withdrew
	 * after attacking Iraq" an earlier act: acts of their own. */
	if (word_ends_with(s->words[i], "ing") && word_in_list(prev, prepositions) && strcmp(prev, "by") != 0 && strcmp(prev, "after") != 0)
		return 0;
	/* After "to" only the base form is a verb ("to attack"; "to attacks" is a noun). */
	if (strcmp(prev, "to") == 0 && strcmp(s->words[i], lemma) != 0)
		return 0;
	return 1;
}

/*
 * A gap may not run past a noun and its preposition: "stepped up attacks
 * on Afghan security forces" is not "step up security". "of" does not
 * end the noun phrase ("returned dozens of artifacts"). t is the gap's
 * token; first, the gap's first.
 */
static int
noun_then_preposition(const struct lexicon *lx, const struct sentence *s, size_t first, size_t t)
{
	size_t n;

	if (t == first || s->tags == NULL || (s->tags[t] != POS_IN && s->tags[t] != POS_TO))
		return 0;
	/* "of" stays inside the noun phrase: "returned dozens of artifacts", and
	 * so does an amount's "in": "approved 100 million euros in aid". */
	if (strcmp(s->words[t], "of") == 0 || sentence_amount_in(s, t))
		return 0;
	/* "provided Iraq with weapons", "supplied the rebels with arms": "with"
	 * after a named recipient, or one a role or people word names, leads
	 * to what is given. */
	if (strcmp(s->words[t], "with") == 0 && (((s->tok[t - 1].flags & TOK_CAP) &&
	    !(s->tok[t - 1].flags & TOK_SENT_START)) ||
	    (lexicon_match_at(lx, LEX_ROLE, s, t - 1, &n) != NULL && n == 1) ||
	    (lexicon_match_at(lx, LEX_DEMONYM, s, t - 1, &n) != NULL && n == 1)))
		return 0;
	return pos_is_noun(s->tags[t - 1]);
}

/* Is a the regular plural of b ("agreements", "treaties", "crashes" of "agreement", "treaty", "crash")? */
static int
plural_of(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la < 3 || lb < 2 || strncmp(a, b, lb - 1) != 0)
		return 0;
	if (la == lb + 1 && a[la - 1] == 's' && b[lb - 1] != 's' && strncmp(a, b, lb) == 0)
		return 1;
	if (la == lb + 2 && strcmp(a + lb, "es") == 0 && strncmp(a, b, lb) == 0)
		return b[lb - 1] == 's' || b[lb - 1] == 'x' || b[lb - 1] == 'h' || b[lb - 1] == 'z';
	return la == lb + 2 && b[lb - 1] == 'y' && strcmp(a + lb - 1, "ies") == 0;
}

/* Does token t fill word k of pattern p: the word itself, or a word of its class? */
static int
word_fits(const struct lexicon *lx, const struct sentence *s, size_t t, const struct verb_pattern *p,
    uint32_t k)
{
	int c = p->wclass[k];

	if (c < 0) {
		if (s->words[t][0] != p->words[k][0])
			return 0;
		if (strcmp(s->words[t], p->words[k]) == 0)
			return 1;
		/* The plural of a noun of the pattern: "signed treaties" is "sign
		 * treaty". Not the singular of a plural: "agree to demands" is no
		 * "agreed to stimulate demand". */
		return (s->tags == NULL || pos_is_noun(s->tags[t])) && plural_of(s->words[t], p->words[k]);
	}
	if (c == LEX_CLASS_NAME)	/* "{name}": a person's name in mid-sentence, not a month */
		return (s->tok[t].flags & TOK_CAP) && (s->tok[t].flags & TOK_WORD) &&
		    !(s->tok[t].flags & TOK_SENT_START) && (s->tags == NULL || s->tags[t] == POS_NNP) &&
		    t + 1 < s->ntok && (s->tok[t + 1].flags & TOK_CAP) && !sentence_calendar_word(s->words[t]);
	/* A class word is a noun: "impose a ban", not "ban imports"; an amount
	 * read as a number is one too ("contributed $46 million"). */
	if (s->tags != NULL && !pos_is_noun(s->tags[t]) && s->tags[t] != POS_CD)
		return 0;
	return (lexicon_word_classes(lx, s->words[t]) >> c) & 1;
}

/*
 * Match the further words of pattern p after token i.
 * @returns one past the last matched token, or 0 if the pattern does not match.
 */
static size_t
match_pattern(const struct lexicon *lx, const struct sentence *s, size_t i, const struct verb_pattern *p,
    struct verb_match *m)
{
	size_t pos = i + 1;

	m->nwords = 0;
	for (uint32_t k = 0; k < p->nwords; k++) {
		int	 after_to = k > 0 && p->wclass[k - 1] < 0 && strcmp(p->words[k - 1], "to") == 0;
		size_t	 t, lim = pos + PATTERN_GAP;

		for (t = pos; t < s->ntok && t < lim; t++) {
			if (word_fits(lx, s, t, p, k)) {
				/* "called President Zawde on Friday" is no "call on":
				 * a preposition after a noun in the gap is the noun's,
				 * unless the pattern names a noun after it ("took the
				 * newspaper to court" is "take to court"; "agreed a loan
				 * to meet" is no "agree to meet"). */
				if (p->wclass[k] < 0 && (k + 1 == p->nwords || (s->tags != NULL && t + 1 < s->ntok &&
				    !pos_is_noun(s->tags[t + 1]) && s->tags[t + 1] != POS_DT)) &&
				    word_in_list(p->words[k], object_prepositions) &&
				    noun_then_preposition(lx, s, pos, t) && !sentence_time_word(s->words[t - 1]))
					return 0;
				break;
			}
			if ((clause_mark(s, t) && !adjective_comma(s, t)) || noun_then_preposition(lx, s, pos, t))
				return 0;
		}
		if (t >= s->ntok || t >= lim)
			return 0;
		/* A verb after "to" follows it, past an adverb at most: "promised
		 * to hold free elections" is no "promise to free"; a noun may stand
		 * further ("agreed to US mediation"), any other word not. */
		if (after_to && s->tags != NULL && t > pos && (pos_is_verb(s->tags[t]) ?
		    t > pos + 1 || s->tags[pos] != POS_RB : !pos_is_noun(s->tags[t])))
			return 0;
		if (m->nwords < VERB_MAX_WORDS && t - i <= UINT8_MAX)
			m->words[m->nwords++] = (uint8_t)(t - i);
		pos = t + 1;
	}
	return pos;
}

/*
 * Does a forward match of a passive verb at i, ending at end, reach past its
 * agent's "by"? "vessels were released by the Revolutionary Guards" does not
 * release the guards.
 */
static int
past_agent(const struct sentence *s, size_t i, size_t end)
{
	for (size_t t = i + 1; t < end && t < s->ntok; t++)
		if (strcmp(s->words[t], "by") == 0)
			return 1;
	return 0;
}

/* Drop the noun events of out that cover token t. */
static void
drop_noun_at(struct verbvec *out, size_t t)
{
	size_t k = 0;

	for (size_t j = 0; j < out->n; j++)
		if (out->v[j].noun == NULL || t < out->v[j].tok || t >= out->v[j].tok_end)
			out->v[k++] = out->v[j];
	out->n = k;
}

/*
 * The noun that the prepositional phrase ending at noun t follows ("sanctions"
 * of "sanctions against Iran"), over at most four words of the phrase's own
 * noun phrase: @returns its token, or -1.
 */
static long
head_before_phrase(const struct sentence *s, size_t t)
{
	size_t u = t;

	while (u > 0 && t - u < 4 && (pos_is_noun(s->tags[u]) || pos_is_adj(s->tags[u]) ||
	    s->tags[u] == POS_DT || s->tags[u] == POS_CD))
		u--;
	if (u == 0 || u == t || (s->tags[u] != POS_IN && s->tags[u] != POS_TO) || strcmp(s->words[u], "of") == 0 ||
	    strcmp(s->words[u], "by") == 0 || !pos_is_noun(s->tags[u - 1]))
		return -1;
	return (long)u - 1;
}

/*
 * A passive verb's object is its subject: "political prisoners have been
 * released by rebels" is "release prisoners". The pattern's last word may
 * lie in the few tokens before the verb (back to a clause mark), as the
 * head of its subject, tagged a noun; its other words follow the verb as
 * usual ("suspects were handed over" is "hand over suspects").
 * @returns the end of the match as match_pattern() does, or 0.
 */
static size_t
match_passive(const struct lexicon *lx, const struct sentence *s, size_t i, const struct verb_pattern *p,
    struct verb_match *m, size_t *ret_subject)
{
	struct verb_pattern	head = *p;
	size_t			end = i + 1;

	if (p->nwords == 0 || s->tags == NULL)
		return 0;
	head.nwords = p->nwords - 1;
	if (head.nwords > 0 && (end = match_pattern(lx, s, i, &head, m)) == 0)
		return 0;
	if (head.nwords == 0)
		m->nwords = 0;
	for (size_t back = 1; back <= PATTERN_GAP && back <= i; back++) {
		size_t t = i - back;

		if (clause_mark(s, t))
			return 0;
		/* The subject's head: the last noun before the verb and its auxiliaries,
		 * or the noun before its prepositional phrase ("sanctions against
		 * Iran were lifted", "the curfew in Baghdad was lifted"). */
		if (pos_is_noun(s->tags[t])) {
			long h = head_before_phrase(s, t);

			if (word_fits(lx, s, t, p, p->nwords - 1))
				*ret_subject = t;
			else if (h >= 0 && word_fits(lx, s, (size_t)h, p, p->nwords - 1))
				*ret_subject = (size_t)h;
			else
				return 0;
			return end;
		}
	}
	return 0;
}

/* Passive: a form of "be" (and perhaps an adverb) before a participle. */
static int
is_passive(const struct sentence *s, size_t i)
{
	const char *w = s->words[i];

	if (!word_ends_with(w, "ed") && !word_ends_with(w, "en") && !word_ends_with(w, "wn") && !word_ends_with(w, "t"))
		return 0;
	/* "were killed or wounded": the second participle shares the first one's voice. */
	if (i >= 2 && (strcmp(s->words[i - 1], "or") == 0 || strcmp(s->words[i - 1], "and") == 0) &&
	    is_passive(s, i - 2))
		return 1;
	/* "a lunch hosted by the ambassador": a participle with its agent. */
	if (i + 1 < s->ntok && strcmp(s->words[i + 1], "by") == 0 && i > 0 &&
	    !word_in_list(s->words[i - 1], be_forms) && !(s->tok[i - 1].flags & TOK_CAP))
		return 1;
	for (size_t k = 1; k <= 2 && k <= i; k++) {
		const char *p = s->words[i - k];

		if (word_in_list(p, be_forms))
			return 1;
		if (!word_ends_with(p, "ly") && strcmp(p, "also") != 0 && strcmp(p, "reportedly") != 0)
			return 0;
	}
	return 0;
}

/* Words after which a participle is not a modifier of a noun. */
static const char *const clause_words[] = {
	"and", "or", "but", "to", "not", "also", "was", "were", "is", "are", "be", "been", "being",
	"has", "have", "had", "will", "would", "he", "she", "it", "they", "we", "i", "who", "which",
	"that", "then", "after", "before", "while", "by", "without", "of", "for", "in", "on", "still",
	"again", "already", "now", "just", "even", "further", "never", "then", "jointly", NULL
};

/*
 * A participle that modifies the noun before it: "a resolution censuring",
 * "demonstrators protesting", "a lunch hosted by". A past participle counts
 * only with its "by" (else "the government accused" would be one).
 */
static int
is_reduced(const struct sentence *s, size_t i)
{
	const char *w = s->words[i], *p;

	if (i == 0 || !(s->tok[i - 1].flags & TOK_WORD) || (s->tok[i - 1].flags & TOK_NUMBER))
		return 0;
	p = s->words[i - 1];
	if (s->tags != NULL) {
		/* A participle right after a noun, with no auxiliary: "officials accused of". */
		if (!pos_is_noun(s->tags[i - 1]) || word_in_list(p, be_forms))
			return 0;
		if (s->tags[i] == POS_VBG)
			return 1;
		/* The tagger often reads "a lunch hosted by" as a past tense. */
		return (s->tags[i] == POS_VBN || (s->tags[i] == POS_VBD && i + 1 < s->ntok &&
		    strcmp(s->words[i + 1], "by") == 0)) && !(s->tok[i - 1].flags & TOK_CAP);
	}
	if (word_in_list(p, clause_words) || word_in_list(p, be_forms) || word_ends_with(p, "ly"))
		return 0;
	if (word_ends_with(w, "ing"))
		return 1;
	return i + 1 < s->ntok && strcmp(s->words[i + 1], "by") == 0 && !(s->tok[i - 1].flags & TOK_CAP);
}

/*
 * A verb form that is a noun here: "a U.S. request", "North Korea's
 * consistent demand", "a fresh offer": a base or -s form after a
 * determiner or possessive, with at most two names or adjectives between.
 */
static int
noun_use(const struct lexicon *lx, const struct sentence *s, size_t i, const char *lemma)
{
	const char	*w = s->words[i];
	size_t		 n = strlen(lemma);

	if (strcmp(w, lemma) != 0 && !(strncmp(w, lemma, n) == 0 && strcmp(w + n, "s") == 0))
		return 0;
	if (s->tags != NULL)
		return 0;	/* verb_position has asked the tagger */
	int caps = 0;

	for (size_t k = 1; k <= 3 && k <= i; k++) {
		const char *p = s->words[i - k];

		/* "The United States accuses": after "the", names make a subject. */
		if ((strcmp(p, "the") == 0 || strcmp(p, "this") == 0 || strcmp(p, "that") == 0) && caps)
			return 0;
		if (word_in_list(p, determiners) || (s->tok[i - k].flags & TOK_POSS))
			return 1;
		caps |= (s->tok[i - k].flags & TOK_CAP) != 0;
		size_t rn;

		if (!(s->tok[i - k].flags & TOK_WORD) || word_in_list(p, clause_words) || word_in_list(p, be_forms) ||
		    word_in_list(p, prepositions))
			return 0;
		/* "Burundi's government grant": a head noun between makes this its verb. */
		if (lexicon_match(lx, LEX_ROLE, s->words + i - k, 1, &rn) != NULL)
			return 0;
	}
	return 0;
}

static int
is_negated(const struct sentence *s, size_t i)
{
	for (size_t k = 1; k <= 3 && k <= i; k++) {
		const char *p = s->words[i - k];

		if (word_in_list(p, negators) || word_ends_with(p, "n't"))
			return 1;
		if (strcmp(p, "to") == 0 && k + 1 <= i && word_in_list(s->words[i - k - 1], refusals))
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
	/* "announced fresh sanctions": a statement is what the noun says it is. */
	if (v->code[0] == '0' && v->code[1] == '1')
		return 0;
	for (size_t t = v->tok_end; t < i; t++)
		if (clause_mark(s, t) || strcmp(s->words[t], "to") == 0)
			return 0;
	return 1;
}

/*
 * A phrasal verb's particle after its object: "handed the prisoners over" is
 * "hand over {person}", "rounded the protesters up" "round up". Pattern p's
 * first further word, a particle, is matched after its other words.
 * @returns the end of the match as match_pattern() does, or 0.
 */
static size_t
match_particle_after(const struct lexicon *lx, const struct sentence *s, size_t i, const struct verb_pattern *p,
    struct verb_match *m)
{
	static const char *const particles[] = { "over", "up", "down", "off", "out", "back", "away", NULL };
	const char		*words[VERB_MAX_WORDS];
	int8_t			 wclass[VERB_MAX_WORDS];
	struct verb_pattern	 r = *p;

	if (p->nwords < 2 || p->nwords > VERB_MAX_WORDS || p->wclass[0] >= 0 ||
	    !word_in_list(p->words[0], particles))
		return 0;
	for (uint32_t k = 1; k < p->nwords; k++) {
		words[k - 1] = p->words[k];
		wclass[k - 1] = p->wclass[k];
	}
	words[p->nwords - 1] = p->words[0];
	wclass[p->nwords - 1] = -1;
	r.words = words;
	r.wclass = wclass;
	return match_pattern(lx, s, i, &r, m);
}

int
verbs_find(const struct lexicon *lx, const struct sentence *s, struct verbvec *out)
{
	size_t	covered = 0;	/* tokens before this belong to a matched pattern */
	int	headline = title_case(s);

	out->n = 0;
	for (size_t i = 0; i < s->ntok; i++) {
		struct verb_match		 m = { 0 };
		const struct lex_entry		*noun;
		const struct verb_pattern	*pats;
		const char			*lemma;
		const char			*form_of;
		size_t				 npats, n, end, subject;
		int				 r, passive, other;

		if (!(s->tok[i].flags & TOK_WORD) || i < covered)
			continue;
		/* "heart attack", "price war": an event word inside a phrase that is none. */
		if ((s->kinds == NULL || (s->kinds[i] & (1u << LEX_NOTEVENT))) &&
		    lexicon_match(lx, LEX_NOTEVENT, s->words + i, s->ntok - i, &n) != NULL) {
			covered = i + n;
			continue;
		}
		if (s->kinds != NULL && !(s->kinds[i] & ((1u << LEX_NOUN_EVENT) | LEX_WORD_VERB)))
			continue;	/* begins no event word: skip the lookups */
		/* A word the tagger reads as a verb ("to attack") is looked up as one,
		 * unless no verb has that form ("test-fired" is in the noun table). */
		if ((s->tags == NULL || !pos_is_verb(s->tags[i]) || lexicon_verb_lemma(lx, s->words[i]) == NULL) &&
		    (s->kinds == NULL || (s->kinds[i] & (1u << LEX_NOUN_EVENT))) &&
		    (noun = lexicon_match(lx, LEX_NOUN_EVENT, s->words + i, s->ntok - i, &n)) != NULL) {
			size_t rn;

			/* "invasion forces", "peacekeeping troops": the noun only qualifies the next. */
			if (object_of_verb(s, out, i) || (i + n < s->ntok &&
			    lexicon_match(lx, LEX_ROLE, s->words + i + n, s->ntok - i - n, &rn) != NULL)) {
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
		if ((s->kinds != NULL && !(s->kinds[i] & LEX_WORD_VERB)) ||
		    (lemma = lexicon_verb_lemma(lx, s->words[i])) == NULL || !verb_position(lx, s, i, lemma, headline) ||
		    noun_use(lx, s, i, lemma))
			continue;
		pats = lexicon_verb_patterns(lx, lemma, &npats);
		passive = is_passive(s, i);
		/* A form of another verb read as a lemma of its own ("lay" of "lie",
		 * "wound" of "wind") is that verb only with further pattern words:
		 * "lay down weapons", not "wound up". */
		other = strcmp(s->words[i], lemma) == 0 && (form_of = lexicon_lemma(lx, s->words[i])) != NULL &&
		    strcmp(form_of, lemma) != 0;
		for (size_t k = 0; k < npats; k++) {
			if (other && pats[k].nwords == 0)
				continue;
			subject = SIZE_MAX;
			if (((end = match_pattern(lx, s, i, &pats[k], &m)) == 0 || (passive && past_agent(s, i, end))) &&
			    (!passive || (end = match_passive(lx, s, i, &pats[k], &m, &subject)) == 0) &&
			    (passive || (end = match_particle_after(lx, s, i, &pats[k], &m)) == 0))
				continue;
			if (strcmp(pats[k].code, "-") == 0) {
				covered = end;	/* "fight inflation": no event */
				break;
			}
			m.tok = (uint32_t)i;
			m.tok_end = (uint32_t)end;
			m.code = pats[k].code;
			m.lemma = lemma;
			m.pattern = &pats[k];
			m.passive = passive;
			m.reduced = is_reduced(s, i);
			m.negated = is_negated(s, i);
			/* "UN sanctions against Iran were lifted": the subject's noun is
			 * what the passive acts on, no event of its own. */
			if (subject != SIZE_MAX)
				drop_noun_at(out, subject);
			if ((r = push(out, &m)) < 0)
				return r;
			covered = end;
			break;
		}
	}
	return 0;
}
