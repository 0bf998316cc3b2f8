/*
 * parties: the subject, speaker and agent searches of the coder, and the
 * countries of roles; the target search is in target.c.
 *
 * See parties.h for the rules. Every search scans the mentions (or tokens)
 * of the window the coder was given once, or a bounded stretch of them; the
 * subject search may follow an earlier verb's subject at most three times.
 */
#include <stdint.h>
#include <string.h>

#include "coref.h"
#include "parties.h"
#include "pos.h"

int
parties_root(const char *code)
{
	return (code[0] - '0') * 10 + (code[1] - '0');
}


int
parties_compound_first(const struct actorvec *av, int k)
{
	return k < 0 ? -1 : av->v[k].compound_first;
}

void
parties_mention(struct side *sd, int idx)
{
	sd->idx = idx;
	sd->has = idx >= 0;
}

void
parties_copy(struct side *sd, const struct actor *a, const struct sentence *s, size_t tok)
{
	sd->idx = -1;
	/* The pronoun's own word is what the sentence says; the code is its
	 * antecedent's, whose words the record gives as its antecedent. */
	actor_refer(&sd->copy, a, (struct span){ s->tok[tok].start, s->tok[tok].end });
	sd->copy.compound_next = -1;
	sd->copy.compound_first = -1;
	sd->copy.tok_start = (uint32_t)tok;
	sd->copy.tok_end = (uint32_t)tok + 1;
	sd->copy.by_name = 1;
	sd->has = 1;
}

const struct actor *
parties_actor(const struct parties *x, const struct side *sd)
{
	if (!sd->has)
		return NULL;
	return sd->idx >= 0 ? &x->av->v[sd->idx] : &sd->copy;
}

/* The speaker of say frame f (index fi), computed once. */
const struct actor *
parties_speaker(struct parties *x, const struct say_frame *f)
{
	size_t			fi = (size_t)(f - x->gc.cl->say);
	const struct sentence	*s = x->gc.s;

	if (fi >= sizeof(x->speakers) / sizeof(x->speakers[0]))
		return NULL;
	if (!x->speaker_done[fi]) {
		struct side *sd = &x->speakers[fi];

		x->speaker_done[fi] = 1;
		memset(sd, 0, sizeof(*sd));
		sd->idx = -1;
		if (f->trailing || sentence_word_is(s, f->verb, "according")) {
			/* The first mention (or pronoun) of the attribution. */
			size_t from = f->trailing ? f->content_end : f->verb + 2;

			for (size_t t = from; t < s->ntok; t++) {
				int k = -1;

				for (size_t a = 0; a < x->av->n; a++)
					if (x->av->v[a].tok_start == t)
						k = (int)a;
				if (k >= 0) {
					parties_mention(sd, parties_compound_first(x->av, k));
					break;
				}
				if (clause_is_pronoun(s->words[t])) {
					const struct actor *p = coref_pronoun(x->mem,
					    strcmp(s->words[t], "we") == 0 ? COREF_SPEAKER :
					    (strcmp(s->words[t], "it") == 0 || strcmp(s->words[t], "they") == 0) ?
					    COREF_GROUP : COREF_PERSON);

					if (p != NULL)
						parties_copy(sd, p, s, t);
					break;
				}
				if (sentence_word_is(s, t, "according") && t != f->verb)
					break;
			}
		} else if (!parties_subject(x, f->verb, sd, 1)) {
			/* "was quoted as saying": the saying's speaker is the quoted one. */
			const struct say_frame *outer = clause_frame_of(x->gc.cl, f->verb);
			const struct actor *o;

			if (outer != NULL && outer != f && (o = parties_speaker(x, outer)) != NULL) {
				sd->idx = -1;
				sd->copy = *o;
				sd->has = 1;
			}
		}
	}
	return parties_actor(x, &x->speakers[fi]);
}

/* Resolve the pronoun at tok. */
static int
pronoun_side(struct parties *x, size_t tok, struct side *ret)
{
	const struct sentence	*s = x->gc.s;
	const char		*w = s->words[tok];
	const struct say_frame	*f = clause_frame_of(x->gc.cl, tok);
	const struct actor	*p = NULL;

	/* In a quotation "we" and "I" are the speaker; in indirect speech ("X said
	 * it would") the third person is. */
	if (f != NULL && (((x->gc.cl->flag[tok] & CL_QUOTE) && !(x->gc.cl->flag[f->verb] & CL_QUOTE)) ?
	    (strcmp(w, "we") == 0 || strcmp(w, "i") == 0 || strcmp(w, "our") == 0) :
	    (strcmp(w, "we") != 0 && strcmp(w, "i") != 0 && strcmp(w, "our") != 0)))
		p = parties_speaker(x, f);
	if (p == NULL) {
		enum coref_pronoun kind = COREF_PERSON;

		if (strcmp(w, "it") == 0 || strcmp(w, "they") == 0 || strcmp(w, "its") == 0 ||
		    strcmp(w, "their") == 0)
			kind = COREF_GROUP;
		else if (strcmp(w, "we") == 0 || strcmp(w, "i") == 0 || strcmp(w, "our") == 0)
			kind = COREF_SPEAKER;
		p = coref_pronoun(x->mem, kind);
		if (p == NULL && kind == COREF_GROUP)
			p = coref_pronoun(x->mem, COREF_PERSON);
	}
	if (p == NULL)
		return 0;
	parties_copy(ret, p, s, tok);
	return 1;
}

/*
 * A quantity before the "of" at p: "a majority of the guards", "hundreds
 * of protesters", "some of the rebels" speak for the group after it.
 */
static int
quantity_before(const struct sentence *s, size_t p)
{
	static const char *const q[] = { "majority", "most", "some", "many", "several", "all", "hundreds",
		"thousands", "dozens", "scores", "millions", "tens", "number", "group", "groups", NULL };

	return p > 0 && (word_in_list(s->words[p - 1], q) || (s->tok[p - 1].flags & TOK_NUMBER));
}

/* A possessive pronoun: "his", "her", "its", "their", "our". */
static int
possessive_pronoun(const struct sentence *s, size_t t)
{
	static const char *const poss[] = { "his", "her", "its", "their", "our", NULL };

	return word_in_list(s->words[t], poss);
}

/* Is there a verb of the clause between token from (inclusive) and mention a? */
static long
verb_before(const struct parties *x, size_t from, const struct actor *a)
{
	for (long t = (long)a->tok_start - 1; t >= (long)from; t--) {
		if (x->gc.cl->flag[t] & CL_VERB)
			return t;
		if (sentence_word_is(x->gc.s, (size_t)t, ";"))
			break;
	}
	return -1;
}

/*
 * The head of an apposition that mention k may stand in: "Pakistan, a key
 * ally of the U.S., refused", "The main Hutu rebel group, Forces for Defence
 * of Democracy (FDD), insisted": the mention before the comma or bracket
 * that opens k, when k is followed by the matching comma or bracket. Of the
 * two the one whose country is known is the subject, else the head.
 * @returns the mention to use (k itself when it stands in none).
 */
static int
apposed_head(const struct parties *x, int k)
{
	const struct sentence	*s = x->gc.s;

	for (int hops = 0; hops < 3 && k > 0; hops++) {
		const struct actor	*a = &x->av->v[k];
		long			 t = (long)a->tok_start - 1;
		int			 h;

		while (t >= 0 && clause_is_det(s->words[t]))
			t--;
		if (t < 1 || (!sentence_word_is(s, (size_t)t, ",") && !sentence_word_is(s, (size_t)t, "(")))
			return k;
		if (a->tok_end >= s->ntok || (!sentence_word_is(s, a->tok_end, ",") && !sentence_word_is(s, a->tok_end, ")")))
			return k;
		if ((h = govern_mention_ending(x->av, (size_t)t)) < 0)
			return k;
		h = x->av->v[h].compound_first;
		/* "The US commander in Iraq, General Petraeus": Iraq is no head. */
		if ((actor_resolved(a) && !actor_resolved(&x->av->v[h])) || clause_prep_of(s, &x->av->v[h], 0) >= 0)
			return k;
		k = h;
	}
	return k;
}

/* Is token k a one-word governor of grammar.txt: a modal ("will", "must", "may")? */
static int
modal_at(const struct parties *x, size_t k)
{
	const struct sentence	*s = x->gc.s;
	const struct lex_entry	*e;
	size_t			 n;

	if ((s->kinds != NULL && !(s->kinds[k] & (1u << LEX_CONTROL))) ||
	    ((s->tok[k].flags & TOK_CAP) && !(s->tok[k].flags & TOK_SENT_START)))
		return 0;
	return (e = lexicon_match(x->gc.lx, LEX_CONTROL, s->words + k, 1, &n)) != NULL && e->ntok == 1;
}

/*
 * The subject of the verb or governor at head. @returns 1 and fills *ret,
 * or 0 when none is found.
 */
/*
 * The mention a right before a verb is its subject unless a preposition
 * governs it; a subordinator that opens the verb's clause is none ("came
 * after the government released", "before troops withdrew").
 */
static int
subject_not_object(const struct parties *x, const struct actor *a, size_t limit, uint8_t hflag)
{
	long p = clause_prep_of(x->gc.s, a, limit);

	if (p < 0)
		return 1;
	return (hflag & CL_SUB) && (x->gc.cl->flag[p] & CL_SUB) && (x->gc.cl->flag[p] & CL_BOUND) &&
	    clause_is_subordinator(x->gc.s->words[p]);
}

/* Does the mention starting at t follow a form of "be" (determiners and modifiers between)? */
static int
predicate_nominal(const struct sentence *s, size_t t, size_t limit)
{
	static const char *const be[] = { "is", "are", "was", "were", "been", "be", NULL };

	if (s->tags == NULL)
		return 0;
	while (t > limit && (s->tags[t - 1] == POS_DT || pos_is_adj(s->tags[t - 1]) || s->tags[t - 1] == POS_CD ||
	    s->tags[t - 1] == POS_RB))
		t--;
	return t > limit && word_in_list(s->words[t - 1], be);
}

int
parties_subject(struct parties *x, size_t head, struct side *ret, int depth)
{
	const struct sentence	*s = x->gc.s;
	const struct say_frame	*f = clause_frame_of(x->gc.cl, head);
	size_t			 limit = f != NULL ? f->content_start : 0;
	uint8_t			 hflag = x->gc.cl->flag[head];
	long			 k = clause_skip_left(s, (long)head - 1), fallback = -1;
	int			 a;

	memset(ret, 0, sizeof(*ret));
	ret->idx = -1;
	/* Skip "on Monday", modals (grammar.txt's one-word governors) and the like right before the verb. */
	while (k >= (long)limit && modal_at(x, (size_t)k))
		k = clause_skip_left(s, k - 1);
	if (k < (long)limit)
		goto speaker;
	/* "Putin said his country will not lift the ban": the possessor's country. */
	if (k >= (long)limit + 1 && (sentence_word_is(s, (size_t)k, "country") ||
	    sentence_word_is(s, (size_t)k, "nation")) && possessive_pronoun(s, (size_t)k - 1) &&
	    pronoun_side(x, (size_t)k - 1, ret) && ret->copy.country[0] != '\0') {
		ret->copy.role[0] = '\0';
		ret->copy.entry = NULL;
		ret->copy.role_entry = NULL;
		ret->copy.person_entry = NULL;
		actor_finish_code(&ret->copy);
		ret->copy.text.end = s->tok[k].end;
		ret->copy.tok_end = (uint32_t)k + 1;
		return 1;
	}
	if (clause_is_pronoun(s->words[k]))
		return pronoun_side(x, (size_t)k, ret);
	if (sentence_word_is(s, (size_t)k, "who") || sentence_word_is(s, (size_t)k, "which") || sentence_word_is(s, (size_t)k, "that")) {
		long t = k - (k > 0 && sentence_word_is(s, (size_t)k - 1, ","));

		if ((a = govern_mention_ending(x->av, (size_t)t)) >= 0) {
			parties_mention(ret, parties_compound_first(x->av, a));
			return 1;
		}
	}
	if ((a = govern_mention_ending(x->av, (size_t)k + 1)) >= 0 && x->av->v[a].tok_start >= limit &&
	    subject_not_object(x, &x->av->v[a], limit, hflag) &&
	    (!(x->gc.cl->flag[x->av->v[a].tok_start] & CL_ATTR) || (hflag & CL_ATTR))) {
		parties_mention(ret, parties_compound_first(x->av, a));
		return 1;
	}
	for (size_t i = x->av->n; i-- > 0;) {
		const struct actor	*m = &x->av->v[i];
		const struct actor	*first = &x->av->v[m->compound_first];
		long			 p, v;

		if (m->tok_end > head || first->tok_start < limit)
			continue;
		if ((x->gc.cl->flag[first->tok_start] & CL_ATTR) && !(hflag & CL_ATTR))
			continue;
		if ((x->gc.cl->flag[first->tok_start] & CL_SUB) && !(hflag & CL_SUB))
			continue;
		if ((p = clause_prep_of(s, first, limit)) >= 0) {
			if (fallback < 0 && sentence_word_is(s, (size_t)p, "of") &&
			    (actor_resolved(m) || quantity_before(s, (size_t)p)))
				fallback = m->compound_first;
			continue;
		}
		/* "Germany has been the second-largest donor, contributing ...": a
		 * predicate after "be" is its subject again, not another party. */
		if (predicate_nominal(s, first->tok_start, limit))
			continue;
		if ((v = verb_before(x, limit, first)) >= 0) {
			/* The object of an earlier verb: "X met Y and criticised Z". */
			if (depth < 3)
				return parties_subject(x, (size_t)v, ret, depth + 1);
			continue;
		}
		parties_mention(ret, apposed_head(x, m->compound_first));
		return 1;
	}
	if (fallback >= 0) {
		parties_mention(ret, fallback);
		return 1;
	}
	/* "he received a letter and will meet the leader": a second predicate
	 * with no mention before it shares the first one's subject. */
	if (sentence_word_is(s, (size_t)k, "and") && s->tags != NULL && depth < 3) {
		for (long v = k - 1; v > (long)limit; v--) {
			if (x->gc.cl->flag[v] & CL_BOUND)
				break;
			if (s->tags[v] == POS_VBD || s->tags[v] == POS_VBZ || s->tags[v] == POS_VBP)
				return parties_subject(x, (size_t)v, ret, depth + 1);
		}
	}
speaker:
	/* "Syria says it will": no subject before the verb inside the report. */
	if (f != NULL && k < (long)limit && k >= 0 && clause_is_pronoun(s->words[k]))
		return pronoun_side(x, (size_t)k, ret);
	return 0;
}

/* Where the objects of an event word ending at from stop. */
size_t
parties_object_bound(const struct parties *x, size_t from, size_t self)
{
	const struct sentence	*s = x->gc.s;
	uint8_t			 sub = x->gc.cl->flag[self] & CL_SUB;

	for (size_t t = from; t < s->ntok; t++) {
		uint8_t f = x->gc.cl->flag[t];

		if (f & (CL_BOUND | CL_ATTR | CL_SAYVERB))
			return t;
		if ((f & CL_SUB) && !sub)
			return t;
		if ((f & CL_VERB) && t != self)
			return t;
		if (sentence_word_is(s, t, "and") && t + 1 < s->ntok && (x->gc.cl->flag[t + 1] & CL_VERB))
			return t;
	}
	return s->ntok;
}

/* Is token t a word of the lexicon's class name ("force": "troops"; "proposal": "request")? */
int
parties_class_word(const struct lexicon *lx, const struct sentence *s, size_t t, const char *name)
{
	int c = lexicon_class_id(lx, name);

	return c >= 0 && ((lexicon_word_classes(lx, s->words[t]) >> c) & 1);
}

int
parties_place_state(struct parties *x, struct side *ret)
{
	if (x->where == NULL || x->where->country[0] == '\0')
		return 0;
	memset(ret, 0, sizeof(*ret));
	memcpy(ret->copy.country, x->where->country, 4);
	memcpy(ret->copy.code, x->where->country, 4);
	ret->copy.text = x->where->span;
	ret->copy.compound_next = ret->copy.compound_first = -1;
	ret->copy.by_context = 1;
	ret->idx = -1;
	ret->has = 1;
	return 1;
}

/* Is mention i one a condition can name: resolved, or a role ("the president")? */
static int
condition_party(const struct parties *x, size_t i)
{
	return actor_resolved(&x->av->v[i]) || x->av->v[i].role[0] != '\0';
}

/*
 * Whom a conditional threat or refusal is aimed at: the first mention after
 * "unless", "if" or "until" ("until the government provides"), or the agent
 * of a passive condition ("until their demands are met by Belgrade").
 */
int
parties_condition(struct parties *x, struct side *ret)
{
	const struct sentence *s = x->gc.s;

	for (size_t t = 0; t < s->ntok; t++) {
		if (!sentence_word_is(s, t, "unless") && !sentence_word_is(s, t, "if") &&
		    !sentence_word_is(s, t, "until"))
			continue;
		for (size_t i = 0; i < x->av->n; i++)
			if (x->av->v[i].tok_start > t && x->av->v[i].tok_start <= t + 4 && condition_party(x, i)) {
				parties_mention(ret, parties_compound_first(x->av, (int)i));
				return 1;
			}
		for (size_t b = t + 1; b < s->ntok && b <= t + 12; b++) {
			if (sentence_word_is(s, b, ",") || (x->gc.cl->flag[b] & (CL_BOUND | CL_SAYVERB)))
				break;
			if (!sentence_word_is(s, b, "by") || b == 0 || s->tags == NULL || s->tags[b - 1] != POS_VBN)
				continue;
			for (size_t i = 0; i < x->av->n; i++)
				if (x->av->v[i].tok_start > b && x->av->v[i].tok_start <= b + 3 && condition_party(x, i)) {
					parties_mention(ret, parties_compound_first(x->av, (int)i));
					return 1;
				}
			break;
		}
	}
	return 0;
}

int
parties_counterpart(struct parties *x, size_t from, struct side *ret)
{
	const struct sentence	*s = x->gc.s;

	for (size_t t = from; t + 1 < s->ntok; t++) {
		if (x->gc.cl->flag[t] & CL_SAYVERB)
			return 0;
		if (!sentence_word_is(s, t + 1, "with") || !(parties_class_word(x->gc.lx, s, t, "agreement") ||
		    parties_class_word(x->gc.lx, s, t, "talks")))
			continue;
		for (size_t i = 0; i < x->av->n; i++)
			if (x->av->v[i].tok_start > t + 1 && x->av->v[i].tok_start <= t + 4 &&
			    actor_resolved(&x->av->v[i])) {
				parties_mention(ret, parties_compound_first(x->av, (int)i));
				return 1;
			}
	}
	return 0;
}

int
parties_role_only(const struct actor *a)
{
	return a->entry == NULL && a->person_entry == NULL && a->name.end == a->name.start && a->role_entry != NULL;
}

/* The first mention in [from, to) outside phrases: a verb's object before an adjunct. */
int
parties_between(struct parties *x, size_t from, size_t to, int roles, struct side *ret)
{
	for (size_t i = 0; i < x->av->n; i++) {
		const struct actor *a = &x->av->v[i];

		if (a->tok_start >= from && a->tok_end <= to && a->compound_first == (int)i &&
		    (roles ? condition_party(x, i) : actor_resolved(a)) && clause_prep_of(x->gc.s, a, from) < 0 &&
		    !(x->gc.cl->flag[a->tok_start] & (CL_ATTR | CL_SUB))) {
			parties_mention(ret, (int)i);
			return 1;
		}
	}
	return 0;
}

int
parties_purpose_object(struct parties *x, size_t t, struct side *ret)
{
	long v;

	for (v = (long)t - 1; v >= 0 && t - (size_t)v <= 12; v--) {
		/* "has summoned": a participle after an auxiliary is the verb too. */
		if ((x->gc.cl->flag[v] & CL_VERB) || (x->gc.s->tags != NULL && x->gc.s->tags[v] == POS_VBN))
			break;
		if (x->gc.cl->flag[v] & CL_BOUND)
			return 0;
	}
	if (v < 0 || t - (size_t)v > 12)
		return 0;
	if (!parties_between(x, (size_t)v + 1, t, 0, ret))
		return 0;
	/* "sent seven military experts to Saudi Arabia to investigate": when
	 * the object is people sent, named by a role alone, the purpose is
	 * aimed where they were sent. */
	if (ret->idx >= 0 && parties_role_only(&x->av->v[ret->idx]))
		for (size_t i = 0; i < x->av->n; i++) {
			const struct actor	*a = &x->av->v[i];
			long			 p;

			if (a->tok_start < x->av->v[ret->idx].tok_end || a->tok_end > t ||
			    a->compound_first != (int)i || !actor_resolved(a))
				continue;
			p = clause_prep_of(x->gc.s, a, (size_t)v + 1);
			if (p >= 0 && (sentence_word_is(x->gc.s, (size_t)p, "to") ||
			    sentence_word_is(x->gc.s, (size_t)p, "into"))) {
				parties_mention(ret, (int)i);
				break;
			}
		}
	return 1;
}

int
parties_purpose_target(struct parties *x, size_t from, struct side *ret)
{
	const struct sentence	*s = x->gc.s;
	size_t			 t, v = 0, end;
	int			 found = 0;

	if (s->tags == NULL)
		return 0;
	for (t = from; t < s->ntok && t < from + 10; t++) {
		if (sentence_word_is(s, t, "to") && t + 1 < s->ntok && s->tags[t + 1] == POS_VB) {
			v = t + 1;
			found = 1;
			break;
		}
		/* ", calling for", "demanding": a participle after the event's clause */
		if (s->tags[t] == POS_VBG && t > from && !(x->gc.cl->flag[t] & CL_ATTR)) {
			v = t;
			found = 1;
			break;
		}
		if ((x->gc.cl->flag[t] & (CL_BOUND | CL_ATTR | CL_SAYVERB)) && !sentence_word_is(s, t, ","))
			return 0;
	}
	if (!found)
		return 0;
	for (end = v + 1; end < s->ntok && end < v + 16; end++)
		if (x->gc.cl->flag[end] & (CL_ATTR | CL_SAYVERB) || sentence_word_is(s, end, ";") ||
		    sentence_word_is(s, end, ","))
			break;
	for (size_t i = 0; i < x->av->n; i++) {
		const struct actor *a = &x->av->v[i];

		if (a->tok_start > v && a->tok_start < end && a->compound_first == (int)i && actor_resolved(a)) {
			parties_mention(ret, (int)i);
			return 1;
		}
	}
	return 0;
}

/* The first mention after "that" following token t ("demanded that the government ..."). */
int
parties_that(struct parties *x, size_t t, struct side *ret)
{
	const struct sentence *s = x->gc.s;

	if (!sentence_word_is(s, t, "that"))
		return 0;
	for (size_t i = 0; i < x->av->n; i++)
		if (x->av->v[i].tok_start > t && x->av->v[i].tok_start <= t + 4 &&
		    clause_prep_of(s, &x->av->v[i], t + 1) < 0) {
			parties_mention(ret, parties_compound_first(x->av, (int)i));
			return 1;
		}
	return 0;
}

/* The subject of the sentence's main clause: its first mention outside phrases and asides. */
int
parties_main_subject(struct parties *x, struct side *ret)
{
	const struct sentence *s = x->gc.s;

	for (size_t i = 0; i < x->av->n; i++) {
		const struct actor *a = &x->av->v[i];

		if (a->compound_first != (int)i || !actor_resolved(a) ||
		    (x->gc.cl->flag[a->tok_start] & (CL_ATTR | CL_SUB)) || clause_prep_of(s, a, 0) >= 0)
			continue;
		parties_mention(ret, (int)i);
		return 1;
	}
	return 0;
}

/*
 * The actor after a "by" among the first reach tokens after event word m
 * (up to its objects' bound), or none if that "by" follows a participle and
 * noun is set ("the visit was approved by Germany" names no agent of the
 * visit).
 */
static int
by_agent(struct parties *x, const struct verb_match *m, size_t reach, int noun, struct side *ret)
{
	const struct sentence	*s = x->gc.s;
	size_t			 to = parties_object_bound(x, m->tok_end, m->tok);

	memset(ret, 0, sizeof(*ret));
	ret->idx = -1;
	for (size_t t = m->tok_end; t < to && t - m->tok_end < reach; t++) {
		if (!sentence_word_is(s, t, "by"))
			continue;
		if (noun && t > 0 && s->tags != NULL && s->tags[t - 1] == POS_VBN)
			return 0;
		for (size_t i = 0; i < x->av->n; i++) {
			const struct actor *a = &x->av->v[i];

			if (a->tok_start > t && a->tok_start <= t + 4 && a->tok_start < to) {
				parties_mention(ret, a->compound_first);
				return 1;
			}
		}
		return 0;
	}
	return 0;
}

/* The "by" agent of a passive. */
int
parties_agent(struct parties *x, const struct verb_match *m, struct side *ret)
{
	return by_agent(x, m, SIZE_MAX, 0, ret);
}

int
parties_noun_agent(struct parties *x, const struct verb_match *m, struct side *ret)
{
	return by_agent(x, m, 4, 1, ret);
}

/* ------------------------------------------------------------ context */

static int	is_country_code(const char *c);

/* A country code: no organisation or region (actor.h). */
static int
is_country_code(const char *c)
{
	return actor_code_is_country(c);
}

/*
 * Give mentions with a role and no country the nearest country of the
 * sentence ("President Yoweri Museveni ... Ugandan opposition"), else the
 * article's main country.
 */
/*
 * The mention that owns a role mention a: "supporters of former President
 * Ben Bella", "a delegation of the OSCE", "an adviser to
 * Iraq's prime minister", "a spokesman for Hamas": one that a preposition
 * joins to a within a few words. @returns its index, or -1.
 */
static int
owner_of(const struct parties *x, const struct actor *a)
{
	static const char *const joins[] = { "of", "to", "for", "from", "in", NULL };
	static const char *const owned[] = { "its", "their", "his", "her", "our", "my", NULL };
	const struct sentence	*s = x->gc.s;
	size_t			 t = a->tok_end;
	int			 member = 0, located = 0;

	if (t >= s->ntok || !word_in_list(s->words[t], joins))
		return -1;
	/* "observers from the OSCE": a member of an organisation, not troops from a
	 * place; "an organisation in Northern Ireland": where a group of no sector is. */
	member = strcmp(s->words[t], "from") == 0;
	located = strcmp(s->words[t], "in") == 0;
	if (located && a->role[0] != '\0')
		return -1;	/* roles with a sector: parties_fill_context's own "in" rule */
	/* "sent its troops to Syria": owned already, and "to" is where they go. */
	if (a->tok_start > 0 && word_in_list(s->words[a->tok_start - 1], owned))
		return -1;
	/* "to" ties an envoy or adviser to whom he serves, not troops to where they go. */
	if (strcmp(s->words[t], "to") == 0 && a->role[0] != '\0' && strcmp(a->role, "GOV") != 0)
		return -1;
	for (size_t k = 0; k < x->av->n; k++) {
		const struct actor *b = &x->av->v[k];

		if (b->tok_start > t && b->tok_start <= t + 3 && actor_resolved(b)) {
			for (size_t u = t + 1; u < b->tok_start; u++)
				if (!clause_is_det(s->words[u]) && !(s->tok[u].flags & TOK_NUMBER) &&
				    (s->tags == NULL || !pos_is_adj(s->tags[u])))
					return -1;
			if (member && (b->entry == NULL || b->country[0] != '\0'))
				return -1;	/* only an organisation has members */
			if (located && (b->entry == NULL || b->entry->kind != LEX_ACTOR || strlen(b->entry->code) != 3))
				return -1;	/* only a country says where */
			return (int)k;
		}
	}
	return -1;
}

/*
 * Is a a group of states ("Gulf states", "African countries", "U.S.
 * allies": sector "*" in roles.txt)? Many countries are never one: no
 * country is filled in for it from its owner or its context.
 */
static int
many_states(const struct actor *a)
{
	return a->role_entry != NULL && a->role_entry->code[0] == '*';
}

/*
 * Role mentions with no country of their own that a preposition ties to
 * an actor take that actor's country (or organisation), right to left so
 * that a chain resolves: "a team of monitors of the OSCE". This is
 * what the sentence says, so it holds for sector-less nouns too.
 */
static void
fill_owners(struct parties *x)
{
	struct actorvec *av = x->av;

	for (size_t i = av->n; i-- > 0;) {
		struct actor	*a = &av->v[i];
		const struct actor *b;
		int		 k;

		if (actor_resolved(a) || a->role_entry == NULL || many_states(a) || (k = owner_of(x, a)) < 0)
			continue;
		b = &av->v[k];
		if (b->country[0] != '\0' && is_country_code(b->country))
			memcpy(a->country, b->country, sizeof(a->country));
		else if (b->entry != NULL && b->entry->kind == LEX_ACTOR)
			a->entry = b->entry;	/* "monitors from the OSCE": the organisation */
		else
			continue;
		a->by_name = b->by_name;
		a->by_context = b->by_context;
		actor_finish_code(a);
	}
}

/*
 * "ethnic Albanians in south Serbia", "ethnic Russians demonstrated in
 * Ukraine": an ethnic group named by a demonym belongs to the country it
 * lives in, named right after it or as the sentence's place, not to the
 * state its demonym names.
 */
static void
fill_ethnic(struct parties *x)
{
	const struct sentence	*s = x->gc.s;
	struct actorvec		*av = x->av;

	for (size_t i = 0; i < av->n; i++) {
		struct actor	*a = &av->v[i];
		const char	*iso = NULL;

		if (a->tok_start == 0 || !sentence_word_is(s, a->tok_start - 1, "ethnic") || a->entry == NULL ||
		    a->entry->kind != LEX_DEMONYM)
			continue;
		for (size_t k = 0; k < av->n && sentence_word_is(s, a->tok_end, "in"); k++) {
			const struct actor *b = &av->v[k];

			if (b->tok_start > a->tok_end && b->tok_start <= a->tok_end + 3 && b->country[0] != '\0' &&
			    is_country_code(b->country) && clause_prep_of(s, b, a->tok_end) == (long)a->tok_end)
				iso = b->country;
		}
		if (iso == NULL && x->where != NULL && x->where->country[0] != '\0')
			iso = x->where->country;
		if (iso == NULL || strcmp(iso, a->country) == 0)
			continue;
		memcpy(a->country, iso, 3);
		a->country[3] = '\0';
		a->by_context = 1;
		actor_finish_code(a);
	}
}

void
parties_fill_context(struct parties *x)
{
	struct actorvec *av = x->av;

	fill_ethnic(x);
	fill_owners(x);

	for (size_t i = 0; i < av->n; i++) {
		struct actor	*a = &av->v[i];
		const char	*iso = NULL;
		size_t		 best = (size_t)-1;
		int		 located;

		/* Roles, with a sector or not ("elders", "protesters", "Hutu rebels"). */
		if (actor_resolved(a) || a->role_entry == NULL || many_states(a))
			continue;
		/* "militias in Iraq", "the government of Sindh": where they are comes first. */
		if (a->tok_end + 1 < x->gc.s->ntok && (sentence_word_is(x->gc.s, a->tok_end, "in") || sentence_word_is(x->gc.s, a->tok_end, "of"))) {
			for (size_t k = 0; k < av->n; k++)
				if (av->v[k].tok_start >= a->tok_end + 1 && av->v[k].tok_start <= a->tok_end + 2 &&
				    av->v[k].country[0] != '\0' && is_country_code(av->v[k].country))
					iso = av->v[k].country;
		}
		/* "Iranian television said the navy had seized ...": a reported role is
		 * the reporter's country's. */
		if (iso == NULL) {
			const struct say_frame	*f = clause_frame_of(x->gc.cl, a->tok_start);
			const struct actor	*sp;

			if (f != NULL && !f->trailing && (sp = parties_speaker(x, f)) != NULL && sp != a &&
			    sp->country[0] != '\0' && is_country_code(sp->country))
				iso = sp->country;
		}
		located = iso != NULL;
		for (size_t k = 0; k < av->n; k++) {
			const struct actor	*b = &av->v[k];
			size_t			 d;

			if (located || k == i || b->country[0] == '\0' || b->by_context ||
			    !is_country_code(b->country) ||
			    ((x->gc.cl->flag[b->tok_start] & CL_ATTR) && !(x->gc.cl->flag[a->tok_start] & CL_ATTR)))
				continue;
			d = b->tok_start > a->tok_start ? b->tok_start - a->tok_start : a->tok_start - b->tok_start;
			if (d < best) {
				best = d;
				iso = b->country;
			}
		}
		if (iso == NULL && x->where != NULL && x->where->country[0] != '\0')
			iso = x->where->country;
		if (iso == NULL)
			iso = coref_main_country(x->mem);
		if (iso == NULL)
			continue;
		memcpy(a->country, iso, 3);
		a->country[3] = '\0';
		a->by_context = 1;
		actor_finish_code(a);
	}
	/* "supporters of former President Ben Bella", whose country came from context. */
	fill_owners(x);
}

