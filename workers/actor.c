/*
 * actor: the value helpers of one actor mention.
 *
 * A mention's code is derived from its parts: a full code from the
 * dictionary ("USAGOV", "IGOUNO") stands as written, otherwise the country
 * and the sector are joined ("IRQ" + "GOV"). Pure functions of the struct;
 * they read the lexicon entries it points at but never look anything up.
 */
#include <stdio.h>
#include <string.h>

#include "actor.h"

/* Three-letter prefixes of actor codes that are not countries. */
/*
 * Owners that are no country (actors.txt's header): organisations, movements,
 * the international community and the codebook's regions.
 */
static const char *const non_country[] = {
	"IGO", "NGO", "NGM", "IMG", "INT", "MNC", "UAF", "UIS",
	"AFR", "ASA", "BLK", "CAS", "CAU", "CEU", "CRB", "EAF", "EEU", "EUR", "LAM", "MEA", "NAF", "NMR",
	"PGS", "SAF", "SAM", "SAS", "SCN", "SEA", "WAF", "WST", NULL
};

int
actor_code_is_country(const char *code)
{
	/* Byte by byte, so that a code shorter than three is never read past its end. */
	for (size_t i = 0; non_country[i] != NULL; i++)
		if (code[0] == non_country[i][0] && code[1] == non_country[i][1] && code[2] == non_country[i][2])
			return 0;
	return 1;
}

int
actor_resolved(const struct actor *a)
{
	return a->country[0] != '\0' || (a->entry != NULL && a->entry->kind == LEX_ACTOR) ||
	    a->person_entry != NULL;
}

void
actor_finish_code(struct actor *a)
{
	if (a->entry != NULL && strlen(a->entry->code) >= 6) {
		/* A full code from the dictionary ("USAGOV", "IGOUNO") stands as written. */
		snprintf(a->code, sizeof(a->code), "%s", a->entry->code);
		return;
	}
	if (a->entry != NULL && !actor_code_is_country(a->entry->code)) {
		snprintf(a->code, sizeof(a->code), "%s", a->entry->code);
		return;
	}
	/* No country known: no code; the role alone would read as a country. */
	if (a->country[0] == '\0') {
		a->code[0] = '\0';
		return;
	}
	snprintf(a->code, sizeof(a->code), "%s%s", a->country,
	    strcmp(a->role, a->country) != 0 ? a->role : "");
}

void
actor_refer(struct actor *a, const struct actor *m, struct span text)
{
	struct span ante = m->antecedent.end > m->antecedent.start ? m->antecedent : m->text;

	if (a != m)
		*a = *m;
	a->antecedent = ante;
	a->text = text;
}
