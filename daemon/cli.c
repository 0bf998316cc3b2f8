/*
 * newsevents: the offline tool. Articles from files (or standard input) in,
 * event records out, through the same worker-library pipeline as the daemon
 * (workers/pipeline.h), so one message gives the same records either way.
 *
 *   newsevents extract [--format jsonl|tsv|csv|geojson] [--pretty] [--field NAME=MEMBERS]...
 *                      [--lexicon DIR] [--max-bytes N] [--progress|--no-progress] [FILE...]
 *   newsevents places [the same options but --format] [FILE...]
 *
 * Each file may be gzip- or zstd-compressed (told by its first bytes,
 * workers/instream.h). Its content decides how it is read: a WARC file
 * ("WARC/" first) gives one article per HTML response record, with the
 * record's WARC-Target-URI as id and url and its WARC-Date as the date; a
 * file whose first non-blank byte is '{' is JSON lines, one article per
 * line, unless its first line is "{" alone: then the file is one indented
 * JSON article (as news-please writes them); anything else is one article (plain text or an HTML page) whose id
 * is the file's base name without a .gz/.zst suffix. Records go to standard
 * output in the chosen format. Every article that gives no records for a
 * reason (undecodable, unsupported_language, ...) is reported on standard
 * error with where it came from, its id and the reason, and the exit status
 * is then 65 (EX_DATAERR); the other articles are still processed. On a
 * terminal, standard error also carries a progress line. `places` reads the
 * same input and writes one JSON line per place mention the articles name
 * (pipeline_place_json()) instead of event records.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "../workers/fieldmap.h"
#include "../workers/instream.h"
#include "../workers/lexicon.h"
#include "../workers/pipeline.h"
#include "../workers/recfmt.h"
#include "../workers/record.h"
#include "../workers/warc.h"
#include "paths.h"

#define EX_OK		0
#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_SOFTWARE	70
#define EX_IOERR	74
#define EX_CONFIG	78

#define DEFAULT_MAX_BYTES	(4u << 20)
#define PROGRESS_EVERY_NS	250000000ull	/* a quarter second between progress lines */

struct progress {
	int		 on;		/* standard error is a terminal (or --progress) */
	int		 shown;		/* a line is on the screen */
	uint64_t	 t0, last;	/* CLOCK_MONOTONIC ns */
	uint64_t	 bytes_done;	/* raw bytes of the files finished */
	uint64_t	 file_size;	/* of the current file, 0 if unknown */
	struct instream	*in;		/* the current file */
};

struct cli {
	struct lexicon		*lx;
	struct fieldmap		*map;		/* --field NAME=MEMBERS; NULL when none */
	struct recfmt_writer	 out;
	int			 places;	/* the places command */
	int			 pretty;
	int			 progress_opt;	/* -1 default (a terminal), 0 off, 1 on */
	size_t			 max_bytes;
	unsigned long		 rejected;
	unsigned long		 articles;
	unsigned long		 records;
	int			 status;	/* worst exit status so far */
	struct progress		 pg;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: newsevents extract [--format jsonl|tsv|csv|geojson] [--pretty]\n"
	    "                          [--field NAME=MEMBERS]... [--lexicon DIR] [--max-bytes N]\n"
	    "                          [--progress | --no-progress] [FILE...]\n"
	    "       newsevents places [the same options but --format] [FILE...]\n"
	    "       newsevents --version | --help\n"
	    "\n"
	    "Reads articles and writes CAMEO event records. A FILE may be gzip or zstd\n"
	    "compressed; it is a WARC file (one article per HTML response record), JSON lines\n"
	    "(one article per line: the project's schema, news-please or Trafilatura JSON),\n"
	    "or one plain-text or HTML article. Standard input when no FILE is given.\n"
	    "--field text=body,content reads an article field from other JSON members.\n"
	    "places writes one JSON line per place the articles name instead of events.\n"
	    "Exit status: 0 all articles processed; 65 some were rejected (see standard\n"
	    "error); 66 a file could not be read; 74 a file was cut short or corrupt;\n"
	    "78 the lexicon could not be loaded.\n");
}

static void
set_status(struct cli *c, int st)
{
	if (c->status == EX_OK || (st != EX_OK && st > c->status))
		c->status = st;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Take the progress line off the screen before other text goes to standard error. */
static void
progress_clear(struct progress *pg)
{
	if (pg->shown) {
		fputs("\r\033[K", stderr);
		pg->shown = 0;
	}
}

static void
progress_show(struct cli *c, int force)
{
	struct progress	*pg = &c->pg;
	uint64_t	 t = now_ns(), raw;
	double		 secs, mb;

	if (!pg->on || (!force && t - pg->last < PROGRESS_EVERY_NS))
		return;
	pg->last = t;
	raw = pg->bytes_done + (pg->in != NULL ? instream_consumed(pg->in) : 0);
	secs = (double)(t - pg->t0) / 1e9;
	mb = (double)raw / 1e6;
	fprintf(stderr, "\r\033[Knewsevents: %lu articles, %lu records, %.1f MB, %.0f articles/s",
	    c->articles, c->records, mb, secs > 0 ? (double)c->articles / secs : 0.0);
	if (pg->in != NULL && pg->file_size > 0)
		fprintf(stderr, ", %.0f%% of this file",
		    100.0 * (double)instream_consumed(pg->in) / (double)pg->file_size);
	pg->shown = 1;
}

/*
 * Run the pipeline over one message and print its records, or report why it
 * gave none. where names it for messages ("file:line"). buf and key are
 * borrowed.
 */
static void
process(struct cli *c, const char *where, const char *buf, size_t len, const char *key)
{
	const struct pipeline_opts o = { .max_bytes = c->max_bytes, .extract = 1, .places = c->places,
	    .record_flags = c->pretty && c->out.fmt == RECFMT_JSONL ? RECORD_PRETTY : 0,
	    .map = c->map };
	struct pipeline_result res = { .reason = _REASON_INVALID };
	int r;

	c->articles++;
	r = pipeline_run(c->lx, &o, buf, len, key, key != NULL ? strlen(key) : 0, &res);
	if (res.failed) {
		const char *code = r == -ENOMEM ? "out_of_memory" : reason_to_string(res.reason);

		c->rejected++;
		set_status(c, r == -ENOMEM ? EX_SOFTWARE : EX_DATAERR);
		progress_clear(&c->pg);
		if (res.article_id != NULL)
			fprintf(stderr, "newsevents: %s: article '%.64s' rejected: %s: %s\n", where,
			    res.article_id, code, res.errmsg);
		else
			fprintf(stderr, "newsevents: %s: rejected: %s: %s\n", where, code, res.errmsg);
	}
	for (size_t i = 0; i < res.nrecords; i++) {
		char *line;

		if ((r = recfmt_record(&c->out, res.records[i].json, res.records[i].len, &line)) < 0) {
			progress_clear(&c->pg);
			fprintf(stderr, "newsevents: %s: out of memory writing a record\n", where);
			set_status(c, EX_SOFTWARE);
			continue;
		}
		fputs(line, stdout);
		free(line);
		c->records++;
	}
	pipeline_result_release(&res);
	progress_show(c, 0);
}

static void
process_jsonl(struct cli *c, const char *name, struct instream *in)
{
	char		*line = NULL, where[PATH_MAX + 32];
	size_t		 cap = 0;
	ssize_t		 n;
	unsigned long	 lineno = 0;

	while ((n = instream_getline(in, &line, &cap)) > 0) {
		size_t	len = (size_t)n, k = 0;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		while (k < len && (line[k] == ' ' || line[k] == '\t'))
			k++;
		if (k == len)
			continue;
		snprintf(where, sizeof(where), "%s:%lu", name, lineno);
		if (line[k] != '{') {
			c->articles++;
			c->rejected++;
			set_status(c, EX_DATAERR);
			progress_clear(&c->pg);
			fprintf(stderr, "newsevents: %s: rejected: %s: not a JSON object in a "
			    "JSON-lines file\n", where, reason_to_string(REASON_INVALID_JSON));
			continue;
		}
		process(c, where, line, len, NULL);
	}
	free(line);
}

/*
 * One response record as the message the pipeline reads: a JSON article
 * whose "html" is the page, with the record's URI as id and url and its
 * date. @returns new memory, or NULL on ENOMEM.
 */
static char *
warc_message(const struct warc_record *rec, const struct http_payload *p, size_t *len)
{
	const char	*id = rec->target_uri != NULL ? rec->target_uri : rec->record_id;
	json_t		*o = json_object();
	char		*s;

	if (o == NULL)
		return NULL;
	if (id != NULL)
		json_object_set_new(o, "id", json_string(id));
	if (rec->target_uri != NULL)
		json_object_set_new(o, "url", json_string(rec->target_uri));
	if (rec->date != NULL)
		json_object_set_new(o, "published_at", json_string(rec->date));
	/* Bytes that are not UTF-8 cannot be a JSON string; the pipeline then reports not_utf8. */
	json_object_set_new(o, "html", json_stringn_nocheck(p->body, p->body_len));
	s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	if (s != NULL)
		*len = strlen(s);
	return s;
}

static int
is_html_type(const char *t)
{
	return t == NULL || strcmp(t, "text/html") == 0 || strcmp(t, "application/xhtml+xml") == 0;
}

static void
process_warc(struct cli *c, const char *name, struct instream *in)
{
	struct warc_reader	*w = warc_reader_new(in, c->max_bytes * 4);
	struct warc_record	 rec = { 0 };
	unsigned long		 nrec = 0, skipped = 0;
	char			 err[256], where[PATH_MAX + 600];
	int			 r;

	if (w == NULL) {
		fprintf(stderr, "newsevents: %s: out of memory\n", name);
		set_status(c, EX_SOFTWARE);
		return;
	}
	while ((r = warc_next(w, &rec, err, sizeof(err))) == 1) {
		struct http_payload	 p = { 0 };
		char			*msg;
		size_t			 len = 0;

		nrec++;
		if (rec.type == NULL || strcmp(rec.type, "response") != 0)
			continue;	/* requests, metadata, warcinfo: not articles */
		snprintf(where, sizeof(where), "%s: record %lu (%.512s)", name, nrec,
		    rec.target_uri != NULL ? rec.target_uri : "no WARC-Target-URI");
		if (rec.block == NULL) {
			c->articles++;
			c->rejected++;
			set_status(c, EX_DATAERR);
			progress_clear(&c->pg);
			fprintf(stderr, "newsevents: %s: rejected: %s: a block of %zu bytes\n",
			    where, reason_to_string(REASON_TOO_LARGE), rec.block_len);
			continue;
		}
		if ((r = warc_http_payload(&rec, &p, err, sizeof(err))) < 0) {
			c->articles++;
			c->rejected++;
			set_status(c, r == -ENOMEM ? EX_SOFTWARE : EX_DATAERR);
			progress_clear(&c->pg);
			fprintf(stderr, "newsevents: %s: rejected: %s: %s\n", where,
			    reason_to_string(REASON_BAD_FIELD), err);
			continue;
		}
		/* A redirect, an error page, an image or a script is not an article. */
		if (p.status != 200 || !is_html_type(p.content_type)) {
			skipped++;
			http_payload_release(&p);
			continue;
		}
		if ((msg = warc_message(&rec, &p, &len)) == NULL) {
			fprintf(stderr, "newsevents: %s: out of memory\n", where);
			set_status(c, EX_SOFTWARE);
		} else
			process(c, where, msg, len, NULL);
		free(msg);
		http_payload_release(&p);
	}
	if (r < 0) {
		progress_clear(&c->pg);
		fprintf(stderr, "newsevents: %s: after record %lu: %s\n", name, nrec, err);
		set_status(c, EX_IOERR);
	}
	if (skipped > 0 && c->pg.on) {
		progress_clear(&c->pg);
		fprintf(stderr, "newsevents: %s: %lu responses that are not HTML pages with status "
		    "200 skipped\n", name, skipped);
	}
	warc_record_release(&rec);
	warc_reader_free(w);
}

/*
 * The article key of a one-article file: its base name without the
 * compression suffix, so that x.txt and x.txt.gz give the same records.
 * NULL for standard input.
 */
static char *
key_of(const char *path)
{
	const char	*slash, *base;
	size_t		 n;

	if (path == NULL || strcmp(path, "-") == 0)
		return NULL;
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	n = strlen(base);
	if (n > 3 && strcmp(base + n - 3, ".gz") == 0)
		n -= 3;
	else if (n > 4 && strcmp(base + n - 4, ".zst") == 0)
		n -= 4;
	return strndup(base, n);
}

/* The whole content as one article (plain text or an HTML page). */
static void
process_whole(struct cli *c, const char *name, const char *path, struct instream *in)
{
	char	*buf = NULL, *p, *key;
	size_t	 len = 0, cap = 0;
	ssize_t	 n;

	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 131072;
			if ((p = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "newsevents: %s: out of memory\n", name);
				set_status(c, EX_SOFTWARE);
				free(buf);
				return;
			}
			buf = p;
		}
		if ((n = instream_read(in, buf + len, cap - len)) < 0) {
			fprintf(stderr, "newsevents: %s: %s\n", name, instream_error(in));
			set_status(c, EX_IOERR);
			free(buf);
			return;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	key = key_of(path);
	process(c, name, buf, len, key);
	free(key);
	free(buf);
}

/*
 * Whether a JSON file is one indented article (its first line is "{" alone,
 * as news-please and json.dump(indent=...) write) rather than JSON lines,
 * each of which holds a whole object.
 */
static int
first_line_open(const char *p, size_t n)
{
	const char	*nl = memchr(p, '\n', n);
	size_t		 k = nl != NULL ? (size_t)(nl - p) : n;

	if (nl == NULL)
		return 0;
	while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\r'))
		k--;
	return k == 1;
}

static void
process_file(struct cli *c, const char *path)
{
	FILE		*fp = stdin;
	const char	*name = "<stdin>", *head;
	struct instream	*in;
	struct stat	 st;
	size_t		 got = 0, k = 0;

	if (path != NULL && strcmp(path, "-") != 0) {
		if ((fp = fopen(path, "re")) == NULL) {
			progress_clear(&c->pg);
			fprintf(stderr, "newsevents: %s: %s\n", path, strerrordesc_np(errno));
			set_status(c, EX_NOINPUT);
			return;
		}
		name = path;
	}
	if ((in = instream_new(fp)) == NULL) {
		fprintf(stderr, "newsevents: %s: out of memory\n", name);
		set_status(c, EX_SOFTWARE);
		goto out;
	}
	c->pg.in = in;
	c->pg.file_size = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	/* The first non-blank bytes of the content tell WARC, JSON lines and one article apart. */
	if ((head = instream_peek(in, 4096, &got)) == NULL) {
		fprintf(stderr, "newsevents: %s: %s\n", name, instream_error(in));
		set_status(c, EX_IOERR);
		goto out;
	}
	while (k < got && (head[k] == ' ' || head[k] == '\t' || head[k] == '\n' || head[k] == '\r'))
		k++;
	if (got - k >= 5 && memcmp(head + k, "WARC/", 5) == 0)
		process_warc(c, name, in);
	else if (k < got && head[k] == '{' && !first_line_open(head + k, got - k))
		process_jsonl(c, name, in);
	else if (k < got && head[k] == '{')
		process_whole(c, name, path, in);	/* one indented JSON article, as news-please writes */
	else
		process_whole(c, name, path, in);
	if (instream_error(in)[0] != '\0' && c->status != EX_IOERR) {
		progress_clear(&c->pg);
		fprintf(stderr, "newsevents: %s: %s\n", name, instream_error(in));
		set_status(c, EX_IOERR);
	}
	c->pg.bytes_done += instream_consumed(in);
out:
	c->pg.in = NULL;
	instream_free(in);
	if (fp != stdin)
		fclose(fp);
}

static const struct option opts[] = {
	{ "pretty", no_argument, NULL, 'p' },
	{ "format", required_argument, NULL, 'f' },
	{ "field", required_argument, NULL, 'F' },
	{ "lexicon", required_argument, NULL, 'L' },
	{ "max-bytes", required_argument, NULL, 'm' },
	{ "progress", no_argument, NULL, 'P' },
	{ "no-progress", no_argument, NULL, 'Q' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* --field NAME=MEMBERS. @returns -1 to go on, or EX_USAGE. */
static int
add_field(struct cli *c, const char *arg)
{
	const char	*eq = strchr(arg, '=');
	char		 field[32], err[256];
	int		 r;

	if (eq == NULL || (size_t)(eq - arg) >= sizeof(field)) {
		fprintf(stderr, "newsevents: --field '%s': not NAME=MEMBERS (text=body)\n", arg);
		return EX_USAGE;
	}
	snprintf(field, sizeof(field), "%.*s", (int)(eq - arg), arg);
	if (c->map == NULL && (c->map = fieldmap_new()) == NULL) {
		fprintf(stderr, "newsevents: out of memory\n");
		return EX_SOFTWARE;
	}
	if ((r = fieldmap_set(c->map, field, eq + 1, err, sizeof(err))) < 0) {
		fprintf(stderr, "newsevents: --field '%s': %s\n", arg, r == -ENOMEM ? "out of memory" : err);
		return EX_USAGE;
	}
	return -1;
}

/*
 * Parse options from argv[optind] on, stopping at the first operand when
 * stop_at_operand. @returns -1 to go on, or the exit status to return now.
 */
static int
parse_opts(struct cli *c, const char **lexopt, int argc, char **argv, int stop_at_operand)
{
	unsigned long long	 v;
	char			*end;
	int			 ch, r;

	while ((ch = getopt_long(argc, argv, stop_at_operand ? "+pL:m:Vh" : "pL:m:Vh", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'p':
			c->pretty = 1;
			break;
		case 'f':
			if (recfmt_parse(optarg, &c->out.fmt) < 0) {
				fprintf(stderr, "newsevents: --format '%s': not jsonl, tsv, csv or geojson\n",
				    optarg);
				return EX_USAGE;
			}
			break;
		case 'F':
			if ((r = add_field(c, optarg)) >= 0)
				return r;
			break;
		case 'L':
			*lexopt = optarg;
			break;
		case 'm':
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' || v < 1024 || v > (1ull << 30)) {
				fprintf(stderr, "newsevents: --max-bytes '%s': not a byte count in "
				    "1024..1073741824\n", optarg);
				return EX_USAGE;
			}
			c->max_bytes = (size_t)v;
			break;
		case 'P':
			c->progress_opt = 1;
			break;
		case 'Q':
			c->progress_opt = 0;
			break;
		case 'V':
			printf("newsevents %s\n", NE_VERSION);
			return EX_OK;
		case 'h':
			usage(stdout);
			return EX_OK;
		default:
			usage(stderr);
			return EX_USAGE;
		}
	}
	return -1;
}

int
main(int argc, char **argv)
{
	struct cli	 c = { .max_bytes = DEFAULT_MAX_BYTES, .progress_opt = -1 };
	const char	*lexopt = NULL;
	char		 lexdir[PATH_MAX], err[512], *s;
	int		 r;

	if ((r = parse_opts(&c, &lexopt, argc, argv, 1)) >= 0)
		goto done;
	argc -= optind;
	argv += optind;
	if (argc < 1 || (strcmp(argv[0], "extract") != 0 && strcmp(argv[0], "places") != 0)) {
		usage(stderr);
		r = EX_USAGE;
		goto done;
	}
	c.places = strcmp(argv[0], "places") == 0;
	/* Options may also follow the command: newsevents extract --pretty FILE */
	optind = 1;
	if ((r = parse_opts(&c, &lexopt, argc, argv, 0)) >= 0)
		goto done;
	if (c.places && c.out.fmt != RECFMT_JSONL) {
		fprintf(stderr, "newsevents: places: --format: place mentions are written as JSON lines only\n");
		r = EX_USAGE;
		goto done;
	}
	paths_lexicon_dir(lexopt, lexdir, sizeof(lexdir));
	if ((r = lexicon_load(lexdir, &c.lx, err, sizeof(err))) < 0) {
		fprintf(stderr, "newsevents: lexicon: %s\n", err);
		r = EX_CONFIG;
		goto done;
	}
	c.pg.on = c.progress_opt >= 0 ? c.progress_opt : isatty(STDERR_FILENO);
	c.pg.t0 = now_ns();
	if ((s = recfmt_begin(&c.out)) == NULL) {
		fprintf(stderr, "newsevents: out of memory\n");
		r = EX_SOFTWARE;
		goto done;
	}
	fputs(s, stdout);
	free(s);
	if (optind >= argc)
		process_file(&c, NULL);
	for (int i = optind; i < argc; i++)
		process_file(&c, argv[i]);
	fputs(recfmt_end(&c.out), stdout);
	if (c.pg.on) {
		progress_show(&c, 1);
		fputc('\n', stderr);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "newsevents: writing records: %s\n", strerrordesc_np(errno));
		set_status(&c, EX_IOERR);
	}
	if (c.rejected > 0)
		fprintf(stderr, "newsevents: %lu of %lu article%s rejected, %lu record%s written\n",
		    c.rejected, c.articles, c.articles == 1 ? "" : "s", c.records, c.records == 1 ? "" : "s");
	r = c.status;
done:
	fieldmap_free(c.map);
	lexicon_unref(c.lx);
	return r;
}
