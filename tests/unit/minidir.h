/*
 * minidir.h: where the hand-written test gazetteer is, tests/fixtures/places-mini
 * (or $NE_TESTDATA/places-mini). Shared by placetest.h and test_gzlookup.c.
 */
#ifndef NE_TEST_MINIDIR_H
#define NE_TEST_MINIDIR_H

#include <stdio.h>
#include <stdlib.h>

static const char *
mini_dir(void)
{
	static char	 buf[2048];
	const char	*d = getenv("NE_TESTDATA");

	snprintf(buf, sizeof(buf), "%s/places-mini", d != NULL ? d : "tests/fixtures");
	return buf;
}

#endif /* NE_TEST_MINIDIR_H */
