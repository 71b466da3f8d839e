/* langcal.c: calibrate language scores into probabilities, and measure it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "langcal.h"

void
ns_langcal_add(struct ns_langcal_set *set, const double *score, int ncand,
    int truth, size_t nwords, enum ns_langcal_kind kind)
{
	if (set->n + 1 >= set->cap) {
		set->cap = set->cap ? set->cap * 2 : 1024;
		set->off = ns_xrealloc(set->off, set->cap * sizeof(*set->off));
		set->truth = ns_xrealloc(set->truth,
		    set->cap * sizeof(*set->truth));
		set->nwords = ns_xrealloc(set->nwords,
		    set->cap * sizeof(*set->nwords));
		set->kind = ns_xrealloc(set->kind,
		    set->cap * sizeof(*set->kind));
	}
	if (set->nscore + (size_t)ncand > set->capscore) {
		while (set->nscore + (size_t)ncand > set->capscore)
			set->capscore = set->capscore ? set->capscore * 2 :
			    8192;
		set->score = ns_xrealloc(set->score,
		    set->capscore * sizeof(*set->score));
	}
	if (set->n == 0)
		set->off[0] = 0;
	memcpy(set->score + set->nscore, score, (size_t)ncand * sizeof(*score));
	set->nscore += (size_t)ncand;
	set->truth[set->n] = truth;
	set->nwords[set->n] = nwords > 0 ? (double)nwords : 1;
	set->kind[set->n] = kind;
	set->n++;
	set->off[set->n] = set->nscore;
}

void
ns_langcal_free(struct ns_langcal_set *set)
{
	free(set->off);
	free(set->truth);
	free(set->nwords);
	free(set->kind);
	free(set->score);
	memset(set, 0, sizeof(*set));
}

/*
 * Unit i under (a, b): the probability of its best candidate, of the
 * right one, and whether the best is the right one.
 */
static void
unit(const struct ns_langcal_set *set, size_t i, double a, double b,
    double *pbest, double *ptruth, int *right)
{
	const double *s = set->score + set->off[i];
	int n = (int)(set->off[i + 1] - set->off[i]), j, best = 0;
	double it = exp(-(a + b * log(set->nwords[i]))), sum = 0, max;

	for (j = 1; j < n; j++)
		if (s[j] > s[best])
			best = j;
	max = s[best];
	for (j = 0; j < n; j++)
		sum += exp((s[j] - max) * it);
	*pbest = 1 / sum;
	*ptruth = set->truth[i] >= 0 ?
	    exp((s[set->truth[i]] - max) * it) / sum : 0;
	*right = set->truth[i] == best;
}

static double
nll(const struct ns_langcal_set *set, double a, double b)
{
	double pb, pt, sum = 0;
	size_t i, n = 0;
	int right;

	for (i = 0; i < set->n; i++) {
		if (set->truth[i] < 0)
			continue;
		unit(set, i, a, b, &pb, &pt, &right);
		sum -= log(pt > 1e-12 ? pt : 1e-12);
		n++;
	}
	return n > 0 ? sum / (double)n : 0;
}

/* Minimise nll over a for a fixed b (golden section on [-6, 10]). */
static double
best_a(const struct ns_langcal_set *set, double b, double *val)
{
	const double g = (sqrt(5.0) - 1) / 2;
	double lo = -6, hi = 10, x1, x2, f1, f2;
	int k;

	x1 = hi - g * (hi - lo);
	x2 = lo + g * (hi - lo);
	f1 = nll(set, x1, b);
	f2 = nll(set, x2, b);
	for (k = 0; k < 40; k++) {
		if (f1 < f2) {
			hi = x2;
			x2 = x1;
			f2 = f1;
			x1 = hi - g * (hi - lo);
			f1 = nll(set, x1, b);
		} else {
			lo = x1;
			x1 = x2;
			f1 = f2;
			x2 = lo + g * (hi - lo);
			f2 = nll(set, x2, b);
		}
	}
	*val = f1 < f2 ? f1 : f2;
	return f1 < f2 ? x1 : x2;
}

void
ns_langcal_fit(const struct ns_langcal_set *set, double *a, double *b)
{
	double bb, aa, v, bestv = HUGE_VAL, step;
	int k;

	*a = *b = 0;
	if (set->n == 0)
		return;
	/* A coarse scan of b, then a finer one around the best. */
	for (step = 0.1, k = 0; k < 2; k++, step /= 10) {
		double from = k == 0 ? -1.0 : *b - 10 * step;
		double to = k == 0 ? 1.0 : *b + 10 * step;

		for (bb = from; bb <= to + 1e-9; bb += step) {
			aa = best_a(set, bb, &v);
			if (v < bestv) {
				bestv = v;
				*a = aa;
				*b = bb;
			}
		}
	}
}

void
ns_langcal_measure(const struct ns_langcal_set *set, double a, double b,
    int kind, struct ns_langcal_stats *st)
{
	double pb, pt;
	size_t i;
	int right, k;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < set->n; i++) {
		if (kind >= 0 && set->kind[i] != kind)
			continue;
		unit(set, i, a, b, &pb, &pt, &right);
		k = (int)(pb * NS_LANGCAL_NBINS);
		if (k >= NS_LANGCAL_NBINS)
			k = NS_LANGCAL_NBINS - 1;
		st->bin[k].n++;
		st->bin[k].conf += pb;
		st->bin[k].acc += right;
		st->n++;
		st->acc += right;
		st->nll -= log(pt > 1e-12 ? pt : 1e-12);
	}
	if (st->n == 0)
		return;
	for (k = 0; k < NS_LANGCAL_NBINS; k++) {
		if (st->bin[k].n == 0)
			continue;
		st->ece += fabs(st->bin[k].acc - st->bin[k].conf) /
		    (double)st->n;
		st->bin[k].conf /= (double)st->bin[k].n;
		st->bin[k].acc /= (double)st->bin[k].n;
	}
	st->acc /= (double)st->n;
	st->nll /= (double)st->n;
}

double
ns_langcal_min_score(const struct ns_langcal_stats *st)
{
	int k, lowest = NS_LANGCAL_NBINS;

	for (k = NS_LANGCAL_NBINS - 1; k >= 0; k--) {
		if (st->bin[k].n == 0)
			continue;
		if (st->bin[k].acc < 0.5)
			break;
		lowest = k;
	}
	if (lowest == NS_LANGCAL_NBINS)
		return 0.5;
	return (double)lowest / NS_LANGCAL_NBINS;
}

void
ns_langcal_report(const struct ns_langcal_set *set,
    struct ns_langcal_report *rep)
{
	int k;

	memset(rep, 0, sizeof(*rep));
	ns_langcal_fit(set, &rep->a, &rep->b);
	ns_langcal_measure(set, rep->a, rep->b, -1, &rep->all);
	for (k = 0; k < NS_LANGCAL_NKINDS; k++)
		ns_langcal_measure(set, rep->a, rep->b, k, &rep->kind[k]);
	rep->min_score = ns_langcal_min_score(&rep->all);
}
