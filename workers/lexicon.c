/*
 * lexicon: load the dictionary files and compile them into one immutable,
 * shared snapshot.
 *
 * Every lookup the coder makes goes through a single open-addressed hash
 * table keyed by a 64-bit FNV-1a hash of lower-cased tokens, each followed by
 * one space, so a phrase can be hashed incrementally while the coder walks a
 * sentence token by token. Each slot carries a tag that says what the key is
 * (a phrase of some kind, a proper prefix of such a phrase, a verb form, a
 * lemma, a CAMEO code); keys with equal hashes but different tags sit side by
 * side. Prefix slots let a longest-match scan stop as soon as no longer phrase
 * can start with what it has read. Full keys are verified against the stored
 * string, so a hash collision can never produce a wrong match.
 *
 * DESIGN
 *  - Strings live in an arena of fixed blocks, so pointers handed out stay
 *    valid for the life of the snapshot; arrays that grow during loading are
 *    only exposed once loading has finished.
 *  - The snapshot is never written after lexicon_load() returns; the only
 *    mutable field is the atomic reference count.
 *  - Hand-written files load before generated ones, and the first definition
 *    of a phrase wins, so actors.txt can correct what iso-codes says.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "lexicon.h"
#include "places.h"
#include "pos.h"
#include "text.h"
#include "plover.h"
#include "tone.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL
#define ARENA_BLOCK	(64 * 1024)
#define MAX_PHRASE_TOK	16

enum tag {
	/* LEX_x phrase = 2 * x, its proper prefixes = 2 * x + 1 */
	TAG_VERB_FORM = 2 * _LEX_KIND_MAX,	/* irregular form -> lemma (verb_exc.tsv) */
	TAG_LEMMA,				/* a WordNet verb lemma */
	TAG_PATTERNS,				/* lemma -> its run of patterns */
	TAG_CAMEO,				/* CAMEO code -> cameo.txt line */
	TAG_CASED,				/* "^US" -> case-sensitive actor alias */
	TAG_TRANSFORM,				/* "mode code" -> modality.txt line */
	TAG_FIRST				/* a word -> the kinds of phrases it begins */
};

/* A word that begins phrases, and the kinds it begins (lexicon_word_kinds). */
struct first {
	const char	*word;
	uint32_t	 mask;
};

struct slot {
	uint64_t	h;
	uint32_t	val;
	uint8_t		tag;
	uint8_t		used;
};

struct arena_block {
	struct arena_block	*next;
	size_t			 used;
	_Alignas(8) char	 data[];
};

struct run {
	uint32_t	first, n;
};

struct lexicon {
	atomic_int		 refs;
	struct slot		*slots;
	size_t			 nslots, nused;	/* nslots is a power of two */
	struct arena_block	*arena;
	size_t			 arena_bytes;

	struct lex_entry	*entries;
	size_t			 nentries, capentries;
	struct verb_pattern	*patterns;
	size_t			 npatterns, cappatterns;
	struct run		*runs;
	size_t			 nruns, capruns;
	const char		**strs;		/* forms, lemmas: TAG_VERB_FORM/TAG_LEMMA point here */
	size_t			 nstrs, capstrs;
	struct cameo_code	*cameo;
	size_t			 ncameo, capcameo;
	struct transform	*transforms;
	size_t			 ntransforms, captransforms;
	struct first		*firsts;
	size_t			 nfirsts, capfirsts;
	const char		**transform_keys;	/* "mode code", parallel to transforms */
	size_t			 captransforms_keys;

	size_t			 counts[_LEX_KIND_MAX];
	size_t			 nexc, nlemmas;

	/* Optional stages; NULL when their files are absent. */
	struct tagger		*tagger;
	struct gazetteer	*gazetteer;
	struct tone_lexicon	*tone;
	struct plover		*plover;	/* plover.txt: CAMEO -> PLOVER, when present */
};

/* Parsing state of one file, for FILE:LINE messages. */
struct src {
	const char	*name;
	uint32_t	 line;
	char		*errbuf;
	size_t		 errbufsz;
};

static uint64_t
hash_bytes(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= FNV_PRIME;
	}
	h ^= ' ';
	return h * FNV_PRIME;
}

static uint64_t
hash_str(const char *s)
{
	return hash_bytes(FNV_OFFSET, s, strlen(s));
}

static int
grow(void *pp, size_t *cap, size_t n, size_t size)
{
	void	*p;
	size_t	 ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 64;
	if ((p = realloc(*(void **)pp, ncap * size)) == NULL)
		return -ENOMEM;
	*(void **)pp = p;
	*cap = ncap;
	return 0;
}

/* size bytes, 8-aligned, that live as long as the snapshot. @returns NULL on ENOMEM. */
static void *
arena_alloc(struct lexicon *lx, size_t size)
{
	struct arena_block	*b = lx->arena;
	size_t			 at;

	if (size > ARENA_BLOCK / 4) {
		/* Rare large pieces get a block of their own, linked behind the current one. */
		if ((b = malloc(sizeof(*b) + size)) == NULL)
			return NULL;
		b->used = size;
		if (lx->arena != NULL) {
			b->next = lx->arena->next;
			lx->arena->next = b;
		} else {
			b->next = NULL;
			lx->arena = b;
		}
		lx->arena_bytes += sizeof(*b) + size;
		return b->data;
	}
	at = b != NULL ? (b->used + 7) & ~(size_t)7 : 0;
	if (b == NULL || at + size > ARENA_BLOCK) {
		if ((b = malloc(sizeof(*b) + ARENA_BLOCK)) == NULL)
			return NULL;
		b->next = lx->arena;
		lx->arena = b;
		lx->arena_bytes += sizeof(*b) + ARENA_BLOCK;
		at = 0;
	}
	b->used = at + size;
	return b->data + at;
}

static char *
arena_strndup(struct lexicon *lx, const char *s, size_t n)
{
	char *p = arena_alloc(lx, n + 1);

	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static const char *
arena_strdup(struct lexicon *lx, const char *s)
{
	return arena_strndup(lx, s, strlen(s));
}

/* The string a verified slot's key must equal, or NULL for unverified (prefix) slots. */
static const char *
slot_key(const struct lexicon *lx, const struct slot *s)
{
	if (s->tag < TAG_VERB_FORM)
		return (s->tag & 1) ? NULL : lx->entries[s->val].phrase;
	switch (s->tag) {
	case TAG_VERB_FORM:
		return lx->strs[s->val];
	case TAG_LEMMA:
		return lx->strs[s->val];
	case TAG_PATTERNS:
		return lx->patterns[lx->runs[s->val].first].lemma;
	case TAG_CAMEO:
		return lx->cameo[s->val].code;
	case TAG_CASED:
		return lx->entries[s->val].phrase;
	case TAG_TRANSFORM:
		return lx->transform_keys[s->val];
	case TAG_FIRST:
		return lx->firsts[s->val].word;
	}
	return NULL;
}

static const struct slot *
ht_find(const struct lexicon *lx, uint64_t h, int tag, const char *key)
{
	size_t		 mask = lx->nslots - 1;
	const char	*k;

	if (lx->nslots == 0)
		return NULL;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const struct slot *s = &lx->slots[i];

		if (!s->used)
			return NULL;
		if (s->h != h || s->tag != tag)
			continue;
		if (key == NULL || (k = slot_key(lx, s)) == NULL || strcmp(k, key) == 0)
			return s;
	}
}

static int
ht_grow(struct lexicon *lx)
{
	struct slot	*old = lx->slots, *nw;
	size_t		 oldn = lx->nslots, n = oldn ? oldn * 2 : 4096;

	if ((nw = calloc(n, sizeof(*nw))) == NULL)
		return -ENOMEM;
	for (size_t i = 0; i < oldn; i++) {
		size_t j;

		if (!old[i].used)
			continue;
		for (j = old[i].h & (n - 1); nw[j].used; j = (j + 1) & (n - 1))
			;
		nw[j] = old[i];
	}
	free(old);
	lx->slots = nw;
	lx->nslots = n;
	return 0;
}

/*
 * Insert (h, tag) -> val unless an equal key is present.
 * @returns 1 if inserted, 0 if it was there already, -ENOMEM.
 */
static int
ht_insert(struct lexicon *lx, uint64_t h, int tag, const char *key, uint32_t val)
{
	size_t	mask;
	int	r;

	if ((lx->nused + 1) * 4 > lx->nslots * 3 && (r = ht_grow(lx)) < 0)
		return r;
	if (ht_find(lx, h, tag, key) != NULL)
		return 0;
	mask = lx->nslots - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct slot *s = &lx->slots[i];

		if (!s->used) {
			s->h = h;
			s->tag = (uint8_t)tag;
			s->val = val;
			s->used = 1;
			lx->nused++;
			return 1;
		}
	}
}

static int
src_error(struct src *src, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
src_error(struct src *src, int err, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	n = snprintf(src->errbuf, src->errbufsz, "%s:%u: ", src->name, src->line);
	if (n >= 0 && (size_t)n < src->errbufsz) {
		va_start(ap, fmt);
		vsnprintf(src->errbuf + n, src->errbufsz - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return err;
}

/*
 * Tokenise a phrase exactly as sentences are tokenised, lower-case it and
 * join the tokens with single spaces into buf. Also returns the hash of every
 * prefix (hs[i] = hash of the first i+1 tokens).
 * @returns the number of tokens (0 if none or more than MAX_PHRASE_TOK).
 */
static size_t
phrase_norm(const char *phrase, char *buf, size_t bufsz, uint64_t *hs)
{
	struct tokvec	tv = { 0 };
	struct span	sp = { 0, (uint32_t)strlen(phrase) };
	size_t		n = 0, len = 0;
	uint64_t	h = FNV_OFFSET;

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
		h = hash_bytes(h, w, wl);
		hs[i] = h;
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
	char			 key[128];
	const struct slot	*s;
	int			 r;

	if (n == 0 || n >= sizeof(key))
		return 0;
	memcpy(key, word, n);
	key[n] = '\0';
	if ((s = ht_find(lx, hash_bytes(FNV_OFFSET, key, n), TAG_FIRST, key)) != NULL) {
		lx->firsts[s->val].mask |= bits;
		return 0;
	}
	if ((r = grow(&lx->firsts, &lx->capfirsts, lx->nfirsts, sizeof(*lx->firsts))) < 0)
		return r;
	if ((lx->firsts[lx->nfirsts].word = arena_strndup(lx, key, n)) == NULL)
		return -ENOMEM;
	lx->firsts[lx->nfirsts].mask = bits;
	if ((r = ht_insert(lx, hash_bytes(FNV_OFFSET, key, n), TAG_FIRST, key, (uint32_t)lx->nfirsts)) < 0)
		return r;
	lx->nfirsts++;
	return 0;
}

static int mark_forms(struct lexicon *, const char *, uint32_t);
static const char *patterned(const struct lexicon *, const char *);

static int
add_phrase(struct lexicon *lx, struct src *src, enum lex_kind kind, const char *code,
    const char *phrase)
{
	char		 norm[512];
	uint64_t	 hs[MAX_PHRASE_TOK];
	size_t		 ntok;
	struct lex_entry *e;
	int		 r;

	if ((ntok = phrase_norm(phrase, norm, sizeof(norm), hs)) == 0)
		return src_error(src, -EINVAL, "phrase '%.64s' has no words or too many", phrase);
	if (ht_find(lx, hs[ntok - 1], 2 * (int)kind, norm) != NULL)
		return 0;	/* the first definition wins */
	if ((r = grow(&lx->entries, &lx->capentries, lx->nentries, sizeof(*lx->entries))) < 0)
		return r;
	e = &lx->entries[lx->nentries];
	e->kind = kind;
	e->ntok = (uint32_t)ntok;
	e->line = src->line;
	if ((e->code = arena_strdup(lx, code)) == NULL ||
	    (e->phrase = arena_strdup(lx, norm)) == NULL ||
	    (e->file = arena_strdup(lx, src->name)) == NULL)
		return -ENOMEM;
	if ((r = ht_insert(lx, hs[ntok - 1], 2 * (int)kind, norm, (uint32_t)lx->nentries)) < 0)
		return r;
	lx->nentries++;
	lx->counts[kind]++;
	if ((r = mark_first(lx, norm, strcspn(norm, " "), 1u << kind)) < 0)
		return r;
	/* Grammar phrases match their first word by lemma: mark its forms too. */
	if (kind == LEX_SAY || kind == LEX_CONTROL || kind == LEX_OBJCONTROL || kind == LEX_LIGHT) {
		char first[64];
		size_t fn = strcspn(norm, " ");

		if (fn < sizeof(first)) {
			memcpy(first, norm, fn);
			first[fn] = '\0';
			if ((r = mark_forms(lx, first, 1u << kind)) < 0)
				return r;
		}
	}
	for (size_t i = 0; i + 1 < ntok; i++)
		if ((r = ht_insert(lx, hs[i], 2 * (int)kind + 1, NULL, 0)) < 0)
			return r;
	return 0;
}

/*
 * A case-sensitive one-token alias, "^US": kept as an entry (phrase "^US")
 * found only through lexicon_match_cased().
 */
static int
add_cased(struct lexicon *lx, struct src *src, const char *code, const char *phrase)
{
	struct lex_entry	*e;
	size_t			 n = strlen(phrase);
	int			 r;

	if (n < 2 || n > 32 || strchr(phrase, ' ') != NULL)
		return src_error(src, -EINVAL, "case-sensitive alias '%.40s' is not one word", phrase);
	if (ht_find(lx, hash_str(phrase), TAG_CASED, phrase) != NULL)
		return 0;
	if ((r = grow(&lx->entries, &lx->capentries, lx->nentries, sizeof(*lx->entries))) < 0)
		return r;
	e = &lx->entries[lx->nentries];
	e->kind = LEX_ACTOR;
	e->ntok = 1;
	e->line = src->line;
	if ((e->code = arena_strdup(lx, code)) == NULL || (e->phrase = arena_strdup(lx, phrase)) == NULL ||
	    (e->file = arena_strdup(lx, src->name)) == NULL)
		return -ENOMEM;
	if ((r = ht_insert(lx, hash_str(phrase), TAG_CASED, phrase, (uint32_t)lx->nentries)) < 0)
		return r;
	lx->nentries++;
	lx->counts[LEX_ACTOR]++;
	return 0;
}

static int
add_str(struct lexicon *lx, int tag, const char *key, const char *val)
{
	const char	*k, *v = NULL;
	int		 r;

	if (ht_find(lx, hash_str(key), tag, key) != NULL)
		return 0;
	/* Forms store the pair as two consecutive strings: key at i, lemma at i+1. */
	if ((r = grow(&lx->strs, &lx->capstrs, lx->nstrs + 1, sizeof(*lx->strs))) < 0)
		return r;
	if ((k = arena_strdup(lx, key)) == NULL || (val != NULL && (v = arena_strdup(lx, val)) == NULL))
		return -ENOMEM;
	lx->strs[lx->nstrs] = k;
	lx->strs[lx->nstrs + 1] = v;
	if ((r = ht_insert(lx, hash_str(key), tag, key, (uint32_t)lx->nstrs)) < 0)
		return r;
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

/* Split line at TABs into at most max fields. @returns the number of fields. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t	n = 0;
	char	*p = line;

	while (n < max) {
		f[n++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			break;
		*p++ = '\0';
	}
	return n;
}

typedef int (*line_fn)(struct lexicon *, struct src *, char **f, size_t nf);

static int
line_cameo(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	char	*end;
	double	 g;
	int	 r;

	if (nf != 3)
		return src_error(src, -EINVAL, "expected CODE<TAB>GOLDSTEIN<TAB>LABEL");
	if (!valid_code(f[0], 2, 4, is_digit))
		return src_error(src, -EINVAL, "code '%.16s' is not 2 to 4 digits", f[0]);
	errno = 0;
	g = strtod(f[1], &end);
	if (errno != 0 || end == f[1] || *end != '\0' || g < -10.0 || g > 10.0)
		return src_error(src, -EINVAL, "Goldstein weight '%.16s' is not a number in -10..10", f[1]);
	if (ht_find(lx, hash_str(f[0]), TAG_CAMEO, f[0]) != NULL)
		return src_error(src, -EINVAL, "code '%s' defined twice", f[0]);
	if ((r = grow(&lx->cameo, &lx->capcameo, lx->ncameo, sizeof(*lx->cameo))) < 0)
		return r;
	lx->cameo[lx->ncameo].goldstein = g;
	if ((lx->cameo[lx->ncameo].code = arena_strdup(lx, f[0])) == NULL ||
	    (lx->cameo[lx->ncameo].label = arena_strdup(lx, f[2])) == NULL)
		return -ENOMEM;
	if ((r = ht_insert(lx, hash_str(f[0]), TAG_CAMEO, f[0], (uint32_t)lx->ncameo)) < 0)
		return r;
	lx->ncameo++;
	return 0;
}

static int
check_cameo(struct lexicon *lx, struct src *src, const char *code)
{
	if (!valid_code(code, 2, 4, is_digit))
		return src_error(src, -EINVAL, "CAMEO code '%.16s' is not 2 to 4 digits", code);
	if (lexicon_cameo(lx, code) == NULL)
		return src_error(src, -EINVAL, "CAMEO code '%s' is not in cameo.txt", code);
	return 0;
}

static int
line_verb(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	struct verb_pattern	*p;
	const char		**words;
	char			*w[MAX_PHRASE_TOK + 1], *save = NULL, *tok;
	size_t			 n = 0;
	int			 r;

	if (nf != 2)
		return src_error(src, -EINVAL, "expected CODE<TAB>PATTERN");
	if ((r = check_cameo(lx, src, f[0])) < 0)
		return r;
	if (f[1][0] == '=')
		return add_phrase(lx, src, LEX_NOUN_EVENT, f[0], f[1] + 1);
	for (tok = strtok_r(f[1], " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		if (n == MAX_PHRASE_TOK + 1)
			return src_error(src, -EINVAL, "pattern has more than %d words", MAX_PHRASE_TOK);
		for (char *c = tok; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		w[n++] = tok;
	}
	if (n == 0)
		return src_error(src, -EINVAL, "empty pattern");
	if ((r = grow(&lx->patterns, &lx->cappatterns, lx->npatterns, sizeof(*lx->patterns))) < 0)
		return r;
	if ((words = arena_alloc(lx, n * sizeof(*words))) == NULL)
		return -ENOMEM;
	p = &lx->patterns[lx->npatterns];
	memset(p, 0, sizeof(*p));
	p->words = words;
	lx->npatterns++;
	p->nwords = (uint32_t)(n - 1);
	p->line = src->line;
	if ((p->code = arena_strdup(lx, f[0])) == NULL || (p->lemma = arena_strdup(lx, w[0])) == NULL ||
	    (p->file = arena_strdup(lx, src->name)) == NULL)
		return -ENOMEM;
	for (size_t i = 1; i < n; i++)
		if ((words[i - 1] = arena_strdup(lx, w[i])) == NULL)
			return -ENOMEM;
	{
		char	text[512];
		size_t	len = 0;

		for (size_t i = 0; i < n && len < sizeof(text) - 1; i++)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s", i ? " " : "", w[i]);
		if ((p->text = arena_strdup(lx, text)) == NULL)
			return -ENOMEM;
	}
	return 0;
}

static int
line_actor(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	if (nf != 2)
		return src_error(src, -EINVAL, "expected CODE<TAB>PHRASE");
	if (!valid_code(f[0], 3, 15, is_upper) || strlen(f[0]) % 3 != 0)
		return src_error(src, -EINVAL, "actor code '%.16s' is not 3, 6, 9… capital letters", f[0]);
	if (f[1][0] == '^')
		return add_cased(lx, src, f[0], f[1]);
	return add_phrase(lx, src, LEX_ACTOR, f[0], f[1]);
}

static int
line_person(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	if (nf != 2)
		return src_error(src, -EINVAL, "expected CODE<TAB>NAME");
	if (!valid_code(f[0], 6, 15, is_upper) || strlen(f[0]) % 3 != 0)
		return src_error(src, -EINVAL, "person code '%.16s' is not 6, 9… capital letters", f[0]);
	return add_phrase(lx, src, LEX_PERSON, f[0], f[1]);
}

/* grammar.txt classes and the kind each is stored as. */
static const struct {
	const char	*cls;
	enum lex_kind	 kind;
} grammar_classes[] = {
	{ "say", LEX_SAY }, { "intent", LEX_CONTROL }, { "threat", LEX_CONTROL },
	{ "refuse", LEX_CONTROL }, { "oblige", LEX_CONTROL }, { "pass", LEX_CONTROL },
	{ "appeal", LEX_OBJCONTROL },
	{ "demand", LEX_OBJCONTROL }, { "light", LEX_LIGHT }, { "notevent", LEX_NOTEVENT },
};

static int
line_grammar(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	if (nf != 2)
		return src_error(src, -EINVAL, "expected CLASS<TAB>PHRASE");
	for (size_t i = 0; i < sizeof(grammar_classes) / sizeof(grammar_classes[0]); i++)
		if (strcmp(f[0], grammar_classes[i].cls) == 0)
			return add_phrase(lx, src, grammar_classes[i].kind, f[0], f[1]);
	return src_error(src, -EINVAL, "unknown class '%.16s'", f[0]);
}

/* The modes of modality.txt. */
static const char *const transform_modes[] = {
	"intent", "threat", "refuse", "appeal", "demand", NULL
};

static int
line_modality(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	struct transform	*t;
	const char		*mode = NULL;
	char			 key[64];
	int			 r;

	if (nf != 3)
		return src_error(src, -EINVAL, "expected MODE<TAB>FROM<TAB>TO");
	for (size_t i = 0; transform_modes[i] != NULL; i++)
		if (strcmp(f[0], transform_modes[i]) == 0)
			mode = transform_modes[i];
	if (mode == NULL)
		return src_error(src, -EINVAL, "unknown mode '%.16s'", f[0]);
	if (strcmp(f[1], "*") != 0 && (r = check_cameo(lx, src, f[1])) < 0)
		return r;
	if (strcmp(f[2], "-") != 0 && strcmp(f[2], "=") != 0 && (r = check_cameo(lx, src, f[2])) < 0)
		return r;
	snprintf(key, sizeof(key), "%s %s", mode, f[1]);
	if (ht_find(lx, hash_str(key), TAG_TRANSFORM, key) != NULL)
		return src_error(src, -EINVAL, "'%s %s' defined twice", mode, f[1]);
	if ((r = grow(&lx->transforms, &lx->captransforms, lx->ntransforms, sizeof(*lx->transforms))) < 0 ||
	    (r = grow(&lx->transform_keys, &lx->captransforms_keys, lx->ntransforms,
	    sizeof(*lx->transform_keys))) < 0)
		return r;
	t = &lx->transforms[lx->ntransforms];
	t->mode = mode;
	t->line = src->line;
	t->to = NULL;
	t->keep = strcmp(f[2], "=") == 0;
	if ((t->from = arena_strdup(lx, f[1])) == NULL || (t->file = arena_strdup(lx, src->name)) == NULL ||
	    (strcmp(f[2], "-") != 0 && !t->keep && (t->to = arena_strdup(lx, f[2])) == NULL) ||
	    (lx->transform_keys[lx->ntransforms] = arena_strdup(lx, key)) == NULL)
		return -ENOMEM;
	if ((r = ht_insert(lx, hash_str(key), TAG_TRANSFORM, key, (uint32_t)lx->ntransforms)) < 0)
		return r;
	lx->ntransforms++;
	return 0;
}

static int
line_role(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	if (nf != 2)
		return src_error(src, -EINVAL, "expected SECTOR<TAB>PHRASE");
	if (!valid_code(f[0], 3, 3, is_upper))
		return src_error(src, -EINVAL, "sector '%.16s' is not 3 capital letters", f[0]);
	return add_phrase(lx, src, LEX_ROLE, f[0], f[1]);
}

static int
line_country(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	if (nf != 2 || !valid_code(f[0], 3, 3, is_upper))
		return src_error(src, -EINVAL, "expected ISO3<TAB>NAME");
	return add_phrase(lx, src, LEX_ACTOR, f[0], f[1]);
}

static int
line_demonym(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	char	plural[256];
	size_t	n;
	int	r;

	if (nf != 2 || !valid_code(f[0], 3, 3, is_upper))
		return src_error(src, -EINVAL, "expected ISO3<TAB>DEMONYM");
	if ((r = add_phrase(lx, src, LEX_DEMONYM, f[0], f[1])) < 0)
		return r;
	/* "Iranian" -> "Iranians", "Iraqi" -> "Iraqis": the people as a noun. */
	n = strlen(f[1]);
	if (n > 0 && n + 2 < sizeof(plural) && (f[1][n - 1] == 'n' || f[1][n - 1] == 'i')) {
		snprintf(plural, sizeof(plural), "%ss", f[1]);
		return add_phrase(lx, src, LEX_DEMONYM, f[0], plural);
	}
	return 0;
}

static int
line_exc(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	if (nf != 2 || f[0][0] == '\0' || f[1][0] == '\0')
		return src_error(src, -EINVAL, "expected FORM<TAB>LEMMA");
	lx->nexc++;
	return add_str(lx, TAG_VERB_FORM, f[0], f[1]);
}

static int
line_lemma(struct lexicon *lx, struct src *src, char **f, size_t nf)
{
	if (nf != 1 || f[0][0] == '\0')
		return src_error(src, -EINVAL, "expected one lemma per line");
	lx->nlemmas++;
	return add_str(lx, TAG_LEMMA, f[0], NULL);
}

static int
load_file(struct lexicon *lx, const char *dir, const char *name, line_fn fn, char *errbuf,
    size_t errbufsz)
{
	struct src	 src = { name, 0, errbuf, errbufsz };
	char		 path[4096], *line = NULL, *f[4];
	size_t		 cap = 0;
	ssize_t		 len;
	FILE		*fp;
	int		 r = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "re")) == NULL) {
		r = -errno;
		snprintf(errbuf, errbufsz, "%s: cannot open: %s", path, strerrordesc_np(errno));
		return r;
	}
	while ((len = getline(&line, &cap, fp)) != -1) {
		char *p = line;

		src.line++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		while (*p == ' ')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		if ((r = fn(lx, &src, f, split_tabs(p, f, 4))) < 0) {
			if (r == -ENOMEM)
				snprintf(errbuf, errbufsz, "%s:%u: out of memory", name, src.line);
			break;
		}
	}
	if (r == 0 && ferror(fp)) {
		r = -EIO;
		snprintf(errbuf, errbufsz, "%s: read error", path);
	}
	free(line);
	fclose(fp);
	return r;
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
		if ((r = grow(&lx->runs, &lx->capruns, lx->nruns, sizeof(*lx->runs))) < 0)
			return r;
		lx->runs[lx->nruns] = (struct run){ (uint32_t)i, (uint32_t)(j - i) };
		if ((r = ht_insert(lx, hash_str(lx->patterns[i].lemma), TAG_PATTERNS,
		    lx->patterns[i].lemma, (uint32_t)lx->nruns)) < 0)
			return r;
		lx->nruns++;
		if ((r = mark_forms(lx, lx->patterns[i].lemma, LEX_WORD_VERB)) < 0)
			return r;
		i = j;
	}
	/*
	 * Irregular forms: of patterned lemmas ("met", "broke", "fought"), and of
	 * the first words of grammar phrases ("told", "held", "sought").
	 */
	for (size_t k = 0; k < lx->nslots; k++) {
		const struct slot	*s = &lx->slots[k];
		const char		*form, *lemma;
		uint32_t		 bits;

		if (!s->used || s->tag != TAG_VERB_FORM)
			continue;
		form = lx->strs[s->val];
		lemma = lx->strs[s->val + 1];
		bits = lexicon_word_kinds(lx, lemma) & ((1u << LEX_SAY) | (1u << LEX_CONTROL) |
		    (1u << LEX_OBJCONTROL) | (1u << LEX_LIGHT));
		if (patterned(lx, lemma) != NULL)
			bits |= LEX_WORD_VERB;
		if (bits != 0 && (r = mark_first(lx, form, strlen(form), bits)) < 0)
			return r;
	}
	return 0;
}

/* Is dir/name there? */
static int
present(const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return access(path, F_OK) == 0;
}

/* The tagger, gazetteer and tone lexicon, each when its file is in dir. */
static int
load_optional(struct lexicon *lx, const char *dir, char *errbuf, size_t errbufsz)
{
	int r;

	if (present(dir, "pos_lexicon.tsv") && (r = tagger_load(dir, &lx->tagger, errbuf, errbufsz)) < 0)
		return r;
	if (present(dir, "cities.tsv") && (r = gazetteer_load(dir, &lx->gazetteer, errbuf, errbufsz)) < 0)
		return r;
	if (present(dir, "tone.txt") && (r = tone_load(dir, &lx->tone, errbuf, errbufsz)) < 0)
		return r;
	if (present(dir, PLOVER_FILE) && (r = plover_load(dir, &lx->plover, errbuf, errbufsz)) < 0)
		return r;
	return 0;
}

int
lexicon_load(const char *dir, struct lexicon **ret, char *errbuf, size_t errbufsz)
{
	static const struct {
		const char	*name;
		line_fn		 fn;
	} files[] = {
		/* cameo.txt first: verbs.txt is checked against it. Hand-written before generated. */
		{ "cameo.txt", line_cameo },
		{ "modality.txt", line_modality },
		{ "verbs.txt", line_verb },
		{ "grammar.txt", line_grammar },
		{ "actors.txt", line_actor },
		{ "people.txt", line_person },
		{ "roles.txt", line_role },
		{ "countries.tsv", line_country },
		{ "demonyms.tsv", line_demonym },
		{ "verb_exc.tsv", line_exc },
		{ "verb_lemmas.txt", line_lemma },
	};
	struct lexicon	*lx;
	int		 r;

	if ((lx = calloc(1, sizeof(*lx))) == NULL)
		return -ENOMEM;
	atomic_init(&lx->refs, 1);
	if ((r = ht_grow(lx)) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if ((r = load_file(lx, dir, files[i].name, files[i].fn, errbuf, errbufsz)) < 0)
			goto fail;
	if ((r = index_patterns(lx)) < 0)
		goto fail;
	if ((r = load_optional(lx, dir, errbuf, errbufsz)) < 0)
		goto fail;
	*ret = lx;
	return 0;
fail:
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
	while (lx->arena != NULL) {
		struct arena_block *next = lx->arena->next;

		free(lx->arena);
		lx->arena = next;
	}
	free(lx->slots);
	free(lx->entries);
	free(lx->patterns);
	free(lx->runs);
	free(lx->strs);
	free(lx->cameo);
	free(lx->transforms);
	free(lx->transform_keys);
	free(lx->firsts);
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
	const struct lex_entry	*best = NULL;
	char			 key[512];
	size_t			 len = 0;
	uint64_t		 h = FNV_OFFSET;

	assert(kind < _LEX_KIND_MAX);
	for (size_t i = 0; i < nwords && i < MAX_PHRASE_TOK; i++) {
		const struct slot	*s;
		size_t			 wl = strlen(words[i]);

		if (len + wl + 2 > sizeof(key))
			break;
		if (i > 0)
			key[len++] = ' ';
		memcpy(key + len, words[i], wl);
		len += wl;
		key[len] = '\0';
		h = hash_bytes(h, words[i], wl);
		if ((s = ht_find(lx, h, 2 * (int)kind, key)) != NULL) {
			best = &lx->entries[s->val];
			*ret_ntok = i + 1;
		}
		if (ht_find(lx, h, 2 * (int)kind + 1, NULL) == NULL)
			break;
	}
	return best;
}

uint32_t
lexicon_word_kinds(const struct lexicon *lx, const char *word)
{
	const struct slot *s = ht_find(lx, hash_str(word), TAG_FIRST, word);

	return s != NULL ? lx->firsts[s->val].mask : 0;
}

const struct verb_pattern *
lexicon_verb_patterns(const struct lexicon *lx, const char *lemma, size_t *ret_n)
{
	const struct slot *s = ht_find(lx, hash_str(lemma), TAG_PATTERNS, lemma);

	if (s == NULL) {
		*ret_n = 0;
		return NULL;
	}
	*ret_n = lx->runs[s->val].n;
	return &lx->patterns[lx->runs[s->val].first];
}

/* The snapshot's own copy of lemma if it has patterns, else NULL. */
static const char *
patterned(const struct lexicon *lx, const char *lemma)
{
	const struct slot *s = ht_find(lx, hash_str(lemma), TAG_PATTERNS, lemma);

	return s != NULL ? lx->patterns[lx->runs[s->val].first].lemma : NULL;
}

const char *
lexicon_verb_lemma(const struct lexicon *lx, const char *word)
{
	/* WordNet's morphological rules for verbs (morphy): suffix -> replacement. */
	static const struct {
		const char *suf, *rep;
	} rules[] = {
		{ "ies", "y" }, { "es", "e" }, { "es", "" }, { "s", "" },
		{ "ed", "e" }, { "ed", "" }, { "ing", "e" }, { "ing", "" },
	};
	const struct slot	*s;
	const char		*l;
	char			 cand[64];
	size_t			 n = strlen(word);

	if ((s = ht_find(lx, hash_str(word), TAG_VERB_FORM, word)) != NULL)
		return patterned(lx, lx->strs[s->val + 1]);
	if ((l = patterned(lx, word)) != NULL)
		return l;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		size_t sl = strlen(rules[i].suf), rl = strlen(rules[i].rep);

		if (n <= sl + 1 || n - sl + rl >= sizeof(cand) || strcmp(word + n - sl, rules[i].suf) != 0)
			continue;
		memcpy(cand, word, n - sl);
		memcpy(cand + (n - sl), rules[i].rep, rl + 1);
		if ((l = patterned(lx, cand)) == NULL)
			continue;
		if (lx->nlemmas == 0 || ht_find(lx, hash_str(cand), TAG_LEMMA, cand) != NULL)
			return l;
	}
	return NULL;
}

const struct lex_entry *
lexicon_match_cased(const struct lexicon *lx, const char *tok, size_t len)
{
	char			 key[40];
	const struct slot	*s;

	if (len + 2 > sizeof(key))
		return NULL;
	key[0] = '^';
	memcpy(key + 1, tok, len);
	key[len + 1] = '\0';
	s = ht_find(lx, hash_str(key), TAG_CASED, key);
	return s != NULL ? &lx->entries[s->val] : NULL;
}

const char *
lexicon_lemma(const struct lexicon *lx, const char *word)
{
	/* The suffix rules of lexicon_verb_lemma, checked against every lemma. */
	static const struct {
		const char *suf, *rep;
	} rules[] = {
		{ "ies", "y" }, { "es", "e" }, { "es", "" }, { "s", "" },
		{ "ed", "e" }, { "ed", "" }, { "ing", "e" }, { "ing", "" },
	};
	const struct slot	*s;
	char			 cand[64];
	size_t			 n = strlen(word);

	if ((s = ht_find(lx, hash_str(word), TAG_VERB_FORM, word)) != NULL)
		return lx->strs[s->val + 1];
	if ((s = ht_find(lx, hash_str(word), TAG_LEMMA, word)) != NULL)
		return lx->strs[s->val];
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		size_t sl = strlen(rules[i].suf), rl = strlen(rules[i].rep);

		if (n <= sl + 1 || n - sl + rl >= sizeof(cand) || strcmp(word + n - sl, rules[i].suf) != 0)
			continue;
		memcpy(cand, word, n - sl);
		memcpy(cand + (n - sl), rules[i].rep, rl + 1);
		if ((s = ht_find(lx, hash_str(cand), TAG_LEMMA, cand)) != NULL)
			return lx->strs[s->val];
		/* Doubled final consonant: "stopped" -> "stop", "planning" -> "plan". */
		if (sl >= 2 && rl == 0 && n - sl >= 3 && cand[n - sl - 1] == cand[n - sl - 2]) {
			cand[n - sl - 1] = '\0';
			if ((s = ht_find(lx, hash_str(cand), TAG_LEMMA, cand)) != NULL)
				return lx->strs[s->val];
		}
	}
	return NULL;
}

const struct transform *
lexicon_transform(const struct lexicon *lx, const char *mode, const char *code)
{
	char	key[64];
	size_t	n = strlen(code), ml = strlen(mode);

	if (ml + n + 2 > sizeof(key))
		return NULL;
	memcpy(key, mode, ml);
	key[ml] = ' ';
	for (size_t k = n; k >= 2; k--) {
		const struct slot *s;

		memcpy(key + ml + 1, code, k);
		key[ml + 1 + k] = '\0';
		if ((s = ht_find(lx, hash_str(key), TAG_TRANSFORM, key)) != NULL)
			return &lx->transforms[s->val];
	}
	memcpy(key + ml + 1, "*", 2);
	{
		const struct slot *s = ht_find(lx, hash_str(key), TAG_TRANSFORM, key);

		return s != NULL ? &lx->transforms[s->val] : NULL;
	}
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
	const struct slot *s = ht_find(lx, hash_str(code), TAG_CAMEO, code);

	return s != NULL ? &lx->cameo[s->val] : NULL;
}

void
lexicon_stats(const struct lexicon *lx, struct lexicon_stats *ret)
{
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
	ret->bytes = sizeof(*lx) + lx->arena_bytes + lx->nslots * sizeof(struct slot) +
	    lx->capentries * sizeof(struct lex_entry) + lx->cappatterns * sizeof(struct verb_pattern) +
	    lx->capruns * sizeof(struct run) + lx->capstrs * sizeof(char *) +
	    lx->capcameo * sizeof(struct cameo_code) +
	    lx->captransforms * sizeof(struct transform) + lx->captransforms_keys * sizeof(char *) +
	    lx->capfirsts * sizeof(struct first);
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
}
