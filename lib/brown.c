/* brown.c: Brown word clusters (Brown et al. 1992, Liang 2005's window). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>

#include "brown.h"
#include "ftab.h"
#include "hmap.h"

/*
 * The class-bigram model's average mutual information is
 *	AMI = sum over cluster pairs (c, d) of q(c, d),
 *	q(c, d) = n(c,d)/N log(n(c,d) N / (nl(c) nr(d)))
 * with n(c,d) the bigram counts between clusters, nl and nr the left and
 * right marginals and N the number of bigrams.  Merging clusters a and b
 * loses L(a,b) of it.  As in Liang's implementation, the most frequent
 * words are clustered first: a window of C clusters gets the next word
 * as a cluster of its own, then the pair that loses least is merged.
 * Words not yet in the window (and rare words) form one more cluster, R,
 * that is context only: it is never merged.  L is kept for all pairs
 * and updated in O(1) per pair after each step (only the terms of the
 * clusters that changed move), so a step costs O(C^2).  When all words
 * are in, the C clusters are merged down to one; that merge tree gives
 * the paths.
 */

struct word {
	char	*s;
	size_t	 n;
	long	 count;
	long	 mid, cap;	/* seen mid-sentence; capitalised there */
	int	 cl;		/* window slot, or -1 */
	uint32_t nb0, nb1;	/* its neighbours in nbr[nb0..nb1) */
};

/* A bigram neighbour: the other word and the count, right or left. */
struct nbr {
	uint32_t w;
	int32_t	 count;		/* > 0: w follows; < 0: w precedes */
};

/*
 * A cluster c as seen by the pairs: its counts with every slot u
 * (col[u] = n(u,c), row[u] = n(c,u)), its marginals' logs, and the
 * sign with which its contribution enters the update.
 */
struct term {
	int64_t	*col, *row;
	double	 lgl, lgr;
	double	*single;	/* single[u]: q(n(u,c)) + q(n(c,u)) */
	double	 sign;
};

struct ns_brown {
	int		 C;
	long		 mincount;
	struct ns_hmap	 ids;		/* word hash -> index */
	struct word	*words;
	size_t		 nwords, capwords;
	uint32_t	*text;		/* word indexes, UINT32_MAX = boundary */
	size_t		 ntext, captext;

	/* The window: slots 0..K-1 hold clusters, slot R the rest. */
	int		 K, R, S;	/* S = matrix stride */
	int64_t		*n2;		/* n2[c*S + d] bigram counts */
	int64_t		*nl, *nr;	/* marginals */
	double		*L;		/* L[a*S + b] for a < b */
	int		*active;	/* slot in use */
	int		*node;		/* tree node of a slot (phase 2) */
	double		*lg;		/* lg[i] = log(i), lg[0] = 0 */
	double		*lgl, *lgr;	/* logs of the marginals */
	int		*alist;		/* scratch: active slots */
	struct term	 t[3];		/* scratch: the terms of a step */
	int64_t		 N;
	double		 lgN;
};

struct ns_brown *
ns_brown_new(int nclusters, long mincount)
{
	struct ns_brown *b = ns_xcalloc(1, sizeof(*b));

	b->C = nclusters < 2 ? 2 : nclusters > 4096 ? 4096 : nclusters;
	b->mincount = mincount < 1 ? 1 : mincount;
	return b;
}

void
ns_brown_free(struct ns_brown *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nwords; i++)
		free(b->words[i].s);
	free(b->words);
	free(b->text);
	ns_hmap_free(&b->ids);
	free(b->n2);
	free(b->nl);
	free(b->nr);
	free(b->L);
	free(b->active);
	free(b->node);
	free(b->lg);
	free(b->lgl);
	free(b->lgr);
	free(b->alist);
	for (i = 0; i < 3; i++) {
		free(b->t[i].col);
		free(b->t[i].row);
		free(b->t[i].single);
	}
	free(b);
}

void
ns_brown_add(struct ns_brown *b, const char *word, size_t n, int how)
{
	uint32_t *id, w = UINT32_MAX;
	int isnew;

	if (n > 0) {
		id = ns_hmap_put(&b->ids, XXH3_64bits_withSeed(word, n, 0),
		    (uint32_t)b->nwords, &isnew);
		if (isnew) {
			if (b->nwords == b->capwords) {
				b->capwords = b->capwords ?
				    2 * b->capwords : 1024;
				b->words = ns_xrealloc(b->words,
				    b->capwords * sizeof(*b->words));
			}
			memset(&b->words[b->nwords], 0, sizeof(struct word));
			b->words[b->nwords].s = ns_xstrndup(word, n);
			b->words[b->nwords].n = n;
			b->nwords++;
		}
		w = *id;
		b->words[w].count++;
		b->words[w].mid += how != NS_BROWN_INITIAL;
		b->words[w].cap += how == NS_BROWN_CAPITAL;
	} else if (b->ntext == 0 || b->text[b->ntext - 1] == UINT32_MAX)
		return;
	if (b->ntext == b->captext) {
		b->captext = b->captext ? 2 * b->captext : 65536;
		b->text = ns_xrealloc(b->text, b->captext * sizeof(*b->text));
	}
	b->text[b->ntext++] = w;
}

static int
bycount(const void *x, const void *y)
{
	const struct word *a = x, *c = y;
	int d;

	if (a->count != c->count)
		return a->count > c->count ? -1 : 1;
	d = memcmp(a->s, c->s, a->n < c->n ? a->n : c->n);
	if (d != 0)
		return d;
	return a->n < c->n ? -1 : a->n > c->n;
}

/* Sort the words by count and build the neighbour lists. */
static void
prepare(struct ns_brown *b, struct nbr **nbrp)
{
	uint32_t *old2new = ns_xmalloc(b->nwords * sizeof(*old2new));
	struct ns_hmap pairs = NS_HMAP_INIT;
	uint64_t *pk;
	int64_t *pc;
	size_t i, np = 0, cap = 0, j;
	struct nbr *nbr;
	uint32_t *deg;

	/* Remember the old index of each word through the sort. */
	for (i = 0; i < b->nwords; i++)
		b->words[i].nb0 = (uint32_t)i;
	qsort(b->words, b->nwords, sizeof(*b->words), bycount);
	for (i = 0; i < b->nwords; i++) {
		old2new[b->words[i].nb0] = (uint32_t)i;
		b->words[i].cl = -1;
	}
	for (i = 0; i < b->ntext; i++)
		if (b->text[i] != UINT32_MAX)
			b->text[i] = old2new[b->text[i]];
	free(old2new);

	/* Distinct bigrams with their counts. */
	pk = NULL;
	pc = NULL;
	b->N = 0;
	for (i = 0; i + 1 < b->ntext; i++) {
		uint64_t key;
		uint32_t *v;
		int isnew;

		if (b->text[i] == UINT32_MAX || b->text[i + 1] == UINT32_MAX)
			continue;
		key = (uint64_t)b->text[i] << 32 | b->text[i + 1];
		/* A bijection, so that the map's slots spread (never 0). */
		v = ns_hmap_put(&pairs, ns_mix64_with(key + 1, 0), (uint32_t)np,
		    &isnew);
		if (isnew) {
			if (np == cap) {
				cap = cap ? 2 * cap : 65536;
				pk = ns_xrealloc(pk, cap * sizeof(*pk));
				pc = ns_xrealloc(pc, cap * sizeof(*pc));
			}
			pk[np] = key;
			pc[np++] = 0;
		}
		pc[*v]++;
		b->N++;
	}
	ns_hmap_free(&pairs);

	/* Each bigram is a neighbour of both its words. */
	deg = ns_xcalloc(b->nwords + 1, sizeof(*deg));
	for (i = 0; i < np; i++) {
		deg[pk[i] >> 32]++;
		deg[pk[i] & 0xFFFFFFFF]++;
	}
	for (i = 0, j = 0; i < b->nwords; i++) {
		b->words[i].nb0 = b->words[i].nb1 = (uint32_t)j;
		j += deg[i];
	}
	nbr = ns_xmalloc((j + 1) * sizeof(*nbr));
	for (i = 0; i < np; i++) {
		uint32_t u = (uint32_t)(pk[i] >> 32), v = (uint32_t)pk[i];

		nbr[b->words[u].nb1].w = v;
		nbr[b->words[u].nb1++].count = (int32_t)pc[i];
		nbr[b->words[v].nb1].w = u;
		nbr[b->words[v].nb1++].count = -(int32_t)pc[i];
	}
	free(deg);
	free(pk);
	free(pc);
	*nbrp = nbr;
}

#define N2(b, c, d)	((b)->n2[(size_t)(c) * (b)->S + (d)])
#define LL(b, x, y)	((b)->L[(size_t)(x) * (b)->S + (y)])

/*
 * Everything below is scaled by N (q is n log(n N / (l r)) and L is N
 * times the loss): the same order, no divisions.
 */
static inline double
lgof(const struct ns_brown *b, int64_t n)
{
	return n <= b->N ? b->lg[n] : log((double)n);
}

static inline double
q(const struct ns_brown *b, int64_t n, double lgl, double lgr)
{
	if (n <= 0)
		return 0;
	return (double)n * (b->lg[n] + b->lgN - lgl - lgr);
}

static void
term_of(struct ns_brown *b, struct term *t, int c, double sign)
{
	int u;

	for (u = 0; u < b->S; u++) {
		t->col[u] = N2(b, u, c);
		t->row[u] = N2(b, c, u);
	}
	t->lgl = lgof(b, b->nl[c]);
	t->lgr = lgof(b, b->nr[c]);
	t->sign = sign;
}

static void
term_singles(struct ns_brown *b, struct term *t)
{
	int u;

	for (u = 0; u < b->S; u++)
		t->single[u] = b->active[u] ?
		    q(b, t->col[u], b->lgl[u], t->lgr) +
		    q(b, t->row[u], t->lgl, b->lgr[u]) : 0;
}

/*
 * Add to L(u,v), for every pair of active slots other than R, skip1
 * and skip2, the signed contributions of the terms: a cluster c adds
 *	q(n(u,c)) + q(n(c,u)) + q(n(v,c)) + q(n(c,v))
 *	    - q(n(u,c) + n(v,c)) - q(n(c,u) + n(c,v))
 * to L(u,v) (the old merged-pair terms out, the new one in).
 */
static void
update(struct ns_brown *b, struct term *t, int nt, int skip1, int skip2)
{
	int i, j, k, na = 0;

	for (i = 0; i < nt; i++)
		term_singles(b, &t[i]);
	for (i = 0; i < b->S; i++)
		if (b->active[i] && i != b->R && i != skip1 && i != skip2)
			b->alist[na++] = i;
	for (i = 0; i < na; i++) {
		int u = b->alist[i];
		double *Lu = &b->L[(size_t)u * b->S];

		for (j = i + 1; j < na; j++) {
			int v = b->alist[j];
			double lgl = b->lg[b->nl[u] + b->nl[v]];
			double lgr = b->lg[b->nr[u] + b->nr[v]];
			double sum = 0;

			for (k = 0; k < nt; k++) {
				const struct term *c = &t[k];
				int64_t n1 = c->col[u] + c->col[v];
				int64_t n2 = c->row[u] + c->row[v];
				double d = c->single[u] + c->single[v];

				if (n1 > 0)
					d -= (double)n1 * (b->lg[n1] + b->lgN -
					    lgl - c->lgr);
				if (n2 > 0)
					d -= (double)n2 * (b->lg[n2] + b->lgN -
					    c->lgl - lgr);
				sum += c->sign * d;
			}
			if (u < v)
				Lu[v] += sum;
			else
				LL(b, v, u) += sum;
		}
	}
}

static void
setlogs(struct ns_brown *b, int c)
{
	b->lgl[c] = lgof(b, b->nl[c]);
	b->lgr[c] = lgof(b, b->nr[c]);
}

/* L(x, y) for every active y: O(K^2). */
static void
rowloss(struct ns_brown *b, int x)
{
	int y, c;

	for (y = 0; y < b->S; y++) {
		int64_t nxx, nxy, nyx, nyy;
		double l, lgl, lgr;

		if (y == x || y == b->R || !b->active[y])
			continue;
		nxx = N2(b, x, x);
		nxy = N2(b, x, y);
		nyx = N2(b, y, x);
		nyy = N2(b, y, y);
		lgl = b->lg[b->nl[x] + b->nl[y]];
		lgr = b->lg[b->nr[x] + b->nr[y]];
		l = q(b, nxx, b->lgl[x], b->lgr[x]) +
		    q(b, nxy, b->lgl[x], b->lgr[y]) +
		    q(b, nyx, b->lgl[y], b->lgr[x]) +
		    q(b, nyy, b->lgl[y], b->lgr[y]) -
		    q(b, nxx + nxy + nyx + nyy, lgl, lgr);
		for (c = 0; c < b->S; c++) {
			int64_t nxc, ncx, nyc, ncy;

			if (!b->active[c] || c == x || c == y)
				continue;
			nxc = N2(b, x, c);
			ncx = N2(b, c, x);
			nyc = N2(b, y, c);
			ncy = N2(b, c, y);
			if ((nxc | ncx | nyc | ncy) == 0)
				continue;
			l += q(b, nxc, b->lgl[x], b->lgr[c]) +
			    q(b, ncx, b->lgl[c], b->lgr[x]) +
			    q(b, nyc, b->lgl[y], b->lgr[c]) +
			    q(b, ncy, b->lgl[c], b->lgr[y]) -
			    q(b, nxc + nyc, lgl, b->lgr[c]) -
			    q(b, ncx + ncy, b->lgl[c], lgr);
		}
		if (x < y)
			LL(b, x, y) = l;
		else
			LL(b, y, x) = l;
	}
}

/* Add word w (not in the window) as cluster in the free slot k. */
static void
addword(struct ns_brown *b, const struct nbr *nbr, uint32_t w, int k)
{
	struct word *wd = &b->words[w];
	uint32_t i;
	int c, R = b->R;

	/* The rest before. */
	term_of(b, &b->t[0], R, -1);
	for (c = 0; c < b->S; c++)
		N2(b, k, c) = N2(b, c, k) = 0;
	/* The word's bigrams with the window, itself and the rest. */
	for (i = wd->nb0; i < wd->nb1; i++) {
		const struct word *o = &b->words[nbr[i].w];
		int oc = nbr[i].w == w ? k : o->cl >= 0 ? o->cl : R;
		int64_t cnt = nbr[i].count;

		if (cnt > 0)
			N2(b, k, oc) += cnt;
		else if (nbr[i].w != w)	/* self pairs are listed twice */
			N2(b, oc, k) -= cnt;
	}
	b->nl[k] = b->nr[k] = 0;
	for (c = 0; c < b->S; c++) {
		b->nl[k] += N2(b, k, c);
		b->nr[k] += N2(b, c, k);
	}
	/* The rest loses the word. */
	for (c = 0; c < b->S; c++) {
		if (c == k || c == R)
			continue;
		N2(b, c, R) -= N2(b, c, k);
		N2(b, R, c) -= N2(b, k, c);
	}
	N2(b, R, R) -= N2(b, k, R) + N2(b, R, k) + N2(b, k, k);
	b->nl[R] -= b->nl[k];
	b->nr[R] -= b->nr[k];
	b->active[k] = 1;
	wd->cl = k;
	setlogs(b, k);
	setlogs(b, R);
	/* Old pairs: the old rest out, the new rest and k in. */
	term_of(b, &b->t[1], R, 1);
	term_of(b, &b->t[2], k, 1);
	update(b, b->t, 3, k, -1);
	rowloss(b, k);
}

/* The pair of window clusters that loses least. */
static void
best(const struct ns_brown *b, int *bx, int *by)
{
	double min = INFINITY;
	int x, y;

	*bx = *by = -1;
	for (x = 0; x < b->S; x++) {
		if (!b->active[x] || x == b->R)
			continue;
		for (y = x + 1; y < b->S; y++) {
			if (!b->active[y] || y == b->R)
				continue;
			if (LL(b, x, y) < min) {
				min = LL(b, x, y);
				*bx = x;
				*by = y;
			}
		}
	}
}

/* Merge slot y into slot x. */
static void
merge(struct ns_brown *b, int x, int y)
{
	int c;

	/* Other pairs lose the terms of x and y and gain those of x+y. */
	term_of(b, &b->t[0], x, -1);
	term_of(b, &b->t[1], y, -1);
	for (c = 0; c < b->S; c++) {
		if (!b->active[c] || c == x || c == y)
			continue;
		N2(b, x, c) += N2(b, y, c);
		N2(b, c, x) += N2(b, c, y);
	}
	N2(b, x, x) += N2(b, x, y) + N2(b, y, x) + N2(b, y, y);
	b->nl[x] += b->nl[y];
	b->nr[x] += b->nr[y];
	b->active[y] = 0;
	for (c = 0; c < b->S; c++)
		N2(b, y, c) = N2(b, c, y) = 0;
	b->nl[y] = b->nr[y] = 0;
	setlogs(b, x);
	term_of(b, &b->t[2], x, 1);
	update(b, b->t, 3, x, y);
	rowloss(b, x);
}

struct tnode {
	int	left, right;	/* children, -1 for a leaf */
};

static void
paths(const struct tnode *t, int node, char *path, int depth, char **out)
{
	/* Iterative depth is bounded by the number of nodes. */
	if (t[node].left < 0) {
		path[depth] = '\0';
		out[node] = ns_xstrdup(depth > 0 ? path : "0");
		return;
	}
	path[depth] = '0';
	paths(t, t[node].left, path, depth + 1, out);
	path[depth] = '1';
	paths(t, t[node].right, path, depth + 1, out);
}

int
ns_brown_run(struct ns_brown *b, struct ns_buf *out,
    void (*progress)(long, long, void *), void *arg, struct ns_error *err)
{
	struct nbr *nbr;
	size_t V, i, w;
	int k, x, y, m, nclus, root, *head, *next;
	struct tnode *tree;
	char **pathof, *path;
	int *leafof;

	if (b->nwords < 2) {
		ns_error_set(err, "too little text to cluster (%zu words)",
		    b->nwords);
		return -1;
	}
	prepare(b, &nbr);
	for (V = 0; V < b->nwords && b->words[V].count >= b->mincount; V++)
		;
	if (V < 2 || b->N == 0) {
		free(nbr);
		ns_error_set(err, "too little text to cluster (%zu words)", V);
		return -1;
	}
	b->S = b->C + 2;
	b->R = b->S - 1;
	b->n2 = ns_xcalloc((size_t)b->S * b->S, sizeof(*b->n2));
	b->L = ns_xcalloc((size_t)b->S * b->S, sizeof(*b->L));
	b->nl = ns_xcalloc(b->S, sizeof(*b->nl));
	b->nr = ns_xcalloc(b->S, sizeof(*b->nr));
	b->active = ns_xcalloc(b->S, sizeof(*b->active));
	b->lg = ns_xmalloc((size_t)(b->N + 1) * sizeof(*b->lg));
	b->lg[0] = 0;
	for (i = 1; i <= (size_t)b->N; i++)
		b->lg[i] = log((double)i);
	b->lgN = b->lg[b->N];
	b->lgl = ns_xcalloc(b->S, sizeof(*b->lgl));
	b->lgr = ns_xcalloc(b->S, sizeof(*b->lgr));
	b->alist = ns_xcalloc(b->S, sizeof(*b->alist));
	for (i = 0; i < 3; i++) {
		b->t[i].col = ns_xcalloc(b->S, sizeof(*b->t[i].col));
		b->t[i].row = ns_xcalloc(b->S, sizeof(*b->t[i].row));
		b->t[i].single = ns_xcalloc(b->S, sizeof(*b->t[i].single));
	}

	/* At first everything is the rest. */
	b->active[b->R] = 1;
	N2(b, b->R, b->R) = b->N;
	b->nl[b->R] = b->nr[b->R] = b->N;
	setlogs(b, b->R);
	head = ns_xmalloc(b->S * sizeof(*head));
	next = ns_xmalloc(V * sizeof(*next));

	/* Phase 1: the window. */
	for (w = 0; w < V; w++) {
		for (k = 0; k < b->S - 1 && b->active[k]; k++)
			;
		addword(b, nbr, (uint32_t)w, k);
		head[k] = (int)w;
		next[w] = -1;
		if (w + 1 > (size_t)b->C) {
			int j, last = -1;

			best(b, &x, &y);
			/* The words of y join x's list. */
			for (j = head[y]; j >= 0; j = next[j]) {
				b->words[j].cl = x;
				last = j;
			}
			next[last] = head[x];
			head[x] = head[y];
			merge(b, x, y);
		}
		if (progress != NULL && (w % 256 == 0 || w + 1 == V))
			progress((long)w + 1, (long)V, arg);
	}

	/* Phase 2: merge the clusters into one tree. */
	nclus = 0;
	leafof = ns_xmalloc(b->S * sizeof(*leafof));
	tree = ns_xmalloc(2 * b->S * sizeof(*tree));
	b->node = ns_xmalloc(b->S * sizeof(*b->node));
	for (k = 0; k < b->S; k++) {
		leafof[k] = -1;
		if (b->active[k] && k != b->R) {
			tree[nclus].left = tree[nclus].right = -1;
			leafof[k] = b->node[k] = nclus++;
		}
	}
	root = nclus - 1;
	for (m = nclus;; m++) {
		best(b, &x, &y);
		if (x < 0)
			break;
		tree[m].left = b->node[x];
		tree[m].right = b->node[y];
		b->node[x] = m;
		merge(b, x, y);
		root = m;
	}
	pathof = ns_xcalloc(2 * b->S, sizeof(*pathof));
	path = ns_xmalloc(2 * b->S + 1);
	paths(tree, root, path, 0, pathof);
	for (w = 0; w < V; w++) {
		const struct word *wd = &b->words[w];

		ns_buf_printf(out, "%s\t%.*s\t%ld\t%ld\t%ld\n",
		    pathof[leafof[wd->cl]], (int)wd->n, wd->s, wd->count,
		    wd->mid, wd->cap);
	}
	for (k = 0; k < 2 * b->S; k++)
		free(pathof[k]);
	free(pathof);
	free(path);
	free(tree);
	free(leafof);
	free(head);
	free(next);
	free(nbr);
	return 0;
}
