/*
 * text: split an article into sentences and a sentence into tokens, keeping
 * byte offsets into the original text.
 *
 * Both passes walk the text once, left to right, one code point at a time,
 * and look a bounded distance back or ahead (at most a word) at each
 * decision point, so they are linear in the length of their input. Nothing
 * here allocates except the output arrays, which grow geometrically.
 *
 * The bytes are UTF-8, but nothing relies on that: a byte that does not begin
 * a well-formed sequence counts as one code point of its own and is treated
 * as a word byte, so invalid input costs accuracy, never safety. ASCII
 * control characters (NUL included) are white space. A handful of Unicode
 * spaces (no-break, thin, ideographic...) are white space too, and the
 * Unicode punctuation used in news copy (curly quotes, dashes, ellipsis,
 * guillemets, currency signs) is punctuation. Every other code point above
 * ASCII is a word byte, so accented and non-Latin letters stay inside words.
 *
 * Sentences. A sentence ends at a blank line, or at a run of . ! ? or "…",
 * plus any closing quotes and brackets, followed by white space and a
 * plausible start. Whether the next word is a plausible start depends on the
 * word before a lone dot:
 *   - a title such as "Dr." or "Gen." (also "e.g.", "vs.", "No."): never;
 *   - a "soft" abbreviation that may end a sentence ("Inc.", "Jan.", "St."),
 *     a capital initial ("C.") or a dotted acronym ("U.S."): only
 *     before an opening quote or bracket or a common sentence starter ("The",
 *     "He", "In", "However"...), so "the U.S. Ambassador" stays whole but
 *     "in the U.S. He left" splits;
 *   - any other word: before anything except a lower-case letter. "etc." is
 *     such a word: it ends a list mid-sentence only before lower case.
 * A closing quote after the dot cancels the abbreviation rules: '... the
 * U.S." Crocker said' ends after the quote; a closing bracket does not
 * ("Ocasio-Cortez (D-N.Y.) Thursday" is one sentence).
 *
 * Tokens. A word is a run of word bytes; an inner ' ’ - ‐ or . stays in it
 * when a word byte follows ("don't", "al-Maliki", "3.5"), as does a comma
 * between digit groups ("1,000"). A dotted acronym of single letters keeps
 * its final dot ("U.S."), any other word gives the dot back ("Iraq", ".").
 * Contractions stay one token ("don't", "it's"): only a possessive "'s" is
 * split off, and "'s" after it/he/she/that/there/what/who/here/where/let/how
 * is read as a contraction. A bare trailing apostrophe after a word ending
 * in s is possessive ("Iraqis'") unless a single quotation is open. A
 * possessive token carries TOK_POSS only (plus TOK_NONASCII for "’s").
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define IS_UPPER(c)	((c) >= 'A' && (c) <= 'Z')
#define IS_LOWER(c)	((c) >= 'a' && (c) <= 'z')
#define IS_DIGIT(c)	((c) >= '0' && (c) <= '9')
#define IS_ALPHA(c)	(IS_UPPER(c) || IS_LOWER(c))
#define IS_ALNUM(c)	(IS_ALPHA(c) || IS_DIGIT(c))
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* No abbreviation, starter or acronym we test for is longer than this. */
#define SHORT_WORD_MAX	16

/* ------------------------------------------------------------ arrays */

/* Make room for element n of a vector; capacity doubles, from 16. */
static int
reserve(void **v, size_t n, size_t *cap, size_t elsize)
{
	size_t	 ncap = *cap ? *cap : 16;
	void	*nv;

	if (n < *cap)
		return 0;
	while (ncap <= n) {
		if (ncap > SIZE_MAX / 2 / elsize)
			return -ENOMEM;
		ncap *= 2;
	}
	if ((nv = realloc(*v, ncap * elsize)) == NULL)
		return -ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

static int
span_push(struct spanvec *sv, size_t start, size_t end)
{
	void	*v = sv->v;

	if (reserve(&v, sv->n, &sv->cap, sizeof(*sv->v)) < 0)
		return -ENOMEM;
	sv->v = v;
	sv->v[sv->n++] = (struct span){ (uint32_t) start, (uint32_t) end };
	return 0;
}

static int
tok_push(struct tokvec *tv, size_t start, size_t end, unsigned flags)
{
	void	*v = tv->v;

	if (reserve(&v, tv->n, &tv->cap, sizeof(*tv->v)) < 0)
		return -ENOMEM;
	tv->v = v;
	tv->v[tv->n++] = (struct token){ (uint32_t) start, (uint32_t) end, (uint16_t) flags };
	return 0;
}

/*
 * spanvec_release, tokvec_release: free the storage and leave the vector
 * empty, ready for reuse. NULL is a no-op.
 * @locality any thread (the vector belongs to the caller)
 */
void
spanvec_release(struct spanvec *sv)
{
	if (sv == NULL)
		return;
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

void
tokvec_release(struct tokvec *tv)
{
	if (tv == NULL)
		return;
	free(tv->v);
	tv->v = NULL;
	tv->n = tv->cap = 0;
}

/* ------------------------------------------------------------ code points */

/*
 * Decode the code point at p[i], never reading at or past p[end].
 * @returns its length in bytes (>= 1). A byte that does not begin a
 * well-formed sequence is one code point, U+DC80..U+DCFF (the "surrogate
 * escape" of that byte), which no other rule matches: a word byte.
 */
static size_t
decode(const unsigned char *p, size_t i, size_t end, uint32_t *cp)
{
	static const uint32_t	least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned		c = p[i];
	size_t			n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2, k;
	uint32_t		v = c & (0x7F >> n);

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	for (k = 1; k < n && i + k < end && (p[i + k] & 0xC0) == 0x80; k++)
		v = v << 6 | (p[i + k] & 0x3F);
	if (c < 0xC0 || c > 0xF4 || k < n || v < least[n] || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xDC00 | c;
		return 1;
	}
	*cp = v;
	return n;
}

static int
is_space(uint32_t cp)
{
	return cp <= 0x20 || cp == 0x7F || cp == 0x85 || cp == 0xA0 ||
	    (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* Non-ASCII punctuation and symbols; not letters (ª µ º), digits (² ¹ ¼), the soft hyphen. */
static const struct {
	uint32_t	lo, hi;
} upunct[] = {
	{ 0xA1, 0xA9 }, { 0xAB, 0xAC }, { 0xAE, 0xB1 }, { 0xB4, 0xB4 }, { 0xB6, 0xB8 },
	{ 0xBB, 0xBB }, { 0xBF, 0xBF }, { 0xD7, 0xD7 }, { 0xF7, 0xF7 }, { 0x2010, 0x2027 },
	{ 0x2030, 0x205E }, { 0x20A0, 0x20BF }, { 0x3001, 0x3003 }, { 0x3008, 0x3011 },
};

static int
is_punct(uint32_t cp)
{
	size_t	i;

	if (cp < 0x80)
		return cp > 0x20 && cp < 0x7F && !IS_ALNUM(cp);
	for (i = 0; i < NELEM(upunct); i++)
		if (cp >= upunct[i].lo && cp <= upunct[i].hi)
			return 1;
	return 0;
}

static int
is_word(uint32_t cp)
{
	return !is_space(cp) && !is_punct(cp);
}

static int
word_at(const unsigned char *p, size_t i, size_t end)
{
	uint32_t	cp;

	if (i >= end)
		return 0;
	(void) decode(p, i, end, &cp);
	return is_word(cp);
}

/* The roles a punctuation mark can play; '"' both opens and closes. */
enum {
	M_QUOTE = 1 << 0,	/* TOK_QUOTE */
	M_OPEN = 1 << 1,	/* may open a sentence */
	M_CLOSE = 1 << 2,	/* may follow its final . ! ? */
	M_TERM = 1 << 3,	/* ends a sentence: . ! ? … */
	M_APOS = 1 << 4,	/* apostrophe inside a word */
	M_HYPHEN = 1 << 5	/* hyphen inside a word */
};

static const struct {
	uint32_t	cp;
	unsigned	roles;
} marks[] = {
	{ '!', M_TERM }, { '"', M_QUOTE | M_OPEN | M_CLOSE },
	{ '\'', M_QUOTE | M_OPEN | M_CLOSE | M_APOS }, { '(', M_OPEN }, { ')', M_CLOSE },
	{ '-', M_HYPHEN }, { '.', M_TERM }, { '?', M_TERM }, { '[', M_OPEN }, { ']', M_CLOSE },
	{ '`', M_QUOTE | M_OPEN }, { '{', M_OPEN }, { '}', M_CLOSE }, { 0xAB, M_QUOTE | M_OPEN },
	{ 0xBB, M_QUOTE | M_CLOSE }, { 0x2010, M_HYPHEN }, { 0x2011, M_HYPHEN },
	{ 0x2018, M_QUOTE | M_OPEN }, { 0x2019, M_QUOTE | M_CLOSE | M_APOS },
	{ 0x201A, M_QUOTE | M_OPEN }, { 0x201B, M_QUOTE }, { 0x201C, M_QUOTE | M_OPEN },
	{ 0x201D, M_QUOTE | M_CLOSE }, { 0x201E, M_QUOTE | M_OPEN }, { 0x201F, M_QUOTE },
	{ 0x2026, M_TERM }, { 0x2039, M_QUOTE | M_OPEN }, { 0x203A, M_QUOTE | M_CLOSE },
};

static unsigned
roles(uint32_t cp)
{
	size_t	i;

	if (cp < 0x80) {	/* without the search: most text is ASCII */
		switch (cp) {
		case '!': case '"': case '\'': case '(': case ')': case '-': case '.': case '?':
		case '[': case ']': case '`': case '{': case '}':
			break;
		default:
			return 0;
		}
	}
	for (i = 0; i < NELEM(marks); i++)
		if (marks[i].cp == cp)
			return marks[i].roles;
	return 0;
}

/* ------------------------------------------------------------ word lists */

/* Abbreviations that precede what they qualify: never the end of a sentence. */
static const char *const abbrev_title[] = {
	"Adm", "Amb", "Atty", "Brig", "Capt", "Cmdr", "Col", "Cpl", "Dr", "Fig", "Fr",
	"Ft", "Gen", "Gov", "Hon", "Lt", "Maj", "Mr", "Mrs", "Ms", "Msgr", "Mt", "No",
	"Nos", "Pres", "Prof", "Pvt", "Rep", "Rev", "Sen", "Sgt", "Supt", "Vol",
	"approx", "cf", "e.g", "i.e", "vs",
};

/* Abbreviations that can also close a sentence ("... of Acme Inc. The ..."). */
static const char *const abbrev_soft[] = {
	"Apr", "Aug", "Ave", "Blvd", "Bros", "Co", "Corp", "Dec", "Dept", "Feb", "Inc",
	"Jan", "Jr", "Jul", "Jun", "Ltd", "Mar", "Nov", "Oct", "Ph.D", "Rd", "Sep",
	"Sept", "Sr", "St", "Univ", "al",
};

/* Capitalised words that commonly open a sentence in news copy. */
static const char *const starters[] = {
	"A", "According", "After", "Also", "Although", "An", "And", "As", "At", "But",
	"By", "During", "Earlier", "For", "He", "Her", "His", "However", "I", "If",
	"In", "It", "Its", "Last", "Later", "Many", "Meanwhile", "Moreover", "Most",
	"No", "Nor", "Now", "Officials", "On", "One", "Our", "She", "Since", "So",
	"Some", "Still", "That", "The", "Their", "Then", "There", "These", "They",
	"This", "Those", "Thus", "To", "Under", "We", "What", "When", "While", "Who",
	"Why", "With", "Yet", "You",
};

static int
in_list(const char *const *list, size_t n, const unsigned char *w, size_t len)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], w, len) == 0)
			return 1;
	return 0;
}

/* @returns 1 if w[0, len) is two or more single ASCII letters joined by dots ("U.S", "a.m"). */
static int
is_dotted_acronym(const unsigned char *w, size_t len)
{
	size_t	i;

	if (len < 3 || len % 2 == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (i % 2 == 0 ? !IS_ALPHA(w[i]) : w[i] != '.')
			return 0;
	return 1;
}

/* ------------------------------------------------------------ sentences */

enum dot_kind {
	DOT_PLAIN,	/* an ordinary word (or no word) before the dot */
	DOT_TITLE,	/* "Dr.": never ends a sentence */
	DOT_SOFT	/* "Inc.", "C.", "U.S.": ends one only before a starter */
};

/*
 * Classify the word of ASCII letters and dots that ends just before the dot
 * at p[dot]. Looks back at most SHORT_WORD_MAX bytes.
 */
static enum dot_kind
dot_kind(const unsigned char *p, size_t dot)
{
	size_t			 b = dot, len;
	const unsigned char	*w;

	while (b > 0 && dot - b <= SHORT_WORD_MAX && (IS_ALPHA(p[b - 1]) || p[b - 1] == '.'))
		b--;
	len = dot - b;
	w = p + b;
	if (len == 0 || len > SHORT_WORD_MAX || w[0] == '.')
		return DOT_PLAIN;
	if (b > 0 && (IS_ALNUM(p[b - 1]) || p[b - 1] >= 0x80))
		return DOT_PLAIN;	/* "2007." or the tail of a longer word */
	if (in_list(abbrev_title, NELEM(abbrev_title), w, len))
		return DOT_TITLE;
	if (in_list(abbrev_soft, NELEM(abbrev_soft), w, len))
		return DOT_SOFT;
	if ((len == 1 && IS_UPPER(w[0])) || is_dotted_acronym(w, len))
		return DOT_SOFT;
	return DOT_PLAIN;
}

/*
 * Skip white space from p[i]; count line breaks in *nl (CR LF is one, U+2029
 * is two so that it acts as a blank line).
 * @returns the offset of the first byte that is not white space.
 */
static size_t
skip_space(const unsigned char *p, size_t i, size_t end, unsigned *nl)
{
	uint32_t	cp;
	size_t		n;

	*nl = 0;
	while (i < end) {
		if (p[i] > 0x20 && p[i] < 0x7F)
			break;	/* ASCII that is not white space, without decoding */
		if (p[i] < 0x80) {	/* the rest of ASCII is white space */
			if (p[i] == '\n' || (p[i] == '\r' && (i + 1 == end || p[i + 1] != '\n')))
				(*nl)++;
			i++;
			continue;
		}
		n = decode(p, i, end, &cp);
		if (!is_space(cp))
			break;
		if (cp == '\n' || (cp == '\r' && (i + 1 == end || p[i + 1] != '\n')) ||
		    cp == 0x2028)
			(*nl)++;
		else if (cp == 0x2029)
			*nl += 2;
		i += n;
	}
	return i;
}

static int
is_starter(const unsigned char *p, size_t i, size_t end)
{
	size_t	j = i;

	while (j < end && j - i <= SHORT_WORD_MAX && IS_ALPHA(p[j]))
		j++;
	if (j < end && (IS_DIGIT(p[j]) || p[j] >= 0x80))
		return 0;
	return in_list(starters, NELEM(starters), p + i, j - i);
}

/*
 * Decide whether the terminator run p[t, after) (closing marks included)
 * ends the sentence. lone_dot: the run is a single '.' with no closing mark,
 * the only case in which the word before it matters.
 */
static int
ends_sentence(const unsigned char *p, size_t t, size_t after, size_t end, int lone_dot)
{
	unsigned	nl;
	uint32_t	cp;
	size_t		k;

	k = skip_space(p, after, end, &nl);
	if (k == after && k < end)
		return 0;	/* no white space after it: "3.5", "e.g.,", "U.S.-led" */
	if (k == end || nl >= 2)
		return 1;
	(void) decode(p, k, end, &cp);
	if (IS_LOWER(cp) || (roles(cp) & M_TERM))
		return 0;	/* "\"Why?\" he asked", "approx. five", ". . ." */
	/* "Ocasio-Cortez (D-N.Y.) Thursday": a dot closed by a bracket keeps its
	 * abbreviation rules; a closing quote does not ('the U.S." Crocker'). */
	if (!lone_dot && after == t + 2 && p[t] == '.' && (p[t + 1] == ')' || p[t + 1] == ']'))
		lone_dot = 1;
	switch (lone_dot ? dot_kind(p, t) : DOT_PLAIN) {
	case DOT_TITLE:
		return 0;
	case DOT_SOFT:
		return (roles(cp) & M_OPEN) || (IS_UPPER(cp) && is_starter(p, k, end));
	default:
		return 1;
	}
}

/*
 * Split text[0, len) into sentences; see text.h for the contract.
 * text is borrowed; the spans are appended to *out, which the caller owns.
 * len must fit a uint32_t (articles are limited far below): asserted.
 * @returns 0, or -ENOMEM with the spans appended so far left in *out.
 * @locality any thread
 */
int
text_sentences(const char *text, size_t len, struct spanvec *out)
{
	const unsigned char	*p = (const unsigned char *) text;
	size_t			 i = 0, start = SIZE_MAX, last = 0, t, j, n;
	unsigned		 nl;
	uint32_t		 cp;
	int			 r, lone_dot;

	assert(len <= UINT32_MAX);
	while (i < len) {
		/* The common case without decoding: a run of ASCII that is neither
		 * white space nor . ! ? only moves the sentence's end. */
		if (p[i] > 0x20 && p[i] < 0x7F && p[i] != '.' && p[i] != '!' && p[i] != '?') {
			if (start == SIZE_MAX)
				start = i;
			do
				i++;
			while (i < len && p[i] > 0x20 && p[i] < 0x7F && p[i] != '.' && p[i] != '!' &&
			    p[i] != '?');
			last = i;
			continue;
		}
		if (p[i] < 0x80) {	/* decode()'s answer for ASCII, without the call */
			cp = p[i];
			n = 1;
		} else
			n = decode(p, i, len, &cp);
		if (is_space(cp)) {
			i = skip_space(p, i, len, &nl);
			if (nl >= 2 && start != SIZE_MAX) {
				if ((r = span_push(out, start, last)) < 0)
					return r;
				start = SIZE_MAX;
			}
			continue;
		}
		if (start == SIZE_MAX)
			start = i;
		if (!(roles(cp) & M_TERM)) {
			i += n;
			last = i;
			continue;
		}
		t = i;
		for (j = i; j < len && (n = decode(p, j, len, &cp), roles(cp) & M_TERM); j += n)
			;
		lone_dot = j == t + 1 && p[t] == '.';
		for (; j < len && (n = decode(p, j, len, &cp), roles(cp) & M_CLOSE); j += n)
			lone_dot = 0;
		i = last = j;
		/* A run that opens the sentence ("... and then") ends nothing. */
		if (t > start && ends_sentence(p, t, j, len, lone_dot)) {
			if ((r = span_push(out, start, j)) < 0)
				return r;
			start = SIZE_MAX;
		}
	}
	if (start != SIZE_MAX)
		return span_push(out, start, last);
	return 0;
}

/* ------------------------------------------------------------ tokens */

/* Pronouns whose "'s" means "is" or "has" (or "us", in "let's"). */
static const char *const s_contractions[] = {
	"he", "here", "how", "it", "let", "she", "that", "there", "what", "where", "who",
};

static int
is_s_contraction(const unsigned char *w, size_t len)
{
	char	low[8];
	size_t	i;

	if (len >= sizeof(low))
		return 0;
	for (i = 0; i < len; i++)
		low[i] = (char) (IS_UPPER(w[i]) ? w[i] + ('a' - 'A') : w[i]);
	return in_list(s_contractions, NELEM(s_contractions), (const unsigned char *) low, len);
}

/*
 * Scan the word that starts at p[ws] (a word byte). Sets *poss to the length
 * of a possessive "'s" / "’s" that follows the word and must be split off,
 * else 0. @returns the end of the word.
 */
static size_t
scan_word(const unsigned char *p, size_t ws, size_t end, size_t *poss)
{
	size_t		i = ws, n;
	uint32_t	cp;

	*poss = 0;
	for (;;) {
		while (i < end && p[i] < 0x80 && IS_ALNUM(p[i]))
			i++;	/* the common case, without decoding */
		if (i < end && (p[i] <= 0x20 || p[i] == 0x7F))
			break;	/* ASCII white space ends the word: no rule below takes it */
		while (i < end && (n = decode(p, i, end, &cp), is_word(cp)))
			i += n;
		if (i >= end)
			break;
		n = decode(p, i, end, &cp);
		if ((roles(cp) & M_APOS) && i + n < end && (p[i + n] == 's' || p[i + n] == 'S') &&
		    !word_at(p, i + n + 1, end) && !is_s_contraction(p + ws, i - ws)) {
			*poss = n + 1;
			break;
		}
		if (((roles(cp) & (M_APOS | M_HYPHEN)) || cp == '.') && word_at(p, i + n, end)) {
			i += n;
			continue;
		}
		if (cp == ',' && IS_DIGIT(p[ws]) && IS_DIGIT(p[i - 1]) && i + 3 < end &&
		    IS_DIGIT(p[i + 1]) && IS_DIGIT(p[i + 2]) && IS_DIGIT(p[i + 3]) &&
		    (i + 4 == end || !IS_DIGIT(p[i + 4]))) {
			i += 4;
			continue;
		}
		if (cp == '.' && is_dotted_acronym(p + ws, i - ws)) {
			i++;
			if (i < end && p[i] == '-' && word_at(p, i + 1, end)) {
				i++;
				continue;
			}
		}
		break;
	}
	return i;
}

static unsigned
word_flags(const unsigned char *p, size_t ws, size_t we)
{
	unsigned	flags = TOK_WORD, upper = 0, lower = 0;
	size_t		i;

	for (i = ws; i < we; i++) {
		if (IS_UPPER(p[i]))
			upper++;
		else if (IS_LOWER(p[i]))
			lower++;
		else if (p[i] >= 0x80)
			flags |= TOK_NONASCII;
	}
	if (IS_UPPER(p[ws]))
		flags |= TOK_CAP;
	if (upper >= 2 && lower == 0)
		flags |= TOK_ALLCAP;
	if (IS_DIGIT(p[ws]))
		flags |= TOK_NUMBER;
	return flags;
}

/*
 * Tokenise text[s.start, s.end); see text.h for the contract. text is
 * borrowed; tokens are appended to *out, which the caller owns. Reads no
 * byte outside [s.start, s.end). TOK_ALLCAP looks at ASCII letters only.
 * @returns 0, or -ENOMEM with the tokens appended so far left in *out.
 * @locality any thread
 */
int
text_tokens(const char *text, struct span s, struct tokvec *out)
{
	const unsigned char	*p = (const unsigned char *) text;
	size_t			 i = s.start, end = s.end, first = out->n, we, poss, n;
	unsigned		 open_single = 0, flags;
	uint32_t		 cp;
	int			 r;

	assert(s.start <= s.end);
	while (i < end) {
		if (p[i] <= 0x20 || p[i] == 0x7F) {	/* ASCII white space, without decoding */
			i++;
			continue;
		}
		n = decode(p, i, end, &cp);
		if (cp >= 0x80 && is_space(cp)) {
			i += n;
			continue;
		}
		/* An ASCII letter or digit begins a word; other ASCII here is punctuation. */
		if (cp < 0x80 ? IS_ALNUM(cp) : is_word(cp)) {
			we = scan_word(p, i, end, &poss);
			if ((r = tok_push(out, i, we, word_flags(p, i, we))) < 0)
				return r;
			i = we;
			if (poss == 0 && i < end && (p[i - 1] == 's' || p[i - 1] == 'S') &&
			    open_single == 0 && (n = decode(p, i, end, &cp), roles(cp) & M_APOS) &&
			    !word_at(p, i + n, end))
				poss = n;	/* "Iraqis'" */
			if (poss > 0) {
				flags = TOK_POSS | (p[i] >= 0x80 ? TOK_NONASCII : 0);
				if ((r = tok_push(out, i, i + poss, flags)) < 0)
					return r;
				i += poss;
			}
			continue;
		}
		flags = TOK_PUNCT | (cp >= 0x80 ? TOK_NONASCII : 0) |
		    (roles(cp) & M_QUOTE ? TOK_QUOTE : 0);
		/* A ' that reaches here is not inside a word: opening if a word follows. */
		if (cp == 0x2018 || (cp == '\'' && word_at(p, i + n, end)))
			open_single++;
		else if ((roles(cp) & M_APOS) && open_single > 0)
			open_single--;
		if ((r = tok_push(out, i, i + n, flags)) < 0)
			return r;
		i += n;
	}
	if (out->n > first)
		out->v[first].flags |= TOK_SENT_START;
	return 0;
}

/*
 * Write the lookup form of token t of text into buf; see text.h.
 * @returns the number of bytes written before the NUL (0 if bufsz is 0).
 * @locality any thread
 */
size_t
text_lower(const char *text, const struct token *t, char *buf, size_t bufsz)
{
	size_t	len, i;
	char	c;

	if (bufsz == 0)
		return 0;
	len = t->end - t->start;
	if (len > bufsz - 1)
		len = bufsz - 1;
	for (i = 0; i < len; i++) {
		c = text[t->start + i];
		buf[i] = (char) (IS_UPPER(c) ? c + ('a' - 'A') : c);
	}
	buf[len] = '\0';
	return len;
}
