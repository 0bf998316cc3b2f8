/*
 * extract: the whole pipeline, one article to its events.
 *
 * sentences -> tokens -> actors + event words -> coder, over an immutable
 * lexicon snapshot. Pure: the only state is the caller's output.
 */
#ifndef NE_EXTRACT_H
#define NE_EXTRACT_H

#include <stddef.h>

#include "article.h"
#include "coder.h"
#include "lexicon.h"
#include "reason.h"

/* Work limits; an article over them is rejected with REASON_EXTRACT_LIMIT. */
#define EXTRACT_MAX_SENTENCES	20000
#define EXTRACT_MAX_TOKENS	2000000

/*
 * Extract the events of article a into *out (cleared first). On success the
 * events borrow a's text spans and lx's strings: keep both alive while using them.
 * @returns 0; -EBADMSG with *reterr_reason (REASON_EXTRACT_LIMIT) and a
 * message in errbuf; or -ENOMEM. @locality any thread.
 */
int	extract_article(const struct lexicon *lx, const struct article *a, struct eventvec *out,
	    enum reason *reterr_reason, char *errbuf, size_t errbufsz);

#endif /* NE_EXTRACT_H */
