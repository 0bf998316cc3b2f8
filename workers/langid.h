/*
 * langid: which language an article is in, and whether the coder reads it.
 *
 * The coder's dictionaries are English, so an article is coded only when it
 * is English. A language the input states (the article's "language", or
 * <html lang> of an HTML page) is honoured as given: "en", "en-GB", "EN_us",
 * "eng" and "English" are English, any other tag is not, whatever the text
 * looks like. When none is stated the text is identified by CLD2 (Debian's
 * libcld2, through a small C++ shim, cld2_shim.cc) from its first
 * LANGID_WINDOW bytes. A text CLD2 cannot place ("un": tables of figures,
 * lists of names) or places unreliably is coded, since the coder finds
 * nothing in it that is not English anyway; a text reliably identified as
 * another language is not.
 */
#ifndef NE_LANGID_H
#define NE_LANGID_H

#include <stddef.h>

#define LANGID_WINDOW	(64u << 10)	/* bytes of text CLD2 looks at */
/*
 * Fewer letters than this are too few for CLD2: "Iran froze Iraqi assets." is
 * Azerbaijani to it, "U.S. drones struck al-Shabaab targets in Somalia."
 * Swahili. A text this short whose language is not stated is "und"
 * (undetermined), not reliably placed, and so coded.
 */
#define LANGID_MIN_LETTERS	50
#define LANGID_CODE_MAX	16		/* room for a language code and its NUL */

struct langid {
	char	code[LANGID_CODE_MAX];	/* ISO 639-1 where there is one ("en", "fr"), "und" when unknown */
	int	detected;		/* 1: identified from the text; 0: as stated */
	int	reliable;		/* CLD2's verdict (1 when stated) */
	int	supported;		/* 1: the coder reads it */
};

/*
 * Decide the language of text[0, len) (valid UTF-8), stated is the tag the
 * input gave, or NULL/"" for none. @returns 0, filling *out.
 * @locality any thread; pure (CLD2 is stateless).
 */
int	langid_decide(const char *stated, const char *text, size_t len, struct langid *out);

/*
 * The shim's one function: CLD2's best language for buf[0, len) (valid
 * UTF-8) as its code ("en", "fr", "un" when unknown) into code.
 * @returns 0. @locality any thread.
 */
int	langid_cld2(const char *buf, size_t len, char *code, size_t codesz, int *reliable);

#endif /* NE_LANGID_H */
