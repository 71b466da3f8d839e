/* langspan.c: the language of each run of sentences of a mixed text. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "langspan.h"

/* Log-probability floor of a language for a sentence, and a switch cost. */
#define FLOOR	1e-4
#define SWITCH	3.0

static void
push(struct ns_langspans *sp, const char *lang, size_t i0, size_t i1,
    const struct ns_span *sent)
{
	struct ns_langspan *r;

	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? sp->cap * 2 : 8;
		sp->v = ns_xrealloc(sp->v, sp->cap * sizeof(*sp->v));
	}
	r = &sp->v[sp->n++];
	r->lang = lang;
	r->score = 0;
	r->start = sent[i0].c0;
	r->end = sent[i1].c1;
	r->bstart = sent[i0].b0;
	r->bend = sent[i1].b1;
}

int
ns_langspan_find(const struct ns_langid *m, const struct ns_langid_opts *opts,
    struct ns_seg *seg, const char *s, size_t n, struct ns_langspans *out,
    struct ns_error *err)
{
	struct ns_langid_opts o = { .no_minimum = 1, .full = 1 };
	struct ns_langid_result res;
	struct ns_span *sent = NULL, sp;
	size_t ns = 0, cap = 0, i, i0;
	int nl = ns_langid_nlangs(m), l, k, best;
	double *emit = NULL, *cost = NULL, c, bc;
	int *back = NULL, *label = NULL, any = 0;

	out->n = 0;
	if (opts != NULL)
		o.only = opts->only;
	if (ns_seg_set_text(seg, s, n, err) == -1)
		return -1;
	while (ns_seg_next(seg, &sp)) {
		if (ns == cap) {
			cap = cap ? cap * 2 : 16;
			sent = ns_xrealloc(sent, cap * sizeof(*sent));
		}
		sent[ns++] = sp;
	}
	if (ns == 0)
		goto done;
	emit = ns_xcalloc(ns * (size_t)nl, sizeof(*emit));
	cost = ns_xmalloc(ns * (size_t)nl * sizeof(*cost));
	back = ns_xmalloc(ns * (size_t)nl * sizeof(*back));
	label = ns_xmalloc(ns * sizeof(*label));
	for (i = 0; i < ns; i++) {
		ns_langid_detect_opts(m, &o, s + sent[i].b0,
		    sent[i].b1 - sent[i].b0, &res);
		if (res.ncand == 0)
			continue;	/* no letters: no preference */
		any = 1;
		for (l = 0; l < nl; l++)
			emit[i * nl + l] = log(FLOOR);
		for (k = 0; k < res.ncand; k++)
			emit[i * nl + res.best[k].lang] = log(res.best[k].p +
			    FLOOR);
	}
	/* Viterbi: cost is the negated log score of the best path. */
	for (l = 0; l < nl; l++)
		cost[l] = -emit[l];
	for (i = 1; i < ns; i++) {
		bc = HUGE_VAL;
		best = 0;
		for (l = 0; l < nl; l++)
			if (cost[(i - 1) * nl + l] < bc) {
				bc = cost[(i - 1) * nl + l];
				best = l;
			}
		for (l = 0; l < nl; l++) {
			c = cost[(i - 1) * nl + l];
			back[i * nl + l] = l;
			if (bc + SWITCH < c) {
				c = bc + SWITCH;
				back[i * nl + l] = best;
			}
			cost[i * nl + l] = c - emit[i * nl + l];
		}
	}
	best = 0;
	for (l = 1; l < nl; l++)
		if (cost[(ns - 1) * nl + l] < cost[(ns - 1) * nl + best])
			best = l;
	for (i = ns; i-- > 0;) {
		label[i] = best;
		best = back[i * nl + best];
	}
	/* A text without letters anywhere is one run of "und". */
	if (!any) {
		push(out, "und", 0, ns - 1, sent);
		goto done;
	}
	for (i0 = 0, i = 1; i <= ns; i++) {
		if (i < ns && label[i] == label[i0])
			continue;
		push(out, ns_langid_code(m, label[i0]), i0, i - 1, sent);
		i0 = i;
	}
	for (i = 0; i < out->n; i++) {
		struct ns_langspan *r = &out->v[i];

		ns_langid_detect_opts(m, &o, s + r->bstart,
		    r->bend - r->bstart, &res);
		for (k = 0; k < res.ncand; k++)
			if (strcmp(res.best[k].code, r->lang) == 0)
				r->score = res.best[k].p;
	}
done:
	free(sent);
	free(emit);
	free(cost);
	free(back);
	free(label);
	return 0;
}

void
ns_langspans_free(struct ns_langspans *sp)
{
	free(sp->v);
	memset(sp, 0, sizeof(*sp));
}
