/*
 * placerank: choose the place each toponym of an article names, from what
 * the whole article says (ranking; toponyms.h generates the candidates).
 *
 * Every candidate gets a score: a prior from what it is (a country, a
 * division, a capital) and how many people live there, plus the evidence
 * of the article: a division or country after a comma ("Paris, Texas"),
 * the countries and divisions the article names elsewhere, the dateline's
 * country and division, and how close the candidate lies to the other
 * places the article names (minimum spread). One name is one place
 * throughout an article unless a qualifier says otherwise. A name that is
 * also a common English word ("Reading", "Mobile") is taken only when the
 * text points at a place: a locative before it, a qualifier after it, or
 * a candidate that the rest of the article supports. The rules and their
 * weights are stated in workers/README-places.md with what each moved.
 */
#ifndef NE_PLACERANK_H
#define NE_PLACERANK_H

#include "toponyms.h"

#define PLACERANK_MAX_CANDS	48	/* candidates scored per name, best first by the load-time order */

/*
 * Set cand and evidence of every toponym of v (one article's, in text
 * order); cand stays NULL for a toponym that names no place after all.
 * countries[0..nc) (ISO3, may be NULL when nc is 0) count as countries the
 * article names. @returns 0 or -ENOMEM. @locality any thread; g is read only.
 */
int	placerank_resolve(const struct gazetteer *g, struct topovec *v, const char (*countries)[4],
	    size_t nc);

/* Great-circle distance in km between two points given in degrees. */
double	placerank_km(double lat1, double lon1, double lat2, double lon2);

#endif /* NE_PLACERANK_H */
