/*
 * coref: the article's memory of its actors, for names and pronouns.
 *
 * Deliberately small and bounded: a fixed table of names (the last word of
 * each person's name, lower-cased, with the actor it was introduced as), a
 * fixed table of country counts, and the last person, group and speaker.
 * Later introductions of the same surname replace earlier ones, as a
 * reader would take "Crocker" to be the Crocker most recently introduced.
 * Lookups are linear scans over at most COREF_MAX_NAMES entries, which is
 * cheaper than hashing at these sizes.
 */
#include <stdlib.h>
#include <string.h>

#include "coref.h"

#define COREF_MAX_NAMES		64
#define COREF_MAX_COUNTRIES	32
#define COREF_KEY_MAX		32

struct name {
	char		key[COREF_KEY_MAX];	/* lower-case last word of the name */
	struct actor	a;
};

struct country_count {
	char		iso[4];
	unsigned	n;
	unsigned	first;		/* order of first mention, for ties */
};

struct coref {
	struct name		names[COREF_MAX_NAMES];
	size_t			nnames;
	struct country_count	countries[COREF_MAX_COUNTRIES];
	size_t			ncountries;
	unsigned		seen;
	struct actor		person, group, speaker;
	int			has_person, has_group, has_speaker;
};

struct coref *
coref_new(void)
{
	return calloc(1, sizeof(struct coref));
}

void
coref_free(struct coref *c)
{
	free(c);
}

void
coref_reset(struct coref *c)
{
	c->nnames = 0;
	c->ncountries = 0;
	c->seen = 0;
	c->has_person = c->has_group = c->has_speaker = 0;
}

/* Lower-case the last word of text[start, end) into key. @returns its length, 0 if none fits. */
static size_t
last_word_key(const char *text, uint32_t start, uint32_t end, char key[COREF_KEY_MAX])
{
	uint32_t	b = end;
	size_t		n;

	while (b > start && text[b - 1] != ' ')
		b--;
	n = end - b;
	if (n == 0 || n >= COREF_KEY_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char ch = text[b + i];

		key[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + ('a' - 'A')) : ch;
	}
	key[n] = '\0';
	return n;
}

static int
is_person(const struct actor *a)
{
	return a->name.end > a->name.start;
}

static void
count_country(struct coref *c, const char *iso)
{
	for (size_t i = 0; i < c->ncountries; i++)
		if (strcmp(c->countries[i].iso, iso) == 0) {
			c->countries[i].n++;
			return;
		}
	if (c->ncountries == COREF_MAX_COUNTRIES)
		return;
	memcpy(c->countries[c->ncountries].iso, iso, 4);
	c->countries[c->ncountries].n = 1;
	c->countries[c->ncountries].first = c->seen++;
	c->ncountries++;
}

void
coref_note_mention(struct coref *c, const char *text, const struct actor *a)
{
	char	key[COREF_KEY_MAX];
	size_t	i;

	if (a->country[0] != '\0')
		count_country(c, a->country);
	/* A named person counts whether or not a country is known for him:
	 * "Lagumdzija ... he" is still Lagumdzija. */
	if (!is_person(a))
		return;
	c->person = *a;
	c->has_person = 1;
	if (last_word_key(text, a->name.start, a->name.end, key) == 0)
		return;
	for (i = 0; i < c->nnames; i++)
		if (strcmp(c->names[i].key, key) == 0)
			break;
	if (i == c->nnames) {
		if (c->nnames == COREF_MAX_NAMES)
			return;
		c->nnames++;
	}
	memcpy(c->names[i].key, key, sizeof(key));
	c->names[i].a = *a;
}

const struct actor *
coref_name(const struct coref *c, const char *text, uint32_t start, uint32_t end)
{
	char key[COREF_KEY_MAX];

	if (c == NULL || last_word_key(text, start, end, key) == 0)
		return NULL;
	for (size_t i = c->nnames; i-- > 0;)
		if (strcmp(c->names[i].key, key) == 0)
			return &c->names[i].a;
	return NULL;
}

void
coref_note_subject(struct coref *c, const struct actor *a, int speaker)
{
	/* Any actor that acted or spoke, a country known or not ("protesters ... they"). */
	if (is_person(a)) {
		c->person = *a;
		c->has_person = 1;
	} else {
		c->group = *a;
		c->has_group = 1;
	}
	if (speaker) {
		c->speaker = *a;
		c->has_speaker = 1;
	}
}

const struct actor *
coref_pronoun(const struct coref *c, enum coref_pronoun kind)
{
	if (c == NULL)
		return NULL;
	switch (kind) {
	case COREF_PERSON:
		return c->has_person ? &c->person : NULL;
	case COREF_GROUP:
		return c->has_group ? &c->group : NULL;
	case COREF_SPEAKER:
		if (c->has_speaker)
			return &c->speaker;
		return c->has_person ? &c->person : NULL;
	}
	return NULL;
}

size_t
coref_countries(const struct coref *c, char (*out)[4], size_t max)
{
	size_t	n = 0;
	uint8_t	used[COREF_MAX_COUNTRIES] = { 0 };

	if (c == NULL)
		return 0;
	while (n < max && n < c->ncountries) {
		size_t best = c->ncountries;

		for (size_t i = 0; i < c->ncountries; i++) {
			const struct country_count *k = &c->countries[i];

			if (used[i])
				continue;
			if (best == c->ncountries || k->n > c->countries[best].n ||
			    (k->n == c->countries[best].n && k->first < c->countries[best].first))
				best = i;
		}
		used[best] = 1;
		memcpy(out[n++], c->countries[best].iso, 4);
	}
	return n;
}

const char *
coref_main_country(const struct coref *c)
{
	const struct country_count *best = NULL;

	if (c == NULL)
		return NULL;
	for (size_t i = 0; i < c->ncountries; i++) {
		const struct country_count *k = &c->countries[i];

		if (best == NULL || k->n > best->n || (k->n == best->n && k->first < best->first))
			best = k;
	}
	return best != NULL ? best->iso : NULL;
}
