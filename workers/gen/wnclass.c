/*
 * wnclass: nouns of WordNet's hierarchy, by the classes a spec names.
 *
 *	wnclass roles   WORDNET_DIR SPEC   > wn_roles.tsv
 *	wnclass classes WORDNET_DIR SPEC   > wn_classes.tsv
 *	wnclass nouns   WORDNET_DIR SPEC VERBS_TXT > wn_nouns.tsv
 *	wnclass orgs    WORDNET_DIR SPEC NAMES... > wn_actors.tsv
 *
 * A build-time tool (never installed). SPEC is the hand-written
 * workers/lexicon/wordnet.txt; each of its lines names synsets of WordNet
 * 3.0's noun hierarchy as LEMMA.n.SENSE (the SENSE-th sense of LEMMA in
 * index.noun, senses counted from 1 in WordNet's order of frequency):
 *
 *	role	SECTOR	SYNSET...	nouns below a SYNSET are role words of SECTOR
 *					("-": an actor whose sector is not known)
 *	class	NAME	SYNSET...	nouns whose first sense is below a SYNSET
 *					belong to class NAME
 *	classany NAME	SYNSET...	nouns with any sense below a SYNSET belong to
 *					class NAME (the verb of a pattern picks the
 *					sense: "impose a curfew", whose first sense
 *					is a time of day)
 *	not	SYNSET...		nouns below a SYNSET are never generated
 *
 * "Below" means the synset itself or any synset under it through hyponym
 * and instance pointers. A noun is placed by its first sense only (the
 * most frequent: "rebel" is first a Confederate soldier, "bank" a
 * financial institution), so a word whose everyday meaning is something
 * else never joins a class through a rare sense. Among the lines that hold
 * it, the first in SPEC wins; "not" lines win over all. Words written with
 * a capital in WordNet (names, demonyms) and instances (one named person
 * or thing) are left out, as are words with digits. Each noun is written with its plural: WordNet's noun.exc for
 * irregular ones ("men"), "-men" for the compounds of "man" and "woman"
 * ("tribesmen"), "-children" and "-wives" for those of "child" and "wife",
 * else English spelling rules; in a phrase
 * with "of" the word before it takes the plural ("heads of state").
 *
 * nouns: the event nouns of the one-word verb patterns of VERBS_TXT
 * (verbs.txt: "arrest" 173, "investigate" 090, "mediate" 045): for each such
 * verb lemma, the nouns WordNet links to its first two senses by a
 * derivational pointer ("+") from that very word, when the noun names an
 * act, an event or a communication (lexicographer files noun.act,
 * noun.event, noun.communication: "arrest", "investigation", "mediation",
 * never "arrester"). SPEC's "notnoun WORD..." lines drop nouns whose other
 * meanings dominate news ("suit", "defence"). Output: CODE<TAB>=noun, in
 * verbs.txt's order, and the plural.
 *
 * orgs: organisations WordNet names (synsets of noun.group written with a
 * capital: "Central Intelligence Agency", "CIA") whose gloss places them in
 * a country: the first country name or demonym of NAMES (files of
 * CODE<TAB>PHRASE lines: countries.tsv, demonyms, ...; "united nations"
 * stands for IGO) that the gloss writes right after "a", "an", "the",
 * "in", "of" or "based" ("an independent agency of the United States
 * government", "a terrorist organization in Sri Lanka", "a Palestinian
 * group"), never one after "against", "with" or "to" ("opposes peace with
 * Israel"). The sector is that of the first "role" line whose synset the
 * organisation is below (wordnet.txt). A name two organisations share
 * ("National Liberation Army": Bolivia's and Colombia's) is left out, and
 * so is a name of SPEC's "notnoun" lines: generic names that many
 * countries' organisations bear ("Socialist Party", "Air Force").
 * Output: CODE<TAB>phrase, CODE the country (or IGO) and the sector. A
 * one-word name is written "^CIA", "^Pentagon", to be matched only as
 * written (actors.txt's convention), and left out when it is also an
 * everyday noun ("Army", "Energy" of the Department of Energy).
 *
 * Output lines: SECTOR<TAB>phrase (roles) or NAME<TAB>phrase (classes), in
 * index.noun's (alphabetical) order, phrases in lower case with spaces.
 * Exit status: 0; 1 on a missing input, a malformed SPEC line or a synset
 * SPEC names that WordNet does not have (with SPEC:LINE on standard error).
 */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_RULES	256
#define MAX_LINE	65536

struct synset {
	uint32_t	 off;		/* byte offset in data.noun: WordNet's synset id */
	uint8_t		 lexfile;	/* lexicographer file: 4 act, 10 communication, 11 event */
	char		**words;	/* its words, index form */
	uint32_t	 nwords;
	char		*gloss;		/* noun.group names only: the gloss to its first ';' */
	uint32_t	*hypo;		/* hyponyms and instances, as indices */
	uint32_t	 nhypo;
	uint32_t	*hypoff;	/* the same as offsets, until resolved */
	uint8_t		 capital;	/* its first word is written with a capital */
	uint8_t		 instance;	/* an instance ("@i"): one named person or thing */
	int16_t		 rule;		/* first "role" line that holds it, -1 none */
	int16_t		 crule;		/* first "class" line that holds it, -1 none */
	uint64_t	 anyrules;	/* "classany" rules (bits by rule index < 64) that hold it */
	uint8_t		 excluded;
};

struct lemma {
	char		*word;		/* as in index.noun: lower case, '_' for space */
	uint32_t	 first;		/* offset of the first sense */
	uint32_t	*senses;	/* offsets of every sense */
	uint32_t	 nsenses;
};

struct rule {
	int	 kind;			/* 'r' role, 'c' class, 'a' class by any sense */
	char	 name[32];
};

struct wn {
	struct synset	*syn;
	size_t		 nsyn, capsyn;
	struct lemma	*lem;
	size_t		 nlem, caplem;
	char		**exc_plural;	/* noun.exc: plural form ... */
	char		**exc_single;	/* ... of this singular */
	size_t		 nexc, capexc;
	struct rule	 rules[MAX_RULES];
	size_t		 nrules;
	char		**notnoun;	/* "notnoun" words */
	size_t		 nnotnoun;
};

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (q == NULL) {
		fprintf(stderr, "wnclass: out of memory\n");
		exit(1);
	}
	return q;
}

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL) {
		fprintf(stderr, "wnclass: out of memory\n");
		exit(1);
	}
	return p;
}

static FILE *
open_in(const char *dir, const char *name)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "wnclass: cannot read %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fp;
}

/* The synset at data.noun offset off, by binary search (data.noun is in offset order). */
static long
find_syn(const struct wn *w, uint32_t off)
{
	size_t lo = 0, hi = w->nsyn;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->syn[mid].off == off)
			return (long)mid;
		if (w->syn[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * data.noun: "OFFSET LEXFILE n WCNT(hex) WORD LEXID ... PCNT(dec) {SYM OFFSET POS ST} ... | gloss"
 */
static void
load_data(struct wn *w, const char *dir)
{
	FILE	*fp = open_in(dir, "data.noun");
	char	*line = xrealloc(NULL, MAX_LINE);

	while (fgets(line, MAX_LINE, fp) != NULL) {
		struct synset	 s;
		char		*tok, *save = NULL, *bar;
		unsigned long	 wcnt, pcnt;

		if (line[0] == ' ')
			continue;	/* licence header */
		memset(&s, 0, sizeof(s));
		if ((bar = strstr(line, " | ")) != NULL) {
			*bar = '\0';
			if (strncmp(line + 9, "14 ", 3) == 0 && isupper((unsigned char)line[17])) {
				char *g = xstrdup(bar + 3), *e = strpbrk(g, ";\n");

				if (e != NULL)
					*e = '\0';
				for (char *c = g; *c; c++)
					*c = (char)tolower((unsigned char)*c);
				s.gloss = g;
			}
		}
		s.rule = s.crule = -1;
		tok = strtok_r(line, " ", &save);
		s.off = (uint32_t)strtoul(tok, NULL, 10);
		s.lexfile = (uint8_t)strtoul(strtok_r(NULL, " ", &save), NULL, 10);
		(void)strtok_r(NULL, " ", &save);	/* ss_type */
		wcnt = strtoul(strtok_r(NULL, " ", &save), NULL, 16);
		s.words = xrealloc(NULL, (wcnt + 1) * sizeof(*s.words));
		for (unsigned long i = 0; i < wcnt; i++) {
			char *word = strtok_r(NULL, " ", &save);

			if (i == 0)
				s.capital = isupper((unsigned char)word[0]) != 0;
			s.words[s.nwords++] = xstrdup(word);
			(void)strtok_r(NULL, " ", &save);	/* lex_id */
		}
		pcnt = strtoul(strtok_r(NULL, " ", &save), NULL, 10);
		for (unsigned long i = 0; i < pcnt; i++) {
			char *sym = strtok_r(NULL, " ", &save), *off = strtok_r(NULL, " ", &save);
			char *pos = strtok_r(NULL, " ", &save);

			(void)strtok_r(NULL, " ", &save);
			if (sym == NULL || off == NULL || pos == NULL)
				break;
			if (strcmp(sym, "@i") == 0)
				s.instance = 1;
			if ((strcmp(sym, "~") == 0 || strcmp(sym, "~i") == 0) && strcmp(pos, "n") == 0) {
				s.hypoff = xrealloc(s.hypoff, (s.nhypo + 1) * sizeof(*s.hypoff));
				s.hypoff[s.nhypo++] = (uint32_t)strtoul(off, NULL, 10);
			}
		}
		if (w->nsyn == w->capsyn) {
			w->capsyn = w->capsyn ? 2 * w->capsyn : 65536;
			w->syn = xrealloc(w->syn, w->capsyn * sizeof(*w->syn));
		}
		w->syn[w->nsyn++] = s;
	}
	fclose(fp);
	free(line);
	if (w->nsyn == 0) {
		fprintf(stderr, "wnclass: %s/data.noun has no synsets\n", dir);
		exit(1);
	}
	for (size_t i = 0; i < w->nsyn; i++) {
		struct synset *s = &w->syn[i];

		s->hypo = xrealloc(NULL, (s->nhypo + 1) * sizeof(*s->hypo));
		for (uint32_t k = 0; k < s->nhypo; k++) {
			long j = find_syn(w, s->hypoff[k]);

			s->hypo[k] = j < 0 ? (uint32_t)i : (uint32_t)j;
		}
		free(s->hypoff);
		s->hypoff = NULL;
	}
}

/* index.noun: "LEMMA n SYNSET_CNT P_CNT [SYM...] SENSE_CNT TAGSENSE_CNT OFFSET..." */
static void
load_index(struct wn *w, const char *dir)
{
	FILE	*fp = open_in(dir, "index.noun");
	char	*line = xrealloc(NULL, MAX_LINE);

	while (fgets(line, MAX_LINE, fp) != NULL) {
		char		*f[512], *save = NULL, *t;
		size_t		 n = 0;
		unsigned long	 cnt;
		struct lemma	 l;

		if (line[0] == ' ')
			continue;
		for (t = strtok_r(line, " \n", &save); t != NULL && n < 512; t = strtok_r(NULL, " \n", &save))
			f[n++] = t;
		if (n < 6)
			continue;
		cnt = strtoul(f[2], NULL, 10);
		if (cnt == 0 || cnt > n - 4)
			continue;
		l.word = xstrdup(f[0]);
		l.nsenses = (uint32_t)cnt;
		l.senses = xrealloc(NULL, cnt * sizeof(*l.senses));
		for (unsigned long k = 0; k < cnt; k++)
			l.senses[k] = (uint32_t)strtoul(f[n - cnt + k], NULL, 10);
		l.first = l.senses[0];
		if (w->nlem == w->caplem) {
			w->caplem = w->caplem ? 2 * w->caplem : 65536;
			w->lem = xrealloc(w->lem, w->caplem * sizeof(*w->lem));
		}
		w->lem[w->nlem++] = l;
	}
	fclose(fp);
	free(line);
}

/* noun.exc: "PLURAL SINGULAR" */
static void
load_exc(struct wn *w, const char *dir)
{
	FILE	*fp = open_in(dir, "noun.exc");
	char	 line[512], a[256], b[256];

	while (fgets(line, sizeof(line), fp) != NULL) {
		if (sscanf(line, "%255s %255s", a, b) != 2)
			continue;
		if (w->nexc == w->capexc) {
			w->capexc = w->capexc ? 2 * w->capexc : 4096;
			w->exc_plural = xrealloc(w->exc_plural, w->capexc * sizeof(char *));
			w->exc_single = xrealloc(w->exc_single, w->capexc * sizeof(char *));
		}
		w->exc_plural[w->nexc] = xstrdup(a);
		w->exc_single[w->nexc++] = xstrdup(b);
	}
	fclose(fp);
}

static const struct lemma *
find_lemma(const struct wn *w, const char *word)
{
	size_t lo = 0, hi = w->nlem;

	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;
		int	c = strcmp(w->lem[mid].word, word);

		if (c == 0)
			return &w->lem[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*
 * Mark the synset at index i and everything below it: excluded, or held by
 * rule (a "role" or "class" line; -k-1 for the "classany" line k).
 */
static void
mark(struct wn *w, uint32_t i, int rule, int exclude, uint8_t *seen)
{
	uint32_t	*stack = xrealloc(NULL, w->nsyn * sizeof(*stack));
	size_t		 n = 0;

	memset(seen, 0, w->nsyn);
	stack[n++] = i;
	seen[i] = 1;
	while (n > 0) {
		struct synset *s = &w->syn[stack[--n]];

		if (exclude)
			s->excluded = 1;
		else if (rule < 0)
			s->anyrules |= 1ull << (-rule - 1);
		else if (w->rules[rule].kind == 'c') {
			if (s->crule < 0)
				s->crule = (int16_t)rule;
		} else if (s->rule < 0)
			s->rule = (int16_t)rule;
		for (uint32_t k = 0; k < s->nhypo; k++)
			if (!seen[s->hypo[k]]) {
				seen[s->hypo[k]] = 1;
				stack[n++] = s->hypo[k];
			}
	}
	free(stack);
}

/* "LEMMA.n.SENSE" -> synset index, or -1. */
static long
resolve(const struct wn *w, const char *ref)
{
	char		 word[256];
	const char	*dot = strstr(ref, ".n.");
	const struct lemma *l;
	unsigned long	 sense;
	size_t		 n;

	if (dot == NULL || (n = (size_t)(dot - ref)) == 0 || n >= sizeof(word))
		return -1;
	memcpy(word, ref, n);
	word[n] = '\0';
	sense = strtoul(dot + 3, NULL, 10);
	if ((l = find_lemma(w, word)) == NULL || sense == 0 || sense > l->nsenses)
		return -1;
	return find_syn(w, l->senses[sense - 1]);
}

static void
load_spec(struct wn *w, const char *path)
{
	FILE		*fp = fopen(path, "r");
	char		 line[4096];
	unsigned	 lineno = 0;
	uint8_t		*seen = xrealloc(NULL, w->nsyn);

	if (fp == NULL) {
		fprintf(stderr, "wnclass: cannot read %s: %s\n", path, strerror(errno));
		exit(1);
	}
	/* Exclusions first, whatever their place in the file. */
	for (int pass = 0; pass < 2; pass++) {
		rewind(fp);
		lineno = 0;
		while (fgets(line, sizeof(line), fp) != NULL) {
			char	*f[64], *save = NULL, *t;
			size_t	 n = 0, first;
			int	 kind;

			lineno++;
			for (t = strtok_r(line, " \t\r\n", &save); t != NULL && n < 64; t = strtok_r(NULL, " \t\r\n", &save))
				f[n++] = t;
			if (n == 0 || f[0][0] == '#')
				continue;
			if (strcmp(f[0], "notnoun") == 0) {
				for (size_t k = 1; pass == 0 && k < n; k++) {
					w->notnoun = xrealloc(w->notnoun, (w->nnotnoun + 1) * sizeof(char *));
					w->notnoun[w->nnotnoun++] = xstrdup(f[k]);
				}
				continue;
			}
			if (strcmp(f[0], "not") == 0) {
				kind = 'n';
				first = 1;
			} else if (strcmp(f[0], "role") == 0 || strcmp(f[0], "class") == 0) {
				kind = f[0][0];
				first = 2;
			} else if (strcmp(f[0], "classany") == 0) {
				kind = 'a';
				first = 2;
			} else {
				fprintf(stderr, "%s:%u: expected role, class, classany, not or notnoun\n", path, lineno);
				exit(1);
			}
			if (n <= first) {
				fprintf(stderr, "%s:%u: no synset\n", path, lineno);
				exit(1);
			}
			if ((pass == 0) != (kind == 'n'))
				continue;
			if (kind != 'n') {
				if (w->nrules == MAX_RULES || strlen(f[1]) >= sizeof(w->rules[0].name) ||
				    (kind == 'a' && w->nrules >= 64)) {
					fprintf(stderr, "%s:%u: too many rules or too long a name\n", path, lineno);
					exit(1);
				}
				w->rules[w->nrules].kind = kind;
				snprintf(w->rules[w->nrules].name, sizeof(w->rules[0].name), "%s", f[1]);
			}
			for (size_t k = first; k < n; k++) {
				long i = resolve(w, f[k]);

				if (i < 0) {
					fprintf(stderr, "%s:%u: WordNet has no synset '%s'\n", path, lineno, f[k]);
					exit(1);
				}
				mark(w, (uint32_t)i, kind == 'a' ? -(int)w->nrules - 1 : (int)w->nrules, kind == 'n', seen);
			}
			if (kind != 'n')
				w->nrules++;
		}
	}
	fclose(fp);
	free(seen);
}

/* Write word (index form) in lower case with spaces, then TAB-less end. */
static void
put_phrase(const char *s, FILE *out)
{
	for (; *s != '\0'; s++)
		putc(*s == '_' ? ' ' : tolower((unsigned char)*s), out);
}

/* The regular English plural of w into buf. */
static void
regular_plural(const char *w, char *buf, size_t bufsz)
{
	size_t n = strlen(w);

	if (n >= 2 && w[n - 1] == 'y' && !strchr("aeiou", w[n - 2]))
		snprintf(buf, bufsz, "%.*sies", (int)(n - 1), w);
	else if ((n >= 1 && (w[n - 1] == 's' || w[n - 1] == 'x' || w[n - 1] == 'z')) ||
	    (n >= 2 && (strcmp(w + n - 2, "ch") == 0 || strcmp(w + n - 2, "sh") == 0)))
		snprintf(buf, bufsz, "%ses", w);
	else
		snprintf(buf, bufsz, "%ss", w);
}

/*
 * A compound of "man" or "woman", whose plural ends in "men" ("tribesman",
 * "chairwoman"), unlike the words that merely end in "man" ("human",
 * "shaman", "talisman").
 */
static int
compound_man(const char *word)
{
	static const char *const notman[] = { "human", "shaman", "talisman", "caiman", "cayman", "dolman",
		"ottoman", "desman", "doberman", "walkman", "ataman", "hetman", "superhuman", "nonhuman",
		"inhuman", "subhuman", "pacman", "bahaman", NULL };
	size_t n = strlen(word);

	if (n < 5 || strcmp(word + n - 3, "man") != 0)
		return 0;
	for (size_t i = 0; notman[i] != NULL; i++)
		if (strcmp(word, notman[i]) == 0)
			return 0;
	return 1;
}

/* Does word end in tail with at least two letters before it ("schoolchild" in "child")? */
static int
ends_in_word(const char *word, const char *tail)
{
	size_t n = strlen(word), t = strlen(tail);

	return n >= t + 2 && strcmp(word + n - t, tail) == 0;
}

/*
 * The plural of the lemma (index form): the word before "_of_" in "head_of_state",
 * else the last word; noun.exc's form when it lists one.
 */
static void
plural(const struct wn *w, const char *lemma, char *buf, size_t bufsz)
{
	const char	*of = strstr(lemma, "_of_");
	size_t		 end = of != NULL ? (size_t)(of - lemma) : strlen(lemma), start = end;
	char		 word[256], pl[300];
	const char	*form = NULL;

	while (start > 0 && lemma[start - 1] != '_')
		start--;
	snprintf(word, sizeof(word), "%.*s", (int)(end - start), lemma + start);
	for (size_t k = 0; k < w->nexc && form == NULL; k++)
		if (strcmp(w->exc_single[k], word) == 0)
			form = w->exc_plural[k];
	if (form == NULL && compound_man(word)) {
		/* noun.exc lists "men" for "man" but not its compounds: "gunman", "fisherman". */
		snprintf(pl, sizeof(pl), "%.*smen", (int)strlen(word) - 3, word);
		form = pl;
	}
	if (form == NULL && ends_in_word(word, "child")) {
		snprintf(pl, sizeof(pl), "%sren", word);	/* "schoolchildren" */
		form = pl;
	}
	if (form == NULL && ends_in_word(word, "wife")) {
		snprintf(pl, sizeof(pl), "%.*sves", (int)strlen(word) - 2, word);	/* "housewives" */
		form = pl;
	}
	if (form == NULL) {
		regular_plural(word, pl, sizeof(pl));
		form = pl;
	}
	snprintf(buf, bufsz, "%.*s%s%s", (int)start, lemma, form, lemma + end);
}

static int
plain_word(const char *s)
{
	for (; *s != '\0'; s++)
		if (isdigit((unsigned char)*s) || *s == '.' || *s == '\'')
			return 0;
	return 1;
}

/* The lines of data.verb and index.verb that the nouns mode reads. */
struct verbs {
	FILE	*data;			/* data.verb, read by offset */
	char	**lemma;		/* index.verb, in its (sorted) order */
	uint32_t **senses;
	uint32_t *nsenses;
	size_t	 n;
};

static void
load_verbs(struct verbs *v, const char *dir)
{
	FILE	*fp = open_in(dir, "index.verb");
	char	*line = xrealloc(NULL, MAX_LINE);

	memset(v, 0, sizeof(*v));
	v->data = open_in(dir, "data.verb");
	while (fgets(line, MAX_LINE, fp) != NULL) {
		char		*f[512], *save = NULL, *t;
		size_t		 n = 0;
		unsigned long	 cnt;

		if (line[0] == ' ')
			continue;
		for (t = strtok_r(line, " \n", &save); t != NULL && n < 512; t = strtok_r(NULL, " \n", &save))
			f[n++] = t;
		if (n < 6 || (cnt = strtoul(f[2], NULL, 10)) == 0 || cnt > n - 4)
			continue;
		v->lemma = xrealloc(v->lemma, (v->n + 1) * sizeof(*v->lemma));
		v->senses = xrealloc(v->senses, (v->n + 1) * sizeof(*v->senses));
		v->nsenses = xrealloc(v->nsenses, (v->n + 1) * sizeof(*v->nsenses));
		v->lemma[v->n] = xstrdup(f[0]);
		v->senses[v->n] = xrealloc(NULL, cnt * sizeof(uint32_t));
		for (unsigned long k = 0; k < cnt; k++)
			v->senses[v->n][k] = (uint32_t)strtoul(f[n - cnt + k], NULL, 10);
		v->nsenses[v->n++] = (uint32_t)cnt;
	}
	fclose(fp);
	free(line);
}

static long
find_verb(const struct verbs *v, const char *lemma)
{
	size_t lo = 0, hi = v->n;

	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;
		int	c = strcmp(v->lemma[mid], lemma);

		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
notnoun(const struct wn *w, const char *word)
{
	for (size_t k = 0; k < w->nnotnoun; k++)
		if (strcmp(w->notnoun[k], word) == 0)
			return 1;
	return 0;
}

/* notnoun() ignoring case: the organisation names WordNet capitalises. */
static int
notnoun_ci(const struct wn *w, const char *word)
{
	for (size_t k = 0; k < w->nnotnoun; k++)
		if (strcasecmp(w->notnoun[k], word) == 0)
			return 1;
	return 0;
}

/*
 * Write the event nouns of verb synset off whose derivational pointers
 * start at word number wordno (1-based) of the synset, or at the synset.
 */
static void
synset_nouns(const struct wn *w, const struct verbs *v, uint32_t off, const char *lemma, const char *code)
{
	char		*line = xrealloc(NULL, MAX_LINE), *save = NULL, *t, *bar, pl[512];
	unsigned long	 wcnt, pcnt, wordno = 0;

	if (fseek(v->data, (long)off, SEEK_SET) != 0 || fgets(line, MAX_LINE, v->data) == NULL) {
		free(line);
		return;
	}
	if ((bar = strstr(line, " | ")) != NULL)
		*bar = '\0';
	(void)strtok_r(line, " ", &save);	/* offset */
	(void)strtok_r(NULL, " ", &save);	/* lexfile */
	(void)strtok_r(NULL, " ", &save);	/* ss_type */
	wcnt = strtoul(strtok_r(NULL, " ", &save), NULL, 16);
	for (unsigned long i = 0; i < wcnt; i++) {
		t = strtok_r(NULL, " ", &save);
		if (t != NULL && strcmp(t, lemma) == 0)
			wordno = i + 1;
		(void)strtok_r(NULL, " ", &save);
	}
	pcnt = strtoul(strtok_r(NULL, " ", &save), NULL, 10);
	for (unsigned long i = 0; i < pcnt; i++) {
		char		*sym = strtok_r(NULL, " ", &save), *noff = strtok_r(NULL, " ", &save);
		char		*pos = strtok_r(NULL, " ", &save), *st = strtok_r(NULL, " ", &save);
		unsigned long	 src, tgt;
		long		 j;
		const struct synset *ns;
		const char	*word;

		if (sym == NULL || noff == NULL || pos == NULL || st == NULL || strlen(st) != 4)
			break;
		if (strcmp(sym, "+") != 0 || strcmp(pos, "n") != 0)
			continue;
		tgt = strtoul(st + 2, NULL, 16);
		st[2] = '\0';
		src = strtoul(st, NULL, 16);
		if ((src != 0 && src != wordno) || tgt == 0)
			continue;
		if ((j = find_syn(w, (uint32_t)strtoul(noff, NULL, 10))) < 0)
			continue;
		ns = &w->syn[j];
		if ((ns->lexfile != 4 && ns->lexfile != 10 && ns->lexfile != 11) || tgt > ns->nwords)
			continue;
		word = ns->words[tgt - 1];
		if (strchr(word, '_') != NULL || !plain_word(word) || isupper((unsigned char)word[0]) ||
		    notnoun(w, word))
			continue;
		printf("%s\t=%s\n", code, word);
		plural(w, word, pl, sizeof(pl));
		if (strcmp(pl, word) != 0)
			printf("%s\t=%s\n", code, pl);
	}
	free(line);
}

/* A country phrase of NAMES: lower case, and its code. */
struct cname {
	char	*phrase;
	char	 code[4];
};

static int
cname_cmp(const void *a, const void *b)
{
	const struct cname *x = a, *y = b;

	return (int)strlen(y->phrase) - (int)strlen(x->phrase);	/* longest first */
}

/* The country a gloss places an organisation in, or NULL. */
static const char *
gloss_country(const char *g, const struct cname *cn, size_t ncn)
{
	static const char *const before[] = { "a", "an", "the", "in", "of", "based", NULL };

	for (const char *p = g; *p; p++) {
		char	 prev[32];
		size_t	 pl = 0;
		const char *q;

		if (p != g && isalpha((unsigned char)p[-1]))
			continue;
		/* the word before p */
		q = p;
		while (q > g && q[-1] == ' ')
			q--;
		while (q > g && (isalpha((unsigned char)q[-1]) || q[-1] == '-') && pl < sizeof(prev) - 1)
			q--, pl++;
		snprintf(prev, sizeof(prev), "%.*s", (int)pl, q);
		if (pl >= 6 && strcmp(prev + pl - 6, "-based") == 0)
			snprintf(prev, sizeof(prev), "based");
		for (size_t k = 0; k < ncn; k++) {
			size_t n = strlen(cn[k].phrase);
			int ok = p == g;

			if (strncmp(p, cn[k].phrase, n) != 0 || isalpha((unsigned char)p[n]))
				continue;
			for (size_t b = 0; before[b] != NULL && !ok; b++)
				ok = strcmp(prev, before[b]) == 0;
			if (!ok)
				break;	/* "peace with Israel": not where it is */
			return cn[k].code;
		}
	}
	return NULL;
}

/* Is word (as WordNet writes it) also a lower-case noun of WordNet: "Army", "Energy"? */
static int
common_noun(const struct wn *w, const char *word)
{
	char			 low[256];
	const struct lemma	*l;
	size_t			 n = strlen(word);

	if (n >= sizeof(low))
		return 0;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)word[i]);
	if ((l = find_lemma(w, low)) == NULL)
		return 0;
	for (uint32_t k = 0; k < l->nsenses; k++) {
		long j = find_syn(w, l->senses[k]);

		if (j >= 0 && !w->syn[j].capital)
			return 1;
	}
	return 0;
}

static void
print_orgs(const struct wn *w, char **files, int nfiles)
{
	struct cname	*cn = NULL;
	size_t		 ncn = 0;
	char		 line[1024];
	struct out {
		char	*phrase;
		char	 code[16];
		int	 clash;
	} *out = NULL;
	size_t		 nout = 0;

	for (int f = 0; f < nfiles; f++) {
		FILE *fp = fopen(files[f], "r");

		if (fp == NULL) {
			fprintf(stderr, "wnclass: cannot read %s: %s\n", files[f], strerror(errno));
			exit(1);
		}
		while (fgets(line, sizeof(line), fp) != NULL) {
			char *tab = strchr(line, '\t'), *nl;

			if (line[0] == '#' || tab == NULL || tab - line != 3 || tab[1] == '^')
				continue;
			if ((nl = strchr(tab, '\n')) != NULL)
				*nl = '\0';
			cn = xrealloc(cn, (ncn + 1) * sizeof(*cn));
			memcpy(cn[ncn].code, line, 3);
			cn[ncn].code[3] = '\0';
			cn[ncn].phrase = xstrdup(tab + 1);
			for (char *c = cn[ncn].phrase; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			ncn++;
		}
		fclose(fp);
	}
	cn = xrealloc(cn, (ncn + 1) * sizeof(*cn));
	cn[ncn].phrase = xstrdup("united nations");
	memcpy(cn[ncn++].code, "IGO", 4);
	qsort(cn, ncn, sizeof(*cn), cname_cmp);
	for (size_t i = 0; i < w->nsyn; i++) {
		const struct synset	*s = &w->syn[i];
		const char		*iso;
		char			 code[16];

		if (s->gloss == NULL || s->excluded || (iso = gloss_country(s->gloss, cn, ncn)) == NULL)
			continue;
		snprintf(code, sizeof(code), "%s%s", iso, s->rule >= 0 && strcmp(iso, "IGO") != 0 &&
		    w->rules[s->rule].name[0] != '-' ? w->rules[s->rule].name : "");
		for (uint32_t k = 0; k < s->nwords; k++) {
			const char *wd = s->words[k];
			size_t j;

			if (strlen(wd) < 3 || !plain_word(wd) || notnoun_ci(w, wd))
				continue;
			for (j = 0; j < nout; j++)
				if (strcasecmp(out[j].phrase, wd) == 0)
					break;
			if (j < nout) {
				out[j].clash |= strcmp(out[j].code, code) != 0;
				continue;
			}
			out = xrealloc(out, (nout + 1) * sizeof(*out));
			out[nout].phrase = xstrdup(wd);
			snprintf(out[nout].code, sizeof(out[nout].code), "%s", code);
			out[nout++].clash = 0;
		}
	}
	for (size_t j = 0; j < nout; j++) {
		const char *c;

		if (out[j].clash)
			continue;
		for (c = out[j].phrase; *c != '\0' && !islower((unsigned char)*c); c++)
			;
		if (strchr(out[j].phrase, '_') == NULL && *c != '\0' && common_noun(w, out[j].phrase))
			continue;	/* "Energy" (the Department), "Army": everyday words */
		printf("%s\t", out[j].code);
		if (strchr(out[j].phrase, '_') == NULL)
			printf("^%s", out[j].phrase);	/* "CIA", "Pentagon": matched as written */
		else
			put_phrase(out[j].phrase, stdout);
		putchar('\n');
	}
}

/* verbs.txt's one-word patterns, in its order: their event nouns. */
static void
print_nouns(const struct wn *w, const char *dir, const char *verbs_txt)
{
	struct verbs	 v;
	FILE		*fp = fopen(verbs_txt, "r");
	char		 line[1024], code[16], pat[256];

	if (fp == NULL) {
		fprintf(stderr, "wnclass: cannot read %s: %s\n", verbs_txt, strerror(errno));
		exit(1);
	}
	load_verbs(&v, dir);
	while (fgets(line, sizeof(line), fp) != NULL) {
		long j;

		if (line[0] == '#' || sscanf(line, "%15[0-9]\t%255[^\n]", code, pat) != 2 ||
		    strchr(pat, ' ') != NULL || pat[0] == '=' || (j = find_verb(&v, pat)) < 0)
			continue;
		for (uint32_t k = 0; k < v.nsenses[j] && k < 2; k++)
			synset_nouns(w, &v, v.senses[j][k], pat, code);
	}
	fclose(fp);
	fclose(v.data);
}

/* One output line for the noun, and one for its plural. */
static void
put_entry(const struct wn *w, const char *name, const char *lemma)
{
	char pl[512];

	printf("%s\t", name);
	put_phrase(lemma, stdout);
	putchar('\n');
	plural(w, lemma, pl, sizeof(pl));
	if (strcmp(pl, lemma) != 0) {
		printf("%s\t", name);
		put_phrase(pl, stdout);
		putchar('\n');
	}
}

int
main(int argc, char **argv)
{
	struct wn	 w;
	int		 want;

	if (!(argc == 4 && (strcmp(argv[1], "roles") == 0 || strcmp(argv[1], "classes") == 0)) &&
	    !(argc == 5 && strcmp(argv[1], "nouns") == 0) && !(argc >= 5 && strcmp(argv[1], "orgs") == 0)) {
		fprintf(stderr, "usage: wnclass roles|classes WORDNET_DIR SPEC\n"
		    "       wnclass nouns WORDNET_DIR SPEC VERBS_TXT\n"
		    "       wnclass orgs WORDNET_DIR SPEC NAMES...\n");
		return 1;
	}
	want = argv[1][0];
	memset(&w, 0, sizeof(w));
	load_data(&w, argv[2]);
	load_index(&w, argv[2]);
	load_exc(&w, argv[2]);
	load_spec(&w, argv[3]);
	if (want == 'n') {
		print_nouns(&w, argv[2], argv[4]);
		goto out;
	}
	if (want == 'o') {
		print_orgs(&w, argv + 4, argc - 4);
		goto out;
	}
	for (size_t i = 0; i < w.nlem; i++) {
		const struct lemma	*l = &w.lem[i];
		long			 j = find_syn(&w, l->first);
		const struct synset	*s;
		uint64_t		 any = 0;

		if (j < 0 || !plain_word(l->word))
			continue;
		s = &w.syn[j];
		if (s->capital || s->instance)
			continue;
		if (want == 'r') {
			if (!s->excluded && s->rule >= 0)
				put_entry(&w, w.rules[s->rule].name, l->word);
			continue;
		}
		if (s->crule >= 0)
			put_entry(&w, w.rules[s->crule].name, l->word);
		/* "classany": every class some sense of the noun is below. */
		for (uint32_t k = 0; k < l->nsenses; k++) {
			long	 m = find_syn(&w, l->senses[k]);

			if (m >= 0)
				any |= w.syn[m].anyrules;
		}
		for (size_t r = 0; r < w.nrules && r < 64; r++)
			if (((any >> r) & 1) && (int)r != s->crule && strcmp(w.rules[r].name,
			    s->crule >= 0 ? w.rules[s->crule].name : "") != 0)
				put_entry(&w, w.rules[r].name, l->word);
	}
out:
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "wnclass: write error\n");
		return 1;
	}
	return 0;
}
