/*
 * test_lexicon: loading, longest match, lemmas, patterns and FILE:LINE errors,
 * on the hand-written mini lexicon in tests/fixtures/lexicon-mini.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lexicon.h"
#include "phrasetab.h"
#include "places.h"
#include "sentence.h"

static const char *
mini_dir(void)
{
	static char	 buf[2048];
	const char	*d = getenv("NE_TESTDATA");

	snprintf(buf, sizeof(buf), "%s/lexicon-mini", d != NULL ? d : "tests/fixtures");
	return buf;
}

static int
setup(void **state)
{
	struct lexicon	*lx = NULL;
	char		 err[256] = "";

	if (lexicon_load(mini_dir(), &lx, err, sizeof(err)) != 0) {
		fprintf(stderr, "lexicon_load: %s\n", err);
		return -1;
	}
	*state = lx;
	return 0;
}

static int
teardown(void **state)
{
	assert_null(lexicon_unref(*state));
	return 0;
}

static const struct lex_entry *
match(const struct lexicon *lx, enum lex_kind k, const char *const *w, size_t n, size_t *len)
{
	*len = 0;
	return lexicon_match(lx, k, w, n, len);
}

static void
test_lexicon_matches_the_longest_phrase(void **state)
{
	const char *const	 w[] = { "united", "states", "of", "america", "said" };
	const struct lex_entry	*e;
	size_t			 n;

	e = match(*state, LEX_ACTOR, w, 5, &n);
	assert_non_null(e);
	assert_int_equal(n, 4);
	assert_string_equal(e->code, "USA");
	assert_string_equal(e->file, "countries.tsv");
	assert_int_equal(e->line, 2);
	assert_string_equal(e->key, "USA");	/* generated: named by its code */

	e = match(*state, LEX_ACTOR, w, 2, &n);
	assert_non_null(e);
	assert_int_equal(n, 2);
	assert_string_equal(e->file, "actors.txt");	/* hand-written first */
	assert_null(e->key);				/* hand-written: named by line */
}

static void
test_lexicon_demonyms_are_named_by_the_demonym_plural_too(void **state)
{
	const char *const	 w[] = { "iranians" };
	const struct lex_entry	*e;
	size_t			 n;

	e = match(*state, LEX_DEMONYM, w, 1, &n);
	assert_non_null(e);
	assert_string_equal(e->code, "IRN");
	assert_string_equal(e->file, "demonyms.tsv");
	assert_string_equal(e->key, "iranian");	/* the line it came from, not "iranians" */
}

static void
test_lexicon_does_not_match_a_bare_prefix(void **state)
{
	const char *const w[] = { "united", "kingdom" };
	size_t n;

	assert_null(match(*state, LEX_ACTOR, w, 2, &n));
	assert_int_equal(n, 0);
}

static void
test_lexicon_hand_written_entry_wins_over_generated(void **state)
{
	const char *const	 w[] = { "washington" };
	const struct lex_entry	*e;
	size_t			 n;

	e = match(*state, LEX_ACTOR, w, 1, &n);
	assert_non_null(e);
	assert_string_equal(e->code, "USAGOV");
	assert_string_equal(e->file, "actors.txt");
	assert_int_equal(e->line, 3);
}

static void
test_lexicon_phrases_are_tokenised_like_sentences(void **state)
{
	/* "Iran, Islamic Republic of" is four tokens: the comma is one. */
	const char *const	 w[] = { "iran", ",", "islamic", "republic", "of" };
	const char *const	 us[] = { "u.s." };
	const struct lex_entry	*e;
	size_t			 n;

	e = match(*state, LEX_ACTOR, w, 5, &n);
	assert_non_null(e);
	assert_int_equal(n, 5);
	assert_string_equal(e->phrase, "iran , islamic republic of");
	e = match(*state, LEX_ACTOR, us, 1, &n);
	assert_non_null(e);
	assert_string_equal(e->code, "USA");
}

static void
test_lexicon_demonyms_get_their_plural(void **state)
{
	const char *const	 w[] = { "iranians" };
	const struct lex_entry	*e;
	size_t			 n;

	e = match(*state, LEX_DEMONYM, w, 1, &n);
	assert_non_null(e);
	assert_string_equal(e->code, "IRN");
}

static void
test_lexicon_kinds_are_separate(void **state)
{
	const char *const w[] = { "iranian" };
	size_t n;

	assert_null(match(*state, LEX_ACTOR, w, 1, &n));
	assert_non_null(match(*state, LEX_DEMONYM, w, 1, &n));
	assert_null(match(*state, LEX_ROLE, w, 1, &n));
}

static void
test_lexicon_lemmatises_verb_forms(void **state)
{
	const struct lexicon *lx = *state;

	assert_string_equal(lexicon_verb_lemma(lx, "met"), "meet");	/* exception list */
	assert_string_equal(lexicon_verb_lemma(lx, "meets"), "meet");	/* -s */
	assert_string_equal(lexicon_verb_lemma(lx, "meeting"), "meet");	/* -ing */
	assert_string_equal(lexicon_verb_lemma(lx, "attacked"), "attack");	/* -ed */
	assert_string_equal(lexicon_verb_lemma(lx, "attack"), "attack");
	assert_string_equal(lexicon_verb_lemma(lx, "broken"), "break");
	assert_null(lexicon_verb_lemma(lx, "says"));	/* a lemma without patterns */
	assert_null(lexicon_verb_lemma(lx, "iran"));
}

static void
test_lexicon_orders_patterns_longest_first(void **state)
{
	const struct verb_pattern	*p;
	size_t				 n;

	p = lexicon_verb_patterns(*state, "break", &n);
	assert_non_null(p);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].text, "break off relations");
	assert_int_equal(p[0].nwords, 2);
	assert_string_equal(p[0].words[1], "relations");
	assert_string_equal(p[1].text, "break off");
	assert_string_equal(p[0].code, "161");
	assert_int_equal(p[0].line, 3);
	assert_null(lexicon_verb_patterns(*state, "say", &n));
	assert_int_equal(n, 0);
}

static void
test_lexicon_noun_events_are_phrases(void **state)
{
	const char *const	 w[] = { "peace", "talks", "began" };
	const struct lex_entry	*e;
	size_t			 n;

	e = match(*state, LEX_NOUN_EVENT, w, 3, &n);
	assert_non_null(e);
	assert_int_equal(n, 2);
	assert_string_equal(e->code, "043");
}

static void
test_lexicon_knows_cameo_codes(void **state)
{
	const struct cameo_code *c = lexicon_cameo(*state, "043");

	assert_non_null(c);
	assert_string_equal(c->label, "host or meet elsewhere");
	assert_true(c->goldstein > 2.79 && c->goldstein < 2.81);
	assert_null(lexicon_cameo(*state, "999"));
}

static void
test_lexicon_counts_what_it_loaded(void **state)
{
	struct lexicon_stats st;

	lexicon_stats(*state, &st);
	assert_int_equal(st.cameo_codes, 12);
	assert_int_equal(st.verb_patterns, 5);
	assert_int_equal(st.phrases[LEX_NOUN_EVENT], 2);
	assert_int_equal(st.phrases[LEX_ROLE], 4);
	assert_int_equal(st.phrases[LEX_DEMONYM], 5);	/* two and their plurals, and demonyms.txt's one */
	assert_int_equal(st.phrases[LEX_PERSON], 2);
	assert_int_equal(st.phrases[LEX_SAY], 2);
	assert_int_equal(st.phrases[LEX_CONTROL], 3);
	assert_int_equal(st.transforms, 4);
	assert_int_equal(st.verb_exceptions, 3);
	assert_int_equal(st.verb_lemmas, 8);
	assert_false(st.tagger);	/* the mini lexicon has no optional stage */
	assert_false(st.gazetteer);
	assert_false(st.tone);
	assert_true(st.bytes > 0);
}

static void
test_lexicon_recodes_by_the_longest_listed_prefix(void **state)
{
	const struct transform *t;

	t = lexicon_transform(*state, "intent", "042");	/* "04" is listed, "042" is not */
	assert_non_null(t);
	assert_string_equal(t->from, "04");
	assert_string_equal(t->to, "036");
	assert_false(t->keep);
	assert_string_equal(t->file, "modality.txt");
	assert_int_equal(t->line, 2);
	t = lexicon_transform(*state, "refuse", "040");
	assert_non_null(t);
	assert_string_equal(t->to, "125");
	t = lexicon_transform(*state, "refuse", "180");	/* only the catch-all: no event */
	assert_non_null(t);
	assert_string_equal(t->from, "*");
	assert_null(t->to);
	assert_false(t->keep);
	t = lexicon_transform(*state, "threat", "180");	/* "=": the code stands */
	assert_non_null(t);
	assert_true(t->keep);
	assert_null(lexicon_transform(*state, "intent", "161"));	/* unlisted: unchanged */
	assert_null(lexicon_transform(*state, "appeal", "040"));
}

static void
test_lexicon_grammar_words_are_phrases_of_their_class(void **state)
{
	const char *const	 plan[] = { "plan", "to", "meet" };
	const char *const	 acc[] = { "according", "to" };
	const struct lex_entry	*e;
	size_t			 n;

	e = match(*state, LEX_CONTROL, plan, 3, &n);
	assert_non_null(e);
	assert_int_equal(n, 2);
	assert_string_equal(e->code, "intent");
	e = match(*state, LEX_SAY, acc, 2, &n);
	assert_non_null(e);
	assert_string_equal(e->code, "say");
	assert_null(match(*state, LEX_SAY, plan, 3, &n));
	e = match(*state, LEX_OBJCONTROL, (const char *const[]){ "urge" }, 1, &n);
	assert_non_null(e);
	assert_string_equal(e->code, "appeal");
}

static void
test_lexicon_people_are_a_kind_of_their_own(void **state)
{
	const char *const	 w[] = { "mahmoud", "ahmadinejad", "said" };
	const struct lex_entry	*e;
	size_t			 n;

	e = match(*state, LEX_PERSON, w, 3, &n);
	assert_non_null(e);
	assert_int_equal(n, 2);
	assert_string_equal(e->code, "IRNGOV");
	assert_string_equal(e->file, "people.txt");
	assert_null(match(*state, LEX_ACTOR, w, 3, &n));
}

static void
test_lexicon_case_sensitive_alias_matches_only_as_written(void **state)
{
	const struct lex_entry *e;

	e = lexicon_match_cased(*state, "US", 2);
	assert_non_null(e);
	assert_string_equal(e->code, "USA");
	assert_string_equal(e->file, "actors.txt");
	assert_null(lexicon_match_cased(*state, "us", 2));
	assert_null(lexicon_match_cased(*state, "Us", 2));
	assert_null(lexicon_match_cased(*state, "USA", 3));
}

static void
test_lexicon_lemma_knows_every_verb(void **state)
{
	const struct lexicon *lx = *state;

	/* lexicon_lemma answers for verbs without patterns too, unlike lexicon_verb_lemma. */
	assert_string_equal(lexicon_lemma(lx, "planned"), "plan");	/* doubled consonant */
	assert_string_equal(lexicon_lemma(lx, "refusing"), "refuse");
	assert_string_equal(lexicon_lemma(lx, "holds"), "hold");
	assert_string_equal(lexicon_lemma(lx, "says"), "say");
	assert_null(lexicon_verb_lemma(lx, "says"));
	assert_string_equal(lexicon_lemma(lx, "met"), "meet");
	assert_null(lexicon_lemma(lx, "iran"));
	/* Issue 10: the word's one hash serves both the verb-form and the lemma
	 * lookups, and each suffix rule checks the last letter before the rest. */
	assert_string_equal(lexicon_lemma(lx, "hold"), "hold");
	assert_string_equal(lexicon_lemma(lx, "broken"), "break");
	assert_string_equal(lexicon_lemma(lx, "urges"), "urge");	/* -es -> -e */
	assert_string_equal(lexicon_lemma(lx, "attacks"), "attack");	/* -s */
	assert_string_equal(lexicon_lemma(lx, "refused"), "refuse");	/* -ed -> -e */
	assert_string_equal(lexicon_lemma(lx, "attacking"), "attack");	/* -ing */
	assert_null(lexicon_lemma(lx, "attacky"));
	assert_null(lexicon_lemma(lx, "s"));
	assert_null(lexicon_lemma(lx, "ing"));
}

/*
 * Found by fuzz_extract: a 65-byte word ending in "ed" passed the length
 * check of the "ed" -> "e" rule's candidate, and the candidate was then built
 * at cand + n - sl, which computes cand + 65 first: past the end of the
 * 64-byte buffer (undefined, and reported by UBSan) even though the bytes
 * written stay inside it. Each length around the buffer's size must come back
 * as no lemma, quietly, from both lemma functions.
 */
static void
test_lexicon_lemma_of_a_word_near_the_buffer_size_stays_in_bounds(void **state)
{
	const struct lexicon	*lx = *state;
	char			 w[80];

	for (size_t n = 60; n < 70; n++) {
		memset(w, 'o', n - 2);
		memcpy(w + n - 2, "ed", 3);
		assert_int_equal(strlen(w), n);
		assert_null(lexicon_lemma(lx, w));
		assert_null(lexicon_verb_lemma(lx, w));
		w[n - 2] = 's';
		w[n - 1] = '\0';		/* "...oos": the -s rules */
		assert_null(lexicon_lemma(lx, w));
		assert_null(lexicon_verb_lemma(lx, w));
	}
}

/*
 * lexicon_match_at() and lexicon_word_kinds_at() read a sentence: with the
 * lengths and hashes sentences.h gives it, and without (stage tests build
 * bare ones), they answer as lexicon_match() and lexicon_word_kinds() do.
 */
static void
test_lexicon_sentence_lookups_answer_as_the_word_ones(void **state)
{
	const char *const	 w[] = { "the", "united", "states", "of", "america", "said", "iranian",
	    "talks", "attacked", "officials" };
	const size_t		 nw = sizeof(w) / sizeof(w[0]);
	struct token		 tok[sizeof(w) / sizeof(w[0])];
	uint32_t		 lens[sizeof(w) / sizeof(w[0])];
	uint64_t		 hashes[sizeof(w) / sizeof(w[0])];
	struct sentence		 bare, full;
	int			 matched = 0;

	memset(tok, 0, sizeof(tok));
	for (size_t i = 0; i < nw; i++) {
		tok[i].flags = TOK_WORD;
		lens[i] = (uint32_t)strlen(w[i]);
		hashes[i] = phrasetab_hash_word(w[i], lens[i]);
	}
	bare = (struct sentence){ .text = "", .tok = tok, .ntok = nw, .words = w };
	full = bare;
	full.lens = lens;
	full.hashes = hashes;
	for (size_t i = 0; i < nw; i++) {
		assert_int_equal(lexicon_word_kinds_at(*state, &bare, i), lexicon_word_kinds(*state, w[i]));
		assert_int_equal(lexicon_word_kinds_at(*state, &full, i), lexicon_word_kinds(*state, w[i]));
		for (int k = 0; k < _LEX_KIND_MAX; k++) {
			size_t			 n1 = 0, n2 = 0, n3 = 0;
			const struct lex_entry	*e = lexicon_match(*state, (enum lex_kind)k, w + i, nw - i, &n1);

			assert_ptr_equal(lexicon_match_at(*state, (enum lex_kind)k, &bare, i, &n2), e);
			assert_ptr_equal(lexicon_match_at(*state, (enum lex_kind)k, &full, i, &n3), e);
			if (e != NULL) {
				assert_int_equal(n2, n1);
				assert_int_equal(n3, n1);
				matched++;
			}
		}
	}
	assert_true(matched >= 3);	/* "united states of america", "iranian", "talks" at least */
}

static void
test_lexicon_reference_counts(void **state)
{
	struct lexicon *lx = *state;

	assert_ptr_equal(lexicon_ref(lx), lx);
	assert_null(lexicon_unref(lx));		/* still held by the fixture */
	assert_non_null(lexicon_cameo(lx, "04"));
	assert_null(lexicon_unref(NULL));
}

/* Copy the mini lexicon into a temporary directory, replacing one file. */
static void
make_dir_with(char *dir, const char *name, const char *content)
{
	static const char *const files[] = { "cameo.txt", "modality.txt", "verbs.txt", "grammar.txt",
		"actors.txt", "people.txt", "roles.txt", "countries.tsv", "demonyms.tsv", "verb_exc.tsv",
		"verb_lemmas.txt", "classes.txt", "demonyms.txt", NULL };
	char	path[4096], src[4096], buf[8192];

	strcpy(dir, "/tmp/ne-lexicon-XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; files[i] != NULL; i++) {
		FILE	*in, *out;
		size_t	 n;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		assert_non_null(out = fopen(path, "w"));
		if (strcmp(files[i], name) == 0) {
			fputs(content, out);
		} else {
			snprintf(src, sizeof(src), "%s/%s", mini_dir(), files[i]);
			assert_non_null(in = fopen(src, "r"));
			while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
				fwrite(buf, 1, n, out);
			fclose(in);
		}
		fclose(out);
	}
}

static void
remove_dir(const char *dir)
{
	static const char *const files[] = { "cameo.txt", "modality.txt", "verbs.txt", "grammar.txt",
		"actors.txt", "people.txt", "roles.txt", "countries.tsv", "demonyms.tsv", "verb_exc.tsv",
		"verb_lemmas.txt", "classes.txt", "demonyms.txt", NULL };
	char path[4096];

	for (size_t i = 0; files[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void
expect_error(const char *file, const char *content, const char *want)
{
	struct lexicon	*lx = (struct lexicon *)0x1;
	char		 dir[64], err[256] = "";

	make_dir_with(dir, file, content);
	assert_int_equal(lexicon_load(dir, &lx, err, sizeof(err)), -EINVAL);
	assert_ptr_equal(lx, (struct lexicon *)0x1);	/* untouched */
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' does not contain '%s'", err, want);
	remove_dir(dir);
}

static void
test_lexicon_error_names_file_and_line(void **state)
{
	(void)state;
	expect_error("verbs.txt", "# comment\n040\tmeet\n040 meet without a tab\n", "verbs.txt:3:");
	expect_error("verbs.txt", "\n999\tfly\n", "verbs.txt:2: CAMEO code '999' is not in cameo.txt");
	expect_error("cameo.txt", "04\tone\tconsult\n", "cameo.txt:1: Goldstein weight 'one'");
	expect_error("cameo.txt", "04\t1\tconsult\n04\t1\tagain\n", "cameo.txt:2: code '04' defined twice");
	expect_error("actors.txt", "usa\tamerica\n", "actors.txt:1: actor code 'usa'");
	expect_error("roles.txt", "GOVT\tminister\n", "roles.txt:1: sector 'GOVT'");
	expect_error("countries.tsv", "USA\n", "countries.tsv:1:");
	expect_error("modality.txt", "hope\t04\t036\n", "modality.txt:1: unknown mode 'hope'");
	expect_error("modality.txt", "intent\t04\t999\n", "modality.txt:1: CAMEO code '999' is not in cameo.txt");
	expect_error("modality.txt", "intent\t04\t036\nintent\t04\t040\n", "modality.txt:2:");
	expect_error("grammar.txt", "# c\nwish\tplan to\n", "grammar.txt:2: unknown class 'wish'");
	expect_error("people.txt", "USA\tjoe\n", "people.txt:1: person code 'USA'");
	expect_error("actors.txt", "USA\t^U S\n", "actors.txt:1: case-sensitive alias");
	expect_error("verbs.txt", "-\t=price war\n", "verbs.txt:1: '-' is for verb patterns");
}

static void
test_lexicon_missing_file_is_named(void **state)
{
	struct lexicon	*lx = NULL;
	char		 err[256] = "";

	(void)state;
	assert_int_equal(lexicon_load("/nonexistent-ne-dir", &lx, err, sizeof(err)), -ENOENT);
	assert_null(lx);
	assert_non_null(strstr(err, "/nonexistent-ne-dir/cameo.txt"));
}


static void
test_lexicon_word_kinds_say_what_a_word_can_begin(void **state)
{
	const struct lexicon *lx = *state;

	assert_true(lexicon_word_kinds(lx, "united") & (1u << LEX_ACTOR));	/* "united states" */
	assert_false(lexicon_word_kinds(lx, "united") & (1u << LEX_ROLE));
	assert_true(lexicon_word_kinds(lx, "peace") & (1u << LEX_NOUN_EVENT));
	assert_true(lexicon_word_kinds(lx, "met") & LEX_WORD_VERB);	/* an irregular form */
	assert_true(lexicon_word_kinds(lx, "attacked") & LEX_WORD_VERB);
	assert_true(lexicon_word_kinds(lx, "planned") & (1u << LEX_CONTROL));	/* "plan to", by lemma */
	assert_true(lexicon_word_kinds(lx, "holding") & (1u << LEX_LIGHT));
	assert_int_equal(lexicon_word_kinds(lx, "weather"), 0);
}

/* Write content to dir/name. */
static void
write_file(const char *dir, const char *name, const char *content)
{
	char	 path[4096];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(content, fp);
	fclose(fp);
}

/* Read dir/name into buf (NUL-terminated). */
static void
read_file(const char *dir, const char *name, char *buf, size_t bufsz)
{
	char	 path[4096];
	FILE	*fp;
	size_t	 n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "r"));
	n = fread(buf, 1, bufsz - 1, fp);
	buf[n] = '\0';
	fclose(fp);
}

/* The version of the lexicon in dir (copied into buf[17]). */
static const char *
version_of(const char *dir, char *buf)
{
	struct lexicon	*lx = NULL;
	char		 err[256] = "";

	if (lexicon_load(dir, &lx, err, sizeof(err)) != 0)
		fail_msg("lexicon_load(%s): %s", dir, err);
	strcpy(buf, lexicon_version(lx));
	lexicon_unref(lx);
	return buf;
}

static void
test_lexicon_version_is_a_hash_of_the_files_content(void **state)
{
	char	a[17], b[17], c[17], dir[64], people[8192], *p, path[4096];

	(void)state;
	/* Two loads of the same files, in any directory, give the same version. */
	version_of(mini_dir(), a);
	assert_int_equal(strlen(a), 16);
	assert_int_equal(strspn(a, "0123456789abcdef"), 16);
	assert_string_equal(version_of(mini_dir(), b), a);
	make_dir_with(dir, "(no file replaced)", "");
	assert_string_equal(version_of(dir, b), a);
	remove_dir(dir);
	/* One byte changed, even in a comment, gives another. */
	read_file(mini_dir(), "people.txt", people, sizeof(people));
	assert_non_null(p = strchr(people, '#'));
	p[1] = p[1] == 'x' ? 'y' : 'x';
	make_dir_with(dir, "people.txt", people);
	assert_string_not_equal(version_of(dir, b), a);
	/* So does an optional stage's file, present or changed. */
	write_file(dir, "tone.txt", "peace\t3\n");
	assert_string_not_equal(version_of(dir, c), b);
	write_file(dir, "tone.txt", "peace\t4\n");
	assert_string_not_equal(version_of(dir, a), c);
	assert_string_not_equal(a, b);
	snprintf(path, sizeof(path), "%s/tone.txt", dir);
	unlink(path);
	remove_dir(dir);
}

static void
test_lexicon_optional_stage_loads_when_present_and_fails_when_bad(void **state)
{
	struct lexicon	*lx = NULL;
	char		 dir[64], err[256] = "", path[4096];

	(void)state;
	/* Absent: the stage is off and the lexicon loads. */
	make_dir_with(dir, "(no file replaced)", "");
	assert_int_equal(lexicon_load(dir, &lx, err, sizeof(err)), 0);
	assert_null(lexicon_tone(lx));
	assert_null(lexicon_tagger(lx));
	assert_null(lexicon_gazetteer(lx));
	lx = lexicon_unref(lx);
	/* Present and good: loaded and owned by the snapshot. */
	write_file(dir, "tone.txt", "peace\t3\nwar\t-4\n");
	assert_int_equal(lexicon_load(dir, &lx, err, sizeof(err)), 0);
	assert_non_null(lexicon_tone(lx));
	lx = lexicon_unref(lx);
	/* Present and bad: the load fails and names the file. */
	write_file(dir, "tone.txt", "peace\tvery good\n");
	lx = (struct lexicon *)0x1;
	assert_int_equal(lexicon_load(dir, &lx, err, sizeof(err)), -EINVAL);
	assert_ptr_equal(lx, (struct lexicon *)0x1);
	if (strstr(err, "tone.txt") == NULL)
		fail_msg("error '%s' does not name tone.txt", err);
	snprintf(path, sizeof(path), "%s/tone.txt", dir);
	unlink(path);
	remove_dir(dir);
}

/* Copy the file name of the places fixture into dir, with extra appended when not NULL. */
static void
copy_places_file(const char *dir, const char *name, const char *extra)
{
	const char	*d = getenv("NE_TESTDATA");
	char		 src[4096], path[4096], buf[8192];
	FILE		*in, *out;
	size_t		 n;

	snprintf(src, sizeof(src), "%s/places-mini/%s", d != NULL ? d : "tests/fixtures", name);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(in = fopen(src, "r"));
	assert_non_null(out = fopen(path, "w"));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	if (extra != NULL)
		fputs(extra, out);
	fclose(in);
	fclose(out);
}

/*
 * The gazetteer loads on a thread of its own beside the rest: loaded, it is
 * the snapshot's; a bad line of it fails the load with its file and line; a
 * bad main file fails the load with that file's line while the gazetteer
 * was loading (ASan sees that nothing of it leaks).
 */
static void
test_lexicon_gazetteer_loads_beside_the_rest_and_fails_the_same(void **state)
{
	static const char *const gz_files[] = { "cities.tsv", "admin1.tsv", "country_points.tsv",
		"places.txt" };
	struct lexicon		*lx = NULL;
	struct gazetteer_stats	 gs;
	char			 dir[64], err[256] = "", path[4096];

	(void)state;
	make_dir_with(dir, "(no file replaced)", "");
	for (size_t i = 0; i < sizeof(gz_files) / sizeof(gz_files[0]); i++)
		copy_places_file(dir, gz_files[i], NULL);
	assert_int_equal(lexicon_load(dir, &lx, err, sizeof(err)), 0);
	assert_non_null(lexicon_gazetteer(lx));
	gazetteer_stats(lexicon_gazetteer(lx), &gs);
	assert_true(gs.places >= 10);
	lx = lexicon_unref(lx);

	copy_places_file(dir, "places.txt", "alias\tNowhere\tNo Such Place\tIRQ\n");
	lx = (struct lexicon *)0x1;
	assert_int_equal(lexicon_load(dir, &lx, err, sizeof(err)), -EINVAL);
	assert_ptr_equal(lx, (struct lexicon *)0x1);
	if (strstr(err, "places.txt:") == NULL)
		fail_msg("error '%s' does not name places.txt and its line", err);

	copy_places_file(dir, "places.txt", NULL);
	snprintf(path, sizeof(path), "%s/verbs.txt", dir);
	{
		FILE *fp = fopen(path, "w");

		assert_non_null(fp);
		fputs("040 meet without a tab\n", fp);
		fclose(fp);
	}
	assert_int_equal(lexicon_load(dir, &lx, err, sizeof(err)), -EINVAL);
	assert_ptr_equal(lx, (struct lexicon *)0x1);
	if (strstr(err, "verbs.txt:1:") == NULL)
		fail_msg("error '%s' does not name verbs.txt:1", err);

	for (size_t i = 0; i < sizeof(gz_files) / sizeof(gz_files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, gz_files[i]);
		unlink(path);
	}
	remove_dir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lexicon_matches_the_longest_phrase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_does_not_match_a_bare_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_demonyms_are_named_by_the_demonym_plural_too,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_hand_written_entry_wins_over_generated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_phrases_are_tokenised_like_sentences, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_demonyms_get_their_plural, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_kinds_are_separate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_lemmatises_verb_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_orders_patterns_longest_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_noun_events_are_phrases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_knows_cameo_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_counts_what_it_loaded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_recodes_by_the_longest_listed_prefix, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_grammar_words_are_phrases_of_their_class, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_people_are_a_kind_of_their_own, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_case_sensitive_alias_matches_only_as_written,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_lemma_knows_every_verb, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_lexicon_lemma_of_a_word_near_the_buffer_size_stays_in_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_sentence_lookups_answer_as_the_word_ones, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_reference_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lexicon_word_kinds_say_what_a_word_can_begin, setup,
		    teardown),
		cmocka_unit_test(test_lexicon_optional_stage_loads_when_present_and_fails_when_bad),
		cmocka_unit_test(test_lexicon_gazetteer_loads_beside_the_rest_and_fails_the_same),
		cmocka_unit_test(test_lexicon_version_is_a_hash_of_the_files_content),
		cmocka_unit_test(test_lexicon_error_names_file_and_line),
		cmocka_unit_test(test_lexicon_missing_file_is_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
