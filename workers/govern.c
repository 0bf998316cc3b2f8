/*
 * govern: walk from an event word to what governs it; recode.
 *
 * The walk is bounded: at most GOV_MAX_WALK steps, each looking at a few
 * tokens (a control phrase of up to four words, an addressee of up to eight),
 * so its cost per event word is a constant. See govern.h for the rules.
 */
#include <string.h>

#include "govern.h"
#include "pos.h"

#define GOV_MAX_WALK	10

static const char *const mode_names[] = {
	[GOV_NONE] = NULL, [GOV_PASS] = NULL, [GOV_INTENT] = "intent", [GOV_THREAT] = "threat",
	[GOV_REFUSE] = "refuse", [GOV_OBLIGE] = "demand", [GOV_APPEAL] = "appeal", [GOV_DEMAND] = "demand",
	[GOV_PERMIT] = "permit",
};


enum gov_mode
govern_mode(const struct lex_entry *e)
{
	static const struct {
		const char	*name;
		enum gov_mode	 m;
	} t[] = {
		{ "intent", GOV_INTENT }, { "threat", GOV_THREAT }, { "refuse", GOV_REFUSE },
		{ "oblige", GOV_OBLIGE }, { "pass", GOV_PASS }, { "appeal", GOV_APPEAL }, { "demand", GOV_DEMAND },
		{ "permit", GOV_PERMIT },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(e->code, t[i].name) == 0)
			return t[i].m;
	return GOV_NONE;
}

void
govern_combine(struct gov *g, const struct lex_entry *e)
{
	enum gov_mode m = govern_mode(e);

	if (g->ngrammar < GOV_MAX_GRAMMAR)
		g->grammar[g->ngrammar++] = e;
	switch (m) {
	case GOV_APPEAL:
	case GOV_DEMAND:
	case GOV_OBLIGE:
	case GOV_PERMIT:
		g->mode = m;
		break;
	case GOV_REFUSE:
		if (g->mode != GOV_APPEAL && g->mode != GOV_DEMAND && g->mode != GOV_OBLIGE && g->mode != GOV_PERMIT)
			g->mode = GOV_REFUSE;
		break;
	case GOV_THREAT:
		if (g->mode == GOV_NONE || g->mode == GOV_PASS || g->mode == GOV_INTENT)
			g->mode = GOV_THREAT;
		break;
	case GOV_INTENT:
		if (g->mode == GOV_NONE || g->mode == GOV_PASS)
			g->mode = GOV_INTENT;
		break;
	case GOV_PASS:
	case GOV_NONE:
		break;
	}
}

/* Mark the event words starting at token t as consumed by a governor. */
static void
consume_at(struct govctx *x, size_t t)
{
	for (size_t k = 0; k < x->vv->n && k < x->nconsumed; k++)
		if (x->vv->v[k].tok == t)
			x->consumed[k] = 1;
}

/* Is word w a control phrase by itself (a modal: "will", "must")? */
static const struct lex_entry *
control_word(struct govctx *x, size_t k)
{
	size_t start;
	const struct lex_entry *e;

	/* "Theresa May rejected": a capital in mid-sentence is a name, not a modal. */
	if ((x->s->tok[k].flags & TOK_CAP) && !(x->s->tok[k].flags & TOK_SENT_START))
		return NULL;
	e = clause_phrase_ending(x->cl, x->lx, x->s, LEX_CONTROL, k, &start);

	return (e != NULL && start == k) ? e : NULL;
}

/*
 * Is w a form of a verb whose gerund did not or no longer happens: stopping
 * ("stop", "ceased", "halts"), denying or avoiding ("denied supplying
 * weapons", "avoided attacking")?
 */
static int
ceases(const struct lexicon *lx, const char *w)
{
	static const char *const stops[] = { "stop", "cease", "halt", "quit", "end", "deny", "avoid", NULL };
	const char *lemma = lexicon_lemma(lx, w);

	for (size_t i = 0; lemma != NULL && stops[i] != NULL; i++)
		if (strcmp(lemma, stops[i]) == 0)
			return 1;
	return 0;
}

/* Does an auxiliary come before token i, past negations and adverbs ("has not yet received")? */
static int
after_auxiliary(const struct sentence *s, size_t i)
{
	while (i > 0 && (clause_is_negator(s->words[i - 1]) || (s->tags != NULL && s->tags[i - 1] == POS_RB)))
		i--;
	return i > 0 && clause_is_aux(s->words[i - 1]);
}

/* Lower-case words that can stand between a light verb and its event noun. */
static int
noun_modifier(struct govctx *x, size_t i)
{
	const struct sentence	*s = x->s;
	const char		*w = s->words[i];
	size_t			 start;

	if (clause_is_det(w) || (s->tok[i].flags & (TOK_NUMBER | TOK_POSS)))
		return 1;
	/* "provides €45m support", "gave $2 million aid": an amount's currency sign. */
	if (sentence_currency_sign(w))
		return 1;
	if (s->tags != NULL)
		return pos_is_adj(s->tags[i]) || pos_is_noun(s->tags[i]) || s->tags[i] == POS_PRPS ||
		    s->tags[i] == POS_DT || s->tags[i] == POS_CD ||
		    /* a participle, unless a light verb after an auxiliary ("has received aid") */
		    (s->tags[i] == POS_VBN && !(after_auxiliary(s, i) &&
		    clause_phrase_ending(x->cl, x->lx, s, LEX_LIGHT, i, &start) != NULL)) ||
		    /* "apparently coordinated attacks": an -ly adverb of the modifier after it
		     * (not "had already made pledges", where the participle is the verb) */
		    (s->tags[i] == POS_RB && word_ends_with(w, "ly") && i + 1 < s->ntok &&
		    (pos_is_adj(s->tags[i + 1]) || s->tags[i + 1] == POS_VBN));
	if (clause_phrase_ending(x->cl, x->lx, s, LEX_LIGHT, i, &start) != NULL ||
	    clause_phrase_ending(x->cl, x->lx, s, LEX_CONTROL, i, &start) != NULL)
		return 0;
	if (!(s->tok[i].flags & TOK_WORD) || clause_is_prep(w) || clause_is_aux(w) ||
	    (x->cl->flag[i] & (CL_VERB | CL_BOUND)) || strcmp(w, "and") == 0 || strcmp(w, "or") == 0 ||
	    strcmp(w, "to") == 0 || clause_is_negator(w))
		return 0;
	return 1;
}

/* The mention ending just before token i (its last token is i - 1), or -1. */
int
govern_mention_ending(const struct actorvec *av, size_t i)
{
	for (size_t k = 0; k < av->n; k++)
		if (av->v[k].tok_end == i)
			return (int)k;
	return -1;
}

/*
 * Step left from token k over the words that may stand between a governing
 * word and its event noun (noun_modifier()), but not into a mention, while
 * *skipped < max; an amount counts as one word. @returns the token reached
 * (-1 past the start).
 */
static long
skip_modifiers(struct govctx *x, long k, int max, int *skipped)
{
	while (k >= 0 && *skipped < max && govern_mention_ending(x->av, (size_t)k + 1) < 0 &&
	    (noun_modifier(x, (size_t)k) || sentence_amount_in(x->s, (size_t)k))) {
		if (!sentence_amount_word(x->s, (size_t)k) || k == 0 || !sentence_amount_word(x->s, (size_t)k - 1))
			(*skipped)++;
		k--;
	}
	return k;
}

/* The event noun whose last token is just before token i, or NULL. */
static const struct verb_match *
noun_ending(const struct govctx *x, size_t i)
{
	for (size_t k = 0; x->vv != NULL && k < x->vv->n; k++)
		if (x->vv->v[k].noun != NULL && x->vv->v[k].tok_end == i)
			return &x->vv->v[k];
	return NULL;
}

void
govern_walk(struct govctx *x, const struct verb_match *m, struct gov *g)
{
	const struct sentence	*s = x->s;
	const struct lex_entry	*e;
	size_t			 start;
	long			 k;

	memset(g, 0, sizeof(*g));
	g->head = m->tok;
	g->addr_start = g->addr_end = -1;
	g->possessor = -1;
	g->purpose = -1;
	k = (long)m->tok - 1;
	if (m->noun != NULL) {
		int			 skipped = 0;
		const struct verb_match	*prev;

		k = skip_modifiers(x, k, 4, &skipped);
		/* "expressed its rejection and strong condemnation of": an event
		 * noun joined by "and" to one before it shares that one's governor. */
		if (k > 0 && (sentence_word_is(s, (size_t)k, "and") || sentence_word_is(s, (size_t)k, "or")) &&
		    (prev = noun_ending(x, (size_t)k)) != NULL) {
			skipped = 0;
			k = skip_modifiers(x, (long)prev->tok - 1, 4, &skipped);
		}
		if (k >= 0 && govern_mention_ending(x->av, (size_t)k + 1) >= 0) {
			/* "Iranian support", "Russia's invasion", "U.S. concerns" */
			g->possessor = govern_mention_ending(x->av, (size_t)k + 1);
			k = skip_modifiers(x, (long)x->av->v[g->possessor].tok_start - 1, 6, &skipped);
		}
		if (k >= 0 && (e = clause_phrase_ending(x->cl, x->lx, s, LEX_LIGHT, (size_t)k, &start)) != NULL) {
			if (g->ngrammar < GOV_MAX_GRAMMAR)
				g->grammar[g->ngrammar++] = e;
			g->head = (uint32_t)start;
			/* "came under repeated Iranian attack": whose act is undergone stays */
			if (strcmp(e->code, "undergo") != 0)
				g->possessor = -1;
			consume_at(x, start);
			k = (long)start - 1;
		} else if (k >= 0 && sentence_word_is(s, (size_t)k, "to") && (e = clause_control_to(x->cl, x->lx, s, (size_t)k, &start)) != NULL) {
			govern_combine(g, e);
			g->head = (uint32_t)start;
			consume_at(x, start);
			k = (long)start - 1;
		} else if (k >= 0 && ((e = control_word(x, (size_t)k)) != NULL ||
		    (e = clause_phrase_ending(x->cl, x->lx, s, LEX_CONTROL, (size_t)k, &start)) != NULL ||
		    (e = clause_phrase_ending(x->cl, x->lx, s, LEX_OBJCONTROL, (size_t)k, &start)) != NULL)) {
			if (control_word(x, (size_t)k) != NULL)
				start = (size_t)k;
			govern_combine(g, e);
			g->head = (uint32_t)start;
			g->possessor = -1;
			consume_at(x, start);
			k = (long)start - 1;
		} else if (g->possessor >= 0) {
			/* "over two Israeli air raids": the noun is inside a phrase. */
			long p = clause_prep_of(s, &x->av->v[g->possessor], 0);

			g->sub = p >= 0 && p == k;
			return;
		} else if (k >= 0 && clause_is_prep(s->words[k])) {
			g->sub = g->adjunct = 1;
			return;
		} else if (k < 0 || (x->cl->flag[k] & CL_BOUND) || clause_is_aux(s->words[k]) ||
		    (s->tok[k].flags & TOK_PUNCT)) {
			g->nominal = 1;
			return;
		} else {
			/* The object of a verb that is no event word ("will not accept
			 * sanctions"): what happened to it is not known. */
			g->sub = g->opaque = 1;
			return;
		}
	}
	/* "provide support", "make an appeal": a verb form used as the object noun of a light verb. */
	if (m->noun == NULL && m->lemma != NULL && k >= 0) {
		long j = k;
		size_t n = strlen(m->lemma);
		const char *mw = s->words[m->tok];

		/* "granted a full pardon", "provide more military support" */
		while (j >= 0 && j > k - 4 && noun_modifier(x, (size_t)j) && govern_mention_ending(x->av, (size_t)j + 1) < 0)
			j--;
		if (j >= 0 && (strcmp(mw, m->lemma) == 0 || (strncmp(mw, m->lemma, n) == 0 &&
		    strcmp(mw + n, "s") == 0)) &&
		    (e = clause_phrase_ending(x->cl, x->lx, s, LEX_LIGHT, (size_t)j, &start)) != NULL) {
			if (g->ngrammar < GOV_MAX_GRAMMAR)
				g->grammar[g->ngrammar++] = e;
			g->head = (uint32_t)start;
			k = (long)start - 1;
		}
	}
	for (int iter = 0; iter < GOV_MAX_WALK && k >= 0; iter++) {
		const char *w;

		while (k >= 0 && clause_is_filler(s, (size_t)k) && !sentence_word_is(s, (size_t)k, "on"))
			k--;
		if (k < 0)
			break;
		w = s->words[k];
		if (strcmp(w, "won't") == 0 || strcmp(w, "wouldn't") == 0 || strcmp(w, "shan't") == 0) {
			g->neg ^= 1;
			if ((e = lexicon_match(x->lx, LEX_CONTROL, (const char *const[]){ "will" }, 1,
			    &start)) != NULL)
				govern_combine(g, e);
			g->head = (uint32_t)k;
			k--;
			continue;
		}
		if (clause_is_negator(w)) {
			if (!(strcmp(w, "not") == 0 && sentence_word_is(s, (size_t)k + 1, "only")))
				g->neg ^= 1;
			k--;
			continue;
		}
		/* "ceased attacking", "demanded Hanoi stop jailing activists",
		 * "denied supplying weapons": a gerund after a verb of stopping,
		 * denying or avoiding is what does not happen. */
		if (m->noun == NULL && s->tags != NULL && s->tags[m->tok] == POS_VBG && ceases(x->lx, w)) {
			g->neg ^= 1;
			g->head = (uint32_t)k;
			k--;
			continue;
		}
		/* "may", "might", "could" are intents of grammar.txt ("Iran may attack
		 * Israel if ..." is a threat, not an attack); "can" says nothing. */
		if (clause_is_aux(w) || strcmp(w, "can") == 0) {
			k--;
			continue;
		}
		if (strcmp(w, "to") == 0) {
			if ((e = clause_control_to(x->cl, x->lx, s, (size_t)k, &start)) != NULL) {
				govern_combine(g, e);
				g->head = (uint32_t)start;
				consume_at(x, start);
				k = (long)start - 1;
				continue;
			}
			/* "urged the European Community to support" */
			for (long t = k - 2; t >= 0 && k - t <= 9; t--) {
				if ((x->cl->flag[t] & CL_BOUND) && !(x->cl->flag[t] & CL_SAYVERB))
					break;
				if ((e = clause_phrase_ending(x->cl, x->lx, s, LEX_OBJCONTROL, (size_t)t,
				    &start)) != NULL) {
					govern_combine(g, e);
					g->addr_start = t + 1;
					g->addr_end = k;
					g->head = (uint32_t)start;
					consume_at(x, start);
					k = (long)start - 1;
					goto next;
				}
			}
			g->sub = g->adjunct = 1;	/* a purpose: "to help him oust" */
			g->purpose = k;
			break;
		}
		if ((e = control_word(x, (size_t)k)) != NULL) {
			govern_combine(g, e);
			g->head = (uint32_t)k;
			k--;
			continue;
		}
		break;
next:
		;
	}
}


/*
 * A permission is itself governed: "would allow X to deliver aid" is an
 * intention to yield (0355), "refused to allow", "did not allow" a refusal
 * to (1245). The mode of the governors beyond the permitting verb applies to
 * the yield it codes.
 */
static const char *
permit_outer(const struct lexicon *lx, const struct gov *g, const char *code, const struct transform **ret)
{
	struct gov		 o = { .mode = GOV_NONE };
	enum gov_mode		 outer;
	const struct transform	*t;

	/* the other governors, combined as govern_combine() ranks them */
	for (size_t i = 0; i < g->ngrammar; i++)
		if (govern_mode(g->grammar[i]) != GOV_PERMIT)
			govern_combine(&o, g->grammar[i]);
	outer = g->neg ? GOV_REFUSE : o.mode;
	if ((outer != GOV_INTENT && outer != GOV_THREAT && outer != GOV_REFUSE) ||
	    (t = lexicon_transform(lx, mode_names[outer], code)) == NULL)
		return code;
	*ret = t;
	return t->keep ? code : t->to;
}

const char *
govern_recode(const struct lexicon *lx, struct gov *g, const char *code, const struct transform **ret)
{
	const char		*mode;
	const struct transform	*t;
	enum gov_mode		 m = g->mode;

	*ret = NULL;
	if (g->neg) {
		switch (m) {
		case GOV_NONE:
		case GOV_PASS:
		case GOV_REFUSE:
		case GOV_THREAT:
			return NULL;
		case GOV_INTENT:
			m = GOV_REFUSE;
			break;
		default:
			break;
		}
	}
	g->mode = m;
	if ((mode = mode_names[m]) == NULL)
		return code;
	if ((t = lexicon_transform(lx, mode, code)) == NULL)
		return code;
	*ret = t;
	if (!t->keep)
		code = t->to;
	if (m == GOV_PERMIT && code != NULL)
		code = permit_outer(lx, g, code, ret);
	return code;
}

