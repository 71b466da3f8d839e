/* langcal.h: calibrate language scores into probabilities, and measure it. */
#ifndef NS_LANGCAL_H
#define NS_LANGCAL_H

#include <stddef.h>

/*
 * A held-out unit is the raw scores of its candidate languages, which of
 * them is right (-1: none is), its length in words and its kind (a word,
 * a word pair, a sentence).  The calibration turns scores s into
 * probabilities softmax(s / T) with log T = a + b ln(words): one
 * temperature per length, since evidence adds up over words but not
 * independently.  a and b minimise the negative log-likelihood.
 */

enum ns_langcal_kind {
	NS_LANGCAL_WORD,
	NS_LANGCAL_PAIR,
	NS_LANGCAL_SENT,
	NS_LANGCAL_NKINDS
};

#define NS_LANGCAL_NBINS	10

struct ns_langcal_set {
	size_t	 n, cap;
	size_t	*off;		/* unit i's scores: score[off[i]..off[i+1]) */
	int	*truth;		/* index within the unit's scores, or -1 */
	double	*nwords;
	int	*kind;
	double	*score;
	size_t	 nscore, capscore;
};

#define NS_LANGCAL_SET_INIT { 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0 }

/* Add a unit (ncand >= 1 scores, truth in [-1, ncand)). */
void	ns_langcal_add(struct ns_langcal_set *set, const double *score,
	    int ncand, int truth, size_t nwords, enum ns_langcal_kind kind);
void	ns_langcal_free(struct ns_langcal_set *set);

/*
 * Fit a and b by minimising the mean negative log-likelihood of the
 * units (those without the right language among their candidates are
 * left out).  Without units, a = b = 0 (T = 1).
 */
void	ns_langcal_fit(const struct ns_langcal_set *set, double *a,
	    double *b);

/* Reliability of the best language's probability, in ten bins. */
struct ns_langcal_bin {
	long	n;
	double	conf;		/* mean probability */
	double	acc;		/* share right */
};

struct ns_langcal_stats {
	long			n;
	double			acc;
	double			ece;	/* expected calibration error */
	double			nll;
	struct ns_langcal_bin	bin[NS_LANGCAL_NBINS];
};

struct ns_langcal_report {
	double			a, b;
	double			min_score;
	struct ns_langcal_stats	all;
	struct ns_langcal_stats	kind[NS_LANGCAL_NKINDS];
};

/*
 * Measure the calibration (a, b) on set: per kind (kind = -1: all units).
 */
void	ns_langcal_measure(const struct ns_langcal_set *set, double a,
	    double b, int kind, struct ns_langcal_stats *st);

/*
 * The default minimum score: the lower edge of the lowest bin from which
 * on every bin with units is right at least half of the time, so that
 * "und" replaces answers that are more often wrong than right.
 */
double	ns_langcal_min_score(const struct ns_langcal_stats *st);

/* Fit, measure all and per kind, and choose the minimum score. */
void	ns_langcal_report(const struct ns_langcal_set *set,
	    struct ns_langcal_report *rep);

#endif
