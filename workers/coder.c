/*
 * coder: assemble source-verb-target events from the mentions, event words
 * and clause structure of one sentence.
 *
 * The rules of a sparse TABARI-style coder, made explicit:
 *
 *  1. Governors (govern.c). From each event word the coder walks left over adverbs,
 *     auxiliaries and negations to the words that govern it: a modal
 *     ("would meet"), a control phrase ending in "to" ("is willing to
 *     take part"), a verb with an object and "to" ("urged Israel to
 *     withdraw"), or, for an event noun, the light verb whose object it is
 *     ("held talks") or a control verb ("threatened sanctions"). Each
 *     governor has a mode (grammar.txt); the modes combine, outermost
 *     appeal or demand first, and modality.txt recodes the event. A
 *     governing verb that is an event word itself ("agreed") is consumed
 *     by the composed event. Plain negation drops the event: "did not
 *     attack" is no attack, and a negated intention is a refusal.
 *  2. Source. The subject of the outermost governor: the mention just
 *     before it (past adverbs, auxiliaries and time words), else the
 *     nearest earlier mention of its clause that is not the object of a
 *     preposition nor of an earlier verb; a pronoun is the speaker of the
 *     reported speech it stands in, else the article's last person or
 *     group (coref.h). For a passive the source is the "by" agent.
 *  3. Target. The first mention after the event word and before the next
 *     clause boundary that is its object or the object of a preposition
 *     that can introduce one for this code ("with", "to", "against"; "on"
 *     only for conflict, "for" for support and aid, "of" for nouns): "talks
 *     on Iraq security" has no target. Appeals and demands take their
 *     addressee. For a passive the target is the subject.
 *  4. Reported speech. Events inside what a reporting verb reports are
 *     attributed to its speaker; the reporting verb is no event for the
 *     speaker. "X said Y must stop" is X's demand on Y.
 *  5. Main clauses first. Events in subordinate clauses, purpose
 *     infinitives and prepositional phrases are kept only when the
 *     sentence has no event in a main clause.
 *  6. Compounds expand into one event per member; a compound subject with
 *     no target gives the reciprocal pairs, as does "between X and Y".
 *  7. Actors that name a role but no country ("the president",
 *     "demonstrators") take the nearest country of the sentence, else the
 *     article's main country.
 *  8. Dates (when.c): an event takes the date stated nearest to its word
 *     in its own clause (not one of a relative clause or attribution), else
 *     the article's.
 *
 * Work per sentence is bounded: extract hands the coder windows of at most
 * 160 tokens, at most MAX_CANDS candidates are built, and each search is a
 * scan of the window's mentions or tokens.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coder.h"
#include "coref.h"
#include "govern.h"
#include "parties.h"
#include "pos.h"

#define MAX_EVENTS_PER_SENTENCE	64
#define MAX_CANDS		48
#define MAX_DATES		8


struct cand {
	const struct verb_match	*m;
	struct verb_match	 own;		/* m for an event of a governing word alone */
	const char		*code;
	const struct transform	*tr;
	struct gov		 g;
	struct side		 src, tgt;
	int			 between;	/* reciprocal among the source's compound */
	const struct actor	*attrib;
	int			 sub;
};


void
eventvec_release(struct eventvec *ev)
{
	if (ev == NULL)
		return;
	free(ev->v);
	ev->v = NULL;
	ev->n = ev->cap = 0;
}

enum event_date_basis
coder_sentence_date(const struct sentence *s, const struct ne_date *article, struct ne_date *ret)
{
	struct when dm[MAX_DATES];

	if (when_find(s, article, dm, MAX_DATES) > 0) {
		*ret = dm[0].d;
		return dm[0].b;
	}
	if (article->year != 0) {
		*ret = *article;
		return EDATE_ARTICLE;
	}
	return EDATE_NONE;
}

/* ------------------------------------------------------------ assembly */

/*
 * The same actor: equal codes, or for actors without a code (no country
 * known: "protesters", "Jurisdiction for Peace") the same words.
 */
static int
same_actor(const struct actor *a, const struct actor *b)
{
	if (a->code[0] == '\0' || b->code[0] == '\0')
		return a->code[0] == b->code[0] && a->text.start == b->text.start && a->text.end == b->text.end;
	if (strcmp(a->code, b->code) != 0)
		return 0;
	/* "Israel's attorney general rejected Prime Minister Netanyahu": one
	 * code, two people; different names or different offices are two actors. */
	if (a->person_entry != NULL && b->person_entry != NULL)
		return a->person_entry == b->person_entry;
	if (a->role_entry != NULL && b->role_entry != NULL && a->role_entry != b->role_entry)
		return 0;
	return 1;
}

static int
emit(const struct lexicon *lx, const struct sentence *s, const struct cand *c, const struct actor *src,
    const struct actor *tgt, const struct ne_date *date, enum event_date_basis basis, const struct place *where,
    struct eventvec *out, size_t first_of_sentence)
{
	struct event	*e;

	if (tgt != NULL && same_actor(src, tgt) && !tgt->by_context)
		tgt = NULL;
	for (size_t k = first_of_sentence; k < out->n; k++) {
		e = &out->v[k];
		if (strcmp(e->cameo->code, c->code) == 0 && same_actor(&e->source, src) &&
		    (tgt == NULL ? !e->has_target : e->has_target && same_actor(&e->target, tgt)))
			return 0;
	}
	if (out->n - first_of_sentence >= MAX_EVENTS_PER_SENTENCE)
		return 0;
	if (out->n == out->cap) {
		size_t	 ncap = out->cap ? out->cap * 2 : 16;
		void	*p = realloc(out->v, ncap * sizeof(*out->v));

		if (p == NULL)
			return -ENOMEM;
		out->v = p;
		out->cap = ncap;
	}
	e = &out->v[out->n++];
	memset(e, 0, sizeof(*e));
	e->cameo = lexicon_cameo(lx, c->code);
	e->source = *src;
	if (tgt != NULL) {
		e->target = *tgt;
		e->has_target = 1;
	}
	if (c->attrib != NULL) {
		e->attrib = *c->attrib;
		e->has_attrib = 1;
	}
	e->verb = *c->m;
	e->verb.code = c->code;
	/* A negated event is never coded; a refusal is a rejection that happened. */
	e->verb.negated = 0;
	e->verb_span = (struct span){ s->tok[c->m->tok].start, s->tok[c->m->tok].end };
	e->sentence_index = s->index;
	e->sentence = s->span;
	e->date_basis = basis;
	if (basis != EDATE_NONE)
		e->date = *date;
	memcpy(e->grammar, c->g.grammar, sizeof(e->grammar));
	e->ngrammar = c->g.ngrammar;
	e->transform = c->tr;
	if (where != NULL) {
		e->location = *where;
		e->has_location = 1;
	}
	return 0;
}

/* Members of the compound that side sd starts (one for a copy). */
static size_t
members(const struct parties *x, const struct side *sd, const struct actor **ret, size_t max)
{
	size_t n = 0;

	if (!sd->has)
		return 0;
	if (sd->idx < 0) {
		ret[n++] = &sd->copy;
		return n;
	}
	for (int k = sd->idx; k >= 0 && n < max; k = x->av->v[k].compound_next)
		ret[n++] = &x->av->v[k];
	return n;
}

/*
 * Can a compound subject with no target act on one another ("the U.S. and
 * Iran held talks", "agreed to cooperate", "signed a treaty", "clashed")?
 * Not when it refuses, accuses, demands, threatens, protests or sanctions
 * together: "Italy and Spain refused to allow the plane to land" is no
 * refusal of each other. The code is the event word's own, before a
 * governor changed it; a failure to agree is mutual.
 */
static int
reciprocal(const struct verb_match *m)
{
	int root = parties_root(m->code);

	if (m->lemma != NULL && (strcmp(m->lemma, "exchange") == 0 || strcmp(m->lemma, "swap") == 0))
		return 1;	/* "exchanged prisoners" */
	if (root == 12 && m->pattern != NULL)	/* "failed to agree", "failed to reach agreement" */
		for (uint32_t k = 0; k < m->pattern->nwords; k++)
			if (strncmp(m->pattern->words[k], "agree", 5) == 0)
				return 1;
	/* relations and talks broken off are mutual (160, 161, 164, 165); aid cut,
	 * sanctions imposed and people expelled are not */
	if (root == 16)
		return strncmp(m->code, "162", 3) != 0 && strncmp(m->code, "163", 3) != 0 &&
		    strncmp(m->code, "166", 3) != 0;
	return (root >= 3 && root <= 6) || root == 19 || root == 20;
}

static int
emit_cand(struct parties *x, const struct cand *c, const struct when *dm, size_t ndm,
    const struct ne_date *article, struct eventvec *out, size_t first)
{
	const struct actor	*src[8], *tgt[8];
	size_t			 ns = members(x, &c->src, src, 8), nt = members(x, &c->tgt, tgt, 8);
	struct ne_date		 date = { 0 };
	enum event_date_basis	 basis = EDATE_NONE;
	size_t			 best = (size_t)-1;
	int			 r;

	for (size_t i = 0; i < ndm; i++) {
		size_t d = dm[i].tok > c->m->tok ? dm[i].tok - c->m->tok : c->m->tok - dm[i].tok;

		/* "Japan, which attacked China last year, praised Korea": the date of
		 * a relative clause or an attribution is not the main event's. */
		if ((x->gc.cl->flag[dm[i].tok] & (CL_REL | CL_ATTR)) != (x->gc.cl->flag[c->m->tok] & (CL_REL | CL_ATTR)))
			continue;
		if (d < best) {
			best = d;
			date = dm[i].d;
			basis = dm[i].b;
		}
	}
	if (basis == EDATE_NONE && article->year != 0) {
		date = *article;
		basis = EDATE_ARTICLE;
	}
	/* A consultation takes two: "the meeting", "met for four hours" alone name no
	 * event, but "attended a summit in Switzerland" is a meeting held there. */
	if (nt == 0 && ns == 1 && parties_root(c->code) == 4 && !c->between) {
		struct actor place;

		if (x->where == NULL || x->where->country[0] == '\0' ||
		    strcmp(x->where->country, src[0]->country) == 0)
			return 0;
		memset(&place, 0, sizeof(place));
		memcpy(place.country, x->where->country, 4);
		memcpy(place.code, x->where->country, 4);
		place.text = x->where->span;
		place.compound_next = place.compound_first = -1;
		place.by_context = 1;
		return emit(x->gc.lx, x->gc.s, c, src[0], &place, &date, basis, x->where, out, first);
	}
	if (c->between || (nt == 0 && ns > 1 && reciprocal(c->m))) {
		/* Acting together: "the U.S. and Iran held talks", "talks between X and Y". */
		for (size_t a = 0; a < ns; a++)
			for (size_t b = 0; b < ns; b++)
				if (a != b && (r = emit(x->gc.lx, x->gc.s, c, src[a], src[b], &date, basis, x->where, out,
				    first)) < 0)
					return r;
		return 0;
	}
	for (size_t a = 0; a < ns; a++) {
		if (nt == 0 && (r = emit(x->gc.lx, x->gc.s, c, src[a], NULL, &date, basis, x->where, out, first)) < 0)
			return r;
		for (size_t b = 0; b < nt; b++)
			if ((r = emit(x->gc.lx, x->gc.s, c, src[a], tgt[b], &date, basis, x->where, out, first)) < 0)
				return r;
	}
	return 0;
}

/*
 * An "unless" or "if" after the event word: a conditional intention to act
 * against someone (roots 10-20: "will impose sanctions if") is a threat; a
 * conditional intention to cooperate ("is willing to withdraw its troops
 * if", "will release prisoners if") stays an intention, a promise.
 */
static int
conditional_after(const struct sentence *s, size_t from)
{
	for (size_t t = from; t < s->ntok; t++)
		if (sentence_word_is(s, t, "unless") || (sentence_word_is(s, t, "if") && !sentence_word_is(s, t + 1, "necessary")))
			return 1;
	return 0;
}

/*
 * "demanded that the government grant rights", "insisted on its demands
 * that Burundi's government grant ...": an event whose subject follows
 * "that" after a demanding word is demanded by that word's subject.
 */
static void
that_governor(struct parties *x, struct cand *c)
{
	const struct sentence	*s = x->gc.s;
	const struct actor	*subj;
	const struct lex_entry	*e = NULL;
	size_t			 start;
	long			 t;
	struct side		 demander;

	if (!c->src.has || c->src.idx < 0 || c->g.mode == GOV_APPEAL || c->g.mode == GOV_DEMAND ||
	    c->g.mode == GOV_PERMIT)
		return;
	subj = &x->av->v[c->src.idx];
	t = (long)subj->tok_start - 1;
	if (t < 1 || !sentence_word_is(s, (size_t)t, "that"))
		return;
	t--;
	if ((e = clause_phrase_ending(x->gc.cl, x->gc.lx, s, LEX_OBJCONTROL, (size_t)t, &start)) == NULL &&
	    !sentence_word_is(s, (size_t)t, "demands") && !sentence_word_is(s, (size_t)t, "demand") &&
	    !sentence_word_is(s, (size_t)t, "demanding"))
		return;
	if (e != NULL && govern_mode(e) != GOV_DEMAND)
		return;
	if (e == NULL)
		start = (size_t)t;
	if (!parties_subject(x, start, &demander, 1) && !parties_main_subject(x, &demander))
		return;
	c->tgt = c->src;
	c->src = demander;
	c->g.mode = GOV_NONE;
	if (e != NULL)
		govern_combine(&c->g, e);
	else
		c->g.mode = GOV_DEMAND;
	for (size_t k = 0; k < x->gc.vv->n && k < x->gc.nconsumed; k++)
		if (x->gc.vv->v[k].tok == start)
			x->gc.consumed[k] = 1;
	c->code = c->m->code;
	if ((c->tr = lexicon_transform(x->gc.lx, "demand", c->code)) != NULL && !c->tr->keep)
		c->code = c->tr->to;
}

/*
 * Events that a country does to itself: protests (aimed at the protesters'
 * government), coercion (arrests, bans, curfews, repression) and threats
 * of it, ceasefires and truces in its own civil wars (087, 0356), and violence (18-20) whose source is no army of a state: rebels,
 * insurgents, militias and police fight inside their own country. Such an
 * event may have a source and target of one country; it never gets a
 * target the sentence does not name.
 */
static int
domestic(const char *code, const char *role)
{
	int root = parties_root(code);

	if (root >= 18 && root <= 20)
		return strcmp(role, "REB") == 0 || strcmp(role, "INS") == 0 || strcmp(role, "UAF") == 0 ||
		    strcmp(role, "SEP") == 0 || strcmp(role, "COP") == 0 || strcmp(role, "OPP") == 0;
	return root == 14 || (root == 17 && strncmp(code, "176", 3) != 0) ||
	    strncmp(code, "132", 3) == 0 || strncmp(code, "137", 3) == 0 ||
	    strncmp(code, "081", 3) == 0 || strncmp(code, "082", 3) == 0 || strncmp(code, "083", 3) == 0 ||
	    strncmp(code, "0841", 4) == 0 ||
	    strncmp(code, "123", 3) == 0 || strncmp(code, "1241", 4) == 0 || strncmp(code, "1242", 4) == 0 ||
	    strncmp(code, "034", 3) == 0 || strncmp(code, "0351", 4) == 0 || strncmp(code, "0352", 4) == 0 ||
	    strncmp(code, "087", 3) == 0 || strncmp(code, "0356", 4) == 0;
}

/*
 * "A government spokesman criticized Iran": a state agent whose country was
 * borrowed from the sentence and is its target's own is not known at all,
 * unless the act is one a country does to itself (an arrest, a curfew):
 * the event stays, its source without a country (unborrow).
 */
static int
borrowed_from_target(const struct parties *x, const struct cand *c)
{
	const struct actor *src = parties_actor(x, &c->src), *tgt = parties_actor(x, &c->tgt);

	/* Rebels, judges, opposition act in their own country: only an agent of a
	 * state (government, army) is suspect of acting abroad, and whoever gives
	 * aid ("donors committed $1.2 billion to Afghanistan"). */
	return src != NULL && tgt != NULL && src->by_context && !tgt->by_context && !src->named &&
	    (strcmp(src->role, "GOV") == 0 || strcmp(src->role, "MIL") == 0 || parties_root(c->code) == 7) &&
	    strcmp(src->country, tgt->country) == 0 && !domestic(c->code, src->role);
}

/*
 * Keep the event, with the source's borrowed country taken back: its
 * country is not known ("Vice-President Hamilton Mourao defended
 * Brazil's policies": a vice-president of no country the sentence says).
 */
static void
unborrow(const struct parties *x, struct cand *c)
{
	struct actor copy = *parties_actor(x, &c->src);

	copy.country[0] = '\0';
	copy.by_context = 0;
	copy.compound_next = copy.compound_first = -1;
	actor_finish_code(&copy);
	c->src.copy = copy;
	c->src.idx = -1;
}

/*
 * Troops deployed or arriving as peacekeepers provide military
 * protection (074), not a show of force (154) or a visit (042): "Russian
 * peacekeepers began deploying", "deploying 300 troops to the UN
 * peacekeeping mission in Mali". Any "peacekeep..." word of the sentence
 * outside an attribution says so.
 */
static int
peacekeeping(const struct sentence *s, const struct clause *cl, const char *code)
{
	if (strncmp(code, "154", 3) != 0 && strcmp(code, "042") != 0)
		return 0;
	for (size_t t = 0; t < s->ntok; t++)
		if (strncmp(s->words[t], "peacekeep", 9) == 0 && !(cl->flag[t] & CL_ATTR))
			return 1;
	return 0;
}

/* Are tokens [from, to) only determiners, numbers and adjectives (or none)? */
static int
only_modifiers(const struct sentence *s, size_t from, size_t to)
{
	for (size_t t = from; t < to; t++)
		if (s->tags == NULL || (s->tags[t] != POS_DT && s->tags[t] != POS_CD && s->tags[t] != POS_PRPS &&
		    !pos_is_adj(s->tags[t])))
			return 0;
	return 1;
}

/*
 * What a rejected proposal proposes is no event of the one who rejects it:
 * "rejected a request by Mr. Erdogan to hold a rally" holds no rally. True
 * when c is governed by a noun (its head) that is the object of a
 * rejection a few tokens before it, or is such a noun itself.
 */
static int
rejected_proposal(const struct parties *x, const struct cand *c)
{
	const struct verbvec *vv = x->gc.vv;

	/* "brushed aside calls for an inquiry", "rejected the demands": the
	 * object of a rejection (past determiners and adjectives) is not the
	 * rejecter's act, whatever the tagger makes of it ("calls/VBZ"). */
	for (size_t k = 0; k < vv->n; k++) {
		const struct verb_match *r = &vv->v[k];

		if (r != c->m && r->noun == NULL && r->tok_end <= c->m->tok && r->tok_end + 3 >= c->m->tok &&
		    parties_root(r->code) == 12 && only_modifiers(x->gc.s, r->tok_end, c->m->tok))
			return 1;
	}
	if (c->g.head == c->m->tok)
		return 0;
	for (size_t k = 0; k < vv->n; k++) {
		const struct verb_match *r = &vv->v[k];

		if (r != c->m && r->tok < c->g.head && r->tok + 4 >= c->g.head &&
		    parties_root(r->code) == 12)
			return 1;
	}
	return 0;
}

/*
 * The agent of an event noun that is the subject of verb vi: "an attack by
 * Taliban militants killed five soldiers". The noun must come before the
 * verb in the same clause.
 */
static void
subject_event_agent(struct parties *x, size_t vi, struct side *src)
{
	const struct verb_match	*m = &x->gc.vv->v[vi];

	for (size_t k = vi; k-- > 0;) {
		const struct verb_match *n = &x->gc.vv->v[k];

		for (size_t t = n->tok_end; t < m->tok; t++)
			if (x->gc.cl->flag[t] & (CL_BOUND | CL_SAYVERB | CL_SUB))
				return;
		if (n->noun != NULL)
			(void)parties_noun_agent(x, n, src);
		return;
	}
}

/*
 * Is c's target the object of a preposition after its event noun m that
 * says where ("a firefight in the Golan"), not to whom ("a visit to
 * Russia")? A partner after "with" is no better than the verb's object
 * ("joined Zarif for a meeting with partners").
 */
static int
place_after_noun(const struct parties *x, const struct cand *c, const struct verb_match *m)
{
	long p = clause_prep_of(x->gc.s, &x->av->v[c->tgt.idx], m->tok_end);

	return p >= 0 && !sentence_word_is(x->gc.s, (size_t)p, "to");
}

/* Make sd name nobody. */
static void
no_side(struct side *sd)
{
	memset(sd, 0, sizeof(*sd));
	sd->idx = -1;
}

/*
 * Is the target found after a passive verb one its preposition aims at
 * ("imposed on North Korea", "sent to Haiti", "directed against Kurds")?
 * Anything else after a passive is most often its agent's or a topic.
 */
static int
passive_target(const struct parties *x, const struct side *t)
{
	const struct actor	*a = t->idx >= 0 ? &x->av->v[t->idx] : NULL;
	long			 p;

	if (a == NULL || (p = clause_prep_of(x->gc.s, a, 0)) < 0)
		return 0;
	return sentence_word_is(x->gc.s, (size_t)p, "on") || sentence_word_is(x->gc.s, (size_t)p, "to") ||
	    sentence_word_is(x->gc.s, (size_t)p, "against");
}

/* Is m a verb of expelling ("expel", "deport", "banish", "evict")? */
static int
expels(const struct verb_match *m)
{
	static const char *const lemmas[] = { "expel", "deport", "banish", "evict", NULL };

	return m->lemma != NULL && word_in_list(m->lemma, lemmas);
}

/*
 * The first mention within reach tokens after event word m, in its clause,
 * whose preposition is one of preps (and, with states, that names a state).
 * @returns 1 and fills *ret, or 0.
 */
static int
mention_after(struct parties *x, const struct verb_match *m, const char *const *preps, size_t reach, int states,
    struct side *ret)
{
	const struct sentence	*s = x->gc.s;
	size_t			 to = parties_object_bound(x, m->tok_end, m->tok);

	for (size_t i = 0; i < x->av->n; i++) {
		const struct actor	*a = &x->av->v[i];
		long			 p;

		if (a->tok_start < m->tok_end || a->tok_start >= to || a->tok_start - m->tok_end > reach ||
		    a->compound_first != (int)i)
			continue;
		p = clause_prep_of(s, a, m->tok_end);
		if (p >= 0 && word_in_list(s->words[p], preps) &&
		    (!states || (a->entry != NULL && strlen(a->entry->code) == 3))) {
			parties_mention(ret, (int)i);
			return 1;
		}
	}
	return 0;
}

/*
 * "Two inspectors have been expelled from North Korea": who expels from a
 * country without being named is that country, the first state named
 * after "from" in the verb's clause.
 */
static void
expelled_from(struct parties *x, const struct verb_match *m, struct side *ret)
{
	static const char *const from[] = { "from", NULL };

	(void)mention_after(x, m, from, SIZE_MAX, 1, ret);
}

/*
 * "sanctions against Iran were lifted by the UN": when a passive subject
 * names nobody, the party of its own phrase ("against", "on", "in", "to"),
 * just before the verb and its auxiliaries, is what the act is aimed at.
 */
static void
subject_phrase_target(struct parties *x, const struct verb_match *m, struct side *ret)
{
	const struct sentence *s = x->gc.s;

	for (size_t i = 0; i < x->av->n; i++) {
		const struct actor	*a = &x->av->v[i];
		long			 p;
		size_t			 t;

		if (a->tok_end > m->tok || m->tok - a->tok_end > 3 || a->compound_first != (int)i)
			continue;
		for (t = a->tok_end; t < m->tok && clause_is_aux(s->words[t]); t++)
			;
		if (t != m->tok || (p = clause_prep_of(s, a, 0)) < 0 || p == 0 ||
		    (!sentence_word_is(s, (size_t)p, "against") && !sentence_word_is(s, (size_t)p, "on") &&
		    !sentence_word_is(s, (size_t)p, "in") && !sentence_word_is(s, (size_t)p, "to")))
			continue;
		parties_mention(ret, parties_compound_first(x->av, (int)i));
		return;
	}
}

/* Does a grammar.txt "undergo" phrase ("came under", "was under") govern the event? */
static int
undergoes(const struct gov *g)
{
	for (size_t i = 0; i < g->ngrammar; i++)
		if (g->grammar[i]->kind == LEX_LIGHT && strcmp(g->grammar[i]->code, "undergo") == 0)
			return 1;
	return 0;
}

/* Who an undergone act is from: the first mention after "from" or "by" within six tokens of the noun. */
static int
undergone_from(struct parties *x, const struct verb_match *m, struct side *ret)
{
	static const char *const from_by[] = { "from", "by", NULL };

	return mention_after(x, m, from_by, 6, 0, ret);
}

static void
build(struct parties *x, size_t vi, struct cand *c)
{
	const struct sentence	*s = x->gc.s;
	const struct verb_match	*m = &x->gc.vv->v[vi];
	const struct say_frame	*f;
	int			 between = 0;

	memset(c, 0, sizeof(*c));
	c->m = m;
	c->src.idx = c->tgt.idx = -1;
	govern_walk(&x->gc, m, &c->g);
	if (c->g.mode == GOV_INTENT && !c->g.neg && parties_root(m->code) >= 10 &&
	    conditional_after(s, m->tok_end)) {
		static const struct lex_entry threat = { LEX_CONTROL, "threat", "", "", 0, 0 };

		c->g.mode = GOV_NONE;
		govern_combine(&c->g, &threat);
		c->g.ngrammar--;
	}
	c->sub = c->g.sub || (x->gc.cl->flag[m->tok] & CL_SUB) || m->reduced;
	if ((c->code = govern_recode(x->gc.lx, &c->g, m->code, &c->tr)) == NULL)
		return;
	if (peacekeeping(x->gc.s, x->gc.cl, c->code))
		c->code = "074";
	if (rejected_proposal(x, c)) {
		c->code = NULL;	/* the rejection is the event */
		return;
	}
	f = clause_frame_of(x->gc.cl, c->g.head);
	if (f != NULL)
		c->attrib = parties_speaker(x, f);
	if (m->passive) {
		(void)parties_subject(x, c->g.head, &c->tgt, 0);
		/* "sanctions were imposed on North Korea": a subject that names
		 * nobody leaves the target to the verb's prepositions. */
		if (!c->tgt.has && parties_target(x, m, c->code, &c->tgt, &between) && !passive_target(x, &c->tgt))
			no_side(&c->tgt);
		if (!c->tgt.has)
			subject_phrase_target(x, m, &c->tgt);
		(void)parties_agent(x, m, &c->src);
		if (!c->src.has && expels(m))
			expelled_from(x, m, &c->src);
		/* "was arrested on Monday in Niger", "were killed by a roadside
		 * bomb outside Basra": coercion or violence with no actor named as
		 * its agent is coded to the country where it happened (not in a
		 * relative clause: "women who were killed in Mexico" tells of them). */
		if (!c->src.has && parties_root(c->code) >= 17 && parties_root(c->code) <= 20 &&
		    !(x->gc.cl->flag[m->tok] & CL_REL))
			(void)parties_place_state(x, &c->src);
		return;
	}
	if (c->g.possessor >= 0)
		parties_mention(&c->src, parties_compound_first(x->av, c->g.possessor));
	else if (c->g.adjunct && parties_main_subject(x, &c->src))
		;	/* a purpose or a noun in a phrase: done by the main clause's subject */
	else if (!c->g.nominal && !parties_subject(x, c->g.head, &c->src, 0) && c->g.sub)
		(void)parties_main_subject(x, &c->src);
	/* "a car bombing by the Islamic State": a noun's agent after "by";
	 * "an attack by Taliban militants killed five soldiers": the agent of
	 * the event noun that is the verb's subject. */
	if (!c->src.has && m->noun != NULL)
		(void)parties_noun_agent(x, m, &c->src);
	else if (!c->src.has && !c->g.nominal)
		subject_event_agent(x, vi, &c->src);
	if (undergoes(&c->g) && strncmp(c->code, "172", 3) != 0) {
		/* "Kharkiv came under attack from Russian forces", "came under
		 * repeated Iranian attack": the subject suffers the act of whoever
		 * "from" or "by" or the noun's own modifier names; no one named, no
		 * event. (A state under a curfew or an emergency imposes it.) */
		no_side(&c->tgt);
		(void)parties_subject(x, c->g.head, &c->tgt, 0);
		if (c->g.possessor < 0) {
			no_side(&c->src);
			if (!undergone_from(x, m, &c->src))
				c->code = NULL;
		}
		return;
	}
	(void)parties_target(x, m, c->code, &c->tgt, &between);
	if (c->g.adjunct && m->noun != NULL && c->src.has && c->src.idx >= 0 &&
	    (!c->tgt.has || c->tgt.idx < 0 || place_after_noun(x, c, m))) {
		/* "engaged Filipino peacekeepers in a firefight in the Golan": the
		 * verb's object, before a place after the noun. */
		struct side obj;

		if (parties_between(x, x->av->v[c->src.idx].tok_end, m->tok, 0, &obj))
			c->tgt = obj;
	}
	if (!c->tgt.has && c->g.purpose > 0)
		/* "summoned a senior Indian diplomat to complain", "called Bashir to
		 * express his support": a purpose without an object of its own is
		 * aimed at the object of the verb it serves. */
		/* ... unless that object is the one who acts ("forced the government to ban"). */
		if (parties_purpose_object(x, (size_t)c->g.purpose, &c->tgt) && c->src.has && c->src.idx >= 0 &&
		    c->tgt.idx == c->src.idx)
			no_side(&c->tgt);
	if (!c->tgt.has && c->g.purpose < 0 && !c->g.nominal)
		(void)parties_purpose_target(x, m->tok_end, &c->tgt);
	/* "will not end the strike until the government provides ...": a
	 * conditional threat or refusal is aimed at whom the condition names. */
	if (!c->tgt.has && (c->g.mode == GOV_THREAT || parties_root(c->code) == 13 ||
	    parties_root(c->code) == 12))
		(void)parties_condition(x, &c->tgt);
	/* "called off the strike after the agreement with the government": a
	 * concession is made to the party it was agreed or negotiated with. */
	if (!c->tgt.has && parties_root(c->code) == 8)
		(void)parties_counterpart(x, m->tok_end, &c->tgt);
	if (!c->tgt.has && m->noun == NULL && strncmp(m->code, "10", 2) == 0)
		(void)parties_that(x, m->tok_end, &c->tgt);
	that_governor(x, c);
	if (between && !c->src.has) {
		c->src = c->tgt;
		no_side(&c->tgt);
		c->between = 1;
	}
	if (c->g.mode == GOV_APPEAL || c->g.mode == GOV_DEMAND || c->g.mode == GOV_PERMIT) {
		for (size_t i = 0; i < x->av->n; i++)
			if ((long)x->av->v[i].tok_start >= c->g.addr_start &&
			    (long)x->av->v[i].tok_start < c->g.addr_end) {
				parties_mention(&c->tgt, parties_compound_first(x->av, (int)i));
				break;
			}
	}
	if (c->g.mode == GOV_OBLIGE) {
		/* "X said Y must stop": X demands of Y. */
		const struct actor *sp = c->attrib;

		c->tgt = c->src;
		no_side(&c->src);
		if (sp == NULL) {
			c->code = NULL;
			return;
		}
		c->src.copy = *sp;
		c->src.has = 1;
		if (f != NULL && f->addr_end > f->addr_start) {
			for (size_t i = 0; i < x->av->n; i++)
				if (x->av->v[i].tok_start == f->addr_start)
					parties_mention(&c->tgt, parties_compound_first(x->av, (int)i));
		}
	}
}

/*
 * "issued a statement condemning the attack": a participle right after a
 * statement (01) is what the statement says, an event of its own and not
 * an aside, done by whoever made the statement.
 */
static void
statement_content(struct parties *x, struct cand *cands, size_t nc)
{
	const struct sentence *s = x->gc.s;

	for (size_t i = 0; i < nc; i++) {
		const struct verb_match *m = cands[i].m;

		if (!m->reduced || s->tags == NULL || s->tags[m->tok] != POS_VBG)
			continue;
		for (size_t j = 0; j < nc; j++)
			if (j != i && parties_root(cands[j].code) == 1 && cands[j].m->tok_end == m->tok &&
			    !cands[j].sub) {
				cands[i].sub = 0;
				if (cands[j].src.has)
					cands[i].src = cands[j].src;
				break;
			}
	}
}

/* "X said Y must ...", "X told Y that Z needs to stop", with no event word: a demand. */
static void
obligations(struct parties *x, struct cand *cands, size_t *nc, size_t max)
{
	const struct sentence *s = x->gc.s;

	for (size_t fi = 0; fi < x->gc.cl->nsay && *nc < max; fi++) {
		const struct say_frame	*f = &x->gc.cl->say[fi];
		const struct actor	*sp;

		if (f->trailing || f->content_end <= f->content_start)
			continue;
		for (size_t t = f->content_start; t < f->content_end; t++) {
			const struct lex_entry	*e;
			size_t			 start, k;
			struct cand		*c;
			int			 covered = 0;

			/* An oblige phrase of grammar.txt ends here ("must", "need to"). */
			if ((e = clause_phrase_ending(x->gc.cl, x->gc.lx, s, LEX_CONTROL, t, &start)) == NULL ||
			    govern_mode(e) != GOV_OBLIGE || clause_frame_of(x->gc.cl, t) != f)
				continue;
			for (k = 0; k < x->gc.vv->n; k++)
				if (x->gc.vv->v[k].tok > t && x->gc.vv->v[k].tok <= t + 4)
					covered = 1;
			if (covered || (sp = parties_speaker(x, f)) == NULL)
				break;
			c = &cands[(*nc)++];
			memset(c, 0, sizeof(*c));
			c->own.tok = (uint32_t)start;
			c->own.tok_end = (uint32_t)t + 1;
			c->own.code = "100";
			c->m = &c->own;
			c->code = "100";
			c->g.grammar[0] = e;
			c->g.ngrammar = 1;
			c->attrib = sp;
			c->src.copy = *sp;
			c->src.idx = -1;
			c->src.has = 1;
			if (f->addr_end > f->addr_start) {
				for (size_t i = 0; i < x->av->n; i++)
					if (x->av->v[i].tok_start == f->addr_start)
						parties_mention(&c->tgt, parties_compound_first(x->av, (int)i));
			} else
				(void)parties_subject(x, start, &c->tgt, 0);
			break;
		}
	}
}

/*
 * "Turkey will allow the refugees to return home", "the court decided to
 * allow the candidate to run": a permission whose governed verb is no event
 * word is a yield (080) of a state, an authority or a named actor named
 * right there (not things, not business: "the cushion of reserves allowed
 * Peru to", "regulations allowing U.S. airlines to"), coded through the
 * permitting verb's own governors ("will allow" 035, "refused to allow"
 * 124). @returns 1 and sets c's code and governors, or 0 for no event.
 */
static int
permission(struct parties *x, struct cand *c)
{
	const struct actor	*a = c->src.idx >= 0 ? &x->av->v[c->src.idx] : NULL;
	struct gov		 g;
	const struct transform	*t;
	const char		*code;

	/* the permitter named right before its verb, past two auxiliaries at most */
	if (a == NULL || a->by_context || !actor_resolved(a) || strcmp(a->role, "BUS") == 0 ||
	    a->tok_end > c->own.tok || c->own.tok - a->tok_end > 2)
		return 0;
	c->own.code = "080";
	govern_walk(&x->gc, &c->own, &g);
	if (g.mode == GOV_APPEAL || g.mode == GOV_DEMAND || g.mode == GOV_PERMIT || g.mode == GOV_OBLIGE ||
	    (code = govern_recode(x->gc.lx, &g, "080", &t)) == NULL)
		return 0;
	c->code = c->own.code = code;
	c->tr = t;
	for (size_t i = 0; i < g.ngrammar && c->g.ngrammar < GOV_MAX_GRAMMAR; i++)
		c->g.grammar[c->g.ngrammar++] = g.grammar[i];
	return 1;
}

/*
 * "ordered former president Carlos Menem to appear", "asked Iran to
 * explain": an appeal or demand whose governed verb is no event word is
 * still an appeal (020) or a demand (100) to the addressee; a permission
 * is a yield (permission()).
 */
static void
appeals(struct parties *x, struct cand *cands, size_t *nc, size_t max)
{
	const struct sentence *s = x->gc.s;

	for (size_t t = 1; t + 1 < s->ntok && *nc < max; t++) {
		const struct lex_entry	*e = NULL;
		size_t			 start = 0, k;
		struct cand		*c;
		int			 addr = -1, governed = 0;

		if (!sentence_word_is(s, t, "to") || (x->gc.cl->flag[t] & (CL_ATTR | CL_QUOTE)))
			continue;
		for (k = 0; k < x->gc.vv->n; k++)
			if (x->gc.vv->v[k].tok > t && x->gc.vv->v[k].tok <= t + 3 && x->gc.vv->v[k].noun == NULL)
				governed = 1;
		if (governed)
			continue;
		for (long u = (long)t - 2; u >= 0 && (long)t - u <= 9; u--) {
			if (x->gc.cl->flag[u] & CL_BOUND)
				break;
			if ((e = clause_phrase_ending(x->gc.cl, x->gc.lx, s, LEX_OBJCONTROL, (size_t)u, &start)) != NULL)
				break;
		}
		if (e == NULL || (start > 0 && (clause_is_det(s->words[start - 1]) ||
		    (s->tok[start - 1].flags & TOK_POSS))))
			continue;
		for (k = 0; k < x->gc.vv->n; k++)
			if (x->gc.vv->v[k].tok == start)
				break;
		if (k < x->gc.vv->n)
			continue;	/* the governing verb is an event word: it is coded itself */
		for (size_t i = 0; i < x->av->n; i++)
			if (x->av->v[i].tok_start > start && x->av->v[i].tok_end <= t) {
				addr = parties_compound_first(x->av, (int)i);
				break;
			}
		if (addr < 0)
			continue;
		c = &cands[*nc];
		memset(c, 0, sizeof(*c));
		c->own.tok = (uint32_t)start;
		c->own.tok_end = (uint32_t)start + 1;
		c->code = govern_mode(e) == GOV_DEMAND ? "100" : "020";
		c->own.code = c->code;
		c->m = &c->own;
		c->g.grammar[0] = e;
		c->g.ngrammar = 1;
		c->src.idx = -1;
		if (!parties_subject(x, start, &c->src, 0))
			continue;
		if (govern_mode(e) == GOV_PERMIT && !permission(x, c))
			continue;
		parties_mention(&c->tgt, addr);
		c->sub = (x->gc.cl->flag[start] & CL_SUB) != 0;
		(*nc)++;
	}
}

/*
 * Is token t inside the name of an organisation or other named actor of
 * several words ("Organisation for Economic Cooperation and Development",
 * "Gulf Cooperation Council", "Jurisdiction for Peace")? An event word
 * there is part of the name, not an event.
 */
static int
inside_name(const struct actorvec *av, size_t t)
{
	for (size_t i = 0; i < av->n; i++) {
		const struct actor *a = &av->v[i];

		if (t >= a->tok_start && t < a->tok_end && a->tok_end - a->tok_start >= 2 &&
		    ((a->entry != NULL && a->entry->kind == LEX_ACTOR) || a->named))
			return 1;
	}
	return 0;
}

int
coder_sentence(const struct lexicon *lx, const struct sentence *s, struct actorvec *av,
    const struct verbvec *vv, struct clause *cl, struct coref *mem, const struct place *where,
    const struct ne_date *article_date, struct eventvec *out)
{
	struct parties		 x;
	struct cand		 cands[MAX_CANDS];
	struct when		 dm[MAX_DATES];
	struct gov		 tmp;
	uint8_t			 consumed[256];	/* event words used as governors (first 256) */
	const struct say_frame	*alleged, *accused = NULL;
	size_t			 nc = 0, ndm, first = out->n;
	int			 have_main = 0, r;

	if (av->n == 0)
		return 0;
	memset(&x, 0, sizeof(x));
	x.gc.lx = lx;
	x.gc.s = s;
	x.gc.av = av;
	memset(consumed, 0, sizeof(consumed));
	x.gc.consumed = consumed;
	x.gc.nconsumed = sizeof(consumed);
	x.av = av;
	x.gc.vv = vv;
	x.gc.cl = cl;
	x.mem = mem;
	x.where = where;
	/* ", relief officials in Nairobi said": where the report came from, not the event. */
	for (size_t t = 0; where != NULL && t < s->ntok; t++)
		if (s->tok[t].start == where->span.start && (cl->flag[t] & CL_ATTR))
			x.where = NULL;
	parties_fill_context(&x);
	/* Governors first: a governing event word is consumed by what it governs. */
	for (size_t i = 0; i < vv->n; i++)
		govern_walk(&x.gc, &vv->v[i], &tmp);
	for (size_t i = 0; i < vv->n && nc < MAX_CANDS; i++) {
		const struct verb_match	*m = &vv->v[i];
		const struct say_frame	*f;

		if (i < sizeof(consumed) && consumed[i])
			continue;
		if ((cl->flag[m->tok] & CL_ATTR) || inside_name(av, m->tok))
			continue;
		alleged = NULL;
		if (cl->flag[m->tok] & CL_SAYVERB) {
			/* A reporting verb that reports something is no event itself,
			 * unless it accuses: "X alleged that Y ..." is X accusing Y. */
			int reports = 0;

			for (size_t k = 0; k < cl->nsay; k++) {
				f = &cl->say[k];
				if (f->verb == m->tok && f->content_end > f->content_start && !f->trailing) {
					reports = 1;
					alleged = f;
				}
			}
			/* "declared a ceasefire", "announced sanctions": a pattern with an
			 * object is an act, whatever the verb reports beside it. */
			if (reports && parties_root(m->code) != 11 && (m->pattern == NULL || m->pattern->nwords == 0))
				continue;
			if (!reports)
				alleged = NULL;
		}
		build(&x, i, &cands[nc]);
		if (alleged != NULL && cands[nc].code != NULL) {
			no_side(&cands[nc].tgt);
			(void)parties_between(&x, alleged->content_start, alleged->content_end, 1, &cands[nc].tgt);
			cands[nc].attrib = NULL;
			accused = alleged;
		}
		if (cands[nc].code == NULL || !cands[nc].src.has)
			continue;
		if (borrowed_from_target(&x, &cands[nc]))
			unborrow(&x, &cands[nc]);
		if (!cands[nc].sub)
			have_main = 1;
		nc++;
	}
	obligations(&x, cands, &nc, MAX_CANDS);
	appeals(&x, cands, &nc, MAX_CANDS);
	statement_content(&x, cands, nc);
	for (size_t i = 0; i < nc; i++) {
		/* What an accusation alleges is the accuser's claim, not a coded fact. */
		if (accused != NULL && cands[i].m->tok >= accused->content_start &&
		    cands[i].m->tok < accused->content_end)
			cands[i].sub = 1;
		have_main |= !cands[i].sub;
	}
	ndm = when_find(s, article_date, dm, MAX_DATES);
	for (size_t i = 0; i < nc; i++) {
		if (cands[i].sub && (have_main || cands[i].g.opaque))
			continue;
		/* Only asides: the first of them, as the sentence's one event. */
		if (cands[i].sub && i > 0 && cands[i].m->tok != cands[0].m->tok)
			continue;
		if ((r = emit_cand(&x, &cands[i], dm, ndm, article_date, out, first)) < 0)
			return r;
	}
	/* What the next sentences may refer back to. */
	if (mem != NULL) {
		for (size_t i = first; i < out->n; i++)
			coref_note_subject(mem, &out->v[i].source, 0);
		for (size_t k = 0; k < cl->nsay && k < sizeof(x.speakers) / sizeof(x.speakers[0]); k++) {
			const struct actor *sp = parties_speaker(&x, &cl->say[k]);

			if (sp != NULL)
				coref_note_subject(mem, sp, 1);
		}
	}
	return 0;
}
