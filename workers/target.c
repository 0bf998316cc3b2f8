/*
 * target: the target search of the coder (parties_target(), declared in
 * parties.h with the other searches): the object of the event word or of a
 * preposition that fits its code, the pattern's own preposition, a party
 * named inside the object, the place of an act of force, a coordinated or
 * shared object, and for violence the thing it hit.
 *
 * See parties.h for the rules; one scan of the window's mentions.
 */
#include <stdint.h>
#include <string.h>

#include "parties.h"
#include "pos.h"

/* Can the preposition at p introduce the target of an event with code (noun: an event noun)? */
static int
target_prep(const struct sentence *s, long p, const char *code, int noun)
{
	const char	*w;
	int		 root = parties_root(code);

	if (p < 0)
		return 1;
	w = s->words[p];
	/* "fired at", "shouted at": "at" names a target of conflict only ("talks at the palace"). */
	if (strcmp(w, "at") == 0)
		return root >= 10;
	/* "demonstrated outside the U.S. embassy": a protest's target is where it is held */
	if (strcmp(w, "outside") == 0)
		return root == 14;
	if (strcmp(w, "with") == 0 || strcmp(w, "to") == 0 || strcmp(w, "against") == 0 ||
	    strcmp(w, "toward") == 0 || strcmp(w, "towards") == 0 ||
	    strcmp(w, "into") == 0 || strcmp(w, "upon") == 0 || strcmp(w, "onto") == 0 ||
	    strcmp(w, "between") == 0 || strcmp(w, "among") == 0)
		return 1;
	if (strcmp(w, "from") == 0)
		return noun ? (root == 8 || root == 16 || root == 17) : root >= 8;
	if (strcmp(w, "on") == 0)
		return root >= 10 || root == 8 || strncmp(code, "035", 3) == 0;
	if (strcmp(w, "for") == 0)
		/* "support for X", "aid for X", "permission for X", "an arrest warrant for X" */
		return root == 5 || root == 7 || root == 2 || root == 3 || root == 8 || root == 17;
	if (strcmp(w, "of") == 0)
		return noun ? (root >= 8 || root == 5) : 1;
	if (strcmp(w, "over") == 0)
		return root == 11 || root == 12 || root == 13;
	return 0;
}

/* The first mention after "over", "about" or "against" in [from, to), or -1. */
static int
complaint_object(const struct parties *x, size_t from, size_t to)
{
	for (size_t i = 0; i < x->av->n; i++) {
		const struct actor	*a = &x->av->v[i];
		long			 p;

		if (a->tok_start < from || a->tok_start >= to || !actor_resolved(a))
			continue;
		p = clause_prep_of(x->gc.s, a, from);
		if (p >= 0 && (sentence_word_is(x->gc.s, (size_t)p, "over") || sentence_word_is(x->gc.s, (size_t)p, "about") ||
		    sentence_word_is(x->gc.s, (size_t)p, "against")))
			return a->compound_first;
	}
	return -1;
}

/*
 * Acts done in a place, whose place names their target when nothing else
 * does: protest and force (roots 14 to 20); de-escalation, truces and
 * withdrawals (087, and agreeing to one, 0356); curfews and states of
 * emergency eased or threatened (0813, 0814, 1323, 1324); refuge sought
 * in a country (0233).
 */
static int
physical(const char *code)
{
	static const char *const placed[] = { "087", "0356", "0813", "0814", "1323", "1324", "0233", NULL };

	if (parties_root(code) >= 14)
		return 1;
	for (size_t i = 0; placed[i] != NULL; i++)
		if (strncmp(code, placed[i], strlen(placed[i])) == 0)
			return 1;
	return 0;
}

/*
 * Does an event of code answer a proposal, so that the proposal's author is
 * its target: endorsing (05), yielding (08: "accepted the demands of the
 * protesters"), criticising (11) and rejecting (12)?
 */
static int
answers_proposal(const char *code)
{
	int root = parties_root(code);

	return root == 5 || root == 8 || root == 11 || root == 12;
}

/*
 * Can an event of code send forces somewhere: offers and refusals of aid
 * (03x, 12x), aid (07x), deployments (15x)? Not a release (0353, 084: the
 * released go to someone, and are the target) nor an arrest.
 */
static int
sends_forces(const char *code)
{
	int root = parties_root(code);

	if (strncmp(code, "0353", 4) == 0 || strncmp(code, "1243", 4) == 0)
		return 0;
	return root == 3 || root == 7 || root == 12 || root == 15;
}

/* Is token t one that matched a further word of m's pattern? */
static int
pattern_word_at(const struct verb_match *m, size_t t)
{
	for (uint8_t k = 0; k < m->nwords; k++)
		if (m->tok + m->words[k] == t)
			return 1;
	return 0;
}

/*
 * Does pattern m end in a class of things ("provide {information}", "lift
 * {restriction}"), whose word names what is acted with, not whom?
 */
static int
thing_pattern(const struct lexicon *lx, const struct verb_match *m)
{
	const struct verb_pattern	*p = m->pattern;
	int				 c;

	if (p == NULL || p->nwords == 0 || (c = p->wclass[p->nwords - 1]) < 0 || c == LEX_CLASS_NAME)
		return 0;
	return c != lexicon_class_id(lx, "person") && c != lexicon_class_id(lx, "force");
}

/*
 * Does word t name a thing that is given or shared ("share intelligence":
 * "military intelligence" is what is shared, though "intelligence" is also
 * a role word)?
 */
static int
thing_word(const struct lexicon *lx, const struct sentence *s, size_t t)
{
	static const char *const things[] = { "information", "property", "weapon", "money", "aid" };

	for (size_t k = 0; k < sizeof(things) / sizeof(things[0]); k++)
		if (parties_class_word(lx, s, t, things[k]))
			return 1;
	return 0;
}

/*
 * Is the mention after preposition p part of event word m's direct object,
 * so that it stands for the object when the object's head names no party:
 * "spurned offers of talks by the Kabul government", "sought loans from
 * the IMF", "denied charges by consumer groups"? The object starts right
 * after the event word and p ("by", "from", "of") follows one of its
 * nouns. "for" is left out: on 2,000 Reuters stories what an object is
 * "for" was a topic or a beneficiary about as often as a party ("options
 * for the brokerage"), where "by" and "from" named the party in about
 * three cases of four.
 */
static int
nested_in_object(const struct parties *x, const struct verb_match *m, size_t from, long p)
{
	const struct sentence	*s = x->gc.s;
	const char		*w;
	enum pos_class		 c;
	int			 preps = 0;

	if (p <= (long)from || m->noun != NULL || m->passive || s->tags == NULL || sentence_word_is(s, from, "that"))
		return 0;
	w = s->words[p];
	if (strcmp(w, "of") != 0 && strcmp(w, "by") != 0 && strcmp(w, "from") != 0)
		return 0;
	/* A noun phrase opens the object: not "agreed that", "agreed early today by". */
	c = pos_coarse(s->tags[from]);
	if (c != POSC_DET && c != POSC_ADJ && c != POSC_NOUN && c != POSC_NUM && s->tags[from] != POS_PRPS)
		return 0;
	/* One phrase deep at most ("offers of talks by X", not "an end to the
	 * system of hostels for X"), and no verb on the way. */
	for (long t = (long)from; t < p; t++) {
		if (s->tags[t] == POS_IN || s->tags[t] == POS_TO)
			preps++;
		/* "concessions sought by Brazil from banks": a participle's phrase;
		 * "repeated offers" is a participle before its noun. */
		if (pos_coarse(s->tags[t]) == POSC_VERB && !(t + 1 < p && pos_coarse(s->tags[t + 1]) == POSC_NOUN))
			return 0;
	}
	return preps <= 1 && pos_coarse(s->tags[p - 1]) == POSC_NOUN && !sentence_time_word(s->words[p - 1]);
}

/*
 * "convicted a Norwegian man of spying and sentenced him": the object
 * pronoun of the second of two verbs joined by "and" stands for the first
 * verb's object. @returns that mention's index, or -1.
 */
static int
coordinated_object(const struct parties *x, const struct verb_match *m)
{
	static const char *const objects[] = { "him", "her", "them", NULL };
	const struct sentence	*s = x->gc.s;
	size_t			 conj = m->tok - 1;
	long			 v;

	if (m->tok < 2 || m->noun != NULL || m->tok + 1 >= s->ntok || !word_in_list(s->words[m->tok + 1], objects) ||
	    !sentence_word_is(s, conj, "and"))
		return -1;
	for (v = (long)conj - 1; v >= 0 && !(x->gc.cl->flag[v] & CL_VERB); v--)
		if ((x->gc.cl->flag[v] & CL_BOUND) && v + 1 != (long)conj)
			return -1;
	if (v < 0)
		return -1;
	for (size_t i = 0; i < x->av->n; i++) {
		const struct actor *a = &x->av->v[i];

		if (a->tok_start > (size_t)v && a->tok_end <= conj && a->compound_first == (int)i &&
		    actor_resolved(a) && clause_prep_of(s, a, (size_t)v + 1) < 0)
			return (int)i;
	}
	return -1;
}

/*
 * "donated and delivered goods to the school", "arrested and charged three
 * men": a verb with no object of its own, joined by "and" to the next event
 * verb, shares that verb's object. @returns the next verb, or NULL.
 */
static const struct verb_match *
shared_object_verb(const struct parties *x, const struct verb_match *m)
{
	const struct sentence	*s = x->gc.s;
	size_t			 t = m->tok_end + 1;

	if (m->noun != NULL || m->passive || !sentence_word_is(s, m->tok_end, "and"))
		return NULL;
	while (t < s->ntok && s->tags != NULL && pos_is_adv(s->tags[t]))
		t++;	/* "and personally delivered" */
	for (size_t k = 0; k < x->gc.vv->n; k++)
		if (x->gc.vv->v[k].tok == t && x->gc.vv->v[k].noun == NULL && !x->gc.vv->v[k].passive)
			return &x->gc.vv->v[k];
	return NULL;
}

/*
 * Does "with" + mention w follow the noun that possessive mention a owns,
 * with only modifiers between ("Venezuela's land borders with Brazil"),
 * not a clause of its own ("North Korea's demand to sever an alliance with
 * Washington")?
 */
static int
owned_noun_then_with(const struct parties *x, const struct actor *a, int w)
{
	const struct sentence	*s = x->gc.s;
	long			 p = clause_prep_of(s, &x->av->v[w], a->tok_end);

	if (p < 0 || s->tags == NULL || (size_t)p - a->tok_end > 4)
		return 0;
	for (size_t t = a->tok_end; t < (size_t)p; t++)
		if (!pos_is_noun(s->tags[t]) && !pos_is_adj(s->tags[t]))
			return 0;
	return 1;
}

/*
 * The target of event word m: its object, or the object of a preposition
 * that can introduce one. Mentions inside a verb pattern count ("gave
 * Tanzania a grant" for "give grant"). For material acts of conflict and
 * protest (roots 14 to 20), the place where they happen is the target when
 * nothing else is: "imposed a curfew in Cizre", "protested in Serbia".
 */
/*
 * The object phrase the place of an act follows: "attacked an army base in
 * Kandahar". Tokens [from, p) must be a plain noun phrase (determiners,
 * numbers, adjectives, nouns) ending in a common noun, at most six words.
 * @returns its first token, or -1.
 */
static long
object_before_place(const struct sentence *s, size_t from, size_t p)
{
	if (s->tags == NULL || p <= from || p - from > 6 || (s->tags[p - 1] != POS_NN && s->tags[p - 1] != POS_NNS))
		return -1;
	for (size_t t = from; t < p; t++) {
		int g = s->tags[t];

		if (g != POS_DT && g != POS_CD && g != POS_PRPS && !pos_is_adj(g) && !pos_is_noun(g) &&
		    !(g == POS_PUNCT && sentence_word_is(s, t, "-")))
			return -1;
	}
	return (long)from;
}

/*
 * Is code an act whose object may be the source's own people or things,
 * given, sent, offered, supported or withheld ("offered its troops to",
 * "sent their peacekeeping force", "reaffirmed his administration's
 * commitment"), or said of them ("affirmed its rating")? Appeals, talks,
 * demands, criticism, threats, protests and violence aim at whoever "her
 * colleagues" names ("urged its shareholders", "held talks with its
 * creditors", "issued an ultimatum to her colleagues", "killed its victims").
 */
static int
owns_what_it_gives(const char *code)
{
	int root = parties_root(code);

	if (sends_forces(code))
		return 1;
	return !(root == 2 || root == 4 || root == 10 || root == 11 || root == 13 || root == 14 || root >= 18);
}

/* Is code the return of property (0842: "returned six Iraqi artifacts", "the bodies of")? */
static int
returns_property(const char *code)
{
	return strncmp(code, "0842", 4) == 0;
}

/* Is code an act on things as much as on people: violence (18-20), seizing or destroying property (171), occupying (192)? */
static int
hits_things(const char *code)
{
	return parties_root(code) >= 18 || strncmp(code, "171", 3) == 0 || strncmp(code, "192", 3) == 0;
}

/*
 * The plain noun phrase at token t, before to: determiners, numbers,
 * possessive pronouns, adjectives and common nouns, at most six words,
 * ending in a common noun. @returns the token after it, or t when there is
 * none.
 */
static size_t
noun_phrase(const struct sentence *s, size_t t, size_t to)
{
	size_t from = t;

	while (t < to && t - from < 6 && (s->tags[t] == POS_DT || s->tags[t] == POS_CD || s->tags[t] == POS_PRPS ||
	    pos_is_adj(s->tags[t]) || s->tags[t] == POS_NN || s->tags[t] == POS_NNS))
		t++;
	if (t == from || (s->tags[t - 1] != POS_NN && s->tags[t - 1] != POS_NNS))
		return from;
	return t;
}

/* Make *ret a target of no country whose words are tokens [start, end) of s. */
static int
phrase_target(const struct sentence *s, size_t start, size_t end, struct side *ret)
{
	memset(&ret->copy, 0, sizeof(ret->copy));
	ret->copy.text = (struct span){ s->tok[start].start, s->tok[end - 1].end };
	ret->copy.name = (struct span){ 0, 0 };
	ret->copy.tok_start = (uint32_t)start;
	ret->copy.tok_end = (uint32_t)end;
	ret->copy.head = (uint32_t)(end - 1);
	ret->copy.compound_next = ret->copy.compound_first = -1;
	ret->idx = -1;
	ret->has = 1;
	return 1;
}

/*
 * The target when no party is named, from the words of the object:
 *  - what an act of violence hit: the phrase right after the pattern
 *    (after "on", "against" or "at") ending in a noun of the classes "hit"
 *    (things made, places: wordnet.txt) or "way" ("attacked a village",
 *    "opened fire on a bus", "stormed a police checkpoint");
 *  - people no role names: a direct object ending in a noun of the class
 *    "person" ("released earthquake victims", "urged its shareholders").
 * @returns 1 and fills *ret with a target of no country, or 0.
 */
static int
object_words(const struct parties *x, const struct verb_match *m, const char *code, size_t to, struct side *ret)
{
	const struct sentence	*s = x->gc.s;
	size_t			 t = m->tok_end, end;

	if (s->tags == NULL || m->noun != NULL || m->passive || t >= to)
		return 0;
	if (hits_things(code)) {
		size_t u = t;

		if (sentence_word_is(s, u, "on") || sentence_word_is(s, u, "against") || sentence_word_is(s, u, "at"))
			u++;
		end = noun_phrase(s, u, to);
		if (end > u && (end >= s->ntok || !(s->tok[end].flags & TOK_POSS)) &&
		    (parties_class_word(x->gc.lx, s, end - 1, "hit") || parties_class_word(x->gc.lx, s, end - 1, "way")))
			return phrase_target(s, u, end, ret);
	}
	end = noun_phrase(s, t, to);
	if (end > t && (end >= s->ntok || !(s->tok[end].flags & TOK_POSS)) &&
	    parties_class_word(x->gc.lx, s, end - 1, "person"))
		return phrase_target(s, t, end, ret);
	return 0;
}

int
parties_target(struct parties *x, const struct verb_match *m, const char *code, struct side *ret, int *between)
{
	const struct sentence	*s = x->gc.s;
	size_t			 from = m->noun != NULL ? m->tok_end : m->tok + 1;
	size_t			 to = parties_object_bound(x, m->tok_end, m->tok);
	int			 place = -1, first = -1, later_to = -1, later_with = -1, nested = -1;
	long			 first_prep = -1;

	memset(ret, 0, sizeof(*ret));
	ret->idx = -1;
	*between = 0;
	for (size_t i = 0; i < x->av->n; i++) {
		const struct actor	*a = &x->av->v[i];
		long			 p;

		if (a->tok_start < from || a->tok_start >= to || a->compound_first != (int)i)
			continue;
		/* "providing military intelligence to Macedonia": the pattern's own
		 * last word ("provide {information}") is what is given, not to whom. */
		if (a->tok_start < m->tok_end && a->tok_end >= m->tok_end && (thing_pattern(x->gc.lx, m) ||
		    (m->noun == NULL && m->nwords > 0 && a->tok_end == m->tok_end &&
		    thing_word(x->gc.lx, s, m->tok_end - 1))))
			continue;
		p = clause_prep_of(s, a, from);
		if (m->passive && p >= 0 && sentence_word_is(s, (size_t)p, "by"))
			continue;
		/* "warned of", but "the release of two sailors": a verb pattern's
		 * word read as a noun takes its object after "of". */
		if (p == (long)m->tok + 1 && m->noun == NULL && sentence_word_is(s, (size_t)p, "of") &&
		    !(s->tags != NULL && pos_is_noun(s->tags[m->tok])))
			continue;
		/* "offered its troops to", "their peacekeeping force": the actor's own,
		 * unless they name a country ("his Japanese counterpart"). */
		if (a->tok_start > 0 && (a->country[0] == '\0' || a->by_context) &&
		    (owns_what_it_gives(code) || owns_what_it_gives(m->code)) &&
		    (sentence_word_is(s, a->tok_start - 1, "its") || sentence_word_is(s, a->tok_start - 1, "their") ||
		    sentence_word_is(s, a->tok_start - 1, "his") || sentence_word_is(s, a->tok_start - 1, "her") ||
		    sentence_word_is(s, a->tok_start - 1, "our")))
			continue;
		/* "reaffirmed the EU's support for Ireland": the possessor of the
		 * pattern's noun is whose support it is, not whom it is for. */
		if (a->tok_end < m->tok_end && a->tok_end > a->tok_start && pattern_word_at(m, a->tok_end) &&
		    (s->tok[a->tok_end - 1].flags & TOK_POSS))
			continue;
		/* "mobilized army reservists": a force posture's forces are the source's own. */
		if (parties_root(m->code) == 15 && a->by_context && a->entry == NULL)
			continue;
		/* "arrive in X", "withdraw from X": the pattern's own preposition. */
		if (p >= (long)m->tok && p < (long)m->tok_end && m->noun == NULL && pattern_word_at(m, (size_t)p)) {
			*between = 0;
			parties_mention(ret, (int)i);
			return 1;
		}
		/* "complained to the UN over Israeli raids": the complaint is about the second. */
		if (strncmp(code, "114", 3) == 0 && p >= 0 && sentence_word_is(s, (size_t)p, "to") &&
		    complaint_object(x, a->tok_end, to) >= 0) {
			parties_mention(ret, complaint_object(x, a->tok_end, to));
			return 1;
		}
		/* "refused a request by President Obama", "rejected an offer from
		 * Afghanistan", "welcomed the decision by the Forum": a rejection,
		 * a criticism or a welcome answers whoever made the proposal. */
		if (answers_proposal(code) && p > (long)from && (sentence_word_is(s, (size_t)p, "by") ||
		    sentence_word_is(s, (size_t)p, "from") || (sentence_word_is(s, (size_t)p, "of") &&
		    (parties_root(code) == 8 || parties_root(code) == 12))) &&
		    parties_class_word(x->gc.lx, s, (size_t)p - 1, "proposal") && first < 0) {
			parties_mention(ret, (int)i);
			return 1;
		}
		if (!target_prep(s, p, m->code, m->noun != NULL) && !target_prep(s, p, code, m->noun != NULL)) {
			/* "imposed a curfew in Cizre"; "attended a summit in Switzerland":
			 * the country that hosts a meeting. */
			/* "provides support for agri-businesses in Nigeria": aid goes
			 * to the place its receivers are in. */
			if (place < 0 && p >= 0 && sentence_word_is(s, (size_t)p, "in") && actor_resolved(a) &&
			    (physical(m->code) || ((parties_root(code) == 4 || parties_root(code) == 7) &&
			    a->entry != NULL && strlen(a->entry->code) == 3)))
				place = (int)i;
			else if (nested < 0 && nested_in_object(x, m, from, p))
				nested = (int)i;
			continue;
		}
		if (first < 0) {
			first = (int)i;
			first_prep = p;
			*between = p >= 0 && (sentence_word_is(s, (size_t)p, "between") ||
			    sentence_word_is(s, (size_t)p, "among"));
			continue;
		}
		/* "returned the bodies of two soldiers to Israel": whose remains
		 * are handed back is no party either. */
		if ((first_prep >= 0 && !(returns_property(code) && sentence_word_is(s, (size_t)first_prep, "of"))) ||
		    *between || p < 0)
			continue;
		if (later_to < 0 && (sentence_word_is(s, (size_t)p, "to") || sentence_word_is(s, (size_t)p, "into")))
			later_to = (int)i;
		if (later_with < 0 && sentence_word_is(s, (size_t)p, "with"))
			later_with = (int)i;
	}
	if (first >= 0) {
		const struct actor *a = &x->av->v[first];

		/* "sent troops to Syria", "refused to send peacekeepers to Darfur",
		 * "extradited the preacher to the US", "returned six Iraqi artifacts
		 * to the government of Iraq", "returned the bodies of two soldiers
		 * to Israel": what is sent is no party (a force is sent even when
		 * named), nor whom cooperation hands over, nor whose the thing given
		 * or handed back is; where it goes is. */
		if (later_to >= 0 && returns_property(code))
			first = later_to;
		else if (later_to >= 0 && first_prep < 0 && (parties_role_only(a) || parties_root(code) == 6 ||
		    (sends_forces(code) && parties_class_word(x->gc.lx, s, a->tok_end - 1, "force")) ||
		    (a->tok_end <= m->tok_end && thing_pattern(x->gc.lx, m))))
			first = later_to;
		/* "discussed Libya with President Trump": one consults a partner, not a topic. */
		else if (later_with >= 0 && first_prep < 0 && parties_root(code) == 4)
			first = later_with;
		/* "closed Venezuela's land borders with Brazil and Colombia": the owner of
		 * what is acted on is no party when one is named after "with", as with
		 * "closed its borders with Colombia". */
		else if (later_with >= 0 && first_prep < 0 && a->tok_end > a->tok_start &&
		    (s->tok[a->tok_end - 1].flags & TOK_POSS) && owned_noun_then_with(x, a, later_with))
			first = later_with;
		parties_mention(ret, first);
		return 1;
	}
	if (place >= 0) {
		const struct actor	*a = &x->av->v[place];
		size_t			 in = (size_t)clause_prep_of(s, a, from);
		long			 obj = in > from && (parties_class_word(x->gc.lx, s, in - 1, "hit") ||
		    parties_class_word(x->gc.lx, s, in - 1, "way")) ? object_before_place(s, from, in) : -1;

		parties_mention(ret, place);
		/* "extend the curfew in Bangkok": the place acted on is its country,
		 * not the government its capital can stand for. */
		if (a->country[0] != '\0' && strcmp(a->code, a->country) != 0) {
			ret->copy = *a;
			memcpy(ret->copy.code, a->country, sizeof(a->country));
			ret->copy.role[0] = '\0';	/* the state, not its capital's government */
			ret->copy.by_context = 1;
			ret->copy.compound_next = ret->copy.compound_first = -1;
			ret->idx = -1;
		}
		/* "attacked an army base in Kandahar": what was hit is the base, in
		 * the place's country; the words say both. */
		if (obj >= 0 && hits_things(code)) {
			if (ret->idx >= 0) {
				ret->copy = *a;
				ret->copy.compound_next = ret->copy.compound_first = -1;
				ret->idx = -1;
			}
			ret->copy.text.start = s->tok[obj].start;
			ret->copy.tok_start = (uint32_t)obj;
		}
		return 1;
	}
	if (nested >= 0) {
		parties_mention(ret, nested);
		return 1;
	}
	if ((first = coordinated_object(x, m)) >= 0) {
		parties_copy(ret, &x->av->v[first], s, m->tok + 1);
		return 1;
	}
	if (shared_object_verb(x, m) != NULL)
		return parties_target(x, shared_object_verb(x, m), code, ret, between);
	/* "in the town of Cizre": the place names the country acted on. */
	if (x->where != NULL && physical(m->code) &&
	    x->where->span.start >= s->tok[from < s->ntok ? from : s->ntok - 1].start &&
	    parties_place_state(x, ret))
		return 1;
	return object_words(x, m, code, to, ret);
}
