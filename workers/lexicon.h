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

/* What a phrase means. */
enum lex_kind {
	LEX_ACTOR,	/* a named actor: country, alias, capital, organisation */
	LEX_DEMONYM,	/* an adjective or plural noun of a country: "Iranian(s)" */
	LEX_ROLE,	/* a role word giving a sector: "foreign minister" */
	LEX_NOUN_EVENT,	/* a nominal event: "talks", "sanctions" */
	_LEX_KIND_MAX
};

/* One dictionary line. Lives as long as the snapshot. */
struct lex_entry {
	enum lex_kind	 kind;
	const char	*code;		/* actor code, ISO3 country, sector, or CAMEO code */
	const char	*phrase;	/* lower-cased tokens joined by single spaces */
	const char	*file;		/* base name of the file it came from */
	uint32_t	 line;
	uint32_t	 ntok;		/* tokens in phrase */
};

/* A verb pattern: lemma, then words that must follow in order. */
struct verb_pattern {
	const char		*code;		/* CAMEO code */
	const char		*lemma;
	const char *const	*words;		/* nwords further words (lower case) */
	uint32_t		 nwords;
	const char		*text;		/* the pattern as written */
	const char		*file;
	uint32_t		 line;
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

/* @returns the CAMEO code's entry, or NULL if cameo.txt does not define it. */
const struct cameo_code	*lexicon_cameo(const struct lexicon *, const char *code);

/* Counts, for reports and benchmarks. */
struct lexicon_stats {
	size_t	phrases[_LEX_KIND_MAX];
	size_t	verb_patterns;
	size_t	verb_lemmas;
	size_t	verb_exceptions;
	size_t	cameo_codes;
	size_t	bytes;		/* memory held by the snapshot */
};
void	lexicon_stats(const struct lexicon *, struct lexicon_stats *ret);

#endif /* NE_LEXICON_H */
