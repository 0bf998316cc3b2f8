/*
 * coder: who did what to whom in one sentence.
 *
 * Takes the actor mentions and event words of a sentence, and the clause
 * structure around them (clause.h), and assembles events: the source is
 * the subject of the verb (or of the verb that governs it: "Iran signalled
 * it would be willing to take part in talks"), the target the actor it acts
 * on, found after it outside topic phrases ("talks on Iraq" has no target
 * Iraq). Governing words recode the event (modality.txt): intentions to
 * cooperate are 03x, threats 13x, refusals 12x, appeals 02x, demands 10x.
 * A plainly negated event ("did not attack") is not coded at all. Reported
 * speech is attributed to its speaker. Compound actors give one event per
 * member; a compound subject with no target the reciprocal pairs.
 */
#ifndef NE_CODER_H
#define NE_CODER_H

#include <stddef.h>
#include <stdint.h>

#include "actors.h"
#include "clause.h"
#include "dates.h"
#include "govern.h"
#include "lexicon.h"
#include "places.h"
#include "sentence.h"
#include "verbs.h"
#include "when.h"

struct coref;

#define EVENT_MAX_GRAMMAR	GOV_MAX_GRAMMAR
#define EVENT_MAX_QUOTES	4

/* A quotation of the event's sentence, with its speaker when known. */
struct event_quote {
	struct span	text;		/* the quoted words, marks excluded */
	struct actor	speaker;
	int		has_speaker;
};

struct event {
	const struct cameo_code	*cameo;		/* code, label, Goldstein (lexicon-owned) */
	struct actor		 source;
	struct actor		 target;
	int			 has_target;
	struct actor		 attrib;	/* who reported it (attributed_to) */
	int			 has_attrib;
	struct verb_match	 verb;
	struct span		 verb_span;	/* bytes of the verb or noun (first token) */
	struct span		 pattern_span;	/* bytes of the whole matched pattern (set by extract.c) */
	uint32_t		 sentence_index;
	struct span		 sentence;
	struct ne_date		 date;
	enum event_date_basis	 date_basis;
	/* Why the code is what it is: grammar.txt words that governed the event
	 * word and the modality.txt line that recoded it (NULL if none). */
	const struct lex_entry	*grammar[EVENT_MAX_GRAMMAR];
	size_t			 ngrammar;
	const struct transform	*transform;
	/* The later stages, when their models are loaded. */
	struct place		 location;	/* where the sentence says it happened */
	int			 has_location;
	double			 tone;		/* the sentence's tone, when has_tone */
	int			 has_tone;
	double			 article_tone;	/* the whole article's tone, when has_article_tone */
	int			 has_article_tone;
	struct event_quote	 quotes[EVENT_MAX_QUOTES];
	size_t			 nquotes;
};

struct eventvec {
	struct event	*v;
	size_t		 n, cap;
};

void	eventvec_release(struct eventvec *);	/* NULL-safe; leaves it empty */

/*
 * The first date a sentence states, resolved against the article's date
 * (year 0 if unknown). @returns the basis; *ret is the article date for
 * EDATE_ARTICLE and untouched for EDATE_NONE.
 */
enum event_date_basis	coder_sentence_date(const struct sentence *s, const struct ne_date *article,
			    struct ne_date *ret);

/*
 * Append the events of sentence s to *out (not cleared first). av may be
 * changed: mentions with a role but no country take the country of the
 * sentence or article (marked by_context). cl is the sentence's analysis
 * (clause_analyse), mem the article's memory (may be NULL); the coder
 * records in it who acted and who spoke. where (may be NULL) is the place
 * the sentence states (places_find): it becomes the events' location, gives
 * its country to actors that name none, and is the target of an act of
 * protest or force that names no other ("a curfew in Cizre").
 * @returns 0, or -ENOMEM. @locality any thread; lx is read only.
 */
int	coder_sentence(const struct lexicon *lx, const struct sentence *s, struct actorvec *av,
	    const struct verbvec *vv, struct clause *cl, struct coref *mem, const struct place *where,
	    const struct ne_date *article_date, struct eventvec *out);

#endif /* NE_CODER_H */
