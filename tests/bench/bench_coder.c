/*
 * bench_coder: event-coder throughput on one core, lexicon load time and
 * size, the whole pipeline beside the coder, and the record digest.
 *
 *   bench_coder [--digest FILE] [--no-timing] [--brief | --pipeline] [LEXICON_DIR [CORPUS.jsonl [REPORT.txt]]]
 *
 * Loads the lexicon from LEXICON_DIR (default $NE_LEXICON, else
 * build/lexicon), reporting the load time and the memory the snapshot
 * holds. Three inputs: every story of CORPUS (default
 * ../shared/corpus/reuters21578.jsonl, one article JSON object a line);
 * long articles made by joining stories into pieces of about 100 KB; and
 * REPORT (default ../shared/samples/us-iran-talks-2007.txt, a 3.6 KB
 * event-dense report) as a plain-text message, REPORT_COPIES times. All
 * are read at run time, never copied into the project.
 *
 * Coder: extract_article() over articles decoded beforehand, so the
 * timings are of extraction alone (sentences, tokens, tags, actors, verbs,
 * clauses, coding, places, tone, quotes); the input bytes are the article
 * texts. Pipeline: pipeline_run() over the raw messages, what a daemon
 * worker does per article (decode, language, extraction, the records
 * serialised), reported per article beside the coder alone and as their
 * ratio. Places: the coder alone again with the lexicon loaded without its
 * gazetteer (LEXICON_DIR's files but cities.tsv, linked from a temporary
 * directory), which is how a deployment runs without places, and the cost
 * of places on over off. Times are the thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID), so a busy machine slows the run without
 * skewing the figures much. Every timing ends with one line
 * "coder us/message: stories S report R": the coder's CPU per input
 * message (the average over every line of CORPUS, as the daemon gets them),
 * which bench_daemon.py --coder reads to set the daemon beside the coder.
 * --brief times only that (stories and report, coder alone); --pipeline
 * only the whole pipeline against the coder (issue 10's ratio), whose
 * coder side then gives that line.
 *
 * --digest FILE writes one line per record of the Reuters corpus and of
 * one copy of the report, in input order: the article id, the record's
 * index in its article, its length and its 64-bit FNV-1a hash; and prints
 * the hash of all records (in order) and their count. The line file shows
 * which records changed when the total does. --no-timing skips the timed
 * runs. A report, not a test: nothing is asserted, and it exits 0 (1 only
 * on bad arguments or no lexicon).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "coder.h"
#include "extract.h"
#include "lexicon.h"
#include "pipeline.h"
#include "text.h"

#define MIN_SECONDS	2.0		/* repeat a pass until this much CPU time has gone */
#define ROUNDS		5		/* alternations of the two sides of a ratio */
#define ROUND_SECONDS	0.4		/* CPU time of one side in one round */
#define LONG_ARTICLE	(100 * 1024)	/* target size of a joined long article */
#define REPORT_COPIES	200

/* A raw message, as the daemon gets it. */
struct message {
	char	*buf;
	size_t	 len;
};

struct corpus {
	struct article	*v;
	size_t		 n, cap;
	size_t		 bytes;		/* text bytes */
	size_t		 sentences;
	struct message	*raw;		/* the messages the articles were decoded from (NULL: none) */
	size_t		 nraw, capraw;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of this thread. */
static double
cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
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

static void
raw_push(struct corpus *c, const char *buf, size_t len)
{
	if (c->nraw == c->capraw) {
		c->capraw = c->capraw ? 2 * c->capraw : 1024;
		if ((c->raw = realloc(c->raw, c->capraw * sizeof(*c->raw))) == NULL)
			die("out of memory");
	}
	if ((c->raw[c->nraw].buf = malloc(len)) == NULL)
		die("out of memory");
	memcpy(c->raw[c->nraw].buf, buf, len);
	c->raw[c->nraw++].len = len;
}

/*
 * copies of the plain-text report at path, decoded as the daemon decodes a
 * plain-text message. @returns 0, or -errno when it cannot be read.
 */
static int
report_read(struct corpus *c, const char *path, int copies)
{
	FILE		*fp;
	char		 buf[1 << 16], err[256];
	size_t		 len;
	struct article	 a;
	enum reason	 why;

	if ((fp = fopen(path, "re")) == NULL)
		return -errno;
	len = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	for (int i = 0; i < copies; i++) {
		raw_push(c, buf, len);
		if (article_decode(buf, len, "report", 6, 0, &a, &why, err, sizeof(err)) != 0)
			die(err);
		corpus_push(c, &a);
	}
	return 0;
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
		raw_push(c, line, (size_t)len);
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
run_for(const struct lexicon *lx, const struct corpus *c, double min_s)
{
	struct eventvec	ev = { 0 };
	struct result	r = { 0 };
	enum reason	why;
	char		err[256];
	double		t0 = cpu(), t;
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
	} while ((t = cpu() - t0) < min_s);
	eventvec_release(&ev);
	r.seconds = t / passes;
	return r;
}

static struct result
run(const struct lexicon *lx, const struct corpus *c)
{
	return run_for(lx, c, MIN_SECONDS);
}

static void
report(const char *name, const struct corpus *c, const struct result *r)
{
	printf("%-22s %8zu %10zu %8.1f %10.3f %12.0f %8.2f %9zu %9.1f\n", name, c->n, c->sentences,
	    (double)c->bytes / 1e6, r->seconds, (double)c->sentences / r->seconds,
	    (double)c->bytes / 1e6 / r->seconds, r->events, r->seconds / (double)c->n * 1e6);
}

/* CPU seconds per pass of pipeline_run() over every raw message of c; records in *ret_records. */
static double
run_pipeline(const struct lexicon *lx, const struct corpus *c, size_t *ret_records, double min_s)
{
	const struct pipeline_opts	o = { .max_bytes = 4u << 20, .extract = 1 };
	struct pipeline_result		res = { .reason = _REASON_INVALID };
	double				t0 = cpu(), t;
	int				passes = 0;

	do {
		*ret_records = 0;
		for (size_t i = 0; i < c->nraw; i++) {
			(void)pipeline_run(lx, &o, c->raw[i].buf, c->raw[i].len, NULL, 0, &res);
			*ret_records += res.nrecords;
		}
		passes++;
	} while ((t = cpu() - t0) < min_s);
	pipeline_result_release(&res);
	return t / passes;
}

/* One side of a ratio: the coder alone (extract_article) or the whole pipeline_run(). */
struct side {
	const struct lexicon	*lx;
	int			 pipeline;
};

struct ratio {
	double	a, b;		/* CPU seconds per pass, each side's fastest round */
	double	lo, hi;		/* the smallest and largest ratio a/b of one round */
	size_t	na, nb;		/* each side's events (coder) or records (pipeline) per pass */
};

/*
 * a against b over c in ROUNDS alternating rounds of ROUND_SECONDS each,
 * so that what else the machine runs slows both sides alike: a ratio of
 * one run, as issue 10 asks, that the load of a shared machine moves
 * little. Each side's fastest round is its least disturbed one.
 */
static struct ratio
compare(struct side a, struct side b, const struct corpus *c)
{
	struct ratio	r = { .a = 1e30, .b = 1e30, .lo = 1e30, .hi = 0 };

	for (int i = 0; i < ROUNDS; i++) {
		double		ta, tb;
		struct result	one;

		if (a.pipeline)
			ta = run_pipeline(a.lx, c, &r.na, ROUND_SECONDS);
		else {
			one = run_for(a.lx, c, ROUND_SECONDS);
			ta = one.seconds;
			r.na = one.events;
		}
		if (b.pipeline)
			tb = run_pipeline(b.lx, c, &r.nb, ROUND_SECONDS);
		else {
			one = run_for(b.lx, c, ROUND_SECONDS);
			tb = one.seconds;
			r.nb = one.events;
		}
		r.a = ta < r.a ? ta : r.a;
		r.b = tb < r.b ? tb : r.b;
		r.lo = ta / tb < r.lo ? ta / tb : r.lo;
		r.hi = ta / tb > r.hi ? ta / tb : r.hi;
	}
	return r;
}

static void
print_ratio(const char *name, const struct ratio *r, size_t n, size_t count)
{
	printf("%-22s %12.1f %12.1f %8.3f %7.3f-%-7.3f %9zu\n", name, r->a / (double)n * 1e6,
	    r->b / (double)n * 1e6, r->a / r->b, r->lo, r->hi, count);
}

/*
 * The lexicon of dir without the file skip: loaded from a temporary
 * directory of links to dir's other files, removed again before returning.
 * @returns the snapshot, or NULL with a message in err.
 */
static struct lexicon *
load_without(const char *dir, const char *skip, char *err, size_t errsz)
{
	char		 tmp[] = "/tmp/bench_coder.XXXXXX", abs[PATH_MAX], from[PATH_MAX * 2],
			 to[sizeof(tmp) + 256];
	struct lexicon	*lx = NULL;
	struct dirent	*de;
	DIR		*d;

	if (realpath(dir, abs) == NULL || mkdtemp(tmp) == NULL) {
		snprintf(err, errsz, "%.256s: %s", dir, strerror(errno));
		return NULL;
	}
	if ((d = opendir(abs)) == NULL) {
		snprintf(err, errsz, "%.256s: %s", abs, strerror(errno));
		(void)rmdir(tmp);
		return NULL;
	}
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.' && strcmp(de->d_name, skip) != 0) {
			snprintf(from, sizeof(from), "%s/%s", abs, de->d_name);
			snprintf(to, sizeof(to), "%s/%s", tmp, de->d_name);
			if (symlink(from, to) != 0) {
				snprintf(err, errsz, "%.256s: %s", to, strerror(errno));
				goto done;
			}
		}
	if (lexicon_load(tmp, &lx, err, errsz) != 0)
		lx = NULL;
done:
	rewinddir(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.') {
			snprintf(to, sizeof(to), "%s/%s", tmp, de->d_name);
			(void)unlink(to);
		}
	closedir(d);
	(void)rmdir(tmp);
	return lx;
}

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The records of the messages raw[0, n) into fp and the running digest *h. @returns how many. */
static size_t
digest(const struct lexicon *lx, const struct message *raw, size_t n, FILE *fp, uint64_t *h)
{
	const struct pipeline_opts	o = { .max_bytes = 4u << 20, .extract = 1 };
	struct pipeline_result		res = { .reason = _REASON_INVALID };
	size_t				count = 0;

	for (size_t i = 0; i < n; i++) {
		(void)pipeline_run(lx, &o, raw[i].buf, raw[i].len, NULL, 0, &res);
		for (size_t k = 0; k < res.nrecords; k++) {
			uint64_t one = fnv(0xcbf29ce484222325ULL, res.records[k].json, res.records[k].len);

			*h = fnv(*h, res.records[k].json, res.records[k].len + 1);	/* the NUL separates */
			fprintf(fp, "%s\t%zu\t%zu\t%016llx\n", res.article_id, k, res.records[k].len,
			    (unsigned long long)one);
			count++;
		}
		if (res.failed)
			fprintf(fp, "%s\t-\t%s\n", res.article_id != NULL ? res.article_id : "?",
			    reason_to_string(res.reason));
	}
	pipeline_result_release(&res);
	return count;
}

static void
corpus_free(struct corpus *c)
{
	for (size_t i = 0; i < c->n; i++)
		article_release(&c->v[i]);
	for (size_t i = 0; i < c->nraw; i++)
		free(c->raw[i].buf);
	free(c->v);
	free(c->raw);
}

int
main(int argc, char **argv)
{
	const char		*dir, *path, *rpath, *digest_path = NULL;
	struct lexicon		*lx;
	struct lexicon_stats	 st;
	struct corpus		 stories = { 0 }, longs = { 0 }, rep = { 0 };
	struct result		 r;
	char			 err[512];
	double			 t0;
	int			 e, timing = 1, brief = 0, pipeline_only = 0, i = 1, have_report;

	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--digest") == 0 && i + 1 < argc)
			digest_path = argv[++i];
		else if (strcmp(argv[i], "--no-timing") == 0)
			timing = 0;
		else if (strcmp(argv[i], "--brief") == 0)
			brief = 1;
		else if (strcmp(argv[i], "--pipeline") == 0)
			pipeline_only = 1;
		else {
			fprintf(stderr, "usage: bench_coder [--digest FILE] [--no-timing] [--brief | --pipeline] [LEXICON_DIR "
			    "[CORPUS.jsonl [REPORT.txt]]]\n");
			return 1;
		}
	}
	dir = i < argc ? argv[i] : getenv("NE_LEXICON");
	path = i + 1 < argc ? argv[i + 1] : "../shared/corpus/reuters21578.jsonl";
	rpath = i + 2 < argc ? argv[i + 2] : "../shared/samples/us-iran-talks-2007.txt";
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
	if ((e = report_read(&rep, rpath, REPORT_COPIES)) < 0)
		printf("report %s: %s; skipping it\n", rpath, strerror(-e));
	have_report = e == 0;
	if (digest_path != NULL) {
		FILE		*fp = fopen(digest_path, "we");
		uint64_t	 h = 0xcbf29ce484222325ULL;
		size_t		 n;

		if (fp == NULL)
			die(strerror(errno));
		n = digest(lx, stories.raw, stories.nraw, fp, &h);
		if (have_report)
			n += digest(lx, rep.raw, 1, fp, &h);
		if (fclose(fp) != 0)
			die(strerror(errno));
		printf("record digest %016llx over %zu records (Reuters%s), lexicon %s; per record in %s\n",
		    (unsigned long long)h, n, have_report ? " and one report" : "", lexicon_version(lx),
		    digest_path);
	}
	if (timing) {
		struct lexicon	*off;
		size_t		 se, re = 0;
		double		 sp = 0, rp = 0;

		if (pipeline_only)
			goto pipeline;
		printf("\n%-22s %8s %10s %8s %10s %12s %8s %9s %9s\n", "coder alone", "articles", "sentences",
		    "MB", "s/pass", "sentences/s", "MB/s", "events", "us/art");
		r = run(lx, &stories);
		report("stories", &stories, &r);
		sp = r.seconds;
		se = r.events;
		if (!brief) {
			corpus_join(&stories, &longs);
			r = run(lx, &longs);
			report("long articles (100KB)", &longs, &r);
		}
		if (have_report) {
			r = run(lx, &rep);
			report("report (3.6KB)", &rep, &r);
			rp = r.seconds;
			re = r.events;
		}
		printf("(one core, CPU time; extraction only, articles decoded beforehand)\n");
		if (brief)
			goto summary;
		if (!st.gazetteer)
			printf("\nplaces: the lexicon has no gazetteer; no places on/off comparison\n");
		else if ((off = load_without(dir, "cities.tsv", err, sizeof(err))) == NULL)
			printf("\nplaces: the lexicon without cities.tsv did not load (%s); skipping\n", err);
		else {
			struct side	on = { lx, 0 }, no = { off, 0 };
			struct ratio	q;

			printf("\n%-22s %12s %12s %8s %15s %9s\n", "places (gazetteer)", "on us/art",
			    "off us/art", "on/off", "rounds", "events off");
			q = compare(on, no, &stories);
			print_ratio("stories", &q, stories.n, q.nb);
			if (have_report) {
				q = compare(on, no, &rep);
				print_ratio("report (3.6KB)", &q, rep.n, q.nb);
			}
			printf("(coder alone, %d alternating rounds, fastest of each; off: the same lexicon "
			    "without cities.tsv; events on: %zu and %zu)\n", ROUNDS, se, re);
			lexicon_unref(off);
		}
pipeline:
		{
			struct side	pipe = { lx, 1 }, coder = { lx, 0 };
			struct ratio	q;

			printf("\n%-22s %12s %12s %8s %15s %9s\n", "whole pipeline", "us/message",
			    "coder us/msg", "ratio", "rounds", "records");
			/* Both per message: the stories that do not decode cost the pipeline only. */
			q = compare(pipe, coder, &stories);
			print_ratio("stories", &q, stories.nraw, q.na);
			if (pipeline_only)
				sp = q.b;
			if (have_report) {
				q = compare(pipe, coder, &rep);
				print_ratio("report (3.6KB)", &q, rep.nraw, q.na);
				if (pipeline_only)
					rp = q.b;
			}
		}
		printf("(pipeline_run per message: decode, language, extraction, records serialised;\n"
		    " %d alternating rounds with the coder alone, fastest of each)\n", ROUNDS);
summary:
		printf("\ncoder us/message: stories %.1f report %.1f\n", sp / (double)stories.nraw * 1e6,
		    have_report ? rp / (double)rep.nraw * 1e6 : 0.0);
	}
	corpus_free(&stories);
	corpus_free(&longs);
	corpus_free(&rep);
	lexicon_unref(lx);
	return 0;
}
