/*
 * clause: reporting frames, subordinate clauses and boundaries of one
 * sentence, from word classes and bounded scans.
 *
 * Reporting. A verb of grammar.txt's "say" class (by lemma) in verb
 * position opens a frame. If what follows it (after time words, an
 * addressee for "tell", and "that") is more text, it reports that text:
 * "Syria says [it is willing to withdraw]". If only its speaker and time
 * words follow ("..., a security official said Tuesday."), the frame is a
 * trailing attribution: it reports everything before the comma that opens
 * it, and its own words are marked CL_ATTR so that no event takes a party
 * from them. "according to X" is an attribution up to the next comma.
 *
 * Subordination. A relative pronoun ("who", "which") or a subordinating
 * word ("after", "while", "despite", "following") opens a subordinate
 * stretch (CL_SUB) up to the next comma, semicolon, "but" or reporting
 * verb; so does a "to" + verb that no control word governs (a purpose:
 * "to help him oust"). The coder prefers events outside such stretches.
 *
 * Boundaries (CL_BOUND) are where an object is no longer looked for:
 * punctuation that separates clauses, relative pronouns, subordinating
 * words, reporting verbs.
 *
 * Everything is a left-to-right pass with look-around bounded by small
 * constants (a phrase of at most 16 tokens, an addressee of at most 8).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clause.h"
#include "pos.h"

#define MAX_SPEAKER_TOK		16	/* ", a member of the Chadian team trying to ... has said" */
#define MAX_ADDRESSEE_TOK	8
#define MAX_ASIDE_TOK		8	/* "(D-N.Y.)", "(IGH)": a bracketed aside skipped to the subject */

static const char *const preps[] = {
	"of", "by", "in", "on", "at", "from", "with", "to", "for", "against", "between", "among",
	"near", "about", "toward", "towards", "into", "over", "under", "during", "after", "before",
	"through", "across", "around", "inside", "outside", "within", "without", "despite", "amid",
	"upon", "onto", "via", "regarding", "concerning", "including", "like", "than", "since",
	"until", "throughout", "behind", "beyond", "along", "per", "as", "off", NULL
};

static const char *const dets[] = {
	"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
	"my", "your", "some", "any", "no", "each", "every", "all", "both", "several", "many",
	"few", "another", "such", "other", "'s", "'", "’s", "’", "more", "most", "much", NULL
};

static const char *const auxes[] = {
	"is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having",
	"do", "does", "did", "get", "gets", "got", NULL
};

static const char *const negators[] = {
	"not", "n't", "never", "no", "nor", "neither", "cannot", NULL
};

static const char *const pronouns[] = {
	"he", "she", "it", "they", "we", "i", NULL
};

/* Adverbs and time words that may stand between a subject and its verb. */
static const char *const fillers[] = {
	"also", "again", "still", "now", "then", "further", "already", "today", "yesterday",
	"tonight", "here", "there", "soon", "later", "earlier", "meanwhile", "too", "even", "just",
	"once", "finally", "jointly", "reportedly", "apparently", "previously", "recently",
	"allegedly", "formally", "officially", "repeatedly", "immediately", "quickly", "initially",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"morning", "afternoon", "evening", "night", "week", "month", "year", "weekend",
	"last", "this", "next", "late", "early", "only", "however", "thus", "so", "on", "subsequently",
	NULL
};

static const char *const modals_maybe[] = {
	"may", "might", "could", "can", NULL
};

static const char *const subordinators[] = {
	"after", "before", "while", "whereas", "although", "though", "because", "since", "unless",
	"until", "despite", "amid", "amidst", "following", "during", "without", "once", "if",
	"when", "whether", NULL
};

/* What ends a stretch of subordinate clause; what bounds a clause. */
static const char *const stretch_stops[] = { ",", ";", ":", "but", NULL };
static const char *const bounds[] = { ";", ":", "--", "—", "–", ",", "but", NULL };
static const char *const and_or[] = { "and", "or", NULL };
/* Words in -ly that are no adverbs. */
static const char *const ly_nouns[] = { "ally", "rally", "supply", "reply", "apply", "assembly", NULL };

static const char *const relatives[] = {
	"who", "which", "whom", "whose", "where", NULL
};

int
clause_is_prep(const char *w)
{
	return word_in_list(w, preps);
}

int
clause_is_subordinator(const char *w)
{
	return word_in_list(w, subordinators);
}

int
clause_is_det(const char *w)
{
	return word_in_list(w, dets);
}

int
clause_is_aux(const char *w)
{
	return word_in_list(w, auxes);
}

int
clause_is_negator(const char *w)
{
	return word_in_list(w, negators) || word_ends_with(w, "n't");
}

int
clause_is_pronoun(const char *w)
{
	return word_in_list(w, pronouns);
}

int
clause_is_filler(const struct sentence *s, size_t i)
{
	const char *w = s->words[i];

	if (word_in_list(w, fillers))
		return 1;
	/* Lower-case -ly adverbs; capitalised words ending so are names ("Italy"). */
	return !(s->tok[i].flags & TOK_CAP) && word_ends_with(w, "ly") && strlen(w) > 4 &&
	    !word_in_list(w, ly_nouns);
}

long
clause_skip_left(const struct sentence *s, long i)
{
	while (i >= 0) {
		const char *w = s->words[i];

		long open = i - 1;

		if (clause_is_filler(s, (size_t)i) || clause_is_aux(w) || clause_is_negator(w) ||
		    word_in_list(w, modals_maybe) || (s->tok[i].flags & TOK_NUMBER)) {
			i--;
			continue;
		}
		/* "Ocasio-Cortez (D-N.Y.) demanded": a short aside in brackets. */
		if (strcmp(w, ")") != 0)
			break;
		while (open >= 0 && i - open <= MAX_ASIDE_TOK && strcmp(s->words[open], "(") != 0)
			open--;
		if (open < 0 || i - open > MAX_ASIDE_TOK)
			break;
		i = open - 1;
	}
	return i;
}

long
clause_prep_of(const struct sentence *s, const struct actor *a, size_t limit)
{
	long t = (long)a->tok_start - 1;


	for (int k = 0; k < 3 && t >= (long)limit; k++, t--) {
		const char *w = s->words[t];

		/* "in Northern Europe": a compass word qualifies the place. */
		if (sentence_compass_at(s, (size_t)t) && (s->tok[t].flags & TOK_CAP)) {
			k--;
			continue;
		}
		/* "by Mr. Erdogan": the title belongs to the name. */
		if (t >= 1 && t - 1 >= (long)limit && sentence_courtesy_at(s, (size_t)t - 1)) {
			t--;
			k--;
			continue;
		}

		/* "up to 100 Albanians", "about 200 supporters": a quantity, not a phrase. */
		if (clause_is_prep(w) && (s->tok[t + 1].flags & TOK_NUMBER)) {
			if (t > 0 && strcmp(w, "to") == 0 && strcmp(s->words[t - 1], "up") == 0)
				t--;
			continue;
		}
		if (clause_is_prep(w))
			return t;
		/* "to send troops": a verb between makes the noun its object. */
		if (s->tags != NULL && pos_is_verb(s->tags[t]) && t > 0 && sentence_word_is(s, (size_t)t - 1, "to"))
			return -1;
		/* "from the defeated Fatah Party": a participle after a determiner is an adjective. */
		if (word_ends_with(w, "ed") && t > (long)limit && clause_is_det(s->words[t - 1]) && k < 2) {
			k--;
			continue;
		}
		if (!clause_is_det(w) && !(s->tok[t].flags & TOK_NUMBER) &&
		    ((s->tok[t].flags & TOK_CAP) || !(s->tok[t].flags & TOK_WORD) ||
		    word_ends_with(w, "ed") || clause_is_aux(w)))
			return -1;
	}
	return -1;
}

void
clause_release(struct clause *c)
{
	if (c == NULL)
		return;
	free(c->flag);
	free(c->say);
	free(c->lemma);
	free(c->lemma_done);
	memset(c, 0, sizeof(*c));
}

const char *
clause_lemma(struct clause *c, const struct lexicon *lx, const struct sentence *s, size_t i)
{
	if (!c->lemma_done[i]) {
		c->lemma_done[i] = 1;
		c->lemma[i] = (s->tok[i].flags & TOK_WORD) ? lexicon_lemma(lx, s->words[i]) : NULL;
	}
	return c->lemma[i];
}

const struct lex_entry *
clause_phrase_ending(struct clause *c, const struct lexicon *lx, const struct sentence *s,
    enum lex_kind kind, size_t last, size_t *ret_start)
{
	const char	*w[4];

	for (size_t len = 1; len <= 4 && len <= last + 1; len++) {
		size_t			 start = last + 1 - len, n = 0;
		const struct lex_entry	*e;
		const char		*lem;

		if (s->kinds != NULL && !(s->kinds[start] & (1u << kind)))
			continue;

		for (size_t k = 0; k < len; k++)
			w[k] = s->words[start + k];
		if ((e = lexicon_match(lx, kind, w, len, &n)) != NULL && n == len) {
			*ret_start = start;
			return e;
		}
		if ((lem = clause_lemma(c, lx, s, start)) != NULL && strcmp(lem, w[0]) != 0) {
			w[0] = lem;
			if ((e = lexicon_match(lx, kind, w, len, &n)) != NULL && n == len) {
				*ret_start = start;
				return e;
			}
		}
	}
	return NULL;
}

#define MAX_CONTROL_GAP	5

const struct lex_entry *
clause_control_to(struct clause *c, const struct lexicon *lx, const struct sentence *s, size_t k,
    size_t *ret_start)
{
	const struct lex_entry	*e;
	const char		*w[5], *lem;

	if ((e = clause_phrase_ending(c, lx, s, LEX_CONTROL, k, ret_start)) != NULL)
		return e;
	for (long j = (long)k - 2; j >= 0 && (long)k - 1 - j <= MAX_CONTROL_GAP; j--) {
		const char *g = s->words[j + 1];

		/* The words between are adverbs and short phrases of time or manner
		 * ("in principle on Saturday"), never an object ("wants Putin to"). */
		if ((c->flag[j + 1] & (CL_BOUND | CL_SAYVERB | CL_VERB)) || clause_is_det(g) ||
		    ((s->tok[j + 1].flags & TOK_CAP) && !clause_is_filler(s, (size_t)j + 1)))
			break;
		for (size_t len = 1; len <= 3 && (long)len <= j + 1; len++) {
			size_t start = (size_t)j + 1 - len, n = 0;

			for (size_t t = 0; t < len; t++)
				w[t] = s->words[start + t];
			w[len] = "to";
			for (int pass = 0; pass < 2; pass++) {
				if (pass == 1) {
					if ((lem = clause_lemma(c, lx, s, start)) == NULL || strcmp(lem, w[0]) == 0)
						break;
					w[0] = lem;
				}
				if ((e = lexicon_match(lx, LEX_CONTROL, w, len + 1, &n)) != NULL && n == len + 1) {
					*ret_start = start;
					return e;
				}
			}
		}
		if (c->flag[j] & (CL_VERB | CL_BOUND))
			break;
	}
	return NULL;
}

const struct say_frame *
clause_frame_of(const struct clause *c, size_t i)
{
	const struct say_frame *best = NULL;

	for (size_t k = 0; k < c->nsay; k++) {
		const struct say_frame *f = &c->say[k];

		if (i < f->content_start || i >= f->content_end)
			continue;
		if (best == NULL || f->content_end - f->content_start < best->content_end - best->content_start)
			best = f;
	}
	return best;
}

static int
grow_arrays(struct clause *c, size_t n)
{
	if (n <= c->cap && n <= c->capl)
		return 0;
	free(c->flag);
	free(c->lemma);
	free(c->lemma_done);
	c->flag = malloc(n);
	c->lemma = malloc(n * sizeof(*c->lemma));
	c->lemma_done = malloc(n);
	if (c->flag == NULL || c->lemma == NULL || c->lemma_done == NULL) {
		c->cap = c->capl = 0;
		return -ENOMEM;
	}
	c->cap = c->capl = n;
	return 0;
}

static int
push_frame(struct clause *c, const struct say_frame *f)
{
	if (c->nsay == c->capsay) {
		size_t	 ncap = c->capsay ? c->capsay * 2 : 4;
		void	*p = realloc(c->say, ncap * sizeof(*c->say));

		if (p == NULL)
			return -ENOMEM;
		c->say = p;
		c->capsay = ncap;
	}
	c->say[c->nsay++] = *f;
	return 0;
}

static int
is_comma(const struct sentence *s, size_t i)
{
	return sentence_word_is(s, i, ",");
}

/* The mention that starts at token i, or NULL. */
static const struct actor *
mention_at(const struct actorvec *av, size_t i)
{
	for (size_t k = 0; k < av->n; k++)
		if (av->v[k].tok_start == i)
			return &av->v[k];
	return NULL;
}

/* Skip time words and short time phrases ("on Tuesday", "in a statement") rightwards. */
static size_t
skip_right(const struct sentence *s, size_t i)
{
	while (i < s->ntok) {
		if (clause_is_filler(s, i) || (s->tok[i].flags & TOK_NUMBER)) {
			i++;
			continue;
		}
		/* "in a statement", "in an interview", "on state television" */
		if ((sentence_word_is(s, i, "in") || sentence_word_is(s, i, "on")) && i + 2 < s->ntok &&
		    (sentence_word_is(s, i + 2, "statement") || sentence_word_is(s, i + 2, "interview") ||
		    sentence_word_is(s, i + 2, "letter") || sentence_word_is(s, i + 3, "statement") ||
		    sentence_word_is(s, i + 3, "interview") || sentence_word_is(s, i + 2, "television") ||
		    sentence_word_is(s, i + 3, "television"))) {
			size_t k = i + 1;

			while (k < s->ntok && k < i + 5 && !sentence_word_is(s, k, "statement") &&
			    !sentence_word_is(s, k, "interview") && !sentence_word_is(s, k, "letter") &&
			    !sentence_word_is(s, k, "television"))
				k++;
			i = k + 1;
			continue;
		}
		break;
	}
	return i;
}

/* Is token i in verb position, not a noun after a determiner ("the report")? */
static int
verbal(const struct sentence *s, size_t i)
{
	if (s->tags != NULL)
		return pos_is_verb(s->tags[i]);
	if (i == 0)
		return 1;
	if (clause_is_det(s->words[i - 1]) || (s->tok[i - 1].flags & TOK_POSS))
		return 0;
	if ((s->tok[i].flags & TOK_CAP) && !(s->tok[i].flags & TOK_SENT_START))
		return 0;
	return 1;
}

/* Words whose object names who is told: "told the Iranians that". */
static int
takes_addressee(const char *lemma)
{
	return strcmp(lemma, "tell") == 0 || strcmp(lemma, "inform") == 0 ||
	    strcmp(lemma, "assure") == 0 || strcmp(lemma, "remind") == 0;
}

static int
sentence_end(const struct sentence *s, size_t i)
{
	return i >= s->ntok || sentence_word_is(s, i, ".") || sentence_word_is(s, i, "!") || sentence_word_is(s, i, "?") ||
	    ((s->tok[i].flags & TOK_QUOTE) && i + 1 >= s->ntok);
}

/* Mark [from, to) with flag. */
static void
mark(struct clause *c, size_t from, size_t to, uint8_t flag)
{
	for (size_t i = from; i < to; i++)
		c->flag[i] |= flag;
}

/* End of a subordinate stretch that starts at i: the next comma, ";", "but" or reporting verb. */
static size_t
stretch_end(const struct clause *c, const struct sentence *s, size_t i)
{
	size_t	k;
	int	relative = word_in_list(s->words[i], relatives) || sentence_word_is(s, i, "that");
	int	finite = 0;

	for (k = i + 1; k < s->ntok; k++) {
		const char *w = s->words[k];

		if (word_in_list(w, stretch_stops) || (c->flag[k] & CL_SAYVERB))
			break;
		/* "The rebels who attacked Syria met Iranian officials": a second
		 * finite verb, with nothing joining it to the first, is the main
		 * clause's (its subject is what the relative clause describes). */
		if (relative && (s->tags != NULL ? (s->tags[k] == POS_VBD || s->tags[k] == POS_VBZ ||
		    s->tags[k] == POS_VBP || s->tags[k] == POS_MD) : (c->flag[k] & CL_VERB) != 0)) {
			if (finite && !sentence_word_is(s, k - 1, "and") && !sentence_word_is(s, k - 1, "or") &&
			    !clause_is_aux(s->words[k - 1]) && !word_in_list(s->words[k - 1], relatives) &&
			    !sentence_word_is(s, k - 1, "that") && (s->tags == NULL || s->tags[k - 1] != POS_MD) &&
			    !clause_is_aux(w))
				break;
			finite = 1;
		}
		/* "... during the fight against Serb forces and will resign": a second predicate. */
		if (word_in_list(w, and_or) && k + 1 < s->ntok &&
		    (clause_is_aux(s->words[k + 1]) || ((c->flag[k + 1] & CL_VERB) && !relative) ||
		    sentence_word_is(s, k + 1, "will") || sentence_word_is(s, k + 1, "would")))
			break;
	}
	return k;
}

/*
 * Does a clause follow from token k, that is a verb before the end of the
 * sentence (or a closing attribution's comma), not an infinitive or an
 * "-ing" form? A participle after a comma
 * is an aside of the main clause, not the reported verb: "declared a
 * ceasefire in Tripoli, ending a campaign" declares an object. Only asked
 * with a tagger.
 */
static int
clause_follows(const struct sentence *s, size_t k)
{
	if (sentence_end(s, k) || is_comma(s, k))
		return 1;	/* a trailing attribution: decided below */
	for (size_t t = k; t < s->ntok; t++) {
		if (is_comma(s, t) && t + 1 < s->ntok && s->tags[t + 1] == POS_VBG)
			return 0;
		/* "declared a ceasefire ..., but said the truce would hold": the
		 * subject's next predicate, not what it declared. */
		if (is_comma(s, t) && sentence_word_is(s, t + 1, "but"))
			return 0;
		/* "announced a suspension of aid and threatened to ...": likewise. */
		if (sentence_word_is(s, t, "and") && t + 1 < s->ntok && (s->tags[t + 1] == POS_VBD ||
		    s->tags[t + 1] == POS_VBZ || s->tags[t + 1] == POS_VBP))
			return 0;
		/* "declared a truce to end the war", "announced plans aimed at":
		 * an infinitive or a participle modifies the object; a report needs
		 * a verb of its own. */
		if ((s->tags[t] == POS_VB && t > k && sentence_word_is(s, t - 1, "to")) || s->tags[t] == POS_VBG)
			continue;
		if (pos_is_verb(s->tags[t]) || s->tags[t] == POS_MD)
			return 1;
	}
	return 0;
}

static int
reporting_frames(struct clause *c, const struct lexicon *lx, const struct sentence *s,
    const struct actorvec *av)
{
	struct say_frame	 f;
	const struct lex_entry	*e;
	size_t			 n;
	int			 r;

	for (size_t i = 0; i < s->ntok; i++) {
		const char	*w[1], *lem;
		size_t		 k, d;

		if (sentence_word_is(s, i, "according") && sentence_word_is(s, i + 1, "to")) {
			size_t e2 = i + 2;

			while (e2 < s->ntok && !is_comma(s, e2) && !sentence_word_is(s, e2, ";"))
				e2++;
			/* "According to reports the UK is pushing ...": with no comma
			 * near, the source is the phrase's own noun. */
			if (i == 0 && e2 > i + 10) {
				e2 = i + 3;
				while (e2 < s->ntok && e2 < i + 6 && !clause_is_det(s->words[e2]) &&
				    !(s->tok[e2].flags & TOK_CAP))
					e2++;
			}
			memset(&f, 0, sizeof(f));
			f.verb = (uint32_t)i;
			f.entry = lexicon_match(lx, LEX_SAY, s->words + i, 2, &n);
			if (i == 0) {
				f.content_start = (uint32_t)(e2 < s->ntok && is_comma(s, e2) ? e2 + 1 : e2);
				f.content_end = (uint32_t)s->ntok;
			} else {
				f.content_start = 0;
				f.content_end = (uint32_t)i;
				f.trailing = 1;
			}
			mark(c, i > 0 && is_comma(s, i - 1) ? i - 1 : i, e2, CL_ATTR);
			if ((r = push_frame(c, &f)) < 0)
				return r;
			i = e2;
			continue;
		}
		if (!(s->tok[i].flags & TOK_WORD) || (lem = clause_lemma(c, lx, s, i)) == NULL)
			continue;
		w[0] = lem;
		if ((e = lexicon_match(lx, LEX_SAY, w, 1, &n)) == NULL || !verbal(s, i))
			continue;
		/* "to say", "is expected to say": the saying is governed, not done. */
		if (i > 0 && sentence_word_is(s, i - 1, "to"))
			continue;
		c->flag[i] |= CL_SAYVERB | CL_VERB | CL_BOUND;
		memset(&f, 0, sizeof(f));
		f.verb = (uint32_t)i;
		f.entry = e;
		k = skip_right(s, i + 1);
		if (takes_addressee(lem)) {
			const struct actor *a;

			d = k;
			while (d < s->ntok && clause_is_det(s->words[d]))
				d++;
			a = mention_at(av, d);
			if (a != NULL) {
				f.addr_start = (uint32_t)d;
				f.addr_end = a->tok_end;
				k = skip_right(s, a->tok_end);
			} else if (k < s->ntok && (sentence_word_is(s, k, "reporters") || sentence_word_is(s, k, "journalists") ||
			    sentence_word_is(s, k, "him") || sentence_word_is(s, k, "them") || sentence_word_is(s, k, "us"))) {
				f.addr_start = (uint32_t)k;
				f.addr_end = (uint32_t)k + 1;
				k = skip_right(s, k + 1);
			}
		}
		if (sentence_word_is(s, k, "to"))
			continue;	/* "told X to stop": a demand, not a report */
		if (sentence_word_is(s, k, "that"))
			k++;
		/* ", saying he must resign": what a participle reports is an aside. */
		if (i > 0 && is_comma(s, i - 1) && word_ends_with(s->words[i], "ing") &&
		    !sentence_end(s, k))
			mark(c, k, stretch_end(c, s, k), CL_SUB);
		for (d = k; d < s->ntok && clause_is_det(s->words[d]);)
			d++;
		/* "declared a ceasefire", "announced new sanctions": an object, not a report. */
		if (s->tags != NULL && !clause_follows(s, k) &&
		    !(mention_at(av, d) != NULL && sentence_end(s, skip_right(s, mention_at(av, d)->tok_end))))
			continue;
		if (!sentence_end(s, k) && !is_comma(s, k) && mention_at(av, d) == NULL) {
			/* "Syria says it is willing ...": what follows is reported. */
			f.content_start = (uint32_t)k;
			f.content_end = (uint32_t)s->ntok;
		} else if (!sentence_end(s, k) && !is_comma(s, k) && mention_at(av, d) != NULL &&
		    !sentence_end(s, skip_right(s, mention_at(av, d)->tok_end))) {
			f.content_start = (uint32_t)k;
			f.content_end = (uint32_t)s->ntok;
		} else {
			/* "..., X said (Tuesday)." or "..., said X.": a trailing attribution. */
			size_t comma = i;

			while (comma > 0 && i - comma < MAX_SPEAKER_TOK && !is_comma(s, comma - 1))
				comma--;
			if (comma == 0 || !is_comma(s, comma - 1))
				continue;
			comma--;
			f.trailing = 1;
			f.content_start = 0;
			f.content_end = (uint32_t)comma;
			mark(c, comma, s->ntok, CL_ATTR);
		}
		if ((r = push_frame(c, &f)) < 0)
			return r;
	}
	return 0;
}

/* Is the "to" at i the end of a control phrase, or of "verb NP to" with an object-control verb? */
static int
governed_to(struct clause *c, const struct lexicon *lx, const struct sentence *s, size_t i)
{
	size_t start;

	if (clause_control_to(c, lx, s, i, &start) != NULL)
		return 1;
	for (long t = (long)i - 1; t >= 0 && (long)i - t <= MAX_ADDRESSEE_TOK; t--) {
		if (clause_phrase_ending(c, lx, s, LEX_OBJCONTROL, (size_t)t, &start) != NULL)
			return 1;
		if (c->flag[t] & CL_BOUND)
			break;
	}
	return 0;
}

/* "to" + a base-form verb: an infinitive. */
static int
infinitive_at(struct clause *c, const struct lexicon *lx, const struct sentence *s, size_t i)
{
	const char	*lem;
	size_t		 v = i + 1;

	if (!sentence_word_is(s, i, "to") || v >= s->ntok)
		return 0;
	if (s->tags != NULL) {
		while (v < s->ntok && pos_is_adv(s->tags[v]))
			v++;
		/* "aid to Tajikistan": the tagger may read a name after "to" as
		 * a verb, but no verb is capitalised in mid-sentence. */
		return v < s->ntok && s->tags[v] == POS_VB && !(s->tok[v].flags & TOK_CAP);
	}
	while (v < s->ntok && clause_is_filler(s, v) && !(s->tok[v].flags & TOK_CAP))
		v++;
	if (v >= s->ntok || (s->tok[v].flags & TOK_CAP) || clause_is_det(s->words[v]))
		return 0;
	return (lem = clause_lemma(c, lx, s, v)) != NULL && strcmp(lem, s->words[v]) == 0;
}

/*
 * "that" opening a relative clause: after a noun that is no reporting or
 * demanding word ("a resolution that aims to", "groups that are
 * challenging"), not after a verb ("said that", "demanded that").
 */
static int
relative_that(struct clause *c, const struct lexicon *lx, const struct sentence *s, size_t i)
{
	const char	*p, *lem;
	size_t		 start;

	if (!sentence_word_is(s, i, "that") || i == 0 || !(s->tok[i - 1].flags & TOK_WORD))
		return 0;
	p = s->words[i - 1];
	if (s->tags != NULL && !pos_is_noun(s->tags[i - 1]))
		return 0;
	if (clause_is_prep(p) || clause_is_aux(p) || clause_is_filler(s, i - 1) || (c->flag[i - 1] & CL_VERB) ||
	    strcmp(p, "so") == 0 || strcmp(p, "such") == 0 || strcmp(p, "now") == 0)
		return 0;
	if (clause_phrase_ending(c, lx, s, LEX_OBJCONTROL, i - 1, &start) != NULL ||
	    clause_phrase_ending(c, lx, s, LEX_SAY, i - 1, &start) != NULL)
		return 0;
	if (strcmp(p, "demands") == 0 || strcmp(p, "demand") == 0 || strcmp(p, "calls") == 0 ||
	    strcmp(p, "insistence") == 0 || strcmp(p, "claims") == 0 || strcmp(p, "fears") == 0)
		return 0;
	if (s->tags != NULL)
		return 1;	/* a noun, as the tagger read it */
	/* An inflected verb form before "that" is the verb whose object it opens. */
	return (lem = clause_lemma(c, lx, s, i - 1)) == NULL || strcmp(lem, p) == 0 ||
	    (s->tok[i - 1].flags & TOK_CAP);
}

static void
subordinates(struct clause *c, const struct lexicon *lx, const struct sentence *s)
{
	for (size_t i = 0; i < s->ntok; i++) {
		const char *w = s->words[i];

		if (word_in_list(w, bounds) || (s->tok[i].flags & TOK_QUOTE))
			c->flag[i] |= CL_BOUND;
		if ((word_in_list(w, relatives) && i > 0) || relative_that(c, lx, s, i)) {
			c->flag[i] |= CL_BOUND;
			mark(c, i, stretch_end(c, s, i), CL_SUB | CL_REL);
		} else if (word_in_list(w, subordinators) || (strcmp(w, "as") == 0 && i + 1 < s->ntok &&
		    (clause_is_det(s->words[i + 1]) || clause_is_pronoun(s->words[i + 1])) &&
		    !sentence_word_is(s, i + 1, "a") && !sentence_word_is(s, i + 1, "an"))) {
			c->flag[i] |= CL_BOUND;
			mark(c, i, stretch_end(c, s, i), CL_SUB);
		} else if (strcmp(w, "to") == 0 && infinitive_at(c, lx, s, i) && !governed_to(c, lx, s, i)) {
			c->flag[i] |= CL_BOUND;
			mark(c, i, stretch_end(c, s, i), CL_SUB);
		}
	}
}

static void
quotes(struct clause *c, const struct sentence *s)
{
	int open = 0;

	for (size_t i = 0; i < s->ntok; i++) {
		if (s->tok[i].flags & TOK_QUOTE) {
			const unsigned char *p = (const unsigned char *)s->text + s->tok[i].start;

			if (p[0] == '"')
				open = !open;
			else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x9c)
				open = 1;
			else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x9d)
				open = 0;
			continue;
		}
		if (open)
			c->flag[i] |= CL_QUOTE;
	}
}

int
clause_analyse(struct clause *c, const struct lexicon *lx, const struct sentence *s,
    const struct actorvec *av, const struct verbvec *vv)
{
	int r;

	c->nsay = 0;
	if ((r = grow_arrays(c, s->ntok + 1)) < 0)
		return r;
	memset(c->flag, 0, s->ntok + 1);
	memset(c->lemma_done, 0, s->ntok + 1);
	for (size_t k = 0; k < vv->n; k++)
		if (vv->v[k].noun == NULL)
			c->flag[vv->v[k].tok] |= CL_VERB;
	/* Every finite verb heads a clause: "Benin opened its borders ... to West Africans". */
	if (s->tags != NULL)
		for (size_t k = 0; k < s->ntok; k++)
			if ((s->tags[k] == POS_VBD || s->tags[k] == POS_VBZ || s->tags[k] == POS_VBP) &&
			    !clause_is_aux(s->words[k]) && (k == 0 || (!clause_is_prep(s->words[k - 1]) &&
			    !clause_is_det(s->words[k - 1]))))
				c->flag[k] |= CL_VERB;
	quotes(c, s);
	if ((r = reporting_frames(c, lx, s, av)) < 0)
		return r;
	subordinates(c, lx, s);
	return 0;
}
