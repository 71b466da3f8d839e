/* words.h: letter classes, word runs and case folding for rule-based text. */
#ifndef NS_WORDS_H
#define NS_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "utf8.h"

/* What a code point is, for the scanners of ns-split. */
enum ns_cp_class {
	NS_CP_OTHER,		/* symbols, controls */
	NS_CP_SPACE,		/* white space (Zs, tab, line ends) */
	NS_CP_LOWER,		/* lower-case letter */
	NS_CP_UPPER,		/* upper- or title-case letter */
	NS_CP_LETTER,		/* caseless letter, combining mark */
	NS_CP_DIGIT,		/* decimal digit */
	NS_CP_PUNCT		/* punctuation */
};

/*
 * Decode the code point at s[*i] of valid UTF-8 text s[0..n) and move *i
 * past it: ns_utf8_next, inlined for the one- and two-byte sequences of
 * Latin and Cyrillic text.
 */
static inline int32_t
ns_words_decode(const char *s, size_t n, size_t *i)
{
	const unsigned char *u = (const unsigned char *)s + *i;

	if (u[0] < 0x80) {
		(*i)++;
		return u[0];
	}
	if (u[0] < 0xE0 && *i + 1 < n) {
		*i += 2;
		return ((int32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
	}
	return ns_utf8_next(s, n, i);
}

/* The class of code point c beyond ASCII and basic Cyrillic. */
enum ns_cp_class	ns_cp_class_slow(int32_t c);

/* The class of code point c; inlined for ASCII and Cyrillic. */
static inline enum ns_cp_class
ns_cp_class(int32_t c)
{
	if (c >= 'a' && c <= 'z')
		return NS_CP_LOWER;
	if (c >= 0x430 && c < 0x460)	/* а-я ѐ-џ */
		return NS_CP_LOWER;
	if (c >= 0x400 && c < 0x430)	/* Ѐ-Џ А-Я */
		return NS_CP_UPPER;
	if (c == ' ')
		return NS_CP_SPACE;
	return ns_cp_class_slow(c);
}

/* Whether class k is a letter of any case. */
static inline int
ns_cp_isletter(enum ns_cp_class k)
{
	return k == NS_CP_LOWER || k == NS_CP_UPPER || k == NS_CP_LETTER;
}

/* Flags of a word run. */
#define NS_W_CAP	0x01	/* first letter upper-case */
#define NS_W_UPPER	0x02	/* no lower-case letter (and at least one upper) */
#define NS_W_LOWER	0x04	/* no upper-case letter */
#define NS_W_DOTS	0x08	/* internal periods: т.е, U.S */

/*
 * A word: letters, with internal apostrophes, hyphens and (single)
 * periods between letters; bytes [b0, b1) of the text.
 */
struct ns_word {
	size_t		b0, b1;
	size_t		nchars;		/* code points */
	unsigned	flags;
};

/*
 * Find the next word in valid UTF-8 text s[0..n) at or after *pos; set
 * *pos past it.  Returns 1, or 0 when there is none.
 */
int	ns_words_next(const char *s, size_t n, size_t *pos, struct ns_word *w);

/*
 * Lower-case s[0..n) into out[0..cap).  Returns the byte length, or 0
 * when it does not fit (words that long are not in any list).
 */
size_t	ns_words_fold(const char *s, size_t n, char *out, size_t cap);

/*
 * The code point that ends just before byte *i of valid UTF-8 text
 * (*i > 0); *i moves back to its first byte.
 */
int32_t	ns_words_prev(const char *s, size_t *i);

#endif
