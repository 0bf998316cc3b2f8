/*
 * stats: the daemon's counters, gauges and histograms, and their two
 * renderings: the Prometheus text format and the STATUS= line.
 *
 * Each metric (a row of STATS_METRICS) is a family: one value when it has
 * no labels, else a short list of samples, each keyed by its label values
 * already rendered as Prometheus writes them ('reason="too_large"'), found
 * by a linear scan: label sets here are small (reason codes, partitions,
 * brokers). Values are doubles, exact for counters below 2^53. Histograms
 * have fixed buckets, chosen per metric below, and no labels.
 *
 * The text follows the exposition format 0.0.4: "# HELP" and "# TYPE" for
 * every family (also one with no sample yet), label values escaped
 * (backslash, double quote, newline), histogram buckets cumulative with a
 * "+Inf" bucket equal to _count.
 */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "stats.h"

#define PREFIX "newseventsd_"
#define WHY_MAX 160

enum stats_type { COUNTER, GAUGE, HISTOGRAM };

struct metric_def {
	enum stats_type type;
	const char *name;
	const char *labels; /* NULL, "a" or "a,b" */
	const char *help;
};

#define STATS_DEF(id, type, name, labels, help) {type, name, labels, help},
static const struct metric_def defs[_STATS_MAX] = {STATS_METRICS(STATS_DEF)};
#undef STATS_DEF

/* Upper bounds of the histogram buckets, in seconds, ascending. */
static const double extract_buckets[] = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
					 0.025,	 0.05,	  0.1,	  0.25,	 0.5,	 1,	2.5};
static const double commit_buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
					0.5,   1,      2.5,   5,    10,	   30,	 60,  300};

#define STATUS_LANGUAGES 4 /* languages STATUS names beside the skipped count */

struct sample {
	char *labels; /* rendered label pairs, owned */
	double v;
};

struct family {
	double v; /* unlabelled metrics */
	struct sample *s;
	size_t n, cap;
	const double *bounds; /* histograms */
	size_t nbounds;
	uint64_t *counts; /* per bucket, not cumulative; [nbounds] is +Inf */
	double sum;
	uint64_t count;
};

struct stats {
	struct family f[_STATS_MAX];
	int ready, alive;
	char ready_why[WHY_MAX], alive_why[WHY_MAX];
	char lexicon[40];
	double start_time; /* seconds since the epoch */
	double last_done, last_records;
};

struct stats *
stats_new(void)
{
	struct stats *st = calloc(1, sizeof(*st));
	struct timespec ts;

	if (st == NULL)
		return NULL;
	for (size_t i = 0; i < _STATS_MAX; i++) {
		struct family *f = &st->f[i];

		if (defs[i].type != HISTOGRAM)
			continue;
		f->bounds = i == STATS_EXTRACT_SECONDS ? extract_buckets : commit_buckets;
		f->nbounds = i == STATS_EXTRACT_SECONDS
				 ? sizeof(extract_buckets) / sizeof(extract_buckets[0])
				 : sizeof(commit_buckets) / sizeof(commit_buckets[0]);
		if ((f->counts = calloc(f->nbounds + 1, sizeof(*f->counts))) == NULL) {
			stats_free(st);
			return NULL;
		}
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	st->start_time = (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
	st->alive = 1;
	snprintf(st->alive_why, sizeof(st->alive_why), "the loop turns");
	snprintf(st->ready_why, sizeof(st->ready_why), "starting");
	return st;
}

void
stats_free(struct stats *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < _STATS_MAX; i++) {
		stats_clear(st, (enum stats_id) i);
		free(st->f[i].s);
		free(st->f[i].counts);
	}
	free(st);
}

/* Append a label value to buf, escaped as the text format wants. */
static void
escape(FILE *fp, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', fp);
		if (*v == '\n')
			fputs("\\n", fp);
		else
			fputc(*v, fp);
	}
}

/*
 * The rendered label pairs of metric id for values l1, l2, in a new
 * string. @returns it, or NULL on ENOMEM.
 */
static char *
render_labels(enum stats_id id, const char *l1, const char *l2)
{
	const char *names = defs[id].labels, *comma = strchr(names, ',');
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return NULL;
	fprintf(fp, "%.*s=\"", comma != NULL ? (int) (comma - names) : (int) strlen(names), names);
	escape(fp, l1 != NULL ? l1 : "");
	fputc('"', fp);
	if (comma != NULL) {
		fprintf(fp, ",%s=\"", comma + 1);
		escape(fp, l2 != NULL ? l2 : "");
		fputc('"', fp);
	}
	if (fclose(fp) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The index of the sample with these rendered labels in f, or f->n if none. */
static size_t
find(const struct family *f, const char *labels)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->s[i].labels, labels) == 0)
			break;
	return i;
}

/* The sample of id with these labels, created at 0 if new. @returns it, or NULL on ENOMEM. */
static struct sample *
sample_of(struct stats *st, enum stats_id id, const char *l1, const char *l2)
{
	struct family *f = &st->f[id];
	char *labels;
	size_t i;

	assert(defs[id].labels != NULL && defs[id].type != HISTOGRAM);
	if ((labels = render_labels(id, l1, l2)) == NULL)
		return NULL;
	if ((i = find(f, labels)) < f->n) {
		free(labels);
		return &f->s[i];
	}
	if (f->n == f->cap) {
		size_t ncap = f->cap ? 2 * f->cap : 8;
		struct sample *ns = realloc(f->s, ncap * sizeof(*ns));

		if (ns == NULL) {
			free(labels);
			return NULL;
		}
		f->s = ns;
		f->cap = ncap;
	}
	f->s[f->n] = (struct sample){labels, 0};
	return &f->s[f->n++];
}

void
stats_add(struct stats *st, enum stats_id id, uint64_t n)
{
	assert(defs[id].type == COUNTER && defs[id].labels == NULL);
	st->f[id].v += (double) n;
}

/* Out of memory loses one increment of a labelled counter: no lie, just a missing sample. */
void
stats_add_l(struct stats *st, enum stats_id id, uint64_t n, const char *l1, const char *l2)
{
	struct sample *s;

	assert(defs[id].type == COUNTER);
	if ((s = sample_of(st, id, l1, l2)) != NULL)
		s->v += (double) n;
}

void
stats_set(struct stats *st, enum stats_id id, double v)
{
	assert(defs[id].type == GAUGE && defs[id].labels == NULL);
	st->f[id].v = v;
}

void
stats_set_l(struct stats *st, enum stats_id id, double v, const char *l1, const char *l2)
{
	struct sample *s;

	assert(defs[id].type == GAUGE);
	if ((s = sample_of(st, id, l1, l2)) != NULL)
		s->v = v;
}

void
stats_clear(struct stats *st, enum stats_id id)
{
	struct family *f = &st->f[id];

	for (size_t i = 0; i < f->n; i++)
		free(f->s[i].labels);
	f->n = 0;
}

void
stats_observe(struct stats *st, enum stats_id id, double v)
{
	struct family *f = &st->f[id];
	size_t i;

	assert(defs[id].type == HISTOGRAM);
	for (i = 0; i < f->nbounds && v > f->bounds[i]; i++)
		;
	f->counts[i]++;
	f->sum += v;
	f->count++;
}

double
stats_get(const struct stats *st, enum stats_id id)
{
	const struct family *f = &st->f[id];
	double sum = 0;

	if (defs[id].type == HISTOGRAM)
		return (double) f->count;
	if (defs[id].labels == NULL)
		return f->v;
	for (size_t i = 0; i < f->n; i++)
		sum += f->s[i].v;
	return sum;
}

double
stats_get_l(const struct stats *st, enum stats_id id, const char *l1, const char *l2)
{
	const struct family *f = &st->f[id];
	char *labels = render_labels(id, l1, l2);
	size_t i;

	if (labels == NULL)
		return 0;
	i = find(f, labels);
	free(labels);
	return i < f->n ? f->s[i].v : 0;
}

double
stats_max(const struct stats *st, enum stats_id id)
{
	const struct family *f = &st->f[id];
	double max = 0;

	for (size_t i = 0; i < f->n; i++)
		if (f->s[i].v > max)
			max = f->s[i].v;
	return max;
}

void
stats_ready(struct stats *st, int ready, const char *why)
{
	st->ready = ready;
	st->f[STATS_READY].v = ready;
	snprintf(st->ready_why, sizeof(st->ready_why), "%s", why);
}

void
stats_alive(struct stats *st, int alive, const char *why)
{
	st->alive = alive;
	snprintf(st->alive_why, sizeof(st->alive_why), "%s", why);
}

void
stats_lexicon(struct stats *st, const char *version)
{
	stats_clear(st, STATS_LEXICON);
	stats_set_l(st, STATS_LEXICON, 1, version, NULL);
	snprintf(st->lexicon, sizeof(st->lexicon), "%s", version);
}

int
stats_is_ready(const struct stats *st, const char **why)
{
	*why = st->ready_why;
	return st->ready;
}

int
stats_is_alive(const struct stats *st, const char **why)
{
	*why = st->alive_why;
	return st->alive;
}

static void
render_histogram(const struct metric_def *d, const struct family *f, FILE *fp)
{
	uint64_t cum = 0;

	for (size_t i = 0; i < f->nbounds; i++) {
		cum += f->counts[i];
		fprintf(fp, PREFIX "%s_bucket{le=\"%g\"} %llu\n", d->name, f->bounds[i],
			(unsigned long long) cum);
	}
	fprintf(fp, PREFIX "%s_bucket{le=\"+Inf\"} %llu\n", d->name, (unsigned long long) f->count);
	fprintf(fp, PREFIX "%s_sum %.17g\n", d->name, f->sum);
	fprintf(fp, PREFIX "%s_count %llu\n", d->name, (unsigned long long) f->count);
}

/* The number of entries in /proc/self/fd, less the one opendir() holds; -1 if unknown. */
static long
open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	long n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;
}

/* The process_* metrics every Prometheus client library exports, from /proc and getrusage(). */
static void
render_process(const struct stats *st, FILE *fp)
{
	struct rusage ru;
	struct rlimit rl;
	unsigned long long vsz = 0, rss = 0;
	long page = sysconf(_SC_PAGESIZE), fds = open_fds();
	FILE *statm;

	if (getrusage(RUSAGE_SELF, &ru) == 0)
		fprintf(
		    fp,
		    "# HELP process_cpu_seconds_total User and system CPU time spent, in seconds.\n"
		    "# TYPE process_cpu_seconds_total counter\n"
		    "process_cpu_seconds_total %.6f\n",
		    (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6 +
			(double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6);
	if ((statm = fopen("/proc/self/statm", "re")) != NULL) {
		if (fscanf(statm, "%llu %llu", &vsz, &rss) == 2)
			fprintf(
			    fp,
			    "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
			    "# TYPE process_resident_memory_bytes gauge\n"
			    "process_resident_memory_bytes %llu\n"
			    "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
			    "# TYPE process_virtual_memory_bytes gauge\n"
			    "process_virtual_memory_bytes %llu\n",
			    rss * (unsigned long long) page, vsz * (unsigned long long) page);
		fclose(statm);
	}
	if (fds >= 0)
		fprintf(fp,
			"# HELP process_open_fds Number of open file descriptors.\n"
			"# TYPE process_open_fds gauge\n"
			"process_open_fds %ld\n",
			fds);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		fprintf(fp,
			"# HELP process_max_fds Maximum number of open file descriptors.\n"
			"# TYPE process_max_fds gauge\n"
			"process_max_fds %llu\n",
			(unsigned long long) rl.rlim_cur);
	fprintf(fp,
		"# HELP process_start_time_seconds Start time of the process since the epoch, in "
		"seconds.\n"
		"# TYPE process_start_time_seconds gauge\n"
		"process_start_time_seconds %.3f\n",
		st->start_time);
}

int
stats_render(const struct stats *st, FILE *fp)
{
	static const char *const types[] = {"counter", "gauge", "histogram"};

	for (size_t i = 0; i < _STATS_MAX; i++) {
		const struct metric_def *d = &defs[i];
		const struct family *f = &st->f[i];

		fprintf(fp, "# HELP " PREFIX "%s %s\n# TYPE " PREFIX "%s %s\n", d->name, d->help,
			d->name, types[d->type]);
		if (d->type == HISTOGRAM)
			render_histogram(d, f, fp);
		else if (d->labels == NULL)
			fprintf(fp, PREFIX "%s %.17g\n", d->name, f->v);
		else
			for (size_t j = 0; j < f->n; j++)
				fprintf(fp, PREFIX "%s{%s} %.17g\n", d->name, f->s[j].labels,
					f->s[j].v);
	}
	render_process(st, fp);
	return ferror(fp) ? -EIO : 0;
}

/*
 * The skipped articles by language, " (fr 8, es 4)", the first
 * STATUS_LANGUAGES languages in the order they were first seen; "" when
 * none was skipped.
 */
static void
skipped_by_language(const struct stats *st, char *buf, size_t bufsz)
{
	const struct family *f = &st->f[STATS_SKIPPED];
	size_t len = 0, shown = 0;
	int more = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < f->n; i++) {
		const char *lang = strstr(f->s[i].labels, "language=\"");
		int n;

		if (lang == NULL || f->s[i].v <= 0)
			continue;
		if (shown == STATUS_LANGUAGES) {
			more = 1;
			break;
		}
		lang += strlen("language=\"");
		n = snprintf(buf + len, bufsz - len, "%s%.*s %.0f", shown == 0 ? " (" : ", ",
			     (int) strcspn(lang, "\""), lang, f->s[i].v);
		if (n < 0 || (size_t) n >= bufsz - len - 1)
			break;
		len += (size_t) n;
		shown++;
	}
	if (shown > 0)
		snprintf(buf + len, bufsz - len, "%s)", more ? ", ..." : "");
}

void
stats_status_line(struct stats *st, double dt, char *buf, size_t bufsz)
{
	double done = stats_get(st, STATS_DONE), records = stats_get(st, STATS_RECORDS);
	char langs[128];

	if (dt <= 0)
		dt = 1;
	skipped_by_language(st, langs, sizeof(langs));
	snprintf(
	    buf, bufsz,
	    "articles/s %.1f, records/s %.1f, dead letters %.0f, skipped %.0f%s, in flight %.0f, "
	    "partitions %.0f%s, max lag %.0f%s, lexicon %s",
	    (done - st->last_done) / dt, (records - st->last_records) / dt,
	    stats_get(st, STATS_DEADLETTERS), stats_get(st, STATS_SKIPPED), langs,
	    stats_get(st, STATS_INFLIGHT), stats_get(st, STATS_ASSIGNED),
	    stats_get(st, STATS_PAUSED) > 0 ? ", paused" : "", stats_max(st, STATS_LAG),
	    stats_get(st, STATS_OFFSETS_SKIPPED) > 0 ? ", OFFSETS SKIPPED" : "",
	    st->lexicon[0] != '\0' ? st->lexicon : "unknown");
	st->last_done = done;
	st->last_records = records;
}
