/* boiler.h: tell article paragraphs from boilerplate (jusText-style). */
#ifndef NS_BOILER_H
#define NS_BOILER_H

#include <stddef.h>

#include "wordlist.h"

/* A paragraph's class from its own features, before its context. */
enum ns_boiler_class {
	NS_BOILER_BAD,		/* no letters, digits and dates, repeats */
	NS_BOILER_SHORT,	/* a few words: a label, a button, a byline */
	NS_BOILER_NEAR,		/* prose, but short, cut off or unended */
	NS_BOILER_GOOD		/* sentences: ended, with stop words */
};

struct ns_boiler_para {
	const char		*s;	/* the paragraph, white space collapsed */
	size_t			 n;
	enum ns_boiler_class	 cls;	/* set by ns_boiler_classify */
	int			 boiler;	/* the verdict */
	/* Features (set by ns_boiler_classify). */
	size_t			 nchars, nwords, nstop, nletters, ndigits;
	int			 ended;		/* . ! ? at the end */
	int			 cut;		/* "..." or "…" at the end */
};

/*
 * Classify paragraphs p[0..np) of one document, in order, for language
 * lang of wl (-1: any language's stop words count).  The title (may be
 * empty) helps find a repeated headline.  First each paragraph gets a
 * class from its length, stop-word density, final punctuation, share of
 * digits and repetition within the document; a short good paragraph
 * between two bad ones (a teaser in a list of links) is demoted to short.  Then
 * the context decides, as in jusText (Pomikálek 2011): everything after
 * the last good paragraph is boilerplate (the tail of related links,
 * appeals and buttons); before the first good paragraph, labels and
 * credits are, a lead without a period is not; in between, short and
 * near-good paragraphs follow their good or bad neighbours.  When no
 * paragraph is good, nothing is called boilerplate.  With counted set,
 * the caller has filled nchars, nletters, ndigits, nwords and nstop of
 * each paragraph already (the words may be counted in a prefix of the
 * paragraph of 10 words or more: no threshold lies beyond that).
 */
void	ns_boiler_classify(const struct ns_wordlist *wl, int lang,
	    const char *title, size_t titlelen, struct ns_boiler_para *p,
	    size_t np, int counted);

#endif
