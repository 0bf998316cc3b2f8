/*
 * fuzz_extract: libFuzzer target for the whole worker pipeline.
 *
 * Each input is one Kafka message: article_decode() under the daemon's
 * default size limit, then extract_article() with the real lexicon, then
 * record_to_json() for every event. The lexicon is loaded once, before the
 * first input, from $NE_LEXICON or else build/lexicon (make fuzz sets
 * NE_LEXICON), and only read afterwards, as the workers do.
 *
 * Besides what the sanitisers catch, the target aborts when a contract is
 * broken:
 *   - a refusal is -EBADMSG with a known reason and a message; -ENOMEM from a
 *     64 KB input is a runaway allocation, not an input error;
 *   - the same message under a limit smaller than itself is refused as
 *     too_large, so no size check can be skipped;
 *   - a decoded article has an id and a NUL-free text of text_len bytes;
 *   - every event's sentence lies inside the text, and its verb and actor
 *     spans inside its sentence (record.c quietly prints "" for a span out
 *     of range, so this is the only place such a bug would show);
 *   - every record is a JSON object that jansson reads back.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "article.h"
#include "extract.h"
#include "lexicon.h"
#include "reason.h"
#include "record.h"

#define FUZZ_MAX_BYTES (4u << 20) /* the daemon's max.article.bytes default */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The one snapshot all inputs share; the harness is single-threaded. */
static struct lexicon *lx;

static void fail(const char *, size_t, size_t) __attribute__((noreturn));

static void
fail(const char *rule, size_t a, size_t b)
{
	fprintf(stderr, "fuzz_extract: broken rule: %s (%zu, %zu)\n", rule, a, b);
	abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("NE_LEXICON");
	char err[512];
	int r;

	(void) argc;
	(void) argv;
	if (dir == NULL || *dir == '\0')
		dir = "build/lexicon";
	if ((r = lexicon_load(dir, &lx, err, sizeof(err))) < 0) {
		fprintf(stderr, "fuzz_extract: lexicon '%s': %s\n", dir, err);
		exit(1);
	}
	return 0;
}

static void
check_refusal(int r, enum reason why, const char *err)
{
	if (r == -ENOMEM)
		fail("out of memory on a small input", 0, 0);
	if (r != -EBADMSG)
		fail("refusal is not -EBADMSG", (size_t) -r, 0);
	if ((int) why < 0 || why >= _REASON_MAX)
		fail("refusal without a known reason", (size_t) why, 0);
	if (err[0] == '\0')
		fail("refusal without a message", (size_t) why, 0);
}

static void
check_span(const char *what, struct span sp, struct span within)
{
	if (sp.start > sp.end || sp.start < within.start || sp.end > within.end) {
		fprintf(stderr, "fuzz_extract: %s [%u, %u) not inside [%u, %u)\n", what, sp.start,
			sp.end, within.start, within.end);
		abort();
	}
}

static void
check_actor(const char *what, const struct actor *ac, struct span sent)
{
	check_span(what, ac->text, sent);
	if (ac->name.end > ac->name.start)
		check_span(what, ac->name, sent);
}

static void
check_event(const struct article *a, const struct event *e)
{
	struct span all = {0, (uint32_t) a->text_len};
	json_error_t jerr;
	json_t *root;
	char *json;

	if (e->cameo == NULL || e->cameo->code == NULL)
		fail("event without a CAMEO code", e->sentence_index, 0);
	if (e->sentence.start >= e->sentence.end)
		fail("event with an empty sentence", e->sentence.start, e->sentence.end);
	check_span("sentence", e->sentence, all);
	check_span("verb", e->verb_span, e->sentence);
	/*
	 * Actors come from the sentence, or from an earlier one through the
	 * article's memory, so only the text bounds them in general.
	 */
	check_actor("source", &e->source, all);
	if (e->has_target)
		check_actor("target", &e->target, all);
	if (e->has_attrib)
		check_actor("attributed_to", &e->attrib, all);
	for (size_t q = 0; q < e->nquotes; q++)
		check_span("quote", e->quotes[q].text, all);

	if ((json = record_to_json(a, e, 0)) == NULL)
		fail("record_to_json returned NULL", 0, 0);
	if ((root = json_loads(json, 0, &jerr)) == NULL || !json_is_object(root)) {
		fprintf(stderr, "fuzz_extract: record is not a JSON object: %s\n%s\n", jerr.text,
			json);
		abort();
	}
	json_decref(root);
	free(json);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct article a;
	struct eventvec ev = {0};
	enum reason why = _REASON_INVALID;
	char err[256];
	int r;

	/* A limit below the size must refuse the message, whatever it holds. */
	if (size > 1) {
		err[0] = '\0';
		r = article_decode(data, size, NULL, 0, size - 1, &a, &why, err, sizeof(err));
		if (r == 0 || why != REASON_TOO_LARGE)
			fail("over-size message not refused as too_large", size, (size_t) why);
	}

	err[0] = '\0';
	why = _REASON_INVALID;
	r = article_decode(data, size, "fuzz-key", 8, FUZZ_MAX_BYTES, &a, &why, err, sizeof(err));
	if (r < 0) {
		check_refusal(r, why, err);
		return 0;
	}
	if (a.id == NULL || a.id[0] == '\0' || a.text == NULL)
		fail("decoded article lacks id or text", 0, 0);
	if (strlen(a.text) != a.text_len)
		fail("text_len disagrees with the text", strlen(a.text), a.text_len);

	err[0] = '\0';
	why = _REASON_INVALID;
	r = extract_article(lx, &a, &ev, &why, err, sizeof(err));
	if (r < 0) {
		check_refusal(r, why, err);
	} else {
		for (size_t i = 0; i < ev.n; i++)
			check_event(&a, &ev.v[i]);
	}
	eventvec_release(&ev);
	article_release(&a);
	return 0;
}
