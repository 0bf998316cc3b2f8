/*
 * coder: who did what to whom in one sentence.
 *
 * Takes the actor mentions and event words of a sentence and assembles
 * events: the source is the actor governing the verb (the nearest subject
 * before it, or the "by" agent of a passive), the target the actor it acts
 * on (the first actor after it, or the subject of a passive). Compound
 * actors give one event per member; a compound subject with no target gives
 * the reciprocal pairs ("the U.S. and Iran held talks"). Negated events are
 * not coded. The date is the sentence's own when it states one (a weekday,
 * a month and day, a year), else the article's.
 */
#ifndef NE_CODER_H
#define NE_CODER_H

#include <stddef.h>
#include <stdint.h>

#include "actors.h"
#include "dates.h"
#include "lexicon.h"
#include "sentence.h"
#include "verbs.h"

enum event_date_basis {
	EDATE_NONE,		/* no date known */
	EDATE_ARTICLE,		/* the article's date (its own basis says which) */
	EDATE_EXPLICIT,		/* "on May 28", "May 28, 2007" */
	EDATE_RELATIVE,		/* "on Monday", "yesterday" */
	EDATE_YEAR		/* "in 1980", "the 1980 crisis" */
};

struct event {
	const struct cameo_code	*cameo;		/* code, label, Goldstein (lexicon-owned) */
	struct actor		 source;
	struct actor		 target;
	int			 has_target;
	struct verb_match	 verb;
	struct span		 verb_span;	/* bytes of the verb or noun (first token) */
	uint32_t		 sentence_index;
	struct span		 sentence;
	struct ne_date		 date;
	enum event_date_basis	 date_basis;
};

struct eventvec {
	struct event	*v;
	size_t		 n, cap;
};

void	eventvec_release(struct eventvec *);	/* NULL-safe; leaves it empty */

/*
 * The date a sentence states for its events, resolved against the article's
 * date (year 0 if unknown). @returns the basis; *ret is the article date for
 * EDATE_ARTICLE and untouched for EDATE_NONE.
 */
enum event_date_basis	coder_sentence_date(const struct sentence *s, const struct ne_date *article,
			    struct ne_date *ret);

/*
 * Append the events of sentence s to *out (not cleared first).
 * @returns 0, or -ENOMEM. @locality any thread; lx is read only.
 */
int	coder_sentence(const struct lexicon *lx, const struct sentence *s, const struct actorvec *av,
	    const struct verbvec *vv, const struct ne_date *article_date, struct eventvec *out);

#endif /* NE_CODER_H */
