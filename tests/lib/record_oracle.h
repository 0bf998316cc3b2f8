/*
 * record_oracle: the event record as jansson builds it (tests only; see
 * record_oracle.c).
 */
#ifndef NE_TEST_RECORD_ORACLE_H
#define NE_TEST_RECORD_ORACLE_H

#include "record.h"

/* record_to_json_with() as jansson writes it. @returns new memory (free()), or NULL. */
char	*oracle_record_json(const struct record_lexicon *rl, const struct article *a,
	    const struct event *e, int flags);

#endif /* NE_TEST_RECORD_ORACLE_H */
