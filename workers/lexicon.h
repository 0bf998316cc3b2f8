/*
 * lexicon: the coder's dictionaries, compiled into one immutable snapshot.
 *
 * Loaded once from a directory of plain-text files (workers/lexicon/README.md)
 * and then only read, by any number of threads at once. The snapshot is
 * reference-counted so that a reload can swap in a new one while workers
 * finish with the old.
 */
#ifndef NE_LEXICON_H
#define NE_LEXICON_H

#include <stddef.h>
#include <stdint.h>

struct lexicon;	/* opaque, immutable once loaded */
struct tagger;
struct gazetteer;
struct tone_lexicon;
struct plover;

/* What a phrase means. */
enum lex_kind {
	LEX_ACTOR,	/* a named actor: country, alias, capital, organisation */
	LEX_DEMONYM,	/* an adjective or plural noun of a country: "Iranian(s)" */
	LEX_ROLE,	/* a role word giving a sector: "foreign minister"; code "-" (wn_roles.tsv)
			 * for a person or group noun of no known sector: "hackers" */
	LEX_NOUN_EVENT,	/* a nominal event: "talks", "sanctions" */
	LEX_PERSON,	/* a named person: "vladimir putin", "putin" (people.txt) */
	LEX_SAY,	/* a reporting verb: "say", "tell", "according to" (grammar.txt) */
	LEX_CONTROL,	/* a word taking "to" + verb: "plan to", "refuse to" */
	LEX_OBJCONTROL,	/* a verb taking object + "to" + verb: "urge", "call on" */
	LEX_LIGHT,	/* a verb whose noun object is the event: "hold" (talks) */
	LEX_NOTEVENT,	/* words that look like an event and are none: "heart attack" */
	_LEX_KIND_MAX
};

/*
 * One dictionary line. Lives as long as the snapshot. Records name it as
 * "FILE:KEY" when it has a key, else "FILE:LINE": a file generated from
 * Debian's data gets a key that does not move when that data does
 * (countries.tsv: the ISO3 code; demonyms.tsv: the demonym as written),
 * a hand-written file keeps its line numbers.
 */
struct lex_entry {
	enum lex_kind	 kind;
	const char	*code;		/* actor code, ISO3 country, sector, or CAMEO code */
	const char	*phrase;	/* lower-cased tokens joined by single spaces */
	const char	*file;		/* base name of the file it came from */
	const char	*key;		/* stable name in file, or NULL: name it by line */
	uint32_t	 line;
	uint32_t	 ntok;		/* tokens in phrase */
};

/* Word classes (classes.txt, wn_classes.tsv): at most this many. */
#define LEX_MAX_CLASSES		64
/* The class a pattern word "{name}" names: any capitalised word in mid-sentence. */
#define LEX_CLASS_NAME		LEX_MAX_CLASSES

/* A verb pattern: lemma, then words that must follow in order. */
struct verb_pattern {
	const char		*code;		/* CAMEO code */
	const char		*lemma;
	const char *const	*words;		/* nwords further words (lower case) */
	const int8_t		*wclass;	/* per further word: its class for "{class}",
						 * LEX_CLASS_NAME for "{name}", -1 for a word */
	uint32_t		 nwords;
	uint32_t		 nclasses;	/* further words that are classes */
	const char		*text;		/* the pattern as written */
	const char		*file;
	uint32_t		 line;
};

/*
 * A recoding of an event under a governing word (modality.txt): "would
 * meet" is an intent to meet (04 -> 036), "refused to release" a refusal
 * (084 -> 1243). keep: the event keeps its own code ("="); otherwise to is
 * the new code, or NULL when the mode cancels the event ("-").
 */
struct transform {
	const char	*mode;		/* "intent", "threat", "refuse", "appeal", "demand" */
	const char	*from;		/* CAMEO code prefix matched, or "*" */
	const char	*to;		/* CAMEO code, or NULL */
	int		 keep;
	const char	*file;
	uint32_t	 line;
};

/* One CAMEO code of cameo.txt. */
struct cameo_code {
	const char	*code;
	const char	*label;
	double		 goldstein;
};

/*
 * Load every dictionary file of dir. On a malformed line, a missing file or a
 * code that cameo.txt does not define, fails with "FILE:LINE: why" in errbuf.
 * The models of the optional stages load with it when their files are in
 * dir: the part-of-speech tagger (pos_lexicon.tsv, pos.h), the gazetteer
 * (cities.tsv, places.h) and the tone lexicon (tone.txt, tone.h). A stage
 * whose file is absent is skipped (its getter returns NULL); a stage whose
 * files are present but bad fails the load like any other file.
 * @returns 0 and a new snapshot (refcount 1) in *ret; -EINVAL (bad data),
 * -ENOENT/-errno (I/O) or -ENOMEM, with *ret untouched.
 */
int	lexicon_load(const char *dir, struct lexicon **ret, char *errbuf, size_t errbufsz);

/* @returns lx with one more reference. @locality any thread (atomic). */
struct lexicon	*lexicon_ref(struct lexicon *lx);
/* Drop a reference, freeing on the last. NULL-safe. @returns NULL. */
struct lexicon	*lexicon_unref(struct lexicon *lx);

/*
 * Longest phrase of the given kind that starts at words[0]. words are the
 * lower-cased tokens of a sentence from the start position on (nwords of
 * them). @returns the entry and its length in tokens in *ret_ntok, or NULL.
 */
const struct lex_entry	*lexicon_match(const struct lexicon *, enum lex_kind,
			    const char *const *words, size_t nwords, size_t *ret_ntok);

struct sentence;

/*
 * lexicon_match() of the words of s from token i on, with the lengths and
 * hashes the sentence carries (sentence.h; computed here when it has none),
 * so that the first word, where most scans stop, is not hashed again.
 * @returns the same.
 */
const struct lex_entry	*lexicon_match_at(const struct lexicon *, enum lex_kind,
			    const struct sentence *s, size_t i, size_t *ret_ntok);

/* lexicon_word_kinds() bit for a word that may be a form of a patterned verb. */
#define LEX_WORD_VERB	(1u << _LEX_KIND_MAX)

/*
 * What a lower-case word can begin: bit (1 << kind) when some phrase of that
 * kind starts with it (for the grammar kinds, whose first word matches by
 * lemma, also when it may be a form of that word), LEX_WORD_VERB when it
 * may be an inflected form of a verb with patterns. The bits are a filter:
 * a word without the bit of a kind begins no phrase of it, a word with it
 * may. One hash lookup, so that the stages can skip the
 * phrase lookups a word cannot start (most words start none).
 * @returns the bits, 0 for a word that starts nothing.
 */
uint32_t	lexicon_word_kinds(const struct lexicon *, const char *word);

/* lexicon_word_kinds() of word i of s, by the hash the sentence carries when it has one. */
uint32_t	lexicon_word_kinds_at(const struct lexicon *, const struct sentence *s, size_t i);

/*
 * The lemma of a verb form ("met" -> "meet", "attacked" -> "attack") when
 * that lemma has at least one pattern; WordNet's exception list first, then
 * its suffix rules checked against the lemma list. word is lower case.
 * @returns a string owned by the snapshot, or NULL.
 */
const char	*lexicon_verb_lemma(const struct lexicon *, const char *word);

/*
 * The patterns of a lemma, longest (most specific) first.
 * @returns a pointer to *ret_n consecutive patterns, or NULL with *ret_n 0.
 */
const struct verb_pattern	*lexicon_verb_patterns(const struct lexicon *, const char *lemma,
				    size_t *ret_n);

/*
 * The longest case-sensitive single-token actor alias equal to the bytes
 * tok[0, len) (actors.txt lines written "^US": the all-capital "US" is the
 * United States, the lower-case "us" a pronoun).
 * @returns the entry, or NULL.
 */
const struct lex_entry	*lexicon_match_cased(const struct lexicon *, const char *tok, size_t len);

/*
 * The WordNet lemma of any verb form, patterns or not ("signalled" ->
 * "signal", "told" -> "tell"); word is lower case.
 * @returns a string owned by the snapshot, or NULL if word is no verb form.
 */
const char	*lexicon_lemma(const struct lexicon *, const char *word);

/*
 * How an event of code changes under mode: the entry of modality.txt whose
 * FROM is the longest prefix of code ("0841", then "084", then "08"), else
 * the mode's catch-all ("*"). @returns the entry, or NULL when the mode
 * leaves code as it is.
 */
const struct transform	*lexicon_transform(const struct lexicon *, const char *mode, const char *code);

/*
 * The classes of a lower-case word (bit k: the class lexicon_class_id()
 * gives k): "curfew" is a restriction, "prisoners" a person.
 * @returns the bits, 0 for a word of no class.
 */
uint64_t	lexicon_word_classes(const struct lexicon *, const char *word);

/* @returns the id (0..LEX_MAX_CLASSES-1) of the class called name, or -1. */
int		lexicon_class_id(const struct lexicon *, const char *name);

/*
 * What the snapshot was loaded from, as 16 lower-case hex digits: a 64-bit
 * content hash (dictfile.h) of every file it read, names and bytes, in a
 * fixed order, the optional stages' files included (an absent stage counts
 * as absent). Two loads of the same files give the same version; a changed
 * byte in any of them, a file added or removed, gives another. Records and
 * status reports carry it so that a record says what coded it.
 * @returns a string owned by the snapshot. @locality any thread.
 */
const char	*lexicon_version(const struct lexicon *);

/* The optional stages' models, owned by the snapshot. @returns NULL when not loaded. */
const struct tagger		*lexicon_tagger(const struct lexicon *);
const struct gazetteer		*lexicon_gazetteer(const struct lexicon *);
const struct tone_lexicon	*lexicon_tone(const struct lexicon *);
/* CAMEO -> PLOVER (plover.h), or NULL when plover.txt is not in the directory. */
const struct plover		*lexicon_plover(const struct lexicon *);

/* @returns the CAMEO code's entry, or NULL if cameo.txt does not define it. */
const struct cameo_code	*lexicon_cameo(const struct lexicon *, const char *code);

/* Counts, for reports and benchmarks. */
struct lexicon_stats {
	size_t	phrases[_LEX_KIND_MAX];
	size_t	verb_patterns;
	size_t	verb_lemmas;
	size_t	verb_exceptions;
	size_t	cameo_codes;
	size_t	transforms;
	int	tagger, gazetteer, tone;	/* 1 when the optional stage loaded */
	size_t	bytes;		/* memory held by the snapshot, optional stages included */
};
void	lexicon_stats(const struct lexicon *, struct lexicon_stats *ret);

#endif /* NE_LEXICON_H */
