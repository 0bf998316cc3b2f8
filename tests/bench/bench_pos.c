/*
 * bench_pos: part-of-speech tagging throughput on one core.
 *
 *   bench_pos [LEXICON_DIR [CORPUS.jsonl]]
 *
 * Loads the tagger from LEXICON_DIR (default $NE_LEXICON, else
 * build/lexicon) and reports the load time, then tags every sentence of
 * CORPUS (default ../shared/corpus/reuters21578.jsonl: one JSON object a
 * line with a "text" field). Without a corpus it tags generated news-like
 * text instead. Sentences are split, tokenised and lower-cased once
 * beforehand, so "tag" measures tagger_tag() alone; "split+tag" adds the
 * text module's work per pass. A report, not a test: nothing is asserted.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "pos.h"
#include "sentence.h"
#include "text.h"

#define MIN_SECONDS	2.0

struct corpus {
	char		**texts;
	size_t		 ntexts, cap;
	size_t		 bytes;
};

/* Every sentence of the corpus, tokenised, with its lower-case words. */
struct prepared {
	struct sentence	*sents;
	size_t		 nsents;
	struct tokvec	 tv;		/* all tokens, sentence after sentence */
	char		*lower;		/* NUL-separated lower-case words */
	const char	**words;
	size_t		 ntok;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what)
{
	fprintf(stderr, "bench_pos: %s\n", what);
	exit(1);
}

static void
corpus_add(struct corpus *c, char *text)
{
	if (c->ntexts == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		if ((c->texts = realloc(c->texts, c->cap * sizeof(*c->texts))) == NULL)
			die("out of memory");
	}
	c->texts[c->ntexts++] = text;
	c->bytes += strlen(text);
}

static int
corpus_read(struct corpus *c, const char *path)
{
	FILE	*fp;
	char	*line = NULL;
	size_t	 cap = 0;

	if ((fp = fopen(path, "re")) == NULL)
		return -errno;
	while (getline(&line, &cap, fp) != -1) {
		json_error_t	 err;
		json_t		*root = json_loads(line, 0, &err);
		const char	*text;

		if (root == NULL)
			continue;
		if ((text = json_string_value(json_object_get(root, "text"))) != NULL) {
			char *copy = strdup(text);

			if (copy == NULL)
				die("out of memory");
			corpus_add(c, copy);
		}
		json_decref(root);
	}
	free(line);
	fclose(fp);
	return 0;
}

/* News-like sentences from a fixed vocabulary, with a fixed seed. */
static void
corpus_generate(struct corpus *c, size_t nsent)
{
	static const char *const subj[] = { "The minister", "Iran", "Rebels", "The U.S. envoy",
		"Police", "The government", "Officials in Baghdad", "Protesters", "He", "Troops" };
	static const char *const verb[] = { "met", "said", "accused", "was hosted by", "attacked",
		"will visit", "did not point to", "have criticised", "are meeting", "talks with" };
	static const char *const obj[] = { "the delegation", "Syrian officials",
		"a police station near Kandahar", "diplomatic relations", "the new proposal",
		"Crocker", "the militias", "the talks", "25 protesters", "its neighbours" };
	static const char *const tail[] = { " on Monday.", " in 1980.", ", officials said.",
		" after the meeting.", ".", " for the first time in 27 years." };
	uint32_t	x = 12345;
	size_t		cap = nsent * 128, len = 0;
	char		*text;

	if ((text = malloc(cap)) == NULL)
		die("out of memory");
	for (size_t i = 0; i < nsent; i++) {
		const char *p[4];

		for (int k = 0; k < 4; k++) {
			x = x * 1103515245u + 12345u;
			p[k] = k == 0 ? subj[(x >> 16) % 10] : k == 1 ? verb[(x >> 16) % 10] :
			    k == 2 ? obj[(x >> 16) % 10] : tail[(x >> 16) % 6];
		}
		len += (size_t)snprintf(text + len, cap - len, "%s %s %s%s ", p[0], p[1], p[2],
		    p[3]);
	}
	corpus_add(c, text);
}

static void
prepare(const struct corpus *c, struct prepared *pp)
{
	struct spanvec	sv = { 0 };
	size_t		nsents = 0, cap = 0, lowcap = 0, pos = 0;
	size_t		*first = NULL;

	memset(pp, 0, sizeof(*pp));
	for (size_t t = 0; t < c->ntexts; t++) {
		const char *text = c->texts[t];

		sv.n = 0;
		if (text_sentences(text, strlen(text), &sv) < 0)
			die("out of memory");
		for (size_t k = 0; k < sv.n; k++) {
			size_t before = pp->tv.n;

			if (text_tokens(text, sv.v[k], &pp->tv) < 0)
				die("out of memory");
			if (pp->tv.n == before)
				continue;
			pp->tv.v[before].flags |= TOK_SENT_START;
			if (nsents == cap) {
				cap = cap ? 2 * cap : 4096;
				pp->sents = realloc(pp->sents, cap * sizeof(*pp->sents));
				first = realloc(first, cap * sizeof(*first));
				if (pp->sents == NULL || first == NULL)
					die("out of memory");
			}
			pp->sents[nsents] = (struct sentence){ text, sv.v[k], (uint32_t)k, NULL,
				pp->tv.n - before, NULL };
			first[nsents++] = before;
		}
	}
	spanvec_release(&sv);
	pp->nsents = nsents;
	pp->ntok = pp->tv.n;
	for (size_t i = 0; i < pp->ntok; i++)
		lowcap += pp->tv.v[i].end - pp->tv.v[i].start + 1;
	if ((pp->lower = malloc(lowcap + 1)) == NULL ||
	    (pp->words = malloc((pp->ntok + 1) * sizeof(*pp->words))) == NULL)
		die("out of memory");
	for (size_t s = 0; s < nsents; s++) {
		struct sentence *st = &pp->sents[s];

		st->tok = &pp->tv.v[first[s]];
		st->words = &pp->words[first[s]];
		for (size_t i = 0; i < st->ntok; i++) {
			pp->words[first[s] + i] = pp->lower + pos;
			pos += text_lower(st->text, &st->tok[i], pp->lower + pos,
			    lowcap + 1 - pos) + 1;
		}
	}
	free(first);
}

static void
prepared_release(struct prepared *pp)
{
	tokvec_release(&pp->tv);
	free(pp->sents);
	free(pp->lower);
	free(pp->words);
}

int
main(int argc, char **argv)
{
	const char		*dir = argc > 1 ? argv[1] : getenv("NE_LEXICON");
	const char		*path = argc > 2 ? argv[2] : "../shared/corpus/reuters21578.jsonl";
	struct corpus		 c = { 0 };
	struct prepared		 pp;
	struct tagger		*tg = NULL;
	struct tagger_stats	 st;
	char			 err[512];
	uint8_t			*tags;
	double			 t0, best_load = 1e9, el;
	size_t			 passes = 0, maxtok = 0, counts[_POS_MAX] = { 0 };

	if (dir == NULL)
		dir = "build/lexicon";
	for (int i = 0; i < 5; i++) {
		struct tagger *t;

		t0 = now();
		if (tagger_load(dir, &t, err, sizeof(err)) != 0) {
			fprintf(stderr, "bench_pos: %s\n", err);
			return 1;
		}
		el = now() - t0;
		if (el < best_load)
			best_load = el;
		if (tg == NULL)
			tg = t;
		else
			tagger_free(t);
	}
	tagger_stats(tg, &st);

	if (corpus_read(&c, path) == 0 && c.ntexts > 0)
		printf("corpus      %s: %zu texts, %.1f MB\n", path, c.ntexts, c.bytes / 1e6);
	else {
		corpus_generate(&c, 200000);
		printf("corpus      generated: 200000 sentences, %.1f MB (%s not readable)\n",
		    c.bytes / 1e6, path);
	}
	prepare(&c, &pp);
	for (size_t s = 0; s < pp.nsents; s++)
		if (pp.sents[s].ntok > maxtok)
			maxtok = pp.sents[s].ntok;
	if ((tags = malloc(maxtok + 1)) == NULL)
		die("out of memory");
	printf("model       %zu words, %zu (word, tag) pairs, %zu trigrams, %.1f MB; load %.1f ms "
	       "(best of 5)\n", st.words, st.pairs, st.trigrams, st.bytes / 1e6, best_load * 1e3);
	printf("sentences   %zu, tokens %zu (longest %zu)\n", pp.nsents, pp.ntok, maxtok);

	/* Tagging alone, over the corpus as many times as fit in MIN_SECONDS. */
	t0 = now();
	do {
		for (size_t s = 0; s < pp.nsents; s++)
			if (tagger_tag(tg, &pp.sents[s], tags) != 0)
				die("tagger_tag failed");
		passes++;
	} while ((el = now() - t0) < MIN_SECONDS);
	printf("tag         %.2f M tokens/s, %.0f sentences/s, %.1f MB/s (%zu passes, %.2f s)\n",
	    (double)pp.ntok * passes / el / 1e6, (double)pp.nsents * passes / el,
	    (double)c.bytes * passes / el / 1e6, passes, el);

	/* One pass with tokenisation, as extract would do it, and the tag mix. */
	{
		struct spanvec	sv = { 0 };
		struct tokvec	tv = { 0 };
		char		*low = NULL;
		const char	**w = NULL;
		size_t		 ntok = 0, wcap = 0, lcap = 0;

		t0 = now();
		for (size_t t = 0; t < c.ntexts; t++) {
			const char *text = c.texts[t];

			sv.n = 0;
			if (text_sentences(text, strlen(text), &sv) < 0)
				die("out of memory");
			for (size_t k = 0; k < sv.n; k++) {
				struct sentence	s;
				size_t		pos = 0, need = sv.v[k].end - sv.v[k].start + 1;

				tv.n = 0;
				if (text_tokens(text, sv.v[k], &tv) < 0)
					die("out of memory");
				if (tv.n == 0)
					continue;
				tv.v[0].flags |= TOK_SENT_START;
				if (tv.n > wcap) {
					wcap = 2 * tv.n;
					if ((w = realloc(w, wcap * sizeof(*w))) == NULL)
						die("out of memory");
				}
				if (need + tv.n > lcap) {
					lcap = 2 * (need + tv.n);
					if ((low = realloc(low, lcap)) == NULL)
						die("out of memory");
				}
				for (size_t i = 0; i < tv.n; i++) {
					w[i] = low + pos;
					pos += text_lower(text, &tv.v[i], low + pos,
					    lcap - pos) + 1;
				}
				s = (struct sentence){ text, sv.v[k], (uint32_t)k, tv.v, tv.n, w };
				if (tv.n > maxtok)
					die("sentence longer than in the first pass");
				if (tagger_tag(tg, &s, tags) != 0)
					die("tagger_tag failed");
				for (size_t i = 0; i < tv.n; i++)
					counts[tags[i]]++;
				ntok += tv.n;
			}
		}
		el = now() - t0;
		printf("split+tag   %.2f M tokens/s, %.1f MB/s (one pass, %.2f s)\n",
		    (double)ntok / el / 1e6, (double)c.bytes / el / 1e6, el);
		spanvec_release(&sv);
		tokvec_release(&tv);
		free(low);
		free(w);
	}
	printf("tag mix    ");
	for (int t = 0; t < _POS_MAX; t++)
		if (counts[t] * 100 >= pp.ntok)
			printf(" %s %.1f%%", pos_name(t), 100.0 * counts[t] / pp.ntok);
	printf("\n");

	free(tags);
	prepared_release(&pp);
	for (size_t i = 0; i < c.ntexts; i++)
		free(c.texts[i]);
	free(c.texts);
	tagger_free(tg);
	return 0;
}
