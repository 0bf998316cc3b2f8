/*
 * fuzz_jsonr: libFuzzer target holding the article reader (jsonr.h) to
 * jansson.
 *
 * The input is one message. Whatever its bytes, jsonr_object() must return
 * 0 or JSONR_DECLINED (never -ENOMEM on a 64 KB input) and touch only what
 * it owns. On valid UTF-8, its precondition, every object it reads must
 * also be read by json_loadb() with JSON_REJECT_DUPLICATES (the flags
 * article.c uses), to an object with the same members: the same keys, the
 * same types, the same string bytes and integers. Declining is always
 * allowed; jansson then decides, as before jsonr existed. A difference
 * aborts, so libFuzzer keeps the input.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonr.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
differs(const char *what, const char *key)
{
	fprintf(stderr, "fuzz_jsonr: %s (member \"%s\")\n", what, key != NULL ? key : "");
	abort();
}

static enum jsonr_type
type_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return JSONR_OBJECT;
	case JSON_ARRAY:
		return JSONR_ARRAY;
	case JSON_STRING:
		return JSONR_STRING;
	case JSON_INTEGER:
		return JSONR_INTEGER;
	case JSON_REAL:
		return JSONR_REAL;
	case JSON_TRUE:
		return JSONR_TRUE;
	case JSON_FALSE:
		return JSONR_FALSE;
	case JSON_NULL:
		break;
	}
	return JSONR_NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonr	 jr;
	json_error_t	 err;
	json_t		*j;
	int		 r = jsonr_object(&jr, (const char *)data, size);

	if (r != 0 && r != JSONR_DECLINED)
		differs(r == -ENOMEM ? "out of memory" : "unknown return", NULL);
	if (r != 0 || !utf8_valid(data, size, NULL)) {
		jsonr_release(&jr);
		return 0;
	}
	if ((j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err)) == NULL)
		differs(err.text, NULL);
	if (!json_is_object(j) || json_object_size(j) != jr.n)
		differs("not the same number of members", NULL);
	for (size_t i = 0; i < jr.n; i++) {
		const struct jsonr_member	*m = &jr.m[i];
		const json_t			*v = json_object_get(j, m->key);

		if (strlen(m->key) != m->keylen)
			differs("a key holds a NUL", m->key);
		if (v == NULL)
			differs("jansson has no such member", m->key);
		if (jsonr_get(&jr, m->key) != &m->v)
			differs("jsonr_get finds another member", m->key);
		if (type_of(v) != m->v.type)
			differs("another type", m->key);
		if (m->v.type == JSONR_STRING && (json_string_length(v) != m->v.len ||
		    memcmp(json_string_value(v), m->v.s, m->v.len) != 0 || m->v.s[m->v.len] != '\0'))
			differs("another string", m->key);
		if (m->v.type == JSONR_INTEGER && json_integer_value(v) != m->v.integer)
			differs("another integer", m->key);
	}
	json_decref(j);
	jsonr_release(&jr);
	return 0;
}
