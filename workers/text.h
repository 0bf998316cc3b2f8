/*
 * text: sentences and tokens with byte offsets into an article's text.
 *
 * Every offset is a byte position in the UTF-8 text given to the call
 * (not a character index), so records can point back at the exact bytes.
 * Functions are pure: no globals, safe from any thread.
 */
#ifndef NE_TEXT_H
#define NE_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A half-open byte range [start, end) of the text. */
struct span {
	uint32_t	start;
	uint32_t	end;
};

/* Token shape flags, computed once at tokenisation. */
enum {
	TOK_WORD	= 1 << 0,	/* letters/digits (with inner ' - . for "U.S.", "al-Maliki") */
	TOK_CAP		= 1 << 1,	/* first byte is an ASCII upper-case letter */
	TOK_ALLCAP	= 1 << 2,	/* every letter upper case, at least two letters */
	TOK_NUMBER	= 1 << 3,	/* starts with a digit */
	TOK_PUNCT	= 1 << 4,	/* a single punctuation mark (one code point) */
	TOK_QUOTE	= 1 << 5,	/* a quotation mark: " “ ” or a quote-like ' */
	TOK_POSS	= 1 << 6,	/* the possessive "'s" / "’s" / "'" split off a word */
	TOK_NONASCII	= 1 << 7,	/* contains bytes >= 0x80 */
	TOK_SENT_START	= 1 << 8	/* first token of its sentence */
};

struct token {
	uint32_t	start;		/* byte offsets into the text, [start, end) */
	uint32_t	end;
	uint16_t	flags;
};

/* Growable arrays; zero-initialise, then *_release() frees the storage. */
struct spanvec {
	struct span	*v;
	size_t		 n, cap;
};
struct tokvec {
	struct token	*v;
	size_t		 n, cap;
};

void	spanvec_release(struct spanvec *);	/* NULL-safe; leaves it empty and reusable */
void	tokvec_release(struct tokvec *);

/*
 * Split text[0, len) into sentences and append their spans to *out (which
 * is not cleared first). Leading and trailing whitespace is not part of a
 * span. A sentence ends at . ! ? (plus closing quotes/brackets) followed by
 * white space and a plausible sentence start, or at a blank line; it does not
 * end after abbreviations ("Dr.", "Gen.", "Inc."), single-letter initials
 * ("Ryan C. Crocker") or dotted acronyms ("U.S.") followed by a capitalised
 * word that is not a common sentence starter. Linear in len.
 * @returns 0, or -ENOMEM (out keeps what was appended).
 */
int	text_sentences(const char *text, size_t len, struct spanvec *out);

/*
 * Tokenise the bytes text[s.start, s.end) and append the tokens, with
 * offsets relative to text, to *out (not cleared first). Words keep inner
 * apostrophes, hyphens and dots ("al-Maliki", "U.S.", "3.5"); a possessive
 * "'s" becomes its own TOK_POSS token; every other punctuation mark is a
 * token of its own; white space separates and is dropped. Linear.
 * @returns 0, or -ENOMEM.
 */
int	text_tokens(const char *text, struct span s, struct tokvec *out);

/*
 * Write the lookup form of a token: ASCII letters lower-cased, other bytes
 * unchanged, truncated to bufsz-1 bytes and NUL-terminated.
 * @returns the length written.
 */
size_t	text_lower(const char *text, const struct token *t, char *buf, size_t bufsz);

#endif /* NE_TEXT_H */
