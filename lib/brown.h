/* brown.h: Brown word clusters (Brown et al. 1992, Liang 2005's window). */
#ifndef NS_BROWN_H
#define NS_BROWN_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

struct ns_brown;

/*
 * A clusterer for nclusters (2..4096) flat clusters, arranged into a
 * binary hierarchy at the end; words seen fewer than mincount times are
 * left out (they still count as context).
 */
struct ns_brown	*ns_brown_new(int nclusters, long mincount);
void		 ns_brown_free(struct ns_brown *b);

/* How a word was written where it was seen. */
enum ns_brown_case {
	NS_BROWN_INITIAL,	/* first of a sentence, or no letters */
	NS_BROWN_LOWER,		/* mid-sentence, in lower case */
	NS_BROWN_CAPITAL	/* mid-sentence, capitalised */
};

/*
 * Feed the next word of the text (any bytes: the caller normalises, e.g.
 * lower-cases) and how it was written (enum ns_brown_case).  A word with
 * n == 0 is a boundary: no bigram spans it.
 */
void	ns_brown_add(struct ns_brown *b, const char *word, size_t n, int how);

/*
 * Cluster and append one line per kept word to out, most frequent first:
 * "PATH\tWORD\tCOUNT\tMID\tCAP\n", PATH the word's cluster as a string of
 * 0 and 1 from the root of the hierarchy (the format of Liang's
 * wcluster, which stops at COUNT), MID how often the word was seen
 * mid-sentence and CAP how often capitalised there.
 * Returns 0, or -1 with err filled when there is nothing to cluster.
 * progress, when not NULL, is called now and then with the words done
 * and the words in all.
 */
int	ns_brown_run(struct ns_brown *b, struct ns_buf *out,
	    void (*progress)(long done, long total, void *arg), void *arg,
	    struct ns_error *err);

#endif
