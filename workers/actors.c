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
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actors.h"

#define MAX_NAME_TOK	5

/* Three-letter prefixes of actor codes that are not countries. */
static const char *const non_country[] = { "IGO", "NGO", "IMG", "MNC", "UAF", "UIS", NULL };

void
actorvec_release(struct actorvec *av)
{
	if (av == NULL)
		return;
	free(av->v);
	av->v = NULL;
	av->n = av->cap = 0;
}

int
actor_resolved(const struct actor *a)
{
	return a->country[0] != '\0' || (a->entry != NULL && a->entry->kind == LEX_ACTOR);
}

static int
word_is(const struct sentence *s, size_t i, const char *w)
{
	return i < s->ntok && strcmp(s->words[i], w) == 0;
}

static int
is_country_prefix(const char *code)
{
	for (size_t i = 0; non_country[i] != NULL; i++)
		if (strncmp(code, non_country[i], 3) == 0)
			return 0;
	return 1;
}

/* Longest actor-like (actor or demonym) match at i. */
static const struct lex_entry *
match_country(const struct lexicon *lx, const struct sentence *s, size_t i, size_t *ret_n)
{
	const struct lex_entry	*a, *d;
	size_t			 na = 0, nd = 0;

	a = lexicon_match(lx, LEX_ACTOR, s->words + i, s->ntok - i, &na);
	d = lexicon_match(lx, LEX_DEMONYM, s->words + i, s->ntok - i, &nd);
	if (a != NULL && (d == NULL || na >= nd)) {
		*ret_n = na;
		return a;
	}
	*ret_n = nd;
	return d;
}

static const struct lex_entry *
match_role(const struct lexicon *lx, const struct sentence *s, size_t i, size_t *ret_n)
{
	if (i >= s->ntok)
		return NULL;
	return lexicon_match(lx, LEX_ROLE, s->words + i, s->ntok - i, ret_n);
}

/* A token that can be part of a person's name: capitalised word or initial. */
static int
name_token(const struct sentence *s, size_t i)
{
	const struct token *t = &s->tok[i];

	if (!(t->flags & TOK_WORD))
		return 0;
	if (t->flags & TOK_CAP)
		return 1;
	/* Arabic-style particles written in lower case inside names: "al-Maliki", "bin". */
	return strncmp(s->words[i], "al-", 3) == 0 || strcmp(s->words[i], "bin") == 0 ||
	    strcmp(s->words[i], "el-") == 0;
}

/* A single capital letter followed by its dot: the initial of "Ryan C. Crocker". */
static int
initial_at(const struct sentence *s, size_t i)
{
	const struct token *t = &s->tok[i];

	return (t->flags & TOK_CAP) && t->end - t->start == 1 && word_is(s, i + 1, ".");
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
		if (match_country(lx, s, i + n, &k) != NULL || match_role(lx, s, i + n, &k) != NULL)
			break;
		n += initial_at(s, i + n) ? 2 : 1;
		words++;
	}
	/* A name does not end on an initial: "Ryan C." alone is not yet a name. */
	while (n >= 2 && word_is(s, i + n - 1, ".") && initial_at(s, i + n - 2))
		n -= 2;
	return n;
}

static void
set_country(struct actor *a, const struct lex_entry *e)
{
	size_t n = strlen(e->code);

	a->entry = e;
	if (is_country_prefix(e->code))
		memcpy(a->country, e->code, 3);
	if (n >= 6)
		memcpy(a->role, e->code + 3, 3);
	else if (!is_country_prefix(e->code))
		memcpy(a->role, e->code, 3);
}

static void
finish_code(struct actor *a)
{
	if (a->entry != NULL && strlen(a->entry->code) >= 6) {
		/* A full code from the dictionary ("USAGOV", "IGOUNO") stands as written. */
		snprintf(a->code, sizeof(a->code), "%s", a->entry->code);
		return;
	}
	if (a->entry != NULL && !is_country_prefix(a->entry->code)) {
		snprintf(a->code, sizeof(a->code), "%s", a->entry->code);
		return;
	}
	snprintf(a->code, sizeof(a->code), "%s%s", a->country,
	    strcmp(a->role, a->country) != 0 ? a->role : "");
}

/*
 * Grow one mention from token i. @returns the token after it, or i if
 * nothing starts at i.
 */
static size_t
grow_mention(const struct lexicon *lx, const struct sentence *s, size_t i, struct actor *a)
{
	const struct lex_entry	*e, *r;
	size_t			 n, j = i, k;

	memset(a, 0, sizeof(*a));
	a->compound_next = -1;
	a->head = (uint32_t)i;
	if ((e = match_country(lx, s, i, &n)) != NULL) {
		set_country(a, e);
		j = i + n;
		if (j < s->ntok && (s->tok[j].flags & TOK_POSS))
			j++;
		/* One modifier may stand between: "Iranian state television". */
		if ((r = match_role(lx, s, j, &k)) == NULL && j + 1 < s->ntok &&
		    (s->tok[j].flags & TOK_WORD) && !(s->tok[j].flags & TOK_CAP))
			if ((r = match_role(lx, s, j + 1, &k)) != NULL)
				j++;
		if (r != NULL) {
			a->role_entry = r;
			if (a->role[0] == '\0' || strcmp(a->role, "GOV") == 0)
				memcpy(a->role, r->code, 3);
			j += k;
		}
	} else if ((r = match_role(lx, s, i, &k)) != NULL) {
		a->role_entry = r;
		memcpy(a->role, r->code, 3);
		j = i + k;
		/* "the foreign minister of [the] Iran" */
		if (word_is(s, j, "of")) {
			size_t t = j + 1 + word_is(s, j + 1, "the");

			if ((e = match_country(lx, s, t, &n)) != NULL) {
				char role[4];

				memcpy(role, a->role, sizeof(role));
				set_country(a, e);
				memcpy(a->role, role, sizeof(role));
				a->head = (uint32_t)t;
				j = t + n;
			}
		}
	} else
		return i;

	/* The posting of an envoy: "Ambassador to Iraq" names where, not who. */
	if (a->role_entry != NULL && word_is(s, j, "to") && match_country(lx, s, j + 1, &n) != NULL)
		j += 1 + n;
	a->tok_start = (uint32_t)i;
	a->tok_end = (uint32_t)j;
	if (a->role_entry != NULL) {
		if ((n = name_at(lx, s, j)) > 0) {
			a->name = (struct span){ s->tok[j].start, s->tok[j + n - 1].end };
			j += n;
			a->tok_end = (uint32_t)j;
		} else if (word_is(s, j, ",") && (n = name_at(lx, s, j + 1)) > 0 &&
		    (j + 1 + n == s->ntok || word_is(s, j + 1 + n, ","))) {
			/* Appositive: "Iran's ambassador to Iraq, Hassan Kazemi-Qomi, said" */
			a->name = (struct span){ s->tok[j + 1].start, s->tok[j + n].end };
			j += 1 + n;
			a->tok_end = (uint32_t)j;
		}
	}
	a->text = (struct span){ s->tok[i].start, s->tok[a->tok_end - 1].end };
	finish_code(a);
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
		if (word_is(s, t, "and") || word_is(s, t, "or"))
			how = 2;
		else if (word_is(s, t, ","))
			how = how ? how : 1;
		else if (!word_is(s, t, "the"))
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
			finish_code(b);
		}
	}
}

int
actors_find(const struct lexicon *lx, const struct sentence *s, struct actorvec *out)
{
	out->n = 0;
	for (size_t i = 0; i < s->ntok;) {
		struct actor	a;
		size_t		j = grow_mention(lx, s, i, &a);

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
