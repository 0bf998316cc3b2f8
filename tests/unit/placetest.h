/*
 * placetest.h: what the tests of the places stage share (test_places,
 * test_placerank): the hand-written gazetteer of tests/fixtures/places-mini
 * loaded for each test, and articles run through places_article() with a
 * look-up of the places found by the words that name them.
 *
 * Include after <cmocka.h>. The functions are static, each test file using
 * them all.
 */
#ifndef NE_TEST_PLACETEST_H
#define NE_TEST_PLACETEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "minidir.h"
#include "places.h"
#include "sentence.h"
#include "sentences.h"
#include "text.h"

static int
setup(void **state)
{
	struct gazetteer	*g = NULL;
	char			 err[256] = "";

	if (gazetteer_load(mini_dir(), &g, err, sizeof(err)) != 0) {
		fprintf(stderr, "gazetteer_load: %s\n", err);
		return -1;
	}
	*state = g;
	return 0;
}

static int
teardown(void **state)
{
	gazetteer_free(*state);
	return 0;
}

struct art {
	struct spanvec		sv;
	struct sentences	ss;
	struct placevec		pv;
	const char	*text;
};

static void
art_run(const struct gazetteer *g, struct art *a, const char *text)
{
	memset(a, 0, sizeof(*a));
	a->text = text;
	assert_int_equal(text_sentences(text, strlen(text), &a->sv), 0);
	assert_int_equal(sentences_build(&a->ss, text, a->sv.v, a->sv.n), 0);
	assert_int_equal(places_article(g, a->ss.v, a->ss.n, &a->pv), 0);
}

static void
art_release(struct art *a)
{
	spanvec_release(&a->sv);
	sentences_release(&a->ss);
	placevec_release(&a->pv);
}

/* The nth (0-based) place of the article written as name, or NULL. */
static const struct place *
art_place(const struct art *a, const char *name, int nth)
{
	for (size_t i = 0; i < a->pv.n; i++) {
		const struct place *p = &a->pv.v[i];

		if (p->span.end - p->span.start == strlen(name) &&
		    memcmp(a->text + p->span.start, name, strlen(name)) == 0 && nth-- == 0)
			return p;
	}
	return NULL;
}

#endif /* NE_TEST_PLACETEST_H */
