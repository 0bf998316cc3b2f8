/*
 * quotes: pair quotation marks and find who is being quoted.
 *
 * Two passes over the text, both linear.
 *
 * Pairing. One left-to-right scan keeps at most one open quotation. A curly
 * U+201C always opens (an earlier one still open is dropped: its closing
 * mark was lost) and U+201D closes whatever is open. A straight " is read
 * from its neighbours: while nothing is open it opens, unless it follows a
 * letter or digit and is followed by white space, punctuation or the end
 * (an inch mark, or a stray closing mark); while a quotation is open it
 * closes it, unless it looks like an opening mark (white space before, a
 * non-space after) and a line break has passed since the quotation opened:
 * then the earlier quotation was a paragraph that news style leaves
 * unclosed, and the new mark reopens. A blank line drops anything open.
 *
 * Speakers. Each quotation gets two look-around windows, tokenised with
 * text_tokens(): before the opening mark, back to the start of its sentence
 * or the previous quotation's closing mark, and after the closing mark, up
 * to the end of its sentence or the next quotation's opening mark; each is
 * also cut to QUOTE_WINDOW bytes at a word boundary. Consecutive quotations'
 * windows share only the gap between them, so no byte is tokenised more
 * than twice. The patterns of quotes.h are then tried on the windows in a
 * fixed order: after the quotation ("...," said X / X said / according to
 * X), just before it (X said: / X told Y that / according to X,), and
 * finally any reporting clause in the quotation's sentence, nearest first.
 *
 * The speaker X is read with a small fixed vocabulary (the table below):
 * pronouns, determiners (left out of the span), function words, weekdays
 * and months (which end a name: "Crocker said Monday"), role words that end
 * a descriptive noun phrase ("the Iraqi foreign minister"), and name
 * particles that may sit inside a capitalised name ("Ibn al Rashid"). A
 * noun phrase or name is at most QUOTE_NP_MAX tokens. Words are compared in
 * lower case; a verb must also be written in lower case, so "United States"
 * is never the verb "states".
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quotes.h"
#include "text.h"

#define QUOTE_WINDOW	240	/* bytes looked at on each side of a quotation */
#define QUOTE_NP_MAX	8	/* tokens in a speaker's noun phrase or name */
#define QUOTE_GAP	4	/* words between "X told" and the ':' or "that" */
#define WORD_MAX	24	/* longest vocabulary word, NUL included */
#define NONE		SIZE_MAX

/* What a word is to the speaker patterns. */
enum {
	W_DET		= 1 << 0,	/* a, an, the: left out of a speaker's span */
	W_STOP		= 1 << 1,	/* ends a name or noun phrase */
	W_PRON		= 1 << 2,	/* a speaker before the verb: "he said" */
	W_PRON_AFTER	= 1 << 3,	/* a speaker after it: "said he" */
	W_SAY		= 1 << 4,	/* a verb of the quoting patterns */
	W_REPORT	= 1 << 5,	/* a reporting verb for the sentence fallback only */
	W_ROLE		= 1 << 6,	/* ends a descriptive noun phrase */
	W_PARTICLE	= 1 << 7,	/* may sit inside a name */
	W_ACCORDING	= 1 << 8,
	W_TO		= 1 << 9,
	W_THAT		= 1 << 10
};

struct vocab {
	const char	*word;
	unsigned	 flags;
};

/* Sorted by strcmp() for bsearch(); test_quotes checks the order (quotes_vocabulary_sorted()). */
static const struct vocab vocab[] = {
	{ "a", W_DET }, { "about", W_STOP }, { "above", W_STOP }, { "abu", W_PARTICLE },
	{ "according", W_ACCORDING }, { "acknowledge", W_REPORT }, { "acknowledged", W_REPORT },
	{ "acknowledges", W_REPORT }, { "across", W_STOP }, { "add", W_SAY }, { "added", W_SAY },
	{ "adds", W_SAY }, { "admit", W_REPORT }, { "admits", W_REPORT }, { "admitted", W_REPORT },
	{ "adviser", W_ROLE }, { "advisers", W_ROLE }, { "advisor", W_ROLE },
	{ "advisors", W_ROLE }, { "after", W_STOP }, { "against", W_STOP }, { "agency", W_ROLE },
	{ "ago", W_STOP }, { "aide", W_ROLE }, { "aides", W_ROLE }, { "al", W_PARTICLE },
	{ "all", W_STOP }, { "along", W_STOP }, { "also", W_STOP }, { "although", W_STOP },
	{ "ambassador", W_ROLE }, { "ambassadors", W_ROLE }, { "amid", W_STOP },
	{ "among", W_STOP }, { "an", W_DET }, { "analyst", W_ROLE }, { "analysts", W_ROLE },
	{ "and", W_STOP }, { "announce", W_REPORT }, { "announced", W_REPORT },
	{ "announces", W_REPORT }, { "another", W_STOP }, { "any", W_STOP }, { "april", W_STOP },
	{ "are", W_STOP }, { "argue", W_REPORT }, { "argued", W_REPORT }, { "argues", W_REPORT },
	{ "army", W_ROLE }, { "around", W_STOP }, { "as", W_STOP }, { "ask", W_SAY },
	{ "asked", W_SAY }, { "asks", W_SAY }, { "at", W_STOP }, { "august", W_STOP },
	{ "be", W_STOP }, { "because", W_STOP }, { "been", W_STOP }, { "before", W_STOP },
	{ "behind", W_STOP }, { "being", W_STOP }, { "below", W_STOP }, { "beside", W_STOP },
	{ "besides", W_STOP }, { "between", W_STOP }, { "beyond", W_STOP }, { "bin", W_PARTICLE },
	{ "both", W_STOP }, { "but", W_STOP }, { "by", W_STOP }, { "call", W_REPORT },
	{ "called", W_REPORT }, { "calls", W_REPORT }, { "can", W_STOP }, { "chairman", W_ROLE },
	{ "chairwoman", W_ROLE }, { "chancellor", W_ROLE }, { "chief", W_ROLE },
	{ "claim", W_REPORT }, { "claimed", W_REPORT }, { "claims", W_REPORT },
	{ "commander", W_ROLE }, { "commanders", W_ROLE }, { "could", W_STOP },
	{ "da", W_PARTICLE }, { "de", W_PARTICLE }, { "december", W_STOP }, { "declare", W_SAY },
	{ "declared", W_SAY }, { "declares", W_SAY }, { "del", W_PARTICLE }, { "der", W_PARTICLE },
	{ "describe", W_REPORT }, { "described", W_REPORT }, { "describes", W_REPORT },
	{ "despite", W_STOP }, { "di", W_PARTICLE }, { "did", W_STOP }, { "diplomat", W_ROLE },
	{ "diplomats", W_ROLE }, { "director", W_ROLE }, { "do", W_STOP }, { "does", W_STOP },
	{ "down", W_STOP }, { "during", W_STOP }, { "each", W_STOP }, { "either", W_STOP },
	{ "el", W_PARTICLE }, { "embassy", W_ROLE }, { "envoy", W_ROLE }, { "envoys", W_ROLE },
	{ "even", W_STOP }, { "ever", W_STOP }, { "every", W_STOP }, { "explain", W_SAY },
	{ "explained", W_SAY }, { "explains", W_SAY }, { "february", W_STOP }, { "for", W_STOP },
	{ "friday", W_STOP }, { "from", W_STOP }, { "general", W_ROLE }, { "generals", W_ROLE },
	{ "government", W_ROLE }, { "governor", W_ROLE }, { "had", W_STOP }, { "has", W_STOP },
	{ "have", W_STOP }, { "he", W_PRON | W_PRON_AFTER }, { "her", W_STOP }, { "here", W_STOP },
	{ "hers", W_STOP }, { "herself", W_STOP }, { "him", W_STOP }, { "himself", W_STOP },
	{ "his", W_STOP }, { "how", W_STOP }, { "however", W_STOP }, { "ibn", W_PARTICLE },
	{ "if", W_STOP }, { "in", W_STOP }, { "indicate", W_REPORT }, { "indicated", W_REPORT },
	{ "indicates", W_REPORT }, { "inside", W_STOP }, { "insist", W_SAY },
	{ "insisted", W_SAY }, { "insists", W_SAY }, { "instead", W_STOP }, { "into", W_STOP },
	{ "is", W_STOP }, { "it", W_PRON }, { "its", W_STOP }, { "itself", W_STOP },
	{ "january", W_STOP }, { "judge", W_ROLE }, { "july", W_STOP }, { "june", W_STOP },
	{ "just", W_STOP }, { "king", W_ROLE }, { "la", W_PARTICLE }, { "last", W_STOP },
	{ "later", W_STOP }, { "lawmaker", W_ROLE }, { "lawmakers", W_ROLE }, { "le", W_PARTICLE },
	{ "leader", W_ROLE }, { "leaders", W_ROLE }, { "legislator", W_ROLE },
	{ "legislators", W_ROLE }, { "less", W_STOP }, { "many", W_STOP }, { "march", W_STOP },
	{ "may", W_STOP }, { "mayor", W_ROLE }, { "meanwhile", W_STOP }, { "might", W_STOP },
	{ "military", W_ROLE }, { "minister", W_ROLE }, { "ministers", W_ROLE },
	{ "ministry", W_ROLE }, { "monday", W_STOP }, { "more", W_STOP }, { "most", W_STOP },
	{ "much", W_STOP }, { "must", W_STOP }, { "my", W_STOP }, { "near", W_STOP },
	{ "negotiator", W_ROLE }, { "negotiators", W_ROLE }, { "next", W_STOP }, { "nor", W_STOP },
	{ "not", W_STOP }, { "note", W_SAY }, { "noted", W_SAY }, { "notes", W_SAY },
	{ "november", W_STOP }, { "now", W_STOP }, { "october", W_STOP }, { "of", W_STOP },
	{ "off", W_STOP }, { "officer", W_ROLE }, { "officers", W_ROLE }, { "official", W_ROLE },
	{ "officials", W_ROLE }, { "on", W_STOP }, { "once", W_STOP }, { "only", W_STOP },
	{ "onto", W_STOP }, { "or", W_STOP }, { "other", W_STOP }, { "our", W_STOP },
	{ "out", W_STOP }, { "outside", W_STOP }, { "over", W_STOP }, { "own", W_STOP },
	{ "per", W_STOP }, { "police", W_ROLE }, { "premier", W_ROLE }, { "president", W_ROLE },
	{ "prosecutor", W_ROLE }, { "prosecutors", W_ROLE }, { "queen", W_ROLE },
	{ "replied", W_SAY }, { "replies", W_SAY }, { "reply", W_SAY },
	{ "representative", W_ROLE }, { "representatives", W_ROLE }, { "resident", W_ROLE },
	{ "residents", W_ROLE }, { "said", W_SAY }, { "saturday", W_STOP }, { "say", W_SAY },
	{ "says", W_SAY }, { "secretary", W_ROLE }, { "senator", W_ROLE }, { "senators", W_ROLE },
	{ "september", W_STOP }, { "she", W_PRON | W_PRON_AFTER }, { "since", W_STOP },
	{ "so", W_STOP }, { "some", W_STOP }, { "soon", W_STOP }, { "source", W_ROLE },
	{ "sources", W_ROLE }, { "spokesman", W_ROLE }, { "spokesmen", W_ROLE },
	{ "spokespeople", W_ROLE }, { "spokesperson", W_ROLE }, { "spokeswoman", W_ROLE },
	{ "spokeswomen", W_ROLE }, { "state", W_SAY }, { "stated", W_SAY },
	{ "statement", W_ROLE }, { "states", W_SAY }, { "still", W_STOP }, { "stress", W_SAY },
	{ "stressed", W_SAY }, { "stresses", W_SAY }, { "such", W_STOP }, { "suggest", W_REPORT },
	{ "suggested", W_REPORT }, { "suggests", W_REPORT }, { "sunday", W_STOP },
	{ "tell", W_SAY }, { "tells", W_SAY }, { "term", W_REPORT }, { "termed", W_REPORT },
	{ "terms", W_REPORT }, { "than", W_STOP }, { "that", W_STOP | W_THAT }, { "the", W_DET },
	{ "their", W_STOP }, { "theirs", W_STOP }, { "them", W_STOP }, { "then", W_STOP },
	{ "there", W_STOP }, { "therefore", W_STOP }, { "these", W_STOP },
	{ "they", W_PRON | W_PRON_AFTER }, { "this", W_STOP }, { "those", W_STOP },
	{ "though", W_STOP }, { "through", W_STOP }, { "throughout", W_STOP },
	{ "thursday", W_STOP }, { "thus", W_STOP }, { "till", W_STOP }, { "to", W_STOP | W_TO },
	{ "today", W_STOP }, { "told", W_SAY }, { "tomorrow", W_STOP }, { "tonight", W_STOP },
	{ "too", W_STOP }, { "toward", W_STOP }, { "towards", W_STOP }, { "tuesday", W_STOP },
	{ "under", W_STOP }, { "unless", W_STOP }, { "until", W_STOP }, { "up", W_STOP },
	{ "upon", W_STOP }, { "us", W_STOP }, { "van", W_PARTICLE }, { "very", W_STOP },
	{ "via", W_STOP }, { "von", W_PARTICLE }, { "warn", W_SAY }, { "warned", W_SAY },
	{ "warns", W_SAY }, { "was", W_STOP }, { "we", W_PRON }, { "wednesday", W_STOP },
	{ "were", W_STOP }, { "what", W_STOP }, { "whatever", W_STOP }, { "when", W_STOP },
	{ "whenever", W_STOP }, { "where", W_STOP }, { "whereas", W_STOP }, { "whether", W_STOP },
	{ "which", W_STOP }, { "while", W_STOP }, { "who", W_STOP }, { "whoever", W_STOP },
	{ "whom", W_STOP }, { "whose", W_STOP }, { "why", W_STOP }, { "will", W_STOP },
	{ "with", W_STOP }, { "within", W_STOP }, { "without", W_STOP }, { "witness", W_ROLE },
	{ "witnesses", W_ROLE }, { "would", W_STOP }, { "yesterday", W_STOP }, { "yet", W_STOP },
	{ "you", W_STOP }, { "your", W_STOP },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A tokenised look-around window, reused from quotation to quotation. */
struct win {
	const char	*text;
	struct tokvec	 tv;
	unsigned	*cls;		/* vocabulary flags of each token */
	size_t		 clscap;
};

/* What quotes_find() carries from one quotation to the next. */
struct ctx {
	const char		*text;
	size_t			 len;
	const struct spanvec	*sv;		/* NULL when there are no sentences */
	size_t			 cur_open;	/* sentence cursors; they only move forward */
	size_t			 cur_close;
	struct win		 before, after;
};

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int
is_ascii_punct(unsigned char c)
{
	return c != 0 && strchr(".,;:!?)]}", c) != NULL;
}

static int
vocab_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct vocab *) elem)->word);
}

int
quotes_vocabulary_sorted(void)
{
	for (size_t i = 1; i < NELEM(vocab); i++) {
		if (strcmp(vocab[i - 1].word, vocab[i].word) >= 0)
			return 0;
	}
	return 1;
}

static unsigned
classify(const char *text, const struct token *t)
{
	const struct vocab *v;
	char buf[WORD_MAX];

	if (!(t->flags & TOK_WORD) || t->end - t->start >= WORD_MAX)
		return 0;
	(void) text_lower(text, t, buf, sizeof(buf));
	v = bsearch(buf, vocab, NELEM(vocab), sizeof(vocab[0]), vocab_cmp);
	return v != NULL ? v->flags : 0;
}

/* ------------------------------------------------------------ pairing */

static int
push_quote(struct quotevec *out, size_t start, size_t end)
{
	struct quote *nv;
	size_t ncap;

	if (out->n == out->cap) {
		ncap = out->cap ? 2 * out->cap : 16;
		if (ncap > SIZE_MAX / sizeof(*nv) || (nv = realloc(out->v, ncap * sizeof(*nv))) == NULL)
			return -ENOMEM;
		out->v = nv;
		out->cap = ncap;
	}
	out->v[out->n++] = (struct quote){{(uint32_t) start, (uint32_t) end}, {0, 0}, 0};
	return 0;
}

enum mark {
	MARK_NONE,
	MARK_STRAIGHT,	/* " */
	MARK_OPEN,	/* U+201C */
	MARK_CLOSE	/* U+201D */
};

static enum mark
mark_at(const unsigned char *p, size_t i, size_t len, size_t *ret_len)
{
	if (p[i] == '"') {
		*ret_len = 1;
		return MARK_STRAIGHT;
	}
	if (p[i] == 0xe2 && i + 2 < len && p[i + 1] == 0x80 && (p[i + 2] == 0x9c || p[i + 2] == 0x9d)) {
		*ret_len = 3;
		return p[i + 2] == 0x9c ? MARK_OPEN : MARK_CLOSE;
	}
	return MARK_NONE;
}

/* The pairing pass of the file comment: append every quotation, speakers unknown. */
static int
pair_marks(const char *text, size_t len, struct quotevec *out)
{
	const unsigned char *p = (const unsigned char *) text;
	size_t i = 0, open = NONE, mlen;
	int nl = 0;		/* a line break since the last byte that is not white space */
	int nl_inside = 0;	/* a line break since the open quotation opened */
	int content = 0;	/* the open quotation holds something other than white space */
	unsigned char prev, next;
	int r;

	while (i < len) {
		if (p[i] == '\n') {
			if (nl)
				open = NONE; /* a blank line: drop what is open */
			nl = 1;
			nl_inside = open != NONE;
			i++;
			continue;
		}
		if (is_blank(p[i])) {
			i++;
			continue;
		}
		nl = 0;
		switch (mark_at(p, i, len, &mlen)) {
		case MARK_NONE:
			content |= open != NONE;
			i++;
			continue;
		case MARK_OPEN:
			open = i + mlen;
			break;
		case MARK_CLOSE:
			if (open != NONE && content && (r = push_quote(out, open, i)) < 0)
				return r;
			open = NONE;
			break;
		case MARK_STRAIGHT:
			prev = i > 0 ? p[i - 1] : ' ';
			next = i + 1 < len ? p[i + 1] : ' ';
			if (open == NONE) {
				if (is_alnum(prev) && (is_blank(next) || is_ascii_punct(next)))
					break; /* 12" pipe; a closing mark whose opening was lost */
				open = i + 1;
			} else if (nl_inside && is_blank(prev) && !is_blank(next)) {
				open = i + 1; /* the next paragraph of an unclosed quotation */
			} else {
				if (content && (r = push_quote(out, open, i)) < 0)
					return r;
				open = NONE;
			}
			break;
		}
		if (open != NONE && open == i + mlen) {
			content = 0;
			nl_inside = 0;
		}
		i += mlen;
	}
	return 0;
}

/* ------------------------------------------------------------ windows */

static void
win_release(struct win *w)
{
	tokvec_release(&w->tv);
	free(w->cls);
	w->cls = NULL;
	w->clscap = 0;
}

/* Tokenise text[lo, hi) into w and classify its words. */
static int
win_fill(struct win *w, size_t lo, size_t hi)
{
	unsigned *nc;
	int r;

	w->tv.n = 0;
	if (lo < hi && (r = text_tokens(w->text, (struct span){(uint32_t) lo, (uint32_t) hi},
					&w->tv)) < 0)
		return r;
	if (w->tv.n > w->clscap) {
		if ((nc = realloc(w->cls, w->tv.cap * sizeof(*nc))) == NULL)
			return -ENOMEM;
		w->cls = nc;
		w->clscap = w->tv.cap;
	}
	for (size_t k = 0; k < w->tv.n; k++)
		w->cls[k] = classify(w->text, &w->tv.v[k]);
	return 0;
}

static int
has(const struct win *w, size_t k, unsigned flags)
{
	return (w->cls[k] & flags) != 0;
}

static int
is_word(const struct win *w, size_t k)
{
	return (w->tv.v[k].flags & TOK_WORD) != 0;
}

static int
is_poss(const struct win *w, size_t k)
{
	return (w->tv.v[k].flags & TOK_POSS) != 0;
}

/* Is token k the single byte c? */
static int
is_char(const struct win *w, size_t k, char c)
{
	return w->tv.v[k].end - w->tv.v[k].start == 1 && w->text[w->tv.v[k].start] == c;
}

/* A word of the given class written in lower case: "said", not "Said". */
static int
is_verb(const struct win *w, size_t k, unsigned flags)
{
	unsigned char c = (unsigned char) w->text[w->tv.v[k].start];

	return has(w, k, flags) && c >= 'a' && c <= 'z';
}

/* A word that can be part of a name: capitalised and not a function word, or "al-Maliki". */
static int
is_name(const struct win *w, size_t k)
{
	const struct token *t = &w->tv.v[k];
	const char *s = w->text;

	if (!(t->flags & TOK_WORD) || has(w, k, W_STOP | W_DET | W_PRON | W_PRON_AFTER))
		return 0;
	if (t->flags & TOK_CAP)
		return 1;
	for (uint32_t i = t->start; i + 1 < t->end; i++) {
		if (s[i] == '-' && s[i + 1] >= 'A' && s[i + 1] <= 'Z')
			return 1;
	}
	return 0;
}

/*
 * The dot of an initial or a short title inside a name ("Ryan C. Crocker",
 * "Dr. Mowaffak al-Rubaie"): text.c gives such dots back as tokens of their
 * own. It follows a capitalised word of at most four letters without a
 * space, and a name follows it.
 */
static int
name_dot(const struct win *w, size_t k)
{
	const struct token *t = w->tv.v;

	return k > 0 && k + 1 < w->tv.n && is_char(w, k, '.') && (t[k - 1].flags & TOK_CAP) &&
	       t[k - 1].end == t[k].start && t[k - 1].end - t[k - 1].start <= 4 &&
	       is_name(w, k + 1);
}

/*
 * The speaker whose last token is h, as in "h said": a pronoun, a noun
 * phrase ending in a role word ("Iran's ambassador", "senior officials"), or
 * a name ("U.S. Ambassador Ryan C. Crocker"). Determiners and function words
 * end it on the left. @returns 1 with its first token in *a and h in *b.
 */
static int
speaker_before(const struct win *w, size_t h, size_t *a, size_t *b)
{
	const unsigned ends = W_STOP | W_DET | W_SAY | W_REPORT | W_PRON | W_PRON_AFTER;
	size_t j = h, n = 1, k;

	if (!is_word(w, h) || has(w, h, W_DET | W_SAY | W_REPORT))
		return 0;
	if (has(w, h, W_PRON)) {
		*a = *b = h;
		return 1;
	}
	if (has(w, h, W_STOP | W_PRON_AFTER))
		return 0;
	if (has(w, h, W_ROLE)) {
		for (; j > 0 && n < QUOTE_NP_MAX; j = k, n++) {
			k = j - 1;
			if (!is_poss(w, k) && !(is_word(w, k) && !has(w, k, ends)))
				break;
		}
	} else if (is_name(w, h)) {
		for (; j > 0 && n < QUOTE_NP_MAX; j = k, n++) {
			k = j - 1;
			if (!is_poss(w, k) && !is_name(w, k) && !has(w, k, W_PARTICLE) &&
			    !name_dot(w, k))
				break;
		}
	} else
		return 0;
	while (j < h && (is_poss(w, j) || has(w, j, W_PARTICLE)))
		j++;
	*a = j;
	*b = h;
	return 1;
}

/*
 * The speaker whose first token is i (after an optional determiner), as in
 * "said i" or "i said": a pronoun of class pron, a noun phrase up to its
 * role word and any role words or name that follow ("foreign ministry
 * spokesman Sean McCormack"), or a name. @returns 1 with its tokens [*a, *b].
 */
static int
speaker_after(const struct win *w, size_t i, unsigned pron, size_t *a, size_t *b)
{
	const unsigned ends = W_STOP | W_DET | W_SAY | W_REPORT | W_PRON | W_PRON_AFTER;
	size_t n = w->tv.n, k, e, role = NONE;

	if (i < n && has(w, i, W_DET))
		i++;
	if (i >= n || !is_word(w, i))
		return 0;
	if (has(w, i, W_PRON | W_PRON_AFTER)) {
		if (!has(w, i, pron))
			return 0;
		*a = *b = i;
		return 1;
	}
	if (has(w, i, ends))
		return 0;
	for (k = i; k < n && k - i < QUOTE_NP_MAX; k++) {
		if (is_poss(w, k))
			continue;
		if (!is_word(w, k) || (k > i && has(w, k, ends)))
			break;
		if (has(w, k, W_ROLE)) {
			role = k;
			break;
		}
	}
	if (role != NONE) {
		for (e = role; e + 1 < n && e + 1 - i < 2 * QUOTE_NP_MAX; e++) {
			if (!has(w, e + 1, W_ROLE) && !is_name(w, e + 1) && !name_dot(w, e + 1))
				break;
		}
		if (is_char(w, e, '.'))
			e--;
	} else if (is_name(w, i)) {
		for (e = i; e + 1 < n && e + 1 - i < QUOTE_NP_MAX;) {
			if (is_name(w, e + 1))
				e++;
			else if ((has(w, e + 1, W_PARTICLE) && e + 2 < n && is_name(w, e + 2)) ||
				 name_dot(w, e + 1))
				e += 2;
			else
				break;
		}
	} else
		return 0;
	*a = i;
	*b = e;
	return 1;
}

/* "according to X" at token k. */
static int
according_to(const struct win *w, size_t k, size_t *a, size_t *b)
{
	return has(w, k, W_ACCORDING) && k + 1 < w->tv.n && has(w, k + 1, W_TO) &&
	       speaker_after(w, k + 2, W_PRON_AFTER, a, b);
}

/* After the closing mark: "...," said X / "...," X said / "...," according to X. */
static int
pattern_after(const struct win *w, size_t *a, size_t *b)
{
	size_t n = w->tv.n, i = 0;

	if (n > 0 && (is_char(w, 0, ',') || is_char(w, 0, '-') ||
		      (w->tv.v[0].flags & (TOK_PUNCT | TOK_NONASCII)) == (TOK_PUNCT | TOK_NONASCII)))
		i = 1; /* a comma outside the marks, or a dash */
	if (i >= n)
		return 0;
	if (is_verb(w, i, W_SAY))
		return speaker_after(w, i + 1, W_PRON_AFTER, a, b);
	if (according_to(w, i, a, b))
		return 1;
	return speaker_after(w, i, W_PRON | W_PRON_AFTER, a, b) && *b + 1 < n &&
	       is_verb(w, *b + 1, W_SAY);
}

/*
 * Before the opening mark: X VERB "...", X VERB [up to QUOTE_GAP words]
 * followed by ':' ',' or "that", VERB X followed by ':' or ',' (the second
 * half of a quotation that a said-clause interrupts), and "according to X,".
 */
static int
pattern_before(const struct win *w, size_t *a, size_t *b)
{
	size_t n = w->tv.n, k, v;
	int linked = 0;

	if (n == 0)
		return 0;
	k = n - 1;
	if (is_char(w, k, ':') || is_char(w, k, ',')) {
		if (k == 0)
			return 0;
		k--;
		linked = 1;
	}
	if (is_verb(w, k, W_THAT)) {
		if (k == 0)
			return 0;
		k--;
		linked = 1;
	}
	for (v = k > QUOTE_NP_MAX + 1 ? k - QUOTE_NP_MAX - 1 : 0; v < k; v++) {
		if (according_to(w, v, a, b) && *b == k)
			return 1;
	}
	for (v = k;; v--) {
		if (is_verb(w, v, W_SAY)) {
			if (v != k && !linked)
				return 0;
			if (v > 0 && speaker_before(w, v - 1, a, b))
				return 1;
			/* '"...," said Crocker, "and..."' continues a quotation. */
			return speaker_after(w, v + 1, W_PRON_AFTER, a, b) && *b == k;
		}
		if (v == 0 || k - v >= QUOTE_GAP || !(is_word(w, v) || is_poss(w, v)))
			return 0;
	}
}

/*
 * The nearest reporting clause of a window: X VERB, or (after the
 * quotation) VERB X, or according to X. backward: scan from the end.
 */
static int
reporting_clause(const struct win *w, int backward, size_t *a, size_t *b)
{
	size_t n = w->tv.n, i, v;

	for (i = 0; i < n; i++) {
		v = backward ? n - 1 - i : i;
		if (is_verb(w, v, W_SAY | W_REPORT)) {
			if (v > 0 && speaker_before(w, v - 1, a, b))
				return 1;
			if (!backward && is_verb(w, v, W_SAY) &&
			    speaker_after(w, v + 1, W_PRON_AFTER, a, b))
				return 1;
		} else if (according_to(w, v, a, b))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------ attribution */

/* The sentence holding pos, or the first after it; *cur only moves forward. */
static size_t
sentence_at(const struct spanvec *sv, size_t *cur, size_t pos)
{
	while (*cur + 1 < sv->n && sv->v[*cur].end <= pos)
		(*cur)++;
	return *cur;
}

static size_t
open_mark(const struct ctx *c, const struct quote *q)
{
	return q->text.start - (c->text[q->text.start - 1] == '"' ? 1 : 3);
}

static size_t
close_end(const struct ctx *c, const struct quote *q)
{
	return q->text.end + (c->text[q->text.end] == '"' ? 1 : 3);
}

/* Find the speaker of quotation qi (of out->v[first, out->n)) and its sentence. */
static int
attribute(struct ctx *c, struct quotevec *out, size_t first, size_t qi)
{
	struct quote *q = &out->v[qi];
	size_t om = open_mark(c, q), ce = close_end(c, q), lo, hi, clip, s, a, b;
	size_t prev_ce = qi > first ? close_end(c, &out->v[qi - 1]) : 0;
	size_t next_om = qi + 1 < out->n ? open_mark(c, &out->v[qi + 1]) : c->len;
	const struct win *w = NULL;
	int r;

	lo = prev_ce;
	hi = next_om;
	if (c->sv != NULL) {
		s = sentence_at(c->sv, &c->cur_open, om);
		q->sentence = (uint32_t) s;
		if (c->sv->v[s].start <= om && om < c->sv->v[s].end)
			lo = lo > c->sv->v[s].start ? lo : c->sv->v[s].start;
		else
			lo = om;
		s = sentence_at(c->sv, &c->cur_close, ce - 1);
		if (c->sv->v[s].start < ce && ce <= c->sv->v[s].end)
			hi = hi < c->sv->v[s].end ? hi : c->sv->v[s].end;
		else
			hi = ce;
	}
	/* Cut each window to QUOTE_WINDOW bytes, at a word boundary. */
	if (om > QUOTE_WINDOW && (clip = om - QUOTE_WINDOW) > lo) {
		lo = clip;
		while (lo < om && !is_blank((unsigned char) c->text[lo - 1]))
			lo++;
	}
	if ((clip = ce + QUOTE_WINDOW) < hi) {
		hi = clip;
		while (hi > ce && !is_blank((unsigned char) c->text[hi]))
			hi--;
	}
	if ((r = win_fill(&c->before, lo, om)) < 0 || (r = win_fill(&c->after, ce, hi)) < 0)
		return r;

	if (pattern_after(&c->after, &a, &b))
		w = &c->after;
	else if (pattern_before(&c->before, &a, &b))
		w = &c->before;
	else if (reporting_clause(&c->before, 1, &a, &b))
		w = &c->before;
	else if (reporting_clause(&c->after, 0, &a, &b))
		w = &c->after;
	if (w != NULL)
		q->speaker = (struct span){w->tv.v[a].start, w->tv.v[b].end};
	return 0;
}

/*
 * See quotes.h. text and sentences are borrowed; out is the caller's.
 * @locality any thread
 */
int
quotes_find(const char *text, size_t len, const struct spanvec *sentences, struct quotevec *out)
{
	struct ctx c;
	size_t first = out->n;
	int r;

	assert(text != NULL || len == 0);
	assert(len <= UINT32_MAX);
	memset(&c, 0, sizeof(c));
	c.text = text;
	c.len = len;
	c.sv = sentences != NULL && sentences->n > 0 ? sentences : NULL;
	c.before.text = text;
	c.after.text = text;

	if ((r = pair_marks(text, len, out)) < 0)
		return r;
	for (size_t qi = first; qi < out->n; qi++) {
		if ((r = attribute(&c, out, first, qi)) < 0)
			break;
	}
	win_release(&c.before);
	win_release(&c.after);
	return r;
}

/* @locality any thread (the vector belongs to the caller). */
void
quotevec_release(struct quotevec *qv)
{
	if (qv == NULL)
		return;
	free(qv->v);
	qv->v = NULL;
	qv->n = qv->cap = 0;
}
