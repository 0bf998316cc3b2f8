/*
 * coder: assemble source-verb-target events from the mentions and event
 * words of one sentence.
 *
 * The rules are those of a sparse TABARI-style coder, made explicit:
 *  - source: for an active verb, the nearest resolved mention before the
 *    verb that is not the object of a preposition ("mediated by Iraqi
 *    officials, the U.S. ambassador met ..." -> the ambassador); for a
 *    passive, the agent after "by".
 *  - target: the first resolved mention after the verb, not crossing the
 *    next event word; for a passive, the subject.
 *  - compounds expand into one event per member pair; a compound source with
 *    no target yields the reciprocal pairs.
 *  - negated events are dropped: a "did not attack" is never an attack.
 *  - an event needs a resolved source; events of an actor on itself are kept
 *    without a target.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "coder.h"

#define MAX_EVENTS_PER_SENTENCE	64

static const char *const prepositions[] = {
	"of", "by", "in", "on", "at", "from", "with", "to", "for", "against", "between",
	"among", "near", "about", "toward", "towards", "into", "over", "under", NULL
};

static const char *const weekdays[] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"
};

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december"
};

void
eventvec_release(struct eventvec *ev)
{
	if (ev == NULL)
		return;
	free(ev->v);
	ev->v = NULL;
	ev->n = ev->cap = 0;
}

static int
in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i] != NULL; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ dates */

/* Shift a date by days through the C library's calendar. */
static struct ne_date
date_add(const struct ne_date *d, int days)
{
	struct tm	tm = { 0 };
	time_t		t;

	tm.tm_year = d->year - 1900;
	tm.tm_mon = d->month - 1;
	tm.tm_mday = d->day + days;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return (struct ne_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
}

static int
weekday_of(const struct ne_date *d)
{
	struct tm	tm = { 0 };
	time_t		t;

	tm.tm_year = d->year - 1900;
	tm.tm_mon = d->month - 1;
	tm.tm_mday = d->day;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	return tm.tm_wday;
}

static int
index_of(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return (int)i;
	return -1;
}

/* A number token in [lo, hi], or -1. */
static long
number_at(const struct sentence *s, size_t i, long lo, long hi)
{
	char	*end;
	long	 v;

	if (i >= s->ntok || !(s->tok[i].flags & TOK_NUMBER))
		return -1;
	v = strtol(s->words[i], &end, 10);
	return (*end == '\0' && v >= lo && v <= hi) ? v : -1;
}

enum event_date_basis
coder_sentence_date(const struct sentence *s, const struct ne_date *article, struct ne_date *ret)
{
	int		have = article->year != 0 && article->month != 0 && article->day != 0;
	struct ne_date	year_date = { 0 };

	for (size_t i = 0; i < s->ntok; i++) {
		const char	*w = s->words[i];
		int		 k;
		long		 day, y;

		if ((k = index_of(w, months, 12)) >= 0 && (day = number_at(s, i + 1, 1, 31)) > 0) {
			struct ne_date d = { article->year, k + 1, (int)day };
			size_t yi = i + 2 + (i + 2 < s->ntok && strcmp(s->words[i + 2], ",") == 0);

			if ((y = number_at(s, yi, 1900, 2099)) > 0)
				d.year = (int)y;
			else if (have && d.month > article->month)
				d.year--;	/* "on December 30" in a January story */
			if (d.year != 0 && dates_valid(&d)) {
				*ret = d;
				return EDATE_EXPLICIT;
			}
		}
		if (have && (k = index_of(w, weekdays, 7)) >= 0) {
			int back = (weekday_of(article) - k + 7) % 7;

			*ret = date_add(article, -back);
			return EDATE_RELATIVE;
		}
		if (have && strcmp(w, "yesterday") == 0) {
			*ret = date_add(article, -1);
			return EDATE_RELATIVE;
		}
		if (year_date.year == 0 && (y = number_at(s, i, 1900, 2099)) > 0 &&
		    (article->year == 0 || y < article->year) &&
		    !(i + 1 < s->ntok && (s->tok[i + 1].flags & TOK_NUMBER)))
			year_date.year = (int)y;
	}
	if (year_date.year != 0) {
		*ret = year_date;
		return EDATE_YEAR;
	}
	if (article->year != 0) {
		*ret = *article;
		return EDATE_ARTICLE;
	}
	return EDATE_NONE;
}

/* ------------------------------------------------------------ actors around a verb */

/* Is mention a the object of a preposition ("by Iraqi officials")? */
static int
in_pp(const struct sentence *s, const struct actor *a)
{
	size_t t = a->tok_start;

	if (t > 0 && strcmp(s->words[t - 1], "the") == 0)
		t--;
	return t > 0 && in_list(s->words[t - 1], prepositions);
}

/* The nearest resolved subject-like mention before token v, or -1. */
static int
subject_before(const struct sentence *s, const struct actorvec *av, size_t v)
{
	for (size_t k = av->n; k-- > 0;) {
		const struct actor *a = &av->v[k];

		if (a->tok_end > v || !actor_resolved(a))
			continue;
		/* A compound is judged, and reported, by its first member. */
		if (in_pp(s, &av->v[a->compound_first]))
			continue;
		return a->compound_first;
	}
	return -1;
}

/* The first resolved mention starting in [from, to), or -1. */
static int
first_after(const struct actorvec *av, size_t from, size_t to)
{
	for (size_t k = 0; k < av->n; k++) {
		const struct actor *a = &av->v[k];

		if (a->tok_start >= from && a->tok_start < to && actor_resolved(a))
			return (int)k;
	}
	return -1;
}

/* The agent of a passive: "by X" within the clause after the verb. */
static int
passive_agent(const struct sentence *s, const struct actorvec *av, size_t from, size_t to)
{
	for (size_t t = from; t < to && t < s->ntok; t++) {
		int k;

		if (strcmp(s->words[t], "by") != 0)
			continue;
		k = first_after(av, t + 1, t + 4 < to ? t + 4 : to);
		return k;
	}
	return -1;
}

/* ------------------------------------------------------------ assembly */

static int
same_actor(const struct actor *a, const struct actor *b)
{
	return strcmp(a->code, b->code) == 0;
}

static int
emit(const struct lexicon *lx, const struct sentence *s, const struct verb_match *m,
    const struct actor *src, const struct actor *tgt, const struct ne_date *date,
    enum event_date_basis basis, struct eventvec *out, size_t first_of_sentence)
{
	struct event	*e;

	if (tgt != NULL && same_actor(src, tgt))
		tgt = NULL;
	for (size_t k = first_of_sentence; k < out->n; k++) {
		e = &out->v[k];
		if (strcmp(e->cameo->code, m->code) == 0 && same_actor(&e->source, src) &&
		    (tgt == NULL ? !e->has_target : e->has_target && same_actor(&e->target, tgt)))
			return 0;
	}
	if (out->n - first_of_sentence >= MAX_EVENTS_PER_SENTENCE)
		return 0;
	if (out->n == out->cap) {
		size_t	 ncap = out->cap ? out->cap * 2 : 16;
		void	*p = realloc(out->v, ncap * sizeof(*out->v));

		if (p == NULL)
			return -ENOMEM;
		out->v = p;
		out->cap = ncap;
	}
	e = &out->v[out->n++];
	memset(e, 0, sizeof(*e));
	e->cameo = lexicon_cameo(lx, m->code);
	e->source = *src;
	if (tgt != NULL) {
		e->target = *tgt;
		e->has_target = 1;
	}
	e->verb = *m;
	e->verb_span = (struct span){ s->tok[m->tok].start, s->tok[m->tok].end };
	e->sentence_index = s->index;
	e->sentence = s->span;
	e->date_basis = basis;
	if (basis != EDATE_NONE)
		e->date = *date;
	return 0;
}

int
coder_sentence(const struct lexicon *lx, const struct sentence *s, const struct actorvec *av,
    const struct verbvec *vv, const struct ne_date *article_date, struct eventvec *out)
{
	struct ne_date		date = { 0 };
	enum event_date_basis	basis;
	size_t			first = out->n;
	int			r;

	if (vv->n == 0 || av->n == 0)
		return 0;
	basis = coder_sentence_date(s, article_date, &date);
	for (size_t i = 0; i < vv->n; i++) {
		const struct verb_match	*m = &vv->v[i];
		size_t			 next = i + 1 < vv->n ? vv->v[i + 1].tok : s->ntok;
		int			 src, tgt;

		if (m->negated)
			continue;
		if (m->passive) {
			tgt = subject_before(s, av, m->tok);
			src = passive_agent(s, av, m->tok_end, next);
		} else {
			src = subject_before(s, av, m->tok);
			tgt = first_after(av, m->tok + 1, next);
			if (src < 0 && m->noun != NULL && tgt >= 0) {
				/* "talks between Iran and the U.S." */
				src = av->v[tgt].compound_first;
				tgt = -1;
				for (int k = src; k >= 0; k = av->v[k].compound_next)
					if (av->v[k].compound_next < 0)
						tgt = first_after(av, av->v[k].tok_end, next);
			}
		}
		if (src < 0)
			continue;
		if (tgt >= 0 && av->v[tgt].compound_first == av->v[src].compound_first)
			tgt = -1;
		if (tgt < 0 && av->v[src].compound_next >= 0) {
			/* A compound subject acting together: the reciprocal pairs. */
			for (int a = src; a >= 0; a = av->v[a].compound_next)
				for (int b = src; b >= 0; b = av->v[b].compound_next)
					if (a != b && (r = emit(lx, s, m, &av->v[a], &av->v[b], &date, basis,
					    out, first)) < 0)
						return r;
			continue;
		}
		for (int a = src; a >= 0; a = av->v[a].compound_next) {
			if (!actor_resolved(&av->v[a]))
				continue;
			if (tgt < 0) {
				if ((r = emit(lx, s, m, &av->v[a], NULL, &date, basis, out, first)) < 0)
					return r;
				continue;
			}
			for (int b = av->v[tgt].compound_first; b >= 0; b = av->v[b].compound_next)
				if (actor_resolved(&av->v[b]) &&
				    (r = emit(lx, s, m, &av->v[a], &av->v[b], &date, basis, out, first)) < 0)
					return r;
		}
	}
	return 0;
}
