/*
 * pipeline: decode, decide the language, code, serialise; one message at a
 * time, with every scratch allocation local to the call.
 *
 * An article that states no language is English at a glance when enough of
 * its first words are English function words; only the others go to CLD2
 * (langid.h), whose reading of a news story costs a quarter of coding it.
 *
 * Every path out of pipeline_run leaves a result that accounts for the
 * message: records (possibly none, for an article without events) or a
 * reason. Running out of memory half-way drops whatever was made and
 * reports extract_limit "out of memory", so that the daemon dead-letters
 * the article rather than committing part of it.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "article.h"
#include "extract.h"
#include "pipeline.h"
#include "places.h"
#include "record.h"
#include "sentences.h"

#define PIPELINE_ERRBUF 512	/* room for any decoder message before it is cut */

void
pipeline_copy_message(char *dst, size_t dstsz, const char *src)
{
	size_t n = strlen(src);

	assert(dstsz > 0);
	if (n >= dstsz) {
		n = dstsz - 1;
		/* Cut before the character that src[n] is part of if it is a continuation byte. */
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void
pipeline_result_release(struct pipeline_result *res)
{
	if (res == NULL)
		return;
	for (size_t i = 0; i < res->nrecords; i++)
		free(res->records[i].json);
	free(res->records);
	free(res->article_id);
	memset(res, 0, sizeof(*res));
	res->reason = _REASON_INVALID;
}

static void
set_failed(struct pipeline_result *res, enum reason why, const char *msg)
{
	res->failed = 1;
	res->reason = why;
	pipeline_copy_message(res->errmsg, sizeof(res->errmsg), msg);
}

/*
 * English function words that no other language the coder meets uses as
 * a common word ("to", "in", "a", "is", "for", "on", "he" are left out:
 * Polish, German, Italian, Dutch, Danish, French and Spanish have them),
 * packed into 64-bit words as pack() packs them, one list per length so
 * that a word is compared only with those of its own.
 */
#define P2(a, b)		((uint64_t)(a) | (uint64_t)(b) << 8)
#define P3(a, b, c)		(P2(a, b) | (uint64_t)(c) << 16)
#define P4(a, b, c, d)		(P3(a, b, c) | (uint64_t)(d) << 24)
#define P5(a, b, c, d, e)	(P4(a, b, c, d) | (uint64_t)(e) << 32)
static const uint64_t function_words2[] = { P2('o', 'f'), P2('i', 't') };
static const uint64_t function_words3[] = {
	P3('t', 'h', 'e'), P3('a', 'n', 'd'), P3('i', 't', 's'), P3('n', 'o', 't'), P3('b', 'u', 't'),
	P3('w', 'h', 'o'), P3('h', 'i', 's'),
};
static const uint64_t function_words4[] = {
	P4('t', 'h', 'a', 't'), P4('w', 'i', 't', 'h'), P4('s', 'a', 'i', 'd'), P4('f', 'r', 'o', 'm'),
	P4('t', 'h', 'i', 's'), P4('b', 'e', 'e', 'n'), P4('w', 'e', 'r', 'e'), P4('t', 'h', 'e', 'y'),
	P4('t', 'h', 'a', 'n'),
};
static const uint64_t function_words5[] = {
	P5('w', 'h', 'i', 'c', 'h'), P5('w', 'o', 'u', 'l', 'd'), P5('t', 'h', 'e', 'i', 'r'),
};
/*
 * More English words that are not common words of those languages, for the
 * second rule of pipeline_english_at_a_glance() (pipeline.h). "was",
 * "will", "also", "are", "over", "under", "have" and "more" are left out:
 * German, Dutch, Danish, Swedish, Norwegian, Italian or Romanian have them.
 */
#define P6(a, b, c, d, e, f)	(P5(a, b, c, d, e) | (uint64_t)(f) << 40)
static const uint64_t more_words3[] = { P3('h', 'a', 's'), P3('h', 'a', 'd') };
static const uint64_t more_words4[] = {
	P4('w', 'h', 'a', 't'), P4('w', 'h', 'e', 'n'), P4('y', 'e', 'a', 'r'), P4('i', 'n', 't', 'o'),
	P4('s', 'u', 'c', 'h'), P4('s', 'a', 'y', 's'),
};
static const uint64_t more_words5[] = {
	P5('t', 'h', 'e', 'r', 'e'), P5('t', 'h', 'e', 's', 'e'), P5('t', 'h', 'o', 's', 'e'),
	P5('w', 'h', 'i', 'l', 'e'), P5('c', 'o', 'u', 'l', 'd'), P5('a', 'b', 'o', 'u', 't'),
	P5('a', 'f', 't', 'e', 'r'), P5('f', 'i', 'r', 's', 't'), P5('o', 't', 'h', 'e', 'r'),
};
static const uint64_t more_words6[] = { P6('s', 'h', 'o', 'u', 'l', 'd') };
#define NELEM_FW(a)	(sizeof(a) / sizeof((a)[0]))

/* The letters s[0, n) (n <= 8) lower-cased, one byte each, into a 64-bit word. */
static inline uint64_t
pack(const unsigned char *s, size_t n)
{
	uint64_t w = 0;

	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)(s[i] | 0x20) << (8 * i);
	return w;
}

static inline int
listed(const uint64_t *list, size_t n, uint64_t w)
{
	for (size_t k = 0; k < n; k++)
		if (list[k] == w)
			return 1;
	return 0;
}

/* Is the word w of n letters (packed) one of the second rule's more words? */
static int
more_word(uint64_t w, size_t n)
{
	switch (n) {
	case 3:
		return listed(more_words3, NELEM_FW(more_words3), w);
	case 4:
		return listed(more_words4, NELEM_FW(more_words4), w);
	case 5:
		return listed(more_words5, NELEM_FW(more_words5), w);
	case 6:
		return listed(more_words6, NELEM_FW(more_words6), w);
	default:
		return 0;
	}
}

/*
 * The first letters of the listed words of each length (both lists), as
 * bits: most words are passed over on their first letter alone.
 */
#define L(c)	(1u << ((c) - 'a'))
static const uint32_t first_letters[7] = {
	[2] = L('o') | L('i'),
	[3] = L('t') | L('a') | L('i') | L('n') | L('b') | L('w') | L('h'),
	[4] = L('t') | L('w') | L('s') | L('f') | L('b') | L('y') | L('i'),
	[5] = L('w') | L('t') | L('c') | L('a') | L('f') | L('o'),
	[6] = L('s'),
};
#undef L

static inline int
is_letter(unsigned char c)
{
	return (unsigned char)((c | 0x20) - 'a') < 26;
}

int
pipeline_english_at_a_glance(const char *text, size_t len)
{
	static const uint64_t	*const fw[6] = { NULL, NULL, function_words2, function_words3,
		function_words4, function_words5 };
	static const size_t	 nfw[6] = { 0, 0, NELEM_FW(function_words2), NELEM_FW(function_words3),
		NELEM_FW(function_words4), NELEM_FW(function_words5) };
	const unsigned char	*t = (const unsigned char *)text;
	size_t			 n = len < PIPELINE_GLANCE_BYTES ? len : PIPELINE_GLANCE_BYTES, i = 0;
	unsigned		 words = 0, hits = 0, more = 0;

	while (i < n) {
		size_t start, wl;

		while (i < n && !is_letter(t[i]))
			i++;
		start = i;
		while (i < n && is_letter(t[i]))
			i++;
		if (i == start)
			break;
		words++;
		wl = i - start;
		if (wl >= 2 && wl <= 6 && (first_letters[wl] >> ((t[start] | 0x20) - 'a') & 1)) {
			uint64_t w = pack(t + start, wl);

			if (wl <= 5 && listed(fw[wl], nfw[wl], w))
				hits++;
			else if (more_word(w, wl))
				more++;
		}
	}
	/* hits / words >= PIPELINE_GLANCE_SHARE / 100, in integers; then the second rule. */
	if (words >= PIPELINE_GLANCE_WORDS && hits * 100 >= words * PIPELINE_GLANCE_SHARE)
		return 1;
	return words >= PIPELINE_GLANCE2_WORDS && hits + more >= PIPELINE_GLANCE2_HITS &&
	    (hits + more) * 100 >= words * PIPELINE_GLANCE2_SHARE;
}

/* One record per event. @returns 0 or -ENOMEM (records made so far stay). */
static int
records_of_events(struct pipeline_result *res, const struct lexicon *lx, const struct article *a,
    const struct eventvec *ev, int flags)
{
	const struct record_lexicon rl = { lexicon_version(lx), lexicon_plover(lx) };

	if (ev->n == 0)
		return 0;
	if ((res->records = calloc(ev->n, sizeof(*res->records))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < ev->n; i++) {
		char *json = record_to_json_with(&rl, a, &ev->v[i], flags);

		if (json == NULL)
			return -ENOMEM;
		res->records[i].json = json;
		res->records[i].len = strlen(json);
		res->nrecords = i + 1;
	}
	return 0;
}

char *
pipeline_place_json(const struct article *a, const struct place *p)
{
	char	 id[256], *s;
	json_t	*j;

	record_place_ref(p, a->text, id, sizeof(id));
	j = json_pack("{s:s, s:I, s:I, s:s%, s:s, s:s?, s:f, s:f, s:s, s:s, s:s?, s:s?}",
	    "article_id", a->id, "start", (json_int_t)p->span.start, "end", (json_int_t)p->span.end,
	    "text", a->text + p->span.start, (size_t)(p->span.end - p->span.start), "name", p->name,
	    "country", p->country[0] != '\0' ? p->country : NULL, "latitude", p->lat,
	    "longitude", p->lon, "kind", p->kind, "id", id, "locative", p->locative,
	    "evidence", p->evidence);
	if (j == NULL)
		return NULL;
	s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(7));
	json_decref(j);
	return s;
}

/* One record per place mention of a. @returns 0 or -ENOMEM (records made so far stay). */
static int
records_of_places(struct pipeline_result *res, const struct lexicon *lx, const struct article *a)
{
	const struct gazetteer	*g = lexicon_gazetteer(lx);
	struct spanvec		 sv = { 0 };
	struct sentences	 ss = { 0 };
	struct placevec		 pv = { 0 };
	int			 r = 0;

	if (g == NULL)
		return 0;
	if ((r = text_sentences(a->text, a->text_len, &sv)) < 0 ||
	    (r = sentences_build(&ss, a->text, sv.v, sv.n)) < 0 ||
	    (r = places_article(g, ss.v, ss.n, &pv)) < 0)
		goto out;
	if (pv.n > 0 && (res->records = calloc(pv.n, sizeof(*res->records))) == NULL) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < pv.n; i++) {
		char *json = pipeline_place_json(a, &pv.v[i]);

		if (json == NULL) {
			r = -ENOMEM;
			goto out;
		}
		res->records[i] = (struct pipeline_record){ json, strlen(json) };
		res->nrecords = i + 1;
	}
out:
	spanvec_release(&sv);
	sentences_release(&ss);
	placevec_release(&pv);
	return r;
}

/* The pass-through record {"article_id": id}. @returns 0 or -ENOMEM. */
static int
record_of_id(struct pipeline_result *res, const char *id)
{
	json_t	*o;
	char	*json;

	/* id is valid UTF-8 (article_decode guarantees it), so only memory can fail here. */
	if ((o = json_pack("{s:s}", "article_id", id)) == NULL)
		return -ENOMEM;
	json = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (json == NULL)
		return -ENOMEM;
	if ((res->records = calloc(1, sizeof(*res->records))) == NULL) {
		free(json);
		return -ENOMEM;
	}
	res->records[0] = (struct pipeline_record){ json, strlen(json) };
	res->nrecords = 1;
	return 0;
}

int
pipeline_run(const struct lexicon *lx, const struct pipeline_opts *o, const void *buf, size_t len,
    const void *key, size_t keylen, struct pipeline_result *res)
{
	struct article	a;
	struct eventvec	ev = { NULL, 0, 0 };
	struct langid	lang;
	enum reason	why = _REASON_INVALID;
	char		errbuf[PIPELINE_ERRBUF] = "";
	int		r;

	assert(lx != NULL || !o->extract);
	pipeline_result_release(res);
	memset(&a, 0, sizeof(a));
	r = article_decode_mapped(buf, len, key, keylen, o->max_bytes, o->map, &a, &why, errbuf,
	    sizeof(errbuf));
	if (r == -EBADMSG) {
		set_failed(res, why, errbuf);
		return 0;
	}
	if (r < 0)
		goto oom;	/* article_decode fails only with -EBADMSG or -ENOMEM */
	if ((res->article_id = strdup(a.id)) == NULL)
		goto oom;
	if (!o->extract) {
		if (record_of_id(res, a.id) < 0)
			goto oom;
		goto out;
	}
	if ((a.language == NULL || a.language[0] == '\0') &&
	    pipeline_english_at_a_glance(a.text, a.text_len))
		lang = (struct langid){ .code = "en", .detected = 1, .reliable = 1, .supported = 1 };
	else
		(void)langid_decide(a.language, a.text, a.text_len, &lang);
	memcpy(res->language, lang.code, sizeof(res->language));
	if (!lang.supported) {
		snprintf(errbuf, sizeof(errbuf), "language '%s' (%s); the coder reads English only",
		    lang.code, lang.detected ? "identified from the text" : "as the article states");
		set_failed(res, REASON_UNSUPPORTED_LANGUAGE, errbuf);
		goto out;
	}
	if (o->places) {
		if (records_of_places(res, lx, &a) < 0)
			goto oom;
		goto out;
	}
	r = extract_article(lx, &a, &ev, &why, errbuf, sizeof(errbuf));
	if (r == -EBADMSG) {
		set_failed(res, why, errbuf);
		goto out;
	}
	if (r < 0 || records_of_events(res, lx, &a, &ev, o->record_flags) < 0)
		goto oom;
out:
	eventvec_release(&ev);
	article_release(&a);
	return 0;
oom:
	/* Whatever was made is incomplete: a dead letter carries the article instead. */
	for (size_t i = 0; i < res->nrecords; i++)
		free(res->records[i].json);
	free(res->records);
	res->records = NULL;
	res->nrecords = 0;
	set_failed(res, REASON_EXTRACT_LIMIT, "out of memory");
	eventvec_release(&ev);
	article_release(&a);
	return -ENOMEM;
}
