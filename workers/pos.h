/*
 * pos: part-of-speech tags for the tokens of a sentence.
 *
 * A second-order hidden Markov model (trigram Viterbi) over the Penn
 * Treebank tags of the festlex-poslex model, which workers/gen/poslex.sh
 * converts at build time into two files of a lexicon directory:
 *
 *   pos_lexicon.tsv    WORD<TAB>TAG<TAB>LOGP     ln P(word | tag), word in lower case
 *   pos_trigrams.tsv   T1<TAB>T2<TAB>T3<TAB>COUNT tag trigram counts, T1 oldest
 *
 * Tags are festlex's lower-case spellings ("nn", "vbd"), plus "punc" for
 * every punctuation mark and "of" for the word "of". Blank lines and
 * comments are skipped as in every dictionary file (dictfile.h), where
 * "#<TAB>punc..." is data: the lexicon entry of the word "#".
 *
 * The loaded model is immutable and may be shared by any number of threads.
 */
#ifndef NE_POS_H
#define NE_POS_H

#include <stddef.h>
#include <stdint.h>

struct sentence;
struct tagger;	/* opaque, immutable once loaded */

/*
 * The tags tagger_tag() writes, Penn Treebank names in the comments. Every
 * tag of the festlex model has a value here except two that festlex leaves
 * undocumented ("1" and "2"), which the tagger never produces. festlex folds
 * PRP$ into PRP and tags all punctuation alike; the tagger splits the
 * possessive pronouns back out (POS_PRPS) and gives every punctuation mark
 * POS_PUNCT. "of" is POS_IN, as in the Penn Treebank. Values are stable
 * within one build only; store names (pos_name()), not numbers.
 */
enum pos {
	POS_NN,		/* noun, singular or mass */
	POS_NNS,	/* noun, plural */
	POS_NNP,	/* proper noun, singular */
	POS_NNPS,	/* proper noun, plural */
	POS_VB,		/* verb, base form ("will meet", "to meet") */
	POS_VBD,	/* verb, past tense ("met") */
	POS_VBG,	/* verb, gerund or present participle ("meeting") */
	POS_VBN,	/* verb, past participle ("was hosted") */
	POS_VBP,	/* verb, non-3rd person singular present ("they meet") */
	POS_VBZ,	/* verb, 3rd person singular present ("she meets") */
	POS_JJ,		/* adjective */
	POS_RB,		/* adverb ("not" too) */
	POS_IN,		/* preposition or subordinating conjunction */
	POS_DT,		/* determiner */
	POS_PRP,	/* personal pronoun */
	POS_PRPS,	/* possessive pronoun, Penn "PRP$" */
	POS_MD,		/* modal */
	POS_TO,		/* "to" */
	POS_CC,		/* coordinating conjunction */
	POS_CD,		/* cardinal number */
	POS_POS,	/* possessive ending "'s" */
	POS_WDT,	/* wh-determiner */
	POS_WP,		/* wh-pronoun (and WP$ "whose") */
	POS_PUNCT,	/* any punctuation mark */
	POS_OTHER,	/* none of these (never produced by tagger_tag) */
	POS_JJR,	/* adjective, comparative */
	POS_JJS,	/* adjective, superlative */
	POS_RBR,	/* adverb, comparative */
	POS_RBS,	/* adverb, superlative */
	POS_RP,		/* particle ("broke off") */
	POS_PDT,	/* predeterminer ("all the") */
	POS_EX,		/* existential "there" */
	POS_WRB,	/* wh-adverb */
	POS_FW,		/* foreign word */
	POS_UH,		/* interjection */
	POS_SYM,	/* symbol */
	POS_LS,		/* list item marker */
	_POS_MAX
};

/* Coarse classes, close to the Universal Dependencies ones. */
enum pos_class {
	POSC_NOUN,	/* NN NNS NNP NNPS */
	POSC_VERB,	/* VB VBD VBG VBN VBP VBZ MD */
	POSC_ADJ,	/* JJ JJR JJS */
	POSC_ADV,	/* RB RBR RBS WRB */
	POSC_PRON,	/* PRP PRP$ WP EX */
	POSC_DET,	/* DT PDT WDT */
	POSC_ADP,	/* IN RP */
	POSC_NUM,	/* CD */
	POSC_CONJ,	/* CC */
	POSC_PART,	/* TO POS */
	POSC_PUNCT,	/* PUNCT */
	POSC_OTHER,	/* FW UH SYM LS OTHER */
	_POSC_MAX
};

/*
 * Load pos_lexicon.tsv and pos_trigrams.tsv from dir. A malformed line, an
 * unknown tag or an empty file fails with "FILE:LINE: why" (or "FILE: why")
 * in errbuf, FILE being the file's base name; a file that cannot be read
 * with "PATH: why".
 * @returns 0 and a new tagger in *ret; -EINVAL (bad data), -errno (I/O) or
 * -ENOMEM, with *ret untouched.
 * @locality any thread; takes well under 100 ms.
 */
int	tagger_load(const char *dir, struct tagger **ret, char *errbuf, size_t errbufsz);

/* Free a tagger. NULL is a no-op. @locality once no thread uses it. */
void	tagger_free(struct tagger *);

/*
 * Tag the s->ntok tokens of s, writing one enum pos value per token to
 * tags[0..ntok). s->words are the lower-cased tokens (text_lower()); the
 * token flags (TOK_CAP, TOK_PUNCT, TOK_POSS, TOK_SENT_START...) and the
 * original text give the shape. s and tg are borrowed, read only.
 *
 * Unknown words are guessed from their shape and suffix; capitalised words
 * inside a sentence may be proper nouns even when the lexicon knows them
 * otherwise. A contraction that the tokeniser keeps whole takes the tag of
 * its first part: "didn't" VBD, "won't" MD, "it's" PRP, "let's" VB. After a
 * form of "be" or "have" a past form is a participle ("was hosted" VBN);
 * after "do" or a modal a verb is in its base form ("did point" VB).
 *
 * Memory: a fixed buffer of about 15 KB on the stack and nothing on the
 * heap. A sentence longer than 128 tokens is decoded in windows of at most
 * 128, cut after a punctuation mark where there is one, each window
 * starting from the last two tags of the one before; within a window the
 * decoding is exact. Time is linear in ntok.
 * @returns 0 (also for ntok 0, when tags is not touched).
 * @locality any thread, any number at once.
 */
int	tagger_tag(const struct tagger *tg, const struct sentence *s, uint8_t *tags);

/* Counts, for reports and benchmarks. */
struct tagger_stats {
	size_t	words;		/* lexicon entries */
	size_t	pairs;		/* (word, tag) pairs kept */
	size_t	trigrams;	/* non-zero trigram counts read */
	size_t	bytes;		/* memory held by the model */
	uint64_t digest;	/* content hash of the files read (dictfile.h) */
};
void	tagger_stats(const struct tagger *, struct tagger_stats *ret);

/* @returns the Penn name ("NN", "PRP$", "PUNCT", "OTHER" when out of range). Static storage. */
const char	*pos_name(int tag);
/* @returns the tag with that Penn name, or -1. */
int		 pos_from_name(const char *name);
/* @returns the coarse class of a tag (POSC_OTHER when out of range). */
enum pos_class	 pos_coarse(int tag);
/* @returns "NOUN", "VERB", ... Static storage. */
const char	*pos_class_name(enum pos_class);

/* Predicates the coder asks most; each @returns 1 or 0. */
int	pos_is_noun(int tag);		/* NN NNS NNP NNPS */
int	pos_is_proper(int tag);		/* NNP NNPS */
int	pos_is_verb(int tag);		/* VB VBD VBG VBN VBP VBZ (not MD) */
int	pos_is_finite(int tag);		/* VBD VBP VBZ MD: can head a clause */
int	pos_is_adj(int tag);		/* JJ JJR JJS */
int	pos_is_adv(int tag);		/* RB RBR RBS WRB */
int	pos_is_nominal(int tag);	/* nouns, pronouns, CD: can fill an actor slot */

#endif /* NE_POS_H */
