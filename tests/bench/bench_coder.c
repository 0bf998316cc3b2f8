/*
 * bench_coder: event-coder throughput on one core, lexicon load time and size.
 *
 *   bench_coder [LEXICON_DIR [CORPUS.jsonl]]
 *
 * Loads the lexicon from LEXICON_DIR (default $NE_LEXICON, else
 * build/lexicon), reporting the load time and the memory the snapshot
 * holds, then runs extract_article() over every story of CORPUS (default
 * ../shared/corpus/reuters21578.jsonl, one article JSON object a line) and
 * over long articles made by joining stories into pieces of about 100 KB.
 * Articles are decoded beforehand, so the timings are of extraction alone
 * (sentences, tokens, tags, actors, verbs, clauses, coding, places, tone,
 * quotes); the input bytes are the article texts. When the corpus is
 * absent it says so and reports the lexicon only. A report, not a test:
 * nothing is asserted, and it exits 0.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "coder.h"
#include "extract.h"
#include "lexicon.h"
#include "text.h"

#define MIN_SECONDS	2.0		/* repeat a pass until this much time has gone */
#define LONG_ARTICLE	(100 * 1024)	/* target size of a joined long article */

struct corpus {
	struct article	*v;
	size_t		 n, cap;
	size_t		 bytes;		/* text bytes */
	size_t		 sentences;
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
	fprintf(stderr, "bench_coder: %s\n", what);
	exit(1);
}

static void
corpus_push(struct corpus *c, const struct article *a)
{
	struct spanvec sv = { 0 };

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		if ((c->v = realloc(c->v, c->cap * sizeof(*c->v))) == NULL)
			die("out of memory");
	}
	c->v[c->n++] = *a;
	c->bytes += a->text_len;
	if (text_sentences(a->text, a->text_len, &sv) < 0)
		die("out of memory");
	c->sentences += sv.n;
	spanvec_release(&sv);
}

/* @returns 0, or -errno when the corpus cannot be opened. */
static int
corpus_read(struct corpus *c, const char *path)
{
	FILE		*fp;
	char		*line = NULL, err[256];
	size_t		 cap = 0;
	ssize_t		 len;
	struct article	 a;
	enum reason	 why;

	if ((fp = fopen(path, "re")) == NULL)
		return -errno;
	while ((len = getline(&line, &cap, fp)) != -1) {
		if (len <= 1)
			continue;
		if (article_decode(line, (size_t)len, NULL, 0, 0, &a, &why, err, sizeof(err)) == 0)
			corpus_push(c, &a);
	}
	free(line);
	fclose(fp);
	return 0;
}

/* Join the stories of src into articles of about LONG_ARTICLE bytes. */
static void
corpus_join(const struct corpus *src, struct corpus *dst)
{
	for (size_t i = 0; i < src->n;) {
		struct article	 a = src->v[i];
		size_t		 len = 0, n = 0;
		char		*text;

		for (size_t k = i; k < src->n && len < LONG_ARTICLE; k++, n++)
			len += src->v[k].text_len + 2;
		if ((text = malloc(len + 1)) == NULL)
			die("out of memory");
		len = 0;
		for (size_t k = i; k < i + n; k++) {
			memcpy(text + len, src->v[k].text, src->v[k].text_len);
			len += src->v[k].text_len;
			memcpy(text + len, "\n\n", 2);
			len += 2;
		}
		text[len] = '\0';
		memset(&a, 0, sizeof(a));
		a.id = strdup("long");
		a.text = text;
		a.text_len = len;
		a.date = src->v[i].date;
		a.date_basis = src->v[i].date_basis;
		corpus_push(dst, &a);
		i += n;
	}
}

struct result {
	double	seconds;	/* per pass */
	size_t	events;
	size_t	rejected;
};

static struct result
run(const struct lexicon *lx, const struct corpus *c)
{
	struct eventvec	ev = { 0 };
	struct result	r = { 0 };
	enum reason	why;
	char		err[256];
	double		t0 = now(), t;
	int		passes = 0;

	do {
		r.events = r.rejected = 0;
		for (size_t i = 0; i < c->n; i++) {
			if (extract_article(lx, &c->v[i], &ev, &why, err, sizeof(err)) != 0)
				r.rejected++;
			else
				r.events += ev.n;
		}
		passes++;
	} while ((t = now() - t0) < MIN_SECONDS);
	eventvec_release(&ev);
	r.seconds = t / passes;
	return r;
}

static void
report(const char *name, const struct corpus *c, const struct result *r)
{
	printf("%-22s %8zu %10zu %8.1f %10.3f %12.0f %8.2f %9zu\n", name, c->n, c->sentences,
	    (double)c->bytes / 1e6, r->seconds, (double)c->sentences / r->seconds,
	    (double)c->bytes / 1e6 / r->seconds, r->events);
}

int
main(int argc, char **argv)
{
	const char		*dir = argc > 1 ? argv[1] : getenv("NE_LEXICON");
	const char		*path = argc > 2 ? argv[2] : "../shared/corpus/reuters21578.jsonl";
	struct lexicon		*lx;
	struct lexicon_stats	 st;
	struct corpus		 stories = { 0 }, longs = { 0 };
	struct result		 r;
	char			 err[512];
	double			 t0;
	int			 e;

	if (dir == NULL)
		dir = "build/lexicon";
	t0 = now();
	if (lexicon_load(dir, &lx, err, sizeof(err)) != 0)
		die(err);
	printf("lexicon %s: loaded in %.1f ms, %.1f MB held, version %s\n", dir, (now() - t0) * 1e3,
	    (double)(lexicon_stats(lx, &st), st.bytes) / 1e6, lexicon_version(lx));
	printf("  %zu verb patterns, %zu noun events, %zu actors, %zu people, %zu roles, %zu demonyms,"
	    " %zu CAMEO codes, %zu recodings; tagger %s, gazetteer %s, tone %s\n",
	    st.verb_patterns, st.phrases[LEX_NOUN_EVENT], st.phrases[LEX_ACTOR], st.phrases[LEX_PERSON],
	    st.phrases[LEX_ROLE], st.phrases[LEX_DEMONYM], st.cameo_codes, st.transforms,
	    st.tagger ? "on" : "off", st.gazetteer ? "on" : "off", st.tone ? "on" : "off");
	if ((e = corpus_read(&stories, path)) < 0) {
		printf("corpus %s: %s; skipping the throughput runs\n", path, strerror(-e));
		lexicon_unref(lx);
		return 0;
	}
	corpus_join(&stories, &longs);
	printf("\n%-22s %8s %10s %8s %10s %12s %8s %9s\n", "input", "articles", "sentences", "MB",
	    "s/pass", "sentences/s", "MB/s", "events");
	r = run(lx, &stories);
	report("stories", &stories, &r);
	r = run(lx, &longs);
	report("long articles (100KB)", &longs, &r);
	printf("(one core; extraction only, articles decoded beforehand)\n");
	for (size_t i = 0; i < stories.n; i++)
		article_release(&stories.v[i]);
	for (size_t i = 0; i < longs.n; i++)
		article_release(&longs.v[i]);
	free(stories.v);
	free(longs.v);
	lexicon_unref(lx);
	return 0;
}
