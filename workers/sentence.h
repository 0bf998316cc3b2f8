/*
 * sentence: the view of one sentence that the coder's stages share.
 *
 * Types, and three word tests every stage uses. The tokens and their lower-cased forms are built once per
 * sentence by extract and borrowed, read-only, by actors, verbs and coder.
 */
#ifndef NE_SENTENCE_H
#define NE_SENTENCE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "text.h"

struct sentence {
	const char		*text;		/* the whole article text */
	struct span		 span;		/* this sentence's bytes in text */
	uint32_t		 index;		/* 0-based position in the article */
	const struct token	*tok;
	size_t			 ntok;
	const char *const	*words;		/* ntok lower-cased token strings */
	const uint8_t		*tags;		/* ntok part-of-speech tags (enum pos), or NULL
						 * when no tagger is loaded */
	const uint32_t		*kinds;		/* ntok lexicon_word_kinds() masks, or NULL
						 * (then every lookup is made) */
	const uint32_t		*lens;		/* ntok strlen(words[i]), or NULL */
	const uint64_t		*hashes;	/* ntok phrasetab_hash_word() of words[i], or
						 * NULL: a stage looking a word up in a phrase
						 * table need not hash it again (sentences.h
						 * fills both) */
};

/* @returns 1 if token i exists and its lower-case form is w. */
static inline int
sentence_word_is(const struct sentence *s, size_t i, const char *w)
{
	return i < s->ntok && s->words[i][0] == w[0] && strcmp(s->words[i], w) == 0;
}

/* @returns 1 if w is one of the NULL-terminated list. */
static inline int
word_in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (w[0] == list[i][0] && strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

/* A month or weekday: capitalised, and never a name here. */
static inline int
sentence_calendar_word(const char *w)
{
	static const char *const cal[] = {
		"january", "february", "march", "april", "may", "june", "july", "august", "september",
		"october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
		"friday", "saturday", "sunday", NULL
	};

	return word_in_list(w, cal);
}

/* A noun of time that can stand between a verb and its preposition ("called this week for"). */
static inline int
sentence_time_word(const char *w)
{
	static const char *const times[] = {
		"today", "yesterday", "tonight", "day", "week", "weekend", "month", "year", "morning",
		"afternoon", "evening", "night", NULL
	};

	return sentence_calendar_word(w) || word_in_list(w, times);
}

/* "$", "€", "£", "¥": an amount's currency sign. */
static inline int
sentence_currency_sign(const char *w)
{
	return strcmp(w, "$") == 0 || strcmp(w, "€") == 0 || strcmp(w, "£") == 0 || strcmp(w, "¥") == 0;
}

/*
 * Is token i part of an amount ("$345 million", "140 mln dlr", "50 million
 * euros"): a number, a currency sign, or a unit after the number (or after
 * a unit after it)?
 */
static inline int
sentence_amount_word(const struct sentence *s, size_t i)
{
	static const char *const units[] = { "million", "billion", "trillion", "mln", "bln", "dlr", "dlrs",
		"dollars", "euros", "pounds", "yen", NULL };
	size_t k = i;

	if ((s->tok[i].flags & TOK_NUMBER) || sentence_currency_sign(s->words[i]))
		return 1;
	while (k > 0 && k + 2 > i && word_in_list(s->words[k], units))
		k--;
	return k < i && (s->tok[k].flags & TOK_NUMBER);
}

/* Is token i the "in" of an amount given in kind: "$2 billion in military aid"? */
static inline int
sentence_amount_in(const struct sentence *s, size_t i)
{
	return i > 0 && sentence_word_is(s, i, "in") && sentence_amount_word(s, i - 1);
}

/* @returns 1 if w ends with suf and has something before it. */
static inline int
word_ends_with(const char *w, const char *suf)
{
	size_t n = strlen(w), m = strlen(suf);

	return n > m && strcmp(w + n - m, suf) == 0;
}

/*
 * A courtesy title and its dot before a capitalised name, "Mr. Erdogan":
 * the tokenizer gives the dot back, so the title stands apart from the
 * name it belongs to. @returns 1 if tokens i, i + 1 are one.
 */
static inline int
sentence_courtesy_at(const struct sentence *s, size_t i)
{
	static const char *const titles[] = { "mr", "mrs", "ms", "mme", "messrs", "dr", NULL };

	return i + 2 < s->ntok && word_in_list(s->words[i], titles) && sentence_word_is(s, i + 1, ".") &&
	    (s->tok[i + 2].flags & TOK_CAP);
}

/* A compass word ("northern", "East"), which qualifies the place after it. */
static inline int
sentence_compass_at(const struct sentence *s, size_t i)
{
	static const char *const compass[] = { "northern", "southern", "eastern", "western", "central",
		"north", "south", "east", "west", "northeastern", "northwestern", "southeastern",
		"southwestern", NULL };

	return i < s->ntok && word_in_list(s->words[i], compass);
}

#endif /* NE_SENTENCE_H */
