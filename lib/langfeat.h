/* langfeat.h: text to language-ID features: words, scripts, n-gram hashes. */
#ifndef NS_LANGFEAT_H
#define NS_LANGFEAT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The scripts language identification tells apart.  A language belongs to
 * one or more of them (Serbian: Cyrillic and Latin); text in any other
 * script has no candidate language.
 */
enum ns_script {
	NS_SCRIPT_NONE = 0,	/* not a letter */
	NS_SCRIPT_LATIN,
	NS_SCRIPT_CYRILLIC,
	NS_SCRIPT_GREEK,
	NS_SCRIPT_OTHER,	/* a letter of any other script */
	NS_SCRIPT_COUNT
};

#define NS_SCRIPT_BIT(s)	(1u << (s))

/* Whether words of script s are scored (the model has their scripts). */
static inline int
ns_script_scored(enum ns_script s)
{
	return s == NS_SCRIPT_LATIN || s == NS_SCRIPT_CYRILLIC ||
	    s == NS_SCRIPT_GREEK;
}

/* Longest character n-gram, and letters of a word used for features. */
#define NS_LANGFEAT_MAXN	5
#define NS_LANGFEAT_MAXWORD	48
/* Upper bound of ns_langfeat_hashes() results for one word. */
#define NS_LANGFEAT_MAXHASH	(NS_LANGFEAT_MAXN * (NS_LANGFEAT_MAXWORD + 2) + 1)

/*
 * One word: a maximal run of letters (combining marks and apostrophes
 * between letters included), lower-cased, with its place in the text.
 * cp[] holds the first NS_LANGFEAT_MAXWORD letters; len counts them all.
 */
struct ns_langfeat_word {
	uint32_t	cp[NS_LANGFEAT_MAXWORD];
	size_t		ncp;		/* letters in cp[] */
	size_t		len;		/* letters in the word */
	size_t		b0, b1;		/* bytes [b0, b1) of the text */
	size_t		c0, c1;		/* code points [c0, c1) */
	enum ns_script	script;		/* the script of most of its letters */
};

/* A cursor over the words of s[0..n); invalid UTF-8 counts as a space. */
struct ns_langfeat_iter {
	const unsigned char *s;
	size_t		 n;
	size_t		 i;		/* next byte */
	size_t		 c;		/* its code-point index */
};

void	ns_langfeat_begin(struct ns_langfeat_iter *it, const char *s,
	    size_t n);

/* Next word into *w: 1, or 0 at the end of the text. */
int	ns_langfeat_next(struct ns_langfeat_iter *it,
	    struct ns_langfeat_word *w);

/*
 * The feature keys of a word into out[] (room for NS_LANGFEAT_MAXHASH):
 * every character n-gram of 1..maxn letters of the word framed by
 * boundary marks ("<kot>": "<", "k", ..., "<kot>"), then the whole word.
 * Keys are 32-bit hashes, never 0.  Returns the number of keys; a key may
 * repeat when an n-gram does.
 */
size_t	ns_langfeat_hashes(const struct ns_langfeat_word *w, int maxn,
	    uint32_t *out);

/* The key of the whole word alone (the last key ns_langfeat_hashes gives). */
uint32_t ns_langfeat_word_key(const struct ns_langfeat_word *w);

/*
 * The key of two neighbouring words, from their word keys (a pair
 * feature: "is a", "не е"; used for texts of a few words only).
 */
uint32_t ns_langfeat_pair_key(uint32_t first, uint32_t second);

/*
 * The key of a word's entry in the model's lexicon (its counts in each
 * language's training text), from its word key.  ns_langfeat_lex_key(0),
 * which no word has (word keys are never 0), keys the lexicon's floor.
 */
uint32_t ns_langfeat_lex_key(uint32_t word);

/* The n-gram keys alone (ns_langfeat_hashes without the word's key). */
size_t	ns_langfeat_ngrams(const struct ns_langfeat_word *w, int maxn,
	    uint32_t *out);

/*
 * Classify code point c: its script (NS_SCRIPT_NONE when it is not a
 * letter) and its lower-case form in *lower.
 */
enum ns_script ns_langfeat_class(uint32_t c, uint32_t *lower);

/* "Latin", "Cyrillic", ... for messages and the model file. */
const char *ns_script_name(enum ns_script s);

#endif
