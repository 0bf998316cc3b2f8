/*
 * pos: a part-of-speech tagger, a second-order hidden Markov model decoded
 * with the Viterbi algorithm over the festlex-poslex model (Penn Treebank
 * tags learnt from the Wall Street Journal; see workers/gen/poslex.sh).
 *
 * The model. The trigram file gives smoothed tag-trigram counts. From them
 * the loader derives unigram, bigram and trigram estimates and mixes them
 * with weights found by deleted interpolation (Brants, "TnT", 2000), so
 * every tag sequence keeps a non-zero probability; the table holds
 * ln P(t3 | t1, t2) for all 38^3 triples. The lexicon gives ln P(word | tag)
 * for 33k lower-case words. Multiplying by the tag counts turns each entry
 * back into an approximate corpus count; tags below 1/500 of a word's most
 * frequent tag are noise of the treebank ("the" as a verb) and are dropped,
 * which also keeps the search small.
 *
 * Unknown words. A word the lexicon lacks falls into a shape class (a
 * number, hyphenated, "-ing", "-ed", "-ly", "-s", noun, adjective and verb
 * suffixes, other). Hand-written rules give each class the tags it may
 * take; how likely each of those tags is comes from the rare words of the
 * lexicon in the same class (rare words resemble unseen ones), and the
 * emission is P(tag | class) / P(tag), Bayes' rule up to a factor that is
 * the same for every tag of the token and so cannot change the best path.
 *
 * Case. The lexicon is case-folded, so case is used here: a lower-case word
 * loses its proper-noun readings; a capitalised word inside a sentence gains
 * a proper-noun reading (weighted up when it already has one); a capitalised
 * unknown word is most likely a proper noun, less so at the start of a
 * sentence. When every word of a sentence is capitalised (a headline), case
 * says nothing and only the unknown-word rule is kept.
 *
 * Verb groups. Mistakes the plain model makes are fixed by rules that run
 * around the search: after a form of "be" or "have" (adverbs such as "not"
 * or "-ly" words may intervene) a past form that can be a participle is
 * offered as VBN before the search and made VBN after it ("was hosted"); an
 * "-ing" noun there becomes VBG ("were meeting"). After "do" or a modal a
 * verb is offered and made VB ("did point", "will visit"); after "to" a VBP
 * becomes VB; after he/she/we/they/I a word that can be a verb is one ("he
 * talks"). After the search, a participle right after its subject with no
 * finite verb to follow is the past tense ("the talks ended"), a base form
 * right after its subject is a present tense ("sanctions remain"), and
 * "his", "its"... and "her" before a noun become PRP$.
 *
 * DESIGN
 *  - The tagger is written only by tagger_load(); tagging reads it and its
 *    own stack, so any number of threads may tag at once with no lock.
 *  - Decoding keeps, per position, the states (previous tag, tag) of the
 *    candidate tags (at most MAXC per token), so the work per token is at
 *    most MAXC^3 additions and, for typical tokens, a handful.
 *  - A sentence is decoded in windows of at most WIN tokens, so the stack
 *    buffer is fixed and nothing is allocated; a window is cut after a
 *    punctuation mark in its second half when there is one, where the
 *    choice of tags on either side hardly interacts.
 */
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "array.h"
#include "dictfile.h"
#include "phrasetab.h"
#include "pos.h"
#include "sentence.h"
#include "text.h"

#define MAXC		8	/* candidate tags per token */
#define MAXLEX		6	/* kept from the lexicon, leaving room for rules to add */
#define WIN		128	/* tokens per decoding window */
#define PRUNE_RATIO	500.0	/* drop tags this much rarer than a word's best */
#define RARE_COUNT	3.0	/* words this rare teach the unknown-word classes */
#define CAP_BONUS	1.0986123f	/* ln 3: proper-noun readings of a capital mid-sentence */
#define NEG_INF		(-1e30f)
#define KEY_MAX		64	/* longest word given special (contraction) treatment */

/*
 * The model's tags, in festlex's spelling. Internal numbers only: the
 * files name tags, and tagger_tag() writes enum pos.
 */
enum mtag {
	M_NN, M_PUNC, M_NNP, M_DT, M_IN, M_JJ, M_NNS, M_CD, M_RB, M_VBD, M_VB, M_PRP, M_CC,
	M_OF, M_TO, M_VBZ, M_VBN, M_VBG, M_VBP, M_MD, M_POS, M_WDT, M_JJR, M_WP, M_NNPS,
	M_WRB, M_JJS, M_RBR, M_RP, M_EX, M_RBS, M_PDT, M_FW, M_1, M_UH, M_SYM, M_LS, M_2,
	NMT
};

static const struct {
	const char	*name;
	uint8_t		 pos;
} mtags[NMT] = {
	[M_NN] = { "nn", POS_NN },	[M_PUNC] = { "punc", POS_PUNCT },
	[M_NNP] = { "nnp", POS_NNP },	[M_DT] = { "dt", POS_DT },
	[M_IN] = { "in", POS_IN },	[M_JJ] = { "jj", POS_JJ },
	[M_NNS] = { "nns", POS_NNS },	[M_CD] = { "cd", POS_CD },
	[M_RB] = { "rb", POS_RB },	[M_VBD] = { "vbd", POS_VBD },
	[M_VB] = { "vb", POS_VB },	[M_PRP] = { "prp", POS_PRP },
	[M_CC] = { "cc", POS_CC },	[M_OF] = { "of", POS_IN },
	[M_TO] = { "to", POS_TO },	[M_VBZ] = { "vbz", POS_VBZ },
	[M_VBN] = { "vbn", POS_VBN },	[M_VBG] = { "vbg", POS_VBG },
	[M_VBP] = { "vbp", POS_VBP },	[M_MD] = { "md", POS_MD },
	[M_POS] = { "pos", POS_POS },	[M_WDT] = { "wdt", POS_WDT },
	[M_JJR] = { "jjr", POS_JJR },	[M_WP] = { "wp", POS_WP },
	[M_NNPS] = { "nnps", POS_NNPS },	[M_WRB] = { "wrb", POS_WRB },
	[M_JJS] = { "jjs", POS_JJS },	[M_RBR] = { "rbr", POS_RBR },
	[M_RP] = { "rp", POS_RP },	[M_EX] = { "ex", POS_EX },
	[M_RBS] = { "rbs", POS_RBS },	[M_PDT] = { "pdt", POS_PDT },
	[M_FW] = { "fw", POS_FW },	[M_1] = { "1", POS_OTHER },
	[M_UH] = { "uh", POS_UH },	[M_SYM] = { "sym", POS_SYM },
	[M_LS] = { "ls", POS_LS },	[M_2] = { "2", POS_OTHER },
};

static const char *const pos_names[_POS_MAX] = {
	[POS_NN] = "NN", [POS_NNS] = "NNS", [POS_NNP] = "NNP", [POS_NNPS] = "NNPS",
	[POS_VB] = "VB", [POS_VBD] = "VBD", [POS_VBG] = "VBG", [POS_VBN] = "VBN",
	[POS_VBP] = "VBP", [POS_VBZ] = "VBZ", [POS_JJ] = "JJ", [POS_RB] = "RB",
	[POS_IN] = "IN", [POS_DT] = "DT", [POS_PRP] = "PRP", [POS_PRPS] = "PRP$",
	[POS_MD] = "MD", [POS_TO] = "TO", [POS_CC] = "CC", [POS_CD] = "CD",
	[POS_POS] = "POS", [POS_WDT] = "WDT", [POS_WP] = "WP", [POS_PUNCT] = "PUNCT",
	[POS_OTHER] = "OTHER", [POS_JJR] = "JJR", [POS_JJS] = "JJS", [POS_RBR] = "RBR",
	[POS_RBS] = "RBS", [POS_RP] = "RP", [POS_PDT] = "PDT", [POS_EX] = "EX",
	[POS_WRB] = "WRB", [POS_FW] = "FW", [POS_UH] = "UH", [POS_SYM] = "SYM",
	[POS_LS] = "LS",
};

static const uint8_t pos_classes[_POS_MAX] = {
	[POS_NN] = POSC_NOUN, [POS_NNS] = POSC_NOUN, [POS_NNP] = POSC_NOUN,
	[POS_NNPS] = POSC_NOUN, [POS_VB] = POSC_VERB, [POS_VBD] = POSC_VERB,
	[POS_VBG] = POSC_VERB, [POS_VBN] = POSC_VERB, [POS_VBP] = POSC_VERB,
	[POS_VBZ] = POSC_VERB, [POS_MD] = POSC_VERB, [POS_JJ] = POSC_ADJ,
	[POS_JJR] = POSC_ADJ, [POS_JJS] = POSC_ADJ, [POS_RB] = POSC_ADV,
	[POS_RBR] = POSC_ADV, [POS_RBS] = POSC_ADV, [POS_WRB] = POSC_ADV,
	[POS_PRP] = POSC_PRON, [POS_PRPS] = POSC_PRON, [POS_WP] = POSC_PRON,
	[POS_EX] = POSC_PRON, [POS_DT] = POSC_DET, [POS_PDT] = POSC_DET,
	[POS_WDT] = POSC_DET, [POS_IN] = POSC_ADP, [POS_RP] = POSC_ADP,
	[POS_CD] = POSC_NUM, [POS_CC] = POSC_CONJ, [POS_TO] = POSC_PART,
	[POS_POS] = POSC_PART, [POS_PUNCT] = POSC_PUNCT, [POS_OTHER] = POSC_OTHER,
	[POS_FW] = POSC_OTHER, [POS_UH] = POSC_OTHER, [POS_SYM] = POSC_OTHER,
	[POS_LS] = POSC_OTHER,
};

static const char *const class_names[_POSC_MAX] = {
	[POSC_NOUN] = "NOUN", [POSC_VERB] = "VERB", [POSC_ADJ] = "ADJ", [POSC_ADV] = "ADV",
	[POSC_PRON] = "PRON", [POSC_DET] = "DET", [POSC_ADP] = "ADP", [POSC_NUM] = "NUM",
	[POSC_CONJ] = "CONJ", [POSC_PART] = "PART", [POSC_PUNCT] = "PUNCT",
	[POSC_OTHER] = "OTHER",
};

/* Shape classes of unknown words, and the tags each may take. */
enum uclass {
	U_NUM,		/* "1,000", "5.93" */
	U_NUMS,		/* "1980s" */
	U_NUMADJ,	/* "10-year", "3rd" */
	U_ALNUM,	/* letters and digits: "f-16", "g7" */
	U_HYPH,		/* "follow-on" */
	U_ING,
	U_ED,
	U_LY,
	U_NOUN,		/* -tion -ment -ness -ity ... */
	U_AGENT,	/* -er -or -ist -ian */
	U_ADJ,		/* -able -ous -ive -al -ic ... */
	U_VERB,		/* -ize -ise -ate -ify */
	U_S,		/* -s */
	U_OTHER,
	NUCLASS
};

static const uint8_t umask[NUCLASS][MAXC] = {
	[U_NUM] = { M_CD },
	[U_NUMS] = { M_NNS, M_CD },
	[U_NUMADJ] = { M_JJ, M_CD, M_NN },
	[U_ALNUM] = { M_NN, M_CD, M_JJ },
	[U_HYPH] = { M_JJ, M_NN, M_NNS, M_VBN, M_VBG, M_RB },
	[U_ING] = { M_VBG, M_NN, M_JJ },
	[U_ED] = { M_VBD, M_VBN, M_JJ },
	[U_LY] = { M_RB, M_JJ },
	[U_NOUN] = { M_NN, M_JJ },
	[U_AGENT] = { M_NN, M_JJ, M_NNS },
	[U_ADJ] = { M_JJ, M_NN },
	[U_VERB] = { M_VB, M_VBP, M_NN, M_JJ },
	[U_S] = { M_NNS, M_VBZ },
	[U_OTHER] = { M_NN, M_JJ, M_VB, M_VBP, M_RB },
};
static const uint8_t umask_n[NUCLASS] = {
	[U_NUM] = 1, [U_NUMS] = 2, [U_NUMADJ] = 3, [U_ALNUM] = 3, [U_HYPH] = 6, [U_ING] = 3,
	[U_ED] = 3, [U_LY] = 2, [U_NOUN] = 2, [U_AGENT] = 3, [U_ADJ] = 2, [U_VERB] = 4,
	[U_S] = 2, [U_OTHER] = 5,
};

/* What a word does in a verb group. Stored in the low bits of lexent.flags. */
enum aux {
	AUX_NONE,
	AUX_BE,		/* be is are am was were been being */
	AUX_HAVE,	/* have has had having */
	AUX_DO,		/* do does did */
	AUX_MODAL,	/* will would can could may might must shall should */
	AUX_TO,		/* to */
	AUX_MASK = 7,
	WF_SKIP = 8,	/* an adverb that may stand inside a verb group ("not", "-ly") */
	WF_CONTR = 16,	/* a contraction: its verb-group role needs no confirming tag */
	WF_NOM = 32,	/* a subject-only pronoun: he she we they i */
	WF_SAY = 64,	/* a verb that takes a clause: "said (the talks ended)" */
	WF_PREPTO = 128,	/* makes "to" a preposition: "according to", "due to" */
	WF_DEGREE = 256	/* modifies adjectives and adverbs, never verbs: "very close" */
};

struct lcand {
	float	lp;		/* ln P(word | tag) */
	uint8_t	tag;		/* enum mtag */
};

/* A word of the lexicon; the phrase table maps the word to its index in ents. */
struct lexent {
	uint8_t		ncand;
	uint16_t	flags;		/* enum aux | WF_* */
	uint32_t	cand;		/* index of the first of ncand in cands */
};

struct tagger {
	/* ln P(t3 | t1, t2) at (t1 * NMT + t2) * NMT + t3 */
	float		 tri[NMT * NMT * NMT];
	float		 lnprior[NMT];		/* ln P(t) */
	float		 unk[NUCLASS][MAXC];	/* ln P(tag | class) - ln P(tag), per umask entry */
	float		 nnp_floor;		/* ln P(word | NNP) of a word seen once as NNP */
	double		 count[NMT];		/* tag counts: P(word | tag) * count = word count */

	struct lexent	*ents;
	size_t		 nents, capents;
	struct arena	*arena;			/* the words */
	struct phrasetab *tab;			/* word -> index into ents */
	struct lcand	*cands;
	size_t		 ncands, capcands;
	size_t		 pairs, trigrams;
	struct dictfile_sum sum;		/* of the two files */
};

static int
mtag_from_name(const char *s)
{
	for (int t = 0; t < NMT; t++)
		if (strcmp(mtags[t].name, s) == 0)
			return t;
	return -1;
}

static int
parse_double(const char *s, double *ret)
{
	char	*end;
	double	 v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || !isfinite(v))
		return -1;
	*ret = v;
	return 0;
}

#define TRIGRAMS	"pos_trigrams.tsv"
#define LEXICON		"pos_lexicon.tsv"

/*
 * Read one file of the model through fn; a file with no entries is an
 * error. @returns 0 or -errno with a message in errbuf.
 */
static int
read_file(const char *dir, const char *name, dictfile_line_fn fn, void *arg,
    struct dictfile_sum *sum, char *errbuf, size_t errbufsz)
{
	int r = dictfile_read(dir, name, fn, arg, sum, errbuf, errbufsz);

	if (r == 0)
		return dictfile_errorf(errbuf, errbufsz, name, 0, -EINVAL, "no entries");
	return r < 0 ? r : 0;
}

/* ---------------------------------------------------------------- trigrams */

/* Reading pos_trigrams.tsv: the counts, indexed as tagger.tri. */
struct triload {
	struct tagger	*tg;
	double		*c3;
};

static int
line_trigram(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct triload	*tl = arg;
	double		*c3 = tl->c3, v;
	int		 t[3];

	if (nf != 4)
		return dictfile_error(df, -EINVAL, "expected 4 tab-separated fields, found %zu", nf);
	for (int k = 0; k < 3; k++)
		if ((t[k] = mtag_from_name(f[k])) < 0)
			return dictfile_error(df, -EINVAL, "unknown tag '%.16s'", f[k]);
	if (parse_double(f[3], &v) < 0 || v < 0)
		return dictfile_error(df, -EINVAL, "count '%.32s' is not a non-negative number", f[3]);
	if (c3[(t[0] * NMT + t[1]) * NMT + t[2]] != 0)
		return dictfile_error(df, -EINVAL, "trigram %s %s %s listed twice", f[0], f[1], f[2]);
	c3[(t[0] * NMT + t[1]) * NMT + t[2]] = v;
	tl->tg->trigrams++;
	return 0;
}

/*
 * Turn trigram counts into interpolated ln P(c | a, b). The weights come
 * from deleted interpolation: each trigram votes, with its count, for the
 * estimate (trigram, bigram or unigram) that predicts it best once that
 * one occurrence is taken out of the counts. Contexts the counts never saw
 * fall back on the shorter estimates, and each row is renormalised; the
 * unigram estimate adds half a count to every tag, so no probability is 0.
 */
static int
build_transitions(struct tagger *tg, const double *c3, char *errbuf, size_t errbufsz)
{
	double	c1[NMT] = { 0 }, c2[NMT][NMT] = { { 0 } }, cab[NMT][NMT] = { { 0 } };
	double	b1[NMT] = { 0 }, n = 0, l[3] = { 0 }, sum, row[NMT];

	for (int a = 0; a < NMT; a++)
		for (int b = 0; b < NMT; b++)
			for (int c = 0; c < NMT; c++) {
				double v = c3[(a * NMT + b) * NMT + c];

				c1[c] += v;
				c2[b][c] += v;
				cab[a][b] += v;
				n += v;
			}
	if (n <= 0)
		return dictfile_errorf(errbuf, errbufsz, TRIGRAMS, 0, -EINVAL, "every count is zero");
	for (int b = 0; b < NMT; b++)
		for (int c = 0; c < NMT; c++)
			b1[b] += c2[b][c];
	for (int a = 0; a < NMT; a++)
		for (int b = 0; b < NMT; b++)
			for (int c = 0; c < NMT; c++) {
				double v = c3[(a * NMT + b) * NMT + c], x1, x2, x3;

				if (v <= 0)
					continue;
				x3 = cab[a][b] > 1 ? (v - 1) / (cab[a][b] - 1) : 0;
				x2 = b1[b] > 1 ? (c2[b][c] - 1) / (b1[b] - 1) : 0;
				x1 = n > 1 ? (c1[c] - 1) / (n - 1) : 0;
				if (x3 >= x2 && x3 >= x1)
					l[2] += v;
				else if (x2 >= x1)
					l[1] += v;
				else
					l[0] += v;
			}
	/* Keep every estimate in play, however the vote went. */
	for (int k = 0; k < 3; k++)
		l[k] = l[k] / n + 0.01;
	sum = l[0] + l[1] + l[2];
	for (int k = 0; k < 3; k++)
		l[k] /= sum;

	for (int a = 0; a < NMT; a++)
		for (int b = 0; b < NMT; b++) {
			sum = 0;
			for (int c = 0; c < NMT; c++) {
				row[c] = l[0] * (c1[c] + 0.5) / (n + 0.5 * NMT);
				if (b1[b] > 0)
					row[c] += l[1] * c2[b][c] / b1[b];
				if (cab[a][b] > 0)
					row[c] += l[2] * c3[(a * NMT + b) * NMT + c] / cab[a][b];
				sum += row[c];
			}
			for (int c = 0; c < NMT; c++)
				tg->tri[(a * NMT + b) * NMT + c] =
				    row[c] > 0 ? (float)log(row[c] / sum) : NEG_INF;
		}
	for (int t = 0; t < NMT; t++) {
		tg->count[t] = c1[t];
		tg->lnprior[t] = (float)log((c1[t] > 0.5 ? c1[t] : 0.5) / n);
	}
	tg->nnp_floor = (float)-log(c1[M_NNP] > 1 ? c1[M_NNP] : 1);
	return 0;
}

/* ---------------------------------------------------------------- word shapes */

/* Inlined, so that strlen() of a literal suffix is a constant. */
static inline int
ends_with(const char *w, size_t len, const char *suf, size_t minstem)
{
	size_t n = strlen(suf);

	return len >= n + minstem && memcmp(w + len - n, suf, n) == 0;
}

/* A suffix with its length, for the lists of uclass_of(). */
struct suffix {
	const char	*s;
	size_t		 n;
};
#define SUF(s)	{ s, sizeof(s) - 1 }

static int
ends_with_any(const char *w, size_t len, const struct suffix *sufs, size_t minstem)
{
	for (; sufs->s != NULL; sufs++)
		if (len >= sufs->n + minstem && w[len - 1] == sufs->s[sufs->n - 1] &&
		    memcmp(w + len - sufs->n, sufs->s, sufs->n) == 0)
			return 1;
	return 0;
}

/* The shape class of a lower-case word. */
static enum uclass
uclass_of(const char *w, size_t len)
{
	static const struct suffix noun[] = { SUF("tion"), SUF("sion"), SUF("ment"), SUF("ness"),
		SUF("ity"), SUF("ship"), SUF("ism"), SUF("ance"), SUF("ence"), SUF("hood"), SUF("dom"),
		{ NULL, 0 } };
	static const struct suffix adj[] = { SUF("able"), SUF("ible"), SUF("ful"), SUF("ous"),
		SUF("ive"), SUF("al"), SUF("ic"), SUF("less"), SUF("ish"), SUF("ary"), SUF("ese"),
		{ NULL, 0 } };
	static const struct suffix agent[] = { SUF("er"), SUF("or"), SUF("ist"), SUF("ian"),
		SUF("eer"), { NULL, 0 } };
	static const struct suffix verb[] = { SUF("ize"), SUF("ise"), SUF("ate"), SUF("ify"),
		{ NULL, 0 } };
	int	digit = 0, alpha = 0, hyphen = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c >= '0' && c <= '9')
			digit = 1;
		else if ((c >= 'a' && c <= 'z') || c >= 0x80)
			alpha = 1;
		else if (c == '-' && i > 0 && i + 1 < len)
			hyphen = 1;
	}
	if (len > 0 && w[0] >= '0' && w[0] <= '9') {
		if (hyphen || ends_with(w, len, "st", 1) || ends_with(w, len, "nd", 1) ||
		    ends_with(w, len, "rd", 1) || ends_with(w, len, "th", 1))
			return U_NUMADJ;
		if (w[len - 1] == 's')
			return U_NUMS;
		return alpha ? U_ALNUM : U_NUM;
	}
	if (digit)
		return U_ALNUM;
	if (hyphen)
		return U_HYPH;
	if (ends_with(w, len, "ing", 2))
		return U_ING;
	if (ends_with(w, len, "ed", 2))
		return U_ED;
	if (ends_with(w, len, "ly", 2))
		return U_LY;
	if (ends_with_any(w, len, noun, 2))
		return U_NOUN;
	if (ends_with_any(w, len, adj, 3))
		return U_ADJ;
	if (ends_with_any(w, len, agent, 3))
		return U_AGENT;
	if (ends_with_any(w, len, verb, 3))
		return U_VERB;
	if (len > 3 && w[len - 1] == 's' && w[len - 2] != 's' && w[len - 2] != 'u' &&
	    w[len - 2] != 'i')
		return U_S;
	return U_OTHER;
}

/* What a lexicon word does in a verb group (enum aux | WF_SKIP). */
static uint16_t
word_flags(const char *w, size_t len, const struct lcand *c, size_t nc)
{
	static const struct {
		const char	*w;
		uint16_t	 f;
	} words[] = {
		{ "be", AUX_BE }, { "is", AUX_BE }, { "are", AUX_BE }, { "am", AUX_BE },
		{ "was", AUX_BE }, { "were", AUX_BE }, { "been", AUX_BE }, { "being", AUX_BE },
		{ "have", AUX_HAVE }, { "has", AUX_HAVE }, { "had", AUX_HAVE },
		{ "having", AUX_HAVE }, { "do", AUX_DO }, { "does", AUX_DO }, { "did", AUX_DO },
		{ "will", AUX_MODAL }, { "would", AUX_MODAL }, { "can", AUX_MODAL },
		{ "could", AUX_MODAL }, { "may", AUX_MODAL }, { "might", AUX_MODAL },
		{ "must", AUX_MODAL }, { "shall", AUX_MODAL }, { "should", AUX_MODAL },
		{ "ca", AUX_MODAL }, { "wo", AUX_MODAL }, { "to", AUX_TO },
		{ "not", WF_SKIP }, { "n't", WF_SKIP }, { "never", WF_SKIP }, { "also", WF_SKIP },
		{ "already", WF_SKIP }, { "just", WF_SKIP }, { "still", WF_SKIP },
		{ "now", WF_SKIP }, { "then", WF_SKIP }, { "even", WF_SKIP }, { "only", WF_SKIP },
		{ "again", WF_SKIP }, { "later", WF_SKIP }, { "first", WF_SKIP },
		{ "ever", WF_SKIP }, { "yet", WF_SKIP }, { "long", WF_SKIP },
		{ "he", WF_NOM }, { "she", WF_NOM }, { "we", WF_NOM }, { "they", WF_NOM },
		{ "i", WF_NOM },
		{ "according", WF_PREPTO }, { "due", WF_PREPTO }, { "prior", WF_PREPTO },
		{ "thanks", WF_PREPTO }, { "owing", WF_PREPTO }, { "addition", WF_PREPTO },
		{ "contrary", WF_PREPTO },
		{ "say", WF_SAY }, { "says", WF_SAY }, { "said", WF_SAY }, { "tell", WF_SAY },
		{ "tells", WF_SAY }, { "told", WF_SAY }, { "add", WF_SAY }, { "adds", WF_SAY },
		{ "added", WF_SAY }, { "report", WF_SAY }, { "reports", WF_SAY },
		{ "reported", WF_SAY }, { "announce", WF_SAY }, { "announces", WF_SAY },
		{ "announced", WF_SAY }, { "state", WF_SAY }, { "states", WF_SAY },
		{ "stated", WF_SAY }, { "claim", WF_SAY }, { "claims", WF_SAY },
		{ "claimed", WF_SAY }, { "believe", WF_SAY }, { "believes", WF_SAY },
		{ "believed", WF_SAY }, { "think", WF_SAY }, { "thinks", WF_SAY },
		{ "thought", WF_SAY }, { "warn", WF_SAY }, { "warns", WF_SAY },
		{ "warned", WF_SAY }, { "insist", WF_SAY }, { "insists", WF_SAY },
		{ "insisted", WF_SAY }, { "confirm", WF_SAY }, { "confirms", WF_SAY },
		{ "confirmed", WF_SAY }, { "know", WF_SAY }, { "knows", WF_SAY },
		{ "knew", WF_SAY }, { "fear", WF_SAY }, { "fears", WF_SAY },
		{ "feared", WF_SAY },
		{ "very", WF_DEGREE }, { "too", WF_DEGREE }, { "quite", WF_DEGREE },
		{ "extremely", WF_DEGREE }, { "increasingly", WF_DEGREE },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].w) == len && memcmp(words[i].w, w, len) == 0)
			return words[i].f;
	if (ends_with(w, len, "ly", 2))
		for (size_t i = 0; i < nc; i++)
			if (c[i].tag == M_RB)
				return WF_SKIP;
	return 0;
}

/* ---------------------------------------------------------------- lexicon */

/* The word being read: the lexicon lists each word's tags on adjacent lines. */
struct lexload {
	struct tagger	*tg;
	char		*errbuf;
	size_t		 errbufsz;
	char		 word[256];
	size_t		 len;
	unsigned	 line;
	size_t		 npairs;
	struct lcand	 pairs[NMT];
	double		 ustat[NUCLASS][MAXC];
	uint32_t	*lines;			/* first line of each entry, for duplicates */
	size_t		 caplines;
};

/* A tag of the word being stored, with its estimated corpus count. */
struct counted {
	double	c;
	size_t	pair;		/* index into lexload.pairs */
};

static int
counted_cmp(const void *a, const void *b)
{
	const struct counted *x = a, *y = b;

	return x->c < y->c ? 1 : x->c > y->c ? -1 : 0;
}

/*
 * Store the word in ll, pruned, and learn from it if it is rare. A word
 * stored before (its lines are not together) fails with FILE:LINE.
 */
static int
lex_flush(struct tagger *tg, struct lexload *ll)
{
	struct counted	 cw[NMT];
	double		 total = 0, best = 0;
	size_t		 n = 0, keep = 0;
	struct lexent	*e;
	enum uclass	 k;
	uint32_t	 old = 0;
	int		 r;

	if (ll->len == 0)
		return 0;
	for (size_t i = 0; i < ll->npairs; i++) {
		double c = exp(ll->pairs[i].lp) * tg->count[ll->pairs[i].tag];

		total += c;
		if (ll->pairs[i].tag == M_1 || ll->pairs[i].tag == M_2)
			continue;
		cw[n].c = c;
		cw[n].pair = i;
		if (c > best)
			best = c;
		n++;
	}
	if (total <= RARE_COUNT) {
		k = uclass_of(ll->word, ll->len);
		for (size_t i = 0; i < ll->npairs; i++)
			for (size_t j = 0; j < umask_n[k]; j++)
				if (umask[k][j] == ll->pairs[i].tag)
					ll->ustat[k][j] += exp(ll->pairs[i].lp) *
					    tg->count[ll->pairs[i].tag];
	}
	if (n == 0)
		goto done;	/* only the undocumented tags: leave it to the unknown-word rules */
	qsort(cw, n, sizeof(cw[0]), counted_cmp);
	while (keep < n && keep < MAXLEX && cw[keep].c * PRUNE_RATIO >= best)
		keep++;
	if (keep == 0)
		keep = 1;
	if (array_grow(&tg->ents, &tg->capents, tg->nents + 1, sizeof(*tg->ents)) < 0 ||
	    array_grow(&ll->lines, &ll->caplines, tg->nents + 1, sizeof(*ll->lines)) < 0 ||
	    array_grow(&tg->cands, &tg->capcands, tg->ncands + keep, sizeof(*tg->cands)) < 0)
		return -ENOMEM;
	if ((r = phrasetab_add(tg->tab, 0, ll->word, ll->len, (uint32_t)tg->nents, &old, NULL)) < 0)
		return r;
	if (r == 0)
		return dictfile_errorf(ll->errbuf, ll->errbufsz, LEXICON, ll->line, -EINVAL,
		    "'%.64s' listed again (first at line %u); keep a word's lines together", ll->word,
		    ll->lines[old]);
	e = &tg->ents[tg->nents];
	e->ncand = (uint8_t)keep;
	e->cand = (uint32_t)tg->ncands;
	for (size_t i = 0; i < keep; i++)
		tg->cands[tg->ncands + i] = ll->pairs[cw[i].pair];
	e->flags = word_flags(ll->word, ll->len, &tg->cands[tg->ncands], keep);
	tg->ncands += keep;
	ll->lines[tg->nents] = ll->line;
	tg->nents++;
	tg->pairs += keep;
done:
	ll->len = 0;
	ll->npairs = 0;
	return 0;
}

static int
line_lexicon(void *arg, struct dictfile *df, char **f, size_t nf)
{
	struct lexload	*ll = arg;
	struct tagger	*tg = ll->tg;
	size_t		 len;
	double		 lp;
	int		 t, r;

	if (nf != 3)
		return dictfile_error(df, -EINVAL, "expected 3 tab-separated fields, found %zu", nf);
	if ((len = strlen(f[0])) == 0 || len >= sizeof(ll->word))
		return dictfile_error(df, -EINVAL, "word is empty or longer than %zu bytes",
		    sizeof(ll->word) - 1);
	if ((t = mtag_from_name(f[1])) < 0)
		return dictfile_error(df, -EINVAL, "unknown tag '%.16s'", f[1]);
	if (parse_double(f[2], &lp) < 0 || lp > 0 || lp < -1000)
		return dictfile_error(df, -EINVAL, "'%.32s' is not a log probability (<= 0)", f[2]);
	if (len != ll->len || memcmp(f[0], ll->word, len) != 0) {
		if ((r = lex_flush(tg, ll)) < 0)
			return r;
		memcpy(ll->word, f[0], len + 1);
		ll->len = len;
		ll->line = dictfile_line(df);
	}
	for (size_t i = 0; i < ll->npairs; i++)
		if (ll->pairs[i].tag == t)
			return dictfile_error(df, -EINVAL, "tag '%s' listed twice for '%.64s'", f[1],
			    f[0]);
	ll->pairs[ll->npairs++] = (struct lcand){ (float)lp, (uint8_t)t };
	return 0;
}

static const struct lexent *
lookup(const struct tagger *tg, const char *w, size_t len)
{
	uint32_t idx;

	return phrasetab_get(tg->tab, 0, w, len, &idx) ? &tg->ents[idx] : NULL;
}

/* lookup() of word i of s, by the hash the sentence carries when it has one. */
static const struct lexent *
lookup_at(const struct tagger *tg, const struct sentence *s, size_t i, size_t len)
{
	uint32_t idx;

	if (s->hashes == NULL)
		return lookup(tg, s->words[i], len);
	return phrasetab_find(tg->tab, 0, s->hashes[i], s->words[i], len, &idx) ? &tg->ents[idx] : NULL;
}

/* P(tag | class) from the rare words, lightly smoothed over the class's tags. */
static void
build_unknown(struct tagger *tg, const struct lexload *ll)
{
	for (int k = 0; k < NUCLASS; k++) {
		double sum = 0;

		for (size_t j = 0; j < umask_n[k]; j++)
			sum += ll->ustat[k][j] + 0.5;
		for (size_t j = 0; j < umask_n[k]; j++) {
			double p = (ll->ustat[k][j] + 0.5) / sum;

			tg->unk[k][j] = (float)log(p) - tg->lnprior[umask[k][j]];
		}
	}
}

int
tagger_load(const char *dir, struct tagger **ret, char *errbuf, size_t errbufsz)
{
	struct tagger	*tg = NULL;
	struct lexload	*ll = NULL;
	double		*c3 = NULL;
	struct triload	 tl;
	int		 r = -ENOMEM;

	if (errbufsz > 0)
		errbuf[0] = '\0';
	if ((tg = calloc(1, sizeof(*tg))) == NULL || (tg->arena = arena_new()) == NULL ||
	    (tg->tab = phrasetab_new(tg->arena)) == NULL || (ll = calloc(1, sizeof(*ll))) == NULL ||
	    (c3 = calloc((size_t)NMT * NMT * NMT, sizeof(*c3))) == NULL)
		goto fail;

	tl = (struct triload){ tg, c3 };
	if ((r = read_file(dir, TRIGRAMS, line_trigram, &tl, &tg->sum, errbuf, errbufsz)) < 0)
		goto fail;
	if ((r = build_transitions(tg, c3, errbuf, errbufsz)) < 0)
		goto fail;

	ll->tg = tg;
	ll->errbuf = errbuf;
	ll->errbufsz = errbufsz;
	if ((r = read_file(dir, LEXICON, line_lexicon, ll, &tg->sum, errbuf, errbufsz)) < 0)
		goto fail;
	if ((r = lex_flush(tg, ll)) < 0)
		goto fail;
	build_unknown(tg, ll);

	free(c3);
	free(ll->lines);
	free(ll);
	*ret = tg;
	return 0;
fail:
	if (r == -ENOMEM && (errbufsz == 0 || errbuf[0] == '\0'))
		snprintf(errbuf, errbufsz, "out of memory loading the tagger");
	free(c3);
	if (ll != NULL)
		free(ll->lines);
	free(ll);
	tagger_free(tg);
	return r;
}

void
tagger_free(struct tagger *tg)
{
	if (tg == NULL)
		return;
	free(tg->ents);
	phrasetab_free(tg->tab);
	arena_free(tg->arena);
	free(tg->cands);
	free(tg);
}

void
tagger_stats(const struct tagger *tg, struct tagger_stats *ret)
{
	struct phrasetab_stats ps;

	ret->words = tg->nents;
	ret->digest = tg->sum.h;
	ret->pairs = tg->pairs;
	ret->trigrams = tg->trigrams;
	phrasetab_stats(tg->tab, &ps);
	ret->bytes = sizeof(*tg) + tg->capents * sizeof(*tg->ents) + ps.bytes +
	    arena_bytes(tg->arena) + tg->capcands * sizeof(*tg->cands);
}

/* ---------------------------------------------------------------- tagging */

/* The tags a token may take, with ln P(word | tag) or what stands for it. */
struct cset {
	uint8_t	n;
	uint8_t	tag[MAXC];
	float	e[MAXC];
};

/* Everything one decoding window needs; lives on tagger_tag()'s stack. */
struct win {
	struct cset	cs[WIN + 2];		/* two context positions, then the tokens */
	uint8_t		bp[WIN + 2][MAXC][MAXC];	/* best candidate two back, per state */
	uint8_t		pre[WIN + 1];		/* verb-group state before each token */
	uint8_t		pto[WIN + 1];		/* before each token: follows "according to" */
	uint16_t	wf[WIN];		/* enum aux | WF_* of each token */
	uint8_t		mt[WIN];		/* decoded tags (enum mtag) */
};

static int
cs_find(const struct cset *cs, int tag)
{
	for (int i = 0; i < cs->n; i++)
		if (cs->tag[i] == tag)
			return i;
	return -1;
}

static void
cs_add(struct cset *cs, int tag, float e)
{
	assert(cs->n < MAXC);
	cs->tag[cs->n] = (uint8_t)tag;
	cs->e[cs->n] = e;
	cs->n++;
}

static void
cs_one(struct cset *cs, int tag)
{
	cs->n = 1;
	cs->tag[0] = (uint8_t)tag;
	cs->e[0] = 0;
}

static void
cs_from_lex(const struct tagger *tg, const struct lexent *e, struct cset *cs)
{
	const struct lcand *c = &tg->cands[e->cand];

	cs->n = e->ncand;
	for (int i = 0; i < e->ncand; i++) {
		cs->tag[i] = c[i].tag;
		cs->e[i] = c[i].lp;
	}
}

#define BIT(t)		((uint64_t)1 << (t))
#define VERB_BITS	(BIT(M_VB) | BIT(M_VBD) | BIT(M_VBG) | BIT(M_VBN) | BIT(M_VBP) | BIT(M_VBZ))

static int
cs_any(const struct cset *cs, uint64_t tags)
{
	for (int i = 0; i < cs->n; i++)
		if (tags & BIT(cs->tag[i]))
			return 1;
	return 0;
}

/* Drop the candidates whose tag is in drop, unless that would drop them all. */
static void
cs_drop(struct cset *cs, uint64_t drop)
{
	int n = 0;

	for (int i = 0; i < cs->n; i++)
		if (!(drop & BIT(cs->tag[i])))
			n++;
	if (n == 0 || n == cs->n)
		return;
	n = 0;
	for (int i = 0; i < cs->n; i++)
		if (!(drop & BIT(cs->tag[i]))) {
			cs->tag[n] = cs->tag[i];
			cs->e[n++] = cs->e[i];
		}
	cs->n = (uint8_t)n;
}

/*
 * A contraction the tokeniser kept whole: "didn't", "won't", "it's",
 * "they've", "cannot", with ' or U+2019. @returns the lexicon entry of its
 * first part and that part's verb-group role in *aux, or NULL.
 */
static const struct lexent *
contraction(const struct tagger *tg, const char *w, size_t len, uint8_t *aux)
{
	static const struct {
		const char	*suf;
		uint8_t		 aux;
	} clitics[] = {
		{ "'s", AUX_BE }, { "'re", AUX_BE }, { "'m", AUX_BE }, { "'ve", AUX_HAVE },
		{ "'ll", AUX_MODAL }, { "'d", AUX_NONE },
	};
	const struct lexent	*e;
	char			 key[KEY_MAX];
	size_t			 n = 0, apos = 0;

	if (len >= KEY_MAX || (memchr(w, '\'', len) == NULL && memchr(w, 0xE2, len) == NULL &&
	    (len != 6 || memcmp(w, "cannot", 6) != 0)))
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)w[i] == 0xE2 && i + 2 < len && (unsigned char)w[i + 1] == 0x80 &&
		    (unsigned char)w[i + 2] == 0x99) {
			key[n] = '\'';
			i += 2;
		} else
			key[n] = w[i];
		if (key[n] == '\'' && apos == 0)
			apos = n;
		n++;
	}
	if (n == 6 && memcmp(key, "cannot", 6) == 0) {
		*aux = AUX_MODAL;
		return lookup(tg, "can", 3);
	}
	if (apos == 0)
		return NULL;
	if (n >= 4 && memcmp(key + n - 3, "n't", 3) == 0 && apos == n - 2) {
		if ((e = lookup(tg, key, n - 3)) != NULL)
			*aux = e->flags & AUX_MASK;
		return e;
	}
	for (size_t i = 0; i < sizeof(clitics) / sizeof(clitics[0]); i++)
		if (n - apos == strlen(clitics[i].suf) &&
		    memcmp(key + apos, clitics[i].suf, n - apos) == 0) {
			if ((e = lookup(tg, key, apos)) == NULL)
				return NULL;
			*aux = apos == 3 && memcmp(key, "let", 3) == 0 ? AUX_NONE : clitics[i].aux;
			return e;
		}
	return NULL;
}

/*
 * Candidates of an unknown word. capmode 0: no capital (no proper-noun
 * reading); 1: a capital where any word may have one (sentence start,
 * headline); 2: a capital inside a cased sentence.
 */
static void
unknown_cands(const struct tagger *tg, const char *w, size_t len, int capmode, struct cset *cs,
    uint16_t *wf)
{
	enum uclass	k = uclass_of(w, len);
	float		p = capmode == 2 ? 0.95f : capmode == 1 ? 0.4f : 0.0f;
	float		rest = logf(1.0f - p);

	cs->n = 0;
	for (size_t j = 0; j < umask_n[k]; j++)
		cs_add(cs, umask[k][j], rest + tg->unk[k][j]);
	if (k == U_LY)
		*wf |= WF_SKIP;
	if (p == 0)
		return;
	if (len > 3 && w[len - 1] == 's' && w[len - 2] != 's') {
		cs_add(cs, M_NNP, logf(p * 0.8f) - tg->lnprior[M_NNP]);
		cs_add(cs, M_NNPS, logf(p * 0.2f) - tg->lnprior[M_NNPS]);
	} else
		cs_add(cs, M_NNP, logf(p) - tg->lnprior[M_NNP]);
}

/*
 * The American spelling of a British one the lexicon (Wall Street Journal
 * text) lacks: "criticised" as "criticized", "organisation" as
 * "organization", "labour" as "labor", "centre" as "center", "defence" as
 * "defense", "travelled" as "traveled", "analysed" as "analyzed",
 * "programme" as "program". @returns the variant's entry, or NULL.
 */
static const struct lexent *
american(const struct tagger *tg, const char *w, size_t len)
{
	static const struct {
		const char	*gb, *us;
	} ends[] = {
		{ "isation", "ization" }, { "isations", "izations" }, { "ise", "ize" }, { "ised", "ized" },
		{ "ises", "izes" }, { "ising", "izing" }, { "yse", "yze" }, { "ysed", "yzed" }, { "yses", "yzes" },
		{ "ysing", "yzing" }, { "our", "or" }, { "ours", "ors" }, { "oured", "ored" }, { "ouring", "oring" },
		{ "tre", "ter" }, { "tres", "ters" }, { "ence", "ense" }, { "lled", "led" }, { "lling", "ling" },
		{ "mme", "m" }, { "mmes", "ms" },
	};
	char			 v[KEY_MAX + 4];
	const struct lexent	*e;

	if (len < 5 || len >= KEY_MAX)
		return NULL;
	for (size_t k = 0; k < sizeof(ends) / sizeof(ends[0]); k++) {
		size_t gl = strlen(ends[k].gb), ul = strlen(ends[k].us);

		if (len <= gl + 2 || memcmp(w + len - gl, ends[k].gb, gl) != 0)
			continue;
		memcpy(v, w, len - gl);
		memcpy(v + len - gl, ends[k].us, ul);
		if ((e = lookup(tg, v, len - gl + ul)) != NULL)
			return e;
	}
	return NULL;
}

/* Has lexicon entry e a reading among tags (a mask of BIT(M_...))? */
static int
lex_has(const struct tagger *tg, const struct lexent *e, uint64_t tags)
{
	for (int i = 0; i < e->ncand; i++)
		if (tags & ((uint64_t)1 << tg->cands[e->cand + i].tag))
			return 1;
	return 0;
}

/*
 * An unknown plural whose singular the lexicon knows only as a noun is a
 * plural noun, not a verb ("Assailants stabbed", "Assassins murdered": the
 * singular is in the lexicon, the plural is not). The stem is the word
 * without "s", or without "es" after s, x, z, ch or sh.
 */
static void
unknown_plural(const struct tagger *tg, const char *w, size_t len, struct cset *cs)
{
	const struct lexent	*e;
	size_t			 n = len - 1;

	if (len < 4 || len > KEY_MAX || w[len - 1] != 's' || w[len - 2] == 's' || w[len - 2] == '\'')
		return;
	if (w[len - 2] == 'e' && len > 4 && (w[len - 3] == 's' || w[len - 3] == 'x' || w[len - 3] == 'z' ||
	    ((w[len - 3] == 'h') && (w[len - 4] == 'c' || w[len - 4] == 's'))) && lookup(tg, w, len - 1) == NULL)
		n = len - 2;
	if ((e = lookup(tg, w, n)) == NULL)
		return;
	if (lex_has(tg, e, (uint64_t)1 << M_NN) &&
	    !lex_has(tg, e, ((uint64_t)1 << M_VB) | ((uint64_t)1 << M_VBP)))
		cs_drop(cs, (uint64_t)1 << M_VBZ);
}

static int
only_proper(const struct tagger *tg, const struct lexent *e)
{
	for (int i = 0; i < e->ncand; i++)
		if (tg->cands[e->cand + i].tag != M_NNP && tg->cands[e->cand + i].tag != M_NNPS)
			return 0;
	return 1;
}

/* Does the token begin a sentence or a quotation/parenthesis inside one? */
static int
at_start(const struct sentence *s, size_t i)
{
	const struct token	*p;
	const char		*w;

	if (i == 0 || (s->tok[i].flags & TOK_SENT_START))
		return 1;
	p = &s->tok[i - 1];
	w = s->words[i - 1];
	/* ( [ : or an opening curly quote; the first byte rules out most words. */
	switch ((unsigned char)w[0]) {
	case '(':
	case '[':
	case ':':
		if (w[1] == '\0')
			return 1;
		break;
	case 0xE2:
		if (strcmp(w, "\xe2\x80\x9c") == 0 || strcmp(w, "\xe2\x80\x98") == 0)
			return 1;
		break;
	}
	/* A straight quote opens when white space (or nothing) comes before it. */
	return (p->flags & TOK_QUOTE) && (i == 1 || s->tok[i - 2].end < p->start);
}

/* Headlines capitalise every word, and then case tells nothing. */
static int
sentence_is_cased(const struct sentence *s)
{
	for (size_t i = 0; i < s->ntok; i++) {
		char c = s->text[s->tok[i].start];

		if ((s->tok[i].flags & TOK_WORD) && s->tok[i].end > s->tok[i].start && c >= 'a' &&
		    c <= 'z')
			return 1;
	}
	return 0;
}

static void
token_cands(const struct tagger *tg, const struct sentence *s, size_t i, int cased,
    struct cset *cs, uint16_t *wf)
{
	const struct token	*t = &s->tok[i];
	const char		*w = s->words[i], *raw = s->text + t->start;
	const struct lexent	*e;
	size_t			 len = s->lens != NULL ? s->lens[i] : strlen(w), rawlen = t->end - t->start;
	int			 upper = 0, lower, start;
	uint8_t			 aux = 0;

	*wf = 0;
	if (t->flags & TOK_POSS) {
		cs_one(cs, M_POS);
		return;
	}
	if (!(t->flags & TOK_WORD)) {
		/* "%" is a noun and "&" a conjunction; other marks are punctuation. */
		if (!(t->flags & TOK_QUOTE) && (e = lookup_at(tg, s, i, len)) != NULL)
			cs_from_lex(tg, e, cs);
		else
			cs_one(cs, M_PUNC);
		return;
	}
	for (size_t k = 0; k < rawlen; k++)
		if (raw[k] >= 'A' && raw[k] <= 'Z') {
			upper = 1;
			break;
		}
	/* Digits are caseless and never make a name; a non-ASCII first letter may. */
	lower = !upper && rawlen > 0 && (unsigned char)raw[0] < 0x80;
	start = !cased || at_start(s, i);

	/* festlex lists a few contractions, from odd uses ("the do's and don't's"). */
	if ((e = contraction(tg, w, len, &aux)) != NULL)
		*wf = aux | WF_CONTR;
	else if ((e = lookup_at(tg, s, i, len)) != NULL || (e = american(tg, w, len)) != NULL)
		*wf = e->flags;
	/* A word the lexicon knows only as a name ("Confession") is unknown in lower case. */
	if (e != NULL && lower && only_proper(tg, e))
		e = NULL;
	if (e == NULL) {
		unknown_cands(tg, w, len, upper ? (start ? 1 : 2) : lower ? 0 : 1, cs, wf);
		unknown_plural(tg, w, len, cs);
		return;
	}
	cs_from_lex(tg, e, cs);
	if (lower)
		cs_drop(cs, BIT(M_NNP) | BIT(M_NNPS));
	else if (upper && !start) {
		int found = 0;

		for (int k = 0; k < cs->n; k++)
			if (cs->tag[k] == M_NNP || cs->tag[k] == M_NNPS) {
				cs->e[k] += CAP_BONUS;
				found = 1;
			}
		if (!found)
			cs_add(cs, M_NNP, tg->nnp_floor + CAP_BONUS);
	}
}

/* Before the search: offer the verb forms a verb group calls for. */
static void
offer_forms(uint8_t state, const char *w, struct cset *cs)
{
	int i;

	switch (state) {
	case AUX_BE:
	case AUX_HAVE:
		if ((i = cs_find(cs, M_VBD)) >= 0 && cs_find(cs, M_VBN) < 0 &&
		    ends_with(w, strlen(w), "ed", 2))
			cs_add(cs, M_VBN, cs->e[i]);
		break;
	case AUX_DO:
	case AUX_MODAL:
	case AUX_TO:
		if ((i = cs_find(cs, M_VBP)) >= 0 && cs_find(cs, M_VB) < 0)
			cs_add(cs, M_VB, cs->e[i]);
		break;
	}
}

/*
 * Context the trigrams miss, applied to the candidates of the next token:
 * festlex's PRP is also PRP$, so "his talks" teaches it that a noun follows
 * a pronoun, but after he/she/we/they/I a word that can be a verb is one;
 * after "very" a verb is not; after "according to" a noun phrase follows,
 * not an infinitive.
 */
static void
constrain(struct cset *cs, uint16_t prevwf, int prepto)
{
	if ((prevwf & WF_NOM) && cs_any(cs, VERB_BITS | BIT(M_MD)))
		cs_drop(cs, BIT(M_NN) | BIT(M_NNS));
	else if (prevwf & WF_DEGREE)
		cs_drop(cs, BIT(M_VB) | BIT(M_VBP) | BIT(M_VBZ) | BIT(M_VBD));
	if (prepto)
		cs_drop(cs, BIT(M_VB) | BIT(M_VBP));
}

/* The verb-group state after a token, from its word alone (before the search). */
static uint8_t
pre_next(uint8_t state, uint16_t wf)
{
	if (wf & AUX_MASK)
		return wf & AUX_MASK;
	return (wf & WF_SKIP) ? state : AUX_NONE;
}

/* The same once the tag is known: an auxiliary must be tagged as one. */
static uint8_t
post_next(uint8_t state, uint16_t wf, int tag)
{
	uint8_t aux = (uint8_t)(wf & AUX_MASK);

	if (aux != AUX_NONE) {
		if (wf & WF_CONTR)
			return aux;
		switch (aux) {
		case AUX_MODAL:
			return tag == M_MD ? aux : AUX_NONE;
		case AUX_TO:
			return tag == M_TO ? aux : AUX_NONE;
		default:
			return (VERB_BITS & BIT(tag)) ? aux : AUX_NONE;
		}
	}
	if ((wf & WF_SKIP) && (tag == M_RB || tag == M_RBR || tag == M_RBS))
		return state;
	return AUX_NONE;
}

/* After the search: the verb form a verb group calls for. */
static int
fix_form(uint8_t state, const char *w, const struct cset *cs, int tag)
{
	switch (state) {
	case AUX_BE:
	case AUX_HAVE:
		if (tag == M_VBD && cs_find(cs, M_VBN) >= 0)
			return M_VBN;
		if (state == AUX_BE && tag == M_NN && cs_find(cs, M_VBG) >= 0 &&
		    ends_with(w, strlen(w), "ing", 2))
			return M_VBG;
		break;
	case AUX_DO:
	case AUX_MODAL:
		if ((tag == M_VBP || tag == M_VBD || tag == M_NN || tag == M_JJ) &&
		    cs_find(cs, M_VB) >= 0)
			return M_VB;
		break;
	case AUX_TO:
		if (tag == M_VBP && cs_find(cs, M_VB) >= 0)
			return M_VB;
		break;
	}
	return tag;
}

/*
 * Viterbi over positions 0..n+1 of w->cs, where 0 and 1 hold the two tags
 * of context and n tokens follow. States are (candidate at t-1, candidate
 * at t); w->mt receives the best tags of the n tokens.
 */
static void
viterbi(const struct tagger *tg, struct win *w, size_t n)
{
	float	d[2][MAXC][MAXC], best;
	int	cur = 1, bj = 0, bk = 0;

	d[cur][0][0] = 0;
	for (size_t t = 2; t < n + 2; t++) {
		const struct cset	*A = &w->cs[t - 2], *B = &w->cs[t - 1], *C = &w->cs[t];
		float			(*dp)[MAXC] = d[cur], (*dc)[MAXC] = d[cur ^ 1];

		for (int j = 0; j < B->n; j++) {
			for (int k = 0; k < C->n; k++) {
				const float	*tri = tg->tri;
				int		 bc = B->tag[j] * NMT + C->tag[k], bi = 0;
				float		 v, bv = NEG_INF * 2;

				for (int i = 0; i < A->n; i++) {
					v = dp[i][j] + tri[A->tag[i] * NMT * NMT + bc];
					if (v > bv) {
						bv = v;
						bi = i;
					}
				}
				dc[j][k] = bv + C->e[k];
				w->bp[t][j][k] = (uint8_t)bi;
			}
		}
		cur ^= 1;
	}
	best = NEG_INF * 2;
	for (int j = 0; j < w->cs[n].n; j++)
		for (int k = 0; k < w->cs[n + 1].n; k++)
			if (d[cur][j][k] > best) {
				best = d[cur][j][k];
				bj = j;
				bk = k;
			}
	for (size_t t = n + 1; t >= 2; t--) {
		int bi = w->bp[t][bj][bk];

		w->mt[t - 2] = w->cs[t].tag[bk];
		bk = bj;
		bj = bi;
	}
}

/*
 * Can word be a past tense (want M_VBD) or a participle (want M_VBN)? A word
 * the lexicon gives that tag can; so can a regular "-ed" form with the
 * other tag, since both have the same form, and an unknown "-ed" word.
 */
static int
can_be(const struct tagger *tg, const char *w, int want)
{
	size_t			 len = strlen(w);
	const struct lexent	*e = lookup(tg, w, len);
	int			 ed = ends_with(w, len, "ed", 2);

	if (e == NULL)
		return ed;
	for (int i = 0; i < e->ncand; i++)
		if (tg->cands[e->cand + i].tag == want ||
		    (ed && (tg->cands[e->cand + i].tag == M_VBN ||
		    tg->cands[e->cand + i].tag == M_VBD)))
			return 1;
	return 0;
}

static int
is_subject_pronoun(const char *w)
{
	return strcmp(w, "i") == 0 || strcmp(w, "we") == 0 || strcmp(w, "they") == 0 ||
	    strcmp(w, "you") == 0;
}

static int
is_article(const char *w)
{
	return strcmp(w, "the") == 0 || strcmp(w, "a") == 0 || strcmp(w, "an") == 0;
}

static int
ends_clause(const char *w)
{
	return strcmp(w, ";") == 0 || strcmp(w, ":") == 0;
}

/* Is there a finite verb after token i, before the clause ends (bounded)? */
static int
finite_follows(const struct sentence *s, const uint8_t *tags, size_t i)
{
	size_t end = s->ntok - i > 40 ? i + 40 : s->ntok;

	for (size_t k = i + 1; k < end; k++) {
		if (pos_is_finite(tags[k]))
			return 1;
		/* A relative clause's verb is not the one we look for. */
		if (tags[k] == POS_CC || tags[k] == POS_WDT || tags[k] == POS_WP ||
		    tags[k] == POS_WRB || ends_clause(s->words[k]))
			return 0;
	}
	return 0;
}

/* Does a finite verb of this word leave room for another clause ("said ...")? */
static int
takes_clause(const struct tagger *tg, const char *w)
{
	const struct lexent *e = lookup(tg, w, strlen(w));

	return e != NULL && (e->flags & WF_SAY);
}

/*
 * The treebank's "for the year ended June 30" teaches the model that a
 * participle follows a noun, so "the talks ended without a deal" comes out
 * VBN. Such a participle is a past tense when it is the clause's only verb:
 * right after its subject, with no finite verb before it in the clause
 * (a verb of saying does not count: "officials said the talks ended") and
 * none after it (which a reduced relative, "the man arrested yesterday was
 * freed", would need), and no "by" next. A participle right after "and",
 * when the verb before is a past tense, is one too ("burned tyres and
 * blocked roads"). Conversely a past form right after an article or a
 * possessive is a participle ("its failed policy"). And a base form right
 * after its subject, first verb of its clause, is a present tense
 * ("sanctions imposed by the UN remain"); a verb before it would make it an
 * infinitive ("let them go", "demanded that Iran stop").
 */
static void
fix_tense(const struct tagger *tg, const struct sentence *s, uint8_t *tags)
{
	int last_verb = -1, finite_before = 0, verb_before = 0;

	for (size_t i = 0; i < s->ntok; i++) {
		int t = tags[i];

		if (t == POS_VBD && i > 0 &&
		    (tags[i - 1] == POS_PRPS || is_article(s->words[i - 1])) &&
		    can_be(tg, s->words[i], M_VBN))
			tags[i] = (uint8_t)(t = POS_VBN);	/* "its failed policy" */
		else if (t == POS_VBN && i > 0 && can_be(tg, s->words[i], M_VBD)) {
			int prev = tags[i - 1];

			if (prev == POS_CC && last_verb == POS_VBD)
				t = POS_VBD;
			else if ((pos_is_noun(prev) || prev == POS_PRP) && !finite_before &&
			    (i + 1 == s->ntok || strcmp(s->words[i + 1], "by") != 0) &&
			    !finite_follows(s, tags, i))
				t = POS_VBD;
			tags[i] = (uint8_t)t;
		} else if (t == POS_VB && i > 0 && !verb_before && strcmp(s->words[i], "be") != 0 &&
		    (pos_is_noun(tags[i - 1]) || is_subject_pronoun(s->words[i - 1])))
			tags[i] = (uint8_t)(t = POS_VBP);
		if (pos_is_verb(t) || t == POS_MD)
			last_verb = t;
		if (t == POS_VB || t == POS_MD || pos_is_finite(t))
			verb_before = 1;
		if (pos_is_finite(t) && !takes_clause(tg, s->words[i]))
			finite_before = 1;
		else if (t == POS_CC || ends_clause(s->words[i]))
			finite_before = verb_before = 0;
	}
}

/* festlex has one tag for PRP and PRP$; split it back. */
static void
split_possessives(const struct sentence *s, uint8_t *tags)
{
	static const char *const poss[] = { "my", "your", "his", "its", "our", "their", NULL };

	for (size_t i = 0; i < s->ntok; i++) {
		const char *w = s->words[i];

		if (tags[i] != POS_PRP)
			continue;
		for (const char *const *p = poss; *p != NULL; p++)
			if (strcmp(w, *p) == 0)
				tags[i] = POS_PRPS;
		if (strcmp(w, "her") == 0 && i + 1 < s->ntok &&
		    (pos_is_noun(tags[i + 1]) || pos_is_adj(tags[i + 1]) || tags[i + 1] == POS_CD))
			tags[i] = POS_PRPS;
	}
}

int
tagger_tag(const struct tagger *tg, const struct sentence *s, uint8_t *tags)
{
	struct win	w;
	size_t		start = 0;
	uint8_t		p2 = M_NN, p1 = M_PUNC, pre = AUX_NONE, post = AUX_NONE;
	uint16_t	prevwf = 0;
	uint8_t		prepto = 0;
	int		cased;

	if (s->ntok == 0)
		return 0;
	cased = sentence_is_cased(s);
	while (start < s->ntok) {
		size_t n = s->ntok - start < WIN ? s->ntok - start : WIN, cut = n;

		cs_one(&w.cs[0], p2);
		cs_one(&w.cs[1], p1);
		for (size_t j = 0; j < n; j++) {
			w.pre[j] = pre;
			w.pto[j] = prepto;
			token_cands(tg, s, start + j, cased, &w.cs[j + 2], &w.wf[j]);
			constrain(&w.cs[j + 2], prevwf, prepto);
			prepto = (prevwf & WF_PREPTO) && (w.wf[j] & AUX_MASK) == AUX_TO;
			if (prepto)
				w.wf[j] &= (uint16_t)~AUX_MASK;
			offer_forms(pre, s->words[start + j], &w.cs[j + 2]);
			pre = pre_next(pre, w.wf[j]);
			prevwf = w.wf[j];
		}
		w.pre[n] = pre;
		w.pto[n] = prepto;
		if (start + n < s->ntok)
			for (size_t j = n; j-- > n / 2;)
				if (w.cs[j + 2].n == 1 && w.cs[j + 2].tag[0] == M_PUNC) {
					cut = j + 1;
					break;
				}
		viterbi(tg, &w, cut);
		for (size_t j = 0; j < cut; j++) {
			const char *word = s->words[start + j];

			w.mt[j] = (uint8_t)fix_form(post, word, &w.cs[j + 2], w.mt[j]);
			post = post_next(post, w.wf[j], w.mt[j]);
			tags[start + j] = mtags[w.mt[j]].pos;
		}
		pre = w.pre[cut];
		prepto = w.pto[cut];
		prevwf = w.wf[cut - 1];
		p2 = cut >= 2 ? w.mt[cut - 2] : p1;
		p1 = w.mt[cut - 1];
		start += cut;
	}
	split_possessives(s, tags);
	fix_tense(tg, s, tags);
	return 0;
}

/* ---------------------------------------------------------------- tag names and classes */

const char *
pos_name(int tag)
{
	return tag >= 0 && tag < _POS_MAX ? pos_names[tag] : "OTHER";
}

int
pos_from_name(const char *name)
{
	for (int t = 0; t < _POS_MAX; t++)
		if (strcmp(pos_names[t], name) == 0)
			return t;
	return -1;
}

enum pos_class
pos_coarse(int tag)
{
	return tag >= 0 && tag < _POS_MAX ? (enum pos_class)pos_classes[tag] : POSC_OTHER;
}

const char *
pos_class_name(enum pos_class c)
{
	return (int)c >= 0 && c < _POSC_MAX ? class_names[c] : "OTHER";
}

int
pos_is_noun(int tag)
{
	return tag == POS_NN || tag == POS_NNS || tag == POS_NNP || tag == POS_NNPS;
}

int
pos_is_proper(int tag)
{
	return tag == POS_NNP || tag == POS_NNPS;
}

int
pos_is_verb(int tag)
{
	return tag == POS_VB || tag == POS_VBD || tag == POS_VBG || tag == POS_VBN ||
	    tag == POS_VBP || tag == POS_VBZ;
}

int
pos_is_finite(int tag)
{
	return tag == POS_VBD || tag == POS_VBP || tag == POS_VBZ || tag == POS_MD;
}

int
pos_is_adj(int tag)
{
	return tag == POS_JJ || tag == POS_JJR || tag == POS_JJS;
}

int
pos_is_adv(int tag)
{
	return tag == POS_RB || tag == POS_RBR || tag == POS_RBS || tag == POS_WRB;
}

int
pos_is_nominal(int tag)
{
	return pos_is_noun(tag) || tag == POS_PRP || tag == POS_CD || tag == POS_EX ||
	    tag == POS_WP;
}
