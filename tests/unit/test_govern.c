/*
 * test_govern: what governs an event word and how it recodes it
 * (govern.h), over the real lexicon built in build/lexicon.
 *
 * Every sentence is written for this test; every expected mode, governor
 * head, addressee, mark and code was worked out by hand from govern.h (the
 * walk left over adverbs, auxiliaries and negations to modals, control
 * phrases, verbs with an object and "to", light verbs; possessors, nominal
 * subjects, phrases and opaque objects; how the modes combine; negation
 * before modality.txt) and from the lexicon's grammar.txt and modality.txt
 * lines, before the stage was run. Sentences are built as extract builds
 * them, with the tagger's tags.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "actors.h"
#include "clause.h"
#include "govern.h"
#include "lexicon.h"
#include "stage.h"
#include "verbs.h"

struct fixture {
	struct lexicon		*lx;
	struct stage_sent	 st;
	struct actorvec		 av;
	struct verbvec		 vv;
	struct clause		 cl;
	uint8_t			 consumed[64];
	struct govctx		 x;
	struct gov		 g;
};

static int
group_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || (f->lx = stage_lexicon_load()) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
group_teardown(void **state)
{
	struct fixture *f = *state;

	assert_null(lexicon_unref(f->lx));
	free(f);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	stage_sent_release(&f->st);
	actorvec_release(&f->av);
	verbvec_release(&f->vv);
	clause_release(&f->cl);
	return 0;
}

static const char *const mode_names[] = {
	[GOV_NONE] = "none", [GOV_PASS] = "pass", [GOV_INTENT] = "intent", [GOV_THREAT] = "threat",
	[GOV_REFUSE] = "refuse", [GOV_OBLIGE] = "oblige", [GOV_APPEAL] = "appeal", [GOV_DEMAND] = "demand",
};

static void
dump(const struct fixture *f)
{
	const struct sentence	*s = &f->st.s;
	const struct gov	*g = &f->g;

	for (size_t k = 0; k < f->vv.n; k++)
		print_message("  event word %zu '%s' code %s consumed %u\n", k, s->words[f->vv.v[k].tok],
		    f->vv.v[k].code, f->consumed[k]);
	print_message("  mode %s neg %d head %u '%s' addr [%ld,%ld) possessor %d nominal %d sub %d adjunct %d "
	    "opaque %d\n", mode_names[g->mode], g->neg, g->head, g->head < s->ntok ? s->words[g->head] : "?",
	    g->addr_start, g->addr_end, g->possessor, g->nominal, g->sub, g->adjunct, g->opaque);
	for (size_t i = 0; i < g->ngrammar; i++)
		print_message("  governor %s '%s'\n", g->grammar[i]->code, g->grammar[i]->phrase);
}

static void
prepare(struct fixture *f, const char *text)
{
	stage_sent_release(&f->st);
	stage_sent_init(&f->st, text, 0);
	stage_sent_annotate(&f->st, f->lx, 1);
	assert_int_equal(verbs_find(f->lx, &f->st.s, &f->vv), 0);
	assert_int_equal(actors_find(f->lx, &f->st.s, NULL, &f->av), 0);
	assert_int_equal(clause_analyse(&f->cl, f->lx, &f->st.s, &f->av, &f->vv), 0);
	memset(f->consumed, 0, sizeof(f->consumed));
	memset(&f->x, 0, sizeof(f->x));
	f->x.lx = f->lx;
	f->x.s = &f->st.s;
	f->x.av = &f->av;
	f->x.vv = &f->vv;
	f->x.cl = &f->cl;
	f->x.consumed = f->consumed;
	f->x.nconsumed = sizeof(f->consumed);
}

/* The event word at word (its first token), which must exist. */
static const struct verb_match *
event_at(const struct fixture *f, const char *word)
{
	size_t t = stage_tok(&f->st.s, word, 0);

	for (size_t k = 0; k < f->vv.n; k++)
		if (f->vv.v[k].tok == t)
			return &f->vv.v[k];
	dump(f);
	fail_msg("'%s': '%s' is no event word", f->st.s.text, word);
	return NULL;
}

static size_t
event_index(const struct fixture *f, const char *word)
{
	return (size_t)(event_at(f, word) - f->vv.v);
}

/* Walk from the event word at word of text; what governs it is in f->g. */
static const struct verb_match *
walk(struct fixture *f, const char *text, const char *word)
{
	const struct verb_match *m;

	prepare(f, text);
	m = event_at(f, word);
	govern_walk(&f->x, m, &f->g);
	assert_true(f->g.ngrammar <= GOV_MAX_GRAMMAR);
	assert_true(f->g.head <= m->tok);
	return m;
}

static void
expect_mode(const struct fixture *f, enum gov_mode mode)
{
	if (f->g.mode != mode) {
		dump(f);
		fail_msg("'%s': mode %s, expected %s", f->st.s.text, mode_names[f->g.mode], mode_names[mode]);
	}
}

static void
expect_head(const struct fixture *f, const char *word)
{
	if (f->g.head != stage_tok(&f->st.s, word, 0)) {
		dump(f);
		fail_msg("'%s': the governor's head is not '%s'", f->st.s.text, word);
	}
}

/* Recode m's code under f->g; @returns the code, or NULL for no event. */
static const char *
recode(struct fixture *f, const struct verb_match *m, const struct transform **tr)
{
	return govern_recode(f->lx, &f->g, m->code, tr);
}

static int
has_governor(const struct fixture *f, const char *phrase)
{
	for (size_t i = 0; i < f->g.ngrammar; i++)
		if (strcmp(f->g.grammar[i]->phrase, phrase) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ the walk */

static void
test_govern_finds_nothing_over_a_plain_verb(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m = walk(f, "Iran met Iraq on Monday.", "met");
	const struct transform		*tr;

	expect_mode(f, GOV_NONE);
	assert_int_equal(f->g.neg, 0);
	expect_head(f, "met");
	assert_int_equal(f->g.addr_start, -1);
	assert_int_equal(f->g.possessor, -1);
	assert_false(f->g.nominal || f->g.sub || f->g.adjunct || f->g.opaque);
	assert_int_equal(f->g.ngrammar, 0);
	assert_string_equal(recode(f, m, &tr), "040");
	assert_null(tr);
}

static void
test_govern_reads_a_modal_as_an_intent(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m = walk(f, "Iran would meet Iraq.", "meet");
	const struct transform		*tr;

	expect_mode(f, GOV_INTENT);
	expect_head(f, "would");
	assert_int_equal(f->g.ngrammar, 1);
	assert_string_equal(f->g.grammar[0]->phrase, "would");
	assert_string_equal(recode(f, m, &tr), "036");	/* modality.txt: intent 04 036 */
	assert_non_null(tr);
	assert_string_equal(tr->mode, "intent");
	/* An intended attack is a threat of one (intent 190 1384). */
	m = walk(f, "Russia will attack Georgia.", "attack");
	expect_mode(f, GOV_INTENT);
	assert_string_equal(recode(f, m, &tr), "1384");
}

static void
test_govern_reads_a_control_phrase_ending_in_to(void **state)
{
	struct fixture *f = *state;

	walk(f, "Iran is willing to meet Iraq.", "meet");
	expect_mode(f, GOV_INTENT);
	expect_head(f, "willing");
	assert_true(has_governor(f, "willing to"));
}

static void
test_govern_crosses_time_and_manner_words_to_the_control_phrase(void **state)
{
	struct fixture *f = *state;

	walk(f, "Iran agreed in principle on Saturday to visit Iraq.", "visit");
	expect_mode(f, GOV_INTENT);
	expect_head(f, "agreed");
	/* "agreed" is an event word itself (030): the composed event replaces it. */
	assert_int_equal(f->consumed[event_index(f, "agreed")], 1);
	assert_int_equal(f->consumed[event_index(f, "visit")], 0);
}

static void
test_govern_finds_the_addressee_of_an_appeal(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m = walk(f, "Germany asked Poland to withdraw its troops.", "withdraw");
	const struct transform		*tr;

	expect_mode(f, GOV_APPEAL);
	expect_head(f, "asked");
	assert_int_equal(f->g.addr_start, (long)stage_tok(&f->st.s, "poland", 0));
	assert_int_equal(f->g.addr_end, (long)stage_tok(&f->st.s, "to", 0));
	assert_string_equal(m->code, "087");
	assert_string_equal(recode(f, m, &tr), "0256");	/* appeal 087 0256 */
}

static void
test_govern_finds_the_addressee_of_a_demand(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m = walk(f, "The court ordered the government to withdraw its troops.", "withdraw");
	const struct transform		*tr;

	expect_mode(f, GOV_DEMAND);
	expect_head(f, "ordered");
	assert_true(f->g.addr_start > (long)stage_tok(&f->st.s, "ordered", 0));
	assert_true(f->g.addr_start <= (long)stage_tok(&f->st.s, "government", 0));
	assert_int_equal(f->g.addr_end, (long)stage_tok(&f->st.s, "to", 0));
	assert_string_equal(recode(f, m, &tr), "1056");	/* demand 087 1056 */
}

static void
test_govern_gives_an_event_noun_its_light_verb(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m = walk(f, "Hungarian students staged a large demonstration.", "demonstration");
	const struct transform		*tr;

	assert_non_null(m->noun);
	expect_head(f, "staged");
	assert_true(has_governor(f, "stage"));
	expect_mode(f, GOV_NONE);	/* a light verb carries the event, it does not recode it */
	assert_int_equal(f->g.possessor, -1);
	assert_false(f->g.nominal || f->g.sub || f->g.opaque);
	assert_string_equal(recode(f, m, &tr), "141");
	/* An -ly adverb of the noun's modifier stands between ("apparently coordinated"). */
	m = walk(f, "Hungarian students staged apparently coordinated demonstrations.", "demonstrations");
	expect_head(f, "staged");
}

static void
test_govern_counts_an_amount_as_one_modifier(void **state)
{
	struct fixture *f = *state;

	/* "a new $345 million military": four modifiers, of which the amount is one */
	walk(f, "The United States announced a new $345 million military aid package for Taiwan.", "military");
	expect_head(f, "announced");
	assert_true(has_governor(f, "announce"));
	walk(f, "Washington announced a fresh 140 mln dlr military aid package for Peru.", "military");
	expect_head(f, "announced");
	/* An amount given in kind: "$2 billion in military aid". */
	walk(f, "The United States announced $2 billion in military aid for Ukraine.", "military");
	expect_head(f, "announced");
	/* Five words that are no amount are too many. */
	walk(f, "The United States announced a new large old costly military aid package.", "military");
	expect_head(f, "military");
}

static void
test_govern_stacks_governors_into_one_mode(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m;
	const struct transform		*tr;

	/* The lexicon README's own example: 036. */
	m = walk(f, "Iran said it would be willing to take part in new talks with the United States.", "talks");
	expect_mode(f, GOV_INTENT);
	assert_true(has_governor(f, "would"));
	assert_true(has_governor(f, "willing to"));
	expect_head(f, "would");
	assert_string_equal(recode(f, m, &tr), "036");
}

static void
test_govern_lets_a_threat_beat_an_intent(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m = walk(f, "Iran would threaten to seize Iraqi ships.", "seize");
	const struct transform		*tr;

	expect_mode(f, GOV_THREAT);
	assert_int_equal(f->consumed[event_index(f, "threaten")], 1);
	assert_string_equal(recode(f, m, &tr), "130");	/* threat 17 130 */
	assert_string_equal(tr->mode, "threat");
}

static void
test_govern_lets_a_refusal_beat_an_intent(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m = walk(f, "Iran would refuse to attack Iraq.", "attack");
	const struct transform		*tr;

	expect_mode(f, GOV_REFUSE);
	assert_int_equal(f->consumed[event_index(f, "refuse")], 1);
	/* A refused act of conflict has no code (refuse * -). */
	assert_null(recode(f, m, &tr));
}

static void
test_govern_lets_the_outermost_appeal_win(void **state)
{
	struct fixture *f = *state;

	walk(f, "Germany asked Poland to refuse to attack Russia.", "attack");
	expect_mode(f, GOV_APPEAL);
	expect_head(f, "asked");
	assert_int_equal(f->g.addr_start, (long)stage_tok(&f->st.s, "poland", 0));
	assert_true(has_governor(f, "refuse to"));
}

static void
test_govern_counts_negations(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m;
	const struct transform		*tr;

	m = walk(f, "China did not attack Japan.", "attack");
	assert_int_equal(f->g.neg, 1);
	expect_mode(f, GOV_NONE);
	assert_null(recode(f, m, &tr));	/* a negated plain event is no event */
	/* A negated intention is a refusal: refuse 04 125. */
	m = walk(f, "China will not meet Japan.", "meet");
	assert_int_equal(f->g.neg, 1);
	expect_mode(f, GOV_INTENT);
	assert_string_equal(recode(f, m, &tr), "125");
	expect_mode(f, GOV_REFUSE);
	m = walk(f, "China won't meet Japan.", "meet");
	assert_int_equal(f->g.neg, 1);
	assert_string_equal(recode(f, m, &tr), "125");
}

static void
test_govern_reads_an_obligation(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m = walk(f, "Germany said Iran must withdraw its troops.", "withdraw");
	const struct transform		*tr;

	expect_mode(f, GOV_OBLIGE);
	expect_head(f, "must");
	/* The speaker's demand: demand 087 1056. */
	assert_string_equal(recode(f, m, &tr), "1056");
}

static void
test_govern_passes_a_phase_verb_through(void **state)
{
	struct fixture			*f = *state;
	const struct verb_match		*m = walk(f, "Iran began to withdraw its troops.", "withdraw");
	const struct transform		*tr;

	expect_head(f, "began");	/* the subject is looked for left of it */
	assert_true(has_governor(f, "begin to"));
	assert_string_equal(recode(f, m, &tr), "087");	/* coded as itself */
	assert_null(tr);
}

static void
test_govern_marks_a_purpose(void **state)
{
	struct fixture *f = *state;

	walk(f, "Britain sent troops to attack the rebels.", "attack");
	assert_true(f->g.sub);
	assert_true(f->g.adjunct);
}

static void
test_govern_gives_a_noun_event_its_possessor(void **state)
{
	struct fixture *f = *state;

	walk(f, "Russia's invasion angered Georgia.", "invasion");
	assert_int_equal(f->g.possessor, 0);
	assert_false(f->g.sub);
	walk(f, "Israeli air strikes killed ten people.", "air");
	assert_int_equal(f->g.possessor, 0);
	assert_string_equal(f->av.v[0].country, "ISR");
}

static void
test_govern_marks_a_noun_event_as_subject_or_predicate(void **state)
{
	struct fixture *f = *state;

	walk(f, "The talks resumed on Monday.", "talks");
	assert_true(f->g.nominal);
	assert_false(f->g.sub);
	expect_mode(f, GOV_NONE);
}

static void
test_govern_marks_a_noun_event_inside_a_phrase(void **state)
{
	struct fixture *f = *state;

	walk(f, "Iran spoke at the meeting.", "meeting");
	assert_true(f->g.sub);
	assert_true(f->g.adjunct);
	assert_false(f->g.nominal);
}

static void
test_govern_marks_the_object_of_an_unknown_verb_opaque(void **state)
{
	struct fixture *f = *state;

	/* What happened to the sanctions is not known. */
	walk(f, "Syria will not accept the sanctions.", "sanctions");
	assert_true(f->g.opaque);
	assert_true(f->g.sub);
}

/* ------------------------------------------------------------ modes and recoding */

static void
test_govern_names_the_mode_of_each_class(void **state)
{
	static const struct {
		const char	*cls;
		enum gov_mode	 mode;
	} t[] = {
		{ "intent", GOV_INTENT }, { "threat", GOV_THREAT }, { "refuse", GOV_REFUSE },
		{ "oblige", GOV_OBLIGE }, { "pass", GOV_PASS }, { "appeal", GOV_APPEAL },
		{ "demand", GOV_DEMAND }, { "light", GOV_NONE }, { "say", GOV_NONE }, { "notevent", GOV_NONE },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct lex_entry e = { LEX_CONTROL, t[i].cls, "x", "grammar.txt", NULL, 1, 1 };

		assert_int_equal(govern_mode(&e), t[i].mode);
	}
}

static struct lex_entry
entry(const char *cls)
{
	return (struct lex_entry){ LEX_CONTROL, cls, cls, "grammar.txt", NULL, 1, 1 };
}

/* The mode after combining the classes inner first, as the walk meets them. */
static enum gov_mode
combined(const char *const *classes)
{
	struct lex_entry	e[8];
	struct gov		g;

	memset(&g, 0, sizeof(g));
	for (size_t i = 0; classes[i] != NULL; i++) {
		e[i] = entry(classes[i]);
		govern_combine(&g, &e[i]);
	}
	return g.mode;
}

static void
test_govern_combines_modes_as_documented(void **state)
{
	(void)state;
	/* A refusal or threat beats an intent, in either order. */
	assert_int_equal(combined((const char *const[]){ "intent", "refuse", NULL }), GOV_REFUSE);
	assert_int_equal(combined((const char *const[]){ "refuse", "intent", NULL }), GOV_REFUSE);
	assert_int_equal(combined((const char *const[]){ "intent", "threat", NULL }), GOV_THREAT);
	assert_int_equal(combined((const char *const[]){ "threat", "intent", NULL }), GOV_THREAT);
	/* The outermost appeal or demand wins. */
	assert_int_equal(combined((const char *const[]){ "refuse", "appeal", NULL }), GOV_APPEAL);
	assert_int_equal(combined((const char *const[]){ "appeal", "refuse", NULL }), GOV_APPEAL);
	assert_int_equal(combined((const char *const[]){ "appeal", "demand", NULL }), GOV_DEMAND);
	assert_int_equal(combined((const char *const[]){ "demand", "appeal", NULL }), GOV_APPEAL);
	/* "began to" changes no other mode. */
	assert_int_equal(combined((const char *const[]){ "pass", "intent", NULL }), GOV_INTENT);
	assert_int_equal(combined((const char *const[]){ "intent", "pass", NULL }), GOV_INTENT);
	assert_int_equal(combined((const char *const[]){ "pass", "threat", NULL }), GOV_THREAT);
}

static void
test_govern_remembers_a_bounded_number_of_governors(void **state)
{
	struct lex_entry	e = entry("intent");
	struct gov		g;

	(void)state;
	memset(&g, 0, sizeof(g));
	for (int i = 0; i < 10; i++)
		govern_combine(&g, &e);
	assert_int_equal(g.ngrammar, GOV_MAX_GRAMMAR);
	assert_int_equal(g.mode, GOV_INTENT);
}

static const char *
recode_as(const struct lexicon *lx, enum gov_mode mode, int neg, const char *code, const struct transform **tr,
    enum gov_mode *ret_mode)
{
	struct gov	g;
	const char	*r;

	memset(&g, 0, sizeof(g));
	g.mode = mode;
	g.neg = neg;
	r = govern_recode(lx, &g, code, tr);
	if (ret_mode != NULL)
		*ret_mode = g.mode;
	return r;
}

static void
test_govern_recodes_by_the_longest_prefix_of_modality_txt(void **state)
{
	struct fixture		*f = *state;
	const struct transform	*tr;
	enum gov_mode		 m;

	assert_string_equal(recode_as(f->lx, GOV_INTENT, 0, "040", &tr, NULL), "036");
	assert_string_equal(tr->from, "04");
	/* 0841 has no line of its own: 084 applies. */
	assert_string_equal(recode_as(f->lx, GOV_INTENT, 0, "0841", &tr, NULL), "0353");
	assert_string_equal(recode_as(f->lx, GOV_APPEAL, 0, "0841", &tr, NULL), "0253");
	assert_string_equal(recode_as(f->lx, GOV_DEMAND, 0, "0841", &tr, NULL), "1053");
	assert_string_equal(recode_as(f->lx, GOV_OBLIGE, 0, "0841", &tr, NULL), "1053");
	assert_string_equal(recode_as(f->lx, GOV_REFUSE, 0, "036", &tr, NULL), "125");
	assert_string_equal(recode_as(f->lx, GOV_THREAT, 0, "190", &tr, NULL), "1384");
	/* A mode with no line for the code's prefix uses its catch-all. */
	assert_string_equal(recode_as(f->lx, GOV_THREAT, 0, "051", &tr, NULL), "130");
	assert_string_equal(tr->from, "*");
	assert_string_equal(recode_as(f->lx, GOV_APPEAL, 0, "111", &tr, NULL), "020");
	/* "=" keeps the code, with the line that said so. */
	assert_string_equal(recode_as(f->lx, GOV_APPEAL, 0, "0234", &tr, NULL), "0234");
	assert_non_null(tr);
	assert_true(tr->keep);
	/* No mode, no change, no line. */
	assert_string_equal(recode_as(f->lx, GOV_NONE, 0, "190", &tr, NULL), "190");
	assert_null(tr);
	assert_string_equal(recode_as(f->lx, GOV_PASS, 0, "190", &tr, NULL), "190");
	assert_null(tr);
	/* Negation first. */
	assert_null(recode_as(f->lx, GOV_NONE, 1, "190", &tr, NULL));
	assert_null(recode_as(f->lx, GOV_REFUSE, 1, "040", &tr, NULL));
	assert_string_equal(recode_as(f->lx, GOV_INTENT, 1, "040", &tr, &m), "125");
	assert_int_equal(m, GOV_REFUSE);
	assert_null(recode_as(f->lx, GOV_INTENT, 1, "190", &tr, NULL));	/* a refused attack */
}

static void
test_govern_finds_the_mention_ending_before_a_token(void **state)
{
	struct fixture *f = *state;

	prepare(f, "Iraq's foreign minister met with Iranian officials.");
	assert_int_equal(f->av.n, 2);
	assert_int_equal(govern_mention_ending(&f->av, stage_tok(&f->st.s, "met", 0)), 0);
	assert_int_equal(govern_mention_ending(&f->av, stage_tok(&f->st.s, "with", 0)), -1);
	assert_int_equal(govern_mention_ending(&f->av, stage_tok(&f->st.s, ".", 0)), 1);
	assert_int_equal(govern_mention_ending(&f->av, 0), -1);
}

/* ------------------------------------------------------------ known failures (skipped)
 *
 * What a reader of govern.h expects and the stage does not do today. Each
 * is skipped by STAGE_KNOWN_FAILURE() (stage.h); NE_KNOWN_FAILURES=1 runs them.
 */

static void
test_govern_gives_a_phase_verb_the_pass_mode(void **state)
{
	struct fixture *f = *state;

	/*
	 * Expectation (govern.h's enum: GOV_PASS is '"began to": coded as
	 * itself'): a pass governor gives the mode GOV_PASS. Today
	 * govern_combine() records the grammar line but leaves the mode
	 * GOV_NONE, so GOV_PASS is never produced. The code comes out the same
	 * (both recode to itself); the difference shows to anyone reading
	 * g->mode, and the enum documents a mode that never occurs.
	 */
	STAGE_KNOWN_FAILURE();
	walk(f, "Iran began to withdraw its troops.", "withdraw");
	expect_mode(f, GOV_PASS);
	assert_int_equal(combined((const char *const[]){ "pass", NULL }), GOV_PASS);
}

int
main(void)
{
#define T(name) cmocka_unit_test_teardown(name, teardown)
	const struct CMUnitTest tests[] = {
		T(test_govern_finds_nothing_over_a_plain_verb),
		T(test_govern_reads_a_modal_as_an_intent),
		T(test_govern_reads_a_control_phrase_ending_in_to),
		T(test_govern_crosses_time_and_manner_words_to_the_control_phrase),
		T(test_govern_finds_the_addressee_of_an_appeal),
		T(test_govern_finds_the_addressee_of_a_demand),
		T(test_govern_gives_an_event_noun_its_light_verb),
		T(test_govern_counts_an_amount_as_one_modifier),
		T(test_govern_stacks_governors_into_one_mode),
		T(test_govern_lets_a_threat_beat_an_intent),
		T(test_govern_lets_a_refusal_beat_an_intent),
		T(test_govern_lets_the_outermost_appeal_win),
		T(test_govern_counts_negations),
		T(test_govern_reads_an_obligation),
		T(test_govern_passes_a_phase_verb_through),
		T(test_govern_marks_a_purpose),
		T(test_govern_gives_a_noun_event_its_possessor),
		T(test_govern_marks_a_noun_event_as_subject_or_predicate),
		T(test_govern_marks_a_noun_event_inside_a_phrase),
		T(test_govern_marks_the_object_of_an_unknown_verb_opaque),
		T(test_govern_names_the_mode_of_each_class),
		T(test_govern_combines_modes_as_documented),
		T(test_govern_remembers_a_bounded_number_of_governors),
		T(test_govern_recodes_by_the_longest_prefix_of_modality_txt),
		T(test_govern_finds_the_mention_ending_before_a_token),
		/* known failures, skipped */
		T(test_govern_gives_a_phase_verb_the_pass_mode),
	};
#undef T
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
