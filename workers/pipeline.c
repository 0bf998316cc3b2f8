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

int
pipeline_english_at_a_glance(const char *text, size_t len)
{
	const unsigned char	*t = (const unsigned char *)text;
	size_t			 n = len < PIPELINE_GLANCE_BYTES ? len : PIPELINE_GLANCE_BYTES, i = 0;
	unsigned		 words = 0, hits = 0;

	while (i < n) {
		size_t start;

		while (i < n && !((t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z'))
			i++;
		start = i;
		while (i < n && (t[i] | 0x20) >= 'a' && (t[i] | 0x20) <= 'z')
			i++;
		if (i == start)
			break;
		words++;
		if (i - start >= 2 && i - start <= 5) {
			const uint64_t	*fw = function_words2;
			size_t		 nfw = NELEM_FW(function_words2);
			uint64_t	 w = pack(t + start, i - start);

			if (i - start == 3) {
				fw = function_words3;
				nfw = NELEM_FW(function_words3);
			} else if (i - start == 4) {
				fw = function_words4;
				nfw = NELEM_FW(function_words4);
			} else if (i - start == 5) {
				fw = function_words5;
				nfw = NELEM_FW(function_words5);
			}
			for (size_t k = 0; k < nfw; k++)
				if (fw[k] == w) {
					hits++;
					break;
				}
		}
	}
	/* hits / words >= PIPELINE_GLANCE_SHARE / 100, in integers. */
	return words >= PIPELINE_GLANCE_WORDS && hits * 100 >= words * PIPELINE_GLANCE_SHARE;
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
