/* wltrain.h: learn ns-split's word lists from plain text per language. */
#ifndef NS_WLTRAIN_H
#define NS_WLTRAIN_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Counts over training text, one sentence or short paragraph a line. */
struct ns_wltrain;

struct ns_wltrain	*ns_wltrain_new(void);
void			 ns_wltrain_free(struct ns_wltrain *t);

/*
 * Count one line of language lang ("ru") of the training text (valid
 * UTF-8, without its newline).  Returns 0, or -1 when there are already
 * NS_WL_MAXLANG other languages (err filled).
 */
int	ns_wltrain_line(struct ns_wltrain *t, const char *lang,
	    const char *s, size_t n, struct ns_error *err);

/*
 * Read a list of known prefix abbreviations: lines "lang ru" and
 * "prefix ул пр им ...", words that stand before a name or a number and
 * do not end sentences (ул. Ленина, ст. 5), for the abbreviations too
 * rare in the training text for the Punkt test; '#' starts a comment.
 * Returns 0, or -1 with err filled ("line 3: ...").
 */
int	ns_wltrain_prefixes(struct ns_wltrain *t, const char *p, size_t n,
	    struct ns_error *err);

/*
 * Append the word lists of every language seen, in the text format of
 * ns_wordlist_load, to out: per language the nstop most frequent words
 * that are lower-case inside sentences, and the abbreviations that the
 * Punkt type test (Kiss & Strunk 2006) finds with at least mincount
 * occurrences, then the listed prefixes the test did not find.  The
 * header comment names the source (may be NULL).
 */
void	ns_wltrain_write(struct ns_wltrain *t, struct ns_buf *out, int nstop,
	    long mincount, const char *source);

#endif
