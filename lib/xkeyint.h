/* xkeyint.h: what the keyer and its trainer share (not installed API). */
#ifndef NS_XKEYINT_H
#define NS_XKEYINT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "xkey.h"

#define NS_XKEY_MAGIC	"NSXKEY02"

/*
 * Set (tests only): romanise plain ASCII through ICU too, as every other
 * text, so that test_xkey can compare the shortcut with ICU.
 */
extern int ns_xkey_icu_only;
#define NS_FOLD_MAX	8	/* longest rule side, bytes */

/*
 * A folding rule rewrites the romanised spelling of a word: "kh" -> "h",
 * "ia$" -> "iya" (at the end), "^ui" -> "wi" (at the start), or, with
 * NS_FOLD_DOUBLE, every doubled letter to one ("ff" -> "f").  Rules are
 * applied in order, each to the whole word; an unanchored rule replaces
 * every occurrence, scanning left to right without overlaps.
 */
enum {
	NS_FOLD_START = 1,
	NS_FOLD_END = 2,
	NS_FOLD_DOUBLE = 4
};

struct ns_fold_rule {
	unsigned	flags;
	char		from[NS_FOLD_MAX + 1];
	char		to[NS_FOLD_MAX + 1];
};

/*
 * Append the folded form of the word w[0..n) (lower-case ASCII) to out.
 * A rule that would leave the word empty is not applied.
 */
void	ns_fold_word(const struct ns_fold_rule *r, size_t nr, const char *w,
	    size_t n, struct ns_buf *out);

/* Fold each word of s[0..n) (words split by one space) into out. */
void	ns_fold_words(const struct ns_fold_rule *r, size_t nr, const char *s,
	    size_t n, struct ns_buf *out);

/*
 * Append the romanisation of s[0..n) in lang to out: ICU BGN/PCGN for
 * the language, any other script to Latin, ASCII, lower case, words of
 * letters and digits split by one space (apostrophes and the primes of
 * soft and hard signs dropped).  Returns 0 or -1 with err filled.
 */
int	ns_keyer_romanise(struct ns_keyer *k, const char *lang, const char *s,
	    size_t n, struct ns_buf *out, struct ns_error *err);

/*
 * Key of a folded spelling in the exonym table (type "" for any type),
 * and of an exact romanisation of a given type.
 */
uint64_t	ns_xkey_tabkey(const char *type, const char *s, size_t n);
uint64_t	ns_xkey_exactkey(const char *type, const char *s, size_t n);

/* Serialise rules: u32 count, then flags, from, to as u8-length strings. */
void	ns_fold_rules_write(struct ns_buf *out, const struct ns_fold_rule *r,
	    size_t nr);

#endif
