/* etree.h: edit trees, the rewrite rules of the lemmatiser (Chrupała 2008). */
#ifndef NS_ETREE_H
#define NS_ETREE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * An edit tree turns a form into its lemma without naming the stem: the
 * longest common substring of form and lemma is kept, and the parts
 * before and after it are rewritten by subtrees, down to leaves that
 * replace one string by another (Уиткоффом → Уиткофф: keep the first
 * seven letters, replace "ом" by ""; Донецкой → Донецкая: keep six,
 * replace "ой" by "ая").  Trees are stored serialised, a few bytes each:
 *
 *	'M' pre suf <left tree> <right tree>	keep all but the first pre
 *						and last suf code points
 *	'R' n <n bytes> m <m bytes>		replace exactly this UTF-8
 *						string by that one
 *
 * pre, suf, n and m are single bytes (trees that would need more are
 * not built).  Strings are code points (int32_t arrays); matching of
 * 'R' leaves is on the lower-cased form, so callers pass both.
 */

/*
 * Append the edit tree from form f[0..nf) to lemma l[0..nl) (both lower
 * case) to out.  Returns 0, or -1 when a length does not fit a byte
 * (out unchanged).
 */
int	ns_etree_build(const int32_t *f, size_t nf, const int32_t *l,
	    size_t nl, struct ns_buf *out);

/*
 * Apply the tree t[0..tn) to the word w[0..n) (lw: the same word lower
 * cased).  Appends the lemma as UTF-8 to out and returns 0, or returns
 * -1 when the tree does not apply (out then holds partial output: the
 * caller truncates it).  Replaced text takes the case of the word: all
 * capitals when the word is in capitals, a capital first letter when it
 * starts the word and the word has one.
 */
int	ns_etree_apply(const unsigned char *t, size_t tn, const int32_t *w,
	    const int32_t *lw, size_t n, struct ns_buf *out);

/* Is t[0..tn) the identity (the lemma is the form)? */
int	ns_etree_is_identity(const unsigned char *t, size_t tn);

#endif
