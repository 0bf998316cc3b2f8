/*
 * actors: find and compose the actor mentions of one sentence.
 *
 * A mention grows left to right from the first dictionary hit:
 *
 *   [country | alias | demonym] ['s] [modifier] [role] [to COUNTRY] [Name Name]
 *   [role] [of [the] COUNTRY] [to COUNTRY] [Name Name]
 *
 * so "Iraq's foreign minister" is IRQ + GOV, "the United States Ambassador to
 * Iraq Ryan C. Crocker" is USA + GOV with a name (the posting "to Iraq" is
 * part of the role, not a second actor), and "Prime Minister Nouri al-Maliki"
 * is a GOV role with a name and no country. An appositive name after a comma
 * ("Iran's ambassador, Hassan Kazemi-Qomi,") joins the mention before it.
 * Mentions separated only by "and" or commas form a compound, which the coder
 * expands into one event per member.
 *
 * People: a capitalised name listed in people.txt ("Vladimir Putin",
 * "Putin") is an actor by itself; a name after a title takes the listed
 * person's country when the title has none ("President Obama"); and a bare
 * name that the article introduced earlier with a title or role ("the U.S.
 * ambassador Ryan C. Crocker" ... "Crocker said") is that actor again, from
 * the article's memory (coref.h). A demonym directly before another
 * ("Bosnian Serbs") qualifies it: the first names the country.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"
#include "coref.h"
#include "places.h"
#include "pos.h"

#define MAX_NAME_TOK	5
#define MAX_RUN_TOK	8	/* "Office of the United Nations High Commissioner" */
#define ACTOR_PLACE_POP	50000	/* a city this large may name its people or authorities */

void
actorvec_release(struct actorvec *av)
{
	if (av == NULL)
		return;
	free(av->v);
	av->v = NULL;
	av->n = av->cap = 0;
}

/*
 * "U.S.-led", "Saudi-led", "NATO-backed": a country or organisation that
 * leads or backs what the word qualifies. @returns its entry, or NULL.
 */
static const struct lex_entry *
led_by(const struct lexicon *lx, const struct sentence *s, size_t i)
{
	static const char *const suffixes[] = { "-led", "-backed", "-sponsored", "-brokered", NULL };
	const struct token	*t = &s->tok[i];
	const char		*w = s->words[i], *p[1];
	char			 head[48];
	size_t			 n = strlen(w), k, hl;
	const struct lex_entry	*e;

	if (memchr(w, '-', n) == NULL)
		return NULL;	/* most words: no suffix to look for */
	for (k = 0; suffixes[k] != NULL; k++) {
		size_t sl = strlen(suffixes[k]);

		if (n > sl && n - sl < sizeof(head) && strcmp(w + n - sl, suffixes[k]) == 0)
			break;
	}
	if (suffixes[k] == NULL)
		return NULL;
	hl = n - strlen(suffixes[k]);
	memcpy(head, w, hl);
	head[hl] = '\0';
	p[0] = head;
	if ((e = lexicon_match(lx, LEX_ACTOR, p, 1, &k)) != NULL ||
	    (e = lexicon_match(lx, LEX_DEMONYM, p, 1, &k)) != NULL)
		return e;
	return lexicon_match_cased(lx, s->text + t->start, hl);
}

/*
 * A people named by the plural of its demonym: "Greeks", "Cypriots",
 * "Filipinos" (the adjective "Greek" is in the lexicon, its people are
 * not). A capitalised word ending in "s" whose singular is a one-word
 * demonym that takes "-s" (not "Chinese", "British", "French", "Swiss").
 * @returns the demonym's entry, or NULL.
 */
static const struct lex_entry *
people_of(const struct lexicon *lx, const struct sentence *s, size_t i)
{
	static const char *const nos[] = { "ese", "ish", "ch", "sh", "s", "x", "z", "y", NULL };
	const char		*w = s->words[i], *p[1];
	char			 one[48];
	size_t			 n = strlen(w), k;

	if (!(s->tok[i].flags & TOK_CAP) || n < 4 || n > sizeof(one) || w[n - 1] != 's')
		return NULL;
	memcpy(one, w, n - 1);
	one[n - 1] = '\0';
	for (k = 0; nos[k] != NULL; k++)
		if (n - 1 > strlen(nos[k]) && strcmp(one + n - 1 - strlen(nos[k]), nos[k]) == 0)
			return NULL;
	p[0] = one;
	return lexicon_match(lx, LEX_DEMONYM, p, 1, &k);
}

/*
 * Longest actor-like (actor or demonym) match at i. i may be s->ntok (a
 * caller looking past "minister of" at the sentence's end): no match.
 */
static const struct lex_entry *
match_country(const struct lexicon *lx, const struct sentence *s, size_t i, size_t *ret_n)
{
	const struct lex_entry	*a, *d;
	size_t			 na = 0, nd = 0;
	uint32_t		 k;

	if (i >= s->ntok)
		return NULL;
	k = s->kinds != NULL ? s->kinds[i] : ~0u;

	a = (k & (1u << LEX_ACTOR)) ? lexicon_match(lx, LEX_ACTOR, s->words + i, s->ntok - i, &na) : NULL;
	d = (k & (1u << LEX_DEMONYM)) ? lexicon_match(lx, LEX_DEMONYM, s->words + i, s->ntok - i, &nd) : NULL;
	/* Case-sensitive aliases: "IMF", "M23", "Duma", "Bundestag". */
	if (a == NULL && (s->tok[i].flags & (TOK_ALLCAP | TOK_CAP))) {
		a = lexicon_match_cased(lx, s->text + s->tok[i].start, s->tok[i].end - s->tok[i].start);
		na = a != NULL;
	}
	if (a == NULL && d == NULL && (a = led_by(lx, s, i)) != NULL)
		na = 1;
	if (a == NULL && d == NULL && (d = people_of(lx, s, i)) != NULL)
		nd = 1;
	if (a != NULL && (d == NULL || na >= nd)) {
		*ret_n = na;
		return a;
	}
	*ret_n = nd;
	return d;
}

/* A role word from WordNet (wn_roles.tsv) rather than roles.txt. */
static int
generated_role(const struct lex_entry *e)
{
	return e->file[0] == 'w' && strcmp(e->file, "wn_roles.tsv") == 0;
}

/*
 * The role phrase at i. One that the build took from WordNet counts only
 * where the tagger reads its last word as a noun: "guards" is an actor,
 * "guards the border" is not.
 */
static const struct lex_entry *
match_role_in(const struct lexicon *lx, const struct sentence *s, size_t i, size_t *ret_n, int in_name)
{
	const struct lex_entry *e;

	if (i >= s->ntok || (s->kinds != NULL && !(s->kinds[i] & (1u << LEX_ROLE))))
		return NULL;
	/* A generated phrase that does not hold here may hide a shorter one that
	 * does: "Court of Justice" (capitalised, so no role word of WordNet's)
	 * still begins with roles.txt's "court". */
	for (size_t lim = s->ntok - i; lim > 0; lim = *ret_n - 1) {
		if ((e = lexicon_match(lx, LEX_ROLE, s->words + i, lim, ret_n)) == NULL)
			return NULL;
		if (!generated_role(e))
			return e;
		/* After a country or organisation its capitalised head is part of the
		 * name ("Fatah Party", "Libyan National Army"); elsewhere a capital
		 * in mid-sentence is a name, not WordNet's common noun. */
		if (s->tags != NULL && (in_name ? pos_is_noun(s->tags[i + *ret_n - 1]) :
		    (s->tags[i + *ret_n - 1] == POS_NN || s->tags[i + *ret_n - 1] == POS_NNS) &&
		    (!(s->tok[i].flags & TOK_CAP) || (s->tok[i].flags & TOK_SENT_START))))
			return e;
	}
	return NULL;
}

static const struct lex_entry *
match_role(const struct lexicon *lx, const struct sentence *s, size_t i, size_t *ret_n)
{
	return match_role_in(lx, s, i, ret_n, 0);
}

/* Does role entry r give a sector ("-" and "*" give none; roles.txt)? */
static int
sector_of(const struct lex_entry *r)
{
	return r->code[0] != '-' && r->code[0] != '*';
}

/* Give a the sector of role entry r. */
static void
set_role(struct actor *a, const struct lex_entry *r)
{
	a->role_entry = r;
	if (!sector_of(r))
		a->role[0] = '\0';
	else
		memcpy(a->role, r->code, 3);
	a->role[3] = '\0';
}

/*
 * Capitalised words from j ending in a company suffix ("Exploration Co",
 * "Airlines Corp"). @returns their number, 0 if none.
 */
static size_t
company_name(const struct sentence *s, size_t j)
{
	static const char *const suffixes[] = {
		"co", "co.", "corp", "corp.", "corporation", "inc", "inc.", "ltd", "ltd.", "plc", "group",
		"bank", "airlines", "airways", "company", "holdings", "ag", "sa", "nv", "bancorp", "llc",
		"oil", "motors", "industries", "petroleum", NULL
	};

	for (size_t k = 0; k < 5 && j + k < s->ntok; k++) {
		if (!(s->tok[j + k].flags & TOK_CAP) && strcmp(s->words[j + k], "&") != 0)
			return 0;
		if (word_in_list(s->words[j + k], suffixes))
			return k + 1;
	}
	return 0;
}

/*
 * A lower-case word that may stand between a country and its role
 * ("Iranian state television"): not an inflected verb ("Britain mobilized
 * army reservists"), a preposition or a conjunction.
 */
static int
modifier(const struct lexicon *lx, const struct sentence *s, size_t j)
{
	static const char *const no[] = { "and", "or", "but", "to", "of", "in", "on", "at", "by",
		"for", "with", "from", "has", "have", "had", "is", "are", "was", "were", "will", "would",
		"said", "says", "not", NULL };
	const char *w = s->words[j], *l;

	if (!(s->tok[j].flags & TOK_WORD))
		return 0;
	/* A capitalised qualifier: "Nicaragua's Sandinista government". */
	if (s->tok[j].flags & TOK_CAP)
		return !(s->tok[j].flags & TOK_SENT_START);
	if (word_in_list(w, no))
		return 0;
	return (l = lexicon_lemma(lx, w)) == NULL || strcmp(l, w) == 0;
}

/* Lower-case particles inside personal names: "Osama bin Laden", "F. W. de Klerk". */
static const char *const name_particles[] = {
	"bin", "ibn", "de", "da", "del", "der", "van", "von", "arap", "le", "la", "du", "ul", NULL
};


/* A token that can be part of a person's name: capitalised word or initial. */
static int
name_token(const struct sentence *s, size_t i)
{
	const struct token *t = &s->tok[i];

	if (!(t->flags & TOK_WORD))
		return 0;
	if (t->flags & TOK_CAP)
		return 1;
	/* Particles written in lower case inside names: "al-Maliki", "bin Laden", "de Kock". */
	if (strncmp(s->words[i], "al-", 3) == 0 || strncmp(s->words[i], "el-", 3) == 0)
		return 1;
	return word_in_list(s->words[i], name_particles) && i + 1 < s->ntok && (s->tok[i + 1].flags & TOK_CAP);
}

/*
 * A single capital letter followed by its dot, the initial of "Ryan C.
 * Crocker", or a courtesy title and its dot ("Mr. Erdogan").
 */
static int
initial_at(const struct sentence *s, size_t i)
{
	const struct token *t = &s->tok[i];

	return ((t->flags & TOK_CAP) && t->end - t->start == 1 && sentence_word_is(s, i + 1, ".")) ||
	    sentence_courtesy_at(s, i);
}


static int
person_token(const struct sentence *s, size_t i)
{
	if (s->tok[i].flags & TOK_CAP)
		return 1;
	if (strncmp(s->words[i], "al-", 3) == 0 || strncmp(s->words[i], "el-", 3) == 0)
		return 1;
	return word_in_list(s->words[i], name_particles);
}

/* A person of people.txt at i, written with capitals. */
static const struct lex_entry *
match_person(const struct lexicon *lx, const struct sentence *s, size_t i, size_t *ret_n)
{
	const struct lex_entry	*e;
	size_t			 n = 0;

	if (!(s->tok[i].flags & TOK_CAP) || (s->kinds != NULL && !(s->kinds[i] & (1u << LEX_PERSON))))
		return NULL;
	if ((e = lexicon_match(lx, LEX_PERSON, s->words + i, s->ntok - i, &n)) == NULL)
		return NULL;
	for (size_t k = i; k < i + n; k++)
		if (!person_token(s, k) && !(s->tok[k].flags & TOK_PUNCT))
			return NULL;
	*ret_n = n;
	return e;
}

/* Words that begin a capitalised run without being a name. */
static const char *const not_names[] = {
	"the", "a", "an", "on", "in", "at", "by", "for", "from", "with", "but", "and", "after",
	"before", "when", "while", "as", "if", "it", "he", "she", "they", "we", "this", "that",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "mr.", "mrs.", "ms.", "dr.", NULL
};

static int
not_name(const char *w)
{
	for (size_t k = 0; not_names[k] != NULL; k++)
		if (w[0] == not_names[k][0] && strcmp(w, not_names[k]) == 0)
			return 1;
	return 0;
}

/*
 * Does the name from i run on into a listed person through the month-like
 * word at t ("Theresa May", "Brian May")? people.txt decides.
 */
static int
listed_surname(const struct lexicon *lx, const struct sentence *s, size_t i, size_t t)
{
	size_t n;

	for (size_t k = i; k < t; k++)
		if (match_person(lx, s, k, &n) != NULL && k + n > t)
			return 1;
	return 0;
}

/*
 * A capitalised name starting at i that is not itself a dictionary phrase.
 * @returns its length in tokens (0 if none), initials' dots included.
 */
static size_t
name_at(const struct lexicon *lx, const struct sentence *s, size_t i)
{
	size_t n = 0, words = 0, k;

	while (i + n < s->ntok && words < MAX_NAME_TOK && name_token(s, i + n)) {
		if (match_country(lx, s, i + n, &k) != NULL || match_role(lx, s, i + n, &k) != NULL ||
		    (not_name(s->words[i + n]) && !listed_surname(lx, s, i, i + n)))
			break;
		n += initial_at(s, i + n) ? 2 : 1;
		words++;
	}
	/* A name does not end on an initial: "Ryan C." alone is not yet a name. */
	while (n >= 2 && sentence_word_is(s, i + n - 1, ".") && initial_at(s, i + n - 2))
		n -= 2;
	return n;
}

static void
set_country(struct actor *a, const struct lex_entry *e)
{
	size_t n = strlen(e->code);

	a->entry = e;
	if (actor_code_is_country(e->code))
		memcpy(a->country, e->code, 3);
	if (n >= 6)
		memcpy(a->role, e->code + 3, 3);
	else if (!actor_code_is_country(e->code))
		memcpy(a->role, e->code, 3);
}

/*
 * Role words that are also adjectives: "an official protest", "a military
 * presence", "the opposition newspaper". Alone before a noun they qualify
 * it and name nobody.
 */
static int
role_adjective(const struct lexicon *lx, const struct sentence *s, size_t i, size_t n)
{
	static const char *const adjectives[] = {
		"official", "military", "opposition", "government", "army", "rebel", "civilian",
		"police", "security", "presidential", "royal", "judicial", "parliamentary", NULL
	};
	const char	*w, *l;
	size_t		 k, j = i + n;
	int		 found = 0;

	if (n != 1 || j >= s->ntok)
		return 0;
	found = word_in_list(s->words[i], adjectives);
	if (!found || !(s->tok[j].flags & TOK_WORD) || (s->tok[j].flags & (TOK_CAP | TOK_NUMBER)))
		return 0;
	w = s->words[j];
	if (match_role(lx, s, j, &k) != NULL)
		return 0;
	/* With the tagger: before a common noun it is an adjective ("military aid",
	 * "police stations", "army headquarters": plurals and nouns that are also
	 * verbs, which modifier() takes for inflected verbs). */
	if (s->tags != NULL)
		return s->tags[j] == POS_NN || s->tags[j] == POS_NNS;
	if (!modifier(lx, s, j))
		return 0;
	/* "police say": a verb after the role makes it the subject; "official protest" a noun. */
	l = lexicon_lemma(lx, w);
	return l == NULL || lexicon_match(lx, LEX_NOUN_EVENT, s->words + j, 1, &k) != NULL ||
	    strcmp(w, "protest") == 0;
}

/*
 * Grow one mention from token i. @returns the token after it, or i if
 * nothing starts at i.
 */
/* Take the country (and, if a has none, the role) of a person's code. */
static void
adopt_person(struct actor *a, const char *code)
{
	if (a->country[0] == '\0' && strlen(code) >= 3 && actor_code_is_country(code))
		memcpy(a->country, code, 3);
	if (a->role[0] == '\0' && strlen(code) >= 6)
		memcpy(a->role, code + 3, 3);
}

/*
 * The name just found for mention a (tokens [ns, ns + n)): a listed person
 * or a name the article introduced gives a the country its title lacks.
 */
static void
resolve_name(const struct lexicon *lx, const struct sentence *s, const struct coref *mem,
    size_t ns, size_t n, struct actor *a)
{
	const struct lex_entry	*p;
	const struct actor	*m;
	size_t			 pn = 0;

	for (size_t k = ns; k < ns + n && a->person_entry == NULL; k++)
		if ((p = match_person(lx, s, k, &pn)) != NULL && k + pn == ns + n) {
			a->person_entry = p;
			adopt_person(a, p->code);
		}
	if (a->country[0] == '\0' && mem != NULL &&
	    (m = coref_name(mem, s->text, s->tok[ns].start, s->tok[ns + n - 1].end)) != NULL &&
	    m->country[0] != '\0') {
		memcpy(a->country, m->country, sizeof(a->country));
		if (a->role[0] == '\0')
			memcpy(a->role, m->role, sizeof(a->role));
		a->by_name = 1;
	}
}

/* A mention copied from the article's memory for the bare name [i, i + n). */
static void
mention_from_memory(const struct sentence *s, const struct actor *m, size_t i, size_t n, struct actor *a)
{
	actor_refer(a, m, (struct span){ s->tok[i].start, s->tok[i + n - 1].end });
	a->compound_next = -1;
	a->head = (uint32_t)i;
	a->tok_start = (uint32_t)i;
	a->tok_end = (uint32_t)(i + n);
	a->by_name = 1;
}

/*
 * "the Office of Inspector General", "the Department for International
 * Development": a capitalised common noun after "the", with "of" or "for"
 * and a capitalised word after it, heads an organisation's name, though
 * the tagger reads it as a common noun; so does one opening a sentence
 * when the name is followed by a verb ("Jurisdiction for Peace ordered").
 * A role word, or an apposition ("Charles Michel, the President-elect of
 * the European Council"), is a title, not an organisation.
 */
static int
titled_head(const struct lexicon *lx, const struct sentence *s, size_t i)
{
	size_t u = i + 2, k, t;

	if (match_role(lx, s, i, &k) != NULL || u >= s->ntok ||
	    (!sentence_word_is(s, i + 1, "of") && !sentence_word_is(s, i + 1, "for")))
		return 0;
	u += sentence_word_is(s, u, "the");
	if (u >= s->ntok || !(s->tok[u].flags & TOK_CAP) || !(s->tok[u].flags & TOK_WORD))
		return 0;
	if (i > 0 && sentence_word_is(s, i - 1, "the"))
		return !(i >= 2 && sentence_word_is(s, i - 2, ","));
	/* Without "the" ("Jurisdiction for Peace ordered ..."): at the start of
	 * a sentence only a name that is the subject of a verb. */
	if ((i > 0 && !(s->tok[i].flags & TOK_SENT_START)) || s->tags == NULL || s->tags[i] == POS_NNS)
		return 0;	/* "Shares of Glaxo fell": a plural heads no name */
	for (t = u; t < s->ntok && (s->tok[t].flags & TOK_CAP); t++)
		;
	return t < s->ntok && (pos_is_verb(s->tags[t]) || s->tags[t] == POS_MD);
}

/*
 * "the Islamic Resistance", "the Overseas Community Affairs Council": after
 * "the", capitalised words the tagger reads as common ones are still a name
 * when at least two run together in mid-sentence case.
 */
static int
capitalised_after_the(const struct lexicon *lx, const struct sentence *s, size_t i)
{
	size_t k;

	return i > 0 && sentence_word_is(s, i - 1, "the") && i + 1 < s->ntok &&
	    (s->tok[i + 1].flags & TOK_CAP) && (s->tok[i + 1].flags & TOK_WORD) &&
	    !(s->tok[i + 1].flags & TOK_NUMBER) && match_country(lx, s, i + 1, &k) == NULL &&
	    match_role(lx, s, i + 1, &k) == NULL && match_person(lx, s, i + 1, &k) == NULL;
}

/*
 * Can a capitalised word open a run of names here? Inside a sentence, yes;
 * the first word of a sentence is capitalised anyway, so it opens one only
 * when the tagger reads it as a proper noun, it is an acronym ("USAID"),
 * or another capitalised word follows ("Reliance Jio").
 */
static int
run_opens(const struct lexicon *lx, const struct sentence *s, size_t i)
{
	const struct token *t = &s->tok[i];

	if (!(t->flags & TOK_WORD) || !(t->flags & TOK_CAP) || (t->flags & TOK_NUMBER) || not_name(s->words[i]))
		return 0;
	if (s->tags != NULL && !pos_is_proper(s->tags[i]) && !(t->flags & TOK_ALLCAP) && !titled_head(lx, s, i) &&
	    !capitalised_after_the(lx, s, i))
		return 0;
	if (!(t->flags & TOK_SENT_START) || (t->flags & TOK_ALLCAP))
		return 1;
	return s->tags != NULL ? 1 : i + 1 < s->ntok && (s->tok[i + 1].flags & TOK_CAP);
}

/*
 * A run of capitalised words from i that the dictionaries do not know as a
 * whole: an organisation, a group, a place or a person ("Jurisdiction for
 * Peace", "Reliance Jio", "Delhi" of "Delhi Police", "USAID"). Lower-case
 * "of", "for", "and", "&", "de", "the" join it when a capitalised word
 * follows them ("Office of the Inspector General"); the run stops before a
 * role word, a country, a listed person, a weekday or month, and before
 * "of COUNTRY" ("Ministry of Health of Ethiopia" runs to "Health").
 * @returns its length in tokens, 0 if none starts at i.
 */
static size_t
name_run(const struct lexicon *lx, const struct sentence *s, size_t i, int opened)
{

	static const char *const joiners[] = { "of", "for", "and", "&", "de", "the", NULL };
	size_t n = 0, k;

	if (!opened && !run_opens(lx, s, i))
		return 0;
	/* "in Northern Europe", "Eastern Ghouta's": a compass word before a
	 * country or region is part of its name, not a name of its own (nor
	 * Uganda's Northern Region). */
	if (sentence_compass_at(s, i) && i + 1 < s->ntok && match_country(lx, s, i + 1, &k) != NULL)
		return 0;
	while (i + n < s->ntok && n < MAX_RUN_TOK) {
		size_t t = i + n;

		if (n > 0 && match_role(lx, s, t, &k) != NULL)
			break;
		if (n > 0 && (match_country(lx, s, t, &k) != NULL || match_person(lx, s, t, &k) != NULL))
			break;
		if (name_token(s, t) && !not_name(s->words[t])) {
			n += initial_at(s, t) ? 2 : 1;
			continue;
		}
		/* A joiner needs a capitalised word after it (after "of the", the second). */
		if (n > 0 && word_in_list(s->words[t], joiners) && !(s->tok[t].flags & TOK_CAP)) {
			size_t u = t + 1 + sentence_word_is(s, t + 1, "the");

			if (sentence_word_is(s, t, "the") && !sentence_word_is(s, t - 1, "of"))
				break;
			if (u < s->ntok && name_token(s, u) && (s->tok[u].flags & TOK_CAP) &&
			    !not_name(s->words[u]) && match_country(lx, s, u, &k) == NULL &&
			    match_role(lx, s, u, &k) == NULL && match_person(lx, s, u, &k) == NULL &&
			    !sentence_word_is(s, t, "and")) {
				n = u - i;
				continue;
			}
		}
		break;
	}
	while (n >= 2 && sentence_word_is(s, i + n - 1, ".") && initial_at(s, i + n - 2))
		n -= 2;
	return n;
}

/*
 * Is place pl known enough to give an actor its country: a country or a
 * region, a capital, a place written into places.txt, a place of one of
 * the article's countries, or a city of ACTOR_PLACE_POP people or more?
 * A name that is only a small town somewhere is far more often something
 * else: "Catalan government" is not a village of Turkey called Çatalan.
 */
static int
actor_place(const struct place *pl, const char (*countries)[4], size_t nc)
{
	if (pl->admin_level <= 1 || pl->id == 0 || pl->population >= ACTOR_PLACE_POP ||
	    strcmp(pl->kind, "capital") == 0)
		return 1;
	for (size_t k = 0; k < nc; k++)
		if (strcmp(countries[k], pl->country) == 0)
			return 1;
	return 0;
}

/* The place named by the whole of tokens [i, i + n), or NULL. */
static int
run_place(const struct lexicon *lx, const struct placevec *known, const struct sentence *s,
    const struct coref *mem, size_t i, size_t n, struct place *ret)
{
	const struct gazetteer	*g = lexicon_gazetteer(lx);
	char			 countries[8][4];
	size_t			 nc, len = 0;

	if (g == NULL)
		return 0;
	nc = mem != NULL ? coref_countries(mem, countries, 8) : 0;
	return places_name_at(g, known, s, i, (const char (*)[4])countries, nc, ret, &len) && len == n &&
	    actor_place(ret, (const char (*)[4])countries, nc);
}

/*
 * Does the capitalised role phrase [i, i + k) open an organisation's name:
 * "of", "for" or "and" and a capitalised word that is no country after it
 * ("Forces for Defence of Democracy", "Government of National Accord",
 * "Office of Inspector General")? "Ministry of Defence" is a role of
 * roles.txt and matched whole before this is asked.
 */
static int
org_name_at(const struct lexicon *lx, const struct sentence *s, size_t i, size_t k)
{
	size_t j = i + k, u, n;

	if (!(s->tok[i].flags & TOK_CAP) || j + 1 >= s->ntok || !(s->tok[j - 1].flags & TOK_CAP))
		return 0;
	if (!sentence_word_is(s, j, "of") && !sentence_word_is(s, j, "for"))
		return 0;
	u = j + 1 + sentence_word_is(s, j + 1, "the");
	return u < s->ntok && (s->tok[u].flags & TOK_CAP) && !not_name(s->words[u]) &&
	    match_country(lx, s, u, &n) == NULL && match_person(lx, s, u, &n) == NULL;
}

/* Does a verb come at token t, past adverbs ("Hezb-e-Islami also threatened")? */
static int
verb_follows(const struct sentence *s, size_t t)
{
	if (s->tags == NULL)
		return 0;
	while (t < s->ntok && s->tags[t] == POS_RB)
		t++;
	return t < s->ntok && pos_is_verb(s->tags[t]);
}

/*
 * A mention that the dictionaries know only in part: a run of names
 * (name_run) standing alone, or qualifying a role word after it ("Delhi
 * Police", "Cebu City Regional Trial Court", "Pune MP Girish Bapat").
 * A run that is a place of the gazetteer gives its country ("Shanghai
 * authorities" CHN, "Hodeidah" YEM); any other run has no country known,
 * and the mention is still an actor: its words, its sector when a role
 * word gives one, code and country empty. @returns the token after the
 * mention, or i.
 */
static size_t
grow_named(const struct lexicon *lx, const struct placevec *known, const struct sentence *s,
    const struct coref *mem, size_t i, struct actor *a, int opened)
{
	const struct lex_entry	*r, *r2;
	struct place		 pl;
	size_t			 n = name_run(lx, s, i, opened), j, k;
	int			 placed;

	if (n == 0)
		return i;
	placed = run_place(lx, known, s, mem, i, n, &pl);
	j = i + n;
	if (j < s->ntok && (s->tok[j].flags & TOK_POSS) && placed)
		j++;	/* "Rakhine's rebels" reads like "Rakhine rebels" */
	if ((r = match_role(lx, s, j, &k)) != NULL && !role_adjective(lx, s, j, k)) {
		set_role(a, r);
		j += k;
		if ((r2 = match_role(lx, s, j, &k)) != NULL) {
			if (strcmp(r2->code, "GOV") != 0 && sector_of(r2))
				set_role(a, r2);
			j += k;
		}
	} else {
		/* A bare run: a possessive ends it ("Trump's comments" is Trump). */
		j = i + n;
		/* "the divided Mediterranean island", "the Reuters story": a run
		 * before a common noun qualifies it and names nobody. */
		if (!placed && s->tags != NULL && j < s->ntok && !(s->tok[j].flags & TOK_CAP) &&
		    (s->tags[j] == POS_NN || s->tags[j] == POS_NNS))
			return i;
		/* A lone capital opening a sentence names someone only before a verb
		 * or a relative clause about it ("Hifter, who leads the LNA, ..."). */
		if (n == 1 && (s->tok[i].flags & TOK_SENT_START) && !(s->tok[i].flags & TOK_ALLCAP) &&
		    !placed && !verb_follows(s, i + 1) && !(sentence_word_is(s, i + 1, ",") &&
		    (sentence_word_is(s, i + 2, "who") || sentence_word_is(s, i + 2, "whose"))))
			return i;
	}
	if (placed)
		memcpy(a->country, pl.country, sizeof(a->country));
	/* "Ministry of Health of Ethiopia", "Supreme Court of Pakistan" */
	if (!placed && sentence_word_is(s, j, "of")) {
		size_t			 t = j + 1 + sentence_word_is(s, j + 1, "the"), cn;
		const struct lex_entry	*e = match_country(lx, s, t, &cn);

		if (e != NULL && actor_code_is_country(e->code) && e->kind == LEX_ACTOR) {
			memcpy(a->country, e->code, 3);
			a->country[3] = '\0';
			j = t + cn;
		}
	}
	a->tok_start = (uint32_t)i;
	a->tok_end = (uint32_t)j;
	a->head = (uint32_t)(j - 1);
	a->named = !placed;
	if (a->role_entry != NULL && (k = name_at(lx, s, j)) > 0) {
		/* "Pune MP Girish Bapat" */
		a->name = (struct span){ s->tok[j].start, s->tok[j + k - 1].end };
		resolve_name(lx, s, mem, j, k, a);
		j += k;
		a->tok_end = (uint32_t)j;
	} else if (a->role_entry == NULL && !placed && n >= 2 && n <= 4) {
		size_t t;

		/* Two to four plain name words are most likely a person's name. */
		for (t = i; t < i + n && (s->tok[t].flags & TOK_CAP); t++)
			;
		if (t == i + n)
			a->name = (struct span){ s->tok[i].start, s->tok[i + n - 1].end };
	}
	a->text = (struct span){ s->tok[i].start, s->tok[a->tok_end - 1].end };
	actor_finish_code(a);
	return j;
}

static size_t
grow_mention(const struct lexicon *lx, const struct placevec *known, const struct sentence *s,
    const struct coref *mem, size_t i, struct actor *a)
{
	const struct lex_entry	*e, *r;
	const struct actor	*m;
	size_t			 n, j = i, k;

	memset(a, 0, sizeof(*a));
	a->compound_next = -1;
	a->head = (uint32_t)i;
	if ((e = match_person(lx, s, i, &n)) != NULL) {
		set_country(a, e);
		a->entry = NULL;
		a->person_entry = e;
		adopt_person(a, e->code);
		a->tok_start = (uint32_t)i;
		a->tok_end = (uint32_t)(i + n);
		a->text = (struct span){ s->tok[i].start, s->tok[i + n - 1].end };
		a->name = a->text;
		snprintf(a->code, sizeof(a->code), "%s", e->code);
		return i + n;
	}
	if ((e = match_country(lx, s, i, &n)) != NULL) {
		set_country(a, e);
		j = i + n;
		/* "Bosnian Serbs", "Turkish Kurds": the first demonym names the country. */
		if (e->kind == LEX_DEMONYM && j < s->ntok) {
			const struct lex_entry *d2;

			/* A people as a plural noun ("Serbs") counts as a demonym here. */
			if ((d2 = match_country(lx, s, j, &k)) != NULL && (d2->kind == LEX_DEMONYM ||
			    (strlen(d2->code) == 3 && actor_code_is_country(d2->code) && k == 1 &&
			    s->words[j][strlen(s->words[j]) - 1] == 's')))
				j += k;
			else if (d2 != NULL && !actor_code_is_country(d2->code) && strlen(d2->code) >= 3) {
				/* "American aid groups", "Filipino peacekeepers": the country's NGO or IGO. */
				memcpy(a->role, d2->code, 3);
				a->role_entry = d2;
				j += k;
			}
		}
		if (j < s->ntok && (s->tok[j].flags & TOK_POSS))
			j++;
		/* "American Exploration Co", "Japan Air Lines": a company of the country. */
		if ((k = company_name(s, j)) > 0) {
			memcpy(a->role, "BUS", 4);
			j += k;
			a->tok_start = (uint32_t)i;
			a->tok_end = (uint32_t)j;
			a->text = (struct span){ s->tok[i].start, s->tok[j - 1].end };
			actor_finish_code(a);
			return j;
		}
		/* Modifiers may stand between: "Iranian state television", "Iraq's
		 * national security adviser" (up to three, and with the tagger only
		 * adjectives and nouns). */
		if ((r = match_role_in(lx, s, j, &k, 1)) == NULL) {
			for (size_t nm = 1; nm <= 3 && j + nm < s->ntok && r == NULL; nm++) {
				size_t t = j + nm - 1;

				if (!modifier(lx, s, t) || (nm > 1 && s->tags != NULL &&
				    !pos_is_adj(s->tags[t]) && !pos_is_noun(s->tags[t])))
					break;
				if ((r = match_role_in(lx, s, j + nm, &k, 1)) != NULL)
					j += nm;
			}
		}
		if (r != NULL) {
			const struct lex_entry *r2;

			a->role_entry = r;
			/* A sector-less noun keeps the country's own ("Iranian hackers": IRN). */
			if ((a->role[0] == '\0' || strcmp(a->role, "GOV") == 0) && sector_of(r))
				memcpy(a->role, r->code, 3);
			j += k;
			/* "Pakistani military officials": the generic head keeps the sector. */
			if ((r2 = match_role(lx, s, j, &k)) != NULL) {
				if (strcmp(r2->code, "GOV") != 0 && sector_of(r2))
					set_role(a, r2);
				j += k;
			}
		}
	} else if ((r = match_role(lx, s, i, &k)) != NULL && org_name_at(lx, s, i, k)) {
		/* "Forces for Defence of Democracy", "Ministry of Health of Ethiopia":
		 * a capitalised role word that opens a name is the name's head. */
		size_t end = grow_named(lx, known, s, mem, i, a, 1);

		if (end > i) {
			if (a->role_entry == NULL)
				set_role(a, r);
			actor_finish_code(a);
			return end;
		}
		memset(a, 0, sizeof(*a));
		a->compound_next = -1;
		a->head = (uint32_t)i;
		return i;
	} else if ((r = match_role(lx, s, i, &k)) != NULL && !role_adjective(lx, s, i, k)) {
		const struct lex_entry *r2;

		set_role(a, r);
		j = i + k;
		/* "government spokesman", "military officials": one person; a generic
		 * head (GOV) keeps the modifier's sector. */
		if ((r2 = match_role(lx, s, j, &k)) != NULL) {
			if ((strcmp(r2->code, "GOV") != 0 && sector_of(r2)) || a->role[0] == '\0')
				set_role(a, r2);
			j += k;
		}
		/* "the foreign minister of [the] Iran" */
		if (sentence_word_is(s, j, "of")) {
			size_t t = j + 1 + sentence_word_is(s, j + 1, "the");

			if ((e = match_country(lx, s, t, &n)) != NULL) {
				char role[4];

				memcpy(role, a->role, sizeof(role));
				set_country(a, e);
				memcpy(a->role, role, sizeof(role));
				a->head = (uint32_t)t;
				j = t + n;
			}
		}
	} else if (mem != NULL && (s->tok[i].flags & TOK_CAP) && (n = name_at(lx, s, i)) > 0 &&
	    (m = coref_name(mem, s->text, s->tok[i].start, s->tok[i + n - 1].end)) != NULL) {
		mention_from_memory(s, m, i, n, a);
		return i + n;
	} else
		return grow_named(lx, known, s, mem, i, a, 0);

	/* The posting of an envoy: "Ambassador to Iraq" names where, not who. */
	if (a->role_entry != NULL && strcmp(a->role_entry->code, "GOV") == 0 && sentence_word_is(s, j, "to") &&
	    match_country(lx, s, j + 1, &n) != NULL)
		j += 1 + n;
	a->tok_start = (uint32_t)i;
	a->tok_end = (uint32_t)j;
	if (a->role_entry != NULL) {
		if ((n = name_at(lx, s, j)) > 0) {
			a->name = (struct span){ s->tok[j].start, s->tok[j + n - 1].end };
			resolve_name(lx, s, mem, j, n, a);
			j += n;
			a->tok_end = (uint32_t)j;
		} else if (sentence_word_is(s, j, ",") && (n = name_at(lx, s, j + 1)) > 0 &&
		    (j + 1 + n == s->ntok || sentence_word_is(s, j + 1 + n, ",") || sentence_word_is(s, j + 1 + n, "."))) {
			/* Appositive: "Iran's ambassador to Iraq, Hassan Kazemi-Qomi, said" */
			a->name = (struct span){ s->tok[j + 1].start, s->tok[j + n].end };
			resolve_name(lx, s, mem, j + 1, n, a);
			j += 1 + n;
			a->tok_end = (uint32_t)j;
		}
	}
	a->text = (struct span){ s->tok[i].start, s->tok[a->tok_end - 1].end };
	actor_finish_code(a);
	return j;
}

/*
 * How mentions a and b are joined, if only "and"/"or", commas and "the" lie
 * between them. @returns 2 for a conjunction, 1 for a bare comma, 0 for not joined.
 */
static int
joined(const struct sentence *s, const struct actor *a, const struct actor *b)
{
	int how = 0;

	if (b->tok_start <= a->tok_end)
		return 0;
	for (size_t t = a->tok_end; t < b->tok_start; t++) {
		if (sentence_word_is(s, t, "and") || sentence_word_is(s, t, "or"))
			how = 2;
		else if (sentence_word_is(s, t, ","))
			how = how ? how : 1;
		else if (!sentence_word_is(s, t, "the"))
			return 0;
	}
	return how;
}

/*
 * Link the members of compounds. A conjunction links; a bare comma links
 * only inside a list that a conjunction closes ("Egypt, Jordan and Syria"),
 * so that "Mediated by Iraqi officials, the U.S. ambassador" stays apart.
 */
static void
link_compounds(const struct sentence *s, struct actorvec *av)
{
	for (size_t k = 0; k < av->n; k++)
		av->v[k].compound_first = (int)k;
	for (size_t k = av->n; k-- > 1;) {
		struct actor	*a = &av->v[k - 1], *b = &av->v[k];
		int		 how = joined(s, a, b);

		if (how == 0 || (how == 1 && b->compound_next < 0))
			continue;
		a->compound_next = (int)k;
	}
	/* "Armenian and Azerbaijani officials": the role of the last is every demonym's. */
	for (size_t k = av->n; k-- > 1;) {
		struct actor *a = &av->v[k - 1], *b = &av->v[k];

		if (a->compound_next == (int)k && a->role_entry == NULL && b->role_entry != NULL &&
		    a->entry != NULL && a->entry->kind == LEX_DEMONYM && a->tok_end == a->tok_start + 1 &&
		    b->entry != NULL && b->entry->kind == LEX_DEMONYM) {
			a->role_entry = b->role_entry;
			memcpy(a->role, b->role, sizeof(a->role));
			actor_finish_code(a);
		}
	}
	for (size_t k = 0; k + 1 < av->n; k++) {
		struct actor *a = &av->v[k], *b = &av->v[k + 1];

		if (a->compound_next != (int)k + 1)
			continue;
		b->compound_first = a->compound_first;
		/* "the foreign ministers of Egypt and Jordan": the role carries over. */
		if (b->role_entry == NULL && a->role_entry != NULL && a->head > a->tok_start &&
		    b->entry != NULL && b->entry->kind == LEX_ACTOR && strlen(b->entry->code) == 3) {
			b->role_entry = a->role_entry;
			memcpy(b->role, a->role, sizeof(b->role));
			actor_finish_code(b);
		}
	}
}


/*
 * A person's name that opens the sentence and is followed by a comma and a
 * role mention ("Ryan C. Crocker, U.S. Ambassador to Iraq."): the name of
 * that mention. @returns the name's length in tokens, or 0.
 */
static size_t
leading_name(const struct lexicon *lx, const struct sentence *s, const struct actor *a)
{
	size_t n, t = a->tok_start;

	if (t < 3 || !sentence_word_is(s, t - 1, ",") || a->role_entry == NULL || a->name.end > a->name.start)
		return 0;
	if ((n = name_at(lx, s, 0)) < 2 || n != t - 1)
		return 0;
	return n;
}

/*
 * The length in tokens of a place of several words that belongs to no
 * country (a sea, a strait, a gulf: places.txt regions of ISO3 '-')
 * starting at token i, or 0. Its words name no actor: "Taiwan" of "the
 * Taiwan Strait" is not Taiwan.
 */
static size_t
countryless_place(const struct lexicon *lx, const struct placevec *known, const struct sentence *s, size_t i)
{
	const struct gazetteer	*g = lexicon_gazetteer(lx);
	struct place		 pl;
	size_t			 len = 0;

	if (g == NULL || !(s->tok[i].flags & TOK_CAP) || !(s->tok[i].flags & TOK_WORD) || i + 1 >= s->ntok)
		return 0;
	/* Only a name of several words can be one: "Taiwan Strait", "Sea of Japan". */
	if (!(s->tok[i + 1].flags & TOK_CAP) && !sentence_word_is(s, i + 1, "of"))
		return 0;
	if (!places_name_at(g, known, s, i, NULL, 0, &pl, &len) || len < 2 || pl.country[0] != '\0' ||
	    strcmp(pl.kind, "region") != 0)
		return 0;
	return len;
}

/* Is token t a dash ("-", each half of "--", "—", "–")? */
static int
dash(const struct sentence *s, size_t t)
{
	return sentence_word_is(s, t, "-") || sentence_word_is(s, t, "—") || sentence_word_is(s, t, "–");
}

/*
 * The end of a dateline that opens the sentence: a place in capitals,
 * perhaps its country after a comma and an agency in brackets, then a dash
 * ("BEIJING --", "MOSCOW (Sputnik) -", "MANILA, Philippines --"), from
 * token from; with agency, only with the agency. Where a story was filed is
 * no actor of it. @returns the first token after the dashes, or 0 when
 * there is no dateline there.
 */
static size_t
dateline_from(const struct sentence *s, size_t from, int agency)
{
	size_t t = from;

	while (t < s->ntok && t < from + 4 && (s->tok[t].flags & TOK_ALLCAP))
		t++;
	if (t == from)
		return 0;
	if (t < s->ntok && sentence_word_is(s, t, ",")) {
		for (t++; t < s->ntok && t < 8 && (s->tok[t].flags & TOK_CAP); t++)
			;
	}
	if (t < s->ntok && sentence_word_is(s, t, "(")) {
		size_t close;

		for (close = t + 1; close < s->ntok && close < t + 6 && !sentence_word_is(s, close, ")"); close++)
			;
		if (close >= s->ntok || !sentence_word_is(s, close, ")"))
			return 0;
		t = close + 1;
	} else if (agency)
		return 0;
	/* Set off by a space: "BEIJING -- ", not "US-China". */
	if (t >= s->ntok || !dash(s, t) || s->tok[t].start == s->tok[t - 1].end)
		return 0;
	while (t < s->ntok && dash(s, t))
		t++;
	return t < s->ntok ? t : 0;
}

/*
 * The end of a dateline that opens the sentence, as dateline_from() reads
 * it, or after one capitalised word that a feed puts before it when an
 * agency in brackets follows the place ("Reuters KHARTOUM (Reuters) --").
 */
static size_t
dateline_end(const struct sentence *s)
{
	size_t t = dateline_from(s, 0, 0);

	if (t == 0 && s->ntok > 1 && (s->tok[0].flags & TOK_CAP) && !(s->tok[0].flags & TOK_ALLCAP))
		t = dateline_from(s, 1, 1);
	return t;
}

int
actors_find(const struct lexicon *lx, const struct sentence *s, const struct coref *mem,
    struct actorvec *out)
{
	return actors_find_placed(lx, s, mem, NULL, out);
}

int
actors_find_placed(const struct lexicon *lx, const struct sentence *s, const struct coref *mem,
    const struct placevec *known, struct actorvec *out)
{
	out->n = 0;
	for (size_t i = dateline_end(s); i < s->ntok;) {
		struct actor	a;
		size_t		j, n;

		/* "US$141 million", "HK$5": a currency's prefix names no actor. */
		if (i + 1 < s->ntok && sentence_word_is(s, i + 1, "$") && s->tok[i + 1].start == s->tok[i].end) {
			i++;
			continue;
		}
		/* "the Taiwan Strait", "the South China Sea": no actor inside. */
		if ((n = countryless_place(lx, known, s, i)) > 0) {
			i += n;
			continue;
		}
		j = grow_mention(lx, known, s, mem, i, &a);

		if (j > i && (n = leading_name(lx, s, &a)) > 0) {
			a.name = (struct span){ s->tok[0].start, s->tok[n - 1].end };
			resolve_name(lx, s, mem, 0, n, &a);
			actor_finish_code(&a);
		}

		if (j == i) {
			i++;
			continue;
		}
		if (out->n == out->cap) {
			size_t	 ncap = out->cap ? out->cap * 2 : 16;
			void	*p = realloc(out->v, ncap * sizeof(*out->v));

			if (p == NULL)
				return -ENOMEM;
			out->v = p;
			out->cap = ncap;
		}
		out->v[out->n++] = a;
		i = j;
	}
	link_compounds(s, out);
	return 0;
}
