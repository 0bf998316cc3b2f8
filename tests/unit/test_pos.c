/*
 * test_pos: the part-of-speech tagger on news sentences, its verb-group
 * rules, unknown words, long and empty sentences, and FILE:LINE errors.
 *
 * The model is the one generated from festlex-poslex into the lexicon
 * directory ($NE_LEXICON, by default build/lexicon). Every expected tag
 * below was written by hand, as a person tags the sentence with the Penn
 * Treebank guidelines, before the tagger was run on it; where the
 * guidelines allow two readings both are listed ("RP|IN"). Each word must
 * get the coarse class (noun, verb, adjective...) of an expected tag, and
 * each verb its exact tag, since the coder relies on verb forms.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "pos.h"
#include "sentence.h"
#include "text.h"

#define MAXTOK	2048

static const char *
model_dir(void)
{
	const char *d = getenv("NE_LEXICON");

	return d != NULL ? d : "build/lexicon";
}

static int
setup(void **state)
{
	struct tagger	*tg = NULL;
	char		 err[512] = "";

	if (tagger_load(model_dir(), &tg, err, sizeof(err)) != 0) {
		fprintf(stderr, "tagger_load: %s\n", err);
		return -1;
	}
	*state = tg;
	return 0;
}

static int
teardown(void **state)
{
	tagger_free(*state);
	return 0;
}

/* One sentence, tokenised and lower-cased as extract does it. */
struct tagged {
	struct tokvec	 tv;
	char		*lower;
	const char	*words[MAXTOK];
	uint8_t		 tags[MAXTOK + 1];
	struct sentence	 s;
};

static void
tag_text(const struct tagger *tg, const char *text, struct tagged *t)
{
	struct span	sp = { 0, (uint32_t)strlen(text) };
	size_t		pos = 0, cap;

	memset(&t->tv, 0, sizeof(t->tv));
	assert_int_equal(text_tokens(text, sp, &t->tv), 0);
	assert_true(t->tv.n <= MAXTOK);
	cap = sp.end + t->tv.n + 1;
	assert_non_null(t->lower = malloc(cap));
	for (size_t i = 0; i < t->tv.n; i++) {
		t->words[i] = t->lower + pos;
		pos += text_lower(text, &t->tv.v[i], t->lower + pos, cap - pos) + 1;
	}
	if (t->tv.n > 0)
		t->tv.v[0].flags |= TOK_SENT_START;
	t->s = (struct sentence){ text, sp, 0, t->tv.v, t->tv.n, t->words };
	memset(t->tags, 0xEE, sizeof(t->tags));
	assert_int_equal(tagger_tag(tg, &t->s, t->tags), 0);
	assert_int_equal(t->tags[t->tv.n], 0xEE);	/* nothing written past the end */
}

static void
tagged_release(struct tagged *t)
{
	tokvec_release(&t->tv);
	free(t->lower);
}

static void
print_tagged(const struct tagged *t)
{
	for (size_t i = 0; i < t->tv.n; i++)
		print_message("%.*s/%s ", (int)(t->tv.v[i].end - t->tv.v[i].start),
		    t->s.text + t->tv.v[i].start, pos_name(t->tags[i]));
	print_message("\n");
}

/* Running totals over every expected tag checked, for the summary line. */
struct score {
	unsigned	words, coarse_ok, verbs, verbs_ok;
};

/*
 * Does tag satisfy want, a list of Penn names separated by '|'? The coarse
 * class must be one of theirs; when any of them is a verb (or MD), the tag
 * must be exactly one of them.
 */
static int
tag_matches(int tag, const char *want, size_t wantlen, int *is_verb, int *coarse_ok)
{
	char	name[16];
	int	exact = 0;

	*is_verb = 0;
	*coarse_ok = 0;
	for (size_t i = 0; i < wantlen;) {
		size_t	j = i, n;
		int	w;

		while (j < wantlen && want[j] != '|')
			j++;
		n = j - i < sizeof(name) - 1 ? j - i : sizeof(name) - 1;
		memcpy(name, want + i, n);
		name[n] = '\0';
		if ((w = pos_from_name(name)) < 0)
			fail_msg("bad expected tag '%s'", name);
		if (pos_coarse(w) == POSC_VERB)
			*is_verb = 1;
		if (pos_coarse(w) == pos_coarse(tag))
			*coarse_ok = 1;
		if (w == tag)
			exact = 1;
		i = j + 1;
	}
	return *is_verb ? exact : *coarse_ok;
}

/* Tag text and check it against want ("DT NNP CC ..."), one entry per token. */
static void
expect_tags(const struct tagger *tg, const char *text, const char *want, struct score *sc)
{
	struct tagged	*t;
	const char	*p = want;
	size_t		 i = 0;
	int		 bad = 0;

	assert_non_null(t = calloc(1, sizeof(*t)));
	tag_text(tg, text, t);
	while (*p != '\0') {
		const char	*q = p;
		int		 is_verb, coarse_ok;

		while (*q != '\0' && *q != ' ')
			q++;
		if (i >= t->tv.n)
			fail_msg("'%s': fewer tokens (%zu) than expected tags", text, t->tv.n);
		if (!tag_matches(t->tags[i], p, (size_t)(q - p), &is_verb, &coarse_ok)) {
			print_message("'%.*s' is %s, expected %.*s\n",
			    (int)(t->tv.v[i].end - t->tv.v[i].start), text + t->tv.v[i].start,
			    pos_name(t->tags[i]), (int)(q - p), p);
			bad = 1;
		}
		if (sc != NULL) {
			sc->words++;
			sc->coarse_ok += (unsigned)coarse_ok;
			sc->verbs += (unsigned)is_verb;
			sc->verbs_ok += (unsigned)(is_verb &&
			    tag_matches(t->tags[i], p, (size_t)(q - p), &is_verb, &coarse_ok));
		}
		i++;
		p = *q == ' ' ? q + 1 : q;
	}
	if (i != t->tv.n)
		fail_msg("'%s': %zu tokens, %zu expected tags", text, t->tv.n, i);
	if (bad) {
		print_tagged(t);
		fail_msg("wrong tags in '%s'", text);
	}
	tagged_release(t);
	free(t);
}

/* The tag of the token whose text is word (the first such token). */
static int
tag_of(const struct tagger *tg, const char *text, const char *word)
{
	struct tagged	*t;
	int		 tag = -1;

	assert_non_null(t = calloc(1, sizeof(*t)));
	tag_text(tg, text, t);
	for (size_t i = 0; i < t->tv.n && tag < 0; i++)
		if (t->tv.v[i].end - t->tv.v[i].start == strlen(word) &&
		    memcmp(text + t->tv.v[i].start, word, strlen(word)) == 0)
			tag = t->tags[i];
	if (tag < 0)
		fail_msg("no token '%s' in '%s'", word, text);
	tagged_release(t);
	free(t);
	return tag;
}

/* The tokeniser splits an initial from its dot: "C" ".". */
static const struct {
	const char	*text;
	const char	*tags;
} news[] = {
	{ "The U.S. and Iran broke off diplomatic relations in 1980.",
	  "DT NNP CC NNP VBD RP|IN JJ NNS IN CD PUNCT" },
	{ "U.S. Ambassador Ryan C. Crocker met his Iranian counterpart in Baghdad on Monday.",
	  "NNP NNP NNP NNP PUNCT NNP VBD PRP$ JJ NN IN NNP IN NNP PUNCT" },
	{ "The meeting was hosted by Iraqi Prime Minister Nuri al-Maliki.",
	  "DT NN VBD VBN IN JJ|NNP NNP NNP NNP NNP PUNCT" },
	{ "Iran said it was willing to hold another round of talks.",
	  "NNP VBD PRP VBD JJ TO VB DT NN IN NNS PUNCT" },
	{ "The two sides did not point to any progress.",
	  "DT CD NNS VBD RB VB TO DT NN PUNCT" },
	{ "Delegates were meeting in Geneva on Tuesday, officials said.",
	  "NNS VBD VBG IN NNP IN NNP PUNCT NNS VBD PUNCT" },
	{ "He talks with reporters every week.",
	  "PRP VBZ IN NNS DT NN PUNCT" },
	{ "The talks ended without an agreement.",
	  "DT NNS VBD IN DT NN PUNCT" },
	{ "Rebels attacked a police station near Kandahar, killing three officers.",
	  "NNS VBD DT NN NN IN NNP PUNCT VBG CD NNS PUNCT" },
	{ "The government has accused Hamas of firing rockets into southern Israel.",
	  "DT NN VBZ VBN NNP IN VBG NNS IN JJ NNP PUNCT" },
	{ "Police arrested 25 protesters after clashes in the capital.",
	  "NNS|NN VBD CD NNS IN NNS IN DT NN PUNCT" },
	{ "The minister will visit Moscow next week to discuss the crisis.",
	  "DT NN MD VB NNP JJ NN TO VB DT NN PUNCT" },
	{ "Troops have been deployed along the border.",
	  "NNS VBP VBN VBN IN DT NN PUNCT" },
	{ "Iraq's foreign minister stressed that his country wanted peace.",
	  "NNP POS JJ NN VBD IN PRP$ NN VBD NN PUNCT" },
	{ "Iran didn't respond to the proposal.",
	  "NNP VBD VB TO DT NN PUNCT" },
	{ "Officials said Mowaffak al-Rubaie and Hassan Kazemi-Qomi attended.",
	  "NNS VBD NNP NNP CC NNP NNP VBD PUNCT" },
};

static void
test_pos_tags_news_sentences(void **state)
{
	struct score sc = { 0 };

	for (size_t i = 0; i < sizeof(news) / sizeof(news[0]); i++)
		expect_tags(*state, news[i].text, news[i].tags, &sc);
	print_message("coarse %u/%u, verbs exact %u/%u\n", sc.coarse_ok, sc.words, sc.verbs_ok,
	    sc.verbs);
	assert_int_equal(sc.coarse_ok, sc.words);
	assert_int_equal(sc.verbs_ok, sc.verbs);
	assert_true(sc.words > 150);
}

static void
test_pos_past_form_after_be_is_a_participle(void **state)
{
	assert_int_equal(tag_of(*state, "The summit was hosted by Egypt.", "hosted"), POS_VBN);
	assert_int_equal(tag_of(*state, "The talks were quietly hosted by Oman.", "hosted"),
	    POS_VBN);
	assert_int_equal(tag_of(*state, "The embassy has been shelled twice.", "shelled"), POS_VBN);
	assert_int_equal(tag_of(*state, "Egypt hosted the summit.", "hosted"), POS_VBD);
}

static void
test_pos_verb_after_do_or_modal_is_base_form(void **state)
{
	assert_int_equal(tag_of(*state, "The officials did point to progress.", "point"), POS_VB);
	assert_int_equal(tag_of(*state, "Iran could host the next round.", "host"), POS_VB);
	assert_int_equal(tag_of(*state, "They made a point about militias.", "point"), POS_NN);
}

static void
test_pos_verb_form_follows_the_clause(void **state)
{
	const char *rel = "Sanctions imposed by the UN remain in force.";

	assert_int_equal(tag_of(*state, rel, "imposed"), POS_VBN);
	assert_int_equal(tag_of(*state, rel, "remain"), POS_VBP);
	assert_int_equal(tag_of(*state, "Officials demanded that Iran stop enrichment.", "stop"),
	    POS_VB);
	assert_int_equal(tag_of(*state, "Rebels burned tyres and blocked roads.", "blocked"),
	    POS_VBD);
	assert_int_equal(tag_of(*state, "Critics attacked its failed policy.", "failed"), POS_VBN);
	assert_int_equal(pos_coarse(tag_of(*state, "The deal was very close to completion.",
	    "close")), POSC_ADJ);
}

static void
test_pos_meeting_is_a_noun_after_the_and_a_verb_after_were(void **state)
{
	assert_int_equal(tag_of(*state, "The meeting lasted four hours.", "meeting"), POS_NN);
	assert_int_equal(tag_of(*state, "Diplomats were meeting in secret.", "meeting"), POS_VBG);
}

static void
test_pos_talks_is_plural_after_the_and_a_verb_after_a_subject(void **state)
{
	assert_int_equal(tag_of(*state, "The talks resumed on Monday.", "talks"), POS_NNS);
	assert_int_equal(tag_of(*state, "She talks to the press every day.", "talks"), POS_VBZ);
}

static void
test_pos_unknown_capitalised_names_are_proper_nouns(void **state)
{
	static const char *const names[] = { "Zarqawi", "Mottaki", "Qalibaf", "Ouattara" };
	char text[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(text, sizeof(text), "The envoy met %s in the capital.", names[i]);
		assert_int_equal(tag_of(*state, text, names[i]), POS_NNP);
	}
	/* Lower case, the same unknown word is not a name. */
	assert_int_not_equal(tag_of(*state, "The envoy met zarqawi in the capital.", "zarqawi"),
	    POS_NNP);
}

static void
test_pos_unknown_words_are_guessed_from_their_suffix(void **state)
{
	const char *ing = "The troops were blorfing the town.";

	/* Made-up words, so the lexicon cannot know them. */
	assert_int_equal(pos_coarse(tag_of(*state, ing, "blorfing")), POSC_VERB);
	assert_int_equal(tag_of(*state, "The army blorfed the town.", "blorfed"), POS_VBD);
	assert_int_equal(tag_of(*state, "They spoke very snorkishly about it.", "snorkishly"),
	    POS_RB);
	assert_int_equal(tag_of(*state, "The glorbations continued.", "glorbations"), POS_NNS);
	assert_int_equal(tag_of(*state, "Sales rose in 1987 to 12,345.", "12,345"), POS_CD);
	/* Issue 10: each suffix list, read with the suffixes' lengths known. */
	assert_int_equal(pos_coarse(tag_of(*state, "The glorbment of the town continued.",
	    "glorbment")), POSC_NOUN);
	assert_int_equal(pos_coarse(tag_of(*state, "The glorbous town was quiet.", "glorbous")),
	    POSC_ADJ);
	assert_int_equal(pos_coarse(tag_of(*state, "They will glorbize the town.", "glorbize")),
	    POSC_VERB);
	assert_int_equal(pos_coarse(tag_of(*state, "The glorbist spoke to reporters.", "glorbist")),
	    POSC_NOUN);
}

/* An unknown plural whose singular the lexicon knows as a noun only is a plural noun, not a verb. */
static void
test_pos_unknown_plural_of_a_known_noun_is_a_plural_noun(void **state)
{
	assert_int_equal(tag_of(*state, "Assailants stabbed a French priest.", "Assailants"), POS_NNS);
	assert_int_equal(tag_of(*state, "Assassins murdered the minister.", "Assassins"), POS_NNS);
	/* The verb reading of an unknown -s word stays when nothing says otherwise. */
	assert_int_equal(tag_of(*state, "The army glorbs the town.", "glorbs"), POS_VBZ);
}

/* A British spelling reads as its American one, which the lexicon knows. */
static void
test_pos_british_spellings_read_as_american_ones(void **state)
{
	assert_int_equal(tag_of(*state, "The organisation recognised the new government.", "recognised"), POS_VBD);
	assert_int_equal(tag_of(*state, "The organisation recognised the new government.", "organisation"), POS_NN);
	/* Unknown, "criticised" after a noun the tagger reads as an adjective was an adjective too. */
	assert_int_equal(pos_coarse(tag_of(*state, "The Iraqi militant criticised Greenland on Monday.", "criticised")),
	    POSC_VERB);
	assert_int_equal(tag_of(*state, "Labour criticised the defence programme.", "programme"), POS_NN);
}

static void
test_pos_contractions_take_the_tag_of_their_first_part(void **state)
{
	assert_int_equal(tag_of(*state, "Iran won't attend the talks.", "won't"), POS_MD);
	assert_int_equal(tag_of(*state, "Iran won't attend the talks.", "attend"), POS_VB);
	assert_int_equal(tag_of(*state, "They don't agree.", "don't"), POS_VBP);
	assert_int_equal(tag_of(*state, "It's been hosted by Qatar.", "It's"), POS_PRP);
	assert_int_equal(tag_of(*state, "It's been hosted by Qatar.", "hosted"), POS_VBN);
}

static void
test_pos_possessives_and_punctuation(void **state)
{
	struct tagged *t;

	expect_tags(*state, "Her talks with Iran's leaders (in Tehran) ended.",
	    "PRP$ NNS IN NNP POS NNS PUNCT IN NNP PUNCT VBD PUNCT", NULL);
	expect_tags(*state, "\"We met her,\" he said.",
	    "PUNCT PRP VBD PRP PUNCT PUNCT PRP VBD PUNCT", NULL);

	/* A period, a comma and a quote never take a word's tag. */
	assert_non_null(t = calloc(1, sizeof(*t)));
	tag_text(*state, "Yes, \"no\" -- maybe.", t);
	for (size_t i = 0; i < t->tv.n; i++)
		if (t->tv.v[i].flags & (TOK_PUNCT | TOK_QUOTE))
			assert_int_equal(t->tags[i], POS_PUNCT);
	tagged_release(t);
	free(t);
}

static void
test_pos_tags_a_1000_token_sentence(void **state)
{
	static const char	 unit[] = "the minister said , ";	/* 4 tokens */
	size_t			 reps = 250, len = strlen(unit);
	char			*text;
	struct tagged		*t;

	assert_non_null(text = malloc(reps * len + 1));
	for (size_t i = 0; i < reps; i++)
		memcpy(text + i * len, unit, len);
	text[reps * len] = '\0';
	assert_non_null(t = calloc(1, sizeof(*t)));
	tag_text(*state, text, t);
	assert_int_equal(t->tv.n, 1000);
	for (size_t i = 0; i < t->tv.n; i++) {
		static const int want[4] = { POS_DT, POS_NN, POS_VBD, POS_PUNCT };

		if (t->tags[i] != want[i % 4])
			fail_msg("token %zu ('%s') is %s, expected %s", i, t->words[i],
			    pos_name(t->tags[i]), pos_name(want[i % 4]));
	}
	tagged_release(t);
	free(t);
	free(text);
}

/* No punctuation at all: the windows must be cut between two words. */
static void
test_pos_tags_a_long_sentence_without_punctuation(void **state)
{
	static const char	 unit[] = "rebels attacked the town and ";	/* 5 tokens */
	size_t			 reps = 300, len = strlen(unit);
	char			*text;
	struct tagged		*t;

	assert_non_null(text = malloc(reps * len + 1));
	for (size_t i = 0; i < reps; i++)
		memcpy(text + i * len, unit, len);
	text[reps * len] = '\0';
	assert_non_null(t = calloc(1, sizeof(*t)));
	tag_text(*state, text, t);
	assert_int_equal(t->tv.n, 1500);
	for (size_t i = 0; i < t->tv.n; i++) {
		static const int want[5] = { POS_NNS, POS_VBD, POS_DT, POS_NN, POS_CC };

		if (t->tags[i] != want[i % 5])
			fail_msg("token %zu ('%s') is %s, expected %s", i, t->words[i],
			    pos_name(t->tags[i]), pos_name(want[i % 5]));
	}
	tagged_release(t);
	free(t);
	free(text);
}

struct thread_arg {
	const struct tagger	*tg;
	int			 mismatches;
};

/* Tag every news sentence many times and compare with the first result. */
static void *
tag_repeatedly(void *p)
{
	struct thread_arg	*a = p;
	struct tagged		*first, *again;

	first = calloc(1, sizeof(*first));
	again = calloc(1, sizeof(*again));
	if (first == NULL || again == NULL) {
		a->mismatches = -1;
		free(first);
		free(again);
		return NULL;
	}
	for (size_t i = 0; i < sizeof(news) / sizeof(news[0]); i++) {
		tag_text(a->tg, news[i].text, first);
		for (int k = 0; k < 50; k++) {
			tag_text(a->tg, news[i].text, again);
			if (memcmp(first->tags, again->tags, first->tv.n) != 0)
				a->mismatches++;
			tagged_release(again);
		}
		tagged_release(first);
	}
	free(first);
	free(again);
	return NULL;
}

static void
test_pos_threads_share_one_tagger(void **state)
{
	pthread_t		th[4];
	struct thread_arg	arg[4];

	for (int i = 0; i < 4; i++) {
		arg[i] = (struct thread_arg){ *state, 0 };
		assert_int_equal(pthread_create(&th[i], NULL, tag_repeatedly, &arg[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(arg[i].mismatches, 0);
	}
}

static void
test_pos_empty_sentence_writes_nothing(void **state)
{
	struct sentence	s = { "", { 0, 0 }, 0, NULL, 0, NULL };
	uint8_t		tags[4] = { 0xEE, 0xEE, 0xEE, 0xEE };

	assert_int_equal(tagger_tag(*state, &s, tags), 0);
	for (size_t i = 0; i < sizeof(tags); i++)
		assert_int_equal(tags[i], 0xEE);
}

static void
test_pos_names_and_classes(void **state)
{
	(void)state;
	assert_string_equal(pos_name(POS_NN), "NN");
	assert_string_equal(pos_name(POS_PRPS), "PRP$");
	assert_string_equal(pos_name(POS_VBN), "VBN");
	assert_string_equal(pos_name(-1), "OTHER");
	assert_string_equal(pos_name(_POS_MAX), "OTHER");
	for (int t = 0; t < _POS_MAX; t++)
		assert_int_equal(pos_from_name(pos_name(t)), t);
	assert_int_equal(pos_from_name("XX"), -1);
	assert_int_equal(pos_coarse(POS_NNPS), POSC_NOUN);
	assert_int_equal(pos_coarse(POS_MD), POSC_VERB);
	assert_int_equal(pos_coarse(POS_RP), POSC_ADP);
	assert_string_equal(pos_class_name(pos_coarse(POS_JJS)), "ADJ");
	assert_true(pos_is_verb(POS_VBG));
	assert_false(pos_is_verb(POS_MD));
	assert_true(pos_is_finite(POS_MD));
	assert_false(pos_is_finite(POS_VBN));
	assert_true(pos_is_noun(POS_NNP));
	assert_true(pos_is_proper(POS_NNPS));
	assert_false(pos_is_proper(POS_NN));
	assert_true(pos_is_adj(POS_JJR));
	assert_true(pos_is_adv(POS_WRB));
	assert_true(pos_is_nominal(POS_PRP));
	assert_false(pos_is_nominal(POS_DT));
}

static void
test_pos_model_loads_every_word(void **state)
{
	struct tagger_stats st;

	tagger_stats(*state, &st);
	/* festlex-poslex lists 33,417 words; a few carry only the dropped tags. */
	assert_true(st.words > 33000 && st.words <= 33417);
	assert_true(st.pairs >= st.words);
	/* 38^3 trigrams, of which the file lists the non-zero ones. */
	assert_true(st.trigrams > 10000 && st.trigrams <= 38 * 38 * 38);
	assert_true(st.bytes > 0);
}

/* ---------------------------------------------------------------- load errors */

static const char good_trigrams[] =
    "# a comment\n"
    "punc\tdt\tnn\t10\n"
    "dt\tnn\tvbd\t4.5\n"
    "nn\tvbd\tpunc\t3\n"
    "punc\tdt\tnns\t50\n"
    "punc\tprp\tvbz\t20\n";

static const char good_lexicon[] =
    "#\tpunc\t-2.0\n"		/* the word "#", not a comment */
    "the\tdt\t-0.5\n"
    "talks\tnns\t-7.8\n"
    "talks\tvbz\t-5.9\n";

static void
write_file(const char *dir, const char *name, const char *content)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(content, fp);
	assert_int_equal(fclose(fp), 0);
}

static void
remove_model(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/pos_trigrams.tsv", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/pos_lexicon.tsv", dir);
	unlink(path);
	rmdir(dir);
}

static int
load_model(const char *trigrams, const char *lexicon, char *err, size_t errsz,
    struct tagger **ret)
{
	char	dir[64] = "/tmp/ne-pos-XXXXXX";
	int	r;

	assert_non_null(mkdtemp(dir));
	write_file(dir, "pos_trigrams.tsv", trigrams);
	write_file(dir, "pos_lexicon.tsv", lexicon);
	r = tagger_load(dir, ret, err, errsz);
	remove_model(dir);
	return r;
}

static void
expect_error(const char *trigrams, const char *lexicon, const char *want)
{
	struct tagger	*tg = (struct tagger *)0x1;
	char		 err[512] = "";

	assert_int_equal(load_model(trigrams, lexicon, err, sizeof(err), &tg), -EINVAL);
	assert_ptr_equal(tg, (struct tagger *)0x1);	/* untouched */
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' does not contain '%s'", err, want);
}

static void
test_pos_load_errors_name_file_and_line(void **state)
{
	(void)state;
	expect_error("punc\tdt\tnn\t10\nnn\tzz\tpunc\t1\n", good_lexicon,
	    "pos_trigrams.tsv:2: unknown tag 'zz'");
	expect_error("# c\n\npunc\tdt\tnn\n", good_lexicon, "pos_trigrams.tsv:3: expected 4");
	expect_error("punc\tdt\tnn\tmany\n", good_lexicon, "pos_trigrams.tsv:1: count 'many'");
	expect_error("punc\tdt\tnn\t1\npunc\tdt\tnn\t2\n", good_lexicon,
	    "pos_trigrams.tsv:2: trigram punc dt nn listed twice");
	expect_error(good_trigrams, "the\tdt\t-0.5\nof\tof\t0\nwar\tnn\t1.5\n",
	    "pos_lexicon.tsv:3: '1.5' is not a log probability");
	expect_error(good_trigrams, "the\tdt\t-0.5\nthe\tzz\t-1\n",
	    "pos_lexicon.tsv:2: unknown tag 'zz'");
	expect_error(good_trigrams, "the\tdt\t-0.5\nthe dt -1\n", "pos_lexicon.tsv:2: expected 3");
	expect_error(good_trigrams, "the\tdt\t-0.5\nthe\tdt\t-0.7\n",
	    "pos_lexicon.tsv:2: tag 'dt' listed twice for 'the'");
	expect_error(good_trigrams, "the\tdt\t-0.5\nwar\tnn\t-9\nthe\tnn\t-9\n",
	    "pos_lexicon.tsv:3: 'the' listed again (first at line 1)");
	expect_error(good_trigrams, "# only a comment\n", "pos_lexicon.tsv: no entries");
}

static void
test_pos_missing_file_is_named(void **state)
{
	struct tagger	*tg = (struct tagger *)0x1;
	char		 err[512] = "";

	(void)state;
	assert_int_equal(tagger_load("/nonexistent-ne-pos", &tg, err, sizeof(err)), -ENOENT);
	assert_ptr_equal(tg, (struct tagger *)0x1);
	assert_non_null(strstr(err, "/nonexistent-ne-pos/pos_trigrams.tsv"));
}

static void
test_pos_small_model_loads_and_tags(void **state)
{
	struct tagger		*tg = NULL;
	struct tagger_stats	 st;
	char			 err[512] = "";

	(void)state;
	assert_int_equal(load_model(good_trigrams, good_lexicon, err, sizeof(err), &tg), 0);
	tagger_stats(tg, &st);
	assert_int_equal(st.words, 3);		/* "#", "the", "talks" */
	assert_int_equal(st.trigrams, 5);
	/* The lexicon prefers the verb; the trigrams, after "the", the noun. */
	assert_int_equal(tag_of(tg, "the talks", "talks"), POS_NNS);
	tagger_free(tg);
	tagger_free(NULL);
}

int
main(void)
{
#define T(name)	cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_pos_tags_news_sentences),
		T(test_pos_past_form_after_be_is_a_participle),
		T(test_pos_verb_after_do_or_modal_is_base_form),
		T(test_pos_verb_form_follows_the_clause),
		T(test_pos_meeting_is_a_noun_after_the_and_a_verb_after_were),
		T(test_pos_talks_is_plural_after_the_and_a_verb_after_a_subject),
		T(test_pos_unknown_capitalised_names_are_proper_nouns),
		T(test_pos_unknown_words_are_guessed_from_their_suffix),
		T(test_pos_unknown_plural_of_a_known_noun_is_a_plural_noun),
		T(test_pos_british_spellings_read_as_american_ones),
		T(test_pos_contractions_take_the_tag_of_their_first_part),
		T(test_pos_possessives_and_punctuation),
		T(test_pos_tags_a_1000_token_sentence),
		T(test_pos_tags_a_long_sentence_without_punctuation),
		T(test_pos_threads_share_one_tagger),
		T(test_pos_empty_sentence_writes_nothing),
		T(test_pos_model_loads_every_word),
		cmocka_unit_test(test_pos_names_and_classes),
		cmocka_unit_test(test_pos_load_errors_name_file_and_line),
		cmocka_unit_test(test_pos_missing_file_is_named),
		cmocka_unit_test(test_pos_small_model_loads_and_tags),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
