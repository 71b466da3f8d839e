/* langspan.h: the language of each run of sentences of a mixed text. */
#ifndef NS_LANGSPAN_H
#define NS_LANGSPAN_H

#include <stddef.h>

#include "err.h"
#include "langid.h"
#include "seg.h"

/* A run of sentences in one language: code points [start, end). */
struct ns_langspan {
	const char	*lang;		/* a code of the model, or "und" */
	double		 score;		/* its probability for the run's text */
	size_t		 start, end;	/* code points */
	size_t		 bstart, bend;	/* bytes */
};

struct ns_langspans {
	struct ns_langspan	*v;
	size_t			 n, cap;
};

#define NS_LANGSPANS_INIT { NULL, 0, 0 }

/*
 * Split valid UTF-8 text s[0..n) into runs of sentences of one language.
 * seg is a sentence segmenter (ns_seg_open(NS_SEG_SENTENCE, ...)).  Each
 * sentence gets the calibrated probabilities of the languages; a Viterbi
 * pass then picks one language per sentence with a cost for every change
 * of language, so that a short or unclear sentence keeps the language
 * around it; neighbours with the same language form a run.  Spaces
 * between sentences belong to the run before them.  Sentences without
 * letters join the run before them (the first run when they lead).
 * Returns 0, or -1 with err filled (segmentation failed).
 */
int	ns_langspan_find(const struct ns_langid *m,
	    const struct ns_langid_opts *opts, struct ns_seg *seg,
	    const char *s, size_t n, struct ns_langspans *out,
	    struct ns_error *err);

void	ns_langspans_free(struct ns_langspans *sp);

#endif
