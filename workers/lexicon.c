/*
 * lexicon: load the dictionary files and compile them into one immutable,
 * shared snapshot.
 *
 * Every lookup the coder makes goes through one phrase table (phrasetab.h)
 * whose keys are tagged with what they are: a phrase of some kind, a verb
 * form, a lemma, a CAMEO code, a word that begins phrases. A phrase is found
 * by longest match while the coder walks a sentence token by token; the
 * table's prefix marks end the scan as soon as no longer phrase can start
 * with what it has read, and its full-key check means a hash collision can
 * never produce a wrong match.
 *
 * DESIGN
 *  - Strings live in the snapshot's arena (arena.h), so pointers handed out
 *    stay valid for the life of the snapshot; arrays that grow during
 *    loading are only exposed once loading has finished.
 *  - The snapshot is never written after lexicon_load() returns; the only
 *    mutable field is the atomic reference count.
 *  - Hand-written files load before generated ones, and the first definition
 *    of a phrase wins, so actors.txt can correct what iso-codes says.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "array.h"
#include "dictfile.h"
#include "lexicon.h"
#include "phrasetab.h"
#include "places.h"
#include "pos.h"
#include "sentence.h"
#include "text.h"
#include "plover.h"
#include "tone.h"

#define MAX_PHRASE_TOK	PHRASETAB_MAX_TOK

/* What a key of the phrase table is; a phrase of kind LEX_x has tag x. */
enum tag {
	TAG_VERB_FORM = _LEX_KIND_MAX,		/* irregular form -> lemma (verb_exc.tsv) */
	TAG_LEMMA,				/* a WordNet verb lemma */
	TAG_PATTERNS,				/* lemma -> its run of patterns */
	TAG_CAMEO,				/* CAMEO code -> cameo.txt line */
	TAG_CASED,				/* "^US" -> case-sensitive actor alias */
	TAG_TRANSFORM,				/* "mode code" -> modality.txt line */
	TAG_FIRST,				/* a word -> the kinds of phrases it begins */
	TAG_CLASS				/* a word -> the classes it belongs to */
};

struct run {
	uint32_t	first, n;
};

struct lexicon {
	atomic_int		 refs;
	struct arena		*arena;		/* every string the snapshot hands out */
	struct phrasetab	*tab;		/* every key, tagged with enum tag */

	struct lex_entry	*entries;
	size_t			 nentries, capentries;
	struct verb_pattern	*patterns;
	size_t			 npatterns, cappatterns;
	struct run		*runs;
	size_t			 nruns, capruns;
	const char		**strs;		/* pairs (form, lemma) and (lemma, NULL): */
	size_t			 nstrs, capstrs;	/*   TAG_VERB_FORM/TAG_LEMMA point here */
	struct cameo_code	*cameo;
	size_t			 ncameo, capcameo;
	struct transform	*transforms;
	size_t			 ntransforms, captransforms;
	uint32_t		*firsts;	/* TAG_FIRST: the kinds a word begins */
	size_t			 nfirsts, capfirsts;
	uint64_t		*classes;	/* TAG_CLASS: the classes of a word */
	size_t			 nclassw, capclassw;
	const char		*classname[LEX_MAX_CLASSES];
	size_t			 nclasses;

	size_t			 counts[_LEX_KIND_MAX];
	size_t			 nexc, nlemmas;
	struct dictfile_sum	 sum;		/* of the files of lexicon_load()'s list */
	char			 version[17];	/* lexicon_version() */

	/* Optional stages; NULL when their files are absent. */
	struct tagger		*tagger;
	struct gazetteer	*gazetteer;
	struct tone_lexicon	*tone;
	struct plover		*plover;	/* plover.txt: CAMEO -> PLOVER, when present */
};

/*
 * Tokenise a phrase exactly as sentences are tokenised, lower-case it and
 * join the tokens with single spaces into buf.
 * @returns the number of tokens (0 if none or more than MAX_PHRASE_TOK).
 */
static size_t
phrase_norm(const char *phrase, char *buf, size_t bufsz)
{
	struct tokvec	tv = { 0 };
	struct span	sp = { 0, (uint32_t)strlen(phrase) };
	size_t		n = 0, len = 0;

	buf[0] = '\0';
	if (text_tokens(phrase, sp, &tv) < 0 || tv.n == 0 || tv.n > MAX_PHRASE_TOK)
		goto out;
	for (size_t i = 0; i < tv.n; i++) {
		char	w[128];
		size_t	wl = text_lower(phrase, &tv.v[i], w, sizeof(w));

		if (len + wl + 2 > bufsz)
			goto out;
		if (i > 0)
			buf[len++] = ' ';
		memcpy(buf + len, w, wl);
		len += wl;
		buf[len] = '\0';
	}
	n = tv.n;
out:
	tokvec_release(&tv);
	return n;
}

/* Record that word (n bytes) begins something of the kinds in bits. */
static int
mark_first(struct lexicon *lx, const char *word, size_t n, uint32_t bits)
{
	uint32_t	idx;
	int		r;

	if (n == 0 || n >= 128)
		return 0;
	if ((r = array_grow(&lx->firsts, &lx->capfirsts, lx->nfirsts + 1,
	    sizeof(*lx->firsts))) < 0 ||
	    (r = phrasetab_add(lx->tab, TAG_FIRST, word, n, (uint32_t)lx->nfirsts, &idx, NULL)) < 0)
		return r;
	if (r == 0) {
		lx->firsts[idx] |= bits;
		return 0;
	}
	lx->firsts[lx->nfirsts++] = bits;
	return 0;
}

static int mark_forms(struct lexicon *, const char *, uint32_t);
static const char *patterned(const struct lexicon *, const char *);

/*
 * A new entry for a phrase of the table: phrase (the table's copy) under
 * the kind, from the line being read; key (owned by the snapshot) as
 * struct lex_entry says. The caller has grown lx->entries.
 */
static int
new_entry(struct lexicon *lx, struct dictfile *df, enum lex_kind kind, const char *code,
    const char *phrase, size_t ntok, const char *key)
{
	struct lex_entry *e = &lx->entries[lx->nentries++];

	e->kind = kind;
	e->ntok = (uint32_t)ntok;
	e->line = dictfile_line(df);
	e->file = dictfile_name(df);
	e->phrase = phrase;
	if ((e->code = arena_strdup(lx->arena, code)) == NULL)
		return -ENOMEM;
	e->key = key;
	lx->counts[kind]++;
	return 0;
}

/*
 * The stable key of an entry of a file generated from WordNet ("wn_*.tsv"),
 * whose line numbers move with the spec and the data: the phrase itself
 * ("wn_roles.tsv:hackers"). NULL for a hand-written file (named by line),
 * and on failure to copy (*ret_err -ENOMEM).
 */
static const char *
generated_key(struct lexicon *lx, struct dictfile *df, const char *phrase, int *ret_err)
{
	const char *k;

	*ret_err = 0;
	if (strncmp(dictfile_name(df), "wn_", 3) != 0)
		return NULL;
	if ((k = arena_strdup(lx->arena, phrase)) == NULL)
		*ret_err = -ENOMEM;
	return k;
}

/* Add phrase as an entry of kind with code; key as struct lex_entry says. */
static int
add_phrase(struct lexicon *lx, struct dictfile *df, enum lex_kind kind, const char *code,
    const char *phrase, const char *key)
{
	char		 norm[512];
	const char	*stored;
	size_t		 ntok, fn = 0;
	int		 r;

	if ((ntok = phrase_norm(phrase, norm, sizeof(norm))) == 0)
		return dictfile_error(df, -EINVAL, "phrase '%.64s' has no words or too many", phrase);
	if ((r = array_grow(&lx->entries, &lx->capentries, lx->nentries + 1,
	    sizeof(*lx->entries))) < 0 ||
	    (r = phrasetab_add(lx->tab, kind, norm, strlen(norm), (uint32_t)lx->nentries, NULL,
	    &stored)) <= 0)
		return r;	/* 0: the first definition wins */
	if ((r = new_entry(lx, df, kind, code, stored, ntok, key)) < 0)
		return r;
	fn = strcspn(norm, " ");
	if ((r = mark_first(lx, norm, fn, 1u << kind)) < 0)
		return r;
	/* Grammar phrases match their first word by lemma: mark its forms too. */
	if (kind == LEX_SAY || kind == LEX_CONTROL || kind == LEX_OBJCONTROL || kind == LEX_LIGHT) {
		char first[64];

		if (fn < sizeof(first)) {
			memcpy(first, norm, fn);
			first[fn] = '\0';
			if ((r = mark_forms(lx, first, 1u << kind)) < 0)
				return r;
		}
	}
	return 0;
}

/*
 * A case-sensitive one-token alias, "^US": kept as an entry (phrase "^US")
 * found only through lexicon_match_cased().
 */
static int
add_cased(struct lexicon *lx, struct dictfile *df, const char *code, const char *phrase)
{
	const char	*key;
	size_t		 n = strlen(phrase);
	int		 r;

	if (n < 2 || n > 32 || strchr(phrase, ' ') != NULL)
		return dictfile_error(df, -EINVAL, "case-sensitive alias '%.40s' is not one word", phrase);
	if ((r = array_grow(&lx->entries, &lx->capentries, lx->nentries + 1,
	    sizeof(*lx->entries))) < 0 ||
	    (r = phrasetab_add(lx->tab, TAG_CASED, phrase, n, (uint32_t)lx->nentries, NULL,
	    &key)) <= 0)
		return r;
	return new_entry(lx, df, LEX_ACTOR, code, key, 1, strncmp(dictfile_name(df), "wn_", 3) == 0 ? key : NULL);
}

/* A verb form and its lemma (tag TAG_VERB_FORM), or a lemma and NULL (TAG_LEMMA). */
static int
add_str(struct lexicon *lx, struct dictfile *df, int tag, const char *key, const char *val)
{
	const char	*k, *v = NULL;
	size_t		 n = strlen(key);
	int		 r;

	if (n > 255)
		return dictfile_error(df, -EINVAL, "word '%.32s...' is longer than 255 bytes", key);
	/* The pair goes to strs[i], strs[i + 1]; the key's value is i. */
	if ((r = array_grow(&lx->strs, &lx->capstrs, lx->nstrs + 2,
	    sizeof(*lx->strs))) < 0 ||
	    (r = phrasetab_add(lx->tab, (unsigned)tag, key, n, (uint32_t)lx->nstrs, NULL, &k)) <= 0)
		return r;
	if (val != NULL && (v = arena_strdup(lx->arena, val)) == NULL)
		return -ENOMEM;
	lx->strs[lx->nstrs] = k;
	lx->strs[lx->nstrs + 1] = v;
	lx->nstrs += 2;
	return 0;
}

static int
valid_code(const char *s, size_t minlen, size_t maxlen, int (*cls)(int))
{
	size_t n = strlen(s);

	if (n < minlen || n > maxlen)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!cls((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

typedef int (*line_fn)(struct lexicon *, struct dictfile *, char **f, size_t nf);

static int
line_cameo(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	char	*end;
	double	 g;
	int	 r;

	if (nf != 3)
		return dictfile_error(df, -EINVAL, "expected CODE<TAB>GOLDSTEIN<TAB>LABEL");
	if (!valid_code(f[0], 2, 4, is_digit))
		return dictfile_error(df, -EINVAL, "code '%.16s' is not 2 to 4 digits", f[0]);
	errno = 0;
	g = strtod(f[1], &end);
	if (errno != 0 || end == f[1] || *end != '\0' || g < -10.0 || g > 10.0)
		return dictfile_error(df, -EINVAL, "Goldstein weight '%.16s' is not a number in -10..10", f[1]);
	if ((r = array_grow(&lx->cameo, &lx->capcameo, lx->ncameo + 1,
	    sizeof(*lx->cameo))) < 0 ||
	    (r = phrasetab_add(lx->tab, TAG_CAMEO, f[0], strlen(f[0]), (uint32_t)lx->ncameo, NULL,
	    &lx->cameo[lx->ncameo].code)) < 0)
		return r;
	if (r == 0)
		return dictfile_error(df, -EINVAL, "code '%s' defined twice", f[0]);
	lx->cameo[lx->ncameo].goldstein = g;
	if ((lx->cameo[lx->ncameo].label = arena_strdup(lx->arena, f[2])) == NULL)
		return -ENOMEM;
	lx->ncameo++;
	return 0;
}

static int
check_cameo(struct lexicon *lx, struct dictfile *df, const char *code)
{
	if (!valid_code(code, 2, 4, is_digit))
		return dictfile_error(df, -EINVAL, "CAMEO code '%.16s' is not 2 to 4 digits", code);
	if (lexicon_cameo(lx, code) == NULL)
		return dictfile_error(df, -EINVAL, "CAMEO code '%s' is not in cameo.txt", code);
	return 0;
}

int
lexicon_class_id(const struct lexicon *lx, const char *name)
{
	for (size_t k = 0; k < lx->nclasses; k++)
		if (strcmp(lx->classname[k], name) == 0)
			return (int)k;
	return -1;
}

/* classes.txt, wn_classes.tsv: CLASS<TAB>WORD, the word one token. */
static int
line_class(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	char	 norm[256];
	int	 id, r;
	uint32_t idx;

	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected CLASS<TAB>WORD");
	if (!valid_code(f[0], 1, 31, islower) || strcmp(f[0], "name") == 0)
		return dictfile_error(df, -EINVAL, "class '%.32s' is not a lower-case name other than 'name'", f[0]);
	if (phrase_norm(f[1], norm, sizeof(norm)) != 1)
		return 0;	/* a class holds single words: "travel ban" is found by "ban" */
	if ((id = lexicon_class_id(lx, f[0])) < 0) {
		if (lx->nclasses == LEX_MAX_CLASSES)
			return dictfile_error(df, -EINVAL, "more than %d classes", LEX_MAX_CLASSES);
		if ((lx->classname[lx->nclasses] = arena_strdup(lx->arena, f[0])) == NULL)
			return -ENOMEM;
		id = (int)lx->nclasses++;
	}
	if ((r = array_grow(&lx->classes, &lx->capclassw, lx->nclassw + 1, sizeof(*lx->classes))) < 0 ||
	    (r = phrasetab_add(lx->tab, TAG_CLASS, norm, strlen(norm), (uint32_t)lx->nclassw, &idx, NULL)) < 0)
		return r;
	if (r > 0)
		lx->classes[lx->nclassw++] = 0;
	lx->classes[idx] |= 1ull << id;
	return 0;
}

/*
 * The regular plural of a noun pattern's last word ("cease-fire" ->
 * "cease-fires", "inquiry" -> "inquiries", "crash" -> "crashes") into buf.
 * @returns 0 when the last word ends in "s" already (a plural, or a mass
 * noun such as "talks") or buf is too small.
 */
static int
noun_plural(const char *phrase, char *buf, size_t bufsz)
{
	size_t n = strlen(phrase);

	if (n < 2 || n + 3 > bufsz || phrase[n - 1] == 's' || phrase[n - 1] == ' ')
		return 0;
	memcpy(buf, phrase, n + 1);
	if (phrase[n - 1] == 'x' || phrase[n - 1] == 'z' || (phrase[n - 1] == 'h' && (phrase[n - 2] == 'c' ||
	    phrase[n - 2] == 's')))
		memcpy(buf + n, "es", 3);
	else if (phrase[n - 1] == 'y' && strchr("aeiou", phrase[n - 2]) == NULL)
		memcpy(buf + n - 1, "ies", 4);
	else
		memcpy(buf + n, "s", 2);
	return 1;
}

static int
line_verb(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	struct verb_pattern	*p;
	const char		**words;
	int8_t			*wclass;
	char			*w[MAX_PHRASE_TOK + 1], *save = NULL, *tok;
	size_t			 n = 0;
	int			 r;

	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected CODE<TAB>PATTERN");
	/* "-": what the pattern covers is no event ("fight inflation"). */
	if (strcmp(f[0], "-") == 0 && f[1][0] == '=')
		return dictfile_error(df, -EINVAL, "'-' is for verb patterns; grammar.txt's notevent "
		    "lines name phrases that are no event");
	if (strcmp(f[0], "-") != 0 && (r = check_cameo(lx, df, f[0])) < 0)
		return r;
	if (f[1][0] == '=') {
		int		 err;
		const char	*key = generated_key(lx, df, f[1] + 1, &err);
		char		 pl[512];

		if (err < 0 || (r = add_phrase(lx, df, LEX_NOUN_EVENT, f[0], f[1] + 1, key)) < 0)
			return err < 0 ? err : r;
		/* "=ceasefire" also matches "ceasefires"; a plural written on a line
		 * of its own is the same entry (the first definition wins). */
		if (noun_plural(f[1] + 1, pl, sizeof(pl)))
			return add_phrase(lx, df, LEX_NOUN_EVENT, f[0], pl, key);
		return 0;
	}
	for (tok = strtok_r(f[1], " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		if (n == MAX_PHRASE_TOK + 1)
			return dictfile_error(df, -EINVAL, "pattern has more than %d words", MAX_PHRASE_TOK);
		for (char *c = tok; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		w[n++] = tok;
	}
	if (n == 0)
		return dictfile_error(df, -EINVAL, "empty pattern");
	if ((r = array_grow(&lx->patterns, &lx->cappatterns, lx->npatterns + 1,
	    sizeof(*lx->patterns))) < 0)
		return r;
	if ((words = arena_alloc(lx->arena, n * sizeof(*words))) == NULL ||
	    (wclass = arena_alloc(lx->arena, n)) == NULL)
		return -ENOMEM;
	p = &lx->patterns[lx->npatterns];
	memset(p, 0, sizeof(*p));
	p->words = words;
	p->wclass = wclass;
	for (size_t i = 1; i < n; i++) {
		size_t	len = strlen(w[i]);
		int	id = -1;

		if (w[i][0] == '{' && len > 2 && w[i][len - 1] == '}') {
			w[i][len - 1] = '\0';
			id = strcmp(w[i] + 1, "name") == 0 ? LEX_CLASS_NAME : lexicon_class_id(lx, w[i] + 1);
			w[i][len - 1] = '}';
			if (id < 0)
				return dictfile_error(df, -EINVAL, "unknown class '%.32s'", w[i]);
			p->nclasses++;
		}
		wclass[i - 1] = (int8_t)id;
	}
	lx->npatterns++;
	p->nwords = (uint32_t)(n - 1);
	p->line = dictfile_line(df);
	p->file = dictfile_name(df);
	if ((p->code = arena_strdup(lx->arena, f[0])) == NULL || (p->lemma = arena_strdup(lx->arena, w[0])) == NULL)
		return -ENOMEM;
	for (size_t i = 1; i < n; i++)
		if ((words[i - 1] = arena_strdup(lx->arena, w[i])) == NULL)
			return -ENOMEM;
	{
		char	text[512];
		size_t	len = 0;

		for (size_t i = 0; i < n && len < sizeof(text) - 1; i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s", i ? " " : "", w[i]);
		if ((p->text = arena_strdup(lx->arena, text)) == NULL)
			return -ENOMEM;
	}
	return 0;
}

static int
line_actor(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected CODE<TAB>PHRASE");
	if (!valid_code(f[0], 3, 15, is_upper) || strlen(f[0]) % 3 != 0)
		return dictfile_error(df, -EINVAL, "actor code '%.16s' is not 3, 6, 9… capital letters", f[0]);
	if (f[1][0] == '^')
		return add_cased(lx, df, f[0], f[1]);
	{
		int		 err;
		const char	*key = generated_key(lx, df, f[1], &err);

		return err < 0 ? err : add_phrase(lx, df, LEX_ACTOR, f[0], f[1], key);
	}
}

static int
line_person(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected CODE<TAB>NAME");
	if (!valid_code(f[0], 6, 15, is_upper) || strlen(f[0]) % 3 != 0)
		return dictfile_error(df, -EINVAL, "person code '%.16s' is not 6, 9… capital letters", f[0]);
	return add_phrase(lx, df, LEX_PERSON, f[0], f[1], NULL);
}

/* grammar.txt classes and the kind each is stored as. */
static const struct {
	const char	*cls;
	enum lex_kind	 kind;
} grammar_classes[] = {
	{ "say", LEX_SAY }, { "intent", LEX_CONTROL }, { "threat", LEX_CONTROL },
	{ "refuse", LEX_CONTROL }, { "oblige", LEX_CONTROL }, { "pass", LEX_CONTROL },
	{ "appeal", LEX_OBJCONTROL },
	{ "demand", LEX_OBJCONTROL }, { "permit", LEX_OBJCONTROL }, { "light", LEX_LIGHT }, { "undergo", LEX_LIGHT },
	{ "notevent", LEX_NOTEVENT },
};

static int
line_grammar(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected CLASS<TAB>PHRASE");
	for (size_t i = 0; i < sizeof(grammar_classes) / sizeof(grammar_classes[0]); i++)
		if (strcmp(f[0], grammar_classes[i].cls) == 0)
			return add_phrase(lx, df, grammar_classes[i].kind, f[0], f[1], NULL);
	return dictfile_error(df, -EINVAL, "unknown class '%.16s'", f[0]);
}

/* The modes of modality.txt. */
static const char *const transform_modes[] = {
	"intent", "threat", "refuse", "appeal", "demand", "permit", NULL
};

static int
line_modality(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	struct transform	*t;
	const char		*mode = NULL;
	char			 key[64];
	int			 r;

	if (nf != 3)
		return dictfile_error(df, -EINVAL, "expected MODE<TAB>FROM<TAB>TO");
	for (size_t i = 0; transform_modes[i] != NULL; i++)
		if (strcmp(f[0], transform_modes[i]) == 0)
			mode = transform_modes[i];
	if (mode == NULL)
		return dictfile_error(df, -EINVAL, "unknown mode '%.16s'", f[0]);
	if (strcmp(f[1], "*") != 0 && (r = check_cameo(lx, df, f[1])) < 0)
		return r;
	if (strcmp(f[2], "-") != 0 && strcmp(f[2], "=") != 0 && (r = check_cameo(lx, df, f[2])) < 0)
		return r;
	snprintf(key, sizeof(key), "%s %s", mode, f[1]);
	if ((r = array_grow(&lx->transforms, &lx->captransforms, lx->ntransforms + 1,
	    sizeof(*lx->transforms))) < 0 ||
	    (r = phrasetab_add(lx->tab, TAG_TRANSFORM, key, strlen(key), (uint32_t)lx->ntransforms,
	    NULL, NULL)) < 0)
		return r;
	if (r == 0)
		return dictfile_error(df, -EINVAL, "'%s %s' defined twice", mode, f[1]);
	t = &lx->transforms[lx->ntransforms];
	t->mode = mode;
	t->line = dictfile_line(df);
	t->to = NULL;
	t->keep = strcmp(f[2], "=") == 0;
	t->file = dictfile_name(df);
	if ((t->from = arena_strdup(lx->arena, f[1])) == NULL ||
	    (strcmp(f[2], "-") != 0 && !t->keep && (t->to = arena_strdup(lx->arena, f[2])) == NULL))
		return -ENOMEM;
	lx->ntransforms++;
	return 0;
}

static int
line_role(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected SECTOR<TAB>PHRASE");
	if (strcmp(f[0], "-") != 0 && strcmp(f[0], "*") != 0 && !valid_code(f[0], 3, 3, is_upper))
		return dictfile_error(df, -EINVAL, "sector '%.16s' is neither '-', '*' nor 3 capital letters", f[0]);
	return add_phrase(lx, df, LEX_ROLE, f[0], f[1], NULL);
}

/* wn_roles.tsv: like roles.txt, and "-" for a person or group of no known sector. */
static int
line_wnrole(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	if (nf != 2)
		return dictfile_error(df, -EINVAL, "expected SECTOR<TAB>PHRASE");
	if (strcmp(f[0], "-") != 0 && !valid_code(f[0], 3, 3, is_upper))
		return dictfile_error(df, -EINVAL, "sector '%.16s' is neither '-' nor 3 capital letters", f[0]);
	{
		int		 err;
		const char	*key = generated_key(lx, df, f[1], &err);

		return err < 0 ? err : add_phrase(lx, df, LEX_ROLE, f[0], f[1], key);
	}
}

static int
line_country(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	const char *key;

	if (nf != 2 || !valid_code(f[0], 3, 3, is_upper))
		return dictfile_error(df, -EINVAL, "expected ISO3<TAB>NAME");
	/* Named "countries.tsv:IRN" in records: the code, not a line iso-codes may move. */
	if ((key = arena_strdup(lx->arena, f[0])) == NULL)
		return -ENOMEM;
	return add_phrase(lx, df, LEX_ACTOR, f[0], f[1], key);
}

static int
line_demonym(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	char		 plural[256];
	const char	*key;
	size_t		 n;
	int		 r;

	if (nf != 2 || !valid_code(f[0], 3, 3, is_upper))
		return dictfile_error(df, -EINVAL, "expected ISO3<TAB>DEMONYM");
	/* Named "demonyms.tsv:iranian" in records, the plural too: WordNet's lines move. */
	if ((key = arena_strdup(lx->arena, f[1])) == NULL)
		return -ENOMEM;
	if ((r = add_phrase(lx, df, LEX_DEMONYM, f[0], f[1], key)) < 0)
		return r;
	/* "Iranian" -> "Iranians", "Iraqi" -> "Iraqis": the people as a noun. */
	n = strlen(f[1]);
	if (n > 0 && n + 2 < sizeof(plural) && (f[1][n - 1] == 'n' || f[1][n - 1] == 'i')) {
		snprintf(plural, sizeof(plural), "%ss", f[1]);
		return add_phrase(lx, df, LEX_DEMONYM, f[0], plural, key);
	}
	return 0;
}

static int
line_exc(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	if (nf != 2 || f[0][0] == '\0' || f[1][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected FORM<TAB>LEMMA");
	lx->nexc++;
	return add_str(lx, df, TAG_VERB_FORM, f[0], f[1]);
}

static int
line_lemma(struct lexicon *lx, struct dictfile *df, char **f, size_t nf)
{
	if (nf != 1 || f[0][0] == '\0')
		return dictfile_error(df, -EINVAL, "expected one lemma per line");
	lx->nlemmas++;
	return add_str(lx, df, TAG_LEMMA, f[0], NULL);
}

/* One file of the lexicon and the function that reads its lines. */
struct load {
	struct lexicon	*lx;
	line_fn		 fn;
};

static int
load_line(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct load *ld = arg;

	return ld->fn(ld->lx, df, f, nf);
}

static int
pattern_cmp(const void *a, const void *b)
{
	const struct verb_pattern	*x = a, *y = b;
	int				 c = strcmp(x->lemma, y->lemma);

	if (c != 0)
		return c;
	if (x->nwords != y->nwords)
		return x->nwords > y->nwords ? -1 : 1;
	/* Of two patterns as long, the one with more literal words is the more specific. */
	if (x->nclasses != y->nclasses)
		return x->nclasses < y->nclasses ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * Mark every word that may be a form of lemma: a superset of its real
 * forms (regular endings, doubled consonants), as a cheap filter before
 * lexicon_verb_lemma() decides.
 */
static int
mark_forms(struct lexicon *lx, const char *lemma, uint32_t bits)
{
	static const char *const ends[] = { "", "s", "es", "ed", "d", "ing" };
	char	buf[80];
	size_t	n = strlen(lemma);
	int	r;

	if (n == 0 || n + 6 >= sizeof(buf))
		return 0;
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", lemma, ends[i]);
		if ((r = mark_first(lx, buf, strlen(buf), bits)) < 0)
			return r;
	}
	/* "move" -> "moving", "try" -> "tries", "tried", "stop" -> "stopped", "stopping". */
	snprintf(buf, sizeof(buf), "%.*sing", (int)n - 1, lemma);
	if (lemma[n - 1] == 'e' && (r = mark_first(lx, buf, strlen(buf), bits)) < 0)
		return r;
	if (lemma[n - 1] == 'y') {
		snprintf(buf, sizeof(buf), "%.*sies", (int)n - 1, lemma);
		if ((r = mark_first(lx, buf, strlen(buf), bits)) < 0)
			return r;
		snprintf(buf, sizeof(buf), "%.*sied", (int)n - 1, lemma);
		if ((r = mark_first(lx, buf, strlen(buf), bits)) < 0)
			return r;
	}
	snprintf(buf, sizeof(buf), "%s%ced", lemma, lemma[n - 1]);
	if ((r = mark_first(lx, buf, strlen(buf), bits)) < 0)
		return r;
	snprintf(buf, sizeof(buf), "%s%cing", lemma, lemma[n - 1]);
	return mark_first(lx, buf, strlen(buf), bits);
}

/*
 * Mark the irregular forms of verb_exc.tsv: of patterned lemmas ("met",
 * "broke", "fought") as verbs, and of the first words of grammar phrases
 * ("told", "held", "sought") with those phrases' kinds. What a form gets
 * depends on its lemma's marks before this pass only, never on a form
 * marked in it, so "laid" (of "lay") does not inherit what "lay" gets as a
 * form of "lie".
 */
static int
mark_irregular(struct lexicon *lx)
{
	const uint32_t	 grammar = (1u << LEX_SAY) | (1u << LEX_CONTROL) | (1u << LEX_OBJCONTROL) |
	    (1u << LEX_LIGHT);
	uint32_t	*bits;
	int		 r = 0;

	if (lx->nstrs == 0)
		return 0;
	if ((bits = calloc(lx->nstrs / 2, sizeof(*bits))) == NULL)
		return -ENOMEM;
	/* strs holds pairs: (form, lemma) for forms, (lemma, NULL) for lemmas. */
	for (size_t i = 0; i < lx->nstrs; i += 2) {
		const char *lemma = lx->strs[i + 1];

		if (lemma == NULL)
			continue;
		bits[i / 2] = lexicon_word_kinds(lx, lemma) & grammar;
		if (patterned(lx, lemma) != NULL)
			bits[i / 2] |= LEX_WORD_VERB;
	}
	for (size_t i = 0; i < lx->nstrs && r == 0; i += 2)
		if (bits[i / 2] != 0)
			r = mark_first(lx, lx->strs[i], strlen(lx->strs[i]), bits[i / 2]);
	free(bits);
	return r;
}

/* Sort patterns by lemma, longest first, and index each lemma's run. */
static int
index_patterns(struct lexicon *lx)
{
	int r;

	qsort(lx->patterns, lx->npatterns, sizeof(*lx->patterns), pattern_cmp);
	for (size_t i = 0; i < lx->npatterns;) {
		size_t j = i;

		while (j < lx->npatterns && strcmp(lx->patterns[j].lemma, lx->patterns[i].lemma) == 0)
			j++;
		if ((r = array_grow(&lx->runs, &lx->capruns, lx->nruns + 1, sizeof(*lx->runs))) < 0)
			return r;
		lx->runs[lx->nruns] = (struct run){ (uint32_t)i, (uint32_t)(j - i) };
		if ((r = phrasetab_add(lx->tab, TAG_PATTERNS, lx->patterns[i].lemma,
		    strlen(lx->patterns[i].lemma), (uint32_t)lx->nruns, NULL, NULL)) < 0)
			return r;
		lx->nruns++;
		if ((r = mark_forms(lx, lx->patterns[i].lemma, LEX_WORD_VERB)) < 0)
			return r;
		i = j;
	}
	return mark_irregular(lx);
}

/*
 * The gazetteer, the largest stage (half the load), loads on a thread of
 * its own while the rest loads on the caller's: on two cores that halves
 * the time a start or a reload takes. It needs nothing else loaded.
 */
struct gz_job {
	const char		*dir;
	struct gazetteer	*g;
	int			 r;
	char			 err[256];
};

static void *
gz_job_run(void *arg)
{
	struct gz_job *j = arg;

	j->r = gazetteer_load(j->dir, &j->g, j->err, sizeof(j->err));
	return NULL;
}

/* The tagger, tone lexicon and PLOVER table, each when its file is in dir. */
static int
load_optional(struct lexicon *lx, const char *dir, char *errbuf, size_t errbufsz)
{
	int r;

	if (dictfile_present(dir, "pos_lexicon.tsv") &&
	    (r = tagger_load(dir, &lx->tagger, errbuf, errbufsz)) < 0)
		return r;
	if (dictfile_present(dir, "tone.txt") && (r = tone_load(dir, &lx->tone, errbuf, errbufsz)) < 0)
		return r;
	if (dictfile_present(dir, PLOVER_FILE) &&
	    (r = plover_load(dir, &lx->plover, errbuf, errbufsz)) < 0)
		return r;
	return 0;
}

/*
 * The version: the sum of the lexicon's own files, then the digest of each
 * optional stage in a fixed order, 0 for a stage that did not load.
 */
static void
set_version(struct lexicon *lx)
{
	struct dictfile_sum	sum = lx->sum;
	struct tagger_stats	ts = { 0 };
	struct gazetteer_stats	gs = { 0 };
	struct tone_stats	tn = { 0 };

	if (lx->tagger != NULL)
		tagger_stats(lx->tagger, &ts);
	if (lx->gazetteer != NULL)
		gazetteer_stats(lx->gazetteer, &gs);
	if (lx->tone != NULL)
		tone_stats(lx->tone, &tn);
	dictfile_sum_fold(&sum, ts.digest);
	dictfile_sum_fold(&sum, gs.digest);
	dictfile_sum_fold(&sum, tn.digest);
	dictfile_sum_fold(&sum, lx->plover != NULL ? plover_digest(lx->plover) : 0);
	dictfile_sum_hex(&sum, lx->version);
}

int
lexicon_load(const char *dir, struct lexicon **ret, char *errbuf, size_t errbufsz)
{
	static const struct {
		const char	*name;
		line_fn		 fn;
		int		 optional;	/* skipped when absent */
	} files[] = {
		/* cameo.txt first: verbs.txt is checked against it. Hand-written before generated. */
		{ "cameo.txt", line_cameo },
		{ "modality.txt", line_modality },
		/* Classes before verbs.txt, whose patterns name them. */
		{ "classes.txt", line_class },
		{ "wn_classes.tsv", line_class, 1 },
		{ "verbs.txt", line_verb },
		{ "wn_nouns.tsv", line_verb, 1 },	/* after verbs.txt, whose nouns win */
		{ "grammar.txt", line_grammar },
		{ "actors.txt", line_actor },
		{ "people.txt", line_person },
		{ "roles.txt", line_role },
		{ "countries.tsv", line_country },
		{ "demonyms.txt", line_demonym },
		{ "demonyms.tsv", line_demonym },
		{ "wn_roles.tsv", line_wnrole, 1 },
		{ "wn_actors.tsv", line_actor, 1 },
		{ "verb_exc.tsv", line_exc },
		{ "verb_lemmas.txt", line_lemma },
	};
	struct gz_job	 gz = { .dir = dir, .r = 0 };
	pthread_t	 gz_thread;
	int		 gz_threaded = 0;
	struct lexicon	*lx;
	int		 r;

	if ((lx = calloc(1, sizeof(*lx))) == NULL)
		return -ENOMEM;
	atomic_init(&lx->refs, 1);
	if (dictfile_present(dir, "cities.tsv"))
		gz_threaded = pthread_create(&gz_thread, NULL, gz_job_run, &gz) == 0 ? 1 : -1;
	r = -ENOMEM;
	if ((lx->arena = arena_new()) == NULL || (lx->tab = phrasetab_new(lx->arena)) == NULL)
		goto fail;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct load ld = { lx, files[i].fn };

		if (files[i].optional && !dictfile_present(dir, files[i].name))
			continue;
		r = dictfile_read(dir, files[i].name, load_line, &ld, &lx->sum, errbuf, errbufsz);
		if (r < 0)
			goto fail;
	}
	if ((r = index_patterns(lx)) < 0)
		goto fail;
	if ((r = load_optional(lx, dir, errbuf, errbufsz)) < 0)
		goto fail;
	if (gz_threaded == 1) {
		pthread_join(gz_thread, NULL);
		gz_threaded = 0;
	} else if (gz_threaded == -1)	/* no thread to be had: load it here */
		gz_job_run(&gz);
	lx->gazetteer = gz.g;
	if ((r = gz.r) < 0) {
		snprintf(errbuf, errbufsz, "%s", gz.err);
		goto fail;
	}
	set_version(lx);
	*ret = lx;
	return 0;
fail:
	if (gz_threaded == 1) {
		pthread_join(gz_thread, NULL);
		gazetteer_free(gz.g);
	}
	if (r == -ENOMEM)
		snprintf(errbuf, errbufsz, "out of memory loading the lexicon");
	lexicon_unref(lx);
	return r;
}

struct lexicon *
lexicon_ref(struct lexicon *lx)
{
	atomic_fetch_add_explicit(&lx->refs, 1, memory_order_relaxed);
	return lx;
}

struct lexicon *
lexicon_unref(struct lexicon *lx)
{
	if (lx == NULL || atomic_fetch_sub_explicit(&lx->refs, 1, memory_order_acq_rel) != 1)
		return NULL;
	phrasetab_free(lx->tab);
	arena_free(lx->arena);
	free(lx->entries);
	free(lx->patterns);
	free(lx->runs);
	free(lx->strs);
	free(lx->cameo);
	free(lx->transforms);
	free(lx->firsts);
	free(lx->classes);
	tagger_free(lx->tagger);
	gazetteer_free(lx->gazetteer);
	tone_free(lx->tone);
	plover_free(lx->plover);
	free(lx);
	return NULL;
}

const struct lex_entry *
lexicon_match(const struct lexicon *lx, enum lex_kind kind, const char *const *words, size_t nwords,
    size_t *ret_ntok)
{
	uint32_t	idx;
	size_t		n;

	assert(kind < _LEX_KIND_MAX);
	if ((n = phrasetab_longest(lx->tab, kind, words, nwords, NULL, NULL, &idx)) == 0)
		return NULL;
	*ret_ntok = n;
	return &lx->entries[idx];
}

const struct lex_entry *
lexicon_match_at(const struct lexicon *lx, enum lex_kind kind, const struct sentence *s, size_t i,
    size_t *ret_ntok)
{
	uint32_t	idx;
	size_t		n;

	assert(kind < _LEX_KIND_MAX && i < s->ntok);
	if ((n = phrasetab_longest_h(lx->tab, kind, s->words + i, s->lens != NULL ? s->lens + i : NULL,
	    s->hashes != NULL ? s->hashes + i : NULL, s->ntok - i, NULL, NULL, &idx)) == 0)
		return NULL;
	*ret_ntok = n;
	return &lx->entries[idx];
}

/* The value of the key word under tag. @returns 1 and *ret_val, or 0. */
static int
get(const struct lexicon *lx, enum tag tag, const char *word, uint32_t *ret_val)
{
	return phrasetab_get(lx->tab, tag, word, strlen(word), ret_val);
}

uint64_t
lexicon_word_classes(const struct lexicon *lx, const char *word)
{
	uint32_t idx;

	return get(lx, TAG_CLASS, word, &idx) ? lx->classes[idx] : 0;
}

uint32_t
lexicon_word_kinds(const struct lexicon *lx, const char *word)
{
	uint32_t idx;

	return get(lx, TAG_FIRST, word, &idx) ? lx->firsts[idx] : 0;
}

uint32_t
lexicon_word_kinds_at(const struct lexicon *lx, const struct sentence *s, size_t i)
{
	uint32_t idx;

	assert(i < s->ntok);
	if (s->hashes == NULL || s->lens == NULL)
		return lexicon_word_kinds(lx, s->words[i]);
	return phrasetab_find(lx->tab, TAG_FIRST, s->hashes[i], s->words[i], s->lens[i], &idx) ?
	    lx->firsts[idx] : 0;
}

const struct verb_pattern *
lexicon_verb_patterns(const struct lexicon *lx, const char *lemma, size_t *ret_n)
{
	uint32_t run;

	if (!get(lx, TAG_PATTERNS, lemma, &run)) {
		*ret_n = 0;
		return NULL;
	}
	*ret_n = lx->runs[run].n;
	return &lx->patterns[lx->runs[run].first];
}

/* The snapshot's own copy of lemma if it has patterns, else NULL. */
static const char *
patterned(const struct lexicon *lx, const char *lemma)
{
	uint32_t run;

	return get(lx, TAG_PATTERNS, lemma, &run) ? lx->patterns[lx->runs[run].first].lemma : NULL;
}

/* WordNet's morphological rules for verbs (morphy): suffix -> replacement. */
static const struct {
	const char	*suf, *rep;
	uint8_t		 sl, rl;	/* their lengths */
} morphy[] = {
	{ "ies", "y", 3, 1 }, { "es", "e", 2, 1 }, { "es", "", 2, 0 }, { "s", "", 1, 0 },
	{ "ed", "e", 2, 1 }, { "ed", "", 2, 0 }, { "ing", "e", 3, 1 }, { "ing", "", 3, 0 },
};
#define NMORPHY	(sizeof(morphy) / sizeof(morphy[0]))

/*
 * word (n bytes) with morphy rule i applied, into cand[64]. Inlined: it runs
 * for every rule on every word the verb stages look up.
 * @returns the length of the suffix it took off, or 0 when the rule does
 * not apply (the word does not end so, or the stem would be too short).
 */
static inline size_t
morphy_apply(const char *word, size_t n, size_t i, char cand[64])
{
	size_t sl = morphy[i].sl, rl = morphy[i].rl;

	/* The last letter first: most words end in no rule's suffix. */
	if (n <= sl + 1 || n - sl + rl >= 64 || word[n - 1] != morphy[i].suf[sl - 1] ||
	    memcmp(word + n - sl, morphy[i].suf, sl) != 0)
		return 0;
	memcpy(cand, word, n - sl);
	memcpy(cand + (n - sl), morphy[i].rep, rl + 1);
	return sl;
}

const char *
lexicon_verb_lemma(const struct lexicon *lx, const char *word)
{
	const char	*l;
	char		 cand[64];
	size_t		 n = strlen(word);
	uint32_t	 at;

	/* An irregular form whose lemma has patterns ("met": meet); else the word
	 * may be a lemma itself: "lay" is the past of "lie" and the base of "lay"
	 * ("lay down their weapons"). */
	if (get(lx, TAG_VERB_FORM, word, &at) && (l = patterned(lx, lx->strs[at + 1])) != NULL)
		return l;
	if ((l = patterned(lx, word)) != NULL)
		return l;
	for (size_t i = 0; i < NMORPHY; i++) {
		if (morphy_apply(word, n, i, cand) == 0 || (l = patterned(lx, cand)) == NULL)
			continue;
		if (lx->nlemmas == 0 || get(lx, TAG_LEMMA, cand, NULL))
			return l;
	}
	return NULL;
}

const struct lex_entry *
lexicon_match_cased(const struct lexicon *lx, const char *tok, size_t len)
{
	char		key[40];
	uint32_t	idx;

	if (len + 2 > sizeof(key))
		return NULL;
	key[0] = '^';
	memcpy(key + 1, tok, len);
	return phrasetab_get(lx->tab, TAG_CASED, key, len + 1, &idx) ? &lx->entries[idx] : NULL;
}

const char *
lexicon_lemma(const struct lexicon *lx, const char *word)
{
	char		cand[64];
	size_t		n = strlen(word), sl;
	uint64_t	h = phrasetab_hash(word, n);	/* one hash for both tags */
	uint32_t	at;

	if (phrasetab_find(lx->tab, TAG_VERB_FORM, h, word, n, &at))
		return lx->strs[at + 1];
	if (phrasetab_find(lx->tab, TAG_LEMMA, h, word, n, &at))
		return lx->strs[at];
	/* The suffix rules of lexicon_verb_lemma, checked against every lemma. */
	for (size_t i = 0; i < NMORPHY; i++) {
		if ((sl = morphy_apply(word, n, i, cand)) == 0)
			continue;
		if (get(lx, TAG_LEMMA, cand, &at))
			return lx->strs[at];
		/* Doubled final consonant: "stopped" -> "stop", "planning" -> "plan". */
		if (sl >= 2 && morphy[i].rl == 0 && n - sl >= 3 &&
		    cand[n - sl - 1] == cand[n - sl - 2]) {
			cand[n - sl - 1] = '\0';
			if (get(lx, TAG_LEMMA, cand, &at))
				return lx->strs[at];
		}
	}
	return NULL;
}

const struct transform *
lexicon_transform(const struct lexicon *lx, const char *mode, const char *code)
{
	char		key[64];
	size_t		n = strlen(code), ml = strlen(mode);
	uint32_t	idx;

	if (ml + n + 2 > sizeof(key))
		return NULL;
	memcpy(key, mode, ml);
	key[ml] = ' ';
	for (size_t k = n; k >= 2; k--) {
		memcpy(key + ml + 1, code, k);
		if (phrasetab_get(lx->tab, TAG_TRANSFORM, key, ml + 1 + k, &idx))
			return &lx->transforms[idx];
	}
	key[ml + 1] = '*';
	if (!phrasetab_get(lx->tab, TAG_TRANSFORM, key, ml + 2, &idx))
		return NULL;
	return &lx->transforms[idx];
}

const char *
lexicon_version(const struct lexicon *lx)
{
	return lx->version;
}

const struct tagger *
lexicon_tagger(const struct lexicon *lx)
{
	return lx->tagger;
}

const struct gazetteer *
lexicon_gazetteer(const struct lexicon *lx)
{
	return lx->gazetteer;
}

const struct tone_lexicon *
lexicon_tone(const struct lexicon *lx)
{
	return lx->tone;
}

const struct plover *
lexicon_plover(const struct lexicon *lx)
{
	return lx->plover;
}

const struct cameo_code *
lexicon_cameo(const struct lexicon *lx, const char *code)
{
	uint32_t idx;

	return get(lx, TAG_CAMEO, code, &idx) ? &lx->cameo[idx] : NULL;
}

void
lexicon_stats(const struct lexicon *lx, struct lexicon_stats *ret)
{
	struct phrasetab_stats ps;

	memset(ret, 0, sizeof(*ret));
	memcpy(ret->phrases, lx->counts, sizeof(ret->phrases));
	ret->verb_patterns = lx->npatterns;
	ret->verb_lemmas = lx->nlemmas;
	ret->verb_exceptions = lx->nexc;
	ret->cameo_codes = lx->ncameo;
	ret->transforms = lx->ntransforms;
	ret->tagger = lx->tagger != NULL;
	ret->gazetteer = lx->gazetteer != NULL;
	ret->tone = lx->tone != NULL;
	phrasetab_stats(lx->tab, &ps);
	ret->bytes = sizeof(*lx) + arena_bytes(lx->arena) + ps.bytes +
	    lx->capentries * sizeof(struct lex_entry) + lx->cappatterns * sizeof(struct verb_pattern) +
	    lx->capruns * sizeof(struct run) + lx->capstrs * sizeof(char *) +
	    lx->capcameo * sizeof(struct cameo_code) +
	    lx->captransforms * sizeof(struct transform) + lx->capfirsts * sizeof(*lx->firsts);
	if (lx->tagger != NULL) {
		struct tagger_stats ts;

		tagger_stats(lx->tagger, &ts);
		ret->bytes += ts.bytes;
	}
	if (lx->gazetteer != NULL) {
		struct gazetteer_stats gs;

		gazetteer_stats(lx->gazetteer, &gs);
		ret->bytes += gs.bytes;
	}
	if (lx->tone != NULL) {
		struct tone_stats tn;

		tone_stats(lx->tone, &tn);
		ret->bytes += tn.bytes;
	}
}
