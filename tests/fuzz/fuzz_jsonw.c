/*
 * fuzz_jsonw: libFuzzer target holding the JSON writer's strings and reals
 * (jsonw.h) to jansson's.
 *
 * The whole input is one string: jsonw_strn() must write what json_dumps()
 * writes of json_stringn() on the same bytes, and refuse (write nothing)
 * exactly when json_stringn() refuses them. Each 8 bytes of the input are
 * also one double, written by jsonw_format_real() and by jansson at the
 * precisions the records and place lists use (4, 7) and at 17. A
 * difference aborts, so libFuzzer keeps the input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
differs(const char *what, const char *got, const char *want)
{
	fprintf(stderr, "fuzz_jsonw: %s: jsonw '%s', jansson '%s'\n", what, got ? got : "(refused)",
	    want ? want : "(refused)");
	abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int precisions[] = { 4, 7, 17 };
	struct jsonw	 w;
	json_t		*j = json_stringn((const char *)data, size);
	char		*want = j != NULL ? json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT) : NULL, *got;
	int		 r;

	json_decref(j);
	jsonw_init(&w, 0, 0, 0);
	r = jsonw_strn(&w, (const char *)data, size);
	if ((got = jsonw_finish(&w, NULL)) == NULL)
		abort();
	if ((want == NULL) != (r < 0) || (want != NULL && strcmp(got, want) != 0) || (r < 0 && got[0] != '\0'))
		differs("string", r < 0 ? NULL : got, want);
	free(got);
	free(want);

	for (size_t k = 0; k + 8 <= size; k += 8) {
		double v;

		memcpy(&v, data + k, sizeof(v));
		for (size_t p = 0; p < sizeof(precisions) / sizeof(precisions[0]); p++) {
			char	buf[64];
			int	n = jsonw_format_real(v, precisions[p], buf, sizeof(buf));

			j = json_real(v);
			want = j != NULL ? json_dumps(j, JSON_ENCODE_ANY | JSON_REAL_PRECISION(precisions[p])) : NULL;
			json_decref(j);
			if ((want == NULL) != (n < 0) || (want != NULL && ((size_t)n != strlen(want) ||
			    strcmp(buf, want) != 0)))
				differs("real", n < 0 ? NULL : buf, want);
			free(want);
		}
	}
	return 0;
}
