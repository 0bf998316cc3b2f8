/*
 * newsevents: the offline tool. Articles from files (or standard input) in,
 * event records out, through the same worker library as the daemon.
 *
 *   newsevents extract [--pretty] [--lexicon DIR] [--max-bytes N] [FILE...]
 *   newsevents places [--lexicon DIR] [--max-bytes N] [FILE...]
 *
 * A file whose first non-blank byte is '{' is read as JSON lines, one article
 * per line; any other file is one plain-text article (its base name is the
 * key, so it becomes the id). Records go to standard output as JSON lines.
 * An article that cannot be decoded is reported on standard error with where
 * it came from and why, and the exit status is then 65 (EX_DATAERR); the
 * other articles are still processed. `places` writes every place mention
 * of the articles instead of event records (places_json()).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "../workers/article.h"
#include "../workers/extract.h"
#include "../workers/lexicon.h"
#include "../workers/places.h"
#include "../workers/record.h"
#include "../workers/text.h"
#include "paths.h"

#define EX_OK		0
#define EX_USAGE	64
#define EX_DATAERR	65
#define EX_NOINPUT	66
#define EX_SOFTWARE	70
#define EX_IOERR	74
#define EX_CONFIG	78

#define DEFAULT_MAX_BYTES	(4u << 20)

struct cli {
	struct lexicon	*lx;
	int		 places;	/* the places command */
	int		 pretty;
	size_t		 max_bytes;
	unsigned long	 rejected;
	unsigned long	 articles;
	unsigned long	 records;
	int		 status;	/* worst exit status so far */
	struct eventvec	 events;
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: newsevents extract [--pretty] [--lexicon DIR] [--max-bytes N] [FILE...]\n"
	    "       newsevents places [--lexicon DIR] [--max-bytes N] [FILE...]\n"
	    "       newsevents --version | --help\n"
	    "\n"
	    "Reads articles (JSON lines, or one plain-text article per file; standard input\n"
	    "when no FILE is given) and writes CAMEO event records as JSON lines (extract),\n"
	    "or one JSON line per place the articles name (places).\n"
	    "Exit status: 0 all articles processed; 65 some input was rejected (see\n"
	    "standard error); 66 a file could not be read; 78 the lexicon could not be loaded.\n");
}

static void
set_status(struct cli *c, int st)
{
	if (c->status == EX_OK || (st != EX_OK && st > c->status))
		c->status = st;
}

/*
 * The places command: print every place mention of article a as one JSON
 * line: article_id, start and end (UTF-8 byte offsets into the text), text
 * (the name as written), name (the place it resolved to), country,
 * latitude, longitude, kind, id ("geonames:ID", or "places.txt:LINE" for a
 * place of our own), locative and evidence. @returns 0, or -ENOMEM.
 */
static int
places_json(struct cli *c, const struct article *a)
{
	const struct gazetteer	*g = lexicon_gazetteer(c->lx);
	struct spanvec		 sv = { 0 };
	struct placevec		 pv = { 0 };
	int			 r = 0;

	if (g == NULL)
		return 0;
	if ((r = text_sentences(a->text, a->text_len, &sv)) < 0 || (r = places_article(g, a->text, &sv, &pv)) < 0)
		goto out;
	for (size_t i = 0; i < pv.n; i++) {
		const struct place	*p = &pv.v[i];
		char			 id[64], *line;
		json_t			*j;

		if (p->id != 0)
			snprintf(id, sizeof(id), "geonames:%u", p->id);
		else
			snprintf(id, sizeof(id), "%s:%u", p->file, p->line);
		j = json_pack("{s:s, s:i, s:i, s:s%, s:s, s:s?, s:f, s:f, s:s, s:s, s:s?, s:s?}",
		    "article_id", a->id, "start", (json_int_t)p->span.start, "end", (json_int_t)p->span.end,
		    "text", a->text + p->span.start, (size_t)(p->span.end - p->span.start), "name", p->name,
		    "country", p->country[0] != '\0' ? p->country : NULL, "latitude", p->lat,
		    "longitude", p->lon, "kind", p->kind, "id", id, "locative", p->locative,
		    "evidence", p->evidence);
		if (j == NULL || (line = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(7))) == NULL) {
			json_decref(j);
			r = -ENOMEM;
			goto out;
		}
		json_decref(j);
		puts(line);
		free(line);
		c->records++;
	}
out:
	spanvec_release(&sv);
	placevec_release(&pv);
	return r;
}

/*
 * Decode, extract and print one article. where names it for messages
 * ("file:line"). buf and key are borrowed.
 */
static void
process(struct cli *c, const char *where, const char *buf, size_t len, const char *key)
{
	struct article	a;
	enum reason	why;
	char		err[256];
	int		r;

	c->articles++;
	r = article_decode(buf, len, key, key != NULL ? strlen(key) : 0, c->max_bytes, &a, &why,
	    err, sizeof(err));
	if (r < 0) {
		c->rejected++;
		set_status(c, r == -ENOMEM ? EX_SOFTWARE : EX_DATAERR);
		fprintf(stderr, "newsevents: %s: rejected: %s: %s\n", where,
		    r == -ENOMEM ? "out_of_memory" : reason_to_string(why), err);
		return;
	}
	if (c->places) {
		if (places_json(c, &a) < 0) {
			set_status(c, EX_SOFTWARE);
			fprintf(stderr, "newsevents: %s: out of memory\n", where);
		}
		article_release(&a);
		return;
	}
	r = extract_article(c->lx, &a, &c->events, &why, err, sizeof(err));
	if (r < 0) {
		c->rejected++;
		set_status(c, r == -ENOMEM ? EX_SOFTWARE : EX_DATAERR);
		fprintf(stderr, "newsevents: %s: article '%.64s' rejected: %s: %s\n", where, a.id,
		    r == -ENOMEM ? "out_of_memory" : reason_to_string(why), err);
		article_release(&a);
		return;
	}
	for (size_t i = 0; i < c->events.n; i++) {
		char *json = record_to_json(&a, &c->events.v[i], c->pretty ? RECORD_PRETTY : 0);

		if (json == NULL) {
			fprintf(stderr, "newsevents: %s: out of memory writing a record\n", where);
			set_status(c, EX_SOFTWARE);
			continue;
		}
		fputs(json, stdout);
		fputc('\n', stdout);
		free(json);
		c->records++;
	}
	article_release(&a);
}

/* Read all of fp into a new buffer. @returns 0, or -errno. */
static int
slurp(FILE *fp, char **ret, size_t *ret_len, size_t *ret_cap)
{
	char	*buf = NULL, *p;
	size_t	 len = 0, cap = 0, n;

	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 131072;
			if ((p = realloc(buf, cap)) == NULL) {
				free(buf);
				return -ENOMEM;
			}
			buf = p;
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		return -EIO;
	}
	*ret = buf;
	*ret_len = len;
	*ret_cap = cap;
	return 0;
}

static void
process_jsonl(struct cli *c, const char *name, FILE *fp)
{
	char		*line = NULL, where[PATH_MAX + 32];
	size_t		 cap = 0;
	ssize_t		 n;
	unsigned long	 lineno = 0;

	while ((n = getline(&line, &cap, fp)) != -1) {
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
			fprintf(stderr, "newsevents: %s: rejected: %s: not a JSON object in a "
			    "JSON-lines file\n", where, reason_to_string(REASON_INVALID_JSON));
			continue;
		}
		process(c, where, line, len, NULL);
	}
	free(line);
}

/* Base name of path as a new string for the article key, or NULL for standard input. */
static char *
key_of(const char *path)
{
	const char *slash;

	if (path == NULL || strcmp(path, "-") == 0)
		return NULL;
	slash = strrchr(path, '/');
	return strdup(slash != NULL ? slash + 1 : path);
}

static void
process_file(struct cli *c, const char *path)
{
	FILE		*fp = stdin;
	const char	*name = "<stdin>";
	char		*buf = NULL, *key = NULL, *p;
	size_t		 len = 0, k = 0, cap = 0;
	int		 ch, r;

	if (path != NULL && strcmp(path, "-") != 0) {
		if ((fp = fopen(path, "re")) == NULL) {
			fprintf(stderr, "newsevents: %s: %s\n", path, strerrordesc_np(errno));
			set_status(c, EX_NOINPUT);
			return;
		}
		name = path;
	}
	/* Peek at the first non-blank byte to tell JSON lines from plain text. */
	while ((ch = getc(fp)) != EOF && (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'))
		k++;
	if (ch != EOF)
		ungetc(ch, fp);
	if (ch == '{') {
		process_jsonl(c, name, fp);
		goto out;
	}
	if ((r = slurp(fp, &buf, &len, &cap)) < 0) {
		fprintf(stderr, "newsevents: %s: %s\n", name, strerrordesc_np(-r));
		set_status(c, r == -ENOMEM ? EX_SOFTWARE : EX_IOERR);
		goto out;
	}
	/*
	 * The article is the file as delivered, so offsets are file offsets. The
	 * blank bytes skipped above are white space only; put them back as read
	 * (a seekable file is re-read from its start, a pipe keeps its count).
	 */
	if (k > 0 && fp != stdin && fseek(fp, 0, SEEK_SET) == 0) {
		free(buf);
		buf = NULL;
		if ((r = slurp(fp, &buf, &len, &cap)) < 0) {
			fprintf(stderr, "newsevents: %s: %s\n", name, strerrordesc_np(-r));
			set_status(c, EX_IOERR);
			goto out;
		}
	} else if (k > 0) {
		if ((p = malloc(k + len + 1)) == NULL) {
			fprintf(stderr, "newsevents: %s: out of memory\n", name);
			set_status(c, EX_SOFTWARE);
			goto out;
		}
		memset(p, '\n', k);
		memcpy(p + k, buf, len);
		free(buf);
		buf = p;
		len += k;
	}
	key = key_of(path);
	process(c, name, buf, len, key);
out:
	if (fp != stdin && ferror(fp)) {
		fprintf(stderr, "newsevents: %s: read error\n", name);
		set_status(c, EX_IOERR);
	}
	free(buf);
	free(key);
	if (fp != stdin)
		fclose(fp);
}

static const struct option opts[] = {
	{ "pretty", no_argument, NULL, 'p' },
	{ "lexicon", required_argument, NULL, 'L' },
	{ "max-bytes", required_argument, NULL, 'm' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/*
 * Parse options from argv[optind] on, stopping at the first operand when
 * stop_at_operand. @returns -1 to go on, or the exit status to return now.
 */
static int
parse_opts(struct cli *c, const char **lexopt, int argc, char **argv, int stop_at_operand)
{
	unsigned long long	 v;
	char			*end;
	int			 ch;

	while ((ch = getopt_long(argc, argv, stop_at_operand ? "+pL:m:Vh" : "pL:m:Vh", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'p':
			c->pretty = 1;
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
	struct cli	 c = { .max_bytes = DEFAULT_MAX_BYTES };
	const char	*lexopt = NULL;
	char		 lexdir[PATH_MAX], err[512];
	int		 r;

	if ((r = parse_opts(&c, &lexopt, argc, argv, 1)) >= 0)
		return r;
	argc -= optind;
	argv += optind;
	if (argc < 1 || (strcmp(argv[0], "extract") != 0 && strcmp(argv[0], "places") != 0)) {
		usage(stderr);
		return EX_USAGE;
	}
	c.places = strcmp(argv[0], "places") == 0;
	/* Options may also follow the command: newsevents extract --pretty FILE */
	optind = 1;
	if ((r = parse_opts(&c, &lexopt, argc, argv, 0)) >= 0)
		return r;
	paths_lexicon_dir(lexopt, lexdir, sizeof(lexdir));
	if ((r = lexicon_load(lexdir, &c.lx, err, sizeof(err))) < 0) {
		fprintf(stderr, "newsevents: lexicon: %s\n", err);
		return EX_CONFIG;
	}
	if (optind >= argc)
		process_file(&c, NULL);
	for (int i = optind; i < argc; i++)
		process_file(&c, argv[i]);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "newsevents: writing records: %s\n", strerrordesc_np(errno));
		set_status(&c, EX_IOERR);
	}
	if (c.rejected > 0)
		fprintf(stderr, "newsevents: %lu of %lu articles rejected, %lu records written\n",
		    c.rejected, c.articles, c.records);
	eventvec_release(&c.events);
	lexicon_unref(c.lx);
	return c.status;
}
